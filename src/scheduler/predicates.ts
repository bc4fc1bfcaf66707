// Filters and scores, as kube-scheduler's default plugins decide them, and the FailedScheduling message.
import type { KObject } from '../api/types';
import type { Runtime } from '../sim/runtime';
import { milli, parseQuantity } from '../util/quantity';
import { fromLabelSelector, matches } from '../api/selectors';
import { cacheFor, hostPorts } from './cache';

export interface Requests { cpu: number; memory: number; pods: number }

export function podRequests(pod: KObject): Requests {
  let cpu = 0, memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += c.resources?.requests?.cpu !== undefined ? milli(c.resources.requests.cpu) : 0;
    memory += c.resources?.requests?.memory !== undefined ? parseQuantity(c.resources.requests.memory) : 0;
  }
  // init containers run one at a time: the pod needs the largest of them
  for (const c of pod.spec?.initContainers ?? []) {
    const ic = c.resources?.requests?.cpu !== undefined ? milli(c.resources.requests.cpu) : 0;
    const im = c.resources?.requests?.memory !== undefined ? parseQuantity(c.resources.requests.memory) : 0;
    cpu = Math.max(cpu, ic); memory = Math.max(memory, im);
  }
  return { cpu, memory, pods: 1 };
}
export function nodeUsage(node: string, rt: Runtime): Requests {
  const a = cacheFor(rt).agg(node);
  return { cpu: a.cpu, memory: a.memory, pods: a.pods };
}

function tolerates(pod: KObject, taint: any): boolean {
  return (pod.spec?.tolerations ?? []).some((t: any) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}
function nodeSelectorTermMatches(term: any, node: KObject): boolean {
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
  return true;
}

export interface Filtered { fits: KObject[]; reasons: Map<string, number>; /** nodes that failed only on resources (preemption might help) */ resolvable: Set<string> }


export function filterNodes(pod: KObject, nodes: KObject[], rt: Runtime): Filtered {
  const reasons = new Map<string, number>();
  const add = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const fits: KObject[] = [];
  const resolvable = new Set<string>();
  const req = podRequests(pod);
  for (const n of nodes) {
    const name = n.metadata.name!;
    // kube-scheduler's default filter plugins, in order; a node is rejected by the first that fails.
    // NodeUnschedulable
    if (n.spec?.unschedulable && !tolerates(pod, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) { add('node(s) were unschedulable'); continue; }
    // NodeName
    if (pod.spec?.nodeName && pod.spec.nodeName !== name) { add("node(s) didn't match the requested node name"); continue; }
    // TaintToleration (NoSchedule and NoExecute taints only)
    const taint = (n.spec?.taints ?? []).find((t: any) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t));
    if (taint) { add(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`); continue; }
    // NodeAffinity (nodeSelector and required node affinity)
    if (pod.spec?.nodeSelector && !matches(fromLabelSelector({ matchLabels: pod.spec.nodeSelector }), n.metadata.labels)) { add("node(s) didn't match Pod's node affinity/selector"); continue; }
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (terms && !terms.some((t: any) => nodeSelectorTermMatches(t, n))) { add("node(s) didn't match Pod's node affinity/selector"); continue; }
    // NodePorts
    const ports = hostPorts(pod);
    if (ports.length) {
      const used = cacheFor(rt).agg(name).ports;
      if (ports.some(p => (used.get(p) ?? 0) > 0)) { add("node(s) didn't have free ports for the requested pod ports"); continue; }
    }
    // NodeResourcesFit
    const alloc = n.status?.allocatable ?? {};
    const used = nodeUsage(name, rt);
    let short = false;
    if (used.pods + 1 > Number(alloc.pods ?? 110)) { add('Too many pods'); short = true; }
    if (req.cpu && used.cpu + req.cpu > milli(alloc.cpu ?? 0)) { add('Insufficient cpu'); short = true; }
    if (req.memory && used.memory + req.memory > parseQuantity(alloc.memory ?? 0)) { add('Insufficient memory'); short = true; }
    if (short) { resolvable.add(name); continue; }
    fits.push(n);
  }
  return { fits, reasons, resolvable };
}

/** LeastAllocated plus a spreading term: fewer pods of the same owner, and fewer pods overall, score higher. */
export function scoreNode(pod: KObject, node: KObject, rt: Runtime): number {
  const a = cacheFor(rt).agg(node.metadata.name!);
  const owner = pod.metadata.ownerReferences?.find(r => r.controller)?.uid;
  const same = owner ? a.owners.get(owner) ?? 0 : 0;
  const alloc = node.status?.allocatable ?? {};
  const used = a;
  const pods = { length: a.pods };
  const cpuFree = 1 - used.cpu / Math.max(1, milli(alloc.cpu ?? 1));
  const memFree = 1 - used.memory / Math.max(1, parseQuantity(alloc.memory ?? 1));
  return -same * 100 - pods.length + (cpuFree + memFree) * 10;
}

/**
 * kube-scheduler's FitError text: the reasons histogram ("<count> <reason>", sorted as strings), then the
 * DefaultPreemption post-filter's own histogram. Nodes rejected as UnschedulableAndUnresolvable (taints,
 * affinity, unschedulable, node name) are "not helpful"; nodes short of resources have no victims when the
 * pod cannot preempt anyone (no lower-priority pods there).
 */
export function failureMessage(total: number, reasons: Map<string, number>, resolvableNodes = 0, preemptionPolicy = 'PreemptLowerPriority'): string {
  const hist = (m: Map<string, number>) => [...m.entries()].map(([r, n]) => `${n} ${r}`).sort();
  let msg = `0/${total} nodes are available: ${hist(reasons).join(', ')}.`;
  if (preemptionPolicy === 'Never') return `${msg} preemption: not eligible due to preemptionPolicy=Never.`;
  const pre = new Map<string, number>();
  const notHelpful = total - resolvableNodes;
  if (notHelpful > 0) pre.set('Preemption is not helpful for scheduling', notHelpful);
  if (resolvableNodes > 0) pre.set('No preemption victims found for incoming pod', resolvableNodes);
  msg += ` preemption: 0/${total} nodes are available: ${hist(pre).join(', ')}.`;
  return msg;
}
