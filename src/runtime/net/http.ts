// HTTP/1.x on the simulated wire: what clients (curl, wget, the kubelet's httpGet probes, port-forward)
// send and what servers (nginx, httpd, kubia, agnhost…) answer, as text. Bodies are JavaScript strings;
// lengths are their UTF-8 byte counts, as a real Content-Length would be.

export interface HttpRequest {
  method: string;
  /** The request target as sent (/path?query). */
  target: string;
  path: string;
  query: string;
  version: string;
  headers: [string, string][];
  body: string;
}
export interface HttpResponse {
  version?: string;
  status: number;
  reason?: string;
  headers: [string, string][];
  body: string;
}

export const REASONS: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 411: 'Length Required',
  413: 'Request Entity Too Large', 414: 'Request-URI Too Large', 416: 'Requested Range Not Satisfiable',
  429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
};

export const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

export function header(h: [string, string][], name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of h) if (k.toLowerCase() === n) return v;
  return undefined;
}

/** Parse a request; undefined while it is incomplete, 'bad' when it is not HTTP. */
export function parseRequest(raw: string): HttpRequest | undefined | 'bad' {
  const end = raw.indexOf('\r\n\r\n');
  const endLf = raw.indexOf('\n\n');
  const cut = end >= 0 && (endLf < 0 || end < endLf) ? end + 4 : endLf >= 0 ? endLf + 2 : -1;
  if (cut < 0) return /^[A-Z]+ \S+ HTTP\/\d\.\d\r?\n/.test(raw) || /^[A-Z]* ?$/.test(raw) ? undefined : raw.includes('\n') ? 'bad' : undefined;
  const lines = raw.slice(0, cut).split(/\r?\n/);
  const m = /^([A-Z]+) (\S+)(?: (HTTP\/\d\.\d))?$/.exec(lines[0] ?? '');
  if (!m) return 'bad';
  const headers: [string, string][] = [];
  for (const l of lines.slice(1)) {
    if (!l) continue;
    const i = l.indexOf(':');
    if (i <= 0) return 'bad';
    headers.push([l.slice(0, i), l.slice(i + 1).trim()]);
  }
  const target = m[2]!;
  let path = target, query = '';
  const abs = /^https?:\/\/[^/]*(\/.*)?$/.exec(target);
  if (abs) path = abs[1] ?? '/';
  const q = path.indexOf('?');
  if (q >= 0) { query = path.slice(q + 1); path = path.slice(0, q); }
  const len = Number(header(headers, 'content-length') ?? '0') || 0;
  const body = raw.slice(cut, cut + len);
  return { method: m[1]!, target, path, query, version: m[3] ?? 'HTTP/0.9', headers, body };
}

/** A response as bytes on the wire (no body for HEAD; Content-Length kept as the GET would have). */
export function formatResponse(r: HttpResponse, head = false): string {
  let s = `${r.version ?? 'HTTP/1.1'} ${r.status} ${r.reason ?? REASONS[r.status] ?? ''}\r\n`;
  for (const [k, v] of r.headers) s += `${k}: ${v}\r\n`;
  return s + '\r\n' + (head ? '' : r.body);
}

/** Parse a response as a client reads it (for HEAD, no body is expected). */
export function parseResponse(raw: string, head = false): HttpResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const cut = end >= 0 ? end + 4 : raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') + 2 : -1;
  if (cut < 0) return undefined;
  const lines = raw.slice(0, cut).split(/\r?\n/);
  const m = /^(HTTP\/\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) return undefined;
  const headers: [string, string][] = [];
  for (const l of lines.slice(1)) {
    if (!l) continue;
    const i = l.indexOf(':');
    if (i > 0) headers.push([l.slice(0, i), l.slice(i + 1).trim()]);
  }
  let body = head ? '' : raw.slice(cut);
  if (!head && /chunked/i.test(header(headers, 'transfer-encoding') ?? '')) body = unchunk(body);
  return { version: m[1], status: Number(m[2]), reason: m[3] ?? '', headers, body };
}

function unchunk(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const nl = s.indexOf('\r\n', i);
    if (nl < 0) return out;
    const n = parseInt(s.slice(i, nl), 16);
    if (!n) return out;
    out += s.slice(nl + 2, nl + 2 + n);
    i = nl + 2 + n + 2;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
/** RFC 7231 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}
/** nginx's $time_local (UTC in containers): "06/Dec/2026:22:30:04 +0000". */
export function clfDate(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** A URL as clients take it apart (scheme defaults to http). */
export interface Url { scheme: string; host: string; port: number; path: string; user?: string; raw: string }
export function parseUrl(s: string, defScheme = 'http'): Url | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(?:([^@/]*)@)?(\[[0-9a-fA-F:.]+\]|[^/:?#]*)(?::(\d*))?([/?#].*)?$/.exec(s);
  if (!m) return undefined;
  const scheme = (m[1] ?? defScheme).toLowerCase();
  const host = m[3]!.replace(/^\[|\]$/g, '');
  const port = m[4] ? Number(m[4]) : scheme === 'https' ? 443 : scheme === 'ftp' ? 21 : 80;
  let path = m[5] ?? '/';
  if (path.startsWith('?')) path = '/' + path;
  path = path.replace(/#.*$/, '') || '/';
  return { scheme, host, port, path, ...(m[2] !== undefined ? { user: m[2] } : {}), raw: s };
}
