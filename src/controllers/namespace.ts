// Namespace controller: a Terminating namespace is emptied, then removed. While content remains, the
// namespace carries the deletion conditions kube's namespace controller writes.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { groupResource } from '../api/types';
import { byGroupResource, allResources, storageKey } from '../api/discovery';
import { StatusError } from '../api/errors';
import { deepEqual } from '../util/objects';

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
    const types = new Set(rt.store.namespacesInUse(name));
    const served = allResources().filter((r, i, all) => r.namespaced && r.kind !== 'Event' && types.has(storageKey(r))
      && all.findIndex(x => storageKey(x) === storageKey(r)) === i);
    for (const ri of served) {
      for (const o of rt.api.list(ri, name)) {
        if (o.metadata.deletionTimestamp) continue;
        try { rt.api.delete(ri, name, o.metadata.name!, {}); } catch (e) { if (!(e instanceof StatusError)) throw e; }
      }
    }
    const remaining: string[] = [];
    const finalizers = new Map<string, number>();
    for (const ri of served) {
      const left = rt.store.listObjects(storageKey(ri), name) as KObject[];
      if (!left.length) continue;
      remaining.push(`${groupResource(ri)} has ${left.length} resource instances`);
      for (const o of left) for (const f of o.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    if (!remaining.length) {
      const evRi = byGroupResource('', 'events')!;
      for (const e of rt.api.list(evRi, name)) rt.api.purge(evRi, name, e.metadata.name!);
      rt.api.purge(nsRi, undefined, name);
      return;
    }
    setConditions(rt, ns, remaining.sort(), [...finalizers.entries()].map(([f, n]) => `${f} in ${n} resource instances`).sort());
  },
};

function setConditions(rt: Runtime, ns: KObject, remaining: string[], finalizers: string[]): void {
  const want = [
    { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
    { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
    { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
    { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining.join(', ')}` },
    finalizers.length
      ? { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}` }
      : { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
  ];
  const old: any[] = ns.status?.conditions ?? [];
  const strip = (c: any) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message });
  if (deepEqual(old.map(strip), want)) return;
  const now = rt.clock.nowISO();
  const conditions = want.map(c => {
    const prev = old.find(o => o.type === c.type);
    return { lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now, ...c };
  });
  rt.api.updateStatus({ ...ns, status: { ...ns.status, conditions } });
}
