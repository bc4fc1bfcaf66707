// Regenerates test/golden/describe/ (or another golden directory with its own scenario.mjs, such as
// test/golden/lifecycle) from the real kubectl 1.33: builds the scenario cluster with kctl, dumps it,
// shifts its timestamps so that the cluster's (frozen) now is the wall clock's now, serves it with
// scripts/describe-oracle.mjs and records what `kubectl describe` prints for each case, masked.
//   node scripts/describe-golden.mjs [test/golden/lifecycle]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, kubectlOracle, ROOT, FIXTURES } from '../test/helpers.mjs';
import { mask } from '../test/golden/describe/mask.mjs';

const outDir = path.resolve(ROOT, process.argv[2] ?? path.join('test', 'golden', 'describe'));
const { buildCluster, cases } = await import(path.join(outDir, 'scenario.mjs'));

const oracle = kubectlOracle();
if (!oracle) { console.error('kubectl.1.33 not found'); process.exit(1); }
const home = freshHome();
const info = buildCluster(kctl, home, FIXTURES);
const types = 'pods,nodes,namespaces,events,configmaps,services,leases,replicasets,deployments,endpointslices,resourcequotas,limitranges,daemonsets,statefulsets,jobs,cronjobs,secrets,serviceaccounts,endpoints,priorityclasses,persistentvolumes,persistentvolumeclaims,storageclasses,horizontalpodautoscalers,controllerrevisions,roles,clusterroles,rolebindings,clusterrolebindings,ingresses,ingressclasses';
const dump = JSON.parse(kctl(home, ['get', types, '-A', '-o', 'json']).stdout);
const clusterNow = Date.parse(kctl(home, ['sim', 'now']).stdout.trim());
const delta = Date.now() - clusterNow;
const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const shift = v => {
  if (typeof v === 'string' && iso.test(v)) {
    const frac = v.match(/\.(\d+)Z$/)?.[1] ?? '';
    const base = new Date(Math.floor(Date.parse(v) / 1000) * 1000 + (Math.floor(delta / 1000) - 1) * 1000).toISOString().slice(0, 19);
    return `${base}${frac ? '.' + frac : ''}Z`; // MicroTime keeps its 6 digits; a second early, so ages are never short
  }
  if (Array.isArray(v)) return v.map(shift);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x)]));
  return v;
};
// scenarios whose ages are seconds (fineAges) are served with a shift worked out per request, each kubectl
// run starting just after a whole second of the wall clock
const { fineAges } = await import(path.join(outDir, 'scenario.mjs'));
const dumpFile = path.join(home, 'dump.json');
fs.writeFileSync(dumpFile, JSON.stringify(fineAges ? dump : shift(dump)));
const server = spawn(process.execPath, [path.join(ROOT, 'scripts', 'describe-oracle.mjs'), dumpFile, '0', ...(fineAges ? [String(clusterNow)] : [])]);
const port = await new Promise(res => server.stdout.on('data', d => res(String(d).match(/listening (\d+)/)[1])));
const meta = {};
try {
  for (const [name, args] of Object.entries(cases(info))) {
    if (fineAges) { const t = Date.now(); if (t % 1000 > 50) spawnSync('sleep', [String((1000 - (t % 1000) + 20) / 1000)]); }
    const r = spawnSync(oracle, ['--server', `http://127.0.0.1:${port}`, ...args], { cwd: ROOT, encoding: 'utf8' });
    fs.writeFileSync(path.join(outDir, `${name}.txt`), mask(r.stdout));
    meta[name] = { code: r.status, stderr: mask(r.stderr.replace(/kubectl/g, 'kctl')) };
  }
} finally { server.kill(); }
fs.writeFileSync(path.join(outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
console.log(`wrote ${Object.keys(meta).length} cases to ${outDir}`);
