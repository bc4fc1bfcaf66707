// kubectl describe: TYPE [NAME_PREFIX], TYPE/NAME, -f, -l, -A, --show-events. One Session.step.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { endpointsWarning, openSession, addFilenameFlags, reportErrors } from './common';
import { resolve, parseResourceArgs, isNotFound } from '../builder';
import { CliError } from '../../api/errors';
import { describeObject } from '../describe';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('describe')
    .description('Show details of a specific resource or group of resources.')
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.', false)
    .option('--show-events', 'If true, display events related to the described object.', true)
    .option('--no-show-events', 'Do not display events.')
    .option('--chunk-size <n>', 'Return large lists in chunks rather than all at once.', '500')
    .action((args: string[], opts: any) => describe(ctx, args, opts));
  addFilenameFlags(cmd, 'containing the resource to describe');
}

function describe(ctx: VerbContext, args: string[], opts: any): void {
  if (!args.length && !opts.filename.length) {
    throw new CliError('You must specify the type of resource to describe. Use "kctl api-resources" for a complete list of supported resources.\n');
  }
  if (opts.allNamespaces && !opts.filename.length && parseResourceArgs(args).some(r => r.names?.length)) {
    throw new CliError('a resource cannot be retrieved by name across all namespaces');
  }
  const s = openSession(ctx);
  try {
    s.step(rt => {
      const now = rt.clock.now();
      const dctx = { api: rt.api, now, showEvents: opts.showEvents !== false };
      const res = resolve(rt.api, {
        args, filenames: opts.filename, recursive: opts.recursive, selector: opts.selector,
        allNamespaces: opts.allNamespaces, namespace: s.namespace, explicitNamespace: s.explicitNamespace,
      });
      endpointsWarning(ctx, res.requests.map(r => r.ri));
      // TYPE NAME with no such object: every object of the type whose name starts with NAME.
      // (As in kubectl, this is keyed on two builder args: for TYPE/NAME TYPE/NAME only the error is printed.)
      if (args.length === 2 && !opts.filename.length && res.errors.length === 1 && isNotFound(res.errors[0])) {
        if (args[0]!.includes('/')) { reportErrors(ctx, res.errors); return; }
        const [req] = parseResourceArgs([args[0]!]);
        if (req) {
          const matches = rt.api.list(req.ri, s.namespace).filter(o => (o.metadata.name ?? '').startsWith(args[1]!));
          if (!matches.length) { reportErrors(ctx, res.errors); return; }
          for (const o of matches) ctx.out.out(describeObject(req.ri, o, dctx) + '\n');
          return;
        }
      }
      let first = true;
      for (const it of res.items) {
        const text = describeObject(it.ri, it.obj!, dctx);
        ctx.out.out(first ? text : `\n\n${text}`);
        first = false;
      }
      if (!res.items.length && !res.errors.length) {
        ctx.out.err(opts.allNamespaces ? 'No resources found' : `No resources found in ${s.namespace} namespace.`);
      }
      reportErrors(ctx, res.errors);
    });
  } catch (e) {
    // what went wrong in one of -f's documents: kubectl aggregates it with the other errors (no `error: `)
    if (e instanceof CliError && e.visit) e.raw = true;
    throw e;
  } finally {
    s.close();
  }
}
