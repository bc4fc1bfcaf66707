// The scheduler's view of the cluster within one invocation step: the nodes, and per node the resources,
// host ports, owners and pods bound to it, plus the pods nominated to it by preemption. Built once when the
// step first schedules (one list), then kept current from the API's change notifications, so scheduling a
// pod costs O(nodes) for the plain filters (inter-pod affinity and spreading look at the pods they select).
import type { KObject } from '../api/types';
import type { Runtime } from '../sim/runtime';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { podRequests } from './resources';

export interface NodeAgg { cpu: number; memory: number; pods: number; ports: Map<string, number>; owners: Map<string, number>; podMap: Map<string, KObject> }

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
const emptyAgg = (): NodeAgg => ({ cpu: 0, memory: 0, pods: 0, ports: new Map(), owners: new Map(), podMap: new Map() });

export class SchedulerCache {
  private nodeList?: KObject[];
  private usage?: Map<string, NodeAgg>;
  /** pods waiting for the node their preemption freed (status.nominatedNodeName, not bound yet) */
  private nominated?: Map<string, Map<string, KObject>>;
  /** bound pods with required pod anti-affinity (the existing pods' anti-affinity filter looks at these) */
  private antiAffinity?: Map<string, KObject>;
  /** bound pods with preferred pod (anti-)affinity terms (the InterPodAffinity score looks at these) */
  private preferred?: Map<string, KObject>;
  constructor(private rt: Runtime) {}

  nodes(): KObject[] {
    return (this.nodeList ??= this.rt.api.list(byGroupResource('', 'nodes')!, undefined));
  }
  private build(): void {
    if (this.usage) return;
    this.usage = new Map();
    this.nominated = new Map();
    this.antiAffinity = new Map();
    this.preferred = new Map();
    for (const p of this.rt.api.list(byGroupResource('', 'pods')!, undefined)) { this.apply(p, 1); this.nominate(p, 1); }
  }
  agg(node: string): NodeAgg {
    this.build();
    let a = this.usage!.get(node);
    if (!a) { a = emptyAgg(); this.usage!.set(node, a); }
    return a;
  }
  /** Pods bound to the node (not finished). */
  podsOn(node: string): KObject[] { return [...this.agg(node).podMap.values()]; }
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
    if (sign > 0) a.podMap.set(podKey(p), p); else a.podMap.delete(podKey(p));
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
      if (ev.type === 'DELETED') { if (i >= 0) this.nodeList.splice(i, 1); }
      else if (i >= 0) this.nodeList[i] = ev.obj;
      else this.nodeList = undefined; // a new node: list again, in name order
      return;
    }
    if (ev.ri.kind !== 'Pod' || !this.usage) return;
    if (ev.type === 'DELETED') { this.apply(ev.obj, -1); this.nominate(ev.obj, -1); return; }
    if (ev.old) { this.apply(ev.old, -1); this.nominate(ev.old, -1); }
    this.apply(ev.obj, 1);
    this.nominate(ev.obj, 1);
  }
}
