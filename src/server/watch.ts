// Watches: long-lived responses fed from the cluster's change log. Changes come from this server's own
// requests, from its clock firing timers, and from kctl commands in other processes; the hub looks at the
// committed resourceVersion (a cheap read) and, when it moved, reads each watch's changes in one step.
// Events are JSON lines as kube-apiserver streams them; bookmarks when asked for; 410 Expired for a
// resourceVersion older than the change log keeps.
import type { ServerResponse } from 'node:http';
import type { KObject } from '../api/types';
import type { ClientContext } from '../api/rbac/enforce';
import { parseSelector, parseFieldSelector, matches } from '../api/selectors';
import type { ApiServer } from './serve';
import type { WatchTarget } from './api';
import { toTable } from './table';

interface Watch { t: WatchTarget; res: ServerResponse; client: ClientContext; rv: number; firstTable: boolean; timer?: NodeJS.Timeout; bookmarkAt: number }

const BOOKMARK_MS = 60_000;

export class WatchHub {
  private watches = new Set<Watch>();
  private seenRV = 0;
  private pumping = false;
  private poller?: NodeJS.Timeout;

  constructor(private srv: ApiServer) {}

  add(t: WatchTarget, res: ServerResponse, client: ClientContext): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders(); // as kube-apiserver: the client knows at once that the watch is established
    const w: Watch = { t, res, client, rv: t.rv, firstTable: true, bookmarkAt: Date.now() + BOOKMARK_MS };
    this.watches.add(w);
    res.on('close', () => this.remove(w));
    for (const o of t.initial) this.emit(w, 'ADDED', o);
    if (t.timeoutSeconds) { w.timer = setTimeout(() => { res.end(); this.remove(w); }, t.timeoutSeconds * 1000); w.timer.unref?.(); }
    // an old resourceVersion may already have been pruned from the change log
    this.pumpOne(w);
    this.ensurePoller();
  }

  private remove(w: Watch): void {
    this.watches.delete(w);
    if (w.timer) clearTimeout(w.timer);
    if (!this.watches.size && this.poller) { clearInterval(this.poller); this.poller = undefined; }
  }
  closeAll(): void { for (const w of [...this.watches]) { w.res.end(); this.remove(w); } }

  private ensurePoller(): void {
    if (this.poller) return;
    this.poller = setInterval(() => this.pump(), 100);
    this.poller.unref?.();
  }

  /** Send what changed since the last look (cheap when nothing did). */
  pump(): void {
    if (!this.watches.size || this.pumping) return;
    let rv: number;
    try { rv = this.srv.store.peekRV(); } catch { return; }
    const now = Date.now();
    const dueBookmarks = [...this.watches].some(w => w.t.bookmarks && now >= w.bookmarkAt);
    if (rv === this.seenRV && !dueBookmarks) return;
    this.seenRV = rv;
    this.pumping = true;
    try { this.pumpAll(); }
    finally { this.pumping = false; }
  }

  /** Every watch at once: one step reads each watched resource's changes once (from the oldest watch's
   *  resourceVersion), and each watch takes those newer than its own. */
  private pumpAll(): void {
    const groups = new Map<string, Watch[]>();
    for (const w of this.watches) {
      const k = `${w.t.ri.group}/${w.t.ri.plural}/${w.t.ns ?? ''}`;
      const g = groups.get(k);
      if (g) g.push(w); else groups.set(k, [w]);
    }
    let got: Map<string, { rv: number; changes: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KObject; rv: number }[]; expired?: number }>;
    try {
      got = this.srv.step(undefined, 'watch', rt => {
        const out = new Map<string, { rv: number; changes: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KObject; rv: number }[]; expired?: number }>();
        const oldest = rt.api.oldestChange();
        for (const [k, ws] of groups) {
          const from = Math.min(...ws.map(w => w.rv));
          const r = rt.api.changesSince(ws[0]!.t.ri, from, ws[0]!.t.ns);
          out.set(k, { ...r, ...(oldest !== undefined ? { expired: oldest } : {}) });
        }
        return out;
      });
    } catch { return; }
    for (const [k, ws] of groups) {
      const g = got.get(k)!;
      for (const w of ws) {
        if (g.expired !== undefined && w.rv < g.expired - 1) { this.expire(w, g.expired); continue; }
        this.deliver(w, g.changes.filter(c => c.rv > w.rv), g.rv);
      }
    }
  }

  private expire(w: Watch, oldest: number): void {
    this.write(w, { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${w.rv} (${oldest})`, reason: 'Expired', code: 410 } });
    w.res.end();
    this.remove(w);
  }

  private pumpOne(w: Watch): void {
    const { t } = w;
    let got: { rv: number; changes: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KObject }[]; expired?: number };
    try {
      got = this.srv.step(w.client, 'watch', rt => {
        const oldest = rt.api.oldestChange();
        if (oldest !== undefined && w.rv < oldest - 1) return { rv: w.rv, changes: [], expired: oldest };
        return rt.api.changesSince(t.ri, w.rv, t.ns);
      });
    } catch { return; }
    if (got.expired !== undefined) { this.expire(w, got.expired); return; }
    this.deliver(w, got.changes, got.rv);
  }

  private deliver(w: Watch, changes: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KObject }[], rv: number): void {
    const { t } = w;
    const label = t.label ? parseSelector(t.label) : undefined;
    const field = t.field ? parseFieldSelector(t.field) : undefined;
    for (const c of changes) {
      if (t.name && c.obj.metadata.name !== t.name) continue;
      if (label && !matches(label, c.obj.metadata.labels)) continue;
      if (field && !fieldsMatch(c.obj, field)) continue;
      this.emit(w, c.type, c.obj);
    }
    w.rv = Math.max(w.rv, rv);
    if (t.bookmarks && Date.now() >= w.bookmarkAt) {
      w.bookmarkAt = Date.now() + BOOKMARK_MS;
      this.write(w, { type: 'BOOKMARK', object: { kind: t.ri.kind, apiVersion: t.ri.group ? `${t.ri.group}/${t.ri.version}` : t.ri.version, metadata: { resourceVersion: String(w.rv) } } });
    }
  }

  private emit(w: Watch, type: string, obj: KObject): void {
    if (w.t.table) {
      const table = toTable(w.t.ri, [obj], this.srv.clusterNow(), obj.metadata.resourceVersion ?? '', 'Object') as { columnDefinitions?: unknown };
      if (!w.firstTable) delete table.columnDefinitions;
      w.firstTable = false;
      this.write(w, { type, object: table });
      return;
    }
    this.write(w, { type, object: obj });
  }

  private write(w: Watch, ev: unknown): void {
    try { w.res.write(JSON.stringify(ev) + '\n'); } catch { this.remove(w); }
  }
}

function fieldsMatch(o: KObject, reqs: { field: string; op: string; value: string }[]): boolean {
  for (const r of reqs) {
    const v = r.field.split('.').reduce<any>((a, k) => a?.[k], o);
    const s = v === undefined ? '' : String(v);
    if (r.op === '=' || r.op === '==' ? s !== r.value : s === r.value) return false;
  }
  return true;
}
