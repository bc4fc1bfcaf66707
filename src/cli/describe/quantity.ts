// resource.Quantity as describe needs it: exact sums (nano units in a BigInt), Cmp, and the canonical String().
export type QFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
const BIN: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;
const SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const pow10 = (n: number) => 10n ** BigInt(n);
const ceilDiv = (a: bigint, b: bigint) => (a >= 0n ? (a + b - 1n) / b : a / b);

export class Quantity {
  /** value × 10^9 */
  constructor(public nano: bigint = 0n, public format: QFormat = 'DecimalSI') {}
  static parse(v: unknown): Quantity {
    if (typeof v === 'number') v = String(v);
    const m = String(v ?? '').trim().match(RE);
    if (!m || (!m[2] && !m[3])) return new Quantity();
    const sign = m[1] === '-' ? -1n : 1n;
    const frac = m[3] ?? '';
    const mant = BigInt((m[2] || '0') + frac);
    let nano: bigint;
    let format: QFormat = 'DecimalSI';
    if (m[4]) {
      format = 'BinarySI';
      nano = ceilDiv(mant * 1024n ** BigInt(BIN[m[4]]!) * pow10(9), pow10(frac.length));
    } else {
      const e = m[5] !== undefined ? Number(m[5]) : DEC[m[6] ?? '']!;
      if (m[5] !== undefined) format = 'DecimalExponent';
      const shift = 9 + e - frac.length;
      nano = shift >= 0 ? mant * pow10(shift) : ceilDiv(mant, pow10(-shift));
    }
    return new Quantity(sign * nano, format);
  }
  isZero(): boolean { return this.nano === 0n; }
  copy(): Quantity { return new Quantity(this.nano, this.format); }
  add(y: Quantity): void { if (this.nano === 0n) this.format = y.format; this.nano += y.nano; }
  cmp(y: Quantity): number { return this.nano < y.nano ? -1 : this.nano > y.nano ? 1 : 0; }
  milliValue(): number { return Number(ceilDiv(this.nano, pow10(6))); }
  value(): number { return Number(ceilDiv(this.nano, pow10(9))); }
  toString(): string {
    if (this.nano === 0n) return '0';
    let format = this.format;
    const neg = this.nano < 0n;
    const abs = neg ? -this.nano : this.nano;
    const sign = neg ? '-' : '';
    if (format === 'BinarySI') {
      if (abs < 1024n * pow10(9) || abs % pow10(9) !== 0n) format = 'DecimalSI';
      else {
        let n = abs / pow10(9);
        let k = 0;
        while (k < 6 && n % 1024n === 0n) { n /= 1024n; k++; }
        return sign + n.toString() + ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k];
      }
    }
    // exponent: the largest multiple of 3 (from -9 to 18) leaving an integer mantissa
    let e = -9;
    let n = abs;
    while (e < 18 && n % 1000n === 0n) { n /= 1000n; e += 3; }
    if (format === 'DecimalExponent') return sign + n.toString() + (e === 0 ? '' : `e${e}`);
    return sign + n.toString() + SUFFIX[e];
  }
}

export type ResourceMap = Record<string, Quantity>;
export function toResourceMap(list: Record<string, unknown> | undefined): ResourceMap {
  const out: ResourceMap = {};
  for (const [k, v] of Object.entries(list ?? {})) out[k] = Quantity.parse(v);
  return out;
}
function addInto(into: ResourceMap, list: ResourceMap): void {
  for (const [k, q] of Object.entries(list)) { if (!into[k]) into[k] = q.copy(); else into[k]!.add(q); }
}
function maxInto(into: ResourceMap, list: ResourceMap): void {
  for (const [k, q] of Object.entries(list)) { if (!into[k] || q.cmp(into[k]!) > 0) into[k] = q.copy(); }
}
/** kubectl's resourcehelper.PodRequestsAndLimits: containers summed, init containers as a max, sidecars and overhead added. */
export function podRequestsAndLimits(pod: any): { reqs: ResourceMap; limits: ResourceMap } {
  const reqs: ResourceMap = {}, limits: ResourceMap = {};
  for (const c of pod.spec?.containers ?? []) {
    addInto(reqs, toResourceMap(c.resources?.requests));
    addInto(limits, toResourceMap(c.resources?.limits));
  }
  const sideReqs: ResourceMap = {}, sideLimits: ResourceMap = {};
  const initReqs: ResourceMap = {}, initLimits: ResourceMap = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = toResourceMap(c.resources?.requests), l = toResourceMap(c.resources?.limits);
    if (c.restartPolicy === 'Always') {
      addInto(sideReqs, r); addInto(sideLimits, l);
      const tr: ResourceMap = {}, tl: ResourceMap = {};
      addInto(tr, sideReqs); addInto(tl, sideLimits);
      maxInto(initReqs, tr); maxInto(initLimits, tl);
    } else {
      const tr: ResourceMap = {}, tl: ResourceMap = {};
      addInto(tr, r); addInto(tr, sideReqs); addInto(tl, l); addInto(tl, sideLimits);
      maxInto(initReqs, tr); maxInto(initLimits, tl);
    }
  }
  addInto(reqs, sideReqs); addInto(limits, sideLimits);
  maxInto(reqs, initReqs); maxInto(limits, initLimits);
  if (pod.spec?.overhead) { const o = toResourceMap(pod.spec.overhead); addInto(reqs, o); addInto(limits, o); }
  return { reqs, limits };
}
