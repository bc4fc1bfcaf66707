// Flag values as kubectl's pflag parses them (Int64Var, IntVar, DurationVar) and Go's time formats the
// runtime verbs print or read (time.ParseDuration, time.Duration.String, time.Parse with RFC3339).
import { CliError } from '../api/errors';

/** pflag's Int/Int64 flag: strconv.ParseInt, or kubectl's flag error. */
export function intFlag(v: unknown, flag: string, cmdPath: string, bits: 32 | 64 = 64): number {
  const s = String(v);
  if (!/^[+-]?\d+$/.test(s)) throw new CliError(`invalid argument "${s}" for "--${flag}" flag: strconv.ParseInt: parsing "${s}": invalid syntax\nSee '${cmdPath} --help' for usage.`);
  const n = Number(s);
  const max = bits === 32 ? 2147483647 : Number.MAX_SAFE_INTEGER;
  if (Math.abs(n) > max) throw new CliError(`invalid argument "${s}" for "--${flag}" flag: strconv.ParseInt: parsing "${s}": value out of range\nSee '${cmdPath} --help' for usage.`);
  return n;
}

/** Go's time.ParseDuration, in ms; undefined when it is not a duration. */
export function goParseDuration(s: string): number | undefined {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const m = s.match(/^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/);
  if (!m) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const p of s.slice(m[1]!.length).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(p[1]) * unit[p[2]!]!;
  return m[1] === '-' ? -total : total;
}
/** pflag's Duration flag. */
export function durationFlag(v: unknown, flag: string, cmdPath: string): number {
  const s = String(v);
  const ms = goParseDuration(s);
  if (ms === undefined) throw new CliError(`invalid argument "${s}" for "--${flag}" flag: time: invalid duration ${JSON.stringify(s)}\nSee '${cmdPath} --help' for usage.`);
  return ms;
}

/** Go's time.Duration.String of ms (with sub-ms digits as the value has them). */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let ns = Math.round(Math.abs(ms) * 1e6);
  let out: string;
  if (ns < 1e9) {
    if (ns < 1e3) out = `${ns}ns`;
    else if (ns < 1e6) out = `${trimFrac(ns / 1e3)}µs`;
    else out = `${trimFrac(ns / 1e6)}ms`;
  } else {
    const h = Math.floor(ns / 3.6e12); ns -= h * 3.6e12;
    const m = Math.floor(ns / 6e10); ns -= m * 6e10;
    const sec = trimFrac(ns / 1e9);
    out = `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`;
  }
  return neg ? `-${out}` : out;
}
function trimFrac(x: number): string {
  return x.toFixed(9).replace(/\.?0+$/, '');
}

/** Go's time.Parse(time.RFC3339, s) (RFC3339Nano first, as kubectl's util.ParseRFC3339 tries), in ms. */
export function parseRFC3339(s: string): number {
  const layout = '2006-01-02T15:04:05Z07:00';
  const fail = (rest: string, elem: string) => new CliError(`parsing time ${JSON.stringify(s)} as "${layout}": cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`);
  let i = 0;
  const num = (n: number, elem: string): number => {
    const t = s.slice(i, i + n);
    if (!new RegExp(`^\\d{${n}}$`).test(t)) throw fail(s.slice(i), elem);
    i += n;
    return Number(t);
  };
  const lit = (c: string) => { if (s[i] !== c) throw fail(s.slice(i), c); i++; };
  const year = num(4, '2006'); lit('-');
  const month = num(2, '01'); lit('-');
  const day = num(2, '02'); lit('T');
  const hour = num(2, '15'); lit(':');
  const min = num(2, '04'); lit(':');
  const sec = num(2, '05');
  let frac = 0;
  const fm = /^[.,](\d+)/.exec(s.slice(i));
  if (fm) { frac = Number(`0.${fm[1]}`); i += fm[0].length; }
  let off = 0;
  if (s[i] === 'Z') i++;
  else {
    const z = /^([+-])(\d{2}):(\d{2})/.exec(s.slice(i));
    if (!z) throw fail(s.slice(i), 'Z07:00');
    off = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
    i += z[0].length;
  }
  if (i < s.length) throw new CliError(`parsing time ${JSON.stringify(s)}: extra text: ${JSON.stringify(s.slice(i))}`);
  const range = (what: string) => new CliError(`parsing time ${JSON.stringify(s)}: ${what} out of range`);
  if (month < 1 || month > 12) throw range('month');
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > dim) throw range('day');
  if (hour > 23) throw range('hour');
  if (min > 59) throw range('minute');
  if (sec > 59) throw range('second');
  return Date.UTC(year, month - 1, day, hour, min, sec) + Math.round(frac * 1000) - off * 60_000;
}
