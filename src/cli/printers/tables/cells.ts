// Cell helpers shared by the table printers: the value rules of kube-apiserver's printers
// (pkg/printers/internalversion), written for kctl's plain-JSON objects.
import type { Column } from './types';
import { age } from '../../../util/duration';

export const col = (name: string, priority: 0 | 1 = 0): Column => ({ name, priority });

/** AGE of an object. */
export const ageOf = (o: any, now: number): string => age(o?.metadata?.creationTimestamp, now);

/** Go's %d of an optional integer (nil → 0). */
export const int = (n: unknown): string => String(typeof n === 'number' ? Math.trunc(n) : typeof n === 'string' && /^-?\d+$/.test(n) ? Number(n) : 0);

/** Go's %v of a bool (nil → false). */
export const bool = (b: unknown): string => (b === true ? 'true' : 'false');

/** printBoolPtr: True / False / <unset>. */
export const boolPtr = (b: unknown): string => (b === undefined || b === null ? '<unset>' : b === true ? 'True' : 'False');

/** String of an optional string, `dflt` when missing or empty. */
export const str = (s: unknown, dflt = ''): string => (typeof s === 'string' && s !== '' ? s : s === undefined || s === null || s === '' ? dflt : String(s));

/** labels.FormatLabels: k=v sorted by key, `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort(byteCmp);
  return keys.length ? keys.map(k => `${k}=${m![k]}`).join(',') : '<none>';
}

export const byteCmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The String() of metav1.LabelSelectorAsSelector: requirements sorted by key; nil or empty gives ''. */
export function labelSelectorString(ls: any): string {
  if (!ls || typeof ls !== 'object') return '';
  const reqs: { key: string; s: string }[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) reqs.push({ key: k, s: `${k}=${v}` });
  for (const e of ls.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].map(String).sort(byteCmp);
    const list = vals.length === 1 ? vals[0] : vals.join(',');
    switch (e.operator) {
      case 'In': reqs.push({ key: e.key, s: `${e.key} in (${list})` }); break;
      case 'NotIn': reqs.push({ key: e.key, s: `${e.key} notin (${list})` }); break;
      case 'Exists': reqs.push({ key: e.key, s: `${e.key}` }); break;
      case 'DoesNotExist': reqs.push({ key: e.key, s: `!${e.key}` }); break;
      default: return '<error>';
    }
  }
  return reqs.sort((a, b) => byteCmp(a.key, b.key)).map(r => r.s).join(',');
}

/** metav1.FormatLabelSelector: like labelSelectorString, with `<none>` for an empty result. */
export function formatLabelSelector(ls: any): string {
  return labelSelectorString(ls) || '<none>';
}

/** layoutContainerCells: container names and images joined with `,` (regular containers only). */
export function containerCells(podSpec: any): [string, string] {
  const cs: any[] = podSpec?.containers ?? [];
  return [cs.map(c => c?.name ?? '').join(','), cs.map(c => c?.image ?? '').join(',')];
}

/** Access modes in the fixed order RWO, ROX, RWX, RWOP, de-duplicated. */
export function accessModes(modes: unknown): string {
  const have = new Set(Array.isArray(modes) ? modes : []);
  const out: string[] = [];
  if (have.has('ReadWriteOnce')) out.push('RWO');
  if (have.has('ReadOnlyMany')) out.push('ROX');
  if (have.has('ReadWriteMany')) out.push('RWX');
  if (have.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** Load-balancer ingress addresses: IP, else hostname; de-duplicated, sorted, joined with `,`.
 * (The server builds tables with Wide=true, so the 16-character clipping never applies to `get`.) */
export function lbAddresses(ingress: unknown): string {
  const set = new Set<string>();
  for (const i of Array.isArray(ingress) ? ingress : []) {
    if (i?.ip) set.add(i.ip); else if (i?.hostname) set.add(i.hostname);
  }
  return [...set].sort(byteCmp).join(',');
}

/** `a,b,c + N more...` for lists clipped at `max`. */
export function moreList(list: string[], total: number, max: number, empty = ''): string {
  const ret = list.slice(0, max).join(',');
  if (total > max) return `${ret} + ${total - max} more...`;
  return ret === '' ? empty : ret;
}

/** A timestamp cell in RFC3339 (UTC), as the default table convertor's CREATED AT. */
export function rfc3339(ts: unknown): string {
  if (typeof ts !== 'string' || !ts) return '';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** net.JoinHostPort. */
export const joinHostPort = (ip: string, port: unknown) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** intstr.IntOrString.String(). */
export const intOrString = (v: unknown): string => (typeof v === 'number' ? String(Math.trunc(v)) : String(v ?? ''));

// ---- resource.Quantity canonical form ----
const BIN_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const DEC_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QRE = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

/** resource.Quantity's String(): the canonical form of a quantity (`1024Mi` → `1Gi`, `1000m` → `1`). */
export function quantityString(v: unknown): string {
  if (v === undefined || v === null || v === '') return '0';
  if (typeof v === 'number') v = String(v);
  const s = String(v).trim();
  const m = s.match(QRE);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return s;
  const neg = m[1] === '-';
  const frac = m[3] ?? '';
  // value = digits * 10^exp10 * 2^exp2
  let digits = BigInt((m[2] || '0') + frac);
  let exp10 = -frac.length;
  const bin = m[4] ? BIN_SUFFIX.indexOf(m[4]) * 10 : 0;
  const isExp = m[5] !== undefined;
  if (isExp) exp10 += Number(m[5]);
  if (m[6] !== undefined) exp10 += DEC_EXP[m[6]]!;
  if (digits === 0n) return '0';
  const sign = neg ? '-' : '';
  if (m[4]) {
    // Binary: exact integer number of units, at least 1024, keeps a binary suffix.
    let n = digits * (1n << BigInt(bin));
    let ok = true;
    for (let e = exp10; e < 0; e++) { if (n % 10n !== 0n) { ok = false; break; } n /= 10n; }
    if (ok && n >= 1024n) {
      let k = 0;
      while (k < 6 && n % 1024n === 0n) { n /= 1024n; k++; }
      return `${sign}${n}${BIN_SUFFIX[k]}`;
    }
    // otherwise it is written in decimal SI
    digits = digits * (1n << BigInt(bin));
  }
  // Decimal: normalise to digits * 10^exp10 with no trailing zeros, then choose an exponent that is a multiple of 3.
  while (digits % 10n === 0n) { digits /= 10n; exp10++; }
  if (exp10 < -9) {
    // rounds up to nano units
    const scale = 10n ** BigInt(-9 - exp10);
    digits = (digits + scale - 1n) / scale; exp10 = -9;
    while (digits % 10n === 0n) { digits /= 10n; exp10++; }
  }
  let e3 = Math.floor(exp10 / 3) * 3;
  if (e3 > 18 && !isExp) e3 = 18;
  const n = digits * 10n ** BigInt(exp10 - e3);
  if (isExp) return e3 === 0 ? `${sign}${n}` : `${sign}${n}e${e3}`;
  return `${sign}${n}${DEC_SUFFIX[e3] ?? ''}`;
}
