// What a running container uses, as cAdvisor measures it and metrics-server reports it (kubectl top, the
// HPA's resource metrics, the eviction manager): working-set memory = what its processes hold (each
// program's baseline, `stress --vm-bytes` allocations); CPU = the image's idle appetite + what processes
// burn (`stress --cpu`, busy shell loops) + the CPU the requests it answered cost, averaged over
// metrics-server's 15 s window, and never more than the container's CPU limit (the cgroup throttles it).
// Computed from counters kept by the kernel; nothing is replayed or scanned.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { Usage } from '../kubelet/usage';
import { ContainerRuntime } from './cri';
import { imageConfig } from './images';
import { parseImage, ImageRef } from '../kubelet/images';
import { windowMillicores } from './acct';

const NODE_CPUS = 8;

function cpuLimit(container: any): number {
  const q = container?.resources?.limits?.cpu;
  if (q === undefined) return NODE_CPUS * 1000;
  const s = String(q);
  if (s.endsWith('m')) return Number(s.slice(0, -1));
  return Math.round(Number(s) * 1000);
}

export function runtimeUsage(pod: KObject, container: string, rt: Runtime): Usage | undefined {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const cs = all.find((c: { name: string }) => c.name === container);
  const cid = String(cs?.containerID ?? '').replace(/^containerd:\/\//, '');
  if (!cid) return undefined;
  const box = ContainerRuntime.of(rt).box(pod.metadata.uid!, cid);
  if (!box || box.s.dead) return undefined;
  const now = rt.clock.now();
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].find((c: any) => c.name === container);
  const cfg = imageConfig(parseImage(box.s.image) as ImageRef);
  let burn = 0;
  for (const p of box.procs()) if (p.st !== 'Z') burn += (p as { burn?: number }).burn ?? 0;
  const cpu = (cfg.cpu ?? 0) + burn + windowMillicores(box, now);
  const memoryBytes = Math.max(box.memoryUsed(), cfg.memory ?? 0);
  return { cpuMilli: Math.round(Math.min(cpu, cpuLimit(spec))), memoryBytes };
}
