// Deployment controller: ReplicaSets named by the pod-template hash, rolling updates within their bounds,
// Recreate, pause, rollback reuse, stalled rollouts, history pruning, proportional scaling, cascading deletion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

// Every write goes to the change log (the rollout tests replay it), not only those of watched resources.
const ok = (home, args, opts) => {
  const r = kctl(home, args, { ...opts, env: { KCTL_CHANGE_LOG: 'all', ...opts?.env } });
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
const applyObj = (home, obj) => ok(home, ['apply', '-f', tmpFile('o.json', JSON.stringify(obj))]);
const getJSON = (home, ...what) => JSON.parse(ok(home, ['get', ...what, '-o', 'json']).stdout);
const pods = home => getJSON(home, 'pods').items;
const rsets = home => getJSON(home, 'rs').items;
const events = (home, name) => getJSON(home, 'events').items.filter(e => e.involvedObject.name === name)
  .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
const patch = (home, kind, name, body) => ok(home, ['patch', kind, name, '-p', JSON.stringify(body)]);
const setImage = (home, name, image, container = 'c') => patch(home, 'deploy', name, { spec: { template: { spec: { containers: [{ name: container, image }] } } } });
const cond = (d, type) => d.status.conditions.find(c => c.type === type);
const REV = 'deployment.kubernetes.io/revision';

const deploy = (name, replicas, extra = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, ...(extra.meta ?? {}) },
  spec: {
    replicas, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: extra.image ?? 'nginx:1.25', ...(extra.container ?? {}) }] } },
    ...(extra.spec ?? {}),
  },
});

/** The cluster database's change log, replayed: pods after every single write since `fromRv`. */
function dbOf(home) {
  const dir = path.join(home, 'clusters');
  const f = fs.readdirSync(dir).find(n => n.endsWith('.db'));
  return new Database(path.join(dir, f), { readonly: true });
}
const lastRv = home => { const db = dbOf(home); try { return db.prepare('SELECT max(rv) AS rv FROM changes').get().rv; } finally { db.close(); } };
function replayPods(home, fromRv, initial, check) {
  const db = dbOf(home);
  try {
    const state = new Map(initial.map(p => [p.metadata.name, p]));
    const rows = db.prepare(`SELECT rv, type, name, json FROM changes WHERE rv > ? AND gr = 'pods' ORDER BY rv`).all(fromRv);
    assert.ok(rows.length > 0);
    for (const r of rows) {
      if (r.type === 'DELETED') state.delete(r.name); else state.set(r.name, JSON.parse(r.json));
      check([...state.values()], r);
    }
    return rows.length;
  } finally { db.close(); }
}
const live = ps => ps.filter(p => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase));
const ready = p => (p.status?.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True');

test('create deployment: one ReplicaSet named by the pod-template hash, revision annotations, conditions, events', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx:1.25 --replicas=3');
  const d = getJSON(home, 'deploy', 'web');
  const [set] = rsets(home);
  const hash = set.metadata.labels['pod-template-hash'];
  assert.match(hash, /^[456789bcdf]{6,10}$/);
  assert.equal(set.metadata.name, `web-${hash}`);
  assert.deepEqual(set.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
  assert.deepEqual(set.spec.template.metadata.labels, { app: 'web', 'pod-template-hash': hash });
  assert.deepEqual(set.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(set.metadata.annotations, { 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4', [REV]: '1' });
  assert.equal(d.metadata.annotations[REV], '1');
  for (const p of pods(home)) {
    assert.equal(p.metadata.labels['pod-template-hash'], hash);
    assert.match(p.metadata.name, new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
  }
  assert.deepEqual({ ...d.status, conditions: undefined }, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: undefined });
  assert.deepEqual([cond(d, 'Available').status, cond(d, 'Available').reason, cond(d, 'Available').message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
  assert.deepEqual([cond(d, 'Progressing').status, cond(d, 'Progressing').reason, cond(d, 'Progressing').message], ['True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`]);
  assert.deepEqual(events(home, 'web').map(e => [e.reason, e.message, e.source.component]), [['ScalingReplicaSet', `Scaled up replica set web-${hash} from 0 to 3`, 'deployment-controller']]);
  assert.match(ok(home, 'get deploy').stdout, /^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nweb +3\/3 +3 +3 +\d+s\n$/);

  // the same template always hashes the same, in any namespace and cluster
  ok(home, 'create namespace other');
  ok(home, 'create deployment web --image=nginx:1.25 --replicas=1 -n other');
  assert.equal(getJSON(home, 'rs', '-n', 'other').items[0].metadata.name, `web-${hash}`);
  const home2 = freshHome();
  ok(home2, 'create deployment web --image=nginx:1.25 --replicas=2');
  assert.equal(rsets(home2)[0].metadata.name, `web-${hash}`);
});

test('rolling update: never more than replicas+maxSurge pods, never fewer than replicas-maxUnavailable ready', () => {
  for (const [surge, unavail, replicas, maxPods, minReady] of [[3, 2, 10, 13, 8], ['25%', '25%', 10, 13, 8], [1, 0, 4, 5, 4], [0, 1, 3, 3, 2]]) {
    const home = freshHome();
    applyObj(home, deploy('web', replicas, { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavail } } } }));
    const before = pods(home);
    const from = lastRv(home);
    setImage(home, 'web', 'nginx:1.26');
    let sawSurge = 0;
    const n = replayPods(home, from, before, (ps, r) => {
      const l = live(ps);
      sawSurge = Math.max(sawSurge, l.length);
      assert.ok(l.length <= maxPods, `rv ${r.rv}: ${l.length} pods > ${maxPods} (${surge}/${unavail})`);
      assert.ok(l.filter(ready).length >= minReady, `rv ${r.rv}: ${l.filter(ready).length} ready < ${minReady} (${surge}/${unavail})`);
    });
    assert.ok(n > replicas * 2);
    assert.equal(sawSurge, maxPods, `the rollout used its surge (${surge}/${unavail})`);
    // done within the invocation that changed the template
    const d = getJSON(home, 'deploy', 'web');
    assert.equal(d.status.updatedReplicas, replicas);
    assert.equal(d.status.replicas, replicas);
    assert.equal(cond(d, 'Progressing').reason, 'NewReplicaSetAvailable');
    assert.ok(pods(home).every(p => p.spec.containers[0].image === 'nginx:1.26'));
    const sets = rsets(home);
    assert.equal(sets.length, 2);
    const newRS = sets.find(s => s.metadata.annotations[REV] === '2');
    assert.equal(newRS.metadata.annotations['deployment.kubernetes.io/max-replicas'], String(maxPods));
    assert.equal(sets.find(s => s.metadata.annotations[REV] === '1').spec.replicas, 0);
  }
});

test('rolling update with minReadySeconds proceeds step by step in simulated time', () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  applyObj(home, deploy('web', 3, { spec: { minReadySeconds: 5, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } }));
  ok(home, 'sim advance 6s');
  assert.equal(getJSON(home, 'deploy', 'web').status.availableReplicas, 3);
  setImage(home, 'web', 'nginx:1.26');
  const step = () => {
    const d = getJSON(home, 'deploy', 'web');
    return [d.status.updatedReplicas ?? 0, live(pods(home)).length];
  };
  assert.deepEqual(step(), [1, 4]);
  ok(home, 'sim advance 6s');
  assert.deepEqual(step(), [2, 4]);
  ok(home, 'sim advance 6s');
  assert.deepEqual(step(), [3, 4]);
  ok(home, 'sim advance 6s');
  assert.deepEqual(step(), [3, 3]);
  const d = getJSON(home, 'deploy', 'web');
  assert.equal(cond(d, 'Progressing').reason, 'NewReplicaSetAvailable');
  const msgs = events(home, 'web').map(e => e.message);
  assert.equal(msgs.length, 7);
  assert.match(msgs[1], /^Scaled up replica set web-\w+ from 0 to 1$/);
  assert.match(msgs[6], /^Scaled down replica set web-\w+ from 1 to 0$/);
});

test('rollback: the old template reuses its ReplicaSet, which becomes the newest revision', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx:1.25 --replicas=3');
  const first = rsets(home)[0].metadata.name;
  ok(home, ['annotate', 'deploy', 'web', 'kubernetes.io/change-cause=to 1.26']);
  setImage(home, 'web', 'nginx:1.26', 'nginx');
  const second = rsets(home).find(s => s.metadata.name !== first);
  assert.equal(second.metadata.annotations['kubernetes.io/change-cause'], 'to 1.26');
  assert.equal(second.metadata.annotations[REV], '2');
  ok(home, ['annotate', 'deploy', 'web', 'kubernetes.io/change-cause=back', '--overwrite']);
  setImage(home, 'web', 'nginx:1.25', 'nginx');
  const sets = rsets(home);
  assert.equal(sets.length, 2);
  const back = sets.find(s => s.metadata.name === first);
  assert.equal(back.metadata.annotations[REV], '3');
  assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(back.metadata.annotations['kubernetes.io/change-cause'], 'back');
  assert.equal(back.spec.replicas, 3);
  assert.equal(getJSON(home, 'deploy', 'web').metadata.annotations[REV], '3');
  assert.ok(pods(home).every(p => p.metadata.name.startsWith(`${first}-`)));
  // and once more: history 1,3 → 5
  setImage(home, 'web', 'nginx:1.26', 'nginx');
  setImage(home, 'web', 'nginx:1.25', 'nginx');
  assert.equal(rsets(home).find(s => s.metadata.name === first).metadata.annotations['deployment.kubernetes.io/revision-history'], '1,3');
});

test('a rollout onto a missing image stalls, old pods keep serving, the deadline passes, and a fix recovers', () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  applyObj(home, deploy('web', 3));
  const old = rsets(home)[0].metadata.name;
  setImage(home, 'web', 'nginx:0.0.0-missing');
  let ps = pods(home);
  const newOnes = ps.filter(p => !p.metadata.name.startsWith(`${old}-`));
  assert.equal(newOnes.length, 1);
  assert.equal(newOnes[0].status.containerStatuses[0].state.waiting.reason, 'ErrImagePull');
  assert.equal(ps.filter(p => p.metadata.name.startsWith(`${old}-`) && ready(p)).length, 3);
  let d = getJSON(home, 'deploy', 'web');
  assert.equal(cond(d, 'Available').status, 'True');
  assert.equal(cond(d, 'Progressing').status, 'True');
  assert.deepEqual([d.status.replicas, d.status.updatedReplicas, d.status.availableReplicas, d.status.unavailableReplicas], [4, 1, 3, 1]);
  ok(home, 'sim advance 1m');
  assert.equal(pods(home).find(p => p.metadata.name === newOnes[0].metadata.name).status.containerStatuses[0].state.waiting.reason, 'ImagePullBackOff');
  ok(home, 'sim advance 9m');
  d = getJSON(home, 'deploy', 'web');
  assert.equal(cond(d, 'Progressing').status, 'True');
  ok(home, 'sim advance 2s');
  d = getJSON(home, 'deploy', 'web');
  const stuck = rsets(home).find(s => s.metadata.name !== old).metadata.name;
  assert.deepEqual([cond(d, 'Progressing').status, cond(d, 'Progressing').reason, cond(d, 'Progressing').message],
    ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${stuck}" has timed out progressing.`]);
  // fixing the image: a third ReplicaSet completes, the stuck one is scaled away
  setImage(home, 'web', 'nginx:1.26');
  d = getJSON(home, 'deploy', 'web');
  assert.equal(cond(d, 'Progressing').reason, 'NewReplicaSetAvailable');
  assert.equal(d.status.updatedReplicas, 3);
  ps = pods(home);
  assert.equal(ps.length, 3);
  assert.ok(ps.every(p => p.spec.containers[0].image === 'nginx:1.26' && ready(p)));
  assert.equal(rsets(home).find(s => s.metadata.name === stuck).spec.replicas, 0);
});

test('Recreate: every old pod is gone before the new ReplicaSet appears', () => {
  const home = freshHome();
  applyObj(home, deploy('rec', 3, { spec: { strategy: { type: 'Recreate' } } }));
  const before = pods(home);
  const from = lastRv(home);
  setImage(home, 'rec', 'nginx:1.26');
  let newSeen = false;
  replayPods(home, from, before, ps => {
    const l = live(ps);
    const imgs = new Set(l.map(p => p.spec.containers[0].image));
    assert.ok(imgs.size <= 1, 'old and new pods never run together');
    if (imgs.has('nginx:1.26')) newSeen = true;
  });
  assert.ok(newSeen);
  const msgs = events(home, 'rec').map(e => e.message);
  assert.match(msgs[1], /^Scaled down replica set rec-\w+ from 3 to 0$/);
  assert.match(msgs[2], /^Scaled up replica set rec-\w+ from 0 to 3$/);
});

test('paused: template changes wait for resume; scaling still applies', () => {
  const home = freshHome();
  applyObj(home, deploy('web', 2));
  patch(home, 'deploy', 'web', { spec: { paused: true } });
  setImage(home, 'web', 'nginx:1.26');
  let d = getJSON(home, 'deploy', 'web');
  assert.deepEqual([cond(d, 'Progressing').status, cond(d, 'Progressing').reason, cond(d, 'Progressing').message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  assert.equal(rsets(home).length, 1);
  patch(home, 'deploy', 'web', { spec: { replicas: 4 } });
  assert.equal(pods(home).length, 4);
  assert.ok(pods(home).every(p => p.spec.containers[0].image === 'nginx:1.25'));
  patch(home, 'deploy', 'web', { spec: { paused: false } });
  d = getJSON(home, 'deploy', 'web');
  assert.equal(rsets(home).length, 2);
  assert.ok(pods(home).every(p => p.spec.containers[0].image === 'nginx:1.26'));
  assert.equal(cond(d, 'Progressing').reason, 'NewReplicaSetAvailable');
});

test('revisionHistoryLimit prunes the oldest scaled-down ReplicaSets', () => {
  const home = freshHome();
  applyObj(home, deploy('web', 1, { spec: { revisionHistoryLimit: 1 } }));
  for (const tag of ['1.26', '1.27', '1.28']) setImage(home, 'web', `nginx:${tag}`);
  const sets = rsets(home);
  assert.deepEqual(sets.map(s => s.metadata.annotations[REV]).sort(), ['3', '4']);
});

test('scaling a deployment mid-rollout scales its ReplicaSets proportionally', () => {
  const home = freshHome();
  applyObj(home, deploy('web', 3));
  const old = rsets(home)[0].metadata.name;
  setImage(home, 'web', 'nginx:0.0.0-missing');
  patch(home, 'deploy', 'web', { spec: { replicas: 6 } });
  const sets = rsets(home);
  const byName = Object.fromEntries(sets.map(s => [s.metadata.name, s]));
  const stuck = sets.find(s => s.metadata.name !== old).metadata.name;
  // proportionally 3→6 and 1→2 (8 = 6 + 25% surge); then the rollout goes on with 6's bounds:
  // one old pod may now be unavailable, so old 6→5 and new 2→3
  assert.equal(byName[old].spec.replicas, 5);
  assert.equal(byName[stuck].spec.replicas, 3);
  for (const s of sets) {
    assert.equal(s.metadata.annotations['deployment.kubernetes.io/desired-replicas'], '6');
    assert.equal(s.metadata.annotations['deployment.kubernetes.io/max-replicas'], '8');
  }
  const msgs = events(home, 'web').map(e => e.message);
  assert.ok(msgs.includes(`Scaled up replica set ${old} from 3 to 6`));
  assert.deepEqual(msgs.slice(2), [`Scaled up replica set ${old} from 3 to 6`, `Scaled up replica set ${stuck} from 1 to 2`,
    `Scaled down replica set ${old} from 6 to 5`, `Scaled up replica set ${stuck} from 2 to 3`]);
});

test('seed 004 nginx-deployment: three pods, describe shows the new ReplicaSet', () => {
  const home = freshHome();
  ok(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'nginx-deployment.yaml')]);
  const out = ok(home, 'describe deploy nginx-deployment').stdout;
  const rsName = rsets(home)[0].metadata.name;
  assert.match(out, /Replicas: +3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable/);
  assert.match(out, new RegExp(`NewReplicaSet: +${rsName} \\(3/3 replicas created\\)`));
  assert.match(out, new RegExp(`Normal +ScalingReplicaSet +\\d+s +deployment-controller +Scaled up replica set ${rsName} from 0 to 3`));
});

test('cascading deletion: background, foreground (foregroundDeletion finalizer) and orphan', () => {
  // background: everything goes
  let home = freshHome();
  applyObj(home, deploy('web', 2));
  ok(home, 'delete deploy web');
  assert.equal(rsets(home).length, 0);
  assert.equal(pods(home).length, 0);

  // foreground: the owner waits, with the finalizer, until its dependents are gone
  home = freshHome();
  ok(home, 'sim freeze');
  applyObj(home, deploy('sl', 2, { image: 'busybox:1.36', container: { command: ['sleep', 'infinity'] } }));
  ok(home, 'delete deploy sl --cascade=foreground --wait=false');
  const d = getJSON(home, 'deploy', 'sl');
  assert.deepEqual(d.metadata.finalizers, ['foregroundDeletion']);
  assert.ok(d.metadata.deletionTimestamp);
  const [set] = rsets(home);
  assert.deepEqual(set.metadata.finalizers, ['foregroundDeletion']);
  assert.ok(set.metadata.deletionTimestamp);
  assert.equal(pods(home).length, 2);
  assert.ok(pods(home).every(p => p.metadata.deletionTimestamp));
  ok(home, 'sim advance 31s');
  assert.equal(kctl(home, 'get deploy sl').code, 1);
  assert.equal(rsets(home).length, 0);
  assert.equal(pods(home).length, 0);

  // orphan: the ReplicaSet and pods stay; the ReplicaSet loses its owner reference
  home = freshHome();
  applyObj(home, deploy('web', 2));
  ok(home, 'delete deploy web --cascade=orphan');
  const sets = rsets(home);
  assert.equal(sets.length, 1);
  assert.equal(sets[0].metadata.ownerReferences, undefined);
  const ps = pods(home);
  assert.equal(ps.length, 2);
  assert.ok(ps.every(p => p.metadata.ownerReferences[0].uid === sets[0].metadata.uid));
  // a new deployment with the same selector and template adopts it instead of making another
  applyObj(home, deploy('web', 2));
  const again = rsets(home);
  assert.equal(again.length, 1);
  assert.equal(again[0].metadata.ownerReferences[0].kind, 'Deployment');
  assert.equal(pods(home).length, 2);
});
