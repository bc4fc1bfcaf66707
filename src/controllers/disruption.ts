// Disruption controller (pkg/controller/disruption): a PodDisruptionBudget's status from the pods its
// selector matches in its namespace: expectedPods (the pods' controllers' scale, or the pod count for an
// integer minAvailable), desiredHealthy, currentHealthy (ready, not being deleted), disruptionsAllowed and
// the DisruptionAllowed condition. Pod and workload changes map to the namespace's PDBs (read once per step).
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { fromLabelSelector, matches } from '../api/selectors';
import { deepEqual } from '../util/objects';
import { controllerRefOf, isPodReady } from './replicaset';
import { controllerEvent } from './recorder';

const pdbRi = () => byGroupResource('policy', 'poddisruptionbudgets')!;
const podRi = () => byGroupResource('', 'pods')!;
const SOURCE = { component: 'controllermanager' };
const RECHECK = 'pdb-recheck';
/** The disruption controller's DeletionTimeout for pods in disruptedPods. */
const DELETION_TIMEOUT_MS = 2 * 60_000;

interface Cache { byNs: Map<string, KObject[]>; lastRv: number }
const caches = new WeakMap<Runtime, Cache>();
function cache(rt: Runtime): Cache {
  let c = caches.get(rt);
  if (!c) caches.set(rt, (c = { byNs: new Map(), lastRv: 0 }));
  return c;
}
function pdbsIn(rt: Runtime, ns: string): KObject[] {
  const c = cache(rt);
  let l = c.byNs.get(ns);
  if (!l) c.byNs.set(ns, (l = rt.api.list(pdbRi(), ns)));
  return l;
}
/** A nil selector matches nothing; an empty one (policy/v1) every pod of the namespace. */
function selects(pdb: KObject, labels: Record<string, string> | undefined): boolean {
  const s = pdb.spec?.selector;
  if (!s) return false;
  return matches(fromLabelSelector(s), labels);
}

const SCALED = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

function onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const ns = ev.obj.metadata.namespace;
  if (!ns) return;
  const c = cache(rt);
  const rv = Number(ev.obj.metadata.resourceVersion ?? 0);
  if (rv <= c.lastRv) c.byNs.clear();
  c.lastRv = rv;
  const { ri, obj, old } = ev;
  if (ri.kind === 'PodDisruptionBudget' && ri.group === 'policy') {
    c.byNs.delete(ns);
    if (ev.type === 'DELETED') return;
    if (ev.type === 'MODIFIED' && old && deepEqual(old.spec, obj.spec) && obj.status?.observedGeneration === obj.metadata.generation) return;
    enqueue(`${ns}/${obj.metadata.name}`);
    return;
  }
  if (ri.kind === 'Pod' && ri.group === '') {
    if (ev.type === 'MODIFIED' && old && isPodReady(old) === isPodReady(obj) && !!old.metadata.deletionTimestamp === !!obj.metadata.deletionTimestamp
      && deepEqual(old.metadata.labels, obj.metadata.labels) && deepEqual(old.metadata.ownerReferences, obj.metadata.ownerReferences)) return;
    for (const p of pdbsIn(rt, ns)) {
      if (selects(p, obj.metadata.labels) || (old && selects(p, old.metadata.labels))) enqueue(`${ns}/${p.metadata.name}`);
    }
    return;
  }
  if (SCALED.has(`${ri.group}/${ri.kind}`)) {
    if (ev.type === 'MODIFIED' && old && old.spec?.replicas === obj.spec?.replicas) return;
    for (const p of pdbsIn(rt, ns)) enqueue(`${ns}/${p.metadata.name}`);
  }
}

/** GetScaledValueFromIntOrPercent, rounding up. */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  return Math.ceil((Number(v.slice(0, -1)) * total) / 100);
}

/** getExpectedScale: the sum of the scale of every controller of the pods (an error for an unknown one). */
function expectedScale(rt: Runtime, pods: KObject[]): number {
  const scales = new Map<string, number>();
  for (const p of pods) {
    const ref = controllerRefOf(p);
    if (!ref) continue; // unmanaged pods are left out
    if (scales.has(ref.uid)) continue;
    const ns = p.metadata.namespace;
    const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
    let owner: KObject | undefined, n: number | undefined;
    if (group === 'apps' && ref.kind === 'ReplicaSet') {
      owner = rt.api.tryGet(byGroupResource('apps', 'replicasets')!, ns, ref.name);
      const dref = owner ? controllerRefOf(owner) : undefined;
      if (owner && dref && dref.kind === 'Deployment') {
        const d = rt.api.tryGet(byGroupResource('apps', 'deployments')!, ns, dref.name);
        if (d && d.metadata.uid === dref.uid) { if (!scales.has(d.metadata.uid!)) scales.set(d.metadata.uid!, d.spec?.replicas ?? 1); scales.set(ref.uid, 0); continue; }
      }
    } else if (group === 'apps' && ref.kind === 'StatefulSet') owner = rt.api.tryGet(byGroupResource('apps', 'statefulsets')!, ns, ref.name);
    else if (group === '' && ref.kind === 'ReplicationController') owner = rt.api.tryGet(byGroupResource('', 'replicationcontrollers')!, ns, ref.name);
    if (owner && owner.metadata.uid === ref.uid) n = owner.spec?.replicas ?? 1;
    if (n === undefined) throw new Error(`found no controllers for pod "${p.metadata.name}"`);
    scales.set(ref.uid, n);
  }
  let sum = 0;
  for (const v of scales.values()) sum += v;
  return sum;
}

function reconcile(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const ns = key.slice(0, i), name = key.slice(i + 1);
  const pdb = rt.api.tryGet(pdbRi(), ns, name);
  if (!pdb || pdb.metadata.deletionTimestamp) return;
  const pods = pdb.spec?.selector ? rt.api.list(podRi(), ns).filter(p => selects(pdb, p.metadata.labels)) : [];
  if (!pods.length) controllerEvent(rt, pdb, 'Normal', 'NoPods', 'No matching pods found', SOURCE);
  const spec = pdb.spec ?? {};
  let expected = 0, desired = 0, err: string | undefined;
  try {
    if (spec.maxUnavailable != null) {
      expected = expectedScale(rt, pods);
      desired = Math.max(0, expected - scaled(spec.maxUnavailable, expected));
    } else if (spec.minAvailable != null) {
      if (typeof spec.minAvailable === 'number') { desired = spec.minAvailable; expected = pods.length; }
      else { expected = expectedScale(rt, pods); desired = scaled(spec.minAvailable, expected); }
    }
  } catch (e) {
    if (e instanceof StatusError || !(e instanceof Error)) throw e;
    err = e.message;
    controllerEvent(rt, pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err}`, SOURCE);
  }
  const old = pdb.status ?? {};
  // buildDisruptedPodMap: pods the Eviction API let go count as unhealthy until they are deleted, or for
  // DeletionTimeout (2 min) if they never are
  const now = rt.clock.now();
  const disrupted: Record<string, string> = {};
  let recheck: number | undefined;
  for (const [podName, at] of Object.entries((old.disruptedPods ?? {}) as Record<string, string>)) {
    const p = pods.find(x => x.metadata.name === podName);
    if (!p || p.metadata.deletionTimestamp) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expires < now) continue;
    disrupted[podName] = at;
    recheck = Math.min(recheck ?? Infinity, expires);
  }
  if (recheck !== undefined) rt.at(recheck + 1000, RECHECK, key);
  const healthy = pods.filter(p => !p.metadata.deletionTimestamp && isPodReady(p) && !(p.metadata.name! in disrupted)).length;
  let allowed = healthy - desired;
  if (expected <= 0 || allowed <= 0) allowed = 0;
  let cond: any;
  const st: any = { ...old };
  if (err) {
    // failSafe: no disruptions until the budget can be computed
    st.disruptionsAllowed = 0;
    cond = { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: err };
  } else {
    Object.assign(st, { currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected, disruptionsAllowed: allowed });
    cond = allowed > 0 ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
      : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
  }
  if (Object.keys(disrupted).length) st.disruptedPods = disrupted; else delete st.disruptedPods;
  st.observedGeneration = pdb.metadata.generation;
  const conds: any[] = (old.conditions ?? []).map((c: any) => ({ ...c }));
  const at = conds.findIndex(c => c.type === 'DisruptionAllowed');
  const prev = at >= 0 ? conds[at] : undefined;
  const next = { type: cond.type, status: cond.status, observedGeneration: pdb.metadata.generation,
    lastTransitionTime: prev && prev.status === cond.status ? prev.lastTransitionTime : rt.clock.nowISO(), reason: cond.reason, message: cond.message };
  if (at >= 0) conds[at] = next; else conds.push(next);
  st.conditions = conds;
  if (deepEqual(st, old)) return;
  try {
    rt.api.mutate(pdbRi(), ns, name, o => {
      if (o.metadata.uid !== pdb.metadata.uid) return false;
      o.status = st;
    }, { subresource: 'status' });
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
  }
}

export const disruptionController: Controller = { name: 'disruption', kinds: ['policy/PodDisruptionBudget', 'Pod', ...SCALED], onEvent, reconcile, timers: [RECHECK], onTimer: (_t, key, rt) => reconcile(key, rt) };
