// Regenerates test/golden/nodes/ from the real kubectl 1.33: builds each scenario cluster with kctl, dumps it,
// serves the dump through scripts/node-oracle.mjs (a writable fake API: node patches, evictions, deletes) and
// records what kubectl prints for every command of every sequence (test/golden/nodes/scenario.mjs), masked.
//   node scripts/node-golden.mjs
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, kubectlOracle, ROOT, FIXTURES } from '../test/helpers.mjs';
import { buildCluster, SEQUENCES, DUMP_TYPES } from '../test/golden/nodes/scenario.mjs';
import { mask } from '../test/golden/nodes/mask.mjs';
import { startNodeOracle } from './node-oracle.mjs';

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
