// Preemption, as kube-scheduler's DefaultPreemption post-filter does it (framework/preemption): when no node
// fits, a pod that may preempt (preemptionPolicy PreemptLowerPriority, no lower-priority pod of the nominated
// node already terminating by preemption) looks at the nodes that failed for reasons removing pods could
// fix. On each, all lower-priority pods are set aside; if the pod then fits, as many as possible are given
// back (those whose eviction would break a PodDisruptionBudget first, higher priority first), and the rest
// are the victims. The node with the fewest budget violations, then the lowest highest victim priority,
// lowest priority sum, fewest victims, latest-started highest victim wins: its victims get the
// DisruptionTarget condition, a Preempted event and a graceful delete, and the pod is nominated to it.
// Otherwise the post-filter's message says why, per node.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { fromLabelSelector, matches } from '../api/selectors';
import { StatusError } from '../api/errors';
import { cacheFor } from './cache';
import { filterContext, runFilters, fitErrorMessage, priorityOf, Verdict } from './predicates';

export interface PostFilterResult { nominatedNode?: string; message: string }

const startTime = (p: KObject) => Date.parse(p.status?.startTime ?? p.metadata.creationTimestamp ?? '') || 0;
/** util.MoreImportantPod: higher priority, then the one that started earlier. */
const moreImportant = (a: KObject, b: KObject) => (priorityOf(a) !== priorityOf(b) ? priorityOf(b) - priorityOf(a) : startTime(a) - startTime(b));
const terminatingByPreemption = (p: KObject) => !!p.metadata.deletionTimestamp
  && (p.status?.conditions ?? []).some((c: any) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'PreemptionByScheduler');

/** PodEligibleToPreemptOthers: undefined when eligible, else why not. */
function notEligible(rt: Runtime, pod: KObject, statuses: Map<string, Verdict>): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nom = pod.status?.nominatedNodeName;
  if (nom) {
    if (statuses.get(nom)?.code === 'UnschedulableAndUnresolvable') return undefined;
    const prio = priorityOf(pod);
    if (cacheFor(rt).podsOn(nom).some(p => priorityOf(p) < prio && terminatingByPreemption(p)))
      return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

interface Candidate { node: string; victims: KObject[]; violations: number }

/** The budgets of the victims' namespaces and how many disruptions each still allows. */
function budgets(rt: Runtime): { pdb: KObject; sel: ReturnType<typeof fromLabelSelector>; allowed: number }[] {
  const ri = byGroupResource('policy', 'poddisruptionbudgets')!;
  return rt.api.list(ri, undefined).filter(p => {
    const s = p.spec?.selector;
    return s && (Object.keys(s.matchLabels ?? {}).length || (s.matchExpressions ?? []).length);
  }).map(pdb => ({ pdb, sel: fromLabelSelector(pdb.spec.selector), allowed: pdb.status?.disruptionsAllowed ?? 0 }));
}

/** filterPodsWithPDBViolation: which victims would break a budget. */
function splitByBudget(rt: Runtime, pods: KObject[]): { violating: KObject[]; fine: KObject[] } {
  const bs = budgets(rt);
  const violating: KObject[] = [], fine: KObject[] = [];
  for (const p of pods) {
    let broke = false;
    for (const b of bs) {
      if (b.pdb.metadata.namespace !== p.metadata.namespace || !matches(b.sel, p.metadata.labels)) continue;
      if (p.metadata.name! in (b.pdb.status?.disruptedPods ?? {})) continue;
      b.allowed--;
      if (b.allowed < 0) broke = true;
    }
    (broke ? violating : fine).push(p);
  }
  return { violating, fine };
}

/** SelectVictimsOnNode */
function selectVictims(rt: Runtime, pod: KObject, node: KObject): Candidate | Verdict {
  const name = node.metadata.name!;
  const prio = priorityOf(pod);
  const lower = cacheFor(rt).podsOn(name).filter(p => priorityOf(p) < prio);
  if (!lower.length) return { code: 'UnschedulableAndUnresolvable', reasons: ['No preemption victims found for incoming pod'] };
  const removed = new Set(lower.map(p => p.metadata.uid!));
  const fits = () => !runFilters(filterContext(rt, pod, removed), node);
  const all = runFilters(filterContext(rt, pod, removed), node);
  if (all) return all;
  lower.sort(moreImportant);
  const { violating, fine } = splitByBudget(rt, lower);
  const victims: KObject[] = [];
  let violations = 0;
  const reprieve = (p: KObject, counts: boolean) => {
    removed.delete(p.metadata.uid!);
    if (fits()) return;
    removed.add(p.metadata.uid!);
    victims.push(p);
    if (counts) violations++;
  };
  for (const p of violating) reprieve(p, true);
  for (const p of fine) reprieve(p, false);
  if (violating.length && fine.length) victims.sort(moreImportant);
  return { node: name, victims, violations };
}

/** pickOneNodeForPreemption */
function pick(cands: Candidate[]): Candidate {
  const by = (f: (c: Candidate) => number, lowest = true) => {
    const best = lowest ? Math.min(...cands.map(f)) : Math.max(...cands.map(f));
    cands = cands.filter(c => f(c) === best);
  };
  by(c => c.violations);
  by(c => Math.max(...c.victims.map(priorityOf)));
  by(c => c.victims.reduce((s, p) => s + priorityOf(p) + 2147483648, 0));
  by(c => c.victims.length);
  // the highest-priority victim that started latest
  by(c => Math.max(...c.victims.filter(p => priorityOf(p) === Math.max(...c.victims.map(priorityOf))).map(startTime)), false);
  return cands[0]!;
}

/** The DefaultPreemption post-filter. The message is "" when a node was nominated. */
export function preempt(rt: Runtime, pod: KObject, nodes: KObject[], statuses: Map<string, Verdict>): PostFilterResult {
  const why = notEligible(rt, pod, statuses);
  if (why) return { message: `preemption: ${why}` };
  const dry = new Map<string, Verdict>();
  const cands: Candidate[] = [];
  for (const n of nodes) {
    const st = statuses.get(n.metadata.name!);
    if (!st || st.code === 'UnschedulableAndUnresolvable') continue;
    const r = selectVictims(rt, pod, n);
    if ('victims' in r) { if (r.victims.length) cands.push(r); else dry.set(n.metadata.name!, { code: 'Unschedulable', reasons: [`expected at least one victim pod on node "${n.metadata.name}"`] }); }
    else dry.set(n.metadata.name!, r);
  }
  if (!cands.length) {
    for (const n of nodes) if (!dry.has(n.metadata.name!)) dry.set(n.metadata.name!, { code: 'UnschedulableAndUnresolvable', reasons: ['Preemption is not helpful for scheduling'] });
    return { message: `preemption: ${fitErrorMessage(nodes.length, dry, '')}` };
  }
  const best = pick(cands);
  prepareCandidate(rt, pod, best);
  return { nominatedNode: best.node, message: '' };
}

/** prepareCandidate: the victims go (DisruptionTarget, Preempted, delete); lower-priority pods nominated there lose it. */
function prepareCandidate(rt: Runtime, pod: KObject, c: Candidate): void {
  const podRi = byGroupResource('', 'pods')!;
  const scheduler = pod.spec?.schedulerName ?? 'default-scheduler';
  for (const v of c.victims) {
    try {
      rt.api.mutate(podRi, v.metadata.namespace, v.metadata.name!, p => {
        const conds: any[] = ((p.status ??= {}).conditions ??= []);
        const cur = conds.find(x => x.type === 'DisruptionTarget');
        const next = { lastProbeTime: null, lastTransitionTime: cur?.status === 'True' ? cur.lastTransitionTime : rt.clock.nowISO(), message: `${scheduler}: preempting to accommodate a higher priority pod`, reason: 'PreemptionByScheduler', status: 'True', type: 'DisruptionTarget' };
        if (cur) Object.assign(cur, next); else conds.push(next);
      }, { subresource: 'status' });
      rt.api.delete(podRi, v.metadata.namespace, v.metadata.name!, {});
    } catch (e) { if (!(e instanceof StatusError)) throw e; continue; }
    rt.api.recordEvent(v, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${c.node}`, { component: 'default-scheduler' });
  }
  const prio = priorityOf(pod);
  for (const p of cacheFor(rt).nominatedOn(c.node)) {
    if (p.metadata.uid === pod.metadata.uid || priorityOf(p) >= prio) continue;
    rt.api.mutate(podRi, p.metadata.namespace, p.metadata.name!, o => { if (!o.status?.nominatedNodeName) return false; delete o.status.nominatedNodeName; }, { subresource: 'status' });
  }
}
