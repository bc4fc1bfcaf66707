// Issue 3 acceptance review: rollout status in simulated time (minReadySeconds, a progress deadline reached
// while `rollout status` watches), describe/get of ReplicationControllers, OldReplicaSets during a rollout,
// cascading deletion of ReplicaSets and namespace deletion through Terminating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, kctlSpawn, freshHome, tmpFile } from './helpers.mjs';

const ok = (home, args, opts) => {
  const r = kctl(home, args, opts);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
const lines = s => s.replace(/\n$/, '').split('\n');
const getJSON = (home, ...what) => JSON.parse(ok(home, ['get', ...what, '-o', 'json']).stdout);
const W = n => `Waiting for deployment "web" rollout to finish: ${n}`;

test('rollout status --watch=false at each step of a minReadySeconds rollout (frozen clock)', () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  ok(home, 'create deployment web --image=nginx:1.25 --replicas=3');
  ok(home, ['patch', 'deploy', 'web', '-p', '{"spec":{"minReadySeconds":10}}']);
  ok(home, 'set image deploy/web nginx=nginx:1.26');
  const seen = [];
  for (let i = 0; i < 7; i++) {
    const r = ok(home, 'rollout status deploy/web --watch=false');
    assert.equal(lines(r.stdout).length, 1);
    seen.push(r.stdout.trim());
    const d = lines(ok(home, 'describe deploy web').stdout);
    const old = d.find(l => l.startsWith('OldReplicaSets:'));
    if (i < 6) assert.match(old, /^OldReplicaSets: {2}web-\w+ \([1-3]\/[1-3] replicas created\)$/);
    else assert.match(old, /^OldReplicaSets: {2}web-\w+ \(0\/0 replicas created\)$/); // (kubectl 1.33 lists old ones scaled to 0 too)
    ok(home, 'sim advance 5s');
  }
  assert.deepEqual(seen, [
    W('1 out of 3 new replicas have been updated...'), W('1 out of 3 new replicas have been updated...'),
    W('2 out of 3 new replicas have been updated...'), W('2 out of 3 new replicas have been updated...'),
    W('1 old replicas are pending termination...'), W('1 old replicas are pending termination...'),
    'deployment "web" successfully rolled out',
  ]);
});

test('a watching rollout status exits 1 when sim advance passes progressDeadlineSeconds', async () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  ok(home, 'create deployment web --image=nginx --replicas=3');
  ok(home, ['patch', 'deploy', 'web', '-p', '{"spec":{"progressDeadlineSeconds":60}}']);
  ok(home, 'set image deploy/web nginx=nginx:no-such-tag');
  const child = kctlSpawn(home, ['rollout', 'status', 'deploy/web']);
  let out = '', err = '';
  child.stdout.on('data', d => { out += d; });
  child.stderr.on('data', d => { err += d; });
  const done = new Promise(res => child.on('exit', code => res(code)));
  // wait for its first line, then move the clock to just before the deadline: it keeps waiting
  while (!out.includes('\n')) await new Promise(r => setTimeout(r, 50));
  ok(home, 'sim advance 59s');
  const progressing = getJSON(home, 'deploy', 'web').status.conditions.find(c => c.type === 'Progressing');
  assert.deepEqual([progressing.status, progressing.reason], ['True', 'ReplicaSetUpdated']);
  assert.equal(child.exitCode, null);
  ok(home, 'sim advance 2s');
  const code = await done;
  assert.equal(code, 1);
  assert.equal(err, 'error: deployment "web" exceeded its progress deadline\n');
  assert.ok(lines(out).every(l => l === W('1 out of 3 new replicas have been updated...')));
  const d = getJSON(home, 'deploy', 'web');
  const p = d.status.conditions.find(c => c.type === 'Progressing');
  assert.deepEqual([p.status, p.reason, p.message], ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${lines(ok(home, 'describe deploy web').stdout).find(l => l.startsWith('NewReplicaSet:')).split(/ +/)[1]}" has timed out progressing.`]);
  // the old pods keep serving
  assert.equal(d.status.availableReplicas, 3);
  // --timeout on a stalled rollout that has already exceeded: the deadline error wins
  const r = kctl(home, 'rollout status deploy/web --timeout=1s');
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'error: deployment "web" exceeded its progress deadline\n', 1]);
});

const RC = {
  apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'nginx' },
  spec: { replicas: 3, selector: { app: 'nginx' }, template: { metadata: { name: 'nginx', labels: { app: 'nginx' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
};

test('ReplicationController: get (normal, wide) and describe in kubectl layout', () => {
  const home = freshHome();
  assert.equal(ok(home, ['apply', '-f', tmpFile('rc.json', JSON.stringify(RC))]).stdout, 'replicationcontroller/nginx created\n');
  let r = ok(home, 'get rc');
  assert.equal(lines(r.stdout)[0], 'NAME    DESIRED   CURRENT   READY   AGE');
  assert.match(lines(r.stdout)[1], /^nginx {3}3 {9}3 {9}3 {7}\d+s$/);
  r = ok(home, 'get rc -o wide');
  assert.equal(lines(r.stdout)[0], 'NAME    DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES   SELECTOR');
  assert.match(lines(r.stdout)[1], /^nginx {3}3 {9}3 {9}3 {7}\d+s {4}nginx {8}nginx {4}app=nginx$/);
  r = ok(home, 'describe rc nginx');
  const d = lines(r.stdout);
  assert.deepEqual(d.slice(0, d.indexOf('Events:')), [
    'Name:         nginx',
    'Namespace:    default',
    'Selector:     app=nginx',
    'Labels:       app=nginx',
    'Annotations:  <none>',
    'Replicas:     3 current / 3 desired',
    'Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed',
    'Pod Template:',
    '  Labels:  app=nginx',
    '  Containers:',
    '   nginx:',
    '    Image:         nginx',
    '    Port:          80/TCP',
    '    Host Port:     0/TCP',
    '    Environment:   <none>',
    '    Mounts:        <none>',
    '  Volumes:         <none>',
    '  Node-Selectors:  <none>',
    '  Tolerations:     <none>',
  ]);
  const ev = d.slice(d.indexOf('Events:') + 1);
  assert.match(ev[0], /^ {2}Type {4}Reason {12}Age {3}From {20}Message$/);
  assert.equal(ev.length, 5);
  assert.ok(ev.slice(2).every(l => /^ {2}Normal {2}SuccessfulCreate {2}\d+s +replication-controller {2}Created pod: nginx-\w{5}$/.test(l)));
  // scale down: SuccessfulDelete, Pods Status follows
  assert.equal(ok(home, 'scale rc nginx --replicas=1').stdout, 'replicationcontroller/nginx scaled\n');
  r = ok(home, 'describe replicationcontroller nginx');
  assert.match(r.stdout, /\nReplicas: {5}1 current \/ 1 desired\nPods Status: {2}1 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed\n/);
  assert.equal((r.stdout.match(/SuccessfulDelete {2}\d+s +replication-controller {2}Deleted pod: nginx-\w{5}\n/g) ?? []).length, 2);
});

test('cascading deletion of a ReplicaSet: foreground waits on the finalizer, orphan keeps the pods', () => {
  const rs = name => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] } } } });
  const home = freshHome();
  ok(home, 'sim freeze');
  ok(home, ['apply', '-f', tmpFile('rs.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [rs('fg'), rs('orph')] }))]);
  assert.equal(ok(home, 'delete rs fg --cascade=foreground --wait=false').stdout, 'replicaset.apps "fg" deleted\n');
  const owner = getJSON(home, 'rs', 'fg');
  assert.deepEqual(owner.metadata.finalizers, ['foregroundDeletion']);
  assert.ok(owner.metadata.deletionTimestamp);
  let fgPods = getJSON(home, 'pods', '-l', 'app=fg').items;
  assert.equal(fgPods.length, 2);
  assert.ok(fgPods.every(p => p.metadata.deletionTimestamp));
  assert.match(ok(home, 'get pods -l app=fg').stdout, /Terminating/);
  ok(home, 'sim advance 31s');
  assert.equal(getJSON(home, 'pods', '-l', 'app=fg').items.length, 0);
  const r = kctl(home, 'get rs fg');
  assert.deepEqual([r.code, r.stderr], [1, 'Error from server (NotFound): replicasets.apps "fg" not found\n']);

  ok(home, 'delete rs orph --cascade=orphan');
  const kept = getJSON(home, 'pods', '-l', 'app=orph').items;
  assert.equal(kept.length, 2);
  assert.ok(kept.every(p => !p.metadata.ownerReferences && !p.metadata.deletionTimestamp));
  const bad = kctl(home, 'delete rs x --cascade=sideways');
  assert.deepEqual([bad.code, bad.stderr], [1, 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n']);
});

test('deleting a namespace deletes everything in it through Terminating', () => {
  const home = freshHome();
  ok(home, 'create ns t1');
  ok(home, 'create deployment web -n t1 --image=nginx --replicas=2');
  ok(home, 'create cm held -n t1');
  ok(home, ['patch', 'cm', 'held', '-n', 't1', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
  assert.equal(ok(home, 'delete ns t1 --wait=false').stdout, 'namespace "t1" deleted\n');
  assert.match(lines(ok(home, 'get ns t1').stdout)[1], /^t1 {5}Terminating {3}\d+s$/);
  assert.equal(getJSON(home, 'ns', 't1').status.phase, 'Terminating');
  // the workloads are gone; the held object waits for its finalizer
  for (const kind of ['deploy', 'rs', 'pods']) assert.equal(getJSON(home, kind, '-n', 't1').items.length, 0, kind);
  assert.equal(getJSON(home, 'cm', '-n', 't1').items.map(c => c.metadata.name).join(), 'held');
  const cr = kctl(home, 'create cm new -n t1');
  assert.equal(cr.code, 1);
  // kubectl's create configmap wraps the server's Forbidden error
  assert.equal(cr.stderr, 'error: failed to create configmap: configmaps "new" is forbidden: unable to create new content in namespace t1 because it is being terminated\n');
  ok(home, ['patch', 'cm', 'held', '-n', 't1', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
  const r = kctl(home, 'get ns t1');
  assert.deepEqual([r.code, r.stderr], [1, 'Error from server (NotFound): namespaces "t1" not found\n']);
});
