// The cluster clock: wall time plus an offset that `kctl sim advance` grows, or a frozen instant.
// While catching up, the clock is set to each timer's due time so everything written is stamped with the
// moment the simulated thing happened.
import type { Store } from '../api/store';

export class Clock {
  private current: number;
  constructor(private store: Store) {
    this.current = this.target();
  }
  /** What "now" is for the cluster, outside of a catch-up. */
  target(): number {
    const frozen = this.store.getMeta('clock_frozen');
    if (frozen) return Number(frozen);
    return Date.now() + Number(this.store.getMeta('clock_offset') ?? '0');
  }
  now(): number { return this.current; }
  set(ms: number): void { if (ms > this.current) this.current = ms; }
  refresh(): void { this.current = Math.max(this.current, this.target()); }
  nowISO(): string { return toISO(this.current); }
  /** MicroTime, as events and leases carry it. */
  nowMicro(): string { return new Date(this.current).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'); }
}
export const toISO = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
