// cordon, uncordon, drain and taint compared line for line with the real kubectl 1.33: each sequence of
// test/golden/nodes/scenario.mjs runs on a copy of the scenario cluster, and every command's stdout, stderr
// and exit code must equal the golden (recorded by scripts/node-golden.mjs), after masking random names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT, FIXTURES } from './helpers.mjs';
import { buildCluster, SEQUENCES } from './golden/nodes/scenario.mjs';
import { mask } from './golden/nodes/mask.mjs';

const golden = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'golden', 'nodes', 'golden.json'), 'utf8'));
const built = {};
function clusterFor(kind) {
  if (!built[kind]) { built[kind] = freshHome(); buildCluster(kctl, built[kind], FIXTURES, kind); }
  const home = freshHome();
  fs.cpSync(built[kind], home, { recursive: true });
  // the kubeconfig names the cluster's database by its path under KCTL_HOME
  return home;
}

for (const [name, [kind, cmds]] of Object.entries(SEQUENCES)) {
  test(`kubectl 1.33 golden: ${name}`, () => {
    const home = clusterFor(kind);
    const want = golden[name];
    assert.equal(want.length, cmds.length, 'golden.json is out of date: run node scripts/node-golden.mjs');
    cmds.forEach((args, i) => {
      const r = kctl(home, args);
      const got = { args, code: r.code, stdout: mask(r.stdout), stderr: mask(r.stderr) };
      assert.deepEqual(got, want[i], `kctl ${args.join(' ')}`);
    });
  });
}
