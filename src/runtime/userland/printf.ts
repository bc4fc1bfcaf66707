// printf and echo: the shells' builtins (dash, bash, busybox ash) and the standalone programs (busybox,
// GNU coreutils), which agree on formatting and differ on escapes (dash's printf knows no \x), on
// numbers that do not parse (busybox prints 0, the others the leading digits) and on every message.
import type { CmdCtx, CmdResult } from '../types';
import { isBusybox } from './index';
import { toBytes, fromBytes } from '../bytes';

type Flavor = 'bb' | 'dash' | 'bash' | 'gnu';
const flavorOf = (c: CmdCtx): Flavor => (c.shell === 'dash' ? 'dash' : c.shell === 'bash' ? 'bash' : c.shell === 'ash' || isBusybox(c) ? 'bb' : 'gnu');

/** A byte written by an escape: ASCII as itself, anything above as a raw byte (see bytes.ts). */
const byteChar = (b: number) => (b < 0x80 ? String.fromCharCode(b) : String.fromCharCode(0xdc00 + b));
/** Raw bytes that form UTF-8 become their characters. */
const canon = (s: string) => (/[\uDC80-\uDCFF]/.test(s) ? fromBytes(toBytes(s)) : s);

/** Backslash escapes: `echo -e`/`%b` style (\0NNN octal, \c stops) or format style (\NNN octal). */
export function unescape(s: string, mode: 'echo' | 'format' | 'b', fl: Flavor = 'gnu'): { s: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\' || i + 1 >= s.length) { out += ch; continue; }
    const n = s[++i]!;
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'e': case 'E': if (fl === 'bash' || fl === 'gnu' || n === 'e') { out += '\x1b'; break; } out += '\\' + n; break;
      case '\\': out += '\\'; break;
      case '"': if (mode === 'format' && fl !== 'dash') { out += '"'; break; } out += '\\"'; break;
      case 'c':
        if (mode === 'format' && fl !== 'dash') { out += '\\c'; break; }
        return { s: out, stop: true };
      case 'x': {
        if (fl === 'dash') { out += '\\x'; break; }
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (m) { out += byteChar(parseInt(m[0], 16)); i += m[0].length; } else out += '\\x';
        break;
      }
      case '0':
        if (mode !== 'format') {
          const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
          out += byteChar(parseInt(m || '0', 8) & 255); i += m.length; break;
        }
      // fall through: \0NN in a format is octal NN
      default:
        if (/[0-7]/.test(n) && (mode === 'format' || (mode === 'b' && fl !== 'bb' && false))) {
          const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
          out += byteChar(parseInt(m, 8) & 255); i += m.length - 1;
        } else out += '\\' + n;
    }
  }
  return { s: out, stop: false };
}

export function echo(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  const fl = flavorOf(c);
  // dash's echo always interprets escapes and knows only -n; the others take -n -e -E in any combination
  let newline = true, escapes = fl === 'dash';
  let i = 0;
  if (fl === 'dash') { if (args[0] === '-n') { newline = false; i = 1; } }
  else {
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (!/^-[neE]+$/.test(a)) break;
      for (const ch of a.slice(1)) { if (ch === 'n') newline = false; else if (ch === 'e') escapes = true; else escapes = false; }
    }
  }
  let out = args.slice(i).join(' ');
  if (escapes) {
    const r = unescape(out, 'echo', fl);
    out = r.s;
    if (r.stop) newline = false;
  }
  if (!c.write(canon(out + (newline ? '\n' : '')))) return 1;
  return 0;
}

class FmtError { constructor(public msg: string) {} }

export function printf(c: CmdCtx): CmdResult {
  const fl = flavorOf(c);
  let args = c.argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  if (!args.length) {
    if (fl === 'bb' && !c.shell) { const { bbUsage } = require('./lib') as typeof import('./lib'); c.write(bbUsage(c), 2); return 1; }
    if (fl === 'bb') c.err('printf: usage: printf FORMAT [ARGUMENT...]');
    else if (fl === 'dash') c.err('printf: usage: printf format [arg ...]');
    else if (fl === 'bash') c.write('printf: usage: printf [-v var] format [arguments]\n', 2);
    else c.err("printf: missing operand\nTry 'printf --help' for more information.");
    return fl === 'gnu' ? 1 : 2;
  }
  const fmt = args[0]!;
  const rest = args.slice(1);
  let out = '';
  let ai = 0;
  let rc = 0;
  const next = () => (ai < rest.length ? rest[ai++]! : undefined);
  const bad = (a: string, partial: boolean) => {
    rc = 1;
    if (fl === 'bb') c.err(`printf: invalid number '${a}'`);
    else if (fl === 'dash') c.err(`printf: ${a}: ${partial ? 'not completely converted' : 'expected numeric value'}`);
    else if (fl === 'bash') c.err(`printf: ${a}: invalid number`);
    else c.err(`printf: '${a}': ${partial ? 'value not completely converted' : 'expected a numeric value'}`);
  };
  const intArg = (a: string | undefined): bigint => {
    if (a === undefined) return 0n;
    const t = a.replace(/^\s+/, '');
    if (/^['"]/.test(t)) return t.length > 1 ? BigInt(t.codePointAt(1)!) : 0n;
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(t);
    const val = () => { const b = m![2]!; const v = /^0[xX]/.test(b) ? BigInt(b) : /^0[0-7]+$/.test(b) ? BigInt('0o' + b.slice(1)) : BigInt(b); return m![1] === '-' ? -v : v; };
    if (m && m[0].length === t.length) return val();
    bad(a, !!m);
    if (!m || fl === 'bb') return 0n;
    return val();
  };
  const floatArg = (a: string | undefined): number => {
    if (a === undefined) return 0;
    const t = a.trim();
    if (/^['"]/.test(t)) return t.codePointAt(1) ?? 0;
    const v = Number(t);
    if (t !== '' && !Number.isNaN(v)) return v;
    const m = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(t);
    bad(a, !!m);
    return m ? Number(m[0]) : 0;
  };
  try {
    for (let pass = 0; pass < 100000; pass++) {
      let consumed = false;
      for (let i = 0; i < fmt.length; i++) {
        const ch = fmt[i]!;
        if (ch === '\\') {
          const m = /^\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(fmt.slice(i));
          const len = m ? m[0].length : 1;
          const e = unescape(fmt.slice(i, i + len), 'format', fl);
          if (e.stop) { c.write(canon(out)); return rc; }
          out += e.s;
          i += len - 1;
          continue;
        }
        if (ch !== '%') { out += ch; continue; }
        const m = (fl === 'dash' ? /^%([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?()(.?)/s : /^%([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?([hlLqjzt]*)(.?)/s).exec(fmt.slice(i))!;
        const conv = m[5]!;
        if (conv === '%' && m[0] === '%%') { out += '%'; i++; continue; }
        if (!'diouxXeEfFgGcsbq'.includes(conv) || conv === '' || (conv === 'q' && fl !== 'bash')) {
          const spec = fmt.slice(i, i + m[0].length);
          if (fl === 'bb') throw new FmtError(`printf: ${fmt.slice(i).replace(/^(%[-+ 0#]*(?:\*|\d+)?(?:\.(?:\*|\d*))?)[hlLqjzt]+/, '$1')}: invalid format`);
          if (fl === 'dash') throw new FmtError(`printf: ${spec}: invalid directive`);
          if (fl === 'bash') throw new FmtError(`printf: \`${conv || '%'}': invalid format character`);
          throw new FmtError(`printf: ${spec}: invalid conversion specification`);
        }
        i += m[0].length - 1;
        const flags = m[1]!;
        let width = m[2] === '*' ? Number(intArg(next())) : m[2] ? Number(m[2]) : undefined;
        const prec = m[3] === '*' ? Number(intArg(next())) : m[3] !== undefined ? Number(m[3] || 0) : undefined;
        const arg = next();
        if (arg !== undefined) consumed = true;
        let s: string;
        let numeric = false;
        switch (conv) {
          case 's': s = arg ?? ''; if (prec !== undefined) s = s.slice(0, prec); break;
          case 'b': {
            const e = unescape(arg ?? '', 'b', fl);
            s = e.s;
            if (prec !== undefined) s = s.slice(0, prec);
            if (e.stop) { out += pad(s, width, flags); c.write(canon(out)); return rc; }
            break;
          }
          case 'c': s = arg === undefined ? '' : arg === '' ? '\0' : String.fromCodePoint(arg.codePointAt(0)!); break;
          case 'q': s = arg === undefined || arg === '' ? "''" : /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : arg.replace(/[^A-Za-z0-9_@%+=:,./-]/g, '\\$&'); break;
          case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
            numeric = true;
            const v = intArg(arg);
            const u = v < 0n && conv !== 'd' && conv !== 'i' ? BigInt.asUintN(64, v) : v;
            const neg = u < 0n;
            let digits = (neg ? -u : u).toString(conv === 'x' || conv === 'X' ? 16 : conv === 'o' ? 8 : 10);
            if (conv === 'X') digits = digits.toUpperCase();
            if (prec !== undefined) digits = prec === 0 && u === 0n ? '' : digits.padStart(prec, '0');
            let sign = neg ? '-' : (conv === 'd' || conv === 'i') && flags.includes('+') ? '+' : (conv === 'd' || conv === 'i') && flags.includes(' ') ? ' ' : '';
            if (flags.includes('#') && u !== 0n) { if (conv === 'x') sign += '0x'; else if (conv === 'X') sign += '0X'; else if (conv === 'o' && !digits.startsWith('0')) digits = '0' + digits; }
            if (flags.includes('0') && !flags.includes('-') && width !== undefined && prec === undefined) digits = digits.padStart(width - sign.length, '0');
            s = sign + digits;
            break;
          }
          default: {
            numeric = true;
            const v = floatArg(arg);
            s = formatFloat(v, conv, prec ?? 6, flags);
            if (flags.includes('0') && !flags.includes('-') && width !== undefined && Number.isFinite(v)) {
              const sign = /^[-+ ]/.test(s) ? s[0]! : '';
              s = sign + s.slice(sign.length).padStart(width - sign.length, '0');
            }
          }
        }
        void numeric;
        if (width !== undefined && width < 0) { width = -width; s = s.padEnd(width); }
        else s = pad(s, width, flags);
        out += s;
      }
      if (!consumed || ai >= rest.length) break;
    }
  } catch (e) {
    if (!(e instanceof FmtError)) throw e;
    c.write(canon(out));
    c.err(e.msg);
    return fl === 'bb' || fl === 'bash' ? 1 : fl === 'dash' ? 2 : 1;
  }
  if (!c.write(canon(out))) return 1;
  return rc;
}

function pad(s: string, width: number | undefined, flags: string): string {
  if (width === undefined) return s;
  return flags.includes('-') ? s.padEnd(width) : s.padStart(width);
}

/** Number.toFixed, but an exact tie rounds to even as C's printf does (2.25 → 2.2). */
function toFixedC(a: number, p: number): string {
  const s = a.toFixed(p);
  const extra = Math.min(100 - p, 40);
  if (extra < 2) return s;
  const long = a.toFixed(p + extra);
  const tail = long.slice(long.length - extra);
  if (!/^50*$/.test(tail)) return s;
  const head = long.slice(0, long.length - extra).replace(/\.$/, '');
  const last = head.replace('.', '').slice(-1);
  return Number(last) % 2 === 0 ? head : s;
}
function toExpC(a: number, p: number): string {
  const s = a.toExponential(p);
  const extra = Math.min(100 - p, 40);
  if (extra < 2) return s;
  const long = a.toExponential(p + extra);
  const [mant, e] = long.split('e');
  const tail = mant!.slice(mant!.length - extra);
  if (!/^50*$/.test(tail)) return s;
  const head = mant!.slice(0, mant!.length - extra).replace(/\.$/, '');
  return Number(head.slice(-1)) % 2 === 0 ? `${head}e${e}` : s;
}

/** C's %f %e %g. */
export function formatFloat(v: number, conv: string, p: number, flags = ''): string {
  if (!Number.isFinite(v)) { const t = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf'; return conv === conv.toUpperCase() ? t.toUpperCase() : t; }
  const sign = v < 0 || Object.is(v, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const a = Math.abs(v);
  let s: string;
  const exp = (x: number, prec: number) => { const t = toExpC(x, prec); const [m, e] = t.split('e'); const n = Number(e); return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`; };
  if (conv === 'f' || conv === 'F') s = toFixedC(a, p);
  else if (conv === 'e' || conv === 'E') s = exp(a, p);
  else {
    const P = p === 0 ? 1 : p;
    const X = a === 0 ? 0 : Math.floor(Math.log10(Number(a.toExponential(P - 1))));
    if (P > X && X >= -4) s = toFixedC(a, P - 1 - X);
    else s = exp(a, P - 1);
    if (!flags.includes('#')) s = s.replace(/\.?0+(e|$)/, '$1').replace(/\.e/, 'e');
    if (s.includes('.') && !s.includes('e') && !flags.includes('#')) s = s.replace(/\.?0+$/, '');
  }
  if (conv === 'E' || conv === 'G' || conv === 'F') s = s.toUpperCase();
  return sign + s;
}
