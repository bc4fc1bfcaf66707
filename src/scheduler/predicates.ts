// Filters and scores, as kube-scheduler's default plugins decide them, and the FailedScheduling message.
import type { KObject } from '../api/types';
import type { Runtime } from '../sim/runtime';
import { milli, parseQuantity } from '../util/quantity';
import { fromLabelSelector, matches } from '../api/selectors';

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
  const u: Requests = { cpu: 0, memory: 0, pods: 0 };
  for (const p of rt.api.podsOnNode(node)) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const r = podRequests(p);
    u.cpu += r.cpu; u.memory += r.memory; u.pods++;
  }
  return u;
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

export interface Filtered { fits: KObject[]; reasons: Map<string, number> }

export function filterNodes(pod: KObject, nodes: KObject[], rt: Runtime): Filtered {
  const reasons = new Map<string, number>();
  const add = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const fits: KObject[] = [];
  const req = podRequests(pod);
  for (const n of nodes) {
    const name = n.metadata.name!;
    const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    if (n.spec?.unschedulable && !tolerates(pod, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) { add("node(s) were unschedulable"); continue; }
    if (pod.spec?.nodeSelector && !matches(fromLabelSelector({ matchLabels: pod.spec.nodeSelector }), n.metadata.labels)) { add("node(s) didn't match Pod's node affinity/selector"); continue; }
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (terms && !terms.some((t: any) => nodeSelectorTermMatches(t, n))) { add("node(s) didn't match Pod's node affinity/selector"); continue; }
    const taint = (n.spec?.taints ?? []).find((t: any) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t));
    if (taint) { add(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`); continue; }
    if (ready && ready.status !== 'True') { add('node(s) were not ready'); void name; }
    const alloc = n.status?.allocatable ?? {};
    const used = nodeUsage(name, rt);
    let short = false;
    if (used.pods + 1 > Number(alloc.pods ?? 110)) { add('Too many pods'); short = true; }
    if (req.cpu && used.cpu + req.cpu > milli(alloc.cpu ?? 0)) { add('Insufficient cpu'); short = true; }
    if (req.memory && used.memory + req.memory > parseQuantity(alloc.memory ?? 0)) { add('Insufficient memory'); short = true; }
    if (short) continue;
    fits.push(n);
  }
  return { fits, reasons };
}

/** LeastAllocated plus a spreading term: fewer pods of the same owner, and fewer pods overall, score higher. */
export function scoreNode(pod: KObject, node: KObject, rt: Runtime): number {
  const pods = rt.api.podsOnNode(node.metadata.name!);
  const owner = pod.metadata.ownerReferences?.find(r => r.controller)?.uid;
  const same = owner ? pods.filter(p => p.metadata.ownerReferences?.some(r => r.uid === owner)).length : 0;
  const alloc = node.status?.allocatable ?? {};
  const used = nodeUsage(node.metadata.name!, rt);
  const cpuFree = 1 - used.cpu / Math.max(1, milli(alloc.cpu ?? 1));
  const memFree = 1 - used.memory / Math.max(1, parseQuantity(alloc.memory ?? 1));
  return -same * 100 - pods.length + (cpuFree + memFree) * 10;
}

export function failureMessage(total: number, reasons: Map<string, number>): string {
  const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
  const preempt = [...reasons.entries()].map(([r, n]) =>
    /Insufficient|Too many pods/.test(r) ? `${n} No preemption victims found for incoming pod` : `${n} Preemption is not helpful for scheduling`);
  const merged = new Map<string, number>();
  for (const p of preempt) { const m = p.match(/^(\d+) (.*)$/)!; merged.set(m[2]!, (merged.get(m[2]!) ?? 0) + Number(m[1])); }
  const pre = [...merged.entries()].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${pre.join(', ')}.`;
}
