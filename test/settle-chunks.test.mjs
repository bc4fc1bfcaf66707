// A long settle goes on in several transactions (src/sim/step.ts, Runtime.handOver): after SETTLE_CHUNK
// reconciles the step commits what is done and a new Runtime goes on with the queue at the same instant. The
// cluster it leaves is the one a single transaction leaves, and a process killed between two of its transactions
// leaves its queue to the next invocation. (KCTL_TEST_SETTLE_CHUNK makes the chunks small enough for a test.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { kctl, freshHome } from './helpers.mjs';

// (in pieces: the output of one read is kept under the helper's 1 MB)
const STATES = [['get', 'deployments,replicasets,pods', '-o', 'json'], ['get', 'events', '-o', 'json'], ['get', 'endpointslices,leases,nodes', '-A', '-o', 'json']];
const state = home => STATES.map(args => ok(kctl(home, args)).stdout);
const ok = r => { assert.equal(r.code, 0, r.stderr); return r; };

/** A default cluster with its clock frozen, copied into `n` homes (the same seed, the same instant). */
function frozenCopies(n) {
  const base = freshHome();
  ok(kctl(base, 'sim freeze'));
  return Array.from({ length: n }, () => {
    const h = freshHome();
    fs.cpSync(base, h, { recursive: true });
    return h;
  });
}

test('a settle handed over in chunks leaves the cluster a single transaction leaves, and no queue behind', () => {
  const [one, chunked] = frozenCopies(2);
  ok(kctl(one, 'create deployment web --image=nginx:1.25.3 --replicas=60'));
  const r = ok(kctl(chunked, 'create deployment web --image=nginx:1.25.3 --replicas=60', { env: { KCTL_TEST_SETTLE_CHUNK: '40' } }));
  assert.equal(r.stdout, 'deployment.apps/web created\n');
  const a = state(one), b = state(chunked);
  assert.equal(JSON.parse(b[0]).items.filter(o => o.kind === 'Pod' && o.status.phase === 'Running').length, 60);
  assert.deepEqual(b, a);
  assert.equal(ok(kctl(chunked, 'get deployment web --no-headers')).stdout.split(/\s+/)[1], '60/60');
});

test('when another process wrote between two transactions of a step, a new Runtime reads everything again and goes on', () => {
  const [one, anew] = frozenCopies(2);
  ok(kctl(one, 'create deployment web --image=nginx:1.25.3 --replicas=60'));
  // (KCTL_TEST_HANDOVER_ANEW: as if another connection had committed in between)
  ok(kctl(anew, 'create deployment web --image=nginx:1.25.3 --replicas=60', { env: { KCTL_TEST_SETTLE_CHUNK: '40', KCTL_TEST_HANDOVER_ANEW: '1' } }));
  assert.deepEqual(state(anew), state(one));
});

test('a process killed between two transactions of a step leaves its queue: the next invocation goes on with it', () => {
  const [one, killed] = frozenCopies(2);
  ok(kctl(one, 'create deployment web --image=nginx:1.25.3 --replicas=60'));
  const r = kctl(killed, 'create deployment web --image=nginx:1.25.3 --replicas=60', { env: { KCTL_TEST_SETTLE_CHUNK: '40', KCTL_TEST_DIE_AFTER_HANDOVER: '1' } });
  assert.equal(r.code, 137);
  assert.equal(r.stdout, '');
  // what the first transaction did is there (the deployment, some of its pods), not yet all of it
  const db = path.join(killed, 'clusters', 'kctl.db');
  assert.ok(fs.existsSync(db));
  // the next invocation (a plain get) takes the queue first, then shows the cluster as the step would have left it
  assert.equal(ok(kctl(killed, 'get deployment web --no-headers')).stdout.split(/\s+/)[1], '60/60');
  assert.deepEqual(state(killed), state(one));
});

test('a damaged queue left by a handed-over step is a corrupt database, reported as such (exit 1, nothing written)', () => {
  const [home] = frozenCopies(1);
  const db = new Database(path.join(home, 'clusters', 'kctl.db'));
  db.prepare(`INSERT INTO meta(key, value) VALUES ('pending_work', '[1, 2]')`).run();
  db.close();
  const before = fs.readFileSync(path.join(home, 'clusters', 'kctl.db'));
  const r = kctl(home, 'get pods');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: the cluster database .*kctl\.db is corrupt or not a kctl database \(the work a step left queued \(meta pending_work\) is not a list of \[controller, key\]\)\n$/);
  assert.ok(fs.readFileSync(path.join(home, 'clusters', 'kctl.db')).equals(before));
});
