// kctl serve: the simulated cluster behind the Kubernetes HTTP API (issue 11). Clients here are
// @kubernetes/client-node (CRUD, watch, an informer-driven controller), raw HTTPS (authentication, errors,
// discovery) and a load of concurrent clients; the real kubectl drives the other test files a second time
// through the server (npm run test:serve, KCTL_VIA_KUBECTL in test/helpers.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import http from 'node:http';
import fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { kctl, freshHome, KCTL, kubectlOracle, tmpFile, FIXTURES, VIA_KUBECTL } from './helpers.mjs';

/** Start `kctl serve` in a fresh home; resolves with its kubeconfig and a stop function. */
async function serve(extra = []) {
  const home = freshHome();
  const kubeconfig = path.join(home, 'k.kubeconfig');
  const child = spawn(process.execPath, [KCTL, 'serve', '--port', '0', '--kubeconfig-out', kubeconfig, ...extra], {
    env: { ...process.env, KCTL_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  child.stdout.on('data', d => { out += d; });
  child.stderr.on('data', d => { err += d; });
  const t0 = Date.now();
  while (!fs.existsSync(kubeconfig)) {
    if (Date.now() - t0 > 30000) throw new Error(`serve did not start: ${err}`);
    await new Promise(r => setTimeout(r, 50));
  }
  const exited = new Promise(r => child.on('exit', (code, signal) => r({ code, signal })));
  const stop = async () => { child.kill('SIGTERM'); return exited; };
  after(() => { try { child.kill('SIGKILL'); } catch {} });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { home, kubeconfig, kc, stop, out: () => out, err: () => err };
}

/** A raw HTTPS request to the server with the kubeconfig's CA (and its token unless told otherwise). */
function raw(kc, method, p, { token, body, headers = {} } = {}) {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const u = new URL(p, cluster.server);
  return new Promise((resolve, reject) => {
    const req = https.request(u, {
      method, ca: Buffer.from(cluster.caData, 'base64'),
      headers: { ...(token !== null ? { Authorization: `Bearer ${token ?? user.token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    }, res => {
      let text = '';
      res.on('data', d => { text += d; });
      res.on('end', () => resolve({ code: res.statusCode, headers: res.headers, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() }));
    });
    req.on('error', reject);
    if (body) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

const until = async (pred, ms = 20000) => {
  const t0 = Date.now();
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 100));
  }
};

test('the server: where it listens, its kubeconfig, 401 without the token, discovery, version, SIGTERM exits 0', async () => {
  const s = await serve();
  assert.match(s.out(), /^Serving cluster "kctl" on https:\/\/127\.0\.0\.1:\d+\n/);
  const cfg = JSON.parse(fs.readFileSync(s.kubeconfig, 'utf8'));
  assert.equal(cfg.users[0].name, 'kctl-kctl');
  assert.equal((fs.statSync(s.kubeconfig).mode & 0o777), 0o600);
  let r = await raw(s.kc, 'GET', '/api/v1/pods', { token: null });
  assert.equal(r.code, 401);
  assert.deepEqual(r.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  r = await raw(s.kc, 'GET', '/api/v1/pods', { token: 'wrong' });
  assert.equal(r.code, 401);
  r = await raw(s.kc, 'GET', '/version');
  assert.equal(r.json.gitVersion, 'v1.33.1');
  r = await raw(s.kc, 'GET', '/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
  assert.equal(r.json.kind, 'APIGroupDiscoveryList');
  assert.ok(r.json.items.some(g => g.metadata.name === 'apps'));
  r = await raw(s.kc, 'GET', '/readyz');
  assert.deepEqual([r.code, r.text], [200, 'ok']);
  r = await raw(s.kc, 'GET', '/api/v1/namespaces/default/pods/nope');
  assert.deepEqual([r.code, r.json.reason, r.json.message], [404, 'NotFound', 'pods "nope" not found']);
  // a stale resourceVersion is a conflict
  r = await raw(s.kc, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } } });
  assert.equal(r.code, 201);
  const stale = r.json;
  r = await raw(s.kc, 'PUT', '/api/v1/namespaces/default/configmaps/c', { body: { ...stale, data: { a: '2' } } });
  assert.equal(r.code, 200);
  r = await raw(s.kc, 'PUT', '/api/v1/namespaces/default/configmaps/c', { body: { ...stale, data: { a: '3' } } });
  assert.deepEqual([r.code, r.json.reason, r.json.message], [409, 'Conflict', 'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again']);
  // bad requests: refused with the API server's Status, and nothing written
  const bad = [
    ['POST', '/api/v1/namespaces/default/configmaps', { body: '{bad' }, 400, "couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string"],
    ['POST', '/api/v1/namespaces/default/configmaps', { body: 'x', headers: { 'Content-Type': 'text/plain' } }, 415, 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/cbor'],
    ['POST', '/api/v1/namespaces/default/configmaps?dryRun=Bogus', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } } }, 400, 'dryRun: Unsupported value: "Bogus": supported values: "All"'],
    ['DELETE', '/api/v1/namespaces/default/configmaps/c?propagationPolicy=Bogus', {}, 422, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan"'],
    ['GET', '/api/v1/pods?limit=abc', {}, 400, 'strconv.ParseInt: parsing "abc": invalid syntax'],
  ];
  for (const [method, p, o, code, message] of bad) {
    r = await raw(s.kc, method, p, o);
    assert.deepEqual([r.code, r.json?.message], [code, message], `${method} ${p}`);
  }
  assert.equal(kctl(s.home, 'get cm dry').code, 1);
  // what the server wrote, the CLI sees (one database)
  assert.equal(kctl(s.home, 'get cm c -o jsonpath={.data.a}').stdout, '2');
  assert.deepEqual(await s.stop(), { code: 0, signal: null });
});

test('client-node creates, lists, watches, patches and deletes; deployments run pods', async () => {
  const s = await serve();
  const core = s.kc.makeApiClient(k8s.CoreV1Api);
  const apps = s.kc.makeApiClient(k8s.AppsV1Api);
  const ns = await core.createNamespace({ body: { metadata: { name: 'cn' } } });
  assert.equal(ns.status.phase, 'Active');
  await core.createNamespacedConfigMap({ namespace: 'cn', body: { metadata: { name: 'a' }, data: { x: '1' } } });
  const list = await core.listNamespacedConfigMap({ namespace: 'cn' });
  assert.deepEqual(list.items.map(i => i.metadata.name).sort(), ['a', 'kube-root-ca.crt']);
  const seen = [];
  const w = await new k8s.Watch(s.kc).watch('/api/v1/namespaces/cn/configmaps', { resourceVersion: list.metadata.resourceVersion }, (type, obj) => seen.push(`${type} ${obj.metadata.name}`), () => {});
  await core.createNamespacedConfigMap({ namespace: 'cn', body: { metadata: { name: 'b' } } });
  const p = await core.patchNamespacedConfigMap({ namespace: 'cn', name: 'b', body: { data: { y: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  assert.deepEqual(p.data, { y: '2' });
  await core.deleteNamespacedConfigMap({ namespace: 'cn', name: 'a' });
  await until(() => seen.length >= 3);
  assert.deepEqual(seen, ['ADDED b', 'MODIFIED b', 'DELETED a']);
  w.abort();
  await apps.createNamespacedDeployment({ namespace: 'cn', body: { metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'n', image: 'nginx' }] } } } } });
  const pods = await until(async () => {
    const l = await core.listNamespacedPod({ namespace: 'cn', labelSelector: 'app=web' });
    return l.items.length === 2 && l.items.every(x => x.status.phase === 'Running') && l.items;
  });
  assert.ok(pods.every(x => x.metadata.ownerReferences[0].kind === 'ReplicaSet'));
  await assert.rejects(core.readNamespacedPod({ namespace: 'cn', name: 'nope' }), e => e.code === 404);
  await s.stop();
});

test('a controller written against client-node (an informer that labels pods) runs against kctl serve', async () => {
  const s = await serve();
  const core = s.kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(s.kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
  const label = async pod => {
    if (pod.metadata.labels?.seen === 'yes') return;
    await core.patchNamespacedPod({ namespace: 'default', name: pod.metadata.name, body: { metadata: { labels: { seen: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch)).catch(() => {});
  };
  informer.on('add', label);
  informer.on('update', label);
  await informer.start();
  // pods made by the kctl CLI, meanwhile, in another process
  assert.equal(kctl(s.home, 'create deployment web --image=nginx --replicas=3').code, 0);
  assert.equal(kctl(s.home, 'run solo --image=nginx').code, 0);
  await until(() => {
    const r = kctl(s.home, ['get', 'pods', '-l', 'seen=yes', '-o', 'name']);
    return r.stdout.trim().split('\n').filter(Boolean).length === 4;
  }, 30000);
  await informer.stop();
  await s.stop();
});

test('load: 50 clients × 200 mixed reads and writes, 20 watches open: no update lost, no watch event missed', async () => {
  const s = await serve();
  const core = s.kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'load' } } });
  // ten counters, each shared by five clients that race to update it
  for (let k = 0; k < 10; k++) await core.createNamespacedConfigMap({ namespace: 'load', body: { metadata: { name: `counter-${k}` }, data: { n: '0' } } });
  const start = await core.listNamespacedConfigMap({ namespace: 'load' });
  const watchers = [];
  for (let i = 0; i < 20; i++) {
    const got = { rvs: [], last: new Map() };
    const req = await new k8s.Watch(s.kc).watch('/api/v1/namespaces/load/configmaps', { resourceVersion: start.metadata.resourceVersion },
      (type, obj) => { got.rvs.push(Number(obj.metadata.resourceVersion)); got.last.set(obj.metadata.name, obj.data?.n); }, () => {});
    watchers.push({ got, req });
  }
  let increments = 0;
  const client = async c => {
    for (let i = 0; i < 200; i++) {
      switch (i % 4) {
        case 0: await core.createNamespacedConfigMap({ namespace: 'load', body: { metadata: { name: `c${c}-${i}` }, data: { n: String(i) } } }); break;
        case 1: await core.readNamespacedConfigMap({ namespace: 'load', name: `c${c}-${i - 1}` }); break;
        case 2: { // read-modify-write of a shared counter, retried on 409 as controllers do
          for (;;) {
            const cur = await core.readNamespacedConfigMap({ namespace: 'load', name: `counter-${c % 10}` });
            cur.data.n = String(Number(cur.data.n) + 1);
            try { await core.replaceNamespacedConfigMap({ namespace: 'load', name: `counter-${c % 10}`, body: cur }); increments++; break; }
            catch (e) { if (e.code !== 409) throw e; }
          }
          break;
        }
        default: await core.listNamespacedConfigMap({ namespace: 'load', limit: 50 });
      }
    }
  };
  await Promise.all(Array.from({ length: 50 }, (_, c) => client(c)));
  assert.equal(increments, 50 * 50);
  let finalRV = 0;
  for (let k = 0; k < 10; k++) {
    const final = await core.readNamespacedConfigMap({ namespace: 'load', name: `counter-${k}` });
    assert.equal(final.data.n, String(5 * 50)); // five clients, fifty increments each: none lost
    finalRV = Math.max(finalRV, Number(final.metadata.resourceVersion));
  }
  await until(() => watchers.every(w => w.got.rvs.length >= 2500 + 2500), 120000);
  for (const w of watchers) {
    // every watch saw every event once, in resourceVersion order: 2,500 creations and 2,500 counter updates
    assert.equal(w.got.rvs.length, 2500 + 2500);
    for (let k = 0; k < 10; k++) assert.equal(w.got.last.get(`counter-${k}`), String(5 * 50));
    assert.ok(w.got.rvs.every((rv, i) => i === 0 || rv > w.got.rvs[i - 1]), 'events in resourceVersion order, none twice');
    assert.ok(w.got.rvs.at(-1) >= finalRV);
    w.req.abort();
  }
  await s.stop();
});

test('kctl proxy: the API on local plain HTTP as the kubeconfig\'s user, with kubectl\'s filter', async () => {
  const home = freshHome();
  const child = spawn(process.execPath, [KCTL, 'proxy', '--port=0', '--api-prefix=/k8s-api'], { env: { ...process.env, KCTL_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  after(() => { try { child.kill('SIGKILL'); } catch {} });
  let out = '';
  child.stdout.on('data', d => { out += d; });
  await until(() => /Starting to serve on/.test(out), 30000);
  const m = /^Starting to serve on 127\.0\.0\.1:(\d+)\n$/.exec(out);
  assert.ok(m, out);
  const get = (p, headers = {}) => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: Number(m[1]), path: p, headers }, res => {
      let t = ''; res.on('data', d => { t += d; }); res.on('end', () => resolve({ code: res.statusCode, text: t }));
    }).on('error', reject);
  });
  let r = await get('/k8s-api/api/v1/namespaces/kube-system/pods');
  assert.equal(r.code, 200);
  assert.ok(JSON.parse(r.text).items.some(p => p.metadata.name.startsWith('coredns-')));
  r = await get('/k8s-api/api/v1/namespaces/default/pods/x/exec');
  assert.deepEqual([r.code, r.text], [403, 'Forbidden\n']);
  r = await get('/k8s-api/api/v1/pods', { Host: 'evil.example.com' });
  assert.equal(r.code, 403);
  r = await get('/elsewhere');
  assert.equal(r.code, 404);
  child.kill('SIGTERM');
  assert.equal(await new Promise(res => child.on('exit', c => res(c))), 0);
});

test('the real kubectl reads logs (and follows them), execs commands and attaches (run -i) through kctl serve', async () => {
  const k = kubectlOracle();
  assert.ok(k, 'the real kubectl 1.33 is on this machine');
  const s = await serve();
  const env = { ...process.env, KUBECONFIG: s.kubeconfig, KUBECACHEDIR: path.join(s.home, '.kube-cache') };
  const run = (args, input = '') => spawnSync(k, args, { env, input, encoding: 'utf8', timeout: 60000 });
  assert.equal(run(['run', 'bb', '--image=busybox:1.36', '--', 'sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done']).status, 0);
  await until(() => /tick 2\n/.test(run(['logs', 'bb']).stdout), 30000);
  assert.match(run(['logs', 'bb', '--tail=1']).stdout, /^tick \d+\n$/);
  let r = run(['exec', 'bb', '--', 'cat', '/etc/hostname']);
  assert.deepEqual([r.stdout, r.status], ['bb\n', 0]);
  r = run(['exec', 'bb', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.deepEqual([r.stdout, r.stderr, r.status], ['out\n', 'err\ncommand terminated with exit code 3\n', 3]);
  r = run(['exec', '-i', 'bb', '--', 'wc', '-l'], 'a\nb\n');
  assert.deepEqual([r.stdout.trim(), r.status], ['2', 0]);
  // run -i attaches to the new pod's process: its stdin and what it prints
  r = run(['run', 'reader', '--image=busybox:1.36', '-i', '--restart=Never', '--', 'sh', '-c', 'read x; echo got $x'], 'hi\n');
  assert.deepEqual([r.stdout, r.status], ['got hi\n', 0]);
  r = run(['logs', 'nope']);
  assert.deepEqual([r.stderr, r.status], ['error: error from server (NotFound): pods "nope" not found in namespace "default"\n', 1]); // as kctl logs prints it
  // -f follows until stopped: what the container writes meanwhile arrives
  const f = spawn(k, ['logs', '-f', 'bb', '--tail=1'], { env });
  let out = '';
  f.stdout.on('data', d => { out += d; });
  await until(() => out.split('\n').filter(Boolean).length >= 3, 30000);
  f.kill();
  await s.stop();
});

/** kubectl port-forward in the background: its output as it comes, the local port of each remote port. */
function portForward(k, env, args) {
  const p = spawn(k, ['port-forward', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const o = { out: '', err: '', exited: new Promise(r => p.on('exit', code => r(code))) };
  p.stdout.on('data', d => { o.out += d; });
  p.stderr.on('data', d => { o.err += d; });
  after(() => { try { p.kill('SIGKILL'); } catch {} });
  o.local = async remote => Number((await until(() => new RegExp(`^Forwarding from 127\\.0\\.0\\.1:(\\d+) -> ${remote}$`, 'm').exec(o.out), 30000))[1]);
  o.stop = () => { p.kill('SIGINT'); return o.exited; };
  return o;
}
/** An HTTP GET to a local port (a fresh connection each time); the error's code if the connection fails. */
const httpGet = (port, p = '/') => new Promise(resolve => {
  http.get({ host: '127.0.0.1', port, path: p, agent: false }, res => {
    let body = ''; res.on('data', d => { body += d; }); res.on('end', () => resolve({ status: res.statusCode, body }));
  }).on('error', e => resolve({ error: e.code ?? e.message }));
});

test('the real kubectl port-forwards a pod, a Service and a Deployment through kctl serve (WebSocket tunnel and SPDY fallback); a port nobody serves gets the kubelet\'s error', async () => {
  const k = kubectlOracle();
  assert.ok(k, 'the real kubectl 1.33 is on this machine');
  const s = await serve();
  const env = { ...process.env, KUBECONFIG: s.kubeconfig, KUBECACHEDIR: path.join(s.home, '.kube-cache') };
  const run = args => spawnSync(k, args, { env, encoding: 'utf8', timeout: 60000 });
  assert.equal(run(['run', 'web', '--image=nginx', '--port=80', '--labels=app=web']).status, 0);
  assert.equal(run(['expose', 'pod', 'web', '--port=8080', '--target-port=80']).status, 0);
  assert.equal(run(['create', 'deployment', 'dep', '--image=nginx', '--port=80']).status, 0);
  await until(() => run(['get', 'pods', '-o', 'jsonpath={.items[*].status.phase}']).stdout === 'Running Running', 30000);

  // kubectl 1.33's default: SPDY inside a WebSocket. Two ports of the pod; 81 has no listener.
  const pf = portForward(k, env, ['pod/web', ':80', ':81']);
  const p80 = await pf.local(80), p81 = await pf.local(81);
  let r = await httpGet(p80);
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>Welcome to nginx!<\/title>/);
  r = await httpGet(p80, '/nope');
  assert.equal(r.status, 404);
  assert.match(r.body, /404 Not Found/);
  r = await httpGet(p81);
  assert.ok(r.error, 'the connection to a port nobody serves ends without an answer');
  assert.equal(await pf.exited, 1);
  const uid = run(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.uid}']).stdout;
  const sandbox = uid.replace(/-/g, '').padEnd(64, '0');
  assert.ok(pf.err.includes(`"Unhandled Error" err="an error occurred forwarding ${p81} -> 81: error forwarding port 81 to pod ${sandbox}, uid : failed to execute portforward in network namespace \\"/var/run/netns/cni-${uid}\\": failed to connect to localhost:81 inside namespace \\"${sandbox}\\", IPv4: dial tcp4 127.0.0.1:81: connect: connection refused IPv6 dial tcp6 [::1]:81: connect: connection refused "\n`), pf.err);
  assert.match(pf.err, /\nerror: lost connection to pod\n$/);
  assert.equal(pf.out.match(/Handling connection for/g).length, 3);

  // a Service (its port turned into the pod's) over the WebSocket, several requests on one kept-alive connection
  const svc = portForward(k, env, ['svc/web', ':8080']);
  const ps = await svc.local(80);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 3; i++) {
    const x = await new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port: ps, path: '/', agent }, res => {
      let body = ''; res.on('data', d => { body += d; }); res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject));
    assert.deepEqual([x.status, /Welcome to nginx!/.test(x.body)], [200, true]);
  }
  agent.destroy();
  assert.equal(await svc.stop(), 0);
  assert.equal(svc.out.match(/Handling connection for/g).length, 1);

  // plain SPDY (kubectl's fallback when the WebSocket upgrade fails), to a Deployment's pod
  const dep = portForward(k, { ...env, KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, ['deploy/dep', ':80']);
  r = await httpGet(await dep.local(80));
  assert.equal(r.status, 200);
  assert.match(r.body, /Welcome to nginx!/);
  assert.equal(await dep.stop(), 0);
  assert.equal(dep.err, '');
  await s.stop();
});

test('serve and proxy refuse bad input at once, as kubectl words it, and serve nothing', () => {
  const home = freshHome();
  const cases = [
    [['serve', '--port', 'abc'], 'error: invalid argument "abc" for "--port" flag: must be a port number\n'],
    [['serve', '--address', '999.1.1.1', '--port', '0'], 'error: failed to listen on 999.1.1.1:0: listen tcp 999.1.1.1:0: lookup 999.1.1.1: no such host\n'],
    [['serve', '--port', '0', '--kubeconfig-out', '/proc/nope/k'], 'error: mkdir /proc/nope: no such file or directory\n'],
    [['serve', 'extra'], 'error: unknown command "extra" for "kctl serve"\n'],
    // (kctl's proxy serves the API only and refuses --www; the real kubectl's serves the directory, so with
    // KCTL_VIA_KUBECTL, where `proxy` is kubectl's, this one case is kctl's alone)
    ...(VIA_KUBECTL ? [] : [[['proxy', '--www=/tmp'], 'error: kctl proxy --www is not supported: kctl proxies the API only\n']]),
  ];
  for (const [args, err] of cases) {
    const r = kctl(home, args, { timeout: 30000 });
    assert.deepEqual([r.stdout, r.stderr, r.code], ['', err, 1], args.join(' '));
  }
});

test('custom resources in /openapi/v2 as kube-apiserver publishes them: kubectl validates a List\'s custom resource client-side and explains it from v2', async () => {
  const k = kubectlOracle();
  assert.ok(k, 'the real kubectl 1.33 is on this machine');
  const s = await serve();
  const env = { ...process.env, KUBECONFIG: s.kubeconfig, KUBECACHEDIR: path.join(s.home, '.kube-cache') };
  const run = (args, input = '') => spawnSync(k, args, { env, input, encoding: 'utf8', timeout: 60000 });
  let r = run(['apply', '-f', path.join(FIXTURES, 'crd', 'crontab-crd.yaml')]);
  assert.equal(r.status, 0, r.stderr);
  // the definitions: named after the reversed group, with their group-version-kind; the CRD's schema made
  // v2-compatible (value validation kept, defaults pruned); apiVersion, kind and metadata as every kind's
  const v2 = (await raw(s.kc, 'GET', '/openapi/v2')).json;
  const def = v2.definitions['com.example.stable.v1.CronTab'];
  assert.deepEqual(def['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }]);
  assert.deepEqual(Object.keys(def.properties), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.deepEqual(def.properties.metadata, v2.definitions['io.k8s.api.core.v1.Pod'].properties.metadata);
  assert.deepEqual(def.properties.spec.properties.replicas, { maximum: 10, minimum: 1, type: 'integer' });
  assert.deepEqual(v2.definitions['com.example.stable.v1.CronTabList']['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', version: 'v1', kind: 'CronTabList' }]);
  assert.equal(v2.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch.operationId, 'patchStableExampleComV1NamespacedCronTab');
  assert.ok(v2.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/scale']);
  // kubectl validates a List client-side against /openapi/v2 (read as protobuf): the custom resource's
  // unknown field is its own error, beside a built-in kind's
  const list = tmpFile('list.yaml', `apiVersion: v1
kind: List
items:
- apiVersion: stable.example.com/v1
  kind: CronTab
  metadata:
    name: c1
  spec:
    cronSpec: "* * * * */5"
    replicas: "3"
    foo: bar
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: cm1
  bogus: 1
`);
  r = run(['apply', '--validate=strict', '-f', list]);
  assert.deepEqual([r.stdout, r.stderr, r.status], ['', `error: error validating "${list}": error validating data: [ValidationError(CronTab.spec): unknown field "foo" in com.example.stable.v1.CronTab.spec, ValidationError(CronTab.spec.replicas): invalid type for com.example.stable.v1.CronTab.spec.replicas: got "string", expected "integer", ValidationError(ConfigMap): unknown field "bogus" in io.k8s.api.core.v1.ConfigMap]; if you choose to ignore these errors, turn validation off with --validate=false\n`, 1]);
  // explain from the v2 document prints what kctl explain prints
  for (const args of [['explain', 'crontabs.spec', '--output=plaintext-openapiv2'], ['explain', 'ct', '--recursive', '--output=plaintext-openapiv2']]) {
    r = run(args);
    const mine = kctl(s.home, args);
    assert.deepEqual([r.stdout, r.stderr, r.status], [mine.stdout, mine.stderr, mine.code], args.join(' '));
  }
  // a CRD whose root keeps unknown fields is published as a bare object: nothing to refuse
  r = run(['apply', '-f', '-'], `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
spec:
  group: example.com
  scope: Cluster
  names: { plural: things, singular: thing, kind: Thing }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
        properties:
          spec: { type: object, nullable: true, properties: { a: { type: string } } }
`);
  assert.equal(r.status, 0, r.stderr);
  const v2b = (await raw(s.kc, 'GET', '/openapi/v2')).json;
  assert.deepEqual(v2b.definitions['com.example.v1.Thing'], { type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Thing' }] });
  assert.ok(v2b.definitions['com.example.stable.v1.CronTab']);
  r = run(['apply', '--validate=strict', '-f', '-'], 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: example.com/v1\n  kind: Thing\n  metadata:\n    name: t1\n  anything: 1\n');
  assert.deepEqual([r.stdout, r.stderr, r.status], ['thing.example.com/t1 created\n', '', 0]);
});

test('exec over WebSocket: the first frames wait until the client can have made its streams (client-go reads before it makes them), or until it sends', async () => {
  const { default: WebSocket } = await import('ws');
  const { home, kc, stop } = await serve();
  assert.equal(kctl(home, ['run', 'box', '--image=busybox:1.36', '--', 'sleep', '3600']).code, 0);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const exec = (onOpen) => new Promise((resolve, reject) => {
    const u = new URL('/api/v1/namespaces/default/pods/box/exec?command=hostname&stdout=true&stderr=true' + (onOpen ? '&stdin=true' : ''), cluster.server);
    u.protocol = 'wss:';
    // (timed from before the request: the server's wait starts after it has the request, so the first frame
    // cannot come sooner than the wait after this, whatever the machine's load)
    const asked = Date.now();
    const ws = new WebSocket(u, ['v5.channel.k8s.io'], { ca: Buffer.from(cluster.caData, 'base64'), headers: { Authorization: `Bearer ${user.token}` } });
    const frames = [];
    let first = 0;
    ws.on('open', () => onOpen?.(ws));
    ws.on('message', m => { first ||= Date.now(); frames.push(Buffer.from(m)); });
    ws.on('close', () => resolve({ frames, wait: first - asked }));
    ws.on('error', reject);
  });
  const text = (frames, id) => Buffer.concat(frames.filter(f => f[0] === id).map(f => f.subarray(1))).toString();
  // a client that says nothing: the output comes after the settling time, whole
  const quiet = await exec();
  assert.equal(text(quiet.frames, 1), 'box\n');
  assert.equal(JSON.parse(text(quiet.frames, 3)).status, 'Success');
  assert.ok(quiet.wait >= 45, `first frame ${quiet.wait} ms after the request`);
  // a client that sends (here: closes its stdin, v5's CLOSE of stream 0) has its streams: the output follows
  const talking = await exec(ws => ws.send(Buffer.from([255, 0])));
  assert.equal(text(talking.frames, 1), 'box\n');
  assert.equal(JSON.parse(text(talking.frames, 3)).status, 'Success');
  await stop();
});
