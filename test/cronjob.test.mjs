// CronJobs on the simulated clock: one Job per schedule time as `kctl sim advance` moves the clock, job
// names in minutes since the epoch, the scheduled-timestamp annotation, concurrency policies, history
// limits, suspend and the missed-schedule rules (startingDeadlineSeconds, too many missed start times),
// time zones, schedule validation, and `create job --from=cronjob/x`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const jobs = h => json(h, 'get jobs').items.map(j => j.metadata.name).sort();
const minutes = iso => Math.floor(Date.parse(iso) / 60000);

function cj(name, { schedule = '*/5 * * * *', spec = '', script = 'sleep 1', restart = 'OnFailure' } = {}) {
  return tmpFile(`${name}.yaml`, `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: ${JSON.stringify(schedule)}
${spec}  jobTemplate:
    metadata: {labels: {run: ${name}}}
    spec:
      template:
        spec:
          restartPolicy: ${restart}
          containers:
          - {name: c, image: busybox:1.36, command: [sh, -c, ${JSON.stringify(script)}]}
`);
}

test('one job per schedule time as the clock moves, named by minutes since the epoch', () => {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T10:02:30Z');
  ok(h, ['apply', '-f', cj('hello')]);
  assert.deepEqual(jobs(h), []);
  assert.match(ok(h, 'get cj hello'), /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nhello\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+0s\n$/);
  ok(h, 'sim advance 2m30s');
  assert.deepEqual(jobs(h), [], 'the controller starts a job 100ms after its time');
  ok(h, 'sim advance 1s');
  const first = `hello-${minutes('2030-01-01T10:05:00Z')}`;
  assert.deepEqual(jobs(h), [first]);
  const j = json(h, `get job ${first}`);
  assert.equal(j.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2030-01-01T10:05:00Z');
  assert.equal(j.metadata.labels.run, 'hello');
  assert.equal(j.metadata.ownerReferences[0].kind, 'CronJob');
  assert.equal(j.metadata.creationTimestamp, '2030-01-01T10:05:00Z');
  ok(h, 'sim advance 1s');
  const c = json(h, 'get cj hello');
  assert.equal(c.status.lastScheduleTime, '2030-01-01T10:05:00Z');
  assert.equal(c.status.active, undefined);
  assert.equal(c.status.lastSuccessfulTime, '2030-01-01T10:05:01Z');
  // 20 minutes on: one job per slot (10:10 ... 10:25), the oldest beyond 3 successful removed
  ok(h, 'sim advance 20m');
  assert.deepEqual(jobs(h), [10, 15, 20].map(m => `hello-${minutes(`2030-01-01T10:${m}:00Z`)}`).concat([`hello-${minutes('2030-01-01T10:25:00Z')}`]).slice(1));
  const ev = ok(h, 'get events --field-selector involvedObject.kind=CronJob --sort-by=.metadata.creationTimestamp');
  assert.equal((ev.match(/SuccessfulCreate\s+cronjob\/hello\s+Created job hello-\d+/g) ?? []).length, 5);
  assert.match(ev, /SawCompletedJob\s+cronjob\/hello\s+Saw completed job: hello-\d+, condition: Complete/);
  assert.match(ev, new RegExp(`SuccessfulDelete\\s+cronjob/hello\\s+Deleted job ${first}`));
  assert.match(ok(h, 'get cj hello'), /\nhello\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+\d+s\s+\d+m\n$/);
}, { timeout: 120_000 });

test('concurrency: Allow overlaps, Forbid skips, Replace deletes the running job', () => {
  for (const [policy, expectJobs, expectEvent] of [
    ['Allow', 3, /SuccessfulCreate/], ['Forbid', 1, /JobAlreadyActive\s+cronjob\/long\s+Not starting job because prior execution is running and concurrency policy is Forbid/],
    ['Replace', 1, /SuccessfulDelete\s+cronjob\/long\s+Deleted job long-\d+/]]) {
    const h = freshHome();
    ok(h, 'sim freeze 2030-01-01T10:00:30Z');
    ok(h, ['apply', '-f', cj('long', { schedule: '* * * * *', script: 'sleep 3600', spec: `  concurrencyPolicy: ${policy}\n` })]);
    ok(h, 'sim advance 3m');
    const live = json(h, 'get jobs').items.filter(j => !j.metadata.deletionTimestamp);
    assert.equal(live.length, expectJobs, policy);
    assert.equal(json(h, 'get cj long').status.active.length, expectJobs, policy);
    assert.match(ok(h, 'get events --field-selector involvedObject.kind=CronJob'), expectEvent, policy);
  }
}, { timeout: 120_000 });

test('suspend; missed schedules: the most recent one runs, startingDeadlineSeconds skips a late start, more than 100 warn', () => {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T10:00:30Z');
  ok(h, ['apply', '-f', cj('tick', { schedule: '* * * * *', spec: '  suspend: true\n' })]);
  ok(h, 'sim advance 10m');
  assert.deepEqual(jobs(h), []);
  assert.match(ok(h, 'get cj tick'), /\ntick\s+\* \* \* \* \*\s+<none>\s+True\s+0\s+<none>\s+/);
  // resumed after 10 missed minutes: only the most recent missed time runs, at once
  ok(h, ['patch', 'cj', 'tick', '-p', '{"spec":{"suspend":false}}']);
  assert.deepEqual(jobs(h), [`tick-${minutes('2030-01-01T10:10:00Z')}`]);
  // a start more than startingDeadlineSeconds late is skipped
  const d = freshHome();
  ok(d, 'sim freeze 2030-01-01T10:00:30Z');
  ok(d, ['apply', '-f', cj('late', { schedule: '0 * * * *', spec: '  suspend: true\n  startingDeadlineSeconds: 60\n' })]);
  ok(d, 'sim advance 30m');
  ok(d, ['patch', 'cj', 'late', '-p', '{"spec":{"suspend":false}}']);
  assert.deepEqual(jobs(d), []);
  ok(d, 'sim advance 30m');
  assert.deepEqual(jobs(d), [`late-${minutes('2030-01-01T11:00:00Z')}`]);
  // more than 100 missed start times: a warning, and the most recent still runs
  const m = freshHome();
  ok(m, 'sim freeze 2030-01-01T10:00:30Z');
  ok(m, ['apply', '-f', cj('many', { schedule: '* * * * *', spec: '  suspend: true\n' })]);
  ok(m, 'sim advance 2h');
  ok(m, ['patch', 'cj', 'many', '-p', '{"spec":{"suspend":false}}']);
  assert.match(ok(m, 'get events --field-selector involvedObject.kind=CronJob'),
    /Warning\s+TooManyMissedTimes\s+cronjob\/many\s+too many missed start times\. Set or decrease \.spec\.startingDeadlineSeconds or check clock skew/);
  assert.deepEqual(jobs(m), [`many-${minutes('2030-01-01T12:00:00Z')}`]);
}, { timeout: 120_000 });

test('time zones and descriptors; schedule and time zone validation', () => {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T00:00:30Z');
  ok(h, ['apply', '-f', cj('seoul', { schedule: '0 9 * * *', spec: '  timeZone: Asia/Seoul\n' })]);
  ok(h, ['apply', '-f', cj('hourly', { schedule: '@hourly' })]);
  ok(h, 'sim advance 1h');
  // 09:00 in Seoul is 00:00 UTC: the next one is the next day; @hourly ran at 01:00 UTC
  assert.deepEqual(jobs(h), [`hourly-${minutes('2030-01-01T01:00:00Z')}`]);
  ok(h, 'sim advance 23h');
  const s = json(h, 'get jobs').items.find(j => j.metadata.name.startsWith('seoul-'));
  assert.equal(s.metadata.name, `seoul-${minutes('2030-01-02T00:00:00Z')}`);
  assert.equal(s.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2030-01-02T09:00:00+09:00');
  assert.match(ok(h, 'get cj seoul'), /\nseoul\s+0 9 \* \* \*\s+Asia\/Seoul\s+False\s+/);
  const bad = (schedule, spec = '') => kctl(h, ['apply', '-f', cj('bad', { schedule, spec })]).stderr;
  assert.equal(bad('61 * * * *'), 'The CronJob "bad" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61\n');
  assert.equal(bad('* * * *'), 'The CronJob "bad" is invalid: spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]\n');
  assert.equal(bad('@often'), 'The CronJob "bad" is invalid: spec.schedule: Invalid value: "@often": unrecognized descriptor: @often\n');
  assert.equal(bad('0 0 * * *', '  timeZone: Mars/Olympus\n'), 'The CronJob "bad" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus\n');
  assert.equal(bad('TZ=UTC 0 0 * * *'), 'The CronJob "bad" is invalid: spec.schedule: Invalid value: "TZ=UTC 0 0 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead\n');
  assert.equal(kctl(h, ['apply', '-f', cj('every', { schedule: '@every 90s' })]).code, 0, '@every passes validation as in kube');
}, { timeout: 120_000 });

test('create job --from=cronjob/x makes a job from the template; failed history is limited to one', () => {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T10:00:30Z');
  ok(h, ['apply', '-f', cj('backup', { schedule: '*/10 * * * *', script: 'exit 1', restart: 'Never', spec: '' })]);
  ok(h, ['patch', 'cj', 'backup', '--type=json', '-p', '[{"op":"add","path":"/spec/jobTemplate/spec/backoffLimit","value":0}]']);
  assert.equal(ok(h, 'create job manual --from=cronjob/backup'), 'job.batch/manual created\n');
  const m = json(h, 'get job manual');
  assert.equal(m.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
  assert.equal(m.metadata.ownerReferences[0].name, 'backup');
  assert.equal(m.spec.template.spec.containers[0].command[2], 'exit 1');
  ok(h, 'sim advance 30m');
  // three scheduled failures happened; only the newest failed one is kept (failedJobsHistoryLimit: 1)
  const failed = json(h, 'get jobs').items.filter(j => j.metadata.name !== 'manual' && (j.status.conditions ?? []).some(c => c.type === 'Failed'));
  assert.deepEqual(failed.map(j => j.metadata.name), [`backup-${minutes('2030-01-01T10:30:00Z')}`]);
  assert.match(ok(h, 'describe cj backup'), /\nSchedule:\s+\*\/10 \* \* \* \*\nConcurrency Policy:\s+Allow\nSuspend:\s+False\nSuccessful Job History Limit:\s+3\nFailed Job History Limit:\s+1\n/);
}, { timeout: 120_000 });
