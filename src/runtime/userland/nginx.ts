// nginx 1.27 as the official image runs it: its configuration read from /etc/nginx (nginx.conf and
// conf.d/*.conf: listen, server_name, root, alias, index, location =/^~/~/prefix, return, try_files,
// autoindex, error_page, add_header, default_type, proxy_pass), static files from the container's
// filesystem (so a volume another container writes is served as it is now), the stock error pages byte for
// byte (nginx's own CRLF lines), 301 for a directory without its slash, HEAD, access lines in the `main`
// log format on stdout and error lines on stderr, `nginx -s reload|stop|quit`, `nginx -t`, `-T`, `-v`, `-V`.
import type { CmdCtx, CmdResult, Incoming, Outgoing } from '../types';
import { register, onSignal, memoryOf, serve } from './index';
import { strftime } from './core';
import { parseRequest, formatResponse, httpDate, clfDate, header, byteLength, parseUrl, parseResponse, HttpRequest, HttpResponse } from '../net/http';
import { FsError } from '../fs';

export const NGINX_VERSION = '1.27.3';
/** The image's nginx version (its NGINX_VERSION variable, as the official images set it). */
const ver = (c: CmdCtx) => c.proc.env.NGINX_VERSION || NGINX_VERSION;
const CRLF = '\r\n';

// ---------------------------------------------------------------------------------------------- config
interface Directive { name: string; args: string[]; block?: Directive[]; file: string; line: number }
export class ConfError extends Error { constructor(msg: string, public file: string, public line: number) { super(msg); } }

function tokenize(src: string, file: string): { t: string; line: number; quoted?: boolean }[] {
  const out: { t: string; line: number; quoted?: boolean }[] = [];
  let line = 1;
  for (let i = 0; i < src.length;) {
    const ch = src[i]!;
    if (ch === '\n') { line++; i++; continue; }
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (ch === '{' || ch === '}' || ch === ';') { out.push({ t: ch, line }); i++; continue; }
    if (ch === '"' || ch === "'") {
      let j = i + 1, s = '';
      while (j < src.length && src[j] !== ch) { if (src[j] === '\\' && j + 1 < src.length) { s += src[j + 1]; j += 2; continue; } if (src[j] === '\n') line++; s += src[j++]; }
      if (j >= src.length) throw new ConfError('unexpected end of file, expecting ";" or "}"', file, line);
      out.push({ t: s, line, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/[\s{};]/.test(src[j]!)) j++;
    out.push({ t: src.slice(i, j), line });
    i = j;
  }
  return out;
}

/** Parsed configurations by file and text (a parse is a pure function of them; the directives are never
 *  changed): a thousand nginx containers read the same stock files. */
const parsed = new Map<string, Directive[]>();
function parseConf(src: string, file: string): Directive[] {
  const key = `${file}\u0000${src}`;
  let list = parsed.get(key);
  if (!list) {
    list = parseConfText(src, file);
    if (parsed.size >= 256) parsed.clear();
    parsed.set(key, list);
  }
  return list;
}
function parseConfText(src: string, file: string): Directive[] {
  const toks = tokenize(src, file);
  let i = 0;
  const block = (depth: number): Directive[] => {
    const list: Directive[] = [];
    while (i < toks.length) {
      const t = toks[i]!;
      if (t.t === '}' && !t.quoted) {
        if (!depth) throw new ConfError('unexpected "}"', file, t.line);
        i++;
        return list;
      }
      const name = t.t, line = t.line;
      const args: string[] = [];
      i++;
      for (;;) {
        const a = toks[i];
        if (!a) throw new ConfError('unexpected end of file, expecting ";" or "}"', file, toks[toks.length - 1]?.line ?? line);
        if (!a.quoted && a.t === ';') { i++; list.push({ name, args, file, line }); break; }
        if (!a.quoted && a.t === '{') { i++; list.push({ name, args, block: block(depth + 1), file, line }); break; }
        if (!a.quoted && a.t === '}') throw new ConfError(`unexpected "}"`, file, a.line);
        args.push(a.t);
        i++;
      }
    }
    if (depth) throw new ConfError('unexpected end of file, expecting "}"', file, toks[toks.length - 1]?.line ?? 1);
    return list;
  };
  return block(0);
}

const KNOWN = new Set(['user', 'worker_processes', 'error_log', 'pid', 'events', 'worker_connections', 'http', 'include', 'default_type', 'log_format', 'access_log',
  'sendfile', 'tcp_nopush', 'tcp_nodelay', 'keepalive_timeout', 'gzip', 'gzip_types', 'server', 'listen', 'server_name', 'root', 'index', 'location', 'return', 'try_files',
  'autoindex', 'error_page', 'add_header', 'proxy_pass', 'proxy_set_header', 'proxy_http_version', 'alias', 'charset', 'client_max_body_size', 'server_tokens', 'types',
  'rewrite', 'expires', 'stub_status', 'resolver', 'upstream', 'allow', 'deny', 'internal', 'proxy_redirect', 'proxy_read_timeout', 'proxy_connect_timeout', 'stream',
  'multi_accept', 'use', 'worker_rlimit_nofile', 'ssl_certificate', 'ssl_certificate_key', 'ssl_protocols', 'ssl_ciphers', 'types_hash_max_size', 'server_names_hash_bucket_size', 'absolute_redirect', 'port_in_redirect', 'etag', 'if_modified_since', 'open_file_cache', 'proxy_buffering']);

export interface Loc { mod: '' | '=' | '^~' | '~' | '~*'; path: string; d: Directive[] }
export interface Server { listen: { port: number; def: boolean }[]; names: string[]; d: Directive[]; locs: Loc[] }
export interface NginxConf { servers: Server[]; http: Directive[]; accessLog: string; errorLog: string; errorLevel: string; pid: string }

/** Read /etc/nginx/nginx.conf with its includes, as nginx -t would: the servers, or the [emerg] message. */
export function loadConf(c: CmdCtx, path = '/etc/nginx/nginx.conf', texts?: [string, string][]): NginxConf {
  const read = (p: string): Directive[] => {
    let src: string;
    try { src = c.fs.readFile(p); } catch (e) { throw new ConfError(`open() "${p}" failed (${e instanceof FsError && e.code === 'EACCES' ? '13: Permission denied' : '2: No such file or directory'})`, p, 0); }
    texts?.push([p, src]);
    const list = parseConf(src, p);
    return expand(list, p);
  };
  const expand = (list: Directive[], file: string): Directive[] => {
    const out: Directive[] = [];
    for (const d of list) {
      if (d.name === 'include') {
        const pat = d.args[0] ?? '';
        if (pat.endsWith('mime.types')) continue;
        const files = pat.includes('*') ? globConf(c, pat) : [pat];
        for (const f of files) out.push(...read(f));
        continue;
      }
      if (!KNOWN.has(d.name) && !d.name.startsWith('proxy_') && !d.name.startsWith('ssl_') && !d.name.startsWith('gzip') && !d.name.startsWith('fastcgi_') && !d.name.startsWith('client_'))
        throw new ConfError(`unknown directive "${d.name}"`, d.file, d.line);
      out.push(d.block ? { ...d, block: expand(d.block, file) } : d);
    }
    return out;
  };
  const top = read(path);
  const http = top.find(d => d.name === 'http')?.block ?? [];
  const servers: Server[] = [];
  for (const s of http.filter(d => d.name === 'server')) {
    const d = s.block ?? [];
    const listen = d.filter(x => x.name === 'listen').map(x => {
      const a = x.args[0] ?? '80';
      const port = Number(/(\d+)$/.exec(a)?.[1] ?? 80);
      if (!port || port > 65535) throw new ConfError(`invalid port in "${a}" of the "listen" directive`, x.file, x.line);
      return { port, def: x.args.includes('default_server') || x.args.includes('default') };
    });
    servers.push({ listen: listen.length ? listen : [{ port: 80, def: false }], names: d.filter(x => x.name === 'server_name').flatMap(x => x.args), d, locs: locations(d) });
  }
  const al = http.find(d => d.name === 'access_log')?.args[0] ?? '/var/log/nginx/access.log';
  const eld = top.find(d => d.name === 'error_log');
  const el = eld?.args[0] ?? '/var/log/nginx/error.log';
  return { servers, http, accessLog: al, errorLog: el, errorLevel: eld?.args[1] ?? 'error', pid: top.find(d => d.name === 'pid')?.args[0] ?? '/var/run/nginx.pid' };
}
function locations(d: Directive[]): Loc[] {
  return d.filter(x => x.name === 'location').map(x => {
    const [a, b] = x.args;
    if (a === '=' || a === '^~' || a === '~' || a === '~*') return { mod: a, path: b ?? '', d: x.block ?? [] };
    return { mod: '' as const, path: a ?? '/', d: x.block ?? [] };
  });
}
function globConf(c: CmdCtx, pat: string): string[] {
  const dir = pat.slice(0, pat.lastIndexOf('/'));
  const re = new RegExp('^' + pat.slice(pat.lastIndexOf('/') + 1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
  try { return c.fs.readDir(dir).map(([n]) => n).filter(n => re.test(n)).sort().map(n => `${dir}/${n}`); } catch { return []; }
}
export function confPorts(conf: NginxConf): number[] { return [...new Set(conf.servers.flatMap(s => s.listen.map(l => l.port)))]; }

// ---------------------------------------------------------------------------------------------- pages
const STATUS_TITLE: Record<number, string> = { 301: '301 Moved Permanently', 302: '302 Found', 303: '303 See Other', 307: '307 Temporary Redirect', 308: '308 Permanent Redirect',
  400: '400 Bad Request', 401: '401 Authorization Required', 403: '403 Forbidden', 404: '404 Not Found', 405: '405 Not Allowed', 413: '413 Request Entity Too Large',
  500: '500 Internal Server Error', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' };
/** nginx's built-in error page (ngx_http_special_response.c), with the version in its tail. */
export function errorPage(status: number, version = NGINX_VERSION): string {
  const t = STATUS_TITLE[status] ?? `${status}`;
  return `<html>${CRLF}<head><title>${t}</title></head>${CRLF}<body>${CRLF}<center><h1>${t}</h1></center>${CRLF}<hr><center>nginx/${version}</center>${CRLF}</body>${CRLF}</html>${CRLF}`;
}
const MIME: Record<string, string> = { html: 'text/html', htm: 'text/html', shtml: 'text/html', css: 'text/css', xml: 'text/xml', gif: 'image/gif', jpeg: 'image/jpeg', jpg: 'image/jpeg',
  js: 'application/javascript', txt: 'text/plain', png: 'image/png', svg: 'image/svg+xml', ico: 'image/x-icon', json: 'application/json', pdf: 'application/pdf', webp: 'image/webp',
  woff: 'font/woff', woff2: 'font/woff2', mp4: 'video/mp4', zip: 'application/zip', gz: 'application/octet-stream', wasm: 'application/wasm', md: 'application/octet-stream', yaml: 'application/octet-stream' };

// ---------------------------------------------------------------------------------------------- serving
interface Ctx { c: CmdCtx; conf: NginxConf; req: HttpRequest; inc: Incoming; srv: Server; extra: [string, string][] }

const get = (list: Directive[], name: string) => list.filter(d => d.name === name).pop();
function pickLoc(srv: Server, uri: string): Loc | undefined {
  const exact = srv.locs.find(l => l.mod === '=' && l.path === uri);
  if (exact) return exact;
  let best: Loc | undefined;
  for (const l of srv.locs) if ((l.mod === '' || l.mod === '^~') && uri.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  if (best?.mod === '^~') return best;
  for (const l of srv.locs) {
    if (l.mod !== '~' && l.mod !== '~*') continue;
    try { if (new RegExp(l.path, l.mod === '~*' ? 'i' : '').test(uri)) return l; } catch { /* a bad regex never matches */ }
  }
  return best;
}

function response(x: Ctx, status: number, headers: [string, string][], body: string): HttpResponse {
  const base: [string, string][] = [['Server', `nginx/${ver(x.c)}`], ['Date', httpDate(x.c.now())]];
  return { status, headers: [...base, ...headers, ...x.extra], body };
}
function errorResponse(x: Ctx, status: number, loc?: Loc): HttpResponse {
  // error_page CODE /uri: an internal redirect to the page
  const ep = [...(loc?.d ?? []), ...x.srv.d].filter(d => d.name === 'error_page').find(d => d.args.slice(0, -1).includes(String(status)));
  if (ep && !(x as { inError?: boolean }).inError) {
    const uri = ep.args[ep.args.length - 1]!;
    const r = handle({ ...x, inError: true } as Ctx, uri);
    if (r.status === 200) return { ...r, status };
  }
  const body = errorPage(status, ver(x.c));
  const h: [string, string][] = [['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))], ['Connection', 'keep-alive']];
  return response(x, status, h, body);
}

function directive(x: Ctx, loc: Loc | undefined, name: string): Directive | undefined {
  return get(loc?.d ?? [], name) ?? get(x.srv.d, name) ?? get(x.conf.http, name);
}

function handle(x: Ctx, uri: string, depth = 0): HttpResponse {
  const loc = pickLoc(x.srv, uri);
  for (const d of loc?.d ?? []) if (d.name === 'deny' && d.args[0] === 'all') return errorResponse(x, 403, loc);
  if (loc?.d.some(d => d.name === 'stub_status')) {
    const served = (x.c.st.conns ?? 0) as number;
    const body = `Active connections: 1 \nserver accepts handled requests\n ${served} ${served} ${served} \nReading: 0 Writing: 1 Waiting: 0 \n`;
    return response(x, 200, [['Content-Type', 'text/plain'], ['Content-Length', String(byteLength(body))], ['Connection', 'keep-alive']], body);
  }
  const ret = get(loc?.d ?? [], 'return') ?? get(x.srv.d, 'return');
  if (ret) {
    const code = Number(ret.args[0]);
    const arg = ret.args[1];
    if (!Number.isFinite(code)) return redirect(x, 302, ret.args[0]!);
    if ([301, 302, 303, 307, 308].includes(code)) return redirect(x, code, expandVars(x, arg ?? ''));
    if (arg !== undefined) {
      const body = expandVars(x, arg);
      const type = directive(x, loc, 'default_type')?.args[0] ?? 'application/octet-stream';
      return response(x, code, [['Content-Type', type], ['Content-Length', String(byteLength(body))], ['Connection', 'keep-alive']], body);
    }
    return errorResponse(x, code, loc);
  }
  const proxy = get(loc?.d ?? [], 'proxy_pass');
  if (proxy) return proxyPass(x, loc!, proxy.args[0] ?? '', uri);
  if (x.req.method !== 'GET' && x.req.method !== 'HEAD') return errorResponse(x, 405, loc);
  const tryFiles = directive(x, loc, 'try_files');
  if (tryFiles && depth < 10) {
    const args = tryFiles.args;
    for (const a of args.slice(0, -1)) {
      const cand = a.replace(/\$uri/g, uri);
      const st = statPath(x, loc, cand);
      if (cand.endsWith('/') ? st?.k === 'd' : st && st.k !== 'd') return serveStatic(x, loc, cand);
    }
    const last = args[args.length - 1] ?? '=404';
    if (last.startsWith('=')) return errorResponse(x, Number(last.slice(1)), loc);
    return handle(x, last.replace(/\$uri/g, uri), depth + 1);
  }
  return serveStatic(x, loc, uri);
}

function expandVars(x: Ctx, s: string): string {
  const host = (header(x.req.headers, 'host') ?? '').replace(/:\d+$/, '');
  return s.replace(/\$(host|request_uri|uri|scheme|remote_addr|server_port|hostname|args|request_method|server_name)\b/g, (_, v: string) => {
    switch (v) {
      case 'host': return host || x.srv.names[0] || '';
      case 'request_uri': return x.req.target;
      case 'uri': return x.req.path;
      case 'scheme': return 'http';
      case 'remote_addr': return x.inc.from;
      case 'server_port': return String(x.inc.port);
      case 'hostname': return x.c.pod.hostname;
      case 'args': return x.req.query;
      case 'request_method': return x.req.method;
      case 'server_name': return x.srv.names[0] ?? '';
      default: return '';
    }
  });
}

function redirect(x: Ctx, code: number, to: string): HttpResponse {
  const body = errorPage(code, ver(x.c));
  return response(x, code, [['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))], ['Location', to], ['Connection', 'keep-alive']], body);
}

function fsPath(x: Ctx, loc: Loc | undefined, uri: string): string {
  const alias = get(loc?.d ?? [], 'alias');
  if (alias && loc) return (alias.args[0] ?? '') + uri.slice(loc.path.length);
  const root = directive(x, loc, 'root')?.args[0] ?? '/etc/nginx/html';
  return root.replace(/\/$/, '') + uri;
}
function statPath(x: Ctx, loc: Loc | undefined, uri: string) {
  try { return x.c.fs.stat(fsPath(x, loc, decodeURIComponent(uri))); } catch { return undefined; }
}

const WORKER = (c: CmdCtx) => c.proc.pid + 28;
function errorLog(x: Ctx, level: string, msg: string): void {
  const t = strftime('%Y/%m/%d %H:%M:%S', x.c.now());
  const host = header(x.req.headers, 'host');
  const w = WORKER(x.c);
  logTo(x.c, x.conf.errorLog, `${t} [${level}] ${w}#${w}: *${x.c.st.conns} ${msg}, client: ${x.inc.from}, server: ${x.srv.names[0] ?? ''}, request: "${x.req.method} ${x.req.target} ${x.req.version}"${host ? `, host: "${host}"` : ''}\n`, 2);
}
function logTo(c: CmdCtx, path: string, line: string, fd: 1 | 2): void {
  if (path === 'off' || path === '/dev/null') return;
  let target = path;
  try { target = c.fs.resolve(path); } catch { /* as written */ }
  if (target === '/dev/stdout' || target === '/proc/self/fd/1') { c.write(line, 1); return; }
  if (target === '/dev/stderr' || target === '/proc/self/fd/2') { c.write(line, 2); return; }
  try { c.fs.writeFile(target, line, { append: true }); } catch { c.write(line, fd); }
}

function serveStatic(x: Ctx, loc: Loc | undefined, uri: string): HttpResponse {
  let path: string;
  try { path = decodeURIComponent(uri); } catch { return errorResponse(x, 400, loc); }
  const file = fsPath(x, loc, path);
  const cred = { uid: 101, gid: 101 };
  let st;
  try { st = x.c.fs.stat(file); } catch (e) { st = undefined; void e; }
  if (!st) {
    errorLog(x, 'error', `open() "${file}" failed (2: No such file or directory)`);
    return errorResponse(x, 404, loc);
  }
  if (st.k === 'd') {
    if (!path.endsWith('/')) {
      const host = (header(x.req.headers, 'host') ?? x.srv.names[0] ?? 'localhost').replace(/:\d+$/, '').replace(/^$/, 'localhost');
      const port = x.inc.port === 80 ? '' : `:${x.inc.port}`;
      return redirect(x, 301, `http://${host}${port}${uri}/${x.req.query ? `?${x.req.query}` : ''}`);
    }
    const index = directive(x, loc, 'index')?.args ?? ['index.html'];
    for (const i of index) {
      const cand = `${file.replace(/\/$/, '')}/${i}`;
      try { const s = x.c.fs.stat(cand); if (s && s.k !== 'd') return serveStatic(x, loc, `${path}${i}`); } catch { /* next */ }
    }
    if (directive(x, loc, 'autoindex')?.args[0] === 'on') return autoindex(x, file, path);
    errorLog(x, 'error', `directory index of "${file.replace(/\/?$/, '/')}" is forbidden`);
    return errorResponse(x, 403, loc);
  }
  let body: string;
  try { body = x.c.fs.readFile(file, '/', cred); }
  catch (e) {
    if (e instanceof FsError && e.code === 'EACCES') { errorLog(x, 'error', `open() "${file}" failed (13: Permission denied)`); return errorResponse(x, 403, loc); }
    errorLog(x, 'error', `open() "${file}" failed (2: No such file or directory)`);
    return errorResponse(x, 404, loc);
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  const type = MIME[ext] ?? directive(x, loc, 'default_type')?.args[0] ?? 'application/octet-stream';
  const size = byteLength(body);
  const mtime = Math.floor(st.mtime / 1000);
  const etag = `"${mtime.toString(16)}-${size.toString(16)}"`;
  const inm = header(x.req.headers, 'if-none-match');
  if (inm && inm === etag) return response(x, 304, [['Last-Modified', httpDate(st.mtime)], ['Connection', 'keep-alive'], ['ETag', etag]], '');
  for (const h of [...(loc?.d ?? []), ...x.srv.d].filter(d => d.name === 'add_header')) x.extra.push([h.args[0] ?? '', expandVars(x, h.args[1] ?? '')]);
  return response(x, 200, [['Content-Type', type], ['Content-Length', String(size)], ['Last-Modified', httpDate(st.mtime)], ['Connection', 'keep-alive'], ['ETag', etag], ['Accept-Ranges', 'bytes']], body);
}

function autoindex(x: Ctx, dir: string, uri: string): HttpResponse {
  let entries: [string, { k: string; mtime: number; data?: string }][] = [];
  try { entries = x.c.fs.readDir(dir) as never; } catch { /* empty */ }
  const d = (ms: number) => strftime('%d-%b-%Y %H:%M', ms);
  let body = `<html>${CRLF}<head><title>Index of ${uri}</title></head>${CRLF}<body>${CRLF}<h1>Index of ${uri}</h1><hr><pre><a href="../">../</a>${CRLF}`;
  const sorted = entries.filter(([n]) => !n.startsWith('.')).sort((a, b) => (a[1].k === 'd' ? 0 : 1) - (b[1].k === 'd' ? 0 : 1) || (a[0] < b[0] ? -1 : 1));
  for (const [n, st] of sorted) {
    const name = st.k === 'd' ? `${n}/` : n;
    const size = st.k === 'd' ? '-' : String(byteLength(st.data ?? ''));
    body += `<a href="${name}">${name}</a>${' '.repeat(Math.max(1, 51 - name.length))}${d(st.mtime)}${size.padStart(20)}${CRLF}`;
  }
  body += `</pre><hr></body>${CRLF}</html>${CRLF}`;
  return response(x, 200, [['Content-Type', 'text/html'], ['Transfer-Encoding', 'chunked'], ['Connection', 'keep-alive']], body);
}

function proxyPass(x: Ctx, loc: Loc, target: string, uri: string): HttpResponse {
  const u = parseUrl(target);
  if (!u) return errorResponse(x, 502, loc);
  const hasPath = /^https?:\/\/[^/]+\//.test(target);
  const path = hasPath ? u.path.replace(/\/$/, '') + '/' + uri.slice(loc.path.length).replace(/^\//, '') : uri;
  const r = x.c.net.lookup(u.host, { family: 4 });
  if ('error' in r) {
    errorLog(x, 'error', `no resolver defined to resolve ${u.host}`);
    return errorResponse(x, 502, loc);
  }
  const ip = r.addrs[0]!;
  const hostHdr = get(loc.d, 'proxy_set_header') && get(loc.d, 'proxy_set_header')!.args[0]?.toLowerCase() === 'host' ? expandVars(x, get(loc.d, 'proxy_set_header')!.args[1] ?? '') : u.host + (u.port !== 80 ? `:${u.port}` : '');
  const hdrs = x.req.headers.filter(([k]) => !/^(host|connection)$/i.test(k));
  const req = `${x.req.method} ${path}${x.req.query ? `?${x.req.query}` : ''} HTTP/1.0\r\nHost: ${hostHdr}\r\nConnection: close\r\n${hdrs.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${x.req.body}`;
  const rep = x.c.net.exchange(ip, u.port, req, { timeoutMs: 60_000 });
  if ('error' in rep) {
    const why = rep.error === 'refused' ? '111: Connection refused' : rep.error === 'unreachable' ? '113: No route to host' : '110: Connection timed out';
    errorLog(x, 'error', `connect() failed (${why}) while connecting to upstream, upstream: "http://${ip}:${u.port}${path}"`);
    return errorResponse(x, rep.error === 'timeout' ? 504 : 502, loc);
  }
  const res = parseResponse(rep.data, x.req.method === 'HEAD');
  if (!res) return errorResponse(x, 502, loc);
  const keep = res.headers.filter(([k]) => !/^(server|date|connection|transfer-encoding|keep-alive)$/i.test(k));
  if (!keep.some(([k]) => /^content-length$/i.test(k))) keep.push(['Content-Length', String(byteLength(res.body))]);
  return response(x, res.status, [...keep, ['Connection', 'keep-alive']], res.body);
}

/** One connection to nginx: parse, answer, log. */
export function nginxServe(c: CmdCtx, inc: Incoming): Outgoing {
  if (typeof inc.data !== 'string') return { data: '', close: true };
  c.st.conns = ((c.st.conns as number | undefined) ?? 0) + 1;
  const conf = confOf(c);
  if (!conf) return { data: '', close: true };
  const ports = (c.st.ports as number[] | undefined) ?? confPorts(conf);
  if (!ports.includes(inc.port)) return { data: '', close: true };
  if (inc.tls) return { data: '', close: true };
  const parsed = parseRequest(inc.data);
  const raw = inc.data.split(/\r?\n/)[0] ?? '';
  const srvs = conf.servers.filter(s => s.listen.some(l => l.port === inc.port));
  const host = parsed && parsed !== 'bad' ? (header(parsed.headers, 'host') ?? '').replace(/:\d+$/, '').toLowerCase() : '';
  const srv = srvs.find(s => s.names.some(n => n.toLowerCase() === host)) ?? srvs.find(s => s.listen.some(l => l.port === inc.port && l.def)) ?? srvs[0] ?? conf.servers[0]!;
  const req: HttpRequest = parsed && parsed !== 'bad' ? parsed : { method: '', target: '', path: '/', query: '', version: 'HTTP/1.1', headers: [], body: '' };
  const x: Ctx = { c, conf, req, inc, srv, extra: [] };
  let res: HttpResponse;
  if (!parsed || parsed === 'bad' || (parsed.version !== 'HTTP/1.1' && parsed.version !== 'HTTP/1.0')) res = errorResponse(x, 400);
  else if (parsed.version === 'HTTP/1.1' && !header(parsed.headers, 'host')) res = errorResponse(x, 400);
  else res = handle(x, req.path);
  const head = req.method === 'HEAD';
  const text = formatResponse(res, head);
  const sent = head ? 0 : byteLength(res.body);
  const ua = header(req.headers, 'user-agent') ?? '-';
  const ref = header(req.headers, 'referer') ?? '-';
  const xff = header(req.headers, 'x-forwarded-for') ?? '-';
  logTo(c, conf.accessLog, `${inc.from} - - [${clfDate(c.now())}] "${raw.replace(/"/g, '\\x22')}" ${res.status} ${sent} "${ref}" "${ua}" "${xff}"\n`, 1);
  const close = res.status === 400 || req.version === 'HTTP/1.0' || /close/i.test(header(req.headers, 'connection') ?? '');
  return { data: text.replace('Connection: keep-alive', close ? 'Connection: close' : 'Connection: keep-alive'), close, cpuMs: 0.15 };
}

// ---------------------------------------------------------------------------------------------- the program
function confError(c: CmdCtx, e: unknown, test: boolean): number {
  const t = strftime('%Y/%m/%d %H:%M:%S', c.now());
  const msg = e instanceof ConfError ? `${e.message}${e.line ? ` in ${e.file}:${e.line}` : ''}` : String(e);
  if (!test) c.err(`${t} [emerg] ${c.proc.pid}#${c.proc.pid}: ${msg}`);
  c.err(`nginx: [emerg] ${msg}`);
  if (test) c.err('nginx: configuration file /etc/nginx/nginx.conf test failed');
  return 1;
}

/**
 * The configuration nginx runs with, kept in its state. Read from the image's own files (the common case: a
 * thousand nginx containers with the stock configuration), it is kept as `{ stock: path }` and parsed again from
 * the image when needed, instead of 3 KB of parsed directives in each container's record.
 */
type KeptConf = NginxConf | { stock: string };
const stockConfs = new Map<string, { conf: NginxConf; texts: string } | null>();
function stockConf(image: string, path: string): { conf: NginxConf; texts: string } | null {
  const key = `${image}\u0000${path}`;
  let v = stockConfs.get(key);
  if (v === undefined) {
    v = null;
    const { parseImage } = require('../../kubelet/images') as typeof import('../../kubelet/images');
    const { imageLayer } = require('../images') as typeof import('../images');
    const ref = parseImage(image);
    if (!('error' in ref)) {
      const layer = imageLayer(ref);
      const rel = (p: string) => p.replace(/^\/+/, '');
      const fs = {
        readFile: (p: string) => { const n = layer.get(rel(p)); if (!n || n.k !== 'f') throw new FsError('ENOENT', p); return n.data ?? ''; },
        readDir: (d: string) => [...layer.children(rel(d))],
      };
      const texts: [string, string][] = [];
      try { v = { conf: loadConf({ fs } as unknown as CmdCtx, path, texts), texts: JSON.stringify(texts) }; } catch { v = null; }
    }
    stockConfs.set(key, v);
  }
  return v;
}
function keepConf(c: CmdCtx, conf: NginxConf, path: string, texts: [string, string][]): KeptConf {
  const stock = stockConf(c.pod.image, path);
  return stock && stock.texts === JSON.stringify(texts) ? { stock: path } : conf;
}
/** The configuration in the state (undefined before nginx has started). */
function confOf(c: CmdCtx): NginxConf | undefined {
  const k = c.st.conf as KeptConf | undefined;
  if (k && 'stock' in k) return stockConf(c.pod.image, k.stock)?.conf;
  return k;
}

function startLines(c: CmdCtx, t: string): void {
  const pid = c.proc.pid;
  for (const l of [
    `${t} [notice] ${pid}#${pid}: using the "epoll" event method`,
    `${t} [notice] ${pid}#${pid}: nginx/${ver(c)}`,
    `${t} [notice] ${pid}#${pid}: built by gcc 12.2.0 (Debian 12.2.0-14) `,
    `${t} [notice] ${pid}#${pid}: OS: Linux 6.8.0-1021-gcp`,
    `${t} [notice] ${pid}#${pid}: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${t} [notice] ${pid}#${pid}: start worker processes`,
  ]) c.err(l);
  for (let i = 0; i < 8; i++) c.err(`${t} [notice] ${pid}#${pid}: start worker process ${pid + 28 + i}`);
}

/** The pid of an `nginx -s` process while its signal is delivered (the master logs who sent it). */
let signaller = 0;

/** nginx [-g 'daemon off;'] [-s signal] [-t] [-T] [-v] [-V] [-c file]. */
function nginx(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (c.st.up) return { block: { forever: true } };
  if (args.includes('-v')) { c.err(`nginx version: nginx/${ver(c)}`); return 0; }
  if (args.includes('-V')) { c.err(`nginx version: nginx/${ver(c)}\nbuilt by gcc 12.2.0 (Debian 12.2.0-14) \nbuilt with OpenSSL 3.0.11 19 Sep 2023 (running with OpenSSL 3.0.15 3 Sep 2024)\nTLS SNI support enabled\nconfigure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx --modules-path=/usr/lib/nginx/modules --conf-path=/etc/nginx/nginx.conf --error-log-path=/var/log/nginx/error.log --http-log-path=/var/log/nginx/access.log --pid-path=/var/run/nginx.pid --lock-path=/var/run/nginx.lock --user=nginx --group=nginx --with-http_ssl_module --with-http_stub_status_module --with-http_v2_module`); return 0; }
  const cfile = args[args.indexOf('-c') + 1] && args.includes('-c') ? args[args.indexOf('-c') + 1]! : '/etc/nginx/nginx.conf';
  if (args.includes('-t') || args.includes('-T')) {
    try { loadConf(c, cfile); } catch (e) { return confError(c, e, true); }
    c.err(`nginx: the configuration file ${cfile} syntax is ok\nnginx: configuration file ${cfile} test is successful`);
    if (args.includes('-T')) {
      const dump = (p: string) => { try { c.write(`# configuration file ${p}:\n${c.fs.readFile(p)}\n`); } catch { /* none */ } };
      dump(cfile);
      for (const f of globConf(c, '/etc/nginx/conf.d/*.conf')) dump(f);
    }
    return 0;
  }
  const si = args.indexOf('-s');
  if (si >= 0) {
    const sig = args[si + 1];
    const num = ({ stop: 15, quit: 3, reopen: 10, reload: 1 } as Record<string, number>)[sig ?? ''];
    if (!num) { c.err(`nginx: invalid option: "-s ${sig ?? ''}"`); return 1; }
    let pidText: string;
    try { pidText = c.fs.readFile('/var/run/nginx.pid'); } catch {
      const t = strftime('%Y/%m/%d %H:%M:%S', c.now());
      c.err(`${t} [notice] ${c.proc.pid}#${c.proc.pid}: signal process started`);
      c.err(`${t} [error] ${c.proc.pid}#${c.proc.pid}: open() "/var/run/nginx.pid" failed (2: No such file or directory)`);
      c.err('nginx: [error] open() "/var/run/nginx.pid" failed (2: No such file or directory)');
      return 1;
    }
    const t = strftime('%Y/%m/%d %H:%M:%S', c.now());
    c.err(`${t} [notice] ${c.proc.pid}#${c.proc.pid}: signal process started`);
    const pid = Number(pidText.trim());
    if (num === 1) { try { loadConf(c, cfile); } catch (e) { return confError(c, e, false); } }
    signaller = c.proc.pid;
    const r = c.sys.kill(pid, num);
    signaller = 0;
    if (r !== 'ok') { c.err(`${t} [error] ${c.proc.pid}#${c.proc.pid}: kill(${pid}, ${num}) failed (3: No such process)`); c.err(`nginx: [error] kill(${pid}, ${num}) failed (3: No such process)`); return 1; }
    return 0;
  }
  let conf: NginxConf;
  const texts: [string, string][] = [];
  try { conf = loadConf(c, cfile, texts); } catch (e) { return confError(c, e, false); }
  const t = strftime('%Y/%m/%d %H:%M:%S', c.now());
  const ports = confPorts(conf);
  for (const p of ports) {
    if (c.sys.listen(p) !== 'ok') {
      c.err(`${t} [emerg] ${c.proc.pid}#${c.proc.pid}: bind() to 0.0.0.0:${p} failed (98: Address already in use)`);
      c.err(`nginx: [emerg] bind() to 0.0.0.0:${p} failed (98: Address already in use)`);
      for (const q of ports) c.sys.unlisten(q);
      return 1;
    }
  }
  c.st.ports = ports;
  c.st.conf = keepConf(c, conf, cfile, texts);
  try { c.fs.writeFile(conf.pid, `${c.proc.pid}\n`); } catch { /* a read-only /var/run */ }
  if (/^(notice|info|debug)$/.test(conf.errorLevel)) startLines(c, t);
  c.st.up = 1;
  return { block: { forever: true } };
}

const nginxSignal = (sig: number, c: CmdCtx): number | 'ignore' | undefined => {
  if (!c.st.up) return undefined;
  const t = strftime('%Y/%m/%d %H:%M:%S', c.now());
  const pid = c.proc.pid;
  const from = signaller;
  const notice = /^(notice|info|debug)$/.test(confOf(c)?.errorLevel ?? 'notice');
  const n = (l: string) => { if (notice || / \[(emerg|error|warn)\] /.test(l)) c.err(l); };
  if (sig === 3 || sig === 15 || sig === 2) {
    const name = sig === 3 ? 'SIGQUIT' : sig === 15 ? 'SIGTERM' : 'SIGINT';
    n(`${t} [notice] ${pid}#${pid}: signal ${sig} (${name}) received from ${from}, ${sig === 3 ? 'shutting down' : 'exiting'}`);
    for (let i = 0; i < 8; i++) n(`${t} [notice] ${pid + 28 + i}#${pid + 28 + i}: ${sig === 3 ? 'gracefully shutting down' : 'exiting'}`);
    for (let i = 0; i < 8; i++) n(`${t} [notice] ${pid + 28 + i}#${pid + 28 + i}: exit`);
    for (let i = 0; i < 8; i++) {
      n(`${t} [notice] ${pid}#${pid}: signal 17 (SIGCHLD) received from ${pid + 28 + i}`);
      n(`${t} [notice] ${pid}#${pid}: worker process ${pid + 28 + i} exited with code 0`);
    }
    n(`${t} [notice] ${pid}#${pid}: exit`);
    try { c.fs.unlink('/var/run/nginx.pid'); } catch { /* gone */ }
    return 0;
  }
  if (sig === 1) {
    n(`${t} [notice] ${pid}#${pid}: signal 1 (SIGHUP) received from ${from}, reconfiguring`);
    n(`${t} [notice] ${pid}#${pid}: reconfiguring`);
    let conf: NginxConf;
    const texts: [string, string][] = [];
    try { conf = loadConf(c, '/etc/nginx/nginx.conf', texts); } catch (e) {
      const msg = e instanceof ConfError ? `${e.message}${e.line ? ` in ${e.file}:${e.line}` : ''}` : String(e);
      n(`${t} [emerg] ${pid}#${pid}: ${msg}`);
      return 'ignore';
    }
    const ports = confPorts(conf);
    for (const p of (c.st.ports as number[] | undefined) ?? []) if (!ports.includes(p)) c.sys.unlisten(p);
    for (const p of ports) c.sys.listen(p);
    c.st.ports = ports;
    c.st.conf = keepConf(c, conf, '/etc/nginx/nginx.conf', texts);
    const gen = ((c.st.gen as number | undefined) ?? 0) + 1;
    c.st.gen = gen;
    n(`${t} [notice] ${pid}#${pid}: using the "epoll" event method`);
    n(`${t} [notice] ${pid}#${pid}: start worker processes`);
    for (let i = 0; i < 8; i++) n(`${t} [notice] ${pid}#${pid}: start worker process ${pid + 28 + gen * 10 + i}`);
    return 'ignore';
  }
  if (sig === 10) { n(`${t} [notice] ${pid}#${pid}: signal 10 (SIGUSR1) received from ${from}, reopening logs`); n(`${t} [notice] ${pid}#${pid}: reopening logs`); return 'ignore'; }
  return 'ignore';
};
onSignal('nginx', nginxSignal);
onSignal('nginx-debug', nginxSignal);
memoryOf('nginx', 6 * 1024 * 1024);
memoryOf('nginx-debug', 6 * 1024 * 1024);
serve('nginx', nginxServe);
serve('nginx-debug', nginxServe);
register({ nginx, 'nginx-debug': nginx });
