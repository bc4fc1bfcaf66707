// PersistentVolume controller (pkg/controller/volume/persistentvolume, the "binder"): binds claims to the
// smallest matching Available volume (class, access modes, capacity, selector, volume mode), honours
// pre-bound claims (spec.volumeName) and volumes (spec.claimRef), leaves WaitForFirstConsumer claims to
// the scheduler, hands dynamic provisioning to the class's external provisioner (annotations and the
// ExternalProvisioning event) or reports why it cannot, and reclaims volumes whose claim is gone
// (Retain: Released; Delete: the provisioner deletes, or the in-tree deleter, which only knows hostPath
// under /tmp; Recycle: scrubbed back to Available). Claims whose volume vanished become Lost.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { fromLabelSelector, matches } from '../api/selectors';
import { parseQuantity } from '../util/quantity';
import { deepEqual } from '../util/objects';
import { controllerEvent } from './recorder';

const NAME = 'persistentvolume-binder';
const COMPONENT = { component: 'persistentvolume-controller' };
export const ANN = {
  bindCompleted: 'pv.kubernetes.io/bind-completed',
  boundByController: 'pv.kubernetes.io/bound-by-controller',
  provisionedBy: 'pv.kubernetes.io/provisioned-by',
  betaProvisionedBy: 'pv.kubernetes.io/provisioned-by',
  selectedNode: 'volume.kubernetes.io/selected-node',
  storageProvisioner: 'volume.kubernetes.io/storage-provisioner',
  betaStorageProvisioner: 'volume.beta.kubernetes.io/storage-provisioner',
  betaClass: 'volume.beta.kubernetes.io/storage-class',
};

export const pvRi = () => byGroupResource('', 'persistentvolumes')!;
export const pvcRi = () => byGroupResource('', 'persistentvolumeclaims')!;
export const scRi = () => byGroupResource('storage.k8s.io', 'storageclasses')!;

/** storagehelpers.GetPersistentVolumeClaimClass / GetPersistentVolumeClass */
export const claimClass = (c: KObject): string => c.metadata.annotations?.[ANN.betaClass] ?? c.spec?.storageClassName ?? '';
export const volumeClass = (v: KObject): string => v.metadata.annotations?.[ANN.betaClass] ?? v.spec?.storageClassName ?? '';
export const storageOf = (o: { v?: unknown }) => parseQuantity(o.v ?? 0);

/** IsDelayBindingMode: the claim's class exists and binds when a pod is scheduled. */
export function isDelayBinding(rt: Runtime, claim: KObject): boolean {
  const cls = claimClass(claim);
  if (!cls) return false;
  const sc = rt.api.tryGet(scRi(), undefined, cls);
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}
/** IsVolumeBoundToClaim: the volume's claimRef names this claim (and its uid, when the ref has one). */
export function volumeBoundToClaim(v: KObject, c: KObject): boolean {
  const r = v.spec?.claimRef;
  if (!r || r.name !== c.metadata.name || (r.namespace ?? '') !== c.metadata.namespace) return false;
  return !r.uid || r.uid === c.metadata.uid;
}
function accessModesContain(volModes: string[] | undefined, want: string[] | undefined): boolean {
  const have = new Set(volModes ?? []);
  return (want ?? []).every(m => have.has(m));
}
/** The volume's required node affinity matches the node (nil affinity matches everything). */
export function volumeNodeAffinityMatches(v: KObject, node: KObject | undefined): boolean {
  const terms: any[] | undefined = v.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms || !node) return true;
  const labels = node.metadata.labels ?? {};
  return terms.some(t => (t.matchExpressions ?? []).every((e: any) => {
    const val = labels[e.key];
    switch (e.operator) {
      case 'In': return e.key in labels && (e.values ?? []).includes(val);
      case 'NotIn': return !(e.key in labels) || !(e.values ?? []).includes(val);
      case 'Exists': return e.key in labels;
      case 'DoesNotExist': return !(e.key in labels);
      case 'Gt': return Number(val) > Number(e.values?.[0]);
      case 'Lt': return Number(val) < Number(e.values?.[0]);
      default: return false;
    }
  }) && (t.matchFields ?? []).every((f: any) => f.key !== 'metadata.name' || (f.operator === 'In') === (f.values ?? []).includes(node.metadata.name)));
}

/**
 * FindMatchingVolume: the smallest Available volume that fits the claim. With a node (the scheduler's path)
 * the volume must also be reachable from it; without one, claims that wait for a consumer match only a
 * volume already pre-bound to them.
 */
export function findMatchingVolume(claim: KObject, volumes: KObject[], node: KObject | undefined, delayBinding: boolean): KObject | undefined {
  const want = parseQuantity(claim.spec?.resources?.requests?.storage ?? 0);
  const cls = claimClass(claim);
  const sel = claim.spec?.selector ? fromLabelSelector(claim.spec.selector) : undefined;
  const mode = claim.spec?.volumeMode ?? 'Filesystem';
  let best: KObject | undefined; let bestSize = Infinity;
  const sorted = [...volumes].sort((a, b) => parseQuantity(a.spec?.capacity?.storage ?? 0) - parseQuantity(b.spec?.capacity?.storage ?? 0));
  for (const v of sorted) {
    if ((v.spec?.volumeMode ?? 'Filesystem') !== mode) continue;
    if (v.metadata.deletionTimestamp) continue;
    if (!accessModesContain(v.spec?.accessModes, claim.spec?.accessModes)) continue;
    const affinityOK = volumeNodeAffinityMatches(v, node);
    if (volumeBoundToClaim(v, claim)) return affinityOK ? v : undefined;
    if (!node && delayBinding) continue;
    if (v.status?.phase !== 'Available' || v.spec?.claimRef) continue;
    if (sel && !matches(sel, v.metadata.labels)) continue;
    if (volumeClass(v) !== cls) continue;
    if (!affinityOK) continue;
    const size = parseQuantity(v.spec?.capacity?.storage ?? 0);
    if (size >= want && size < bestSize) { best = v; bestSize = size; }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------

class Binder {
  constructor(public rt: Runtime) {}
  get now(): string { return this.rt.clock.nowISO(); }
  claimEvent(c: KObject, type: 'Normal' | 'Warning', reason: string, msg: string): void { controllerEvent(this.rt, c, type, reason, msg, COMPONENT); }

  volumePhase(v: KObject, phase: string, message?: string): KObject {
    if (v.status?.phase === phase && (v.status?.message ?? undefined) === message) return v;
    return this.rt.api.mutate(pvRi(), undefined, v.metadata.name!, o => {
      if (o.metadata.uid !== v.metadata.uid) return false;
      const st: any = { phase };
      if (message) st.message = message;
      st.lastPhaseTransitionTime = o.status?.phase === phase ? o.status?.lastPhaseTransitionTime ?? this.now : this.now;
      o.status = st;
    }, { subresource: 'status' }) ?? v;
  }
  claimStatus(c: KObject, phase: string, v?: KObject): KObject {
    return this.rt.api.mutate(pvcRi(), c.metadata.namespace, c.metadata.name!, o => {
      if (o.metadata.uid !== c.metadata.uid) return false;
      const st: any = { ...(o.status ?? {}), phase };
      if (v) {
        st.accessModes = [...(v.spec?.accessModes ?? [])];
        st.capacity = { ...(v.spec?.capacity ?? {}) };
      } else if (phase === 'Pending') { delete st.accessModes; delete st.capacity; }
      if (deepEqual(st, o.status ?? {})) return false;
      o.status = st;
    }, { subresource: 'status' }) ?? c;
  }

  /** bind: volume → claim (claimRef), volume Bound, claim → volume (volumeName, annotations), claim Bound. */
  bind(v: KObject, c: KObject): void {
    const shouldMarkVolume = !volumeBoundToClaim(v, c);
    const r = v.spec?.claimRef;
    if (!r || r.name !== c.metadata.name || r.namespace !== c.metadata.namespace || r.uid !== c.metadata.uid || shouldMarkVolume) {
      v = this.rt.api.mutate(pvRi(), undefined, v.metadata.name!, o => {
        o.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: c.metadata.namespace, name: c.metadata.name, uid: c.metadata.uid,
          apiVersion: 'v1', resourceVersion: c.metadata.resourceVersion };
        if (shouldMarkVolume && !o.metadata.annotations?.[ANN.boundByController]) o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ANN.boundByController]: 'yes' };
      }) ?? v;
    }
    v = this.volumePhase(v, 'Bound');
    if (c.spec?.volumeName !== v.metadata.name || !c.metadata.annotations?.[ANN.bindCompleted]) {
      c = this.rt.api.mutate(pvcRi(), c.metadata.namespace, c.metadata.name!, o => {
        const a = (o.metadata.annotations ??= {});
        if (o.spec.volumeName !== v.metadata.name) {
          o.spec.volumeName = v.metadata.name;
          if (!a[ANN.boundByController]) a[ANN.boundByController] = 'yes';
        }
        if (!a[ANN.bindCompleted]) a[ANN.bindCompleted] = 'yes';
      }) ?? c;
    }
    this.claimStatus(c, 'Bound', v);
  }

  syncClaim(c: KObject): void {
    if (!c.metadata.annotations?.[ANN.bindCompleted]) this.syncUnboundClaim(c);
    else this.syncBoundClaim(c);
  }

  syncUnboundClaim(c: KObject): void {
    if (!c.spec?.volumeName) {
      const delay = isDelayBinding(this.rt, c);
      const v = findMatchingVolume(c, this.rt.api.list(pvRi(), undefined), undefined, delay);
      if (v) { this.bind(v, c); return; }
      if (delay && !c.metadata.annotations?.[ANN.selectedNode]) {
        this.claimEvent(c, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      } else if (claimClass(c)) {
        this.provision(c);
      } else {
        this.claimEvent(c, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      }
      this.claimStatus(c, 'Pending');
      return;
    }
    const v = this.rt.api.tryGet(pvRi(), undefined, c.spec.volumeName);
    if (!v) { this.claimStatus(c, 'Pending'); return; }
    if (!v.spec?.claimRef || volumeBoundToClaim(v, c)) {
      if ((v.spec?.volumeMode ?? 'Filesystem') !== (c.spec?.volumeMode ?? 'Filesystem')) {
        this.claimEvent(c, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${v.metadata.name}": requested volumeMode ${c.spec?.volumeMode ?? 'Filesystem'} does not match volume's volumeMode ${v.spec?.volumeMode ?? 'Filesystem'}`);
        this.claimStatus(c, 'Pending');
        return;
      }
      this.bind(v, c);
      return;
    }
    if (!c.metadata.annotations?.[ANN.boundByController]) { this.claimStatus(c, 'Pending'); return; }
    this.claimEvent(c, 'Warning', 'FailedBinding', 'Two claims are bound to the same volume, this one is bound incorrectly');
    this.claimStatus(c, 'Lost');
  }

  syncBoundClaim(c: KObject): void {
    if (!c.spec?.volumeName) {
      if (c.status?.phase !== 'Lost') this.claimEvent(c, 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      this.claimStatus(c, 'Lost');
      return;
    }
    const v = this.rt.api.tryGet(pvRi(), undefined, c.spec.volumeName);
    if (!v) {
      if (c.status?.phase !== 'Lost') this.claimEvent(c, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      this.claimStatus(c, 'Lost');
      return;
    }
    if (!v.spec?.claimRef || v.spec.claimRef.uid === c.metadata.uid) { this.bind(v, c); return; }
    if (c.status?.phase !== 'Lost') this.claimEvent(c, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
    this.claimStatus(c, 'Lost');
  }

  /** provisionClaim: the class's provisioner is external (as every provisioner on kind is). */
  provision(c: KObject): void {
    const cls = claimClass(c);
    const sc = this.rt.api.tryGet(scRi(), undefined, cls);
    if (!sc) {
      this.claimEvent(c, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${cls}" not found`);
      return;
    }
    if (sc.provisioner === 'kubernetes.io/no-provisioner') {
      this.claimEvent(c, 'Warning', 'ProvisioningFailed', 'no volume plugin matched name: kubernetes.io/no-provisioner');
      return;
    }
    const a = c.metadata.annotations ?? {};
    if (a[ANN.storageProvisioner] !== sc.provisioner || a[ANN.betaStorageProvisioner] !== sc.provisioner) {
      c = this.rt.api.mutate(pvcRi(), c.metadata.namespace, c.metadata.name!, o => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ANN.betaStorageProvisioner]: sc.provisioner, [ANN.storageProvisioner]: sc.provisioner };
      }) ?? c;
    }
    this.claimEvent(c, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
  }

  syncVolume(v: KObject): void {
    const r = v.spec?.claimRef;
    if (!r) { this.volumePhase(v, 'Available'); this.wakeClaims(); return; }
    if (!r.uid) { this.volumePhase(v, 'Available'); this.rt.enqueueFor(NAME, `claim/${r.namespace}/${r.name}`); return; }
    let c = this.rt.api.tryGet(pvcRi(), r.namespace, r.name);
    if (c && c.metadata.uid !== r.uid) c = undefined;
    if (!c) {
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = this.volumePhase(v, 'Released');
      this.reclaim(v);
      return;
    }
    if (!c.spec?.volumeName) { this.rt.enqueueFor(NAME, `claim/${c.metadata.namespace}/${c.metadata.name}`); return; }
    if (c.spec.volumeName === v.metadata.name) { this.volumePhase(v, 'Bound'); return; }
    // the claim went to another volume
    if (v.metadata.annotations?.[ANN.provisionedBy] && v.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = this.volumePhase(v, 'Released');
      this.reclaim(v);
    } else if (v.metadata.annotations?.[ANN.boundByController]) {
      this.unbind(v);
    }
  }
  unbind(v: KObject): void {
    const out = this.rt.api.mutate(pvRi(), undefined, v.metadata.name!, o => {
      if (o.metadata.annotations?.[ANN.boundByController]) {
        delete o.spec.claimRef;
        delete o.metadata.annotations[ANN.boundByController];
        if (!Object.keys(o.metadata.annotations).length) delete o.metadata.annotations;
      } else if (o.spec.claimRef) o.spec.claimRef = { ...o.spec.claimRef, uid: undefined, resourceVersion: undefined };
    });
    if (out) this.volumePhase(out, 'Available');
  }
  reclaim(v: KObject): void {
    const policy = v.spec?.persistentVolumeReclaimPolicy;
    if (policy === 'Retain') return;
    if (policy === 'Recycle') {
      if (v.spec?.hostPath || v.spec?.nfs) {
        controllerEvent(this.rt, v, 'Normal', 'RecyclerPod', `Recycler pod: Successfully assigned default/recycler-for-${v.metadata.name} to ${this.rt.api.list(byGroupResource('', 'nodes')!, undefined)[0]?.metadata.name ?? ''}`, COMPONENT);
        controllerEvent(this.rt, v, 'Normal', 'VolumeRecycled', 'Volume recycled', COMPONENT);
        this.unbind(v);
      } else this.failVolume(v, 'VolumeFailedRecycle', `no volume plugin matched`);
      return;
    }
    if (policy === 'Delete') {
      const by = v.metadata.annotations?.[ANN.provisionedBy];
      if (by && !by.startsWith('kubernetes.io/')) return; // the external provisioner deletes it
      if (v.spec?.hostPath) {
        if (/^\/tmp\/.+/.test(v.spec.hostPath.path ?? '')) { this.deleteVolume(v); return; }
        this.failVolume(v, 'VolumeFailedDelete', `host_path deleter only supports /tmp/.+ but received provided ${v.spec.hostPath.path}`);
        return;
      }
      this.failVolume(v, 'VolumeFailedDelete', `error getting deleter volume plugin for volume "${v.metadata.name}": no deletable volume plugin matched`);
      return;
    }
    this.failVolume(v, 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
  }
  failVolume(v: KObject, reason: string, msg: string): void {
    if (v.status?.phase === 'Failed' && v.status?.message === msg) return;
    controllerEvent(this.rt, v, 'Warning', reason, msg, COMPONENT);
    this.volumePhase(v, 'Failed', msg);
  }
  deleteVolume(v: KObject): void {
    try { this.rt.api.delete(pvRi(), undefined, v.metadata.name!, {}); } catch (e) { if (!(e instanceof StatusError)) throw e; }
  }
  /** A volume became available: pending claims get another look (kube's periodic claim resync). */
  wakeClaims(): void {
    for (const c of this.rt.api.list(pvcRi(), undefined)) {
      if (c.status?.phase === 'Pending' && !c.spec?.volumeName && !c.metadata.deletionTimestamp) this.rt.enqueueFor(NAME, `claim/${c.metadata.namespace}/${c.metadata.name}`);
    }
  }
}

function onEvent(ev: WatchEvent, enqueue: (key: string) => void): void {
  const { ri, obj, old } = ev;
  if (ri.group !== '') {
    // a new class: claims that named it may provision now
    if (ri.group === 'storage.k8s.io' && ri.kind === 'StorageClass' && ev.type === 'ADDED') enqueue('wake');
    return;
  }
  if (ri.kind === 'PersistentVolumeClaim') {
    if (ev.type === 'DELETED') {
      if (obj.spec?.volumeName) enqueue(`volume/${obj.spec.volumeName}`);
      return;
    }
    if (ev.type === 'MODIFIED' && old && deepEqual(old.spec, obj.spec) && deepEqual(old.metadata.annotations, obj.metadata.annotations)
      && old.status?.phase === obj.status?.phase) return;
    enqueue(`claim/${obj.metadata.namespace}/${obj.metadata.name}`);
  } else if (ri.kind === 'PersistentVolume') {
    if (ev.type === 'DELETED') {
      const r = obj.spec?.claimRef;
      if (r) enqueue(`claim/${r.namespace}/${r.name}`);
      return;
    }
    if (ev.type === 'MODIFIED' && old && deepEqual(old.spec, obj.spec) && old.status?.phase === obj.status?.phase) return;
    enqueue(`volume/${obj.metadata.name}`);
    const r = obj.spec?.claimRef;
    if (r && ev.type === 'ADDED') enqueue(`claim/${r.namespace}/${r.name}`);
  }
}

function reconcile(key: string, rt: Runtime): void {
  const b = new Binder(rt);
  try {
    if (key === 'wake') {
      for (const c of rt.api.list(pvcRi(), undefined)) if (c.status?.phase === 'Pending') rt.enqueueFor(NAME, `claim/${c.metadata.namespace}/${c.metadata.name}`);
      return;
    }
    if (key.startsWith('claim/')) {
      const [, ns, name] = key.split('/');
      const c = rt.api.tryGet(pvcRi(), ns, name!);
      if (c) b.syncClaim(c);
    } else {
      const v = rt.api.tryGet(pvRi(), undefined, key.slice(7));
      if (v) b.syncVolume(v);
    }
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    if (process.env.KCTL_DEBUG) process.stderr.write(`pv-binder ${key}: ${e.message}\n`);
  }
}

export const persistentVolumeController: Controller = { name: NAME, kinds: ['PersistentVolumeClaim', 'PersistentVolume', 'storage.k8s.io/StorageClass'], onEvent, reconcile };
