// Word expansion, in POSIX order: tilde, parameter, command substitution and arithmetic, then field
// splitting on IFS, pathname expansion (globbing against the container's filesystem) and quote removal.
// The shell provides the environment through ExpandEnv; command substitution runs through it.
import type { Word, Part, List } from './ast';
import { evalArith, ArithError } from './arith';

export class ExpandError extends Error {
  constructor(msg: string, public status = 1, public fatal = true) { super(msg); }
}

export interface ExpandEnv {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** $@ as fields. */
  positional(): string[];
  special(ch: string): string | undefined;
  array?(name: string): string[] | undefined;
  /** Run a command substitution: its stdout. */
  cmdsub(list: List): string;
  /** Glob a pattern against the filesystem (absolute or relative to the cwd): sorted matches. */
  glob(pattern: string): string[];
  home(user: string): string | undefined;
  /** set -u */
  nounset: boolean;
  /** set -f */
  noglob: boolean;
  /** The shell's name for messages, and how it formats "parameter not set". */
  dialect: 'ash' | 'dash' | 'bash';
  /** A variable was read (for the lazy-loop bookkeeping of conditions). */
  onRead?(name: string): void;
  /** The locale is UTF-8 (lengths count characters, not bytes). */
  utf8?: boolean;
}

/** A field under construction: characters and, for each, whether it was quoted. */
interface Piece { s: string; q: boolean; splittable: boolean }

/** Expand words into fields. */
export function expandWords(words: Word[], env: ExpandEnv): string[] {
  const out: string[] = [];
  for (const w of words) for (const f of expandWord(w, env, true)) out.push(f);
  return out;
}

/** Expand one word to a single string (assignments, redirection targets, case subjects): no splitting or globbing. */
export function expandString(w: Word, env: ExpandEnv): string {
  return pieces(w, env, false).map(p => (p.s === FIELD_BREAK ? ' ' : p.s === EMPTY ? '' : p.s)).join('');
}
/** Expand a pattern (case, ${x#pat}): quoted characters are escaped so they match literally. */
export function expandPattern(w: Word, env: ExpandEnv): string {
  return pieces(w, env, false).map(p => (p.s === FIELD_BREAK ? ' ' : p.s === EMPTY ? '' : p.q ? escapeGlob(p.s) : p.s)).join('');
}

export function expandWord(w: Word, env: ExpandEnv, split: boolean): string[] {
  const ps = pieces(w, env, split);
  // "$@" in double quotes yields separate fields
  const fields = splitFields(ps, env, split);
  if (!split) return fields.map(f => f.map(p => p.s).join(''));
  const out: string[] = [];
  for (const f of fields) {
    const text = f.map(p => p.s).join('');
    const hasGlob = !env.noglob && f.some(p => !p.q && /[*?[]/.test(p.s)) && isPattern(f.map(p => (p.q ? escapeGlob(p.s) : p.s)).join(''));
    if (hasGlob) {
      const pat = f.map(p => (p.q ? escapeGlob(p.s) : p.s)).join('');
      const m = env.glob(pat);
      if (m.length) { out.push(...m); continue; }
    }
    out.push(text);
  }
  return out;
}

const FIELD_BREAK = '\u0000FB\u0000';
const EMPTY = '\u0000EMPTY\u0000';

function pieces(w: Word, env: ExpandEnv, split: boolean, inDq = false): Piece[] {
  const out: Piece[] = [];
  for (const p of w) expandPart(p, env, split, inDq, out);
  return out;
}

function expandPart(p: Part, env: ExpandEnv, split: boolean, inDq: boolean, out: Piece[]): void {
  switch (p.t) {
    case 'lit': out.push({ s: p.v, q: inDq, splittable: false }); return;
    case 'sq': out.push({ s: p.v, q: true, splittable: false }); return;
    case 'tilde': {
      const h = p.v === '' ? env.get('HOME') ?? '/' : env.home(p.v);
      out.push({ s: h ?? `~${p.v}`, q: true, splittable: false });
      return;
    }
    case 'dq': {
      const inner: Piece[] = [];
      for (const x of p.p) expandPart(x, env, split, true, inner);
      if (!inner.length) inner.push({ s: '', q: true, splittable: false });
      for (const x of inner) out.push({ ...x, q: true });
      return;
    }
    case 'cmd': {
      let s = env.cmdsub(p.c);
      s = s.replace(/\n+$/, '');
      out.push({ s, q: inDq, splittable: !inDq });
      return;
    }
    case 'arith': {
      // the expression undergoes parameter expansion and command substitution first
      const text = expandString(p.w, env);
      out.push({ s: String(arithValue(text, env)), q: inDq, splittable: !inDq });
      return;
    }
    case 'param': expandParam(p, env, inDq, out); return;
  }
}

/** Evaluate an expanded arithmetic text; errors are fatal expansion errors in each shell's words. */
export function arithValue(text: string, env: ExpandEnv): bigint {
  try {
    return evalArith(text, { get: n => { env.onRead?.(n); return env.get(n); }, set: (n, v) => env.set(n, v), dash: env.dialect === 'dash' });
  } catch (e) {
    if (e instanceof ArithError) throw new ExpandError(arithMessage(env.dialect, text, e), env.dialect === 'bash' ? 1 : 2);
    throw e;
  }
}

export function arithMessage(dialect: string, text: string, e: ArithError): string {
  if (dialect === 'bash') return `${text.replace(/^\s+/, '')}: ${e.message} (error token is "${e.token}")`;
  if (dialect === 'dash') {
    if (e.kind === 'illegal') return e.message;
    return `arithmetic expression: ${e.kind === 'div0' ? 'division by zero' : e.kind === 'eof' ? 'expecting EOF' : 'expecting primary'}: "${text}"`;
  }
  return e.kind === 'div0' ? 'divide by zero' : 'arithmetic syntax error';
}

/** A malformed or (in this shell) unsupported ${…}. */
function badSubstitution(env: ExpandEnv, text: string): ExpandError {
  if (env.dialect === 'bash') return new ExpandError(`${text}: bad substitution`, 1);
  if (env.dialect === 'dash') return new ExpandError('Bad substitution', 2);
  return new ExpandError('syntax error: bad substitution', 2);
}
/** The source text of a ${…} part (for bash's messages). */
function paramText(p: Part & { t: 'param' }): string {
  const w = (x?: Word) => (x ? x.map(q => ('v' in q ? q.v : q.t === 'dq' ? '"…"' : '$…')).join('') : '');
  return '${' + (p.len ? '#' : '') + p.n + (p.ind ? `[${w(p.ind)}]` : '') + (p.op ?? '') + w(p.w) + (p.w2 ? '/' + w(p.w2) : '') + '}';
}

function lookup(name: string, env: ExpandEnv): string | undefined {
  env.onRead?.(name);
  if (/^[0-9]+$/.test(name)) {
    const n = Number(name);
    if (n === 0) return env.special('0');
    return env.positional()[n - 1];
  }
  if (name.length === 1 && '@*#?$!-'.includes(name)) {
    if (name === '@' || name === '*') {
      const pos = env.positional();
      const ifs = env.get('IFS');
      return pos.length ? pos.join(ifs === undefined ? ' ' : ifs.slice(0, 1)) : undefined;
    }
    return env.special(name);
  }
  return env.get(name);
}

function expandParam(p: Part & { t: 'param' }, env: ExpandEnv, inDq: boolean, out: Piece[]): void {
  if (p.bad !== undefined) throw badSubstitution(env, p.bad);
  const name = p.n;
  if (p.op && env.dialect !== 'bash') {
    const base = p.op.replace(/^indirect/, '');
    const unsupported = p.op.startsWith('indirect') || /^[\^,]/.test(base) || (env.dialect === 'dash' && (base === ':' || base.startsWith('/')));
    if (unsupported) throw badSubstitution(env, paramText(p));
  }
  if (p.ind && env.dialect !== 'bash') throw badSubstitution(env, paramText(p));
  // ${!arr[@]}: the indices
  if (p.op === 'indirect' && p.ind && ['@', '*'].includes(wordLit(p.ind))) {
    const arr = env.array?.(name) ?? [];
    const idx = Object.keys(arr).filter(k => arr[Number(k)] !== undefined);
    if (inDq && wordLit(p.ind) === '@') idx.forEach((it, i) => { if (i) out.push({ s: FIELD_BREAK, q: true, splittable: false }); out.push({ s: it, q: true, splittable: false }); });
    else idx.forEach((it, i) => { if (i) out.push({ s: ' ', q: inDq, splittable: !inDq }); out.push({ s: it, q: inDq, splittable: !inDq }); });
    return;
  }
  // "$@", "${arr[@]}", and unquoted $* and ${arr[*]}: one field per element
  const star = name === '*' || (!!p.ind && wordLit(p.ind) === '*');
  if ((name === '@' || (p.ind && wordLit(p.ind) === '@') || (star && !inDq)) && !p.len && !p.op) {
    const items = name === '@' || name === '*' ? env.positional() : (env.array?.(name) ?? []).filter(x => x !== undefined);
    if (inDq) {
      items.forEach((it, i) => { if (i) out.push({ s: FIELD_BREAK, q: true, splittable: false }); out.push({ s: it, q: true, splittable: false }); });
      if (!items.length) out.push({ s: EMPTY, q: true, splittable: false });
    } else items.forEach((it, i) => { if (i) out.push({ s: ' ', q: false, splittable: true }); out.push({ s: it, q: false, splittable: true }); });
    return;
  }
  let value: string | undefined;
  if (p.ind) {
    const idx = wordLit(p.ind);
    const arr = env.array?.(name);
    if (idx === '*') { const ifs = env.get('IFS'); value = (arr ?? []).filter(x => x !== undefined).join(ifs === undefined ? ' ' : ifs.slice(0, 1)); }
    else if (p.len && idx === '@') { out.push({ s: String((arr ?? []).length), q: inDq, splittable: !inDq }); return; }
    else if (arr) {
      let i = 0;
      i = Number(arithValue(idx, env));
      value = arr[i < 0 ? arr.length + i : i];
    } else value = idx === '0' || idx === '@' ? lookup(name, env) : undefined;
  } else value = lookup(name, env);
  if (p.op?.startsWith('indirect')) {
    const target = value;
    value = target !== undefined ? lookup(target, env) : undefined;
    const rest = p.op.slice('indirect'.length);
    if (!rest) { push(value ?? ''); return; }
    p = { ...p, op: rest };
  }
  if (p.len) {
    if (name === '#' || name === '@' || name === '*') { push(String(env.positional().length)); return; }
    if (value === undefined && env.nounset) throw unsetError(env, name);
    push(String(env.utf8 ? [...(value ?? '')].length : Buffer.byteLength(value ?? '')));
    return;
  }
  const op = p.op;
  const word = () => (p.w ? expandString(p.w, env) : '');
  const pattern = () => (p.w ? expandPattern(p.w, env) : '');
  const isNull = value === undefined || value === '';
  switch (op) {
    case undefined:
      if (value === undefined && env.nounset && !['@', '*'].includes(name)) throw unsetError(env, name);
      push(value ?? '', true);
      return;
    case '-': case ':-':
      if (op === '-' ? value === undefined : isNull) { pushWord(); return; }
      push(value!, true); return;
    case '=': case ':=':
      if (op === '=' ? value === undefined : isNull) {
        if (/^[0-9@*#?$!-]/.test(name)) throw new ExpandError(env.dialect === 'bash' ? `$${name}: cannot assign in this way` : `${name}: bad variable name`, env.dialect === 'bash' ? 1 : 2);
        const v = word(); env.set(name, v); push(v, true); return;
      }
      push(value!, true); return;
    case '?': case ':?':
      if (op === '?' ? value === undefined : isNull) {
        const msg = word();
        const dflt = env.dialect === 'bash' ? 'parameter null or not set' : op === ':?' ? 'parameter not set or null' : 'parameter not set';
        throw new ExpandError(`${name}: ${msg || dflt}`, env.dialect === 'bash' ? 127 : 2);
      }
      push(value!, true); return;
    case '+': case ':+':
      if (op === '+' ? value !== undefined : !isNull) pushWord();
      return;
    case '#': case '##': {
      const v = value ?? '';
      push(removePrefix(v, pattern(), op === '##'), true); return;
    }
    case '%': case '%%': {
      const v = value ?? '';
      push(removeSuffix(v, pattern(), op === '%%'), true); return;
    }
    case '/': case '//': case '/#': case '/%': {
      const v = value ?? '';
      const pat = pattern();
      const rep = p.w2 ? expandString(p.w2, env) : '';
      push(replacePattern(v, pat, rep, op), true); return;
    }
    case ':': {
      const v = value ?? '';
      const ev = (t: string) => Number(arithValue(t, env));
      let off = ev(word() || '0');
      const chars = [...v];
      if (off < 0) off = Math.max(0, chars.length + off);
      let len = chars.length - off;
      if (p.w2) { const l = ev(expandString(p.w2, env) || '0'); len = l < 0 ? chars.length - off + l : l; }
      push(chars.slice(off, off + Math.max(0, len)).join(''), true); return;
    }
    case '^^': push((value ?? '').toUpperCase(), true); return;
    case ',,': push((value ?? '').toLowerCase(), true); return;
    case '^': { const v = value ?? ''; push(v.charAt(0).toUpperCase() + v.slice(1), true); return; }
    case ',': { const v = value ?? ''; push(v.charAt(0).toLowerCase() + v.slice(1), true); return; }
  }
  push(value ?? '', true);

  function push(s: string, _fromParam = false): void { out.push({ s, q: inDq, splittable: !inDq }); }
  function pushWord(): void {
    if (!p.w) return;
    for (const x of p.w) expandPart(x, env, true, inDq, out);
  }
}

function unsetError(env: ExpandEnv, name: string): ExpandError {
  if (env.dialect === 'bash') return new ExpandError(`${/^\d+$/.test(name) ? '$' + name : name}: unbound variable`, 127);
  return new ExpandError(`${name}: parameter not set`, 2);
}
function wordLit(w: import('./ast').Word): string { return w.map(p => ('v' in p ? p.v : '')).join(''); }

/**
 * Split pieces into fields on IFS (only the splittable, unquoted results of expansions), as POSIX says:
 * IFS white space at the ends is dropped; a non-white IFS character with the white space around it is
 * one delimiter; two non-white delimiters in a row enclose an empty field.
 */
function splitFields(ps: Piece[], env: ExpandEnv, split: boolean): Piece[][] {
  const ifs = env.get('IFS') ?? ' \t\n';
  const fields: Piece[][] = [];
  let cur: Piece[] = [];
  let curHas = false; // the field has content (or a quoted empty string)
  let delim: 'none' | 'ws' | 'nonws' = 'none';
  const isWs = (c: string) => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);
  const endField = () => { fields.push(cur); cur = []; curHas = false; };
  for (const p of ps) {
    if (p.s === FIELD_BREAK) { endField(); delim = 'none'; continue; }
    if (p.s === EMPTY) continue;
    if (!split || !p.splittable || !ifs) {
      cur.push(p);
      if (p.q || p.s !== '') { curHas = true; delim = 'none'; }
      continue;
    }
    let buf = '';
    const flush = () => { if (buf) { cur.push({ s: buf, q: false, splittable: false }); curHas = true; buf = ''; } };
    for (let i = 0; i < p.s.length; i++) {
      const c = p.s[i]!;
      if (!ifs.includes(c)) { buf += c; delim = 'none'; continue; }
      flush();
      if (isWs(c)) {
        if (curHas) { endField(); delim = 'ws'; }
      } else if (curHas) { endField(); delim = 'nonws'; }
      else if (delim === 'ws') delim = 'nonws';
      else { endField(); delim = 'nonws'; }
    }
    flush();
  }
  if (curHas) fields.push(cur);
  return fields;
}

// ------------------------------------------------------------------------- patterns

/** A word with a `*`, a `?` or a complete bracket expression outside escapes (else it matches only itself). */
function isPattern(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') { i++; continue; }
    if (c === '*' || c === '?') return true;
    if (c === '[' && findClassEnd(pat, i) > 0) return true;
  }
  return false;
}

export function escapeGlob(s: string): string { return s.replace(/[*?[\]\\]/g, c => '\\' + c); }

/** A shell pattern as a RegExp source (anchored by the caller). */
export function patternToRegex(pat: string): string {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) { re += escapeRe(pat[++i]!); continue; }
    if (c === '*') { re += '[\\s\\S]*'; continue; }
    if (c === '?') { re += '[\\s\\S]'; continue; }
    if (c === '[') {
      const j = findClassEnd(pat, i);
      if (j < 0) { re += '\\['; continue; }
      let body = pat.slice(i + 1, j);
      let neg = false;
      if (body.startsWith('!') || body.startsWith('^')) { neg = true; body = body.slice(1); }
      body = body.replace(/\[:(\w+):\]/g, (_, n: string) => ({ alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', xdigit: '0-9a-fA-F', punct: '!-\\/:-@\\[-`{-~' } as Record<string, string>)[n] ?? '');
      body = body.replace(/\\(?![a-zA-Z0-9])/g, '\\\\').replace(/]/g, '\\]');
      re += `[${neg ? '^' : ''}${body}]`;
      i = j;
      continue;
    }
    re += escapeRe(c);
  }
  return re;
}
function findClassEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++;
  for (; j < p.length; j++) {
    if (p[j] === '[' && p[j + 1] === ':') { const k = p.indexOf(':]', j + 2); if (k > 0) { j = k + 1; continue; } }
    if (p[j] === ']') return j;
  }
  return -1;
}
const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const reCache = new Map<string, RegExp>();
export function matchPattern(s: string, pat: string): boolean {
  let re = reCache.get(pat);
  if (!re) { re = new RegExp(`^${patternToRegex(pat)}$`); if (reCache.size > 500) reCache.clear(); reCache.set(pat, re); }
  return re.test(s);
}

function removePrefix(v: string, pat: string, longest: boolean): string {
  if (longest) { for (let i = v.length; i >= 0; i--) if (matchPattern(v.slice(0, i), pat)) return v.slice(i); }
  else { for (let i = 0; i <= v.length; i++) if (matchPattern(v.slice(0, i), pat)) return v.slice(i); }
  return v;
}
function removeSuffix(v: string, pat: string, longest: boolean): string {
  if (longest) { for (let i = 0; i <= v.length; i++) if (matchPattern(v.slice(i), pat)) return v.slice(0, i); }
  else { for (let i = v.length; i >= 0; i--) if (matchPattern(v.slice(i), pat)) return v.slice(0, i); }
  return v;
}
function replacePattern(v: string, pat: string, rep: string, op: string): string {
  if (!pat) return v;
  if (op === '/#') { for (let i = v.length; i >= 0; i--) if (matchPattern(v.slice(0, i), pat)) return rep + v.slice(i); return v; }
  if (op === '/%') { for (let i = 0; i <= v.length; i++) if (matchPattern(v.slice(i), pat)) return v.slice(0, i) + rep; return v; }
  let out = '';
  let i = 0;
  let done = false;
  while (i < v.length) {
    if (!done) {
      let matched = -1;
      for (let j = v.length; j > i; j--) if (matchPattern(v.slice(i, j), pat)) { matched = j; break; }
      if (matched > 0) { out += rep; i = matched; if (op === '/') done = true; continue; }
    }
    out += v[i]; i++;
  }
  return out;
}
