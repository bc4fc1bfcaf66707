// Regenerates test/golden/nodes/ from the real kubectl 1.33: builds each scenario cluster with kctl, dumps it,
// serves the dump through scripts/node-oracle.mjs (a writable fake API: node patches, evictions, deletes) and
// records what kubectl prints for every command of every sequence (test/golden/nodes/scenario.mjs), masked.
// Then the failure cluster (test/golden/nodes/describe-scenario.mjs), served read-only and shifted to the wall
// clock by scripts/describe-oracle.mjs, for describe and get (test/golden/nodes/describe/).
//   node scripts/node-golden.mjs
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, kubectlOracle, ROOT, FIXTURES } from '../test/helpers.mjs';
import { buildCluster, SEQUENCES, DUMP_TYPES } from '../test/golden/nodes/scenario.mjs';
import { mask } from '../test/golden/nodes/mask.mjs';
import { startNodeOracle } from './node-oracle.mjs';
import { buildFailureCluster, describeCases } from '../test/golden/nodes/describe-scenario.mjs';
import { describeMask as makeDescribeMask } from '../test/golden/nodes/mask.mjs';

const oracle = kubectlOracle();
if (!oracle) { console.error('kubectl.1.33 not found'); process.exit(1); }
const dumps = {};
for (const kind of ['plain', 'budget']) {
  const home = freshHome();
  buildCluster(kctl, home, FIXTURES, kind);
  dumps[kind] = JSON.parse(kctl(home, ['get', DUMP_TYPES, '-A', '-o', 'json']).stdout).items;
}
const run = (args, port) => new Promise(resolve => {
  const p = spawn(oracle, ['--server', `http://127.0.0.1:${port}`, ...args], { cwd: ROOT });
  let stdout = '', stderr = '';
  p.stdout.on('data', d => (stdout += d));
  p.stderr.on('data', d => (stderr += d));
  p.on('close', code => resolve({ stdout, stderr, code }));
});
const out = {};
for (const [name, [kind, cmds]] of Object.entries(SEQUENCES)) {
  const server = await startNodeOracle(dumps[kind]);
  out[name] = [];
  for (const args of cmds) {
    const r = await run(args, server.port);
    out[name].push({ args, code: r.code, stdout: mask(r.stdout), stderr: mask(r.stderr.replace(/'kubectl /g, "'kctl ")) });
  }
  server.close();
}
const file = path.join(ROOT, 'test', 'golden', 'nodes', 'golden.json');
fs.writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${Object.keys(out).length} sequences to ${file}`);

// describe goldens of the failure cluster
{
  const describeMask = await makeDescribeMask();
  const home = freshHome();
  const info = buildFailureCluster(kctl, home, FIXTURES);
  const types = 'pods,nodes,namespaces,events,leases,replicasets,deployments,priorityclasses,daemonsets';
  const dump = JSON.parse(kctl(home, ['get', types, '-A', '-o', 'json']).stdout);
  const delta = Date.now() - Date.parse(kctl(home, ['sim', 'now']).stdout.trim());
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
  const shift = v => {
    if (typeof v === 'string' && iso.test(v)) {
      const frac = v.match(/\.(\d+)Z$/)?.[1] ?? '';
      const base = new Date(Math.floor(Date.parse(v) / 1000) * 1000 + (Math.floor(delta / 1000) - 1) * 1000).toISOString().slice(0, 19);
      return `${base}${frac ? '.' + frac : ''}Z`;
    }
    if (Array.isArray(v)) return v.map(shift);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x)]));
    return v;
  };
  const dumpFile = path.join(home, 'dump.json');
  fs.writeFileSync(dumpFile, JSON.stringify(shift(dump)));
  const server = spawn(process.execPath, [path.join(ROOT, 'scripts', 'describe-oracle.mjs'), dumpFile, '0']);
  const port = await new Promise(res => server.stdout.on('data', d => res(String(d).match(/listening (\d+)/)[1])));
  const dir = path.join(ROOT, 'test', 'golden', 'nodes', 'describe');
  fs.mkdirSync(dir, { recursive: true });
  const meta = {};
  try {
    for (const [name, args] of Object.entries(describeCases(info))) {
      const r = await run(args, port);
      fs.writeFileSync(path.join(dir, `${name}.txt`), describeMask(r.stdout));
      meta[name] = { code: r.code, stderr: describeMask(r.stderr) };
    }
  } finally { server.kill(); }
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  console.log(`wrote ${Object.keys(meta).length} describe cases to ${dir}`);
}
