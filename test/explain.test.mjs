// kctl explain against golden outputs taken from the real kubectl 1.33 (serving the official v1.33 OpenAPI v3
// documents from a stub API server), so these tests do not need it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT } from './helpers.mjs';

const home = freshHome();
const golden = (name) => fs.readFileSync(path.join(ROOT, 'test/golden/explain', name), 'utf8');

function same(args, file) {
  const r = kctl(home, args);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, golden(file));
}

test('explain pod: KIND / VERSION / DESCRIPTION / FIELDS', () => {
  same(['explain', 'pod'], 'pod.txt');
  const r = kctl(home, ['explain', 'pods']);
  assert.equal(r.stdout, golden('pod.txt'));
  assert.match(r.stdout, /^KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a collection/);
  assert.match(r.stdout, /\n  metadata\t<ObjectMeta>\n/);
});

test('explain a field path: FIELD line, merged descriptions, -required-', () => {
  same(['explain', 'pod.spec.containers'], 'pod.spec.containers.txt');
  const out = golden('pod.spec.containers.txt');
  assert.match(out, /^KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <\[\]Container>\n\n\nDESCRIPTION:\n/);
  assert.match(out, /\n  name\t<string> -required-\n/);
  same(['explain', 'po.spec.restartPolicy'], 'pod.spec.restartPolicy.txt');
  same(['explain', 'svc.spec.ports'], 'svc.spec.ports.txt');
});

test('explain a grouped resource prints GROUP', () => {
  same(['explain', 'deployments.spec.template'], 'deployments.spec.template.txt');
  same(['explain', 'deployments.apps.spec.template'], 'deployments.spec.template.txt');
  assert.match(golden('deployments.spec.template.txt'), /^GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n/);
});

test('explain --recursive prints the field tree without descriptions', () => {
  same(['explain', 'pod', '--recursive'], 'pod-recursive.txt');
  const out = golden('pod-recursive.txt');
  assert.match(out, /\n  spec\t<PodSpec>\n    activeDeadlineSeconds\t<integer>\n/);
  assert.doesNotMatch(out.split('FIELDS:\n')[1], /APIVersion defines/);
  // a self-referencing schema stops at the cycle
  same(['explain', 'crd.spec.versions.schema.openAPIV3Schema', '--recursive'], 'crd-schema-recursive.txt');
});

test('explain --api-version picks another served version', () => {
  same(['explain', 'hpa', '--api-version=autoscaling/v1'], 'hpa-autoscaling-v1.txt');
  const r = kctl(home, ['explain', 'hpa']);
  assert.match(r.stdout, /^GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v2\n/);
  const bad = kctl(home, ['explain', 'deploy', '--api-version=apps/v9']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'error: couldn\'t find resource for "apps/v9, Resource=deployments"\n');
  const wrong = kctl(home, ['explain', 'pods', '--api-version=apps/v1']);
  assert.equal(wrong.stderr, 'error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n');
});

test('explain errors: unknown field, unknown resource, arguments, format', () => {
  let r = kctl(home, ['explain', 'pod.spec.foo']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, golden('pod.spec.foo.stdout'));
  assert.equal(r.stderr, golden('pod.spec.foo.stderr'));
  assert.equal(r.stderr, 'error: field "foo" does not exist\n');
  r = kctl(home, ['explain', 'foo']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'the server doesn\'t have a resource type "foo"\n');
  r = kctl(home, ['explain']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: You must specify the type of resource to explain. Use "kctl api-resources" for a complete list of supported resources.\n');
  r = kctl(home, ['explain', 'pods', 'nodes']);
  assert.equal(r.stderr, 'error: We accept only this format: explain RESOURCE\n');
  r = kctl(home, ['explain', 'pod', '--output=yaml']);
  assert.equal(r.stderr, 'error: unrecognized format: yaml\n');
  r = kctl(home, ['explain', 'pod[0]']);
  assert.equal(r.stderr, 'error: invalid jsonpath syntax, first node must be field node\n');
});

test('explain --output=plaintext-openapiv2 uses the older layout', () => {
  const r = kctl(home, ['explain', 'pod.spec.containers', '--output=plaintext-openapiv2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^KIND:     Pod\nVERSION:  v1\n\nRESOURCE: containers <\[\]Object>\n\nDESCRIPTION:\n     List of containers/);
  assert.match(r.stdout, /\n\n     A single application container that you want to run within a pod\.\n\nFIELDS:\n   args\t<\[\]string>\n/);
  assert.match(r.stdout, /\n   name\t<string> -required-\n/);
  const f = kctl(home, ['explain', 'deploy.spec.replicas', '--output=plaintext-openapiv2']);
  assert.match(f.stdout, /^KIND:     Deployment\nVERSION:  apps\/v1\n\nFIELD:    replicas <integer>\n\nDESCRIPTION:\n/);
});
