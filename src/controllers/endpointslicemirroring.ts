// EndpointSlice mirroring controller: Endpoints a user writes for a Service without a selector are mirrored
// into EndpointSlices (`<service>-<5 chars>`, managed-by endpointslicemirroring-controller.k8s.io, owned by
// the Endpoints), unless the Endpoints carry `endpointslice.kubernetes.io/skip-mirror: "true"` (as the
// `kubernetes` Endpoints do). Each subset becomes one slice: its ports, its ready addresses (ready) and its
// not-ready addresses (not ready; only the ready condition is set, as the mirroring controller does).
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { deepEqual } from '../util/objects';
import { selectorOf, svcRi } from './servicepods';
import { SERVICE_NAME_LABEL, MANAGED_BY_LABEL } from './endpointslice';

export const MIRROR_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
const epRi = () => byGroupResource('', 'endpoints')!;
const sliceRi = () => byGroupResource('discovery.k8s.io', 'endpointslices')!;
const keyOf = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;

export const endpointSliceMirroringController: Controller = {
  name: 'endpointslicemirroring-controller',
  kinds: ['Endpoints', 'Service', 'discovery.k8s.io/EndpointSlice'],
  onEvent(ev, enqueue) {
    if (ev.ri.group === '' && (ev.ri.kind === 'Endpoints' || ev.ri.kind === 'Service')) enqueue(keyOf(ev.obj));
    else if (ev.ri.kind === 'EndpointSlice' && ev.type === 'DELETED' && ev.obj.metadata.labels?.[MANAGED_BY_LABEL] === MIRROR_CONTROLLER) {
      const svc = ev.obj.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc) enqueue(`${ev.obj.metadata.namespace}/${svc}`);
    }
  },
  reconcile(key, rt) {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash), name = key.slice(slash + 1);
    try { mirror(rt, ns, name); } catch (e) { if (!(e instanceof StatusError)) throw e; }
  },
};

function mirror(rt: Runtime, ns: string, name: string): void {
  const svc = rt.api.tryGet(svcRi(), ns, name);
  const ep = rt.api.tryGet(epRi(), ns, name);
  const wanted = svc && ep && !selectorOf(svc) && svc.spec?.type !== 'ExternalName' && ep.metadata.labels?.[SKIP_MIRROR] !== 'true' && !ep.metadata.deletionTimestamp;
  // which Services have mirrored slices is remembered, so Endpoints the controllers write cost nothing here
  const memo = `mirror/${ns}/${name}`;
  if (!wanted && !rt.store.getMeta(memo)) return;
  rt.store.setMeta(memo, wanted ? '1' : '');
  const existing = rt.api.list(sliceRi(), ns).filter(s => s.metadata.labels?.[MANAGED_BY_LABEL] === MIRROR_CONTROLLER && s.metadata.labels?.[SERVICE_NAME_LABEL] === name && !s.metadata.deletionTimestamp);
  const desired: { ports: any[] | null; endpoints: any[] | null }[] = [];
  if (wanted) {
    for (const ss of ep!.subsets ?? []) {
      const ports = (ss.ports ?? []).map((p: any) => {
        const o: any = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
        if (p.appProtocol) o.appProtocol = p.appProtocol;
        return o;
      });
      const conv = (a: any, ready: boolean) => {
        const e: any = { addresses: [a.ip], conditions: { ready } };
        if (a.hostname) e.hostname = a.hostname;
        if (a.targetRef) e.targetRef = a.targetRef;
        if (a.nodeName) e.nodeName = a.nodeName;
        return e;
      };
      const endpoints = [...(ss.addresses ?? []).map((a: any) => conv(a, true)), ...(ss.notReadyAddresses ?? []).map((a: any) => conv(a, false))];
      if (!endpoints.length) continue;
      desired.push({ ports: ports.length ? ports : null, endpoints });
    }
  }
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep?.metadata.labels ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
  labels[MANAGED_BY_LABEL] = MIRROR_CONTROLLER;
  labels[SERVICE_NAME_LABEL] = name;
  const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
  const slices = [...existing].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  desired.forEach((d, i) => {
    const s = slices[i];
    if (s) {
      if (deepEqual(s.endpoints ?? null, d.endpoints) && deepEqual(s.ports ?? null, d.ports) && deepEqual(s.metadata.labels ?? {}, sorted)) return;
      rt.api.mutate(sliceRi(), ns, s.metadata.name!, o => { o.metadata.labels = sorted; o.endpoints = d.endpoints; o.ports = d.ports; });
    } else {
      rt.api.create({
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: {
          generateName: `${name}-`.slice(0, 58), namespace: ns, labels: sorted,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name, uid: ep!.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4', endpoints: d.endpoints, ports: d.ports,
      });
    }
  });
  for (const s of slices.slice(desired.length)) rt.api.delete(sliceRi(), ns, s.metadata.name!);
}
