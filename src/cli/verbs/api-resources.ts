import { Command } from 'commander';
import type { VerbContext } from '../program';
import { preferredResources } from '../../api/discovery';
import type { ResourceInfo } from '../../api/types';
import { CliError } from '../../api/errors';
import { TableWriter } from '../printers/tabwriter';
import { openSession, collectCsv } from './common';

/** metrics.k8s.io's resources, served while metrics-server's APIService exists (kubectl lists them sorted
 *  by group with the rest). */
export function withMetrics(rt: import('../../sim/runtime').Runtime, list: ResourceInfo[]): ResourceInfo[] {
  const { metricsAvailable } = require('../../kubelet/usage') as typeof import('../../kubelet/usage');
  if (!metricsAvailable(rt)) return list;
  const m = (plural: string, kind: string, namespaced: boolean) => ({ group: 'metrics.k8s.io', version: 'v1beta1', plural, singular: '', kind, namespaced, shortNames: [], categories: [], verbs: ['get', 'list'] }) as unknown as ResourceInfo;
  return [...list, m('nodes', 'NodeMetrics', false), m('pods', 'PodMetrics', true)].map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.group < b.r.group ? -1 : a.r.group > b.r.group ? 1 : a.i - b.i)).map(x => x.r);
}

export function register(program: Command, ctx: VerbContext): void {
  program.command('api-resources').description('Print the supported API resources on the server.')
    .option('--api-group <group>', 'Limit to resources in the specified API group.')
    .option('--namespaced', 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.')
    .option('--no-namespaced', 'Non-namespaced resources only.')
    .option('--no-headers', "When using the default or custom-column output format, don't print headers.")
    .option('-o, --output <format>', 'Output format. One of: (wide, name).')
    .option('--sort-by <field>', "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.")
    .option('--verbs <verbs>', 'Limit to resources that support the specified verbs.', collectCsv, [])
    .option('--categories <c>', 'Limit to resources that belong to the specified categories.', collectCsv, [])
    .option('--cached', 'Use the cached list of resources if available.')
    .argument('[args...]')
    .action((args: string[], opts: any) => {
      if (args.length) throw new CliError(`unknown command ${JSON.stringify(args[0])} for "kctl api-resources"`);
      if (opts.output && !['wide', 'name'].includes(opts.output)) throw new CliError(`--output ${opts.output} is not available`);
      if (opts.sortBy && !['name', 'kind'].includes(opts.sortBy)) throw new CliError('--sort-by accepts only name or kind');
      let list: ReturnType<typeof preferredResources>;
      const s = openSession(ctx); try { list = s.step(rt => withMetrics(rt, preferredResources())); } finally { s.close(); }
      if (opts.apiGroup !== undefined) list = list.filter(r => r.group === opts.apiGroup);
      if (opts.namespaced !== undefined) list = list.filter(r => r.namespaced === opts.namespaced);
      if (opts.verbs.length) list = list.filter(r => opts.verbs.every((v: string) => r.verbs.includes(v)));
      if (opts.categories.length) list = list.filter(r => opts.categories.every((c: string) => r.categories.includes(c)));
      if (opts.sortBy === 'name') list = [...list].sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
      else if (opts.sortBy === 'kind') list = [...list].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
      else if (opts.sortBy) throw new CliError(`--sort-by accepts only name or kind`);
      if (opts.output === 'name') {
        for (const r of list) ctx.out.line(r.group ? `${r.plural}.${r.group}` : r.plural);
        return;
      }
      const wide = opts.output === 'wide';
      const rows: string[][] = [];
      if (opts.headers !== false) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
      for (const r of list) rows.push([r.plural, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind,
        ...(wide ? [r.verbs.join(','), r.categories.join(',')] : [])]);
      ctx.out.out(new TableWriter().render(rows));
    });
}
