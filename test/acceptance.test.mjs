// Acceptance checks for issue 2 that cut across verbs: config view's printers, how manifests are read
// (JSON streams, empty directories, documents that are not objects), and create -f's own errors.
// Expected texts were taken from kubectl 1.33 (test/golden/acceptance/ holds the longer ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kctl, kctlSpawn, freshHome, tmpFile, ROOT, until } from './helpers.mjs';

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
  // kubectl validates each document before it decodes it (cli-runtime's StreamVisitor): for apply, create and
  // replace a document that is not an object fails validation (getObjectKind); verbs that do not validate
  // fail to decode it, and get (like describe) aggregates that error, printed without `error: `
  let r = kctl(h, ['apply', '-f', list]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: error validating "${list}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n`);
  r = kctl(h, ['delete', '-f', list]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: unable to decode "${list}": json: cannot unmarshal array into Go value of type unstructured.detector\n`);
  const str = tmpFile('s.yaml', 'just a string\n');
  assert.equal(kctl(h, ['create', '-f', str]).stderr, `error: error validating "${str}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n`);
  assert.equal(kctl(h, ['get', '-f', str]).stderr, `unable to decode "${str}": json: cannot unmarshal string into Go value of type unstructured.detector\n`);
  const items = tmpFile('items.yaml', 'apiVersion: v1\nkind: List\nitems: [1]\n');
  assert.equal(kctl(h, ['delete', '-f', items]).stderr, `error: unable to decode "${items}": json: cannot unmarshal number into Go value of type map[string]interface {}\n`);
  assert.equal(kctl(h, ['replace', '-f', items]).stderr, `error: error validating "${items}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n`);
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
      // (get, as describe, prints the errors of -f's documents aggregated: without `error: `)
      assert.match(r.stderr, verb === 'get' ? /^(error: |Error from server|error parsing |unable to decode |resource mapping not found )/ : /^(error: |Error from server|The \w+ "|unable to decode)/, `${verb} ${JSON.stringify(text)}: ${r.stderr}`);
    }
  }
  const r = kctl(h, ['apply', '-f', '-'], { input: '' });
  assert.equal(r.stderr, 'error: no objects passed to apply\n');
});

test('multi-line strings print as kubectl prints them (get cm kube-root-ca.crt -o yaml used to crash)', () => {
  const h = freshHome();
  const r = kctl(h, 'get cm kube-root-ca.crt -o yaml');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\ndata:\n  ca\.crt: \|\n    -----BEGIN CERTIFICATE-----\n/);
  const f = path.join(ROOT, 'test', 'golden', 'acceptance', 'multiline-cm.json');
  assert.equal(kctl(h, ['annotate', '--local', '-f', f, 'none-', '-o', 'yaml']).stdout, golden('multiline-cm.yaml'));
});

test("kubectl's usage errors: global flags without a value, unknown subcommands, missing resources", () => {
  const h = freshHome();
  let r = kctl(h, 'get pods --namespace');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: flag needs an argument: --namespace\nSee 'kctl get --help' for usage.\n");
  assert.equal(kctl(h, 'get -n').stderr, "error: flag needs an argument: 'n' in -n\nSee 'kctl get --help' for usage.\n");
  r = kctl(h, 'config bogus');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: unknown command \"bogus\"\nSee 'kctl config -h' for help and examples\n");
  for (const verb of ['label', 'annotate']) {
    r = kctl(h, verb);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
  }
  assert.equal(kctl(h, 'label pod web').stderr, 'error: at least one label update is required\n');
  assert.equal(kctl(h, 'replace x').stderr, 'error: must specify one of -f and -k\n');
});

test('shorthand flags with = (-o=yaml, -r=3, -l=k=v) read as pflag reads them', () => {
  const h = freshHome();
  const gen = name => fs.readFileSync(path.join(ROOT, 'test', 'golden', 'acceptance', name), 'utf8');
  let r = kctl(h, ['create', 'deployment', 'd', '--image=nginx', '--dry-run=client', '-r=3', '-o=yaml']);
  assert.equal(r.stdout, gen('create-deployment-r3.yaml'), r.stderr);
  assert.equal(kctl(h, ['create', 'deployment', 'd', '--image=nginx', '--dry-run=client', '-o=name']).stdout, 'deployment.apps/d\n');
  r = kctl(h, ['get', 'pods', '-n=kube-system', '-l=k8s-app=kube-dns', '-o=name']);
  assert.match(r.stdout, /^pod\/coredns-\w+-\w+\npod\/coredns-\w+-\w+\n$/, r.stderr);
  r = kctl(h, ['create', 'deployment', 'd', '--image=nginx', '--dry-run=client', '-r=x']);
  assert.equal(r.stderr, 'error: invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kctl create deployment --help\' for usage.\n');
});


test('get -w -o json|yaml prints objects one by one; --output-watch-events wraps them as WatchEvents', async () => {
  const home = freshHome();
  assert.equal(kctl(home, 'create cm w1').code, 0);
  const procs = [['get', 'cm', 'w1', '-w', '--output-watch-events', '-o', 'json'], ['get', 'cm', '-w', '-o', 'yaml'], ['get', 'cm', 'w1', '-w', '--output-watch-events', '-o', 'yaml']]
    .map(argv => { const p = kctlSpawn(home, argv); const o = { p, out: '' }; p.stdout.on('data', d => (o.out += d)); return o; });
  try {
    await until(() => procs.map(x => x.out).join('|'), () => procs.every(x => /name: w1|"name":"w1"/.test(x.out)));
    assert.equal(kctl(home, 'label cm w1 a=b').code, 0);
    await until(() => procs[0].out, o => o.split('\n').length >= 3);
    const lines = procs[0].out.trimEnd().split('\n').map(l => JSON.parse(l));
    assert.deepEqual(lines.map(l => [l.type, l.object.metadata.name, l.object.metadata.labels?.a]), [['ADDED', 'w1', undefined], ['MODIFIED', 'w1', 'b']]);
    assert.match(procs[0].out, /^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"ConfigMap","metadata":\{"creationTimestamp":/);
    await until(() => procs[1].out, o => /a: b/.test(o));
    // the list is not printed as a List: each object is its own document, separated by ---
    assert.doesNotMatch(procs[1].out, /kind: List/);
    assert.equal(procs[1].out.match(/^---$/gm).length, 2);
    assert.match(procs[1].out, /^apiVersion: v1\n(.|\n)*\n---\napiVersion: v1\n/);
    await until(() => procs[2].out, o => /type: MODIFIED/.test(o));
    assert.match(procs[2].out, /^object:\n  apiVersion: v1\n(.|\n)*\ntype: ADDED\n---\nobject:\n(.|\n)*\ntype: MODIFIED\n$/);
  } finally {
    for (const x of procs) x.p.kill('SIGKILL');
  }
});

test('version --client -o yaml ends with the blank line kubectl prints', () => {
  const h = freshHome();
  assert.equal(kctl(h, 'version --client -o yaml').stdout, golden('version-client.yaml'));
  assert.match(kctl(h, 'version -o yaml').stdout, /\nserverVersion:\n(.|\n)*\n\n$/);
});

test('YAML syntax errors name the line and the words go-yaml uses (kubectl 1.33 outputs)', () => {
  const h = freshHome();
  const cases = JSON.parse(golden('yaml-syntax-errors.json'));
  assert.ok(cases.length >= 15);
  for (const { text, stderr } of cases) {
    const f = tmpFile('bad.yaml', text);
    for (const args of [['annotate', '--local', '-f', f, 'a=b'], ['apply', '-f', f]]) {
      const r = kctl(h, args);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, stderr.replace('FILE', f), `${args[0]} ${JSON.stringify(text)}`);
    }
  }
});
