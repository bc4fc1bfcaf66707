// Jobs: completions and parallelism, Indexed mode (JOB_COMPLETION_INDEX, index annotation and label,
// hostname), the failure paths (backoffLimit with the controller's back-off, OnFailure restarts,
// activeDeadlineSeconds, podFailurePolicy, backoffLimitPerIndex), successPolicy, suspend and resume,
// ttlSecondsAfterFinished, the tracking finalizer, conditions, events and the STATUS/COMPLETIONS/DURATION columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const frozen = () => { const h = freshHome(); ok(h, 'sim freeze 2030-01-01T00:00:00Z'); return h; };
const row = (h, name) => ok(h, `get job ${name} --no-headers`).trim().split(/\s+/);
const conds = j => (j.status.conditions ?? []).map(c => [c.type, c.status, c.reason ?? '', c.message ?? '']);

function job(name, { spec = '', script = 'sleep 5', restart = 'Never', podSpec = '' } = {}) {
  return tmpFile(`${name}.yaml`, `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}  template:
    spec:
      restartPolicy: ${restart}
${podSpec}      containers:
      - name: main
        image: busybox:1.36
        command: [sh, -c, ${JSON.stringify(script)}]
`);
}

test('completions and parallelism: pods in waves, counted through the tracking finalizer; Complete in two steps', () => {
  const h = frozen();
  ok(h, ['apply', '-f', job('work', { spec: '  completions: 5\n  parallelism: 2\n' })]);
  let pods = json(h, 'get pods -l job-name=work').items;
  assert.equal(pods.length, 2);
  assert.deepEqual(pods[0].metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  assert.equal(pods[0].metadata.generateName, 'work-');
  assert.deepEqual(row(h, 'work').slice(1, 4), ['Running', '0/5', '0s']);
  let st = json(h, 'get job work').status;
  assert.deepEqual(st, { startTime: '2030-01-01T00:00:00Z', active: 2, terminating: 0, uncountedTerminatedPods: {}, ready: 2 });
  ok(h, 'sim advance 5s');
  assert.deepEqual(row(h, 'work').slice(1, 4), ['Running', '2/5', '5s']);
  pods = json(h, 'get pods -l job-name=work').items;
  assert.equal(pods.filter(p => p.status.phase === 'Succeeded').length, 2);
  assert.ok(pods.filter(p => p.status.phase === 'Succeeded').every(p => !p.metadata.finalizers), 'counted pods lose the finalizer');
  ok(h, 'sim advance 10s');
  const j = json(h, 'get job work');
  assert.deepEqual(row(h, 'work').slice(1, 4), ['Complete', '5/5', '15s']);
  assert.deepEqual(conds(j), [
    ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods']]);
  assert.equal(j.status.completionTime, '2030-01-01T00:00:15Z');
  assert.equal(j.status.succeeded, 5);
  const ev = ok(h, 'get events --field-selector involvedObject.kind=Job');
  assert.equal((ev.match(/SuccessfulCreate\s+job\/work\s+Created pod: work-\w{5}/g) ?? []).length, 5);
  assert.match(ev, /Completed\s+job\/work\s+Job completed/);
  // no completions: done when one pod succeeds
  ok(h, ['apply', '-f', job('any', { spec: '  parallelism: 3\n', script: 'sleep 2' })]);
  assert.equal(row(h, 'any')[2], '0/1');
  ok(h, 'sim advance 2s');
  assert.deepEqual(row(h, 'any').slice(1, 3), ['Complete', '3/1']);
});

test('Indexed: one pod per index with JOB_COMPLETION_INDEX, the index annotation and label, and a hostname', () => {
  const h = frozen();
  ok(h, ['apply', '-f', job('idx', { spec: '  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n' })]);
  const pods = json(h, 'get pods -l job-name=idx').items.sort((a, b) => a.metadata.annotations['batch.kubernetes.io/job-completion-index'] - b.metadata.annotations['batch.kubernetes.io/job-completion-index']);
  assert.deepEqual(pods.map(p => p.metadata.annotations['batch.kubernetes.io/job-completion-index']), ['0', '1', '2']);
  assert.deepEqual(pods.map(p => p.metadata.labels['batch.kubernetes.io/job-completion-index']), ['0', '1', '2']);
  assert.deepEqual(pods.map(p => p.spec.hostname), ['idx-0', 'idx-1', 'idx-2']);
  assert.ok(pods.every((p, i) => p.metadata.name.startsWith(`idx-${i}-`) && p.metadata.generateName === `idx-${i}-`));
  assert.deepEqual(pods[0].spec.containers[0].env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
  ok(h, 'sim advance 5s');
  const j = json(h, 'get job idx');
  assert.equal(j.status.completedIndexes, '0-2');
  assert.match(ok(h, 'describe job idx'), /\nCompleted Indexes:  0-2\n/);
});

test('backoffLimit: failed pods are replaced after 10s, 20s ... until the limit; FailureTarget then Failed', () => {
  const h = frozen();
  ok(h, ['apply', '-f', job('fail', { spec: '  backoffLimit: 2\n', script: 'exit 3' })]);
  const count = () => json(h, 'get pods -l job-name=fail').items.length;
  assert.equal(count(), 1);
  ok(h, 'sim advance 9s');
  assert.equal(count(), 1, 'the first replacement waits 10s');
  ok(h, 'sim advance 1s');
  assert.equal(count(), 2);
  ok(h, 'sim advance 19s');
  assert.equal(count(), 2, 'the second waits 20s');
  ok(h, 'sim advance 1s');
  const j = json(h, 'get job fail');
  assert.deepEqual(conds(j), [
    ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']]);
  assert.equal(j.status.failed, 3);
  assert.equal(j.status.completionTime, undefined);
  assert.deepEqual(row(h, 'fail').slice(1, 3), ['Failed', '0/1']);
  assert.match(ok(h, 'get pods -l job-name=fail'), /\nfail-\w{5}\s+0\/1\s+Error\s+0\s+/);
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=Job'), /Warning\s+BackoffLimitExceeded\s+job\/fail\s+Job has reached the specified backoff limit/);
  // OnFailure: the container restarts in place, and the restarts count against the limit
  ok(h, ['apply', '-f', job('crash', { spec: '  backoffLimit: 2\n', script: 'exit 1', restart: 'OnFailure' })]);
  ok(h, 'sim advance 30s');
  const c = json(h, 'get job crash');
  assert.deepEqual(conds(c).map(x => x.slice(0, 3)), [['FailureTarget', 'True', 'BackoffLimitExceeded'], ['Failed', 'True', 'BackoffLimitExceeded']]);
  assert.equal(json(h, 'get pods -l job-name=crash').items.length, 0, 'the running pod is deleted when the job fails');
});

test('activeDeadlineSeconds ends a running job; terminating pods delay the Failed condition', () => {
  const h = frozen();
  ok(h, ['apply', '-f', job('slow', { spec: '  activeDeadlineSeconds: 30\n', script: 'sleep 600' })]);
  ok(h, 'sim advance 29s');
  assert.equal(row(h, 'slow')[1], 'Running');
  ok(h, 'sim advance 1s');
  // the shell ignores SIGTERM: the pod is Terminating for its grace period, the job shows FailureTarget
  let j = json(h, 'get job slow');
  assert.deepEqual(conds(j).map(c => c[0]), ['FailureTarget']);
  assert.equal(row(h, 'slow')[1], 'FailureTarget');
  assert.equal(j.status.terminating, 1);
  ok(h, 'sim advance 30s');
  j = json(h, 'get job slow');
  assert.deepEqual(conds(j).map(c => c.slice(0, 3)), [['FailureTarget', 'True', 'DeadlineExceeded'], ['Failed', 'True', 'DeadlineExceeded']]);
  assert.equal(conds(j)[1][3], 'Job was active longer than specified deadline');
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=Job'), /DeadlineExceeded\s+job\/slow\s+Job was active longer than specified deadline/);
});

test('podFailurePolicy: FailJob on an exit code, Ignore does not count', () => {
  const h = frozen();
  const policy = `  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {containerName: main, operator: In, values: [42]}
    - action: Ignore
      onExitCodes: {operator: In, values: [7]}
`;
  ok(h, ['apply', '-f', job('pfp', { spec: policy, script: 'exit 42' })]);
  const j = json(h, 'get job pfp');
  const pod = json(h, 'get pods -l job-name=pfp').items[0].metadata.name;
  assert.deepEqual(conds(j), [
    ['FailureTarget', 'True', 'PodFailurePolicy', `Container main for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`],
    ['Failed', 'True', 'PodFailurePolicy', `Container main for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`]]);
  assert.equal(j.spec.podReplacementPolicy, 'Failed');
  ok(h, ['apply', '-f', job('ign', { spec: policy, script: 'exit 7' })]);
  ok(h, 'sim advance 15s');
  const i = json(h, 'get job ign');
  assert.equal(i.status.failed, undefined, 'ignored failures are not counted');
  assert.equal(row(h, 'ign')[1], 'Running');
  assert.ok(json(h, 'get pods -l job-name=ign').items.length >= 2, 'and the pod is replaced');
});

test('backoffLimitPerIndex: an index that fails too often fails alone; the job fails with FailedIndexes', () => {
  const h = frozen();
  ok(h, ['apply', '-f', job('per', { spec: '  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n', script: 'exit 1' })]);
  // every index fails: each gets one retry (10s later), then fails for good
  ok(h, 'sim advance 9s');
  assert.equal(json(h, 'get pods -l job-name=per').items.length, 3);
  ok(h, 'sim advance 1s');
  const j = json(h, 'get job per');
  assert.equal(j.spec.backoffLimit, 2147483647);
  assert.equal(j.status.failedIndexes, '0-2');
  assert.deepEqual(conds(j).map(c => c.slice(0, 3)), [['FailureTarget', 'True', 'FailedIndexes'], ['Failed', 'True', 'FailedIndexes']]);
  const pods = json(h, 'get pods -l job-name=per').items;
  assert.equal(pods.length, 6, 'each index: its first pod and one retry');
  assert.deepEqual(pods.map(p => p.metadata.annotations['batch.kubernetes.io/job-index-failure-count']).sort(), ['0', '0', '0', '1', '1', '1']);
});

test('successPolicy ends an Indexed job early', () => {
  const h = frozen();
  const f = tmpFile('sp.yaml', `apiVersion: batch/v1
kind: Job
metadata: {name: leader}
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  successPolicy:
    rules: [{succeededIndexes: "0"}]
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: main, image: busybox:1.36, command: [sh, -c, "sleep $((5 + JOB_COMPLETION_INDEX * 100))"]}
`);
  ok(h, ['apply', '-f', f]);
  // index 0 finishing (at 5 s; the others would take 105 and 205 s) meets the rule: the other pods are stopped (the shell takes its grace period), then Complete
  ok(h, 'sim advance 5s');
  let j = json(h, 'get job leader');
  assert.deepEqual(conds(j).map(c => c.slice(0, 4)), [['SuccessCriteriaMet', 'True', 'SuccessPolicy', 'Matched rules at index 0']]);
  assert.ok(json(h, 'get pods -l job-name=leader').items.filter(p => p.metadata.deletionTimestamp).length >= 1);
  ok(h, 'sim advance 30s');
  j = json(h, 'get job leader');
  assert.deepEqual(conds(j).map(c => c.slice(0, 4)), [['SuccessCriteriaMet', 'True', 'SuccessPolicy', 'Matched rules at index 0'], ['Complete', 'True', 'SuccessPolicy', 'Matched rules at index 0']]);
  assert.equal(row(h, 'leader')[1], 'Complete');
});

test('suspend and resume; ttlSecondsAfterFinished deletes the job and its pods', () => {
  const h = frozen();
  ok(h, ['apply', '-f', job('sus', { spec: '  suspend: true\n' })]);
  assert.equal(json(h, 'get pods -l job-name=sus').items.length, 0);
  let j = json(h, 'get job sus');
  assert.deepEqual(conds(j).map(c => c.slice(0, 4)), [['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
  assert.equal(j.status.startTime, undefined);
  assert.match(ok(h, 'get job sus'), /\nsus\s+Suspended\s+0\/1\s{4,}\d+s\n$/, 'no DURATION before it starts');
  ok(h, 'sim advance 1m');
  ok(h, ['patch', 'job', 'sus', '-p', '{"spec":{"suspend":false}}']);
  j = json(h, 'get job sus');
  assert.deepEqual(conds(j).map(c => c.slice(0, 4)), [['Suspended', 'False', 'JobResumed', 'Job resumed']]);
  assert.equal(j.status.startTime, '2030-01-01T00:01:00Z', 'resuming restarts the clock');
  assert.equal(json(h, 'get pods -l job-name=sus').items.length, 1);
  const ev = ok(h, 'get events --field-selector involvedObject.kind=Job');
  assert.match(ev, /Suspended\s+job\/sus\s+Job suspended/);
  assert.match(ev, /Resumed\s+job\/sus\s+Job resumed/);
  // suspending a running job deletes its pods
  ok(h, ['patch', 'job', 'sus', '-p', '{"spec":{"suspend":true}}']);
  ok(h, 'sim advance 40s');
  assert.equal(json(h, 'get pods -l job-name=sus').items.length, 0);
  // ttl
  ok(h, ['apply', '-f', job('short', { spec: '  ttlSecondsAfterFinished: 60\n', script: 'sleep 1' })]);
  ok(h, 'sim advance 1s');
  assert.equal(row(h, 'short')[1], 'Complete');
  ok(h, 'sim advance 59s');
  assert.equal(kctl(h, 'get job short').code, 0);
  ok(h, 'sim advance 1s');
  assert.equal(kctl(h, 'get job short').stderr, 'Error from server (NotFound): jobs.batch "short" not found\n');
  assert.equal(json(h, 'get pods -l job-name=short').items.length, 0);
}, { timeout: 120_000 });

test('deleting a running pod counts as a failure and it is replaced; deleting the job removes its pods', () => {
  const h = frozen();
  ok(h, ['apply', '-f', job('del', { script: 'sleep 600' })]);
  const p = json(h, 'get pods -l job-name=del').items[0].metadata.name;
  ok(h, ['delete', 'pod', p, '--grace-period=0', '--force']);
  ok(h, 'sim advance 10s');
  const j = json(h, 'get job del');
  assert.equal(j.status.failed, 1);
  assert.equal(j.status.active, 1);
  ok(h, 'delete job del');
  ok(h, 'sim advance 1m');
  assert.equal(json(h, 'get pods -l job-name=del').items.length, 0);
});
