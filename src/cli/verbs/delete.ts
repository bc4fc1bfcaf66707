// kubectl delete: names, -f, -l, --all, --grace-period, --force, --now, --cascade, --wait.
import { durationFlag, parseGoDuration } from '../durations';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, reportErrors, addDryRun } from './common';
import { resolve, Item, isNotFound } from '../builder';
import { CliError, formatError } from '../../api/errors';
import { kindGroup } from '../../api/types';
import { nameOf } from '../printers';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector.')
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--field-selector <selector>', 'Selector (field query) to filter on.')
    .option('--all', 'Delete all resources, in the namespace of the specified resource types.', false)
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.', false)
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully.', '-1')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion.', false)
    .option('--now', 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).', false)
    .option('--cascade [mode]', 'Must be "background", "orphan", or "foreground".', 'background')
    .option('--wait', 'If true, wait for resources to be gone before returning.', true)
    .option('--no-wait', 'Do not wait for resources to be gone.')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object', durationFlag('--timeout', 'kctl delete'), '0s')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete.')
    .option('-i, --interactive', 'If true, delete resource only when user confirms.', false)
    .option('-o, --output <format>', "Output mode. Use \"-o name\" for shorter output (resource/name).")
    .option('--raw <uri>', 'Raw URI to DELETE to the server.');
  addFilenameFlags(cmd, 'containing the resource to delete');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => del(ctx, args, opts));
}

function del(ctx: VerbContext, args: string[], opts: any): void {
  if (!args.length && !opts.filename.length) {
    throw new CliError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  }
  if (opts.output && opts.output !== 'name') throw new CliError(`unexpected -o output mode: ${opts.output}. We only support '-o name'`);
  const dry = parseDryRun(opts.dryRun);
  let grace = Number(opts.gracePeriod);
  if (!Number.isInteger(grace)) throw new CliError(`invalid argument "${opts.gracePeriod}" for "--grace-period" flag: strconv.ParseInt: parsing "${opts.gracePeriod}": invalid syntax`);
  if (opts.now) { if (grace !== -1) throw new CliError('--now and --grace-period cannot be specified together'); grace = 1; }
  // --grace-period=0 without --force means 1 (kubectl's guard against accidental force deletion)
  if (grace === 0 && !opts.force) grace = 1;
  if (opts.force && grace < 0) grace = 0;
  if (opts.force && grace > 0) throw new CliError('--force and --grace-period greater than 0 cannot be specified together');
  const cascade = opts.cascade === true ? 'background' : String(opts.cascade);
  const policy = ({ background: 'Background', foreground: 'Foreground', orphan: 'Orphan', true: 'Background', false: 'Orphan' } as Record<string, 'Background' | 'Foreground' | 'Orphan'>)[cascade];
  if (!policy) throw new CliError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
  const ignoreNotFound = opts.ignoreNotFound ?? (opts.all || !!opts.selector || !!opts.fieldSelector);
  if (opts.force && grace === 0) ctx.out.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  const s = openSession(ctx);
  try {
    const deleted: Item[] = [];
    const { found, errors } = s.step(rt => {
      const res = resolve(rt.api, {
        args, filenames: opts.filename, recursive: opts.recursive, selector: opts.all && opts.selector === undefined ? '' : opts.selector, fieldSelector: opts.fieldSelector,
        all: opts.all, allNamespaces: opts.allNamespaces, namespace: s.namespace, explicitNamespace: s.explicitNamespace, requireNames: true,
      });
      const errors = res.errors.filter(e => !(ignoreNotFound && isNotFound(e)));
      const out: string[] = [];
      const warned = { cluster: false };
      for (const it of res.items) {
        if (!it.ri.namespaced && s.explicitNamespace && !warned.cluster) { ctx.out.err('warning: deleting cluster-scoped resources, not scoped to the provided namespace'); warned.cluster = true; }
        try {
          if (dry !== 'client') rt.api.delete(it.ri, it.namespace, it.name, { gracePeriodSeconds: grace >= 0 ? grace : undefined, propagationPolicy: policy, dryRun: dry === 'server' });
          deleted.push(it);
          if (opts.output === 'name') out.push(nameOf(it.obj!, it.ri));
          else out.push(`${kindGroup(it.ri)} "${it.name}" ${opts.force && grace === 0 ? 'force deleted' : 'deleted'}${dryRunSuffix(dry)}`);
        } catch (e) {
          if (ignoreNotFound && isNotFound(e)) continue;
          errors.push(e);
        }
      }
      for (const l of out) ctx.out.line(l);
      return { found: res.items.length, errors };
    });
    if (!found && !errors.length && (opts.all || opts.selector || opts.fieldSelector || opts.filename.length === 0)) ctx.out.line('No resources found');
    reportErrors(ctx, errors);
    // --wait: the line is printed first; then wait until the objects are gone.
    if (opts.wait !== false && dry === 'none' && deleted.length) {
      ctx.out.flush();
      // zero: a week (kubectl's "determine a timeout"); negative: no timeout
      const timeoutMs = parseGoDuration(String(opts.timeout)) || 168 * 3_600_000;
      const start = Date.now();
      for (;;) {
        const left = s.step(rt => {
          const pending = deleted.filter(d => {
            const o = rt.api.tryGet(d.ri, d.namespace, d.name);
            return o && o.metadata.uid === d.obj?.metadata.uid;
          });
          return { pending, next: rt.nextDue(), now: rt.clock.now() };
        });
        if (!left.pending.length) break;
        if (timeoutMs > 0 && Date.now() - start > timeoutMs) {
          for (const d of left.pending) ctx.out.err(formatError(new CliError(`timed out waiting for the condition on ${d.ri.plural}/${d.name}`)));
          ctx.out.exitCode = 1;
          break;
        }
        s.sleep(left.next ? Math.min(1000, Math.max(20, left.next - left.now)) : 200);
      }
    }
  } finally {
    s.close();
  }
}

