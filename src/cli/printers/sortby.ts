// --sort-by: kubectl's RuntimeSort / TableSorter. The field is a relaxed jsonpath; the first value of each
// object is compared: numbers numerically, two strings as quantities when both parse as one, otherwise byte
// order (what kubectl 1.33 was observed to do); an object without the field is "less" than anything, even
// another object without it. kubectl orders with Go's sort.Sort (pattern-defeating quicksort, not stable),
// so that algorithm is reproduced here: ties and missing fields come out in the same order as kubectl's.
import type { Item } from '../builder';
import { CliError } from '../../api/errors';
import { evalJSONPath, goQuote, jsonPathParseError } from './jsonpath';
import { relaxedJSONPath } from './customcolumns';

export function sortItems(items: Item[], spec: string): Item[] {
  const field = relaxedJSONPath(spec);
  const perr = jsonPathParseError(field);
  if (perr !== undefined) throw new CliError(perr);
  const keyed = items.map(it => {
    const r = evalJSONPath(field, it.obj);
    return { it, has: r.length > 0 && r[0]!.length > 0, v: r[0]?.[0] };
  });
  if (!keyed.length) return items;
  if (!keyed.some(k => k.has)) throw new CliError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  goSort(keyed, (a, b) => {
    if (!a.has) return true;
    if (!b.has) return false;
    return less(a.v, b.v, field);
  });
  return keyed.map(k => k.it);
}

/** kubectl's isLess for two unstructured values. */
export function less(a: unknown, b: unknown, field = ''): boolean {
  if (a === null && b === null) return false;
  if (a === null) return true;
  if (b === null) return false;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a), qb = parseQuantity(b);
    if (qa !== undefined && qb !== undefined) return qa < qb;
    return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
  }
  // int64 against float64 is an error in kubectl; JSON cannot tell 2 from 2.0, so numbers compare as numbers
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  const t = typeof a === 'boolean' ? 'type: bool' : Array.isArray(a) ? 'type: []interface {}' : typeof a === 'object' ? 'type: map[string]interface {}' : 'interface: interface';
  throw new CliError(`Field ${field} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable ${t}`);
}

const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};
/** resource.ParseQuantity's accepted forms, as a number (enough to order them). */
export function parseQuantity(s: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|n|u|m|k|M|G|T|P|E)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suf = m[2] ?? '';
  if (/^[eE]/.test(suf)) return n * 10 ** Number(suf.slice(1));
  return n * SUFFIX[suf]!;
}

// ----------------------------------------------------------------------- Go's sort.Sort (pdqsort)
type Less<T> = (a: T, b: T) => boolean;

/** Sorts `d` in place exactly as Go's sort.Sort would with the same Less. */
export function goSort<T>(d: T[], lessFn: Less<T>): void {
  const n = d.length;
  if (n <= 1) return;
  const L = (i: number, j: number) => lessFn(d[i]!, d[j]!);
  const S = (i: number, j: number) => { const t = d[i]!; d[i] = d[j]!; d[j] = t; };
  const insertionSort = (a: number, b: number) => {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && L(j, j - 1); j--) S(j, j - 1);
  };
  const siftDown = (lo: number, hi: number, first: number) => {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && L(first + child, first + child + 1)) child++;
      if (!L(first + root, first + child)) return;
      S(first + root, first + child);
      root = child;
    }
  };
  const heapSort = (a: number, b: number) => {
    const first = a, lo = 0, hi = b - a;
    for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) { S(first, first + i); siftDown(lo, i, first); }
  };
  const order2 = (a: number, b: number, sw: { n: number }): [number, number] => { if (L(b, a)) { sw.n++; return [b, a]; } return [a, b]; };
  const median = (a: number, b: number, c: number, sw: { n: number }) => {
    [a, b] = order2(a, b, sw); [b, c] = order2(b, c, sw); [a, b] = order2(a, b, sw); void c;
    return b;
  };
  const medianAdjacent = (a: number, sw: { n: number }) => median(a - 1, a, a + 1, sw);
  const choosePivot = (a: number, b: number): [number, number] => {
    const l = b - a;
    const sw = { n: 0 };
    let i = a + Math.floor(l / 4) * 1, j = a + Math.floor(l / 4) * 2, k = a + Math.floor(l / 4) * 3;
    if (l >= 8) {
      if (l >= 50) { i = medianAdjacent(i, sw); j = medianAdjacent(j, sw); k = medianAdjacent(k, sw); }
      j = median(i, j, k, sw);
    }
    return [j, sw.n === 0 ? 1 : sw.n === 12 ? 2 : 0]; // 1 increasing, 2 decreasing, 0 unknown
  };
  const reverseRange = (a: number, b: number) => { let i = a, j = b - 1; while (i < j) { S(i, j); i++; j--; } };
  const partialInsertionSort = (a: number, b: number): boolean => {
    let i = a + 1;
    for (let step = 0; step < 5; step++) {
      while (i < b && !L(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < 50) return false;
      S(i, i - 1);
      if (i - a >= 2) for (let j = i - 1; j >= 1; j--) { if (!L(j, j - 1)) break; S(j, j - 1); }
      if (b - i >= 2) for (let j = i + 1; j < b; j++) { if (!L(j, j - 1)) break; S(j, j - 1); }
    }
    return false;
  };
  const M64 = (1n << 64n) - 1n;
  const breakPatterns = (a: number, b: number) => {
    const length = b - a;
    if (length >= 8) {
      let r = BigInt(length);
      const next = () => { r ^= (r << 13n) & M64; r ^= r >> 7n; r ^= (r << 17n) & M64; return r; };
      const modulus = 2 ** (length.toString(2).length);
      const idx = a + Math.floor(length / 4) * 2 - 1;
      for (let i = 0; i < 3; i++) {
        let other = Number(next() & BigInt(modulus - 1));
        if (other >= length) other -= length;
        S(idx + i, a + other);
      }
    }
  };
  const partitionEqual = (a: number, b: number, pivot: number): number => {
    S(a, pivot);
    let i = a + 1, j = b - 1;
    for (;;) {
      while (i <= j && !L(a, i)) i++;
      while (i <= j && L(a, j)) j--;
      if (i > j) break;
      S(i, j); i++; j--;
    }
    return i;
  };
  const partition = (a: number, b: number, pivot: number): [number, boolean] => {
    S(a, pivot);
    let i = a + 1, j = b - 1;
    while (i <= j && L(i, a)) i++;
    while (i <= j && !L(j, a)) j--;
    if (i > j) { S(j, a); return [j, true]; }
    S(i, j); i++; j--;
    for (;;) {
      while (i <= j && L(i, a)) i++;
      while (i <= j && !L(j, a)) j--;
      if (i > j) break;
      S(i, j); i++; j--;
    }
    S(j, a);
    return [j, false];
  };
  const pdqsort = (a: number, b: number, limit: number): void => {
    let wasBalanced = true, wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= 12) { insertionSort(a, b); return; }
      if (limit === 0) { heapSort(a, b); return; }
      if (!wasBalanced) { breakPatterns(a, b); limit--; }
      let [pivot, hint] = choosePivot(a, b);
      if (hint === 2) { reverseRange(a, b); pivot = (b - 1) - (pivot - a); hint = 1; }
      if (wasBalanced && wasPartitioned && hint === 1) { if (partialInsertionSort(a, b)) return; }
      if (a > 0 && !L(a - 1, pivot)) { a = partitionEqual(a, b, pivot); continue; }
      const [mid, already] = partition(a, b, pivot);
      wasPartitioned = already;
      const leftLen = mid - a, rightLen = b - mid;
      const balanceThreshold = Math.floor(length / 8);
      if (leftLen < rightLen) { wasBalanced = leftLen >= balanceThreshold; pdqsort(a, mid, limit); a = mid + 1; }
      else { wasBalanced = rightLen >= balanceThreshold; pdqsort(mid + 1, b, limit); b = mid; }
    }
  };
  pdqsort(0, n, n.toString(2).length);
}
