// The Eviction API: POST pods/{name}/eviction (pkg/registry/core/pod/storage/eviction.go). A pod that is
// terminal, pending or already being deleted is deleted at once. Otherwise the one PodDisruptionBudget that
// selects it must allow a disruption: the budget's disruptionsAllowed is decremented and the pod noted in
// its disruptedPods (so the disruption controller stops counting it healthy), or the request is refused with
// 429 TooManyRequests. An unready pod may go without using the budget when the budget is met anyway
// (or its unhealthyPodEvictionPolicy is AlwaysAllow). The evicted pod gets the DisruptionTarget condition,
// then a normal (graceful) delete.
import type { APIServer } from './server';
import type { KObject } from './types';
import { StatusError, notFound } from './errors';
import { byGroupResource } from './discovery';
import { fromLabelSelector, matches } from './selectors';

export interface EvictOptions { gracePeriodSeconds?: number; dryRun?: boolean }

/** Go's metav1 StatusCause type for budgets. */
const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
const TOO_MANY = "Cannot evict pod as it would violate the pod's disruption budget.";
const MAX_DISRUPTED_PODS = 2000;

const podRi = () => byGroupResource('', 'pods')!;
const pdbRi = () => byGroupResource('policy', 'poddisruptionbudgets')!;

export function tooManyRequests(cause: string): StatusError {
  return new StatusError(429, 'TooManyRequests', TOO_MANY, { causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message: cause }] });
}

const isReady = (p: KObject) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const canIgnorePDB = (p: KObject) => ['Succeeded', 'Failed', 'Pending'].includes(p.status?.phase) || !!p.metadata.deletionTimestamp;

/** The budgets whose (non-empty) selector matches the pod. */
export function budgetsFor(api: APIServer, pod: KObject): KObject[] {
  return api.list(pdbRi(), pod.metadata.namespace).filter(pdb => {
    const s = pdb.spec?.selector;
    if (!s || (!Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length)) return false;
    try { return matches(fromLabelSelector(s), pod.metadata.labels); } catch { return false; }
  });
}

export function evictPod(api: APIServer, ns: string, name: string, opts: EvictOptions = {}): void {
  const pod = api.tryGet(podRi(), ns, name);
  if (!pod) throw notFound('pods', name);
  if (!canIgnorePDB(pod)) {
    const pdbs = budgetsFor(api, pod);
    if (pdbs.length > 1) throw new StatusError(500, '', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const pdb = pdbs[0];
    if (pdb) {
      const st = pdb.status ?? {};
      const unhealthyMayGo = !isReady(pod) && (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow'
        || ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0));
      if (!unhealthyMayGo) checkAndDecrement(api, pod, pdb, !!opts.dryRun);
    }
  }
  if (opts.dryRun) return;
  if (!['Succeeded', 'Failed'].includes(pod.status?.phase)) {
    api.mutate(podRi(), ns, name, p => {
      const conds: any[] = ((p.status ??= {}).conditions ??= []);
      const c = conds.find(x => x.type === 'DisruptionTarget');
      if (c && c.status === 'True' && c.reason === 'EvictionByEvictionAPI') return false;
      const next = { lastProbeTime: null, lastTransitionTime: c?.status === 'True' ? c.lastTransitionTime : api.clock.nowISO(), message: 'Eviction API: evicting', reason: 'EvictionByEvictionAPI', status: 'True', type: 'DisruptionTarget' };
      if (c) Object.assign(c, next); else conds.push(next);
    }, { subresource: 'status' });
  }
  api.delete(podRi(), ns, name, { gracePeriodSeconds: opts.gracePeriodSeconds });
}

function checkAndDecrement(api: APIServer, pod: KObject, pdb: KObject, dryRun: boolean): void {
  const st = pdb.status ?? {};
  const name = pdb.metadata.name!;
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`);
  const allowed = st.disruptionsAllowed ?? 0;
  if (allowed < 0) throw new StatusError(403, 'Forbidden', `poddisruptionbudget.policy "${name}" is forbidden: pdb disruptions allowed is negative`, { name });
  if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS)
    throw new StatusError(403, 'Forbidden', `poddisruptionbudget.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`, { name });
  if (allowed === 0) throw tooManyRequests(`The disruption budget ${name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
  if (dryRun) return;
  api.mutate(pdbRi(), pdb.metadata.namespace, name, o => {
    const s = (o.status ??= {});
    s.disruptionsAllowed = allowed - 1;
    if (s.disruptionsAllowed === 0) {
      const conds: any[] = (s.conditions ??= []);
      const c = conds.find(x => x.type === 'DisruptionAllowed');
      const next = { type: 'DisruptionAllowed', status: 'False', observedGeneration: o.metadata.generation, reason: 'InsufficientPods', message: '',
        lastTransitionTime: c && c.status === 'False' ? c.lastTransitionTime : api.clock.nowISO() };
      if (c) Object.assign(c, next); else conds.push(next);
    }
    s.disruptedPods = { ...(s.disruptedPods ?? {}), [pod.metadata.name!]: api.clock.nowISO() };
  }, { subresource: 'status' });
}
