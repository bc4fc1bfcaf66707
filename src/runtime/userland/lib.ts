// Helpers the simulated commands share: option parsing as getopt does it (bundled short options,
// option arguments, GNU long options, permuted operands, `--`), with each libc's messages; reading
// files and standard input whole or line by line (resumable: a command that waits for input keeps its
// place in c.st); and the wording of errors in busybox and GNU style.
import type { CmdCtx, CmdResult } from '../types';
import { isBusybox } from './index';
import { FsError, FS_MESSAGES } from '../fs';

export const bb = isBusybox;
/** musl's getopt (alpine) words its errors differently from glibc's (busybox image, debian). */
export const musl = (c: CmdCtx) => c.flavor === 'alpine';

export interface Parsed {
  /** Each option seen, in order: [key, value]. */
  list: [string, string | undefined][];
  /** Count of each flag. */
  f: Record<string, number>;
  /** Last value of each option that takes one. */
  v: Record<string, string>;
  /** Every value, for options given several times. */
  all: Record<string, string[]>;
  args: string[];
}

export interface OptSpec {
  /** getopt string: `ab:c` (b takes a value). A leading `+` stops at the first operand. */
  short: string;
  /** GNU long options: name → key (with `:` for a required value, `?` for an optional one). */
  long?: Record<string, string>;
  /** Exit status of a usage error (GNU: 2 for ls, grep, sort…; 1 otherwise). */
  code?: number;
  /** Numbers as options (`head -5`, `tail -20`): key to store them under. */
  num?: string;
}

/**
 * getopt_long. On an unknown option or a missing value: prints the libc's message (and busybox's usage
 * text, GNU's "Try … --help") and returns the exit status.
 */
export function getopt(c: CmdCtx, spec: OptSpec, argv = c.argv.slice(1)): Parsed | number {
  const out: Parsed = { list: [], f: {}, v: {}, all: {}, args: [] };
  const stopFirst = spec.short.startsWith('+');
  const short = spec.short.replace(/^\+/, '');
  const takes = (k: string) => { const i = short.indexOf(k); return i >= 0 && short[i + 1] === ':' ? (short[i + 2] === ':' ? 'opt' : 'req') : i >= 0 ? 'no' : undefined; };
  const add = (k: string, v?: string) => {
    out.list.push([k, v]);
    out.f[k] = (out.f[k] ?? 0) + 1;
    if (v !== undefined) { out.v[k] = v; (out.all[k] ??= []).push(v); }
  };
  const fail = (msg: string) => usageError(c, msg, spec.code);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { out.args.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--') && spec.long) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = spec.long[name] !== undefined ? name : undefined;
      const cands = exact ? [exact] : Object.keys(spec.long).filter(n => n.startsWith(name));
      const uniq = new Set(cands.map(n => spec.long![n]));
      if (!cands.length) return fail(bb(c) ? (musl(c) ? `unrecognized option: ${a.slice(2)}` : `unrecognized option '${a}'`) : `unrecognized option '${a}'`);
      if (uniq.size > 1) return fail(`option '${a}' is ambiguous; possibilities:${cands.map(n => ` '--${n}'`).join('')}`);
      const key = spec.long[cands[0]!]!;
      const k = key.replace(/[:?]$/, '');
      if (key.endsWith(':')) {
        let v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) return fail(`option '--${cands[0]}' requires an argument`);
        add(k, v);
      } else if (key.endsWith('?')) add(k, eq >= 0 ? a.slice(eq + 1) : undefined);
      else {
        if (eq >= 0) return fail(`option '--${cands[0]}' doesn't allow an argument`);
        add(k);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.num && /^-\d+$/.test(a)) { add(spec.num, a.slice(1)); continue; }
      for (let j = 1; j < a.length; j++) {
        const k = a[j]!;
        const t = takes(k);
        if (t === undefined || k === ':') {
          return fail(musl(c) ? `unrecognized option: ${k}` : `invalid option -- '${k}'`);
        }
        if (t === 'no') { add(k); continue; }
        if (j + 1 < a.length) { add(k, a.slice(j + 1)); break; }
        if (t === 'opt') { add(k); break; }
        const v = argv[++i];
        if (v === undefined) return fail(musl(c) ? `option requires an argument: ${k}` : `option requires an argument -- '${k}'`);
        add(k, v);
        break;
      }
      continue;
    }
    out.args.push(a);
    if (stopFirst) { out.args.push(...argv.slice(i + 1)); break; }
  }
  return out;
}

/** A usage error: `name: msg`, then busybox's usage or GNU's pointer to --help (msg '' prints only those). */
export function usageError(c: CmdCtx, msg: string, code = 1): number {
  if (msg) c.err(`${c.name}: ${msg}`);
  if (bb(c)) { c.write(bbUsage(c), 2); return code === 2 ? 2 : 1; }
  if (GNU_USAGE[c.name]) c.err(GNU_USAGE[c.name]!);
  c.err(`Try '${c.name} --help' for more information.`);
  return code;
}

/** busybox's `BusyBox v… multi-call binary.` banner and the applet's usage line. */
export function bbUsage(c: CmdCtx): string {
  const version = c.flavor === 'alpine' ? 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.' : 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.';
  const u = (require('./bbusage.json') as Record<string, string>)[c.name];
  return `${version}\n\nUsage: ${u ?? c.name + '\n'}`;
}
/** GNU tools that print their usage line before "Try … --help". */
const GNU_USAGE: Record<string, string> = { grep: 'Usage: grep [OPTION]... PATTERNS [FILE]...' };

/**
 * A file error in each family's words. busybox: `name: f: No such…` (applets that use fopen), or with a
 * verb `name: can't open 'f': No such…` (those that use open). GNU: `name: f: No such…`, or with
 * `gnu` a template like "cannot open '%s' for reading".
 */
export function fileErr(c: CmdCtx, path: string, e: unknown, busyboxVerb?: string, gnu?: string): void {
  const code = e instanceof FsError ? e.code : 'ENOENT';
  const text = FS_MESSAGES[code] ?? String(e);
  if (bb(c)) c.err(busyboxVerb ? `${c.name}: ${busyboxVerb} '${path}': ${text}` : `${c.name}: ${path}: ${text}`);
  else c.err(gnu ? `${c.name}: ${gnu.replace('%s', path)}: ${text}` : `${c.name}: ${path}: ${text}`);
}
export function fsMsg(e: unknown): string { return e instanceof FsError ? FS_MESSAGES[e.code] ?? e.code : String(e); }
export function fsCode(e: unknown): string { return e instanceof FsError ? e.code : 'EIO'; }

/**
 * Read the inputs whole, in order ('-' is standard input, read to its end): an array of [name, text]
 * (text undefined for a file that could not be read, its error already printed), or `block` while
 * standard input has more to come. Keeps its progress in c.st.__in.
 */
export function readInputs(c: CmdCtx, files: string[], o: { dirError?: (f: string) => void; verb?: string; gnu?: string } = {}): { name: string; text?: string }[] | 'block' {
  const st = (c.st.__in ??= { got: {} as Record<number, string> });
  const out: { name: string; text?: string }[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    if (f === '-' || isStdinPath(f)) {
      if (st.got[i] === undefined && stdinIsDir(c)) { stdinDirError(c); out.push({ name: f }); continue; }
      if (st.got[i] === undefined) {
        let acc = st.acc ?? '';
        for (;;) {
          const d = c.read(0);
          if (d === undefined) { st.acc = acc; return 'block'; }
          if (d === null) break;
          acc += d;
        }
        st.got[i] = acc;
        delete st.acc;
      }
      out.push({ name: f, text: st.got[i] });
      continue;
    }
    out.push({ name: f, text: readFile(c, f, o) });
  }
  delete c.st.__in;
  return out;
}

/** Standard input redirected from a directory: reading it fails with EISDIR (the caller prints why). */
export function stdinIsDir(c: CmdCtx): boolean {
  const f = c.proc.fds[0];
  if (f?.t !== 'file') return false;
  try { return c.fs.stat(f.p)?.k === 'd'; } catch { return false; }
}
/** The read error on a directory as standard input. */
export function stdinDirError(c: CmdCtx): void { c.err(bb(c) ? `${c.name}: read error: Is a directory` : `${c.name}: -: Is a directory`); }

/** Paths that name standard input. */
export function isStdinPath(f: string): boolean { return f === '/dev/stdin' || f === '/dev/fd/0' || f === '/proc/self/fd/0'; }
/** A character device: its name, when the path is one. */
export function device(c: CmdCtx, f: string): 'null' | 'zero' | 'urandom' | 'full' | undefined {
  let abs: string;
  try { abs = c.fs.resolve(f, c.cwd); } catch { return undefined; }
  return abs === '/dev/null' ? 'null' : abs === '/dev/zero' ? 'zero' : abs === '/dev/urandom' || abs === '/dev/random' ? 'urandom' : abs === '/dev/full' ? 'full' : undefined;
}
/** n bytes from a device (zero or random), as a string. */
export function deviceBytes(c: CmdCtx, dev: string, n: number): string {
  if (dev === 'zero') return '\0'.repeat(n);
  if (dev === 'urandom') { const b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = Math.floor(c.random() * 256); return (require('../bytes') as typeof import('../bytes')).fromBytes(b); }
  return '';
}

/** One file's content, or undefined after printing the error (a directory is an error too). */
export function readFile(c: CmdCtx, f: string, o: { dirError?: (f: string) => void; verb?: string; gnu?: string } = {}): string | undefined {
  const dev = device(c, f);
  if (dev === 'null' || dev === 'full') return '';
  if (dev) return deviceBytes(c, dev, 65536);
  try {
    const st = c.fs.stat(f, c.cwd);
    if (st?.k === 'd') {
      if (o.dirError) o.dirError(f);
      else c.err(bb(c) ? `${c.name}: read error: Is a directory` : `${c.name}: ${f}: Is a directory`);
      return undefined;
    }
    return c.fs.readFile(f, c.cwd, c.cred);
  } catch (e) { fileErr(c, f, e, o.verb, o.gnu); return undefined; }
}

/**
 * Stream the inputs line by line as they arrive: `fn(line, hasNewline, name)` for each line (without its
 * newline); return 'stop' from fn to end early (head). Files are read at once, standard input as it
 * comes; returns 'done', or a block while waiting for more standard input. Progress lives in c.st.__ln.
 */
export function eachLine(c: CmdCtx, files: string[], fn: (line: string, nl: boolean, name: string) => 'stop' | 'next' | void, onFile?: (name: string, ok: boolean) => 'stop' | void, o: { verb?: string; gnu?: string; dirError?: (f: string) => void } = {}): 'done' | 'stopped' | { block: { read: number } } {
  const st = (c.st.__ln ??= { i: 0, buf: '', started: false });
  for (; st.i < files.length; st.i++, st.started = false, st.buf = '') {
    const f = files[st.i]!;
    if (f !== '-' && !isStdinPath(f)) {
      const text = readFile(c, f, o);
      if (onFile?.(f, text !== undefined) === 'stop') return 'stopped';
      if (text === undefined) continue;
      const r = splitLines(text, l => fn(l, true, f), last => fn(last, false, f));
      if (r === 'stop') return 'stopped';
      continue;
    }
    if (!st.started) { st.started = true; if (onFile?.(f, true) === 'stop') return 'stopped'; }
    for (;;) {
      const d = c.read(0);
      if (d === undefined) return { block: { read: 0 } };
      if (d === null) {
        if (st.buf) { const b = st.buf; st.buf = ''; const r = fn(b, false, f); if (r === 'stop') return 'stopped'; }
        break;
      }
      const text = st.buf + d;
      const nl = text.lastIndexOf('\n');
      st.buf = nl < 0 ? text : text.slice(nl + 1);
      if (nl >= 0) {
        const r = splitLines(text.slice(0, nl + 1), l => fn(l, true, f));
        if (r === 'stop') return 'stopped';
        if (r === 'next') break;
      }
    }
  }
  return 'done';
}
function splitLines(text: string, each: (l: string) => 'stop' | 'next' | void, last?: (l: string) => 'stop' | 'next' | void): 'stop' | 'next' | void {
  let i = 0;
  for (;;) {
    const j = text.indexOf('\n', i);
    if (j < 0) break;
    const r = each(text.slice(i, j));
    if (r) return r;
    i = j + 1;
  }
  if (i < text.length && last) return last(text.slice(i));
}

/** Run a child program and wait for it (xargs, find -exec, timeout, env, nohup, watch). */
export function runChild(c: CmdCtx, key: string, argv: string[], o: Parameters<CmdCtx['sys']['spawn']>[1] = {}): { code: number } | { block: { child: number } } | { error: string } {
  if (c.st[key] === undefined) {
    const pid = c.sys.spawn(argv, o);
    if (typeof pid === 'string') return { error: pid };
    c.st[key] = pid;
  }
  const r = c.sys.reap(c.st[key]);
  if (!r) return { block: { child: c.st[key] } };
  delete c.st[key];
  return r;
}

/** A command's result when it must wait. */
export function isBlock(r: unknown): r is { block: any } { return typeof r === 'object' && r !== null && 'block' in r; }
export type { CmdCtx, CmdResult };
