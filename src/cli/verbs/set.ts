// kubectl set image | env | resources | selector: change the pod template (or a Service's selector) of
// objects given by TYPE NAME, TYPE/NAME, -f, -l, --all; --local -f works without a server. An object whose
// change is empty is skipped silently, as kubectl skips an empty patch.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, addDryRun, parseDryRun, dryRunSuffix, reportErrors, opLine, collect, DryRun } from './common';
import { CliError } from '../../api/errors';
import { parseOutput, OutputFormat } from '../printers';
import type { KObject, ResourceInfo } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { clone, deepEqual } from '../../util/objects';
import { localItems, serverItems, noResourcesError, flushWarnings, shown } from './patching';
import { printEach } from '../printers';
import { canonicalQuantity } from '../generators/quantity';
import { changeCause, recordGiven, recordOn, RECORD_DEPRECATED } from '../record';
import { parseSelector } from '../../api/selectors';
import type { Item } from '../builder';
import type { Runtime } from '../../sim/runtime';

export function register(program: Command, ctx: VerbContext): void {
  const set = program.command('set').description('Set specific features on objects.').argument('[args...]');
  // No subcommand: the help machinery prints kubectl's help (program.ts); an unknown one is an error.
  set.action((args: string[]) => {
    if (args.length) throw new CliError(`unknown command ${JSON.stringify(args[0])}\nSee 'kctl set -h' for help and examples`);
  });
  const common = (c: Command, opts: { record?: boolean; selector?: boolean; all?: boolean } = {}) => {
    c.argument('[args...]')
      .option('-o, --output <format>', 'Output format.')
      .option('--local', 'If true, set will NOT contact api-server but run locally.', false)
      .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-set')
      .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
      .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
      .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true);
    if (opts.all !== false) c.option('--all', 'Select all resources, in the namespace of the specified resource types', false);
    if (opts.selector !== false) c.option('-l, --selector <selector>', 'Selector (label query) to filter on.');
    if (opts.record) c.option('--record', 'Record current kubectl command in the resource annotation.', false);
    addFilenameFlags(c, 'identifying the resource to get from a server.');
    addDryRun(c);
    return c;
  };
  const image = common(set.command('image').description('Update the image of a pod template.'), { record: true });
  image.action((args: string[], opts: any) => runSet(ctx, image, 'image', args, opts));
  const env = common(set.command('env').description('Update environment variables on a pod template.'))
    .option('-c, --containers <names>', 'The names of containers in the selected pod templates to change - may use wildcards', '*')
    .option('-e, --env <env>', 'Specify a key-value pair for an environment variable to set into each container.', collect, [])
    .option('--from <resource>', 'The name of a resource from which to inject environment variables')
    .option('--keys <keys>', 'Comma-separated list of keys to import from specified resource', collect, [])
    .option('--list', 'If true, display the environment and any changes in the standard format.', false)
    .option('--overwrite', 'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.', true)
    .option('--no-overwrite', 'Reject updates that overwrite existing environment.')
    .option('--prefix <prefix>', 'Prefix to append to variable names')
    .option('--resolve', 'If true, show secret or configmap references when listing variables', false);
  env.action((args: string[], opts: any) => runSet(ctx, env, 'env', args, opts));
  const res = common(set.command('resources').description('Update resource requests/limits on objects with pod templates.'), { record: true })
    .option('-c, --containers <names>', 'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards', '*')
    .option('--limits <limits>', "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.")
    .option('--requests <requests>', "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.");
  res.action((args: string[], opts: any) => runSet(ctx, res, 'resources', args, opts));
  const sel = common(set.command('selector').description('Set the selector on a resource.'), { record: true, selector: false })
    .option('--resource-version <rv>', 'If non-empty, the selectors update will only succeed if this is the current resource-version for the object.');
  sel.action((args: string[], opts: any) => runSet(ctx, sel, 'selector', args, opts));
  const sa = common(set.command('serviceaccount').alias('sa').description('Update the service account of a resource.'), { record: true });
  sa.action((args: string[], opts: any) => runSet(ctx, sa, 'serviceaccount', args, opts));
  const subject = common(set.command('subject').description('Update the user, group, or service account in a role binding or cluster role binding.'))
    .option('--user <name>', 'Usernames to bind to the role', collect, [])
    .option('--group <name>', 'Groups to bind to the role', collect, [])
    .option('--serviceaccount <ns:name>', 'Service accounts to bind to the role', collect, []);
  subject.action((args: string[], opts: any) => runSet(ctx, subject, 'subject', args, opts));
}

type SetKind = 'image' | 'env' | 'resources' | 'selector' | 'serviceaccount' | 'subject';
const OPERATION: Record<SetKind, string> = { image: 'image updated', env: 'env updated', resources: 'resource requirements updated', selector: 'selector updated', serviceaccount: 'serviceaccount updated', subject: 'subject updated' };

/** The pod spec inside an object, or undefined when it has none (kubectl's UpdatePodSpecForObject). */
export function podSpecOf(obj: KObject): any | undefined {
  switch (obj.kind) {
    case 'Pod': return (obj.spec ??= {});
    case 'Deployment': case 'ReplicaSet': case 'ReplicationController': case 'StatefulSet': case 'DaemonSet': case 'Job':
      obj.spec ??= {}; obj.spec.template ??= {}; return (obj.spec.template.spec ??= {});
    case 'CronJob':
      obj.spec ??= {}; obj.spec.jobTemplate ??= {}; obj.spec.jobTemplate.spec ??= {}; obj.spec.jobTemplate.spec.template ??= {};
      return (obj.spec.jobTemplate.spec.template.spec ??= {});
    case 'PodTemplate': (obj as any).template ??= {}; return ((obj as any).template.spec ??= {});
    default: return undefined;
  }
}
const noTemplate = (obj: KObject) => new CliError(`the object is not a pod or does not have a pod template: *${goType(obj)}`);
function goType(obj: KObject): string {
  const v = obj.apiVersion ?? 'v1';
  return `${v.includes('/') ? v.split('/')[1] : v}.${obj.kind}`;
}

/** Go's path.Match, as -c/--containers uses it. */
export function globMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = pattern.indexOf(']', i + 1);
      if (j < 0) return false;
      let cls = pattern.slice(i + 1, j);
      if (cls.startsWith('^')) cls = '^' + cls.slice(1);
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = j;
    } else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else re += escapeRe(c);
  }
  try { return new RegExp(re + '$').test(name); } catch { return false; }
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** kubectl's GetResourcesAndPairs: resources first, then KEY=VALUE / KEY- pairs. */
function splitPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [], pairs: string[] = [];
  let found = false;
  for (const s of args) {
    // env: a lone `-` (read from stdin) is an environment argument too (SplitEnvironmentFromResources)
    const nonResource = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && (s !== '-' || pairType === 'env'));
    if (nonResource) { found = true; pairs.push(s); continue; }
    if (found) throw new CliError(`all resources must be specified before ${pairType} changes: ${s}`);
    resources.push(s);
  }
  return { resources, pairs };
}

function runSet(ctx: VerbContext, cmd: Command, kind: SetKind, args: string[], opts: any): void {
  const record = !!opts.record;
  if (recordGiven(ctx.argv) && kind !== 'env') ctx.out.err(RECORD_DEPRECATED);
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  if (opts.local && dry === 'server') throw new CliError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  let resources: string[];
  let plan: (rt: Runtime | undefined, ns: string) => (obj: KObject, ri: ResourceInfo) => void;
  const deferred: unknown[] = [];
  switch (kind) {
    case 'image': {
      const sp = splitPairs(args, 'image');
      resources = sp.resources;
      if (!resources.length && !opts.filename.length) throw noResourcesError();
      const images: [string, string][] = sp.pairs.map(p => {
        const i = p.indexOf('=');
        if (i < 0) throw new CliError(`invalid image format: ${JSON.stringify(p)}`);
        return [p.slice(0, i), p.slice(i + 1)];
      });
      if (!images.length) throw new CliError('at least one image update is required');
      if (images.length > 1 && images.some(([k]) => k === '*')) throw new CliError('all containers are already specified by *, but saw more than one container_name=container_image pairs');
      plan = () => obj => {
        const spec = podSpecOf(obj);
        if (!spec) throw noTemplate(obj);
        for (const [name, img] of images) {
          let found = false;
          for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
            for (const c of (list ?? []) as any[]) {
              if (name === '*' || c.name === name) {
                found = true;
                if (img) c.image = img; else delete c.image;
              }
            }
          }
          if (!found) deferred.push(new CliError(`unable to find container named ${JSON.stringify(name)}`));
        }
      };
      break;
    }
    case 'env': {
      const sp = splitPairs(args, 'env');
      resources = sp.resources;
      if (!resources.length && !opts.filename.length) throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
      if (opts.keys.length && !opts.from) throw new CliError('when specifying --keys, a configmap or secret must be provided with --from');
      let specs = [...sp.pairs, ...opts.env];
      if (specs.includes('-') && opts.filename.includes('-')) throw new CliError('standard input cannot be used for multiple arguments');
      if (specs.includes('-')) {
        // KEY=VALUE lines from stdin, a `#` starting a comment (kubectl's readEnv)
        let text = '';
        try { text = require('node:fs').readFileSync(0, 'utf8'); } catch { /* no stdin */ }
        const fromStdin = text.split(/\r?\n/).map(l => (l.includes('#') ? l.slice(0, l.indexOf('#')) : l)).filter(l => l.includes('='));
        specs = specs.flatMap(x => (x === '-' ? fromStdin : [x]));
      }
      const add: { name: string; value?: string; valueFrom?: any }[] = [];
      const remove: string[] = [];
      for (const s of specs) {
        const i = s.indexOf('=');
        if (i > 0) {
          const name = s.slice(0, i);
          checkEnvName(name);
          add.push({ name, value: s.slice(i + 1) });
        } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
        else throw new CliError(`environment variables must be of the form key=value: ${s}`);
      }
      if (!specs.length && !opts.from && !opts.list) throw new CliError('at least one environment variable must be provided');
      const overwrite = opts.overwrite !== false;
      const keys: string[] = opts.keys.flatMap((k: string) => k.split(',')).filter(Boolean);
      plan = (rt, ns) => {
        const fromVars: typeof add = [];
        if (opts.from) {
          if (!rt) throw new CliError('--from cannot be used with --local');
          fromVars.push(...envFrom(rt, ns, String(opts.from), keys, opts.prefix ?? '', w => ctx.out.err(w)));
        }
        return obj => {
          const spec = podSpecOf(obj);
          if (!spec) throw noTemplate(obj);
          const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].filter((c: any) => globMatch(opts.containers, c.name));
          if (!containers.length) {
            ctx.out.err(`Warning: ${obj.kind}/${obj.metadata.name} does not have any containers matching ${JSON.stringify(opts.containers)}`);
            return;
          }
          for (const c of containers) {
            const all = [...add, ...fromVars];
            if (!overwrite) {
              for (const v of all) {
                const cur = (c.env ?? []).find((e: any) => e.name === v.name);
                if (cur && (cur.value ?? '') !== (v.value ?? '')) {
                  throw new CliError(`${objectName(obj)}\n '${v.name}' already has a value (${cur.value ?? ''}), and --overwrite is false`);
                }
              }
            }
            let env: any[] = (c.env ?? []).filter((e: any) => !remove.includes(e.name));
            for (const v of all) {
              const entry: any = { name: v.name };
              if (v.valueFrom) entry.valueFrom = v.valueFrom; else entry.value = v.value;
              const at = env.findIndex(e => e.name === v.name);
              if (at >= 0) env[at] = entry; else env.push(entry);
            }
            if (env.length) c.env = env; else delete c.env;
          }
        };
      };
      break;
    }
    case 'resources': {
      resources = args;
      if (!resources.length && !opts.filename.length) throw noResourcesError();
      const parse = (s: string | undefined) => {
        const out: Record<string, string> = {};
        if (!s) return out;
        for (const part of s.split(',')) {
          if (!part) continue;
          const i = part.indexOf('=');
          if (i <= 0) throw new CliError(`invalid argument syntax ${part}`);
          out[part.slice(0, i)] = canonicalQuantity(part.slice(i + 1));
        }
        return out;
      };
      if (!opts.limits && !opts.requests) throw new CliError('you must specify an update to requests or limits (in the form of --requests/--limits)');
      const limits = parse(opts.limits), requests = parse(opts.requests);
      plan = () => obj => {
        const spec = podSpecOf(obj);
        if (!spec) throw noTemplate(obj);
        const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].filter((c: any) => globMatch(opts.containers, c.name));
        if (!containers.length) { deferred.push(new CliError(`unable to find container named ${opts.containers}`)); return; }
        for (const c of containers) {
          c.resources ??= {};
          if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
          if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
        }
      };
      break;
    }
    case 'subject': {
      // kubectl set subject: add users, groups and service accounts a RoleBinding/ClusterRoleBinding lacks
      resources = args;
      if (!resources.length && !opts.filename.length) throw noResourcesError();
      opts.user = [...opts.user, ...(ctx.globals.users ?? [])]; // --user is read with the global flags
      if (!opts.user.length && !opts.group.length && !opts.serviceaccount.length) throw new CliError('you must specify at least one value of user, group or serviceaccount');
      const wanted: any[] = [
        ...opts.user.map((name: string) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name })),
        ...opts.group.map((name: string) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name })),
        ...opts.serviceaccount.map((sa: string) => {
          const t = sa.split(':');
          if (t.length !== 2 || !t[1]) throw new CliError('serviceaccount must be <namespace>:<name>');
          return { kind: 'ServiceAccount', name: t[1], namespace: t[0] };
        }),
      ];
      plan = (_rt, ns) => obj => {
        if (obj.kind !== 'RoleBinding' && obj.kind !== 'ClusterRoleBinding') throw new CliError('setting subjects is only supported for RoleBinding/ClusterRoleBinding');
        const subjects: any[] = ((obj as any).subjects ??= []);
        for (const w of wanted) {
          const sub = w.kind === 'ServiceAccount' && !w.namespace ? { ...w, namespace: ns } : w;
          if (!subjects.some(x => x.kind === sub.kind && x.name === sub.name && (x.namespace ?? '') === (sub.namespace ?? '') && (x.apiGroup ?? '') === (sub.apiGroup ?? ''))) subjects.push(sub);
        }
      };
      break;
    }
    case 'serviceaccount': {
      if (!args.length) throw new CliError('serviceaccount is required');
      resources = args.slice(0, -1);
      const account = args[args.length - 1]!;
      if (!resources.length && !opts.filename.length) throw noResourcesError();
      plan = () => obj => {
        const spec = podSpecOf(obj);
        if (!spec) throw noTemplate(obj);
        spec.serviceAccountName = account;
      };
      break;
    }
    case 'selector': {
      if (!args.length) throw new CliError('one selector is required');
      resources = args.slice(0, -1);
      const expr = args[args.length - 1]!;
      if (!resources.length && !opts.filename.length) throw noResourcesError();
      const reqs = parseSelector(expr);
      const labels: Record<string, string> = {};
      const exprs: string[] = [];
      const OPS: Record<string, string> = { in: 'In', notin: 'NotIn', '!=': 'NotIn', exists: 'Exists', '!': 'DoesNotExist' };
      for (const r of reqs) {
        if (r.op === '=') labels[r.key] = r.values[0] ?? '';
        else exprs.push(`{${r.key} ${OPS[r.op] ?? r.op} [${r.values.join(' ')}]}`);
      }
      if (exprs.length) throw new CliError(`match expression [${exprs.join(' ')}] not supported on this object`);
      plan = () => obj => {
        if (obj.kind !== 'Service') throw new CliError('setting a selector is only supported for Services');
        obj.spec ??= {};
        obj.spec.selector = { ...labels };
        if (opts.resourceVersion) obj.metadata.resourceVersion = opts.resourceVersion;
      };
      break;
    }
  }
  const cause = record ? changeCause(cmd, ctx.argv) : undefined;
  const printed: { obj: KObject; ri: ResourceInfo }[] = [];
  const emit = (obj: KObject, ri: ResourceInfo) => {
    if (fmt) printed.push({ obj: shown(obj), ri });
    else ctx.out.line(opLine(obj, ri, OPERATION[kind] + dryRunSuffix(dry)));
  };
  const finish = () => { if (fmt && printed.length) ctx.out.out(printEach(fmt, printed)); };
  const change = (fn: (obj: KObject, ri: ResourceInfo) => void, it: Item): KObject | undefined => {
    const before = it.obj!;
    const next = clone(before);
    fn(next, it.ri);
    if (cause) recordOn(next, cause);
    return deepEqual(before, next) ? undefined : next;
  };
  const listEnv = (obj: KObject) => {
    const spec = podSpecOf(clone(obj));
    if (!spec) throw noTemplate(obj);
    const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].filter((c: any) => globMatch(opts.containers, c.name));
    for (const c of containers) {
      ctx.out.line(`# ${obj.kind} ${obj.metadata.name}, container ${c.name}`);
      for (const e of (c.env ?? []) as any[]) ctx.out.line(envLine(e));
    }
  };

  if (opts.local) {
    if (resources.length || !opts.filename.length) throw new CliError('can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set');
    const items = localItems({ namespace: ctx.globals.namespace || 'default', explicitNamespace: !!ctx.globals.namespace }, opts, [], `set ${kind}`)
      .map(it => ({ ...it, obj: typedDefaults(it.obj!) }));
    const fn = plan(undefined, ctx.globals.namespace || 'default');
    const errors: unknown[] = [];
    for (const it of items) {
      if (kind === 'env' && opts.list) { listEnv(it.obj!); continue; }
      try {
        const next = change(fn, it);
        if (next) emit(next, it.ri);
      } catch (e) { errors.push(wrapItemError(e, it)); }
    }
    finish();
    reportErrors(ctx, [...errors, ...aggregate(deferred)]);
    return;
  }
  const s = openSession(ctx);
  try {
    let errors: unknown[] = [];
    s.step(rt => {
      const found = serverItems(rt, s, opts, resources);
      errors = found.errors;
      const fn = plan(rt, s.namespace);
      for (const it of found.items) {
        if (kind === 'env' && opts.list) { listEnv(it.obj!); continue; }
        try {
          const next = change(fn, it);
          if (!next) continue;
          if (dry === 'client') { emit(next, it.ri); continue; }
          if (kind !== 'selector' || !opts.resourceVersion) next.metadata.resourceVersion = it.obj!.metadata.resourceVersion;
          const out = rt.api.update(next, { dryRun: dry === 'server' });
          flushWarnings(ctx, rt);
          emit(out, it.ri);
        } catch (e) { errors.push(wrapItemError(e, it)); }
      }
    });
    finish();
    reportErrors(ctx, [...errors, ...aggregate(deferred)]);
  } finally {
    s.close();
  }
}

function wrapItemError(e: unknown, it: Item): unknown {
  if (e instanceof CliError && /^the object is not a pod/.test(e.message)) return new CliError(`${it.ri.plural}/${it.name} ${e.message}`);
  return e;
}
/** utilerrors.NewAggregate as CheckErr prints it: one message bare, several in brackets. */
function aggregate(errs: unknown[]): unknown[] {
  if (errs.length <= 1) return errs;
  const msgs = [...new Set(errs.map(e => (e as Error).message))];
  return [msgs.length === 1 ? errs[0] : new CliError(`[${msgs.join(', ')}]`)];
}
const objectName = (obj: KObject) => {
  const v = obj.apiVersion ?? '';
  const group = v.includes('/') ? v.split('/')[0] : '';
  return `${obj.kind.toLowerCase()}${group ? '.' + group : ''}/${obj.metadata.name}`;
};

function checkEnvName(name: string): void {
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
    throw new CliError(`${JSON.stringify(name)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`);
  }
}

function envLine(e: any): string {
  if (!e.valueFrom) return `${e.name}=${e.value ?? ''}`;
  const f = e.valueFrom;
  if (f.fieldRef) return `# ${e.name} from field path ${f.fieldRef.fieldPath}`;
  if (f.secretKeyRef) return `# ${e.name} from secret ${f.secretKeyRef.name}, key ${f.secretKeyRef.key}`;
  if (f.configMapKeyRef) return `# ${e.name} from configmap ${f.configMapKeyRef.name}, key ${f.configMapKeyRef.key}`;
  if (f.resourceFieldRef) return `# ${e.name} from resource field ${f.resourceFieldRef.resource}`;
  return `# ${e.name} cannot be resolved`;
}

/** --from=configmap/NAME or secret/NAME: one variable per key (sorted), referencing the key. */
function envFrom(rt: Runtime, ns: string, from: string, keys: string[], prefix: string, warn: (w: string) => void): { name: string; valueFrom: any }[] {
  const i = from.indexOf('/');
  if (i <= 0) throw new CliError(`invalid resource "${from}": must be configmap/NAME or secret/NAME`);
  const type = from.slice(0, i).toLowerCase(), name = from.slice(i + 1);
  const isCm = ['configmap', 'configmaps', 'cm'].includes(type);
  const isSecret = ['secret', 'secrets'].includes(type);
  if (!isCm && !isSecret) throw new CliError(`unsupported resource specified in --from`);
  const ri = byGroupResource('', isCm ? 'configmaps' : 'secrets')!;
  const obj = rt.api.get(ri, ns, name);
  const data = { ...(obj as any).data ?? {}, ...(isCm ? (obj as any).binaryData ?? {} : {}) };
  const out: { name: string; valueFrom: any }[] = [];
  for (const key of Object.keys(data).sort()) {
    if (keys.length && !keys.includes(key)) continue;
    const ref = { name, key };
    const envName = key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
    if (envName !== key) warn(`Warning: key ${key} transferred to ${envName}`);
    out.push({ name: prefix + envName, valueFrom: isCm ? { configMapKeyRef: ref } : { secretKeyRef: ref } });
  }
  return out;
}

export type { DryRun };

/** What decoding a manifest into kubectl's Go types brings back (fields that are not omitempty), so a
 * --local object prints as kubectl prints it: null creationTimestamps, empty strategy/status/resources. */
export function typedDefaults(obj: KObject): KObject {
  const o = clone(obj);
  const meta = (m: any) => { if (m && typeof m === 'object' && !('creationTimestamp' in m)) m.creationTimestamp = null; };
  meta(o.metadata ??= {});
  const fixSpec = (spec: any) => {
    if (!spec || typeof spec !== 'object') return;
    for (const list of [spec.initContainers, spec.containers]) {
      for (const c of (list ?? []) as any[]) {
        c.resources ??= {};
        for (const e of (c.env ?? []) as any[]) {
          const rf = e?.valueFrom?.resourceFieldRef;
          if (rf && rf.divisor === undefined) rf.divisor = '0';
        }
      }
    }
  };
  const fixTemplate = (t: any) => { if (!t || typeof t !== 'object') return; meta(t.metadata ??= {}); fixSpec(t.spec ??= {}); };
  const spec: any = o.spec;
  switch (o.kind) {
    case 'Pod': fixSpec(o.spec ??= {}); break;
    case 'Deployment': o.spec ??= {}; o.spec.strategy ??= {}; fixTemplate(o.spec.template ??= {}); break;
    case 'DaemonSet': o.spec ??= {}; o.spec.updateStrategy ??= {}; fixTemplate(o.spec.template ??= {}); break;
    case 'StatefulSet': o.spec ??= {}; o.spec.updateStrategy ??= {}; fixTemplate(o.spec.template ??= {}); break;
    case 'ReplicaSet': case 'Job': o.spec ??= {}; fixTemplate(o.spec.template ??= {}); break;
    case 'ReplicationController': if (spec?.template) fixTemplate(spec.template); break;
    case 'CronJob': o.spec ??= {}; o.spec.jobTemplate ??= {}; meta(o.spec.jobTemplate.metadata ??= {}); o.spec.jobTemplate.spec ??= {}; fixTemplate(o.spec.jobTemplate.spec.template ??= {}); break;
    default: break;
  }
  if (['Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController', 'Service'].includes(o.kind) && !('status' in o)) (o as any).status = {};
  return o;
}
