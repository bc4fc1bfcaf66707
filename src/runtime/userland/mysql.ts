// MySQL as the official image runs it (docker-library/mysql): docker-entrypoint.sh (the password check,
// the first-run initialization of /var/lib/mysql, its notes), mysqld (start-up log per major version,
// port 3306), and the image's clients: mysql (batch, table and interactive output, a small SQL: SELECT of
// literals and variables, SHOW DATABASES/TABLES, CREATE/DROP DATABASE and TABLE, INSERT, SELECT … FROM),
// mysqladmin (ping, status, version). The server keeps its data where mysqld does: each database is a
// directory of the data directory (a table is <db>/<table>.frm and .ibd), the accounts are in
// mysql/user.MYD, so a PersistentVolume keeps them across pods as in life. Client and server talk over the
// simulated network with a private framing (the wire protocol is not simulated); anything else that
// connects gets the server's greeting bytes.
import type { CmdCtx, CmdResult } from '../types';
import { register, onSignal, memoryOf, serve } from './index';

const DATADIR = '/var/lib/mysql';
const SOCKET = '/var/run/mysqld/mysqld.sock';
const MARK = '\u0000kctl-mysql\u0000';

/** The server's version as mysqld prints it (MYSQL_VERSION 5.6.51-1debian9 → 5.6.51) and its major. */
function version(c: CmdCtx): { v: string; major: number; minor: number } {
  const full = c.env.MYSQL_VERSION ?? '8.0.40';
  const v = full.replace(/-.*$/, '');
  const [a, b] = v.split('.').map(Number) as [number, number];
  return { v, major: a, minor: b };
}
const isNew = (c: CmdCtx) => version(c).major >= 8;

// ---------------------------------------------------------------------------------------------- logs
const pad2 = (n: number) => String(n).padStart(2, '0');
function ymdhms(t: number, sep = ' '): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}${sep}${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}
/** date --rfc-3339=seconds, as the entrypoint's mysql_log prints it. */
const entryTime = (t: number) => `${ymdhms(t)}+00:00`;
/** mysqld's error-log time: 5.6 local "YYYY-MM-DD hh:mm:ss", 5.7 and later ISO with microseconds. */
function serverTime(c: CmdCtx, i = 0): string {
  const t = c.now();
  if (version(c).major === 5 && version(c).minor <= 6) return ymdhms(t);
  return `${ymdhms(t, 'T')}.${String(((t % 1000) * 1000 + 123 + i * 977) % 1000000).padStart(6, '0')}Z`;
}
/** One mysqld log line: 5.6/5.7 "[Note] msg", 8.0 "[System] [MY-010116] [Server] msg". */
type SLine = [thread: number, level: string, msg: string, code?: string, sub?: string];
function serverLog(c: CmdCtx, lines: SLine[]): void {
  const n = isNew(c);
  lines.forEach(([th, lvl, msg, code, sub], i) => {
    c.write(n ? `${serverTime(c, i)} ${th} [${lvl}] [${code ?? 'MY-000000'}] [${sub ?? 'Server'}] ${msg}\n` : `${serverTime(c, i)} ${th} [${lvl}] ${msg}\n`, 2);
  });
}
function note(c: CmdCtx, text: string, type = 'Note'): void {
  c.write(`${entryTime(c.now())} [${type}] [Entrypoint]: ${text}\n`, type === 'Note' ? 1 : 2);
}

/** What mysqld prints while it starts (the temporary server has networking off: port 0). */
function startLines(c: CmdCtx, pid: number, port: number): SLine[] {
  const { v, major, minor } = version(c);
  const sock = port ? SOCKET : SOCKET;
  if (major >= 8) return [
    [0, 'System', `/usr/sbin/mysqld (mysqld ${v}) starting as process ${pid}`, 'MY-010116'],
    [1, 'System', 'InnoDB initialization has started.', 'MY-013576', 'InnoDB'],
    [1, 'System', 'InnoDB initialization has ended.', 'MY-013577', 'InnoDB'],
    [0, 'Warning', 'CA certificate ca.pem is self signed.', 'MY-010068'],
    [0, 'System', 'Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.', 'MY-013602'],
    [0, 'Warning', "Insecure configuration for --pid-file: Location '/var/run/mysqld' in the path is accessible to all OS users. Consider choosing a different directory.", 'MY-011810'],
    ...(port ? [[0, 'System', `X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock`, 'MY-011323'] as SLine] : [[0, 'System', 'X Plugin ready for connections. Socket: /var/run/mysqld/mysqlx.sock', 'MY-011323'] as SLine]),
    [0, 'System', `/usr/sbin/mysqld: ready for connections. Version: '${v}'  socket: '${sock}'  port: ${port}  MySQL Community Server - GPL.`, 'MY-010931'],
  ];
  if (minor <= 6) return [
    [0, 'Warning', 'TIMESTAMP with implicit DEFAULT value is deprecated. Please use --explicit_defaults_for_timestamp server option (see documentation for more details).'],
    [0, 'Note', `mysqld (mysqld ${v}) starting as process ${pid} ...`],
    [pid, 'Note', 'Plugin \'FEDERATED\' is disabled.'],
    [pid, 'Note', 'InnoDB: Using atomics to ref count buffer pool pages'],
    [pid, 'Note', 'InnoDB: Initializing buffer pool, size = 128.0M'],
    [pid, 'Note', 'InnoDB: Completed initialization of buffer pool'],
    [pid, 'Note', 'InnoDB: Highest supported file format is Barracuda.'],
    [pid, 'Note', 'InnoDB: 128 rollback segment(s) are active.'],
    [pid, 'Note', 'InnoDB: Waiting for purge to start'],
    [pid, 'Note', `InnoDB: ${v} started; log sequence number 1625997`],
    ...(port ? [[pid, 'Note', "Server hostname (bind-address): '*'; port: 3306"], [pid, 'Note', 'IPv6 is available.'], [pid, 'Note', "  - '::' resolves to '::';"], [pid, 'Note', "Server socket created on IP: '::'."]] as SLine[] : []),
    [pid, 'Note', 'Event Scheduler: Loaded 0 events'],
    [pid, 'Note', 'mysqld: ready for connections.'],
  ];
  return [
    [0, 'Warning', 'TIMESTAMP with implicit DEFAULT value is deprecated. Please use --explicit_defaults_for_timestamp server option (see documentation for more details).'],
    [0, 'Note', `mysqld (mysqld ${v}) starting as process ${pid} ...`],
    [0, 'Note', 'InnoDB: PUNCH HOLE support available'],
    [0, 'Note', 'InnoDB: Initializing buffer pool, total size = 128M, instances = 1, chunk size = 128M'],
    [0, 'Note', 'InnoDB: Completed initialization of buffer pool'],
    [0, 'Note', 'InnoDB: Highest supported file format is Barracuda.'],
    [0, 'Note', `InnoDB: ${v} started; log sequence number 12219866`],
    ...(port ? [[0, 'Note', "Server hostname (bind-address): '*'; port: 3306"], [0, 'Note', 'IPv6 is available.'], [0, 'Note', "  - '::' resolves to '::';"], [0, 'Note', "Server socket created on IP: '::'."]] as SLine[] : []),
    [0, 'Note', 'Event Scheduler: Loaded 0 events'],
    [0, 'Note', 'mysqld: ready for connections.'],
  ];
}
/** 5.x prints the Version line on its own (8.0 has it in the ready line). */
function versionLine(c: CmdCtx, port: number): void {
  if (isNew(c)) return;
  c.write(`Version: '${version(c).v}'  socket: '${SOCKET}'  port: ${port}  MySQL Community Server (GPL)\n`, 2);
}

// ---------------------------------------------------------------------------------------------- the data directory
interface Account { user: string; host: string; password: string }
function readAccounts(c: CmdCtx): Account[] {
  try { return JSON.parse(c.fs.readFile(`${DATADIR}/mysql/user.MYD`)) as Account[]; } catch { return []; }
}
function initialized(c: CmdCtx): boolean { return !!c.fs.stat(`${DATADIR}/mysql`); }
/** mysqld runs as mysql (999:999): what it creates is the mysql user's. */
const MYSQL_UID = 999;
function mkdirp(c: CmdCtx, p: string): void {
  try { c.fs.mkdir(p, { parents: true, mode: 0o750 }); c.fs.setAttr(p, { uid: MYSQL_UID, gid: MYSQL_UID }); } catch { /* exists */ }
}
function write(c: CmdCtx, p: string, data: string): void {
  try { c.fs.writeFile(p, data, { mode: 0o640 }); c.fs.setAttr(p, { uid: MYSQL_UID, gid: MYSQL_UID }); } catch { /* read-only: the statement still answers */ }
}

/** The first run's initialization: system schemas, accounts, MYSQL_DATABASE and MYSQL_USER. */
function initDatadir(c: CmdCtx, root: string): string[] {
  const notes: string[] = [];
  mkdirp(c, `${DATADIR}/mysql`);
  mkdirp(c, `${DATADIR}/performance_schema`);
  if (version(c).minor >= 7 || isNew(c)) mkdirp(c, `${DATADIR}/sys`);
  write(c, `${DATADIR}/ibdata1`, '\u0000'.repeat(64));
  write(c, `${DATADIR}/auto.cnf`, `[auto]\nserver-uuid=${uuid(c)}\n`);
  const accounts: Account[] = [{ user: 'root', host: 'localhost', password: root }, { user: 'root', host: c.env.MYSQL_ROOT_HOST ?? '%', password: root }];
  const db = c.env.MYSQL_DATABASE;
  if (db) { mkdirp(c, `${DATADIR}/${db}`); notes.push(`Creating database ${db}`); }
  if (c.env.MYSQL_USER && c.env.MYSQL_PASSWORD) {
    accounts.push({ user: c.env.MYSQL_USER, host: '%', password: c.env.MYSQL_PASSWORD });
    notes.push(`Creating user ${c.env.MYSQL_USER}`);
    if (db) notes.push(`Giving user ${c.env.MYSQL_USER} access to schema ${db}`);
  }
  write(c, `${DATADIR}/mysql/user.MYD`, JSON.stringify(accounts));
  return notes;
}
function uuid(c: CmdCtx): string {
  const h = () => Math.floor(c.random() * 16).toString(16);
  const n = (k: number) => Array.from({ length: k }, h).join('');
  return `${n(8)}-${n(4)}-11ef-${n(4)}-${n(12)}`;
}

// ---------------------------------------------------------------------------------------------- entrypoint
const WANT_HELP = new Set(['-?', '--help', '--print-defaults', '-V', '--version']);

/** docker-entrypoint.sh: on an empty data directory, the password check and the initialization; then exec. */
function entrypoint(c: CmdCtx): CmdResult {
  let args = c.argv.slice(1);
  if (args[0]?.startsWith('-')) args = ['mysqld', ...args];
  if (args[0] === 'mysqld' && !args.some(a => WANT_HELP.has(a))) {
    const full = c.env.MYSQL_VERSION ?? '';
    note(c, `Entrypoint script for MySQL Server ${full} started.`);
    if (c.cred.uid === 0) {
      note(c, "Switching to dedicated user 'mysql'");
      note(c, `Entrypoint script for MySQL Server ${full} started.`);
    }
    if (!initialized(c)) {
      const env = (k: string) => c.env[k] ?? '';
      if (!env('MYSQL_ROOT_PASSWORD') && !env('MYSQL_ALLOW_EMPTY_PASSWORD') && !env('MYSQL_RANDOM_ROOT_PASSWORD')) {
        const old = version(c).major === 5 && version(c).minor <= 6;
        note(c, ['Database is uninitialized and password option is not specified',
          `    You need to specify one of the following${old ? '' : ' as an environment variable'}:`,
          '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD'].join('\n'), 'ERROR');
        return 1;
      }
      if (env('MYSQL_USER') === 'root') {
        note(c, ['MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user',
          '    Remove MYSQL_USER="root" and use one of the following to control the root user password:',
          '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD'].join('\n'), 'ERROR');
        return 1;
      }
      if (env('MYSQL_USER') && !env('MYSQL_PASSWORD')) note(c, 'MYSQL_USER specified, but missing MYSQL_PASSWORD; MYSQL_USER will not be created', 'Warn');
      else if (!env('MYSQL_USER') && env('MYSQL_PASSWORD')) note(c, 'MYSQL_PASSWORD specified, but missing MYSQL_USER; MYSQL_PASSWORD will be ignored', 'Warn');
      let root = env('MYSQL_ROOT_PASSWORD');
      note(c, 'Initializing database files');
      const tmp = c.proc.pid + 40;
      if (isNew(c)) serverLog(c, [
        [0, 'System', `/usr/sbin/mysqld (mysqld ${version(c).v}) initializing of server in progress as process ${tmp}`, 'MY-013169'],
        [1, 'System', 'InnoDB initialization has started.', 'MY-013576', 'InnoDB'],
        [1, 'System', 'InnoDB initialization has ended.', 'MY-013577', 'InnoDB'],
        [6, 'Warning', 'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.', 'MY-010453'],
        [0, 'System', `/usr/sbin/mysqld (mysqld ${version(c).v}) initializing of server has completed`, 'MY-013170'],
      ]);
      else serverLog(c, [[0, 'Warning', 'TIMESTAMP with implicit DEFAULT value is deprecated. Please use --explicit_defaults_for_timestamp server option (see documentation for more details).'], [0, 'Note', `/usr/sbin/mysqld (mysqld ${version(c).v}) starting as process ${tmp} ...`]]);
      note(c, 'Database files initialized');
      note(c, 'Starting temporary server');
      serverLog(c, startLines(c, tmp, 0));
      versionLine(c, 0);
      note(c, 'Temporary server started.');
      if (env('MYSQL_RANDOM_ROOT_PASSWORD')) {
        root = Array.from({ length: 32 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(c.random() * 62)]).join('');
        note(c, `GENERATED ROOT PASSWORD: ${root}`);
      }
      for (const n of initDatadir(c, root)) note(c, n);
      note(c, 'Stopping temporary server');
      if (isNew(c)) serverLog(c, [[0, 'System', `/usr/sbin/mysqld: Shutdown complete (mysqld ${version(c).v})  MySQL Community Server - GPL.`, 'MY-010910']]);
      else serverLog(c, [[0, 'Note', 'mysqld: Shutdown complete']]);
      note(c, 'Temporary server stopped');
      c.write('\n');
      note(c, 'MySQL init process done. Ready for start up.');
      c.write('\n');
    }
  }
  const r = c.sys.exec(args);
  if (r !== 'ok') { c.err(`/usr/local/bin/docker-entrypoint.sh: line 420: exec: ${args[0]}: not found`); return 127; }
  return 0;
}

// ---------------------------------------------------------------------------------------------- mysqld
function mysqld(c: CmdCtx): CmdResult {
  if (c.st.up) return { block: { forever: true } };
  const args = c.argv.slice(1);
  const { v } = version(c);
  if (args.includes('--version') || args.includes('-V')) {
    c.write(isNew(c) ? `/usr/sbin/mysqld  Ver ${v} for Linux on x86_64 (MySQL Community Server - GPL)\n` : `mysqld  Ver ${v} for Linux on x86_64 (MySQL Community Server (GPL))\n`);
    return 0;
  }
  if (!initialized(c)) initDatadir(c, c.env.MYSQL_ROOT_PASSWORD ?? '');
  const pid = c.proc.pid;
  if (c.sys.listen(3306) !== 'ok') {
    serverLog(c, isNew(c)
      ? [[0, 'Error', 'Can\'t start server: Bind on TCP/IP port: Address already in use', 'MY-010262'], [0, 'Error', 'Do you already have another mysqld server running on port: 3306 ?', 'MY-010257'], [0, 'Error', 'Aborting', 'MY-010119']]
      : [[0, 'Error', "Can't start server: Bind on TCP/IP port: Address already in use"], [0, 'Error', 'Do you already have another mysqld server running on port: 3306 ?'], [0, 'Error', 'Aborting']]);
    return 1;
  }
  if (isNew(c)) c.sys.listen(33060);
  serverLog(c, startLines(c, pid, 3306));
  versionLine(c, 3306);
  c.st.up = 1;
  c.st.conn = 1;
  return { block: { forever: true } };
}
onSignal('mysqld', (sig, c) => {
  if (sig !== 15 && sig !== 2) return sig === 1 ? 'ignore' : undefined;
  if (isNew(c)) serverLog(c, [[0, 'System', `Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: ${version(c).v}).`, 'MY-013172'], [0, 'System', `/usr/sbin/mysqld: Shutdown complete (mysqld ${version(c).v})  MySQL Community Server - GPL.`, 'MY-010910']]);
  else serverLog(c, [[0, 'Note', 'mysqld: Normal shutdown'], [0, 'Note', 'Giving 0 client threads a chance to die gracefully'], [0, 'Note', 'Shutting down slave threads'], [0, 'Note', 'Forcefully disconnecting 0 remaining clients'], [0, 'Note', 'Binlog end'], [0, 'Note', 'mysqld: Shutdown complete']]);
  return 0;
});
memoryOf('mysqld', 180 * 1024 * 1024);

// ---------------------------------------------------------------------------------------------- SQL
type Cell = string | null;
type Result = { cols: string[]; rows: Cell[][] } | { affected: number; warnings?: number } | { changed: string };
interface Request { user: string; password: string | null; db: string | null; sql: string[]; local?: boolean; ping?: boolean }
interface Reply { results?: Result[]; db?: string | null; err?: [number, string, string]; version?: string; conn?: number }

class SqlError extends Error { constructor(public code: number, public state: string, msg: string) { super(msg); } }
const syntax = (near: string) => new SqlError(1064, '42000', `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near.slice(0, 80)}' at line 1`);

/** Tokens: identifiers (backquotes dropped), strings, numbers, @@vars, punctuation. */
function tokens(sql: string): string[] {
  const out: string[] = [];
  const re = /\s*(`[^`]*`|'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"|@@[\w.]+|[\w$.]+(?:\(\))?|\*|[(),;=<>!]+|\S)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sql))) { if (m[1]) out.push(m[1]); }
  return out;
}
const unquote = (t: string) => (/^['"]/.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1').replace(/''/g, "'") : t.replace(/^`|`$/g, ''));
const isString = (t: string) => /^['"]/.test(t);
const SYS_DBS = ['information_schema'];

function dbDirs(c: CmdCtx): string[] {
  try { return c.fs.readDir(DATADIR).filter(([n, i]) => i.k === 'd' && !n.startsWith('#') && n !== 'lost+found').map(([n]) => n); } catch { return []; }
}
function tableNames(c: CmdCtx, db: string): string[] {
  try { return c.fs.readDir(`${DATADIR}/${db}`).filter(([n]) => n.endsWith('.frm')).map(([n]) => n.slice(0, -4)).sort(); } catch { return []; }
}
function serverId(c: CmdCtx): string {
  let id = isNew(c) ? '1' : '0';
  try {
    for (const dir of ['/etc/mysql/conf.d', '/etc/mysql/mysql.conf.d']) {
      for (const [n] of c.fs.readDir(dir)) {
        if (!n.endsWith('.cnf')) continue;
        const m = /^\s*server[-_]id\s*=\s*(\d+)/m.exec(c.fs.readFile(`${dir}/${n}`));
        if (m) id = m[1]!;
      }
    }
  } catch { /* no conf.d */ }
  return id;
}

interface Session { c: CmdCtx; db: string | null; user: string; host: string }

function value(s: Session, t: string): Cell {
  const c = s.c;
  const u = t.toUpperCase();
  if (isString(t)) return unquote(t);
  if (/^-?\d+(\.\d+)?$/.test(t)) return t;
  if (u === 'NULL') return null;
  if (u === 'NOW()' || u === 'CURRENT_TIMESTAMP' || u === 'CURRENT_TIMESTAMP()' || u === 'SYSDATE()') return ymdhms(c.now());
  if (u === 'VERSION()' || u === '@@VERSION') return version(c).v;
  if (u === 'DATABASE()' || u === 'SCHEMA()') return s.db;
  if (u === 'USER()' || u === 'SESSION_USER()' || u === 'SYSTEM_USER()') return `${s.user}@${s.host}`;
  if (u === 'CURRENT_USER()' || u === 'CURRENT_USER') return `${s.user}@%`;
  if (u === '@@SERVER_ID' || u === '@@GLOBAL.SERVER_ID') return serverId(c);
  if (u === '@@HOSTNAME') return c.pod.hostname;
  if (u === '@@PORT') return '3306';
  if (u === '@@DATADIR') return `${DATADIR}/`;
  if (u === '@@READ_ONLY' || u === '@@SUPER_READ_ONLY') return '0';
  if (u.startsWith('@@')) throw new SqlError(1193, 'HY000', `Unknown system variable '${t.slice(2).replace(/^(global|session)\./i, '')}'`);
  throw new SqlError(1054, '42S22', `Unknown column '${t}' in 'field list'`);
}

function needDb(s: Session, name: string): [string, string] {
  const dot = name.indexOf('.');
  if (dot > 0) return [name.slice(0, dot).replace(/`/g, ''), name.slice(dot + 1).replace(/`/g, '')];
  if (!s.db) throw new SqlError(1046, '3D000', 'No database selected');
  return [s.db, name.replace(/`/g, '')];
}
interface Table { cols: string[]; rows: Cell[][] }
function readTable(s: Session, db: string, t: string): Table {
  const c = s.c;
  let cols: string[];
  try { cols = JSON.parse(c.fs.readFile(`${DATADIR}/${db}/${t}.frm`)) as string[]; } catch { throw new SqlError(1146, '42S02', `Table '${db}.${t}' doesn't exist`); }
  let rows: Cell[][] = [];
  try { rows = c.fs.readFile(`${DATADIR}/${db}/${t}.ibd`).split('\n').filter(Boolean).map(l => JSON.parse(l) as Cell[]); } catch { /* empty */ }
  return { cols, rows };
}

/** A comma-separated list up to a keyword (or the end), as token groups. */
function list(ts: string[], i: number, stop: (t: string) => boolean): [string[][], number] {
  const items: string[][] = [[]];
  let depth = 0;
  for (; i < ts.length; i++) {
    const t = ts[i]!;
    if (depth === 0 && stop(t)) break;
    if (t === '(') depth++;
    if (t === ')') depth--;
    if (t === ',' && depth === 0) { items.push([]); continue; }
    items[items.length - 1]!.push(t);
  }
  return [items.filter(x => x.length), i];
}

function execute(s: Session, sql: string): Result {
  const c = s.c;
  const ts = tokens(sql.trim().replace(/;\s*$/, ''));
  const U = (i: number) => (ts[i] ?? '').toUpperCase();
  const rest = (i: number) => ts.slice(i).join(' ');
  switch (U(0)) {
    case 'SELECT': {
      const [items, i] = list(ts, 1, t => /^(FROM|WHERE|LIMIT|ORDER)$/i.test(t));
      if (!items.length) throw syntax(rest(1));
      if (U(i) === 'FROM') {
        const [db, t] = needDb(s, ts[i + 1] ?? '');
        if (!dbDirs(c).includes(db)) throw new SqlError(1049, '42000', `Unknown database '${db}'`);
        const tab = readTable(s, db, t);
        let rows = tab.rows;
        let j = i + 2;
        if (U(j) === 'WHERE') {
          const col = tab.cols.indexOf(ts[j + 1] ?? '');
          if (col < 0) throw new SqlError(1054, '42S22', `Unknown column '${ts[j + 1]}' in 'where clause'`);
          const want = value(s, ts[j + 3] ?? '');
          rows = rows.filter(r => r[col] === want);
          j += 4;
        }
        if (U(j) === 'LIMIT') rows = rows.slice(0, Number(ts[j + 1]));
        const pick = items.flatMap(it => (it.join('') === '*' ? tab.cols.map(x => [x]) : [it]));
        const idx = pick.map(it => { const k = tab.cols.indexOf(unquote(it[0]!)); return k; });
        return { cols: pick.map(it => it.join(' ').replace(/ ?([(),]) ?/g, '$1')), rows: rows.map(r => pick.map((it, k) => (idx[k]! >= 0 ? r[idx[k]!]! : value(s, it.join(''))))) };
      }
      const cols = items.map(it => it.join('').replace(/^(['"])(.*)\1$/, '$2'));
      return { cols, rows: [items.map(it => value(s, it.length === 1 ? it[0]! : it.join('')))] };
    }
    case 'SHOW': {
      if (U(1) === 'DATABASES' || U(1) === 'SCHEMAS') return { cols: ['Database'], rows: [...SYS_DBS, ...dbDirs(c)].sort().map(d => [d]) };
      if (U(1) === 'TABLES') {
        const db = U(2) === 'FROM' || U(2) === 'IN' ? unquote(ts[3] ?? '') : s.db;
        if (!db) throw new SqlError(1046, '3D000', 'No database selected');
        if (!dbDirs(c).includes(db)) throw new SqlError(1049, '42000', `Unknown database '${db}'`);
        return { cols: [`Tables_in_${db}`], rows: tableNames(c, db).map(t => [t]) };
      }
      if (U(1) === 'VARIABLES' || U(1) === 'GLOBAL' || U(1) === 'SESSION') return { cols: ['Variable_name', 'Value'], rows: [] };
      if (U(1) === 'MASTER' || U(1) === 'SLAVE' || U(1) === 'REPLICA' || U(1) === 'BINARY') return { cols: [], rows: [] };
      throw syntax(rest(1));
    }
    case 'USE': {
      const db = unquote(ts[1] ?? '');
      if (!dbDirs(c).includes(db)) throw new SqlError(1049, '42000', `Unknown database '${db}'`);
      s.db = db;
      return { changed: db };
    }
    case 'CREATE': {
      if (U(1) === 'DATABASE' || U(1) === 'SCHEMA') {
        const ine = U(2) === 'IF' && U(3) === 'NOT' && U(4) === 'EXISTS';
        const db = unquote(ts[ine ? 5 : 2] ?? '');
        if (!db) throw syntax(rest(2));
        if (dbDirs(c).includes(db) || db.toLowerCase() === 'information_schema') {
          if (ine) return { affected: 1, warnings: 1 };
          throw new SqlError(1007, 'HY000', `Can't create database '${db}'; database exists`);
        }
        mkdirp(c, `${DATADIR}/${db}`);
        return { affected: 1 };
      }
      if (U(1) === 'TABLE') {
        const ine = U(2) === 'IF' && U(3) === 'NOT' && U(4) === 'EXISTS';
        const at = ine ? 5 : 2;
        const [db, t] = needDb(s, ts[at] ?? '');
        if (!dbDirs(c).includes(db)) throw new SqlError(1049, '42000', `Unknown database '${db}'`);
        if (ts[at + 1] !== '(') throw syntax(rest(at + 1));
        const [defs] = list(ts, at + 2, x => x === ')' );
        const cols = defs.filter(d => !/^(PRIMARY|KEY|INDEX|UNIQUE|CONSTRAINT|FOREIGN)$/i.test(d[0]!)).map(d => unquote(d[0]!));
        if (tableNames(c, db).includes(t)) {
          if (ine) return { affected: 0, warnings: 1 };
          throw new SqlError(1050, '42S01', `Table '${t}' already exists`);
        }
        write(c, `${DATADIR}/${db}/${t}.frm`, JSON.stringify(cols));
        write(c, `${DATADIR}/${db}/${t}.ibd`, '');
        return { affected: 0 };
      }
      if (U(1) === 'USER') return { affected: 0 };
      throw syntax(rest(1));
    }
    case 'DROP': {
      const ie = U(2) === 'IF' && U(3) === 'EXISTS';
      const name = ts[ie ? 4 : 2] ?? '';
      if (U(1) === 'DATABASE' || U(1) === 'SCHEMA') {
        const db = unquote(name);
        if (!dbDirs(c).includes(db)) {
          if (ie) return { affected: 0, warnings: 1 };
          throw new SqlError(1008, 'HY000', `Can't drop database '${db}'; database doesn't exist`);
        }
        const n = tableNames(c, db).length;
        rmrf(c, `${DATADIR}/${db}`);
        if (s.db === db) s.db = null;
        return { affected: n };
      }
      if (U(1) === 'TABLE') {
        const [db, t] = needDb(s, name);
        if (!tableNames(c, db).includes(t)) {
          if (ie) return { affected: 0, warnings: 1 };
          throw new SqlError(1051, '42S02', `Unknown table '${db}.${t}'`);
        }
        for (const x of ['frm', 'ibd']) { try { c.fs.unlink(`${DATADIR}/${db}/${t}.${x}`); } catch { /* gone */ } }
        return { affected: 0 };
      }
      if (U(1) === 'USER') return { affected: 0 };
      throw syntax(rest(1));
    }
    case 'INSERT': case 'REPLACE': {
      const at = U(1) === 'INTO' ? 2 : 1;
      const [db, t] = needDb(s, ts[at] ?? '');
      const tab = readTable(s, db, t);
      let i = at + 1;
      let cols = tab.cols;
      if (ts[i] === '(') { const [cs, j] = list(ts, i + 1, x => x === ')'); cols = cs.map(x => unquote(x[0]!)); i = j + 1; }
      if (!/^VALUES?$/i.test(ts[i] ?? '')) throw syntax(rest(i));
      const rows: Cell[][] = [];
      i++;
      while (ts[i] === '(') {
        const [vals, j] = list(ts, i + 1, x => x === ')');
        if (vals.length !== cols.length) throw new SqlError(1136, '21S01', `Column count doesn't match value count at row ${rows.length + 1}`);
        const row: Cell[] = tab.cols.map(() => null);
        cols.forEach((cn, k) => {
          const ix = tab.cols.indexOf(cn);
          if (ix < 0) throw new SqlError(1054, '42S22', `Unknown column '${cn}' in 'field list'`);
          row[ix] = value(s, vals[k]!.join(''));
        });
        rows.push(row);
        i = j + 1;
        if (ts[i] === ',') i++;
      }
      const data = rows.map(r => JSON.stringify(r) + '\n').join('');
      try { c.fs.writeFile(`${DATADIR}/${db}/${t}.ibd`, data, { append: true }); } catch { /* read-only */ }
      return { affected: rows.length };
    }
    case 'DELETE': {
      const [db, t] = needDb(s, ts[2] ?? '');
      const tab = readTable(s, db, t);
      write(c, `${DATADIR}/${db}/${t}.ibd`, '');
      return { affected: tab.rows.length };
    }
    case 'GRANT': case 'FLUSH': case 'SET': case 'ALTER': case 'START': case 'STOP': case 'CHANGE': case 'RESET': case 'COMMIT': case 'BEGIN': case 'ROLLBACK':
      return { affected: 0 };
    case 'DO': return { affected: 0 };
    case '': throw new SqlError(1065, '42000', 'Query was empty');
    default: throw syntax(sql.trim());
  }
}
function rmrf(c: CmdCtx, p: string): void {
  try {
    for (const [n, i] of c.fs.readDir(p)) { if (i.k === 'd') rmrf(c, `${p}/${n}`); else c.fs.unlink(`${p}/${n}`); }
    c.fs.unlink(p, { dir: true });
  } catch { /* gone */ }
}

/** The server's side of one exchange: authenticate, then run the statements in order until one fails. */
function mysqlServe(c: CmdCtx, data: string, from: string): { data: string; close: boolean } {
  const v = version(c).v;
  if (!data.startsWith(MARK)) {
    // the handshake a MySQL server sends first (protocol 10, the version, a salt, the auth plugin)
    return { data: `J\u0000\u0000\u0000\n${v}\u0000\u0007\u0000\u0000\u0000)A5\\;=\\x\u0000\u00ff\u00f7\b\u0002\u0000\u007f\u0080\u0015\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000aM?F-%[%/%u.\u0000mysql_native_password\u0000`, close: true };
  }
  const req = JSON.parse(data.slice(MARK.length)) as Request;
  const conn = (c.st.conn = ((c.st.conn as number | undefined) ?? 1) + 1);
  const host = req.local ? 'localhost' : from;
  const reply: Reply = { version: v, conn };
  const accounts = readAccounts(c);
  const acct = accounts.find(a => a.user === req.user && (a.host === '%' || (a.host === 'localhost' && req.local)));
  if (!acct || acct.password !== (req.password ?? '')) {
    reply.err = [1045, '28000', `Access denied for user '${req.user}'@'${host}' (using password: ${req.password ? 'YES' : 'NO'})`];
    return { data: JSON.stringify(reply), close: true };
  }
  if (req.ping) return { data: JSON.stringify(reply), close: true };
  const s: Session = { c, db: null, user: req.user, host };
  if (req.db) {
    if (!dbDirs(c).includes(req.db)) { reply.err = [1049, '42000', `Unknown database '${req.db}'`]; return { data: JSON.stringify(reply), close: true }; }
    s.db = req.db;
  }
  reply.results = [];
  for (const q of req.sql) {
    try { reply.results.push(execute(s, q)); } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      reply.err = [e.code, e.state, e.message];
      break;
    }
  }
  reply.db = s.db;
  return { data: JSON.stringify(reply), close: true };
}
serve('mysqld', (c, inc) => (typeof inc.data === 'string' ? { ...mysqlServe(c, inc.data, inc.from), cpuMs: 0.3 } : { data: '', close: true }));

// ---------------------------------------------------------------------------------------------- clients
interface Conn { host: string; port: number; user: string; password: string | null; socket: boolean }
type Connected = { ok: Reply } | { fail: string; code: number };

/** Connect and send statements (one exchange); the failure lines are the client library's. */
function talk(c: CmdCtx, conn: Conn, body: Omit<Request, 'user' | 'password'>): Connected {
  const eight = isNew(c);
  const ip = conn.socket ? '127.0.0.1' : (() => { const r = c.net.lookup(conn.host, { family: 4 }); return 'error' in r ? undefined : r.addrs[0]; })();
  if (!ip) return { fail: `ERROR 2005 (HY000): Unknown MySQL server host '${conn.host}' (${eight ? -2 : 0})`, code: 2005 };
  const rep = c.net.exchange(ip, conn.port, MARK + JSON.stringify({ ...body, user: conn.user, password: conn.password, ...(conn.socket ? { local: true } : {}) }));
  if ('error' in rep) {
    if (conn.socket) return { fail: `ERROR 2002 (HY000): Can't connect to local MySQL server through socket '${SOCKET}' (${rep.error === 'refused' ? 2 : 111})`, code: 2002 };
    const errno = rep.error === 'refused' ? 111 : rep.error === 'unreachable' ? 113 : 110;
    return { fail: `ERROR 2003 (HY000): Can't connect to MySQL server on '${conn.host}${eight ? `:${conn.port}` : ''}' (${errno})`, code: 2003 };
  }
  if (!rep.data.startsWith('{')) return { fail: `ERROR 2013 (HY000): Lost connection to MySQL server at 'reading initial communication packet', system error: 0`, code: 2013 };
  return { ok: JSON.parse(rep.data) as Reply };
}

function parseConn(c: CmdCtx, args: string[], extra: (a: string, next: () => string | undefined) => boolean): { conn: Conn; rest: string[]; cliPassword: boolean } | number {
  let host: string | undefined, port = 3306, user = c.env.USER ?? (c.cred.uid === 0 ? 'root' : 'mysql'), password: string | null = c.env.MYSQL_PWD ?? null, cliPassword = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = () => args[++i];
    const long = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (long) {
      const [, k, v] = long as unknown as [string, string, string | undefined];
      const val = () => v ?? next() ?? '';
      if (k === 'host') host = val();
      else if (k === 'port') port = Number(val());
      else if (k === 'user') user = val();
      else if (k === 'password') { if (v !== undefined) { password = v; cliPassword = true; } else password = ''; }
      else if (k === 'socket' || k === 'protocol' || k === 'default-character-set' || k === 'connect-timeout') { if (v === undefined) next(); }
      else if (!extra(a, next)) rest.push(a);
      continue;
    }
    if (/^-[hPuS]/.test(a)) {
      const v = a.length > 2 ? a.slice(2) : next() ?? '';
      if (a[1] === 'h') host = v; else if (a[1] === 'P') port = Number(v); else if (a[1] === 'u') user = v;
      continue;
    }
    if (a.startsWith('-p')) { if (a.length > 2) { password = a.slice(2); cliPassword = true; } else password = ''; continue; }
    if (!extra(a, next)) rest.push(a);
  }
  const socket = !host || host === 'localhost';
  return { conn: { host: host ?? 'localhost', port, user, password, socket }, rest, cliPassword };
}
function passwordWarning(c: CmdCtx, prog: string): void {
  const old = version(c).major === 5 && version(c).minor <= 6;
  c.err(old ? 'Warning: Using a password on the command line interface can be insecure.' : `${prog}: [Warning] Using a password on the command line interface can be insecure.`);
}

/** The result of one statement as the client prints it. */
function render(r: Result, o: { table: boolean; header: boolean; interactive: boolean }): string {
  if ('changed' in r) return o.interactive ? 'Database changed\n' : '';
  if ('affected' in r) return o.interactive ? `Query OK, ${r.affected} row${r.affected === 1 ? '' : 's'} affected${r.warnings ? `, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}` : ''} (0.00 sec)\n\n` : '';
  const show = (x: Cell) => (x === null ? 'NULL' : x);
  let out = '';
  if (!r.rows.length) return o.interactive ? 'Empty set (0.00 sec)\n\n' : '';
  if (o.table) {
    const w = r.cols.map((h, k) => Math.max(h.length, ...r.rows.map(row => show(row[k] ?? null).length)));
    const line = '+' + w.map(n => '-'.repeat(n + 2)).join('+') + '+\n';
    const fmt = (cells: string[], right: boolean[]) => '|' + cells.map((x, k) => ` ${right[k] ? x.padStart(w[k]!) : x.padEnd(w[k]!)} `).join('|') + '|\n';
    const numeric = r.cols.map((_, k) => r.rows.every(row => row[k] === null || /^-?\d+(\.\d+)?$/.test(row[k]!)));
    out += line;
    if (o.header) out += fmt(r.cols, r.cols.map(() => false)) + line;
    for (const row of r.rows) out += fmt(row.map(show), numeric);
    out += line;
    if (o.interactive) out += `${r.rows.length} row${r.rows.length === 1 ? '' : 's'} in set (0.00 sec)\n\n`;
    return out;
  }
  const esc = (x: Cell) => (x === null ? 'NULL' : x.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
  if (o.header) out += r.cols.join('\t') + '\n';
  for (const row of r.rows) out += row.map(esc).join('\t') + '\n';
  return out;
}

/** Statements of a script: split on ';' outside quotes (a trailing one without ';' counts too). */
function statements(text: string): string[] {
  const out: string[] = [];
  let cur = '', q = '';
  for (const ch of text) {
    if (q) { cur += ch; if (ch === q) q = ''; continue; }
    if (ch === "'" || ch === '"' || ch === '`') { q = ch; cur += ch; continue; }
    if (ch === ';') { if (cur.trim()) out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter(s => !/^(--|#)/.test(s));
}

function banner(c: CmdCtx, rep: Reply): string {
  const { major, minor } = version(c);
  const copy = major >= 8 ? '2000, 2024' : minor <= 6 ? '2000, 2021' : '2000, 2023';
  const kind = major >= 8 ? 'MySQL Community Server - GPL' : 'MySQL Community Server (GPL)';
  return `Welcome to the MySQL monitor.  Commands end with ; or \\g.\nYour MySQL connection id is ${rep.conn ?? 2}\nServer version: ${rep.version} ${kind}\n\nCopyright (c) ${copy}, Oracle and/or its affiliates.${major >= 8 ? '' : ' All rights reserved.'}\n\nOracle is a registered trademark of Oracle Corporation and/or its\naffiliates. Other names may be trademarks of their respective\nowners.\n\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n`;
}

/** mysql [options] [db]: -e statements, a script on stdin, or the interactive monitor on a terminal. */
function mysql(c: CmdCtx): CmdResult {
  if (!c.st.init) {
    let exec: string | undefined, db: string | undefined, header = true, table: boolean | undefined, silent = false;
    const p = parseConn(c, c.argv.slice(1), (a, next) => {
      if (a === '-e' || a === '--execute') { exec = next() ?? ''; return true; }
      if (a.startsWith('--execute=')) { exec = a.slice(10); return true; }
      if (/^-e./.test(a)) { exec = a.slice(2); return true; }
      if (a === '-D' || a === '--database') { db = next(); return true; }
      if (a.startsWith('--database=')) { db = a.slice(11); return true; }
      if (/^-D./.test(a)) { db = a.slice(2); return true; }
      if (a === '-N' || a === '--skip-column-names') { header = false; return true; }
      if (a === '-t' || a === '--table') { table = true; return true; }
      if (a === '-B' || a === '--batch') { table = false; return true; }
      if (a === '-s' || a === '--silent') { silent = true; return true; }
      if (/^-[NsBtrnvq]+$/.test(a)) { if (a.includes('N')) header = false; if (a.includes('s')) silent = true; if (a.includes('B')) table = false; if (a.includes('t')) table = true; return true; }
      return false;
    });
    if (typeof p === 'number') return p;
    if (p.rest.includes('--version') || p.rest.includes('-V')) {
      const { v, major } = version(c);
      c.write(major >= 8 ? `mysql  Ver ${v} for Linux on x86_64 (MySQL Community Server - GPL)\n` : `mysql  Ver 14.14 Distrib ${v}, for Linux (x86_64) using  EditLine wrapper\n`);
      return 0;
    }
    const pos = p.rest.filter(a => !a.startsWith('-'));
    db ??= pos[0];
    if (p.cliPassword) passwordWarning(c, 'mysql');
    const tty = c.sys.isatty(0) && c.sys.isatty(1);
    c.st.init = { conn: p.conn, db: db ?? null, header, table: table ?? (exec === undefined ? false : c.sys.isatty(1)), silent, tty, exec };
    // connect first (the monitor's banner, or the failure) before anything runs
    const first = talk(c, p.conn, { db: db ?? null, sql: [], ping: false });
    if ('fail' in first) { c.err(first.fail); return 1; }
    if (first.ok.err) { c.err(`ERROR ${first.ok.err[0]} (${first.ok.err[1]}): ${first.ok.err[2]}`); return 1; }
    if (exec !== undefined) return runScript(c, statements(exec));
    if (tty) { c.write(banner(c, first.ok) + 'mysql> '); c.st.buf = ''; }
    else c.st.script = '';
  }
  const st = c.st.init as { tty: boolean };
  for (;;) {
    const d = c.read(0);
    if (d === undefined) return { block: { read: 0 } };
    if (d === null) {
      if (st.tty) { c.write('Bye\n'); return 0; }
      return runScript(c, statements(c.st.script as string));
    }
    if (!st.tty) { c.st.script += d; continue; }
    for (const line of d.split(/\r?\n/)) {
      if (line === '' && !c.st.buf) { continue; }
      const t = line.trim();
      if (!c.st.buf && /^(quit|exit|\\q)\s*;?$/i.test(t)) { c.write('Bye\n'); return 0; }
      c.st.buf += (c.st.buf ? '\n' : '') + line;
      if (!/;\s*$|\\g\s*$|\\G\s*$/.test(c.st.buf as string)) { c.write('    -> '); continue; }
      const q = (c.st.buf as string).replace(/\\[gG]\s*$/, ';');
      c.st.buf = '';
      runInteractive(c, statements(q));
      c.write('mysql> ');
    }
  }
}
function runScript(c: CmdCtx, sql: string[]): number {
  const st = c.st.init as { conn: Conn; db: string | null; header: boolean; table: boolean };
  if (!sql.length) return 0;
  const r = talk(c, st.conn, { db: st.db, sql });
  if ('fail' in r) { c.err(r.fail); return 1; }
  const rep = r.ok;
  for (const res of rep.results ?? []) c.write(render(res, { table: st.table, header: st.header, interactive: false }));
  if (rep.err) {
    const line = (rep.results?.length ?? 0) + 1;
    c.err(`ERROR ${rep.err[0]} (${rep.err[1]})${rep.err[0] === 1045 ? '' : ` at line ${line}`}: ${rep.err[2]}`);
    return 1;
  }
  return 0;
}
function runInteractive(c: CmdCtx, sql: string[]): void {
  const st = c.st.init as { conn: Conn; db: string | null; header: boolean };
  for (const q of sql) {
    const r = talk(c, st.conn, { db: st.db, sql: [q] });
    if ('fail' in r) { c.write(`ERROR 2013 (HY000): Lost connection to MySQL server during query\n`); continue; }
    for (const res of r.ok.results ?? []) c.write(render(res, { table: true, header: st.header, interactive: true }));
    if (r.ok.err) c.write(`ERROR ${r.ok.err[0]} (${r.ok.err[1]}): ${r.ok.err[2]}\n`);
    if (r.ok.db !== undefined) st.db = r.ok.db;
  }
}

/** mysqladmin [options] ping|status|version. */
function mysqladmin(c: CmdCtx): CmdResult {
  const p = parseConn(c, c.argv.slice(1), () => false);
  if (typeof p === 'number') return p;
  const cmds = p.rest.filter(a => !a.startsWith('-'));
  if (p.cliPassword) passwordWarning(c, 'mysqladmin');
  if (!cmds.length) { c.write(`mysqladmin  Ver ${isNew(c) ? version(c).v : `8.42 Distrib ${version(c).v}`} for Linux on x86_64\nCopyright (c) 2000, 2024, Oracle and/or its affiliates.\n\nAdministration program for the mysqld daemon.\nUsage: mysqladmin [OPTIONS] command command....\n`); return 0; }
  const r = talk(c, p.conn, { db: null, sql: [], ping: true });
  const fail = (err: string): void => {
    c.err(`mysqladmin: connect to server at '${p.conn.host}' failed\nerror: '${err}'`);
  };
  if ('fail' in r) {
    fail(r.fail.replace(/^ERROR \d+ \(\w+\): /, ''));
    if (r.code === 2002) c.err(`Check that mysqld is running and that the socket: '${SOCKET}' exists!`);
    else if (r.code === 2003) c.err(`Check that mysqld is running on ${p.conn.host} and that the port is ${p.conn.port}.\nYou can check this by doing 'telnet ${p.conn.host} ${p.conn.port}'`);
    return 1;
  }
  if (r.ok.err) {
    fail(r.ok.err[2]);
    // ping: the server is running even if it refused us
    return cmds[0] === 'ping' ? 0 : 1;
  }
  for (const cmd of cmds) {
    if (cmd === 'ping') c.write('mysqld is alive\n');
    else if (cmd === 'status') c.write(`Uptime: 60  Threads: 2  Questions: ${r.ok.conn ?? 2}  Slow queries: 0  Opens: 115  Flush tables: 3  Open tables: 36  Queries per second avg: 0.033\n`);
    else if (cmd === 'version') c.write(`mysqladmin  Ver 8.42 Distrib ${r.ok.version}, for Linux on x86_64\n\nServer version\t\t${r.ok.version}\nProtocol version\t10\nConnection\t\t${p.conn.socket ? 'Localhost via UNIX socket' : `${p.conn.host} via TCP/IP`}\n${p.conn.socket ? `UNIX socket\t\t${SOCKET}\n` : `TCP port\t\t${p.conn.port}\n`}Uptime:\t\t\t1 min 0 sec\n\nThreads: 2  Questions: 2  Slow queries: 0  Opens: 115  Flush tables: 3  Open tables: 36  Queries per second avg: 0.033\n`);
    else { c.err(`mysqladmin: Unknown command: '${cmd}'`); return 1; }
  }
  return 0;
}

register({ 'docker-entrypoint-mysql': entrypoint, mysqld, mysql, mysqladmin });
export { talk as mysqlTalk, parseConn as mysqlConn };
