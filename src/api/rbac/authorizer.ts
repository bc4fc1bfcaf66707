// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): who a request is (user.Info), which rules apply to
// it (ClusterRoleBindings, then RoleBindings of the request's namespace), rule matching (verbs, API groups,
// resources with subresources and `*/scale`, resourceNames, nonResourceURLs with a trailing `*`), and the
// Forbidden error kube-apiserver returns (endpoints/handlers/responsewriters: forbiddenMessage).
import type { KObject } from '../types';
import type { APIServer } from '../server';
import { StatusError } from '../errors';
import { byGroupResource, storageKey } from '../discovery';
import { hash52 } from '../../util/hash';
import type { V1RoleRef, RbacV1Subject } from '../k8s';

export interface UserInfo { name: string; uid?: string; groups: string[]; extra?: Record<string, string[]> }
export interface Attributes {
  user: UserInfo; verb: string;
  /** resource requests */
  apiGroup?: string; resource?: string; subresource?: string; namespace?: string; name?: string;
  /** non-resource requests (a path such as /healthz) */
  path?: string;
}
export interface PolicyRule { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }

const RBAC = 'rbac.authorization.k8s.io';
const ri = (plural: string) => byGroupResource(RBAC, plural)!;

export function verbMatches(r: PolicyRule, verb: string): boolean { return r.verbs?.some(v => v === '*' || v === verb) ?? false; }
export function apiGroupMatches(r: PolicyRule, group: string): boolean { return r.apiGroups?.some(g => g === '*' || g === group) ?? false; }
export function resourceMatches(r: PolicyRule, combined: string, sub: string): boolean {
  return r.resources?.some(x => x === '*' || x === combined || (sub !== '' && x === `*/${sub}`)) ?? false;
}
export function resourceNameMatches(r: PolicyRule, name: string): boolean { return !r.resourceNames?.length || r.resourceNames.includes(name); }
export function nonResourceURLMatches(r: PolicyRule, path: string): boolean {
  return r.nonResourceURLs?.some(u => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1)))) ?? false;
}
export function ruleAllows(a: Attributes, r: PolicyRule): boolean {
  if (a.path !== undefined) return verbMatches(r, a.verb) && nonResourceURLMatches(r, a.path);
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource ?? '';
  return verbMatches(r, a.verb) && apiGroupMatches(r, a.apiGroup ?? '') && resourceMatches(r, combined, a.subresource ?? '') && resourceNameMatches(r, a.name ?? '');
}

function appliesTo(user: UserInfo, subjects: RbacV1Subject[] | undefined, bindingNs: string): boolean {
  for (const s of subjects ?? []) {
    switch (s.kind) {
      case 'User': if (user.name === s.name) return true; break;
      case 'Group': if (user.groups.includes(s.name)) return true; break;
      case 'ServiceAccount': {
        const ns = s.namespace || bindingNs;
        if (ns && user.name === `system:serviceaccount:${ns}:${s.name}`) return true;
        break;
      }
    }
  }
  return false;
}

/** A rule that applies, or the error of a binding whose role is missing, in the order RBAC visits them. */
type Visited = { rule: Readonly<PolicyRule> } | { error: string };
/** What applies to whom, worked out once per state of the store (a step's requests check again and again). */
let RBAC_GRS: string[] | undefined;
const applicableCache = new WeakMap<APIServer, { key: string; by: Map<string, Visited[]> }>();

function applicable(api: APIServer, user: UserInfo, namespace: string): Visited[] {
  const key = `${api.store.epoch}:${api.store.currentRV()}`;
  let c = applicableCache.get(api);
  if (!c || c.key !== key) applicableCache.set(api, c = { key, by: new Map() });
  const uk = `${user.name}\u0000${user.uid ?? ''}\u0000${user.groups.join('\u0001')}\u0000${namespace}`;
  const hit = c.by.get(uk);
  if (hit) return hit;
  // across invocations: a memo in the database, good while no RBAC object changes (kept when a step writes)
  const sig = api.store.signature(RBAC_GRS ??= ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'].map(p => storageKey(ri(p))));
  const memoKey = `authz/${hash52(uk).toString(36)}`;
  if (sig !== undefined) {
    const m = api.store.getMeta(memoKey);
    if (m) {
      const memo = JSON.parse(m) as { s: string; u: string; v: Visited[] };
      if (memo.s === sig && memo.u === uk) { c.by.set(uk, memo.v); return memo.v; }
    }
  }
  const out: Visited[] = [];
  const roleFor = (kind: string, ns: string, name: string) =>
    kind === 'ClusterRole' ? api.view(ri('clusterroles'), undefined, name) : api.view(ri('roles'), ns, name);
  // (a binding's subjects and roleRef only: SQLite picks them out, the bindings are never parsed whole)
  const bindings = (plural: string, ns: string | undefined) => {
    const bs: { roleRef?: V1RoleRef }[] = [];
    api.eachPaths(ri(plural), ns, ['$.subjects', '$.roleRef'], ([subjects, roleRef]) => { if (appliesTo(user, subjects as RbacV1Subject[] | undefined, ns ?? '')) bs.push({ roleRef: roleRef as V1RoleRef | undefined }); });
    return bs;
  };
  for (const b of bindings('clusterrolebindings', undefined)) {
    const role = roleFor('ClusterRole', '', b.roleRef?.name ?? '');
    if (!role) { out.push({ error: `clusterrole.rbac.authorization.k8s.io "${b.roleRef?.name}" not found` }); continue; }
    for (const r of role.rules ?? []) out.push({ rule: r });
  }
  if (namespace) {
    for (const b of bindings('rolebindings', namespace)) {
      const kind = b.roleRef?.kind === 'ClusterRole' ? 'ClusterRole' : 'Role';
      const role = roleFor(kind, namespace, b.roleRef?.name ?? '');
      if (!role) { out.push({ error: `${kind === 'ClusterRole' ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io "${b.roleRef?.name}" not found` }); continue; }
      for (const r of role.rules ?? []) out.push({ rule: r });
    }
  }
  c.by.set(uk, out);
  if (sig !== undefined) api.store.setMemo(memoKey, JSON.stringify({ s: sig, u: uk, v: out }));
  return out;
}

/** Walk every rule that applies to the user in a namespace ('' = cluster-wide only); stop when visit returns false.
 *  The rules are the stored roles' own (read-only). */
export function visitRulesFor(api: APIServer, user: UserInfo, namespace: string, visit: (r: Readonly<PolicyRule>) => boolean, errors: string[]): void {
  for (const v of applicable(api, user, namespace)) {
    if ('error' in v) errors.push(v.error);
    else if (!visit(v.rule)) return;
  }
}

/** The authorizer chain of a kind cluster: system:masters always, then RBAC. */
export function authorize(api: APIServer, a: Attributes): { allowed: boolean; reason: string } {
  if (a.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
  const errors: string[] = [];
  let allowed = false;
  visitRulesFor(api, a.user, a.namespace ?? '', r => { if (ruleAllows(a, r)) { allowed = true; return false; } return true; }, errors);
  if (allowed) return { allowed, reason: '' };
  const uniq = [...new Set(errors)];
  return { allowed, reason: uniq.length ? `RBAC: ${uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`}` : '' };
}

/** The rules that apply to a user in a namespace (SelfSubjectRulesReview). */
export function rulesFor(api: APIServer, user: UserInfo, namespace: string): PolicyRule[] {
  const out: PolicyRule[] = [];
  visitRulesFor(api, user, namespace, r => { out.push(r); return true; }, []);
  return out;
}

/** forbiddenMessage + ForbiddenStatusError. */
export function forbiddenError(a: Attributes, reason: string): StatusError {
  let msg: string;
  if (a.path !== undefined) msg = `User "${a.user.name}" cannot ${a.verb} path "${a.path}"`;
  else {
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    msg = a.namespace
      ? `User "${a.user.name}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup ?? ''}" in the namespace "${a.namespace}"`
      : `User "${a.user.name}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup ?? ''}" at the cluster scope`;
  }
  if (reason) msg += `: ${reason}`;
  if (a.path !== undefined) return new StatusError(403, 'Forbidden', `forbidden: ${msg}`);
  const gr = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource!;
  return new StatusError(403, 'Forbidden', a.name ? `${gr} "${a.name}" is forbidden: ${msg}` : `${gr} is forbidden: ${msg}`, a.name ? { name: a.name } : undefined);
}
