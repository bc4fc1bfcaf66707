// Plugins: executables named kctl-<name> on PATH, found and run as kubectl finds and runs kubectl-<name>
// (k8s.io/kubectl/pkg/cmd/plugin: DefaultPluginHandler, HandlePluginCommand, `plugin list`).
import fs from 'node:fs';
import path from 'node:path';

export const PLUGIN_PREFIX = 'kctl-';

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch { return false; }
}

/** The first executable named `name` on PATH. */
export function lookPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const f = path.join(dir, name);
    if (isExecutable(f)) return f;
  }
  return undefined;
}

/**
 * `kctl foo bar --x` runs kctl-foo-bar (or else kctl-foo) with the remaining arguments, as kubectl does:
 * the name is made of the arguments before the first flag, dashes in them read as underscores.
 * Returns the plugin's exit code, or undefined when no plugin matches.
 */
export function runPlugin(args: string[]): number | undefined {
  const parts: string[] = [];
  for (const a of args) {
    if (a.startsWith('-')) break;
    parts.push(a.replaceAll('-', '_'));
  }
  for (let n = parts.length; n > 0; n--) {
    const file = lookPath(PLUGIN_PREFIX + parts.slice(0, n).join('-'));
    if (!file) continue;
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const r = spawnSync(file, args.slice(n), { stdio: 'inherit' });
    if (r.error) {
      process.stderr.write(`error: ${r.error.message}\n`);
      return 1;
    }
    if (r.signal) process.kill(process.pid, r.signal);
    return r.status ?? 1;
  }
  return undefined;
}

/** Every plugin on PATH (each directory once, files in name order) and what is wrong with each. */
export function listPlugins(isBuiltin: (name: string) => boolean): { file: string; warnings: string[] }[] {
  const seen = new Map<string, string>();
  const found: { file: string; warnings: string[] }[] = [];
  const dirs = [...new Set((process.env.PATH ?? '').split(path.delimiter).filter(Boolean))];
  for (const dir of dirs) {
    let names: string[];
    try { names = fs.readdirSync(dir).sort(); } catch { continue; }
    for (const n of names) {
      if (!n.startsWith(PLUGIN_PREFIX)) continue;
      const file = path.join(dir, n);
      const warnings: string[] = [];
      if (!isExecutable(file)) warnings.push(`warning: ${file} identified as a kctl plugin, but it is not executable`);
      const name = n.replace(/\.(exe|bat|cmd|com)$/i, '');
      const prev = seen.get(name);
      if (prev) warnings.push(`warning: ${file} is overshadowed by a similarly named plugin: ${prev}`);
      else seen.set(name, file);
      const first = name.slice(PLUGIN_PREFIX.length).split('-')[0]!;
      if (isBuiltin(first)) warnings.push(`warning: ${n} overwrites existing command: "kctl ${first}"`);
      found.push({ file, warnings });
    }
  }
  return found;
}
