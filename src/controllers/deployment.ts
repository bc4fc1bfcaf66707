// Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template, named
// <deployment>-<pod-template-hash>; RollingUpdate within maxSurge/maxUnavailable, Recreate, paused,
// proportional scaling, revisions and rollback reuse, progress deadline (a timer), history pruning, status.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { fromLabelSelector, matches } from '../api/selectors';
import { deepEqual, clone } from '../util/objects';
import { controllerRef, controllerRefOf, endSyncOnApiError, patchOwnerRefs, requeueOnTimer } from './podcontrol';

const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';
const SKIP_COPY = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED, MAX, 'deprecated.deployment.rollback.to']);
const MAX_REV_HISTORY_CHARS = 2000;
const PROGRESS_TIMER = 'deployment-progress';
const COMPONENT = { component: 'deployment-controller' };

const R = {
  NewRSAvailable: 'NewReplicaSetAvailable', Updated: 'ReplicaSetUpdated', TimedOut: 'ProgressDeadlineExceeded',
  FoundNew: 'FoundNewReplicaSet', NewCreated: 'NewReplicaSetCreated', FailedCreate: 'ReplicaSetCreateError',
  Paused: 'DeploymentPaused', Resumed: 'DeploymentResumed', MinAvail: 'MinimumReplicasAvailable', MinUnavail: 'MinimumReplicasUnavailable',
};

const deployRi = () => byGroupResource('apps', 'deployments')!;
const rsRi = () => byGroupResource('apps', 'replicasets')!;

// ---------------------------------------------------------------------------------------------------------
// pod-template-hash: controller.ComputeHash as Kubernetes 1.33 computes it (podtemplatehash.ts)
export { computeHash } from './podtemplatehash';
import { computeHash } from './podtemplatehash';
import { controllerEvent } from './recorder';

// ---------------------------------------------------------------------------------------------------------
// helpers (deployment/util)

const replicasOf = (o: KObject | undefined): number => (o ? o.spec?.replicas ?? 1 : 0);
function scaled(v: unknown, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = String(v).match(/^(\d+)%$/);
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
const isRolling = (d: KObject) => d.spec?.strategy?.type !== 'Recreate';
function fenceposts(d: KObject): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const desired = replicasOf(d);
  const surge = scaled(ru.maxSurge ?? 0, desired, true);
  let unavailable = scaled(ru.maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}
export const maxSurge = (d: KObject) => (isRolling(d) ? fenceposts(d)[0] : 0);
export function maxUnavailable(d: KObject): number {
  if (!isRolling(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], replicasOf(d));
}
const sumSpec = (l: (KObject | undefined)[]) => l.reduce((n, r) => n + (r ? replicasOf(r) : 0), 0);
const sumStatus = (l: (KObject | undefined)[], f: string) => l.reduce((n, r) => n + (r?.status?.[f] ?? 0), 0);
const active = (l: (KObject | undefined)[]) => l.filter((r): r is KObject => !!r && replicasOf(r) > 0);
const created = (r: KObject) => Date.parse(r.metadata.creationTimestamp ?? '') || 0;
const byCreation = (a: KObject, b: KObject) => created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);
const revisionOf = (r: KObject | undefined): number => {
  const v = r?.metadata.annotations?.[REVISION];
  return v && /^\d+$/.test(v) ? Number(v) : 0;
};
const hasDeadline = (d: KObject) => d.spec?.progressDeadlineSeconds != null && d.spec.progressDeadlineSeconds !== 2147483647;
const hasHistoryLimit = (d: KObject) => d.spec?.revisionHistoryLimit != null && d.spec.revisionHistoryLimit !== 2147483647;

function normTemplate(t: any): any {
  const c = clone(t ?? {});
  c.metadata ??= {};
  if (c.metadata.labels) { delete c.metadata.labels[HASH_LABEL]; }
  return c;
}
/** EqualIgnoreHash: the templates are semantically equal once the pod-template-hash label is dropped. */
export function equalIgnoreHash(a: any, b: any): boolean {
  return semantic(normTemplate(a), normTemplate(b));
}
function semantic(a: unknown, b: unknown): boolean {
  const empty = (x: unknown) => x === undefined || x === null || (Array.isArray(x) && !x.length);
  const emptyMap = (x: unknown) => empty(x) || (typeof x === 'object' && !Array.isArray(x) && !Object.keys(x as object).some(k => (x as any)[k] !== undefined));
  if (empty(a) && empty(b)) return true;
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return (emptyMap(a) && emptyMap(b));
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) { const bb = b as unknown[]; return a.length === bb.length && a.every((x, i) => semantic(x, bb[i])); }
  const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const x = ao[k], y = bo[k];
    // maps (labels, annotations, nodeSelector...) compare nil == empty; structs do not
    if (MAP_FIELDS.has(k) && emptyMap(x) && emptyMap(y)) continue;
    if (!semantic(x, y)) return false;
  }
  return true;
}
const MAP_FIELDS = new Set(['labels', 'annotations', 'nodeSelector', 'limits', 'requests', 'matchLabels']);

function cond(type: string, status: string, reason: string, message: string, nowISO: string): any {
  return { type, status, lastUpdateTime: nowISO, lastTransitionTime: nowISO, reason, message };
}
const getCond = (st: any, type: string) => (st?.conditions ?? []).find((c: any) => c.type === type);
function setCond(st: any, c: any): void {
  const cur = getCond(st, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  st.conditions = [...(st.conditions ?? []).filter((x: any) => x.type !== c.type), c];
}
function removeCond(st: any, type: string): void {
  if (!st.conditions) return;
  st.conditions = st.conditions.filter((x: any) => x.type !== type);
  if (!st.conditions.length) delete st.conditions;
}

// ---------------------------------------------------------------------------------------------------------
// One sync

class Sync {
  d: KObject;
  ns: string;
  now: number;
  nowISO: string;
  constructor(d: KObject, public rt: Runtime) {
    this.d = d;
    this.ns = d.metadata.namespace!;
    this.now = rt.clock.now();
    this.nowISO = rt.clock.nowISO();
  }
  event(type: 'Normal' | 'Warning', reason: string, msg: string): void { controllerEvent(this.rt, this.d, type, reason, msg, COMPONENT); }

  /** getReplicaSetsForDeployment: owned ReplicaSets that match (releasing the others) and adopted orphans. */
  claim(orphans: KObject[]): KObject[] {
    const d = this.d, uid = d.metadata.uid!;
    const sel = fromLabelSelector(d.spec?.selector ?? {});
    const ok = (r: KObject) => sel.length > 0 && matches(sel, r.metadata.labels);
    const out: KObject[] = [];
    const seen = new Set<string>();
    for (const dep of this.rt.api.dependents(uid)) {
      if (dep.ri.kind !== 'ReplicaSet' || controllerRefOf(dep.obj)?.uid !== uid) continue;
      seen.add(dep.obj.metadata.name!);
      if (ok(dep.obj)) { out.push(dep.obj); continue; }
      if (!d.metadata.deletionTimestamp) patchOwnerRefs(this.rt, rsRi(), dep.obj, refs => refs.filter(r => r.uid !== uid));
    }
    if (!d.metadata.deletionTimestamp) {
      for (const r of orphans) {
        if (seen.has(r.metadata.name!) || controllerRefOf(r) || r.metadata.deletionTimestamp || !ok(r)) continue;
        const ref = controllerRef(d, 'apps/v1', 'Deployment');
        const got = patchOwnerRefs(this.rt, rsRi(), r, refs => [...refs, ref]);
        if (got && controllerRefOf(got)?.uid === uid) out.push(got);
      }
    }
    return out;
  }

  writeDeploymentMeta(fn: (d: KObject) => void): void {
    const out = this.rt.api.mutate(deployRi(), this.ns, this.d.metadata.name!, o => { if (o.metadata.uid !== this.d.metadata.uid) return false; fn(o); });
    if (out) { this.d.metadata = out.metadata; }
  }
  writeStatus(st: any): void {
    if (deepEqual(st, this.d.status ?? {})) return;
    const out = this.rt.api.mutate(deployRi(), this.ns, this.d.metadata.name!, o => { if (o.metadata.uid !== this.d.metadata.uid) return false; o.status = st; }, { subresource: 'status' });
    if (out) { this.d.status = out.status; this.d.metadata.resourceVersion = out.metadata.resourceVersion; }
  }
  updateRS(rs: KObject): KObject {
    const c = { ...rs, metadata: { ...rs.metadata } };
    delete c.metadata.resourceVersion; // a read-modify-write inside one sync: last write wins
    return this.rt.api.update(c);
  }

  /** SetNewReplicaSetAnnotations; returns whether anything changed. */
  setNewRSAnnotations(rs: KObject, newRevision: number, exists: boolean): boolean {
    const d = this.d;
    let changed = false;
    const a: Record<string, string> = (rs.metadata.annotations ??= {});
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (SKIP_COPY.has(k) || a[k] === v) continue;
      a[k] = v; changed = true;
    }
    const oldRevision = a[REVISION];
    let oldInt = 0;
    if (oldRevision !== undefined && oldRevision !== '') {
      if (!/^-?\d+$/.test(oldRevision)) return false;
      oldInt = Number(oldRevision);
    }
    if (oldInt < newRevision) { a[REVISION] = String(newRevision); changed = true; }
    if (oldRevision !== undefined && oldInt < newRevision) {
      const hist = a[REVISION_HISTORY] ?? '';
      let olds = hist.split(',');
      if (!olds[0]) a[REVISION_HISTORY] = oldRevision;
      else {
        let total = hist.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_CHARS && start < olds.length) { total -= olds[start]!.length + 1; start++; }
        if (total <= MAX_REV_HISTORY_CHARS) { olds = [...olds.slice(start), oldRevision]; a[REVISION_HISTORY] = olds.join(','); }
      }
    }
    if (!exists && this.setReplicasAnnotations(rs)) changed = true;
    return changed;
  }
  setReplicasAnnotations(rs: KObject): boolean {
    const desired = String(replicasOf(this.d)), max = String(replicasOf(this.d) + maxSurge(this.d));
    const a: Record<string, string> = (rs.metadata.annotations ??= {});
    let changed = false;
    if (a[DESIRED] !== desired) { a[DESIRED] = desired; changed = true; }
    if (a[MAX] !== max) { a[MAX] = max; changed = true; }
    return changed;
  }

  /** getAllReplicaSetsAndSyncRevision */
  all(rsList: KObject[], createIfMissing: boolean): { newRS?: KObject; old: KObject[] } {
    const sorted = [...rsList].sort(byCreation);
    const found = sorted.find(r => equalIgnoreHash(r.spec?.template, this.d.spec?.template));
    const old = rsList.filter(r => r !== found);
    const newRS = this.newReplicaSet(found, old, createIfMissing);
    return { newRS, old };
  }

  newReplicaSet(existing: KObject | undefined, old: KObject[], create: boolean): KObject | undefined {
    const d = this.d;
    const newRevision = Math.max(0, ...old.map(revisionOf)) + 1;
    if (existing) {
      let rs = clone(existing);
      const annChanged = this.setNewRSAnnotations(rs, newRevision, true);
      const mrsChanged = (rs.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      if (annChanged || mrsChanged) {
        if (d.spec?.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds; else delete rs.spec.minReadySeconds;
        rs = this.updateRS(rs);
      }
      const rev = rs.metadata.annotations?.[REVISION];
      if (rev !== undefined && d.metadata.annotations?.[REVISION] !== rev) this.writeDeploymentMeta(o => { (o.metadata.annotations ??= {})[REVISION] = rev; });
      if (hasDeadline(d) && !getCond(d.status, 'Progressing')) {
        const st = clone(d.status ?? {});
        setCond(st, cond('Progressing', 'True', R.FoundNew, `Found new replica set "${rs.metadata.name}"`, this.nowISO));
        this.writeStatus(st);
      }
      return rs;
    }
    if (!create) return undefined;
    const tpl = clone(d.spec?.template ?? {});
    const collision = d.status?.collisionCount;
    const hash = computeHash(tpl, collision);
    tpl.metadata ??= {};
    tpl.metadata.labels = { ...(tpl.metadata.labels ?? {}), [HASH_LABEL]: hash };
    const selector = clone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const rs: KObject = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name, namespace: this.ns, labels: { ...tpl.metadata.labels },
        ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')],
      },
      spec: { replicas: 0, ...(d.spec?.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}), selector, template: tpl },
    };
    const count = this.newRSNewReplicas([...old, rs], rs);
    rs.spec.replicas = count;
    this.setNewRSAnnotations(rs, newRevision, false);
    let createdRS: KObject;
    let alreadyExists = false;
    try {
      createdRS = this.rt.api.create(rs);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code === 409 && e.reason === 'AlreadyExists') {
        const cur = this.rt.api.tryGet(rsRi(), this.ns, name);
        if (cur && controllerRefOf(cur)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, cur.spec?.template)) {
          createdRS = cur; alreadyExists = true;
        } else {
          const st = clone(d.status ?? {});
          st.collisionCount = (st.collisionCount ?? 0) + 1;
          this.writeStatus(st);
          this.rt.enqueueFor('deployment', `${this.ns}/${d.metadata.name}`);
          return undefined;
        }
      } else {
        const msg = `Failed to create new replica set "${name}": ${e.message}`;
        if (hasDeadline(d)) {
          const st = clone(d.status ?? {});
          setCond(st, cond('Progressing', 'False', R.FailedCreate, msg, this.nowISO));
          this.writeStatus(st);
        }
        this.event('Warning', 'FailedCreate', msg);
        return undefined;
      }
    }
    if (!alreadyExists && count > 0) this.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${createdRS.metadata.name} from 0 to ${count}`);
    if (d.metadata.annotations?.[REVISION] !== String(newRevision)) this.writeDeploymentMeta(o => { (o.metadata.annotations ??= {})[REVISION] = String(newRevision); });
    if (!alreadyExists && hasDeadline(d)) {
      const st = clone(d.status ?? {});
      setCond(st, cond('Progressing', 'True', R.NewCreated, `Created new replica set "${createdRS.metadata.name}"`, this.nowISO));
      this.writeStatus(st);
    }
    return createdRS;
  }

  newRSNewReplicas(allRSs: KObject[], newRS: KObject): number {
    const d = this.d;
    if (!isRolling(d)) return replicasOf(d);
    const surge = scaled(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, replicasOf(d), true);
    const current = sumSpec(allRSs);
    const maxTotal = replicasOf(d) + surge;
    if (current >= maxTotal) return replicasOf(newRS);
    const up = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
    return replicasOf(newRS) + up;
  }

  /** scaleReplicaSet: new size and the replicas annotations; a ScalingReplicaSet event when the size changed. */
  scaleRS(rs: KObject, newScale: number, op?: 'up' | 'down'): { scaled: boolean; rs: KObject } {
    const sizeChanged = replicasOf(rs) !== newScale;
    const copy = clone(rs);
    const annChanged = this.setReplicasAnnotations(copy);
    if (!sizeChanged && !annChanged) return { scaled: false, rs };
    const oldScale = replicasOf(rs);
    copy.spec.replicas = newScale;
    const out = this.updateRS(copy);
    if (sizeChanged) {
      const word = op ?? (oldScale < newScale ? 'up' : 'down');
      this.event('Normal', 'ScalingReplicaSet', `Scaled ${word} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
    }
    return { scaled: sizeChanged, rs: out };
  }
  scaleAndRecord(rs: KObject, newScale: number): { scaled: boolean; rs: KObject } {
    if (replicasOf(rs) === newScale) return { scaled: false, rs };
    return this.scaleRS(rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
  }

  // ----- status -----
  calculateStatus(allRSs: (KObject | undefined)[], newRS: KObject | undefined): any {
    const d = this.d;
    const rss = allRSs.filter((r): r is KObject => !!r);
    const available = sumStatus(rss, 'availableReplicas');
    const unavailable = Math.max(0, sumSpec(rss) - available);
    const st: any = {};
    if (d.metadata.generation) st.observedGeneration = d.metadata.generation;
    const put = (k: string, v: number) => { if (v) st[k] = v; };
    put('replicas', sumStatus(rss, 'replicas'));
    put('updatedReplicas', newRS ? newRS.status?.replicas ?? 0 : 0);
    put('readyReplicas', sumStatus(rss, 'readyReplicas'));
    put('availableReplicas', available);
    put('unavailableReplicas', unavailable);
    if (d.status?.conditions) st.conditions = clone(d.status.conditions);
    if (d.status?.collisionCount !== undefined) st.collisionCount = d.status.collisionCount;
    if (available >= replicasOf(d) - maxUnavailable(d)) setCond(st, cond('Available', 'True', R.MinAvail, 'Deployment has minimum availability.', this.nowISO));
    else setCond(st, cond('Available', 'False', R.MinUnavail, 'Deployment does not have minimum availability.', this.nowISO));
    return st;
  }
  complete(st: any): boolean {
    const n = replicasOf(this.d);
    return (st.updatedReplicas ?? 0) === n && (st.replicas ?? 0) === n && (st.availableReplicas ?? 0) === n && (st.observedGeneration ?? 0) >= (this.d.metadata.generation ?? 0);
  }
  progressing(st: any): boolean {
    const o = this.d.status ?? {};
    const n = (x: any, k: string) => x[k] ?? 0;
    return n(st, 'updatedReplicas') > n(o, 'updatedReplicas') ||
      n(st, 'replicas') - n(st, 'updatedReplicas') < n(o, 'replicas') - n(o, 'updatedReplicas') ||
      n(st, 'readyReplicas') > n(o, 'readyReplicas') || n(st, 'availableReplicas') > n(o, 'availableReplicas');
  }
  timedOut(st: any): boolean {
    if (!hasDeadline(this.d)) return false;
    const c = getCond(st, 'Progressing');
    if (!c || c.reason === R.NewRSAvailable) return false;
    if (c.reason === R.TimedOut) return true;
    return Date.parse(c.lastUpdateTime) + this.d.spec.progressDeadlineSeconds * 1000 < this.now;
  }
  replicaFailures(allRSs: (KObject | undefined)[], newRS: KObject | undefined): any[] {
    const conv = (c: any) => ({ type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message });
    const of = (r: KObject | undefined) => (r?.status?.conditions ?? []).filter((c: any) => c.type === 'ReplicaFailure').map(conv);
    const n = of(newRS);
    if (n.length) return n;
    return allRSs.flatMap(of);
  }
  syncRolloutStatus(allRSs: (KObject | undefined)[], newRS: KObject | undefined): void {
    const d = this.d;
    const st = this.calculateStatus(allRSs, newRS);
    if (!hasDeadline(d)) removeCond(st, 'Progressing');
    const cur = getCond(d.status, 'Progressing');
    const isComplete = (st.replicas ?? 0) === (st.updatedReplicas ?? 0) && cur?.reason === R.NewRSAvailable;
    if (hasDeadline(d) && !isComplete) {
      if (this.complete(st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCond(st, cond('Progressing', 'True', R.NewRSAvailable, msg, this.nowISO));
      } else if (this.progressing(st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const c = cond('Progressing', 'True', R.Updated, msg, this.nowISO);
        if (cur) {
          if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
          removeCond(st, 'Progressing');
        }
        setCond(st, c);
      } else if (this.timedOut(st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCond(st, cond('Progressing', 'False', R.TimedOut, msg, this.nowISO));
      }
    }
    const fails = this.replicaFailures(allRSs, newRS);
    if (fails.length) setCond(st, fails[0]); else removeCond(st, 'ReplicaFailure');
    this.writeStatus(st);
    this.armProgressTimer(st);
  }
  /** requeueStuckDeployment, as a timer at the progress deadline. */
  armProgressTimer(st: any): void {
    const d = this.d;
    const key = `${this.ns}/${d.metadata.name}`;
    const c = getCond(st, 'Progressing');
    if (!hasDeadline(d) || !c || this.complete(st) || c.reason === R.TimedOut || c.reason === R.NewRSAvailable || d.spec?.paused) {
      this.rt.cancel(PROGRESS_TIMER, key);
      return;
    }
    const due = Date.parse(c.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 + 1000;
    this.rt.reset(due - this.now, PROGRESS_TIMER, key);
  }
  syncDeploymentStatus(allRSs: (KObject | undefined)[], newRS: KObject | undefined): void {
    this.writeStatus(this.calculateStatus(allRSs, newRS));
  }

  // ----- strategies -----
  sync(rsList: KObject[]): void {
    const { newRS, old } = this.all(rsList, false);
    this.scale(newRS, old);
    if (this.d.spec?.paused) this.cleanup(old);
    this.syncDeploymentStatus([...old, newRS], newRS);
  }
  isScalingEvent(rsList: KObject[]): boolean {
    const { newRS, old } = this.all(rsList, false);
    for (const r of active([...old, newRS])) {
      const v = r.metadata.annotations?.[DESIRED];
      if (v === undefined || !/^-?\d+$/.test(v)) continue;
      if (Number(v) !== replicasOf(this.d)) return true;
    }
    return false;
  }
  fresh(rs: KObject): KObject { return this.rt.api.tryGet(rsRi(), rs.metadata.namespace, rs.metadata.name!) ?? rs; }

  scale(newRS: KObject | undefined, oldIn: KObject[]): void {
    const d = this.d;
    const old = [...oldIn].sort(byCreation).reverse();
    const all = active([...old, newRS]);
    let activeOrLatest: KObject | undefined;
    if (newRS || old.length) {
      if (all.length === 0) activeOrLatest = newRS ?? old[0];
      else if (all.length === 1) activeOrLatest = all[0];
    }
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicasOf(d)) this.scaleAndRecord(activeOrLatest, replicasOf(d));
      return;
    }
    if (newRS && replicasOf(newRS) === replicasOf(d) && Number(newRS.metadata.annotations?.[DESIRED]) === replicasOf(d) && (newRS.status?.availableReplicas ?? 0) === replicasOf(d)) {
      for (const o of active(oldIn)) this.scaleAndRecord(o, 0);
      return;
    }
    if (!isRolling(d)) return;
    const rss = active([...oldIn, newRS]);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - sumSpec(rss);
    let op: 'up' | 'down' | undefined;
    if (toAdd > 0) {
      rss.sort((a, b) => (replicasOf(a) === replicasOf(b) ? byCreation(b, a) : replicasOf(b) - replicasOf(a)));
      op = 'up';
    } else if (toAdd < 0) {
      rss.sort((a, b) => (replicasOf(a) === replicasOf(b) ? byCreation(a, b) : replicasOf(b) - replicasOf(a)));
      op = 'down';
    }
    let added = 0;
    const size = new Map<string, number>();
    for (const r of rss) {
      if (toAdd !== 0) {
        const p = this.proportion(r, toAdd, added);
        size.set(r.metadata.name!, replicasOf(r) + p);
        added += p;
      } else size.set(r.metadata.name!, replicasOf(r));
    }
    rss.forEach((r, i) => {
      if (i === 0 && toAdd !== 0) size.set(r.metadata.name!, Math.max(0, size.get(r.metadata.name!)! + toAdd - added));
      this.scaleRS(r, size.get(r.metadata.name!)!, op);
    });
  }
  proportion(rs: KObject, toAdd: number, added: number): number {
    if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    const d = this.d;
    let fraction: number;
    if (replicasOf(d) === 0) fraction = -replicasOf(rs);
    else {
      const maxNow = replicasOf(d) + maxSurge(d);
      let before = Number(rs.metadata.annotations?.[MAX]);
      if (!Number.isFinite(before) || before === 0) before = d.status?.replicas ?? 0;
      fraction = before ? Math.round((replicasOf(rs) * maxNow) / before) - replicasOf(rs) : 0;
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  cleanup(old: KObject[]): void {
    const d = this.d;
    if (!hasHistoryLimit(d)) return;
    const alive = old.filter(r => !r.metadata.deletionTimestamp);
    const diff = alive.length - d.spec.revisionHistoryLimit;
    if (diff <= 0) return;
    alive.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const r = alive[i]!;
      if ((r.status?.replicas ?? 0) !== 0 || replicasOf(r) !== 0 || (r.metadata.generation ?? 0) > (r.status?.observedGeneration ?? 0) || r.metadata.deletionTimestamp) continue;
      try { this.rt.api.delete(rsRi(), r.metadata.namespace, r.metadata.name!, {}); } catch (e) { if (!(e instanceof StatusError)) throw e; }
    }
  }

  rolling(rsList: KObject[]): void {
    const d = this.d;
    const { newRS, old } = this.all(rsList, true);
    if (!newRS) return; // creation failed or collided: requeued
    let all: KObject[] = [...old, newRS];
    // reconcileNewReplicaSet
    let scaledUp = false;
    if (replicasOf(newRS) !== replicasOf(d)) {
      const target = replicasOf(newRS) > replicasOf(d) ? replicasOf(d) : this.newRSNewReplicas(all, newRS);
      scaledUp = this.scaleAndRecord(newRS, target).scaled;
    }
    if (scaledUp) { this.syncRolloutStatus(this.refresh(all), this.fresh(newRS)); return; }
    // reconcileOldReplicaSets
    const scaledDown = this.reconcileOld(all, active(old), newRS);
    all = this.refresh(all);
    if (scaledDown) { this.syncRolloutStatus(all, this.fresh(newRS)); return; }
    if (this.complete(d.status ?? {})) this.cleanup(old);
    this.syncRolloutStatus(all, this.fresh(newRS));
  }
  refresh(l: KObject[]): KObject[] { return l.map(r => this.fresh(r)); }

  reconcileOld(all: KObject[], oldIn: KObject[], newRS: KObject): boolean {
    const d = this.d;
    let old = [...oldIn];
    if (sumSpec(old) === 0) return false;
    const allPods = sumSpec(all);
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // cleanupUnhealthyReplicas
    old.sort(byCreation);
    let cleaned = 0;
    old = old.map(r => {
      if (cleaned >= maxScaledDown || replicasOf(r) === 0) return r;
      const avail = Math.min(r.status?.availableReplicas ?? 0, replicasOf(r));
      if (replicasOf(r) === avail) return r;
      const n = Math.min(maxScaledDown - cleaned, replicasOf(r) - avail);
      const out = this.scaleAndRecord(r, replicasOf(r) - n).rs;
      cleaned += n;
      return out;
    });
    // scaleDownOldReplicaSetsForRollingUpdate
    const all2 = [...old, newRS];
    const availablePods = all2.reduce((n, r) => n + Math.min(r.status?.availableReplicas ?? 0, replicasOf(r)), 0);
    let scaledDown = 0;
    if (availablePods > minAvailable) {
      const total = availablePods - minAvailable;
      for (const r of [...old].sort(byCreation)) {
        if (scaledDown >= total) break;
        if (replicasOf(r) === 0) continue;
        const n = Math.min(replicasOf(r), total - scaledDown);
        this.scaleAndRecord(r, replicasOf(r) - n);
        scaledDown += n;
      }
    }
    return cleaned + scaledDown > 0;
  }

  recreate(rsList: KObject[]): void {
    const d = this.d;
    let { newRS, old } = this.all(rsList, false);
    let scaledDown = false;
    for (const r of active(old)) if (this.scaleAndRecord(r, 0).scaled) scaledDown = true;
    if (scaledDown) { this.syncRolloutStatus(this.refresh(old).concat(newRS ? [this.fresh(newRS)] : []), newRS && this.fresh(newRS)); return; }
    if (this.oldPodsRunning(newRS, old)) { this.syncRolloutStatus([...old, newRS], newRS); return; }
    if (!newRS) {
      ({ newRS, old } = this.all(rsList, true));
      if (!newRS) return;
    }
    newRS = this.scaleAndRecord(newRS, replicasOf(d)).rs;
    if (this.complete(d.status ?? {})) this.cleanup(old);
    this.syncRolloutStatus([...this.refresh(old), this.fresh(newRS)], this.fresh(newRS));
  }
  oldPodsRunning(newRS: KObject | undefined, old: KObject[]): boolean {
    if (sumStatus(old, 'replicas') > 0) return true;
    for (const r of old) {
      if (r.metadata.uid === newRS?.metadata.uid) continue;
      for (const dep of this.rt.api.dependents(r.metadata.uid!)) {
        if (dep.ri.kind !== 'Pod' || controllerRefOf(dep.obj)?.uid !== r.metadata.uid) continue;
        const ph = dep.obj.status?.phase;
        if (ph !== 'Failed' && ph !== 'Succeeded') return true;
      }
    }
    return false;
  }

  checkPaused(): void {
    const d = this.d;
    if (!hasDeadline(d)) return;
    const c = getCond(d.status, 'Progressing');
    if (c?.reason === R.TimedOut) return;
    const pausedExists = c?.reason === R.Paused;
    const st = clone(d.status ?? {});
    if (d.spec?.paused && !pausedExists) setCond(st, cond('Progressing', 'Unknown', R.Paused, 'Deployment is paused', this.nowISO));
    else if (!d.spec?.paused && pausedExists) setCond(st, cond('Progressing', 'Unknown', R.Resumed, 'Deployment is resumed', this.nowISO));
    else return;
    this.writeStatus(st);
  }
}

// ---------------------------------------------------------------------------------------------------------

const orphanHints = new WeakMap<Runtime, Map<string, Set<string>>>();
function hintMap(rt: Runtime): Map<string, Set<string>> {
  let m = orphanHints.get(rt);
  if (!m) orphanHints.set(rt, (m = new Map()));
  return m;
}
const SCAN = '\u0000scan';

function reconcile(key: string, rt: Runtime): void {
  endSyncOnApiError('deployment', key, () => sync(key, rt));
}
function sync(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const ns = key.slice(0, i), name = key.slice(i + 1);
  const hints = hintMap(rt).get(key);
  hintMap(rt).delete(key);
  const d = rt.api.tryGet(deployRi(), ns, name);
  if (!d) { rt.cancel(PROGRESS_TIMER, key); return; }
  const s = new Sync(clone(d), rt);
  const sel = d.spec?.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
    s.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) s.writeStatus({ ...(d.status ?? {}), observedGeneration: d.metadata.generation });
    return;
  }
  let orphans: KObject[] = [];
  if (hints?.has(SCAN)) orphans = rt.api.list(rsRi(), ns);
  else for (const n of hints ?? []) { const r = rt.api.tryGet(rsRi(), ns, n); if (r) orphans.push(r); }
  const rsList = s.claim(orphans);
  if (d.metadata.deletionTimestamp) {
    const { newRS, old } = s.all(rsList, false);
    s.syncDeploymentStatus([...old, newRS], newRS);
    return;
  }
  s.checkPaused();
  if (s.d.spec?.paused) { s.sync(rsList); rt.cancel(PROGRESS_TIMER, key); return; }
  if (s.isScalingEvent(rsList)) { s.sync(rs2(rt, rsList)); return; }
  const list = rs2(rt, rsList);
  if (isRolling(s.d)) s.rolling(list); else s.recreate(list);
}
/** The claimed ReplicaSets re-read (an earlier step of the sync may have annotated them). */
function rs2(rt: Runtime, l: KObject[]): KObject[] {
  return l.map(r => rt.api.tryGet(rsRi(), r.metadata.namespace, r.metadata.name!)).filter((r): r is KObject => !!r && !!r.metadata.uid);
}

export const deploymentController: Controller = {
  name: 'deployment',
  kinds: ['apps/Deployment', 'apps/ReplicaSet', 'Pod'],
  timers: [PROGRESS_TIMER],
  onEvent(ev, enqueue, rt) {
    const ri = ev.ri;
    if (ri.kind === 'Deployment' && ri.group === 'apps') {
      const key = `${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`;
      if (ev.type === 'DELETED') { rt.cancel(PROGRESS_TIMER, key); return; }
      if (ev.type === 'ADDED') {
        const m = hintMap(rt);
        let s = m.get(key);
        if (!s) m.set(key, (s = new Set()));
        s.add(SCAN);
      }
      enqueue(key);
      return;
    }
    if (ri.kind === 'ReplicaSet' && ri.group === 'apps') {
      const ns = ev.obj.metadata.namespace!;
      const ref = controllerRefOf(ev.obj);
      const oldRef = ev.old ? controllerRefOf(ev.old) : undefined;
      if (ref?.kind === 'Deployment') enqueue(`${ns}/${ref.name}`);
      if (oldRef?.kind === 'Deployment' && oldRef.uid !== ref?.uid) enqueue(`${ns}/${oldRef.name}`);
      if (ref || ev.type === 'DELETED' || ev.obj.metadata.deletionTimestamp) return;
      if (ev.type === 'MODIFIED' && ev.old && !controllerRefOf(ev.old) && deepEqual(ev.old.metadata.labels, ev.obj.metadata.labels)) return;
      for (const d of rt.api.list(deployRi(), ns)) {
        const sel = fromLabelSelector(d.spec?.selector ?? {});
        if (d.metadata.deletionTimestamp || !sel.length || !matches(sel, ev.obj.metadata.labels)) continue;
        const key = `${ns}/${d.metadata.name}`;
        const m = hintMap(rt);
        let s = m.get(key);
        if (!s) m.set(key, (s = new Set()));
        s.add(ev.obj.metadata.name!);
        enqueue(key);
      }
      return;
    }
    // Recreate waits for the old pods to be gone: a deleted pod of a deployment's ReplicaSet wakes it.
    if (ri.kind === 'Pod' && ri.group === '' && ev.type === 'DELETED') {
      const ref = controllerRefOf(ev.obj);
      if (ref?.kind !== 'ReplicaSet') return;
      const rs = rt.api.tryGet(rsRi(), ev.obj.metadata.namespace, ref.name);
      const dref = rs && controllerRefOf(rs);
      if (dref?.kind !== 'Deployment') return;
      const d = rt.api.tryGet(deployRi(), ev.obj.metadata.namespace, dref.name);
      if (d && d.spec?.strategy?.type === 'Recreate') enqueue(`${ev.obj.metadata.namespace}/${dref.name}`);
    }
  },
  reconcile,
  onTimer: requeueOnTimer('deployment'),
};

