// /openapi/v2 in protobuf, as kube-apiserver serves it to a client asking for
// `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`: the Swagger 2.0 document as gnostic's
// openapi_v2.Document message (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto). client-go's
// discovery client asks only for this form (kubectl's client-side validation of a List, or of a kind the
// OpenAPI v3 verifier cannot vouch for, reads the v2 definitions this way). Maps are ordered (name, value)
// pairs in the document's order; vendor extensions, defaults, enums and examples are `Any` values carrying
// their YAML text (here in YAML's flow form, JSON, which every YAML parser reads); proto3 zero values are left out.

type J = Record<string, unknown>;
type Enc = (w: Writer, v: unknown) => void;

class Writer {
  parts: Buffer[] = [];
  len = 0;
  push(b: Buffer): void { this.parts.push(b); this.len += b.length; }
  varint(n: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    do { let b = Number(v & 0x7fn); v >>= 7n; if (v) b |= 0x80; out.push(b); } while (v);
    this.push(Buffer.from(out));
  }
  tag(field: number, wire: number): void { this.varint((field << 3) | wire); }
  bytes(field: number, b: Buffer): void { this.tag(field, 2); this.varint(b.length); this.push(b); }
  done(): Buffer { return Buffer.concat(this.parts, this.len); }
}

// field encoders: each writes nothing for proto3's zero value
const str = (f: number): Enc => (w, v) => { if (typeof v === 'string' && v !== '') w.bytes(f, Buffer.from(v, 'utf8')); };
const strs = (f: number): Enc => (w, v) => { if (Array.isArray(v)) for (const s of v) w.bytes(f, Buffer.from(String(s), 'utf8')); };
const bool = (f: number): Enc => (w, v) => { if (v === true) { w.tag(f, 0); w.varint(1); } };
const int = (f: number): Enc => (w, v) => { if (typeof v === 'number' && v !== 0) { w.tag(f, 0); w.varint(Math.trunc(v)); } };
const dbl = (f: number): Enc => (w, v) => {
  if (typeof v !== 'number' || v === 0) return;
  const b = Buffer.alloc(8); b.writeDoubleLE(v); w.tag(f, 1); w.push(b);
};
const msg = (f: number, m: (v: unknown) => Buffer | undefined): Enc => (w, v) => { if (v !== undefined) { const b = m(v); if (b) w.bytes(f, b); } };
const msgs = (f: number, m: (v: unknown) => Buffer | undefined): Enc => (w, v) => { if (Array.isArray(v)) for (const x of v) { const b = m(x); if (b) w.bytes(f, b); } };

/** A message from a JSON object: known keys by their encoders, `x-` keys as vendor extensions (if the message has them). */
function message(fields: Record<string, Enc>, vendorField?: number): (v: unknown) => Buffer {
  return v => {
    const w = new Writer();
    const o = (v ?? {}) as J;
    for (const [k, enc] of Object.entries(fields)) if (k in o) enc(w, o[k]);
    if (vendorField) for (const [k, x] of Object.entries(o)) if (k.startsWith('x-')) w.bytes(vendorField, named(k, anyOf(x)));
    return w.done();
  };
}
function named(name: string, value: Buffer): Buffer {
  const w = new Writer();
  w.bytes(1, Buffer.from(name, 'utf8'));
  w.bytes(2, value);
  return w.done();
}
/** openapi_v2.Any: { yaml = 2 }. */
function anyOf(v: unknown): Buffer {
  const w = new Writer();
  w.bytes(2, Buffer.from(typeof v === 'string' ? JSON.stringify(v) : `${JSON.stringify(v)}\n`, 'utf8'));
  return w.done();
}
const anyField = (f: number): Enc => (w, v) => { if (v !== undefined) w.bytes(f, anyOf(v)); };
const anys = (f: number): Enc => (w, v) => { if (Array.isArray(v)) for (const x of v) w.bytes(f, anyOf(x)); };
/** A map as repeated Named<T> pairs, in the document's order. */
const namedMap = (f: number, m: (v: unknown) => Buffer): (v: unknown) => Buffer => v => {
  const w = new Writer();
  for (const [k, x] of Object.entries((v ?? {}) as J)) w.bytes(f, named(k, m(x)));
  return w.done();
};

const externalDocs = message({ description: str(1), url: str(2) }, 3);
const xml = message({ name: str(1), namespace: str(2), prefix: str(3), attribute: bool(4), wrapped: bool(5) }, 6);
const schema = (v: unknown): Buffer => schemaMessage(v);
const schemaMessage: (v: unknown) => Buffer = message({
  $ref: str(1), format: str(2), title: str(3), description: str(4), default: anyField(5), multipleOf: dbl(6),
  maximum: dbl(7), exclusiveMaximum: bool(8), minimum: dbl(9), exclusiveMinimum: bool(10), maxLength: int(11),
  minLength: int(12), pattern: str(13), maxItems: int(14), minItems: int(15), uniqueItems: bool(16),
  maxProperties: int(17), minProperties: int(18), required: strs(19), enum: anys(20),
  additionalProperties: msg(21, v => { const w = new Writer(); if (typeof v === 'boolean') { if (v) { w.tag(2, 0); w.varint(1); } } else w.bytes(1, schema(v)); return w.done(); }),
  type: msg(22, v => { const w = new Writer(); strs(1)(w, Array.isArray(v) ? v : [v]); return w.done(); }),
  items: msg(23, v => { const w = new Writer(); for (const s of Array.isArray(v) ? v : [v]) w.bytes(1, schema(s)); return w.done(); }),
  allOf: msgs(24, schema),
  properties: msg(25, namedMap(1, schema)),
  discriminator: str(26), readOnly: bool(27), xml: msg(28, xml), externalDocs: msg(29, externalDocs), example: anyField(30),
}, 31);

const primitivesItems: (v: unknown) => Buffer = message({
  type: str(1), format: str(2), items: msg(3, v => primitivesItems(v)), collectionFormat: str(4), default: anyField(5),
  maximum: dbl(6), exclusiveMaximum: bool(7), minimum: dbl(8), exclusiveMinimum: bool(9), maxLength: int(10),
  minLength: int(11), pattern: str(12), maxItems: int(13), minItems: int(14), uniqueItems: bool(15), enum: anys(16), multipleOf: dbl(17),
}, 18);
/** Query and formData parameters (allowEmptyValue at 5, the rest one place on from path and header ones). */
const queryLike = message({
  required: bool(1), in: str(2), description: str(3), name: str(4), allowEmptyValue: bool(5), type: str(6), format: str(7),
  items: msg(8, primitivesItems), collectionFormat: str(9), default: anyField(10), maximum: dbl(11), exclusiveMaximum: bool(12),
  minimum: dbl(13), exclusiveMinimum: bool(14), maxLength: int(15), minLength: int(16), pattern: str(17), maxItems: int(18),
  minItems: int(19), uniqueItems: bool(20), enum: anys(21), multipleOf: dbl(22),
}, 23);
const pathLike = message({
  required: bool(1), in: str(2), description: str(3), name: str(4), type: str(5), format: str(6),
  items: msg(7, primitivesItems), collectionFormat: str(8), default: anyField(9), maximum: dbl(10), exclusiveMaximum: bool(11),
  minimum: dbl(12), exclusiveMinimum: bool(13), maxLength: int(14), minLength: int(15), pattern: str(16), maxItems: int(17),
  minItems: int(18), uniqueItems: bool(19), enum: anys(20), multipleOf: dbl(21),
}, 22);
const bodyParameter = message({ description: str(1), name: str(2), in: str(3), required: bool(4), schema: msg(5, schema) }, 6);
/** openapi_v2.Parameter: body_parameter = 1, or non_body_parameter = 2 (header 1, formData 2, query 3, path 4). */
function parameter(v: unknown): Buffer {
  const p = v as J;
  const w = new Writer();
  if (p.in === 'body') w.bytes(1, bodyParameter(p));
  else {
    const nb = new Writer();
    const which = p.in === 'header' ? 1 : p.in === 'formData' ? 2 : p.in === 'query' ? 3 : 4;
    nb.bytes(which, which === 2 || which === 3 ? queryLike(p) : pathLike(p));
    w.bytes(2, nb.done());
  }
  return w.done();
}
const jsonReference = message({ $ref: str(1), description: str(2) });
/** openapi_v2.ParametersItem: a parameter (1) or a JSON reference to one (2). */
function parametersItem(v: unknown): Buffer {
  const w = new Writer();
  if ((v as J).$ref !== undefined) w.bytes(2, jsonReference(v)); else w.bytes(1, parameter(v));
  return w.done();
}
const header = message({
  type: str(1), format: str(2), items: msg(3, primitivesItems), collectionFormat: str(4), default: anyField(5), maximum: dbl(6),
  exclusiveMaximum: bool(7), minimum: dbl(8), exclusiveMinimum: bool(9), maxLength: int(10), minLength: int(11), pattern: str(12),
  maxItems: int(13), minItems: int(14), uniqueItems: bool(15), enum: anys(16), multipleOf: dbl(17), description: str(18),
}, 19);
const response = message({
  description: str(1),
  schema: msg(2, v => { const w = new Writer(); w.bytes(1, schema(v)); return w.done(); }),
  headers: msg(3, namedMap(1, header)),
  examples: msg(4, v => { const w = new Writer(); for (const [k, x] of Object.entries(v as J)) w.bytes(1, named(k, anyOf(x))); return w.done(); }),
}, 5);
function responses(v: unknown): Buffer {
  const w = new Writer();
  for (const [code, r] of Object.entries(v as J)) {
    if (code.startsWith('x-')) continue;
    const rv = new Writer();
    if ((r as J).$ref !== undefined) rv.bytes(2, jsonReference(r)); else rv.bytes(1, response(r));
    w.bytes(1, named(code, rv.done()));
  }
  for (const [k, x] of Object.entries(v as J)) if (k.startsWith('x-')) w.bytes(2, named(k, anyOf(x)));
  return w.done();
}
const securityRequirement = (v: unknown): Buffer => {
  const w = new Writer();
  for (const [k, x] of Object.entries(v as J)) { const a = new Writer(); strs(1)(a, x); w.bytes(1, named(k, a.done())); }
  return w.done();
};
const operation = message({
  tags: strs(1), summary: str(2), description: str(3), externalDocs: msg(4, externalDocs), operationId: str(5),
  produces: strs(6), consumes: strs(7), parameters: msgs(8, parametersItem), responses: msg(9, responses), schemes: strs(10),
  deprecated: bool(11), security: msgs(12, securityRequirement),
}, 13);
const pathItem = message({
  $ref: str(1), get: msg(2, operation), put: msg(3, operation), post: msg(4, operation), delete: msg(5, operation),
  options: msg(6, operation), head: msg(7, operation), patch: msg(8, operation), parameters: msgs(9, parametersItem),
}, 10);
function paths(v: unknown): Buffer {
  const w = new Writer();
  for (const [k, x] of Object.entries(v as J)) if (k.startsWith('x-')) w.bytes(1, named(k, anyOf(x)));
  for (const [k, x] of Object.entries(v as J)) if (!k.startsWith('x-')) w.bytes(2, named(k, pathItem(x)));
  return w.done();
}
/** SecurityDefinitionsItem: basic 1, apiKey 2, oauth2 implicit 3, password 4, application 5, accessCode 6. */
function securityDefinitionsItem(v: unknown): Buffer {
  const s = v as J;
  const w = new Writer();
  const scopes = msg(3, namedMap(1, x => Buffer.from(String(x), 'utf8')));
  if (s.type === 'basic') w.bytes(1, message({ type: str(1), description: str(2) }, 3)(s));
  else if (s.type === 'apiKey') w.bytes(2, message({ type: str(1), name: str(2), in: str(3), description: str(4) }, 5)(s));
  else if (s.flow === 'implicit') w.bytes(3, message({ type: str(1), flow: str(2), scopes, authorizationUrl: str(4), description: str(5) }, 6)(s));
  else if (s.flow === 'password') w.bytes(4, message({ type: str(1), flow: str(2), scopes, tokenUrl: str(4), description: str(5) }, 6)(s));
  else if (s.flow === 'application') w.bytes(5, message({ type: str(1), flow: str(2), scopes, tokenUrl: str(4), description: str(5) }, 6)(s));
  else w.bytes(6, message({ type: str(1), flow: str(2), scopes, authorizationUrl: str(4), tokenUrl: str(5), description: str(6) }, 7)(s));
  return w.done();
}
const info = message({
  title: str(1), version: str(2), description: str(3), termsOfService: str(4),
  contact: msg(5, message({ name: str(1), url: str(2), email: str(3) }, 4)), license: msg(6, message({ name: str(1), url: str(2) }, 3)),
}, 7);
const tag = message({ name: str(1), description: str(2), externalDocs: msg(3, externalDocs) }, 4);

const documentMessage = message({
  swagger: str(1), info: msg(2, info), host: str(3), basePath: str(4), schemes: strs(5), consumes: strs(6), produces: strs(7),
  paths: msg(8, paths), definitions: msg(9, namedMap(1, schema)), parameters: msg(10, namedMap(1, parameter)),
  responses: msg(11, namedMap(1, response)), security: msgs(12, securityRequirement),
  securityDefinitions: msg(13, namedMap(1, securityDefinitionsItem)), tags: msgs(14, tag), externalDocs: msg(15, externalDocs),
}, 16);

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** Whether an Accept header asks for the protobuf form (either spelling kube-openapi answers to). */
export function wantsOpenAPIV2Protobuf(accept: string): boolean {
  return /application\/com\.github\.proto-openapi\.spec\.v2(@|\.)v1\.0\+protobuf/.test(accept);
}

let cached: { doc: unknown; pb: Buffer } | undefined;
/** The document (a Swagger 2.0 object) as an openapi_v2.Document message. */
export function openapiV2Protobuf(doc: unknown): Buffer {
  const c = cached;
  if (c && c.doc === doc) return c.pb;
  const pb = documentMessage(doc);
  cached = { doc, pb };
  return pb;
}
