// The store and the runtime's bookkeeping (issue 12): a read with nothing due writes nothing; the watch
// change log holds only what a live process watches; watch events reach the controllers that declared
// interest, and every controller that declared none (and the cluster's controllers declare theirs); stored objects are never
// changed by their readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, kctl, kctlSpawn, freshHome, until, bundleForTest } from './helpers.mjs';

const ok = (home, args) => {
  const r = kctl(home, args);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
const dbFile = home => path.join(home, 'clusters', 'kctl.db');

test('a read with nothing due writes nothing: the database file is left as it was', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx:1.25.3 --replicas=3');
  ok(home, 'sim freeze');
  const before = fs.readFileSync(dbFile(home));
  for (const args of ['get pods', 'get pods -A -o yaml', 'get deploy web -o json', 'describe pod', 'get events', 'sim now'])
    ok(home, args);
  assert.ok(!fs.existsSync(`${dbFile(home)}-wal`) || fs.statSync(`${dbFile(home)}-wal`).size === 0);
  assert.deepEqual(fs.readFileSync(dbFile(home)), before);
  // something due is written
  ok(home, ['run', 'sleeper', '--image=busybox', '--restart=Never', '--', 'sleep', '10']);
  const mid = fs.readFileSync(dbFile(home));
  ok(home, 'sim advance 11s');
  assert.notDeepEqual(fs.readFileSync(dbFile(home)), mid);
  assert.equal(ok(home, ['get', 'pod', 'sleeper', '-o', 'jsonpath={.status.phase}']).stdout, 'Succeeded');
});

test('the change log holds the writes of what a live process watches, and nothing else', async () => {
  const home = freshHome();
  ok(home, 'get ns');
  const changes = gr => {
    const db = new Database(dbFile(home), { readonly: true });
    try { return db.prepare('SELECT name FROM changes WHERE gr = ? ORDER BY rv').all(gr).map(r => r.name); } finally { db.close(); }
  };
  ok(home, 'create configmap before --from-literal=a=1');
  assert.deepEqual(changes('configmaps'), []);
  const w = kctlSpawn(home, ['get', 'configmaps', '-w', '--no-headers']);
  let out = '';
  w.stdout.on('data', d => { out += d; });
  await until(() => out, o => o.includes('kube-root-ca.crt'));
  ok(home, 'create configmap during --from-literal=a=1');
  await until(() => out, o => o.includes('during'));
  assert.deepEqual(changes('configmaps'), ['during']);
  assert.deepEqual(changes('secrets'), []);
  w.kill();
  await new Promise(res => w.on('exit', res));
  ok(home, 'create configmap after --from-literal=a=1');
  assert.deepEqual(changes('configmaps'), ['during']);
});

const lib = await bundleForTest("export { Store, jsonEqual } from './src/api/store.ts'; export { Runtime } from './src/sim/runtime.ts'; export { buildCluster } from './src/cluster/clusters.ts'; export { allControllers } from './src/controllers/index.ts'; export { allResources } from './src/api/discovery.ts';", 'store');

/** The default cluster built in memory (its clock frozen at `frozen` when given), in a new transaction. */
function clusterInMemory(frozen) {
  const store = new lib.Store(':memory:', { create: true, memory: true });
  store.begin();
  if (frozen !== undefined) store.setMeta('clock_frozen', String(frozen));
  lib.buildCluster(store, 'kctl', undefined);
  store.commit();
  store.begin();
  return { store, rt: new lib.Runtime(store) };
}

test("the cluster's controllers declare the kinds they watch, and only kinds the API serves", () => {
  const ctrls = lib.allControllers();
  const served = new Set(lib.allResources().map(r => `${r.group}/${r.kind}`));
  const key = k => (k.includes('/') ? k : `/${k}`);
  // these look at changes of any kind: owners of anything, deletions in a namespace, any counted kind's usage,
  // custom resources' deletions
  const EVERY = new Set(['garbage-collector', 'namespace', 'resourcequota', 'crd']);
  for (const c of ctrls) {
    if (EVERY.has(c.name)) continue;
    assert.ok(Array.isArray(c.kinds) && c.kinds.length > 0, `controller ${c.name} declares no kinds: every change of every kind is offered to it`);
    for (const k of c.kinds) assert.ok(served.has(key(k)), `controller ${c.name} declares ${k}, which the API does not serve`);
  }
  const kinds = name => {
    const c = ctrls.find(x => x.name === name);
    assert.ok(c, `no controller ${name}`);
    return [...c.kinds].sort();
  };
  assert.deepEqual(kinds('node-lifecycle'), ['Node']);
  assert.deepEqual(kinds('taint-eviction'), ['Node', 'Pod']);
  assert.deepEqual(kinds('pod-garbage-collector'), ['Node']);
  for (const n of ['scheduler', 'kubelet']) for (const k of ['Node', 'Pod']) assert.ok(kinds(n).includes(k), `${n} watches ${k}`);
  // VolumeBinding's queueing hints: a pod waiting on storage is retried when claims, volumes or classes appear
  for (const k of ['PersistentVolumeClaim', 'PersistentVolume', 'storage.k8s.io/StorageClass']) assert.ok(kinds('scheduler').includes(k), `scheduler watches ${k}`);
});

test('watch events go to the controllers that declared the kind, and to every controller that declared none', () => {
  const { store, rt } = clusterInMemory(Date.UTC(2026, 0, 1));
  const seen = { pods: [], apps: [], all: [] };
  rt.useControllers([
    { name: 'pods-only', kinds: ['Pod'], onEvent: ev => seen.pods.push(`${ev.ri.group}/${ev.ri.kind}`), reconcile() {} },
    { name: 'apps-only', kinds: ['apps/Deployment', 'apps/ReplicaSet'], onEvent: ev => seen.apps.push(`${ev.ri.group}/${ev.ri.kind}`), reconcile() {} },
    { name: 'undeclared', onEvent: ev => seen.all.push(`${ev.ri.group}/${ev.ri.kind}`), reconcile() {} },
  ]);
  rt.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } });
  rt.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  rt.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
  rt.settle();
  assert.deepEqual(seen.pods, ['/Pod']);
  assert.deepEqual(seen.apps, ['apps/Deployment']);
  assert.deepEqual(seen.all, ['/ConfigMap', '/Pod', 'apps/Deployment']);
  store.rollback();
  store.close();
});

test('stored objects stay as written: reads are copies, watchers get the stored version read-only', () => {
  const { store, rt } = clusterInMemory();
  const ri = rt.api.resourceFor({ apiVersion: 'v1', kind: 'ConfigMap' });
  const made = rt.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } });
  made.data.a = 'changed by the caller';
  const got = rt.api.get(ri, 'default', 'c');
  assert.equal(got.data.a, '1');
  got.data.a = 'changed again';
  assert.equal(rt.api.get(ri, 'default', 'c').data.a, '1');
  assert.equal(rt.api.list(ri, 'default').find(o => o.metadata.name === 'c').data.a, '1');
  const v = rt.api.view(ri, 'default', 'c');
  assert.equal(v.data.a, '1');
  // an update through mutate changes the stored object; the earlier view is the old version, unchanged
  rt.api.mutate(ri, 'default', 'c', o => { o.data.a = '2'; });
  assert.equal(rt.api.get(ri, 'default', 'c').data.a, '2');
  assert.equal(v.data.a, '1');
  store.rollback();
  store.close();
});

test('the stored form reads back as written: shared values, managed fields, events about dotted names', () => {
  const file = path.join(freshHome(), 'roundtrip.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let store = new lib.Store(file, { create: true });
  const ref = uid => [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid, controller: true, blockOwnerDeletion: true }];
  const tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
  const mf = t => [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: t, fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} }, 'f:ownerReferences': { '.': {}, 'k:{"uid":"u"}': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } }];
  const objs = [];
  for (let i = 0; i < 4; i++) {
    objs.push(['pods', 'default', `p${i}`, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default', uid: `uid-${i}`, resourceVersion: String(10 + i), creationTimestamp: '2024-01-01T00:00:00Z',
        ownerReferences: ref(i < 3 ? 'rs-1' : 'rs-2'), managedFields: mf(i % 2 ? '2024-01-01T00:00:00Z' : '2024-01-01T00:00:05Z') },
      spec: { containers: [{ name: 'c', image: 'nginx' }], tolerations },
      status: { containerStatuses: [{ name: 'c', imageID: 'docker.io/library/nginx@sha256:0123456789abcdef0123456789abcdef', ready: true }] },
    }]);
  }
  for (const [name, io] of [['a.b.c.17aa', 'a.b.c'], ['x.17ab', 'x'], ['y.z', 'other'], ['dot.', 'dot']]) {
    objs.push(['events', 'default', name, {
      apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default', uid: `e-${name}`, resourceVersion: '30', creationTimestamp: '2024-01-01T00:00:00Z' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: io, uid: 'uid-0' }, reason: 'R', message: 'm', source: { component: 'c' },
      firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:00:00Z', count: 1, type: 'Normal', reportingComponent: 'c', reportingInstance: '',
    }]);
  }
  store.begin();
  for (const [gr, ns, name, o] of objs) store.putObject(gr, ns, name, Number(o.metadata.resourceVersion), o, 'ADDED');
  store.commit();
  store.close();
  store = new lib.Store(file, { create: false });
  store.begin();
  for (const [gr, ns, name, o] of objs) assert.equal(JSON.stringify(store.peek(gr, ns, name)), JSON.stringify(o), `${gr}/${name}`);
  store.rollback();
  store.close();
  const db = new Database(file, { readonly: true });
  assert.ok(db.prepare(`SELECT count(*) n FROM interned`).get().n > 0, 'shared values are interned');
  db.close();
});

test('events that share a template read back as written, and only events equal outside their slots share one', () => {
  const file = path.join(freshHome(), 'templates.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let store = new lib.Store(file, { create: true });
  const ev = (i, extra = {}) => ({
    apiVersion: 'v1', kind: 'Event', metadata: { name: `p${i}.18${i}`, namespace: 'default', uid: `e-${i}`, resourceVersion: String(100 + i), creationTimestamp: `2024-01-01T00:00:0${i % 10}Z` },
    involvedObject: { kind: 'Pod', namespace: 'default', name: `p${i}`, uid: `uid-${i}`, apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{c}' },
    reason: 'Started', message: `Started container c ${i}`, source: { component: 'kubelet', host: `n${i % 3}` },
    firstTimestamp: `2024-01-01T00:00:0${i % 10}Z`, lastTimestamp: `2024-01-01T00:00:0${i % 10}Z`, count: 1, type: 'Normal', eventTime: null,
    reportingComponent: 'kubelet', reportingInstance: `n${i % 3}`, ...extra,
  });
  // the same reason, type, component, kind and field path (one template key), differing elsewhere: another
  // apiVersion of the object, a field more, the same fields in another order, a number for a string
  const variants = [{}, { involvedObject: { kind: 'Pod', namespace: 'default', name: 'q', uid: 'u', apiVersion: 'v2', fieldPath: 'spec.containers{c}' } },
    { related: { kind: 'Node', name: 'n0' } }, { action: 'Start' }, { note: 1 }, { note: '1' }];
  const objs = [];
  for (let i = 0; i < 24; i++) {
    const o = ev(i, variants[i % variants.length]);
    if (i % 5 === 4) { const { type, ...rest } = o; objs.push({ ...rest, type }); } else objs.push(o);
  }
  // written in two transactions by one store: the second meets templates the first interned
  for (const part of [objs.slice(0, 12), objs.slice(12)]) {
    store.begin();
    for (const o of part) store.putObject('events', 'default', o.metadata.name, Number(o.metadata.resourceVersion), o, 'ADDED');
    store.commit();
  }
  store.close();
  store = new lib.Store(file, { create: false });
  store.begin();
  for (const o of objs) assert.equal(JSON.stringify(store.peek('events', 'default', o.metadata.name)), JSON.stringify(o), o.metadata.name);
  store.rollback();
  store.close();
  const db = new Database(file, { readonly: true });
  assert.ok(db.prepare(`SELECT count(*) n FROM objects WHERE gr='events' AND json LIKE '{"\\u0003":%'`).get().n > 0, 'events are written as templates');
  db.close();
  // jsonEqual: alike exactly when JSON.stringify writes them alike (anything it cannot tell is not alike)
  const same = [[{ a: 1, b: [1, 'x', null, true] }, { a: 1, b: [1, 'x', null, true] }], [{}, {}], [[], []], ['s', 's'], [null, null], [{ a: 0 }, { a: -0 }]];
  for (const [a, b] of same) assert.equal(lib.jsonEqual(a, b), true, JSON.stringify([a, b]));
  const differ = [[{ a: 1, b: 2 }, { b: 2, a: 1 }], [{ a: 1 }, { a: '1' }], [{ a: [1] }, { a: { 0: 1 } }], [{ a: undefined }, { a: undefined }],
    [{ a: NaN }, { a: NaN }], [new Date(0), new Date(0)], [{ a: 1 }, { a: 1, b: 2 }], [[1, 2], [1]]];
  for (const [a, b] of differ) assert.equal(lib.jsonEqual(a, b), false, String([a, b]));
});

test('eachPaths picks out of stored rows what decoding the whole objects gives: interned values, array parts, objects not written yet', () => {
  const { store, rt } = clusterInMemory(Date.UTC(2026, 0, 1));
  rt.useControllers(lib.allControllers());
  rt.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' },
    spec: { replicas: 3, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: {
      initContainers: [{ name: 'i', image: 'busybox', command: ['true'], resources: { requests: { cpu: '50m' } } }],
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' } }, ports: [{ containerPort: 80, hostPort: 8080 }] }, { name: 's', image: 'busybox', command: ['sleep', '1d'] }] } } } });
  rt.settle();
  store.commit();
  const paths = ['$.spec.nodeName', '$.status.phase', '$.metadata.ownerReferences', '$.spec.tolerations', '$.spec.containers[*].resources.requests',
    '$.spec.containers[*].ports', '$.spec.initContainers[*].resources.requests', '$.spec.ephemeralContainers[*].name', '$.spec.affinity'];
  const at = (o, p) => p.replace(/^\$\./, '').split('.').reduce((v, k) => v?.[k], o);
  const expected = pod => paths.map(p => {
    const i = p.indexOf('[*]');
    if (i < 0) return at(pod, p);
    const arr = at(pod, p.slice(0, i));
    return Array.isArray(arr) ? arr.map(e => at(e, p.slice(i + 4)) ?? null) : undefined;
  });
  const check = () => {
    const got = new Map();
    rt.api.eachPaths(lib.allResources().find(r => r.kind === 'Pod' && r.group === ''), undefined, paths, (v, ns, name) => got.set(`${ns}/${name}`, v));
    const pods = rt.api.list(lib.allResources().find(r => r.kind === 'Pod' && r.group === ''), undefined);
    assert.equal(got.size, pods.length);
    for (const p of pods) assert.deepEqual(got.get(`${p.metadata.namespace}/${p.metadata.name}`), expected(p), p.metadata.name);
    return pods;
  };
  store.begin();
  const pods = check();
  const mine = pods.filter(p => p.metadata.labels?.a === 'b');
  assert.equal(mine.length, 3);
  assert.deepEqual(expected(mine[0]).slice(4, 7), [[{ cpu: '100m', memory: '64Mi' }, null], [[{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }], null], [{ cpu: '50m' }]]);
  // a change this transaction has not written yet is read from memory
  rt.api.mutate(lib.allResources().find(r => r.kind === 'Pod' && r.group === ''), 'default', mine[0].metadata.name, o => { o.spec.tolerations = [...(o.spec.tolerations ?? []), { key: 'k', operator: 'Exists' }]; });
  check();
  store.rollback();
  store.close();
});
