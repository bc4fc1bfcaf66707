// The fuzz run: build the inputs from a seed, run them on the worker pool, check every result.
//
// What every input must do: end within its time limit; exit 0 or 1; when 1, say why on stderr in kubectl's
// way (`error: …`, `Error from server (…): …`, …); never print a stack trace; and, when it is refused (exit 1,
// nothing on stdout), leave the cluster's objects as they were (a snapshot of every object's name and
// resourceVersion, read through a read-only SQLite connection before and after).
//
// Reproduce one input: node test/fuzz/run.mjs --seed S --only I (prints the input and what kctl did).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from './harness.mjs';
import { rng, genArgv, genManifest, manifestCorpus, MANIFEST_VERBS, genKubeconfig, KUBECONFIG_VERBS, genDbCorruption, DB_VERBS } from './generators.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A trace on stderr or stdout: V8's `    at fn (file:line:col)` frames. */
const STACK = /^\s+at (?:[\w$.<>[\] ]+ \()?(?:\/|node:|file:)[^)]*:\d+:\d+\)?$/m;
/** How kubectl says why it failed (cmdutil.CheckErr and the messages around it). */
// (get and describe print a -f document's errors as kubectl aggregates them, without `error: `: `error parsing FILE: …`, `unable to decode "FILE": …`)
const KUBECTL_ERROR = /^(error: |Error from server|Error: |The [\w.]+ "[^"]*" is invalid|The request is invalid|Unable to connect to the server|The connection to the server|unable to recognize|error when |error validating|Unexpected args|timed out waiting|no matches for kind|resource mapping not found|the server doesn't have a resource type|the server could not find the requested resource|Error in configuration: |error parsing |unable to decode )/m;

/**
 * The inputs for a seed: each { kind, argv, stdin?, files?, corruptDb?, checkStored, note }.
 * Mix: argument lists 45%, manifests 35%, kubeconfigs 10%, database pages 10%.
 */
export function makeInputs(seed, count, tree, scratch) {
  const R = rng(seed);
  const corpus = manifestCorpus(ROOT);
  const goodConfig = fs.readFileSync(path.join(scratch, 'template-config'), 'utf8');
  const inputs = [];
  for (let i = 0; i < count; i++) {
    const k = R.next();
    if (k < 0.45) {
      const { argv } = genArgv(R, tree);
      inputs.push({ kind: 'argv', argv, checkStored: true });
    } else if (k < 0.80) {
      const m = genManifest(R, corpus);
      const viaStdin = R.chance(0.2);
      const file = path.join(scratch, `m${i}.${m.ext}`);
      if (!viaStdin) fs.writeFileSync(file, m.text);
      const argv = [...R.pick(MANIFEST_VERBS)(viaStdin ? '-' : file), '--request-timeout=300ms'];
      if (argv[0] === 'wait') argv.push('--timeout=300ms');
      inputs.push({ kind: 'manifest', argv, stdin: viaStdin ? m.text : '', checkStored: true, note: viaStdin ? `stdin (${m.text.length} chars)` : file });
    } else if (k < 0.90) {
      const text = genKubeconfig(R, goodConfig);
      inputs.push({ kind: 'kubeconfig', argv: [...R.pick(KUBECONFIG_VERBS), '--request-timeout=300ms'], files: { config: Buffer.from(text, 'latin1').toString('base64') }, checkStored: false, note: `config: ${JSON.stringify(text.slice(0, 200))}` });
    } else {
      inputs.push({ kind: 'db', argv: [...R.pick(DB_VERBS), '--request-timeout=300ms'], corruptDb: genDbCorruption(R), checkStored: false });
    }
  }
  return inputs;
}

/** Problems with one result (none: the input behaved). */
export function check(input, r) {
  const p = [];
  if (r.timedOut) return ['did not end within its time limit'];
  if (r.crashed) return [`the worker died: ${r.crashed}\n${r.workerStderr ?? ''}`];
  if (r.harnessError) return [`harness error: ${r.harnessError}`];
  if (r.thrown) return [`run() threw: ${r.thrown}`];
  // kubectl diff: 1 when it found differences (the diff on stdout), 2 when it failed (kubectl's CheckDiffErr)
  const diff = input.argv[0] === 'diff';
  if (r.code !== 0 && r.code !== 1 && !(diff && r.code === 2)) p.push(`exit code ${r.code}`);
  if (STACK.test(r.stderr) || STACK.test(r.stdout)) p.push('a stack trace');
  const diffFound = diff && r.code === 1 && r.stdout.length > 0 && r.stderr.split('\n').every(l => l === '' || l.startsWith('Warning: ')); // (the API server's warnings may come along)
  // a command group run without its subcommand prints its help and exits 1, as cobra does in kubectl
  const help = /\nUsage:\n/.test(r.stderr + r.stdout);
  if (r.code !== 0 && !diffFound && !help && !KUBECTL_ERROR.test(r.stderr)) p.push(`exit ${r.code} without a kubectl-style error on stderr`);
  if (input.checkStored && r.code === 1 && r.stdout.trim() === '' && r.dbChanged) p.push('a refused write changed the cluster');
  return p;
}

export async function fuzz({ seed, count, workers = 2, limitMs = 20000, only, log = () => {} }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-fuzz-in-'));
  const pool = new Pool({ size: workers, limitMs, root: ROOT });
  const t0 = performance.now();
  try {
    await pool.start();
    fs.copyFileSync(path.join(pool.template, 'config'), path.join(scratch, 'template-config'));
    const tree = await pool.describe();
    let inputs = makeInputs(seed, count, tree, scratch);
    const index = inputs.map((_, i) => i);
    if (only !== undefined) {
      // one input, replayed with its file kept in the result and kctl's stacks shown (KCTL_DEBUG)
      inputs = [{ ...inputs[only], env: { KCTL_DEBUG: '1' } }];
      index.splice(0, index.length, only);
      const f = inputs[0].argv.find(a => a.startsWith(scratch));
      if (f) inputs[0].text = fs.readFileSync(f, 'latin1');
    }
    const failures = [];
    const kinds = {};
    let slowest = { ms: 0 };
    const results = await pool.runAll(inputs, (i, r) => {
      const inp = inputs[i];
      kinds[inp.kind] = (kinds[inp.kind] ?? 0) + 1;
      if ((r.wallMs ?? 0) > slowest.ms) slowest = { ms: r.wallMs, argv: inp.argv };
      const problems = check(inp, r);
      if (problems.length) failures.push({ index: index[i], input: inp, result: r, problems });
    });
    const cpuMs = results.reduce((a, r) => a + (r.cpuMs ?? 0), 0);
    // every worker's own CPU (kctl and the harness's restores and snapshots): the last figure each reported
    const perWorker = new Map();
    results.forEach(r => { if (r.workerCpuMs !== undefined && r.worker !== undefined) perWorker.set(r.worker, Math.max(perWorker.get(r.worker) ?? 0, r.workerCpuMs)); });
    const workerCpuMs = [...perWorker.values()].reduce((a, b) => a + b, 0);
    return { failures, results, inputs, index, kinds, slowest, restarts: pool.restarts, ms: performance.now() - t0, cpuMs, workerCpuMs, tree };
  } finally {
    pool.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A failure, printable. */
export function describeFailure(seed, f) {
  const clip = (s, n = 600) => (s.length > n ? s.slice(0, n) + `… (${s.length} chars)` : s);
  return [
    `#${f.index} (${f.input.kind}): ${f.problems.join('; ')}`,
    `  reproduce: node test/fuzz/run.mjs --seed ${seed} --only ${f.index}`,
    `  argv: ${JSON.stringify(f.input.argv.map(a => clip(a, 120)))}`,
    f.input.note ? `  input: ${clip(f.input.note, 300)}` : '',
    `  exit ${f.result.code} in ${Math.round(f.result.ms ?? f.result.wallMs)} ms`,
    f.result.stderr ? `  stderr: ${clip(JSON.stringify(f.result.stderr))}` : '',
    f.result.stdout ? `  stdout: ${clip(JSON.stringify(f.result.stdout), 300)}` : '',
  ].filter(Boolean).join('\n');
}
