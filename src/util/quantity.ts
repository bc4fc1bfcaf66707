// resource.Quantity parsing: cpu in millicores, memory and others in bytes/units.
const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DEC: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const RE = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

export function isQuantity(v: unknown): boolean {
  return typeof v === 'number' || (typeof v === 'string' && RE.test(v.trim()));
}
/** The quantity's value in base units (cores, bytes, counts). */
export function parseQuantity(v: unknown): number {
  if (typeof v === 'number') return v;
  const m = String(v).trim().match(RE);
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2]) return n * BIN[m[2]]!;
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  return n * DEC[m[4] ?? '']!;
}
export const milli = (v: unknown) => Math.round(parseQuantity(v) * 1000);
