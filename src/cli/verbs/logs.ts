// kubectl logs: a container's log through the kubelet (pods/log), as the container runtime kept it.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession } from './common';
import { CliError, StatusError } from '../../api/errors';
import { byGroupResource } from '../../api/discovery';
import { pickContainer, containerStatus, cidOf } from '../containers';

export function register(program: Command, ctx: VerbContext): void {
  program.command('logs')
    .argument('[args...]')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('-p, --previous', 'If true, print the logs for the previous instance of the container in a pod if it exists.', false)
    .option('--tail <n>', 'Lines of recent log file to display.', '-1')
    .option('--timestamps', 'Include timestamps on each line in the log output', false)
    .option('-f, --follow', 'Specify if the logs should be streamed.', false)
    .action((args: string[], opts: any) => logs(ctx, args, opts));
}

function logs(ctx: VerbContext, args: string[], opts: any): void {
  if (!args.length) throw new CliError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kctl logs -h' for help and examples");
  const s = openSession(ctx);
  try {
    const text = s.step(rt => {
      const name = args[0]!.replace(/^(pods?|po)\//, '');
      const pod = rt.api.tryGet(byGroupResource('', 'pods')!, s.namespace, name);
      if (!pod) throw new StatusError(404, 'NotFound', `pods "${name}" not found`);
      const picked = pickContainer(pod, opts.container ?? args[1]);
      if (picked.notice) ctx.out.err(picked.notice);
      const cs = containerStatus(pod, picked.c.name);
      let id: string | undefined;
      if (opts.previous) {
        id = cs?.lastState?.terminated?.containerID;
        if (!id) throw new StatusError(400, 'BadRequest', `previous terminated container "${picked.c.name}" in pod "${name}" not found`);
      } else {
        // the current container, or the last one to have run while the next waits (CrashLoopBackOff)
        id = cs?.containerID ?? (cs?.state?.waiting ? cs?.lastState?.terminated?.containerID : undefined);
        if (!cs || !id) throw new StatusError(400, 'BadRequest', `container "${picked.c.name}" in pod "${name}" is waiting to start: ${cs?.state?.waiting?.reason ?? 'ContainerCreating'}`);
      }
      const { ContainerRuntime } = require('../../runtime/cri') as typeof import('../../runtime/cri');
      const lines = ContainerRuntime.of(rt).logs(pod.metadata.uid!, cidOf(id));
      let text = lines.map(l => (opts.timestamps ? `${rfc3339Nano(l.ts)} ` : '') + l.d).join('');
      const tail = Number(opts.tail);
      if (tail >= 0) { const ls = text.split('\n'); if (ls[ls.length - 1] === '') ls.pop(); text = ls.slice(Math.max(0, ls.length - tail)).map(l => l + '\n').join(''); if (tail === 0) text = ''; }
      return text;
    });
    ctx.out.out(text);
  } finally { s.close(); }
}

function rfc3339Nano(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = String(us % 1000000).padStart(6, '0').replace(/0+$/, '');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, frac ? `.${frac}Z` : 'Z');
}
