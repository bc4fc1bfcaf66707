import { Command } from 'commander';
import type { VerbContext } from '../program';
import { allResources } from '../../api/discovery';
import { openSession } from './common';

export function register(program: Command, ctx: VerbContext): void {
  program.command('api-versions').description('Print the supported API versions on the server, in the form of "group/version".')
    .action(() => {
      let all: ReturnType<typeof allResources>;
      const s = openSession(ctx); try { all = s.step(rt => (require('./api-resources') as typeof import('./api-resources')).withMetrics(rt, allResources())); } finally { s.close(); }
      const set = new Set(all.map(r => (r.group ? `${r.group}/${r.version}` : r.version)));
      for (const v of [...set].sort()) ctx.out.line(v);
    });
}
