// kubectl exec: run a command in a container (pods/exec) and pass its output and exit code through.
// The command is a process in the simulated container (ContainerRuntime.exec): it runs on the cluster clock,
// so a `sleep 5` in it takes five seconds, during which other kctl invocations keep working (no lock is held
// while waiting). -i passes stdin as it comes; -t on a terminal gives an interactive session (src/cli/stream.ts).
// Client side as k8s.io/kubectl/pkg/cmd/exec; server side as the API server's streamLocation and the kubelet.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Runtime } from '../../sim/runtime';
import type { KObject } from '../../api/types';
import { openSession } from './common';
import { CliError } from '../../api/errors';
import { pickContainer } from '../containers';
import { startExec as start } from '../../kubelet/streaming';
import { attachablePod } from '../podtarget';
import { durationFlag } from '../goflags';
import { keep } from '../async';

const CMD = 'kctl exec';

export function register(program: Command, ctx: VerbContext): void {
  program.command('exec')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    .option('-f, --filename <file>', 'to use to exec into the resource', (v: string, p: string[] = []) => p.concat([v]))
    .option('-i, --stdin', 'Pass stdin to the container', false)
    .option('-t, --tty', 'Stdin is a TTY', false)
    .option('-q, --quiet', 'Only print output from the remote session', false)
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', '1m0s')
    .action((args: string[], opts: any) => { keep(exec(ctx, args, opts)); });
}

/** cobra's ArgsLenAtDash: how many positional arguments came before `--` (-1 without one). */
export function argsLenAtDash(argv: string[], verb: string): number {
  const dash = argv.indexOf('--');
  if (dash < 0) return -1;
  const { extractGlobals } = require('../program') as typeof import('../program');
  const before = extractGlobals(argv.slice(0, dash)).rest;
  const vi = before.indexOf(verb);
  // positional arguments: words after the verb that are neither flags nor flag values
  const valued = new Set(['-c', '--container', '-f', '--filename', '--pod-running-timeout', '--image', '--target', '--copy-to', '--profile', '--env', '--custom', '--address', '--selector', '-l']);
  let n = 0;
  for (let i = vi + 1; i < before.length; i++) {
    const a = before[i]!;
    if (a.startsWith('-')) { if (valued.has(a)) i++; continue; }
    n++;
  }
  return n;
}

async function exec(ctx: VerbContext, args: string[], opts: any): Promise<void> {
  const atDash = argsLenAtDash(ctx.argv, 'exec');
  const filenames: string[] = opts.filename ?? [];
  let resourceName: string | undefined;
  let command: string[] = [];
  if (args.length > 0 && atDash !== 0) resourceName = args[0];
  if (atDash > -1) command = args.slice(atDash);
  else if (args.length > 1 || (args.length > 0 && filenames.length))
    throw new CliError("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kctl exec -h' for help and examples");
  const timeoutMs = durationFlag(opts.podRunningTimeout, 'pod-running-timeout', CMD);
  if (!resourceName && !filenames.length) throw new CliError('pod, type/name or --filename must be specified');
  if (!command.length) throw new CliError('you must specify at least one command for the container');

  const { stdinIsTerminal } = require('../stream') as typeof import('../stream');
  const stdin = !!opts.stdin;
  const s = openSession(ctx);
  try {
    const deadline = Date.now() + timeoutMs;
    const { ContainerRuntime } = require('../../runtime/cri') as typeof import('../../runtime/cri');
    // One step finds the pod, starts the command and, with no stdin to pass, takes what it wrote: a command
    // that ends at once (most do) costs one transaction. Notices print even when the request then fails.
    type First = { notices: string[]; error?: unknown; tty: boolean; target?: { uid: string; cid: string; sid: string }; got?: { out: string; err: string; code?: number; wait: number } };
    let first: First | undefined;
    for (;;) {
      first = s.step((rt): First | undefined => {
        const notices: string[] = [];
        let tty = false;
        try {
          const pod = findPod(rt, s.namespace, resourceName, filenames);
          if (!pod) return undefined;
          if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
          let containerName: string = opts.container;
          if (!containerName) {
            const picked = pickContainer(pod, undefined, !!opts.quiet);
            if (picked.notice) notices.push(picked.notice);
            containerName = picked.c.name;
          }
          // SetupTTY
          tty = !!opts.tty && stdin;
          if (tty && !stdinIsTerminal()) {
            tty = false;
            if (!opts.quiet) notices.push('Unable to use a TTY - input is not a terminal or the right kind of file');
          }
          const target = start(rt, pod, containerName, command, { stdin, tty });
          if (stdin) return { notices, tty, target };
          const got = ContainerRuntime.of(rt).poll(target.uid, target.cid, target.sid);
          const next = rt.nextDue();
          return { notices, tty, target, got: { ...got, wait: next !== undefined ? next - rt.clock.now() : 200 } };
        } catch (error) { return { notices, tty, error }; }
      });
      if (first) break;
      if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
      s.sleep(250);
    }
    for (const n of first.notices) ctx.out.err(n);
    if (first.error) throw first.error;
    ctx.out.flush();
    const target = first.target!;
    const tty = first.tty;
    let res: { code?: number };
    if (first.got?.code !== undefined) {
      const { writeFd } = require('../stream') as typeof import('../stream');
      writeFd(1, first.got.out);
      writeFd(2, first.got.err);
      res = first.got;
    } else {
      const { drive, writeFd } = require('../stream') as typeof import('../stream');
      if (first.got) { writeFd(1, first.got.out); writeFd(2, first.got.err); }
      res = await drive(s, {
        step(rt, input) {
          const cri = ContainerRuntime.of(rt);
          let reprompt = false;
          if (input.data !== undefined) cri.feed(target.uid, target.cid, target.sid, input.data);
          if (input.eof) cri.feed(target.uid, target.cid, target.sid, null);
          if (input.intr) reprompt = !cri.interrupt(target.uid, target.cid, target.sid);
          const got = cri.poll(target.uid, target.cid, target.sid);
          const next = rt.nextDue();
          return { out: got.out, err: got.err, done: got.code !== undefined, ...(got.code !== undefined ? { code: got.code } : {}), wait: next !== undefined ? next - rt.clock.now() : 200, reprompt };
        },
        hangup(rt) { ContainerRuntime.of(rt).hangup(target.uid, target.cid, target.sid); },
      }, { stdin: !stdin ? 'none' : tty ? 'raw' : 'pipe', tty });
    }
    if (res.code) {
      ctx.out.err(`command terminated with exit code ${res.code}`);
      ctx.out.exitCode = res.code;
    }
  } finally { s.close(); }
}

/** The pod to exec into: POD, TYPE/NAME (its first attachable pod), or -f; undefined while a workload has none. */
function findPod(rt: Runtime, ns: string, name: string | undefined, filenames: string[]): KObject | undefined {
  if (filenames.length) {
    const { readManifests } = require('../manifests') as typeof import('../manifests');
    const ms = readManifests(filenames, false);
    if (ms.length !== 1) throw new CliError('cannot exec into multiple objects at a time');
    const m = ms[0]!.obj;
    const { getTarget } = require('../podtarget') as typeof import('../podtarget');
    const { resourceForKind } = require('../../api/discovery') as typeof import('../../api/discovery');
    const ri = resourceForKind(String(m.apiVersion), String(m.kind));
    const t = ri ? getTarget(rt, m.metadata?.namespace ?? ns, String(m.metadata?.name ?? ""), `${ri.plural}${ri.group ? '.' + ri.group : ''}`) : undefined;
    if (t && t.ri.kind === 'Pod') return t.obj;
    return t ? attachablePod(rt, ns, `${t.ri.plural}${t.ri.group ? '.' + t.ri.group : ''}/${t.obj.metadata.name}`).pod : undefined;
  }
  return attachablePod(rt, ns, name!).pod;
}

