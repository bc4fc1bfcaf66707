// Storage: the default StorageClass and its local-path provisioner (WaitForFirstConsumer), the PV
// controller's binding of static volumes, Released / Failed / deleted volumes by reclaim policy, the
// protection finalizers, claims blocking pods with the scheduler's messages, and expansion rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const frozen = () => { const h = freshHome(); ok(h, 'sim freeze'); return h; };
const pvc = (name, extra = '', size = '1Gi') => tmpFile(`${name}.yaml`, `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}}\nspec:\n${extra}  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: ${size}}}\n`);
const podWith = (name, claim) => tmpFile(`${name}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - {name: c, image: nginx:1.25, volumeMounts: [{name: d, mountPath: /data}]}\n  volumes:\n  - {name: d, persistentVolumeClaim: {claimName: ${claim}}}\n`);
const pv = (name, extra, size = '5Gi') => tmpFile(`${name}.yaml`, `apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: ${name}}\nspec:\n  capacity: {storage: ${size}}\n  accessModes: [ReadWriteOnce]\n${extra}`);

test('the default class waits for a consumer, then the local-path provisioner makes a volume on the pod\'s node', () => {
  const h = frozen();
  assert.match(ok(h, 'get sc'), /^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\nstandard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\d+s\n$/);
  ok(h, ['apply', '-f', pvc('data')]);
  let c = json(h, 'get pvc data');
  assert.equal(c.spec.storageClassName, 'standard', 'DefaultStorageClass admission');
  assert.deepEqual(c.metadata.finalizers, ['kubernetes.io/pvc-protection']);
  assert.match(ok(h, 'get pvc data'), /\ndata\s+Pending\s+standard\s+<unset>\s+\d+s\n$/);
  assert.match(ok(h, 'describe pvc data'), /Normal\s+WaitForFirstConsumer\s+.+?\s+persistentvolume-controller\s+waiting for first consumer to be created before binding\n/);
  ok(h, ['apply', '-f', podWith('user', 'data')]);
  c = json(h, 'get pvc data');
  const p = json(h, 'get pod user');
  assert.equal(p.status.phase, 'Running');
  assert.equal(c.status.phase, 'Bound');
  assert.equal(c.metadata.annotations['volume.kubernetes.io/selected-node'], p.spec.nodeName);
  assert.equal(c.metadata.annotations['volume.kubernetes.io/storage-provisioner'], 'rancher.io/local-path');
  assert.equal(c.metadata.annotations['pv.kubernetes.io/bind-completed'], 'yes');
  assert.deepEqual(c.status, { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
  const v = json(h, `get pv ${c.spec.volumeName}`);
  assert.deepEqual(v.spec.claimRef.name, 'data');
  assert.equal(v.status.phase, 'Bound');
  assert.match(ok(h, 'get pvc data'), new RegExp(`\\ndata\\s+Bound\\s+${c.spec.volumeName}\\s+1Gi\\s+RWO\\s+standard\\s+<unset>\\s+\\d+s\\n$`));
  assert.match(ok(h, 'get pv'), new RegExp(`\\n${c.spec.volumeName}\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+default/data\\s+standard\\s+<unset>\\s+\\d+s\\n$`));
  const d = ok(h, 'describe pvc data');
  assert.match(d, /Normal\s+ExternalProvisioning\s+.+?\s+persistentvolume-controller\s+Waiting for a volume to be created either by the external provisioner 'rancher\.io\/local-path' or manually by the system administrator\. If volume creation is delayed, please verify that the provisioner is running and correctly registered\.\n/);
  assert.match(d, /Normal\s+Provisioning\s+.+?\s+rancher\.io\/local-path_local-path-provisioner-\w+-\w{5}_[0-9a-f-]{36}\s+External provisioner is provisioning volume for claim "default\/data"\n/);
  assert.match(d, new RegExp(`Normal\\s+ProvisioningSucceeded\\s+\\S+\\s+\\S+\\s+Successfully provisioned volume ${c.spec.volumeName}\\n`));
  assert.match(d, /\nUsed By:\s+user\n/);
  // protection: the claim in use stays Terminating until the pod is gone; then the volume (Delete) goes too
  ok(h, 'delete pvc data --wait=false');
  assert.match(ok(h, 'get pvc data'), /\ndata\s+Terminating\s+/);
  ok(h, 'delete pod user');
  assert.equal(kctl(h, 'get pvc data').code, 1);
  assert.equal(kctl(h, `get pv ${c.spec.volumeName}`).stderr, `Error from server (NotFound): persistentvolumes "${c.spec.volumeName}" not found\n`);
});

test('no provisioner running: claims wait, and are provisioned once it is back', () => {
  const h = frozen();
  ok(h, 'scale deploy local-path-provisioner -n local-path-storage --replicas=0');
  ok(h, 'sim advance 1m');
  ok(h, ['apply', '-f', pvc('data')]);
  ok(h, ['apply', '-f', podWith('user', 'data')]);
  assert.equal(json(h, 'get pvc data').status.phase, 'Pending');
  assert.equal(json(h, 'get pod user').status.phase, 'Pending');
  ok(h, 'scale deploy local-path-provisioner -n local-path-storage --replicas=1');
  assert.equal(json(h, 'get pvc data').status.phase, 'Bound');
  assert.equal(json(h, 'get pod user').status.phase, 'Running');
});

test('static volumes bind to matching claims; reclaim policies: Retain, Delete, Recycle', () => {
  const h = frozen();
  ok(h, ['apply', '-f', pv('small', '  storageClassName: manual\n  hostPath: {path: /mnt/small}\n', '1Gi')]);
  ok(h, ['apply', '-f', pv('big', '  storageClassName: manual\n  persistentVolumeReclaimPolicy: Retain\n  hostPath: {path: /mnt/data}\n')]);
  assert.match(ok(h, 'get pv big'), /\nbig\s+5Gi\s+RWO\s+Retain\s+Available\s+manual\s+<unset>\s+\d+s\n$/);
  // the smallest volume that fits
  ok(h, ['apply', '-f', pvc('claim', '  storageClassName: manual\n', '2Gi')]);
  const c = json(h, 'get pvc claim');
  assert.equal(c.spec.volumeName, 'big');
  assert.equal(c.metadata.annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
  const v = json(h, 'get pv big');
  assert.equal(v.metadata.annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
  assert.deepEqual(v.metadata.finalizers, ['kubernetes.io/pv-protection']);
  assert.deepEqual([v.spec.claimRef.kind, v.spec.claimRef.namespace, v.spec.claimRef.name, v.spec.claimRef.uid], ['PersistentVolumeClaim', 'default', 'claim', c.metadata.uid]);
  // a bound volume cannot go until its claim has gone
  ok(h, 'delete pv big --wait=false');
  assert.match(ok(h, 'get pv big'), /\nbig\s+5Gi\s+RWO\s+Retain\s+Terminating\s+default\/claim\s+/);
  ok(h, 'delete pvc claim');
  assert.equal(kctl(h, 'get pv big').code, 1);
  // Retain: Released, kept
  ok(h, ['apply', '-f', pv('kept', '  storageClassName: manual\n  persistentVolumeReclaimPolicy: Retain\n  hostPath: {path: /mnt/kept}\n')]);
  ok(h, ['apply', '-f', pvc('c2', '  storageClassName: manual\n', '2Gi')]);
  ok(h, 'delete pvc c2');
  assert.match(ok(h, 'get pv kept'), /\nkept\s+5Gi\s+RWO\s+Retain\s+Released\s+default\/c2\s+manual\s+/);
  // Delete: the in-tree deleter only removes hostPath volumes under /tmp
  ok(h, ['apply', '-f', pv('tmp', '  storageClassName: tmp\n  persistentVolumeReclaimPolicy: Delete\n  hostPath: {path: /tmp/data}\n')]);
  ok(h, ['apply', '-f', pv('mnt', '  storageClassName: mnt\n  persistentVolumeReclaimPolicy: Delete\n  hostPath: {path: /mnt/data}\n')]);
  ok(h, ['apply', '-f', pvc('c3', '  storageClassName: tmp\n')]);
  ok(h, ['apply', '-f', pvc('c4', '  storageClassName: mnt\n')]);
  ok(h, 'delete pvc c3 c4');
  assert.equal(kctl(h, 'get pv tmp').code, 1);
  assert.match(ok(h, 'get pv mnt'), /\nmnt\s+5Gi\s+RWO\s+Delete\s+Failed\s+default\/c4\s+mnt\s+/);
  assert.match(ok(h, 'describe pv mnt'), /\nMessage:\s+host_path deleter only supports \/tmp\/\.\+ but received provided \/mnt\/data\n/);
  // Recycle: back to Available
  ok(h, ['apply', '-f', pv('rec', '  storageClassName: rec\n  persistentVolumeReclaimPolicy: Recycle\n  hostPath: {path: /mnt/rec}\n')]);
  ok(h, ['apply', '-f', pvc('c5', '  storageClassName: rec\n')]);
  ok(h, 'delete pvc c5');
  assert.match(ok(h, 'get pv rec'), /\nrec\s+5Gi\s+RWO\s+Recycle\s+Available\s+rec\s+/);
  // a claim naming a volume binds to it; a claim with no class and nothing to bind says so
  ok(h, ['apply', '-f', pvc('pinned', '  storageClassName: rec\n  volumeName: rec\n')]);
  assert.equal(json(h, 'get pvc pinned').status.phase, 'Bound');
  assert.equal(json(h, 'get pvc pinned').metadata.annotations['pv.kubernetes.io/bound-by-controller'], undefined);
  ok(h, ['apply', '-f', pvc('none', '  storageClassName: ""\n')]);
  assert.match(ok(h, 'describe pvc none'), /Normal\s+FailedBinding\s+.+?\s+persistentvolume-controller\s+no persistent volumes available for this claim and no storage class is set\n/);
});

test('pods and their claims: the scheduler\'s messages; a volume pins its pod to the node', () => {
  const h = frozen();
  ok(h, ['apply', '-f', podWith('orphan', 'missing')]);
  assert.match(ok(h, 'describe pod orphan'), /Warning\s+FailedScheduling\s+.+?\s+default-scheduler\s+0\/3 nodes are available: persistentvolumeclaim "missing" not found\. preemption: 0\/3 nodes are available: 3 Preemption is not helpful for scheduling\.\n/);
  // a claim of a class that does not exist never binds: the pod waits for an unbound immediate claim
  ok(h, ['apply', '-f', pvc('missing', '  storageClassName: my-storage-class\n')]);
  assert.match(ok(h, 'describe pod orphan'), /0\/3 nodes are available: pod has unbound immediate PersistentVolumeClaims\. preemption: 0\/3 nodes are available: 3 Preemption is not helpful for scheduling\.\n/);
  assert.match(ok(h, 'describe pvc missing'), /Warning\s+ProvisioningFailed\s+.+?\s+persistentvolume-controller\s+storageclass\.storage\.k8s\.io "my-storage-class" not found\n/);
  // once the class exists (another name for local-path), the claim is provisioned and the pod runs
  ok(h, ['apply', '-f', tmpFile('sc.yaml', 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: my-storage-class}\nprovisioner: rancher.io/local-path\nvolumeBindingMode: WaitForFirstConsumer\nallowVolumeExpansion: true\n')]);
  assert.equal(json(h, 'get pod orphan').status.phase, 'Running');
  const node = json(h, 'get pod orphan').spec.nodeName;
  // a new pod of the same claim goes to the same node
  ok(h, 'delete pod orphan');
  ok(h, ['apply', '-f', podWith('again', 'missing')]);
  assert.equal(json(h, 'get pod again').spec.nodeName, node);
  // expansion: allowed by this class, but local-path cannot resize: an external controller is awaited
  ok(h, ['patch', 'pvc', 'missing', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
  assert.match(ok(h, 'describe pvc missing'), /Normal\s+ExternalExpanding\s+.+?\s+volume_expand\s+waiting for an external controller to expand this PVC\n/);
  assert.equal(json(h, 'get pvc missing').status.capacity.storage, '1Gi');
  // the default class does not allow expansion
  ok(h, ['apply', '-f', pvc('std')]);
  ok(h, ['apply', '-f', podWith('std-user', 'std')]);
  const r = kctl(h, ['patch', 'pvc', 'std', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (Forbidden): persistentvolumeclaims "std" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize\n');
  const s = kctl(h, ['patch', 'pvc', 'std', '-p', '{"spec":{"resources":{"requests":{"storage":"500Mi"}}}}']);
  assert.equal(s.stderr, 'The PersistentVolumeClaim "std" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity\n');
});
