// The table of a custom resource: NAME and the CRD's additionalPrinterColumns, each cell worked out as
// apiextensions-apiserver's table convertor does (pkg/registry/customresource/tableconvertor): the column's
// JSONPath, then by type: integer, number, boolean, string (printed as jsonpath prints it), date (an age).
import type { ResourceInfo } from '../../../api/types';
import type { TableDef } from './types';
import { evalJSONPath, printJSONPath, formatFloatG } from '../jsonpath';
import { age } from '../../../util/duration';

const cache = new WeakMap<object, TableDef>();

export function customTable(ri: ResourceInfo): TableDef {
  const c = ri.custom!;
  let t = cache.get(c);
  if (t) return t;
  const cols = c.columns;
  t = {
    columns: [{ name: 'Name', priority: 0 }, ...cols.map(col => ({ name: col.name, priority: ((col.priority ?? 0) > 0 ? 1 : 0) as 0 | 1 }))],
    row(obj, ctx) {
      const cells = [obj.metadata.name ?? ''];
      for (const col of cols) cells.push(cell(col.type, col.jsonPath, obj, ctx.now));
      return cells;
    },
  };
  cache.set(c, t);
  return t;
}

/** `.spec.x` → `{.spec.x}` (RelaxedJSONPathExpression). */
function template(p: string): string {
  let s = p.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (!s.startsWith('.')) s = '.' + s;
  return `{${s}}`;
}

function cell(type: string, path: string, obj: unknown, now: number): string {
  let results: unknown[][];
  try { results = evalJSONPath(template(path), obj); } catch { return '<none>'; }
  if (!results.length || !results[0]!.length) return '<none>';
  const v = results[0]![0];
  if (v === null || v === undefined) return '<none>';
  switch (type) {
    case 'string':
      try { return printJSONPath(template(path), obj, false); } catch { return '<none>'; }
    case 'integer': return typeof v === 'number' ? String(Math.trunc(v)) : '<none>';
    case 'number': return typeof v === 'number' ? formatFloatG(v) : '<none>';
    case 'boolean': return typeof v === 'boolean' ? String(v) : '<none>';
    case 'date': {
      if (typeof v !== 'string') return '<none>';
      if (Number.isNaN(Date.parse(v))) return '<invalid>';
      return age(v, now);
    }
    default: return '<none>';
  }
}
