// RBAC and identity: the default roles of a kind 1.33 cluster (aggregated admin/edit/view), requests authorized
// as the kubeconfig user, --as/--as-group impersonation, service-account tokens from `create token`, the API
// server's Forbidden messages (endpoints/handlers/responsewriters), auth can-i/whoami/reconcile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const home = freshHome();
const k = (args, opts) => kctl(home, args, opts);
const ok = (args, opts) => { const r = k(args, opts); assert.equal(r.code, 0, `${JSON.stringify(args)}: ${r.stderr}`); return r; };
const BOB = 'system:serviceaccount:default:bob';

test('a new cluster has kind 1.33\'s cluster roles and bindings; admin, edit and view are aggregated', () => {
  const roles = ok('get clusterroles -o name').stdout.trim().split('\n');
  assert.equal(roles.length, 70);
  for (const n of ['admin', 'cluster-admin', 'edit', 'view', 'kindnet', 'kubeadm:get-nodes', 'local-path-provisioner-role', 'system:basic-user',
    'system:controller:replicaset-controller', 'system:coredns', 'system:node', 'system:volume-scheduler']) assert.ok(roles.includes(`clusterrole.rbac.authorization.k8s.io/${n}`), n);
  const crbs = ok('get clusterrolebindings').stdout;
  assert.match(crbs, /\nkubeadm:cluster-admins +ClusterRole\/cluster-admin +\d+s\n/);
  const view = JSON.parse(ok('get clusterrole view -o json').stdout);
  assert.ok(view.rules.some(r => r.resources.includes('pods') && r.verbs.join() === 'get,list,watch'));
  const edit = JSON.parse(ok('get clusterrole edit -o json').stdout);
  assert.ok(edit.rules.some(r => r.resources.includes('secrets') && r.verbs.includes('create')), 'edit has its own rules');
  assert.ok(edit.rules.some(r => r.resources.includes('pods/log')), 'edit aggregates view');
  const admin = JSON.parse(ok('get clusterrole admin -o json').stdout);
  assert.ok(admin.rules.some(r => r.resources.includes('rolebindings')), 'admin aggregates system:aggregate-to-admin');
  // a new role labelled for aggregation joins view
  ok(['apply', '-f', '-'], { input: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: crontab-reader\n  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}\nrules:\n- {apiGroups: [stable.example.com], resources: [crontabs], verbs: [get]}\n' });
  assert.ok(JSON.parse(ok('get clusterrole view -o json').stdout).rules.some(r => r.resources?.includes('crontabs')));
});

test('auth whoami: kind\'s admin certificate user; can-i as admin, with --list as kind prints it', () => {
  const w = ok('auth whoami').stdout;
  assert.match(w, /^ATTRIBUTE {43}VALUE\nUsername {44}kubernetes-admin\nGroups {46}\[kubeadm:cluster-admins system:authenticated\]\nExtra: authentication\.kubernetes\.io\/credential-id   \[X509SHA256=[0-9a-f]{64}\]\n$/);
  assert.equal(ok('auth can-i create pods').stdout, 'yes\n');
  assert.equal(ok(['auth', 'can-i', '*', '*']).stdout, 'yes\n');
  const r = ok('auth can-i get nodes -n default');
  assert.equal(r.stderr, "Warning: resource 'nodes' is not namespace scoped\n");
  const list = ok('auth can-i --list').stdout.split('\n');
  assert.equal(list[0], 'Resources                                       Non-Resource URLs   Resource Names   Verbs');
  assert.equal(list[1], '*.*                                             []                  []               [*]');
  assert.equal(list[2], '                                                [*]                 []               [*]');
  assert.equal(list[3], 'selfsubjectreviews.authentication.k8s.io        []                  []               [create]');
  assert.equal(k('auth can-i get pods --list').stderr, 'error: list option must be specified with no arguments\n');
  assert.equal(k('auth can-i get').stderr, "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kctl auth can-i -h' for help and examples.\n");
  const unknown = ok('auth can-i frobnicate pods');
  assert.equal(unknown.stderr, "Warning: verb 'frobnicate' is not a known verb\n");
  const nores = ok('auth can-i get foos');
  assert.equal(nores.stderr, "Warning: the server doesn't have a resource type 'foos'\n");
});

test('impersonation and Forbidden messages as the API server words them', () => {
  let r = k('auth can-i get pods --as jane');
  assert.equal(r.stdout, 'no\n');
  assert.equal(r.code, 1);
  assert.equal(k('auth can-i get pods --as jane --quiet').stdout, '');
  r = k('get pods --as=jane');
  assert.equal(r.stderr, 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n');
  r = k('get nodes --as=jane');
  assert.equal(r.stderr, 'Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope\n');
  r = k('get deploy coredns -n kube-system --as=jane');
  assert.equal(r.stderr, 'Error from server (Forbidden): deployments.apps "coredns" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" in the namespace "kube-system"\n');
  assert.equal(ok('auth can-i get pods --as jane --as-group system:masters').stdout, 'yes\n');
  assert.equal(k('get pods --as-group=x').stderr, 'Error: requesting uid, groups or user-extra for  without impersonating a user\n');
  // a binding to a role that does not exist: the reason is reported
  ok('create clusterrolebinding ghost --clusterrole=no-such-role --user=jane');
  r = k('get pods --as=jane');
  assert.equal(r.stderr, 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default": RBAC: clusterrole.rbac.authorization.k8s.io "no-such-role" not found\n');
  // only who may impersonate does: jane may not
  ok('create clusterrolebinding jane-view --clusterrole=view --user=jane');
  r = k('get pods --as=jane --context=kctl-kctl');
  assert.equal(r.code, 0, r.stderr);
});

test('roles, bindings, service accounts and their tokens; resourceNames, subresources, nonResourceURLs', () => {
  ok('create sa bob');
  ok('create role pod-reader --verb=get,list --resource=pods --resource=pods/log');
  ok('create role one-cm --verb=get --resource=configmaps --resource-name=allowed');
  ok('create rolebinding bob-read --role=pod-reader --serviceaccount=default:bob');
  ok('create rolebinding bob-cm --role=one-cm --serviceaccount=default:bob');
  ok('create configmap allowed --from-literal=a=1');
  ok('create configmap secret-ish --from-literal=a=1');
  assert.equal(ok(`auth can-i list pods --as ${BOB}`).stdout, 'yes\n');
  assert.equal(k(`auth can-i list pods --as ${BOB} -n kube-system`).stdout, 'no\n');
  assert.equal(ok(`auth can-i get pods --subresource=log --as ${BOB}`).stdout, 'yes\n');
  assert.equal(k(`auth can-i create pods --subresource=exec --as ${BOB}`).stdout, 'no\n');
  assert.equal(ok(`auth can-i get configmaps/allowed --as ${BOB}`).stdout, 'yes\n');
  assert.equal(k(`auth can-i get configmaps/secret-ish --as ${BOB}`).stdout, 'no\n');
  assert.equal(ok(`auth can-i get /healthz --as ${BOB}`).stdout, 'yes\n');
  assert.equal(k(`auth can-i get /metrics --as ${BOB}`).stdout, 'no\n');
  assert.equal(ok(`get cm allowed --as ${BOB} -o name`).stdout, 'configmap/allowed\n');
  let r = k(`get cm secret-ish --as ${BOB}`);
  assert.equal(r.stderr, `Error from server (Forbidden): configmaps "secret-ish" is forbidden: User "${BOB}" cannot get resource "configmaps" in API group "" in the namespace "default"\n`);
  r = k(['run', 'x', '--image=nginx', `--as=${BOB}`]);
  assert.equal(r.stderr, `Error from server (Forbidden): pods is forbidden: User "${BOB}" cannot create resource "pods" in API group "" in the namespace "default"\n`);
  // a token authenticates as the service account
  const token = ok('create token bob').stdout;
  assert.match(token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/, 'a JWT, no newline when not a terminal');
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  assert.equal(payload.sub, BOB);
  assert.equal(payload.iss, 'https://kubernetes.default.svc.cluster.local');
  assert.equal(payload.exp - payload.iat, 3600);
  const who = ok(['auth', 'whoami', '--token', token]).stdout;
  assert.match(who, new RegExp(`Username {44}${BOB}\\nUID {49}[0-9a-f-]{36}\\nGroups {46}\\[system:serviceaccounts system:serviceaccounts:default system:authenticated\\]\\nExtra: authentication.kubernetes.io/credential-id   \\[JTI=`));
  r = k(['get', 'pods', '-n', 'kube-system', '--token', token]);
  assert.match(r.stderr, /cannot list resource "pods" in API group "" in the namespace "kube-system"/);
  assert.equal(k(['get', 'pods', '--token', 'nonsense']).stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  assert.equal(k('create token bob --duration=5m').stderr, 'error: failed to create token: TokenRequest.authentication.k8s.io "bob" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n');
  assert.equal(k('create token nobody').stderr, 'error: failed to create token: serviceaccounts "nobody" not found\n');
  assert.equal(k('create token bob --bound-object-name=x').stderr, 'error: --bound-object-name can only be set if --bound-object-kind is provided\n');
  const tr = JSON.parse(ok('create token bob --duration=2h --audience=api -o json').stdout);
  assert.deepEqual([tr.kind, tr.spec.audiences, tr.spec.expirationSeconds], ['TokenRequest', ['api'], 7200]);
  // the account gone, its token no longer authenticates
  ok('delete sa bob');
  assert.equal(k(['get', 'pods', '--token', token]).stderr, 'error: You must be logged in to the server (Unauthorized)\n');
});

test('auth reconcile adds what is missing, non-destructively', () => {
  const f = tmpFile('rbac.yaml', `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reconciled}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reconciled}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reconciled}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}
`);
  let r = ok(['auth', 'reconcile', '-f', f]);
  assert.equal(r.stdout, 'clusterrole.rbac.authorization.k8s.io/reconciled reconciled\nclusterrolebinding.rbac.authorization.k8s.io/reconciled reconciled\n');
  assert.equal(r.stderr, '\treconciliation required create\n\tmissing rules added:\n\t\t{Verbs:[get list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n'
    + '\treconciliation required create\n\tmissing subjects added:\n\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:jane Namespace:}\n');
  ok(['patch', 'clusterrole', 'reconciled', '--type=json', '-p', '[{"op":"replace","path":"/rules/0/verbs","value":["get","watch"]}]']);
  r = ok(['auth', 'reconcile', '-f', f]);
  assert.equal(r.stderr, '\treconciliation required update\n\tmissing rules added:\n\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n');
  const rules = JSON.parse(ok('get clusterrole reconciled -o json').stdout).rules;
  assert.deepEqual(rules.map(x => x.verbs), [['get', 'watch'], ['list']]);
  r = ok(['auth', 'reconcile', '-f', f]);
  assert.equal(r.stderr, '');
  assert.equal(ok('auth can-i list pods --as jane').stdout, 'yes\n');
});

test('a decision remembered across invocations follows every change of a role or binding', () => {
  // (the rules that apply to a user are kept in the database by an invocation that writes, until an RBAC object
  // changes: each change below must be seen by the next invocation of the same user)
  const as = (args) => k([...args.split(' '), '--as', 'carol']);
  const forbidden = /^error: failed to create configmap: configmaps is forbidden: User "carol" cannot create resource "configmaps"/;
  assert.match(as('create configmap c0').stderr, forbidden);
  ok('create role cm-maker --verb=create --resource=configmaps');
  ok('create rolebinding carol-cm --role=cm-maker --user=carol');
  assert.equal(as('create configmap c1').stdout, 'configmap/c1 created\n');
  assert.equal(as('create configmap c2').stdout, 'configmap/c2 created\n');
  ok(['patch', 'role', 'cm-maker', '--type=json', '-p', '[{"op":"replace","path":"/rules/0/verbs","value":["get"]}]']);
  assert.match(as('create configmap c3').stderr, forbidden, 'the role narrowed');
  ok(['patch', 'role', 'cm-maker', '--type=json', '-p', '[{"op":"replace","path":"/rules/0/verbs","value":["create"]}]']);
  assert.equal(as('create configmap c4').stdout, 'configmap/c4 created\n');
  ok('delete rolebinding carol-cm');
  assert.match(as('create configmap c5').stderr, forbidden, 'the binding gone');
  assert.match(as('create configmap c6 -n kube-system').stderr, /cannot create resource "configmaps" in API group "" in the namespace "kube-system"/);
  ok('create clusterrole cm-everywhere --verb=create --resource=configmaps');
  ok('create clusterrolebinding carol-all --clusterrole=cm-everywhere --user=carol');
  assert.equal(as('create configmap c7 -n kube-system').stdout, 'configmap/c7 created\n');
  ok('delete clusterrole cm-everywhere');
  assert.match(as('create configmap c8 -n kube-system').stderr, /cannot create resource "configmaps"/, 'the role of the binding gone');
});
