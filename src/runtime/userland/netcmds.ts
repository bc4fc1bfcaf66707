// Network clients: curl, wget (busybox and GNU), nc, telnet, nslookup (busybox's two, bind's), dig,
// host, getent, ping. They talk through the pod's NetApi (src/runtime/net/): resolution through
// /etc/hosts and the cluster DNS, connections through kube-proxy's rules. Every message, exit code and
// stream is the real tool's (curl 7.88.1 on Debian bookworm and busybox 1.36 were the oracles).
// A request happens at the instant the command runs; what takes time (timeouts, ping's interval) is
// a plan of writes at offsets that the command sleeps through.
import type { CmdCtx, CmdResult, LookupResult, DnsRR, DnsResult, RRType, NetReply, NetFail } from '../types';
import { register, onSignal, isBusybox, variant } from './index';
import { FsError, FS_MESSAGES } from '../fs';
import { parseUrl, parseResponse, header, byteLength, HttpResponse, Url } from '../net/http';
import { isIP, isIPv4, ptrName } from '../net/dns';

// ---------------------------------------------------------------------------------------------- plans
interface Step { at: number; fd: 1 | 2; text: string }
interface Plan { steps: Step[]; end: number; code: number; i?: number }
/** Outputs at offsets (ms) from the start, then the exit code at `end` (-1: never ends on its own). */
class Planner {
  steps: Step[] = [];
  t = 0;
  out(text: string): void { if (text) this.steps.push({ at: this.t, fd: 1, text }); }
  err(text: string): void { if (text) this.steps.push({ at: this.t, fd: 2, text }); }
  wait(ms: number): void { this.t = ms < 0 || this.t < 0 ? -1 : this.t + ms; }
  done(code: number): Plan { return { steps: this.steps, end: this.t, code }; }
}
function runPlan(c: CmdCtx, plan?: Plan): CmdResult {
  if (plan) { c.st.plan = plan; c.st.el = 0; plan.i = 0; }
  const p = c.st.plan as Plan;
  const el = c.st.el as number;
  while (p.i! < p.steps.length && p.steps[p.i!]!.at >= 0 && p.steps[p.i!]!.at <= el) { const s = p.steps[p.i!++]!; c.write(s.text, s.fd); }
  if (p.i! < p.steps.length) {
    const next = p.steps[p.i!]!.at;
    if (next < 0) return { block: { forever: true } };
    c.st.el = next;
    return { block: { ms: next - el } };
  }
  if (p.end < 0) return { block: { forever: true } };
  if (p.end > el) { c.st.el = p.end; return { block: { ms: p.end - el } }; }
  return p.code;
}
const resumed = (c: CmdCtx) => c.st.plan !== undefined;

function writeFileFor(c: CmdCtx, path: string, data: string, append = false): string | undefined {
  let abs = path;
  try { abs = c.fs.resolve(path, c.cwd); } catch { /* as given */ }
  if (abs === '/dev/null') return undefined;
  if (abs === '/dev/stdout' || abs === '/proc/self/fd/1') { c.write(data, 1); return undefined; }
  if (abs === '/dev/stderr' || abs === '/proc/self/fd/2') { c.write(data, 2); return undefined; }
  try { c.fs.writeFile(path, data, { cwd: c.cwd, cred: c.cred, append }); return undefined; }
  catch (e) { return e instanceof FsError ? FS_MESSAGES[e.code] ?? e.code : String(e); }
}

// ---------------------------------------------------------------------------------------------- curl
const CURL_DEFAULT = '7.88.1';
interface CurlOpts {
  urls: string[]; silent: boolean; showError: boolean; fail: boolean; follow: boolean; head: boolean; include: boolean;
  verbose: boolean; output: (string | null)[]; remoteName: number; method?: string; headers: string[]; data?: string;
  maxTime?: number; connectTimeout?: number; writeOut?: string; user?: string; agent?: string; insecure: boolean;
  family: 0 | 4 | 6; resolve: string[]; maxRedirs: number; get: boolean; failWithBody: boolean; cacert?: string;
}

const CURL_BOOL: Record<string, keyof CurlOpts> = {
  s: 'silent', '--silent': 'silent', S: 'showError', '--show-error': 'showError', f: 'fail', '--fail': 'fail',
  L: 'follow', '--location': 'follow', I: 'head', '--head': 'head', i: 'include', '--include': 'include',
  v: 'verbose', '--verbose': 'verbose', k: 'insecure', '--insecure': 'insecure', G: 'get', '--get': 'get',
  '--fail-with-body': 'failWithBody',
};
const CURL_IGNORED = new Set(['--compressed', '--http1.1', '--http1.0', '--http2', '-N', '--no-buffer', '--no-keepalive', '--tcp-nodelay', '-#', '--progress-bar', '--globoff', '-g', '--raw', '--ssl-no-revoke', '--no-progress-meter', '--path-as-is']);
const CURL_ARG = new Set(['-o', '--output', '-X', '--request', '-H', '--header', '-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '--data-ascii',
  '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '--resolve', '--max-redirs',
  '--retry', '--retry-delay', '--retry-max-time', '-x', '--proxy', '--cacert', '--capath', '--cert', '--key', '-b', '--cookie', '-c', '--cookie-jar',
  '-T', '--upload-file', '-r', '--range', '-F', '--form', '--noproxy', '--unix-socket', '-Y', '-y', '--limit-rate', '--interface', '--dns-servers', '-K', '--config', '--url']);

function curlHelp(c: CmdCtx, msg: string): number {
  c.err(`curl: ${msg}`);
  c.err("curl: try 'curl --help' or 'curl --manual' for more information");
  return 2;
}

function parseCurl(c: CmdCtx): CurlOpts | number {
  const o: CurlOpts = { urls: [], silent: false, showError: false, fail: false, follow: false, head: false, include: false, verbose: false,
    output: [], remoteName: 0, headers: [], insecure: false, family: 0, resolve: [], maxRedirs: 50, get: false, failWithBody: false };
  const args = c.argv.slice(1);
  const setArg = (name: string, v: string): number | undefined => {
    switch (name) {
      case '-o': case '--output': o.output.push(v); break;
      case '-X': case '--request': o.method = v; break;
      case '-H': case '--header': o.headers.push(v); break;
      case '-d': case '--data': case '--data-ascii': case '--data-binary': case '--data-raw': case '--data-urlencode': {
        let d = v;
        if (name !== '--data-raw' && d.startsWith('@')) {
          try { d = c.fs.readFile(d.slice(1), c.cwd, c.cred); } catch { c.err(`Warning: Couldn't read data from file "${d.slice(1)}", this makes an empty`); c.err('Warning: POST.'); d = ''; }
          if (name !== '--data-binary') d = d.replace(/[\r\n]/g, '');
        }
        if (name === '--data-urlencode') { const eq = d.indexOf('='); d = eq >= 0 ? d.slice(0, eq + 1) + encodeURIComponent(d.slice(eq + 1)) : encodeURIComponent(d); }
        o.data = o.data === undefined ? d : `${o.data}&${d}`;
        break;
      }
      case '-m': case '--max-time': { const n = Number(v); if (!Number.isFinite(n)) return curlHelp(c, `option ${name}: expected a proper numerical parameter`); o.maxTime = n * 1000; break; }
      case '--connect-timeout': { const n = Number(v); if (!Number.isFinite(n)) return curlHelp(c, `option ${name}: expected a proper numerical parameter`); o.connectTimeout = n * 1000; break; }
      case '-w': case '--write-out': o.writeOut = v; break;
      case '-u': case '--user': o.user = v; break;
      case '-A': case '--user-agent': o.agent = v; break;
      case '-e': case '--referer': o.headers.push(`Referer: ${v}`); break;
      case '--resolve': o.resolve.push(v); break;
      case '--max-redirs': o.maxRedirs = Number(v); break;
      case '--cacert': o.cacert = v; break;
      case '--url': o.urls.push(v); break;
      case '-b': case '--cookie': if (v.includes('=')) o.headers.push(`Cookie: ${v}`); break;
    }
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { o.urls.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (name === '--version') { versionCurl(c); return 0; }
      if (name === '--help') { c.write('Usage: curl [options...] <url>\n -d, --data <data>          HTTP POST data\n -f, --fail                 Fail fast with no output on HTTP errors\n -h, --help <category>      Get help for commands\n -i, --include              Include protocol response headers in the output\n -o, --output <file>        Write to file instead of stdout\n -O, --remote-name          Write output to a file named as the remote file\n -s, --silent               Silent mode\n -T, --upload-file <file>   Transfer local FILE to destination\n -u, --user <user:password> Server user and password\n -A, --user-agent <name>    Send User-Agent <name> to server\n -v, --verbose              Make the operation more talkative\n -V, --version              Show version number and quit\n\nThis is not the full help, this menu is stripped into categories.\nUse "--help category" to get an overview of all categories.\nFor all options use the manual or "--help all".\n'); return 0; }
      if (CURL_BOOL[name]) { (o as any)[CURL_BOOL[name]!] = true; continue; }
      if (name === '--remote-name' || name === '--remote-name-all') { o.remoteName++; continue; }
      if (name === '--ipv4') { o.family = 4; continue; }
      if (name === '--ipv6') { o.family = 6; continue; }
      if (name === '--no-progress-meter') { (o as any).noMeter = true; continue; }
      if (CURL_IGNORED.has(name)) continue;
      if (CURL_ARG.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return curlHelp(c, `option ${name}: requires parameter`);
        const r = setArg(name, v);
        if (r !== undefined) return r;
        continue;
      }
      return curlHelp(c, `option ${name}: is unknown`);
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (ch === 'V') { versionCurl(c); return 0; }
        if (ch === 'h') return curlHelp(c, 'option -h: is unknown') && 0;
        if (CURL_BOOL[ch]) { (o as any)[CURL_BOOL[ch]!] = true; continue; }
        if (ch === 'O') { o.remoteName++; continue; }
        if (ch === '4') { o.family = 4; continue; }
        if (ch === '6') { o.family = 6; continue; }
        if (ch === 'N' || ch === '#' || ch === 'g') continue;
        if (CURL_ARG.has(`-${ch}`)) {
          const rest = a.slice(j + 1);
          const v = rest || args[++i];
          if (v === undefined) return curlHelp(c, `option -${ch}: requires parameter`);
          const r = setArg(`-${ch}`, v);
          if (r !== undefined) return r;
          break;
        }
        return curlHelp(c, `option -${ch}: is unknown`);
      }
      continue;
    }
    o.urls.push(a);
  }
  if (!o.urls.length) { c.err("curl: try 'curl --help' or 'curl --manual' for more information"); return 2; }
  return o;
}

function versionCurl(c: CmdCtx): void {
  const v = variant(c) ?? CURL_DEFAULT;
  const lib = v.startsWith('7.4') ? `libcurl/${v} GnuTLS/3.4.10 zlib/1.2.8 libidn/1.32 librtmp/2.3` : v.startsWith('8') ? `libcurl/${v} OpenSSL/3.3.2 zlib/1.3.1 brotli/1.1.0 zstd/1.5.6 c-ares/1.34.3 libidn2/2.3.7 libpsl/0.21.5 nghttp2/1.64.0` : `libcurl/${v} OpenSSL/3.0.15 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13`;
  c.write(`curl ${v} (x86_64-pc-linux-gnu) ${lib}\nRelease-Date: ${v === '7.88.1' ? '2023-02-20, security patched: 7.88.1-10+deb12u8' : v.startsWith('7.4') ? '2016-01-27' : '2024-12-11'}\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n`);
}

/** curl's max5data: a number in five columns (12345, 1234k, 12.3M). */
function max5(n: number): string {
  const K = 1024, M = K * K;
  if (n < 100000) return String(Math.floor(n)).padStart(5);
  if (n < 10000 * K) return `${String(Math.floor(n / K)).padStart(4)}k`;
  if (n < 100 * M) return `${String(Math.floor(n / M)).padStart(2)}.${Math.floor((n % M) / (M / 10))}M`;
  return `${String(Math.floor(n / M)).padStart(4)}M`;
}
const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
function meterLine(total: number, got: number, ms: number): string {
  const pct = (a: number, b: number) => String(b > 0 ? Math.floor((a * 100) / b) : 0).padStart(3);
  const speed = ms > 0 ? (got * 1000) / ms : got > 0 ? got * 1000 : 0;
  const t = ms >= 1000 ? fmtDur(ms) : '--:--:--';
  return `\r${pct(got, total)} ${max5(total)}  ${pct(got, total)} ${max5(got)}    0     0  ${max5(speed)}      0 --:--:-- ${t} --:--:-- ${max5(got > 0 ? speed : 0)}`;
}
function fmtDur(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function curl(c: CmdCtx): CmdResult {
  if (resumed(c)) return runPlan(c);
  const o = parseCurl(c);
  if (typeof o === 'number') return o;
  const v = variant(c) ?? CURL_DEFAULT;
  const old = Number(v.split('.')[0]) === 7 && Number(v.split('.')[1]) < 75;
  const pl = new Planner();
  const toTty = c.sys.isatty(1);
  let code = 0;
  let outIdx = 0;
  for (const rawUrl of o.urls) {
    const outFile = o.output[outIdx] ?? (o.remoteName > outIdx ? 'REMOTE' : undefined);
    outIdx++;
    const meter = !o.silent && !(o as any).noMeter && !o.verbose ? true : !o.silent && o.verbose;
    const showMeter = meter && (outFile !== undefined || !toTty);
    (pl as Planner & { wo?: boolean }).wo = false;
    code = curlOne(c, o, rawUrl, outFile ?? null, pl, showMeter, old, v);
    // -w is written even when the transfer failed (http_code 000)
    if (o.writeOut !== undefined && !(pl as Planner & { wo?: boolean }).wo) {
      const u = parseUrl(rawUrl) ?? { scheme: 'http', host: '', port: 80, path: '/', raw: rawUrl };
      pl.out(writeOut(o.writeOut, { res: { status: 0, headers: [], body: '' }, url: u, ip: '', len: 0, redirects: 0, headLen: 0, exit: code }));
    }
  }
  return runPlan(c, pl.done(code));
}

function curlOne(c: CmdCtx, o: CurlOpts, rawUrl: string, outFile: string | null, pl: Planner, showMeter: boolean, old: boolean, ver: string): number {
  const errs = !o.silent || o.showError;
  const fail = (code: number, msg: string) => { if (showMeter) pl.err('\n'); if (errs) pl.err(`curl: (${code}) ${msg}\n`); return code; };
  const verbose = (s: string) => { if (o.verbose) pl.err(s); };
  const first = parseUrl(rawUrl);
  if (!first || !first.host) { if (showMeter) pl.err(METER_HEAD + meterLine(0, 0, 0)); return fail(3, old ? `<url> malformed` : 'URL using bad/illegal format or missing URL'); }
  let url: Url = first;
  if (url.scheme !== 'http' && url.scheme !== 'https') { if (errs) pl.err(`curl: (1) Protocol "${url.scheme}" not supported or disabled in libcurl\n`); return 1; }
  if (outFile === 'REMOTE' && !url.path.replace(/\?.*$/, '').replace(/.*\//, '')) { pl.err('curl: Remote file name has no length!\ncurl: (23) Failed writing received data to disk/application\n'); return 23; }
  if (showMeter) pl.err(METER_HEAD + meterLine(0, 0, 0));
  let redirects = 0;
  let method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined && !o.get ? 'POST' : 'GET');
  let elapsed = 0;
  for (;;) {
    // resolve
    let addrs: string[];
    const pinned = o.resolve.map(r => r.split(':')).find(r => r[0] === url!.host && Number(r[1]) === url!.port);
    if (pinned) addrs = [pinned.slice(2).join(':')];
    else {
      const r: LookupResult = c.net.lookup(url.host, { family: o.family });
      elapsed += r.ms;
      if ('error' in r) {
        const limit = o.maxTime;
        if (limit !== undefined && r.ms > limit) { pl.wait(limit); return fail(28, `Resolving timed out after ${limit} milliseconds`); }
        pl.wait(r.ms);
        if (showMeter) { /* the resolve failure leaves the meter's line open */ }
        if (errs) pl.err(`curl: (6) Could not resolve host: ${url.host}\n`);
        return 6;
      }
      addrs = r.addrs;
    }
    // connect (each address in turn) and exchange
    const hostHdr = url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}`;
    const path = o.get && o.data !== undefined ? `${url.path}${url.path.includes('?') ? '&' : '?'}${o.data}` : url.path;
    const lines: string[] = [`${method} ${path} HTTP/1.1`];
    const custom = new Map<string, string | null>();
    for (const h of o.headers) {
      const i = h.indexOf(':');
      if (i <= 0) { const semi = h.endsWith(';') ? h.slice(0, -1) : undefined; if (semi) custom.set(semi.toLowerCase(), `${semi}:`); continue; }
      const k = h.slice(0, i).trim(), val = h.slice(i + 1).trim();
      custom.set(k.toLowerCase(), val === '' && !h.endsWith(';') ? null : h);
    }
    const std: [string, string][] = [['Host', hostHdr]];
    if (o.user !== undefined) std.push(['Authorization', `Basic ${Buffer.from(o.user.includes(':') ? o.user : `${o.user}:`).toString('base64')}`]);
    std.push(['User-Agent', o.agent ?? `curl/${ver}`], ['Accept', '*/*']);
    for (const [k, val] of std) {
      if (custom.has(k.toLowerCase())) { const cv = custom.get(k.toLowerCase()); if (cv) lines.push(cv); custom.delete(k.toLowerCase()); }
      else lines.push(`${k}: ${val}`);
    }
    const body = method !== 'GET' && method !== 'HEAD' || (o.data !== undefined && !o.get) ? o.data : undefined;
    for (const [, cv] of custom) if (cv) lines.push(cv);
    if (body !== undefined) {
      if (!o.headers.some(h => /^content-length\s*:/i.test(h))) lines.push(`Content-Length: ${byteLength(body)}`);
      if (!o.headers.some(h => /^content-type\s*:/i.test(h))) lines.push('Content-Type: application/x-www-form-urlencoded');
    }
    const request = lines.map(l => l + '\r\n').join('') + '\r\n' + (body ?? '');
    let reply: NetReply | NetFail | undefined;
    let ip = '';
    const budget = o.connectTimeout ?? o.maxTime;
    for (const a of addrs) {
      ip = a;
      verbose(`*   Trying ${a.includes(':') ? `[${a}]` : a}:${url.port}...\n`);
      reply = c.net.exchange(a, url.port, request, { tls: url.scheme === 'https', ...(budget !== undefined ? { timeoutMs: budget } : {}) });
      if (!('error' in reply) || reply.error !== 'refused') break;
      verbose(`* connect to ${a} port ${url.port} failed: Connection refused\n`);
    }
    if (!reply) return fail(6, `Could not resolve host: ${url.host}`);
    if ('error' in reply) {
      const e = reply;
      if (e.error === 'refused' || e.error === 'unreachable' || (e.error === 'timeout' && budget === undefined && e.ms >= 0)) {
        pl.wait(e.ms);
        elapsed += e.ms;
        if (showMeter) pl.err(meterLine(0, 0, elapsed));
        const msg = old ? `Failed to connect to ${url.host} port ${url.port}: ${e.error === 'refused' ? 'Connection refused' : e.error === 'unreachable' ? 'No route to host' : 'Connection timed out'}`
          : `Failed to connect to ${url.host} port ${url.port} after ${e.ms} ms: Couldn't connect to server`;
        verbose(`* ${msg}\n* Closing connection 0\n`);
        return fail(7, msg);
      }
      if (e.error === 'reset') {
        if (url.scheme === 'https') return fail(35, 'error:0A00010B:SSL routines::wrong version number');
        return fail(56, 'Recv failure: Connection reset by peer');
      }
      // timeouts: --connect-timeout / -m, or a server that never answers
      if (e.ms < 0) {
        // connected, no answer
        if (o.maxTime === undefined) { pl.wait(-1); return 0; }
        pl.wait(o.maxTime);
        if (showMeter) pl.err(meterLine(0, 0, o.maxTime));
        return fail(28, `Operation timed out after ${o.maxTime} milliseconds with 0 bytes received`);
      }
      pl.wait(e.ms);
      if (showMeter) pl.err(meterLine(0, 0, e.ms));
      if (o.connectTimeout !== undefined && (o.maxTime === undefined || o.connectTimeout <= o.maxTime)) return fail(28, `Failed to connect to ${url.host} port ${url.port} after ${e.ms} ms: Timeout was reached`);
      return fail(28, `Connection timed out after ${e.ms} milliseconds`);
    }
    // connected and answered
    verbose(`* Connected to ${url.host} (${ip}) port ${url.port} (#0)\n`);
    if (url.scheme === 'https' && reply.cert === 'cluster' && !o.insecure && !o.cacert) {
      verbose('* SSL certificate problem: unable to get local issuer certificate\n* Closing connection 0\n');
      if (showMeter) pl.err('\n');
      if (errs) pl.err(`curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n`);
      return 60;
    }
    if (o.verbose) for (const l of request.slice(0, request.indexOf('\r\n\r\n') + 2).split('\r\n').slice(0, -1)) pl.err(`> ${l}\r\n`);
    if (o.verbose) pl.err('> \r\n');
    if (!reply.data) { verbose('* Empty reply from server\n* Closing connection 0\n'); return fail(52, 'Empty reply from server'); }
    const res = parseResponse(reply.data, method === 'HEAD');
    if (!res) return fail(1, 'Received HTTP/0.9 when not allowed');
    const headText = reply.data.slice(0, reply.data.indexOf('\r\n\r\n') + 4);
    if (o.verbose) {
      if (res.version === 'HTTP/1.0') pl.err('* HTTP 1.0, assume close after body\n');
      for (const l of headText.split('\r\n').slice(0, -1)) pl.err(`< ${l}\r\n`);
    }
    const len = byteLength(res.body);
    const location = header(res.headers, 'location');
    if (o.follow && location && res.status >= 300 && res.status < 400) {
      if (o.include) pl.out(headText);
      if (++redirects > o.maxRedirs) return fail(47, `Maximum (${o.maxRedirs}) redirects followed`);
      const next: Url | undefined = location.includes('://') ? parseUrl(location) : parseUrl(`${url.scheme}://${hostHdr}${location.startsWith('/') ? location : url.path.replace(/[^/]*$/, '') + location}`);
      verbose(`* Connection #0 to host ${url.host} left intact\n* Issue another request to this URL: '${next?.raw ?? location}'\n`);
      if (!next) return fail(3, 'URL using bad/illegal format or missing URL');
      if ((res.status === 301 || res.status === 302 || res.status === 303) && method === 'POST') method = 'GET';
      url = next;
      continue;
    }
    if ((o.fail || o.failWithBody) && res.status >= 400) {
      if (showMeter) pl.err(meterLine(method === 'HEAD' ? 0 : len, 0, 1));
      verbose(`* The requested URL returned error: ${res.status}\n* Closing connection 0\n`);
      if (o.failWithBody) emitBody(c, pl, res.body, outFile, url);
      if (o.writeOut !== undefined) { pl.out(writeOut(o.writeOut, { res, url, ip, len: 0, redirects, headLen: byteLength(headText), exit: 22 })); (pl as Planner & { wo?: boolean }).wo = true; }
      return fail(22, old ? `The requested URL returned error: ${res.status} ${res.reason ?? ''}`.trimEnd() : `The requested URL returned error: ${res.status}`);
    }
    if (o.verbose && method !== 'HEAD') pl.err(`{ [${len} bytes data]\n`);
    let wrote = '';
    if (o.include || o.head) wrote += headText;
    if (method !== 'HEAD') wrote += res.body;
    const werr = emitBody(c, pl, wrote, outFile, url);
    if (werr === 'noname') { if (showMeter) pl.err('\n'); pl.err('curl: Remote file name has no length!\ncurl: (23) Failed writing received data to disk/application\n'); return 23; }
    if (werr) {
      if (showMeter) pl.err(`Warning: Failed to open the file ${werr.path}: ${werr.msg}\n${meterLine(len, len, 1)}\n`);
      else if (!o.silent) pl.err(`Warning: Failed to open the file ${werr.path}: ${werr.msg}\n`);
      if (errs) pl.err('curl: (23) Failure writing output to destination\n');
      return 23;
    }
    if (showMeter) pl.err(meterLine(method === 'HEAD' ? 0 : len, method === 'HEAD' ? 0 : len, 1) + '\n');
    verbose(reply.close || res.version === 'HTTP/1.0' ? '* Closing connection 0\n' : `* Connection #0 to host ${url.host} left intact\n`);
    if (o.writeOut !== undefined) { pl.out(writeOut(o.writeOut, { res, url, ip, len, redirects, headLen: byteLength(headText), exit: 0 })); (pl as Planner & { wo?: boolean }).wo = true; }
    return 0;
  }
}

function emitBody(c: CmdCtx, pl: Planner, data: string, outFile: string | null, url: Url): { path: string; msg: string } | 'noname' | undefined {
  if (outFile === null || outFile === '-') { pl.out(data); return undefined; }
  let path = outFile;
  if (outFile === 'REMOTE') {
    path = url.path.replace(/\?.*$/, '').replace(/.*\//, '');
    if (!path) return 'noname';
  }
  const e = writeFileFor(c, path, data);
  return e ? { path, msg: e } : undefined;
}

function writeOut(fmt: string, x: { res: HttpResponse; url: Url; ip: string; len: number; redirects: number; headLen: number; exit: number }): string {
  return fmt.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/%\{([a-z_]+)\}/g, (m, k: string) => {
    switch (k) {
      case 'http_code': case 'response_code': return String(x.res.status).padStart(3, '0');
      case 'size_download': return String(x.len);
      case 'size_header': return String(x.headLen);
      case 'url_effective': return x.url.raw.includes('://') ? x.url.raw : `http://${x.url.raw}`;
      case 'remote_ip': return x.ip;
      case 'remote_port': return String(x.url.port);
      case 'content_type': return header(x.res.headers, 'content-type') ?? '';
      case 'http_version': return (x.res.version ?? 'HTTP/1.1').replace('HTTP/', '');
      case 'num_redirects': return String(x.redirects);
      case 'exitcode': return String(x.exit);
      case 'errormsg': return '';
      case 'scheme': return x.url.scheme.toUpperCase();
      case 'method': return 'GET';
      case 'time_total': case 'time_connect': case 'time_starttransfer': case 'time_namelookup': case 'time_appconnect': case 'time_pretransfer': case 'time_redirect': return '0.001000';
      case 'speed_download': return String(x.len * 1000);
      default: return m;
    }
  }).replace(/%%/g, '%');
}

// ---------------------------------------------------------------------------------------------- wget
const bbVersion = (c: CmdCtx): number => {
  // busybox images say their version in their tag (busybox:1.28); alpine 3.2x ships 1.36
  const m = /busybox[^:]*:(\d+)\.(\d+)/.exec(c.pod.image);
  if (m) return Number(m[1]) * 100 + Number(m[2]);
  if (/(^|\/)busybox(:latest)?$/.test(c.pod.image.replace(/@.*$/, ''))) return 137;
  return 136;
};

function wget(c: CmdCtx): CmdResult {
  if (resumed(c)) return runPlan(c);
  return isBusybox(c) && variant(c) !== 'gnu' ? bbWget(c) : gnuWget(c);
}

interface WgetOpts { urls: string[]; out?: string; quiet: boolean; spider: boolean; server: boolean; timeout?: number; agent?: string; headers: string[]; post?: string; dir?: string; cont: boolean }

function bbWgetUsage(c: CmdCtx): number {
  c.err(`BusyBox v1.${bbVersion(c) % 100}.${bbVersion(c) === 128 ? 4 : bbVersion(c) === 137 ? 0 : 1} (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n\n\t--spider\tOnly check URL existence: $? is 0 if exists\n\t--header STR\tAdd STR (of form 'header: value') to headers\n\t--post-data STR\tSend STR using POST method\n\t--post-file FILE\tSend FILE using POST method\n\t--no-check-certificate\tDon't validate the server's certificate\n\t-c\t\tContinue retrieval of aborted transfer\n\t-q\t\tQuiet\n\t-P DIR\t\tSave to DIR (default .)\n\t-S    \t\tShow server response\n\t-T SEC\t\tNetwork read timeout is SEC seconds\n\t-O FILE\t\tSave to FILE ('-' for stdout)\n\t-o LOGFILE\tLog messages to FILE\n\t-U STR\t\tUse STR for User-Agent header\n\t-Y on/off\tUse proxy`);
  return 1;
}

function parseWget(c: CmdCtx, gnu: boolean): WgetOpts | number {
  const o: WgetOpts = { urls: [], quiet: false, spider: false, server: false, headers: [], cont: false };
  const args = c.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const long = a.startsWith('--') ? (eq > 0 ? a.slice(0, eq) : a) : '';
    const val = () => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    if (long) {
      switch (long) {
        case '--quiet': o.quiet = true; continue;
        case '--spider': o.spider = true; continue;
        case '--server-response': o.server = true; continue;
        case '--output-document': o.out = val(); continue;
        case '--timeout': case '--read-timeout': case '--connect-timeout': o.timeout = Number(val()) * 1000; continue;
        case '--user-agent': o.agent = val(); continue;
        case '--header': o.headers.push(val() ?? ''); continue;
        case '--post-data': o.post = val(); continue;
        case '--directory-prefix': o.dir = val(); continue;
        case '--continue': o.cont = true; continue;
        case '--no-check-certificate': case '--no-verbose': case '--verbose': case '--no-cache': case '--show-progress': case '--progress': continue;
        case '--tries': case '--wait': case '--output-file': case '--method': val(); continue;
        case '--version':
          if (gnu) { c.write('GNU Wget 1.21.3 built on linux-gnu.\n'); return 0; }
          return bbWgetUsage(c);
        default:
          if (gnu) { c.err(`wget: unrecognized option '${a}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.`); return 2; }
          c.err(`wget: unrecognized option '${a}'`); return bbWgetUsage(c);
      }
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const takes = 'OTUPotY'.includes(ch);
        if (takes) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) { c.err(gnu ? `wget: option requires an argument -- '${ch}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.` : `wget: option requires an argument -- '${ch}'`); return gnu ? 2 : bbWgetUsage(c); }
          if (ch === 'O') o.out = v;
          else if (ch === 'T') o.timeout = Number(v) * 1000;
          else if (ch === 'U') o.agent = v;
          else if (ch === 'P') o.dir = v;
          break;
        }
        if (ch === 'q') o.quiet = true;
        else if (ch === 'S') o.server = true;
        else if (ch === 'c') o.cont = true;
        else if (ch === 'n' || ch === 'v' || ch === 'N') continue;
        else { c.err(gnu ? `wget: invalid option -- '${ch}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.` : `wget: invalid option -- '${ch}'`); return gnu ? 2 : bbWgetUsage(c); }
      }
      continue;
    }
    o.urls.push(a);
  }
  if (!o.urls.length) {
    if (gnu) { c.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options."); return 1; }
    return bbWgetUsage(c);
  }
  return o;
}

function httpGetFor(c: CmdCtx, url: Url, ip: string, method: string, agent: string, extra: string[], post: string | undefined, keepAlive: boolean, timeoutMs?: number): NetReply | NetFail {
  const hostHdr = url.port === 80 ? url.host : `${url.host}:${url.port}`;
  let req = `${method} ${url.path} HTTP/1.1\r\nHost: ${hostHdr}\r\nUser-Agent: ${agent}\r\n`;
  if (keepAlive) req += 'Accept: */*\r\nAccept-Encoding: identity\r\nConnection: Keep-Alive\r\n'; else req += 'Connection: close\r\n';
  for (const h of extra) req += `${h}\r\n`;
  if (post !== undefined) req += `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${byteLength(post)}\r\n`;
  req += '\r\n' + (post ?? '');
  return c.net.exchange(ip, url.port, req, { tls: url.scheme === 'https', ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
}

function bbWget(c: CmdCtx): CmdResult {
  const o = parseWget(c, false);
  if (typeof o === 'number') return o;
  const ver = bbVersion(c);
  const pl = new Planner();
  const say = (s: string) => { if (!o.quiet) pl.err(s); };
  const die = (s: string) => { pl.err(`wget: ${s}\n`); return runPlan(c, pl.done(1)); };
  for (const raw of o.urls) {
    const first = parseUrl(raw);
    if (!first || !first.host || (first.scheme !== 'http' && first.scheme !== 'https' && first.scheme !== 'ftp')) return die(`not an http or ftp url: ${raw}`);
    let url: Url = first;
    if (url.scheme === 'ftp') return die(`bad address '${url.host}'`);
    let fname = o.out ?? (url.path.replace(/\?.*$/, '').replace(/.*\//, '') || 'index.html');
    if (o.out === undefined && o.dir) fname = `${o.dir.replace(/\/$/, '')}/${fname}`;
    let redirects = 0;
    for (;;) {
      const r = c.net.lookup(url.host, { family: 4 });
      pl.wait(r.ms);
      if ('error' in r) {
        // musl/glibc getaddrinfo failed
        return die(`bad address '${url.host}'`);
      }
      const ip = r.addrs.find(isIPv4) ?? r.addrs[0]!;
      say(`Connecting to ${url.host}${url.port !== 80 || raw.includes(`:${url.port}`) ? `:${url.port}` : ''} (${ip}:${url.port})\n`);
      const rep = httpGetFor(c, url, ip, o.post !== undefined ? 'POST' : 'GET', o.agent ?? 'Wget', o.headers, o.post, false, o.timeout);
      if ('error' in rep) {
        if (rep.error === 'timeout' && o.timeout !== undefined) { pl.wait(o.timeout); return die('download timed out'); }
        if (rep.ms < 0) { pl.wait(-1); return runPlan(c, pl.done(1)); }
        pl.wait(rep.ms);
        const why = rep.error === 'refused' ? 'Connection refused' : rep.error === 'unreachable' ? 'No route to host' : rep.error === 'reset' ? 'Connection reset by peer' : 'Connection timed out';
        return die(`can't connect to remote host (${ip}): ${why}`);
      }
      const res = parseResponse(rep.data);
      if (!res) return die('error getting response: Connection reset by peer');
      const statusLine = rep.data.slice(0, rep.data.indexOf('\r\n'));
      if (o.server) {
        pl.err(`  ${statusLine}\n`);
        for (const [k, v] of res.headers) pl.err(`  ${k}: ${v}\n`);
        if (ver >= 130) pl.err('  \n');
      }
      const loc = header(res.headers, 'location');
      if ([300, 301, 302, 303, 307, 308].includes(res.status) && loc) {
        if (++redirects >= 16) return die('too many redirections');
        if (loc.startsWith('/')) { url = { ...url, path: loc }; continue; }
        const n = parseUrl(loc);
        if (!n) return die(`not an http or ftp url: ${loc}`);
        url = n;
        continue;
      }
      if (![200, 201, 202, 203, 204].includes(res.status)) return die(`server returned error: ${statusLine}`);
      if (o.spider) { if (ver >= 130) say('remote file exists\n'); break; }
      const toStdout = fname === '-';
      const body = res.body;
      if (!toStdout) {
        const exists = c.fs.exists(fname, c.cwd);
        if (exists && o.out === undefined) return die(`can't open '${fname}': File exists`);
        const e = writeFileFor(c, fname, body);
        if (e) return die(`can't open '${fname}': ${e}`);
      }
      if (ver >= 130) say(toStdout ? 'writing to stdout\n' : `saving to '${fname}'\n`);
      if (toStdout) pl.out(body);
      if (!o.quiet) {
        const tty = c.sys.isatty(2);
        const name = toStdout ? '-' : fname.replace(/.*\//, '');
        const n = byteLength(body);
        const total = header(res.headers, 'content-length') !== undefined || true;
        void total;
        if (ver >= 130) {
          const size = n < 100000 ? String(n).padStart(5) : `${String(Math.floor(n / 1024)).padStart(4)}k`;
          pl.err(`${tty ? '\r' : ''}${name.slice(0, 20).padEnd(20)} 100% |${'*'.repeat(32)}| ${size}  0:00:00 ETA\n`);
        } else {
          pl.err(`${tty ? '\r' : ''}${name.slice(0, 20).padEnd(20)} 100% |${'*'.repeat(31)}|${String(n).padStart(6)}   0:00:00 ETA\n`);
        }
        if (ver >= 130) pl.err(toStdout ? 'written to stdout\n' : `'${fname}' saved\n`);
      }
      break;
    }
  }
  return runPlan(c, pl.done(0));
}

function gnuDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
/** GNU wget's rate: 4.86M, 12.3M, 331K (two, one or no decimals). */
function gnuRate(bps: number, long: boolean): string {
  const units = long ? ['B/s', 'KB/s', 'MB/s', 'GB/s'] : ['', 'K', 'M', 'G'];
  let v = bps, u = 0;
  while (v >= 1024 && u < 3) { v /= 1024; u++; }
  const num = v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0);
  return long ? `${num} ${units[u]}` : `${num}${units[u]}`;
}
function gnuWget(c: CmdCtx): CmdResult {
  const o = parseWget(c, true);
  if (typeof o === 'number') return o;
  const pl = new Planner();
  const say = (s: string) => { if (!o.quiet) pl.err(s); };
  let code = 0;
  const now = c.now();
  if (o.spider) say('Spider mode enabled. Check if remote file exists.\n');
  for (const raw of o.urls) {
    const first = parseUrl(raw);
    if (!first || !first.host) { pl.err(`${raw}: Invalid URL ${raw}: Scheme missing\n`); code = 1; continue; }
    let url: Url = first;
    let fname = o.out ?? (url.path.replace(/\?.*$/, '').replace(/.*\//, '') || 'index.html');
    let redirects = 0;
    for (;;) {
      say(`--${gnuDate(now + Math.max(0, pl.t))}--  ${url.scheme}://${url.host}${url.port !== (url.scheme === 'https' ? 443 : 80) ? `:${url.port}` : ''}${url.path}\n`);
      let ip = url.host;
      if (!isIP(url.host)) {
        say(`Resolving ${url.host} (${url.host})... `);
        const r = c.net.lookup(url.host, { family: 0 });
        pl.wait(r.ms);
        if ('error' in r) {
          say(`failed: ${r.error === 'TIMEOUT' ? 'Temporary failure in name resolution' : 'Name or service not known'}.\n`);
          pl.err(`wget: unable to resolve host address ‘${url.host}’\n`);
          return runPlan(c, pl.done(4));
        }
        say(`${r.addrs.join(', ')}\n`);
        ip = r.addrs[0]!;
        say(`Connecting to ${url.host} (${url.host})|${ip}|:${url.port}... `);
      } else say(`Connecting to ${url.host}:${url.port}... `);
      const rep = httpGetFor(c, url, ip, o.post !== undefined ? 'POST' : 'GET', o.agent ?? 'Wget/1.21.3', o.headers, o.post, true, o.timeout);
      if ('error' in rep) {
        if (rep.ms < 0) { say('connected.\nHTTP request sent, awaiting response... '); pl.wait(o.timeout ?? -1); if (o.timeout === undefined) return runPlan(c, pl.done(4)); say('Read error (Connection timed out) in headers.\nRetrying.\n\n'); return runPlan(c, pl.done(4)); }
        pl.wait(rep.ms);
        say(`failed: ${rep.error === 'refused' ? 'Connection refused' : rep.error === 'unreachable' ? 'No route to host' : 'Connection timed out'}.\n`);
        if (rep.error !== 'refused') say('Retrying.\n\n');
        return runPlan(c, pl.done(4));
      }
      say('connected.\nHTTP request sent, awaiting response... ');
      const res = parseResponse(rep.data);
      if (!res) { say('No data received.\nRetrying.\n\n'); return runPlan(c, pl.done(4)); }
      if (o.server) {
        say('\n');
        for (const l of rep.data.slice(0, rep.data.indexOf('\r\n\r\n')).split('\r\n')) say(`  ${l}\n`);
      } else say(`${res.status} ${res.reason}\n`);
      const loc = header(res.headers, 'location');
      if (res.status >= 300 && res.status < 400 && loc) {
        say(`Location: ${loc} [following]\n`);
        if (++redirects > 20) { pl.err('20 redirections exceeded.\n'); return runPlan(c, pl.done(8)); }
        const n = loc.startsWith('/') ? { ...url, path: loc, raw: loc } : parseUrl(loc);
        if (!n) return runPlan(c, pl.done(1));
        url = n;
        if (o.out === undefined) fname = url.path.replace(/.*\//, '') || 'index.html';
        continue;
      }
      if (res.status >= 400) {
        say(`${gnuDate(now)} ERROR ${res.status}: ${res.reason}.\n\n`);
        return runPlan(c, pl.done(8));
      }
      const n = byteLength(res.body);
      const type = header(res.headers, 'content-type');
      const human = n < 1024 ? '' : ` (${gnuRate(n, false).replace(/\.?0+([KMG])$/, '$1')})`;
      say(`Length: ${n}${human}${type ? ` [${type.split(';')[0]}]` : ''}\n`);
      if (o.spider) { say('Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n'); break; }
      let target = fname;
      if (fname !== '-' && o.out === undefined) { let k = 1; while (c.fs.exists(target, c.cwd)) target = `${fname}.${k++}`; }
      say(fname === '-' ? 'Saving to: ‘STDOUT’\n' : `Saving to: ‘${target}’\n\n`);
      if (fname === '-') pl.out(res.body);
      else { const e = writeFileFor(c, target, res.body); if (e) { pl.err(`${target}: ${e}\n`); return runPlan(c, pl.done(3)); } }
      if (fname === '-') say('\n');
      const bps = n / 0.00005;
      if (c.sys.isatty(2)) {
        const shown = (fname === '-' ? '-' : target).slice(0, 19).padEnd(19);
        say(`${shown} 100%[===================>]   ${String(n).padStart(3)}  --.-KB/s    in 0s      \n\n`);
      } else {
        const dots = Math.floor(n / 1024);
        let line = '     0K';
        for (let i = 0; i < 50; i++) line += (i % 10 === 0 ? ' ' : '') + (i < dots ? '.' : ' ');
        say(`${line}100% ${gnuRate(bps, false).padStart(5)}=0s\n\n`);
      }
      say(`${gnuDate(now)} (${gnuRate(bps, true)}) - ${fname === '-' ? 'written to stdout' : `‘${target}’ saved`} [${n}/${n}]\n\n`);
      break;
    }
  }
  return runPlan(c, pl.done(code));
}

// ---------------------------------------------------------------------------------------------- nc
function nc(c: CmdCtx): CmdResult {
  const st = c.st;
  if (st.plan) return runPlan(c);
  if (st.listen) return ncListen();
  if (st.conn) return ncPump(c);
  const bb = isBusybox(c) && variant(c) !== 'openbsd';
  const args = c.argv.slice(1);
  let listen = false, zero = false, verbose = 0, udp = false, wait: number | undefined, port: string | undefined, keep = false, exec: string[] | undefined, q: number | undefined;
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' || a === '-c') { exec = args.slice(i + 1); break; }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if ('wpsiqoW'.includes(ch)) {
          const v = a.slice(j + 1) || args[++i];
          if (ch === 'w') wait = Number(v) * 1000;
          else if (ch === 'p') port = v;
          else if (ch === 'q') q = Number(v);
          break;
        }
        if (ch === 'l') listen = true;
        else if (ch === 'z') zero = true;
        else if (ch === 'v') verbose++;
        else if (ch === 'u') udp = true;
        else if (ch === 'k') keep = true;
        else if (ch === 'n' || ch === 'N' || ch === 'd' || ch === '4' || ch === '6' || ch === 'C' || ch === 'b') continue;
        else if (ch === 'e') { exec = [a.slice(j + 1) || args[++i] || '', ...args.slice(i + 1)]; i = args.length; break; }
        else { c.err(bb ? `nc: invalid option -- '${ch}'` : `nc: invalid option -- '${ch}'\nusage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]`); return 1; }
      }
      continue;
    }
    pos.push(a);
  }
  void q;
  if (listen) {
    const p = Number(port ?? pos[pos.length - 1]);
    if (!p) { c.err(bb ? 'nc: UDP listen needs nonzero -p port' : 'nc: missing port number'); return 1; }
    if (c.sys.listen(p, udp ? 'UDP' : 'TCP') !== 'ok') { c.err(bb ? `nc: bind: Address already in use` : 'nc: Address already in use'); return 1; }
    st.listen = { port: p, udp, keep, verbose, exec: exec ?? null, bb };
    if (verbose) c.err(bb ? `listening on [::]:${p} ...` : `Listening on 0.0.0.0 ${p}`);
    return { block: { forever: true } };
  }
  if (pos.length < 2) {
    if (bb) { c.err('BusyBox v1.36.1 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen'); return 1; }
    c.err('usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]');
    return 1;
  }
  const host = pos[0]!;
  const ports = pos[1]!;
  const pl = new Planner();
  const r = c.net.lookup(host, { family: 4 });
  pl.wait(r.ms);
  if ('error' in r) {
    pl.err(bb ? `nc: bad address '${host}'\n` : `nc: getaddrinfo for host "${host}" port ${ports}: ${r.error === 'TIMEOUT' ? 'Temporary failure in name resolution' : 'Name or service not known'}\n`);
    return runPlan(c, pl.done(1));
  }
  const ip = r.addrs[0]!;
  const range = /^(\d+)-(\d+)$/.exec(ports);
  const list = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : [Number(ports)];
  let code = 1;
  for (const p of list) {
    const res = udp ? { ms: 0 } : c.net.connect(ip, p, { ...(wait !== undefined ? { timeoutMs: wait } : {}) });
    if ('error' in res) {
      pl.wait(res.ms);
      const why = res.error === 'refused' ? 'Connection refused' : res.error === 'unreachable' ? 'No route to host' : 'Connection timed out';
      if (bb) { if (verbose > 1 || (verbose && res.error !== 'refused') || (!verbose && !zero)) pl.err(`nc: ${verbose ? `${host} (${ip}:${p})` : `can't connect to remote host (${ip})`}: ${why}\n`); }
      else if (verbose || !zero) pl.err(`nc: connect to ${host} port ${p} (${udp ? 'udp' : 'tcp'}) ${res.error === 'timeout' ? 'timed out' : 'failed'}: ${why}\n`);
      continue;
    }
    code = 0;
    if (verbose) pl.err(bb ? `${host} (${ip}:${p}) open\n` : `Connection to ${host}${isIP(host) ? '' : ` (${ip})`} ${p} port [${udp ? 'udp' : 'tcp'}/${serviceName(p)}] succeeded!\n`);
    if (!zero && list.length === 1) {
      if (pl.steps.length || pl.t) { /* print what came before, then talk */ }
      for (const s of pl.steps) c.write(s.text, s.fd);
      st.conn = { ip, port: p, udp, bb };
      return ncPump(c);
    }
  }
  return runPlan(c, pl.done(code));
}
function serviceName(p: number): string {
  return ({ 80: 'http', 443: 'https', 53: 'domain', 22: 'ssh', 6379: 'redis', 3306: 'mysql', 5432: 'postgresql', 8080: 'http-alt', 2379: '*', 6443: 'sun-sr-https' } as Record<number, string>)[p] ?? '*';
}
/** A client connection: what stdin gives goes out; what comes back goes to stdout. */
function ncPump(c: CmdCtx): CmdResult {
  const conn = c.st.conn as { ip: string; port: number; udp: boolean; bb: boolean; closed?: 1 };
  for (;;) {
    const d = c.read(0);
    if (d === undefined) return { block: { read: 0 } };
    if (d === null) return 0;
    const r = c.net.exchange(conn.ip, conn.port, d, { proto: conn.udp ? 'udp' : 'tcp' });
    if ('error' in r) { if (r.ms < 0) return { block: { forever: true } }; return 1; }
    c.write(r.data);
    if (r.close && !conn.udp) return 0;
  }
}
/** A listening nc waits; one connection's data goes to its stdout and what its stdin holds is the answer,
 *  then it exits (-k: keeps listening). */
function ncListen(): CmdResult { return { block: { forever: true } }; }
function ncServe(c: CmdCtx, req: { data: unknown; from: string }): { data: string; close?: boolean; exit?: number } {
  const l = c.st.listen as { port: number; udp: boolean; keep: boolean; verbose: number; exec: string[] | null; bb: boolean };
  if (typeof req.data !== 'string') return { data: '', exit: l.keep ? undefined : 0 };
  if (l.verbose) c.err(l.bb ? `connect to [::ffff:${req.from}]:${l.port} from [::ffff:${req.from}]:${40000 + Math.floor(c.random() * 20000)} ([::ffff:${req.from}]:${40000})` : `Connection received on ${req.from} ${40000 + Math.floor(c.random() * 20000)}`);
  c.write(req.data);
  // what stdin holds now is the answer (echo … | nc -l, nc -l < file)
  let out = '';
  for (let i = 0; i < 1000; i++) {
    const d = c.read(0);
    if (d === undefined || d === null) break;
    out += d;
  }
  return { data: out, close: true, ...(l.keep ? {} : { exit: 0 }) };
}

// ---------------------------------------------------------------------------------------------- telnet
function telnet(c: CmdCtx): CmdResult {
  if (c.st.plan) return runPlan(c);
  if (c.st.conn) return ncPump(c);
  const args = c.argv.slice(1).filter(a => !a.startsWith('-'));
  if (!args.length) { c.err('BusyBox v1.36.1 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: telnet [-a] [-l USER] HOST [PORT]\n\nConnect to telnet server\n\n\t-a\tAutomatic login with $USER variable\n\t-l USER\tAutomatic login as USER'); return 1; }
  const host = args[0]!, port = Number(args[1] ?? 23);
  const pl = new Planner();
  const r = c.net.lookup(host, { family: 4 });
  pl.wait(r.ms);
  if ('error' in r) { pl.err(`telnet: bad address '${host}'\n`); return runPlan(c, pl.done(1)); }
  const ip = r.addrs[0]!;
  const res = c.net.connect(ip, port);
  if ('error' in res) {
    pl.wait(res.ms);
    pl.err(`telnet: can't connect to remote host (${ip}): ${res.error === 'refused' ? 'Connection refused' : res.error === 'unreachable' ? 'No route to host' : 'Connection timed out'}\n`);
    return runPlan(c, pl.done(1));
  }
  c.write(`Connected to ${host}\n`);
  c.st.conn = { ip, port, udp: false, bb: true };
  return ncPump(c);
}

// ---------------------------------------------------------------------------------------------- nslookup / dig / host
const RR_TYPES: RRType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];
const dot = (n: string) => (n.endsWith('.') ? n : `${n}.`);

function nslookup(c: CmdCtx): CmdResult {
  if (c.st.plan) return runPlan(c);
  if (!isBusybox(c) || variant(c) === 'bind') return bindNslookup(c);
  return bbVersion(c) < 129 ? oldNslookup(c) : newNslookup(c);
}

/** busybox ≤ 1.28: the libc resolver (search path applied), then reverse lookups of each address. */
function oldNslookup(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (!args[0] || args[0].startsWith('-') || args.length > 2) {
    c.err('BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server');
    return 1;
  }
  const pl = new Planner();
  const rc = c.net.resolvConf();
  const server = args[1] ?? rc.nameservers[0] ?? '127.0.0.1';
  const rev = (ip: string): string | undefined => {
    const n = ptrName(ip);
    if (!n) return undefined;
    const r = c.net.query(server, { name: n, type: 'PTR' });
    pl.wait(r.ms);
    if ('error' in r) return undefined;
    return r.answer.find(x => x.type === 'PTR')?.data;
  };
  const sName = rev(server);
  pl.out(`Server:    ${server}\nAddress 1: ${server}${sName ? ` ${sName}` : ''}\n\n`);
  const host = args[0];
  const r = args[1] ? directLookup(c, server, host, pl) : c.net.lookup(host, { noHosts: false });
  pl.wait(r.ms);
  if ('error' in r) { pl.err(`nslookup: can't resolve '${host}'\n`); return runPlan(c, pl.done(1)); }
  pl.out(`Name:      ${host}\n`);
  r.addrs.forEach((a, i) => { const n = rev(a); pl.out(`Address ${i + 1}: ${a}${n ? ` ${n}` : ''}\n`); });
  return runPlan(c, pl.done(0));
}
function directLookup(c: CmdCtx, server: string, host: string, pl: Planner): LookupResult {
  void pl;
  if (isIP(host)) return { addrs: [host], canon: host, ms: 0 };
  const rc = c.net.resolvConf();
  let ms = 0;
  for (const name of (host.includes('.') ? [host, ...rc.search.map(s => `${host}.${s}`)] : [...rc.search.map(s => `${host}.${s}`), host])) {
    const r = c.net.query(server, { name, type: 'A' });
    ms += r.ms;
    if ('error' in r) return { error: 'TIMEOUT', ms };
    const a = r.answer.filter(x => x.type === 'A').map(x => x.data);
    if (a.length) return { addrs: a, canon: name, ms };
  }
  return { error: 'NXDOMAIN', ms };
}

/** busybox ≥ 1.29 (the OpenWrt nslookup): its own queries, A and AAAA, search only for names without a dot. */
function newNslookup(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  const types: RRType[] = [];
  let port = 53, i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const [k, v] = args[i]!.slice(1).split('=');
    if (k === 'type' || k === 'querytype' || k === 'q' || k === 'query') {
      const t = RR_TYPES.find(x => x.toLowerCase() === (v ?? '').toLowerCase());
      if (!t) { c.err(`nslookup: invalid query type "${v ?? ''}"`); return 1; }
      types.push(t);
    } else if (k === 'port' || k === 'po') port = Number(v);
    else if (k === 'debug' || k === 'retry' || k === 'timeout' || k === 't') continue;
    else return nslookupUsage(c);
  }
  const host = args[i];
  if (!host || args.length - i > 2) return nslookupUsage(c);
  const rc = c.net.resolvConf();
  const servers = args[i + 1] ? [args[i + 1]!] : rc.nameservers.length ? rc.nameservers : ['127.0.0.1'];
  const search = rc.search;
  const queries: { name: string; type: RRType }[] = [];
  const add = (type: RRType) => {
    if (type === 'PTR' || !search.length || host.includes('.')) queries.push({ name: host, type });
    else for (const s of search) queries.push({ name: `${host}.${s}`, type });
  };
  if (!types.length) {
    const ptr = ptrName(host);
    if (ptr) queries.push({ name: ptr, type: 'PTR' });
    else { add('A'); add('AAAA'); }
  } else for (const t of types) add(t);
  const pl = new Planner();
  let exit = 0;
  for (const server of servers) {
    let replies = 0;
    for (const q of queries) {
      const r = c.net.query(server, q, { port });
      if ('error' in r && r.error === 'refused') { pl.err(`nslookup: write to '${server}': Connection refused\n`); break; }
      if ('error' in r) { pl.wait(5000 / queries.length); continue; }
      if (replies++ === 0) pl.out(`Server:\t\t${server}\nAddress:\t${server}:${port}\n\n`);
      if (r.rcode !== 'NOERROR') { pl.out(`** server can't find ${q.name}: ${r.rcode}\n`); exit = 1; }
      else {
        if (!r.aa) pl.out('Non-authoritative answer:\n');
        for (const rr of r.answer) pl.out(bbRR(rr));
      }
      pl.out('\n');
    }
    if (replies) return runPlan(c, pl.done(exit));
  }
  pl.wait(0);
  pl.out(';; connection timed out; no servers could be reached\n\n');
  return runPlan(c, pl.done(1));
}
function nslookupUsage(c: CmdCtx): number {
  c.err('BusyBox v1.36.1 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any');
  return 1;
}
function bbRR(rr: DnsRR): string {
  switch (rr.type) {
    case 'A': case 'AAAA': return `Name:\t${rr.name}\nAddress: ${rr.data}\n`;
    case 'CNAME': return `${rr.name}\tcanonical name = ${rr.data}\n`;
    case 'PTR': return `${rr.name}\tname = ${rr.data}\n`;
    case 'NS': return `${rr.name}\tnameserver = ${rr.data}\n`;
    case 'SRV': return `${rr.name}\tservice = ${rr.priority ?? 0} ${rr.weight ?? 0} ${rr.port ?? 0} ${rr.data}\n`;
    case 'TXT': return `${rr.name}\ttext = "${rr.data}"\n`;
    case 'SOA': { const f = rr.data.split(' '); return `${rr.name}\n\torigin = ${f[0]}\n\tmail addr = ${f[1]}\n\tserial = ${f[2]}\n\trefresh = ${f[3]}\n\tretry = ${f[4]}\n\texpire = ${f[5]}\n\tminimum = ${f[6]}\n`; }
    default: return '';
  }
}

/** bind9's nslookup (dnsutils): search path applied, A then AAAA answers, NXDOMAIN as one line. */
function bindNslookup(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  let type: RRType | undefined;
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const [k, v] = args[i]!.slice(1).split('=');
    if (k === 'type' || k === 'querytype' || k === 'q' || k === 'query') type = RR_TYPES.find(x => x.toLowerCase() === (v ?? '').toLowerCase());
  }
  const host = args[i];
  if (!host) { c.err('> '); return 1; }
  const rc = c.net.resolvConf();
  const server = args[i + 1] ?? rc.nameservers[0] ?? '127.0.0.1';
  const pl = new Planner();
  const ptr = !type && ptrName(host);
  const names = ptr ? [ptr] : host.endsWith('.') ? [host.slice(0, -1)] : (host.match(/\./g) ?? []).length >= rc.ndots ? [host, ...rc.search.map(s => `${host}.${s}`)] : [...rc.search.map(s => `${host}.${s}`), host];
  const qtypes: RRType[] = ptr ? ['PTR'] : type ? [type] : ['A', 'AAAA'];
  // bind's nslookup asks for recursion; CoreDNS answers its own zone without it, and nslookup says so
  const norec = (r: DnsResult) => { if (!('error' in r) && r.aa) pl.out(`;; Got recursion not available from ${server}\n`); };
  for (const name of names) {
    const r = c.net.query(server, { name, type: qtypes[0]! });
    if ('error' in r) {
      pl.wait(r.ms * 3);
      pl.out(`;; communications error to ${server}#53: timed out\n;; communications error to ${server}#53: timed out\n;; communications error to ${server}#53: timed out\n;; no servers could be reached\n\n`);
      return runPlan(c, pl.done(1));
    }
    norec(r);
    if (r.rcode === 'NXDOMAIN') continue;
    if (!ptr) pl.out(`Server:\t\t${server}\nAddress:\t${server}#53\n\n`);
    if (!r.aa) pl.out('Non-authoritative answer:\n');
    let any = false;
    for (const t of qtypes) {
      const rr = t === qtypes[0] ? r : c.net.query(server, { name, type: t });
      if ('error' in rr) continue;
      if (t !== qtypes[0]) norec(rr);
      for (const x of rr.answer) {
        any = true;
        if (x.type === 'A' || x.type === 'AAAA') pl.out(`Name:\t${x.name}\nAddress: ${x.data}\n`);
        else if (x.type === 'CNAME') pl.out(`${x.name}\tcanonical name = ${dot(x.data)}\n`);
        else if (x.type === 'PTR') pl.out(`${x.name}\tname = ${dot(x.data)}\n`);
        else if (x.type === 'SRV') pl.out(`${x.name}\tservice = ${x.priority} ${x.weight} ${x.port} ${dot(x.data)}\n`);
        else if (x.type === 'TXT') pl.out(`${x.name}\ttext = "${x.data}"\n`);
      }
    }
    if (!any && type) pl.out(`*** Can't find ${name}: No answer\n`);
    pl.out('\n');
    return runPlan(c, pl.done(0));
  }
  pl.out(`Server:\t\t${server}\nAddress:\t${server}#53\n\n** server can't find ${ptr ? host.split('.').reverse().join('.') + '.in-addr.arpa' : host}: NXDOMAIN\n\n`);
  return runPlan(c, pl.done(1));
}

function dig(c: CmdCtx): CmdResult {
  if (c.st.plan) return runPlan(c);
  const args = c.argv.slice(1);
  let short = false, server: string | undefined, name: string | undefined, type: RRType | undefined, search = false, rev: string | undefined;
  const noflags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('@')) server = a.slice(1);
    else if (a === '+short') short = true;
    else if (a === '+search') search = true;
    else if (a.startsWith('+no')) noflags.add(a.slice(3));
    else if (a.startsWith('+')) continue;
    else if (a === '-x') rev = args[++i];
    else if (a === '-t') type = RR_TYPES.find(t => t === (args[++i] ?? '').toUpperCase());
    else if (a.startsWith('-')) { if (a === '-p') i++; continue; }
    else if (!name && !RR_TYPES.includes(a.toUpperCase() as RRType)) name = a;
    else if (RR_TYPES.includes(a.toUpperCase() as RRType)) type = a.toUpperCase() as RRType;
    else name = a;
  }
  if (rev) { name = ptrName(rev); type = 'PTR'; }
  const rc = c.net.resolvConf();
  const srv = server ?? rc.nameservers[0] ?? '127.0.0.1';
  if (!name) { name = '.'; type = type ?? 'NS'; }
  type ??= 'A';
  const pl = new Planner();
  let qname = name.replace(/\.$/, '');
  let r: DnsResult | undefined;
  const cands = search && !name.endsWith('.') ? [...((qname.match(/\./g) ?? []).length >= rc.ndots ? [qname] : []), ...rc.search.map(s => `${qname}.${s}`), ...((qname.match(/\./g) ?? []).length < rc.ndots ? [qname] : [])] : [qname];
  for (const cand of cands) {
    r = c.net.query(srv, { name: cand, type });
    qname = cand;
    if ('error' in r || r.rcode !== 'NXDOMAIN') break;
  }
  r = r!;
  if ('error' in r) {
    pl.wait(r.error === 'timeout' ? 15000 : 0);
    const why = r.error === 'refused' ? `;; communications error to ${srv}#53: connection refused` : `;; communications error to ${srv}#53: timed out`;
    pl.out(`${why}\n${why}\n${why}\n`);
    if (!short) pl.out(`\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> ${args.join(' ')}\n;; global options: +cmd\n;; no servers could be reached\n`);
    else pl.out(';; no servers could be reached\n');
    return runPlan(c, pl.done(9));
  }
  if (short) {
    for (const x of r.answer) pl.out(`${digData(x)}\n`);
    return runPlan(c, pl.done(0));
  }
  pl.out(digReport(c, args, srv, qname, type, r));
  return runPlan(c, pl.done(0));
}
/** Columns as dig prints them: fields padded with tabs to 24/32/40/48, a space when a field overflows. */
function cols(fields: string[], stops: number[]): string {
  let out = '', col = 0;
  fields.forEach((f, i) => {
    if (i > 0) {
      const stop = stops[i - 1]!;
      if (col >= stop) { out += ' '; col++; }
      else while (col < stop) { out += '\t'; col = (Math.floor(col / 8) + 1) * 8; }
    }
    out += f; col += f.length;
  });
  return out;
}
function digReport(c: CmdCtx, args: string[], srv: string, qname: string, type: RRType, r: DnsResult & { rcode: string }): string {
  const m = r as unknown as { aa: boolean; answer: DnsRR[]; authority: DnsRR[]; additional: DnsRR[]; rcode: string };
  const id = Math.floor(c.random() * 65535);
  const flags = m.aa ? 'qr aa rd' : 'qr rd ra';
  const local = /\.local\.?$/.test(qname);
  let out = `\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> ${args.join(' ')}\n;; global options: +cmd\n;; Got answer:\n`;
  if (local) out += ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
  out += `;; ->>HEADER<<- opcode: QUERY, status: ${m.rcode}, id: ${id}\n;; flags: ${flags}; QUERY: 1, ANSWER: ${m.answer.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${m.additional.length + 1}\n`;
  if (m.aa) out += ';; WARNING: recursion requested but not available\n';
  out += `\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n${cols([`;${dot(qname)}`, 'IN', type], [32, 40])}\n\n`;
  const sect = (title: string, list: DnsRR[]) => (list.length ? `;; ${title} SECTION:\n${list.map(x => cols([dot(x.name), String(x.ttl), 'IN', x.type, digData(x)], [24, 32, 40, 48])).join('\n')}\n\n` : '');
  out += sect('ANSWER', m.answer) + sect('AUTHORITY', m.authority) + sect('ADDITIONAL', m.additional);
  const when = new Date(c.now());
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const wire = (n: string) => n.replace(/\.$/, '').split('.').reduce((a, l) => a + l.length + 1, 1);
  const rdlen = (x: DnsRR) => (x.type === 'A' ? 4 : x.type === 'AAAA' ? 16 : x.type === 'SRV' ? 6 + wire(x.data) : x.type === 'SOA' ? wire(x.data.split(' ')[0]!) + wire(x.data.split(' ')[1]!) + 20 : x.type === 'TXT' ? x.data.length + 1 : wire(x.data));
  const size = 12 + wire(qname) + 4 + [...m.answer, ...m.authority, ...m.additional].reduce((a, x) => a + wire(x.name) + 10 + rdlen(x), 0) + 11;
  out += `;; Query time: 0 msec\n;; SERVER: ${srv}#53(${srv}) (UDP)\n;; WHEN: ${DAYS[when.getUTCDay()]} ${MONTHS[when.getUTCMonth()]} ${p2(when.getUTCDate())} ${p2(when.getUTCHours())}:${p2(when.getUTCMinutes())}:${p2(when.getUTCSeconds())} UTC ${when.getUTCFullYear()}\n;; MSG SIZE  rcvd: ${size}\n\n`;
  return out;
}
function digData(x: DnsRR): string {
  if (x.type === 'CNAME' || x.type === 'PTR' || x.type === 'NS') return dot(x.data);
  if (x.type === 'SRV') return `${x.priority} ${x.weight} ${x.port} ${dot(x.data)}`;
  if (x.type === 'SOA') { const f = x.data.split(' '); return `${dot(f[0]!)} ${dot(f[1]!)} ${f.slice(2).join(' ')}`; }
  if (x.type === 'TXT') return `"${x.data}"`;
  return x.data;
}

function host(c: CmdCtx): CmdResult {
  if (c.st.plan) return runPlan(c);
  const args = c.argv.slice(1).filter(a => !a.startsWith('-'));
  const name = args[0];
  if (!name) { c.err('Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]'); return 1; }
  const pl = new Planner();
  const rc = c.net.resolvConf();
  const server = args[1] ?? rc.nameservers[0] ?? '127.0.0.1';
  if (args[1]) pl.out(`Using domain server:\nName: ${server}\nAddress: ${server}#53\nAliases: \n\n`);
  const ptr = ptrName(name);
  if (ptr) {
    const r = c.net.query(server, { name: ptr, type: 'PTR' });
    if ('error' in r) { pl.out(`;; connection timed out; no servers could be reached\n`); return runPlan(c, pl.done(1)); }
    if (r.rcode !== 'NOERROR' || !r.answer.length) { pl.out(`Host ${ptr} not found: 3(NXDOMAIN)\n`); return runPlan(c, pl.done(1)); }
    for (const x of r.answer) pl.out(`${ptr} domain name pointer ${dot(x.data)}\n`);
    return runPlan(c, pl.done(0));
  }
  for (const cand of name.endsWith('.') ? [name.slice(0, -1)] : (name.match(/\./g) ?? []).length >= rc.ndots ? [name, ...rc.search.map(s => `${name}.${s}`)] : [...rc.search.map(s => `${name}.${s}`), name]) {
    const r = c.net.query(server, { name: cand, type: 'A' });
    if ('error' in r) { pl.out(`;; connection timed out; no servers could be reached\n`); return runPlan(c, pl.done(1)); }
    if (r.rcode === 'NXDOMAIN') continue;
    for (const x of r.answer) pl.out(x.type === 'CNAME' ? `${x.name} is an alias for ${x.data}.\n` : `${x.name} has address ${x.data}\n`);
    return runPlan(c, pl.done(0));
  }
  pl.out(`Host ${name} not found: 3(NXDOMAIN)\n`);
  return runPlan(c, pl.done(1));
}

function getent(c: CmdCtx): CmdResult {
  if (c.st.plan) return runPlan(c);
  const [db, ...keys] = c.argv.slice(1);
  if (!db) { c.err(isBusybox(c) ? 'getent: missing database' : 'Usage: getent [OPTION...] database [key ...]\nTry `getent --help\' or `getent --usage\' for more information.'); return isBusybox(c) ? 1 : 1; }
  const file = (p: string) => { try { return c.fs.readFile(p); } catch { return ''; } };
  if (db === 'passwd' || db === 'group' || db === 'services' || db === 'protocols' || db === 'shadow') {
    const lines = file(`/etc/${db}`).split('\n').filter(Boolean);
    if (!keys.length) { for (const l of lines) c.write(l + '\n'); return 0; }
    let code = 0;
    for (const k of keys) {
      const hit = lines.find(l => { const f = l.split(':'); return f[0] === k || ((db === 'passwd' || db === 'group') && f[2] === k); });
      if (hit) c.write(hit + '\n'); else code = 2;
    }
    return code;
  }
  if (db !== 'hosts' && db !== 'ahosts' && db !== 'ahostsv4' && db !== 'ahostsv6') {
    c.err(`Unknown database: ${db}`);
    return 1;
  }
  const pl = new Planner();
  if (!keys.length) { for (const l of file('/etc/hosts').split('\n')) { const f = l.replace(/#.*/, '').trim().split(/\s+/); if (f.length > 1) pl.out(`${f[0]!.padEnd(15)} ${f.slice(1).join(' ')}\n`); } return runPlan(c, pl.done(0)); }
  let code = 0;
  for (const k of keys) {
    const fam = db === 'hosts' || db === 'ahostsv4' ? (db === 'hosts' ? 0 : 4) : db === 'ahostsv6' ? 6 : 0;
    const r = c.net.lookup(k, { family: fam as 0 | 4 | 6 });
    pl.wait(r.ms);
    if ('error' in r) { code = 2; continue; }
    let addrs = r.addrs;
    if (db === 'hosts') {
      // gethostbyname2: IPv6 first when the name has it in /etc/hosts (localhost → ::1)
      const v6 = addrs.filter(a => !isIPv4(a));
      addrs = v6.length ? v6 : addrs;
      const names = c.net.hosts(k).length ? hostNames(file('/etc/hosts'), addrs[0]!, k) : [r.canon];
      for (const a of addrs) pl.out(`${a.padEnd(15)} ${names.join(' ')}\n`);
    } else {
      for (const [i, a] of addrs.entries()) {
        pl.out(`${a.padEnd(15)} STREAM ${i === 0 ? r.canon : ''}\n`);
        pl.out(`${a.padEnd(15)} DGRAM  \n`);
        pl.out(`${a.padEnd(15)} RAW    \n`);
      }
    }
  }
  return runPlan(c, pl.done(code));
}
function hostNames(hosts: string, ip: string, name: string): string[] {
  for (const l of hosts.split('\n')) {
    const f = l.replace(/#.*/, '').trim().split(/\s+/);
    if (f[0] === ip && f.slice(1).some(h => h.toLowerCase() === name.toLowerCase())) return f.slice(1);
  }
  return [name];
}

// ---------------------------------------------------------------------------------------------- ping
interface PingSt { host: string; ip: string; count: number; sent: number; got: number; rtts: number[]; bb: boolean; iputils: boolean; t0?: number; waitSec: number; quiet: boolean; interval: number }
function ping(c: CmdCtx): CmdResult {
  const st = c.st;
  if (st.ping) return pingStep(c);
  const bb = isBusybox(c) && variant(c) !== 'iputils';
  const args = c.argv.slice(1);
  let count = Infinity, waitSec = Infinity, quiet = false, interval = 1000;
  let host: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-w' || a === '-W') waitSec = Number(args[++i]);
    else if (a === '-i') interval = Number(args[++i]) * 1000;
    else if (a === '-q') quiet = true;
    else if (a === '-s' || a === '-t' || a === '-I') i++;
    else if (a.startsWith('-')) continue;
    else host = a;
  }
  if (!host) { c.err(bb ? 'BusyBox v1.36.1 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST' : 'ping: usage error: Destination address required'); return bb ? 1 : 1; }
  const r = c.net.lookup(host, { family: 4 });
  if ('error' in r) {
    c.err(bb ? `ping: bad address '${host}'` : `ping: ${host}: ${r.error === 'TIMEOUT' ? 'Temporary failure in name resolution' : 'Name or service not known'}`);
    return bb ? 1 : 2;
  }
  const ip = r.addrs.find(isIPv4) ?? r.addrs[0]!;
  c.write(bb ? `PING ${host} (${ip}): 56 data bytes\n` : `PING ${host} (${ip}) 56(84) bytes of data.\n`);
  st.ping = { host, ip, count, sent: 0, got: 0, rtts: [], bb, iputils: !bb, waitSec, quiet, interval } as PingSt;
  st.el = 0;
  return pingStep(c);
}
function pingStep(c: CmdCtx): CmdResult {
  const p = c.st.ping as PingSt;
  const el = c.st.el as number;
  if (p.sent >= p.count || el >= p.waitSec * 1000) return pingDone(c);
  const r = c.net.ping(p.ip);
  const seq = p.sent++;
  if (!('error' in r)) {
    p.got++;
    p.rtts.push(r.ms);
    if (!p.quiet) c.write(p.bb ? `64 bytes from ${p.ip}: seq=${seq} ttl=${r.ttl} time=${r.ms.toFixed(3)} ms\n` : `64 bytes from ${p.ip}: icmp_seq=${seq + 1} ttl=${r.ttl} time=${r.ms.toFixed(r.ms >= 100 ? 0 : r.ms >= 10 ? 1 : r.ms >= 1 ? 2 : 3)} ms\n`);
  }
  if (p.sent >= p.count && p.got === p.sent) return pingDone(c);
  const next = p.sent >= p.count ? el + 10_000 : el + p.interval;
  c.st.el = next;
  return { block: { ms: p.interval } };
}
function pingDone(c: CmdCtx): number {
  const p = c.st.ping as PingSt;
  const loss = p.sent ? Math.round(((p.sent - p.got) * 100) / p.sent) : 0;
  if (p.bb) {
    c.write(`\n--- ${p.host} ping statistics ---\n${p.sent} packets transmitted, ${p.got} packets received, ${loss}% packet loss\n`);
    if (p.got) { const mn = Math.min(...p.rtts), mx = Math.max(...p.rtts), avg = p.rtts.reduce((a, b) => a + b, 0) / p.got; c.write(`round-trip min/avg/max = ${mn.toFixed(3)}/${avg.toFixed(3)}/${mx.toFixed(3)} ms\n`); }
    return p.got ? 0 : 1;
  }
  const ms = Math.max(0, Math.round((c.st.el as number) || 0));
  c.write(`\n--- ${p.host} ping statistics ---\n${p.sent} packets transmitted, ${p.got} received, ${loss}% packet loss, time ${p.sent > 1 ? (p.sent - 1) * p.interval + 3 : 0}ms\n`);
  void ms;
  if (p.got) { const mn = Math.min(...p.rtts), mx = Math.max(...p.rtts), avg = p.rtts.reduce((a, b) => a + b, 0) / p.got; const md = Math.sqrt(p.rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / p.got); c.write(`rtt min/avg/max/mdev = ${mn.toFixed(3)}/${avg.toFixed(3)}/${mx.toFixed(3)}/${md.toFixed(3)} ms\n`); }
  return p.got ? 0 : 1;
}
onSignal('ping', (sig, c) => {
  if (sig !== 2 && sig !== 15 && sig !== 3) return undefined;
  if (!c.st.ping) return 130;
  if (sig === 15) return undefined;
  return pingDone(c) === 0 ? 0 : 1;
});

register({ curl, wget, nc, netcat: nc, telnet, nslookup, dig, host, 'getent-hosts': getent, ping });
export { ncServe, serviceName };
export type { Url };
