// A table that declares the parts of an object its rows read (TableDef.reads: the pod table) gets only those
// from a list (Store.listParts: SQLite picks them out of each row, the rest is never parsed). Its rows must be
// what whole objects give: `--sort-by` makes get read whole objects, in the same order here (one namespace, by
// name), so each listing is compared with itself sorted, over pods in every state the STATUS column words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { kctl, freshHome } from './helpers.mjs';

const home = freshHome();
const ok = (args, opts) => { const r = kctl(home, args, opts); assert.equal(r.code, 0, `${JSON.stringify(args)}: ${r.stderr}`); return r; };
const pod = (name, spec, extra = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'parts', tier: name }, ...extra }, spec });
const box = (cmd, more = {}) => ({ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', cmd], ...more });

test('the pod table read from the parts it declares prints what whole pods print, in every state', () => {
  const pods = [
    pod('running', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] }),
    pod('two', { containers: [{ name: 'web', image: 'nginx:1.25.3' }, box('sleep 3600', { name: 'side' })] }),
    pod('crash', { containers: [box('exit 3')] }),
    pod('done', { restartPolicy: 'Never', containers: [box('echo ok')] }),
    pod('failed', { restartPolicy: 'Never', containers: [box('exit 1')] }),
    pod('init', { initContainers: [box('sleep 600', { name: 'wait' })], containers: [{ name: 'web', image: 'nginx:1.25.3' }] }),
    pod('sidecar', { initContainers: [box('sleep 3600', { name: 'log', restartPolicy: 'Always' })], containers: [{ name: 'web', image: 'nginx:1.25.3' }] }),
    pod('badimage', { containers: [{ name: 'web', image: 'nginx:no-such-tag' }] }),
    pod('huge', { containers: [{ name: 'web', image: 'nginx:1.25.3', resources: { requests: { cpu: '500' } } }] }),
    pod('gated', { readinessGates: [{ conditionType: 'example.com/ready' }], containers: [{ name: 'web', image: 'nginx:1.25.3' }] }),
    pod('slowstop', { terminationGracePeriodSeconds: 600, containers: [box('trap "" TERM; sleep 3600')] }),
  ];
  ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }) });
  ok('sim advance 3m');
  ok('delete pod slowstop --wait=false');
  ok('sim freeze'); // (the AGE column of two listings compared)
  const plain = ok('get pods').stdout;
  for (const want of [/^running +1\/1 +Running /m, /^two +2\/2 +Running /m, /^crash +0\/1 +CrashLoopBackOff +\d+ \(\S+ ago\) /m,
    /^done +0\/1 +Completed /m, /^failed +0\/1 +Error /m, /^init +0\/1 +Init:0\/1 /m, /^sidecar +2\/2 +Running /m,
    /^badimage +0\/1 +ImagePullBackOff /m, /^huge +0\/1 +Pending /m, /^slowstop +1\/1 +Terminating /m])
    assert.match(plain, want);
  for (const args of ['get pods', 'get pods -o wide', 'get pods -o wide --show-labels', 'get pods -L tier -l app=parts', 'get pods,services -o wide']) {
    const parts = ok(args).stdout;
    const whole = ok(`${args} --sort-by=.metadata.name`).stdout;
    assert.equal(parts, whole, args);
  }
  assert.match(ok('get pods -o wide').stdout, /^gated +1\/1 +Running +0 +\S+ +10\.244\.\d+\.\d+ +kctl-worker2? +<none> +0\/1\n/m);
  // all namespaces: the NAMESPACE column from the row, not the object
  const all = ok('get pods -A -o wide').stdout.split('\n').filter(l => l.startsWith('default '));
  assert.equal(all.length, pods.length);
});

test('a damaged row is a corrupt database to the parts a table reads, as to a whole read, and nothing is written', () => {
  const h = freshHome();
  const run = args => kctl(h, args);
  assert.equal(run(['run', 'web', '--image=nginx:1.25.3']).code, 0);
  assert.equal(run(['sim', 'freeze']).code, 0);
  const file = path.join(h, 'clusters', 'kctl.db');
  const damage = fn => { const db = new Database(file); const r = db.prepare(`SELECT id, json FROM objects WHERE gr='pods' AND name='web'`).get(); db.prepare('UPDATE objects SET json=? WHERE id=?').run(fn(r.json), r.id); db.close(); };
  const bytes = () => fs.readFileSync(file);
  // the row cut short: SQLite's json_extract (a table's parts) and JSON.parse (a whole object) both refuse it
  damage(j => j.slice(0, 200));
  const before = bytes();
  for (const args of [['get', 'pods'], ['get', 'pods', '-o', 'wide'], ['get', 'pod', 'web', '-o', 'json']]) {
    const r = run(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, /^error: the cluster database .*kctl\.db is corrupt or not a kctl database \(.+\)\n$/, args.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.deepEqual(bytes(), before);
  // managedFields kept as text (format 5), damaged: only a reader of managedFields parses it, and meets the damage
  const h2 = freshHome();
  assert.equal(kctl(h2, ['run', 'web', '--image=nginx:1.25.3']).code, 0);
  assert.equal(kctl(h2, ['sim', 'freeze']).code, 0);
  const file2 = path.join(h2, 'clusters', 'kctl.db');
  const db = new Database(file2);
  const r = db.prepare(`SELECT id, json FROM objects WHERE gr='pods' AND name='web'`).get();
  const o = JSON.parse(r.json);
  assert.equal(typeof o.metadata.managedFields['\u0001'], 'string');
  o.metadata.managedFields['\u0001'] = o.metadata.managedFields['\u0001'].slice(0, 40);
  db.prepare('UPDATE objects SET json=? WHERE id=?').run(JSON.stringify(o), r.id);
  db.close();
  const before2 = fs.readFileSync(file2);
  assert.match(kctl(h2, 'get pods').stdout, /^web +1\/1 +Running /m);
  const m = kctl(h2, ['get', 'pod', 'web', '-o', 'json', '--show-managed-fields']);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /^error: the cluster database .*kctl\.db is corrupt or not a kctl database \(a stored object does not parse: .+\)\n$/);
  assert.deepEqual(fs.readFileSync(file2), before2);
});
