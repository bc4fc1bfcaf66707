// kubectl replace -f: PUT each object as it is in the file (`replaced`); --force deletes and re-creates;
// --subresource status; --dry-run; -o; --save-config.
import { durationFlag } from '../durations';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun, opLine } from './common';
import { manifestsToItems, Item } from '../builder';
import { readManifests } from '../manifests';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, OutputFormat } from '../printers';
import type { KObject, ResourceInfo } from '../../api/types';
import { kindGroup } from '../../api/types';
import { clone } from '../../util/objects';
import { validationMode, lastAppliedOf, LAST_APPLIED } from './apply';
import { flushWarnings, shown } from './patching';
import { printEach } from '../printers';
import { changeCause, recordGiven, recordOn, RECORD_DEPRECATED } from '../record';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('replace')
    .description('Replace a resource by file name or stdin.')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format.')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion.', false)
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully.', '-1')
    .option('--cascade [mode]', 'Must be "background", "orphan", or "foreground".', 'background')
    .option('--wait', 'If true, wait for resources to be gone before returning.', false)
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete.', durationFlag('--timeout', 'kctl replace'), '0s')
    .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.', false)
    .option('--subresource <name>', 'If specified, replace will operate on the subresource of the requested object.')
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--raw <uri>', 'Raw URI to PUT to the server.')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-replace')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
  addFilenameFlags(cmd, 'to use to replace the resource');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => {
    if (recordGiven(ctx.argv)) ctx.out.err(RECORD_DEPRECATED);
    replace(ctx, args, { ...opts, cause: opts.record ? changeCause(cmd, ctx.argv) : undefined });
  });
}

function wrap(e: unknown, verb: string, it: Item): unknown {
  if (e instanceof StatusError && e.reason !== 'Invalid')
    return new StatusError(e.code, e.reason, `error when ${verb} "${it.source}": ${e.message}`, e.details);
  return e;
}

function replace(ctx: VerbContext, args: string[], opts: any): void {
  if (!opts.filename.length) throw new CliError('must specify one of -f and -k');
  if (args.length) throw new CliError(`Unexpected args: [${args.join(' ')}]\nSee 'kctl replace -h' for help and examples`);
  if (opts.subresource !== undefined && !['status', 'scale'].includes(opts.subresource))
    throw new CliError(`invalid subresource value: "${opts.subresource}". Must be one of [status scale]`);
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  if (opts.force && dry !== 'none') throw new CliError('--dry-run can not be used when --force is set');
  const fieldValidation = validationMode(opts.validate);
  const grace = Number(opts.gracePeriod);
  if (!Number.isInteger(grace)) throw new CliError(`invalid argument "${opts.gracePeriod}" for "--grace-period" flag: strconv.ParseInt: parsing "${opts.gracePeriod}": invalid syntax`);
  if (grace >= 0 && !opts.force) throw new CliError('--grace-period must have --force specified');
  if (!/^[+-]?(0+(\.0*)?([a-zµ]+)?)+$/.test(String(opts.timeout ?? '0s')) && !opts.force) throw new CliError('--timeout must have --force specified');
  const s = openSession(ctx);
  s.updateVerb = 'update'; // replace PUTs
  try {
    const items = manifestsToItems(readManifests(opts.filename, opts.recursive), s.namespace, s.explicitNamespace);
    if (!items.length) throw new CliError('no objects passed to replace');
    const errors: unknown[] = [];
    const printed: { obj: KObject; ri?: ResourceInfo }[] = [];
    const emit = (obj: KObject, ri: ResourceInfo, op: string) => {
      if (fmt && fmt.format !== 'name') printed.push({ obj: shown(obj), ri });
      else if (fmt) ctx.out.line(opLine(obj, ri, '').trimEnd());
      else ctx.out.line(opLine(obj, ri, op));
    };
    const manifestOf = (it: Item): KObject => {
      const m = clone(it.manifest!);
      m.metadata ??= {};
      if (it.ri.namespaced) m.metadata.namespace = it.namespace;
      if (opts.saveConfig) (m.metadata.annotations ??= {})[LAST_APPLIED] = lastAppliedOf(it.manifest!, it.ri.namespaced ? it.namespace : undefined);
      if (opts.cause) recordOn(m, opts.cause);
      return m;
    };
    if (opts.force) {
      // delete everything first (waiting until it is gone), then create
      const uids = new Map<Item, string | undefined>();
      s.step(rt => {
        for (const it of items) {
          try {
            const live = rt.api.get(it.ri, it.namespace, it.name);
            uids.set(it, live.metadata.uid);
            rt.api.delete(it.ri, it.namespace, it.name, { gracePeriodSeconds: grace >= 0 ? grace : undefined });
            ctx.out.line(`${kindGroup(it.ri)} "${it.name}" deleted`);
          } catch (e) {
            if (!(e instanceof StatusError && e.code === 404)) errors.push(wrap(e, 'deleting', it));
          }
        }
      });
      const deadline = Date.now() + 60_000;
      for (;;) {
        const pending = s.step(rt => {
          const left = items.filter(it => uids.has(it) && rt.api.tryGet(it.ri, it.namespace, it.name)?.metadata.uid === uids.get(it));
          return { left: left.length, next: rt.nextDue(), now: rt.clock.now() };
        });
        if (!pending.left || Date.now() > deadline) break;
        s.sleep(pending.next ? Math.min(1000, Math.max(20, pending.next - pending.now)) : 100);
      }
      s.step(rt => {
        for (const it of items) {
          try {
            rt.atomic(() => {
              const m = manifestOf(it);
              delete m.metadata.resourceVersion;
              const obj = rt.api.create(m, { fieldValidation });
              flushWarnings(ctx, rt);
              emit(obj, it.ri, 'replaced');
            });
          } catch (e) { errors.push(wrap(e, 'creating', it)); }
          rt.settle();
        }
      });
    } else {
      s.step(rt => {
        for (const it of items) {
          try {
            rt.atomic(() => {
              const m = manifestOf(it);
              if (!it.name) throw new StatusError(400, 'BadRequest', 'resource name may not be empty');
              const live = rt.api.get(it.ri, it.namespace, it.name);
              if (opts.subresource === 'scale') {
                const replicas = m.spec?.replicas;
                const next = clone(live);
                next.spec.replicas = replicas;
                const obj = dry === 'client' ? next : rt.api.update(next, { dryRun: dry === 'server' });
                emit(obj, it.ri, 'replaced' + dryRunSuffix(dry));
                return;
              }
              const obj = dry === 'client' ? m
                : rt.api.update(m, { dryRun: dry === 'server', fieldValidation, subresource: opts.subresource === 'status' ? 'status' : undefined });
              flushWarnings(ctx, rt);
              emit(obj, it.ri, 'replaced' + dryRunSuffix(dry));
            });
          } catch (e) { errors.push(wrap(e, 'replacing', it)); }
          rt.settle();
        }
      });
    }
    if (printed.length) ctx.out.out(printEach(fmt!, printed));
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}
