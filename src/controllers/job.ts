// Job controller (pkg/controller/job): pods up to parallelism until completions succeed (NonIndexed) or
// every index 0..completions-1 has succeeded (Indexed: `<job>-<index>-<rand>` pods with the
// job-completion-index annotation and label, hostname `<job>-<index>` and JOB_COMPLETION_INDEX), counted
// through the batch.kubernetes.io/job-tracking finalizer; failures back off (10s doubling to 6m) and end
// the job past backoffLimit (restart counts too, for OnFailure), per index past backoffLimitPerIndex,
// at activeDeadlineSeconds (a timer), or by a podFailurePolicy rule; successPolicy ends it early. A job
// ends in two steps, as 1.33 does: FailureTarget / SuccessCriteriaMet first, Failed / Complete once no
// pod is terminating. suspend deletes the pods and resume restarts the clock.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { fromLabelSelector } from '../api/selectors';
import { clone, deepEqual } from '../util/objects';
import { isPodReady, podsToDelete, parseISO } from './replicaset';
import { claimPods, controllerRef, controllerRefOf, endSyncOnApiError, ownerUnchanged, OrphanHints, patchSame, podFromTemplate, PodControl, podRi, podsPrefix,
  requeueOnTimer, slowStartBatch, updateStatus, type PodTemplateSpec } from './podcontrol';
import { controllerEvent } from './recorder';

const NAME = 'job';
const COMPONENT = { component: 'job-controller' };
const TIMER = 'job-requeue';
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
const FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
const BACKOFF_MS = 10_000, MAX_BACKOFF_MS = 360_000;
const MAX_PER_SYNC = 500;
/** SlowStartInitialBatchSize */
const SLOW_START_INITIAL_BATCH = 1;

const jobRi = () => byGroupResource('batch', 'jobs')!;

// ---------------------------------------------------------------------------------------------------------
// helpers

const isIndexed = (j: KObject) => j.spec?.completionMode === 'Indexed';
const suspended = (j: KObject) => j.spec?.suspend === true;
const hasFinalizer = (p: KObject) => (p.metadata.finalizers ?? []).includes(TRACKING_FINALIZER);
const terminal = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const isActive = (p: KObject) => !terminal(p) && !p.metadata.deletionTimestamp;
const isTerminating = (p: KObject) => !!p.metadata.deletionTimestamp && !terminal(p);
const onlyReplaceFailed = (j: KObject) => j.spec?.podReplacementPolicy === 'Failed' || !!j.spec?.podFailurePolicy;
/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
const podFailed = (p: KObject, j: KObject) => p.status?.phase === 'Failed' || (!onlyReplaceFailed(j) && !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded');
export function indexOf(p: KObject): number {
  const v = p.metadata.annotations?.[INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  return Number(v);
}
const finishedTime = (p: KObject): number => {
  let t = 0;
  for (const cs of [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])]) t = Math.max(t, parseISO(cs.state?.terminated?.finishedAt));
  return t || parseISO(p.metadata.deletionTimestamp) || parseISO(p.metadata.creationTimestamp);
};
const cond = (j: KObject, type: string) => (j.status?.conditions ?? []).find((c: any) => c.type === type && c.status === 'True');
export const jobFinished = (j: KObject) => !!cond(j, 'Complete') || !!cond(j, 'Failed');

/** orderedIntervals: sorted indexes as `0-2,4,6-7`. */
export function intervals(ix: Iterable<number>): string {
  const s = [...new Set(ix)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : `${s[i]}`);
    i = j + 1;
  }
  return out.join(',');
}
export function parseIntervals(s: string | undefined, max: number): number[] {
  const out: number[] = [];
  for (const part of (s ?? '').split(',')) {
    const m = part.trim().match(/^(\d+)(?:-(\d+))?$/);
    if (!m) continue;
    const a = Number(m[1]), b = m[2] !== undefined ? Number(m[2]) : a;
    for (let i = a; i <= b && i < max; i++) out.push(i);
  }
  return out;
}

/** matchPodFailurePolicy: [FailJob message, counts as a failure, action]. */
function matchFailurePolicy(policy: any, p: KObject): { message?: string; count: boolean; action?: string } {
  const rules: any[] = policy?.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    let what: string | undefined;
    if (r.onExitCodes) {
      const req = r.onExitCodes;
      const statuses = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])];
      const cs = statuses.find((c: any) => {
        const t = c.state?.terminated;
        if (!t || t.exitCode === 0) return false;
        if (req.containerName && req.containerName !== c.name) return false;
        const inSet = (req.values ?? []).includes(t.exitCode);
        return req.operator === 'In' ? inSet : !inSet;
      });
      if (cs) what = `Container ${cs.name} for pod ${p.metadata.namespace}/${p.metadata.name} failed with exit code ${cs.state.terminated.exitCode} matching ${r.action} rule at index ${i}`;
    } else if (r.onPodConditions) {
      const c = (r.onPodConditions as any[]).find(pc => (p.status?.conditions ?? []).some((x: any) => x.type === pc.type && x.status === (pc.status ?? 'True')));
      if (c) what = `Pod ${p.metadata.namespace}/${p.metadata.name} has condition ${c.type} matching ${r.action} rule at index ${i}`;
    }
    if (!what) continue;
    switch (r.action) {
      case 'Ignore': return { count: false, action: 'Ignore' };
      case 'Count': return { count: true, action: 'Count' };
      case 'FailIndex': return { count: true, action: 'FailIndex' };
      case 'FailJob': return { message: what, count: true, action: 'FailJob' };
    }
  }
  return { count: true };
}

function newCondition(type: string, reason: string, message: string, now: string): any {
  return { lastProbeTime: now, lastTransitionTime: now, message, reason, status: 'True', type };
}

// ---------------------------------------------------------------------------------------------------------

interface Backoff { failures: number; last?: number }

class JobSync {
  now: number;
  nowISO: string;
  job: KObject;
  st: any;
  pc: PodControl;
  constructor(public rt: Runtime, job: KObject) {
    this.now = rt.clock.now();
    this.nowISO = rt.clock.nowISO();
    this.job = job;
    this.pc = new PodControl(rt, job, COMPONENT);
    this.st = clone(job.status ?? {});
  }
  get key(): string { return `${this.job.metadata.namespace}/${this.job.metadata.name}`; }
  event(type: 'Normal' | 'Warning', reason: string, msg: string): void { controllerEvent(this.rt, this.job, type, reason, msg, COMPONENT); }
  requeue(ms: number): void { this.rt.after(Math.max(1, ms), TIMER, this.key); }

  backoff(): Backoff {
    const raw = this.rt.store.getMeta(`job/${this.job.metadata.uid}/backoff`);
    return raw ? JSON.parse(raw) : { failures: 0 };
  }
  saveBackoff(b: Backoff): void { this.rt.store.setMeta(`job/${this.job.metadata.uid}/backoff`, JSON.stringify(b)); }
  /** newBackoffRecord: failures since the last success, and when the last one happened. */
  nextBackoff(succeeded: KObject[], failed: KObject[]): Backoff {
    const b = this.backoff();
    const fs = [...failed].sort((a, c) => finishedTime(a) - finishedTime(c));
    if (!succeeded.length) {
      if (!fs.length) return b;
      return { failures: b.failures + fs.length, last: finishedTime(fs[fs.length - 1]!) };
    }
    const lastSuccess = Math.max(...succeeded.map(finishedTime));
    const out: Backoff = { failures: 0 };
    for (let i = fs.length - 1; i >= 0; i--) {
      const t = finishedTime(fs[i]!);
      if (t <= lastSuccess) break;
      out.last ??= t;
      out.failures++;
    }
    return out;
  }
  remaining(b: Backoff): number {
    if (!b.failures || b.last === undefined) return 0;
    let d = BACKOFF_MS;
    for (let i = 1; i < b.failures; i++) { d *= 2; if (d >= MAX_BACKOFF_MS) { d = MAX_BACKOFF_MS; break; } }
    const since = this.now - b.last;
    return d < since ? 0 : d - since;
  }

  /** getPodsForJob: owned and matching (released, without the tracking finalizer, otherwise), orphans adopted. */
  pods(orphans: string[]): KObject[] {
    const j = this.job;
    return claimPods(this.rt, j, {
      selector: fromLabelSelector(j.spec?.selector ?? {}), ref: controllerRef(j, 'batch/v1', 'Job'), orphans,
      onRelease: o => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(f => f !== TRACKING_FINALIZER);
        if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
      },
    });
  }
  patchPod(p: KObject, fn: (o: KObject) => void): KObject | undefined { return patchSame(this.rt, podRi(), p, fn); }
  removeFinalizer(p: KObject): void {
    if (!hasFinalizer(p)) return;
    this.patchPod(p, o => {
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(f => f !== TRACKING_FINALIZER);
      if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
    });
  }
  /** Whether the pod is gone or going. */
  deletePod(p: KObject): boolean { return this.pc.delete(p).ok; }

  /** The pod a job creates: the template, the tracking finalizer, the index for Indexed jobs. */
  createPod(index: number, failureCount?: number): boolean {
    const j = this.job;
    const labels: Record<string, string> = {}, annotations: Record<string, string> = {};
    let generateName = podsPrefix(j.metadata.name!);
    if (index >= 0) {
      annotations[INDEX_ANNOTATION] = String(index);
      labels[INDEX_ANNOTATION] = String(index);
      const gen = `${j.metadata.name}-${index}-`;
      generateName = gen.length > 58 ? gen.slice(0, 58) : gen;
      if (j.spec?.backoffLimitPerIndex != null) annotations[FAILURE_COUNT] = String(failureCount ?? 0);
    }
    const tpl: PodTemplateSpec | undefined = j.spec?.template;
    const pod = podFromTemplate(tpl, j.metadata.namespace, controllerRef(j, 'batch/v1', 'Job'), { generateName, labels, annotations, finalizers: [TRACKING_FINALIZER] });
    const spec = pod.spec;
    if (index >= 0) {
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        if ((c.env ?? []).some(e => e.name === 'JOB_COMPLETION_INDEX')) continue;
        c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${INDEX_ANNOTATION}']` } } }];
      }
      spec.hostname = `${j.metadata.name}-${index}`;
    }
    if (this.pc.create(pod).ok) return true;
    this.requeue(10_000);
    return false;
  }

  sync(orphans: string[]): void {
    const j = this.job;
    if (jobFinished(j)) { this.cleanupFinished(); return; }
    const pods = this.pods(orphans);
    let active = pods.filter(isActive);
    const st = this.st;
    let terminating = pods.filter(isTerminating).length;
    // pods that finished and are not counted yet (they still carry the finalizer)
    const newSucceeded = pods.filter(p => hasFinalizer(p) && p.status?.phase === 'Succeeded');
    const newFailed = pods.filter(p => hasFinalizer(p) && podFailed(p, j));
    const counted = (p: KObject) => !j.spec?.podFailurePolicy || matchFailurePolicy(j.spec.podFailurePolicy, p).count;
    let succeeded = (st.succeeded ?? 0) + newSucceeded.length;
    let failed = (st.failed ?? 0) + newFailed.filter(counted).length;
    if (!st.startTime && !suspended(j)) st.startTime = this.nowISO;
    const backoff = this.nextBackoff(newSucceeded, newFailed);

    let finished: any;
    const cm = cond(j, 'SuccessCriteriaMet');
    if (cm) finished = newCondition('Complete', cm.reason, cm.message, this.nowISO);
    if (!finished) {
      const ft = cond(j, 'FailureTarget');
      if (ft) finished = newCondition('Failed', ft.reason, ft.message, this.nowISO);
      else if (j.spec?.podFailurePolicy) {
        for (const p of pods) {
          if (!podFailed(p, j)) continue;
          const m = matchFailurePolicy(j.spec.podFailurePolicy, p);
          if (m.message) { finished = newCondition('FailureTarget', 'PodFailurePolicy', m.message, this.nowISO); break; }
        }
      }
    }
    if (!finished) {
      if (failed > (j.spec?.backoffLimit ?? 6) || this.pastBackoffOnFailure(pods)) finished = newCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', this.nowISO);
      else if (this.pastDeadline()) finished = newCondition('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline', this.nowISO);
      else if (j.spec?.activeDeadlineSeconds != null && !suspended(j)) this.requeue(parseISO(st.startTime) + j.spec.activeDeadlineSeconds * 1000 - this.now);
    }

    // indexes
    const completions: number = j.spec?.completions ?? 0;
    let succeededIdx: number[] = [];
    let failedIdx: number[] | undefined;
    const failCounts = new Map<number, number>();
    if (isIndexed(j)) {
      succeededIdx = [...new Set([...parseIntervals(st.completedIndexes, completions),
        ...pods.filter(p => p.status?.phase === 'Succeeded').map(indexOf).filter(i => i >= 0 && i < completions)])];
      succeeded = succeededIdx.length;
      if (j.spec?.backoffLimitPerIndex != null) {
        failedIdx = parseIntervals(st.failedIndexes, completions);
        for (const p of pods) {
          const ix = indexOf(p);
          if (ix < 0 || ix >= completions || !podFailed(p, j) || succeededIdx.includes(ix)) continue;
          const m = j.spec.podFailurePolicy ? matchFailurePolicy(j.spec.podFailurePolicy, p) : { count: true, action: undefined as string | undefined };
          const prior = Number(p.metadata.annotations?.[FAILURE_COUNT] ?? '0') || 0;
          const n = prior + (m.count ? 1 : 0);
          failCounts.set(ix, Math.max(failCounts.get(ix) ?? 0, n));
          if (m.action === 'FailIndex' || n > j.spec.backoffLimitPerIndex) failedIdx.push(ix);
        }
        failedIdx = [...new Set(failedIdx)].sort((a, b) => a - b);
        if (!finished) {
          if (j.spec.maxFailedIndexes != null && failedIdx.length > j.spec.maxFailedIndexes)
            finished = newCondition('FailureTarget', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes', this.nowISO);
          else if (failedIdx.length && failedIdx.length + succeededIdx.length >= completions)
            finished = newCondition('FailureTarget', 'FailedIndexes', 'Job has failed indexes', this.nowISO);
        }
      }
      if (!finished) {
        const m = this.successPolicy(succeededIdx, completions);
        if (m) finished = newCondition('SuccessCriteriaMet', 'SuccessPolicy', m, this.nowISO);
      }
    }

    if (finished) {
      let deleted = 0;
      for (const p of active) if (this.deletePod(p)) deleted++;
      if (deleted !== active.length) finished = undefined;
      terminating += deleted;
      active = [];
    } else {
      if (!j.metadata.deletionTimestamp) active = this.manage(pods, active, succeeded, succeededIdx, failedIdx ?? [], failCounts, backoff, () => terminating, n => { terminating += n; });
      const complete = j.spec?.completions == null ? succeeded > 0 && active.length === 0 : succeeded >= j.spec.completions && active.length === 0;
      if (complete) finished = newCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', this.nowISO);
      else if (!j.metadata.deletionTimestamp) {
        const sc = (st.conditions ?? []).find((c: any) => c.type === 'Suspended');
        if (suspended(j)) {
          if (!sc || sc.status !== 'True') {
            this.setCondition('Suspended', 'True', 'JobSuspended', 'Job suspended');
            this.event('Normal', 'Suspended', 'Job suspended');
          }
        } else if (sc && sc.status !== 'False') {
          this.setCondition('Suspended', 'False', 'JobResumed', 'Job resumed');
          this.event('Normal', 'Resumed', 'Job resumed');
          st.startTime = this.nowISO;
          if (j.spec?.activeDeadlineSeconds != null) this.requeue(j.spec.activeDeadlineSeconds * 1000);
        }
      }
    }

    // count what finished (the finalizers go), then the interim and final conditions
    const failure = !!finished && (finished.type === 'FailureTarget' || finished.type === 'Failed');
    let addSucceeded = 0, addFailed = 0;
    for (const p of pods) {
      if (!hasFinalizer(p)) continue;
      const failedNow = podFailed(p, j);
      if (!j.metadata.deletionTimestamp && !finished && p.status?.phase !== 'Succeeded' && !failedNow) continue;
      if (p.status?.phase === 'Succeeded') addSucceeded++;
      else if ((failedNow || failure) && counted(p)) addFailed++;
      this.removeFinalizer(p);
    }
    if (!isIndexed(j)) succeeded = (st.succeeded ?? 0) + addSucceeded;
    failed = (st.failed ?? 0) + addFailed;
    if (finished?.type === 'FailureTarget') {
      if (!cond(j, 'FailureTarget')) st.conditions = [...(st.conditions ?? []), finished];
      finished = newCondition('Failed', finished.reason, finished.message, this.nowISO);
    }
    if (finished?.type === 'SuccessCriteriaMet') {
      if (!cond(j, 'SuccessCriteriaMet')) st.conditions = [...(st.conditions ?? []), finished];
      finished = newCondition('Complete', finished.reason, finished.message, this.nowISO);
    }
    // the pods as they are now (a pod freed of its finalizer may be gone already)
    const now = this.rt.api.dependents(j.metadata.uid!).filter(d => d.ri.kind === 'Pod' && controllerRefOf(d.obj)?.uid === j.metadata.uid).map(d => d.obj);
    terminating = now.filter(isTerminating).length;
    active = now.filter(isActive);
    let done = false;
    if (finished && terminating === 0) {
      this.setCondition(finished.type, 'True', finished.reason, finished.message);
      if (finished.type === 'Complete') st.completionTime = this.nowISO;
      done = true;
    }
    this.saveBackoff(backoff);
    this.writeStatus({ active: active.length, ready: active.filter(isPodReady).length, terminating, succeeded, failed, succeededIdx, failedIdx });
    if (done) {
      if (finished.type === 'Complete') {
        if (j.spec?.completions != null && succeeded > j.spec.completions) this.event('Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
        this.event('Normal', 'Completed', 'Job completed');
      } else this.event('Warning', finished.reason, finished.message);
    }
  }

  setCondition(type: string, status: string, reason: string, message: string): void {
    const conds: any[] = (this.st.conditions ??= []);
    const i = conds.findIndex(c => c.type === type);
    if (i < 0) { if (status === 'True' || type === 'Suspended') conds.push({ lastProbeTime: this.nowISO, lastTransitionTime: this.nowISO, message, reason, status, type }); return; }
    const c = conds[i];
    if (c.status === status && c.reason === reason && c.message === message) return;
    conds[i] = { lastProbeTime: this.nowISO, lastTransitionTime: c.status !== status ? this.nowISO : c.lastTransitionTime, message, reason, status, type };
  }

  pastBackoffOnFailure(pods: KObject[]): boolean {
    const j = this.job;
    if (j.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
    let restarts = 0;
    for (const p of pods) {
      if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
      for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
    }
    const limit = j.spec?.backoffLimit ?? 6;
    return limit === 0 ? restarts > 0 : restarts >= limit;
  }
  pastDeadline(): boolean {
    const j = this.job;
    if (j.spec?.activeDeadlineSeconds == null || !this.st.startTime || suspended(j)) return false;
    return this.now - parseISO(this.st.startTime) >= j.spec.activeDeadlineSeconds * 1000;
  }
  successPolicy(succeededIdx: number[], completions: number): string | undefined {
    const rules: any[] = this.job.spec?.successPolicy?.rules ?? [];
    if (!rules.length || !succeededIdx.length) return undefined;
    const done = new Set(succeededIdx);
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r.succeededIndexes != null) {
        const req = parseIntervals(r.succeededIndexes, completions);
        if (!req.length) continue;
        const n = req.filter(x => done.has(x)).length;
        if (r.succeededCount != null ? n >= r.succeededCount : n === req.length) return `Matched rules at index ${i}`;
      } else if (r.succeededCount != null && done.size >= r.succeededCount) return `Matched rules at index ${i}`;
    }
    return undefined;
  }

  /** manageJob: delete extra pods or create missing ones (after the failure back-off). Returns active pods. */
  manage(pods: KObject[], activeIn: KObject[], succeeded: number, succeededIdx: number[], failedIdx: number[], failCounts: Map<number, number>,
    backoff: Backoff, terminating: () => number, addTerminating: (n: number) => void): KObject[] {
    const j = this.job;
    let active = [...activeIn];
    const parallelism: number = j.spec?.parallelism ?? 1;
    if (suspended(j)) {
      for (const p of active) if (this.deletePod(p)) addTerminating(1);
      return [];
    }
    let want: number;
    if (j.spec?.completions == null) want = succeeded > 0 ? active.length : parallelism;
    else want = Math.max(0, Math.min(j.spec.completions - succeeded, parallelism));
    // activePodsForRemoval: for Indexed jobs, pods of succeeded, failed or out-of-range indexes and duplicates first
    let rm: KObject[] = [];
    if (isIndexed(j)) {
      const completions: number = j.spec?.completions ?? 0;
      const seen = new Map<number, KObject[]>();
      for (const p of active) {
        const ix = indexOf(p);
        if (ix < 0 || ix >= completions || succeededIdx.includes(ix) || failedIdx.includes(ix)) { rm.push(p); continue; }
        const l = seen.get(ix) ?? [];
        l.push(p); seen.set(ix, l);
      }
      for (const l of seen.values()) if (l.length > 1) rm.push(...podsToDelete(l, l, l.length - 1, this.now));
    }
    const left = active.filter(p => !rm.includes(p));
    const extra = Math.max(0, active.length - want) - rm.length;
    if (extra > 0) rm.push(...podsToDelete(left, left, extra, this.now));
    rm = rm.slice(0, MAX_PER_SYNC);
    if (rm.length) {
      for (const p of rm) { this.removeFinalizer(p); if (this.deletePod(p)) { addTerminating(1); active = active.filter(x => x !== p); } }
      return active;
    }
    const term = onlyReplaceFailed(j) ? terminating() : 0;
    let diff = want - term - active.length;
    if (diff <= 0) return active;
    if (j.spec?.backoffLimitPerIndex == null) {
      const left2 = this.remaining(backoff);
      if (left2 > 0) { this.requeue(left2); return active; }
    }
    diff = Math.min(diff, MAX_PER_SYNC);
    let indexes: number[] = [];
    if (isIndexed(j)) {
      const completions: number = j.spec?.completions ?? 0;
      const busy = new Set([...succeededIdx, ...failedIdx, ...active.map(indexOf)]);
      for (let i = 0; i < completions && indexes.length < diff; i++) if (!busy.has(i)) indexes.push(i);
      if (j.spec?.backoffLimitPerIndex != null) {
        // per-index back-off: an index whose last pod failed waits before its next pod
        const ready: number[] = [];
        let wait = Infinity;
        for (const ix of indexes) {
          const last = pods.filter(p => indexOf(p) === ix && podFailed(p, j)).map(finishedTime).sort((a, b) => b - a)[0];
          const count = failCounts.get(ix) ?? 0;
          const rem = last === undefined ? 0 : this.remaining({ failures: count, last });
          if (rem > 0) wait = Math.min(wait, rem); else ready.push(ix);
        }
        if (wait !== Infinity) this.requeue(wait);
        indexes = ready;
      }
      diff = indexes.length;
    }
    slowStartBatch(diff, SLOW_START_INITIAL_BATCH, i => {
      const ix = indexes.length ? indexes[i]! : -1;
      return this.createPod(ix, failCounts.get(ix));
    });
    // re-read what is active now
    return this.rt.api.dependents(j.metadata.uid!).filter(d => d.ri.kind === 'Pod' && controllerRefOf(d.obj)?.uid === j.metadata.uid && isActive(d.obj)).map(d => d.obj);
  }

  writeStatus(c: { active: number; ready: number; terminating: number; succeeded: number; failed: number; succeededIdx: number[]; failedIdx?: number[] }): void {
    const j = this.job, st = this.st;
    // JobStatus in its Go field order
    const out: any = {};
    if (st.conditions?.length) out.conditions = st.conditions;
    if (st.startTime) out.startTime = st.startTime;
    if (st.completionTime) out.completionTime = st.completionTime;
    if (c.active) out.active = c.active;
    if (c.succeeded) out.succeeded = c.succeeded;
    if (c.failed) out.failed = c.failed;
    out.terminating = c.terminating;
    if (isIndexed(j) && c.succeededIdx.length) out.completedIndexes = intervals(c.succeededIdx);
    if (c.failedIdx) out.failedIndexes = intervals(c.failedIdx);
    out.uncountedTerminatedPods = {};
    out.ready = c.ready;
    if (deepEqual(out, j.status ?? {})) return;
    updateStatus(this.rt, jobRi(), j, out);
  }

  /** A finished job keeps no finalizers on its pods. */
  cleanupFinished(): void {
    for (const d of this.rt.api.dependents(this.job.metadata.uid!)) if (d.ri.kind === 'Pod' && hasFinalizer(d.obj)) this.removeFinalizer(d.obj);
    this.rt.cancel(TIMER, this.key);
    this.rt.store.setMeta(`job/${this.job.metadata.uid}/backoff`, '');
  }
}

// ---------------------------------------------------------------------------------------------------------

const hints = new OrphanHints();

function onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const { ri, obj } = ev;
  const ns = obj.metadata.namespace;
  if (ri.group === 'batch' && ri.kind === 'Job') {
    const key = `${ns}/${obj.metadata.name}`;
    if (ev.type === 'DELETED') {
      rt.cancel(TIMER, key);
      // pods left behind keep no tracking finalizer (the controller's orphan clean-up)
      for (const d of rt.api.dependents(obj.metadata.uid!)) if (d.ri.kind === 'Pod' && hasFinalizer(d.obj)) enqueue(`orphan/${d.obj.metadata.namespace}/${d.obj.metadata.name}`);
      return;
    }
    if (ev.type === 'ADDED') hints.addMatching(rt, key, ns, fromLabelSelector(obj.spec?.selector ?? {}));
    if (ownerUnchanged(ev, false)) return;
    enqueue(key);
    return;
  }
  if (ri.group === '' && ri.kind === 'Pod') {
    const r = controllerRefOf(obj), old = ev.old ? controllerRefOf(ev.old) : undefined;
    if (r?.kind === 'Job') {
      if (ev.type !== 'DELETED' && hasFinalizer(obj) && !rt.api.tryGet(jobRi(), ns, r.name)) enqueue(`orphan/${ns}/${obj.metadata.name}`);
      else enqueue(`${ns}/${r.name}`);
    }
    if (old?.kind === 'Job' && old.uid !== r?.uid) enqueue(`${ns}/${old.name}`);
    if (r || ev.type === 'DELETED' || obj.metadata.deletionTimestamp) return;
    if (ev.type === 'MODIFIED' && ev.old && !controllerRefOf(ev.old) && deepEqual(ev.old.metadata.labels, obj.metadata.labels)) return;
    const jobName = obj.metadata.labels?.['batch.kubernetes.io/job-name'] ?? obj.metadata.labels?.['job-name'];
    if (jobName) { hints.add(rt, `${ns}/${jobName}`, obj.metadata.name!); enqueue(`${ns}/${jobName}`); }
  }
}

function reconcile(key: string, rt: Runtime): void {
  endSyncOnApiError(NAME, key, () => {
    if (key.startsWith('orphan/')) {
      const [, ns, name] = key.split('/');
      const p = rt.api.tryGet(podRi(), ns, name!);
      if (!p || !hasFinalizer(p)) return;
      const r = controllerRefOf(p);
      if (r?.kind === 'Job' && rt.api.tryGet(jobRi(), ns, r.name)?.metadata.uid === r.uid) return;
      rt.api.mutate(podRi(), ns, name!, o => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(f => f !== TRACKING_FINALIZER);
        if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
      });
      return;
    }
    const i = key.indexOf('/');
    const job = rt.api.tryGet(jobRi(), key.slice(0, i), key.slice(i + 1));
    if (!job) { rt.cancel(TIMER, key); return; }
    new JobSync(rt, job).sync(hints.take(rt, key));
  });
}

export const jobController: Controller = {
  name: NAME,
  kinds: ['batch/Job', 'Pod'],
  timers: [TIMER],
  onEvent,
  reconcile,
  onTimer: requeueOnTimer(NAME),
};
