// x-kubernetes-validations of custom resources, as apiextensions-apiserver evaluates them
// (pkg/apiserver/schema/cel/validation.go and compilation.go): every rule of every schema node compiled once
// against the node's CEL type, then evaluated with `self` (and `oldSelf` for transition rules, only on an update
// where an old value correlates), with the API server's messages, `messageExpression`, `reason`, `fieldPath`,
// the cost budget, and validation ratcheting (an unchanged value's failures become warnings).
import type { JSONSchemaProps } from '../schema';
import type { FieldError } from '../../errors';
import { schemaDecl, Decl, unescapeName } from './decl';
import { cel, schemaTypes, SchemaTypes, celTypeString, goCheckError, goTypeName, walk, CelNode, CelRuntimeError, newDuration, children } from './env';
import { tokenize, displayIssue } from './lexer';
import { parseDateTime, parseDurationSeconds, re2 } from './k8stypes';
import { validFieldPath } from './fieldpath';
import { estimateCost, RuntimeCost, CostLimitError, instrument, withMeter } from './cost';

export interface ValidationRule { rule: string; message?: string; messageExpression?: string; reason?: string; fieldPath?: string; optionalOldSelf?: boolean }

/** celconfig: the cost limits the API server enforces. */
export const PER_CALL_LIMIT = 1000000;
export const RUNTIME_COST_BUDGET = 10000000;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Program = ((ctx: Record<string, unknown>) => unknown) & { ast: CelNode };
export interface RuleResult {
  rule: ValidationRule;
  program?: Program;
  /** A compilation error: its type and detail (`compilation failed: ERROR: <input>:1:6: ...`). */
  error?: { type: 'Invalid' | 'Required' | 'Internal'; detail: string };
  usesOldSelf?: boolean;
  message?: Program;
  messageError?: { type: 'Invalid' | 'Internal'; detail: string };
  /** The rule's fieldPath as a field path (`spec.foo[bar]`). */
  fieldPath?: string;
  maxCost: number;
  messageMaxCost: number;
  /** maxCardinality(declType.MinSerializedSize). */
  maxCardinality: number;
}

export interface NodeValidator {
  schema: JSONSchemaProps;
  decl?: Decl;
  types?: SchemaTypes;
  rules: RuleResult[];
  initError?: string;
  props?: Map<string, NodeValidator>;
  additional?: NodeValidator;
  items?: NodeValidator;
  allOf?: NodeValidator[];
  resourceRoot: boolean;
}

const isMap = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a schema has any rule at or below it (hasXValidations). */
export function hasRules(s: JSONSchemaProps | undefined): boolean {
  if (!s) return false;
  if (s['x-kubernetes-validations']?.length) return true;
  if (hasRules(s.items)) return true;
  if (isMap(s.additionalProperties) && hasRules(s.additionalProperties as JSONSchemaProps)) return true;
  return Object.values(s.properties ?? {}).some(hasRules);
}

// ---------------- compilation ----------------
let selfSeq = Math.floor(Math.random() * 1e6);
const envCache = new WeakMap<Decl, Map<string, any>>();
function nodeEnv(d: Decl, types: SchemaTypes, optionalOldSelf: boolean): any {
  let m = envCache.get(d);
  if (!m) envCache.set(d, (m = new Map()));
  const key = optionalOldSelf ? 'opt' : 'std';
  let env = m.get(key);
  if (!env) {
    const t = celTypeString(d, types);
    env = types.env.clone({ homogeneousAggregateLiterals: true, enableOptionalTypes: true }).registerVariable('self', t).registerVariable('oldSelf', optionalOldSelf ? `optional<${t}>` : t);
    m.set(key, env);
  }
  return env;
}
let declaredNames: Set<string> | undefined;
function declared(types: SchemaTypes): Set<string> {
  return (declaredNames ??= new Set(types.env.getDefinitions().functions.map(f => f.name)));
}

/** The display name (cel-go's) of every type the node's checker may print. */
function displayFor(d: Decl, types: SchemaTypes): (internal: string) => string {
  const self = `selfType${++selfSeq}`;
  return (internal: string) => {
    const decl = types.byInternal.get(internal);
    if (!decl) return internal;
    return decl.path.startsWith(d.path) ? self + decl.path.slice(d.path.length) : internal;
  };
}

interface CompileOutcome { program?: Program; error?: string; type?: string; usesOldSelf?: boolean }

/** Parse and check one expression; errors are cel-go's issue text. */
function compileExpr(src: string, d: Decl, types: SchemaTypes, optionalOldSelf: boolean): CompileOutcome {
  const env = nodeEnv(d, types, optionalOldSelf);
  let parsed: any;
  try {
    parsed = env.parse(src);
  } catch (e) {
    return { error: goCheckError(src, e, x => x, declared(types)) };
  }
  const root: CelNode = parsed.ast;
  // cel-go's matches is RE2; the k8s environment has no cel.bind
  let bind: CelNode | undefined;
  walk(root, n => {
    if (n.op === 'rcall' && n.args[0] === 'matches') n.args[0] = 'k8sMatches';
    if (n.op === 'rcall' && n.args[0] === 'bind' && n.args[1]?.op === 'id' && n.args[1].args === 'cel') bind ??= n;
  });
  const display = displayFor(d, types);
  if (bind) {
    const tokens = tokenize(src);
    const open = tokens.find(t => t.pos > bind!.args[1].end && t.text === '(');
    return { error: `${displayIssue(src, bind.args[1].start, "undeclared reference to 'cel' (in container '')")}\n${displayIssue(src, open?.pos ?? bind.pos, "undeclared reference to 'bind' (in container '')")}` };
  }
  const r = parsed.check();
  if (!r.valid) {
    if (r.error && typeof r.error === 'object') r.error.root = root;
    return { error: goCheckError(src, r.error, display, declared(types)) };
  }
  // cel-go's AST validators: regex, duration and timestamp literals
  let lit: string | undefined;
  walk(root, n => {
    if (lit) return;
    const arg = n.op === 'rcall' && n.args[0] === 'k8sMatches' ? n.args[2][0] : n.op === 'call' && (n.args[0] === 'duration' || n.args[0] === 'timestamp') ? n.args[1][0] : undefined;
    if (!arg || arg.op !== 'value' || typeof arg.args !== 'string') return;
    const fn = n.op === 'rcall' ? 'matches' : n.args[0];
    let ok = true;
    if (fn === 'matches') { try { re2(arg.args); } catch { ok = false; } }
    else if (fn === 'duration') ok = !!parseGoDuration(arg.args);
    else ok = !!parseDateTime(arg.args);
    if (!ok) lit = displayIssue(src, arg.pos, `invalid ${fn} argument`);
  });
  if (lit) return { error: lit };
  let usesOldSelf = false;
  walk(root, n => { if (n.op === 'id' && n.args === 'oldSelf') usesOldSelf = true; });
  instrument(root);
  return { program: parsed as Program, type: r.type, usesOldSelf };
}

/** time.ParseDuration's grammar (what cel-go's duration() accepts). */
function parseGoDuration(s: string): boolean {
  return s === '0' || /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.test(s);
}

/** cel.Compile of one rule (compileRule). */
export function compileRule(rule: ValidationRule, d: Decl, types: SchemaTypes, schema: JSONSchemaProps): RuleResult {
  const out: RuleResult = { rule, maxCost: 0, messageMaxCost: 0, maxCardinality: maxCardinality(d.minSize) };
  if (!String(rule.rule ?? '').trim()) return out;
  const c = compileExpr(rule.rule, d, types, !!rule.optionalOldSelf);
  if (c.error) { out.error = { type: 'Invalid', detail: `compilation failed: ${c.error}` }; return out; }
  if (c.type !== 'bool') { out.error = { type: 'Invalid', detail: 'cel expression must evaluate to a bool' }; return out; }
  out.program = c.program;
  out.usesOldSelf = c.usesOldSelf;
  out.maxCost = estimateCost(c.program!.ast, d, types);
  if (rule.messageExpression) {
    const m = compileExpr(rule.messageExpression, d, types, !!rule.optionalOldSelf);
    if (m.error) out.messageError = { type: 'Invalid', detail: `messageExpression compilation failed: ${m.error}` };
    else if (m.type !== 'string') out.messageError = { type: 'Invalid', detail: 'messageExpression must evaluate to a string' };
    else { out.message = m.program; out.messageMaxCost = estimateCost(m.program!.ast, d, types); }
    if (out.messageError) return out;
  }
  if (rule.fieldPath) {
    const fp = validFieldPath(rule.fieldPath, schema);
    if (typeof fp === 'string') out.fieldPath = fp;
  }
  return out;
}

/** maxCardinality: how often data of this minimum size can repeat in a request. */
export function maxCardinality(minSize: number): number {
  return Math.floor((3 * 1024 * 1024) / (minSize + 1));
}

/** The validator of a version's schema (NewValidator): undefined when it has no rules. */
export function newValidator(schema: JSONSchemaProps | undefined): NodeValidator | undefined {
  if (!schema || !hasRules(schema)) return undefined;
  const decl = schemaDecl(schema, true, '');
  const types = decl ? schemaTypes(decl) : undefined;
  return build(schema, schema, true, decl, types);
}

function build(vs: JSONSchemaProps, ns: JSONSchemaProps, resourceRoot: boolean, decl: Decl | undefined, types: SchemaTypes | undefined): NodeValidator | undefined {
  const node: NodeValidator = { schema: ns, decl, types, rules: [], resourceRoot };
  const rules = (vs['x-kubernetes-validations'] ?? []) as ValidationRule[];
  if (rules.length) {
    if (!decl || !types) node.initError = 'failed to convert to declType for CEL validation rules';
    else node.rules = rules.map(r => compileRule(r, decl, types, ns));
  }
  let any = rules.length > 0;
  if (vs.items && ns.items) {
    const v = build(vs.items, ns.items, !!ns.items['x-kubernetes-embedded-resource'], decl?.elem, types);
    if (v) { node.items = v; any = true; }
  }
  for (const [k, vp] of Object.entries(vs.properties ?? {})) {
    const np = ns.properties?.[k];
    if (!np) continue;
    let fd: Decl | undefined, ft = types;
    const field = decl?.byProperty?.get(k);
    if (field) fd = field.type;
    else if (decl?.kind === 'object' && [...decl.fields!.values()].some(f => f.name === k)) continue;
    else {
      if (!hasRules(vp)) continue;
      fd = schemaDecl(np, !!np['x-kubernetes-embedded-resource'], '');
      if (!fd) continue;
      ft = schemaTypes(fd);
    }
    const v = build(vp, np, !!np['x-kubernetes-embedded-resource'], fd, ft);
    if (v) { (node.props ??= new Map()).set(k, v); any = true; }
  }
  if (isMap(vs.additionalProperties) && isMap(ns.additionalProperties)) {
    const ap = ns.additionalProperties as JSONSchemaProps;
    const v = build(vs.additionalProperties as JSONSchemaProps, ap, !!ap['x-kubernetes-embedded-resource'], decl?.elem, types);
    if (v) { node.additional = v; any = true; }
  }
  for (const a of vs.allOf ?? []) {
    const v = build(a, ns, resourceRoot, decl, types);
    if (v) { (node.allOf ??= []).push(v); any = true; }
  }
  return any ? node : undefined;
}

// ---------------- values ----------------
let valueCache = new WeakMap<object, Map<Decl, unknown>>();
/** UnstructuredToVal: a JSON value as the CEL value its declaration makes of it. */
export function toCel(v: unknown, d: Decl, types: SchemaTypes): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') {
    let m = valueCache.get(v);
    const hit = m?.get(d);
    if (hit !== undefined) return hit;
    const out = convert(v, d, types);
    if (!m) valueCache.set(v, (m = new Map()));
    m.set(d, out);
    return out;
  }
  return convert(v, d, types);
}
function convert(v: unknown, d: Decl, types: SchemaTypes): unknown {
  switch (d.kind) {
    case 'dyn':
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      return v;
    case 'object': {
      if (!isMap(v)) throw new CelRuntimeError('invalid data, expected a map for the provided schema with type=object');
      const o = new (types.ctor.get(d)!)();
      for (const [k, x] of Object.entries(v)) {
        if (x === null || x === undefined) continue;
        if (d.resourceRoot && k === 'metadata') {
          const md = new (types.ctor.get(d.byProperty!.get('metadata')!.type)!)();
          if (isMap(x)) for (const mk of ['name', 'generateName']) if (typeof x[mk] === 'string') md.set(mk, x[mk]);
          o.set('metadata', md);
          continue;
        }
        const f = d.byProperty!.get(k);
        if (f) o.set(f.escaped, toCel(x, f.type, types));
      }
      return o;
    }
    case 'map': {
      if (!isMap(v)) throw new CelRuntimeError('invalid data, expected a map for the provided schema with type=object');
      return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x, d.elem!, types)]));
    }
    case 'list':
      if (!Array.isArray(v)) throw new CelRuntimeError('invalid data, expected an array for the provided schema with type=array');
      return v.map(x => toCel(x, d.elem!, types));
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      throw new CelRuntimeError(`invalid data, expected int, got ${goTypeOf(v)}`);
    case 'double':
      if (typeof v === 'number') return v;
      throw new CelRuntimeError(`invalid data, expected float, got ${goTypeOf(v)}`);
    case 'bool':
      if (typeof v === 'boolean') return v;
      throw new CelRuntimeError(`invalid data, expected bool, got ${goTypeOf(v)}`);
    case 'string':
      if (typeof v === 'string') return v;
      throw new CelRuntimeError(`invalid data, expected string, got ${goTypeOf(v)}`);
    case 'bytes': {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new CelRuntimeError(`Invalid byte formatted string ${String(v)}: illegal base64 data`);
      return new Uint8Array(Buffer.from(v, 'base64'));
    }
    case 'timestamp': {
      const t = typeof v === 'string' ? (d.schema.format === 'date' ? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : undefined) : parseDateTime(v)) : undefined;
      if (!t || isNaN(t.getTime())) throw new CelRuntimeError(`Invalid ${d.schema.format === 'date' ? 'date' : 'date-time'} formatted string ${String(v)}`);
      return t;
    }
    case 'duration': {
      const p = typeof v === 'string' ? parseDurationSeconds(v) : undefined;
      if (!p) throw new CelRuntimeError(`Invalid duration ${String(v)}: time: invalid duration "${String(v)}"`);
      return newDuration(p.seconds, p.nanos);
    }
  }
  return v;
}
const goTypeOf = (v: unknown) => (typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int64' : 'float64') : Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}');

// ---------------- evaluation ----------------
/** A cel-js evaluation error in cel-go's words. */
function runtimeMessage(e: unknown): string {
  if (e instanceof CelRuntimeError) return e.message;
  const err = e as any;
  const summary: string = err?.summary ?? String(err?.message ?? e);
  switch (err?.code) {
    case 'no_such_key': {
      const m = /index out of bounds, index (-?\d+)/.exec(summary);
      if (m) return `index out of bounds: ${m[1]}`;
      return `no such key: ${summary.replace(/^No such key: /, '')}`;
    }
    case 'index_out_of_bounds': { const m = /index (-?\d+)/.exec(summary); return `index out of bounds: ${m ? m[1] : summary}`; }
    case 'division_by_zero': return 'division by zero';
    case 'modulo_by_zero': return 'modulus by zero';
    case 'numeric_overflow': return 'integer overflow';
    case 'no_such_overload': case 'no_matching_overload': return 'no such overload';
    case 'optional_value_missing': return 'optional.none() dereference';
    case 'int_conversion_error': return summary.replace(/^int\(\) type error: cannot convert to int/, 'type conversion error');
  }
  return summary;
}

type Outcome = { value: unknown; cost: number } | { error: string; cost: number };
function run(p: Program, ctx: Record<string, unknown>, cost: RuntimeCost): Outcome {
  const before = cost.spent;
  try {
    const value = withMeter(cost, () => p(ctx));
    return { value, cost: cost.spent - before };
  } catch (e) {
    if (e instanceof CostLimitError || (e as { cause?: unknown })?.cause instanceof CostLimitError) return { error: 'operation cancelled: actual cost limit exceeded', cost: cost.spent - before };
    return { error: runtimeMessage(e), cost: cost.spent - before };
  }
}

// ---------------- correlation (ratcheting) ----------------
class Correlated {
  private children = new Map<string | number, Correlated | undefined>();
  private equal?: boolean;
  constructor(readonly value: unknown, readonly old: unknown, readonly schema: JSONSchemaProps | undefined) {}
  key(field: string): Correlated | undefined {
    if (this.children.has(field)) return this.children.get(field);
    let res: Correlated | undefined;
    if (isMap(this.value) && isMap(this.old) && field in this.value && field in this.old && this.schema) {
      const ps = this.schema.properties?.[field] ?? (isMap(this.schema.additionalProperties) ? this.schema.additionalProperties as JSONSchemaProps : undefined);
      if (ps) res = new Correlated(this.value[field], this.old[field], ps);
    }
    this.children.set(field, res);
    return res;
  }
  index(i: number): Correlated | undefined {
    if (this.children.has(i)) return this.children.get(i);
    let res: Correlated | undefined;
    if (Array.isArray(this.value) && Array.isArray(this.old) && i < this.value.length && this.schema?.items && this.schema['x-kubernetes-list-type'] === 'map') {
      const old = mapListGet(this.schema, this.old, this.value[i]);
      if (old !== undefined) res = new Correlated(this.value[i], old, this.schema.items);
    }
    this.children.set(i, res);
    return res;
  }
  deepEqual(): boolean {
    if (this.equal !== undefined) return this.equal;
    return (this.equal = this.compute());
  }
  private compute(): boolean {
    const v = this.value, o = this.old;
    if ((v === null || v === undefined) && (o === null || o === undefined)) return true;
    if (v === null || v === undefined || o === null || o === undefined) return false;
    if (Array.isArray(v) !== Array.isArray(o) || isMap(v) !== isMap(o)) return false;
    if (Array.isArray(v)) {
      if (v.length !== (o as unknown[]).length) return false;
      for (let i = 0; i < v.length; i++) {
        const c = this.index(i);
        if (!c) return this.schema?.['x-kubernetes-list-type'] === 'map' ? false : jsonEqual(v, o);
        if (!c.deepEqual()) return false;
      }
      return true;
    }
    if (isMap(v)) {
      if (Object.keys(v).length !== Object.keys(o as object).length) return false;
      for (const k of Object.keys(v)) { const c = this.key(k); if (!c || !c.deepEqual()) return false; }
      return true;
    }
    return jsonEqual(v, o);
  }
}
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isMap(a) && isMap(b)) { const ka = Object.keys(a); return ka.length === Object.keys(b).length && ka.every(k => k in b && jsonEqual(a[k], b[k])); }
  return false;
}
/** The element of an old map-type list with the same keys as `item` (MakeMapList.Get). */
function mapListGet(schema: JSONSchemaProps, old: unknown[], item: unknown): unknown {
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (!isMap(item)) return undefined;
  return old.find(o => isMap(o) && keys.every(k => jsonEqual(o[k], item[k] ?? (schema.items?.properties?.[k]?.default))));
}
interface Ratchet { current?: Correlated; parent?: Correlated }
const ratchetKey = (r: Ratchet, field: string): Ratchet => {
  if (!r.current) return r;
  if (!r.parent && (field === 'apiVersion' || field === 'kind')) return {};
  return { current: r.current.key(field), parent: r.current };
};
const ratchetIndex = (r: Ratchet, i: number): Ratchet => (r.current ? { current: r.current.index(i), parent: r.current } : r);
const shouldRatchet = (r: Ratchet) => (r.current ? r.current.deepEqual() : r.parent ? r.parent.deepEqual() : false);

// ---------------- the walk ----------------
export interface ValidateResult { errors: FieldError[]; warnings: string[] }
interface Walk { errors: FieldError[]; warnings: string[]; budget: number; cost: RuntimeCost; ratcheting: boolean }

const child = (p: string | undefined, name: string) => (p ? `${p}.${name}` : name);
const keyed = (p: string | undefined, k: string | number) => `${p ?? ''}[${k}]`;

/** Validate an object (and, on update, its old version) against a version's rules. */
export function validateRules(v: NodeValidator, obj: unknown, old: unknown | undefined, fieldErrorText: (e: FieldError) => string): ValidateResult {
  valueCache = new WeakMap();
  const w: Walk = { errors: [], warnings: [], budget: RUNTIME_COST_BUDGET, cost: new RuntimeCost(PER_CALL_LIMIT), ratcheting: old !== undefined };
  const r: Ratchet = old !== undefined ? { current: new Correlated(obj, old, v.schema) } : {};
  validateNode(v, undefined, obj, old, r, w, fieldErrorText);
  return { errors: w.errors, warnings: w.warnings };
}

function validateNode(v: NodeValidator, path: string | undefined, obj: unknown, old: unknown, r: Ratchet, w: Walk, text: (e: FieldError) => string): void {
  if (obj === null || obj === undefined || w.budget < 0) return;
  validateExpressions(v, path, obj, old, r, w, text);
  if (w.budget < 0) return;
  for (const a of v.allOf ?? []) {
    validateNode(a, path, obj, old, { parent: r.parent }, w, text);
    if (w.budget < 0) return;
  }
  if (Array.isArray(obj)) {
    if (!v.items) return;
    const oldArr = Array.isArray(old) ? old : undefined;
    const mapType = v.schema['x-kubernetes-list-type'] === 'map';
    obj.forEach((x, i) => {
      if (w.budget < 0) return;
      const ox = mapType && oldArr ? mapListGet(v.schema, oldArr, x) : undefined;
      validateNode(v.items!, keyed(path, i), x, ox, ratchetIndex(r, i), w, text);
    });
  } else if (isMap(obj)) {
    const oldMap = isMap(old) ? old : undefined;
    if (v.additional) for (const [k, x] of Object.entries(obj)) {
      if (w.budget < 0) return;
      validateNode(v.additional, keyed(path, k), x, oldMap?.[k], ratchetKey(r, k), w, text);
    }
    if (v.props) for (const [k, x] of Object.entries(obj)) {
      const p = v.props.get(k);
      if (!p || w.budget < 0) continue;
      validateNode(p, child(path, k), x, oldMap?.[k], ratchetKey(r, k), w, text);
    }
  }
}

const typeOf = (s: JSONSchemaProps) => s.type ?? '';
function ruleErrorString(rule: ValidationRule): string { return rule.message ? rule.message.trim() : String(rule.rule).trim(); }
function ruleMessageOrDefault(rule: ValidationRule): string { return rule.message ? rule.message.trim() : `failed rule: ${ruleErrorString(rule)}`; }
function errorForReason(field: string, value: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden': return { field, type: 'Forbidden', detail };
    case 'FieldValueRequired': return { field, type: 'Required', detail };
    case 'FieldValueDuplicate': return { field, type: 'Duplicate', value };
    default: return { field, type: 'Invalid', value, detail };
  }
}

function validateExpressions(v: NodeValidator, path: string | undefined, obj: unknown, old: unknown, r: Ratchet, w: Walk, text: (e: FieldError) => string): void {
  if (old === null) old = undefined;
  const field = path ?? '<nil>';
  const type = typeOf(v.schema);
  if (v.initError) { w.errors.push({ field, type: 'Invalid', value: type, detail: `rule compiler initialization error: ${v.initError}` }); return; }
  if (!v.rules.length) return;
  if (w.budget <= 0) { w.errors.push({ field, type: 'Invalid', value: type, detail: 'validation failed due to running out of cost budget, no further validation rules will be run' }); w.budget = -1; return; }
  const { decl, types } = v;
  let self: unknown, oldSelf: unknown;
  try {
    self = toCel(obj, decl!, types!);
    oldSelf = old !== undefined ? toCel(old, decl!, types!) : undefined;
  } catch (e) {
    for (const rr of v.rules) if (rr.program) w.errors.push({ field, type: 'Invalid', value: type, detail: `${(e as Error).message} evaluating rule: ${ruleErrorString(rr.rule)}` });
    return;
  }
  const { Optional } = cel();
  for (const rr of v.rules) {
    const rule = rr.rule;
    if (rr.error) { w.errors.push({ field, type: 'Invalid', value: type, detail: `rule compile error: ${rr.error.detail}` }); continue; }
    if (!rr.program) continue;
    if (rr.usesOldSelf && oldSelf === undefined && !rule.optionalOldSelf) continue;
    const ctx: Record<string, unknown> = { self };
    if (rule.optionalOldSelf) ctx.oldSelf = oldSelf === undefined ? Optional.none() : Optional.of(oldSelf);
    else if (oldSelf !== undefined) ctx.oldSelf = oldSelf;
    w.cost.start(Math.min(PER_CALL_LIMIT, w.budget));
    const res = run(rr.program, ctx, w.cost);
    if (res.cost > w.budget) { w.errors.push({ field, type: 'Invalid', value: type, detail: 'validation failed due to running out of cost budget, no further validation rules will be run' }); w.budget = -1; return; }
    w.budget -= res.cost;
    if ('error' in res) {
      if (res.error.startsWith('no such overload')) w.errors.push({ field, type: 'Invalid', value: type, detail: `'${res.error}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}` });
      else if (res.error.startsWith('operation cancelled: actual cost limit exceeded')) {
        w.errors.push({ field, type: 'Invalid', value: type, detail: `'${res.error}': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(rule)}` });
        w.budget = -1;
        return;
      } else w.errors.push({ field, type: 'Invalid', value: type, detail: `${res.error} evaluating rule: ${ruleErrorString(rule)}` });
      continue;
    }
    if (res.value === true) continue;
    const at = rr.fieldPath ? child(path, rr.fieldPath) : field;
    const add = (e: FieldError) => {
      if (w.ratcheting && !rr.usesOldSelf && shouldRatchet(r)) w.warnings.push(text(e));
      else w.errors.push(e);
    };
    if (rr.message) {
      w.cost.start(Math.min(PER_CALL_LIMIT, w.budget));
      const m = run(rr.message, ctx, w.cost);
      if (m.cost > w.budget) { add({ field: at, type: 'Invalid', value: type, detail: 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run' }); w.budget = -1; return; }
      w.budget -= m.cost;
      const msg = 'value' in m && typeof m.value === 'string' ? m.value.trim() : '';
      if ('error' in m && m.error.startsWith('operation cancelled: actual cost limit exceeded')) {
        add({ field: at, type: 'Invalid', value: type, detail: `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(rule.messageExpression)}` });
        w.budget = -1;
        return;
      }
      if ('error' in m || !msg || msg.length > 5 * 1024 || /\n/.test(msg)) add(errorForReason(at, type, ruleMessageOrDefault(rule), rule.reason));
      else add(errorForReason(at, type, msg, rule.reason));
    } else add(errorForReason(at, type, ruleMessageOrDefault(rule), rule.reason));
  }
}

export { unescapeName, children };
