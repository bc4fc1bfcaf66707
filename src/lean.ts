// The read path's own bundle (dist/kctl-get.js, which bin/kctl tries first for a plain `get`): the same CLI,
// built without what a `get` with nothing to catch up never runs: the controllers, the kubelet, the scheduler,
// the container runtime, the server, the other verbs, the YAML, schema and CEL libraries (scripts/build.mjs
// lists them). It is about a fifth of the full bundle, so such a `get` reads and deserializes a fifth of the
// code. Each module left out is a stub that, when something requires it (a timer due, a controller with work,
// a kubeconfig in YAML), records the miss and throws. The command's output is then dropped unwritten
// (Output.flush); its step either rolled back or committed what the full bundle would have committed (catching
// up is idempotent), and bin/kctl runs the command again with the full bundle.
import { run } from './cli/program';
import { onUncaught, done } from './cli/entry';

const G = globalThis as { __kctlLeanMiss?: string };

/** Run the command as src/main.ts does; false (or a promise of false, for a command that runs on after the
 *  first step, such as exec and logs) when it needs the full bundle. */
export function main(argv: string[]): boolean | Promise<boolean> {
  const handler = onUncaught();
  let code: number | Promise<number>;
  try { code = run(argv); } catch (e) { if (!G.__kctlLeanMiss) throw e; code = 1; }
  const ended = (c: number): boolean => {
    if (G.__kctlLeanMiss) {
      process.removeListener('uncaughtException', handler);
      return false;
    }
    done(c);
    return true;
  };
  return typeof code === 'number' ? ended(code) : code.then(ended, e => { if (G.__kctlLeanMiss) return ended(1); throw e; });
}
