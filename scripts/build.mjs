// Builds dist/: one bundle for the CLI (fast start: one file to load, better-sqlite3 left native),
// and the per-kind validators generated from schemas/ (ajv standalone code, loaded only on writes).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const f of fs.readdirSync(path.join(root, 'dist'))) if (f.includes('.v8cache')) fs.rmSync(path.join(root, 'dist', f), { force: true });
await build({
  entryPoints: [path.join(root, 'src/main.ts')],
  outfile: path.join(root, 'dist/kctl.js'),
  bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  external: ['better-sqlite3'], sourcemap: false, minifySyntax: true, logLevel: 'warning',
  legalComments: 'none',
});
const gen = path.join(root, 'scripts/gen-validators.mjs');
if (fs.existsSync(gen)) await import(gen);
