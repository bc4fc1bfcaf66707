// ResourceQuota for every quota'd resource (object counts, services' node ports and load balancers, claims'
// storage per class, pod compute), scopes and PriorityClass scope selectors, refusals on create and on
// updates that grow usage; LimitRange defaults and its min / max / ratio refusals for containers, pods and claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const fail = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 1, `${[].concat(args).join(' ')} should fail`); assert.equal(r.stdout, ''); return r.stderr; };
const yaml = (name, text) => tmpFile(name, text);

test('object counts: configmaps, secrets, services, count/<resource>.<group>; status.used follows', () => {
  const h = freshHome();
  ok(h, 'create ns q');
  ok(h, 'create quota counts -n q --hard=configmaps=2,secrets=1,services=1,count/deployments.apps=1,count/jobs.batch=1');
  // every namespace has kube-root-ca.crt
  assert.deepEqual(json(h, 'get quota counts -n q').status.used, { configmaps: '1', 'count/deployments.apps': '0', 'count/jobs.batch': '0', secrets: '0', services: '0' });
  ok(h, 'create cm one -n q --from-literal=a=1');
  assert.equal(fail(h, 'create cm two -n q --from-literal=a=1'), 'error: failed to create configmap: configmaps "two" is forbidden: exceeded quota: counts, requested: configmaps=1, used: configmaps=2, limited: configmaps=2\n');
  ok(h, 'create secret generic s -n q --from-literal=a=1');
  const f = yaml('s.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: s2}\nstringData: {a: b}\n');
  assert.equal(fail(h, ['apply', '-n', 'q', '-f', f]),
    `Error from server (Forbidden): error when creating "${f}": secrets "s2" is forbidden: exceeded quota: counts, requested: secrets=1, used: secrets=1, limited: secrets=1\n`);
});

test('object counts (continued): deployments, jobs and services; describe quota', () => {
  const h = freshHome();
  ok(h, 'create ns q');
  ok(h, 'create quota counts -n q --hard=services=1,count/deployments.apps=1,count/jobs.batch=1');
  ok(h, 'create deployment d1 -n q --image=nginx');
  assert.equal(fail(h, 'create deployment d2 -n q --image=nginx'), 'error: failed to create deployment: deployments.apps "d2" is forbidden: exceeded quota: counts, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1\n');
  ok(h, 'create job j1 -n q --image=busybox -- true');
  assert.match(fail(h, 'create job j2 -n q --image=busybox -- true'), /jobs\.batch "j2" is forbidden: exceeded quota: counts, requested: count\/jobs\.batch=1, used: count\/jobs\.batch=1, limited: count\/jobs\.batch=1\n$/);
  ok(h, 'create service clusterip a -n q --tcp=80');
  assert.match(fail(h, 'create service clusterip b -n q --tcp=80'), /services "b" is forbidden: exceeded quota: counts, requested: services=1, used: services=1, limited: services=1\n$/);
  // deleting frees the count
  ok(h, 'delete deployment d1 -n q');
  ok(h, 'create deployment d2 -n q --image=nginx');
  assert.match(ok(h, 'describe quota counts -n q'), /\nResource\s+Used\s+Hard\n--------\s+----\s+----\ncount\/deployments\.apps\s+1\s+1\ncount\/jobs\.batch\s+1\s+1\nservices\s+1\s+1\n/);
});

test('services: node ports and load balancers, on create and when an update changes the type', () => {
  const h = freshHome();
  ok(h, 'create quota svc --hard=services.nodeports=1,services.loadbalancers=0');
  ok(h, 'create service nodeport np --tcp=80:80');
  assert.equal(json(h, 'get quota svc').status.used['services.nodeports'], '1');
  assert.match(fail(h, 'create service nodeport np2 --tcp=81:81'), /services "np2" is forbidden: exceeded quota: svc, requested: services\.nodeports=1, used: services\.nodeports=1, limited: services\.nodeports=1\n$/);
  assert.match(fail(h, 'create service loadbalancer lb --tcp=80:80'), /services "lb" is forbidden: exceeded quota: svc, requested: services\.loadbalancers=1,services\.nodeports=1, used: services\.loadbalancers=0,services\.nodeports=1, limited: services\.loadbalancers=0,services\.nodeports=1\n$/);
  ok(h, 'create service clusterip c --tcp=80');
  assert.equal(fail(h, ['patch', 'svc', 'c', '-p', '{"spec":{"type":"NodePort"}}']),
    'Error from server (Forbidden): services "c" is forbidden: exceeded quota: svc, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1\n');
});

test('claims: counts and storage, overall and per storage class; growing a claim is charged', () => {
  const h = freshHome();
  ok(h, 'create quota st --hard=persistentvolumeclaims=3,requests.storage=3Gi,standard.storageclass.storage.k8s.io/requests.storage=2Gi,fast.storageclass.storage.k8s.io/persistentvolumeclaims=0');
  const claim = (name, size, cls = '') => yaml(`${name}.yaml`, `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}}\nspec:\n${cls ? `  storageClassName: ${cls}\n` : ''}  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: ${size}}}\n`);
  ok(h, ['apply', '-f', claim('a', '1Gi')]);
  assert.match(fail(h, ['apply', '-f', claim('b', '2Gi')]), /persistentvolumeclaims "b" is forbidden: exceeded quota: st, requested: standard\.storageclass\.storage\.k8s\.io\/requests\.storage=2Gi, used: standard\.storageclass\.storage\.k8s\.io\/requests\.storage=1Gi, limited: standard\.storageclass\.storage\.k8s\.io\/requests\.storage=2Gi\n$/);
  assert.match(fail(h, ['apply', '-f', claim('f', '1Gi', 'fast')]), /exceeded quota: st, requested: fast\.storageclass\.storage\.k8s\.io\/persistentvolumeclaims=1, used: fast\.storageclass\.storage\.k8s\.io\/persistentvolumeclaims=0, limited: fast\.storageclass\.storage\.k8s\.io\/persistentvolumeclaims=0\n$/);
  ok(h, ['apply', '-f', claim('m', '1500Mi', 'manual')]);
  const used = json(h, 'get quota st').status.used;
  assert.deepEqual(used, { 'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '0', persistentvolumeclaims: '2', 'requests.storage': '2524Mi', 'standard.storageclass.storage.k8s.io/requests.storage': '1Gi' });
});

test('pods: compute quota, must-specify, scopes (BestEffort, NotTerminating) and PriorityClass scope selectors; a burst stops at the limit', () => {
  const h = freshHome();
  ok(h, 'create quota be --hard=pods=1 --scopes=BestEffort');
  ok(h, 'run a --image=nginx');
  assert.match(fail(h, 'run b --image=nginx'), /pods "b" is forbidden: exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1\n$/);
  // a pod with requests is not BestEffort: this quota does not see it
  ok(h, 'run c --image=nginx --overrides={"spec":{"containers":[{"name":"c","image":"nginx","resources":{"requests":{"cpu":"100m"}}}]}}');
  assert.equal(json(h, 'get quota be').status.used.pods, '1');
  // PriorityClass scope
  ok(h, 'create priorityclass high --value=1000');
  ok(h, ['apply', '-f', yaml('pq.yaml', 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: high}\nspec:\n  hard: {pods: "0"}\n  scopeSelector:\n    matchExpressions:\n    - {scopeName: PriorityClass, operator: In, values: [high]}\n')]);
  assert.match(fail(h, ['run', 'h', '--image=nginx', '--overrides={"spec":{"priorityClassName":"high","containers":[{"name":"h","image":"nginx","resources":{"requests":{"cpu":"1m"}}}]}}']),
    /pods "h" is forbidden: exceeded quota: high, requested: pods=1, used: pods=0, limited: pods=0\n$/);
  // compute: every container must say what the quota limits
  const n = freshHome();
  ok(n, 'create quota cpu --hard=requests.cpu=1,limits.memory=1Gi');
  assert.equal(fail(n, 'run x --image=nginx'), 'Error from server (Forbidden): pods "x" is forbidden: failed quota: cpu: must specify limits.memory for: x; requests.cpu for: x\n');
  // a deployment wants 5 pods; the quota allows 3: the ReplicaSet records FailedCreate
  ok(n, 'delete quota cpu');
  ok(n, 'create quota pods --hard=pods=3');
  ok(n, 'create deployment web --image=nginx --replicas=5');
  assert.equal(json(n, 'get deploy web').status.replicas, 3);
  assert.match(ok(n, 'get events'), /Warning\s+FailedCreate\s+replicaset\/web-\w+\s+Error creating: pods "web-\w+-" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3/);
});

test('LimitRange: container defaults; min, max and ratio refusals for containers, pods and claims', () => {
  const h = freshHome();
  ok(h, ['apply', '-f', yaml('lr.yaml', `apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 100m}
    max: {cpu: "1"}
    min: {cpu: 50m}
    maxLimitRequestRatio: {cpu: "5"}
  - type: Pod
    max: {memory: 1Gi}
  - type: PersistentVolumeClaim
    min: {storage: 1Gi}
    max: {storage: 5Gi}
`)]);
  // the LimitRange's own defaults: a default request for memory comes from the default limit
  assert.deepEqual(json(h, 'get limits limits').spec.limits[0].defaultRequest, { cpu: '100m', memory: '256Mi' });
  ok(h, 'run d --image=nginx');
  const p = json(h, 'get pod d');
  assert.deepEqual(p.spec.containers[0].resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
  assert.equal(p.metadata.annotations['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu, memory request for container d; cpu, memory limit for container d');
  const run = (name, res) => kctl(h, ['run', name, '--image=nginx', `--overrides={"spec":{"containers":[{"name":"${name}","image":"nginx","resources":${JSON.stringify(res)}}]}}`]);
  // a limit alone is also the request (API defaulting, before LimitRanger)
  let r = run('big', { limits: { cpu: '2' } });
  assert.equal(r.stderr, 'Error from server (Forbidden): pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2\n');
  r = run('skewed', { requests: { cpu: '100m' }, limits: { cpu: '2' } });
  assert.equal(r.stderr, 'Error from server (Forbidden): pods "skewed" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, cpu max limit to request ratio per Container is 5, but provided ratio is 20.000000]\n');
  r = run('tiny', { requests: { cpu: '10m' }, limits: { cpu: '40m' } });
  assert.equal(r.stderr, 'Error from server (Forbidden): pods "tiny" is forbidden: minimum cpu usage per Container is 50m, but request is 10m\n');
  r = run('fat', { requests: { cpu: '100m', memory: '2Gi' }, limits: { cpu: '200m', memory: '2Gi' } });
  assert.equal(r.stderr, 'Error from server (Forbidden): pods "fat" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 2Gi\n');
  const claim = size => yaml('c.yaml', `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: ${size}}}\n`);
  assert.match(fail(h, ['apply', '-f', claim('500Mi')]), /persistentvolumeclaims "c" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi\n$/);
  assert.match(fail(h, ['apply', '-f', claim('10Gi')]), /persistentvolumeclaims "c" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi\n$/);
  ok(h, ['apply', '-f', claim('2Gi')]);
  // pods owned by controllers get the same treatment: the ReplicaSet records the refusal
  ok(h, ['create', 'deployment', 'huge', '--image=nginx']);
  ok(h, ['set', 'resources', 'deployment', 'huge', '--limits=cpu=3']);
  assert.match(ok(h, 'get events'), /FailedCreate\s+replicaset\/huge-\w+\s+Error creating: pods "huge-\w+-" is forbidden: maximum cpu usage per Container is 1, but limit is 3\n/);
});
