// Builds dist/: one bundle for the CLI (fast start: one file to load, better-sqlite3 left native),
// and the per-kind validators generated from schemas/ (ajv standalone code, loaded only on writes).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const f of fs.readdirSync(path.join(root, 'dist'))) if (f.includes('.v8cache')) fs.rmSync(path.join(root, 'dist', f), { force: true });
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
await build({
  entryPoints: [path.join(root, 'src/main.ts')],
  outfile: path.join(root, 'dist/kctl.js'),
  bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  external: ['better-sqlite3/package.json'], sourcemap: false, minify: !process.env.KCTL_NOMINIFY, keepNames: true, logLevel: 'warning',
  legalComments: 'none',
  plugins: [lazyChildProcess],
});
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
