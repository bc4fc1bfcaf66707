// The kubelet's node side (pkg/kubelet/kubelet_node_status.go, nodestatus/setters.go, nodelease): the
// status it posts (pressure conditions, Ready), the events it records about its node ("Starting kubelet.",
// NodeHasSufficientMemory…, NodeReady, NodeSchedulable/NodeNotSchedulable), its lease, and a node going down
// (the kubelet stops: no pod syncs, no heartbeats) and coming back (the kubelet starts again).
// Heartbeats in between are not written: src/api/heartbeat.ts computes them when read.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { nodeDownSince, setNodeDown, LEASE_DURATION_S } from '../api/heartbeat';
import { pressureOf, resumePressure } from './pressure';

const nodeRi = () => byGroupResource('', 'nodes')!;
const leaseRi = () => byGroupResource('coordination.k8s.io', 'leases')!;

/** The kubelet's reference to its node: kind Node, uid = the node's name (kl.nodeRef). */
export const kubeletNodeRef = (name: string): KObject => ({ kind: 'Node', metadata: { name, uid: name } } as unknown as KObject);

export function kubeletNodeEvent(rt: Runtime, node: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
  rt.api.recordEvent(kubeletNodeRef(node), type, reason, message, { component: 'kubelet', host: node });
}
/** recordNodeStatusEvent: `Node <name> status is now: <event>`. */
const statusEvent = (rt: Runtime, node: string, event: string) => kubeletNodeEvent(rt, node, 'Normal', event, `Node ${node} status is now: ${event}`);

export const isNodeDown = (rt: Runtime, node: string) => nodeDownSince(rt.store, node) !== undefined;

interface CondSpec { type: string; status: string; reason: string; message: string; event: string }
function kubeletConditions(rt: Runtime, node: string): CondSpec[] {
  const p = pressureOf(rt, node);
  return [
    p.memory ? { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available', event: 'NodeHasInsufficientMemory' }
      : { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
    p.disk ? { type: 'DiskPressure', status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure', event: 'NodeHasDiskPressure' }
      : { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
    p.pid ? { type: 'PIDPressure', status: 'True', reason: 'KubeletHasInsufficientPID', message: 'kubelet has insufficient PID available', event: 'NodeHasInsufficientPID' }
      : { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
  ];
}

/**
 * Post the node's status as the kubelet sees it: each condition with a fresh heartbeat, a new transition time
 * when its status changed, and the status event the setters record for a new or changed condition.
 * Renews the lease too. No-op while the node is down.
 */
export function postNodeStatus(rt: Runtime, name: string): void {
  if (isNodeDown(rt, name)) return;
  const node = rt.api.tryGet(nodeRi(), undefined, name);
  if (!node) return;
  const now = rt.clock.nowISO();
  const events: string[] = [];
  const wanted = kubeletConditions(rt, name);
  const conds: any[] = [...(node.status?.conditions ?? [])];
  for (const w of wanted) {
    const i = conds.findIndex(c => c.type === w.type);
    const prev = i >= 0 ? conds[i] : undefined;
    const c = { lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === w.status ? prev.lastTransitionTime : now, message: w.message, reason: w.reason, status: w.status, type: w.type };
    if (!prev || prev.status !== w.status) events.push(w.event);
    if (i >= 0) conds[i] = c; else conds.push(c);
  }
  rt.api.mutate(nodeRi(), undefined, name, n => { (n.status ??= {}).conditions = conds; }, { subresource: 'status' });
  for (const e of events) statusEvent(rt, name, e);
  renewLease(rt, node);
}

function renewLease(rt: Runtime, node: KObject): void {
  const name = node.metadata.name!;
  const lease = rt.api.tryGet(leaseRi(), 'kube-node-lease', name);
  if (lease) {
    rt.api.mutate(leaseRi(), 'kube-node-lease', name, l => { l.spec = { ...(l.spec ?? {}), renewTime: rt.clock.nowMicro() }; });
    return;
  }
  rt.api.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }] },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_S, renewTime: rt.clock.nowMicro() } });
}

/** kube-proxy's `Starting` event: recorded through events.k8s.io, so only eventTime and reportingController. */
export function kubeProxyStartEvent(rt: Runtime, node: string): void {
  const seq = (Number(rt.store.getMeta('event_seq') ?? '0') + 1) % 1000000;
  rt.store.setMeta('event_seq', String(seq));
  try {
    rt.api.create({ apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${node}.${(BigInt(rt.clock.now()) * 1000000n + BigInt(seq)).toString(16)}`, namespace: 'default' },
      involvedObject: { kind: 'Node', name: node, uid: node }, reason: 'Starting', message: '', source: {},
      firstTimestamp: null, lastTimestamp: null, type: 'Normal', eventTime: rt.clock.nowMicro(), action: 'StartKubeProxy',
      reportingComponent: 'kube-proxy', reportingInstance: `kube-proxy-${node}` });
  } catch { /* an event that cannot be written is dropped */ }
}

/**
 * The kubelet (re)starts on its node: "Starting kubelet.", node allocatable enforced, the first status post
 * (with its condition events), NodeNotSchedulable if the node is cordoned, and kube-proxy starting.
 */
export function startKubelet(rt: Runtime, name: string, opts: { proxy?: boolean } = {}): void {
  kubeletNodeEvent(rt, name, 'Normal', 'Starting', 'Starting kubelet.');
  kubeletNodeEvent(rt, name, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  postNodeStatus(rt, name);
  if (rt.api.tryGet(nodeRi(), undefined, name)?.spec?.unschedulable) statusEvent(rt, name, 'NodeNotSchedulable');
  if (opts.proxy !== false) kubeProxyStartEvent(rt, name);
}

/** The kubelet's NodeSchedulable / NodeNotSchedulable event when it sees spec.unschedulable change. */
export function schedulableChanged(rt: Runtime, name: string, unschedulable: boolean): void {
  if (isNodeDown(rt, name)) return;
  statusEvent(rt, name, unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable');
}

/** `kctl sim node down`: the kubelet stops. Pods keep their last state; the node controller notices later. */
export function nodeDown(rt: Runtime, name: string): boolean {
  if (isNodeDown(rt, name)) return false;
  setNodeDown(rt.store, name, rt.clock.now());
  rt.enqueueFor('node-lifecycle', `health/${name}`);
  return true;
}

/** `kctl sim node up`: the kubelet starts again, posts status, renews its lease and syncs its pods. */
export function nodeUp(rt: Runtime, name: string): boolean {
  if (!isNodeDown(rt, name)) return false;
  setNodeDown(rt.store, name, undefined);
  startKubelet(rt, name);
  resumePressure(rt, name);
  for (const p of rt.api.podsOnNode(name)) rt.enqueueFor('kubelet', `${p.metadata.namespace}/${p.metadata.name}`);
  return true;
}
