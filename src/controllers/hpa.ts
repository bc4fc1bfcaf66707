// Horizontal pod autoscaler controller (pkg/controller/podautoscaler), as it runs without a metrics server
// (kind): it reads the target's scale, keeps its replicas within [minReplicas, maxReplicas] (scaling it
// through the API with a SuccessfulRescale event), and otherwise fails to compute the replica count from
// metrics (ScalingActive False, FailedGetResourceMetric / FailedComputeMetricsReplicas events).
// The HPA is synced when it changes and when its target's scale changes (kube also resyncs every 15s).
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource, resourceForKind } from '../api/discovery';
import { StatusError } from '../api/errors';
import { deepEqual } from '../util/objects';

const hpaRi = () => byGroupResource('autoscaling', 'horizontalpodautoscalers')!;
const SOURCE = { component: 'horizontal-pod-autoscaler' };
const SCALED = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);
const NO_METRICS_API = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

interface Cache { byNs: Map<string, KObject[]>; lastRv: number }
const caches = new WeakMap<Runtime, Cache>();
function hpasIn(rt: Runtime, ns: string, rv: number): KObject[] {
  let c = caches.get(rt);
  if (!c) caches.set(rt, (c = { byNs: new Map(), lastRv: 0 }));
  if (rv <= c.lastRv) c.byNs.clear();
  c.lastRv = rv;
  let l = c.byNs.get(ns);
  if (!l) c.byNs.set(ns, (l = rt.api.list(hpaRi(), ns)));
  return l;
}

function onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const { ri, obj, old } = ev;
  const ns = obj.metadata.namespace;
  if (!ns) return;
  if (ri.kind === 'HorizontalPodAutoscaler' && ri.group === 'autoscaling') {
    caches.get(rt)?.byNs.delete(ns);
    if (ev.type === 'DELETED' || (ev.type === 'MODIFIED' && old && deepEqual(old.spec, obj.spec))) return;
    enqueue(`${ns}/${obj.metadata.name}`);
    return;
  }
  if (!SCALED.has(`${ri.group}/${ri.kind}`)) return;
  // the scale's status (what the HPA reads as currentReplicas) moving is what brings the next sync
  if (ev.type === 'MODIFIED' && old && old.status?.replicas === obj.status?.replicas) return;
  for (const h of hpasIn(rt, ns, Number(obj.metadata.resourceVersion ?? 0))) {
    const ref = h.spec?.scaleTargetRef ?? {};
    if (ref.kind === ri.kind && ref.name === obj.metadata.name) enqueue(`${ns}/${h.metadata.name}`);
  }
}

/** The metrics of an HPA in v2 form (v1's targetCPUUtilizationPercentage is a cpu Resource metric). */
function metricSpecs(h: KObject): any[] {
  if (h.apiVersion === 'autoscaling/v1')
    return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: h.spec?.targetCPUUtilizationPercentage ?? 80 } } }];
  return h.spec?.metrics ?? [];
}

/** What computeReplicasForMetric reports for one metric when no metrics API is served. */
function metricFailure(m: any): { reason: string; err: string; wrapped: string } {
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource': {
      const r = m.type === 'Resource' ? m.resource ?? {} : m.containerResource ?? {};
      const what = r.target?.type === 'Utilization' || r.target?.averageUtilization != null ? 'utilization' : 'usage';
      const err = `failed to get ${r.name} ${what}: unable to get metrics for resource ${r.name}: ${NO_METRICS_API}`;
      return m.type === 'Resource'
        ? { reason: 'FailedGetResourceMetric', err, wrapped: `failed to get ${r.name} resource metric value: ${err}` }
        : { reason: 'FailedGetContainerResourceMetric', err, wrapped: `failed to get ${r.name} container metric value: ${err}` };
    }
    case 'Pods': {
      const err = `unable to get metric ${m.pods?.metric?.name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
      return { reason: 'FailedGetPodsMetric', err, wrapped: `failed to get pods metric value: ${err}` };
    }
    case 'Object': {
      const err = `unable to get metric ${m.object?.metric?.name}: ${m.object?.describedObject?.kind}/${m.object?.describedObject?.name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
      return { reason: 'FailedGetObjectMetric', err, wrapped: `failed to get object metric value: ${err}` };
    }
    default: {
      const err = `unable to get external metric ${m.external?.metric?.name}: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${m.external?.metric?.name}.external.metrics.k8s.io)`;
      return { reason: 'FailedGetExternalMetric', err, wrapped: `failed to get external metric value: ${err}` };
    }
  }
}

function setCondition(conds: any[], type: string, status: string, reason: string, message: string, now: string): void {
  const i = conds.findIndex(c => c.type === type);
  if (i < 0) { conds.push({ type, status, lastTransitionTime: now, reason, message }); return; }
  const c = conds[i];
  conds[i] = { type, status, lastTransitionTime: c.status === status && c.lastTransitionTime ? c.lastTransitionTime : now, reason, message };
}

function reconcile(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const ns = key.slice(0, i), name = key.slice(i + 1);
  const hpa = rt.api.tryGet(hpaRi(), ns, name);
  if (!hpa || hpa.metadata.deletionTimestamp) return;
  try { sync(hpa, rt); } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    if (process.env.KCTL_DEBUG) process.stderr.write(`hpa ${key}: ${e.message}\n`);
  }
}

function sync(hpa: KObject, rt: Runtime): void {
  const v1 = hpa.apiVersion === 'autoscaling/v1';
  const now = rt.clock.nowISO();
  const old = hpa.status ?? {};
  const st: any = JSON.parse(JSON.stringify(old));
  const conds: any[] = st.conditions ?? [];
  const ref = hpa.spec?.scaleTargetRef ?? {};
  const ri = ref.apiVersion && ref.kind ? resourceForKind(ref.apiVersion, ref.kind) : undefined;
  const target = ri && SCALED.has(`${ri.group}/${ri.kind}`) ? rt.api.tryGet(ri, hpa.metadata.namespace, ref.name) : undefined;
  const write = () => {
    if (conds.length && !v1) st.conditions = conds;
    if (deepEqual(st, old)) return;
    rt.api.mutate(hpaRi(), hpa.metadata.namespace, hpa.metadata.name!, o => {
      if (o.metadata.uid !== hpa.metadata.uid) return false;
      o.status = st;
    }, { subresource: 'status' });
  };
  if (!target) {
    const gr = ri ? (ri.group ? `${ri.plural}.${ri.group}` : ri.plural) : `${String(ref.kind ?? '').toLowerCase()}s`;
    const msg = `${gr} "${ref.name}" not found`;
    rt.api.recordEvent(hpa, 'Warning', 'FailedGetScale', msg, SOURCE);
    setCondition(conds, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`, now);
    write();
    return;
  }
  setCondition(conds, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", now);
  const current: number = target.status?.replicas ?? 0;
  const specReplicas: number = target.spec?.replicas ?? 1;
  const min: number = hpa.spec?.minReplicas ?? 1;
  const max: number = hpa.spec?.maxReplicas ?? 1;
  let desired = 0, reason = '', rescale = true;
  if (specReplicas === 0 && min !== 0) {
    rescale = false;
    setCondition(conds, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', now);
  } else if (current > max) { reason = 'Current number of replicas above Spec.MaxReplicas'; desired = max; }
  else if (current < min) { reason = 'Current number of replicas below Spec.MinReplicas'; desired = min; }
  else {
    // computeReplicasForMetrics: every metric fails without a metrics API
    const specs = metricSpecs(hpa);
    let first: ReturnType<typeof metricFailure> | undefined;
    for (const m of specs) {
      const f = metricFailure(m);
      rt.api.recordEvent(hpa, 'Warning', f.reason, f.err, SOURCE);
      first ??= f;
    }
    if (first) setCondition(conds, 'ScalingActive', 'False', first.reason, `the HPA was unable to compute the replica count: ${first.err}`, now);
    st.currentReplicas = current;
    if (st.desiredReplicas === undefined) st.desiredReplicas = 0;
    write();
    if (first) rt.api.recordEvent(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (${specs.length} invalid out of ${specs.length}), first error is: ${first.wrapped}`, SOURCE);
    return;
  }
  if (rescale) {
    try {
      rt.api.mutate(ri!, target.metadata.namespace, target.metadata.name!, o => {
        if (o.metadata.uid !== target.metadata.uid) return false;
        o.spec = { ...(o.spec ?? {}), replicas: desired };
      });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      setCondition(conds, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${e.message}`, now);
      rt.api.recordEvent(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${e.message}`, SOURCE);
      st.currentReplicas = current;
      write();
      return;
    }
    setCondition(conds, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`, now);
    rt.api.recordEvent(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, SOURCE);
    st.lastScaleTime = now;
  } else desired = current;
  st.currentReplicas = current;
  st.desiredReplicas = desired;
  write();
}

export const hpaController: Controller = { name: 'horizontal-pod-autoscaler', kinds: ['autoscaling/HorizontalPodAutoscaler', ...SCALED], onEvent, reconcile };
