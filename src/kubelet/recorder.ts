// The kubelet's event recorder for one pod, as client-go's EventCorrelator treats what a recorder emits
// (tools/record/events_cache.go): the aggregator (more than 10 messages differing only in text for one
// reason within 10 minutes become "(combined from similar events): …"), the logger (a repeat of an event
// raises its count; the count lives in the recorder, so repeats that were filtered still count when the
// next one is written), and the spam filter (a token bucket per source+object+type: 25 events at once,
// then one every 5 minutes). That is why a pod crash-looping for hours shows `BackOff … (x80 over 3h)`
// with a "last seen" that lags. The recorder's memory is the kubelet's: JSON in the store's meta table.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { toISO } from '../sim/clock';

type EvType = 'Normal' | 'Warning';
const BURST = 25;
const QPS = 1 / 300; // tokens per second
const AGG_MAX = 10;
const AGG_WINDOW = 600_000;
const AGG_PREFIX = '(combined from similar events): ';
const MAX_KEYS = 300;

interface State {
  /** Token buckets by event type: tokens and when they were counted. */
  b: Partial<Record<EvType, { t: number; at: number }>>;
  /** The logger's cache: event key → count and first time. */
  k: Record<string, { n: number; f: string }>;
  /** The aggregator: reason key → messages seen and when last. */
  a: Record<string, { m: string[]; at: number }>;
}

export class Recorder {
  private st: State | undefined;
  private dirty = false;
  constructor(private rt: Runtime, private pod: KObject, private host: string) {}

  private get key(): string { return `kubelet/${this.pod.metadata.uid}/rec`; }
  private state(): State {
    if (!this.st) {
      const raw = this.rt.store.getMeta(this.key);
      this.st = raw ? JSON.parse(raw) as State : { b: {}, k: {}, a: {} };
    }
    return this.st;
  }

  /** Tokens in a bucket at `now`. */
  private tokens(type: EvType, now: number): number {
    const b = this.state().b[type];
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
    delete st.k[agg.key];
    st.k[agg.key] = { n, f: first }; // most recent last, for trimming
    const keys = Object.keys(st.k);
    if (keys.length > MAX_KEYS) for (const k of keys.slice(0, keys.length - MAX_KEYS)) delete st.k[k];
    // the spam filter
    const tokens = this.tokens(type, now);
    if (tokens < 1) { st.b[type] = { t: tokens, at: now }; return false; }
    st.b[type] = { t: tokens - 1, at: now };
    this.rt.api.recordEvent(this.pod, type, reason, agg.message, { component: 'kubelet', host: this.host }, fieldPath || undefined,
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
  }

  save(): void {
    if (!this.dirty || !this.st) return;
    this.rt.store.setMeta(this.key, JSON.stringify(this.st));
    this.dirty = false;
  }
}

/** One recorder per pod for the duration of a step (shared by the pod sync and the prober). */
export function recorderFor(rt: Runtime, pod: KObject): Recorder {
  let m = rt.ext.get('kubelet-recorders') as Map<string, Recorder> | undefined;
  if (!m) {
    m = new Map();
    rt.ext.set('kubelet-recorders', m);
    const all = m;
    rt.beforeCommit(() => { for (const r of all.values()) r.save(); all.clear(); });
  }
  const uid = pod.metadata.uid!;
  let r = m.get(uid);
  if (!r) { r = new Recorder(rt, pod, pod.spec?.nodeName ?? ''); m.set(uid, r); }
  return r;
}
