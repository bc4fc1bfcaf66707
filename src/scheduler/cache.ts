// The scheduler's view of the cluster within one invocation step: the nodes, and per node the resources,
// host ports and owners of the pods bound to it. Built once when the step first schedules (one list), then
// kept current from the API's change notifications, so scheduling a pod costs O(nodes), not O(pods).
import type { KObject } from '../api/types';
import type { Runtime } from '../sim/runtime';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { podRequests } from './predicates';

export interface NodeAgg { cpu: number; memory: number; pods: number; ports: Map<string, number>; owners: Map<string, number> }

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

export class SchedulerCache {
  private nodeList?: KObject[];
  private usage?: Map<string, NodeAgg>;
  constructor(private rt: Runtime) {}

  nodes(): KObject[] {
    return (this.nodeList ??= this.rt.api.list(byGroupResource('', 'nodes')!, undefined));
  }
  agg(node: string): NodeAgg {
    if (!this.usage) {
      this.usage = new Map();
      for (const p of this.rt.api.list(byGroupResource('', 'pods')!, undefined)) this.apply(p, 1);
    }
    let a = this.usage.get(node);
    if (!a) { a = { cpu: 0, memory: 0, pods: 0, ports: new Map(), owners: new Map() }; this.usage.set(node, a); }
    return a;
  }
  private apply(p: KObject, sign: 1 | -1): void {
    const node = p.spec?.nodeName;
    if (!node || terminal(p) || !this.usage) return;
    let a = this.usage.get(node);
    if (!a) { a = { cpu: 0, memory: 0, pods: 0, ports: new Map(), owners: new Map() }; this.usage.set(node, a); }
    const r = podRequests(p);
    a.cpu += sign * r.cpu; a.memory += sign * r.memory; a.pods += sign;
    for (const hp of hostPorts(p)) a.ports.set(hp, (a.ports.get(hp) ?? 0) + sign);
    for (const o of p.metadata.ownerReferences ?? []) a.owners.set(o.uid, (a.owners.get(o.uid) ?? 0) + sign);
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
    if (ev.type === 'DELETED') { this.apply(ev.obj, -1); return; }
    if (ev.old) this.apply(ev.old, -1);
    this.apply(ev.obj, 1);
  }
}
