// Validating admission the API server runs on every write after the object itself validated, in kube's
// plugin order: LimitRanger (min, max and limit/request ratios per Container, per Pod and per
// PersistentVolumeClaim; its defaults are applied while the pod is prepared) and ResourceQuota (see
// strategies/quota.ts). A refusal is `<resource> "<name>" is forbidden: ...`, nothing is written.
import type { KObject, ResourceInfo } from './types';
import type { APIServer } from './server';
import { byGroupResource } from './discovery';
import { forbidden } from './errors';
import { admitQuota, podResource, fmtQ, q } from './strategies/quota';
import { parseQuantity } from '../util/quantity';

const keys = (m: Record<string, unknown> | undefined) => Object.keys(m ?? {}).sort();
const str = (v: unknown) => fmtQ(q(v));

function minConstraint(type: string, res: string, enforced: unknown, request: Record<string, unknown>, limit: Record<string, unknown>): string | undefined {
  const e = parseQuantity(enforced);
  if (!(res in request)) return `minimum ${res} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (parseQuantity(request[res]) < e) return `minimum ${res} usage per ${type} is ${str(enforced)}, but request is ${str(request[res])}`;
  if (res in limit && parseQuantity(limit[res]) < e) return `minimum ${res} usage per ${type} is ${str(enforced)}, but limit is ${str(limit[res])}`;
  return undefined;
}
function maxConstraint(type: string, res: string, enforced: unknown, request: Record<string, unknown>, limit: Record<string, unknown>): string | undefined {
  const e = parseQuantity(enforced);
  if (!(res in limit)) return `maximum ${res} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (parseQuantity(limit[res]) > e) return `maximum ${res} usage per ${type} is ${str(enforced)}, but limit is ${str(limit[res])}`;
  if (res in request && parseQuantity(request[res]) > e) return `maximum ${res} usage per ${type} is ${str(enforced)}, but request is ${str(request[res])}`;
  return undefined;
}
function maxRequestConstraint(type: string, res: string, enforced: unknown, request: Record<string, unknown>): string | undefined {
  if (!(res in request)) return `maximum ${res} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (parseQuantity(request[res]) > parseQuantity(enforced)) return `maximum ${res} usage per ${type} is ${str(enforced)}, but request is ${str(request[res])}`;
  return undefined;
}
function ratioConstraint(type: string, res: string, enforced: unknown, request: Record<string, unknown>, limit: Record<string, unknown>): string | undefined {
  const r = res in request ? parseQuantity(request[res]) : 0, l = res in limit ? parseQuantity(limit[res]) : 0;
  if (!r) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0`;
  if (!l) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but no limit is specified or limit is 0`;
  const ratio = l / r;
  if (ratio > parseQuantity(enforced) + 1e-12) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** LimitRanger's validation of a pod or a claim against the namespace's LimitRanges. */
function limitRanger(ri: ResourceInfo, obj: KObject, api: APIServer, update: boolean): void {
  const isPod = ri.kind === 'Pod' && ri.group === '', isPvc = ri.kind === 'PersistentVolumeClaim' && ri.group === '';
  if (!isPod && !isPvc) return;
  if (isPod && update) return;
  const lri = byGroupResource('', 'limitranges');
  if (!lri) return;
  const ranges = api.list(lri, obj.metadata.namespace ?? 'default');
  if (!ranges.length) return;
  const errs: string[] = [];
  const push = (e: string | undefined) => { if (e) errs.push(e); };
  for (const lr of ranges) {
    for (const l of lr.spec?.limits ?? []) {
      if (isPod && l.type === 'Container') {
        for (const c of [...(obj.spec?.containers ?? []), ...(obj.spec?.initContainers ?? [])]) {
          const req = c.resources?.requests ?? {}, lim = c.resources?.limits ?? {};
          for (const k of keys(l.min)) push(minConstraint('Container', k, l.min[k], req, lim));
          for (const k of keys(l.max)) push(maxConstraint('Container', k, l.max[k], req, lim));
          for (const k of keys(l.maxLimitRequestRatio)) push(ratioConstraint('Container', k, l.maxLimitRequestRatio[k], req, lim));
        }
      } else if (isPod && l.type === 'Pod') {
        const all = [...keys(l.min), ...keys(l.max), ...keys(l.maxLimitRequestRatio)];
        const req: Record<string, unknown> = {}, lim: Record<string, unknown> = {};
        for (const k of all) {
          const r = podResource(obj, 'requests', k), m = podResource(obj, 'limits', k);
          if (r) req[k] = fmtQ(r);
          if (m) lim[k] = fmtQ(m);
        }
        for (const k of keys(l.min)) push(minConstraint('Pod', k, l.min[k], req, lim));
        for (const k of keys(l.max)) push(maxConstraint('Pod', k, l.max[k], req, lim));
        for (const k of keys(l.maxLimitRequestRatio)) push(ratioConstraint('Pod', k, l.maxLimitRequestRatio[k], req, lim));
      } else if (isPvc && l.type === 'PersistentVolumeClaim') {
        const req = obj.spec?.resources?.requests ?? {};
        for (const k of keys(l.min)) push(minConstraint('PersistentVolumeClaim', k, l.min[k], req, {}));
        for (const k of keys(l.max)) push(maxRequestConstraint('PersistentVolumeClaim', k, l.max[k], req));
      }
    }
  }
  if (!errs.length) return;
  throw forbidden(ri.group ? `${ri.plural}.${ri.group}` : ri.plural, obj.metadata.name!, errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);
}

/** Validating admission for a create (old undefined) or an update. */
export function admit(ri: ResourceInfo, obj: KObject, api: APIServer, old?: KObject, dryRun = false): void {
  if (!ri.namespaced) return;
  limitRanger(ri, obj, api, !!old);
  admitQuota(ri, obj, api, old, dryRun);
}
