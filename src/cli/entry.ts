// What both entry points (src/main.ts, and src/lean.ts for the read path) do around a command: an error thrown
// from an event-loop callback (asynchronous verbs) is printed as kubectl prints errors, never as a stack trace;
// the exit code is set when the command ends.
import { formatError } from '../api/errors';

/** Print an uncaught error kubectl's way and exit 1; returns the handler (to remove it again). */
export function onUncaught(): (e: unknown) => void {
  const handler = (e: unknown) => {
    try {
      if (process.env.KCTL_DEBUG) require('node:fs').writeSync(2, `${(e as Error)?.stack ?? e}\n`);
      require('node:fs').writeSync(2, formatError(e) + '\n');
    } catch { /* stderr is gone */ }
    process.exit(1);
  };
  process.on('uncaughtException', handler);
  return handler;
}

/** The command has ended with code c. */
export function done(c: number): void {
  process.exitCode = c;
  // For `npm run bench`: report this process's peak memory and CPU time (all threads, from the start). (Written
  // to fd 2 directly: process.stderr on a pipe is a socket whose making costs more than a `get` does.)
  if (process.env.KCTL_REPORT_MAXRSS) {
    const u = process.resourceUsage();
    (require('node:fs') as typeof import('node:fs')).writeSync(2, `kctl-maxrss-kb ${u.maxRSS}\nkctl-cpu-us ${u.userCPUTime + u.systemCPUTime}\n`);
  }
}
