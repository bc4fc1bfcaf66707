// ResourceQuota usage (shared by the resource quota controller and admission) and the ResourceQuota
// admission plugin for pods: a pod create that would take a quota's usage past its hard limit is Forbidden.
// Usage is computed from the namespace's objects as they are (the controller writes the same figures).
import type { KObject, ResourceInfo } from '../types';
import type { APIServer } from '../server';
import type { Strategy } from './types';
import { groupResource } from '../types';
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

const podRi = () => byGroupResource('', 'pods')!;

/** QuotaV1Pod: does this pod count against quota (not terminal, not past its deletion grace)? */
export function podCounts(p: KObject, now: number): boolean {
  const ph = p.status?.phase;
  if (ph === 'Succeeded' || ph === 'Failed') return false;
  const dt = p.metadata.deletionTimestamp;
  if (dt && p.metadata.deletionGracePeriodSeconds != null && now > Date.parse(dt) + p.metadata.deletionGracePeriodSeconds * 1000) return false;
  return true;
}

/** resourcehelper.PodRequests/PodLimits for one resource: max(sum of containers, max of init containers) + overhead. */
function podResource(p: KObject, kind: 'requests' | 'limits', res: string): Q | undefined {
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

/** The usage one pod adds for one quota resource name (undefined: not a pod resource). */
export function podUsage(p: KObject, key: string): Q | undefined {
  if (key === 'pods' || key === 'count/pods') return { v: 1, bin: false };
  if (key === 'cpu' || key === 'memory' || key === 'ephemeral-storage') return podResource(p, 'requests', key) ?? { v: 0, bin: false };
  const m = key.match(/^(requests|limits)\.(.+)$/);
  if (m && m[2] !== 'storage' && !m[2].includes('.storageclass.')) return podResource(p, m[1] as 'requests' | 'limits', m[2]) ?? { v: 0, bin: false };
  return undefined;
}
export const isPodKey = (key: string) => podUsage({ apiVersion: 'v1', kind: 'Pod', metadata: {} }, key) !== undefined;
const COMPUTE = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** The quota scopes a pod falls in (Terminating, NotTerminating, BestEffort, NotBestEffort). */
export function podInScopes(p: KObject, scopes: string[] | undefined): boolean {
  for (const s of scopes ?? []) {
    const term = p.spec?.activeDeadlineSeconds != null;
    const best = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])]
      .every((c: any) => !Object.keys(c.resources?.requests ?? {}).length && !Object.keys(c.resources?.limits ?? {}).length);
    if ((s === 'Terminating' && !term) || (s === 'NotTerminating' && term) || (s === 'BestEffort' && !best) || (s === 'NotBestEffort' && best)) return false;
  }
  return true;
}

/** The resource a quota key counts objects of (`services`, `count/deployments.apps`), if any. */
export function countedResource(key: string): ResourceInfo | undefined {
  const simple: Record<string, string> = {
    services: 'services', configmaps: 'configmaps', secrets: 'secrets', persistentvolumeclaims: 'persistentvolumeclaims',
    replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
  };
  if (simple[key]) return byGroupResource('', simple[key]!);
  if (!key.startsWith('count/')) return undefined;
  const gr = key.slice(6);
  const dot = gr.indexOf('.');
  return dot < 0 ? byGroupResource('', gr) : byGroupResource(gr.slice(dot + 1), gr.slice(0, dot));
}
/** Does a change to this resource affect this quota key? */
export function keyTracks(key: string, ri: ResourceInfo): boolean {
  if (ri.kind === 'Pod' && ri.group === '') return isPodKey(key);
  if (ri.kind === 'Service' && ri.group === '' && key.startsWith('services.')) return true;
  if (ri.kind === 'PersistentVolumeClaim' && ri.group === '' && (key === 'requests.storage' || key.includes('.storageclass.'))) return true;
  const c = countedResource(key);
  return !!c && c.group === ri.group && c.plural === ri.plural;
}

/** Usage of every key of `hard` in namespace `ns`, computed from the objects (pods listed once). */
export function computeUsage(api: APIServer, ns: string, hard: Record<string, unknown>, scopes: string[] | undefined, now: number): Record<string, string> {
  const used: Record<string, string> = {};
  let pods: KObject[] | undefined;
  const lists = new Map<string, KObject[]>();
  const listOf = (ri: ResourceInfo) => {
    const k = groupResource(ri);
    let l = lists.get(k);
    if (!l) lists.set(k, (l = api.list(ri, ns)));
    return l;
  };
  for (const key of Object.keys(hard)) {
    if (isPodKey(key)) {
      pods ??= api.list(podRi(), ns).filter(p => podCounts(p, now) && podInScopes(p, scopes));
      let acc: Q = { v: 0, bin: false };
      let first = true;
      for (const p of pods) {
        const u = podUsage(p, key)!;
        if (first && u.v) { acc = { v: acc.v, bin: u.bin }; first = false; }
        acc.v += u.v;
      }
      if (COMPUTE.has(key) && first) acc.bin = false;
      used[key] = fmtQ(acc);
      continue;
    }
    if (key === 'services.nodeports' || key === 'services.loadbalancers') {
      let n = 0;
      for (const s of listOf(byGroupResource('', 'services')!)) {
        const t = s.spec?.type;
        if (key === 'services.loadbalancers') { if (t === 'LoadBalancer') n++; }
        else if (t === 'NodePort' || t === 'LoadBalancer') n += (s.spec?.ports ?? []).filter((p: any) => p.nodePort || t === 'NodePort' || s.spec?.allocateLoadBalancerNodePorts !== false).length;
      }
      used[key] = String(n);
      continue;
    }
    if (key === 'requests.storage') {
      let acc: Q = { v: 0, bin: false };
      let first = true;
      for (const c of listOf(byGroupResource('', 'persistentvolumeclaims')!)) {
        const s = c.spec?.resources?.requests?.storage;
        if (s === undefined) continue;
        const x = q(s);
        if (first) { acc.bin = x.bin; first = false; }
        acc.v += x.v;
      }
      used[key] = fmtQ(acc);
      continue;
    }
    const ri = countedResource(key);
    used[key] = ri ? String(listOf(ri).length) : '0';
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

/** The ResourceQuota admission plugin, for a pod about to be created. */
export function admitPodQuota(pod: KObject, api: APIServer): void {
  const qri = byGroupResource('', 'resourcequotas');
  const ns = pod.metadata.namespace ?? 'default';
  if (!qri) return;
  const quotas = api.list(qri, ns);
  if (!quotas.length) return;
  if (api.tryGet(podRi(), ns, pod.metadata.name!)) return; // an update, not a create
  const now = api.clock.now();
  const relevant = quotas.filter(rq => Object.keys(rq.spec?.hard ?? {}).some(isPodKey) && podInScopes(pod, rq.spec?.scopes));
  // every container must state what a compute quota constrains (checked for every quota first)
  for (const rq of relevant) {
    const missing: string[] = [];
    for (const k of Object.keys(rq.spec.hard).filter(k => COMPUTE.has(k)).sort(keyCmp)) {
      const [kind, res] = k.includes('.') ? (k.split('.') as ['requests' | 'limits', string]) : ['requests' as const, k];
      const names = [...new Set([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]
        .filter((c: any) => c.resources?.[kind]?.[res] === undefined).map((c: any) => String(c.name)))].sort(keyCmp);
      if (names.length) missing.push(`${k} for: ${names.join(',')}`);
    }
    if (missing.length) throw forbidden('pods', pod.metadata.name!, `failed quota: ${rq.metadata.name}: must specify ${missing.join('; ')}`);
  }
  for (const rq of relevant) {
    const hard: Record<string, unknown> = rq.spec.hard;
    const keys = Object.keys(hard).filter(isPodKey);
    const used = computeUsage(api, ns, Object.fromEntries(keys.map(k => [k, hard[k]])), rq.spec?.scopes, now);
    const fReq: Record<string, string> = {}, fUsed: Record<string, string> = {}, fHard: Record<string, string> = {};
    for (const k of keys) {
      const req = podUsage(pod, k)!;
      if (!req.v) continue;
      const u = parseQuantity(used[k]);
      const h = q(hard[k]);
      if (u + req.v > h.v + 1e-9) {
        fReq[k] = fmtQ(req); fUsed[k] = used[k]!; fHard[k] = fmtQ(h);
      }
    }
    if (Object.keys(fReq).length)
      throw forbidden('pods', pod.metadata.name!, `exceeded quota: ${rq.metadata.name}, requested: ${pretty(fReq)}, used: ${pretty(fUsed)}, limited: ${pretty(fHard)}`);
  }
}

/** The pod strategy with quota admission after validation (only a valid pod is charged). */
export function withQuotaAdmission(s: Strategy): Strategy {
  return {
    ...s,
    validate(o, api) {
      const errs = s.validate?.(o, api) ?? [];
      if (!errs.length) admitPodQuota(o, api);
      return errs;
    },
  };
}
