// Acceptance checks for issue 2 that cut across verbs: config view's printers, how manifests are read
// (JSON streams, empty directories, documents that are not objects), and create -f's own errors.
// Expected texts were taken from kubectl 1.33 (test/golden/acceptance/ holds the longer ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kctl, freshHome, tmpFile, ROOT } from './helpers.mjs';

const golden = f => fs.readFileSync(path.join(ROOT, 'test', 'golden', 'acceptance', f), 'utf8');
const portOf = home => fs.readFileSync(path.join(home, 'config'), 'utf8').match(/127\.0\.0\.1:(\d+)/)[1];

test('config view prints -o json in client-go field order, jsonpath, name, and --flatten keeps data', () => {
  const h = freshHome();
  assert.equal(kctl(h, 'config set-context --current --namespace=kube-system').code, 0);
  const port = portOf(h);
  const unport = s => s.replaceAll(`127.0.0.1:${port}`, '127.0.0.1:PORT');
  let r = kctl(h, 'config view -o json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(unport(r.stdout), golden('config-view.json'));
  r = kctl(h, 'config view --minify --flatten -o json');
  assert.equal(unport(r.stdout), golden('config-view-minify-flatten.json'));
  assert.doesNotMatch(kctl(h, 'config view --flatten').stdout, /DATA\+OMITTED/);
  assert.match(kctl(h, 'config view').stdout, /certificate-authority-data: DATA\+OMITTED\n/);
  assert.equal(kctl(h, ['config', 'view', '-o', 'jsonpath={.contexts[0].context}']).stdout, golden('config-view-jsonpath.txt'));
  assert.equal(kctl(h, ['config', 'view', '-o', 'jsonpath-as-json={..namespace}']).stdout, golden('config-view-jsonpath-as-json.txt'));
  assert.equal(kctl(h, ['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].name}']).stdout, 'kctl-kctl');
  assert.equal(kctl(h, 'config view -o name').stdout, 'config/<unknown>\n');
  r = kctl(h, 'config view -o wide');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n');
});

test('a file of concatenated JSON objects is a stream, as kubectl reads it', () => {
  const h = freshHome();
  const pod = n => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, null, 2);
  const f = tmpFile('pods.json', `${pod('j1')}\n${pod('j2')}\n`);
  let r = kctl(h, ['apply', '-f', f]);
  assert.equal(r.stdout, 'pod/j1 created\npod/j2 created\n', r.stderr);
  // JSON then YAML in one file
  const g = tmpFile('mixed.json', `${pod('j3')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y1}\n`);
  r = kctl(h, ['create', '-f', g]);
  assert.equal(r.stdout, 'pod/j3 created\nconfigmap/y1 created\n', r.stderr);
  // a JSON file cut short
  const cut = tmpFile('cut.json', '{"apiVersion": "v1", "kind": "Pod",');
  r = kctl(h, ['apply', '-f', cut]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: error parsing ${cut}: unexpected EOF\n`);
});

test('manifests that are not objects, empty directories and files, missing kind: kubectl\'s messages', () => {
  const h = freshHome();
  const list = tmpFile('list.yaml', '- a\n- b\n');
  let r = kctl(h, ['apply', '-f', list]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: unable to decode "${list}": json: cannot unmarshal array into Go value of type unstructured.detector\n`);
  const str = tmpFile('s.yaml', 'just a string\n');
  assert.equal(kctl(h, ['create', '-f', str]).stderr, `error: unable to decode "${str}": json: cannot unmarshal string into Go value of type unstructured.detector\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-empty-'));
  for (const verb of ['apply', 'create', 'delete', 'get']) {
    r = kctl(h, [verb, '-f', dir]);
    assert.equal(r.code, 1, verb);
    assert.equal(r.stderr, `error: error reading [${dir}]: recognized file extensions are [.json .yaml .yml]\n`, verb);
  }
  const empty = tmpFile('empty.yaml', '');
  r = kctl(h, ['create', '-f', empty]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: no objects passed to create\n');
  assert.equal(kctl(h, ['apply', '-f', empty]).stderr, 'error: no objects passed to apply\n');
  const nokind = tmpFile('nokind.yaml', 'apiVersion: v1\nmetadata: {name: a}\n');
  assert.equal(kctl(h, ['apply', '-f', nokind]).stderr, `error: error validating "${nokind}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n`);
  const neither = tmpFile('neither.yaml', 'metadata: {name: a}\n');
  assert.equal(kctl(h, ['create', '-f', neither]).stderr, `error: error validating "${neither}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n`);
  r = kctl(h, 'create bogus x');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: Unexpected args: [bogus x]\nSee 'kctl create -h' for help and examples\n");
  assert.equal(kctl(h, 'create').stderr, 'error: must specify one of -f and -k\n');
});

test('no malformed input prints a stack trace', () => {
  const h = freshHome();
  const inputs = [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a\n', '{"apiVersion": "v1",', '\u0000\u0001binary', '[1, 2', '42\n',
    'apiVersion: v1\nkind: Foo\nmetadata: {name: a}\n', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: nons}\nspec: {containers: [{name: c, image: nginx}]}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: nginx, ports: [{containerPort: abc}]}]}\n',
    'apiVersion: v1\nkind: List\nitems: [1]\n', 'apiVersion: v1\nkind: Pod\nmetadata: {name: "A_B"}\nspec: {containers: [{name: c, image: nginx}]}\n',
  ];
  for (const text of inputs) {
    const f = tmpFile('bad.yaml', text);
    for (const verb of ['apply', 'create', 'replace', 'delete', 'get']) {
      const r = kctl(h, [verb, '-f', f]);
      assert.equal(r.code, 1, `${verb} ${JSON.stringify(text)}: ${r.stdout}`);
      assert.doesNotMatch(r.stderr, /\n\s+at |TypeError|ReferenceError|SyntaxError/, `${verb} ${JSON.stringify(text)}`);
      assert.match(r.stderr, /^(error: |Error from server|The \w+ "|unable to decode)/, `${verb} ${JSON.stringify(text)}: ${r.stderr}`);
    }
  }
  const r = kctl(h, ['apply', '-f', '-'], { input: '' });
  assert.equal(r.stderr, 'error: no objects passed to apply\n');
});
