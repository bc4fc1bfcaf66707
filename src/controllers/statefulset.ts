// StatefulSet controller (pkg/controller/statefulset): ordinal pods `<set>-<n>` from spec.ordinals.start,
// hostname/subdomain and the pod-name / pod-index labels, claims from volumeClaimTemplates created before
// their pod (`<template>-<set>-<n>`, reused on scale-up), the persistentVolumeClaimRetentionPolicy as owner
// references on the claims, OrderedReady (one pod at a time, in order; scale-down in reverse) and Parallel
// pod management, RollingUpdate in reverse ordinal order down to the partition (maxUnavailable is an alpha
// field in 1.33 and the API server drops it), OnDelete, ControllerRevisions for history and rollback,
// minReadySeconds (a timer) and status. Everything is found through the owner index and the events that
// name the set, never by scanning.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject, ObjectMeta, OwnerReference } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { fromLabelSelector, matches } from '../api/selectors';
import { clone, deepEqual } from '../util/objects';
import { isPodReady, isPodAvailable, parseISO } from './replicaset';
import { claimPods, controllerRef, controllerRefOf, endSyncOnApiError, ownerUnchanged, OrphanHints, podFromTemplate, podRi, podsPrefix, requeueOnTimer,
  updateStatus, type Pod, type PodTemplateSpec } from './podcontrol';
import { templatePatch, hashRevision, ownedRevisions, nextRevision, createRevision, bumpRevision, deleteRevision, goJSON } from './history';
import { controllerEvent } from './recorder';

const NAME = 'statefulset';
const COMPONENT = { component: 'statefulset-controller' };
const TIMER = 'statefulset-requeue';
const REVISION_LABEL = 'controller-revision-hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const HASH_LABEL = 'controller.kubernetes.io/hash';

const stsRi = () => byGroupResource('apps', 'statefulsets')!;
const pvcRi = () => byGroupResource('', 'persistentvolumeclaims')!;

// ---------------------------------------------------------------------------------------------------------
// identity helpers (stateful_set_utils.go)

const ORDINAL = /^(.*)-([0-9]+)$/;
export function parentAndOrdinal(name: string): [string, number] {
  const m = name.match(ORDINAL);
  if (!m) return ['', -1];
  const n = Number(m[2]);
  return [m[1]!, n > 2147483647 ? -1 : n];
}
const ordinalOf = (p: KObject) => parentAndOrdinal(p.metadata.name!)[1];
const startOrdinal = (set: KObject): number => set.spec?.ordinals?.start ?? 0;
const replicasOf = (set: KObject): number => set.spec?.replicas ?? 1;
const endOrdinal = (set: KObject) => startOrdinal(set) + replicasOf(set) - 1;
const inRange = (p: KObject, set: KObject) => { const o = ordinalOf(p); return o >= startOrdinal(set) && o <= endOrdinal(set); };
const podName = (set: KObject, ord: number) => `${set.metadata.name}-${ord}`;
export const claimName = (set: KObject, template: string, ord: number) => `${template}-${set.metadata.name}-${ord}`;
const revisionOf = (p: KObject) => p.metadata.labels?.[REVISION_LABEL] ?? '';
const isCreated = (p: KObject) => !!p.status?.phase;
const isTerminating = (p: KObject) => !!p.metadata.deletionTimestamp;
const isRunningAndReady = (p: KObject) => p.status?.phase === 'Running' && isPodReady(p);
const isHealthy = (p: KObject) => isRunningAndReady(p) && !isTerminating(p);

/** The set as a revision has it: spec.template replaced by the revision's. */
function applyRevision(set: KObject, cr: KObject): KObject {
  const out = clone(set);
  const t = clone(cr.data?.spec?.template ?? {});
  delete t.$patch;
  if (t.metadata && t.metadata.creationTimestamp === null) delete t.metadata.creationTimestamp;
  out.spec.template = t;
  return out;
}

/** getPersistentVolumeClaims: the claims a pod of this ordinal mounts, by template name. */
function claimsFor(set: KObject, ord: number): Map<string, KObject> {
  const out = new Map<string, KObject>();
  const sel: Record<string, string> = set.spec?.selector?.matchLabels ?? {};
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const tn: string = t.metadata?.name ?? '';
    const md: any = { name: claimName(set, tn, ord), namespace: set.metadata.namespace };
    md.labels = { ...(t.metadata?.labels ?? {}), ...sel };
    if (!Object.keys(md.labels).length) delete md.labels;
    if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length) md.annotations = { ...t.metadata.annotations };
    out.set(tn, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: md, spec: clone(t.spec ?? {}) });
  }
  return out;
}

/** newStatefulSetPod: the template with identity (name, hostname, subdomain, labels) and storage. */
function newPod(set: KObject, ord: number, revision: string): Pod {
  const tpl: PodTemplateSpec | undefined = set.spec?.template;
  const name = podName(set, ord);
  const labels = { [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ord), [REVISION_LABEL]: revision };
  const pod = podFromTemplate(tpl, set.metadata.namespace, controllerRef(set, 'apps/v1', 'StatefulSet'), { name, generateName: podsPrefix(set.metadata.name!), labels });
  const spec = pod.spec;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const claims = claimsFor(set, ord);
  const vols: NonNullable<Pod['spec']['volumes']> = [];
  for (const [tn, c] of claims) vols.push({ name: tn, persistentVolumeClaim: { claimName: c.metadata.name } });
  for (const v of spec.volumes ?? []) if (!claims.has(v.name)) vols.push(v);
  if (vols.length) spec.volumes = vols; else delete spec.volumes;
  pod.status = {};
  return pod;
}

function identityMatches(set: KObject, p: KObject): boolean {
  const [parent, ord] = parentAndOrdinal(p.metadata.name!);
  return ord >= 0 && parent === set.metadata.name && p.metadata.namespace === set.metadata.namespace
    && p.metadata.labels?.[POD_NAME_LABEL] === p.metadata.name;
}
function storageMatches(set: KObject, p: KObject): boolean {
  const ord = ordinalOf(p);
  if (ord < 0) return false;
  const vols = new Map<string, any>((p.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const v = vols.get(t.metadata?.name);
    if (!v?.persistentVolumeClaim || v.persistentVolumeClaim.claimName !== claimName(set, t.metadata?.name, ord)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// claims and their retention policy (stateful_pod_control.go)

interface Policy { whenDeleted: string; whenScaled: string }
const policyOf = (set: KObject): Policy => ({
  whenDeleted: set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain',
  whenScaled: set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain',
});
const matchesRef = (r: OwnerReference, o: KObject, kind: string) => r.kind === kind && r.name === o.metadata.name;

/** The owner references a claim should carry for this set and pod under the retention policy. */
function wantedClaimRefs(claim: KObject, set: KObject, pod: KObject): OwnerReference[] {
  let refs = (claim.metadata.ownerReferences ?? []).filter(r => !matchesRef(r, set, 'StatefulSet') && !matchesRef(r, pod, 'Pod'));
  // another controller owns the claim: leave it alone
  if (refs.some(r => r.controller)) return refs;
  const p = policyOf(set);
  const scaledDown = !inRange(pod, set);
  const add = (o: KObject, kind: string, av: string) => { refs = [...refs, controllerRef(o, av, kind)]; };
  if (p.whenScaled === 'Retain' && p.whenDeleted === 'Delete') add(set, 'StatefulSet', 'apps/v1');
  else if (p.whenScaled === 'Delete' && p.whenDeleted === 'Retain') { if (scaledDown && pod.metadata.uid) add(pod, 'Pod', 'v1'); }
  else if (p.whenScaled === 'Delete' && p.whenDeleted === 'Delete') {
    if (scaledDown) { if (pod.metadata.uid) add(pod, 'Pod', 'v1'); } else add(set, 'StatefulSet', 'apps/v1');
  }
  return refs;
}
function claimOwnerUpToDate(claim: KObject, set: KObject, pod: KObject): boolean {
  // a reference to an earlier set or pod of the same name: not ours to touch
  for (const [o, kind] of [[set, 'StatefulSet'], [pod, 'Pod']] as const) {
    const r = (claim.metadata.ownerReferences ?? []).find(x => matchesRef(x, o, kind));
    if (r && r.uid !== o.metadata.uid) return true;
  }
  return deepEqual(claim.metadata.ownerReferences ?? [], wantedClaimRefs(claim, set, pod));
}

/** StatefulPodControl: the set's own pod control (its claims first, its event texts). */
class StatefulPodControl {
  constructor(public rt: Runtime, public set: KObject) {}
  event(type: 'Normal' | 'Warning', reason: string, msg: string): void { controllerEvent(this.rt, this.set, type, reason, msg, COMPONENT); }
  podEvent(verb: string, pod: KObject, err?: string): void {
    const V = verb[0]!.toUpperCase() + verb.slice(1);
    if (!err) this.event('Normal', `Successful${V}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${this.set.metadata.name} successful`);
    else this.event('Warning', `Failed${V}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${this.set.metadata.name} failed error: ${err}`);
  }
  claimEvent(verb: string, pod: KObject, claim: string, err?: string): void {
    const V = verb[0]!.toUpperCase() + verb.slice(1);
    if (!err) this.event('Normal', `Successful${V}`, `${verb} Claim ${claim} Pod ${pod.metadata.name} in StatefulSet ${this.set.metadata.name} success`);
    else this.event('Warning', `Failed${V}`, `${verb} Claim ${claim} for Pod ${pod.metadata.name} in StatefulSet ${this.set.metadata.name} failed error: ${err}`);
  }

  /** createPersistentVolumeClaims: every missing claim of the pod; an error text when one fails. */
  createClaims(pod: KObject): string | undefined {
    const errs: string[] = [];
    for (const c of claimsFor(this.set, ordinalOf(pod)).values()) {
      const have = this.rt.api.tryGet(pvcRi(), c.metadata.namespace, c.metadata.name!);
      if (!have) {
        try {
          this.rt.api.create(c);
          this.claimEvent('create', pod, c.metadata.name!);
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          errs.push(`failed to create PVC ${c.metadata.name}: ${e.message}`);
          if (e.code !== 409) this.claimEvent('create', pod, c.metadata.name!, e.message);
        }
      } else if (have.metadata.deletionTimestamp) errs.push(`pvc ${c.metadata.name} is being deleted`);
    }
    if (!errs.length) return undefined;
    return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
  }

  /** CreateStatefulPod: claims first, then the pod, then the claims' owner references. */
  create(pod: KObject): boolean {
    const err = this.createClaims(pod);
    if (err) { this.podEvent('create', pod, err); return false; }
    let created: KObject;
    try { created = this.rt.api.create(pod); } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code === 409) return false;
      this.podEvent('create', pod, e.message);
      return false;
    }
    this.updateClaimsForRetention(created);
    this.podEvent('create', created);
    return true;
  }
  delete(pod: KObject): void {
    try {
      this.rt.api.delete(podRi(), pod.metadata.namespace, pod.metadata.name!, {});
      this.podEvent('delete', pod);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code !== 404) this.podEvent('delete', pod, e.message);
    }
  }
  /** UpdatePodClaimForRetentionPolicy */
  updateClaimsForRetention(pod: KObject): void {
    for (const c of claimsFor(this.set, ordinalOf(pod)).values()) {
      const claim = this.rt.api.tryGet(pvcRi(), c.metadata.namespace, c.metadata.name!);
      if (!claim || claimOwnerUpToDate(claim, this.set, pod)) continue;
      try {
        this.rt.api.mutate(pvcRi(), claim.metadata.namespace, claim.metadata.name!, o => {
          const refs = wantedClaimRefs(o, this.set, pod);
          if (refs.length) o.metadata.ownerReferences = refs; else delete o.metadata.ownerReferences;
        });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        this.claimEvent('update', pod, claim.metadata.name!, e.message);
      }
    }
  }
  claimsMatchPolicy(pod: KObject): boolean {
    for (const c of claimsFor(this.set, ordinalOf(pod)).values()) {
      const claim = this.rt.api.tryGet(pvcRi(), c.metadata.namespace, c.metadata.name!);
      if (claim && !claimOwnerUpToDate(claim, this.set, pod)) return false;
    }
    return true;
  }
  /** PodClaimIsStale: with whenScaled=Delete, a claim still owned by an earlier pod of this ordinal blocks. */
  claimIsStale(pod: KObject): boolean {
    if (policyOf(this.set).whenScaled === 'Retain') return false;
    for (const c of claimsFor(this.set, ordinalOf(pod)).values()) {
      const claim = this.rt.api.tryGet(pvcRi(), c.metadata.namespace, c.metadata.name!);
      if (!claim) continue;
      const r = (claim.metadata.ownerReferences ?? []).find(x => matchesRef(x, pod, 'Pod'));
      if (r && r.uid !== pod.metadata.uid) return true;
    }
    return false;
  }
  /** UpdateStatefulPod: restore identity and storage of a pod someone changed. */
  update(pod: KObject): void {
    const set = this.set;
    if (!storageMatches(set, pod)) {
      const err = this.createClaims(pod);
      if (err) { this.podEvent('update', pod, err); return; }
    }
    if (!this.claimsMatchPolicy(pod)) this.updateClaimsForRetention(pod);
    if (identityMatches(set, pod)) return;
    try {
      this.rt.api.mutate(podRi(), pod.metadata.namespace, pod.metadata.name!, o => {
        o.metadata.labels = { ...(o.metadata.labels ?? {}), [POD_NAME_LABEL]: o.metadata.name!, [POD_INDEX_LABEL]: String(ordinalOf(o)) };
      });
      this.podEvent('update', pod);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.podEvent('update', pod, e.message);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// revisions

function newRevision(set: KObject, revision: number, collisionCount: number): KObject {
  const data = templatePatch(set);
  const hash = hashRevision(data, collisionCount);
  const md: ObjectMeta = {
    name: `${set.metadata.name}-${hash}`, namespace: set.metadata.namespace,
    labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
    ownerReferences: [controllerRef(set, 'apps/v1', 'StatefulSet')],
  };
  if (set.metadata.annotations && Object.keys(set.metadata.annotations).length) md.annotations = { ...set.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: md, data, revision };
}

/** getStatefulSetRevisions: the current and update revisions, creating or re-numbering as needed. */
function revisionsFor(rt: Runtime, set: KObject, revs: KObject[]): { current: KObject; update: KObject; collisionCount: number } | undefined {
  let collisionCount: number = set.status?.collisionCount ?? 0;
  const want = newRevision(set, nextRevision(revs), collisionCount);
  const same = revs.filter(r => goJSON(r.data) === goJSON(want.data));
  let update: KObject | undefined;
  if (same.length && revs[revs.length - 1] === same[same.length - 1]) update = revs[revs.length - 1];
  else if (same.length) update = bumpRevision(rt, same[same.length - 1]!, want.revision);
  else {
    for (let i = 0; i < 10 && !update; i++) {
      const cr = newRevision(set, want.revision, collisionCount);
      const r = createRevision(rt, cr);
      if (r.cr) update = r.cr; else collisionCount++;
    }
    if (!update) return undefined;
  }
  const current = revs.find(r => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}

// ---------------------------------------------------------------------------------------------------------
// one sync

function sync(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const ns = key.slice(0, i), name = key.slice(i + 1);
  const set = rt.api.tryGet(stsRi(), ns, name);
  if (!set) { rt.cancel(TIMER, key); return; }
  const sel = fromLabelSelector(set.spec?.selector ?? {});
  if (!sel.length) return;
  const pc = new StatefulPodControl(rt, set);

  // claim pods: owned and matching members, adopt matching orphan members, release the rest
  const pods = claimPods(rt, set, {
    selector: sel, ref: controllerRef(set, 'apps/v1', 'StatefulSet'), member: p => parentAndOrdinal(p.metadata.name!)[0] === name,
    orphans: set.metadata.deletionTimestamp ? [] : hints.take(rt, key),
  });

  const revs = ownedRevisions(rt, set);
  const r = revisionsFor(rt, set, revs);
  if (!r) return;
  const allRevs = revs.some(x => x.metadata.uid === r.update.metadata.uid) ? revs.map(x => (x.metadata.uid === r.update.metadata.uid ? r.update : x)) : [...revs, r.update];
  const status = updateStatefulSet(rt, pc, set, r.current, r.update, r.collisionCount, pods);
  // completeRollingUpdate
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  writeStatus(rt, set, status);
  truncateHistory(rt, set, allRevs, status);
  if ((set.spec?.minReadySeconds ?? 0) > 0 && status.readyReplicas !== status.availableReplicas) armAvailability(rt, set, key);
}

interface Status {
  observedGeneration: number; replicas: number; readyReplicas: number; currentReplicas: number; updatedReplicas: number;
  availableReplicas: number; currentRevision: string; updateRevision: string; collisionCount: number;
}

function count(pods: KObject[], set: KObject, current: KObject, update: KObject, now: number): Omit<Status, 'observedGeneration' | 'currentRevision' | 'updateRevision' | 'collisionCount'> {
  const min = set.spec?.minReadySeconds ?? 0;
  const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const p of pods) {
    if (isCreated(p)) s.replicas++;
    if (isRunningAndReady(p)) {
      s.readyReplicas++;
      if (isPodAvailable(p, min, now)) s.availableReplicas++;
    }
    if (isCreated(p) && !isTerminating(p)) {
      if (revisionOf(p) === current.metadata.name) s.currentReplicas++;
      if (revisionOf(p) === update.metadata.name) s.updatedReplicas++;
    }
  }
  return s;
}

function updateStatefulSet(rt: Runtime, pc: StatefulPodControl, set: KObject, currentRev: KObject, updateRev: KObject, collisionCount: number, pods: KObject[]): Status {
  const now = rt.clock.now();
  const currentSet = applyRevision(set, currentRev);
  currentSet.status = set.status ?? {};
  const updateSet = applyRevision(set, updateRev);
  const status: Status = {
    observedGeneration: set.metadata.generation ?? 0, currentRevision: currentRev.metadata.name!, updateRevision: updateRev.metadata.name!,
    collisionCount, ...count(pods, set, currentRev, updateRev, now),
  };
  const recount = (lists: KObject[][]) => Object.assign(status, count(lists.flat(), set, currentRev, updateRev, now));
  const start = startOrdinal(set);
  const replicas: KObject[] = new Array(replicasOf(set));
  const condemned: KObject[] = [];
  for (const p of pods) {
    if (inRange(p, set)) replicas[ordinalOf(p) - start] = p;
    else if (ordinalOf(p) >= 0) condemned.push(p);
  }
  const us = currentSet.spec?.updateStrategy ?? {};
  for (let ord = start; ord <= endOrdinal(set); ord++) {
    if (replicas[ord - start]) continue;
    const useCurrent = (us.type === 'RollingUpdate' && us.rollingUpdate == null && ord < start + (set.status?.currentReplicas ?? 0))
      || (us.rollingUpdate != null && ord < start + (us.rollingUpdate.partition ?? 0));
    replicas[ord - start] = useCurrent ? newPod(currentSet, ord, currentRev.metadata.name!) : newPod(updateSet, ord, updateRev.metadata.name!);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  let firstUnhealthy: KObject | undefined;
  for (const p of replicas) if (!isHealthy(p)) { firstUnhealthy ??= p; }
  for (let k = condemned.length - 1; k >= 0; k--) if (!isHealthy(condemned[k]!)) { firstUnhealthy ??= condemned[k]; }
  if (set.metadata.deletionTimestamp) return status;

  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const min = set.spec?.minReadySeconds ?? 0;
  // each living replica, in order; OrderedReady stops at the first that is not Running, Ready and Available
  const processReplica = (k: number): boolean => {
    let p = replicas[k]!;
    if (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') {
      if (!p.metadata.deletionTimestamp) pc.delete(p);
      return true;
    }
    if (!isCreated(p)) {
      if (pc.claimIsStale(p)) return true;
      const ok = pc.create(p);
      if (!ok) return true;
      if (monotonic) return true;
      p = rt.api.tryGet(podRi(), p.metadata.namespace, p.metadata.name!) ?? p;
      replicas[k] = p;
    }
    if (p.status?.phase === 'Pending') { const err = pc.createClaims(p); if (err) return true; }
    if (isTerminating(p) && monotonic) return true;
    if (!isRunningAndReady(p) && monotonic) return true;
    if (!isPodAvailable(p, min, now) && monotonic) return true;
    if (identityMatches(set, p) && storageMatches(set, p) && pc.claimsMatchPolicy(p)) return false;
    pc.update(p);
    return false;
  };
  const runForAll = (list: KObject[], fn: (k: number) => boolean): boolean => {
    if (monotonic) { for (let k = 0; k < list.length; k++) if (fn(k)) return true; return false; }
    for (let k = 0; k < list.length; k++) fn(k);
    return false;
  };
  if (runForAll(replicas, processReplica)) { recount([replicas.filter(isCreated), condemned]); return status; }
  // condemned pods get the claim references the policy asks for before they go
  for (const p of condemned) if (!pc.claimsMatchPolicy(p)) pc.updateClaimsForRetention(p);
  const processCondemned = (k: number): boolean => {
    const p = condemned[k]!;
    if (isTerminating(p)) return monotonic;
    if (!isRunningAndReady(p) && monotonic && p !== firstUnhealthy) return true;
    if (!isPodAvailable(p, min, now) && monotonic && p !== firstUnhealthy) return true;
    pc.delete(p);
    return true;
  };
  if (runForAll(condemned, processCondemned)) { recount([replicas.filter(isCreated), condemned.map(p => rt.api.tryGet(podRi(), p.metadata.namespace, p.metadata.name!) ?? p)]); return status; }
  recount([replicas.filter(isCreated), condemned]);
  if (set.spec?.updateStrategy?.type === 'OnDelete') return status;
  // rolling update: the largest ordinal not at the update revision goes first, down to the partition
  const updateMin = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const p = replicas[target]!;
    if (revisionOf(p) !== updateRev.metadata.name && !isTerminating(p)) {
      pc.delete(p);
      status.currentReplicas--;
      return status;
    }
    if (!isHealthy(p)) return status;
  }
  return status;
}

function writeStatus(rt: Runtime, set: KObject, s: Status): void {
  const st: any = { availableReplicas: s.availableReplicas, collisionCount: s.collisionCount, currentReplicas: s.currentReplicas,
    currentRevision: s.currentRevision, observedGeneration: s.observedGeneration, readyReplicas: s.readyReplicas, replicas: s.replicas,
    updateRevision: s.updateRevision, updatedReplicas: s.updatedReplicas };
  for (const k of ['currentReplicas', 'readyReplicas', 'updatedReplicas'] as const) if (!st[k]) delete st[k];
  if (set.status?.conditions) st.conditions = set.status.conditions;
  if (deepEqual(st, set.status ?? {})) return;
  updateStatus(rt, stsRi(), set, st);
}

/** truncateHistory: keep the revisions live pods use, the current and update ones, and revisionHistoryLimit others. */
function truncateHistory(rt: Runtime, set: KObject, revs: KObject[], s: Status): void {
  const live = new Set<string>([s.currentRevision, s.updateRevision]);
  for (const d of rt.api.dependents(set.metadata.uid!)) if (d.ri.kind === 'Pod') live.add(revisionOf(d.obj));
  const history = revs.filter(r => !live.has(r.metadata.name!));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  const excess = history.length - limit;
  for (let k = 0; k < excess; k++) deleteRevision(rt, history[k]!);
}

/** Requeue when a ready pod becomes available (minReadySeconds). */
function armAvailability(rt: Runtime, set: KObject, key: string): void {
  const min = (set.spec?.minReadySeconds ?? 0) * 1000;
  let next = Infinity;
  for (const d of rt.api.dependents(set.metadata.uid!)) {
    if (d.ri.kind !== 'Pod' || !isRunningAndReady(d.obj)) continue;
    const c = (d.obj.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
    const t = parseISO(c?.lastTransitionTime) + min + 1000;
    if (t > rt.clock.now()) next = Math.min(next, t);
  }
  if (next !== Infinity) rt.after(next - rt.clock.now(), TIMER, key);
}

// ---------------------------------------------------------------------------------------------------------
// events → keys

const hints = new OrphanHints();

function onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const { ri, obj } = ev;
  const ns = obj.metadata.namespace;
  if (ri.group === 'apps' && ri.kind === 'StatefulSet') {
    const key = `${ns}/${obj.metadata.name}`;
    if (ev.type === 'DELETED') { rt.cancel(TIMER, key); return; }
    // orphans that may be adopted: pods the set's selector matches in the namespace
    if (ev.type === 'ADDED') hints.addMatching(rt, key, ns, fromLabelSelector(obj.spec?.selector ?? {}));
    if (ownerUnchanged(ev, true)) return;
    enqueue(key);
    return;
  }
  if (ri.group === '' && ri.kind === 'Pod') {
    const r = controllerRefOf(obj), old = ev.old ? controllerRefOf(ev.old) : undefined;
    if (r?.kind === 'StatefulSet') enqueue(`${ns}/${r.name}`);
    if (old?.kind === 'StatefulSet' && old.uid !== r?.uid) enqueue(`${ns}/${old.name}`);
    if (r || ev.type === 'DELETED' || obj.metadata.deletionTimestamp) return;
    const [parent] = parentAndOrdinal(obj.metadata.name!);
    if (!parent) return;
    const set = rt.api.tryGet(stsRi(), ns, parent);
    const sel = set && fromLabelSelector(set.spec?.selector ?? {});
    if (set && sel && sel.length && matches(sel, obj.metadata.labels)) { hints.add(rt, `${ns}/${parent}`, obj.metadata.name!); enqueue(`${ns}/${parent}`); }
    return;
  }
  // a claim going away may unblock a pod whose stale claim held it back
  if (ri.group === '' && ri.kind === 'PersistentVolumeClaim' && ev.type === 'DELETED') {
    for (const r of obj.metadata.ownerReferences ?? []) {
      if (r.kind === 'StatefulSet') enqueue(`${ns}/${r.name}`);
      if (r.kind === 'Pod') { const [parent] = parentAndOrdinal(r.name); if (parent) enqueue(`${ns}/${parent}`); }
    }
  }
}

export const statefulSetController: Controller = {
  name: NAME,
  kinds: ['apps/StatefulSet', 'Pod', 'PersistentVolumeClaim'],
  timers: [TIMER],
  onEvent,
  reconcile(key, rt) { endSyncOnApiError(NAME, key, () => sync(key, rt)); },
  onTimer: requeueOnTimer(NAME),
};
