// kubectl create: -f, and the generators (`create namespace|configmap|secret|service|deployment|...`),
// whose objects are built in ../generators, one module per generator.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun, opLine } from './common';
import { manifestsToItems } from '../builder';
import { readManifests } from '../manifests';
import { CliError } from '../../api/errors';
import { parseOutput, printObjects } from '../printers';
import { validationMode, wrapFileError, lastAppliedOf, LAST_APPLIED } from './apply';
import type { KObject } from '../../api/types';
import { registerGenerators } from '../generators';
import { changeCause, CHANGE_CAUSE } from '../record';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('create')
    .description('Create a resource from a file or from stdin.')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format.')
    .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.', false)
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--edit', 'Edit the API resource before creating', false)
    .option('--windows-line-endings', 'Only relevant if --edit=true.', false)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--raw <uri>', 'Raw URI to POST to the server.')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-create');
  addFilenameFlags(cmd, 'to use to create the resource');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => createFromFiles(ctx, args, { ...opts, cause: opts.record ? changeCause(cmd, ctx.argv) : undefined }));
  registerGenerators(cmd, ctx);
}

function createFromFiles(ctx: VerbContext, args: string[], opts: any): void {
  if (args.length) throw new CliError(`Unexpected args: [${args.join(' ')}]\nSee 'kctl create -h' for help and examples`);
  if (!opts.filename.length) throw new CliError('must specify one of -f and -k');
  const fmt = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  const fieldValidation = validationMode(opts.validate);
  const s = openSession(ctx);
  try {
    const items = manifestsToItems(readManifests(opts.filename, opts.recursive), s.namespace, s.explicitNamespace);
    if (!items.length) throw new CliError('no objects passed to create');
    const errors: unknown[] = [];
    const done: { obj: KObject; ri: any }[] = [];
    s.step(rt => {
      for (const it of items) {
        try {
          rt.atomic(() => {
            const m = JSON.parse(JSON.stringify(it.manifest)) as KObject;
            m.metadata ??= {};
            if (it.ri.namespaced) m.metadata.namespace = it.namespace;
            if (opts.saveConfig) (m.metadata.annotations ??= {})[LAST_APPLIED] = lastAppliedOf(it.manifest!, it.ri.namespaced ? it.namespace : undefined);
            if (opts.record) (m.metadata.annotations ??= {})[CHANGE_CAUSE] = opts.cause;
            const obj = dry === 'client' ? m : rt.api.create(m, { dryRun: dry === 'server', fieldValidation });
            for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
            done.push({ obj, ri: it.ri });
            if (!fmt) ctx.out.line(opLine(obj, it.ri, 'created' + dryRunSuffix(dry)));
          });
        } catch (e) {
          errors.push(wrapFileError(e, 'creating', it));
        }
        rt.settle();
      }
    });
    if (fmt && done.length) ctx.out.out(printObjects(fmt, done, done.length === 1));
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}
