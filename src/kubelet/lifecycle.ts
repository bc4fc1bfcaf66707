// Pod lifecycle in the simulated kubelet: pull, create, start, run, exit, restart; termination on delete.
// Durations come from the image catalog and default to zero, so a pod is Running within the invocation
// that created it.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { lookupImage } from './images';
import { getPod } from './kubelet';

export const KUBELET_TIMERS = ['kubelet-pod'];
const podRi = () => byGroupResource('', 'pods')!;

function allocateIP(node: KObject, rt: Runtime): string {
  const cidr: string = node.spec?.podCIDR ?? '10.244.0.0/24';
  const base = cidr.split('/')[0]!.split('.').map(Number);
  const k = `ipam/${node.metadata.name}`;
  const next = Number(rt.store.getMeta(k) ?? '1') + 1; // .1 is the node's bridge
  rt.store.setMeta(k, String(next > 254 ? 2 : next));
  return `${base[0]}.${base[1]}.${base[2]}.${next > 254 ? 2 : next}`;
}

const cond = (type: string, status: string, now: string) => ({ type, status, lastProbeTime: null, lastTransitionTime: now });

export function syncPod(pod: KObject, rt: Runtime): void {
  if (pod.status?.phase === 'Running' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
  if (pod.status?.startTime) return;
  const node = rt.api.tryGet(byGroupResource('', 'nodes')!, undefined, pod.spec.nodeName);
  if (!node) return;
  const now = rt.clock.nowISO();
  const host = pod.spec.nodeName as string;
  const hostIP = (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '';
  const ip = pod.spec.hostNetwork ? hostIP : allocateIP(node, rt);
  const statuses: any[] = [];
  for (const c of pod.spec.containers ?? []) {
    const img = lookupImage(c.image);
    const fp = `spec.containers{${c.name}}`;
    rt.api.recordEvent(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, { component: 'kubelet', host }, fp);
    rt.api.recordEvent(pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${img.pullTime} (${img.pullTime} including waiting). Image size: ${img.size} bytes.`, { component: 'kubelet', host }, fp);
    rt.api.recordEvent(pod, 'Normal', 'Created', `Created container: ${c.name}`, { component: 'kubelet', host }, fp);
    rt.api.recordEvent(pod, 'Normal', 'Started', `Started container ${c.name}`, { component: 'kubelet', host }, fp);
    statuses.push({
      containerID: `containerd://${rt.rng.hex(64)}`,
      image: img.resolved, imageID: img.imageID, lastState: {}, name: c.name, ready: true, restartCount: 0, started: true,
      state: { running: { startedAt: now } },
      volumeMounts: (c.volumeMounts ?? []).map((m: any) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) })),
    });
  }
  rt.api.mutate(podRi(), pod.metadata.namespace, pod.metadata.name!, p => {
    const sched = (p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled') ?? cond('PodScheduled', 'True', now);
    p.status = {
      ...p.status,
      phase: 'Running',
      conditions: [cond('PodReadyToStartContainers', 'True', now), cond('Initialized', 'True', now), cond('Ready', 'True', now), cond('ContainersReady', 'True', now), sched],
      hostIP, hostIPs: [{ ip: hostIP }], podIP: ip, podIPs: [{ ip }], startTime: now,
      containerStatuses: statuses.sort((a, b) => (a.name < b.name ? -1 : 1)),
    };
  }, { subresource: 'status' });
}

export function terminatePod(pod: KObject, rt: Runtime): void {
  // Containers stop at once on SIGTERM unless the catalog says otherwise; then the kubelet removes the pod.
  const host = pod.spec.nodeName as string;
  if (pod.status?.phase === 'Running') {
    for (const c of pod.spec.containers ?? [])
      rt.api.recordEvent(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, { component: 'kubelet', host }, `spec.containers{${c.name}}`);
  }
  rt.api.delete(podRi(), pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
}

export function kubeletTimer(_type: string, key: string, rt: Runtime): void {
  const pod = getPod(rt, key);
  if (pod) rt.enqueueFor('kubelet', key);
}
