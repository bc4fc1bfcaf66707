// Job and CronJob describers.
import type { KObject } from '../../api/types';
import { humanDuration } from '../../util/duration';
import { PrefixWriter, LEVEL_0 } from './writer';
import { DescribeContext, ts, printLabelsMultiline, printAnnotationsMultiline, printController, eventsFor, describeEvents } from './common';
import { describePodTemplate } from './pod';
import { selectorString } from './apps';

function capIndexes(indexes: string, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  return ix >= indexes.length ? indexes : indexes.slice(0, ix + 1) + '...';
}
const set = (v: unknown) => v !== undefined && v !== null;

export function describeJob(job: KObject, ctx: DescribeContext): string {
  const events = eventsFor(job, ctx);
  const spec = job.spec ?? {}, st = job.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
  const cb = printController(job);
  if (cb) w.write(LEVEL_0, `Controlled By:\t${cb}\n`);
  if (set(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(LEVEL_0, `Completions:\t${set(spec.completions) ? spec.completions : '<unset>'}\n`);
  if (set(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
  if (set(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
  if (set(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (set(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(LEVEL_0, `Start Time:\t${ts(st.startTime)}\n`);
  if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${ts(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(LEVEL_0, `Duration:\t${humanDuration(Date.parse(st.completionTime) - Date.parse(st.startTime))}\n`);
  if (set(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (!set(st.ready)) w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  else w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(st.completedIndexes ?? '', 50)}\n`);
  describePodTemplate(spec.template, w);
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeCronJob(cj: KObject, ctx: DescribeContext): string {
  const events = eventsFor(cj, ctx);
  const spec = cj.spec ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
  w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Suspend:\t${set(spec.suspend) ? (spec.suspend ? 'True' : 'False') : '<unset>'}\n`);
  w.write(LEVEL_0, `Successful Job History Limit:\t${set(spec.successfulJobsHistoryLimit) ? spec.successfulJobsHistoryLimit : '<unset>'}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${set(spec.failedJobsHistoryLimit) ? spec.failedJobsHistoryLimit : '<unset>'}\n`);
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${set(spec.startingDeadlineSeconds) ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
  const jt = spec.jobTemplate?.spec ?? {};
  w.write(LEVEL_0, `Selector:\t${jt.selector ? selectorString(jt.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, `Parallelism:\t${set(jt.parallelism) ? jt.parallelism : '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${set(jt.completions) ? jt.completions : '<unset>'}\n`);
  if (set(jt.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
  describePodTemplate(jt.template ?? {}, w);
  w.write(LEVEL_0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? ts(cj.status.lastScheduleTime) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(LEVEL_0, 'Active Jobs:\t');
  if (!active.length) w.line('<none>');
  else { w.write(LEVEL_0, active.map((j: any) => j.name).join(', ')); w.line(''); }
  describeEvents(events, w, ctx.now);
  return w.toString();
}
