// A parser for the POSIX shell language as container scripts use it (dash, busybox ash and bash): lists,
// pipelines, && and ||, if/while/until/for/case, functions, subshells and groups, redirections and
// here-documents, every parameter expansion form, $(…), `…`, $((…)), and the bash forms [[ ]], (( )),
// for ((;;)), `function f`, <<<, &>, $'…' and arrays. Recursive descent over the characters: shell
// tokenizing depends on where the parser stands, so there is no separate lexer. The result is plain JSON.
import type { Cmd, List, Word, Part, Redir, Assign, CondExpr } from './ast';

/** A syntax error: the token the parser met (or end of file) and the line it stood on. */
export class ParseError extends Error {
  /**
   * token: the token met (null: end of file). expecting: the reserved word or operator the parser needed.
   * kind: a lexical error instead of an unexpected token ('quote': unterminated quoted string, with `quote`
   * the opening character; 'brace': `${` without `}`; 'backquote': end of file inside `…`).
   */
  expecting?: string;
  /** The token bash names when it differs (bash reads `-c` text with a final newline). */
  bashToken?: string;
  kind?: 'quote' | 'brace' | 'backquote';
  quote?: string;
  constructor(public token: string | null, public line: number, public detail?: string) {
    super(detail ?? (token === null ? 'unexpected end of file' : `unexpected "${token}"`));
    this.name = 'ParseError';
  }
}
/** What a syntax error carries into the shell's state (JSON). */
export interface SyntaxInfo { token: string | null; line: number; expecting?: string; kind?: string; quote?: string; bashToken?: string }
export function syntaxInfo(e: ParseError): SyntaxInfo {
  const o: SyntaxInfo = { token: e.token, line: e.line };
  if (e.bashToken) o.bashToken = e.bashToken;
  if (e.expecting) o.expecting = e.expecting;
  if (e.kind) o.kind = e.kind;
  if (e.quote) o.quote = e.quote;
  return o;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!', 'function', '[[', ']]', 'select', 'time']);
const META = ' \t\n;&|()<>';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parse a whole source. As dash, ash and bash read a script one complete command line at a time and run
 * it before reading on, a syntax error after the first line does not stop the lines before it: they are
 * returned followed by a `synerr` command that reports the error when reached. `strict` throws instead.
 */
export function parse(src: string, strict = false): List {
  return new Parser(src).program(strict);
}

class Parser {
  i = 0;
  line = 1;
  nextId = 1;
  /** Here-documents whose bodies start after the next newline. */
  pending: { r: Redir; delim: string; strip: boolean; quoted: boolean }[] = [];

  constructor(public s: string) {}

  id(): number { return this.nextId++; }
  peek(k = 0): string { return this.s[this.i + k] ?? ''; }
  eof(): boolean { return this.i >= this.s.length; }
  err(tok?: string | null, expecting?: string): never {
    if (tok === undefined) tok = this.eof() ? null : this.tokenAt();
    const e = new ParseError(tok, this.line);
    if (expecting) e.expecting = expecting;
    throw e;
  }
  lexErr(kind: 'quote' | 'brace' | 'backquote', quote?: string): never {
    const e = new ParseError(null, this.line);
    e.kind = kind;
    if (quote) e.quote = quote;
    throw e;
  }
  /** The token at the cursor, for error messages. */
  tokenAt(): string {
    const save = this.i;
    const op = this.operator();
    this.i = save;
    if (op) return op === '\n' ? 'newline' : op;
    let j = this.i;
    while (j < this.s.length && !META.includes(this.s[j]!)) j++;
    return this.s.slice(this.i, j) || this.s[this.i]!;
  }

  // ------------------------------------------------------------------ blanks, comments, newlines
  blanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r') { this.i++; continue; }
      if (c === '\\' && this.peek(1) === '\n') { this.i += 2; this.line++; continue; }
      if (c === '#') { while (!this.eof() && this.peek() !== '\n') this.i++; continue; }
      break;
    }
  }
  newline(): boolean {
    this.blanks();
    if (this.peek() !== '\n') return false;
    this.i++; this.line++;
    this.readHeredocs();
    return true;
  }
  linebreak(): void { while (this.newline()) { /* skip */ } }

  // ------------------------------------------------------------------ operators and reserved words
  /** The control or redirection operator at the cursor (consumed), if any. */
  operator(): string | undefined {
    const ops = ['&&', '||', ';;&', ';;', ';&', '|&', '&>>', '&>', '>>', '<<<', '<<-', '<<', '<>', '>|', '>&', '<&', '&', '|', ';', '(', ')', '<', '>', '\n'];
    for (const op of ops) if (this.s.startsWith(op, this.i)) { this.i += op.length; return op; }
    return undefined;
  }
  peekOp(): string | undefined {
    this.blanks();
    const save = this.i, line = this.line;
    const op = this.operator();
    this.i = save; this.line = line;
    return op;
  }
  takeOp(op: string): boolean {
    this.blanks();
    if (this.s.startsWith(op, this.i)) {
      // '&' must not be the start of '&&', ';' of ';;' and so on
      const after = this.s.slice(this.i);
      const longer = ['&&', '||', ';;', '|&', '&>', '>>', '<<', '>&', '<&', ';&'].find(o => o.length > op.length && after.startsWith(o) && o.startsWith(op));
      if (longer) return false;
      this.i += op.length;
      return true;
    }
    return false;
  }
  /** The reserved word at the cursor when it stands alone (not consumed). */
  peekWord(): string | undefined {
    this.blanks();
    let j = this.i;
    while (j < this.s.length && !META.includes(this.s[j]!)) j++;
    const w = this.s.slice(this.i, j);
    return w || undefined;
  }
  isReserved(w: string): boolean {
    const pw = this.peekWord();
    return pw === w;
  }
  takeReserved(w: string): boolean {
    if (this.peekWord() !== w) return false;
    this.i += w.length;
    return true;
  }
  expectReserved(w: string): void { if (!this.takeReserved(w)) this.err(undefined, w); }

  // ------------------------------------------------------------------ grammar
  program(strict: boolean): List {
    const out: List = { id: this.id(), c: [] };
    for (;;) {
      const save = this.i, line = this.line;
      try {
        this.linebreak();
        if (this.eof()) break;
        // one complete line: commands up to an unquoted newline (compound commands may span lines)
        const l = this.list(() => this.eof(), true);
        if (!l.c.length) this.err();
        this.blanks();
        if (!this.eof() && !this.newline()) this.err();
        out.c.push(...l.c);
      } catch (e) {
        if (!(e instanceof ParseError) || strict || !out.c.length) throw e;
        void save; void line;
        out.c.push({ cmd: { t: 'synerr', id: this.id(), e: syntaxInfo(e) } });
        break;
      }
    }
    return out;
  }

  /** Commands separated by ; & and newlines, until `stop` holds (at a reserved word or a closing token). */
  list(stop: () => boolean, oneLine = false): List {
    const out: List = { id: this.id(), c: [] };
    if (!oneLine) this.linebreak();
    while (!this.eof() && !stop() && !this.atListEnd()) {
      const cmd = this.andOr();
      const op = this.peekOp();
      if (op === '&' && !this.s.startsWith('&&', this.i) && !this.s.startsWith('&>', this.i)) { this.takeOp('&'); out.c.push({ cmd, bg: true }); }
      else if (op === ';' && !this.s.startsWith(';;', this.i) && !this.s.startsWith(';&', this.i)) { this.takeOp(';'); out.c.push({ cmd }); }
      else { out.c.push({ cmd }); if (oneLine || !this.newline()) break; }
      if (oneLine) { this.blanks(); if (this.peek() === '\n' || this.eof()) break; continue; }
      this.linebreak();
    }
    return out;
  }
  atListEnd(): boolean {
    const w = this.peekWord();
    if (w && ['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}', '))'].includes(w)) return true;
    const op = this.peekOp();
    return op === ')' || op === ';;' || op === ';&' || op === ';;&';
  }

  andOr(): Cmd {
    let left = this.pipeline();
    for (;;) {
      if (this.takeOp('&&')) { this.linebreak(); left = { t: 'and', id: this.id(), l: left, r: this.pipeline() }; }
      else if (this.takeOp('||')) { this.linebreak(); left = { t: 'or', id: this.id(), l: left, r: this.pipeline() }; }
      else return left;
    }
  }

  pipeline(): Cmd {
    let neg = false, time = false;
    if (this.takeReserved('time')) time = true;
    while (this.takeReserved('!')) neg = !neg;
    const cmds = [this.command()];
    for (;;) {
      if (this.takeOp('|&')) { const last = cmds[cmds.length - 1]!; addRedir(last, { fd: 2, op: '>&', w: [{ t: 'lit', v: '1' }] }); }
      else if (!this.takeOp('|')) break;
      this.linebreak();
      cmds.push(this.command());
    }
    if (cmds.length === 1 && !neg && !time) return cmds[0]!;
    const p: Cmd = { t: 'pipe', id: this.id(), c: cmds };
    if (neg) p.neg = true;
    if (time) p.time = true;
    return p;
  }

  command(): Cmd {
    this.blanks();
    const w = this.peekWord();
    if (this.eof()) this.err(null);
    switch (w) {
      case 'if': return this.withRedirs(this.ifCmd());
      case 'while': case 'until': return this.withRedirs(this.whileCmd());
      case 'for': return this.withRedirs(this.forCmd());
      case 'case': return this.withRedirs(this.caseCmd());
      case '{': return this.withRedirs(this.groupCmd());
      case '[[': return this.withRedirs(this.dbrCmd());
      case 'function': return this.functionCmd();
      case 'then': case 'else': case 'elif': case 'fi': case 'do': case 'done': case 'esac': case '}': case 'in':
        this.err(w);
    }
    if (this.s.startsWith('((', this.i)) return this.withRedirs(this.arithCmd());
    const op = this.peekOp();
    if (op === '(') { this.takeOp('('); const b = this.list(() => this.peekOp() === ')'); if (!this.takeOp(')')) this.err(); return this.withRedirs({ t: 'sub', id: this.id(), b, r: [] }); }
    if (op && op !== '<' && op !== '>' && op !== '>>' && op !== '<<' && op !== '<<-' && op !== '<<<' && op !== '<>' && op !== '>|' && op !== '>&' && op !== '<&' && op !== '&>' && op !== '&>>') this.err(op === '\n' ? 'newline' : op);
    // name() compound-command
    const fm = /^([A-Za-z_][A-Za-z0-9_.:-]*)[ \t]*\([ \t]*\)/.exec(this.s.slice(this.i));
    if (fm && !RESERVED.has(fm[1]!)) {
      this.i += fm[0].length;
      this.linebreak();
      const body = this.command();
      return { t: 'func', id: this.id(), n: fm[1]!, body };
    }
    return this.simple();
  }

  withRedirs(c: Cmd): Cmd {
    if (!('r' in c)) return c;
    for (;;) { const r = this.redirect(); if (!r) return c; (c as { r: Redir[] }).r.push(r); }
  }

  ifCmd(): Cmd {
    this.expectReserved('if');
    const arms: { c: List; b: List }[] = [];
    let els: List | undefined;
    const cond = this.list(() => this.isReserved('then'));
    this.expectReserved('then');
    arms.push({ c: cond, b: this.list(() => this.isReserved('elif') || this.isReserved('else') || this.isReserved('fi')) });
    for (;;) {
      if (this.takeReserved('elif')) {
        const c = this.list(() => this.isReserved('then'));
        this.expectReserved('then');
        arms.push({ c, b: this.list(() => this.isReserved('elif') || this.isReserved('else') || this.isReserved('fi')) });
      } else if (this.takeReserved('else')) {
        els = this.list(() => this.isReserved('fi'));
      } else break;
    }
    this.expectReserved('fi');
    return els ? { t: 'if', id: this.id(), arms, else: els, r: [] } : { t: 'if', id: this.id(), arms, r: [] };
  }
  whileCmd(): Cmd {
    const until = this.takeReserved('until');
    if (!until) this.expectReserved('while');
    const c = this.list(() => this.isReserved('do'));
    const b = this.doGroup();
    return until ? { t: 'while', id: this.id(), until: true, c, b, r: [] } : { t: 'while', id: this.id(), c, b, r: [] };
  }
  doGroup(): List {
    this.linebreak();
    this.expectReserved('do');
    const b = this.list(() => this.isReserved('done'));
    this.expectReserved('done');
    return b;
  }
  forCmd(): Cmd {
    this.expectReserved('for');
    this.blanks();
    if (this.s.startsWith('((', this.i)) {
      this.i += 2;
      const line = this.line;
      const inner = this.arithBody();
      const parts = splitTop(inner, ';');
      if (parts.length !== 3) this.err('((');
      const [init, cond, step] = parts.map(x => this.subWord(x.trim(), line)) as [Word, Word, Word];
      this.blanks();
      this.takeOp(';');
      this.linebreak();
      const b = this.peekWord() === '{' ? this.groupCmd().b : this.doGroup();
      return { t: 'cfor', id: this.id(), init, cond, step, b, r: [], line };
    }
    const v = this.peekWord();
    if (!v || !NAME.test(v)) this.err();
    this.i += v.length;
    let items: Word[] | undefined;
    this.linebreak();
    if (this.takeReserved('in')) {
      items = [];
      for (;;) {
        this.blanks();
        const op = this.peekOp();
        if (op === ';' || op === '\n' || this.eof()) break;
        const w = this.word();
        if (!w) this.err();
        items.push(w);
      }
      if (!this.takeOp(';')) this.newline();
    } else this.takeOp(';');
    const b = this.doGroup();
    return items ? { t: 'for', id: this.id(), v, items, b, r: [] } : { t: 'for', id: this.id(), v, b, r: [] };
  }
  caseCmd(): Cmd {
    this.expectReserved('case');
    this.blanks();
    const w = this.word();
    if (!w) this.err();
    this.linebreak();
    this.expectReserved('in');
    this.linebreak();
    const items: { pats: Word[]; b: List; term: string }[] = [];
    while (!this.isReserved('esac')) {
      if (this.eof()) this.err(null);
      this.takeOp('(');
      const pats: Word[] = [];
      for (;;) {
        this.blanks();
        const p = this.word(true);
        if (!p) this.err();
        pats.push(p);
        this.blanks();
        if (this.takeOp('|')) continue;
        if (!this.takeOp(')')) this.err();
        break;
      }
      const b = this.list(() => this.isReserved('esac'));
      let term = ';;';
      const op = this.peekOp();
      if (op === ';;' || op === ';&' || op === ';;&') { this.takeOp(op); term = op; }
      else if (!this.isReserved('esac')) this.err();
      items.push({ pats, b, term });
      this.linebreak();
    }
    this.expectReserved('esac');
    return { t: 'case', id: this.id(), w, items, r: [] };
  }
  groupCmd(): Cmd & { t: 'group' } {
    this.expectReserved('{');
    const b = this.list(() => this.isReserved('}'));
    this.expectReserved('}');
    return { t: 'group', id: this.id(), b, r: [] };
  }
  functionCmd(): Cmd {
    this.expectReserved('function');
    const n = this.peekWord();
    if (!n) this.err();
    this.i += n.length;
    this.blanks();
    if (this.s.startsWith('()', this.i)) this.i += 2;
    this.linebreak();
    return { t: 'func', id: this.id(), n, body: this.command() };
  }
  arithCmd(): Cmd & { r: Redir[] } {
    this.i += 2;
    const line = this.line;
    const e = this.arithBody();
    return { t: 'arithcmd', id: this.id(), e, w: this.subWord(e, line), r: [], line };
  }
  /** Text that expands as inside double quotes ($((…)) bodies): $x, ${…}, $(…), `…`; ids from this parser. */
  subWord(text: string, line: number): Word {
    const w = parseDqBody(text, line, this.nextId, false);
    this.nextId = w.nextId;
    return w.word;
  }
  /** After `((` or `$((`: the expression up to the matching `))`. */
  arithBody(): string {
    let depth = 0; const start = this.i;
    while (!this.eof()) {
      const c = this.peek();
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0 && this.peek(1) === ')') { const e = this.s.slice(start, this.i); this.i += 2; return e; }
        depth--;
      } else if (c === '\n') this.line++;
      this.i++;
    }
    this.err(null);
  }
  dbrCmd(): Cmd & { r: Redir[] } {
    const line = this.line;
    this.expectReserved('[[');
    const e = this.condOr();
    this.blanks();
    if (!this.takeReserved(']]')) this.err();
    return { t: 'dbr', id: this.id(), e, r: [], line };
  }
  condOr(): CondExpr {
    let l = this.condAnd();
    while (this.takeOp('||')) { this.linebreak(); l = { t: 'or', l, r: this.condAnd() }; }
    return l;
  }
  condAnd(): CondExpr {
    let l = this.condNot();
    while (this.takeOp('&&')) { this.linebreak(); l = { t: 'and', l, r: this.condNot() }; }
    return l;
  }
  condNot(): CondExpr {
    this.linebreak();
    if (this.takeReserved('!')) return { t: 'not', e: this.condNot() };
    if (this.takeOp('(')) { const e = this.condOr(); this.blanks(); if (!this.takeOp(')')) this.err(); return e; }
    const a = this.condWord();
    if (!a) this.err();
    const lit = plainText(a);
    if (lit !== undefined && /^-[a-zA-Z]$/.test(lit) && !this.atCondEnd()) {
      const save = this.i;
      const arg = this.condWord();
      if (arg) {
        const op2 = this.peekCondOp();
        if (!op2) return { t: 'un', op: lit, a: arg };
      }
      this.i = save;
    }
    const op = this.peekCondOp();
    if (op) {
      this.blanks(); this.i += op.length; this.blanks();
      const b = op === '=~' ? this.regexWord() : this.condWord();
      if (!b) this.err();
      return { t: 'bin', op: op === '==' ? '=' : op, a, b };
    }
    return { t: 'word', a };
  }
  atCondEnd(): boolean { this.blanks(); return this.s.startsWith(']]', this.i) || this.s.startsWith('&&', this.i) || this.s.startsWith('||', this.i) || this.peek() === ')'; }
  peekCondOp(): string | undefined {
    this.blanks();
    const rest = this.s.slice(this.i);
    const m = /^(==|!=|=~|=|<|>|-eq|-ne|-lt|-le|-gt|-ge|-nt|-ot|-ef)(?=[\s])/.exec(rest);
    return m?.[1];
  }
  condWord(): Word | undefined {
    this.blanks();
    if (this.s.startsWith(']]', this.i)) return undefined;
    return this.word(false, true);
  }
  regexWord(): Word {
    // the right side of =~ may hold ( ) | unquoted
    this.blanks();
    const parts: Part[] = [];
    let depth = 0;
    while (!this.eof()) {
      const c = this.peek();
      if ((c === ' ' || c === '\t' || c === '\n') && depth === 0) break;
      if (c === ']' && this.peek(1) === ']' && depth === 0) break;
      if (c === '(') depth++;
      if (c === ')') { if (depth === 0) break; depth--; }
      if (c === '\\') { parts.push({ t: 'sq', v: this.peek(1) }); this.i += 2; continue; }
      if (c === "'" || c === '"' || c === '$') { const w = this.word(false, true, true); if (w) parts.push(...w); continue; }
      parts.push({ t: 'lit', v: c }); this.i++;
    }
    return mergeLits(parts);
  }

  simple(): Cmd {
    const line = this.line;
    this.blanks();
    const from = this.i;
    const cmd: Cmd & { t: 'simple' } = { t: 'simple', id: this.id(), a: [], w: [], r: [], line };
    for (;;) {
      this.blanks();
      if (this.eof()) break;
      const r = this.redirect();
      if (r) { cmd.r.push(r); continue; }
      const op = this.peekOp();
      if (op) break;
      if (!cmd.w.length) {
        const a = this.assignment();
        if (a) { cmd.a.push(a); continue; }
      }
      const w = this.word();
      if (!w) break;
      cmd.w.push(w);
      // `name (` is the start of a function definition that lacks its `)`
      if (cmd.w.length === 1 && !cmd.a.length && !cmd.r.length && this.peekOp() === '(') {
        this.takeOp('(');
        this.blanks();
        if (this.eof()) { const e = new ParseError(null, this.line); e.expecting = ')'; e.bashToken = 'newline'; throw e; }
        this.err(undefined, ')');
      }
    }
    if (!cmd.a.length && !cmd.w.length && !cmd.r.length) this.err();
    let to = this.i;
    while (to > from && /\s/.test(this.s[to - 1]!)) to--;
    cmd.src = [from, to];
    return cmd;
  }

  assignment(): Assign | undefined {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?)=/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    const n = m[1]! + (m[2] ?? '');
    const a: Assign = { n, v: [] };
    if (m[3]) a.append = true;
    if (this.peek() === '(' && !m[2]) {
      // name=(a b c)
      this.i++;
      const arr: Word[] = [];
      for (;;) {
        this.linebreak();
        this.blanks();
        if (this.peek() === ')') { this.i++; break; }
        if (this.eof()) this.err(null);
        const w = this.word();
        if (!w) this.err();
        arr.push(w);
      }
      a.arr = arr;
      return a;
    }
    a.v = this.word() ?? [];
    return a;
  }

  redirect(): Redir | undefined {
    this.blanks();
    const save = this.i;
    let fd: number | undefined;
    const m = /^(\d+)(?=[<>])/.exec(this.s.slice(this.i));
    if (m) { fd = Number(m[1]); this.i += m[1]!.length; }
    const ops = ['&>>', '&>', '<<<', '<<-', '<<', '>>', '<>', '>|', '>&', '<&', '<', '>'];
    const op = ops.find(o => this.s.startsWith(o, this.i));
    if (!op) { this.i = save; return undefined; }
    this.i += op.length;
    this.blanks();
    if (op === '<<' || op === '<<-') {
      const dw = this.word();
      if (!dw) this.err();
      const quoted = dw.some(p => p.t !== 'lit');
      const delim = wordText(dw);
      const r: Redir = { op, w: dw };
      if (fd !== undefined) r.fd = fd;
      this.pending.push({ r, delim, strip: op === '<<-', quoted });
      return r;
    }
    const w = this.word();
    if (!w) this.err();
    const r: Redir = { op, w };
    if (fd !== undefined) r.fd = fd;
    return r;
  }

  readHeredocs(): void {
    const pend = this.pending;
    this.pending = [];
    for (const h of pend) {
      const lines: string[] = [];
      for (;;) {
        if (this.eof()) break;
        let j = this.s.indexOf('\n', this.i);
        if (j < 0) j = this.s.length;
        let ln = this.s.slice(this.i, j);
        this.i = Math.min(j + 1, this.s.length);
        this.line++;
        if (h.strip) ln = ln.replace(/^\t+/, '');
        if (ln === h.delim || ln.replace(/\r$/, '') === h.delim) break;
        lines.push(ln + '\n');
      }
      const body = lines.join('');
      if (h.quoted) h.r.here = [{ t: 'sq', v: body }];
      else { const w = parseDqBody(body, this.line, this.nextId, true); this.nextId = w.nextId; h.r.here = w.word; }
    }
  }

  // ------------------------------------------------------------------ words
  /**
   * One word at the cursor, or undefined at an operator or end. `pattern`: inside case patterns `|` and `)`
   * end a word. `cond`: inside [[ ]], where `<` and `>` are operators words stop at.
   */
  word(pattern = false, cond = false, single = false): Word | undefined {
    const parts: Part[] = [];
    const start = this.i;
    let lit = '';
    const flush = () => { if (lit) { parts.push({ t: 'lit', v: lit }); lit = ''; } };
    while (!this.eof()) {
      const c = this.peek();
      if (META.includes(c)) {
        if (cond && c === '(' && parts.length + lit.length === 0) break;
        if (c === '(' && lit.length && /[?*+@!]$/.test(lit)) { // extglob-ish: keep literal
          lit += this.balanced('(', ')'); continue;
        }
        break;
      }
      if (pattern && (c === '|' || c === ')')) break;
      if (c === '\\') {
        if (this.peek(1) === '\n') { this.i += 2; this.line++; continue; }
        flush();
        parts.push({ t: 'sq', v: this.peek(1) });
        this.i += 2;
        continue;
      }
      if (c === "'") {
        flush();
        const j = this.s.indexOf("'", this.i + 1);
        if (j < 0) { this.line += countNl(this.s.slice(this.i)); this.i = this.s.length; this.lexErr('quote', "'"); }
        const v = this.s.slice(this.i + 1, j);
        this.line += countNl(v);
        parts.push({ t: 'sq', v });
        this.i = j + 1;
        if (single) break;
        continue;
      }
      if (c === '"') {
        flush();
        this.i++;
        parts.push({ t: 'dq', p: this.dquoted() });
        if (single) break;
        continue;
      }
      if (c === '$') {
        if (this.peek(1) === "'") {
          flush();
          this.i += 2;
          let v = '';
          while (!this.eof() && this.peek() !== "'") {
            if (this.peek() === '\\') { const [ch, n] = ansiEscape(this.s, this.i + 1); v += ch; this.i += 1 + n; }
            else { v += this.peek(); this.i++; }
          }
          if (this.eof()) this.lexErr('quote', "'");
          this.i++;
          parts.push({ t: 'sq', v });
          continue;
        }
        const d = this.dollar();
        if (d) { flush(); parts.push(d); if (single) break; continue; }
        lit += '$'; this.i++;
        continue;
      }
      if (c === '`') { flush(); parts.push(this.backquote()); continue; }
      if (c === '~' && this.i === start) {
        const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|[\s;&|)<>:])/.exec(this.s.slice(this.i));
        if (m) { flush(); parts.push({ t: 'tilde', v: m[1]! }); this.i += m[0].length; continue; }
      }
      if (c === '\n') this.line++;
      lit += c; this.i++;
    }
    flush();
    if (this.i === start) return undefined;
    return parts;
  }
  balanced(open: string, close: string): string {
    let depth = 0; const s = this.i;
    while (!this.eof()) {
      const c = this.peek();
      if (c === open) depth++;
      else if (c === close) { depth--; if (depth === 0) { this.i++; break; } }
      this.i++;
    }
    return this.s.slice(s, this.i);
  }

  /** Inside "…", the cursor after the opening quote; consumes the closing quote. */
  dquoted(): Part[] {
    const parts: Part[] = [];
    let lit = '';
    const flush = () => { if (lit) { parts.push({ t: 'lit', v: lit }); lit = ''; } };
    for (;;) {
      if (this.eof()) this.lexErr('quote', '"');
      const c = this.peek();
      if (c === '"') { this.i++; break; }
      if (c === '\\') {
        const n = this.peek(1);
        if (n === '\n') { this.i += 2; this.line++; continue; }
        if ('$`"\\'.includes(n)) { lit += n; this.i += 2; continue; }
        lit += c; this.i++; continue;
      }
      if (c === '$') { const d = this.dollar(); if (d) { flush(); parts.push(d); continue; } lit += '$'; this.i++; continue; }
      if (c === '`') { flush(); parts.push(this.backquote(true)); continue; }
      if (c === '\n') this.line++;
      lit += c; this.i++;
    }
    flush();
    return parts;
  }

  /** At a `$`: an expansion, or undefined when the `$` is literal. */
  dollar(): Part | undefined {
    const n = this.peek(1);
    if (n === '(' && this.peek(2) === '(') {
      // $(( … )) — unless it is $( ( … ) … )
      const save = this.i, line = this.line;
      this.i += 3;
      try { const e = this.arithBody(); return { t: 'arith', e, w: this.subWord(e, line) }; } catch { this.i = save; this.line = line; }
    }
    if (n === '(') {
      this.i += 2;
      const c = this.list(() => this.peekOp() === ')');
      this.linebreak();
      if (!this.takeOp(')')) this.err();
      return { t: 'cmd', c };
    }
    if (n === '{') { this.i += 2; return this.braceParam(); }
    if (/[A-Za-z_]/.test(n)) {
      let j = this.i + 1;
      while (j < this.s.length && /[A-Za-z0-9_]/.test(this.s[j]!)) j++;
      const name = this.s.slice(this.i + 1, j);
      this.i = j;
      return { t: 'param', n: name };
    }
    if (/[0-9@*#?$!\-]/.test(n) && n !== '') { this.i += 2; return { t: 'param', n }; }
    return undefined;
  }

  /** After `${`: the whole ${…} form (a malformed one is kept as `bad`, an error when expanded, as shells do). */
  braceParam(): Part {
    const start = this.i;
    const line0 = this.line;
    const unterminated = (): never => { this.line = line0; this.lexErr('brace'); };
    const bad = (): Part => {
      // skip to the matching } (quotes and nested braces respected)
      let depth = 1;
      while (!this.eof()) {
        const c = this.peek();
        if (c === '\\') { this.i += 2; continue; }
        if (c === "'") { const j = this.s.indexOf("'", this.i + 1); if (j < 0) this.lexErr('quote', "'"); this.i = j + 1; continue; }
        if (c === '"') { this.i++; this.dquoted(); continue; }
        if (c === '{') depth++;
        if (c === '}' && --depth === 0) break;
        if (c === '\n') this.line++;
        this.i++;
      }
      if (this.eof()) unterminated();
      const text = '${' + this.s.slice(start, this.i) + '}';
      this.i++;
      return { t: 'param', n: '', bad: text };
    };
    const p: Part & { t: 'param' } = { t: 'param', n: '' };
    if (this.peek() === '#' && /[A-Za-z0-9_@*!?$#-]/.test(this.peek(1)) && !(/[-=?+]/.test(this.peek(1)) && this.peek(2) !== '}') && !(this.peek(1) === '#' && this.peek(2) !== '}')) { p.len = true; this.i++; }
    if (this.peek() === '!' && /[A-Za-z_@*]/.test(this.peek(1))) { p.op = 'indirect'; this.i++; }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!\-])/.exec(this.s.slice(this.i));
    if (!m) return bad();
    p.n = m[1]!;
    this.i += m[1]!.length;
    if (this.peek() === '[') {
      this.i++;
      const s0 = this.i; let depth = 1;
      while (!this.eof() && depth) { if (this.peek() === '[') depth++; if (this.peek() === ']') depth--; if (depth) this.i++; }
      if (this.eof()) unterminated();
      p.ind = [{ t: 'lit', v: this.s.slice(s0, this.i) }];
      this.i++;
    }
    if (this.peek() === '}') { this.i++; return p; }
    if (p.len) return bad();
    const rest = this.s.slice(this.i);
    const om = /^(:-|:=|:\?|:\+|-|=|\?|\+|##|#|%%|%|\/\/|\/#|\/%|\/|\^\^|\^|,,|,|:)/.exec(rest);
    if (!om) return bad();
    const op = om[1]!;
    this.i += op.length;
    p.op = p.op === 'indirect' ? 'indirect' + op : op;
    if (op === '/' || op === '//' || op === '/#' || op === '/%') {
      p.w = this.paramWord('/');
      if (this.peek() === '/') { this.i++; p.w2 = this.paramWord('}'); }
    } else if (op === ':') {
      p.w = this.paramWord(':');
      if (this.peek() === ':') { this.i++; p.w2 = this.paramWord('}'); }
    } else p.w = this.paramWord('}');
    if (this.eof()) unterminated();
    if (this.peek() !== '}') return bad();
    this.i++;
    return p;
  }
  /** A word inside ${…} up to an unquoted `stop` (or `}`), expansions allowed. */
  paramWord(stop: string): Word {
    const parts: Part[] = [];
    let lit = '';
    const flush = () => { if (lit) { parts.push({ t: 'lit', v: lit }); lit = ''; } };
    let depth = 0;
    while (!this.eof()) {
      const c = this.peek();
      if (c === '}' && depth === 0) break;
      if (c === stop && depth === 0 && stop !== '}') break;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (c === '\\') { flush(); parts.push({ t: 'sq', v: this.peek(1) }); this.i += 2; continue; }
      if (c === "'") { flush(); const j = this.s.indexOf("'", this.i + 1); if (j < 0) this.err(null); parts.push({ t: 'sq', v: this.s.slice(this.i + 1, j) }); this.i = j + 1; continue; }
      if (c === '"') { flush(); this.i++; parts.push({ t: 'dq', p: this.dquoted() }); continue; }
      if (c === '$') { const d = this.dollar(); if (d) { flush(); parts.push(d); continue; } }
      if (c === '`') { flush(); parts.push(this.backquote()); continue; }
      if (c === '\n') this.line++;
      lit += c; this.i++;
    }
    flush();
    return parts;
  }

  backquote(inDq = false): Part {
    this.i++;
    let inner = '';
    while (!this.eof() && this.peek() !== '`') {
      if (this.peek() === '\\' && (inDq ? '$`\\"' : '$`\\').includes(this.peek(1))) { inner += this.peek(1); this.i += 2; continue; }
      if (this.peek() === '\n') this.line++;
      inner += this.peek(); this.i++;
    }
    if (this.eof()) this.lexErr('backquote');
    this.i++;
    const sub = new Parser(inner);
    sub.nextId = this.nextId;
    sub.line = this.line;
    const c = sub.program(true);
    this.nextId = sub.nextId;
    return { t: 'cmd', c, bq: true };
  }
}

/**
 * A here-document body or an arithmetic expression: expansions ($x, ${…}, $(…), `…`) in literal text;
 * a backslash escapes $ ` \\ (and, in a here-document, a newline). Node ids continue from `nextId`.
 */
function parseDqBody(body: string, line: number, nextId: number, heredoc: boolean): { word: Word; nextId: number } {
  const p = new Parser(body + '\u0000');
  p.line = line;
  p.nextId = nextId;
  const parts: Part[] = [];
  let lit = '';
  const flush = () => { if (lit) { parts.push({ t: 'lit', v: lit }); lit = ''; } };
  while (p.i < body.length) {
    const c = p.peek();
    if (c === '\\' && (heredoc ? '$`\\\n' : '$`\\"').includes(p.peek(1))) {
      if (p.peek(1) !== '\n') lit += p.peek(1);
      p.i += 2; continue;
    }
    if (c === '$') { const d = p.dollar(); if (d) { flush(); parts.push(d); continue; } }
    if (c === '`') { flush(); parts.push(p.backquote(true)); continue; }
    lit += c; p.i++;
  }
  flush();
  return { word: [{ t: 'dq', p: parts }], nextId: p.nextId };
}

function addRedir(c: Cmd, r: Redir): void {
  if ('r' in c && Array.isArray((c as { r?: Redir[] }).r)) (c as { r: Redir[] }).r.push(r);
}

/** The text of a word with quotes removed, when it has no expansions. */
export function wordText(w: Word): string {
  let s = '';
  for (const p of w) {
    if (p.t === 'lit' || p.t === 'sq') s += p.v;
    else if (p.t === 'dq') s += wordText(p.p);
    else if (p.t === 'tilde') s += '~' + p.v;
    else s += '$';
  }
  return s;
}
/** The text of a word made only of unquoted literals (for operators in [[ ]]). */
function plainText(w: Word): string | undefined {
  return w.every(p => p.t === 'lit') ? w.map(p => (p as { v: string }).v).join('') : undefined;
}
function mergeLits(parts: Part[]): Word {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.t === 'lit' && last?.t === 'lit') last.v += p.v; else out.push(p);
  }
  return out;
}
function countNl(s: string): number { let n = 0; for (const c of s) if (c === '\n') n++; return n; }
/** Split on `sep` outside parentheses. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = []; let depth = 0; let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === sep && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** $'…' escapes: returns the character and how many source characters the escape used. */
export function ansiEscape(s: string, i: number): [string, number] {
  const c = s[i] ?? '';
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  if (c in simple) return [simple[c]!, 1];
  if (c === 'x') { const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1)); if (m) return [String.fromCharCode(parseInt(m[0], 16)), 1 + m[0].length]; }
  if (c === 'u' || c === 'U') { const m = /^[0-9a-fA-F]{1,8}/.exec(s.slice(i + 1)); if (m) return [String.fromCodePoint(parseInt(m[0], 16)), 1 + m[0].length]; }
  if (/[0-7]/.test(c)) { const m = /^[0-7]{1,3}/.exec(s.slice(i))!; return [String.fromCharCode(parseInt(m[0], 8)), m[0].length]; }
  return ['\\' + c, 1];
}
