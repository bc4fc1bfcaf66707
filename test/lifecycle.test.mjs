// Container lifecycles in the simulated kubelet: every STATUS of kubectl's pod table (READY, STATUS and
// RESTARTS as the server-side printer works them out), restart policies and back-off, init containers and
// sidecars, each probe kind with its thresholds and events, lifecycle hooks, OOMKilled, termination with
// grace periods and --force, and `describe pod` for every state compared with the real kubectl 1.33
// (test/golden/lifecycle/, recorded by `node scripts/describe-golden.mjs test/golden/lifecycle`).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES, ROOT } from './helpers.mjs';
import { buildCluster, cases } from './golden/lifecycle/scenario.mjs';
import { mask } from './golden/describe/mask.mjs';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'lifecycle');
const meta = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'meta.json'), 'utf8'));

const frozenHome = () => { const home = freshHome(); assert.equal(kctl(home, 'sim freeze').code, 0); return home; };
const ok = (home, args, opts) => { const r = kctl(home, args, opts); assert.equal(r.code, 0, `kctl ${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const apply = (home, ...objs) => ok(home, ['apply', '-f', tmpFile('p.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }))]);
const pod = (name, spec, extra = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec });
const advance = (home, d) => ok(home, ['sim', 'advance', d]);
const row = (home, name) => {
  const out = ok(home, ['get', 'pod', name, '--no-headers']);
  const cols = out.trim().split(/\s{2,}/);
  return { ready: cols[1], status: cols[2], restarts: cols[3] };
};
const getJSON = (home, name) => JSON.parse(ok(home, ['get', 'pod', name, '-o', 'json']));
const gone = (home, name) => kctl(home, ['get', 'pod', name]).code === 1;
const events = (home, name) => JSON.parse(ok(home, ['get', 'events', '-o', 'json'])).items.filter(e => e.involvedObject.name === name);
const event = (home, name, reason, message) => events(home, name).find(e => e.reason === reason && (message === undefined || (message instanceof RegExp ? message.test(e.message) : e.message === message)));

// ---------------------------------------------------------------------------------------------------------
// The scenario cluster: one pod per state, two minutes on

let home;
before(() => { home = freshHome(); buildCluster(kctl, home, FIXTURES); });

for (const name of Object.keys(meta)) {
  test(`describe matches kubectl 1.33: ${name}`, () => {
    const args = cases()[name];
    const r = kctl(home, args);
    assert.equal(mask(r.stdout), fs.readFileSync(path.join(GOLDEN, `${name}.txt`), 'utf8'), `stdout of kctl ${args.join(' ')}`);
    assert.equal(r.code, meta[name].code);
  });
}

test('STATUS, READY and RESTARTS of each state in kubectl\'s pod table', () => {
  const want = {
    crashloop: ['0/1', 'CrashLoopBackOff', /^4 \(60s ago\)$/],
    completed: ['0/1', 'Completed', '0'],
    failed: ['0/1', 'Error', '0'],
    oomkilled: ['0/1', 'OOMKilled', '0'],
    configerror: ['0/1', 'CreateContainerConfigError', '0'],
    starterror: ['0/1', 'CrashLoopBackOff', /^4 \(60s ago\)$/],
    pullbackoff: ['0/1', 'ImagePullBackOff', '0'],
    notready: ['0/1', 'Running', '0'],
    'init-running': ['0/1', 'Init:0/2', '0'],
    'init-error': ['0/1', 'Init:Error', '0'],
    'init-crashloop': ['0/1', 'Init:CrashLoopBackOff', /^4 \(60s ago\)$/],
    sidecar: ['2/2', 'Running', '0'],
    poststart: ['0/1', 'ContainerCreating', '0'],
    terminating: ['1/1', 'Terminating', '0'],
    multi: ['1/2', 'NotReady', '0'],
    'liveness-exec': ['1/1', 'Running', /^1 \(55s ago\)$/],
  };
  for (const [name, [ready, status, restarts]] of Object.entries(want)) {
    const r = row(home, name);
    assert.equal(r.ready, ready, `${name} READY`);
    assert.equal(r.status, status, `${name} STATUS`);
    if (restarts instanceof RegExp) assert.match(r.restarts, restarts, `${name} RESTARTS`); else assert.equal(r.restarts, restarts, `${name} RESTARTS`);
  }
});

test('phases and terminated states as the kubelet reports them', () => {
  const phase = n => getJSON(home, n).status.phase;
  assert.equal(phase('completed'), 'Succeeded');
  assert.equal(phase('failed'), 'Failed');
  assert.equal(phase('oomkilled'), 'Failed');
  assert.equal(phase('init-error'), 'Failed');
  assert.equal(phase('crashloop'), 'Running');
  assert.equal(phase('init-running'), 'Pending');
  assert.equal(phase('configerror'), 'Pending');
  const oom = getJSON(home, 'oomkilled').status.containerStatuses[0].state.terminated;
  assert.deepEqual([oom.reason, oom.exitCode], ['OOMKilled', 137]);
  const failed = getJSON(home, 'failed').status.containerStatuses[0].state.terminated;
  assert.deepEqual([failed.reason, failed.exitCode, failed.message], ['Error', 2, 'config missing\n']);
  const start = getJSON(home, 'starterror').status.containerStatuses[0];
  assert.equal(start.lastState.terminated.reason, 'StartError');
  assert.equal(start.lastState.terminated.exitCode, 128);
  assert.equal(start.lastState.terminated.startedAt, '1970-01-01T00:00:00Z');
  assert.match(start.lastState.terminated.message, /exec: "no-such-command": executable file not found in \$PATH: unknown$/);
  // conditions of a finished pod
  const conds = Object.fromEntries(getJSON(home, 'failed').status.conditions.map(c => [c.type, `${c.status}/${c.reason ?? ''}`]));
  assert.deepEqual(conds, { PodReadyToStartContainers: 'False/', Initialized: 'True/', Ready: 'False/PodFailed', ContainersReady: 'False/PodFailed', PodScheduled: 'True/' });
  const done = Object.fromEntries(getJSON(home, 'completed').status.conditions.map(c => [c.type, `${c.status}/${c.reason ?? ''}`]));
  assert.deepEqual(done, { PodReadyToStartContainers: 'False/', Initialized: 'True/PodCompleted', Ready: 'False/PodCompleted', ContainersReady: 'False/PodCompleted', PodScheduled: 'True/' });
  // init containers: a finished one is ready; the next waits as PodInitializing
  const init = getJSON(home, 'init-running').status;
  assert.deepEqual(init.initContainerStatuses.map(c => c.state.waiting?.reason ?? Object.keys(c.state)[0]), ['running', 'PodInitializing']);
  assert.equal(init.containerStatuses[0].state.waiting.reason, 'PodInitializing');
  assert.equal(init.conditions.find(c => c.type === 'Initialized').message, 'containers with incomplete status: [wait setup]');
});

test('the kubelet\'s events: back-off counts, config errors, pulls, liveness kills', () => {
  const backoff = event(home, 'crashloop', 'BackOff');
  assert.equal(backoff.type, 'Warning');
  assert.match(backoff.message, /^Back-off restarting failed container app in pod crashloop_default\([0-9a-f-]{36}\)$/);
  assert.equal(backoff.count, 14); // one per sync: at each crash and every 10 s of back-off
  const cfg = event(home, 'configerror', 'Failed');
  assert.equal(cfg.message, 'Error: configmap "app-config" not found');
  assert.equal(cfg.count, 14);
  const pull = events(home, 'pullbackoff');
  // pulls at 0, 10, 30 and 70 s: each failure doubles the image back-off; retries come every 10 s
  assert.equal(pull.find(e => e.reason === 'Pulling').count, 4);
  assert.ok(pull.some(e => e.reason === 'BackOff' && e.type === 'Normal' && e.message === 'Back-off pulling image "nginx:1.99"'));
  assert.ok(pull.some(e => e.reason === 'Failed' && e.message === 'Error: ImagePullBackOff'));
  // the docs' exec liveness example: failures at 35, 40 and 45 s, killed at 75 s (sh ignores TERM), started
  // again; its file goes at 105 s, failures at 110, 115 and 120 s
  const unhealthy = event(home, 'liveness-exec', 'Unhealthy');
  assert.equal(unhealthy.message, "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n");
  assert.equal(unhealthy.count, 6);
  assert.equal(Date.parse(unhealthy.lastTimestamp) - Date.parse(unhealthy.firstTimestamp), 85_000);
  const last = getJSON(home, 'liveness-exec').status.containerStatuses[0].lastState.terminated;
  assert.deepEqual([last.reason, last.exitCode, Date.parse(last.finishedAt) - Date.parse(last.startedAt)], ['Error', 137, 75_000]);
  assert.equal(event(home, 'liveness-exec', 'Killing').message, 'Container liveness failed liveness probe, will be restarted');
  assert.equal(event(home, 'terminating', 'Killing').message, 'Stopping container app');
  const ready = event(home, 'notready', 'Unhealthy');
  assert.match(ready.message, /^Readiness probe failed: Get "http:\/\/10\.244\.\d+\.\d+:8080\/healthz": dial tcp 10\.244\.\d+\.\d+:8080: connect: connection refused$/);
});

// ---------------------------------------------------------------------------------------------------------
// Restart policies and back-off

test('CrashLoopBackOff: 10 s doubling to 5 min, "back-off 5m0s", reset after 10 minutes of running', () => {
  const h = frozenHome();
  apply(h, pod('crash', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] }));
  const waitMsg = () => getJSON(h, 'crash').status.containerStatuses[0].state.waiting?.message ?? '';
  assert.match(waitMsg(), /^back-off 10s restarting failed container=c pod=crash_default\(/);
  advance(h, '10s'); assert.equal(row(h, 'crash').restarts, '2 (0s ago)'); assert.match(waitMsg(), /^back-off 20s /);
  advance(h, '20s'); assert.equal(row(h, 'crash').restarts, '3 (0s ago)'); assert.match(waitMsg(), /^back-off 40s /);
  advance(h, '39s'); assert.equal(row(h, 'crash').restarts, '3 (39s ago)');
  advance(h, '1s'); assert.equal(row(h, 'crash').restarts, '4 (0s ago)'); assert.match(waitMsg(), /^back-off 1m20s /);
  advance(h, '80s'); advance(h, '160s');
  assert.equal(row(h, 'crash').restarts, '6 (0s ago)');
  assert.match(waitMsg(), /^back-off 5m0s /);
  advance(h, '5m'); assert.equal(row(h, 'crash').restarts, '7 (0s ago)'); assert.match(waitMsg(), /^back-off 5m0s /);

  // a container that ran more than 10 minutes before it failed starts over at 10 s
  const h2 = frozenHome();
  apply(h2, pod('long', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 5; exit 1'] }] }));
  advance(h2, '5s'); advance(h2, '10s'); // exits at 5 s (restarted at once) and 10 s (back-off 10 s)
  let cs = getJSON(h2, 'long').status.containerStatuses[0];
  assert.match(cs.state.waiting.message, /^back-off 10s /);
  apply(h2, pod('slow', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 700; exit 1'] }] }));
  advance(h2, '700s');
  assert.equal(row(h2, 'slow').restarts, '1 (0s ago)');
  advance(h2, '700s');
  cs = getJSON(h2, 'slow').status.containerStatuses[0];
  assert.equal(cs.restartCount, 2); // no back-off after a long run
  assert.equal(cs.state.running !== undefined, true);
});

test('restartPolicy OnFailure restarts failures only; Never leaves them; exit 0 with Always is Completed then CrashLoopBackOff', () => {
  const h = frozenHome();
  apply(h,
    pod('onfail', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 4'] }] }),
    pod('onok', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.36', command: ['true'] }] }),
    pod('always', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['true'] }] }));
  assert.deepEqual(row(h, 'onfail'), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '1 (0s ago)' });
  assert.equal(getJSON(h, 'onfail').status.phase, 'Running');
  assert.deepEqual(row(h, 'onok'), { ready: '0/1', status: 'Completed', restarts: '0' });
  assert.deepEqual(row(h, 'always'), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '1 (0s ago)' });
  assert.equal(getJSON(h, 'always').status.containerStatuses[0].lastState.terminated.reason, 'Completed');
});

// ---------------------------------------------------------------------------------------------------------
// Init containers and sidecars

test('init containers: Init:N/M, then the main containers; a failing one with Never fails the pod', () => {
  const h = frozenHome();
  apply(h, pod('two', {
    initContainers: [{ name: 'a', image: 'busybox:1.36', command: ['sleep', '10'] }, { name: 'b', image: 'busybox:1.36', command: ['sleep', '5'] }],
    containers: [{ name: 'c', image: 'nginx:1.27' }],
  }));
  assert.equal(row(h, 'two').status, 'Init:0/2');
  advance(h, '10s');
  assert.equal(row(h, 'two').status, 'Init:1/2');
  const st = getJSON(h, 'two').status;
  assert.equal(st.initContainerStatuses[0].ready, true);
  assert.equal(st.initContainerStatuses[0].state.terminated.reason, 'Completed');
  advance(h, '5s');
  assert.deepEqual(row(h, 'two'), { ready: '1/1', status: 'Running', restarts: '0' });
});

test('PodInitializing and ContainerCreating can be watched with kctl.realism', () => {
  const h = freshHome();
  const cfg = tmpFile('kind.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\nkctl:\n  realism: {sandbox: 1s, pull: 4s, start: 500ms}\n');
  ok(h, ['cluster', 'create', 'real', '--config', cfg]);
  ok(h, ['sim', 'freeze']);
  apply(h, pod('slow', { initContainers: [{ name: 'i', image: 'busybox:1.36', command: ['true'] }], containers: [{ name: 'c', image: 'nginx:1.27' }] }));
  assert.equal(row(h, 'slow').status, 'Init:0/1');
  assert.equal(getJSON(h, 'slow').status.conditions.find(c => c.type === 'PodReadyToStartContainers').status, 'False');
  advance(h, '1s'); // sandbox ready, pulling busybox
  assert.equal(row(h, 'slow').status, 'Init:0/1');
  advance(h, '4500ms'); // pulled, created, started, done; nginx is pulled next
  assert.equal(row(h, 'slow').status, 'PodInitializing');
  advance(h, '4500ms');
  assert.deepEqual(row(h, 'slow'), { ready: '1/1', status: 'Running', restarts: '0' });
  const pulled = events(h, 'slow').find(e => e.reason === 'Pulled' && e.message.includes('nginx'));
  assert.match(pulled.message, /^Successfully pulled image "nginx:1\.27" in 4s \(4s including waiting\)\. Image size: \d+ bytes\.$/);
  apply(h, pod('plain', { containers: [{ name: 'c', image: 'nginx:1.27' }] }));
  assert.equal(row(h, 'plain').status, 'ContainerCreating');
  advance(h, '1s'); // image present: no pull; created, started after 500ms
  assert.equal(row(h, 'plain').status, 'ContainerCreating');
  advance(h, '500ms');
  assert.equal(row(h, 'plain').status, 'Running');
});

test('sidecars start in order, keep running (restarted when they die), and stop after the main containers in reverse order', () => {
  const h = frozenHome();
  apply(h, pod('job', {
    restartPolicy: 'Never',
    initContainers: [
      { name: 'proxy', image: 'busybox:1.36', restartPolicy: 'Always', command: ['sh', '-c', 'trap "exit 0" TERM; while [ ! -e /tmp/crash ]; do sleep 1; done; exit 1'] },
      { name: 'logger', image: 'busybox:1.36', restartPolicy: 'Always', command: ['sh', '-c', 'trap "sleep 2; exit 0" TERM; while true; do sleep 1; done'], startupProbe: { exec: { command: ['true'] }, periodSeconds: 3 } },
      { name: 'migrate', image: 'busybox:1.36', command: ['sleep', '2'] },
    ],
    containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 10; exit 0'] }],
  }));
  // logger waits for its startup probe (3 s) before migrate may start
  assert.deepEqual(row(h, 'job'), { ready: '1/3', status: 'Init:1/3', restarts: '0' });
  advance(h, '3s');
  assert.equal(row(h, 'job').status, 'Init:2/3');
  advance(h, '2s');
  assert.deepEqual(row(h, 'job'), { ready: '3/3', status: 'Running', restarts: '0' });
  // a sidecar that dies is restarted, whatever the pod's restart policy
  const proxy = getJSON(h, 'job').status.initContainerStatuses[0];
  ok(h, ['exec', 'job', '-c', 'proxy', '--', 'touch', '/tmp/crash']);
  advance(h, '1s');
  const again = getJSON(h, 'job').status.initContainerStatuses[0];
  assert.equal(again.restartCount, 1);
  assert.notEqual(again.containerID, proxy.containerID);
  assert.match(row(h, 'job').restarts, /^1 \(\d+s ago\)$/);
  // main ends at 15 s: logger stops first (its TERM handler takes 2 s), then proxy
  advance(h, '9s');
  let st = getJSON(h, 'job').status;
  assert.equal(st.phase, 'Running');
  assert.ok(st.initContainerStatuses[0].state.running && st.initContainerStatuses[1].state.running);
  advance(h, '5s'); // logger: its sleep 1 ends, its trap sleeps 2 s; then proxy gets its TERM
  st = getJSON(h, 'job').status;
  assert.equal(st.phase, 'Succeeded');
  const fin = Object.fromEntries(st.initContainerStatuses.map(c => [c.name, c.state.terminated]));
  assert.equal(fin.logger.exitCode, 0);
  assert.equal(fin.proxy.exitCode, 0);
  assert.ok(Date.parse(fin.logger.finishedAt) <= Date.parse(fin.proxy.finishedAt));
  const killing = events(h, 'job').filter(e => e.reason === 'Killing').map(e => e.involvedObject.fieldPath).sort();
  assert.deepEqual(killing, ['spec.initContainers{logger}', 'spec.initContainers{proxy}']);
  assert.deepEqual([row(h, 'job').ready, row(h, 'job').status], ['0/3', 'Completed']);
});

// ---------------------------------------------------------------------------------------------------------
// Probes

test('readiness gates Ready and the endpoints; httpGet and tcpSocket against the pod\'s listeners', () => {
  const h = frozenHome();
  apply(h,
    pod('ok', { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 'http' } }, livenessProbe: { tcpSocket: { port: 80 } } }] }, { labels: { app: 'web' } }),
    pod('bad', { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { tcpSocket: { port: 81 }, periodSeconds: 5, failureThreshold: 1 } }] }, { labels: { app: 'web' } }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  assert.deepEqual(row(h, 'ok'), { ready: '1/1', status: 'Running', restarts: '0' });
  assert.deepEqual(row(h, 'bad'), { ready: '0/1', status: 'Running', restarts: '0' });
  const ready = getJSON(h, 'bad').status.conditions.find(c => c.type === 'Ready');
  assert.deepEqual([ready.status, ready.reason, ready.message], ['False', 'ContainersNotReady', 'containers with unready status: [web]']);
  const slice = JSON.parse(ok(h, ['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json'])).items[0];
  const byPod = Object.fromEntries(slice.endpoints.map(e => [e.targetRef.name, e.conditions.ready]));
  assert.deepEqual(byPod, { ok: true, bad: false });
  advance(h, '5s');
  const e = event(h, 'bad', 'Unhealthy');
  assert.match(e.message, /^Readiness probe failed: dial tcp 10\.244\.\d+\.\d+:81: connect: connection refused$/);
});

test('a failing readiness probe keeps its event count right over hours; a passing one is not run again while nothing changes', () => {
  const h = frozenHome();
  apply(h,
    pod('failing', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5 } }] }),
    pod('passing', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], readinessProbe: { exec: { command: ['cat', '/etc/hostname'] }, periodSeconds: 1 } }] }));
  advance(h, '1h');
  const e = event(h, 'failing', 'Unhealthy');
  assert.equal(e.message, "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory\n");
  // one failure every 5 s; the spam filter wrote the first 25 at once, then one every 5 minutes, each
  // with the count of every failure so far
  const span = Date.parse(e.lastTimestamp) - Date.parse(e.firstTimestamp);
  assert.equal(e.count, span / 5000 + 1);
  assert.ok(span > 55 * 60_000 && span <= 60 * 60_000, `last written ${span} ms after the first`);
  assert.equal(row(h, 'passing').ready, '1/1');
  // 3600 probe periods passed, but the container never changed: its probe ran once (pids tell)
  const pid = Number(ok(h, ['exec', 'passing', '--', 'sh', '-c', 'echo $$']).trim());
  assert.ok(pid < 10, `pid ${pid}`);
  // a change in the container is seen at the next period
  ok(h, ['exec', 'failing', '--', 'touch', '/tmp/ready']);
  assert.equal(row(h, 'failing').ready, '0/1');
  advance(h, '5s');
  assert.equal(row(h, 'failing').ready, '1/1');
  ok(h, ['exec', 'failing', '--', 'rm', '/tmp/ready']);
  advance(h, '5s'); assert.equal(row(h, 'failing').ready, '1/1');
  advance(h, '10s'); assert.equal(row(h, 'failing').ready, '0/1'); // failureThreshold 3
});

test('exec probe timeout, errors, successThreshold, and a liveness probe\'s terminationGracePeriodSeconds', () => {
  const h = frozenHome();
  apply(h,
    pod('slowprobe', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], readinessProbe: { exec: { command: ['sh', '-c', 'sleep 5'] }, timeoutSeconds: 2 } }] }),
    pod('noprobe', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], livenessProbe: { exec: { command: ['no-such-probe'] } } }] }),
    pod('twice', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], readinessProbe: { exec: { command: ['true'] }, successThreshold: 2, periodSeconds: 3 } }] }));
  assert.equal(event(h, 'slowprobe', 'Unhealthy').message, 'Readiness probe failed: command timed out: "sh -c sleep 5" timed out after 2s');
  assert.equal(row(h, 'twice').ready, '0/1'); // one success so far (at start)
  advance(h, '3s');
  assert.equal(row(h, 'twice').ready, '1/1');
  advance(h, '7s');
  const err = event(h, 'noprobe', 'Unhealthy');
  assert.match(err.message, /^Liveness probe errored and resulted in unknown state: rpc error: code = Unknown desc = failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "no-such-probe": executable file not found in \$PATH: unknown$/);
  assert.deepEqual(row(h, 'noprobe'), { ready: '1/1', status: 'Running', restarts: '0' }); // an errored probe does not count
  // the liveness kill gives 3 s, not the pod's 60: sleep ignores TERM and is killed 2 + 3 s after start
  const h2 = frozenHome();
  apply(h2, pod('quick', { terminationGracePeriodSeconds: 60, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], livenessProbe: { exec: { command: ['false'] }, periodSeconds: 2, failureThreshold: 1, terminationGracePeriodSeconds: 3 } }] }));
  advance(h2, '4s');
  assert.equal(row(h2, 'quick').restarts, '0');
  advance(h2, '1s');
  const quick = getJSON(h2, 'quick').status.containerStatuses[0];
  assert.equal(quick.restartCount, 1);
  const t = quick.lastState.terminated;
  assert.equal(t.exitCode, 137);
  assert.equal(Date.parse(t.finishedAt) - Date.parse(t.startedAt), 5_000);
});

test('startupProbe holds liveness and readiness back; a startup failure restarts the container', () => {
  const h = frozenHome();
  apply(h,
    pod('boot', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 12; touch /tmp/up; sleep infinity'],
      startupProbe: { exec: { command: ['cat', '/tmp/up'] }, periodSeconds: 5, failureThreshold: 10 },
      livenessProbe: { exec: { command: ['cat', '/tmp/up'] }, periodSeconds: 5 } }] }),
    pod('never', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'],
      startupProbe: { exec: { command: ['cat', '/tmp/up'] }, periodSeconds: 2, failureThreshold: 2 } }] }));
  let cs = getJSON(h, 'boot').status.containerStatuses[0];
  assert.deepEqual([cs.started, cs.ready], [false, false]);
  assert.equal(row(h, 'boot').ready, '0/1');
  advance(h, '15s');
  cs = getJSON(h, 'boot').status.containerStatuses[0];
  assert.deepEqual([cs.started, cs.ready], [true, true]);
  assert.equal(cs.restartCount, 0); // liveness never ran while the container was starting
  assert.equal(event(h, 'boot', 'Unhealthy').message, "Startup probe failed: cat: can't open '/tmp/up': No such file or directory\n");
  assert.equal(event(h, 'boot', 'Unhealthy').count, 2);
  advance(h, '30s');
  assert.equal(row(h, 'boot').restarts, '0');
  assert.equal(event(h, 'never', 'Killing').message, 'Container c failed startup probe, will be restarted');
});

test('gRPC probes: a port nobody serves times out the connection', () => {
  const h = frozenHome();
  apply(h, pod('g', { containers: [{ name: 'c', image: 'nginx:1.27', readinessProbe: { grpc: { port: 2379 }, periodSeconds: 5 } }] }));
  const spec = getJSON(h, 'g').spec.containers[0].readinessProbe.grpc;
  assert.deepEqual(spec, { port: 2379, service: '' });
  assert.match(event(h, 'g', 'Unhealthy').message, /^Readiness probe failed: timeout: failed to connect service "10\.244\.\d+\.\d+:2379" within 1s: context deadline exceeded$/);
  assert.match(ok(h, ['describe', 'pod', 'g']), /\n    Readiness:      grpc <pod>:2379  delay=0s timeout=1s period=5s #success=1 #failure=3\n/);
});

// These need servers whose answers depend on the path and on time (the simulated network's servers).
test('httpGet probes see the server\'s answer: agnhost liveness fails after 10 s and is restarted', () => {
  const h = frozenHome();
  apply(h, pod('liveness-http', { containers: [{ name: 'liveness', image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['liveness'],
    livenessProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'Custom-Header', value: 'Awesome' }] }, initialDelaySeconds: 3, periodSeconds: 3 } }] }));
  advance(h, '20s');
  assert.equal(event(h, 'liveness-http', 'Unhealthy').message, 'Liveness probe failed: HTTP probe failed with statuscode: 500');
  assert.equal(event(h, 'liveness-http', 'Killing').message, 'Container liveness failed liveness probe, will be restarted');
  // probes at 3, 6, 9 s (healthy), 12, 15, 18 s (500): the third failure restarts it at 18 s
  assert.equal(row(h, 'liveness-http').restarts, '1 (2s ago)');
});
test('an nginx readiness probe on a missing path fails with its status code', () => {
  const h = frozenHome();
  apply(h, pod('n', { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/missing', port: 80 } } }] }));
  assert.equal(event(h, 'n', 'Unhealthy').message, 'Readiness probe failed: HTTP probe failed with statuscode: 404');
});

// ---------------------------------------------------------------------------------------------------------
// Hooks

test('postStart: the container is not Running until its hook ends; a failing hook kills it', () => {
  const h = frozenHome();
  apply(h,
    pod('post', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 5; echo ready > /tmp/hook'] } } } }] }),
    pod('postfail', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo broken >&2; exit 3'] } } } }] }),
    pod('posthttp', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], lifecycle: { postStart: { httpGet: { path: '/started', port: 8080 } } } }] }));
  assert.deepEqual(row(h, 'post'), { ready: '0/1', status: 'ContainerCreating', restarts: '0' });
  advance(h, '4s');
  assert.equal(row(h, 'post').status, 'ContainerCreating');
  advance(h, '1s');
  assert.deepEqual(row(h, 'post'), { ready: '1/1', status: 'Running', restarts: '0' });
  assert.equal(ok(h, ['exec', 'post', '--', 'cat', '/tmp/hook']), 'ready\n');
  const started = getJSON(h, 'post').status.containerStatuses[0].state.running.startedAt;
  assert.equal(Date.parse(started), Date.parse(getJSON(h, 'post').status.startTime)); // the container started before its hook ran
  // the failing hook: FailedPostStartHook, then the container is killed (sleep ignores TERM: 30 s), and
  // started again (its hook fails again, and so on, with the back-off)
  assert.equal(event(h, 'postfail', 'FailedPostStartHook').message, 'PostStartHook failed');
  assert.equal(event(h, 'postfail', 'Killing').message, 'FailedPostStartHook');
  advance(h, '20s');
  assert.equal(row(h, 'postfail').status, 'ContainerCreating');
  advance(h, '5s');
  assert.deepEqual(row(h, 'postfail'), { ready: '0/1', status: 'PostStartHookError', restarts: '0' });
  const cs = getJSON(h, 'postfail').status.containerStatuses[0];
  assert.equal(cs.lastState.terminated.exitCode, 137);
  assert.match(cs.state.waiting.message, /^Exec lifecycle hook \(\[sh -c echo broken >&2; exit 3\]\) for Container "c" in Pod "postfail_default\([0-9a-f-]{36}\)" failed - error: command 'sh -c echo broken >&2; exit 3' exited with 3: broken\n, message: "broken\\n"$/);
  // an HTTP hook nobody answers fails the same way
  assert.equal(event(h, 'posthttp', 'FailedPostStartHook').message, 'PostStartHook failed');
});

test('preStop runs before the stop signal, within the grace period; a failing one is reported', () => {
  const h = frozenHome();
  apply(h,
    pod('drain', { terminationGracePeriodSeconds: 20, containers: [{ name: 'web', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 8'] } } } }] }),
    pod('overrun', { terminationGracePeriodSeconds: 10, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], lifecycle: { preStop: { exec: { command: ['sleep', '100'] } } } }] }),
    pod('badstop', { containers: [{ name: 'web', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'exit 1'] } } } }] }),
    pod('nap', { containers: [{ name: 'web', image: 'nginx:1.27', lifecycle: { preStop: { sleep: { seconds: 3 } } } }] }));
  ok(h, ['delete', 'pod', 'drain', 'overrun', 'badstop', 'nap', '--wait=false']);
  // badstop: the hook fails at once, nginx quits on SIGQUIT
  assert.ok(gone(h, 'badstop'));
  assert.equal(event(h, 'badstop', 'FailedPreStopHook').message, 'PreStopHook failed');
  advance(h, '2s'); assert.ok(!gone(h, 'nap'));
  advance(h, '1s'); assert.ok(gone(h, 'nap'));
  advance(h, '4s'); assert.ok(!gone(h, 'drain'));
  advance(h, '1s'); assert.ok(gone(h, 'drain'));
  // overrun: the hook uses the whole 10 s; then TERM, and KILL 2 s later
  advance(h, '2s'); assert.equal(row(h, 'overrun').status, 'Terminating');
  advance(h, '2s'); assert.ok(gone(h, 'overrun'));
});

test('events that differ only in their message are combined after ten, as client-go\'s aggregator does', () => {
  const h = frozenHome();
  // every exec gets its own id in containerd's error: each errored probe is a new message
  apply(h, pod('noprobe', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], livenessProbe: { exec: { command: ['no-such-probe'] } } }] }));
  advance(h, '130s');
  const ev = events(h, 'noprobe').filter(e => e.reason === 'Unhealthy');
  const combined = ev.filter(e => e.message.startsWith('(combined from similar events): Liveness probe errored and resulted in unknown state: '));
  assert.equal(combined.length, 1);
  assert.equal(combined[0].count, 4); // the 10th, 11th, 12th and 13th
  assert.equal(ev.length, 10); // nine on their own, then the combined one
});

// ---------------------------------------------------------------------------------------------------------
// Termination

test('deleting a pod with sidecars stops the main containers first, then the sidecars in reverse order', () => {
  const h = frozenHome();
  const sh = trap => ['sh', '-c', `trap '${trap}' TERM; while true; do sleep 1; done`];
  apply(h, pod('sd', { terminationGracePeriodSeconds: 20,
    initContainers: [
      { name: 'first', image: 'busybox:1.36', restartPolicy: 'Always', command: sh('exit 0') },
      { name: 'second', image: 'busybox:1.36', restartPolicy: 'Always', command: sh('sleep 3; exit 0') }],
    containers: [{ name: 'main', image: 'busybox:1.36', command: sh('sleep 4; exit 0') }] }));
  ok(h, ['delete', 'pod', 'sd', '--wait=false']);
  // every container hears it is being stopped at once (Killing), but the stop signal waits its turn:
  // main (its sleep ends at 1 s, its trap takes 4 s), then second (1 + 3 s), then first (1 s)
  assert.deepEqual(events(h, 'sd').filter(e => e.reason === 'Killing').map(e => e.involvedObject.fieldPath).sort(),
    ['spec.containers{main}', 'spec.initContainers{first}', 'spec.initContainers{second}']);
  advance(h, '9s');
  assert.equal(row(h, 'sd').status, 'Terminating');
  advance(h, '1s');
  assert.ok(gone(h, 'sd'));
});

test('termination: the stop signal, KILL at the deadline, --grace-period, --force', () => {
  const h = frozenHome();
  apply(h,
    pod('web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }),
    pod('sleepy', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] }),
    pod('trapper', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'trap "echo bye; exit 0" TERM; while true; do sleep 1; done'] }] }),
    pod('short', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] }),
    pod('zero', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] }),
    pod('forced', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] }));
  // nginx's stop signal is SIGQUIT: it exits at once
  ok(h, ['delete', 'pod', 'web']);
  assert.ok(gone(h, 'web'));
  assert.equal(event(h, 'web', 'Killing').message, 'Stopping container nginx');
  ok(h, ['delete', 'pod', 'sleepy', 'trapper', '--wait=false']);
  ok(h, ['delete', 'pod', 'short', '--grace-period=5', '--wait=false']);
  let r = kctl(h, ['delete', 'pod', 'zero', '--grace-period=0', '--wait=false']);
  assert.equal(r.stdout, 'pod "zero" deleted\n'); // 0 without --force means 1 s
  assert.equal(getJSON(h, 'zero').metadata.deletionGracePeriodSeconds, 1);
  r = kctl(h, ['delete', 'pod', 'forced', '--force']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'pod "forced" force deleted\n');
  assert.equal(r.stderr, 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  assert.ok(gone(h, 'forced'));
  assert.equal(event(h, 'forced', 'Killing').message, 'Stopping container c');
  r = kctl(h, ['delete', 'pod', 'sleepy', '--force', '--grace-period=3']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: --force and --grace-period greater than 0 cannot be specified together\n');
  // a shell with a TERM trap exits when its sleep ends
  advance(h, '1s');
  assert.ok(gone(h, 'trapper'));
  advance(h, '1s'); // the kubelet gives at least 2 s
  assert.ok(gone(h, 'zero'));
  advance(h, '3s');
  assert.ok(gone(h, 'short'));
  assert.equal(row(h, 'sleepy').status, 'Terminating');
  const d = ok(h, ['describe', 'pod', 'sleepy']);
  assert.match(d, /\nStatus:                    Terminating \(lasts <invalid>\)\nTermination Grace Period:  30s\n/);
  advance(h, '24s');
  assert.equal(row(h, 'sleepy').status, 'Terminating');
  advance(h, '1s');
  assert.ok(gone(h, 'sleepy'));
});

test('deleting a pod in a Job-like flow: the final status is written before the pod goes', () => {
  const h = frozenHome();
  apply(h, pod('w', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] }));
  const w = JSON.parse(ok(h, ['get', 'pod', 'w', '-o', 'json']));
  ok(h, ['delete', 'pod', 'w', '--grace-period=1', '--wait=false']);
  advance(h, '2s');
  assert.ok(gone(h, 'w'));
  // the events of the pod's uid are kept (an hour)
  const ev = JSON.parse(ok(h, ['get', 'events', '-o', 'json'])).items.filter(e => e.involvedObject.uid === w.metadata.uid).map(e => e.reason);
  assert.ok(ev.includes('Killing'));
});

// ---------------------------------------------------------------------------------------------------------
// Config errors and image changes

test('CreateContainerConfigError names what is missing and recovers when it appears', () => {
  const h = frozenHome();
  apply(h,
    pod('nokey', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo $A; sleep infinity'], env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a' } } }] }] }),
    pod('nosecret', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }] }),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { b: '2' } });
  assert.equal(row(h, 'nokey').status, 'CreateContainerConfigError');
  assert.equal(getJSON(h, 'nokey').status.containerStatuses[0].state.waiting.message, "couldn't find key a in ConfigMap default/cfg");
  assert.equal(event(h, 'nosecret', 'Failed').message, 'Error: secret "db" not found');
  advance(h, '25s');
  assert.equal(event(h, 'nokey', 'Failed', "Error: couldn't find key a in ConfigMap default/cfg").count, 3); // retried every 10 s
  apply(h, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'one', b: '2' } });
  assert.deepEqual(row(h, 'nokey'), { ready: '1/1', status: 'Running', restarts: '0' });
  assert.equal(ok(h, ['logs', 'nokey']), 'one\n');
});

test('a new image restarts the container with the kubelet\'s events', () => {
  const h = frozenHome();
  apply(h, pod('img', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
  ok(h, ['set', 'image', 'pod/img', 'web=nginx:1.28']);
  const e = event(h, 'img', 'Killing');
  assert.equal(e.message, 'Container web definition changed, will be restarted');
  const cs = getJSON(h, 'img').status.containerStatuses[0];
  assert.equal(cs.restartCount, 1);
  assert.equal(cs.image, 'docker.io/library/nginx:1.28');
  assert.equal(cs.lastState.terminated.exitCode, 0); // nginx quits on SIGQUIT
});
