// kubectl describe: every case is compared with what the real kubectl 1.33 printed for the same cluster
// (test/golden/describe/, made by scripts/describe-golden.mjs), after masking random names, IDs and dates.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, FIXTURES, ROOT, VIA_KUBECTL } from './helpers.mjs';
import { buildCluster, cases } from './golden/describe/scenario.mjs';
import { mask } from './golden/describe/mask.mjs';
import { withClientAges } from './golden/describe/ages.mjs';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'describe');
const meta = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'meta.json'), 'utf8'));
let home, info, clusterNow;
before(() => {
  home = freshHome();
  // Through kctl serve, kubectl computes describe's ages from this host's clock. The scenario moves the
  // (frozen) cluster clock 10 minutes on, so its cluster starts 10 minutes back: the cluster clock then
  // stands a few seconds behind the host's, and the ages kubectl prints are compared with the goldens'
  // allowing for exactly that difference (golden/describe/ages.mjs).
  if (VIA_KUBECTL) process.env.KCTL_TEST_CLOCK_START = String(Date.now() - 10 * 60_000);
  try { info = buildCluster(kctl, home, FIXTURES); } finally { delete process.env.KCTL_TEST_CLOCK_START; }
  if (VIA_KUBECTL) clusterNow = Date.parse(kctl(home, ['sim', 'now']).stdout.trim());
});

for (const name of Object.keys(meta)) {
  test(`describe matches kubectl: ${name}`, () => {
    const args = cases(info)[name];
    const t0 = Date.now();
    const r = kctl(home, args);
    const golden = fs.readFileSync(path.join(GOLDEN, `${name}.txt`), 'utf8');
    let out = mask(r.stdout);
    // the cluster's now is within the second `sim now` printed; the goldens' within a second of it
    if (VIA_KUBECTL) out = withClientAges(out, golden, (t0 - clusterNow) / 1000 - 2, (Date.now() - clusterNow) / 1000 + 1);
    assert.equal(out, golden, `stdout of kctl ${args.join(' ')}`);
    assert.equal(mask(r.stderr), meta[name].stderr, `stderr of kctl ${args.join(' ')}`);
    assert.equal(r.code, meta[name].code);
  });
}

test('unmasked essentials of a running pod', () => {
  const r = kctl(home, ['describe', 'pod', 'nginx']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Name:             nginx\nNamespace:        default\nPriority:         0\nService Account:  default\n/);
  assert.match(r.stdout, /\nStatus:           Running\n/);
  assert.match(r.stdout, /\n  Normal  Scheduled  10m   default-scheduler  Successfully assigned default\/nginx to kctl-worker2?\n/);
  assert.ok(r.stdout.endsWith('\n') && !r.stdout.endsWith('\n\n'));
});

test('pending pod shows its FailedScheduling warning', () => {
  const r = kctl(home, ['describe', 'pod', 'big']);
  assert.match(r.stdout, /\nNode:             <none>\n/);
  assert.match(r.stdout, /\n  Warning  FailedScheduling  \d+m(\d+s)? \(x\d+ over 10m\)  default-scheduler  0\/3 nodes are available: .*Insufficient cpu/);
});

test('several objects are separated by two blank lines, prefix matches by one', () => {
  const two = kctl(home, ['describe', 'cm', 'special-config', 'env-config']).stdout;
  assert.match(two, /Events:  <none>\n\n\nName:         env-config\n/);
  const prefix = kctl(home, ['describe', 'cm', 'game']).stdout;
  assert.match(prefix, /Events:  <none>\n\nName:         game-b\n/);
  assert.ok(prefix.endsWith('Events:  <none>\n\n'));
});

test('errors: no type, unknown type, not found among found ones', () => {
  let r = kctl(home, ['describe']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: You must specify the type of resource to describe. Use "kctl api-resources" for a complete list of supported resources.\n');
  r = kctl(home, ['describe', 'nosuchtype', 'x']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: the server doesn't have a resource type "nosuchtype"\n$/);
  r = kctl(home, ['describe', 'pod', 'nginx', 'nope', 'big']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Name:             nginx\n[\s\S]*\n\n\nName:             big\n/);
  assert.equal(r.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  r = kctl(home, ['describe', 'pod', 'nginx', '-A']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: a resource cannot be retrieved by name across all namespaces\n');
  r = kctl(home, ['describe', 'pods', '-A', '-l', 'app=none']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, 'No resources found\n');
});

test('generic describer labels fields the way kubectl does', () => {
  const r = kctl(home, ['describe', 'lease', '-n', 'kube-node-lease', 'kctl-control-plane']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\nAPI Version:  coordination.k8s.io\/v1\nKind:         Lease\nMetadata:\n  Creation Timestamp:  /);
  assert.match(r.stdout, /\nSpec:\n  Holder Identity:         kctl-control-plane\n  Lease Duration Seconds:  40\n/);
});
