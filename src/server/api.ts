// The Kubernetes REST API over kctl's API layer: each request is one step (one SQLite transaction: catch
// up, run, settle, commit), authorized as the request's user. Paths, verbs, query parameters, bodies and
// errors as kube-apiserver serves them, so that real kubectl, client libraries and controllers work.
import type { IncomingMessage } from 'node:http';
import type { Runtime } from '../sim/runtime';
import type { KObject, ResourceInfo } from '../api/types';
import type { AuthenticationV1TokenRequest, V1Binding, V1DeleteOptions, V1Eviction, V1SelfSubjectAccessReviewSpec, V1SelfSubjectRulesReviewSpec } from '../api/k8s';
import { StatusError, badRequest, notFound } from '../api/errors';
import { allResources, byGroupResource } from '../api/discovery';
import { parseSelector, parseFieldSelector } from '../api/selectors';
import { patchResource, scaleOf, SCALABLE } from '../api/patch/resource';
import { clone } from '../util/objects';
import { statusBody } from './status';
import * as disc from './discovery';
import { toTable, wantsTable } from './table';

export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body?: string;
}
/** What a handler answers: a JSON body and a code, or a stream (watch, logs, exec) the caller runs. */
export type Res =
  | { code: number; body: unknown; contentType?: string }
  | { stream: 'watch'; target: WatchTarget }
  | { stream: 'log'; target: LogTarget }
  | { upgrade: 'exec' | 'attach' | 'portforward'; target: { ns: string; name: string; query: URLSearchParams } };

export interface WatchTarget { ri: ResourceInfo; ns?: string; rv: number; initial: KObject[]; label?: string; field?: string; name?: string; table: boolean; bookmarks: boolean; timeoutSeconds?: number; sendInitialEvents?: boolean }
export interface LogTarget { ns: string; name: string; query: URLSearchParams }

export interface Route {
  ri: ResourceInfo;
  ns?: string;
  name?: string;
  sub?: string;
}

/** Parse /api/v1/… and /apis/G/V/… into a resource route (undefined for other paths). */
export function parseRoute(path: string): Route | { list: { group: string; version: string } } | undefined {
  const parts = path.split('/').filter(Boolean);
  let group: string, version: string, rest: string[];
  if (parts[0] === 'api') { if (!parts[1]) return undefined; group = ''; version = parts[1]; rest = parts.slice(2); }
  else if (parts[0] === 'apis') { if (!parts[2]) return undefined; group = parts[1]!; version = parts[2]; rest = parts.slice(3); }
  else return undefined;
  if (!rest.length) return { list: { group, version } };
  const find = (plural: string) => allResources().find(r => r.group === group && r.version === version && r.plural === plural);
  let ns: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && find(rest[2]!)?.namespaced) { ns = rest[1]; rest = rest.slice(2); }
  const ri = find(rest[0]!);
  if (!ri) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  const route: Route = { ri, ...(ns !== undefined ? { ns } : {}) };
  if (rest[1] !== undefined) route.name = decodeURIComponent(rest[1]);
  if (rest[2] !== undefined) route.sub = rest.slice(2).join('/');
  return route;
}

/** The request body as kube-apiserver decodes it: JSON or YAML (protobuf arrives here as JSON), else 415;
 *  JSON that does not parse is refused with Go's scanner error. */
const jsonBody = (req: Req): unknown => {
  if (!req.body) throw badRequest('the request body is empty');
  const ct = String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
  if (ct === 'application/yaml' || ct === 'application/x-yaml' || ct === 'text/yaml') {
    try { return parseYamlBody(req.body); } catch (e) { throw badRequest(`couldn't get version/kind; json parse error: error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`); }
  }
  if (ct !== 'application/json' && ct !== '*/*' && ct !== '') {
    throw new StatusError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/cbor');
  }
  const { parseGoJSON } = require('../api/patch/json') as typeof import('../api/patch/json');
  try { return parseGoJSON(req.body); } catch (e) { throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`); }
};

/** A YAML request body, read as kubectl's manifests are (YAML 1.1 scalars). */
function parseYamlBody(text: string): unknown {
  const { KUBE_YAML } = require('../util/yaml11') as typeof import('../util/yaml11');
  return (require('yaml') as typeof import('yaml')).parse(text, KUBE_YAML);
}

function listKind(ri: ResourceInfo): string { return `${ri.kind}List`; }
const apiVersionOf = (ri: ResourceInfo) => (ri.group ? `${ri.group}/${ri.version}` : ri.version);

/** DeleteOptions from the body (kubectl sends them there) or the query. */
function deleteOptions(req: Req): { gracePeriodSeconds?: number; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; dryRun?: boolean; preconditions?: { uid?: string; resourceVersion?: string } } {
  let b: V1DeleteOptions = {};
  if (req.body) b = jsonBody(req) as V1DeleteOptions;
  const q = req.query;
  const grace = b.gracePeriodSeconds ?? (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
  const policy = b.propagationPolicy ?? q.get('propagationPolicy') ?? (b.orphanDependents === true || q.get('orphanDependents') === 'true' ? 'Orphan' : undefined);
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw new StatusError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const dryValues: string[] = b.dryRun ?? q.getAll('dryRun');
  checkDryRun(dryValues);
  const dry = dryValues.includes('All');
  return { ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), ...(policy ? { propagationPolicy: policy as 'Background' | 'Foreground' | 'Orphan' } : {}), dryRun: dry, ...(b.preconditions ? { preconditions: b.preconditions } : {}) };
}

/** dryRun takes only `All` (kube-apiserver's ValidateDryRun). */
function checkDryRun(values: string[]): void {
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
}
const dryRun = (req: Req) => { const v = req.query.getAll('dryRun'); checkDryRun(v); return v.includes('All'); };
/** An integer query parameter, or kube-apiserver's conversion error. */
function intParam(req: Req, name: string): number | undefined {
  const v = req.query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}
const fieldValidation = (req: Req) => (req.query.get('fieldValidation') ?? 'Strict') as 'Strict' | 'Warn' | 'Ignore';

/** List items as the API server returns them: typed lists carry no kind/apiVersion on items. */
function listItem(o: KObject): KObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  void _a; void _k;
  return rest as KObject;
}

/** Handle one resource request inside a step. */
export function handle(rt: Runtime, req: Req, route: Route): Res {
  const { ri, ns, name, sub } = route;
  const api = rt.api;
  const m = req.method;
  const nsArg = ri.namespaced ? ns : undefined;
  if (ri.namespaced && ns === undefined && name !== undefined) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  // ---------------------------------------------------------------- collections
  if (name === undefined) {
    if (m === 'GET') {
      const watch = req.query.get('watch');
      const label = req.query.get('labelSelector') ?? undefined;
      const field = req.query.get('fieldSelector') ?? undefined;
      const opts = { ...(label ? { labelSelector: parseSelector(label) } : {}), ...(field ? { fieldSelector: parseFieldSelector(field) } : {}) };
      if (watch === '1' || watch === 'true') {
        const rvParam = req.query.get('resourceVersion');
        if (rvParam && !/^\d+$/.test(rvParam)) throw badRequest(`Invalid value for resourceVersion: ${JSON.stringify(rvParam)}`);
        const fromRV = rvParam && rvParam !== '0' ? Number(rvParam) : undefined;
        const start = api.startWatch(ri);
        const initial = fromRV === undefined ? api.list(ri, nsArg, opts) : [];
        return { stream: 'watch', target: {
          ri, ns: nsArg, rv: fromRV ?? start, initial, label, field, table: wantsTable(req.headers.accept), bookmarks: req.query.get('allowWatchBookmarks') === 'true',
          ...(intParam(req, 'timeoutSeconds') ? { timeoutSeconds: intParam(req, 'timeoutSeconds') } : {}),
        } };
      }
      let items = api.list(ri, nsArg, opts);
      const rv = api.resourceVersion();
      // limit / continue: a continue token is the name after which to go on
      const limit = intParam(req, 'limit') ?? 0;
      const cont = req.query.get('continue');
      let metaContinue: string | undefined;
      let remaining: number | undefined;
      if (cont) {
        let after: { ns: string; name: string; rv: string };
        try { after = JSON.parse(Buffer.from(cont, 'base64url').toString()); } catch { throw badRequest('continue key is not valid: illegal base64 data at input byte 0'); }
        items = items.filter(o => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > `${after.ns}/${after.name}`);
      }
      if (limit > 0 && items.length > limit) {
        remaining = items.length - limit;
        items = items.slice(0, limit);
        const last = items[items.length - 1]!;
        metaContinue = Buffer.from(JSON.stringify({ ns: last.metadata.namespace ?? '', name: last.metadata.name, rv })).toString('base64url');
      }
      if (wantsTable(req.headers.accept)) return { code: 200, body: toTable(ri, items, rt.clock.now(), rv, req.query.get('includeObject') ?? 'Metadata', metaContinue) };
      return { code: 200, body: {
        kind: listKind(ri), apiVersion: apiVersionOf(ri),
        metadata: { resourceVersion: rv, ...(metaContinue ? { continue: metaContinue, remainingItemCount: remaining } : {}) },
        items: items.map(listItem),
      } };
    }
    if (m === 'POST') {
      const obj = jsonBody(req) as KObject;
      checkKind(obj, ri);
      if (ri.namespaced) { obj.metadata ??= {}; if (obj.metadata.namespace && obj.metadata.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request'); obj.metadata.namespace = ns; }
      const out = api.create(obj, { dryRun: dryRun(req), fieldValidation: fieldValidation(req) });
      return { code: 201, body: out };
    }
    if (m === 'DELETE') {
      const label = req.query.get('labelSelector') ?? undefined;
      const field = req.query.get('fieldSelector') ?? undefined;
      const items = api.list(ri, nsArg, { ...(label ? { labelSelector: parseSelector(label) } : {}), ...(field ? { fieldSelector: parseFieldSelector(field) } : {}) });
      const o = deleteOptions(req);
      const out: KObject[] = [];
      for (const it of items) { try { out.push(api.delete(ri, it.metadata.namespace, it.metadata.name!, o)); } catch (e) { if (!(e instanceof StatusError && e.code === 404)) throw e; } }
      return { code: 200, body: { kind: listKind(ri), apiVersion: apiVersionOf(ri), metadata: { resourceVersion: api.resourceVersion() }, items: out.map(listItem) } };
    }
    throw methodNotAllowed(m);
  }
  // ---------------------------------------------------------------- subresources
  if (sub) return subresource(rt, req, route);
  // ---------------------------------------------------------------- one object
  if (m === 'GET') {
    if (req.query.get('watch') === '1' || req.query.get('watch') === 'true') {
      return { stream: 'watch', target: { ri, ns: nsArg, rv: api.startWatch(ri), initial: [api.get(ri, nsArg, name)], name, table: wantsTable(req.headers.accept), bookmarks: false } };
    }
    const o = api.get(ri, nsArg, name);
    if (wantsTable(req.headers.accept)) return { code: 200, body: toTable(ri, [o], rt.clock.now(), o.metadata.resourceVersion!, req.query.get('includeObject') ?? 'Metadata') };
    return { code: 200, body: o };
  }
  if (m === 'PUT') {
    const obj = jsonBody(req) as KObject;
    checkKind(obj, ri);
    obj.metadata ??= {};
    if (obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`);
    if (ri.namespaced) obj.metadata.namespace = ns;
    const out = api.update(obj, { dryRun: dryRun(req), fieldValidation: fieldValidation(req) });
    return { code: 200, body: out };
  }
  if (m === 'PATCH') return patch(rt, req, route);
  if (m === 'DELETE') {
    const o = deleteOptions(req);
    if (o.preconditions) {
      const cur = api.get(ri, nsArg, name);
      if (o.preconditions.uid && o.preconditions.uid !== cur.metadata.uid)
        throw new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${ri.group ? `${ri.plural}.${ri.group}` : ri.plural} "${name}": Precondition failed: UID in precondition: ${o.preconditions.uid}, UID in object meta: ${cur.metadata.uid}`, { name });
      if (o.preconditions.resourceVersion && o.preconditions.resourceVersion !== cur.metadata.resourceVersion)
        throw new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${ri.group ? `${ri.plural}.${ri.group}` : ri.plural} "${name}": Precondition failed: ResourceVersion in precondition: ${o.preconditions.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`, { name });
    }
    const out = api.delete(ri, nsArg, name, o);
    const gone = !api.tryGet(ri, nsArg, name);
    // a finished deletion answers with a Success status for most kinds (the object for some)
    if (gone && ri.kind !== 'Pod' && ri.kind !== 'Namespace')
      return { code: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, ...(ri.group ? { group: ri.group } : {}), kind: ri.plural, uid: out.metadata.uid } } };
    return { code: gone ? 200 : 202, body: out };
  }
  throw methodNotAllowed(m);
}

function methodNotAllowed(m: string): StatusError {
  return new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
}

function checkKind(obj: KObject, ri: ResourceInfo): void {
  if (!obj || typeof obj !== 'object') throw badRequest('the body of the request was in an unknown format');
  obj.apiVersion ??= apiVersionOf(ri);
  obj.kind ??= ri.kind;
  if (obj.kind !== ri.kind) throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(ri)})`);
}

function patchType(req: Req): 'strategic' | 'merge' | 'json' | 'apply' {
  const ct = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
  switch (ct) {
    case 'application/strategic-merge-patch+json': return 'strategic';
    case 'application/merge-patch+json': return 'merge';
    case 'application/json-patch+json': return 'json';
    case 'application/apply-patch+yaml': case 'application/apply-patch+json': case 'application/apply-patch+cbor': return 'apply';
  }
  throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
}

function patch(rt: Runtime, req: Req, route: Route): Res {
  const { ri, ns, name, sub } = route;
  const api = rt.api;
  const type = patchType(req);
  const text = req.body ?? '';
  if (type === 'apply') {
    const { serverSideApply } = require('../api/apply') as typeof import('../api/apply');
    let cfg: KObject;
    try { cfg = (/yaml/.test(String(req.headers['content-type'])) ? parseYamlBody(text) : JSON.parse(text)) as KObject; }
    catch (e) { throw badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`); }
    if (ri.namespaced) { cfg.metadata ??= {}; cfg.metadata.namespace ??= ns; }
    cfg.metadata ??= {};
    cfg.metadata.name ??= name;
    const manager = req.query.get('fieldManager');
    if (!manager) throw new StatusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const r = serverSideApply(api, cfg, { fieldManager: manager, force: req.query.get('force') === 'true', dryRun: dryRun(req) } as never);
    return { code: r.created ? 201 : 200, body: r.obj };
  }
  const live = api.get(ri, ri.namespaced ? ns : undefined, name!);
  const r = patchResource(api, live, ri, type, text, { subresource: sub, dryRun: dryRun(req) });
  return { code: 200, body: r.obj };
}

function subresource(rt: Runtime, req: Req, route: Route): Res {
  const { ri, ns, name, sub } = route;
  const api = rt.api;
  const m = req.method;
  const nsArg = ri.namespaced ? ns : undefined;
  const gr = ri.group ? `${ri.plural}.${ri.group}` : ri.plural;
  switch (sub) {
    case 'status': {
      if (!ri.hasStatus) break;
      if (m === 'GET') return { code: 200, body: api.get(ri, nsArg, name!) };
      if (m === 'PUT') {
        const obj = jsonBody(req) as KObject;
        checkKind(obj, ri);
        if (ri.namespaced) { obj.metadata ??= {}; obj.metadata.namespace = ns; }
        return { code: 200, body: api.update(obj, { subresource: 'status', dryRun: dryRun(req) }) };
      }
      if (m === 'PATCH') return patch(rt, req, route);
      break;
    }
    case 'scale': {
      if (!SCALABLE.has(gr) && !ri.custom?.scale) break;
      if (m === 'GET') return { code: 200, body: scaleOf(api.get(ri, nsArg, name!), ri) };
      if (m === 'PUT') {
        const s = jsonBody(req) as KObject;
        const cur = clone(api.get(ri, nsArg, name!));
        if (s.metadata?.resourceVersion && s.metadata.resourceVersion !== cur.metadata.resourceVersion) throw new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${gr} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name });
        cur.spec.replicas = s.spec?.replicas;
        return { code: 200, body: scaleOf(api.update(cur, { subresource: 'scale', dryRun: dryRun(req) }), ri) };
      }
      if (m === 'PATCH') return patch(rt, req, route);
      break;
    }
    case 'eviction': {
      if (ri.plural !== 'pods' || m !== 'POST') break;
      const body = (req.body ? jsonBody(req) : {}) as V1Eviction;
      api.evict(ns!, name!, { ...(body.deleteOptions ?? {}), dryRun: (body.deleteOptions?.dryRun ?? []).includes('All') || dryRun(req) } as never);
      return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
    }
    case 'binding': {
      if (ri.plural !== 'pods' || m !== 'POST') break;
      const b = jsonBody(req) as V1Binding;
      api.bind(ns!, name!, b.target?.name as string); // (a body without a target is not checked here)
      return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
    }
    case 'token': {
      if (ri.plural !== 'serviceaccounts' || m !== 'POST') break;
      const { createTokenRequest } = require('../api/rbac/identity') as typeof import('../api/rbac/identity');
      const tr = jsonBody(req) as AuthenticationV1TokenRequest;
      return { code: 201, body: createTokenRequest(api, ns!, name!, (tr.spec ?? {}) as Parameters<typeof createTokenRequest>[3]) };
    }
    case 'log': {
      if (ri.plural !== 'pods' || m !== 'GET') break;
      return { stream: 'log', target: { ns: ns!, name: name!, query: req.query } };
    }
    case 'exec': case 'attach': case 'portforward': {
      if (ri.plural !== 'pods') break;
      api.get(ri, ns, name!);
      return { upgrade: sub, target: { ns: ns!, name: name!, query: req.query } };
    }
    case 'ephemeralcontainers': {
      if (ri.plural !== 'pods') break;
      if (m === 'GET') return { code: 200, body: api.get(ri, ns, name!) };
      if (m === 'PUT') {
        const obj = jsonBody(req) as KObject;
        checkKind(obj, ri);
        obj.metadata ??= {};
        obj.metadata.namespace = ns;
        return { code: 200, body: api.update(obj, { subresource: 'ephemeralcontainers', dryRun: dryRun(req) }) };
      }
      if (m === 'PATCH') return patch(rt, req, route);
      break;
    }
  }
  throw notFound(`${gr}`, `${name}/${sub}`).code === 404 ? new StatusError(404, 'NotFound', 'the server could not find the requested resource') : badRequest('bad subresource');
}

/** Requests of authorization.k8s.io and authentication.k8s.io that ask about the caller. */
export function reviews(rt: Runtime, req: Req, route: Route, user: import('../api/rbac/authorizer').UserInfo): Res | undefined {
  const { ri } = route;
  if (req.method !== 'POST') return undefined;
  if (!['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews'].includes(ri.plural)) return undefined;
  /** A review's body: the spec of whichever review was asked for. */
  const body = (req.body ? jsonBody(req) : {}) as { spec?: V1SelfSubjectAccessReviewSpec & V1SelfSubjectRulesReviewSpec } & Record<string, unknown>;
  if (ri.group === 'authorization.k8s.io' && ri.plural === 'selfsubjectaccessreviews') {
    const { canI } = require('../api/rbac/enforce') as typeof import('../api/rbac/enforce');
    const ra = body.spec?.resourceAttributes, nra = body.spec?.nonResourceAttributes;
    const d = canI(rt.api, ra
      ? { user, verb: ra.verb ?? '', apiGroup: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined, namespace: ra.namespace || undefined, name: ra.name || undefined }
      : { user, verb: nra?.verb, path: nra?.path } as never);
    return { code: 201, body: { ...body, kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, status: { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) } } };
  }
  if (ri.group === 'authorization.k8s.io' && ri.plural === 'selfsubjectrulesreviews') {
    const { rulesReview } = require('../api/rbac/enforce') as typeof import('../api/rbac/enforce');
    const rules = rulesReview(rt.api, user, body.spec?.namespace ?? 'default');
    const resourceRules = rules.filter(r => !r.nonResourceURLs?.length).map(r => ({ verbs: r.verbs, ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}), ...(r.resources ? { resources: r.resources } : {}), ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) }));
    const nonResourceRules = rules.filter(r => r.nonResourceURLs?.length).map(r => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
    return { code: 201, body: { ...body, kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, status: { resourceRules, nonResourceRules, incomplete: false } } };
  }
  if (ri.group === 'authentication.k8s.io' && ri.plural === 'selfsubjectreviews') {
    return { code: 201, body: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } } } };
  }
  return undefined;
}

/** Discovery documents; `metrics` says whether metrics.k8s.io is served (read only for /apis). */
export function discoveryRoute(path: string, accept: string | undefined, metrics: () => boolean = () => false): unknown | undefined {
  const aggregated = /g=apidiscovery\.k8s\.io;v=v2(beta1)?;as=APIGroupDiscoveryList/.test(accept ?? '');
  if (path === '/api') return aggregated ? disc.aggregated(true) : disc.apiVersions();
  if (path === '/apis') return aggregated ? disc.aggregated(false, metrics()) : disc.apiGroupList(metrics());
  const m = /^\/apis\/([^/]+)$/.exec(path);
  if (m) { const g = disc.findGroup(m[1]!); if (!g) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource'); return disc.apiGroup(g); }
  return undefined;
}
export function resourceListRoute(group: string, version: string): unknown {
  const l = disc.apiResourceList(group, version);
  if (!l) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  return l;
}
export { statusBody, byGroupResource };
