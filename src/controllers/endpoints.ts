// Endpoints controller: one core/v1 Endpoints per Service with a selector, named after it, listing the
// selected pods' IPs: ready pods in `addresses`, the others in `notReadyAddresses`, terminating and finished
// pods left out, named target ports resolved per pod, subsets repacked by port set (RepackSubsets).
// A Service without a selector keeps whatever Endpoints the user writes. At most 1000 addresses are kept;
// beyond that the object is truncated and annotated `endpoints.kubernetes.io/over-capacity: truncated`.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { deepEqual } from '../util/objects';
import {
  svcRi, noteService, servicesForPodEvent, selectorOf, selectedPods, podInEndpoints, podReady, resolveTargetPort,
  hostnameFor, isHeadless, targetRef, triggerTime, TRIGGER_ANNOTATION,
} from './servicepods';

const epRi = () => byGroupResource('', 'endpoints')!;
const MAX_ADDRESSES = 1000;
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';
const keyOf = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;

export const endpointsController: Controller = {
  name: 'endpoint-controller',
  kinds: ['Service', 'Pod', 'Endpoints'],
  onEvent(ev, enqueue, rt) {
    if (ev.ri.group !== '') return;
    if (ev.ri.kind === 'Service') { noteService(rt, ev); enqueue(keyOf(ev.obj)); return; }
    if (ev.ri.kind === 'Pod') { for (const k of servicesForPodEvent(rt, ev)) enqueue(k); return; }
    if (ev.ri.kind === 'Endpoints' && ev.type === 'DELETED') enqueue(keyOf(ev.obj));
  },
  reconcile(key, rt) {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash), name = key.slice(slash + 1);
    const svc = rt.api.tryGet(svcRi(), ns, name);
    const cur = rt.api.tryGet(epRi(), ns, name);
    if (!svc) {
      if (cur && !cur.metadata.deletionTimestamp) ignoreGone(() => rt.api.delete(epRi(), ns, name));
      return;
    }
    if (!selectorOf(svc)) return; // the user's to write
    syncEndpoints(rt, svc, cur);
  },
};

function ignoreGone(fn: () => void): void {
  try { fn(); } catch (e) { if (!(e instanceof StatusError)) throw e; }
}

interface Addr { addr: any; ready: boolean; ports: Map<string, any>; pod: KObject }

/** The subsets the Service's pods call for (repacked, sorted), and the pods that made it in. */
export function desiredSubsets(rt: Runtime, svc: KObject): { subsets: any[]; pods: Map<string, { pod: KObject; ready: boolean }>; truncated: boolean } {
  const tolerate = !!svc.spec?.publishNotReadyAddresses;
  const ports: any[] = svc.spec?.ports ?? [];
  const byAddr = new Map<string, Addr>();
  const pods = selectedPods(rt, svc).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const p of pods) {
    if (!podInEndpoints(p, tolerate)) continue;
    const addr: any = { ip: p.status.podIP };
    const h = hostnameFor(p, svc);
    if (h) addr.hostname = h;
    if (p.spec?.nodeName) addr.nodeName = p.spec.nodeName;
    addr.targetRef = targetRef(p);
    const a: Addr = { addr, ready: tolerate || podReady(p), ports: new Map(), pod: p };
    if (!ports.length) {
      if (!isHeadless(svc)) continue;
    } else {
      for (const sp of ports) {
        const port = resolveTargetPort(p, sp);
        if (port === undefined) continue;
        const epp: any = {};
        if (sp.name) epp.name = sp.name;
        epp.port = port;
        epp.protocol = sp.protocol ?? 'TCP';
        if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
        a.ports.set(JSON.stringify(epp), epp);
      }
      if (!a.ports.size) continue;
    }
    byAddr.set(`${addr.ip}\u0000${p.metadata.uid}`, a);
  }
  // at most 1000 addresses, ready ones first
  let list = [...byAddr.values()];
  let truncated = false;
  if (list.length > MAX_ADDRESSES) {
    list = [...list.filter(a => a.ready), ...list.filter(a => !a.ready)].slice(0, MAX_ADDRESSES);
    truncated = true;
  }
  // RepackSubsets: addresses with the same set of ports share a subset
  const groups = new Map<string, { ports: any[]; ready: any[]; notReady: any[] }>();
  for (const a of list) {
    const keys = [...a.ports.keys()].sort();
    const gk = keys.join('\u0001');
    let g = groups.get(gk);
    if (!g) { g = { ports: keys.map(k => a.ports.get(k)), ready: [], notReady: [] }; groups.set(gk, g); }
    (a.ready ? g.ready : g.notReady).push(a.addr);
  }
  const byIP = (x: any, y: any) => (x.ip < y.ip ? -1 : x.ip > y.ip ? 1 : x.targetRef.uid < y.targetRef.uid ? -1 : 1);
  const subsets: any[] = [];
  for (const g of groups.values()) {
    const ss: any = {};
    if (g.ready.length) ss.addresses = g.ready.sort(byIP);
    if (g.notReady.length) ss.notReadyAddresses = g.notReady.sort(byIP);
    if (g.ports.length) ss.ports = orderPorts(g.ports, ports);
    subsets.push(ss);
  }
  subsets.sort((x, y) => subsetKey(x).localeCompare(subsetKey(y)));
  const included = new Map<string, { pod: KObject; ready: boolean }>();
  for (const a of list) included.set(a.pod.metadata.uid!, { pod: a.pod, ready: a.ready });
  return { subsets, pods: included, truncated };
}
/** Ports in the Service's own order. */
function orderPorts(eps: any[], svcPorts: any[]): any[] {
  const idx = (p: any) => { const i = svcPorts.findIndex(sp => (sp.name ?? '') === (p.name ?? '') && (sp.protocol ?? 'TCP') === p.protocol); return i < 0 ? 1e9 : i; };
  return eps.sort((a, b) => idx(a) - idx(b) || a.port - b.port);
}
const subsetKey = (ss: any) => JSON.stringify(ss.ports ?? []) + JSON.stringify((ss.addresses ?? ss.notReadyAddresses ?? [])[0]?.ip ?? '');

function syncEndpoints(rt: Runtime, svc: KObject, cur: KObject | undefined): void {
  const { subsets, pods, truncated } = desiredSubsets(rt, svc);
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  if (cur) {
    const sameSubsets = deepEqual(cur.subsets ?? [], subsets);
    const sameLabels = deepEqual(cur.metadata.labels ?? {}, labels);
    const sameCap = (cur.metadata.annotations?.[OVER_CAPACITY] === 'truncated') === truncated;
    if (sameSubsets && sameLabels && sameCap) return;
  }
  // which pods' entries changed: their readiness change is the trigger time
  const before = new Map<string, boolean>();
  for (const ss of cur?.subsets ?? []) {
    for (const a of ss.addresses ?? []) if (a.targetRef?.uid) before.set(a.targetRef.uid, true);
    for (const a of ss.notReadyAddresses ?? []) if (a.targetRef?.uid) before.set(a.targetRef.uid, false);
  }
  const changed = [...pods.values()].filter(x => before.get(x.pod.metadata.uid!) !== x.ready).map(x => x.pod);
  const trigger = triggerTime(rt, changed, svc, !cur);
  const annotations: Record<string, string> = { ...(cur?.metadata.annotations ?? {}) };
  annotations[TRIGGER_ANNOTATION] = trigger;
  if (truncated) annotations[OVER_CAPACITY] = 'truncated'; else delete annotations[OVER_CAPACITY];
  ignoreGone(() => {
    if (cur) {
      rt.api.mutate(epRi(), cur.metadata.namespace, cur.metadata.name!, o => {
        o.metadata.labels = labels;
        if (!Object.keys(labels).length) delete o.metadata.labels;
        o.metadata.annotations = annotations;
        if (subsets.length) o.subsets = subsets; else delete o.subsets;
      });
    } else {
      const ep: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace } };
      if (Object.keys(labels).length) ep.metadata.labels = labels;
      ep.metadata.annotations = annotations;
      if (subsets.length) ep.subsets = subsets;
      rt.api.create(ep);
    }
  });
}
