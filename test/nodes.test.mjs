// Issue 8: nodes fail and come back, join and leave; taints with each effect, tolerationSeconds, cordon and
// node events; seed 000 §6.3's promise that a ReplicaSet replaces the pods of a lost node, end to end.
// Timings are kube's: node-monitor grace period 50 s (the default since 1.32), monitor pass every 5 s,
// the unreachable NoExecute taint one pass after NotReady, tolerationSeconds 300 from DefaultTolerationSeconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const ok = (home, args, opts) => {
  const r = kctl(home, args, opts);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
const getJSON = (home, ...what) => JSON.parse(ok(home, ['get', ...what, '-o', 'json']).stdout);
const apply = (home, ...objs) => ok(home, ['apply', '-f', tmpFile('o.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }))]);
const events = (home, pred) => getJSON(home, 'events', '-A').items.filter(pred);
const cond = (o, type) => (o.status?.conditions ?? []).find(c => c.type === type);
const taintsOf = (home, node) => (getJSON(home, 'node', node).spec.taints ?? []);
const advance = (home, d) => ok(home, ['sim', 'advance', d]);
/** A frozen cluster (deterministic times), with a moment to measure from. */
function frozen() {
  const home = freshHome();
  ok(home, 'sim freeze');
  return home;
}
const nowOf = home => Date.parse(ok(home, 'sim now').stdout.trim());

test('seed 000 §6.3: the pods of a lost node are evicted after tolerationSeconds and the ReplicaSet replaces them elsewhere', () => {
  const home = frozen();
  ok(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'replicaset-nginx.yml')]);
  const pods = getJSON(home, 'pods').items;
  assert.equal(pods.length, 4);
  const lost = pods.filter(p => p.spec.nodeName === 'kctl-worker').map(p => p.metadata.name).sort();
  assert.ok(lost.length >= 1, 'some replicas run on kctl-worker');
  // DefaultTolerationSeconds admission gave every pod the two 300s NoExecute tolerations
  for (const p of pods) {
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
      assert.ok(p.spec.tolerations.some(t => t.key === key && t.operator === 'Exists' && t.effect === 'NoExecute' && t.tolerationSeconds === 300));
  }
  const t0 = nowOf(home);
  assert.equal(ok(home, 'sim node down kctl-worker').stdout, 'node/kctl-worker down\n');

  // within the 50s grace period the node still looks Ready
  advance(home, '45s');
  assert.match(ok(home, 'get node kctl-worker').stdout, /\nkctl-worker\s+Ready\s/);
  advance(home, '15s');
  assert.match(ok(home, 'get node kctl-worker').stdout, /\nkctl-worker\s+NotReady\s+<none>\s/);
  const node = getJSON(home, 'node', 'kctl-worker');
  for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
    const c = cond(node, type);
    assert.deepEqual([c.status, c.reason, c.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
    // the last heartbeat stays where the kubelet left it; the transition is when the controller noticed
    assert.ok(Date.parse(c.lastHeartbeatTime) <= t0);
    assert.ok(Date.parse(c.lastTransitionTime) > t0 + 50_000);
  }
  // NoSchedule at once, NoExecute on the next monitor pass; both stamped with timeAdded
  const taints = taintsOf(home, 'kctl-worker');
  assert.deepEqual(taints.map(t => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  assert.ok(taints.every(t => t.timeAdded));
  // the lease stopped being renewed
  const lease = getJSON(home, 'lease', '-n', 'kube-node-lease', 'kctl-worker');
  assert.ok(Date.parse(lease.spec.renewTime) <= t0);
  // the node controller marked the lost pods not ready (READY stays 1/1: nobody reports container status)
  for (const name of lost) {
    const p = getJSON(home, 'pod', name);
    assert.equal(cond(p, 'Ready').status, 'False');
    assert.match(ok(home, ['get', 'pod', name]).stdout, new RegExp(`\\n${name}\\s+1/1\\s+Running\\s`));
  }
  // (the kindnet and kube-proxy pods on the node too)
  assert.deepEqual(events(home, e => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Pod' && e.metadata.namespace === 'default')
    .map(e => [e.involvedObject.name, e.type, e.message, e.source.component]).sort(), lost.map(n => [n, 'Warning', 'Node is not ready', 'node-controller']));
  assert.equal(events(home, e => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Pod' && e.metadata.namespace === 'kube-system').length, 2);
  const nodeEv = events(home, e => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Node');
  assert.deepEqual(nodeEv.map(e => [e.type, e.source.component, e.message]), [['Normal', 'node-controller', 'Node kctl-worker status is now: NodeNotReady']]);

  // 300s after the NoExecute taint the taint manager evicts them
  advance(home, '4m50s');
  for (const name of lost) assert.equal(getJSON(home, 'pod', name).metadata.deletionTimestamp, undefined);
  advance(home, '10s');
  const after = getJSON(home, 'pods').items;
  const terminating = after.filter(p => p.metadata.deletionTimestamp).map(p => p.metadata.name).sort();
  assert.deepEqual(terminating, lost);
  for (const name of lost) {
    const p = after.find(x => x.metadata.name === name);
    assert.deepEqual([cond(p, 'DisruptionTarget').reason, cond(p, 'DisruptionTarget').message], ['DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint']);
    assert.match(ok(home, ['get', 'pod', name]).stdout, /\s+Terminating\s/);
  }
  const evictions = events(home, e => e.reason === 'TaintManagerEviction');
  assert.deepEqual(evictions.map(e => e.message).sort(), lost.map(n => `Marking for deletion Pod default/${n}`));
  assert.ok(evictions.every(e => e.source.component === 'taint-eviction-controller' && !e.involvedObject.uid));
  // the ReplicaSet replaced them on the nodes that are up
  const live = after.filter(p => !p.metadata.deletionTimestamp);
  assert.equal(live.length, 4);
  assert.ok(live.every(p => p.spec.nodeName === 'kctl-worker2' && p.status.phase === 'Running'));
  assert.match(ok(home, 'get rs replicaset-nginx').stdout, /\nreplicaset-nginx\s+4\s+4\s+4\s/);

  // evicted pods stay Terminating while the node is away, however long
  advance(home, '1h');
  assert.deepEqual(getJSON(home, 'pods').items.filter(p => p.metadata.deletionTimestamp).map(p => p.metadata.name).sort(), lost);
  // ... unless force-deleted
  ok(home, ['delete', 'pod', lost[0], '--grace-period=0', '--force']);
  // the node comes back: heartbeats resume, taints lift, the old pods are cleaned up
  assert.equal(ok(home, 'sim node up kctl-worker').stdout, 'node/kctl-worker up\n');
  assert.match(ok(home, 'get node kctl-worker').stdout, /\nkctl-worker\s+Ready\s/);
  advance(home, '5s');
  assert.deepEqual(taintsOf(home, 'kctl-worker'), []);
  assert.equal(getJSON(home, 'pods').items.filter(p => p.metadata.deletionTimestamp).length, 0);
  assert.equal(getJSON(home, 'pods').items.length, 4);
  const ready = cond(getJSON(home, 'node', 'kctl-worker'), 'Ready');
  assert.deepEqual([ready.status, ready.reason, ready.message], ['True', 'KubeletReady', 'kubelet is posting ready status']);
  assert.ok(Date.parse(getJSON(home, 'lease', '-n', 'kube-node-lease', 'kctl-worker').spec.renewTime) > t0 + 3600_000);
});

test('describe node: kind\'s node events (kubelet, kube-proxy, node-controller), and those of a failure and a restart', () => {
  const home = frozen();
  let d = ok(home, 'describe node kctl-worker').stdout;
  const ev = d.slice(d.indexOf('Events:'));
  const rowsOf = text => text.split('\n').slice(3).filter(Boolean).map(l => l.trim().split(/ {2,}/));
  assert.deepEqual(rowsOf(ev), [
    ['Normal', 'Starting', '0s', 'kube-proxy'],
    ['Normal', 'RegisteredNode', '0s', 'node-controller', 'Node kctl-worker event: Registered Node kctl-worker in Controller'],
    ['Normal', 'Starting', '0s', 'kubelet', 'Starting kubelet.'],
    ['Normal', 'NodeAllocatableEnforced', '0s', 'kubelet', 'Updated Node Allocatable limit across pods'],
    ['Normal', 'NodeHasSufficientMemory', '0s', 'kubelet', 'Node kctl-worker status is now: NodeHasSufficientMemory'],
    ['Normal', 'NodeHasNoDiskPressure', '0s', 'kubelet', 'Node kctl-worker status is now: NodeHasNoDiskPressure'],
    ['Normal', 'NodeHasSufficientPID', '0s', 'kubelet', 'Node kctl-worker status is now: NodeHasSufficientPID'],
    ['Normal', 'NodeReady', '0s', 'kubelet', 'Node kctl-worker status is now: NodeReady'],
  ]);
  ok(home, 'sim node down kctl-worker');
  advance(home, '2m');
  ok(home, 'sim node up kctl-worker');
  d = ok(home, 'describe node kctl-worker').stdout;
  const rows = rowsOf(d.slice(d.indexOf('Events:')));
  const nr = rows.find(r => r[1] === 'NodeNotReady');
  assert.deepEqual([nr[0], nr[3], nr[4]], ['Normal', 'node-controller', 'Node kctl-worker status is now: NodeNotReady']);
  // noticed on the first 5s monitor pass after the 50s grace: 65-70s before the node came back 2m after it failed
  assert.ok(/^\d+s$/.test(nr[2]) && parseInt(nr[2]) >= 64 && parseInt(nr[2]) <= 70, nr[2]);
  assert.deepEqual(rows.find(r => r[1] === 'NodeReady'), ['Normal', 'NodeReady', '0s (x2 over 2m)', 'kubelet', 'Node kctl-worker status is now: NodeReady']);
  assert.deepEqual(rows.filter(r => r[1] === 'Starting').map(r => r[3]), ['kube-proxy', 'kube-proxy', 'kubelet']);
  // cordon and uncordon: the kubelet reports them
  ok(home, 'cordon kctl-worker');
  ok(home, 'uncordon kctl-worker');
  d = ok(home, 'describe node kctl-worker').stdout;
  assert.match(d, /\n {2}Normal {2}NodeNotSchedulable +0s +kubelet +Node kctl-worker status is now: NodeNotSchedulable\n/);
  assert.match(d, /\n {2}Normal {2}NodeSchedulable +0s +kubelet +Node kctl-worker status is now: NodeSchedulable\n/);
});

test('heartbeats are computed when read: the lease and the node status move on with the clock, and stop with the node', () => {
  const home = frozen();
  const t0 = nowOf(home);
  advance(home, '1h2m7s');
  const renew = Date.parse(getJSON(home, 'lease', '-n', 'kube-node-lease', 'kctl-worker2').spec.renewTime);
  assert.ok(renew > t0 + 3727_000 - 10_000 && renew <= t0 + 3727_000, 'renewed within the last 10s');
  const hb = Date.parse(cond(getJSON(home, 'node', 'kctl-worker2'), 'Ready').lastHeartbeatTime);
  assert.ok(hb > t0 + 3727_000 - 300_000 && hb <= t0 + 3727_000, 'status posted within the last 5m');
  // describe shows the same
  assert.match(ok(home, 'describe node kctl-worker2').stdout, /\n {2}RenewTime: +\w{3}, /);
  ok(home, 'sim node down kctl-worker2');
  advance(home, '10m');
  assert.equal(Date.parse(getJSON(home, 'lease', '-n', 'kube-node-lease', 'kctl-worker2').spec.renewTime), renew);
});

test('tolerationSeconds: a shorter toleration evicts sooner, one without seconds never; not-ready pods of an untolerated NoExecute taint go at once', () => {
  const home = frozen();
  const mk = (name, tolerations) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { nodeSelector: { 'kubernetes.io/hostname': 'kctl-worker' }, tolerations, containers: [{ name: 'c', image: 'nginx' }] } });
  apply(home,
    mk('short', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]),
    mk('forever', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]),
    mk('default', undefined));
  ok(home, 'sim node down kctl-worker');
  // the lease was last renewed at most 10s before; NotReady up to 5s after the 50s grace; the taint one 5s pass later
  advance(home, '110s');
  assert.equal(getJSON(home, 'pod', 'short').metadata.deletionTimestamp, undefined);
  advance(home, '20s');
  assert.ok(getJSON(home, 'pod', 'short').metadata.deletionTimestamp, 'short goes 60s after the taint');
  assert.equal(getJSON(home, 'pod', 'default').metadata.deletionTimestamp, undefined);
  advance(home, '220s');
  assert.equal(getJSON(home, 'pod', 'default').metadata.deletionTimestamp, undefined);
  advance(home, '20s');
  assert.ok(getJSON(home, 'pod', 'default').metadata.deletionTimestamp, 'default goes 300s after the taint');
  advance(home, '1h');
  assert.equal(getJSON(home, 'pod', 'forever').metadata.deletionTimestamp, undefined);
});

test('taint with each effect: NoSchedule keeps new pods off, PreferNoSchedule is avoided when possible, NoExecute evicts at once', () => {
  const home = frozen();
  ok(home, 'taint nodes kctl-worker team=a:NoSchedule');
  apply(home, ...[1, 2, 3].map(i => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })));
  for (const i of [1, 2, 3]) assert.equal(getJSON(home, 'pod', `p${i}`).spec.nodeName, 'kctl-worker2');
  // a pod tolerating the taint may go there
  apply(home, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tol' }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'kctl-worker' },
    tolerations: [{ key: 'team', operator: 'Equal', value: 'a', effect: 'NoSchedule' }], containers: [{ name: 'c', image: 'nginx' }] } });
  assert.equal(getJSON(home, 'pod', 'tol').status.phase, 'Running');
  // the FailedScheduling message names the taint
  apply(home, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pinned' }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'kctl-worker' }, containers: [{ name: 'c', image: 'nginx' }] } });
  assert.equal(events(home, e => e.involvedObject.name === 'pinned' && e.reason === 'FailedScheduling')[0].message,
    "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {team: a}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  ok(home, 'taint nodes kctl-worker team:NoSchedule-');
  assert.equal(getJSON(home, 'pod', 'pinned').spec.nodeName, 'kctl-worker');

  // PreferNoSchedule: avoided while another node fits
  ok(home, 'taint nodes kctl-worker2 soft=yes:PreferNoSchedule');
  apply(home, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  assert.equal(getJSON(home, 'pod', 'q').spec.nodeName, 'kctl-worker');

  // NoExecute: pods without a matching toleration are evicted right away (DaemonSet pods tolerate everything)
  ok(home, 'taint nodes kctl-worker2 drain=now:NoExecute');
  const names = getJSON(home, 'pods').items.map(p => p.metadata.name);
  for (const i of [1, 2, 3]) assert.ok(!names.includes(`p${i}`), `p${i} evicted`);
  const left = getJSON(home, 'pods', '-A', '--field-selector', 'spec.nodeName=kctl-worker2').items.map(p => p.metadata.name);
  assert.ok(left.every(n => /^(kindnet|kube-proxy)-/.test(n)), `left on kctl-worker2: ${left}`);
  assert.equal(events(home, e => e.reason === 'TaintManagerEviction' && e.message === 'Marking for deletion Pod default/p1').length, 1);
});

test('cordon: the node controller adds the unschedulable taint, the scheduler keeps new pods off, uncordon lifts both', () => {
  const home = frozen();
  assert.equal(ok(home, 'cordon kctl-worker kctl-worker2').stdout, 'node/kctl-worker cordoned\nnode/kctl-worker2 cordoned\n');
  assert.match(ok(home, 'get nodes').stdout, /\nkctl-worker\s+Ready,SchedulingDisabled\s/);
  const t = taintsOf(home, 'kctl-worker');
  assert.deepEqual(t.map(x => `${x.key}:${x.effect}`), ['node.kubernetes.io/unschedulable:NoSchedule']);
  assert.ok(t[0].timeAdded);
  apply(home, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  assert.equal(events(home, e => e.involvedObject.name === 'p' && e.reason === 'FailedScheduling')[0].message,
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  assert.equal(ok(home, 'uncordon kctl-worker2').stdout, 'node/kctl-worker2 uncordoned\n');
  assert.deepEqual(taintsOf(home, 'kctl-worker2'), []);
  assert.equal(getJSON(home, 'pod', 'p').spec.nodeName, 'kctl-worker2');
});
