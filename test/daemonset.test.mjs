// DaemonSets: one pod per eligible node, following nodes as they come, go, change labels and taints (through
// the ordinary watch events, whoever makes the change), the tolerations the controller adds, rolling updates
// within maxUnavailable / maxSurge, OnDelete, rollout history and undo; the kube-system DaemonSets of kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const frozen = () => { const h = freshHome(); ok(h, 'sim freeze'); return h; };
/** node → pod names of the daemon set */
function placement(h, name) {
  const out = {};
  for (const p of json(h, `get pods -l app=${name}`).items) {
    if (p.metadata.deletionTimestamp) continue;
    const n = p.spec.nodeName ?? p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
    (out[n] ??= []).push(p.metadata.name);
  }
  return out;
}
function ds({ name = 'agent', extra = '', podExtra = '', image = 'busybox:1.36', command = '        command: [sh, -c, "sleep infinity"]\n' } = {}) {
  return tmpFile('ds.yaml', `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
${extra}  template:
    metadata: {labels: {app: ${name}}}
    spec:
${podExtra}      containers:
      - name: agent
        image: ${image}
${command}`);
}
const node = name => tmpFile('node.yaml', `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n  labels: {kubernetes.io/hostname: ${name}, kubernetes.io/os: linux}\n`);

test('one pod per schedulable node; the control plane only when tolerated; the controller\'s tolerations and node affinity', () => {
  const h = frozen();
  ok(h, ['apply', '-f', ds()]);
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2']);
  const p = json(h, 'get pods -l app=agent').items[0];
  assert.deepEqual(p.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ]);
  assert.deepEqual(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
    [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
  const d = json(h, 'get ds agent');
  assert.equal(p.metadata.labels['pod-template-generation'], '1');
  assert.equal(p.metadata.labels['controller-revision-hash'], json(h, 'get controllerrevisions').items[0].metadata.labels['controller-revision-hash']);
  assert.equal(d.metadata.annotations['deprecated.daemonset.template.generation'], '1');
  assert.deepEqual(d.status, { currentNumberScheduled: 2, desiredNumberScheduled: 2, numberAvailable: 2, numberMisscheduled: 0, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2 });
  assert.match(ok(h, 'get ds agent'), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\nagent\s+2\s+2\s+2\s+2\s+2\s+<none>\s+\d+s\n$/);
  // tolerating the control plane's taint puts a pod there too
  ok(h, ['apply', '-f', ds({ name: 'everywhere', podExtra: '      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]\n' })]);
  assert.deepEqual(Object.keys(placement(h, 'everywhere')).sort(), ['kctl-control-plane', 'kctl-worker', 'kctl-worker2']);
  assert.match(ok(h, 'get events --field-selector involvedObject.name=agent'), /SuccessfulCreate\s+daemonset\/agent\s+Created pod: agent-\w{5}/);
});

test('nodes coming, going, relabelled, tainted and cordoned', () => {
  const h = frozen();
  ok(h, ['apply', '-f', ds({ podExtra: '      nodeSelector: {disk: ssd}\n' })]);
  assert.deepEqual(placement(h, 'agent'), {});
  assert.match(ok(h, 'get ds agent'), /\nagent\s+0\s+0\s+0\s+0\s+0\s+disk=ssd\s+/);
  // a label makes a node eligible; removing it takes the pod away
  ok(h, 'label node kctl-worker disk=ssd');
  assert.deepEqual(Object.keys(placement(h, 'agent')), ['kctl-worker']);
  ok(h, 'label node kctl-worker2 disk=ssd');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2']);
  ok(h, 'label node kctl-worker2 disk-');
  ok(h, 'sim advance 1m');
  assert.deepEqual(Object.keys(placement(h, 'agent')), ['kctl-worker']);
  // a new node (made by anyone) gets its pod
  ok(h, ['apply', '-f', node('kctl-worker3')]);
  ok(h, 'label node kctl-worker3 disk=ssd');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker3']);
  // cordoned: the pod stays and a new daemon set still lands there (it tolerates unschedulable)
  ok(h, ['patch', 'node', 'kctl-worker', '-p', '{"spec":{"unschedulable":true}}']);
  ok(h, ['apply', '-f', ds({ name: 'second', podExtra: '      nodeSelector: {disk: ssd}\n' })]);
  assert.deepEqual(Object.keys(placement(h, 'second')).sort(), ['kctl-worker', 'kctl-worker3']);
  assert.equal(json(h, 'get pods -l app=second').items.find(p => p.spec.nodeName === 'kctl-worker').status.phase, 'Running');
  // a NoSchedule taint: the running pod stays (misscheduled), a NoExecute taint removes it
  ok(h, ['patch', 'node', 'kctl-worker3', '-p', '{"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]}}']);
  ok(h, 'sim advance 1m');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker3']);
  let st = json(h, 'get ds agent').status;
  assert.deepEqual([st.desiredNumberScheduled, st.currentNumberScheduled, st.numberMisscheduled], [1, 1, 1]);
  ok(h, ['patch', 'node', 'kctl-worker3', '-p', '{"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoExecute"}]}}']);
  ok(h, 'sim advance 1m');
  assert.deepEqual(Object.keys(placement(h, 'agent')), ['kctl-worker']);
  st = json(h, 'get ds agent').status;
  assert.deepEqual([st.desiredNumberScheduled, st.currentNumberScheduled, st.numberMisscheduled], [1, 1, 0]);
  // a node that goes away no longer counts
  ok(h, ['patch', 'node', 'kctl-worker3', '-p', '{"spec":{"taints":[]}}']);
  assert.equal(json(h, 'get ds agent').status.desiredNumberScheduled, 2);
  ok(h, 'delete node kctl-worker3');
  assert.equal(json(h, 'get ds agent').status.desiredNumberScheduled, 1);
}, { timeout: 120_000 });

test('RollingUpdate within maxUnavailable, with maxSurge, OnDelete; rollout status, history and undo', () => {
  const h = frozen();
  // nginx stops at once on SIGTERM, so a replaced pod is gone in the same instant
  ok(h, ['apply', '-f', ds({ image: 'nginx:1.25', command: '', extra: '  minReadySeconds: 5\n', podExtra: '      tolerations: [{operator: Exists}]\n' })]);
  const all = () => Object.keys(placement(h, 'agent')).length;
  assert.equal(all(), 3);
  ok(h, 'sim advance 10s');
  ok(h, 'set image ds/agent agent=nginx:1.26');
  const imgs = () => json(h, 'get pods -l app=agent').items.filter(p => !p.metadata.deletionTimestamp).map(p => p.spec.containers[0].image).sort();
  // maxUnavailable 1: one node at a time, each new pod waits minReadySeconds before the next goes
  assert.equal(imgs().filter(i => i === 'nginx:1.26').length, 1);
  assert.match(ok(h, ['rollout', 'status', 'ds/agent', '--watch=false']), /^Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated\.\.\.\n$/);
  ok(h, 'sim advance 6s');
  assert.equal(imgs().filter(i => i === 'nginx:1.26').length, 2);
  ok(h, 'sim advance 6s');
  assert.deepEqual(imgs(), Array(3).fill('nginx:1.26'));
  ok(h, 'sim advance 6s');
  assert.equal(ok(h, ['rollout', 'status', 'ds/agent']), 'daemon set "agent" successfully rolled out\n');
  assert.equal(json(h, 'get ds agent').metadata.annotations['deprecated.daemonset.template.generation'], '2');
  assert.equal(ok(h, 'rollout history ds/agent'), 'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  assert.equal(ok(h, 'rollout undo ds/agent'), 'daemonset.apps/agent rolled back\n');
  ok(h, 'sim advance 1m');
  assert.deepEqual(imgs(), Array(3).fill('nginx:1.25'));
  assert.equal(ok(h, 'rollout history ds/agent'), 'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  // maxSurge: the new pod starts beside the old one, which goes once the new one is available
  ok(h, ['patch', 'ds', 'agent', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}']);
  ok(h, 'set image ds/agent agent=nginx:1.26');
  const perNode = Object.values(placement(h, 'agent')).map(l => l.length).sort();
  assert.deepEqual(perNode, [1, 1, 2], 'one node runs old and new side by side');
  ok(h, 'sim advance 1m');
  assert.deepEqual(imgs(), Array(3).fill('nginx:1.26'));
  // OnDelete: nothing moves until a pod is deleted
  ok(h, ['patch', 'ds', 'agent', '--type=json', '-p', '[{"op":"replace","path":"/spec/updateStrategy","value":{"type":"OnDelete"}}]']);
  ok(h, 'set image ds/agent agent=nginx:1.25');
  ok(h, 'sim advance 1m');
  assert.deepEqual(imgs(), Array(3).fill('nginx:1.26'));
  const victim = json(h, 'get pods -l app=agent').items[0].metadata.name;
  ok(h, ['delete', 'pod', victim]);
  ok(h, 'sim advance 1m');
  assert.deepEqual(imgs(), ['nginx:1.25', 'nginx:1.26', 'nginx:1.26']);
  const r = kctl(h, 'rollout status ds/agent');
  assert.equal(r.stderr, 'error: rollout status is only available for RollingUpdate strategy type\n');
}, { timeout: 120_000 });

test('kind\'s kube-system add-ons are real DaemonSets and Deployments', () => {
  const h = freshHome();
  const pods = ok(h, 'get pods -A --no-headers').trim().split('\n').map(l => l.split(/\s+/));
  const ns = (n) => pods.filter(p => p[1].startsWith(n)).map(p => p[0]);
  assert.deepEqual(ns('kindnet-'), ['kube-system', 'kube-system', 'kube-system']);
  assert.deepEqual(ns('kube-proxy-'), ['kube-system', 'kube-system', 'kube-system']);
  assert.deepEqual(ns('coredns-'), ['kube-system', 'kube-system']);
  assert.deepEqual(ns('local-path-provisioner-'), ['local-path-storage']);
  assert.match(ok(h, 'get ds -n kube-system'), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\nkindnet\s+3\s+3\s+3\s+3\s+3\s+kubernetes\.io\/os=linux\s+\d+s\nkube-proxy\s+3\s+3\s+3\s+3\s+3\s+kubernetes\.io\/os=linux\s+\d+s\n$/);
  assert.match(ok(h, 'get deploy -A'), /\nkube-system\s+coredns\s+2\/2\s+2\s+2\s+\d+s\nlocal-path-storage\s+local-path-provisioner\s+1\/1\s+1\s+1\s+\d+s\n$/);
  // the ReplicaSets' names as on a kind v0.29.0 cluster: kubeadm's CoreDNS and kind's provisioner template, whose
  // hash covers serviceAccount, the alias the API server fills in from serviceAccountName
  assert.match(ok(h, 'get rs -A --no-headers'), /^kube-system\s+coredns-674b8bbfcf\s.*\nlocal-path-storage\s+local-path-provisioner-7dc846544d\s/);
  // as on kind, CoreDNS and the provisioner run on the control plane (the workers joined after them)
  const wide = ok(h, 'get pods -A -o wide');
  for (const p of ['coredns-', 'local-path-provisioner-']) for (const l of wide.split('\n').filter(x => x.includes(p))) assert.match(l, /kctl-control-plane/);
  // a node that joins as kind adds one (kind's node image, with its preloaded images) gets kindnet and kube-proxy
  ok(h, 'sim node add kctl-worker3');
  assert.equal(json(h, 'get ds kindnet -n kube-system').status.desiredNumberScheduled, 4);
  assert.equal(json(h, 'get ds kube-proxy -n kube-system').status.currentNumberScheduled, 4);
  const ip = json(h, 'get node kctl-worker3').status.addresses.find(a => a.type === 'InternalIP').address;
  for (const app of ['kindnet', 'kube-proxy']) {
    const p = json(h, `get pods -n kube-system -l k8s-app=${app}`).items.find(x => x.spec.nodeName === 'kctl-worker3');
    assert.equal(p.status.phase, 'Running', app);
    assert.equal(p.status.podIP, ip, app); // host network: the node's address
  }
  // an image the new node already has is not pulled again
  const k = json(h, 'get pods -n kube-system -l k8s-app=kube-proxy').items.find(x => x.spec.nodeName === 'kctl-worker3').metadata.name;
  const d = ok(h, ['describe', 'pod', '-n', 'kube-system', k]);
  assert.match(d, /Container image "registry\.k8s\.io\/kube-proxy:v1\.33\.1" already present on machine/);
  assert.doesNotMatch(d, /Pulling image/);
});

test('node verbs: sim node add/remove, cordon, taint, drain --ignore-daemonsets and a node going down', () => {
  const h = frozen();
  ok(h, ['apply', '-f', ds()]);
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2']);
  // a node joins: the daemon set (and kind's own) get a pod there
  ok(h, 'sim node add kctl-worker3');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2', 'kctl-worker3']);
  assert.match(ok(h, 'get ds -n kube-system'), /\nkindnet\s+4\s+4\s+4\s+4\s+4\s+kubernetes\.io\/os=linux\s+/);
  // cordon and drain: the daemon pod is left alone
  assert.equal(ok(h, 'cordon kctl-worker3'), 'node/kctl-worker3 cordoned\n');
  const r = kctl(h, 'drain kctl-worker3 --ignore-daemonsets');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^Warning: ignoring DaemonSet-managed Pods: default\/agent-\w{5}, kube-system\/kindnet-\w{5}, kube-system\/kube-proxy-\w{5}\n$/);
  ok(h, 'sim advance 1m');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2', 'kctl-worker3']);
  ok(h, 'uncordon kctl-worker3');
  // a NoExecute taint the pod does not tolerate takes it away; removing the taint brings it back
  ok(h, 'taint node kctl-worker2 dedicated=db:NoExecute');
  ok(h, 'sim advance 1m');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker3']);
  ok(h, 'taint node kctl-worker2 dedicated-');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2', 'kctl-worker3']);
  // a node that goes down: its daemon pod tolerates not-ready/unreachable and stays
  ok(h, 'sim node down kctl-worker');
  ok(h, 'sim advance 10m');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2', 'kctl-worker3']);
  ok(h, 'sim node up kctl-worker');
  // a node removed: the daemon set stops counting it at once, its pod goes with the pod GC
  ok(h, 'sim node remove kctl-worker3');
  assert.equal(json(h, 'get ds agent').status.desiredNumberScheduled, 2);
  ok(h, 'sim advance 1m');
  assert.deepEqual(Object.keys(placement(h, 'agent')).sort(), ['kctl-worker', 'kctl-worker2']);
  assert.match(ok(h, 'get ds agent'), /\nagent\s+2\s+2\s+2\s+2\s+2\s+<none>\s+/);
}, { timeout: 120_000 });
