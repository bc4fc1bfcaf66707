// cel.ValidFieldPath (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go): the `fieldPath` of an
// x-kubernetes-validations rule, a relative JSON path of `.name` and `['name']` steps into the rule's schema, as the
// field path errors are reported at. No CEL needed: the CRD check uses it when a CRD is written.
import type { JSONSchemaProps } from '../schema';

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** cel.ValidFieldPath: the field path a rule's fieldPath names, or the reason it names none. */
export function validFieldPath(jsonPath: string, schema: JSONSchemaProps, allowArrayNotation = true): string | { error: string } {
  let s: JSONSchemaProps | undefined = schema;
  let path = '';
  const toks: string[] = [];
  for (let i = 0; i < jsonPath.length;) {
    const c = jsonPath[i]!;
    if (c === '.' || c === '[' || c === ']') { toks.push(c); i++; continue; }
    if (c === "'") {
      let j = i + 1;
      while (j < jsonPath.length && !(jsonPath[j] === "'" && jsonPath[j - 1] !== '\\')) j++;
      toks.push(jsonPath.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < jsonPath.length && !'.[]'.includes(jsonPath[j]!)) j++;
    toks.push(jsonPath.slice(i, j));
    i = j;
  }
  const step = (name: string, named: boolean): string | undefined => {
    if (!named) { path += `[${name}]`; s = isMap(s!.additionalProperties) ? s!.additionalProperties as JSONSchemaProps : undefined; return undefined; }
    path = path ? `${path}.${name}` : name;
    const next: JSONSchemaProps | undefined = s!.properties?.[name];
    if (!next) return 'does not refer to a valid field';
    s = next;
    return undefined;
  };
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    if (tok === '[') {
      if (!allowArrayNotation) return { error: 'array notation is not allowed' };
      const q = toks[++i];
      if (q === undefined) return { error: 'unexpected end of JSON path' };
      if (q.length < 2 || q[0] !== "'" || q[q.length - 1] !== "'") return { error: `expected single quoted string but got ${q}` };
      const name = q.slice(1, -1).replace(/\\(.)/g, (_m, ch: string) => ({ a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\' } as Record<string, string>)[ch] ?? ch);
      if (!s) return { error: 'does not refer to a valid field' };
      const named = !!s.properties;
      if (!named && !s.additionalProperties) return { error: 'does not refer to a valid field' };
      const e = step(name, named);
      if (e) return { error: e };
      if (toks[++i] !== ']') return { error: toks[i] === undefined ? 'unexpected end of JSON path' : `expected ] but got ${toks[i]}` };
    } else if (tok === '.') {
      const name = toks[++i];
      if (name === undefined) return { error: 'unexpected end of JSON path' };
      if (!s) return { error: 'does not refer to a valid field' };
      const named = !!s.properties;
      if (!named && !s.additionalProperties) return { error: 'does not refer to a valid field' };
      const e = step(name, named);
      if (e) return { error: e };
    } else return { error: `expected [ or . but got: ${tok}` };
  }
  return path;
}

