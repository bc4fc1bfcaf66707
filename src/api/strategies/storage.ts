// PersistentVolume, PersistentVolumeClaim (core/v1) and StorageClass (storage.k8s.io/v1).
import type { Strategy } from './types';
import type { FieldError } from '../errors';
import { semanticEqual } from './common';
import { isQuantity, parseQuantity } from '../../util/quantity';
import type { KObject } from '../types';
import type { APIServer } from '../server';
import { byGroupResource } from '../discovery';
import { forbidden } from '../errors';

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
/** The DefaultStorageClass admission plugin's pick: the newest class marked default (name breaks ties). */
function defaultClass(api: APIServer): KObject | undefined {
  const ri = byGroupResource('storage.k8s.io', 'storageclasses');
  if (!ri) return undefined;
  const defs = api.list(ri, undefined).filter(c => c.metadata.annotations?.[DEFAULT_CLASS] === 'true' || c.metadata.annotations?.[BETA_DEFAULT_CLASS] === 'true');
  defs.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name! < b.metadata.name! ? -1 : 1));
  return defs[0];
}
/** StorageObjectInUseProtection admission: the protection finalizer on every new claim and volume. */
function protect(o: KObject, finalizer: string): void {
  const f = o.metadata.finalizers ?? [];
  if (!f.includes(finalizer)) o.metadata.finalizers = [...f, finalizer];
}

const ACCESS = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const ACCESS_MSG = `supported values: ${ACCESS.map(a => `"${a}"`).join(', ')}`;
const PV_SOURCES = ['gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
  'scaleIO', 'local', 'storageos', 'csi'];

export function defaultPVCSpec(s: any): void {
  s.volumeMode ??= 'Filesystem';
}
function validateAccessModes(modes: unknown, path: string, required: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = Array.isArray(modes) ? modes : [];
  if (!list.length) errs.push({ field: path, type: 'Required', detail: required || undefined });
  for (const m of list) if (!ACCESS.includes(m)) errs.push({ field: path, type: 'NotSupported', value: m, detail: ACCESS_MSG });
  if (list.includes('ReadWriteOncePod') && list.length > 1)
    errs.push({ field: path, type: 'Forbidden', detail: 'may not use ReadWriteOncePod with other access modes' });
  return errs;
}
function validateVolumeMode(v: unknown, path: string): FieldError[] {
  return v !== undefined && v !== 'Filesystem' && v !== 'Block'
    ? [{ field: path, type: 'NotSupported', value: v, detail: 'supported values: "Block", "Filesystem"' }] : [];
}

export const persistentVolumeStrategy: Strategy = {
  prepareForCreate(o) {
    const s = (o.spec ??= {});
    s.persistentVolumeReclaimPolicy ??= 'Retain';
    s.volumeMode ??= 'Filesystem';
    o.status = { phase: 'Pending' };
    protect(o, 'kubernetes.io/pv-protection');
  },
  prepareForUpdate(o) {
    const s = (o.spec ??= {});
    s.persistentVolumeReclaimPolicy ??= 'Retain';
    s.volumeMode ??= 'Filesystem';
  },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    errs.push(...validateAccessModes(s.accessModes, 'spec.accessModes', ''));
    const cap = s.capacity ?? {};
    if (!Object.keys(cap).length) errs.push({ field: 'spec.capacity', type: 'Required' });
    else if (!('storage' in cap) || Object.keys(cap).length > 1)
      errs.push({ field: 'spec.capacity', type: 'NotSupported', value: cap, detail: 'supported values: "storage"' });
    for (const [k, v] of Object.entries(cap)) {
      if (!isQuantity(v)) errs.push({ field: `spec.capacity[${k}]`, type: 'Invalid', value: v, detail: 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'' });
      else if (Number.parseFloat(String(v)) <= 0) errs.push({ field: `spec.capacity[${k}]`, type: 'Invalid', value: v, detail: 'must be greater than zero' });
    }
    if (s.persistentVolumeReclaimPolicy && !['Delete', 'Recycle', 'Retain'].includes(s.persistentVolumeReclaimPolicy))
      errs.push({ field: 'spec.persistentVolumeReclaimPolicy', type: 'NotSupported', value: s.persistentVolumeReclaimPolicy, detail: 'supported values: "Delete", "Recycle", "Retain"' });
    const sources = PV_SOURCES.filter(k => s[k] != null);
    if (!sources.length) errs.push({ field: 'spec', type: 'Required', detail: 'must specify a volume type' });
    for (const k of sources.slice(1)) errs.push({ field: `spec.${k}`, type: 'Forbidden', detail: 'may not specify more than 1 volume type' });
    if (s.hostPath && !s.hostPath.path) errs.push({ field: 'spec.hostPath.path', type: 'Required' });
    if (s.nfs) {
      if (!s.nfs.server) errs.push({ field: 'spec.nfs.server', type: 'Required' });
      if (!s.nfs.path) errs.push({ field: 'spec.nfs.path', type: 'Required' });
    }
    if (s.local) {
      if (!s.local.path) errs.push({ field: 'spec.local.path', type: 'Required' });
      if (!s.nodeAffinity) errs.push({ field: 'spec.nodeAffinity', type: 'Required', detail: 'Local volume requires node affinity' });
    }
    if (s.csi && !s.csi.driver) errs.push({ field: 'spec.csi.driver', type: 'Required' });
    if (s.csi && !s.csi.volumeHandle) errs.push({ field: 'spec.csi.volumeHandle', type: 'Required' });
    errs.push(...validateVolumeMode(s.volumeMode, 'spec.volumeMode'));
    return errs;
  },
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if (old.spec?.volumeMode !== o.spec?.volumeMode)
      errs.push({ field: 'spec.volumeMode', type: 'Invalid', value: o.spec?.volumeMode, detail: 'field is immutable' });
    for (const k of PV_SOURCES) if (old.spec?.[k] != null && !semanticEqual(old.spec[k], o.spec?.[k])) {
      errs.push({ field: 'spec.persistentvolumesource', type: 'Forbidden', detail: 'spec.persistentvolumesource is immutable after creation' });
      break;
    }
    return errs;
  },
};

export const persistentVolumeClaimStrategy: Strategy = {
  prepareForCreate(o, api) {
    defaultPVCSpec((o.spec ??= {}));
    o.status = { phase: 'Pending' };
    // DefaultStorageClass admission: a claim that names no class gets the default one
    if (o.spec.storageClassName == null && !o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class']) {
      const dc = defaultClass(api);
      if (dc) o.spec.storageClassName = dc.metadata.name;
    }
    protect(o, 'kubernetes.io/pvc-protection');
  },
  prepareForUpdate(o) { defaultPVCSpec((o.spec ??= {})); },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    errs.push(...validateAccessModes(s.accessModes, 'spec.accessModes', 'at least 1 access mode is required'));
    const req = s.resources?.requests ?? {};
    if (!('storage' in req)) errs.push({ field: 'spec.resources[storage]', type: 'Required' });
    else if (!isQuantity(req.storage)) errs.push({ field: 'spec.resources.requests[storage]', type: 'Invalid', value: req.storage, detail: 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'' });
    else if (Number.parseFloat(String(req.storage)) <= 0) errs.push({ field: 'spec.resources[storage]', type: 'Invalid', value: req.storage, detail: 'must be greater than zero' });
    errs.push(...validateVolumeMode(s.volumeMode, 'spec.volumeMode'));
    return errs;
  },
  validateUpdate(o, old, api) {
    const bound = old.status?.phase === 'Bound';
    const strip = (s: any, isNew: boolean) => {
      const c = JSON.parse(JSON.stringify(s ?? {}));
      if (bound && c.resources?.requests) delete c.resources.requests.storage;
      if (c.resources?.requests && !Object.keys(c.resources.requests).length) delete c.resources.requests;
      if (c.resources && !Object.keys(c.resources).length) delete c.resources;
      if (bound) delete c.volumeAttributesClassName;
      if (!old.spec?.volumeName) delete c.volumeName;
      // a class may be set once on a claim that had none
      if (old.spec?.storageClassName == null && isNew) delete c.storageClassName;
      return c;
    };
    if (!semanticEqual(strip(o.spec, true), strip(old.spec, false)))
      return [{ field: 'spec', type: 'Forbidden', detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' }];
    const newSize = parseQuantity(o.spec?.resources?.requests?.storage ?? 0);
    const oldSize = parseQuantity(old.spec?.resources?.requests?.storage ?? 0);
    if (newSize < oldSize && newSize <= parseQuantity(old.status?.capacity?.storage ?? 0))
      return [{ field: 'spec.resources.requests.storage', type: 'Forbidden', detail: 'field can not be less than status.capacity' }];
    // PersistentVolumeClaimResize admission: only a dynamically provisioned claim whose class allows it grows
    if (newSize > oldSize && bound) {
      const cls = o.spec?.storageClassName;
      const ri = byGroupResource('storage.k8s.io', 'storageclasses');
      const sc = cls && ri ? api.tryGet(ri, undefined, cls) : undefined;
      if (!sc || sc.allowVolumeExpansion !== true)
        throw forbidden('persistentvolumeclaims', o.metadata.name!, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
    }
    return [];
  },
};

export const storageClassStrategy: Strategy = {
  prepareForCreate(o) { o.reclaimPolicy ??= 'Delete'; o.volumeBindingMode ??= 'Immediate'; },
  prepareForUpdate(o) { o.reclaimPolicy ??= 'Delete'; o.volumeBindingMode ??= 'Immediate'; },
  validate(o) {
    const errs: FieldError[] = [];
    if (!o.provisioner) errs.push({ field: 'provisioner', type: 'Required' });
    else if (String(o.provisioner).length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/.test(o.provisioner))
      errs.push({ field: 'provisioner', type: 'Invalid', value: o.provisioner, detail: "a valid provisioner name must be 63 characters or less and must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'k8s.io/foo',  or 'k8s.io/FOO-bar', regex used for validation is '[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?')" });
    if (!['Delete', 'Retain'].includes(o.reclaimPolicy))
      errs.push({ field: 'reclaimPolicy', type: 'NotSupported', value: o.reclaimPolicy, detail: 'supported values: "Delete", "Retain"' });
    if (!['Immediate', 'WaitForFirstConsumer'].includes(o.volumeBindingMode))
      errs.push({ field: 'volumeBindingMode', type: 'NotSupported', value: o.volumeBindingMode, detail: 'supported values: "Immediate", "WaitForFirstConsumer"' });
    return errs;
  },
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if (!semanticEqual(o.parameters, old.parameters)) errs.push({ field: 'parameters', type: 'Forbidden', detail: 'updates to parameters are forbidden.' });
    if (o.provisioner !== old.provisioner) errs.push({ field: 'provisioner', type: 'Forbidden', detail: 'updates to provisioner are forbidden.' });
    if (o.reclaimPolicy !== old.reclaimPolicy) errs.push({ field: 'reclaimPolicy', type: 'Forbidden', detail: 'updates to reclaimPolicy are forbidden.' });
    if (o.volumeBindingMode !== old.volumeBindingMode) errs.push({ field: 'volumeBindingMode', type: 'Invalid', value: o.volumeBindingMode, detail: 'field is immutable' });
    return errs;
  },
};

/** CSIDriver (storage.k8s.io/v1): the API server's defaults (pkg/apis/storage/v1 SetDefaults_CSIDriver, every
 * gate involved on in 1.33), laid out in the Go struct's field order. */
function defaultCSIDriverSpec(o: any): void {
  const s = o.spec && typeof o.spec === 'object' && !Array.isArray(o.spec) ? o.spec : {};
  const modes = Array.isArray(s.volumeLifecycleModes) && s.volumeLifecycleModes.length ? s.volumeLifecycleModes : ['Persistent'];
  const out: any = {
    attachRequired: s.attachRequired ?? true,
    podInfoOnMount: s.podInfoOnMount ?? false,
    volumeLifecycleModes: modes,
    storageCapacity: s.storageCapacity ?? false,
    fsGroupPolicy: s.fsGroupPolicy ?? 'ReadWriteOnceWithFSType',
  };
  if (s.tokenRequests != null) out.tokenRequests = s.tokenRequests;
  out.requiresRepublish = s.requiresRepublish ?? false;
  out.seLinuxMount = s.seLinuxMount ?? false;
  for (const k of Object.keys(s)) if (!(k in out) && s[k] !== undefined) out[k] = s[k];
  o.spec = out;
}
export const csiDriverStrategy: Strategy = {
  prepareForCreate(o) { defaultCSIDriverSpec(o); },
  prepareForUpdate(o) { defaultCSIDriverSpec(o); },
};
