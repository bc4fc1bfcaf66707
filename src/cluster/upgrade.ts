// What a newer kctl adds to a cluster an older one made, the first time it runs there: as kube-apiserver
// reconciles its bootstrap RBAC policy at every start, the default roles and bindings a cluster of this
// version has are created where missing (a cluster made before kctl had RBAC would refuse its own admin).
// The store's migration leaves the mark (meta `upgrade/rbac`) in the migrating transaction; the first step
// does the work and clears it in its own, so an interrupted upgrade resumes.
import type { Runtime } from '../sim/runtime';
import { defaultRBAC } from './rbac-defaults';

export const UPGRADE_RBAC = 'upgrade/rbac';

export function upgradeCluster(rt: Runtime): void {
  if (!rt.store.getMeta(UPGRADE_RBAC)) return;
  const trusted = rt.api.trusted;
  rt.api.trusted = true;
  try {
    for (const o of defaultRBAC()) {
      const ri = rt.api.resourceFor(o);
      if (!rt.api.view(ri, o.metadata.namespace, o.metadata.name!)) rt.api.create(o);
    }
  } finally {
    rt.api.trusted = trusted;
  }
  rt.store.deleteMeta(UPGRADE_RBAC);
}
