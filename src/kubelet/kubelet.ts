// The simulated kubelets: one per node, moving pods bound to it through their lifecycle.
// A pod's lifecycle is data (src/kubelet/lifecycle.ts): stages with delays, not code paths.
// A kubelet whose node is down (src/kubelet/node.ts) does nothing: its pods are neither synced nor
// terminated until the node comes back. Node-side work (status events, the eviction manager) has its own keys.
import type { Controller } from '../controllers/types';
import type { Runtime } from '../sim/runtime';
import type { KObject, Pod } from '../api/types';
import type { V1Volume, V1VolumeProjection, V1ContainerStatus } from '../api/k8s';
import { byGroupResource } from '../api/discovery';
import { syncPod, terminatePod, kubeletTimer, removed, scheduleVolumeRefresh, proberWake, KUBELET_TIMERS } from './lifecycle';
import { PROBE_TIMER } from './probes';
import { isNodeDown, schedulableChanged } from './node';
import { EVICTION_TIMERS, evictionTimer } from './pressure';
import { countPod, sourceUsed } from './sources';
import { ContainerRuntime } from '../runtime/cri';
import { generateBefore } from '../runtime/volumes';

export const kubelet: Controller = {
  name: 'kubelet',
  kinds: ['Pod', 'Node', 'ConfigMap', 'Secret'],
  timers: [...KUBELET_TIMERS, ...EVICTION_TIMERS],
  onEvent(ev, enqueue, rt) {
    if (ev.ri.group !== '') return;
    if (ev.ri.kind === 'ConfigMap' || ev.ri.kind === 'Secret') { sourceChanged(ev.ri.kind, ev.obj, ev.type === 'ADDED' ? undefined : ev.type === 'DELETED' ? ev.obj : ev.old, rt, enqueue); return; }
    if (ev.ri.kind === 'Node') {
      // the kubelet reports a cordon or uncordon in its next status update
      if (ev.type === 'MODIFIED' && !!ev.old?.spec?.unschedulable !== !!ev.obj.spec?.unschedulable)
        schedulableChanged(rt, ev.obj.metadata.name!, !!ev.obj.spec?.unschedulable);
      return;
    }
    if (ev.ri.kind !== 'Pod') return;
    if (ev.type === 'ADDED') countPod(rt, ev.obj, 1);
    if (ev.type === 'DELETED') { countPod(rt, ev.obj, -1); if (ev.obj.spec?.nodeName) removed(ev.obj as Pod, rt); return; }
    // the kubelet is the source of truth of a pod's status: a change to the status alone is no news to it
    if (ev.type === 'MODIFIED' && ev.old && !podSpecChanged(ev.old, ev.obj)) return;
    if (ev.obj.spec?.nodeName) enqueue(`${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`);
  },
  reconcile(key, rt) {
    if (key.startsWith('probe:')) {
      // a container a sleeping probe watches has changed
      const pod = getPod(rt, key.slice(6));
      if (pod?.spec?.nodeName && !pod.metadata.deletionTimestamp && kubeletRuns(rt, pod.spec.nodeName)) proberWake(pod, rt, true);
      return;
    }
    const pod = getPod(rt, key);
    if (!pod || !pod.spec?.nodeName) return;
    if (!kubeletRuns(rt, pod.spec.nodeName)) return;
    if (pod.metadata.deletionTimestamp) terminatePod(pod, rt);
    else syncPod(pod, rt);
  },
  onTimer(type, key, rt) {
    if (EVICTION_TIMERS.includes(type)) { evictionTimer(type, key, rt); return; }
    if (type === PROBE_TIMER) {
      // the prober's workers run in the kubelet: not while its node is down
      const pod = getPod(rt, key);
      if (pod?.spec?.nodeName && kubeletRuns(rt, pod.spec.nodeName)) kubeletTimer(type, key, rt);
      return;
    }
    kubeletTimer(type, key, rt);
  },
};

/**
 * A ConfigMap or Secret changed: pods of its namespace that mount it get their volumes refreshed at their
 * next sync; pods waiting on it for their environment (CreateContainerConfigError) try again.
 */
function sourceChanged(kind: 'ConfigMap' | 'Secret', obj: KObject, old: KObject | undefined, rt: Runtime, enqueue: (key: string) => void): void {
  const ns = obj.metadata.namespace!;
  const name = obj.metadata.name!;
  const isCm = kind === 'ConfigMap';
  if (!sourceUsed(rt, kind, ns, name)) return; // no pod of the namespace uses it: nothing to refresh or retry
  for (const pod of rt.api.list(byGroupResource('', 'pods')!, ns) as Pod[]) {
    if (!pod.spec?.nodeName) continue;
    // (volumes set up without their files get them now, from what it was: src/runtime/volumes.ts VolumeMarker)
    generateBefore(pod, kind, name, old, rt, ContainerRuntime.of(rt).layers);
    if (pod.metadata.deletionTimestamp) continue;
    const vols: V1Volume[] = pod.spec.volumes ?? [];
    const mounts = vols.some(v => (isCm ? v.configMap?.name === name : v.secret?.secretName === name)
      || (v.projected?.sources ?? []).some((s: V1VolumeProjection) => (isCm ? s.configMap?.name : s.secret?.name) === name));
    if (mounts) scheduleVolumeRefresh(pod, rt);
    const waiting = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
      .some((cs: V1ContainerStatus) => cs.state?.waiting?.reason === 'CreateContainerConfigError');
    if (waiting) enqueue(`${ns}/${pod.metadata.name}`);
  }
}

/** A kubelet runs on a node that exists and is not down (one point read, not a list of every node). */
function kubeletRuns(rt: Runtime, node: string): boolean {
  if (isNodeDown(rt, node)) return false;
  return rt.api.view(byGroupResource('', 'nodes')!, undefined, node) !== undefined;
}

function podSpecChanged(a: KObject, b: KObject): boolean {
  // (a status write keeps the stored spec as it was: the same object, no need to compare it; a binding sets the
  // node's name, which tells it apart at once)
  return (a.spec !== b.spec && (a.spec?.nodeName !== b.spec?.nodeName || JSON.stringify(a.spec) !== JSON.stringify(b.spec))) || a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp
    || a.metadata.deletionGracePeriodSeconds !== b.metadata.deletionGracePeriodSeconds || a.metadata.uid !== b.metadata.uid
    || JSON.stringify(a.metadata.finalizers ?? []) !== JSON.stringify(b.metadata.finalizers ?? []);
}

export function getPod(rt: Runtime, key: string): Pod | undefined {
  const slash = key.indexOf('/');
  // read-only (the kubelet's syncs work on copies of what they change: PodSync's status, the writes' mutate)
  return rt.api.view(byGroupResource('', 'pods')!, key.slice(0, slash), key.slice(slash + 1)) as Pod | undefined;
}
