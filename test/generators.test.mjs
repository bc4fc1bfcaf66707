// `kctl create <generator>` and `kctl run`: client dry runs byte for byte against what kubectl 1.33
// printed (test/golden/generators/, recorded by make-golden.mjs), plus real creates checked with get.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, kctlSpawn, freshHome, ROOT } from './helpers.mjs';
import { CASES } from './golden/generators/cases.mjs';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'generators');
const FILES = path.join(GOLDEN, 'files');
const results = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'results.json'), 'utf8'));
const home = freshHome();

/** kctl without blocking, so golden cases can run a few at a time. */
function kctlAsync(h, argv, opts = {}) {
  return new Promise(resolve => {
    const p = kctlSpawn(h, argv, opts);
    let stdout = '', stderr = '';
    p.stdout.on('data', d => (stdout += d));
    p.stderr.on('data', d => (stderr += d));
    p.stdin?.end();
    p.on('close', code => resolve({ stdout, stderr, code }));
  });
}

kctl(home, ['create', 'ns', 'warm-up', '--dry-run=client']);
describe('golden', { concurrency: 4 }, () => {
for (const [name, args] of Object.entries(CASES)) {
  test(`golden: ${name}`, async () => {
    const want = results[name];
    const r = await kctlAsync(home, args, { cwd: FILES });
    assert.equal(r.stderr, want.stderr.replace(/\bkubectl(?= )/g, 'kctl'), `stderr of ${args.join(' ')}`);
    assert.equal(r.stdout, fs.readFileSync(path.join(GOLDEN, `${name}.stdout`), 'utf8'), `stdout of ${args.join(' ')}`);
    assert.equal(r.code, want.code);
  });
}
});

test('container names from dotted images get a random 5-char suffix', () => {
  const r = kctl(home, ['create', 'deployment', 'w', '--image=registry.io/team/my.app_x:1', '--dry-run=client', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const obj = JSON.parse(r.stdout);
  assert.match(obj.spec.template.spec.containers[0].name, /^my-app-x-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('run creates a pod (seed 003) and a second run is AlreadyExists, unwrapped', () => {
  const h = freshHome();
  let r = kctl(h, ['run', 'kubia', '--image=museopkim/kubia', '--port=8080']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'pod/kubia created\n', '']);
  r = kctl(h, ['get', 'pod', 'kubia', '-o', 'jsonpath={.metadata.labels.run} {.spec.containers[0].ports[0].containerPort} {.spec.containers[0].name}']);
  assert.equal(r.stdout, 'kubia 8080 kubia');
  r = kctl(h, ['run', 'kubia', '--image=museopkim/kubia']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'Error from server (AlreadyExists): pods "kubia" already exists\n']);
  r = kctl(h, ['run', 'kubia2', '--image=nginx', '--dry-run=server']);
  assert.deepEqual([r.code, r.stdout], [0, 'pod/kubia2 created (server dry run)\n']);
  r = kctl(h, ['get', 'pod', 'kubia2']);
  assert.equal(r.code, 1);
});

test('generators create real objects; typed clients wrap server errors', () => {
  const h = freshHome();
  const ok = (args, line) => {
    const r = kctl(h, args);
    assert.deepEqual([r.code, r.stderr, r.stdout], [0, '', line + '\n'], args.join(' '));
  };
  ok(['create', 'namespace', 'dev'], 'namespace/dev created');
  ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '-n', 'dev'], 'deployment.apps/web created');
  ok(['create', 'configmap', 'cfg', '--from-literal=a=1'], 'configmap/cfg created');
  ok(['create', 'secret', 'generic', 's1', '--from-literal=p=x'], 'secret/s1 created');
  ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080'], 'service/web created');
  ok(['create', 'serviceaccount', 'robot'], 'serviceaccount/robot created');
  ok(['create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi'], 'job.batch/j1 created');
  ok(['create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *'], 'cronjob.batch/cj1 created');
  ok(['create', 'cronjob', 'cj2', '--image=busybox', '--schedule=*/5 * * * *', '--dry-run=server'], 'cronjob.batch/cj2 created (server dry run)');
  assert.equal(kctl(h, ['get', 'cronjob', 'cj2']).code, 1);
  ok(['create', 'ingress', 'ing', '--rule=foo.com/*=web:80'], 'ingress.networking.k8s.io/ing created');
  ok(['create', 'quota', 'q', '--hard=pods=10'], 'resourcequota/q created');
  ok(['create', 'priorityclass', 'high', '--value=1000'], 'priorityclass.scheduling.k8s.io/high created');
  ok(['create', 'pdb', 'pdb', '--selector=app=web', '--min-available=1'], 'poddisruptionbudget.policy/pdb created');
  ok(['create', 'rolebinding', 'rb', '--clusterrole=view', '--user=alice'], 'rolebinding.rbac.authorization.k8s.io/rb created');
  ok(['create', 'deployment', 'api', '--image=nginx', '-o', 'name'], 'deployment.apps/api');

  let r = kctl(h, ['get', 'deployment', 'web', '-n', 'dev', '-o', 'jsonpath={.spec.replicas} {.metadata.labels.app} {.spec.template.spec.containers[0].image}']);
  assert.equal(r.stdout, '2 web nginx');
  r = kctl(h, ['get', 'configmap', 'cfg', '-o', 'jsonpath={.data.a}']);
  assert.equal(r.stdout, '1');
  r = kctl(h, ['get', 'secret', 's1', '-o', 'jsonpath={.data.p}']);
  assert.equal(r.stdout, 'eA==');
  r = kctl(h, ['get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}']);
  assert.equal(r.stdout, '80 8080 web');
  r = kctl(h, ['get', 'cronjob', 'cj1', '-o', 'jsonpath={.spec.schedule}']);
  assert.equal(r.stdout, '*/5 * * * *');

  const fails = (args, err) => {
    const r = kctl(h, args);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', err + '\n'], args.join(' '));
  };
  fails(['create', 'deployment', 'web', '--image=nginx', '-n', 'dev'], 'error: failed to create deployment: deployments.apps "web" already exists');
  fails(['create', 'configmap', 'cfg'], 'error: failed to create configmap: configmaps "cfg" already exists');
  fails(['create', 'secret', 'generic', 's1'], 'error: failed to create secret secrets "s1" already exists');
  fails(['create', 'namespace', 'dev'], 'Error from server (AlreadyExists): namespaces "dev" already exists');
  fails(['create', 'service', 'clusterip', 'web', '--tcp=80'], 'error: failed to create ClusterIP service: services "web" already exists');
});

test('create deployment --save-config keeps the last-applied annotation on the server', () => {
  const h = freshHome();
  const r0 = kctl(h, ['create', 'deployment', 'web', '--image=nginx', '--save-config']);
  assert.equal(r0.code, 0, r0.stderr);
  const r = kctl(h, ['get', 'deployment', 'web', '-o', 'json']);
  const ann = JSON.parse(r.stdout).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  assert.ok(ann.startsWith('{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null'), ann);
  assert.ok(ann.endsWith('\n'));
});

test('create job --from=cronjob/x copies the job template', () => {
  const h = freshHome();
  kctl(h, ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=0 * * * *', '--', 'date']);
  const r = kctl(h, ['create', 'job', 'manual', '--from=cronjob/cj', '--dry-run=client', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const job = JSON.parse(r.stdout);
  assert.equal(job.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
  assert.equal(job.metadata.ownerReferences[0].kind, 'CronJob');
  assert.deepEqual(job.spec.template.spec.containers[0].command, ['date']);
  const r2 = kctl(h, ['create', 'job', 'manual', '--from=cronjob/nope']);
  assert.deepEqual([r2.code, r2.stderr], [1, 'Error from server (NotFound): cronjobs.batch "nope" not found\n']);
});

test('a bare --dry-run and boolean values are deprecated, with klog warnings on stderr', () => {
  let r = kctl(home, ['create', 'ns', 'x', '--dry-run']);
  assert.equal(r.stdout, 'namespace/x created (dry run)\n');
  assert.match(r.stderr, /^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ helpers\.go:703\] --dry-run is deprecated and can be replaced with --dry-run=client\.\n$/);
  r = kctl(home, ['run', 'x', '--image=nginx', '--dry-run=true', '-o', 'name']);
  assert.equal(r.stdout, 'pod/x\n');
  assert.match(r.stderr, /helpers\.go:717\] --dry-run=true is deprecated \(boolean value\) and can be replaced with --dry-run=client\.\n$/);
});

test('create role/clusterrole create real objects', () => {
  const h = freshHome();
  let r = kctl(h, ['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods']);
  assert.deepEqual([r.code, r.stdout], [0, 'role.rbac.authorization.k8s.io/pod-reader created\n'], r.stderr);
  r = kctl(h, ['create', 'clusterrole', 'nodes', '--verb=get', '--resource=no']);
  assert.deepEqual([r.code, r.stdout], [0, 'clusterrole.rbac.authorization.k8s.io/nodes created\n'], r.stderr);
  r = kctl(h, ['get', 'clusterrole', 'nodes', '-o', 'jsonpath={.rules[0].resources[0]}']);
  assert.equal(r.stdout, 'nodes');
  r = kctl(h, ['create', 'role', 'pod-reader', '--verb=get', '--resource=pods']);
  assert.deepEqual([r.code, r.stderr], [1, 'Error from server (AlreadyExists): roles.rbac.authorization.k8s.io "pod-reader" already exists\n']);
});
