// A seeded generator whose state lives in the cluster database, so a cluster replays the same way. The state
// is kept in memory during a transaction and written at its commit (the store calls flush).
import type { Store } from '../api/store';

// kube's utilrand alphabet: no vowels, no 0/1/3 (avoids bad words and look-alikes).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const ALPHANUMS_CODES = [...ALPHANUMS].map(c => c.charCodeAt(0));
const HEX_CODES = [...'0123456789abcdef'].map(c => c.charCodeAt(0));
const BUF = new Uint16Array(64);
/** mulberry32's step and its inverse modulo 2^32. */
const STEP = 0x6d2b79f5;
const STEP_INV = inverse32(STEP);
function inverse32(a: number): number { let x = a; for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x)) >>> 0; return x >>> 0; }

/** How many draws hex(n) makes. */
export const drawsOfHex = (n: number): number => Math.ceil(n / 8);

export class Rng {
  private state: number;
  private dirty = false;
  constructor(private store: Store) {
    const s = store.getMeta('rng');
    this.state = s ? Number(s) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
    this.attach();
  }
  /** Take part in the store's transaction (again, in a step that goes on in a new one: Runtime.handOver). */
  attach(): void {
    const store = this.store;
    store.participate({
      flush: () => { if (this.dirty) { store.setMeta('rng', String(this.state)); this.dirty = false; } },
      snapshot: () => [this.state, this.dirty],
      restore: (x: unknown) => { [this.state, this.dirty] = x as [number, boolean]; },
    });
  }
  /** Where the sequence stands (the state advances by a constant per draw). */
  position(): number { return this.state; }
  /** How many draws were made since `position()` gave `pos` (fewer than 2^32). */
  drawnSince(pos: number): number { return Math.imul((this.state - pos) >>> 0, STEP_INV) >>> 0; }
  /** mulberry32 */
  next(): number {
    let t = (this.state = (this.state + STEP) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    this.dirty = true;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  suffix(n = 5): string { return this.chars(ALPHANUMS_CODES, n); }
  /** n hex digits: each draw gives eight, its 32 bits from the lowest nibble up, filled in from the end of its
   *  eight (the last draw's lowest n mod 8 when n is not a multiple of 8); see drawsOfHex. */
  hex(n: number): string {
    const codes = n <= 64 ? BUF.subarray(0, n) : new Uint16Array(n);
    let st = this.state;
    for (let i = 0; i < n; i += 8) {
      let t = (st = (st + STEP) >>> 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      let v = (t ^ (t >>> 14)) >>> 0;
      for (let j = Math.min(n, i + 8) - 1; j >= i; j--) { codes[j] = HEX_CODES[v & 15]!; v >>>= 4; }
    }
    this.state = st;
    if (n > 0) this.dirty = true;
    return String.fromCharCode.apply(null, codes as unknown as number[]);
  }
  /** n characters drawn from an alphabet (built as char codes: no string per character), each as int() draws
   *  it, with next() written out in the loop (a short-lived process runs it mostly in the interpreter). */
  private chars(alphabet: number[], n: number): string {
    const codes = n <= 64 ? BUF.subarray(0, n) : new Uint16Array(n);
    const len = alphabet.length;
    let st = this.state;
    for (let i = 0; i < n; i++) {
      let t = (st = (st + STEP) >>> 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      codes[i] = alphabet[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * len)]!;
    }
    this.state = st;
    if (n > 0) this.dirty = true;
    return String.fromCharCode.apply(null, codes as unknown as number[]);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
