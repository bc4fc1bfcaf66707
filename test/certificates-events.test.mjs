// certificate approve|deny with CertificateSigningRequests, and kctl events (--for, --types, -A, -o).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT, tmpFile } from './helpers.mjs';

const G = path.join(ROOT, 'test/golden/certificates');
const ok = r => { assert.equal(r.code, 0, r.stderr); return r; };

test('a CSR: created Pending with the requesting user, described as kubectl describes it, approved, then deny refused', () => {
  const h = freshHome();
  assert.equal(ok(kctl(h, ['create', '-f', path.join(G, 'csr.yaml')])).stdout, 'certificatesigningrequest.certificates.k8s.io/john created\n');
  assert.match(ok(kctl(h, 'get csr')).stdout, /^NAME   AGE   SIGNERNAME +REQUESTOR +REQUESTEDDURATION   CONDITION\njohn   \d+s +kubernetes\.io\/kube-apiserver-client   kubernetes-admin   24h +Pending\n$/);
  const want = fs.readFileSync(path.join(G, 'describe-john.kubectl.txt'), 'utf8');
  const got = ok(kctl(h, 'describe csr john')).stdout;
  const noTime = t => t.replace(/^CreationTimestamp:.*$/m, 'CreationTimestamp:');
  assert.equal(noTime(got), noTime(want));
  assert.equal(ok(kctl(h, 'certificate approve john')).stdout, 'certificatesigningrequest.certificates.k8s.io/john approved\n');
  const csr = JSON.parse(ok(kctl(h, 'get csr john -o json')).stdout);
  const [c] = csr.status.conditions;
  assert.deepEqual({ ...c, lastUpdateTime: 'T', lastTransitionTime: 'T' }, { type: 'Approved', status: 'True', reason: 'KubectlApprove',
    message: 'This CSR was approved by kubectl certificate approve.', lastUpdateTime: 'T', lastTransitionTime: 'T' });
  assert.match(c.lastTransitionTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // approving again changes nothing and still says approved
  assert.equal(ok(kctl(h, 'certificate approve john')).stdout, 'certificatesigningrequest.certificates.k8s.io/john approved\n');
  assert.equal(JSON.parse(ok(kctl(h, 'get csr john -o json')).stdout).status.conditions.length, 1);
  const deny = kctl(h, 'certificate deny john');
  assert.equal(deny.code, 1);
  assert.equal(deny.stderr, 'error: certificate signing request "john" is already Approved\n');
  assert.match(ok(kctl(h, 'get csr')).stdout, / Approved\n$/);
  const none = kctl(h, 'certificate approve');
  assert.equal(none.stderr, 'error: one or more CSRs must be specified as <name> or -f <filename>\n');
  const missing = kctl(h, 'certificate deny nope');
  assert.equal(missing.stderr, 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found\n');
});

test('a CSR whose request is not a PEM certificate request is refused as the API server refuses it', () => {
  const h = freshHome();
  const bad = fs.readFileSync(path.join(G, 'csr.yaml'), 'utf8').replace(/request: .*/, 'request: Zm9v').replace(/  usages:\n  - client auth\n/, '');
  const f = path.join(fs.mkdtempSync(path.join(ROOT, 'test', '.tmp-')), 'bad.yaml');
  fs.writeFileSync(f, bad);
  const r = kctl(h, ['create', '-f', f]);
  fs.rmSync(path.dirname(f), { recursive: true });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'The CertificateSigningRequest "john" is invalid: \n* spec.request: Invalid value: []byte{0x66, 0x6f, 0x6f}: PEM block type must be CERTIFICATE REQUEST\n* spec.usages: Required value\n');
});

test('events: oldest first, --for, --types, -A, -o name, and the empty messages', () => {
  const h = freshHome();
  ok(kctl(h, 'create deployment web --image=nginx'));
  const all = ok(kctl(h, 'events')).stdout.split('\n');
  assert.match(all[0], /^LAST SEEN   TYPE     REASON +OBJECT +MESSAGE$/);
  // (the nodes' own events come first: Starting, NodeReady… are older)
  assert.ok(all.some(l => /^\d+s +Normal +ScalingReplicaSet +deployment\/web +Scaled up replica set web-[a-z0-9]+ from 0 to 1$/.test(l)), all.join('\n'));
  const forDeploy = ok(kctl(h, 'events --for deployment/web')).stdout;
  assert.match(forDeploy, /^LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n\d+s +Normal   ScalingReplicaSet   deployment\/web   Scaled up replica set web-\w+ from 0 to 1\n$/);
  const warn = kctl(h, 'events --types=Warning');
  assert.equal(warn.stdout, '');
  assert.equal(warn.stderr, 'No events found in default namespace.\n');
  assert.equal(kctl(h, 'events -n nowhere -A --types=warning').stderr, 'No events found.\n');
  assert.match(ok(kctl(h, 'events -A')).stdout, /^NAMESPACE +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n/);
  assert.match(ok(kctl(h, 'events -o name')).stdout, /^event\/web-/m);
  const list = JSON.parse(ok(kctl(h, 'events -o json')).stdout);
  assert.equal(list.kind, 'EventList');
  assert.equal(kctl(h, 'events --types=foo').stderr, 'error: valid --types are Normal or Warning\n');
  assert.equal(kctl(h, 'events --for=pod').stderr, 'error: --for must be in resource/name form\n');
  assert.equal(kctl(h, 'events --for=pod/a/b').stderr, 'error: arguments in resource/name form may not have more than one slash\n');
  assert.match(kctl(h, 'events -o wide').stderr, /^error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,/);
});

test('events.k8s.io/v1 Events are the core Events in their other form (one store, as kube-apiserver keeps it)', () => {
  const home = freshHome();
  const v1 = JSON.parse(kctl(home, 'get events.v1.events.k8s.io -n default -o json').stdout).items;
  assert.ok(v1.length > 0);
  const starting = v1.find(e => e.reason === 'Starting' && e.regarding?.kind === 'Node');
  assert.equal(starting.apiVersion, 'events.k8s.io/v1');
  assert.equal(starting.note, 'Starting kubelet.');
  assert.equal(starting.reportingController, 'kubelet');
  assert.equal(starting.involvedObject, undefined);
  const f = tmpFile('ev.yaml', 'apiVersion: events.k8s.io/v1\nkind: Event\nmetadata: {name: e1, namespace: default}\neventTime: "2026-12-07T01:00:00.000000Z"\nreportingController: me/ctl\nreportingInstance: me-1\naction: Doing\nreason: Tested\ntype: Normal\nnote: hello\nregarding: {kind: Pod, name: x, namespace: default}\n');
  assert.equal(kctl(home, ['create', '-f', f]).stdout, 'event.events.k8s.io/e1 created\n');
  const core = JSON.parse(kctl(home, 'get event e1 -o json').stdout);
  assert.deepEqual([core.apiVersion, core.message, core.involvedObject.name, core.reportingComponent, core.note], ['v1', 'hello', 'x', 'me/ctl', undefined]);
  assert.equal(kctl(home, ['get', 'events.v1.events.k8s.io', 'e1', '-o', 'jsonpath={.note} {.regarding.name} {.reportingController}']).stdout, 'hello x me/ctl');
});
