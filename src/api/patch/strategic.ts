// Strategic merge patch, as apimachinery's strategicpatch package does it, driven by the patch metadata of
// the OpenAPI spec (schemas/patchmeta.json): maps are merged, lists with patch strategy "merge" are merged
// by their merge key (or as sets of scalars), other lists are replaced; directives `$patch`,
// `$setElementOrder/<f>`, `$deleteFromPrimitiveList/<f>`, `$retainKeys`; null deletes.
// Also the patch kubectl apply sends: CreateThreeWayMergePatch(original, modified, current).
import type { ResourceInfo } from '../types';
import { deepEqual, isPlainObject, clone } from '../../util/objects';
import patchmeta from '../../../schemas/patchmeta.json';

type J = any;
type Obj = Record<string, J>;
interface FieldMeta { ref?: string; list?: boolean; map?: boolean; strategy?: string; key?: string }
/** A struct definition name, a map whose values are of one definition, or unknown. */
export type Schema = string | { mapOf: string | undefined } | undefined;

const META = patchmeta as unknown as Record<string, Record<string, FieldMeta>>;

/** An error in the patch itself (the server answers BadRequest or an internal error). */
export class PatchError extends Error {
  constructor(message: string, public badRequest = false) { super(message); }
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList';
const SET_ORDER = '$setElementOrder';

interface Lookup { sub: Schema; strategy: string; retainKeys: boolean; key: string }
function lookup(schema: Schema, key: string): Lookup {
  let fm: FieldMeta | undefined;
  if (typeof schema === 'string') fm = META[schema]?.[key];
  else if (schema && typeof schema === 'object') return { sub: schema.mapOf, strategy: '', retainKeys: false, key: '' };
  if (!fm) return { sub: undefined, strategy: '', retainKeys: false, key: '' };
  const strategies = (fm.strategy ?? '').split(',').filter(Boolean);
  const retainKeys = strategies.includes('retainKeys');
  const strategy = strategies.find(s => s !== 'retainKeys') ?? '';
  const sub: Schema = fm.map && !fm.list ? { mapOf: fm.ref } : fm.ref;
  return { sub, strategy, retainKeys, key: fm.key ?? '' };
}

export function schemaFor(ri?: ResourceInfo): Schema {
  return ri?.definition && META[ri.definition] ? ri.definition : ri?.definition;
}

const kindOf = (v: J): string => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** Go's fmt %v for a JSON scalar. */
const sv = (v: J): string => (v === null || v === undefined ? '<nil>' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const strLess = (a: string, b: string) => a < b;

// ------------------------------------------------------------------ applying a patch

/** Apply a strategic merge patch to an object (the server's StrategicMergeMapPatch). Inputs are not mutated. */
export function applyStrategicPatch(obj: unknown, patch: unknown, ri?: ResourceInfo | Schema): unknown {
  if (!isPlainObject(patch)) throw new PatchError('invalid JSON document', true);
  const schema: Schema = ri && typeof ri === 'object' && 'definition' in ri ? schemaFor(ri as ResourceInfo) : (ri as Schema);
  return mergeMap(isPlainObject(obj) ? clone(obj) : {}, clone(patch), schema, { parallel: true, ignoreNulls: true });
}

interface MergeOpts { parallel: boolean; ignoreNulls: boolean }

function mergeMap(original: Obj | null, patch: Obj, schema: Schema, o: MergeOpts): Obj {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    if (d === 'replace') { delete patch[DIRECTIVE]; return patch; }
    if (d === 'delete') return {};
    throw new PatchError(`unknown patch type: ${sv(d)} in map: ${goMap(patch)}`);
  }
  const orig: Obj = original ?? {};
  applyRetainKeys(orig, patch, o);
  mergePatchIntoOriginal(orig, patch, schema, o);
  for (let k of Object.keys(patch)) {
    const pv = patch[k];
    let isDeleteList = false;
    if (k.startsWith(DELETE_PRIMITIVE)) {
      if (!o.parallel) { orig[k] = pv; continue; }
      k = extractKey(k, DELETE_PRIMITIVE);
      isDeleteList = true;
    }
    if (pv === null) {
      delete orig[k];
      if (o.ignoreNulls) continue;
    }
    if (!(k in orig)) {
      if (!isDeleteList) orig[k] = o.ignoreNulls ? stripNulls(pv) : pv;
      continue;
    }
    const ot = kindOf(orig[k]), pt = kindOf(pv);
    if (ot !== pt) {
      if (!isDeleteList) orig[k] = o.ignoreNulls ? stripNulls(pv) : pv;
      continue;
    }
    const m = lookup(schema, k);
    if (ot === 'object') {
      orig[k] = m.strategy === 'replace' ? pv : mergeMap(orig[k], pv, m.sub, o);
    } else if (ot === 'array') {
      orig[k] = m.strategy === 'merge' ? mergeSlice(orig[k], pv, m.sub, m.key, o, isDeleteList) : pv;
    } else {
      orig[k] = pv;
    }
  }
  return orig;
}

function stripNulls(v: J): J {
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) { if (v[k] === null) delete v[k]; else stripNulls(v[k]); }
  } else if (Array.isArray(v)) v.forEach(stripNulls);
  return v;
}

function extractKey(s: string, prefix: string): string {
  const i = s.indexOf('/');
  if (i < 0 || s.slice(0, i) !== prefix) {
    if (prefix === DELETE_PRIMITIVE) throw new PatchError('invalid patch format of primitive list', true);
    if (prefix === SET_ORDER) throw new PatchError('invalid patch format of setElementOrder list', true);
  }
  return s.slice(i + 1);
}

function applyRetainKeys(original: Obj, patch: Obj, o: MergeOpts): void {
  if (!(RETAIN_KEYS in patch)) return;
  const rk = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!o.parallel) {
    if (RETAIN_KEYS in original) {
      if (!deepEqual(original[RETAIN_KEYS], rk)) throw new PatchError(`${sv(original[RETAIN_KEYS])} and ${sv(rk)} are not deep equal: this may happen when calculating the 3-way diff patch`);
    } else original[RETAIN_KEYS] = rk;
    return;
  }
  if (!Array.isArray(rk)) throw new PatchError('invalid patch format of retainKeys', true);
  const keep = new Set(rk);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw new PatchError('invalid patch format of retainKeys', true);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function mergePatchIntoOriginal(original: Obj, patch: Obj, schema: Schema, o: MergeOpts): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    if (!o.parallel) {
      if (key in original) { if (!deepEqual(original[key], order)) throw new PatchError('invalid patch format of setElementOrder list', true); }
      else original[key] = order;
    }
    delete patch[key];
    if (!Array.isArray(order)) throw new PatchError('invalid patch format of setElementOrder list', true);
    const field = extractKey(key, SET_ORDER);
    const foundOrig = field in original, foundPatch = field in patch;
    const origList = foundOrig ? original[field] : undefined;
    const patchList = foundPatch ? patch[field] : undefined;
    if (foundOrig && !Array.isArray(origList)) throw new PatchError(`expected []interface{}, but got ${goType(origList)}`);
    if (foundPatch && !Array.isArray(patchList)) throw new PatchError(`expected []interface{}, but got ${goType(patchList)}`);
    const m = lookup(schema, field);
    if (foundPatch) validateWithSetOrder(patchList, order, m.key);
    let merged: J[];
    if (foundOrig && !foundPatch) merged = origList;
    else if (!foundOrig && foundPatch) merged = patchList;
    else if (foundOrig && foundPatch) merged = m.strategy === 'merge' ? mergeSlice(origList, patchList, m.sub, m.key, o, false) : patchList;
    else continue;
    const [patchItems, serverOnly] = m.key ? partitionMaps(merged, order, m.key) : partitionPrimitives(merged, order);
    const isMap = [...(origList ?? []), ...(patchList ?? [])].some(isPlainObject);
    original[field] = normalizeElementOrder(patchItems, serverOnly, order, origList ?? [], m.key, isMap);
    delete patch[field];
  }
}

/** The items of the patch list must appear in the $setElementOrder list, in the same relative order. */
function validateWithSetOrder(patchList: J[], order: J[], key: string): void {
  if (!order.length || !patchList.length) return;
  const nonDelete = key ? patchList.filter(v => !(isPlainObject(v) && v[DIRECTIVE] === 'delete')) : patchList;
  let pi = 0, oi = 0;
  while (pi < nonDelete.length && oi < order.length) {
    const p = nonDelete[pi];
    if (isPlainObject(p) && DIRECTIVE in p) { pi++; continue; }
    const eq = key ? isPlainObject(p) && isPlainObject(order[oi]) && p[key] === order[oi][key] : p === order[oi];
    if (eq) pi++;
    oi++;
  }
  if (pi < nonDelete.length && oi >= order.length)
    throw new PatchError(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ORDER} list:\n${goValue(order)}\n`);
}
function goValue(v: J): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isPlainObject(v)) return goMap(v);
  return sv(v);
}

function partitionPrimitives(list: J[], by: J[]): [J[], J[]] {
  const inPatch = new Set(by);
  const p: J[] = [], s: J[] = [];
  for (const v of list) (inPatch.has(v) ? p : s).push(v);
  return [p, s];
}
function partitionMaps(list: J[], by: J[], key: string): [J[], J[]] {
  const p: J[] = [], s: J[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw new PatchError(`expected map[string]interface{}, but got ${goType(v)}`);
    if (!(key in v)) throw new PatchError(`map: ${goMap(v)} does not contain declared merge key: ${key}`);
    (by.some(b => isPlainObject(b) && b[key] === v[key]) ? p : s).push(v);
  }
  return [p, s];
}

function mergeSlice(original: J[], patch: J[], elem: Schema, key: string, o: MergeOpts, isDeleteList: boolean): J[] {
  if (!original.length && !patch.length) return original;
  const all = [...original, ...patch];
  if (all.some(Array.isArray)) throw new PatchError('lists of lists are not supported');
  const isMap = all.length ? isPlainObject(all[0]) : false;
  let merged: J[];
  if (!isMap) {
    if (o.parallel && isDeleteList) return original.filter(v => !patch.includes(v));
    merged = dedupe([...original, ...patch]);
  } else {
    if (!key) throw new PatchError('cannot merge lists without merge key for type map');
    [original, patch] = mergeSpecial(original, patch, key);
    merged = mergeWithoutSpecial(original, patch, key, elem, o);
  }
  const [patchItems, serverOnly] = key ? partitionMaps(merged, patch, key) : partitionPrimitives(merged, patch);
  return normalizeElementOrder(patchItems, serverOnly, patch, original, key, isMap);
}

function dedupe(s: J[]): J[] {
  const out: J[] = [];
  for (const v of s) if (!out.includes(v)) out.push(v);
  return out;
}

function mergeSpecial(original: J[], patch: J[], key: string): [J[], J[]] {
  const rest: J[] = [];
  let replace = false;
  for (const v of patch) {
    if (!isPlainObject(v) || !(DIRECTIVE in v)) { rest.push(v); continue; }
    const d = v[DIRECTIVE];
    if (d === 'delete') {
      if (!(key in v)) throw new PatchError(`map: ${goMap(v)} does not contain declared merge key: ${key}`);
      original = original.filter(x => !(isPlainObject(x) && x[key] === v[key]));
    } else if (d === 'replace') replace = true;
    else if (d === 'merge') throw new PatchError('merging lists cannot yet be specified in the patch');
    else throw new PatchError(`unknown patch type: ${sv(d)} in map: ${goMap(v)}`);
  }
  return replace ? [rest, []] : [original, rest];
}

function mergeWithoutSpecial(original: J[], patch: J[], key: string, elem: Schema, o: MergeOpts): J[] {
  const out = [...original];
  for (const v of patch) {
    if (!(key in v)) throw new PatchError(`map: ${goMap(v)} does not contain declared merge key: ${key}`);
    const i = out.findIndex(x => isPlainObject(x) && x[key] === v[key]);
    if (i >= 0) out[i] = mergeMap(out[i], v, elem, o);
    else out.push(v);
  }
  return out;
}

function indexIn(list: J[], v: J, key: string, isMap: boolean): number {
  const val = (x: J) => (isMap ? (isPlainObject(x) ? x[key] : undefined) : x);
  const want = val(v);
  return list.findIndex(x => val(x) === want);
}

function normalizeSliceOrder(toSort: J[], order: J[], key: string, isMap: boolean): J[] {
  let toDelete: J[] = [];
  let items = toSort;
  if (isMap) {
    for (const l of [toSort, order]) for (const it of l) {
      if (!isPlainObject(it)) throw new PatchError(`expected map[string]interface{}, but got ${goType(it)}`);
      if (!(key in it)) throw new PatchError(`map: ${goMap(it)} does not contain declared merge key: ${key}`);
    }
    items = toSort.filter(v => v[DIRECTIVE] !== 'delete');
    toDelete = toSort.filter(v => v[DIRECTIVE] === 'delete');
  }
  const idx = items.map((v, i) => ({ v, i, o: indexIn(order, v, key, isMap) }));
  // Go's sort.SliceStable with "less = both found && ii < ij, else true": emulate with insertion sort.
  const arr = idx.slice();
  for (let i = 1; i < arr.length; i++) {
    let j = i;
    while (j > 0 && less(arr[j]!, arr[j - 1]!)) { [arr[j], arr[j - 1]] = [arr[j - 1]!, arr[j]!]; j--; }
  }
  function less(a: { o: number }, b: { o: number }): boolean {
    if (a.o >= 0 && b.o >= 0) return a.o < b.o;
    return false;
  }
  return [...arr.map(x => x.v), ...toDelete];
}

function normalizeElementOrder(patch: J[], serverOnly: J[], patchOrder: J[], serverOrder: J[], key: string, isMap: boolean): J[] {
  const p = normalizeSliceOrder(patch, patchOrder, key, isMap);
  const s = normalizeSliceOrder(serverOnly, serverOrder, key, isMap);
  const out: J[] = [];
  let i = 0, j = 0;
  while (i < s.length || j < p.length) {
    if (i >= s.length) out.push(p[j++]);
    else if (j >= p.length) out.push(s[i++]);
    else {
      const li = indexIn(serverOrder, s[i], key, isMap), ri = indexIn(serverOrder, p[j], key, isMap);
      if (li >= 0 && ri >= 0 && li < ri) out.push(s[i++]); else out.push(p[j++]);
    }
  }
  return out;
}

// ------------------------------------------------------------------ computing a patch

interface DiffOpts { setElementOrder?: boolean; ignoreChangesAndAdditions?: boolean; ignoreDeletions?: boolean; buildRetainKeys?: boolean }

function diffMaps(original: Obj, modified: Obj, schema: Schema, d: DiffOpts): Obj {
  const patch: Obj = {};
  const retain: string[] = [];
  for (const key of Object.keys(modified)) {
    const mv = modified[key];
    if (d.buildRetainKeys && mv !== null) retain.push(key);
    if (!(key in original)) {
      if (!d.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    const ov = original[key];
    if (key === DIRECTIVE) {
      if (typeof ov !== 'string' || typeof mv !== 'string') throw new PatchError(`invalid value for special key: ${DIRECTIVE}`);
      if (ov !== mv) patch[DIRECTIVE] = mv;
      continue;
    }
    if (kindOf(ov) !== kindOf(mv)) {
      if (!d.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    if (isPlainObject(ov)) {
      const m = lookup(schema, key);
      const sub: DiffOpts = { ...d, buildRetainKeys: m.retainKeys };
      if (m.strategy === 'replace') { if (!d.ignoreChangesAndAdditions) patch[key] = mv; }
      else {
        const pv = diffMaps(ov, mv, m.sub, sub);
        if (Object.keys(pv).length) patch[key] = pv;
      }
    } else if (Array.isArray(ov)) {
      const m = lookup(schema, key);
      if (m.strategy === 'merge') {
        const [add, del, order] = diffLists(ov, mv, m.sub, m.key, { ...d, buildRetainKeys: m.retainKeys });
        if (add.length) patch[key] = add;
        if (del.length) patch[`${DELETE_PRIMITIVE}/${key}`] = del;
        if (order.length) patch[`${SET_ORDER}/${key}`] = order;
      } else if (!d.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = mv;
    } else if (!d.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = mv;
  }
  if (!d.ignoreDeletions) for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  if (retain.length && (Object.keys(patch).length || hasAdditionalNewField(original, modified))) patch[RETAIN_KEYS] = sortScalars(retain);
  return patch;
}

function hasAdditionalNewField(original: Obj, modified: Obj): boolean {
  for (const [k, v] of Object.entries(original)) if (v !== null && !(k in modified)) return true;
  return false;
}
const sortScalars = (s: J[]) => [...s].sort((a, b) => (strLess(sv(a), sv(b)) ? -1 : strLess(sv(b), sv(a)) ? 1 : 0));

function diffLists(original: J[], modified: J[], elem: Schema, key: string, d: DiffOpts): [J[], J[], J[]] {
  if (!original.length) {
    if (!modified.length || d.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const all = [...original, ...modified];
  if (all.some(Array.isArray)) throw new PatchError('lists of lists are not supported');
  if (isPlainObject(all[0])) {
    const [p0, del] = diffListsOfMaps(original, modified, elem, key, d);
    let patchList = normalizeSliceOrder(p0, modified, key, true);
    const orderSame = original.length === modified.length && modified.every((m, i) => original[i]?.[key] === m?.[key]);
    patchList = [...patchList, ...del];
    let order: J[] = [];
    if (d.setElementOrder && ((!d.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!d.ignoreDeletions && patchList.length > 0)))
      order = modified.map(m => ({ [key]: m[key] }));
    return [patchList, [], order];
  }
  const [add, del] = diffListsOfScalars(original, modified, d);
  const patchList = normalizeSliceOrder(add, modified, key, false);
  let order: J[] = [];
  if (d.setElementOrder && ((!d.ignoreDeletions && del.length > 0) || (!d.ignoreChangesAndAdditions && !deepEqual(original, modified)))) order = modified;
  return [patchList, del, order];
}

function diffListsOfScalars(original: J[], modified: J[], d: DiffOpts): [J[], J[]] {
  const os = sortScalars(original), ms = sortScalars(modified);
  const add: J[] = [], del: J[] = [];
  let i = 0, j = 0;
  while (i < os.length || j < ms.length) {
    const a = i < os.length ? sv(os[i]) : undefined, b = j < ms.length ? sv(ms[j]) : undefined;
    if (a !== undefined && b !== undefined && a === b) { i++; j++; }
    else if (a === undefined || (b !== undefined && a > b)) { if (!d.ignoreChangesAndAdditions) add.push(ms[j]); j++; }
    else { if (!d.ignoreDeletions) del.push(os[i]); i++; }
  }
  return [add, dedupe(del)];
}

function diffListsOfMaps(original: J[], modified: J[], elem: Schema, key: string, d: DiffOpts): [J[], J[]] {
  const sortByKey = (l: J[]) => {
    for (const m of l) {
      if (!isPlainObject(m)) throw new PatchError(`expected map[string]interface{}, but got ${goType(m)}`);
      if (!(key in m)) throw new PatchError(`map: ${goMap(m)} does not contain declared merge key: ${key}`);
    }
    return [...l].sort((a, b) => (sv(a[key]) < sv(b[key]) ? -1 : sv(a[key]) > sv(b[key]) ? 1 : 0));
  };
  const os = sortByKey(original), ms = sortByKey(modified);
  const patch: J[] = [], del: J[] = [];
  let i = 0, j = 0;
  while (i < os.length || j < ms.length) {
    const a = i < os.length ? sv(os[i][key]) : undefined, b = j < ms.length ? sv(ms[j][key]) : undefined;
    if (a !== undefined && b !== undefined && a === b) {
      const pv = diffMaps(os[i], ms[j], elem, d);
      if (Object.keys(pv).length) { pv[key] = ms[j][key]; patch.push(pv); }
      i++; j++;
    } else if (a === undefined || (b !== undefined && a > b)) {
      if (!d.ignoreChangesAndAdditions) patch.push(ms[j]);
      j++;
    } else {
      if (!d.ignoreDeletions) del.push({ [key]: os[i][key], [DIRECTIVE]: 'delete' });
      i++;
    }
  }
  return [patch, del];
}

/** Two-way patch (CreateTwoWayMergePatch): applied to original, gives modified. */
export function twoWayPatch(original: unknown, modified: unknown, ri?: ResourceInfo): Record<string, unknown> {
  return diffMaps(isPlainObject(original) ? original : {}, isPlainObject(modified) ? modified : {}, schemaFor(ri), { setElementOrder: true });
}

/**
 * kubectl apply's patch (CreateThreeWayMergePatch): deletions from original (last-applied) to modified
 * (the file), plus additions and changes from current (live) to modified. `{}` means nothing to do.
 */
export function threeWayPatch(original: unknown, modified: unknown, current: unknown, ri?: ResourceInfo): Record<string, unknown> {
  const schema = schemaFor(ri);
  const o = isPlainObject(original) ? original : {}, m = isPlainObject(modified) ? modified : {}, c = isPlainObject(current) ? current : {};
  const delta = diffMaps(c, m, schema, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(o, m, schema, { setElementOrder: true, ignoreChangesAndAdditions: true });
  return mergeMap(clone(deletions), clone(delta), schema, { parallel: false, ignoreNulls: false });
}

// Go-ish renderings for error texts
function goType(v: J): string {
  const k = kindOf(v);
  return k === 'object' ? 'map[string]interface {}' : k === 'array' ? '[]interface {}' : k === 'string' ? 'string' : k === 'number' ? 'float64' : k === 'boolean' ? 'bool' : '<nil>';
}
function goMap(v: Obj): string {
  return `map[${Object.keys(v).sort().map(k => `${k}:${goValue(v[k])}`).join(' ')}]`;
}
