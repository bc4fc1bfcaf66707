// The cluster the lifecycle describe goldens were taken from: pods in each state of kubectl's pod STATUS
// table, two minutes on (restarts, back-offs and probe events with counts), one of them being deleted.
// Used by test/lifecycle.test.mjs and by scripts/describe-golden.mjs test/golden/lifecycle (which runs the
// real kubectl 1.33 against a dump of the same cluster).
import path from 'node:path';

/** Ages here are seconds: the goldens are recorded with a shift worked out to the second. */
export const fineAges = true;

export function buildCluster(kctl, home, fixtures) {
  const run = args => {
    const r = kctl(home, args);
    if (r.code !== 0) throw new Error(`kctl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  run(['get', 'nodes']);
  run(['sim', 'freeze']);
  run(['apply', '-f', path.join(fixtures, 'lifecycle', 'states.yaml')]);
  run(['apply', '-f', path.join(fixtures, 'website', 'pods', 'probe', 'exec-liveness.yaml')]);
  run(['sim', 'advance', '2m']);
  run(['delete', 'pod', 'terminating', '--wait=false']);
  run(['sim', 'advance', '10s']);
  return {};
}

const PODS = ['crashloop', 'completed', 'failed', 'oomkilled', 'configerror', 'starterror', 'pullbackoff', 'notready',
  'init-running', 'init-error', 'init-crashloop', 'sidecar', 'poststart', 'terminating', 'multi', 'liveness-exec'];
export function cases() {
  return Object.fromEntries(PODS.map(p => [`pod-${p}`, ['describe', 'pod', p]]));
}
