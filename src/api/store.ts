// The only module that speaks SQL. Everything above it speaks in API objects.
// One database per cluster (format FORMAT, in SQLite's user_version): objects (JSON, one rowid row each), an
// owner index for garbage collection, timers, a change log for watches, and meta (clock offset,
// resourceVersion counter, generator state). Within one transaction the store keeps a cache of the objects it
// has read or written: each row is parsed at most once, writes stay in memory and reach SQLite once, at
// commit (or before a query that must see them), and timers and the random generator's state likewise.
import { hash52 } from '../util/hash';
import type DatabaseT from 'better-sqlite3';
import { CliError } from './errors';
import { clone } from '../util/objects';
import { fieldSetJSON, isSharedSet } from './managedfields';
import { storageFailure, parseStored, noteDatabase } from './storage-errors';
import { pack, unpack, Dict } from './pack';
import type { KObject } from './types';

/** The database format this kctl writes. Older formats are migrated on open; newer ones refused. */
export const FORMAT = 5;
const DDL = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE objects(id INTEGER PRIMARY KEY, gr TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
  uid TEXT NOT NULL, rv INTEGER NOT NULL, node TEXT, dkey INTEGER, exp INTEGER, json TEXT NOT NULL);
CREATE TABLE owners(owner TEXT NOT NULL, obj INTEGER NOT NULL, PRIMARY KEY(owner, obj)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS timers(id INTEGER PRIMARY KEY, due INTEGER NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL,
  UNIQUE(type, key));
CREATE INDEX IF NOT EXISTS timers_due ON timers(due);
CREATE TABLE IF NOT EXISTS interned(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS interned_h ON interned(h);
CREATE TABLE IF NOT EXISTS changes(rv INTEGER PRIMARY KEY, type TEXT NOT NULL, gr TEXT NOT NULL, ns TEXT NOT NULL,
  name TEXT NOT NULL, json TEXT NOT NULL);
`;
/** Indexes of the objects table: by name, by uid (events are never looked up by uid), pods by node, and
 *  events by expiry. (An event's aggregation key, dkey, is found through its name, which starts with the name
 *  of the object it is about: the events of one object are read once per transaction.) */
const OBJECT_INDEXES = `
CREATE UNIQUE INDEX objects_key ON objects(gr, ns, name);
CREATE INDEX objects_uid ON objects(uid) WHERE gr <> 'events';
CREATE INDEX objects_node ON objects(gr, node) WHERE node IS NOT NULL;
CREATE INDEX objects_exp ON objects(exp) WHERE exp IS NOT NULL;
`;
/**
 * How an object's JSON is stored: what its row's columns already hold (metadata.name, .namespace, .uid,
 * .resourceVersion), its resource's apiVersion and kind (meta `kind/<gr>`) and, in an event, what repeats
 * another of its fields (reportingComponent and reportingInstance the source, firstTimestamp the creation,
 * lastTimestamp the first, involvedObject.namespace its own) are written as 0 and put back when read;
 * everything else, key order included, is as the object has it. (A quarter of an event's bytes.)
 * metadata.managedFields is written as {"\u0001": items}: an entry many objects share (the same manager's
 * fields on the pods of one ReplicaSet, on events of one kind) is interned (table `interned`) and written as
 * [id, time]; another is written whole, its large fieldsV1 subtrees that others share as their ids; an
 * entry's time equal to the object's creation as 0. Items of which one is written whole are kept as their JSON
 * text ({"\u0001": "[...]"}, format 5), parsed only for a reader that wants managedFields: a table's list of
 * pods then parses a string per pod instead of its fieldsV1 trees (most of a pod's objects); items that are all
 * ids stay an array (format 4 wrote every list so, and reads as it was).
 */
const PLACEHOLDER = 0;
const MANAGED = '\u0001';
/** A value many objects share, written as {"\u0002": id of its interned row}: metadata.ownerReferences,
 *  spec.tolerations, status.containerStatuses[].imageID. */
const SHARED = '\u0002';
/**
 * An event whose other fields many events share (the same reason, message kind, component and involved kind,
 * as every kubelet `Started` event has) is written as {"\u0003": [template id, slot values...]}: the template is
 * the event (as stored) with the values of EVENT_SLOTS taken out (0 in their place), interned; the slots hold
 * what differs from one event to the next (null: the template's own value stays). Times are always slots, so
 * the templates hold no instants and the interned table stays small.
 */
const TEMPLATE = '\u0003';
const EVENT_SLOTS: readonly (readonly string[])[] = [
  ['metadata', 'creationTimestamp'], ['metadata', 'managedFields'], ['involvedObject', 'name'], ['involvedObject', 'uid'],
  ['involvedObject', 'resourceVersion'], ['message'], ['source', 'host'], ['firstTimestamp'], ['lastTimestamp'], ['count'],
  ['reportingInstance'], ['eventTime'], ['series'],
];
const sharedRef = (v: unknown): number | undefined => (isPlain(v) && typeof v[SHARED] === 'number' ? v[SHARED] : undefined);
const isPlain = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A tree of plain objects only (as fieldsV1 is). */
/** JSON.stringify({ ...e, time: 0 }) of a managedFields entry whose fieldsV1 is a set of objects, from `head`
 *  (the same with fieldsV1 0) and what is remembered of the set's JSON. */
function entryJSON(head: string, f: Record<string, any>): string {
  // `"fieldsV1":0` can only be the key itself (a string holding it would have its quotes escaped)
  return head.replace('"fieldsV1":0', () => `"fieldsV1":${fieldSetJSON(f)}`);
}
/** What tells most event templates apart (the rest is compared by jsonEqual). */
function eventTemplateKey(t: Record<string, unknown>): string {
  const io = isPlain(t.involvedObject) ? t.involvedObject : undefined;
  const src = isPlain(t.source) ? t.source : undefined;
  return `${t.reason}\0${t.type}\0${src?.component}\0${io?.kind}\0${io?.fieldPath}\0${t.action}\0${t.reportingComponent}`;
}
/** Whether JSON.stringify would write a and b alike (plain JSON values: objects, arrays, strings, finite numbers,
 *  booleans, null); false for anything else (the caller then compares their text). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) {
    return a === b && (a === null || typeof a === 'string' || typeof a === 'boolean' || (typeof a === 'number' && Number.isFinite(a)));
  }
  if (typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
function objectsOnly(v: unknown): boolean {
  if (!isPlain(v)) return false;
  for (const k of Object.keys(v)) if (!objectsOnly(v[k])) return false;
  return true;
}
/** Events live an hour after their last occurrence (kube-apiserver's --event-ttl). */
export const EVENT_TTL_MS = 3_600_000;

/** Tables of the container runtime (src/runtime): created on first use, so reads never pay for them. */
const RUNTIME_DDL = `
CREATE TABLE IF NOT EXISTS rt_state(id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rt_files(vol TEXT NOT NULL, path TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY(vol, path)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rt_logs(cid TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, s INTEGER NOT NULL, d TEXT NOT NULL, PRIMARY KEY(cid, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rt_layers(vol TEXT PRIMARY KEY, files NOT NULL) WITHOUT ROWID;
`;

export interface Row { gr: string; ns: string; name: string; uid: string; rv: number; json: string }
export interface Timer { id: number; due: number; type: string; key: string }
/** Tables as stored (Store.storedRows): objects as [id, gr, ns, name, uid, rv, node, dkey, exp, json], owners as
 *  [owner uid, object id], interned values as [id, hash, json], meta as [key, value]. */
export interface StoredRows {
  objects: [id: number, gr: string, ns: string, name: string, uid: string, rv: number, node: string | null, dkey: number | null, exp: number | null, json: string][];
  owners: [owner: string, obj: number][];
  interned: [id: number, h: number, json: string][];
  meta: [key: string, value: string][];
}
interface StoredObjectRow { id: number; gr: string; ns: string; name: string; uid: string; rv: number; node: string | null; dkey: number | null; exp: number | null; json: string }

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
/** State kept in memory during a transaction by someone else (the random generator): written at commit,
 *  snapshotted and restored around a savepoint. */
export interface TxParticipant { flush(): void; snapshot(): unknown; restore(s: unknown): void }

interface Entry {
  gr: string; ns: string; name: string;
  /** The object as stored (never handed out: callers get copies); null when there is none. */
  obj: any | null;
  /** rowid; 0 when the database has no row for it. */
  id: number;
  rv: number;
  /** The event recorder's aggregation key (events only). */
  dkey: number | null;
  /** The owner uids the owners index holds for the row. */
  dbOwners: string[];
  dirty: boolean;
}
interface TimerEntry {
  /** its place in the order: the row's id, or (new) one past every id so far */
  id: number; due: number; type: string; key: string; live: boolean; dirty: boolean; gen: number;
  /** whether the database has a row for (type, key), and whether that row is this timer (same id) */
  dbRow: 'yes' | 'no' | 'unknown'; sameRow: boolean;
}

let Database: typeof DatabaseT | undefined;

/** The addon, loaded by path, so that better-sqlite3 need not probe the file system for it (the `bindings`
 *  package): beside the bundle's node_modules when it is there, else where Node resolves the package. */
let addon: object | undefined;
/** (kept on globalThis too: the read path's bundle and the full one, when it falls back to it, load it once) */
const G = globalThis as { __kctlSqliteAddon?: object };
function nativeBinding(): object | undefined {
  if (addon ??= G.__kctlSqliteAddon) return addon;
  try {
    const path = require('node:path') as typeof import('node:path');
    const fs = require('node:fs') as typeof import('node:fs');
    const rel = path.join('better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    let p = path.join(__dirname, '..', 'node_modules', rel);
    if (!fs.existsSync(p)) p = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    if (!fs.existsSync(p)) return undefined;
    const m = { exports: {} as object };
    process.dlopen(m, p);
    return (addon = G.__kctlSqliteAddon = m.exports);
  } catch { return undefined; }
}
/** This kctl's version (for the message refusing a newer database). */
function kctlVersion(): string {
  try { return (require('../../package.json') as { version: string }).version; } catch { return 'unknown'; }
}

const ownerUids = (o: any): string[] => {
  const refs = o?.metadata?.ownerReferences;
  if (!Array.isArray(refs) || !refs.length) return [];
  const out: string[] = [];
  for (const r of refs) if (r && typeof r.uid === 'string' && !out.includes(r.uid)) out.push(r.uid);
  return out;
};
/** An event's expiry: an hour after its last timestamp (or its creation). */
let lastT = '', lastMs = 0;
function eventExpiry(o: any): number | null {
  const t = typeof o?.lastTimestamp === 'string' ? o.lastTimestamp : o?.metadata?.creationTimestamp;
  if (typeof t !== 'string') return null;
  if (t === lastT) return lastMs;
  const ms = Date.parse(t);
  if (!Number.isNaN(ms)) { lastT = t; lastMs = ms + EVENT_TTL_MS; }
  return Number.isNaN(ms) ? (t < '0' ? EVENT_TTL_MS * -1 : null) : ms + EVENT_TTL_MS;
}
/** A 52-bit hash of the event recorder's aggregation key. */
export const eventKeyHash = hash52;
const isAlive = (pid: number) => {
  if (pid === process.pid) return true;
  try { process.kill(pid, 0); return true; } catch (e: any) { return e?.code === 'EPERM'; }
};
/** Checking that canonical objects are never mutated (tests): KCTL_FREEZE_OBJECTS=1. */
const FREEZE = !!process.env.KCTL_FREEZE_OBJECTS;
function deepFreeze(o: any): any {
  if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return o;
  for (const k of Object.keys(o)) deepFreeze(o[k]);
  return Object.freeze(o);
}

/** Writes kept in memory before they go to SQLite; and entries kept before clean ones are dropped. */
const MAX_DIRTY = 20_000;
const MAX_CACHED = 30_000;

/** The database file as an image to open in memory: read through a read-only connection (which sees what the
 *  write-ahead log holds), or the file itself when even that cannot open; marked as a rollback-journal file,
 *  as an in-memory database cannot be in WAL mode. */
function snapshotImage(file: string): Buffer {
  let image: Buffer;
  try {
    const ro = new Database!(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() as string | undefined });
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

  // the object cache of this transaction
  private objs = new ObjMap();
  private byUidMap = new Map<string, Entry>();
  private dirtyObjs = new Set<Entry>();
  private dirtyGr = new Map<string, number>();
  /** Small lists read in this transaction (priority classes, limit ranges, quotas...), by gr, then namespace. */
  private lists = new Map<string, Map<string, Entry[]>>();
  /** Dirty entries by the owner uids they name (what dependents() adds to the owners index). */
  private dirtyOwners = new Map<string, Set<Entry>>();
  /** Events written since events were last flushed, by aggregation key (their names). */
  private eventKeys = new Map<number, string[]>();
  /** Aggregation keys of every event written in this transaction. */
  private txKeys = new Set<number>();
  /** uids of objects created in this transaction: the only events about them are this transaction's. */
  private freshUids = new Set<string>();
  /** Names of the events of a namespace that start with `<prefix>.` (the recorder names events
   *  `<object>.<time>`), read once per prefix and kept current: one query per object, not per event. */
  private eventNames = new Map<string, { names: Map<string, number | null>; byKey: Map<number, Set<string>> }>();
  // timers
  private timers = new Map<string, TimerEntry>();
  /** Timer types whose rows have all been read. */
  private timerTypes = new Set<string>();
  private timerById = new Map<number, TimerEntry>();
  private timerHeap: HeapItem[] = [];
  private timersLoadedUpTo = -Infinity;
  private nextTimerId = 0;
  private timerGen = 0;
  // watches: the kinds whose changes are logged (null = not read yet in this transaction)
  private watched: Set<string> | null = null;
  private participants: TxParticipant[] = [];
  /** Whether this transaction changed anything (a step that changed nothing writes nothing). */
  changed = false;

  /** `memory`: a new database built in memory (saveTo writes it out); busyTimeoutMs: how long a step waits for
   *  another process's write lock (default 2 minutes); snapshot: a writable in-memory copy of the file (a
   *  read-only KCTL_HOME: reads catch up and settle in memory). */
  constructor(public file: string, opts: { create: boolean; readonly?: boolean; memory?: boolean; busyTimeoutMs?: number; snapshot?: boolean }) {
    if (!opts.memory) noteDatabase(file);
    Database ??= require('better-sqlite3') as typeof DatabaseT;
    let db: DatabaseT.Database | undefined;
    try {
      if (opts.snapshot) this.db = db = new Database(snapshotImage(file), { nativeBinding: nativeBinding() as string | undefined });
      else this.db = db = new Database(opts.memory ? ':memory:' : file, { fileMustExist: !opts.create, readonly: !!opts.readonly, timeout: opts.busyTimeoutMs ?? 120_000, nativeBinding: nativeBinding() as string | undefined });
      // (a large step touches index pages all over: keep up to 64 MB of pages, allocated only as used; the first
      // 64 MB of the file read through a memory map, without a copy into that cache (a `get` of a hundred pods
      // spends a millisecond less, and faults fewer fresh pages); one exec, not a statement prepared for each)
      if (!opts.memory) this.db.exec('PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA mmap_size = 67108864');
      const v = Number(this.db.pragma('user_version', { simple: true }));
      if (opts.readonly) { if (v > FORMAT) throw this.newerError(v); return; }
      if (v !== FORMAT) this.prepareFormat(v, opts.create, !!opts.memory || !!opts.snapshot);
      if (opts.memory) this.db.exec('PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536');
      // tests only: a disk with N pages left (SQLITE_FULL, as ENOSPC gives)
      if (process.env.KCTL_TEST_DB_FREE_PAGES && !opts.memory && !opts.snapshot)
        this.db.pragma(`max_page_count = ${Number(this.db.pragma('page_count', { simple: true })) + Number(process.env.KCTL_TEST_DB_FREE_PAGES)}`);
    } catch (e) {
      try { db?.close(); } catch { /* ignore */ }
      if (e instanceof CliError) throw e;
      const msg = (e as Error).message || String(e);
      // the SQLite error code goes along, so the client can tell a lock, a full disk or a read-only file apart
      const code = (err: CliError) => Object.assign(err, { code: (e as { code?: string }).code });
      if (/not a database|malformed|file is encrypted/i.test(msg))
        throw code(new CliError(`the cluster database ${file} is corrupt or not a kctl database (${msg})`));
      throw code(new CliError(`cannot open the cluster database ${file}: ${msg}`));
    }
  }

  /** A database of another format: a new one is laid out, an older one migrated (one transaction), a newer one refused. */
  private prepareFormat(v: number, create: boolean, memory = false): void {
    if (v > FORMAT) throw this.newerError(v);
    const tables = () => (this.db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]).map(r => r.name);
    let names = tables();
    if (names.includes('meta')) {
      // an older format: keep a copy as it is (a downgrade's way back) before migrating
      const s0 = v === 0 ? this.db.prepare(`SELECT value FROM meta WHERE key='schema'`).get() as { value: string } | undefined : undefined;
      const old = s0?.value === '1' ? 1 : v;
      if (old >= 1 && old < FORMAT) {
        try { this.db.prepare(`VACUUM INTO ?`).run(`${this.file}.format-${old}.bak`); } catch { /* there is one already */ }
      }
    }
    if (v === 0 && !names.length) {
      // a new database: large pages (a pod and its events fit a page with little waste), WAL, then the tables
      if (create) { this.db.pragma('page_size = 32768'); }
      if (!memory) this.db.pragma('journal_mode = WAL');
    }
    this.db.exec('BEGIN IMMEDIATE');
    try {
      // another process may have done it meanwhile
      const now = Number(this.db.pragma('user_version', { simple: true }));
      names = tables();
      if (now > FORMAT) throw this.newerError(now);
      if (now === FORMAT) { this.db.exec('COMMIT'); return; }
      if (now === 0 && !names.length) {
        this.db.exec(DDL + OBJECT_INDEXES);
        this.db.prepare(`INSERT INTO meta(key, value) VALUES ('schema', ?)`).run(String(FORMAT));
        this.db.prepare(`INSERT INTO meta(key, value) VALUES ('written_by', ?)`).run(kctlVersion());
      } else if (now === 0) {
        const s = names.includes('meta') ? this.db.prepare(`SELECT value FROM meta WHERE key='schema'`).get() as { value: string } | undefined : undefined;
        if (!s) throw new CliError(`the cluster database ${this.file} is not a kctl database`);
        if (s.value !== '1') throw new CliError(`the cluster database ${this.file} has an unknown schema version`);
        this.migrate1to2();
        this.migrate2to3(1);
        this.stamp(1);
      } else if (now === 2) { this.migrate2to3(2); this.stamp(2); } else this.stamp(now);
      this.db.pragma(`user_version = ${FORMAT}`);
      this.db.exec('COMMIT');
    } catch (e) {
      try { this.db.exec('ROLLBACK'); } catch { /* gone */ }
      throw e;
    }
  }
  private newerError(v: number): CliError {
    let by = '';
    try {
      const w = this.db.prepare(`SELECT value FROM meta WHERE key='written_by'`).get() as { value: string } | undefined;
      if (w) by = ` (written by kctl ${w.value})`;
    } catch { /* no meta */ }
    return new CliError(`the cluster database ${this.file} has format ${v}${by}, newer than this kctl ${kctlVersion()} reads (format ${FORMAT} and older): upgrade kctl, or restore a backup made by this version`);
  }

  /** Format 1 (kctl ≤ 0.1.0): objects keyed by name without rowids, owners by name, the event recorder's
   *  aggregation index in meta. Format 2: rowid objects with the event columns, owners by rowid. */
  private migrate1to2(): void {
    const db = this.db;
    db.exec(`
      CREATE TABLE objects_v2(id INTEGER PRIMARY KEY, gr TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
        uid TEXT NOT NULL, rv INTEGER NOT NULL, node TEXT, dkey INTEGER, exp INTEGER, json TEXT NOT NULL);
      INSERT INTO objects_v2(gr, ns, name, uid, rv, node, json) SELECT gr, ns, name, uid, rv, node, json FROM objects ORDER BY rv;
      CREATE TABLE owners_v2(owner TEXT NOT NULL, obj INTEGER NOT NULL, PRIMARY KEY(owner, obj)) WITHOUT ROWID;
      INSERT OR IGNORE INTO owners_v2(owner, obj) SELECT o.owner, x.id FROM owners o JOIN objects_v2 x ON x.gr = o.gr AND x.ns = o.ns AND x.name = o.name;
      DROP TABLE owners; DROP TABLE objects;
      ALTER TABLE objects_v2 RENAME TO objects; ALTER TABLE owners_v2 RENAME TO owners;
      CREATE TABLE IF NOT EXISTS interned(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS interned_h ON interned(h);
    ` + OBJECT_INDEXES);
    const setExp = db.prepare(`UPDATE objects SET exp=? WHERE id=?`);
    for (const r of db.prepare(`SELECT id, json FROM objects WHERE gr='events'`).all() as { id: number; json: string }[]) {
      let o: any; try { o = JSON.parse(r.json); } catch { continue; }
      setExp.run(eventExpiry(o), r.id);
    }
    // the recorder's aggregation index (meta ev-index/<key> = event name) becomes each event's own key
    const setKey = db.prepare(`UPDATE objects SET dkey=? WHERE gr='events' AND name=?`);
    for (const r of db.prepare(`SELECT key, value FROM meta WHERE key >= 'ev-index/' AND key < 'ev-index0'`).all() as { key: string; value: string }[])
      setKey.run(eventKeyHash(r.key.slice('ev-index/'.length)), r.value);
    db.exec(`DELETE FROM meta WHERE key >= 'ev-index/' AND key < 'ev-index0'; DELETE FROM meta WHERE key = 'watchers';`);
    db.prepare(`UPDATE meta SET value=? WHERE key='schema'`).run(String(FORMAT));
    db.prepare(`INSERT INTO meta(key, value) VALUES ('migrated_from', '1') ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run();
    // clusters of format 1 may predate kctl's RBAC: the first step reconciles the default policy (src/cluster/upgrade.ts)
    db.prepare(`INSERT INTO meta(key, value) VALUES ('upgrade/rbac', '1') ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run();
    db.prepare(`INSERT INTO meta(key, value) VALUES ('written_by', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(kctlVersion());
  }

  /** The database marked as of this format, migrated from `from`. What formats 4 and 5 added reads rows of the
   *  formats before them as they are, so from format 3 on this is all a migration does. Format 4: a container's
   *  record may stand for a container started without its box (src/runtime/cri.ts start: `{"deferred": …}`,
   *  packed as SharedState), a layer's for a volume set up without its files (src/runtime/volumes.ts
   *  VolumeMarker). Format 5: an object's managedFields items may be kept as their JSON text (see MANAGED). */
  private stamp(from: number): void {
    const db = this.db;
    db.prepare(`UPDATE meta SET value=? WHERE key='schema'`).run(String(FORMAT));
    db.prepare(`INSERT INTO meta(key, value) VALUES ('migrated_from', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(String(from));
    db.prepare(`INSERT INTO meta(key, value) VALUES ('written_by', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(kctlVersion());
  }

  /** Format 3: compressed values (src/api/pack.ts: the container runtime's states, log batches and generated
   *  volumes, stored whole in rt_layers; longer meta values), events as templates and slots (TEMPLATE), no empty
   *  meta values. Rows of format 2 read as they are (TEXT values, whole events), so only the empty meta rows go. */
  private migrate2to3(from: number): void {
    const db = this.db;
    db.exec(`DELETE FROM meta WHERE value = ''`);
    db.prepare(`UPDATE meta SET value=? WHERE key='schema'`).run(String(FORMAT));
    db.prepare(`INSERT INTO meta(key, value) VALUES ('migrated_from', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(String(from));
    db.prepare(`INSERT INTO meta(key, value) VALUES ('written_by', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(kctlVersion());
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

  // ---------------- transactions ----------------
  begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
    this.failure = undefined;
    this.inTx = true;
    this.reset();
    this.internHashes = null; // another process may have added some
  }
  /** Changes whenever what this process's reads see may have changed other than by a write of its own (a new
   *  transaction, a rolled-back savepoint): with currentRV(), the key of a cache of derived facts. */
  epoch = 0;
  /** Writes of each resource by this process since the epoch began. */
  private grWrites = new Map<string, number>();
  private grMemos = new Map<string, { key: string; value: unknown }>();
  /**
   * A fact derived from the objects of one resource (`gr`), computed once while they are unchanged: `fn` runs
   * again after a write of that resource, a new transaction or a rolled-back savepoint. For read-only facts the
   * cluster's components derive on every object they handle (the default priority class of each pod created).
   */
  memoOf<T>(gr: string, name: string, fn: () => T): T {
    const key = `${this.epoch}:${this.grWrites.get(gr) ?? 0}`;
    const id = `${gr}\u0000${name}`;
    const m = this.grMemos.get(id);
    if (m && m.key === key) return m.value as T;
    const value = fn();
    this.grMemos.set(id, { key, value });
    return value;
  }
  private reset(): void {
    this.epoch++;
    this.grWrites.clear();
    this.grMemos.clear();
    this.metaCache.clear();
    this.dirtyMeta.clear();
    this.memos.clear();
    this.clearObjects();
    this.clearTimers();
    this.watched = null;
    this.participants = [];
    this.changed = false;
    this.kindMap = null;
    this.rvNow = undefined; this.rvDirty = false;
  }
  private clearObjects(): void {
    this.objs.clear(); this.byUidMap.clear(); this.dirtyObjs.clear(); this.dirtyGr.clear(); this.lists.clear(); this.dirtyOwners.clear();
    this.eventKeys.clear(); this.freshUids.clear(); this.txKeys.clear(); this.eventNames.clear(); this.txLayers.clear();
  }
  private clearTimers(): void {
    this.timers.clear(); this.timerById.clear(); this.timerTypes.clear(); this.timerHeap = []; this.timersLoadedUpTo = -Infinity; this.nextTimerId = 0;
  }
  /** Keep someone's in-memory state in this transaction (flushed at commit, restored with savepoints). */
  participate(p: TxParticipant): void { this.participants.push(p); }
  /** Whether the kubelet's meta rows are packed when written (a cluster made from the template writes its few
   *  as text, read as they are, so that a first invocation needs no node:zlib; the kubelet packs them as it
   *  next writes them). */
  packMeta = true;
  commit(): void {
    if (this.failure !== undefined || !this.db.inTransaction) {
      const f = this.failure ?? new Error('the transaction was rolled back by SQLite');
      this.rollback();
      throw f;
    }
    this.flushAll();
    // each resource written: its write counter (signature) raised once for the transaction
    for (const gr of this.grWrites.keys()) this.setMeta(`written/${gr}`, String(Number(this.getMeta(`written/${gr}`) ?? '0') + 1));
    if (this.changed) for (const [k, v] of this.memos) this.setMeta(k, v);
    for (const k of this.dirtyMeta) {
      const v = this.metaCache.get(k);
      if (v === undefined) this.s(`DELETE FROM meta WHERE key=?`).run(k);
      // (the kubelet's memory of each pod packed: most of the meta rows; the rest, read by every invocation
      // (the clock, the RBAC memo), stays text)
      else this.s(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`).run(k, this.packMeta && k.startsWith('kubelet/') ? pack(v, Dict.Meta) : v);
    }
    this.dirtyMeta.clear();
    this.db.exec('COMMIT');
    this.inTx = false;
    this.reset();
  }
  rollback(): void {
    if (this.inTx) { try { this.db.exec('ROLLBACK'); } catch { /* already gone */ } }
    this.forgetInterned();
    this.inTx = false;
    this.failure = undefined;
    this.rtReady = false; // tables made in the transaction are gone with it
    this.reset();
  }
  /** Everything kept in memory goes to SQLite (still inside the transaction). */
  flushAll(): void {
    this.flushRV();
    for (const p of this.participants) p.flush();
    this.flushObjects();
    this.flushTimers();
  }
  /** Run fn inside a savepoint: if it throws, its writes are undone and the error goes on up. */
  savepoint<T>(fn: () => T): T {
    this.flushAll();
    const snaps = this.participants.map(p => p.snapshot());
    const parts = [...this.participants];
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
      this.rtReady = false;
      for (let i = this.undo.length - 1; i >= 0; i--) {
        const [k, had, v, dirty] = this.undo[i]!;
        if (had) this.metaCache.set(k, v); else this.metaCache.delete(k);
        if (dirty) this.dirtyMeta.add(k); else this.dirtyMeta.delete(k);
      }
      // what the cache held since the savepoint began is gone with it: read again from the database
      this.clearObjects();
      this.memos.clear();
      this.clearTimers();
      this.forgetInterned();
      this.watched = null;
      this.kindMap = null;
      this.rvNow = undefined; this.rvDirty = false;
      this.epoch++;
      parts.forEach((p, i) => p.restore(snaps[i]));
      this.participants = parts;
      throw e;
    } finally {
      this.undo = outer;
    }
  }
  close(): void { try { this.db.close(); } catch { /* ignore */ } }
  /** Changes when another connection commits to the database (SQLite's data_version; not for this one's own). */
  dataVersion(): number { return Number(this.db.pragma('data_version', { simple: true })); }
  /** Write an in-memory database (committed) to a new file, synced, in WAL mode once opened. */
  saveTo(file: string): void {
    const fs = require('node:fs') as typeof import('node:fs');
    const buf = this.db.serialize();
    // file format: bytes 18 and 19 (write and read version) are 2 for a database in WAL mode
    buf[18] = 2; buf[19] = 2;
    const fd = fs.openSync(file, 'wx');
    try { fs.writeSync(fd, buf); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  }
  /** A whole copy of the database into a new file (VACUUM INTO: a consistent snapshot, read while others may
   *  write), synced, in WAL mode once opened, as saveTo writes. Synchronous, as every verb is. */
  backupTo(file: string): void {
    const fs = require('node:fs') as typeof import('node:fs');
    this.db.prepare(`VACUUM INTO ?`).run(file);
    const fd = fs.openSync(file, 'r+');
    // file format: bytes 18 and 19 (write and read version) are 2 for a database in WAL mode
    try { fs.writeSync(fd, Buffer.from([2, 2]), 0, 2, 18); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  }

  /** What a file holds, without changing it: its format, if it is a kctl cluster database (else a CliError). */
  static inspect(file: string): { format: number } {
    Database ??= require('better-sqlite3') as typeof DatabaseT;
    let db: DatabaseT.Database | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() as string | undefined });
      const v = Number(db.pragma('user_version', { simple: true }));
      const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]).map(r => r.name);
      if (!names.includes('meta') || !names.includes('objects')) throw new CliError(`${file} is not a kctl cluster database`);
      const schema = (db.prepare(`SELECT value FROM meta WHERE key='schema'`).get() as { value: string } | undefined)?.value;
      const format = v || (schema === '1' ? 1 : 0);
      if (!format) throw new CliError(`${file} is not a kctl cluster database`);
      if (format > FORMAT) {
        const w = (db.prepare(`SELECT value FROM meta WHERE key='written_by'`).get() as { value: string } | undefined)?.value;
        throw new CliError(`${file} has database format ${format}${w ? ` (written by kctl ${w})` : ''}, newer than this kctl ${kctlVersion()} reads (format ${FORMAT} and older): upgrade kctl`);
      }
      return { format };
    } catch (e) {
      if (e instanceof CliError) throw e;
      const msg = (e as Error).message || String(e);
      if (/not a database|malformed|file is encrypted/i.test(msg)) throw new CliError(`${file} is not a kctl cluster database (${msg})`);
      throw new CliError(`open ${file}: ${msg}`);
    } finally {
      try { db?.close(); } catch { /* ignore */ }
    }
  }

  /** Rows whose stored JSON does not parse (a damaged file), up to `limit`: `gr/ns/name` (or `meta/key`). */
  unreadableRows(limit = 3): string[] {
    const bad: string[] = [];
    try {
      for (const r of this.db.prepare(`SELECT gr, ns, name, json FROM objects`).iterate() as Iterable<Row>) {
        try { JSON.parse(r.json); } catch { bad.push(`${r.gr}/${r.ns ? r.ns + '/' : ''}${r.name}`); if (bad.length >= limit) return bad; }
      }
      for (const r of this.db.prepare(`SELECT key, value FROM meta`).iterate() as Iterable<{ key: string; value: string | Buffer }>) {
        try {
          const v = unpack(r.value);
          if (/^[[{"]/.test(v)) JSON.parse(v);
        } catch { bad.push(`meta/${r.key}`); if (bad.length >= limit) return bad; }
      }
    } catch (e) { bad.push(`(${(e as Error).message})`); }
    return bad;
  }

  // ---------------- meta ----------------
  getMeta(key: string): string | undefined {
    const c = this.metaCache.get(key);
    if (c !== undefined || this.metaCache.has(key)) return c;
    // a component's memory of an object (a key `component/<uid>/…`) made in this transaction: none yet, as its uid
    // is new (the kubelet's of each pod it starts)
    const a = key.indexOf('/'), b = a < 0 ? -1 : key.indexOf('/', a + 1);
    if (b > a + 1 && this.freshUids.has(key.slice(a + 1, b))) { this.metaCache.set(key, undefined); return undefined; }
    const r = this.s(`SELECT value FROM meta WHERE key=?`).get(key) as { value: string | Buffer } | undefined;
    const v = r === undefined ? undefined : unpack(r.value);
    this.metaCache.set(key, v);
    return v;
  }
  /** Set a meta value. An empty value is no row at all (what every reader takes an absent key for): the key is
   *  deleted, so a component clearing its memory of something leaves nothing behind. */
  setMeta(key: string, value: string): void {
    if (value === '') { this.deleteMeta(key); return; }
    if (this.metaCache.get(key) === value) return; // (value is a string: a cached one)
    if (this.undo) this.undo.push([key, this.metaCache.has(key), this.metaCache.get(key), this.dirtyMeta.has(key)]);
    this.metaCache.set(key, value);
    this.dirtyMeta.add(key);
    this.changed = true;
  }
  /** Meta a step keeps only if it writes anyway: a memo of derived facts, which a read-only step does not
   *  pay a write for (written at commit if the transaction changed anything). */
  private memos = new Map<string, string>();
  setMemo(key: string, value: string): void { this.memos.set(key, value); }
  /** Keep the memos of this transaction even if it writes nothing else. */
  keepMemos(): void { for (const [k, v] of this.memos) this.setMeta(k, v); }
  /** What changes whenever any object of these resources changes, as this transaction sees the database: their
   *  write counters (meta `written/<resource>`, raised by each transaction that writes or removes one of them:
   *  see commit), so no scan of their rows; undefined while the transaction holds unwritten changes of them. */
  signature(grs: string[]): string | undefined {
    for (const g of grs) if (this.dirtyGr.get(g)) return undefined;
    return grs.map(g => this.getMeta(`written/${g}`) ?? '0').join(':');
  }
  /** Remove a meta key. */
  deleteMeta(key: string): void {
    if (this.getMeta(key) === undefined) return;
    if (this.undo) this.undo.push([key, this.metaCache.has(key), this.metaCache.get(key), this.dirtyMeta.has(key)]);
    this.metaCache.set(key, undefined);
    this.dirtyMeta.add(key);
    this.changed = true;
  }
  /** The resourceVersion counter: a number during the transaction, meta `rv` at commit. */
  private rvNow: number | undefined;
  private rvDirty = false;
  nextRV(): number {
    this.rvNow = (this.rvNow ?? Number(this.getMeta('rv') ?? '1000')) + 1;
    this.rvDirty = true;
    this.changed = true;
    return this.rvNow;
  }
  currentRV(): number { return this.rvNow ?? Number(this.getMeta('rv') ?? '1000'); }
  private flushRV(): void {
    if (this.rvDirty) { this.setMeta('rv', String(this.rvNow)); this.rvDirty = false; }
  }
  /** The oldest resourceVersion the change log still holds (watches from before it get 410 Expired). */
  oldestChangeRV(): number | undefined {
    const r = this.s(`SELECT MIN(rv) AS rv FROM changes`).get() as { rv: number | null };
    return r.rv ?? undefined;
  }
  /** A meta value as committed now, read outside a transaction (no cache). */
  peekMeta(key: string): string | undefined {
    const r = this.s(`SELECT value FROM meta WHERE key=?`).get(key) as { value: string | Buffer } | undefined;
    return r === undefined ? undefined : unpack(r.value);
  }
  /** The latest resourceVersion committed by anyone, read outside a transaction (watchers polling for news). */
  peekRV(): number {
    const r = this.s(`SELECT value FROM meta WHERE key='rv'`).get() as { value: string } | undefined;
    return Number(r?.value ?? '1000');
  }

  // ---------------- objects ----------------
  /** The stored form of an object (see PLACEHOLDER). */
  private encode(gr: string, ns: string, name: string, rv: number, uid: string, o: any): string {
    const md = o?.metadata;
    if (!md || typeof md !== 'object' || Array.isArray(md)) return JSON.stringify(o);
    const m: any = { ...md };
    if (Array.isArray(md.managedFields)) m.managedFields = this.encodeManaged(md.managedFields, md.creationTimestamp);
    if (m.name === name) m.name = PLACEHOLDER;
    if (ns && m.namespace === ns) m.namespace = PLACEHOLDER;
    if (uid && m.uid === uid) m.uid = PLACEHOLDER;
    if (m.resourceVersion === String(rv)) m.resourceVersion = PLACEHOLDER;
    if (Array.isArray(md.ownerReferences)) m.ownerReferences = this.shared(md.ownerReferences);
    const t: any = { ...o, metadata: m };
    const spec = o.spec;
    const pod = gr === 'pods';
    if (pod && isPlain(spec) && Array.isArray(spec.tolerations) && spec.tolerations.length) t.spec = { ...spec, tolerations: this.shared(spec.tolerations) };
    const cs = o.status?.containerStatuses;
    if (pod && Array.isArray(cs) && isPlain(o.status)) {
      t.status = { ...o.status, containerStatuses: cs.map(c => (isPlain(c) && typeof c.imageID === 'string' && c.imageID.length > 24 ? { ...c, imageID: this.shared(c.imageID) } : c)) };
    }
    const k = this.kindOf(gr, o);
    if (k) { t.apiVersion = PLACEHOLDER; t.kind = PLACEHOLDER; }
    if (gr === 'events') {
      const src = o.source && typeof o.source === 'object' ? o.source : undefined;
      if (src && typeof o.reportingComponent === 'string' && o.reportingComponent === src.component) t.reportingComponent = PLACEHOLDER;
      if (src && typeof o.reportingInstance === 'string' && o.reportingInstance === (src.host ?? '')) t.reportingInstance = PLACEHOLDER;
      if (typeof o.firstTimestamp === 'string' && o.firstTimestamp === md.creationTimestamp) t.firstTimestamp = PLACEHOLDER;
      if (typeof o.lastTimestamp === 'string' && o.lastTimestamp === o.firstTimestamp) t.lastTimestamp = PLACEHOLDER;
      const io = o.involvedObject;
      if (isPlain(io)) {
        const ti = t.involvedObject = { ...io };
        if (ns && io.namespace === ns) ti.namespace = PLACEHOLDER;
        // the event's name is <object>.<suffix>
        if (typeof io.name === 'string' && io.name && name.length > io.name.length + 1 && name.startsWith(io.name)
          && name[io.name.length] === '.' && !name.includes('.', io.name.length + 1)) ti.name = PLACEHOLDER;
      }
      return this.encodeEvent(t);
    }
    return JSON.stringify(t);
  }
  /** An event (in its stored form) as its template and slots, once the template is seen again (see TEMPLATE). */
  private encodeEvent(t: any): string {
    const tpl: any = { ...t };
    const slots: unknown[] = [];
    let copied: Set<string> | undefined;
    for (let i = 0; i < EVENT_SLOTS.length; i++) {
      const path = EVENT_SLOTS[i]!;
      let parent = tpl;
      for (let j = 0; j < path.length - 1 && parent; j++) parent = isPlain(parent[path[j]!]) ? parent[path[j]!] : undefined;
      const k = path[path.length - 1]!;
      const v = parent?.[k];
      // what stays in the template: nothing there, a placeholder, null, a count of one, managedFields at the
      // creation time (their entries interned)
      if (v === undefined || v === null || v === PLACEHOLDER || (k === 'count' && v === 1)) continue;
      if (k === 'managedFields' && isPlain(v) && Array.isArray(v[MANAGED]) && v[MANAGED].every((e: unknown) => Array.isArray(e) && e[1] === 0)) continue;
      if (path.length > 1 && !(copied ??= new Set()).has(path[0]!)) { copied.add(path[0]!); parent = tpl[path[0]!] = { ...parent }; }
      parent[k] = PLACEHOLDER;
      slots[i] = v;
    }
    // a template met before is known by its identifying fields and an equal walk, without its text (the text,
    // hashed and looked up, cost as much as the rest of the event's encoding)
    const key = eventTemplateKey(tpl);
    const seen = this.eventTpls.get(key);
    let id = seen?.find(x => jsonEqual(x.tpl, tpl))?.id;
    if (id === undefined) {
      id = this.internRef(JSON.stringify(tpl));
      if (id === undefined) return JSON.stringify(t);
      if (this.eventTpls.size >= 1024) this.eventTpls.clear();
      if (seen) { if (seen.length < 8) seen.push({ tpl, id }); } else this.eventTpls.set(key, [{ tpl, id }]);
    }
    const out: unknown[] = [id];
    for (let i = 0; i < slots.length; i++) out.push(slots[i] === undefined ? null : slots[i]);
    return JSON.stringify({ [TEMPLATE]: out });
  }
  /** An event written as a template and its slots, whole again (in its stored form). */
  private decodeEvent(x: unknown[]): any {
    const o = this.interned(x[0] as number);
    for (let i = 1; i < x.length; i++) {
      const v = x[i];
      if (v === null) continue;
      const path = EVENT_SLOTS[i - 1]!;
      let parent = o;
      for (let j = 0; j < path.length - 1; j++) parent = parent[path[j]!];
      parent[path[path.length - 1]!] = v;
    }
    return o;
  }
  /** noManaged: an object for a reader that never looks at managedFields (a table): they are left out, not
   *  decoded (most of a list's decoding work). */
  private decode(gr: string, ns: string, name: string, rv: number, json: string, uid?: string, noManaged = false): any {
    let o = parseStored(json);
    // (a stored event always has its metadata: an object of one key is a template's)
    if (gr === 'events' && Array.isArray(o?.[TEMPLATE]) && o.metadata === undefined) o = this.decodeEvent(o[TEMPLATE]);
    return this.restore(gr, ns, name, rv, o, uid, noManaged);
  }
  /** A parsed stored object (or parts of one: untyped JSON, its fields possibly placeholders) as the object: what
   *  the row holds put back, interned values resolved. */
  private restore(gr: string, ns: string, name: string, rv: number, o: any, uid?: string, noManaged = false): KObject {
    if (o.apiVersion === PLACEHOLDER || o.kind === PLACEHOLDER) {
      const k = this.kinds().get(gr);
      if (o.apiVersion === PLACEHOLDER) o.apiVersion = k?.[0];
      if (o.kind === PLACEHOLDER) o.kind = k?.[1];
    }
    const md = o.metadata;
    if (md && typeof md === 'object') {
      if (md.name === PLACEHOLDER) md.name = name;
      if (md.namespace === PLACEHOLDER) md.namespace = ns;
      if (md.resourceVersion === PLACEHOLDER) md.resourceVersion = String(rv);
      if (md.uid === PLACEHOLDER) md.uid = uid ?? this.uidOf(gr, ns, name);
      const mf = md.managedFields;
      if (noManaged) { if (mf !== undefined) delete md.managedFields; }
      else if (mf && typeof mf === 'object' && !Array.isArray(mf)) {
        const items = mf[MANAGED];
        if (Array.isArray(items)) md.managedFields = this.decodeManaged(items, md.creationTimestamp);
        else if (typeof items === 'string') md.managedFields = this.decodeManaged(parseStored(items), md.creationTimestamp);
      }
      const or = sharedRef(md.ownerReferences);
      if (or !== undefined) md.ownerReferences = this.interned(or);
    }
    if (gr === 'pods') {
      const tl = sharedRef(o.spec?.tolerations);
      if (tl !== undefined) o.spec.tolerations = this.interned(tl);
      const cs = o.status?.containerStatuses;
      if (Array.isArray(cs)) for (const c of cs) { const id = sharedRef(c?.imageID); if (id !== undefined) c.imageID = this.interned(id); }
    }
    if (gr === 'events') {
      if (o.reportingComponent === PLACEHOLDER) o.reportingComponent = o.source?.component;
      if (o.reportingInstance === PLACEHOLDER) o.reportingInstance = o.source?.host ?? '';
      if (o.firstTimestamp === PLACEHOLDER) o.firstTimestamp = md?.creationTimestamp;
      if (o.lastTimestamp === PLACEHOLDER) o.lastTimestamp = o.firstTimestamp;
      const io = o.involvedObject;
      if (io?.namespace === PLACEHOLDER) io.namespace = ns;
      if (io?.name === PLACEHOLDER) io.name = name.slice(0, name.lastIndexOf('.'));
    }
    return o;
  }
  // ---- interned values ----
  /** json → id of interned rows (in the database, or written in this transaction); id → json and parsed. */
  private internIds = new Map<string, number>();
  private internText = new Map<number, string>();
  private internParsed = new Map<number, unknown>();
  /** What was seen once in this process (a second sighting interns it). */
  private internSeen = new Set<number>();
  /** The hashes of the interned rows (read once): most values are not among them, and need no lookup. */
  private internHashes: Set<number> | null = null;
  private internRef(json: string, valid?: () => boolean): number | undefined {
    const known = this.internIds.get(json);
    if (known !== undefined) return known;
    const h = eventKeyHash(json);
    if (!this.internHashes) this.internHashes = new Set((this.s(`SELECT h FROM interned`).all() as { h: number }[]).map(r => r.h));
    if (this.internHashes.has(h)) {
      for (const r of this.s(`SELECT id, json FROM interned WHERE h=?`).all(h) as { id: number; json: string }[]) {
        if (r.json !== json) continue;
        this.internIds.set(json, r.id); this.internText.set(r.id, json);
        return r.id;
      }
    }
    // (by hash: most values are seen once, and a step of 10,000 pods would otherwise hold 20,000 texts of a kilobyte
    // through its collections; two values of one hash only get the second interned at its first sighting)
    if (!this.internSeen.has(h)) {
      if (this.internSeen.size >= 20_000) this.internSeen.clear();
      this.internSeen.add(h);
      return undefined;
    }
    if (valid && !valid()) return undefined;
    const id = Number(this.s(`INSERT INTO interned(h, json) VALUES (?, ?)`).run(h, json).lastInsertRowid);
    this.internHashes.add(h);
    this.internIds.set(json, id); this.internText.set(id, json);
    this.changed = true;
    return id;
  }
  /** An interned value, as a new object. */
  private interned(id: number): any {
    let p = this.internParsed.get(id);
    if (p === undefined) {
      let text = this.internText.get(id);
      if (text === undefined) {
        text = (this.s(`SELECT json FROM interned WHERE id=?`).get(id) as { json: string } | undefined)?.json;
        if (text === undefined) throw new CliError(`the cluster database ${this.file} is corrupt (interned value ${id} is missing)`);
        this.internText.set(id, text);
      }
      p = parseStored(text);
      this.internParsed.set(id, p);
    }
    return clone(p);
  }
  /** A value as its interned reference, once it is seen a second time. */
  private shared(v: unknown): unknown {
    const id = this.internRef(JSON.stringify(v));
    return id === undefined ? v : { [SHARED]: id };
  }
  /** Interned ids of managedFields entries, by the shared set they hold and the rest of the entry. */
  private entryIds = new WeakMap<object, Map<string, number>>();
  /** Event templates met in this process with their interned ids, by eventTemplateKey. */
  private eventTpls = new Map<string, { tpl: unknown; id: number }[]>();
  private forgetInterned(): void { this.internIds.clear(); this.internText.clear(); this.internParsed.clear(); this.internHashes = null; this.entryIds = new WeakMap(); this.eventTpls.clear(); }
  private encodeManaged(mf: any[], created: unknown): unknown {
    // only the server's form: entries that are objects with a string time and a fieldsV1 of objects only (what
    // is interned is checked when first written; the rest as it is walked)
    for (const e of mf) if (!isPlain(e) || (e.time !== undefined && typeof e.time !== 'string') || (e.fieldsV1 !== undefined && !isPlain(e.fieldsV1))) return mf;
    const items: unknown[] = [];
    for (const e of mf) {
      const t = typeof created === 'string' && e.time === created ? 0 : e.time;
      if ('time' in e) {
        const f = e.fieldsV1;
        let id: number | undefined;
        if (isPlain(f)) {
          // a set many objects share: its entries' ids are remembered with it (the entry without its set as key)
          const head = JSON.stringify({ ...e, time: 0, fieldsV1: 0 });
          const known = isSharedSet(f) ? this.entryIds.get(f) : undefined;
          id = known?.get(head);
          if (id === undefined) {
            id = this.internRef(entryJSON(head, f), () => objectsOnly(f));
            if (id !== undefined && isSharedSet(f)) {
              if (known) known.set(head, id); else this.entryIds.set(f, new Map([[head, id]]));
            }
          }
        } else id = this.internRef(JSON.stringify({ ...e, time: 0 }), () => f === undefined);
        if (id !== undefined) { items.push([id, t]); continue; }
      }
      const out: any = { ...e };
      if ('time' in e) out.time = t;
      if (isPlain(e.fieldsV1)) {
        const tree = this.internTree(e.fieldsV1);
        if (!tree) return mf;
        out.fieldsV1 = tree;
      }
      items.push(out);
    }
    return { [MANAGED]: items.every(Array.isArray) ? items : JSON.stringify(items) };
  }
  /** A fieldsV1 tree with its larger subtrees that are interned (or seen before) as their ids; null if it holds
   *  anything but objects. */
  private internTree(node: Record<string, any>): Record<string, any> | null {
    const out: Record<string, any> = {};
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (!isPlain(v)) return null;
      const j = JSON.stringify(v);
      const id = j.length >= 48 ? this.internRef(j, () => objectsOnly(v)) : undefined;
      if (id !== undefined) { out[k] = id; continue; }
      const sub = this.internTree(v);
      if (!sub) return null;
      out[k] = sub;
    }
    return out;
  }
  private decodeManaged(items: any[], created: unknown): any[] {
    return items.map(it => {
      let e: any;
      if (Array.isArray(it)) e = this.interned(it[0]);
      else { e = it; if (isPlain(e.fieldsV1)) e.fieldsV1 = this.expandTree(e.fieldsV1); }
      const t = Array.isArray(it) ? it[1] : e.time;
      if ('time' in e) e.time = t === 0 ? created : t;
      return e;
    });
  }
  private expandTree(node: Record<string, any>): Record<string, any> {
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (typeof v === 'number') node[k] = this.interned(v);
      else if (isPlain(v)) this.expandTree(v);
    }
    return node;
  }
  private uidOf(gr: string, ns: string, name: string): string {
    return (this.s(`SELECT uid FROM objects WHERE gr=? AND ns=? AND name=?`).get(gr, ns, name) as { uid: string } | undefined)?.uid ?? '';
  }
  /** apiVersion and kind of each resource's stored objects (set once per resource). */
  private kindMap: Map<string, [string, string]> | null = null;
  private kinds(): Map<string, [string, string]> {
    if (!this.kindMap) {
      this.kindMap = new Map();
      for (const r of this.s(`SELECT key, value FROM meta WHERE key >= 'kind/' AND key < 'kind0'`).all() as { key: string; value: string | Buffer }[]) {
        const [a, k] = unpack(r.value).split(' ');
        if (a && k) this.kindMap.set(r.key.slice(5), [a, k]);
      }
    }
    return this.kindMap;
  }
  /** Whether the object's apiVersion and kind are its resource's usual ones (recorded the first time). */
  private kindOf(gr: string, o: any): boolean {
    if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || o.apiVersion.includes(' ') || !o.apiVersion || !o.kind) return false;
    const m = this.kinds();
    const k = m.get(gr);
    if (k) return k[0] === o.apiVersion && k[1] === o.kind;
    m.set(gr, [o.apiVersion, o.kind]);
    this.setMeta(`kind/${gr}`, `${o.apiVersion} ${o.kind}`);
    return true;
  }
  private fromRow(gr: string, ns: string, name: string, r: { id: number; uid: string; rv: number; dkey: number | null; json: string }): Entry {
    const obj = this.decode(gr, ns, name, r.rv, r.json, r.uid);
    if (FREEZE) deepFreeze(obj);
    return { gr, ns, name, obj, id: r.id, rv: r.rv, dkey: r.dkey, dbOwners: ownerUids(obj), dirty: false };
  }
  private remember(e: Entry): Entry {
    this.objs.set(e);
    const uid = e.obj?.metadata?.uid;
    if (e.obj && e.gr !== 'events' && typeof uid === 'string') this.byUidMap.set(uid, e);
    return e;
  }
  private entry(gr: string, ns: string, name: string): Entry {
    const e = this.objs.get(gr, ns, name);
    if (e) return e;
    const r = this.s(`SELECT id, uid, rv, dkey, json FROM objects WHERE gr=? AND ns=? AND name=?`).get(gr, ns, name) as { id: number; uid: string; rv: number; dkey: number | null; json: string } | undefined;
    return this.remember(r ? this.fromRow(gr, ns, name, r) : { gr, ns, name, obj: null, id: 0, rv: 0, dkey: null, dbOwners: [], dirty: false });
  }
  /** The stored object (read-only: never change it; copy it first). */
  peek(gr: string, ns: string, name: string): any | undefined {
    return this.entry(gr, ns, name).obj ?? undefined;
  }
  /** Whether an object exists (for a name about to be created). */
  exists(gr: string, ns: string, name: string): boolean {
    const e = this.objs.get(gr, ns, name);
    if (e) return !!e.obj;
    const dot = name.lastIndexOf('.');
    if (gr !== 'events' || dot <= 0) return !!this.entry(gr, ns, name).obj;
    if (this.eventNamesOf(ns, name.slice(0, dot)).names.has(name)) return true;
    this.remember({ gr, ns, name, obj: null, id: 0, rv: 0, dkey: null, dbOwners: [], dirty: false }); // known absent
    return false;
  }
  /** The events of a namespace named `<prefix>.…` with their aggregation keys, as this transaction sees them. */
  private eventNamesOf(ns: string, prefix: string): { names: Map<string, number | null>; byKey: Map<number, Set<string>> } {
    const k = `${ns}\u0000${prefix}`;
    let rec = this.eventNames.get(k);
    if (!rec) {
      rec = { names: new Map(), byKey: new Map() };
      for (const r of this.s(`SELECT name, dkey FROM objects WHERE gr='events' AND ns=? AND name > ? AND name < ?`).all(ns, `${prefix}.`, `${prefix}/`) as { name: string; dkey: number | null }[]) {
        const c = this.objs.get('events', ns, r.name);
        if (c) { if (c.obj) addName(rec, r.name, c.dkey); continue; } // the cached version wins (written, or removed)
        addName(rec, r.name, r.dkey);
      }
      this.eventNames.set(k, rec);
    }
    return rec;
  }
  private noteEventName(ns: string, name: string, present: boolean, dkey: number | null): void {
    const dot = name.lastIndexOf('.');
    if (dot <= 0) return;
    const rec = this.eventNames.get(`${ns}\u0000${name.slice(0, dot)}`);
    if (!rec) return;
    const was = rec.names.get(name);
    if (was !== undefined && was !== null) rec.byKey.get(was)?.delete(name);
    rec.names.delete(name);
    if (present) addName(rec, name, dkey);
  }
  /** Store an object (the store keeps it: the caller must not change it afterwards). */
  putObject(gr: string, ns: string, name: string, rv: number, obj: any, change: ChangeType, opts: { dkey?: number } = {}): void {
    if (FREEZE) deepFreeze(obj);
    const e = this.entry(gr, ns, name);
    const oldUid = e.obj?.metadata?.uid;
    if (oldUid && this.byUidMap.get(oldUid) === e) this.byUidMap.delete(oldUid);
    e.obj = obj;
    e.rv = rv;
    if (opts.dkey !== undefined) {
      e.dkey = opts.dkey;
      let l = this.eventKeys.get(opts.dkey);
      if (!l) this.eventKeys.set(opts.dkey, (l = []));
      if (!l.includes(name)) l.push(name);
      this.txKeys.add(opts.dkey);
    }
    if (change === 'ADDED' && gr !== 'events' && typeof obj?.metadata?.uid === 'string') this.freshUids.add(obj.metadata.uid);
    if (gr === 'events') this.noteEventName(ns, name, true, e.dkey);
    this.remember(e);
    this.markDirty(e);
    for (const u of ownerUids(obj)) {
      let set = this.dirtyOwners.get(u);
      if (!set) this.dirtyOwners.set(u, (set = new Set()));
      set.add(e);
    }
    this.logChange(rv, change, gr, ns, name, obj);
  }
  /** Remove an object; `obj` is what the change log records. */
  removeObject(gr: string, ns: string, name: string, rv: number, obj: any): void {
    const e = this.entry(gr, ns, name);
    const oldUid = e.obj?.metadata?.uid;
    if (oldUid && this.byUidMap.get(oldUid) === e) this.byUidMap.delete(oldUid);
    e.obj = null;
    this.markDirty(e);
    if (gr === 'events') this.noteEventName(ns, name, false, null);
    this.logChange(rv, 'DELETED', gr, ns, name, obj);
  }
  private markDirty(e: Entry): void {
    this.changed = true;
    this.grWrites.set(e.gr, (this.grWrites.get(e.gr) ?? 0) + 1);
    this.lists.delete(e.gr);
    if (!e.dirty) {
      e.dirty = true;
      this.dirtyObjs.add(e);
      this.dirtyGr.set(e.gr, (this.dirtyGr.get(e.gr) ?? 0) + 1);
    }
    // (mostly events, written once: those alone, so that objects still changing in the step are encoded once)
    if (this.dirtyObjs.size >= MAX_DIRTY) this.flushObjects((this.dirtyGr.get('events') ?? 0) * 2 >= MAX_DIRTY ? 'events' : undefined);
  }
  private flushObjects(gr?: string): void {
    if (!this.dirtyObjs.size || (gr !== undefined && !this.dirtyGr.get(gr))) return;
    const del = this.s(`DELETE FROM objects WHERE id=?`);
    const ins = this.s(`INSERT INTO objects(gr, ns, name, uid, rv, node, dkey, exp, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const upd = this.s(`UPDATE objects SET uid=?, rv=?, node=?, dkey=?, exp=?, json=? WHERE id=?`);
    const delOwner = this.s(`DELETE FROM owners WHERE owner=? AND obj=?`);
    const addOwner = this.s(`INSERT OR IGNORE INTO owners(owner, obj) VALUES (?, ?)`);
    let events = 0;
    for (const e of this.dirtyObjs) {
      if (gr !== undefined && e.gr !== gr) continue;
      if (e.obj === null) {
        if (e.id) {
          del.run(e.id);
          for (const o of e.dbOwners) delOwner.run(o, e.id);
        }
        e.id = 0; e.dbOwners = [];
      } else {
        const o = e.obj;
        const uid = String(o.metadata?.uid ?? '');
        const json = this.encode(e.gr, e.ns, e.name, e.rv, uid, o);
        const node = e.gr === 'pods' ? (typeof o.spec?.nodeName === 'string' && o.spec.nodeName ? o.spec.nodeName : null) : null;
        const exp = e.gr === 'events' ? eventExpiry(o) : null;
        if (e.id) upd.run(uid, e.rv, node, e.dkey, exp, json, e.id);
        else e.id = Number(ins.run(e.gr, e.ns, e.name, uid, e.rv, node, e.dkey, exp, json).lastInsertRowid);
        const owners = ownerUids(o);
        if (owners.length !== e.dbOwners.length || owners.some((u, i) => u !== e.dbOwners[i])) {
          for (const u of e.dbOwners) if (!owners.includes(u)) delOwner.run(u, e.id);
          for (const u of owners) if (!e.dbOwners.includes(u)) addOwner.run(u, e.id);
          e.dbOwners = owners;
        }
      }
      e.dirty = false;
      this.dirtyObjs.delete(e);
      this.dirtyGr.set(e.gr, (this.dirtyGr.get(e.gr) ?? 1) - 1);
      if (e.gr === 'events') events++;
    }
    // events are written once and seldom read again in the same step: do not keep them (the database now
    // answers for them)
    if (events) {
      this.objs.dropWhere('events', e => !e.dirty && !!e.obj);
      this.eventKeys.clear();
    }
    if (!this.dirtyObjs.size) this.dirtyOwners.clear();
    if (this.objs.size > MAX_CACHED) {
      this.objs.dropWhere(undefined, e => !e.dirty);
      this.byUidMap.clear();
      for (const e of this.objs.values()) this.remember(e);
      this.lists.clear();
    }
  }

  /** Objects of one resource (ns undefined = every namespace), in namespace, name order; copies the caller may keep. */
  /** noManaged: objects without their managedFields, for a reader that never looks at them (decoded for it
   *  alone: none is kept in the cache). */
  listObjects(gr: string, ns?: string, noManaged = false): any[] {
    const lk = ns ?? '\u0001';
    const cached = this.lists.get(gr)?.get(lk);
    if (cached) return cached.filter(e => e.obj).map(e => (noManaged ? withoutManaged(clone(e.obj)) : clone(e.obj)));
    // what this transaction changed and has not written yet is taken from memory (no flush: a list in the
    // middle of a step would write objects that change again before its end)
    const pending = this.dirtyGr.get(gr) ? [...this.dirtyObjs].filter(e => e.gr === gr && (ns === undefined || e.ns === ns)) : [];
    const rows = (ns === undefined
      ? this.s(`SELECT id, ns, name, uid, rv, dkey, json FROM objects WHERE gr=? ORDER BY ns, name`).all(gr)
      : this.s(`SELECT id, ns, name, uid, rv, dkey, json FROM objects WHERE gr=? AND ns=? ORDER BY name`).all(gr, ns)) as { id: number; ns: string; name: string; uid: string; rv: number; dkey: number | null; json: string }[];
    const small = rows.length <= 64 && !noManaged;
    const keep: Entry[] = [];
    const out: any[] = [];
    // [namespace, name, cached entry (none for a large list's decoded rows), object]
    const items: [string, string, Entry | undefined, any][] = [];
    for (const r of rows) {
      const c = this.objs.get(gr, r.ns, r.name);
      if (c?.dirty) continue; // among the pending
      if (c && c.obj && c.id === r.id && c.rv === r.rv) { items.push([r.ns, r.name, c, c.obj]); continue; }
      if (small) {
        const e = this.remember(this.fromRow(gr, r.ns, r.name, r));
        items.push([r.ns, r.name, e, e.obj]);
      } else items.push([r.ns, r.name, undefined, this.decode(gr, r.ns, r.name, r.rv, r.json, r.uid, noManaged)]);
    }
    if (pending.length) {
      for (const e of pending) if (e.obj) items.push([e.ns, e.name, e, e.obj]);
      items.sort((x, y) => cmp(x[0], y[0]) || cmp(x[1], y[1]));
    }
    for (const [, , e, o] of items) {
      if (e) keep.push(e);
      out.push(e ? (noManaged ? withoutManaged(clone(o)) : clone(o)) : o);
    }
    const small2 = keep.length <= 64 && keep.length === items.length && !noManaged;
    if (small2) {
      let m = this.lists.get(gr);
      if (!m) this.lists.set(gr, (m = new Map()));
      m.set(lk, keep);
    }
    return out;
  }
  /** Each object of a resource (ns undefined = every namespace), in namespace, name order, read-only (as peek)
   *  and not kept: for a pass over many objects that holds on to none of them. Reads the rows in batches. */
  eachObject(gr: string, ns: string | undefined, fn: (o: any) => void): void {
    const pending = (this.dirtyGr.get(gr) ? [...this.dirtyObjs].filter(e => e.gr === gr && !!e.obj && (ns === undefined || e.ns === ns)) : [])
      .sort((x, y) => cmp(x.ns, y.ns) || cmp(x.name, y.name));
    let p = 0;
    const upTo = (rns: string, rname: string) => {
      while (p < pending.length && (cmp(pending[p]!.ns, rns) || cmp(pending[p]!.name, rname)) < 0) fn(pending[p++]!.obj);
    };
    const batch = 500;
    const q = ns === undefined
      ? this.s(`SELECT id, ns, name, uid, rv, json FROM objects WHERE gr=? AND (ns, name) > (?, ?) ORDER BY ns, name LIMIT ${batch}`)
      : this.s(`SELECT id, ns, name, uid, rv, json FROM objects WHERE gr=? AND ns=? AND name > ? ORDER BY name LIMIT ${batch}`);
    let lastNs = '', lastName = ''; // below every key (names are never empty)
    for (;;) {
      const rows = (ns === undefined ? q.all(gr, lastNs, lastName) : q.all(gr, ns, lastName)) as { id: number; ns: string; name: string; uid: string; rv: number; json: string }[];
      for (const r of rows) {
        upTo(r.ns, r.name);
        const c = this.objs.get(gr, r.ns, r.name);
        if (c?.dirty) continue; // among the pending
        fn(c && c.obj && c.id === r.id && c.rv === r.rv ? c.obj : this.decode(gr, r.ns, r.name, r.rv, r.json, r.uid));
      }
      if (rows.length < batch) break;
      const last = rows[rows.length - 1]!;
      lastNs = last.ns; lastName = last.name;
    }
    while (p < pending.length) fn(pending[p++]!.obj);
  }
  /**
   * Parts of each object of a resource, read-only and not kept, without decoding whole objects: SQLite picks
   * them out of each stored row (a scan that needs a few fields of 10,000 pods parses none of them). A path is
   * `$.a.b` (a value: a string, number or boolean as it is, an object or array parsed) or `$.a[*].b.c` (b.c of
   * each element of array a, as an array; undefined when there is no array). Only for paths the stored form keeps
   * as they are, or whose value is interned whole (ownerReferences, tolerations): not name, namespace, uid,
   * resourceVersion, apiVersion, kind or managedFields. Objects this transaction changed and has not written yet
   * come from memory; the order is the database's (namespace, name), those last.
   */
  eachPaths(gr: string, ns: string | undefined, paths: string[], fn: (values: unknown[], ns: string, name: string) => void): void {
    if (gr === 'events') throw new Error('eachPaths cannot read events: they are stored as templates and slots');
    // one json_extract of every path a row needs (one parse of the row in SQLite; an array path is taken whole
    // and its elements' parts picked here)
    const split = paths.map(p => { const i = p.indexOf('[*]'); return i < 0 ? { base: p } : { base: p.slice(0, i), rest: p.slice(i + 3) }; });
    const bases = [...new Set(split.map(x => x.base))];
    const rows = this.extractRows(gr, ns, bases);
    // (the keys of each path, split once: the objects in memory are walked with them)
    const keysOf = (path: string) => path.replace(/^\$\.?/, '').split('.').filter(Boolean);
    const baseKeys = split.map(x => keysOf(x.base));
    const restKeys = split.map(x => (x.rest === undefined ? undefined : keysOf(x.rest)));
    const at = (o: unknown, keys: string[]): unknown => {
      let v: any = o;
      for (const k of keys) v = v?.[k];
      return v;
    };
    const pick = (base: unknown, i: number) => {
      const rest = restKeys[i];
      if (rest === undefined) { const id = sharedRef(base); return id !== undefined ? this.interned(id) : base ?? undefined; }
      return Array.isArray(base) ? base.map(e => at(e, rest) ?? null) : undefined;
    };
    const baseAt = split.map(x => bases.indexOf(x.base));
    const dirty = !!this.dirtyGr.get(gr);
    for (const r of rows) {
      if (dirty && this.objs.get(gr, r.ns, r.name)?.dirty) continue; // read from memory below
      const vals = JSON.parse(r.v) as unknown[];
      fn(split.map((_, i) => pick(vals[baseAt[i]!], i)), r.ns, r.name);
    }
    if (!dirty) return;
    for (const e of this.dirtyObjs) {
      if (e.gr !== gr || !e.obj || (ns !== undefined && e.ns !== ns)) continue;
      fn(split.map((_, i) => pick(at(e.obj, baseKeys[i]!), i)), e.ns, e.name);
    }
  }
  /**
   * Objects of a resource with only these parts of their own (dot paths from the root: `status`, `spec.nodeName`),
   * besides apiVersion, kind and what the row holds (metadata.name, .namespace, .uid, .resourceVersion), in
   * namespace, name order: for a reader that looks at nothing else (a table that declares what it reads). SQLite
   * picks the parts out of each row, so the rest of an object is never parsed. Parts are read as the stored form
   * keeps them and resolved as a whole object's are (interned values inside them); the paths must not be ones the
   * stored form writes elsewhere (managedFields, or an event's fields: never for events). While this transaction
   * holds unwritten changes of the resource, whole objects (without managedFields) instead.
   */
  listParts(gr: string, ns: string | undefined, paths: string[]): KObject[] {
    if (gr === 'events') throw new Error('listParts cannot read events: they are stored as templates and slots');
    if (this.dirtyGr.get(gr)) return this.listObjects(gr, ns, true);
    const rows = this.extractRows(gr, ns, paths.map(p => `$.${p}`));
    const split = paths.map(p => p.split('.'));
    const out: KObject[] = [];
    for (const r of rows) {
      const vals = parseStored(r.v) as unknown[];
      // (the stored form: what the row's columns hold as placeholders, put back by restore)
      const md: Record<string, unknown> = { name: PLACEHOLDER, uid: PLACEHOLDER, resourceVersion: PLACEHOLDER };
      if (r.ns) md.namespace = PLACEHOLDER;
      const o = { apiVersion: PLACEHOLDER, kind: PLACEHOLDER, metadata: md } as unknown as KObject;
      for (let i = 0; i < split.length; i++) {
        const v = vals[i];
        if (v === null || v === undefined) continue;
        const keys = split[i]!;
        let parent: Record<string, unknown> = o;
        for (let j = 0; j < keys.length - 1; j++) parent = (parent[keys[j]!] ??= {}) as Record<string, unknown>;
        parent[keys[keys.length - 1]!] = v;
      }
      out.push(this.restore(gr, r.ns, r.name, r.rv, o, r.uid, true));
    }
    return out;
  }
  /** Each row of a resource (in namespace, name order) with these JSON paths of its stored form, picked out by
   *  SQLite in one json_extract: `v` is the JSON array of their values. */
  private extractRows(gr: string, ns: string | undefined, paths: string[]): { ns: string; name: string; uid: string; rv: number; v: string }[] {
    const col = paths.map(x => `'${x}'`).join(', ') + (paths.length === 1 ? ", '$.kind'" : ''); // (one path would not give an array)
    return (ns === undefined
      ? this.s(`SELECT ns, name, uid, rv, json_extract(json, ${col}) AS v FROM objects WHERE gr=? ORDER BY ns, name`).all(gr)
      : this.s(`SELECT ns, name, uid, rv, json_extract(json, ${col}) AS v FROM objects WHERE gr=? AND ns=? ORDER BY name`).all(gr, ns)) as { ns: string; name: string; uid: string; rv: number; v: string }[];
  }
  /** Everything the database holds, objects decoded (outside a transaction: for the cluster template). */
  dump(): { rows: { gr: string; ns: string; name: string; rv: number; dkey: number | null; obj: any }[]; meta: [string, string][]; timers: Timer[]; other: Record<string, string[]> } {
    const rows = (this.s(`SELECT gr, ns, name, uid, rv, dkey, json FROM objects ORDER BY id`).all() as { gr: string; ns: string; name: string; uid: string; rv: number; dkey: number | null; json: string }[])
      .map(r => ({ gr: r.gr, ns: r.ns, name: r.name, rv: r.rv, dkey: r.dkey, obj: this.decode(r.gr, r.ns, r.name, r.rv, r.json, r.uid) }));
    const meta = (this.s(`SELECT key, value FROM meta ORDER BY key`).all() as { key: string; value: string | Buffer }[]).map(r => [r.key, unpack(r.value)] as [string, string]);
    const timers = this.s(`SELECT id, due, type, key FROM timers ORDER BY due, id`).all() as Timer[];
    // the other tables (the container runtime's processes, files and logs): their rows, each as JSON, sorted
    const known = new Set(['meta', 'objects', 'owners', 'timers', 'interned', 'changes']);
    const other: Record<string, string[]> = {};
    for (const { name } of this.s(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).all() as { name: string }[]) {
      if (known.has(name)) continue;
      // (compressed values as their text)
      const all = (this.db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all() as Record<string, unknown>[]).map(r => {
        for (const [k, v] of Object.entries(r)) if (v instanceof Uint8Array) r[k] = unpack(v, name === 'rt_state' ? String(r.id) : '');
        return JSON.stringify(r);
      }).sort();
      if (all.length) other[name] = all;
    }
    return { rows, meta, timers, other };
  }
  /** The rows of objects, owners and interned values, and the meta, exactly as stored (the default cluster's
   *  template keeps them in this form: src/cluster/template.ts). */
  storedRows(): StoredRows {
    const objects = (this.s(`SELECT id, gr, ns, name, uid, rv, node, dkey, exp, json FROM objects ORDER BY id`).all() as StoredObjectRow[])
      .map(r => [r.id, r.gr, r.ns, r.name, r.uid, r.rv, r.node, r.dkey, r.exp, r.json] as StoredRows['objects'][number]);
    const owners = (this.s(`SELECT owner, obj FROM owners ORDER BY owner, obj`).all() as { owner: string; obj: number }[]).map(r => [r.owner, r.obj] as [string, number]);
    const interned = (this.s(`SELECT id, h, json FROM interned ORDER BY id`).all() as { id: number; h: number; json: string }[]).map(r => [r.id, r.h, r.json] as [number, number, string]);
    const meta = (this.s(`SELECT key, value FROM meta ORDER BY key`).all() as { key: string; value: string | Buffer }[]).map(r => [r.key, unpack(r.value)] as [string, string]);
    return { objects, owners, interned, meta };
  }
  /** Write rows in their stored form (storedRows) into this new, empty database, inside its transaction: a
   *  cluster made from the template without decoding and encoding each object again. */
  loadStoredRows(r: StoredRows): void {
    const obj = this.s(`INSERT INTO objects(id, gr, ns, name, uid, rv, node, dkey, exp, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const o of r.objects) obj.run(...o);
    const own = this.s(`INSERT INTO owners(owner, obj) VALUES (?, ?)`);
    for (const o of r.owners) own.run(...o);
    const int = this.s(`INSERT INTO interned(id, h, json) VALUES (?, ?, ?)`);
    for (const o of r.interned) int.run(...o);
    const meta = this.s(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`);
    for (const [k, v] of r.meta) { meta.run(k, v); if (!this.dirtyMeta.has(k)) this.metaCache.delete(k); }
    // what this process remembered of the (empty) tables is stale
    this.clearObjects();
    this.forgetInterned();
    this.kindMap = null;
    this.rvNow = undefined; this.rvDirty = false;
    this.epoch++;
    this.changed = true;
  }
  /** One row, as format 1 returned it (its json made when read: prefer peek). */
  get(gr: string, ns: string, name: string): Row | undefined {
    const e = this.entry(gr, ns, name);
    const o = e.obj;
    if (!o) return undefined;
    return { gr, ns, name, uid: String(o.metadata?.uid ?? ''), rv: e.rv, get json() { return JSON.stringify(o); } };
  }
  /** Rows of one resource, as format 1 returned them (kept for callers outside the hot paths). */
  list(gr: string, ns?: string): Row[] {
    return this.listObjects(gr, ns).map(o => ({ gr, ns: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '', uid: o.metadata?.uid ?? '', rv: Number(o.metadata?.resourceVersion ?? 0), json: JSON.stringify(o) }));
  }
  /** How many objects of a resource a namespace holds. */
  count(gr: string, ns: string): number {
    this.flushObjects(gr);
    return (this.s(`SELECT count(*) AS n FROM objects WHERE gr=? AND ns=?`).get(gr, ns) as { n: number }).n;
  }
  /** Pods bound to one node; copies. */
  listByNode(gr: string, node: string): any[] {
    this.flushObjects(gr);
    const rows = this.s(`SELECT id, ns, name, uid, rv, json FROM objects WHERE gr=? AND node=? ORDER BY ns, name`).all(gr, node) as { id: number; ns: string; name: string; uid: string; rv: number; json: string }[];
    return rows.map(r => {
      const c = this.objs.get(gr, r.ns, r.name);
      return c && c.obj && c.id === r.id && c.rv === r.rv ? clone(c.obj) : this.decode(gr, r.ns, r.name, r.rv, r.json, r.uid);
    });
  }
  countByNode(gr: string, node: string): number {
    this.flushObjects(gr);
    return (this.s(`SELECT count(*) AS n FROM objects WHERE gr=? AND node=?`).get(gr, node) as { n: number }).n;
  }
  /** The stored object with this uid (events excepted), read-only. */
  peekByUid(uid: string): { gr: string; obj: any } | undefined {
    const c = this.byUidMap.get(uid);
    if (c && c.obj && c.obj.metadata?.uid === uid) return { gr: c.gr, obj: c.obj };
    const r = this.s(`SELECT id, gr, ns, name, rv, dkey, json FROM objects WHERE uid=? AND gr <> 'events'`).get(uid) as { id: number; gr: string; ns: string; name: string; rv: number; dkey: number | null; json: string } | undefined;
    if (!r) return undefined;
    const e = this.entry(r.gr, r.ns, r.name); // the cached version wins over the row
    return e.obj && e.obj.metadata?.uid === uid ? { gr: e.gr, obj: e.obj } : undefined;
  }
  /** Objects whose ownerReferences name this uid, in (resource, namespace, name) order: the owners index,
   *  with what this transaction changed and has not written yet. */
  dependents(ownerUid: string): { gr: string; ns: string; name: string }[] {
    const rows = this.s(`SELECT x.gr AS gr, x.ns AS ns, x.name AS name FROM owners o JOIN objects x ON x.id = o.obj WHERE o.owner=? ORDER BY x.gr, x.ns, x.name`).all(ownerUid) as { gr: string; ns: string; name: string }[];
    const pending = this.dirtyOwners.get(ownerUid);
    if (!this.dirtyObjs.size) return rows;
    const out = rows.filter(r => !this.objs.get(r.gr, r.ns, r.name)?.dirty);
    if (pending) {
      let added = false;
      for (const e of pending) {
        if (!e.dirty || !e.obj || !ownerUids(e.obj).includes(ownerUid)) continue;
        out.push({ gr: e.gr, ns: e.ns, name: e.name });
        added = true;
      }
      if (added) out.sort((a, b) => cmp(a.gr, b.gr) || cmp(a.ns, b.ns) || cmp(a.name, b.name));
    }
    return out;
  }
  namespacesInUse(ns: string): string[] {
    this.flushObjects();
    return (this.s(`SELECT DISTINCT gr FROM objects WHERE ns=?`).all(ns) as { gr: string }[]).map(r => r.gr);
  }

  // ---------------- events ----------------
  /** Events recorded under an aggregation key about an object (the recorder checks which one matches); read-only.
   *  The recorder names an event `<object name>.<time>`: the candidates are that object's events. */
  eventsByKey(dkey: number, ns: string, involvedName: string, involvedUid: string | undefined): any[] {
    // an object made in this transaction has only this transaction's events
    if (involvedUid && this.freshUids.has(involvedUid) && !this.txKeys.has(dkey)) return [];
    const names = new Set<string>(this.eventKeys.get(dkey) ?? []);
    for (const n of this.eventNamesOf(ns, involvedName).byKey.get(dkey) ?? []) names.add(n);
    const out: any[] = [];
    for (const n of names) {
      const e = this.entry('events', ns, n);
      if (e.obj && e.dkey === dkey) out.push(e.obj);
    }
    return out;
  }
  /** Delete the events that expired (an hour after their last occurrence) by `now`; how many. */
  gcEvents(now: number): number {
    const first = this.s(`SELECT min(exp) AS e FROM objects WHERE exp IS NOT NULL`).get() as { e: number | null };
    if (first.e === null || first.e > now) return 0;
    this.flushObjects('events');
    const rows = this.s(`SELECT id, ns, name FROM objects WHERE exp <= ? AND gr='events'`).all(now) as { id: number; ns: string; name: string }[];
    for (const r of rows) {
      this.objs.delete('events', r.ns, r.name);
    }
    const n = this.s(`DELETE FROM objects WHERE exp <= ? AND gr='events'`).run(now).changes;
    if (n) { this.changed = true; this.lists.clear(); this.eventKeys.clear(); this.eventNames.clear(); }
    return n;
  }

  // ---------------- watches ----------------
  /** A process watching a resource: from now on changes to it are logged (until the process is gone). */
  registerWatch(gr: string, pid: number): void {
    this.setMeta(`watch/${gr}/${pid}`, '1');
    this.watched?.add(gr);
  }
  private isWatched(gr: string): boolean {
    if (!this.watched) {
      const w = new Set<string>();
      const all = process.env.KCTL_CHANGE_LOG;
      if (all === 'all') w.add('*');
      for (const r of this.s(`SELECT key FROM meta WHERE key >= 'watch/' AND key < 'watch0'`).all() as { key: string }[]) {
        const m = r.key.match(/^watch\/(.+)\/(\d+)$/);
        if (!m) continue;
        if (isAlive(Number(m[2]))) w.add(m[1]!); else this.deleteMeta(r.key);
      }
      for (const [k, v] of this.metaCache) { const m = k.match(/^watch\/(.+)\/\d+$/); if (m && v) w.add(m[1]!); }
      this.watched = w;
    }
    return this.watched.has('*') || this.watched.has(gr);
  }
  private logChange(rv: number, type: ChangeType, gr: string, ns: string, name: string, obj: unknown): void {
    if (!this.isWatched(gr)) return;
    this.s(`INSERT INTO changes(rv, type, gr, ns, name, json) VALUES (?, ?, ?, ?, ?, ?)`).run(rv, type, gr, ns, name, JSON.stringify(obj));
  }
  changesSince(rv: number, gr: string): { rv: number; type: ChangeType; ns: string; name: string; json: string }[] {
    return this.s(`SELECT rv, type, ns, name, json FROM changes WHERE rv > ? AND gr = ? ORDER BY rv`).all(rv, gr) as any;
  }
  pruneChanges(keep: number): void {
    this.s(`DELETE FROM changes WHERE rv < (SELECT COALESCE(MAX(rv), 0) - ? FROM changes)`).run(keep);
  }

  // ---------------- timers ----------------
  // Timers live in memory during a transaction: those due by the catch-up's target are read once, changes
  // are kept and written at commit. Order is (due, id); a new timer sorts after every existing one, as a
  // new row's id does.
  private tkey(type: string, key: string): string { return `${type}\u0000${key}`; }
  private track(t: TimerEntry): TimerEntry {
    this.timers.set(this.tkey(t.type, t.key), t);
    this.timerById.set(t.id, t);
    return t;
  }
  /** Read every timer of a type (once per transaction: a type has as many rows as things pending). */
  private loadType(type: string): void {
    if (this.timerTypes.has(type)) return;
    this.timerTypes.add(type);
    for (const r of this.s(`SELECT id, due, key FROM timers WHERE type=?`).all(type) as { id: number; due: number; key: string }[]) {
      if (this.timers.has(this.tkey(type, r.key))) continue;
      this.track({ id: r.id, due: r.due, type, key: r.key, live: true, dirty: false, gen: 0, dbRow: 'yes', sameRow: true });
    }
  }
  private timerEntry(type: string, key: string): TimerEntry | undefined {
    this.loadType(type);
    return this.timers.get(this.tkey(type, key));
  }
  private newTimerId(): number {
    if (!this.nextTimerId) this.nextTimerId = ((this.s(`SELECT COALESCE(MAX(id), 0) AS m FROM timers`).get() as { m: number }).m) + 1;
    return this.nextTimerId++;
  }
  /** (Re)place a live timer in the in-memory order when its due time is within what was read. */
  private queueTimer(t: TimerEntry): void {
    t.gen = ++this.timerGen;
    if (t.due <= this.timersLoadedUpTo) heapPush(this.timerHeap, { id: t.id, due: t.due, gen: t.gen, t });
  }
  private setTimerDue(type: string, key: string, due: number, min: boolean): void {
    const t = this.timerEntry(type, key);
    if (t && t.live) {
      const d = min ? Math.min(t.due, due) : due;
      if (d === t.due) return;
      t.due = d; t.dirty = true; this.changed = true;
      this.queueTimer(t);
      return;
    }
    this.changed = true;
    if (t) this.timerById.delete(t.id);
    const n = this.track({ id: this.newTimerId(), due, type, key, live: true, dirty: true, gen: 0, dbRow: t ? t.dbRow : 'no', sameRow: false });
    this.queueTimer(n);
  }
  addTimer(due: number, type: string, key: string): void { this.setTimerDue(type, key, due, true); }
  setTimer(due: number, type: string, key: string): void { this.setTimerDue(type, key, due, false); }
  cancelTimer(type: string, key: string): void {
    const t = this.timerEntry(type, key);
    if (t && t.live) { t.live = false; t.dirty = true; this.changed = true; }
  }
  private loadTimers(upTo: number): void {
    const from = this.timersLoadedUpTo;
    if (upTo <= from) return;
    const rows = this.s(`SELECT id, due, type, key FROM timers WHERE due > ? AND due <= ?`).all(from === -Infinity ? -8.64e15 : from, upTo) as Timer[];
    this.timersLoadedUpTo = upTo;
    for (const r of rows) {
      if (this.timers.has(this.tkey(r.type, r.key))) continue; // changed in memory: that version counts
      this.track({ id: r.id, due: r.due, type: r.type, key: r.key, live: true, dirty: false, gen: 0, dbRow: 'yes', sameRow: true });
    }
    for (const t of this.timers.values()) if (t.live && t.due > from && t.due <= upTo) this.queueTimer(t);
  }
  /** The next timer due by upTo, in (due, id) order. */
  nextTimer(upTo: number): Timer | undefined {
    this.loadTimers(upTo);
    const h = this.timerHeap;
    while (h.length) {
      const top = h[0]!;
      const t = top.t;
      if (!t.live || t.gen !== top.gen) { heapPop(h); continue; }
      if (t.due > upTo) return undefined;
      return { id: t.id, due: t.due, type: t.type, key: t.key };
    }
    return undefined;
  }
  deleteTimer(id: number): void {
    const t = this.timerById.get(id);
    if (t && t.live) { t.live = false; t.dirty = true; this.changed = true; }
  }
  earliestTimer(): Timer | undefined {
    this.flushTimers();
    return this.s(`SELECT * FROM timers ORDER BY due, id LIMIT 1`).get() as Timer | undefined;
  }
  private flushTimers(): void {
    const dirty = [...this.timers.values()].filter(t => t.dirty);
    if (!dirty.length) return;
    const delKey = this.s(`DELETE FROM timers WHERE type=? AND key=?`);
    const upd = this.s(`UPDATE timers SET due=? WHERE id=?`);
    const ins = this.s(`INSERT INTO timers(due, type, key) VALUES (?, ?, ?)`);
    // removals first, then moves, then new timers in the order they were made (their ids keep that order)
    const fresh: TimerEntry[] = [];
    for (const t of dirty) {
      t.dirty = false;
      if (!t.live) { if (t.dbRow !== 'no') delKey.run(t.type, t.key); t.dbRow = 'no'; t.sameRow = false; continue; }
      if (t.sameRow) { upd.run(t.due, t.id); continue; }
      if (t.dbRow !== 'no') delKey.run(t.type, t.key);
      fresh.push(t);
    }
    fresh.sort((a, b) => a.id - b.id);
    for (const t of fresh) {
      this.timerById.delete(t.id);
      t.id = Number(ins.run(t.due, t.type, t.key).lastInsertRowid);
      t.dbRow = 'yes'; t.sameRow = true;
      this.timerById.set(t.id, t);
    }
    if (fresh.length) {
      // new ids: the in-memory order is rebuilt with them
      this.nextTimerId = 0;
      this.timerHeap = [];
      for (const t of this.timers.values()) if (t.live && t.due <= this.timersLoadedUpTo) this.queueTimer(t);
    }
  }

  // ---------------- the container runtime's state (src/runtime) ----------------
  private rtReady = false;
  private rt(write = false): void {
    if (write) this.changed = true;
    if (this.rtReady) return;
    this.db.exec(RUNTIME_DDL);
    this.rtReady = true;
  }
  // (a container's state, log batches and whole layers are stored compressed: src/api/pack.ts)
  rtState(id: string): string | undefined {
    this.rt();
    const r = this.s(`SELECT json FROM rt_state WHERE id=?`).get(id) as { json: string | Buffer } | undefined;
    return r === undefined ? undefined : unpack(r.json, id);
  }
  /** `shared`: a text that does not name its row and that many rows hold (packed once for all of them). */
  rtPutState(id: string, json: string | undefined, shared = false): void {
    this.rt(true);
    if (json === undefined) this.s(`DELETE FROM rt_state WHERE id=?`).run(id);
    else this.s(`INSERT INTO rt_state(id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json=excluded.json`).run(id, shared ? pack(json, Dict.SharedState) : pack(json, Dict.State, id));
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
    this.rt(true);
    if (node === undefined) this.s(`DELETE FROM rt_files WHERE vol=? AND path=?`).run(vol, path);
    else this.s(`INSERT INTO rt_files(vol, path, node) VALUES (?, ?, ?) ON CONFLICT(vol, path) DO UPDATE SET node=excluded.node`).run(vol, path, node);
  }
  /** Every file of a layer (a volume, a container's writable layer): the files table's rows, and a layer that
   *  is stored whole (a generated volume: the kubelet writes all of it at once), as JSON [[path, node], ...]. */
  rtDropFiles(vol: string): void {
    this.rt(true);
    this.s(`DELETE FROM rt_files WHERE vol=?`).run(vol);
    this.s(`DELETE FROM rt_layers WHERE vol=?`).run(vol);
  }
  /** A layer stored whole (JSON [[path, node], ...]), if it is. `owner`: the uid of the object the layer belongs
   *  to, when it can have none before that object exists (a pod's volume): an object created in this transaction
   *  then needs no lookup, unless the layer was written in it. */
  rtLayer(vol: string, owner?: string): string | undefined {
    if (owner !== undefined && this.freshUids.has(owner) && !this.txLayers.has(vol)) return undefined;
    this.rt();
    const r = this.s(`SELECT files FROM rt_layers WHERE vol=?`).get(vol) as { files: string | Buffer } | undefined;
    return r === undefined ? undefined : unpack(r.files);
  }
  /** Layers written in this transaction (see rtLayer). */
  private txLayers = new Set<string>();
  /** Store a layer whole (its rows in the files table go, when it has some); undefined: the layer is no longer
   *  stored whole. */
  rtPutLayer(vol: string, files: string | undefined, hadRows = true): void {
    this.rt(true);
    this.txLayers.add(vol);
    if (files === undefined) { this.s(`DELETE FROM rt_layers WHERE vol=?`).run(vol); return; }
    if (hadRows) this.s(`DELETE FROM rt_files WHERE vol=?`).run(vol);
    this.s(`INSERT INTO rt_layers(vol, files) VALUES (?, ?) ON CONFLICT(vol) DO UPDATE SET files=excluded.files`).run(vol, pack(files, Dict.Layer));
  }
  rtAppendLog(cid: string, seq: number, ts: number, s: number, d: string): void {
    this.rt(true);
    this.s(`INSERT INTO rt_logs(cid, seq, ts, s, d) VALUES (?, ?, ?, ?, ?)`).run(cid, seq, ts, s, pack(d, Dict.Log));
  }
  rtLog(cid: string): { seq: number; ts: number; s: number; d: string }[] {
    this.rt();
    return logRows(this.s(`SELECT seq, ts, s, d FROM rt_logs WHERE cid=? ORDER BY seq`).all(cid) as LogRow[]);
  }
  /** A container's log rows from the newest back, in batches (kubectl logs --tail reads only what it prints). */
  *rtLogRev(cid: string): Generator<{ seq: number; ts: number; s: number; d: string }> {
    this.rt();
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const rows = logRows(this.s(`SELECT seq, ts, s, d FROM rt_logs WHERE cid=? AND seq < ? ORDER BY seq DESC LIMIT 256`).all(cid, before) as LogRow[]);
      if (!rows.length) return;
      yield* rows;
      before = rows[rows.length - 1]!.seq;
    }
  }
  /** A container's log rows after `seq`, oldest first (kubectl logs -f). */
  rtLogAfter(cid: string, seq: number): { seq: number; ts: number; s: number; d: string }[] {
    this.rt();
    return logRows(this.s(`SELECT seq, ts, s, d FROM rt_logs WHERE cid=? AND seq > ? ORDER BY seq`).all(cid, seq) as LogRow[]);
  }
  /** Rewrite one log row (the kubelet's rotation cutting into a virtual segment). */
  rtUpdateLog(cid: string, seq: number, ts: number, d: string): void {
    this.rt(true);
    this.s(`UPDATE rt_logs SET ts=?, d=? WHERE cid=? AND seq=?`).run(ts, pack(d, Dict.Log), cid, seq);
  }
  rtLastLogSeq(cid: string): number {
    this.rt();
    return (this.s(`SELECT COALESCE(MAX(seq), 0) AS n FROM rt_logs WHERE cid=?`).get(cid) as { n: number }).n;
  }
  rtDropLog(cid: string, beforeSeq?: number): void {
    this.rt(true);
    if (beforeSeq === undefined) this.s(`DELETE FROM rt_logs WHERE cid=?`).run(cid);
    else this.s(`DELETE FROM rt_logs WHERE cid=? AND seq < ?`).run(cid, beforeSeq);
  }
}

type LogRow = { seq: number; ts: number; s: number; d: string | Buffer };
/** Log rows with their text (a batch is stored compressed). */
function logRows(rows: LogRow[]): { seq: number; ts: number; s: number; d: string }[] {
  for (const r of rows) if (typeof r.d !== 'string') r.d = unpack(r.d);
  return rows as { seq: number; ts: number; s: number; d: string }[];
}

/** Entries by resource, namespace and name (nested maps: no key strings built per lookup). */
class ObjMap {
  private m = new Map<string, Map<string, Map<string, Entry>>>();
  size = 0;
  get(gr: string, ns: string, name: string): Entry | undefined { return this.m.get(gr)?.get(ns)?.get(name); }
  set(e: Entry): void {
    let a = this.m.get(e.gr);
    if (!a) this.m.set(e.gr, (a = new Map()));
    let b = a.get(e.ns);
    if (!b) a.set(e.ns, (b = new Map()));
    if (!b.has(e.name)) this.size++;
    b.set(e.name, e);
  }
  delete(gr: string, ns: string, name: string): void {
    const b = this.m.get(gr)?.get(ns);
    if (b?.delete(name)) this.size--;
  }
  clear(): void { this.m.clear(); this.size = 0; }
  *values(): IterableIterator<Entry> { for (const a of this.m.values()) for (const b of a.values()) yield* b.values(); }
  /** Drop the entries (of one resource, or all) that pred accepts. */
  dropWhere(gr: string | undefined, pred: (e: Entry) => boolean): void {
    for (const [g, a] of this.m) {
      if (gr !== undefined && g !== gr) continue;
      for (const b of a.values()) for (const [n, e] of b) if (pred(e)) { b.delete(n); this.size--; }
    }
  }
}

function addName(rec: { names: Map<string, number | null>; byKey: Map<number, Set<string>> }, name: string, dkey: number | null): void {
  rec.names.set(name, dkey);
  if (dkey === null) return;
  let set = rec.byKey.get(dkey);
  if (!set) rec.byKey.set(dkey, (set = new Set()));
  set.add(name);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// a binary heap of timers by (due, id); an entry whose gen is no longer its timer's is stale and skipped
interface HeapItem { id: number; due: number; gen: number; t: TimerEntry }
const before = (a: HeapItem, b: HeapItem) => a.due < b.due || (a.due === b.due && a.id < b.id);
function heapPush(h: HeapItem[], x: HeapItem): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(h[i]!, h[p]!)) break;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
}
function heapPop(h: HeapItem[]): void {
  const last = h.pop()!;
  if (!h.length) return;
  h[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < h.length && before(h[l]!, h[m]!)) m = l;
    if (r < h.length && before(h[r]!, h[m]!)) m = r;
    if (m === i) break;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
}

/** An object (a copy of its own) without its managedFields. */
function withoutManaged(o: any): any {
  if (o?.metadata && o.metadata.managedFields !== undefined) delete o.metadata.managedFields;
  return o;
}
