// The cluster at work inside one invocation step: the API server, the clock, timers, and the controllers
// that settle after every change. Catching up fires each due timer in time order, settling after each.
import { Store } from '../api/store';
import { APIServer, WatchEvent } from '../api/server';
import { Clock } from './clock';
import { Rng } from './rng';
import type { Controller } from '../controllers/types';
import { allControllers } from '../controllers';
import { asCluster } from '../api/rbac/enforce';

const MAX_SETTLE_STEPS = 2_000_000;

/** The field manager a component writes as (its user agent's name). */
function managerOf(c: Controller): string {
  return c.name === 'scheduler' ? 'kube-scheduler' : c.name === 'kubelet' ? 'kubelet' : 'kube-controller-manager';
}

export class Runtime {
  clock: Clock;
  rng: Rng;
  api: APIServer;
  controllers: Controller[];
  private queue: { c: Controller; key: string }[] = [];
  private queued = new Set<string>();
  private timerOwner = new Map<string, Controller>();
  /** Per-step services of rooms above the API layer (the container runtime), by name. */
  ext = new Map<string, unknown>();
  /** Work to do before the step commits (flushing in-memory state), in order. */
  private flushers: (() => void)[] = [];

  constructor(public store: Store) {
    this.clock = new Clock(store);
    this.rng = new Rng(store);
    this.api = new APIServer(store, this.clock, this.rng);
    this.controllers = allControllers();
    for (const c of this.controllers) for (const t of c.timers ?? []) this.timerOwner.set(t, c);
    this.api.watch(ev => this.dispatch(ev));
  }

  private dispatch(ev: WatchEvent): void {
    for (const c of this.controllers) c.onEvent(ev, key => this.enqueue(c, key), this);
  }
  enqueue(c: Controller, key: string): void {
    const id = `${c.name}\u0000${key}`;
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.queue.push({ c, key });
  }
  enqueueFor(name: string, key: string): void {
    const c = this.controllers.find(x => x.name === name);
    if (c) this.enqueue(c, key);
  }

  /** Schedule a timer `delayMs` from the cluster's now (the earlier one wins for the same type+key). */
  after(delayMs: number, type: string, key: string): void {
    this.store.addTimer(this.clock.now() + Math.max(0, delayMs), type, key);
  }
  at(ms: number, type: string, key: string): void { this.store.addTimer(ms, type, key); }
  /** Replace a timer's due time. */
  reset(delayMs: number, type: string, key: string): void { this.store.setTimer(this.clock.now() + Math.max(0, delayMs), type, key); }
  cancel(type: string, key: string): void { this.store.cancelTimer(type, key); }

  /** Run fn so that its writes land whole or not at all (one document of a multi-document apply). */
  atomic<T>(fn: () => T): T { return this.store.savepoint(fn); }

  /** Run controllers until nothing is left to do. */
  settle(): void {
    const client = this.api.fieldManager;
    try { asCluster(this.api, () => this.settleAll()); } finally { this.api.fieldManager = client; }
  }
  private settleAll(): void {
    let steps = 0;
    while (this.queue.length) {
      const { c, key } = this.queue.shift()!;
      this.queued.delete(`${c.name}\u0000${key}`);
      this.api.fieldManager = managerOf(c);
      c.reconcile(key, this);
      if (++steps > MAX_SETTLE_STEPS) throw new Error('the cluster did not settle (a controller loop)');
    }
  }

  /** Fire every timer due up to the cluster's now, in time order, settling after each. */
  catchUp(): void {
    const last = Number(this.store.getMeta('last_tick') ?? '0');
    if (last) this.clock.set(last);
    const target = this.clock.target();
    this.settle();
    for (;;) {
      const t = this.store.nextTimer(target);
      if (!t) break;
      this.store.deleteTimer(t.id);
      this.clock.set(t.due);
      const owner = this.timerOwner.get(t.type);
      if (owner) this.api.fieldManager = managerOf(owner);
      owner?.onTimer?.(t.type, t.key, this);
      this.settle();
    }
    this.clock.set(target);
    this.settle();
  }
  /** Run fn before this step commits (after the last settle). */
  beforeCommit(fn: () => void): void { this.flushers.push(fn); }

  /** Remember how far the cluster has come (called before commit). */
  mark(): void {
    for (const f of this.flushers) f();
    const now = this.clock.now();
    this.store.setMeta('last_tick', String(now));
    // Housekeeping, bounded: the watch change log keeps the last 10,000 writes; events expire after an hour.
    const rv = this.store.currentRV();
    if (rv - Number(this.store.getMeta('changes_pruned_at') ?? '0') > 1000) {
      this.store.pruneChanges(10_000);
      this.store.setMeta('changes_pruned_at', String(rv));
    }
    const nextGc = Number(this.store.getMeta('event_gc_at') ?? '0');
    if (now >= nextGc) {
      if (nextGc) this.store.gcEvents(new Date(now - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      this.store.setMeta('event_gc_at', String(now + 600_000));
    }
  }
  /** The next timer's due time, for verbs that wait. */
  nextDue(): number | undefined { return this.store.earliestTimer()?.due; }
}
