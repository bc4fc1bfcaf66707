// apiextensions-apiserver's own controllers for CustomResourceDefinitions: the naming controller
// (acceptedNames, NamesAccepted), the establishing controller (Established), discovery of what the CRDs serve,
// and the finalizer controller (pkg/controller/finalizer) that deletes every custom resource of a CRD being
// deleted before the CRD itself goes away.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource, storageKey } from '../api/discovery';
import { resourcesOf, setCondition, CLEANUP_FINALIZER, CUSTOM_RESOURCES_META, CRD_GROUP } from '../api/crd/crd';

const crdRi = () => byGroupResource(CRD_GROUP, 'customresourcedefinitions')!;

export const crdController: Controller = {
  name: 'crd',
  onEvent(ev, enqueue) {
    if (ev.ri.group === CRD_GROUP && ev.ri.plural === 'customresourcedefinitions') enqueue(ev.obj.metadata.name!);
    else if (ev.type === 'DELETED' && ev.ri.custom) enqueue(ev.ri.custom.crd);
  },
  reconcile(name, rt) {
    const api = rt.api;
    const crd = api.tryGet(crdRi(), undefined, name);
    if (crd && !crd.metadata.deletionTimestamp) {
      const names = crd.spec?.names ?? {};
      const accepted = { kind: names.kind, listKind: names.listKind, plural: names.plural, ...(names.shortNames ? { shortNames: names.shortNames } : {}),
        singular: names.singular, ...(names.categories ? { categories: names.categories } : {}) };
      const conflict = conflictingCRD(rt, crd);
      api.mutate(crdRi(), undefined, name, o => {
        const before = JSON.stringify(o.status);
        const now = rt.clock.nowISO();
        if (conflict) {
          setCondition(o, 'NamesAccepted', 'False', 'PluralConflict', `"${names.plural}" is already in use`, now);
          setCondition(o, 'Established', 'False', 'NotAccepted', 'not all names are accepted', now);
        } else {
          o.status.acceptedNames = accepted;
          setCondition(o, 'NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', now);
          setCondition(o, 'Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', now);
        }
        if (JSON.stringify(o.status) === before) return false;
      }, { subresource: 'status' });
    } else if (crd) {
      cleanup(rt, crd);
    }
    publish(rt);
  },
};

function conflictingCRD(rt: Runtime, crd: KObject): boolean {
  return rt.api.list(crdRi(), undefined).some(o => o.metadata.name !== crd.metadata.name && o.spec?.group === crd.spec?.group
    && o.status?.acceptedNames?.plural === crd.spec?.names?.plural);
}

/** Delete every custom resource of a terminating CRD; when none is left, the CRD goes. */
function cleanup(rt: Runtime, crd: KObject): void {
  const api = rt.api;
  const ri = resourcesOf(crd)[0];
  const name = crd.metadata.name!;
  if (ri) {
    const key = storageKey(ri);
    const remaining = api.list(ri, undefined);
    for (const o of remaining) if (!o.metadata.deletionTimestamp) api.delete(ri, o.metadata.namespace, o.metadata.name!);
    const left = api.list(ri, undefined).length;
    void key;
    if (left) {
      api.mutate(crdRi(), undefined, name, o => {
        const c = (o.status?.conditions ?? []).find((x: any) => x.type === 'Terminating');
        if (c?.reason === 'InstanceDeletionInProgress') return false;
        setCondition(o, 'Terminating', 'True', 'InstanceDeletionInProgress', 'CustomResource deletion is in progress', rt.clock.nowISO());
      }, { subresource: 'status' });
      return;
    }
  }
  // every instance is gone: drop the cleanup finalizer; with no other finalizer the CRD is removed
  const cur = api.tryGet(crdRi(), undefined, name)!;
  const others = (cur.metadata.finalizers ?? []).filter((f: string) => f !== CLEANUP_FINALIZER);
  if (others.length) {
    api.mutate(crdRi(), undefined, name, o => {
      if ((o.metadata.finalizers ?? []).length === others.length) return false;
      o.metadata.finalizers = others;
    });
  } else {
    api.purge(crdRi(), undefined, name);
  }
}

/** Write the served custom resources where discovery reads them (only when they changed). */
function publish(rt: Runtime): void {
  const crds = rt.api.list(crdRi(), undefined)
    .filter(c => (c.status?.conditions ?? []).some((x: any) => x.type === 'Established' && x.status === 'True'))
    .sort((a, b) => (a.spec.group < b.spec.group ? -1 : a.spec.group > b.spec.group ? 1 : a.spec.names.plural < b.spec.names.plural ? -1 : 1));
  const text = crds.length ? JSON.stringify(crds.flatMap(resourcesOf)) : '';
  if ((rt.store.getMeta(CUSTOM_RESOURCES_META) ?? '') !== text) rt.store.setMeta(CUSTOM_RESOURCES_META, text);
}
