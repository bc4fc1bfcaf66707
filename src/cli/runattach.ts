// `kubectl run -i/-t/--attach [--rm]` after the pod is created (k8s.io/kubectl/pkg/cmd/run: handleAttachPod,
// waitForPod, logOpts, removeCreatedObjects): wait until the pod is Running and Ready (--pod-running-timeout),
// attach to it, or print its logs when it already completed; then, for restartPolicy Never/OnFailure, wait for
// it to finish and pass its exit code on; --rm deletes it at the end (`pod "x" deleted`).
import type { VerbContext } from './program';
import type { Session } from './session';
import type { KObject } from '../api/types';
import { CliError } from '../api/errors';
import { byGroupResource } from '../api/discovery';

export interface RunAttach { name: string; ns: string; stdin: boolean; tty: boolean; quiet: boolean; rm: boolean; leaveStdinOpen: boolean; restart: string; timeoutMs: number }

const podRi = () => byGroupResource('', 'pods')!;
const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const completed = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Wait (polling steps, no lock held between them) until cond says yes; NotFound when the pod goes. */
function waitForPod(s: Session, o: RunAttach, cond: (p: KObject) => boolean | 'completed'): KObject | 'completed' {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const r = s.step(rt => {
      const p = rt.api.tryGet(podRi(), o.ns, o.name);
      if (!p) throw new CliError('pods "" not found');
      const c = cond(p);
      return c === 'completed' ? 'completed' : c ? p : undefined;
    });
    if (r) return r;
    if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
    s.sleep(200);
  }
}

export async function runAttach(ctx: VerbContext, s: Session, o: RunAttach): Promise<void> {
  let failure: unknown;
  try {
    await attachPhase(ctx, s, o);
  } catch (e) { failure = e; }
  if (o.rm) {
    try { remove(ctx, s, o); } catch (e) { failure ??= e; }
  }
  if (failure) throw failure;
}

async function attachPhase(ctx: VerbContext, s: Session, o: RunAttach): Promise<void> {
  const { attachTo } = require('./verbs/attach') as typeof import('./verbs/attach');
  // handleAttachPod
  const got = waitForPod(s, o, p => (completed(p) ? 'completed' : p.status?.phase === 'Running' && ready(p)));
  const pod = s.step(rt => rt.api.get(podRi(), o.ns, o.name));
  if (got === 'completed' || completed(pod)) logs(ctx, s, pod);
  else {
    try {
      await attachTo(ctx, s, pod, { stdin: o.stdin, tty: o.tty, quiet: o.quiet, commandName: 'kctl attach' });
    } catch (e) {
      ctx.out.err(`warning: couldn't attach to pod/${o.name}, falling back to streaming logs: ${(e as Error).message}`);
      ctx.out.flush();
      logs(ctx, s, pod);
    }
  }
  const waitForExitCode = !o.leaveStdinOpen && (o.restart === 'Never' || o.restart === 'OnFailure');
  if (!waitForExitCode) return;
  const end = waitForPod(s, o, p => (o.restart === 'OnFailure' ? p.status?.phase === 'Succeeded' : completed(p))) as KObject;
  if (end.status?.phase === 'Succeeded') return;
  if (end.status?.phase === 'Failed') {
    const t = end.status?.containerStatuses?.[0]?.state?.terminated;
    if (!t || !t.exitCode) throw new CliError(`pod ${o.ns}/${o.name} failed with unknown exit code`);
    throw new CliError(`pod ${o.ns}/${o.name} terminated (${t.reason ?? ''})\n${t.message ?? ''}`, t.exitCode, true);
  }
  throw new CliError(`pod ${o.ns}/${o.name} left in phase ${end.status?.phase}`);
}

/** logOpts: the container's log, as `kubectl logs` would print it. */
function logs(ctx: VerbContext, s: Session, pod: KObject): void {
  const { writeFd } = require('./stream') as typeof import('./stream');
  const { cidOf } = require('./containers') as typeof import('./containers');
  const text = s.step(rt => {
    const p = rt.api.get(podRi(), pod.metadata.namespace, pod.metadata.name!);
    const cs = p.status?.containerStatuses?.find((c: any) => c.name === p.spec.containers[0].name);
    const id = cs?.state?.terminated?.containerID ?? cs?.containerID ?? cs?.lastState?.terminated?.containerID;
    if (!id) return '';
    const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
    const { formatEntries } = require('../runtime/logread') as typeof import('../runtime/logread');
    return formatEntries(ContainerRuntime.of(rt).logReader(p.metadata.uid!, cidOf(id)).read({}).entries, {});
  });
  ctx.out.flush();
  writeFd(1, text);
}

/** removeCreatedObjects: delete the pod and wait until it is gone, printing `pod "x" deleted`. */
function remove(ctx: VerbContext, s: Session, o: RunAttach): void {
  const { writeFd } = require('./stream') as typeof import('./stream');
  const uid = s.step(rt => {
    const p = rt.api.tryGet(podRi(), o.ns, o.name);
    if (!p) return undefined;
    rt.api.delete(podRi(), o.ns, o.name, {});
    return p.metadata.uid;
  });
  if (!uid) return;
  ctx.out.flush();
  writeFd(1, `pod "${o.name}" deleted\n`);
  for (;;) {
    const gone = s.step(rt => rt.api.tryGet(podRi(), o.ns, o.name)?.metadata.uid !== uid);
    if (gone) return;
    s.sleep(200);
  }
}
