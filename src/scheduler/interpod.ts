// Inter-pod scheduling rules, as kube-scheduler's InterPodAffinity and PodTopologySpread plugins decide them:
// required pod affinity and anti-affinity (the incoming pod's terms, and existing pods' anti-affinity towards
// it), preferred terms as a score, and topology spread constraints (DoNotSchedule as a filter, ScheduleAnyway
// as a score). Everything is counted per topology pair (key, value) over the pods the terms select.
import type { KObject } from '../api/types';
import { fromLabelSelector, matches } from '../api/selectors';

/** What the rules read of the cluster: nodes, pods bound to each (minus preemption victims), namespaces. */
export interface ClusterView {
  nodes: KObject[];
  podsOn(node: string): KObject[];
  nodeByName(name: string): KObject | undefined;
  namespaceLabels(ns: string): Record<string, string> | undefined;
  withRequiredAntiAffinity(): KObject[];
  withPreferredAffinity(): KObject[];
}
export interface Verdict { code: 'Unschedulable' | 'UnschedulableAndUnresolvable'; reasons: string[] }

interface Term { selector: ReturnType<typeof fromLabelSelector> | undefined; namespaces: Set<string> | 'all'; nsSelector?: ReturnType<typeof fromLabelSelector>; key: string; weight: number }

function termOf(t: any, ownerNs: string, weight = 1): Term {
  const nsList: string[] = t.namespaces ?? [];
  let namespaces: Set<string> | 'all' = new Set(nsList);
  let nsSelector;
  if (t.namespaceSelector) {
    const empty = !Object.keys(t.namespaceSelector.matchLabels ?? {}).length && !(t.namespaceSelector.matchExpressions ?? []).length;
    if (empty) namespaces = 'all'; else nsSelector = fromLabelSelector(t.namespaceSelector);
  } else if (!nsList.length) namespaces = new Set([ownerNs]);
  return { selector: t.labelSelector ? fromLabelSelector(t.labelSelector) : undefined, namespaces, nsSelector, key: t.topologyKey, weight };
}
function termMatches(term: Term, pod: KObject, view: ClusterView): boolean {
  if (!term.selector || !matches(term.selector, pod.metadata.labels)) return false;
  const ns = pod.metadata.namespace!;
  if (term.namespaces === 'all' || term.namespaces.has(ns)) return true;
  return !!term.nsSelector && matches(term.nsSelector, view.namespaceLabels(ns));
}
const pair = (key: string, value: string) => `${key}\u0000${value}`;

const required = (pod: KObject, kind: 'podAffinity' | 'podAntiAffinity') =>
  (pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => termOf(t, pod.metadata.namespace!));
const preferred = (pod: KObject, kind: 'podAffinity' | 'podAntiAffinity') =>
  (pod.spec?.affinity?.[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w: any) => termOf(w.podAffinityTerm ?? {}, pod.metadata.namespace!, w.weight ?? 0));

export interface InterPodState { affinity: Term[]; anti: Term[]; affinityCounts: Map<string, number>; antiCounts: Map<string, number>; existingAnti: Map<string, number>; selfMatch: boolean }

/** PreFilter: counts per topology pair of the pods the incoming pod's terms select, and of existing pods whose anti-affinity selects it. */
export function interPodState(pod: KObject, view: ClusterView): InterPodState | undefined {
  const affinity = required(pod, 'podAffinity'), anti = required(pod, 'podAntiAffinity');
  const others = view.withRequiredAntiAffinity();
  if (!affinity.length && !anti.length && !others.length) return undefined;
  const st: InterPodState = { affinity, anti, affinityCounts: new Map(), antiCounts: new Map(), existingAnti: new Map(), selfMatch: affinity.every((t: Term) => termMatches(t, pod, view)) };
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const q of others) {
    const node = view.nodeByName(q.spec.nodeName);
    if (!node || q.metadata.uid === pod.metadata.uid) continue;
    for (const t of required(q, 'podAntiAffinity')) {
      const v = node.metadata.labels?.[t.key];
      if (v !== undefined && termMatches(t, pod, view)) inc(st.existingAnti, pair(t.key, v));
    }
  }
  if (affinity.length || anti.length) {
    for (const node of view.nodes) {
      const labels = node.metadata.labels ?? {};
      for (const q of view.podsOn(node.metadata.name!)) {
        if (q.metadata.uid === pod.metadata.uid) continue;
        if (affinity.length && affinity.every((t: Term) => termMatches(t, q, view)))
          for (const t of affinity) if (labels[t.key] !== undefined) inc(st.affinityCounts, pair(t.key, labels[t.key]!));
        for (const t of anti) if (labels[t.key] !== undefined && termMatches(t, q, view)) inc(st.antiCounts, pair(t.key, labels[t.key]!));
      }
    }
  }
  return st;
}

/** The InterPodAffinity filter for one node. */
export function interPodFilter(st: InterPodState | undefined, node: KObject): Verdict | undefined {
  if (!st) return undefined;
  const labels = node.metadata.labels ?? {};
  let podsExist = true;
  for (const t of st.affinity) {
    const v = labels[t.key];
    if (v === undefined) return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match pod affinity rules"] };
    if (!(st.affinityCounts.get(pair(t.key, v))! > 0)) podsExist = false;
  }
  if (!podsExist && !(st.affinityCounts.size === 0 && st.selfMatch))
    return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match pod affinity rules"] };
  for (const t of st.anti) {
    const v = labels[t.key];
    if (v !== undefined && (st.antiCounts.get(pair(t.key, v)) ?? 0) > 0) return { code: 'Unschedulable', reasons: ["node(s) didn't match pod anti-affinity rules"] };
  }
  for (const [k, n] of st.existingAnti) {
    if (n <= 0) continue;
    const [key, value] = k.split('\u0000') as [string, string];
    if (labels[key] === value) return { code: 'Unschedulable', reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"] };
  }
  return undefined;
}

/** InterPodAffinity score: the incoming pod's preferred (anti-)affinity and existing pods' preferred terms towards it. */
export function interPodScores(pod: KObject, view: ClusterView): Map<string, number> | undefined {
  const pa = preferred(pod, 'podAffinity'), pn = preferred(pod, 'podAntiAffinity');
  const others = view.withPreferredAffinity();
  if (!pa.length && !pn.length && !others.length) return undefined;
  const scores = new Map<string, number>();
  const add = (key: string, value: string, w: number) => { const k = pair(key, value); scores.set(k, (scores.get(k) ?? 0) + w); };
  let any = false;
  // the incoming pod's preferred terms, over the pods they select
  if (pa.length || pn.length) {
    for (const node of view.nodes) {
      const labels = node.metadata.labels ?? {};
      for (const q of view.podsOn(node.metadata.name!)) {
        if (q.metadata.uid === pod.metadata.uid) continue;
        for (const t of pa) if (labels[t.key] !== undefined && termMatches(t, q, view)) { add(t.key, labels[t.key]!, t.weight); any = true; }
        for (const t of pn) if (labels[t.key] !== undefined && termMatches(t, q, view)) { add(t.key, labels[t.key]!, -t.weight); any = true; }
      }
    }
  }
  // existing pods' preferred terms that select the incoming pod
  for (const q of others) {
    const labels = view.nodeByName(q.spec.nodeName)?.metadata.labels ?? {};
    if (q.metadata.uid === pod.metadata.uid) continue;
    for (const t of preferred(q, 'podAffinity')) if (labels[t.key] !== undefined && termMatches(t, pod, view)) { add(t.key, labels[t.key]!, t.weight); any = true; }
    for (const t of preferred(q, 'podAntiAffinity')) if (labels[t.key] !== undefined && termMatches(t, pod, view)) { add(t.key, labels[t.key]!, -t.weight); any = true; }
  }
  if (!any) return undefined;
  const raw = new Map<string, number>();
  for (const node of view.nodes) {
    let s = 0;
    for (const [k, w] of scores) { const [key, value] = k.split('\u0000') as [string, string]; if (node.metadata.labels?.[key] === value) s += w; }
    raw.set(node.metadata.name!, s);
  }
  return normalize(raw);
}

/** max→100, min→0 (all equal: 0), as the plugins' NormalizeScore does. */
export function normalize(raw: Map<string, number>, reverse = false): Map<string, number> {
  const vals = [...raw.values()];
  const max = Math.max(...vals), min = Math.min(...vals);
  const out = new Map<string, number>();
  for (const [k, v] of raw) out.set(k, max === min ? (reverse ? 100 : 0) : Math.floor(100 * (reverse ? max - v : v - min) / (max - min)));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// PodTopologySpread

const NOTHING = [{ key: '', op: 'in' as const, values: [] as string[] }];
interface Constraint { key: string; maxSkew: number; minDomains: number; selector: ReturnType<typeof fromLabelSelector>; hard: boolean }
export interface SpreadState { constraints: Constraint[]; counts: Map<string, number>; domains: Map<string, Set<string>>; selfMatch: boolean[] }

function constraintsOf(pod: KObject, hard: boolean): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? []).filter((c: any) => (c.whenUnsatisfiable === 'DoNotSchedule') === hard).map((c: any) => {
    const sel = JSON.parse(JSON.stringify(c.labelSelector ?? {}));
    for (const k of c.matchLabelKeys ?? []) {
      const v = pod.metadata.labels?.[k];
      if (v !== undefined) (sel.matchExpressions ??= []).push({ key: k, operator: 'In', values: [v] });
    }
    // a nil selector selects nothing
    return { key: c.topologyKey, maxSkew: c.maxSkew ?? 1, minDomains: c.minDomains ?? 1, selector: c.labelSelector ? fromLabelSelector(sel) : NOTHING, hard };
  });
}

/** PreFilter: matching pods per topology pair over the nodes the pod could go to (its node affinity honoured). */
export function spreadState(pod: KObject, view: ClusterView, eligible: (n: KObject) => boolean, hard = true): SpreadState | undefined {
  const constraints = constraintsOf(pod, hard);
  if (!constraints.length) return undefined;
  const st: SpreadState = { constraints, counts: new Map(), domains: new Map(), selfMatch: constraints.map(c => matches(c.selector, pod.metadata.labels)) };
  for (const c of constraints) st.domains.set(c.key, new Set());
  for (const node of view.nodes) {
    const labels = node.metadata.labels ?? {};
    if (!constraints.every(c => labels[c.key] !== undefined) || !eligible(node)) continue;
    const pods = view.podsOn(node.metadata.name!).filter(q => !q.metadata.deletionTimestamp && q.metadata.namespace === pod.metadata.namespace);
    for (const c of constraints) {
      const v = labels[c.key]!;
      st.domains.get(c.key)!.add(v);
      const k = pair(c.key, v);
      st.counts.set(k, (st.counts.get(k) ?? 0) + pods.filter(q => matches(c.selector, q.metadata.labels)).length);
    }
  }
  return st;
}

export function spreadFilter(st: SpreadState | undefined, node: KObject): Verdict | undefined {
  if (!st) return undefined;
  const labels = node.metadata.labels ?? {};
  for (const c of st.constraints) if (labels[c.key] === undefined)
    return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"] };
  for (let i = 0; i < st.constraints.length; i++) {
    const c = st.constraints[i]!;
    const doms = [...st.domains.get(c.key)!];
    let min = doms.length ? Math.min(...doms.map(d => st.counts.get(pair(c.key, d)) ?? 0)) : 0;
    if (doms.length < c.minDomains) min = 0;
    const skew = (st.counts.get(pair(c.key, labels[c.key]!)) ?? 0) + (st.selfMatch[i] ? 1 : 0) - min;
    if (skew > c.maxSkew) return { code: 'Unschedulable', reasons: ["node(s) didn't match pod topology spread constraints"] };
  }
  return undefined;
}

/** PodTopologySpread score for ScheduleAnyway constraints: fewer matching pods in the node's domains is better. */
export function spreadScores(pod: KObject, view: ClusterView, nodes: KObject[], eligible: (n: KObject) => boolean): Map<string, number> | undefined {
  const st = spreadState(pod, view, eligible, false);
  if (!st) return undefined;
  const raw = new Map<string, number>();
  for (const n of nodes) {
    let s = 0;
    for (const c of st.constraints) {
      const v = n.metadata.labels?.[c.key];
      if (v !== undefined) s += (st.counts.get(pair(c.key, v)) ?? 0) * Math.log(st.domains.get(c.key)!.size + 2);
    }
    raw.set(n.metadata.name!, s);
  }
  return normalize(raw, true);
}
