// kubectl scale and kubectl autoscale: messages, preconditions and errors as kubectl 1.33 prints them
// (checked against the real kubectl through a fake API server); autoscale's dry-run objects are golden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT, FIXTURES } from './helpers.mjs';

const get = (home, what, jp) => kctl(home, ['get', what, '-o', `jsonpath=${jp}`]).stdout;

test('scale a deployment: the controller follows; seed 003', () => {
  const home = freshHome();
  assert.equal(kctl(home, 'create deployment first-kind-multi-node --image=museopkim/kubia').code, 0);
  const r = kctl(home, 'scale deployment first-kind-multi-node --replicas=3');
  assert.deepEqual([r.stdout, r.stderr, r.code], ['deployment.apps/first-kind-multi-node scaled\n', '', 0]);
  assert.equal(get(home, 'deploy/first-kind-multi-node', '{.spec.replicas}'), '3');
  const pods = kctl(home, 'get pods -l app=first-kind-multi-node -o name').stdout.trim().split('\n');
  assert.equal(pods.length, 3);
  // the same count again still says scaled
  assert.equal(kctl(home, 'scale deploy/first-kind-multi-node --replicas=3').stdout, 'deployment.apps/first-kind-multi-node scaled\n');
});

test('scale errors and preconditions', () => {
  const home = freshHome();
  assert.equal(kctl(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'nginx-deployment.yaml')]).code, 0);
  const cases = [
    ['scale deployment nope --replicas=2', '', 'error: no objects passed to scale deployments.apps "nope" not found\n', 1],
    ['scale deployment nope nope2 --replicas=2', '', 'error: no objects passed to scale [deployments.apps "nope" not found, deployments.apps "nope2" not found]\n', 1],
    ['scale deployment nginx-deployment', '', 'error: required flag(s) "replicas" not set\n', 1],
    ['scale deployment nginx-deployment --replicas=-1', '', 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n', 1],
    ['scale deployment nginx-deployment --replicas=abc', '', 'error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee \'kctl scale --help\' for usage.\n', 1],
    ['scale deployment nginx-deployment --replicas=5 --current-replicas=9', '', 'error: Expected replicas to be 9, was 3\n', 1],
    ['scale deployment -l app=none --replicas=1', '', 'error: no objects passed to scale\n', 1],
    ['scale deployment --replicas=1', '', 'error: resource(s) were provided, but no name was specified\n', 1],
    ['scale deployment nginx-deployment --replicas=2 --dry-run=client', 'deployment.apps/nginx-deployment scaled (dry run)\n', '', 0],
    ['scale deployment nginx-deployment --replicas=2 --dry-run=server', 'deployment.apps/nginx-deployment scaled (server dry run)\n', '', 0],
    ['scale deployment nginx-deployment nope --replicas=3', 'deployment.apps/nginx-deployment scaled\n', 'Error from server (NotFound): deployments.apps "nope" not found\n', 1],
  ];
  for (const [cmd, out, err, code] of cases) {
    const r = kctl(home, cmd);
    assert.deepEqual([r.stdout, r.stderr, r.code], [out, err, code], cmd);
  }
  assert.equal(get(home, 'deploy/nginx-deployment', '{.spec.replicas}'), '3');
  const r = kctl(home, 'scale deployment nginx-deployment --replicas=1 --current-replicas=3 -o name');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment\n');
  assert.equal(get(home, 'deploy/nginx-deployment', '{.spec.replicas}'), '1');
});

test('scale replica sets, --all, -l, --record, --timeout waits for the new count', () => {
  const home = freshHome();
  assert.equal(kctl(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'frontend-replicaset.yaml')]).code, 0);
  let r = kctl(home, 'scale rs --all --replicas=1');
  assert.equal(r.stdout, 'replicaset.apps/frontend scaled\n');
  r = kctl(home, 'scale rs -l tier=frontend --replicas=2 --timeout=30s --record');
  assert.equal(r.stdout, 'replicaset.apps/frontend scaled\n');
  assert.equal(r.stderr, 'Flag --record has been deprecated, --record will be removed in the future\n');
  assert.equal(get(home, 'rs/frontend', '{.status.replicas}'), '2');
  assert.equal(get(home, 'rs/frontend', '{.metadata.annotations.kubernetes\\.io/change-cause}'),
    'kctl scale rs --selector=tier=frontend --replicas=2 --timeout=30s --record=true');
});

test('autoscale stores an autoscaling/v2 HPA; dry-run objects are kubectl\'s (golden)', () => {
  const home = freshHome();
  assert.equal(kctl(home, 'create deployment web --image=nginx').code, 0);
  const golden = f => fs.readFileSync(path.join(ROOT, 'test', 'golden', 'autoscale', f), 'utf8');
  for (const [args, file] of [['--max=5 -o yaml', 'max.yaml'], ['--max=5 -o json', 'max.json'],
    ['--max=5 --min=2 --cpu-percent=80 -o yaml', 'min-max-cpu.yaml'], ['--max=5 --min=2 --cpu-percent=80 -o json', 'min-max-cpu.json']]) {
    const r = kctl(home, `autoscale deployment web --dry-run=client ${args}`);
    assert.equal(r.stdout, golden(file), file);
  }
  assert.equal(kctl(home, 'autoscale deployment web --max=5 --dry-run=client').stdout, 'horizontalpodautoscaler.autoscaling/web created (dry run)\n');
  let r = kctl(home, 'autoscale deployment web --min=2 --max=5 --cpu-percent=80');
  assert.deepEqual([r.stdout, r.code], ['horizontalpodautoscaler.autoscaling/web autoscaled\n', 0]);
  assert.equal(get(home, 'hpa/web', '{.spec.minReplicas} {.spec.maxReplicas} {.spec.metrics[0].resource.target.averageUtilization} {.spec.scaleTargetRef.kind}'), '2 5 80 Deployment');
  r = kctl(home, 'autoscale deployment web --max=3');
  assert.deepEqual([r.stderr, r.code], ['Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n', 1]);
  assert.equal(kctl(home, 'autoscale deploy/web --max=3 --name=other').stdout, 'horizontalpodautoscaler.autoscaling/other autoscaled\n');
  for (const [cmd, err] of [
    ['autoscale deployment web', 'error: required flag(s) "max" not set\n'],
    ['autoscale deployment web --max=0', 'error: --max=MAXPODS is required and must be at least 1, max: 0\n'],
    ['autoscale deployment web --max=5 --min=7', 'error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 5, min: 7\n'],
    ['autoscale deployment nope --max=3', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
  ]) {
    r = kctl(home, cmd);
    assert.deepEqual([r.stderr, r.code], [err, 1], cmd);
  }
});
