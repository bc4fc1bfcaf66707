// ReplicaSet and ReplicationController controllers: adoption, release, scale-down order, status, events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const ok = (home, args, opts) => {
  const r = kctl(home, args, opts);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
const applyObj = (home, obj) => ok(home, ['apply', '-f', tmpFile('o.json', JSON.stringify(obj))]);
const getJSON = (home, ...what) => JSON.parse(ok(home, ['get', ...what, '-o', 'json']).stdout);
const pods = home => getJSON(home, 'pods').items;
const events = (home, name) => getJSON(home, 'events').items.filter(e => e.involvedObject.name === name);
const setReplicas = (home, kind, name, n) => ok(home, ['patch', kind, name, '-p', JSON.stringify({ spec: { replicas: n } })]);

const rs = (name, replicas, extra = {}) => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
  spec: {
    replicas, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...(extra.podSpec ?? {}) } },
    ...(extra.spec ?? {}),
  },
});
const pod = (name, labels, spec = {}, annotations) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25', ...(spec.container ?? {}) }], ...(spec.pod ?? {}) },
});

test('seed 000 §6.3.3: a ReplicaSet adopts the matching pod and creates only the difference', () => {
  const home = freshHome();
  ok(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'nginx-pod-without-rs.yml')]);
  ok(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'replicaset-nginx.yml')]);
  const ps = pods(home);
  assert.equal(ps.length, 4);
  const set = getJSON(home, 'rs', 'replicaset-nginx');
  for (const p of ps) {
    assert.deepEqual(p.metadata.ownerReferences, [{
      apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'replicaset-nginx', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true,
    }]);
    assert.equal(p.status.phase, 'Running');
    if (p.metadata.name !== 'my-nginx-pod') {
      assert.match(p.metadata.name, /^replicaset-nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(p.metadata.generateName, 'replicaset-nginx-');
      assert.deepEqual(p.metadata.labels, { app: 'my-nginx-pods-label' });
    }
  }
  assert.ok(ps.some(p => p.metadata.name === 'my-nginx-pod'));
  // 3 created, each with its event
  const evs = events(home, 'replicaset-nginx');
  const created = evs.filter(e => e.reason === 'SuccessfulCreate');
  assert.equal(created.length, 3);
  for (const e of created) {
    assert.equal(e.type, 'Normal');
    assert.equal(e.source.component, 'replicaset-controller');
    assert.match(e.message, /^Created pod: replicaset-nginx-[a-z0-9]{5}$/);
  }
  assert.deepEqual(set.status, { availableReplicas: 4, fullyLabeledReplicas: 4, observedGeneration: 1, readyReplicas: 4, replicas: 4 });
  assert.match(ok(home, 'get rs').stdout, /^NAME +DESIRED +CURRENT +READY +AGE\nreplicaset-nginx +4 +4 +4 +\d+s\n$/);

  // case 1: deleting a pod brings a replacement
  ok(home, 'delete pod my-nginx-pod');
  const after = pods(home);
  assert.equal(after.length, 4);
  assert.ok(!after.some(p => p.metadata.name === 'my-nginx-pod'));
  assert.equal(events(home, 'replicaset-nginx').filter(e => e.reason === 'SuccessfulCreate').length, 4);
});

test('release: a pod whose labels stop matching is let go, replaced, and survives its former ReplicaSet', () => {
  const home = freshHome();
  ok(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'replicaset-nginx.yml')]);
  const victim = pods(home)[0].metadata.name;
  ok(home, ['label', 'pod', victim, 'app-']);
  const p = getJSON(home, 'pod', victim);
  assert.equal(p.metadata.ownerReferences, undefined);
  const ps = pods(home);
  assert.equal(ps.length, 5);
  assert.equal(ps.filter(x => x.metadata.ownerReferences?.[0]?.name === 'replicaset-nginx').length, 4);
  assert.equal(getJSON(home, 'rs', 'replicaset-nginx').status.replicas, 4);
  // relabeling it back makes it match again: adopted, and one pod too many is deleted
  ok(home, ['label', 'pod', victim, 'app=my-nginx-pods-label']);
  assert.equal(pods(home).length, 4);
  assert.equal(events(home, 'replicaset-nginx').filter(e => e.reason === 'SuccessfulDelete').length, 1);
  // release again, then delete the ReplicaSet: only the released pod stays
  const again = pods(home).find(x => x.metadata.name !== victim).metadata.name;
  ok(home, ['label', 'pod', again, 'app=elsewhere', '--overwrite']);
  ok(home, 'delete rs replicaset-nginx');
  assert.deepEqual(pods(home).map(x => x.metadata.name), [again]);
});

test('matchExpressions: a pod with any listed value is adopted', () => {
  const home = freshHome();
  applyObj(home, pod('yours', { app: 'your-nginx-pods-label' }));
  applyObj(home, pod('other', { app: 'unrelated' }));
  ok(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'replicaset-nginx-expressions.yml')]);
  const ps = pods(home);
  assert.equal(ps.length, 5);
  assert.equal(ps.find(p => p.metadata.name === 'yours').metadata.ownerReferences[0].name, 'replicaset-nginx');
  assert.equal(ps.find(p => p.metadata.name === 'other').metadata.ownerReferences, undefined);
  const st = getJSON(home, 'rs', 'replicaset-nginx').status;
  // the adopted pod lacks the template's label value: not fully labeled
  assert.equal(st.replicas, 4);
  assert.equal(st.fullyLabeledReplicas, 3);
});

test('scale-down order: unscheduled, then pending, then not ready go first', () => {
  const home = freshHome();
  applyObj(home, rs('web', 3));
  // an orphan that matches is adopted while still unscheduled, and is the one deleted
  applyObj(home, pod('unscheduled', { app: 'web' }));
  assert.equal(pods(home).length, 3);
  assert.ok(!pods(home).some(p => p.metadata.name === 'unscheduled'));
  assert.ok(events(home, 'web').some(e => e.reason === 'SuccessfulDelete' && e.message === 'Deleted pod: unscheduled'));

  // a scheduled Pending pod (its image does not exist), older than the others, goes before Running ones
  applyObj(home, pod('pending', { app: 'no' }, { container: { image: 'nginx:0.0.0-does-not-exist' } }));
  assert.equal(getJSON(home, 'pod', 'pending').status.phase, 'Pending');
  ok(home, ['label', 'pod', 'pending', 'app=web', '--overwrite']);
  assert.ok(!pods(home).some(p => p.metadata.name === 'pending'));
  assert.ok(events(home, 'web').some(e => e.message === 'Deleted pod: pending'));

  // a Running pod that is not ready goes before ready ones
  applyObj(home, pod('notready', { app: 'no' }, { container: { readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 600 } } }));
  const nr = getJSON(home, 'pod', 'notready');
  assert.equal(nr.status.phase, 'Running');
  assert.equal(nr.status.conditions.find(c => c.type === 'Ready').status, 'False');
  ok(home, ['label', 'pod', 'notready', 'app=web', '--overwrite']);
  assert.ok(!pods(home).some(p => p.metadata.name === 'notready'));
  assert.equal(pods(home).length, 3);
});

test('scale-down order: pod-deletion-cost, then more replicas on the same node, then newer first', () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  applyObj(home, rs('web', 3));
  let ps = pods(home);
  // the lowest deletion cost goes first, whatever else
  ok(home, ['annotate', 'pod', ps[0].metadata.name, 'controller.kubernetes.io/pod-deletion-cost=100']);
  ok(home, ['annotate', 'pod', ps[1].metadata.name, 'controller.kubernetes.io/pod-deletion-cost=50']);
  setReplicas(home, 'rs', 'web', 2);
  assert.deepEqual(pods(home).map(p => p.metadata.name).sort(), [ps[0].metadata.name, ps[1].metadata.name].sort());
  setReplicas(home, 'rs', 'web', 1);
  assert.deepEqual(pods(home).map(p => p.metadata.name), [ps[0].metadata.name]);
  ok(home, ['annotate', 'pod', ps[0].metadata.name, 'controller.kubernetes.io/pod-deletion-cost-']);

  // newer first: the pod made two minutes later is the one removed
  ok(home, 'sim advance 2m');
  setReplicas(home, 'rs', 'web', 2);
  const young = pods(home).find(p => p.metadata.name !== ps[0].metadata.name).metadata.name;
  ok(home, 'sim advance 5s');
  setReplicas(home, 'rs', 'web', 1);
  assert.deepEqual(pods(home).map(p => p.metadata.name), [ps[0].metadata.name]);
  assert.ok(events(home, 'web').some(e => e.message === `Deleted pod: ${young}`));

  // doubled up: with 3 pods on 2 workers, the victim is on the node with the most of them
  setReplicas(home, 'rs', 'web', 3);
  ps = pods(home);
  const perNode = {};
  for (const p of ps) perNode[p.spec.nodeName] = (perNode[p.spec.nodeName] ?? 0) + 1;
  const crowded = Object.entries(perNode).sort((a, b) => b[1] - a[1])[0][0];
  setReplicas(home, 'rs', 'web', 2);
  const gone = ps.filter(p => !pods(home).some(q => q.metadata.name === p.metadata.name));
  assert.equal(gone.length, 1);
  assert.equal(gone[0].spec.nodeName, crowded);
});

test('minReadySeconds: availableReplicas follows simulated time', () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  applyObj(home, rs('slow', 2, { spec: { minReadySeconds: 10 } }));
  let st = getJSON(home, 'rs', 'slow').status;
  assert.equal(st.readyReplicas, 2);
  assert.equal(st.availableReplicas, undefined);
  // (Ready's lastTransitionTime has whole seconds, as kube's has)
  ok(home, 'sim advance 9s');
  assert.equal(getJSON(home, 'rs', 'slow').status.availableReplicas, undefined);
  ok(home, 'sim advance 2s');
  st = getJSON(home, 'rs', 'slow').status;
  assert.equal(st.availableReplicas, 2);
});

test('a pod that cannot be created: ReplicaFailure condition and FailedCreate, then recovery', () => {
  const home = freshHome();
  applyObj(home, rs('bad', 2, { podSpec: { priorityClassName: 'nope' } }));
  const st = getJSON(home, 'rs', 'bad').status;
  assert.equal(st.replicas, 0);
  const c = st.conditions.find(x => x.type === 'ReplicaFailure');
  assert.equal(c.status, 'True');
  assert.equal(c.reason, 'FailedCreate');
  assert.equal(c.message, 'pods "bad-" is forbidden: no PriorityClass with name nope was found');
  const ev = events(home, 'bad').find(e => e.reason === 'FailedCreate');
  assert.equal(ev.type, 'Warning');
  assert.equal(ev.message, 'Error creating: pods "bad-" is forbidden: no PriorityClass with name nope was found');
  ok(home, 'create priorityclass nope --value=10');
  ok(home, 'sim advance 15s');
  const st2 = getJSON(home, 'rs', 'bad').status;
  assert.equal(st2.replicas, 2);
  assert.equal(st2.conditions, undefined);
});

test('ReplicationController: map selector, its own owner kind and event source', () => {
  const home = freshHome();
  applyObj(home, {
    apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc1' },
    spec: { replicas: 2, template: { metadata: { labels: { app: 'rc1' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
  });
  const rc = getJSON(home, 'rc', 'rc1');
  const ps = pods(home);
  assert.equal(ps.length, 2);
  for (const p of ps) {
    assert.match(p.metadata.name, /^rc1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc1', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  }
  assert.deepEqual(rc.status, { availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2 });
  const evs = events(home, 'rc1').filter(e => e.reason === 'SuccessfulCreate');
  assert.equal(evs.length, 2);
  assert.ok(evs.every(e => e.source.component === 'replication-controller'));
  setReplicas(home, 'rc', 'rc1', 1);
  assert.equal(pods(home).length, 1);
  assert.ok(events(home, 'rc1').some(e => e.reason === 'SuccessfulDelete' && /^Deleted pod: rc1-/.test(e.message)));
  ok(home, 'delete rc rc1');
  assert.equal(pods(home).length, 0);
});
