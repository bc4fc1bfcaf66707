// A controller reconciles one object at a time: level-triggered and idempotent.
import type { WatchEvent } from '../api/server';
import type { Runtime } from '../sim/runtime';

export interface Controller {
  name: string;
  /** Map a change seen through the API layer to the keys this controller must look at. */
  onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void;
  /** Read desired state, compare with what is, write the difference, record events. */
  reconcile(key: string, rt: Runtime): void;
  /** Timer types this controller owns (fired by the catch-up loop in time order). */
  timers?: string[];
  onTimer?(type: string, key: string, rt: Runtime): void;
}
