// State that survives upgrades: a database made by an earlier kctl (fixtures/db/) is migrated and reads back
// identically, its timers still fire; a newer format is refused naming both versions; cluster backup/restore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { kctl, freshHome, FIXTURES } from './helpers.mjs';
import { READS } from '../scripts/db-fixture-reads.mjs';

/** The database format this kctl writes (src/api/store.ts FORMAT). */
const FORMAT = 5;
const V1 = path.join(FIXTURES, 'db', 'v1');
const ok = (home, args) => {
  const r = kctl(home, args);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
/** A KCTL_HOME holding a copy of the format-1 fixture. */
function v1Home() {
  const home = freshHome();
  fs.cpSync(path.join(V1, 'home'), home, { recursive: true });
  return home;
}
const dbFile = home => path.join(home, 'clusters', 'kctl.db');
function dbMeta(file) {
  const db = new Database(file, { readonly: true });
  try {
    return { version: db.pragma('user_version', { simple: true }), meta: Object.fromEntries(db.prepare('SELECT key, value FROM meta').all().map(r => [r.key, r.value])) };
  } finally { db.close(); }
}

test('a format-1 database (made by kctl d16395e) is migrated in place and reads back identically', () => {
  const home = v1Home();
  for (const [file, args] of Object.entries(READS)) {
    const want = fs.readFileSync(path.join(V1, 'expected', file), 'utf8');
    assert.equal(ok(home, args).stdout, want, `${args.join(' ')} after migration`);
  }
  const { version, meta } = dbMeta(dbFile(home));
  assert.equal(version, FORMAT);
  assert.equal(meta.schema, String(FORMAT));
  assert.equal(meta.migrated_from, '1');
  assert.ok(!Object.keys(meta).some(k => k.startsWith('ev-index/')), 'the event index moved into the events');
  // the database as it was is kept beside it
  const bak = dbMeta(`${dbFile(home)}.format-1.bak`);
  assert.equal(bak.version, 0);
  assert.equal(bak.meta.schema, '1');
  // and the cluster list does not show it
  assert.equal(ok(home, 'cluster list').stdout, 'kctl\n');
  // a cluster made before kctl had RBAC gets the default policy: its admin may do everything, as before
  ok(home, 'get clusterrolebinding kubeadm:cluster-admins');
  assert.equal(ok(home, 'auth can-i create deployments -n dev').stdout, 'yes\n');
  assert.equal(dbMeta(dbFile(home)).meta['upgrade/rbac'], undefined);
});

test('after migration the pending timers still fire and repeated events still aggregate', () => {
  const home = v1Home();
  const events = () => JSON.parse(ok(home, 'get events -o json').stdout).items;
  const before = events();
  const pulling = before.find(e => e.involvedObject.name === 'broken' && e.reason === 'Pulling');
  assert.equal(pulling.count, 1);
  ok(home, 'sim advance 11m');
  const pods = Object.fromEntries(JSON.parse(ok(home, 'get pods -o json').stdout).items.map(p => [p.metadata.name, p]));
  // sleep 600 exited at +10m
  assert.equal(pods.sleeper.status.phase, 'Succeeded');
  assert.equal(pods.sleeper.status.containerStatuses[0].state.terminated.reason, 'Completed');
  // sleep 30; exit 1: restarted, now backing off
  assert.ok(pods.crasher.status.containerStatuses[0].restartCount >= 3, JSON.stringify(pods.crasher.status.containerStatuses[0]));
  // the missing image: retried with back-off
  assert.equal(pods.broken.status.containerStatuses[0].state.waiting.reason, 'ImagePullBackOff');
  const after = events();
  const pulls = after.filter(e => e.involvedObject.name === 'broken' && e.reason === 'Pulling');
  assert.equal(pulls.length, 1, 'the retried pull is the same event, counted');
  assert.equal(pulls[0].metadata.name, pulling.metadata.name);
  assert.ok(pulls[0].count > 1);
  const backoffs = after.filter(e => e.involvedObject.name === 'crasher' && e.reason === 'BackOff');
  assert.equal(backoffs.length, 1);
  assert.ok(backoffs[0].count >= 2);
  // the deployment's pods never moved
  const web = JSON.parse(ok(home, 'get pods -n dev -o json').stdout).items;
  assert.equal(web.length, 3);
  assert.ok(web.every(p => p.status.phase === 'Running'));
});

test('a database of a newer format is refused, naming both formats, and left alone', () => {
  const home = freshHome();
  ok(home, 'get ns');
  const file = dbFile(home);
  const db = new Database(file);
  db.pragma('user_version = 9');
  db.prepare(`UPDATE meta SET value='9.9.9' WHERE key='written_by'`).run();
  db.close();
  const bytes = fs.readFileSync(file);
  const r = kctl(home, 'get pods');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: the cluster database .*kctl\.db has format 9 \(written by kctl 9\.9\.9\), newer than this kctl \S+ reads \(format 5 and older\): upgrade kctl/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.deepEqual(fs.readFileSync(file), bytes);
});

test('cluster backup and restore: a copy made while in use, restored over the cluster or as a new one', () => {
  const home = freshHome();
  ok(home, 'create namespace shop');
  ok(home, '-n shop create deployment web --image=nginx:1.25.3 --replicas=2');
  ok(home, '-n shop create configmap cfg --from-literal=a=1');
  ok(home, 'sim freeze');
  const snapshot = () => ['pods', 'deployments', 'configmaps', 'events'].map(k => ok(home, ['-n', 'shop', 'get', k, '-o', 'json']).stdout);
  const before = snapshot();
  const file = path.join(home, 'backup.db');
  const b = ok(home, ['cluster', 'backup', 'kctl', file]);
  assert.equal(b.stdout, '');
  assert.equal(b.stderr, `Backed up cluster "kctl" to ${file}\n`);
  assert.ok(fs.statSync(file).size > 0);
  // change the cluster, then go back
  ok(home, 'delete namespace shop');
  ok(home, 'sim advance 1m');
  assert.equal(kctl(home, 'get ns shop').code, 1);
  const r = ok(home, ['cluster', 'restore', 'kctl', file]);
  assert.equal(r.stderr, `Restored cluster "kctl" from ${file}\n`);
  assert.deepEqual(snapshot(), before);
  // the same backup as a second cluster: its own context, made current
  ok(home, ['cluster', 'restore', 'copy', file]);
  assert.match(ok(home, 'config current-context').stdout, /^kctl-copy$/m);
  assert.equal(ok(home, '-n shop get deploy web -o name').stdout, 'deployment.apps/web\n');
  assert.equal(ok(home, 'cluster list').stdout, 'copy\nkctl\n');
  // both clusters go on independently
  ok(home, '-n shop scale deploy web --replicas=1');
  assert.equal(ok(home, ['--context', 'kctl-kctl', '-n', 'shop', 'get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']).stdout, '2');
});

test('cluster backup and restore refuse bad input with kubectl-style errors and change nothing', () => {
  const home = freshHome();
  ok(home, 'get ns');
  const file = path.join(home, 'b.db');
  const err = (args, re) => {
    const r = kctl(home, args);
    assert.equal(r.code, 1, `${args}: ${r.stdout}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };
  err(['cluster', 'backup'], /^error: accepts 2 arg\(s\), received 0\n/);
  err(['cluster', 'backup', 'kctl'], /^error: accepts 2 arg\(s\), received 1\n/);
  err(['cluster', 'restore', 'kctl', file, 'x'], /^error: accepts 2 arg\(s\), received 3\n/);
  err(['cluster', 'backup', 'nope', file], /^error: cluster "nope" not found\n$/);
  err(['cluster', 'backup', 'kctl', path.join(home, 'no', 'such', 'dir', 'b.db')], /^error: open .*b\.db: no such file or directory\n$/);
  fs.writeFileSync(file, 'precious');
  err(['cluster', 'backup', 'kctl', file], /^error: open .*b\.db: file exists\n$/);
  assert.equal(fs.readFileSync(file, 'utf8'), 'precious');
  err(['cluster', 'restore', 'kctl', path.join(home, 'missing.db')], /^error: open .*missing\.db: no such file or directory\n$/);
  err(['cluster', 'restore', 'kctl', file], /^error: .*b\.db is not a kctl cluster database/);
  err(['cluster', 'restore', 'kctl', home], /^error: read .*: is a directory\n$/);
  const foreign = path.join(home, 'foreign.db');
  const f = new Database(foreign);
  f.exec('CREATE TABLE users(id INTEGER PRIMARY KEY)');
  f.close();
  err(['cluster', 'restore', 'kctl', foreign], /^error: .*foreign\.db is not a kctl cluster database\n$/);
  const good = path.join(home, 'good.db');
  ok(home, ['cluster', 'backup', 'kctl', good]);
  err(['cluster', 'restore', 'Bad_Name', good], /^error: 'Bad_Name' is not a valid cluster name/);
  const newer = path.join(home, 'newer.db');
  fs.copyFileSync(good, newer);
  const n = new Database(newer);
  n.pragma('user_version = 7');
  n.close();
  err(['cluster', 'restore', 'kctl', newer], /^error: .*newer\.db has database format 7 \(written by kctl \S+\), newer than this kctl \S+ reads \(format 5 and older\): upgrade kctl\n$/);
  // the cluster is untouched and no stray files are left
  ok(home, 'get pods -A');
  assert.deepEqual(fs.readdirSync(path.join(home, 'clusters')).filter(x => !/^kctl\.db(-wal|-shm)?$/.test(x)), []);
});

test('a format-1 backup restores into a current cluster (migrated on the way in)', () => {
  const home = freshHome();
  ok(home, 'get ns');
  const copy = path.join(home, 'v1.db');
  fs.copyFileSync(path.join(V1, 'home', 'clusters', 'kctl.db'), copy);
  ok(home, ['cluster', 'restore', 'old', copy]);
  assert.equal(ok(home, 'get pods -n dev -o json').stdout.length > 0, true);
  assert.equal(JSON.parse(ok(home, 'get pods -n dev -o json').stdout).items.length, 3);
  assert.equal(dbMeta(path.join(home, 'clusters', 'old.db')).version, FORMAT);
  // the fixture itself was only read
  assert.equal(dbMeta(path.join(V1, 'home', 'clusters', 'kctl.db')).version, 0);
});

test('a format-1 database of the container-runtime era (kctl 5e9f0c8) keeps its processes, logs and files through the migration', () => {
  const home = freshHome();
  fs.cpSync(path.join(FIXTURES, 'db', 'v1-runtime', 'home'), home, { recursive: true });
  // a busybox loop that has printed three lines, and a file written by exec into one nginx container
  assert.equal(ok(home, 'logs sh').stdout, 'tick 0\ntick 1\ntick 2\n');
  assert.equal(dbMeta(dbFile(home)).version > 1, true);
  const web = ok(home, 'get pods -o name -l app=web').stdout.trim().split('\n');
  assert.equal(web.length, 2);
  assert.deepEqual(web.map(p => kctl(home, ['exec', p, '--', 'cat', '/tmp/x']).stdout).sort(), ['', 'kept\n']);
  ok(home, 'sim advance 10s');
  assert.equal(ok(home, 'logs sh --tail=3').stdout, 'tick 2\ntick 3\ntick 4\n');
  assert.match(ok(home, 'get pods').stdout, /sh +1\/1 +Running +0 /);
});

const V2 = path.join(FIXTURES, 'db', 'v2');

/**
 * A copy of a fixture of format `from` (made by scripts/make-db-fixture.mjs): its reads give what the kctl that
 * made it printed, it is migrated in place (the old file kept beside it), and the nginx pod `pod` in `dev` answers
 * `logs`, `cat` of its token and `ls` of its token volume as it did then. Returns the KCTL_HOME.
 */
function migratedFixture(dir, from, pod, before = () => {}) {
  const home = freshHome();
  fs.cpSync(path.join(dir, 'home'), home, { recursive: true });
  before(home);
  for (const [file, args] of Object.entries(READS)) {
    const want = fs.readFileSync(path.join(dir, 'expected', file), 'utf8');
    assert.equal(ok(home, args).stdout, want, `${args.join(' ')} after migration`);
  }
  const { version, meta } = dbMeta(dbFile(home));
  assert.equal(version, FORMAT);
  assert.equal(meta.schema, String(FORMAT));
  assert.equal(meta.migrated_from, String(from));
  assert.equal(dbMeta(`${dbFile(home)}.format-${from}.bak`).version, from);
  const sa = '/var/run/secrets/kubernetes.io/serviceaccount/';
  assert.equal(ok(home, ['-n', 'dev', 'logs', pod]).stdout, fs.readFileSync(path.join(dir, 'expected', 'web-logs.txt'), 'utf8'));
  assert.equal(ok(home, ['-n', 'dev', 'exec', pod, '--', 'cat', `${sa}token`]).stdout, fs.readFileSync(path.join(dir, 'expected', 'web-token.txt'), 'utf8'));
  assert.equal(ok(home, ['-n', 'dev', 'exec', pod, '--', 'ls', '-la', sa, `${sa}..data/`]).stdout, fs.readFileSync(path.join(dir, 'expected', 'web-ls.txt'), 'utf8'));
  return home;
}

test('a format-2 database (made by kctl 3c920ea) is migrated in place and reads back identically, its containers included', () => {
  // (the container runtime's records of format 2 — a row per file, text states and logs — read as they were)
  const pod = 'web-6b56498c94-2sb59';
  const home = migratedFixture(V2, 2, pod, h => {
    const empty = new Database(dbFile(h), { readonly: true }).prepare(`SELECT count(*) AS n FROM meta WHERE value = ''`).get().n;
    assert.ok(empty > 0, 'the fixture has empty meta values');
  });
  assert.ok(!Object.values(dbMeta(dbFile(home)).meta).includes(''), 'no empty meta values');
  assert.equal(ok(home, 'cluster list').stdout, 'kctl\n');
  const sa = '/var/run/secrets/kubernetes.io/serviceaccount/';
  // and go on in the new format: new pods, the old ones' timers
  ok(home, ['-n', 'dev', 'exec', pod, '--', 'sh', '-c', 'echo kept > /tmp/x']);
  ok(home, 'sim advance 11m');
  assert.equal(ok(home, ['-n', 'dev', 'exec', pod, '--', 'cat', '/tmp/x']).stdout, 'kept\n');
  const pods = Object.fromEntries(JSON.parse(ok(home, 'get pods -o json').stdout).items.map(p => [p.metadata.name, p]));
  assert.equal(pods.sleeper.status.phase, 'Succeeded');
  assert.ok(pods.crasher.status.containerStatuses[0].restartCount >= 3);
  ok(home, 'run fresh --image=nginx:1.25.3');
  assert.match(ok(home, 'logs fresh').stdout, /^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty/);
  assert.match(ok(home, ['exec', 'fresh', '--', 'cat', `${sa}namespace`]).stdout, /^default$/);
  const events = JSON.parse(ok(home, 'get events -o json').stdout).items.filter(e => e.involvedObject.name === 'fresh');
  assert.deepEqual(events.map(e => e.reason).filter(r => r !== 'Pulling'), ['Scheduled', 'Pulled', 'Created', 'Started']);
});

const V3 = path.join(FIXTURES, 'db', 'v3');

test('a format-3 database (made by kctl 3a6fd84) is migrated in place and reads back identically; its containers, and new ones started without their box', () => {
  // (the container runtime's records of format 3 read as they were)
  const home = migratedFixture(V3, 3, 'web-6b56498c94-9vkpn');
  ok(home, 'sim advance 11m');
  const pods = Object.fromEntries(JSON.parse(ok(home, 'get pods -o json').stdout).items.map(p => [p.metadata.name, p]));
  assert.equal(pods.sleeper.status.phase, 'Succeeded');
  assert.ok(pods.crasher.status.containerStatuses[0].restartCount >= 3);
  // new pods of format 4: all but the first of the kind are started without their box, and answer as the first
  ok(home, 'create deployment fresh --image=nginx:1.25.3 --replicas=3');
  const db = new Database(dbFile(home), { readonly: true });
  const deferred = db.prepare('SELECT count(*) AS n FROM rt_state WHERE substr(json, 1, 1) = x\'05\'').get().n;
  db.close();
  assert.equal(deferred, 2);
  for (const p of JSON.parse(ok(home, 'get pods -l app=fresh -o json').stdout).items) {
    assert.match(ok(home, ['logs', p.metadata.name]).stdout, /^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty/);
    assert.equal(ok(home, ['exec', p.metadata.name, '--', 'hostname']).stdout, `${p.metadata.name}\n`);
  }
});

const V4 = path.join(FIXTURES, 'db', 'v4');

test('a format-4 database (made by kctl db7f9c9) is migrated in place and reads back identically, containers started on paper included; new objects keep managedFields as text', () => {
  const home = migratedFixture(V4, 4, 'web-6b56498c94-8ss8d');
  // the two pods whose containers that kctl started without their box: made now, as that kctl made them
  for (const pod of ['web-6b56498c94-dltlr', 'web-6b56498c94-g9q2l']) {
    const out = ok(home, ['-n', 'dev', 'logs', pod]).stdout + ok(home, ['-n', 'dev', 'exec', pod, '--', 'hostname']).stdout;
    assert.equal(out, fs.readFileSync(path.join(V4, 'expected', `paper-${pod}.txt`), 'utf8'), pod);
  }
  // objects written by format 5: a pod's managedFields with an entry of its own are kept as JSON text, read back whole
  ok(home, 'run fresh --image=nginx:1.25.3');
  const db = new Database(dbFile(home), { readonly: true });
  const row = db.prepare(`SELECT json FROM objects WHERE gr='pods' AND ns='default' AND name='fresh'`).get();
  const old = db.prepare(`SELECT json FROM objects WHERE gr='pods' AND ns='dev' AND name='web-6b56498c94-8ss8d'`).get();
  db.close();
  assert.equal(typeof JSON.parse(row.json).metadata.managedFields['\u0001'], 'string');
  assert.ok(Array.isArray(JSON.parse(old.json).metadata.managedFields['\u0001']), 'the rows of format 4 are not rewritten');
  const mf = JSON.parse(ok(home, 'get pod fresh -o json --show-managed-fields').stdout).metadata.managedFields;
  // (no kube-scheduler entry: the binding sets PodScheduled as the API server's does; the kctl that wrote format 4
  // wrote it in a status update of the scheduler's own, as the old pod below keeps)
  assert.deepEqual(mf.map(e => [e.manager, e.subresource ?? '']), [['kubectl-run', ''], ['kubelet', 'status']]);
  assert.ok(mf[1].fieldsV1['f:status']['f:podIPs'], 'the kubelet\'s own entry, whole');
  const web = JSON.parse(ok(home, '-n dev get pod web-6b56498c94-8ss8d -o json --show-managed-fields').stdout).metadata.managedFields;
  assert.deepEqual(web.map(e => [e.manager, e.subresource ?? '']), [['kube-controller-manager', ''], ['kube-scheduler', 'status'], ['kubelet', 'status']]);
  assert.ok(web[2].fieldsV1['f:status']['f:podIPs'], 'a row of format 4, whole');
});
