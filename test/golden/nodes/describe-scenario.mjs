// A cluster in trouble, for describe goldens (test/nodes-describe.test.mjs; scripts/node-golden.mjs records
// what the real kubectl 1.33 describes for it): kctl-worker down long enough for its pods to be evicted,
// kctl-worker2 after memory pressure with a pod evicted, a preemptor nominated while its victim terminates.
// Every event is 10-59 minutes old when described, so ages print as whole minutes (as the describe goldens).
import path from 'node:path';

/** How far the scenario moves the cluster clock (2m + 17m30s). */
export const advanced = 19.5 * 60_000;

export function buildFailureCluster(kctl, home, fixtures) {
  const run = args => {
    const r = kctl(home, args);
    if (r.code !== 0) throw new Error(`kctl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  run(['sim', 'freeze']);
  run(['create', 'deployment', 'web', '--image=nginx', '--replicas=3']);
  run(['apply', '-f', path.join(fixtures, 'nodes', 'failure.yaml')]);
  run(['sim', 'advance', '2m']);
  run(['apply', '-f', path.join(fixtures, 'nodes', 'preemptor.yaml')]);
  run(['sim', 'node', 'pressure', 'kctl-worker2', 'memory']);
  run(['sim', 'node', 'pressure', 'kctl-worker2', 'memory', '--off']);
  run(['sim', 'node', 'down', 'kctl-worker']);
  run(['sim', 'advance', '17m30s']);
  const pods = JSON.parse(run(['get', 'pods', '-o', 'json'])).items;
  const evicted = pods.find(p => p.status.reason === 'Evicted').metadata.name;
  // the oldest of the web pods the taint manager evicted from kctl-worker
  const lost = pods.filter(p => p.spec.nodeName === 'kctl-worker' && p.metadata.labels.app === 'web' && p.metadata.deletionTimestamp)
    .sort((a, b) => Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp))[0].metadata.name;
  return { evicted, lost };
}

export function describeCases({ evicted, lost }) {
  return {
    'node-down': ['describe', 'node', 'kctl-worker'],
    'node-pressure': ['describe', 'node', 'kctl-worker2'],
    'pod-evicted': ['describe', 'pod', evicted],
    'pod-lost': ['describe', 'pod', lost],
    'pod-preemptor': ['describe', 'pod', 'hi'],
    'pod-victim': ['describe', 'pod', 'slow'],
    'priorityclass': ['describe', 'priorityclass', 'high'],
  };
}
