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

const ALLOC_KEY = 'alloc/lb-ips';
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
    if (!wantsLB(svc) || !pool.length) {
      if (owned) { delete alloc[owned]; save(); }
      // a Service that stopped being a LoadBalancer loses its load balancer status
      if (svc && owned && (svc.status?.loadBalancer?.ingress ?? []).length) setIngress(rt, svc, undefined);
      return;
    }
    const s = svc!;
    const requested: string | undefined = s.spec?.loadBalancerIP || undefined;
    let ip = owned;
    if (ip && requested && requested !== ip) { delete alloc[ip]; ip = undefined; }
    if (!ip) {
      if (requested) {
        if (!pool.includes(requested)) return fail(rt, s, `Failed to allocate IP for "${key}": "${requested}" is not allowed in config`);
        if (alloc[requested] && alloc[requested] !== key) return fail(rt, s, `Failed to allocate IP for "${key}": "${requested}" is already in use`);
        ip = requested;
      } else {
        ip = pool.find(x => !alloc[x]);
        if (!ip) return fail(rt, s, `Failed to allocate IP for "${key}": no available IPs`);
      }
      alloc[ip] = key;
      save();
    }
    const cur = s.status?.loadBalancer?.ingress ?? [];
    if (cur.length === 1 && cur[0].ip === ip) return;
    rt.api.recordEvent(s, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
    setIngress(rt, s, [{ ip, ipMode: 'VIP' }]);
    rt.api.recordEvent(s, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
  },
};

function fail(rt: Runtime, svc: KObject, msg: string): void {
  rt.api.recordEvent(svc, 'Warning', 'AllocationFailed', msg, SOURCE);
}
function setIngress(rt: Runtime, svc: KObject, ingress: any[] | undefined): void {
  try {
    rt.api.mutate(svcRi(), svc.metadata.namespace, svc.metadata.name!, o => {
      if (o.metadata.uid !== svc.metadata.uid) return false;
      o.status = { ...(o.status ?? {}), loadBalancer: ingress ? { ingress } : {} };
    }, { subresource: 'status' });
  } catch (e) { if (!(e instanceof StatusError)) throw e; }
}
