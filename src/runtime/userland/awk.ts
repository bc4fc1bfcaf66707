// awk: the language as mawk (the debian image's awk) and busybox awk run it — patterns and actions,
// BEGIN/END, fields and NF, -F -v -f, print/printf with > >> | redirections, getline in its forms,
// arrays, user functions, the string and math builtins, system() — with each one's number output and
// error messages. Records stream as they arrive (unless the program reads its main input with a bare
// `getline`, which waits for the whole input). for (k in a) visits keys in insertion order (the real awks
// use their hash tables' order).
import type { CmdCtx, CmdResult } from '../types';
import { register } from './index';
import { getopt, bb, fsMsg } from './lib';
import { compile } from './regex';
import { formatFloat } from './printf';

// ---------------------------------------------------------------------------------------------- values
/** A string from input that looks like a number compares as a number ("strnum"). */
interface SN { s: string; n: number }
type V = number | string | SN | undefined;
const NUMRE = /^[ \t\n]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t\n]*$/;
const strnum = (s: string): V => (NUMRE.test(s) ? { s, n: Number(s.trim()) } : s);
const isSN = (v: V): v is SN => typeof v === 'object' && v !== null && 's' in v;
const isRef = (v: unknown): v is { ref: string; depth: number } => typeof v === 'object' && v !== null && 'ref' in v;

class AwkError { constructor(public msg: string, public code = 2) {} }
class Next {}
class Exit { constructor(public code: number) {} }
class Return { constructor(public v: V) {} }
class Break {}
class Continue {}

// ---------------------------------------------------------------------------------------------- lexer
type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'name'; v: string } | { t: 'func'; v: string } | { t: 'builtin'; v: string } | { t: 'kw'; v: string } | { t: 'op'; v: string } | { t: 'nl' } | { t: 'eof' };
const KEYWORDS = new Set(['BEGIN', 'END', 'function', 'func', 'if', 'else', 'while', 'for', 'do', 'break', 'continue', 'next', 'nextfile', 'exit', 'return', 'delete', 'in', 'getline', 'print', 'printf']);
const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'sin', 'cos', 'atan2', 'exp', 'log', 'sqrt', 'int', 'rand', 'srand', 'tolower', 'toupper', 'system', 'close', 'fflush']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '**=', '**', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '=', '(', ')', '[', ']', '{', '}', ';', ','];

function lex(src: string, err: (msg: string, line: number) => never): { toks: Tok[]; lines: number[] } {
  const toks: Tok[] = [];
  const lines: number[] = [];
  let i = 0, line = 1;
  const push = (t: Tok) => { toks.push(t); lines.push(line); };
  const regexAllowed = () => {
    const p = toks[toks.length - 1];
    if (!p) return true;
    if (p.t === 'num' || p.t === 'str' || p.t === 're' || p.t === 'name' || p.t === 'builtin') return false;
    if (p.t === 'op' && (p.v === ')' || p.v === ']' || p.v === '$' || p.v === '++' || p.v === '--')) return false;
    if (p.t === 'kw' && p.v === 'getline') return false;
    return true;
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') { i++; continue; }
    if (ch === '\\' && src[i + 1] === '\n') { i += 2; line++; continue; }
    if (ch === '\\' && src[i + 1] === '\r' && src[i + 2] === '\n') { i += 3; line++; continue; }
    if (ch === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (ch === '\n') { push({ t: 'nl' }); i++; line++; continue; }
    if (/[0-9.]/.test(ch) && /^(\d+\.?\d*|\.\d+)/.test(src.slice(i))) {
      const m = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(src.slice(i))!;
      push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      const w = m[0];
      i += w.length;
      if (KEYWORDS.has(w)) push({ t: 'kw', v: w === 'func' ? 'function' : w });
      else if (BUILTINS.has(w)) push({ t: 'builtin', v: w });
      else if (src[i] === '(') push({ t: 'func', v: w });
      else push({ t: 'name', v: w });
      continue;
    }
    if (ch === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') err('runaway string constant "' + s.slice(0, 10) + ' ...', line);
        const c = src[i]!;
        if (c === '"') { i++; break; }
        if (c === '\\') {
          const n = src[i + 1] ?? '';
          const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
          if (n in esc) { s += esc[n]; i += 2; continue; }
          if (n === '\n') { i += 2; line++; continue; }
          const m = /^[0-7]{1,3}/.exec(src.slice(i + 1));
          if (m) { s += String.fromCharCode(parseInt(m[0], 8)); i += 1 + m[0].length; continue; }
          s += '\\' + n; i += 2; continue;
        }
        s += c; i++;
      }
      push({ t: 'str', v: s });
      continue;
    }
    if (ch === '/' && regexAllowed()) {
      let s = '';
      i++;
      let inBr = false;
      for (;;) {
        if (i >= src.length || src[i] === '\n') err('runaway regular expression /' + s.slice(0, 10) + ' ...', line);
        const c = src[i]!;
        if (c === '/' && !inBr) { i++; break; }
        if (c === '[' && !inBr) { inBr = true; s += c; i++; if (src[i] === '^') { s += '^'; i++; } if (src[i] === ']') { s += ']'; i++; } continue; }
        if (c === ']' && inBr) inBr = false;
        if (c === '\\' && src[i + 1] === '/') { s += '/'; i += 2; continue; }
        if (c === '\\') { s += c + (src[i + 1] ?? ''); i += 2; continue; }
        s += c; i++;
      }
      push({ t: 're', v: s });
      continue;
    }
    const op = OPS.find(o => src.startsWith(o, i));
    if (!op) err(`syntax error at or near ${ch}`, line);
    push({ t: 'op', v: op === '**' ? '^' : op === '**=' ? '^=' : op });
    i += op.length;
  }
  push({ t: 'eof' });
  return { toks, lines };
}

// ---------------------------------------------------------------------------------------------- parser
type E =
  | { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 're'; v: string }
  | { k: 'var'; n: string } | { k: 'field'; e: E } | { k: 'idx'; n: string; i: E[] }
  | { k: 'assign'; op: string; l: E; r: E } | { k: 'cond'; c: E; a: E; b: E }
  | { k: 'bin'; op: string; a: E; b: E } | { k: 'un'; op: string; a: E } | { k: 'and' | 'or'; a: E; b: E }
  | { k: 'match'; neg: boolean; a: E; b: E } | { k: 'in'; i: E[]; n: string } | { k: 'cat'; a: E; b: E }
  | { k: 'incdec'; op: string; post: boolean; l: E } | { k: 'call'; n: string; args: E[] } | { k: 'builtin'; n: string; args: E[] }
  | { k: 'getline'; v?: E; src?: E; cmd?: E } | { k: 'group'; e: E };
type S =
  | { k: 'expr'; e: E } | { k: 'print'; f: boolean; args: E[]; dest?: { op: string; e: E } } | { k: 'if'; c: E; a: S; b?: S }
  | { k: 'while'; c: E; b: S } | { k: 'do'; b: S; c: E } | { k: 'for'; i?: S; c?: E; s?: S; b: S } | { k: 'forin'; v: string; a: string; b: S }
  | { k: 'block'; b: S[] } | { k: 'next' } | { k: 'nextfile' } | { k: 'exit'; e?: E } | { k: 'return'; e?: E } | { k: 'break' } | { k: 'continue' }
  | { k: 'delete'; n: string; i?: E[] } | { k: 'getline'; e: E };
interface Rule { pat?: E; pat2?: E; begin?: boolean; end?: boolean; body?: S }
interface Prog { rules: Rule[]; funcs: Record<string, { params: string[]; body: S }>; bareGetline: boolean }

class Parser {
  i = 0;
  inPrint = 0;
  noIn = 0;
  bareGetline = false;
  constructor(public toks: Tok[], public lines: number[], public err: (msg: string, line: number) => never) {}
  peek(k = 0): Tok { return this.toks[this.i + k] ?? { t: 'eof' }; }
  next(): Tok { return this.toks[this.i++] ?? { t: 'eof' }; }
  is(t: string, v?: string): boolean { const x = this.peek(); return x.t === t && (v === undefined || (x as { v?: string }).v === v); }
  isOp(v: string): boolean { return this.is('op', v); }
  take(t: string, v?: string): boolean { if (this.is(t, v)) { this.i++; return true; } return false; }
  fail(): never {
    const t = this.peek();
    if (t.t === 'eof' && this.depth > 0 && this.mawk) this.err('missing } near end of file', (this.lines[this.lines.length - 1] ?? 1) + 1);
    const near = t.t === 'eof' ? 'end of file' : t.t === 'nl' ? 'end of line' : t.t === 'str' ? `"${t.v}"` : String((t as { v?: unknown }).v);
    this.err(`syntax error at or near ${near}`, this.lines[this.i] ?? this.lines[this.lines.length - 1] ?? 1);
  }
  expect(v: string): void { if (!this.take('op', v)) this.fail(); }
  nls(): void { while (this.take('nl') || (this.noIn < 0 && false)) { /* skip */ } }
  terms(): void { while (this.take('nl') || this.take('op', ';')) { /* skip */ } }

  program(): Prog {
    const prog: Prog = { rules: [], funcs: {}, bareGetline: false };
    this.terms();
    while (!this.is('eof')) {
      if (this.take('kw', 'function')) {
        const n = this.next();
        if (n.t !== 'func' && n.t !== 'name') this.fail();
        this.expect('(');
        const params: string[] = [];
        while (!this.isOp(')')) { const p = this.next(); if (p.t !== 'name') this.fail(); params.push(p.v); if (!this.take('op', ',')) break; this.nls(); }
        this.expect(')');
        this.nls();
        prog.funcs[(n as { v: string }).v] = { params, body: this.block() };
      } else if (this.take('kw', 'BEGIN')) { this.nls(); prog.rules.push({ begin: true, body: this.block() }); }
      else if (this.take('kw', 'END')) { this.nls(); prog.rules.push({ end: true, body: this.block() }); }
      else {
        const r: Rule = {};
        if (!this.isOp('{')) {
          r.pat = this.expr();
          if (this.take('op', ',')) { this.nls(); r.pat2 = this.expr(); }
        }
        if (this.isOp('{')) r.body = this.block();
        prog.rules.push(r);
      }
      this.terms();
    }
    prog.bareGetline = this.bareGetline;
    return prog;
  }
  depth = 0;
  mawk = false;
  block(): S {
    this.expect('{');
    this.depth++;
    const b: S[] = [];
    this.terms();
    while (!this.isOp('}')) {
      if (this.is('eof')) this.fail();
      b.push(this.stmt());
      this.terms();
    }
    this.expect('}');
    this.depth--;
    return { k: 'block', b };
  }
  simpleEnd(): void {
    if (this.take('op', ';') || this.take('nl')) return;
    if (this.isOp('}') || this.is('eof')) return;
    this.fail();
  }
  stmt(): S {
    const t = this.peek();
    if (t.t === 'op' && t.v === '{') return this.block();
    if (t.t === 'op' && t.v === ';') { this.i++; return { k: 'block', b: [] }; }
    if (t.t === 'kw') {
      switch (t.v) {
        case 'if': {
          this.i++; this.expect('('); const c = this.expr(); this.expect(')'); this.nls();
          const a = this.stmtOrEmpty();
          const save = this.i;
          this.terms();
          if (this.take('kw', 'else')) { this.nls(); return { k: 'if', c, a, b: this.stmtOrEmpty() }; }
          this.i = save;
          return { k: 'if', c, a };
        }
        case 'while': { this.i++; this.expect('('); const c = this.expr(); this.expect(')'); if (this.take('op', ';')) return { k: 'while', c, b: { k: 'block', b: [] } }; this.nls(); return { k: 'while', c, b: this.stmtOrEmpty() }; }
        case 'do': { this.i++; this.nls(); const b = this.stmtOrEmpty(); this.terms(); if (!this.take('kw', 'while')) this.fail(); this.expect('('); const c = this.expr(); this.expect(')'); this.simpleEnd(); return { k: 'do', b, c }; }
        case 'for': {
          this.i++; this.expect('(');
          if (this.peek().t === 'name' && this.peek(1).t === 'kw' && (this.peek(1) as { v: string }).v === 'in' && this.peek(2).t === 'name' && this.peek(3).t === 'op' && (this.peek(3) as { v: string }).v === ')') {
            const v = (this.next() as { v: string }).v; this.i++; const a = (this.next() as { v: string }).v; this.expect(')'); this.nls();
            return { k: 'forin', v, a, b: this.stmtOrEmpty() };
          }
          const init = this.isOp(';') ? undefined : this.simpleStmt();
          this.expect(';'); this.nls();
          const c = this.isOp(';') ? undefined : this.expr();
          this.expect(';'); this.nls();
          const s = this.isOp(')') ? undefined : this.simpleStmt();
          this.expect(')');
          if (this.take('op', ';')) return { k: 'for', i: init, c, s, b: { k: 'block', b: [] } };
          this.nls();
          return { k: 'for', i: init, c, s, b: this.stmtOrEmpty() };
        }
        case 'next': this.i++; this.simpleEnd(); return { k: 'next' };
        case 'nextfile': this.i++; this.simpleEnd(); return { k: 'nextfile' };
        case 'break': this.i++; this.simpleEnd(); return { k: 'break' };
        case 'continue': this.i++; this.simpleEnd(); return { k: 'continue' };
        case 'exit': { this.i++; const e = this.endOfSimple() ? undefined : this.expr(); this.simpleEnd(); return e ? { k: 'exit', e } : { k: 'exit' }; }
        case 'return': { this.i++; const e = this.endOfSimple() ? undefined : this.expr(); this.simpleEnd(); return e ? { k: 'return', e } : { k: 'return' }; }
      }
    }
    const s = this.simpleStmt();
    this.simpleEnd();
    return s;
  }
  stmtOrEmpty(): S { if (this.take('op', ';')) return { k: 'block', b: [] }; return this.stmt(); }
  endOfSimple(): boolean { return this.isOp(';') || this.isOp('}') || this.is('nl') || this.is('eof'); }
  simpleStmt(): S {
    const t = this.peek();
    if (t.t === 'kw' && (t.v === 'print' || t.v === 'printf')) {
      this.i++;
      const f = t.v === 'printf';
      let args: E[] = [];
      this.inPrint++;
      if (this.isOp('(')) {
        // print (a, b) > "f" — or print (a)(b): a grouping followed by more
        const save = this.i;
        this.i++;
        const list = this.isOp(')') ? [] : this.exprList();
        if (this.take('op', ')') && (this.endOfSimple() || this.isOp('>') || this.isOp('>>') || this.isOp('|'))) args = list;
        else { this.i = save; args = this.exprList(); }
      } else if (!this.endOfSimple() && !this.isOp('>') && !this.isOp('>>') && !this.isOp('|')) args = this.exprList();
      this.inPrint--;
      let dest: { op: string; e: E } | undefined;
      if (this.isOp('>') || this.isOp('>>') || this.isOp('|')) { const op = (this.next() as { v: string }).v; dest = { op, e: this.concat() }; }
      if (f && !args.length) this.fail();
      return dest ? { k: 'print', f, args, dest } : { k: 'print', f, args };
    }
    if (t.t === 'kw' && t.v === 'delete') {
      this.i++;
      const n = this.next();
      if (n.t !== 'name') this.fail();
      if (this.take('op', '[')) { const i = this.exprList(); this.expect(']'); return { k: 'delete', n: n.v, i }; }
      return { k: 'delete', n: n.v };
    }
    return { k: 'expr', e: this.expr() };
  }
  exprList(): E[] { const out = [this.expr()]; while (this.take('op', ',')) { this.nls(); out.push(this.expr()); } return out; }

  expr(): E { return this.ternary(); }
  ternary(): E {
    const c = this.or();
    if (this.take('op', '?')) { this.nls(); const a = this.ternary(); this.nls(); this.expect(':'); this.nls(); const b = this.ternary(); return { k: 'cond', c, a, b }; }
    if (this.peek().t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes((this.peek() as { v: string }).v) && isLvalue(c)) {
      const op = (this.next() as { v: string }).v;
      this.nls();
      return { k: 'assign', op, l: c, r: this.ternary() };
    }
    return c;
  }
  or(): E { let a = this.and(); while (this.take('op', '||')) { this.nls(); a = { k: 'or', a, b: this.and() }; } return a; }
  and(): E { let a = this.inE(); while (this.take('op', '&&')) { this.nls(); a = { k: 'and', a, b: this.inE() }; } return a; }
  inE(): E {
    let a = this.matchE();
    while (this.is('kw', 'in') && !this.noIn) { this.i++; const n = this.next(); if (n.t !== 'name') this.fail(); a = { k: 'in', i: [a], n: n.v }; }
    return a;
  }
  matchE(): E {
    let a = this.rel();
    while (this.isOp('~') || this.isOp('!~')) { const neg = (this.next() as { v: string }).v === '!~'; a = { k: 'match', neg, a, b: this.rel() }; }
    return a;
  }
  rel(): E {
    const a = this.concat();
    const t = this.peek();
    if (t.t === 'op' && ['<', '<=', '!=', '==', '>=', '>'].includes(t.v) && !(this.inPrint && (t.v === '>'))) {
      this.i++;
      return { k: 'bin', op: t.v, a, b: this.concat() };
    }
    return a;
  }
  concat(): E {
    let a = this.additive();
    for (;;) {
      const t = this.peek();
      const starts = t.t === 'num' || t.t === 'str' || t.t === 're' || t.t === 'name' || t.t === 'func' || t.t === 'builtin' || (t.t === 'op' && ['$', '!', '(', '-', '+', '++', '--'].includes(t.v)) || (t.t === 'kw' && t.v === 'getline' && false);
      if (!starts) return a;
      if (t.t === 'kw' && t.v === 'in') return a;
      a = { k: 'cat', a, b: this.additive() };
    }
  }
  additive(): E { let a = this.mul(); while (this.isOp('+') || this.isOp('-')) { const op = (this.next() as { v: string }).v; a = { k: 'bin', op, a, b: this.mul() }; } return a; }
  mul(): E { let a = this.unary(); while (this.isOp('*') || this.isOp('/') || this.isOp('%')) { const op = (this.next() as { v: string }).v; a = { k: 'bin', op, a, b: this.unary() }; } return a; }
  unary(): E {
    if (this.isOp('!')) { this.i++; return { k: 'un', op: '!', a: this.unary() }; }
    if (this.isOp('-') || this.isOp('+')) { const op = (this.next() as { v: string }).v; return { k: 'un', op, a: this.unary() }; }
    return this.pow();
  }
  pow(): E {
    const a = this.postfix();
    if (this.take('op', '^')) return { k: 'bin', op: '^', a, b: this.powRight() };
    return a;
  }
  powRight(): E {
    if (this.isOp('-') || this.isOp('+') || this.isOp('!')) { const op = (this.next() as { v: string }).v; return { k: 'un', op, a: this.powRight() }; }
    return this.pow();
  }
  postfix(): E {
    if (this.isOp('++') || this.isOp('--')) { const op = (this.next() as { v: string }).v; const l = this.postfix(); if (!isLvalue(l)) this.fail(); return { k: 'incdec', op, post: false, l }; }
    let e = this.primary();
    if (isLvalue(e) && (this.isOp('++') || this.isOp('--'))) { const op = (this.next() as { v: string }).v; e = { k: 'incdec', op, post: true, l: e }; }
    // cmd | getline [var]
    while (this.isOp('|') && this.peek(1).t === 'kw' && (this.peek(1) as { v: string }).v === 'getline') {
      this.i += 2;
      const v = this.lvalueOpt();
      e = { k: 'getline', cmd: e, ...(v ? { v } : {}) };
    }
    return e;
  }
  lvalueOpt(): E | undefined {
    const t = this.peek();
    if (t.t === 'name' || (t.t === 'op' && t.v === '$')) { const save = this.i; const e = this.primary(); if (isLvalue(e)) return e; this.i = save; }
    return undefined;
  }
  primary(): E {
    const t = this.next();
    switch (t.t) {
      case 'num': return { k: 'num', v: t.v };
      case 'str': return { k: 'str', v: t.v };
      case 're': return { k: 're', v: t.v };
      case 'name':
        if (this.take('op', '[')) { const i = this.exprList(); this.expect(']'); return { k: 'idx', n: t.v, i }; }
        return { k: 'var', n: t.v };
      case 'func': { this.expect('('); const args = this.isOp(')') ? [] : this.exprList(); this.expect(')'); return { k: 'call', n: t.v, args }; }
      case 'builtin': {
        if (t.v === 'length' && !this.isOp('(')) return { k: 'builtin', n: 'length', args: [] };
        this.expect('(');
        this.noIn++;
        const args = this.isOp(')') ? [] : this.exprList();
        this.noIn--;
        this.expect(')');
        return { k: 'builtin', n: t.v, args };
      }
      case 'kw':
        if (t.v === 'getline') {
          const v = this.lvalueOpt();
          if (this.take('op', '<')) return { k: 'getline', ...(v ? { v } : {}), src: this.primaryNoConcat() };
          this.bareGetline = true;
          return v ? { k: 'getline', v } : { k: 'getline' };
        }
        break;
      case 'op':
        if (t.v === '$') { const e = this.primaryForField(); return { k: 'field', e }; }
        if (t.v === '(') {
          const savedIn = this.noIn, savedPrint = this.inPrint;
          this.noIn = 0; this.inPrint = 0;
          const e = this.expr();
          this.noIn = savedIn; this.inPrint = savedPrint;
          if (this.take('op', ',')) {
            const list = [e, ...this.exprList()];
            this.expect(')');
            if (!this.take('kw', 'in')) this.fail();
            const n = this.next();
            if (n.t !== 'name') this.fail();
            return { k: 'in', i: list, n: n.v };
          }
          this.expect(')');
          return { k: 'group', e };
        }
        if (t.v === '-' || t.v === '+' || t.v === '!') { return { k: 'un', op: t.v, a: this.unary() }; }
        break;
    }
    this.i--;
    this.fail();
  }
  primaryForField(): E {
    if (this.isOp('++') || this.isOp('--')) { const op = (this.next() as { v: string }).v; const l = this.primaryForField(); return { k: 'incdec', op, post: false, l }; }
    if (this.isOp('-')) { this.i++; return { k: 'un', op: '-', a: this.primaryForField() }; }
    return this.primary();
  }
  primaryNoConcat(): E { return this.primary(); }
}
function isLvalue(e: E): boolean { return e.k === 'var' || e.k === 'field' || e.k === 'idx'; }

const progCache = new Map<string, Prog>();
function parseProgram(src: string, err: (msg: string, line: number) => never, mawk: boolean): Prog {
  let p = progCache.get(src);
  if (p) return p;
  const { toks, lines } = lex(src, err);
  const parser = new Parser(toks, lines, err);
  parser.mawk = mawk;
  p = parser.program();
  if (progCache.size > 50) progCache.clear();
  progCache.set(src, p);
  return p;
}

// ---------------------------------------------------------------------------------------------- runtime
interface AwkState {
  src: string; vars: Record<string, V>; arrs: Record<string, Record<string, V>>; order?: Record<string, string[]>;
  files: string[]; fi: number; buf: string; eof: boolean; began: boolean; ended: boolean; ranges: Record<number, 1>;
  outFiles: Record<string, 1>; rd: Record<string, number>; pipes: Record<string, string>; rc: number; exitCode?: number; seed: number; prevSeed: number;
  /** mawk: the debian image; busybox otherwise. */
  mawk: boolean; whole?: string;
}

class Run {
  fields: string[] = [];
  nf = 0;
  record = '';
  fieldsValid = true;
  locals: Record<string, V | Record<string, V>>[] = [];
  out = '';
  constructor(public c: CmdCtx, public st: AwkState, public prog: Prog) {}

  // -------------------------------------------------------------- conversions
  num(v: V): number {
    if (v === undefined) return 0;
    if (typeof v === 'number') return v;
    if (isSN(v)) return v.n;
    const hx = /^[ \t\n\r\f\v]*([-+]?)0[xX]([0-9a-fA-F]+)/.exec(v);
    if (hx) return (hx[1] === '-' ? -1 : 1) * parseInt(hx[2]!, 16);
    const m = /^[ \t\n\r\f\v]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(v);
    if (m) return Number(m[0]);
    if (/^[ \t\n]*[-+]?(inf|nan)/i.test(v) && this.st.mawk) return /nan/i.test(v) ? NaN : /-/.test(v) ? -Infinity : Infinity;
    return 0;
  }
  str(v: V, conv = true): string {
    if (v === undefined) return '';
    if (typeof v === 'string') return v;
    if (isSN(v)) return v.s;
    return this.fmtNum(v, conv ? this.sv('CONVFMT') || '%.6g' : this.sv('OFMT') || '%.6g');
  }
  fmtNum(n: number, fmt: string): string {
    if (Number.isNaN(n)) return this.st.mawk ? (Object.is(n, NaN) ? 'nan' : 'nan') : 'nan';
    if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
    if (Number.isInteger(n)) {
      if (this.st.mawk ? Math.abs(n) < 2147483648 : Math.abs(n) < 1e18) return String(n === 0 ? 0 : n);
    }
    return sprintf(this, fmt, [n]);
  }
  sv(n: string): string { return this.str(this.st.vars[n]); }
  truthy(v: V): boolean {
    if (v === undefined) return false;
    if (typeof v === 'number') return v !== 0;
    if (isSN(v)) return v.n !== 0;
    return v !== '';
  }
  compare(a: V, b: V): number {
    const numeric = (x: V) => typeof x === 'number' || isSN(x) || x === undefined;
    if (numeric(a) && numeric(b)) { const x = this.num(a), y = this.num(b); return x < y ? -1 : x > y ? 1 : x === y ? 0 : 1; }
    const x = this.str(a), y = this.str(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  // -------------------------------------------------------------- fields
  setRecord(r: string): void { this.record = r; this.fieldsValid = false; }
  split(): void {
    if (this.fieldsValid) return;
    this.fields = splitFields(this.record, this.sv('FS'), this.st.mawk, this.sv('RS') === '');
    this.nf = this.fields.length;
    this.fieldsValid = true;
  }
  getField(i: number): V {
    if (i < 0) throw new AwkError(this.st.mawk ? `negative field index $${i}` : `Access to negative field`, 2);
    if (i === 0) return strnum(this.record);
    this.split();
    return i <= this.nf ? strnum(this.fields[i - 1]!) : undefined;
  }
  setField(i: number, v: string): void {
    if (i < 0) throw new AwkError(this.st.mawk ? `negative field index $${i}` : `Access to negative field`, 2);
    if (i === 0) { this.setRecord(v); return; }
    this.split();
    while (this.nf < i) { this.fields.push(''); this.nf++; }
    this.fields[i - 1] = v;
    this.rebuild();
  }
  rebuild(): void { this.record = this.fields.slice(0, this.nf).join(this.sv('OFS')); }
  setNF(n: number): void {
    this.split();
    n = Math.max(0, Math.floor(n));
    while (this.fields.length < n) this.fields.push('');
    this.fields.length = n;
    this.nf = n;
    this.rebuild();
  }

  // -------------------------------------------------------------- variables
  frame(): Record<string, V | Record<string, V>> | undefined { return this.locals[this.locals.length - 1]; }
  /** A variable's value without errors (undefined when unset or an array). */
  getVarRaw(n: string): unknown {
    const f = this.frame();
    if (f && n in f) return f[n];
    if (this.st.arrs[n]) return this.st.arrs[n];
    return this.st.vars[n];
  }
  getVar(n: string): V {
    const f = this.frame();
    if (f && n in f) {
      const v = f[n];
      if (isRef(v)) return undefined;
      if (typeof v === 'object' && v !== null && !isSN(v as V)) throw new AwkError(`can't use array ${n} in scalar context`);
      return v as V;
    }
    if (n === 'NF') { this.split(); return this.nf; }
    const v = this.st.vars[n];
    if (v === undefined && this.st.arrs[n]) throw new AwkError(this.st.mawk ? `type error in arg(${n})` : `can't use array ${n} in scalar context`);
    return v;
  }
  setVar(n: string, v: V): void {
    const f = this.frame();
    if (f && n in f) { f[n] = v; return; }
    if (n === 'NF') { this.setNF(this.num(v)); this.st.vars.NF = this.nf; return; }
    this.st.vars[n] = v;
  }
  arr(n: string): Record<string, V> {
    const f = this.frame();
    if (f && n in f) {
      let a = f[n];
      if (isRef(a)) {
        // the caller's unset variable becomes an array
        const saved = this.locals.splice(a.depth);
        const target = this.arr(a.ref);
        this.locals.push(...saved);
        f[n] = target;
        return target;
      }
      if (a === undefined) { a = {}; f[n] = a; }
      return a as Record<string, V>;
    }
    return (this.st.arrs[n] ??= {});
  }
  key(i: E[]): string { return i.map(x => this.str(this.eval(x))).join(this.sv('SUBSEP')); }

  // -------------------------------------------------------------- evaluation
  eval(e: E): V {
    switch (e.k) {
      case 'num': return e.v;
      case 'str': return e.v;
      case 're': return this.truthy(this.matchRe(this.record, e.v)) ? 1 : 0;
      case 'group': return this.eval(e.e);
      case 'var': return this.getVar(e.n);
      case 'field': return this.getField(Math.floor(this.num(this.eval(e.e))));
      case 'idx': { const k = this.key(e.i); const a = this.arr(e.n); if (!(k in a)) { a[k] = undefined; this.track(e.n, a, k); } return a[k]; }
      case 'in': { const k = this.key(e.i); return k in this.arr(e.n) ? 1 : 0; }
      case 'assign': {
        let v: V;
        if (e.op === '=') { v = this.eval(e.r); if (isSN(v)) v = { ...v }; }
        else {
          const r = this.num(this.eval(e.r));
          const l = this.num(this.eval(e.l));
          v = arith(e.op[0]!, l, r, this);
        }
        this.assign(e.l, v);
        return v;
      }
      case 'cond': return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'and': return this.truthy(this.eval(e.a)) && this.truthy(this.eval(e.b)) ? 1 : 0;
      case 'or': return this.truthy(this.eval(e.a)) || this.truthy(this.eval(e.b)) ? 1 : 0;
      case 'un': {
        const a = this.eval(e.a);
        if (e.op === '!') return this.truthy(a) ? 0 : 1;
        if (e.op === '-') return -this.num(a);
        return this.num(a);
      }
      case 'bin': {
        if (['<', '<=', '!=', '==', '>=', '>'].includes(e.op)) {
          const r = this.compare(this.eval(e.a), this.eval(e.b));
          return ({ '<': r < 0, '<=': r <= 0, '!=': r !== 0, '==': r === 0, '>=': r >= 0, '>': r > 0 } as Record<string, boolean>)[e.op] ? 1 : 0;
        }
        return arith(e.op, this.num(this.eval(e.a)), this.num(this.eval(e.b)), this);
      }
      case 'cat': return this.str(this.eval(e.a)) + this.str(this.eval(e.b));
      case 'match': {
        const s = this.str(this.eval(e.a));
        const re = e.b.k === 're' ? e.b.v : this.str(this.eval(e.b));
        const m = this.matchRe(s, re);
        return (m !== 0) !== e.neg ? 1 : 0;
      }
      case 'incdec': {
        const old = this.num(this.eval(e.l));
        const nv = e.op === '++' ? old + 1 : old - 1;
        this.assign(e.l, nv);
        return e.post ? old : nv;
      }
      case 'call': return this.call(e.n, e.args);
      case 'builtin': return this.builtin(e.n, e.args);
      case 'getline': return this.getline(e);
    }
  }
  track(n: string, _a: Record<string, V>, k: string): void { ((this.st.order ??= {})[n] ??= []).push(k); }
  assign(l: E, v: V): void {
    if (l.k === 'var') { this.setVar(l.n, v); return; }
    if (l.k === 'field') { this.setField(Math.floor(this.num(this.eval(l.e))), this.str(v, false)); return; }
    if (l.k === 'idx') { const k = this.key(l.i); const a = this.arr(l.n); if (!(k in a)) this.track(l.n, a, k); a[k] = v; return; }
  }
  matchRe(s: string, re: string): number {
    const r = compile(re, true, '', { awk: true });
    const m = r.exec(s);
    return m ? m.index + 1 : 0;
  }

  call(name: string, args: E[]): V {
    const f = this.prog.funcs[name];
    if (!f) throw new AwkError(this.st.mawk ? `function ${name} never defined` : `Call to undefined function`, 2);
    if (args.length > f.params.length) throw new AwkError(`too many arguments in call to ${name}`);
    const frame: Record<string, V | Record<string, V>> = {};
    f.params.forEach((p, i) => {
      const a = args[i];
      if (a === undefined) { frame[p] = undefined; return; }
      // arrays by reference; an unset variable may become one inside the function
      if (a.k === 'var' && (this.st.arrs[a.n] || (this.frame()?.[a.n] !== undefined && typeof this.frame()![a.n] === 'object' && !isSN(this.frame()![a.n] as V)))) { frame[p] = this.arr(a.n); return; }
      if (a.k === 'var' && this.getVarRaw(a.n) === undefined) { frame[p] = { ref: a.n, depth: this.locals.length } as unknown as V; return; }
      frame[p] = this.eval(a);
    });
    if (this.locals.length > 1000) throw new AwkError('function call nesting too deep');
    this.locals.push(frame);
    try { this.exec(f.body); return undefined; }
    catch (x) { if (x instanceof Return) return x.v; throw x; }
    finally { this.locals.pop(); }
  }

  builtin(n: string, a: E[]): V {
    const s = (i: number) => this.str(this.eval(a[i]!));
    const num = (i: number) => this.num(this.eval(a[i]!));
    switch (n) {
      case 'length': {
        if (!a.length) return [...this.record].length;
        const x = a[0]!;
        if (x.k === 'var' && (this.st.arrs[x.n] || (this.frame()?.[x.n] && typeof this.frame()![x.n] === 'object'))) return Object.keys(this.arr(x.n)).length;
        return this.utf8() ? [...s(0)].length : Buffer.byteLength(s(0));
      }
      case 'substr': {
        const str = s(0);
        const chars = this.utf8() ? [...str] : [...Buffer.from(str)].map(b => String.fromCharCode(b));
        // mawk and busybox truncate both numbers, and a start before 1 keeps the length
        let start = Math.trunc(num(1));
        let len = a.length > 2 ? Math.trunc(num(2)) : Infinity;
        if (start < 1) start = 1;
        len = Math.min(len, chars.length - start + 1);
        if (!(len > 0)) return '';
        const out = chars.slice(start - 1, start - 1 + len).join('');
        return this.utf8() ? out : Buffer.from(out, 'latin1').toString('utf8');
      }
      case 'index': { const i = s(0).indexOf(s(1)); return i + 1; }
      case 'split': {
        const str = s(0);
        const target = a[1]!;
        if (target.k !== 'var') throw new AwkError('split: second argument must be an array');
        const arr = this.arr(target.n);
        for (const k of Object.keys(arr)) delete arr[k];
        if (this.st.order) this.st.order[target.n] = [];
        let parts: string[];
        if (a.length > 2) {
          const sep = a[2]!.k === 're' ? (a[2] as { v: string }).v : s(2);
          parts = a[2]!.k === 're' ? splitRe(str, sep) : splitFields(str, sep, this.st.mawk, false);
        } else parts = splitFields(str, this.sv('FS'), this.st.mawk, false);
        parts.forEach((p, i) => { arr[String(i + 1)] = strnum(p); this.track(target.n, arr, String(i + 1)); });
        return parts.length;
      }
      case 'sub': case 'gsub': {
        const re = a[0]!.k === 're' ? (a[0] as { v: string }).v : s(0);
        const rep = s(1);
        const target = a[2] ?? { k: 'field', e: { k: 'num', v: 0 } } as E;
        const cur = this.str(this.eval(target));
        const r = compile(re, true, 'g', { awk: true });
        let count = 0;
        let last = -1;
        const out = cur.replace(r, (m: string, ...rest: unknown[]) => {
          const at = rest[rest.length - 2] as number;
          if (n === 'sub' && count) return m;
          if (m === '' && at === last) return m;
          count++;
          last = at + m.length;
          return rep.replace(/\\\\|\\&|&/g, x => (x === '&' ? m : x === '\\&' ? '&' : '\\'));
        });
        if (count) this.assign(target, out);
        return count;
      }
      case 'match': {
        const str = s(0);
        const re = a[1]!.k === 're' ? (a[1] as { v: string }).v : s(1);
        const m = compile(re, true, '', { awk: true }).exec(str);
        this.st.vars.RSTART = m ? m.index + 1 : 0;
        this.st.vars.RLENGTH = m ? m[0].length : -1;
        return m ? m.index + 1 : 0;
      }
      case 'sprintf': { if (!a.length) return ''; return sprintf(this, s(0), a.slice(1).map(x => this.eval(x))); }
      case 'sin': return Math.sin(num(0));
      case 'cos': return Math.cos(num(0));
      case 'atan2': return Math.atan2(num(0), num(1));
      case 'exp': return Math.exp(num(0));
      case 'log': return Math.log(num(0));
      case 'sqrt': return Math.sqrt(num(0));
      case 'int': return Math.trunc(num(0));
      case 'rand': { this.st.seed = (this.st.seed * 1103515245 + 12345) % 2147483648; return this.st.seed / 2147483648; }
      case 'srand': { const prev = this.st.prevSeed; const v = a.length ? num(0) : Math.floor(this.c.now() / 1000); this.st.seed = v; this.st.prevSeed = v; return prev; }
      case 'tolower': return s(0).toLowerCase();
      case 'toupper': return s(0).toUpperCase();
      case 'system': {
        this.flush();
        const r = this.c.sys.run?.(['/bin/sh', '-c', s(0)]);
        return r ? r.code : 127;
      }
      case 'close': {
        const name = s(0);
        if (this.st.pipes[name] !== undefined) { const input = this.st.pipes[name]!; delete this.st.pipes[name]; this.flush(); const r = this.c.sys.run?.(['/bin/sh', '-c', name], { stdin: input }); return r ? r.code : -1; }
        const had = name in this.st.outFiles || name in this.st.rd;
        delete this.st.outFiles[name]; delete this.st.rd[name]; delete this.st.rd['|' + name];
        return had ? 0 : -1;
      }
      case 'fflush': this.flush(); return 0;
    }
    return undefined;
  }
  utf8(): boolean { return /utf-?8/i.test(this.c.env.LC_ALL || this.c.env.LC_CTYPE || this.c.env.LANG || ''); }

  getline(e: { k: 'getline'; v?: E; src?: E; cmd?: E }): V {
    let line: string | undefined;
    if (e.src || e.cmd) {
      const key = e.cmd ? '|' + this.str(this.eval(e.cmd)) : this.str(this.eval(e.src!));
      let text: string;
      if (e.cmd) {
        const cache = (this as Run & { cmdOut?: Record<string, string> }).cmdOut ??= {};
        if (!(key in this.st.rd)) {
          this.flush();
          const r = this.c.sys.run?.(['/bin/sh', '-c', key.slice(1)], { capture: true });
          cache[key] = r?.out ?? '';
          (this.st as AwkState & { cmdText?: Record<string, string> }).cmdText = { ...((this.st as AwkState & { cmdText?: Record<string, string> }).cmdText ?? {}), [key]: cache[key]! };
          this.st.rd[key] = 0;
        }
        text = (this.st as AwkState & { cmdText?: Record<string, string> }).cmdText?.[key] ?? '';
      } else {
        if (key === '-' || key === '/dev/stdin') return -1;
        try { text = this.c.fs.readFile(key, this.c.cwd, this.c.cred); } catch { return -1; }
        this.st.rd[key] ??= 0;
      }
      const at = this.st.rd[key]!;
      const rs = this.sv('RS') || '\n';
      if (at >= text.length) return 0;
      const j = text.indexOf(rs, at);
      line = j < 0 ? text.slice(at) : text.slice(at, j);
      this.st.rd[key] = j < 0 ? text.length : j + rs.length;
      if (e.v) this.assign(e.v, strnum(line));
      else { this.setRecord(line); }
      this.st.vars.NR = this.num(this.st.vars.NR) + (e.v ? 0 : 0);
      return 1;
    }
    // the main input's next record
    const rec = this.nextRecord();
    if (rec === undefined) return 0;
    this.st.vars.NR = this.num(this.st.vars.NR) + 1;
    this.st.vars.FNR = this.num(this.st.vars.FNR) + 1;
    if (e.v) this.assign(e.v, strnum(rec));
    else this.setRecord(rec);
    return 1;
  }

  /** The next record of the main input from what has been read (undefined at the end). */
  nextRecord(): string | undefined {
    const st = this.st;
    for (;;) {
      const rs = this.sv('RS');
      const text = st.buf;
      if (rs === '') {
        const t = text.replace(/^\n+/, '');
        const m = /\n\n+/.exec(t);
        if (m) { st.buf = t.slice(m.index + m[0].length); return t.slice(0, m.index); }
        if (st.eof || this.fileDone()) { st.buf = ''; if (t === '' || /^\n*$/.test(t)) { if (!this.advanceFile()) return undefined; continue; } return this.st.mawk ? t.replace(/\n+$/, '') : t.replace(/\n+$/, '\n').replace(/\n$/, st.mawk ? '' : '\n'); }
        return undefined;
      }
      const sep = rs.length === 1 ? rs : rs;
      let j: number, len: number;
      if (rs.length > 1) { const m = compile(rs, true, '', { awk: true }).exec(text); j = m ? m.index : -1; len = m ? m[0].length : 0; }
      else { j = text.indexOf(sep); len = 1; }
      if (j >= 0) { st.buf = text.slice(j + len); return text.slice(0, j); }
      if (this.fileDone()) {
        st.buf = '';
        if (text !== '') return text;
        if (!this.advanceFile()) return undefined;
        continue;
      }
      return undefined;
    }
  }
  fileDone(): boolean { return (this.st as AwkState & { fdone?: boolean }).fdone === true; }
  advanceFile(): boolean { return false; }

  // -------------------------------------------------------------- statements
  exec(s: S): void {
    switch (s.k) {
      case 'block': for (const x of s.b) this.exec(x); return;
      case 'expr': this.eval(s.e); return;
      case 'print': {
        let text: string;
        if (s.f) {
          const vals = s.args.map(x => this.eval(x));
          text = sprintf(this, this.str(vals[0]), vals.slice(1));
        } else {
          const vals = s.args.length ? s.args.map(x => this.eval(x)) : [strnum(this.record)];
          text = vals.map(v => (typeof v === 'number' ? this.str(v, false) : this.str(v))).join(this.sv('OFS')) + this.sv('ORS');
        }
        if (!s.dest) { this.out += text; if (this.out.length > 65536) this.flush(); return; }
        const name = this.str(this.eval(s.dest.e));
        if (s.dest.op === '|') { this.st.pipes[name] = (this.st.pipes[name] ?? '') + text; return; }
        if (name === '/dev/stdout' || name === '-') { this.out += text; return; }
        if (name === '/dev/stderr') { this.flush(); this.c.write(text, 2); return; }
        try {
          const append = s.dest.op === '>>' || name in this.st.outFiles;
          this.c.fs.writeFile(name, text, { cwd: this.c.cwd, append, cred: this.c.cred });
          this.st.outFiles[name] = 1;
        } catch (e) { throw new AwkError(this.st.mawk ? `cannot open "${name}" for output` : `can't open '${name}': ${fsMsg(e)}`); }
        return;
      }
      case 'if': if (this.truthy(this.eval(s.c))) this.exec(s.a); else if (s.b) this.exec(s.b); return;
      case 'while': for (let g = 0; this.truthy(this.eval(s.c)); g++) { try { this.exec(s.b); } catch (x) { if (x instanceof Break) break; if (x instanceof Continue) continue; throw x; } this.guard(g); } return;
      case 'do': for (let g = 0; ; g++) { try { this.exec(s.b); } catch (x) { if (x instanceof Break) break; if (!(x instanceof Continue)) throw x; } if (!this.truthy(this.eval(s.c))) break; this.guard(g); } return;
      case 'for': {
        if (s.i) this.exec(s.i);
        for (let g = 0; !s.c || this.truthy(this.eval(s.c)); g++) {
          try { this.exec(s.b); } catch (x) { if (x instanceof Break) break; if (!(x instanceof Continue)) throw x; }
          if (s.s) this.exec(s.s);
          this.guard(g);
        }
        return;
      }
      case 'forin': {
        const arr = this.arr(s.a);
        const order = this.st.order?.[s.a];
        const keys = order ? [...new Set(order)].filter(k => k in arr) : Object.keys(arr);
        for (const k of Object.keys(arr)) if (!keys.includes(k)) keys.push(k);
        for (const k of keys) {
          if (!(k in arr)) continue;
          this.setVar(s.v, strnum(k));
          try { this.exec(s.b); } catch (x) { if (x instanceof Break) break; if (!(x instanceof Continue)) throw x; }
        }
        return;
      }
      case 'next': throw new Next();
      case 'nextfile': throw new Next();
      case 'exit': throw new Exit(s.e ? Math.trunc(this.num(this.eval(s.e))) & 255 : this.st.exitCode ?? 0);
      case 'return': throw new Return(s.e ? this.eval(s.e) : undefined);
      case 'break': throw new Break();
      case 'continue': throw new Continue();
      case 'delete': {
        const arr = this.arr(s.n);
        if (s.i) delete arr[this.key(s.i)];
        else { for (const k of Object.keys(arr)) delete arr[k]; if (this.st.order) this.st.order[s.n] = []; }
        return;
      }
    }
  }
  guard(g: number): void { if (g > 50_000_000) throw new AwkError('loop runs too long'); }
  flush(): void { if (this.out) { this.c.write(this.out); this.out = ''; } }
}

function arith(op: string, a: number, b: number, r: Run): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': if (b === 0) { if (r.st.mawk) return a / b; throw new AwkError('Division by zero', 2); } return a / b;
    case '%': if (b === 0) { if (r.st.mawk) return NaN; throw new AwkError('Division by zero in %', 2); } return a % b;
    case '^': return Math.pow(a, b);
  }
  return 0;
}

/** Field splitting: a single space means runs of blanks (ends trimmed); one other character splits on
 * it; anything longer is a regular expression. */
function splitFields(s: string, fs: string, mawk: boolean, paragraph: boolean): string[] {
  if (s === '') return [];
  if (fs === ' ') { const t = s.replace(/^[ \t\n]+|[ \t\n]+$/g, ''); return t === '' ? [] : t.split(/[ \t\n]+/); }
  let parts: string[];
  if (fs.length === 1 && fs !== '\\') parts = fs === '\t' || !/[.[\]()*+?^$|{}]/.test(fs) ? s.split(fs) : s.split(fs);
  else parts = splitRe(s, fs);
  if (paragraph) { const out: string[] = []; for (const p of parts) out.push(...p.split('\n')); parts = out; }
  void mawk;
  return parts;
}
function splitRe(s: string, re: string): string[] {
  if (s === '') return [];
  if (re === ' ') return splitFields(s, ' ', false, false);
  const r = compile(re, true, 'g', { awk: true });
  const out: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  r.lastIndex = 0;
  while ((m = r.exec(s))) {
    if (m[0] === '') { r.lastIndex++; continue; }
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

/** awk's printf: C formats; %c of a number is that character; %d truncates. */
function sprintf(r: Run, fmt: string, args: V[]): string {
  let out = '';
  let ai = 0;
  const next = (): V => { if (ai >= args.length) { if (r.st.mawk) throw new AwkError(`not enough arguments passed to ${'sprintf'}("${fmt}")`); return undefined; } return args[ai++]; };
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== '%') { out += ch; continue; }
    if (fmt[i + 1] === '%') { out += '%'; i++; continue; }
    const m = /^%([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?([hlLqjzt]*)([diouxXeEfFgGcs])/.exec(fmt.slice(i));
    if (!m) { out += ch; continue; }
    i += m[0].length - 1;
    const flags = m[1]!;
    let width = m[2] === '*' ? Math.trunc(r.num(next())) : m[2] ? Number(m[2]) : undefined;
    const prec = m[3] === '*' ? Math.trunc(r.num(next())) : m[3] !== undefined ? Number(m[3] || 0) : undefined;
    const conv = m[5]!;
    const v = next();
    let s: string;
    switch (conv) {
      case 's': s = r.str(v); if (prec !== undefined) s = s.slice(0, prec); break;
      case 'c': s = typeof v === 'number' ? String.fromCharCode(Math.trunc(v) & 255 || 0) : r.str(v).charAt(0); if (typeof v === 'number' && Math.trunc(v) === 0) s = '\0'; break;
      case 'd': case 'i': case 'o': case 'x': case 'X': case 'u': {
        const n = Math.trunc(r.num(v));
        const big = BigInt(Number.isFinite(n) ? n : 0);
        const neg = big < 0n;
        let digits = (conv === 'd' || conv === 'i' ? (neg ? -big : big) : BigInt.asUintN(64, big)).toString(conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10);
        if (conv === 'X') digits = digits.toUpperCase();
        if (prec !== undefined) digits = prec === 0 && big === 0n ? '' : digits.padStart(prec, '0');
        let sign = (conv === 'd' || conv === 'i') ? (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') : '';
        if (flags.includes('#') && big !== 0n) { if (conv === 'x') sign = '0x'; if (conv === 'X') sign = '0X'; if (conv === 'o') digits = '0' + digits; }
        if (flags.includes('0') && !flags.includes('-') && width !== undefined && prec === undefined) digits = digits.padStart(width - sign.length, '0');
        s = sign + digits;
        break;
      }
      default: {
        const n = r.num(v);
        s = formatFloat(n, conv, prec ?? 6, flags);
        if (flags.includes('0') && !flags.includes('-') && width !== undefined && Number.isFinite(n)) { const sg = /^[-+ ]/.test(s) ? s[0]! : ''; s = sg + s.slice(sg.length).padStart(width - sg.length, '0'); }
      }
    }
    if (width !== undefined) { if (width < 0) s = s.padEnd(-width); else s = flags.includes('-') ? s.padEnd(width) : s.padStart(width); }
    out += s;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- the command
function awk(c: CmdCtx): CmdResult {
  const mawk = !bb(c);
  const name = mawk ? c.name : 'awk';
  const fail = (msg: string, code = 2): number => { c.err(`${name}: ${msg}`); return code; };
  let st = c.st.a as AwkState | undefined;
  if (!st) {
    const p = getopt(c, { short: '+F:v:f:e:W:' });
    if (typeof p === 'number') return p;
    let src: string | undefined;
    if (p.all.f) {
      src = '';
      for (const f of p.all.f) {
        try { src += c.fs.readFile(f, c.cwd, c.cred) + '\n'; }
        catch (e) { return fail(mawk ? `couldn't open file ${f}` : `can't open '${f}': ${fsMsg(e)}`, mawk ? 2 : 1); }
      }
    }
    const args = [...p.args];
    if (p.all.e) src = (src ?? '') + p.all.e.join('\n');
    if (src === undefined) {
      src = args.shift();
      if (src === undefined) {
        if (!mawk) { const { bbUsage } = require('./lib') as typeof import('./lib'); c.write(bbUsage(c), 2); return 1; }
        c.err(MAWK_USAGE);
        return 0;
      }
    }
    const vars: Record<string, V> = { FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', NR: 0, FNR: 0, SUBSEP: '\x1c', CONVFMT: '%.6g', OFMT: '%.6g', RSTART: 0, RLENGTH: -1, FILENAME: '' };
    if (p.v.F !== undefined) vars.FS = p.v.F === 't' ? '\t' : unescapeStr(p.v.F);
    for (const a of p.all.v ?? []) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a);
      if (!m) return fail(mawk ? `improper assignment: -v ${a}` : `invalid variable assignment: ${a}`, mawk ? 2 : 1);
      vars[m[1]!] = strnum(unescapeStr(m[2]!));
    }
    const arrs: Record<string, Record<string, V>> = { ENVIRON: {}, ARGV: {} };
    for (const [k, v] of Object.entries(c.env)) arrs.ENVIRON![k] = strnum(v);
    arrs.ARGV!['0'] = name === 'mawk' ? 'mawk' : 'awk';
    args.forEach((a, i) => { arrs.ARGV![String(i + 1)] = strnum(a); });
    vars.ARGC = args.length + 1;
    st = c.st.a = { src, vars, arrs, files: args, fi: -1, buf: '', eof: false, began: false, ended: false, ranges: {}, outFiles: {}, rd: {}, pipes: {}, rc: 0, seed: 0, prevSeed: 0, mawk };
  }
  const s = st;
  let prog: Prog;
  try {
    prog = parseProgram(s.src, (msg, line) => { throw new AwkError(mawk ? `line ${line}: ${msg}` : `cmd. line:${line}: ${msg.startsWith('syntax error') || msg.startsWith('missing') ? 'Unexpected token' : msg}`, mawk ? 2 : 1); }, mawk);
  } catch (e) {
    if (e instanceof AwkError) return fail(e.msg, e.code);
    throw e;
  }
  const r = new Run(c, s, prog);
  const runtimeError = (e: AwkError): number => {
    r.flush();
    if (mawk) { c.err(`${c.name}: run time error: ${e.msg}\n\tFILENAME="${r.sv('FILENAME')}" FNR=${r.sv('FNR')} NR=${r.sv('NR')}`); return 2; }
    c.err(`awk: cmd. line:1: ${e.msg}`);
    return 1;
  };
  const finish = (code: number): number => {
    r.flush();
    for (const [cmd, input] of Object.entries(s.pipes)) c.sys.run?.(['/bin/sh', '-c', cmd], { stdin: input });
    s.pipes = {};
    return code;
  };
  const runEnd = (): number => {
    if (s.ended) return finish(s.exitCode ?? 0);
    s.ended = true;
    try { for (const rule of prog.rules) if (rule.end && rule.body) r.exec(rule.body); }
    catch (e) {
      if (e instanceof Exit) return finish(e.code);
      if (e instanceof AwkError) return runtimeError(e);
      if (e instanceof Next) return finish(s.exitCode ?? 0);
      throw e;
    }
    return finish(s.exitCode ?? 0);
  };
  try {
    if (!s.began) {
      s.began = true;
      for (const rule of prog.rules) if (rule.begin && rule.body) r.exec(rule.body);
      if (!prog.rules.some(x => !x.begin)) { r.flush(); return finish(0); }
    }
  } catch (e) {
    if (e instanceof Exit) { s.exitCode = e.code; r.flush(); return runEnd(); }
    if (e instanceof AwkError) return runtimeError(e);
    throw e;
  }
  // the main loop: records as they come
  const state = s as AwkState & { fdone?: boolean };
  r.advanceFile = () => {
    // next input operand (assignments var=value take effect between files)
    for (;;) {
      s.fi++;
      const argc = Math.trunc(r.num(s.vars.ARGC));
      const operands: string[] = [];
      for (let k = 1; k < argc; k++) { const v = s.arrs.ARGV?.[String(k)]; if (v !== undefined && r.str(v) !== '') operands.push(r.str(v)); }
      const list = operands.length ? operands : ['-'];
      if (!operands.length && s.fi > 0) return false;
      if (s.fi >= list.length) return false;
      const f = list[s.fi]!;
      const asg = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(f);
      if (asg && operands.length) { s.vars[asg[1]!] = strnum(unescapeStr(asg[2]!)); if (s.fi === list.length - 1 && !list.some(x => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(x))) { s.fi = list.length; state.fdone = false; s.vars.FILENAME = ''; s.buf = ''; (s as AwkState & { stdinMode?: boolean }).stdinMode = true; return true; } continue; }
      s.vars.FNR = 0;
      s.vars.FILENAME = f === '-' ? (mawk ? '-' : '-') : f;
      if (f === '-' || f === '/dev/stdin') { state.fdone = false; s.buf = ''; (s as AwkState & { stdinMode?: boolean }).stdinMode = true; return true; }
      (s as AwkState & { stdinMode?: boolean }).stdinMode = false;
      try {
        const st2 = c.fs.stat(f, c.cwd);
        if (st2?.k === 'd') { c.err(mawk ? `${c.name}: cannot open ${f} (Is a directory)` : `awk: read error (Is a directory)`); s.rc = 2; continue; }
        s.buf = c.fs.readFile(f, c.cwd, c.cred);
        state.fdone = true;
        return true;
      } catch (e) {
        c.err(mawk ? `${c.name}: cannot open ${f} (No such file or directory)` : `awk: cannot open ${f}: ${fsMsg(e)}`);
        s.rc = 2;
        if (!mawk) { s.rc = 1; }
        return mawk ? false : false;
      }
    }
  };
  if (s.fi < 0) { if (!r.advanceFile()) return runEnd(); }
  for (let guard = 0; guard < 10_000_000; guard++) {
    // pull what stdin has
    if ((s as AwkState & { stdinMode?: boolean }).stdinMode && !state.fdone) {
      for (;;) {
        const d = c.read(0);
        if (d === undefined) break;
        if (d === null) { state.fdone = true; break; }
        s.buf += d;
      }
      if (!state.fdone && (prog.bareGetline || r.sv('RS') === '')) { r.flush(); return { block: { read: 0 } }; }
    }
    const rec = r.nextRecord();
    if (rec === undefined) {
      if (!state.fdone) { r.flush(); return { block: { read: 0 } }; }
      if (r.advanceFile()) continue;
      if (s.rc && mawk) { r.flush(); return s.rc; }
      return runEnd() || s.rc;
    }
    s.vars.NR = r.num(s.vars.NR) + 1;
    s.vars.FNR = r.num(s.vars.FNR) + 1;
    r.setRecord(rec);
    try {
      prog.rules.forEach((rule, k) => {
        if (rule.begin || rule.end) return;
        let on: boolean;
        if (rule.pat2) {
          if (s.ranges[k]) { on = true; if (r.truthy(r.eval(rule.pat2))) delete s.ranges[k]; }
          else if (r.truthy(r.eval(rule.pat!))) { on = true; if (!r.truthy(r.eval(rule.pat2))) s.ranges[k] = 1; }
          else on = false;
        } else on = !rule.pat || r.truthy(r.eval(rule.pat));
        if (!on) return;
        if (rule.body) r.exec(rule.body);
        else { r.out += r.record + r.sv('ORS'); }
      });
    } catch (e) {
      if (e instanceof Next) continue;
      if (e instanceof Exit) { s.exitCode = e.code; r.flush(); return runEnd(); }
      if (e instanceof AwkError) return runtimeError(e);
      throw e;
    }
    if (r.out.length > 4096) r.flush();
  }
  return runEnd();
}

function unescapeStr(s: string): string {
  return s.replace(/\\(n|t|r|\\|"|\/|a|b|f|v|[0-7]{1,3})/g, (_, x: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[x] ?? String.fromCharCode(parseInt(x, 8)));
}

const MAWK_USAGE = `Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.`;

register({ awk, mawk: awk });
