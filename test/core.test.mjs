// The core: a fresh cluster, get's messages and errors, delete, namespaces, garbage collection, contexts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const home = freshHome();

test('a fresh cluster looks like a three-node kind cluster at v1.33', () => {
  const r = kctl(home, 'get nodes');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NAME +STATUS +ROLES +AGE +VERSION\n/);
  assert.match(r.stdout, /\nkctl-control-plane +Ready +control-plane +\d+s +v1\.33\.1\n/);
  assert.match(r.stdout, /\nkctl-worker +Ready +<none> +\d+s +v1\.33\.1\n/);
  assert.match(r.stdout, /\nkctl-worker2 +Ready +<none> +\d+s +v1\.33\.1\n$/);
  const ns = kctl(home, 'get ns -o name').stdout;
  assert.equal(ns, 'namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\nnamespace/local-path-storage\n');
  const svc = kctl(home, 'get svc').stdout;
  assert.match(svc, /^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nkubernetes +ClusterIP +10\.96\.0\.1 +<none> +443\/TCP +\d+s\n$/);
  const pods = kctl(home, 'get pods -A --no-headers').stdout.trim().split('\n');
  const names = pods.map(l => l.split(/ +/)[1]);
  for (const want of ['etcd-kctl-control-plane', 'kube-apiserver-kctl-control-plane', 'kube-controller-manager-kctl-control-plane', 'kube-scheduler-kctl-control-plane'])
    assert.ok(names.includes(want), `${want} missing`);
  assert.equal(names.filter(n => n.startsWith('coredns-')).length, 2);
  assert.equal(names.filter(n => n.startsWith('kube-proxy-')).length, 3);
  assert.ok(pods.every(l => / 1\/1 +Running /.test(l)), pods.join('\n'));
  const taint = JSON.parse(kctl(home, 'get node kctl-control-plane -o json').stdout).spec.taints;
  assert.deepEqual(taint, [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }]);
});

test('No resources found goes to stderr with exit 0', () => {
  const r = kctl(home, 'get deployments');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'No resources found in default namespace.\n');
  const r2 = kctl(home, 'get pv');
  assert.equal(r2.stderr, 'No resources found\n');
  const r3 = kctl(home, 'get pods -n kube-public');
  assert.equal(r3.stderr, 'No resources found in kube-public namespace.\n');
});

test('errors: unknown type, NotFound, no type', () => {
  let r = kctl(home, 'get foo');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: the server doesn\'t have a resource type "foo"\n');
  r = kctl(home, 'get pods nope');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  r = kctl(home, 'get deploy nope');
  assert.equal(r.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
  r = kctl(home, 'get');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^You must specify the type of resource to get\. Use "kctl api-resources" for a complete list of supported resources\.\n\nerror: Required resource not specified\.\n/);
  r = kctl(home, 'get pods --foo');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: unknown flag: --foo\nSee 'kctl get --help' for usage.\n");
  r = kctl(home, 'frobnicate');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: unknown command "frobnicate" for "kctl"/);
  r = kctl(home, 'get pods -o foo');
  assert.equal(r.stderr, 'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n');
});

test('resource names resolve by plural, singular, short name, and group', () => {
  for (const t of ['po', 'pod', 'pods', 'Pods', 'pods/etcd-kctl-control-plane']) {
    const r = kctl(home, ['get', t, '-n', 'kube-system', '-o', 'name']);
    assert.equal(r.code, 0, `${t}: ${r.stderr}`);
    assert.match(r.stdout, /pod\/etcd-kctl-control-plane/);
  }
  for (const t of ['deploy', 'deployment', 'deployments.apps', 'deployments.v1.apps']) {
    const r = kctl(home, ['get', t, '-n', 'kube-system', '-o', 'name']);
    assert.equal(r.stdout, 'deployment.apps/coredns\n', t);
  }
  const r = kctl(home, 'get pod kctl-control-plane/x');
  assert.equal(r.code, 1);
});

test('apply, get -o name/yaml, delete with the kubectl messages', () => {
  const f = tmpFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.25.3\n');
  let r = kctl(home, ['apply', '-f', f]);
  assert.equal(r.stdout, 'pod/web created\n');
  r = kctl(home, 'get pod web -o name');
  assert.equal(r.stdout, 'pod/web\n');
  r = kctl(home, 'get pods -l app=web --no-headers');
  assert.match(r.stdout, /^web +1\/1 +Running +0 +\d+s\n$/);
  r = kctl(home, 'get pods -l app!=web -o name');
  assert.doesNotMatch(r.stdout, /pod\/web/);
  r = kctl(home, ['get', 'pods', '-l', 'app in (web,api)', '-o', 'name']);
  assert.equal(r.stdout, 'pod/web\n');
  r = kctl(home, 'get pods --field-selector status.phase=Running -o name');
  assert.equal(r.stdout, 'pod/web\n');
  r = kctl(home, ['delete', '-f', f]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'pod "web" deleted\n');
  r = kctl(home, 'get pod web');
  assert.equal(r.stderr, 'Error from server (NotFound): pods "web" not found\n');
  r = kctl(home, 'delete pod web');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (NotFound): pods "web" not found\n');
  r = kctl(home, 'delete pods');
  assert.equal(r.stderr, 'error: resource(s) were provided, but no name was specified\n');
  r = kctl(home, 'delete pods -l app=nothing');
  assert.equal(r.stdout, 'No resources found\n');
});

test('a multi-document apply with a bad document keeps the good ones', () => {
  const f = tmpFile('multi.yaml', [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  a: "1"\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\n',
  ].join('---\n'));
  const r = kctl(home, ['apply', '-f', f]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'configmap/one created\nconfigmap/three created\n');
  assert.match(r.stderr, /^The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  kctl(home, 'delete cm one three');
});

test('namespaces: create, use with -n, delete through Terminating with everything in it', () => {
  const f = tmpFile('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n');
  assert.equal(kctl(home, ['apply', '-f', f]).stdout, 'namespace/team-a created\n');
  const p = tmpFile('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
  assert.equal(kctl(home, ['apply', '-f', p, '-n', 'team-a']).stdout, 'pod/p1 created\n');
  assert.equal(kctl(home, ['-n', 'team-a', 'get', 'sa', '-o', 'name']).stdout, 'serviceaccount/default\n');
  assert.equal(kctl(home, 'get cm -n team-a -o name').stdout, 'configmap/kube-root-ca.crt\n');
  const r = kctl(home, 'get pods -n team-a -o name');
  assert.equal(r.stdout, 'pod/p1\n');
  const bad = kctl(home, ['apply', '-f', p, '-n', 'nope']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, `Error from server (NotFound): error when creating "${p}": namespaces "nope" not found\n`);
  const d = kctl(home, 'delete ns team-a');
  assert.equal(d.stdout, 'namespace "team-a" deleted\n');
  assert.equal(kctl(home, 'get ns team-a').stderr, 'Error from server (NotFound): namespaces "team-a" not found\n');
});

test('garbage collection: background and orphan cascades follow ownerReferences', () => {
  kctl(home, ['apply', '-f', tmpFile('owner.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner\n')]);
  const uid = JSON.parse(kctl(home, 'get cm owner -o json').stdout).metadata.uid;
  const dep = n => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n  ownerReferences:\n  - apiVersion: v1\n    kind: ConfigMap\n    name: owner\n    uid: ${uid}\n`;
  kctl(home, ['apply', '-f', tmpFile('d.yaml', dep('dep-1') + '---\n' + dep('dep-2'))]);
  assert.equal(kctl(home, 'delete cm owner --cascade=orphan').code, 0);
  const orphan = JSON.parse(kctl(home, 'get cm dep-1 -o json').stdout);
  assert.equal(orphan.metadata.ownerReferences, undefined);
  kctl(home, ['apply', '-f', tmpFile('owner.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner2\n')]);
  const uid2 = JSON.parse(kctl(home, 'get cm owner2 -o json').stdout).metadata.uid;
  kctl(home, ['apply', '-f', tmpFile('d2.yaml', dep('dep-3').replace(uid, uid2).replace('name: owner', 'name: owner2'))]);
  assert.equal(kctl(home, 'delete cm owner2').code, 0);
  assert.equal(kctl(home, 'get cm dep-3').code, 1);
  assert.equal(kctl(home, 'get cm dep-1 -o name').stdout, 'configmap/dep-1\n');
});

test('clusters and contexts: a kind config file names nodes as kind does', () => {
  const h = freshHome();
  const cfg = tmpFile('first-kind-config.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane # control plane node\n  - role: worker # workder node\n  - role: worker # workder node\n');
  const r = kctl(h, ['cluster', 'create', 'first-kind-multi-node-cluster', '--config', cfg]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(kctl(h, 'config current-context').stdout, 'kctl-first-kind-multi-node-cluster\n');
  const nodes = kctl(h, 'get nodes -o name').stdout;
  assert.equal(nodes, 'node/first-kind-multi-node-cluster-control-plane\nnode/first-kind-multi-node-cluster-worker\nnode/first-kind-multi-node-cluster-worker2\n');
  assert.equal(kctl(h, 'cluster list').stdout, 'first-kind-multi-node-cluster\nkctl\n');
  const ctxs = kctl(h, 'config get-contexts').stdout;
  assert.match(ctxs, /^CURRENT +NAME +CLUSTER +AUTHINFO +NAMESPACE\n/);
  assert.match(ctxs, /\n\* +kctl-first-kind-multi-node-cluster +kctl-first-kind-multi-node-cluster +kctl-first-kind-multi-node-cluster +\n/);
  assert.equal(kctl(h, 'config use-context kctl-kctl').stdout, 'Switched to context "kctl-kctl".\n');
  assert.equal(kctl(h, 'get nodes -o name --context kctl-first-kind-multi-node-cluster').stdout, nodes);
  assert.equal(kctl(h, 'config set-context --current --namespace=kube-system').stdout, 'Context "kctl-kctl" modified.\n');
  assert.match(kctl(h, 'get pods -o name').stdout, /pod\/etcd-kctl-control-plane/);
  const view = kctl(h, 'config view --minify').stdout;
  assert.match(view, /^apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA\+OMITTED\n    server: https:\/\/127\.0\.0\.1:\d+\n  name: kctl-kctl\ncontexts:\n- context:\n    cluster: kctl-kctl\n    namespace: kube-system\n    user: kctl-kctl\n  name: kctl-kctl\ncurrent-context: kctl-kctl\nkind: Config\npreferences: \{\}\nusers:\n- name: kctl-kctl\n  user:\n    client-certificate-data: DATA\+OMITTED\n    client-key-data: DATA\+OMITTED\n$/);
  assert.equal(kctl(h, 'cluster delete first-kind-multi-node-cluster').code, 0);
  assert.equal(kctl(h, 'cluster list').stdout, 'kctl\n');
  assert.equal(kctl(h, 'config use-context nope').stderr, 'error: no context exists with the name: "nope"\n');
});

test('sim advance moves the cluster clock and AGE follows', () => {
  const h = freshHome();
  kctl(h, 'sim freeze');
  const r = kctl(h, 'sim advance 2m30s');
  assert.equal(r.code, 0, r.stderr);
  // the namespace was stamped (whole seconds) by the first call, a moment before the clock froze
  assert.match(kctl(h, 'get ns default --no-headers').stdout, /^default +Active +2m3[01]s\n$/);
  kctl(h, 'sim advance 3h');
  assert.match(kctl(h, 'get ns default --no-headers').stdout, /^default +Active +3h2m\n$/);
  assert.equal(kctl(h, 'sim advance soon').code, 1);
});

test('version and cluster-info', () => {
  assert.equal(kctl(home, 'version').stdout, 'Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.33.1\n');
  assert.match(kctl(home, 'cluster-info').stdout, /^Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+\nCoreDNS is running at https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/kube-system\/services\/kube-dns:dns\/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'\.\n$/);
});

test('api-resources lists served resources with short names', () => {
  const r = kctl(home, 'api-resources');
  assert.match(r.stdout, /^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND\n/);
  assert.match(r.stdout, /\npods +po +v1 +true +Pod\n/);
  assert.match(r.stdout, /\ndeployments +deploy +apps\/v1 +true +Deployment\n/);
  assert.match(kctl(home, 'api-versions').stdout, /^admissionregistration\.k8s\.io\/v1\napiextensions\.k8s\.io\/v1\n/);
});

test('a namespace with a pod still terminating stays Terminating with kube\'s deletion conditions', () => {
  const h = freshHome();
  kctl(h, 'sim freeze');
  kctl(h, 'create ns slow');
  assert.equal(kctl(h, 'run s -n slow --image=busybox --command -- sleep 3600').code, 0);
  assert.equal(kctl(h, 'delete ns slow --wait=false').stdout, 'namespace "slow" deleted\n');
  assert.match(kctl(h, 'get ns slow').stdout, /\nslow +Terminating +/);
  const conds = JSON.parse(kctl(h, 'get ns slow -o json').stdout).status.conditions;
  assert.deepEqual(conds.map(c => [c.type, c.status]), [
    ['NamespaceDeletionDiscoveryFailure', 'False'], ['NamespaceDeletionGroupVersionParsingFailure', 'False'],
    ['NamespaceDeletionContentFailure', 'False'], ['NamespaceContentRemaining', 'True'], ['NamespaceFinalizersRemaining', 'False']]);
  assert.equal(conds[3].message, 'Some resources are remaining: pods has 1 resource instances');
  const r = kctl(h, 'run x -n slow --image=nginx');
  assert.equal(r.stderr, 'Error from server (Forbidden): pods "x" is forbidden: unable to create new content in namespace slow because it is being terminated\n');
  kctl(h, 'sim advance 31s');
  assert.equal(kctl(h, 'get ns slow').stderr, 'Error from server (NotFound): namespaces "slow" not found\n');
});

test('YAML 1.1 reads `name: y` as a boolean; kubectl\'s decoder refuses it as an ObjectMeta field (kubectl 1.33)', () => {
  const h = freshHome();
  const f = tmpFile('y.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: y\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
  for (const verb of ['apply', 'create']) {
    const r = kctl(h, [verb, '-f', f]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: unable to decode "${f}": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string\n`);
  }
  // the other fields of ObjectMeta, each as kubectl 1.33 words it
  for (const [meta, err] of [
    ['name: x\n  labels:\n    a: 1', 'number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['namespace: 5\n  name: x', 'number into Go struct field ObjectMeta.metadata.namespace of type string'],
    ['name: x\n  generation: "3"', 'string into Go struct field ObjectMeta.metadata.generation of type int64'],
    ['name: x\n  annotations: [1]', 'array into Go struct field ObjectMeta.metadata.annotations of type map[string]string'],
    ['name: x\n  uid: 3', 'number into Go struct field ObjectMeta.metadata.uid of type types.UID'],
    ['name: x\n  finalizers: [1]', 'number into Go struct field ObjectMeta.metadata.finalizers of type string'],
    ['name: x\n  ownerReferences: 3', 'number into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference'],
  ]) {
    const m = tmpFile('m.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  ${meta}\n`);
    const r = kctl(h, ['create', '-f', m, '--dry-run=client', '-o', 'name']);
    assert.deepEqual([r.stderr, r.code], [`error: unable to decode "${m}": json: cannot unmarshal ${err}\n`, 1]);
  }
});
