// kubectl cordon NODE... | -l SELECTOR (pkg/cmd/drain: NewCmdCordon, RunCordonOrUncordon): mark nodes
// unschedulable. `node/x cordoned`, or `node/x already cordoned`; a dry run says so. uncordon and drain share
// the node resolution and the cordon step from here.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Runtime } from '../../sim/runtime';
import type { KObject } from '../../api/types';
import { openSession, addDryRun, dryRunSuffix, DryRun } from './common';
import { dryRunOf } from '../generators/common';
import { CliError, StatusError, formatError } from '../../api/errors';
import { byGroupResource, mustResolve } from '../../api/discovery';
import { parseSelector } from '../../api/selectors';

export function register(program: Command, ctx: VerbContext): void {
  cordonCommand(program, ctx, 'cordon', 'Mark node as unschedulable', true);
}

export function cordonCommand(program: Command, ctx: VerbContext, verb: 'cordon' | 'uncordon', description: string, desired: boolean): void {
  const cmd = program.command(verb).description(description).argument('[nodes...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => {
    const dry = dryRunOf(ctx, opts.dryRun);
    checkNodeArgs(verb, args, opts.selector);
    const s = openSession(ctx);
    try {
      s.step(rt => {
        const nodes = resolveNodes(rt, args, opts.selector);
        cordonNodes(ctx, rt, nodes, desired, dry);
      });
    } finally { s.close(); }
  });
}

/** Complete(): NODE arguments or a --selector, not both. */
export function checkNodeArgs(verb: string, args: string[], selector: string | undefined): void {
  if (!args.length && selector === undefined) throw new CliError(`USAGE: ${verb} NODE [flags]\nSee 'kctl ${verb} -h' for help and examples`);
  if (args.length && selector) throw new CliError(`error: cannot specify both a node name and a --selector option\nSee 'kctl ${verb} -h' for help and examples`);
}

/** The builder: ResourceNames("nodes", args...) or a label selector over nodes, all resolved before anything is done. */
export function resolveNodes(rt: Runtime, args: string[], selector: string | undefined): KObject[] {
  const nodeRi = byGroupResource('', 'nodes')!;
  if (selector !== undefined && !args.length) {
    const sel = parseSelector(selector);
    return rt.api.list(nodeRi, undefined, { labelSelector: sel });
  }
  const out: KObject[] = [];
  for (const a of args) {
    let name = a;
    const i = a.indexOf('/');
    if (i >= 0) {
      const ri = mustResolve(a.slice(0, i));
      name = a.slice(i + 1);
      if (ri.kind !== 'Node' || ri.group !== '') {
        rt.api.get(ri, undefined, name);
        throw new CliError(`error: expected resource of type node, got "${ri.group}/${ri.version}, Resource=${ri.plural}"`);
      }
    }
    out.push(rt.api.get(nodeRi, undefined, name));
  }
  return out;
}

/** RunCordonOrUncordon: every node in turn; a failed update is reported and the rest go on. */
export function cordonNodes(ctx: VerbContext, rt: Runtime, nodes: KObject[], desired: boolean, dry: DryRun): void {
  const verb = desired ? 'cordon' : 'uncordon';
  const nodeRi = byGroupResource('', 'nodes')!;
  for (const node of nodes) {
    const name = node.metadata.name!;
    if (!!node.spec?.unschedulable === desired) {
      ctx.out.line(`node/${name} already ${verb}ed${dryRunSuffix(dry)}`);
      continue;
    }
    if (dry !== 'client') {
      try {
        rt.atomic(() => rt.api.mutate(nodeRi, undefined, name, n => {
          n.spec ??= {};
          if (desired) n.spec.unschedulable = true; else delete n.spec.unschedulable;
        }, { dryRun: dry === 'server' }));
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        ctx.out.err(`error: unable to ${verb} node "${name}": ${formatError(e).replace(/^Error from server \([^)]*\): /, '')}`);
        continue;
      }
    }
    ctx.out.line(`node/${name} ${verb}ed${dryRunSuffix(dry)}`);
  }
}
