// kubectl apply: create what does not exist, otherwise a three-way strategic merge of the last-applied
// configuration, the file and the live object; `created`, `configured`, `unchanged`.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun, opLine } from './common';
import { manifestsToItems, Item, resolve } from '../builder';
import { threeWayPatch, applyStrategicPatch, PatchError } from '../../api/patch/strategic';
import { goYAML } from '../printers/yaml';
import { changeCause, recordGiven, RECORD_DEPRECATED, CHANGE_CAUSE } from '../record';
import { readManifests } from '../manifests';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, printObjects } from '../printers';
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
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion.', false)
    .option('--wait', 'If true, wait for resources to be gone before returning.', false);
  addFilenameFlags(cmd, 'that contains the configuration to apply');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => {
    if (recordGiven(ctx.argv)) ctx.out.err(RECORD_DEPRECATED);
    apply(ctx, args, { ...opts, cause: opts.record ? changeCause(cmd, ctx.argv) : undefined });
  });
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
  if (!opts.filename.length) throw new CliError('must specify one of -f and -k');
  if (args.length) throw new CliError(`Unexpected args: [${args.join(' ')}]\nSee 'kctl apply -h' for help and examples`);
  const fmt = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  if (opts.forceConflicts && !opts.serverSide) throw new CliError('--force-conflicts only works with --server-side');
  if (opts.serverSide && dry === 'client') throw new CliError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  if (opts.serverSide && opts.force) throw new CliError('--force cannot be used with --server-side');
  const fieldValidation = validationMode(opts.validate);
  const s = openSession(ctx);
  try {
    const manifests = readManifests(opts.filename, opts.recursive);
    const items = manifestsToItems(manifests, s.namespace, s.explicitNamespace);
    if (!items.length) throw new CliError('no objects passed to apply');
    const errors: unknown[] = [];
    const printed: { obj: KObject; item: Item }[] = [];
    s.step(rt => {
      for (const it of items) {
        try {
          rt.atomic(() => {
            const r = opts.serverSide
              ? require('./apply-server-side').applyServerSide(rt, it, { dry, fieldValidation, force: opts.forceConflicts, fieldManager: rt.api.fieldManager, cause: opts.cause })
              : applyOne(rt, it, { dry, fieldValidation, record: opts.record, cause: opts.cause, argv: ctx.argv, overwrite: opts.overwrite, serverSide: opts.serverSide });
            for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
            printed.push({ obj: r.obj, item: it });
            if (!fmt) ctx.out.line(opLine(r.obj, it.ri, r.op + dryRunSuffix(dry)));
          });
        } catch (e) {
          errors.push(wrapFileError(e, 'applying', it));
        }
        rt.settle();
      }
    });
    if (fmt && printed.length) ctx.out.out(printObjects(fmt, printed.map(p => ({ obj: p.obj, ri: p.item.ri })), printed.length === 1));
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}

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

export interface ApplyOpts { dry: 'none' | 'client' | 'server'; fieldValidation: 'Strict' | 'Warn' | 'Ignore'; record?: boolean; cause?: string; argv: string[]; overwrite?: boolean; serverSide?: boolean }

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
    throw patchFailure(e, patch, it, live);
  }
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
      if (a === undefined) throw new CliError(`no last-applied-configuration annotation found on resource: ${it.name}`);
      let parsed: unknown;
      try { parsed = JSON.parse(a); } catch { throw new CliError(`invalid character in last-applied-configuration annotation on resource: ${it.name}`); }
      texts.push(out === 'json' ? JSON.stringify(parsed, null, 2) + (a.endsWith('\n') ? '\n' : '') : goYAML(parsed));
    }
    ctx.out.out(texts.join(out === 'yaml' ? '---\n' : ''));
  } finally {
    s.close();
  }
}
