// metrics.k8s.io/v1beta1 as metrics-server serves it behind the aggregator (its APIService
// v1beta1.metrics.k8s.io): NodeMetrics and PodMetrics, read from src/kubelet/usage.ts (the numbers `kctl top`
// prints). Without the APIService the group is not there (404, and discovery does not list it); while no
// metrics-server pod is ready the aggregator answers 503; a node or pod without a full window's sample yet
// is not found.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { StatusError } from '../api/errors';
import { byGroupResource } from '../api/discovery';
import { parseSelector, parseFieldSelector } from '../api/selectors';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

/** The resources of the group, as its discovery lists them. */
export const METRICS_RESOURCES = [
  { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
  { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
];

const usage = () => require('../kubelet/usage') as typeof import('../kubelet/usage');

/** Is the group served (the APIService registered)? */
export function metricsServed(rt: Runtime): boolean { return usage().metricsAvailable(rt); }

/** metrics-server's quantities: CPU in nanocores, memory in bytes (BinarySI: Ki when it divides). */
function quantities(u: { cpuMilli: number; memoryBytes: number }): { cpu: string; memory: string } {
  const b = Math.round(u.memoryBytes);
  return { cpu: `${Math.round(u.cpuMilli * 1e6)}n`, memory: b % 1024 === 0 && b ? `${b / 1024}Ki` : String(b) };
}

function unavailable(what: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', `the server is currently unable to handle the request (get ${what}.${METRICS_GROUP})`);
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** GET /apis/metrics.k8s.io/v1beta1/…: the body, or undefined when the path is not one of the group's. */
export function metricsRequest(rt: Runtime, path: string, query: URLSearchParams): unknown {
  if (!metricsServed(rt)) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  const rest = path.split('/').filter(Boolean).slice(3);
  let ns: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) { ns = decodeURIComponent(rest[1]!); rest.splice(0, 2); }
  const [resource, name0] = rest;
  const name = name0 !== undefined ? decodeURIComponent(name0) : undefined;
  if ((resource !== 'nodes' && resource !== 'pods') || rest.length > 2 || (resource === 'nodes' && ns !== undefined)) {
    throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  }
  const since = usage().metricsServerReadySince(rt);
  if (since === undefined) throw unavailable(resource);
  const label = query.get('labelSelector'), field = query.get('fieldSelector');
  const sel = label ? { labelSelector: parseSelector(label) } : {};
  const now = rt.clock.now();
  const meta = (o: KObject) => ({ name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), creationTimestamp: iso(now), ...(o.metadata.labels ? { labels: o.metadata.labels } : {}) });
  /** The named object, or those the selectors pick. */
  const objects = (plural: string, inNs: string | undefined): KObject[] => {
    const ri = byGroupResource('', plural)!;
    if (name === undefined) return rt.api.list(ri, inNs, { ...sel, ...(field ? { fieldSelector: parseFieldSelector(field) } : {}) });
    const o = rt.api.tryGet(ri, inNs, name);
    return o ? [o] : [];
  };
  if (resource === 'nodes') {
    const nodes = objects('nodes', undefined);
    const measured = usage().measuredNodes(rt, nodes, since);
    const pods = measured.length ? rt.api.list(byGroupResource('', 'pods')!, undefined) : [];
    const items = measured.map(n => ({
      metadata: meta(n), timestamp: iso(now), window: '15s', usage: quantities(usage().nodeUsage(rt, n, pods)),
    }));
    if (name !== undefined) {
      if (!items.length) throw new StatusError(404, 'NotFound', `nodemetrics.${METRICS_GROUP} "${name}" not found`, { name });
      return { kind: 'NodeMetrics', apiVersion: API_VERSION, ...items[0] };
    }
    return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items };
  }
  const pods = objects('pods', ns);
  const items: object[] = [];
  for (const p of pods) {
    const m = usage().podMetrics(p, rt);
    if (!m) continue;
    items.push({ metadata: meta(p), timestamp: iso(m.timestamp), window: `${m.windowMs / 1000}s`, containers: m.containers.map(c => ({ name: c.name, usage: quantities(c.usage) })) });
  }
  if (name !== undefined) {
    if (!items.length) throw new StatusError(404, 'NotFound', `podmetrics.${METRICS_GROUP} "${ns}/${name}" not found`, { name });
    return { kind: 'PodMetrics', apiVersion: API_VERSION, ...items[0] };
  }
  return { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items };
}
