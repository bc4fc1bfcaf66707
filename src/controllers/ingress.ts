// Ingress status: when the cluster config names an ingress address (`kctl: {ingressAddress: ...}`, as an
// ingress controller on kind would publish: an IP, or a host name such as `localhost`), every Ingress gets it
// in status.loadBalancer.ingress and kubectl shows it under ADDRESS. Without one, ADDRESS stays empty.
// (The default IngressClass is applied at admission, in the Ingress strategy.)
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';

const ingRi = () => byGroupResource('networking.k8s.io', 'ingresses')!;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function ingressAddress(rt: Runtime): string | undefined {
  try { return JSON.parse(rt.store.getMeta('cluster') ?? '{}').ingressAddress || undefined; } catch { return undefined; }
}

export const ingressController: Controller = {
  name: 'ingress-controller',
  kinds: ['networking.k8s.io/Ingress'],
  onEvent(ev, enqueue) {
    if (ev.ri.kind !== 'Ingress' || ev.ri.group !== 'networking.k8s.io' || ev.type === 'DELETED') return;
    enqueue(`${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`);
  },
  reconcile(key, rt) {
    const addr = ingressAddress(rt);
    if (!addr) return;
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash), name = key.slice(slash + 1);
    const ing = rt.api.tryGet(ingRi(), ns, name);
    if (!ing || ing.metadata.deletionTimestamp) return;
    const want = [IPV4.test(addr) ? { ip: addr } : { hostname: addr }];
    if (JSON.stringify(ing.status?.loadBalancer?.ingress ?? []) === JSON.stringify(want)) return;
    try {
      rt.api.mutate(ingRi(), ns, name, o => {
        if (o.metadata.uid !== ing.metadata.uid) return false;
        o.status = { ...(o.status ?? {}), loadBalancer: { ingress: want } };
      }, { subresource: 'status' });
    } catch (e) { if (!(e instanceof StatusError)) throw e; }
  },
};
