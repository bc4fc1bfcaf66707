// The value types of Kubernetes' CEL libraries (k8s.io/apiserver/pkg/cel: quantity.go, ip.go, cidr.go, url.go,
// format.go) with the semantics of the Go types behind them: resource.Quantity (exact decimal and binary
// values), netip.Addr and netip.Prefix (strict parsing, canonical text), net/url's ParseRequestURI, and the
// named string formats. Loaded only with the CEL evaluator.
import { dns1123Label, dns1123Subdomain, dns1035Label, qualifiedName, labelValue } from '../../validation/meta';

// ---------------- resource.Quantity ----------------
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const BIN_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

function gcd(a: bigint, b: bigint): bigint { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; }

/** A resource.Quantity: its exact value as a fraction num/den (den > 0). */
export class Quantity {
  constructor(readonly num: bigint, readonly den: bigint = 1n) {
    const g = gcd(num, den) || 1n;
    this.num = num / g; this.den = den / g;
  }
  static parse(s: string): Quantity {
    if (!s) throw new Error(QUANTITY_FORMAT_ERROR);
    const m = QUANTITY_RE.exec(s);
    if (!m) throw new Error(QUANTITY_FORMAT_ERROR);
    const nm = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(m[1]!);
    if (!nm || (!nm[2] && !nm[3])) throw new Error("unable to parse quantity's numeric part");
    const suffix = m[2]!;
    let num = BigInt((nm[2] || '0') + (nm[3] ?? ''));
    let den = 10n ** BigInt((nm[3] ?? '').length);
    if (nm[1] === '-') num = -num;
    if (suffix in BIN_EXP) num *= 2n ** BigInt(BIN_EXP[suffix]!);
    else if (suffix in DEC_EXP) { const e = DEC_EXP[suffix]!; if (e >= 0) num *= 10n ** BigInt(e); else den *= 10n ** BigInt(-e); }
    else if (/^[eE][-+]?\d+$/.test(suffix)) { const e = Number(suffix.slice(1)); if (e >= 0) num *= 10n ** BigInt(e); else den *= 10n ** BigInt(-e); }
    else throw new Error("unable to parse quantity's suffix");
    // resource.Quantity keeps at most nano precision: round up what lies below it
    if ((1000000000n * num) % den !== 0n) {
      const nanos = (1000000000n * num) / den + (num > 0n ? 1n : 0n);
      return new Quantity(nanos, 1000000000n);
    }
    return new Quantity(num, den);
  }
  cmp(o: Quantity): number { const a = this.num * o.den, b = o.num * this.den; return a < b ? -1 : a > b ? 1 : 0; }
  add(o: Quantity): Quantity { return new Quantity(this.num * o.den + o.num * this.den, this.den * o.den); }
  sub(o: Quantity): Quantity { return new Quantity(this.num * o.den - o.num * this.den, this.den * o.den); }
  sign(): bigint { return this.num > 0n ? 1n : this.num < 0n ? -1n : 0n; }
  isInteger(): boolean { return this.den === 1n && this.num >= -(2n ** 63n) && this.num < 2n ** 63n; }
  approx(): number { return Number(this.num) / Number(this.den); }
}

// ---------------- netip.Addr / netip.Prefix ----------------
export class IP {
  constructor(readonly bytes: Uint8Array) {}
  get is4(): boolean { return this.bytes.length === 4; }
  toString(): string {
    if (this.is4) return [...this.bytes].join('.');
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((this.bytes[i]! << 8) | this.bytes[i + 1]!);
    // the longest run of two or more zero groups becomes ::
    let best = -1, bestLen = 0;
    for (let i = 0; i < 8;) {
      if (groups[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
      i = j;
    }
    const hex = (g: number[]) => g.map(x => x.toString(16)).join(':');
    if (best < 0) return hex(groups);
    return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
  }
  equals(o: IP): boolean { return this.bytes.length === o.bytes.length && this.bytes.every((b, i) => b === o.bytes[i]); }
  family(): bigint { return this.is4 ? 4n : 6n; }
  isUnspecified(): boolean { return this.bytes.every(b => b === 0); }
  isLoopback(): boolean { return this.is4 ? this.bytes[0] === 127 : this.bytes.every((b, i) => b === (i === 15 ? 1 : 0)); }
  isMulticast(): boolean { return this.is4 ? (this.bytes[0]! & 0xf0) === 0xe0 : this.bytes[0] === 0xff; }
  isLinkLocalMulticast(): boolean { return this.is4 ? this.bytes[0] === 224 && this.bytes[1] === 0 && this.bytes[2] === 0 : this.bytes[0] === 0xff && (this.bytes[1]! & 0x0f) === 0x02; }
  isLinkLocalUnicast(): boolean { return this.is4 ? this.bytes[0] === 169 && this.bytes[1] === 254 : this.bytes[0] === 0xfe && (this.bytes[1]! & 0xc0) === 0x80; }
  isGlobalUnicast(): boolean {
    if (this.is4 && this.bytes.every(b => b === 255)) return false;
    return !this.isUnspecified() && !this.isLoopback() && !this.isMulticast() && !this.isLinkLocalUnicast();
  }
}

function parseIPv4(s: string, whole: string): Uint8Array {
  const parts = s.split('.');
  const out = new Uint8Array(4);
  if (parts.length < 4) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 address too short`);
  if (parts.length > 4) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 address too long`);
  parts.forEach((p, i) => {
    if (!p) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 field must have at least one digit (at ${JSON.stringify(parts.slice(i).join('.'))})`);
    if (!/^\d+$/.test(p)) throw new Error(`ParseAddr(${JSON.stringify(whole)}): unexpected character (at ${JSON.stringify(parts.slice(i).join('.'))})`);
    if (p.length > 1 && p[0] === '0') throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 field has octet with leading zero`);
    const n = Number(p);
    if (n > 255) throw new Error(`ParseAddr(${JSON.stringify(whole)}): IPv4 field has value >255`);
    out[i] = n;
  });
  return out;
}

/** netip.ParseAddr (the bytes, and whether it was IPv4-mapped or zoned, which Kubernetes refuses). */
function parseAddr(s: string): { bytes: Uint8Array; zone: boolean; mapped: boolean } {
  if (!s) throw new Error('ParseAddr(""): unable to parse IP');
  if (!s.includes(':')) {
    if (s.includes('.')) return { bytes: parseIPv4(s, s), zone: false, mapped: false };
    throw new Error(`ParseAddr(${JSON.stringify(s)}): unable to parse IP`);
  }
  let addr = s, zone = false;
  const pct = s.indexOf('%');
  if (pct >= 0) { addr = s.slice(0, pct); zone = true; if (pct === s.length - 1) throw new Error(`ParseAddr(${JSON.stringify(s)}): zone must be a non-empty string`); }
  const bytes = new Uint8Array(16);
  let groups: number[] = [];
  let ellipsis = -1;
  let rest = addr;
  if (rest.startsWith('::')) { ellipsis = 0; rest = rest.slice(2); }
  const bad = (why: string) => new Error(`ParseAddr(${JSON.stringify(s)}): ${why}`);
  let v4: Uint8Array | undefined;
  while (rest.length) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(rest);
    if (!m) throw bad(`unexpected character (at ${JSON.stringify(rest)})`);
    if (rest[m[0].length] === '.') {
      const tail = rest;
      if (!/^[\d.]+$/.test(tail)) throw bad(`unexpected character (at ${JSON.stringify(rest)})`);
      v4 = parseIPv4(tail, s);
      rest = '';
      break;
    }
    if (/^[0-9a-fA-F]{5}/.test(rest)) throw bad(`IPv6 field has value >=2^16 (at ${JSON.stringify(rest)})`);
    groups.push(parseInt(m[0], 16));
    rest = rest.slice(m[0].length);
    if (!rest) break;
    if (rest.startsWith('::')) {
      if (ellipsis >= 0) throw bad('multiple :: in address');
      ellipsis = groups.length;
      rest = rest.slice(2);
      continue;
    }
    if (rest[0] !== ':') throw bad(`unexpected character, want colon (at ${JSON.stringify(rest)})`);
    rest = rest.slice(1);
    if (!rest) throw bad('colon must be followed by more characters');
  }
  const need = v4 ? 6 : 8;
  if (groups.length > need) throw bad('IPv6 address too long');
  if (ellipsis < 0 && groups.length < need) throw bad('IPv6 address too short');
  if (ellipsis >= 0) {
    if (groups.length === need) throw bad('the :: must expand to at least one field of zeros');
    groups = [...groups.slice(0, ellipsis), ...new Array(need - groups.length).fill(0), ...groups.slice(ellipsis)];
  }
  groups.forEach((g, i) => { bytes[2 * i] = g >> 8; bytes[2 * i + 1] = g & 0xff; });
  if (v4) bytes.set(v4, 12);
  const mapped = bytes.slice(0, 10).every(b => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return { bytes, zone, mapped };
}

/** library.parseIPAddr: the IP, or the error Kubernetes reports. */
export function parseIP(raw: string): IP {
  let p;
  try { p = parseAddr(raw); } catch (e) { throw new Error(`IP Address ${JSON.stringify(raw)} parse error during conversion from string: ${(e as Error).message}`); }
  if (p.zone) throw new Error(`IP address ${JSON.stringify(raw)} with zone value is not allowed`);
  if (p.mapped) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(raw)} is not allowed`);
  return new IP(p.bytes);
}

export class CIDR {
  constructor(readonly ip: IP, readonly bits: number) {}
  toString(): string { return `${this.ip}/${this.bits}`; }
  masked(): CIDR {
    const b = new Uint8Array(this.ip.bytes);
    for (let i = 0; i < b.length * 8; i++) if (i >= this.bits) b[i >> 3]! &= ~(0x80 >> (i & 7));
    return new CIDR(new IP(b), this.bits);
  }
  contains(ip: IP): boolean {
    if (ip.bytes.length !== this.ip.bytes.length) return false;
    for (let i = 0; i < this.bits; i++) {
      const m = 0x80 >> (i & 7);
      if ((ip.bytes[i >> 3]! & m) !== (this.ip.bytes[i >> 3]! & m)) return false;
    }
    return true;
  }
  containsCIDR(o: CIDR): boolean { return o.ip.bytes.length === this.ip.bytes.length && this.bits <= o.bits && this.contains(o.ip); }
  equals(o: CIDR): boolean { return this.bits === o.bits && this.ip.equals(o.ip); }
}

/** library.parseCIDR (netip.ParsePrefix). */
export function parseCIDR(raw: string): CIDR {
  const fail = (why: string) => new Error(`network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(raw)}): ${why}`);
  const slash = raw.lastIndexOf('/');
  if (slash < 0) throw fail("no '/'");
  const addrPart = raw.slice(0, slash), bitsPart = raw.slice(slash + 1);
  let p;
  try { p = parseAddr(addrPart); } catch (e) { throw fail((e as Error).message); }
  if (p.zone) throw fail('IPv6 zones cannot be present in a prefix');
  if (!/^\d+$/.test(bitsPart) || (bitsPart.length > 1 && bitsPart[0] === '0')) throw fail(`bad bits after slash: ${JSON.stringify(bitsPart)}`);
  const bits = Number(bitsPart);
  if (bits > p.bytes.length * 8) throw fail('prefix length out of range');
  if (p.mapped) throw new Error(`network address parse error during conversion from string: IPv4-mapped IPv6 address ${JSON.stringify(raw)} is not allowed`);
  return new CIDR(new IP(p.bytes), bits);
}

// ---------------- net/url ----------------
export class URLValue {
  constructor(readonly raw: string, readonly scheme: string, readonly host: string, readonly path: string, readonly rawQuery: string) {}
  hostname(): string {
    const h = this.host;
    if (h.startsWith('[')) { const e = h.indexOf(']'); return e >= 0 ? h.slice(1, e) : h.slice(1); }
    const c = h.lastIndexOf(':');
    return c >= 0 ? h.slice(0, c) : h;
  }
  port(): string {
    const h = this.host;
    const c = h.lastIndexOf(':');
    if (c < 0 || (h.startsWith('[') && c < h.indexOf(']'))) return '';
    const p = h.slice(c + 1);
    return /^\d*$/.test(p) ? p : '';
  }
  escapedPath(): string { return this.path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, c => encodeURIComponent(c)); }
  query(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const kv of this.rawQuery.split(/[&;]/)) {
      if (!kv) continue;
      const i = kv.indexOf('=');
      const dec = (x: string) => { try { return decodeURIComponent(x.replace(/\+/g, ' ')); } catch { return x; } };
      const k = dec(i < 0 ? kv : kv.slice(0, i)), v = dec(i < 0 ? '' : kv.slice(i + 1));
      out.set(k, [...(out.get(k) ?? []), v]);
    }
    return out;
  }
}

/** url.ParseRequestURI: an absolute URI or an absolute path; the error text net/url gives. */
export function parseRequestURI(raw: string): URLValue {
  const fail = (why: string) => new Error(`parse ${JSON.stringify(raw)}: ${why}`);
  if (/[\x00-\x1f\x7f]/.test(raw)) throw fail('net/url: invalid control character in URL');
  let rest = raw, rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) { rawQuery = rest.slice(q + 1); rest = rest.slice(0, q); }
  let scheme = '';
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (sm) { scheme = sm[1]!; rest = rest.slice(sm[0].length); }
  else if (/^[a-zA-Z0-9+.-]*:/.test(rest) && !rest.startsWith('/')) throw fail('first path segment in URL cannot contain colon');
  if (!rest.startsWith('/') && !scheme) throw fail('invalid URI for request');
  let host = '';
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    let authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    host = authority;
    if (host.startsWith('[') && !host.includes(']')) throw fail('missing \']\' in host');
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !(host.startsWith('[') && colon < host.indexOf(']'))) {
      const port = host.slice(colon + 1);
      if (!/^\d*$/.test(port)) throw fail(`invalid port ${JSON.stringify(':' + port)} after host`);
    }
  } else if (scheme && !rest.startsWith('/')) {
    // opaque URI (mailto:x): no host, no path
    return new URLValue(raw, scheme.toLowerCase(), '', '', rawQuery);
  }
  let path = rest;
  try { path = decodeURIComponent(rest); } catch { throw fail(`invalid URL escape ${JSON.stringify(/%.{0,2}/.exec(rest)?.[0] ?? '%')}`); }
  return new URLValue(raw, scheme.toLowerCase(), host, path, rawQuery);
}

// ---------------- named formats ----------------
export interface NamedFormat { name: string; validate(s: string): string[] }
const maskTrailingDash = (s: string) => (s.length > 1 && s.endsWith('-') ? s.slice(0, -2) + 'a' : s);
export const NAMED_FORMATS: Record<string, NamedFormat> = {
  dns1123Label: { name: 'DNS1123Label', validate: s => dns1123Label(s) },
  dns1123Subdomain: { name: 'DNS1123Subdomain', validate: s => dns1123Subdomain(s) },
  dns1035Label: { name: 'DNS1035Label', validate: s => dns1035Label(s) },
  qualifiedName: { name: 'QualifiedName', validate: qualifiedName },
  dns1123LabelPrefix: { name: 'DNS1123LabelPrefix', validate: s => dns1123Label(maskTrailingDash(s)) },
  dns1123SubdomainPrefix: { name: 'DNS1123SubdomainPrefix', validate: s => dns1123Subdomain(maskTrailingDash(s)) },
  dns1035LabelPrefix: { name: 'DNS1035LabelPrefix', validate: s => dns1035Label(maskTrailingDash(s)) },
  labelValue: { name: 'LabelValue', validate: labelValue },
  uri: { name: 'URI', validate: s => { try { parseRequestURI(s); return []; } catch (e) { return [(e as Error).message]; } } },
  uuid: { name: 'uuid', validate: s => (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s) ? [] : ['does not match the UUID format']) },
  byte: { name: 'byte', validate: s => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? [] : ['invalid base64']) },
  date: { name: 'date', validate: s => (/^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s + 'T00:00:00Z')) ? [] : ['invalid date']) },
  datetime: { name: 'datetime', validate: s => (parseDateTime(s) ? [] : ['invalid datetime']) },
};

/** strfmt.ParseDateTime: RFC 3339 date-times (and the few layouts kube-openapi accepts). */
export function parseDateTime(s: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${(m[7] ?? '').slice(0, 4)}${m[8] ? (m[8].toUpperCase() === 'Z' ? 'Z' : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z'}`;
  const t = Date.parse(iso);
  return isNaN(t) ? undefined : new Date(t);
}

/** strfmt.ParseDuration: Go durations, plus the spelled-out units kube-openapi accepts (`5 days`, `1w`). */
export function parseDurationSeconds(s: string): { seconds: bigint; nanos: number } | undefined {
  const UNITS: Record<string, number> = {
    ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9, w: 604800e9,
    second: 1e9, seconds: 1e9, sec: 1e9, secs: 1e9, minute: 60e9, minutes: 60e9, min: 60e9, mins: 60e9,
    hour: 3600e9, hours: 3600e9, hr: 3600e9, hrs: 3600e9, day: 86400e9, days: 86400e9, week: 604800e9, weeks: 604800e9,
  };
  let rest = s.trim();
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') { neg = rest[0] === '-'; rest = rest.slice(1); }
  if (rest === '0') return { seconds: 0n, nanos: 0 };
  let total = 0n;
  let any = false;
  while (rest) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Zµμ]+)\s*/.exec(rest);
    if (!m || !(m[2]! in UNITS)) return undefined;
    const [ip, fp = ''] = m[1]!.split('.');
    const unit = BigInt(UNITS[m[2]!]!);
    total += BigInt(ip || '0') * unit + (fp ? (BigInt(fp) * unit) / 10n ** BigInt(fp.length) : 0n);
    rest = rest.slice(m[0].length);
    any = true;
  }
  if (!any) return undefined;
  if (neg) total = -total;
  return { seconds: total / 1000000000n, nanos: Number(total % 1000000000n) };
}

// ---------------- RE2 ----------------
const POSIX: Record<string, string> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9', graph: '!-~',
  lower: 'a-z', print: ' -~', punct: '!-\\/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: 'A-Za-z0-9_', xdigit: '0-9A-Fa-f',
};
const compiled = new Map<string, RegExp>();
/** An RE2 pattern (Go's regexp syntax) as a JavaScript RegExp: leading flag groups, \A \z, POSIX classes. */
export function re2(pattern: string, global = false): RegExp {
  const key = `${global ? 'g' : ''}${pattern}`;
  const hit = compiled.get(key);
  if (hit) { hit.lastIndex = 0; return hit; }
  let src = pattern;
  let flags = global ? 'gu' : 'u';
  const fm = /^\(\?([imsU]+)\)/.exec(src);
  if (fm) {
    src = src.slice(fm[0].length);
    if (fm[1]!.includes('i')) flags += 'i';
    if (fm[1]!.includes('m')) flags += 'm';
    if (fm[1]!.includes('s')) flags += 's';
  }
  src = src.replace(/\\A/g, '^').replace(/\\z/g, '$(?![\\s\\S])').replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, cls: string) => (POSIX[cls] ? (neg ? `^${POSIX[cls]}` : POSIX[cls]!) : m))
    .replace(/\(\?P</g, '(?<');
  let re: RegExp;
  try { re = new RegExp(src, flags); } catch { re = new RegExp(src, flags.replace('u', '')); }
  compiled.set(key, re);
  return re;
}
