// Schema validation on writes: unknown fields and wrong JSON types are BadRequest errors worded as
// kube-apiserver 1.33's strict decoder words them; valid manifests from the Kubernetes docs are accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const home = freshHome();
const POD = (name, containerExtra = '', specExtra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: web
    image: nginx${containerExtra}
${specExtra}`;

function expectBadRequest(file, message, verb = 'apply') {
  const r = kctl(home, [verb, '-f', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `Error from server (BadRequest): error when creating "${file}": ${message}\n`);
}

test('an unknown field is rejected with the strict decoding message (apply -f)', () => {
  const f = tmpFile('pod.yaml', POD('typo', '\n    imagee: nginx:1.27'));
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"');
  assert.equal(kctl(home, 'get pod typo').code, 1, 'nothing was created');
});

test('create -f reports the same unknown field', () => {
  const f = tmpFile('pod.yaml', POD('typo2', '', '  restartPolicyy: Never'));
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.restartPolicyy"', 'create');
});

test('several unknown fields are listed in the order they appear, with list indexes', () => {
  const f = tmpFile('dep.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: many
  labls: {a: b}
spec:
  replicas: 1
  selector: {matchLabels: {app: many}}
  template:
    metadata: {labels: {app: many}}
    spec:
      containers:
      - name: a
        image: nginx
        ports:
        - containerPort: 80
          protocl: TCP
      - name: b
        image: busybox
        command: [sleep, "3600"]
        foo: 1
bar: true
`);
  // in the order of the JSON kubectl sends (Go writes an unstructured object's keys sorted)
  expectBadRequest(f, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
    'unknown field "bar", unknown field "metadata.labls", unknown field "spec.template.spec.containers[0].ports[0].protocl", ' +
    'unknown field "spec.template.spec.containers[1].foo"');
});

test('a string where a list of containers belongs is a json type error', () => {
  const f = tmpFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t1\nspec:\n  containers: nginx\n');
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container');
});

test('wrong scalar types name the Go struct, the field path without indexes and the Go type', () => {
  let f = tmpFile('pod.yaml', POD('t2', '\n    ports:\n    - containerPort: "80"'));
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
  f = tmpFile('dep.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: t3}
spec:
  replicas: "3"
  selector: {matchLabels: {app: t3}}
  template:
    metadata: {labels: {app: t3}}
    spec: {containers: [{name: a, image: nginx}]}
`);
  expectBadRequest(f, 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  f = tmpFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t4\n  labels:\n    tier: 1\nspec:\n  containers: [{name: a, image: nginx}]\n');
  // metadata is read by kubectl's own decoder first (kubectl 1.33 refuses it before any request)
  let r = kctl(home, ['apply', '-f', f]);
  assert.deepEqual([r.stderr, r.code], [`error: unable to decode "${f}": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string\n`, 1]);
  f = tmpFile('pod.yaml', POD('t5', '\n    env:\n    - name: A\n      value: 5'));
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string');
  f = tmpFile('pod.yaml', POD('t6', '\n    ports:\n    - containerPort: 80.5'));
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
  f = tmpFile('pod.yaml', POD('t7', '', '  securityContext: []'));
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field PodSpec.spec.securityContext of type v1.PodSecurityContext');
});

test('a type error wins over unknown fields', () => {
  const f = tmpFile('pod.yaml', POD('t8', '\n    imagee: x\n    tty: "yes"'));
  expectBadRequest(f, 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.tty of type bool');
});

test('IntOrString and Quantity take numbers and strings; a bad quantity is rejected', () => {
  const svc = tmpFile('svc.yaml', `apiVersion: v1
kind: Service
metadata: {name: s1}
spec:
  selector: {app: x}
  ports:
  - {name: a, port: 80, targetPort: 8080}
  - {name: b, port: 81, targetPort: http}
`);
  let r = kctl(home, ['apply', '-f', svc]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'service/s1 created\n');
  const ok = tmpFile('pod.yaml', POD('q1', '\n    resources:\n      limits: {cpu: 1, memory: 128Mi}\n      requests: {cpu: "500m", memory: 64000000}'));
  r = kctl(home, ['apply', '-f', ok]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'pod/q1 created\n');
  const bad = tmpFile('pod.yaml', POD('q2', '\n    resources:\n      limits: {cpu: lots}'));
  expectBadRequest(bad, "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  const badPort = tmpFile('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s2}\nspec:\n  ports:\n  - {port: 80, targetPort: true}\n');
  expectBadRequest(badPort, 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go value of type int32');
});

test('null values decode as Go zero values and are accepted', () => {
  const f = tmpFile('pod.yaml', POD('n1', '\n    args: null\n    resources: null', '  nodeSelector: null'));
  const r = kctl(home, ['apply', '-f', f]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'pod/n1 created\n');
});

test('valid manifests from the Kubernetes documentation are accepted', () => {
  const dir = path.join(FIXTURES, 'schema');
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort();
  assert.ok(files.length >= 5);
  for (const f of files) {
    const r = kctl(home, ['apply', '-f', path.join(dir, f)]);
    assert.equal(r.code, 0, `${f}: ${r.stderr}`);
    assert.match(r.stdout, / created\n$/, f);
    assert.doesNotMatch(r.stderr, /unknown field|cannot unmarshal/, f);
  }
});
