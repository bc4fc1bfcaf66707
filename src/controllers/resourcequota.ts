// Resource quota controller (pkg/controller/resourcequota): status.hard = spec.hard, status.used = what the
// namespace's objects use (object counts, and pod compute resources over pods that count against quota).
// A change maps to the quotas of its namespace that track that resource; the namespace's quotas are read
// once per step and kept (dropped when a quota changes or a savepoint rolls writes back).
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { computeUsage, canonicalHard, keyTracks, podCounts } from '../api/strategies/quota';
import { deepEqual } from '../util/objects';

const quotaRi = () => byGroupResource('', 'resourcequotas')!;

interface Cache { byNs: Map<string, { name: string; keys: string[] }[]>; lastRv: number }
const caches = new WeakMap<Runtime, Cache>();
function cache(rt: Runtime): Cache {
  let c = caches.get(rt);
  if (!c) caches.set(rt, (c = { byNs: new Map(), lastRv: 0 }));
  return c;
}
function quotasIn(rt: Runtime, ns: string) {
  const c = cache(rt);
  let l = c.byNs.get(ns);
  if (!l) c.byNs.set(ns, (l = rt.api.list(quotaRi(), ns).map(o => ({ name: o.metadata.name!, keys: Object.keys(o.spec?.hard ?? {}) }))));
  return l;
}

/** Does this modification change what the object contributes to a quota? */
function usageChanged(ev: WatchEvent, now: number): boolean {
  if (ev.type !== 'MODIFIED' || !ev.old) return true;
  const { obj, old } = ev;
  if (ev.ri.kind === 'Pod') return podCounts(obj, now) !== podCounts(old, now) || !deepEqual(obj.spec?.containers, old.spec?.containers)
    || !deepEqual(obj.spec?.initContainers, old.spec?.initContainers) || obj.spec?.activeDeadlineSeconds !== old.spec?.activeDeadlineSeconds;
  if (ev.ri.kind === 'Service' || ev.ri.kind === 'PersistentVolumeClaim') return !deepEqual(obj.spec, old.spec);
  return false;
}

function onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const ns = ev.obj.metadata.namespace;
  if (!ns || !ev.ri.namespaced || (ev.ri.kind === 'Event')) return;
  const c = cache(rt);
  const rv = Number(ev.obj.metadata.resourceVersion ?? 0);
  if (rv <= c.lastRv) c.byNs.clear();
  c.lastRv = rv;
  const isQuota = ev.ri.kind === 'ResourceQuota' && ev.ri.group === '';
  if (isQuota) {
    c.byNs.delete(ns);
    if (ev.type !== 'DELETED' && !(ev.type === 'MODIFIED' && ev.old && deepEqual(ev.old.spec, ev.obj.spec))) enqueue(`${ns}/${ev.obj.metadata.name}`);
    if (ev.type === 'MODIFIED') return;
  }
  if (!isQuota && !usageChanged(ev, rt.clock.now())) return;
  for (const q of quotasIn(rt, ns)) if (q.keys.some(k => keyTracks(k, ev.ri))) enqueue(`${ns}/${q.name}`);
}

function reconcile(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const ns = key.slice(0, i), name = key.slice(i + 1);
  const rq = rt.api.tryGet(quotaRi(), ns, name);
  if (!rq || rq.metadata.deletionTimestamp) return;
  const hardSpec: Record<string, unknown> = rq.spec?.hard ?? {};
  const st: any = { hard: canonicalHard(hardSpec), used: computeUsage(rt.api, ns, rq, rt.clock.now()) };
  if (!Object.keys(hardSpec).length) { delete st.hard; delete st.used; }
  if (deepEqual(st, rq.status ?? {})) return;
  try {
    rt.api.mutate(quotaRi(), ns, name, (o: KObject) => {
      if (o.metadata.uid !== rq.metadata.uid) return false;
      o.status = st;
    }, { subresource: 'status' });
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
  }
}

export const resourceQuotaController: Controller = { name: 'resourcequota', onEvent, reconcile };
