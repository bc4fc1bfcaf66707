// Container lifecycle hooks as the kubelet's handler runner runs them (pkg/kubelet/lifecycle/handlers.go):
// exec (a process started in the container, on the container's own clock: `sleep 5` in a preStop hook
// takes five simulated seconds), httpGet (through the prober's pod network; only a transport error fails
// the hook, never an HTTP status) and sleep. A hook that is still running is resumed at the kubelet's next
// sync of the pod (the runtime enqueues it when the hook's process exits). The failure messages are the
// kubelet's: `Exec lifecycle hook ([sh -c exit 1]) for Container "c" in Pod "p_ns(uid)" failed - error: …`.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { ContainerRuntime } from '../runtime/cri';
import { goQuote } from '../util/goquote';
import { probeNet, resolvePort } from './probes';

export type HookState =
  | { t: 'exec'; cid: string; sid: string; argv: string[]; out: string; err: string }
  | { t: 'sleep'; until: number };
export type HookRun = { done: true; ok: boolean; msg?: string } | { done: false; st: HookState };

/** format.Pod: name_namespace(uid). */
export const podRef = (pod: KObject) => `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;


/** Start a hook for container `c` (instance `cid`). Done at once unless it has to wait. */
export function startHook(rt: Runtime, pod: KObject, c: any, cid: string, h: any): HookRun {
  const now = rt.clock.now();
  if (h.exec) {
    const argv: string[] = (h.exec.command ?? []).map(String);
    const r = ContainerRuntime.of(rt).exec(pod.metadata.uid!, cid, argv, { notify: true });
    if ('error' in r) {
      const err = `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${rt.rng.hex(64)}": ${r.error}`;
      return { done: true, ok: false, msg: execMsg(pod, c, argv, err, '') };
    }
    return checkHook(rt, pod, c, { t: 'exec', cid, sid: r.sid, argv, out: '', err: '' });
  }
  if (h.httpGet) {
    const g = h.httpGet;
    const port = resolvePort(g.port, c);
    const host = g.host || pod.status?.podIP || '';
    const path = g.path || '/';
    if (typeof port === 'string') return { done: true, ok: false, msg: httpMsg(pod, c, path, port) };
    const scheme = String(g.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
    const url = `${scheme}://${host}:${port}${path.startsWith('/') ? path : '/' + path}`;
    const a = probeNet().httpGet(rt, { pod, host, port, path, scheme, headers: g.httpHeaders ?? [], timeoutMs: 0 });
    if (a.ok) return { done: true, ok: true };
    const why = a.error === 'timeout' ? 'context deadline exceeded' : a.error === 'unreachable' ? `dial tcp ${host}:${port}: connect: no route to host` : `dial tcp ${host}:${port}: connect: connection refused`;
    return { done: true, ok: false, msg: httpMsg(pod, c, path, `Get ${JSON.stringify(url)}: ${why}`) };
  }
  if (h.sleep) {
    const secs = Number(h.sleep.seconds ?? 0);
    if (secs <= 0) return { done: true, ok: true };
    return { done: false, st: { t: 'sleep', until: now + secs * 1000 } };
  }
  return { done: true, ok: false, msg: 'Cannot run handler: invalid handler: tcpSocket is not supported as a lifecycle handler' };
}

/** Look at a running hook again. */
export function checkHook(rt: Runtime, pod: KObject, c: any, st: HookState): HookRun {
  if (st.t === 'sleep') return rt.clock.now() >= st.until ? { done: true, ok: true } : { done: false, st };
  const cri = ContainerRuntime.of(rt);
  const box = cri.box(pod.metadata.uid!, st.cid);
  if (box && !box.s.dead) cri.bringToNow(box);
  const p = cri.poll(pod.metadata.uid!, st.cid, st.sid);
  const next = { ...st, out: (st.out + p.out).slice(-10240), err: (st.err + p.err).slice(-10240) };
  if (p.code === undefined) return { done: false, st: next };
  if (p.code === 0) return { done: true, ok: true };
  const cmd = st.argv.join(' ');
  return { done: true, ok: false, msg: execMsg(pod, c, st.argv, `command '${cmd}' exited with ${p.code}: ${next.err}`, next.out + next.err) };
}

/** Stop waiting for a hook (its deadline passed, or the container goes): an exec hook's process is killed. */
export function abandonHook(rt: Runtime, pod: KObject, st: HookState): void {
  if (st.t !== 'exec') return;
  ContainerRuntime.of(rt).hangup(pod.metadata.uid!, st.cid, st.sid);
}

/** When a sleeping hook is due (undefined: when its process exits). */
export function hookDue(st: HookState): number | undefined { return st.t === 'sleep' ? st.until : undefined; }

function execMsg(pod: KObject, c: any, argv: string[], err: string, output: string): string {
  return `Exec lifecycle hook ([${argv.join(' ')}]) for Container ${JSON.stringify(c.name)} in Pod ${JSON.stringify(podRef(pod))} failed - error: ${err}, message: ${goQuote(output)}`;
}
function httpMsg(pod: KObject, c: any, path: string, err: string): string {
  return `HTTP lifecycle hook (${path}) for Container ${JSON.stringify(c.name)} in Pod ${JSON.stringify(podRef(pod))} failed - error: ${err}`;
}
