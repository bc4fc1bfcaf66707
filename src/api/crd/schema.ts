// Structural schemas of CustomResourceDefinitions, as apiextensions-apiserver applies them to custom resources:
// pruning of unknown fields (pkg/apiserver/schema/pruning), defaulting and the nulls it drops
// (pkg/apiserver/schema/defaulting), and OpenAPI v3 validation with kube-openapi's messages
// (pkg/apiserver/validation: `spec.replicas in body must be of type integer: "string"`).
// Validation runs through ajv: the schema is compiled once per CRD version into standalone code, which the
// registry keeps with the cluster (so later invocations load the code, never ajv itself).
import vm from 'node:vm';
import type { FieldError } from '../errors';

export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  nullable?: boolean;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  minimum?: number; maximum?: number; exclusiveMinimum?: boolean; exclusiveMaximum?: boolean; multipleOf?: number;
  minLength?: number; maxLength?: number; pattern?: string;
  minItems?: number; maxItems?: number; uniqueItems?: boolean;
  minProperties?: number; maxProperties?: number;
  allOf?: JSONSchemaProps[]; anyOf?: JSONSchemaProps[]; oneOf?: JSONSchemaProps[]; not?: JSONSchemaProps;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: { rule: string; message?: string; messageExpression?: string; reason?: string; fieldPath?: string }[];
  [k: string]: unknown;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** ObjectMeta's fields: what survives pruning of `metadata` at the root and in embedded resources. */
const META_FIELDS = new Set(['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields']);

/** Drop fields the schema does not know (in place); returns their paths (`spec.foo`, `spec.items[0].bar`). */
export function prune(obj: Record<string, unknown>, schema: JSONSchemaProps | undefined): string[] {
  const unknown: string[] = [];
  pruneObject(obj, schema, '', true, unknown);
  return unknown;
}
function join(path: string, key: string): string { return path ? `${path}.${key}` : key; }
function pruneObject(v: Record<string, unknown>, s: JSONSchemaProps | undefined, path: string, resourceRoot: boolean, unknown: string[]): void {
  const preserve = !!s?.['x-kubernetes-preserve-unknown-fields'];
  for (const k of Object.keys(v)) {
    const p = join(path, k);
    if (resourceRoot && (k === 'apiVersion' || k === 'kind')) continue;
    if (resourceRoot && k === 'metadata') {
      if (isMap(v.metadata)) for (const mk of Object.keys(v.metadata)) if (!META_FIELDS.has(mk)) { unknown.push(join(p, mk)); delete v.metadata[mk]; }
      continue;
    }
    const child = s?.properties?.[k] ?? (isMap(s?.additionalProperties) ? s!.additionalProperties as JSONSchemaProps : s?.additionalProperties === true ? {} : undefined);
    if (!child) {
      if (preserve) continue;
      unknown.push(p);
      delete v[k];
      continue;
    }
    pruneValue(v[k], child, p, unknown);
  }
}
function pruneValue(v: unknown, s: JSONSchemaProps, path: string, unknown: string[]): void {
  if (Array.isArray(v)) {
    if (s.items) v.forEach((x, i) => pruneValue(x, s.items!, `${path}[${i}]`, unknown));
    return;
  }
  if (!isMap(v)) return;
  if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties && !s.additionalProperties && !s['x-kubernetes-embedded-resource']) return;
  if (s.type !== 'object' && !s['x-kubernetes-embedded-resource'] && !s.properties && !s.additionalProperties) {
    if (s['x-kubernetes-preserve-unknown-fields']) return;
  }
  pruneObject(v, s, path, !!s['x-kubernetes-embedded-resource'], unknown);
}

/** Apply `default`s (in place): nulls of non-nullable fields give way to a default or are dropped. */
export function applyDefaults(v: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(v)) { if (s.items) for (const x of v) applyDefaults(x, s.items); return; }
  if (!isMap(v)) return;
  if (s.properties) {
    for (const [k, ps] of Object.entries(s.properties)) {
      const has = Object.prototype.hasOwnProperty.call(v, k);
      if (has && v[k] === null && !ps.nullable) {
        if (ps.default !== undefined) v[k] = structuredClone(ps.default); else delete v[k];
      } else if (!has && ps.default !== undefined) {
        v[k] = structuredClone(ps.default);
      }
      if (v[k] !== undefined) applyDefaults(v[k], ps);
    }
  }
  if (isMap(s.additionalProperties)) {
    for (const k of Object.keys(v)) if (!s.properties?.[k]) applyDefaults(v[k], s.additionalProperties as JSONSchemaProps);
  }
}

// ---------------- validation ----------------

/** The JSON Schema (draft-07) ajv checks for one structural schema. */
export function toJSONSchema(s: JSONSchemaProps | undefined, root = true): Record<string, unknown> {
  if (!s) return {};
  const out: Record<string, unknown> = {};
  if (s['x-kubernetes-int-or-string']) out.type = s.nullable ? ['integer', 'string', 'null'] : ['integer', 'string'];
  else if (s.type) out.type = s.nullable ? [s.type, 'null'] : s.type;
  for (const k of ['minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'enum'] as const)
    if (s[k] !== undefined) out[k] = s[k];
  if (s.exclusiveMinimum && s.minimum !== undefined) { out.exclusiveMinimum = s.minimum; delete out.minimum; }
  if (s.exclusiveMaximum && s.maximum !== undefined) { out.exclusiveMaximum = s.maximum; delete out.maximum; }
  if (s.pattern !== undefined) out.pattern = s.pattern;
  if (s.required?.length) out.required = s.required;
  if (s.properties) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties)) {
      if (root && k === 'metadata') continue; // ObjectMeta is the registry's to check
      props[k] = toJSONSchema(v, false);
    }
    out.properties = props;
  }
  if (isMap(s.additionalProperties)) out.additionalProperties = toJSONSchema(s.additionalProperties as JSONSchemaProps, false);
  if (s.items) out.items = toJSONSchema(s.items, false);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (s[k]) out[k] = s[k]!.map(x => toJSONSchema(x, false));
  if (s.not) out.not = toJSONSchema(s.not, false);
  return out;
}

/** ajv standalone code for a schema (loads ajv: only when a CRD is written or its code is missing). */
export function compileValidator(s: JSONSchemaProps | undefined): string {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ allErrors: true, messages: false, strict: false, validateFormats: false, code: { source: true, lines: false, optimize: true } });
  const validate = ajv.compile(toJSONSchema(s));
  return standaloneCode(ajv, validate) as string;
}

interface AjvError { instancePath: string; keyword: string; params: Record<string, any> }
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
const loaded = new Map<string, Validator>();
/** The validator for standalone code (compiled by V8 once per process and code). */
export function loadValidator(key: string, code: string): Validator {
  let v = loaded.get(key);
  if (!v) {
    const m: { exports: any } = { exports: {} };
    (new vm.Script('(function (module, exports, require) {' + code + '\n})').runInThisContext() as Function)(m, m.exports, require);
    v = (m.exports.default ?? m.exports) as Validator;
    loaded.set(key, v);
  }
  return v;
}

/** Go's %v of a JSON value (float64 for numbers, as unstructured decoding gives them). */
function goV(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : goFloat(v);
  return String(v);
}
function goFloat(n: number): string {
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}
/** The JSON type kube-openapi names for a value. */
function schType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return 'object';
}
function valueAt(obj: unknown, segs: string[]): unknown {
  let cur: any = obj;
  for (const s of segs) cur = cur?.[s];
  return cur;
}
function fieldPath(obj: unknown, segs: string[]): string {
  let out = '';
  let cur: any = obj;
  for (const s of segs) {
    if (Array.isArray(cur)) out += `[${s}]`; else out += out ? `.${s}` : s;
    cur = cur?.[s];
  }
  return out;
}
function schemaAt(s: JSONSchemaProps | undefined, obj: unknown, segs: string[]): JSONSchemaProps | undefined {
  let cur: any = obj;
  for (const seg of segs) {
    if (!s) return undefined;
    if (Array.isArray(cur)) s = s.items;
    else s = s.properties?.[seg] ?? (isMap(s.additionalProperties) ? s.additionalProperties as JSONSchemaProps : undefined);
    cur = cur?.[seg];
  }
  return s;
}

/** Field errors for a custom resource, worded as kube-openapi's validator and apiextensions word them. */
export function validate(validator: Validator, schema: JSONSchemaProps | undefined, obj: Record<string, unknown>): FieldError[] {
  const data = { ...obj };
  delete data.metadata;
  if (validator(data)) return [];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  // kube-openapi stops at a type mismatch: nothing below a wrong type is reported
  const typeFailed: string[] = [];
  for (const e of validator.errors ?? []) {
    const segs = e.instancePath ? e.instancePath.slice(1).split('/').map(x => x.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
    const ptr = segs.join('/');
    if (typeFailed.some(t => ptr !== t && ptr.startsWith(t + '/'))) continue;
    const path = fieldPath(data, segs);
    const value = valueAt(data, segs);
    const s = schemaAt(schema, data, segs);
    let fe: FieldError | undefined;
    switch (e.keyword) {
      case 'type': {
        typeFailed.push(ptr);
        const want = s?.['x-kubernetes-int-or-string'] ? 'integer,string' : String(s?.type ?? e.params.type);
        fe = { field: path, type: 'Invalid', value: schType(value), detail: `${path} in body must be of type ${want}: "${schType(value)}"` };
        break;
      }
      case 'required': {
        const p = path ? `${path}.${e.params.missingProperty}` : String(e.params.missingProperty);
        fe = { field: p, type: 'Required' };
        break;
      }
      case 'enum': {
        const vals = (s?.enum ?? e.params.allowedValues ?? []).map((x: unknown) => `"${typeof x === 'string' ? x : JSON.stringify(x)}"`.replace(/^""(.*)""$/, '"$1"'));
        fe = { field: path, type: 'NotSupported', value, detail: `supported values: ${vals.join(', ')}` };
        break;
      }
      case 'minimum': fe = inv(path, value, `${path} in body should be greater than or equal to ${goV(e.params.limit)}`); break;
      case 'exclusiveMinimum': fe = inv(path, value, `${path} in body should be greater than ${goV(e.params.limit)}`); break;
      case 'maximum': fe = inv(path, value, `${path} in body should be less than or equal to ${goV(e.params.limit)}`); break;
      case 'exclusiveMaximum': fe = inv(path, value, `${path} in body should be less than ${goV(e.params.limit)}`); break;
      case 'multipleOf': fe = inv(path, value, `${path} in body should be a multiple of ${goV(e.params.multipleOf)}`); break;
      case 'minLength': fe = inv(path, value, `${path} in body should be at least ${e.params.limit} chars long`); break;
      case 'maxLength': fe = { field: path, type: 'TooLong', detail: `may not be more than ${e.params.limit} bytes` }; break;
      case 'pattern': fe = inv(path, value, `${path} in body should match '${e.params.pattern}'`); break;
      case 'minItems': fe = inv(path, Array.isArray(value) ? value.length : 0, `${path} in body should have at least ${e.params.limit} items`); break;
      case 'maxItems': fe = { field: path, type: 'TooMany', value: Array.isArray(value) ? value.length : -1, detail: `must have at most ${e.params.limit} items` }; break;
      case 'uniqueItems': fe = inv(path, '', `${path} in body shouldn't contain duplicates`); break;
      case 'minProperties': fe = inv(path, isMap(value) ? Object.keys(value).length : 0, `${path} in body should have at least ${e.params.limit} properties`); break;
      case 'maxProperties': fe = { field: path, type: 'TooMany', value: isMap(value) ? Object.keys(value).length : -1, detail: `must have at most ${e.params.limit} items` }; break;
      case 'anyOf': case 'oneOf': case 'allOf': case 'not': case 'if': continue; // their branches report
      default: fe = inv(path, '', `${path} in body is invalid`);
    }
    const key = `${fe.field}|${fe.type}|${fe.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errs.push(fe);
  }
  return errs;
}
const inv = (field: string, value: unknown, detail: string): FieldError => ({ field, type: 'Invalid', value, detail });

/** Every x-kubernetes-validations rule of a schema, with the path it sits at. */
export function celRules(s: JSONSchemaProps | undefined, path = ''): { path: string; rule: string }[] {
  if (!s) return [];
  const out: { path: string; rule: string }[] = [];
  for (const r of s['x-kubernetes-validations'] ?? []) out.push({ path: path || '<root>', rule: r.rule });
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...celRules(v, join(path, k)));
  if (isMap(s.additionalProperties)) out.push(...celRules(s.additionalProperties as JSONSchemaProps, join(path, '*')));
  if (s.items) out.push(...celRules(s.items, `${path}[*]`));
  return out;
}
