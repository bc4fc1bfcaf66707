// kubectl's JSON printer: encoding/json MarshalIndent of an unstructured object: keys sorted, 4-space
// indent, HTML-significant characters escaped as Go does.
export function goJSON(v: unknown, indent = '    ', keysOf: (o: Record<string, unknown>) => string[] = sortedKeys): string {
  return enc(v, indent, '', keysOf);
}
/** An unstructured object's keys, as encoding/json writes a map: sorted. */
export const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).filter(k => o[k] !== undefined).sort();
function enc(v: unknown, ind: string, cur: string, keysOf: (o: Record<string, unknown>) => string[]): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isFinite(v) ? numberText(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    if (!ind) return `[${v.map(x => enc(x, ind, cur, keysOf)).join(',')}]`;
    const inner = cur + ind;
    return `[\n${v.map(x => inner + enc(x, ind, inner, keysOf)).join(',\n')}\n${cur}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = keysOf(o);
  if (!keys.length) return '{}';
  if (!ind) return `{${keys.map(k => `${quote(k)}:${enc(o[k], ind, cur, keysOf)}`).join(',')}}`;
  const inner = cur + ind;
  return `{\n${keys.map(k => `${inner}${quote(k)}: ${enc(o[k], ind, inner, keysOf)}`).join(',\n')}\n${cur}}`;
}
/** encoding/json's float64 text: 'f' format, or 'e' (e-7 not e-07) below 1e-6 and from 1e21; JS agrees. */
export function numberText(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return String(n);
}
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '<') out += '\\u003c';
    else if (ch === '>') out += '\\u003e';
    else if (ch === '&') out += '\\u0026';
    else if (c === 0x2028) out += '\\u2028';
    else if (c === 0x2029) out += '\\u2029';
    else if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
/** Compact JSON as Go marshals it (sorted keys, HTML escaping), used by jsonpath and annotations. */
export const compactJSON = (v: unknown) => goJSON(v, '');
