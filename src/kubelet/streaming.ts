// The kubelet's streaming side of pods/log, pods/exec and pods/attach, which the API server proxies to (in
// kctl, in-process): which container instance a log request reads (the kubelet's validateContainerLogStatus
// and its errors), the CRI log reader opened and followed, an exec started in a running container (the API
// server's streamLocation checks, then containerd's errors), and where an attach starts reading. Used by
// the kubectl verbs (src/cli/verbs/logs, exec, attach) and by kctl serve's endpoints (src/server/streams.ts).
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { V1ContainerStatus } from '../api/k8s';
import type { LogCursor, LogEntry, LogQuery } from '../runtime/logread';
import { StatusError, CliError } from '../api/errors';
import { byGroupResource } from '../api/discovery';

/** A failure after the streaming connection was upgraded (containerd's exec start): the kubelet reports it on
 *  the error stream, not as the upgrade's HTTP answer. */
export class ExecStartError extends CliError {}

/** A CRI container id without its runtime prefix. */
export const cidOf = (id: string | undefined): string => String(id ?? '').replace(/^containerd:\/\//, '');

/** The status of a container of a pod, whichever list it is in. */
export function containerStatusOf(pod: KObject, name: string): V1ContainerStatus | undefined {
  const st = pod.status ?? {};
  return [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])].find((c: V1ContainerStatus) => c.name === name);
}

/** One log stream: a pod's container (a corev1.ObjectReference with its field path). */
export interface LogRequest { ns: string; pod: string; uid: string; container: string; fieldPath: string }
/** One stream being read: where it stands, and whether it has ended. */
export interface LogStream { req: LogRequest; cid?: string; cursor?: LogCursor; remain?: number; done: boolean; prefix: string }
/** PodLogOptions as the kubelet reads them. */
export interface LogOptions { follow?: boolean; previous?: boolean; tail?: number; limitBytes?: number; sinceMs?: number; sinceTime?: number }

// ------------------------------------------------------------------------------------------ the kubelet's side
/** validateContainerLogStatus: which container instance's log, or the kubelet's error. */
export function containerIdFor(pod: KObject, container: string, previous: boolean): string {
  const cs = containerStatusOf(pod, container);
  const bad = (m: string) => new StatusError(400, 'BadRequest', m);
  const who = `container "${container}" in pod "${pod.metadata.name}"`;
  if (!cs) throw bad(`${who} is not available`);
  const last = cs.lastState?.terminated;
  const st = cs.state ?? {};
  if (previous) {
    if (!last || !last.containerID) throw bad(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    return last.containerID;
  }
  if (st.running) return cs.containerID!;
  if (st.terminated) {
    if (st.terminated.containerID) return st.terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw bad(`${who} is terminated`);
  }
  if (last) {
    if (!last.containerID) throw bad(`${who} is terminated`);
    return last.containerID;
  }
  if (st.waiting) {
    const r = st.waiting.reason;
    if (r === 'ErrImagePull') throw bad(`${who} is waiting to start: image can't be pulled`);
    if (r === 'ImagePullBackOff') throw bad(`${who} is waiting to start: trying and failing to pull image`);
    throw bad(`${who} is waiting to start: ${r}`);
  }
  throw bad(`${who} is waiting to start - no logs yet`);
}

/** One stream being read: where it stands, and whether it has ended. */

/** Open a stream (the API server's LogLocation, then the kubelet): its first entries, or its error. */
export function openLog(rt: Runtime, st: LogStream, o: LogOptions): LogEntry[] {
  const pod = rt.api.tryGet(byGroupResource('', 'pods')!, st.req.ns, st.req.pod);
  if (!pod) throw new StatusError(404, 'NotFound', `pods "${st.req.pod}" not found`);
  if (!pod.spec?.nodeName) { st.done = true; return []; } // no host yet: an empty location, an empty log
  const cid = cidOf(containerIdFor(pod, st.req.container, !!o.previous));
  st.cid = cid;
  const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
  const reader = ContainerRuntime.of(rt).logReader(pod.metadata.uid!, cid);
  const q: LogQuery = {};
  if (o.tail !== undefined && o.tail >= 0) q.tail = o.tail;
  const sinceMs = o.sinceTime ?? (o.sinceMs !== undefined ? rt.clock.now() - o.sinceMs : undefined);
  if (sinceMs !== undefined) q.sinceUs = Math.round(sinceMs * 1000);
  if (o.limitBytes !== undefined) q.limitBytes = o.limitBytes;
  const { entries, cursor } = reader.read(q);
  st.cursor = cursor;
  // follow ends with the container (or at once for a previous instance, which has ended)
  if (!o.follow || o.previous || reader.ended) st.done = true;
  return q.sinceUs !== undefined ? entries.filter(e => e.ts >= q.sinceUs!) : entries;
}

/** What a followed stream's container wrote since the last read; the stream is done when it has ended. */
export function moreLog(rt: Runtime, st: LogStream): LogEntry[] {
  const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
  const pod = rt.api.tryGet(byGroupResource('', 'pods')!, st.req.ns, st.req.pod);
  if (!pod || pod.metadata.uid !== st.req.uid) { st.done = true; return []; }
  const reader = ContainerRuntime.of(rt).logReader(st.req.uid, st.cid!);
  const entries = reader.follow(st.cursor!);
  if (reader.ended) st.done = true;
  return entries;
}

/** Every container name of a pod: containers, init containers, ephemeral containers. */
function containerNames(pod: KObject): string[] {
  const s = pod.spec ?? {};
  return [...(s.containers ?? []), ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])].map((c: { name: string }) => c.name);
}

/** The API server (streamLocation), the kubelet and containerd: start the process, or their error. */
export function startExec(rt: Runtime, podIn: KObject, container: string, command: string[], o: { stdin: boolean; tty: boolean }): { uid: string; cid: string; sid: string } {
  const pod = rt.api.tryGet(byGroupResource('', 'pods')!, podIn.metadata.namespace!, podIn.metadata.name!);
  if (!pod) throw new StatusError(404, 'NotFound', `pods "${podIn.metadata.name}" not found`, { name: podIn.metadata.name });
  if (!containerNames(pod).includes(container)) throw new StatusError(400, 'BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`);
  if (!pod.spec?.nodeName) throw new StatusError(400, 'BadRequest', `pod ${pod.metadata.name} does not have a host assigned`);
  const cs = containerStatusOf(pod, container);
  if (!cs?.state?.running || !cs.containerID) throw new CliError(`unable to upgrade connection: container not found ("${container}")`);
  const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
  const cri = ContainerRuntime.of(rt);
  const uid = pod.metadata.uid!, cid = cidOf(cs.containerID);
  const r = cri.exec(uid, cid, command, { stdin: o.stdin, tty: o.tty });
  if ('error' in r) {
    if (r.error === 'container not found') throw new CliError(`unable to upgrade connection: container not found ("${container}")`);
    throw new ExecStartError(`Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${rt.rng.hex(64)}": ${r.error}`);
  }
  return { uid, cid, sid: r.sid };
}

/** Where an attach starts: the running container's log brought to now (what it wrote before is not shown),
 *  or the API server's and kubelet's error. */
export function attachTarget(rt: Runtime, ns: string, name: string, container: string): { uid: string; cid: string; seq: number } {
  const p = rt.api.tryGet(byGroupResource('', 'pods')!, ns, name);
  if (!p) throw new StatusError(404, 'NotFound', `pods "${name}" not found`, { name });
  if (!p.spec?.nodeName) throw new StatusError(400, 'BadRequest', `pod ${p.metadata.name} does not have a host assigned`);
  const cs = containerStatusOf(p, container);
  if (!cs?.state?.running || !cs.containerID) throw new CliError(`unable to upgrade connection: container not found ("${container}")`);
  const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
  const uid = p.metadata.uid!, cid = cidOf(cs.containerID);
  ContainerRuntime.of(rt).logReader(uid, cid);
  return { uid, cid, seq: rt.store.rtLastLogSeq(cid) };
}

/** What an attached container wrote since `cursor.seq` (stdout, and stderr apart unless a TTY merges them). */
export function readAttached(rt: Runtime, t: { uid: string; cid: string }, cursor: { seq: number }, tty: boolean): { out: string; err: string; ended: boolean } {
  const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
  const reader = ContainerRuntime.of(rt).logReader(t.uid, t.cid);
  let out = '', err = '';
  for (const w of reader.forward(cursor.seq)) { cursor.seq = w.seq; if (w.s === 2 && !tty) err += w.d; else out += w.d; }
  cursor.seq = Math.max(cursor.seq, rt.store.rtLastLogSeq(t.cid));
  return { out, err, ended: reader.ended };
}
