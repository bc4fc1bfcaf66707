// The command line: kubectl's verbs, each in its own module under verbs/, loaded only when invoked.
// Global flags (-n, --context, --kubeconfig, ...) may stand anywhere, as kubectl's persistent flags do.
import { Command, CommanderError, Option } from 'commander';
import { CliError, formatError, StatusError } from '../api/errors';
import { Output } from './io';
import type { Globals } from './session';

export interface VerbContext {
  globals: Globals; out: Output; argv: string[];
  /** Set by a verb whose work ends asynchronously (SQLite's online backup): run() waits for it. */
  pending?: Promise<void>;
}
export type VerbModule = { register(program: Command, ctx: VerbContext): void };

/** Every verb and the module that implements it. */
export const VERBS: Record<string, () => VerbModule> = {
  get: () => require('./verbs/get'),
  apply: () => require('./verbs/apply'),
  create: () => require('./verbs/create'),
  replace: () => require('./verbs/replace'),
  delete: () => require('./verbs/delete'),
  describe: () => require('./verbs/describe'),
  label: () => require('./verbs/label'),
  annotate: () => require('./verbs/annotate'),
  patch: () => require('./verbs/patch'),
  edit: () => require('./verbs/edit'),
  run: () => require('./verbs/run'),
  expose: () => require('./verbs/expose'),
  wait: () => require('./verbs/wait'),
  set: () => require('./verbs/set'),
  scale: () => require('./verbs/scale'),
  rollout: () => require('./verbs/rollout'),
  autoscale: () => require('./verbs/autoscale'),
  auth: () => require('./verbs/auth'),
  cordon: () => require('./verbs/cordon'),
  uncordon: () => require('./verbs/uncordon'),
  drain: () => require('./verbs/drain'),
  taint: () => require('./verbs/taint'),
  'api-resources': () => require('./verbs/api-resources'),
  'api-versions': () => require('./verbs/api-versions'),
  explain: () => require('./verbs/explain'),
  'cluster-info': () => require('./verbs/cluster-info'),
  version: () => require('./verbs/version'),
  kustomize: () => require('./verbs/kustomize'),
  diff: () => require('./verbs/diff'),
  config: () => require('./verbs/config'),
  cluster: () => require('./verbs/cluster'),
  sim: () => require('./verbs/sim'),
};

const GLOBAL_WITH_VALUE: Record<string, keyof Globals> = {
  '-n': 'namespace', '--namespace': 'namespace', '--context': 'context', '--kubeconfig': 'kubeconfig',
  '--cluster': 'cluster', '--user': 'user', '--as': 'as', '--as-uid': 'asUid', '--token': 'token',
};
const GLOBAL_IGNORED_WITH_VALUE = ['--request-timeout', '-v', '--v', '--server', '-s', '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--username', '--password', '--log-flush-frequency', '--vmodule', '--profile', '--profile-output'];
const GLOBAL_IGNORED_BOOL = ['--insecure-skip-tls-verify', '--match-server-version', '--warnings-as-errors', '--disable-compression'];

/** Pull global flags out of argv wherever they stand (up to `--`). */
export function extractGlobals(argv: string[]): { globals: Globals; rest: string[] } {
  const globals: Globals = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { rest.push(...argv.slice(i)); break; }
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const key = flag === '--as-group' ? 'asGroups' : GLOBAL_WITH_VALUE[flag];
    if (key) {
      let v: string | undefined;
      if (a.startsWith('--') && eq > 0) v = a.slice(eq + 1);
      else {
        v = argv[++i];
        if (v === undefined) {
          const verb = verbNameOf(rest);
          throw new CliError(`flag needs an argument: ${flag.startsWith('--') ? flag : `'${flag.slice(1)}' in ${flag}`}\nSee '${verb ? `kctl ${verb}` : 'kctl'} --help' for usage.`);
        }
      }
      if (key === 'asGroups') (globals.asGroups ??= []).push(v); else (globals as Record<string, unknown>)[key] = v;
      continue;
    }
    if (a.startsWith('-n') && a.length > 2 && !a.startsWith('--')) { globals.namespace = a.slice(2).replace(/^=/, ''); continue; }
    if (GLOBAL_IGNORED_WITH_VALUE.includes(flag)) { if (!(a.startsWith('--') && eq > 0)) i++; continue; }
    if (/^-v=?\d+$/.test(a)) continue;
    if (GLOBAL_IGNORED_BOOL.includes(flag)) continue;
    rest.push(a);
  }
  return { globals, rest };
}

/** Rewrite pflag-style booleans (`--watch=false`, `--overwrite=true`) into what commander understands. */
function normalizeBooleans(cmd: Command, args: string[]): string[] {
  const out: string[] = [];
  const all: Option[] = [];
  const collect = (c: Command) => { all.push(...(c.options as Option[])); };
  collect(cmd);
  for (const a of args) {
    if (a === '--') { out.push(...args.slice(args.indexOf(a))); return out; }
    // pflag reads `-o=yaml` as `-o yaml` (commander would take "=yaml" as the value)
    const sh = a.match(/^(-[A-Za-z0-9])=([\s\S]*)$/);
    if (sh) {
      let opt = all.find(o => o.short === sh[1]);
      for (let c = cmd.parent; !opt && c; c = c.parent) opt = (c.options as Option[]).find(o => o.short === sh[1]); // create's -o serves its generators
      if (opt && (opt.required || opt.optional)) { out.push(sh[1]!, sh[2] === '' ? '=' : sh[2]!); continue; } // pflag: `-r=` is "="
      if (opt && /^(true|false)$/i.test(sh[2]!)) { if (sh[2]!.toLowerCase() === 'true') out.push(sh[1]!); continue; }
    }
    const m = a.match(/^(--[^=]+)=(true|false)$/i);
    if (m) {
      const opt = all.find(o => o.long === m[1] && (o as any).isBoolean?.() !== false && !o.required && !o.optional);
      const neg = all.find(o => o.long === `--no-${m[1]!.slice(2)}`);
      if (opt || neg) {
        if (m[2]!.toLowerCase() === 'true') out.push(m[1]!);
        else if (neg) out.push(neg.long!);
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

export function verbNameOf(rest: string[]): string | undefined {
  return rest.find(a => !a.startsWith('-'));
}

function kubectlFlagError(e: CommanderError, cmdPath: string): string {
  const m1 = e.message.match(/unknown option '([^']+)'/);
  if (m1) {
    const f = m1[1]!;
    return f.startsWith('--') ? `error: unknown flag: ${f.split('=')[0]}\nSee '${cmdPath} --help' for usage.` : `error: unknown shorthand flag: '${f[1]}' in ${f}\nSee '${cmdPath} --help' for usage.`;
  }
  const m2 = e.message.match(/option '([^']+)' argument missing/);
  if (m2) {
    const parts = m2[1]!.split(/[ ,]+/).filter(Boolean);
    const short = parts.find(p => /^-[^-]/.test(p));
    const long = parts.find(p => p.startsWith('--'))!;
    return short && process.argv.includes(short) ? `error: flag needs an argument: '${short[1]}' in ${short}\nSee '${cmdPath} --help' for usage.` : `error: flag needs an argument: ${long}\nSee '${cmdPath} --help' for usage.`;
  }
  const m3 = e.message.match(/required option '([^']+)' not specified/);
  if (m3) {
    const long = m3[1]!.split(/[ ,]+/).find(p => p.startsWith('--'))!;
    return `error: required flag(s) "${long.slice(2).split(' ')[0]}" not set`;
  }
  const m4 = e.code === 'commander.unknownCommand' && e.message.match(/unknown command '([^']+)'/);
  if (m4) return `error: unknown command "${m4[1]}"\nSee '${cmdPath} -h' for help and examples`;
  return `error: ${e.message.replace(/^error: /, '')}`;
}

export function run(argv: string[]): number | Promise<number> {
  const out = new Output();
  let code = 0;
  let pending: Promise<void> | undefined;
  try {
    const { globals, rest } = extractGlobals(argv);
    const verb = verbNameOf(rest);
    const program = new Command('kctl');
    program.exitOverride();
    program.configureOutput({ writeOut: s => out.out(s), writeErr: s => out.err(s), outputError: () => {} });
    program.helpOption('-h, --help', 'Show help');
    program.description('kctl controls a local simulated Kubernetes cluster, as kubectl controls a real one.\n\n Find more information at: README.md');
    program.addHelpCommand(false);
    const ctx: VerbContext = { globals, out, argv };
    if (!verb) {
      for (const v of Object.keys(VERBS)) VERBS[v]!().register(program, ctx);
      out.out(program.helpInformation());
      out.flush();
      return 0;
    }
    const loader = VERBS[verb];
    if (!loader) {
      const near = Object.keys(VERBS).filter(v => levenshtein(v, verb) <= 2 || v.startsWith(verb));
      throw new CliError(`unknown command "${verb}" for "kctl"${near.length ? `\n\nDid you mean this?\n${near.map(n => `\t${n}`).join('\n')}` : ''}\n\nRun 'kctl --help' for usage.`);
    }
    loader().register(program, ctx);
    const sub = program.commands.find(c => c.name() === verb)!;
    const applyOverrides = (c: Command, pathName: string) => {
      c.exitOverride();
      c.configureOutput({ writeOut: s => out.out(s), writeErr: s => out.err(s), outputError: () => {} });
      (c as any)._kctlPath = pathName;
      for (const s of c.commands) applyOverrides(s, `${pathName} ${s.name()}`);
    };
    applyOverrides(sub, `kctl ${verb}`);
    const normalized = normalizeBooleans(findTarget(sub, rest.slice(rest.indexOf(verb) + 1)), rest);
    try {
      program.parse(normalized, { from: 'user' });
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') { out.flush(); return 0; }
        const target = findTarget(sub, rest.slice(rest.indexOf(verb) + 1));
        out.err(kubectlFlagError(e, (target as any)._kctlPath ?? `kctl ${verb}`));
        out.flush();
        return 1;
      }
      throw e;
    }
    code = out.exitCode;
    pending = ctx.pending;
  } catch (e) {
    code = failure(out, e);
  }
  if (pending) return pending.then(() => { out.flush(); return out.exitCode; }, e => { const c = failure(out, e); out.flush(); return c; });
  out.flush();
  return code;
}
/** Print an error as kubectl does; the exit code. */
function failure(out: Output, e: unknown): number {
  let code = 1;
  if (e instanceof CliError) code = e.exitCode;
  if (!(e instanceof CliError) && !(e instanceof StatusError)) {
    if (process.env.KCTL_DEBUG) out.err(String((e as Error)?.stack ?? e));
  }
  out.err(formatError(e));
  return code;
}

function findTarget(cmd: Command, args: string[]): Command {
  let cur = cmd;
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const next = cur.commands.find(c => c.name() === a || c.aliases().includes(a));
    if (!next) break;
    cur = next;
  }
  return cur;
}
function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++)
    d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
