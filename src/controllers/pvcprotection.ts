// PVC protection controller (pkg/controller/volume/pvcprotection): a claim carries the
// kubernetes.io/pvc-protection finalizer (added at admission) and, once deleted, keeps it while a scheduled
// pod that has not been shut down still mounts it; then the finalizer goes and so does the claim.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';

const NAME = 'pvc-protection';
export const PVC_FINALIZER = 'kubernetes.io/pvc-protection';
const pvcRi = () => byGroupResource('', 'persistentvolumeclaims')!;
const podRi = () => byGroupResource('', 'pods')!;

/** podIsShutDown: deleted with no grace left (the kubelet is done with it, or it was force-deleted). */
const shutDown = (p: KObject) => !!p.metadata.deletionTimestamp && p.metadata.deletionGracePeriodSeconds === 0;
const claimsOf = (p: KObject): string[] => (p.spec?.volumes ?? []).filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName);

function inUse(rt: Runtime, c: KObject): boolean {
  for (const p of rt.api.list(podRi(), c.metadata.namespace)) {
    if (!p.spec?.nodeName || shutDown(p)) continue;
    if (claimsOf(p).includes(c.metadata.name!)) return true;
  }
  return false;
}

export const pvcProtectionController: Controller = {
  name: NAME,
  kinds: ['PersistentVolumeClaim', 'Pod'],
  onEvent(ev, enqueue, rt) {
    const { ri, obj } = ev;
    if (ri.group !== '') return;
    if (ri.kind === 'PersistentVolumeClaim') {
      if (ev.type !== 'DELETED' && obj.metadata.deletionTimestamp && obj.metadata.finalizers?.includes(PVC_FINALIZER)) enqueue(`${obj.metadata.namespace}/${obj.metadata.name}`);
    } else if (ri.kind === 'Pod') {
      // a pod that stops using its claims (gone, shut down) may free a claim being deleted
      if (ev.type !== 'DELETED' && !shutDown(obj) && obj.spec?.nodeName) return;
      for (const n of claimsOf(obj)) {
        const c = rt.api.tryGet(pvcRi(), obj.metadata.namespace, n);
        if (c?.metadata.deletionTimestamp) enqueue(`${obj.metadata.namespace}/${n}`);
      }
    }
  },
  reconcile(key, rt) {
    const i = key.indexOf('/');
    const c = rt.api.tryGet(pvcRi(), key.slice(0, i), key.slice(i + 1));
    if (!c || !c.metadata.deletionTimestamp || !c.metadata.finalizers?.includes(PVC_FINALIZER)) return;
    if (inUse(rt, c)) return;
    try {
      rt.api.mutate(pvcRi(), c.metadata.namespace, c.metadata.name!, o => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(f => f !== PVC_FINALIZER);
        if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
      });
    } catch (e) { if (!(e instanceof StatusError)) throw e; }
  },
};
