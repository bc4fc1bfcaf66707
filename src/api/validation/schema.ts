// Schema validation against the official OpenAPI definitions (strict decoding: unknown fields, types).
// Validators are generated at build time (ajv standalone code, one module per kind, dist/validators/) by
// scripts/gen-validators.mjs and loaded on demand, on the first write of that kind in this process.
// Problems are reported the way kube-apiserver's decoder words them:
//   unknown fields: `spec.containers[0].imagee` (server.ts prefixes `strict decoding error: unknown field`)
//   wrong types:    `json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container`
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { KObject, ResourceInfo } from '../types';
import { definitions, goName, shortName, OSchema } from './definitions';

export interface SchemaProblems { unknownFields: string[]; typeErrors: string[] }

interface AjvError { instancePath: string; keyword: string; params: Record<string, unknown> }
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const loaded = new Map<string, Validator | null>();

export function validatorFile(ri: ResourceInfo): string {
  return `${ri.group || 'core'}.${ri.version}.${ri.kind}.js`;
}

function loadValidator(ri: ResourceInfo): Validator | null {
  const file = validatorFile(ri);
  let v = loaded.get(file);
  if (v === undefined) {
    try {
      const base = path.join(__dirname, 'validators', file);
      const code = fs.readFileSync(base, 'utf8');
      let cachedData: Buffer | undefined;
      try { cachedData = fs.readFileSync(base.replace(/\.js$/, '.cache')); } catch { /* no cache: compile */ }
      // The same wrapper scripts/gen-validators.mjs used to make the code cache.
      const script = new vm.Script('(function (module, exports) {' + code + '\n})', { filename: base, cachedData });
      const m: { exports: Validator & { default?: Validator } } = { exports: {} as any };
      (script.runInThisContext() as (m: unknown, e: unknown) => void)(m, m.exports);
      v = m.exports.default ?? m.exports;
    } catch {
      v = null; // no generated validator (a kind without a schema): nothing to check
    }
    loaded.set(file, v);
  }
  return v;
}

export function validateSchema(ri: ResourceInfo, obj: KObject): SchemaProblems | undefined {
  const validate = loadValidator(ri);
  if (!validate || validate(obj)) return undefined;
  const errors = validate.errors ?? [];
  const order = inputOrder(obj);
  const unknown: { path: string; key: string }[] = [];
  const types: { path: string; segs: string[] }[] = [];
  const seenType = new Set<string>();
  for (const e of errors) {
    const segs = pointerSegments(e.instancePath);
    if (e.keyword === 'additionalProperties') {
      const full = [...segs, String(e.params.additionalProperty)];
      unknown.push({ path: dotted(obj, full), key: full.join('\u0000') });
    } else if (e.keyword === 'type' || e.keyword === 'minimum' || e.keyword === 'maximum' || e.keyword === 'pattern') {
      const key = segs.join('\u0000');
      if (seenType.has(key)) continue;
      seenType.add(key);
      types.push({ path: key, segs });
    }
  }
  if (!unknown.length && !types.length) return undefined;
  const pos = (k: string) => order.get(k) ?? Number.MAX_SAFE_INTEGER;
  unknown.sort((a, b) => pos(a.key) - pos(b.key));
  types.sort((a, b) => pos(a.path) - pos(b.path));
  return {
    unknownFields: unknown.map(u => u.path),
    typeErrors: types.map(t => typeMessage(ri.definition, t.segs, valueAt(obj, t.segs))),
  };
}

/** Depth-first position of every path in the input, so problems come out in the order Go's decoder meets them. */
function inputOrder(obj: unknown): Map<string, number> {
  const order = new Map<string, number>();
  let n = 0;
  const walk = (v: unknown, prefix: string[]) => {
    if (v && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [k, x] of entries) {
        const p = [...prefix, k];
        order.set(p.join('\u0000'), n++);
        walk(x, p);
      }
    }
  };
  walk(obj, []);
  return order;
}

function pointerSegments(ptr: string): string[] {
  if (!ptr) return [];
  return ptr.slice(1).split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(obj: unknown, segs: string[]): unknown {
  let cur: any = obj;
  for (const s of segs) cur = cur?.[s];
  return cur;
}

/** `spec.containers[0].imagee`, as sigs.k8s.io/json names a field. */
function dotted(obj: unknown, segs: string[]): string {
  let out = '';
  let cur: any = obj;
  for (const s of segs) {
    if (Array.isArray(cur)) out += `[${s}]`;
    else out += out ? `.${s}` : s;
    cur = cur?.[s];
  }
  return out;
}

function resolve(s: OSchema | undefined): { s: OSchema | undefined; def?: string } {
  if (s?.$ref) return { s: definitions()[s.$ref], def: s.$ref };
  return { s };
}

/** The Go type a schema decodes into, as reflect prints it. */
function goType(s: OSchema | undefined): string {
  if (!s) return 'interface {}';
  if (s.$ref) {
    if (s.$ref === QUANTITY) return 'resource.Quantity';
    return goName(s.$ref);
  }
  switch (s.type) {
    case 'array': return `[]${goType(s.items)}`;
    case 'object':
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        if (s.additionalProperties.$ref === QUANTITY) return 'v1.ResourceList';
        return `map[string]${goType(s.additionalProperties)}`;
      }
      return 'map[string]interface {}';
    case 'string': return s.format === 'byte' ? '[]uint8' : 'string';
    case 'integer': return s.format === 'int32' ? 'int32' : 'int64';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    default: return 'interface {}';
  }
}

function jsonKind(v: unknown, intBits: 0 | 32 | 64): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') {
    if (intBits && (!Number.isInteger(v) || (intBits === 32 && (v > 2147483647 || v < -2147483648)))) return `number ${JSON.stringify(v)}`;
    return 'number';
  }
  return 'object';
}

/** The encoding/json UnmarshalTypeError text for a value at segs, walking the kind's schema. */
function typeMessage(rootDef: string, segs: string[], value: unknown): string {
  let cur: OSchema | undefined = { $ref: rootDef };
  let struct = shortName(rootDef);
  const stack: string[] = [];
  for (const seg of segs) {
    const { s, def } = resolve(cur);
    if (!s) break;
    if (s.properties) {
      struct = shortName(def ?? struct);
      stack.push(seg);
      cur = s.properties[seg];
    } else if (s.type === 'array') {
      cur = s.items;
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      cur = s.additionalProperties;
    } else break;
  }
  const ref = cur?.$ref;
  if (ref === QUANTITY) return QUANTITY_MESSAGE;
  if (ref === INT_OR_STRING) return `json: cannot unmarshal ${jsonKind(value, 32)} into Go value of type int32`;
  const target = resolve(cur).s;
  if (ref && target?.type === 'string' && target.format === 'date-time')
    return `json: cannot unmarshal ${jsonKind(value, 0)} into Go value of type string`;
  const kind = jsonKind(value, target?.type !== 'integer' ? 0 : target.format === 'int32' ? 32 : 64);
  const type = goType(cur);
  if (!stack.length) return `json: cannot unmarshal ${kind} into Go value of type ${type}`;
  return `json: cannot unmarshal ${kind} into Go struct field ${struct}.${stack.join('.')} of type ${type}`;
}

/**
 * Go's decoding of a null element of a list: the element type's zero value (an empty struct, "", 0, false), so
 * `containers: [null]` reaches defaulting and validation as a container with nothing set, as in kube-apiserver.
 * Costs nothing unless some list holds a null.
 */
export function zeroNullItems(ri: ResourceInfo, obj: KObject): void {
  const hasNullItem = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(x => x === null || hasNullItem(x));
    if (v && typeof v === 'object') return Object.values(v).some(hasNullItem);
    return false;
  };
  if (!hasNullItem(obj)) return;
  const defs = definitions();
  const resolve = (s: OSchema | undefined): OSchema | undefined => {
    for (let i = 0; s?.$ref && i < 32; i++) s = defs[s.$ref];
    return s;
  };
  const zero = (s: OSchema | undefined): unknown => {
    switch (s?.type) {
      case 'string': return '';
      case 'integer': case 'number': return 0;
      case 'boolean': return false;
      case 'array': return [];
      default: return {};
    }
  };
  const walk = (v: unknown, schema: OSchema | undefined): void => {
    const s = resolve(schema);
    if (Array.isArray(v)) {
      const item = resolve(s?.items);
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null) v[i] = zero(item);
        else walk(v[i], item);
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === null || typeof x !== 'object') continue;
        walk(x, s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined));
      }
    }
  };
  walk(obj, { $ref: ri.definition });
}
