// ResourceQuota evaluation (pkg/quota/v1/evaluator/core and the generic object-count evaluator), shared by
// the resource quota controller (status.used) and the ResourceQuota admission plugin: what each object
// uses of each quota key (pods: counts and compute requests/limits, extended resources; services: counts,
// node ports, load balancers; claims: counts and storage, also per storage class; everything else:
// count/<resource>.<group>), which quotas an object falls under (scopes and scopeSelector, PriorityClass
// included), and admission: a create (or an update that grows usage) past a quota's hard limit is
// Forbidden with the API server's `exceeded quota` message, and the admitted usage is charged to the
// quota's status at once, as the plugin does, so a burst of creates cannot slip past it.
import type { KObject, ResourceInfo } from '../types';
import type { APIServer } from '../server';
import { byGroupResource } from '../discovery';
import { forbidden } from '../errors';
import { parseQuantity } from '../../util/quantity';

/** A quantity as resource.Quantity prints it: its value and whether it is BinarySI. */
export interface Q { v: number; bin: boolean }
const isBinary = (s: unknown) => typeof s === 'string' && /(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(s.trim());
export const q = (s: unknown): Q => ({ v: parseQuantity(s), bin: isBinary(s) });

const BIN_SUF: [string, number][] = [['Ei', 60], ['Pi', 50], ['Ti', 40], ['Gi', 30], ['Mi', 20], ['Ki', 10]];
const DEC_SUF: [string, number][] = [['E', 18], ['P', 15], ['T', 12], ['G', 9], ['M', 6], ['k', 3], ['', 0], ['m', -3], ['u', -6], ['n', -9]];
/** resource.Quantity's canonical String(). */
export function fmtQ(x: Q): string {
  const v = x.v;
  if (!v || !Number.isFinite(v)) return '0';
  if (x.bin && Number.isInteger(v)) {
    const a = BigInt(Math.abs(v));
    for (const [s, e] of BIN_SUF) if (a >= 1n << BigInt(e) && a % (1n << BigInt(e)) === 0n) return `${v < 0 ? '-' : ''}${a >> BigInt(e)}${s}`;
    return String(v);
  }
  const nano = BigInt(Math.round(Math.abs(v) * 1e9));
  const sign = v < 0 ? '-' : '';
  for (const [s, e] of DEC_SUF) {
    const unit = 10n ** BigInt(e + 9);
    if (nano % unit === 0n) return `${sign}${nano / unit}${s}`;
  }
  return `${sign}${nano}n`;
}
const add = (a: Q | undefined, b: Q): Q => (a ? { v: a.v + b.v, bin: a.v ? a.bin : b.bin } : { ...b });

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
const POD_STANDARD = new Set(['pods', 'count/pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage']);
const COMPUTE = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);
const LEGACY_COUNTS: Record<string, string> = {
  services: 'services', configmaps: 'configmaps', secrets: 'secrets', persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas', pods: 'pods',
};

const isPodRi = (ri: ResourceInfo) => ri.kind === 'Pod' && ri.group === '';
const isSvcRi = (ri: ResourceInfo) => ri.kind === 'Service' && ri.group === '';
const isPvcRi = (ri: ResourceInfo) => ri.kind === 'PersistentVolumeClaim' && ri.group === '';

/** QuotaV1Pod: does this pod count against quota (not terminal, not past its deletion grace)? */
export function podCounts(p: KObject, now: number): boolean {
  const ph = p.status?.phase;
  if (ph === 'Succeeded' || ph === 'Failed') return false;
  const dt = p.metadata.deletionTimestamp;
  if (dt && p.metadata.deletionGracePeriodSeconds != null && now > Date.parse(dt) + p.metadata.deletionGracePeriodSeconds * 1000) return false;
  return true;
}

/** resourcehelper.PodRequests/PodLimits for one resource: max(sum of containers, max of init containers) + overhead. */
export function podResource(p: KObject, kind: 'requests' | 'limits', res: string): Q | undefined {
  let found: Q | undefined;
  const take = (v: unknown) => { const x = q(v); if (!found) found = { v: 0, bin: x.bin }; return x.v; };
  let sum = 0, initMax = 0;
  for (const c of p.spec?.containers ?? []) { const v = c.resources?.[kind]?.[res]; if (v !== undefined) sum += take(v); }
  for (const c of p.spec?.initContainers ?? []) {
    const v = c.resources?.[kind]?.[res];
    if (v === undefined) continue;
    if (c.restartPolicy === 'Always') sum += take(v); else initMax = Math.max(initMax, take(v));
  }
  const oh = p.spec?.overhead?.[res];
  let total = Math.max(sum, initMax);
  if (oh !== undefined && found) total += take(oh);
  return found ? { v: total, bin: (found as Q).bin } : undefined;
}

/** The resource a quota key counts objects of (`services`, `count/deployments.apps`), if any. */
export function countedResource(key: string): ResourceInfo | undefined {
  if (LEGACY_COUNTS[key]) return byGroupResource('', LEGACY_COUNTS[key]!);
  if (!key.startsWith('count/')) return undefined;
  const gr = key.slice(6);
  const dot = gr.indexOf('.');
  return dot < 0 ? byGroupResource('', gr) : byGroupResource(gr.slice(dot + 1), gr.slice(0, dot));
}

/** Is `key` a quota key an object of this resource contributes to (evaluator.MatchingResources)? */
export function keyTracks(key: string, ri: ResourceInfo): boolean {
  if (isPodRi(ri)) {
    if (POD_STANDARD.has(key) || key.startsWith('requests.hugepages-')) return true;
    // extended resources: requests.<domain>/<name>
    if (key.startsWith('requests.') && key.includes('/') && !key.includes(STORAGE_CLASS_SUFFIX)) return true;
    return false;
  }
  if (isSvcRi(ri) && (key === 'services.nodeports' || key === 'services.loadbalancers')) return true;
  if (isPvcRi(ri) && (key === 'requests.storage' || (key.includes(STORAGE_CLASS_SUFFIX) && /\/(requests\.storage|persistentvolumeclaims)$/.test(key)))) return true;
  const c = countedResource(key);
  return !!c && c.group === ri.group && c.plural === ri.plural;
}

/** What one object uses of one quota key (undefined: the key does not apply to it). */
export function usageOf(ri: ResourceInfo, o: KObject, key: string, now: number): Q | undefined {
  if (!keyTracks(key, ri)) return undefined;
  if (isPodRi(ri)) {
    if (!podCounts(o, now)) return { v: 0, bin: false };
    if (key === 'pods' || key === 'count/pods') return { v: 1, bin: false };
    if (key === 'cpu' || key === 'memory' || key === 'ephemeral-storage') return podResource(o, 'requests', key) ?? { v: 0, bin: false };
    const m = key.match(/^(requests|limits)\.(.+)$/);
    if (m) return podResource(o, m[1] as 'requests' | 'limits', m[2]!) ?? { v: 0, bin: false };
    return { v: 0, bin: false };
  }
  if (isSvcRi(ri)) {
    const t = o.spec?.type;
    if (key === 'services.loadbalancers') return { v: t === 'LoadBalancer' ? 1 : 0, bin: false };
    if (key === 'services.nodeports') {
      const ports: any[] = o.spec?.ports ?? [];
      if (t === 'NodePort') return { v: ports.length, bin: false };
      if (t === 'LoadBalancer') return { v: o.spec?.allocateLoadBalancerNodePorts === false ? ports.filter(p => p.nodePort).length : ports.length, bin: false };
      return { v: 0, bin: false };
    }
  }
  if (isPvcRi(ri)) {
    const cls = o.spec?.storageClassName ?? '';
    const storage = o.spec?.resources?.requests?.storage;
    if (key === 'requests.storage') return storage !== undefined ? q(storage) : { v: 0, bin: false };
    if (key.includes(STORAGE_CLASS_SUFFIX)) {
      const [prefix, what] = key.split(STORAGE_CLASS_SUFFIX) as [string, string];
      if (prefix !== cls) return { v: 0, bin: false };
      if (what === 'persistentvolumeclaims') return { v: 1, bin: false };
      return storage !== undefined ? q(storage) : { v: 0, bin: false };
    }
  }
  return { v: 1, bin: false };
}

/** Does the object fall under the quota's scopes and scopeSelector? Scopes only ever select pods. */
export function inScope(ri: ResourceInfo, o: KObject, rq: KObject): boolean {
  const scopes: { name: string; op: string; values?: string[] }[] = [
    ...(rq.spec?.scopes ?? []).map((s: string) => ({ name: s, op: 'Exists' })),
    ...(rq.spec?.scopeSelector?.matchExpressions ?? []).map((e: any) => ({ name: e.scopeName, op: e.operator, values: e.values })),
  ];
  if (!scopes.length) return true;
  if (!isPodRi(ri)) return false;
  const spec = o.spec ?? {};
  for (const s of scopes) {
    let ok: boolean;
    switch (s.name) {
      case 'Terminating': ok = spec.activeDeadlineSeconds != null; break;
      case 'NotTerminating': ok = spec.activeDeadlineSeconds == null; break;
      case 'BestEffort': ok = bestEffort(o); break;
      case 'NotBestEffort': ok = !bestEffort(o); break;
      case 'CrossNamespacePodAffinity': ok = crossNamespaceAffinity(o); break;
      case 'PriorityClass': {
        const pc: string = spec.priorityClassName ?? '';
        if (s.op === 'Exists') ok = !!pc;
        else if (s.op === 'DoesNotExist') ok = !pc;
        else if (s.op === 'In') ok = (s.values ?? []).includes(pc);
        else ok = !(s.values ?? []).includes(pc);
        if (!ok) return false;
        continue;
      }
      default: ok = false;
    }
    if (s.op === 'DoesNotExist') ok = !ok;
    if (!ok) return false;
  }
  return true;
}
function bestEffort(p: KObject): boolean {
  return [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])]
    .every((c: any) => !Object.keys(c.resources?.requests ?? {}).length && !Object.keys(c.resources?.limits ?? {}).length);
}
function crossNamespaceAffinity(p: KObject): boolean {
  const aff = p.spec?.affinity ?? {};
  const terms = [...(aff.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []), ...(aff.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => t.podAffinityTerm),
    ...(aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => t.podAffinityTerm)];
  return terms.some((t: any) => t?.namespaces?.length || t?.namespaceSelector);
}

/** The resources a quota's keys count (to list each once). */
function trackedResources(keys: string[]): ResourceInfo[] {
  const out = new Map<string, ResourceInfo>();
  const addRi = (ri: ResourceInfo | undefined) => { if (ri) out.set(`${ri.group}/${ri.plural}`, ri); };
  for (const k of keys) {
    if (keyTracks(k, byGroupResource('', 'pods')!)) addRi(byGroupResource('', 'pods'));
    if (keyTracks(k, byGroupResource('', 'services')!)) addRi(byGroupResource('', 'services'));
    if (keyTracks(k, byGroupResource('', 'persistentvolumeclaims')!)) addRi(byGroupResource('', 'persistentvolumeclaims'));
    addRi(countedResource(k));
  }
  return [...out.values()];
}

/** Usage of every key of a quota's hard limits in its namespace, computed from the objects. */
export function computeUsage(api: APIServer, ns: string, rq: KObject, now: number): Record<string, string> {
  const hard: Record<string, unknown> = rq.spec?.hard ?? {};
  const keys = Object.keys(hard);
  const acc = new Map<string, Q>();
  for (const ri of trackedResources(keys)) {
    for (const o of api.list(ri, ns)) {
      if (!inScope(ri, o, rq)) continue;
      for (const k of keys) {
        const u = usageOf(ri, o, k, now);
        if (u && (u.v || !acc.has(k))) acc.set(k, add(acc.get(k), u));
      }
    }
  }
  const used: Record<string, string> = {};
  for (const k of keys) {
    const a = acc.get(k) ?? { v: 0, bin: false };
    if (COMPUTE.has(k) && !a.v) a.bin = false;
    used[k] = fmtQ(a);
  }
  return used;
}

/** status.hard: spec.hard in canonical form. */
export function canonicalHard(hard: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(hard ?? {})) out[k] = fmtQ(q(v));
  return out;
}

const keyCmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const pretty = (m: Record<string, string>) => Object.keys(m).sort(keyCmp).map(k => `${k}=${m[k]}`).join(',');

/**
 * The ResourceQuota admission plugin for a create (old undefined) or an update: every quota of the
 * namespace the object falls under must have room for what it adds; pods must state what a compute quota
 * constrains. On success the usage is charged to each quota's status.
 */
export function admitQuota(ri: ResourceInfo, obj: KObject, api: APIServer, old?: KObject, dryRun = false): void {
  const qri = byGroupResource('', 'resourcequotas');
  if (!qri || !ri.namespaced) return;
  const ns = obj.metadata.namespace ?? 'default';
  const quotas = api.list(qri, ns);
  if (!quotas.length) return;
  const now = api.clock.now();
  const gr = ri.group ? `${ri.plural}.${ri.group}` : ri.plural;
  const name = obj.metadata.name!;
  const relevant = quotas.filter(rq => Object.keys(rq.spec?.hard ?? {}).some(k => keyTracks(k, ri)) && inScope(ri, obj, rq));
  if (!relevant.length) return;
  // pods: every container must state what a compute quota constrains (checked for every quota first)
  if (isPodRi(ri) && !old) {
    for (const rq of relevant) {
      const missing: string[] = [];
      for (const k of Object.keys(rq.spec.hard).filter(k => COMPUTE.has(k)).sort(keyCmp)) {
        const [kind, res] = k.includes('.') ? (k.split('.') as ['requests' | 'limits', string]) : ['requests' as const, k];
        const names = [...new Set([...(obj.spec?.initContainers ?? []), ...(obj.spec?.containers ?? [])]
          .filter((c: any) => c.resources?.[kind]?.[res] === undefined).map((c: any) => String(c.name)))].sort(keyCmp);
        if (names.length) missing.push(`${k} for: ${names.join(',')}`);
      }
      if (missing.length) throw forbidden(gr, name, `failed quota: ${rq.metadata.name}: must specify ${missing.join('; ')}`);
    }
  }
  const charges: { rq: KObject; used: Record<string, string> }[] = [];
  for (const rq of relevant) {
    const hardSpec: Record<string, unknown> = rq.spec.hard;
    const keys = Object.keys(hardSpec).filter(k => keyTracks(k, ri));
    const used: Record<string, string> = rq.status?.used && keys.every(k => k in rq.status.used) ? rq.status.used : computeUsage(api, ns, rq, now);
    const fReq: Record<string, string> = {}, fUsed: Record<string, string> = {}, fHard: Record<string, string> = {};
    const next: Record<string, string> = { ...(rq.status?.used ?? used) };
    let grows = false;
    for (const k of keys) {
      const now1 = usageOf(ri, obj, k, now) ?? { v: 0, bin: false };
      const before = old && inScope(ri, old, rq) ? usageOf(ri, old, k, now) ?? { v: 0, bin: false } : { v: 0, bin: false };
      const delta = { v: now1.v - before.v, bin: now1.bin };
      if (delta.v <= 0) continue;
      grows = true;
      const u = q(used[k] ?? '0');
      const h = q(hardSpec[k]);
      if (u.v + delta.v > h.v + 1e-9) { fReq[k] = fmtQ(delta); fUsed[k] = used[k] ?? '0'; fHard[k] = fmtQ(h); }
      next[k] = fmtQ(add(u.v ? u : undefined, delta));
    }
    if (Object.keys(fReq).length)
      throw forbidden(gr, name, `exceeded quota: ${rq.metadata.name}, requested: ${pretty(fReq)}, used: ${pretty(fUsed)}, limited: ${pretty(fHard)}`);
    if (grows) charges.push({ rq, used: next });
  }
  if (dryRun) return;
  for (const c of charges) {
    const cur = api.tryGet(qri, ns, c.rq.metadata.name!);
    if (!cur?.status?.hard) continue;
    api.updateStatus({ ...cur, status: { ...cur.status, used: { ...(cur.status.used ?? {}), ...c.used } } });
  }
}
