// kubectl patch: strategic merge patch (directives, merge keys), JSON merge patch, JSON patch (RFC 6902),
// --local against golden output of the real kubectl 1.33, and patches sent to the simulated server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, tmpFile, ROOT } from './helpers.mjs';

const home = freshHome();
const golden = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/golden/patch/local.json'), 'utf8'));

test('patch --local matches kubectl 1.33 byte for byte (strategic, merge, json, errors)', () => {
  assert.ok(golden.length > 40);
  for (const c of golden) {
    const r = kctl(home, c.args);
    assert.equal(r.stdout, c.stdout, `stdout of ${JSON.stringify(c.args)}`);
    assert.equal(r.stderr, c.stderr, `stderr of ${JSON.stringify(c.args)}`);
    assert.equal(r.code, c.code, `exit code of ${JSON.stringify(c.args)}`);
  }
});

test('strategic merge patch merges containers by name and env by name', () => {
  const r = kctl(home, ['patch', '--local', '-f', 'fixtures/apply/smp-deployment.yaml', '-o', 'json', '-p',
    '{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"busybox:2","env":[{"name":"X","value":"1"}]}]}}}}']);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  const cs = d.spec.template.spec.containers;
  assert.deepEqual(cs.map(c => c.name), ['a', 'b']);
  assert.equal(cs[1].image, 'busybox:2');
  assert.deepEqual(cs[1].env, [{ name: 'X', value: '1' }]);
  assert.equal(cs[0].env.length, 2, 'untouched container keeps its env');
  // tolerations are atomic: replaced, not merged
  const t = JSON.parse(kctl(home, ['patch', '--local', '-f', 'fixtures/apply/smp-deployment.yaml', '-o', 'json', '-p',
    '{"spec":{"template":{"spec":{"tolerations":[{"key":"new","operator":"Exists"}]}}}}']).stdout);
  assert.deepEqual(t.spec.template.spec.tolerations, [{ key: 'new', operator: 'Exists' }]);
});

test('patch against the server: patched, patched (no change), errors', () => {
  assert.equal(kctl(home, 'create deployment web --image=nginx --replicas=1').code, 0);
  let r = kctl(home, ['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":3}}']);
  assert.equal(r.stdout, 'deployment.apps/web patched\n');
  assert.equal(r.code, 0);
  assert.equal(kctl(home, 'get deploy web -o jsonpath={.spec.replicas}').stdout, '3');
  r = kctl(home, ['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":3}}']);
  assert.equal(r.stdout, 'deployment.apps/web patched (no change)\n');
  r = kctl(home, ['patch', 'deploy/web', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":"fe"}}}', '-o', 'name']);
  assert.equal(r.stdout, 'deployment.apps/web\n');
  r = kctl(home, ['patch', 'deploy', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"}]']);
  assert.equal(r.stdout, 'deployment.apps/web patched\n');
  assert.equal(kctl(home, 'get deploy web -o jsonpath={.spec.template.spec.containers[0].image}').stdout, 'nginx:1.27');
  // strategic patch of one container keeps the others' defaults
  r = kctl(home, ['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}']);
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(kctl(home, 'get deploy web -o json').stdout).spec.template.spec.containers[0];
  assert.equal(c.image, 'nginx:1.28');
  assert.equal(c.terminationMessagePath, '/dev/termination-log');
  // errors
  r = kctl(home, ['patch', 'deploy', 'web', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/labels/nope"}]']);
  assert.equal(r.stderr, 'The request is invalid\n');
  assert.equal(r.code, 1);
  r = kctl(home, ['patch', 'deploy', 'web', '-p', '{bad']);
  assert.equal(r.stderr, 'Error from server (BadRequest): invalid JSON document\n');
  r = kctl(home, ['patch', 'deploy', 'nope', '-p', '{}']);
  assert.equal(r.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
  assert.equal(r.code, 1);
  r = kctl(home, ['patch', 'deploy', 'web']);
  assert.equal(r.stderr, 'error: must specify --patch or --patch-file containing the contents of the patch\n');
  r = kctl(home, ['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":-1}}']);
  assert.match(r.stderr, /^The Deployment "web" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0\n$/);
});

test('patch --dry-run, --patch-file, -o yaml', () => {
  const f = tmpFile('p.yaml', 'spec:\n  replicas: 7\n');
  let r = kctl(home, ['patch', 'deploy', 'web', '--patch-file', f, '--dry-run=client']);
  assert.equal(r.stdout, 'deployment.apps/web patched\n'); // kubectl 1.33 prints no dry-run suffix here
  r = kctl(home, ['patch', 'deploy', 'web', '--patch-file', f, '--dry-run=server']);
  assert.equal(r.stdout, 'deployment.apps/web patched\n'); // kubectl 1.33: no dry-run suffix for patch
  assert.equal(kctl(home, 'get deploy web -o jsonpath={.spec.replicas}').stdout, '3');
  r = kctl(home, ['patch', 'deploy', 'web', '--patch-file', f, '-o', 'yaml']);
  assert.match(r.stdout, /^apiVersion: apps\/v1\nkind: Deployment\n/);
  assert.match(r.stdout, /\n  replicas: 7\n/);
});

test('patch --subresource scale and status', () => {
  let r = kctl(home, ['patch', 'deploy', 'web', '--subresource', 'scale', '-p', '{"spec":{"replicas":2}}']);
  assert.equal(r.stdout, 'scale.autoscaling/web patched\n');
  assert.equal(kctl(home, 'get deploy web -o jsonpath={.spec.replicas}').stdout, '2');
  r = kctl(home, ['patch', 'deploy', 'web', '--subresource', 'scale', '--type', 'merge', '-p', '{"spec":{"replicas":2}}', '-o', 'json']);
  const scale = JSON.parse(r.stdout);
  assert.equal(scale.kind, 'Scale');
  assert.equal(scale.spec.replicas, 2);
  r = kctl(home, ['patch', 'deploy', 'web', '--subresource', 'status', '--type', 'merge', '-p', '{"status":{"observedGeneration":99}}', '-o', 'jsonpath={.status.observedGeneration}']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '99');
  r = kctl(home, ['patch', 'deploy', 'web', '--subresource', 'bogus', '-p', '{}']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (NotFound): the server could not find the requested resource\n'); // as kubectl 1.33
  assert.equal(kctl(home, 'create cm c1 --from-literal=a=1').code, 0);
  r = kctl(home, ['patch', 'cm', 'c1', '--subresource', 'scale', '-p', '{"spec":{"replicas":2}}']);
  assert.equal(r.stderr, 'Error from server (NotFound): the server could not find the requested resource\n');
});
