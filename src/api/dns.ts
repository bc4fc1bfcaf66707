// The cluster DNS (CoreDNS's kubernetes plugin, `pods insecure`, zone cluster.local) as a pure function of
// the API objects, for exec, logs and traffic between pods:
//   <svc>.<ns>.svc.cluster.local            A  the ClusterIP; for a headless Service, every ready endpoint
//   <host>.<svc>.<ns>.svc.cluster.local     A  one endpoint of a headless Service (its hostname, or its IP
//                                              with dashes: 10-244-1-5)
//   _<port>._<proto>.<svc>.<ns>.svc...      SRV each named port (headless: one per endpoint)
//   <svc>.<ns>.svc.cluster.local            CNAME spec.externalName, for an ExternalName Service
//   <a-b-c-d>.<ns>.pod.cluster.local        A  a.b.c.d
// resolve() applies a pod's search path (<ns>.svc.cluster.local, svc.cluster.local, cluster.local; ndots 5).
import type { KObject } from './types';
import type { APIServer } from './server';
import { byGroupResource } from './discovery';

export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_TTL = 30;
export type RecordType = 'A' | 'AAAA' | 'SRV' | 'CNAME';
export interface DnsRecord {
  name: string; type: RecordType; ttl: number;
  /** A/AAAA: the address; CNAME: the target; SRV: the target host. */
  value: string;
  priority?: number; weight?: number; port?: number;
}

/** What DNS reads: Services and their EndpointSlices. */
export interface DnsView {
  service(ns: string, name: string): KObject | undefined;
  services(ns: string): KObject[];
  endpointSlices(ns: string, service: string): KObject[];
}
export function apiDnsView(api: APIServer): DnsView {
  const svcRi = byGroupResource('', 'services')!;
  const epsRi = byGroupResource('discovery.k8s.io', 'endpointslices')!;
  return {
    service: (ns, name) => api.tryGet(svcRi, ns, name),
    services: ns => api.list(svcRi, ns),
    endpointSlices: (ns, name) => api.list(epsRi, ns).filter(s => s.metadata.labels?.['kubernetes.io/service-name'] === name),
  };
}

const dashed = (ip: string) => (ip.includes(':') ? ip.replace(/:/g, '-') : ip.replace(/\./g, '-'));
const isV6 = (ip: string) => ip.includes(':');
const addrRecord = (name: string, ip: string): DnsRecord => ({ name, type: isV6(ip) ? 'AAAA' : 'A', ttl: DNS_TTL, value: ip });
export const serviceFQDN = (svc: KObject, domain = CLUSTER_DOMAIN) => `${svc.metadata.name}.${svc.metadata.namespace}.svc.${domain}`;

interface Endpoint { ip: string; host: string; ports: { name: string; protocol: string; port: number }[] }
/** The endpoints DNS publishes for a headless Service: ready ones (all, with publishNotReadyAddresses). */
function headlessEndpoints(svc: KObject, slices: KObject[]): Endpoint[] {
  const all = !!svc.spec?.publishNotReadyAddresses;
  const out: Endpoint[] = [];
  const seen = new Set<string>();
  for (const s of slices) {
    for (const e of s.endpoints ?? []) {
      if (!all && e.conditions?.ready === false) continue;
      for (const ip of e.addresses ?? []) {
        const key = `${ip}|${e.hostname ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ip, host: e.hostname || dashed(ip), ports: (s.ports ?? []).map((p: any) => ({ name: p.name ?? '', protocol: p.protocol ?? 'TCP', port: p.port })) });
      }
    }
  }
  return out;
}

/** Every record one Service gives (pure: the Service and its EndpointSlices). */
export function serviceRecords(svc: KObject, slices: KObject[], domain = CLUSTER_DOMAIN): DnsRecord[] {
  const fqdn = serviceFQDN(svc, domain);
  const s = svc.spec ?? {};
  if (s.type === 'ExternalName') return s.externalName ? [{ name: fqdn, type: 'CNAME', ttl: DNS_TTL, value: String(s.externalName).replace(/\.$/, '') }] : [];
  const out: DnsRecord[] = [];
  if (s.clusterIP === 'None') {
    const eps = headlessEndpoints(svc, slices);
    for (const e of eps) out.push(addrRecord(fqdn, e.ip));
    for (const e of eps) out.push(addrRecord(`${e.host}.${fqdn}`, e.ip));
    const named = new Map<string, { name: string; protocol: string; port: number; host: string }[]>();
    for (const e of eps) for (const p of e.ports) if (p.name) {
      const k = `_${p.name}._${p.protocol.toLowerCase()}.${fqdn}`;
      named.set(k, [...(named.get(k) ?? []), { ...p, host: `${e.host}.${fqdn}` }]);
    }
    for (const [k, list] of named) for (const t of list)
      out.push({ name: k, type: 'SRV', ttl: DNS_TTL, priority: 0, weight: Math.floor(100 / list.length), port: t.port, value: t.host });
    return out;
  }
  const ips: string[] = (s.clusterIPs ?? (s.clusterIP ? [s.clusterIP] : [])).filter((x: string) => x && x !== 'None');
  for (const ip of ips) out.push(addrRecord(fqdn, ip));
  if (ips.length) for (const p of s.ports ?? []) if (p.name)
    out.push({ name: `_${p.name}._${String(p.protocol ?? 'TCP').toLowerCase()}.${fqdn}`, type: 'SRV', ttl: DNS_TTL, priority: 0, weight: 100, port: p.port, value: fqdn });
  return out;
}

/** A pod's A record (`pods insecure`): any dashed IPv4 under <ns>.pod answers with that address. */
export function podRecord(pod: KObject, domain = CLUSTER_DOMAIN): DnsRecord | undefined {
  const ip = pod.status?.podIP;
  if (!ip) return undefined;
  return addrRecord(`${dashed(ip)}.${pod.metadata.namespace}.pod.${domain}`, ip);
}

/** Answer one fully qualified name (with or without the trailing dot). */
export function lookupFQDN(fqdn: string, type: RecordType | 'ANY', view: DnsView, domain = CLUSTER_DOMAIN): DnsRecord[] {
  const name = fqdn.replace(/\.$/, '').toLowerCase();
  const suffix = `.${domain}`;
  if (!name.endsWith(suffix)) return [];
  const labels = name.slice(0, -suffix.length).split('.');
  const want = (r: DnsRecord) => type === 'ANY' || r.type === type || (r.type === 'CNAME' && type !== 'SRV');
  // <a-b-c-d>.<ns>.pod
  if (labels.length === 3 && labels[2] === 'pod') {
    const m = labels[0]!.match(/^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/);
    if (!m || m.slice(1).some(x => Number(x) > 255)) return [];
    const r = addrRecord(name, m.slice(1).join('.'));
    return want(r) ? [r] : [];
  }
  const svcIdx = labels.lastIndexOf('svc');
  if (svcIdx !== labels.length - 1 || labels.length < 3) return [];
  const ns = labels[labels.length - 2]!, svcName = labels[labels.length - 3]!;
  const svc = view.service(ns, svcName);
  if (!svc) return [];
  const slices = svc.spec?.clusterIP === 'None' ? view.endpointSlices(ns, svcName) : [];
  return serviceRecords(svc, slices, domain).filter(r => r.name === name && want(r));
}

/** The names a pod's resolver tries for a query (resolv.conf: search <ns>.svc, svc, cluster.local; ndots:5). */
export function searchNames(query: string, podNamespace: string, domain = CLUSTER_DOMAIN): string[] {
  if (query.endsWith('.')) return [query.slice(0, -1)];
  const search = [`${podNamespace}.svc.${domain}`, `svc.${domain}`, domain].map(s => `${query}.${s}`);
  const dots = (query.match(/\./g) ?? []).length;
  return dots >= 5 ? [query, ...search] : [...search, query];
}

/** Resolve a name as a pod in `podNamespace` would: the first name of the search path that answers. */
export function resolve(query: string, type: RecordType | 'ANY', podNamespace: string, view: DnsView, domain = CLUSTER_DOMAIN): { name: string; records: DnsRecord[] } | undefined {
  for (const n of searchNames(query, podNamespace, domain)) {
    const records = lookupFQDN(n, type, view, domain);
    if (records.length) return { name: n, records };
  }
  return undefined;
}
