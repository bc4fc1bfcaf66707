// describe in the states issue 8 adds (a node down and tainted, a node under memory pressure, an evicted pod,
// a pod on a lost node, a preemptor and its victim), compared with what the real kubectl 1.33 printed for
// the same cluster (test/golden/nodes/describe/, recorded by scripts/node-golden.mjs), masked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, FIXTURES, ROOT, VIA_KUBECTL } from './helpers.mjs';
import { buildFailureCluster, describeCases, advanced } from './golden/nodes/describe-scenario.mjs';
import { describeMask } from './golden/nodes/mask.mjs';
import { withClientAges } from './golden/describe/ages.mjs';

const mask = await describeMask();

const GOLDEN = path.join(ROOT, 'test', 'golden', 'nodes', 'describe');
const meta = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'meta.json'), 'utf8'));
let home, info, clusterNow;
before(() => {
  home = freshHome();
  // through kctl serve, kubectl's ages come from this host's clock: the cluster starts as far back as the
  // scenario advances its clock (as in describe.test.mjs)
  if (VIA_KUBECTL) process.env.KCTL_TEST_CLOCK_START = String(Date.now() - advanced);
  try { info = buildFailureCluster(kctl, home, FIXTURES); } finally { delete process.env.KCTL_TEST_CLOCK_START; }
  if (VIA_KUBECTL) clusterNow = Date.parse(kctl(home, ['sim', 'now']).stdout.trim());
});

for (const name of Object.keys(meta)) {
  test(`describe matches kubectl: ${name}`, () => {
    const args = describeCases(info)[name];
    const t0 = Date.now();
    const r = kctl(home, args);
    const golden = fs.readFileSync(path.join(GOLDEN, `${name}.txt`), 'utf8');
    let out = mask(r.stdout);
    if (VIA_KUBECTL) out = withClientAges(out, golden, (t0 - clusterNow) / 1000 - 2, (Date.now() - clusterNow) / 1000 + 1);
    assert.equal(out, golden, `stdout of kctl ${args.join(' ')}`);
    assert.equal(mask(r.stderr), meta[name].stderr, `stderr of kctl ${args.join(' ')}`);
    assert.equal(r.code, meta[name].code);
  });
}
