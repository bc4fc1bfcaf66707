// POSIX regular expressions (basic and extended, with the GNU extensions grep, sed and awk accept:
// \+ \? \| in BRE, \w \s \b \< \>, back-references) translated to JavaScript RegExps. Matching is
// JavaScript's leftmost-first rather than POSIX leftmost-longest, which differs only for alternations
// whose branches are prefixes of each other.

export class RegexError extends Error {}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: '0-9A-Za-z', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f', xdigit: '0-9A-Fa-f', word: '\\w',
};

/** Translate a POSIX pattern; `ere` for extended syntax. Throws RegexError with GNU's wording. */
export function posixToJs(pat: string, ere: boolean, o: { awk?: boolean } = {}): string {
  let out = '';
  let i = 0;
  let groups = 0;
  const open: number[] = [];
  // where an anchor or a leading `*` counts as special in a BRE: at the start, after \( or \|
  let atStart = true;
  while (i < pat.length) {
    const c = pat[i]!;
    const start = atStart;
    atStart = false;
    if (c === '\\') {
      const n = pat[i + 1];
      i += 2;
      if (n === undefined) throw new RegexError('Trailing backslash');
      if (!ere && n === '(') { groups++; open.push(groups); out += '('; atStart = true; continue; }
      if (!ere && n === ')') { if (!open.length) throw new RegexError('Unmatched ) or \\)'); open.pop(); out += ')'; continue; }
      if (!ere && n === '|') { out += '|'; atStart = true; continue; }
      if (!ere && (n === '+' || n === '?')) { out += n; continue; }
      if (!ere && n === '{') { const r = interval(pat, i, true); out += r.s; i = r.i; continue; }
      if (/[1-9]/.test(n)) { if (Number(n) > groups && !o.awk) throw new RegexError('Invalid back reference'); out += '\\' + n; continue; }
      if (n === '<') { out += '\\b(?=\\w)'; continue; }
      if (n === '>') { out += '\\b(?<=\\w)'; continue; }
      if (n === '`') { out += '^'; continue; }
      if (n === "'") { out += '$'; continue; }
      if ('wWsSbB'.includes(n)) { out += '\\' + n; continue; }
      if (o.awk) {
        const esc: Record<string, string> = { n: '\\n', t: '\\t', r: '\\r', f: '\\f', v: '\\v', a: '\\x07', b: '\\x08', '/': '\\/', '"': '"' };
        if (n in esc) { out += esc[n]; continue; }
      } else if (n === 'n') { out += '\\n'; continue; } else if (n === 't') { out += '\\t'; continue; }
      out += escapeChar(n);
      continue;
    }
    if (c === '[') { const r = bracket(pat, i); out += r.s; i = r.i; continue; }
    if (c === '.') { out += '.'; i++; continue; }
    if (c === '*') {
      if (start || (ere && /[(|]$/.test(out))) { out += ere ? '' : '\\*'; i++; if (!ere) continue; continue; }
      out += '*'; i++; continue;
    }
    if (c === '^') {
      if (ere || start) { out += '^'; atStart = !ere ? true : atStart; i++; if (!ere) atStart = true; continue; }
      out += '\\^'; i++; continue;
    }
    if (c === '$') {
      const rest = pat.slice(i + 1);
      if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) { out += '$'; i++; continue; }
      out += '\\$'; i++; continue;
    }
    if (ere) {
      if (c === '(') { groups++; open.push(groups); out += '('; i++; atStart = true; continue; }
      if (c === ')') {
        if (!open.length) { out += '\\)'; i++; continue; }
        open.pop(); out += ')'; i++; continue;
      }
      if (c === '|') { out += '|'; i++; atStart = true; continue; }
      if (c === '+' || c === '?') { if (start || /[(|]$/.test(out)) { out += '\\' + c; i++; continue; } out += c; i++; continue; }
      if (c === '{') {
        const r = interval(pat, i + 1, false);
        if (r.ok) { out += r.s; i = r.i; continue; }
        out += '\\{'; i++; continue;
      }
    }
    out += escapeChar(c);
    i++;
  }
  if (open.length) throw new RegexError(ere ? 'Unmatched ( or \\(' : 'Unmatched ( or \\(');
  return out;
}

function escapeChar(c: string): string { return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c; }

/** {m,n} (after the brace); `bre` for \{m,n\}. */
function interval(pat: string, i: number, bre: boolean): { s: string; i: number; ok: boolean } {
  const close = bre ? '\\}' : '}';
  const j = pat.indexOf(close, i);
  if (j < 0) { if (bre) throw new RegexError('Unmatched \\{'); return { s: '', i, ok: false }; }
  const body = pat.slice(i, j);
  if (!/^\d*(,\d*)?$/.test(body) || body === '' || body === ',') { if (bre) throw new RegexError('Invalid content of \\{\\}'); return { s: '', i, ok: false }; }
  const [a, b] = body.split(',');
  if (b !== undefined && b !== '' && Number(b) < Number(a || 0)) throw new RegexError('Invalid content of \\{\\}');
  return { s: `{${a || 0}${b !== undefined ? ',' + b : ''}}`, i: j + close.length, ok: true };
}

/** A bracket expression at i: [abc] [^a-z] []x] [[:alpha:]]; backslash is literal inside (POSIX). */
function bracket(pat: string, i: number): { s: string; i: number } {
  let j = i + 1;
  let neg = false;
  if (pat[j] === '^') { neg = true; j++; }
  let body = '';
  let first = true;
  for (;;) {
    if (j >= pat.length) throw new RegexError('Unmatched [, [^, [:, [., or [=');
    const c = pat[j]!;
    if (c === ']' && !first) { j++; break; }
    first = false;
    if (c === '[' && pat[j + 1] === ':') {
      const k = pat.indexOf(':]', j + 2);
      if (k < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      const name = pat.slice(j + 2, k);
      if (!(name in CLASSES)) throw new RegexError('Invalid character class name');
      body += CLASSES[name];
      j = k + 2;
      continue;
    }
    if (c === '[' && (pat[j + 1] === '.' || pat[j + 1] === '=')) {
      const end = pat.indexOf(pat[j + 1] + ']', j + 2);
      if (end < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      body += escapeClass(pat.slice(j + 2, end));
      j = end + 2;
      continue;
    }
    if (c === '-' && body && pat[j + 1] !== ']' && pat[j + 1] !== undefined) { body += '-'; j++; continue; }
    body += escapeClass(c);
    j++;
  }
  if (!body) return { s: neg ? '[^]' : '(?!)', i: j };
  return { s: `[${neg ? '^' : ''}${body}]`, i: j };
}
function escapeClass(s: string): string { return s.replace(/[\]\\^[-]/g, '\\$&'); }

const cache = new Map<string, RegExp>();
/** A compiled POSIX regex (cached). flags: JS flags ('g', 'i', 'm'…). */
export function compile(pat: string, ere: boolean, flags = '', o: { awk?: boolean } = {}): RegExp {
  const key = `${ere ? 'E' : 'B'}${o.awk ? 'A' : ''}${flags}\u0000${pat}`;
  let re = cache.get(key);
  if (!re) {
    const src = posixToJs(pat, ere, o);
    try { re = new RegExp(src, flags.includes('s') ? flags : flags + 's'); }
    catch { throw new RegexError('Invalid regular expression'); }
    if (cache.size > 300) cache.clear();
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}
