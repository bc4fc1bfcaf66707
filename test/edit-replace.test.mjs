// kubectl edit (with non-interactive editors) and kubectl replace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const home = freshHome();
const editor = (script) => {
  const f = tmpFile('editor.sh', `#!/bin/sh\n${script}\n`);
  fs.chmodSync(f, 0o755);
  return f;
};

test('seed 000: edit a ReplicaSet pod to drop its app label; the ReplicaSet replaces it', () => {
  assert.equal(kctl(home, 'apply -f fixtures/seeds/replicaset-nginx.yml').code, 0);
  const pods = kctl(home, 'get pods -l app=my-nginx-pods-label -o name').stdout.trim().split('\n');
  assert.equal(pods.length, 4);
  const victim = pods[0];
  const ed = editor(`sed -i '/^  labels:$/d; /^    app: my-nginx-pods-label$/d' "$1"`);
  const r = kctl(home, ['edit', victim], { env: { KUBE_EDITOR: ed } });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `${victim} edited\n`);
  assert.equal(r.code, 0);
  assert.equal(kctl(home, ['get', victim, '-o', 'jsonpath={.metadata.labels}']).stdout, '');
  const after = kctl(home, 'get pods -l app=my-nginx-pods-label -o name').stdout.trim().split('\n');
  assert.equal(after.length, 4);
  assert.ok(!after.includes(victim));
});

test('edit shows kubectl\'s header; no change cancels; EDITOR is used when KUBE_EDITOR is unset', () => {
  const seen = tmpFile('seen.txt', '');
  const ed = editor(`cp "$1" ${seen}`);
  let r = kctl(home, 'edit rs replicaset-nginx', { env: { KUBE_EDITOR: '', EDITOR: ed } });
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'Edit cancelled, no changes made.\n');
  assert.equal(r.code, 0);
  const text = fs.readFileSync(seen, 'utf8');
  assert.ok(text.startsWith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: ReplicaSet\n"), text.slice(0, 400));
  r = kctl(home, 'edit rs replicaset-nginx -o json', { env: { KUBE_EDITOR: ed } });
  assert.equal(r.stderr, 'Edit cancelled, no changes made.\n');
  // JSON has no comments: kubectl writes no header above it
  assert.match(fs.readFileSync(seen, 'utf8'), /^\{\n    "apiVersion": "apps\/v1",/);
  // kubectl validates the edited text before it looks for lines: an emptied file is "invalid object to validate"
  // (reopened with that error; emptied again, nothing valid was saved), unless validation is off
  r = kctl(home, 'edit rs replicaset-nginx', { env: { KUBE_EDITOR: editor(': > "$1"') } });
  assert.match(r.stderr, /^error: replicasets\.apps "replicaset-nginx" is invalid\nA copy of your changes has been stored to "[^"]*\/kctl-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
  assert.equal(r.code, 1);
  r = kctl(home, 'edit rs replicaset-nginx --validate=false', { env: { KUBE_EDITOR: editor(': > "$1"') } });
  assert.equal(r.stderr, 'Edit cancelled, saved file was empty.\n');
  assert.equal(r.code, 0);
});

test('an invalid edit reopens the editor with the error on top; saving it unchanged gives up', () => {
  const log = tmpFile('log.txt', '');
  const ed = editor(`cat "$1" >> ${log}; echo ==== >> ${log}; sed -i 's/image: nginx:latest/image: ""/' "$1"`);
  const r = kctl(home, 'edit rs replicaset-nginx', { env: { KUBE_EDITOR: ed } });
  assert.equal(r.code, 1);
  const lines = r.stderr.split('\n');
  assert.equal(lines[0], 'error: replicasets.apps "replicaset-nginx" is invalid');
  // (kubectl names the file after its own binary: os.Args[0], here kctl)
  assert.match(lines[1], /^A copy of your changes has been stored to ".*\/kctl-edit-\d+\.yaml"$/);
  assert.equal(lines[2], 'error: Edit cancelled, no valid changes were saved.');
  const rounds = fs.readFileSync(log, 'utf8').split('====\n');
  assert.equal(rounds.length, 3);
  assert.match(rounds[1], /^# Please edit[^]*#\n# replicasets\.apps "replicaset-nginx" was not valid:\n# \* spec\.template\.spec\.containers\[0\]\.image: Required value\n#\napiVersion: apps\/v1\n/);
  assert.equal(kctl(home, 'get rs replicaset-nginx -o jsonpath={.spec.template.spec.containers[0].image}').stdout, 'nginx:latest');
});

test('edit several objects at once, and -o name', () => {
  assert.equal(kctl(home, 'create cm a --from-literal=k=1').code, 0);
  assert.equal(kctl(home, 'create cm b --from-literal=k=1').code, 0);
  const ed = editor(`sed -i 's/k: "1"/k: "2"/' "$1"`);
  let r = kctl(home, 'edit cm a b', { env: { KUBE_EDITOR: ed } });
  assert.equal(r.stdout, 'configmap/a edited\nconfigmap/b edited\n');
  assert.equal(kctl(home, 'get cm b -o jsonpath={.data.k}').stdout, '2');
  // -o is the editing format: kubectl's edit printer has only json and yaml (the edited object is printed so)
  r = kctl(home, 'edit cm a -o name', { env: { KUBE_EDITOR: editor(`sed -i 's/k: "2"/k: "3"/' "$1"`) } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n', 1]);
  r = kctl(home, 'edit cm a -o yaml', { env: { KUBE_EDITOR: editor(`sed -i 's/k: "2"/k: "3"/' "$1"`) } });
  assert.match(r.stdout, /^apiVersion: v1\ndata:\n  k: "3"\nkind: ConfigMap\n/);
  r = kctl(home, 'edit cm nope', { env: { KUBE_EDITOR: ed } });
  assert.equal(r.stderr, 'Error from server (NotFound): configmaps "nope" not found\n');
  assert.equal(r.code, 1);
});

test('replace -f: replaced, NotFound, --dry-run, --force', () => {
  const f = tmpFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rc\ndata:\n  a: "1"\n');
  let r = kctl(home, ['replace', '-f', f]);
  assert.equal(r.stderr, `Error from server (NotFound): error when replacing "${f}": configmaps "rc" not found\n`);
  assert.equal(r.code, 1);
  assert.equal(kctl(home, ['create', '-f', f]).code, 0);
  const g = tmpFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rc\ndata:\n  b: "2"\n');
  r = kctl(home, ['replace', '-f', g]);
  assert.equal(r.stdout, 'configmap/rc replaced\n');
  assert.equal(kctl(home, 'get cm rc -o jsonpath={.data}').stdout, '{"b":"2"}');
  r = kctl(home, ['replace', '-f', f, '--dry-run=client']);
  assert.equal(r.stdout, 'configmap/rc replaced (dry run)\n');
  r = kctl(home, ['replace', '-f', f, '--dry-run=server']);
  assert.equal(r.stdout, 'configmap/rc replaced (server dry run)\n');
  assert.equal(kctl(home, 'get cm rc -o jsonpath={.data}').stdout, '{"b":"2"}');
  const uid = kctl(home, 'get cm rc -o jsonpath={.metadata.uid}').stdout;
  r = kctl(home, ['replace', '-f', f, '--force']);
  assert.equal(r.stdout, 'configmap "rc" deleted\nconfigmap/rc replaced\n');
  assert.notEqual(kctl(home, 'get cm rc -o jsonpath={.metadata.uid}').stdout, uid);
  assert.equal(kctl(home, 'get cm rc -o jsonpath={.data}').stdout, '{"a":"1"}');
  r = kctl(home, 'replace');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: must specify one of -f and -k\n'); // kubectl 1.33's text
});
