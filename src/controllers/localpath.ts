// The local-path provisioner kind installs (rancher.io/local-path, run by the local-path-provisioner
// Deployment in local-path-storage; sigs.k8s.io/sig-storage-lib-external-provisioner around it): for a claim
// the PV controller handed to it (volume.kubernetes.io/storage-provisioner) and the scheduler placed
// (volume.kubernetes.io/selected-node), it creates a hostPath volume `pvc-<claim uid>` under
// /var/local-path-provisioner on that node, pinned there by node affinity; a Released volume it
// provisioned with reclaim policy Delete it deletes. It works only while its pod is Running and Ready.
// (The real one runs a helper pod to create and remove the directory; the files are the runtime's.)
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { isPodReady } from './replicaset';
import { ANN, pvRi, pvcRi, scRi, claimClass } from './persistentvolume';
import { controllerEvent } from './recorder';

const NAME = 'local-path-provisioner';
export const LOCAL_PATH = 'rancher.io/local-path';
const NS = 'local-path-storage';
const BASE = '/var/local-path-provisioner';
const SUPPORTED = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

/** The provisioner's running pod, if any (its name is part of the events' source). */
function provisionerPod(rt: Runtime): KObject | undefined {
  return rt.api.list(byGroupResource('', 'pods')!, NS).find(p => p.metadata.labels?.app === 'local-path-provisioner'
    && p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp);
}
function identity(rt: Runtime, pod: KObject): string {
  const k = `localpath/identity/${pod.metadata.uid}`;
  let id = rt.store.getMeta(k);
  if (!id) { id = rt.rng.uuid(); rt.store.setMeta(k, id); }
  return `${LOCAL_PATH}_${pod.metadata.name}_${id}`;
}

function provision(rt: Runtime, c: KObject, pod: KObject): void {
  const source = { component: identity(rt, pod) };
  const ev = (type: 'Normal' | 'Warning', reason: string, msg: string) => controllerEvent(rt, c, type, reason, msg, source);
  const ns = c.metadata.namespace!, name = c.metadata.name!;
  const pvName = `pvc-${c.metadata.uid}`;
  if (rt.api.tryGet(pvRi(), undefined, pvName)) return;
  const cls = claimClass(c);
  const sc = rt.api.tryGet(scRi(), undefined, cls);
  if (!sc) return;
  ev('Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${name}"`);
  const node = c.metadata.annotations?.[ANN.selectedNode];
  const fail = (msg: string) => ev('Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${cls}": ${msg}`);
  if (!node) { fail('configuration error, no node was specified'); return; }
  if ((c.spec?.accessModes ?? []).some((m: string) => !SUPPORTED.has(m))) { fail('NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access mode'); return; }
  if (c.spec?.selector) { fail('claim.Spec.Selector is not supported'); return; }
  const nodeObj = rt.api.tryGet(byGroupResource('', 'nodes')!, undefined, node);
  const hostname = nodeObj?.metadata.labels?.['kubernetes.io/hostname'] ?? node;
  const pv: KObject = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: pvName, annotations: { 'local.path.provisioner/selected-node': node, [ANN.provisionedBy]: LOCAL_PATH } },
    spec: {
      accessModes: [...(c.spec?.accessModes ?? [])],
      capacity: { storage: c.spec?.resources?.requests?.storage },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace: ns, resourceVersion: c.metadata.resourceVersion, uid: c.metadata.uid },
      hostPath: { path: `${BASE}/${pvName}_${ns}_${name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [hostname] }] }] } },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: cls,
      volumeMode: 'Filesystem',
    },
  };
  try { rt.api.create(pv); } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    fail(e.message);
    return;
  }
  ev('Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
}

function reconcile(key: string, rt: Runtime): void {
  try {
    if (key === 'all') {
      for (const c of rt.api.list(pvcRi(), undefined)) if (wants(c)) rt.enqueueFor(NAME, `claim/${c.metadata.namespace}/${c.metadata.name}`);
      for (const v of rt.api.list(pvRi(), undefined)) if (releasedOurs(v)) rt.enqueueFor(NAME, `volume/${v.metadata.name}`);
      return;
    }
    const pod = provisionerPod(rt);
    if (!pod) return;
    if (key.startsWith('claim/')) {
      const [, ns, name] = key.split('/');
      const c = rt.api.tryGet(pvcRi(), ns, name!);
      if (c && wants(c)) provision(rt, c, pod);
    } else {
      const v = rt.api.tryGet(pvRi(), undefined, key.slice(7));
      if (v && releasedOurs(v)) rt.api.delete(pvRi(), undefined, v.metadata.name!, {});
    }
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    if (process.env.KCTL_DEBUG) process.stderr.write(`local-path ${key}: ${e.message}\n`);
  }
}

const wants = (c: KObject) => !c.spec?.volumeName && !c.metadata.deletionTimestamp
  && (c.metadata.annotations?.[ANN.storageProvisioner] ?? c.metadata.annotations?.[ANN.betaStorageProvisioner]) === LOCAL_PATH;
const releasedOurs = (v: KObject) => v.metadata.annotations?.[ANN.provisionedBy] === LOCAL_PATH
  && v.status?.phase === 'Released' && v.spec?.persistentVolumeReclaimPolicy === 'Delete' && !v.metadata.deletionTimestamp;

export const localPathProvisioner: Controller = {
  name: NAME,
  kinds: ['PersistentVolumeClaim', 'PersistentVolume', 'Pod'],
  onEvent(ev, enqueue) {
    const { ri, obj } = ev;
    if (ri.group !== '') return;
    if (ri.kind === 'PersistentVolumeClaim' && ev.type !== 'DELETED' && wants(obj)) enqueue(`claim/${obj.metadata.namespace}/${obj.metadata.name}`);
    else if (ri.kind === 'PersistentVolume' && ev.type !== 'DELETED' && releasedOurs(obj)) enqueue(`volume/${obj.metadata.name}`);
    else if (ri.kind === 'Pod' && obj.metadata.namespace === NS && obj.metadata.labels?.app === 'local-path-provisioner'
      && ev.type !== 'DELETED' && isPodReady(obj) && !(ev.old && isPodReady(ev.old))) enqueue('all');
  },
  reconcile,
};
