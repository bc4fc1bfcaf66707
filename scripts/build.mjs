// Builds dist/: one bundle for the CLI (fast start: one file to load, better-sqlite3 left native),
// the per-kind validators generated from schemas/ (ajv standalone code, loaded only on writes), and the default
// cluster's template (src/cluster/template.ts: a first invocation instantiates it instead of bootstrapping).
// KCTL_NOMINIFY=1 keeps names and lines readable (for profiles).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const f of fs.readdirSync(path.join(root, 'dist'))) if (f.includes('.v8cache') || f === 'default-cluster.json') fs.rmSync(path.join(root, 'dist', f), { force: true });
const buildId = `${Date.now().toString(36)}-${process.pid}`;
// commander requires node:child_process at load time (for executable subcommands, which kctl does not use);
// loading it costs a few ms on every invocation, so commander gets a shim that loads it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, args =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'kctl-shim' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'kctl-shim' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};
// A large JSON module as JSON.parse of one string: V8 parses JSON text several times faster than the same
// data as an object literal (the runtime's 110 KB image catalog took 1.5 ms of every exec as a literal).
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, args => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (text.length < 4096) return undefined;
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: 'js' };
    });
  },
};
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  external: ['better-sqlite3/package.json'], sourcemap: false, minify: !process.env.KCTL_NOMINIFY, keepNames: true, logLevel: 'warning',
  legalComments: 'none', define: { KCTL_BUILD_ID: JSON.stringify(buildId) },
  plugins: [lazyChildProcess, jsonAsParse],
};
await build({ ...common, entryPoints: [path.join(root, 'src/main.ts')], outfile: path.join(root, 'dist/kctl.js') });
// The bundle in ASCII only: esbuild leaves the characters of regular expressions as they are (µs in duration
// patterns), and one such character makes the whole 2.6 MB source a two-byte string that every invocation
// decodes from UTF-8 (15-80 ms, most of a `get`). Escaped (\uXXXX means the same in a regex, a string or a
// template), the file reads as a one-byte string in under a millisecond.
{
  const out = path.join(root, 'dist/kctl.js');
  const src = fs.readFileSync(out, 'utf8');
  if (/[^\x00-\x7f]/.test(src)) fs.writeFileSync(out, src.replace(/[^\x00-\x7f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
// The container runtime on its own, for tests of the shell and the userland (no cluster, no database).
await build({
  entryPoints: [path.join(root, 'src/runtime/harness.ts')],
  outfile: path.join(root, 'dist/harness.js'),
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, minify: false, keepNames: true, logLevel: 'warning',
  legalComments: 'none',
});
const gen = path.join(root, 'scripts/gen-validators.mjs');
if (fs.existsSync(gen)) await import(gen);
await import(path.join(root, 'scripts/gen-fieldtypes.mjs'));

// The default cluster's template: made by the code just built, checked against real bootstraps with other
// seeds and instants; without it (a check fails) a first invocation bootstraps as before.
{
  const maker = path.join(root, 'dist', `.template-maker-${process.pid}.cjs`);
  try {
    await build({ ...common, minify: false, entryPoints: [path.join(root, 'src/cluster/template.ts')], outfile: maker });
    const { createRequire } = await import('node:module');
    const { makeTemplate, verifyTemplate } = createRequire(import.meta.url)(maker);
    const t = makeTemplate(buildId);
    let bad;
    // (several seeds: an order that follows random names shows up)
    for (let i = 0; i < 8 && !bad; i++) bad = verifyTemplate(t, Math.floor(Date.now() / 1000) * 1000 + i * 86_400_000 * 37, (Date.now() * 7919 + i * 104729) >>> 0);
    if (bad) console.warn(`warning: no default-cluster template (it would differ from a bootstrap: ${bad.split('\n')[0]})`);
    else fs.writeFileSync(path.join(root, 'dist', 'default-cluster.json'), JSON.stringify(t));
  } catch (e) {
    console.warn(`warning: no default-cluster template: ${e.message}`);
  } finally {
    fs.rmSync(maker, { force: true });
  }
}
