// Simulated resource usage of running containers, as the kubelet's cAdvisor measures it and metrics-server
// reports it (kubectl top, the HPA's resource metrics, the kubelet's eviction manager). One function for
// every consumer, so that the container runtime (src/runtime/) can back it with what each process really
// does (its image's appetite, the load of the requests it serves, `stress --vm-bytes`), without changing
// the controllers that read it.
import type { KObject } from '../api/types';
import type { Runtime } from '../sim/runtime';

export interface Usage {
  /** CPU in millicores (metrics-server's window average). */
  cpuMilli: number;
  /** Working-set memory in bytes. */
  memoryBytes: number;
}

/** A provider the container runtime registers; until then, a modest baseline per running container. */
export type UsageProvider = (pod: KObject, container: string, rt: Runtime) => Usage | undefined;
let provider: UsageProvider | undefined;
export function setUsageProvider(p: UsageProvider): void { provider = p; }

const MiB = 1024 * 1024;

/** Usage of one container of a pod; zero when it is not running. */
export function containerUsage(pod: KObject, container: string, rt: Runtime): Usage {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const cs = all.find((c: { name: string }) => c.name === container);
  if (!cs?.state?.running) return { cpuMilli: 0, memoryBytes: 0 };
  const p = provider?.(pod, container, rt);
  if (p) return p;
  return { cpuMilli: 1, memoryBytes: 4 * MiB };
}

/** Usage of a whole pod: the sum over its containers (sidecars included). */
export function podUsage(pod: KObject, rt: Runtime): Usage {
  const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: { name: string }) => c.name);
  let cpuMilli = 0, memoryBytes = 0;
  for (const n of names) { const u = containerUsage(pod, n, rt); cpuMilli += u.cpuMilli; memoryBytes += u.memoryBytes; }
  return { cpuMilli, memoryBytes };
}
