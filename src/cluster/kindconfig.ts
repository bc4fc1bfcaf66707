// kind's cluster config file (kind: Cluster, apiVersion: kind.x-k8s.io/v1alpha4), plus kctl's own
// optional extras for simulated networking: `kctl: {loadBalancerPool: [...], ingressAddress: ...,
// maxEndpointsPerSlice: N}`, and realism for the kubelet: `realism: true` (pod sandboxes, image pulls and
// container starts take time, so ContainerCreating can be watched) or explicit durations
// `realism: {sandbox: 2s, pull: image|5s, start: 500ms}`. From kind's own fields, `networking.serviceSubnet` (the ClusterIP range) and the
// API server's `service-node-port-range` given through `kubeadmConfigPatches` are honoured too.
import { CliError } from '../api/errors';

export interface KindConfig {
  name?: string; roles: ('control-plane' | 'worker')[]; labels: (Record<string, string> | undefined)[];
  loadBalancerPool?: string[]; ingressAddress?: string;
  maxEndpointsPerSlice?: number; serviceSubnet?: string; nodePortRange?: string;
  /** The kubelet's stage delays (ms; pull -1: each image's own pull time). */
  stages?: { sandbox: number; pull: number; start: number };
}

/** `kctl: {realism: true}`: about what a kind node on a laptop shows. */
export const REALISM = { sandbox: 1_000, pull: -1, start: 300 };

/** A duration in the kctl section: `500ms`, `2s`, `1m`, `1m30s`, or a number of seconds. */
function durationMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v * 1000);
  const m = /^((?:\d+(?:\.\d+)?(?:ms|s|m|h))+)$/.exec(String(v).trim());
  if (!m) return undefined;
  let ms = 0;
  for (const [, n, u] of String(v).trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(n) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[u!]!;
  return Math.round(ms);
}
function realismOf(raw: unknown, source: string): KindConfig['stages'] {
  if (raw === undefined || raw === null || raw === false) return undefined;
  if (raw === true) return { ...REALISM };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`invalid kctl.realism in ${source}: must be true, false or a mapping of sandbox, pull and start durations`);
  const out = { sandbox: 0, pull: 0, start: 0 };
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(k in out)) throw new CliError(`invalid kctl.realism in ${source}: unknown field "${k}" (sandbox, pull, start)`);
    if (k === 'pull' && v === 'image') { out.pull = -1; continue; }
    const ms = durationMs(v);
    if (ms === undefined) throw new CliError(`invalid kctl.realism.${k} "${v}" in ${source}: must be a duration such as 500ms, 2s or 1m${k === 'pull' ? ', or "image"' : ''}`);
    (out as Record<string, number>)[k] = ms;
  }
  return out;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const ipToInt = (ip: string) => ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
export const intToIp = (n: number) => [24, 16, 8, 0].map(s => Math.floor(n / 2 ** s) % 256).join('.');

/** One pool entry (`a.b.c.d`, `a.b.c.d-e.f.g.h` or `a.b.c.d/nn`) as an inclusive range, or an error text. */
export function poolRange(entry: string): [number, number] | string {
  const e = entry.trim();
  if (IPV4.test(e)) return [ipToInt(e), ipToInt(e)];
  const dash = e.split('-');
  if (dash.length === 2 && IPV4.test(dash[0]!.trim()) && IPV4.test(dash[1]!.trim())) {
    const a = ipToInt(dash[0]!.trim()), b = ipToInt(dash[1]!.trim());
    return a <= b ? [a, b] : `invalid IP range "${e}": the first address is after the last`;
  }
  const m = e.match(/^([\d.]+)\/(\d{1,2})$/);
  if (m && IPV4.test(m[1]!) && Number(m[2]) <= 32 && Number(m[2]) >= 16) {
    const size = 2 ** (32 - Number(m[2]));
    const base = Math.floor(ipToInt(m[1]!) / size) * size;
    return [base, base + size - 1];
  }
  return `invalid IP address, range or CIDR (/16 or longer) "${e}"`;
}
/** Every address of a pool, in order (first come, first served). */
export function expandPool(pool: string[] | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const e of pool ?? []) {
    const r = poolRange(e);
    if (typeof r === 'string') continue;
    for (let n = r[0]; n <= r[1] && out.length < 65536; n++) { const ip = intToIp(n); if (!seen.has(ip)) { seen.add(ip); out.push(ip); } }
  }
  return out;
}

function nodePortRangeOf(doc: any, source: string): string | undefined {
  const YAML = require('yaml') as typeof import('yaml');
  let found: string | undefined;
  for (const patch of Array.isArray(doc.kubeadmConfigPatches) ? doc.kubeadmConfigPatches : []) {
    let p: any;
    try { p = typeof patch === 'string' ? YAML.parse(patch, { version: '1.1' }) : patch; } catch { continue; }
    if (!p || p.kind !== 'ClusterConfiguration') continue;
    const extra = p.apiServer?.extraArgs;
    let v: unknown;
    if (Array.isArray(extra)) v = extra.find((a: any) => a?.name === 'service-node-port-range')?.value;
    else if (extra && typeof extra === 'object') v = extra['service-node-port-range'];
    if (v === undefined) continue;
    const m = String(v).match(/^(\d+)-(\d+)$/) ?? String(v).match(/^(\d+)\+(\d+)$/);
    if (!m) throw new CliError(`invalid service-node-port-range "${v}" in ${source}: must be like 30000-32767`);
    const lo = Number(m[1]), hi = String(v).includes('+') ? Number(m[1]) + Number(m[2]) : Number(m[2]);
    if (lo < 1 || hi > 65535 || lo > hi) throw new CliError(`invalid service-node-port-range "${v}" in ${source}`);
    found = `${lo}-${hi}`;
  }
  return found;
}

export function parseKindConfig(text: string, source: string): KindConfig {
  const YAML = require('yaml') as typeof import('yaml');
  let doc: any;
  try { doc = YAML.parse(text, { version: '1.1' }); } catch (e: any) { throw new CliError(`error parsing ${source}: ${e.message}`); }
  if (!doc || typeof doc !== 'object') throw new CliError(`error parsing ${source}: not a kind cluster config`);
  if (doc.kind !== 'Cluster') throw new CliError(`unknown kind "${doc.kind}" in ${source}: expected "Cluster"`);
  if (doc.apiVersion !== 'kind.x-k8s.io/v1alpha4') throw new CliError(`unknown apiVersion "${doc.apiVersion}" in ${source}: expected "kind.x-k8s.io/v1alpha4"`);
  const nodes = Array.isArray(doc.nodes) && doc.nodes.length ? doc.nodes : [{ role: 'control-plane' }];
  const roles = nodes.map((n: any, i: number) => {
    const r = n?.role ?? 'control-plane';
    if (r !== 'control-plane' && r !== 'worker') throw new CliError(`invalid role "${r}" for node ${i} in ${source}: must be "control-plane" or "worker"`);
    return r;
  });
  if (!roles.includes('control-plane')) throw new CliError(`invalid cluster config ${source}: must have at least one control-plane node`);
  const name = typeof doc.name === 'string' ? doc.name : undefined;
  const ext = doc.kctl ?? {};
  if (typeof ext !== 'object' || Array.isArray(ext)) throw new CliError(`invalid kctl section in ${source}: must be a mapping`);

  let pool: string[] | undefined;
  if (ext.loadBalancerPool !== undefined && ext.loadBalancerPool !== null) {
    const raw = Array.isArray(ext.loadBalancerPool) ? ext.loadBalancerPool : [ext.loadBalancerPool];
    pool = raw.map((x: unknown) => String(x));
    for (const e of pool!) {
      const r = poolRange(e);
      if (typeof r === 'string') throw new CliError(`invalid kctl.loadBalancerPool in ${source}: ${r}`);
    }
  }
  let ingressAddress: string | undefined;
  if (ext.ingressAddress !== undefined && ext.ingressAddress !== null) {
    ingressAddress = String(ext.ingressAddress);
    if (!IPV4.test(ingressAddress) && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(ingressAddress))
      throw new CliError(`invalid kctl.ingressAddress "${ingressAddress}" in ${source}: must be an IPv4 address or a DNS name`);
  }
  let maxEndpointsPerSlice: number | undefined;
  if (ext.maxEndpointsPerSlice !== undefined) {
    const n = Number(ext.maxEndpointsPerSlice);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError(`invalid kctl.maxEndpointsPerSlice "${ext.maxEndpointsPerSlice}" in ${source}: must be between 1 and 1000`);
    maxEndpointsPerSlice = n;
  }
  let serviceSubnet: string | undefined;
  const ss = doc.networking?.serviceSubnet;
  if (ss !== undefined && ss !== null) {
    const m = String(ss).match(/^([\d.]+)\/(\d{1,2})$/);
    if (!m || !IPV4.test(m[1]!) || Number(m[2]) > 30 || Number(m[2]) < 12)
      throw new CliError(`invalid networking.serviceSubnet "${ss}" in ${source}: must be an IPv4 CIDR between /12 and /30`);
    const size = 2 ** (32 - Number(m[2]));
    const base = Math.floor(ipToInt(m[1]!) / size) * size;
    // the kubernetes and kube-dns Services of a new cluster are 10.96.0.1 and 10.96.0.10
    if (!(base < ipToInt('10.96.0.1') && ipToInt('10.96.0.10') < base + size - 1))
      throw new CliError(`unsupported networking.serviceSubnet "${ss}" in ${source}: kctl clusters keep the kubernetes and kube-dns Services at 10.96.0.1 and 10.96.0.10, so the subnet must contain them (e.g. 10.96.0.0/16 or 10.96.0.0/28)`);
    serviceSubnet = `${intToIp(base)}/${m[2]}`;
  }
  const nodePortRange = nodePortRangeOf(doc, source);
  const stages = realismOf(ext.realism, source);
  // Nodes are named once the cluster's name is known (defaultNodes).
  return {
    name, roles, labels: nodes.map((n: any) => n?.labels), loadBalancerPool: pool, ingressAddress,
    ...(maxEndpointsPerSlice !== undefined ? { maxEndpointsPerSlice } : {}),
    ...(serviceSubnet ? { serviceSubnet } : {}),
    ...(nodePortRange ? { nodePortRange } : {}),
    ...(stages ? { stages } : {}),
  };
}
