// The scheduler: binds pending pods to nodes (filters, then a spreading score), records Scheduled or
// FailedScheduling, and retries when the cluster changes.
import type { Controller } from '../controllers/types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { filterNodes, scoreNode, failureMessage } from './predicates';
import { cacheFor, peekCache } from './cache';

const PENDING_KEY = 'pending';

export const scheduler: Controller = {
  name: 'scheduler',
  onEvent(ev, enqueue, rt) {
    peekCache(rt)?.observe(ev);
    if (ev.ri.kind === 'Pod' && ev.ri.group === '') {
      const p = ev.obj;
      if (ev.type !== 'DELETED' && !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler')
        enqueue(`${p.metadata.namespace}/${p.metadata.name}`);
      // freed capacity: unschedulable pods get another chance
      if (ev.type === 'DELETED' && p.spec?.nodeName) enqueue(PENDING_KEY);
      const done = (x: any) => x?.status?.phase === 'Succeeded' || x?.status?.phase === 'Failed';
      if (ev.type === 'MODIFIED' && p.spec?.nodeName && done(p) && !done(ev.old)) enqueue(PENDING_KEY);
    } else if (ev.ri.kind === 'Node' && ev.ri.group === '') {
      // only changes that could make a pod fit (queueing hints): not heartbeats or the image list
      const o = ev.old; const n = ev.obj;
      if (!o || ev.type !== 'MODIFIED' || JSON.stringify(o.spec) !== JSON.stringify(n.spec)
        || JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels)
        || JSON.stringify(o.status?.allocatable) !== JSON.stringify(n.status?.allocatable)) enqueue(PENDING_KEY);
    }
  },
  reconcile(key, rt) {
    const podRi = byGroupResource('', 'pods')!;
    if (key === PENDING_KEY) {
      const raw = rt.store.getMeta('unschedulable');
      if (!raw) return;
      const keys = JSON.parse(raw) as string[];
      rt.store.setMeta('unschedulable', '');
      for (const k of keys) rt.enqueueFor('scheduler', k);
      return;
    }
    const slash = key.indexOf('/');
    const pod = rt.api.tryGet(podRi, key.slice(0, slash), key.slice(slash + 1));
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    if (pod.spec?.schedulingGates?.length) return;
    schedule(pod, rt);
  },
};

function schedule(pod: KObject, rt: Runtime): void {
  const nodeRi = byGroupResource('', 'nodes')!;
  const podRi = byGroupResource('', 'pods')!;
  const nodes = cacheFor(rt).nodes();
  void nodeRi;
  const { fits, reasons, resolvable } = filterNodes(pod, nodes, rt);
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  if (!fits.length) {
    const msg = nodes.length ? failureMessage(nodes.length, reasons, resolvable.size, pod.spec?.preemptionPolicy)
      : 'no nodes available to schedule pods';
    rt.api.mutate(podRi, pod.metadata.namespace, pod.metadata.name!, p => {
      const conds = (p.status.conditions ??= []) as any[];
      const c = conds.find(x => x.type === 'PodScheduled');
      if (c && c.status === 'False' && c.message === msg) return false;
      const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: c?.lastTransitionTime ?? rt.clock.nowISO(), reason: 'Unschedulable', message: msg };
      if (c) Object.assign(c, cond); else conds.push(cond);
    }, { subresource: 'status' });
    rt.api.recordEvent(pod, 'Warning', 'FailedScheduling', msg, { component: 'default-scheduler' });
    const list = JSON.parse(rt.store.getMeta('unschedulable') || '[]') as string[];
    if (!list.includes(key)) { list.push(key); rt.store.setMeta('unschedulable', JSON.stringify(list)); }
    return;
  }
  let best = fits[0]!; let bestScore = -Infinity;
  for (const n of fits) {
    const s = scoreNode(pod, n, rt);
    if (s > bestScore) { best = n; bestScore = s; }
  }
  const nodeName = best.metadata.name!;
  // Binding: set nodeName (the binding subresource), then the PodScheduled condition.
  rt.api.bind(pod.metadata.namespace!, pod.metadata.name!, nodeName);
  rt.api.mutate(podRi, pod.metadata.namespace, pod.metadata.name!, p => {
    const conds = ((p.status ??= {}).conditions ??= []) as any[];
    const c = conds.find(x => x.type === 'PodScheduled');
    const cond = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rt.clock.nowISO() };
    if (c) { for (const k of Object.keys(c)) delete c[k]; Object.assign(c, cond); } else conds.push(cond);
  }, { subresource: 'status' });
  rt.api.recordEvent(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, { component: 'default-scheduler' });
}
