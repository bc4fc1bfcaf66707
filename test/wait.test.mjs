// kubectl wait: conditions, jsonpath, delete, create, timeouts; client-side errors match kubectl 1.33 (test/golden/wait).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, kctlSpawn, freshHome, tmpFile, ROOT } from './helpers.mjs';

const pod = (name, spec, labels) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(labels ? { labels } : {}) }, spec });
const apply = (home, ...objs) => {
  const r = kctl(home, ['apply', '-f', tmpFile('p.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }))]);
  assert.equal(r.code, 0, r.stderr);
};
const run = (home, ...args) => kctl(home, ['wait', ...args]);
const finish = child => new Promise(res => {
  let stdout = '', stderr = '';
  child.stdout.on('data', d => { stdout += d; });
  child.stderr.on('data', d => { stderr += d; });
  child.on('close', code => res({ stdout, stderr, code }));
});

test('client-side errors are kubectl\'s (golden outputs from kubectl 1.33)', () => {
  const home = freshHome();
  const cases = {
    'no-for': ['pod/x'], 'bad-for': ['--for=foo', 'pod/x'], 'no-args': ['--for=delete'],
    'bad-timeout': ['--for=delete', '--timeout=abc', 'pod/x'], 'jsonpath-format': ['--for=jsonpath={.status}=a=b', 'pod/x'],
    'jsonpath-empty-value': ['--for=jsonpath={.a}=', 'pod/x'], 'jsonpath-empty': ['--for=jsonpath=', 'pod/x'],
    'jsonpath-unclosed': ['--for=jsonpath={.status', 'pod/x'],
  };
  for (const [name, args] of Object.entries(cases)) {
    const dir = path.join(ROOT, 'test', 'golden', 'wait');
    const want = fs.readFileSync(path.join(dir, `${name}.stderr`), 'utf8').replaceAll("'kubectl wait", "'kctl wait");
    const r = run(home, ...args);
    assert.equal(r.stderr, want, name);
    assert.equal(String(r.code), fs.readFileSync(path.join(dir, `${name}.code`), 'utf8').trim(), name);
    assert.equal(r.stdout, '', name);
  }
});

test('conditions and jsonpath: met at once for pods the kubelet started', () => {
  const home = freshHome();
  apply(home, pod('web', { containers: [{ name: 'c', image: 'nginx' }] }, { app: 'web' }),
    pod('web2', { containers: [{ name: 'c', image: 'nginx' }] }, { app: 'web' }),
    pod('bad', { containers: [{ name: 'c', image: 'nginx:1.99' }] }));
  let r = run(home, '--for=condition=Ready', 'pod/web');
  assert.deepEqual([r.stdout, r.stderr, r.code], ['pod/web condition met\n', '', 0]);
  r = run(home, '--for=condition=ready=FALSE', 'pod/bad');
  assert.deepEqual([r.stdout, r.code], ['pod/bad condition met\n', 0]);
  r = run(home, '--for=jsonpath={.status.phase}=Running', 'pods', '-l', 'app=web');
  assert.deepEqual([r.stdout, r.code], ['pod/web condition met\npod/web2 condition met\n', 0]);
  r = run(home, '--for=jsonpath={.status.conditions[?(@.type=="Ready")].status}=True', 'pod/web');
  assert.deepEqual([r.stdout, r.code], ['pod/web condition met\n', 0]);
  r = run(home, '--for=jsonpath={.status.podIP}', 'pod/web', '-o', 'name');
  assert.deepEqual([r.stdout, r.code], ['pod/web\n', 0]);
  r = run(home, '--for=jsonpath={.status.conditions}=x', 'pod/web');
  assert.deepEqual([r.stderr, r.code], ['error: jsonpath leads to a nested object or list which is not supported\n', 1]);
});

test('timeouts, not found, no matches', () => {
  const home = freshHome();
  apply(home, pod('bad', { containers: [{ name: 'c', image: 'nginx:1.99' }] }));
  let r = run(home, '--for=condition=Ready', 'pod/bad', '--timeout=300ms');
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'error: timed out waiting for the condition on pods/bad\n', 1]);
  r = run(home, '--for=condition=Ready', 'pod/bad', '--timeout=0');
  assert.deepEqual([r.stderr, r.code], ['error: condition not met for pods/bad\n', 1]);
  r = run(home, '--for=condition=Ready', 'pod/nope');
  assert.deepEqual([r.stderr, r.code], ['Error from server (NotFound): pods "nope" not found\n', 1]);
  r = run(home, '--for=condition=Ready', 'pods', '-l', 'app=none');
  assert.deepEqual([r.stderr, r.code], ['error: no matching resources found\n', 1]);
  r = run(home, '--for=delete', 'pod/nope');
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', '', 0]);
});

test('--for=delete waits for a terminating pod; --for=create waits for a new one', async () => {
  const home = freshHome();
  // sleep as PID 1 ignores SIGTERM: the pod goes at the end of its grace period (long enough for a loaded
  // machine to start `wait` before it ends: on a missing object --for=delete prints nothing)
  apply(home, pod('web', { terminationGracePeriodSeconds: 4, containers: [{ name: 'c', image: 'busybox', command: ['sleep', 'infinity'] }] }));
  let r = kctl(home, 'delete pod web --wait=false');
  assert.equal(r.code, 0, r.stderr);
  r = run(home, '--for=delete', 'pod/web');
  assert.deepEqual([r.stdout, r.code], ['pod/web condition met\n', 0]);
  const waiter = finish(kctlSpawn(home, ['wait', '--for=create', 'pod/late', '--timeout=20s']));
  await new Promise(res => setTimeout(res, 300));
  apply(home, pod('late', { containers: [{ name: 'c', image: 'nginx' }] }));
  r = await waiter;
  assert.deepEqual([r.stdout, r.stderr, r.code], ['pod/late condition met\n', '', 0]);
});

test('waiting through simulated time: a pod completes while wait is running', async () => {
  const home = freshHome();
  apply(home, pod('job', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '60'] }] }));
  const waiter = finish(kctlSpawn(home, ['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/job', '--timeout=20s']));
  await new Promise(res => setTimeout(res, 300));
  assert.equal(kctl(home, 'sim advance 61s').code, 0);
  const r = await waiter;
  assert.deepEqual([r.stdout, r.stderr, r.code], ['pod/job condition met\n', '', 0]);
});
