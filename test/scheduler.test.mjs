// The scheduler: filters in kube-scheduler's order, the FailedScheduling message, retries when the cluster changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const pod = (name, spec) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
const apply = (home, ...objs) => {
  const r = kctl(home, ['apply', '-f', tmpFile('p.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }))]);
  assert.equal(r.code, 0, r.stderr);
};
const getJSON = (home, kind, name) => JSON.parse(kctl(home, ['get', kind, name, '-o', 'json']).stdout);
const failedScheduling = (home, name) => JSON.parse(kctl(home, ['get', 'events', '-o', 'json']).stdout).items
  .filter(e => e.involvedObject.name === name && e.reason === 'FailedScheduling');
const podScheduled = (home, name) => getJSON(home, 'pod', name).status.conditions?.find(c => c.type === 'PodScheduled');
/** Change a node through apply (get -o json, edit, apply). */
const editNode = (home, name, fn) => {
  const n = getJSON(home, 'node', name);
  fn(n);
  delete n.metadata.resourceVersion;
  const r = kctl(home, ['apply', '-f', tmpFile('n.json', JSON.stringify(n))]);
  assert.equal(r.code, 0, r.stderr);
};

test('insufficient cpu: the message kube-scheduler 1.33 writes, PodScheduled False, retry when capacity frees', () => {
  const home = freshHome();
  const big = n => pod(n, { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '5' } } }] });
  apply(home, big('big1'), big('big2'), big('big3'));
  assert.notEqual(getJSON(home, 'pod', 'big1').spec.nodeName, getJSON(home, 'pod', 'big2').spec.nodeName);
  const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
  const ev = failedScheduling(home, 'big3');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].message, msg);
  assert.equal(ev[0].type, 'Warning');
  assert.equal(ev[0].source.component, 'default-scheduler');
  const c = podScheduled(home, 'big3');
  assert.deepEqual({ status: c.status, reason: c.reason, message: c.message }, { status: 'False', reason: 'Unschedulable', message: msg });
  const row = kctl(home, 'get pod big3 --no-headers').stdout;
  assert.match(row, /^big3\s+0\/1\s+Pending\s+0\s/);
  assert.equal(kctl(home, 'delete pod big1').code, 0);
  const p = getJSON(home, 'pod', 'big3');
  assert.ok(p.spec.nodeName, 'big3 is scheduled once big1 is gone');
  assert.equal(p.status.phase, 'Running');
  // the binding set the condition (as the pod registry's binding does: True, a new transition time, no reason or
  // message left of the False one); it records no field manager, so only the scheduler's failures have an entry
  const bound = podScheduled(home, 'big3');
  assert.deepEqual(Object.keys(bound).sort(), ['lastProbeTime', 'lastTransitionTime', 'status', 'type']);
  assert.deepEqual([bound.status, bound.lastProbeTime], ['True', null]);
  assert.ok(bound.lastTransitionTime >= c.lastTransitionTime);
  const managers = p => JSON.parse(kctl(home, ['get', 'pod', p, '-o', 'json', '--show-managed-fields']).stdout).metadata.managedFields.map(e => `${e.manager}${e.subresource ? `/${e.subresource}` : ''}`);
  assert.deepEqual(managers('big3'), ['kube-scheduler/status', 'kubectl-client-side-apply', 'kubelet/status']);
  assert.deepEqual(managers('big2'), ['kubectl-client-side-apply', 'kubelet/status'], 'bound at once: no scheduler entry');
});

test('nodeSelector: node(s) didn\'t match Pod\'s node affinity/selector, then scheduled when a node is labelled', () => {
  const home = freshHome();
  const r = kctl(home, ['apply', '-f', path.join(FIXTURES, 'kubelet', 'pod-nginx.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(failedScheduling(home, 'nginx')[0].message,
    "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  editNode(home, 'kctl-worker2', n => { n.metadata.labels.disktype = 'ssd'; });
  const p = getJSON(home, 'pod', 'nginx');
  assert.equal(p.spec.nodeName, 'kctl-worker2');
  assert.equal(p.status.phase, 'Running');
  const ev = JSON.parse(kctl(home, ['get', 'events', '-o', 'json']).stdout).items.find(e => e.involvedObject.name === 'nginx' && e.reason === 'Scheduled');
  assert.equal(ev.message, 'Successfully assigned default/nginx to kctl-worker2');
});

test('unschedulable (cordoned) nodes, tolerations, required node affinity', () => {
  const home = freshHome();
  editNode(home, 'kctl-worker', n => { n.spec.unschedulable = true; });
  editNode(home, 'kctl-worker2', n => { n.spec.unschedulable = true; });
  apply(home, pod('p', { containers: [{ name: 'c', image: 'nginx' }] }));
  assert.equal(failedScheduling(home, 'p')[0].message,
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  // a pod tolerating the control-plane taint goes there
  apply(home, pod('cp', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], containers: [{ name: 'c', image: 'nginx' }] }));
  assert.equal(getJSON(home, 'pod', 'cp').spec.nodeName, 'kctl-control-plane');
  // uncordon: the pending pod is retried
  editNode(home, 'kctl-worker2', n => { delete n.spec.unschedulable; });
  assert.equal(getJSON(home, 'pod', 'p').spec.nodeName, 'kctl-worker2');
  // required node affinity
  apply(home, pod('aff', {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kctl-worker2'] }] }] } } },
    containers: [{ name: 'c', image: 'nginx' }],
  }));
  assert.equal(getJSON(home, 'pod', 'aff').spec.nodeName, 'kctl-worker2');
});

test('a pre-set nodeName skips the scheduler; replicas of one owner spread over the workers', () => {
  const home = freshHome();
  apply(home, pod('pinned', { nodeName: 'kctl-control-plane', containers: [{ name: 'c', image: 'nginx' }] }));
  const p = getJSON(home, 'pod', 'pinned');
  assert.equal(p.spec.nodeName, 'kctl-control-plane');
  assert.equal(p.status.phase, 'Running');
  assert.equal(failedScheduling(home, 'pinned').length, 0);
  apply(home, ...[1, 2, 3, 4].map(i => pod(`s${i}`, { containers: [{ name: 'c', image: 'nginx' }] })));
  const nodes = [1, 2, 3, 4].map(i => getJSON(home, 'pod', `s${i}`).spec.nodeName);
  assert.equal(nodes.filter(n => n === 'kctl-worker').length, 2);
  assert.equal(nodes.filter(n => n === 'kctl-worker2').length, 2);
});

test('on more than 100 nodes the scheduler stops at numFeasibleNodesToFind and starts where its last search stopped, across invocations', () => {
  const home = freshHome();
  const cfg = tmpFile('wide.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n' + '- role: worker\n'.repeat(250));
  assert.equal(kctl(home, ['cluster', 'create', 'wide', '--config', cfg]).code, 0);
  const nodes = kctl(home, 'get nodes -o name').stdout.trim().split('\n').map(n => n.replace('node/', ''));
  assert.equal(nodes.length, 251);
  // 251 nodes: 120 feasible nodes to find (48%). All nodes are alike, so each pod goes to the first feasible node of
  // its search: the first search passes the control plane (tainted) and 120 workers, the second starts at 121, the
  // third at 241 and wraps round past the control plane again, so the fourth starts at 111
  const placed = () => new Map(JSON.parse(kctl(home, 'get pods -o json').stdout).items.map(p => [p.metadata.name, p.spec.nodeName]));
  assert.equal(kctl(home, 'create deployment spread --image=nginx:1.25.3 --replicas=3').code, 0);
  const first = placed();
  assert.deepEqual([...first.values()].sort(), [nodes[1], nodes[121], nodes[241]].sort());
  assert.equal(kctl(home, 'scale deployment spread --replicas=4').code, 0);
  const added = [...placed()].filter(([name]) => !first.has(name)).map(([, node]) => node);
  assert.deepEqual(added, [nodes[111]]);
});
