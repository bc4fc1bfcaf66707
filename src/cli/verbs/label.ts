// kubectl label (and, through runMetaEdit, kubectl annotate): KEY=VAL and KEY- changes on objects given by
// TYPE NAME, TYPE/NAME, -f, -l, --all, -A; --overwrite, --list, --local, --resource-version, --dry-run, -o.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun, opLine, DryRun } from './common';
import { CliError } from '../../api/errors';
import { parseOutput, printObjects, OutputFormat, printEach } from '../printers';
import type { KObject, ResourceInfo } from '../../api/types';
import { labelValue } from '../../api/validation/meta';
import { clone, deepEqual } from '../../util/objects';
import { localItems, serverItems, noResourcesError, flushWarnings, shown } from './patching';
import type { Item } from '../builder';
import { changeCause, recordGiven, recordOn, RECORD_DEPRECATED } from '../record';

export type MetaKind = 'label' | 'annotate';

export function register(program: Command, ctx: VerbContext): void {
  registerMetaVerb(program, ctx, 'label');
}

export function registerMetaVerb(program: Command, ctx: VerbContext, kind: MetaKind): void {
  const what = kind === 'label' ? 'labels' : 'annotations';
  const cmd = program.command(kind)
    .description(kind === 'label' ? 'Update the labels on a resource.' : 'Update the annotations on a resource.')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format.')
    .option('--overwrite', `If true, allow ${what} to be overwritten, otherwise reject ${kind === 'label' ? 'label' : 'annotation'} updates that overwrite existing ${what}.`, false)
    .option('--all', 'Select all resources, in the namespace of the specified resource types', false)
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces.', false)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--field-selector <selector>', 'Selector (field query) to filter on.')
    .option('--list', `If true, display the ${what} for a given resource.`, false)
    .option('--local', `If true, ${kind} will NOT contact api-server but run locally.`, false)
    .option('--resource-version <rv>', 'If non-empty, the update will only succeed if this is the current resource-version for the object.')
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', `kubectl-${kind}`)
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
  addFilenameFlags(cmd, `identifying the resource to update the ${kind === 'label' ? 'labels' : 'annotation'}`);
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => {
    if (recordGiven(ctx.argv)) ctx.out.err(RECORD_DEPRECATED);
    runMetaEdit(ctx, kind, args, { ...opts, cause: opts.record ? changeCause(cmd, ctx.argv) : undefined });
  });
}

interface Changes { set: Record<string, string>; remove: string[] }

function splitArgs(args: string[], kind: MetaKind): { resources: string[]; specs: string[] } {
  const resources: string[] = [], specs: string[] = [];
  let first = true;
  for (const a of args) {
    const isSpec = (a.includes('=') && !a.startsWith('=')) || a.endsWith('-');
    if (isSpec) { first = false; specs.push(a); }
    else if (first) resources.push(a);
    else throw new CliError(`all resources must be specified before ${kind === 'label' ? 'label' : 'annotation'} changes: ${a}`);
  }
  return { resources, specs };
}

function parseSpecs(specs: string[], kind: MetaKind): Changes {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      if (kind === 'label') {
        const parts = spec.split('=');
        if (parts.length !== 2) throw new CliError(`invalid label spec: ${spec}`);
        const errs = labelValue(parts[1]!);
        if (errs.length) throw new CliError(`invalid label value: ${JSON.stringify(spec)}: ${errs.join('; ')}`);
        set[parts[0]!] = parts[1]!;
      } else {
        const i = spec.indexOf('=');
        const k = spec.slice(0, i);
        if (!k) throw new CliError(`invalid annotation format: ${spec}`);
        set[k] = spec.slice(i + 1);
      }
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new CliError(`unknown ${kind === 'label' ? 'label' : 'annotation'} spec: ${spec}`);
    }
  }
  const both = remove.filter(r => r in set);
  if (both.length) throw new CliError(kind === 'label' ? 'can not both modify and remove a label in the same command' : `can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
  return { set, remove };
}

function checkOverwrite(obj: KObject, c: Changes, kind: MetaKind): void {
  if (kind === 'label') {
    const cur = obj.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(c.set)) {
      if (k in cur && cur[k] !== v) throw new CliError(`'${k}' already has a value (${cur[k]}), and --overwrite is false`);
    }
    return;
  }
  const cur = obj.metadata?.annotations ?? {};
  const found: string[] = [];
  for (const [k, v] of Object.entries(c.set)) {
    if (k === 'kubernetes.io/change-cause') continue;
    if (k in cur && cur[k] !== v) found.push(`'${k}' already has a value (${cur[k]})`);
  }
  if (found.length) throw new CliError(`--overwrite is false but found the following declared annotation(s): ${found.join('; ')}`);
}

/** kubectl's labelFunc / annotateFunc: returns the changed copy. */
function change(obj: KObject, c: Changes, kind: MetaKind, overwrite: boolean, rv: string | undefined, cause?: string): KObject {
  if (!overwrite) checkOverwrite(obj, c, kind);
  const o = clone(obj);
  o.metadata ??= {};
  const field = kind === 'label' ? 'labels' : 'annotations';
  const m: Record<string, string> = { ...(o.metadata[field] ?? {}) };
  for (const [k, v] of Object.entries(c.set)) m[k] = v;
  for (const k of c.remove) delete m[k];
  o.metadata[field] = m;
  if (rv) o.metadata.resourceVersion = rv;
  if (cause) recordOn(o, cause);
  return o;
}

function dataChangeMsg(before: KObject, after: KObject, overwrite: boolean, kind: MetaKind): string {
  if (kind === 'annotate') return 'annotated';
  const a = JSON.stringify(before), b = JSON.stringify(after);
  if (deepEqual(before, after)) return 'not labeled';
  return !overwrite && b.length < a.length ? 'unlabeled' : 'labeled';
}

export function runMetaEdit(ctx: VerbContext, kind: MetaKind, args: string[], opts: any): void {
  const { resources, specs } = splitArgs(args, kind);
  if (opts.local && (resources.length || !opts.filename.length)) throw localOnly(kind);
  // kubectl's Validate checks for resources before updates
  if (!resources.length && !opts.filename.length && !opts.local) throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (!specs.length && !opts.list) throw new CliError(kind === 'label' ? 'at least one label update is required' : 'at least one annotation update is required');
  const changes = parseSpecs(specs, kind);
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  if (opts.local && dry === 'server') throw new CliError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (!resources.length && !opts.filename.length) {
    if (opts.local) throw localOnly(kind);
    throw noResourcesError();
  }
  const field = kind === 'label' ? 'labels' : 'annotations';
  const printed: { obj: KObject; ri: ResourceInfo }[] = [];
  const emit = (obj: KObject, ri: ResourceInfo, msg: string) => {
    if (fmt) printed.push({ obj: shown(obj), ri });
    else ctx.out.line(opLine(obj, ri, msg + dryRunSuffix(dry)));
  };
  const listOne = (obj: KObject, ri: ResourceInfo, one: boolean) => {
    const m = (obj.metadata?.[field] ?? {}) as Record<string, string>;
    let indent = '';
    if (!one) { indent = ' '; ctx.out.line(`Listing ${field} for ${obj.kind}.${ri.group}/${obj.metadata.name}:`); }
    for (const k of Object.keys(m).sort()) ctx.out.line(`${indent}${k}=${m[k]}`);
  };
  const finish = () => {
    if (fmt && printed.length) ctx.out.out(printEach(fmt, printed));
  };
  if (opts.local) {
    if (resources.length || !opts.filename.length) throw localOnly(kind);
    const s = { namespace: ctx.globals.namespace || 'default', explicitNamespace: !!ctx.globals.namespace };
    const items = localItems(s, opts, [], kind);
    for (const it of items) {
      const obj = it.obj!;
      if (opts.list) { listOne(obj, it.ri, items.length === 1); continue; }
      const next = change(obj, changes, kind, opts.overwrite, opts.resourceVersion, opts.cause);
      emit(next, it.ri, dataChangeMsg(obj, next, opts.overwrite, kind));
    }
    finish();
    return;
  }
  const s = openSession(ctx);
  try {
    let errors: unknown[] = [];
    let failure: unknown;
    s.step(rt => {
      const found = serverItems(rt, s, opts, resources);
      errors = found.errors;
      const items: Item[] = found.items;
      for (const it of items) {
        const obj = it.obj!;
        if (opts.list) { listOne(obj, it.ri, items.length === 1); continue; }
        try {
          if (dry === 'client') {
            const next = change(obj, changes, kind, opts.overwrite, opts.resourceVersion, opts.cause);
            emit(next, it.ri, dataChangeMsg(obj, next, opts.overwrite, kind));
            continue;
          }
          if (kind === 'label') {
            for (const r of changes.remove) if (!(r in (obj.metadata.labels ?? {}))) ctx.out.line(`label "${r}" not found.`);
          }
          const next = change(obj, changes, kind, opts.overwrite, opts.resourceVersion, opts.cause);
          const msg = dataChangeMsg(obj, next, opts.overwrite, kind);
          if (next.metadata[field] && !Object.keys(next.metadata[field] as object).length) delete next.metadata[field];
          if (!opts.resourceVersion) next.metadata.resourceVersion = obj.metadata.resourceVersion;
          const out = rt.api.update(next, { dryRun: dry === 'server' });
          flushWarnings(ctx, rt);
          emit(out, it.ri, msg);
        } catch (e) {
          failure = e;
          break;
        }
      }
    });
    finish();
    if (failure) errors.push(failure);
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}

const localOnly = (kind: MetaKind) => new CliError(kind === 'label'
  ? 'can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set'
  : 'can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set');


export type { DryRun };
