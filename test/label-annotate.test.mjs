// kubectl label / annotate: messages, --overwrite, KEY-, --list, --local (golden output of kubectl 1.33),
// selectors, --all, --resource-version, --dry-run, -o, and the server's label validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT, VIA_KUBECTL } from './helpers.mjs';

// `--list` prints the labels or annotations as kubectl ranges over a Go map: in random order. kctl prints them
// sorted; through the real kubectl only the set of lines can be compared.
const listed = (args, t) => (VIA_KUBECTL && args.includes('--list') ? `${t.split('\n').filter(Boolean).sort().join('\n')}\n` : t);

const home = freshHome();
const golden = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/golden/label/local.json'), 'utf8'));

test('label/annotate --local match kubectl 1.33 byte for byte', () => {
  assert.ok(golden.length > 30);
  for (const c of golden) {
    const r = kctl(home, c.args);
    assert.equal(r.stdout, c.stdout, `stdout of ${JSON.stringify(c.args)}`);
    assert.equal(r.stderr, c.stderr, `stderr of ${JSON.stringify(c.args)}`);
    assert.equal(r.code, c.code, `exit code of ${JSON.stringify(c.args)}`);
  }
});

test('label on the server: labeled, not labeled, unlabeled, not found, overwrite', () => {
  assert.equal(kctl(home, 'run p --image=nginx').code, 0);
  const steps = [
    ['label pod p tier=frontend', 'pod/p labeled\n', '', 0],
    ['label pod p tier=frontend', 'pod/p not labeled\n', '', 0],
    ['label pod p tier=backend', '', "error: 'tier' already has a value (frontend), and --overwrite is false\n", 1],
    ['label pod p tier=backend --overwrite', 'pod/p labeled\n', '', 0],
    ['label pod/p tier-', 'pod/p unlabeled\n', '', 0],
    ['label pod p tier-', 'label "tier" not found.\npod/p not labeled\n', '', 0],
    ['label pod p', '', 'error: at least one label update is required\n', 1],
    ['label pod nope a=b', '', 'Error from server (NotFound): pods "nope" not found\n', 1],
    ['label pod p a=b c', '', 'error: all resources must be specified before label changes: c\n', 1],
  ];
  for (const [args, out, err, code] of steps) {
    const r = kctl(home, args);
    assert.equal(listed(args, r.stdout), out, args);
    assert.equal(r.stderr, err, args);
    assert.equal(r.code, code, args);
  }
  assert.equal(kctl(home, 'get pod p -o jsonpath={.metadata.labels}').stdout, '{"run":"p"}');
});

test('label validation errors come from the server (keys) or the client (values)', () => {
  let r = kctl(home, ['label', 'pod', 'p', 'Bad Key=1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^The Pod "p" is invalid: metadata\.labels: Invalid value: "Bad Key": name part must consist of alphanumeric characters/);
  r = kctl(home, ['label', 'pod', 'p', 'k=bad value']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: invalid label value: "k=bad value": a valid label must be an empty string or consist of alphanumeric characters/);
});

test('label with -l, --all, -A, --list, --dry-run, -o, --resource-version', () => {
  assert.equal(kctl(home, 'run q --image=nginx --labels=app=q').code, 0);
  assert.equal(kctl(home, 'create ns other').code, 0);
  assert.equal(kctl(home, 'run z --image=nginx -n other').code, 0);
  let r = kctl(home, 'label pods -l app=q env=dev');
  assert.equal(r.stdout, 'pod/q labeled\n');
  r = kctl(home, 'label pods --all team=a');
  assert.equal(r.stdout, 'pod/p labeled\npod/q labeled\n');
  r = kctl(home, 'label pods -A -l run everywhere=yes -o name');
  assert.equal(r.stdout, 'pod/p\npod/z\n');
  assert.equal(kctl(home, 'get pod z -n other -o jsonpath={.metadata.labels.everywhere}').stdout, 'yes');
  r = kctl(home, 'label pod q --list');
  assert.equal(listed('--list', r.stdout), 'app=q\nenv=dev\nteam=a\n');
  r = kctl(home, 'label pod q x=1 --dry-run=client');
  assert.equal(r.stdout, 'pod/q labeled (dry run)\n');
  r = kctl(home, 'label pod q x=1 --dry-run=server');
  assert.equal(r.stdout, 'pod/q labeled (server dry run)\n');
  assert.equal(kctl(home, 'get pod q -o jsonpath={.metadata.labels.x}').stdout, '');
  r = kctl(home, 'label pod q x=1 -o yaml');
  assert.match(r.stdout, /^apiVersion: v1\nkind: Pod\n/);
  assert.match(r.stdout, /\n    x: "1"\n/);
  r = kctl(home, 'label pod q y=1 --resource-version=1');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (Conflict): Operation cannot be fulfilled on pods "q": the object has been modified; please apply your changes to the latest version and try again\n');
  const rv = kctl(home, 'get pod q -o jsonpath={.metadata.resourceVersion}').stdout;
  r = kctl(home, `label pod q y=1 --resource-version=${rv}`);
  assert.equal(r.stdout, 'pod/q labeled\n');
});

test('annotate: annotated for sets and removals, overwrite error, --list', () => {
  const steps = [
    ['annotate pod p note=hello', 'pod/p annotated\n', '', 0],
    ['annotate pod p note=bye', '', "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)\n", 1],
    ['annotate pod p note=bye --overwrite', 'pod/p annotated\n', '', 0],
    ['annotate pod p note-', 'pod/p annotated\n', '', 0],
    ['annotate pod p', '', 'error: at least one annotation update is required\n', 1],
    ['annotate pod p a=1 b=2', 'pod/p annotated\n', '', 0],
    ['annotate pod p --list', 'a=1\nb=2\n', '', 0],
  ];
  for (const [args, out, err, code] of steps) {
    const r = kctl(home, args);
    assert.equal(listed(args, r.stdout), out, args);
    assert.equal(r.stderr, err, args);
    assert.equal(r.code, code, args);
  }
  const r = kctl(home, 'label');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'); // kubectl 1.33
});
