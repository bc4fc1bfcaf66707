// The cluster at work inside one invocation step: the API server, the clock, timers, and the controllers
// that settle after every change. Catching up fires each due timer in time order, settling after each.
// A change is offered only to the controllers that declared interest in its kind (Controller.kinds), and to
// every controller that declared none.
import { Store } from '../api/store';
import { APIServer, WatchEvent } from '../api/server';
import { Clock } from './clock';
import { Rng } from './rng';
import type { Controller } from '../controllers/types';
import { asCluster } from '../api/rbac/enforce';
import { parseStored, CorruptDataError } from '../api/storage-errors';
import { collectGarbage } from '../util/gc';

export const MAX_SETTLE_STEPS = 2_000_000;
/** Reconciles after which the settle of a step hands over (src/sim/step.ts): what is done is committed and a new
 *  Runtime goes on with the queue, at the same instant. A step that creates tens of thousands of pods would
 *  otherwise hold every container it starts, and every cache entry, in memory until it commits (about three
 *  reconciles a pod: a chunk is some 13,000 pods; smaller ones cost more than they save). */
export const SETTLE_CHUNK = chunkSize(process.env.KCTL_TEST_SETTLE_CHUNK);
/** KCTL_TEST_SETTLE_CHUNK (tests only: small chunks), a whole number of reconciles from 1; else 40,000. */
function chunkSize(v: string | undefined): number {
  const n = Number(v);
  return v && /^\d+$/.test(v.trim()) && n >= 1 ? n : 40_000;
}
/** The meta key of the work a handed-over step left queued, until the next transaction takes it (a process
 *  killed in between leaves it to the next invocation, which goes on with it first). */
const PENDING_WORK = 'pending_work';

/** The field manager a component writes as (its user agent's name). */
function managerOf(c: Controller): string {
  return c.name === 'scheduler' ? 'kube-scheduler' : c.name === 'kubelet' ? 'kubelet' : 'kube-controller-manager';
}

export class Runtime {
  clock: Clock;
  rng: Rng;
  api: APIServer;
  /** The controllers, loaded when first needed (a step that writes nothing and has nothing due never does). */
  private ctrls?: Controller[];
  private queue: { c: Controller; key: string }[] = [];
  private head = 0;
  private queued = new Set<string>();
  private timerOwner = new Map<string, Controller>();
  /** Per kind (`group/Kind`), the controllers its changes go to, in settle order. */
  private interested = new Map<string, { c: Controller; enqueue: (key: string) => void }[]>();
  private undeclared: { c: Controller; enqueue: (key: string) => void }[] = [];
  /** Per-step services of rooms above the API layer (the container runtime), by name. */
  ext = new Map<string, unknown>();
  /** Work to do before the step commits (flushing in-memory state), in order. */
  private flushers: (() => void)[] = [];

  constructor(public store: Store) {
    this.clock = new Clock(store);
    this.rng = new Rng(store);
    this.api = new APIServer(store, this.clock, this.rng);
    this.api.watch(ev => this.dispatch(ev));
  }
  get controllers(): Controller[] {
    return this.ctrls ?? this.useControllers((require('../controllers') as typeof import('../controllers')).allControllers());
  }
  /** Run with these controllers (in settle order) instead of the cluster's own (tests). */
  useControllers(ctrls: Controller[]): Controller[] {
    this.ctrls = ctrls;
    this.timerOwner.clear(); this.interested.clear(); this.byRi.clear();
    for (const c of ctrls) for (const t of c.timers ?? []) this.timerOwner.set(t, c);
    const targets = ctrls.map(c => ({ c, enqueue: (key: string) => this.enqueue(c, key) }));
    this.undeclared = targets.filter(t => !t.c.kinds);
    const declared = new Set(targets.flatMap(t => t.c.kinds ?? []).map(kindKey));
    for (const k of declared) this.interested.set(k, targets.filter(t => !t.c.kinds || t.c.kinds.some(x => kindKey(x) === k)));
    return ctrls;
  }

  private byRi = new Map<object, { c: Controller; enqueue: (key: string) => void }[]>();
  private dispatch(ev: WatchEvent): void {
    if (!this.ctrls) void this.controllers;
    let targets = this.byRi.get(ev.ri);
    if (!targets) this.byRi.set(ev.ri, (targets = this.interested.get(`${ev.ri.group}/${ev.ri.kind}`) ?? this.undeclared));
    for (const t of targets) t.c.onEvent(ev, t.enqueue, this);
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

  /** Run controllers until nothing is left to do. (Their writes skip the schema check: the cluster's own
   *  components never send unknown fields; every strategy's validation still runs.) */
  settle(): void { this.settleFor(Infinity); }
  /** Settle, handing back after `budget` reconciles: true when work is left (see handOver). */
  settleFor(budget: number): boolean {
    const client = this.api.fieldManager;
    try { return asCluster(this.api, () => this.settleAll(budget)); } finally { this.api.fieldManager = client; }
  }
  private settleAll(budget: number): boolean {
    let steps = 0;
    const own = this.api.ownComponents;
    this.api.ownComponents = true;
    try {
      while (this.head < this.queue.length) {
        if (steps >= budget) return true;
        const { c, key } = this.queue[this.head]!;
        this.queue[this.head++] = undefined as never;
        if (this.head > 1024 && this.head * 2 > this.queue.length) { this.queue = this.queue.slice(this.head); this.head = 0; }
        this.queued.delete(`${c.name}\u0000${key}`);
        this.api.fieldManager = managerOf(c);
        c.reconcile(key, this);
        if (++steps > MAX_SETTLE_STEPS) throw new Error('the cluster did not settle (a controller loop)');
      }
      return false;
    } finally {
      this.api.ownComponents = own;
    }
  }
  /**
   * Commit what this step has done and go on in a new transaction, at the same instant with the same queue:
   * what a settle that has more to do after SETTLE_CHUNK reconciles does. The step's services (the container
   * runtime's boxes and layers, flushed by the commit) are let go, to be loaded again as a new invocation loads
   * them; the controllers' caches are kept when nobody else wrote in between, else a new Runtime reads
   * everything again. The queue is kept in the database with the commit (a process killed before the next
   * commit leaves it to the next invocation).
   */
  handOver(): Runtime {
    const at = this.clock.now();
    this.store.setMeta(PENDING_WORK, JSON.stringify(this.queue.slice(this.head).map(q => [q.c.name, q.key])));
    this.mark();
    this.store.commit();
    const version = this.store.dataVersion();
    // tests only: a process killed between two transactions of a handed-over step
    if (process.env.KCTL_TEST_DIE_AFTER_HANDOVER) process.exit(137);
    this.store.begin();
    this.ext.clear();
    this.flushers = [];
    collectGarbage();
    if (this.store.dataVersion() === version && !process.env.KCTL_TEST_HANDOVER_ANEW) {
      this.store.deleteMeta(PENDING_WORK);
      this.rng.attach();
      return this;
    }
    const next = new Runtime(this.store);
    next.clock.resume(at);
    next.resumeWork();
    return next;
  }
  /** Queue the work a handed-over step left (see handOver). */
  private resumeWork(): void {
    const pending = this.store.getMeta(PENDING_WORK);
    if (!pending) return;
    this.store.deleteMeta(PENDING_WORK);
    const work: unknown = parseStored(pending);
    if (!Array.isArray(work) || !work.every(w => Array.isArray(w) && w.length === 2 && typeof w[0] === 'string' && typeof w[1] === 'string'))
      throw new CorruptDataError('the work a step left queued (meta pending_work) is not a list of [controller, key]');
    for (const [name, key] of work as [string, string][]) this.enqueueFor(name, key);
  }

  /** Fire every timer due up to the cluster's now, in time order, settling after each. */
  catchUp(): void {
    const last = Number(this.store.getMeta('last_tick') ?? '0');
    if (last) this.clock.set(last);
    const target = this.clock.target();
    this.resumeWork();
    this.settle();
    for (;;) {
      const t = this.store.nextTimer(target);
      if (!t) break;
      this.store.deleteTimer(t.id);
      this.clock.set(t.due);
      if (!this.ctrls) void this.controllers;
      const owner = this.timerOwner.get(t.type);
      if (owner) this.api.fieldManager = managerOf(owner);
      const own = this.api.ownComponents;
      this.api.ownComponents = true;
      try { owner?.onTimer?.(t.type, t.key, this); } finally { this.api.ownComponents = own; }
      this.settle();
    }
    this.clock.set(target);
    this.settle();
  }
  /** Run fn before this step commits (after the last settle). */
  beforeCommit(fn: () => void): void { this.flushers.push(fn); }

  /** Remember how far the cluster has come (called before commit). A step that changed nothing (and had
   *  nothing due) writes nothing. */
  mark(): void {
    for (const f of this.flushers) f();
    const now = this.clock.now();
    // Housekeeping, bounded: events expire an hour after they last happened (an index finds them); the
    // watch change log keeps the last 10,000 writes.
    this.store.gcEvents(Math.floor(now / 1000) * 1000 - 1000);
    this.store.flushAll();
    if (!this.store.changed) return;
    this.store.setMeta('last_tick', String(now));
    const rv = this.store.currentRV();
    if (rv - Number(this.store.getMeta('changes_pruned_at') ?? '0') > 1000) {
      this.store.pruneChanges(10_000);
      this.store.setMeta('changes_pruned_at', String(rv));
    }
  }
  /** The next timer's due time, for verbs that wait. */
  nextDue(): number | undefined { return this.store.earliestTimer()?.due; }
}
/** `Pod` (core) or `apps/Deployment`, as Controller.kinds names kinds, to `group/Kind`. */
const kindKey = (k: string) => (k.includes('/') ? k : `/${k}`);
