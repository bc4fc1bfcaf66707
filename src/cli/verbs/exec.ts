// kubectl exec: run a command in a container (pods/exec) and pass its output and exit code through.
// The command is a process in the simulated container: it runs on the cluster clock, so a `sleep 5` in it
// takes five seconds, during which other kctl invocations keep working (the lock is not held while waiting).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession } from './common';
import { CliError, StatusError } from '../../api/errors';
import { byGroupResource } from '../../api/discovery';
import { pickContainer, containerStatus, cidOf } from '../containers';

export function register(program: Command, ctx: VerbContext): void {
  program.command('exec')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name.')
    .option('-i, --stdin', 'Pass stdin to the container', false)
    .option('-t, --tty', 'Stdin is a TTY', false)
    .option('-q, --quiet', 'Only print output from the remote session', false)
    .action((args: string[], opts: any) => exec(ctx, args, opts));
}

function exec(ctx: VerbContext, args: string[], opts: any): void {
  const dash = ctx.argv.indexOf('--');
  const command = dash >= 0 ? ctx.argv.slice(dash + 1) : args.slice(1);
  const target = args[0];
  if (!target) throw new CliError("expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\nSee 'kctl exec -h' for help and examples");
  if (!command.length) throw new CliError('you must specify at least one command for the container');
  // bytes both ways (a tar stream in or out must stay exact): see src/runtime/bytes.ts
  const bytes = require('../../runtime/bytes') as typeof import('../../runtime/bytes');
  const stdinData = opts.stdin && !process.stdin.isTTY ? bytes.fromBytes(require('node:fs').readFileSync(0) as Buffer) : undefined;
  const s = openSession(ctx);
  const fs = require('node:fs') as typeof import('node:fs');
  try {
    const start = s.step(rt => {
      const name = target.replace(/^(pods?|po)\//, '');
      const pod = rt.api.tryGet(byGroupResource('', 'pods')!, s.namespace, name);
      if (!pod) throw new StatusError(404, 'NotFound', `pods "${name}" not found`);
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
      const picked = pickContainer(pod, opts.container, opts.quiet);
      if (picked.notice) ctx.out.err(picked.notice);
      const cs = containerStatus(pod, picked.c.name);
      if (!cs?.state?.running) throw new CliError(`unable to upgrade connection: container not found ("${picked.c.name}")`);
      const { ContainerRuntime } = require('../../runtime/cri') as typeof import('../../runtime/cri');
      const cri = ContainerRuntime.of(rt);
      const uid = pod.metadata.uid!, cid = cidOf(cs.containerID);
      const r = cri.exec(uid, cid, command, { stdin: !!opts.stdin, tty: !!opts.tty });
      if ('error' in r) throw new CliError(`Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${rt.rng.hex(64)}": ${r.error}`);
      if (stdinData !== undefined) cri.feed(uid, cid, r.sid, stdinData), cri.feed(uid, cid, r.sid, null);
      return { uid, cid, sid: r.sid };
    });
    ctx.out.flush();
    let code: number | undefined;
    for (;;) {
      const got = s.step(rt => {
        const { ContainerRuntime } = require('../../runtime/cri') as typeof import('../../runtime/cri');
        const next = rt.nextDue();
        return { ...ContainerRuntime.of(rt).poll(start.uid, start.cid, start.sid), wait: next !== undefined ? next - rt.clock.now() : 200 };
      });
      if (got.out) fs.writeSync(1, bytes.toBytes(got.out));
      if (got.err) fs.writeSync(2, bytes.toBytes(got.err));
      if (got.code !== undefined) { code = got.code; break; }
      s.sleep(Math.max(5, Math.min(200, got.wait)));
    }
    if (code) {
      ctx.out.err(`command terminated with exit code ${code}`);
      ctx.out.exitCode = code;
    }
  } finally { s.close(); }
}
