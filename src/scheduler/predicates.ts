// Filters and scores, as kube-scheduler 1.33's default plugins decide them, and the FailedScheduling message.
// Filters run in the default profile's order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
// NodePorts, NodeResourcesFit, PodTopologySpread, InterPodAffinity); a node is rejected by the first that
// fails, with that plugin's reasons and status code (Unschedulable, or UnschedulableAndUnresolvable when no
// preemption can help). Pods nominated to a node by preemption (with at least the pod's priority) count as
// if they ran there. Scores: TaintToleration (PreferNoSchedule), NodeAffinity (preferred terms),
// InterPodAffinity and PodTopologySpread (preferred / ScheduleAnyway), weighted as the default profile does,
// on top of a least-allocated, owner-spreading base that keeps the replicas of one owner apart.
import type { KObject } from '../api/types';
import type { Runtime } from '../sim/runtime';
import { milli, parseQuantity } from '../util/quantity';
import { fromLabelSelector, matches } from '../api/selectors';
import { byGroupResource } from '../api/discovery';
import { firstUntolerated, tolerates } from '../util/taints';
import { cacheFor, hostPorts } from './cache';
import type { Selector } from '../api/selectors';
import { filterNode as volumeFilter, hasClaims, preFilter as volumePreFilter, PodVolumes } from './volumes';
import { podRequests, Requests } from './resources';
import { ClusterView, Verdict, interPodState, interPodFilter, spreadState, spreadFilter, interPodScores, spreadScores, normalize, InterPodState, SpreadState } from './interpod';

export { podRequests };
export type { Requests, Verdict };
export const priorityOf = (p: KObject): number => p.spec?.priority ?? 0;

export function nodeSelectorTermMatches(term: any, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const e of term.matchExpressions ?? []) {
    const v = labels[e.key];
    const has = e.key in labels;
    switch (e.operator) {
      case 'In': if (!has || !(e.values ?? []).includes(v)) return false; break;
      case 'NotIn': if (has && (e.values ?? []).includes(v)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      case 'Gt': if (!has || !(Number(v) > Number(e.values?.[0]))) return false; break;
      case 'Lt': if (!has || !(Number(v) < Number(e.values?.[0]))) return false; break;
    }
  }
  for (const f of term.matchFields ?? []) {
    const v = f.key === 'metadata.name' ? node.metadata.name : undefined;
    if (f.operator === 'In' && !(f.values ?? []).includes(v)) return false;
    if (f.operator === 'NotIn' && (f.values ?? []).includes(v)) return false;
  }
  return !!((term.matchExpressions ?? []).length || (term.matchFields ?? []).length);
}

/** NodeAffinity's required part: nodeSelector and requiredDuringScheduling terms (any term). */
export function nodeAffinityMatches(pod: KObject, n: KObject): boolean {
  if (pod.spec?.nodeSelector && !matches(fromLabelSelector({ matchLabels: pod.spec.nodeSelector }), n.metadata.labels)) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t: any) => nodeSelectorTermMatches(t, n))) return false;
  return true;
}

/** The cluster as the filters see it; `removed` hides pods (preemption victims) as if they were gone. */
export function clusterView(rt: Runtime, removed?: Set<string>): ClusterView {
  const cache = cacheFor(rt);
  const nodes = cache.nodes();
  let byName: Map<string, KObject> | undefined;
  const nsLabels = new Map<string, Record<string, string> | undefined>();
  const keep = (p: KObject) => !removed || !removed.has(p.metadata.uid!);
  return {
    nodes,
    podsOn: node => (removed?.size ? cache.podsOn(node).filter(keep) : cache.podsOn(node)),
    nodeByName: name => (byName ??= new Map(nodes.map(n => [n.metadata.name!, n]))).get(name),
    namespaceLabels: ns => {
      if (!nsLabels.has(ns)) nsLabels.set(ns, rt.api.tryGet(byGroupResource('', 'namespaces')!, undefined, ns)?.metadata.labels);
      return nsLabels.get(ns);
    },
    withRequiredAntiAffinity: () => cache.podsWithRequiredAntiAffinity().filter(keep),
    withPreferredAffinity: () => cache.podsWithPreferredAffinity().filter(keep),
  };
}

/** Per scheduling attempt: the pod's requests and the pre-filter states of the inter-pod plugins. */
export interface FilterContext {
  rt: Runtime;
  pod: KObject;
  req: Requests;
  view: ClusterView;
  interPod?: InterPodState;
  spread?: SpreadState;
  /** pods hidden from the node being evaluated (preemption's dry run) */
  removed?: Set<string>;
  /** VolumeBinding's PreFilter state (pods with claims) */
  volumes?: PodVolumes;
}
export function filterContext(rt: Runtime, pod: KObject, removed?: Set<string>): FilterContext {
  const view = clusterView(rt, removed);
  return { rt, pod, req: podRequests(pod), view, removed, interPod: interPodState(pod, view), spread: spreadState(pod, view, n => nodeAffinityMatches(pod, n)),
    volumes: hasClaims(pod) ? volumePreFilter(pod, rt) : undefined };
}

interface Used { cpu: number; memory: number; pods: number; ports: Map<string, number> }
/** What a node has in use: bound pods (minus hidden ones) plus pods nominated to it with at least the pod's priority. */
function used(ctx: FilterContext, node: string): Used {
  const cache = cacheFor(ctx.rt);
  const a = cache.agg(node);
  const nominated = cache.nominatedOn(node);
  if (!ctx.removed?.size && !nominated.length) return a;
  const u: Used = { cpu: a.cpu, memory: a.memory, pods: a.pods, ports: new Map(a.ports) };
  const add = (p: KObject, sign: number) => {
    const r = podRequests(p);
    u.cpu += sign * r.cpu; u.memory += sign * r.memory; u.pods += sign;
    for (const hp of hostPorts(p)) u.ports.set(hp, (u.ports.get(hp) ?? 0) + sign);
  };
  if (ctx.removed?.size) for (const p of cache.podsOn(node)) if (ctx.removed.has(p.metadata.uid!)) add(p, -1);
  const prio = priorityOf(ctx.pod);
  for (const p of nominated) if (p.metadata.uid !== ctx.pod.metadata.uid && priorityOf(p) >= prio) add(p, 1);
  return u;
}

/** RunFilterPlugins for one node: undefined when the node fits. */
export function runFilters(ctx: FilterContext, n: KObject): Verdict | undefined {
  const pod = ctx.pod;
  const name = n.metadata.name!;
  // NodeUnschedulable
  if (n.spec?.unschedulable && !tolerates(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))
    return { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] };
  // NodeName
  if (pod.spec?.nodeName && pod.spec.nodeName !== name) return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"] };
  // TaintToleration (NoSchedule and NoExecute taints)
  const taint = firstUntolerated(n.spec?.taints, pod.spec?.tolerations, t => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (taint) return { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`] };
  // NodeAffinity (nodeSelector and required node affinity)
  if (!nodeAffinityMatches(pod, n)) return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };
  const u = used(ctx, name);
  // NodePorts
  const ports = hostPorts(pod);
  if (ports.length && ports.some(p => (u.ports.get(p) ?? 0) > 0)) return { code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"] };
  // NodeResourcesFit
  const alloc = n.status?.allocatable ?? {};
  const reasons: string[] = [];
  if (u.pods + 1 > Number(alloc.pods ?? 110)) reasons.push('Too many pods');
  if (ctx.req.cpu && u.cpu + ctx.req.cpu > milli(alloc.cpu ?? 0)) reasons.push('Insufficient cpu');
  if (ctx.req.memory && u.memory + ctx.req.memory > parseQuantity(alloc.memory ?? 0)) reasons.push('Insufficient memory');
  if (reasons.length) return { code: 'Unschedulable', reasons };
  // VolumeBinding (src/scheduler/volumes.ts)
  if (ctx.volumes && !ctx.volumes.error) {
    const why = volumeFilter(ctx.volumes, n, ctx.rt);
    if (why) return { code: 'UnschedulableAndUnresolvable', reasons: [why] };
  }
  // PodTopologySpread, InterPodAffinity
  return spreadFilter(ctx.spread, n) ?? interPodFilter(ctx.interPod, n);
}

export interface Filtered { fits: KObject[]; statuses: Map<string, Verdict> }

/**
 * How many feasible nodes kube-scheduler looks for before it stops filtering (numFeasibleNodesToFind with the
 * default percentageOfNodesToScore): every node up to 100, else 50% less a point per 125 nodes (at least 5%),
 * and never fewer than 100.
 */
export function numFeasibleNodesToFind(all: number): number {
  if (all < 100) return all;
  const pct = Math.max(5, 50 - Math.trunc(all / 125));
  return Math.max(100, Math.trunc((all * pct) / 100));
}

/** findNodesThatPassFilters: from where the last search stopped, until enough nodes fit (or every node failed). */
export function filterNodes(ctx: FilterContext, nodes: KObject[]): Filtered {
  const fits: KObject[] = [];
  const statuses = new Map<string, Verdict>();
  const cache = cacheFor(ctx.rt);
  const all = nodes.length, want = numFeasibleNodesToFind(all), start = all ? cache.nextStart % all : 0;
  let processed = 0;
  for (; processed < all && fits.length < want; processed++) {
    const n = nodes[(start + processed) % all]!;
    const v = runFilters(ctx, n);
    if (v) statuses.set(n.metadata.name!, v); else fits.push(n);
  }
  if (all) cache.nextStart = (start + processed) % all;
  return { fits, statuses };
}

/**
 * Scores of the nodes that fit: a least-allocated, owner-spreading base, plus the default profile's weighted
 * TaintToleration (3), NodeAffinity (2), PodTopologySpread (2) and InterPodAffinity (2) scores, each 0-100.
 */
export function scoreNodes(ctx: FilterContext, nodes: KObject[]): Map<string, number> {
  const { rt, pod } = ctx;
  const cache = cacheFor(rt);
  const owner = pod.metadata.ownerReferences?.find(r => r.controller)?.uid;
  const out = new Map<string, number>();
  for (const n of nodes) {
    const a = cache.agg(n.metadata.name!);
    const same = owner ? a.owners.get(owner) ?? 0 : 0;
    const alloc = n.status?.allocatable ?? {};
    const cpuFree = 1 - a.cpu / Math.max(1, milli(alloc.cpu ?? 1));
    const memFree = 1 - a.memory / Math.max(1, parseQuantity(alloc.memory ?? 1));
    out.set(n.metadata.name!, -same * 100 - a.pods + (cpuFree + memFree) * 10);
  }
  const addWeighted = (scores: Map<string, number> | undefined, weight: number) => {
    if (!scores) return;
    for (const [k, v] of scores) if (out.has(k)) out.set(k, out.get(k)! + weight * v);
  };
  // TaintToleration: intolerable PreferNoSchedule taints
  if (nodes.some(n => n.spec?.taints?.some((t: any) => t.effect === 'PreferNoSchedule'))) {
    const prefer = new Map(nodes.map(n => [n.metadata.name!, (n.spec?.taints ?? []).filter((t: any) => t.effect === 'PreferNoSchedule' && !tolerates(pod.spec?.tolerations, t)).length]));
    if ([...prefer.values()].some(v => v > 0)) addWeighted(normalize(prefer, true), 3);
  }
  // NodeAffinity: preferred terms
  const terms: any[] = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  if (terms.length) addWeighted(normalize(new Map(nodes.map(n => [n.metadata.name!, terms.reduce((s, t) => s + (t.preference && nodeSelectorTermMatches(t.preference, n) ? t.weight ?? 0 : 0), 0)]))), 2);
  addWeighted(spreadScores(pod, ctx.view, nodes, n => nodeAffinityMatches(pod, n)), 2);
  addWeighted(interPodScores(pod, ctx.view), 2);
  return out;
}

/**
 * The common case in one pass: a pod with no inter-pod terms or spread constraints, no preferred node
 * affinity, in a cluster where no bound pod has inter-pod terms, nothing is nominated and no node has a
 * PreferNoSchedule taint. Then the filters are the plain ones and the score is the base one, and the node
 * filterNodes then scoreNodes would pick (the first of the highest) is found without building their maps. Undefined when the case does not apply (use them), null
 * when no node fits (filterNodes says why).
 */
export function pickPlainNode(rt: Runtime, pod: KObject): KObject | null | undefined {
  const spec = pod.spec ?? {};
  const aff = spec.affinity;
  if (hasClaims(pod)) return undefined; // VolumeBinding: the full path
  if (aff?.podAffinity || aff?.podAntiAffinity || spec.topologySpreadConstraints?.length
    || aff?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length) return undefined;
  const cache = cacheFor(rt);
  if (cache.anyNominated() || cache.anyInterPodTerms()) return undefined;
  const nodes = cache.nodes();
  const infos = cache.infos();
  for (const ni of infos) if (ni.preferNoSchedule) return undefined;
  const aggs = cache.aggs();
  const req = podRequests(pod);
  const ports = hostPorts(pod);
  const selector: Selector | undefined = spec.nodeSelector ? fromLabelSelector({ matchLabels: spec.nodeSelector }) : undefined;
  const terms = aff?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const tolerations = spec.tolerations;
  const tolUnschedulable = tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  const owner = pod.metadata.ownerReferences?.find(r => r.controller)?.uid;
  let best = -1, bestScore = -Infinity, first = -1;
  // (kube-scheduler's search: from where the last one stopped, until numFeasibleNodesToFind nodes fit)
  const all = nodes.length, want = numFeasibleNodesToFind(all), start = all ? cache.nextStart % all : 0;
  let found = 0, processed = 0;
  for (; processed < all && found < want; processed++) {
    const i = (start + processed) % all;
    const ni = infos[i]!;
    if (ni.unschedulable && !tolUnschedulable) continue;
    if (spec.nodeName && spec.nodeName !== ni.name) continue;
    if (ni.taints && ni.taints.some(t => !tolerates(tolerations, t))) continue;
    const n = nodes[i]!;
    if (selector && !matches(selector, n.metadata.labels)) continue;
    if (terms && !terms.some((t: any) => nodeSelectorTermMatches(t, n))) continue;
    const a = aggs[i]!;
    if (ports.length && ports.some(p => (a.ports.get(p) ?? 0) > 0)) continue;
    if (a.pods + 1 > ni.alloc.pods) continue;
    if (req.cpu && a.cpu + req.cpu > ni.alloc.cpu) continue;
    if (req.memory && a.memory + req.memory > ni.alloc.memory) continue;
    if (first < 0) first = i;
    found++;
    const same = owner ? a.owners.get(owner) ?? 0 : 0;
    const s = -same * 100 - a.pods + ((1 - a.cpu / ni.cpuDen) + (1 - a.memory / ni.memDen)) * 10;
    if (s > bestScore) { best = i; bestScore = s; }
  }
  if (first < 0) return null;
  if (all) cache.nextStart = (start + processed) % all;
  return nodes[best < 0 ? first : best]!;
}

/** Go's sorted reasons histogram: "<count> <reason>", sorted as strings. */
export function histogram(statuses: Iterable<Verdict>): string[] {
  const m = new Map<string, number>();
  for (const v of statuses) for (const r of v.reasons) m.set(r, (m.get(r) ?? 0) + 1);
  return [...m.entries()].map(([r, n]) => `${n} ${r}`).sort();
}

/** FitError.Error(): `0/N nodes are available: <histogram>.` and the post-filter's message. */
export function fitErrorMessage(total: number, statuses: Map<string, Verdict>, postFilterMsg: string, preFilterMsg = ''): string {
  // a PreFilter failure gives every node the same status: its message stands alone
  const h = preFilterMsg ? [preFilterMsg] : histogram(statuses.values());
  let msg = `0/${total} nodes are available:`;
  if (h.length) msg += ` ${h.join(', ')}.`;
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}
