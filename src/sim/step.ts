// One step of the cluster, the unit every kctl invocation and every `kctl serve` request is made of: inside
// the transaction the caller has begun, catch the cluster up to now, act as the client, run, let the
// controllers settle, commit; anything thrown rolls the whole step back. A settle of more than SETTLE_CHUNK
// reconciles (tens of thousands of pods) commits as it goes and goes on in new transactions at the same instant:
// a failure then rolls back only the part under way, and a process killed in between leaves its queue to the
// next invocation.
import type { Store } from '../api/store';
import { actAs, ClientContext } from '../api/rbac/enforce';
import { Runtime, SETTLE_CHUNK, MAX_SETTLE_STEPS } from './runtime';

export function runStep<T>(store: Store, client: (rt: Runtime) => ClientContext | undefined, fieldManager: string, fn: (rt: Runtime) => T): T {
  try {
    let rt = new Runtime(store);
    // a cluster an older kctl made gets what this version's clusters have (src/cluster/upgrade.ts)
    if (store.getMeta('upgrade/rbac')) (require('../cluster/upgrade') as typeof import('../cluster/upgrade')).upgradeCluster(rt);
    rt.catchUp();
    actAs(rt.api, client(rt));
    rt.api.fieldManager = fieldManager;
    const r = fn(rt);
    // a long settle goes on in transactions of SETTLE_CHUNK reconciles each (see Runtime.handOver)
    for (let done = 0; rt.settleFor(SETTLE_CHUNK);) {
      if ((done += SETTLE_CHUNK) > MAX_SETTLE_STEPS) throw new Error('the cluster did not settle (a controller loop)');
      rt = rt.handOver();
    }
    rt.mark();
    store.commit();
    return r;
  } catch (e) {
    store.rollback();
    throw e;
  }
}
