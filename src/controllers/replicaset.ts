// ReplicaSet and ReplicationController controllers (pkg/controller/replicaset): keep spec.replicas active pods
// that match the selector, adopting orphans and releasing pods whose labels stopped matching; scale down in
// controller.ActivePodsWithRanks order; write status (replicas, fullyLabeled, ready, available, conditions).
// Cost follows what changed: pods are found through the owner index, orphans through the event that made
// them orphans (or one namespace scan when the ReplicaSet appears).
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject, OwnerReference, ResourceInfo } from '../api/types';
import type { V1PodCondition } from '../api/k8s';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { fromLabelSelector, fromMap, matches, Selector } from '../api/selectors';
import { deepEqual } from '../util/objects';
import { controllerRef, controllerRefOf, endSyncOnApiError, generatedName, patchOwnerRefs, podFromTemplate, PodControl, podRi, podsPrefix, slowStartBatch, type PodTemplateSpec } from './podcontrol';

/** kube-controller-manager's burstReplicas: at most this many creations/deletions per sync. */
const BURST_REPLICAS = 500;
/** SlowStartInitialBatchSize */
const SLOW_START_INITIAL_BATCH = 1;
const AVAILABLE_TIMER = 'replicaset-available';
const RETRY_MS = 10_000;
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

// ---------------------------------------------------------------------------------------------------------
// Pod helpers shared with the deployment controller

export { controllerRefOf };
export const isPodActive = (p: KObject) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;
function readyCond(p: KObject): V1PodCondition | undefined {
  const cs = p.status?.conditions;
  if (cs) for (const c of cs) if (c.type === 'Ready') return c;
  return undefined;
}
export const isPodReady = (p: KObject) => readyCond(p)?.status === 'True';
/** podutil.IsPodAvailable: ready for longer than minReadySeconds (strictly). */
export function isPodAvailable(p: KObject, minReadySeconds: number, now: number): boolean {
  const c = readyCond(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const lt = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(lt) && lt + minReadySeconds * 1000 < now;
}
export const parseISO = (s: string | undefined | null) => (s ? Date.parse(s) : 0);

// ---------------------------------------------------------------------------------------------------------
// The two kinds

interface Kind {
  name: string;            // controller name (work queue)
  kinds: string[];         // what it watches (Controller.kinds)
  component: string;       // event source
  group: string;
  kind: string;
  apiVersion: string;
  ri: () => ResourceInfo;
  selector(o: KObject): Selector;
}
const RS_KIND: Kind = {
  name: 'replicaset', kinds: ['apps/ReplicaSet', 'Pod'], component: 'replicaset-controller', group: 'apps', kind: 'ReplicaSet', apiVersion: 'apps/v1',
  ri: () => byGroupResource('apps', 'replicasets')!,
  selector: o => fromLabelSelector(o.spec?.selector ?? {}),
};
const RC_KIND: Kind = {
  name: 'replicationcontroller', kinds: ['ReplicationController', 'Pod'], component: 'replication-controller', group: '', kind: 'ReplicationController', apiVersion: 'v1',
  ri: () => byGroupResource('', 'replicationcontrollers')!,
  selector: o => fromMap(o.spec?.selector ?? {}),
};

const isKind = (k: Kind, ri: ResourceInfo) => ri.kind === k.kind && ri.group === k.group;
const refIsKind = (k: Kind, r: OwnerReference) => r.kind === k.kind && (r.apiVersion.split('/').length > 1 ? r.apiVersion.split('/')[0] : '') === k.group;

/**
 * Per-step memory: orphan pods worth a look, controllers that must scan their namespace once, and the pods
 * each controller owns (read once through the owner index, then kept current from the pod events, as an
 * informer cache is). A write undone by a savepoint shows as a resourceVersion going back: the cache is
 * dropped then.
 */
interface Hints { candidates: Map<string, Set<string>>; scan: Set<string>; owned: Map<string, Map<string, KObject>>; lastRv: number }
const hintsByRt = new WeakMap<Runtime, Map<string, Hints>>();
function hints(rt: Runtime, k: Kind): Hints {
  let m = hintsByRt.get(rt);
  if (!m) hintsByRt.set(rt, (m = new Map()));
  let h = m.get(k.name);
  if (!h) m.set(k.name, (h = { candidates: new Map(), scan: new Set(), owned: new Map(), lastRv: 0 }));
  return h;
}
function trackRv(h: Hints, rv: number): void {
  if (rv <= h.lastRv) h.owned.clear();
  h.lastRv = rv;
}
/** Keep the owned-pods cache current with one pod event. */
function trackPod(h: Hints, ev: WatchEvent): void {
  if (!h.owned.size) return;
  const uid = ev.obj.metadata.uid!;
  const was = ev.old ? controllerRefOf(ev.old)?.uid : undefined;
  const now = ev.type === 'DELETED' ? undefined : controllerRefOf(ev.obj)?.uid;
  if (was && was !== now) h.owned.get(was)?.delete(uid);
  if (ev.type === 'DELETED') { for (const m of h.owned.values()) m.delete(uid); return; }
  if (now) { const m = h.owned.get(now); if (m) m.set(uid, ownedView(ev.obj)); }
}
/**
 * What the controller reads of a pod it owns, and all the cache keeps of it: its name, namespace and uid (its
 * writes go by them: patchSame, PodControl.delete), labels and owner references (the claim), deletion and
 * phase (active), conditions (ready, available), node, creation, deletion cost and restarts (the scale-down
 * ranking). Not the pod itself: a set of 100,000 replicas would hold every pod, managedFields and all, for as
 * long as the step runs. (The parts kept are the stored object's own, shared, read-only.)
 */
function ownedView(p: KObject): KObject {
  const md = p.metadata, sp = p.spec, st = p.status;
  return {
    apiVersion: p.apiVersion, kind: p.kind,
    metadata: {
      name: md.name, namespace: md.namespace, uid: md.uid, labels: md.labels, annotations: md.annotations, ownerReferences: md.ownerReferences,
      creationTimestamp: md.creationTimestamp, deletionTimestamp: md.deletionTimestamp,
    },
    spec: sp && { nodeName: sp.nodeName, initContainers: sp.initContainers },
    status: st && { phase: st.phase, conditions: st.conditions, containerStatuses: st.containerStatuses, initContainerStatuses: st.initContainerStatuses },
  };
}
function ownedPods(rt: Runtime, h: Hints, uid: string): Map<string, KObject> {
  if (rt.store.currentRV() < h.lastRv) h.owned.clear();
  let m = h.owned.get(uid);
  if (!m) {
    m = new Map();
    // (read-only, as the events' objects this cache is kept current with)
    for (const d of rt.api.dependentViews(uid)) {
      if (d.ri.kind !== 'Pod' || d.ri.group !== '') continue;
      if (controllerRefOf(d.obj as KObject)?.uid === uid) m.set(d.obj.metadata.uid!, ownedView(d.obj as KObject));
    }
    h.owned.set(uid, m);
  }
  return m;
}

const split = (key: string) => { const i = key.indexOf('/'); return [key.slice(0, i), key.slice(i + 1)] as const; };

function onEvent(k: Kind, ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const h0 = hints(rt, k);
  trackRv(h0, Number(ev.obj.metadata.resourceVersion ?? 0));
  if (isKind(k, ev.ri)) {
    if (ev.type === 'DELETED') {
      h0.owned.delete(ev.obj.metadata.uid!);
      rt.cancel(AVAILABLE_TIMER, `${k.name}|${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`);
      return;
    }
    const key = `${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`;
    if (ev.type === 'ADDED') hints(rt, k).scan.add(key);
    enqueue(key);
    return;
  }
  if (ev.ri.kind !== 'Pod' || ev.ri.group !== '') return;
  trackPod(h0, ev);
  const ns = ev.obj.metadata.namespace!;
  const ref = controllerRefOf(ev.obj);
  const oldRef = ev.old ? controllerRefOf(ev.old) : undefined;
  if (ref && refIsKind(k, ref)) enqueue(`${ns}/${ref.name}`);
  if (oldRef && refIsKind(k, oldRef) && oldRef.uid !== ref?.uid) enqueue(`${ns}/${oldRef.name}`);
  if (ref || ev.type === 'DELETED' || ev.obj.metadata.deletionTimestamp) return;
  // An orphan: the controllers in its namespace whose selector matches may adopt it.
  if (ev.old && !controllerRefOf(ev.old) && deepEqual(ev.old.metadata.labels, ev.obj.metadata.labels) && ev.type === 'MODIFIED') return;
  for (const o of rt.api.list(k.ri(), ns)) {
    if (o.metadata.deletionTimestamp) continue;
    const sel = k.selector(o);
    if (!sel.length || !matches(sel, ev.obj.metadata.labels)) continue;
    const key = `${ns}/${o.metadata.name}`;
    const h = hints(rt, k);
    let s = h.candidates.get(key);
    if (!s) h.candidates.set(key, (s = new Set()));
    s.add(ev.obj.metadata.name!);
    enqueue(key);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reconcile

function reconcile(k: Kind, key: string, rt: Runtime): void {
  endSyncOnApiError(k.name, key, () => sync(k, key, rt));
}
function sync(k: Kind, key: string, rt: Runtime): void {
  const [ns, name] = split(key);
  const h = hints(rt, k);
  const cands = h.candidates.get(key);
  h.candidates.delete(key);
  const scan = h.scan.delete(key);
  const rs = rt.api.tryGet(k.ri(), ns, name);
  if (!rs) return;
  const uid = rs.metadata.uid!;
  const sel = k.selector(rs);
  const selMatches = (p: KObject) => sel.length > 0 && matches(sel, p.metadata.labels);
  const deleting = !!rs.metadata.deletionTimestamp;

  // claim: what we control and still matches; adopt matching orphans; release what stopped matching
  // (every pod the ReplicaSet owns is looked at in each sync: the loop does only what it must per pod)
  const claimed: KObject[] = [];
  const orphans: KObject[] = [];
  if (scan) orphans.push(...rt.api.list(podRi(), ns));
  else for (const n of cands ?? []) { const p = rt.api.tryGet(podRi(), ns, n); if (p) orphans.push(p); }
  const seen = orphans.length ? new Set<string>() : undefined;
  const release: KObject[] = [];
  for (const p of ownedPods(rt, h, uid).values()) {
    if (controllerRefOf(p)?.uid !== uid) continue;
    seen?.add(p.metadata.name!);
    if (selMatches(p)) { claimed.push(p); continue; }
    if (!deleting) release.push(p);
  }
  for (const p of release) patchOwnerRefs(rt, podRi(), p, refs => refs.filter(r => r.uid !== uid));
  if (!deleting) {
    for (const p of orphans) {
      if (seen!.has(p.metadata.name!) || controllerRefOf(p) || p.metadata.deletionTimestamp || !selMatches(p)) continue;
      const ref = controllerRef(rs, k.apiVersion, k.kind);
      const adopted = patchOwnerRefs(rt, podRi(), p, refs => [...refs, ref]);
      if (adopted && controllerRefOf(adopted)?.uid === uid) claimed.push(adopted);
    }
  }

  let active = claimed.filter(isPodActive);
  let manageErr: string | undefined;
  if (!deleting) {
    const r = manageReplicas(k, rs, active, rt);
    manageErr = r.err;
    active = r.active;
  }
  writeStatus(k, rs, active, claimed, manageErr, rt);
}

function manageReplicas(k: Kind, rs: KObject, active: KObject[], rt: Runtime): { active: KObject[]; err?: string } {
  const want: number = rs.spec?.replicas ?? 1;
  const diff = active.length - want;
  const pc = new PodControl(rt, rs, { component: k.component });
  if (diff < 0) {
    const tpl: PodTemplateSpec | undefined = rs.spec?.template;
    if (!tpl) return { active };
    const prefix = podsPrefix(rs.metadata.name!);
    const ref = controllerRef(rs, k.apiVersion, k.kind);
    const out = [...active];
    let err: string | undefined;
    slowStartBatch(Math.min(-diff, BURST_REPLICAS), SLOW_START_INITIAL_BATCH, () => {
      // the controller names the pod from its generateName (the server keeps the name it is given)
      const r = pc.create(podFromTemplate(tpl, rs.metadata.namespace, ref, { generateName: prefix, name: generatedName(rt, prefix) }));
      if (!r.ok) { err = r.message; return false; }
      out.push(r.pod);
      return true;
    });
    return { active: out, err };
  }
  if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const victims = podsToDelete(active, relatedPods(rs, active, rt), n, rt.clock.now());
    const gone = new Set<string>();
    let err: string | undefined;
    for (const p of victims) {
      const r = pc.delete(p);
      if (r.ok) gone.add(p.metadata.uid!);
      else err ??= r.message;
    }
    return { active: active.filter(p => !gone.has(p.metadata.uid!)), err };
  }
  return { active };
}

/** getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller (a Deployment's). */
function relatedPods(rs: KObject, own: KObject[], rt: Runtime): KObject[] {
  const owner = controllerRefOf(rs);
  if (!owner) return own;
  const out: KObject[] = [];
  for (const sib of rt.api.dependents(owner.uid)) {
    if (sib.ri.kind !== rs.kind || controllerRefOf(sib.obj)?.uid !== owner.uid) continue;
    if (sib.obj.metadata.uid === rs.metadata.uid) { out.push(...own); continue; }
    for (const d of rt.api.dependents(sib.obj.metadata.uid!)) {
      if (d.ri.kind === 'Pod' && controllerRefOf(d.obj)?.uid === sib.obj.metadata.uid) out.push(d.obj);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Scale-down order: controller.ActivePodsWithRanks

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
function deletionCost(p: KObject): number {
  const v = p.metadata.annotations?.[DELETION_COST];
  if (v === undefined || !/^[-+]?\d+$/.test(v.trim())) return 0;
  const n = Number(v);
  return n < -2147483648 || n > 2147483647 ? 0 : n;
}
function maxRestarts(p: KObject): [number, number] {
  let regular = 0, sidecar = 0;
  for (const c of p.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set((p.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always').map((c: any) => c.name));
  for (const c of p.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return [regular, sidecar];
}
/** afterOrZero: a zero time sorts first; otherwise the later time first. */
function afterOrZero(t1: number, t2: number): boolean {
  if (!t1 || !t2) return !t1;
  return t1 > t2;
}
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6; // ns
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

interface Ranked { pod: KObject; rank: number; ready: boolean; readyTime: number; created: number; cost: number; restarts: [number, number] }

/** Less(i, j) of ActivePodsWithRanks (LogarithmicScaleDown and PodDeletionCost on, as in 1.33). */
export function victimLess(a: Ranked, b: Ranked, now: number): boolean {
  const na = a.pod.spec?.nodeName ?? '', nb = b.pod.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !na;
  const pa = PHASE_ORDINAL[a.pod.status?.phase] ?? 0, pb = PHASE_ORDINAL[b.pod.status?.phase] ?? 0;
  if (pa !== pb) return pa < pb;
  if (a.ready !== b.ready) return !a.ready;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.rank !== b.rank) return a.rank > b.rank;
  const uidLess = () => (a.pod.metadata.uid ?? '') < (b.pod.metadata.uid ?? '');
  if (a.ready && b.ready && a.readyTime !== b.readyTime) {
    if (!a.readyTime || !b.readyTime) return afterOrZero(a.readyTime, b.readyTime);
    const d = logRank(a.readyTime, now) - logRank(b.readyTime, now);
    return d === 0 ? uidLess() : d < 0;
  }
  if (a.restarts[0] !== b.restarts[0]) return a.restarts[0] > b.restarts[0];
  if (a.restarts[1] !== b.restarts[1]) return a.restarts[1] > b.restarts[1];
  if (a.created !== b.created) {
    if (!a.created || !b.created) return afterOrZero(a.created, b.created);
    const d = logRank(a.created, now) - logRank(b.created, now);
    return d === 0 ? uidLess() : d < 0;
  }
  return false;
}

export function podsToDelete(filtered: KObject[], related: KObject[], diff: number, now: number): KObject[] {
  if (diff >= filtered.length) return filtered.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) { const n = p.spec?.nodeName ?? ''; onNode.set(n, (onNode.get(n) ?? 0) + 1); }
  const ranked: Ranked[] = filtered.map(pod => ({
    pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0, ready: isPodReady(pod),
    readyTime: isPodReady(pod) ? parseISO(readyCond(pod)?.lastTransitionTime) : 0,
    created: parseISO(pod.metadata.creationTimestamp), cost: deletionCost(pod), restarts: maxRestarts(pod),
  }));
  ranked.sort((a, b) => (victimLess(a, b, now) ? -1 : victimLess(b, a, now) ? 1 : 0));
  return ranked.slice(0, diff).map(r => r.pod);
}

// ---------------------------------------------------------------------------------------------------------
// Status

function writeStatus(k: Kind, rs: KObject, active: KObject[], _claimed: KObject[], manageErr: string | undefined, rt: Runtime): void {
  const now = rt.clock.now();
  const minReady: number = rs.spec?.minReadySeconds ?? 0;
  const tplLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {}) as [string, string][];
  let fully = 0, ready = 0, available = 0;
  let nextAvailable = Infinity;
  for (const p of active) {
    const l = p.metadata.labels ?? {};
    let all = true;
    for (const [kk, v] of tplLabels) if (l[kk] !== v) { all = false; break; }
    if (all) fully++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      else {
        const lt = parseISO(readyCond(p)?.lastTransitionTime);
        if (lt) nextAvailable = Math.min(nextAvailable, lt + minReady * 1000 + 1);
      }
    }
  }
  const old = rs.status ?? {};
  const conds: any[] = (old.conditions ?? []).map((c: any) => ({ ...c }));
  const failIdx = conds.findIndex(c => c.type === 'ReplicaFailure');
  if (manageErr && failIdx < 0) {
    conds.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: rt.clock.nowISO(), reason: 'FailedCreate', message: manageErr });
  } else if (!manageErr && failIdx >= 0) conds.splice(failIdx, 1);
  const st: any = { replicas: active.length };
  if (fully) st.fullyLabeledReplicas = fully;
  if (ready) st.readyReplicas = ready;
  if (available) st.availableReplicas = available;
  if (rs.metadata.generation) st.observedGeneration = rs.metadata.generation;
  if (conds.length) st.conditions = conds;
  if (!deepEqual(st, old)) {
    rt.api.mutate(k.ri(), rs.metadata.namespace, rs.metadata.name!, o => {
      if (o.metadata.uid !== rs.metadata.uid) return false;
      o.status = st;
    }, { subresource: 'status' });
  }
  const tkey = `${k.name}|${rs.metadata.namespace}/${rs.metadata.name}`;
  // a failed sync is retried (the work queue's rate-limited requeue), as is a pod about to become available
  // (the rate limiter's back-off, roughly: the delay doubles as the failure lasts, up to 1000s)
  if (manageErr) {
    const since = now - (parseISO(conds.find(c => c.type === 'ReplicaFailure')?.lastTransitionTime) || now);
    nextAvailable = Math.min(nextAvailable, now + Math.min(1_000_000, Math.max(RETRY_MS, since)));
  }
  if (nextAvailable !== Infinity) rt.after(nextAvailable - now, AVAILABLE_TIMER, tkey);
}

function onTimer(_type: string, key: string, rt: Runtime): void {
  const bar = key.indexOf('|');
  rt.enqueueFor(key.slice(0, bar), key.slice(bar + 1));
}

function makeController(k: Kind, timers: string[]): Controller {
  return {
    name: k.name,
    kinds: k.kinds,
    timers,
    onEvent: (ev, enqueue, rt) => onEvent(k, ev, enqueue, rt),
    reconcile: (key, rt) => reconcile(k, key, rt),
    onTimer,
  };
}

export const replicaSetController: Controller = makeController(RS_KIND, [AVAILABLE_TIMER]);
/** Shares the ReplicaSet controller's timer type (its onTimer routes by controller name). */
export const replicationController: Controller = makeController(RC_KIND, []);
