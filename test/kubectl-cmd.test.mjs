// Scenarios ported from kubectl's own test suite (kubernetes test/cmd/*.sh) that apply to kctl: the
// behaviours it pins down, with kubectl 1.33's messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = r => { assert.equal(r.code, 0, r.stderr); return r; };
const fails = (r, stderr) => { assert.equal(r.code, 1, r.stdout); assert.equal(r.stderr, stderr); assert.equal(r.stdout, ''); };

test('get.sh: --ignore-not-found prints nothing, not even "No resources found"', () => {
  const h = freshHome();
  const r = ok(kctl(h, 'get pods --ignore-not-found'));
  assert.equal(r.stdout + r.stderr, '');
  const named = ok(kctl(h, 'get pods nope --ignore-not-found'));
  assert.equal(named.stdout + named.stderr, '');
  assert.equal(ok(kctl(h, 'get pods')).stderr, 'No resources found in default namespace.\n');
});

test('get.sh: a name across all namespaces is refused', () => {
  const h = freshHome();
  fails(kctl(h, 'get pods foo -A'), 'error: a resource cannot be retrieved by name across all namespaces\n');
  fails(kctl(h, 'get pods foo --all-namespaces'), 'error: a resource cannot be retrieved by name across all namespaces\n');
  // a cluster-scoped resource by name does not need a namespace, so -A is no matter
  assert.match(ok(kctl(h, 'get node kctl-worker -A')).stdout, /^NAME +STATUS/);
});

test('get.sh: --request-timeout takes seconds or a duration, and nothing else', () => {
  const h = freshHome();
  const msg = 'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n';
  for (const bad of ['foo', '-1', '1x', '1.5']) fails(kctl(h, ['get', 'pods', `--request-timeout=${bad}`]), msg);
  for (const good of ['5', '0', '1s', '2m', '1m30s', '300ms']) ok(kctl(h, ['get', 'pods', `--request-timeout=${good}`]));
  fails(kctl(h, ['get', 'pods', '--request-timeout', 'x']), msg);
});

test('delete.sh: --all with a selector is refused; --now with --grace-period too', () => {
  const h = freshHome();
  fails(kctl(h, 'delete pods --all -l app=x'), "error: setting 'all' parameter but found a non empty selector. \n");
  fails(kctl(h, 'delete pods --all --field-selector metadata.name=x'), "error: setting 'all' parameter but found a non empty selector. \n");
  fails(kctl(h, 'delete pod x --now --grace-period=2'), 'error: --now and --grace-period cannot be specified together\n');
});

test('core.sh: replace --grace-period / --timeout need --force', () => {
  const h = freshHome();
  const f = tmpFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
  fails(kctl(h, ['replace', '-f', f, '--grace-period=1']), 'error: --grace-period must have --force specified\n');
  fails(kctl(h, ['replace', '-f', f, '--timeout=1s']), 'error: --timeout must have --force specified\n');
});

test('run.sh: run --expose creates the service first, then the pod; --port is required', () => {
  const h = freshHome();
  fails(kctl(h, 'run nginx --image=nginx --expose'), "error: --port must be set when exposing a service\nSee 'kctl run -h' for help and examples\n");
  assert.equal(ok(kctl(h, 'run nginx --image=nginx --port=80 --expose')).stdout, 'service/nginx created\npod/nginx created\n');
  const svc = JSON.parse(ok(kctl(h, 'get svc nginx -o json')).stdout);
  assert.deepEqual(svc.spec.selector, { run: 'nginx' });
  assert.deepEqual(svc.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
  assert.equal(svc.metadata.labels, undefined);
  assert.match(ok(kctl(h, 'get endpointslices -l kubernetes.io/service-name=nginx -o jsonpath={.items[0].endpoints[0].targetRef.name}')).stdout, /^nginx$/);
  // (two separators, as kubectl 1.33 prints them: run.go's own after the service, and the YAML printer's
  // before its second object)
  const dry = ok(kctl(h, 'run web --image=nginx --port=8080 --expose --labels=app=web --dry-run=client -o yaml')).stdout;
  assert.match(dry, /^apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 8080\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: web\nstatus:\n  loadBalancer: \{\}\n---\n---\napiVersion: v1\nkind: Pod\n/);
});

test('env.sh: set env cannot read both the file and the values from stdin; values from stdin work', () => {
  const h = freshHome();
  fails(kctl(h, 'set env deploy/x -e - -f -'), 'error: standard input cannot be used for multiple arguments\n');
  ok(kctl(h, 'create deployment web --image=nginx'));
  ok(kctl(h, ['set', 'env', 'deploy/web', '-'], { input: 'A=1\n# comment\nB=two # trailing\nnot-a-pair\n' }));
  const env = JSON.parse(ok(kctl(h, 'get deploy web -o json')).stdout).spec.template.spec.containers[0].env;
  assert.deepEqual(env, [{ name: 'A', value: '1' }, { name: 'B', value: 'two ' }]);
});

test('template-output.sh: --allow-missing-template-keys for jsonpath and go-template on get', () => {
  const h = freshHome();
  ok(kctl(h, 'create deployment web --image=nginx'));
  assert.equal(ok(kctl(h, ['get', 'deploy', 'web', '-o', 'jsonpath={.nope}'])).stdout, '');
  const jp = kctl(h, ['get', 'deploy', 'web', '-o', 'jsonpath={.nope}', '--allow-missing-template-keys=false']);
  assert.equal(jp.code, 1);
  assert.match(jp.stderr, /^error: error executing jsonpath "\{\.nope\}": Error executing template: nope is not found\. Printing more information for debugging the template:\n/);
  assert.equal(ok(kctl(h, ['get', 'deploy', 'web', '-o', 'go-template={{.nope}}'])).stdout, '<no value>');
  const gt = kctl(h, ['get', 'deploy', 'web', '-o', 'go-template={{.nope}}', '--allow-missing-template-keys=false']);
  assert.equal(gt.code, 1);
  assert.equal(gt.stderr, 'error: error executing template "{{.nope}}": template: output:1:2: executing "output" at <.nope>: map has no entry for key "nope"\n');
});

test('apps.sh: describe deployment lists the old ReplicaSets, those scaled to 0 too (kubectl 1.33)', () => {
  const h = freshHome();
  ok(kctl(h, 'create deployment web --image=nginx'));
  assert.match(ok(kctl(h, 'describe deploy web')).stdout, /\nOldReplicaSets:  <none>\nNewReplicaSet:   web-[a-z0-9]+ \(1\/1 replicas created\)\n/);
  ok(kctl(h, 'set image deploy/web nginx=nginx:no-such-tag-1'));
  const mid = ok(kctl(h, 'describe deploy web')).stdout;
  assert.match(mid, /\nOldReplicaSets:  web-[a-z0-9]+ \(1\/1 replicas created\)\nNewReplicaSet:   web-[a-z0-9]+ \(1\/1 replicas created\)\n/);
  ok(kctl(h, 'set image deploy/web nginx=nginx:1.27'));
  const done = ok(kctl(h, 'describe deploy web')).stdout;
  assert.match(done, /\nOldReplicaSets:  web-[a-z0-9]+ \(0\/0 replicas created\), web-[a-z0-9]+ \(0\/0 replicas created\)\nNewReplicaSet:   web-[a-z0-9]+ \(1\/1 replicas created\)\n/);
});

test('apps.sh: ReplicaSet and pod names carry the pod-template-hash a real cluster computes', () => {
  const h = freshHome();
  ok(kctl(h, 'create deployment nginx --image=nginx'));
  // `kubectl create deployment nginx --image=nginx` on Kubernetes 1.32/1.33: nginx-5869d7778c-xxxxx
  assert.match(ok(kctl(h, 'get rs -o name')).stdout, /^replicaset\.apps\/nginx-5869d7778c\n$/);
  assert.match(ok(kctl(h, 'get pods -o name')).stdout, /^pod\/nginx-5869d7778c-[bcdfghjklmnpqrstvwxz2456789]{5}\n$/);
});
