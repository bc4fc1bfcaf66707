// ResourceQuota, PodDisruptionBudget and HorizontalPodAutoscaler status controllers (and quota admission).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, r.stderr); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));

test('resource quota: status.hard and used in canonical form; get and describe', () => {
  const h = freshHome();
  ok(h, 'create deployment web --image=nginx --replicas=2');
  ok(h, 'create quota q --hard=pods=10,requests.cpu=2,requests.memory=2048Mi,limits.cpu=4,configmaps=5');
  ok(h, ['apply', '-f', tmpFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: sized}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources: {requests: {cpu: 500m, memory: 256Mi}, limits: {cpu: "1"}}\n')]);
  const q = json(h, 'get quota q');
  assert.deepEqual(q.status.hard, { configmaps: '5', 'limits.cpu': '4', pods: '10', 'requests.cpu': '2', 'requests.memory': '2Gi' });
  assert.deepEqual(q.status.used, { configmaps: '1', 'limits.cpu': '1', pods: '3', 'requests.cpu': '500m', 'requests.memory': '256Mi' });
  const table = ok(h, 'get quota q').split('\n')[1];
  assert.match(table, /^q\s+\S+\s+configmaps: 1\/5, pods: 3\/10, requests\.cpu: 500m\/2, requests\.memory: 256Mi\/2Gi\s+limits\.cpu: 1\/4$/);
  assert.match(ok(h, 'describe quota q'), /pods\s+3\s+10\n/);
  ok(h, 'delete pod sized');
  assert.equal(json(h, 'get quota q').status.used.pods, '2');
});

test('resource quota admission: exceeding pods is Forbidden; missing requests named', () => {
  const h = freshHome();
  ok(h, 'create quota q --hard=pods=2');
  ok(h, 'run a --image=nginx');
  ok(h, 'run b --image=nginx');
  const r = kctl(h, 'run x --image=nginx');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'Error from server (Forbidden): pods "x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2\n');
  ok(h, 'create quota cpu --hard=requests.cpu=1');
  ok(h, 'delete pod a');
  const r2 = kctl(h, 'run y --image=nginx');
  assert.equal(r2.stderr, 'Error from server (Forbidden): pods "y" is forbidden: failed quota: cpu: must specify requests.cpu for: y\n');
  // a ReplicaSet short of quota records FailedCreate
  ok(h, 'delete quota cpu');
  ok(h, 'create deployment d --image=nginx --replicas=3');
  const d = json(h, 'get deploy d');
  assert.equal(d.status.replicas, 1);
  assert.match(ok(h, 'get events'), /exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2/);
});

test('pdb: minAvailable / maxUnavailable, ints and percentages, expectedPods from the scale', () => {
  const h = freshHome();
  ok(h, 'create deployment web --image=nginx --replicas=3');
  ok(h, 'create pdb p-int --selector=app=web --min-available=2');
  ok(h, 'create pdb p-pct --selector=app=web --min-available=50%');
  ok(h, 'create pdb p-max --selector=app=web --max-unavailable=34%');
  ok(h, 'create pdb p-none --selector=app=nothing --max-unavailable=1');
  const s = n => json(h, `get pdb ${n}`).status;
  const pick = st => [st.expectedPods, st.desiredHealthy, st.currentHealthy, st.disruptionsAllowed, st.observedGeneration];
  assert.deepEqual(pick(s('p-int')), [3, 2, 3, 1, 1]);
  assert.deepEqual(pick(s('p-pct')), [3, 2, 3, 1, 1]);      // ceil(1.5)
  assert.deepEqual(pick(s('p-max')), [3, 1, 3, 2, 1]);      // 3 - ceil(1.02)
  assert.deepEqual(pick(s('p-none')), [0, 0, 0, 0, 1]);
  const c = s('p-int').conditions[0];
  assert.deepEqual([c.type, c.status, c.reason, c.message, c.observedGeneration], ['DisruptionAllowed', 'True', 'SufficientPods', '', 1]);
  assert.equal(s('p-none').conditions[0].reason, 'InsufficientPods');
  assert.match(ok(h, 'get pdb p-max'), /\np-max\s+N\/A\s+34%\s+2\s+/);
  ok(h, 'scale deployment web --replicas=1');
  assert.deepEqual(pick(s('p-pct')), [1, 1, 1, 0, 1]);
  assert.equal(s('p-pct').conditions[0].status, 'False');
});

test('hpa without metrics: clamps into [min,max], SuccessfulRescale, ScalingActive False', () => {
  const h = freshHome();
  ok(h, 'create deployment web --image=nginx --replicas=1');
  ok(h, 'sim freeze');
  ok(h, 'autoscale deployment web --min=2 --max=4 --cpu-percent=80');
  // the controller first looks at a new HPA 15s after it appears, then every 15s
  assert.equal(json(h, 'get deploy web').spec.replicas, 1);
  assert.match(ok(h, 'get hpa web'), /\nweb\s+Deployment\/web\s+cpu: <unknown>\/80%\s+2\s+4\s+0\s+/);
  ok(h, 'sim advance 15s');
  assert.equal(json(h, 'get deploy web').spec.replicas, 2);
  ok(h, 'sim advance 15s');
  const st = json(h, 'get hpa web').status;
  assert.equal(st.currentReplicas, 2);
  const conds = st.conditions;
  assert.deepEqual(conds.map(c => [c.type, c.status, c.reason]), [['AbleToScale', 'True', 'SucceededGetScale'], ['ScalingActive', 'False', 'FailedGetResourceMetric']]);
  assert.equal(conds[1].message, 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)');
  assert.match(ok(h, 'get hpa web'), /\nweb\s+Deployment\/web\s+cpu: <unknown>\/80%\s+2\s+4\s+2\s+/);
  const ev = ok(h, 'get events');
  assert.match(ev, /SuccessfulRescale\s+horizontalpodautoscaler\/web\s+New size: 2; reason: Current number of replicas below Spec.MinReplicas/);
  assert.match(ev, /FailedComputeMetricsReplicas\s+horizontalpodautoscaler\/web\s+invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value/);
  ok(h, 'scale deployment web --replicas=7');
  assert.equal(json(h, 'get deploy web').spec.replicas, 7);
  ok(h, 'sim advance 15s');
  assert.equal(json(h, 'get deploy web').spec.replicas, 4);
  assert.match(ok(h, 'get events'), /New size: 4; reason: Current number of replicas above Spec.MaxReplicas/);
});
