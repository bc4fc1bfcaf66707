// Taint eviction controller (pkg/controller/tainteviction, "taint-eviction-controller"): pods on a node with
// NoExecute taints are deleted at once if they do not tolerate every one of them, or after the smallest
// tolerationSeconds of the tolerations they use (counted from when the controller saw the taint; a
// toleration without tolerationSeconds tolerates forever). Deletion adds the DisruptionTarget condition
// and records TaintManagerEviction ("Marking for deletion Pod ns/name"); a scheduled deletion that is no
// longer needed is cancelled ("Cancelling deletion of Pod ns/name"). Its events carry no pod uid, so
// `kubectl describe pod` does not list them (as in kube); `kubectl get events` does.
// Scheduled deletions are timers ('taint-evict', ns/name) with their start time in meta.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { deepEqual } from '../util/objects';
import { StatusError } from '../api/errors';
import { matchingTolerations, Taint } from '../util/taints';
import { controllerEvent } from './recorder';

const TIMER = 'taint-evict';
const SOURCE = { component: 'taint-eviction-controller' };
const nodeRi = () => byGroupResource('', 'nodes')!;
const podRi = () => byGroupResource('', 'pods')!;
const noExecute = (n: KObject | undefined): Taint[] => (n?.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute');
const workKey = (k: string) => `taint-evict/${k}`;

/** Per step: the NoExecute taints of every node (one list), kept current from node events. */
const tainted = new WeakMap<Runtime, Map<string, Taint[]>>();
function noExecuteOf(rt: Runtime, node: string): Taint[] {
  let m = tainted.get(rt);
  if (!m) {
    m = new Map();
    for (const n of rt.api.list(nodeRi(), undefined)) { const t = noExecute(n); if (t.length) m.set(n.metadata.name!, t); }
    tainted.set(rt, m);
  }
  return m.get(node) ?? [];
}

export const taintEvictionController: Controller = {
  name: 'taint-eviction',
  kinds: ['Node', 'Pod'],
  timers: [TIMER],
  onEvent(ev, enqueue, rt) {
    if (ev.ri.group !== '') return;
    if (ev.ri.kind === 'Node') {
      const m = tainted.get(rt);
      if (m) { const t = ev.type === 'DELETED' ? [] : noExecute(ev.obj); if (t.length) m.set(ev.obj.metadata.name!, t); else m.delete(ev.obj.metadata.name!); }
      if (ev.type === 'MODIFIED' && deepEqual(noExecute(ev.old), noExecute(ev.obj))) return;
      if (ev.type !== 'DELETED') enqueue(`node/${ev.obj.metadata.name}`);
      return;
    }
    if (ev.ri.kind !== 'Pod') return;
    const p = ev.obj, k = `${p.metadata.namespace}/${p.metadata.name}`;
    if (ev.type === 'DELETED') { if (rt.store.getMeta(workKey(k))) enqueue(`gone/${k}`); return; }
    if (ev.type === 'MODIFIED' && ev.old && ev.old.spec?.nodeName === p.spec?.nodeName && deepEqual(ev.old.spec?.tolerations ?? [], p.spec?.tolerations ?? [])) return;
    // a pod on an untainted node has nothing to fear (the node's next taint change looks at it)
    if (p.spec?.nodeName && noExecuteOf(rt, p.spec.nodeName).length) enqueue(`pod/${k}`);
  },
  reconcile(key, rt) {
    const i = key.indexOf('/');
    const what = key.slice(0, i), rest = key.slice(i + 1);
    if (what === 'gone') { cancel(rt, rest); return; }
    if (what === 'node') {
      const node = rt.api.tryGet(nodeRi(), undefined, rest);
      if (!node) return;
      const taints = noExecute(node);
      for (const p of rt.api.podsOnNode(rest)) {
        const k = `${p.metadata.namespace}/${p.metadata.name}`;
        if (!taints.length) cancel(rt, k); else processPodOnNode(rt, p, taints);
      }
      return;
    }
    const j = rest.indexOf('/');
    const pod = rt.api.tryGet(podRi(), rest.slice(0, j), rest.slice(j + 1));
    if (!pod) { cancel(rt, rest); return; }
    const node = pod.spec?.nodeName ? rt.api.tryGet(nodeRi(), undefined, pod.spec.nodeName) : undefined;
    const taints = noExecute(node);
    if (!taints.length) return; // an untainted node: nothing to do (its last taint change cancelled the work)
    processPodOnNode(rt, pod, taints);
  },
  onTimer(_type, k, rt) {
    if (!rt.store.getMeta(workKey(k))) return;
    rt.store.setMeta(workKey(k), '');
    evict(rt, k);
  },
};

/** cancelWorkWithEvent */
function cancel(rt: Runtime, k: string): void {
  if (!rt.store.getMeta(workKey(k))) return;
  rt.store.setMeta(workKey(k), '');
  rt.cancel(TIMER, k);
  controllerEvent(rt, podRef(k), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${k}`, SOURCE);
}

function processPodOnNode(rt: Runtime, pod: KObject, taints: Taint[]): void {
  const k = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const now = rt.clock.now();
  const { all, used } = matchingTolerations(taints, pod.spec?.tolerations);
  if (!all) { cancel(rt, k); evict(rt, k); return; }
  // the smallest tolerationSeconds; none at all means forever
  let min = Infinity;
  for (const t of used) if (typeof t.tolerationSeconds === 'number') min = Math.min(min, Math.max(0, t.tolerationSeconds) * 1000);
  if (min === Infinity) { cancel(rt, k); return; }
  let start = now;
  const existing = rt.store.getMeta(workKey(k));
  if (existing) {
    start = Number(existing);
    if (start + min < now + min) return; // already due sooner
    cancel(rt, k);
  }
  if (start + min <= now) { evict(rt, k); return; }
  rt.store.setMeta(workKey(k), String(start));
  rt.at(start + min, TIMER, k);
}

const podRef = (k: string): KObject => {
  const j = k.indexOf('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: k.slice(0, j), name: k.slice(j + 1) } } as KObject;
};

/** deletePodHandler: the event, then the DisruptionTarget condition and a graceful delete. */
function evict(rt: Runtime, k: string): void {
  controllerEvent(rt, podRef(k), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${k}`, SOURCE);
  const j = k.indexOf('/');
  const ns = k.slice(0, j), name = k.slice(j + 1);
  try {
    rt.api.mutate(podRi(), ns, name, p => {
      const conds: any[] = ((p.status ??= {}).conditions ??= []);
      const c = conds.find(x => x.type === 'DisruptionTarget');
      const next = { lastProbeTime: null, lastTransitionTime: c && c.status === 'True' ? c.lastTransitionTime : rt.clock.nowISO(), message: 'Taint manager: deleting due to NoExecute taint', reason: 'DeletionByTaintManager', status: 'True', type: 'DisruptionTarget' };
      if (c && deepEqual(c, next)) return false;
      if (c) Object.assign(c, next); else conds.push(next);
    }, { subresource: 'status' });
    rt.api.delete(podRi(), ns, name, {});
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
  }
}
