// The controller manager's event recorders. Each controller of kube-controller-manager records through
// client-go's legacy recorder, whose correlator aggregates, counts and rate-limits what it emits about each
// object (src/sim/recorder.ts): a ReplicaSet scaled up by a thousand shows nine "Created pod: …" events and a
// "(combined from similar events): Created pod: …" counted up to 16, and the rest are held back, a token every
// five minutes. A recorder's memory is kept per object and component (`controllers/<uid>/rec/<component>`, and
// `controllers/<uid>/rec` naming the components) and dropped when the object is deleted (recorderMemory below).
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { Controller } from './types';
import { recorderFor, forgetRecorder } from '../sim/recorder';

const memoryKey = (uid: string, component: string) => `controllers/${uid}/rec/${component}`;

/** Record an event about `obj` from a controller (`source.component`, e.g. replicaset-controller), through that
 *  controller's correlator. An object without a uid (a reference made up for the event) is recorded as it is. */
export function controllerEvent(rt: Runtime, obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string,
  source: { component: string }): void {
  const uid = obj.metadata?.uid;
  if (!uid) { rt.api.recordEvent(obj, type, reason, message, source); return; }
  const c = source.component;
  recorderFor(rt, memoryKey(uid, c), obj, { component: c }, () => noteHolder(rt, uid, c)).event(type, reason, message);
}
/** Which components hold memory of an object, for recorderMemory to find when it goes (once a step for each). */
function noteHolder(rt: Runtime, uid: string, component: string): void {
  const idx = `controllers/${uid}/rec`;
  const had = rt.store.getMeta(idx);
  if (!had?.split(' ').includes(component)) rt.store.setMeta(idx, had ? `${had} ${component}` : component);
}

/** The kinds controllers record events about (their memory is dropped when such an object is deleted; a
 *  controller that records about another kind adds it here). */
const RECORDED_KINDS = ['apps/ReplicaSet', 'ReplicationController', 'apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet',
  'batch/Job', 'batch/CronJob', 'autoscaling/HorizontalPodAutoscaler', 'PersistentVolume', 'PersistentVolumeClaim', 'Service',
  'policy/PodDisruptionBudget', 'Node'];

/** Drops the recorders' memory of a deleted object (last of the controllers: after what they record about its
 *  deletion, as the node lifecycle controller's RemovingNode). */
export const recorderMemory: Controller = {
  name: 'event-recorder-memory',
  kinds: RECORDED_KINDS,
  onEvent(ev, _enqueue, rt) {
    if (ev.type !== 'DELETED') return;
    const uid = ev.obj.metadata?.uid;
    if (!uid) return;
    const idx = `controllers/${uid}/rec`;
    const held = rt.store.getMeta(idx);
    if (!held) return;
    for (const c of held.split(' ')) { forgetRecorder(rt, memoryKey(uid, c)); rt.store.setMeta(memoryKey(uid, c), ''); }
    rt.store.setMeta(idx, '');
  },
  reconcile() { /* event-driven */ },
};
