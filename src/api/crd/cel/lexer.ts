// CEL source positions as cel-go reports them: cel-go places an expression at its operator token (the `.` of
// a selection, the `(` of a call, the `==` of a comparison, the `[` of an index, the `?` of a conditional),
// and prints issues as `ERROR: <input>:LINE:COL: msg` with the source line and a caret (common/error.go).
// cel-js nodes carry their start/end offsets; the tokens here find the operator between them.

export interface Token { text: string; pos: number; end: number }

const PUNCT = ['==', '!=', '<=', '>=', '&&', '||', '!', '<', '>', '+', '-', '*', '/', '%', '?', ':', '.', ',', '[', ']', '(', ')', '{', '}'];

/** The tokens of a CEL expression (strings, numbers and identifiers whole; comments and spaces skipped). */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    const start = i;
    // string and bytes literals, with r/b prefixes and triple quotes
    let k = i;
    while (k < i + 2 && /[rRbB]/.test(src[k] ?? '')) k++;
    if (src[k] === '"' || src[k] === "'") {
      const raw = /[rR]/.test(src.slice(i, k));
      const q = src[k]!;
      const close = src.slice(k, k + 3) === q.repeat(3) ? q.repeat(3) : q;
      let j = k + close.length;
      while (j < src.length && src.slice(j, j + close.length) !== close) {
        if (!raw && src[j] === '\\') j++;
        if (close.length === 1 && src[j] === '\n') break;
        j++;
      }
      j = Math.min(src.length, j + close.length);
      out.push({ text: src.slice(start, j), pos: start, end: j });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      out.push({ text: src.slice(i, j), pos: i, end: j });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:0[xX][0-9a-fA-F]+[uU]?|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?[uU]?)/.exec(src.slice(i))!;
      out.push({ text: m[0], pos: i, end: i + m[0].length });
      i += m[0].length || 1;
      continue;
    }
    const p = PUNCT.find(x => src.startsWith(x, i));
    const text = p ?? c;
    out.push({ text, pos: i, end: i + text.length });
    i += text.length;
  }
  return out;
}

/** The first token with this text at or after offset `from` (and before `to`). */
export function tokenAfter(tokens: Token[], text: string, from: number, to = Infinity): Token | undefined {
  return tokens.find(t => t.pos >= from && t.pos < to && t.text === text);
}

/** Line (1-based) and column (0-based, in code points) of an offset. */
export function lineCol(src: string, pos: number): { line: number; col: number; text: string } {
  let line = 1, lineStart = 0;
  for (let i = 0; i < pos && i < src.length; i++) if (src[i] === '\n') { line++; lineStart = i + 1; }
  let lineEnd = src.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = src.length;
  const col = [...src.slice(lineStart, pos)].length;
  return { line, col, text: src.slice(lineStart, lineEnd) };
}

/** One issue as cel-go's Error.ToDisplayString prints it. */
export function displayIssue(src: string, pos: number, message: string): string {
  const { line, col, text } = lineCol(src, pos);
  let out = `ERROR: <input>:${line}:${col + 1}: ${message}`;
  if (text.length <= 16384) {
    const snippet = text.replace(/\t/g, ' ');
    const chars = [...snippet];
    let ind = '';
    for (let i = 0; i < col && i < chars.length; i++) ind += chars[i]!.length > 1 || chars[i]!.charCodeAt(0) > 0x7f ? '\uff0e' : '.';
    const at = chars[col];
    ind += at && (at.length > 1 || at.charCodeAt(0) > 0x7f) ? '\uff3e' : '^';
    out += `\n | ${snippet}\n | ${ind}`;
  }
  return out;
}
