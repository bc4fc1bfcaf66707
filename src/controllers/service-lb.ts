// LoadBalancer status, as a cloud provider would keep it. On kind (no pool in the cluster config) nothing
// answers, so a LoadBalancer Service's EXTERNAL-IP stays <pending>. A cluster created with
// `kctl: {loadBalancerPool: [...]}` hands out addresses from the pool (like cloud-provider-kind or MetalLB):
// first free address in pool order, `spec.loadBalancerIP` honoured when it is in the pool and free, never
// twice, freed when the Service goes or stops being a LoadBalancer. Allocation lives in meta `alloc/lb-ips`.
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { expandPool } from '../cluster/kindconfig';
import { controllerEvent } from './recorder';

const ALLOC_KEY = 'alloc/lb-ips';
/** Services waiting for an address (retried when one is freed). */
const PENDING_KEY = 'alloc/lb-pending';
const svcRi = () => byGroupResource('', 'services')!;
const SOURCE = { component: 'service-controller' };

function clusterConfig(rt: Runtime): { loadBalancerPool?: string[]; ingressAddress?: string } {
  try { return JSON.parse(rt.store.getMeta('cluster') ?? '{}'); } catch { return {}; }
}
function readAlloc(rt: Runtime): Record<string, string> {
  try { return JSON.parse(rt.store.getMeta(ALLOC_KEY) ?? '{}'); } catch { return {}; }
}
const wantsLB = (s: KObject | undefined) => !!s && !s.metadata.deletionTimestamp && s.spec?.type === 'LoadBalancer' && !s.spec?.loadBalancerClass;

export const serviceLBController: Controller = {
  name: 'service-lb-controller',
  kinds: ['Service'],
  onEvent(ev, enqueue) {
    if (ev.ri.group !== '' || ev.ri.kind !== 'Service') return;
    if (ev.obj.spec?.type === 'LoadBalancer' || ev.old?.spec?.type === 'LoadBalancer' || ev.type === 'DELETED')
      enqueue(`${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`);
  },
  reconcile(key, rt) {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash), name = key.slice(slash + 1);
    const pool = expandPool(clusterConfig(rt).loadBalancerPool);
    const alloc = readAlloc(rt);
    const owned = Object.keys(alloc).find(ip => alloc[ip] === key);
    const svc = rt.api.tryGet(svcRi(), ns, name);
    const save = () => rt.store.setMeta(ALLOC_KEY, JSON.stringify(alloc));
    const pending = readPending(rt);
    const setPending = (on: boolean) => {
      if (pending.includes(key) === on) return;
      rt.store.setMeta(PENDING_KEY, JSON.stringify(on ? [...pending, key] : pending.filter(k => k !== key)));
    };
    const released = () => { for (const k of readPending(rt)) if (k !== key) rt.enqueueFor('service-lb-controller', k); };
    if (!wantsLB(svc) || !pool.length) {
      setPending(false);
      if (owned) { delete alloc[owned]; save(); released(); }
      // a Service that stopped being a LoadBalancer loses its load balancer status
      if (svc && owned && (svc.status?.loadBalancer?.ingress ?? []).length) setIngress(rt, svc, undefined);
      return;
    }
    const s = svc!;
    const requested: string | undefined = s.spec?.loadBalancerIP || undefined;
    let ip = owned;
    if (ip && requested && requested !== ip) { delete alloc[ip]; ip = undefined; save(); released(); }
    if (!ip) {
      let why: string | undefined;
      if (requested) {
        if (!pool.includes(requested)) why = `"${requested}" is not allowed in config`;
        else if (alloc[requested] && alloc[requested] !== key) why = `"${requested}" is already in use`;
        else ip = requested;
      } else {
        ip = pool.find(x => !alloc[x]);
        if (!ip) why = 'no available IPs';
      }
      if (!ip) {
        if (!pending.includes(key)) fail(rt, s, `Failed to allocate IP for "${key}": ${why}`);
        setPending(true);
        return;
      }
      alloc[ip] = key;
      save();
      setPending(false);
    }
    const cur = s.status?.loadBalancer?.ingress ?? [];
    if (cur.length === 1 && cur[0].ip === ip) return;
    controllerEvent(rt, s, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
    setIngress(rt, s, [{ ip, ipMode: 'VIP' }]);
    controllerEvent(rt, s, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
  },
};

function readPending(rt: Runtime): string[] {
  try { return JSON.parse(rt.store.getMeta(PENDING_KEY) ?? '[]'); } catch { return []; }
}
function fail(rt: Runtime, svc: KObject, msg: string): void {
  controllerEvent(rt, svc, 'Warning', 'AllocationFailed', msg, SOURCE);
}
function setIngress(rt: Runtime, svc: KObject, ingress: any[] | undefined): void {
  try {
    rt.api.mutate(svcRi(), svc.metadata.namespace, svc.metadata.name!, o => {
      if (o.metadata.uid !== svc.metadata.uid) return false;
      o.status = { ...(o.status ?? {}), loadBalancer: ingress ? { ingress } : {} };
    }, { subresource: 'status' });
  } catch (e) { if (!(e instanceof StatusError)) throw e; }
}
