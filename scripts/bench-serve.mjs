// npm run bench, part 3: `kctl serve` under sequential requests from one keep-alive HTTPS client: requests
// per second and p99 latency for GET of one pod, LIST of 1,000 pods and CREATE of a ConfigMap, beside the
// figures kube-apiserver is held to (the Kubernetes scalability SLOs, sig-scalability/slos: API call
// latency p99 ≤ 1 s for single-object reads and for mutating calls, ≤ 5 s for namespace-scoped lists).
// Run alone: node scripts/bench-serve.mjs [RUNS]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kctl = path.join(root, 'bin', 'kctl');

export async function benchServe(runs = 200) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-bench-serve-'));
  const home = path.join(tmp, 'home');
  const cfg = path.join(tmp, 'kind.yaml');
  fs.writeFileSync(cfg, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n' + '- role: worker\n'.repeat(12));
  const env = { ...process.env, KCTL_HOME: home };
  const run = args => { const r = spawnSync(process.execPath, [kctl, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 }); if (r.status !== 0) throw new Error(r.stderr); return r.stdout; };
  run(['cluster', 'create', 'bench', '--config', cfg]);
  run(['create', 'deployment', 'web', '--image=nginx:1.25.3', '--replicas=1000']);
  const kubeconfig = path.join(tmp, 'kc');
  const child = spawn(process.execPath, [kctl, 'serve', '--port', '0', '--kubeconfig-out', kubeconfig], { env, stdio: 'ignore' });
  try {
    while (!fs.existsSync(kubeconfig)) await new Promise(r => setTimeout(r, 50));
    const kc = JSON.parse(fs.readFileSync(kubeconfig, 'utf8'));
    const server = new URL(kc.clusters[0].cluster.server);
    const agent = new https.Agent({ keepAlive: true, ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64') });
    const headers = { Authorization: `Bearer ${kc.users[0].user.token}`, Accept: 'application/json' };
    const req = (method, p, body) => new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const r = https.request({ host: server.hostname, port: server.port, path: p, method, agent, headers: body ? { ...headers, 'Content-Type': 'application/json' } : headers }, res => {
        const chunks = [];
        res.on('data', d => chunks.push(d));
        res.on('end', () => (res.statusCode >= 300 ? reject(new Error(`${method} ${p}: ${res.statusCode}`)) : resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, body: Buffer.concat(chunks) })));
      });
      r.on('error', reject);
      if (body) r.write(JSON.stringify(body));
      r.end();
    });
    const list = JSON.parse((await req('GET', '/api/v1/namespaces/default/pods')).body);
    if (list.items.length !== 1000) throw new Error(`expected 1000 pods, got ${list.items.length}`);
    const one = list.items[0].metadata.name;
    const p99 = a => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]; };
    const row = (label, ms, slo) => {
      const total = ms.reduce((a, b) => a + b, 0);
      console.log(`${label.padEnd(58)}${(ms.length / (total / 1000)).toFixed(0).padStart(7)} req/s   p99 ${p99(ms).toFixed(1).padStart(7)} ms   (kube-apiserver SLO: p99 ≤ ${slo})`);
    };
    const series = async (n, fn) => { const out = []; for (let i = 0; i < n; i++) out.push((await fn(i)).ms); return out; };
    row('serve: GET one pod (1,000 pods)', await series(runs, () => req('GET', `/api/v1/namespaces/default/pods/${one}`)), '1 s');
    row('serve: LIST 1,000 pods', await series(Math.max(10, Math.floor(runs / 10)), () => req('GET', '/api/v1/namespaces/default/pods')), '5 s (namespace-scoped list)');
    row('serve: CREATE a ConfigMap', await series(runs, i => req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `b-${i}` }, data: { i: String(i) } })), '1 s (mutating call)');
    agent.destroy();
  } finally {
    child.kill('SIGTERM');
    await new Promise(r => child.on('exit', r));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchServe(Number(process.argv[2] || 200));
