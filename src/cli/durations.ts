// Durations on the command line as kubectl reads them: Go's time.ParseDuration (pflag's Duration flags:
// --timeout, --pod-running-timeout, ...) with its exact error texts, and client-go's --request-timeout
// (clientcmd.ParseTimeout: whole seconds or a Go duration). Go's parser itself is util/duration.ts's, shared
// with the verbs that parse durations in their own code (drain).
import { CliError } from '../api/errors';
import { goDurationMs } from '../util/duration';

export { goDurationMs };

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
    if (n >= 0n && n <= 9223372036854775807n) return Number(n) * 1000;
  }
  const r = goDurationMs(t);
  if ('error' in r) throw new CliError(INVALID_REQUEST_TIMEOUT);
  return r.ms;
}
