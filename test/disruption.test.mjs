// Issue 8: budgets and the Eviction API, priority and preemption, pod affinity and spreading, nodes that join
// and leave, memory pressure and the kubelet's evictions, crashes and chaos.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (home, args, opts) => {
  const r = kctl(home, args, opts);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
const getJSON = (home, ...what) => JSON.parse(ok(home, ['get', ...what, '-o', 'json']).stdout);
const apply = (home, ...objs) => ok(home, ['apply', '-f', tmpFile('o.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }))]);
const events = (home, pred) => getJSON(home, 'events', '-A').items.filter(pred);
const cond = (o, type) => (o.status?.conditions ?? []).find(c => c.type === type);
const advance = (home, d) => ok(home, ['sim', 'advance', d]);
const frozen = () => { const home = freshHome(); ok(home, 'sim freeze'); return home; };
const pod = (name, spec, labels) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(labels ? { labels } : {}) }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
const failed = (home, name) => events(home, e => e.involvedObject.name === name && e.reason === 'FailedScheduling').map(e => e.message);

test('PodDisruptionBudget: the Eviction API lets disruptions through while the budget allows, then answers 429', () => {
  const home = frozen();
  ok(home, 'create deployment web --image=nginx --replicas=3');
  ok(home, ['create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=2']);
  let pdb = getJSON(home, 'pdb', 'web-pdb');
  assert.deepEqual([pdb.status.currentHealthy, pdb.status.desiredHealthy, pdb.status.disruptionsAllowed, pdb.status.expectedPods], [3, 2, 1, 3]);
  // drain the worker with two web pods: the first eviction passes, the second is refused until the first is replaced
  const onWorker = getJSON(home, 'pods', '--field-selector', 'spec.nodeName=kctl-worker').items.map(p => p.metadata.name);
  assert.equal(onWorker.length, 2);
  ok(home, 'cordon kctl-worker kctl-worker2');
  const r = kctl(home, ['drain', 'kctl-worker', '--ignore-daemonsets', '--timeout=1s']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error when evicting pods\/"web-\w+-\w+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
  assert.match(r.stderr, /error when evicting pods\/"web-\w+-\w+" -n "default": global timeout reached: 1s\n$/);
  // one evicted pod is gone, and its replacement cannot run while both workers are cordoned: the budget holds
  const left = getJSON(home, 'pods', '--field-selector', 'spec.nodeName=kctl-worker').items.map(p => p.metadata.name);
  assert.equal(left.length, 1);
  pdb = getJSON(home, 'pdb', 'web-pdb');
  assert.deepEqual([pdb.status.currentHealthy, pdb.status.desiredHealthy, pdb.status.disruptionsAllowed], [2, 2, 0]);
  assert.equal(cond(pdb, 'DisruptionAllowed').reason, 'InsufficientPods');
  // the evicted pod was marked as such before it went
  const ev = events(home, e => e.reason === 'Killing' && onWorker.includes(e.involvedObject.name));
  assert.equal(ev.length, 1);
  // uncordon the other worker: the replacement runs there, the budget allows one again, and drain finishes
  ok(home, 'uncordon kctl-worker2');
  assert.equal(getJSON(home, 'pdb', 'web-pdb').status.disruptionsAllowed, 1);
  const d = ok(home, ['drain', 'kctl-worker', '--ignore-daemonsets']);
  assert.match(d.stdout, /^node\/kctl-worker already cordoned\nevicting pod default\/web-\S+\npod\/web-\S+ evicted\nnode\/kctl-worker drained\n$/);
  assert.equal(getJSON(home, 'pods').items.filter(p => p.spec.nodeName === 'kctl-worker2' && p.status.phase === 'Running').length, 3);
});

test('priority and preemption: a higher-priority pod preempts, with Preempted, DisruptionTarget and nominatedNodeName; Never does not', () => {
  const home = frozen();
  apply(home,
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'polite' }, value: 1000, preemptionPolicy: 'Never' });
  const req = cpu => [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }];
  apply(home, pod('low1', { containers: req('5') }), pod('low2', { containers: req('5') }));
  const lowNodes = ['low1', 'low2'].map(n => getJSON(home, 'pod', n).spec.nodeName).sort();
  assert.deepEqual(lowNodes, ['kctl-worker', 'kctl-worker2']);
  // priority admission: the class's value and preemption policy land in the spec
  apply(home, pod('polite', { priorityClassName: 'polite', containers: req('5') }));
  const p = getJSON(home, 'pod', 'polite');
  assert.deepEqual([p.spec.priority, p.spec.preemptionPolicy, p.status.phase], [1000, 'Never', 'Pending']);
  assert.deepEqual(failed(home, 'polite'), ['0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.']);
  // an unknown class is refused
  const bad = kctl(home, ['apply', '-f', tmpFile('b.json', JSON.stringify(pod('bad', { priorityClassName: 'nope' })))]);
  assert.equal(bad.stderr, 'Error from server (Forbidden): error when creating "' + bad.stderr.match(/"([^"]+b\.json)"/)[1] + '": pods "bad" is forbidden: no PriorityClass with name nope was found\n');

  // with a victim that ignores SIGTERM, the preemptor waits, nominated, while the victim terminates
  apply(home, pod('hi', { priorityClassName: 'high', containers: req('5') }));
  const hi = getJSON(home, 'pod', 'hi');
  assert.equal(hi.status.phase, 'Running', 'the nginx victim stopped at once, so the preemptor runs');
  const victim = ['low1', 'low2'].find(n => !getJSON(home, 'pods').items.some(x => x.metadata.name === n));
  assert.ok(victim, 'one low pod was preempted');
  const pre = events(home, e => e.reason === 'Preempted');
  assert.deepEqual(pre.map(e => [e.involvedObject.name, e.type, e.message, e.source.component]),
    [[victim, 'Normal', `Preempted by pod ${hi.metadata.uid} on node ${hi.spec.nodeName}`, 'default-scheduler']]);
  assert.deepEqual(failed(home, 'hi'), ['0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.']);
  assert.equal(hi.status.nominatedNodeName, undefined, 'bound: no longer nominated');
  // the polite pod still cannot preempt, and nothing lower is left for another high pod to take
  apply(home, pod('hi2', { priorityClassName: 'high', containers: req('5') }));
  assert.equal(getJSON(home, 'pod', 'hi2').status.phase, 'Running');
  apply(home, pod('hi3', { priorityClassName: 'high', containers: req('5') }));
  // (kind v0.29's kindnet has no priority class: its pods are lower-priority, but setting them aside is not enough)
  assert.deepEqual(failed(home, 'hi3'), ['0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 Insufficient cpu.']);
});

test('preemption waits for a victim that takes its grace period: nominatedNodeName, and not eligible meanwhile', () => {
  const home = frozen();
  apply(home, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
  const slow = name => pod(name, { nodeSelector: { 'kubernetes.io/hostname': 'kctl-worker' }, terminationGracePeriodSeconds: 30,
    containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'], resources: { requests: { cpu: '7' } } }] });
  apply(home, slow('slow'));
  assert.equal(getJSON(home, 'pod', 'slow').status.phase, 'Running');
  apply(home, pod('hi', { priorityClassName: 'high', nodeSelector: { 'kubernetes.io/hostname': 'kctl-worker' }, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '7' } } }] }));
  let hi = getJSON(home, 'pod', 'hi');
  assert.deepEqual([hi.status.phase, hi.status.nominatedNodeName], ['Pending', 'kctl-worker']);
  assert.match(ok(home, 'get pod hi -o wide').stdout, /\nhi\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+<none>\s+kctl-worker\s+<none>\n/);
  const v = getJSON(home, 'pod', 'slow');
  assert.ok(v.metadata.deletionTimestamp);
  assert.deepEqual([cond(v, 'DisruptionTarget').reason, cond(v, 'DisruptionTarget').message], ['PreemptionByScheduler', 'default-scheduler: preempting to accommodate a higher priority pod']);
  // a node changes: the preemptor is retried but must wait for the terminating victim
  ok(home, 'label node kctl-worker2 color=blue');
  assert.deepEqual(failed(home, 'hi'), [
    "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.",
    "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: not eligible due to a terminating pod on the nominated node."]);
  advance(home, '30s');
  hi = getJSON(home, 'pod', 'hi');
  assert.deepEqual([hi.status.phase, hi.spec.nodeName, hi.status.nominatedNodeName], ['Running', 'kctl-worker', undefined]);
});

test('pod anti-affinity, pod affinity and topology spread: filters with kube-scheduler\'s reasons', () => {
  const home = frozen();
  const anti = (name, app) => pod(name, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
    { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }] } } }, { app });
  apply(home, anti('a1', 'db'), anti('a2', 'db'));
  const nodes = ['a1', 'a2'].map(n => getJSON(home, 'pod', n).spec.nodeName).sort();
  assert.deepEqual(nodes, ['kctl-worker', 'kctl-worker2']);
  apply(home, anti('a3', 'db'));
  assert.deepEqual(failed(home, 'a3'), ["0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."]);
  // a plain pod labelled app=db is kept off by the existing pods' anti-affinity
  apply(home, pod('plain', {}, { app: 'db' }));
  assert.deepEqual(failed(home, 'plain'), ["0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."]);
  // pod affinity: next to a1
  const a1node = getJSON(home, 'pod', 'a1').spec.nodeName;
  apply(home, pod('cache', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
    { labelSelector: { matchLabels: { role: 'primary' } }, topologyKey: 'kubernetes.io/hostname' }] } } }));
  assert.deepEqual(failed(home, 'cache'), ["0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]);
  ok(home, ['label', 'pod', 'a1', 'role=primary']);
  assert.equal(getJSON(home, 'pod', 'cache').spec.nodeName, a1node);
  // topology spread: maxSkew 1 over hostnames, DoNotSchedule; the control plane is tolerated to be a domain
  const spread = name => pod(name, { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } }] }, { app: 'spread' });
  apply(home, spread('s1'));
  assert.deepEqual(failed(home, 's1'), ["0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]);
  ok(home, 'label node kctl-worker zone=a');
  ok(home, 'label node kctl-worker2 zone=b');
  assert.ok(getJSON(home, 'pod', 's1').spec.nodeName);
  apply(home, spread('s2'));
  const zones = ['s1', 's2'].map(n => getJSON(home, 'pod', n).spec.nodeName).sort();
  assert.deepEqual(zones, ['kctl-worker', 'kctl-worker2']);
  ok(home, 'cordon kctl-worker2');
  apply(home, spread('s3'), spread('s4'));
  assert.equal(getJSON(home, 'pod', 's3').spec.nodeName, 'kctl-worker');
  assert.deepEqual(failed(home, 's4'), ["0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) didn't match pod topology spread constraints (missing required label), 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."]);
});

test('sim node add and remove: a node joins with its DaemonSet pods and takes pods; removed, its pods go 40s later', () => {
  const home = frozen();
  assert.equal(ok(home, ['sim', 'node', 'add', 'gpu-1', '--cpu=16', '--memory=64Gi', '--labels=accel=gpu', '--taints=gpu=true:NoSchedule']).stdout, 'node/gpu-1 added\n');
  const n = getJSON(home, 'node', 'gpu-1');
  assert.equal(n.status.capacity.cpu, '16');
  assert.equal(n.status.allocatable.memory, '64Gi');
  assert.equal(n.metadata.labels.accel, 'gpu');
  assert.equal(n.spec.podCIDR, '10.244.3.0/24');
  assert.deepEqual(n.status.addresses, [{ address: '172.18.0.5', type: 'InternalIP' }, { address: 'gpu-1', type: 'Hostname' }]);
  assert.deepEqual(n.spec.taints, [{ effect: 'NoSchedule', key: 'gpu', value: 'true' }]);
  assert.match(ok(home, 'get nodes').stdout, /\ngpu-1\s+Ready\s+<none>\s+0s\s+v1\.33\.1\n/);
  assert.ok(getJSON(home, 'lease', '-n', 'kube-node-lease', 'gpu-1').spec.renewTime);
  const ds = getJSON(home, 'pods', '-n', 'kube-system', '--field-selector', 'spec.nodeName=gpu-1').items.map(p => p.metadata.generateName).sort();
  assert.deepEqual(ds, ['kindnet-', 'kube-proxy-']);
  assert.equal(getJSON(home, 'ds', 'kindnet', '-n', 'kube-system').status.desiredNumberScheduled, 4);
  assert.ok(events(home, e => e.involvedObject.name === 'gpu-1' && e.reason === 'RegisteredNode').length === 1);
  apply(home, pod('train', { nodeSelector: { accel: 'gpu' }, tolerations: [{ key: 'gpu', operator: 'Exists' }] }));
  assert.deepEqual([getJSON(home, 'pod', 'train').spec.nodeName, getJSON(home, 'pod', 'train').status.phase], ['gpu-1', 'Running']);
  assert.equal(kctl(home, 'sim node add gpu-1').stderr, 'error: node "gpu-1" already exists\n');
  assert.equal(kctl(home, 'sim node down nope').stderr, 'Error from server (NotFound): nodes "nope" not found\n');

  assert.equal(ok(home, 'sim node remove gpu-1').stdout, 'node/gpu-1 removed\n');
  assert.equal(kctl(home, 'get node gpu-1').stderr, 'Error from server (NotFound): nodes "gpu-1" not found\n');
  assert.equal(getJSON(home, 'pod', 'train').status.phase, 'Running', 'orphans stay until the pod GC comes');
  advance(home, '41s');
  assert.equal(kctl(home, 'get pod train').code, 1);
  assert.equal(getJSON(home, 'pods', '-A', '--field-selector', 'spec.nodeName=gpu-1').items.length, 0);
  assert.equal(kctl(home, 'get lease -n kube-node-lease gpu-1').code, 1, 'the lease is garbage-collected with its node');
  assert.ok(events(home, e => e.involvedObject.name === 'gpu-1' && e.reason === 'RemovingNode').length === 1);
});

test('memory pressure: MemoryPressure and its taint, BestEffort evicted first with the kubelet\'s message, relief after 5m', () => {
  const home = frozen();
  const on = (name, resources) => pod(name, { nodeSelector: { 'kubernetes.io/hostname': 'kctl-worker' }, containers: [{ name: 'c', image: 'nginx', ...(resources ? { resources } : {}) }] });
  apply(home, on('guaranteed', { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } }), on('besteffort'),
    on('burstable', { requests: { memory: '32Mi' } }));
  assert.equal(ok(home, 'sim node pressure kctl-worker memory').stdout, 'node/kctl-worker memory pressure on\n');
  const node = getJSON(home, 'node', 'kctl-worker');
  const mp = cond(node, 'MemoryPressure');
  assert.deepEqual([mp.status, mp.reason, mp.message], ['True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available']);
  assert.ok(node.spec.taints.some(t => t.key === 'node.kubernetes.io/memory-pressure' && t.effect === 'NoSchedule'));
  const be = getJSON(home, 'pod', 'besteffort');
  assert.deepEqual([be.status.phase, be.status.reason], ['Failed', 'Evicted']);
  assert.match(be.status.message, /^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+(Ki|Mi)\. Container c was using 6Mi, request is 0, has larger consumption of memory\. $/);
  assert.deepEqual([cond(be, 'DisruptionTarget').reason, be.status.containerStatuses[0].state.terminated.exitCode], ['TerminationByKubelet', 137]);
  assert.match(ok(home, 'get pod besteffort').stdout, /\nbesteffort\s+0\/1\s+Error\s+0\s/);
  assert.deepEqual(events(home, e => e.involvedObject.name === 'besteffort' && e.reason === 'Evicted').map(e => [e.type, e.source.component]), [['Warning', 'kubelet']]);
  assert.equal(events(home, e => e.reason === 'EvictionThresholdMet')[0].message, 'Attempting to reclaim memory');
  assert.ok(events(home, e => e.reason === 'NodeHasInsufficientMemory' && e.involvedObject.name === 'kctl-worker').length === 1);
  // one pod's memory was enough: the others stay
  advance(home, '1m');
  for (const n of ['guaranteed', 'burstable']) assert.equal(getJSON(home, 'pod', n).status.phase, 'Running');
  // new BestEffort pods keep off the node while the taint is there
  apply(home, pod('newcomer', {}));
  assert.equal(getJSON(home, 'pod', 'newcomer').spec.nodeName, 'kctl-worker2');
  // the condition clears 5m after the signal was last over its threshold
  ok(home, 'sim node pressure kctl-worker memory --off');
  advance(home, '5m');
  const mp2 = cond(getJSON(home, 'node', 'kctl-worker'), 'MemoryPressure');
  assert.deepEqual([mp2.status, mp2.reason], ['False', 'KubeletHasSufficientMemory']);
  assert.ok(!(getJSON(home, 'node', 'kctl-worker').spec.taints ?? []).some(t => t.key === 'node.kubernetes.io/memory-pressure'));
  // disk pressure: condition and taint
  ok(home, 'sim node pressure kctl-worker2 disk');
  assert.equal(cond(getJSON(home, 'node', 'kctl-worker2'), 'DiskPressure').status, 'True');
  assert.ok(getJSON(home, 'node', 'kctl-worker2').spec.taints.some(t => t.key === 'node.kubernetes.io/disk-pressure'));
  assert.equal(kctl(home, 'sim node pressure kctl-worker2 cpu').stderr, 'error: unknown resource "cpu": must be one of memory, disk, pid\n');
});

test('sim crash: the container dies with 137 (or a chosen code) and restarts as its restartPolicy says', () => {
  const home = frozen();
  apply(home, pod('web', {}), pod('once', { restartPolicy: 'Never' }), pod('two', { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'redis' }] }));
  assert.equal(ok(home, 'sim crash web').stdout, 'pod/web container c killed (exit code 137)\n');
  const w = getJSON(home, 'pod', 'web').status.containerStatuses[0];
  assert.deepEqual([w.restartCount, w.lastState.terminated.exitCode, w.lastState.terminated.reason, !!w.state.running], [1, 137, 'Error', true]);
  assert.match(ok(home, 'get pod web').stdout, /\nweb\s+1\/1\s+Running\s+1 \(0s ago\)\s/);
  ok(home, 'sim crash once --exit-code 3');
  const o = getJSON(home, 'pod', 'once');
  assert.deepEqual([o.status.phase, o.status.containerStatuses[0].state.terminated.exitCode], ['Failed', 3]);
  assert.match(ok(home, 'get pod once').stdout, /\nonce\s+0\/1\s+Error\s+0\s/);
  const r = ok(home, 'sim crash two');
  assert.equal(r.stderr, 'Defaulted container "a" out of: a, b\n');
  assert.equal(ok(home, 'sim crash two -c b').stdout, 'pod/two container b killed (exit code 137)\n');
  assert.equal(kctl(home, 'sim crash two -c z').stderr, 'error: container z is not valid for pod two\n');
  assert.equal(kctl(home, 'sim crash once').stderr, 'error: container c in pod once is not running\n');
  assert.equal(kctl(home, 'sim crash nope').stderr, 'Error from server (NotFound): pods "nope" not found\n');
});

test('sim chaos: the same seed on the same cluster breaks the same things at the same moments', () => {
  const run = () => {
    const home = frozen();
    ok(home, 'create deployment web --image=nginx --replicas=4');
    const out = ok(home, 'sim chaos --seed 42 --for 30m --rate 20/h').stdout;
    return { home, out: out.replace(/-[bcdfghjklmnpqrstvwxz2456789]{10}\b|-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-x').replace(/^\S+ {2}/gm, '') };
  };
  const a = run(), b = run();
  assert.equal(a.out, b.out);
  assert.match(a.out, /chaos: \d+ failures in 1800s of cluster time \(seed 42\)\n$/);
  assert.match(a.out, /: container nginx killed \(exit code 137\)\n/);
  // the Deployment keeps its replicas through it all; no node is left down
  assert.match(ok(a.home, 'get deploy web').stdout, /\nweb\s+4\/4\s+4\s+4\s/);
  assert.ok(!/NotReady/.test(ok(a.home, 'get nodes').stdout));
});
