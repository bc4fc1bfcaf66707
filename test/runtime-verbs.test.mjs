// The runtime verbs as kubectl 1.33 has them: logs, exec, attach, run -i/--rm, port-forward, cp, top, debug.
// Texts and exit codes come from kubectl's source (k8s.io/kubectl v0.33.1 pkg/cmd/*) and the kubelet's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kctl, kctlSpawn, freshHome, tmpFile, until, KCTL, VIA_KUBECTL } from './helpers.mjs';

const frozen = () => { const h = freshHome(); assert.equal(kctl(h, 'sim freeze').code, 0); return h; };
const ok = (r) => { assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`); return r; };
const apply = (home, obj) => ok(kctl(home, ['apply', '-f', tmpFile('o.json', JSON.stringify(obj))]));
const pod = (name, spec, meta = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...meta }, spec });
const loop = (name, body = 'echo line $i', extra = {}) => pod(name, { containers: [{ name, image: 'busybox', command: ['sh', '-c', `i=0; while true; do ${body}; i=$((i+1)); sleep 1; done`] }], ...extra });

// ------------------------------------------------------------------------------------------ logs
test('logs: a pod, --tail, --timestamps, --since-time, --limit-bytes, -c and the default-container notice', () => {
  const h = frozen();
  apply(h, loop('talk'));
  ok(kctl(h, 'sim advance 4s'));
  assert.equal(ok(kctl(h, 'logs talk')).stdout, 'line 0\nline 1\nline 2\nline 3\nline 4\n');
  assert.equal(ok(kctl(h, 'logs talk --tail 2')).stdout, 'line 3\nline 4\n');
  assert.equal(ok(kctl(h, 'logs talk --tail=0')).stdout, '');
  assert.equal(ok(kctl(h, 'logs pod/talk --tail 1')).stdout, 'line 4\n');
  const ts = ok(kctl(h, 'logs talk --tail 2 --timestamps')).stdout.trim().split('\n');
  assert.equal(ts.length, 2);
  for (const l of ts) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z line \d$/);
  const t3 = ts[0].split(' ')[0];
  // --since-time: entries stamped at or after it
  assert.deepEqual(ok(kctl(h, ['logs', 'talk', `--since-time=${t3}`])).stdout.trim().split('\n'), ['line 3', 'line 4']);
  assert.equal(ok(kctl(h, 'logs talk --limit-bytes=9')).stdout, 'line 0\nli');
  // two containers: the notice on stderr, -c picks one, an inline container name too
  apply(h, pod('two', { containers: [{ name: 'a', image: 'busybox', command: ['sh', '-c', 'echo from-a; sleep 3600'] }, { name: 'b', image: 'busybox', command: ['sh', '-c', 'echo from-b; sleep 3600'] }] }));
  const r = ok(kctl(h, 'logs two'));
  assert.equal(r.stdout, 'from-a\n');
  assert.equal(r.stderr, 'Defaulted container "a" out of: a, b\n');
  assert.equal(ok(kctl(h, 'logs two -c b')).stdout, 'from-b\n');
  assert.equal(ok(kctl(h, 'logs two b')).stdout, 'from-b\n');
  const all = ok(kctl(h, 'logs two --all-containers --prefix'));
  // (kubectl 1.33's sequentialConsumeRequest ranges over a Go map of the requests, so the real kubectl prints
  // the containers in a random order; kctl prints them in the pod's order)
  if (VIA_KUBECTL) assert.deepEqual(all.stdout.split('\n').sort(), ['', '[pod/two/a] from-a', '[pod/two/b] from-b']);
  else assert.equal(all.stdout, '[pod/two/a] from-a\n[pod/two/b] from-b\n');
  assert.equal(all.stderr, '');
});

test("logs: kubectl's errors and the kubelet's", () => {
  const h = frozen();
  apply(h, pod('two', { containers: [{ name: 'a', image: 'busybox', command: ['sleep', '3600'] }, { name: 'b', image: 'busybox', command: ['sleep', '3600'] }] }));
  const e = (args, msg) => { const r = kctl(h, args); assert.equal(r.code, 1, r.stdout); assert.equal(r.stderr, msg); };
  e('logs', "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kctl logs -h' for help and examples\n");
  e('logs a b c', "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kctl logs -h' for help and examples\n");
  e('logs two -l app=x', "error: only a selector (-l) or a POD name is allowed\nSee 'kctl logs -h' for help and examples\n");
  e('logs nope', 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n');
  e('logs deploy/nope', 'error: error from server (NotFound): deployments.apps "nope" not found in namespace "default"\n');
  e('logs two -c zz', 'error: container zz is not valid for pod two\n');
  e('logs two a -c b', 'error: only one of -c or an inline [CONTAINER] arg is allowed\n');
  e('logs two --all-containers -c a', 'error: --all-containers=true should not be specified with container name a\n');
  e('logs two -c a --tail=-2', 'error: --tail must be greater than or equal to -1\n');
  e('logs two -c a --since=1s --since-time=2024-01-01T00:00:00Z', 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n');
  e('logs two -c a --since=abc', 'error: invalid argument "abc" for "--since" flag: time: invalid duration "abc"\nSee \'kctl logs --help\' for usage.\n');
  e('logs two -c a --tail=x', 'error: invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kctl logs --help\' for usage.\n');
  e('logs two -c a --since-time=2024-01-01', 'error: parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"\n');
  e('logs two -c a -p', 'Error from server (BadRequest): previous terminated container "a" in pod "two" not found\n');
  e('logs cm/x', 'error: error from server (NotFound): configmaps "x" not found in namespace "default"\n');
  ok(kctl(h, 'create configmap x'));
  e('logs cm/x', 'error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n');
  // waiting containers, as the kubelet words them
  apply(h, pod('bad', { containers: [{ name: 'bad', image: 'nginx:no-such-tag' }] }));
  e('logs bad', 'Error from server (BadRequest): container "bad" in pod "bad" is waiting to start: image can\'t be pulled\n');
  // ErrImagePull at first (and at the retry 10 s on); ImagePullBackOff when the retry at 20 s finds the pull in back-off
  ok(kctl(h, 'sim advance 25s'));
  assert.match(ok(kctl(h, 'get pod bad --no-headers')).stdout, / ImagePullBackOff /);
  e('logs bad', 'Error from server (BadRequest): container "bad" in pod "bad" is waiting to start: trying and failing to pull image\n');
  // no node: an empty log
  apply(h, pod('nowhere', { nodeSelector: { none: 'x' }, containers: [{ name: 'c', image: 'busybox' }] }));
  assert.equal(ok(kctl(h, 'logs nowhere')).stdout, '');
});

test('logs: a crashing container, --previous, and TYPE/NAME with "Found N pods"', () => {
  const h = frozen();
  apply(h, pod('crash', { containers: [{ name: 'crash', image: 'busybox', command: ['sh', '-c', 'echo run; exit 1'] }] }));
  ok(kctl(h, 'sim advance 15s'));
  assert.equal(ok(kctl(h, 'logs crash')).stdout, 'run\n');
  assert.equal(ok(kctl(h, 'logs crash -p')).stdout, 'run\n');
  ok(kctl(h, ['create', 'deployment', 'web', '--image=busybox', '--replicas=3', '--', 'sh', '-c', 'echo up; sleep 3600']));
  const r = ok(kctl(h, 'logs deploy/web'));
  assert.equal(r.stdout, 'up\n');
  assert.match(r.stderr, /^Found 3 pods, using pod\/web-[a-z0-9]+-[a-z0-9]{5}\n$/);
  // -l: every matching pod, 10 lines each unless --tail says otherwise
  const l = ok(kctl(h, 'logs -l app=web --prefix'));
  const lines = l.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  for (const x of lines) assert.match(x, /^\[pod\/web-[a-z0-9]+-[a-z0-9]{5}\/busybox\] up$/);
  const none = kctl(h, 'logs -l app=none');
  assert.equal(none.code, 0);
  assert.equal(none.stderr, 'No resources found in default namespace.\n');
  // following more streams than --max-log-requests allows
  const f = kctl(h, 'logs -l app=web -f --max-log-requests=2');
  assert.equal(f.code, 1);
  assert.equal(f.stderr, 'error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n');
});

test('logs: a month of a chatty loop reads fast with --tail, and the counter matches the clock', () => {
  const h = frozen();
  apply(h, loop('chat'));
  ok(kctl(h, 'sim advance 10s'));
  ok(kctl(h, 'sim advance 30d'));
  const t0 = Date.now();
  const r = ok(kctl(h, 'logs chat --tail 3'));
  const ms = Date.now() - t0;
  const n = r.stdout.trim().split('\n').map(l => Number(l.split(' ')[1]));
  assert.equal(n.length, 3);
  // one line a second for 30 days and 10 seconds: the last counter is 30*86400 + 10
  assert.deepEqual(n, [2592008, 2592009, 2592010]);
  assert.ok(ms < 20_000, `took ${ms} ms`);
  // what was rotated away is gone; what is kept is the end of the log, whole lines in order
  const tail = ok(kctl(h, 'logs chat --tail 1000')).stdout.trim().split('\n').map(l => Number(l.split(' ')[1]));
  assert.equal(tail.length, 1000);
  for (let i = 1; i < tail.length; i++) assert.equal(tail[i], tail[i - 1] + 1);
});

test('logs -f follows as the clock moves (sim advance from another process) and ends with the container', async () => {
  const h = frozen();
  apply(h, pod('count', { restartPolicy: 'Never', containers: [{ name: 'count', image: 'busybox', command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo n$i; sleep 10; done'] }] }));
  const p = kctlSpawn(h, ['logs', '-f', 'count']);
  let out = '';
  p.stdout.on('data', d => { out += d; });
  const exited = new Promise(r => p.on('exit', code => r(code)));
  await until(() => out, o => o.includes('n1\n'));
  ok(kctl(h, 'sim advance 10s'));
  await until(() => out, o => o.includes('n2\n'));
  ok(kctl(h, 'sim advance 40s'));
  assert.equal(await exited, 0);
  assert.equal(out, 'n1\nn2\nn3\nn4\nn5\n');
});

// ------------------------------------------------------------------------------------------ exec
test('exec: output, exit codes, stdin, the TTY notice and the errors', () => {
  const h = frozen();
  apply(h, pod('web', { containers: [{ name: 'web', image: 'nginx' }, { name: 'side', image: 'busybox', command: ['sleep', '3600'] }] }));
  let r = ok(kctl(h, 'exec web -- hostname'));
  assert.equal(r.stdout, 'web\n');
  assert.equal(r.stderr, 'Defaulted container "web" out of: web, side\n');
  r = ok(kctl(h, ['exec', 'web', '-c', 'side', '--', 'sh', '-c', 'echo hi']));
  assert.equal(r.stdout, 'hi\n');
  r = kctl(h, ['exec', 'web', '-c', 'side', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\ncommand terminated with exit code 3\n');
  r = ok(kctl(h, ['exec', '-i', 'web', '-c', 'side', '--', 'sh'], { input: 'echo from stdin\nexit 0\n' }));
  assert.equal(r.stdout, 'from stdin\n');
  r = ok(kctl(h, ['exec', '-it', 'web', '-c', 'side', '--', 'echo', 'x'], { input: '' }));
  assert.equal(r.stderr, 'Unable to use a TTY - input is not a terminal or the right kind of file\n');
  assert.equal(r.stdout, 'x\n');
  r = ok(kctl(h, ['exec', '-q', 'web', '--', 'true']));
  assert.equal(r.stderr, '');
  const e = (args, msg, code = 1) => { const x = kctl(h, args); assert.equal(x.code, code, x.stdout); assert.equal(x.stderr, msg); };
  e(['exec', 'web', '-c', 'side', 'ls'], "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kctl exec -h' for help and examples\n");
  e(['exec'], 'error: pod, type/name or --filename must be specified\n');
  e(['exec', 'web'], 'error: you must specify at least one command for the container\n');
  e(['exec', 'nope', '--', 'ls'], 'Error from server (NotFound): pods "nope" not found\n');
  e(['exec', 'web', '-c', 'zz', '--', 'ls'], 'Error from server (BadRequest): container zz is not valid for pod web\n');
  const missing = kctl(h, ['exec', 'web', '-c', 'side', '--', 'nosuch']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in \$PATH: unknown\n$/);
  // a completed pod, a container that is not running
  apply(h, pod('done', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] }));
  e(['exec', 'done', '--', 'ls'], 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n');
  apply(h, pod('pulling', { containers: [{ name: 'c', image: 'nginx:no-such-tag' }] }));
  e(['exec', 'pulling', '--', 'ls'], 'error: unable to upgrade connection: container not found ("c")\n');
  // TYPE/NAME: the first attachable pod
  ok(kctl(h, ['create', 'deployment', 'd', '--image=busybox', '--', 'sleep', '3600']));
  assert.match(ok(kctl(h, 'exec deploy/d -- hostname')).stdout, /^d-[a-z0-9]+-[a-z0-9]{5}\n$/);
});

/** Run kctl in a pseudo-terminal (script(1)), typing what `keys` says once its output matches. */
async function inPty(home, args, keys) {
  const cmd = [process.execPath, KCTL, ...args].map(a => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const p = spawn('script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, KCTL_HOME: home, NO_COLOR: '1' } });
  let out = '';
  p.stdout.on('data', d => { out += d; });
  p.stderr.on('data', d => { out += d; });
  const exited = new Promise(r => p.on('exit', code => r(code)));
  for (const [wait, send] of keys) {
    await until(() => out, o => wait.test(o), 30_000);
    p.stdin.write(send);
  }
  const code = await exited;
  return { out, code };
}
const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;

test('exec -it: an interactive shell in a terminal (prompt, echo, Ctrl-C interrupts the command, exit code)', { skip: !hasScript && 'needs script(1) for a pseudo-terminal' }, async () => {
  const h = frozen();
  apply(h, pod('web', { containers: [{ name: 'web', image: 'nginx' }] }));
  const r = await inPty(h, ['exec', '-it', 'web', '--', 'sh'], [
    [/# $/, 'echo hi there\r'],
    [/hi there\r\n# $/, 'sleep 100\r'],
    [/sleep 100\r\n$/, '\x03'],
    [/\^C\r\n# $/, 'ech\x7f\x7fcho x\r'],
    [/x\r\n# $/, 'exit 3\r'],
  ]);
  assert.equal(r.code, 3);
  assert.equal(r.out, '# echo hi there\r\nhi there\r\n# sleep 100\r\n^C\r\n# ech\b \b\b \bcho x\r\nx\r\n# exit 3\r\ncommand terminated with exit code 3\r\n');
});

// ------------------------------------------------------------------------------------------ attach and run
test('attach: what PID 1 writes from now on; -i feeds its stdin', async () => {
  const h = frozen();
  apply(h, loop('tick', 'echo tick $i'));
  ok(kctl(h, 'sim advance 2s'));
  const p = kctlSpawn(h, ['attach', 'tick']);
  let out = '', err = '';
  p.stdout.on('data', d => { out += d; });
  p.stderr.on('data', d => { err += d; });
  await until(() => err, e => e.includes("If you don't see a command prompt, try pressing enter."));
  await new Promise(r => setTimeout(r, 600));
  ok(kctl(h, 'sim advance 2s'));
  await until(() => out, o => o.includes('tick 4\n'));
  p.kill('SIGINT');
  await new Promise(r => p.on('exit', r));
  assert.equal(out, 'tick 3\ntick 4\n');
  // a container with stdin: what is typed reaches PID 1
  apply(h, pod('cat', { containers: [{ name: 'cat', image: 'busybox', command: ['sh', '-c', 'while read l; do echo got $l; done'], stdin: true }] }));
  const a = kctlSpawn(h, ['attach', '-i', 'cat']);
  let aout = '';
  a.stdout.on('data', d => { aout += d; });
  a.stdin.write('hello\n');
  await until(() => aout, o => o.includes('got hello\n'));
  a.kill('SIGINT');
  await new Promise(r => a.on('exit', r));
  const e = kctl(h, 'attach');
  assert.equal(e.stderr, 'error: at least 1 argument is required for attach\n');
  apply(h, pod('done', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] }));
  assert.equal(kctl(h, 'attach done').stderr, 'error: cannot attach a container in a completed pod; current phase is Succeeded\n');
  assert.equal(kctl(h, 'attach tick -c zz').stderr, 'error: cannot attach to the container: container zz not found in pod tick\n');
});

test('run -i --rm: output, the exit code, the pod deleted; run --attach', () => {
  const h = frozen();
  let r = ok(kctl(h, ['run', '--rm', '-i', '--restart=Never', 'once', '--image=busybox', '--', 'echo', 'hi']));
  assert.equal(r.stdout, 'hi\npod "once" deleted\n');
  assert.equal(kctl(h, 'get pod once').code, 1);
  r = kctl(h, ['run', '--rm', '-i', '--restart=Never', 'fail', '--image=busybox', '--', 'sh', '-c', 'echo bye; exit 3']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'bye\npod "fail" deleted\n');
  assert.equal(r.stderr, 'pod default/fail terminated (Error)\n');
  r = ok(kctl(h, ['run', '--rm', '-i', '--restart=Never', 'sh', '--image=busybox', '--', 'sh'], { input: 'echo from stdin\n' }));
  assert.equal(r.stdout, 'from stdin\npod "sh" deleted\n');
  assert.equal(r.stderr, "If you don't see a command prompt, try pressing enter.\n");
  r = kctl(h, ['run', 'x', '--image=busybox', '--rm']);
  assert.equal(r.stderr, "error: --rm should only be used for attached containers\nSee 'kctl run -h' for help and examples\n");
  // waiting for a pod that never runs
  r = kctl(h, ['run', '-i', '--rm', '--restart=Never', 'never', '--image=nginx:no-such-tag', '--pod-running-timeout=1s']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'pod "never" deleted\n');
  assert.equal(r.stderr, 'error: timed out waiting for the condition\n');
});

// ------------------------------------------------------------------------------------------ port-forward
function get(port, host = '127.0.0.1', p = '/', agent = undefined) {
  return new Promise((resolve, reject) => {
    http.get({ host, port, path: p, ...(agent !== undefined ? { agent } : {}) }, res => { let b = ''; res.on('data', d => { b += d; }); res.on('end', () => resolve({ status: res.statusCode, body: b })); }).on('error', reject);
  });
}
test('port-forward: a real local port answered by the pod behind a Service; Ctrl-C ends it with 0', async () => {
  const h = frozen();
  apply(h, pod('web', { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, name: 'http' }] }] }, { labels: { app: 'web' } }));
  apply(h, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 'http' }] } });
  const p = kctlSpawn(h, ['port-forward', 'svc/web', ':8080']);
  let out = '', err = '';
  p.stdout.on('data', d => { out += d; });
  p.stderr.on('data', d => { err += d; });
  await until(() => out, o => /Forwarding from 127\.0\.0\.1:\d+ -> 80\n/.test(o));
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)[1]);
  const res = await get(port);
  assert.equal(res.status, 200);
  assert.match(res.body, /<title>Welcome to nginx!<\/title>/);
  const miss = await get(port, '127.0.0.1', '/nope', false);
  assert.equal(miss.status, 404);
  await until(() => out, o => (o.match(/Handling connection for/g) ?? []).length >= 2);
  p.kill('SIGINT');
  const code = await new Promise(r => p.on('exit', r));
  assert.equal(code, 0);
  const lines = out.trim().split('\n');
  assert.equal(lines[0], `Forwarding from 127.0.0.1:${port} -> 80`);
  if (lines[1].startsWith('Forwarding')) assert.equal(lines[1], `Forwarding from [::1]:${port} -> 80`);
  assert.ok(lines.filter(l => l === `Handling connection for ${port}`).length >= 2);
  assert.equal(err, '');
  // errors
  const e = (args, msg) => { const x = kctl(h, args); assert.equal(x.code, 1); assert.equal(x.stderr, msg); };
  e(['port-forward', 'web'], "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kctl port-forward -h' for help and examples\n");
  e(['port-forward', 'svc/web', '9999'], 'error: Service web does not have a service port 9999\n');
  e(['port-forward', 'web', 'ftp'], "error: Pod 'web' does not have a named port 'ftp'\n");
  // (kubectl reads "1:2:3" as port 1 before it could call it an invalid format)
  e(['port-forward', 'web', 'x:80'], "error: error parsing local port 'x': strconv.ParseUint: parsing \"x\": invalid syntax\n");
  e(['port-forward', 'web', '80', '--address', 'nonsense'], 'error: nonsense is not a valid IP\n');
  apply(h, pod('pending', { nodeSelector: { none: 'x' }, containers: [{ name: 'c', image: 'nginx' }] }));
  e(['port-forward', 'pending', '80'], 'error: unable to forward port because pod is not running. Current status=Pending\n');
  // a port nobody listens on: containerd's dial fails as the connection arrives; kubectl reports the kubelet's
  // message (as the real kubectl does through kctl serve, test/serve.test.mjs) and the forwarding ends
  const q = kctlSpawn(h, ['port-forward', 'web', ':81']);
  let qout = '', qerr = '';
  q.stdout.on('data', d => { qout += d; });
  q.stderr.on('data', d => { qerr += d; });
  await until(() => qout, o => /Forwarding from 127\.0\.0\.1:\d+ -> 81\n/.test(o));
  const q81 = Number(/127\.0\.0\.1:(\d+)/.exec(qout)[1]);
  await assert.rejects(get(q81));
  assert.equal(await new Promise(r => q.on('exit', r)), 1);
  assert.match(qerr, /^E\d{4} [\d:.]+ +\d+ portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\": failed to connect to localhost:81 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: connect: connection refused "\nerror: lost connection to pod\n$/);
});

// ------------------------------------------------------------------------------------------ cp
test('cp: file specs and local errors as kubectl words them', () => {
  const h = frozen();
  apply(h, pod('box', { containers: [{ name: 'box', image: 'busybox', command: ['sleep', '3600'] }] }));
  const e = (args, msg) => { const x = kctl(h, args); assert.equal(x.code, 1, x.stdout); assert.equal(x.stderr, msg); };
  e(['cp', 'a'], 'error: source and destination are required\n');
  e(['cp', 'a', 'b'], 'error: one of src or dest must be a remote file specification\n');
  e(['cp', 'box:/a', 'box:/b'], 'error: one of src or dest must be a local file specification\n');
  e(['cp', ':a', 'b'], 'error: filespec must match the canonical format: [[namespace/]pod:]file/path\n');
  e(['cp', 'a/b/c:/x', 'y'], 'error: filespec must match the canonical format: [[namespace/]pod:]file/path\n');
  e(['cp', 'box:', 'y'], 'error: filepath can not be empty\n');
  e(['cp', '/no/such/file', 'box:/tmp'], "error: /no/such/file doesn't exist in local filesystem\n");
  e(['cp', 'nope:/etc/hostname', os.tmpdir()], 'Error from server (NotFound): pods "nope" not found\n');
});

test('cp: a file and a directory to the pod and back (through the container\'s own tar)', () => {
  const h = frozen();
  apply(h, pod('box', { containers: [{ name: 'box', image: 'busybox', command: ['sleep', '3600'] }] }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cp-'));
  fs.writeFileSync(path.join(dir, 'one.txt'), 'first file\n');
  fs.mkdirSync(path.join(dir, 'tree', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tree', 'a.txt'), 'A\n');
  fs.writeFileSync(path.join(dir, 'tree', 'sub', 'b.bin'), Buffer.from([0, 1, 2, 255, 254, 10]));
  const hasTar = kctl(h, ['exec', 'box', '--', 'tar', '--help']).stderr.indexOf('applet not found') < 0;
  const up = kctl(h, ['cp', path.join(dir, 'one.txt'), 'box:/tmp/one.txt']);
  if (!hasTar) {
    // the image without a tar (until the userland has one): kubectl's exec error path
    assert.equal(up.code, 127);
    assert.match(up.stderr, /command terminated with exit code 127\n$/);
    return;
  }
  ok(up);
  assert.equal(ok(kctl(h, 'exec box -- cat /tmp/one.txt')).stdout, 'first file\n');
  ok(kctl(h, ['cp', path.join(dir, 'tree'), 'box:/tmp/tree']));
  assert.equal(ok(kctl(h, 'exec box -- cat /tmp/tree/a.txt')).stdout, 'A\n');
  const back = path.join(dir, 'back');
  const r = ok(kctl(h, ['cp', 'box:/tmp/tree', back]));
  assert.equal(r.stdout, "tar: removing leading '/' from member names\n");
  assert.equal(fs.readFileSync(path.join(back, 'a.txt'), 'utf8'), 'A\n');
  assert.deepEqual([...fs.readFileSync(path.join(back, 'sub', 'b.bin'))], [0, 1, 2, 255, 254, 10]);
  const one = path.join(dir, 'one-back.txt');
  ok(kctl(h, ['cp', 'default/box:/tmp/one.txt', one]));
  assert.equal(fs.readFileSync(one, 'utf8'), 'first file\n');
});

// ------------------------------------------------------------------------------------------ top
const METRICS_SERVER = [
  { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { group: 'metrics.k8s.io', groupPriorityMinimum: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system' }, version: 'v1beta1', versionPriority: 100 } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'metrics-server', namespace: 'kube-system', labels: { 'k8s-app': 'metrics-server' } }, spec: { selector: { matchLabels: { 'k8s-app': 'metrics-server' } }, template: { metadata: { labels: { 'k8s-app': 'metrics-server' } }, spec: { containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2' }] } } } },
];
test('cp: a container without tar refuses both ways with the runtime\'s exec error, as kubectl shows it', () => {
  const h = freshHome();
  ok(kctl(h, ['run', 'echo', '--image=hashicorp/http-echo', '--', '-text=hi']));
  ok(kctl(h, 'sim advance 30s'));
  const f = tmpFile('x.txt', 'hi\n');
  const noTar = /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in \$PATH: unknown\n$/;
  for (const args of [['cp', f, 'echo:/tmp/x'], ['cp', 'echo:/etc/hostname', path.join(os.tmpdir(), `kctl-cp-${process.pid}`)]]) {
    const r = kctl(h, args);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, noTar);
  }
});

test('top: Metrics API not available as on kind, then metrics-server\'s numbers in kubectl top\'s columns', () => {
  const h = frozen();
  apply(h, pod('a', { containers: [{ name: 'a', image: 'busybox', command: ['sleep', '3600'] }] }));
  assert.equal(kctl(h, 'top pods').stderr, 'error: Metrics API not available\n');
  assert.equal(kctl(h, 'top nodes').stderr, 'error: Metrics API not available\n');
  apply(h, { apiVersion: 'v1', kind: 'List', items: METRICS_SERVER });
  assert.equal(kctl(h, 'top nodes').stderr, 'error: metrics not available yet\n');
  ok(kctl(h, 'sim advance 20s'));
  let r = ok(kctl(h, 'top pods'));
  assert.match(r.stdout, /^NAME   CPU\(cores\)   MEMORY\(bytes\)   \na      \d+m +\d+Mi +\n$/);
  r = ok(kctl(h, 'top pod a --containers --no-headers'));
  assert.match(r.stdout, /^a +a +\d+m +\d+Mi +\n$/);
  r = ok(kctl(h, 'top pods -A --sort-by=memory'));
  assert.match(r.stdout.split('\n')[0], /^NAMESPACE +NAME +CPU\(cores\) +MEMORY\(bytes\) +$/);
  r = ok(kctl(h, 'top nodes'));
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^NAME +CPU\(cores\) +CPU\(%\) +MEMORY\(bytes\) +MEMORY\(%\) +$/);
  assert.equal(lines.length, 4);
  for (const l of lines.slice(1)) assert.match(l, /^kctl-(control-plane|worker2?) +\d+m +\d+% +\d+Mi +\d+% *$/);
  assert.equal(kctl(h, 'top pods --sort-by=name').stderr, 'error: --sort-by accepts only cpu or memory\n');
  assert.equal(kctl(h, 'top pod a -l x=y').stderr, 'error: only one of NAME or selector can be provided\n');
  assert.equal(kctl(h, 'top pod nope').stderr, 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n');
  r = kctl(h, 'top pods -n empty');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, 'No resources found in empty namespace.\n');
});

// ------------------------------------------------------------------------------------------ debug
test('debug: an ephemeral container sharing the target\'s processes; describe shows it; --copy-to; node', () => {
  const h = frozen();
  apply(h, pod('web', { containers: [{ name: 'app', image: 'nginx' }] }));
  let r = ok(kctl(h, ['debug', 'web', '--image=busybox', '--target=app', '-c', 'dbg', '--', 'ps']));
  assert.equal(r.stdout, 'Targeting container "app". If you don\'t see processes from this container it may be because the container runtime doesn\'t support this feature.\n');
  assert.equal(r.stderr, '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n');
  const ps = ok(kctl(h, 'logs web -c dbg')).stdout;
  assert.match(ps, /^PID +USER +TIME +COMMAND\n +1 root +0:00 nginx/);
  const p = JSON.parse(ok(kctl(h, 'get pod web -o json')).stdout);
  assert.deepEqual(p.spec.ephemeralContainers, [{ command: ['ps'], image: 'busybox', imagePullPolicy: 'Always', name: 'dbg', resources: {}, targetContainerName: 'app', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }]);
  assert.equal(p.status.ephemeralContainerStatuses[0].state.terminated.reason, 'Completed');
  const d = ok(kctl(h, 'describe pod web')).stdout;
  // (the Command: line ends the first column block, as Go's tabwriter does in kubectl's describer)
  assert.match(d, /\nEphemeral Containers:\n  dbg:\n    Container ID:  containerd:\/\/[0-9a-f]{64}\n    Image:         busybox\n[^]*    Command:\n      ps\n    State:          Terminated\n/);
  // a name already taken, the API server's validation
  r = kctl(h, ['debug', 'web', '--image=busybox', '-c', 'app', '--profile=general']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'The Pod "web" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "app"\n');
  // a generated name
  r = ok(kctl(h, ['debug', 'web', '--image=busybox', '--profile=general']));
  assert.match(r.stdout, /^Defaulting debug container name to debugger-[bcdfghjklmnpqrstvwxz2456789]{5}\.\n$/);
  // --copy-to: a new pod with the debug container
  r = ok(kctl(h, ['debug', 'web', '--image=busybox', '--copy-to=web-copy', '-c', 'dbg', '--profile=general', '--', 'sleep', '3600']));
  const c = JSON.parse(ok(kctl(h, 'get pod web-copy -o json')).stdout);
  assert.deepEqual(c.spec.containers.map(x => x.name), ['app', 'dbg']);
  assert.equal(c.spec.shareProcessNamespace, true);
  // node: a pod on the node with the host's namespaces
  r = ok(kctl(h, ['debug', 'node/kctl-worker', '--image=busybox', '--profile=general', '--', 'true']));
  assert.match(r.stdout, /^Creating debugging pod node-debugger-kctl-worker-[a-z0-9]{5} with container debugger on node kctl-worker\.\n$/);
  const name = /pod (\S+) with/.exec(r.stdout)[1];
  const n = JSON.parse(ok(kctl(h, ['get', 'pod', name, '-o', 'json'])).stdout);
  assert.equal(n.spec.nodeName, 'kctl-worker');
  assert.equal(n.spec.hostPID, true);
  assert.equal(n.spec.volumes.find(v => v.name === 'host-root').hostPath.path, '/');
  assert.deepEqual(n.spec.containers[0].volumeMounts.find(m => m.name === 'host-root'), { mountPath: '/host', name: 'host-root' });
  // kubectl's own checks
  const e = (args, msg) => { const x = kctl(h, args); assert.equal(x.code, 1); assert.equal(x.stderr, msg); };
  e(['debug', 'web'], 'error: you must specify --image when not using --copy-to.\n');
  e(['debug', '--image=busybox'], 'error: NAME or filename is required for debug\n');
  e(['debug', 'web', '--image=busybox', '-t'], 'error: -i/--stdin is required for containers with -t/--tty=true\n');
  e(['debug', 'web', '--image=busybox', '--target=app', '--copy-to=x'], 'error: --target is incompatible with --copy-to. Use --share-processes instead.\n');
});

// ------------------------------------------------------------------------------------------ seeds
test('seed 002: kubectl logs {pod_name} and kubectl logs {pod_name} -c {container_name}', () => {
  const h = frozen();
  apply(h, pod('kubia', { containers: [{ name: 'kubia', image: 'busybox', command: ['sh', '-c', 'echo Kubia server starting...; sleep 3600'] }, { name: 'side', image: 'busybox', command: ['sh', '-c', 'echo side up; sleep 3600'] }] }));
  const r = ok(kctl(h, 'logs kubia'));
  assert.equal(r.stdout, 'Kubia server starting...\n');
  assert.equal(r.stderr, 'Defaulted container "kubia" out of: kubia, side\n');
  assert.equal(ok(kctl(h, 'logs kubia -c side')).stdout, 'side up\n');
});

test('seed 000 §6.2: `kubectl exec -it my-nginx-pod -c "ubuntu-sidecar-container" bash` is refused by kubectl 1.33; with -- it opens bash', async () => {
  const h = frozen();
  ok(kctl(h, ['apply', '-f', path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'seeds', 'nginx-pod-with-ubuntu.yml')]));
  const r = kctl(h, ['exec', '-it', 'my-nginx-pod', '-c', 'ubuntu-sidecar-container', 'bash']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kctl exec -h' for help and examples\n");
});

test('seed 000 §6.2: curl localhost from the sidecar shows nginx\'s page', () => {
  const h = frozen();
  ok(kctl(h, ['apply', '-f', path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'seeds', 'nginx-pod-with-ubuntu.yml')]));
  const c = kctl(h, ['exec', 'my-nginx-pod', '-c', 'ubuntu-sidecar-container', '--', 'curl', 'localhost'], { timeout: 15_000 });
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /<title>Welcome to nginx!<\/title>/);
});

test('seed 000 §6.2: exec -it … -- bash in the sidecar, curl localhost reaches nginx, exit says exit as bash does', { skip: !hasScript && 'needs script(1) for a pseudo-terminal' }, async () => {
  const h = frozen();
  ok(kctl(h, ['apply', '-f', path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'seeds', 'nginx-pod-with-ubuntu.yml')]));
  const r = await inPty(h, ['exec', '-it', 'my-nginx-pod', '-c', 'ubuntu-sidecar-container', '--', 'bash'], [
    [/root@my-nginx-pod:\/# $/, 'curl -s localhost | grep title\r'],
    [/<\/title>\r\nroot@my-nginx-pod:\/# $/, '(exit 4); echo $?\r'],
    [/4\r\nroot@my-nginx-pod:\/# $/, 'exit\r'],
  ]);
  assert.equal(r.code, 0);
  assert.equal(r.out, 'root@my-nginx-pod:/# curl -s localhost | grep title\r\n<title>Welcome to nginx!</title>\r\n'
    + 'root@my-nginx-pod:/# (exit 4); echo $?\r\n4\r\nroot@my-nginx-pod:/# exit\r\nexit\r\n');
});

test('logs job/x and sts/x; port-forward deploy/x on two ports answers the host\'s curl', { skip: !fs.existsSync('/usr/bin/curl') && 'needs curl' }, async () => {
  const h = frozen();
  ok(kctl(h, ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'from-job']));
  ok(kctl(h, ['apply', '-f', tmpFile('sts.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: s\n  replicas: 1\n  selector: {matchLabels: {app: s}}\n  template:\n    metadata: {labels: {app: s}}\n    spec:\n      containers: [{name: c, image: busybox, command: [sh, -c, "echo from-sts; sleep 1d"]}]\n')]));
  ok(kctl(h, 'create deployment web --image=nginx --port=80'));
  ok(kctl(h, 'sim advance 3s'));
  assert.equal(ok(kctl(h, 'logs job/j')).stdout, 'from-job\n');
  assert.equal(ok(kctl(h, 'logs sts/s')).stdout, 'from-sts\n');
  const p = kctlSpawn(h, ['port-forward', 'deploy/web', ':80', ':80']);
  let out = '';
  p.stdout.on('data', d => { out += d; });
  await until(() => out, o => (o.match(/Forwarding from 127\.0\.0\.1:\d+ -> 80\n/g) ?? []).length === 2);
  const ports = [...out.matchAll(/127\.0\.0\.1:(\d+) -> 80/g)].map(m => Number(m[1]));
  assert.notEqual(ports[0], ports[1]);
  for (const port of ports) {
    const c = await new Promise(r => { const x = spawn('/usr/bin/curl', ['-s', `http://127.0.0.1:${port}/`]); let o = ''; x.stdout.on('data', d => { o += d; }); x.on('exit', code => r({ code, o })); });
    assert.equal(c.code, 0);
    assert.match(c.o, /<title>Welcome to nginx!<\/title>/);
  }
  p.kill('SIGINT');
  assert.equal(await new Promise(r => p.on('exit', r)), 0);
});
