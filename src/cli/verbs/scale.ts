// kubectl scale: set spec.replicas (the scale subresource) of deployments, replica sets, replication
// controllers and stateful sets given by TYPE NAME, TYPE/NAME, -f, -l, --all. Preconditions
// (--current-replicas, --resource-version) are checked per object; --timeout waits until the controller
// has brought status.replicas to the new count.
import { durationFlag } from '../durations';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, addDryRun, parseDryRun, dryRunSuffix, reportErrors, opLine } from './common';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, OutputFormat } from '../printers';
import type { KObject, ResourceInfo } from '../../api/types';
import { clone } from '../../util/objects';
import { serverItems, noResourcesError, flushWarnings, shown } from './patching';
import { printEach } from '../printers';
import { parseGoDuration } from './wait';
import { changeCause, recordGiven, recordOn, RECORD_DEPRECATED } from '../record';
import type { Item } from '../builder';
import { customReplicas, setCustomReplicas } from '../../api/crd/scale';

const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', '/ReplicationController', 'apps/StatefulSet']);

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('scale')
    .description('Set a new size for a deployment, replica set, replication controller, or stateful set.')
    .argument('[args...]')
    .option('--replicas <count>', 'The new desired number of replicas. Required.')
    .option('--current-replicas <count>', 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.', '-1')
    .option('--resource-version <rv>', 'Precondition for resource version. Requires that the current resource version match this value in order to scale.')
    .option('--all', 'Select all resources in the namespace of the specified resource types', false)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a scale operation, zero means don\'t wait.', durationFlag('--timeout', 'kctl scale'), '0s')
    .option('-o, --output <format>', 'Output format.')
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
    .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true);
  addFilenameFlags(cmd, 'identifying the resource to set a new size');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => scale(ctx, cmd, args, opts));
}

/** pflag's Int flag: strconv.ParseInt. */
export function parseIntFlag(v: unknown, flag: string, cmdPath: string): number {
  const s = String(v);
  if (!/^[+-]?\d+$/.test(s)) throw new CliError(`invalid argument "${s}" for "--${flag}" flag: strconv.ParseInt: parsing "${s}": invalid syntax\nSee '${cmdPath} --help' for usage.`);
  return Number(s);
}


/** The error kubectl prints when nothing could be scaled: the builder's errors follow, aggregated. */
function noObjects(errors: unknown[]): CliError {
  if (!errors.length) return new CliError('no objects passed to scale');
  const msgs = [...new Set(errors.map(e => (e as Error).message))];
  return new CliError(`no objects passed to scale ${msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`}`);
}

function scale(ctx: VerbContext, cmd: Command, args: string[], opts: any): void {
  if (recordGiven(ctx.argv)) ctx.out.err(RECORD_DEPRECATED);
  if (opts.replicas === undefined) throw new CliError('required flag(s) "replicas" not set');
  const replicas = parseIntFlag(opts.replicas, 'replicas', 'kctl scale');
  const current = parseIntFlag(opts.currentReplicas, 'current-replicas', 'kctl scale');
  const timeoutMs = parseGoDuration(String(opts.timeout));
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  if (replicas < 0) throw new CliError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0', 1, true);
  if (!args.length && !opts.filename.length) throw noResourcesError();
  const cause = opts.record ? changeCause(cmd, ctx.argv) : undefined;
  const s = openSession(ctx);
  try {
    const printed: { obj: KObject; ri: ResourceInfo }[] = [];
    const scaledItems: Item[] = [];
    let errors: unknown[] = [];
    let failure: unknown;
    s.step(rt => {
      const found = serverItems(rt, s, opts, args);
      if (!found.items.length) throw noObjects(found.errors);
      if (opts.resourceVersion && found.items.length > 1) throw new CliError('cannot use --resource-version with multiple resources');
      errors = found.errors;
      for (const it of found.items) {
        try {
          const obj = it.obj!;
          const custom = !!it.ri.custom?.scale;
          if (!SCALABLE.has(`${it.ri.group}/${it.ri.kind}`) && !custom) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
          const have = custom ? customReplicas(obj, it.ri) : obj.spec?.replicas ?? 1;
          if (current !== -1 && current !== have) throw new CliError(`Expected replicas to be ${current}, was ${have}`);
          if (opts.resourceVersion && opts.resourceVersion !== obj.metadata.resourceVersion) {
            throw new CliError(`Expected resource version to be ${opts.resourceVersion}, was ${obj.metadata.resourceVersion}`);
          }
          let shownObj = obj;
          if (dry !== 'client') {
            const next = clone(obj);
            if (custom) setCustomReplicas(next, it.ri, replicas);
            else { next.spec ??= {}; next.spec.replicas = replicas; }
            const out = rt.api.update(next, { dryRun: dry === 'server', subresource: 'scale' });
            flushWarnings(ctx, rt);
            if (cause && dry === 'none') {
              const rec = clone(out);
              recordOn(rec, cause);
              shownObj = rt.api.update(rec);
            }
            if (dry === 'none') scaledItems.push({ ...it, obj: out });
          }
          if (fmt) printed.push({ obj: shown(shownObj), ri: it.ri });
          else ctx.out.line(opLine(obj, it.ri, 'scaled' + dryRunSuffix(dry)));
        } catch (e) {
          failure = e;
          break;
        }
      }
    });
    if (fmt && printed.length) ctx.out.out(printEach(fmt, printed));
    if (failure) errors.push(failure);
    if (!failure && timeoutMs > 0 && scaledItems.length) {
      ctx.out.flush();
      const err = waitForReplicas(s, scaledItems, replicas, timeoutMs);
      if (err) errors.push(err);
    }
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}

/** --timeout: poll until each object's status.replicas equals the new count (observed generation current). */
function waitForReplicas(s: ReturnType<typeof openSession>, items: Item[], replicas: number, timeoutMs: number): CliError | undefined {
  const deadline = Date.now() + timeoutMs;
  for (const it of items) {
    for (;;) {
      const st = s.step(rt => {
        const o = rt.api.tryGet(it.ri, it.namespace, it.name);
        const done = !o || ((o.status?.replicas ?? 0) === replicas && (o.status?.observedGeneration ?? 0) >= (o.metadata.generation ?? 0));
        return { done, next: rt.nextDue(), now: rt.clock.now() };
      });
      if (st.done) break;
      const left = deadline - Date.now();
      if (left <= 0) return new CliError(`timed out waiting for ${JSON.stringify(it.name)} to be synced`);
      const untilTimer = st.next !== undefined ? st.next - st.now : Infinity;
      s.sleep(Math.max(5, Math.min(100, untilTimer, left)));
    }
  }
  return undefined;
}
