// core/v1 Service: SetDefaults_Service, the ClusterIP and NodePort allocators (state kept in the store's
// meta table, freed on delete), ip families, and service validation.
import type { Strategy } from './types';
import type { KObject } from '../types';
import type { APIServer } from '../server';
import { invalid, FieldError, StatusError } from '../errors';
import { dns1123Label, dns1123Subdomain, validateLabels } from '../validation/meta';
import { goStringSlice, invalidRaw, semanticEqual } from './common';

/** kind's default service subnet; a cluster config's networking.serviceSubnet replaces it. */
// The issue and kubeadm's default: 10.96.0.0/12 (kind itself passes 10.96.0.0/16; a kind config's
// networking.serviceSubnet still overrides this).
export const SERVICE_CIDR = '10.96.0.0/12';
const IP_KEY = 'alloc/service-ips';
const PORT_KEY = 'alloc/node-ports';

/** The cluster's ClusterIP range and NodePort range (kind config: networking.serviceSubnet, service-node-port-range). */
interface Ranges { cidr: string; base: number; size: number; npMin: number; npMax: number }
const rangesCache = new WeakMap<object, Ranges>();
function ranges(api: APIServer): Ranges {
  const hit = rangesCache.get(api);
  if (hit) return hit;
  let cfg: any = {};
  try { cfg = JSON.parse(api.store.getMeta('cluster') ?? '{}'); } catch { /* defaults */ }
  let cidr = SERVICE_CIDR;
  if (typeof cfg.serviceSubnet === 'string' && /^[\d.]+\/\d+$/.test(cfg.serviceSubnet)) cidr = cfg.serviceSubnet;
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  let npMin = 30000, npMax = 32767;
  const m = typeof cfg.nodePortRange === 'string' ? cfg.nodePortRange.match(/^(\d+)-(\d+)$/) : null;
  if (m) { npMin = Number(m[1]); npMax = Number(m[2]); }
  const r = { cidr, base: ipToInt(ip!), size, npMin, npMax };
  rangesCache.set(api, r);
  return r;
}
/** The allocators keep a low band for static requests: calculateRangeOffset (IPs: step 16, max 256; ports: step 32, max 128). */
const rangeOffset = (size: number, step: number, max: number) => (size < 16 ? 0 : Math.min(Math.max(16, Math.floor(size / step)), max));
const rangeFull = (what: string) => new StatusError(500, 'InternalError', `Internal error occurred: failed to allocate a ${what}: range is full`);

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
}
const intToIp = (n: number) => [24, 16, 8, 0].map(s => Math.floor(n / 2 ** s) % 256).join('.');
export function isIPv4(s: string): boolean {
  const p = s.split('.');
  return p.length === 4 && p.every(x => /^(0|[1-9]\d{0,2})$/.test(x) && Number(x) < 256);
}
const isIPv6 = (s: string) => s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
const inRange = (ip: string, r: Ranges) => { const n = ipToInt(ip) - r.base; return n > 0 && n < r.size - 1; };

function readSet(api: APIServer, key: string): Set<string> {
  try { return new Set(JSON.parse(api.store.getMeta(key) ?? '[]')); } catch { return new Set(); }
}
function writeSet(api: APIServer, key: string, s: Set<string>): void {
  api.store.setMeta(key, JSON.stringify([...s]));
}

/** Random pick from the dynamic band first (kube's allocators keep the low band for static requests). */
function pickFree(api: APIServer, used: Set<string>, lo: number, hi: number, bandStart: number, fmt: (n: number) => string): string | undefined {
  for (const [a, b] of [[bandStart, hi], [lo, bandStart - 1]] as const) {
    const size = b - a + 1;
    if (size <= 0) continue;
    const start = api.rng.int(size);
    for (let i = 0; i < size; i++) {
      const v = fmt(a + ((start + i) % size));
      if (!used.has(v)) return v;
    }
  }
  return undefined;
}

const needsClusterIP = (s: any) => s.type !== 'ExternalName';
const needsNodePort = (s: any) => s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const isHeadless = (s: any) => s.clusterIP === 'None' || s.clusterIPs?.[0] === 'None';
const externallyAccessible = (s: any) => s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);

function defaultService(o: KObject): void {
  const s = (o.spec ??= {});
  if (!s.sessionAffinity) s.sessionAffinity = 'None';
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  if (s.sessionAffinity === 'ClientIP') {
    s.sessionAffinityConfig ??= {};
    s.sessionAffinityConfig.clientIP ??= {};
    s.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  if (!s.type) s.type = 'ClusterIP';
  for (const p of s.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(s) && !s.externalTrafficPolicy) s.externalTrafficPolicy = 'Cluster';
  if (s.internalTrafficPolicy == null && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type)) s.internalTrafficPolicy = 'Cluster';
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
  // NormalizeClusterIPs
  if (s.clusterIP && !(s.clusterIPs ?? []).length) s.clusterIPs = [s.clusterIP];
  if (!s.clusterIP && (s.clusterIPs ?? []).length) s.clusterIP = s.clusterIPs[0];
}

function ipFamilies(s: any): void {
  if (!needsClusterIP(s)) return;
  if (isHeadless(s) && !Object.keys(s.selector ?? {}).length) {
    s.ipFamilyPolicy ??= 'RequireDualStack';
    if (!(s.ipFamilies ?? []).length) s.ipFamilies = ['IPv4'];
    if (s.ipFamilies.length < 2 && s.ipFamilyPolicy === 'RequireDualStack') s.ipFamilies.push(s.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4');
    return;
  }
  const errs: FieldError[] = [];
  if (s.ipFamilyPolicy === 'RequireDualStack')
    errs.push({ field: 'spec.ipFamilyPolicy', type: 'Invalid', value: s.ipFamilyPolicy, detail: 'Cluster is not configured for dual stack services' });
  (s.ipFamilies ?? []).forEach((f: string, i: number) => {
    if (f !== 'IPv4') errs.push(invalidRaw(`spec.ipFamilies[${i}]`, goStringSlice(s.clusterIPs), `ipfamily ${f} is not configured on cluster`));
  });
  if (errs.length) throw errs;
  s.ipFamilyPolicy ??= 'SingleStack';
  if (!(s.ipFamilies ?? []).length) s.ipFamilies = ['IPv4'];
}

/** Allocate what the service needs; returns the IP / ports newly taken (recorded by the caller). */
function allocate(o: KObject, api: APIServer, old?: KObject): { ip?: string; ports: number[] } {
  const s = o.spec;
  const taken: { ip?: string; ports: number[] } = { ports: [] };
  const errs: FieldError[] = [];
  const r = ranges(api);
  if (needsClusterIP(s) && !isHeadless(s)) {
    const used = readSet(api, IP_KEY);
    const want = s.clusterIP;
    if (!want) {
      const ip = pickFree(api, used, r.base + 1, r.base + r.size - 2, Math.min(r.base + rangeOffset(r.size, 16, 256), r.base + r.size - 1), intToIp);
      if (!ip) throw rangeFull('serviceIP');
      s.clusterIP = ip; s.clusterIPs = [ip]; taken.ip = ip;
    } else if (isIPv4(want) && want !== old?.spec?.clusterIP) {
      // kube-apiserver 1.33 allocates through the ServiceCIDR (MultiCIDRServiceAllocator) allocator
      if (!inRange(want, r)) errs.push(invalidRaw('spec.clusterIPs', goStringSlice(s.clusterIPs), `failed to allocate IP ${want}: the provided network does not match the current range`));
      else if (used.has(want)) errs.push(invalidRaw('spec.clusterIPs', goStringSlice(s.clusterIPs), `failed to allocate IP ${want}: provided IP is already allocated`));
      else taken.ip = want;
    }
  }
  if (needsNodePort(s)) {
    const used = readSet(api, PORT_KEY);
    const oldPorts = new Set<number>((old?.spec?.ports ?? []).map((p: any) => p.nodePort).filter(Boolean));
    const byPort = new Map<number, number>();
    (s.ports ?? []).forEach((p: any, i: number) => {
      if (p.nodePort) {
        if (oldPorts.has(p.nodePort) || taken.ports.includes(p.nodePort)) { byPort.set(p.port, p.nodePort); return; }
        if (p.nodePort < r.npMin || p.nodePort > r.npMax)
          errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Invalid', value: p.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${r.npMin}-${r.npMax}` });
        else if (used.has(String(p.nodePort)))
          errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Invalid', value: p.nodePort, detail: 'provided port is already allocated' });
        else { taken.ports.push(p.nodePort); used.add(String(p.nodePort)); byPort.set(p.port, p.nodePort); }
      }
    });
    for (const p of s.ports ?? []) {
      if (p.nodePort) continue;
      const same = byPort.get(p.port);
      if (same) { p.nodePort = same; continue; }
      const v = pickFree(api, used, r.npMin, r.npMax, r.npMin + rangeOffset(r.npMax - r.npMin + 1, 32, 128), String);
      if (!v) { if (errs.length) throw errs; throw rangeFull('nodePort'); }
      p.nodePort = Number(v); used.add(v); taken.ports.push(p.nodePort); byPort.set(p.port, p.nodePort);
    }
    if (s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local' && !s.healthCheckNodePort) {
      const v = pickFree(api, used, r.npMin, r.npMax, r.npMin + rangeOffset(r.npMax - r.npMin + 1, 32, 128), String);
      if (!v) throw new StatusError(500, 'InternalError', 'Internal error occurred: failed to allocate a HealthCheck NodePort 0: range is full');
      s.healthCheckNodePort = Number(v); taken.ports.push(Number(v));
    }
  }
  if (errs.length) throw errs;
  return taken;
}
function record(api: APIServer, t: { ip?: string; ports: number[] }): void {
  if (t.ip) { const u = readSet(api, IP_KEY); u.add(t.ip); writeSet(api, IP_KEY, u); }
  if (t.ports.length) { const u = readSet(api, PORT_KEY); for (const p of t.ports) u.add(String(p)); writeSet(api, PORT_KEY, u); }
}
function release(api: APIServer, ips: string[], ports: number[]): void {
  if (ips.length) { const u = readSet(api, IP_KEY); for (const ip of ips) u.delete(ip); writeSet(api, IP_KEY, u); }
  if (ports.length) { const u = readSet(api, PORT_KEY); for (const p of ports) u.delete(String(p)); writeSet(api, PORT_KEY, u); }
}
const allocatedIPs = (s: any): string[] => (s?.clusterIPs ?? (s?.clusterIP ? [s.clusterIP] : [])).filter((x: string) => x && x !== 'None');
const allocatedPorts = (s: any): number[] => [...(s?.ports ?? []).map((p: any) => p.nodePort).filter(Boolean), ...(s?.healthCheckNodePort ? [s.healthCheckNodePort] : [])];

/** Allocation taken in prepareForCreate, recorded only when the object is really written (not on dry run). */
const pending = new WeakMap<object, { ip?: string; ports: number[] }>();

function guard<T>(o: KObject, fn: () => T): T {
  try { return fn(); } catch (e) {
    if (Array.isArray(e)) throw invalid('Service', '', o.metadata.name ?? '', e as FieldError[]);
    throw e;
  }
}

export const serviceStrategy: Strategy = {
  nameRule: 'label1035',
  prepareForCreate(o, api) {
    defaultService(o);
    o.status = { loadBalancer: {} };
    guard(o, () => {
      const t = allocate(o, api);
      ipFamilies(o.spec);
      if (o.spec.type === 'ExternalName') { delete o.spec.clusterIP; delete o.spec.clusterIPs; }
      pending.set(o.metadata, t);
    });
  },
  afterCreate(o, api) {
    // `out` is the same object prepareForCreate saw (server.create finishes it in place).
    const t = pending.get(o.metadata);
    if (t) record(api, t);
    else record(api, { ip: allocatedIPs(o.spec)[0], ports: allocatedPorts(o.spec) });
  },
  prepareForUpdate(o, old, api) {
    const s = (o.spec ??= {});
    const os = old.spec ?? {};
    defaultService(o);
    // patchAllocatedValues: a client that leaves allocated fields out keeps them.
    if (needsClusterIP(os) && needsClusterIP(s)) {
      if (!s.clusterIP && os.clusterIP) s.clusterIP = os.clusterIP;
      if (!(s.clusterIPs ?? []).length && (os.clusterIPs ?? []).length) s.clusterIPs = [...os.clusterIPs];
      if (!(s.ipFamilies ?? []).length && os.ipFamilies) s.ipFamilies = [...os.ipFamilies];
      if (!s.ipFamilyPolicy && os.ipFamilyPolicy) s.ipFamilyPolicy = os.ipFamilyPolicy;
    }
    if (needsNodePort(os) && needsNodePort(s)) {
      const usedNew = new Set((s.ports ?? []).map((p: any) => p.nodePort).filter(Boolean));
      const byName = new Map<string, number>((os.ports ?? []).map((p: any) => [p.name ?? '', p.nodePort]));
      for (const p of s.ports ?? []) if (!p.nodePort) { const v = byName.get(p.name ?? ''); if (v && !usedNew.has(v)) p.nodePort = v; }
    }
    dropTypeDependentFields(s, os);
    if (os.healthCheckNodePort && !s.healthCheckNodePort && s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local') s.healthCheckNodePort = os.healthCheckNodePort;
    guard(o, () => {
      if (s.clusterIP && os.clusterIP && s.clusterIP !== os.clusterIP && needsClusterIP(os)) return; // validateUpdate reports it
      const t = allocate(o, api, old);
      ipFamilies(s);
      if (s.type === 'ExternalName') { delete s.clusterIP; delete s.clusterIPs; delete s.ipFamilies; delete s.ipFamilyPolicy; delete s.internalTrafficPolicy; }
      record(api, t);
      const keepIPs = new Set(allocatedIPs(s)), keepPorts = new Set(allocatedPorts(s));
      release(api, allocatedIPs(os).filter(x => !keepIPs.has(x)), allocatedPorts(os).filter(x => !keepPorts.has(x)));
    });
  },
  validate(o) { return validateService(o); },
  validateUpdate(o, old) {
    const s = o.spec ?? {}, os = old.spec ?? {};
    if (needsClusterIP(os) && needsClusterIP(s) && os.clusterIPs?.[0] && s.clusterIPs?.[0] && s.clusterIPs[0] !== os.clusterIPs[0])
      return [invalidRaw('spec.clusterIPs[0]', goStringSlice(s.clusterIPs), 'may not change once set')];
    return [];
  },
  afterDelete(o, api) { release(api, allocatedIPs(o.spec), allocatedPorts(o.spec)); },
  fields: o => ({ 'spec.clusterIP': o.spec?.clusterIP ?? '', 'spec.type': o.spec?.type ?? '' }),
};

/** The service strategy's dropTypeDependentFields: what no longer applies and was not changed by the user goes. */
function dropTypeDependentFields(s: any, os: any): void {
  if (needsClusterIP(os) && !needsClusterIP(s)) {
    if (s.clusterIP === os.clusterIP && semanticEqual(s.clusterIPs, os.clusterIPs)) { delete s.clusterIP; delete s.clusterIPs; }
    if (semanticEqual(s.ipFamilies, os.ipFamilies)) delete s.ipFamilies;
    if (s.ipFamilyPolicy === os.ipFamilyPolicy) delete s.ipFamilyPolicy;
  }
  const samePorts = semanticEqual((s.ports ?? []).map((p: any) => p.nodePort ?? 0), (os.ports ?? []).map((p: any) => p.nodePort ?? 0));
  if (needsNodePort(os) && !needsNodePort(s) && samePorts) for (const p of s.ports ?? []) delete p.nodePort;
  const hc = (x: any) => x.type === 'LoadBalancer' && x.externalTrafficPolicy === 'Local';
  if (hc(os) && !hc(s) && s.healthCheckNodePort === os.healthCheckNodePort) delete s.healthCheckNodePort;
  if (os.type === 'LoadBalancer' && s.type !== 'LoadBalancer') {
    if (s.allocateLoadBalancerNodePorts === os.allocateLoadBalancerNodePorts) delete s.allocateLoadBalancerNodePorts;
    if (s.loadBalancerClass === os.loadBalancerClass) delete s.loadBalancerClass;
  }
  if (os.type !== 'ExternalName' && s.type === 'ExternalName' && s.internalTrafficPolicy === os.internalTrafficPolicy) delete s.internalTrafficPolicy;
  if (externallyAccessible(os) && !externallyAccessible(s) && s.externalTrafficPolicy === os.externalTrafficPolicy) delete s.externalTrafficPolicy;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

export function portNameErrors(n: string): string[] {
  const e: string[] = [];
  if (n.length > 15) e.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(n)) e.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(n)) e.push('must contain at least one letter (a-z)');
  if (n.includes('--')) e.push('must not contain consecutive hyphens');
  if (n.length && (n.startsWith('-') || n.endsWith('-'))) e.push('must not begin or end with a hyphen');
  return e;
}
export function portNumErrors(p: unknown): string[] {
  return typeof p !== 'number' || p < 1 || p > 65535 ? ['must be between 1 and 65535, inclusive'] : [];
}

function validateService(o: KObject): FieldError[] {
  const s = o.spec ?? {};
  const errs: FieldError[] = [];
  const ports: any[] = s.ports ?? [];
  const headless = isHeadless(s);
  if (!ports.length && !headless && s.type !== 'ExternalName') errs.push({ field: 'spec.ports', type: 'Required' });
  switch (s.type) {
    case 'LoadBalancer':
      if (headless) errs.push({ field: 'spec.clusterIPs[0]', type: 'Invalid', value: 'None', detail: "may not be set to 'None' for LoadBalancer services" });
      ports.forEach((p, i) => { if (p.port === 10250) errs.push({ field: `spec.ports[${i}]`, type: 'Invalid', value: p.port, detail: 'may not expose port 10250 externally since it is used by kubelet' }); });
      break;
    case 'NodePort':
      if (headless) errs.push({ field: 'spec.clusterIPs[0]', type: 'Invalid', value: 'None', detail: "may not be set to 'None' for NodePort services" });
      break;
    case 'ExternalName': {
      if ((s.clusterIPs ?? []).length) errs.push({ field: 'spec.clusterIPs', type: 'Forbidden', detail: 'may not be set for ExternalName services' });
      const cname = String(s.externalName ?? '').replace(/\.$/, '');
      if (cname) for (const m of dns1123Subdomain(cname)) errs.push({ field: 'spec.externalName', type: 'Invalid', value: cname, detail: m });
      else errs.push({ field: 'spec.externalName', type: 'Required' });
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push({ field: `${pp}.name`, type: 'Required' });
    else if (p.name) {
      for (const m of dns1123Label(p.name)) errs.push({ field: `${pp}.name`, type: 'Invalid', value: p.name, detail: m });
      if (names.has(p.name)) errs.push({ field: `${pp}.name`, type: 'Duplicate', value: p.name });
      names.add(p.name);
    }
    for (const m of portNumErrors(p.port)) errs.push({ field: `${pp}.port`, type: 'Invalid', value: p.port ?? 0, detail: m });
    if (!p.protocol) errs.push({ field: `${pp}.protocol`, type: 'Required' });
    else if (!PROTOCOLS.includes(p.protocol)) errs.push({ field: `${pp}.protocol`, type: 'NotSupported', value: p.protocol, detail: 'supported values: "SCTP", "TCP", "UDP"' });
    if (typeof p.targetPort === 'string') for (const m of portNameErrors(p.targetPort)) errs.push({ field: `${pp}.targetPort`, type: 'Invalid', value: p.targetPort, detail: m });
    else if (p.targetPort !== undefined) for (const m of portNumErrors(p.targetPort)) errs.push({ field: `${pp}.targetPort`, type: 'Invalid', value: p.targetPort, detail: m });
  });
  (s.clusterIPs ?? []).forEach((ip: string, i: number) => {
    if (i === 0 && ip === 'None') return;
    if (!isIPv4(ip) && !isIPv6(ip)) errs.push({ field: `spec.clusterIPs[${i}]`, type: 'Invalid', value: ip, detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' });
  });
  if (s.clusterIPs?.[0] && s.clusterIP && s.clusterIP !== s.clusterIPs[0])
    errs.push(invalidRaw('spec.clusterIPs[0]', goStringSlice(s.clusterIPs), 'must match `clusterIP` if specified'));
  errs.push(...validateLabels(s.selector, 'spec.selector'));
  if (!['ClientIP', 'None'].includes(s.sessionAffinity))
    errs.push({ field: 'spec.sessionAffinity', type: 'NotSupported', value: s.sessionAffinity, detail: 'supported values: "ClientIP", "None"' });
  const to = s.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (s.sessionAffinity === 'ClientIP' && typeof to === 'number' && (to <= 0 || to > 86400))
    errs.push({ field: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', type: 'Invalid', value: to, detail: 'must be greater than 0 and less than 86400' });
  if (s.sessionAffinity === 'None' && s.sessionAffinityConfig)
    errs.push({ field: 'spec.sessionAffinityConfig', type: 'Invalid', value: null, detail: 'must not be set when session affinity is None' });
  (s.externalIPs ?? []).forEach((ip: string, i: number) => {
    if (!isIPv4(ip) && !isIPv6(ip)) errs.push({ field: `spec.externalIPs[${i}]`, type: 'Invalid', value: ip, detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' });
  });
  if (!TYPES.includes(s.type)) errs.push({ field: 'spec.type', type: 'NotSupported', value: s.type, detail: 'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' });
  if (s.type === 'ClusterIP') ports.forEach((p, i) => {
    if (p.nodePort) errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Forbidden', detail: "may not be used when `type` is 'ClusterIP'" });
  });
  // duplicate node ports and port/protocol pairs
  const nps = new Set<string>(), pps = new Set<string>();
  ports.forEach((p, i) => {
    if (p.nodePort) {
      const k = `${p.nodePort}/${p.protocol}`;
      if (nps.has(k)) errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Duplicate', value: p.nodePort });
      nps.add(k);
    }
    const k2 = `${p.port}/${p.protocol}`;
    if (pps.has(k2)) errs.push({ field: `spec.ports[${i}]`, ...dupPort(p) });
    pps.add(k2);
  });
  if (s.externalTrafficPolicy && !externallyAccessible(s))
    errs.push({ field: 'spec.externalTrafficPolicy', type: 'Invalid', value: s.externalTrafficPolicy, detail: 'may only be set for externally-accessible services' });
  else if (s.externalTrafficPolicy && !['Cluster', 'Local'].includes(s.externalTrafficPolicy))
    errs.push({ field: 'spec.externalTrafficPolicy', type: 'NotSupported', value: s.externalTrafficPolicy, detail: 'supported values: "Cluster", "Local"' });
  if (s.internalTrafficPolicy && !['Cluster', 'Local'].includes(s.internalTrafficPolicy))
    errs.push({ field: 'spec.internalTrafficPolicy', type: 'NotSupported', value: s.internalTrafficPolicy, detail: 'supported values: "Cluster", "Local"' });
  if (s.ipFamilyPolicy && !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(s.ipFamilyPolicy))
    errs.push({ field: 'spec.ipFamilyPolicy', type: 'NotSupported', value: s.ipFamilyPolicy, detail: 'supported values: "PreferDualStack", "RequireDualStack", "SingleStack"' });
  if (s.allocateLoadBalancerNodePorts !== undefined && s.type !== 'LoadBalancer')
    errs.push({ field: 'spec.allocateLoadBalancerNodePorts', type: 'Forbidden', detail: 'may only be used when `type` is \'LoadBalancer\'' });
  return errs;
}
function dupPort(p: any): { type: string; value: string } {
  // kube prints the whole core.ServicePort struct
  const tp = typeof p.targetPort === 'number' ? `intstr.IntOrString{Type:0, IntVal:${p.targetPort}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(String(p.targetPort ?? ''))}}`;
  return { type: 'Duplicate', value: `core.ServicePort{Name:${JSON.stringify(p.name ?? '')}, Protocol:${JSON.stringify(p.protocol)}, AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:${tp}, NodePort:${p.nodePort ?? 0}}` };
}
