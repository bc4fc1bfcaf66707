// A seeded generator whose state lives in the cluster database, so a cluster replays the same way.
import type { Store } from '../api/store';

// kube's utilrand alphabet: no vowels, no 0/1/3 (avoids bad words and look-alikes).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export class Rng {
  private state: number;
  constructor(private store: Store) {
    const s = store.getMeta('rng');
    this.state = s ? Number(s) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    this.store.setMeta('rng', String(this.state));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  suffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHANUMS[this.int(ALPHANUMS.length)];
    return s;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
