// Hostile environments and every wait ending: an impossible, read-only or full KCTL_HOME, a database locked by
// another process, KUBECONFIG lists, --request-timeout and --timeout as kubectl reads them, SIGINT/SIGTERM,
// and kubectl's words for YAML that hurts (test/golden/hardening/cases.json, recorded from kubectl 1.33).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kctl, kctlSpawn, freshHome, tmpFile, until, ROOT, KCTL } from './helpers.mjs';
import { manifestCases, kubeconfigCases } from './golden/hardening/make-golden.mjs';

const GOLDEN = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/golden/hardening/cases.json'), 'utf8'));
const ok = (home, args, opts) => { const r = kctl(home, args, opts); assert.equal(r.code, 0, `${args}: ${r.stderr}`); return r; };
const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const exited = p => new Promise(resolve => p.on('close', (code, signal) => resolve({ code, signal })));
/** A mount of our own (tmpfs or a read-only bind), where the machine lets us (root with mount): else undefined. */
function tryMount(args, dir) {
  if (process.getuid?.() !== 0) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', [...args, dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  process.on('exit', () => spawnSync('umount', ['-l', dir]));
  return () => spawnSync('umount', ['-l', dir]);
}

// ---------- KCTL_HOME ----------

test('an impossible KCTL_HOME fails at once with a clear error (it used to spin forever on /proc)', () => {
  for (const home of ['/proc/nope', '/proc/nope/deeper']) {
    const r = kctl(home, 'get pods', { timeout: 20_000 });
    assert.equal(r.signal, null, `${home}: did not end`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error: cannot create kctl's state directory: mkdir ${home.split('/').slice(0, 3).join('/')}: (no such file or directory|not a directory) \\(KCTL_HOME must name a writable directory; it is ${home}\\)\\n$`));
  }
  // a file where the home should be: its kubeconfig cannot even be read
  const file = tmpFile('not-a-dir', 'x');
  const r = kctl(path.join(file, 'home'), 'get pods', { timeout: 20_000 });
  assert.deepEqual([r.signal, r.code], [null, 1]);
  assert.equal(r.stderr, `error: error loading config file "${file}/home/config": open ${file}/home/config: not a directory\n`);
});

test('a read-only KCTL_HOME: reads work (caught up in memory), writes are refused, nothing changes', () => {
  const home = freshHome();
  ok(home, 'create configmap before --from-literal=a=1');
  // a read-only bind mount where the machine allows it, else permissions (which root ignores)
  const ro = path.join(os.tmpdir(), `kctl-ro-${process.pid}`);
  let undo = tryMount(['--bind', home], ro);
  let dir = ro;
  if (undo && spawnSync('mount', ['-o', 'remount,bind,ro', ro]).status !== 0) { undo(); undo = undefined; }
  if (!undo) {
    if (process.getuid?.() === 0) return assert.ok(true, 'root without mount: permissions cannot make a directory read-only');
    dir = home;
    fs.chmodSync(path.join(home, 'clusters'), 0o555); fs.chmodSync(path.join(home, 'clusters', 'kctl.db'), 0o444); fs.chmodSync(home, 0o555);
    undo = () => { fs.chmodSync(home, 0o755); fs.chmodSync(path.join(home, 'clusters'), 0o755); fs.chmodSync(path.join(home, 'clusters', 'kctl.db'), 0o644); };
  }
  try {
    let r = kctl(dir, 'get configmap before -o name');
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'configmap/before\n', '']);
    r = kctl(dir, 'get nodes');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kctl-control-plane\s+Ready/);
    r = kctl(dir, 'create configmap after --from-literal=a=1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: failed to create configmap: Internal error occurred: the cluster database .*kctl\.db is read-only.*: KCTL_HOME is not writable\n$/);
    r = kctl(dir, ['apply', '-f', tmpFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\n')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error from server \(InternalError\): error when creating ".*cm\.yaml": Internal error occurred: the cluster database .* is read-only/);
    r = kctl(dir, 'create configmap dry --from-literal=a=1 --dry-run=server -o name');
    assert.deepEqual([r.code, r.stdout], [0, 'configmap/dry\n'], r.stderr);
    r = kctl(dir, 'sim advance 1m');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: cannot change the cluster: the cluster database .* is read-only/);
    r = kctl(dir, 'config use-context kctl-kctl');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: cannot lock the kubeconfig: open .*config\.lock: (read-only file system|permission denied)\n$/);
  } finally { undo(); }
  assert.equal(kctl(home, 'get configmap after').code, 1, 'the refused write stored nothing');
  ok(home, 'create configmap after --from-literal=a=1');
});

test('a read-only KCTL_HOME without a cluster gets a clear error at once', () => {
  const dir = path.join(os.tmpdir(), `kctl-ro-empty-${process.pid}`);
  const undo = tryMount(['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs'], dir);
  if (!undo) return;
  try {
    const r = kctl(path.join(dir, 'home'), 'get pods', { timeout: 20_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: cannot create kctl's state directory: mkdir .*home: read-only file system/);
  } finally { undo(); }
});

test('a kubeconfig deleted under an existing cluster: kctl writes its entries again and keeps the cluster', () => {
  const home = freshHome();
  ok(home, 'create configmap keep --from-literal=a=1');
  fs.rmSync(path.join(home, 'config'));
  assert.equal(ok(home, 'get configmap keep -o name').stdout, 'configmap/keep\n');
  assert.match(ok(home, 'config current-context').stdout, /^kctl-kctl\n$/);
});

// ---------- a full disk ----------

function bigApply(n, size) {
  const items = Array.from({ length: n }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${i}` }, data: { d: 'x'.repeat(size) } }));
  return tmpFile('big.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
}
function assertFullDiskRefused(r, home) {
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stderr, STACK);
  assert.match(r.stderr, /cannot write to the cluster database( .*kctl\.db)?: no space left on device/);
  const after = kctl(home, 'get configmaps -o name');
  assert.equal(after.code, 0, `the cluster is still readable: ${after.stderr}`);
  // one apply is one transaction: what failed is not half there
  assert.doesNotMatch(after.stdout, /configmap\/big-/);
}

test('a full disk (SQLITE_FULL, as ENOSPC gives): a clear error, the write rolled back, the cluster readable', () => {
  const home = freshHome();
  ok(home, 'get ns');
  const f = bigApply(40, 20_000);
  assertFullDiskRefused(kctl(home, ['apply', '-f', f], { env: { KCTL_TEST_DB_FREE_PAGES: '20' } }), home);
  ok(home, ['apply', '-f', f]);
  assert.equal(ok(home, 'get configmaps -o name').stdout.split('\n').filter(l => l.startsWith('configmap/big-')).length, 40);
});

test('a full disk for real (a small tmpfs, where the machine lets us mount one)', () => {
  const dir = path.join(os.tmpdir(), `kctl-full-${process.pid}`);
  const undo = tryMount(['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs'], dir);
  if (!undo) return;
  try {
    const home = path.join(dir, 'home');
    ok(home, 'get ns');
    // fill the disk but for ~300 KB
    const filler = path.join(dir, 'filler');
    const fd = fs.openSync(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try { for (;;) fs.writeSync(fd, chunk); } catch (e) { assert.equal(e.code, 'ENOSPC'); }
    fs.closeSync(fd);
    fs.truncateSync(filler, fs.statSync(filler).size - 300 * 1024);
    const f = bigApply(60, 20_000);
    assertFullDiskRefused(kctl(home, ['apply', '-f', f]), home);
    fs.rmSync(filler);
    ok(home, ['apply', '-f', f]);
  } finally { undo(); }
});

// ---------- a database locked by another process ----------

/** Another process holding the cluster's write lock (BEGIN IMMEDIATE) until killed. */
async function lockDatabase(home) {
  const db = path.join(home, 'clusters', 'kctl.db');
  const p = spawn(process.execPath, ['-e', `
    const D = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))});
    const d = new D(${JSON.stringify(db)}); d.exec('BEGIN IMMEDIATE'); d.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('locker', '1')").run();
    process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', d => (out += d));
  await until(() => out, o => o.includes('locked'));
  return () => { p.kill('SIGKILL'); return exited(p); };
}

test('a database locked past the timeout: kubectl\'s words for a server that does not answer, nothing stored', async () => {
  const home = freshHome();
  ok(home, 'get ns');
  const unlock = await lockDatabase(home);
  try {
    // the client's --request-timeout comes first: client-go's words
    let r = kctl(home, 'get pods --request-timeout=1s');
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n']);
    r = kctl(home, 'create configmap locked --from-literal=a=1 --request-timeout=1');
    assert.deepEqual([r.code, r.stderr], [1, 'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n']);
    // else the server's own request timeout (KCTL_LOCK_TIMEOUT_MS stands for its minute)
    r = kctl(home, 'get pods', { env: { KCTL_LOCK_TIMEOUT_MS: '700' } });
    assert.deepEqual([r.code, r.stderr], [1, 'Error from server (Timeout): Timeout: request did not complete within requested timeout - context deadline exceeded\n']);
    r = kctl(home, 'get pods -w --request-timeout=800ms');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Unable to connect to the server: /);
  } finally { await unlock(); }
  assert.equal(kctl(home, 'get configmap locked').code, 1, 'nothing was stored');
  ok(home, 'create configmap locked --from-literal=a=1');
});

// ---------- KUBECONFIG ----------

test('KUBECONFIG lists are merged as kubectl merges them; changes go where kubectl writes them', () => {
  const home = freshHome();
  ok(home, 'get ns');
  const own = JSON.parse(fs.readFileSync(path.join(home, 'config'), 'utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-kc-'));
  // a.yaml: no current-context, a context `shared` on the kctl cluster in namespace dev; b.json: kctl's own
  // file (current-context kctl-kctl) plus its own `shared` pointing elsewhere, which a.yaml's shadows
  const a = path.join(dir, 'a.yaml'), b = path.join(dir, 'b.json'), missing = path.join(dir, 'missing.yaml');
  fs.writeFileSync(a, `apiVersion: v1\nkind: Config\ncontexts:\n- name: shared\n  context: {cluster: kctl-kctl, user: kctl-kctl, namespace: dev}\n`);
  fs.writeFileSync(b, JSON.stringify({ ...own, contexts: [...own.contexts, { name: 'shared', context: { cluster: 'nowhere', user: 'kctl-kctl' } }] }));
  const env = { KUBECONFIG: [missing, a, b].join(path.delimiter) };
  let r = ok(home, 'config get-contexts', { env });
  assert.equal(r.stdout, 'CURRENT   NAME        CLUSTER     AUTHINFO    NAMESPACE\n*         kctl-kctl   kctl-kctl   kctl-kctl   \n          shared      kctl-kctl   kctl-kctl   dev\n');
  ok(home, 'create namespace dev', { env });
  ok(home, 'create configmap in-dev --from-literal=a=1 --context=shared', { env });
  assert.match(ok(home, 'get configmap -n dev -o name', { env }).stdout, /^configmap\/in-dev$/m);
  // current-context goes to the file that set it (b); a new context to the first file that exists (a)
  ok(home, 'config use-context shared', { env });
  assert.equal(JSON.parse(fs.readFileSync(b, 'utf8'))['current-context'], 'shared');
  assert.doesNotMatch(fs.readFileSync(a, 'utf8'), /current-context: shared/);
  ok(home, 'config set-context extra --cluster=kctl-kctl --user=kctl-kctl', { env });
  assert.ok(readAny(a).contexts.some(c => c.name === 'extra'));
  assert.ok(!JSON.parse(fs.readFileSync(b, 'utf8')).contexts.some(c => c.name === 'extra'));
  // a change to an entry is made in the file that defines it
  ok(home, 'config set-context shared --namespace=kube-system', { env });
  assert.equal(readAny(a).contexts.find(c => c.name === 'shared').context.namespace, 'kube-system');
  assert.equal(JSON.parse(fs.readFileSync(b, 'utf8')).contexts.find(c => c.name === 'shared').context.cluster, 'nowhere');
  assert.ok(!fs.existsSync(missing), 'a missing file in the list is skipped, not created');
  // a malformed file anywhere in the list: kubectl's error
  fs.writeFileSync(missing, 'clusters: "x"\n');
  r = kctl(home, 'get pods', { env });
  assert.deepEqual([r.code, r.stderr], [1, `error: error loading config file "${missing}": json: cannot unmarshal string into Go struct field Config.clusters of type []v1.NamedCluster\n`]);
  r = kctl(home, ['get', 'pods', '--kubeconfig', path.join(dir, 'nope.yaml')]);
  assert.deepEqual([r.code, r.stderr], [1, `error: stat ${path.join(dir, 'nope.yaml')}: no such file or directory\n`]);
});
function readAny(f) {
  const t = fs.readFileSync(f, 'utf8');
  try { return JSON.parse(t); } catch { return JSON.parse(spawnSync(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(path.join(ROOT, 'node_modules', 'yaml'))}).parse(require('fs').readFileSync(${JSON.stringify(f)}, 'utf8'))))`], { encoding: 'utf8' }).stdout); }
}

test('broken kubeconfigs get kubectl\'s messages (golden, from kubectl 1.33)', () => {
  const home = freshHome();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-kcg-'));
  for (const [name, text] of Object.entries(kubeconfigCases())) {
    const want = GOLDEN.kubeconfigs[name];
    fs.writeFileSync(path.join(dir, name), text);
    const r = kctl(home, ['--kubeconfig', name, 'config', 'view', '-o', 'jsonpath={.current-context}'], { cwd: dir });
    if (want.code !== 0) assert.deepEqual([r.code, r.stderr], [want.code, want.stderr], name);
    else assert.equal(r.code, 0, `${name}: ${r.stderr}`);
  }
  const r = kctl(home, 'get pods --context=nope');
  assert.deepEqual([r.code, r.stderr], [1, 'Error in configuration: context was not found for specified context: nope\n']);
  assert.deepEqual(Object.values(kctl(home, 'get pods --cluster=nope')).slice(1, 3), ['error: no server found for cluster "nope"\n', 1]);
});

// ---------- durations and timeouts ----------

test('--timeout values and --request-timeout are read as kubectl reads them, with its errors (golden)', () => {
  const home = freshHome();
  ok(home, 'get ns');
  for (const c of GOLDEN.flags) {
    const r = kctl(home, c.args);
    assert.equal(r.code, 1, c.args.join(' '));
    assert.equal(r.stderr.trimEnd(), c.stderr.replaceAll('kubectl', 'kctl'), c.args.join(' '));
  }
  // what kubectl accepts
  for (const t of ['0', '1.5h', '-1s', '1h2m3s', '+3s', '.5s', '1us', '1µs', '100ms']) {
    const r = kctl(home, ['wait', '--for=delete', 'pod/nope', `--timeout=${t}`]);
    assert.equal(r.code, 0, `${t}: ${r.stderr}`);
  }
  for (const t of ['0', '5', '01', '+3', '1.5s', '-1s', '']) assert.equal(kctl(home, ['get', 'ns', `--request-timeout=${t}`]).code, 0, t);
});

test('get -w ends when --request-timeout runs out (quietly, exit 0, as kubectl\'s watch does)', () => {
  const home = freshHome();
  ok(home, 'run w --image=nginx');
  const r = kctl(home, 'get pods -w --request-timeout=1s', { timeout: 30_000 });
  assert.equal(r.signal, null, 'the watch ended by itself');
  assert.deepEqual([r.code, r.stderr], [0, '']);
  assert.match(r.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nw\s+1\/1\s+Running/);
  const y = kctl(home, 'get pod w -w -o name --request-timeout=2', { timeout: 30_000 });
  assert.deepEqual([y.code, y.stdout], [0, 'pod/w\n']);
});

test('logs -f ends when --request-timeout runs out, with client-go\'s words and exit 1 (as kubectl 1.33 against kctl serve)', () => {
  const home = freshHome();
  ok(home, ['run', 'chatty', '--image=busybox', '--', 'sh', '-c', 'while true; do echo hi; sleep 1; done']);
  for (const args of [['logs', '-f', 'chatty'], ['logs', '-f', '-l', 'run=chatty']]) {
    const r = kctl(home, [...args, '--request-timeout=1s'], { timeout: 30_000 });
    assert.equal(r.signal, null, 'the follow ended by itself');
    assert.deepEqual([r.code, r.stderr], [1, 'error: net/http: request canceled (Client.Timeout or context cancellation while reading body)\n'], args.join(' '));
    assert.match(r.stdout, /^hi\n/);
  }
});

test('wait, rollout status and delete --wait end at their --timeout with kubectl\'s words', () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  ok(home, 'run w --image=nginx');
  let r = kctl(home, 'wait --for=delete pod/w --timeout=1s', { timeout: 30_000 });
  assert.deepEqual([r.code, r.stderr], [1, 'error: timed out waiting for the condition on pods/w\n']);
  // a finalizer nobody removes: the object stays
  ok(home, ['apply', '-f', tmpFile('held.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\n')]);
  r = kctl(home, 'delete configmap held --timeout=1s', { timeout: 30_000 });
  assert.deepEqual([r.code, r.stdout, r.stderr], [1, 'configmap "held" deleted\n', 'error: timed out waiting for the condition on configmaps/held\n']);
  ok(home, 'create deployment d --image=nginx');
  ok(home, ['patch', 'deploy', 'd', '-p', '{"spec":{"minReadySeconds":30}}']);
  ok(home, 'set image deploy/d nginx=nginx:1.27');
  r = kctl(home, 'rollout status deploy/d --timeout=1s', { timeout: 30_000 });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Waiting for deployment "d" rollout to finish: /);
  assert.equal(r.stderr, 'error: timed out waiting for the condition\n');
});

// ---------- signals ----------

/** Start kctl, wait until it printed `ready` on stdout, send it a signal; resolve with how it ended. */
async function signalWhile(home, argv, ready, sig) {
  const p = kctlSpawn(home, argv);
  let out = '', err = '';
  p.stdout.on('data', d => (out += d));
  p.stderr.on('data', d => (err += d));
  const done = exited(p);
  await until(() => out + err, s => ready.test(s), 30_000);
  p.kill(sig);
  const r = await done;
  return { ...r, out, err };
}

test('SIGINT and SIGTERM end a waiting verb at once, by the signal (a shell sees 130/143), holding no lock', async () => {
  const home = freshHome();
  ok(home, 'sim freeze');
  ok(home, 'run w --image=nginx');
  ok(home, 'create deployment d --image=nginx');
  ok(home, ['patch', 'deploy', 'd', '-p', '{"spec":{"minReadySeconds":30}}']);
  ok(home, 'set image deploy/d nginx=nginx:1.27');
  ok(home, ['apply', '-f', tmpFile('held.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\n')]);
  const cases = [
    [['get', 'pods', '-w'], /w\s+1\/1/, 'SIGINT'],
    [['get', 'pods', '-w', '-o', 'name'], /pod\/w/, 'SIGTERM'],
    [['wait', '--for=delete', 'pod/w', '--timeout=10m'], /^$/, 'SIGINT'],
    [['rollout', 'status', 'deploy/d'], /Waiting for deployment/, 'SIGTERM'],
    [['delete', 'configmap', 'held', '--timeout=10m'], /configmap "held" deleted/, 'SIGINT'],
  ];
  for (const [argv, ready, sig] of cases) {
    const r = await signalWhile(home, argv, ready, sig);
    assert.deepEqual([r.code, r.signal], [null, sig], `${argv.join(' ')}: ${r.err}`);
    assert.doesNotMatch(r.err, STACK);
    // nothing holds the lock: a write goes through without waiting
    const w = kctl(home, ['label', 'deploy', 'd', `sig-${argv[0]}=x`, '--overwrite', '--request-timeout=5s']);
    assert.equal(w.code, 0, `after ${argv.join(' ')}: ${w.stderr}`);
  }
  // what a shell reports: 128 + the signal
  const sh = spawnSync('sh', ['-c', `"${process.execPath}" "${KCTL}" get pods -w & p=$!; sleep 1; kill -INT $p; wait $p; echo "exit=$?"; "${process.execPath}" "${KCTL}" get pods -w & p=$!; sleep 1; kill -TERM $p; wait $p; echo "exit=$?"`],
    { env: { ...process.env, KCTL_HOME: home }, encoding: 'utf8', timeout: 60_000 });
  assert.match(sh.stdout, /exit=130\n[\s\S]*exit=143\n$/);
});

test('SIGTERM in the middle of a step leaves nothing half-written and no lock held', async () => {
  const home = freshHome();
  ok(home, 'get ns');
  const items = Array.from({ length: 3000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } }));
  const f = tmpFile('many.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  for (const [delay, sig] of [[150, 'SIGTERM'], [400, 'SIGINT'], [900, 'SIGTERM']]) {
    const p = kctlSpawn(home, ['apply', '-f', f]);
    const done = exited(p);
    await new Promise(r => setTimeout(r, delay));
    p.kill(sig);
    const r = await done;
    assert.ok(r.signal === sig || r.code === 0, `ended by ${r.signal ?? r.code}`);
    const n = kctl(home, ['get', 'cm', '-o', 'name', '--request-timeout=10s']);
    assert.equal(n.code, 0, n.stderr);
    const count = n.stdout.split('\n').filter(l => l.startsWith('configmap/cm-')).length;
    assert.ok(count === 0 || count === 3000, `half-written apply: ${count}`);
    if (count === 3000) break;
  }
  // the kubeconfig lock of a killed writer is taken over at once (it names a pid that is gone)
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  fs.writeFileSync(path.join(home, 'config.lock'), dead);
  const r = kctl(home, 'config set-context kctl-kctl --namespace=default', { timeout: 8000 });
  assert.deepEqual([r.signal, r.code], [null, 0], r.stderr);
  assert.ok(!fs.existsSync(path.join(home, 'config.lock')));
});

// ---------- YAML that hurts ----------

test('YAML and JSON that hurt get kubectl\'s words (golden, from kubectl 1.33)', () => {
  const home = freshHome();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-yg-'));
  for (const [name, text] of Object.entries(manifestCases())) {
    const want = GOLDEN.manifests[name];
    fs.writeFileSync(path.join(dir, name), text);
    const r = kctl(home, ['annotate', '--local', '-f', name, 'none-', '-o', 'name'], { cwd: dir, timeout: 60_000 });
    assert.equal(r.code, want.code, `${name}: ${r.stderr}`);
    assert.equal(r.stderr, want.stderr, name);
    // kubectl prints the documents before a broken one as it goes; kctl refuses the file whole
    if (want.code === 0) assert.equal(r.stdout, want.stdout, name);
    // the same refusal from a verb that writes, with nothing stored
    if (want.code !== 0 && /depth|aliasing|separator/.test(want.stderr)) {
      const a = kctl(home, ['apply', '-f', name], { cwd: dir, timeout: 60_000 });
      assert.deepEqual([a.code, a.stdout, a.stderr], [1, '', want.stderr.replace(/\n$/, '') + '\n'], name);
    }
  }
  assert.equal(kctl(home, 'get configmap a').code, 1);
});

test('nesting kctl cannot follow, and requests larger than the API server takes, are refused in kubectl\'s way', () => {
  const home = freshHome();
  let r = kctl(home, ['apply', '-f', tmpFile('d.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata:\n  a: b\nx: ${'['.repeat(3000)}${']'.repeat(3000)}\n`)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: error parsing .*d\.yaml: error converting YAML to JSON: yaml: line 6: exceeded max depth of 500 \(kctl's own limit; kubectl allows 10000\)\n$/);
  r = kctl(home, ['apply', '-f', tmpFile('d.json', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"x":${'['.repeat(3000)}${']'.repeat(3000)}}`)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: error parsing .*d\.json: json: offset \d+: exceeded max depth of 500/);
  // a manifest nested as deep as real ones go is fine
  r = kctl(home, ['apply', '-f', tmpFile('ok.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', annotations: { a: JSON.stringify(JSON.parse('['.repeat(400) + ']'.repeat(400))) } } }))]);
  assert.equal(r.code, 0, r.stderr);
  // kube-apiserver's request body limit (3 MiB)
  const big = tmpFile('big.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: ${'x'.repeat(3_200_000)}\n`);
  r = kctl(home, ['create', '-f', big]);
  assert.deepEqual([r.code, r.stderr], [1, `Error from server (RequestEntityTooLarge): error when creating "${big}": Request entity too large: limit is 3145728\n`]);
  assert.equal(kctl(home, 'get configmap big').code, 1);
});
