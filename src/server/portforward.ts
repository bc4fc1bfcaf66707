// pods/portforward of `kctl serve`: the connection kubectl port-forward opens, and what the kubelet's
// streaming server does on it (pkg/kubelet/cri/streaming/portforward/httpstream.go). kubectl 1.33 asks
// first for a WebSocket with the subprotocol `SPDY/3.1+portforward.k8s.io` and speaks SPDY/3.1 inside its
// binary messages (client-go's tunneling dialer); when that upgrade fails it falls back to a plain HTTP
// upgrade to SPDY/3.1 (X-Stream-Protocol-Version: portforward.k8s.io). Either way, per local connection
// it opens an error stream and a data stream (headers streamtype, port, requestid); once both are there,
// containerd dials the port in the pod and the data stream carries the bytes (src/kubelet/portforward.ts:
// one step per request); a failure is the kubelet's message on the error stream.
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { ClientContext } from '../api/rbac/enforce';
import type { Stepper } from './streams';
import { StatusError } from '../api/errors';
import { byGroupResource } from '../api/discovery';
import { toStatus } from './status';
import { SpdyConnection, SpdyStream, RST } from './spdy';

const PROTOCOL = 'portforward.k8s.io';
const TUNNEL = `SPDY/3.1+${PROTOCOL}`;

/** One pair of streams of one local connection. */
interface Pair { data?: SpdyStream; error?: SpdyStream; started?: boolean }

/** GET (WebSocket) or POST (SPDY upgrade) pods/NAME/portforward. */
export function podPortForward(srv: Stepper, client: ClientContext, ns: string, name: string, req: http.IncomingMessage, socket: Socket, head: Buffer): void {
  const fail = (e: unknown) => {
    const st = toStatus(e, { group: '', plural: 'pods' });
    socket.end(`HTTP/1.1 ${st.code} ${st.reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(st)}`);
  };
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map(x => x.trim());
  const ws = String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
  const spdy = /^spdy\/3\.1$/i.test(String(req.headers.upgrade ?? ''));
  // the API server's checks (the pod, its node) and the kubelet's (a pod that runs)
  let target: { ns: string; name: string; uid: string };
  try {
    if (ws && !protocols.includes(TUNNEL)) throw new StatusError(400, 'BadRequest', `unable to upgrade connection: missing a supported subprotocol (${TUNNEL})`);
    if (!ws && !spdy) throw new StatusError(400, 'BadRequest', 'Upgrade request required');
    target = srv.step(client, 'kubectl', rt => {
      const { checkClient } = require('../api/rbac/enforce') as typeof import('../api/rbac/enforce');
      checkClient(rt.api, { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'portforward', namespace: ns, name });
      const pod = rt.api.tryGet(byGroupResource('', 'pods')!, ns, name);
      if (!pod) throw new StatusError(404, 'NotFound', `pods "${name}" not found`, { name });
      if (!pod.spec?.nodeName) throw new StatusError(400, 'BadRequest', `pod ${name} does not have a host assigned`);
      // the kubelet finds no running sandbox for it (kubectl checks the phase before it asks)
      if (pod.status?.phase !== 'Running') throw new StatusError(500, 'InternalError', `pod not found ("${name}_${ns}")`);
      return { ns, name, uid: pod.metadata.uid! };
    });
  } catch (e) { fail(e); return; }

  const serve = (write: (b: Buffer) => void, end: () => void): SpdyConnection => {
    const pairs = new Map<string, Pair>();
    const live = new Set<import('../kubelet/portforward').Forwarding>();
    const conn = new SpdyConnection(write, s => onStream(s), () => { for (const f of live) f.close(); live.clear(); end(); });
    const onStream = (s: SpdyStream) => {
      // httpStreamReceived: a port and a stream type, or the stream is refused
      const port = s.header('port') ?? '';
      const type = s.header('streamtype') ?? '';
      if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535 || (type !== 'error' && type !== 'data')) { s.refuse(RST.REFUSED_STREAM); return; }
      conn.accept(s);
      const id = s.header('requestid') ?? String(type === 'error' ? s.id : s.id - 2);
      const p = pairs.get(id) ?? {};
      pairs.set(id, p);
      if (p[type as 'data' | 'error']) { s.write(Buffer.from(`error processing stream for request ${id}: ${type} stream already assigned`)); s.end(); return; }
      p[type as 'data' | 'error'] = s;
      if (p.data && p.error && !p.started) { p.started = true; pairs.delete(id); start(p.data, p.error, Number(port)); }
    };
    const start = (data: SpdyStream, error: SpdyStream, port: number) => {
      const { Forwarding } = require('../kubelet/portforward') as typeof import('../kubelet/portforward');
      const done = () => { live.delete(f); data.end(); error.end(); };
      const f: import('../kubelet/portforward').Forwarding = new Forwarding(fn => srv.step(client, 'kubectl', fn), target, port, {
        data: b => data.write(b),
        end: done,
        failed: message => { error.write(Buffer.from(message)); done(); },
        // the pod went away: its sandbox and the kubelet's streaming connection with it
        gone: () => { live.delete(f); conn.close(); },
        broken: e => { error.write(Buffer.from(toStatus(e).message ?? String(e))); done(); },
      });
      live.add(f);
      data.onData = b => f.push(b);
      data.onFin = () => f.finish();
      data.onReset = () => { f.close(); live.delete(f); error.end(); };
      f.open();
    };
    return conn;
  };

  if (ws) {
    const { WebSocketServer } = require('ws') as typeof import('ws');
    // (the subprotocol has a '/' and a '+', which the ws package refuses in a request's token list; it is
    // checked above, so ws sees a placeholder and answers with the real name)
    req.headers['sec-websocket-protocol'] = 'spdy-tunnel';
    const wss = new WebSocketServer({ noServer: true, handleProtocols: () => TUNNEL });
    wss.handleUpgrade(req, socket, head, sock => {
      const conn = serve(b => sock.send(b, { binary: true }), () => { if (sock.readyState === sock.OPEN) sock.close(1000); });
      sock.on('message', (m: Buffer | ArrayBuffer | Buffer[]) => conn.feed(Buffer.isBuffer(m) ? m : Array.isArray(m) ? Buffer.concat(m) : Buffer.from(m)));
      sock.on('close', () => conn.ended());
      sock.on('error', () => conn.ended());
    });
    return;
  }
  // httpstream.Handshake, then the SPDY upgrade on the raw socket
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PROTOCOL}\r\n\r\n`);
  const conn = serve(b => { if (!socket.destroyed) socket.write(b); }, () => socket.end());
  socket.on('data', (d: Buffer) => conn.feed(d));
  socket.on('close', () => conn.ended());
  socket.on('error', () => conn.ended());
  if (head.length) conn.feed(head);
}
