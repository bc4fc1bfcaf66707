// apimachinery duration.HumanDuration, and time helpers.
export function humanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.trunc(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.trunc(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.trunc(h / 24)}d` : `${Math.trunc(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.trunc(h / 24)}d`;
  const d = Math.trunc(h / 24);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${Math.trunc(d / 365)}y` : `${Math.trunc(d / 365)}y${d % 365}d`;
  return `${Math.trunc(d / 365)}y`;
}
/** AGE of a timestamp relative to the cluster's now; `<unknown>` when missing. */
export function age(ts: string | undefined | null, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now - t);
}
/** RFC1123Z in the local time zone, as describe prints timestamps: `Mon, 23 Nov 2026 10:41:31 +0000`. */
export function rfc1123z(ts: string | number): string {
  const d = new Date(ts);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getDay()]}, ${p(d.getDate())} ${months[d.getMonth()]} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.trunc(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
}
/** Go's time.Duration String() of a whole number of milliseconds: 0s, 500ms, 1.5s, 2m0s, 1h0m0s. */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0 ? '-' : '';
  ms = Math.abs(ms);
  if (ms < 1000) return `${neg}${ms}ms`;
  const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = (ms % 60000) / 1000;
  const sec = `${Number.isInteger(s) ? s : String(s)}s`;
  if (h) return `${neg}${h}h${m}m${sec}`;
  if (m) return `${neg}${m}m${sec}`;
  return `${neg}${sec}`;
}
/** Go's time.ParseDuration, exactly: its units, its overflow checks and its error texts (time.quote). */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Go's time.Duration is an int64 of nanoseconds. */
const MAX_NS = 9223372036854775807n;
const UNIT_NS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** Go's time.quote: ASCII as it is (with `"` and `\` escaped), every other byte as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) { for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`; }
    else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return out + '"';
}

/** Go's time.ParseDuration: milliseconds, or the error Go returns (without the flag around it). */
export function goDurationMs(orig: string): { ms: number } | { error: string } {
  const invalid = { error: `time: invalid duration ${goQuote(orig)}` };
  let s = orig, neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return { ms: 0 };
  if (s === '') return invalid;
  let totalNs = 0n, totalMs = 0;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) return invalid;
    const int = /^[0-9]*/.exec(s)![0];
    s = s.slice(int.length);
    let frac = '';
    if (s[0] === '.') { s = s.slice(1); frac = /^[0-9]*/.exec(s)![0]; s = s.slice(frac.length); }
    if (!int && !frac) return invalid;
    let i = 0;
    while (i < s.length && s[i] !== '.' && !(s[i]! >= '0' && s[i]! <= '9')) i++;
    if (i === 0) return { error: `time: missing unit in duration ${goQuote(orig)}` };
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNIT_NS[u];
    if (unit === undefined) return { error: `time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}` };
    const v = BigInt(int || '0');
    if (v > MAX_NS / unit) return invalid; // leadingInt / v*unit overflow
    let ns = v * unit;
    if (frac) {
      // Go keeps at most the digits that fit; the fraction adds less than one unit
      const digits = frac.replace(/0+$/, '').slice(0, 18);
      if (digits) ns += (BigInt(digits) * unit) / 10n ** BigInt(digits.length);
    }
    totalNs += ns;
    if (totalNs > MAX_NS + (neg ? 1n : 0n)) return invalid;
    totalMs += (int ? Number(int) : 0) * UNIT_MS[u]! + (frac ? Number(`0.${frac}`) * UNIT_MS[u]! : 0);
  }
  return { ms: neg ? -totalMs : totalMs };
}

/** Go's time.ParseDuration, in ms; throws Error with Go's message (`time: invalid duration "x"`, …). */
export function goParseDuration(orig: string): number {
  const r = goDurationMs(orig);
  if ('error' in r) throw new Error(r.error);
  return r.ms;
}
