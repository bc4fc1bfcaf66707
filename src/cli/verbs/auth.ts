// kubectl auth: can-i (a SelfSubjectAccessReview, or with --list a SelfSubjectRulesReview), whoami (a
// SelfSubjectReview) and reconcile (RBAC objects from -f reconciled non-destructively, as
// pkg/registry/rbac/reconciliation does). Mirrors k8s.io/kubectl/pkg/cmd/auth.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, collect } from './common';
import { CliError } from '../../api/errors';
import { resolveResource } from '../../api/discovery';
import { canI, rulesReview } from '../../api/rbac/enforce';
import type { PolicyRule } from '../../api/rbac/authorizer';
import { TableWriter } from '../printers/tabwriter';
import { breakdown, compact, ruleString, combineResourceGroup, Rule } from '../describe/rbac';
import type { KObject } from '../../api/types';

const RESOURCE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest'];
const NON_RESOURCE_VERBS = ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'];
const NON_STANDARD = ['users', 'groups'];

export function register(program: Command, ctx: VerbContext): void {
  const auth = program.command('auth').description('Inspect authorization');
  const canCmd = auth.command('can-i').description('Check whether an action is allowed')
    .argument('[args...]')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces.', false)
    .option('-q, --quiet', 'If true, suppress output and just return the exit code.', false)
    .option('--subresource <s>', 'SubResource such as pod/log or deployment/scale', '')
    .option('--list', 'If true, prints all allowed actions.', false)
    .option('--no-headers', 'If true, prints allowed actions without headers');
  canCmd.action((args: string[], opts: any) => canIAction(ctx, args, opts));
  auth.command('whoami').description('Experimental: Check self subject attributes')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml).')
    .action((opts: any) => whoami(ctx, opts));
  const rec = auth.command('reconcile').description('Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects')
    .option('-o, --output <format>', 'Output format.')
    .option('--remove-extra-permissions', 'If true, removes extra permissions added to roles', false)
    .option('--remove-extra-subjects', 'If true, removes extra subjects added to rolebindings', false)
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client".');
  addFilenameFlags(rec, 'identifying the resource to reconcile.');
  rec.action((opts: any) => reconcile(ctx, opts));
  void collect;
}

function canIAction(ctx: VerbContext, args: string[], opts: any): void {
  const warn = (m: string) => ctx.out.err(`Warning: ${m}`);
  if (opts.list) {
    if (args.length) throw new CliError('list option must be specified with no arguments');
    if (opts.quiet || opts.allNamespaces || opts.subresource) throw new CliError("list option can't be specified with neither quiet, all-namespaces nor subresource options");
  } else if (args.length !== 2) {
    throw new CliError("you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kctl auth can-i -h' for help and examples.");
  }
  const s = openSession(ctx);
  try {
    if (opts.list) {
      const ns = s.namespace;
      const rules = s.step(rt => rulesReview(rt.api, s.user!, ns));
      printRules(ctx, rules, opts.headers !== false);
      return;
    }
    const verb = args[0]!;
    let nonResourceURL: string | undefined;
    let group = '', resource = '', name = '';
    let namespaced = true;
    let known = true;
    if (args[1]!.startsWith('/')) nonResourceURL = args[1]!;
    else {
      const [resArg, resName] = splitOnce(args[1]!, '/');
      name = resName ?? '';
      if (resArg === '*') resource = '*';
      else {
        const ri = s.step(() => resolveResource(resArg.toLowerCase()));
        if (ri) { group = ri.group; resource = ri.plural; namespaced = ri.namespaced; }
        else {
          known = false;
          const dot = resArg.indexOf('.');
          resource = dot > 0 ? resArg.slice(0, dot).toLowerCase() : resArg.toLowerCase();
          group = dot > 0 ? resArg.slice(dot + 1).toLowerCase() : '';
          if (!NON_STANDARD.includes(resArg.toLowerCase()))
            warn(group ? `the server doesn't have a resource type '${resource}' in group '${group}'` : `the server doesn't have a resource type '${resource}'`);
        }
      }
    }
    if (nonResourceURL !== undefined) {
      if (opts.subresource) throw new CliError('--subresource can not be used with NonResourceURL');
      if (!NON_RESOURCE_VERBS.includes(verb)) warn(`verb '${verb}' is not a known verb`);
    } else if (resource && !opts.allNamespaces) {
      if (known && !namespaced && resource !== '*') warn(group ? `resource '${resource}' is not namespace scoped in group '${group}'` : `resource '${resource}' is not namespace scoped`);
      if (!RESOURCE_VERBS.includes(verb)) warn(`verb '${verb}' is not a known verb`);
    }
    if (opts.headers === false) throw new CliError('--no-headers cannot be set without --list specified');
    const namespace = opts.allNamespaces ? '' : s.namespace;
    const d = s.step(rt => canI(rt.api, nonResourceURL !== undefined
      ? { user: s.user!, verb, path: nonResourceURL }
      : { user: s.user!, verb, apiGroup: group, resource, subresource: opts.subresource || undefined, namespace, name }));
    if (!opts.quiet) ctx.out.out(d.allowed ? 'yes\n' : `no${d.reason ? ` - ${d.reason}` : ''}\n`);
    if (!d.allowed) ctx.out.exitCode = 1;
  } finally {
    s.close();
  }
}
function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function printRules(ctx: VerbContext, rules: PolicyRule[], headers: boolean): void {
  const compacted = compact(rules.flatMap(breakdown));
  const keyed = compacted.map((r, i) => ({ r, i, k: ruleString(r) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  const list = (a: string[] | undefined) => `[${(a ?? []).join(' ')}]`;
  const rows: string[][] = [];
  if (headers) rows.push(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
  for (const { r } of keyed) rows.push([combineResourceGroup(r.resources, r.apiGroups), list(r.nonResourceURLs), list(r.resourceNames), list(r.verbs)]);
  ctx.out.out(new TableWriter().render(rows));
}

function whoami(ctx: VerbContext, opts: any): void {
  const s = openSession(ctx);
  let user;
  try { s.step(() => undefined); user = s.user!; } finally { s.close(); }
  const review = { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null },
    status: { userInfo: { username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } } };
  if (opts.output === 'json') {
    const { goJSON } = require('../printers/json') as typeof import('../printers/json');
    ctx.out.out(goJSON(review, '    ', o => Object.keys(o).filter(k => o[k] !== undefined)) + '\n');
    return;
  }
  if (opts.output === 'yaml') {
    const { goYAML } = require('../printers/yaml') as typeof import('../printers/yaml');
    ctx.out.out(goYAML(review));
    return;
  }
  if (opts.output) throw new CliError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: json,yaml`);
  const rows = [['ATTRIBUTE', 'VALUE'], ['Username', user.name]];
  if (user.uid) rows.push(['UID', user.uid]);
  if (user.groups.length) rows.push(['Groups', `[${user.groups.join(' ')}]`]);
  for (const k of Object.keys(user.extra ?? {}).sort()) rows.push([`Extra: ${k}`, `[${user.extra![k]!.join(' ')}]`]);
  ctx.out.out(new TableWriter().render(rows));
}

// ---------------- reconcile ----------------
const goList = (a: string[] | undefined) => `[${(a ?? []).join(' ')}]`;
const ruleV = (r: Rule) => `{Verbs:${goList(r.verbs)} APIGroups:${goList(r.apiGroups)} Resources:${goList(r.resources)} ResourceNames:${goList(r.resourceNames)} NonResourceURLs:${goList(r.nonResourceURLs)}}`;
const subjectV = (s: any) => `{Kind:${s.kind ?? ''} APIGroup:${s.apiGroup ?? ''} Name:${s.name ?? ''} Namespace:${s.namespace ?? ''}}`;

/** validation.Covers: the broken-down requested rules no owner rule covers. */
function uncovered(owner: PolicyRule[], requested: PolicyRule[]): Rule[] {
  const { ruleAllows } = require('../../api/rbac/authorizer') as typeof import('../../api/rbac/authorizer');
  const out: Rule[] = [];
  for (const r of requested.flatMap(breakdown)) {
    const covered = owner.some(o => {
      if (r.nonResourceURLs?.length) return ruleAllows({ user: { name: '', groups: [] }, verb: r.verbs[0]!, path: r.nonResourceURLs[0]! }, o);
      const [res, sub] = splitOnce(r.resources![0]!, '/');
      const exact = o.verbs.some(v => v === '*' || v === r.verbs[0]) && (o.apiGroups ?? []).some(g => g === '*' || g === r.apiGroups![0])
        && (o.resources ?? []).some(x => x === '*' || x === r.resources![0] || (sub !== undefined && x === `*/${sub}`) || (r.resources![0] === '*' && x === '*'))
        && (!o.resourceNames?.length || (r.resourceNames?.length ? o.resourceNames.includes(r.resourceNames[0]!) : false));
      void res;
      return exact;
    });
    if (!covered) out.push(r);
  }
  return out;
}

function reconcile(ctx: VerbContext, opts: any): void {
  if (!opts.filename.length) throw new CliError('must specify one of -f and -k');
  const { readManifests } = require('../manifests') as typeof import('../manifests');
  const { manifestsToItems } = require('../builder') as typeof import('../builder');
  const { clone } = require('../../util/objects') as typeof import('../../util/objects');
  const dry = opts.dryRun !== undefined && opts.dryRun !== 'none' && opts.dryRun !== false;
  if (opts.dryRun === 'server') throw new CliError('--dry-run=server for command reconcile is not supported yet');
  const s = openSession(ctx);
  try {
    const items = manifestsToItems(readManifests(opts.filename, opts.recursive), s.namespace, s.explicitNamespace);
    s.step(rt => {
      for (const it of items) {
        const o = clone(it.manifest!) as KObject;
        if (it.ri.group !== 'rbac.authorization.k8s.io') continue;
        if (it.ri.version !== 'v1') throw new CliError(`only rbac.authorization.k8s.io/v1 is supported: not *${it.ri.version}.${it.ri.kind}`);
        if (it.ri.namespaced) o.metadata.namespace = it.namespace;
        const existing = rt.api.tryGet(it.ri, it.namespace, o.metadata.name!);
        const isRole = it.ri.kind === 'Role' || it.ri.kind === 'ClusterRole';
        let op: 'create' | 'update' | 'recreate' | 'none' = 'none';
        let missingRules: Rule[] = []; let extraRules: Rule[] = [];
        let missingSubjects: any[] = []; let extraSubjects: any[] = [];
        let result = o;
        let isProtected = false;
        if (!existing) {
          op = 'create';
          if (isRole) missingRules = o.rules ?? []; else missingSubjects = o.subjects ?? [];
        } else {
          result = clone(existing);
          isProtected = existing.metadata.annotations?.['rbac.authorization.kubernetes.io/autoupdate'] === 'false';
          const merged = (a: any, b: any) => (a || b ? { ...(a ?? {}), ...(b ?? {}) } : undefined);
          result.metadata.annotations = merged(o.metadata.annotations, existing.metadata.annotations);
          result.metadata.labels = merged(o.metadata.labels, existing.metadata.labels);
          if (JSON.stringify(result.metadata.annotations) !== JSON.stringify(existing.metadata.annotations)
            || JSON.stringify(result.metadata.labels) !== JSON.stringify(existing.metadata.labels)) op = 'update';
          if (isRole) {
            extraRules = uncovered(o.rules ?? [], existing.rules ?? []);
            missingRules = uncovered(existing.rules ?? [], o.rules ?? []);
            if (!opts.removeExtraPermissions && missingRules.length) { result.rules = [...(existing.rules ?? []), ...missingRules]; op = 'update'; }
            else if (opts.removeExtraPermissions && (missingRules.length || extraRules.length)) { result.rules = o.rules; op = 'update'; }
            if (o.aggregationRule) result.aggregationRule = o.aggregationRule;
          } else {
            const same = (a: any, b: any) => a.kind === b.kind && (a.apiGroup ?? '') === (b.apiGroup ?? '') && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
            if (JSON.stringify(existing.roleRef) !== JSON.stringify({ apiGroup: 'rbac.authorization.k8s.io', ...o.roleRef })) { op = 'recreate'; result.roleRef = o.roleRef; }
            missingSubjects = (o.subjects ?? []).filter((x: any) => !(existing.subjects ?? []).some((y: any) => same(x, y)));
            extraSubjects = (existing.subjects ?? []).filter((x: any) => !(o.subjects ?? []).some((y: any) => same(x, y)));
            if (!opts.removeExtraSubjects && missingSubjects.length) { result.subjects = [...(existing.subjects ?? []), ...missingSubjects]; if (op !== 'recreate') op = 'update'; }
            else if (opts.removeExtraSubjects && (missingSubjects.length || extraSubjects.length)) { result.subjects = o.subjects; if (op !== 'recreate') op = 'update'; }
          }
        }
        if (!dry && !isProtected) {
          if (op === 'create') rt.api.create(result);
          else if (op === 'update') rt.api.update(result);
          else if (op === 'recreate') { rt.api.delete(it.ri, it.namespace, o.metadata.name!); delete result.metadata.resourceVersion; delete result.metadata.uid; rt.api.create(result); }
        }
        ctx.out.line(`${it.ri.kind.toLowerCase()}.rbac.authorization.k8s.io/${o.metadata.name} reconciled${dry ? ' (dry run)' : ''}`);
        const caveat = isProtected ? ', but object opted out (rbac.authorization.kubernetes.io/autoupdate: false)' : '';
        if (op !== 'none') ctx.out.err(`\treconciliation required ${op}${caveat}`);
        if (missingSubjects.length) { ctx.out.err('\tmissing subjects added:'); for (const x of missingSubjects) ctx.out.err(`\t\t${subjectV(x)}`); }
        if (opts.removeExtraSubjects && extraSubjects.length) { ctx.out.err('\textra subjects removed:'); for (const x of extraSubjects) ctx.out.err(`\t\t${subjectV(x)}`); }
        if (missingRules.length) { ctx.out.err('\tmissing rules added:'); for (const r of missingRules) ctx.out.err(`\t\t${ruleV(r)}`); }
        if (opts.removeExtraPermissions && extraRules.length) { ctx.out.err('\textra rules removed:'); for (const r of extraRules) ctx.out.err(`\t\t${ruleV(r)}`); }
      }
    });
  } finally {
    s.close();
  }
}
