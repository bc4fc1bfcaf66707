// The scheduler's view of the cluster within one invocation step: the nodes, and per node the resources,
// host ports, owners and pods bound to it, plus the pods nominated to it by preemption. Built once when the
// step first schedules (one list), then kept current from the API's change notifications, so scheduling a
// pod costs O(nodes) for the plain filters (inter-pod affinity and spreading look at the pods they select).
import type { KObject } from '../api/types';
import type { Runtime } from '../sim/runtime';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { podRequests } from './resources';
import { milli, parseQuantity } from '../util/quantity';

/** What the plain filters and the base score need of a node, read once per node version. */
export interface NodeInfo {
  name: string; unschedulable: boolean;
  /** NoSchedule and NoExecute taints (null: none), and whether it has PreferNoSchedule ones */
  taints: any[] | null; preferNoSchedule: boolean;
  alloc: { pods: number; cpu: number; memory: number };
  /** the base score's denominators (allocatable cpu and memory, 1 core / 1 byte when unset) */
  cpuDen: number; memDen: number;
}
const infoCache = new WeakMap<object, NodeInfo>();
export function nodeInfo(n: KObject): NodeInfo {
  let i = infoCache.get(n);
  if (!i) {
    const all: any[] = n.spec?.taints ?? [];
    const taints = all.filter(t => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    const raw = n.status?.allocatable ?? {};
    const alloc = { pods: Number(raw.pods ?? 110), cpu: milli(raw.cpu ?? 0), memory: parseQuantity(raw.memory ?? 0) };
    i = { name: n.metadata.name!, unschedulable: !!n.spec?.unschedulable, taints: taints.length ? taints : null,
      preferNoSchedule: all.some(t => t.effect === 'PreferNoSchedule'), alloc,
      cpuDen: Math.max(1, milli(raw.cpu ?? 1)), memDen: Math.max(1, parseQuantity(raw.memory ?? 1)) };
    infoCache.set(n, i);
  }
  return i;
}

/** A node's usage; podKeys: the pods bound to it (namespace/name: the objects are read when asked for, so that
 *  the cache holds no pod of a large cluster). */
export interface NodeAgg { cpu: number; memory: number; pods: number; ports: Map<string, number>; owners: Map<string, number>; podKeys: Set<string> }

const caches = new WeakMap<Runtime, SchedulerCache>();
export function cacheFor(rt: Runtime): SchedulerCache {
  let c = caches.get(rt);
  if (!c) { c = new SchedulerCache(rt); caches.set(rt, c); }
  return c;
}
export function peekCache(rt: Runtime): SchedulerCache | undefined { return caches.get(rt); }

const terminal = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
export function hostPorts(p: KObject): string[] {
  return (p.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).filter((x: any) => x.hostPort).map((x: any) => `${x.protocol ?? 'TCP'}/${x.hostIP ?? '0.0.0.0'}/${x.hostPort}`));
}
const podKey = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;
const NONE: KObject[] = [];
const emptyAgg = (): NodeAgg => ({ cpu: 0, memory: 0, pods: 0, ports: new Map(), owners: new Map(), podKeys: new Set() });

export class SchedulerCache {
  private nodeList?: KObject[];
  private usage?: Map<string, NodeAgg>;
  /** pods waiting for the node their preemption freed (status.nominatedNodeName, not bound yet) */
  private nominated?: Map<string, Map<string, KObject>>;
  /** bound pods with required pod anti-affinity (the existing pods' anti-affinity filter looks at these) */
  private antiAffinity?: Map<string, KObject>;
  /** bound pods with preferred pod (anti-)affinity terms (the InterPodAffinity score looks at these) */
  private preferred?: Map<string, KObject>;
  /** Each node's usage and facts, in nodes() order (rebuilt when the node list changes). */
  private aggList?: NodeAgg[];
  private infoList?: NodeInfo[];
  constructor(private rt: Runtime) {}

  /** Where the next search for feasible nodes starts in nodes() (kube-scheduler's nextStartNodeIndex; kept in the
   *  cluster, so that invocations go round the nodes as one long-running scheduler does). */
  get nextStart(): number { return (this.next ??= Number(this.rt.store.getMeta('scheduler/next_start') ?? '0')); }
  set nextStart(i: number) {
    if (i === this.next) return;
    this.next = i;
    this.rt.store.setMeta('scheduler/next_start', i ? String(i) : '');
  }
  private next?: number;

  nodes(): KObject[] {
    return (this.nodeList ??= this.rt.api.list(byGroupResource('', 'nodes')!, undefined));
  }
  /** agg() of every node, in nodes() order. */
  aggs(): NodeAgg[] {
    const nodes = this.nodes();
    if (!this.aggList || this.aggList.length !== nodes.length) this.aggList = nodes.map(n => this.agg(n.metadata.name!));
    return this.aggList;
  }
  /** nodeInfo() of every node, in nodes() order. */
  infos(): NodeInfo[] {
    const nodes = this.nodes();
    if (!this.infoList || this.infoList.length !== nodes.length) this.infoList = nodes.map(nodeInfo);
    return this.infoList;
  }
  /** Whether any pod is nominated to a node, or any bound pod carries required anti-affinity or preferred
   *  (anti-)affinity terms: when none does, the inter-pod rules have nothing to say about a plain pod. */
  anyNominated(): boolean { this.build(); for (const m of this.nominated!.values()) if (m.size) return true; return false; }
  anyInterPodTerms(): boolean { this.build(); return this.antiAffinity!.size > 0 || this.preferred!.size > 0; }
  private build(): void {
    if (this.usage) return;
    this.usage = new Map();
    this.nominated = new Map();
    this.antiAffinity = new Map();
    this.preferred = new Map();
    // What the view counts of each pod, picked out of the stored rows (a pod of a 10,000-pod cluster is not
    // decoded for it); the few pods whose whole object the filters look at (inter-pod terms, a nomination) are
    // read whole.
    const ri = byGroupResource('', 'pods')!;
    const some = (v: unknown) => Array.isArray(v) && v.length > 0;
    this.rt.api.eachPaths(ri, undefined, [
      '$.spec.nodeName', '$.status.phase', '$.status.nominatedNodeName', '$.metadata.ownerReferences',
      '$.spec.containers[*].resources.requests', '$.spec.containers[*].ports', '$.spec.initContainers[*].resources.requests',
      '$.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution',
      '$.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution',
      '$.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution',
    ], ([nodeName, phase, nominated, owners, reqs, ports, initReqs, antiReq, affPref, antiPref], ns, name) => {
      if (some(antiReq) || some(affPref) || some(antiPref) || (nominated && !nodeName)) {
        const p = this.rt.api.view(ri, ns, name) as KObject | undefined;
        if (p) { this.apply(p, 1); this.nominate(p, 1); }
        return;
      }
      if (!nodeName) return;
      const rq = (reqs as (Record<string, string> | null)[] | undefined) ?? [];
      const ps = (ports as (unknown[] | null)[] | undefined) ?? [];
      const pod = {
        metadata: { namespace: ns, name, ownerReferences: owners },
        spec: {
          nodeName,
          containers: rq.map((r, i) => ({ resources: r ? { requests: r } : {}, ...(ps[i] ? { ports: ps[i] } : {}) })),
          initContainers: ((initReqs as (Record<string, string> | null)[] | undefined) ?? []).map(r => ({ resources: r ? { requests: r } : {} })),
        },
        status: { phase },
      } as unknown as KObject;
      this.apply(pod, 1);
    });
  }
  agg(node: string): NodeAgg {
    this.build();
    let a = this.usage!.get(node);
    if (!a) { a = emptyAgg(); this.usage!.set(node, a); }
    return a;
  }
  /** Pods bound to the node (not finished). */
  podsOn(node: string): KObject[] {
    const ri = byGroupResource('', 'pods')!;
    const out: KObject[] = [];
    for (const k of this.agg(node).podKeys) {
      const i = k.indexOf('/');
      const p = this.rt.api.view(ri, k.slice(0, i), k.slice(i + 1));
      if (p) out.push(p as KObject);
    }
    return out;
  }
  /** Pods nominated to the node. */
  nominatedOn(node: string): KObject[] {
    this.build();
    const m = this.nominated!.get(node);
    return m?.size ? [...m.values()] : NONE;
  }
  private apply(p: KObject, sign: 1 | -1): void {
    const node = p.spec?.nodeName;
    if (!node || terminal(p) || !this.usage) return;
    let a = this.usage.get(node);
    if (!a) { a = emptyAgg(); this.usage.set(node, a); }
    const r = podRequests(p);
    a.cpu += sign * r.cpu; a.memory += sign * r.memory; a.pods += sign;
    for (const hp of hostPorts(p)) a.ports.set(hp, (a.ports.get(hp) ?? 0) + sign);
    for (const o of p.metadata.ownerReferences ?? []) a.owners.set(o.uid, (a.owners.get(o.uid) ?? 0) + sign);
    if (sign > 0) a.podKeys.add(podKey(p)); else a.podKeys.delete(podKey(p));
    if (p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) {
      if (sign > 0) this.antiAffinity!.set(podKey(p), p); else this.antiAffinity!.delete(podKey(p));
    }
    const aff = p.spec?.affinity;
    if (aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length || aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length) {
      if (sign > 0) this.preferred!.set(podKey(p), p); else this.preferred!.delete(podKey(p));
    }
  }
  /** Bound pods that carry preferred pod (anti-)affinity terms. */
  podsWithPreferredAffinity(): KObject[] { this.build(); return [...this.preferred!.values()]; }
  /** Bound pods that carry required pod anti-affinity terms. */
  podsWithRequiredAntiAffinity(): KObject[] { this.build(); return [...this.antiAffinity!.values()]; }
  private nominate(p: KObject, sign: 1 | -1): void {
    const node = p.status?.nominatedNodeName;
    if (!node || p.spec?.nodeName || !this.nominated) return;
    let m = this.nominated.get(node);
    if (!m) this.nominated.set(node, (m = new Map()));
    if (sign > 0) m.set(podKey(p), p); else m.delete(podKey(p));
  }
  /** Keep the view current: called for every change the API reports during the step. */
  observe(ev: WatchEvent): void {
    if (ev.ri.group !== '') return;
    if (ev.ri.kind === 'Node') {
      if (!this.nodeList) return;
      const i = this.nodeList.findIndex(n => n.metadata.name === ev.obj.metadata.name);
      if (ev.type === 'DELETED') { if (i >= 0) { this.nodeList.splice(i, 1); this.aggList = undefined; this.infoList = undefined; } }
      else if (i >= 0) { this.nodeList[i] = ev.obj; if (this.infoList) this.infoList[i] = nodeInfo(ev.obj); }
      else { this.nodeList = undefined; this.aggList = undefined; this.infoList = undefined; } // a new node: list again, in name order
      return;
    }
    if (ev.ri.kind !== 'Pod' || !this.usage) return;
    if (ev.type === 'DELETED') { this.apply(ev.obj, -1); this.nominate(ev.obj, -1); return; }
    const o = ev.old;
    if (o && o.spec === ev.obj.spec && o.metadata.ownerReferences === ev.obj.metadata.ownerReferences && terminal(o) === terminal(ev.obj)) {
      // a status write (the stored versions share spec and metadata's parts): what is counted stays; the
      // pod's current version replaces the old one where it is kept
      const node = ev.obj.spec?.nodeName;
      if (node && !terminal(ev.obj)) {
        const k = podKey(ev.obj);
        if (this.antiAffinity!.has(k)) this.antiAffinity!.set(k, ev.obj);
        if (this.preferred!.has(k)) this.preferred!.set(k, ev.obj);
      }
      if (o.status?.nominatedNodeName || ev.obj.status?.nominatedNodeName) { this.nominate(o, -1); this.nominate(ev.obj, 1); }
      return;
    }
    if (o) { this.apply(o, -1); this.nominate(o, -1); }
    this.apply(ev.obj, 1);
    this.nominate(ev.obj, 1);
  }
}
