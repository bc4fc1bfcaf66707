// resource.Quantity: parse a quantity string and print it in canonical form, as the typed ResourceList does.
import { CliError } from '../../api/errors';

const QRE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const BIN = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

export function canonicalQuantity(s: string): string {
  const bad = () => new CliError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  const m = s.match(QRE);
  if (!m) throw bad();
  const num = m[1]!, suf = m[2]!;
  const nm = num.match(/^([+-]?)(\d*)(?:\.(\d*))?$/);
  if (!nm || (!nm[2] && !nm[3])) throw bad();
  const neg = nm[1] === '-';
  const intPart = nm[2] || '0', frac = (nm[3] ?? '').replace(/0+$/, '');
  // value = mant * 10^exp10 * 2^exp2
  let mant = BigInt(intPart + frac);
  let exp10 = -frac.length;
  let exp2 = 0;
  let format: 'bin' | 'dec' | 'exp' = 'dec';
  if (BIN.includes(suf) && suf !== '') { exp2 = 10 * BIN.indexOf(suf); format = 'bin'; }
  else if (suf in DEC) exp10 += DEC[suf]!;
  else if (/^[eE][-+]?\d+$/.test(suf)) { exp10 += Number(suf.slice(1)); format = 'exp'; }
  else throw bad();
  if (mant === 0n) return '0';
  const sign = neg ? '-' : '';
  if (format === 'bin') {
    // exact integer value?
    let v = mant * 2n ** BigInt(exp2);
    if (exp10 < 0) {
      const d = 10n ** BigInt(-exp10);
      if (v % d === 0n) v = v / d;
      else { format = 'dec'; }
    }
    if (format === 'bin') {
      let i = 0;
      while (i < BIN.length - 1 && v % 1024n === 0n && v >= 1024n) { v /= 1024n; i++; }
      if (i === 0 && v < 1024n) return `${sign}${v}`;
      return `${sign}${v}${BIN[i]}`;
    }
    mant = mant * 2n ** BigInt(exp2);
  }
  // normalise: strip trailing zeros into the exponent
  while (mant % 10n === 0n) { mant /= 10n; exp10++; }
  // round to nano
  if (exp10 < -9) {
    const d = 10n ** BigInt(-9 - exp10);
    mant = (mant + d - 1n) / d; exp10 = -9;
  }
  let e = Math.floor(exp10 / 3) * 3;
  if (e > 18) e = 18;
  const scaled = mant * 10n ** BigInt(exp10 - e);
  if (format === 'exp') return `${sign}${scaled}${e ? `${suf.includes('E') ? 'E' : 'e'}${e}` : ''}`;
  return `${sign}${scaled}${DEC_SUFFIX[e]}`;
}
