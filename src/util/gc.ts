// A full garbage collection on demand, for a long step that has just let go of what it held (Runtime.handOver):
// V8 then gives the memory back, so the step's peak is one chunk's rather than the heap it grew to across all of
// them. node runs without --expose-gc; the flag is set at run time (v8.setFlagsFromString, as Node's docs show)
// and the collector taken from a new context, where the flag makes `gc` a global. Only a step that hands over
// ever calls this.
let gcNow: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gcNow === undefined) {
    try {
      (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
      gcNow = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as () => void;
    } catch { gcNow = null; }
  }
  gcNow?.();
}
