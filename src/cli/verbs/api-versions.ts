import { Command } from 'commander';
import type { VerbContext } from '../program';
import { RESOURCES } from '../../api/discovery';
import { openSession } from './common';

export function register(program: Command, ctx: VerbContext): void {
  program.command('api-versions').description('Print the supported API versions on the server, in the form of "group/version".')
    .action(() => {
      const s = openSession(ctx); try { s.step(() => undefined); } finally { s.close(); }
      const set = new Set(RESOURCES.map(r => (r.group ? `${r.group}/${r.version}` : r.version)));
      for (const v of [...set].sort()) ctx.out.line(v);
    });
}
