// The simulated kubelets: one per node, moving pods bound to it through their lifecycle.
// A pod's lifecycle is data (src/kubelet/lifecycle.ts): stages with delays, not code paths.
import type { Controller } from '../controllers/types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { syncPod, terminatePod, kubeletTimer, removed, scheduleVolumeRefresh, KUBELET_TIMERS } from './lifecycle';

export const kubelet: Controller = {
  name: 'kubelet',
  timers: KUBELET_TIMERS,
  onEvent(ev, enqueue, rt) {
    if (ev.ri.group !== '') return;
    if (ev.ri.kind === 'ConfigMap' || ev.ri.kind === 'Secret') { sourceChanged(ev.ri.kind, ev.obj, rt, enqueue); return; }
    if (ev.ri.kind !== 'Pod') return;
    if (ev.type === 'DELETED') { if (ev.obj.spec?.nodeName) removed(ev.obj, rt); return; }
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

/**
 * A ConfigMap or Secret changed: pods of its namespace that mount it get their volumes refreshed at their
 * next sync; pods waiting on it for their environment (CreateContainerConfigError) try again.
 */
function sourceChanged(kind: string, obj: KObject, rt: Runtime, enqueue: (key: string) => void): void {
  const ns = obj.metadata.namespace!;
  const name = obj.metadata.name!;
  const isCm = kind === 'ConfigMap';
  for (const pod of rt.api.list(byGroupResource('', 'pods')!, ns)) {
    if (!pod.spec?.nodeName || pod.metadata.deletionTimestamp) continue;
    const vols: any[] = pod.spec.volumes ?? [];
    const mounts = vols.some(v => (isCm ? v.configMap?.name === name : v.secret?.secretName === name)
      || (v.projected?.sources ?? []).some((s: any) => (isCm ? s.configMap?.name : s.secret?.name) === name));
    if (mounts) scheduleVolumeRefresh(pod, rt);
    const waiting = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
      .some((cs: any) => cs.state?.waiting?.reason === 'CreateContainerConfigError');
    if (waiting) enqueue(`${ns}/${pod.metadata.name}`);
  }
}

export function getPod(rt: Runtime, key: string): KObject | undefined {
  const slash = key.indexOf('/');
  return rt.api.tryGet(byGroupResource('', 'pods')!, key.slice(0, slash), key.slice(slash + 1));
}
