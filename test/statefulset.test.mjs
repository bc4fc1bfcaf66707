// StatefulSets: ordinal identity, ordered creation and deletion, claims from volumeClaimTemplates (reuse on
// scale-up, the retention policy), partitioned rolling updates, OnDelete, ControllerRevisions and rollout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const names = (h, args) => ok(h, [...args.split(' '), '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter(Boolean);
const frozen = () => { const h = freshHome(); ok(h, 'sim freeze'); return h; };

function sts({ name = 'web', replicas = 3, extra = '', podExtra = '', container = '', claims = true, policy = '' } = {}) {
  return tmpFile('sts.yaml', `apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}}
spec:
  serviceName: nginx
  replicas: ${replicas}
  selector: {matchLabels: {app: nginx}}
${extra}${policy}  template:
    metadata: {labels: {app: nginx}}
    spec:
${podExtra}      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
${container}        ports: [{containerPort: 80, name: web}]
${claims ? `        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
` : ''}`);
}

test('ordinal identity: names, hostname, subdomain, labels, generateName, claim volumes, ordinals.start', () => {
  const h = frozen();
  ok(h, ['apply', '-f', sts({ replicas: 2 })]);
  const p = json(h, 'get pod web-1');
  assert.equal(p.spec.hostname, 'web-1');
  assert.equal(p.spec.subdomain, 'nginx');
  assert.equal(p.metadata.generateName, 'web-');
  assert.equal(p.metadata.labels['statefulset.kubernetes.io/pod-name'], 'web-1');
  assert.equal(p.metadata.labels['apps.kubernetes.io/pod-index'], '1');
  const set = json(h, 'get sts web');
  assert.equal(p.metadata.labels['controller-revision-hash'], set.status.updateRevision);
  assert.match(set.status.updateRevision, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.deepEqual(p.spec.volumes[0], { name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
  assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(set.status, { availableReplicas: 2, collisionCount: 0, currentReplicas: 2, currentRevision: set.status.updateRevision, observedGeneration: 1,
    readyReplicas: 2, replicas: 2, updateRevision: set.status.updateRevision, updatedReplicas: 2 });
  // the revision: the template as a patch, owned by the set
  const cr = json(h, `get controllerrevision ${set.status.updateRevision}`);
  assert.equal(cr.revision, 1);
  assert.equal(cr.data.spec.template.$patch, 'replace');
  assert.equal(cr.metadata.labels['controller.kubernetes.io/hash'], set.status.updateRevision.slice(4));
  assert.match(ok(h, 'get controllerrevisions'), new RegExp(`\\n${set.status.updateRevision}\\s+statefulset.apps/web\\s+1\\s+`));
  // start ordinal
  ok(h, ['apply', '-f', sts({ name: 'five', replicas: 2, extra: '  ordinals: {start: 5}\n', claims: false })]);
  assert.deepEqual(names(h, 'get pods -l statefulset.kubernetes.io/pod-name'), ['five-5', 'five-6', 'web-0', 'web-1']);
});

test('OrderedReady creates one pod at a time and deletes in reverse order; Parallel does not wait', () => {
  const h = frozen();
  // each pod becomes Ready 10s after it starts (nginx answers its probe on 80), and takes its whole grace
  // period (30s) to stop (a shell as PID 1 ignores SIGTERM; nginx runs as its child)
  ok(h, ['apply', '-f', sts({ claims: false, container: '        command: [sh, -c, "nginx -g \'daemon off;\' & sleep 3600"]\n        readinessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 10}\n' })]);
  assert.deepEqual(names(h, 'get pods'), ['web-0']);
  assert.match(ok(h, 'get pods'), /\nweb-0\s+0\/1\s+Running\s+/);
  assert.match(ok(h, ['rollout', 'status', 'sts/web', '--watch=false']), /^Waiting for 3 pods to be ready\.\.\.\n$/);
  ok(h, 'sim advance 10s');
  assert.deepEqual(names(h, 'get pods'), ['web-0', 'web-1']);
  ok(h, 'sim advance 10s');
  assert.deepEqual(names(h, 'get pods'), ['web-0', 'web-1', 'web-2']);
  ok(h, 'sim advance 10s');
  assert.match(ok(h, 'get sts web'), /\nweb\s+3\/3\s+/);
  assert.equal(ok(h, ['rollout', 'status', 'sts/web']), 'partitioned roll out complete: 3 new pods have been updated...\n');
  // scale down: the highest ordinal goes first, and the next waits until it is gone
  ok(h, 'scale sts web --replicas=1');
  let table = ok(h, 'get pods');
  assert.match(table, /\nweb-2\s+\d\/1\s+Terminating\s+/);
  assert.match(table, /\nweb-1\s+1\/1\s+Running\s+/);
  ok(h, 'sim advance 30s');
  table = ok(h, 'get pods');
  assert.doesNotMatch(table, /web-2/);
  assert.match(table, /\nweb-1\s+\d\/1\s+Terminating\s+/);
  ok(h, 'sim advance 30s');
  assert.deepEqual(names(h, 'get pods'), ['web-0']);
  const ev = ok(h, 'get events --field-selector involvedObject.kind=StatefulSet');
  assert.match(ev, /SuccessfulDelete\s+statefulset\/web\s+delete Pod web-2 in StatefulSet web successful/);
  assert.match(ev, /SuccessfulCreate\s+statefulset\/web\s+create Pod web-0 in StatefulSet web successful/);
  // Parallel: all at once
  const p = frozen();
  ok(p, ['apply', '-f', sts({ claims: false, extra: '  podManagementPolicy: Parallel\n', container: '        readinessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 10}\n' })]);
  assert.deepEqual(names(p, 'get pods'), ['web-0', 'web-1', 'web-2']);
}, { timeout: 120_000 });

test('claims: one per pod, Bound through the default class, kept on scale-down and reused on scale-up', () => {
  const h = frozen();
  ok(h, ['apply', '-f', sts()]);
  const pvcs = json(h, 'get pvc').items;
  assert.deepEqual(pvcs.map(c => [c.metadata.name, c.status.phase, c.spec.storageClassName, c.metadata.labels.app]),
    [['www-web-0', 'Bound', 'standard', 'nginx'], ['www-web-1', 'Bound', 'standard', 'nginx'], ['www-web-2', 'Bound', 'standard', 'nginx']]);
  const vol1 = pvcs[1].spec.volumeName;
  assert.equal(vol1, `pvc-${pvcs[1].metadata.uid}`);
  // a local-path volume on the pod's node
  const pv = json(h, `get pv ${vol1}`);
  const node = json(h, 'get pod web-1').spec.nodeName;
  assert.deepEqual(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0], { key: 'kubernetes.io/hostname', operator: 'In', values: [node] });
  assert.equal(pv.spec.hostPath.path, `/var/local-path-provisioner/${vol1}_default_www-web-1`);
  assert.equal(pv.metadata.annotations['pv.kubernetes.io/provisioned-by'], 'rancher.io/local-path');
  assert.equal(pvcs[1].metadata.annotations['volume.kubernetes.io/selected-node'], node);
  assert.deepEqual(pvcs[1].metadata.finalizers, ['kubernetes.io/pvc-protection']);
  assert.equal(pvcs[1].metadata.ownerReferences, undefined, 'Retain/Retain: no owner');
  ok(h, 'scale sts web --replicas=1');
  ok(h, 'sim advance 2m');
  assert.deepEqual(names(h, 'get pvc'), ['www-web-0', 'www-web-1', 'www-web-2']);
  ok(h, 'scale sts web --replicas=2');
  assert.equal(json(h, 'get pvc www-web-1').spec.volumeName, vol1);
  assert.equal(json(h, 'get pod web-1').spec.nodeName, node, 'the volume pins the pod to its node');
  // deleting the set leaves the claims (and their volumes) behind
  ok(h, 'delete sts web');
  ok(h, 'sim advance 2m');
  assert.deepEqual(names(h, 'get pods'), []);
  assert.deepEqual(names(h, 'get pvc'), ['www-web-0', 'www-web-1', 'www-web-2']);
  // deleting a claim: its volume (reclaim policy Delete) goes with it
  ok(h, 'delete pvc www-web-2');
  assert.equal(kctl(h, 'get pv').stdout.split('\n').filter(l => l.includes('www-web-2')).length, 0);
}, { timeout: 120_000 });

test('persistentVolumeClaimRetentionPolicy: whenScaled and whenDeleted Delete remove the claims', () => {
  const h = frozen();
  ok(h, ['apply', '-f', sts({ policy: '  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Delete}\n' })]);
  const set = json(h, 'get sts web');
  const c0 = json(h, 'get pvc www-web-0');
  assert.deepEqual(c0.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  ok(h, 'scale sts web --replicas=1');
  ok(h, 'sim advance 2m');
  assert.deepEqual(names(h, 'get pods'), ['web-0']);
  assert.deepEqual(names(h, 'get pvc'), ['www-web-0']);
  // scaling up again makes a new claim (and volume) for web-1
  ok(h, 'scale sts web --replicas=2');
  assert.equal(json(h, 'get pvc www-web-1').status.phase, 'Bound');
  ok(h, 'delete sts web');
  ok(h, 'sim advance 2m');
  assert.deepEqual(names(h, 'get pvc'), []);
  assert.deepEqual(names(h, 'get pv'), []);
}, { timeout: 120_000 });

test('RollingUpdate with a partition, then all the way, in reverse ordinal order; rollout history and undo', () => {
  const h = frozen();
  ok(h, ['apply', '-f', sts({ claims: false, extra: '  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}\n' })]);
  const rev1 = json(h, 'get sts web').status.currentRevision;
  ok(h, 'set image sts/web nginx=registry.k8s.io/nginx-slim:0.24');
  ok(h, 'sim advance 1m');
  const img = n => json(h, `get pod ${n}`).spec.containers[0].image;
  assert.deepEqual(['web-0', 'web-1', 'web-2'].map(img), ['registry.k8s.io/nginx-slim:0.8', 'registry.k8s.io/nginx-slim:0.8', 'registry.k8s.io/nginx-slim:0.24']);
  let st = json(h, 'get sts web').status;
  assert.notEqual(st.updateRevision, st.currentRevision);
  assert.equal(st.currentRevision, rev1);
  assert.deepEqual([st.currentReplicas, st.updatedReplicas], [2, 1]);
  assert.equal(ok(h, ['rollout', 'status', 'sts/web']), 'partitioned roll out complete: 1 new pods have been updated...\n');
  // a pod below the partition that is deleted comes back at the current revision
  ok(h, 'delete pod web-0');
  ok(h, 'sim advance 1m');
  assert.equal(img('web-0'), 'registry.k8s.io/nginx-slim:0.8');
  ok(h, ['patch', 'sts', 'web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}']);
  ok(h, 'sim advance 2m');
  assert.deepEqual(['web-0', 'web-1', 'web-2'].map(img), Array(3).fill('registry.k8s.io/nginx-slim:0.24'));
  st = json(h, 'get sts web').status;
  assert.equal(st.currentRevision, st.updateRevision);
  const ev = ok(h, 'get events --field-selector involvedObject.kind=StatefulSet --sort-by=.metadata.creationTimestamp');
  const deletes = [...ev.matchAll(/delete Pod (web-\d)/g)].map(m => m[1]);
  assert.deepEqual(deletes, ['web-2', 'web-1', 'web-0'], 'update order: 2 (above the partition), then 1 and 0');
  const hist = ok(h, 'rollout history sts/web');
  assert.equal(hist, 'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  assert.equal(ok(h, 'rollout undo sts/web'), 'statefulset.apps/web rolled back\n');
  ok(h, 'sim advance 2m');
  assert.deepEqual(['web-0', 'web-1', 'web-2'].map(img), Array(3).fill('registry.k8s.io/nginx-slim:0.8'));
  // the old revision is reused with a new number
  assert.equal(ok(h, 'rollout history sts/web'), 'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  assert.equal(json(h, 'get sts web').status.updateRevision, rev1);
}, { timeout: 120_000 });

test('OnDelete: the template changes, the pods only when deleted; maxUnavailable is dropped (alpha in 1.33)', () => {
  const h = frozen();
  ok(h, ['apply', '-f', sts({ replicas: 2, claims: false, extra: '  updateStrategy: {type: OnDelete}\n' })]);
  ok(h, 'set image sts/web nginx=registry.k8s.io/nginx-slim:0.24');
  ok(h, 'sim advance 1m');
  const img = n => json(h, `get pod ${n}`).spec.containers[0].image;
  assert.deepEqual(['web-0', 'web-1'].map(img), Array(2).fill('registry.k8s.io/nginx-slim:0.8'));
  ok(h, 'delete pod web-1');
  ok(h, 'sim advance 1m');
  assert.deepEqual(['web-0', 'web-1'].map(img), ['registry.k8s.io/nginx-slim:0.8', 'registry.k8s.io/nginx-slim:0.24']);
  const r = kctl(h, ['rollout', 'status', 'sts/web']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: rollout status is only available for RollingUpdate strategy type\n');
  const h2 = frozen();
  ok(h2, ['apply', '-f', sts({ replicas: 1, claims: false, extra: '  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}\n' })]);
  assert.deepEqual(json(h2, 'get sts web').spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
});

test('forced rollback: a broken update blocks OrderedReady; reverting the template needs the broken pod deleted', () => {
  const h = frozen();
  ok(h, ['apply', '-f', sts({ claims: false })]);
  ok(h, 'set image sts/web nginx=registry.k8s.io/nginx-slim:0.99');
  ok(h, 'sim advance 1m');
  const st = () => ok(h, 'get pods --no-headers').trim().split('\n').map(l => l.split(/\s+/).slice(0, 3).join(' '));
  assert.deepEqual(st(), ['web-0 1/1 Running', 'web-1 1/1 Running', 'web-2 0/1 ImagePullBackOff']);
  // back to the good image: web-2 is still at the broken revision, not Ready, and nothing moves
  ok(h, 'set image sts/web nginx=registry.k8s.io/nginx-slim:0.8');
  ok(h, 'sim advance 2m');
  assert.equal(json(h, 'get pod web-2').spec.containers[0].image, 'registry.k8s.io/nginx-slim:0.99');
  assert.match(ok(h, ['rollout', 'status', 'sts/web', '--watch=false']), /^Waiting for 1 pods to be ready\.\.\.\n$/);
  // the documented fix: delete the pod that was created from the bad configuration
  ok(h, 'delete pod web-2');
  ok(h, 'sim advance 1m');
  assert.deepEqual(st(), ['web-0 1/1 Running', 'web-1 1/1 Running', 'web-2 1/1 Running']);
  assert.equal(json(h, 'get pod web-2').spec.containers[0].image, 'registry.k8s.io/nginx-slim:0.8');
}, { timeout: 120_000 });
