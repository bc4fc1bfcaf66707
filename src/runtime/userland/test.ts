// test and [: the condition evaluator every shell script leans on, with each implementation's own
// parsing quirks and messages: dash's builtin (NetBSD's test.c), busybox's (ash builtin and applet),
// bash's builtin, and GNU coreutils' /usr/bin/test for the debian image.
import type { CmdCtx, CmdResult } from '../types';
import { isBusybox } from './index';

type Flavor = 'dash' | 'bb' | 'bash' | 'gnu';
class TestError { constructor(public msg: string) {} }

const UNOPS = new Set(['-r', '-w', '-x', '-e', '-f', '-d', '-c', '-b', '-p', '-u', '-g', '-k', '-s', '-t', '-z', '-n', '-h', '-L', '-S', '-O', '-G', '-a', '-N']);
const BINOPS_DASH = new Set(['=', '!=', '<', '>', '-eq', '-ne', '-ge', '-gt', '-le', '-lt', '-nt', '-ot', '-ef']);
const BINOPS_BB = new Set([...BINOPS_DASH, '==']);

export function test(c: CmdCtx): CmdResult {
  const fl: Flavor = c.shell === 'dash' ? 'dash' : c.shell === 'bash' ? 'bash' : c.shell === 'ash' || isBusybox(c) ? 'bb' : 'gnu';
  let args = c.argv.slice(1);
  const q = (s: string) => (fl === 'gnu' ? `'${s}'` : s);
  const say = (msg: string) => c.err(`${c.name}: ${msg}`);
  if (c.name === '[') {
    if (args[args.length - 1] !== ']') {
      say(fl === 'bash' ? "missing `]'" : fl === 'gnu' ? "missing ']'" : 'missing ]');
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evaluate(args, fl, c) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    say(e.msg.replace(/\u0001(.*?)\u0002/g, (_, s: string) => q(s)));
    return 2;
  }
}

function evaluate(args: string[], fl: Flavor, c: CmdCtx): boolean {
  if (fl === 'bash' || fl === 'gnu') return posixTest(args, fl, c);
  const binops = fl === 'dash' ? BINOPS_DASH : BINOPS_BB;
  // dash and busybox: POSIX's special cases by argument count, then the general parser
  let negate = false;
  let a = args;
  if (fl === 'bb') {
    for (;;) {
      if (!a.length) return negate;
      if (a.length === 1) return (a[0] !== '') !== negate;
      if (a.length === 3 && binops.has(a[1]!)) return binop(a[0]!, a[1]!, a[2]!, fl, c) !== negate;
      if (a.length === 4 && a[0] === '(' && a[3] === ')') a = a.slice(1, 3);
      if (a[0] === '!') { a = a.slice(1); negate = !negate; continue; }
      break;
    }
  } else {
    for (;;) {
      if (!a.length) return negate;
      if (a.length === 3 && binops.has(a[1]!)) return binop(a[0]!, a[1]!, a[2]!, fl, c) !== negate;
      if ((a.length === 3 || a.length === 4) && a[0] === '(' && a[a.length - 1] === ')') { a = a.slice(1, -1); break; }
      if ((a.length === 3 || a.length === 4) && a[0] === '!') { a = a.slice(1); negate = !negate; continue; }
      break;
    }
  }
  const p = new NetBsdParser(a, fl, binops, c);
  let r = p.oexpr(p.lex(0));
  if (p.w < a.length && p.w + 1 < a.length) {
    if (fl === 'bb') throw new TestError(`${a[p.w + 1]}: unknown operand`);
    throw new TestError(`${a[p.w]}: unexpected operator`);
  }
  if (negate) r = !r;
  return r;
}

type Tok = 'EOI' | 'OPERAND' | 'UNOP' | 'BINOP' | 'NOT' | 'AND' | 'OR' | 'LP' | 'RP';
/** The recursive descent of NetBSD's test(1), which dash and busybox share. */
class NetBsdParser {
  w = 0;
  op: string | undefined;
  constructor(public a: string[], public fl: Flavor, public binops: Set<string>, public c: CmdCtx) {}
  kind(s: string): Tok | undefined {
    if (s === '!') return 'NOT';
    if (s === '-a') return 'AND';
    if (s === '-o') return 'OR';
    if (s === '(') return 'LP';
    if (s === ')') return 'RP';
    if (UNOPS.has(s) && s !== '-a') return 'UNOP';
    if (this.binops.has(s)) return 'BINOP';
    return undefined;
  }
  lex(i: number): Tok {
    const s = this.a[i];
    if (s === undefined) { this.op = undefined; return 'EOI'; }
    const k = this.kind(s);
    if (k && !(k === 'UNOP' && this.isOperand(i)) && !(k === 'LP' && this.a[i + 1] === undefined)) { this.op = s; return k; }
    this.op = undefined;
    return 'OPERAND';
  }
  isOperand(i: number): boolean {
    const next = this.a[i + 1];
    if (next === undefined) return true;
    if (this.a[i + 2] === undefined) return false;
    return this.kind(next) === 'BINOP';
  }
  oexpr(n: Tok): boolean {
    let res = false;
    for (;;) {
      res = this.aexpr(n) || res;
      n = this.lex(this.w + 1);
      if (n !== 'OR') break;
      this.w += 2;
      n = this.lex(this.w);
    }
    return res;
  }
  aexpr(n: Tok): boolean {
    let res = true;
    for (;;) {
      if (!this.nexpr(n)) res = false;
      n = this.lex(this.w + 1);
      if (n !== 'AND') break;
      this.w += 2;
      n = this.lex(this.w);
    }
    return res;
  }
  nexpr(n: Tok): boolean {
    if (n === 'NOT') { this.w++; return !this.nexpr(this.lex(this.w)); }
    return this.primary(n);
  }
  primary(n: Tok): boolean {
    if (n === 'EOI') {
      if (this.fl === 'bb') throw new TestError('argument expected');
      return false;
    }
    if (n === 'LP') {
      this.w++;
      const nn = this.lex(this.w);
      if (nn === 'RP') return false;
      const res = this.oexpr(nn);
      this.w++;
      if (this.lex(this.w) !== 'RP') throw new TestError(this.fl === 'bb' ? `${this.a[this.w] ?? ''}: closing paren expected`.replace(/^: /, '') : 'closing paren expected');
      return res;
    }
    if (this.op !== undefined && n === 'UNOP') {
      const op = this.op;
      this.w++;
      const arg = this.a[this.w];
      if (arg === undefined) throw new TestError(`${op}: argument expected`);
      return unary(op, arg, this.fl, this.c);
    }
    const save = this.w;
    const t = this.lex(this.w + 1);
    if (t === 'BINOP') {
      const a1 = this.a[save]!, op = this.a[save + 1]!;
      this.w = save + 2;
      const a2 = this.a[this.w];
      if (a2 === undefined) throw new TestError(`${op}: argument expected`);
      return binop(a1, op, a2, this.fl, this.c);
    }
    return this.a[this.w]!.length > 0;
  }
}

/** bash's builtin and GNU test: the POSIX algorithm by argument count, then a full expression parser. */
function posixTest(args: string[], fl: Flavor, c: CmdCtx): boolean {
  const unopExpected = (s: string) => new TestError(fl === 'gnu' ? `\u0001${s}\u0002: unary operator expected` : `${s}: unary operator expected`);
  const binopExpected = (s: string) => new TestError(fl === 'gnu' ? `\u0001${s}\u0002: binary operator expected` : `${s}: binary operator expected`);
  const isBin = (s: string | undefined) => s !== undefined && (BINOPS_BB.has(s) || (fl === 'bash' && s === '=~'));
  const isUn = (s: string | undefined) => s !== undefined && UNOPS.has(s) && s !== '-a';
  const two = (a: string[]): boolean => {
    if (a[0] === '!') return a[1] === '';
    if (/^-.$/.test(a[0]!)) { if (isUn(a[0]) || a[0] === '-a') return unary(a[0]!, a[1]!, fl, c); throw unopExpected(a[0]!); }
    throw unopExpected(a[0]!);
  };
  const three = (a: string[]): boolean => {
    if (isBin(a[1])) return binop(a[0]!, a[1]!, a[2]!, fl, c);
    if (a[1] === '-a') return a[0] !== '' && a[2] !== '';
    if (a[1] === '-o') return a[0] !== '' || a[2] !== '';
    if (a[0] === '!') return !two(a.slice(1));
    if (a[0] === '(' && a[2] === ')') return a[1] !== '';
    throw binopExpected(a[1]!);
  };
  switch (args.length) {
    case 0: return false;
    case 1: return args[0] !== '';
    case 2: return two(args);
    case 3: return three(args);
    case 4:
      if (args[0] === '!') return !three(args.slice(1));
      if (args[0] === '(' && args[3] === ')') return two(args.slice(1, 3));
  }
  // the general grammar: or-expressions of and-expressions of (possibly negated) primaries
  let i = 0;
  const expr = (): boolean => { let r = and(); while (args[i] === '-o') { i++; const x = and(); r = r || x; } return r; };
  const and = (): boolean => { let r = term(); while (args[i] === '-a') { i++; const x = term(); r = r && x; } return r; };
  const term = (): boolean => {
    const a = args[i];
    if (a === undefined) throw new TestError(fl === 'gnu' ? `argument expected` : 'argument expected');
    if (a === '!') { i++; return !term(); }
    if (a === '(') {
      i++;
      const r = expr();
      if (args[i] !== ')') throw new TestError(fl === 'gnu' ? `')' expected` : "`)' expected");
      i++;
      return r;
    }
    if (isBin(args[i + 1])) { const r = binop(a, args[i + 1]!, args[i + 2] ?? '', fl, c); i += 3; return r; }
    if (isUn(a) && args[i + 1] !== undefined) { i += 2; return unary(a, args[i - 1]!, fl, c); }
    i++;
    return a !== '';
  };
  const r = expr();
  if (i < args.length) throw new TestError(fl === 'gnu' ? `extra argument \u0001${args[i]}\u0002` : 'too many arguments');
  return r;
}

function num(s: string, fl: Flavor): bigint {
  const t = fl === 'dash' ? s.replace(/^\s+/, '') : s.trim();
  if (!/^[+-]?\d+$/.test(t)) {
    if (fl === 'dash') throw new TestError(`Illegal number: ${s}`);
    if (fl === 'bb') throw new TestError(`${s}: bad number`);
    if (fl === 'gnu') throw new TestError(`invalid integer \u0001${s}\u0002`);
    throw new TestError(`${s}: integer expression expected`);
  }
  return BigInt(t);
}

function binop(a: string, op: string, b: string, fl: Flavor, c: CmdCtx): boolean {
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '-eq': return num(a, fl) === num(b, fl);
    case '-ne': return num(a, fl) !== num(b, fl);
    case '-lt': return num(a, fl) < num(b, fl);
    case '-le': return num(a, fl) <= num(b, fl);
    case '-gt': return num(a, fl) > num(b, fl);
    case '-ge': return num(a, fl) >= num(b, fl);
    case '-nt': { const x = stat(c, a), y = stat(c, b); return !!x && (!y || x.mtime > y.mtime); }
    case '-ot': { const x = stat(c, a), y = stat(c, b); return !!y && (!x || x.mtime < y.mtime); }
    case '-ef': { try { return !!stat(c, a) && !!stat(c, b) && c.fs.resolve(a, c.cwd) === c.fs.resolve(b, c.cwd); } catch { return false; } }
    case '=~': try { return new RegExp(b).test(a); } catch { return false; }
  }
  return false;
}

function stat(c: CmdCtx, p: string, follow = true) { try { return c.fs.stat(p, c.cwd, follow); } catch { return undefined; } }

function unary(op: string, a: string, fl: Flavor, c: CmdCtx): boolean {
  const access = (bit: number) => {
    const s = stat(c, a);
    if (!s) return false;
    if (c.cred.uid === 0) return bit === 1 ? (s.mode & 0o111) !== 0 || s.k === 'd' : true;
    const shift = s.uid === c.cred.uid ? 6 : s.gid === c.cred.gid || c.cred.groups?.includes(s.gid) ? 3 : 0;
    return ((s.mode >> shift) & bit) !== 0;
  };
  switch (op) {
    case '-n': return a !== '';
    case '-z': return a === '';
    case '-e': case '-a': return !!stat(c, a);
    case '-f': return stat(c, a)?.k === 'f';
    case '-d': return stat(c, a)?.k === 'd';
    case '-h': case '-L': return stat(c, a, false)?.k === 'l';
    case '-s': { const s = stat(c, a); return !!s && (s.k === 'd' || Buffer.byteLength(s.data ?? '') > 0); }
    case '-r': return access(4);
    case '-w': return access(2);
    case '-x': return access(1);
    case '-O': return stat(c, a)?.uid === c.cred.uid;
    case '-G': return stat(c, a)?.gid === c.cred.gid;
    case '-t': { num(a, fl); return false; }
    case '-p': case '-S': case '-b': case '-c': case '-g': case '-u': case '-k': case '-N': return false;
  }
  return false;
}
