// Durations on the command line as kubectl reads them: Go's time.ParseDuration (pflag's Duration flags:
// --timeout, --pod-running-timeout, ...) with its exact error texts, and client-go's --request-timeout
// (clientcmd.ParseTimeout: whole seconds or a Go duration). One place, so every verb says the same thing.
import { CliError } from '../api/errors';

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

/** Milliseconds of a Go duration, or throw Go's error. */
export function parseGoDuration(s: string): number {
  const r = goDurationMs(s);
  if ('error' in r) throw new CliError(r.error);
  return r.ms;
}

/**
 * A commander option parser for a pflag Duration flag: the value is checked as the flag is read (before the
 * verb runs, as pflag does) and kept as written; the error is pflag's, with the command's usage hint.
 */
export function durationFlag(flag: string, cmdPath: string): (v: string) => string {
  return (v: string) => {
    const r = goDurationMs(v);
    if ('error' in r) throw new CliError(`invalid argument "${v}" for "${flag}" flag: ${r.error}\nSee '${cmdPath} --help' for usage.`);
    return v;
  };
}

export const INVALID_REQUEST_TIMEOUT = 'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/**
 * --request-timeout as client-go reads it (clientcmd.ParseTimeout): a non-negative whole number of seconds,
 * or a Go duration. Milliseconds; undefined when not given; 0 (or a negative duration) means no timeout.
 */
export function parseRequestTimeout(t: string | undefined): number | undefined {
  if (t === undefined || t === '') return undefined;
  // strconv.ParseInt(t, 10, 64) with i >= 0
  if (/^[+-]?[0-9]+$/.test(t)) {
    const n = BigInt(t);
    if (n >= 0n && n <= MAX_NS) return Number(n) * 1000;
  }
  const r = goDurationMs(t);
  if ('error' in r) throw new CliError(INVALID_REQUEST_TIMEOUT);
  return r.ms;
}
