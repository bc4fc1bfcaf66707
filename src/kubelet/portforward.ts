// The kubelet's (and containerd's) side of a port-forwarded connection: containerd dials localhost:PORT
// inside the pod's network namespace when the connection's streams arrive, then copies bytes both ways.
// kctl hands each request's bytes to the program listening there through the simulated network
// (src/runtime/net: podExchange) and takes its answer. `Forwarding` drives one connection (buffering a
// request until it is whole, one short step per exchange); its transport is a local TCP socket for
// `kctl port-forward` (src/cli/verbs/port-forward.ts) and an SPDY stream pair for `kctl serve`
// (src/server/portforward.ts).
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';

export type Exchanged = { data: string; close: boolean } | { error: 'refused' | 'timeout' | 'reset' | 'unreachable' };

/** Bytes to a pod's port from the pod's own localhost; the listener's answer, or why there is none. */
export function exchange(rt: Runtime, pod: KObject, port: number, data: string): Exchanged {
  const { podExchange } = require('../runtime/net') as typeof import('../runtime/net');
  const r = podExchange(rt, pod, port, data, { timeoutMs: 30_000 });
  if ('error' in r) return { error: r.error };
  return { data: r.data, close: r.close };
}

/** containerd's dial of localhost:PORT in the pod's network namespace: nothing, or why it failed. */
export function dial(rt: Runtime, pod: KObject, port: number): Exclude<Exchanged, { data: string }> | undefined {
  const { podConnect } = require('../runtime/net') as typeof import('../runtime/net');
  const r = podConnect(rt, pod, port);
  return 'error' in r ? { error: r.error } : undefined;
}

/** The pod's sandbox id as the CRI names it (64 hex digits). */
export const sandboxId = (uid: string): string => uid.replace(/-/g, '').padEnd(64, '0').slice(0, 64);

/** What the kubelet writes on the error stream when containerd could not connect (httpstream.go's
 *  "error forwarding port …, uid …" around containerd's portForward error; the uid is empty on the CRI path). */
export function forwardError(uid: string, port: number, why: Exclude<Exchanged, { data: string }>['error']): string {
  const id = sandboxId(uid);
  const reason = why === 'timeout' ? 'i/o timeout' : why === 'unreachable' ? 'connect: network is unreachable' : why === 'reset' ? 'connect: connection reset by peer' : 'connect: connection refused';
  return `error forwarding port ${port} to pod ${id}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${uid}": failed to connect to localhost:${port} inside namespace "${id}", IPv4: dial tcp4 127.0.0.1:${port}: ${reason} IPv6 dial tcp6 [::1]:${port}: ${reason} `;
}

/** A whole HTTP/1.x request: headers, then as many body bytes as Content-Length says. */
export function httpComplete(b: Buffer): boolean {
  const head = b.indexOf('\r\n\r\n');
  if (head < 0) return false;
  const text = b.subarray(0, head).toString('latin1');
  if (!/^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/.test(text)) return false;
  const cl = /\r\ncontent-length:\s*(\d+)/i.exec(text);
  return b.length >= head + 4 + (cl ? Number(cl[1]) : 0);
}

/** The pod a forwarding reaches: the one that was Running when it started (same uid). */
export interface ForwardTarget { ns: string; name: string; uid: string }

/** Where a forwarded connection's answers go. */
export interface ForwardSink {
  /** bytes the pod's program answered */
  data(b: Buffer): void;
  /** the program closed the connection (or the client's half-close was answered) */
  end(): void;
  /** containerd could not reach the port: the kubelet's message for the error stream */
  failed(message: string): void;
  /** the pod is gone or no longer running */
  gone(): void;
  /** a step failed (the database): the error as thrown */
  broken(e: unknown): void;
}

/** A step as the caller takes it (the CLI's session, or the server as its client). */
export type ForwardStep = <T>(fn: (rt: Runtime) => T) => T;

/** One forwarded connection to a pod's port: bytes in, the program's answers out. */
export class Forwarding {
  private buf = Buffer.alloc(0);
  private idle?: NodeJS.Timeout;
  private busy = false;
  private finished = false;
  private closed = false;

  constructor(private step: ForwardStep, private target: ForwardTarget, private port: number, private sink: ForwardSink) {}

  /** containerd's dial when the connection's streams arrive: false if it failed (the sink was told). */
  open(): boolean {
    const r = this.run(rt => dial(rt, rt.api.tryGet(byGroupResource('', 'pods')!, this.target.ns, this.target.name)!, this.port) ?? 'ok' as const);
    if (!r) return false;
    if (r !== 'ok') { this.fail(forwardError(this.target.uid, this.port, r.error)); return false; }
    return true;
  }

  /** Bytes from the client: an HTTP request goes as soon as it is whole, anything else when the client pauses. */
  push(d: Buffer): void {
    if (this.closed) return;
    this.buf = Buffer.concat([this.buf, d]);
    if (this.idle) clearTimeout(this.idle);
    if (httpComplete(this.buf)) this.send(); else this.idle = setTimeout(() => this.send(), 30);
  }

  /** The client will send nothing more: what it sent is answered, then the connection ends. */
  finish(): void {
    if (this.closed) return;
    this.finished = true;
    if (this.idle) clearTimeout(this.idle);
    this.send();
    if (!this.busy && !this.closed) { this.closed = true; this.sink.end(); }
  }

  /** Drop the connection (the client went away). */
  close(): void {
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
  }

  /** fn in a step, with the pod checked first: undefined (and the sink told) when it is gone or a step failed. */
  private run<T>(fn: (rt: Runtime) => T): T | null | undefined {
    let r: { v: T } | 'gone';
    try {
      r = this.step(rt => {
        const p = rt.api.tryGet(byGroupResource('', 'pods')!, this.target.ns, this.target.name);
        if (!p || p.metadata.uid !== this.target.uid || p.status?.phase !== 'Running') return 'gone' as const;
        return { v: fn(rt) };
      });
    } catch (e) { this.closed = true; this.sink.broken(e); return null; }
    if (r === 'gone') { this.closed = true; this.sink.gone(); return null; }
    return r.v;
  }

  private fail(message: string): void {
    this.closed = true;
    this.sink.failed(message);
  }

  private send(): void {
    if (this.busy || this.closed || !this.buf.length) return;
    this.busy = true;
    // bytes as the container sees them (src/runtime/bytes.ts): text as UTF-8, anything else byte by byte
    const bytes = require('../runtime/bytes') as typeof import('../runtime/bytes');
    const data = bytes.fromBytes(this.buf);
    this.buf = Buffer.alloc(0);
    const r = this.run(rt => exchange(rt, rt.api.tryGet(byGroupResource('', 'pods')!, this.target.ns, this.target.name)!, this.port, data));
    this.busy = false;
    if (!r) return;
    if ('error' in r) { this.fail(forwardError(this.target.uid, this.port, r.error)); return; }
    if (r.data) this.sink.data(bytes.toBytes(r.data));
    if (r.close) { this.closed = true; this.sink.end(); return; }
    if (this.buf.length) this.send();
    else if (this.finished) { this.closed = true; this.sink.end(); }
  }
}
