// The simulated kubelets: one per node, moving pods bound to it through their lifecycle.
// A pod's lifecycle is data (src/kubelet/lifecycle.ts): stages with delays, not code paths.
import type { Controller } from '../controllers/types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { syncPod, terminatePod, kubeletTimer, forget, KUBELET_TIMERS } from './lifecycle';

export const kubelet: Controller = {
  name: 'kubelet',
  timers: KUBELET_TIMERS,
  onEvent(ev, enqueue, rt) {
    if (ev.ri.kind !== 'Pod' || ev.ri.group !== '') return;
    if (ev.type === 'DELETED') { if (ev.obj.spec?.nodeName) forget(ev.obj, rt); return; }
    if (ev.obj.spec?.nodeName) enqueue(`${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`);
  },
  reconcile(key, rt) {
    const pod = getPod(rt, key);
    if (!pod || !pod.spec?.nodeName) return;
    if (pod.metadata.deletionTimestamp) terminatePod(pod, rt);
    else syncPod(pod, rt);
  },
  onTimer(type, key, rt) {
    kubeletTimer(type, key, rt);
  },
};

export function getPod(rt: Runtime, key: string): KObject | undefined {
  const slash = key.indexOf('/');
  return rt.api.tryGet(byGroupResource('', 'pods')!, key.slice(0, slash), key.slice(slash + 1));
}
