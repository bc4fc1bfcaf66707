// kubectl's YAML printer: the object marshalled to JSON, then to YAML by sigs.k8s.io/yaml (a go-yaml v2 fork).
// This is a small emitter with go-yaml v2's rules: keys in its "natural" order, two-space indent, sequences
// not indented under their key, empty collections as {} and [], the same scalar style choice (plain,
// 'single', "double", | literal), and plain / quoted strings folded at spaces past column 80.
import { formatFloatG } from './jsonpath';
import { CliError } from '../../api/errors';

const BEST_WIDTH = 80;

export function goYAML(v: unknown): string {
  const e = new Emitter();
  e.node(throughJSON(v), -1, { mapping: false, simpleKey: false, root: true });
  e.writeIndent(0); // document end
  return e.out;
}

/**
 * sigs.k8s.io/yaml reads the JSON text back with the YAML parser before emitting it, so what Go's JSON encoder
 * leaves raw in a string is read as YAML: C1 controls and DEL are refused, and NEL is a line break that
 * folds (one break becomes a space, n breaks become n-1 newlines, spaces around them dropped).
 */
function throughJSON(v: unknown): unknown {
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return v.map(throughJSON);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[str(k)] = throughJSON(x);
    return out;
  }
  return v;
}
function str(s: string): string {
  if (/[\x7f-\x84\x86-\x9f\ufffe\uffff]/.test(s)) throw new CliError('yaml: control characters are not allowed');
  if (!s.includes('\u0085')) return s;
  return s.replace(/ *(?:\u0085 *)+/g, m => { const n = m.split('\u0085').length - 1; return n === 1 ? ' ' : '\n'.repeat(n - 1); });
}

interface Ctx { mapping: boolean; simpleKey: boolean; root: boolean }

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  openEnded = false;

  private put(s: string): void { this.out += s; this.column += 1; }
  private write(ch: string): void { this.out += ch; this.column += 1; }
  putBreak(): void { this.out += '\n'; this.column = 0; }

  writeIndent(indent: number): void {
    if (indent < 0) indent = 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  indicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out += ind; this.column += [...ind].length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  node(v: unknown, indent: number, ctx: Ctx): void {
    if (Array.isArray(v)) {
      const items = v.map(x => (x === undefined ? null : x));
      if (!items.length) { this.indicator('[', true, true, false); this.indicator(']', false, false, false); return; }
      const ind = indent < 0 ? 0 : (ctx.mapping && !this.indention) ? indent : indent + 2;
      for (const it of items) {
        this.writeIndent(ind);
        this.indicator('-', true, false, true);
        this.node(it, ind, { mapping: false, simpleKey: false, root: false });
      }
      return;
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).filter(k => o[k] !== undefined).sort(naturalCompare);
      if (!keys.length) { this.indicator('{', true, true, false); this.indicator('}', false, false, false); return; }
      const ind = indent < 0 ? 0 : indent + 2;
      for (const k of keys) {
        this.writeIndent(ind);
        const simple = !k.includes('\n') && !/[\r\u0085\u2028\u2029]/.test(k) && Buffer.byteLength(k) <= 128;
        if (simple) {
          this.scalar(k, true, ind, { mapping: false, simpleKey: true, root: false });
          this.indicator(':', false, false, false);
        } else {
          this.indicator('?', true, false, true);
          this.scalar(k, true, ind, { mapping: true, simpleKey: false, root: false });
          this.writeIndent(ind);
          this.indicator(':', true, false, true);
        }
        this.node(o[k], ind, { mapping: true, simpleKey: false, root: false });
      }
      return;
    }
    this.scalar(v, false, indent, ctx);
  }

  private scalar(v: unknown, _isKey: boolean, indent: number, ctx: Ctx): void {
    // A scalar's own indent (for folded lines) is one step in from the collection it belongs to.
    const ind = indent < 0 ? 2 : indent + 2;
    if (v === null || v === undefined) return this.plain('null', ind, ctx);
    if (typeof v === 'boolean') return this.plain(String(v), ind, ctx);
    if (typeof v === 'number') {
      const s = Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? String(v)
        : (Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : formatFloatG(v));
      return this.plain(s, ind, ctx);
    }
    const s = String(v);
    let style: 'plain' | 'single' | 'double' | 'literal';
    const canUsePlain = resolvesToString(s) && !isBase60Float(s);
    if (s.includes('\n')) style = 'literal';
    else if (canUsePlain) style = 'plain';
    else style = 'double';
    const a = analyze(s);
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (!s.length && ctx.simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || ctx.simpleKey)) style = 'double';
    switch (style) {
      case 'plain': return this.plain(s, ind, ctx);
      case 'single': return this.single(s, ind, ctx);
      case 'double': return this.double(s, ind, ctx);
      case 'literal': return this.literal(s, ind);
    }
  }

  private plain(s: string, ind: number, ctx: Ctx): void {
    const allowBreaks = !ctx.simpleKey;
    if (!this.whitespace) this.put(' ');
    const cs = [...s];
    let spaces = false;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && cs[i + 1] !== ' ') this.writeIndent(ind);
        else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
    if (ctx.root) this.openEnded = true;
  }

  private single(s: string, ind: number, ctx: Ctx): void {
    const allowBreaks = !ctx.simpleKey;
    this.indicator("'", true, false, false);
    const cs = [...s];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== cs.length - 1 && cs[i + 1] !== ' ') this.writeIndent(ind);
        else this.write(c);
        spaces = true;
      } else if (isBreak(c.codePointAt(0)!)) {
        if (!breaks && c === '\n') this.putBreak();
        if (c === '\n') this.putBreak(); else { this.out += c; this.column = 0; }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) { this.writeIndent(ind); breaks = false; }
        if (c === "'") this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private double(s: string, ind: number, ctx: Ctx): void {
    const allowBreaks = !ctx.simpleKey;
    this.indicator('"', true, false, false);
    const cs = [...s];
    let spaces = false;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(cp) || c === '"' || c === '\\') {
        this.out += escapeDouble(cp);
        this.column += escapeDouble(cp).length;
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== cs.length - 1) {
          this.writeIndent(ind);
          if (cs[i + 1] === ' ') this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(s: string, ind: number): void {
    this.indicator('|', true, false, false);
    // block scalar hints
    const cs = [...s];
    const first = cs[0]?.codePointAt(0);
    if (first !== undefined && (first === 0x20 || isBreak(first))) this.indicator('2', false, false, false);
    this.openEnded = false;
    let chomp = '';
    if (!cs.length) chomp = '-';
    else {
      const last = cs[cs.length - 1]!.codePointAt(0)!;
      if (!isBreak(last)) chomp = '-';
      else if (cs.length === 1) { chomp = '+'; }
      else if (isBreak(cs[cs.length - 2]!.codePointAt(0)!)) chomp = '+';
    }
    if (chomp) this.indicator(chomp, false, false, false);
    const ended = chomp === '+';
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      const cp = c.codePointAt(0)!;
      if (isBreak(cp)) {
        if (c === '\n') this.putBreak();
        else if (c === '\r' && cs[i + 1] === '\n') { i++; this.putBreak(); }
        else { this.out += c; this.column = 0; }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) { this.writeIndent(ind); breaks = false; }
        this.write(c);
        this.indention = false;
      }
    }
    if (ended) this.openEnded = true;
  }
}

function escapeDouble(cp: number): string {
  switch (cp) {
    case 0x00: return '\\0';
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x09: return '\\t';
    case 0x0a: return '\\n';
    case 0x0b: return '\\v';
    case 0x0c: return '\\f';
    case 0x0d: return '\\r';
    case 0x1b: return '\\e';
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    case 0x85: return '\\N';
    case 0xa0: return '\\_';
    case 0x2028: return '\\L';
    case 0x2029: return '\\P';
  }
  const h = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return '\\x' + h.padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + h.padStart(4, '0');
  return '\\U' + h.padStart(8, '0');
}

const isPrintable = (c: number) => c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
const isBreak = (c: number) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;

interface Analysis { multiline: boolean; blockPlainAllowed: boolean; singleQuotedAllowed: boolean; blockAllowed: boolean }

/** yaml_emitter_analyze_scalar, for block context. */
function analyze(s: string): Analysis {
  if (!s.length) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  let lineBreaks = false, special = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  const cs = [...s];
  let precededByWhitespace = true;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const cp = c.codePointAt(0)!;
    const nx = cs[i + 1];
    const followedByWhitespace = nx === undefined || nx === ' ' || nx === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if (c === '?' || c === ':') { if (followedByWhitespace) blockIndicators = true; }
      else if (c === '-') { if (followedByWhitespace) blockIndicators = true; }
    } else {
      if (c === ':') { if (followedByWhitespace) blockIndicators = true; }
      else if (c === '#') { if (precededByWhitespace) blockIndicators = true; }
    }
    if (!isPrintable(cp)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === cs.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true; previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cs.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false; previousBreak = true;
    } else {
      previousSpace = false; previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak(cp);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) { a.blockPlainAllowed = false; a.singleQuotedAllowed = false; }
  if (spaceBreak || special) { a.blockPlainAllowed = false; a.singleQuotedAllowed = false; a.blockAllowed = false; }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const RESOLVE_MAP = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO',
  'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Whether go-yaml v2's resolver would read the plain scalar back as a string. */
function resolvesToString(s: string): boolean {
  const c = s[0] ?? '';
  const hint = s === '' ? 'N' : (c === '+' || c === '-') ? 'S' : (c >= '0' && c <= '9') ? 'D' : 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : '';
  if (!hint) return true;
  if (RESOLVE_MAP.has(s)) return false;
  if (hint === '.') return !goParseFloatOK(s);
  if (hint === 'D' || hint === 'S') {
    if (isTimestamp(s)) return false;
    const plain = s.replace(/_/g, '');
    if (goParseIntOK(plain)) return false;
    if (YAML_FLOAT.test(plain)) return false;
  }
  return true;
}
/** strconv.ParseInt(s, 0, 64) or ParseUint succeeds (underscores already removed). */
function goParseIntOK(s: string): boolean {
  const m = /^([+-]?)([\s\S]*)$/.exec(s)!;
  const sign = m[1]!, body = m[2]!;
  let n: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) n = BigInt(body);
  else if (/^0[bB][01]+$/.test(body)) n = BigInt(body);
  else if (/^0[oO][0-7]+$/.test(body)) n = BigInt('0o' + body.slice(2));
  else if (/^0[0-7]*$/.test(body)) n = body.length > 1 ? BigInt('0o' + body.slice(1)) : 0n;
  else if (/^[1-9][0-9]*$/.test(body)) n = BigInt(body);
  else return false;
  if (sign === '-') return n <= 2n ** 63n;
  if (sign === '+') return n < 2n ** 63n;
  return n < 2n ** 64n;
}
/** strconv.ParseFloat for strings that start with '.'. */
function goParseFloatOK(s: string): boolean {
  return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) || /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/.test(s);
}
function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(s)
    ?? /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?()$/.exec(s);
  if (!m) return false;
  if (+m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) return false;
  const tz = m[8];
  if (tz && tz !== 'Z' && (+tz.slice(1, 3) > 23 || +tz.slice(4, 6) > 59)) return false;
  return validDate(+m[1]!, +m[2]!, +m[3]!);
}
function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= dim;
}
function isBase60Float(s: string): boolean {
  if (!s || !/^[-+0-9]/.test(s) || !s.includes(':')) return false;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

/** go-yaml v2's key order (sorter.go): letters after non-letters, digit runs compared as numbers. */
export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  return naturalLess(a, b) ? -1 : 1;
}
function naturalLess(a: string, b: string): boolean {
  const ar = [...a], br = [...b];
  const isLetter = (c: string) => /^\p{L}$/u.test(c);
  const isDig = (c: string | undefined) => c !== undefined && /^\p{Nd}$/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!), bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0, bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDig(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1; bn = 1; break; }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDig(ar[ai]); ai++) an = an * 10 + (ar[ai]!.codePointAt(0)! - 48);
    for (; bi < br.length && isDig(br[bi]); bi++) bn = bn * 10 + (br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}
