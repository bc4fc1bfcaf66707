// managedFields and server-side apply: every write recorded under kubectl's manager names and the
// components' (kube-controller-manager, kube-scheduler, kubelet) with their subresources, fieldsV1 in the API
// server's format, hidden by -o yaml/json unless --show-managed-fields; apply --server-side with conflicts
// worded as the API server words them (k8s.io/apiserver .../managedfields/internal/conflict.go) and kubectl's
// advice after them, --force-conflicts, --field-manager, and the client-side to server-side migration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const home = freshHome();
const k = (args, opts) => kctl(home, args, opts);
const ok = (args, opts) => { const r = k(args, opts); assert.equal(r.code, 0, `${JSON.stringify(args)}: ${r.stderr}`); return r; };
const mf = (what) => JSON.parse(ok(['get', ...what.split(' '), '-o', 'json', '--show-managed-fields']).stdout).metadata.managedFields;
const entry = (list, manager, sub) => list.find(e => e.manager === manager && (e.subresource ?? '') === (sub ?? ''));
const DEP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ssa
spec:
  replicas: REPLICAS
  selector: {matchLabels: {app: ssa}}
  template:
    metadata: {labels: {app: ssa}}
    spec:
      containers: [{name: nginx, image: nginx:1.25}]
`;

test('hidden by -o yaml/json, shown with --show-managed-fields; jsonpath sees them', () => {
  ok('create deployment web --image=nginx');
  assert.ok(!ok('get deploy web -o yaml').stdout.includes('managedFields'));
  assert.ok(!ok('get deploy web -o json').stdout.includes('managedFields'));
  assert.ok(ok('get deploy web -o yaml --show-managed-fields').stdout.includes('managedFields:'));
  assert.match(ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.managedFields[*].manager}']).stdout, /kubectl-create/);
});

test('kubectl\'s managers and the controllers\', with subresources and fieldsV1 as the API server writes them', () => {
  const d = mf('deploy web');
  const create = entry(d, 'kubectl-create');
  assert.equal(create.operation, 'Update');
  assert.equal(create.apiVersion, 'apps/v1');
  assert.equal(create.fieldsType, 'FieldsV1');
  assert.deepEqual(create.fieldsV1['f:metadata'], { 'f:labels': { '.': {}, 'f:app': {} } });
  assert.deepEqual(create.fieldsV1['f:spec']['f:selector'], {}, 'LabelSelector is atomic');
  assert.deepEqual(Object.keys(create.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']), ['k:{"name":"nginx"}']);
  assert.ok(create.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['f:imagePullPolicy'], 'defaults belong to the creator');
  assert.ok(entry(d, 'kube-controller-manager', 'status').fieldsV1['f:status']['f:conditions']['k:{"type":"Available"}']);
  assert.deepEqual(entry(d, 'kube-controller-manager').fieldsV1, { 'f:metadata': { 'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} } } });
  // a pod of the deployment: created by kube-controller-manager, its status the kubelet's
  const pod = ok('get pods -o name').stdout.split('\n')[0];
  const p = mf(pod);
  const kcm = entry(p, 'kube-controller-manager');
  assert.deepEqual(Object.keys(kcm.fieldsV1['f:metadata']['f:ownerReferences']).length, 2, 'ownerReferences: the list and its one (atomic) element');
  assert.equal(kcm.fieldsV1['f:spec']['f:volumes'], undefined, 'the service account volume is admission\'s, owned by nobody');
  assert.equal(kcm.fieldsV1['f:spec']['f:tolerations'], undefined);
  assert.ok(kcm.fieldsV1['f:spec']['f:dnsPolicy']);
  assert.ok(entry(p, 'kubelet', 'status').fieldsV1['f:status']['f:phase']);
  // each kubectl verb writes as its own manager
  ok('label deploy web tier=fe');
  ok('annotate deploy web note=x');
  ok('scale deploy web --replicas=2');
  ok('set image deploy/web nginx=nginx:1.27');
  ok(['patch', 'deploy', 'web', '-p', '{"spec":{"minReadySeconds":1}}']);
  ok('rollout restart deploy/web');
  const after = mf('deploy web');
  assert.deepEqual(entry(after, 'kubectl-label').fieldsV1, { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  assert.deepEqual(entry(after, 'kubectl-annotate').fieldsV1, { 'f:metadata': { 'f:annotations': { 'f:note': {} } } });
  assert.deepEqual(entry(after, 'kubectl-scale', 'scale').fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.deepEqual(entry(after, 'kubectl-patch').fieldsV1, { 'f:spec': { 'f:minReadySeconds': {} } });
  assert.ok(entry(after, 'kubectl-set').fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['f:image']);
  assert.ok(entry(after, 'kubectl-rollout').fieldsV1['f:spec']['f:template']['f:metadata']['f:annotations']['f:kubectl.kubernetes.io/restartedAt']);
  assert.equal(entry(after, 'kubectl-create').fieldsV1['f:spec']['f:replicas'], undefined, 'the replicas moved to kubectl-scale');
  // the API server's order: Apply before Update, then time, manager, apiVersion, subresource
  const order = after.map(e => [e.operation, e.time, e.manager, e.apiVersion, e.subresource ?? '']);
  assert.deepEqual(order, [...order].sort((a, b) => { for (let i = 0; i < 5; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1; return 0; }));
  // an empty entry clears them (kubectl's documented way)
  ok(['patch', 'deploy', 'web', '--type=merge', '-p', '{"metadata":{"managedFields":[{}]}}']);
  assert.equal(mf('deploy web'), undefined);
});

test('apply --server-side: created, re-applied, conflicts, --force-conflicts, --field-manager, pruning', () => {
  const f = tmpFile('dep.yaml', DEP.replace('REPLICAS', '2'));
  assert.equal(ok(['apply', '--server-side', '-f', f]).stdout, 'deployment.apps/ssa serverside-applied\n');
  let m = mf('deploy ssa');
  const applied = entry(m, 'kubectl');
  assert.equal(applied.operation, 'Apply');
  assert.deepEqual(applied.fieldsV1, { 'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } });
  assert.equal(ok(['apply', '--server-side', '-f', f]).stdout, 'deployment.apps/ssa serverside-applied\n');
  ok('scale deploy ssa --replicas=3');
  let r = k(['apply', '--server-side', '-f', f]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas\n'
    + 'Please review the fields above--they currently have other managers. Here\nare the ways you can resolve this warning:\n'
    + '* If you intend to manage all of these fields, please re-run the apply\n  command with the `--force-conflicts` flag.\n'
    + '* If you do not intend to manage all of the fields, please edit your\n  manifest to remove references to the fields that should keep their\n  current managers.\n'
    + "* You may co-own fields by updating your manifest to match the existing\n  value; in this case, you'll become the manager if the other manager(s)\n  stop managing the field (remove it from their configuration).\n"
    + 'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts\n');
  assert.equal(ok('get deploy ssa -o jsonpath={.spec.replicas}').stdout, '3', 'nothing written');
  ok(['apply', '--server-side', '--force-conflicts', '-f', f]);
  m = mf('deploy ssa');
  assert.equal(ok('get deploy ssa -o jsonpath={.spec.replicas}').stdout, '2');
  assert.equal(entry(m, 'kubectl-scale', 'scale'), undefined, 'forced: the field left kubectl-scale');
  // another manager applying the same value co-owns it; a different value conflicts with an applier
  ok(['apply', '--server-side', '--field-manager=team-b', '-f', f]);
  assert.ok(entry(mf('deploy ssa'), 'team-b').fieldsV1['f:spec']['f:replicas']);
  r = k(['apply', '--server-side', '--field-manager=team-c', '-f', tmpFile('d3.yaml', DEP.replace('REPLICAS', '5'))]);
  assert.match(r.stderr, /^error: Apply failed with 2 conflicts: conflicts with "kubectl":\n- \.spec\.replicas\nconflicts with "team-b":\n- \.spec\.replicas\nPlease review/);
  // a field no longer applied, owned by nobody else, is removed
  const withMRS = tmpFile('mrs.yaml', DEP.replace('REPLICAS', '2').replace('  selector:', '  minReadySeconds: 7\n  selector:'));
  ok(['apply', '--server-side', '-f', withMRS]);
  assert.equal(ok('get deploy ssa -o jsonpath={.spec.minReadySeconds}').stdout, '7');
  ok(['apply', '--server-side', '-f', f]);
  assert.equal(ok('get deploy ssa -o jsonpath={.spec.minReadySeconds}').stdout, '', 'pruned');
  assert.equal(k(['apply', '--force-conflicts', '-f', f]).stderr, 'error: --force-conflicts only works with --server-side\n');
  assert.equal(k(['apply', '--server-side', '--dry-run=client', '-f', f]).stderr, "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n");
  assert.equal(ok(['apply', '--server-side', '--dry-run=server', '-f', f]).stdout, 'deployment.apps/ssa serverside-applied (server dry run)\n');
});

test('client-side apply then server-side apply: kubectl takes over (csaupgrade), the annotation stays current', () => {
  const f = tmpFile('mig.yaml', DEP.replace('name: ssa', 'name: mig').replace('REPLICAS', '2'));
  ok(['apply', '-f', f]);
  let m = mf('deploy mig');
  assert.ok(entry(m, 'kubectl-client-side-apply').fieldsV1['f:metadata']['f:annotations']['f:kubectl.kubernetes.io/last-applied-configuration']);
  // kubectl may take over what the client-side apply set, even a changed value
  ok(['apply', '--server-side', '-f', tmpFile('mig3.yaml', DEP.replace('name: ssa', 'name: mig').replace('REPLICAS', '3'))]);
  m = mf('deploy mig');
  assert.deepEqual(m.filter(e => e.operation === 'Apply').map(e => e.manager), ['kubectl', 'kubectl-last-applied']);
  assert.equal(entry(m, 'kubectl-client-side-apply'), undefined);
  assert.deepEqual(entry(m, 'kubectl-last-applied').fieldsV1, { 'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } });
  const la = JSON.parse(JSON.parse(ok('get deploy mig -o json').stdout).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
  assert.equal(la.spec.replicas, 3);
  assert.equal(ok('get deploy mig -o jsonpath={.spec.replicas}').stdout, '3');
});

test('events\' fields, as each recorder writes them (a field path, a host or neither), owned as the API server records them', () => {
  ok('create deployment evs --image=nginx:1.25.3');
  ok(['create', '-f', tmpFile('ev.yaml', 'apiVersion: v1\nkind: Event\nmetadata:\n  name: hand-made\n  labels: {who: me}\ninvolvedObject: {kind: Pod, name: x, namespace: default}\nreason: Made\nmessage: by hand\ntype: Normal\n')]);
  const items = JSON.parse(ok(['get', 'events', '-o', 'json', '--show-managed-fields']).stdout).items;
  const fieldsOf = o => Object.keys(o).filter(f => o[f] !== undefined).map(f => `f:${f}`).sort();
  let checked = 0;
  for (const e of items) {
    const [m] = e.metadata.managedFields;
    const set = m.fieldsV1;
    const top = Object.keys(set).filter(f => f !== 'f:metadata').sort();
    assert.deepEqual(top, fieldsOf(e).filter(f => !['f:apiVersion', 'f:kind', 'f:metadata'].includes(f)), `${e.reason} ${e.metadata.name}`);
    // (an ObjectReference is atomic: owned whole; the source a struct of its own fields)
    assert.deepEqual(set['f:involvedObject'], {});
    if (e.source?.component) assert.deepEqual(Object.keys(set['f:source']).filter(f => f !== '.').sort(), fieldsOf(e.source), `${e.reason} source`);
    if (e.metadata.name === 'hand-made') assert.deepEqual(set['f:metadata'], { 'f:labels': { '.': {}, 'f:who': {} } });
    else assert.equal(set['f:metadata'], undefined);
    checked++;
  }
  const reasons = new Set(items.map(e => e.reason));
  for (const r of ['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Pulled', 'Created', 'Started', 'Made']) assert.ok(reasons.has(r), r);
  assert.ok(checked >= 7);
});
