// The simulated kubelets: one per node, moving pods bound to it through their lifecycle.
// A pod's lifecycle is data (src/kubelet/lifecycle.ts): stages with delays, not code paths.
// A kubelet whose node is down (src/kubelet/node.ts) does nothing: its pods are neither synced nor
// terminated until the node comes back. Node-side work (status events, the eviction manager) has its own keys.
// One sync per pod change: the status the kubelet writes in a sync does not bring the pod back to it
// (that sync already did all that was due; KCTL_CHECK_KUBELET=1 makes it sync again and fail if it would
// have changed anything).
import type { Controller } from '../controllers/types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { syncPod, terminatePod, kubeletTimer, forget, KUBELET_TIMERS } from './lifecycle';
import { isNodeDown, schedulableChanged } from './node';
import { EVICTION_TIMERS, evictionTimer } from './pressure';

/** The pod the kubelet is syncing right now: its own writes to it are not a new change. */
let syncing: string | undefined;
const CHECK = !!process.env.KCTL_CHECK_KUBELET;

export const kubelet: Controller = {
  name: 'kubelet',
  kinds: ['Pod', 'Node'],
  timers: [...KUBELET_TIMERS, ...EVICTION_TIMERS],
  onEvent(ev, enqueue, rt) {
    if (ev.ri.group !== '') return;
    if (ev.ri.kind === 'Node') {
      if (ev.type !== 'MODIFIED') nodeNames.delete(rt);
      // the kubelet reports a cordon or uncordon in its next status update
      if (ev.type === 'MODIFIED' && !!ev.old?.spec?.unschedulable !== !!ev.obj.spec?.unschedulable)
        schedulableChanged(rt, ev.obj.metadata.name!, !!ev.obj.spec?.unschedulable);
      return;
    }
    if (ev.ri.kind !== 'Pod') return;
    if (ev.type === 'DELETED') { if (ev.obj.spec?.nodeName) forget(ev.obj, rt); return; }
    if (!ev.obj.spec?.nodeName) return;
    const key = `${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`;
    if (key === syncing && ev.type === 'MODIFIED') return;
    enqueue(key);
  },
  reconcile(key, rt) {
    const pod = getPod(rt, key);
    if (!pod || !pod.spec?.nodeName) return;
    if (!kubeletRuns(rt, pod.spec.nodeName)) return;
    const outer = syncing;
    syncing = key;
    try {
      if (pod.metadata.deletionTimestamp) terminatePod(pod, rt);
      else syncPod(pod, rt);
    } finally {
      syncing = outer;
    }
    if (CHECK) checkSettled(key, rt);
  },
  onTimer(type, key, rt) {
    if (EVICTION_TIMERS.includes(type)) { evictionTimer(type, key, rt); return; }
    kubeletTimer(type, key, rt);
  },
};

/** A kubelet runs on a node that exists and is not down. (Node names are read once per step.) */
const nodeNames = new WeakMap<Runtime, Set<string>>();
function kubeletRuns(rt: Runtime, node: string): boolean {
  if (isNodeDown(rt, node)) return false;
  let names = nodeNames.get(rt);
  if (!names) nodeNames.set(rt, (names = new Set(rt.api.list(byGroupResource('', 'nodes')!, undefined).map(n => n.metadata.name!))));
  return names.has(node);
}

/** Debugging: a second sync right after the first must change nothing. */
function checkSettled(key: string, rt: Runtime): void {
  const pod = getPod(rt, key);
  if (!pod || !pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
  const rv = rt.store.currentRV();
  syncing = key;
  try { syncPod(pod, rt); } finally { syncing = undefined; }
  if (rt.store.currentRV() !== rv) throw new Error(`kubelet: a second sync of ${key} changed it (rv ${rv} → ${rt.store.currentRV()})`);
}

/** The pod as stored: read-only (the kubelet writes status through rt.api; clone() before changing anything). */
export function getPod(rt: Runtime, key: string): KObject | undefined {
  const slash = key.indexOf('/');
  return rt.api.view(byGroupResource('', 'pods')!, key.slice(0, slash), key.slice(slash + 1));
}
