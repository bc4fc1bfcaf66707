// How kctl ends on SIGINT, SIGTERM and SIGHUP (Ctrl-C, kill, a closed terminal): at once, by the signal itself
// (so a shell sees 130, 143, 129), holding no lock and leaving nothing half-written.
//
// Synchronous code needs nothing from this module. kctl installs no handler by default, so the signal's default
// action ends the process wherever it is: in the middle of a step (SQLite rolls the open transaction back, and
// the kernel drops the process's file locks), or asleep between the steps of a wait (`get -w`, `wait`,
// `rollout status`, `delete --wait`, which sleep with Atomics.wait and would not see a JavaScript handler
// until they returned). Files written outside SQLite are written whole or not at all (a temporary file renamed
// into place); the kubeconfig lock file names its holder's pid, so a lock left by a killed process is taken
// over at once.
//
// Code that runs an event loop (port-forward's sockets, a streaming log) and has something to undo first
// registers it here: the handler runs every registered cleanup, then ends the process by the same signal.
// Keep such sections short, and never wait synchronously while one is registered.
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const cleanups = new Set<() => void>();
const handler = (sig: NodeJS.Signals) => {
  for (const c of [...cleanups]) { try { c(); } catch { /* ending anyway */ } }
  for (const s of SIGNALS) process.removeListener(s, handler);
  process.kill(process.pid, sig);
};

/** Run cleanup when a termination signal arrives (then end by that signal). Returns the unregister function. */
export function onInterrupt(cleanup: () => void): () => void {
  if (!cleanups.size) for (const s of SIGNALS) process.on(s, handler);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (!cleanups.size) for (const s of SIGNALS) process.removeListener(s, handler);
  };
}
