// The HorizontalPodAutoscaler with metrics: metrics-server installed with `kctl sim metrics-server on`, usage
// set per pod through the test-only annotation provider (`kctl sim usage annotations`, sim.kctl.io/usage).
// Scaling up (the 2x / +4 limit), the 5-minute scale-down stabilization, behavior policies, the TARGETS
// column, conditions, events, and the errors when a pod states no request or has no metrics yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const replicas = (h, d = 'php') => json(h, `get deploy ${d}`).spec.replicas;
const use = (h, cpu, sel = 'app=php') => ok(h, ['annotate', 'pods', '-l', sel, `sim.kctl.io/usage=cpu=${cpu}`, '--overwrite']);

function setup({ hpa = '' } = {}) {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T00:00:00Z');
  assert.equal(ok(h, 'sim metrics-server on'), 'metrics-server installed\n');
  assert.equal(ok(h, 'sim usage annotations'), 'container usage from pod annotations (sim.kctl.io/usage)\n');
  ok(h, ['apply', '-f', tmpFile('php.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: php}
spec:
  replicas: 1
  selector: {matchLabels: {app: php}}
  template:
    metadata:
      labels: {app: php}
      annotations: {sim.kctl.io/usage: cpu=100m}
    spec:
      containers:
      - {name: php, image: nginx:1.25, resources: {requests: {cpu: 200m}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: php}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
${hpa}`)]);
  return h;
}

test('metrics-server: installed as on kind, metrics appear once a pod has run a full window', () => {
  const h = setup();
  assert.match(ok(h, 'get pods -n kube-system'), /\nmetrics-server-\w+-\w{5}\s+1\/1\s+Running\s+/);
  assert.match(ok(h, 'get apiservice v1beta1.metrics.k8s.io -o name'), /^apiservice\.apiregistration\.k8s\.io\/v1beta1\.metrics\.k8s\.io\n$/);
  // the first sync comes 15s after the HPA appears: REPLICAS 0 and an unknown target until then
  assert.match(ok(h, 'get hpa php'), /\nphp\s+Deployment\/php\s+cpu: <unknown>\/50%\s+1\s+10\s+0\s+/);
  ok(h, 'sim advance 14s');
  assert.match(ok(h, 'describe hpa php'), /Events:\s+<none>\n$/);
  ok(h, 'sim advance 1s');
  // 100m of 200m: 50%, exactly on target
  assert.match(ok(h, 'get hpa php'), /\nphp\s+Deployment\/php\s+cpu: 50%\/50%\s+1\s+10\s+1\s+/);
  const st = json(h, 'get hpa php').status;
  assert.deepEqual(st.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '100m', averageUtilization: 50 } } }]);
  assert.deepEqual(st.conditions.map(c => [c.type, c.status, c.reason]), [['AbleToScale', 'True', 'ReadyForNewScale'], ['ScalingActive', 'True', 'ValidMetricFound'], ['ScalingLimited', 'False', 'DesiredWithinRange']]);
  assert.equal(st.conditions[1].message, 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
  assert.match(ok(h, 'describe hpa php'), /\nMetrics:\s+\( current \/ target \)\n  resource cpu on pods  \(as a percentage of request\):  50% \(100m\) \/ 50%\nMin replicas:\s+1\nMax replicas:\s+10\nDeployment pods:\s+1 current \/ 1 desired\n/);
  // a new pod has no metrics until it has run a full 15s window
  ok(h, 'sim advance 5s');
  ok(h, 'rollout restart deploy php');
  ok(h, 'sim advance 10s');
  assert.match(ok(h, 'describe hpa php'), /FailedGetResourceMetric\s+.+\s+horizontal-pod-autoscaler\s+failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API\n/);
  // off: metrics.k8s.io is gone again
  assert.equal(ok(h, 'sim metrics-server off'), 'metrics-server removed\n');
  ok(h, 'sim advance 15s');
  assert.match(ok(h, 'describe hpa php'), /failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource \(get pods\.metrics\.k8s\.io\)/);
});

test('up within tolerance and the scale-up limit, down after the 5-minute stabilization window', () => {
  const h = setup();
  ok(h, 'sim advance 15s');
  // 54%: within the 10% tolerance, nothing happens
  use(h, '108m');
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h), 1);
  // 400%: 1 -> 8 wanted, limited to max(2x1, 4) = 4
  use(h, '800m');
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h), 4);
  let st = json(h, 'get hpa php').status;
  assert.deepEqual(st.conditions.map(c => [c.type, c.status, c.reason]), [['AbleToScale', 'True', 'SucceededRescale'], ['ScalingActive', 'True', 'ValidMetricFound'], ['ScalingLimited', 'True', 'ScaleUpLimit']]);
  assert.equal(st.conditions[2].message, 'the desired replica count is increasing faster than the maximum scale rate');
  assert.equal(st.lastScaleTime, '2030-01-01T00:00:45Z');
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=HorizontalPodAutoscaler'),
    /Normal\s+SuccessfulRescale\s+horizontalpodautoscaler\/php\s+New size: 4; reason: cpu resource utilization \(percentage of request\) above target\n/);
  // everything at 100m: 50%, on target. Without behavior the controller still applies the highest
  // recommendation of the last 5 minutes in both directions: the 8 it wanted at 45s, so 8 it becomes
  // (with an empty reason, as the controller words it)
  use(h, '100m');
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h), 8);
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=HorizontalPodAutoscaler'), /SuccessfulRescale\s+horizontalpodautoscaler\/php\s+New size: 8; reason:\n/);
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h), 8);
  assert.match(ok(h, 'get hpa php'), /cpu: 50%\/50%/);
  // load gone: the recommendation is 1, but the last 5 minutes recommended 8
  use(h, '5m');
  ok(h, 'sim advance 4m');
  assert.equal(replicas(h), 8);
  st = json(h, 'get hpa php').status;
  assert.deepEqual(st.conditions[0].reason, 'ScaleDownStabilized');
  assert.equal(st.conditions[0].message, 'recent recommendations were higher than current one, applying the highest recent recommendation');
  ok(h, 'sim advance 90s');
  assert.equal(replicas(h), 1);
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=HorizontalPodAutoscaler'), /New size: 1; reason: All metrics below target/);
  assert.match(ok(h, 'get hpa php'), /\nphp\s+Deployment\/php\s+cpu: 2%\/50%\s+1\s+10\s+1\s+/);
}, { timeout: 120_000 });

test('behavior: one pod a minute up, no down stabilization, policies shown by describe', () => {
  const h = setup({ hpa: `  behavior:
    scaleUp:
      policies: [{type: Pods, value: 1, periodSeconds: 60}]
    scaleDown:
      stabilizationWindowSeconds: 0
` });
  const b = json(h, 'get hpa php').spec.behavior;
  assert.deepEqual(b.scaleUp, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] });
  assert.deepEqual(b.scaleDown, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  ok(h, 'sim advance 15s');
  use(h, '800m');
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h), 2);
  ok(h, 'sim advance 45s');
  assert.equal(replicas(h), 2, 'one pod per 60s');
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h), 3);
  use(h, '1m');
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h), 1, 'no stabilization window down');
  assert.match(ok(h, 'describe hpa php'), /\nBehavior:\n  Scale Up:\n    Stabilization Window: 0 seconds\n    Select Policy: Max\n    Policies:\n      - Type: Pods  Value: 1  Period: 60 seconds\n  Scale Down:\n    Stabilization Window: 0 seconds\n    Select Policy: Max\n    Policies:\n      - Type: Percent  Value: 100  Period: 15 seconds\n/);
}, { timeout: 120_000 });

test('a pod without a cpu request: the HPA says which; averageValue targets on memory', () => {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T00:00:00Z');
  ok(h, 'sim metrics-server on');
  ok(h, 'sim usage annotations');
  ok(h, 'create deployment web --image=nginx:1.25');
  ok(h, 'autoscale deployment web --max=5 --cpu-percent=50');
  ok(h, 'sim advance 15s');
  const pod = json(h, 'get pods -l app=web').items[0].metadata.name;
  const cond = json(h, 'get hpa web').status.conditions.find(c => c.type === 'ScalingActive');
  assert.equal(cond.message, `the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod ${pod}`);
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=HorizontalPodAutoscaler'),
    new RegExp(`FailedComputeMetricsReplicas\\s+horizontalpodautoscaler/web\\s+invalid metrics \\(1 invalid out of 1\\), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container nginx of Pod ${pod}`));
  // memory, by average value
  ok(h, ['apply', '-f', tmpFile('mem.yaml', `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
`)]);
  ok(h, ['annotate', 'pods', '-l', 'app=web', 'sim.kctl.io/usage=memory=300Mi', '--overwrite']);
  ok(h, 'sim advance 15s');
  assert.equal(replicas(h, 'web'), 3);
  // the average is reported as a plain (milli) quantity, as the controller makes it
  // (REPLICAS is what the target had when the HPA looked: 1, until its next sync)
  assert.match(ok(h, 'get hpa web'), /\nweb\s+Deployment\/web\s+memory: 314572800\/100Mi\s+1\s+5\s+1\s+/);
}, { timeout: 120_000 });

test('a custom resource with a scale subresource: scaled through its specReplicasPath, pods found by its labelSelectorPath', () => {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T00:00:00Z');
  ok(h, 'sim metrics-server on');
  ok(h, 'sim usage annotations');
  ok(h, 'apply -f fixtures/crd/crontab-crd.yaml');
  ok(h, ['apply', '-f', tmpFile('ct.yaml', `apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: ct}
spec: {cronSpec: "* * * * */5", image: my-awesome-cron-image, replicas: 2}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ct}
spec:
  scaleTargetRef: {apiVersion: stable.example.com/v1, kind: CronTab, name: ct}
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`)]);
  // no selector in the scale's status yet
  ok(h, 'sim advance 15s');
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=HorizontalPodAutoscaler'), /SelectorRequired\s+horizontalpodautoscaler\/ct\s+selector is required\n/);
  const cond = json(h, 'get hpa ct').status.conditions.find(c => c.type === 'ScalingActive');
  assert.deepEqual([cond.status, cond.reason, cond.message], ['False', 'InvalidSelector', "the HPA target's scale is missing a selector"]);
  ok(h, ['patch', 'crontab', 'ct', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":2,"labelSelector":"app=ct"}}']);
  for (const n of ['ct-a', 'ct-b'])
    ok(h, ['run', n, '--image=nginx:1.25', '--labels=app=ct', '--annotations=sim.kctl.io/usage=cpu=150m', '--overrides={"spec":{"containers":[{"name":"' + n + '","image":"nginx:1.25","resources":{"requests":{"cpu":"100m"}}}]}}']);
  ok(h, 'sim advance 30s');
  // 150% of 50%: 2 replicas want 6; the scale-up limit (2x, at least 4) makes that 4, then 6 at the next sync
  // (nothing runs pods for a CronTab: the same two pods are measured, 3x the target)
  assert.equal(json(h, 'get crontab ct').spec.replicas, 6);
  assert.match(ok(h, 'get events --field-selector involvedObject.kind=HorizontalPodAutoscaler'), /SuccessfulRescale\s+horizontalpodautoscaler\/ct\s+New size: 6; reason: cpu resource utilization \(percentage of request\) above target\n/);
  assert.match(ok(h, 'get hpa ct'), /\nct\s+CronTab\/ct\s+cpu: 150%\/50%\s+1\s+6\s+4\s+/);
}, { timeout: 120_000 });

test('two HPAs over the same pods: the second to look finds the selector ambiguous', () => {
  const h = freshHome();
  ok(h, 'sim freeze 2030-01-01T00:00:00Z');
  ok(h, 'create deployment web --image=nginx:1.25');
  ok(h, 'autoscale deployment web --max=5 --cpu-percent=50');
  ok(h, 'sim advance 5s');
  ok(h, 'autoscale deployment web --max=5 --cpu-percent=60 --name=web2');
  ok(h, 'sim advance 15s');
  const c = name => json(h, `get hpa ${name}`).status.conditions.find(x => x.type === 'ScalingActive');
  assert.equal(c('web').reason, 'FailedGetResourceMetric');
  assert.deepEqual([c('web2').reason, c('web2').message], ['AmbiguousSelector', 'pods by selector app=web are controlled by multiple HPAs: [{web default} {web2 default}]']);
  ok(h, 'sim advance 10s');
  assert.equal(c('web').reason, 'AmbiguousSelector');
  ok(h, 'delete hpa web2');
  ok(h, 'sim advance 15s');
  assert.equal(c('web').reason, 'FailedGetResourceMetric');
}, { timeout: 120_000 });
