// One step of the cluster, the unit every kctl invocation and every `kctl serve` request is made of: inside
// the transaction the caller has begun, catch the cluster up to now, act as the client, run, let the
// controllers settle, commit; anything thrown rolls the whole step back.
import type { Store } from '../api/store';
import { actAs, ClientContext } from '../api/rbac/enforce';
import { Runtime } from './runtime';

export function runStep<T>(store: Store, client: (rt: Runtime) => ClientContext | undefined, fieldManager: string, fn: (rt: Runtime) => T): T {
  try {
    const rt = new Runtime(store);
    // a cluster an older kctl made gets what this version's clusters have (src/cluster/upgrade.ts)
    if (store.getMeta('upgrade/rbac')) (require('../cluster/upgrade') as typeof import('../cluster/upgrade')).upgradeCluster(rt);
    rt.catchUp();
    actAs(rt.api, client(rt));
    rt.api.fieldManager = fieldManager;
    const r = fn(rt);
    rt.settle();
    rt.mark();
    store.commit();
    return r;
  } catch (e) {
    store.rollback();
    throw e;
  }
}
