// The default cluster, prebuilt, so that a first invocation takes a few milliseconds instead of a bootstrap.
// The build (scripts/build.mjs) runs the bootstrap once, at a fixed instant with a fixed seed, and keeps what
// it wrote (dist/default-cluster.json) together with the random draws it made (uuids, name suffixes, hex ids).
// A first invocation replays those draws with its own seed and moves every timestamp to its own now: the same
// rows and meta a bootstrap with that seed at that instant writes (verifyTemplate checks it, at build time and in
// test/template.test.mjs), without running the API server, the controllers or the kubelet.
import fs from 'node:fs';
import path from 'node:path';
import { Store, eventKeyHash, type Timer, type StoredRows } from '../api/store';
import { eventKeyText } from '../api/server';
import type { CoreV1Event } from '../api/k8s';
import { Rng } from '../sim/rng';
import { toISO } from '../sim/clock';
import { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { DEFAULT_CLUSTER } from './home';

declare const KCTL_BUILD_ID: string | undefined;
/** The build that made this bundle (a template from another build is ignored). */
const BUILD_ID = typeof KCTL_BUILD_ID === 'string' ? KCTL_BUILD_ID : 'dev';
const TEMPLATE_FILE = 'default-cluster.json';

type Call = [method: 'uuid' | 'suffix' | 'hex', arg: number | null, out: string];
/** A text cut where a draw or an instant of the bootstrap stands: as it is, or parts (text, or the index of the
 *  original in `keys`) that a first invocation joins with its own draws and instants in place. */
type Cut = string | (string | number)[];
export interface Template {
  build: string;
  t0: number;
  seed: number;
  port: number;
  calls: Call[];
  events: number;
  /** Each object's JSON cut (the build's form, checked against `stored`; not shipped). */
  rows?: { gr: string; ns: string; name: string; rv: number; dkey: boolean; parts: (string | number)[] }[];
  keys: string[];
  /** The meta the objects' rows go with (`rows` only). */
  meta?: [string, string][];
  /** The database's rows as the store writes them (Store.storedRows), cut: what a first invocation writes.
   *  An event's aggregation key as the text it hashes, and its expiry as an offset from t0. */
  stored: {
    objects: [id: number, gr: string, ns: Cut, name: Cut, uid: Cut, rv: number, node: Cut | null, dkey: Cut | null, exp: number | null, json: Cut][];
    owners: [owner: Cut, obj: number][];
    interned: [id: number, json: Cut][];
    meta: [key: Cut, value: Cut][];
    /** Pending timers: due `offset` after now, or (grid) at the first multiple of `grid` after now + offset - grid. */
    timers: { offset: number; grid?: number; type: string; key: Cut }[];
  };
}

/** 2000-01-01T00:00:00Z: a whole second, far from any real now (its formats cannot be mistaken). */
const T0 = Date.UTC(2000, 0, 1);
const SEED0 = 0x2c6f15a3;
/** Meta the template does not carry: set for each cluster, or written by the store itself. */
const OWN_META = /^(rng|clock_frozen|clock_offset|last_tick|schema|written_by|kind\/.*)$/;

/** Bootstrap the default cluster at `now` with `seed`, watching the random draws (a build-time step). */
function bootstrapAt(now: number, seed: number, calls?: Call[]): { store: Store; port: number } {
  const store = new Store(':memory:', { create: true, memory: true });
  store.begin();
  store.setMeta('clock_frozen', String(now));
  store.setMeta('rng', String(seed));
  let draws = 0, logged = 0, depth = 0;
  const { buildCluster } = require('./clusters') as typeof import('./clusters');
  const port = buildCluster(store, DEFAULT_CLUSTER, undefined, rt => {
    if (!calls) return;
    const r = rt.rng as any;
    const next = r.next.bind(r);
    r.next = () => { draws++; return next(); };
    for (const m of ['uuid', 'suffix', 'hex'] as const) {
      const f = r[m].bind(r);
      r[m] = (n?: number) => {
        const before = draws;
        depth++;
        try {
          const out = f(n);
          if (depth === 1) { calls.push([m, n ?? null, out]); logged += draws - before; }
          return out;
        } finally { depth--; }
      };
    }
  });
  if (calls && draws !== logged) throw new Error('the bootstrap draws random numbers outside uuid/suffix/hex: no template');
  store.commit();
  return { store, port };
}

/** Timer periods a controller may align a due time to (the node monitor's 5 s passes, and so on). */
const GRIDS = [1000, 5000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 3_600_000];
const onGrid = (now: number, offset: number, grid: number) => (Math.floor((now + offset - grid) / grid) + 1) * grid;

/** The template (the build calls this). */
export function makeTemplate(build: string = BUILD_ID): Template {
  const calls: Call[] = [];
  const { store, port } = bootstrapAt(T0, SEED0, calls);
  // how each timer's due follows the clock: a bootstrap at an instant off every grid tells
  const T1 = T0 + 1234;
  const other = bootstrapAt(T1, SEED0);
  try {
    const d = store.dump();
    const dues1 = new Map(other.store.dump().timers.map(t => [`${t.type}\u0000${t.key}`, t.due]));
    const timers = d.timers.map(t => {
      const offset = t.due - T0;
      const due1 = dues1.get(`${t.type}\u0000${t.key}`);
      if (due1 === T1 + offset) return { offset, type: t.type, key: t.key };
      const grid = GRIDS.find(g => due1 === onGrid(T1, offset, g));
      if (!grid) throw new Error(`template: the timer ${t.type} ${t.key} follows the clock in a way it cannot replay`);
      return { offset, grid, type: t.type, key: t.key };
    });
    const events = Number(d.meta.find(([k]) => k === 'event_seq')?.[1] ?? 0);
    const cut = cutter(movable(calls, T0, events));
    const t: Template = {
      build, t0: T0, seed: SEED0, port, calls, events,
      rows: d.rows.map(r => ({ gr: r.gr, ns: r.ns, name: r.name, rv: r.rv, dkey: r.dkey !== null, parts: cut.parts(JSON.stringify(r.obj)) })),
      keys: cut.keys,
      meta: d.meta.filter(([k]) => !OWN_META.test(k)),
      stored: { objects: [], owners: [], interned: [], meta: [], timers: timers.map(x => ({ ...x, key: cutText(cut, x.key) })) },
    };
    // the stored form: the rows these objects are written as (by the store itself, at t0 with the template's own
    // draws), cut in the same places
    const made = storeWith(T0, s => instantiateRows(t, s, T0, SEED0));
    try {
      // what the default user may do, worked out as the first request of a new cluster would (the RBAC memo,
      // good while no RBAC object changes): the first `get` reads it instead of every binding and role
      made.begin();
      const { authorize } = require('../api/rbac/authorizer') as typeof import('../api/rbac/authorizer');
      const { certificateUser } = require('../api/rbac/identity') as typeof import('../api/rbac/identity');
      const api = new Runtime(made).api;
      for (const namespace of ['', 'default']) authorize(api, { user: certificateUser(undefined), verb: 'list', apiGroup: '', resource: 'pods', namespace });
      made.keepMemos();
      made.commit();
      const raw = made.storedRows();
      const keyOf = new Map(made.dump().rows.filter(r => r.dkey !== null).map(r => [`${r.gr}/${r.ns}/${r.name}`, eventKeyOf(r.obj)]));
      const c = (text: string) => cutText(cut, text);
      t.stored.objects = raw.objects.map(([id, gr, ns, name, uid, rv, node, dkey, exp, json]) => {
        const key = dkey === null ? null : keyOf.get(`${gr}/${ns}/${name}`);
        if (key !== null && (key === undefined || eventKeyHash(key) !== dkey)) throw new Error(`template: the aggregation key of ${gr} ${ns}/${name} is not what its event hashes`);
        return [id, gr, c(ns), c(name), c(uid), rv, node === null ? null : c(node), key === null ? null : c(key), exp === null ? null : exp - T0, c(json)];
      });
      t.stored.owners = raw.owners.map(([o, id]) => [c(o), id]);
      t.stored.interned = raw.interned.map(([id, h, json]) => {
        if (eventKeyHash(json) !== h) throw new Error('template: an interned value is not what its hash says');
        return [id, c(json)];
      });
      t.stored.meta = raw.meta.filter(([k]) => !STORED_OWN_META.test(k)).map(([k, v]) => [c(k), c(v)]);
      t.keys = cut.keys;
    } finally { made.close(); }
    return t;
  } finally { store.close(); other.store.close(); }
}
/** A text as the template keeps it: as it is when nothing in it moves, else its parts. */
function cutText(cut: { parts(text: string): (string | number)[] }, text: string): Cut {
  const p = cut.parts(text);
  return p.length === 1 && typeof p[0] === 'string' ? p[0] : p;
}
/** The text a stored event's aggregation key hashes (the event recorder's, from what the event says). */
const eventKeyOf = (obj: CoreV1Event) => eventKeyText(obj.involvedObject?.uid, obj.involvedObject?.fieldPath, obj.type, obj.reason, obj.message, obj.source);
const AUTHZ_MEMO = /^authz\//;
/** Meta a stored template does not carry: set for each cluster, or by the store when it lays a database out. */
const STORED_OWN_META = /^(rng|clock_frozen|clock_offset|last_tick|schema|written_by)$/;

/** The template this build wrote beside the bundle, if any. */
export function loadTemplate(): Template | undefined {
  try {
    const t = JSON.parse(fs.readFileSync(path.join(__dirname, TEMPLATE_FILE), 'utf8')) as Template;
    return t.build === BUILD_ID ? t : undefined;
  } catch { return undefined; }
}

const micro = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const seen = (ms: number) => new Date(ms).toISOString().replace('Z', '000000Z');
const eventHex = (ms: number, seq: number) => (BigInt(ms) * 1000000n + BigInt(seq)).toString(16);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const STAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;
const RUN = /[0-9a-z]+/g;

/** What a first invocation moves: the bootstrap's draws and its instants in every form they are written in. */
function movable(calls: Call[], t0: number, events: number): Set<string> {
  const keys = new Set<string>(calls.map(c => c[2]));
  for (const f of [toISO, micro, seen]) keys.add(f(t0));
  keys.add(String(t0));
  for (let seq = 1; seq <= events; seq++) keys.add(eventHex(t0, seq));
  return keys;
}
/** Cuts texts where a movable string stands, found as instantiate's substitutions once found them (uuids, then
 *  timestamps, then runs of letters and digits); keys collects the strings cut out. */
function cutter(movable: Set<string>): { keys: string[]; parts(text: string): (string | number)[] } {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const idOf = (k: string) => { let i = index.get(k); if (i === undefined) { index.set(k, i = keys.length); keys.push(k); } return i; };
  const split = (pieces: (string | number)[], re: RegExp) => pieces.flatMap(p => {
    if (typeof p !== 'string') return [p];
    const out: (string | number)[] = [];
    let last = 0;
    for (const m of p.matchAll(re)) {
      if (!movable.has(m[0])) continue;
      if (m.index! > last) out.push(p.slice(last, m.index));
      out.push(idOf(m[0]));
      last = m.index! + m[0].length;
    }
    if (last < p.length) out.push(p.slice(last));
    return out;
  });
  return { keys, parts: text => split(split(split([text], UUID), STAMP), RUN) };
}

/** The draws of a first invocation with `seed` at `now` (a whole second), in place of the bootstrap's: each
 *  key's new text, the generator's state after them, and a substitution for any text. */
function replay(t: Template, now: number, seed: number): { vals: string[]; rngState: string | undefined; sub: (s: string) => string } {
  let rngState: string | undefined;
  let flush: (() => void) | undefined;
  const fake = {
    getMeta: (k: string) => (k === 'rng' ? String(seed) : undefined),
    setMeta: (k: string, v: string) => { if (k === 'rng') rngState = v; },
    participate: (p: { flush(): void }) => { flush = () => p.flush(); },
  };
  const rng = new Rng(fake as unknown as Store);
  const map = new Map<string, string>();
  for (const [m, n, out] of t.calls) {
    const v = m === 'uuid' ? rng.uuid() : m === 'suffix' ? rng.suffix(n ?? 5) : rng.hex(n!);
    if (map.has(out) && map.get(out) !== v) throw new Error('template: a repeated draw');
    map.set(out, v);
  }
  flush?.();
  // the same instants, moved
  for (const f of [toISO, micro, seen]) map.set(f(t.t0), f(now));
  map.set(String(t.t0), String(now)); // the instant as milliseconds (the kubelet's own records)
  for (let seq = 1; seq <= t.events; seq++) map.set(eventHex(t.t0, seq), eventHex(now, seq));
  const sub = (s: string) => s.replace(UUID, x => map.get(x) ?? x).replace(STAMP, x => map.get(x) ?? x).replace(RUN, x => map.get(x) ?? x);
  return { vals: t.keys.map(k => map.get(k) ?? k), rngState, sub };
}

/** A cut text with this cluster's draws and instants in place. */
function joinCut(c: Cut, vals: string[]): string {
  if (typeof c === 'string') return c;
  let s = '';
  for (const p of c) s += typeof p === 'number' ? vals[p] : p;
  return s;
}

const ENDPOINT_SLICES = 'endpointslices.discovery.k8s.io';
/** The one order that follows names: a slice's endpoints are in pod name order (the EndpointSlice controller). */
function sortEndpoints(obj: any): boolean {
  if (!Array.isArray(obj?.endpoints) || !obj.endpoints.every((e: any) => typeof e?.targetRef?.name === 'string')) return false;
  obj.endpoints.sort((a: any, b: any) => (a.targetRef.name < b.targetRef.name ? -1 : 1));
  return true;
}

/**
 * Write the template's cluster into a store (inside its transaction, a new database) as a bootstrap at `now` (a
 * whole second) would, with the seed a first invocation uses; returns the cluster's port. The rows are written
 * in their stored form, with this cluster's draws and instants in place (no object is decoded or encoded).
 */
export function instantiate(t: Template, store: Store, now: number, seed = (Date.now() ^ (process.pid << 16)) >>> 0): number {
  const { vals, rngState } = replay(t, now, seed);
  const text = (c: Cut) => joinCut(c, vals);
  const st = t.stored;
  const objects: StoredRows['objects'] = st.objects.map(([id, gr, ns, name, uid, rv, node, key, exp, json]) => {
    let j = text(json);
    if (gr === ENDPOINT_SLICES) { const o = JSON.parse(j); if (sortEndpoints(o)) j = JSON.stringify(o); }
    return [id, gr, text(ns), text(name), text(uid), rv, node === null ? null : text(node), key === null ? null : eventKeyHash(text(key)), exp === null ? null : now + exp, j];
  });
  store.loadStoredRows({
    objects,
    owners: st.owners.map(([o, id]) => [text(o), id]),
    interned: st.interned.map(([id, json]) => { const j = text(json); return [id, eventKeyHash(j), j]; }),
    meta: st.meta.map(([k, v]) => [text(k), text(v)]),
  });
  if (rngState !== undefined) store.setMeta('rng', rngState);
  store.setMeta('last_tick', String(now));
  for (const tm of st.timers) store.addTimer(tm.grid ? onGrid(now, tm.offset, tm.grid) : now + tm.offset, tm.type, text(tm.key));
  store.packMeta = false;
  // The containers' processes are not written here (the template carries none: their records hold instants and
  // ids in forms it cannot move, such as the service account tokens in their volumes and the times in their
  // logs): the container runtime adopts a Running container it has no record of when it is first needed
  // (src/runtime/cri.ts), as it started at its startedAt: the same processes, volumes and logs the bootstrap
  // made, whenever that is (verifyTemplate checks it). A first invocation writes none of them.
  return t.port;
}

/** The template's objects written through the store, each decoded and encoded (how the build makes the stored
 *  form, and what verifyTemplate checks it against). */
function instantiateRows(t: Template, store: Store, now: number, seed: number): void {
  if (!t.rows || !t.meta) throw new Error('template: no rows (a shipped template has only its stored form)');
  const { vals, rngState, sub } = replay(t, now, seed);
  for (const r of t.rows) {
    let json = '';
    for (const p of r.parts) json += typeof p === 'number' ? vals[p] : p;
    const obj = JSON.parse(json);
    if (r.gr === ENDPOINT_SLICES) sortEndpoints(obj);
    store.putObject(r.gr, sub(r.ns), sub(r.name), r.rv, obj, 'ADDED', r.dkey ? { dkey: eventKeyHash(eventKeyOf(obj)) } : {});
  }
  for (const [k, v] of t.meta) store.setMeta(sub(k), sub(v));
  if (rngState !== undefined) store.setMeta('rng', rngState);
  store.setMeta('last_tick', String(now));
  for (const tm of t.stored.timers) store.addTimer(tm.grid ? onGrid(now, tm.offset, tm.grid) : now + tm.offset, tm.type, joinCut(tm.key, vals));
  store.packMeta = false;
}

/** Adopt every Running container of the cluster now and look into every volume (verifyTemplate: what the runtime
 *  makes of them on first use). */
function startContainers(store: Store): void {
  const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
  const rt = new Runtime(store);
  const cri = ContainerRuntime.of(rt);
  // (the containers are found first, read-only, then adopted)
  const running: [uid: string, cid: string][] = [];
  const volumes: string[] = [];
  store.eachObject('pods', undefined, (pod: KObject) => {
    for (const v of pod.spec?.volumes ?? []) volumes.push(`pod:${pod.metadata.uid}:${v.name}`);
    const st = pod.status ?? {};
    for (const cs of [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])]) {
      if (cs.state?.running && cs.containerID) running.push([pod.metadata.uid!, String(cs.containerID).replace(/^containerd:\/\//, '')]);
    }
  });
  for (const [uid, cid] of running) cri.box(uid, cid);
  // (and every volume looked into: one set up without its files gets them, as they were then)
  for (const id of volumes) void cri.layers.get(id).files;
  cri.flush();
}

/** Whether the template, instantiated at `now` with `seed`, is what the bootstrap itself writes (undefined)
 *  or the first difference. */
export function verifyTemplate(t: Template, now: number, seed: number): string | undefined {
  const real = bootstrapAt(now, seed);
  let made: Store | undefined;
  try {
    made = storeWith(now, s => instantiate(t, s, now, seed));
    // the stored form: byte for byte the rows the store writes for the template's objects (when the template
    // still has them: the build's)
    if (t.rows) {
      const viaRows = storeWith(now, s => instantiateRows(t, s, now, seed));
      try {
        const x = viaRows.storedRows(), y = made.storedRows();
        for (const k of ['objects', 'owners', 'interned', 'meta'] as const) {
          // (the template's RBAC memo aside: derived, and checked by the first request that reads it)
          const rx = x[k].filter(r => !AUTHZ_MEMO.test(String(r[0]))).map(r => JSON.stringify(r)), ry = y[k].filter(r => !AUTHZ_MEMO.test(String(r[0]))).map(r => JSON.stringify(r));
          for (let i = 0; i < Math.max(rx.length, ry.length); i++) if (rx[i] !== ry[i]) return `stored ${k} differ:\n${rx[i]}\n${ry[i]}`;
        }
      } finally { viaRows.close(); }
    }
    // the containers, adopted an hour later than the bootstrap started them: the same records (the bootstrap's
    // own containers whose start it deferred are made then too: src/runtime/cri.ts start)
    for (const st of [made, real.store]) {
      st.begin();
      st.setMeta('clock_frozen', String(now + 3_600_000));
      startContainers(st);
      st.setMeta('clock_frozen', String(now));
      st.commit();
    }
    const a = real.store.dump(), b = made.dump();
    const key = (r: { gr: string; ns: string; name: string }) => `${r.gr}/${r.ns}/${r.name}`;
    const rowsA = new Map(a.rows.map(r => [key(r), r])), rowsB = new Map(b.rows.map(r => [key(r), r]));
    for (const [k, r] of rowsA) {
      const o = rowsB.get(k);
      if (!o) return `missing ${k}`;
      if (JSON.stringify(o.obj) !== JSON.stringify(r.obj)) return `differs: ${k}\n${JSON.stringify(r.obj)}\n${JSON.stringify(o.obj)}`;
      if (o.dkey !== r.dkey || o.rv !== r.rv) return `differs (rv/dkey): ${k}`;
    }
    if (rowsA.size !== rowsB.size) return `${rowsB.size} objects instead of ${rowsA.size}`;
    // (the write counters count transactions, which a bootstrap and the template's one differ in: only their
    // changes matter, see Store.signature)
    const meta = (m: [string, string][]) => JSON.stringify(m.filter(([k]) => !/^(clock_offset|kind\/.*|written\/.*)$/.test(k) && !AUTHZ_MEMO.test(k)).sort());
    if (meta(a.meta) !== meta(b.meta)) return `meta differs:\n${meta(a.meta)}\n${meta(b.meta)}`;
    if (JSON.stringify(a.timers.map(strip)) !== JSON.stringify(b.timers.map(strip))) return 'timers differ';
    // the containers' processes, files and logs: the ones the runtime made when it adopted the containers
    const ta = Object.keys(a.other).sort().join(','), tb = Object.keys(b.other).sort().join(',');
    if (ta !== tb) return `runtime tables differ: ${ta} / ${tb}`;
    for (const k of Object.keys(a.other)) {
      const ra = a.other[k]!, rb = b.other[k]!;
      for (let i = 0; i < Math.max(ra.length, rb.length); i++) if (ra[i] !== rb[i]) return `${k} differs:\n${ra[i]}\n${rb[i]}`;
    }
    return undefined;
  } finally { real.store.close(); made?.close(); }
}
/** A new in-memory store holding what `fill` wrote in one transaction, the clock standing at `now`. */
function storeWith(now: number, fill: (s: Store) => void): Store {
  const s = new Store(':memory:', { create: true, memory: true });
  try {
    s.begin();
    s.setMeta('clock_frozen', String(now));
    fill(s);
    s.commit();
    return s;
  } catch (e) { s.close(); throw e; }
}
const strip = (x: Timer) => [x.due, x.type, x.key];
