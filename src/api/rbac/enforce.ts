// Authorization of client requests: kube-apiserver's WithAuthorization filter for the API layer. A client's
// requests (what a CLI verb calls on the APIServer) are checked against RBAC before they run; what the request
// does inside the server (admission reading a ServiceAccount, a controller settling afterwards) is not, as the
// API server's own internal calls are not. Controllers act as their own service accounts and are trusted here
// (their roles are the bootstrap policy's, so what users see is the same).
import type { APIServer, WriteOptions, DeleteOptions, ListOptions } from '../server';
import type { KObject, ResourceInfo } from '../types';
import { authorize, forbiddenError, rulesFor, Attributes, UserInfo, PolicyRule } from './authorizer';
import { StatusError } from '../errors';

export interface ClientContext {
  user: UserInfo;
  /** The verb an update is sent as: kubectl patches (label, annotate, apply, edit, scale, set, rollout) and
   *  only replace PUTs. */
  updateVerb?: 'update' | 'patch';
  /** Set when the cluster is open read-only (an unwritable KCTL_HOME): why; writes are refused with it. */
  readOnly?: string;
}
/** kube-apiserver's limit on a request body (--max-request-bytes' default for writes: 3 MiB). */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
function refuseLarge(api: Api, input: unknown): void {
  if (!api.__client || api.__inside) return;
  let n = 0;
  try { n = Buffer.byteLength(JSON.stringify(input) ?? ''); } catch { return; }
  if (n > MAX_REQUEST_BYTES) throw new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BYTES}`);
}
function refuseWrite(api: Api, dryRun: boolean | undefined): void {
  const why = api.__client?.readOnly;
  if (why && !api.__inside && !dryRun) throw new StatusError(500, 'InternalError', `Internal error occurred: ${why}`);
}

type Api = APIServer & { __client?: ClientContext; __inside?: number };

function check(api: Api, a: Omit<Attributes, 'user'>): void {
  const c = api.__client;
  if (!c || api.__inside) return;
  const attrs: Attributes = { ...a, user: c.user };
  const d = inside(api, () => authorize(api, attrs));
  if (!d.allowed) throw forbiddenError(attrs, d.reason);
}
function inside<T>(api: Api, fn: () => T): T {
  api.__inside = (api.__inside ?? 0) + 1;
  try { return fn(); } finally { api.__inside!--; }
}
const ns = (ri: ResourceInfo, n: string | undefined) => (ri.namespaced ? n ?? 'default' : undefined);

/** From now on, requests on this API server are the client's, authorized as its user. */
export function actAs(apiIn: APIServer, client: ClientContext | undefined): void {
  const api = apiIn as Api;
  const first = !('__client' in api);
  api.__client = client;
  if (!first) return;
  const o = {
    tryGet: api.tryGet.bind(api), get: api.get.bind(api), list: api.list.bind(api), create: api.create.bind(api),
    update: api.update.bind(api), delete: api.delete.bind(api), startWatch: api.startWatch.bind(api),
  };
  api.tryGet = (ri: ResourceInfo, n: string | undefined, name: string) => {
    check(api, { verb: 'get', apiGroup: ri.group, resource: ri.plural, namespace: ns(ri, n), name });
    return inside(api, () => o.tryGet(ri, n, name));
  };
  api.get = (ri: ResourceInfo, n: string | undefined, name: string) => {
    check(api, { verb: 'get', apiGroup: ri.group, resource: ri.plural, namespace: ns(ri, n), name });
    return inside(api, () => o.get(ri, n, name));
  };
  api.list = (ri: ResourceInfo, n: string | undefined, opts?: ListOptions) => {
    check(api, { verb: 'list', apiGroup: ri.group, resource: ri.plural, namespace: ri.namespaced ? n : undefined });
    return inside(api, () => o.list(ri, n, opts));
  };
  api.startWatch = (ri: ResourceInfo) => {
    check(api, { verb: 'watch', apiGroup: ri.group, resource: ri.plural });
    return inside(api, () => o.startWatch(ri));
  };
  api.create = (input: KObject, opts?: WriteOptions) => {
    refuseWrite(api, opts?.dryRun);
    refuseLarge(api, input);
    if (api.__client && !api.__inside) {
      const ri = api.resourceFor(input);
      check(api, { verb: 'create', apiGroup: ri.group, resource: ri.plural, namespace: ri.namespaced ? input.metadata?.namespace || 'default' : undefined });
    }
    return inside(api, () => o.create(input, opts));
  };
  api.update = (input: KObject, opts?: WriteOptions) => {
    refuseWrite(api, opts?.dryRun);
    refuseLarge(api, input);
    if (api.__client && !api.__inside) {
      const ri = api.resourceFor(input);
      check(api, { verb: api.__client.updateVerb ?? 'patch', apiGroup: ri.group, resource: ri.plural, subresource: opts?.subresource,
        namespace: ri.namespaced ? input.metadata?.namespace || 'default' : undefined, name: input.metadata?.name });
    }
    return inside(api, () => o.update(input, opts));
  };
  api.delete = (ri: ResourceInfo, n: string | undefined, name: string, opts?: DeleteOptions) => {
    refuseWrite(api, opts?.dryRun);
    check(api, { verb: 'delete', apiGroup: ri.group, resource: ri.plural, namespace: ns(ri, n), name });
    return inside(api, () => o.delete(ri, n, name, opts));
  };
}

/** Run fn as the cluster itself (controllers settling): no client authorization. */
export function asCluster<T>(api: APIServer, fn: () => T): T {
  const a = api as Api;
  if (!a.__client) return fn();
  return inside(a, fn);
}

/** A SubjectAccessReview: may this user do this? (auth can-i) */
export function canI(api: APIServer, a: Attributes): { allowed: boolean; reason: string } {
  return inside(api as Api, () => authorize(api, a));
}
/** Check an attribute set for the client (impersonation, non-resource paths); throws Forbidden. */
export function checkClient(api: APIServer, a: Omit<Attributes, 'user'>): void { check(api as Api, a); }
/** Whatever runs in fn runs without client authorization (the server's own work for a request). */
export function internal<T>(api: APIServer, fn: () => T): T { return inside(api as Api, fn); }
/** A SelfSubjectRulesReview: the rules that apply to a user in a namespace (auth can-i --list). */
export function rulesReview(api: APIServer, user: UserInfo, namespace: string): PolicyRule[] {
  return inside(api as Api, () => rulesFor(api, user, namespace));
}
