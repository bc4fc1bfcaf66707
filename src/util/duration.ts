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
/** Go's time.ParseDuration, in ms; throws Error with Go's message (`time: invalid duration "x"`, …). */
export function goParseDuration(orig: string): number {
  const q = JSON.stringify(orig);
  let s = orig;
  let neg = false;
  if (s && (s[0] === '-' || s[0] === '+')) { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return 0;
  if (!s) throw new Error(`time: invalid duration ${q}`);
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  while (s) {
    const m = s.match(/^(\d*)(?:\.(\d*))?/)!;
    if (!m[0] || m[0] === '.' || (!m[1] && !m[2])) throw new Error(`time: invalid duration ${q}`);
    s = s.slice(m[0].length);
    const u = s.match(/^[^\d.]*/)![0];
    if (!u) throw new Error(`time: missing unit in duration ${q}`);
    if (!(u in units)) throw new Error(`time: unknown unit ${JSON.stringify(u)} in duration ${q}`);
    s = s.slice(u.length);
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * units[u]!;
  }
  return neg ? -total : total;
}
