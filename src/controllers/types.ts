// A controller reconciles one object at a time: level-triggered and idempotent.
import type { WatchEvent } from '../api/server';
import type { Runtime } from '../sim/runtime';

export interface Controller {
  name: string;
  /**
   * The kinds whose changes this controller wants offered to onEvent: `Pod`, `Node` (core) or
   * `group/Kind` (`apps/ReplicaSet`, `policy/PodDisruptionBudget`). Optional: a controller that declares
   * none is offered every change of every kind (as before this field existed). Declaring saves the call for
   * the kinds it ignores; onEvent must then not rely on seeing anything else.
   */
  kinds?: string[];
  /** Map a change seen through the API layer to the keys this controller must look at. The object is the
   *  stored version (and ev.old the one before): read it, never change it. */
  onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void;
  /** Read desired state, compare with what is, write the difference, record events. */
  reconcile(key: string, rt: Runtime): void;
  /** Timer types this controller owns (fired by the catch-up loop in time order). */
  timers?: string[];
  onTimer?(type: string, key: string, rt: Runtime): void;
}
