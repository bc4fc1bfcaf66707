// The command line: kubectl's verbs, each in its own module under verbs/, loaded only when invoked.
// Global flags (-n, --context, --kubeconfig, ...) may stand anywhere, as kubectl's persistent flags do.
import type { Command, CommanderError as CommanderErrorT, Option } from 'commander';
import { CliError, formatError, StatusError } from '../api/errors';
import { Output } from './io';
import type { Globals } from './session';

export interface VerbContext { globals: Globals; out: Output; argv: string[] }
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
  logs: () => require('./verbs/logs'),
  exec: () => require('./verbs/exec'),
  plugin: () => require('./verbs/plugin'),
  completion: () => require('./verbs/completion'),
  events: () => require('./verbs/events'),
  certificate: () => require('./verbs/certificate'),
  proxy: () => require('./verbs/proxy'),
  'port-forward': () => require('./verbs/port-forward'),
  cp: () => require('./verbs/cp'),
  attach: () => require('./verbs/attach'),
  top: () => require('./verbs/top'),
  debug: () => require('./verbs/debug'),
  serve: () => require('./verbs/serve'),
};

const GLOBAL_WITH_VALUE: Record<string, Exclude<keyof Globals, 'users'>> = {
  '-n': 'namespace', '--namespace': 'namespace', '--context': 'context', '--kubeconfig': 'kubeconfig',
  '--cluster': 'cluster', '--user': 'user', '--as': 'as', '--as-uid': 'asUid', '--token': 'token', '--request-timeout': 'requestTimeout',
};
const GLOBAL_IGNORED_WITH_VALUE = ['-v', '--v', '--server', '-s', '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--username', '--password', '--log-flush-frequency', '--vmodule', '--profile', '--profile-output'];
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
      // --user is also a local flag of some commands (set subject, create rolebinding), which may repeat it
      if (key === 'user') (globals.users ??= []).push(v);
      continue;
    }
    if (a.startsWith('-n') && a.length > 2 && !a.startsWith('--')) { globals.namespace = a.slice(2).replace(/^=/, ''); continue; }
    // `kubectl debug --profile` is debug's own flag, shadowing the global profiling one
    if (flag === '--profile' && verbNameOf(rest) === 'debug') { rest.push(a); continue; }
    // -v/--v (klog's verbosity): pflag reads a Level (int32), taking the next argument as it is, so a value that
    // is not a number is an error (and a flag after -v is its value, as kubectl reads it)
    const vm = /^(-v|--v)(?:=([\s\S]*)|(\d[\s\S]*))?$/.exec(a);
    if (vm) {
      let v = vm[2] ?? vm[3];
      if (v === undefined) {
        v = argv[++i];
        if (v === undefined) {
          const verb = verbNameOf(rest);
          throw new CliError(`flag needs an argument: ${vm[1] === '-v' ? "'v' in -v" : '--v'}\nSee '${verb ? `kctl ${verb}` : 'kctl'} --help' for usage.`);
        }
      }
      if (!/^[+-]?\d+$/.test(v) || Math.abs(Number(v)) > 2147483647) {
        const verb = verbNameOf([...rest, ...argv.slice(i + 1)]);
        throw new CliError(`invalid argument "${v}" for "-v, --v" flag: strconv.ParseInt: parsing ${JSON.stringify(v)}: ${/^[+-]?\d+$/.test(v) ? 'value out of range' : 'invalid syntax'}\nSee '${verb ? `kctl ${verb}` : 'kctl'} --help' for usage.`);
      }
      continue;
    }
    if (GLOBAL_IGNORED_WITH_VALUE.includes(flag)) { if (!(a.startsWith('--') && eq > 0)) i++; continue; }
    if (GLOBAL_IGNORED_BOOL.includes(flag)) continue;
    rest.push(a);
  }
  return { globals, rest };
}

/** What Go's strconv.ParseBool accepts. */
const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
const GO_TRUE = /^(1|t|T|TRUE|true|True)$/;

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
      if (opt && GO_BOOL.test(sh[2]!)) { if (GO_TRUE.test(sh[2]!)) out.push(sh[1]!); continue; }
    }
    const m = a.match(/^(--[^=]+)=([\s\S]*)$/);
    if (m) {
      const opt = all.find(o => o.long === m[1] && (o as any).isBoolean?.() !== false && !o.required && !o.optional);
      const neg = all.find(o => o.long === `--no-${m[1]!.slice(2)}`);
      if (opt || neg) {
        if (!GO_BOOL.test(m[2]!)) {
          const o = (opt ?? neg)!;
          const names = `${o.short ? `${o.short}, ` : ''}${m[1]}`;
          throw new CliError(`invalid argument "${m[2]}" for "${names}" flag: strconv.ParseBool: parsing "${m[2]}": invalid syntax\nSee '${(cmd as any)._kctlPath ?? 'kctl'} --help' for usage.`);
        }
        if (GO_TRUE.test(m[2]!)) out.push(m[1]!);
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

function kubectlFlagError(e: CommanderErrorT, cmdPath: string): string {
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
  // cobra's NoArgs / legacy args check for a command that takes no arguments
  const m5 = e.code === 'commander.excessArguments' && e.message.match(/Expected \d+ arguments? but got/);
  if (m5) {
    const extra = process.argv.slice(2).filter(a => !a.startsWith('-'));
    const words = cmdPath.split(' ').slice(1);
    const first = extra.find((a, i) => i >= words.length || a !== words[i]);
    return `error: unknown command ${JSON.stringify(first ?? '')} for ${JSON.stringify(cmdPath)}`;
  }
  const m4 = e.code === 'commander.unknownCommand' && e.message.match(/unknown command '([^']+)'/);
  if (m4) return `error: unknown command "${m4[1]}"\nSee '${cmdPath} -h' for help and examples`;
  return `error: ${e.message.replace(/^error: /, '')}`;
}

/** --template and --allow-missing-template-keys, for the printers (each verb still declares the flags). */
function readPrintFlags(rest: string[]): void {
  const { printFlags } = require('./printers') as typeof import('./printers');
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') break;
    if (a === '--template') printFlags.template = rest[i + 1];
    else if (a.startsWith('--template=')) printFlags.template = a.slice('--template='.length);
    else if (a === '--allow-missing-template-keys') printFlags.allowMissingKeys = true;
    else if (a.startsWith('--allow-missing-template-keys=')) printFlags.allowMissingKeys = GO_TRUE.test(a.split('=')[1]!);
  }
}

/** `-h` / `--help` before `--`: cobra answers with the help of the command the other arguments name. */
function wantsHelp(rest: string[]): boolean {
  for (const a of rest) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help' || a === '--help=true' || a === '-h=true') return true;
  }
  return false;
}

/** Load every verb module kctl has (only to print help or completions). */
function registerAll(program: Command, ctx: VerbContext): void {
  for (const v of Object.keys(VERBS)) VERBS[v]!().register(program, ctx);
}

/** Print the help of the command path `p` (root for []), kubectl's text, to stdout. */
function printHelp(out: Output, p: string[], cmd: Command | undefined, program: Command, ctx: VerbContext, fd: 1 | 2 = 1): void {
  const help = require('./help') as typeof import('./help');
  if (!p.length) registerAll(program, ctx);
  const describe = (v: string) => program.commands.find(c => c.name() === v)?.description() ?? '';
  const rec = help.helpRecord(p, verbOrder(), cmd, describe);
  if (!rec) throw new CliError(`unknown command "${p.join(' ')}" for "kctl"`);
  const text = help.renderHelp(rec);
  if (fd === 1) out.out(text); else out.err(text);
}

/** The path of command names from the verb to `target`. */
function pathOf(target: Command): string[] {
  const p: string[] = [];
  for (let c: Command | null = target; c && c.parent; c = c.parent) p.unshift(c.name());
  return p;
}

/** kctl's verbs in kubectl's order (its root help), then kctl's own: cobra suggests in this order. */
function verbOrder(): string[] {
  const order = KUBECTL_ORDER.filter(v => v in VERBS);
  return [...order, ...Object.keys(VERBS).filter(v => !order.includes(v))];
}
const KUBECTL_ORDER = ['create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec',
  'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize',
  'label', 'annotate', 'completion', 'alpha', 'api-resources', 'api-versions', 'config', 'plugin', 'version'];

/** Commands cobra has on every root besides the verbs. */
const BUILTIN = ['help', 'options', '__complete', '__completeNoDesc'];

function quietCommander(c: Command, out: Output): void {
  c.exitOverride();
  c.configureOutput({ writeOut: s => out.out(s), writeErr: s => out.err(s), outputError: () => {} });
  c.helpOption(false);
  c.helpCommand(false);
}

export function run(argv: string[]): number | Promise<number> {
  const out = new Output();
  let code = 0;
  try {
    if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') {
      // cobra's completion protocol: the words as the shell has them, global flags included
      const { Command } = require('commander') as typeof import('commander');
      const program = new Command('kctl');
      quietCommander(program, out);
      const ctx: VerbContext = { globals: {}, out, argv };
      const { complete } = require('./completion') as typeof import('./completion');
      registerAll(program, ctx);
      complete(program, ctx, argv.slice(1), argv[0] === '__complete', verbOrder());
      out.flush();
      return out.exitCode;
    }
    const { globals, rest } = extractGlobals(argv);
    readPrintFlags(rest);
    const verb = verbNameOf(rest);
    // a plain `get` (the most run command) is read without building the command (verbs/get.ts plainGet)
    if (verb === 'get' && rest[0] === 'get' && !process.env.KCTL_TEST_COMMANDER_GET) {
      const g = require('./verbs/get') as typeof import('./verbs/get');
      const plain = g.plainGet(rest.slice(1));
      if (plain) {
        g.get({ globals, out, argv }, plain.args, plain.opts);
        const pending = (require('./async') as typeof import('./async')).takePending();
        if (pending) return finishAsync(pending, out);
        out.flush();
        return out.exitCode;
      }
    }
    const { Command } = require('commander') as typeof import('commander');
    const program = new Command('kctl');
    quietCommander(program, out);
    const ctx: VerbContext = { globals, out, argv };
    if (!verb) {
      const flag = rest.find(a => a.startsWith('-') && a !== '-h' && a !== '--help');
      if (flag && !wantsHelp(rest)) throw new CliError(unknownFlag(flag, 'kctl'));
      printHelp(out, [], undefined, program, ctx);
      out.flush();
      return 0;
    }
    const after = rest.slice(rest.indexOf(verb) + 1);
    if (verb === 'help' || verb === 'options') {
      builtin(verb, after, program, ctx);
      out.flush();
      return out.exitCode;
    }
    const loader = VERBS[verb];
    if (!loader) {
      if (argv[0]?.startsWith('-')) throw new CliError(`Error: flags cannot be placed before plugin name: ${argv[0]}`, 1, true);
      const { runPlugin } = require('./plugins') as typeof import('./plugins');
      const rc = runPlugin(argv);
      if (rc !== undefined) { out.flush(); return rc; }
      const near = verbOrder().filter(v => levenshtein(v.toLowerCase(), verb.toLowerCase()) <= 2 || v.startsWith(verb.toLowerCase()));
      throw new CliError(`unknown command "${verb}" for "kctl"${near.length ? `\n\nDid you mean this?\n${near.map(n => `\t${n}`).join('\n')}` : ''}`);
    }
    loader().register(program, ctx);
    const sub = program.commands.find(c => c.name() === verb)!;
    const { addTemplateFlags } = require('./verbs/common') as typeof import('./verbs/common');
    const applyOverrides = (c: Command, pathName: string) => {
      quietCommander(c, out);
      (c as any)._kctlPath = pathName;
      // every printing command takes kubectl's template flags (the printers read them: printers/index.ts)
      if ((c.options as Option[]).some(o => o.long === '--output')) addTemplateFlags(c);
      for (const s of c.commands) applyOverrides(s, `${pathName} ${s.name()}`);
    };
    applyOverrides(sub, `kctl ${verb}`);
    const target = findTarget(sub, after);
    if (wantsHelp(rest)) {
      printHelp(out, pathOf(target), target, program, ctx);
      out.flush();
      return 0;
    }
    // A command with subcommands run with none (and no action of its own): kubectl prints its help.
    if (target.commands.length && !positionalAfter(target, sub, after)) {
      const help = require('./help') as typeof import('./help');
      const rec = help.helpRecord(pathOf(target), verbOrder(), target);
      const bare = rec?.bare ?? (!(target as any)._actionHandler ? { fd: 2 as const, code: 1 } : undefined);
      if (bare) {
        printHelp(out, pathOf(target), target, program, ctx, bare.fd);
        out.flush();
        return bare.code;
      }
    }
    // --template alone means -o go-template (kubectl's PrintFlags)
    const { printFlags } = require('./printers') as typeof import('./printers');
    const dashdash = rest.indexOf('--') < 0 ? rest.length : rest.indexOf('--');
    if (printFlags.template !== undefined && (target.options as Option[]).some(o => o.long === '--output')
      && !rest.slice(0, dashdash).some(a => /^(-o|--output)(=|$)|^-o./.test(a))) rest.splice(dashdash, 0, '--output=go-template');
    const normalized = normalizeBooleans(target, rest);
    try {
      program.parse(normalized, { from: 'user' });
      const pending = (require('./async') as typeof import('./async')).takePending();
      if (pending) return finishAsync(pending, out);
    } catch (e) {
      if (e instanceof (require('commander') as typeof import('commander')).CommanderError) {
        out.err(kubectlFlagError(e, (findTarget(sub, after) as any)._kctlPath ?? `kctl ${verb}`));
        out.flush();
        return 1;
      }
      throw e;
    }
    code = out.exitCode;
  } catch (e) {
    code = 1;
    if (e instanceof CliError) code = e.exitCode;
    // a template that failed to execute: kubectl writes its debugging text to the output first
    if (e instanceof CliError && typeof (e as { stdout?: unknown }).stdout === 'string') out.out((e as unknown as { stdout: string }).stdout);
    if (!(e instanceof CliError) && !(e instanceof StatusError)) {
      if (process.env.KCTL_DEBUG) out.err(String((e as Error)?.stack ?? e));
    }
    out.err(formatError(e));
  }
  out.flush();
  return code;
}

/** An asynchronous verb: its errors and exit code once it has finished. */
async function finishAsync(p: Promise<unknown>, out: Output): Promise<number> {
  let code = 0;
  try {
    await p;
    code = out.exitCode;
  } catch (e) {
    code = e instanceof CliError ? e.exitCode : 1;
    if (!(e instanceof CliError) && !(e instanceof StatusError) && process.env.KCTL_DEBUG) out.err(String((e as Error)?.stack ?? e));
    out.err(formatError(e));
  }
  out.flush();
  return code;
}

/** Whether any positional argument follows the target command's own name (an unknown subcommand, say). */
function positionalAfter(target: Command, verbCmd: Command, after: string[]): boolean {
  const depth = pathOf(target).length - pathOf(verbCmd).length;
  const pos = after.filter(a => !a.startsWith('-'));
  return pos.length > depth;
}

function unknownFlag(flag: string, cmdPath: string): string {
  const f = flag.split('=')[0]!;
  return f.startsWith('--') ? `unknown flag: ${f}\nSee '${cmdPath} --help' for usage.` : `unknown shorthand flag: '${f[1]}' in ${flag}\nSee '${cmdPath} --help' for usage.`;
}

/** `kctl help [COMMAND...]` and `kctl options`, as cobra and kubectl answer them. */
function builtin(verb: 'help' | 'options', after: string[], program: Command, ctx: VerbContext): void {
  const out = ctx.out;
  const help = require('./help') as typeof import('./help');
  const flag = after.find(a => a.startsWith('-'));
  if (verb === 'options') {
    if (flag && !wantsHelp(after)) throw new CliError(`${unknownFlag(flag, 'kctl options').split('\n')[0]}\nRun 'kctl options' without flags.`);
    out.out(help.renderHelp(help.helpData()['options']!));
    return;
  }
  if (wantsHelp(after)) { out.out(help.renderHelp(help.helpData()['help']!)); return; }
  if (flag) throw new CliError(unknownFlag(flag, 'kctl help'));
  if (!after.length) { printHelp(out, [], undefined, program, ctx); return; }
  if (after[0] === 'help') { out.out(help.renderHelp(help.helpData()['help']!)); return; }
  if (after[0] === 'options') return; // cobra's help of kubectl's options command prints nothing
  const loader = VERBS[after[0]!];
  if (!loader) { out.err(help.unknownTopic(after, help.helpRecord([], verbOrder(), undefined, describeAll(program, ctx))!)); return; }
  loader().register(program, ctx);
  const sub = program.commands.find(c => c.name() === after[0])!;
  const target = findTarget(sub, after.slice(1));
  printHelp(out, pathOf(target), target, program, ctx);
}
function describeAll(program: Command, ctx: VerbContext): (v: string) => string {
  registerAll(program, ctx);
  return v => program.commands.find(c => c.name() === v)?.description() ?? '';
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
