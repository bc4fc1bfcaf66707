// `npm run fuzz`: the fuzz suite at length, outside `npm test`.
//   node test/fuzz/run.mjs [--seed N] [--count N] [--workers N] [--limit MS] [--only INDEX]
// Defaults: a seed from the clock (printed, so a failure can be replayed), 10000 inputs, 2 workers.
import { fuzz, describeFailure } from './fuzz.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const seed = arg('seed', Number(process.env.KCTL_FUZZ_SEED ?? (Date.now() % 1e9)));
const only = arg('only', undefined);
const count = arg('count', only !== undefined ? only + 1 : Number(process.env.KCTL_FUZZ_COUNT ?? 10000));
const r = await fuzz({ seed, count, only, workers: arg('workers', 2), limitMs: arg('limit', 20000) });
if (only !== undefined) {
  const res = r.results[0], inp = r.inputs[0];
  console.log(JSON.stringify({ input: { ...inp, stdin: inp.stdin?.slice(0, 2000), text: inp.text?.slice(0, 3000) }, exit: res.code, ms: res.ms, stdout: res.stdout?.slice(0, 4000), stderr: res.stderr?.slice(0, 4000), dbChanged: res.dbChanged, timedOut: res.timedOut }, null, 2));
}
console.log(`fuzz: seed ${seed}, ${count} inputs (${Object.entries(r.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}) in ${(r.ms / 1000).toFixed(1)} s (CPU: kctl ${(r.cpuMs / 1000).toFixed(1)} s, workers ${(r.workerCpuMs / 1000).toFixed(1)} s); slowest ${r.slowest.ms} ms (${JSON.stringify(r.slowest.argv)}); ${r.restarts} worker restarts`);
for (const f of r.failures.slice(0, 50)) console.log(describeFailure(seed, f));
if (r.failures.length) { console.log(`${r.failures.length} failing inputs`); process.exitCode = 1; }
