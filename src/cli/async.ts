// Verbs that keep running on the event loop (exec, attach, port-forward, logs -f with a terminal, run -it):
// their action returns a promise; the program waits for it, then prints its error and exit code as for any verb.
let pending: Promise<unknown> | undefined;

/** Remember the running verb's promise (called with what an async action returns). */
export function keep<T>(p: Promise<T>): Promise<T> { pending = p; return p; }
/** The promise of the verb that ran, if it was asynchronous. */
export function takePending(): Promise<unknown> | undefined { const p = pending; pending = undefined; return p; }
