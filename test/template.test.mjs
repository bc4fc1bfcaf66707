// The default cluster's template (src/cluster/template.ts): instantiated with any seed at any instant, it is
// exactly what the bootstrap itself writes (objects, events, meta), and a first invocation uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, kctl, freshHome, bundleForTest } from './helpers.mjs';

const lib = await bundleForTest("export * from './src/cluster/template.ts';", 'template');

test('the template instantiated with random seeds at random instants is what a bootstrap writes', () => {
  const t = lib.makeTemplate('test');
  assert.ok(t.rows.length > 80 && t.events > 30 && t.calls.length > 100, `${t.rows.length} rows, ${t.events} events, ${t.calls.length} draws`);
  for (let i = 0; i < 6; i++) {
    const now = Date.UTC(2020 + Math.floor(Math.random() * 20), Math.floor(Math.random() * 12), 1 + Math.floor(Math.random() * 28), Math.floor(Math.random() * 24), Math.floor(Math.random() * 60), Math.floor(Math.random() * 60));
    const seed = Math.floor(Math.random() * 2 ** 32) >>> 0;
    assert.equal(lib.verifyTemplate(t, now, seed), undefined, `seed ${seed} at ${new Date(now).toISOString()}`);
  }
});

test('a first invocation builds the default cluster from the template: every node, pod, event, timestamp now', () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'default-cluster.json')), 'the build wrote the template');
  const home = freshHome();
  const before = Date.now();
  const r = kctl(home, 'get pods -A -o json');
  assert.equal(r.code, 0, r.stderr);
  const pods = JSON.parse(r.stdout).items;
  assert.equal(pods.length, 13); // kind's: control plane, CoreDNS, kindnet and kube-proxy on each node, local-path-provisioner
  assert.ok(pods.every(p => p.status.phase === 'Running'));
  for (const p of pods) {
    const t = Date.parse(p.metadata.creationTimestamp);
    assert.ok(t >= Math.floor(before / 1000) * 1000 - 1000 && t <= Date.now(), p.metadata.creationTimestamp);
  }
  // two clusters, two sets of names and uids
  const other = JSON.parse(kctl(freshHome(), 'get pods -A -o json').stdout).items;
  const names = new Set(pods.map(p => p.metadata.name));
  assert.ok(other.some(p => !names.has(p.metadata.name)), 'generated names differ between clusters');
  assert.ok(other.every(p => !pods.some(q => q.metadata.uid === p.metadata.uid)));
  const events = JSON.parse(kctl(home, 'get events -A -o json').stdout).items;
  assert.ok(events.length > 30);
  assert.ok(events.every(e => e.metadata.name.startsWith(`${e.involvedObject.name}.`)));
});
