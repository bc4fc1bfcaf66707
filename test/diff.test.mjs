// kctl diff: the live object against what apply would make of the file (a server-side dry run), as
// `diff -u -N` shows it between two temporary directories LIVE-<n> and MERGED-<n>; exit 0 when nothing
// differs, 1 when something does, above 1 on errors; KCTL_EXTERNAL_DIFF / KUBECTL_EXTERNAL_DIFF; Secret data
// masked; managedFields left out; --prune shows what apply --prune would delete; -k.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const home = freshHome();
const cm = (data, labels = 'app: demo') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    ${labels}
data:
${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}
`;
const deploy = replicas => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: demo
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;
/** The diff text with the temporary directories and file times made stable. */
const stable = s => s.replace(/\/[^\s]*\/(LIVE|MERGED)-\d+\//g, '$1/').replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [+-]\d{4}/g, '\tTIME')
  .replace(/uid: [0-9a-f-]{36}/g, 'uid: UID').replace(/creationTimestamp: "[^"]+"/g, 'creationTimestamp: T').replace(/resourceVersion: "\d+"/g, 'resourceVersion: RV');

test('a new object: everything added; exit 1; the temp directories are removed', () => {
  const f = tmpFile('cm.yaml', cm({ a: '1' }));
  const before = fs.readdirSync(os.tmpdir()).filter(n => /^(LIVE|MERGED)-/.test(n)).length;
  const r = kctl(home, ['diff', '-f', f]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.equal(stable(r.stdout), `diff -u -N LIVE/v1.ConfigMap.default.settings MERGED/v1.ConfigMap.default.settings
--- LIVE/v1.ConfigMap.default.settings\tTIME
+++ MERGED/v1.ConfigMap.default.settings\tTIME
@@ -0,0 +1,11 @@
+apiVersion: v1
+data:
+  a: "1"
+kind: ConfigMap
+metadata:
+  creationTimestamp: T
+  labels:
+    app: demo
+  name: settings
+  namespace: default
+  uid: UID
`);
  assert.equal(fs.readdirSync(os.tmpdir()).filter(n => /^(LIVE|MERGED)-/.test(n)).length, before);
  assert.equal(kctl(home, 'get cm settings').code, 1, 'a dry run creates nothing');
});

test('after apply: no difference, exit 0; a change shows as apply would make it (generation, not resourceVersion)', () => {
  const c = tmpFile('cm.yaml', cm({ a: '1' }));
  const d = tmpFile('d.yaml', deploy(1));
  kctl(home, ['apply', '-f', c]);
  kctl(home, ['apply', '-f', d]);
  let r = kctl(home, ['diff', '-f', c, '-f', d]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  fs.writeFileSync(d, deploy(3));
  r = kctl(home, ['diff', '-f', d]);
  assert.equal(r.code, 1);
  const out = stable(r.stdout);
  assert.match(out, /^diff -u -N LIVE\/apps.v1.Deployment.default.web MERGED\/apps.v1.Deployment.default.web\n/);
  assert.match(out, /\n-  generation: 1\n\+  generation: 2\n/);
  assert.match(out, /\n-  replicas: 1\n\+  replicas: 3\n/);
  assert.doesNotMatch(out, /^[-+] +resourceVersion/m);
  assert.doesNotMatch(out, /managedFields/);
  assert.doesNotMatch(out, /^[-+].*last-applied-configuration/m, 'the annotation is not part of the dry-run patch');
  assert.equal(kctl(home, 'get deploy web -o jsonpath={.spec.replicas}').stdout, '1', 'diff changes nothing');
  // several objects: one file each, diff walks them in name order
  fs.writeFileSync(c, cm({ a: '2', b: '3' }));
  r = kctl(home, ['diff', '-f', c, '-f', d]);
  assert.equal(r.code, 1);
  const heads = stable(r.stdout).split('\n').filter(l => l.startsWith('diff '));
  assert.deepEqual(heads, ['diff -u -N LIVE/apps.v1.Deployment.default.web MERGED/apps.v1.Deployment.default.web', 'diff -u -N LIVE/v1.ConfigMap.default.settings MERGED/v1.ConfigMap.default.settings']);
  assert.match(stable(r.stdout), /\n data:\n-  a: "1"\n\+  a: "2"\n\+  b: "3"\n kind: ConfigMap\n/);
});

test('Secret data is masked: *** where equal, *** (before)/(after) where changed', () => {
  const s = v => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ntype: Opaque\nstringData:\n  user: admin\ndata:\n  pass: ${v}\n`;
  const f = tmpFile('s.yaml', s('c2VjcmV0'));
  kctl(home, ['apply', '-f', f]);
  fs.writeFileSync(f, s('b3RoZXI='));
  const r = kctl(home, ['diff', '-f', f]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\n data:\n-  pass: '\*\*\* \(before\)'\n\+  pass: '\*\*\* \(after\)'\n   user: '\*\*\*'\n/);
  assert.doesNotMatch(r.stdout, /c2VjcmV0|b3RoZXI|YWRtaW4/);
});

test('KCTL_EXTERNAL_DIFF (and KUBECTL_EXTERNAL_DIFF) choose the program; its exit status decides', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-diffprog-'));
  const prog = path.join(dir, 'mydiff');
  fs.writeFileSync(prog, '#!/bin/sh\necho "args: $(basename "$1" | cut -d- -f1) $(basename "$2" | cut -d- -f1) $3 $4"\nls "$2"\nexit ${MYDIFF_EXIT:-1}\n', { mode: 0o755 });
  const f = tmpFile('cm.yaml', cm({ a: '9' }));
  let r = kctl(home, ['diff', '-f', f], { env: { KCTL_EXTERNAL_DIFF: `${prog} -w --color=never bad;arg` } });
  assert.equal(r.stdout, 'args: LIVE MERGED -w --color=never\nv1.ConfigMap.default.settings\n');
  assert.equal(r.code, 1);
  r = kctl(home, ['diff', '-f', f], { env: { KUBECTL_EXTERNAL_DIFF: prog, MYDIFF_EXIT: '0' } });
  assert.equal(r.code, 0);
  r = kctl(home, ['diff', '-f', f], { env: { KUBECTL_EXTERNAL_DIFF: prog, MYDIFF_EXIT: '3' } });
  assert.equal(r.stderr, 'exit status 3\n');
  assert.equal(r.code, 4);
  r = kctl(home, ['diff', '-f', f], { env: { KUBECTL_EXTERNAL_DIFF: 'no-such-differ' } });
  assert.equal(r.stderr, 'error: failed to run "no-such-differ": exec: "no-such-differ": executable file not found in $PATH\n');
  assert.equal(r.code, 2);
});

test('errors exit 2: no file, --force-conflicts alone, a namespace that does not exist', () => {
  let r = kctl(home, 'diff');
  assert.equal(r.stderr, 'error: must specify one of -f and -k\n');
  assert.equal(r.code, 2);
  const f = tmpFile('cm.yaml', cm({ a: '1' }));
  r = kctl(home, ['diff', '-f', f, '--force-conflicts']);
  assert.equal(r.stderr, 'error: --force-conflicts only works with --server-side\n');
  assert.equal(r.code, 2);
  r = kctl(home, ['diff', '-f', f, '-n', 'nope']);
  assert.equal(r.stderr, 'Error from server (NotFound): namespaces "nope" not found\n');
  assert.equal(r.code, 2);
});

test('-l keeps the matching objects; --prune shows what apply --prune would delete, in LIVE only', () => {
  const h = freshHome();
  const a = tmpFile('a.yaml', cm({ a: '1' }).replace('name: settings', 'name: one'));
  const b = tmpFile('b.yaml', cm({ b: '1' }).replace('name: settings', 'name: two'));
  kctl(h, ['apply', '-f', a]);
  kctl(h, ['apply', '-f', b]);
  let r = kctl(h, ['diff', '-f', b, '-l', 'app=other']);
  assert.equal(r.code, 0);
  r = kctl(h, ['diff', '-f', b, '--prune', '-l', 'app=demo', '--prune-allowlist', 'core/v1/ConfigMap']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const out = stable(r.stdout);
  assert.match(out, /^diff -u -N LIVE\/v1.ConfigMap.default.one MERGED\/v1.ConfigMap.default.one\n--- LIVE\/v1.ConfigMap.default.one\tTIME\n\+\+\+ MERGED\/v1.ConfigMap.default.one\t/);
  assert.match(out, /\n-  name: one\n/);
  assert.doesNotMatch(out, /default\.two/);
  r = kctl(h, ['diff', '-f', b, '--prune', '-l', 'app=demo']);
  assert.match(r.stderr, /^W\d{4} [\d:.]+ +\d+ prune\.go:71\] Deprecated: kubectl apply will no longer prune non-namespaced resources by default/);
  assert.match(r.stderr, /\nWarning: v1 Endpoints is deprecated in v1\.33\+; use discovery\.k8s\.io\/v1 EndpointSlice\n$/);
  assert.equal(kctl(h, 'get cm one -o name').stdout, 'configmap/one\n', 'diff --prune deletes nothing');
});

test('--server-side: a dry-run apply patch with the field manager; conflicts as the server reports them; --force-conflicts', () => {
  const h = freshHome();
  const f = tmpFile('d.yaml', deploy(2));
  let r = kctl(h, ['diff', '--server-side', '-f', f]);
  assert.equal(r.code, 1);
  assert.match(stable(r.stdout), /^diff -u -N LIVE\/apps.v1.Deployment.default.web MERGED\/apps.v1.Deployment.default.web\n[^]*\n\+  replicas: 2\n/);
  assert.equal(kctl(h, 'get deploy web').code, 1, 'a dry run creates nothing');
  assert.equal(kctl(h, ['apply', '--server-side', '-f', f]).stdout, 'deployment.apps/web serverside-applied\n');
  r = kctl(h, ['diff', '--server-side', '-f', f]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  // the merged object carries the applier's managedFields: shown with --show-managed-fields (the cluster clock
  // moved on, so the Apply entry's time changes whatever second the apply fell in)
  assert.equal(kctl(h, 'sim advance 2s').code, 0);
  fs.writeFileSync(f, deploy(4));
  r = kctl(h, ['diff', '--server-side', '--show-managed-fields', '-f', f]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\n {5}manager: kubectl\n {5}operation: Apply\n/);
  assert.match(r.stdout, /\n-  replicas: 2\n\+  replicas: 4\n/);
  // another manager owns .spec.replicas now: the dry run conflicts (kubectl retries, then diffs "without lock")
  assert.equal(kctl(h, 'scale deploy web --replicas=3').code, 0);
  r = kctl(h, ['diff', '--server-side', '-f', f]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ diff\.go:723\] Object \(apps\/v1, Kind=Deployment: web\) keeps changing, diffing without lock\n/);
  assert.match(r.stderr, /\nError from server \(Conflict\): Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps\/v1: \.spec\.replicas\n$/);
  r = kctl(h, ['diff', '--server-side', '--force-conflicts', '-f', f]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /\n-  replicas: 3\n\+  replicas: 4\n/);
  // another field manager: the same value is shared ownership, a new one conflicts
  fs.writeFileSync(f, deploy(3));
  r = kctl(h, ['diff', '--server-side', '--field-manager=tool', '-f', f]);
  assert.equal(r.code, 0, r.stderr);
  fs.writeFileSync(f, deploy(5));
  r = kctl(h, ['diff', '--server-side', '--field-manager=tool', '-f', f]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Error from server \(Conflict\): Apply failed with \d+ conflicts?: /);
  assert.equal(kctl(h, 'get deploy web -o jsonpath={.spec.replicas}').stdout, '3', 'diff changes nothing');
});
