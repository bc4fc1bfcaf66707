// TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job (Complete or Failed) with
// spec.ttlSecondsAfterFinished is deleted (foreground, so its pods go first) that long after it finished;
// a timer fires at the deadline, and a changed TTL moves it.
import type { Controller } from './types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { parseISO } from './replicaset';

const NAME = 'ttl-after-finished';
const TIMER = 'ttl-after-finished';
const jobRi = () => byGroupResource('batch', 'jobs')!;

/** When the job finished: its Complete or Failed condition's transition time. */
function finishedAt(j: any): number | undefined {
  const c = (j.status?.conditions ?? []).find((x: any) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c ? parseISO(c.lastTransitionTime) : undefined;
}

export const ttlAfterFinishedController: Controller = {
  name: NAME,
  kinds: ['batch/Job'],
  timers: [TIMER],
  onEvent(ev, enqueue, rt) {
    const { ri, obj } = ev;
    if (ri.group !== 'batch' || ri.kind !== 'Job') return;
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    if (ev.type === 'DELETED') { rt.cancel(TIMER, key); return; }
    if (obj.spec?.ttlSecondsAfterFinished != null && finishedAt(obj) !== undefined && !obj.metadata.deletionTimestamp) enqueue(key);
  },
  reconcile(key, rt) {
    const i = key.indexOf('/');
    const j = rt.api.tryGet(jobRi(), key.slice(0, i), key.slice(i + 1));
    if (!j || j.metadata.deletionTimestamp || j.spec?.ttlSecondsAfterFinished == null) { rt.cancel(TIMER, key); return; }
    const at = finishedAt(j);
    if (at === undefined) return;
    const due = at + j.spec.ttlSecondsAfterFinished * 1000;
    if (rt.clock.now() < due) { rt.reset(due - rt.clock.now(), TIMER, key); return; }
    try { rt.api.delete(jobRi(), j.metadata.namespace, j.metadata.name!, { propagationPolicy: 'Foreground' }); } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  },
  onTimer(_type, key, rt) { rt.enqueueFor(NAME, key); },
};
