// --sort-by: a stable sort on a jsonpath field; numbers numerically, strings byte-wise, times by time.
import type { Item } from '../builder';
import { CliError } from '../../api/errors';

export function sortItems(items: Item[], spec: string): Item[] {
  const { evalJSONPath } = require('./jsonpath') as { evalJSONPath?: (t: string, o: unknown) => unknown[][] };
  let expr = spec.trim();
  if (!expr.startsWith('{')) expr = `{${expr}}`;
  const get = (o: unknown): unknown => {
    if (evalJSONPath) { const r = evalJSONPath(expr, o); return r[0]?.[0]; }
    let cur: any = o;
    for (const p of expr.slice(1, -1).replace(/^\./, '').split('.')) cur = cur?.[p];
    return cur;
  };
  const keyed = items.map((it, i) => ({ it, i, v: get(it.obj) }));
  if (items.length && keyed.every(k => k.v === undefined)) throw new CliError(`couldn't find any field with path "${expr}" in the list of objects`);
  keyed.sort((a, b) => compare(a.v, b.v) || a.i - b.i);
  return keyed.map(k => k.it);
}
function compare(a: unknown, b: unknown): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a); const sb = typeof b === 'string' ? b : JSON.stringify(b);
  const ta = /^\d{4}-\d\d-\d\dT/.test(sa) ? Date.parse(sa) : NaN; const tb = /^\d{4}-\d\d-\d\dT/.test(sb) ? Date.parse(sb) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  const qa = parseQ(sa), qb = parseQ(sb);
  if (qa !== undefined && qb !== undefined) return qa - qb;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
function parseQ(s: string): number | undefined {
  const { isQuantity, parseQuantity } = require('../../util/quantity') as typeof import('../../util/quantity');
  return isQuantity(s) ? parseQuantity(s) : undefined;
}
