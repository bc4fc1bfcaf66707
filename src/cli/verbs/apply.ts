// kubectl apply: create what does not exist, otherwise a three-way strategic merge of the last-applied
// configuration, the file and the live object; `created`, `configured`, `unchanged`.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun, opLine } from './common';
import { manifestsToItems, Item } from '../builder';
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
  cmd.action((args: string[], opts: any) => apply(ctx, args, opts));
  cmd.command('view-last-applied').argument('[args...]').option('-o, --output <format>', 'yaml or json', 'yaml')
    .action((_a: string[], _o: any) => { throw new CliError('apply view-last-applied is not implemented yet'); });
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
          rt.store.savepoint(() => {
            const r = applyOne(rt, it, { dry, fieldValidation, record: opts.record, argv: ctx.argv, overwrite: opts.overwrite, serverSide: opts.serverSide });
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

export interface ApplyOpts { dry: 'none' | 'client' | 'server'; fieldValidation: 'Strict' | 'Warn' | 'Ignore'; record?: boolean; argv: string[]; overwrite?: boolean; serverSide?: boolean }

export function applyOne(rt: Runtime, it: Item, o: ApplyOpts): { obj: KObject; op: string } {
  const api = rt.api;
  const manifest = clone(it.manifest!);
  if (!manifest.metadata?.name && !manifest.metadata?.generateName) throw new CliError(`error when retrieving current configuration of:\nResource: "${it.ri.group ? `${it.ri.group}/${it.ri.version}` : it.ri.version}, Resource=${it.ri.plural}", GroupVersionKind: "${it.ri.group ? `${it.ri.group}/${it.ri.version}` : it.ri.version}, Kind=${it.ri.kind}"\nName: "", Namespace: "${it.namespace ?? ''}"\nfrom server for: "${it.source}": resource name may not be empty`);
  if (it.ri.namespaced) manifest.metadata.namespace = it.namespace;
  if (o.record) (manifest.metadata.annotations ??= {})['kubernetes.io/change-cause'] = `kctl ${o.argv.join(' ')}`;
  const live = api.tryGet(it.ri, it.namespace, manifest.metadata.name!);
  const annotation = lastAppliedOf(manifest, it.ri.namespaced ? it.namespace : undefined);
  if (!live) {
    const toCreate = clone(manifest);
    (toCreate.metadata.annotations ??= {})[LAST_APPLIED] = annotation;
    if (o.dry === 'client') return { obj: toCreate, op: 'created' };
    const obj = api.create(toCreate, { dryRun: o.dry === 'server', fieldValidation: o.fieldValidation });
    return { obj, op: 'created' };
  }
  const { threeWayPatch, applyStrategicPatch } = require('../../api/patch/strategic') as typeof import('../../api/patch/strategic');
  const original = live.metadata.annotations?.[LAST_APPLIED];
  if (original === undefined) {
    api.warnings.push(`resource ${it.ri.plural}/${manifest.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kctl apply. kctl apply should only be used on resources created declaratively by either kctl create --save-config or kctl apply. The missing annotation will be patched automatically.`);
  }
  const modified = clone(manifest);
  (modified.metadata.annotations ??= {})[LAST_APPLIED] = annotation;
  const origObj = original ? JSON.parse(original) : undefined;
  const patch = threeWayPatch(origObj, modified, live, it.ri);
  if (!patch || Object.keys(patch).length === 0) return { obj: live, op: 'unchanged' };
  const next = applyStrategicPatch(live, patch, it.ri) as KObject;
  if (o.dry === 'client') return { obj: next, op: 'configured' };
  const obj = api.update(next, { dryRun: o.dry === 'server', fieldValidation: o.fieldValidation });
  return { obj, op: 'configured' };
}
