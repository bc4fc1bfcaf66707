// Node lifecycle controller (pkg/controller/nodelifecycle, kube-controller-manager's "node-controller"):
// - RegisteredNode when it first sees a node; RemovingNode when the node is deleted.
// - Node health: when a node's lease has not been renewed for the node-monitor grace period (50 s, the
//   default since Kubernetes 1.32), its Ready/MemoryPressure/DiskPressure/PIDPressure conditions become
//   Unknown ("Kubelet stopped posting node status."), a NodeNotReady event is recorded and its pods' Ready
//   condition turns False (a NodeNotReady event on each). On the next monitor pass (every 5 s) the node gets
//   the node.kubernetes.io/unreachable:NoExecute taint (not-ready when Ready is False), unless the zone is
//   in full or (in a small cluster) partial disruption. A Ready node loses those taints on the next pass.
// - TaintNodesByCondition: NoSchedule taints that mirror the conditions (unreachable, not-ready,
//   memory-pressure, disk-pressure, pid-pressure, network-unavailable) and spec.unschedulable.
// Nothing runs on a timer while every node is healthy: a node going down arms one timer (its grace deadline).
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { deepEqual } from '../util/objects';
import { lastRenewal, nodeDownSince } from '../api/heartbeat';
import { StatusError } from '../api/errors';
import { controllerEvent } from './recorder';

/** --node-monitor-grace-period (50 s since 1.32, kubernetes/kubernetes#126287). */
export const NODE_MONITOR_GRACE_MS = 50_000;
/** --node-monitor-period */
export const NODE_MONITOR_PERIOD_MS = 5_000;
const LARGE_CLUSTER_THRESHOLD = 50;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;

const TIMER = 'node-monitor';
const SOURCE = { component: 'node-controller' };
const nodeRi = () => byGroupResource('', 'nodes')!;
const podRi = () => byGroupResource('', 'pods')!;
const leaseRi = () => byGroupResource('coordination.k8s.io', 'leases')!;

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap(m => Object.values(m)));

const cond = (n: KObject | undefined, type: string) => (n?.status?.conditions ?? []).find((c: any) => c.type === type);
const condSummary = (n: KObject | undefined) => (n?.status?.conditions ?? []).map((c: any) => `${c.type}=${c.status}`).join(',');
const nodeEventRef = (n: KObject): KObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.metadata.name, uid: n.metadata.uid } } as KObject);

export const nodeLifecycleController: Controller = {
  name: 'node-lifecycle',
  kinds: ['Node'],
  timers: [TIMER],
  onEvent(ev, enqueue, rt) {
    if (ev.ri.group !== '' || ev.ri.kind !== 'Node') return;
    const name = ev.obj.metadata.name!;
    if (ev.type === 'DELETED') {
      controllerEvent(rt, nodeEventRef(ev.obj), 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`, SOURCE);
      rt.cancel(TIMER, name);
      return;
    }
    if (ev.type === 'ADDED') { enqueue(`registered/${name}`); enqueue(`taints/${name}`); return; }
    if (condSummary(ev.old) !== condSummary(ev.obj) || !!ev.old?.spec?.unschedulable !== !!ev.obj.spec?.unschedulable) enqueue(`taints/${name}`);
    const was = cond(ev.old, 'Ready')?.status, is = cond(ev.obj, 'Ready')?.status;
    if (was !== is) {
      // NoExecute taints follow on the next monitor pass; other nodes' evictions may resume (disruption mode)
      rt.at(nextPass(rt.clock.now()), TIMER, name);
      if (is === 'True') enqueue('zone');
    }
  },
  reconcile(key, rt) {
    if (key === 'zone') { for (const n of rt.api.list(nodeRi(), undefined)) if (cond(n, 'Ready')?.status !== 'True') health(rt, n.metadata.name!); return; }
    const i = key.indexOf('/');
    const what = key.slice(0, i), name = key.slice(i + 1);
    const node = rt.api.tryGet(nodeRi(), undefined, name);
    if (!node) return;
    if (what === 'registered') controllerEvent(rt, nodeEventRef(node), 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, SOURCE);
    else if (what === 'taints') noScheduleTaintingPass(rt, node);
    else if (what === 'health') health(rt, name);
  },
  onTimer(_type, name, rt) { health(rt, name); },
};

/** The first monitor pass strictly after `t`. */
const nextPass = (t: number) => (Math.floor(t / NODE_MONITOR_PERIOD_MS) + 1) * NODE_MONITOR_PERIOD_MS;

/** monitorNodeHealth for one node: tryUpdateNodeHealth, then the taint-based eviction decisions. */
function health(rt: Runtime, name: string): void {
  const node = rt.api.tryGet(nodeRi(), undefined, name);
  if (!node) return;
  const now = rt.clock.now();
  const lease = rt.api.tryGet(leaseRi(), 'kube-node-lease', name);
  const down = nodeDownSince(rt.store, name);
  // (a kubelet that is up recreates a lost lease at once: no lease only matters for a node that is down)
  const probe = lastRenewal(lease, rt.store, now) ?? down ?? now;
  const observed = cond(node, 'Ready');
  if (now > probe + NODE_MONITOR_GRACE_MS) {
    if (observed?.status !== 'Unknown') {
      markUnknown(rt, node);
      controllerEvent(rt, nodeEventRef(node), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, SOURCE);
      markPodsNotReady(rt, name);
      rt.at(nextPass(now), TIMER, name);
      return;
    }
    taintBasedEviction(rt, node, 'Unknown');
    return;
  }
  // still within the grace period: look again when it runs out (only a silent kubelet gets there)
  if (down !== undefined) rt.at(nextPass(probe + NODE_MONITOR_GRACE_MS), TIMER, name);
  if (observed?.status === 'True') markNodeAsReachable(rt, node);
  else if (observed?.status === 'False') taintBasedEviction(rt, node, 'False');
}

function markUnknown(rt: Runtime, node: KObject): void {
  const nowISO = rt.clock.nowISO();
  rt.api.mutate(nodeRi(), undefined, node.metadata.name!, n => {
    const conds: any[] = ((n.status ??= {}).conditions ??= []);
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const c = conds.find(x => x.type === type);
      if (!c) {
        conds.push({ lastHeartbeatTime: n.metadata.creationTimestamp, lastTransitionTime: nowISO, message: 'Kubelet never posted node status.', reason: 'NodeStatusNeverUpdated', status: 'Unknown', type });
      } else if (c.status !== 'Unknown') {
        Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowISO });
      }
    }
  }, { subresource: 'status' });
}

/** MarkPodsNotReady: each pod's Ready condition turns False, with a NodeNotReady event. */
function markPodsNotReady(rt: Runtime, nodeName: string): void {
  const nowISO = rt.clock.nowISO();
  for (const pod of rt.api.podsOnNode(nodeName)) {
    const ready = cond(pod, 'Ready');
    if (!ready || ready.status === 'False') continue;
    try {
      rt.api.mutate(podRi(), pod.metadata.namespace, pod.metadata.name!, p => {
        const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
        if (!c || c.status === 'False') return false;
        c.status = 'False';
        c.lastTransitionTime = nowISO;
      }, { subresource: 'status' });
    } catch (e) { if (!(e instanceof StatusError)) throw e; continue; }
    // (one per pod and outage, written as it is: a pod's recorder memory would outlive it, nothing drops it)
    rt.api.recordEvent(pod, 'Warning', 'NodeNotReady', 'Node is not ready', SOURCE);
  }
}

const zoneOf = (n: KObject) => {
  const l = n.metadata.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return `${region}:\u0000:${zone}`;
};

/**
 * handleDisruption, as it bears on one node's NoExecute taint: no new taints when every zone is fully
 * disrupted (and existing ones come off), nor in a partially disrupted zone of a small cluster.
 */
function evictionsAllowed(rt: Runtime, node: KObject): boolean {
  const nodes = rt.api.list(nodeRi(), undefined).filter(n => !('node.kubernetes.io/exclude-disruption' in (n.metadata.labels ?? {})));
  const zones = new Map<string, { size: number; notReady: number }>();
  for (const n of nodes) {
    const z = zones.get(zoneOf(n)) ?? { size: 0, notReady: 0 };
    z.size++;
    if (cond(n, 'Ready')?.status !== 'True') z.notReady++;
    zones.set(zoneOf(n), z);
  }
  const state = (z: { size: number; notReady: number }) =>
    z.notReady === z.size && z.size > 0 ? 'full' : z.notReady > 2 && z.notReady / z.size >= UNHEALTHY_ZONE_THRESHOLD ? 'partial' : 'normal';
  if ([...zones.values()].every(z => state(z) === 'full')) {
    for (const n of nodes) markNodeAsReachable(rt, n);
    return false;
  }
  const mine = zones.get(zoneOf(node));
  if (mine && state(mine) === 'partial' && nodes.length <= LARGE_CLUSTER_THRESHOLD) return false;
  return true;
}

function taintBasedEviction(rt: Runtime, node: KObject, status: 'Unknown' | 'False'): void {
  const want = status === 'Unknown' ? TAINT_UNREACHABLE : TAINT_NOT_READY;
  const opposite = status === 'Unknown' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  const taints: any[] = node.spec?.taints ?? [];
  const has = (k: string) => taints.some(t => t.key === k && t.effect === 'NoExecute');
  if (has(want)) return;
  // swapping one NoExecute taint for the other happens at once; a new one goes through the rate-limited queue
  if (!has(opposite) && !evictionsAllowed(rt, node)) return;
  swapTaints(rt, node.metadata.name!, [{ key: want, effect: 'NoExecute' }], [{ key: opposite, effect: 'NoExecute' }]);
}

function markNodeAsReachable(rt: Runtime, node: KObject): void {
  const taints: any[] = node.spec?.taints ?? [];
  if (!taints.some(t => t.effect === 'NoExecute' && (t.key === TAINT_UNREACHABLE || t.key === TAINT_NOT_READY))) return;
  swapTaints(rt, node.metadata.name!, [], [{ key: TAINT_UNREACHABLE, effect: 'NoExecute' }, { key: TAINT_NOT_READY, effect: 'NoExecute' }]);
}

/** doNoScheduleTaintingPass: NoSchedule taints that mirror the node's conditions and spec.unschedulable. */
function noScheduleTaintingPass(rt: Runtime, node: KObject): void {
  const desired: { key: string; effect: string }[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) desired.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) desired.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const existing = (node.spec?.taints ?? []).filter((t: any) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  const same = (a: any, b: any) => a.key === b.key && a.effect === b.effect;
  const add = desired.filter(d => !existing.some((e: any) => same(d, e)));
  const del = existing.filter((e: any) => !desired.some(d => same(d, e)));
  if (add.length || del.length) swapTaints(rt, node.metadata.name!, add, del);
}

/** SwapNodeControllerTaint: add (stamped with timeAdded) or update, then remove. */
function swapTaints(rt: Runtime, name: string, add: { key: string; effect: string }[], del: { key: string; effect: string }[]): void {
  const now = rt.clock.nowISO();
  rt.api.mutate(nodeRi(), undefined, name, n => {
    const before = clonedTaints(n);
    const taints: any[] = [...before];
    for (const a of add) {
      const t = { effect: a.effect, key: a.key, timeAdded: now };
      const i = taints.findIndex(x => x.key === a.key && x.effect === a.effect);
      if (i < 0) taints.push(t);
      else if ((taints[i].value ?? '') !== '') taints[i] = t;
    }
    const kept = taints.filter(x => !del.some(d => d.key === x.key && d.effect === x.effect));
    if (deepEqual(kept, before)) return false;
    n.spec ??= {};
    if (kept.length) n.spec.taints = kept; else delete n.spec.taints;
  });
}
const clonedTaints = (n: KObject): any[] => (n.spec?.taints ?? []).map((t: any) => ({ ...t }));
