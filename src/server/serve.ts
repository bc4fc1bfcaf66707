// `kctl serve`: the simulated cluster behind the Kubernetes HTTP API. One Node process serves the current
// (or named) cluster over HTTPS with a self-signed CA and a bearer token, writes a kubeconfig for it, keeps
// the cluster clock moving (timers fire when due; watches see changes as they happen) and shares the
// database with kctl commands run meanwhile: every request is one transaction, as every kctl step is.
import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'node:net';
import type { Session } from '../cli/session';
import type { Runtime } from '../sim/runtime';
import { runStep } from '../sim/step';
import type { Store } from '../api/store';
import { CliError, StatusError } from '../api/errors';
import { ClientContext, checkClient } from '../api/rbac/enforce';
import { tokenUser, impersonate } from '../api/rbac/identity';
import type { UserInfo } from '../api/rbac/authorizer';
import { K8S_VERSION } from '../cluster/bootstrap';
import { servingMaterial } from './tls';
import { toStatus, statusBody, Status } from './status';
import { parseRoute, handle, reviews, discoveryRoute, resourceListRoute, Req, Res, WatchTarget, Route } from './api';
import { WatchHub } from './watch';
import { openapiV2, openapiV3 } from './openapi';
import { openapiV2Protobuf, wantsOpenAPIV2Protobuf, OPENAPI_V2_PROTOBUF } from './openapiv2pb';
import { customSchema } from '../api/crd/custom';
import { allResources } from '../api/discovery';

export interface ServeOptions {
  address: string;
  port: number;
  kubeconfigOut?: string;
  http: boolean;
  /** kubectl proxy: every request is this user's (no token asked), under this path prefix, if the filter lets it through. */
  proxy?: { user: UserInfo; prefix: string; accept(req: http.IncomingMessage, path: string): boolean };
}

/** The serve kubeconfig's user: kind's admin.conf user (kubeadm 1.29+ puts it in kubeadm:cluster-admins, bound to cluster-admin). */
const ADMIN: UserInfo = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

export class ApiServer {
  store: Store;
  token = crypto.randomBytes(24).toString('hex');
  server!: http.Server;
  hub: WatchHub;
  private inflight = 0;
  private closing = false;
  private clockTimer?: NodeJS.Timeout;
  private sockets = new Set<Socket>();
  url = '';
  caPem = '';

  constructor(public session: Session, public o: ServeOptions) {
    this.store = session.store;
    this.hub = new WatchHub(this);
  }

  /** One step, as the given client: one transaction (catch up, run, settle, commit). */
  step<T>(client: ClientContext | undefined, fieldManager: string, fn: (rt: Runtime) => T): T {
    const store = this.store;
    store.begin();
    return runStep(store, () => client, fieldManager, fn);
  }

  /** The OpenAPI v2 document; custom resources' definitions come from their CRDs (read in a step, only if there are any). */
  private openapiV2(client: ClientContext, fieldManager: string): unknown {
    if (!allResources().some(r => r.custom)) return openapiV2();
    return this.step(client, fieldManager, rt => openapiV2(ri => customSchema(rt.api, ri)));
  }

  /** An OpenAPI v3 document; custom resources' schemas are read from their CRDs (in a step, only if there are any). */
  private openapiV3(gv: string, client: ClientContext, fieldManager: string): unknown {
    if (!allResources().some(r => r.custom)) return openapiV3(gv);
    return this.step(client, fieldManager, rt => openapiV3(gv, ri => customSchema(rt.api, ri)));
  }

  async start(): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res);
    if (this.o.http) this.server = http.createServer(handler);
    else {
      const ips = ['127.0.0.1', '::1', '10.96.0.1', '172.18.0.2'];
      if (this.o.address !== '0.0.0.0' && this.o.address !== '::' && !ips.includes(this.o.address)) ips.push(this.o.address);
      const m = servingMaterial({ now: new Date(), dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', `${this.session.clusterName}-control-plane`], ips });
      this.caPem = m.caPem;
      this.server = https.createServer({ cert: m.certPem, key: m.keyPem }, handler);
    }
    this.server.on('connection', s => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      // Go's net.Listen words, as kube-apiserver and kubectl proxy report them
      const at = `${this.o.address}:${this.o.port}`;
      // (every error of the listen is caught: a failed lookup may be reported more than once, and a second
      // report with no listener would end the process with Node's words instead)
      let failed = false;
      this.server.on('error', (e: NodeJS.ErrnoException) => failed || (failed = true, reject(new CliError(`failed to listen on ${at}: listen tcp ${at}: ${
        e.code === 'EADDRINUSE' ? 'bind: address already in use'
          : e.code === 'EADDRNOTAVAIL' ? 'bind: cannot assign requested address'
            : e.code === 'EACCES' ? 'bind: permission denied'
              : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? `lookup ${this.o.address}: no such host`
                : e.message}`))));
      this.server.listen(this.o.port, listenHost(this.o.address), () => resolve());
    });
    const addr = this.server.address() as { port: number; address: string };
    const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
    this.url = `${this.o.http ? 'http' : 'https'}://${host === '[::]' || host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
    this.scheduleClock();
  }

  /** The cluster clock's now, read outside a step. */
  clusterNow(): number {
    const frozen = this.store.peekMeta('clock_frozen');
    return frozen ? Number(frozen) : Date.now() + Number(this.store.peekMeta('clock_offset') ?? 0);
  }

  /** Keep the cluster clock moving: catch up whenever a timer falls due. */
  scheduleClock(): void {
    if (this.closing) return;
    if (this.clockTimer) clearTimeout(this.clockTimer);
    let wait = 1000;
    try {
      const t = this.store.earliestTimer();
      if (t) {
        wait = Math.max(5, Math.min(1000, t.due - this.clusterNow()));
      }
    } catch { /* the database is busy: try again soon */ }
    this.clockTimer = setTimeout(() => {
      try {
        const t = this.store.earliestTimer();
        if (t) this.step(undefined, 'kube-controller-manager', () => undefined);
      } catch { /* busy: next time */ }
      this.hub.pump();
      this.scheduleClock();
    }, wait);
    this.clockTimer.unref?.();
  }

  // ---------------------------------------------------------------- authentication
  authenticate(req: http.IncomingMessage): UserInfo | undefined {
    if (this.o.proxy) return this.o.proxy.user;
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(String(auth));
    if (!m) return undefined;
    const token = m[1]!.trim();
    if (crypto.timingSafeEqual(Buffer.from(token.padEnd(64).slice(0, 64)), Buffer.from(this.token.padEnd(64).slice(0, 64))) && token === this.token) return ADMIN;
    // service account tokens (kubectl create token) are accepted too
    try { return this.step(undefined, 'kube-apiserver', rt => tokenUser(rt.api, token)); } catch { return undefined; }
  }

  // ---------------------------------------------------------------- requests
  onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c as Buffer));
    req.on('end', () => {
      this.inflight++;
      try {
        const buf = Buffer.concat(chunks);
        let body: string;
        if (String(req.headers['content-type'] ?? '').startsWith('application/vnd.kubernetes.protobuf') && buf.length) {
          const { protobufToJSON } = require('./protobuf') as typeof import('./protobuf');
          body = protobufToJSON(buf);
          req.headers['content-type'] = 'application/json';
        } else body = buf.toString('utf8');
        this.dispatch(req, res, body);
      }
      catch (e) { this.send(res, toStatus(e).code, toStatus(e)); }
      finally { this.inflight--; this.hub.pump(); }
    });
  }

  send(res: http.ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
    if (res.headersSent) { res.end(); return; }
    const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'X-Kubernetes-Pf-Flowschema-Uid': '', 'Audit-Id': crypto.randomUUID() });
    res.end(text);
  }

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://x');
    let p = url.pathname.replace(/\/+$/, '') || '/';
    if (this.o.proxy) {
      const { prefix, accept } = this.o.proxy;
      const pre = prefix.replace(/\/+$/, '');
      if (pre && p !== pre && !p.startsWith(`${pre}/`)) { this.send(res, 404, '404 page not found\n', 'text/plain; charset=utf-8'); return; }
      p = p.slice(pre.length) || '/';
      if (!accept(req, p)) { this.send(res, 403, 'Forbidden\n', 'text/plain; charset=utf-8'); return; }
    }
    const user0 = this.authenticate(req);
    if (!user0) { this.send(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized')); return; }
    let user = user0;
    const impUser = req.headers['impersonate-user'];
    const impGroups = req.headers['impersonate-group'];
    const impUid = req.headers['impersonate-uid'];
    if (impUser || impGroups || impUid) {
      user = this.step({ user: user0 }, 'kube-apiserver', rt => impersonate(rt.api, user0, {
        user: impUser ? String(impUser) : undefined,
        groups: impGroups ? (Array.isArray(impGroups) ? impGroups : String(impGroups).split(',')).map(s => s.trim()) : [],
        uid: impUid ? String(impUid) : undefined,
      }));
    }
    const r: Req = { method: req.method ?? 'GET', path: p, query: url.searchParams, headers: req.headers, body };
    const fieldManager = url.searchParams.get('fieldManager') ?? userAgentManager(req.headers['user-agent']);
    const client: ClientContext = { user, updateVerb: r.method === 'PUT' ? 'update' : 'patch' };
    // non-resource paths
    switch (p) {
      case '/version': this.send(res, 200, versionInfo()); return;
      case '/healthz': case '/livez': case '/readyz':
        if (url.searchParams.has('verbose')) { this.send(res, 200, healthVerbose(p.slice(1)), 'text/plain; charset=utf-8'); return; }
        this.send(res, 200, 'ok', 'text/plain; charset=utf-8'); return;
      case '/openapi/v2': {
        const doc = this.openapiV2(client, fieldManager);
        if (wantsOpenAPIV2Protobuf(String(req.headers.accept ?? ''))) { this.send(res, 200, openapiV2Protobuf(doc), OPENAPI_V2_PROTOBUF); return; }
        this.send(res, 200, doc); return;
      }
      case '/openapi/v3': this.send(res, 200, this.openapiV3('', client, fieldManager)); return;
    }
    if (p.startsWith('/openapi/v3/')) {
      const doc = this.openapiV3(p.slice('/openapi/v3/'.length), client, fieldManager);
      if (!doc) { this.send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource')); return; }
      this.send(res, 200, doc); return;
    }
    // metrics.k8s.io: metrics-server's API, there while its APIService is (src/server/metrics.ts)
    if (p === '/apis/metrics.k8s.io' || p.startsWith('/apis/metrics.k8s.io/')) {
      try {
        const { metricsServed, metricsRequest } = require('./metrics') as typeof import('./metrics');
        const { metricsGroup, metricsResourceList } = require('./discovery') as typeof import('./discovery');
        const body = this.step(client, fieldManager, rt => {
          if (!metricsServed(rt)) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
          if (p === '/apis/metrics.k8s.io') return metricsGroup();
          if (p === '/apis/metrics.k8s.io/v1beta1') return metricsResourceList();
          if (r.method !== 'GET') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
          return metricsRequest(rt, p, url.searchParams);
        });
        this.send(res, 200, body);
      } catch (e) { const s = toStatus(e); this.send(res, s.code, s); }
      return;
    }
    const d = discoveryRoute(p, String(req.headers.accept ?? ''), () => this.step(client, fieldManager, rt => (require('./metrics') as typeof import('./metrics')).metricsServed(rt)));
    if (d !== undefined) {
      this.send(res, 200, d, /apidiscovery/.test(String(req.headers.accept)) ? 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' : 'application/json');
      return;
    }
    let route: ReturnType<typeof parseRoute>;
    try { route = parseRoute(p); } catch (e) { const s = toStatus(e); this.send(res, s.code, s); return; }
    if (!route) {
      this.step(client, fieldManager, rt => checkClient(rt.api, { verb: r.method.toLowerCase(), path: p }));
      this.send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    if ('list' in route) { this.send(res, 200, resourceListRoute(route.list.group, route.list.version)); return; }
    const rt0 = route as Route;
    let out: Res;
    try {
      out = this.step(client, fieldManager, rt => reviews(rt, r, rt0, user) ?? handle(rt, r, rt0));
    } catch (e) {
      const s = toStatus(e, rt0.ri);
      this.send(res, s.code, s);
      return;
    }
    if ('code' in out) {
      const warnings = (out as { warnings?: string[] }).warnings;
      if (warnings?.length) res.setHeader('Warning', warnings.map(w => `299 - "${w.replace(/"/g, '\\"')}"`));
      this.send(res, out.code, out.body, out.contentType);
      return;
    }
    if ('stream' in out && out.stream === 'watch') { this.hub.add(out.target, res, client); return; }
    if ('stream' in out && out.stream === 'log') { this.streamLog(out.target, res, client); return; }
    this.send(res, 400, statusBody(400, 'BadRequest', 'Upgrade request required'));
  }

  /** pods/log (a snapshot, or following as the clock moves). */
  streamLog(t: { ns: string; name: string; query: URLSearchParams }, res: http.ServerResponse, client: ClientContext): void {
    let logs: typeof import('./logs') | undefined;
    try { logs = require('./logs') as typeof import('./logs'); } catch { logs = undefined; }
    if (!logs) { this.send(res, 400, statusBody(400, 'BadRequest', 'container logs are not available')); return; }
    logs.serveLog(this, t, res, client);
  }

  onUpgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
    let streams: typeof import('./streams') | undefined;
    try { streams = require('./streams') as typeof import('./streams'); } catch { streams = undefined; }
    if (!streams) { socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); return; }
    streams.upgrade(this, req, socket, head);
  }

  async stop(): Promise<void> {
    this.closing = true;
    if (this.clockTimer) clearTimeout(this.clockTimer);
    this.hub.closeAll();
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      // in-flight requests finish (they are synchronous); idle keep-alive connections are closed
      setTimeout(() => { for (const s of this.sockets) s.destroy(); }, 200).unref();
    });
  }
}

/** kube-apiserver's default field manager: the user agent's program name. */
function userAgentManager(ua: string | string[] | undefined): string {
  const s = String(ua ?? '');
  const m = /^([^/\s]+)/.exec(s);
  return m ? m[1]! : 'unknown';
}

export function versionInfo() {
  return {
    major: '1', minor: K8S_VERSION.split('.')[1], emulationMajor: '1', emulationMinor: K8S_VERSION.split('.')[1], minCompatibilityMajor: '1', minCompatibilityMinor: String(Number(K8S_VERSION.split('.')[1]) - 1),
    gitVersion: K8S_VERSION, gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828', gitTreeState: 'clean', buildDate: '2025-05-15T08:19:08Z',
    goVersion: 'go1.24.2', compiler: 'gc', platform: 'linux/amd64',
  };
}
function healthVerbose(kind: string): string {
  const checks = ['ping', 'log', 'etcd', 'poststarthook/start-apiserver-admission-initializer', 'poststarthook/generic-apiserver-start-informers', 'poststarthook/start-apiextensions-informers', 'poststarthook/start-apiextensions-controllers', 'poststarthook/crd-informer-synced', 'poststarthook/rbac/bootstrap-roles', 'poststarthook/scheduling/bootstrap-system-priority-classes'];
  if (kind === 'readyz') checks.splice(3, 0, 'etcd-readiness', 'informer-sync');
  return checks.map(c => `[+]${c} ok\n`).join('') + `${kind} check passed\n`;
}

/** The kubeconfig a served cluster is reached with. */
export function kubeconfigFor(s: ApiServer, cluster: string, namespace?: string): string {
  const name = `kctl-${cluster}`;
  const cfg = {
    apiVersion: 'v1', kind: 'Config', preferences: {},
    clusters: [{ name, cluster: { server: s.url, ...(s.caPem ? { 'certificate-authority-data': Buffer.from(s.caPem).toString('base64') } : {}) } }],
    users: [{ name, user: { token: s.token } }],
    contexts: [{ name, context: { cluster: name, user: name, ...(namespace && namespace !== 'default' ? { namespace } : {}) } }],
    'current-context': name,
  };
  return JSON.stringify(cfg, null, 2) + '\n';
}

/** Entry point of the verb: runs until SIGINT/SIGTERM, then finishes in-flight requests and exits 0. */
/** The verb's cluster (its Session: the kubeconfig's context, the database) served until stopped. */
export function serve(session: Session, o: ServeOptions): void {
  // make sure the cluster is caught up and readable before saying we listen
  session.step(() => undefined);
  const srv = new ApiServer(session, o);
  runUntilStopped(srv, session, () => {
    const { kctlHome } = require('../cluster/home') as typeof import('../cluster/home');
    const file = o.kubeconfigOut ?? path.join(kctlHome(), `serve-${session.clusterName}.kubeconfig`);
    const { goPathError, mkdirAll } = require('../util/gofs') as typeof import('../util/gofs');
    mkdirAll(path.dirname(file), (op, p, e) => new CliError(goPathError(op, p, e)));
    try {
      // written whole, then renamed: a client waiting for the file never reads half of it
      fs.writeFileSync(`${file}.tmp`, kubeconfigFor(srv, session.clusterName, session.namespace), { mode: 0o600 });
      fs.renameSync(`${file}.tmp`, file);
    } catch (e) { throw new CliError(goPathError('open', file, e)); }
    process.stdout.write(`Serving cluster "${session.clusterName}" on ${srv.url}\nKubeconfig written to ${file}\n  kubectl --kubeconfig ${file} get nodes\nPress Ctrl-C to stop.\n`);
  });
}

/** Start listening, say so, and serve until SIGINT/SIGTERM (requests in flight finish; exit 0); a failure to
 *  listen is the verb's error (exit 1). */
/** The host Go's net.Listen takes from an address: brackets stripped (`[::1]`), none meaning every address
 *  (`[]` and `` listen on [::], as kubectl proxy --address=[] does). */
function listenHost(address: string): string {
  const inner = /^\[(.*)\]$/.exec(address)?.[1] ?? address;
  return inner === '' ? '::' : inner;
}
function runUntilStopped(srv: ApiServer, session: Session, listening: () => void): void {
  srv.start().then(() => {
    try { listening(); } catch (e) {
      // e.g. the kubeconfig cannot be written: nothing is served half-announced
      process.stderr.write(`error: ${(e as Error).message}\n`);
      srv.stop().then(() => { session.close(); process.exit(1); });
      return;
    }
    const stop = () => { srv.stop().then(() => { session.close(); process.exit(0); }); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }, e => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    session.close();
    process.exit(1);
  });
}
/** kubectl proxy: the cluster's API on a local plain-HTTP port, as the kubeconfig's user, until stopped. */
export function proxy(session: Session, o: { address: string; port: number; prefix: string; acceptHosts: string; acceptPaths: string; rejectPaths: string; rejectMethods: string; disableFilter: boolean }): void {
  const user = session.step(rt => (rt.api as unknown as { __client?: ClientContext }).__client?.user) ?? ADMIN;
  const re = (list: string) => list.split(',').filter(Boolean).map(x => new RegExp(x));
  const hosts = re(o.acceptHosts), accepts = re(o.acceptPaths), rejects = re(o.rejectPaths), methods = re(o.rejectMethods);
  const accept = (req: http.IncomingMessage, p: string) => {
    if (o.disableFilter) return true;
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
    if (!hosts.some(r => r.test(host))) return false;
    if (methods.some(r => r.test(req.method ?? ''))) return false;
    return accepts.some(r => r.test(p)) && !rejects.some(r => r.test(p));
  };
  const srv = new ApiServer(session, { address: o.address, port: o.port, http: true, proxy: { user, prefix: o.prefix, accept } });
  runUntilStopped(srv, session, () => {
    const addr = srv.server.address() as { port: number; address: string };
    // (as Go prints a listener's address: an IPv6 one in brackets)
    process.stdout.write(`Starting to serve on ${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}\n`);
  });
}
export type { Status, WatchTarget };
