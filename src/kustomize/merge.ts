// kustomize's strategic merge (kyaml/yaml/merge2 over kyaml/yaml/walk), which is not apimachinery's: the
// patch is walked against the resource field by field; maps merge, scalars and lists without a merge strategy
// in the schema are replaced, lists whose schema says `merge` are merged element by element on their merge
// keys (x-kubernetes-list-map-keys, else x-kubernetes-patch-merge-key; primitive lists as sets), with the
// patch's elements first (kustomize merges with ListIncreaseDirection "prepend"); `$patch: delete|replace|
// merge` directives and null values delete. The schema is the OpenAPI patch metadata (schemas/patchmeta.json).
import { YNode, get, setField, fieldNames, isMissingOrNull, isTaggedNull, isEmptyMap, isNilOrEmpty, scalar, NULL, seqNode, wrongKind, kindName } from './node';
import { KError } from './errors';
import patchmeta from '../../schemas/patchmeta.json';
import { resourceForKind } from '../api/discovery';

interface FieldMeta { ref?: string; list?: boolean; map?: boolean; strategy?: string; key?: string; listMapKeys?: string[] }
const META = patchmeta as unknown as Record<string, Record<string, FieldMeta>>;

/** A kustomization's `openapi: {path: ...}` schema (kyaml's customSchema): its definitions come first. */
let custom: { meta: Record<string, Record<string, FieldMeta>>; byGvk: Map<string, string> } | undefined;
export function resetCustomSchema(): void { custom = undefined; }
export function hasCustomSchema(): boolean { return !!custom; }
/** Parse an OpenAPI (swagger 2) document's definitions into the patch metadata the merge needs. */
export function setCustomSchema(doc: any): void {
  const meta: Record<string, Record<string, FieldMeta>> = {};
  const byGvk = new Map<string, string>();
  const refName = (r: unknown) => (typeof r === 'string' ? r.replace(/^#\/definitions\//, '') : undefined);
  /** A schema's definition name: its $ref, or a name made up for an inline object schema. */
  const defOf = (v: any, anon: string): string | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    if (v.$ref) return refName(v.$ref);
    if (v.properties || v.additionalProperties) { addDef(anon, v); return anon; }
    return undefined;
  };
  const addDef = (name: string, def: any) => {
    const props: Record<string, FieldMeta> = {};
    meta[name] = props;
    for (const [p, v] of Object.entries<any>(def?.properties ?? {})) {
      const e: FieldMeta = {};
      if (v.type === 'array') { e.list = true; e.ref = defOf(v.items, `${name}.${p}[]`); }
      else if (v.additionalProperties && typeof v.additionalProperties === 'object' && !v.properties) { e.map = true; e.ref = defOf(v.additionalProperties, `${name}.${p}{}`); }
      else e.ref = defOf(v, `${name}.${p}`);
      if (v['x-kubernetes-patch-strategy']) e.strategy = v['x-kubernetes-patch-strategy'];
      if (v['x-kubernetes-patch-merge-key']) e.key = v['x-kubernetes-patch-merge-key'];
      if (v['x-kubernetes-list-map-keys']) e.listMapKeys = v['x-kubernetes-list-map-keys'];
      props[p] = e;
    }
  };
  for (const [name, def] of Object.entries<any>(doc?.definitions ?? {})) {
    addDef(name, def);
    for (const g of def?.['x-kubernetes-group-version-kind'] ?? []) byGvk.set(`${g.group ? `${g.group}/${g.version}` : g.version} ${g.kind}`, name);
  }
  custom = { meta, byGvk };
}
function metaOf(def: string, key: string): FieldMeta | undefined {
  if (custom?.meta[def]) return custom.meta[def]![key];
  return META[def]?.[key];
}

/** A position in the OpenAPI schema: a struct definition, a map's value definition, or a list field. */
interface Schema { def?: string; mapOf?: string; fm?: FieldMeta }

function schemaForResource(n: YNode): Schema | undefined {
  const av = get(n, 'apiVersion'), k = get(n, 'kind');
  if (!av || !k || isNilOrEmpty(av) || isNilOrEmpty(k)) return undefined;
  const c = custom?.byGvk.get(`${av.value} ${k.value}`);
  if (c) return { def: c };
  const ri = resourceForKind(av.value, k.value);
  return ri?.definition ? { def: ri.definition } : undefined;
}
/** ResourceSchema.Field */
function fieldSchema(s: Schema | undefined, key: string): Schema | undefined {
  if (!s) return undefined;
  if (s.mapOf !== undefined) return s.mapOf ? { def: s.mapOf } : undefined;
  if (!s.def) return undefined;
  const fm = metaOf(s.def, key);
  if (!fm) return undefined;
  if (fm.map && !fm.list) return { mapOf: fm.ref ?? '', fm };
  if (fm.list) return { fm };
  return { def: fm.ref, fm };
}
/** ResourceSchema.Elements */
function elementSchema(s: Schema | undefined): Schema | undefined {
  if (!s?.fm?.list || !s.fm.ref) return undefined;
  return { def: s.fm.ref };
}
function strategyAndKeys(s: Schema | undefined): { strategy: string; keys: string[] } {
  const fm = s?.fm;
  if (!fm?.strategy) return { strategy: '', keys: [] };
  if (fm.listMapKeys) return { strategy: fm.strategy, keys: [...fm.listMapKeys] };
  return { strategy: fm.strategy, keys: fm.key ? [fm.key] : [] };
}
const hasMergeStrategy = (s: Schema | undefined) => (s?.fm?.list ? (s.fm.strategy ?? '') : '').split(',').includes('merge');

type Directive = 'unknown' | 'replace' | 'delete' | 'merge';

/** determineSmpDirective: read and remove a `$patch` directive from the patch node. */
function directive(patch: YNode | undefined): Directive {
  if (!patch) return 'merge';
  if (patch.kind === 'seq') {
    const i = patch.content.findIndex(e => e.kind === 'map' && get(e, '$patch') !== undefined);
    const el = i >= 0 ? patch.content[i]! : undefined;
    if (!el || el.content.length > 2) return 'merge';
    const v = get(el, '$patch')!.value;
    if (v === 'delete' || v === 'replace' || v === 'merge') {
      patch.content = patch.content.filter(e => !(e.kind === 'map' && get(e, '$patch')?.value === v));
      return v;
    }
    throw new KError(`unknown patch strategy '${v}'`);
  }
  if (patch.kind === 'map') {
    const d = get(patch, '$patch');
    if (!d) return 'merge';
    const v = d.value;
    if (v === 'delete' || v === 'replace' || v === 'merge') {
      for (let j = 0; j + 1 < patch.content.length; j += 2) if (patch.content[j]!.value === '$patch') { patch.content.splice(j, 2); break; }
      return v;
    }
    throw new KError(`unknown patch strategy '${v}'`);
  }
  throw new KError(`no implemented strategic merge patch strategy for '${patch.tag}' ('${patch.value}')`);
}

function errorIfInvalid(kind: YNode['kind'], ...ns: (YNode | undefined)[]): void {
  for (const n of ns) {
    if (isMissingOrNull(n)) continue;
    if (n!.kind !== kind) throw wrongKind(n!, kindName(kind));
  }
}

type Sources = (YNode | undefined)[]; // [dest, origin]

class Walker {
  constructor(private sources: Sources, private schema: Schema | undefined) {}
  private kind(): YNode['kind'] | undefined {
    for (const s of this.sources) if (!isMissingOrNull(s)) return s!.kind;
    return undefined;
  }
  walk(): YNode | undefined {
    const k = this.kind();
    if (k === 'map') { errorIfInvalid('map', ...this.sources); return this.walkMap(); }
    if (k === 'seq') {
      errorIfInvalid('seq', ...this.sources);
      return hasMergeStrategy(this.schema) ? this.walkAssociative() : this.visitList(false);
    }
    if (k === 'scalar') { errorIfInvalid('scalar', ...this.sources); return this.visitScalar(); }
    if (k === undefined) return this.walkMap();
    return undefined;
  }

  // ---- merge2.Merger
  private visitMap(): YNode | undefined {
    const [dest, origin] = this.sources;
    if (isMissingOrNull(dest)) {
      let d: Directive = 'merge';
      try { d = directive(origin); } catch { /* merge2 ignores the error here */ }
      if (d === 'delete') return undefined;
      if (!origin && dest && dest.value.length > 0) return { ...scalar(dest.value, NULL), keep: true };
      return origin;
    }
    if (isTaggedNull(origin)) return undefined;
    const d = directive(origin);
    if (d === 'delete') return undefined;
    if (d === 'replace') return origin;
    return dest;
  }
  private visitScalar(): YNode | undefined {
    const [dest, origin] = this.sources;
    return origin ?? dest;
  }
  private visitList(associative: boolean): YNode | undefined {
    const [dest, origin] = this.sources;
    if (!associative) return origin ?? dest;
    if (isMissingOrNull(dest)) return origin;
    if (isTaggedNull(origin)) return undefined;
    const d = directive(origin);
    if (d === 'delete') return undefined;
    if (d === 'replace') return origin;
    return dest;
  }

  private walkMap(): YNode | undefined {
    const dest = this.visitMap();
    this.sources[0] = dest;
    if (!dest) return undefined;
    const names = new Set<string>();
    for (const s of this.sources) if (s && s.kind === 'map') for (const f of fieldNames(s)) names.add(f);
    for (const key of [...names].sort()) {
      const fs = fieldSchema(this.schema, key);
      const fv: Sources = this.sources.map(s => (s && s.kind === 'map' ? get(s, key) : undefined));
      const val = new Walker(fv, fs).walk();
      setField(dest, key, val);
    }
    return dest;
  }

  // ---- associative lists (walk/associative_sequence.go)
  private walkAssociative(): YNode | undefined {
    const dest = this.visitList(true);
    this.sources[0] = dest;
    if (!dest) return undefined;
    let { strategy, keys } = strategyAndKeys(this.schema);
    if (strategy === '' && keys.length === 0) {
      const k = this.elementKey();
      if (k) keys = [k];
    }
    const values = this.elementValues(keys);
    if (values.length || keys.length) return this.setElements(values, keys, dest);
    return this.setElements(this.primitiveValues(), [''], dest);
  }
  private elementKey(): string {
    let key = '';
    for (const s of this.sources) {
      if (s && s.content.length) {
        const nk = s.content.every(e => e.kind === 'map' && get(e, 'name') !== undefined) ? 'name' : '';
        if (key && key !== nk) throw new KError(`conflicting merge keys [${key},${nk}] for field`);
        key = nk;
      }
    }
    if (!key) throw new KError('no merge key found for field');
    return key;
  }
  /** Sources in merge order: the patch first (prepend). */
  private ordered(): (YNode | undefined)[] { return [this.sources[1], this.sources[0]]; }
  private elementValues(keys: string[]): string[][] {
    const out: string[][] = [];
    const seen = new Set<string>();
    for (const src of this.ordered()) {
      if (!src) continue;
      for (const el of src.content) {
        const vs = keys.map(k => { const f = el.kind === 'map' ? get(el, k) : undefined; return isNilOrEmpty(f) ? '' : f!.value; });
        if (!vs.length) continue;
        const id = JSON.stringify(vs);
        if (seen.has(id)) continue;
        seen.add(id); out.push(vs);
      }
    }
    return out;
  }
  private primitiveValues(): string[][] {
    const out: string[][] = [];
    const seen = new Set<string>();
    for (const src of this.ordered()) {
      if (!src) continue;
      for (const it of src.content) { if (seen.has(it.value)) continue; out.push([it.value]); seen.add(it.value); }
    }
    return out;
  }
  private setElements(valuesList: string[][], keys: string[], dest: YNode): YNode | undefined {
    const toAdd = seqNode();
    const schema = elementSchema(this.schema);
    if (keys.length > 1) valuesList = mergeValues(valuesList);
    let validKeys: string[] = keys, validValues: string[] = [];
    for (const values of valuesList) {
      if (!values.length) continue;
      [validKeys, validValues] = validateKeys(valuesList, values, keys);
      const [ek, ev] = validateKeys([validValues], validValues, validKeys);
      const srcs: Sources = this.sources.map(s => (s ? matchElementList(s, ek, ev) : undefined));
      const val = new Walker(srcs, schema).walk();
      let exit = false;
      validKeys.forEach((key, i) => {
        if (isMissingOrNull(val) || isEmptyMap(val)) {
          elementSetter(dest, undefined, validKeys, validValues);
          exit = true;
        } else if (val!.kind === 'map' && get(val!, key) === undefined && validValues[i] !== '') {
          setField(val!, key, scalar(validValues[i]!));
        }
      });
      if (exit) continue;
      elementSetter(toAdd, val, validKeys, validValues);
    }
    let result: YNode = dest;
    if (valuesList.length) result = appendListNode(toAdd, dest, validKeys);
    return isMissingOrNull(result) ? undefined : result;
  }
}

function validateKeys(valuesList: string[][], values: string[], keys: string[]): [string[], string[]] {
  const valid = new Set<string>();
  for (const vs of valuesList) vs.forEach((v, i) => { if (v !== '') valid.add(keys[i]!); });
  if (!valid.size) return [keys, values];
  return [keys.filter(k => valid.has(k)), values.filter((v, i) => v !== '' || valid.has(keys[i]!))];
}
function mergeValues(valuesList: string[][]): string[][] {
  for (let i = 0; i < valuesList.length; i++) {
    for (let j = 0; j < valuesList.length; j++) {
      const [ok, vs] = matchValues(valuesList[i]!, valuesList[j]!);
      if (ok) { valuesList[i] = vs; valuesList[j] = vs; }
    }
  }
  const seen = new Set<string>();
  return valuesList.filter(v => { const k = JSON.stringify(v); if (seen.has(k)) return false; seen.add(k); return true; });
}
function matchValues(a: string[], b: string[]): [boolean, string[]] {
  let common = false;
  const res: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== '' && b[i] !== '' && a[i] !== b[i]) return [false, []];
    if (a[i] !== '' && a[i] === b[i]) common = true;
    res.push(a[i] !== '' ? a[i]! : b[i]!);
  }
  return [common, res];
}

/** FieldMatcher{Name, StringValue}: an empty value matches any value of the field. */
function matchField(el: YNode, key: string, value: string): boolean {
  if (el.kind !== 'map') return false;
  let found = false;
  for (let i = 0; i + 1 < el.content.length; i += 2) {
    if (el.content[i]!.value !== key) continue;
    if (value === '' || el.content[i + 1]!.value === value) found = true;
  }
  return found;
}
/** ElementMatcher (MatchElementList): the first element matching every key and value. */
function matchElementList(seq: YNode, keys: string[], values: string[]): YNode | undefined {
  if (seq.kind !== 'seq') return undefined;
  if (!keys.length || !keys[0]) {
    const v = values[0] ?? '';
    return seq.content.find(e => e.value === v);
  }
  for (const el of seq.content) {
    if (el.kind !== 'map' && !isMissingOrNull(el)) continue;
    if (isMissingOrNull(el)) continue;
    if (keys.every((k, i) => matchField(el, k, values[i] ?? ''))) return el;
  }
  return undefined;
}
/** ElementSetter: replace (or with no element, remove) the elements matching keys/values; append if none. */
function elementSetter(seq: YNode, element: YNode | undefined, keys: string[], values: string[]): void {
  if (!keys.length) keys = [''];
  const mappingSetter = keys.length > 0 && keys[0] !== '' && values.length > 0 && values[0] !== '';
  const next: YNode[] = [];
  let matched = false;
  for (const el of seq.content) {
    if (isMissingOrNull(el) || (el.kind === 'map' && el.content.length === 0)) continue;
    if (el.kind !== 'map' && mappingSetter) { next.push(el); continue; }
    let found = true;
    for (let j = 0; j < keys.length; j++) {
      if (j >= values.length) continue;
      const ok = keys[j] === '' ? el.kind === 'scalar' && (values[j] === '' || el.value === values[j]) : matchField(el, keys[j]!, values[j]!);
      if (!ok) { found = false; break; }
    }
    if (!found) { if (values.length) next.push(el); continue; }
    matched = true;
    if (!element) continue;
    next.push(element);
  }
  seq.content = next;
  if (isMissingOrNull(element)) return;
  if (!matched) seq.content.push(element!);
}
function appendListNode(dst: YNode, src: YNode, keys: string[]): YNode {
  for (const el of src.content) {
    if (keys[0] === '') { elementSetter(dst, el, [''], [el.value]); continue; }
    const v: string[] = [];
    for (const k of keys) {
      const f = el.kind === 'map' ? get(el, k) : undefined;
      if (!f) { dst.content.push(el); continue; }
      v.push(f.value);
    }
    if (keys.length > 1) elementSetter(dst, undefined, keys, v);
    elementSetter(dst, el, keys, v);
  }
  return dst;
}

/** merge2.Merge(patch, resource) with kustomize's options; undefined when the patch deletes the resource. */
export function mergePatch(patch: YNode, dest: YNode): YNode | undefined {
  const schema = schemaForResource(dest) ?? schemaForResource(patch);
  return new Walker([dest, patch], schema).walk();
}
