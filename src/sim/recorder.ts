// A component's event recorder, as client-go's EventCorrelator treats what a recorder emits
// (tools/record/events_cache.go): the aggregator (more than 10 messages differing only in text for one
// reason within 10 minutes become "(combined from similar events): …"), the logger (a repeat of an event
// raises its count; the count lives in the recorder, so repeats that were filtered still count when the
// next one is written), and the spam filter (a token bucket per source and object: 25 events at once, then
// one every 5 minutes). That is why a pod crash-looping for hours shows `BackOff … (x80 over 3h)` with a
// "last seen" that lags, and why a ReplicaSet scaled to 1,000 shows nine "Created pod" events and one
// "(combined from similar events)" counted up to 16, not a thousand. The kubelet's recorder of each pod
// (src/kubelet/recorder.ts) and the controller manager's of each object (src/controllers/recorder.ts) go
// through one; the scheduler records through the events/v1 library, which has none (and a few one-off events,
// the kubelet's about its node, are written as they are). The recorder's memory is its component's: JSON in the
// store's meta table, under a key of the object's uid, dropped when the object goes.
import type { Runtime } from './runtime';
import type { KObject } from '../api/types';
import { toISO } from './clock';

type EvType = 'Normal' | 'Warning';
const BURST = 25;
const QPS = 1 / 300; // tokens per second
const AGG_MAX = 10;
const AGG_WINDOW = 600_000;
const AGG_PREFIX = '(combined from similar events): ';
const MAX_KEYS = 300;

interface State {
  /** Token buckets (by event type for the kubelet's: see Recorder): tokens and when they were counted. */
  b: Record<string, { t: number; at: number }>;
  /** The logger's cache: event key → count and first time. */
  k: Record<string, { n: number; f: string }>;
  /** The aggregator: reason key → messages seen and when last. */
  a: Record<string, { m: string[]; at: number }>;
}

/** Who records: the event's source, and how its spam filter keys its buckets. */
export interface RecorderSource {
  component: string;
  host?: string;
  /** One bucket per event type (the kubelet's recorder, as kctl has always kept it) instead of client-go's
   *  one per source and object. */
  bucketByType?: boolean;
}

export class Recorder {
  private st: State | undefined;
  private dirty = false;
  /** The logger's newest key, and how many it holds (counted once the first key is added). */
  private lastKey: string | undefined;
  private nKeys: number | undefined;
  /** `key`: the meta key of its memory. */
  constructor(private rt: Runtime, private involved: KObject, private source: RecorderSource, private key: string) {}

  private state(): State {
    if (!this.st) {
      const raw = this.rt.store.getMeta(this.key);
      this.st = raw ? JSON.parse(raw) as State : { b: {}, k: {}, a: {} };
    }
    return this.st;
  }

  private bucket(type: EvType): string { return this.source.bucketByType ? type : '*'; }
  /** Tokens in a bucket at `now`. */
  private tokens(type: EvType, now: number): number {
    const b = this.state().b[this.bucket(type)];
    if (!b) return BURST;
    return Math.min(BURST, b.t + ((now - b.at) / 1000) * QPS);
  }
  /** When the bucket of `type` holds a whole token again (now, if it does). */
  tokenAt(type: EvType): number {
    const now = this.rt.clock.now();
    const t = this.tokens(type, now);
    return t >= 1 ? now : now + Math.ceil(((1 - t) / QPS) * 1000);
  }

  /** The aggregator: the message and logger key this occurrence counts under. */
  private aggregate(type: EvType, reason: string, message: string, fieldPath: string, at: number): { message: string; key: string } {
    const st = this.state();
    const aggKey = `${type}\u0000${reason}`;
    let rec = st.a[aggKey];
    if (!rec || at - rec.at > AGG_WINDOW) rec = { m: [], at };
    if (!rec.m.includes(message)) rec.m.push(message);
    rec.at = at;
    st.a[aggKey] = rec;
    if (rec.m.length < AGG_MAX) return { message, key: `${fieldPath}\u0000${type}\u0000${reason}\u0000${message}` };
    rec.m.shift();
    // the combined event has no field path: the aggregate copies the involved object of the newest event,
    // but its cache key is the reason's
    return { message: AGG_PREFIX + message, key: `\u0001${aggKey}` };
  }

  /** Record one event: counted, and written unless the spam filter holds it back. Returns whether it was written. */
  event(type: EvType, reason: string, message: string, fieldPath = ''): boolean {
    const now = this.rt.clock.now();
    const st = this.state();
    this.dirty = true;
    const agg = this.aggregate(type, reason, message, fieldPath, now);
    const seen = st.k[agg.key];
    const n = (seen?.n ?? 0) + 1;
    const first = seen?.f ?? toISO(now);
    if (seen && agg.key === this.lastKey) seen.n = n; // (the most recent already: it stays last)
    else {
      if (seen) delete st.k[agg.key];
      else this.nKeys = (this.nKeys ?? Object.keys(st.k).length) + 1;
      st.k[agg.key] = { n, f: first }; // most recent last, for trimming
      this.lastKey = agg.key;
      if (this.nKeys! > MAX_KEYS) {
        const keys = Object.keys(st.k);
        for (const k of keys.slice(0, keys.length - MAX_KEYS)) delete st.k[k];
        this.nKeys = MAX_KEYS;
      }
    }
    // the spam filter
    const tokens = this.tokens(type, now);
    const bucket = this.bucket(type);
    if (tokens < 1) { st.b[bucket] = { t: tokens, at: now }; return false; }
    st.b[bucket] = { t: tokens - 1, at: now };
    const src = this.source.host !== undefined ? { component: this.source.component, host: this.source.host } : { component: this.source.component };
    this.rt.api.recordEvent(this.involved, type, reason, agg.message, src, fieldPath || undefined,
      { count: n, first, ...(agg.key.startsWith('\u0001') ? { key: agg.key } : {}) });
    return true;
  }

  /** `n` more occurrences of an event that happened while the spam filter held events back (counted, not written). */
  counted(type: EvType, reason: string, message: string, fieldPath: string, n: number, lastAt: number): void {
    if (n <= 0) return;
    const st = this.state();
    this.dirty = true;
    const agg = this.aggregate(type, reason, message, fieldPath, lastAt);
    const seen = st.k[agg.key];
    st.k[agg.key] = { n: (seen?.n ?? 0) + n, f: seen?.f ?? toISO(lastAt) };
    if (!seen) { this.lastKey = undefined; if (this.nKeys !== undefined) this.nKeys++; }
  }

  save(): void {
    if (!this.dirty || !this.st) return;
    this.rt.store.setMeta(this.key, JSON.stringify(this.st));
    this.dirty = false;
  }
}

/** One recorder per memory key for the duration of a step (every caller of the step shares it; its memory is
 *  written before the commit). `made`: called when this step makes it (its first use in the step). */
export function recorderFor(rt: Runtime, key: string, involved: KObject, source: RecorderSource, made?: () => void): Recorder {
  let m = rt.ext.get('event-recorders') as Map<string, Recorder> | undefined;
  if (!m) {
    m = new Map();
    rt.ext.set('event-recorders', m);
    const all = m;
    rt.beforeCommit(() => { for (const r of all.values()) r.save(); all.clear(); });
  }
  let r = m.get(key);
  if (!r) { r = new Recorder(rt, involved, source, key); m.set(key, r); made?.(); }
  return r;
}
/** A recorder whose memory goes (its object was deleted): not written at the commit. */
export function forgetRecorder(rt: Runtime, key: string): void {
  (rt.ext.get('event-recorders') as Map<string, Recorder> | undefined)?.delete(key);
}
