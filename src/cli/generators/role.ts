// kubectl create role NAME --verb=verb --resource=resource.group/subresource [--resource-name]
// kubectl create clusterrole NAME --verb=verb --resource=... [--non-resource-url] [--aggregation-rule]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, collectArray, collectSlice, BuildCtx, PlainError } from './common';
import { strMap } from './typed-json';
import { preferredResources } from '../../api/discovery';

const RBAC = 'rbac.authorization.k8s.io';
const VALID_RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const VALID_NONRESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
const SPECIAL: Record<string, [string, string][]> = {
  use: [['policy', 'podsecuritypolicies'], ['extensions', 'podsecuritypolicies']],
  bind: [[RBAC, 'roles'], [RBAC, 'clusterroles']],
  escalate: [[RBAC, 'roles'], [RBAC, 'clusterroles']],
  impersonate: [['', 'users'], ['', 'serviceaccounts'], ['', 'groups'], ['authentication.k8s.io', 'userextras']],
};
interface Res { group: string; resource: string; sub: string }

const uniq = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i);
function verbsOf(opts: any): string[] {
  const v = opts.verb as string[];
  return v.includes('*') ? ['*'] : uniq(v);
}
function resourcesOf(opts: any): Res[] {
  const out: Res[] = [];
  for (const r of opts.resource as string[]) {
    const [main, sub] = splitN(r, '/', 2);
    const [resource, group] = splitN(main!, '.', 2);
    const res = { resource: resource!, group: group ?? '', sub: sub ?? '' };
    if (res.resource === '*' && group === undefined && sub === undefined) return [res];
    out.push(res);
  }
  return out;
}
function splitN(s: string, sep: string, n: number): string[] {
  const i = s.indexOf(sep);
  return n === 2 && i >= 0 ? [s.slice(0, i), s.slice(i + 1)] : [s];
}
/** RESTMapper.ResourceFor: the full resource name (and group) of a name, singular or short name. */
function resourceFor(r: Res): { group: string; resource: string } | PlainError {
  const name = r.resource.toLowerCase();
  const hit = preferredResources().find(x => (x.plural === name || x.singular === name || x.shortNames.includes(name)) && (!r.group || x.group === r.group));
  if (hit) return { group: hit.group, resource: hit.plural };
  return new PlainError(`the server doesn't have a resource type "${r.resource}"${r.group ? ` in group "${r.group}"` : ''}`);
}
function validateResources(resources: Res[], verbs: string[]): void {
  for (const r of resources) {
    if (!r.resource) throw new CliError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const found = resourceFor(r);
    let err: PlainError | undefined = found instanceof PlainError ? found : undefined;
    const gr = found instanceof PlainError ? { group: r.group, resource: r.resource } : found;
    for (const v of verbs) {
      const special = SPECIAL[v];
      if (!special) continue;
      if (special.some(([g, res]) => g === gr.group && res === gr.resource)) err = undefined;
      else throw new CliError(`can not perform '${v}' on '${gr.resource}' in group '${gr.group}'`);
    }
    if (err) throw err;
  }
}
function policyRules(verbs: string[], resources: Res[], names: string[], urls: string[]): any[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const found = resourceFor(r);
    const gr = found instanceof PlainError ? { group: r.group, resource: r.resource } : found;
    const name = r.sub ? `${gr.resource}/${r.sub}` : gr.resource;
    const list = byGroup.get(gr.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(gr.group, list);
  }
  const rules: any[] = [];
  for (const g of [...byGroup.keys()].sort()) {
    const rule: any = { verbs, apiGroups: [g], resources: byGroup.get(g) };
    if (names.length) rule.resourceNames = names;
    rules.push(rule);
  }
  if (urls.length) rules.push({ verbs, nonResourceURLs: urls });
  return rules;
}
function warnVerbs(ctx: VerbContext, verbs: string[]): void {
  for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) ctx.out.err(`Warning: '${v}' is not a standard resource verb`);
}
function ruleFlags(c: Command): Command {
  return c
    .option('--verb <verb>', 'Verb that applies to the resources contained in the rule', collectSlice, [])
    .option('--resource <resource>', 'Resource that the rule applies to', collectSlice, [])
    .option('--resource-name <name>', 'Resource in the white list that the rule applies to, repeat this flag for multiple items', collectArray, []);
}
function parseMapStringString(list: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const item of list) for (const kv of item.split(',')) {
    if (!kv) continue;
    const i = kv.indexOf('=');
    if (i < 0) throw new CliError(`invalid argument "${item}" for "--aggregation-rule" flag: ${kv} must be formatted as key=value`);
    out.push([kv.slice(0, i), kv.slice(i + 1)]);
  }
  return out;
}

export function register(create: Command, ctx: VerbContext): void {
  ruleFlags(create.command('role').description('Create a role with single rule').argument('[args...]'))
    .action(action(ctx, {
      apiVersion: `${RBAC}/v1`, kind: 'Role',
      validate: (opts: any) => {
        const verbs = verbsOf(opts);
        if (!verbs.length) throw new CliError('at least one verb must be specified');
        warnVerbs(ctx, verbs);
        const res = resourcesOf(opts);
        if (!res.length) throw new CliError('at least one resource must be specified');
        validateResources(res, verbs);
      },
      build: (b: BuildCtx) => ({
        kind: 'Role', apiVersion: `${RBAC}/v1`, metadata: meta(b.name, { namespace: b.namespace }),
        rules: policyRules(verbsOf(b.opts), resourcesOf(b.opts), uniq(b.opts.resourceName), []),
      }),
    }));
  ruleFlags(create.command('clusterrole').description('Create a cluster role').argument('[args...]'))
    .option('--non-resource-url <url>', 'A partial url that user should have access to.', collectSlice, [])
    .option('--aggregation-rule <k=v>', 'An aggregation label selector for combining ClusterRoles.', collectArray, [])
    .action(action(ctx, {
      apiVersion: `${RBAC}/v1`, kind: 'ClusterRole',
      validate: (opts: any) => {
        const verbs = verbsOf(opts), res = resourcesOf(opts), urls = uniq(opts.nonResourceUrl);
        const agg = parseMapStringString(opts.aggregationRule);
        if (agg.length) {
          if (urls.length || verbs.length || res.length || opts.resourceName.length)
            throw new CliError('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
          return;
        }
        if (!verbs.length) throw new CliError('at least one verb must be specified');
        if (!res.length && !urls.length) throw new CliError('one of resource or nonResourceURL must be specified');
        if (res.length) { warnVerbs(ctx, verbs); validateResources(res, verbs); }
        if (urls.length) {
          for (const v of verbs) if (!VALID_NONRESOURCE_VERBS.includes(v)) throw new CliError(`invalid verb: '${v}' for nonResourceURL`);
          for (const u of urls) {
            if (u === '*') continue;
            if (!u.startsWith('/')) throw new CliError('nonResourceURL should start with /');
            if (u.slice(0, -1).includes('*')) throw new CliError("nonResourceURL only supports wildcard matches when '*' is at the end");
          }
        }
      },
      build: (b: BuildCtx) => {
        const agg = parseMapStringString(b.opts.aggregationRule);
        const cr: any = { kind: 'ClusterRole', apiVersion: `${RBAC}/v1`, metadata: meta(b.name) };
        if (agg.length) {
          cr.rules = null;
          cr.aggregationRule = { clusterRoleSelectors: [{ matchLabels: strMap(agg) }] };
        } else cr.rules = policyRules(verbsOf(b.opts), resourcesOf(b.opts), uniq(b.opts.resourceName), uniq(b.opts.nonResourceUrl));
        return cr;
      },
    }));
}
