// The controller manager's event recorders (src/controllers/recorder.ts, src/sim/recorder.ts): what a controller
// records about one object goes through client-go's correlator, as in a real kube-controller-manager.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { kctl, freshHome } from './helpers.mjs';

const ok = (home, args) => { const r = kctl(home, args); assert.equal(r.code, 0, `kctl ${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const frozenHome = () => { const home = freshHome(); ok(home, 'sim freeze'); return home; };
const rsEvents = home => JSON.parse(ok(home, ['get', 'events', '--field-selector', 'involvedObject.kind=ReplicaSet', '-o', 'json'])).items
  .filter(e => e.reason === 'SuccessfulCreate');
const recorderKeys = home => {
  const db = new Database(path.join(home, 'clusters', 'kctl.db'), { readonly: true });
  try { return db.prepare(`SELECT key FROM meta WHERE key LIKE 'controllers/%'`).all().map(r => r.key); } finally { db.close(); }
};

test('a ReplicaSet scaled up by 30 records nine events, then one combined event counted to 16; the rest wait for tokens', () => {
  const h = frozenHome();
  ok(h, ['create', 'deployment', 'web', '--image=nginx:1.25.3', '--replicas=30']);
  const pods = ok(h, ['get', 'pods', '--no-headers']).trim().split('\n');
  assert.equal(pods.length, 30);
  let ev = rsEvents(h);
  const single = ev.filter(e => !e.message.startsWith('(combined'));
  const combined = ev.filter(e => e.message.startsWith('(combined from similar events): Created pod: web-'));
  assert.equal(single.length, 9);
  for (const e of single) { assert.match(e.message, /^Created pod: web-/); assert.equal(e.count, 1); assert.equal(e.source.component, 'replicaset-controller'); }
  assert.equal(combined.length, 1);
  // occurrences 10 to 25 (the spam filter's burst is 25 events about one object); 26 to 30 are counted, not written
  assert.equal(combined[0].count, 16);
  assert.equal(combined[0].involvedObject.kind, 'ReplicaSet');
  // five minutes give the bucket a token back: the next occurrence is written, counted with those held back
  ok(h, ['sim', 'advance', '5m']);
  ok(h, ['scale', 'deployment', 'web', '--replicas=31']);
  ev = rsEvents(h);
  const again = ev.filter(e => e.message.startsWith('(combined'));
  assert.equal(ev.length, 10);
  assert.equal(again.length, 1);
  assert.equal(again[0].count, 22);
  const newest = ok(h, ['get', 'pods', '--sort-by=.metadata.creationTimestamp', '-o', 'name']).trim().split('\n').pop().replace('pod/', '');
  assert.equal(again[0].message, `(combined from similar events): Created pod: ${newest}`);
  assert.equal(again[0].metadata.name, combined[0].metadata.name);
});

test('a deleted object\'s recorder memory goes with it', () => {
  const h = frozenHome();
  ok(h, ['create', 'deployment', 'web', '--image=nginx:1.25.3', '--replicas=2']);
  const rsUid = JSON.parse(ok(h, ['get', 'rs', '-o', 'json'])).items[0].metadata.uid;
  const depUid = JSON.parse(ok(h, ['get', 'deployment', 'web', '-o', 'json'])).metadata.uid;
  const keys = recorderKeys(h);
  assert.ok(keys.includes(`controllers/${rsUid}/rec/replicaset-controller`), keys.join(' '));
  assert.ok(keys.includes(`controllers/${depUid}/rec/deployment-controller`), keys.join(' '));
  ok(h, ['delete', 'deployment', 'web']);
  assert.deepEqual(recorderKeys(h).filter(k => k.includes(rsUid) || k.includes(depUid)), []);
});
