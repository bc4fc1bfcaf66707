// Horizontal pod autoscaler controller (pkg/controller/podautoscaler), autoscaling/v2: every 15s (a timer,
// the first 15s after the HPA appears) it reads the target's scale (spec.replicas, selector), computes a
// replica count per metric with the replica calculator (tolerance 0.1; unready pods and pods without
// metrics handled as kube does: ignored, or counted at 0% / 100% of their request, whichever damps the
// change), takes the largest, stabilizes it (the 5-minute scale-down window, or spec.behavior's windows
// and rate policies), clamps it to [minReplicas, maxReplicas] and scales the target through the API.
// Conditions (AbleToScale, ScalingActive, ScalingLimited), events and status (currentMetrics for the
// TARGETS column) follow the controller's wording. Usage is read only through src/kubelet/usage.ts; with
// no metrics API (a kind cluster without metrics-server) every resource metric fails as it does there.
// Pods, Object and External metrics need a custom/external metrics API, which a kctl cluster never serves.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject, ResourceInfo } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource, resourceForKind } from '../api/discovery';
import { StatusError } from '../api/errors';
import { fromLabelSelector, fromMap, selectorString, parseSelector, matches, Selector } from '../api/selectors';
import { customReplicas, setCustomReplicas } from '../api/crd/scale';
import { deepEqual, clone } from '../util/objects';
import { milli, parseQuantity } from '../util/quantity';
import { parseISO } from './replicaset';
import { endSyncOnApiError, requeueOnTimer } from './podcontrol';
import { metricsAvailable, podMetrics, PodMetrics } from '../kubelet/usage';
import { fmtQ } from '../api/strategies/quota';
import { controllerEvent } from './recorder';

const NAME = 'horizontal-pod-autoscaler';
const SOURCE = { component: 'horizontal-pod-autoscaler' };
const TIMER = 'hpa-sync';
const SYNC_PERIOD_MS = 15_000;
const TOLERANCE = 0.1;
const DOWNSCALE_WINDOW_MS = 300_000;
const CPU_INIT_PERIOD_MS = 300_000;
const INITIAL_READINESS_DELAY_MS = 30_000;
const SCALED = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);
const NO_METRICS_API = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

const hpaRi = () => byGroupResource('autoscaling', 'horizontalpodautoscalers')!;
const podRi = () => byGroupResource('', 'pods')!;

/**
 * The controller's queue adds every HPA with the resync delay (a fixed 15s rate limiter, a request already
 * queued wins): an HPA is first synced 15s after it appears, then every 15s; a spec change never syncs it
 * sooner. Targets are not watched.
 */
function onEvent(ev: WatchEvent, _enqueue: (key: string) => void, rt: Runtime): void {
  const { ri, obj, old } = ev;
  if (ri.kind !== 'HorizontalPodAutoscaler' || ri.group !== 'autoscaling') return;
  const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
  if (ev.type === 'DELETED') { rt.cancel(TIMER, key); rt.store.setMeta(`hpa/${obj.metadata.uid}`, ''); return; }
  if (ev.type === 'MODIFIED' && old && deepEqual(old.spec, obj.spec)) return;
  rt.after(SYNC_PERIOD_MS, TIMER, key);
}

/** The metrics of an HPA in v2 form (v1's targetCPUUtilizationPercentage is a cpu Resource metric). */
function metricSpecs(h: KObject): any[] {
  if (h.apiVersion === 'autoscaling/v1')
    return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: h.spec?.targetCPUUtilizationPercentage ?? 80 } } }];
  return h.spec?.metrics ?? [];
}

function setCondition(conds: any[], type: string, status: string, reason: string, message: string, now: string): void {
  const i = conds.findIndex(c => c.type === type);
  if (i < 0) { conds.push({ type, status, lastTransitionTime: now, reason, message }); return; }
  const c = conds[i];
  conds[i] = { type, status, lastTransitionTime: c.status === status && c.lastTransitionTime ? c.lastTransitionTime : now, reason, message };
}

// ---------------------------------------------------------------------------------------------------------
// the replica calculator (replica_calculator.go)

class MetricError extends Error {}

interface Scale { ri: ResourceInfo; target: KObject; specReplicas: number; statusReplicas: number; selector: Selector; selectorText: string }
/** A kind the HPA can scale: the built-in ones with a scale subresource, and custom resources whose CRD declares one. */
const scalable = (ri: ResourceInfo) => SCALED.has(`${ri.group}/${ri.kind}`) || !!ri.custom?.scale;

/** metricsclient.GetResourceMetric: the pods' usage of one resource (milli-units), by pod name. */
function resourceMetrics(rt: Runtime, pods: KObject[], resource: string, container: string): { metrics: Map<string, { value: number; ts: number; window: number }>; ts: number } {
  if (!metricsAvailable(rt)) throw new MetricError(NO_METRICS_API);
  const metrics = new Map<string, { value: number; ts: number; window: number }>();
  let ts = 0;
  for (const p of pods) {
    const pm: PodMetrics | undefined = podMetrics(p, rt);
    if (!pm) continue;
    let sum = 0, found = false;
    for (const c of pm.containers) {
      if (container && c.name !== container) continue;
      found = true;
      sum += resource === 'cpu' ? c.usage.cpuMilli : resource === 'memory' ? c.usage.memoryBytes * 1000 : 0;
    }
    if (container && !found) throw new MetricError(`container ${container} not present in metrics for pod ${p.metadata.namespace}/${p.metadata.name}`);
    metrics.set(p.metadata.name!, { value: sum, ts: pm.timestamp, window: pm.windowMs });
    ts = pm.timestamp;
  }
  if (!metrics.size) throw new MetricError('no metrics returned from resource metrics API');
  return { metrics, ts };
}

/** groupPods: ready count and the unready, missing and ignored pods. */
function groupPods(pods: KObject[], metrics: Map<string, { value: number; ts: number; window: number }>, resource: string, now: number) {
  let ready = 0;
  const unready = new Set<string>(), missing = new Set<string>(), ignored = new Set<string>();
  for (const p of pods) {
    const name = p.metadata.name!;
    if (p.metadata.deletionTimestamp || p.status?.phase === 'Failed') { ignored.add(name); continue; }
    if (p.status?.phase === 'Pending') { unready.add(name); continue; }
    const m = metrics.get(name);
    if (!m) { missing.add(name); continue; }
    if (resource === 'cpu') {
      const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
      const start = parseISO(p.status?.startTime);
      let isUnready: boolean;
      if (!c || !start) isUnready = true;
      else if (start + CPU_INIT_PERIOD_MS > now) isUnready = c.status === 'False' || m.ts < parseISO(c.lastTransitionTime) + m.window;
      else isUnready = c.status === 'False' && start + INITIAL_READINESS_DELAY_MS > parseISO(c.lastTransitionTime);
      if (isUnready) { unready.add(name); continue; }
    }
    ready++;
  }
  return { ready, unready, missing, ignored };
}

function requestsOf(pods: KObject[], resource: string, container: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pods) {
    let sum = 0;
    const cs = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always')];
    for (const c of cs) {
      if (container && c.name !== container) continue;
      const r = c.resources?.requests?.[resource];
      if (r === undefined) throw new MetricError(`missing request for ${resource} in container ${c.name} of Pod ${p.metadata.name}`);
      sum += resource === 'cpu' ? milli(r) : Math.round(parseQuantity(r) * 1000);
    }
    out.set(p.metadata.name!, sum);
  }
  return out;
}

function utilizationRatio(metrics: Map<string, { value: number }>, requests: Map<string, number>, target: number): { ratio: number; utilization: number; raw: number } {
  let used = 0, req = 0, n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    used += m.value; req += r; n++;
  }
  if (req === 0) throw new MetricError('no metrics returned matched known pods');
  const utilization = Math.trunc((used * 100) / req);
  return { ratio: utilization / target, utilization, raw: Math.trunc(used / n) };
}

/** GetResourceReplicas (target utilization) and GetRawResourceReplicas (target average value). */
function resourceReplicas(rt: Runtime, scale: Scale, current: number, resource: string, container: string, target: { utilization?: number; averageValue?: number }):
  { replicas: number; utilization?: number; raw: number } {
  const ns = scale.target.metadata.namespace;
  const pods = rt.api.list(podRi(), ns, { labelSelector: scale.selector });
  const { metrics } = resourceMetrics(rt, pods, resource, container);
  if (!pods.length) throw new MetricError('no pods returned by selector while calculating replica count');
  const g = groupPods(pods, metrics, resource, rt.clock.now());
  for (const n of [...g.ignored, ...g.unready]) metrics.delete(n);
  if (!metrics.size) throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  const byValue = target.utilization === undefined;
  let requests: Map<string, number> | undefined;
  const ratioOf = (m: Map<string, { value: number }>) => {
    if (!byValue) return utilizationRatio(m, requests!, target.utilization!);
    let sum = 0;
    for (const v of m.values()) sum += v.value;
    const avg = Math.trunc(sum / m.size);
    return { ratio: sum / (target.averageValue! * m.size), utilization: undefined, raw: avg };
  };
  if (!byValue) requests = requestsOf(pods, resource, container);
  const first = ratioOf(metrics);
  const usageRatio = first.ratio;
  const scaleUpWithUnready = g.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (Math.abs(1.0 - usageRatio) <= TOLERANCE) return { replicas: current, utilization: first.utilization, raw: first.raw };
    return { replicas: Math.ceil(usageRatio * g.ready), utilization: first.utilization, raw: first.raw };
  }
  if (g.missing.size) {
    for (const n of g.missing) {
      if (usageRatio < 1.0) {
        const fallback = byValue ? target.averageValue! : Math.trunc((requests!.get(n) ?? 0) * Math.max(100, target.utilization!) / 100);
        metrics.set(n, { value: fallback, ts: 0, window: 0 });
      } else if (usageRatio > 1.0) metrics.set(n, { value: 0, ts: 0, window: 0 });
    }
  }
  if (scaleUpWithUnready) for (const n of g.unready) metrics.set(n, { value: 0, ts: 0, window: 0 });
  const second = ratioOf(metrics).ratio;
  if (Math.abs(1.0 - second) <= TOLERANCE || (usageRatio < 1.0 && second > 1.0) || (usageRatio > 1.0 && second < 1.0))
    return { replicas: current, utilization: first.utilization, raw: first.raw };
  const replicas = Math.ceil(second * metrics.size);
  if ((second < 1.0 && replicas > current) || (second > 1.0 && replicas < current)) return { replicas: current, utilization: first.utilization, raw: first.raw };
  return { replicas, utilization: first.utilization, raw: first.raw };
}

/** computeReplicasForMetric: a proposal, the metric's name for messages, and its status entry. */
function replicasForMetric(rt: Runtime, scale: Scale, m: any): { replicas: number; name: string; status: any } {
  const current = scale.specReplicas;
  if (m.type === 'Resource' || m.type === 'ContainerResource') {
    const isContainer = m.type === 'ContainerResource';
    const src = isContainer ? m.containerResource ?? {} : m.resource ?? {};
    const t = src.target ?? {};
    const container = isContainer ? src.container ?? '' : '';
    const kind = isContainer ? 'container' : 'resource';
    const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
    const outer = isContainer ? `failed to get ${src.name} container metric value` : `failed to get ${src.name} resource metric value`;
    try {
      if (t.averageValue !== undefined && t.averageValue !== null) {
        let r: ReturnType<typeof resourceReplicas>;
        try { r = resourceReplicas(rt, scale, current, src.name, container, { averageValue: src.name === 'cpu' ? milli(t.averageValue) : Math.round(parseQuantity(t.averageValue) * 1000) }); }
        catch (e) { if (e instanceof MetricError) throw new MetricError(`failed to get ${src.name} usage: ${detail(e, src.name)}`); throw e; }
        const status = { type: m.type, [isContainer ? 'containerResource' : 'resource']: { name: src.name, ...(isContainer ? { container } : {}), current: { averageValue: milliQuantity(r.raw) } } };
        return { replicas: r.replicas, name: `${src.name} ${kind}`, status };
      }
      if (t.averageUtilization === undefined || t.averageUtilization === null)
        throw new MetricError('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
      let r: ReturnType<typeof resourceReplicas>;
      try { r = resourceReplicas(rt, scale, current, src.name, container, { utilization: t.averageUtilization }); }
      catch (e) { if (e instanceof MetricError) throw new MetricError(`failed to get ${src.name} utilization: ${detail(e, src.name)}`); throw e; }
      const status = { type: m.type, [isContainer ? 'containerResource' : 'resource']: { name: src.name, ...(isContainer ? { container } : {}), current: { averageValue: milliQuantity(r.raw), averageUtilization: r.utilization } } };
      return { replicas: r.replicas, name: `${src.name} ${kind} utilization (percentage of request)`, status };
    } catch (e) {
      if (!(e instanceof MetricError)) throw e;
      throw new MetricFailure(reason, e.message, `${outer}: ${e.message}`);
    }
  }
  switch (m.type) {
    case 'Pods': {
      const err = `unable to get metric ${m.pods?.metric?.name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
      throw new MetricFailure('FailedGetPodsMetric', err, `failed to get pods metric value: ${err}`);
    }
    case 'Object': {
      const err = `unable to get metric ${m.object?.metric?.name}: ${m.object?.describedObject?.kind}/${m.object?.describedObject?.name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
      throw new MetricFailure('FailedGetObjectMetric', err, `failed to get object metric value: ${err}`);
    }
    default: {
      const err = `unable to get external metric ${scale.target.metadata.namespace}/${m.external?.metric?.name}/&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${m.external?.metric?.name}.external.metrics.k8s.io)`;
      throw new MetricFailure('FailedGetExternalMetric', err, `failed to get external metric value: ${err}`);
    }
  }
}
/** The calculator's own errors, wrapped the way GetResourceReplicas wraps the metrics client's. */
function detail(e: MetricError, resource: string): string {
  const fromClient = e.message === NO_METRICS_API || e.message === 'no metrics returned from resource metrics API' || e.message.startsWith('container ');
  return fromClient ? `unable to get metrics for resource ${resource}: ${e.message}` : e.message;
}
class MetricFailure extends Error { constructor(public reason: string, public err: string, public wrapped: string) { super(wrapped); } }
const milliQuantity = (m: number) => fmtQ({ v: m / 1000, bin: false });

// ---------------------------------------------------------------------------------------------------------
// stabilization and rate limits (horizontal.go), with the controller's memory kept per HPA

interface Memory { recs: { r: number; t: number }[]; up: { n: number; t: number }[]; down: { n: number; t: number }[]; sel?: string }
function memory(rt: Runtime, hpa: KObject): Memory {
  const raw = rt.store.getMeta(`hpa/${hpa.metadata.uid}`);
  return raw ? JSON.parse(raw) : { recs: [], up: [], down: [] };
}
const saveMemory = (rt: Runtime, hpa: KObject, m: Memory) => rt.store.setMeta(`hpa/${hpa.metadata.uid}`, JSON.stringify(m));

function stabilize(mem: Memory, desired: number, now: number): number {
  let max = desired, oldIdx = -1;
  const cutoff = now - DOWNSCALE_WINDOW_MS;
  mem.recs.forEach((rec, i) => { if (rec.t < cutoff) oldIdx = i; else if (rec.r > max) max = rec.r; });
  if (oldIdx >= 0) mem.recs[oldIdx] = { r: desired, t: now }; else mem.recs.push({ r: desired, t: now });
  return max;
}
function stabilizeWithBehavior(mem: Memory, current: number, desired: number, up: any, down: any, now: number): { r: number; reason: string; message: string } {
  let upRec = desired, downRec = desired, oldIdx = -1;
  const upCut = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downCut = now - (down.stabilizationWindowSeconds ?? DOWNSCALE_WINDOW_MS / 1000) * 1000;
  mem.recs.forEach((rec, i) => {
    if (rec.t > upCut) upRec = Math.min(rec.r, upRec);
    if (rec.t > downCut) downRec = Math.max(rec.r, downRec);
    if (rec.t < upCut && rec.t < downCut) oldIdx = i;
  });
  let r = current;
  if (r < upRec) r = upRec;
  if (r > downRec) r = downRec;
  if (oldIdx >= 0) mem.recs[oldIdx] = { r: desired, t: now }; else mem.recs.push({ r: desired, t: now });
  return desired >= current
    ? { r, reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
    : { r, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
}
const changeInPeriod = (events: { n: number; t: number }[], periodS: number, now: number) =>
  events.filter(e => e.t > now - periodS * 1000).reduce((s, e) => s + e.n, 0);
function scaleUpLimit(current: number, mem: Memory, rules: any, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const min = rules.selectPolicy === 'Min';
  let result = min ? Infinity : -Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(mem.up, p.periodSeconds, now) + changeInPeriod(mem.down, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = min ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}
function scaleDownLimit(current: number, mem: Memory, rules: any, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const min = rules.selectPolicy === 'Min';
  let result = min ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(mem.up, p.periodSeconds, now) + changeInPeriod(mem.down, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = min ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------

/** The target's scale subresource: spec/status replicas and the label selector (status.selector's string). */
function scaleOf(ri: ResourceInfo, target: KObject): Scale {
  if (ri.custom?.scale) {
    const path = (p: string) => p.replace(/^\./, '').split('.').reduce((o: any, k) => o?.[k], target);
    const status = path(ri.custom.scale.statusReplicasPath);
    const sel = ri.custom.scale.labelSelectorPath ? path(ri.custom.scale.labelSelectorPath) : undefined;
    return { ri, target, specReplicas: customReplicas(target, ri), statusReplicas: typeof status === 'number' ? status : 0, selector: [], selectorText: typeof sel === 'string' ? sel : '' };
  }
  const sel = ri.kind === 'ReplicationController' ? fromMap(target.spec?.selector ?? {}) : fromLabelSelector(target.spec?.selector ?? {});
  return { ri, target, specReplicas: target.spec?.replicas ?? 1, statusReplicas: target.status?.replicas ?? 0, selector: sel, selectorText: selectorString(sel) };
}

/**
 * validateAndParseSelector: the scale's selector must be there and parse, and the pods it selects must not be
 * selected by another HPA's target too (the selectors of the namespace's HPAs as each last synced them).
 * Returns the failure (events and condition already recorded) or undefined.
 */
function validateSelector(rt: Runtime, hpa: KObject, scale: Scale, mem: Memory, conds: any[], now: string): string | undefined {
  if (!scale.selectorText) {
    controllerEvent(rt, hpa, 'Warning', 'SelectorRequired', 'selector is required', SOURCE);
    setCondition(conds, 'ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector", now);
    return 'selector is required';
  }
  try { scale.selector = parseSelector(scale.selectorText); } catch (e) {
    const msg = `couldn't convert selector into a corresponding internal selector object: ${(e as Error).message}`;
    controllerEvent(rt, hpa, 'Warning', 'InvalidSelector', msg, SOURCE);
    setCondition(conds, 'ScalingActive', 'False', 'InvalidSelector', msg, now);
    return msg;
  }
  mem.sel = scale.selectorText;
  const ns = hpa.metadata.namespace;
  const pods = rt.api.list(podRi(), ns, { labelSelector: scale.selector });
  const others = rt.api.list(hpaRi(), ns).filter(h => h.metadata.uid !== hpa.metadata.uid).flatMap(h => {
    const sel = memory(rt, h).sel;
    if (!sel) return [];
    let parsed: Selector;
    try { parsed = parseSelector(sel); } catch { return []; }
    return pods.some(p => matches(parsed, p.metadata.labels)) ? [h.metadata.name!] : [];
  });
  if (!others.length || !pods.length) return undefined;
  const keys = [hpa.metadata.name!, ...others].sort().map(n => `{${n} ${ns}}`);
  const msg = `pods by selector ${scale.selectorText} are controlled by multiple HPAs: [${keys.join(' ')}]`;
  controllerEvent(rt, hpa, 'Warning', 'AmbiguousSelector', msg, SOURCE);
  setCondition(conds, 'ScalingActive', 'False', 'AmbiguousSelector', msg, now);
  return msg;
}

function sync(hpa: KObject, rt: Runtime): void {
  const v1 = hpa.apiVersion === 'autoscaling/v1';
  const nowMs = rt.clock.now();
  const now = rt.clock.nowISO();
  const old = hpa.status ?? {};
  const st: any = clone(old);
  const conds: any[] = st.conditions ?? [];
  const ref = hpa.spec?.scaleTargetRef ?? {};
  const ri = ref.apiVersion && ref.kind ? resourceForKind(ref.apiVersion, ref.kind) : undefined;
  const target = ri && scalable(ri) ? rt.api.tryGet(ri, hpa.metadata.namespace, ref.name) : undefined;
  let metricStatuses: any[] | undefined;
  const write = (current: number, desired: number, rescaled: boolean) => {
    const out: any = {};
    const last = rescaled ? now : st.lastScaleTime;
    if (v1) {
      if (last) out.lastScaleTime = last;
      out.currentReplicas = current;
      out.desiredReplicas = desired;
      const u = metricStatuses?.[0]?.resource?.current?.averageUtilization;
      if (u !== undefined) out.currentCPUUtilizationPercentage = u;
    } else {
      if (last) out.lastScaleTime = last;
      if (current) out.currentReplicas = current;
      out.desiredReplicas = desired;
      if (metricStatuses?.length) out.currentMetrics = metricStatuses;
      if (conds.length) out.conditions = conds;
    }
    if (deepEqual(out, old)) return;
    rt.api.mutate(hpaRi(), hpa.metadata.namespace, hpa.metadata.name!, o => {
      if (o.metadata.uid !== hpa.metadata.uid) return false;
      o.status = out;
    }, { subresource: 'status' });
  };
  if (!target) {
    const gr = ri ? (ri.group ? `${ri.plural}.${ri.group}` : ri.plural) : `${String(ref.kind ?? '').toLowerCase()}s`;
    const msg = `${gr} "${ref.name}" not found`;
    controllerEvent(rt, hpa, 'Warning', 'FailedGetScale', msg, SOURCE);
    setCondition(conds, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`, now);
    metricStatuses = old.currentMetrics;
    write(old.currentReplicas ?? 0, old.desiredReplicas ?? 0, false);
    return;
  }
  setCondition(conds, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", now);
  const scale = scaleOf(ri!, target);
  const current = scale.specReplicas;
  const mem = memory(rt, hpa);
  if (!mem.recs.length) mem.recs.push({ r: current, t: nowMs });
  const min: number = hpa.spec?.minReplicas ?? 1;
  const max: number = hpa.spec?.maxReplicas ?? 1;
  let desired = 0, reason = '', rescale = true;
  if (current === 0 && min !== 0) {
    rescale = false;
    setCondition(conds, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', now);
  } else if (current > max) { reason = 'Current number of replicas above Spec.MaxReplicas'; desired = max; }
  else if (current < min) { reason = 'Current number of replicas below Spec.MinReplicas'; desired = min; }
  else {
    // computeReplicasForMetrics
    const selErr = validateSelector(rt, hpa, scale, mem, conds, now);
    if (selErr) {
      write(current, st.desiredReplicas ?? 0, false);
      saveMemory(rt, hpa, mem);
      controllerEvent(rt, hpa, 'Warning', 'FailedComputeMetricsReplicas', selErr, SOURCE);
      return;
    }
    const specs = metricSpecs(hpa);
    metricStatuses = specs.map(() => ({ type: '' }));
    let proposal = 0, name = '', invalid = 0;
    let first: MetricFailure | undefined;
    specs.forEach((m, i) => {
      try {
        const r = replicasForMetric(rt, scale, m);
        metricStatuses![i] = r.status;
        if (proposal === 0 || r.replicas > proposal) { proposal = r.replicas; name = r.name; }
      } catch (e) {
        if (!(e instanceof MetricFailure)) throw e;
        controllerEvent(rt, hpa, 'Warning', e.reason, e.err, SOURCE);
        if (!first) first = e;
        invalid++;
      }
    });
    if (invalid >= specs.length || (invalid > 0 && proposal < current)) {
      setCondition(conds, 'ScalingActive', 'False', first!.reason, `the HPA was unable to compute the replica count: ${first!.err}`, now);
      write(current, st.desiredReplicas ?? 0, false);
      saveMemory(rt, hpa, mem);
      controllerEvent(rt, hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first!.wrapped}`, SOURCE);
      return;
    }
    setCondition(conds, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${name}`, now);
    desired = proposal;
    if (desired > current) reason = `${name} above target`;
    if (desired < current) reason = 'All metrics below target';
    const behavior = v1 ? undefined : hpa.spec?.behavior;
    let limitReason: string, limitMsg: string;
    let final: number;
    if (!behavior) {
      const stabilized = stabilize(mem, desired, nowMs);
      if (stabilized !== desired) setCondition(conds, 'AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation', now);
      else setCondition(conds, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now);
      const upLimit = Math.max(2 * current, 4);
      let maxAllowed: number;
      if (max > upLimit) { maxAllowed = upLimit; limitReason = 'ScaleUpLimit'; limitMsg = 'the desired replica count is increasing faster than the maximum scale rate'; }
      else { maxAllowed = max; limitReason = 'TooManyReplicas'; limitMsg = 'the desired replica count is more than the maximum replica count'; }
      if (stabilized < min) { final = min; limitReason = 'TooFewReplicas'; limitMsg = 'the desired replica count is less than the minimum replica count'; }
      else if (stabilized > maxAllowed) final = maxAllowed;
      else { final = stabilized; limitReason = 'DesiredWithinRange'; limitMsg = 'the desired count is within the acceptable range'; }
      setCondition(conds, 'ScalingLimited', final === stabilized ? 'False' : 'True', limitReason, limitMsg, now);
    } else {
      const up = behavior.scaleUp ?? {}, down = { ...(behavior.scaleDown ?? {}) };
      down.stabilizationWindowSeconds ??= DOWNSCALE_WINDOW_MS / 1000;
      const s = stabilizeWithBehavior(mem, current, desired, up, down, nowMs);
      if (s.r !== desired) setCondition(conds, 'AbleToScale', 'True', s.reason, s.message, now);
      else setCondition(conds, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', now);
      final = s.r; limitReason = 'DesiredWithinRange'; limitMsg = 'the desired count is within the acceptable range';
      if (s.r > current) {
        const lim = Math.max(scaleUpLimit(current, mem, up, nowMs), current);
        let maxAllowed = max;
        if (maxAllowed > lim) { maxAllowed = lim; limitReason = 'ScaleUpLimit'; limitMsg = 'the desired replica count is increasing faster than the maximum scale rate'; }
        else { limitReason = 'TooManyReplicas'; limitMsg = 'the desired replica count is more than the maximum replica count'; }
        if (s.r > maxAllowed) final = maxAllowed; else { limitReason = 'DesiredWithinRange'; limitMsg = 'the desired count is within the acceptable range'; }
      } else if (s.r < current) {
        const lim = Math.min(scaleDownLimit(current, mem, down, nowMs), current);
        let minAllowed = min;
        if (minAllowed < lim) { minAllowed = lim; limitReason = 'ScaleDownLimit'; limitMsg = 'the desired replica count is decreasing faster than the maximum scale rate'; }
        else { limitReason = 'TooFewReplicas'; limitMsg = 'the desired replica count is less than the minimum replica count'; }
        if (s.r < minAllowed) final = minAllowed; else { limitReason = 'DesiredWithinRange'; limitMsg = 'the desired count is within the acceptable range'; }
      }
      setCondition(conds, 'ScalingLimited', final === s.r ? 'False' : 'True', limitReason, limitMsg, now);
    }
    desired = final;
    rescale = desired !== current;
  }
  if (rescale) {
    try {
      rt.api.mutate(ri!, target.metadata.namespace, target.metadata.name!, o => {
        if (o.metadata.uid !== target.metadata.uid) return false;
        if (ri!.custom?.scale) setCustomReplicas(o, ri!, desired);
        else o.spec = { ...(o.spec ?? {}), replicas: desired };
      });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      setCondition(conds, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${e.message}`, now);
      controllerEvent(rt, hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${e.message}`, SOURCE);
      write(current, st.desiredReplicas ?? 0, false);
      saveMemory(rt, hpa, mem);
      return;
    }
    setCondition(conds, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`, now);
    controllerEvent(rt, hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, SOURCE);
    // storeScaleEvent: kept only when a behavior will read them
    if (!v1 && hpa.spec?.behavior) {
      const longest = (rules: any) => Math.max(0, ...(rules?.policies ?? []).map((p: any) => p.periodSeconds ?? 0)) * 1000;
      if (desired > current) mem.up = [...mem.up.filter(e => e.t > nowMs - longest(hpa.spec.behavior.scaleUp)), { n: desired - current, t: nowMs }];
      else mem.down = [...mem.down.filter(e => e.t > nowMs - longest(hpa.spec.behavior.scaleDown)), { n: current - desired, t: nowMs }];
    }
  } else desired = current;
  saveMemory(rt, hpa, mem);
  write(current, desired, rescale);
}

function reconcile(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const ns = key.slice(0, i), name = key.slice(i + 1);
  const hpa = rt.api.tryGet(hpaRi(), ns, name);
  if (!hpa || hpa.metadata.deletionTimestamp) { rt.cancel(TIMER, key); return; }
  // resync period: the controller looks at every HPA every 15 seconds
  rt.reset(SYNC_PERIOD_MS, TIMER, key);
  endSyncOnApiError(NAME, key, () => sync(hpa, rt));
}

export const hpaController: Controller = {
  name: NAME,
  kinds: ['autoscaling/HorizontalPodAutoscaler'],
  timers: [TIMER],
  onEvent,
  reconcile,
  onTimer: requeueOnTimer(NAME),
};
