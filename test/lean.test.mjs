// The read path's bundle (src/lean.ts, dist/kctl-get.js): a plain `get` with nothing to catch up runs in it and
// prints exactly what the full bundle prints; a `get` that needs more (a timer due, here a container's exit)
// falls back to the full bundle with nothing printed or written twice.
import test from 'node:test';
import assert from 'node:assert/strict';
import { freshHome, kctl, bundleForTest } from './helpers.mjs';

const REPORT = { KCTL_REPORT_BUNDLE: '1' };
const bundleOf = r => (r.stderr.match(/^kctl-bundle (.*)$/m) ?? [])[1];
const withoutReport = s => s.replace(/^kctl-bundle .*\n/m, '');
const sleep = ms => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

test('a plain get runs the read path and prints what the full bundle prints', () => {
  const h = freshHome();
  assert.equal(bundleOf(kctl(h, 'get pods', { env: REPORT })), 'read-path', 'a first invocation makes the cluster from its template on the read path');
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
  // caught up: the next get has nothing due (but the node lifecycle controller's pass, due at every 5 s of the
  // cluster's clock: when one falls between, the get catches it up, and the one after it has nothing due)
  let again;
  for (let i = 0; i < 3; i++) { again = kctl(h, 'get pods', { env: REPORT }); if (bundleOf(again) === 'read-path') break; }
  assert.equal(bundleOf(again), 'read-path');
  assert.match(again.stdout, /^once +0\/1 +Completed +0 +\ds$/m);
  assert.equal(kctl(h, 'logs once').stdout, 'done\n');
});

test('a first invocation on the read path makes the cluster the full bundle makes; its containers are adopted when first needed', () => {
  // the same instant for both clusters (their ids are their own: each cluster has its own seed)
  const at = String(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const lean = freshHome(), full = freshHome();
  const a = kctl(lean, 'get pods -A', { env: { ...REPORT, KCTL_TEST_CLOCK_START: at } });
  const b = kctl(full, 'get pods -A', { env: { KCTL_LEAN: '0', KCTL_TEST_CLOCK_START: at } });
  assert.equal(bundleOf(a), 'read-path');
  const names = t => t.replace(/-[0-9a-z]{5}( |$)/gm, '-xxxxx$1').replace(/-[0-9a-f]{8,10}-/g, '-hash-');
  assert.equal(names(a.stdout), names(b.stdout));
  assert.equal(withoutReport(a.stderr), b.stderr);
  assert.match(a.stdout, /^kube-system +etcd-kctl-control-plane +1\/1 +Running +0 +\d+s$/m);
  // the containers are adopted when first needed, as they started then, in either cluster (their records,
  // volumes and tokens included, are checked against a bootstrap's in test/template.test.mjs)
  for (const h of [lean, full]) {
    assert.equal(kctl(h, 'sim advance 1h').code, 0);
    const started = JSON.parse(kctl(h, 'get pod -n kube-system etcd-kctl-control-plane -o json').stdout).status.containerStatuses[0].state.running.startedAt;
    const logs = kctl(h, 'logs --timestamps -n kube-system etcd-kctl-control-plane');
    assert.equal(logs.code, 0, logs.stderr);
    assert.ok(logs.stdout.split('\n')[0].startsWith(`${started} {"level":"warn","ts":"${started.replace('Z', '.000123Z')}"`), logs.stdout);
  }
});

test('exec and logs that neither stream stdin nor follow run in the runtime verbs\' bundle and print what the full bundle prints', () => {
  const h = freshHome();
  assert.equal(kctl(h, ['run', 'box', '--image=busybox:1.36', '--', 'sh', '-c', 'echo hello; echo oops >&2; sleep 3600']).code, 0);
  assert.equal(kctl(h, 'create deployment web --image=nginx:1.25.3').code, 0);
  assert.equal(kctl(h, 'sim advance 10s').code, 0);
  // a command that takes cluster time: several steps after the first has printed
  const slow = kctl(h, ['exec', 'box', '--', 'sh', '-c', 'sleep 2; echo later'], { env: REPORT });
  assert.deepEqual([bundleOf(slow), slow.stdout, slow.code], ['read-path', 'later\n', 0]);
  assert.equal(kctl(h, 'sim freeze').code, 0);
  const cases = [
    ['logs', 'box'], ['logs', 'box', '--tail=1', '--timestamps'], ['logs', 'deploy/web'], ['logs', 'nope'], ['logs', 'box', '-c', 'bad'],
    ['exec', 'box', '--', 'hostname'], ['exec', 'box', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], ['exec', 'box', '--', 'nosuch'],
    ['exec', 'nope', '--', 'true'],
  ];
  for (const args of cases) {
    const lean = kctl(h, args, { env: REPORT });
    const full = kctl(h, args, { env: { KCTL_LEAN: '0' } });
    assert.equal(bundleOf(lean), 'read-path', args.join(' '));
    assert.equal(lean.stdout, full.stdout, args.join(' '));
    // (each exec session has an id of its own)
    const ids = t => t.replace(/[0-9a-f]{64}/g, 'ID');
    assert.equal(ids(withoutReport(lean.stderr)), ids(full.stderr), args.join(' '));
    assert.equal(lean.code, full.code, args.join(' '));
  }
  // streaming stdin or following: the full bundle
  assert.equal(bundleOf(kctl(h, ['exec', '-i', 'box', '--', 'cat'], { env: REPORT, input: 'x' })), 'full');
  assert.equal(bundleOf(kctl(h, ['logs', '-f', 'box', '--request-timeout=1s'], { env: REPORT, timeout: 5000 })), 'full');
});

// get's plain command lines are read without commander (verbs/get.ts plainGet): the same arguments and options as
// commander gives the action, and anything else left to commander
const getLib = await bundleForTest("export { register, plainGet } from './src/cli/verbs/get.ts'; export { addTemplateFlags } from './src/cli/verbs/common.ts'; export { Command } from 'commander';", 'lean');

test('a plain get command line is read as commander reads it; the rest goes to commander', () => {
  const byCommander = argv => {
    const program = new getLib.Command('kctl');
    getLib.register(program, { globals: {}, out: {}, argv: [] });
    const cmd = program.commands[0];
    getLib.addTemplateFlags(cmd);
    let got;
    cmd.action((args, opts) => { got = { args, opts }; });
    program.parse(['get', ...argv], { from: 'user' });
    return got;
  };
  for (const line of ['pods', '', 'pods,deploy web', 'pods -o wide', 'pods -owide', 'pods --output wide', 'pods --output=json', '-o yaml pod x',
    'pods -A', 'pods --all-namespaces', 'pods -l app=web', '-lapp=web pods', 'pods --selector=app', 'pods --selector app',
    'pods --field-selector status.phase=Running', 'pods --field-selector=spec.nodeName=n', 'pods --show-labels --no-headers', 'pods --show-kind',
    'pods --ignore-not-found', 'pods --sort-by .metadata.name', 'pods --sort-by=.spec.nodeName', 'pods -o wide -o name', 'pods -A -A',
    'pods -l a=b -l c=d', 'pod/a pod/b --no-headers -o custom-columns=N:.metadata.name']) {
    const argv = line.split(' ').filter(Boolean);
    const plain = getLib.plainGet(argv);
    assert.ok(plain, `"${line}" is a plain get`);
    assert.deepEqual(plain, byCommander(argv), line);
  }
  // commander's: other flags, booleans with a value, values that look like flags or are empty, -o=, `--`, help
  for (const line of ['pods -w', 'pods --watch', 'pods -L app', 'pods --label-columns=app', 'pods --chunk-size 10', 'pods --show-managed-fields -o yaml',
    'pods --show-labels=true', 'pods --no-headers=false', 'pods -A=true', 'pods -o', 'pods -o -A', 'pods --output=', 'pods -o=yaml', 'pods -Ao wide',
    'pods --raw /api', 'pods -f x.yaml', 'pods -h', 'pods --help', '-- pods', 'pods --bogus', 'pods -x', 'pods -', 'pods --template {{.}}']) {
    assert.equal(getLib.plainGet(line.split(' ').filter(Boolean)), undefined, line);
  }
});

test('a plain get prints what the same command read by commander prints', () => {
  const h = freshHome();
  assert.equal(kctl(h, 'create deployment web --image=nginx:1.25.3 --replicas=2').code, 0);
  assert.equal(kctl(h, 'sim advance 10s').code, 0);
  assert.equal(kctl(h, 'sim freeze').code, 0);
  for (const args of ['get pods', 'get pods -o wide', 'get deploy,rs -A --show-labels', 'get pods -l app=web -o name', 'get pods -lapp=nope',
    'get pod nope', 'get pod nope --ignore-not-found', 'get bogus', 'get', 'get pods --field-selector=bad', 'get pods -o jsonpath={.items[*].metadata.name}',
    'get pods --sort-by=.metadata.name --no-headers', 'get nodes --show-kind', 'get pods -o bogus']) {
    const plain = kctl(h, args);
    const cmdr = kctl(h, args, { env: { KCTL_TEST_COMMANDER_GET: '1' } });
    assert.equal(plain.stdout, cmdr.stdout, args);
    assert.equal(plain.stderr, cmdr.stderr, args);
    assert.equal(plain.code, cmdr.code, args);
  }
});
