// A fuzz worker: runs many kctl invocations in one process through the in-process entry point (dist/kctl.js
// loaded with globalThis.__kctlInProcess), so an input costs what kctl's work costs, not a Node start-up.
// The parent (harness.mjs) sends inputs over IPC and enforces each input's time limit by killing this process.
//
// Per input: the home is put back to the template when the previous input changed it; stdout and stderr are
// captured (kctl writes them with fs.writeSync); stdin comes from the input; the cluster's objects are
// snapshotted before and after through a read-only SQLite connection (name and resourceVersion of every row).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
globalThis.__kctlInProcess = true;
const kctl = require(path.join(ROOT, 'dist', 'kctl.js'));
const Database = require('better-sqlite3');

// ---- captured stdio ----
let out = [], err = [], stdinText = '';
const realWrite = fs.writeSync;
fs.writeSync = function (fd, data, ...rest) {
  if (fd === 1 || fd === 2) {
    const s = typeof data === 'string' ? data : Buffer.from(data.buffer ?? data, data.byteOffset ?? 0, rest[1] ?? data.length).toString('utf8');
    (fd === 1 ? out : err).push(s);
    return typeof data === 'string' ? Buffer.byteLength(data) : (rest[1] ?? data.length);
  }
  return realWrite.call(fs, fd, data, ...rest);
};
const realRead = fs.readFileSync;
fs.readFileSync = function (p, opts) {
  if (p === 0 || p === '/dev/stdin') {
    const enc = typeof opts === 'string' ? opts : opts?.encoding;
    return enc ? stdinText : Buffer.from(stdinText);
  }
  return realRead.call(fs, p, opts);
};
const realReadSync = fs.readSync;
fs.readSync = function (fd, buf, ...rest) {
  if (fd === 0) return 0;
  return realReadSync.call(fs, fd, buf, ...rest);
};

// ---- the home and its template ----
let home, template;
const files = dir => {
  const outList = [];
  const walk = d => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else outList.push(path.relative(dir, p)); } };
  walk(dir);
  return outList.sort();
};
let reader; // a read-only connection to the home's database, kept between inputs
function restore() {
  try { reader?.close(); } catch { /* */ }
  reader = undefined;
  fs.rmSync(home, { recursive: true, force: true });
  fs.cpSync(template, home, { recursive: true });
}
function dbFile() { return path.join(home, 'clusters', 'kctl.db'); }
/** The cluster's objects, as names and resourceVersions (what a refused write must leave as it was). */
function snapshot() {
  const f = dbFile();
  if (!fs.existsSync(f)) return 'no-db';
  try {
    reader ??= new Database(f, { readonly: true, fileMustExist: true });
    const h = crypto.createHash('sha1');
    for (const r of reader.prepare('SELECT gr, ns, name, rv FROM objects ORDER BY gr, ns, name').iterate()) h.update(`${r.gr}/${r.ns}/${r.name}@${r.rv}\n`);
    return h.digest('hex');
  } catch (e) { try { reader?.close(); } catch { /* */ } reader = undefined; return `unreadable: ${e.code ?? e.message}`; }
}
/** What else a later input would see: the home's files (SQLite's -wal and -shm aside) and the kubeconfig. */
function homeState() {
  const cfg = path.join(home, 'config');
  return files(home).filter(f => !/-(wal|shm)$/.test(f)).join(',') + '|' + (fs.existsSync(cfg) ? crypto.createHash('sha1').update(realRead(cfg)).digest('hex') : '-');
}

async function runOne(argv, stdin, env) {
  out = []; err = []; stdinText = stdin ?? '';
  const saved = {};
  for (const [k, v] of Object.entries(env ?? {})) { saved[k] = process.env[k]; if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
  let code, thrown;
  // streaming verbs (logs -f, attach, port-forward…) return a promise of their exit code
  try { code = kctl.run(argv); if (typeof code?.then === 'function') code = await code; } catch (e) { thrown = String(e?.stack ?? e); code = -1; }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  cpuMs += (c.user + c.system) / 1000;
  for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  return { code, stdout: out.join(''), stderr: err.join(''), ms, thrown, cpuMs: (c.user + c.system) / 1000 };
}

let dirty = true;
let cpuMs = 0;
let cleanState = '', cleanSnap = '';
process.on('message', async msg => {
  try {
    if (msg.type === 'init') {
      home = msg.home; template = msg.template;
      process.env.KCTL_HOME = home;
      process.env.NO_COLOR = '1';
      process.env.KUBE_EDITOR = 'true';
      process.env.EDITOR = 'true';
      delete process.env.KUBECONFIG;
      delete process.env.KCTL_DEBUG;
      process.chdir(msg.cwd);
      if (msg.setup) {
        // build the template home: the fixed cluster every input starts from
        fs.rmSync(home, { recursive: true, force: true });
        for (const argv of msg.setup) {
          const r = await runOne(argv, '', {});
          if (r.code !== 0) throw new Error(`setup ${argv.join(' ')} failed: ${r.stderr}`);
        }
        fs.rmSync(template, { recursive: true, force: true });
        fs.cpSync(home, template, { recursive: true });
      }
      restore();
      cleanState = homeState();
      cleanSnap = snapshot();
      dirty = false;
      process.send({ type: 'ready' });
      return;
    }
    if (msg.type === 'describe') {
      const { Command } = require('commander');
      const tree = {};
      const walk = (cmd) => ({
        options: cmd.options.map(o => ({ long: o.long, short: o.short, takesValue: !!(o.required || o.optional), negate: !!o.negate })),
        args: (cmd.registeredArguments ?? []).length,
        subcommands: Object.fromEntries(cmd.commands.map(c => [c.name(), walk(c)])),
      });
      // `serve` runs until it is stopped (a server, not a command an input can end): it has its own tests
      for (const v of Object.keys(kctl.VERBS).filter(x => x !== 'serve')) {
        const program = new Command('kctl');
        kctl.VERBS[v]().register(program, { globals: {}, out: { out() {}, line() {}, err() {}, flush() {} }, argv: [] });
        const c = program.commands.find(x => x.name() === v);
        if (c) tree[v] = walk(c);
      }
      process.send({ type: 'described', tree });
      return;
    }
    if (msg.type === 'run') {
      const inp = msg.input;
      if (dirty) { restore(); dirty = false; }
      // inputs that prepare the home (a corrupt kubeconfig, corrupt database pages)
      for (const [rel, content] of Object.entries(inp.files ?? {})) {
        const p = path.join(home, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        if (content === null) fs.rmSync(p, { force: true }); else fs.writeFileSync(p, Buffer.from(content, 'base64'));
      }
      if (inp.corruptDb) corruptDb(inp.corruptDb);
      const prepared = !!inp.files || !!inp.corruptDb;
      if (prepared) { try { reader?.close(); } catch { /* */ } reader = undefined; }
      const before = prepared ? undefined : cleanSnap;
      const r = await runOne(inp.argv, inp.stdin, inp.env);
      const after = before === undefined ? undefined : snapshot();
      dirty = prepared || before !== after || homeState() !== cleanState;
      const all = process.cpuUsage();
      process.send({ type: 'result', id: msg.id, ...r, dbChanged: before !== undefined && before !== after, workerCpuMs: (all.user + all.system) / 1000 });
      return;
    }
  } catch (e) {
    process.send({ type: 'error', id: msg.id, error: String(e?.stack ?? e) });
  }
});

/** Overwrite pages of the database file: {pages: [[pageNo, offsetInPage, base64 bytes]...]}. */
function corruptDb(spec) {
  const f = dbFile();
  for (const x of ['-wal', '-shm']) fs.rmSync(f + x, { force: true });
  const fd = fs.openSync(f, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    const pageSize = 4096;
    const pages = Math.max(1, Math.floor(size / pageSize));
    for (const [page, off, b64] of spec.pages) {
      const bytes = Buffer.from(b64, 'base64');
      const pos = (page % pages) * pageSize + (off % pageSize);
      fs.writeSync(fd, bytes, 0, Math.min(bytes.length, size - pos), pos);
    }
    if (spec.truncateTo !== undefined) fs.ftruncateSync(fd, Math.floor(size * spec.truncateTo));
  } finally { fs.closeSync(fd); }
}
process.send({ type: 'loaded' });
