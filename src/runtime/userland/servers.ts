// The programs the catalog's images run as servers, each listening with c.sys.listen and answering through
// serve(): httpd, redis (and redis-cli), the kubia node app, php-apache (registry.k8s.io/hpa-example: CPU
// per request), agnhost (netexec, serve-hostname, liveness, pause…), liveness, http-echo, echoserver,
// hello-app, node-hello, serve_hostname, goproxy, python's http.server, stress (memory and CPU), perl's
// bpi, and a kind cluster's own components (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler, kube-proxy, kindnetd, CoreDNS, local-path-provisioner, pause) with their start-up lines.
// nginx lives in nginx.ts; nc -l's answering in netcmds.ts.
import type { CmdCtx, CmdResult, Incoming, Outgoing, DnsQuestion } from '../types';
import { register, onSignal, memoryOf, serve, variant } from './index';
import { strftime } from './core';
import { parseRequest, formatResponse, httpDate, clfDate, header, byteLength, parseResponse, HttpRequest, HttpResponse } from '../net/http';
import { ncServe } from './netcmds';
import './nginx';

const MiB = 1024 * 1024;
type Handler = (c: CmdCtx, req: HttpRequest, inc: Incoming) => HttpResponse & { cpuMs?: number; exit?: number; until?: number };

/** An HTTP/1.x server over a handler: bad requests get 400, the connection closes when asked. */
function http(handler: Handler, o: { tls?: boolean; cpuMs?: number } = {}): (c: CmdCtx, inc: Incoming) => Outgoing {
  return (c, inc) => {
    if (typeof inc.data !== 'string') return { data: '', close: true };
    if (inc.tls && !o.tls) return { data: '', close: true };
    if (!inc.tls && o.tls) {
      const body = 'Client sent an HTTP request to an HTTPS server.\n';
      return { data: `HTTP/1.0 400 Bad Request\r\n\r\n${body}`, close: true };
    }
    const req = parseRequest(inc.data);
    if (!req || req === 'bad') return { data: 'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request', close: true, ...(o.tls ? { tls: true, cert: 'cluster' as const } : {}) };
    const res = handler(c, req, inc);
    const close = req.version === 'HTTP/1.0' || /close/i.test(header(req.headers, 'connection') ?? '');
    const until = (res as { until?: number }).until;
    return { data: formatResponse(res, req.method === 'HEAD'), close, cpuMs: res.cpuMs ?? o.cpuMs ?? 0.1, ...(until !== undefined ? { until } : {}), ...(res.exit !== undefined ? { exit: res.exit } : {}), ...(o.tls ? { tls: true, cert: 'cluster' as const } : {}) };
  };
}

/** Go's net/http: Date, Content-Length, Content-Type: text/plain; charset=utf-8. */
function goText(c: CmdCtx, status: number, body: string, type = 'text/plain; charset=utf-8'): HttpResponse {
  if (status === 404) return { status, headers: [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], ['Date', httpDate(c.now())], ['Content-Length', String(byteLength(body))]], body };
  return { status, headers: [['Date', httpDate(c.now())], ['Content-Length', String(byteLength(body))], ['Content-Type', type]], body };
}
const go404 = (c: CmdCtx) => goText(c, 404, '404 page not found\n');
/** Go's log package: "2026/12/06 22:30:04 msg". */
const goLog = (c: CmdCtx, msg: string, fd: 1 | 2 = 2) => c.write(`${strftime('%Y/%m/%d %H:%M:%S', c.now())} ${msg}\n`, fd);
/** klog: "I1206 22:30:04.123456       1 file.go:123] msg". */
function klog(c: CmdCtx, lines: [string, string][], level = 'I'): void {
  const t = c.now();
  lines.forEach(([src, msg], i) => {
    const us = String(((t % 1000) * 1000 + 123 + i * 1871) % 1000000).padStart(6, '0');
    c.write(`${level}${strftime('%m%d %H:%M:%S', t)}.${us}       ${c.proc.pid} ${src}] ${msg}\n`, 2);
  });
}
const hostname = (c: CmdCtx) => c.pod.hostname;
const flag = (args: string[], name: string): string | undefined => {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `-${name}` || a === `--${name}`) return args[i + 1];
    if (a.startsWith(`-${name}=`)) return a.slice(name.length + 2);
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
};

/** A server program: start-up (listen, log) once, then wait for connections. */
export function program(start: (c: CmdCtx) => number | undefined): (c: CmdCtx) => CmdResult {
  return c => {
    if (c.st.up) return { block: { forever: true } };
    const r = start(c);
    if (r !== undefined) return r;
    c.st.up = 1;
    return { block: { forever: true } };
  };
}
function listenOr(c: CmdCtx, port: number, fail: string, proto = 'TCP'): boolean {
  if (c.sys.listen(port, proto) === 'ok') return true;
  c.err(fail);
  return false;
}
const stopsOnTerm = (name: string) => onSignal(name, sig => (sig === 15 || sig === 2 || sig === 3 ? 0 : sig === 1 || sig === 28 ? 'ignore' : undefined));

// ---------------------------------------------------------------------------------------------- httpd
const APACHE_404 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
const APACHE_403 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>\n</body></html>\n';
const apacheTime = (ms: number) => `${strftime('%a %b %d %H:%M:%S', ms)}.${String((ms % 1000) * 1000 + 321).padStart(6, '0')} ${new Date(ms).getUTCFullYear()}`;

function apacheStart(c: CmdCtx, server: string, mpm: string, cmd: string, tid: boolean): number | undefined {
  const ip = c.net.addr() || '127.0.0.1';
  if (!listenOr(c, 80, `(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80\n(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:80\nno listening sockets available, shutting down\nAH00015: Unable to open logs`)) return 1;
  const name = cmd.startsWith('apache2') ? 'apache2' : 'httpd';
  c.err(`AH00558: ${name}: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`);
  c.err(`AH00558: ${name}: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`);
  const t = apacheTime(c.now());
  const pid = tid ? `[pid ${c.proc.pid}:tid ${c.proc.pid}]` : `[pid ${c.proc.pid}]`;
  c.err(`[${t}] [${mpm}:notice] ${pid} AH00489: ${server} configured -- resuming normal operations`);
  c.err(`[${t}] [core:notice] ${pid} AH00094: Command line: '${cmd}'`);
  return undefined;
}
function staticFile(c: CmdCtx, root: string, path: string): { body: string; mtime: number } | 'dir' | undefined {
  const p = `${root}${decodeURIComponent(path)}`;
  try {
    const st = c.fs.stat(p);
    if (!st) return undefined;
    if (st.k === 'd') return 'dir';
    return { body: c.fs.readFile(p), mtime: st.mtime };
  } catch { return undefined; }
}
const httpdHandler: Handler = (c, req, inc) => {
  const root = '/usr/local/apache2/htdocs';
  let path = req.path;
  let f = staticFile(c, root, path);
  if (f === 'dir') {
    if (!path.endsWith('/')) {
      const host = header(req.headers, 'host') ?? inc.to;
      const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>301 Moved Permanently</title>\n</head><body>\n<h1>Moved Permanently</h1>\n<p>The document has moved <a href="http://${host}${path}/">here</a>.</p>\n</body></html>\n`;
      return log(c, req, inc, { status: 301, headers: [['Date', httpDate(c.now())], ['Server', 'Apache/2.4.62 (Unix)'], ['Location', `http://${host}${path}/`], ['Content-Length', String(byteLength(body))], ['Content-Type', 'text/html; charset=iso-8859-1']], body });
    }
    path += 'index.html';
    f = staticFile(c, root, path);
    if (!f || f === 'dir') return log(c, req, inc, { status: 403, headers: [['Date', httpDate(c.now())], ['Server', 'Apache/2.4.62 (Unix)'], ['Content-Length', String(byteLength(APACHE_403))], ['Content-Type', 'text/html; charset=iso-8859-1']], body: APACHE_403 });
  }
  if (!f) return log(c, req, inc, { status: 404, headers: [['Date', httpDate(c.now())], ['Server', 'Apache/2.4.62 (Unix)'], ['Content-Length', String(byteLength(APACHE_404))], ['Content-Type', 'text/html; charset=iso-8859-1']], body: APACHE_404 });
  const size = byteLength(f.body);
  const type = /\.html?$/.test(path) ? 'text/html' : /\.txt$/.test(path) ? 'text/plain' : /\.css$/.test(path) ? 'text/css' : /\.js$/.test(path) ? 'text/javascript' : /\.json$/.test(path) ? 'application/json' : 'text/plain';
  return log(c, req, inc, { status: 200, headers: [['Date', httpDate(c.now())], ['Server', 'Apache/2.4.62 (Unix)'], ['Last-Modified', httpDate(f.mtime)], ['ETag', `"${size.toString(16)}-${(f.mtime * 1000).toString(16)}"`], ['Accept-Ranges', 'bytes'], ['Content-Length', String(size)], ['Content-Type', type]], body: f.body });
};
function log(c: CmdCtx, req: HttpRequest, inc: Incoming, res: HttpResponse, combined = false): HttpResponse {
  const bytes = req.method === 'HEAD' || !res.body ? '-' : String(byteLength(res.body));
  let line = `${inc.from} - - [${clfDate(c.now())}] "${req.method} ${req.target} ${req.version}" ${res.status} ${bytes}`;
  if (combined) line += ` "${header(req.headers, 'referer') ?? '-'}" "${header(req.headers, 'user-agent') ?? '-'}"`;
  c.write(line + '\n', 1);
  return res;
}
const httpd = program(c => {
  const args = c.argv.slice(1);
  if (args.includes('-v')) { c.write('Server version: Apache/2.4.62 (Unix)\nServer built:   Oct 29 2024 00:15:41\n'); return 0; }
  return apacheStart(c, 'Apache/2.4.62 (Unix)', 'mpm_event', 'httpd -D FOREGROUND', true);
});
serve('httpd', http(httpdHandler, { cpuMs: 0.3 }));
serve('httpd-foreground', http(httpdHandler, { cpuMs: 0.3 }));
const httpdSignal = (sig: number, c: CmdCtx): number | 'ignore' | undefined => {
  if (sig !== 28 && sig !== 15 && sig !== 2) return sig === 1 ? 'ignore' : undefined;
  const t = apacheTime(c.now());
  c.err(`[${t}] [mpm_event:notice] [pid ${c.proc.pid}:tid ${c.proc.pid}] AH00492: caught SIGWINCH, shutting down gracefully`);
  return 0;
};
onSignal('httpd', httpdSignal);
onSignal('httpd-foreground', httpdSignal);
memoryOf('httpd', 4 * MiB);
memoryOf('httpd-foreground', 4 * MiB);

// php-apache (registry.k8s.io/hpa-example): index.php runs a million square roots per request
const phpApache = program(c => apacheStart(c, 'Apache/2.4.10 (Debian) PHP/5.6.14', 'mpm_prefork', 'apache2 -D FOREGROUND', false));
serve('apache2-foreground', http((c, req, inc) => {
  if (req.path === '/' || req.path === '/index.php') {
    const res: HttpResponse & { cpuMs?: number } = { status: 200, headers: [['Date', httpDate(c.now())], ['Server', 'Apache/2.4.10 (Debian)'], ['X-Powered-By', 'PHP/5.6.14'], ['Vary', 'Accept-Encoding'], ['Content-Length', '3'], ['Content-Type', 'text/html; charset=UTF-8']], body: 'OK!', cpuMs: 6 };
    log(c, req, inc, res, true);
    return res;
  }
  return log(c, req, inc, { status: 404, headers: [['Date', httpDate(c.now())], ['Server', 'Apache/2.4.10 (Debian)'], ['Content-Length', String(byteLength(APACHE_404))], ['Content-Type', 'text/html; charset=iso-8859-1']], body: APACHE_404.replace('on this server.', `on this server.</p>\n<hr>\n<address>Apache/2.4.10 (Debian) Server at ${inc.to} Port 80</address>\n<p>`) }, true);
}));
onSignal('apache2-foreground', (sig, c) => {
  if (sig !== 28 && sig !== 15 && sig !== 2) return sig === 1 ? 'ignore' : undefined;
  c.err(`[${apacheTime(c.now())}] [mpm_prefork:notice] [pid ${c.proc.pid}] AH00169: caught SIGTERM, shutting down`);
  return 0;
});
memoryOf('apache2-foreground', 11 * MiB);

// ---------------------------------------------------------------------------------------------- node apps
/** node: the kubia app (node app.js) and node-hello (node server.js); anything else is the REPL's version. */
const node = program(c => {
  const app = variant(c) ?? '';
  const args = c.argv.slice(1);
  if (args[0] === '-v' || args[0] === '--version') { c.write(app.startsWith('kubia') ? 'v7.10.1\n' : 'v8.17.0\n'); return 0; }
  if (app.startsWith('kubia')) {
    if (!listenOr(c, 8080, 'events.js:163\n      throw er; // Unhandled \'error\' event\n      ^\n\nError: listen EADDRINUSE :::8080')) return 1;
    c.write('Kubia server starting...\n');
    c.st.app = app;
    c.st.n = 0;
    return undefined;
  }
  if (app === 'node-hello') { if (!listenOr(c, 8080, 'Error: listen EADDRINUSE :::8080')) return 1; c.st.app = app; return undefined; }
  c.err('node: simulated images run only their own app');
  return 1;
});
function nodeRes(c: CmdCtx, req: HttpRequest, status: number, body: string): HttpResponse {
  const chunked = body ? `${byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : '0\r\n\r\n';
  const keep = req.version === 'HTTP/1.1' && !/close/i.test(header(req.headers, 'connection') ?? '');
  return { status, headers: [['Date', httpDate(c.now())], ['Connection', keep ? 'keep-alive' : 'close'], ['Transfer-Encoding', 'chunked']], body: chunked };
}
serve('node', http((c, req, inc) => {
  const app = c.st.app as string;
  if (app === 'node-hello') { c.write(`Received request for URL: ${req.target}\n`); return { ...nodeRes(c, req, 200, 'Hello Kubernetes!'), cpuMs: 0.4 }; }
  const from = inc.from.includes(':') ? inc.from : `::ffff:${inc.from}`;
  c.write(`Received request from ${from}\n`);
  c.st.n = ((c.st.n as number) ?? 0) + 1;
  const h = hostname(c);
  if (app === 'kubia-v3' && (c.st.n as number) > 5) return { ...nodeRes(c, req, 500, `Some internal error has occurred! This is pod ${h}\n`), cpuMs: 0.5 };
  if (app === 'kubia-v3') return { ...nodeRes(c, req, 200, `This is v3 running in pod ${h}\n`), cpuMs: 0.5, until: c.now() };
  if (app === 'kubia-v2') return { ...nodeRes(c, req, 200, `This is v2 running in pod ${h}\n`), cpuMs: 0.5 };
  if (app === 'kubia-v3') return { ...nodeRes(c, req, 200, `This is v3 running in pod ${h}\n`), cpuMs: 0.5 };
  return { ...nodeRes(c, req, 200, `You've hit ${h}\n`), cpuMs: 0.5 };
}));
memoryOf('node', 9 * MiB);

// ---------------------------------------------------------------------------------------------- Go servers
/** hashicorp/http-echo -text=… -listen=:5678 */
const httpEcho = program(c => {
  const args = c.argv.slice(1);
  if (args.includes('-version') || args.includes('--version')) { c.write('1.0.0\n'); return 0; }
  const text = flag(args, 'text');
  if (text === undefined) { c.err('Missing -text option!'); return 127; }
  const listen = flag(args, 'listen') ?? ':5678';
  const port = Number(/(\d+)$/.exec(listen)?.[1] ?? 5678);
  c.st.text = text;
  if (!listenOr(c, port, `${strftime('%Y/%m/%d %H:%M:%S', c.now())} [ERR] Error starting server: listen tcp ${listen}: bind: address already in use`)) return 1;
  goLog(c, `[INFO] server is listening on ${listen}`);
  return undefined;
});
serve('http-echo', http((c, req, inc) => {
  const body = req.path === '/health' ? '{"status":"ok"}\n' : `${c.st.text}\n`;
  const res = req.path === '/health' ? goText(c, 200, body, 'application/json') : { status: 200, headers: [['X-App-Name', 'http-echo'], ['X-App-Version', '1.0.0'], ['Date', httpDate(c.now())], ['Content-Length', String(byteLength(body))], ['Content-Type', 'text/plain; charset=utf-8']] as [string, string][], body };
  goLog(c, `${header(req.headers, 'host') ?? ''} ${inc.from}:${40000 + (c.st.n = ((c.st.n ?? 0) as number) + 1)} "${req.method} ${req.target} ${req.version}" ${res.status} ${byteLength(body)} "${header(req.headers, 'user-agent') ?? ''}" 21.3µs`);
  return res;
}));

/** gcr.io/google-samples/hello-app:1.0/2.0 */
const helloApp = program(c => {
  if (!listenOr(c, 8080, 'listen tcp :8080: bind: address already in use')) return 1;
  goLog(c, 'Server listening on port 8080');
  return undefined;
});
serve('hello-app', http((c, req) => {
  goLog(c, `Serving request: ${req.path}`);
  const v = variant(c) ?? '1.0.0';
  return goText(c, 200, `Hello, world!\nVersion: ${v}\nHostname: ${hostname(c)}\n`);
}));

/** registry.k8s.io/serve_hostname and agnhost serve-hostname: the hostname, on 9376 */
function serveHostnameStart(c: CmdCtx, args: string[]): number | undefined {
  const port = Number(flag(args, 'port') ?? 9376);
  const udp = args.includes('--udp') || args.includes('-udp');
  const tcp = args.includes('--tcp') || args.includes('-tcp');
  const httpOn = !(args.includes('--http=false') || args.includes('-http=false'));
  c.st.mode = { udp, tcp, http: httpOn };
  if (udp) c.sys.listen(port, 'UDP');
  if (!listenOr(c, port, `listen tcp :${port}: bind: address already in use`)) return 1;
  goLog(c, `Serving on port ${port}.`);
  return undefined;
}
function serveHostnameServe(c: CmdCtx, inc: Incoming): Outgoing {
  const mode = c.st.mode as { http: boolean };
  if (inc.proto === 'udp' || !mode.http) return { data: hostname(c), close: true };
  return http(cc => goText(cc, 200, hostname(cc)))(c, inc);
}

/** The liveness server (registry.k8s.io/liveness /server, agnhost liveness): /healthz is 200 for 10 s, then 500. */
function livenessServe(c: CmdCtx, inc: Incoming): Outgoing {
  return http((cc, req) => {
    const secs = (cc.now() - (cc.st.t0 as number)) / 1000;
    // healthy for the first 10 s: the answer holds until then, and the 500's text changes every time
    if (req.path === '/healthz') {
      if (secs > 10) return { ...goText(cc, 500, `error: ${secs}`), until: cc.now() };
      return { ...goText(cc, 200, 'ok'), until: (cc.st.t0 as number) + 10_001 };
    }
    if (req.path === '/started') return { ...goText(cc, 200, `${secs}`), until: cc.now() };
    return go404(cc);
  })(c, inc);
}
const liveness = program(c => {
  if (!listenOr(c, 8080, 'listen tcp :8080: bind: address already in use')) return 1;
  c.st.t0 = c.proc.t0;
  return undefined;
});

/** agnhost SUBCOMMAND [flags] */
function agnhost(c: CmdCtx): CmdResult {
  if (c.st.up) return { block: { forever: true } };
  const args = c.argv.slice(1);
  const sub = args[0];
  const rest = args.slice(1);
  c.st.sub = sub;
  switch (sub) {
    case 'netexec': {
      const hp = Number(flag(rest, 'http-port') ?? 8080);
      const up = Number(flag(rest, 'udp-port') ?? 8081);
      if (!listenOr(c, hp, `listen tcp :${hp}: bind: address already in use`)) return 1;
      klog(c, [['log.go:245', `Started HTTP server on port ${hp}`]]);
      if (up > 0) { c.sys.listen(up, 'UDP'); klog(c, [['log.go:245', `Started UDP server on port ${up}`]]); }
      c.st.ports = { http: hp, udp: up };
      break;
    }
    case 'serve-hostname': { const r = serveHostnameStart(c, rest); if (r !== undefined) return r; break; }
    case 'liveness': { if (!listenOr(c, 8080, 'listen tcp :8080: bind: address already in use')) return 1; c.st.t0 = c.proc.t0; break; }
    case 'pause': c.write('Paused\n'); break;
    case 'test-webserver': { const p = Number(flag(rest, 'port') ?? 80); if (!listenOr(c, p, `listen tcp :${p}: bind: address already in use`)) return 1; break; }
    case 'porter': {
      for (const [k, v] of Object.entries(c.env)) { const m = /^SERVE_PORT_(\d+)$/.exec(k); if (m) { c.sys.listen(Number(m[1])); c.st.porter = { ...(c.st.porter ?? {}), [m[1]!]: v }; } }
      break;
    }
    case 'dns-suffix': c.write(`${c.net.resolvConf().search[0]?.replace(/^[^.]*\.svc\./, '') ?? 'cluster.local'}\n`); return 0;
    case 'dns-server-list': c.write(`${c.net.resolvConf().nameservers.join(',')}\n`); return 0;
    case 'mounttest': case 'entrypoint-tester': case 'fake-gitserver': case 'nettest': case 'webhook': case 'crd-conversion-webhook': case 'grpc-health-checking': {
      if (sub === 'grpc-health-checking') { c.sys.listen(Number(flag(rest, 'port') ?? 5000)); c.sys.listen(Number(flag(rest, 'http-port') ?? 8080)); }
      break;
    }
    case undefined: case '--help': case 'help':
      c.write('Usage:\n  app [command]\n\nAvailable Commands:\n  audit-proxy   Listens on port 8080 for incoming audit events.\n  connect       Attempts a TCP connection and returns useful errors\n  dns-server-list Prints the DNS servers list\n  dns-suffix    Prints the DNS suffix list\n  help          Help about any command\n  liveness      Starts a server that serves /healthz; it fails after 10 seconds\n  netexec       Creates HTTP(S), UDP, and (optionally) SCTP servers with various endpoints\n  pause         Pauses the execution\n  porter        Serves requested data on ports specified in ENV variables\n  serve-hostname Serves the hostname\n  test-webserver Creates a test webserver\n\nFlags:\n  -h, --help   help for app\n\nUse "app [command] --help" for more information about a command.\n');
      return 0;
    case 'connect': {
      const target = rest.find(a => !a.startsWith('-')) ?? '';
      const [h, p] = target.split(':');
      const r = c.net.lookup(h ?? '', { family: 4 });
      if ('error' in r) { c.err(`DNS: lookup ${h} on ${c.net.resolvConf().nameservers[0] ?? '127.0.0.1'}:53: no such host`); return 2; }
      const res = c.net.connect(r.addrs[0]!, Number(p), { timeoutMs: 5000 });
      if ('error' in res) { c.err(res.error === 'refused' ? 'REFUSED' : 'TIMEOUT'); return 1; }
      return 0;
    }
    default:
      c.err(`Error: unknown command "${sub}" for "app"\nRun 'app --help' for usage.`);
      return 1;
  }
  c.st.up = 1;
  return { block: { forever: true } };
}
function agnhostServe(c: CmdCtx, inc: Incoming): Outgoing {
  const sub = c.st.sub as string;
  if (sub === 'serve-hostname') return serveHostnameServe(c, inc);
  if (sub === 'liveness') return livenessServe(c, inc);
  if (sub === 'test-webserver') return http(cc => goText(cc, 200, 'Hello World!'))(c, inc);
  if (sub === 'porter') { const v = (c.st.porter ?? {})[String(inc.port)] ?? ''; return http(cc => goText(cc, 200, v))(c, inc); }
  if (sub === 'grpc-health-checking') {
    if (typeof inc.data === 'string' && inc.data.startsWith('GRPC ')) return { data: 'GRPC-STATUS SERVING', close: true };
    return http(cc => goText(cc, 200, 'ok'))(c, inc);
  }
  if (sub !== 'netexec') return { data: '', hang: true };
  if (inc.proto === 'udp') {
    const msg = String(inc.data).trim();
    const [cmd, arg] = msg.split(/\s+/, 2);
    const out = cmd === 'hostname' ? hostname(c) : cmd === 'echo' ? (arg ?? '') : cmd === 'clientip' ? `${inc.from}:${40000}` : '';
    return { data: out, close: true };
  }
  return http((cc, req) => {
    const q = new URLSearchParams(req.query);
    switch (req.path) {
      case '/': return { ...goText(cc, 200, `NOW: ${new Date(cc.now()).toISOString().replace('T', ' ').replace('Z', '000000 +0000 UTC')}`), until: cc.now() };
      case '/hostname': return goText(cc, 200, hostname(cc));
      case '/echo': return goText(cc, 200, q.get('msg') ?? '');
      case '/clientip': return goText(cc, 200, `${inc.from}:${40000 + Math.floor(cc.random() * 20000)}`);
      case '/healthz': return goText(cc, 200, '');
      case '/header': return goText(cc, 200, header(req.headers, q.get('key') ?? '') ?? '');
      case '/exit': { const code = Number(q.get('code') ?? 0); return { ...goText(cc, 200, ''), exit: code }; }
      case '/redirect': return { status: 302, headers: [['Location', q.get('location') ?? '/'], ['Date', httpDate(cc.now())], ['Content-Length', '0']], body: '' };
      case '/shell': return goText(cc, 417, JSON.stringify({ error: 'kctl: /shell is not simulated' }), 'application/json');
      case '/dial': {
        const host = q.get('host') ?? '', port = Number(q.get('port') ?? 0), what = q.get('request') ?? 'hostname', tries = Math.max(1, Number(q.get('tries') ?? 1));
        const proto = (q.get('protocol') ?? 'http').toLowerCase();
        const responses: string[] = [], errors: string[] = [];
        for (let i = 0; i < tries; i++) {
          const r = cc.net.lookup(host, { family: 4 });
          if ('error' in r) { errors.push(`error trying to resolve ${host}`); continue; }
          if (proto === 'udp') {
            const rep = cc.net.exchange(r.addrs[0]!, port, what, { proto: 'udp', timeoutMs: 5000 });
            if ('error' in rep) errors.push(`reading from udp connection failed. err:'read udp ${inc.to}:${40000}->${r.addrs[0]}:${port}: i/o timeout'`); else responses.push(rep.data);
            continue;
          }
          const rep = cc.net.exchange(r.addrs[0]!, port, `GET /${what} HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n`, { timeoutMs: 5000 });
          if ('error' in rep) { errors.push(`encountered error sending request to ${host}:${port}: Get "http://${host}:${port}/${what}": dial tcp ${r.addrs[0]}:${port}: connect: ${rep.error === 'refused' ? 'connection refused' : 'i/o timeout'}`); continue; }
          const res = parseResponse(rep.data);
          responses.push(res?.body ?? '');
        }
        return goText(cc, 200, JSON.stringify(errors.length ? { errors, responses } : { responses }) + '\n', 'application/json');
      }
      default: return go404(cc);
    }
  })(c, inc);
}
memoryOf('agnhost', 7 * MiB);

/** registry.k8s.io/goproxy: an HTTP proxy on 8080 (the docs' tcpSocket probe example). */
const goproxy = program(c => (listenOr(c, 8080, 'listen tcp :8080: bind: address already in use') ? undefined : 1));
serve('goproxy', http(c => goText(c, 500, 'This is a proxy server. Does not respond to non-proxy requests.\n')));

/** registry.k8s.io/echoserver: the request echoed back (1.4's and 1.10's layouts). */
const echoserver = program(c => (listenOr(c, 8080, 'nginx: [emerg] bind() to 0.0.0.0:8080 failed (98: Address already in use)') ? undefined : 1));
serve('echoserver', http((c, req, inc) => {
  const host = header(req.headers, 'host') ?? `${inc.to}:${inc.port}`;
  const hdrs = [...req.headers].map(([k, v]) => [k.toLowerCase(), v] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let body: string;
  if ((variant(c) ?? '1.4') === '1.4') {
    body = `CLIENT VALUES:\nclient_address=${inc.from}\ncommand=${req.method}\nreal path=${req.path}\nquery=${req.query || 'nil'}\nrequest_version=${req.version.replace('HTTP/', '')}\nrequest_uri=http://${host}${req.target}\n\nSERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\n${hdrs.map(([k, v]) => `${k}=${v}`).join('\n')}\nBODY:\n${req.body || '-no body in request-'}`;
  } else {
    body = `\n\nHostname: ${hostname(c)}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address=${inc.from}\n\tmethod=${req.method}\n\treal path=${req.path}\n\tquery=${req.query}\n\trequest_version=${req.version.replace('HTTP/', '')}\n\trequest_scheme=http\n\trequest_uri=http://${host}${req.target}\n\nRequest Headers:\n${hdrs.map(([k, v]) => `\t${k}=${v}`).join('\n')}  \n\nRequest Body:\n\t${req.body || '-no body in request-'}\n\n`;
  }
  c.write(`${inc.from} - - [${clfDate(c.now())}] "${req.method} ${req.target} ${req.version}" 200 ${byteLength(body)} "-" "${header(req.headers, 'user-agent') ?? '-'}"\n`);
  return { status: 200, headers: [['Server', (variant(c) ?? '1.4') === '1.4' ? 'nginx/1.10.0' : 'echoserver'], ['Date', httpDate(c.now())], ['Content-Type', 'text/plain'], ['Transfer-Encoding', 'chunked'], ['Connection', 'keep-alive']], body: `${byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` };
}));

// ---------------------------------------------------------------------------------------------- redis
const REDIS_VERSION = '7.4.1';
const redisTime = (c: CmdCtx) => { const t = c.now(); return `${strftime('%d %b %Y %H:%M:%S', t)}.${String(t % 1000).padStart(3, '0')}`; };
const redisServer = program(c => {
  const args = c.argv.slice(1);
  if (args.includes('--version') || args.includes('-v')) { c.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=1b43bd6aae7e5bd4\n`); return 0; }
  const port = Number(flag(args, 'port') ?? 6379);
  const pid = c.proc.pid;
  const t = redisTime(c);
  c.write(`${pid}:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n${pid}:C ${t} * Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${pid}, just started\n${pid}:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf\n${pid}:M ${t} * monotonic clock: POSIX clock_gettime\n`);
  if (c.sys.listen(port) !== 'ok') { c.write(`${pid}:M ${t} # Warning: Could not create server TCP listening socket *:${port}: bind: Address already in use\n${pid}:M ${t} # Failed listening on port ${port} (tcp), aborting.\n`); return 1; }
  const ri = args.findIndex(a => a === '--replicaof' || a === '--slaveof');
  const master = ri >= 0 ? (args[ri + 1]!.includes(' ') ? args[ri + 1]!.split(' ') : [args[ri + 1]!, args[ri + 2] ?? '6379']) : undefined;
  c.write(`${pid}:M ${t} * Running mode=standalone, port=${port}.\n${pid}:M ${t} * Server initialized\n${pid}:M ${t} * Ready to accept connections tcp\n`);
  if (master) {
    // a replica: reads are answered from its master's data, writes refused (replica-read-only yes)
    c.st.master = master;
    const r = c.net.lookup(master[0]!, { family: 4 });
    const ip = 'error' in r ? undefined : r.addrs[0];
    const ok = ip && !('error' in c.net.connect(ip, Number(master[1])));
    c.write(`${pid}:S ${t} * Connecting to MASTER ${master[0]}:${master[1]}\n${pid}:S ${t} * MASTER <-> REPLICA sync started\n`);
    if (ok) c.write(`${pid}:S ${t} * Non blocking connect for SYNC fired the event.\n${pid}:S ${t} * Master replied to PING, replication can continue...\n${pid}:S ${t} * Partial resynchronization not possible (no cached master)\n${pid}:S ${t} * Full resync from master: 0000000000000000000000000000000000000000:0\n${pid}:S ${t} * MASTER <-> REPLICA sync: receiving 175 bytes from master to disk\n${pid}:S ${t} * MASTER <-> REPLICA sync: Flushing old data\n${pid}:S ${t} * MASTER <-> REPLICA sync: Loading DB in memory\n${pid}:S ${t} * MASTER <-> REPLICA sync: Finished with success\n`);
    else c.write(`${pid}:S ${t} # Error condition on socket for SYNC: ${ip ? 'Connection refused' : 'Name or service not known'}\n`);
  }
  c.st.db = {};
  c.st.exp = {};
  return undefined;
});
onSignal('redis-server', (sig, c) => {
  if (sig !== 15 && sig !== 2) return undefined;
  const pid = c.proc.pid, t = redisTime(c);
  c.write(`${pid}:signal-handler (${Math.floor(c.now() / 1000)}) Received SIG${sig === 15 ? 'TERM' : 'INT'} scheduling shutdown...\n${pid}:M ${t} * User requested shutdown...\n${pid}:M ${t} * Saving the final RDB snapshot before exiting.\n${pid}:M ${t} * DB saved on disk\n${pid}:M ${t} # Redis is now ready to exit, bye bye...\n`);
  return 0;
});
memoryOf('redis-server', 3 * MiB);

const REDIS_WRITES = new Set(['SET', 'SETEX', 'MSET', 'DEL', 'UNLINK', 'INCR', 'DECR', 'INCRBY', 'DECRBY', 'APPEND', 'FLUSHALL', 'FLUSHDB', 'EXPIRE', 'LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'HSET']);
type RVal = string | string[] | Record<string, string>;
type Reply = { s: string } | { e: string } | { i: number } | { b: string | null } | { a: Reply[] | null };
function respParse(data: string): string[][] {
  const cmds: string[][] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === '*') {
      const nl = data.indexOf('\r\n', i);
      const n = Number(data.slice(i + 1, nl));
      i = nl + 2;
      const args: string[] = [];
      for (let k = 0; k < n; k++) {
        const nl2 = data.indexOf('\r\n', i);
        const len = Number(data.slice(i + 1, nl2));
        args.push(data.slice(nl2 + 2, nl2 + 2 + len));
        i = nl2 + 2 + len + 2;
      }
      cmds.push(args);
    } else {
      const nl = data.indexOf('\n', i);
      const line = data.slice(i, nl < 0 ? undefined : nl).replace(/\r$/, '');
      i = nl < 0 ? data.length : nl + 1;
      const args = line.match(/"[^"]*"|'[^']*'|\S+/g)?.map(a => a.replace(/^["']|["']$/g, '')) ?? [];
      if (args.length) cmds.push(args);
    }
  }
  return cmds;
}
function respFormat(r: Reply): string {
  if ('s' in r) return `+${r.s}\r\n`;
  if ('e' in r) return `-${r.e}\r\n`;
  if ('i' in r) return `:${r.i}\r\n`;
  if ('b' in r) return r.b === null ? '$-1\r\n' : `$${byteLength(r.b)}\r\n${r.b}\r\n`;
  return r.a === null ? '*-1\r\n' : `*${r.a.length}\r\n${r.a.map(respFormat).join('')}`;
}
function globRe(p: string): RegExp { return new RegExp('^' + p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$'); }
function redisExec(c: CmdCtx, args: string[]): Reply {
  const db = c.st.db as Record<string, RVal>;
  const exp = c.st.exp as Record<string, number>;
  const now = c.now();
  for (const [k, t] of Object.entries(exp)) if (t <= now) { delete db[k]; delete exp[k]; }
  const cmd = (args[0] ?? '').toUpperCase();
  const a = args.slice(1);
  const wrong = (): Reply => ({ e: `ERR wrong number of arguments for '${(args[0] ?? '').toLowerCase()}' command` });
  const str = (k: string): string | undefined | Reply => { const v = db[k]; if (v === undefined) return undefined; if (typeof v !== 'string') return { e: 'WRONGTYPE Operation against a key holding the wrong kind of value' }; return v; };
  switch (cmd) {
    case 'PING': return a.length ? { b: a[0]! } : { s: 'PONG' };
    case 'ECHO': return a.length === 1 ? { b: a[0]! } : wrong();
    case 'SET': {
      if (a.length < 2) return wrong();
      const [k, v] = a as [string, string];
      const opts = a.slice(2).map(x => x.toUpperCase());
      if (opts.includes('NX') && db[k] !== undefined) return { b: null };
      if (opts.includes('XX') && db[k] === undefined) return { b: null };
      db[k] = v; delete exp[k];
      const ex = opts.indexOf('EX'), px = opts.indexOf('PX');
      if (ex >= 0) exp[k] = now + Number(a[2 + ex + 1]) * 1000;
      if (px >= 0) exp[k] = now + Number(a[2 + px + 1]);
      return { s: 'OK' };
    }
    case 'SETEX': if (a.length !== 3) return wrong(); db[a[0]!] = a[2]!; exp[a[0]!] = now + Number(a[1]) * 1000; return { s: 'OK' };
    case 'GET': { if (a.length !== 1) return wrong(); const v = str(a[0]!); if (v !== undefined && typeof v !== 'string') return v; return { b: v ?? null }; }
    case 'MSET': for (let i = 0; i + 1 < a.length; i += 2) db[a[i]!] = a[i + 1]!; return { s: 'OK' };
    case 'MGET': return { a: a.map(k => ({ b: typeof db[k] === 'string' ? (db[k] as string) : null })) };
    case 'DEL': case 'UNLINK': { let n = 0; for (const k of a) if (db[k] !== undefined) { delete db[k]; delete exp[k]; n++; } return { i: n }; }
    case 'EXISTS': return { i: a.filter(k => db[k] !== undefined).length };
    case 'INCR': case 'DECR': case 'INCRBY': case 'DECRBY': {
      const k = a[0]!;
      const v = str(k);
      if (v !== undefined && typeof v !== 'string') return v;
      const n = v === undefined ? 0 : Number(v);
      if (!/^-?\d+$/.test(v ?? '0')) return { e: 'ERR value is not an integer or out of range' };
      const d = cmd === 'INCR' ? 1 : cmd === 'DECR' ? -1 : cmd === 'INCRBY' ? Number(a[1]) : -Number(a[1]);
      db[k] = String(n + d);
      return { i: n + d };
    }
    case 'APPEND': { const v = (typeof db[a[0]!] === 'string' ? db[a[0]!] : '') + (a[1] ?? ''); db[a[0]!] = v as string; return { i: byteLength(v as string) }; }
    case 'STRLEN': return { i: typeof db[a[0]!] === 'string' ? byteLength(db[a[0]!] as string) : 0 };
    case 'KEYS': { const re = globRe(a[0] ?? '*'); return { a: Object.keys(db).filter(k => re.test(k)).map(k => ({ b: k })) }; }
    case 'DBSIZE': return { i: Object.keys(db).length };
    case 'FLUSHALL': case 'FLUSHDB': for (const k of Object.keys(db)) delete db[k]; return { s: 'OK' };
    case 'EXPIRE': if (db[a[0]!] === undefined) return { i: 0 }; exp[a[0]!] = now + Number(a[1]) * 1000; return { i: 1 };
    case 'TTL': if (db[a[0]!] === undefined) return { i: -2 }; return { i: exp[a[0]!] ? Math.ceil((exp[a[0]!]! - now) / 1000) : -1 };
    case 'TYPE': { const v = db[a[0]!]; return { s: v === undefined ? 'none' : typeof v === 'string' ? 'string' : Array.isArray(v) ? 'list' : 'hash' }; }
    case 'LPUSH': case 'RPUSH': { const l = (Array.isArray(db[a[0]!]) ? db[a[0]!] : []) as string[]; for (const x of a.slice(1)) { if (cmd === 'LPUSH') l.unshift(x); else l.push(x); } db[a[0]!] = l; return { i: l.length }; }
    case 'LPOP': case 'RPOP': { const l = db[a[0]!]; if (!Array.isArray(l) || !l.length) return { b: null }; const v = cmd === 'LPOP' ? l.shift()! : l.pop()!; if (!l.length) delete db[a[0]!]; return { b: v }; }
    case 'LLEN': return { i: Array.isArray(db[a[0]!]) ? (db[a[0]!] as string[]).length : 0 };
    case 'LRANGE': { const l = (Array.isArray(db[a[0]!]) ? db[a[0]!] : []) as string[]; let s = Number(a[1]), e = Number(a[2]); if (s < 0) s += l.length; if (e < 0) e += l.length; return { a: l.slice(Math.max(0, s), e + 1).map(b => ({ b })) }; }
    case 'HSET': { const h = (db[a[0]!] && typeof db[a[0]!] === 'object' && !Array.isArray(db[a[0]!]) ? db[a[0]!] : {}) as Record<string, string>; let n = 0; for (let i = 1; i + 1 < a.length; i += 2) { if (!(a[i]! in h)) n++; h[a[i]!] = a[i + 1]!; } db[a[0]!] = h; return { i: n }; }
    case 'HGET': { const h = db[a[0]!] as Record<string, string> | undefined; return { b: h && typeof h === 'object' && !Array.isArray(h) ? h[a[1]!] ?? null : null }; }
    case 'HGETALL': { const h = db[a[0]!] as Record<string, string> | undefined; return { a: h && typeof h === 'object' && !Array.isArray(h) ? Object.entries(h).flatMap(([k, v]) => [{ b: k }, { b: v }]) : [] }; }
    case 'SELECT': return { s: 'OK' };
    case 'QUIT': return { s: 'OK' };
    case 'COMMAND': return { a: [] };
    case 'CLIENT': return { s: 'OK' };
    case 'CONFIG': return a[0]?.toUpperCase() === 'GET' ? { a: [{ b: a[1] ?? '' }, { b: a[1] === 'maxmemory' ? '0' : '' }] } : { s: 'OK' };
    case 'INFO': {
      const up = Math.floor((now - (c.proc.t0 ?? now)) / 1000);
      return { b: `# Server\r\nredis_version:${REDIS_VERSION}\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\nos:Linux 6.8.0-1021-gcp x86_64\r\narch_bits:64\r\nprocess_id:${c.proc.pid}\r\ntcp_port:6379\r\nuptime_in_seconds:${up}\r\nuptime_in_days:${Math.floor(up / 86400)}\r\nexecutable:/data/redis-server\r\nconfig_file:\r\n\r\n# Clients\r\nconnected_clients:1\r\n\r\n# Memory\r\nused_memory:${1000000 + JSON.stringify(db).length}\r\nused_memory_human:${((1000000 + JSON.stringify(db).length) / 1048576).toFixed(2)}M\r\nmaxmemory:0\r\n\r\n# Stats\r\ntotal_commands_processed:${(c.st.cmds ?? 0) as number}\r\n\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n\r\n# Keyspace\r\n${Object.keys(db).length ? `db0:keys=${Object.keys(db).length},expires=${Object.keys(exp).length},avg_ttl=0\r\n` : ''}` };
    }
    default: return { e: `ERR unknown command '${args[0]}', with args beginning with: ${a.map(x => `'${x}' `).join('')}` };
  }
}
serve('redis-server', (c, inc) => {
  if (typeof inc.data !== 'string') return { data: '', close: true };
  if (/^[A-Z]+ \S+ HTTP\/1\.[01]\r?\n/.test(inc.data)) {
    c.write(`${c.proc.pid}:M ${redisTime(c)} # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from ${inc.from}:${40000} aborted.\n`);
    return { data: '', close: true };
  }
  let out = '';
  let close = false;
  for (const cmd of respParse(inc.data)) {
    c.st.cmds = ((c.st.cmds ?? 0) as number) + 1;
    const master = c.st.master as [string, string] | undefined;
    if (master && !/^(PING|ECHO|QUIT|COMMAND|CLIENT|SELECT|INFO|CONFIG)$/i.test(cmd[0] ?? '')) {
      if (REDIS_WRITES.has((cmd[0] ?? '').toUpperCase())) { out += "-READONLY You can't write against a read only replica.\r\n"; continue; }
      const r = c.net.lookup(master[0], { family: 4 });
      const rep = 'error' in r ? undefined : c.net.exchange(r.addrs[0]!, Number(master[1]), respCmd(cmd));
      out += rep && !('error' in rep) ? rep.data : '-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to \'no\'.\r\n';
      continue;
    }
    out += respFormat(redisExec(c, cmd));
    if (cmd[0]?.toUpperCase() === 'QUIT') { close = true; break; }
  }
  return { data: out, close, cpuMs: 0.05, ...(c.st.master ? { until: c.now() } : {}) };
});

/** redis-cli [-h host] [-p port] [--raw] [cmd args…]; without a command, an interactive prompt. */
function redisCli(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (!c.st.init) {
    let h = '127.0.0.1', p = 6379, raw: boolean | undefined;
    const cmd: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-h') h = args[++i] ?? h;
      else if (a === '-p') p = Number(args[++i]);
      else if (a === '-n' || a === '-a' || a === '--user' || a === '--pass') i++;
      else if (a === '--raw') raw = true;
      else if (a === '--no-raw') raw = false;
      else if (a === '--version' || a === '-v') { c.write(`redis-cli ${REDIS_VERSION}\n`); return 0; }
      else if (a.startsWith('-') && !cmd.length) continue;
      else cmd.push(a);
    }
    const tty = c.sys.isatty(1);
    c.st.init = { h, p, raw: raw ?? !tty, tty };
    const r = c.net.lookup(h, { family: 4 });
    const ip = 'error' in r ? '' : r.addrs[0]!;
    c.st.ip = ip;
    if (cmd.length) {
      if (!ip) { c.err(`Could not connect to Redis at ${h}:${p}: Name or service not known`); return 1; }
      const rep = c.net.exchange(ip, p, respCmd(cmd));
      if ('error' in rep) { c.err(`Could not connect to Redis at ${h}:${p}: ${rep.error === 'refused' ? 'Connection refused' : 'Connection timed out'}`); return 1; }
      c.write(cliFormat(rep.data, c.st.init.raw));
      return 0;
    }
    if (tty) c.write(ip ? `${h}:${p}> ` : '');
  }
  const { h, p, raw, tty } = c.st.init as { h: string; p: number; raw: boolean; tty: boolean };
  for (;;) {
    const line = c.read(0);
    if (line === undefined) return { block: { read: 0 } };
    if (line === null) return 0;
    for (const l of line.split('\n')) {
      const cmd = l.match(/"[^"]*"|\S+/g)?.map(x => x.replace(/^"|"$/g, ''));
      if (!cmd?.length) continue;
      if (/^(quit|exit)$/i.test(cmd[0]!)) return 0;
      const rep = c.st.ip ? c.net.exchange(c.st.ip, p, respCmd(cmd)) : { error: 'refused', ms: 0 } as const;
      if ('error' in rep) c.write(`Could not connect to Redis at ${h}:${p}: Connection refused\n`);
      else c.write(cliFormat(rep.data, raw));
      if (tty) c.write(`${h}:${p}> `);
    }
  }
}
const respCmd = (a: string[]) => `*${a.length}\r\n${a.map(x => `$${byteLength(x)}\r\n${x}\r\n`).join('')}`;
function cliFormat(data: string, raw: boolean): string {
  let i = 0;
  const read = (indent: string, n?: number): string => {
    const t = data[i]!;
    const nl = data.indexOf('\r\n', i);
    const line = data.slice(i + 1, nl);
    i = nl + 2;
    if (t === '+') return raw ? line : line;
    if (t === '-') return raw ? line : `(error) ${line}`;
    if (t === ':') return raw ? line : `(integer) ${line}`;
    if (t === '$') {
      const len = Number(line);
      if (len < 0) return raw ? '' : '(nil)';
      const s = data.slice(i, i + len); i += len + 2;
      return raw ? s : JSON.stringify(s);
    }
    if (t === '*') {
      const len = Number(line);
      if (len <= 0) return raw ? '' : '(empty array)';
      const items: string[] = [];
      for (let k = 0; k < len; k++) items.push(read(indent + '   ', k));
      if (raw) return items.join('\n');
      const w = String(len).length;
      return items.map((x, k) => `${k ? indent : ''}${String(k + 1).padStart(w)}) ${x}`).join('\n');
    }
    void n;
    return line;
  };
  let out = '';
  while (i < data.length) out += read('') + '\n';
  return out;
}

// ---------------------------------------------------------------------------------------------- python, perl
function python(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (c.st.up) return { block: { forever: true } };
  if (args[0] === '--version' || args[0] === '-V') { c.write('Python 3.13.1\n'); return 0; }
  const mi = args.indexOf('-m');
  if (mi >= 0 && args[mi + 1] === 'http.server') {
    const rest = args.slice(mi + 2);
    let port = 8000, bind = '', dir = c.cwd;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === '--bind' || a === '-b') bind = rest[++i] ?? '';
      else if (a === '--directory' || a === '-d') dir = rest[++i] ?? dir;
      else if (/^\d+$/.test(a)) port = Number(a);
    }
    if (c.sys.listen(port) !== 'ok') { c.err(`Traceback (most recent call last):\n  File "<frozen runpy>", line 198, in _run_module_as_main\nOSError: [Errno 98] Address already in use`); return 1; }
    c.st.up = 1;
    c.st.dir = dir.startsWith('/') ? dir : `${c.cwd.replace(/\/$/, '')}/${dir}`;
    // stdout is block-buffered without a terminal: this line shows only with -u or PYTHONUNBUFFERED
    if (args.includes('-u') || c.env.PYTHONUNBUFFERED || c.sys.isatty(1)) c.write(`Serving HTTP on ${bind || '0.0.0.0'} port ${port} (http://${bind || '0.0.0.0'}:${port}/) ...\n`);
    return { block: { forever: true } };
  }
  if (args[0] === '-c' && /^print\((['"])(.*)\1\)$/.test((args[1] ?? '').trim())) { c.write(`${/^print\((['"])(.*)\1\)$/.exec(args[1]!.trim())![2]}\n`); return 0; }
  c.err('kctl: this simulated python runs `-m http.server` and trivial print() only');
  return 1;
}
const pythonServe = http((c, req, inc) => {
  const root = c.st.dir as string;
  const t = new Date(c.now());
  const stamp = `${String(t.getUTCDate()).padStart(2, '0')}/${strftime('%b', c.now())}/${t.getUTCFullYear()} ${strftime('%H:%M:%S', c.now())}`;
  const logLine = (status: number) => c.write(`${inc.from} - - [${stamp}] "${req.method} ${req.target} ${req.version}" ${status} -\n`, 2);
  const base: [string, string][] = [['Server', 'SimpleHTTP/0.6 Python/3.13.1'], ['Date', httpDate(c.now())]];
  const p = `${root.replace(/\/$/, '')}${decodeURIComponent(req.path)}`;
  let st;
  try { st = c.fs.stat(p); } catch { st = undefined; }
  if (st?.k === 'd' && !req.path.endsWith('/')) { logLine(301); return { version: 'HTTP/1.0', status: 301, headers: [...base, ['Location', `${req.path}/`], ['Content-Length', '0']], body: '' }; }
  let file = p;
  if (st?.k === 'd') {
    try { const idx = c.fs.stat(`${p}index.html`); if (idx && idx.k !== 'd') { st = idx; file = `${p}index.html`; } } catch { /* listing */ }
  }
  if (st?.k === 'd') {
    let names: string[] = [];
    // python lists a directory as name/ and a symlink as name@ (its link still ends in / when it points to a directory)
    let items: { href: string; shown: string; key: string }[] = [];
    try {
      items = c.fs.readDir(p).map(([n, s]) => {
        let dir = s.k === 'd';
        if (s.k === 'l') { try { dir = c.fs.stat(`${p.replace(/\/$/, '')}/${n}`)?.k === 'd'; } catch { dir = false; } }
        return { href: dir ? `${n}/` : n, shown: s.k === 'l' ? `${n}@` : dir ? `${n}/` : n, key: n.toLowerCase() };
      }).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } catch { /* none */ }
    const body = `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for ${req.path}</title>\n</head>\n<body>\n<h1>Directory listing for ${req.path}</h1>\n<hr>\n<ul>\n${items.map(n => `<li><a href="${encodeURI(n.href)}">${n.shown}</a></li>\n`).join('')}</ul>\n<hr>\n</body>\n</html>\n`;
    logLine(200);
    return { version: 'HTTP/1.0', status: 200, headers: [...base, ['Content-type', 'text/html; charset=utf-8'], ['Content-Length', String(byteLength(body))]], body };
  }
  if (!st) {
    const body = `<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n`;
    c.write(`${inc.from} - - [${stamp}] code 404, message File not found\n`, 2);
    logLine(404);
    return { version: 'HTTP/1.0', status: 404, headers: [...base, ['Connection', 'close'], ['Content-Type', 'text/html;charset=utf-8'], ['Content-Length', String(byteLength(body))]], body };
  }
  const body = c.fs.readFile(file);
  logLine(200);
  const type = /\.html?$/.test(file) ? 'text/html' : /\.txt$/.test(file) ? 'text/plain' : /\.json$/.test(file) ? 'application/json' : /\.css$/.test(file) ? 'text/css' : /\.js$/.test(file) ? 'text/javascript' : 'application/octet-stream';
  return { version: 'HTTP/1.0', status: 200, headers: [...base, ['Content-type', type], ['Content-Length', String(byteLength(body))], ['Last-Modified', httpDate(st.mtime)]], body };
}, { cpuMs: 0.5 });
serve('python3', pythonServe);
serve('python', pythonServe);
stopsOnTerm('python3');
stopsOnTerm('python');
memoryOf('python3', 12 * MiB);

/** perl -Mbignum=bpi -wle 'print bpi(N)': π to N digits (the Kubernetes docs' Job example). */
function perl(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (args[0] === '-v' || args[0] === '--version') { c.write('\nThis is perl 5, version 40, subversion 0 (v5.40.0) built for x86_64-linux-gnu\n'); return 0; }
  // the image's default command, the debugger's REPL, ends with its input
  if (args.includes('-de0') || (args.includes('-d') && args.includes('-e0'))) {
    if (!c.sys.isatty(0)) { c.write('\nLoading DB routines from perl5db.pl version 1.77\nEditor support available.\n\nEnter h or \'h h\' for help, or \'man perldebug\' for more help.\n\nmain::(-e:1):\t0\n'); return 0; }
  }
  const code = args.filter(a => !a.startsWith('-')).join(' ');
  const m = /print\s+bpi\((\d+)\)/.exec(code);
  if (m && args.some(a => a.includes('bignum'))) {
    const n = Math.min(20000, Number(m[1]));
    c.write(piDigits(n) + '\n');
    c.sys.burn(1000);
    return 0;
  }
  const p = /print\s+(["'])(.*)\1/.exec(code);
  if (p) { c.write(p[2]! + (args.some(a => /l/.test(a) && a.startsWith('-')) ? '\n' : '')); return 0; }
  c.err('kctl: this simulated perl runs the docs\' bpi example and print only');
  return 255;
}
/** π rounded to n significant digits (Machin's formula in integers). */
export function piDigits(n: number): string {
  const guard = 12n;
  const scale = 10n ** (BigInt(n) + guard);
  const arctanInv = (x: bigint) => {
    let sum = 0n, term = scale / x, k = 1n, sign = 1n;
    const x2 = x * x;
    while (term !== 0n) { sum += sign * (term / k); term /= x2; k += 2n; sign = -sign; }
    return sum;
  };
  const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
  // n significant digits: one before the point
  const digits = pi.toString();
  const keep = digits.slice(0, n);
  const next = Number(digits[n] ?? '0');
  const s = (BigInt(keep) + (next >= 5 ? 1n : 0n)).toString();
  return `${s[0]}.${s.slice(1)}`;
}

// ---------------------------------------------------------------------------------------------- stress
/** polinux/stress: --vm N --vm-bytes B hold memory (the kernel OOM-kills over the limit); --cpu N burns N cores. */
function stress(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (c.st.up) {
    if (c.st.timeout !== undefined) {
      c.write(`stress: info: [${c.proc.pid}] successful run completed in ${c.st.timeout}s\n`);
      return 0;
    }
    return { block: { forever: true } };
  }
  const num = (k: string) => { const v = flag(args, k); return v === undefined ? 0 : Number(v); };
  const size = (s: string | undefined, def: number) => {
    if (!s) return def;
    const m = /^(\d+(?:\.\d+)?)([bBkKmMgG]?)$/.exec(s);
    if (!m) return NaN;
    const mult = { '': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB }[m[2]!.toLowerCase()] ?? 1;
    return Math.floor(Number(m[1]) * mult);
  };
  const cpu = num('cpu') || num('c'), io = num('io') || num('i'), vm = num('vm') || num('m'), hdd = num('hdd') || num('d');
  const bytes = size(flag(args, 'vm-bytes'), 256 * MiB);
  const timeout = flag(args, 'timeout') ?? flag(args, 't');
  if (!args.length || args.includes('--help') || args.includes('-?')) {
    c.write('`stress\' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n -?, --help         show this help statement\n     --version      show version statement\n -v, --verbose      be verbose\n -q, --quiet        be quiet\n -n, --dry-run      show what would have been done\n -t, --timeout N    timeout after N seconds\n     --backoff N    wait factor of N microseconds before work starts\n -c, --cpu N        spawn N workers spinning on sqrt()\n -i, --io N         spawn N workers spinning on sync()\n -m, --vm N         spawn N workers spinning on malloc()/free()\n     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)\n     --vm-stride B  touch a byte every B bytes (default is 4096)\n     --vm-hang N    sleep N secs before free (default none, 0 is inf)\n     --vm-keep      redirty memory instead of freeing and reallocating\n -d, --hdd N        spawn N workers spinning on write()/unlink()\n     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)\n\nExample: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s\n\nNote: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).\n');
    return args.length ? 0 : 1;
  }
  if (Number.isNaN(bytes)) { c.err(`stress: FAIL: [${c.proc.pid}] (427) <-- invalid vm-bytes value`); return 1; }
  c.write(`stress: info: [${c.proc.pid}] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd\n`);
  c.st.up = 1;
  if (vm) c.sys.alloc(vm * bytes);
  if (cpu || vm) c.sys.burn(cpu * 1000 + (vm && !args.includes('--vm-hang') ? vm * 1000 : 0));
  if (timeout) {
    const secs = Number(/^(\d+)/.exec(timeout)?.[1] ?? 0) * ({ s: 1, m: 60, h: 3600, d: 86400 }[/[smhd]$/.exec(timeout)?.[0] ?? 's'] ?? 1);
    c.st.timeout = secs;
    return { block: { ms: secs * 1000 } };
  }
  return { block: { forever: true } };
}
memoryOf('stress', 700 * 1024);

// ---------------------------------------------------------------------------------------------- a kind cluster's components
function etcdStart(c: CmdCtx): number | undefined {
  const args = c.argv.slice(1);
  if (args.includes('--version')) { c.write('etcd Version: 3.5.21\nGit SHA: a17edfd\nGo Version: go1.23.7\nGo OS/Arch: linux/amd64\n'); return 0; }
  const t = new Date(c.now()).toISOString().replace('Z', '') + '123Z';
  const adv = (flag(args, 'advertise-client-urls') ?? 'http://localhost:2379');
  const ip = /\/\/([^:]+)/.exec(adv)?.[1] ?? '127.0.0.1';
  const name = flag(args, 'name') ?? 'default';
  const lines = [
    `{"level":"warn","ts":"${t}","caller":"embed/config.go:689","msg":"Running http and grpc server on single port. This is not recommended for production."}`,
    `{"level":"info","ts":"${t}","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":${JSON.stringify(c.argv)}}`,
    `{"level":"info","ts":"${t}","caller":"embed/etcd.go:140","msg":"configuring peer listeners","listen-peer-urls":["https://${ip}:2380"]}`,
    `{"level":"info","ts":"${t}","caller":"embed/etcd.go:148","msg":"configuring client listeners","listen-client-urls":["https://127.0.0.1:2379","https://${ip}:2379"]}`,
    `{"level":"info","ts":"${t}","caller":"embed/etcd.go:323","msg":"starting an etcd server","etcd-version":"3.5.21","git-sha":"a17edfd","go-version":"go1.23.7","go-os":"linux","go-arch":"amd64","max-cpu-set":8,"max-cpu-available":8,"member-initialized":false,"name":"${name}","data-dir":"${flag(args, 'data-dir') ?? 'default.etcd'}"}`,
    `{"level":"info","ts":"${t}","caller":"etcdserver/server.go:2068","msg":"published local member to cluster through raft","local-member-attributes":"{Name:${name} ClientURLs:[${adv}]}","request-path":"/0/members/8e9e05c52164694d/attributes","cluster-id":"cdf818194e3a8c32","publish-timeout":"7s"}`,
    `{"level":"info","ts":"${t}","caller":"embed/serve.go:275","msg":"serving client traffic securely","traffic":"grpc+http","address":"${ip}:2379"}`,
    `{"level":"info","ts":"${t}","caller":"etcdmain/main.go:44","msg":"notifying init daemon"}`,
    `{"level":"info","ts":"${t}","caller":"etcdmain/main.go:50","msg":"successfully notified init daemon"}`,
  ];
  for (const l of lines) c.err(l);
  c.sys.listen(2379); c.sys.listen(2380); c.sys.listen(2381);
  return undefined;
}
function etcdServe(c: CmdCtx, inc: Incoming): Outgoing {
  if (typeof inc.data === 'string' && inc.data.startsWith('GRPC ')) return { data: 'GRPC-STATUS SERVING', close: true, cpuMs: 0.1 };
  return http((cc, req) => {
    if (req.path === '/health' || req.path === '/livez' || req.path === '/readyz') return goText(cc, 200, '{"health":"true","reason":""}', 'text/plain; charset=utf-8');
    if (req.path === '/version') return goText(cc, 200, '{"etcdserver":"3.5.21","etcdcluster":"3.5.0"}', 'application/json');
    return go404(cc);
  }, { cpuMs: 0.1 })(c, inc);
}

function kubeStart(name: string, ports: number[], lines: (c: CmdCtx) => [string, string][]): (c: CmdCtx) => number | undefined {
  return c => {
    if (c.argv.includes('--version')) { c.write(`Kubernetes v1.33.1\n`); return 0; }
    for (const p of ports) c.sys.listen(p);
    klog(c, lines(c));
    void name;
    return undefined;
  };
}
const kubeHealth = (tls: boolean) => http((c, req) => {
  if (/^\/(healthz|livez|readyz)/.test(req.path)) return goText(c, 200, 'ok');
  if (req.path === '/version') return goText(c, 200, JSON.stringify({ major: '1', minor: '33', emulationMajor: '1', emulationMinor: '33', minCompatibilityMajor: '1', minCompatibilityMinor: '32', gitVersion: 'v1.33.1', gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828', gitTreeState: 'clean', buildDate: '2025-05-15T08:19:08Z', goVersion: 'go1.24.2', compiler: 'gc', platform: 'linux/amd64' }, null, 2), 'application/json');
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `forbidden: User "system:anonymous" cannot get path "${req.path}"`, reason: 'Forbidden', details: {}, code: 403 }, null, 2);
  return { status: 403, headers: [['Audit-Id', '00000000-0000-0000-0000-000000000000'], ['Cache-Control', 'no-cache, private'], ['Content-Type', 'application/json'], ['X-Content-Type-Options', 'nosniff'], ['Date', httpDate(c.now())], ['Content-Length', String(byteLength(body))]], body };
}, { tls, cpuMs: 0.2 });

const apiserverLines = (c: CmdCtx): [string, string][] => {
  const ip = flag(c.argv, 'advertise-address') ?? c.net.addr();
  return [
    ['options.go:249', `external host was not specified, using ${ip}`],
    ['server.go:147', 'Version: v1.33.1'],
    ['server.go:149', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
    ['shared_informer.go:350', '"Waiting for caches to sync" controller="node_authorizer"'],
    ['plugins.go:157', 'Loaded 13 mutating admission controller(s) successfully in the following order: NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,TaintNodesByCondition,Priority,DefaultTolerationSeconds,DefaultStorageClass,StorageObjectInUseProtection,RuntimeClass,DefaultIngressClass,MutatingAdmissionPolicy,MutatingAdmissionWebhook.'],
    ['secure_serving.go:211', 'Serving securely on [::]:6443'],
    ['controller.go:615', 'quota admission added evaluator for: namespaces'],
    ['controller.go:615', 'quota admission added evaluator for: serviceaccounts'],
    ['controller.go:615', 'quota admission added evaluator for: deployments.apps'],
    ['alloc.go:328', '"allocated clusterIPs" service="kube-system/kube-dns" clusterIPs={"IPv4":"10.96.0.10"}'],
    ['controller.go:615', 'quota admission added evaluator for: replicasets.apps'],
    ['controller.go:615', 'quota admission added evaluator for: controllerrevisions.apps'],
  ];
};
const cmLines = (c: CmdCtx): [string, string][] => [
  ['serving.go:386', 'Generated self-signed cert in-memory'],
  ['controllermanager.go:193', '"Starting" version="v1.33.1"'],
  ['controllermanager.go:195', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
  ['secure_serving.go:211', 'Serving securely on 127.0.0.1:10257'],
  ['leaderelection.go:257', 'attempting to acquire leader lease kube-system/kube-controller-manager...'],
  ['leaderelection.go:271', 'successfully acquired lease kube-system/kube-controller-manager'],
  ['event.go:389', `"Event occurred" object="kube-system/kube-controller-manager" fieldPath="" kind="Lease" apiVersion="coordination.k8s.io/v1" type="Normal" reason="LeaderElection" message="${c.pod.node}_${c.pod.uid.slice(0, 8)}-0000-4000-8000-000000000000 became leader"`],
  ['controllermanager.go:778', '"Started controller" controller="serviceaccount-token-controller"'],
  ['controllermanager.go:778', '"Started controller" controller="endpoints-controller"'],
  ['controllermanager.go:778', '"Started controller" controller="replicaset-controller"'],
  ['controllermanager.go:778', '"Started controller" controller="deployment-controller"'],
  ['shared_informer.go:357', '"Caches are synced" controller="garbage collector"'],
];
const schedLines = (c: CmdCtx): [string, string][] => [
  ['serving.go:386', 'Generated self-signed cert in-memory'],
  ['server.go:171', '"Starting Kubernetes Scheduler" version="v1.33.1"'],
  ['server.go:173', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
  ['secure_serving.go:211', 'Serving securely on 127.0.0.1:10259'],
  ['leaderelection.go:257', 'attempting to acquire leader lease kube-system/kube-scheduler...'],
  ['leaderelection.go:271', 'successfully acquired lease kube-system/kube-scheduler'],
  ['shared_informer.go:357', `"Caches are synced" controller="client-ca::kube-system::extension-apiserver-authentication::client-ca-file"${c.pod.node ? '' : ''}`],
];
const proxyLines = (c: CmdCtx): [string, string][] => [
  ['server_linux.go:63', '"Using iptables proxy"'],
  ['server.go:715', `"Successfully retrieved node IP(s)" IPs=["${c.net.addr()}"]`],
  ['conntrack.go:60', '"Setting nf_conntrack_max" nfConntrackMax=262144'],
  ['server.go:254', '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"'],
  ['server_linux.go:122', '"Using iptables Proxier"'],
  ['proxier.go:269', '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"'],
  ['server.go:516', '"Version info" version="v1.33.1"'],
  ['server.go:518', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
  ['config.go:199', '"Starting service config controller"'],
  ['shared_informer.go:350', '"Waiting for caches to sync" controller="service config"'],
  ['config.go:105', '"Starting endpoint slice config controller"'],
  ['shared_informer.go:350', '"Waiting for caches to sync" controller="endpoint slice config"'],
  ['shared_informer.go:357', '"Caches are synced" controller="service config"'],
  ['shared_informer.go:357', '"Caches are synced" controller="endpoint slice config"'],
];
function kindnetStart(c: CmdCtx): number | undefined {
  const ip = c.net.addr();
  klog(c, [
    ['main.go:109', 'connected to apiserver: https://10.96.0.1:443'],
    ['main.go:139', `hostIP = ${ip}\npodIP = ${ip}`],
    ['main.go:148', 'setting mtu 1500 for CNI '],
    ['main.go:178', 'kindnetd IP family: "ipv4"'],
    ['main.go:182', 'noMask IPv4 subnets: [10.244.0.0/16]'],
    ['main.go:297', `Handling node with IPs: map[${ip}:{}]`],
    ['main.go:301', 'handling current node'],
  ]);
  return undefined;
}
function corednsStart(c: CmdCtx): number | undefined {
  if (c.argv.includes('-version')) { c.write('CoreDNS-1.12.0\nlinux/amd64, go1.23.3, 51e11f1\n'); return 0; }
  c.sys.listen(53, 'UDP'); c.sys.listen(53); c.sys.listen(8080); c.sys.listen(8181); c.sys.listen(9153);
  c.write('.:53\n[INFO] plugin/reload: Running configuration SHA512 = 1b226df79860026c6a52e67daa10d7f0d57ec5b023288ec00c5e05f93523c894564e15b91770d3a07ae1cfbe861d15b37d4a0027e69c546ab112970993a3b03b\nCoreDNS-1.12.0\nlinux/amd64, go1.23.3, 51e11f1\n');
  c.st.q = 0;
  return undefined;
}
/** CoreDNS: cluster.local from the API (its kubernetes plugin), the rest forwarded to the node's resolver. */
function corednsServe(c: CmdCtx, inc: Incoming): Outgoing {
  if (inc.port === 53 && typeof inc.data === 'object') {
    c.st.q = ((c.st.q ?? 0) as number) + 1;
    return { data: c.net.zone(inc.data as DnsQuestion), cpuMs: 0.05 };
  }
  if (inc.port === 53) return { data: '', close: true };
  return http((cc, req) => {
    if (inc.port === 8080 && req.path === '/health') return goText(cc, 200, 'OK');
    if (inc.port === 8181 && req.path === '/ready') return goText(cc, 200, 'OK');
    if (inc.port === 9153 && req.path === '/metrics') return goText(cc, 200, `# HELP coredns_dns_requests_total Counter of DNS requests made per zone, protocol and family.\n# TYPE coredns_dns_requests_total counter\ncoredns_dns_requests_total{family="1",proto="udp",server="dns://:53",type="A",view="",zone="."} ${cc.st.q ?? 0}\n`, 'text/plain; version=0.0.4; charset=utf-8');
    return go404(cc);
  })(c, inc);
}
function localPathStart(c: CmdCtx): number | undefined {
  const t = new Date(c.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  c.err(`time="${t}" level=debug msg="Applied config: {\\"nodePathMap\\":[{\\"node\\":\\"DEFAULT_PATH_FOR_NON_LISTED_NODES\\",\\"paths\\":[\\"/var/local-path-provisioner\\"]}]}"`);
  c.err(`time="${t}" level=debug msg="Provisioner started"`);
  klog(c, [['controller.go:824', `"Starting provisioner controller" component="rancher.io/local-path_${c.pod.name}_${c.pod.uid}"`], ['controller.go:873', `"Started provisioner controller" component="rancher.io/local-path_${c.pod.name}_${c.pod.uid}"`]]);
  return undefined;
}
const pause = program(() => undefined);

const etcd = program(etcdStart);
const apiserver = program(kubeStart('kube-apiserver', [6443], apiserverLines));
const controllerManager = program(kubeStart('kube-controller-manager', [10257], cmLines));
const scheduler = program(kubeStart('kube-scheduler', [10259], schedLines));
const kubeProxy = program(kubeStart('kube-proxy', [10249, 10256], proxyLines));
const kindnetd = program(kindnetStart);
const coredns = program(corednsStart);
const localPath = program(localPathStart);
serve('etcd', etcdServe);
serve('kube-apiserver', kubeHealth(true));
serve('kube-controller-manager', kubeHealth(true));
serve('kube-scheduler', kubeHealth(true));
serve('kube-proxy', http((c, req) => (req.path === '/healthz' || req.path === '/livez' ? goText(c, 200, `{"lastUpdated": "${new Date(c.now()).toISOString()}","currentTime": "${new Date(c.now()).toISOString()}", "nodeEligible": true}`, 'application/json') : req.path === '/metrics' ? goText(c, 200, '# HELP kubeproxy_sync_proxy_rules_duration_seconds SyncProxyRules latency in seconds\n') : go404(c))));
serve('coredns', corednsServe);
for (const [n, mem] of [['etcd', 38], ['kube-apiserver', 260], ['kube-controller-manager', 52], ['kube-scheduler', 22], ['kube-proxy', 16], ['kindnetd', 11], ['coredns', 14], ['local-path-provisioner', 8], ['pause', 0.3], ['hello-app', 5], ['http-echo', 4], ['serve-hostname', 4], ['liveness', 4], ['goproxy', 5], ['echoserver', 5]] as [string, number][])
  memoryOf(n, Math.round(mem * MiB));
// SIGTERM: programs that handle it exit 0; a Go program without a handler dies with exit 2 even as PID 1;
// node (the kubia app) has none at all, so as PID 1 it ignores TERM and waits out the grace period
for (const n of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'kindnetd', 'local-path-provisioner', 'pause', 'http-echo', 'serve-hostname', 'echoserver']) stopsOnTerm(n);
for (const n of ['hello-app', 'liveness', 'goproxy']) onSignal(n, sig => (sig === 15 || sig === 2 || sig === 3 ? 2 : undefined));
onSignal('coredns', (sig, c) => { if (sig !== 15 && sig !== 2) return undefined; c.write(`[INFO] SIG${sig === 15 ? 'TERM' : 'INT'}: Shutting down servers then terminating\n[INFO] plugin/health: Going into lameduck mode for 5s\n`); return 0; });
onSignal('agnhost', (sig, c) => {
  if (sig !== 15 && sig !== 2 && sig !== 3) return undefined;
  if (c.st.sub === 'pause') { c.write(`Shutting down after receiving signal: ${sig === 15 ? 'terminated' : 'interrupt'}.\nExiting.\n`); return 0; }
  return c.st.sub === 'serve-hostname' ? 0 : 2;
});
onSignal('node', sig => (sig === 2 || sig === 3 ? 128 + sig : undefined));

serve('serve-hostname', serveHostnameServe);
serve('liveness', livenessServe);
serve('agnhost', agnhostServe);
serve('nc', ncServe as never);
serve('netcat', ncServe as never);

/** An image's docker-entrypoint.sh: exec its arguments (the image's program first when they start with '-'). */
function entrypoint(c: CmdCtx): CmdResult {
  let args = c.argv.slice(1);
  const prog = variant(c);
  if (prog && (!args.length || args[0]!.startsWith('-'))) args = [prog, ...args];
  if (!args.length) return 0;
  const r = c.sys.exec(args);
  if (r !== 'ok') { c.err(`${c.argv[0]}: line 11: exec: ${args[0]}: not found`); return 127; }
  return 0;
}

register({
  'exec-entrypoint': entrypoint,
  httpd, 'httpd-foreground': httpd, 'apache2-foreground': phpApache, node, 'http-echo': httpEcho, 'hello-app': helloApp,
  'serve-hostname': program(c => serveHostnameStart(c, c.argv.slice(1))), liveness, agnhost, goproxy, echoserver,
  'redis-server': redisServer, 'redis-cli': redisCli, python3: python, python, perl, stress,
  etcd, 'kube-apiserver': apiserver, 'kube-controller-manager': controllerManager, 'kube-scheduler': scheduler, 'kube-proxy': kubeProxy,
  kindnetd, coredns, 'local-path-provisioner': localPath, pause,
});
export { http, goText };
