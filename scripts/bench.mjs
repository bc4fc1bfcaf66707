// npm run bench: kctl's speed, as ratios to a bare `node -e 0` measured in the same run.
//  - `kctl get pods` on a cluster of 100 pods
//  - a first-ever invocation (fresh KCTL_HOME: creates the default cluster)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kctl = path.join(root, 'bin', 'kctl');
const RUNS = Number(process.env.BENCH_RUNS || 15);

function time(argv, env = {}, input) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env: { ...process.env, ...env }, input, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}
const median = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
function measure(fn, runs = RUNS) { fn(); const t = []; for (let i = 0; i < runs; i++) t.push(fn()); return median(t); }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-bench-'));
try {
  const home = path.join(tmp, 'home');
  const items = Array.from({ length: 100 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `bench-${String(i).padStart(3, '0')}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] } }));
  time([kctl, 'apply', '-f', '-'], { KCTL_HOME: home }, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  const check = time([kctl, 'get', 'pods', '--no-headers'], { KCTL_HOME: home }).out.trim().split('\n').length;
  if (check !== 100) throw new Error(`expected 100 pods, got ${check}`);

  const base = measure(() => time(['-e', '0']).ms);
  const get = measure(() => time([kctl, 'get', 'pods'], { KCTL_HOME: home }).ms);
  let n = 0;
  const first = measure(() => time([kctl, 'get', 'pods'], { KCTL_HOME: path.join(tmp, `fresh-${n++}`) }).ms, Math.min(RUNS, 7));

  const f = x => x.toFixed(1).padStart(7);
  console.log(`node -e 0                              ${f(base)} ms   1.00x`);
  console.log(`kctl get pods (100 pods)               ${f(get)} ms   ${(get / base).toFixed(2)}x`);
  console.log(`kctl get pods, first-ever (new home)   ${f(first)} ms   ${(first / base).toFixed(2)}x`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
