// Reliability: parallel writers lose nothing, a killed kctl leaves a consistent cluster, and a corrupt or
// foreign database gets a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, kctlSpawn, freshHome, tmpFile } from './helpers.mjs';

function runAll(home, argvs, concurrency = 200) {
  return new Promise(resolve => {
    const results = new Array(argvs.length);
    let next = 0, done = 0;
    const start = () => {
      if (next >= argvs.length) return;
      const i = next++;
      const p = kctlSpawn(home, argvs[i]);
      let out = '', err = '';
      p.stdout.on('data', d => (out += d));
      p.stderr.on('data', d => (err += d));
      p.on('close', code => {
        results[i] = { code, out, err };
        if (++done === argvs.length) resolve(results); else start();
      });
    };
    for (let k = 0; k < Math.min(concurrency, argvs.length); k++) start();
  });
}

test('two hundred kctl processes label and apply the same objects at once; no update is lost', async () => {
  const home = freshHome();
  assert.equal(kctl(home, 'create configmap shared --from-literal=a=1').code, 0);
  const argvs = [];
  for (let i = 0; i < 100; i++) argvs.push(['label', 'configmap', 'shared', `l${i}=v${i}`]);
  const files = [];
  for (let i = 0; i < 100; i++) {
    const f = tmpFile(`cm${i}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied-${i % 10}\n  labels:\n    writer: "w${i % 10}"\ndata:\n  k: "${i % 10}"\n`);
    files.push(f);
    argvs.push(['apply', '-f', f]);
  }
  const results = await runAll(home, argvs);
  for (const [i, r] of results.entries()) {
    assert.ok(r.code === 0 || /^(error|Error from server)/m.test(r.err), `process ${i} exited ${r.code} without a clear message: ${r.err}`);
    assert.ok(!/\n\s+at /.test(r.err), `stack trace from process ${i}: ${r.err}`);
  }
  for (let i = 0; i < 100; i++) assert.equal(results[i].code, 0, `label ${i}: ${results[i].err}`);
  const labels = JSON.parse(kctl(home, 'get configmap shared -o json').stdout).metadata.labels;
  for (let i = 0; i < 100; i++) assert.equal(labels[`l${i}`], `v${i}`, `label l${i} lost`);
  const applied = kctl(home, 'get cm -o name').stdout.split('\n').filter(l => l.startsWith('configmap/applied-'));
  assert.equal(applied.length, 10);
  for (let i = 100; i < 200; i++) assert.match(results[i].out, /^configmap\/applied-\d (created|configured|unchanged)$/m);
});

test('kctl killed with SIGKILL in the middle of an apply leaves a consistent cluster', async () => {
  const home = freshHome();
  assert.equal(kctl(home, 'get ns').code, 0);
  const items = Array.from({ length: 3000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } }));
  const f = tmpFile('big.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  for (const delay of [150, 400, 900]) {
    const p = kctlSpawn(home, ['apply', '-f', f]);
    await new Promise(r => setTimeout(r, delay));
    p.kill('SIGKILL');
    await new Promise(r => p.on('close', r));
    const r = kctl(home, 'get cm -o name');
    assert.equal(r.code, 0, r.stderr);
    const n = r.stdout.split('\n').filter(l => l.startsWith('configmap/cm-')).length;
    // one apply is one transaction: all of it landed or none of it
    assert.ok(n === 0 || n === 3000, `half-written apply: ${n} config maps`);
    if (n === 3000) break;
  }
  const again = kctl(home, ['apply', '-f', f]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(kctl(home, 'get cm -o name').stdout.split('\n').filter(l => l.startsWith('configmap/cm-')).length, 3000);
});

test('a corrupt cluster database gets a clear error, not a stack trace', () => {
  const home = freshHome();
  assert.equal(kctl(home, 'get ns').code, 0);
  const db = path.join(home, 'clusters', 'kctl.db');
  for (const f of [db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
  fs.writeFileSync(db, 'this is not a database'.repeat(100));
  const r = kctl(home, 'get pods');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: the cluster database .*kctl\.db is corrupt or not a kctl database/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a foreign SQLite database gets a clear error', async () => {
  const home = freshHome();
  assert.equal(kctl(home, 'get ns').code, 0);
  const db = path.join(home, 'clusters', 'kctl.db');
  for (const f of [db, db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
  const Database = (await import('better-sqlite3')).default;
  const d = new Database(db);
  d.exec('CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)');
  d.close();
  const r = kctl(home, 'get pods');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: the cluster database .*kctl\.db is not a kctl database/);
});
