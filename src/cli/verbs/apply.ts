// kubectl apply: create what does not exist, otherwise a three-way strategic merge of the last-applied
// configuration, the file and the live object; `created`, `configured`, `unchanged`. -l keeps the objects of
// -f/-k whose labels match; --prune then deletes what earlier applies created and this one no longer has
// (verbs/prune.ts); --force deletes and re-creates an object whose update the server refuses.
import { durationFlag } from '../durations';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun, opLine, collect, endpointsWarning } from './common';
import { manifestsToItems, Item, resolve } from '../builder';
import { threeWayPatch, applyStrategicPatch, PatchError } from '../../api/patch/strategic';
import { goYAML } from '../printers/yaml';
import { changeCause, recordGiven, RECORD_DEPRECATED, CHANGE_CAUSE } from '../record';
import { readManifests } from '../manifests';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, printObjects, OutputFormat } from '../printers';
import { parseSelector, matches } from '../../api/selectors';
import { kindGroup } from '../../api/types';
import { compactJSON } from '../printers/json';
import { clone } from '../../util/objects';
import type { KObject } from '../../api/types';
import type { Runtime } from '../../sim/runtime';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('apply')
    .description('Apply a configuration to a resource by file name or stdin.')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format.')
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--validate [mode]', "Must be one of: strict (or true), warn, ignore (or false).", 'strict')
    .option('--server-side', 'If true, apply runs in the server instead of the client.', false)
    .option('--force-conflicts', 'If true, server-side apply will force the changes against conflicts.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-client-side-apply')
    .option('--overwrite', 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration', true)
    .option('--prune', 'Automatically delete resource objects that do not appear in the configs.', false)
    .option('--prune-allowlist <gvk>', 'Overwrite the default allowlist with <group/version/kind> for --prune', collect, [])
    .option('--all', 'Select all resources in the namespace of the specified resource types.', false)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion.', false)
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully.', '-1')
    .option('--cascade [mode]', 'Must be "background", "orphan", or "foreground".', 'background')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object', durationFlag('--timeout', 'kctl apply'), '0s')
    .option('--wait', 'If true, wait for resources to be gone before returning.', false);
  addFilenameFlags(cmd, 'that contains the configuration to apply');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => {
    if (recordGiven(ctx.argv)) ctx.out.err(RECORD_DEPRECATED);
    apply(ctx, args, { ...opts, cause: opts.record ? changeCause(cmd, ctx.argv) : undefined });
  });
  require('./apply-last-applied').register(cmd, ctx);
  const view = cmd.command('view-last-applied').description('View the latest last-applied-configuration annotations of a resource/object.')
    .argument('[args...]').option('-o, --output <format>', 'Output format. Must be one of (yaml, json)', 'yaml')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--all', 'Select all resources in the namespace of the specified resource types', false);
  addFilenameFlags(view, 'that contains the last-applied-configuration annotations');
  // the parent's flags of the same names are parsed first (commander's non-positional options): merge them
  view.action((a: string[], o: any) => {
    const p = cmd.opts();
    viewLastApplied(ctx, a, {
      ...o, output: p.output ?? o.output, selector: p.selector ?? o.selector,
      filename: [...(p.filename ?? []), ...(o.filename ?? [])], recursive: p.recursive || o.recursive,
    });
  });
}

export function validationMode(v: unknown): 'Strict' | 'Warn' | 'Ignore' {
  const s = String(v);
  if (v === true || s === 'true' || s === 'strict') return 'Strict';
  if (s === 'warn') return 'Warn';
  if (v === false || s === 'false' || s === 'ignore') return 'Ignore';
  throw new CliError(`invalid - validate option "${s}"; must be one of: strict (or true), warn, ignore (or false)`);
}

function apply(ctx: VerbContext, args: string[], opts: any): void {
  if (args.length) throw new CliError(`Unexpected args: [${args.join(' ')}]\nSee 'kctl apply -h' for help and examples`);
  const dry = parseDryRun(opts.dryRun);
  if (!opts.filename.length) throw new CliError('must specify one of -f and -k');
  const fmt = opts.output ? parseOutput(opts.output) : undefined;
  const { pruneResources, pruneCandidates, klogWarning, PRUNE_NAMESPACE_WARNING } = require('./prune') as typeof import('./prune');
  const pruneSet = opts.prune ? pruneResources(opts.pruneAllowlist) : undefined;
  // ApplyOptions.Validate
  if (opts.forceConflicts && !opts.serverSide) throw new CliError('--force-conflicts only works with --server-side');
  if (dry === 'client' && opts.serverSide) throw new CliError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  if (opts.serverSide && opts.force) throw new CliError('--force cannot be used with --server-side');
  if (dry === 'server' && opts.force) throw new CliError('--dry-run=server cannot be used with --force');
  if (opts.all && opts.selector) throw new CliError('cannot set --all and --selector at the same time');
  if (opts.prune) {
    if (opts.force) throw new CliError('--force cannot be used with --prune');
    if (!opts.all && !opts.selector) throw new CliError('all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector');
    if (opts.serverSide) throw new CliError("--prune is in alpha and doesn't currently work on objects created by server-side apply");
  }
  const fieldValidation = validationMode(opts.validate);
  const force = opts.force ? forceOptions(opts) : undefined;
  const s = openSession(ctx);
  try {
    const manifests = readManifests(opts.filename, opts.recursive);
    let items = manifestsToItems(manifests, s.namespace, s.explicitNamespace);
    if (opts.selector) {
      const sel = parseSelector(opts.selector);
      items = items.filter(it => matches(sel, it.manifest?.metadata?.labels));
    }
    if (!items.length) throw new CliError('no objects passed to apply');
    const errors: unknown[] = [];
    const printed: { obj: KObject; item: Item }[] = [];
    const visitedNamespaces: string[] = s.explicitNamespace ? [s.namespace] : [];
    const visitedUids = new Set<string>();
    s.step(rt => {
      for (const it of items) {
        if (it.ri.namespaced && !visitedNamespaces.includes(it.namespace!)) visitedNamespaces.push(it.namespace!);
        try {
          rt.atomic(() => {
            const r = opts.serverSide
              ? require('./apply-server-side').applyServerSide(rt, it, { dry, fieldValidation, force: opts.forceConflicts, fieldManager: rt.api.fieldManager, cause: opts.cause })
              : applyOne(rt, it, { dry, fieldValidation, record: opts.record, cause: opts.cause, argv: ctx.argv, overwrite: opts.overwrite, serverSide: opts.serverSide, force });
            for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
            visitedUids.add(r.obj.metadata?.uid ?? '');
            printed.push({ obj: r.obj, item: it });
            if (!fmt) ctx.out.line(opLine(r.obj, it.ri, r.op + dryRunSuffix(dry)));
          });
        } catch (e) {
          errors.push(wrapFileError(e, 'applying', it));
        }
        rt.settle();
      }
      if (fmt && printed.length) ctx.out.out(printObjects(fmt, printed.map(p => ({ obj: p.obj, ri: p.item.ri })), printed.length === 1));
      // the post-processor (printing, then pruning) runs only when every object applied
      if (pruneSet && !errors.length) {
        if (!pruneSet.explicit) ctx.out.err(klogWarning('prune.go:71', PRUNE_NAMESPACE_WARNING));
        if (visitedNamespaces.length) endpointsWarning(ctx, pruneSet.namespaced);
        for (const p of pruneCandidates(rt, pruneSet, visitedNamespaces, visitedUids, opts.selector)) {
          rt.atomic(() => {
            if (dry !== 'client') rt.api.delete(p.ri, p.obj.metadata.namespace, p.obj.metadata.name!, { dryRun: dry === 'server', ...deleteOptions(opts) });
            printPruned(ctx, fmt, p.obj, p.ri, dry);
          });
          rt.settle();
        }
      }
    });
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}

function printPruned(ctx: VerbContext, fmt: OutputFormat | undefined, obj: KObject, ri: Item['ri'], dry: 'none' | 'client' | 'server'): void {
  if (fmt && fmt.format !== 'name') { ctx.out.out(printObjects(fmt, [{ obj, ri }], true)); return; }
  ctx.out.line(`${kindGroup(ri)}/${obj.metadata.name} pruned${dryRunSuffix(dry)}`);
}

interface ForceOptions { gracePeriodSeconds?: number; propagationPolicy: 'Background' | 'Foreground' | 'Orphan' }
function deleteOptions(opts: any): ForceOptions {
  const grace = Number(opts.gracePeriod ?? -1);
  if (!Number.isInteger(grace)) throw new CliError(`invalid argument "${opts.gracePeriod}" for "--grace-period" flag: strconv.ParseInt: parsing "${opts.gracePeriod}": invalid syntax`);
  const cascade = opts.cascade === true ? 'background' : String(opts.cascade ?? 'background');
  const policy = ({ background: 'Background', foreground: 'Foreground', orphan: 'Orphan', true: 'Background', false: 'Orphan' } as Record<string, ForceOptions['propagationPolicy']>)[cascade];
  if (!policy) throw new CliError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
  return { gracePeriodSeconds: grace >= 0 ? grace : undefined, propagationPolicy: policy };
}
function forceOptions(opts: any): ForceOptions { return deleteOptions(opts); }

export function wrapFileError(e: unknown, verb: string, it: Item): unknown {
  if (e instanceof StatusError && e.reason !== 'Invalid') {
    if (verb === 'applying' && e.code === 404 && /namespaces ".*" not found/.test(e.message))
      return new StatusError(e.code, e.reason, `error when creating "${it.source}": ${e.message}`, e.details);
    const what = verb === 'applying' ? (e.code === 409 && e.reason === 'AlreadyExists' ? 'creating' : 'creating') : verb;
    return new StatusError(e.code, e.reason, `error when ${what} "${it.source}": ${e.message}`, e.details);
  }
  return e;
}

/** The annotation kubectl writes: the manifest as compact JSON (keys sorted), namespace filled in, + "\n". */
export function lastAppliedOf(manifest: KObject, ns: string | undefined): string {
  const m = clone(manifest);
  m.metadata ??= {};
  const ann = { ...(m.metadata.annotations ?? {}) };
  delete ann[LAST_APPLIED];
  m.metadata.annotations = ann;
  if (ns !== undefined) m.metadata.namespace = ns;
  return compactJSON(m) + '\n';
}

export interface ApplyOpts {
  dry: 'none' | 'client' | 'server'; fieldValidation: 'Strict' | 'Warn' | 'Ignore'; record?: boolean; cause?: string; argv: string[]; overwrite?: boolean; serverSide?: boolean;
  /** --force: an update the server refuses (Invalid, Conflict) deletes the object and creates it anew */
  force?: ForceOptions;
}

export function applyOne(rt: Runtime, it: Item, o: ApplyOpts): { obj: KObject; op: string } {
  const api = rt.api;
  const manifest = clone(it.manifest!);
  if (!manifest.metadata?.name && !manifest.metadata?.generateName) throw new CliError(`error when retrieving current configuration of:\nResource: "${it.ri.group ? `${it.ri.group}/${it.ri.version}` : it.ri.version}, Resource=${it.ri.plural}", GroupVersionKind: "${it.ri.group ? `${it.ri.group}/${it.ri.version}` : it.ri.version}, Kind=${it.ri.kind}"\nName: "", Namespace: "${it.namespace ?? ''}"\nfrom server for: "${it.source}": resource name may not be empty`);
  if (it.ri.namespaced) manifest.metadata.namespace = it.namespace;
  if (o.record) (manifest.metadata.annotations ??= {})[CHANGE_CAUSE] = o.cause ?? `kctl ${o.argv.join(' ')}`;
  // A name that is not a string (YAML 1.1 reads `name: y` as true) fails decoding on the server, as it would there.
  if (typeof manifest.metadata.name !== 'string') api.create(manifest, { dryRun: true, fieldValidation: o.fieldValidation });
  const live = api.tryGet(it.ri, it.namespace, manifest.metadata.name!);
  const annotation = lastAppliedOf(manifest, it.ri.namespaced ? it.namespace : undefined);
  if (!live) {
    const toCreate = clone(manifest);
    (toCreate.metadata.annotations ??= {})[LAST_APPLIED] = annotation;
    if (o.dry === 'client') return { obj: toCreate, op: 'created' };
    const obj = api.create(toCreate, { dryRun: o.dry === 'server', fieldValidation: o.fieldValidation });
    return { obj, op: 'created' };
  }
  const original = live.metadata.annotations?.[LAST_APPLIED];
  if (original === undefined) {
    api.warnings.push(`resource ${it.ri.plural}/${manifest.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kctl apply. kctl apply should only be used on resources created declaratively by either kctl create --save-config or kctl apply. The missing annotation will be patched automatically.`);
  }
  const modified = clone(manifest);
  (modified.metadata.annotations ??= {})[LAST_APPLIED] = annotation;
  const origObj = original ? JSON.parse(original) : undefined;
  const patch = threeWayPatch(origObj, modified, live, it.ri);
  if (!patch || Object.keys(patch).length === 0) return { obj: live, op: 'unchanged' };
  let next: KObject;
  try {
    next = applyStrategicPatch(live, patch, it.ri) as KObject;
    if (o.dry === 'client') return { obj: next, op: 'configured' };
    const obj = api.update(next, { dryRun: o.dry === 'server', fieldValidation: o.fieldValidation });
    return { obj, op: 'configured' };
  } catch (e) {
    if (o.force && e instanceof StatusError && (e.reason === 'Invalid' || e.code === 409) && o.dry === 'none') {
      return { obj: deleteAndCreate(rt, it, live, modified, patch, o), op: 'configured' };
    }
    throw patchFailure(e, patch, it, live);
  }
}

/** Patcher.deleteAndCreate: delete, make sure it is gone, create what was applied; on failure put the old one back. */
function deleteAndCreate(rt: Runtime, it: Item, live: KObject, modified: KObject, patch: unknown, o: ApplyOpts): KObject {
  const api = rt.api;
  api.delete(it.ri, it.namespace, live.metadata.name!, { gracePeriodSeconds: o.force!.gracePeriodSeconds, propagationPolicy: o.force!.propagationPolicy });
  rt.settle();
  if (api.tryGet(it.ri, it.namespace, live.metadata.name!)) {
    // kubectl polls for the object to be gone until --timeout (0 by default: one look)
    throw appliedFailure(modified, it, live, 'context deadline exceeded');
  }
  const fresh = clone(modified);
  for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields'] as const) delete (fresh.metadata as any)[k];
  try {
    return api.create(fresh, { fieldValidation: o.fieldValidation });
  } catch (e) {
    const orig = clone(live);
    for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields'] as const) delete (orig.metadata as any)[k];
    try {
      api.create(orig, {});
    } catch (e2) {
      throw appliedFailure(modified, it, live, `An error occurred force-replacing the existing object with the newly provided one:\n\n${formatErr(e)}.\n\nAdditionally, an error occurred attempting to restore the original object:\n\n${formatErr(e2)}`);
    }
    void patch;
    throw appliedFailure(modified, it, live, formatErr(e));
  }
}
const formatErr = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** AddSourceToErr("applying patch:\n<patch>\nto:\n<info>\nfor:", source, err) as kubectl prints it. */
function appliedFailure(patch: unknown, it: Item, live: KObject, msg: string): CliError {
  const gv = it.ri.group ? `${it.ri.group}/${it.ri.version}` : `/${it.ri.version}`;
  const info = `Resource: "${gv}, Resource=${it.ri.plural}", GroupVersionKind: "${gv}, Kind=${it.ri.kind}"\nName: "${live.metadata.name}", Namespace: "${live.metadata.namespace ?? ''}"`;
  return new CliError(`error when applying patch:\n${compactJSON(patch)}\nto:\n${info}\nfor: "${it.source}": ${msg}`);
}

/** kubectl's AddSourceToErr("applying patch: ...") around a failed PATCH; Invalid errors print from details. */
function patchFailure(e: unknown, patch: unknown, it: Item, live: KObject): unknown {
  if (e instanceof PatchError) e = new StatusError(500, 'InternalError', `Internal error occurred: ${e.message}`);
  if (!(e instanceof StatusError) || e.reason === 'Invalid') return e;
  const gv = it.ri.group ? `${it.ri.group}/${it.ri.version}` : `/${it.ri.version}`;
  const info = `Resource: "${gv}, Resource=${it.ri.plural}", GroupVersionKind: "${gv}, Kind=${it.ri.kind}"\nName: "${live.metadata.name}", Namespace: "${live.metadata.namespace ?? ''}"`;
  return new StatusError(e.code, e.reason, `error when applying patch:\n${compactJSON(patch)}\nto:\n${info}\nfor: "${it.source}": error when patching "${it.source}": ${e.message}`, e.details);
}

function viewLastApplied(ctx: VerbContext, args: string[], opts: any): void {
  const out = String(opts.output);
  if (out !== 'yaml' && out !== 'json') throw new CliError(`Unexpected -o output mode: ${out}, the flag 'output' must be one of yaml|json`);
  if (!args.length && !opts.filename.length) throw new CliError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  const s = openSession(ctx);
  try {
    const res = s.step(rt => resolve(rt.api, {
      args, filenames: opts.filename, recursive: opts.recursive, selector: opts.selector, all: opts.all,
      namespace: s.namespace, explicitNamespace: s.explicitNamespace, requireNames: true,
    }));
    if (res.errors.length) { reportErrors(ctx, res.errors.slice(0, 1)); return; }
    const texts: string[] = [];
    for (const it of res.items) {
      const a = it.obj!.metadata.annotations?.[LAST_APPLIED];
      // kubectl wraps this error with AddSourceToErr(msg, info.Source, err) where err is nil: for an object named
      // on the command line (no source) that is nil, and the object is skipped in silence; for one from a file
      // it reads "error when <msg>\n "<file>": <nil>"
      if (a === undefined) {
        if (!it.source) continue;
        throw new CliError(`error when no last-applied-configuration annotation found on resource: ${it.name}\n "${it.source}": <nil>`);
      }
      let parsed: unknown;
      try { parsed = JSON.parse(a); } catch { throw new CliError(`invalid character in last-applied-configuration annotation on resource: ${it.name}`); }
      texts.push(out === 'json' ? JSON.stringify(parsed, null, 2) + (a.endsWith('\n') ? '\n' : '') : goYAML(parsed));
    }
    ctx.out.out(texts.join(out === 'yaml' ? '---\n' : ''));
  } finally {
    s.close();
  }
}
