// Shell arithmetic: $((…)), (( )), let and for ((;;)). C's integer operators with the shell's rules
// (variables read by name, their values evaluated in turn; assignments write back; 64-bit wrap-around).
// Parsed once per expression text and cached.

/**
 * An arithmetic error: `message` is bash's wording; `kind` lets each shell word it its own way
 * (dash: "expecting primary"/"expecting EOF"/"division by zero"/"Illegal number: x"; ash: "arithmetic
 * syntax error"/"divide by zero").
 */
export class ArithError extends Error {
  constructor(msg: string, public token: string, public kind: 'primary' | 'eof' | 'div0' | 'illegal' | 'other' = 'other') { super(msg); }
}

type Node =
  | { k: 'num'; v: bigint }
  | { k: 'var'; n: string }
  | { k: 'un'; op: string; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'tern'; c: Node; a: Node; b: Node }
  | { k: 'assign'; op: string; n: string; v: Node }
  | { k: 'inc'; op: string; n: string; post: boolean }
  | { k: 'comma'; a: Node; b: Node };

export interface ArithEnv {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** dash: no `**`, `++`, `--` or `,`, and a variable must hold a plain number. */
  dash?: boolean;
}

const cache = new Map<string, Node | null>();

export function evalArith(expr: string, env: ArithEnv): bigint {
  const key = env.dash ? '\u0000' + expr : expr;
  let node = cache.get(key);
  if (node === undefined) {
    node = expr.trim() === '' ? null : new P(expr, !!env.dash).parse();
    if (cache.size > 500) cache.clear();
    cache.set(key, node);
  }
  if (node === null) return 0n;
  return ev(node, env, 0);
}

const wrap = (v: bigint) => BigInt.asIntN(64, v);

function ev(n: Node, env: ArithEnv, depth: number): bigint {
  switch (n.k) {
    case 'num': return n.v;
    case 'var': return varValue(n.n, env, depth);
    case 'un': {
      const a = ev(n.a, env, depth);
      switch (n.op) {
        case '-': return wrap(-a);
        case '+': return a;
        case '!': return a === 0n ? 1n : 0n;
        case '~': return wrap(~a);
      }
      break;
    }
    case 'bin': {
      if (n.op === '&&') return ev(n.a, env, depth) !== 0n && ev(n.b, env, depth) !== 0n ? 1n : 0n;
      if (n.op === '||') return ev(n.a, env, depth) !== 0n || ev(n.b, env, depth) !== 0n ? 1n : 0n;
      return binop(n.op, ev(n.a, env, depth), ev(n.b, env, depth));
    }
    case 'tern': return ev(n.c, env, depth) !== 0n ? ev(n.a, env, depth) : ev(n.b, env, depth);
    case 'comma': ev(n.a, env, depth); return ev(n.b, env, depth);
    case 'assign': {
      let v = ev(n.v, env, depth);
      if (n.op !== '=') v = binop(n.op.slice(0, -1), varValue(n.n, env, depth), v);
      env.set(n.n, String(v));
      return v;
    }
    case 'inc': {
      const old = varValue(n.n, env, depth);
      const nv = wrap(n.op === '++' ? old + 1n : old - 1n);
      env.set(n.n, String(nv));
      return n.post ? old : nv;
    }
  }
  return 0n;
}

function binop(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '*': return wrap(a * b);
    case '/': if (b === 0n) throw new ArithError('division by 0', String(b), 'div0'); if (a === -(2n ** 63n) && b === -1n) return a; return wrap(a / b);
    case '%': if (b === 0n) throw new ArithError('division by 0', String(b), 'div0'); if (b === -1n) return 0n; return wrap(a % b);
    case '**': if (b < 0n) throw new ArithError('exponent less than 0', String(b)); return wrap(a ** b);
    case '<<': return wrap(a << (b & 63n));
    case '>>': return wrap(a >> (b & 63n));
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<': return a < b ? 1n : 0n;
    case '<=': return a <= b ? 1n : 0n;
    case '>': return a > b ? 1n : 0n;
    case '>=': return a >= b ? 1n : 0n;
    case '==': return a === b ? 1n : 0n;
    case '!=': return a !== b ? 1n : 0n;
  }
  throw new ArithError('syntax error', op);
}

function varValue(name: string, env: ArithEnv, depth: number): bigint {
  const raw = env.get(name);
  if (raw === undefined || raw.trim() === '') return 0n;
  const t = raw.trim();
  const lit = parseNumber(t);
  if (lit !== undefined) return lit;
  if (env.dash) {
    if (/^[+-]?\d+$/.test(raw)) return wrap(BigInt(raw));
    throw new ArithError(`Illegal number: ${raw}`, raw, 'illegal');
  }
  if (depth > 10) throw new ArithError('expression recursion level exceeded', t);
  return ev(new P(t, false).parse(), env, depth + 1);
}

export function parseNumber(t: string): bigint | undefined {
  if (/^-?[0-9]+$/.test(t)) {
    if (/^-?0[0-7]+$/.test(t)) return wrap(BigInt((t.startsWith('-') ? '-' : '') + '0o' + t.replace(/^-?0/, '')));
    if (/^-?0[0-9]+$/.test(t)) return undefined;
    return wrap(BigInt(t));
  }
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return wrap(BigInt(t));
  const m = /^([0-9]+)#([0-9a-zA-Z@_]+)$/.exec(t);
  if (m) {
    const base = Number(m[1]);
    let v = 0n;
    for (const c of m[2]!) {
      let d: number;
      if (/[0-9]/.test(c)) d = c.charCodeAt(0) - 48;
      else if (/[a-z]/.test(c)) d = c.charCodeAt(0) - 87;
      else if (/[A-Z]/.test(c)) d = base <= 36 ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 29;
      else d = c === '@' ? 62 : 63;
      if (d >= base) return undefined;
      v = v * BigInt(base) + BigInt(d);
    }
    return wrap(v);
  }
  return undefined;
}

const BIN_PREC: [string[], number][] = [
  [['||'], 1], [['&&'], 2], [['|'], 3], [['^'], 4], [['&'], 5], [['==', '!='], 6],
  [['<=', '>=', '<', '>'], 7], [['<<', '>>'], 8], [['+', '-'], 9], [['*', '/', '%'], 10], [['**'], 11],
];
const PREC = new Map<string, number>();
for (const [ops, p] of BIN_PREC) for (const o of ops) PREC.set(o, p);
const TOKENS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=',
  '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '?', ':', '=', '(', ')', ','];

class P {
  toks: string[] = [];
  /** Where each token starts in the text (for bash's "error token is"). */
  at: number[] = [];
  i = 0;
  constructor(public s: string, public dash: boolean) {
    let j = 0;
    while (j < s.length) {
      const c = s[j]!;
      if (/\s/.test(c)) { j++; continue; }
      const m = /^([0-9]+#[0-9a-zA-Z@_]+|0[xX][0-9a-fA-F]+|[0-9]+[0-9a-zA-Z_]*|[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?|\$[A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(j));
      if (m) { this.at.push(j); this.toks.push(m[1]!.replace(/^\$/, '')); j += m[1]!.length; continue; }
      let op = TOKENS.find(o => s.startsWith(o, j));
      if (op && dash && (op === '**' || op === '++' || op === '--')) op = op[0];
      if (!op) { if (dash) throw new ArithError('expecting primary', s.slice(j), 'primary'); throw new ArithError('syntax error: invalid arithmetic operator', s.slice(j)); }
      this.at.push(j); this.toks.push(op); j += op.length;
    }
  }
  /** The text from token k on (bash prints it as the error token). */
  from(k: number): string { return k < this.toks.length ? this.s.slice(this.at[k]).trim() : ''; }
  peek(): string | undefined { return this.toks[this.i]; }
  next(): string {
    const t = this.toks[this.i++];
    if (t === undefined) throw new ArithError('syntax error: operand expected', this.toks.length ? this.toks[this.toks.length - 1]! : '', 'primary');
    return t;
  }
  parse(): Node {
    const n = this.comma();
    if (this.i < this.toks.length) throw new ArithError('syntax error in expression', this.from(this.i), 'eof');
    return n;
  }
  comma(): Node {
    let a = this.assign();
    while (this.peek() === ',' && !this.dash) { this.i++; a = { k: 'comma', a, b: this.assign() }; }
    return a;
  }
  assign(): Node {
    const t = this.peek(), op = this.toks[this.i + 1];
    if (t && /^[A-Za-z_]/.test(t) && op && /^([*/%+\-&^|]|<<|>>)?=$/.test(op) && op !== '==') {
      this.i += 2;
      if (this.dash && op !== '=' && !/^([*/%+\-&^|]|<<|>>)=$/.test(op)) throw new ArithError('expecting primary', t, 'primary');
      return { k: 'assign', op, n: t, v: this.assign() };
    }
    return this.ternary();
  }
  ternary(): Node {
    const c = this.binary(1);
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.assign();
    if (this.peek() !== ':') throw new ArithError("syntax error: `:' expected for conditional expression", this.from(this.i), 'eof');
    this.i++;
    const b = this.assign();
    return { k: 'tern', c, a, b };
  }
  binary(min: number): Node {
    let a = this.unary();
    for (;;) {
      const op = this.peek();
      const p = op ? PREC.get(op) : undefined;
      if (p === undefined || p < min) return a;
      this.i++;
      const b = op === '**' ? this.binary(p) : this.binary(p + 1);
      a = { k: 'bin', op: op!, a, b };
    }
  }
  unary(): Node {
    const t = this.peek();
    if (t === '-' || t === '+' || t === '!' || t === '~') { this.i++; return { k: 'un', op: t, a: this.unary() }; }
    if (t === '++' || t === '--') {
      this.i++;
      const n = this.next();
      if (!/^[A-Za-z_]/.test(n)) throw new ArithError('syntax error: operand expected', n, 'primary');
      return { k: 'inc', op: t, n, post: false };
    }
    return this.postfix();
  }
  postfix(): Node {
    const k = this.i;
    const t = this.next();
    if (t === '(') {
      const n = this.comma();
      if (this.peek() !== ')') throw new ArithError('missing `)\'', this.from(this.i), 'eof');
      this.i++;
      return n;
    }
    if (/^[A-Za-z_]/.test(t)) {
      const op = this.peek();
      if (op === '++' || op === '--') { this.i++; return { k: 'inc', op, n: t, post: true }; }
      return { k: 'var', n: t };
    }
    const v = parseNumber(t);
    if (v === undefined) {
      if (/^[0-9]/.test(t)) throw new ArithError(/^0[0-9]*[89]/.test(t) ? 'value too great for base' : 'invalid number', t, 'eof');
      throw new ArithError('syntax error: operand expected', this.from(k), 'primary');
    }
    return { k: 'num', v };
  }
}
