// The scheduler (kube-scheduler's scheduleOne): filters every node (src/scheduler/predicates.ts), scores the
// ones that fit and binds the pod to the best; when none fits, runs the preemption post-filter
// (src/scheduler/preemption.ts), writes PodScheduled=False with the FitError message (nominatedNodeName set
// when preemption made room) and a FailedScheduling event. Unschedulable pods are retried when the cluster
// changes in a way that could help, higher priority first (the PrioritySort queue order).
import type { Controller } from '../controllers/types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { filterContext, filterNodes, scoreNodes, fitErrorMessage, priorityOf, pickPlainNode } from './predicates';
import { preempt } from './preemption';
import { cacheFor, peekCache } from './cache';
import { preBind, waitFor, waiting } from './volumes';

const PENDING_KEY = 'pending';
/** Storage events wake only the pods that failed for a storage reason (the VolumeBinding plugin's hints). */
const PENDING_VOLUMES_KEY = 'pending-volumes';
const VOLUME_REASONS = /PersistentVolumeClaim|persistentvolumeclaim|persistent volumes|volume node affinity|non-existent pv/;
const podRi = () => byGroupResource('', 'pods')!;

export const scheduler: Controller = {
  name: 'scheduler',
  // (claims, volumes and classes: VolumeBinding's queueing hints for pods waiting on storage)
  kinds: ['Pod', 'Node', 'PersistentVolumeClaim', 'PersistentVolume', 'storage.k8s.io/StorageClass'],
  onEvent(ev, enqueue, rt) {
    peekCache(rt)?.observe(ev);
    if (ev.ri.kind === 'Pod' && ev.ri.group === '') {
      const p = ev.obj;
      // the queue's isPodUpdated: an update of a pending pod that only touched its status (and with it
      // resourceVersion, generation, managedFields or finalizers) is no news
      const strip = (m: any) => JSON.stringify({ ...m, resourceVersion: '', generation: 0, managedFields: null, finalizers: null });
      // (worked out only for a pod that waits for this scheduler: a bound pod's changes never queue it)
      const onlyStatus = () => ev.type === 'MODIFIED' && ev.old && (ev.old.spec === p.spec || JSON.stringify(ev.old.spec) === JSON.stringify(p.spec))
        && strip(ev.old.metadata) === strip(p.metadata);
      if (ev.type !== 'DELETED' && !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' && !onlyStatus())
        enqueue(`${p.metadata.namespace}/${p.metadata.name}`);
      // freed capacity: unschedulable pods get another chance
      if (ev.type === 'DELETED' && p.spec?.nodeName) enqueue(PENDING_KEY);
      const done = (x: any) => x?.status?.phase === 'Succeeded' || x?.status?.phase === 'Failed';
      if (ev.type === 'MODIFIED' && p.spec?.nodeName && done(p) && !done(ev.old)) enqueue(PENDING_KEY);
      // a bound pod's labels matter to pod affinity and spreading
      if (ev.type === 'MODIFIED' && p.spec?.nodeName && ev.old?.metadata.labels !== p.metadata.labels && JSON.stringify(ev.old?.metadata.labels) !== JSON.stringify(p.metadata.labels)) enqueue(PENDING_KEY);
    } else if (ev.ri.kind === 'PersistentVolumeClaim' && ev.ri.group === '') {
      // a claim that appeared or became bound may let pods waiting on it go on
      if (ev.type === 'DELETED') return;
      const boundNow = ev.obj.status?.phase === 'Bound' && ev.old?.status?.phase !== 'Bound';
      if (boundNow) for (const k of waiting(rt, ev.obj)) enqueue(k);
      if (ev.type === 'ADDED' || boundNow) enqueue(PENDING_VOLUMES_KEY);
    } else if ((ev.ri.kind === 'PersistentVolume' && ev.ri.group === '' && ev.type === 'ADDED')
      || (ev.ri.kind === 'StorageClass' && ev.ri.group === 'storage.k8s.io' && ev.type === 'ADDED')) {
      enqueue(PENDING_VOLUMES_KEY);
    } else if (ev.ri.kind === 'Node' && ev.ri.group === '') {
      // only changes that could make a pod fit (queueing hints): not heartbeats or the image list
      const o = ev.old; const n = ev.obj;
      if (!o || ev.type !== 'MODIFIED' || JSON.stringify(o.spec) !== JSON.stringify(n.spec)
        || JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels)
        || JSON.stringify(o.status?.allocatable) !== JSON.stringify(n.status?.allocatable)) enqueue(PENDING_KEY);
    }
  },
  reconcile(key, rt) {
    if (key === PENDING_KEY || key === PENDING_VOLUMES_KEY) {
      const meta = key === PENDING_KEY ? 'unschedulable' : 'unschedulable_volumes';
      const raw = rt.store.getMeta(meta);
      if (!raw) return;
      const keys = JSON.parse(raw) as string[];
      rt.store.setMeta(meta, '');
      // PrioritySort: higher priority first, then the longer waiting
      const pods = keys.map(k => ({ k, p: getPod(rt, k) })).filter(x => x.p) as { k: string; p: KObject }[];
      pods.sort((a, b) => priorityOf(b.p) - priorityOf(a.p) || keys.indexOf(a.k) - keys.indexOf(b.k));
      for (const { k } of pods) rt.enqueueFor('scheduler', k);
      return;
    }
    const pod = getPod(rt, key);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    if (pod.spec?.schedulingGates?.length) return;
    schedule(pod, rt);
  },
};

/** The pod as stored: read-only. */
function getPod(rt: Runtime, key: string): KObject | undefined {
  const slash = key.indexOf('/');
  return rt.api.view(podRi(), key.slice(0, slash), key.slice(slash + 1));
}

function schedule(pod: KObject, rt: Runtime): void {
  const nodes = cacheFor(rt).nodes();
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const plain = pickPlainNode(rt, pod);
  if (plain) { bind(pod, plain.metadata.name!, rt); return; }
  const ctx = filterContext(rt, pod);
  // a PreFilter failure (VolumeBinding's) rejects every node alike
  const preFailed = ctx.volumes?.error;
  const { fits, statuses } = preFailed
    ? { fits: [] as KObject[], statuses: new Map(nodes.map(n => [n.metadata.name!, { code: 'UnschedulableAndUnresolvable' as const, reasons: [preFailed] }])) }
    : filterNodes(ctx, nodes);
  if (!fits.length) {
    let msg = 'no nodes available to schedule pods';
    let nominated: string | undefined | null = null; // null: leave as is
    if (nodes.length) {
      const post = preempt(rt, pod, nodes, statuses);
      msg = fitErrorMessage(nodes.length, statuses, post.message, preFailed);
      if (post.nominatedNode) nominated = post.nominatedNode;
      else if (post.message.startsWith('preemption: 0/')) nominated = undefined; // preemption cannot help: clear it
    }
    rt.api.modify(podRi(), pod.metadata.namespace, pod.metadata.name!, p => {
      const st = (p.status ??= {});
      const conds = (st.conditions ??= []) as any[];
      const c = conds.find(x => x.type === 'PodScheduled');
      const nomChange = nominated !== null && (st.nominatedNodeName ?? undefined) !== (nominated ?? undefined);
      if (c && c.status === 'False' && c.message === msg && !nomChange) return false;
      const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: c && c.status === 'False' ? c.lastTransitionTime : rt.clock.nowISO(), reason: 'Unschedulable', message: msg };
      if (c) Object.assign(c, cond); else conds.push(cond);
      if (nominated) st.nominatedNodeName = nominated;
      else if (nominated === undefined) delete st.nominatedNodeName;
    }, { subresource: 'status' });
    rt.api.recordEvent(pod, 'Warning', 'FailedScheduling', msg, { component: 'default-scheduler' });
    for (const meta of VOLUME_REASONS.test(msg) ? ['unschedulable', 'unschedulable_volumes'] : ['unschedulable']) {
      const list = JSON.parse(rt.store.getMeta(meta) || '[]') as string[];
      if (!list.includes(key)) { list.push(key); rt.store.setMeta(meta, JSON.stringify(list)); }
    }
    return;
  }
  const scores = scoreNodes(ctx, fits);
  let best = fits[0]!; let bestScore = -Infinity;
  for (const n of fits) {
    const s = scores.get(n.metadata.name!)!;
    if (s > bestScore) { best = n; bestScore = s; }
  }
  // VolumeBinding's PreBind: claims that wait for a consumer are bound (or provisioned) for this node first
  if (ctx.volumes && !preBind(ctx.volumes, best, rt)) { waitFor(rt, pod, ctx.volumes.delayed); return; }
  bind(pod, best.metadata.name!, rt);
}

/** Binding: the binding subresource (nodeName and the PodScheduled condition, one write), and the event. */
function bind(pod: KObject, nodeName: string, rt: Runtime): void {
  rt.api.bind(pod.metadata.namespace!, pod.metadata.name!, nodeName, false);
  rt.api.recordEvent(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, { component: 'default-scheduler' });
}
