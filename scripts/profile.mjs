// Profiles the bench's 1,000-replica call (`kctl create deployment --replicas=1000` on 1 + 100 nodes) with
// V8's sampling profiler and prints a summary in Markdown: time by area (the source module each sampled
// function comes from) and the top functions by self time. docs/profile.md is its output.
//   KCTL_NOMINIFY=1 npm run build && node scripts/profile.mjs [REPLICAS] [RUNS]
// (A minified bundle profiles too, with shorter names.) Native SQLite time counts for the JavaScript function
// that called it (Store.flushObjects is mostly SQLite's inserts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kctl = path.join(root, 'bin', 'kctl');
const bundle = path.join(root, 'dist', 'kctl.js');
const replicas = Number(process.argv[2] || 1000);
const runs = Number(process.argv[3] || 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-profile-'));
const run = (argv, env, extra = []) => {
  const r = spawnSync(process.execPath, [...extra, kctl, ...argv], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return r;
};

// which source module each line of the bundle belongs to (esbuild writes `// src/x.ts` before each module)
const lines = fs.readFileSync(bundle, 'utf8').split('\n');
const moduleAt = [];
let cur = '(bundle)';
for (let i = 0; i < lines.length; i++) {
  const m = lines[i].match(/^\/\/ ((?:src|schemas|\.\.\/[^ ]*node_modules|node_modules)\/\S+)$/);
  if (m) cur = m[1].replace(/^.*node_modules\//, 'node_modules/');
  moduleAt[i] = cur;
}
const area = (fn, url, line) => {
  if (!url) return fn === '(garbage collector)' ? 'garbage collection' : fn === '(program)' || fn === '(idle)' ? `${fn} (native, idle)` : fn;
  if (url.endsWith('kctl.js')) {
    const m = moduleAt[line] ?? '(bundle)';
    return m.startsWith('node_modules/') ? m.split('/').slice(0, 2).join('/') : m;
  }
  return url.startsWith('node:') ? 'node internals (module loading, fs)' : path.basename(url);
};

try {
  const cfg = path.join(tmp, 'kind.yaml');
  fs.writeFileSync(cfg, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n' + '- role: worker\n'.repeat(100));
  const clean = path.join(tmp, 'clean');
  run(['cluster', 'create', 'big', '--config', cfg], { KCTL_HOME: clean });
  run(['get', 'ns'], { KCTL_HOME: clean }); // code cache for get
  const warm = path.join(tmp, 'warm');
  fs.cpSync(clean, warm, { recursive: true });
  run(['create', 'deployment', 'web', '--image=nginx:1.25.3', `--replicas=${replicas}`], { KCTL_HOME: warm }); // code cache for create
  const byArea = new Map(), byFn = new Map();
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const home = path.join(tmp, `h${i}`);
    fs.cpSync(clean, home, { recursive: true });
    const dir = path.join(tmp, `prof${i}`);
    run(['create', 'deployment', 'web', '--image=nginx:1.25.3', `--replicas=${replicas}`], { KCTL_HOME: home }, ['--cpu-prof', '--cpu-prof-interval', '250', '--cpu-prof-dir', dir]);
    const p = JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]), 'utf8'));
    const dt = new Map();
    for (let k = 0; k < p.samples.length; k++) dt.set(p.samples[k], (dt.get(p.samples[k]) ?? 0) + (p.timeDeltas[k] ?? 0));
    for (const n of p.nodes) {
      const t = (dt.get(n.id) ?? 0) / 1000;
      if (!t) continue;
      total += t;
      const { functionName, url, lineNumber } = n.callFrame;
      const a = area(functionName || '(anonymous)', url, lineNumber);
      byArea.set(a, (byArea.get(a) ?? 0) + t);
      const f = `${functionName || '(anonymous)'} · ${a}`;
      byFn.set(f, (byFn.get(f) ?? 0) + t);
    }
  }
  const avg = total / runs;
  const pct = t => `${((t / total) * 100).toFixed(1)}%`;
  console.log(`Profile of \`kctl create deployment web --image=nginx:1.25.3 --replicas=${replicas}\` on 1 + 100 nodes, every pod Running on return:`);
  console.log(`${runs} runs, ${avg.toFixed(0)} ms sampled per run (profiler on), load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}, ${os.cpus().length} cores.\n`);
  console.log('| area (source module) | share |\n|---|---|');
  for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 22)) console.log(`| ${k} | ${pct(v)} |`);
  console.log('\n| function (self time) · area | share |\n|---|---|');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`| ${k} | ${pct(v)} |`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
