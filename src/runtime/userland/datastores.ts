// The other servers of the docs' stateful-application tasks and tutorials, each as its image runs it:
// postgres (the entrypoint's password check and initdb, port 5432, pg_isready), mongo (mongod's JSON log,
// 27017, mongosh's ping), memcached (11211, the text protocol), wordpress (apache on 80: the install page
// once its database answers, "Error establishing a database connection" until then), ZooKeeper as
// registry.k8s.io/kubernetes-zookeeper runs it (start-zookeeper, 2181/2888/3888, four-letter words,
// zkCli.sh create/get replicated to the ensemble, data kept in the data directory), Cassandra as
// gcr.io/google-samples/cassandra runs it (9042, gossip with its seed, nodetool status), and the guestbook's
// gb-frontend (the page and guestbook.php over redis-leader/redis-follower) and gb-redis-follower (redis
// replicating its leader: reads answered from the leader's data, writes refused).
import type { CmdCtx, CmdResult, Incoming, Outgoing } from '../types';
import { register, onSignal, memoryOf, serve } from './index';
import { strftime } from './core';
import { parseRequest, formatResponse, httpDate, clfDate, header, byteLength, HttpRequest, HttpResponse } from '../net/http';
import { mysqlTalk } from './mysql';
import { program } from './servers';

const MiB = 1024 * 1024;
const MARK = (what: string) => `\u0000kctl-${what}\u0000`;
const ipOf = (c: CmdCtx, host: string): string | undefined => { const r = c.net.lookup(host, { family: 4 }); return 'error' in r ? undefined : r.addrs[0]; };
const exists = (c: CmdCtx, p: string) => { try { return !!c.fs.stat(p); } catch { return false; } };
function put(c: CmdCtx, p: string, data: string, uid?: number): void {
  try {
    const dir = p.slice(0, p.lastIndexOf('/'));
    if (dir) c.fs.mkdir(dir, { parents: true });
    c.fs.writeFile(p, data);
    if (uid !== undefined) c.fs.setAttr(p, { uid, gid: uid });
  } catch { /* read-only */ }
}
const mkdirp = (c: CmdCtx, p: string) => { try { c.fs.mkdir(p, { parents: true }); } catch { /* exists */ } };
const stopsOnTerm = (name: string) => onSignal(name, sig => (sig === 15 || sig === 2 || sig === 3 ? 0 : sig === 1 ? 'ignore' : undefined));

// ---------------------------------------------------------------------------------------------- postgres
const pgVersion = (c: CmdCtx) => (c.env.PG_VERSION ?? '17.2-1.pgdg120+1');
const pgShort = (c: CmdCtx) => pgVersion(c).replace(/-.*$/, '');
const pgTime = (c: CmdCtx) => { const t = c.now(); return `${strftime('%Y-%m-%d %H:%M:%S', t)}.${String(t % 1000).padStart(3, '0')} UTC`; };
const pgData = (c: CmdCtx) => c.env.PGDATA ?? '/var/lib/postgresql/data';
function pgLog(c: CmdCtx, pid: number, msgs: string[]): void { for (const m of msgs) c.write(`${pgTime(c)} [${pid}] LOG:  ${m}\n`, 2); }
const pgStarting = (c: CmdCtx) => `starting PostgreSQL ${pgShort(c)} (Debian ${pgVersion(c)}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`;

/** docker-entrypoint.sh of the postgres image. */
function pgEntrypoint(c: CmdCtx): CmdResult {
  let args = c.argv.slice(1);
  if (args[0]?.startsWith('-')) args = ['postgres', ...args];
  if (args[0] === 'postgres' && !args.some(a => a === '--help' || a === '-V' || a === '--version' || a === '--describe-config' || a === '-C')) {
    const data = pgData(c);
    if (!exists(c, `${data}/PG_VERSION`)) {
      const pw = c.env.POSTGRES_PASSWORD ?? '';
      const trust = c.env.POSTGRES_HOST_AUTH_METHOD === 'trust';
      if (!pw && !trust) {
        c.write([
          'Error: Database is uninitialized and superuser password is not specified.',
          '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
          '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
          '',
          '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
          '       connections without a password. This is *not* recommended.',
          '',
          '       See PostgreSQL documentation about "trust":',
          '       https://www.postgresql.org/docs/current/auth-trust.html',
        ].join('\n') + '\n', 2);
        return 1;
      }
      c.write(`The files belonging to this database system will be owned by user "postgres".\nThis user must also own the server process.\n\nThe database cluster will be initialized with locale "en_US.utf8".\nThe default database encoding has accordingly been set to "UTF8".\nThe default text search configuration will be set to "english".\n\nData page checksums are disabled.\n\nfixing permissions on existing directory ${data} ... ok\ncreating subdirectories ... ok\nselecting dynamic shared memory implementation ... posix\nselecting default "max_connections" ... 100\nselecting default "shared_buffers" ... 128MB\nselecting default time zone ... Etc/UTC\ncreating configuration files ... ok\nrunning bootstrap script ... ok\nperforming post-bootstrap initialization ... ok\nsyncing data to disk ... ok\n\n\nSuccess. You can now start the database server using:\n\n    pg_ctl -D ${data} -l logfile start\n\n`);
      c.write('initdb: warning: enabling "trust" authentication for local connections\ninitdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.\n', 2);
      const tmp = c.proc.pid + 47;
      c.write('waiting for server to start....');
      pgLog(c, tmp, [pgStarting(c), 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"']);
      pgLog(c, tmp + 3, [`database system was shut down at ${pgTime(c)}`]);
      pgLog(c, tmp, ['database system is ready to accept connections']);
      c.write(' done\nserver started\n');
      if (c.env.POSTGRES_DB && c.env.POSTGRES_DB !== 'postgres') c.write('CREATE DATABASE\n');
      c.write('\n\n/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*\n\nwaiting for server to shut down...');
      pgLog(c, tmp, ['received fast shutdown request', 'aborting any active transactions', `background worker "logical replication launcher" (PID ${tmp + 6}) exited with exit code 1`]);
      pgLog(c, tmp + 1, ['shutting down', 'checkpoint starting: shutdown immediate', 'checkpoint complete: wrote 921 buffers (5.6%); 0 WAL file(s) added, 0 removed, 0 recycled; write=0.035 s, sync=0.612 s, total=0.701 s; sync files=301, longest=0.004 s, average=0.003 s; distance=4238 kB, estimate=4238 kB; lsn=0/1908980, redo lsn=0/1908980']);
      pgLog(c, tmp, ['database system is shut down']);
      c.write(' done\nserver stopped\n\nPostgreSQL init process complete; ready for start up.\n\n');
      put(c, `${data}/PG_VERSION`, `${pgShort(c).split('.')[0]}\n`, 999);
      put(c, `${data}/pg_hba.conf`, `local   all             all                                     trust\nhost    all             all             127.0.0.1/32            trust\nhost    all             all             ::1/128                 trust\nlocal   replication     all                                     trust\nhost    replication     all             127.0.0.1/32            trust\nhost    replication     all             ::1/128                 trust\n\nhost all all all ${trust ? 'trust' : 'scram-sha-256'}\n`, 999);
      put(c, `${data}/postgresql.conf`, "listen_addresses = '*'\nmax_connections = 100\nshared_buffers = 128MB\ndynamic_shared_memory_type = posix\n", 999);
      put(c, `${data}/kctl-roles`, JSON.stringify({ [c.env.POSTGRES_USER ?? 'postgres']: pw }), 999);
    } else c.write('\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n');
  }
  const r = c.sys.exec(args);
  if (r !== 'ok') { c.err(`/usr/local/bin/docker-entrypoint.sh: line 362: exec: ${args[0]}: not found`); return 127; }
  return 0;
}
const postgres = program(c => {
  const args = c.argv.slice(1);
  if (args.includes('--version') || args.includes('-V')) { c.write(`postgres (PostgreSQL) ${pgShort(c)} (Debian ${pgVersion(c)})\n`); return 0; }
  const pid = c.proc.pid;
  const port = Number((/^-p$/.test(args[args.indexOf('-p')] ?? '') ? args[args.indexOf('-p') + 1] : undefined) ?? c.env.PGPORT ?? 5432);
  if (c.sys.listen(port) !== 'ok') {
    pgLog(c, pid, [pgStarting(c)]);
    c.write(`${pgTime(c)} [${pid}] LOG:  could not bind IPv4 address "0.0.0.0": Address already in use\n${pgTime(c)} [${pid}] WARNING:  could not create listen socket for "*"\n${pgTime(c)} [${pid}] FATAL:  could not create any TCP/IP sockets\n${pgTime(c)} [${pid}] LOG:  database system is shut down\n`, 2);
    return 1;
  }
  pgLog(c, pid, [pgStarting(c), `listening on IPv4 address "0.0.0.0", port ${port}`, `listening on IPv6 address "::", port ${port}`, `listening on Unix socket "/var/run/postgresql/.s.PGSQL.${port}"`]);
  pgLog(c, pid + 28, [`database system was shut down at ${pgTime(c)}`]);
  pgLog(c, pid, ['database system is ready to accept connections']);
  return undefined;
});
onSignal('postgres', (sig, c) => {
  if (sig !== 2 && sig !== 15 && sig !== 3) return sig === 1 ? 'ignore' : undefined;
  const pid = c.proc.pid;
  pgLog(c, pid, [`received ${sig === 2 ? 'fast' : sig === 15 ? 'smart' : 'immediate'} shutdown request`, 'aborting any active transactions', `background worker "logical replication launcher" (PID ${pid + 31}) exited with exit code 1`]);
  pgLog(c, pid + 26, ['shutting down', 'checkpoint starting: shutdown immediate']);
  pgLog(c, pid, ['database system is shut down']);
  return 0;
});
memoryOf('postgres', 30 * MiB);
// a client that is not a PostgreSQL frontend gets the server's complaint about its start-up packet
serve('postgres', () => ({ data: 'EFATAL\u0000VFATAL\u0000C08P01\u0000Minvalid length of startup packet\u0000Fpostmaster.c\u0000L2196\u0000RProcessStartupPacket\u0000\u0000', close: true }));

/** pg_isready [-h host] [-p port] [-q] [-t seconds]. */
function pgIsready(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  let host: string | undefined, port = Number(c.env.PGPORT ?? 5432), quiet = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = () => (a.length > 2 && !a.startsWith('--') ? a.slice(2) : a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i] ?? '');
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a.startsWith('-h') || a.startsWith('--host')) host = v();
    else if (a.startsWith('-p') || a.startsWith('--port')) port = Number(v());
    else if (/^-[Udt]/.test(a) || /^--(username|dbname|timeout)/.test(a)) v();
    else if (a === '-V' || a === '--version') { c.write(`pg_isready (PostgreSQL) ${pgShort(c)} (Debian ${pgVersion(c)})\n`); return 0; }
  }
  host ??= c.env.PGHOST;
  const shown = host ?? '/var/run/postgresql';
  const say = (s: string) => { if (!quiet) c.write(`${shown}:${port} - ${s}\n`); };
  const ip = host ? ipOf(c, host) : '127.0.0.1';
  if (!ip) { say('no attempt'); return 3; }
  const r = c.net.connect(ip, port, { timeoutMs: 3000 });
  if ('error' in r) { say('no response'); return 2; }
  say('accepting connections');
  return 0;
}

// ---------------------------------------------------------------------------------------------- mongo
function mongoLog(c: CmdCtx, lines: [string, number, string, string, unknown?][]): void {
  const t = new Date(c.now()).toISOString().replace('Z', '+00:00');
  for (const [comp, id, ctx, msg, attr] of lines) {
    const sp = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
    c.write(`{"t":{"$date":"${t}"},"s":"I",  "c":${sp(JSON.stringify(comp) + ',', 10)} "id":${sp(String(id) + ',', 8)} "ctx":${JSON.stringify(ctx)},"msg":${JSON.stringify(msg)}${attr ? `,"attr":${JSON.stringify(attr)}` : ''}}\n`);
  }
}
const mongod = program(c => {
  const args = c.argv.slice(1);
  const v = c.env.MONGO_VERSION ?? '8.0.3';
  if (args.includes('--version')) { c.write(`db version v${v}\nBuild Info: {\n    "version": "${v}",\n    "gitVersion": "0000000000000000000000000000000000000000",\n    "modules": [],\n    "allocator": "tcmalloc-google",\n    "environment": {\n        "distarch": "x86_64",\n        "target_arch": "x86_64"\n    }\n}\n`); return 0; }
  const pi = args.indexOf('--port');
  const port = pi >= 0 ? Number(args[pi + 1]) : 27017;
  if (c.sys.listen(port) !== 'ok') { mongoLog(c, [['NETWORK', 23024, 'initandlisten', 'Error setting up listener', { error: { code: 9001, codeName: 'SocketException', errmsg: 'Address already in use' } }]]); return 48; }
  mongoLog(c, [
    ['CONTROL', 23285, 'main', "Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"],
    ['CONTROL', 4615611, 'initandlisten', 'MongoDB starting', { pid: c.proc.pid, port, dbPath: '/data/db', architecture: '64-bit', host: c.pod.hostname }],
    ['CONTROL', 23403, 'initandlisten', 'Build Info', { buildInfo: { version: v, allocator: 'tcmalloc-google', environment: { distmod: 'ubuntu2204', distarch: 'x86_64', target_arch: 'x86_64' } } }],
    ['CONTROL', 21951, 'initandlisten', 'Options set by command line', { options: { net: { bindIp: '*' } } }],
    ['STORAGE', 22315, 'initandlisten', 'Opening WiredTiger', { config: 'create,cache_size=3466M,session_max=33000,eviction=(threads_min=4,threads_max=4)' }],
    ['NETWORK', 23015, 'listener', 'Listening on', { address: `/tmp/mongodb-${port}.sock` }],
    ['NETWORK', 23015, 'listener', 'Listening on', { address: '0.0.0.0' }],
    ['NETWORK', 23016, 'listener', 'Waiting for connections', { port, ssl: 'off' }],
  ]);
  mkdirp(c, '/data/db');
  put(c, '/data/db/WiredTiger', `WiredTiger\nWiredTiger 11.3.0: (November 2024)\n`);
  return undefined;
});
stopsOnTerm('mongod');
memoryOf('mongod', 90 * MiB);
serve('mongod', (c, inc) => {
  const d = typeof inc.data === 'string' ? inc.data : '';
  if (d.startsWith(MARK('mongo'))) return { data: JSON.stringify({ ok: 1, version: c.env.MONGO_VERSION ?? '8.0.3' }), close: true };
  if (/^[A-Z]+ \S+ HTTP\/1/.test(d)) return { data: `HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 85\r\n\r\nIt looks like you are trying to access MongoDB over HTTP on the native driver port.\n`, close: true };
  return { data: '', close: true };
});
/** mongosh [uri|host] --eval EXPR (ping, version) or --quiet. */
function mongosh(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (args.includes('--version')) { c.write('2.3.3\n'); return 0; }
  let host = 'localhost', port = 27017, evalExpr: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--eval') evalExpr = args[++i];
    else if (a === '--host') host = args[++i] ?? host;
    else if (a === '--port') port = Number(args[++i]);
    else if (!a.startsWith('-')) { const m = /^(?:mongodb:\/\/)?(?:[^@/]*@)?([^:/]+)(?::(\d+))?/.exec(a); if (m) { host = m[1]!; if (m[2]) port = Number(m[2]); } }
  }
  const ip = host === 'localhost' ? '127.0.0.1' : ipOf(c, host);
  const r = ip ? c.net.exchange(ip, port, MARK('mongo') + '{}') : undefined;
  if (!r || 'error' in r) {
    c.err(`MongoNetworkError: ${!ip ? `getaddrinfo ENOTFOUND ${host}` : `connect ECONNREFUSED ${ip}:${port}`}`);
    return 1;
  }
  const info = JSON.parse(r.data) as { version: string };
  if (evalExpr === undefined) { c.write(`Current Mongosh Log ID:\t674000000000000000000000\nConnecting to:\t\tmongodb://${host}:${port}/?directConnection=true&serverSelectionTimeoutMS=2000&appName=mongosh+2.3.3\nUsing MongoDB:\t\t${info.version}\nUsing Mongosh:\t\t2.3.3\n\ntest> `); return 0; }
  if (/ping/.test(evalExpr)) c.write('{ ok: 1 }\n');
  else if (/version\(\)/.test(evalExpr)) c.write(`${info.version}\n`);
  else c.write('\n');
  return 0;
}

// ---------------------------------------------------------------------------------------------- memcached
const memcached = program(c => {
  const args = c.argv.slice(1);
  if (args.includes('-V') || args.includes('--version')) { c.write(`memcached ${c.env.MEMCACHED_VERSION ?? '1.6.32'}\n`); return 0; }
  const pi = args.findIndex(a => a === '-p' || a.startsWith('--port'));
  const port = pi >= 0 ? Number(args[pi].includes('=') ? args[pi].split('=')[1] : args[pi + 1]) : 11211;
  if (c.sys.listen(port) !== 'ok') { c.err(`failed to listen on TCP port ${port}: Address already in use`); return 71; }
  if (args.some(a => /^-v+$/.test(a))) c.err(`<26 server listening (auto-negotiate)`);
  c.st.kv = {};
  c.st.stats = { get_hits: 0, get_misses: 0, cmd_set: 0 };
  return undefined;
});
stopsOnTerm('memcached');
memoryOf('memcached', 2 * MiB);
serve('memcached', (c, inc) => {
  if (typeof inc.data !== 'string') return { data: '', close: true };
  const kv = (c.st.kv ??= {}) as Record<string, { v: string; f: number; exp: number; cas: number }>;
  const stats = (c.st.stats ??= { get_hits: 0, get_misses: 0, cmd_set: 0 }) as Record<string, number>;
  const now = c.now();
  const live = (k: string) => { const e = kv[k]; if (e && e.exp && e.exp <= now) { delete kv[k]; return undefined; } return e; };
  let data = (c.st.partial as string | undefined ?? '') + inc.data;
  c.st.partial = '';
  let out = '';
  let close = false;
  while (data.length) {
    const nl = data.indexOf('\n');
    if (nl < 0) { c.st.partial = data; break; }
    const line = data.slice(0, nl).replace(/\r$/, '');
    const parts = line.split(/\s+/).filter(Boolean);
    const cmd = (parts[0] ?? '').toLowerCase();
    if (['set', 'add', 'replace', 'append', 'prepend', 'cas'].includes(cmd)) {
      const [, key = '', flags = '0', exptime = '0', bytes = '0'] = parts;
      const n = Number(bytes);
      const body = data.slice(nl + 1);
      if (body.length < n + 1) { c.st.partial = data; break; }
      const v = body.slice(0, n);
      data = body.slice(n).replace(/^\r?\n/, '');
      const noreply = parts.includes('noreply');
      const e = live(key);
      const exp = Number(exptime) ? (Number(exptime) > 2592000 ? Number(exptime) * 1000 : now + Number(exptime) * 1000) : 0;
      let r = 'STORED';
      stats.cmd_set!++;
      if (cmd === 'add' && e) r = 'NOT_STORED';
      else if ((cmd === 'replace' || cmd === 'append' || cmd === 'prepend') && !e) r = 'NOT_STORED';
      else if (cmd === 'cas' && !e) r = 'NOT_FOUND';
      else if (cmd === 'cas' && e && String(e.cas) !== parts[5]) r = 'EXISTS';
      else {
        const nv = cmd === 'append' ? e!.v + v : cmd === 'prepend' ? v + e!.v : v;
        c.st.cas = ((c.st.cas as number | undefined) ?? 0) + 1;
        kv[key] = { v: nv, f: cmd === 'append' || cmd === 'prepend' ? e!.f : Number(flags), exp: cmd === 'append' || cmd === 'prepend' ? e!.exp : exp, cas: c.st.cas as number };
      }
      if (!noreply) out += r + '\r\n';
      continue;
    }
    data = data.slice(nl + 1);
    if (!cmd) { out += 'ERROR\r\n'; continue; }
    switch (cmd) {
      case 'get': case 'gets': case 'gat': case 'gats':
        for (const k of parts.slice(cmd.startsWith('gat') ? 2 : 1)) {
          const e = live(k);
          if (e) { stats.get_hits!++; out += `VALUE ${k} ${e.f} ${byteLength(e.v)}${cmd.endsWith('s') ? ` ${e.cas}` : ''}\r\n${e.v}\r\n`; } else stats.get_misses!++;
        }
        out += 'END\r\n';
        break;
      case 'delete': out += live(parts[1] ?? '') ? (delete kv[parts[1]!], 'DELETED\r\n') : 'NOT_FOUND\r\n'; break;
      case 'incr': case 'decr': {
        const e = live(parts[1] ?? '');
        if (!e) { out += 'NOT_FOUND\r\n'; break; }
        if (!/^\d+$/.test(e.v)) { out += 'CLIENT_ERROR cannot increment or decrement non-numeric value\r\n'; break; }
        const n = Math.max(0, Number(e.v) + (cmd === 'incr' ? 1 : -1) * Number(parts[2] ?? 0));
        e.v = String(n);
        out += `${n}\r\n`;
        break;
      }
      case 'touch': { const e = live(parts[1] ?? ''); if (e) { e.exp = Number(parts[2]) ? now + Number(parts[2]) * 1000 : 0; out += 'TOUCHED\r\n'; } else out += 'NOT_FOUND\r\n'; break; }
      case 'flush_all': for (const k of Object.keys(kv)) delete kv[k]; out += 'OK\r\n'; break;
      case 'version': out += `VERSION ${c.env.MEMCACHED_VERSION ?? '1.6.32'}\r\n`; break;
      case 'verbosity': out += 'OK\r\n'; break;
      case 'stats': {
        const up = Math.floor((now - c.proc.t0) / 1000);
        out += [`pid ${c.proc.pid}`, `uptime ${up}`, `time ${Math.floor(now / 1000)}`, `version ${c.env.MEMCACHED_VERSION ?? '1.6.32'}`, 'libevent 2.1.12-stable', 'pointer_size 64', 'curr_connections 2', `cmd_get ${stats.get_hits! + stats.get_misses!}`, `cmd_set ${stats.cmd_set}`, `get_hits ${stats.get_hits}`, `get_misses ${stats.get_misses}`, `curr_items ${Object.keys(kv).length}`, `total_items ${stats.cmd_set}`, 'limit_maxbytes 67108864', 'threads 4'].map(s => `STAT ${s}\r\n`).join('') + 'END\r\n';
        break;
      }
      case 'quit': close = true; data = ''; break;
      default: out += 'ERROR\r\n';
    }
  }
  return { data: out, close, cpuMs: 0.02, until: now };
});

// ---------------------------------------------------------------------------------------------- apache + php (wordpress, gb-frontend)
const apacheTime = (ms: number) => `${strftime('%a %b %d %H:%M:%S', ms)}.${String((ms % 1000) * 1000 + 321).padStart(6, '0')} ${new Date(ms).getUTCFullYear()}`;
function apacheStart(c: CmdCtx, server: string, tid: boolean): number | undefined {
  const ip = c.net.addr() || '127.0.0.1';
  if (c.sys.listen(80) !== 'ok') { c.err('(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80\n(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:80\nno listening sockets available, shutting down\nAH00015: Unable to open logs'); return 1; }
  for (let i = 0; i < 2; i++) c.err(`AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`);
  const t = apacheTime(c.now());
  const pid = tid ? `[pid ${c.proc.pid}:tid ${c.proc.pid}]` : `[pid ${c.proc.pid}]`;
  c.err(`[${t}] [mpm_prefork:notice] ${pid} AH00163: ${server} configured -- resuming normal operations`);
  c.err(`[${t}] [core:notice] ${pid} AH00094: Command line: 'apache2 -D FOREGROUND'`);
  return undefined;
}
function apacheStop(sig: number, c: CmdCtx): number | 'ignore' | undefined {
  if (sig !== 28 && sig !== 15 && sig !== 2) return sig === 1 ? 'ignore' : undefined;
  c.err(`[${apacheTime(c.now())}] [mpm_prefork:notice] [pid ${c.proc.pid}] AH00169: caught SIGTERM, shutting down`);
  return 0;
}
type Handler = (c: CmdCtx, req: HttpRequest, inc: Incoming) => HttpResponse;
function httpServe(server: string, handler: Handler): (c: CmdCtx, inc: Incoming) => Outgoing {
  return (c, inc) => {
    if (typeof inc.data !== 'string' || inc.tls) return { data: '', close: true };
    const req = parseRequest(inc.data);
    if (!req || req === 'bad') return { data: `HTTP/1.1 400 Bad Request\r\nServer: ${server}\r\nConnection: close\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n`, close: true };
    const res = handler(c, req, inc);
    const bytes = req.method === 'HEAD' || !res.body ? '-' : String(byteLength(res.body));
    c.write(`${inc.from} - - [${clfDate(c.now())}] "${req.method} ${req.target} ${req.version}" ${res.status} ${bytes} "${header(req.headers, 'referer') ?? '-'}" "${header(req.headers, 'user-agent') ?? '-'}"\n`, 1);
    const close = req.version === 'HTTP/1.0' || /close/i.test(header(req.headers, 'connection') ?? '');
    return { data: formatResponse(res, req.method === 'HEAD'), close, cpuMs: 2, until: c.now() };
  };
}
const page = (c: CmdCtx, server: string, php: string, status: number, body: string, extra: [string, string][] = []): HttpResponse => ({
  status, headers: [['Date', httpDate(c.now())], ['Server', server], ['X-Powered-By', php], ...extra, ['Content-Length', String(byteLength(body))], ['Content-Type', 'text/html; charset=UTF-8']], body,
});

// wordpress:*-apache
const WP_SERVER = 'Apache/2.4.62 (Debian)';
const wpPhp = (c: CmdCtx) => `PHP/${c.env.PHP_VERSION ?? '8.2.26'}`;
function wpEntrypoint(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (args[0] === 'apache2-foreground' || args[0] === 'php-fpm') {
    if (!exists(c, '/var/www/html/index.php') && !exists(c, '/var/www/html/wp-includes/version.php')) {
      c.err('WordPress not found in /var/www/html - copying now...');
      put(c, '/var/www/html/index.php', "<?php\n/**\n * Front to the WordPress application.\n */\ndefine( 'WP_USE_THEMES', true );\nrequire __DIR__ . '/wp-blog-header.php';\n", 33);
      let version = '';
      try { version = c.fs.readFile('/usr/src/wordpress/wp-includes/version.php'); } catch { /* none */ }
      put(c, '/var/www/html/wp-includes/version.php', version, 33);
      put(c, '/var/www/html/wp-config-docker.php', "<?php\ndefine( 'DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress') );\n", 33);
      c.err('Complete! WordPress has been successfully copied to /var/www/html');
    }
    const wpEnvs = Object.keys(c.env).filter(k => k.startsWith('WORDPRESS_')).sort();
    if (!exists(c, '/var/www/html/wp-config.php') && wpEnvs.length) {
      c.err(`No 'wp-config.php' found in /var/www/html, but 'WORDPRESS_...' variables supplied; copying 'wp-config-docker.php' (${wpEnvs.join(' ')})`);
      put(c, '/var/www/html/wp-config.php', `<?php\ndefine( 'DB_NAME', '${c.env.WORDPRESS_DB_NAME ?? 'wordpress'}' );\ndefine( 'DB_USER', '${c.env.WORDPRESS_DB_USER ?? 'example username'}' );\ndefine( 'DB_HOST', '${c.env.WORDPRESS_DB_HOST ?? 'mysql'}' );\n`, 33);
    }
  }
  if (!args.length) return 0;
  const r = c.sys.exec(args);
  if (r !== 'ok') { c.err(`/usr/local/bin/docker-entrypoint.sh: line 134: exec: ${args[0]}: not found`); return 127; }
  return 0;
}
const wpApache = program(c => apacheStart(c, `${WP_SERVER} ${wpPhp(c)}`, true));
const DB_ERROR = '<!DOCTYPE html>\n<html dir=\'ltr\'>\n<head>\n\t<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n\t<title>Database Error</title>\n</head>\n<body id="error-page">\n\t<div class="wp-die-message"><h1>Error establishing a database connection</h1></div></body>\n</html>\n';
serve('wordpress-apache', httpServe(WP_SERVER, (c, req, inc) => {
  const php = wpPhp(c);
  const path = req.path;
  if (path === '/wp-login.php' || path === '/license.txt' || path === '/readme.html' || path === '/wp-admin/install.php' || path === '/' || path === '/index.php' || path.startsWith('/wp-admin')) {
    // wp-config.php's database: the WORDPRESS_DB_* variables (defaults as wp-config-docker.php has them)
    const dbHost = c.env.WORDPRESS_DB_HOST ?? 'mysql';
    const [h, p] = dbHost.split(':');
    const r = mysqlTalk(c, { host: h!, port: Number(p ?? 3306), user: c.env.WORDPRESS_DB_USER ?? 'example username', password: c.env.WORDPRESS_DB_PASSWORD ?? 'example password', socket: false }, { db: c.env.WORDPRESS_DB_NAME ?? 'wordpress', sql: [] });
    if ('fail' in r || r.ok.err) {
      const msg = 'fail' in r ? r.fail : `ERROR ${r.ok.err![0]}: ${r.ok.err![2]}`;
      c.err(`[${apacheTime(c.now())}] [php:warn] [pid ${c.proc.pid + 20}] [client ${inc.from}:40000] PHP Warning:  mysqli_real_connect(): ${msg.replace(/^ERROR \d+ \(\w+\): /, '')} in /var/www/html/wp-includes/class-wpdb.php on line 1982`);
      return page(c, WP_SERVER, php, 500, DB_ERROR);
    }
    const host = header(req.headers, 'host') ?? inc.to;
    if (path === '/wp-admin/install.php') {
      const body = `<!DOCTYPE html>\n<html lang="en-US">\n<head>\n\t<meta name="viewport" content="width=device-width" />\n\t<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n\t<meta name="robots" content="noindex,nofollow" />\n\t<title>WordPress &rsaquo; Installation</title>\n</head>\n<body class="wp-core-ui language-chooser">\n<p id="logo">WordPress</p>\n<form id="setup" method="post" action="?step=1"><label class='screen-reader-text' for='language'>Select a default language</label>\n<select size='14' name='language' id='language'>\n<option value="" lang="en" selected="selected" data-continue="Continue" data-installed="1">English (United States)</option>\n</select>\n<p class="step"><span class="spinner"></span><input id="language-continue" type="submit" class="button button-primary button-large" value="Continue" /></p></form>\n</body>\n</html>\n`;
      return page(c, WP_SERVER, php, 200, body, [['Expires', 'Wed, 11 Jan 1984 05:00:00 GMT'], ['Cache-Control', 'no-cache, must-revalidate, max-age=0']]);
    }
    return page(c, WP_SERVER, php, 302, '', [['Expires', 'Wed, 11 Jan 1984 05:00:00 GMT'], ['Cache-Control', 'no-cache, must-revalidate, max-age=0'], ['X-Redirect-By', 'WordPress'], ['Location', `http://${host}/wp-admin/install.php`]]);
  }
  const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n<address>${WP_SERVER} Server at ${inc.to} Port 80</address>\n</body></html>\n`;
  return { status: 404, headers: [['Date', httpDate(c.now())], ['Server', WP_SERVER], ['Content-Length', String(byteLength(body))], ['Content-Type', 'text/html; charset=iso-8859-1']], body };
}));
onSignal('wordpress-apache', apacheStop);
memoryOf('wordpress-apache', 24 * MiB);

// gb-frontend: the guestbook page and guestbook.php (set: redis-leader, get: redis-follower)
const GB_SERVER = 'Apache/2.4.38 (Debian)';
const gbFrontend = program(c => apacheStart(c, `${GB_SERVER} PHP/7.4.33`, false));
const resp = (a: string[]) => `*${a.length}\r\n${a.map(x => `$${byteLength(x)}\r\n${x}\r\n`).join('')}`;
function redisCall(c: CmdCtx, host: string, cmd: string[]): string | null | { error: string } {
  const ip = ipOf(c, host);
  if (!ip) return { error: `php_network_getaddresses: getaddrinfo for ${host} failed: Name or service not known` };
  const r = c.net.exchange(ip, 6379, resp(cmd));
  if ('error' in r) return { error: r.error === 'refused' ? 'Connection refused' : 'Connection timed out' };
  const d = r.data;
  if (d.startsWith('$-1')) return null;
  if (d.startsWith('$')) { const nl = d.indexOf('\r\n'); return d.slice(nl + 2, nl + 2 + Number(d.slice(1, nl))); }
  if (d.startsWith('-')) return { error: d.slice(1).trim() };
  return d.slice(1).trim();
}
serve('gb-frontend', httpServe(GB_SERVER, (c, req) => {
  const php = 'PHP/7.4.33';
  if (req.path === '/guestbook.php') {
    const q = new URLSearchParams(req.target.includes('?') ? req.target.slice(req.target.indexOf('?') + 1) : '');
    const byEnv = c.env.GET_HOSTS_FROM === 'env';
    const leader = byEnv ? c.env.REDIS_LEADER_SERVICE_HOST ?? 'redis-leader' : 'redis-leader';
    const follower = byEnv ? c.env.REDIS_FOLLOWER_SERVICE_HOST ?? 'redis-follower' : 'redis-follower';
    const key = q.get('key') ?? '';
    const json = (o: unknown) => ({ status: 200, headers: [['Date', httpDate(c.now())], ['Server', GB_SERVER], ['X-Powered-By', php], ['Content-Length', String(byteLength(JSON.stringify(o)))], ['Content-Type', 'application/json']] as [string, string][], body: JSON.stringify(o) });
    if (q.get('cmd') === 'set') {
      const r = redisCall(c, leader, ['SET', key, q.get('value') ?? '']);
      if (r && typeof r === 'object') return page(c, GB_SERVER, php, 500, `<br />\n<b>Fatal error</b>:  Uncaught Predis\\Connection\\ConnectionException: ${r.error} [tcp://${leader}:6379] in /usr/local/lib/php/Predis/Connection/AbstractConnection.php:155\n`);
      return json({ message: 'Updated' });
    }
    const r = redisCall(c, follower, ['GET', key]);
    if (r && typeof r === 'object') return page(c, GB_SERVER, php, 500, `<br />\n<b>Fatal error</b>:  Uncaught Predis\\Connection\\ConnectionException: ${r.error} [tcp://${follower}:6379] in /usr/local/lib/php/Predis/Connection/AbstractConnection.php:155\n`);
    return json({ data: r ?? '' });
  }
  const p = req.path === '/' ? '/index.html' : req.path;
  try {
    const body = c.fs.readFile(`/var/www/html${p}`);
    const type = p.endsWith('.js') ? 'application/javascript' : p.endsWith('.css') ? 'text/css' : 'text/html';
    return { status: 200, headers: [['Date', httpDate(c.now())], ['Server', GB_SERVER], ['Accept-Ranges', 'bytes'], ['Content-Length', String(byteLength(body))], ['Content-Type', type]], body };
  } catch {
    const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n`;
    return { status: 404, headers: [['Date', httpDate(c.now())], ['Server', GB_SERVER], ['Content-Length', String(byteLength(body))], ['Content-Type', 'text/html; charset=iso-8859-1']], body };
  }
}));
onSignal('gb-frontend', apacheStop);
memoryOf('gb-frontend', 12 * MiB);

/** gb-redis-follower's run script: redis-server replicating redis-leader (or $REDIS_LEADER_SERVICE_HOST). */
function redisFollowerRun(c: CmdCtx): CmdResult {
  const leader = c.env.GET_HOSTS_FROM === 'env' ? c.env.REDIS_LEADER_SERVICE_HOST ?? 'redis-leader' : 'redis-leader';
  const r = c.sys.exec(['redis-server', '--replicaof', leader, '6379']);
  return r === 'ok' ? 0 : 127;
}

// ---------------------------------------------------------------------------------------------- zookeeper
const zkTime = (c: CmdCtx) => { const t = c.now(); return `${strftime('%Y-%m-%d %H:%M:%S', t)},${String(t % 1000).padStart(3, '0')}`; };
function zkLog(c: CmdCtx, myid: string, lines: [string, string, string][]): void {
  for (const [lvl, where, msg] of lines) c.write(`${zkTime(c)} [myid:${myid}] - ${lvl.padEnd(5)} [${where}] - ${msg}\n`);
}
/** start-zookeeper [--servers=N --data_dir=… …]: writes zoo.cfg, log4j.properties, java.env and myid, then runs the server. */
function startZookeeper(c: CmdCtx): CmdResult {
  const o: Record<string, string> = { servers: '1', data_dir: '/var/lib/zookeeper/data', data_log_dir: '/var/lib/zookeeper/log', log_dir: '/var/log/zookeeper', conf_dir: '/opt/zookeeper/conf', client_port: '2181', election_port: '3888', server_port: '2888', tick_time: '2000', init_limit: '10', sync_limit: '5', heap: '2G', max_client_cnxns: '60', snap_retain_count: '3', purge_interval: '0', log_level: 'INFO' };
  for (const a of c.argv.slice(1)) {
    const m = /^--(\w+)=(.*)$/.exec(a);
    if (a === '-h') { c.write('Usage: start-zookeeper [OPTIONS]\nStarts a ZooKeeper server based on the supplied options.\n'); return 0; }
    if (!m || !(m[1]! in o) && m[1] !== 'min_session_timeout' && m[1] !== 'max_session_timeout') { c.err(`Unknown option ${m ? `--${m[1]}=${m[2]}` : a}`); return 1; }
    o[m[1]!] = m[2]!;
  }
  const tick = Number(o.tick_time);
  o.min_session_timeout ??= String(tick * 2);
  o.max_session_timeout ??= String(tick * 20);
  const host = c.pod.hostname;
  const m = /^(.*)-(\d+)$/.exec(host);
  if (!m) { c.write('Kubernetes-zookeeper: Failed to parse name and ordinal of Pod\n'); return 1; }
  const name = m[1]!, id = Number(m[2]) + 1;
  const domain = c.pod.subdomain ? `${c.pod.subdomain}.${c.pod.ns}.svc.cluster.local` : '';
  const servers = Number(o.servers);
  let cfg = `#This file was autogenerated DO NOT EDIT\nclientPort=${o.client_port}\ndataDir=${o.data_dir}\ndataLogDir=${o.data_log_dir}\ntickTime=${o.tick_time}\ninitLimit=${o.init_limit}\nsyncLimit=${o.sync_limit}\nmaxClientCnxns=${o.max_client_cnxns}\nminSessionTimeout=${o.min_session_timeout}\nmaxSessionTimeout=${o.max_session_timeout}\nautopurge.snapRetainCount=${o.snap_retain_count}\nautopurge.purgeInteval=${o.purge_interval}\n`;
  if (servers > 1) for (let i = 1; i <= servers; i++) cfg += `server.${i}=${name}-${i - 1}.${domain}:${o.server_port}:${o.election_port}\n`;
  put(c, `${o.conf_dir}/zoo.cfg`, cfg);
  c.write(cfg, 2);
  put(c, `${o.conf_dir}/java.env`, `ZOO_LOG_DIR=${o.log_dir}\nJVMFLAGS="-Xmx${o.heap} -Xms${o.heap}"\n`);
  c.write('Creating ZooKeeper log4j configuration\n');
  put(c, `${o.conf_dir}/log4j.properties`, `zookeeper.root.logger=CONSOLE\nzookeeper.console.threshold=${o.log_level}\nlog4j.rootLogger=\${zookeeper.root.logger}\nlog4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\nlog4j.appender.CONSOLE.Threshold=\${zookeeper.console.threshold}\nlog4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\nlog4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n\n`);
  for (const d of [o.data_dir!, o.data_log_dir!, o.log_dir!]) mkdirp(c, d);
  if (!exists(c, `${o.data_dir}/myid`) && servers > 1) put(c, `${o.data_dir}/myid`, `${id}\n`);
  const r = c.sys.exec(['zkServer.sh', 'start-foreground']);
  return r === 'ok' ? 0 : 127;
}
function zkConfig(c: CmdCtx): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const l of c.fs.readFile('/opt/zookeeper/conf/zoo.cfg').split('\n')) { const i = l.indexOf('='); if (i > 0 && !l.startsWith('#')) out[l.slice(0, i)] = l.slice(i + 1); }
  } catch { /* defaults */ }
  return out;
}
type ZNode = { data: string; ctime: number; mtime: number; zxid: number; version: number };
const zkSnapshot = (c: CmdCtx) => `${zkConfig(c).dataDir ?? '/var/lib/zookeeper/data'}/version-2/snapshot.0`;
function zkTree(c: CmdCtx): Record<string, ZNode> {
  try { return JSON.parse(c.fs.readFile(zkSnapshot(c))) as Record<string, ZNode>; } catch { return {}; }
}
const zkServer = program(c => {
  const args = c.argv.slice(1);
  if (args[0] !== 'start-foreground') {
    c.write('ZooKeeper JMX enabled by default\nUsing config: /usr/bin/../etc/zookeeper/zoo.cfg\nUsage: /usr/bin/zkServer.sh {start|start-foreground|stop|restart|status|upgrade|print-cmd}\n');
    return 1;
  }
  c.err('ZooKeeper JMX enabled by default\nUsing config: /usr/bin/../etc/zookeeper/zoo.cfg');
  const cfg = zkConfig(c);
  const port = Number(cfg.clientPort ?? 2181);
  let myid = '';
  try { myid = c.fs.readFile(`${cfg.dataDir ?? '/var/lib/zookeeper/data'}/myid`).trim(); } catch { /* standalone */ }
  const peers = Object.entries(cfg).filter(([k]) => k.startsWith('server.'));
  if (c.sys.listen(port) !== 'ok') {
    zkLog(c, myid, [['ERROR', 'main:QuorumPeerMain@89', 'Unexpected exception, exiting abnormally'], ['', '', `java.net.BindException: Address already in use`]]);
    return 1;
  }
  if (peers.length) { c.sys.listen(2888); c.sys.listen(3888); }
  zkLog(c, myid, [
    ['INFO', 'main:QuorumPeerConfig@124', 'Reading configuration from: /usr/bin/../etc/zookeeper/zoo.cfg'],
    ...peers.map(([, v]) => ['INFO', `main:QuorumPeer$QuorumServer@149`, `Resolved hostname: ${v.split(':')[0]} to address: ${v.split(':')[0]}/${ipOf(c, v.split(':')[0]!) ?? '0.0.0.0'}`] as [string, string, string]),
    ['INFO', 'main:DatadirCleanupManager@78', 'autopurge.snapRetainCount set to 3'],
    ['INFO', 'main:DatadirCleanupManager@79', `autopurge.purgeInterval set to ${cfg['autopurge.purgeInteval'] ?? 0}`],
    ...(peers.length ? [['INFO', 'main:QuorumPeerMain@127', 'Starting quorum peer'], ['INFO', `QuorumPeer[myid=${myid}]/0.0.0.0:${port}:QuorumPeer@774`, 'LOOKING']] as [string, string, string][] : [['INFO', 'main:ZooKeeperServerMain@98', 'Starting server']] as [string, string, string][]),
    ['INFO', 'main:NIOServerCnxnFactory@89', `binding to port 0.0.0.0/0.0.0.0:${port}`],
  ]);
  mkdirp(c, `${cfg.dataDir ?? '/var/lib/zookeeper/data'}/version-2`);
  return undefined;
});
onSignal('zkServer.sh', sig => (sig === 15 || sig === 2 ? 143 : sig === 1 ? 'ignore' : undefined));
memoryOf('zkServer.sh', 60 * MiB);
serve('zkServer.sh', (c, inc) => {
  if (typeof inc.data !== 'string') return { data: '', close: true };
  const d = inc.data;
  const cfg = zkConfig(c);
  const peers = Object.entries(cfg).filter(([k]) => k.startsWith('server.')).map(([k, v]) => ({ id: k.slice(7), host: v.split(':')[0]! }));
  let myid = '';
  try { myid = c.fs.readFile(`${cfg.dataDir ?? '/var/lib/zookeeper/data'}/myid`).trim(); } catch { /* standalone */ }
  const tree = zkTree(c);
  const save = () => put(c, zkSnapshot(c), JSON.stringify(tree));
  const mode = !peers.length ? 'standalone' : myid === String(Math.min(...peers.map(p => Number(p.id))) + 1) || (peers.length > 1 && myid === '2') ? 'leader' : 'follower';
  if (d.startsWith(MARK('zk'))) {
    const req = JSON.parse(d.slice(MARK('zk').length)) as { op: string; path: string; data?: string; zxid?: number; t?: number; replicate?: boolean };
    const fail = (e: string) => ({ data: JSON.stringify({ err: e }), close: true });
    if (req.op === 'create') {
      if (tree[req.path]) return fail('NodeExists');
      const parent = req.path.slice(0, req.path.lastIndexOf('/')) || '/';
      if (parent !== '/' && !tree[parent]) return fail('NoNode');
      const zxid = req.zxid ?? (((c.st.zxid as number | undefined) ?? 0x100000001) + 1);
      c.st.zxid = zxid;
      tree[req.path] = { data: req.data ?? '', ctime: req.t ?? c.now(), mtime: req.t ?? c.now(), zxid, version: 0 };
      save();
      // the leader's proposal: every other member of the ensemble applies it too
      if (!req.replicate) for (const p of peers) {
        if (p.id === myid) continue;
        const ip = ipOf(c, p.host);
        if (ip) c.net.exchange(ip, 2888, MARK('zk') + JSON.stringify({ ...req, zxid, t: tree[req.path]!.ctime, replicate: true }));
      }
      return { data: JSON.stringify({ ok: tree[req.path] }), close: true };
    }
    if (req.op === 'get') return tree[req.path] ? { data: JSON.stringify({ ok: tree[req.path], children: Object.keys(tree).filter(k => k.startsWith(req.path === '/' ? '/' : req.path + '/') && !k.slice(req.path.length + 1).includes('/')).length }), close: true } : fail('NoNode');
    if (req.op === 'ls') {
      const base = req.path === '/' ? '' : req.path;
      if (base && !tree[base]) return fail('NoNode');
      const kids = Object.keys(tree).filter(k => k.startsWith(base + '/') && !k.slice(base.length + 1).includes('/')).map(k => k.slice(base.length + 1));
      if (!base) kids.push('zookeeper');
      return { data: JSON.stringify({ ok: kids.sort() }), close: true };
    }
    if (req.op === 'delete') { if (!tree[req.path]) return fail('NoNode'); delete tree[req.path]; save(); return { data: JSON.stringify({ ok: 1 }), close: true }; }
    return fail('Unimplemented');
  }
  const word = d.trim();
  const v = '3.4.10-39d3a4f269333c922ed3db283be479f9deacaa0f, built on 03/23/2017 10:13 GMT';
  if (inc.port !== Number(cfg.clientPort ?? 2181)) return { data: '', close: true };
  switch (word) {
    case 'ruok': return { data: 'imok', close: true };
    case 'srvr': case 'stat': return { data: `Zookeeper version: ${v}\n${word === 'stat' ? `Clients:\n /${inc.from}:40000[0](queued=0,recved=1,sent=0)\n\n` : ''}Latency min/avg/max: 0/0/0\nReceived: ${c.st.recv = ((c.st.recv as number | undefined) ?? 0) + 1}\nSent: ${c.st.recv}\nConnections: 1\nOutstanding: 0\nZxid: 0x${((c.st.zxid as number | undefined) ?? 0x100000000).toString(16)}\nMode: ${mode}\nNode count: ${Object.keys(tree).length + 4}\n`, close: true };
    case 'conf': return { data: Object.entries(cfg).map(([k, x]) => `${k}=${x}`).join('\n') + '\n', close: true };
    case 'envi': return { data: `Environment:\nzookeeper.version=${v}\nhost.name=${c.pod.hostname}.${c.pod.subdomain ?? ''}.${c.pod.ns}.svc.cluster.local\njava.version=1.8.0_131\n`, close: true };
    case 'mntr': return { data: `zk_version\t${v}\nzk_avg_latency\t0\nzk_max_latency\t0\nzk_min_latency\t0\nzk_packets_received\t1\nzk_packets_sent\t0\nzk_num_alive_connections\t1\nzk_outstanding_requests\t0\nzk_server_state\t${mode}\nzk_znode_count\t${Object.keys(tree).length + 4}\n`, close: true };
    default: return { data: '', close: true };
  }
});
/** zkCli.sh [-server host:port] cmd args: create, get, ls, delete against the server, with the real client's chatter. */
function zkCli(c: CmdCtx): CmdResult {
  let args = c.argv.slice(1);
  let server = 'localhost:2181';
  if (args[0] === '-server') { server = args[1] ?? server; args = args.slice(2); }
  const [host, port = '2181'] = server.split(',')[0]!.split(':');
  c.write(`Connecting to ${server}\n`);
  const t = zkTime(c);
  c.write(`${t} [myid:] - INFO  [main:Environment@100] - Client environment:zookeeper.version=3.4.10-39d3a4f269333c922ed3db283be479f9deacaa0f, built on 03/23/2017 10:13 GMT\n${t} [myid:] - INFO  [main:Environment@100] - Client environment:host.name=${c.pod.hostname}\n${t} [myid:] - INFO  [main:ZooKeeper@438] - Initiating client connection, connectString=${server} sessionTimeout=30000 watcher=org.apache.zookeeper.ZooKeeperMain$MyWatcher@22d8cfe0\n`);
  const ip = host === 'localhost' ? '127.0.0.1' : ipOf(c, host!);
  const r = ip ? c.net.exchange(ip, Number(port), MARK('zk') + JSON.stringify({ op: args[0] ?? '', path: args[1] ?? '/', data: args[2] })) : undefined;
  if (!r || 'error' in r) {
    c.write(`${t} [myid:] - INFO  [main-SendThread(${host}:${port}):ClientCnxn$SendThread@1032] - Opening socket connection to server ${host}/${ip ?? host}:${port}. Will not attempt to authenticate using SASL (unknown error)\n${t} [myid:] - WARN  [main-SendThread(${host}:${port}):ClientCnxn$SendThread@1162] - Session 0x0 for server null, unexpected error, closing socket connection and attempting reconnect\njava.net.ConnectException: Connection refused\n`);
    c.write(`Exception in thread "main" org.apache.zookeeper.KeeperException$ConnectionLossException: KeeperErrorCode = ConnectionLoss for ${args[1] ?? '/'}\n`);
    return 1;
  }
  c.write(`${t} [myid:] - INFO  [main-SendThread(${host}:${port}):ClientCnxn$SendThread@876] - Socket connection established to ${host}/${ip}:${port}, initiating session\n${t} [myid:] - INFO  [main-SendThread(${host}:${port}):ClientCnxn$SendThread@1299] - Session establishment complete on server ${host}/${ip}:${port}, sessionid = 0x1000000000${Math.floor(c.random() * 90 + 10)}, negotiated timeout = 30000\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n`);
  const rep = JSON.parse(r.data) as { ok?: unknown; err?: string; children?: number };
  if (rep.err) {
    c.write(rep.err === 'NodeExists' ? `Node already exists: ${args[1]}\n` : rep.err === 'NoNode' ? `Node does not exist: ${args[1]}\n` : `Command not found: Command not found ${args[0]}\n`);
    return rep.err === 'Unimplemented' ? 1 : 0;
  }
  const date = (ms: number) => `${strftime('%a %b %d %H:%M:%S', ms)} UTC ${new Date(ms).getUTCFullYear()}`;
  if (args[0] === 'create') c.write(`Created ${args[1]}\n`);
  else if (args[0] === 'ls') c.write(`[${(rep.ok as string[]).join(', ')}]\n`);
  else if (args[0] === 'get') {
    const n = rep.ok as ZNode;
    const z = `0x${n.zxid.toString(16)}`;
    c.write(`${n.data}\ncZxid = ${z}\nctime = ${date(n.ctime)}\nmZxid = ${z}\nmtime = ${date(n.mtime)}\npZxid = ${z}\ncversion = 0\ndataVersion = ${n.version}\naclVersion = 0\nephemeralOwner = 0x0\ndataLength = ${byteLength(n.data)}\nnumChildren = ${rep.children ?? 0}\n`);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------- cassandra
const casTime = (c: CmdCtx) => { const t = c.now(); return `${strftime('%Y-%m-%d %H:%M:%S', t)},${String(t % 1000).padStart(3, '0')}`; };
interface Member { ip: string; id: string; dc: string; rack: string; tokens: number }
function casMe(c: CmdCtx): Member {
  const h = (c.st.hostId as string | undefined) ?? (c.st.hostId = Array.from({ length: 32 }, () => Math.floor(c.random() * 16).toString(16)).join('').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'));
  return { ip: c.env.POD_IP || c.net.addr(), id: h, dc: c.env.CASSANDRA_DC ?? 'DC1', rack: c.env.CASSANDRA_RACK ?? 'Rack1', tokens: Number(c.env.CASSANDRA_NUM_TOKENS ?? 32) };
}
const cassandra = program(c => {
  const me = casMe(c);
  for (const p of [7000, 7001, 7199, 9042, 9160]) c.sys.listen(p);
  const seeds = (c.env.CASSANDRA_SEEDS ?? me.ip).split(',').map(s => s.trim()).filter(Boolean);
  const t = () => casTime(c);
  const lines = [
    `Starting Cassandra on ${me.ip}`,
    `CASSANDRA_CONF_DIR /etc/cassandra`,
    `CASSANDRA_CFG /etc/cassandra/cassandra.yaml`,
    `CASSANDRA_AUTO_BOOTSTRAP ${c.env.CASSANDRA_AUTO_BOOTSTRAP ?? 'true'}`,
    `CASSANDRA_BROADCAST_ADDRESS ${me.ip}`,
    `CASSANDRA_CLUSTER_NAME ${c.env.CASSANDRA_CLUSTER_NAME ?? "'Test Cluster'"}`,
    `CASSANDRA_DC ${me.dc}`,
    `CASSANDRA_LISTEN_ADDRESS ${me.ip}`,
    `CASSANDRA_NUM_TOKENS ${me.tokens}`,
    `CASSANDRA_RACK ${me.rack}`,
    `CASSANDRA_RPC_ADDRESS 0.0.0.0`,
    `CASSANDRA_SEEDS ${seeds.join(',')}`,
  ];
  c.write(lines.join('\n') + '\n');
  c.write(`INFO  ${t()} YamlConfigurationLoader.java:89 - Configuration location: file:/etc/cassandra/cassandra.yaml\nINFO  ${t()} CassandraDaemon.java:471 - Hostname: ${c.pod.hostname}.${c.pod.subdomain ?? ''}.${c.pod.ns}.svc.cluster.local\nINFO  ${t()} CassandraDaemon.java:478 - JVM vendor/version: OpenJDK 64-Bit Server VM/1.8.0_121\nINFO  ${t()} StorageService.java:600 - Cassandra version: ${c.env.CASSANDRA_VERSION ?? '3.11.2'}\nINFO  ${t()} StorageService.java:602 - CQL supported versions: 3.4.4 (default: 3.4.4)\nINFO  ${t()} StorageService.java:604 - Native protocol supported versions: 3/v3, 4/v4, 5/v5-beta (default: 4/v4)\n`);
  // join the ring through the first seed that answers (the seed itself starts the ring)
  const ring: Member[] = [me];
  for (const s of seeds) {
    const ip = ipOf(c, s);
    if (!ip || ip === me.ip) continue;
    const r = c.net.exchange(ip, 7000, MARK('gossip') + JSON.stringify({ join: me }));
    if (!('error' in r)) {
      for (const m of (JSON.parse(r.data) as { ring: Member[] }).ring) if (!ring.some(x => x.ip === m.ip)) ring.push(m);
      c.write(`INFO  ${t()} OutboundTcpConnection.java:560 - Handshaking version with /${ip}\nINFO  ${t()} Gossiper.java:1053 - Node /${ip} is now part of the cluster\nINFO  ${t()} Gossiper.java:1011 - InetAddress /${ip} is now UP\n`);
      break;
    }
  }
  c.st.ring = ring;
  c.write(`INFO  ${t()} StorageService.java:1449 - JOINING: Finish joining ring\nINFO  ${t()} Server.java:155 - Starting listening for CQL clients on /0.0.0.0:9042 (unencrypted)...\nINFO  ${t()} CassandraDaemon.java:529 - Not starting RPC server as requested. Use JMX (StorageService->startRPCServer()) or nodetool (enablethrift) to start it\n`);
  return undefined;
});
stopsOnTerm('cassandra');
memoryOf('cassandra', 400 * MiB);
serve('cassandra', (c, inc) => {
  if (typeof inc.data !== 'string' || !inc.data.startsWith(MARK('gossip'))) return { data: '', close: true };
  const req = JSON.parse(inc.data.slice(MARK('gossip').length)) as { join?: Member; ring?: 1 };
  // this node as it is now (its address may not have been known when it started), then the others
  const me = casMe(c);
  const ring: Member[] = [me, ...((c.st.ring as Member[] | undefined) ?? []).filter(m => m.ip && m.ip !== me.ip && m.id !== me.id)];
  c.st.ring = ring;
  if (req.join && !ring.some(m => m.ip === req.join!.ip)) {
    ring.push(req.join);
    c.write(`INFO  ${casTime(c)} Gossiper.java:1053 - Node /${req.join.ip} is now part of the cluster\nINFO  ${casTime(c)} Gossiper.java:1011 - InetAddress /${req.join.ip} is now UP\n`);
  }
  if (req.ring) {
    // what this node knows, and what its seed knows
    const seeds = (c.env.CASSANDRA_SEEDS ?? '').split(',').map(s => s.trim()).filter(Boolean);
    for (const s of seeds) {
      const ip = ipOf(c, s);
      if (!ip || ip === casMe(c).ip) continue;
      const r = c.net.exchange(ip, 7000, MARK('gossip') + JSON.stringify({ join: casMe(c) }));
      if (!('error' in r)) for (const m of (JSON.parse(r.data) as { ring: Member[] }).ring) if (!ring.some(x => x.ip === m.ip)) ring.push(m);
      break;
    }
  }
  return { data: JSON.stringify({ ring }), close: true, until: c.now() };
});
/** nodetool status: the ring as this node's gossip sees it (a member that does not answer is DN). */
function nodetool(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1).filter(a => !a.startsWith('-'));
  const r = c.net.exchange('127.0.0.1', 7000, MARK('gossip') + JSON.stringify({ ring: 1 }));
  if ('error' in r) { c.err("nodetool: Failed to connect to '127.0.0.1:7199' - ConnectException: 'Connection refused (Connection refused)'."); return 1; }
  const ring = (JSON.parse(r.data) as { ring: Member[] }).ring;
  if (args[0] === 'version') { c.write(`ReleaseVersion: ${c.env.CASSANDRA_VERSION ?? '3.11.2'}\n`); return 0; }
  if (args[0] !== 'status') { c.err(`nodetool: Found unexpected parameters: [${args.join(', ')}]\nSee 'nodetool help' or 'nodetool help <command>'.`); return 1; }
  const byDc = new Map<string, Member[]>();
  for (const m of ring) byDc.set(m.dc, [...(byDc.get(m.dc) ?? []), m]);
  let out = '';
  for (const [dc, ms] of byDc) {
    out += `Datacenter: ${dc}\n${'='.repeat(`Datacenter: ${dc}`.length)}\nStatus=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n`;
    const w = Math.max(11, ...ms.map(m => m.ip.length + 2));
    out += `--  ${'Address'.padEnd(w)}Load       Tokens       Owns (effective)  Host ID                               Rack\n`;
    ms.sort((a, b) => a.ip.localeCompare(b.ip, undefined, { numeric: true }));
    ms.forEach((m, i) => {
      const up = !('error' in c.net.connect(m.ip, 7000, { timeoutMs: 1000 }));
      const owns = (100 / ms.length + (i - (ms.length - 1) / 2) * 1.3).toFixed(1);
      out += `${up ? 'UN' : 'DN'}  ${m.ip.padEnd(w)}${`${(99.5 + i * 4.3).toFixed(2)} KiB`.padEnd(11)}${String(m.tokens).padEnd(13)}${`${owns}%`.padEnd(18)}${m.id}  ${m.rack}\n`;
    });
    out += '\n';
  }
  c.write(out);
  return 0;
}

register({
  'docker-entrypoint-postgres': pgEntrypoint, postgres, pg_isready: pgIsready,
  mongod, mongosh, memcached,
  'docker-entrypoint-wordpress': wpEntrypoint, 'wordpress-apache': wpApache, 'gb-frontend': gbFrontend, 'redis-follower-run': redisFollowerRun,
  'start-zookeeper': startZookeeper, 'zkServer.sh': zkServer, 'zkCli.sh': zkCli,
  cassandra, nodetool,
});
