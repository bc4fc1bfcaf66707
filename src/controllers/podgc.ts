// Pod garbage collector (pkg/controller/podgc): pods bound to a node that no longer exists are marked Failed
// with the DisruptionTarget condition ("PodGC: node no longer exists") and force-deleted, once the node has
// been gone for the quarantine period (40 s). This is how a deleted Node's pods go away.
import type { Controller } from './types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';

const TIMER = 'podgc-orphans';
const QUARANTINE_MS = 40_000;
const podRi = () => byGroupResource('', 'pods')!;

export const podGCController: Controller = {
  name: 'pod-garbage-collector',
  kinds: ['Node'],
  timers: [TIMER],
  onEvent(ev, _enqueue, rt) {
    if (ev.ri.group === '' && ev.ri.kind === 'Node' && ev.type === 'DELETED') rt.after(QUARANTINE_MS, TIMER, ev.obj.metadata.name!);
  },
  reconcile() { /* timer-driven */ },
  onTimer(_type, node, rt) {
    if (rt.api.tryGet(byGroupResource('', 'nodes')!, undefined, node)) return;
    const nowISO = rt.clock.nowISO();
    for (const pod of rt.api.podsOnNode(node)) {
      try {
        rt.api.mutate(podRi(), pod.metadata.namespace, pod.metadata.name!, p => {
          if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return false;
          const st = (p.status ??= {});
          st.phase = 'Failed';
          const conds: any[] = (st.conditions ??= []);
          const c = { lastProbeTime: null, lastTransitionTime: nowISO, message: 'PodGC: node no longer exists', reason: 'DeletionByPodGC', status: 'True', type: 'DisruptionTarget' };
          const i = conds.findIndex(x => x.type === 'DisruptionTarget');
          if (i >= 0) conds[i] = c; else conds.push(c);
        }, { subresource: 'status' });
        rt.api.delete(podRi(), pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    }
  },
};
