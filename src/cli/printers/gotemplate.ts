// `-o go-template=…` / `-o go-template-file=…` / `--template`: Go's text/template, written for kctl, with the
// functions kubectl adds (exists, base64decode), as k8s.io/cli-runtime/pkg/printers/template.go runs it: the
// object as unstructured data (maps, slices, int64, float64, string, bool, nil), missingkey=default or
// =error (--allow-missing-template-keys=false), and on an execution error the debugging text on stdout.
import { CliError } from '../../api/errors';
import { goV, goQuote, formatFloatG } from './jsonpath';
import { compactJSON } from './json';

// ------------------------------------------------------------------------------------------- values
/** Go's invalid reflect.Value: a missing map key, a nil interface. */
const NOVALUE = Symbol('no value');
/** A Go `int` literal of the template (data integers are int64, which compare with it as integers). */
class Int { constructor(public v: number) {} }
/** A Go `float64` literal of the template. */
class Float { constructor(public v: number) {} }
/** A Go rune literal ('a') is an int32. */
type V = unknown;

const isMap = (v: V): v is Record<string, V> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Int) && !(v instanceof Float);
const isIntNum = (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 63;

type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'complex' | 'map' | 'slice' | 'nil';
function kindOf(v: V): Kind {
  if (v === NOVALUE || v === undefined) return 'invalid';
  if (v === null) return 'nil';
  if (v instanceof Int) return 'int';
  if (v instanceof Float) return 'float';
  if (typeof v === 'number') return isIntNum(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}
function typeName(v: V): string {
  if (v instanceof Int) return 'int';
  if (v instanceof Float) return 'float64';
  switch (kindOf(v)) {
    case 'int': return 'int64';
    case 'float': return 'float64';
    case 'string': return 'string';
    case 'bool': return 'bool';
    case 'slice': return '[]interface {}';
    case 'map': return 'map[string]interface {}';
    default: return 'interface {}';
  }
}
const num = (v: V): number => (v instanceof Int || v instanceof Float ? v.v : (v as number));
/** fmt.Sprint of one value (what an action prints). */
function sprint(v: V): string {
  if (v === NOVALUE || v === undefined) return '<no value>';
  if (v instanceof Int) return String(v.v);
  if (v instanceof Float) return formatFloatG(v.v);
  return goV(v);
}
/** text/template's truth. */
function truth(v: V): boolean {
  switch (kindOf(v)) {
    case 'invalid': case 'nil': return false;
    case 'bool': return v as boolean;
    case 'int': case 'float': return num(v) !== 0;
    case 'string': return (v as string).length > 0;
    case 'slice': return (v as V[]).length > 0;
    case 'map': return Object.keys(v as object).length > 0;
    default: return true;
  }
}

// -------------------------------------------------------------------------------------------- lexer
type TokType = 'text' | 'left' | 'right' | 'space' | 'field' | 'var' | 'ident' | 'dot' | 'string' | 'rawstring' | 'char' | 'number'
  | 'bool' | 'nil' | 'pipe' | 'declare' | 'assign' | 'lparen' | 'rparen' | 'comma' | 'keyword' | 'comment' | 'eof';
interface Tok { t: TokType; v: string; pos: number; line: number }
const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with']);

class ParseError extends Error {}

function lex(src: string, name: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const lineAt = (p: number) => 1 + (src.slice(0, p).match(/\n/g)?.length ?? 0);
  const fail = (msg: string, p: number): never => { throw new ParseError(`template: ${name}:${lineAt(p)}: ${msg}`); };
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) { toks.push({ t: 'text', v: src.slice(i), pos: i, line: lineAt(i) }); break; }
    let text = src.slice(i, open);
    let p = open + 2;
    const trimLeft = src[p] === '-' && /[ \t\r\n]/.test(src[p + 1] ?? '');
    if (trimLeft) { text = text.replace(/[ \t\r\n]+$/, ''); p += 1; }
    if (text) toks.push({ t: 'text', v: text, pos: i, line: lineAt(i) });
    toks.push({ t: 'left', v: '{{', pos: open, line: lineAt(open) });
    // comment
    const afterSpace = p + (src.slice(p).match(/^[ \t\r\n]*/)![0].length);
    if (src.startsWith('/*', trimLeft ? afterSpace : p)) {
      const cs = trimLeft ? afterSpace : p;
      const ce = src.indexOf('*/', cs + 2);
      if (ce < 0) fail('unclosed comment', open);
      let q = ce + 2;
      const ws = src.slice(q).match(/^[ \t\r\n]*/)![0];
      let trimRight = false;
      if (src.startsWith('-}}', q + ws.length) && ws.length) { trimRight = true; q += ws.length + 1; } else if (src.startsWith('}}', q)) { /* ok */ } else fail('comment ends before closing delimiter', open);
      toks.pop();
      i = q + 2;
      if (trimRight) i += src.slice(i).match(/^[ \t\r\n]*/)![0].length;
      continue;
    }
    // inside an action
    let depth = 0;
    for (;;) {
      if (p >= src.length) fail('unclosed action', open);
      const c = src[p]!;
      if (src.startsWith(' -}}', p) || src.startsWith('\t-}}', p) || src.startsWith('\n-}}', p) || src.startsWith('\r-}}', p)) {
        if (depth) fail('unclosed left paren', p);
        toks.push({ t: 'right', v: '}}', pos: p + 2, line: lineAt(p) });
        i = p + 4;
        i += src.slice(i).match(/^[ \t\r\n]*/)![0].length;
        break;
      }
      if (src.startsWith('}}', p)) {
        if (depth) fail('unclosed left paren', p);
        toks.push({ t: 'right', v: '}}', pos: p, line: lineAt(p) });
        i = p + 2;
        break;
      }
      if (/[ \t\r\n]/.test(c)) { const m = src.slice(p).match(/^[ \t\r\n]+/)![0]; toks.push({ t: 'space', v: m, pos: p, line: lineAt(p) }); p += m.length; continue; }
      if (c === '|') { toks.push({ t: 'pipe', v: c, pos: p, line: lineAt(p) }); p++; continue; }
      if (c === ',') { toks.push({ t: 'comma', v: c, pos: p, line: lineAt(p) }); p++; continue; }
      if (c === '(') { depth++; toks.push({ t: 'lparen', v: c, pos: p, line: lineAt(p) }); p++; continue; }
      if (c === ')') { if (!depth) fail(`unexpected right paren`, p); depth--; toks.push({ t: 'rparen', v: c, pos: p, line: lineAt(p) }); p++; continue; }
      if (c === ':') { if (src[p + 1] !== '=') fail('expected :=', p); toks.push({ t: 'declare', v: ':=', pos: p, line: lineAt(p) }); p += 2; continue; }
      if (c === '=') { toks.push({ t: 'assign', v: '=', pos: p, line: lineAt(p) }); p++; continue; }
      if (c === '"') {
        let q = p + 1;
        while (q < src.length && src[q] !== '"') { if (src[q] === '\\') q++; if (src[q] === '\n') fail('unterminated quoted string', p); q++; }
        if (q >= src.length) fail('unterminated quoted string', p);
        toks.push({ t: 'string', v: src.slice(p, q + 1), pos: p, line: lineAt(p) }); p = q + 1; continue;
      }
      if (c === '`') {
        const q = src.indexOf('`', p + 1);
        if (q < 0) fail('unterminated raw quoted string', p);
        toks.push({ t: 'rawstring', v: src.slice(p, q + 1), pos: p, line: lineAt(p) }); p = q + 1; continue;
      }
      if (c === "'") {
        let q = p + 1;
        while (q < src.length && src[q] !== "'") { if (src[q] === '\\') q++; q++; }
        toks.push({ t: 'char', v: src.slice(p, q + 1), pos: p, line: lineAt(p) }); p = q + 1; continue;
      }
      if (c === '$') {
        const m = src.slice(p).match(/^\$[\p{L}_\p{N}]*/u)![0];
        toks.push({ t: 'var', v: m, pos: p, line: lineAt(p) }); p += m.length; continue;
      }
      if (c === '.') {
        if (/[0-9]/.test(src[p + 1] ?? '')) { const m = src.slice(p).match(/^\.[0-9][0-9_]*([eE][+-]?[0-9]+)?/)![0]; toks.push({ t: 'number', v: m, pos: p, line: lineAt(p) }); p += m.length; continue; }
        const m = src.slice(p).match(/^\.[\p{L}_\p{N}]*/u)![0];
        if (m === '.') { toks.push({ t: 'dot', v: '.', pos: p, line: lineAt(p) }); p++; continue; }
        toks.push({ t: 'field', v: m, pos: p, line: lineAt(p) }); p += m.length; continue;
      }
      if (/[0-9+-]/.test(c)) {
        const m = src.slice(p).match(/^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+(?![.eE0-9])|[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9]+)?|\.[0-9]+([eE][+-]?[0-9]+)?)i?/);
        // Go's scanNumber: what it accepted, plus one more character when a letter or digit follows
        const taken = m && m[0] && !/^[+-]$/.test(m[0]) ? m[0] : src.slice(p).match(/^[+-]?\.?/)![0];
        const after = src[p + taken.length] ?? '';
        if (/[\p{L}\p{N}_]/u.test(after)) fail(`bad number syntax: "${taken}${after}"`, p);
        if (!m || !m[0] || /^[+-]$/.test(m[0])) fail(`bad character ${goRune(c)}`, p);
        toks.push({ t: 'number', v: m![0], pos: p, line: lineAt(p) }); p += m![0].length; continue;
      }
      if (/[\p{L}_]/u.test(c)) {
        const m = src.slice(p).match(/^[\p{L}_][\p{L}_\p{N}]*/u)![0];
        const t: TokType = KEYWORDS.has(m) ? (m === 'nil' ? 'nil' : 'keyword') : m === 'true' || m === 'false' ? 'bool' : 'ident';
        toks.push({ t, v: m, pos: p, line: lineAt(p) }); p += m.length; continue;
      }
      fail(`bad character ${goRune(c)}`, p);
    }
  }
  toks.push({ t: 'eof', v: '', pos: src.length, line: lineAt(src.length) });
  return toks;
}
function goRune(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${goQuote(c).replace(/^"|"$/g, "'")}`;
}

// ------------------------------------------------------------------------------------------- parser
type Node =
  | { k: 'text'; text: string; pos: number }
  | { k: 'action'; pipe: Pipe; pos: number; line: number }
  | Control
  | { k: 'template'; name: string; pipe?: Pipe; pos: number; line: number }
  | { k: 'break' | 'continue'; pos: number; line: number };
interface Control { k: 'if' | 'with' | 'range'; pipe: Pipe; list: Node[]; else?: Node[]; pos: number; line: number }
interface Pipe { decl: string[]; isAssign: boolean; cmds: Cmd[]; pos: number }
interface Cmd { args: Arg[]; pos: number }
type Arg =
  | { k: 'field'; names: string[]; pos: number }
  | { k: 'chain'; node: Arg; names: string[]; pos: number }
  | { k: 'var'; name: string; names: string[]; pos: number }
  | { k: 'ident'; name: string; pos: number }
  | { k: 'dot'; pos: number }
  | { k: 'nil'; pos: number }
  | { k: 'bool'; v: boolean; pos: number }
  | { k: 'string'; v: string; text: string; pos: number }
  | { k: 'number'; v: Int | Float; text: string; pos: number }
  | { k: 'pipe'; pipe: Pipe; pos: number };

const FUNCS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'html', 'js', 'urlquery',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'call', 'exists', 'base64decode']);

class Parser {
  private i = 0;
  private vars: string[][] = [['$']];
  defs = new Map<string, Node[]>();
  constructor(private toks: Tok[], private name: string) {}
  private peek(): Tok { return this.toks[this.i]!; }
  private next(): Tok { return this.toks[this.i++]!; }
  private nextNonSpace(): Tok { let t = this.next(); while (t.t === 'space') t = this.next(); return t; }
  private peekNonSpace(): Tok { const save = this.i; const t = this.nextNonSpace(); this.i = save; return t; }
  private fail(msg: string, t?: Tok): never {
    throw new ParseError(`template: ${this.name}:${(t ?? this.peek()).line}: ${msg}`);
  }
  private unexpected(t: Tok, ctx: string): never {
    if (t.t === 'eof') this.fail(`unexpected EOF`, t);
    const what = t.t === 'right' ? '"}}"' : t.t === 'rparen' ? '")"' : t.t === 'space' ? 'space' : goQuote(t.v);
    return this.fail(`unexpected ${what} in ${ctx}`, t);
  }

  parse(): Node[] {
    const list: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof') break;
      if (t.t === 'left' && this.peekAfterLeft().v === 'define') {
        this.next(); this.nextNonSpace();
        const nameTok = this.nextNonSpace();
        if (nameTok.t !== 'string' && nameTok.t !== 'rawstring') this.unexpected(nameTok, 'define clause');
        const name = unquote(nameTok.v);
        const r = this.nextNonSpace();
        if (r.t !== 'right') this.unexpected(r, 'define clause');
        const body = this.itemList(['end']);
        this.defs.set(name, body.list);
        continue;
      }
      const n = this.textOrAction(['']);
      if (n === 'end' || n === 'else') this.fail(`unexpected {{${n}}}`);
      if (n) list.push(n as Node);
    }
    return list;
  }
  private peekAfterLeft(): Tok { const save = this.i; this.next(); const t = this.nextNonSpace(); this.i = save; return t; }

  /** Items until {{end}} (or {{else}} when allowed): the list and what stopped it. */
  private itemList(stops: string[]): { list: Node[]; stop: string; elseTok?: Tok } {
    const list: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof') this.fail('unexpected EOF');
      const n = this.textOrAction(stops);
      if (typeof n === 'string') return { list, stop: n };
      if (n) list.push(n);
    }
  }

  private textOrAction(stops: string[]): Node | string | undefined {
    const t = this.next();
    if (t.t === 'text') return { k: 'text', text: t.v, pos: t.pos };
    if (t.t !== 'left') this.unexpected(t, 'input');
    const k = this.nextNonSpace();
    if (k.t === 'keyword') {
      switch (k.v) {
        case 'end': this.expectRight('end'); if (!stops.includes('end')) this.fail('unexpected {{end}}', k); return 'end';
        case 'else': {
          if (!stops.includes('else')) this.fail('unexpected {{else}}', k);
          const p = this.peekNonSpace();
          if (p.t === 'keyword' && (p.v === 'if' || p.v === 'with')) return `else ${p.v}`;
          this.expectRight('else');
          return 'else';
        }
        case 'if': case 'with': case 'range': return this.control(k.v as 'if' | 'with' | 'range', k);
        case 'template': case 'block': {
          const nameTok = this.nextNonSpace();
          if (nameTok.t !== 'string' && nameTok.t !== 'rawstring') this.unexpected(nameTok, `${k.v} clause`);
          const name = unquote(nameTok.v);
          let pipe: Pipe | undefined;
          if (this.peekNonSpace().t !== 'right') pipe = this.pipeline(`${k.v} clause`);
          else this.nextNonSpace();
          if (k.v === 'block') {
            const body = this.itemList(['end']);
            this.defs.set(name, body.list);
          }
          return { k: 'template', name, pipe, pos: nameTok.pos, line: nameTok.line };
        }
        case 'break': case 'continue':
          if (!this.inRange) this.fail(`{{${k.v}}} outside {{range}}`, k);
          this.expectRight(k.v);
          return { k: k.v, pos: k.pos, line: k.line };
        case 'define': this.fail('unexpected define', k); break;
        case 'nil': break;
      }
    }
    this.i--; // back to the first token of the pipeline
    while (this.toks[this.i - 1]!.t === 'space') this.i--;
    const pipe = this.pipeline('command');
    return { k: 'action', pipe, pos: pipe.pos, line: k.line };
  }
  private inRange = 0;
  private expectRight(ctx: string): void {
    const t = this.nextNonSpace();
    if (t.t !== 'right') this.unexpected(t, `{{${ctx}}}`);
  }

  private control(kind: 'if' | 'with' | 'range', k: Tok): Node {
    this.vars.push([]);
    const pipe = this.pipeline(kind);
    if (kind === 'range') this.inRange++;
    const body = this.itemList(['end', 'else']);
    if (kind === 'range') this.inRange--;
    let elseList: Node[] | undefined;
    if (body.stop === 'else') {
      elseList = this.itemList(['end']).list;
    } else if (body.stop.startsWith('else ')) {
      // {{else if …}} / {{else with …}}: a nested control that shares our {{end}}
      const kw = this.nextNonSpace();
      const nested = this.control(kw.v as 'if' | 'with', kw);
      elseList = [nested];
      this.vars.pop();
      return { k: kind, pipe, list: body.list, else: elseList, pos: k.pos, line: k.line };
    }
    this.vars.pop();
    return { k: kind, pipe, list: body.list, else: elseList, pos: k.pos, line: k.line };
  }

  private pipeline(ctx: string): Pipe {
    const start = this.peekNonSpace();
    const pipe: Pipe = { decl: [], isAssign: false, cmds: [], pos: start.pos };
    // declarations: $x := / $x, $y := / $x =
    const save = this.i;
    const v = this.nextNonSpace();
    if (v.t === 'var') {
      const n = this.nextNonSpace();
      if (n.t === 'declare' || n.t === 'assign') {
        pipe.decl.push(v.v); pipe.isAssign = n.t === 'assign';
        if (n.t === 'declare') this.vars[this.vars.length - 1]!.push(v.v);
        else if (!this.hasVar(v.v)) this.fail(`undefined variable "${v.v}"`, v);
      } else if (n.t === 'comma' && (ctx === 'range')) {
        const v2 = this.nextNonSpace();
        const d = this.nextNonSpace();
        if (v2.t !== 'var' || (d.t !== 'declare' && d.t !== 'assign')) this.fail(`range can only initialize variables`, v2);
        pipe.decl.push(v.v, v2.v); pipe.isAssign = d.t === 'assign';
        this.vars[this.vars.length - 1]!.push(v.v, v2.v);
      } else this.i = save;
    } else this.i = save;
    for (;;) {
      const t = this.peekNonSpace();
      if (t.t === 'right' || t.t === 'rparen') {
        if (t.t === 'right' || ctx === 'parenthesized pipeline') {
          if (t.t === 'rparen' && ctx !== 'parenthesized pipeline') this.unexpected(t, ctx);
          if (t.t === 'right' && ctx === 'parenthesized pipeline') this.unexpected(t, 'parenthesized pipeline');
          this.nextNonSpace();
          if (!pipe.cmds.length) this.fail(`missing value for ${ctx}`, t);
          return pipe;
        }
        this.unexpected(t, ctx);
      }
      if (t.t === 'eof') this.fail('unclosed action', t);
      pipe.cmds.push(this.command());
    }
  }
  private hasVar(n: string): boolean { return this.vars.some(s => s.includes(n)); }

  private command(): Cmd {
    const first = this.peekNonSpace();
    const cmd: Cmd = { args: [], pos: first.pos };
    for (;;) {
      this.skipSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.peek();
      if (t.t === 'space') { this.next(); const n = this.peek(); if (n.t === 'right' || n.t === 'rparen' || n.t === 'pipe') { if (n.t === 'pipe') this.next(); break; } continue; }
      if (t.t === 'right' || t.t === 'rparen') break;
      if (t.t === 'pipe') { this.next(); break; }
      if (!op) this.unexpected(t, 'operand');
      this.unexpected(t, 'operand');
    }
    if (!cmd.args.length) this.fail('empty command', first);
    return cmd;
  }
  private skipSpace(): void { while (this.peek().t === 'space') this.next(); }

  private operand(): Arg | undefined {
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().t === 'field') {
      const names: string[] = [];
      const pos = this.peek().pos;
      while (this.peek().t === 'field') names.push(this.next().v.slice(1));
      if (node.k === 'field') node = { k: 'field', names: [...node.names, ...names], pos };
      else if (node.k === 'var') node = { k: 'var', name: node.name, names: [...node.names, ...names], pos };
      else if (['bool', 'string', 'number', 'nil', 'dot'].includes(node.k)) this.fail(`unexpected . after term "${argString(node)}"`);
      else node = { k: 'chain', node, names, pos };
    }
    return node;
  }
  private term(): Arg | undefined {
    const t = this.next();
    switch (t.t) {
      case 'ident':
        if (!FUNCS.has(t.v)) this.fail(`function "${t.v}" not defined`, t);
        return { k: 'ident', name: t.v, pos: t.pos };
      case 'dot': return { k: 'dot', pos: t.pos };
      case 'nil': return { k: 'nil', pos: t.pos };
      case 'var':
        if (!this.hasVar(t.v)) this.fail(`undefined variable "${t.v}"`, t);
        return { k: 'var', name: t.v, names: [], pos: t.pos };
      case 'field': return { k: 'field', names: [t.v.slice(1)], pos: t.pos };
      case 'bool': return { k: 'bool', v: t.v === 'true', pos: t.pos };
      case 'char': {
        const s = unquote(`"${t.v.slice(1, -1).replace(/"/g, '\\"')}"`);
        return { k: 'number', v: new Int(s.codePointAt(0) ?? 0), text: t.v, pos: t.pos };
      }
      case 'number': {
        const text = t.v.replace(/_/g, '');
        if (/i$/.test(text)) this.fail(`complex numbers are not supported by kctl's templates`, t);
        const isFloat = /[.eEpP]/.test(text) && !/^[+-]?0[xX]/.test(text);
        const v = /^[+-]?0[xX]/.test(text) ? parseInt(text, 16) : /^[+-]?0[bB]/.test(text) ? parseInt(text.replace(/0[bB]/, ''), 2)
          : /^[+-]?0[oO]?[0-7]+$/.test(text) && text.replace(/^[+-]/, '').length > 1 ? parseInt(text.replace(/0[oO]?/, ''), 8) : Number(text);
        return { k: 'number', v: isFloat ? new Float(v) : new Int(v), text: t.v, pos: t.pos };
      }
      case 'string': case 'rawstring': return { k: 'string', v: unquote(t.v), text: t.v, pos: t.pos };
      case 'lparen': {
        const pipe = this.pipeline('parenthesized pipeline');
        return { k: 'pipe', pipe, pos: t.pos };
      }
      default:
        this.i--;
        return undefined;
    }
  }
}

function unquote(q: string): string {
  if (q.startsWith('`')) return q.slice(1, -1);
  try { return JSON.parse(q.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\([abfv])/g, (_, c) => ({ a: '\\u0007', b: '\\b', f: '\\f', v: '\\u000b' } as Record<string, string>)[c]!).replace(/\\'/g, "'")); } catch { return q.slice(1, -1); }
}

// ----------------------------------------------------------------------------------- node strings
function argString(a: Arg): string {
  switch (a.k) {
    case 'field': return a.names.map(n => `.${n}`).join('');
    case 'chain': return `${a.node.k === 'pipe' ? argString(a.node) : argString(a.node)}${a.names.map(n => `.${n}`).join('')}`;
    case 'var': return a.name + a.names.map(n => `.${n}`).join('');
    case 'ident': return a.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(a.v);
    case 'string': return a.text;
    case 'number': return a.text;
    case 'pipe': return `(${pipeString(a.pipe)})`;
  }
}
const cmdString = (c: Cmd) => c.args.map(argString).join(' ');
function pipeString(p: Pipe): string {
  const d = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return d + p.cmds.map(cmdString).join(' | ');
}

// ----------------------------------------------------------------------------------------- executor
class ExecError extends Error {}
class Break { }
class Continue { }

const MAX_EXEC_DEPTH = 100000;

class Exec {
  out: string[] = [];
  private vars: { name: string; v: V }[] = [];
  private depth = 0;
  constructor(private src: string, private name: string, private defs: Map<string, Node[]>, private missingError: boolean) {}

  private loc(pos: number): string {
    const text = this.src.slice(0, pos);
    const nl = text.lastIndexOf('\n');
    const col = nl < 0 ? pos : pos - (nl + 1);
    return `${this.name}:${1 + (text.match(/\n/g)?.length ?? 0)}:${col}`;
  }
  private fail(pos: number, context: string, msg: string): never {
    throw new ExecError(`template: ${this.loc(pos)}: executing "${this.name}" at <${context}>: ${msg}`);
  }

  run(list: Node[], dot: V): void {
    this.vars = [{ name: '$', v: dot }];
    this.walkList(list, dot);
  }
  private walkList(list: Node[], dot: V): void { for (const n of list) this.walk(n, dot); }
  private walk(n: Node, dot: V): void {
    switch (n.k) {
      case 'text': this.out.push(n.text); return;
      case 'action': {
        const v = this.evalPipe(n.pipe, dot);
        if (!n.pipe.decl.length) this.out.push(sprint(v));
        return;
      }
      case 'if': case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipe(n.pipe, dot);
        if (truth(v)) this.walkList(n.list, n.k === 'with' ? v : dot);
        else if (n.else) this.walkList(n.else, dot);
        this.vars.length = mark;
        return;
      }
      case 'range': return this.walkRange(n, dot);
      case 'template': {
        const body = this.defs.get(n.name);
        if (!body) this.fail(n.pos, `{{template ${goQuote(n.name)}${n.pipe ? ` ${pipeString(n.pipe)}` : ''}}}`, `template ${goQuote(n.name)} not defined`);
        if (++this.depth > MAX_EXEC_DEPTH) this.fail(n.pos, `{{template ${goQuote(n.name)}}}`, 'exceeded maximum template depth (100000)');
        const v = n.pipe ? this.evalPipe(n.pipe, dot) : NOVALUE;
        const saved = this.vars;
        this.vars = [{ name: '$', v }];
        this.walkList(body!, v);
        this.vars = saved;
        this.depth--;
        return;
      }
      case 'break': throw new Break();
      case 'continue': throw new Continue();
    }
  }
  private walkRange(n: Control, dot: V): void {
    const mark = this.vars.length;
    const v = this.evalPipe({ ...n.pipe, decl: [] }, dot);
    const lastCmd = n.pipe.cmds[n.pipe.cmds.length - 1]!;
    const at = lastCmd.args.length === 1 ? lastCmd.args[0]! : undefined;
    const atPos = at ? at.pos : lastCmd.pos, atText = at ? argString(at) : cmdString(lastCmd);
    const one = (key: V, elem: V): boolean => {
      if (n.pipe.decl.length === 1) this.setVar(n.pipe.decl[0]!, elem, n.pipe.isAssign, mark);
      else if (n.pipe.decl.length === 2) { this.setVar(n.pipe.decl[0]!, key, n.pipe.isAssign, mark); this.setVar(n.pipe.decl[1]!, elem, n.pipe.isAssign, mark); }
      try { this.walkList(n.list, elem); } catch (e) {
        if (e instanceof Break) return false;
        if (!(e instanceof Continue)) throw e;
      }
      this.vars.length = mark + n.pipe.decl.length * (n.pipe.isAssign ? 0 : 1);
      return true;
    };
    let ran = false;
    switch (kindOf(v)) {
      case 'slice': for (let i = 0; i < (v as V[]).length; i++) { ran = true; if (!one(new Int(i), (v as V[])[i])) break; } break;
      case 'map': for (const k of Object.keys(v as object).sort()) { ran = true; if (!one(k, (v as Record<string, V>)[k])) break; } break;
      case 'int': {
        const nI = num(v);
        for (let i = 0; i < nI; i++) { ran = true; if (!one(new Int(i), new Int(i))) break; }
        break;
      }
      case 'invalid': break;
      case 'nil': this.fail(atPos, atText, `range can't iterate over <nil>`); break;
      default: this.fail(atPos, atText, `range can't iterate over ${sprint(v)}`);
    }
    this.vars.length = mark;
    if (!ran && n.else) this.walkList(n.else, dot);
  }
  private setVar(name: string, v: V, assign: boolean, mark: number): void {
    if (assign) {
      for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) { this.vars[i]!.v = v; return; }
    }
    const at = this.vars.findIndex((x, i) => i >= mark && x.name === name);
    if (at >= 0) this.vars[at]!.v = v; else this.vars.push({ name, v });
  }
  private varValue(name: string, pos: number): V {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.v;
    return this.fail(pos, name, `undefined variable: ${name}`);
  }

  private evalPipe(p: Pipe, dot: V): V {
    let v: V = NOVALUE;
    let final = false;
    for (const c of p.cmds) { v = this.evalCmd(c, dot, final ? v : NOVALUE, final); final = true; }
    for (const d of p.decl) {
      if (p.isAssign) this.setVar(d, v, true, 0);
      else this.vars.push({ name: d, v });
    }
    return v;
  }
  private evalCmd(c: Cmd, dot: V, final: V, hasFinal: boolean): V {
    const first = c.args[0]!;
    switch (first.k) {
      case 'field': return this.evalFields(dot, first.names, first, c, final, hasFinal);
      case 'chain': {
        const base = this.evalArg(first.node, dot);
        return this.evalFields(base, first.names, first, c, final, hasFinal);
      }
      case 'var': {
        const base = this.varValue(first.name, first.pos);
        if (!first.names.length) { this.noArgs(c, first, hasFinal); return base; }
        return this.evalFields(base, first.names, first, c, final, hasFinal);
      }
      case 'ident': return this.call(first.name, c, dot, final, hasFinal);
      case 'pipe': { this.noArgs(c, first, hasFinal); return this.evalPipe(first.pipe, dot); }
      case 'nil': return this.fail(first.pos, 'nil', 'nil is not a command');
      case 'dot': this.noArgs(c, first, hasFinal); return dot;
      default: this.noArgs(c, first, hasFinal); return this.literal(first);
    }
  }
  private noArgs(c: Cmd, first: Arg, hasFinal: boolean): void {
    if (c.args.length > 1 || hasFinal) this.fail(first.pos, cmdString(c), `can't give argument to non-function ${argString(first)}`);
  }
  private literal(a: Arg): V {
    switch (a.k) {
      case 'bool': return a.v;
      case 'string': return a.v;
      case 'number': return a.v;
      case 'dot': return NOVALUE;
      default: return NOVALUE;
    }
  }
  private evalFields(base: V, names: string[], node: Arg, c: Cmd, _final: V, hasFinal: boolean): V {
    if (c.args.length > 1 || hasFinal) this.fail(node.pos, argString(node), `can't evaluate field ${names[names.length - 1]} in type ${typeName(base)}`);
    let v = base;
    for (const name of names) {
      if (v === NOVALUE || v === undefined) {
        if (this.missingError) this.fail(node.pos, argString(node), `nil data; no entry for key ${goQuote(name)}`);
        return NOVALUE;
      }
      if (v === null) this.fail(node.pos, argString(node), `nil pointer evaluating interface {}.${name}`);
      if (!isMap(v)) this.fail(node.pos, argString(node), `can't evaluate field ${name} in type ${v instanceof Int || v instanceof Float ? typeName(v) : 'interface {}'}`);
      const m = v as Record<string, V>;
      if (!(name in m)) {
        if (this.missingError) this.fail(node.pos, argString(node), `map has no entry for key ${goQuote(name)}`);
        v = NOVALUE;
        continue;
      }
      v = m[name];
    }
    return v === null ? NOVALUE : v;
  }
  private evalArg(a: Arg, dot: V): V {
    switch (a.k) {
      case 'dot': return dot;
      case 'nil': return null;
      case 'field': return this.evalFields(dot, a.names, a, { args: [a], pos: a.pos }, NOVALUE, false);
      case 'chain': return this.evalFields(this.evalArg(a.node, dot), a.names, a, { args: [a], pos: a.pos }, NOVALUE, false);
      case 'var': { const b = this.varValue(a.name, a.pos); return a.names.length ? this.evalFields(b, a.names, a, { args: [a], pos: a.pos }, NOVALUE, false) : b; }
      case 'pipe': return this.evalPipe(a.pipe, dot);
      case 'ident': return this.call(a.name, { args: [a], pos: a.pos }, dot, NOVALUE, false);
      default: return this.literal(a);
    }
  }

  private call(name: string, c: Cmd, dot: V, final: V, hasFinal: boolean): V {
    const node = c.args[0]!;
    const ctx = cmdString(c);
    const argNodes = c.args.slice(1);
    const evalAll = (): V[] => { const xs = argNodes.map(a => this.evalArg(a, dot)); if (hasFinal) xs.push(final); return xs; };
    const nargs = argNodes.length + (hasFinal ? 1 : 0);
    const want = (n: number, variadic = false) => {
      if (variadic ? nargs < n : nargs !== n) this.fail(node.pos, ctx, `wrong number of args for ${name}: want ${variadic ? 'at least ' : ''}${n} got ${nargs}`);
    };
    const err = (msg: string): never => this.fail(node.pos, ctx, `error calling ${name}: ${msg}`);
    switch (name) {
      case 'and': case 'or': {
        want(1, true);
        let v: V = NOVALUE;
        const all = [...argNodes.map(a => () => this.evalArg(a, dot)), ...(hasFinal ? [() => final] : [])];
        for (const f of all) {
          v = f();
          if (truth(v) === (name === 'or')) return v;
        }
        return v;
      }
      case 'not': { want(1); return !truth(evalAll()[0]); }
      case 'len': {
        want(1);
        const x = evalAll()[0];
        switch (kindOf(x)) {
          case 'string': return new Int(Buffer.byteLength(x as string));
          case 'slice': return new Int((x as V[]).length);
          case 'map': return new Int(Object.keys(x as object).length);
          case 'invalid': case 'nil': return err('reflect: call of reflect.Value.Type on zero Value');
          default: return err(`len of type ${typeName(x)}`);
        }
      }
      case 'index': {
        want(1, true);
        const [x, ...idx] = evalAll();
        let v = x;
        for (const i of idx) {
          if (v === NOVALUE || v === null) return err('index of untyped nil');
          if (kindOf(v) === 'slice' || kindOf(v) === 'string') {
            if (kindOf(i) !== 'int') return err(`cannot index slice/array with type ${typeName(i)}`);
            const n = num(i);
            const len = kindOf(v) === 'string' ? Buffer.byteLength(v as string) : (v as V[]).length;
            if (n < 0 || n >= len) return err(`index out of range: ${n}`);
            v = kindOf(v) === 'string' ? new Int(Buffer.from(v as string)[n]!) : (v as V[])[n];
          } else if (kindOf(v) === 'map') {
            if (kindOf(i) !== 'string') return err(`value has type ${typeName(i)}; should be string`);
            const m = v as Record<string, V>;
            v = i as string in m ? m[i as string] : NOVALUE;
          } else return err(`can't index item of type ${typeName(v)}`);
          if (v === null) v = NOVALUE;
        }
        return v;
      }
      case 'slice': {
        want(1, true);
        const [x, ...idx] = evalAll();
        if (kindOf(x) !== 'slice' && kindOf(x) !== 'string') return err(`can't slice item of type ${typeName(x)}`);
        if (idx.length > 3 || (idx.length === 3 && kindOf(x) === 'string')) return err(`too many slice indexes: ${idx.length}`);
        const len = kindOf(x) === 'string' ? Buffer.byteLength(x as string) : (x as V[]).length;
        const ns = idx.map(i => { if (kindOf(i) !== 'int') return err(`cannot index slice/array with type ${typeName(i)}`); return num(i); });
        const lo = ns[0] ?? 0, hi = ns[1] ?? len;
        if (lo < 0 || lo > len) return err(`index out of range: ${lo}`);
        if (hi < lo || hi > len) return err(`index out of range: ${hi}`);
        return kindOf(x) === 'string' ? Buffer.from(x as string).subarray(lo, hi).toString('latin1') : (x as V[]).slice(lo, hi);
      }
      case 'print': return goSprint(evalAll());
      case 'println': return goSprintln(evalAll());
      case 'printf': {
        want(1, true);
        const [f, ...rest] = evalAll();
        if (typeof f !== 'string') return this.fail(node.pos, ctx, `wrong type for value; expected string; got ${typeName(f)}`);
        return goSprintf(f, rest);
      }
      case 'html': return htmlEscape(goSprint(evalAll()));
      case 'js': return jsEscape(goSprint(evalAll()));
      case 'urlquery': return encodeURIComponent(goSprint(evalAll())).replace(/%20/g, '+').replace(/[!'()*]/g, ch => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replace(/~/g, '%7E');
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
        const xs = evalAll();
        if (name === 'eq') { want(1, true); if (nargs < 2) return this.fail(node.pos, ctx, `error calling eq: missing argument for comparison`); }
        else want(2);
        const r = compare(name, xs, err);
        return r;
      }
      case 'exists': {
        want(1, true);
        const [x, ...idx] = evalAll();
        let v = x;
        for (const i of idx) {
          if (v === NOVALUE || v === null) return false;
          if (kindOf(v) === 'slice' || kindOf(v) === 'string') {
            if (kindOf(i) !== 'int') return false;
            const n = num(i);
            const len = kindOf(v) === 'string' ? Buffer.byteLength(v as string) : (v as V[]).length;
            if (n < 0 || n >= len) return false;
            v = kindOf(v) === 'string' ? new Int(0) : (v as V[])[n];
          } else if (kindOf(v) === 'map') {
            if (kindOf(i) !== 'string') return false;
            const m = v as Record<string, V>;
            v = (i as string) in m ? m[i as string] : null;
          } else return false;
        }
        return !(v === NOVALUE || v === null);
      }
      case 'base64decode': {
        want(1);
        const x = evalAll()[0];
        if (typeof x !== 'string') return this.fail(node.pos, ctx, `wrong type for value; expected string; got ${typeName(x)}`);
        const clean = x;
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
          const bad = clean.search(/[^A-Za-z0-9+/=]/);
          return err(`base64 decode failed: illegal base64 data at input byte ${bad >= 0 ? bad : Math.floor(clean.length / 4) * 4}`);
        }
        return Buffer.from(clean, 'base64').toString('latin1');
      }
      case 'call': return err('non-function of type ' + typeName(evalAll()[0]));
    }
    return this.fail(node.pos, ctx, `function "${name}" not defined`);
  }
}

function compare(op: string, xs: V[], err: (m: string) => never): boolean {
  const [a, ...rest] = xs;
  const cls = (v: V): Kind => kindOf(v);
  const basic = (v: V) => { const k = cls(v); if (k === 'map' || k === 'slice') return err('invalid type for comparison'); return k; };
  if (op === 'eq') {
    const ka = cls(a);
    if (ka === 'map' || ka === 'slice') return err('incompatible types for comparison');
    for (const b of rest) {
      const kb = cls(b);
      if (ka !== kb) {
        if (ka !== 'invalid' && kb !== 'invalid' && ka !== 'nil' && kb !== 'nil') return err('incompatible types for comparison');
        if ((ka === 'invalid' || ka === 'nil') && (kb === 'invalid' || kb === 'nil')) return true;
        continue;
      }
      if (ka === 'invalid' || ka === 'nil') return true;
      if ((ka === 'int' || ka === 'float') ? num(a) === num(b) : a === b) return true;
    }
    return false;
  }
  const b = rest[0];
  if (op === 'ne') return !compare('eq', [a, b], err);
  const ka = basic(a), kb = basic(b);
  if (ka === 'invalid' || kb === 'invalid' || ka === 'nil' || kb === 'nil') return err('invalid type for comparison');
  if (ka !== kb) return err('incompatible types for comparison');
  if (ka === 'bool') return err('invalid type for comparison');
  const x = ka === 'string' ? a as string : num(a), y = kb === 'string' ? b as string : num(b);
  const lt = x < y;
  switch (op) {
    case 'lt': return lt;
    case 'le': return lt || x === y;
    case 'gt': return !lt && x !== y;
    default: return !lt;
  }
}

// ------------------------------------------------------------------------------------------- fmt
const isStr = (v: V) => typeof v === 'string';
/** fmt.Sprint: spaces between operands when neither is a string. */
function goSprint(xs: V[]): string {
  let s = '';
  xs.forEach((x, i) => { if (i > 0 && !isStr(x) && !isStr(xs[i - 1])) s += ' '; s += fmtV(x); });
  return s;
}
function goSprintln(xs: V[]): string { return xs.map(fmtV).join(' ') + '\n'; }
/** %v of an argument passed to a function (a missing value is Go's nil interface there). */
function fmtV(v: V): string { return v === NOVALUE ? '<nil>' : sprint(v); }

/** fmt.Sprintf for the verbs templates use. */
export function goSprintf(format: string, args: V[]): string {
  let out = '';
  let ai = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c !== '%') { out += c; i++; continue; }
    i++;
    const m = format.slice(i).match(/^([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?/)!;
    i += m[0].length;
    const flags = m[1]!;
    let width = m[2] === '*' ? num(args[ai++]) : m[2] !== undefined ? Number(m[2]) : undefined;
    const precision = m[3] === '*' ? num(args[ai++]) : m[3] !== undefined ? (m[3] === '' ? 0 : Number(m[3])) : undefined;
    const verb = format[i++];
    if (verb === undefined) { out += '%!(NOVERB)'; break; }
    if (verb === '%') { out += '%'; continue; }
    if (ai >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const arg = args[ai++];
    let s = fmtOne(verb, arg, flags, precision);
    if (width !== undefined && s.length < width) {
      if (flags.includes('-')) s = s.padEnd(width);
      else if (flags.includes('0') && /[dfeEgGxXob]/.test(verb) && kindOf(arg) !== 'string') {
        const sign = /^[+-]/.test(s) ? s[0]! : '';
        s = sign + s.slice(sign.length).padStart(width - sign.length, '0');
      } else s = s.padStart(width);
    }
    if (width !== undefined) width = undefined;
    out += s;
  }
  if (ai < args.length) out += `%!(EXTRA ${args.slice(ai).map(a => `${typeName(a === NOVALUE ? null : a)}=${fmtV(a)}`).join(', ')})`;
  return out;
}
function fmtOne(verb: string, arg: V, flags: string, prec?: number): string {
  const k = kindOf(arg);
  const bad = () => `%!${verb}(${arg === NOVALUE || arg === null ? '<nil>' : `${typeName(arg)}=${fmtV(arg)}`})`;
  const plus = (s: string, n: number) => (flags.includes('+') && n >= 0 ? '+' + s : flags.includes(' ') && n >= 0 ? ' ' + s : s);
  switch (verb) {
    case 'v': return fmtV(arg);
    case 'T': return arg === NOVALUE || arg === null ? '<nil>' : typeName(arg);
    case 's': {
      if (k === 'string') return prec !== undefined ? (arg as string).slice(0, prec) : arg as string;
      if (k === 'slice' || k === 'map' || k === 'bool') return fmtV(arg);
      if (k === 'invalid' || k === 'nil') return '%!s(<nil>)';
      return bad();
    }
    case 'q': return k === 'string' ? goQuote(arg as string) : k === 'int' ? `'${String.fromCodePoint(num(arg))}'` : bad();
    case 'd': {
      if (k !== 'int') return bad();
      return plus(String(num(arg)), num(arg));
    }
    case 't': return k === 'bool' ? String(arg) : bad();
    case 'x': case 'X': {
      let s: string;
      if (k === 'int') s = (num(arg) < 0 ? '-' : '') + Math.abs(num(arg)).toString(16);
      else if (k === 'string') s = Buffer.from(arg as string).toString('hex');
      else return bad();
      if (flags.includes('#') && k === 'int') s = s.replace(/^(-?)/, '$10x');
      return verb === 'X' ? s.toUpperCase().replace('0X', '0X') : s;
    }
    case 'o': return k === 'int' ? num(arg).toString(8) : bad();
    case 'b': return k === 'int' ? num(arg).toString(2) : bad();
    case 'c': return k === 'int' ? String.fromCodePoint(num(arg)) : bad();
    case 'U': return k === 'int' ? `U+${num(arg).toString(16).toUpperCase().padStart(4, '0')}` : bad();
    case 'f': case 'F': {
      if (k !== 'float' && k !== 'int') return bad();
      if (k === 'int' && !(arg instanceof Float)) return bad();
      return plus(num(arg).toFixed(prec ?? 6), num(arg));
    }
    case 'e': case 'E': {
      if (k !== 'float') return bad();
      const s = num(arg).toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return plus(verb === 'E' ? s.toUpperCase() : s, num(arg));
    }
    case 'g': case 'G': {
      if (k !== 'float') return bad();
      const s = prec === undefined ? formatFloatG(num(arg)) : Number(num(arg).toPrecision(prec)).toString();
      return plus(verb === 'G' ? s.toUpperCase() : s, num(arg));
    }
    default: return `%!${verb}(${typeName(arg)}=${fmtV(arg)})`;
  }
}
function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, c => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\uFFFD' } as Record<string, string>)[c]!);
}
function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\n\r\t]|[\x00-\x1f]/g, c => {
    switch (c) {
      case '\\': return '\\\\'; case "'": return "\\'"; case '"': return '\\"';
      case '<': return '\\u003C'; case '>': return '\\u003E'; case '&': return '\\u0026'; case '=': return '\\u003D';
      case '\n': return '\\n'; case '\r': return '\\r'; case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    }
  });
}

// -------------------------------------------------------------------------------------------- API
/** Parse a template: the executable form, or kubectl's parse error. */
function compile(template: string): { list: Node[]; defs: Map<string, Node[]> } {
  try {
    const p = new Parser(lex(template, 'output'), 'output');
    const list = p.parse();
    return { list, defs: p.defs };
  } catch (e) {
    if (e instanceof ParseError) throw new CliError(`error parsing template ${template}, ${e.message}`);
    throw e;
  }
}

/** Go's json.Marshal of unstructured data: keys sorted, HTML characters escaped. */
function rawJSON(v: V): string {
  const sortDeep = (x: V): V => Array.isArray(x) ? x.map(sortDeep) : isMap(x) ? Object.fromEntries(Object.keys(x).sort().map(k => [k, sortDeep(x[k])])) : x;
  return compactJSON(sortDeep(v)).replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Execute a go-template over one object (or a List) as kubectl's GoTemplatePrinter does. On an execution
 * error the debugging text goes to `stdout` (as kubectl writes it to its output) and a CliError is thrown.
 */
export function printGoTemplate(template: string, obj: unknown, allowMissingKeys = true, stdout?: (s: string) => void): string {
  // (the debugging text also rides on the error as `stdout`, which program.ts prints before the error)
  const { list, defs } = compile(template);
  const ex = new Exec(template, 'output', defs, !allowMissingKeys);
  try {
    ex.run(list, obj);
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    const debug = ex.out.join('') + `Error executing template: ${e.message}. Printing more information for debugging the template:\n`
      + `\ttemplate was:\n\t\t${template}\n`
      + `\traw data was:\n\t\t${rawJSON(obj)}\n`
      + `\tobject given to template engine was:\n\t\t${goV(obj)}\n\n`;
    stdout?.(debug);
    const err = new CliError(`error executing template ${goQuote(template)}: ${e.message}`);
    (err as CliError & { stdout?: string }).stdout = ex.out.join('') + debug.slice(ex.out.join('').length);
    throw err;
  }
  return ex.out.join('');
}

/** `-o go-template-file=FILE` / `--template FILE`: the template text, or kubectl's error. */
export function readTemplateFile(file: string): string {
  const fs = require('node:fs') as typeof import('node:fs');
  try { return fs.readFileSync(file, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `open ${file}: no such file or directory` : code === 'EISDIR' ? `read ${file}: is a directory` : `open ${file}: ${(e as Error).message}`;
    throw new CliError(`error reading --template ${file}, ${why}`);
  }
}
