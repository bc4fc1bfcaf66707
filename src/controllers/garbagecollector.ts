// Garbage collector: deletes dependents whose owners are all gone (background cascade), finishes
// foreground deletion once an owner's blocking dependents are gone.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { StatusError } from '../api/errors';

export const garbageCollector: Controller = {
  name: 'garbage-collector',
  onEvent(ev, enqueue, rt) {
    const uid = ev.obj.metadata.uid!;
    if (ev.type === 'DELETED') {
      for (const d of rt.api.dependents(uid)) enqueue(`dep/${d.obj.metadata.uid}`);
    } else if (ev.obj.metadata.deletionTimestamp && ev.obj.metadata.finalizers?.includes('foregroundDeletion')) {
      enqueue(`fg/${uid}`);
      for (const d of rt.api.dependents(uid)) enqueue(`fgdep/${d.obj.metadata.uid}`);
    }
    // A dependent of an owner being deleted in the foreground changed or went away: look at the owner again.
    for (const r of ev.obj.metadata.ownerReferences ?? []) if (r.blockOwnerDeletion || ev.type === 'DELETED') enqueue(`fg/${r.uid}`);
    if (ev.type === 'ADDED' && ev.obj.metadata.ownerReferences?.length) enqueue(`dep/${uid}`);
  },
  reconcile(key, rt) {
    const [kind, uid] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const obj = rt.api.viewByUid(uid); // read-only
    if (!obj) return;
    const ri = rt.api.resourceFor(obj);
    if (kind === 'dep') {
      const refs = obj.metadata.ownerReferences ?? [];
      if (!refs.length) return;
      if (!refs.some(r => rt.api.viewByUid(r.uid))) del(rt, obj, 'Background');
    } else if (kind === 'fgdep') {
      // dependents of a foreground-deleted owner are deleted in the foreground too
      del(rt, obj, 'Foreground');
    } else if (kind === 'fg') {
      if (!obj.metadata.deletionTimestamp || !obj.metadata.finalizers?.includes('foregroundDeletion')) return;
      const blocking = rt.api.dependents(uid).filter(d => d.obj.metadata.ownerReferences?.some(r => r.uid === uid && r.blockOwnerDeletion));
      if (blocking.length) return;
      rt.api.mutate(ri, obj.metadata.namespace, obj.metadata.name!, o => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(f => f !== 'foregroundDeletion');
        if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
      });
    }
  },
};

function del(rt: Runtime, obj: Readonly<KObject>, policy: 'Background' | 'Foreground'): void {
  if (obj.metadata.deletionTimestamp) return;
  try {
    rt.api.delete(rt.api.resourceFor(obj), obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: policy });
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 404)) throw e;
  }
}
