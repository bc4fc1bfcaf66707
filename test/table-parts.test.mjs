// A table that declares the parts of an object its rows read (TableDef.reads: the pod table) gets only those
// from a list (Store.listParts: SQLite picks them out of each row, the rest is never parsed). Its rows must be
// what whole objects give: `--sort-by` makes get read whole objects, in the same order here (one namespace, by
// name), so each listing is compared with itself sorted, over pods in every state the STATUS column words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
