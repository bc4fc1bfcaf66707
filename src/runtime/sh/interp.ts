// The shell: a POSIX shell interpreter (with the dialects of busybox ash, dash and bash) written as a
// machine whose whole state is JSON — variables, functions, options, traps and an explicit stack of
// frames saying where execution stands in the syntax tree. A shell can therefore stop anywhere (a `sleep`,
// a `read` on an empty pipe, a child it waits for) and resume in a later kctl invocation, or be copied
// (fork: subshells, pipeline stages, background jobs). External commands run as child processes, so `ps`
// shows what a real container shows; the last command of `sh -c` replaces the shell (exec), as dash, bash
// and ash do, so `sh -c 'sleep 1000'` leaves `sleep` as PID 1.
import type { Cmd, List, Word, Redir, CondExpr } from './ast';
import type { Fd, Proc, CmdCtx, CmdResult } from '../types';
import type { Box } from '../kernel';
import { expandWords, expandString, expandPattern, matchPattern, ExpandError, ExpandEnv, patternToRegex, arithValue } from './expand';
import type { SyntaxInfo } from './parse';
import { FsError, FS_MESSAGES } from '../fs';

export type Dialect = 'ash' | 'dash' | 'bash';

export interface ShState {
  fl: Dialect;
  /** $0 */
  n0: string;
  vars: Record<string, string>;
  arr?: Record<string, string[]>;
  exp: Record<string, 1>;
  ro?: Record<string, 1>;
  /** Functions: name → [unit, node id]. */
  fn: Record<string, [number, number]>;
  pos: string[];
  /** Options: e (errexit), u (nounset), x (xtrace), f (noglob), a (allexport), p (pipefail). */
  o: Record<string, 1>;
  /** Traps: signal name (EXIT, TERM, INT…) → command text ('' = ignore). */
  tr: Record<string, string>;
  /** $? */
  q: number;
  /** $! */
  bg?: number;
  /** The last simple command failed outside a condition (for set -e). */
  ef?: 1;
  f: Frame[];
  /** -c string ('c'), a script file ('s'), or interactive ('i'). */
  mode: 'c' | 's' | 'i';
  line?: number;
  /** Interactive prompt shown (exec -it). */
  ps1?: string;
  /** $$: the pid of the shell the user started (subshells keep it). */
  me?: number;
  /** A forked copy (subshell, pipeline stage, background job, command substitution). */
  sub?: 1;
  /** getopts: [OPTIND, position inside that argument] while inside a group of options (-abc). */
  go?: [number, number];
  /** umask (default 022). */
  um?: number;
  /** bash's set -x nesting: command substitutions deep. */
  xd?: number;
  /** Running bash's ERR trap. */
  inErr?: 1;
  /** Commands come from standard input: the lines read before the current command. */
  rl?: number;
  /** The line of standard input a syntax error was found on (bash quotes it). */
  rlText?: string;
}

export type Frame =
  | { k: 'C'; u: number; n: number; p: number }
  | { k: 'L'; u: number; n: number; i: number; p?: number }
  | { k: 'AO'; u: number; n: number; p: number }
  | { k: 'NOT'; u: number; n: number; p: number }
  | { k: 'IF'; u: number; n: number; a: number; p: number }
  | { k: 'WH'; u: number; n: number; p: number; bq?: number }
  | { k: 'FOR'; u: number; n: number; it: string[]; i: number; p: number; bq?: number }
  | { k: 'CF'; u: number; n: number; p: number; bq?: number }
  | { k: 'CASE'; u: number; n: number; s: string; i: number; p: number }
  | { k: 'RD'; sv: Record<string, Fd | null> }
  | { k: 'FN'; pos: string[]; loc: Record<string, string | null>; name: string }
  | { k: 'SRC' }
  | { k: 'W'; pids: number[]; neg?: 1; src?: string }
  | { k: 'B'; name: string; argv: string[]; st: Record<string, any>; sv?: Record<string, Fd | null>; tv?: Record<string, string | null> }
  | { k: 'X'; argv: string[]; asg: [string, string][]; u: number; n: number }
  | { k: 'T'; q: number }
  | { k: 'ERRDONE' }
  /** After a command read from standard input ran: the lines it took. */
  | { k: 'RLN'; n: number }
  | { k: 'EXIT'; code: number }
  /** Commands read from stdin (sh with no -c and no script; interactive on a terminal). */
  | { k: 'RL'; buf: string; pr?: 1; pend?: string };

/** Why run() returned. */
export type Outcome = 'block' | 'exit' | 'yield';

const SPECIAL = new Set([':', '.', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'times', 'trap', 'unset']);
const SHELL_BUILTINS = new Set(['cd', 'pwd', 'read', 'wait', 'local', 'type', 'command', 'umask', 'getopts', 'alias', 'unalias', 'hash', 'jobs', 'ulimit', 'let', 'declare', 'typeset', 'source', 'builtin', 'shopt', 'fg', 'bg']);
/** Commands every shell runs itself (from the shared userland). */
const USERLAND_BUILTINS = new Set(['echo', 'printf', 'test', '[', 'true', 'false', 'kill', '[[']);

export const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20 };
export const SIGNAME: Record<number, string> = Object.fromEntries(Object.entries(SIGNALS).map(([k, v]) => [v, k]));
/** strsignal(3) */
export const SIGDESC: Record<number, string> = { 1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted', 7: 'Bus error', 8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1', 11: 'Segmentation fault', 12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated', 17: 'Child exited', 18: 'Continued', 19: 'Stopped (signal)', 20: 'Stopped' };

export function newShell(opts: { dialect: Dialect; n0: string; env: Record<string, string>; pos?: string[]; mode: 'c' | 's' | 'i' }): ShState {
  const vars: Record<string, string> = { IFS: ' \t\n', PS1: opts.dialect === 'bash' ? '\\s-\\v\\$ ' : '\\w \\$ ', PS2: '> ', PS4: '+ ', OPTIND: '1' };
  const exp: Record<string, 1> = {};
  for (const [k, v] of Object.entries(opts.env)) { vars[k] = v; exp[k] = 1; }
  if (!vars.PWD) vars.PWD = '/';
  return { fl: opts.dialect, n0: opts.n0, vars, exp, fn: {}, pos: opts.pos ?? [], o: {}, tr: {}, q: 0, f: [], mode: opts.mode };
}

/** Fork: a copy of the shell for a subshell, a pipeline stage or a background job, running one node. */
export function forkShell(sh: ShState, u: number, n: number): ShState {
  const c: ShState = JSON.parse(JSON.stringify({ ...sh, f: [] }));
  // traps other than ignored signals are reset in a subshell
  for (const [k, v] of Object.entries(c.tr)) if (v !== '') delete c.tr[k];
  c.f = [{ k: 'C', u, n, p: 0 }];
  c.sub = 1;
  delete c.ef;
  return c;
}

class ShExit { constructor(public code: number) {} }
class Unwind { constructor(public kind: 'break' | 'continue' | 'return', public n: number, public code: number) {} }

export class Shell {
  sh: ShState;
  /** Nested command substitutions: time they took (ms), to be waited before the command runs. */
  debt = 0;
  constructor(public box: Box, public p: Proc) {
    this.sh = (p.prog as { k: 'sh'; sh: ShState }).sh;
  }

  get top(): Frame | undefined { return this.sh.f[this.sh.f.length - 1]; }
  push(f: Frame): void { this.sh.f.push(f); }
  pop(): Frame | undefined { return this.sh.f.pop(); }
  node<T = Cmd>(u: number, n: number): T { return this.box.node(u, n) as T; }

  /** Run until the shell blocks, exits, or has used its budget of steps. */
  run(budget: number): Outcome {
    const sh = this.sh;
    try {
      for (;;) {
        if (this.p.pend?.length && this.top?.k !== 'W' && !(this.top?.k === 'B' && !['wait', 'read'].includes((this.top as { name: string }).name))) {
          const r = this.signals();
          if (r) return r;
        }
        const f = this.top;
        if (!f) return this.exit(sh.q);
        if (budget-- <= 0) return 'yield';
        this.box.tick();
        const r = this.step(f);
        if (r) return r;
      }
    } catch (e) {
      if (e instanceof ShExit) return this.exit(e.code);
      if (e instanceof Replaced) return 'yield';
      throw e;
    }
  }

  /** One step of the frame on top. Returns an outcome to stop, or undefined to go on. */
  step(f: Frame): Outcome | undefined {
    const sh = this.sh;
    switch (f.k) {
      case 'C': {
        if (f.p === 0) {
          f.p = 1;
          const n = this.node<Cmd | List>(f.u, f.n);
          if (!('t' in n)) { this.push({ k: 'L', u: f.u, n: f.n, i: 0 }); return undefined; }
          return this.execCmd(n, f.u);
        }
        this.pop(); return undefined;
      }
      case 'L': {
        if (f.p && sh.ef && sh.fl === 'bash' && sh.tr.ERR && !this.inCondition() && !sh.inErr) {
          // bash's ERR trap runs where errexit would act
          const q = sh.q;
          delete sh.ef;
          sh.inErr = 1;
          this.push({ k: 'T', q });
          this.push({ k: 'ERRDONE' });
          this.runSource(sh.tr.ERR, false);
          if (sh.o.e) sh.ef = 1;
          return undefined;
        }
        if (f.p && sh.ef && sh.o.e && !this.inCondition()) throw new ShExit(sh.q);
        const list = this.node<List>(f.u, f.n);
        if (f.i >= list.c.length) { if (list.c.length === 0) sh.q = 0; this.pop(); return undefined; }
        const item = list.c[f.i++]!;
        f.p = 1;
        delete sh.ef;
        if (item.bg) {
          const pid = this.spawnShell(f.u, item.cmd.id, { stdinNull: this.sh.mode !== 'i' });
          sh.bg = pid;
          sh.q = 0;
          return undefined;
        }
        return this.execCmd(item.cmd, f.u);
      }
      case 'AO': {
        const n = this.node<Cmd & { l: Cmd; r: Cmd }>(f.u, f.n);
        if (f.p === 0) { f.p = 1; return this.execCmd(n.l, f.u); }
        if (f.p === 1) {
          const go = n.t === 'and' ? sh.q === 0 : sh.q !== 0;
          if (go) { f.p = 2; delete sh.ef; return this.execCmd(n.r, f.u); }
          delete sh.ef;
        }
        this.pop(); return undefined;
      }
      case 'NOT': {
        const n = this.node<Cmd & { c: Cmd }>(f.u, f.n);
        if (f.p === 0) { f.p = 1; return this.execCmd(n.c, f.u); }
        sh.q = sh.q === 0 ? 1 : 0; delete sh.ef; this.pop(); return undefined;
      }
      case 'IF': {
        const n = this.node<Cmd & { t: 'if' }>(f.u, f.n);
        if (f.p === 0) { f.p = 1; this.push({ k: 'L', u: f.u, n: n.arms[f.a]!.c.id, i: 0 }); return undefined; }
        if (f.p === 1) {
          delete sh.ef;
          if (sh.q === 0) { f.p = 2; this.push({ k: 'L', u: f.u, n: n.arms[f.a]!.b.id, i: 0 }); return undefined; }
          f.a++;
          if (f.a < n.arms.length) { this.push({ k: 'L', u: f.u, n: n.arms[f.a]!.c.id, i: 0 }); return undefined; }
          if (n.else) { f.p = 2; this.push({ k: 'L', u: f.u, n: n.else.id, i: 0 }); return undefined; }
          sh.q = 0;
        }
        this.pop(); return undefined;
      }
      case 'WH': {
        const n = this.node<Cmd & { t: 'while' }>(f.u, f.n);
        if (f.p === 0) {
          const stop = this.box.loopHead(this.p, this.sh.f.length - 1);
          if (stop) return stop;
          f.p = 1; this.push({ k: 'L', u: f.u, n: n.c.id, i: 0 }); return undefined;
        }
        if (f.p === 1) {
          delete sh.ef;
          const go = (sh.q === 0) !== !!n.until;
          if (go) { f.p = 2; this.push({ k: 'L', u: f.u, n: n.b.id, i: 0 }); return undefined; }
          sh.q = f.bq ?? 0; this.pop(); return undefined;
        }
        f.bq = sh.q; f.p = 0; return undefined;
      }
      case 'FOR': {
        const n = this.node<Cmd & { t: 'for' }>(f.u, f.n);
        if (f.p === 0) {
          const stop = this.box.loopHead(this.p, this.sh.f.length - 1);
          if (stop) return stop;
          if (f.i >= f.it.length) { sh.q = f.bq ?? 0; this.pop(); return undefined; }
          this.xtraceText(`for ${n.v} in ${f.it.map(x => this.xq(x)).join(' ')}`);
          this.setVar(n.v, f.it[f.i++]!);
          f.p = 1; this.push({ k: 'L', u: f.u, n: n.b.id, i: 0 }); return undefined;
        }
        f.bq = sh.q; f.p = 0; return undefined;
      }
      case 'CF': {
        const n = this.node<Cmd & { t: 'cfor' }>(f.u, f.n);
        if (f.p === 0) {
          const stop = this.box.loopHead(this.p, this.sh.f.length - 1);
          if (stop) return stop;
          let c = 1n;
          try { if (n.cond.length) c = this.arith(n.cond, true); } catch (e) { if (e instanceof ExpandError) { this.diag(e.message); sh.q = 1; this.pop(); return undefined; } throw e; }
          if (c === 0n) { sh.q = f.bq ?? 0; this.pop(); return undefined; }
          f.p = 1; this.push({ k: 'L', u: f.u, n: n.b.id, i: 0 }); return undefined;
        }
        f.bq = sh.q;
        try { if (n.step.length) this.arith(n.step); } catch (e) { if (e instanceof ExpandError) { this.diag(e.message); sh.q = 1; this.pop(); return undefined; } throw e; }
        f.p = 0; return undefined;
      }
      case 'CASE': {
        const n = this.node<Cmd & { t: 'case' }>(f.u, f.n);
        if (f.p === 1) {
          const item = n.items[f.i]!;
          if (item.term === ';&' && f.i + 1 < n.items.length) { f.i++; this.push({ k: 'L', u: f.u, n: n.items[f.i]!.b.id, i: 0 }); return undefined; }
          if (item.term === ';;&') { f.i++; f.p = 0; }
          else { this.pop(); return undefined; }
        }
        for (; f.i < n.items.length; f.i++) {
          const item = n.items[f.i]!;
          if (item.pats.some(pw => matchPattern(f.s, expandPattern(pw, this.env())))) {
            f.p = 1;
            this.push({ k: 'L', u: f.u, n: item.b.id, i: 0 });
            return undefined;
          }
        }
        if (f.p === 0 && f.i >= n.items.length) sh.q = 0;
        this.pop(); return undefined;
      }
      case 'RD': { this.restoreFds(f.sv); this.pop(); return undefined; }
      case 'FN': { this.leaveFunction(f); this.pop(); return undefined; }
      case 'SRC': { this.pop(); return undefined; }
      case 'T': { sh.q = f.q; this.pop(); return undefined; }
      case 'ERRDONE': { delete sh.inErr; this.pop(); return undefined; }
      case 'RLN': { sh.rl = (sh.rl ?? 0) + f.n; this.pop(); return undefined; }
      case 'EXIT': { this.pop(); throw new ShExit(f.code); }
      case 'W': {
        let last = 0, fail = 0;
        for (const pid of f.pids) {
          const st = this.box.childStatus(pid);
          if (st === undefined) { this.p.w = { child: pid }; return 'block'; }
          last = st;
          if (st !== 0) fail = st;
        }
        for (const pid of f.pids) { this.reportSignal(pid, true, f.src); this.box.reap(pid); }
        sh.q = sh.o.p ? fail : last;
        if (f.neg) sh.q = sh.q === 0 ? 1 : 0;
        if (sh.q !== 0 && !f.neg) sh.ef = 1;
        this.pop();
        return undefined;
      }
      case 'B': {
        let r: CmdResult;
        try { r = this.callBuiltin(f.name, f.argv, f.st); }
        catch (e) { if (e instanceof BuiltinError) r = e.code; else throw e; }
        if (typeof r !== 'number') return this.blockOn(r.block);
        if (f.sv) this.restoreFds(f.sv);
        if (f.tv) this.restoreVars(f.tv);
        this.pop();
        sh.q = r;
        if (r !== 0) sh.ef = 1;
        return undefined;
      }
      case 'RL': return this.readLoop(f);
      case 'X': {
        this.pop();
        const n = this.node<Cmd & { t: 'simple' }>(f.u, f.n);
        return this.dispatch(f.argv, f.asg, n.r, f.u, n);
      }
    }
    return undefined;
  }

  /** Read one complete command from stdin, then run it (the RL frame stays below it). */
  readLoop(f: Frame & { k: 'RL' }): Outcome | undefined {
    const sh = this.sh;
    const interactive = sh.mode === 'i';
    if (interactive && !f.pr) { this.box.write(this.p, 2, this.prompt(f.buf ? sh.vars.PS2 ?? '> ' : sh.vars.PS1 ?? '$ ')); f.pr = 1; }
    // bash reads its commands a byte at a time; ash and dash a block at a time, so a `read` in the script
    // finds standard input already consumed
    let got: string | null | undefined;
    if (sh.fl === 'bash' || interactive) got = this.box.readUntil(this.p, 0, { delim: '\n' });
    else {
      for (;;) {
        const nl = (f.pend ?? '').indexOf('\n');
        if (nl >= 0) { got = f.pend!.slice(0, nl + 1); f.pend = f.pend!.slice(nl + 1); break; }
        const more = this.box.read(this.p, 0);
        if (more === undefined) { got = undefined; break; }
        if (more === null) { got = f.pend ? f.pend : null; f.pend = ''; break; }
        f.pend = (f.pend ?? '') + more;
      }
    }
    if (got === undefined) { this.p.w = { read: 0 }; return 'block'; }
    delete f.pr;
    if (got === null) {
      if (f.buf.trim()) {
        try { this.box.unit(f.buf); } catch (e) { if (e instanceof Error && e.name === 'ParseError') this.syntaxError(e as unknown as { token: string | null; line: number }); }
        if (!interactive) throw new ShExit(2);
      }
      if (interactive && sh.fl === 'bash') this.box.write(this.p, 2, 'exit\n');
      this.pop();
      return undefined;
    }
    f.buf += got;
    let u: number;
    // all of what was typed must parse (an incomplete command waits for more lines) before any of it runs
    try { const { parse } = require('./parse') as typeof import('./parse'); parse(f.buf, true); u = this.box.unit(f.buf); }
    catch (e) {
      const pe = e as { token: string | null; line: number; name?: string; kind?: string };
      if (pe.name !== 'ParseError') throw e;
      if (pe.token === null) return undefined; // incomplete: read on
      sh.rlText = f.buf.split('\n')[pe.line - 1];
      this.syntaxError(pe as SyntaxInfo);
      sh.rl = (sh.rl ?? 0) + (f.buf.match(/\n/g) ?? []).length;
      f.buf = '';
      if (!interactive) throw new ShExit(2);
      return undefined;
    }
    // later messages count lines from here
    const read = (f.buf.match(/\n/g) ?? []).length;
    f.buf = '';
    this.push({ k: 'RLN', n: read });
    this.push({ k: 'L', u, n: this.box.rootId(u), i: 0 });
    return undefined;
  }

  /** PS1 escapes: \u \h \w \W \$ \s \v \n. */
  prompt(ps: string): string {
    const p = this.p;
    const home = this.sh.vars.HOME ?? '/root';
    const cwd = p.cwd;
    const w = cwd === home ? '~' : cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
    return ps.replace(/\\(.)/g, (_, c: string) => {
      switch (c) {
        case 'u': return p.uid === 0 ? 'root' : this.sh.vars.USER ?? String(p.uid);
        case 'h': return this.box.pod.hostname.split('.')[0]!;
        case 'H': return this.box.pod.hostname;
        case 'w': return w;
        case 'W': return cwd === '/' ? '/' : w.slice(w.lastIndexOf('/') + 1) || '/';
        case '$': return p.uid === 0 ? '#' : '$';
        case 's': return this.sh.n0.slice(this.sh.n0.lastIndexOf('/') + 1);
        case 'v': return '5.2';
        case 'n': return '\n';
        case '\\': return '\\';
      }
      return '\\' + c;
    });
  }

  blockOn(b: import('../types').Block): Outcome {
    const now = this.box.vt();
    if ('forever' in b) this.p.w = { forever: 1 };
    else if ('read' in b) this.p.w = b.ms !== undefined ? { read: b.read, until: now + b.ms } : { read: b.read };
    else if ('child' in b) this.p.w = b.ms !== undefined ? { child: b.child, until: now + b.ms } : { child: b.child };
    else if ('watch' in b) this.p.w = b.ms !== undefined ? { watch: b.watch, size: b.size, until: now + b.ms } : { watch: b.watch, size: b.size };
    else this.p.w = { until: now + b.ms };
    return 'block';
  }

  inCondition(): boolean {
    for (const fr of this.sh.f) {
      if ((fr.k === 'AO' || fr.k === 'IF' || fr.k === 'WH') && fr.p === 1) return true;
      if (fr.k === 'NOT') return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ commands
  execCmd(cmd: Cmd, u: number): Outcome | undefined {
    const sh = this.sh;
    // set -n: read commands, run none (a non-interactive shell)
    if (sh.o.n && sh.mode !== 'i') { sh.q = 0; return undefined; }
    switch (cmd.t) {
      case 'simple': return this.simple(cmd, u);
      case 'pipe': return this.pipeline(cmd, u);
      case 'and': case 'or': this.push({ k: 'AO', u, n: cmd.id, p: 0 }); return undefined;
      case 'not': this.push({ k: 'NOT', u, n: cmd.id, p: 0 }); return undefined;
      case 'func': sh.fn[cmd.n] = [u, cmd.body.id]; sh.q = 0; return undefined;
      case 'dbr': {
        if (!this.redirScope(cmd.r)) return undefined;
        sh.line = cmd.line;
        if (sh.o.x && sh.fl === 'bash') { try { this.xtraceText(`[[ ${this.condText(cmd.e)} ]]`); } catch { /* errors come below */ } }
        try { sh.q = this.cond(cmd.e) ? 0 : 1; }
        catch (e) { if (e instanceof ExpandError) { this.diag(e.message); sh.q = 2; } else throw e; }
        if (sh.q !== 0) sh.ef = 1;
        return undefined;
      }
      case 'arithcmd': {
        if (!this.redirScope(cmd.r)) return undefined;
        sh.line = cmd.line;
        if (sh.o.x && sh.fl === 'bash') { try { this.xtraceText(`(( ${expandString(cmd.w, this.env())} ))`); } catch { /* errors come below */ } }
        try { sh.q = this.arith(cmd.w, true) !== 0n ? 0 : 1; } catch (e) { if (e instanceof ExpandError) { this.diag(e.message); sh.q = 1; } else throw e; }
        if (sh.q !== 0) sh.ef = 1;
        return undefined;
      }
      case 'sub': {
        const sv = cmd.r.length ? this.applyRedirs(cmd.r) : {};
        if (!sv) { sh.q = 1; return undefined; }
        const pid = this.spawnShell(u, cmd.b.id, { sub: true });
        this.restoreFds(sv);
        this.push({ k: 'W', pids: [pid] });
        return undefined;
      }
      case 'group':
        if (!this.redirScope(cmd.r)) return undefined;
        this.push({ k: 'L', u, n: cmd.b.id, i: 0 }); return undefined;
      case 'if':
        if (!this.redirScope(cmd.r)) return undefined;
        this.push({ k: 'IF', u, n: cmd.id, a: 0, p: 0 }); return undefined;
      case 'while':
        if (!this.redirScope(cmd.r)) return undefined;
        this.push({ k: 'WH', u, n: cmd.id, p: 0 }); return undefined;
      case 'for': {
        if (!this.redirScope(cmd.r)) return undefined;
        let items: string[];
        try { items = cmd.items ? expandWords(cmd.items, this.env()) : [...sh.pos]; }
        catch (e) { return this.expandFailed(e); }
        this.push({ k: 'FOR', u, n: cmd.id, it: items, i: 0, p: 0 });
        return undefined;
      }
      case 'cfor':
        if (!this.redirScope(cmd.r)) return undefined;
        sh.line = cmd.line;
        try { if (cmd.init.length) this.arith(cmd.init); } catch (e) { if (e instanceof ExpandError) { this.diag(e.message); sh.q = 1; sh.ef = 1; return undefined; } throw e; }
        this.push({ k: 'CF', u, n: cmd.id, p: 0 }); return undefined;
      case 'synerr':
        this.syntaxError(cmd.e);
        throw new ShExit(2);
      case 'case': {
        if (!this.redirScope(cmd.r)) return undefined;
        let s: string;
        try { this.box.condContext(true); s = expandString(cmd.w, this.env()); } catch (e) { return this.expandFailed(e); } finally { this.box.condContext(false); }
        this.xtraceText(`case ${this.xq(s)} in`);
        this.push({ k: 'CASE', u, n: cmd.id, s, i: 0, p: 0 });
        return undefined;
      }
    }
  }

  /** Apply a compound command's redirections for its duration (an RD frame restores them). */
  redirScope(r: Redir[]): boolean {
    if (!r.length) return true;
    const sv = this.applyRedirs(r);
    if (!sv) { this.sh.q = 1; return false; }
    this.push({ k: 'RD', sv });
    return true;
  }

  pipeline(cmd: Cmd & { t: 'pipe' }, u: number): Outcome | undefined {
    const n = cmd.c.length;
    const pids: number[] = [];
    let prevRead: number | undefined;
    for (let i = 0; i < n; i++) {
      const fds: Record<string, Fd> = { ...this.p.fds };
      if (prevRead !== undefined) fds['0'] = { t: 'pipe', id: prevRead };
      let pipeId: number | undefined;
      if (i < n - 1) { pipeId = this.box.newPipe(); fds['1'] = { t: 'pipe', id: pipeId, w: 1 }; }
      pids.push(this.spawnShell(u, cmd.c[i]!.id, { fds }));
      prevRead = pipeId;
    }
    this.push(cmd.neg ? { k: 'W', pids, neg: 1 } : { k: 'W', pids });
    return undefined;
  }

  spawnShell(u: number, n: number, opts: { fds?: Record<string, Fd>; stdinNull?: boolean; sub?: boolean } = {}): number {
    const child = forkShell(this.sh, u, n);
    const fds = { ...(opts.fds ?? this.p.fds) };
    if (opts.stdinNull) fds['0'] = { t: 'null' };
    return this.box.spawnProc(this.p, { k: 'sh', sh: child }, this.p.argv, fds, { env: this.p.env, cwd: this.p.cwd });
  }

  /** The environment an exec'd program gets: exported variables. */
  exportedEnv(extra: [string, string][] = []): Record<string, string> {
    const env: Record<string, string> = {};
    for (const k of Object.keys(this.sh.exp)) { const v = this.sh.vars[k]; if (v !== undefined) env[k] = v; }
    for (const [k, v] of extra) env[k] = v;
    return env;
  }

  simple(cmd: Cmd & { t: 'simple' }, u: number): Outcome | undefined {
    const sh = this.sh;
    sh.line = cmd.line;
    this.debt = 0;
    this.box.cmdsubStatus = undefined;
    let argv: string[];
    const asg: [string, string][] = [];
    try {
      for (const a of cmd.a) {
        if (a.arr) { const items = expandWords(a.arr, this.env()); this.setArray(a.n, a.append ? [...(sh.arr?.[a.n] ?? (sh.vars[a.n] !== undefined ? [sh.vars[a.n]!] : [])).filter(x => x != null), ...items] : items); continue; }
        let v = expandString(a.v, this.env());
        if (a.append) v = (this.getVar(a.n) ?? '') + v;
        asg.push([a.n, v]);
      }
      argv = expandWords(cmd.w, this.env());
    } catch (e) { return this.expandFailed(e); }
    // set -x: ash and dash trace an assignment-only command after it ran (PS4 may have changed)
    if (sh.o.x && (argv.length || sh.fl === 'bash')) this.xtrace(asg, argv);
    if (this.debt > 0) {
      this.push({ k: 'X', argv, asg, u, n: cmd.id });
      return this.blockOn({ ms: this.debt });
    }
    this.unitHint = u;
    return this.dispatch(argv, asg, cmd.r, u, cmd);
  }
  /** The unit of the simple command being dispatched (for bash's job messages). */
  unitHint = 0;

  /** set -x: dash prints words as they are; ash quotes those that need it (and reserved words); bash its own way. */
  xtrace(asg: [string, string][], argv: string[]): void {
    const fl = this.sh.fl;
    const q = (s: string) => this.xq(s);
    const ps4 = this.ps4();
    const words = argv.map(a => (fl === 'ash' && RESERVED_WORDS.has(a) ? `'${a}'` : q(a)));
    // bash traces each assignment on a line of its own
    if (fl === 'bash') {
      for (const [k, v] of asg) this.box.write(this.p, 2, `${ps4}${k}=${q(v)}\n`);
      if (words.length) this.box.write(this.p, 2, `${ps4}${words.join(' ')}\n`);
      return;
    }
    this.box.write(this.p, 2, `${ps4}${[...asg.map(([k, v]) => `${k}=${q(v)}`), ...words].join(' ')}\n`);
  }
  /** A word as set -x shows it. */
  xq(s: string): string {
    const fl = this.sh.fl;
    const sq = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
    if (fl === 'dash') return s;
    if (fl === 'bash') return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : sq(s);
    return s !== '' && !/[\x00-\x2a;<=>?`[\\\x7b-\uffff]/.test(s) ? s : sq(s);
  }
  /** PS4, its parameters expanded (bash repeats its first character once per level of command substitution). */
  ps4(): string {
    const raw = this.sh.vars.PS4 ?? '+ ';
    const v = raw.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => {
      if (n === 'LINENO') { const line = this.sh.line ?? 1; return this.sh.fl === 'dash' && this.sh.mode === 'c' ? '' : String(this.sh.fl === 'ash' && this.sh.mode === 'c' ? line - 1 : line); }
      return this.getVar(n) ?? '';
    });
    return this.sh.fl === 'bash' && (this.sh.xd ?? 0) > 0 && v ? v[0]!.repeat(this.sh.xd! ) + v : v;
  }
  /** bash traces compound commands too: for, case, [[ ]], (( )). */
  xtraceText(text: string): void { if (this.sh.o.x && this.sh.fl === 'bash') this.box.write(this.p, 2, `${this.ps4()}${text}\n`); }

  dispatch(argv: string[], asg: [string, string][], redirs: Redir[], u: number, cmd: Cmd & { t: 'simple' }): Outcome | undefined {
    const sh = this.sh;
    if (!argv.length) {
      for (const [k, v] of asg) if (!this.setVar(k, v)) { sh.q = 1; return undefined; }
      if (sh.o.x && sh.fl !== 'bash') this.xtrace(asg, argv);
      if (redirs.length) {
        const sv = this.applyRedirs(redirs);
        if (!sv) { sh.q = sh.fl === 'dash' ? 2 : 1; sh.ef = 1; return undefined; }
        this.restoreFds(sv);
      }
      sh.q = this.box.cmdsubStatus ?? 0;
      if (sh.q !== 0) sh.ef = 1;
      return undefined;
    }
    // `command name …`: the name without function lookup
    let skipFn = false;
    while (argv[0] === 'command' && argv.length > 1 && (!argv[1]!.startsWith('-') || argv[1] === '-p' || argv[1] === '--')) {
      argv = argv.slice(argv[1] === '-p' || argv[1] === '--' ? 2 : 1);
      skipFn = true;
      if (!argv.length) { sh.q = 0; return undefined; }
    }
    const name = argv[0]!;
    // special builtins: assignments persist
    if (SPECIAL.has(name) && !(name === 'exec' && argv.length > 1)) {
      for (const [k, v] of asg) this.setVar(k, v);
      return this.runBuiltin(name, argv, redirs, undefined);
    }
    if (sh.fn[name] && !skipFn) {
      const sv = redirs.length ? this.applyRedirs(redirs) : {};
      if (!sv) { sh.q = 1; return undefined; }
      const loc: Record<string, string | null> = {};
      for (const [k, v] of asg) { loc[k] = sh.vars[k] ?? null; sh.vars[k] = v; }
      if (redirs.length) this.push({ k: 'RD', sv });
      this.push({ k: 'FN', pos: sh.pos, loc, name });
      sh.pos = argv.slice(1);
      const [fu, fn] = sh.fn[name]!;
      return this.execCmd(this.node(fu, fn), fu);
    }
    if (SHELL_BUILTINS.has(name) || USERLAND_BUILTINS.has(name) || (name === 'exec' && argv.length > 1)) {
      const tv: Record<string, string | null> = {};
      for (const [k, v] of asg) { tv[k] = sh.vars[k] ?? null; sh.vars[k] = v; }
      return this.runBuiltin(name, argv, redirs, asg.length ? tv : undefined);
    }
    return this.external(argv, asg, redirs, cmd);
  }

  external(argv: string[], asg: [string, string][], redirs: Redir[], _cmd: Cmd): Outcome | undefined {
    const sh = this.sh;
    const sv = redirs.length ? this.applyRedirs(redirs) : {};
    if (!sv) { sh.q = sh.fl === 'dash' ? 2 : 1; sh.ef = 1; return undefined; }
    const env = this.exportedEnv(asg);
    const tail = this.isTail(redirs.length > 0);
    const r = this.box.execve(this.p, argv, env, tail);
    if (typeof r === 'string' && r !== 'replaced') {
      // not found, permission denied…
      const [code, msg] = this.notRunnable(argv[0]!, r);
      this.diagCmd(msg);
      this.restoreFds(sv);
      sh.q = code; sh.ef = 1;
      return undefined;
    }
    if (r === 'replaced') return 'yield'; // the process now runs the program
    this.restoreFds(sv);
    const src = _cmd.t === 'simple' && _cmd.src && sh.fl === 'bash' ? this.box.s.units[this.unitHint]?.slice(_cmd.src[0], _cmd.src[1]) : undefined;
    this.push(src !== undefined ? { k: 'W', pids: [r as number], src } : { k: 'W', pids: [r as number] });
    return undefined;
  }

  /** The shell's words for a command it could not run: [status, message]. */
  notRunnable(name: string, why: string): [number, string] {
    const fl = this.sh.fl;
    if (why === 'ENOENT') {
      if (fl === 'bash') return [127, `${name}: command not found`];
      return [127, `${name}: not found`];
    }
    if (why === 'ENOENT_PATH') return [127, fl === 'bash' ? `${name}: No such file or directory` : `${name}: not found`];
    if (why === 'EISDIR') return [126, fl === 'bash' ? `${name}: Is a directory` : `${name}: Permission denied`];
    return [126, `${name}: Permission denied`];
  }

  /** Nothing runs after this command in this shell (so an external command may replace it). */
  /**
   * Nothing runs after this command in this shell, so an external command may replace it (exec), as the
   * shells do: busybox ash for the last command wherever it stands (not in a loop, not with a trap set);
   * bash only for a simple command without redirections at the end of the top-level list or of an
   * and-or list; dash (Debian's) never in the shell it started with, but always in a forked copy.
   */
  isTail(redirected = false): boolean {
    const sh = this.sh;
    if (sh.mode === 'i') return false;
    if (Object.values(sh.tr).some(t => t !== '')) return false;
    const main = !sh.sub;
    if (main && sh.fl === 'dash') return false;
    if (main && sh.fl === 'bash' && redirected) return false;
    let depth = 0;
    for (const fr of sh.f) {
      if (fr.k === 'C') continue;
      if (fr.k === 'L') {
        const l = this.node<List>(fr.u, fr.n);
        if (fr.i < l.c.length) return false;
        if (main && sh.fl === 'bash' && depth++ > 0) return false;
        continue;
      }
      if (fr.k === 'AO' && fr.p === 2) continue;
      if ((!main || sh.fl === 'ash') && ((fr.k === 'IF' && fr.p === 2) || fr.k === 'RD')) continue;
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ builtins
  runBuiltin(name: string, argv: string[], redirs: Redir[], tv: Record<string, string | null> | undefined): Outcome | undefined {
    const sh = this.sh;
    const sv = redirs.length ? this.applyRedirs(redirs) : {};
    if (!sv) { if (tv) this.restoreVars(tv); sh.q = sh.fl === 'dash' ? 2 : 1; sh.ef = 1; if (SPECIAL.has(name) && sh.mode !== 'i' && sh.fl !== 'bash') throw new ShExit(2); return undefined; }
    const st: Record<string, any> = {};
    let r: CmdResult;
    try { r = this.callBuiltin(name, argv, st); }
    catch (e) {
      if (e instanceof Unwind) { this.restoreFds(sv); if (tv) this.restoreVars(tv); return this.unwind(e); }
      if (e instanceof ShExit) { this.restoreFds(sv); throw e; }
      if (e instanceof BuiltinError) {
        if (SPECIAL.has(name) && sh.fl !== 'bash' && sh.mode !== 'i') { this.restoreFds(sv); throw new ShExit(e.code); }
        r = e.code;
      } else throw e;
    }
    if (typeof r !== 'number') {
      this.push({ k: 'B', name, argv, st, sv: redirs.length ? sv : undefined, tv });
      return this.blockOn(r.block);
    }
    if (redirs.length) this.restoreFds(sv);
    if (tv) this.restoreVars(tv);
    // `exec` without a command keeps its redirections
    sh.q = r;
    if (r !== 0) sh.ef = 1;
    return this.pendingControl();
  }

  /** A builtin that asked for control flow (exec replaced the process, eval/. pushed frames). */
  private control?: Outcome;
  pendingControl(): Outcome | undefined { const c = this.control; this.control = undefined; return c; }

  callBuiltin(name: string, argv: string[], st: Record<string, any>): CmdResult {
    const sh = this.sh;
    const args = argv.slice(1);
    switch (name) {
      case ':': case 'true': return 0;
      case 'false': return 1;
      case 'exit': {
        let code = sh.q;
        if (args[0] !== undefined) {
          if (sh.fl === 'bash') {
            if (!/^\s*[-+]?\d+\s*$/.test(args[0])) { this.diagB('exit', `${args[0]}: numeric argument required`); throw new ShExit(2); }
            code = toStatus(args[0].trim());
          } else {
            if (!/^\d+$/.test(args[0])) this.raise('exit', `Illegal number: ${args[0]}`);
            code = toStatus(args[0]);
          }
        }
        // bash's exit builtin says so on an interactive shell's standard error (not in a subshell)
        if (sh.fl === 'bash' && sh.mode === 'i' && !sh.sub) this.box.write(this.p, 2, 'exit\n');
        throw new ShExit(code);
      }
      case 'return': {
        let code = sh.q;
        if (args[0] !== undefined) {
          if (sh.fl === 'bash' ? !/^[-+]?\d+$/.test(args[0]) : !/^\d+$/.test(args[0])) {
            if (sh.fl === 'bash') { this.diagB('return', `${args[0]}: numeric argument required`); code = 2; }
            else this.raise('return', `Illegal number: ${args[0]}`);
          } else code = toStatus(args[0]);
        }
        if (!sh.f.some(f => f.k === 'FN' || f.k === 'SRC')) {
          if (sh.fl === 'bash') { this.diagB('return', 'can only `return\' from a function or sourced script'); return 1; }
          throw new ShExit(code);
        }
        throw new Unwind('return', 1, code);
      }
      case 'break': case 'continue': {
        if (sh.fl === 'bash' && !sh.f.some(f => f.k === 'WH' || f.k === 'FOR' || f.k === 'CF')) { this.diagB(name, "only meaningful in a `for', `while', or `until' loop"); return 0; }
        const n = args[0] !== undefined ? Number(args[0]) : 1;
        if (!/^\d+$/.test(args[0] ?? '1') || n < 1) {
          if (sh.fl === 'bash') { this.diagB(name, `${args[0]}: loop count out of range`); return 1; }
          this.raise(name, `Illegal number: ${args[0]}`);
        }
        if (!sh.f.some(f => f.k === 'WH' || f.k === 'FOR' || f.k === 'CF')) {
          if (sh.fl === 'bash') this.diagB(name, "only meaningful in a `for', `while', or `until' loop");
          return 0;
        }
        throw new Unwind(name, n, 0);
      }
      case 'shift': {
        if (args[0] !== undefined && !/^\d+$/.test(args[0])) {
          if (sh.fl === 'bash') { this.diagB('shift', `${args[0]}: numeric argument required`); return 1; }
          this.raise('shift', `Illegal number: ${args[0]}`);
        }
        const n = args[0] !== undefined ? Number(args[0]) : 1;
        if (n > sh.pos.length) {
          if (sh.fl === 'dash') this.raise('shift', "can't shift that many");
          return 1;
        }
        sh.pos = sh.pos.slice(n); return 0;
      }
      case 'set': return this.setBuiltin(args);
      case 'export': case 'readonly': {
        if (!args.length || args[0] === '-p') {
          const names = Object.keys(name === 'export' ? sh.exp : sh.ro ?? {}).sort();
          for (const k of names) {
            const v = sh.vars[k];
            const kw = name === 'export' ? (sh.fl === 'bash' ? 'declare -x' : 'export') : (sh.fl === 'bash' ? 'declare -r' : 'readonly');
            this.box.write(this.p, 1, v === undefined ? `${kw} ${k}\n` : `${kw} ${k}=${shQuote(v, sh.fl)}\n`);
          }
          return 0;
        }
        let rc = 0;
        for (const a of args) {
          if (a === '-n' || a === '-f') continue;
          const eq = a.indexOf('=');
          const k = eq >= 0 ? a.slice(0, eq) : a;
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) {
            if (sh.fl === 'bash') { this.diagB(name, `\`${a}': not a valid identifier`); rc = 1; continue; }
            this.raise(name, `${k}: bad variable name`);
          }
          if (eq >= 0 && !this.setVar(k, a.slice(eq + 1))) { rc = 1; continue; }
          if (eq >= 0 && sh.o.x && sh.fl === 'bash') this.xtraceText(`${k}=${this.xq(a.slice(eq + 1))}`);
          if (name === 'export') sh.exp[k] = 1; else (sh.ro ??= {})[k] = 1;
        }
        return rc;
      }
      case 'unset': {
        let funcs = false;
        for (const a of args) {
          if (a === '-f') { funcs = true; continue; }
          if (a === '-v') continue;
          if (funcs) { delete sh.fn[a]; continue; }
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) {
            if (sh.fl === 'bash') { this.diagB('unset', `\`${a}': not a valid identifier`); return 1; }
            this.raise('unset', `${a}: bad variable name`);
          }
          if (sh.ro?.[a]) {
            if (sh.fl === 'bash') { this.diagB('unset', `${a}: cannot unset: readonly variable`); return 1; }
            this.raise('unset', `${a}: is read only`);
          }
          delete sh.vars[a]; delete sh.exp[a]; if (sh.arr) delete sh.arr[a];
        }
        return 0;
      }
      case 'local': case 'declare': case 'typeset': {
        const fn = [...sh.f].reverse().find(f => f.k === 'FN') as (Frame & { k: 'FN' }) | undefined;
        if (name === 'local' && !fn) {
          if (sh.fl === 'bash') { this.diagB('local', 'can only be used in a function'); return 1; }
          this.raise('local', 'not in a function');
        }
        let exportIt = false;
        for (const a of args) {
          if (a.startsWith('-')) { if (a.includes('x')) exportIt = true; continue; }
          const eq = a.indexOf('=');
          const k = eq >= 0 ? a.slice(0, eq) : a;
          if (fn && !(k in fn.loc)) fn.loc[k] = sh.vars[k] ?? null;
          if (eq >= 0) sh.vars[k] = a.slice(eq + 1);
          else if (name === 'local' && sh.fl !== 'bash') { /* keeps the value (dash) */ }
          else if (!(k in sh.vars)) sh.vars[k] = '';
          if (exportIt) sh.exp[k] = 1;
        }
        return 0;
      }
      case 'eval': {
        const src = args.join(' ');
        if (!src.trim()) return 0;
        return this.runSource(src, false);
      }
      case '.': case 'source': {
        if (!args[0]) {
          if (sh.fl === 'bash') { this.diagB(name, 'filename argument required'); this.box.write(this.p, 2, `${name}: usage: ${name} filename [arguments]\n`); return 2; }
          return 0;
        }
        const file = this.findSourced(args[0]);
        if (file === undefined) {
          if (sh.fl === 'bash') { this.diag(`${args[0]}: No such file or directory`); return 1; }
          this.raise(name, sh.fl === 'dash' ? `cannot open ${args[0]}: No such file` : `can't open '${args[0]}': No such file or directory`);
        }
        if (args.length > 1) {
          // positional parameters for the sourced file
          const saved = sh.pos;
          sh.pos = args.slice(1);
          this.push({ k: 'FN', pos: saved, loc: {}, name: '.' });
        }
        return this.runSource(file, true);
      }
      case 'exec': {
        if (!args.length) { this.keepRedirs = true; return 0; }
        const env = this.exportedEnv();
        const r = this.box.execve(this.p, args, env, true);
        if (typeof r === 'string' && r !== 'replaced') {
          const [code, msg] = this.notRunnable(args[0]!, r);
          this.diagCmd(msg);
          throw new ShExit(code);
        }
        this.control = undefined;
        throw new Replaced();
      }
      case 'trap': return this.trapBuiltin(args);
      case 'cd': {
        let dir = args[0] ?? sh.vars.HOME ?? '/';
        if (dir === '-') { dir = sh.vars.OLDPWD ?? this.p.cwd; this.box.write(this.p, 1, dir + '\n'); }
        const target = this.box.fs.resolve(dir, this.p.cwd);
        const stt = (() => { try { return this.box.fs.stat(target); } catch { return undefined; } })();
        const why = !stt ? 'No such file or directory' : stt.k !== 'd' ? 'Not a directory' : undefined;
        if (why) {
          if (sh.fl === 'bash') { this.diagB('cd', `${dir}: ${why}`); return 1; }
          this.raise('cd', sh.fl === 'dash' ? `can't cd to ${dir}` : `can't cd to ${dir}: ${why}`);
        }
        sh.vars.OLDPWD = this.p.cwd;
        this.p.cwd = target;
        sh.vars.PWD = target;
        return 0;
      }
      case 'pwd': this.box.write(this.p, 1, this.p.cwd + '\n'); return 0;
      case 'read': return this.readBuiltin(args, st);
      case 'wait': return this.waitBuiltin(args, st);
      case 'umask': {
        if (!args.length || args[0] === '-S') {
          const m = sh.um ?? 0o022;
          if (args[0] === '-S') { const perm = (bits: number) => (bits & 4 ? 'r' : '') + (bits & 2 ? 'w' : '') + (bits & 1 ? 'x' : ''); this.box.write(this.p, 1, `u=${perm(7 & ~(m >> 6))},g=${perm(7 & ~(m >> 3))},o=${perm(7 & ~m)}\n`); }
          else this.box.write(this.p, 1, (m & 0o777).toString(8).padStart(4, '0') + '\n');
          return 0;
        }
        if (!/^[0-7]{1,4}$/.test(args[0]!)) { if (sh.fl === 'bash') { this.diagB('umask', `${args[0]}: octal number out of range`); return 1; } this.raise('umask', `Illegal number: ${args[0]}`); }
        sh.um = parseInt(args[0]!, 8);
        return 0;
      }
      case 'hash': if (!args.length && sh.fl === 'bash') this.box.write(this.p, 1, 'hash: hash table empty\n'); return 0;
      case 'type': case 'command': case 'builtin': return this.typeBuiltin(name, args, st);
      case 'alias': case 'unalias': case 'jobs': case 'ulimit': case 'shopt': case 'fg': case 'bg': case 'times':
        if (name === 'ulimit') this.box.write(this.p, 1, 'unlimited\n');
        if (name === 'times') this.box.write(this.p, 1, '0m0.000000s 0m0.000000s\n0m0.000000s 0m0.000000s\n');
        return 0;
      case 'let': {
        let v = 0n;
        if (!args.length) { this.diagB('let', 'expression expected'); return 1; }
        try { for (const a of args) v = this.arith(a); }
        catch (e) { if (e instanceof ExpandError) { this.diagB('let', e.message); return 1; } throw e; }
        return v !== 0n ? 0 : 1;
      }
      case 'getopts': return this.getopts(args);
    }
    // shared userland commands run in the shell's own process
    const fn = this.box.userland(name);
    if (!fn) { this.diagCmd(`${name}: not found`); return 127; }
    return fn(this.ctx(argv, st));
  }
  keepRedirs = false;

  /** A context for a command the shell runs itself: its errors carry the shell's prefix. */
  ctx(argv: string[], st: Record<string, any>): CmdCtx {
    const c = this.box.cmdCtx(this.p, argv, st, () => this.exportedEnv());
    c.shell = this.sh.fl;
    // a builtin's message `name: text`: busybox prints it as `sh: text`, dash and bash as their builtins' errors
    c.err = msg => {
      const rest = msg.startsWith(`${c.name}: `) ? msg.slice(c.name.length + 2) : msg;
      if (this.sh.fl === 'ash') this.box.write(this.p, 2, `${this.sh.n0}: ${rest}\n`);
      else this.diagB(c.name, rest);
    };
    return c;
  }

  runSource(src: string, isFile: boolean): number {
    let u: number;
    try { u = this.box.unit(src); }
    catch (e) {
      if (e instanceof Error && e.name === 'ParseError') {
        this.syntaxError(e as unknown as { token: string | null; line: number });
        if (this.sh.mode !== 'i') throw new ShExit(2);
        return 2;
      }
      throw e;
    }
    this.push({ k: 'SRC' });
    this.push({ k: 'L', u, n: this.box.rootId(u), i: 0 });
    void isFile;
    return this.sh.q;
  }

  findSourced(name: string): string | undefined {
    const fs = this.box.fs;
    const tryRead = (p: string) => { try { return fs.readFile(p, this.p.cwd); } catch { return undefined; } };
    if (name.includes('/')) return tryRead(name);
    for (const dir of (this.sh.vars.PATH ?? '').split(':')) { const r = tryRead(`${dir || '.'}/${name}`); if (r !== undefined) return r; }
    return this.sh.fl === 'bash' ? tryRead(name) : undefined;
  }

  setBuiltin(args: string[]): number {
    const sh = this.sh;
    if (!args.length) {
      for (const k of Object.keys(sh.vars).sort()) this.box.write(this.p, 1, `${k}=${shQuote(sh.vars[k]!, sh.fl)}\n`);
      return 0;
    }
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') { i++; sh.pos = args.slice(i); return 0; }
      if (a === '-o' || a === '+o') {
        const opt = args[++i];
        const map: Record<string, string> = { errexit: 'e', nounset: 'u', xtrace: 'x', noglob: 'f', allexport: 'a', pipefail: 'p' };
        if (opt === undefined) { for (const [long, s] of Object.entries(map)) this.box.write(this.p, 1, `${long.padEnd(15)} ${sh.o[s] ? 'on' : 'off'}\n`); continue; }
        const s = map[opt];
        if (!s) {
          if (sh.fl === 'bash') { this.diagB('set', `${opt}: invalid option name`); return 2; }
          if (sh.fl === 'ash') { this.diagB('set', `illegal option -o ${opt}`); return 1; }
          this.raise('set', `Illegal option -o ${opt}`);
        }
        if (a === '-o') sh.o[s] = 1; else delete sh.o[s];
        continue;
      }
      if (/^[-+][a-zA-Z]+$/.test(a)) {
        for (const c of a.slice(1)) {
          if (c === 'o') { const r = this.setBuiltin([a[0] + 'o', ...(args[i + 1] !== undefined ? [args[++i]!] : [])]); if (r) return r; continue; }
          if (a[0] === '-') sh.o[c] = 1; else delete sh.o[c];
        }
        continue;
      }
      break;
    }
    if (i < args.length) sh.pos = args.slice(i);
    return 0;
  }

  trapBuiltin(args: string[]): number {
    const sh = this.sh;
    if (!args.length) {
      const num = (k: string) => (k === 'EXIT' ? 0 : SIGNALS[k] ?? 99);
      for (const [sig, cmd] of Object.entries(sh.tr).sort((a, b) => num(a[0]) - num(b[0])))
        this.box.write(this.p, 1, `trap -- ${shQuote(cmd, 'ash')} ${sh.fl === 'bash' && sig in SIGNALS ? 'SIG' + sig : sig}\n`);
      return 0;
    }
    let action: string | undefined = args[0];
    let sigs = args.slice(1);
    if (/^\d+$/.test(action!) && args.length === 1) { sigs = [action!]; action = '-'; }
    if (action === '-l') { this.box.write(this.p, 1, Object.entries(SIGNALS).map(([k, v]) => `${v}) SIG${k}`).join(' ') + '\n'); return 0; }
    for (const s of sigs) {
      let name = s.toUpperCase().replace(/^SIG/, '');
      if (/^\d+$/.test(name)) name = name === '0' ? 'EXIT' : SIGNAME[Number(name)] ?? name;
      if (name !== 'EXIT' && !(name in SIGNALS) && !(sh.fl === 'bash' && (name === 'ERR' || name === 'DEBUG' || name === 'RETURN'))) {
        if (sh.fl === 'dash') this.box.write(this.p, 2, `trap: ${s}: bad trap\n`);
        else this.diagB('trap', `${s}: invalid signal specification`);
        return 1;
      }
      if (action === '-') delete sh.tr[name];
      else sh.tr[name] = action!;
    }
    return 0;
  }

  readBuiltin(args: string[], st: Record<string, any>): CmdResult {
    const sh = this.sh;
    let raw = false, prompt = '', timeout: number | undefined, nchars: number | undefined, delim = '\n', fd = 0, silent = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-r') raw = true;
      else if (a === '-p') prompt = args[++i] ?? '';
      else if (a === '-t') timeout = Number(args[++i]) * 1000;
      else if (a === '-n' || a === '-N') nchars = Number(args[++i]);
      else if (a === '-d') delim = (args[++i] ?? '')[0] ?? '\0';
      else if (a === '-u') fd = Number(args[++i]);
      else if (a === '-s') silent = true;
      else if (/^-[rs]+$/.test(a)) { if (a.includes('r')) raw = true; if (a.includes('s')) silent = true; }
      else names.push(a);
    }
    void silent;
    if (!st.started) {
      st.started = 1;
      if (prompt && sh.fl === 'bash' && this.box.isTty(this.p, fd)) this.box.write(this.p, 2, prompt);
      st.buf = '';
      if (timeout !== undefined) st.deadline = this.box.vt() + timeout;
    }
    const got = this.box.readUntil(this.p, fd, nchars !== undefined ? { n: nchars - [...(st.buf as string)].length } : { delim });
    if (got === undefined) {
      if (st.deadline !== undefined) {
        const left = st.deadline - this.box.vt();
        if (left <= 0) return 142;
        return { block: { read: fd, ms: left } };
      }
      return { block: { read: fd } };
    }
    let line: string;
    let eof = false;
    if (got === null) { eof = true; line = st.buf; } else { line = st.buf + got; }
    if (!eof && nchars === undefined) { if (line.endsWith(delim)) line = line.slice(0, -1); else eof = true; }
    if (!raw) line = line.replace(/\\\n/g, '').replace(/\\(.)/g, '$1');
    const ifs = sh.vars.IFS ?? ' \t\n';
    const targets = names.length ? names : ['REPLY'];
    if (!names.length) { this.setVar('REPLY', line); }
    else {
      const ws = [...ifs].filter(c => ' \t\n'.includes(c));
      let rest = line;
      const trim = (s: string) => { let a = 0, b = s.length; while (a < b && ws.includes(s[a]!)) a++; while (b > a && ws.includes(s[b - 1]!)) b--; return s.slice(a, b); };
      rest = trim(rest);
      for (let i = 0; i < targets.length; i++) {
        if (i === targets.length - 1) { this.setVar(targets[i]!, trim(rest)); break; }
        let j = 0;
        while (j < rest.length && !ifs.includes(rest[j]!)) j++;
        this.setVar(targets[i]!, rest.slice(0, j));
        rest = rest.slice(j);
        // one non-whitespace IFS character, surrounded by whitespace, separates
        rest = rest.replace(new RegExp(`^[${escapeClass(ws.join(''))}]*`), '');
        if (rest && ifs.includes(rest[0]!) && !ws.includes(rest[0]!)) rest = rest.slice(1);
        rest = rest.replace(new RegExp(`^[${escapeClass(ws.join(''))}]*`), '');
      }
    }
    return eof ? 1 : 0;
  }

  waitBuiltin(args: string[], st: Record<string, any>): CmdResult {
    const sh = this.sh;
    if (this.p.pend?.length && sh.f.length) {
      // a trapped signal interrupts wait: status 128+n
      const sig = this.p.pend[0]!;
      if (sh.tr[SIGNAME[sig] ?? ''] !== undefined && sh.tr[SIGNAME[sig] ?? ''] !== '') return 128 + sig;
    }
    if (!args.length) {
      for (const pid of this.box.children(this.p.pid)) {
        if (this.box.childStatus(pid) === undefined) return { block: { child: pid } };
      }
      for (const pid of this.box.children(this.p.pid)) this.box.reap(pid);
      return 0;
    }
    let last = 0;
    st.done ??= [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const pid = Number(a.replace(/^%/, ''));
      if (!/^%?\d+$/.test(a)) {
        if (sh.fl === 'bash') { this.diagB('wait', `\`${a}': not a pid or valid job spec`); last = 2; continue; }
        this.raise('wait', a.startsWith('%') ? `${a}: no such job` : `Illegal number: ${a}`);
      }
      if (st.done.includes(i)) { last = st.codes[i]; continue; }
      if (!this.box.isChild(this.p.pid, pid)) {
        if (sh.fl === 'bash') this.diagB('wait', `pid ${pid} is not a child of this shell`);
        last = 127; continue;
      }
      const code = this.box.childStatus(pid);
      if (code === undefined) return { block: { child: pid } };
      this.reportSignal(pid, false);
      this.box.reap(pid);
      st.done.push(i); (st.codes ??= {})[i] = code;
      last = code;
    }
    return last;
  }

  /** ash and dash say how a child they waited for died of a signal ("Killed", "Terminated"); bash, for a foreground one. */
  reportSignal(pid: number, foreground: boolean, text?: string): void {
    const sig = this.box.proc(pid)?.sig;
    if (sig === undefined || sig === SIGNALS.INT || sig === SIGNALS.PIPE) return;
    const desc = SIGDESC[sig] ?? `Unknown signal ${sig}`;
    if (this.sh.fl !== 'bash') { this.box.write(this.p, 2, desc + '\n'); return; }
    if (!foreground) return;
    if (sig === SIGNALS.TERM) { this.box.write(this.p, 2, desc + '\n'); return; }
    this.box.write(this.p, 2, `${this.prefix()}${pid} ${desc.padEnd(24)}${text ?? ''}\n`);
  }

  typeBuiltin(name: string, args: string[], st: Record<string, any>): CmdResult {
    const sh = this.sh;
    if (name === 'hash') return 0;
    if (name === 'builtin') return args.length ? this.callBuiltin(args[0]!, args, st) : 0;
    if (name === 'command') {
      if (args[0] === '-v' || args[0] === '-V') {
        let rc = 0;
        for (const a of args.slice(1)) {
          const what = this.whatIs(a);
          if (!what) {
            rc = sh.fl === 'bash' ? 1 : 127;
            if (args[0] === '-V') { if (sh.fl === 'bash') this.diagB('command', `${a}: not found`); else this.box.write(this.p, 1, `${a}: not found\n`); }
            continue;
          }
          this.box.write(this.p, 1, args[0] === '-v' ? (what.startsWith('/') ? what : a) + '\n' : this.describe(a, what) + '\n');
        }
        return rc;
      }
      if (!args.length) return 0;
      // run the command, bypassing functions
      const fn = sh.fn; sh.fn = {};
      try { return this.callNonFunction(args, st); } finally { sh.fn = fn; }
    }
    let rc = 0;
    for (const a of args.filter(x => !x.startsWith('-'))) {
      const what = this.whatIs(a);
      if (!what) { this.box.write(this.p, sh.fl === 'bash' ? 2 : 1, sh.fl === 'bash' ? `${sh.n0}: line ${sh.line ?? 1}: type: ${a}: not found\n` : `${a}: not found\n`); rc = sh.fl === 'dash' ? 127 : 1; continue; }
      this.box.write(this.p, 1, this.describe(a, what) + '\n');
    }
    return rc;
  }
  callNonFunction(args: string[], st: Record<string, any>): CmdResult {
    const name = args[0]!;
    if (SPECIAL.has(name) || SHELL_BUILTINS.has(name) || USERLAND_BUILTINS.has(name)) return this.callBuiltin(name, args, st);
    return this.callBuiltin('true', ['true'], st);
  }
  whatIs(a: string): string | undefined {
    const sh = this.sh;
    if (sh.fn[a]) return 'function';
    if (SPECIAL.has(a)) return 'special';
    if (SHELL_BUILTINS.has(a) || USERLAND_BUILTINS.has(a)) return 'builtin';
    return this.box.which(this.p, a, sh.vars.PATH ?? '');
  }
  describe(a: string, what: string): string {
    const bash = this.sh.fl === 'bash';
    if (what === 'function') return bash ? `${a} is a function` : `${a} is a shell function`;
    if (what === 'special') return bash ? `${a} is a shell builtin` : `${a} is a special shell builtin`;
    if (what === 'builtin') return `${a} is a shell builtin`;
    return `${a} is ${what}`;
  }

  getopts(args: string[]): number {
    const sh = this.sh;
    const spec = args[0] ?? '';
    const name = args[1] ?? 'OPTARG';
    const silent = spec.startsWith(':');
    const argv = args.length > 2 ? args.slice(2) : sh.pos;
    let ind = Number(sh.vars.OPTIND ?? '1');
    if (!(ind >= 1)) ind = 1;
    // the position inside a group of options (-abc) lives with OPTIND, as the shells keep it privately
    let sub = sh.go && sh.go[0] === ind ? sh.go[1] : 1;
    const cur = argv[ind - 1];
    const warn = (msg: string, bashMsg: string) => { if (!silent) this.box.write(this.p, 2, sh.fl === 'bash' ? `${sh.n0}: ${bashMsg}\n` : msg + '\n'); };
    if (cur === undefined || cur === '--' || !cur.startsWith('-') || cur === '-') {
      if (cur === '--') ind++;
      sh.vars.OPTIND = String(ind);
      delete sh.go;
      this.setVar(name, '?');
      delete sh.vars.OPTARG;
      return 1;
    }
    const c = cur[sub]!;
    const i = spec.indexOf(c, silent ? 1 : 0);
    sub++;
    let optarg: string | undefined;
    let val = c;
    if (i < 0 || c === ':') {
      warn(`Illegal option -${c}`, `illegal option -- ${c}`);
      val = '?';
      if (silent) optarg = c;
    } else if (spec[i + 1] === ':') {
      if (sub < cur.length) { optarg = cur.slice(sub); sub = cur.length; }
      else if (argv[ind] !== undefined) { optarg = argv[ind]; ind++; }
      else {
        warn(`No arg for -${c} option`, `option requires an argument -- ${c}`);
        val = silent ? ':' : '?';
        if (silent) optarg = c;
      }
    }
    if (sub >= cur.length) { ind++; delete sh.go; } else sh.go = [ind, sub];
    sh.vars.OPTIND = String(ind);
    this.setVar(name, val);
    if (optarg !== undefined) sh.vars.OPTARG = optarg; else delete sh.vars.OPTARG;
    return 0;
  }

  // ------------------------------------------------------------------ control flow
  unwind(u: Unwind): Outcome | undefined {
    const sh = this.sh;
    if (u.kind === 'return') {
      for (;;) {
        const f = this.pop();
        if (!f) throw new ShExit(u.code);
        if (f.k === 'RD') this.restoreFds(f.sv);
        if (f.k === 'FN') { this.leaveFunction(f); if (f.name !== '.') break; continue; }
        if (f.k === 'SRC') break;
      }
      sh.q = u.code;
      return undefined;
    }
    let n = u.n;
    for (;;) {
      const f = this.top;
      if (!f) return undefined;
      if (f.k === 'FN') return undefined; // break does not leave a function
      if (f.k === 'WH' || f.k === 'FOR' || f.k === 'CF') {
        if (--n === 0 || !sh.f.slice(0, -1).some(x => x.k === 'WH' || x.k === 'FOR' || x.k === 'CF')) {
          if (u.kind === 'break') { this.pop(); sh.q = 0; }
          else {
            if (f.k === 'CF') { const node = this.node<Cmd & { t: 'cfor' }>(f.u, f.n); if (node.step.length) this.arith(node.step); }
            f.p = 0;
          }
          return undefined;
        }
        this.pop();
        continue;
      }
      this.pop();
      if (f.k === 'RD') this.restoreFds(f.sv);
    }
  }

  leaveFunction(f: Frame & { k: 'FN' }): void {
    const sh = this.sh;
    sh.pos = f.pos;
    for (const [k, v] of Object.entries(f.loc)) { if (v === null) delete sh.vars[k]; else sh.vars[k] = v; }
  }

  /** Handle pending signals at a step boundary: traps run, defaults end the process. */
  signals(): Outcome | undefined {
    const sh = this.sh;
    const sig = this.p.pend!.shift()!;
    if (!this.p.pend!.length) delete this.p.pend;
    const name = SIGNAME[sig] ?? String(sig);
    const trap = sh.tr[name];
    if (trap === '') return undefined;
    if (trap !== undefined) {
      // interrupt a wait builtin
      if (this.top?.k === 'B' && (this.top as { name: string }).name === 'wait') { const b = this.pop() as Frame & { k: 'B' }; if (b.sv) this.restoreFds(b.sv); sh.q = 128 + sig; }
      this.push({ k: 'T', q: sh.q });
      this.runSource(trap, false);
      return undefined;
    }
    if (this.p.pid === 1 || sig === SIGNALS.CHLD || sig === SIGNALS.CONT) return undefined; // PID 1 has no default actions
    this.p.sig = sig;
    return this.exit(128 + sig, true);
  }

  exit(code: number, bySignal = false): Outcome {
    const sh = this.sh;
    const trap = sh.tr.EXIT;
    if (trap !== undefined && trap !== '' && !bySignal) {
      delete sh.tr.EXIT;
      sh.f = [];
      sh.q = code;
      this.push({ k: 'EXIT', code });
      this.push({ k: 'T', q: code });
      try { this.runSource(trap, false); } catch { /* ignore */ }
      return 'yield';
    }
    this.box.exitProc(this.p, code & 255);
    return 'exit';
  }

  // ------------------------------------------------------------------ redirections
  /** Apply redirections to the process's fds; returns what they replaced, or undefined after an error. */
  applyRedirs(redirs: Redir[]): Record<string, Fd | null> | undefined {
    const sv: Record<string, Fd | null> = {};
    const save = (fd: number) => { if (!(fd in sv)) sv[fd] = this.p.fds[fd] ?? null; };
    for (const r of redirs) {
      const defFd = r.op.startsWith('<') && r.op !== '<>' ? 0 : 1;
      const fd = r.fd ?? (r.op === '<>' ? 0 : defFd);
      let target: string;
      try {
        if (r.op === '<<' || r.op === '<<-' ) target = r.here ? expandString(r.here, this.env()) : '';
        else target = expandString(r.w, this.env());
      } catch (e) { if (e instanceof ExpandError) { this.diag(e.message); this.restoreFds(sv); return undefined; } throw e; }
      if (r.op === '<<' || r.op === '<<-' || r.op === '<<<') {
        save(fd);
        const id = this.box.newPipe(r.op === '<<<' ? target + '\n' : target);
        this.p.fds[fd] = { t: 'pipe', id };
        continue;
      }
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') { save(fd); delete this.p.fds[fd]; continue; }
        if (/^\d+$/.test(target)) {
          const src = this.p.fds[target];
          if (!src) { this.diagCmd(this.sh.fl === 'bash' ? `${target}: Bad file descriptor` : `${target}: Bad file descriptor`); this.restoreFds(sv); return undefined; }
          save(fd); this.p.fds[fd] = { ...src };
          continue;
        }
        if (r.op === '>&' && r.fd === undefined) { // >&file = &>file
          const f = this.openFile(target, 'w');
          if (!f) { this.restoreFds(sv); return undefined; }
          save(1); save(2); this.p.fds[1] = f; this.p.fds[2] = { ...f };
          continue;
        }
      }
      if (r.op === '&>' || r.op === '&>>') {
        const f = this.openFile(target, r.op === '&>>' ? 'a' : 'w');
        if (!f) { this.restoreFds(sv); return undefined; }
        save(1); save(2); this.p.fds[1] = f; this.p.fds[2] = { ...f };
        continue;
      }
      const mode = r.op === '<' ? 'r' : r.op === '>>' ? 'a' : r.op === '<>' ? 'rw' : 'w';
      const f = this.openFile(target, mode, r.op === '>' && !!this.sh.o.C);
      if (!f) { this.restoreFds(sv); return undefined; }
      save(fd); this.p.fds[fd] = f;
    }
    return sv;
  }

  openFile(path: string, mode: 'r' | 'w' | 'a' | 'rw', noclobber = false): Fd | undefined {
    const r = this.box.open(this.p, path, mode, { create: 0o666 & ~(this.sh.um ?? 0o022), noclobber });
    if (typeof r === 'string') {
      this.diagCmd(this.openMessage(path, r, mode));
      return undefined;
    }
    return r;
  }
  openMessage(path: string, code: string, mode: string): string {
    const fl = this.sh.fl;
    const text = FS_MESSAGES[code] ?? code;
    if (code === 'EEXIST' && fl === 'bash') return `${path}: cannot overwrite existing file`;
    if (fl === 'bash') return `${path}: ${text}`;
    if (mode === 'r') return fl === 'dash' ? `cannot open ${path}: ${code === 'ENOENT' ? 'No such file' : text}` : `can't open ${path}: ${code === 'ENOENT' ? 'no such file' : text}`;
    if (fl === 'dash') return `cannot create ${path}: ${code === 'ENOENT' ? 'Directory nonexistent' : text}`;
    return `can't create ${path}: ${code === 'ENOENT' ? 'nonexistent directory' : text}`;
  }

  restoreFds(sv: Record<string, Fd | null>): void {
    if (this.keepRedirs) { this.keepRedirs = false; return; }
    for (const [k, v] of Object.entries(sv)) { if (v === null) delete this.p.fds[k]; else this.p.fds[k] = v; }
  }
  restoreVars(tv: Record<string, string | null>): void {
    for (const [k, v] of Object.entries(tv)) { if (v === null) delete this.sh.vars[k]; else this.sh.vars[k] = v; }
  }

  // ------------------------------------------------------------------ variables, expansion
  getVar(n: string): string | undefined {
    const sh = this.sh;
    switch (n) {
      case 'RANDOM': return String(Math.floor(this.box.random() * 32768));
      case 'SECONDS': return String(Math.floor((this.box.clock() - this.p.t0) / 1000));
      case 'LINENO': return String(sh.line ?? 1);
      case 'PPID': return String(this.p.ppid);
      case 'UID': case 'EUID': if (sh.fl === 'bash' && !(n in sh.vars)) return String(this.p.uid); break;
      case 'HOSTNAME': if (sh.fl === 'bash' && !(n in sh.vars)) return this.box.pod.hostname; break;
      case 'BASHPID': if (sh.fl === 'bash') return String(this.p.pid); break;
    }
    return sh.vars[n] ?? (sh.arr?.[n]?.[0]);
  }
  setVar(n: string, v: string): boolean {
    const sh = this.sh;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/.exec(n);
    if (m) {
      const arr = ((sh.arr ??= {})[m[1]!] ??= []);
      arr[Number(this.arith(m[2]!))] = v;
      this.box.varRead(m[1]!);
      return true;
    }
    if (sh.ro?.[n]) {
      this.diag(sh.fl === 'bash' ? `${n}: readonly variable` : `${n}: is read only`);
      if (sh.mode !== 'i') throw new ShExit(sh.fl === 'bash' ? 1 : 2);
      return false;
    }
    sh.vars[n] = v;
    if (sh.o.a) sh.exp[n] = 1;
    return true;
  }
  setArray(n: string, items: string[]): void { (this.sh.arr ??= {})[n] = items; }

  private envCache?: ExpandEnv;
  /** The expansion environment (one per Shell object: its option fields read the state live). */
  env(): ExpandEnv {
    if (this.envCache) return this.envCache;
    const sh = this.sh;
    const self = this;
    return this.envCache = {
      get: n => self.getVar(n),
      set: (n, v) => { self.setVar(n, v); },
      positional: () => sh.pos,
      array: n => sh.arr?.[n] ?? (sh.vars[n] !== undefined ? [sh.vars[n]!] : undefined),
      special: ch => {
        switch (ch) {
          case '?': return String(sh.q);
          case '$': return String(sh.me ?? self.p.pid);
          case '!': return sh.bg !== undefined ? String(sh.bg) : '';
          case '#': return String(sh.pos.length);
          case '-': return self.dashFlags();
          case '0': return sh.n0;
        }
        return undefined;
      },
      cmdsub: list => self.cmdsub(list),
      glob: pat => self.box.glob(self.p, pat, sh.fl !== 'bash'),
      get utf8() { return /utf-?8/i.test(sh.vars.LC_ALL || sh.vars.LC_CTYPE || sh.vars.LANG || ''); },
      home: user => (user === 'root' ? '/root' : undefined),
      get nounset() { return !!sh.o.u; },
      get noglob() { return !!sh.o.f; },
      dialect: sh.fl,
      onRead: n => self.box.varRead(n),
    };
  }

  /** $-: the set options, in each shell's order (ash and bash add c for -c, bash h and B). */
  dashFlags(): string {
    const sh = this.sh;
    const on = (c: string) => (sh.o[c] ? c : '');
    const c = sh.mode === 'c' && !sh.sub ? 'c' : '';
    const i = sh.mode === 'i' ? 'i' : '';
    if (sh.fl === 'bash') return ['a', 'e', 'f'].map(on).join('') + 'h' + i + ['u', 'v', 'x'].map(on).join('') + 'B' + on('C') + c;
    if (sh.fl === 'dash') return ['u', 'a', 'C', 'v', 'x'].map(on).join('') + i + ['f', 'e'].map(on).join('');
    return ['u', 'a', 'C', 'v', 'x'].map(on).join('') + i + c + ['f', 'e'].map(on).join('');
  }

  cmdsub(list: List): string {
    const r = this.box.cmdsub(this.p, this.sh, list);
    if (r.sig !== undefined && this.sh.fl !== 'bash' && r.sig !== SIGNALS.INT && r.sig !== SIGNALS.PIPE) this.box.write(this.p, 2, (SIGDESC[r.sig] ?? `Unknown signal ${r.sig}`) + '\n');
    this.debt += r.debt;
    this.box.cmdsubStatus = r.status;
    return r.out;
  }

  /** Evaluate arithmetic: a word (expanded first) or an already expanded text. Errors are ExpandErrors. */
  arith(e: Word | string, cond = false): bigint {
    const env = this.env();
    if (cond) this.box.condContext(true);
    try {
      const text = typeof e === 'string' ? e : expandString(e, env);
      return arithValue(text, env);
    } finally { if (cond) this.box.condContext(false); }
  }

  /** [[ … ]] as set -x shows it. */
  condText(e: CondExpr): string {
    const env = this.env();
    switch (e.t) {
      case 'and': return `${this.condText(e.l)} && ${this.condText(e.r)}`;
      case 'or': return `${this.condText(e.l)} || ${this.condText(e.r)}`;
      case 'not': return `! ${this.condText(e.e)}`;
      case 'word': return this.xq(expandString(e.a, env));
      case 'un': return `${e.op} ${this.xq(expandString(e.a, env))}`;
      case 'bin': return `${this.xq(expandString(e.a, env))} ${e.op === '=' ? '==' : e.op} ${this.xq(expandString(e.b, env))}`;
    }
  }

  /** [[ … ]] */
  cond(e: CondExpr): boolean {
    const env = this.env();
    this.box.condContext(true);
    try {
      switch (e.t) {
        case 'and': return this.cond(e.l) && this.cond(e.r);
        case 'or': return this.cond(e.l) || this.cond(e.r);
        case 'not': return !this.cond(e.e);
        case 'word': return expandString(e.a, env) !== '';
        case 'un': {
          const a = expandString(e.a, env);
          const fn = this.box.userland('test')!;
          return fn(this.ctx(['test', e.op, a], {})) === 0;
        }
        case 'bin': {
          const a = expandString(e.a, env);
          if (e.op === '=' || e.op === '!=') {
            const m = matchPattern(a, expandPattern(e.b, env));
            return e.op === '=' ? m : !m;
          }
          if (e.op === '=~') {
            const re = expandString(e.b, env);
            let m: RegExpMatchArray | null = null;
            try { m = a.match(new RegExp(posixEre(re))); } catch { return false; }
            if (m) this.setArray('BASH_REMATCH', [...m].map(x => x ?? ''));
            return !!m;
          }
          if (e.op === '<' || e.op === '>') { const b = expandString(e.b, env); return e.op === '<' ? a < b : a > b; }
          const b = expandString(e.b, env);
          const fn = this.box.userland('test')!;
          return fn(this.ctx(['test', a, e.op, b], {})) === 0;
        }
      }
    } finally { this.box.condContext(false); }
    return false;
  }

  expandFailed(e: unknown): Outcome | undefined {
    if (!(e instanceof ExpandError)) throw e;
    this.diag(e.message);
    this.sh.q = e.status;
    this.sh.ef = 1;
    if (e.fatal && this.sh.mode !== 'i') throw new ShExit(e.status === 1 && this.sh.fl !== 'bash' ? 2 : e.status);
    return undefined;
  }

  // ------------------------------------------------------------------ diagnostics
  /**
   * The shell's own errors (not found, expansion errors): ash `sh: msg` with -c, `script: line N: msg` for a
   * script; dash `sh: N: msg`; bash `bash: line N: msg`.
   */
  prefix(): string {
    const sh = this.sh;
    const line = this.lineNo();
    if (sh.mode === 'i') return sh.fl === 'dash' ? `${sh.n0}: ${line}: ` : `${sh.n0}: `;
    // commands read from standard input: ash names no line
    if (sh.fl === 'bash') return `${sh.n0}: line ${line}: `;
    if (sh.fl === 'dash') return `${sh.n0}: ${line}: `;
    return sh.mode === 's' && !sh.rl ? `${sh.n0}: line ${line}: ` : `${sh.n0}: `;
  }
  /** The current line of the script (commands read from standard input count from the first one read). */
  lineNo(): number { return (this.sh.line ?? 1) + (this.sh.rl ?? 0); }
  diag(msg: string): void { this.box.write(this.p, 2, this.prefix() + msg + '\n'); }
  /**
   * A builtin's error: ash `sh: cmd: line N: msg` (N counted from 0 with -c), dash `sh: N: cmd: msg`,
   * bash `bash: line N: cmd: msg`.
   */
  diagB(cmd: string, msg: string): void {
    const sh = this.sh;
    const line = this.lineNo();
    let pre: string;
    if (sh.fl === 'ash') pre = sh.mode === 'i' ? `${sh.n0}: ${cmd}: ` : `${sh.n0}: ${cmd}: line ${sh.mode === 'c' ? line - 1 : line}: `;
    else if (sh.fl === 'dash') pre = sh.mode === 'i' ? `${sh.n0}: ${line}: ${cmd}: ` : `${sh.n0}: ${line}: ${cmd}: `;
    else pre = sh.mode === 'i' ? `${sh.n0}: ${cmd}: ` : `${sh.n0}: line ${line}: ${cmd}: `;
    this.box.write(this.p, 2, pre + msg + '\n');
  }
  /** A builtin's error that, in ash and dash, makes a special builtin end a non-interactive shell. */
  raise(cmd: string, msg: string): never {
    this.diagB(cmd, msg);
    throw new BuiltinError(2);
  }
  diagCmd(msg: string): void { this.diag(msg); }

  syntaxError(e0: SyntaxInfo): void {
    const sh = this.sh;
    const err = sh.rl ? { ...e0, line: e0.line + sh.rl } : e0;
    const tok = err.token;
    const name = (t: string | null): string => {
      if (t === null) return 'end of file';
      if (t === 'newline' || t === '\n') return 'newline';
      if (/^[<>]|^\d+[<>]|^&>/.test(t)) return 'redirection';
      if (/^(;;?&?|&&?|\|\|?|\(|\)|`)$/.test(t) || RESERVED_WORDS.has(t)) return `"${t}"`;
      return 'word';
    };
    const q = (t: string) => (t.startsWith('"') ? t : t === 'newline' || t === 'end of file' || t === 'word' || t === 'redirection' ? t : `"${t}"`);
    let msg: string;
    if (sh.fl === 'bash') {
      const where = `${sh.n0}: ${sh.mode === 'c' ? '-c: ' : ''}line `;
      if (err.kind === 'quote' || err.kind === 'brace' || err.kind === 'backquote') {
        const ch = err.kind === 'brace' ? '}' : err.kind === 'backquote' ? '`' : err.quote ?? '"';
        msg = `${where}${err.line}: unexpected EOF while looking for matching \`${ch}'`;
      } else if (tok === null && !err.bashToken) msg = `${where}${err.line + 1}: syntax error: unexpected end of file`;
      else {
        msg = `${where}${err.line}: syntax error near unexpected token \`${err.bashToken ?? tok}'`;
        const text = this.sourceLine(err.line);
        if (text !== undefined) msg += `\n${where}${err.line}: \`${text}'`;
        else if (sh.rl !== undefined && f0Line(sh) !== undefined) msg += `\n${where}${err.line}: \`${f0Line(sh)}'`;
      }
    } else {
      let what: string;
      if (err.kind === 'quote') what = sh.fl === 'dash' ? 'Unterminated quoted string' : 'unterminated quoted string';
      else if (err.kind === 'brace') what = sh.fl === 'dash' ? "Missing '}'" : "missing '}'";
      else if (err.kind === 'backquote') what = sh.fl === 'dash' ? 'EOF in backquote substitution' : 'unexpected end of file';
      else {
        const n = name(tok);
        const exp = err.expecting ? ` (expecting ${q(err.expecting)})` : '';
        what = sh.fl === 'dash' ? `${n} unexpected${exp}` : `unexpected ${n}${exp}`;
      }
      msg = sh.fl === 'dash' ? `${sh.n0}: ${err.line}: Syntax error: ${what}` : sh.mode === 's' && sh.rl === undefined ? `${sh.n0}: line ${err.line}: syntax error: ${what}` : `${sh.n0}: syntax error: ${what}`;
    }
    this.box.write(this.p, 2, msg + '\n');
  }
  /** Line n (1-based) of the source this shell runs (bash quotes it in syntax errors). */
  sourceLine(n: number): string | undefined {
    if (this.sh.rl !== undefined) return undefined;
    const f = this.sh.f.find(x => 'u' in x) as { u: number } | undefined;
    const src = f !== undefined ? this.box.s.units[f.u] : this.sh.vars.__src;
    if (src === undefined) return undefined;
    return src.split('\n')[n - 1];
  }
}

const f0Line = (sh: ShState) => sh.rlText;
const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!']);
class BuiltinError { constructor(public code: number) {} }

/** Thrown by `exec` when the process image was replaced. */
export class Replaced { }

function toStatus(s: string): number { const n = Number(s); return Number.isFinite(n) ? ((n % 256) + 256) % 256 : 2; }
function escapeClass(s: string): string { return s.replace(/[\]\\^-]/g, '\\$&'); }
export function shQuote(v: string, fl: Dialect): string {
  if (fl === 'bash') return /^[A-Za-z0-9_@%+=:,./-]*$/.test(v) && v !== '' ? v : `'${v.replace(/'/g, `'\\''`)}'`;
  return `'${v.replace(/'/g, `'"'"'`)}'`;
}
/** POSIX ERE to a JS RegExp source (bracket classes). */
function posixEre(re: string): string {
  return re.replace(/\[:(\w+):\]/g, (_, n: string) => ({ alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', xdigit: '0-9a-fA-F' } as Record<string, string>)[n] ?? '');
}
export { patternToRegex, FsError };
