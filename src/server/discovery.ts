// Discovery as kube-apiserver serves it: /api, /apis, /api/v1 and /apis/G/V resource lists, and the
// aggregated discovery document (apidiscovery.k8s.io/v2) that kubectl 1.33 asks for first.
import type { ResourceInfo } from '../api/types';
import { allResources } from '../api/discovery';

export const SERVER_ADDRESS = [{ clientCIDR: '0.0.0.0/0', serverAddress: '172.18.0.2:6443' }];

interface GV { group: string; versions: string[] }

/** Groups in the order kube-apiserver lists them (core first, then by priority; custom groups last). */
const GROUP_ORDER = ['', 'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling',
  'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'resource.k8s.io', 'flowcontrol.apiserver.k8s.io'];

function groups(): GV[] {
  const m = new Map<string, string[]>();
  for (const r of allResources()) {
    const vs = m.get(r.group) ?? [];
    if (!vs.includes(r.version)) vs.push(r.version);
    m.set(r.group, vs);
  }
  const rank = (g: string) => { const i = GROUP_ORDER.indexOf(g); return i < 0 ? 1000 : i; };
  return [...m.entries()].map(([group, versions]) => ({ group, versions: versions.sort(versionOrder) }))
    .sort((a, b) => rank(a.group) - rank(b.group) || (a.group < b.group ? -1 : 1));
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. */
export function versionOrder(a: string, b: string): number {
  const p = (v: string) => { const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v); if (!m) return [0, 0, 0]; return [m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1, Number(m[1]), Number(m[3] ?? 0)]; };
  const x = p(a), y = p(b);
  return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!;
}

export function apiVersions() {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: SERVER_ADDRESS };
}

export function apiGroup(gv: GV) {
  return {
    kind: 'APIGroup', apiVersion: 'v1', name: gv.group,
    versions: gv.versions.map(v => ({ groupVersion: `${gv.group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${gv.group}/${gv.versions[0]}`, version: gv.versions[0] },
  };
}
/** metrics.k8s.io, listed while metrics-server's APIService is registered (src/server/metrics.ts). */
const METRICS_GV: GV = { group: 'metrics.k8s.io', versions: ['v1beta1'] };
export function apiGroupList(metrics = false) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups().filter(g => g.group !== ''), ...(metrics ? [METRICS_GV] : [])].map(apiGroup) };
}
export function metricsGroup() { return apiGroup(METRICS_GV); }
export function metricsResourceList() {
  const { METRICS_RESOURCES } = require('./metrics') as typeof import('./metrics');
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'metrics.k8s.io/v1beta1', resources: METRICS_RESOURCES };
}
export function findGroup(group: string) { return groups().find(g => g.group === group); }

function resourceEntries(rs: ResourceInfo[]) {
  const out: Record<string, unknown>[] = [];
  for (const r of rs) {
    out.push({
      name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const sub of subresources(r)) out.push({ name: `${r.plural}/${sub.name}`, singularName: '', namespaced: r.namespaced, kind: sub.kind, verbs: sub.verbs, ...(sub.group ? { group: sub.group, version: sub.version } : {}) });
  }
  return out;
}

export interface Sub { name: string; kind: string; verbs: string[]; group?: string; version?: string }
/** The subresources kube-apiserver serves for a resource. */
export function subresources(r: ResourceInfo): Sub[] {
  const out: Sub[] = [];
  if (r.hasStatus) out.push({ name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] });
  const scalable = ['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers'];
  if (scalable.includes(r.plural)) out.push({ name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' });
  if (r.group === '' && r.plural === 'pods') {
    out.push({ name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    out.push({ name: 'binding', kind: 'Binding', verbs: ['create'] });
    out.push({ name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    out.push({ name: 'eviction', kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' });
    out.push({ name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] });
    out.push({ name: 'log', kind: 'Pod', verbs: ['get'] });
    out.push({ name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
    out.push({ name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  }
  if (r.group === '' && r.plural === 'serviceaccounts') out.push({ name: 'token', kind: 'TokenRequest', verbs: ['create'], group: 'authentication.k8s.io', version: 'v1' });
  if (r.group === '' && r.plural === 'services') out.push({ name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  if (r.group === '' && r.plural === 'nodes') out.push({ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function apiResourceList(group: string, version: string) {
  const rs = allResources().filter(r => r.group === group && r.version === version);
  if (!rs.length) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: resourceEntries(rs) };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for /api (core) or /apis (the rest). */
export function aggregated(core: boolean, metrics = false) {
  const items = groups().filter(g => (g.group === '') === core).map(g => ({
    metadata: { name: g.group, creationTimestamp: null },
    versions: g.versions.map(v => ({
      version: v,
      resources: allResources().filter(r => r.group === g.group && r.version === v).map(r => ({
        resource: r.plural, responseKind: { group: '', version: '', kind: r.kind }, scope: r.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: r.singular, verbs: r.verbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}),
        ...(subresources(r).length ? { subresources: subresources(r).map(s => ({ subresource: s.name, responseKind: { group: s.group ?? '', version: s.version ?? '', kind: s.kind }, verbs: s.verbs })) } : {}),
      })),
      freshness: 'Current',
    })),
  }));
  if (metrics && !core) {
    const { METRICS_RESOURCES } = require('./metrics') as typeof import('./metrics');
    items.push({
      metadata: { name: METRICS_GV.group, creationTimestamp: null },
      versions: [{ version: 'v1beta1', freshness: 'Current', resources: METRICS_RESOURCES.map(r => ({
        resource: r.name, responseKind: { group: '', version: '', kind: r.kind }, scope: r.namespaced ? 'Namespaced' : 'Cluster', singularResource: r.name.replace(/s$/, ''), verbs: r.verbs,
      })) as never }],
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
