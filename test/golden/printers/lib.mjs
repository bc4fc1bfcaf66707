// Bundles kctl's printer modules (src/cli/printers) for direct use by tests and the golden generator.
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function loadPrinters() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-printers-'));
  const entry = path.join(dir, 'entry.ts');
  const P = path.join(ROOT, 'src/cli/printers');
  fs.writeFileSync(entry, [
    `export { goYAML } from ${JSON.stringify(P + '/yaml')};`,
    `export { goJSON, compactJSON } from ${JSON.stringify(P + '/json')};`,
    `export { printJSONPath, evalJSONPath } from ${JSON.stringify(P + '/jsonpath')};`,
    `export { printCustomColumns } from ${JSON.stringify(P + '/customcolumns')};`,
    `export { sortItems } from ${JSON.stringify(P + '/sortby')};`,
    `export { parseOutput, printObjects } from ${JSON.stringify(P + '/index')};`,
    `export { formatError } from ${JSON.stringify(path.join(ROOT, 'src/api/errors'))};`,
  ].join('\n'));
  const out = path.join(dir, 'printers.cjs');
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent' });
  const mod = await import(pathToFileURL(out).href);
  process.on('exit', () => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} });
  return mod.default ?? mod;
}

/** Run a printer the way kctl's top level does: stdout text, or `formatError` text and exit 1. */
export function run(P, fn) {
  try { return { stdout: fn(), stderr: '', code: 0 }; } catch (e) {
    const t = P.formatError(e);
    return { stdout: '', stderr: t.endsWith('\n') ? t : t + '\n', code: 1 };
  }
}
