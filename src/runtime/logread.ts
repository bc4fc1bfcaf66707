// Reading a container's log as the kubelet does (pkg/kubelet/kuberuntime/logs): the CRI log file is a list
// of entries, one per line containerd read from the container's stdout or stderr pipe, stamped when the line
// was complete (a line longer than its buffer, or one cut by the end of the stream, is written whole at that
// moment; "\r\n" loses its "\r", as bufio.ReadLine does). The kubelet serves the last N entries (--tail),
// those not older than --since/--since-time, with RFC3339Nano stamps (--timestamps), cut at --limit-bytes.
//
// The runtime keeps the writes (rt_logs rows) and, for lazy loops, virtual segments: whole periods that were
// never run. This reader expands only what it prints: --tail walks the rows from the newest back and a
// segment period by period from its last; a segment whose periods only differ by counters (`echo line $i`)
// becomes a template with the counters' values filled in, so a month of a chatty loop costs what is printed.
import type { Box, VirtualSegment } from './kernel';
import type { ContainerState, LogWrite } from './types';
import type { Store } from '../api/store';


/** One entry of the CRI log file: a whole line (ending "\n") of one stream. */
export interface LogEntry { ts: number; s: 1 | 2; d: string }

export interface LogQuery {
  /** Last N entries (-1 or undefined: all). */
  tail?: number;
  /** Only entries stamped at or after this instant (µs). */
  sinceUs?: number;
  /** Stop after this many bytes of output (timestamps included). */
  limitBytes?: number;
  timestamps?: boolean;
}

/** Where a follower stands: the last row read and the lines not yet complete on each stream. */
export interface LogCursor { seq: number; part: { 1?: { ts: number; d: string }; 2?: { ts: number; d: string } } }

/** A template of one period whose writes contain counters: parts are text or the index of a counter. */
interface CounterTemplate { writes: { dt: number; s: 1 | 2; parts: (string | number)[] }[]; base: number[]; step: number[] }

export class LogReader {
  private tmplCache = new Map<number, CounterTemplate | null>();

  constructor(private store: Store, private cid: string, private box: Box | undefined) {}

  /** Is the container gone (its pipes closed: a last unfinished line is written out)? */
  get ended(): boolean { return !this.box || !!this.box.s.dead; }

  // ------------------------------------------------------------------ the writes of a segment's period
  periodWrites(seq: number, seg: VirtualSegment, j: number): LogWrite[] {
    if (seg.tmpl) {
      const base = Math.round((seg.t0 + j * seg.P) * 1000);
      return seg.tmpl.map(w => ({ ts: base + w.dt, s: w.s, d: w.d }));
    }
    let t = this.tmplCache.get(seq);
    if (t === undefined) { t = this.counterTemplate(seg); this.tmplCache.set(seq, t); }
    if (t) return renderTemplate(t, seg, j);
    return this.runPeriods(seg, j, j + 1);
  }

  /** Run periods [from, to) of a segment again from its snapshot (counters moved to period `from`). */
  runPeriods(seg: VirtualSegment, from: number, to: number): LogWrite[] {
    const box = this.box;
    if (!box || !seg.snap) return [];
    const { Box: BoxCls, applyDelta } = require('./kernel') as typeof import('./kernel');
    const st = JSON.parse(seg.snap) as ContainerState;
    applyDelta(st, seg.delta, (seg.j0 ?? 1) + from);
    // the snapshot was taken one period before the segment starts (j0 periods before period 0)
    shiftTimes(st, ((seg.j0 ?? 1) + from) * seg.P);
    const start = seg.t0 + from * seg.P;
    const end = seg.t0 + to * seg.P;
    let copy!: Box;
    const fs = scratchFs(box, () => copy.vt());
    copy = new BoxCls({ ...st, logBytes: 0 }, fs, box.pod, box.svc);
    copy.noLazy = true;
    copy.now = Math.floor(start);
    (copy as unknown as { steps: number }).steps = Math.round((start - copy.now) * 1000);
    copy.runUntil(end - 0.001);
    const endUs = Math.round(end * 1000);
    return copy.pending.filter(w => w.ts < endUs);
  }

  /** Periods 0, 1 and the last of a counter segment, compared: a template when counters are all that changes. */
  private counterTemplate(seg: VirtualSegment): CounterTemplate | null {
    if (!seg.snap || !seg.delta?.length || seg.n < 3 || !this.box) return null;
    const { applyDelta } = require('./kernel') as typeof import('./kernel');
    const values = (j: number): number[] => {
      const st = JSON.parse(seg.snap!) as ContainerState;
      applyDelta(st, seg.delta, (seg.j0 ?? 1) + j);
      const live = Object.values(st.procs).filter(p => p.st !== 'Z').map(p => p.pid).sort((a, b) => a - b);
      return seg.delta!.map(([cpid, name]) => {
        const p = st.procs[live[cpid - 1]!];
        return p?.prog.k === 'sh' ? Number(p.prog.sh.vars[name] ?? '0') : 0;
      });
    };
    const base = values(0);
    const step = seg.delta.map(d => d[2]);
    const w0 = this.runPeriods(seg, 0, 1);
    const t0us = Math.round(seg.t0 * 1000);
    const order = base.map((_, i) => i).sort((a, b) => String(base[b]).length - String(base[a]).length);
    const t: CounterTemplate = { base, step, writes: w0.map(w => ({ dt: w.ts - t0us, s: w.s, parts: split(w.d, base, order) })) };
    for (const j of [1, Math.floor(seg.n / 2), seg.n - 1]) {
      const want = this.runPeriods(seg, j, j + 1);
      const got = renderTemplate(t, seg, j);
      if (want.length !== got.length || want.some((w, i) => w.d !== got[i]!.d || w.s !== got[i]!.s || Math.abs(w.ts - got[i]!.ts) > 2)) return null;
    }
    return t;
  }

  // ------------------------------------------------------------------ walking the writes
  /** Writes from the newest back. */
  *backward(): Generator<LogWrite> {
    for (const r of this.store.rtLogRev(this.cid)) {
      if (r.s === 3) { const ws = batch(r.d); for (let i = ws.length - 1; i >= 0; i--) yield ws[i]!; continue; }
      if (r.s !== 0) { yield { ts: r.ts, s: r.s as 1 | 2, d: r.d }; continue; }
      const seg = JSON.parse(r.d) as VirtualSegment;
      for (let j = seg.n - 1; j >= 0; j--) {
        const ws = this.periodWrites(r.seq, seg, j);
        for (let i = ws.length - 1; i >= 0; i--) yield ws[i]!;
      }
    }
  }
  /** Writes after row `seq`, oldest first (the segments' periods run in order). */
  *forward(afterSeq = 0): Generator<LogWrite & { seq: number }> {
    let after = afterSeq;
    for (;;) {
      const rows = this.store.rtLogAfter(this.cid, after).slice(0, 256);
      if (!rows.length) return;
      for (const r of rows) {
        after = r.seq;
        if (r.s === 3) { for (const w of batch(r.d)) yield { ...w, seq: r.seq }; continue; }
        if (r.s !== 0) { yield { ts: r.ts, s: r.s as 1 | 2, d: r.d, seq: r.seq }; continue; }
        const seg = JSON.parse(r.d) as VirtualSegment;
        const fast = seg.tmpl || this.counterTemplateOf(r.seq, seg);
        if (fast) { for (let j = 0; j < seg.n; j++) for (const w of this.periodWrites(r.seq, seg, j)) yield { ...w, seq: r.seq }; continue; }
        // regenerate in runs of periods (one copy of the container runs through many periods)
        for (let j = 0; j < seg.n; j += 64) for (const w of this.runPeriods(seg, j, Math.min(seg.n, j + 64))) yield { ...w, seq: r.seq };
      }
    }
  }
  private counterTemplateOf(seq: number, seg: VirtualSegment): CounterTemplate | null {
    let t = this.tmplCache.get(seq);
    if (t === undefined) { t = this.counterTemplate(seg); this.tmplCache.set(seq, t); }
    return t;
  }

  // ------------------------------------------------------------------ what the kubelet serves
  /** The entries a log request returns, and a cursor to follow from. */
  read(q: LogQuery): { entries: LogEntry[]; cursor: LogCursor } {
    const last = this.store.rtLastLogSeq(this.cid);
    const tail = q.tail !== undefined && q.tail >= 0 ? q.tail : undefined;
    let writes: LogWrite[];
    if (tail !== undefined || q.sinceUs !== undefined) {
      writes = [];
      let nl = 0;
      let need = true;
      for (const w of this.backward()) {
        if (!need) {
          // one more: the line that the oldest collected write finishes may have started here
          if (w.d.endsWith('\n') || writes.length > 100_000) break;
          writes.push(w);
          continue;
        }
        writes.push(w);
        for (let i = w.d.indexOf('\n'); i >= 0; i = w.d.indexOf('\n', i + 1)) nl++;
        if ((tail !== undefined && nl > tail) || (q.sinceUs !== undefined && w.ts < q.sinceUs)) need = false;
      }
      writes.reverse();
    } else {
      writes = [];
      let bytes = 0;
      for (const w of this.forward()) {
        writes.push(w);
        bytes += w.d.length;
        // enough for --limit-bytes (timestamps only add to it); finish the line being read
        if (q.limitBytes !== undefined && bytes > q.limitBytes && w.d.endsWith('\n')) break;
      }
    }
    const cursor: LogCursor = { seq: last, part: {} };
    let entries = toEntries(writes, cursor.part, this.ended);
    if (tail !== undefined) entries = entries.slice(Math.max(0, entries.length - tail));
    if (tail === 0) entries = [];
    if (q.sinceUs !== undefined) entries = entries.filter(e => e.ts >= q.sinceUs!);
    return { entries, cursor };
  }

  /** New entries since a cursor (kubectl logs -f); the cursor moves. */
  follow(cur: LogCursor): LogEntry[] {
    const writes: LogWrite[] = [];
    for (const w of this.forward(cur.seq)) { writes.push(w); cur.seq = w.seq; }
    cur.seq = Math.max(cur.seq, this.store.rtLastLogSeq(this.cid));
    return toEntries(writes, cur.part, this.ended);
  }
}

/** Lines as containerd cuts them from the writes on each stream; what is left waits for its newline. */
export function toEntries(writes: LogWrite[], part: LogCursor['part'], ended: boolean): LogEntry[] {
  const out: LogEntry[] = [];
  for (const w of writes) {
    let d = w.d;
    let i: number;
    while ((i = d.indexOf('\n')) >= 0) {
      const head = (part[w.s]?.d ?? '') + d.slice(0, i);
      delete part[w.s];
      out.push({ ts: w.ts, s: w.s, d: (head.endsWith('\r') ? head.slice(0, -1) : head) + '\n' });
      d = d.slice(i + 1);
    }
    if (d) part[w.s] = { ts: w.ts, d: (part[w.s]?.d ?? '') + d };
  }
  if (ended) {
    for (const s of [1, 2] as const) {
      const p = part[s];
      if (p) { out.push({ ts: p.ts, s, d: p.d + '\n' }); delete part[s]; }
    }
    out.sort((a, b) => a.ts - b.ts);
  }
  return out;
}

/** The kubelet's writer: RFC3339Nano stamps, and --limit-bytes counted over what is written. */
export function formatEntries(entries: LogEntry[], q: { timestamps?: boolean; limitBytes?: number }, state: { remain?: number } = {}): string {
  let out = '';
  if (state.remain === undefined && q.limitBytes !== undefined) state.remain = q.limitBytes;
  for (const e of entries) {
    let line = q.timestamps ? `${rfc3339NanoMicros(e.ts)} ${e.d}` : e.d;
    if (state.remain !== undefined) {
      const b = Buffer.from(line);
      if (b.length >= state.remain) { out += b.subarray(0, state.remain).toString(); state.remain = 0; break; }
      state.remain -= b.length;
    }
    out += line;
  }
  return out;
}

/** Go's time.RFC3339Nano of an instant in µs (trailing zeros of the fraction dropped). */
export function rfc3339NanoMicros(us: number): string {
  const sec = Math.floor(us / 1_000_000);
  const frac = String(us - sec * 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, frac ? `.${frac}Z` : 'Z');
}

/** A row holding several writes of one flush (stream 3): [ts, stream, text] each. */
function batch(d: string): LogWrite[] {
  return (JSON.parse(d) as [number, 1 | 2, string][]).map(([ts, s, t]) => ({ ts, s, d: t }));
}

function split(d: string, values: number[], order: number[]): (string | number)[] {
  let parts: (string | number)[] = [d];
  for (const k of order) {
    const v = String(values[k]);
    const next: (string | number)[] = [];
    for (const p of parts) {
      if (typeof p !== 'string') { next.push(p); continue; }
      const bits = p.split(v);
      bits.forEach((b, i) => { if (i) next.push(k); if (b) next.push(b); });
    }
    parts = next;
  }
  return parts;
}
function renderTemplate(t: CounterTemplate, seg: VirtualSegment, j: number): LogWrite[] {
  const base = Math.round((seg.t0 + j * seg.P) * 1000);
  const vals = t.base.map((b, i) => String(b + t.step[i]! * j));
  return t.writes.map(w => ({ ts: base + w.dt, s: w.s, d: w.parts.map(p => (typeof p === 'number' ? vals[p]! : p)).join('') }));
}

/** Absolute times in a snapshot moved forward (a period regenerated later than the snapshot was taken). */
function shiftTimes(st: ContainerState, ms: number): void {
  if (!ms) return;
  for (const p of Object.values(st.procs)) {
    p.t0 += ms;
    const w = p.w as { until?: number } | undefined;
    if (w && w.until !== undefined) w.until += ms;
  }
}

/** The container's filesystem with a scratch layer on every writable mount: a regenerated period writes nothing real. */
function scratchFs(box: Box, now: () => number): import('./fs').FileSystem {
  const { FileSystem, MemLayer } = require('./fs') as typeof import('./fs');
  const mounts = box.fs.mounts.map(m => (m.ro || !m.layers[0]?.put ? m : { ...m, layers: [new MemLayer(`scratch:${m.at}`), ...m.layers] }));
  return new FileSystem(mounts, { now });
}
