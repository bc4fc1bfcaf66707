// `--record` (deprecated in kubectl, still honoured): the `kubernetes.io/change-cause` annotation holds the
// command line in the shape kubectl's RecordFlags builds it: the binary's base name, the positional
// arguments, then every flag that was given, in order, as `--long-name=value` (booleans as `=true`).
// e.g. `kctl set image deployment/web nginx=nginx:1.25 --record=true`.
import path from 'node:path';
import type { Command, Option } from 'commander';
import type { KObject } from '../api/types';

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const RECORD_DEPRECATED = 'Flag --record has been deprecated, --record will be removed in the future';

/** Global flags as the root command knows them: short → long, and whether they take a value. */
const GLOBAL_LONG: Record<string, string> = { '-n': '--namespace', '-s': '--server', '-v': '--v' };
const GLOBAL_WITH_VALUE = new Set(['--namespace', '--context', '--kubeconfig', '--cluster', '--user', '--request-timeout', '--v', '--token',
  '--server', '--as', '--as-group', '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name',
  '--username', '--password', '--log-flush-frequency', '--vmodule', '--profile', '--profile-output']);

/** Was `--record` given (in any form) on this command line? */
export function recordGiven(argv: string[]): boolean {
  for (const a of argv) { if (a === '--') break; if (a === '--record' || a.startsWith('--record=')) return true; }
  return false;
}

/** The change-cause string for this invocation of `cmd` (the leaf command that runs). */
export function changeCause(cmd: Command, argv: string[]): string {
  const opts = allOptions(cmd);
  const byLong = new Map<string, Option>(); const byShort = new Map<string, Option>();
  for (const o of opts) { if (o.long) byLong.set(o.long, o); if (o.short) byShort.set(o.short, o); }
  const takesValue = (long: string) => {
    const o = byLong.get(long);
    if (o) return !!o.required;
    return GLOBAL_WITH_VALUE.has(long);
  };
  const args: string[] = []; const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { args.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const long = eq > 0 ? a.slice(0, eq) : a;
      const name = long.replace(/^--no-/, '--');
      if (eq > 0) flags.push(`${long}=${a.slice(eq + 1)}`);
      else if (takesValue(long) && i + 1 < argv.length) flags.push(`${long}=${argv[++i]}`);
      else flags.push(long.startsWith('--no-') ? `${name}=false` : `${long}=true`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const short = a.slice(0, 2);
      const o = byShort.get(short);
      const long = o?.long ?? GLOBAL_LONG[short] ?? short;
      const withValue = o ? !!o.required : GLOBAL_WITH_VALUE.has(long);
      if (a.length > 2) flags.push(`${long}=${a.slice(2).replace(/^=/, '')}`);
      else if (withValue && i + 1 < argv.length) flags.push(`${long}=${argv[++i]}`);
      else flags.push(`${long}=true`);
      continue;
    }
    args.push(a);
  }
  const base = path.basename(process.argv[1] ?? 'kctl').replace(/\.js$/, '');
  return base + (args.length ? ' ' + args.join(' ') : '') + flags.map(f => ' ' + f).join('');
}

/** Set the change-cause annotation on an object (in place). */
export function recordOn(obj: KObject, cause: string): void {
  obj.metadata ??= {};
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [CHANGE_CAUSE]: cause };
}

function allOptions(cmd: Command): Option[] {
  const out: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) out.push(...(c.options as Option[]));
  return out;
}
