// kctl entry point. Termination signals end kctl by their default action (see cli/signals.ts); an error thrown
// from an event-loop callback (asynchronous verbs) is printed as kubectl prints errors, never as a stack trace.
// Streaming verbs (logs -f, exec -i, attach, port-forward…) return a promise of their exit code.
import { run, VERBS } from './cli/program';
import { onUncaught, done } from './cli/entry';

// In-process use (the fuzz suite runs many inputs per process): set globalThis.__kctlInProcess, then require.
export { run, VERBS };
if (!(globalThis as { __kctlInProcess?: boolean }).__kctlInProcess) {
  onUncaught();
  const code = run(process.argv.slice(2));
  if (typeof code === 'number') done(code);
  else code.then(done);
}
