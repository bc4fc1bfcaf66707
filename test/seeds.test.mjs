// The study notes' kubectl sessions (seed 000 §6.2, seed 002, seed 003), replayed with kctl as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, FIXTURES } from './helpers.mjs';

const seed = f => path.join(FIXTURES, 'seeds', f);

test('seed 000 §6.2: a pod from nginx-pod.yaml', () => {
  const home = freshHome();
  let r = kctl(home, ['apply', '-f', seed('nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod created\n');
  r = kctl(home, 'get pods');
  assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nmy-nginx-pod +1\/1 +Running +0 +\d+s\n$/);
  r = kctl(home, 'describe pods my-nginx-pod');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name: +my-nginx-pod\nNamespace: +default\n/);
  assert.match(r.stdout, /\nStatus: +Running\n/);
  assert.match(r.stdout, /Normal +Scheduled .*default-scheduler +Successfully assigned default\/my-nginx-pod to kctl-worker2?\n/);
  r = kctl(home, ['apply', '-f', seed('nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod unchanged\n');
  r = kctl(home, ['delete', '-f', seed('nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod "my-nginx-pod" deleted\n');
  // the two-container pod with the sidecar
  r = kctl(home, ['apply', '-f', seed('nginx-pod-with-ubuntu.yml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod created\n');
  assert.match(kctl(home, 'get pods').stdout, /\nmy-nginx-pod +2\/2 +Running +0 +/);
  // two pods in one file
  r = kctl(home, ['apply', '-f', seed('nginx-pods-a-b.yml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod-a created\npod/my-nginx-pod-b created\n');
});

test('seed 002: labels, selectors, annotations and namespaces', () => {
  const home = freshHome();
  let r = kctl(home, ['create', '-f', seed('001-nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod/nginx created\n');
  r = kctl(home, 'get pods nginx -o yaml');
  assert.match(r.stdout, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
  assert.match(r.stdout, /\n  - image: nginx:1\.7\.9\n/);
  assert.match(r.stdout, /\nstatus:\n/);
  assert.equal(kctl(home, 'label pods nginx app=ui').stdout, 'pod/nginx labeled\n');
  r = kctl(home, 'label pods nginx app=as');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: 'app' already has a value (ui), and --overwrite is false\n");
  assert.equal(kctl(home, 'label pods nginx app=as --overwrite').stdout, 'pod/nginx labeled\n');
  assert.equal(kctl(home, 'label pods nginx rel=stable').stdout, 'pod/nginx labeled\n');
  assert.equal(kctl(home, 'get po -l app=as -o name').stdout, 'pod/nginx\n');
  assert.equal(kctl(home, 'get po -l app -o name').stdout, 'pod/nginx\n');
  r = kctl(home, ['get', 'po', '-l', '!env']);
  assert.match(r.stdout, /^NAME +READY/);
  assert.equal(kctl(home, ['get', 'po', '-l', 'app in (as,pc)', '-o', 'name']).stdout, 'pod/nginx\n');
  r = kctl(home, ['get', 'po', '-l', 'app in (ui,pc)']);
  assert.equal(r.stderr, 'No resources found in default namespace.\n');
  assert.equal(kctl(home, 'label node kctl-worker gpu=true').stdout, 'node/kctl-worker labeled\n');
  assert.equal(kctl(home, 'get nodes -l gpu=true -o name').stdout, 'node/kctl-worker\n');
  assert.equal(kctl(home, 'annotate pod nginx mycompany.com/someannotation=foo').stdout, 'pod/nginx annotated\n');
  assert.equal(JSON.parse(kctl(home, 'get pod nginx -o json').stdout).metadata.annotations['mycompany.com/someannotation'], 'foo');
  assert.match(kctl(home, 'get ns').stdout, /^NAME +STATUS +AGE\ndefault +Active +/);
  assert.equal(kctl(home, 'create namespace custom-namespace').stdout, 'namespace/custom-namespace created\n');
  assert.equal(kctl(home, ['create', '-f', seed('001-nginx-pod.yaml'), '-n', 'custom-namespace']).stdout, 'pod/nginx created\n');
  assert.match(kctl(home, 'get pod -n custom-namespace').stdout, /\nnginx +1\/1 +Running/);
  assert.equal(kctl(home, 'delete pod nginx').stdout, 'pod "nginx" deleted\n');
  assert.equal(kctl(home, 'delete po -l rel=stable').stdout, 'No resources found\n');
  assert.equal(kctl(home, 'delete ns custom-namespace').stdout, 'namespace "custom-namespace" deleted\n');
  assert.equal(kctl(home, 'get pod -n custom-namespace').stderr, 'No resources found in custom-namespace namespace.\n');
});

test("seed 003: the cluster file, run, and get pods -o wide", () => {
  const home = freshHome();
  let r = kctl(home, 'cluster-info');
  assert.match(r.stdout, /^Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+\n/);
  r = kctl(home, ['cluster', 'create', 'first-kind-multi-node-cluster', '--config', seed('first-kind-config.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  r = kctl(home, 'get nodes');
  assert.match(r.stdout, /^NAME +STATUS +ROLES +AGE +VERSION\nfirst-kind-multi-node-cluster-control-plane +Ready +control-plane +\d+s +v1\.33\.1\nfirst-kind-multi-node-cluster-worker +Ready +<none> .*\nfirst-kind-multi-node-cluster-worker2 +Ready +<none> .*\n$/);
  r = kctl(home, 'describe node first-kind-multi-node-cluster-control-plane');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name: +first-kind-multi-node-cluster-control-plane\nRoles: +control-plane\n/);
  r = kctl(home, 'run kubia --image=museopkim/kubia --port=8080');
  assert.equal(r.stdout, 'pod/kubia created\n');
  assert.match(kctl(home, 'get pods').stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nkubia +1\/1 +Running +0 +\d+s\n$/);
  r = kctl(home, 'get pods -o wide');
  assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES\nkubia +1\/1 +Running +0 +\d+s +10\.244\.\d+\.\d+ +first-kind-multi-node-cluster-worker2? +<none> +<none>\n$/);
  r = kctl(home, 'create deployment first-kind-multi-node --image=museopkim/kubia');
  assert.equal(r.stdout, 'deployment.apps/first-kind-multi-node created\n');
});
