// apply -l (filtering the objects of -f), apply --prune (with -l or --all, --prune-allowlist, kubectl's default
// list, `pruned` lines, dry runs), apply --force (delete and re-create when the server refuses the update),
// and the last-applied subcommands: set-last-applied, view-last-applied, edit-last-applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
const cm = (name, labels = { app: 'shop' }, data = { k: 'v' }) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n${Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`).join('\n')}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`;
const dir = (files) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-prune-'));
  for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(d, n), t);
  return d;
};

test('apply -l applies only the objects of -f whose labels match', () => {
  const home = freshHome();
  const d = dir({ 'a.yaml': cm('a', { app: 'shop', tier: 'front' }), 'b.yaml': cm('b', { app: 'shop', tier: 'back' }) });
  let r = kctl(home, ['apply', '-f', d, '-l', 'tier=front']);
  assert.equal(r.stdout, 'configmap/a created\n');
  r = kctl(home, ['apply', '-f', d, '-l', 'tier=none']);
  assert.equal(r.stderr, 'error: no objects passed to apply\n');
  assert.equal(r.code, 1);
});

test('apply --prune deletes what an earlier apply created and the files no longer have', () => {
  const home = freshHome();
  const d = dir({ 'a.yaml': cm('a'), 'b.yaml': cm('b'), 'other.yaml': cm('other', { app: 'blog' }) });
  kctl(home, ['apply', '-f', d]);
  kctl(home, 'create configmap manual --from-literal=x=y');
  kctl(home, 'label configmap manual app=shop');
  fs.rmSync(path.join(d, 'b.yaml'));
  // guards
  let r = kctl(home, ['apply', '-f', d, '--prune']);
  assert.equal(r.stderr, 'error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector\n');
  r = kctl(home, ['apply', '-f', d, '--prune', '-l', 'app=shop', '--force']);
  assert.equal(r.stderr, 'error: --force cannot be used with --prune\n');
  r = kctl(home, ['apply', '-f', d, '--prune', '--all', '-l', 'app=shop']);
  assert.equal(r.stderr, 'error: cannot set --all and --selector at the same time\n');
  r = kctl(home, ['apply', '-f', d, '--prune', '-l', 'app=shop', '--prune-allowlist', 'v1/ConfigMap']);
  assert.equal(r.stderr, 'error: invalid GroupVersionKind format: v1/ConfigMap, please follow <group/version/kind>\n');
  // client dry run: the line, nothing deleted
  r = kctl(home, ['apply', '-f', d, '--prune', '-l', 'app=shop', '--prune-allowlist', 'core/v1/ConfigMap', '--dry-run=client']);
  assert.equal(r.stdout, 'configmap/a unchanged (dry run)\nconfigmap/b pruned (dry run)\n');
  assert.equal(r.stderr, '');
  assert.equal(kctl(home, 'get cm b -o name').stdout, 'configmap/b\n');
  // for real: b (applied, labelled, gone from the files) is pruned; `manual` (no annotation) and `other` (other label) stay
  r = kctl(home, ['apply', '-f', d, '--prune', '-l', 'app=shop', '--prune-allowlist', 'core/v1/ConfigMap']);
  assert.equal(r.stdout, 'configmap/a unchanged\nconfigmap/b pruned\n');
  assert.equal(kctl(home, 'get cm -o name').stdout, 'configmap/a\nconfigmap/kube-root-ca.crt\nconfigmap/manual\nconfigmap/other\n');
});

test('apply --prune --all with kubectl\'s default list warns as kubectl does and prunes across kinds', () => {
  const home = freshHome();
  const d = dir({ 'a.yaml': cm('a'), 'dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n' });
  kctl(home, ['apply', '-f', d]);
  fs.rmSync(path.join(d, 'dep.yaml'));
  const r = kctl(home, ['apply', '-f', d, '--prune', '--all']);
  assert.equal(r.stdout, 'configmap/a unchanged\ndeployment.apps/web pruned\n');
  assert.match(r.stderr, /^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ prune\.go:71\] Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release\. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag\.\nWarning: v1 Endpoints is deprecated in v1\.33\+; use discovery\.k8s\.io\/v1 EndpointSlice\n$/);
  assert.equal(kctl(home, 'get deploy web').code, 1);
});

test('apply --force deletes and re-creates an object whose change the server refuses (an immutable field)', () => {
  const home = freshHome();
  const dep = sel => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: ${sel}\n  template:\n    metadata:\n      labels:\n        app: ${sel}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n`;
  const f = tmpFile('d.yaml', dep('one'));
  kctl(home, ['apply', '-f', f]);
  const uid1 = kctl(home, 'get deploy web -o jsonpath={.metadata.uid}').stdout;
  fs.writeFileSync(f, dep('two'));
  let r = kctl(home, ['apply', '-f', f]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^The Deployment "web" is invalid: spec\.selector: Invalid value: .*field is immutable\n$/);
  r = kctl(home, ['apply', '-f', f, '--force', '--dry-run=server']);
  assert.equal(r.stderr, 'error: --dry-run=server cannot be used with --force\n');
  r = kctl(home, ['apply', '-f', f, '--force']);
  assert.equal(r.stdout, 'deployment.apps/web configured\n');
  assert.equal(r.code, 0);
  const obj = JSON.parse(kctl(home, 'get deploy web -o json').stdout);
  assert.notEqual(obj.metadata.uid, uid1);
  assert.deepEqual(obj.spec.selector, { matchLabels: { app: 'two' } });
  assert.match(obj.metadata.annotations[LAST], /"app":"two"/);
});

test('apply set-last-applied sets only the annotation (compact JSON, no trailing newline); view-last-applied shows it', () => {
  const home = freshHome();
  const f = tmpFile('cm.yaml', cm('conf'));
  kctl(home, ['create', '-f', f]);
  let r = kctl(home, ['apply', 'set-last-applied', '-f', f]);
  assert.equal(r.stderr, 'error: no last-applied-configuration annotation found on resource: conf, to create the annotation, run the command with --create-annotation\n');
  r = kctl(home, ['apply', 'set-last-applied', '-f', f, '--create-annotation', '--dry-run=client']);
  assert.equal(r.stdout, 'configmap/conf configured (dry run)\n');
  assert.equal(JSON.parse(kctl(home, 'get cm conf -o json').stdout).metadata.annotations, undefined);
  r = kctl(home, ['apply', 'set-last-applied', '-f', f, '--create-annotation']);
  assert.equal(r.stdout, 'configmap/conf configured\n');
  const o = JSON.parse(kctl(home, 'get cm conf -o json').stdout);
  assert.equal(o.metadata.annotations[LAST], '{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"labels":{"app":"shop"},"name":"conf","namespace":"default"}}');
  r = kctl(home, ['apply', 'set-last-applied', '-f', f]);
  assert.equal(r.stdout, 'set-last-applied conf: no changes required.\n');
  r = kctl(home, ['apply', 'view-last-applied', 'configmap/conf']);
  assert.equal(r.stdout, 'apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  labels:\n    app: shop\n  name: conf\n  namespace: default\n');
  r = kctl(home, ['apply', 'set-last-applied', '-f', tmpFile('x.yaml', cm('missing'))]);
  assert.equal(r.stderr, 'Error from server (NotFound): configmaps "missing" not found\n');
});

test('apply edit-last-applied edits the annotation in $EDITOR and patches only it', () => {
  const home = freshHome();
  const f = tmpFile('cm.yaml', cm('conf'));
  kctl(home, ['apply', '-f', f]);
  const seenFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-seen-')), 'seen');
  const ed = tmpFile('ed.sh', `#!/bin/sh\ncp "$1" ${seenFile}\nsed -i "s/k: v/k: edited/" "$1"\n`);
  fs.chmodSync(ed, 0o755);
  let r = kctl(home, ['apply', 'edit-last-applied', 'cm/conf'], { env: { EDITOR: ed } });
  assert.equal(r.stdout, 'configmap/conf edited\n');
  const o = JSON.parse(kctl(home, 'get cm conf -o json').stdout);
  assert.equal(o.data.k, 'v', 'the object itself is untouched');
  assert.equal(o.metadata.annotations[LAST], '{"apiVersion":"v1","data":{"k":"edited"},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"shop"},"name":"conf","namespace":"default"}}');
  // the file the editor saw: kubectl's header, then the annotation as YAML
  assert.equal(fs.readFileSync(seenFile, 'utf8'), "# Please edit the 'last-applied-configuration' annotations below.\n# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.\n#\napiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  annotations: {}\n  labels:\n    app: shop\n  name: conf\n  namespace: default\n");
  const noop = tmpFile('noop.sh', '#!/bin/sh\nexit 0\n');
  fs.chmodSync(noop, 0o755);
  r = kctl(home, ['apply', 'edit-last-applied', 'cm/conf'], { env: { EDITOR: noop } });
  assert.equal(r.stderr, 'Edit cancelled, no changes made.\n');
  kctl(home, 'create configmap bare');
  r = kctl(home, ['apply', 'edit-last-applied', 'cm/bare'], { env: { EDITOR: noop } });
  assert.equal(r.stderr, 'error: no last-applied-configuration annotation found on resources, to create the annotation, use command `kctl apply set-last-applied --create-annotation`\n');
});
