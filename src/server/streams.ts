// Streaming subresources of `kctl serve`: pods/log (plain HTTP, chunked while following) and pods/exec over
// WebSocket (the v5/v4.channel.k8s.io protocols kubectl 1.33 speaks first: one byte of stream id, then
// data; stream 3 carries the final Status). The processes are the container runtime's (src/runtime):
// each poll is one step, so the cluster clock and other clients move on while a command runs.
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { ClientContext } from '../api/rbac/enforce';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { StatusError, CliError } from '../api/errors';
import { byGroupResource } from '../api/discovery';
import { toStatus } from './status';
import { attachTarget, readAttached } from '../kubelet/streaming';

export interface Stepper {
  step<T>(client: ClientContext | undefined, fieldManager: string, fn: (rt: Runtime) => T): T;
  send(res: http.ServerResponse, code: number, body: unknown, contentType?: string): void;
}

const POLL_MS = 100;

function getPod(rt: Runtime, ns: string, name: string): KObject {
  const pod = rt.api.tryGet(byGroupResource('', 'pods')!, ns, name);
  if (!pod) throw new StatusError(404, 'NotFound', `pods "${name}" not found`);
  return pod;
}

/** The container a request names, or the only one; kube-apiserver's error when a pod has several. */
function containerOf(pod: KObject, name: string | null): string {
  if (name) return name;
  const cs = (pod.spec?.containers ?? []) as { name: string }[];
  if (cs.length === 1) return cs[0]!.name;
  const init = ((pod.spec?.initContainers ?? []) as { name: string }[]).map(c => c.name);
  throw new StatusError(400, 'BadRequest', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${cs.map(c => c.name).join(' ')}]${init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''}`);
}

/** GET pods/NAME/log: the container's log as the kubelet serves it; with follow=true, until it ends. */
export function podLog(srv: Stepper, client: ClientContext, ns: string, name: string, q: URLSearchParams, res: http.ServerResponse): void {
  const logs = require('../kubelet/streaming') as typeof import('../kubelet/streaming');
  const { formatEntries } = require('../runtime/logread') as typeof import('../runtime/logread');
  const num = (k: string) => (q.get(k) !== null ? Number(q.get(k)) : undefined);
  const o = {
    follow: q.get('follow') === 'true', previous: q.get('previous') === 'true', timestamps: q.get('timestamps') === 'true',
    tail: num('tailLines'), limitBytes: num('limitBytes'),
    sinceMs: num('sinceSeconds') !== undefined ? num('sinceSeconds')! * 1000 : undefined,
    sinceTime: q.get('sinceTime') ? Date.parse(q.get('sinceTime')!) : undefined,
  };
  let st: import('../kubelet/streaming').LogStream;
  let first: string;
  const state: { remain?: number } = o.limitBytes !== undefined ? { remain: o.limitBytes } : {};
  try {
    first = srv.step(client, 'kubectl', rt => {
      const pod = getPod(rt, ns, name);
      st = { req: { ns, pod: name, uid: pod.metadata.uid!, container: containerOf(pod, q.get('container')), fieldPath: '' }, done: false, prefix: '' };
      return formatEntries(logs.openLog(rt, st, o), o, state);
    });
  } catch (e) { const s = toStatus(e, { group: '', plural: 'pods' }); srv.send(res, s.code, s); return; }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  if (first) res.write(first);
  if (st!.done || (state.remain !== undefined && state.remain <= 0)) { res.end(); return; }
  let closed = false;
  res.on('close', () => { closed = true; });
  const tick = () => {
    if (closed) return;
    try {
      const text = srv.step(client, 'kubectl', rt => formatEntries(logs.moreLog(rt, st), o, state));
      if (text) res.write(text);
    } catch { st.done = true; }
    if (st.done || (state.remain !== undefined && state.remain <= 0)) { res.end(); return; }
    setTimeout(tick, POLL_MS * 2);
  };
  setTimeout(tick, POLL_MS * 2);
}

/** An upgrade request: pods/exec and attach (WebSocket, v5/v4.channel.k8s.io; or SPDY/3.1, to which kubectl
 *  1.33 falls back whenever the WebSocket upgrade is refused), pods/portforward (WebSocket tunnelling SPDY,
 *  or SPDY: src/server/portforward.ts), as the client it authenticates as. */
export function upgrade(srv: Stepper & { authenticate(req: http.IncomingMessage): import('../api/rbac/authorizer').UserInfo | undefined }, req: http.IncomingMessage, socket: Socket, head: Buffer): void {
  const reply = (code: number, reason: string, message: string) => socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code })}`);
  const user = srv.authenticate(req);
  if (!user) { reply(401, 'Unauthorized', 'Unauthorized'); return; }
  const url = new URL(req.url ?? '/', 'http://x');
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/.exec(url.pathname);
  if (!m) { reply(404, 'NotFound', 'the server could not find the requested resource'); return; }
  const [, ns, name, sub] = m as unknown as [string, string, string, string];
  if (sub === 'portforward') {
    const { podPortForward } = require('./portforward') as typeof import('./portforward');
    podPortForward(srv, { user }, decodeURIComponent(ns), decodeURIComponent(name), req, socket, head);
    return;
  }
  if (sub === 'attach') { podAttach(srv, { user }, decodeURIComponent(ns), decodeURIComponent(name), url.searchParams, req, socket, head); return; }
  podExec(srv, { user }, decodeURIComponent(ns), decodeURIComponent(name), url.searchParams, req, socket, head);
}

/** The upgrade refused, as the API server answers: a Status, or (the kubelet's refusal, which the API server
 *  passes on) its plain text, which kubectl prints as `unable to upgrade connection: <text>`. */
function refuse(socket: Socket, e: unknown): void {
  const { ExecStartError } = require('../kubelet/streaming') as typeof import('../kubelet/streaming');
  const prefix = 'unable to upgrade connection: ';
  if (e instanceof CliError && !(e instanceof ExecStartError) && e.message.startsWith(prefix)) {
    const text = e.message.slice(prefix.length);
    socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    return;
  }
  const st = toStatus(e, { group: '', plural: 'pods' });
  const body = JSON.stringify(st);
  socket.end(`HTTP/1.1 ${st.code} ${st.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** One remote-command connection, whichever protocol carries it: stdout (1) and stderr (2) to the client,
 *  the final Status on the error stream, and the client's stdin, its end, and its going away. */
interface Channels {
  send(id: 1 | 2, data: Buffer): void;
  /** the Status on the error stream, then the end of the connection */
  finish(status: object): void;
  onInput?: (b: Buffer) => void;
  onEof?: () => void;
  onGone?: () => void;
}

const WS_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const SPDY_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** Which protocol the request asks for, or the API server's refusal. */
function transportOf(req: http.IncomingMessage): { ws?: string; spdy?: string } {
  if (/^spdy\/3\.1$/i.test(String(req.headers.upgrade ?? ''))) {
    const asked = ([] as string[]).concat(req.headers['x-stream-protocol-version'] ?? []).flatMap(x => x.split(',')).map(x => x.trim());
    const proto = SPDY_PROTOCOLS.find(p => asked.includes(p));
    if (!proto) throw new StatusError(403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(asked)}, server supports ${JSON.stringify(SPDY_PROTOCOLS)}`);
    return { spdy: proto };
  }
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map(x => x.trim());
  const proto = WS_PROTOCOLS.find(p => protocols.includes(p));
  if (!proto) throw new StatusError(400, 'BadRequest', 'unable to upgrade connection: missing a supported subprotocol (v5.channel.k8s.io, v4.channel.k8s.io)');
  return { ws: proto };
}

/** When a finished stream's connection may close: at once, or (stdin still open) once the client has closed
 *  stdin or gone, 2 s at the latest. */
function stdinHeldOpen(stdin: boolean, close: () => void): { finish(): void; eof(): void } {
  let finished = false, open = stdin, closed = false;
  const go = () => { if (!closed) { closed = true; close(); } };
  return {
    finish() { finished = true; if (!open) go(); else setTimeout(go, 2000).unref(); },
    eof() { open = false; if (finished) go(); },
  };
}

/** How long a WebSocket stream's first frames wait for the client to have made its streams (see connect). */
const STREAMS_SETTLE_MS = 50;

/** Upgrade the connection and hand its channels to `run`. `want` names the client streams SPDY waits for. */
function connect(req: http.IncomingMessage, socket: Socket, head: Buffer, t: { ws?: string; spdy?: string }, want: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }, run: (ch: Channels) => void): void {
  if (t.ws) {
    const { WebSocketServer } = require('ws') as typeof import('ws');
    const wss = new WebSocketServer({ noServer: true, handleProtocols: () => t.ws! });
    wss.handleUpgrade(req, socket, head, ws => {
      // client-go reads the connection before it has made its streams (wsStreamCreator starts readDemuxLoop,
      // then creates them): a frame that comes first is discarded, with "Unknown stream id 1, discarding
      // message" on kubectl's stderr (the output lost). A real exec's first bytes come after the runtime started
      // the process, milliseconds later; here the frames wait STREAMS_SETTLE_MS after the upgrade, or until the
      // client sends something (it does once its streams exist), and so does the close that follows them.
      let settled = false, closeWhenSettled = false;
      const held: Buffer[] = [];
      const settle = () => {
        if (settled) return;
        settled = true;
        clearTimeout(wait);
        for (const b of held) if (ws.readyState === ws.OPEN) ws.send(b);
        held.length = 0;
        if (closeWhenSettled) ws.close(1000);
      };
      const wait = setTimeout(settle, STREAMS_SETTLE_MS);
      const frame = (id: number, data: Buffer) => {
        const b = Buffer.concat([Buffer.from([id]), data]);
        if (!settled) held.push(b);
        else if (ws.readyState === ws.OPEN) ws.send(b);
      };
      // (a client still sending stdin when the command ends, such as `kubectl cp` into a container without tar,
      // reads the status before the connection goes: closed under its writer, it logs "write on closed stream 0")
      const closing = stdinHeldOpen(want.stdin, () => { if (settled) ws.close(1000); else closeWhenSettled = true; });
      const ch: Channels = {
        send: (id, data) => frame(id, data),
        finish: status => { frame(3, Buffer.from(JSON.stringify(status))); closing.finish(); },
      };
      ws.on('message', (m: Buffer | ArrayBuffer | Buffer[]) => {
        settle();
        const b = Buffer.isBuffer(m) ? m : Array.isArray(m) ? Buffer.concat(m) : Buffer.from(m);
        if (!b.length) return;
        if (b[0] === 0) ch.onInput?.(b.subarray(1));
        else if (b[0] === 255 && b[1] === 0) { closing.eof(); ch.onEof?.(); } // v5: the client closed stdin
      });
      ws.on('close', () => { clearTimeout(wait); ch.onGone?.(); });
      ws.on('error', () => { clearTimeout(wait); ch.onGone?.(); });
      run(ch);
    });
    return;
  }
  // SPDY/3.1 (the kubelet's remotecommand server): the client opens one stream per channel (header
  // streamtype); the command starts once the streams it asked for are there
  const { SpdyConnection } = require('./spdy') as typeof import('./spdy');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${t.spdy}\r\n\r\n`);
  const streams = new Map<string, import('./spdy').SpdyStream>();
  const expected = ['error', ...(want.stdin ? ['stdin'] : []), ...(want.stdout ? ['stdout'] : []), ...(want.stderr && !want.tty ? ['stderr'] : []), ...(want.tty ? ['resize'] : [])];
  let started = false, gone = false;
  const closing = stdinHeldOpen(want.stdin, () => setTimeout(() => conn.close(), 50));
  const ch: Channels = {
    send: (id, data) => streams.get(id === 1 ? 'stdout' : 'stderr')?.write(data),
    finish: status => {
      const err = streams.get('error');
      err?.write(Buffer.from(JSON.stringify(status)));
      for (const s of streams.values()) s.end();
      closing.finish();
    },
  };
  const conn = new SpdyConnection(b => { if (!socket.destroyed) socket.write(b); }, s => {
    const type = s.header('streamtype') ?? '';
    if (!['error', 'stdin', 'stdout', 'stderr', 'resize'].includes(type) || streams.has(type)) { s.refuse(); return; }
    conn.accept(s);
    streams.set(type, s);
    if (type === 'stdin') { s.onData = b => ch.onInput?.(b); s.onFin = () => { closing.eof(); ch.onEof?.(); }; }
    if (!started && expected.every(x => streams.has(x))) { started = true; run(ch); }
  }, () => { if (!gone) { gone = true; ch.onGone?.(); } socket.end(); });
  socket.on('data', (d: Buffer) => conn.feed(d));
  socket.on('close', () => conn.ended());
  socket.on('error', () => conn.ended());
  if (head.length) conn.feed(head);
}

/** The client's bytes as the container runtime's strings (src/runtime/bytes.ts), a UTF-8 sequence cut
 *  between two messages kept until its end comes. */
class ByteInput {
  private pending: Buffer = Buffer.alloc(0);
  push(b: Buffer): void { this.pending = this.pending.length ? Buffer.concat([this.pending, b]) : Buffer.from(b); }
  get empty(): boolean { return !this.pending.length; }
  take(final: boolean): string {
    const { fromBytes } = require('../runtime/bytes') as typeof import('../runtime/bytes');
    const b = this.pending;
    let cut = b.length;
    if (!final) {
      // a lead byte in the last three whose sequence is not complete yet
      for (let i = b.length - 1; i >= Math.max(0, b.length - 3); i--) {
        const c = b[i]!;
        if ((c & 0xc0) === 0x80) continue;
        const n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (i + n > b.length) cut = i;
        break;
      }
    }
    this.pending = b.subarray(cut);
    return cut ? fromBytes(b.subarray(0, cut)) : '';
  }
}
const bytesOf = (s: string): Buffer => (require('../runtime/bytes') as typeof import('../runtime/bytes')).toBytes(s);

const boolParam = (q: URLSearchParams, k: string) => q.get(k) === 'true' || q.get(k) === '1';

/** pods/attach: the container's main process — what it writes from now on, and its stdin. */
export function podAttach(srv: Stepper, client: ClientContext, ns: string, name: string, q: URLSearchParams, req: http.IncomingMessage, socket: Socket, head: Buffer): void {
  const stdin = boolParam(q, 'stdin'), tty = boolParam(q, 'tty');
  let target!: { uid: string; cid: string; seq: number; stdinOnce: boolean; open: boolean };
  let t: { ws?: string; spdy?: string };
  try {
    t = transportOf(req);
    target = srv.step(client, 'kubectl', rt => {
      const pod = getPod(rt, ns, name);
      const cname = containerOf(pod, q.get('container'));
      const c = [...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].find((x: { name: string }) => x.name === cname) as { stdin?: boolean; stdinOnce?: boolean } | undefined;
      if (!c) throw new StatusError(400, 'BadRequest', `container ${cname} is not valid for pod ${pod.metadata.name}`);
      return { ...attachTarget(rt, ns, name, cname), stdinOnce: !!c.stdinOnce, open: !!c.stdin };
    });
  } catch (e) { refuse(socket, e); return; }
  connect(req, socket, head, t, { stdin, stdout: boolParam(q, 'stdout'), stderr: boolParam(q, 'stderr'), tty }, ch => {
    const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
    const input = new ByteInput();
    let eof = false, done = false;
    ch.onInput = b => { if (stdin) input.push(b); };
    ch.onEof = () => { eof = true; };
    ch.onGone = () => { done = true; };
    const tick = () => {
      if (done) return;
      let got: { out: string; err: string; ended: boolean };
      try {
        got = srv.step(client, 'kubectl', rt => {
          const cri = ContainerRuntime.of(rt);
          const text = input.take(eof);
          if (text && target.open) cri.feedMain(target.uid, target.cid, text);
          if (eof && target.open && target.stdinOnce) cri.feedMain(target.uid, target.cid, null);
          eof = false;
          return readAttached(rt, target, target, tty);
        });
      } catch (e) { done = true; ch.finish(toStatus(e)); return; }
      if (got.out) ch.send(1, bytesOf(got.out));
      if (got.err) ch.send(2, bytesOf(got.err));
      if (got.ended) { done = true; ch.finish({ metadata: {}, status: 'Success' }); return; }
      setTimeout(tick, POLL_MS * 2);
    };
    tick();
  });
}

/** pods/exec: the API server's and kubelet's checks refuse the upgrade; containerd's failure to start the
 *  process comes after it, on the error stream. */
export function podExec(srv: Stepper, client: ClientContext, ns: string, name: string, q: URLSearchParams, req: http.IncomingMessage, socket: Socket, head: Buffer): void {
  const { ExecStartError } = require('../kubelet/streaming') as typeof import('../kubelet/streaming');
  const command = q.getAll('command');
  const stdin = boolParam(q, 'stdin'), tty = boolParam(q, 'tty');
  let target: { uid: string; cid: string; sid: string } | undefined;
  let startError: unknown;
  let t: { ws?: string; spdy?: string };
  try {
    t = transportOf(req);
    if (!command.length) throw new StatusError(400, 'BadRequest', 'you must specify at least 1 command');
    target = srv.step(client, 'kubectl', rt => {
      const { startExec: start } = require('../kubelet/streaming') as typeof import('../kubelet/streaming');
      const pod = getPod(rt, ns, name);
      try {
        return start(rt, pod, containerOf(pod, q.get('container')), command, { stdin, tty });
      } catch (e) {
        if (!(e instanceof ExecStartError)) throw e;
        startError = e;
        return undefined;
      }
    });
  } catch (e) { refuse(socket, e); return; }
  connect(req, socket, head, t, { stdin, stdout: boolParam(q, 'stdout'), stderr: boolParam(q, 'stderr'), tty }, ch => {
    if (!target) { ch.finish({ metadata: {}, status: 'Failure', message: (startError as Error).message, reason: 'InternalError', code: 500 }); return; }
    const tg = target;
    const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
    const input = new ByteInput();
    let eof = false, done = false;
    ch.onInput = b => input.push(b);
    ch.onEof = () => { eof = true; };
    ch.onGone = () => {
      if (done) return;
      done = true;
      try { srv.step(client, 'kubectl', rt => ContainerRuntime.of(rt).hangup(tg.uid, tg.cid, tg.sid)); } catch { /* gone */ }
    };
    const tick = () => {
      if (done) return;
      let got: { out: string; err: string; code?: number };
      try {
        got = srv.step(client, 'kubectl', rt => {
          const cri = ContainerRuntime.of(rt);
          const text = input.take(eof);
          if (text) cri.feed(tg.uid, tg.cid, tg.sid, text);
          if (eof) { cri.feed(tg.uid, tg.cid, tg.sid, null); eof = false; }
          return cri.poll(tg.uid, tg.cid, tg.sid);
        });
      } catch (e) { done = true; ch.finish(toStatus(e)); return; }
      // (what one poll collected: stderr first, as a command's diagnostics usually come before the data it
      // writes, and kubectl cp stops reading once the tar stream on stdout has ended)
      if (got.err) ch.send(tty ? 1 : 2, bytesOf(got.err));
      if (got.out) ch.send(1, bytesOf(got.out));
      if (got.code !== undefined) {
        done = true;
        ch.finish(got.code === 0 ? { metadata: {}, status: 'Success' } : {
          metadata: {}, status: 'Failure',
          message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${got.code}`,
          reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(got.code) }] },
        });
        return;
      }
      setTimeout(tick, POLL_MS);
    };
    tick();
  });
}
