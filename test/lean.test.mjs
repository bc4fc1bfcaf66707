// The read path's bundle (src/lean.ts, dist/kctl-get.js): a plain `get` with nothing to catch up runs in it and
// prints exactly what the full bundle prints; a `get` that needs more (a timer due, here a container's exit)
// falls back to the full bundle with nothing printed or written twice.
import test from 'node:test';
import assert from 'node:assert/strict';
import { freshHome, kctl } from './helpers.mjs';

const REPORT = { KCTL_REPORT_BUNDLE: '1' };
const bundleOf = r => (r.stderr.match(/^kctl-bundle (.*)$/m) ?? [])[1];
const withoutReport = s => s.replace(/^kctl-bundle .*\n/m, '');
const sleep = ms => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

test('a plain get runs the read path and prints what the full bundle prints', () => {
  const h = freshHome();
  assert.equal(bundleOf(kctl(h, 'get pods', { env: REPORT })), 'full', 'a first invocation builds the cluster: the full bundle');
  assert.equal(kctl(h, 'create deployment web --image=nginx:1.25.3 --replicas=2').code, 0);
  // past the node controller's first monitor pass, a timer of a new cluster: then nothing is due; the clock
  // stopped, so that ages read the same in both runs
  assert.equal(kctl(h, 'sim advance 10s').code, 0);
  assert.equal(kctl(h, 'sim freeze').code, 0);
  for (const args of ['get pods', 'get pods -o wide', 'get deploy,rs,svc', 'get pods -o yaml', 'get deploy web -o json',
    'get pods -o name', 'get nodes --show-labels', 'get pod nope', 'get bogus', 'get pods --bogus', 'get all -A', 'get -h']) {
    const lean = kctl(h, args, { env: REPORT });
    const full = kctl(h, args, { env: { KCTL_LEAN: '0' } });
    assert.equal(bundleOf(lean), 'read-path', args);
    assert.equal(lean.stdout, full.stdout, args);
    assert.equal(withoutReport(lean.stderr), full.stderr, args);
    assert.equal(lean.code, full.code, args);
  }
  // watching and reading files are never tried on the read path
  assert.equal(bundleOf(kctl(h, 'get --raw /api', { env: REPORT })), 'full');
  assert.equal(bundleOf(kctl(h, 'get pods -w --request-timeout=1s', { env: REPORT })), 'full');
});

test('a get with something to catch up falls back to the full bundle, nothing printed or done twice', () => {
  const h = freshHome();
  assert.equal(kctl(h, ['run', 'once', '--image=busybox:1.36', '--restart=Never', '--', 'sh', '-c', 'echo done; sleep 1']).code, 0);
  sleep(1500); // (the container's exit comes due on the cluster's clock, which runs with the host's)
  const r = kctl(h, 'get pods', { env: REPORT });
  assert.match(bundleOf(r), /^full \(the read path missed src\//);
  assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nonce +0\/1 +Completed +0 +\ds\n$/);
  assert.equal(withoutReport(r.stderr), '');
  // the exit happened once: one set of events, one log
  const events = kctl(h, 'get events --field-selector involvedObject.name=once -o name').stdout.trim().split('\n');
  assert.equal(new Set(events).size, events.length);
  // caught up: the next get has nothing due
  const again = kctl(h, 'get pods', { env: REPORT });
  assert.equal(bundleOf(again), 'read-path');
  assert.match(again.stdout, /^once +0\/1 +Completed +0 +\ds$/m);
  assert.equal(kctl(h, 'logs once').stdout, 'done\n');
});
