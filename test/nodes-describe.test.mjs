// describe in the states issue 8 adds (a node down and tainted, a node under memory pressure, an evicted pod,
// a pod on a lost node, a preemptor and its victim), compared with what the real kubectl 1.33 printed for
// the same cluster (test/golden/nodes/describe/, recorded by scripts/node-golden.mjs), masked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, FIXTURES, ROOT } from './helpers.mjs';
import { buildFailureCluster, describeCases } from './golden/nodes/describe-scenario.mjs';
import { describeMask } from './golden/nodes/mask.mjs';

const mask = await describeMask();

const GOLDEN = path.join(ROOT, 'test', 'golden', 'nodes', 'describe');
const meta = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'meta.json'), 'utf8'));
let home, info;
before(() => { home = freshHome(); info = buildFailureCluster(kctl, home, FIXTURES); });

for (const name of Object.keys(meta)) {
  test(`describe matches kubectl: ${name}`, () => {
    const args = describeCases(info)[name];
    const r = kctl(home, args);
    assert.equal(mask(r.stdout), fs.readFileSync(path.join(GOLDEN, `${name}.txt`), 'utf8'), `stdout of kctl ${args.join(' ')}`);
    assert.equal(mask(r.stderr), meta[name].stderr, `stderr of kctl ${args.join(' ')}`);
    assert.equal(r.code, meta[name].code);
  });
}
