// kubectl's jsonpath dialect (k8s.io/client-go/util/jsonpath), re-implemented: the same parser rules
// (relaxed field terminators, unions, slices, filters, range/end), the same evaluation over an
// unstructured object (maps, []interface{}, int64, float64, string, bool, nil) and the same printing
// (maps and slices as compact Go JSON, scalars as fmt.Print does, results of one action joined by a space).
import { goQuote } from '../../util/goquote';
export { goQuote };
import { CliError } from '../../api/errors';
import { compactJSON, goJSON } from './json';

// ---------------------------------------------------------------------------------------------- nodes
interface Param { known: boolean; value: number; derived: boolean }
type Node =
  | { t: 'list'; nodes: Node[] }
  | { t: 'text'; s: string }
  | { t: 'field'; name: string }
  | { t: 'ident'; name: string }
  | { t: 'array'; params: [Param, Param, Param] }
  | { t: 'filter'; left: ListNode; right: ListNode; op: string }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'wild' }
  | { t: 'rec' }
  | { t: 'union'; lists: ListNode[] };
type ListNode = { t: 'list'; nodes: Node[] };

class ParseError extends Error {}

/** Code points, so that positions behave like Go's rune-wise scanning. */
class Parser {
  root: ListNode = { t: 'list', nodes: [] };
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): ListNode {
    this.input = text; this.root = { t: 'list', nodes: [] }; this.pos = 0; this.start = 0;
    this.parseText(this.root);
    return this.root;
  }
  private consume(): string { const v = this.input.slice(this.start, this.pos); this.start = this.pos; return v; }
  private next(): string | undefined {
    if (this.pos >= this.input.length) { this.width = 0; return undefined; }
    const cp = this.input.codePointAt(this.pos)!;
    const ch = String.fromCodePoint(cp);
    this.width = ch.length; this.pos += ch.length;
    return ch;
  }
  private peek(): string | undefined { const r = this.next(); this.backup(); return r; }
  private backup(): void { this.pos -= this.width; }
  private rest(): string { return this.input.slice(this.pos); }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({ t: 'text', s: this.consume() });
        this.pos += 1; this.consume();
        const n: ListNode = { t: 'list', nodes: [] };
        cur.nodes.push(n);
        return this.parseInsideAction(n);
      }
      if (this.next() === undefined) break;
    }
    if (this.pos > this.start) cur.nodes.push({ t: 'text', s: this.consume() });
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) { this.pos += 1; this.consume(); return this.parseText(this.root); }
      if (rest.startsWith('[?(')) { this.parseFilter(cur); continue; }
      if (rest.startsWith('..')) { this.parseRecursive(cur); continue; }
      const r = this.next();
      if (r === undefined || r === '\r' || r === '\n') throw new ParseError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') { this.consume(); continue; }
      if (r === '[') { this.parseArray(cur); continue; }
      if (r === '"' || r === "'") { this.parseQuote(cur, r); continue; }
      if (r === '.') { this.parseField(cur); continue; }
      if (r === '+' || r === '-' || isDigit(r)) { this.backup(); this.parseNumber(cur); continue; }
      if (isAlphaNumeric(r)) { this.backup(); this.parseIdentifier(cur); continue; }
      throw new ParseError(`unrecognized character in action: ${goRuneU(r)}`);
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) { const r = this.next(); if (isTerminator(r)) { this.backup(); break; } }
    const v = this.consume();
    if (v === 'true' || v === 'false') cur.nodes.push({ t: 'bool', v: v === 'true' });
    else cur.nodes.push({ t: 'ident', name: v });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.t === 'rec') throw new ParseError('invalid multiple recursive descent');
    this.pos += 2; this.consume();
    cur.nodes.push({ t: 'rec' });
    const r = this.peek();
    if (r !== undefined && isAlphaNumeric(r)) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) { const c = this.next(); if (c !== '.' && !(c !== undefined && isDigit(c))) { this.backup(); break; } }
    const v = this.consume();
    if (/^[+-]?\d+$/.test(v)) { cur.nodes.push({ t: 'int', v: Number(v) }); return; }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) { cur.nodes.push({ t: 'float', v: Number(v) }); return; }
    throw new ParseError(`cannot parse number ${v}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new ParseError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consume();
    text = text.slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      const lists: ListNode[] = [];
      for (const s of strs) lists.push(parseAction(`[${s.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ t: 'union', lists });
      return;
    }
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      const p = parseAction(`.${dict[1]}`);
      cur.nodes.push(...p.nodes);
      return;
    }
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!m) throw new ParseError(`invalid array index ${text}`);
    const vals = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [Param, Param, Param] = [{ known: false, value: 0, derived: false }, { known: false, value: 0, derived: false }, { known: false, value: 0, derived: false }];
    for (let i = 0; i < 3; i++) {
      let v = vals[i]!;
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i]!.known = false;
        else {
          params[i]!.known = true;
          if (!/^[+-]?\d+$/.test(v)) throw new ParseError(`array index ${v} is not a number`);
          params[i]!.value = Number(v);
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      }
    }
    cur.nodes.push({ t: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3; this.consume();
    let begin = false, end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new ParseError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) { begin = true; pair = r; continue; }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new ParseError('unclosed array expect ]');
    let text = this.consume();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) {
      cur.nodes.push({ t: 'filter', left: parseAction(text), right: { t: 'list', nodes: [] }, op: 'exists' });
    } else {
      cur.nodes.push({ t: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), op: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new ParseError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const v = this.consume();
    const s = unquoteExtend(v);
    if (s === undefined) throw new ParseError(`unquote string ${v} error invalid syntax`);
    cur.nodes.push({ t: 'text', s });
  }

  private parseField(cur: ListNode): void {
    this.consume();
    for (;;) {
      const r = this.next();
      if (r === '\\') { this.next(); continue; }
      if (isTerminator(r)) { this.backup(); break; }
    }
    const v = this.consume();
    if (v === '*') cur.nodes.push({ t: 'wild' });
    else cur.nodes.push({ t: 'field', name: v.replace(/\\/g, '') });
  }
}

function parseAction(text: string): ListNode {
  const p = new Parser();
  const root = p.parse(`{${text}}`);
  return root.nodes[0] as ListNode;
}

const isDigit = (r: string) => /^\p{Nd}$/u.test(r);
const isAlphaNumeric = (r: string) => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
function isTerminator(r: string | undefined): boolean {
  if (r === undefined) return true;
  return r === ' ' || r === '\t' || r === '\r' || r === '\n' || '.,[]$@{}'.includes(r);
}

/** strconv.UnquoteChar-based unquoting that also accepts single quotes around a whole string. */
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const q = s[0]!;
  if (q !== s[s.length - 1] || (q !== '"' && q !== "'")) return undefined;
  s = s.slice(1, -1);
  if (!s.includes('\\') && !s.includes(q)) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === q) return undefined; // an unescaped quote
    if (c !== '\\') { const cp = s.codePointAt(i)!; out += String.fromCodePoint(cp); i += cp > 0xffff ? 2 : 1; continue; }
    const e = s[i + 1];
    if (e === undefined) return undefined;
    i += 2;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e in simple) { out += simple[e]; continue; }
    if (e === q) { out += q; continue; }
    if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i, i + n);
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      i += n;
      const v = parseInt(hex, 16);
      if (e === 'x') out += String.fromCharCode(v); // a byte; approximate as Latin-1
      else { if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined; out += String.fromCodePoint(v); }
      continue;
    }
    if (/[0-7]/.test(e)) {
      const oct = e + s.slice(i, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      i += 2;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      out += String.fromCharCode(v);
      continue;
    }
    return undefined;
  }
  return out;
}

// --------------------------------------------------------------------------------------- evaluation
/** A byte of a string, as Go's reflection yields when indexing a string (uint8). */
class GoByte { constructor(public v: number) {} }
/** Literal numbers in the template are Go `int` / `float64`; text literals are strings. */
class GoInt { constructor(public v: number) {} }
class GoFloat { constructor(public v: number) {} }
/** No value at all (Go's invalid reflect.Value, e.g. the data of an empty range). */
const INVALID = Symbol('invalid');
type V = unknown;

class ExecError extends Error {}

function isMap(v: V): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoByte) && !(v instanceof GoInt) && !(v instanceof GoFloat);
}
function goType(v: V): string {
  if (v instanceof GoByte) return 'uint8';
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoFloat) return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  if (v === null) return 'interface {}';
  return 'map[string]interface {}';
}
const isGoInt = (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 63;
function utf8Bytes(s: string): number[] { return [...Buffer.from(s, 'utf8')]; }

/** Children of a container, in the order kubectl visits them (map keys sorted, as Go's order is random). */
function children(v: V): V[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return utf8Bytes(v).map(b => new GoByte(b));
  if (isMap(v)) return Object.keys(v).sort().map(k => v[k]);
  return undefined;
}

interface Opts { allowMissingKeys: boolean }

class Engine {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEnd = -1;
  constructor(private root: Node[], private o: Opts) {}

  findResults(data: V, start = 0): V[][] {
    const full: V[][] = [];
    const cur: V[] = [data];
    for (let i = start; i < this.root.length; i++) {
      const node = this.root[i]!;
      const results = this.walk(cur, node);
      if (this.endRange > 0 && this.endRange <= this.inRange) { this.endRange--; this.lastEnd = i; break; }
      if (this.beginRange > 0) {
        this.beginRange--; this.inRange++;
        if (results.length) for (const v of results) full.push(...this.findResults(v, i + 1));
        else this.findResults(INVALID, i + 1);
        this.inRange--;
        for (let k = i + 1; k < this.root.length; k++) if (k === this.lastEnd) { i = k; break; }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: V[], node: Node): V[] {
    switch (node.t) {
      case 'list': { let cur = input; for (const n of node.nodes) cur = this.walk(cur, n); return cur; }
      case 'text': return [node.s];
      case 'field': return this.field(input, node.name);
      case 'array': return this.array(input, node.params);
      case 'filter': return this.filter(input, node);
      case 'int': return input.map(() => new GoInt(node.v));
      case 'float': return input.map(() => new GoFloat(node.v));
      case 'bool': return input.map(() => node.v);
      case 'wild': { const out: V[] = []; for (const v of input) { if (v === null || v === INVALID) continue; out.push(...(children(v) ?? [])); } return out; }
      case 'rec': return this.recursive(input);
      case 'union': { const out: V[] = []; for (const l of node.lists) out.push(...this.walk(input, l)); return out; }
      case 'ident':
        if (node.name === 'range') { this.beginRange++; return input; }
        if (node.name === 'end') { if (this.inRange > 0) { this.endRange++; return []; } throw new ExecError('not in range, nothing to end'); }
        throw new ExecError(`unrecognized identifier ${node.name}`);
    }
  }

  private field(input: V[], name: string): V[] {
    const out: V[] = [];
    if (!input.length) return out;
    for (const v of input) {
      if (v === null || v === INVALID) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name) && v[name] !== undefined) out.push(v[name]);
    }
    if (!out.length && !this.o.allowMissingKeys) throw new ExecError(`${name} is not found`);
    return out;
  }

  private array(input: V[], params: [Param, Param, Param]): V[] {
    const out: V[] = [];
    for (const v of input) {
      if (v === null || v === INVALID) continue;
      const isStr = typeof v === 'string';
      if (!Array.isArray(v)) throw new ExecError(`${goType(v)} is not array or slice`);
      void isStr;
      const len = v.length;
      const p = params.map(x => ({ ...x }));
      if (!p[0]!.known) p[0]!.value = 0;
      if (p[0]!.value < 0) p[0]!.value += len;
      if (!p[1]!.known) p[1]!.value = len;
      if (p[1]!.value < 0 || (p[1]!.value === 0 && p[1]!.derived)) p[1]!.value += len;
      if (p[1]!.value !== p[0]!.value) {
        if (p[0]!.value >= len || p[0]!.value < 0) throw new ExecError(`array index out of bounds: index ${p[0]!.value}, length ${len}`);
        if (p[1]!.value > len || p[1]!.value < 0) throw new ExecError(`array index out of bounds: index ${p[1]!.value - 1}, length ${len}`);
        if (p[0]!.value > p[1]!.value) throw new ExecError(`starting index ${p[0]!.value} is greater than ending index ${p[1]!.value}`);
      } else {
        return out;
      }
      const sl = v.slice(p[0]!.value, p[1]!.value);
      let step = 1;
      if (p[2]!.known) { if (p[2]!.value <= 0) throw new ExecError('step must be > 0'); step = p[2]!.value; }
      for (let i = 0; i < sl.length; i += step) out.push(sl[i]);
    }
    return out;
  }

  private recursive(input: V[]): V[] {
    const out: V[] = [];
    for (const v of input) {
      if (v === null || v === INVALID) continue;
      const ch = children(v);
      if (ch && ch.length) { out.push(v); out.push(...this.recursive(ch)); }
    }
    return out;
  }

  private filter(input: V[], node: Extract<Node, { t: 'filter' }>): V[] {
    const out: V[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new ExecError(`${goV(v === INVALID ? null : v)} is not array or slice and cannot be filtered`);
      for (const el of v) {
        let lefts: V[];
        let lerr: unknown;
        try { lefts = this.walk([el], node.left); } catch (e) { lefts = []; lerr = e; }
        if (node.op === 'exists') { if (lefts.length) out.push(el); continue; }
        if (lerr) throw lerr;
        if (!lefts.length) continue;
        if (lefts.length > 1) throw new ExecError('can only compare one element at a time');
        const rights = this.walk([el], node.right);
        if (!rights.length) continue;
        if (rights.length > 1) throw new ExecError('can only compare one element at a time');
        if (compareOp(node.op, lefts[0], rights[0])) out.push(el);
      }
    }
    return out;
  }
}

type Kind = 'bool' | 'int' | 'float' | 'string';
function basicKind(v: V): { k: Kind; x: number | string | boolean } {
  if (typeof v === 'boolean') return { k: 'bool', x: v };
  if (typeof v === 'string') return { k: 'string', x: v };
  if (v instanceof GoInt) return { k: 'int', x: v.v };
  if (v instanceof GoFloat) return { k: 'float', x: v.v };
  if (v instanceof GoByte) return { k: 'int', x: v.v };
  if (typeof v === 'number') return isGoInt(v) ? { k: 'int', x: v } : { k: 'float', x: v };
  throw new ExecError('invalid type for comparison');
}
function compareOp(op: string, a: V, b: V): boolean {
  const ka = basicKind(a), kb = basicKind(b);
  const eq = () => { if (ka.k !== kb.k) throw new ExecError('incompatible types for comparison'); return ka.x === kb.x; };
  const lt = () => {
    if (ka.k === 'bool') throw new ExecError('invalid type for comparison');
    if (ka.k !== kb.k) throw new ExecError('incompatible types for comparison');
    if (ka.k === 'string') return Buffer.compare(Buffer.from(ka.x as string), Buffer.from(kb.x as string)) < 0;
    return (ka.x as number) < (kb.x as number);
  };
  switch (op) {
    case '==': return eq();
    case '!=': return !eq();
    case '<': return lt();
    case '<=': { const l = lt(); return l || eq(); }
    case '>': { const l = lt(); return !l && !eq(); }
    case '>=': return !lt();
    default: throw new ExecError(`unrecognized filter operator ${op}`);
  }
}

// ------------------------------------------------------------------------------ Go value formatting
/** strconv.FormatFloat(f, 'g', -1, 64), which is also fmt's %v for a float64: %e from an exponent of 6 on. */
export function formatFloatG(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mant, expS] = n.toExponential().split('e') as [string, string];
  const exp = Number(expS);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  return String(n);
}
/** fmt.Sprint of one unstructured value (%v). */
export function goV(v: V): string {
  if (v === null || v === undefined || v === INVALID) return '<nil>';
  if (v instanceof GoByte || v instanceof GoInt) return String(v.v);
  if (v instanceof GoFloat) return formatFloatG(v.v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return isGoInt(v) ? String(v) : formatFloatG(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o).filter(k => o[k] !== undefined).sort().map(k => `${k}:${goV(o[k])}`).join(' ')}]`;
}
/** fmt's %#v of an unstructured value. */
export function goSharpV(v: V): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return isGoInt(v) ? String(v) : formatFloatG(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const o = v as Record<string, unknown>;
  return `map[string]interface {}{${Object.keys(o).filter(k => o[k] !== undefined).sort().map(k => `${goQuote(k)}:${goSharpV(o[k])}`).join(', ')}}`;
}
function goRuneU(r: string): string {
  const c = r.codePointAt(0)!;
  const hex = c.toString(16).toUpperCase().padStart(4, '0');
  const printable = c >= 0x20 && c !== 0x7f && (c < 0x80 || /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(r));
  return printable ? `U+${hex} '${r}'` : `U+${hex}`;
}

/** What PrintResults writes for one value (not in JSON mode). */
function textOf(v: V): string {
  if (Array.isArray(v) || isMap(v)) return compactJSON(v);
  if (v === null) return 'null';
  return goV(v);
}
/** Plain JS data for JSON output (template literals become numbers). */
function plain(v: V): unknown {
  if (v instanceof GoByte || v instanceof GoInt || v instanceof GoFloat) return v.v;
  if (v === INVALID) return null;
  return v;
}

// --------------------------------------------------------------------------------------------- API
function parseTemplate(template: string): ListNode {
  return new Parser().parse(template);
}

/** Results per top-level action ({…} or text), as FindResults returns them. Throws CliError on a bad template. */
export function evalJSONPath(template: string, obj: unknown, opts: Partial<Opts> = {}): unknown[][] {
  let root: ListNode;
  try { root = parseTemplate(template); } catch (e) {
    if (e instanceof ParseError) throw new CliError(`error parsing jsonpath ${template}, ${e.message}\n`);
    throw e;
  }
  try {
    return new Engine(root.nodes, { allowMissingKeys: opts.allowMissingKeys ?? true }).findResults(obj).map(r => r.map(plain));
  } catch (e) {
    if (e instanceof ExecError) throw new CliError(e.message);
    throw e;
  }
}

/** Parse only: the error text (without kubectl's prefix) or undefined. */
export function jsonPathParseError(template: string): string | undefined {
  try { parseTemplate(template); return undefined; } catch (e) { if (e instanceof ParseError) return e.message; throw e; }
}

/** `-o jsonpath=` / `-o jsonpath-as-json=`: exactly what kubectl writes. */
export function printJSONPath(template: string, obj: unknown, asJson: boolean, allowMissingKeys = true): string {
  let root: ListNode;
  try { root = parseTemplate(template); } catch (e) {
    if (e instanceof ParseError) throw new CliError(`error parsing jsonpath ${template}, ${e.message}\n`);
    throw e;
  }
  let results: V[][];
  try {
    results = new Engine(root.nodes, { allowMissingKeys }).findResults(obj);
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    const buf = `Error executing template: ${e.message}. Printing more information for debugging the template:\n`
      + `\ttemplate was:\n\t\t${template}\n`
      + `\tobject given to jsonpath engine was:\n\t\t${goSharpV(obj)}\n\n`;
    throw new CliError(`error executing jsonpath ${goQuote(template)}: ${buf}\n`);
  }
  let out = '';
  for (const rs of results) {
    if (asJson) { out += goJSON(rs.map(plain), '    ') + '\n'; continue; }
    out += rs.map(textOf).join(' ');
  }
  return out;
}

/** `-o jsonpath-file=FILE`: the template text, or kubectl's error for an unreadable file. */
export function readJSONPathFile(file: string): string {
  const fs = require('node:fs') as typeof import('node:fs');
  try { return fs.readFileSync(file, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `open ${file}: no such file or directory` : code === 'EISDIR' ? `read ${file}: is a directory`
      : code === 'EACCES' ? `open ${file}: permission denied` : `open ${file}: ${(e as Error).message}`;
    throw new CliError(`error reading --template ${file}, ${why}\n`);
  }
}
