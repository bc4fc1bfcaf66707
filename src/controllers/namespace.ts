// Namespace controller: a Terminating namespace is emptied, then removed.
import type { Controller } from './types';
import { byGroupResource, RESOURCES, storageKey } from '../api/discovery';
import { StatusError } from '../api/errors';

export const namespaceController: Controller = {
  name: 'namespace',
  onEvent(ev, enqueue) {
    if (ev.ri.kind === 'Namespace' && ev.obj.metadata.deletionTimestamp) enqueue(ev.obj.metadata.name!);
    else if (ev.type === 'DELETED' && ev.obj.metadata.namespace) enqueue(ev.obj.metadata.namespace);
  },
  reconcile(name, rt) {
    const nsRi = byGroupResource('', 'namespaces')!;
    const ns = rt.api.tryGet(nsRi, undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    const inUse = new Set(rt.store.namespacesInUse(name));
    let remaining = 0;
    for (const ri of RESOURCES) {
      if (!ri.namespaced || !inUse.has(storageKey(ri))) continue;
      inUse.delete(storageKey(ri));
      if (ri.kind === 'Event') continue;
      for (const o of rt.api.list(ri, name)) {
        remaining++;
        if (o.metadata.deletionTimestamp) continue;
        try { rt.api.delete(ri, name, o.metadata.name!, {}); } catch (e) { if (!(e instanceof StatusError)) throw e; }
      }
    }
    // events go last, with everything else
    const evRi = byGroupResource('', 'events')!;
    if (remaining === 0 || [...inUse].length === 0) {
      const left = RESOURCES.filter(r => r.namespaced && r.kind !== 'Event').some(r => rt.store.list(storageKey(r), name).length > 0);
      if (left) return;
      for (const e of rt.api.list(evRi, name)) rt.api.purge(evRi, name, e.metadata.name!);
      rt.api.purge(nsRi, undefined, name);
    }
  },
};
