// Small fixes: EndpointSlice packing, `config`/`cluster` without a subcommand, `cluster delete`'s node list,
// CSIDriver defaults, `describe pdb`. Golden outputs of the real kubectl 1.33: test/golden/fixes/ (make-golden.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, tmpFile, ROOT } from './helpers.mjs';

const golden = name => fs.readFileSync(path.join(ROOT, 'test', 'golden', 'fixes', name), 'utf8');
const json = (home, args) => {
  const r = kctl(home, [...args, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
/** Endpoint counts of the Service's slices, largest first. */
const sliceSizes = (home, svc) =>
  json(home, ['get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`]).items
    .map(s => (s.endpoints ?? []).length).sort((a, b) => b - a);
const ok = r => { assert.equal(r.code, 0, r.stderr); return r; };

test('endpointslices: 150 endpoints always pack into one slice (maximum 1000), run after run', () => {
  for (let i = 0; i < 3; i++) {
    const home = freshHome();
    ok(kctl(home, 'create deployment big --image=nginx --replicas=150'));
    ok(kctl(home, 'create service clusterip big --tcp=80'));
    assert.deepEqual(sliceSizes(home, 'big'), [150], `run ${i}`);
    const table = ok(kctl(home, 'get endpointslices')).stdout.split('\n').filter(l => l.startsWith('big-'));
    assert.equal(table.length, 1, `run ${i}`);
    assert.match(table[0], /^big-\w{5} +IPv4 +80 +10\.244\.\d+\.\d+,10\.244\.\d+\.\d+,10\.244\.\d+\.\d+ \+ 147 more\.\.\. +\d+s$/);
  }
});

test('endpointslices: the Service before its pods, and scaling in steps, still gives one slice', () => {
  for (let i = 0; i < 1; i++) {
    const home = freshHome();
    ok(kctl(home, 'create service clusterip big --tcp=80'));
    ok(kctl(home, 'create deployment big --image=nginx --replicas=150'));
    assert.deepEqual(sliceSizes(home, 'big'), [150], `run ${i}`);
    ok(kctl(home, 'scale deployment big --replicas=200'));
    assert.deepEqual(sliceSizes(home, 'big'), [200], `run ${i}`);
    ok(kctl(home, 'scale deployment big --replicas=20'));
    assert.deepEqual(sliceSizes(home, 'big'), [20], `run ${i}`);
  }
});

test('endpointslices: with a smaller maximum, slices fill up to it before another is made', () => {
  const cfg = tmpFile('kind.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n- role: worker\nkctl:\n  maxEndpointsPerSlice: 100\n');
  for (let i = 0; i < 2; i++) {
    const home = freshHome();
    ok(kctl(home, ['cluster', 'create', 'small', '--config', cfg]));
    ok(kctl(home, 'create deployment big --image=nginx --replicas=150'));
    ok(kctl(home, 'create service clusterip big --tcp=80'));
    assert.deepEqual(sliceSizes(home, 'big'), [100, 50], `run ${i}`);
    // 30 more: the slice that is not full takes them all
    ok(kctl(home, 'scale deployment big --replicas=180'));
    assert.deepEqual(sliceSizes(home, 'big'), [100, 80], `run ${i}`);
    // 30 more (two workers hold 216 pods): existing slices fill up to the maximum before another is made
    ok(kctl(home, 'scale deployment big --replicas=210'));
    assert.deepEqual(sliceSizes(home, 'big'), [100, 100, 10], `run ${i}`);
    const total = sliceSizes(home, 'big').reduce((a, b) => a + b, 0);
    assert.equal(total, 210);
  }
});

test('config with no subcommand: kubectl config\'s help on stderr, nothing on stdout, exit 1', () => {
  const home = freshHome();
  const r = kctl(home, ['config']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, golden('config-help.kubectl.txt').replaceAll('kubectl ', 'kctl '));
  const bad = kctl(home, ['config', 'bogus']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr, 'error: unknown command "bogus"\nSee \'kctl config -h\' for help and examples\n');
  // the subcommands still work
  ok(kctl(home, 'get nodes'));
  assert.equal(ok(kctl(home, ['config', 'current-context'])).stdout, 'kctl-kctl\n');
});

test('cluster with no subcommand: its help on stderr, exit 1; delete lists every node as kind does', () => {
  const home = freshHome();
  const r = kctl(home, ['cluster']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Create, delete and list simulated clusters \(as kind does\)\.\n\nAvailable Commands:\n  backup      .*\n  create      .*\n  delete      .*\n  list        .*\n  restore     .*\n\nUsage:\n  kctl cluster SUBCOMMAND \[options\]\n/);
  const bad = kctl(home, ['cluster', 'bogus']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'error: unknown command "bogus"\nSee \'kctl cluster -h\' for help and examples\n');

  ok(kctl(home, 'get nodes'));
  const d = ok(kctl(home, 'cluster delete'));
  assert.equal(d.stdout, '');
  assert.equal(d.stderr, 'Deleting cluster "kctl" ...\nDeleted nodes: ["kctl-control-plane" "kctl-worker" "kctl-worker2"]\n');

  const cfg = tmpFile('two.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n');
  ok(kctl(home, ['cluster', 'create', 'two', '--config', cfg]));
  assert.equal(ok(kctl(home, 'cluster delete two')).stderr, 'Deleting cluster "two" ...\nDeleted nodes: ["two-control-plane" "two-worker"]\n');
  // nothing to delete: kind says only that it is deleting
  assert.equal(ok(kctl(home, 'cluster delete two')).stderr, 'Deleting cluster "two" ...\n');
});

test('CSIDriver: the API server defaults its spec; get shows MODES Persistent', () => {
  const home = freshHome();
  const f = tmpFile('csi.yaml', 'apiVersion: storage.k8s.io/v1\nkind: CSIDriver\nmetadata:\n  name: hostpath.csi.k8s.io\nspec: {}\n---\n' +
    'apiVersion: storage.k8s.io/v1\nkind: CSIDriver\nmetadata:\n  name: inline.csi.k8s.io\nspec:\n  attachRequired: false\n  podInfoOnMount: true\n  fsGroupPolicy: File\n  volumeLifecycleModes: [Persistent, Ephemeral]\n');
  ok(kctl(home, ['apply', '-f', f]));
  const d = json(home, ['get', 'csidriver', 'hostpath.csi.k8s.io']);
  assert.deepEqual(d.spec, {
    attachRequired: true, podInfoOnMount: false, volumeLifecycleModes: ['Persistent'], storageCapacity: false,
    fsGroupPolicy: 'ReadWriteOnceWithFSType', requiresRepublish: false, seLinuxMount: false,
  });
  const e = json(home, ['get', 'csidriver', 'inline.csi.k8s.io']);
  assert.equal(e.spec.attachRequired, false);
  assert.equal(e.spec.podInfoOnMount, true);
  assert.equal(e.spec.fsGroupPolicy, 'File');
  assert.deepEqual(e.spec.volumeLifecycleModes, ['Persistent', 'Ephemeral']);
  const t = ok(kctl(home, 'get csidriver')).stdout;
  assert.match(t, /^NAME +ATTACHREQUIRED +PODINFOONMOUNT +STORAGECAPACITY +TOKENREQUESTS +REQUIRESREPUBLISH +MODES +AGE\n/);
  assert.match(t, /\nhostpath\.csi\.k8s\.io +true +false +false +<unset> +false +Persistent +\d+s\n/);
  assert.match(t, /\ninline\.csi\.k8s\.io +false +true +false +<unset> +false +Persistent,Ephemeral +\d+s\n/);
});

test('describe pdb: kubectl 1.33 layout (oracle golden)', () => {
  const home = freshHome();
  ok(kctl(home, 'sim freeze'));
  ok(kctl(home, 'create deployment web --image=nginx --replicas=3'));
  ok(kctl(home, 'create pdb p1 --selector=app=web --min-available=2'));
  ok(kctl(home, ['create', 'pdb', 'p2', '--selector=app=web,tier in (a,b)', '--max-unavailable=30%']));
  ok(kctl(home, ['apply', '-f', '-'], { input: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p3\nspec:\n  maxUnavailable: 1\n' }));
  // the oracle ran on the wall clock a moment later: event ages are masked (same width)
  const age = s => s.replace(/ (\d+s)( +)controllermanager/g, (_, a, sp) => ` ${'X'.repeat(a.length)}${sp}controllermanager`);
  for (const p of ['p1', 'p2', 'p3']) {
    const r = ok(kctl(home, ['describe', 'pdb', p]));
    assert.equal(age(r.stdout), age(golden(`describe-pdb-${p}.txt`)), p);
  }
  const none = kctl(home, 'describe pdb nope');
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'Error from server (NotFound): poddisruptionbudgets.policy "nope" not found\n');
});
