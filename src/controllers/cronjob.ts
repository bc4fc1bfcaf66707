// CronJob controller (pkg/controller/cronjob, the v2 controller): a timer at each schedule time (100ms after
// it, as the controller requeues), so one Job per schedule time as the simulated clock moves; a job is
// named `<cronjob>-<scheduled time in minutes since the epoch>` and annotated with its scheduled time in the
// CronJob's zone. Missed times follow mostRecentScheduleTime: only the most recent missed time runs,
// startingDeadlineSeconds skips a start that is too late (MissSchedule), more than 100 missed times warn
// (TooManyMissedTimes); concurrencyPolicy Allow / Forbid (JobAlreadyActive) / Replace; suspend; the active
// list, lastScheduleTime, lastSuccessfulTime; and the successful / failed history limits.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject, ObjectMeta } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { clone, deepEqual } from '../util/objects';
import { parseISO } from './replicaset';
import { controllerRef, controllerRefOf, endSyncOnApiError, ownerUnchanged, requeueOnTimer, updateStatus } from './podcontrol';
import { parseSchedule, validTimeZone, rfc3339In, Schedule } from './cronschedule';
import { toISO } from '../sim/clock';
import { controllerEvent } from './recorder';

const NAME = 'cronjob';
const COMPONENT = { component: 'cronjob-controller' };
const TIMER = 'cronjob-schedule';
const NEXT_DELTA_MS = 100;

const cjRi = () => byGroupResource('batch', 'cronjobs')!;
const jobRi = () => byGroupResource('batch', 'jobs')!;

/** time.Time.UTC().Format(time.RFC1123Z) */
function rfc1123zUTC(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]}, ${p(d.getUTCDate())} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
const finishedType = (j: KObject): string | undefined =>
  (j.status?.conditions ?? []).find((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;

/** mostRecentScheduleTime: [earliest time considered, most recent unmet time, how many were missed]. */
function mostRecent(cj: KObject, now: number, sched: Schedule, withDeadline: boolean): { earliest: number; recent?: number; missed: number; error?: string } {
  let earliest = parseISO(cj.status?.lastScheduleTime) || parseISO(cj.metadata.creationTimestamp);
  if (withDeadline && cj.spec?.startingDeadlineSeconds != null) {
    const deadline = now - cj.spec.startingDeadlineSeconds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  if (t1 === undefined || now < t1) return { earliest, missed: 0 };
  const t2 = sched.next(t1);
  if (t2 === undefined || now < t2) return { earliest, recent: t1, missed: 1 };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 0, error: 'time difference between two schedules is less than 1 second' };
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  let recent: number | undefined;
  let t = sched.next(t1 + (missed - 2) * between * 1000);
  for (let guard = 0; t !== undefined && t <= now && guard < 100_000; guard++) { recent = t; t = sched.next(t); }
  return { earliest, recent, missed };
}

class CronSync {
  now: number;
  cj: KObject;
  st: any;
  changed = false;
  constructor(public rt: Runtime, cj: KObject) {
    this.now = rt.clock.now();
    this.cj = cj;
    this.st = clone(cj.status ?? {});
  }
  get key(): string { return `${this.cj.metadata.namespace}/${this.cj.metadata.name}`; }
  event(type: 'Normal' | 'Warning', reason: string, msg: string): void { controllerEvent(this.rt, this.cj, type, reason, msg, COMPONENT); }
  jobs(): KObject[] {
    return this.rt.api.dependents(this.cj.metadata.uid!).filter(d => d.ri.kind === 'Job' && d.ri.group === 'batch' && controllerRefOf(d.obj)?.uid === this.cj.metadata.uid).map(d => d.obj);
  }
  inActive(uid: string): boolean { return (this.st.active ?? []).some((r: any) => r.uid === uid); }
  dropActive(uid: string): void {
    this.st.active = (this.st.active ?? []).filter((r: any) => r.uid !== uid);
    if (!this.st.active.length) delete this.st.active;
    this.changed = true;
  }
  deleteJob(j: KObject): boolean {
    try {
      this.rt.api.delete(jobRi(), j.metadata.namespace, j.metadata.name!, { propagationPolicy: 'Background' });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code !== 404) { this.event('Warning', 'FailedDelete', `Deleted job: ${e.message}`); return false; }
    }
    if (this.inActive(j.metadata.uid!)) this.dropActive(j.metadata.uid!);
    this.event('Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
    return true;
  }

  /** syncCronJob: returns when to look again (ms from now), if ever. */
  sync(jobs: KObject[]): number | undefined {
    const cj = this.cj;
    const children = new Set(jobs.map(j => j.metadata.uid));
    for (const j of jobs) {
      const found = this.inActive(j.metadata.uid!);
      const fin = finishedType(j);
      if (!found && !fin) this.event('Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      else if (found && fin) {
        this.dropActive(j.metadata.uid!);
        this.event('Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${fin}`);
      }
      if (fin === 'Complete' && j.status?.completionTime) {
        if (!this.st.lastSuccessfulTime || parseISO(j.status.completionTime) > parseISO(this.st.lastSuccessfulTime)) {
          this.st.lastSuccessfulTime = j.status.completionTime;
          this.changed = true;
        }
      }
    }
    for (const r of [...(this.st.active ?? [])]) {
      if (children.has(r.uid)) continue;
      if (this.rt.api.tryGet(jobRi(), r.namespace, r.name)?.metadata.uid === r.uid) continue;
      this.event('Normal', 'MissingJob', `Active job went missing: ${r.name}`);
      this.dropActive(r.uid);
    }
    if (cj.metadata.deletionTimestamp) return undefined;
    const tz: string | undefined = cj.spec?.timeZone ?? undefined;
    if (tz != null && !validTimeZone(tz)) {
      this.event('Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      return undefined;
    }
    if (cj.spec?.suspend) return undefined;
    const sched = parseSchedule(String(cj.spec?.schedule ?? ''), tz);
    if (!sched) {
      this.event('Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : failed to parse`);
      return undefined;
    }
    const r = mostRecent(cj.status ? { ...cj, status: this.st } : cj, this.now, sched, true);
    if (r.error) { this.event('Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec?.schedule} : ${r.error}`); return undefined; }
    if (r.missed > 100 && r.recent !== undefined) this.event('Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    const scheduled = r.recent;
    if (scheduled === undefined) return this.nextIn(sched);
    if (cj.spec?.startingDeadlineSeconds != null && scheduled + cj.spec.startingDeadlineSeconds * 1000 < this.now) {
      this.event('Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123zUTC(scheduled)}`);
      return this.nextIn(sched);
    }
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    if ((this.st.active ?? []).some((a: any) => a.name === name) || parseISO(this.st.lastScheduleTime) === Math.floor(scheduled / 1000) * 1000) return this.nextIn(sched);
    if (cj.spec?.concurrencyPolicy === 'Forbid' && (this.st.active ?? []).length) {
      this.event('Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return this.nextIn(sched);
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const a of [...(this.st.active ?? [])]) {
        const j = this.rt.api.tryGet(jobRi(), a.namespace, a.name);
        if (!j) { this.event('Warning', 'FailedGet', `Get job: jobs.batch "${a.name}" not found`); return undefined; }
        if (!this.deleteJob(j)) return undefined;
      }
    }
    let job: KObject;
    try {
      job = this.rt.api.create(this.jobFor(name, scheduled, tz));
      this.event('Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code === 409) {
        const existing = this.rt.api.tryGet(jobRi(), cj.metadata.namespace, name);
        if (!existing || controllerRefOf(existing)?.uid !== cj.metadata.uid || this.inActive(existing.metadata.uid!)) return undefined;
        job = existing;
      } else {
        this.event('Warning', 'FailedCreate', `Error creating job: ${e.message}`);
        return undefined;
      }
    }
    this.st.active = [...(this.st.active ?? []), { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace,
      resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid }];
    this.st.lastScheduleTime = toISO(scheduled);
    this.changed = true;
    return this.nextIn(sched);
  }
  /** nextScheduleTimeDuration: 100ms after the next schedule time, from the most recent one. */
  nextIn(sched: Schedule): number | undefined {
    const r = mostRecent({ ...this.cj, status: this.st }, this.now, sched, false);
    const from = r.error ? this.now : r.recent ?? r.earliest;
    const n = sched.next(from);
    return n === undefined ? undefined : n + NEXT_DELTA_MS - this.now;
  }
  /** getJobFromTemplate2 */
  jobFor(name: string, scheduled: number, tz: string | undefined): KObject {
    const cj = this.cj;
    const jt = cj.spec?.jobTemplate ?? {};
    const md: ObjectMeta = { name, namespace: cj.metadata.namespace };
    if (jt.metadata?.labels && Object.keys(jt.metadata.labels).length) md.labels = { ...jt.metadata.labels };
    md.annotations = { ...(jt.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339In(scheduled, tz) };
    md.ownerReferences = [controllerRef(cj, 'batch/v1', 'CronJob')];
    return { apiVersion: 'batch/v1', kind: 'Job', metadata: md, spec: clone(jt.spec ?? {}) };
  }

  /** cleanupFinishedJobs: the oldest finished jobs beyond the history limits go. */
  cleanup(jobs: KObject[]): void {
    const spec = this.cj.spec ?? {};
    const byStart = (a: KObject, b: KObject) => {
      const sa = parseISO(a.status?.startTime), sb = parseISO(b.status?.startTime);
      if (!sa !== !sb) return !sa ? 1 : -1;
      return sa - sb || (a.metadata.name! < b.metadata.name! ? -1 : 1);
    };
    for (const [type, limit] of [['Complete', spec.successfulJobsHistoryLimit], ['Failed', spec.failedJobsHistoryLimit]] as const) {
      if (limit == null) continue;
      const list = jobs.filter(j => finishedType(j) === type && !j.metadata.deletionTimestamp).sort(byStart);
      for (let i = 0; i < list.length - limit; i++) this.deleteJob(list[i]!);
    }
  }

  writeStatus(): void {
    const out: any = {};
    if (this.st.active?.length) out.active = this.st.active;
    if (this.st.lastScheduleTime) out.lastScheduleTime = this.st.lastScheduleTime;
    if (this.st.lastSuccessfulTime) out.lastSuccessfulTime = this.st.lastSuccessfulTime;
    if (deepEqual(out, this.cj.status ?? {})) return;
    updateStatus(this.rt, cjRi(), this.cj, out);
  }
}

function reconcile(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const cj = rt.api.tryGet(cjRi(), key.slice(0, i), key.slice(i + 1));
  if (!cj) { rt.cancel(TIMER, key); return; }
  endSyncOnApiError(NAME, key, () => {
    const s = new CronSync(rt, cj);
    const jobs = s.jobs();
    const next = s.sync(jobs);
    s.cleanup(s.jobs());
    s.writeStatus();
    if (next === undefined) rt.cancel(TIMER, key); else rt.reset(next, TIMER, key);
  });
}

function onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const { ri, obj } = ev;
  if (ri.group !== 'batch') return;
  if (ri.kind === 'CronJob') {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    if (ev.type === 'DELETED') { rt.cancel(TIMER, key); return; }
    if (ownerUnchanged(ev, false)) return;
    enqueue(key);
    return;
  }
  if (ri.kind === 'Job') {
    const r = controllerRefOf(obj);
    if (r?.kind !== 'CronJob') return;
    // only a job finishing, appearing or going matters
    if (ev.type === 'MODIFIED' && ev.old && finishedType(ev.old) === finishedType(obj) && !!ev.old.metadata.deletionTimestamp === !!obj.metadata.deletionTimestamp) return;
    enqueue(`${obj.metadata.namespace}/${r.name}`);
  }
}

export const cronJobController: Controller = {
  name: NAME,
  kinds: ['batch/CronJob', 'batch/Job'],
  timers: [TIMER],
  onEvent,
  reconcile,
  onTimer: requeueOnTimer(NAME),
};
