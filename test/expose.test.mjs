// kubectl expose: dry-run output byte-identical to kubectl 1.33 (goldens recorded by
// test/golden/expose/make-golden.mjs against the objects of fixtures/expose/objects.yaml), errors, and real
// creation (seed 003: `kubectl expose pod kubia --type=LoadBalancer --name kubia-http`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, FIXTURES, ROOT } from './helpers.mjs';
import { CASES } from './golden/expose/cases.mjs';

const golden = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/golden/expose/results.json'), 'utf8'));
const home = freshHome();
const setup = kctl(home, ['apply', '-f', path.join(FIXTURES, 'expose/objects.yaml')]);

test('the expose fixture objects are created', () => {
  assert.equal(setup.code, 0, setup.stderr);
});

for (const [name, args] of Object.entries(CASES)) {
  test(`expose matches kubectl 1.33: ${name}`, () => {
    const want = golden[name];
    const r = kctl(home, args);
    assert.equal(r.stdout, want.stdout);
    assert.equal(r.stderr.replace(/kctl/g, 'kubectl'), want.stderr);
    assert.equal(r.code, want.code);
  });
}

test('seed 003: expose pod kubia --type=LoadBalancer --name kubia-http', () => {
  const h = freshHome();
  assert.equal(kctl(h, ['run', 'kubia', '--image=museopkim/kubia', '--port=8080']).stdout, 'pod/kubia created\n');
  const r = kctl(h, ['expose', 'pod', 'kubia', '--type=LoadBalancer', '--name', 'kubia-http']);
  assert.equal(r.stdout, 'service/kubia-http exposed\n');
  assert.equal(r.code, 0);
  const svc = kctl(h, 'get services').stdout;
  assert.match(svc, /^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\n/);
  assert.match(svc, /\nkubia-http +LoadBalancer +10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+ +<pending> +8080:3\d{4}\/TCP +\d+s\n/);
  // the endpoints follow the pod
  const ip = kctl(h, ['get', 'pod', 'kubia', '-o', 'jsonpath={.status.podIP}']).stdout;
  assert.match(kctl(h, 'get endpoints kubia-http').stdout, new RegExp(`\\nkubia-http +${ip.replace(/\./g, '\\.')}:8080 +`));
  // a second expose under the same name is refused by the server
  const again = kctl(h, ['expose', 'pod', 'kubia', '--type=LoadBalancer', '--name', 'kubia-http']);
  assert.equal(again.stderr, 'Error from server (AlreadyExists): services "kubia-http" already exists\n');
  assert.equal(again.code, 1);
});

test('expose creates what --dry-run=client printed, with server defaults', () => {
  const r = kctl(home, ['expose', 'deployment', 'web', '--port=80', '--target-port=8000', '--name=web-svc', '-o', 'yaml']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n  clusterIP: 10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+\n/);
  assert.match(r.stdout, /\n  ipFamilies:\n  - IPv4\n  ipFamilyPolicy: SingleStack\n/);
  assert.match(r.stdout, /\n  - port: 80\n    protocol: TCP\n    targetPort: 8000\n/);
  assert.match(r.stdout, /\n  sessionAffinity: None\n  type: ClusterIP\n/);
  assert.match(r.stdout, /\n  labels:\n    app: web\n    team: blue\n/);
  // server dry run: defaults filled, nothing stored
  const d = kctl(home, ['expose', 'rs', 'rs1', '--name=rs1-dry', '--dry-run=server']);
  assert.equal(d.stdout, 'service/rs1-dry exposed (server dry run)\n');
  assert.equal(kctl(home, 'get svc rs1-dry').code, 1);
  // -o name, and the service's type from --type
  const n = kctl(home, ['expose', 'rc', 'rc1', '--type=NodePort', '-o', 'name']);
  assert.equal(n.stdout, 'service/rc1\n');
  assert.match(kctl(home, 'get svc rc1').stdout, /\nrc1 +NodePort +10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+ +<none> +9376:3\d{4}\/TCP +/);
});

test('expose: invalid services are refused with the API server message', () => {
  const r = kctl(home, ['expose', 'pod', 'kubia', '--port=99999', '--name=bad']);
  assert.equal(r.stderr, 'The Service "bad" is invalid: \n* spec.ports[0].port: Invalid value: 99999: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 99999: must be between 1 and 65535, inclusive\n');
  assert.equal(r.code, 1);
  const t = kctl(home, ['expose', 'pod', 'kubia', '--type=Foo', '--name=bad']);
  assert.match(t.stderr, /^The Service "bad" is invalid: spec\.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n$/);
});
