// kubectl attach: the output PID 1 of a running container writes from now on (pods/attach), and with -i what
// is typed goes to its stdin (a container with `stdin: true`; `tty: true` makes it a terminal, and a shell
// there is interactive). Client side as k8s.io/kubectl/pkg/cmd/attach ("If you don't see a command prompt,
// try pressing enter.", the TTY rules, the reattach message); `kctl run -i/-t/--attach` attaches through here.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Session } from '../session';
import type { KObject } from '../../api/types';
import { openSession } from './common';
import { CliError } from '../../api/errors';
import { pickContainer } from '../containers';
import { attachTarget, readAttached } from '../../kubelet/streaming';
import { attachablePod, getTarget } from '../podtarget';
import { durationFlag } from '../goflags';
import { keep } from '../async';

export function register(program: Command, ctx: VerbContext): void {
  program.command('attach')
    .argument('[args...]')
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', '1m0s')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    .option('-i, --stdin', 'Pass stdin to the container', false)
    .option('-t, --tty', 'Stdin is a TTY', false)
    .option('-q, --quiet', 'Only print output from the remote session', false)
    .action((args: string[], opts: any) => { keep(attach(ctx, args, opts)); });
}

async function attach(ctx: VerbContext, args: string[], opts: any): Promise<void> {
  const timeoutMs = durationFlag(opts.podRunningTimeout, 'pod-running-timeout', 'kctl attach');
  if (!args.length) throw new CliError('at least 1 argument is required for attach');
  if (args.length > 2) throw new CliError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`);
  if (timeoutMs <= 0) throw new CliError('--pod-running-timeout must be higher than zero');
  const s = openSession(ctx);
  try {
    const deadline = Date.now() + timeoutMs;
    let pod: KObject | undefined;
    for (;;) {
      pod = s.step(rt => {
        const arg = args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!;
        if (args.length === 2) getTarget(rt, s.namespace, args[1]!, args[0]!);
        return attachablePod(rt, s.namespace, arg).pod;
      });
      if (pod) break;
      if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
      s.sleep(250);
    }
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') throw new CliError(`cannot attach a container in a completed pod; current phase is ${pod.status.phase}`);
    await attachTo(ctx, s, pod, { container: opts.container, stdin: !!opts.stdin, tty: !!opts.tty, quiet: !!opts.quiet, commandName: 'kctl attach' });
  } finally { s.close(); }
}

export interface AttachOpts { container?: string; stdin: boolean; tty: boolean; quiet: boolean; commandName: string }

/** AttachOptions.Run from the container on: TTY checks, the prompt hint, the stream, the reattach message. */
export async function attachTo(ctx: VerbContext, s: Session, pod: KObject, o: AttachOpts): Promise<void> {
  const { stdinIsTerminal, drive } = require('../stream') as typeof import('../stream');
  let picked;
  try { picked = pickContainer(pod, o.container, o.quiet); }
  catch (e) { throw new CliError(`cannot attach to the container: ${(e as Error).message}`); }
  if (picked.notice) ctx.out.err(picked.notice);
  const c = picked.c;
  let tty = o.tty;
  if (tty && !c.tty) {
    tty = false;
    if (!o.quiet) ctx.out.err(`error: Unable to use a TTY - container ${c.name} did not allocate one`);
  } else if (!tty && c.tty) tty = true;
  // SetupTTY
  if (!o.stdin) tty = false;
  else if (tty && !stdinIsTerminal()) {
    tty = false;
    if (!o.quiet) ctx.out.err('Unable to use a TTY - input is not a terminal or the right kind of file');
  }
  // the attach request (the cursor is taken first: what the container writes after the hint is shown)
  let target: { uid: string; cid: string; seq: number } | undefined, failure: unknown;
  try {
    target = s.step(rt => attachTarget(rt, pod.metadata.namespace!, pod.metadata.name!, c.name));
  } catch (e) { failure = e; }
  if (!o.quiet) ctx.out.err("If you don't see a command prompt, try pressing enter.");
  ctx.out.flush();
  if (failure) throw failure;
  const cursor = { seq: target!.seq };
  const stdinOnce = !!c.stdinOnce;
  await drive(s, {
    step(rt, input) {
      const { ContainerRuntime, PID1_TTY } = require('../../runtime/cri') as typeof import('../../runtime/cri');
      const cri = ContainerRuntime.of(rt);
      if (input.data !== undefined && c.stdin) cri.feedMain(target!.uid, target!.cid, input.data);
      if (input.eof && c.stdin && stdinOnce) cri.feedMain(target!.uid, target!.cid, null);
      let reprompt = false;
      if (input.intr) reprompt = !cri.interrupt(target!.uid, target!.cid, PID1_TTY);
      const { out, err, ended } = readAttached(rt, target!, cursor, tty);
      const next = rt.nextDue();
      return { out, err, done: ended, wait: next !== undefined ? next - rt.clock.now() : 200, reprompt };
    },
  }, { stdin: !o.stdin ? 'none' : tty ? 'raw' : 'pipe', tty });
  // reattachMessage
  if (!o.quiet && o.stdin && tty && pod.spec?.restartPolicy === 'Always') {
    const { writeFd } = require('../stream') as typeof import('../stream');
    writeFd(1, picked.kind === 'ephemeral'
      ? `Session ended, the ephemeral container will not be restarted but may be reattached using '${o.commandName} ${pod.metadata.name} -c ${c.name} -i -t' if it is still running\n`
      : `Session ended, resume using '${o.commandName} ${pod.metadata.name} -c ${c.name} -i -t' command when the pod is running\n`);
  }
}
