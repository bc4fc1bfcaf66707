// PV protection controller (pkg/controller/volume/pvprotection): a volume carries the
// kubernetes.io/pv-protection finalizer (added at admission) and, once deleted, keeps it while it is Bound.
import type { Controller } from './types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';

const NAME = 'pv-protection';
export const PV_FINALIZER = 'kubernetes.io/pv-protection';
const pvRi = () => byGroupResource('', 'persistentvolumes')!;

export const pvProtectionController: Controller = {
  name: NAME,
  kinds: ['PersistentVolume'],
  onEvent(ev, enqueue) {
    const { ri, obj } = ev;
    if (ri.group !== '' || ri.kind !== 'PersistentVolume' || ev.type === 'DELETED') return;
    if (obj.metadata.deletionTimestamp && obj.metadata.finalizers?.includes(PV_FINALIZER)) enqueue(obj.metadata.name!);
  },
  reconcile(key, rt) {
    const v = rt.api.tryGet(pvRi(), undefined, key);
    if (!v || !v.metadata.deletionTimestamp || !v.metadata.finalizers?.includes(PV_FINALIZER)) return;
    if (v.status?.phase === 'Bound') return;
    try {
      rt.api.mutate(pvRi(), undefined, key, o => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(f => f !== PV_FINALIZER);
        if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
      });
    } catch (e) { if (!(e instanceof StatusError)) throw e; }
  },
};
