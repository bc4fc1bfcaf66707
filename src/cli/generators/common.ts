// What every `create <generator>` shares: NAME from the arguments, the flags inherited from `create`
// (-o, --dry-run, --save-config, --validate, --field-manager), building the typed object, creating it
// through the API (or not, for --dry-run=client) and printing it as kubectl does.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, parseDryRun, dryRunSuffix, DryRun } from '../verbs/common';
import { validationMode, LAST_APPLIED } from '../verbs/apply';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, printObjects } from '../printers';
import { goYAML } from '../printers/yaml';
import { kindGroup, KObject } from '../../api/types';
import { resourceForKind } from '../../api/discovery';
import { typedJSON, typedCompact, strMap } from './typed-json';
import type { Runtime } from '../../sim/runtime';
import type { Session } from '../session';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export function mathRandomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[Math.floor(Math.random() * ALPHANUMS.length)];
  return s;
}

/** What a builder gets. */
export interface BuildCtx {
  name: string;
  /** Arguments after `--`. */
  command: string[];
  /** The namespace to put in metadata ('' unless -n was given and the kind is namespaced). */
  namespace: string;
  /** The session's namespace (always set). */
  sessionNamespace: string;
  opts: any;
  rand: () => string;
  rt?: Runtime;
}
export interface Generator {
  apiVersion: string;
  kind: string;
  /** The typed client's wrapping of a server error (`failed to create deployment: `); none = printed as is. */
  wrap?: string | ((ctx: BuildCtx) => string);
  /** Checks that need no cluster (kubectl's Validate). */
  validate?: (opts: any, command: string[], name: string) => void;
  build: (b: BuildCtx) => KObject;
  /** Allow arguments after `--` (deployment, job, cronjob). */
  takesCommand?: boolean;
}

/** `kubectl create <x>` with `exactly one NAME is required` as cobra's ArgsLenAtDash counts it. */
export function nameFromArgs(ctx: VerbContext, cmd: Command, args: string[]): { name: string; command: string[] } {
  const dash = ctx.argv.indexOf('--');
  const after = dash >= 0 ? ctx.argv.length - dash - 1 : 0;
  const lenAtDash = dash >= 0 ? args.length - after : args.length;
  if (lenAtDash !== 1) throw usageError(cmd, `exactly one NAME is required, got ${lenAtDash}`);
  return { name: args[0]!, command: args.slice(1) };
}
export function cmdPath(cmd: Command): string {
  return (cmd as any)._kctlPath ?? (() => {
    const parts: string[] = [];
    for (let c: Command | null = cmd; c; c = c.parent) parts.unshift(c.name());
    parts[0] = 'kctl';
    return parts.join(' ');
  })();
}
export function usageError(cmd: Command, msg: string): CliError {
  return new CliError(`${msg}\nSee '${cmdPath(cmd)} -h' for help and examples`);
}

/** ObjectMeta in Go field order, as a generator fills it (creationTimestamp is always null). */
export function meta(name: string, o: { namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } = {}): any {
  const m: any = { name };
  if (o.namespace) m.namespace = o.namespace;
  m.creationTimestamp = null;
  if (o.labels && Object.keys(o.labels).length) m.labels = strMap(o.labels);
  if (o.annotations && Object.keys(o.annotations).length) m.annotations = strMap(o.annotations);
  return m;
}
/** An empty-named ObjectMeta of a template (`metadata: {creationTimestamp: null}`). */
export function templateMeta(labels?: Record<string, string>, name?: string): any {
  const m: any = {};
  if (name) m.name = name;
  m.creationTimestamp = null;
  if (labels && Object.keys(labels).length) m.labels = strMap(labels);
  return m;
}
function withAnnotation(m: any, key: string, value: string): any {
  const out: any = {};
  const anns = { ...(m.annotations ?? {}), [key]: value };
  let placed = false;
  for (const k of Object.keys(m)) {
    if (k === 'annotations') continue;
    if (!placed && ['ownerReferences', 'finalizers', 'managedFields'].includes(k)) { out.annotations = strMap(anns); placed = true; }
    out[k] = m[k];
  }
  if (!placed) out.annotations = strMap(anns);
  return out;
}

/** A flag value pflag would refuse while parsing: printed with `See '<cmd> --help' for usage.` */
export class FlagError extends CliError {}
/** An error kubectl prints without the `error: ` prefix (a NoResourceMatchError). */
export class PlainError extends CliError {}
export function int32Flag(flag: string, v: unknown, def: number): number {
  if (v === undefined) return def;
  const s = String(v);
  if (!/^[+-]?\d+$/.test(s)) throw new FlagError(`invalid argument "${s}" for "${flag}" flag: strconv.ParseInt: parsing "${s}": invalid syntax`);
  const n = Number(s);
  if (n > 2147483647 || n < -2147483648) throw new FlagError(`invalid argument "${s}" for "${flag}" flag: strconv.ParseInt: parsing "${s}": value out of range`);
  return n;
}
/** A parent command run without its subcommand (`create secret`): cobra's help, on stderr, exit 1. */
export function groupHelp(ctx: VerbContext, text: string) {
  return () => { ctx.out.err(text); ctx.out.exitCode = 1; };
}
export const OUTPUT_FORMATS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';
export const collectArray = (v: string, prev: string[] = []) => prev.concat([v]);
/** pflag StringSlice: repeated, and each value split on commas (CSV, so quotes group). */
export const collectSlice = (v: string, prev: string[] = []) => prev.concat(v === '' ? [] : splitCsv(v));
function splitCsv(v: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '"' && (cur === '' || q)) { if (q && v[i + 1] === '"') { cur += '"'; i++; } else q = !q; continue; }
    if (c === ',' && !q) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** A klog warning line as kubectl writes it to stderr (`W1123 12:50:54.113672    8689 helpers.go:703] msg`). */
export function klogWarning(ctx: VerbContext, where: string, msg: string): void {
  const d = new Date();
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micro = String(d.getMilliseconds() * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0');
  ctx.out.err(`W${p2(d.getMonth() + 1)}${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${micro} ${String(process.pid).padStart(7)} ${where}] ${msg}`);
}
/** cmdutil.GetDryRunStrategy, with its deprecation warnings for a bare `--dry-run` and boolean values. */
export function dryRunOf(ctx: VerbContext, v: unknown): DryRun {
  const dash = ctx.argv.indexOf('--');
  const argv = dash >= 0 ? ctx.argv.slice(0, dash) : ctx.argv;
  if (argv.includes('--dry-run') && v === 'client') {
    klogWarning(ctx, 'helpers.go:703', '--dry-run is deprecated and can be replaced with --dry-run=client.');
    return 'client';
  }
  const s = typeof v === 'string' ? v : undefined;
  if (s !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) {
    klogWarning(ctx, 'helpers.go:717', `--dry-run=${s} is deprecated (boolean value) and can be replaced with --dry-run=client.`);
    return 'client';
  }
  if (s !== undefined && ['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) {
    klogWarning(ctx, 'helpers.go:720', `--dry-run=${s} is deprecated (boolean value) and can be replaced with --dry-run=none.`);
    return 'none';
  }
  return parseDryRun(v);
}

/** Register one generator subcommand's action. */
export function action(ctx: VerbContext, gen: Generator | ((opts: any) => Generator)) {
  return function (this: Command, args: string[]) {
    const cmd = this;
    runGenerator(ctx, cmd, args, gen);
  };
}

export function runGenerator(ctx: VerbContext, cmd: Command, args: string[], genOrFn: Generator | ((opts: any) => Generator)): void {
  try {
    generate(ctx, cmd, args, genOrFn);
  } catch (e) {
    if (e instanceof FlagError) throw new CliError(`${e.message}\nSee '${cmdPath(cmd)} --help' for usage.`);
    if (e instanceof PlainError) { ctx.out.err(e.message); ctx.out.exitCode = 1; return; }
    throw e;
  }
}
function generate(ctx: VerbContext, cmd: Command, args: string[], genOrFn: Generator | ((opts: any) => Generator)): void {
  const opts = cmd.optsWithGlobals();
  const { name, command } = nameFromArgs(ctx, cmd, args);
  const gen = typeof genOrFn === 'function' ? genOrFn(opts) : genOrFn;
  if (!gen.takesCommand && command.length) {
    // kubectl ignores extra arguments after `--` for generators that take no command.
  }
  const fmt = opts.output ? parseOutput(opts.output, OUTPUT_FORMATS) : undefined;
  const dry = dryRunOf(ctx, opts.dryRun);
  const fieldValidation = validationMode(opts.validate);
  gen.validate?.(opts, command, name);
  const ri = resourceForKind(gen.apiVersion, gen.kind);
  const namespaced = ri ? ri.namespaced : true;
  let s: Session | undefined;
  try {
    s = openSession(ctx);
  } catch (e) {
    if (dry !== 'client') throw e;
  }
  const explicit = s ? s.explicitNamespace : !!ctx.globals.namespace;
  const sessionNs = s ? s.namespace : ctx.globals.namespace || 'default';
  const make = (rt?: Runtime): KObject => {
    const b: BuildCtx = {
      name, command, opts, rt,
      namespace: namespaced && explicit ? sessionNs : '',
      sessionNamespace: sessionNs,
      rand: rt ? () => rt.rng.suffix(5) : () => mathRandomSuffix(5),
    };
    let obj = gen.build(b);
    if (opts.saveConfig) obj = { ...obj, metadata: withAnnotation(obj.metadata, LAST_APPLIED, typedCompact(obj) + '\n') };
    return obj;
  };
  const group = gen.apiVersion.includes('/') ? gen.apiVersion.split('/')[0]! : '';
  const print = (obj: KObject, typed: boolean) => {
    const line = `${kindGroup({ group, kind: gen.kind })}/${obj.metadata.name}`;
    if (!fmt) { ctx.out.line(`${line} created${dryRunSuffix(dry)}`); return; }
    if (typed && fmt.format === 'json') { ctx.out.out(typedJSON(obj) + '\n'); return; }
    if (fmt.format === 'yaml') { ctx.out.out(goYAML(obj)); return; }
    if (fmt.format === 'name') { ctx.out.line(line); return; }
    ctx.out.out(printObjects(fmt, [{ obj, ri }], true));
  };
  try {
    if (dry === 'client') {
      if (s) s.step(rt => print(make(rt), true));
      else print(make(), true);
      return;
    }
    s!.step(rt => {
      const obj = make(rt);
      const manifest = JSON.parse(JSON.stringify(obj)) as KObject;
      if (manifest.metadata.creationTimestamp === null) delete manifest.metadata.creationTimestamp;
      if (namespaced) manifest.metadata.namespace = sessionNs;
      let created: KObject;
      try {
        created = rt.api.create(manifest, { dryRun: dry === 'server', fieldValidation });
      } catch (e) {
        const w = typeof gen.wrap === 'function' ? gen.wrap({ name, command, opts, namespace: '', sessionNamespace: sessionNs, rand: mathRandomSuffix }) : gen.wrap;
        if (w && e instanceof StatusError) throw new CliError(`${w}${e.message}`);
        throw e;
      }
      for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
      print(created, false);
    });
  } finally {
    s?.close();
  }
}
