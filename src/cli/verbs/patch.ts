// kubectl patch: -p/--patch or --patch-file, --type strategic|merge|json, --subresource status|scale,
// TYPE NAME or -f, --local, --dry-run, -o. `patched`, `patched (no change)`.
import fs from 'node:fs';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun, opLine } from './common';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, OutputFormat } from '../printers';
import type { KObject, ResourceInfo } from '../../api/types';
import { applyPatchText, PatchType } from '../../api/patch';
import { patchResource } from '../../api/patch/resource';
import { PatchError } from '../../api/patch/strategic';
import { clone, deepEqual } from '../../util/objects';
import { localItems, serverItems, noResourcesError, flushWarnings, shown } from './patching';
import { printEach } from '../printers';
import type { Runtime } from '../../sim/runtime';
import { changeCause, recordGiven, recordOn, RECORD_DEPRECATED } from '../record';
import { KUBE_YAML } from '../../util/yaml11';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('patch')
    .description('Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.')
    .argument('[args...]')
    .option('-p, --patch <patch>', 'The patch to be applied to the resource JSON file.')
    .option('--patch-file <file>', 'A file containing a patch to be applied to the resource.')
    .option('--type <type>', 'The type of patch being provided; one of [json merge strategic]', 'strategic')
    .option('--subresource <name>', 'If specified, patch will operate on the subresource of the requested object.')
    .option('--local', 'If true, patch will operate on the content of the file, not the server-side resource.', false)
    .option('-o, --output <format>', 'Output format.')
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-patch')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
  addFilenameFlags(cmd, 'identifying the resource to update');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => {
    if (recordGiven(ctx.argv)) ctx.out.err(RECORD_DEPRECATED);
    patch(ctx, args, { ...opts, cause: opts.record ? changeCause(cmd, ctx.argv) : undefined });
  });
}

/** The patch text as JSON (kubectl converts YAML to JSON; JSON passes through untouched). */
export function patchToJSON(text: string): string {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return text;
  const YAML = require('yaml') as typeof import('yaml');
  try {
    const doc = YAML.parseDocument(text, KUBE_YAML);
    if (doc.errors.length) throw doc.errors[0];
    return JSON.stringify(doc.toJS() ?? null);
  } catch (e: any) {
    throw new CliError(`unable to parse ${JSON.stringify(text)}: yaml: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}


function patch(ctx: VerbContext, args: string[], opts: any): void {
  const type = String(opts.type) as PatchType;
  if (!['json', 'merge', 'strategic'].includes(type)) throw new CliError(`--type must be one of [json merge strategic], not ${JSON.stringify(String(opts.type))}`);
  if (opts.patch !== undefined && opts.patchFile !== undefined) throw new CliError('--patch and --patch-file are mutually exclusive');
  let text: string | undefined = opts.patch;
  if (opts.patchFile !== undefined) {
    try { text = fs.readFileSync(opts.patchFile, 'utf8'); } catch { throw new CliError(`unable to read patch file: open ${opts.patchFile}: no such file or directory`); }
  }
  if (!text) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
  // kubectl 1.33 sends any --subresource to the server (which knows no `bogus`: NotFound)
  const json = patchToJSON(text);
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  if (opts.local && args.length) throw new CliError('cannot specify --local and server resources');
  if (!args.length && !opts.filename.length) throw noResourcesError();
  const printed: { obj: KObject; ri?: ResourceInfo }[] = [];
  const emit = (obj: KObject, ri: ResourceInfo | undefined, msg: string) => {
    if (fmt && fmt.format !== 'name') printed.push({ obj: shown(obj), ri });
    else if (fmt) printed.push({ obj, ri });
    else ctx.out.line(opLine(obj, ri, msg));
  };
  if (opts.local) {
    if (dry === 'server') throw new CliError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    const s = { namespace: ctx.globals.namespace || 'default', explicitNamespace: !!ctx.globals.namespace };
    for (const it of localItems(s, opts, [], 'patch')) {
      let next: KObject;
      try { next = applyPatchText(it.obj, type, json, it.ri) as KObject; }
      catch (e) { if (e instanceof PatchError) throw new CliError(`error: ${e.message}`); throw e; }
      emit(next, it.ri, 'patched');
    }
    if (printed.length) ctx.out.out(printEach(fmt!, printed));
    return;
  }
  const s = openSession(ctx);
  try {
    let errors: unknown[] = [];
    s.step(rt => {
      const found = serverItems(rt, s, opts, args);
      errors = found.errors;
      for (const it of found.items) {
        try {
          rt.atomic(() => {
            const r = patchOne(rt, it.obj!, it.ri, type, json, opts.subresource, dry, opts.cause);
            flushWarnings(ctx, rt);
            // kubectl 1.33's patch names no dry run in its line (label, scale… do: `(server dry run)`)
            emit(r.obj, r.ri, r.changed ? 'patched' : 'patched (no change)');
          });
        } catch (e) {
          errors.push(e);
        }
      }
    });
    if (printed.length) ctx.out.out(printEach(fmt!, printed));
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}

/** Patch one live object as the API server does (src/api/patch/resource.ts); client dry runs stop short. */
function patchOne(rt: Runtime, live: KObject, ri: ResourceInfo, type: PatchType, json: string, sub: string | undefined, dry: string, cause?: string): { obj: KObject; ri?: ResourceInfo; changed: boolean } {
  return patchResource(rt.api, live, ri, type, json, { subresource: sub, dryRun: dry === 'server', clientDryRun: dry === 'client', mutate: cause ? next => recordOn(next, cause) : undefined });
}
