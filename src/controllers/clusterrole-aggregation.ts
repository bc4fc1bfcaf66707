// The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with an
// aggregationRule gets the rules of every ClusterRole its selectors match, roles taken in name order, each
// rule once. Any ClusterRole change enqueues one key; the reconcile recomputes every aggregated role until
// nothing changes (admin aggregates edit, which aggregates view).
import type { Controller } from './types';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { matches, fromLabelSelector } from '../api/selectors';
import { deepEqual } from '../util/objects';

const ri = () => byGroupResource('rbac.authorization.k8s.io', 'clusterroles')!;

export const clusterRoleAggregationController: Controller = {
  name: 'clusterrole-aggregation',
  kinds: ['rbac.authorization.k8s.io/ClusterRole'],
  onEvent(ev, enqueue) {
    if (ev.ri.plural === 'clusterroles' && ev.ri.group === 'rbac.authorization.k8s.io') enqueue('*');
  },
  reconcile(_key, rt) {
    for (let round = 0; round < 10; round++) {
      const roles = rt.api.list(ri(), undefined).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
      let changed = false;
      for (const role of roles) {
        const selectors = role.aggregationRule?.clusterRoleSelectors;
        if (!selectors) continue;
        const rules: any[] = [];
        for (const ls of selectors) {
          const sel = fromLabelSelector(ls);
          for (const other of roles) {
            if (other.metadata.name === role.metadata.name || !matches(sel, other.metadata.labels)) continue;
            for (const r of other.rules ?? []) if (!rules.some(x => deepEqual(x, r))) rules.push(r);
          }
        }
        if (deepEqual(rules, role.rules ?? [])) continue;
        rt.api.mutate(ri(), undefined, role.metadata.name!, (o: KObject) => { o.rules = rules; });
        changed = true;
      }
      if (!changed) return;
    }
  },
};
