// The only module that speaks SQL. Everything above it speaks in API objects.
// One database per cluster: objects (JSON), an owner index for garbage collection, timers, a change log for
// watches, and meta (clock offset, resourceVersion counter, generator state).
import type DatabaseT from 'better-sqlite3';
import { CliError } from './errors';
import { storageFailure } from './storage-errors';

const SCHEMA_VERSION = '1';
const DDL = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects(
  gr TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
  uid TEXT NOT NULL, rv INTEGER NOT NULL, node TEXT, json TEXT NOT NULL,
  PRIMARY KEY(gr, ns, name)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_uid ON objects(uid);
CREATE INDEX IF NOT EXISTS objects_node ON objects(gr, node) WHERE node IS NOT NULL;
CREATE TABLE IF NOT EXISTS owners(owner TEXT NOT NULL, gr TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY(owner, gr, ns, name)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS owners_obj ON owners(gr, ns, name);
CREATE TABLE IF NOT EXISTS timers(id INTEGER PRIMARY KEY, due INTEGER NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL,
  UNIQUE(type, key));
CREATE INDEX IF NOT EXISTS timers_due ON timers(due);
CREATE TABLE IF NOT EXISTS changes(rv INTEGER PRIMARY KEY, type TEXT NOT NULL, gr TEXT NOT NULL, ns TEXT NOT NULL,
  name TEXT NOT NULL, json TEXT NOT NULL);
`;

/** Tables of the container runtime (src/runtime): created on first use, so reads never pay for them. */
const RUNTIME_DDL = `
CREATE TABLE IF NOT EXISTS rt_state(id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rt_files(vol TEXT NOT NULL, path TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY(vol, path)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rt_logs(cid TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, s INTEGER NOT NULL, d TEXT NOT NULL, PRIMARY KEY(cid, seq)) WITHOUT ROWID;
`;

export interface Row { gr: string; ns: string; name: string; uid: string; rv: number; json: string }
export interface Timer { id: number; due: number; type: string; key: string }
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

let Database: typeof DatabaseT | undefined;

/** The addon's path, so better-sqlite3 need not probe the file system for it (the `bindings` package). */
function nativeBinding(): string | undefined {
  try {
    const path = require('node:path') as typeof import('node:path');
    const fs = require('node:fs') as typeof import('node:fs');
    const p = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    return fs.existsSync(p) ? p : undefined;
  } catch { return undefined; }
}

/** The database file as an image to open in memory: read through a read-only connection (which sees what the
 *  write-ahead log holds), or the file itself when even that cannot open; marked as a rollback-journal file,
 *  as an in-memory database cannot be in WAL mode. */
function snapshotImage(file: string): Buffer {
  let image: Buffer;
  try {
    const ro = new Database!(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
    try { image = ro.serialize(); } finally { ro.close(); }
  } catch {
    image = (require('node:fs') as typeof import('node:fs')).readFileSync(file);
  }
  if (image.length >= 100 && image[18] === 2 && image[19] === 2) { image[18] = 1; image[19] = 1; }
  return image;
}

export class Store {
  db: DatabaseT.Database;
  private st: Record<string, DatabaseT.Statement> = {};
  private metaCache = new Map<string, string | undefined>();
  private dirtyMeta = new Set<string>();
  inTx = false;
  /** Meta changes made inside the current savepoint, to undo if it rolls back. */
  private undo: [string, boolean, string | undefined, boolean][] | null = null;

  /** busyTimeoutMs: how long a step waits for another process's write lock (default 2 minutes);
   *  snapshot: a writable in-memory copy of the file (a read-only KCTL_HOME: reads catch up and settle in memory). */
  constructor(public file: string, opts: { create: boolean; busyTimeoutMs?: number; snapshot?: boolean }) {
    Database ??= require('better-sqlite3') as typeof DatabaseT;
    try {
      if (opts.snapshot) this.db = new Database(snapshotImage(file), { nativeBinding: nativeBinding() });
      else {
        this.db = new Database(file, { fileMustExist: !opts.create, timeout: opts.busyTimeoutMs ?? 120_000, nativeBinding: nativeBinding() });
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        // tests only: a disk with N pages left (SQLITE_FULL, as ENOSPC gives)
        if (process.env.KCTL_TEST_DB_FREE_PAGES) this.db.pragma(`max_page_count = ${Number(this.db.pragma('page_count', { simple: true })) + Number(process.env.KCTL_TEST_DB_FREE_PAGES)}`);
      }
      const ver = this.db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='meta'`).get();
      if (!ver) {
        const tables = this.db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number };
        if (tables.n > 0) throw new CliError(`the cluster database ${file} is not a kctl database`);
        this.db.exec('BEGIN IMMEDIATE');
        try {
          if (!this.db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='meta'`).get()) {
            this.db.exec(DDL);
            this.db.prepare(`INSERT INTO meta(key, value) VALUES ('schema', ?)`).run(SCHEMA_VERSION);
          }
          this.db.exec('COMMIT');
        } catch (e) { this.db.exec('ROLLBACK'); throw e; }
      } else {
        const s = this.db.prepare(`SELECT value FROM meta WHERE key='schema'`).get() as { value: string } | undefined;
        if (!s || s.value !== SCHEMA_VERSION) throw new CliError(`the cluster database ${file} has an unknown schema version`);
      }
    } catch (e) {
      if (e instanceof CliError) throw e;
      const msg = (e as Error).message || String(e);
      // the SQLite error code goes along, so the client can tell a lock, a full disk or a read-only file apart
      const code = (err: CliError) => Object.assign(err, { code: (e as { code?: string }).code });
      if (/not a database|malformed|file is encrypted/i.test(msg))
        throw code(new CliError(`the cluster database ${file} is corrupt or not a kctl database (${msg})`));
      throw code(new CliError(`cannot open the cluster database ${file}: ${msg}`));
    }
  }

  private s(sql: string): DatabaseT.Statement {
    return (this.st[sql] ??= this.guard(this.db.prepare(sql)));
  }
  /** The storage failure of this transaction (a full disk, an I/O error, a damaged page): SQLite may have rolled
   *  the whole transaction back, so the step must fail with it even when a caller caught it on the way. */
  private failure: unknown;
  private exec(sql: string): void {
    if (this.failure !== undefined) throw this.failure;
    try { this.db.exec(sql); } catch (e) { this.noteFailure(e); throw e; }
  }
  /** After a storage failure, or any error that ended the transaction, nothing more runs in this step: SQLite
   *  would run it outside any transaction (each statement committing on its own). */
  private noteFailure(e: unknown): void {
    const kind = storageFailure(e);
    if (kind === 'full' || kind === 'io' || kind === 'corrupt' || (this.inTx && !this.db.inTransaction)) this.failure ??= e;
  }
  private guard(st: DatabaseT.Statement): DatabaseT.Statement {
    for (const m of ['run', 'get', 'all', 'iterate'] as const) {
      const f = (st as any)[m].bind(st);
      (st as any)[m] = (...a: unknown[]) => {
        if (this.failure !== undefined) throw this.failure;
        try { return f(...a); } catch (e) { this.noteFailure(e); throw e; }
      };
    }
    return st;
  }

  begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
    this.failure = undefined;
    this.inTx = true;
    this.metaCache.clear();
    this.dirtyMeta.clear();
  }
  commit(): void {
    if (this.failure !== undefined || !this.db.inTransaction) {
      const f = this.failure ?? new Error('the transaction was rolled back by SQLite');
      this.rollback();
      throw f;
    }
    for (const k of this.dirtyMeta) this.s(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(k, this.metaCache.get(k) ?? '');
    this.dirtyMeta.clear();
    this.db.exec('COMMIT');
    this.inTx = false;
  }
  rollback(): void {
    if (this.inTx) { try { this.db.exec('ROLLBACK'); } catch { /* already gone */ } }
    this.inTx = false;
    this.failure = undefined;
    this.metaCache.clear();
    this.dirtyMeta.clear();
  }
  /** Run fn inside a savepoint: if it throws, its writes are undone and the error goes on up. */
  savepoint<T>(fn: () => T): T {
    this.exec('SAVEPOINT sp');
    const outer = this.undo;
    this.undo = [];
    try {
      const r = fn();
      this.exec('RELEASE sp');
      if (outer) outer.push(...this.undo);
      return r;
    } catch (e) {
      if (this.failure !== undefined || !this.db.inTransaction) throw this.failure ?? e; // nothing left to roll back to
      this.db.exec('ROLLBACK TO sp'); this.db.exec('RELEASE sp');
      for (let i = this.undo.length - 1; i >= 0; i--) {
        const [k, had, v, dirty] = this.undo[i]!;
        if (had) this.metaCache.set(k, v); else this.metaCache.delete(k);
        if (dirty) this.dirtyMeta.add(k); else this.dirtyMeta.delete(k);
      }
      throw e;
    } finally {
      this.undo = outer;
    }
  }
  close(): void { try { this.db.close(); } catch { /* ignore */ } }

  /** Rows whose stored JSON does not parse (a damaged file), up to `limit`: `gr/ns/name` (or `meta/key`). */
  unreadableRows(limit = 3): string[] {
    const bad: string[] = [];
    try {
      for (const r of this.db.prepare(`SELECT gr, ns, name, json FROM objects`).iterate() as Iterable<Row>) {
        try { JSON.parse(r.json); } catch { bad.push(`${r.gr}/${r.ns ? r.ns + '/' : ''}${r.name}`); if (bad.length >= limit) return bad; }
      }
      for (const r of this.db.prepare(`SELECT key, value FROM meta`).iterate() as Iterable<{ key: string; value: string }>) {
        if (!/^[[{"]/.test(r.value)) continue;
        try { JSON.parse(r.value); } catch { bad.push(`meta/${r.key}`); if (bad.length >= limit) return bad; }
      }
    } catch (e) { bad.push(`(${(e as Error).message})`); }
    return bad;
  }

  getMeta(key: string): string | undefined {
    if (this.metaCache.has(key)) return this.metaCache.get(key);
    const r = this.s(`SELECT value FROM meta WHERE key=?`).get(key) as { value: string } | undefined;
    this.metaCache.set(key, r?.value);
    return r?.value;
  }
  setMeta(key: string, value: string): void {
    if (this.undo) this.undo.push([key, this.metaCache.has(key), this.metaCache.get(key), this.dirtyMeta.has(key)]);
    this.metaCache.set(key, value);
    this.dirtyMeta.add(key);
  }
  nextRV(): number {
    const rv = Number(this.getMeta('rv') ?? '1000') + 1;
    this.setMeta('rv', String(rv));
    return rv;
  }
  currentRV(): number { return Number(this.getMeta('rv') ?? '1000'); }
  /** The oldest resourceVersion the change log still holds (watches from before it get 410 Expired). */
  oldestChangeRV(): number | undefined {
    const r = this.s(`SELECT MIN(rv) AS rv FROM changes`).get() as { rv: number | null };
    return r.rv ?? undefined;
  }
  /** A meta value as committed now, read outside a transaction (no cache). */
  peekMeta(key: string): string | undefined {
    return (this.s(`SELECT value FROM meta WHERE key=?`).get(key) as { value: string } | undefined)?.value;
  }
  /** The latest resourceVersion committed by anyone, read outside a transaction (watchers polling for news). */
  peekRV(): number {
    const r = this.s(`SELECT value FROM meta WHERE key='rv'`).get() as { value: string } | undefined;
    return Number(r?.value ?? '1000');
  }

  get(gr: string, ns: string, name: string): Row | undefined {
    return this.s(`SELECT * FROM objects WHERE gr=? AND ns=? AND name=?`).get(gr, ns, name) as Row | undefined;
  }
  list(gr: string, ns?: string): Row[] {
    if (ns === undefined) return this.s(`SELECT * FROM objects WHERE gr=? ORDER BY ns, name`).all(gr) as Row[];
    return this.s(`SELECT * FROM objects WHERE gr=? AND ns=? ORDER BY name`).all(gr, ns) as Row[];
  }
  listByNode(gr: string, node: string): Row[] {
    return this.s(`SELECT * FROM objects WHERE gr=? AND node=? ORDER BY ns, name`).all(gr, node) as Row[];
  }
  countByNode(gr: string, node: string): number {
    return (this.s(`SELECT count(*) AS n FROM objects WHERE gr=? AND node=?`).get(gr, node) as { n: number }).n;
  }
  byUid(uid: string): Row | undefined {
    return this.s(`SELECT * FROM objects WHERE uid=?`).get(uid) as Row | undefined;
  }
  dependents(ownerUid: string): { gr: string; ns: string; name: string }[] {
    return this.s(`SELECT gr, ns, name FROM owners WHERE owner=?`).all(ownerUid) as { gr: string; ns: string; name: string }[];
  }
  namespacesInUse(ns: string): string[] {
    return (this.s(`SELECT DISTINCT gr FROM objects WHERE ns=?`).all(ns) as { gr: string }[]).map(r => r.gr);
  }
  put(gr: string, ns: string, name: string, uid: string, rv: number, obj: { metadata: { ownerReferences?: { uid: string }[] } }, node: string | null, change: ChangeType): void {
    const json = JSON.stringify(obj);
    this.s(`INSERT INTO objects(gr, ns, name, uid, rv, node, json) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(gr, ns, name) DO UPDATE SET uid=excluded.uid, rv=excluded.rv, node=excluded.node, json=excluded.json`)
      .run(gr, ns, name, uid, rv, node, json);
    this.s(`DELETE FROM owners WHERE gr=? AND ns=? AND name=?`).run(gr, ns, name);
    for (const o of obj.metadata.ownerReferences ?? []) this.s(`INSERT OR IGNORE INTO owners(owner, gr, ns, name) VALUES (?, ?, ?, ?)`).run(o.uid, gr, ns, name);
    this.logChange(rv, change, gr, ns, name, json);
  }
  remove(gr: string, ns: string, name: string, rv: number, obj: unknown): void {
    this.s(`DELETE FROM objects WHERE gr=? AND ns=? AND name=?`).run(gr, ns, name);
    this.s(`DELETE FROM owners WHERE gr=? AND ns=? AND name=?`).run(gr, ns, name);
    this.logChange(rv, 'DELETED', gr, ns, name, JSON.stringify(obj));
  }
  private logChange(rv: number, type: ChangeType, gr: string, ns: string, name: string, json: string): void {
    // Events are not watched by anything that needs history; keep the log lean.
    if (gr === 'events' && this.getMeta('watchers') !== '1') return;
    this.s(`INSERT INTO changes(rv, type, gr, ns, name, json) VALUES (?, ?, ?, ?, ?, ?)`).run(rv, type, gr, ns, name, json);
  }
  changesSince(rv: number, gr: string): { rv: number; type: ChangeType; ns: string; name: string; json: string }[] {
    return this.s(`SELECT rv, type, ns, name, json FROM changes WHERE rv > ? AND gr = ? ORDER BY rv`).all(rv, gr) as any;
  }
  pruneChanges(keep: number): void {
    this.s(`DELETE FROM changes WHERE rv < (SELECT COALESCE(MAX(rv), 0) - ? FROM changes)`).run(keep);
  }

  /** Events live an hour (kube-apiserver's --event-ttl): drop older ones and their aggregation index. */
  gcEvents(beforeISO: string): number {
    const n = this.s(`DELETE FROM objects WHERE gr='events' AND COALESCE(json_extract(json, '$.lastTimestamp'), json_extract(json, '$.metadata.creationTimestamp')) < ?`).run(beforeISO).changes;
    if (n) this.s(`DELETE FROM meta WHERE key >= 'ev-index/' AND key < 'ev-index0' AND value NOT IN (SELECT name FROM objects WHERE gr='events')`).run();
    return n;
  }

  addTimer(due: number, type: string, key: string): void {
    // One timer per (type, key): the earlier due time wins.
    this.s(`INSERT INTO timers(due, type, key) VALUES (?, ?, ?) ON CONFLICT(type, key) DO UPDATE SET due=MIN(due, excluded.due)`).run(due, type, key);
  }
  setTimer(due: number, type: string, key: string): void {
    this.s(`INSERT INTO timers(due, type, key) VALUES (?, ?, ?) ON CONFLICT(type, key) DO UPDATE SET due=excluded.due`).run(due, type, key);
  }
  cancelTimer(type: string, key: string): void {
    this.s(`DELETE FROM timers WHERE type=? AND key=?`).run(type, key);
  }
  nextTimer(upTo: number): Timer | undefined {
    return this.s(`SELECT * FROM timers WHERE due <= ? ORDER BY due, id LIMIT 1`).get(upTo) as Timer | undefined;
  }
  earliestTimer(): Timer | undefined {
    return this.s(`SELECT * FROM timers ORDER BY due, id LIMIT 1`).get() as Timer | undefined;
  }
  deleteTimer(id: number): void { this.s(`DELETE FROM timers WHERE id=?`).run(id); }

  // ---------------- the container runtime's state (src/runtime) ----------------
  private rtReady = false;
  private rt(): void {
    if (this.rtReady) return;
    this.db.exec(RUNTIME_DDL);
    this.rtReady = true;
  }
  rtState(id: string): string | undefined {
    this.rt();
    return (this.s(`SELECT json FROM rt_state WHERE id=?`).get(id) as { json: string } | undefined)?.json;
  }
  rtPutState(id: string, json: string | undefined): void {
    this.rt();
    if (json === undefined) this.s(`DELETE FROM rt_state WHERE id=?`).run(id);
    else this.s(`INSERT INTO rt_state(id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json=excluded.json`).run(id, json);
  }
  /** Ids of runtime states with a prefix (a pod's containers). */
  rtStateIds(prefix: string): string[] {
    this.rt();
    return (this.s(`SELECT id FROM rt_state WHERE id >= ? AND id < ?`).all(prefix, prefix + '\uffff') as { id: string }[]).map(r => r.id);
  }
  rtFiles(vol: string): { path: string; node: string }[] {
    this.rt();
    return this.s(`SELECT path, node FROM rt_files WHERE vol=?`).all(vol) as { path: string; node: string }[];
  }
  rtPutFile(vol: string, path: string, node: string | undefined): void {
    this.rt();
    if (node === undefined) this.s(`DELETE FROM rt_files WHERE vol=? AND path=?`).run(vol, path);
    else this.s(`INSERT INTO rt_files(vol, path, node) VALUES (?, ?, ?) ON CONFLICT(vol, path) DO UPDATE SET node=excluded.node`).run(vol, path, node);
  }
  rtDropFiles(vol: string): void { this.rt(); this.s(`DELETE FROM rt_files WHERE vol=?`).run(vol); }
  rtAppendLog(cid: string, seq: number, ts: number, s: number, d: string): void {
    this.rt();
    this.s(`INSERT INTO rt_logs(cid, seq, ts, s, d) VALUES (?, ?, ?, ?, ?)`).run(cid, seq, ts, s, d);
  }
  rtLog(cid: string): { seq: number; ts: number; s: number; d: string }[] {
    this.rt();
    return this.s(`SELECT seq, ts, s, d FROM rt_logs WHERE cid=? ORDER BY seq`).all(cid) as { seq: number; ts: number; s: number; d: string }[];
  }
  /** A container's log rows from the newest back, in batches (kubectl logs --tail reads only what it prints). */
  *rtLogRev(cid: string): Generator<{ seq: number; ts: number; s: number; d: string }> {
    this.rt();
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const rows = this.s(`SELECT seq, ts, s, d FROM rt_logs WHERE cid=? AND seq < ? ORDER BY seq DESC LIMIT 256`).all(cid, before) as { seq: number; ts: number; s: number; d: string }[];
      if (!rows.length) return;
      yield* rows;
      before = rows[rows.length - 1]!.seq;
    }
  }
  /** A container's log rows after `seq`, oldest first (kubectl logs -f). */
  rtLogAfter(cid: string, seq: number): { seq: number; ts: number; s: number; d: string }[] {
    this.rt();
    return this.s(`SELECT seq, ts, s, d FROM rt_logs WHERE cid=? AND seq > ? ORDER BY seq`).all(cid, seq) as { seq: number; ts: number; s: number; d: string }[];
  }
  /** Rewrite one log row (the kubelet's rotation cutting into a virtual segment). */
  rtUpdateLog(cid: string, seq: number, ts: number, d: string): void {
    this.rt();
    this.s(`UPDATE rt_logs SET ts=?, d=? WHERE cid=? AND seq=?`).run(ts, d, cid, seq);
  }
  rtLastLogSeq(cid: string): number {
    this.rt();
    return (this.s(`SELECT COALESCE(MAX(seq), 0) AS n FROM rt_logs WHERE cid=?`).get(cid) as { n: number }).n;
  }
  rtDropLog(cid: string, beforeSeq?: number): void {
    this.rt();
    if (beforeSeq === undefined) this.s(`DELETE FROM rt_logs WHERE cid=?`).run(cid);
    else this.s(`DELETE FROM rt_logs WHERE cid=? AND seq < ?`).run(cid, beforeSeq);
  }
}
