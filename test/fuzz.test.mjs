// The fuzz suite in `npm test`: a fixed seed, 1,200 inputs (mutated manifests of every kind, argument lists of
// every verb, corrupt kubeconfigs and database pages), run many to a process (test/fuzz/). KCTL_FUZZ_SEED and
// KCTL_FUZZ_COUNT change the seed and the count; `npm run fuzz` runs 10,000 with a fresh seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, describeFailure, ROOT } from './fuzz/fuzz.mjs';

const seed = Number(process.env.KCTL_FUZZ_SEED ?? 20261206);
const count = Number(process.env.KCTL_FUZZ_COUNT ?? 1200);

test(`fuzz: ${count} inputs from seed ${seed} end in time, exit 0 or 1 with kubectl's words, no stack trace, refused writes store nothing`, { timeout: 15 * 60_000 }, async () => {
  const r = await fuzz({ seed, count });
  const covered = Object.keys(r.tree).filter(v => r.inputs.some(i => i.kind === 'argv' && i.argv[0] === v));
  console.log(`# fuzz: ${count} inputs (${Object.entries(r.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}) in ${(r.ms / 1000).toFixed(1)} s (CPU: kctl ${(r.cpuMs / 1000).toFixed(1)} s, workers ${(r.workerCpuMs / 1000).toFixed(1)} s), ${covered.length}/${Object.keys(r.tree).length} verbs, slowest ${r.slowest.ms} ms`);
  assert.ok(count < 1000 || covered.length === Object.keys(r.tree).length, `verbs never fuzzed: ${Object.keys(r.tree).filter(v => !covered.includes(v))}`);
  assert.equal(r.failures.length, 0, r.failures.slice(0, 15).map(f => describeFailure(seed, f)).join('\n\n'));
});

test('the fuzz checks catch what they are for: overruns, crashes, stack traces, odd exits, silent failures, stored refusals', async () => {
  const { check } = await import('./fuzz/fuzz.mjs');
  const { Pool } = await import('./fuzz/harness.mjs');
  const inp = { argv: ['get', 'pods'], checkStored: true };
  const good = { code: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "x"\n', dbChanged: false };
  assert.deepEqual(check(inp, good), []);
  assert.match(check(inp, { ...good, stderr: 'TypeError: x is not a function\n    at run (/work/dist/kctl.js:1:2)\n' }).join(), /stack trace/);
  assert.match(check(inp, { ...good, code: 3 }).join(), /exit code 3/);
  assert.match(check(inp, { ...good, stderr: 'oops\n' }).join(), /without a kubectl-style error/);
  assert.match(check(inp, { ...good, dbChanged: true }).join(), /refused write changed the cluster/);
  assert.deepEqual(check({ argv: ['diff', '-f', 'x'] }, { code: 1, stdout: '--- a\n+++ b\n', stderr: '', dbChanged: false }), []);
  // the pool ends an input that overruns its limit (a watch with no timeout) and goes on with a new worker
  const pool = new Pool({ size: 1, limitMs: 3000, root: ROOT });
  try {
    await pool.start();
    const [hang, after] = await pool.runAll([{ argv: ['get', 'pods', '-w'] }, { argv: ['get', 'ns', '-o', 'name'] }]);
    assert.equal(hang.timedOut, true);
    assert.deepEqual([after.code, after.stdout.includes('namespace/default')], [0, true]);
    assert.equal(pool.restarts, 1);
  } finally { pool.stop(); }
});
