// The cluster the describe goldens were taken from, and the commands compared. Used by test/describe.test.mjs
// and by scripts/describe-golden.mjs (which runs the real kubectl against a dump of the same cluster).
import path from 'node:path';

/** The rich pod crash-loops (its startup probe finds nothing on 9000): its events' ages are seconds, so the
 *  goldens are recorded with a shift worked out to the second. */
export const fineAges = true;

export function buildCluster(kctl, home, fixtures) {
  const run = args => {
    const r = kctl(home, args);
    if (r.code !== 0) throw new Error(`kctl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  run(['get', 'nodes']);
  // Frozen, then 10 minutes on: every age below prints as `10m` (ages of 10-59 minutes drop the seconds).
  run(['sim', 'freeze']);
  run(['create', '-f', path.join(fixtures, 'describe', 'simple-pod.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'pending-pod.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'configmaps.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'game-configmaps.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'extras.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'rich-pod.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'rbac-ingress.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'storage.yaml')]);
  run(['create', '-f', path.join(fixtures, 'describe', 'workloads.yaml')]);
  run(['sim', 'advance', '10m']);
  const node = JSON.parse(run(['get', 'pod', 'nginx', '-o', 'json'])).spec.nodeName;
  return { node };
}

export function cases({ node }) {
  return {
    'pod-running': ['describe', 'pod', 'nginx'],
    'pod-pending': ['describe', 'pod', 'big'],
    'pod-no-events': ['describe', 'pod', 'nginx', '--show-events=false'],
    'pod-selector': ['describe', 'pods', '-l', 'app=big'],
    'pod-file': ['describe', '-f', 'fixtures/describe/simple-pod.yaml'],
    'pod-notfound': ['describe', 'pod', 'nope'],
    'pod-prefix': ['describe', 'po', 'ngi'],
    'pods-none': ['describe', 'pods', '-n', 'kube-public'],
    'node-worker': ['describe', 'node', node],
    'node-control-plane': ['describe', 'node', 'kctl-control-plane'],
    'ns-default': ['describe', 'ns', 'default'],
    'ns-two': ['describe', 'namespace', 'default', 'kube-public'],
    'cm': ['describe', 'cm', 'special-config'],
    'cm-prefix': ['describe', 'configmap', 'game'],
    'generic-lease': ['describe', 'lease', '-n', 'kube-node-lease', node],
    'deploy': ['describe', 'deploy', 'coredns', '-n', 'kube-system'],
    'rs': ['describe', 'rs', '-n', 'kube-system'],
    'svc': ['describe', 'svc/kubernetes'],
    'pod-rich': ['describe', 'pod', 'rich'],
    'secret': ['describe', 'secret', 's1'],
    'sa': ['describe', 'sa', 'default'],
    'quota': ['describe', 'quota', 'q1'],
    'limitrange': ['describe', 'limits', 'lr1'],
    'priorityclass': ['describe', 'pc', 'high'],
    'ds': ['describe', 'ds', 'kindnet', '-n', 'kube-system'],
    'endpointslice': ['describe', 'endpointslices', 'kubernetes'],
    'role': ['describe', 'role', 'reader'],
    'rolebinding': ['describe', 'rolebinding', 'read-pods'],
    'ingress': ['describe', 'ingress', 'web'],
    'ingressclass': ['describe', 'ingressclass', 'nginx'],
    'pv': ['describe', 'pv', 'pv1'],
    'pvc': ['describe', 'pvc', 'data-pvc'],
    'storageclass': ['describe', 'storageclass'],
    'slash-notfound': ['describe', 'pod/nope', 'pod/nginx'],
    'sts': ['describe', 'sts', 'web', '-n', 'work'],
    'job': ['describe', 'job', 'pi', '-n', 'work'],
    'cronjob': ['describe', 'cj', 'hello', '-n', 'work'],
    'hpa': ['describe', 'hpa', 'php', '-n', 'work'],
    'pvc-provisioned': ['describe', 'pvc', 'www-web-0', '-n', 'work'],
    'controllerrevision': ['describe', 'controllerrevision', '-n', 'work'],
    'ds-kube-proxy': ['describe', 'ds', 'kube-proxy', '-n', 'kube-system'],
  };
}
