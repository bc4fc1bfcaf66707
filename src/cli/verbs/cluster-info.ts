import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession } from './common';

export function register(program: Command, ctx: VerbContext): void {
  const c = program.command('cluster-info').description('Display cluster information.')
    .action(() => {
      const s = openSession(ctx);
      try {
        s.step(() => undefined);
        // kubectl colours these; kctl prints plain text when not on a terminal.
        const tty = process.stdout.isTTY && !process.env.NO_COLOR;
        const g = (t: string) => (tty ? `\x1b[0;32m${t}\x1b[0m` : t);
        const y = (t: string) => (tty ? `\x1b[0;33m${t}\x1b[0m` : t);
        ctx.out.line(`${g('Kubernetes control plane')} is running at ${y(s.server)}`);
        ctx.out.line(`${g('CoreDNS')} is running at ${y(`${s.server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`)}`);
        ctx.out.line('');
        ctx.out.line(`To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`);
      } finally { s.close(); }
    });
  c.command('dump').description('Dump relevant information for debugging and diagnosis.').action(() => {
    ctx.out.err('error: cluster-info dump is not supported by kctl yet');
    ctx.out.exitCode = 1;
  });
}
