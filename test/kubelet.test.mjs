// The simulated kubelet: image catalog, pull failures and back-off, container lifecycle, restarts, termination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

/** A fresh cluster with its clock frozen, so simulated times and ages are exact. */
const frozenHome = () => {
  const home = freshHome();
  assert.equal(kctl(home, 'sim freeze').code, 0);
  return home;
};
const pod = (name, spec) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
const apply = (home, ...pods) => {
  const r = kctl(home, ['apply', '-f', tmpFile('p.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods.map(p => JSON.parse(p)) }))]);
  assert.equal(r.code, 0, r.stderr);
  return r;
};
const getJSON = (home, name) => JSON.parse(kctl(home, ['get', 'pod', name, '-o', 'json']).stdout);
const row = (home, name) => {
  const r = kctl(home, ['get', 'pod', name, '--no-headers']);
  assert.equal(r.code, 0, r.stderr);
  const cols = r.stdout.trim().split(/\s{2,}/);
  return { ready: cols[1], status: cols[2], restarts: cols[3] };
};
const events = (home, name) => {
  const list = JSON.parse(kctl(home, ['get', 'events', '-o', 'json']).stdout).items;
  return list.filter(e => e.involvedObject.name === name);
};

test('a pod is Running within the invocation that created it, with the kubelet events', () => {
  const home = frozenHome();
  apply(home, pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] }));
  assert.deepEqual(row(home, 'web'), { ready: '1/1', status: 'Running', restarts: '0' });
  const p = getJSON(home, 'web');
  assert.equal(p.status.phase, 'Running');
  const cs = p.status.containerStatuses[0];
  assert.equal(cs.image, 'docker.io/library/nginx:1.14.2');
  assert.match(cs.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  assert.ok(cs.state.running.startedAt);
  assert.deepEqual(p.status.conditions.map(c => `${c.type}=${c.status}`),
    ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  const ev = events(home, 'web');
  const msgs = ev.map(e => `${e.reason}: ${e.message}`);
  assert.ok(msgs.includes('Pulling: Pulling image "nginx:1.14.2"'));
  assert.ok(msgs.some(m => /^Pulled: Successfully pulled image "nginx:1\.14\.2" in \d[\d.]*m?s \(\d[\d.]*m?s including waiting\)\. Image size: \d+ bytes\.$/.test(m)), msgs.join('\n'));
  assert.ok(msgs.includes('Created: Created container: nginx'));
  assert.ok(msgs.includes('Started: Started container nginx'));
  const started = ev.find(e => e.reason === 'Started');
  assert.equal(started.source.component, 'kubelet');
  assert.equal(started.involvedObject.fieldPath, 'spec.containers{nginx}');
  // the image is now on the node: a second pod there with IfNotPresent finds it present
  const node = p.spec.nodeName;
  const n = JSON.parse(kctl(home, ['get', 'node', node, '-o', 'json']).stdout);
  assert.ok(n.status.images.some(i => i.names.includes('docker.io/library/nginx:1.14.2')));
  apply(home, pod('web2', { nodeName: node, containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] }));
  assert.ok(events(home, 'web2').some(e => e.reason === 'Pulled' && e.message === 'Container image "nginx:1.14.2" already present on machine'));
});

test('a known repository with an unknown tag: ErrImagePull, then ImagePullBackOff with back-off', () => {
  const home = frozenHome();
  apply(home, pod('bad', { containers: [{ name: 'c', image: 'nginx:1.99' }] }));
  assert.equal(row(home, 'bad').status, 'ErrImagePull');
  const failed = events(home, 'bad').filter(e => e.reason === 'Failed').map(e => e.message);
  assert.ok(failed.includes('Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found'), failed.join('\n'));
  assert.ok(failed.includes('Error: ErrImagePull'));
  assert.equal(getJSON(home, 'bad').status.phase, 'Pending');
  assert.equal(kctl(home, 'sim advance 20s').code, 0);
  assert.deepEqual(row(home, 'bad'), { ready: '0/1', status: 'ImagePullBackOff', restarts: '0' });
  const ev = events(home, 'bad');
  assert.ok(ev.some(e => e.reason === 'BackOff' && e.type === 'Normal' && e.message === 'Back-off pulling image "nginx:1.99"'));
  assert.ok(ev.some(e => e.reason === 'Failed' && e.message === 'Error: ImagePullBackOff'));
  // pulled again after each back-off: 0s, 10s, 30s ...
  assert.equal(ev.find(e => e.reason === 'Pulling').count, 2);
  kctl(home, 'sim advance 15s');
  assert.equal(events(home, 'bad').find(e => e.reason === 'Pulling').count, 3);
  const w = getJSON(home, 'bad').status.containerStatuses[0];
  assert.equal(w.image, 'nginx:1.99');
  assert.equal(w.ready, false);
});

test('a single-word name that is no official image (ngnix) does not exist: pull access denied', () => {
  const home = frozenHome();
  apply(home, pod('typo', { containers: [{ name: 'c', image: 'ngnix' }] }), pod('official', { containers: [{ name: 'c', image: 'traefik:v3.1' }] }));
  assert.equal(row(home, 'typo').status, 'ErrImagePull');
  const failed = events(home, 'typo').filter(e => e.reason === 'Failed').map(e => e.message);
  assert.ok(failed.includes('Failed to pull image "ngnix": failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'), failed.join('\n'));
  // an official image the catalog does not describe pulls (and idles)
  assert.equal(row(home, 'official').status, 'Running');
});

test('unknown repositories pull fine; invalid image names give InvalidImageName', () => {
  const home = frozenHome();
  apply(home,
    pod('mine', { containers: [{ name: 'c', image: 'example.com/team/app:v7' }] }),
    pod('inv', { containers: [{ name: 'c', image: 'nginx:Bad Tag' }] }));
  assert.equal(row(home, 'mine').status, 'Running');
  assert.equal(row(home, 'inv').status, 'InvalidImageName');
  const ev = events(home, 'inv');
  assert.ok(ev.some(e => e.reason === 'InspectFailed' && e.message === 'Failed to apply default image tag "nginx:Bad Tag": couldn\'t parse image name "nginx:Bad Tag": invalid reference format'));
  assert.ok(ev.some(e => e.reason === 'Failed' && e.message === 'Error: InvalidImageName'));
});

test('sleep 30 with restartPolicy Never completes after 30 simulated seconds', () => {
  const home = frozenHome();
  apply(home, pod('s', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '30'] }] }));
  assert.equal(row(home, 's').status, 'Running');
  kctl(home, 'sim advance 29s');
  assert.equal(row(home, 's').status, 'Running');
  kctl(home, 'sim advance 2s');
  assert.deepEqual(row(home, 's'), { ready: '0/1', status: 'Completed', restarts: '0' });
  const p = getJSON(home, 's');
  assert.equal(p.status.phase, 'Succeeded');
  const t = p.status.containerStatuses[0].state.terminated;
  assert.equal(t.exitCode, 0);
  assert.equal(t.reason, 'Completed');
  assert.equal(Date.parse(t.finishedAt) - Date.parse(t.startedAt), 30_000);
  const ready = p.status.conditions.find(c => c.type === 'Ready');
  assert.equal(ready.status, 'False');
  assert.equal(ready.reason, 'PodCompleted');
});

test('exit codes: sh -c "exit 3" with Never is Error/Failed; echo with OnFailure is Completed', () => {
  const home = frozenHome();
  apply(home,
    pod('fail', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 3'] }] }),
    pod('ok', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox', command: ['echo', 'hi'] }] }),
    pod('ubuntu', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'ubuntu' }] }),
    pod('forever', { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'tail -f /dev/null'] }] }));
  assert.equal(row(home, 'fail').status, 'Error');
  const f = getJSON(home, 'fail');
  assert.equal(f.status.phase, 'Failed');
  assert.equal(f.status.containerStatuses[0].state.terminated.exitCode, 3);
  assert.equal(row(home, 'ok').status, 'Completed');
  assert.equal(getJSON(home, 'ok').status.phase, 'Succeeded');
  assert.equal(row(home, 'ubuntu').status, 'Completed');
  kctl(home, 'sim advance 1h');
  assert.deepEqual(row(home, 'forever'), { ready: '1/1', status: 'Running', restarts: '0' });
});

test('restartPolicy Always: CrashLoopBackOff with growing back-off and RESTARTS "N (Xs ago)"', () => {
  const home = frozenHome();
  apply(home, pod('crash', { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 3'] }] }));
  // first exit restarts at once; the second waits 10s
  assert.deepEqual(row(home, 'crash'), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '1 (0s ago)' });
  let p = getJSON(home, 'crash');
  assert.equal(p.status.phase, 'Running');
  const cs = p.status.containerStatuses[0];
  assert.equal(cs.lastState.terminated.exitCode, 3);
  assert.equal(cs.lastState.terminated.reason, 'Error');
  assert.match(cs.state.waiting.message, /^back-off 10s restarting failed container=c pod=crash_default\(/);
  const backoff = events(home, 'crash').find(e => e.reason === 'BackOff');
  assert.equal(backoff.type, 'Warning');
  assert.match(backoff.message, /^Back-off restarting failed container c in pod crash_default\([0-9a-f-]+\)$/);
  kctl(home, 'sim advance 10s');
  assert.equal(row(home, 'crash').restarts, '2 (0s ago)');
  kctl(home, 'sim advance 25s'); // next restart after 20s more
  assert.equal(row(home, 'crash').restarts, '3 (5s ago)');
  p = getJSON(home, 'crash');
  assert.equal(p.status.containerStatuses[0].state.waiting.message.slice(0, 12), 'back-off 40s');
});

test('init containers run one after the other: Init:0/2, then Running', () => {
  const home = frozenHome();
  apply(home, pod('init', {
    initContainers: [{ name: 'a', image: 'busybox', command: ['sleep', '10'] }, { name: 'b', image: 'busybox', command: ['sleep', '5'] }],
    containers: [{ name: 'c', image: 'nginx' }],
  }));
  assert.equal(row(home, 'init').status, 'Init:0/2');
  let p = getJSON(home, 'init');
  assert.equal(p.status.containerStatuses[0].state.waiting.reason, 'PodInitializing');
  const init = p.status.conditions.find(c => c.type === 'Initialized');
  assert.equal(init.status, 'False');
  assert.equal(init.message, 'containers with incomplete status: [a b]');
  kctl(home, 'sim advance 11s');
  assert.equal(row(home, 'init').status, 'Init:1/2');
  kctl(home, 'sim advance 5s');
  assert.deepEqual(row(home, 'init'), { ready: '1/1', status: 'Running', restarts: '0' });
  p = getJSON(home, 'init');
  assert.equal(p.status.initContainerStatuses[1].state.terminated.reason, 'Completed');
  // the kubernetes/website init-containers example (wget in busybox) finishes at once
  const r = kctl(home, ['apply', '-f', path.join(FIXTURES, 'kubelet', 'init-containers.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(row(home, 'init-demo').status, 'Running');
});

test('deletion: Killing events; sleep as PID 1 ignores SIGTERM and is killed at the grace deadline', () => {
  const home = frozenHome();
  apply(home,
    pod('web', { containers: [{ name: 'nginx', image: 'nginx' }] }),
    pod('sleepy', { containers: [{ name: 'c', image: 'busybox', command: ['sleep', 'infinity'] }] }));
  let r = kctl(home, 'delete pod web');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(kctl(home, 'get pod web').code, 1);
  assert.ok(events(home, 'web').some(e => e.reason === 'Killing' && e.message === 'Stopping container nginx'));
  r = kctl(home, 'delete pod sleepy --wait=false');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(row(home, 'sleepy').status, 'Terminating');
  kctl(home, 'sim advance 29s');
  assert.equal(row(home, 'sleepy').status, 'Terminating');
  kctl(home, 'sim advance 2s');
  r = kctl(home, 'get pod sleepy');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (NotFound): pods "sleepy" not found\n');
});
