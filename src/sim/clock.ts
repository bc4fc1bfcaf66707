// The cluster clock: wall time plus an offset that `kctl sim advance` grows, or a frozen instant.
// While catching up, the clock is set to each timer's due time so everything written is stamped with the
// moment the simulated thing happened.
import type { Store } from '../api/store';
import { CliError } from '../api/errors';

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
  /** `kctl sim advance`: move the cluster's "now" forward (catch up afterwards to fire what falls due). */
  advance(ms: number): void {
    const frozen = this.store.getMeta('clock_frozen');
    if (frozen) this.store.setMeta('clock_frozen', String(Number(frozen) + ms));
    else this.store.setMeta('clock_offset', String(Number(this.store.getMeta('clock_offset') ?? '0') + ms));
  }
  /** `kctl sim freeze`: stop the clock at `ms` (never earlier than now). */
  freeze(ms: number): void {
    if (ms < this.current) throw new CliError('the cluster clock cannot go backwards');
    this.store.setMeta('clock_frozen', String(ms));
  }
  /** `kctl sim unfreeze`: run again from where the clock stands. */
  unfreeze(): void {
    const frozen = this.store.getMeta('clock_frozen');
    if (!frozen) return;
    this.store.setMeta('clock_offset', String(Number(frozen) - Date.now()));
    this.store.setMeta('clock_frozen', '');
  }
  set(ms: number): void { if (ms > this.current) this.current = ms; }
  /** Stand at `ms` exactly: a step that goes on in a new transaction goes on at the instant it was at. */
  resume(ms: number): void { this.current = ms; }
  refresh(): void { this.current = Math.max(this.current, this.target()); }
  nowISO(): string { return toISO(this.current); }
  /** MicroTime, as events and leases carry it. */
  nowMicro(): string { return new Date(this.current).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'); }
}
/** RFC 3339 to the second (the same instant is asked for many times in a row: the last answer is kept). */
let isoSec = NaN, isoText = '';
export const toISO = (ms: number) => {
  const sec = Math.floor(ms / 1000);
  if (sec !== isoSec) { isoText = new Date(sec * 1000).toISOString().replace('.000Z', 'Z'); isoSec = sec; }
  return isoText;
};
