// The fuzz suite in `npm test`: a fixed seed, 1,200 inputs (mutated manifests of every kind, argument lists of
// every verb, corrupt kubeconfigs and database pages), run many to a process (test/fuzz/). KCTL_FUZZ_SEED and
// KCTL_FUZZ_COUNT change the seed and the count; `npm run fuzz` runs 10,000 with a fresh seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, describeFailure } from './fuzz/fuzz.mjs';

const seed = Number(process.env.KCTL_FUZZ_SEED ?? 20261206);
const count = Number(process.env.KCTL_FUZZ_COUNT ?? 1200);

test(`fuzz: ${count} inputs from seed ${seed} end in time, exit 0 or 1 with kubectl's words, no stack trace, refused writes store nothing`, { timeout: 15 * 60_000 }, async () => {
  const r = await fuzz({ seed, count });
  const covered = Object.keys(r.tree).filter(v => r.inputs.some(i => i.kind === 'argv' && i.argv[0] === v));
  console.log(`# fuzz: ${count} inputs (${Object.entries(r.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}) in ${(r.ms / 1000).toFixed(1)} s, ${covered.length}/${Object.keys(r.tree).length} verbs, slowest ${r.slowest.ms} ms`);
  assert.ok(count < 1000 || covered.length === Object.keys(r.tree).length, `verbs never fuzzed: ${Object.keys(r.tree).filter(v => !covered.includes(v))}`);
  assert.equal(r.failures.length, 0, r.failures.slice(0, 15).map(f => describeFailure(seed, f)).join('\n\n'));
});
