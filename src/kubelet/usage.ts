// Simulated resource usage of running containers, as the kubelet's cAdvisor measures it and metrics-server
// reports it (kubectl top, the HPA's resource metrics, the kubelet's eviction manager). One function for
// every consumer, so that the container runtime (src/runtime/) can back it with what each process really
// does (its image's appetite, the load of the requests it serves, `stress --vm-bytes`), without changing
// the controllers that read it.
//
// Whether the resource metrics API (metrics.k8s.io) is served is a property of the cluster, as on kind: a
// fresh kind cluster has no metrics-server, so the API is absent until metrics-server is installed (its
// APIService v1beta1.metrics.k8s.io exists: `kctl sim metrics-server on` installs it, or apply
// metrics-server's components.yaml). metricsAvailable() is the one place that decides.
//
// For tests and demonstrations, `kctl sim usage annotations` makes every container's usage come from its
// pod's annotations (`sim.kctl.io/usage: cpu=250m,memory=64Mi`, or `sim.kctl.io/usage.<container>: ...`
// for one container); `kctl sim usage default` turns that off. Nothing else reads those annotations.
import type { KObject } from '../api/types';
import type { V1Container, V1ContainerStatus, V1NodeCondition, V1PodCondition } from '../api/k8s';
import type { Runtime } from '../sim/runtime';
import { byGroupResource } from '../api/discovery';
import { milli, parseQuantity } from '../util/quantity';

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
export const USAGE_MODE_META = 'sim/usage';
export const USAGE_ANNOTATION = 'sim.kctl.io/usage';

/** The test-only provider: `cpu=250m,memory=64Mi` from the pod's annotations, when the cluster says so. */
function fromAnnotations(pod: KObject, container: string, rt: Runtime): Usage | undefined {
  if (rt.store.getMeta(USAGE_MODE_META) !== 'annotations') return undefined;
  const a = pod.metadata.annotations ?? {};
  const raw = a[`${USAGE_ANNOTATION}.${container}`] ?? a[USAGE_ANNOTATION];
  if (raw === undefined) return undefined;
  const u: Usage = { cpuMilli: 0, memoryBytes: 0 };
  for (const part of raw.split(',')) {
    const [k, v] = part.split('=').map(s => s.trim());
    if (!k || v === undefined) continue;
    try {
      if (k === 'cpu') u.cpuMilli = milli(v);
      else if (k === 'memory') u.memoryBytes = Math.round(parseQuantity(v));
    } catch { /* an unreadable quantity counts as zero */ }
  }
  return u;
}

/** Usage of one container of a pod; zero when it is not running. */
export function containerUsage(pod: KObject, container: string, rt: Runtime): Usage {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const cs = all.find((c: { name: string }) => c.name === container);
  if (!cs?.state?.running) return { cpuMilli: 0, memoryBytes: 0 };
  const o = fromAnnotations(pod, container, rt);
  if (o) return o;
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

// ---------------------------------------------------------------------------------------------------------
// What the resource metrics API serves

/** metrics-server's resolution: a container is reported once it has run for a full scrape window. */
export const METRICS_WINDOW_MS = 15_000;

/** Is metrics.k8s.io served (metrics-server installed)? */
export function metricsAvailable(rt: Runtime): boolean {
  const ri = byGroupResource('apiregistration.k8s.io', 'apiservices');
  return !!ri && !!rt.api.tryGet(ri, undefined, 'v1beta1.metrics.k8s.io');
}

export interface PodMetrics {
  /** per container, in spec order (regular containers, then sidecars) */
  containers: { name: string; usage: Usage }[];
  /** when the sample was taken, and the window it averages */
  timestamp: number;
  windowMs: number;
}
/**
 * The PodMetrics metrics-server would return for a pod: only for a Running pod whose containers have all
 * been running for a full window (before that it has no rate to report).
 */
export function podMetrics(pod: KObject, rt: Runtime): PodMetrics | undefined {
  if (pod.status?.phase !== 'Running') return undefined;
  const now = rt.clock.now();
  const names: string[] = [...(pod.spec?.containers ?? []).map((c: V1Container) => c.name),
    ...(pod.spec?.initContainers ?? []).filter((c: V1Container) => c.restartPolicy === 'Always').map((c: V1Container) => c.name)];
  const statuses: V1ContainerStatus[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const out: PodMetrics = { containers: [], timestamp: now, windowMs: METRICS_WINDOW_MS };
  for (const n of names) {
    const cs = statuses.find(c => c.name === n);
    const started = cs?.state?.running?.startedAt ? Date.parse(cs.state.running.startedAt) : NaN;
    if (Number.isNaN(started) || now - started < METRICS_WINDOW_MS) return undefined;
    out.containers.push({ name: n, usage: containerUsage(pod, n, rt) });
  }
  return out;
}

/** metrics-server answers (through the aggregator) only while one of its pods is ready: since when (its
 *  first scrape is a window later), or undefined (the API is unavailable: 503). */
export function metricsServerReadySince(rt: Runtime): number | undefined {
  const pods = rt.api.list(byGroupResource('', 'pods')!, 'kube-system').filter(p => p.metadata.labels?.['k8s-app'] === 'metrics-server');
  let since: number | undefined;
  for (const p of pods) {
    const c = (p.status?.conditions ?? []).find((x: V1PodCondition) => x.type === 'Ready' && x.status === 'True');
    if (p.status?.phase === 'Running' && c) { const t = Date.parse(String(c.lastTransitionTime)); since = since === undefined ? t : Math.min(since, t); }
  }
  return since;
}

/** A node's usage as metrics-server reports it: its pods' plus the node's own (kubelet, containerd,
 *  systemd in the kind node container). */
export function nodeUsage(rt: Runtime, node: KObject, pods: KObject[]): Usage {
  const cp = !!node.metadata.labels?.['node-role.kubernetes.io/control-plane'];
  const out: Usage = { cpuMilli: cp ? 62 : 18, memoryBytes: (cp ? 212 : 118) * MiB };
  for (const p of pods) {
    if (p.spec?.nodeName !== node.metadata.name || p.status?.phase !== 'Running') continue;
    const pu = podUsage(p, rt);
    out.cpuMilli += pu.cpuMilli; out.memoryBytes += pu.memoryBytes;
  }
  return out;
}

/** The nodes metrics-server has a sample of: ready ones, once a window has passed since it became ready. */
export function measuredNodes(rt: Runtime, nodes: KObject[], since: number): KObject[] {
  if (rt.clock.now() - since < METRICS_WINDOW_MS) return [];
  return nodes.filter(n => (n.status?.conditions ?? []).some((c: V1NodeCondition) => c.type === 'Ready' && c.status === 'True'));
}
