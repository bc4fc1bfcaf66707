// kctl entry point. Termination signals end kctl by their default action (see cli/signals.ts); an error thrown
// from an event-loop callback (asynchronous verbs) is printed as kubectl prints errors, never as a stack trace.
// Streaming verbs (logs -f, exec -i, attach, port-forward…) return a promise of their exit code.
import { run, VERBS } from './cli/program';

// In-process use (the fuzz suite runs many inputs per process): set globalThis.__kctlInProcess, then require.
export { run, VERBS };
if (!(globalThis as { __kctlInProcess?: boolean }).__kctlInProcess) {
  process.on('uncaughtException', e => {
    const { formatError } = require('./api/errors') as typeof import('./api/errors');
    try {
      if (process.env.KCTL_DEBUG) require('node:fs').writeSync(2, `${(e as Error)?.stack ?? e}\n`);
      require('node:fs').writeSync(2, formatError(e) + '\n');
    } catch { /* stderr is gone */ }
    process.exit(1);
  });
  const code = run(process.argv.slice(2));
  if (typeof code === 'number') done(code);
  else code.then(done);
}
function done(c: number): void {
  process.exitCode = c;
  // For `npm run bench`: report this process's peak memory and CPU time (all threads, from the start).
  if (process.env.KCTL_REPORT_MAXRSS) {
    const u = process.resourceUsage();
    process.stderr.write(`kctl-maxrss-kb ${u.maxRSS}\nkctl-cpu-us ${u.userCPUTime + u.systemCPUTime}\n`);
  }
}
