// Streaming subresources of `kctl serve`: pods/log (plain HTTP, chunked while following) and pods/exec over
// WebSocket (the v5/v4.channel.k8s.io protocols kubectl 1.33 speaks first: one byte of stream id, then
// data; stream 3 carries the final Status). The processes are the container runtime's (src/runtime):
// each poll is one step, so the cluster clock and other clients move on while a command runs.
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { ClientContext } from '../api/rbac/enforce';
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { StatusError } from '../api/errors';
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

/** An upgrade request: pods/exec and attach (WebSocket), pods/portforward (WebSocket tunnelling SPDY, or
 *  SPDY: src/server/portforward.ts), as the client it authenticates as. */
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

/** The channel protocol's upgrade, or the request's error as a Status (no upgrade). */
function channel(req: http.IncomingMessage, socket: Socket, head: Buffer, setup: () => void, run: (ws: import('ws').WebSocket, frame: (id: number, data: string | Buffer) => void) => void): void {
  const { WebSocketServer } = require('ws') as typeof import('ws');
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map(x => x.trim());
  const proto = ['v5.channel.k8s.io', 'v4.channel.k8s.io'].find(p => protocols.includes(p));
  const fail = (e: unknown) => {
    const st = toStatus(e, { group: '', plural: 'pods' });
    socket.end(`HTTP/1.1 ${st.code} ${st.reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(st)}`);
  };
  if (!proto) { fail(new StatusError(400, 'BadRequest', 'unable to upgrade connection: missing a supported subprotocol (v5.channel.k8s.io, v4.channel.k8s.io)')); return; }
  try { setup(); } catch (e) { fail(e); return; }
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => proto });
  wss.handleUpgrade(req, socket, head, ws => run(ws, (id, data) => ws.send(Buffer.concat([Buffer.from([id]), Buffer.isBuffer(data) ? data : Buffer.from(data)]))));
}

/** pods/attach over WebSocket: the container's main process — what it writes from now on, and its stdin. */
export function podAttach(srv: Stepper, client: ClientContext, ns: string, name: string, q: URLSearchParams, req: http.IncomingMessage, socket: Socket, head: Buffer): void {
  const stdin = q.get('stdin') === 'true' || q.get('stdin') === '1', tty = q.get('tty') === 'true' || q.get('tty') === '1';
  let target!: { uid: string; cid: string; seq: number; stdinOnce: boolean; open: boolean };
  channel(req, socket, head, () => {
    target = srv.step(client, 'kubectl', rt => {
      const pod = getPod(rt, ns, name);
      const cname = containerOf(pod, q.get('container'));
      const c = [...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].find((x: { name: string }) => x.name === cname) as { stdin?: boolean; stdinOnce?: boolean } | undefined;
      if (!c) throw new StatusError(400, 'BadRequest', `container ${cname} is not valid for pod ${pod.metadata.name}`);
      return { ...attachTarget(rt, ns, name, cname), stdinOnce: !!c.stdinOnce, open: !!c.stdin };
    });
  }, (ws, frame) => {
    const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
    let input = '', eof = false, done = false;
    ws.on('message', (m: Buffer) => {
      const b = Buffer.isBuffer(m) ? m : Buffer.from(m as ArrayBuffer);
      if (b[0] === 0 && stdin) input += b.subarray(1).toString('utf8');
      else if (b[0] === 255 && b[1] === 0) eof = true;
    });
    ws.on('close', () => { done = true; });
    const tick = () => {
      if (done) return;
      let got: { out: string; err: string; ended: boolean };
      try {
        got = srv.step(client, 'kubectl', rt => {
          const cri = ContainerRuntime.of(rt);
          if (input && target.open) { cri.feedMain(target.uid, target.cid, input); }
          input = '';
          if (eof && target.open && target.stdinOnce) cri.feedMain(target.uid, target.cid, null);
          eof = false;
          return readAttached(rt, target, target, tty);
        });
      } catch (e) { frame(3, JSON.stringify(toStatus(e))); ws.close(); done = true; return; }
      if (got.out) frame(1, got.out);
      if (got.err) frame(2, got.err);
      if (got.ended) { done = true; frame(3, JSON.stringify({ metadata: {}, status: 'Success' })); ws.close(1000); return; }
      setTimeout(tick, POLL_MS * 2);
    };
    tick();
  });
}

/** pods/exec over WebSocket. */
export function podExec(srv: Stepper, client: ClientContext, ns: string, name: string, q: URLSearchParams, req: http.IncomingMessage, socket: Socket, head: Buffer): void {
  const { WebSocketServer } = require('ws') as typeof import('ws');
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map(s => s.trim());
  const proto = ['v5.channel.k8s.io', 'v4.channel.k8s.io'].find(p => protocols.includes(p));
  const fail = (e: unknown) => {
    const s = toStatus(e, { group: '', plural: 'pods' });
    socket.end(`HTTP/1.1 ${s.code} ${s.reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(s)}`);
  };
  if (!proto) { fail(new StatusError(400, 'BadRequest', 'unable to upgrade connection: missing a supported subprotocol (v5.channel.k8s.io, v4.channel.k8s.io)')); return; }
  const command = q.getAll('command');
  const stdin = q.get('stdin') === 'true' || q.get('stdin') === '1', tty = q.get('tty') === 'true' || q.get('tty') === '1';
  let target: { uid: string; cid: string; sid: string };
  try {
    if (!command.length) throw new StatusError(400, 'BadRequest', 'you must specify at least 1 command');
    target = srv.step(client, 'kubectl', rt => {
      const { startExec: start } = require('../kubelet/streaming') as typeof import('../kubelet/streaming');
      const pod = getPod(rt, ns, name);
      return start(rt, pod, containerOf(pod, q.get('container')), command, { stdin, tty });
    });
  } catch (e) { fail(e); return; }
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => proto });
  wss.handleUpgrade(req, socket, head, ws => {
    const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
    let input = '';
    let eof = false, done = false;
    const frame = (id: number, data: string | Buffer) => ws.send(Buffer.concat([Buffer.from([id]), Buffer.isBuffer(data) ? data : Buffer.from(data)]));
    ws.on('message', (m: Buffer) => {
      const b = Buffer.isBuffer(m) ? m : Buffer.from(m as ArrayBuffer);
      if (!b.length) return;
      if (b[0] === 0) input += b.subarray(1).toString('utf8');
      else if (b[0] === 255 && b[1] === 0) eof = true; // v5: the client closed stdin
    });
    ws.on('close', () => {
      if (done) return;
      done = true;
      try { srv.step(client, 'kubectl', rt => ContainerRuntime.of(rt).hangup(target.uid, target.cid, target.sid)); } catch { /* gone */ }
    });
    const tick = () => {
      if (done) return;
      let got: { out: string; err: string; code?: number };
      try {
        got = srv.step(client, 'kubectl', rt => {
          const cri = ContainerRuntime.of(rt);
          if (input) { cri.feed(target.uid, target.cid, target.sid, input); input = ''; }
          if (eof) { cri.feed(target.uid, target.cid, target.sid, null); eof = false; }
          return cri.poll(target.uid, target.cid, target.sid);
        });
      } catch (e) { frame(3, JSON.stringify(toStatus(e))); ws.close(); done = true; return; }
      if (got.out) frame(1, got.out);
      if (got.err) frame(tty ? 1 : 2, got.err);
      if (got.code !== undefined) {
        done = true;
        frame(3, JSON.stringify(got.code === 0 ? { metadata: {}, status: 'Success' } : {
          metadata: {}, status: 'Failure',
          message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${got.code}`,
          reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(got.code) }] },
        }));
        ws.close(1000);
        return;
      }
      setTimeout(tick, POLL_MS);
    };
    tick();
  });
}
