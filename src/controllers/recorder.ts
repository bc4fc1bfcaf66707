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
  recorderFor(rt, memoryKey(uid, source.component), obj, { component: source.component }).event(type, reason, message);
  // (which components hold memory of the object, for recorderMemory to find when it goes)
  const idx = `controllers/${uid}/rec`;
  const had = rt.store.getMeta(idx);
  if (!had?.split(' ').includes(source.component)) rt.store.setMeta(idx, had ? `${had} ${source.component}` : source.component);
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
