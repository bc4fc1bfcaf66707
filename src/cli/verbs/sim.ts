// kctl's own verb: the simulated clock.
//   kctl sim advance DURATION   move the cluster clock forward (timers fire on the way)
//   kctl sim now                print the cluster's time
//   kctl sim freeze [TIME]      stop the clock (for deterministic scripts); `kctl sim unfreeze` restarts it
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession } from './common';
import { CliError } from '../../api/errors';
import { toISO } from '../../sim/clock';

export function parseDuration(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s|d)/g;
  let total = 0, used = 0, m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60000 : m[2] === 'h' ? n * 3600000 : n * 86400000;
    used += m[0].length;
  }
  if (!s || used !== s.length) throw new CliError(`invalid duration "${s}": use a form such as 90s, 5m, 1h30m`);
  return total;
}

export function register(program: Command, ctx: VerbContext): void {
  const sim = program.command('sim').description('Control the simulated cluster clock.');
  sim.command('advance').argument('<duration>').description('Move the cluster clock forward; everything due on the way happens in order.')
    .action((d: string) => {
      const ms = parseDuration(d);
      const s = openSession(ctx);
      try {
        const now = s.step(rt => {
          rt.clock.advance(ms);
          rt.catchUp();
          return rt.clock.now();
        });
        ctx.out.line(`cluster clock advanced by ${d} to ${toISO(now)}`);
      } finally { s.close(); }
    });
  sim.command('now').description("Print the cluster clock's time.").action(() => {
    const s = openSession(ctx);
    try { ctx.out.line(toISO(s.step(rt => rt.clock.now()))); } finally { s.close(); }
  });
  sim.command('freeze').argument('[time]').description('Stop the cluster clock (at TIME, RFC3339, or now).').action((t?: string) => {
    const s = openSession(ctx);
    try {
      const at = s.step(rt => {
        const ms = t ? Date.parse(t) : rt.clock.now();
        if (Number.isNaN(ms)) throw new CliError(`invalid time "${t}": use RFC3339, e.g. 2026-01-01T00:00:00Z`);
        rt.clock.freeze(ms);
        rt.catchUp();
        return ms;
      });
      ctx.out.line(`cluster clock frozen at ${toISO(at)}`);
    } finally { s.close(); }
  });
  sim.command('unfreeze').description('Let the cluster clock run again from where it stands.').action(() => {
    const s = openSession(ctx);
    try {
      s.step(rt => rt.clock.unfreeze());
      ctx.out.line('cluster clock running');
    } finally { s.close(); }
  });
}
