// The kubelet's eviction manager (pkg/kubelet/eviction): every housekeeping interval (10 s) it observes the
// node's signals, reports MemoryPressure/DiskPressure/PIDPressure while a threshold is met (and for the
// pressure transition period, 5 min, after), and under memory pressure evicts one pod per interval, ranked as
// rankMemoryPressure does: pods whose usage exceeds their requests first, then lower priority, then usage
// above requests. Critical pods (priority ≥ 2000000000) are never evicted.
//
// Usage is read only through src/kubelet/usage.ts (podUsage). What kctl adds is the node's own consumption
// outside pods, set by `kctl sim node pressure NODE memory [--available Q]` (a simulated memory hog that
// leaves Q available, default 99Mi: one pod's worth below the 100Mi threshold), or a disk/pid pressure switch.
// Disk and PID pressure set their conditions (and so the node controller's taints); only memory evicts.
import { ContainerRuntime } from '../runtime/cri';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { parseQuantity } from '../util/quantity';
import { podUsage, containerUsage } from './usage';
import { nodeDownSince } from '../api/heartbeat';
import { postNodeStatus } from './node';

export const EVICTION_TIMERS = ['kubelet-eviction'];
const TIMER = 'kubelet-eviction';
const HOUSEKEEPING_MS = 10_000;
const TRANSITION_MS = 5 * 60_000;
/** The kubelet's default hard threshold: memory.available < 100Mi. */
export const MEMORY_THRESHOLD = 100 * 1024 * 1024;
const SYSTEM_CRITICAL = 2000000000;

export interface PressureState {
  /** bytes of node memory in use outside pods (the simulated hog) */
  memoryHog?: number;
  disk?: boolean;
  pid?: boolean;
  /** when each signal was last observed over its threshold (ms) */
  observed?: { memory?: number; disk?: number; pid?: number };
}
const key = (node: string) => `kubelet-pressure/${node}`;
function readState(rt: Runtime, node: string): PressureState {
  const v = rt.store.getMeta(key(node));
  return v ? JSON.parse(v) : {};
}
function writeState(rt: Runtime, node: string, s: PressureState): void {
  const empty = !s.memoryHog && !s.disk && !s.pid && !Object.keys(s.observed ?? {}).length;
  rt.store.setMeta(key(node), empty ? '' : JSON.stringify(s));
}

/** The pressure conditions the kubelet reports for its node now. */
export function pressureOf(rt: Runtime, node: string): { memory: boolean; disk: boolean; pid: boolean } {
  const o = readState(rt, node).observed ?? {};
  const now = rt.clock.now();
  const on = (t?: number) => t !== undefined && now - t < TRANSITION_MS;
  return { memory: on(o.memory), disk: on(o.disk), pid: on(o.pid) };
}

const nodeRi = () => byGroupResource('', 'nodes')!;
const podRi = () => byGroupResource('', 'pods')!;
const active = (p: KObject) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;

/** memory.available: capacity minus what the node's pods and its own processes use. */
export function memoryAvailable(rt: Runtime, node: KObject, hog: number): number {
  const capacity = parseQuantity(node.status?.capacity?.memory ?? 0);
  let used = hog;
  for (const p of rt.api.podsOnNode(node.metadata.name!)) if (active(p)) used += podUsage(p, rt).memoryBytes;
  return capacity - used;
}

/** `kctl sim node pressure`: start (or stop) a simulated source of pressure on a node. */
export function setPressure(rt: Runtime, nodeName: string, signal: 'memory' | 'disk' | 'pid', on: boolean, available?: number): void {
  const node = rt.api.get(nodeRi(), undefined, nodeName);
  const s = readState(rt, nodeName);
  if (signal === 'memory') {
    if (on) {
      const withoutHog = memoryAvailable(rt, node, 0);
      s.memoryHog = Math.max(0, withoutHog - (available ?? MEMORY_THRESHOLD - 1024 * 1024));
    } else delete s.memoryHog;
  } else if (on) s[signal] = true; else delete s[signal];
  writeState(rt, nodeName, s);
  synchronize(rt, nodeName);
}

/** The kubelet started again: its eviction manager resumes if there is anything to watch. */
export function resumePressure(rt: Runtime, nodeName: string): void {
  if (rt.store.getMeta(key(nodeName))) synchronize(rt, nodeName);
}

export function evictionTimer(_type: string, nodeName: string, rt: Runtime): void {
  synchronize(rt, nodeName);
}

/** One pass of the eviction manager on one node. */
function synchronize(rt: Runtime, nodeName: string): void {
  const node = rt.api.tryGet(nodeRi(), undefined, nodeName);
  if (!node) { writeState(rt, nodeName, {}); rt.cancel(TIMER, nodeName); return; }
  // a kubelet that is down does no housekeeping (it starts again with the kubelet: resumePressure)
  if (nodeDownSince(rt.store, nodeName) !== undefined) { rt.cancel(TIMER, nodeName); return; }
  const now = rt.clock.now();
  const s = readState(rt, nodeName);
  // what the node status says now (the last post), to see whether the conditions change
  const posted = (type: string) => (node.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');
  const before = { memory: posted('MemoryPressure'), disk: posted('DiskPressure'), pid: posted('PIDPressure') };
  const obs = (s.observed ??= {});
  const available = memoryAvailable(rt, node, s.memoryHog ?? 0);
  const memoryMet = available < MEMORY_THRESHOLD;
  if (memoryMet) obs.memory = now;
  if (s.disk) obs.disk = now;
  if (s.pid) obs.pid = now;
  for (const k of ['memory', 'disk', 'pid'] as const) if (obs[k] !== undefined && now - obs[k]! >= TRANSITION_MS) delete obs[k];
  writeState(rt, nodeName, s);
  const after = pressureOf(rt, nodeName);
  if (before.memory !== after.memory || before.disk !== after.disk || before.pid !== after.pid) {
    // the node status loop posts at once when a condition changes
    postNodeStatus(rt, nodeName);
  }
  if (memoryMet) evictOne(rt, node, available);
  // keep housekeeping while there is pressure to watch, a source of it, or a condition to let go of
  if (s.memoryHog || s.disk || s.pid || Object.keys(s.observed ?? {}).length) rt.reset(HOUSEKEEPING_MS, TIMER, nodeName);
  else rt.cancel(TIMER, nodeName);
}

/** Go's resource.Quantity String() of bytes in BinarySI: the largest binary suffix that divides exactly. */
export function binarySI(n: number): string {
  if (n === 0) return '0';
  const units: [string, number][] = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [u, v] of units) if (Math.abs(n) >= v && n % v === 0) return `${n / v}${u}`;
  return String(n);
}

function memoryRequest(c: any): number {
  const r = c.resources?.requests?.memory;
  return r === undefined ? 0 : parseQuantity(r);
}
const podMemoryRequest = (p: KObject) => (p.spec?.containers ?? []).reduce((a: number, c: any) => a + memoryRequest(c), 0);

/** rankMemoryPressure, then evict the first pod that is not critical. */
function evictOne(rt: Runtime, node: KObject, available: number): void {
  const nodeName = node.metadata.name!;
  rt.api.recordEvent({ kind: 'Node', metadata: { name: nodeName, uid: nodeName } } as unknown as KObject, 'Warning', 'EvictionThresholdMet', 'Attempting to reclaim memory', { component: 'kubelet', host: nodeName });
  const pods = rt.api.podsOnNode(nodeName).filter(active).filter(p => (p.spec?.priority ?? 0) < SYSTEM_CRITICAL);
  if (!pods.length) return;
  const ranked = pods.map(p => {
    const usage = podUsage(p, rt).memoryBytes;
    const req = podMemoryRequest(p);
    return { p, usage, req, exceeds: usage > req, prio: p.spec?.priority ?? 0 };
  }).sort((a, b) => (Number(b.exceeds) - Number(a.exceeds)) || (a.prio - b.prio) || ((b.usage - b.req) - (a.usage - a.req)));
  const victim = ranked[0]!.p;
  let message = `The node was low on resource: memory. Threshold quantity: ${binarySI(MEMORY_THRESHOLD)}, available: ${binarySI(Math.floor(available / 1024) * 1024)}. `;
  for (const c of victim.spec?.containers ?? []) {
    const usage = containerUsage(victim, c.name, rt).memoryBytes;
    const req = memoryRequest(c);
    if (usage > req) message += `Container ${c.name} was using ${binarySI(usage)}, request is ${c.resources?.requests?.memory ?? '0'}, has larger consumption of memory. `;
  }
  evictPod(rt, victim, message);
}

/**
 * The kubelet evicts a pod: an Evicted event, its containers killed at once (hard threshold: no grace), and the
 * pod left Failed with reason Evicted and the DisruptionTarget condition, for its controller to replace.
 */
function evictPod(rt: Runtime, pod: KObject, message: string): void {
  const host = pod.spec.nodeName as string;
  rt.api.recordEvent(pod, 'Warning', 'Evicted', message, { component: 'kubelet', host });
  const now = rt.clock.nowISO();
  const cri = ContainerRuntime.of(rt);
  const kill = (cs: any) => {
    const r = cs.state?.running;
    if (!r) return cs;
    cri.kill(pod.metadata.uid!, String(cs.containerID ?? '').replace(/^containerd:\/\//, ''));
    return { ...cs, ready: false, started: false, state: { terminated: { containerID: cs.containerID, exitCode: 137, finishedAt: now, reason: 'Error', startedAt: r.startedAt } } };
  };
  rt.api.mutate(podRi(), pod.metadata.namespace, pod.metadata.name!, p => {
    if (p.metadata.uid !== pod.metadata.uid) return false;
    const st = (p.status ??= {});
    st.phase = 'Failed';
    st.reason = 'Evicted';
    st.message = message;
    st.containerStatuses = (st.containerStatuses ?? []).map(kill);
    st.initContainerStatuses = st.initContainerStatuses ? st.initContainerStatuses.map(kill) : undefined;
    if (!st.initContainerStatuses) delete st.initContainerStatuses;
    const conds: any[] = (st.conditions ?? []).map((c: any) => {
      if (c.type === 'Ready' || c.type === 'ContainersReady' || c.type === 'PodReadyToStartContainers')
        return { ...c, status: 'False', lastTransitionTime: c.status === 'False' ? c.lastTransitionTime : now, ...(c.type === 'PodReadyToStartContainers' ? {} : { reason: 'PodCompleted' }) };
      return c;
    }).filter((c: any) => c.type !== 'DisruptionTarget');
    conds.unshift({ lastProbeTime: null, lastTransitionTime: now, message, reason: 'TerminationByKubelet', status: 'True', type: 'DisruptionTarget' });
    st.conditions = conds;
  }, { subresource: 'status' });
}
