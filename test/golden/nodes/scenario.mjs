// The clusters the cordon/uncordon/drain/taint goldens were taken from, and the command sequences compared.
// Used by test/nodes-golden.test.mjs and by scripts/node-golden.mjs (which runs the real kubectl 1.33 against
// a writable fake API over a dump of the same cluster, scripts/node-oracle.mjs). Each sequence starts from the
// cluster as built; its commands run in order, each seeing what the one before changed.
import path from 'node:path';

/** 'plain': web (3 replicas) on the workers, plus a pod with no controller and an emptyDir Deployment on kctl-worker2.
 *  'budget': the same, plus db on kctl-worker with a PodDisruptionBudget that allows no disruption. */
export function buildCluster(kctl, home, fixtures, kind) {
  const run = args => {
    const r = kctl(home, args);
    if (r.code !== 0) throw new Error(`kctl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  run(['create', 'deployment', 'web', '--image=nginx', '--replicas=3']);
  run(['apply', '-f', path.join(fixtures, 'nodes', 'drain-workloads.yaml')]);
  if (kind === 'budget') run(['apply', '-f', path.join(fixtures, 'nodes', 'drain-budget.yaml')]);
}

export const DUMP_TYPES = 'pods,nodes,namespaces,daemonsets,replicasets,deployments,poddisruptionbudgets';

const w = 'kctl-worker', w2 = 'kctl-worker2', cp = 'kctl-control-plane';
export const SEQUENCES = {
  cordon: ['plain', [
    ['cordon', w], ['cordon', w], ['uncordon', w], ['uncordon', w],
    ['cordon', w, '--dry-run=client'], ['cordon', w, '--dry-run=server'], ['cordon', w, '--dry-run'],
    ['cordon'], ['uncordon'], ['cordon', 'nope'], ['cordon', w, 'nope'], ['cordon', '-l', 'foo=bar'], ['cordon', w, '-l', 'a=b'],
    ['cordon', '-l', `kubernetes.io/hostname=${w2}`], ['uncordon', `node/${w2}`], ['cordon', w, w2], ['uncordon', w, w2, cp],
    ['get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name,UNSCHEDULABLE:.spec.unschedulable'],
  ]],
  'drain-worker': ['plain', [
    ['drain', w], ['drain', w, '--ignore-daemonsets'], ['drain', w, '--ignore-daemonsets'],
    ['get', 'pods', '--field-selector', `spec.nodeName=${w}`, '-A', '-o', 'name'],
  ]],
  'drain-dry-run': ['plain', [
    ['drain', w, '--ignore-daemonsets', '--dry-run=client'], ['drain', w, '--ignore-daemonsets', '--dry-run=server'],
    ['uncordon', w],
  ]],
  'drain-delete': ['plain', [['drain', w, '--ignore-daemonsets', '--disable-eviction']]],
  'drain-pod-selector': ['plain', [
    ['drain', w, '--ignore-daemonsets', '--pod-selector=app=web'], ['drain', w, '--pod-selector=app in ('],
    ['drain'], ['drain', w, '-l', 'a=b'], ['drain', 'nope'], ['drain', w, '--grace-period=x'], ['drain', w, '--timeout=5'],
  ]],
  'drain-refusals': ['plain', [
    ['drain', w2, '--ignore-daemonsets', '--delete-emptydir-data'],
    ['drain', w2, '--ignore-daemonsets', '--force'],
    ['drain', w2, '--delete-emptydir-data', '--force'],
    ['drain', w2, '--ignore-daemonsets', '--delete-emptydir-data', '--force'],
  ]],
  'drain-two-nodes': ['plain', [['drain', w, w2], ['drain', w, w2, '--ignore-daemonsets', '--delete-emptydir-data']]],
  'drain-control-plane': ['plain', [['drain', cp, '--ignore-daemonsets'], ['drain', '-l', 'node-role.kubernetes.io/control-plane', '--ignore-daemonsets']]],
  'drain-budget': ['budget', [['drain', w, '--ignore-daemonsets', '--timeout=2s']]],
  'drain-budget-delete': ['budget', [['drain', w, '--ignore-daemonsets', '--disable-eviction']]],
  taint: ['plain', [
    ['taint', 'nodes', w, 'dedicated=special-user:NoSchedule'],
    ['taint', 'nodes', w, 'dedicated=special-user:NoSchedule'],
    ['taint', 'nodes', w, 'dedicated=other:NoSchedule', '--overwrite'],
    ['taint', 'node', w, 'dedicated:NoSchedule-'],
    ['taint', 'node', w, 'dedicated:NoSchedule-'],
    ['taint', 'no', w, 'a=1:NoExecute', 'b=2:PreferNoSchedule', 'c:NoSchedule'],
    ['get', 'node', w, '-o', 'jsonpath={.spec.taints}'],
    ['taint', 'nodes', w, 'a-', 'b-'],
    ['taint', 'nodes', w, 'a-'],
    ['taint', 'nodes', w, 'x-', 'y-'],
    ['taint', 'nodes', w, 'c:NoSchedule-', 'd=4:NoSchedule'],
    ['get', 'node', w, '-o', 'jsonpath={.spec.taints}'],
    ['taint', 'nodes', w, 'foo=bar:BadEffect'],
    ['taint', 'nodes', w, 'foo=bar'],
    ['taint', 'nodes', w, 'foo=bar:NoSchedule:x'],
    ['taint', 'nodes', w, 'Foo Bar=x:NoSchedule'],
    ['taint', 'nodes', w],
    ['taint', w, 'foo=bar:NoSchedule'],
    ['taint', 'pods', 'x', 'foo=bar:NoSchedule'],
    ['taint', 'nodes', 'foo=bar:NoSchedule'],
    ['taint', 'nodes', w, 'foo=bar:NoSchedule', 'foo-'],
    ['taint', 'nodes', w, 'k=v:NoSchedule', 'k=w:NoSchedule'],
    ['taint', 'nodes', w, 'k=v:NoSchedule', 'extra'],
    ['taint', 'nodes', 'nope', 'k=v:NoSchedule'],
    ['taint', 'nodes', 'nope', 'nope2', 'k=v:NoSchedule'],
    ['taint', 'nodes', w, 'k=v:NoSchedule', '--dry-run=client'],
    ['taint', 'nodes', w, 'k=v:NoSchedule', '-o', 'name'],
    ['taint', 'nodes', '--all', 'zone=a:PreferNoSchedule'],
    ['taint', 'nodes', '-l', `kubernetes.io/hostname=${w2}`, 'zone-'],
    ['taint', 'nodes', '--all', '-l', 'a=b', 'zone-'],
    ['taint', 'nodes', cp, 'node-role.kubernetes.io/control-plane:NoSchedule-'],
    ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}{" "}{.spec.taints}{"\\n"}{end}'],
  ]],
};
