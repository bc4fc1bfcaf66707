// What the Endpoints and EndpointSlice controllers share: which Services select a pod (an index of the
// Services of each namespace, kept per invocation and updated from Service changes, so a pod change costs
// the Services of its own namespace, never a cluster scan), whether a pod change matters to endpoints,
// and the per-pod facts both controllers publish (readiness, terminating, named target ports).
import type { Runtime } from '../sim/runtime';
import type { WatchEvent } from '../api/server';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';

export const svcRi = () => byGroupResource('', 'services')!;
export const podRi = () => byGroupResource('', 'pods')!;

/** Per namespace: the Services that have a selector, and it. */
type Index = Map<string, Map<string, Record<string, string>>>;
const indexes = new WeakMap<Runtime, Index>();

function nsIndex(rt: Runtime, ns: string): Map<string, Record<string, string>> {
  let idx = indexes.get(rt);
  if (!idx) { idx = new Map(); indexes.set(rt, idx); }
  let m = idx.get(ns);
  if (!m) {
    m = new Map();
    for (const s of rt.api.list(svcRi(), ns)) { const sel = selectorOf(s); if (sel) m.set(s.metadata.name!, sel); }
    idx.set(ns, m);
  }
  return m;
}

/** A Service's pod selector, or null for a Service without one (its endpoints are the user's). */
export function selectorOf(svc: KObject): Record<string, string> | null {
  const sel = svc.spec?.selector;
  if (!sel || typeof sel !== 'object' || !Object.keys(sel).length) return null;
  if (svc.spec?.type === 'ExternalName') return null;
  return sel;
}
export function selects(sel: Record<string, string> | null, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  for (const k of Object.keys(sel)) if ((labels ?? {})[k] !== sel[k]) return false;
  return true;
}

/** Keep the index in step with a Service change (called by every controller that uses it; idempotent). */
export function noteService(rt: Runtime, ev: WatchEvent): void {
  const idx = indexes.get(rt);
  const m = idx?.get(ev.obj.metadata.namespace ?? '');
  if (!m) return;
  const sel = ev.type === 'DELETED' ? null : selectorOf(ev.obj);
  if (sel) m.set(ev.obj.metadata.name!, sel); else m.delete(ev.obj.metadata.name!);
}

/** The Services (`ns/name` keys) a pod change concerns: those selecting the pod before or after it. */
export function servicesForPodEvent(rt: Runtime, ev: WatchEvent): string[] {
  const ns = ev.obj.metadata.namespace ?? 'default';
  const idx = nsIndex(rt, ns);
  if (!idx.size) return [];
  if (ev.type === 'MODIFIED' && ev.old && !endpointRelevantChange(ev.old, ev.obj)) return [];
  const out: string[] = [];
  for (const [name, sel] of idx) {
    if (selects(sel, ev.obj.metadata.labels) || (ev.old && selects(sel, ev.old.metadata.labels))) out.push(`${ns}/${name}`);
  }
  return out;
}

function readyOf(p: KObject): string | undefined {
  return (p.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
}
/** Does anything endpoints publish differ between two versions of a pod? */
export function endpointRelevantChange(a: KObject, b: KObject): boolean {
  if (a.status?.podIP !== b.status?.podIP || a.status?.phase !== b.status?.phase) return true;
  if (readyOf(a) !== readyOf(b)) return true;
  if (!!a.metadata.deletionTimestamp !== !!b.metadata.deletionTimestamp) return true;
  if (a.spec?.nodeName !== b.spec?.nodeName || a.spec?.hostname !== b.spec?.hostname || a.spec?.subdomain !== b.spec?.subdomain) return true;
  if (JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {})) return true;
  if (JSON.stringify((a.status?.podIPs ?? [])) !== JSON.stringify(b.status?.podIPs ?? [])) return true;
  return false;
}

/** The pods of the Service's namespace its selector matches. */
export function selectedPods(rt: Runtime, svc: KObject): KObject[] {
  const sel = selectorOf(svc);
  if (!sel) return [];
  return rt.api.list(podRi(), svc.metadata.namespace).filter(p => selects(sel, p.metadata.labels));
}

export const podReady = (p: KObject) => readyOf(p) === 'True';
export const podTerminating = (p: KObject) => !!p.metadata.deletionTimestamp;
/** ShouldPodBeInEndpoints: an IP, not finished; terminating pods only when asked for. */
export function podInEndpoints(p: KObject, includeTerminating: boolean): boolean {
  if (!p.status?.podIP) return false;
  if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return false;
  if (!includeTerminating && podTerminating(p)) return false;
  return true;
}
/** podutil.FindPort: a numeric targetPort as is; a named one looked up in the pod's containers (same protocol). */
export function resolveTargetPort(p: KObject, sp: any): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(String(tp))) return Number(tp);
  const proto = sp.protocol ?? 'TCP';
  for (const c of p.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === tp && (cp.protocol ?? 'TCP') === proto) return cp.containerPort;
  }
  return undefined;
}
/** ShouldSetHostname: the pod asked for a hostname under this service's name. */
export function hostnameFor(p: KObject, svc: KObject): string | undefined {
  const h = p.spec?.hostname;
  if (h && p.spec?.subdomain === svc.metadata.name && p.metadata.namespace === svc.metadata.namespace) return h;
  return undefined;
}
export const isHeadless = (svc: KObject) => svc.spec?.clusterIP === 'None';
/** An ObjectReference to a pod, in Go field order. */
export const targetRef = (p: KObject) => ({ kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid });

/** The change trigger time: the earliest readiness change among the pods whose entries changed, else now. */
export function triggerTime(rt: Runtime, changed: KObject[], svc: KObject, first: boolean): string {
  const times: string[] = [];
  for (const p of changed) {
    const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
    times.push(c?.lastTransitionTime ?? p.metadata.creationTimestamp ?? rt.clock.nowISO());
  }
  if (first && svc.metadata.creationTimestamp) times.push(svc.metadata.creationTimestamp);
  times.sort();
  return times[0] ?? rt.clock.nowISO();
}
export const TRIGGER_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
