// A Swagger 2.0 definition in the shape kube-apiserver's OpenAPI v3 documents give it (kube-openapi's
// builder3): a `$ref` with siblings (a field's description, beside the type it refers to) becomes
// `allOf: [{$ref}]`, enum values listed in a description (`Possible enum values:`) are explicit, and the
// types that are one of two (IntOrString, Quantity) say so with oneOf instead of a type. Used by kctl serve's
// /openapi/v3 and by `kctl explain` (which reads the same definitions as kubectl reads them from v3).

type Schema = Record<string, unknown>;

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** OpenAPIV3OneOfTypes of the types that have them. */
const ONE_OF: Record<string, string[]> = { [INT_OR_STRING]: ['integer', 'string'], [QUANTITY]: ['string', 'number'] };

/** `Possible enum values:` lines in a description: what the v3 spec carries as `enum`. */
export function enumFromDescription(d: string): string[] | undefined {
  const at = d.indexOf('Possible enum values:');
  if (at < 0) return undefined;
  const vals: string[] = [];
  for (const line of d.slice(at).split('\n').slice(1)) {
    const m = line.match(/^ - `"((?:[^"\\]|\\.)*)"`/);
    if (m) vals.push(m[1]!.replace(/\\(.)/g, '$1'));
  }
  return vals.length ? vals : undefined;
}

/** One schema (and everything nested in it) as v3 writes it. */
export function schemaV3<T extends Schema>(s: T): T {
  const o: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties') {
      const p: Record<string, Schema> = {};
      for (const [pk, pv] of Object.entries(v as Record<string, Schema>)) p[pk] = schemaV3(pv);
      o.properties = p;
    } else if (k === 'items' && v && typeof v === 'object') o.items = schemaV3(v as Schema);
    else if (k === 'additionalProperties' && v && typeof v === 'object') o.additionalProperties = schemaV3(v as Schema);
    else o[k] = v;
  }
  if (o.$ref && Object.keys(o).length > 1) {
    const ref = o.$ref;
    delete o.$ref;
    o.allOf = [{ $ref: ref }];
  }
  if (o.type === 'string' && !o.enum && typeof o.description === 'string') {
    const e = enumFromDescription(o.description);
    if (e) o.enum = e;
  }
  return o as T;
}

/** A named definition as v3 writes it. */
export function definitionV3<T extends Schema>(name: string, s: T): T {
  const c: Schema = schemaV3(s);
  const one = ONE_OF[name];
  if (one) { delete c.type; c.oneOf = one.map(type => ({ type })); }
  return c as T;
}
