// managedFields: field ownership as kube-apiserver's field manager records it (k8s.io/apiserver
// .../managedfields and sigs.k8s.io/structured-merge-diff). Field sets are kept in the wire format itself
// (fieldsV1: `f:<field>`, `k:{<list keys>}`, `v:<set value>`, `.` for a node that is itself a member), so
// nothing is converted on the way to the stored object.
//  - Update (every write but apply): the fields the write added or changed join the writer's entry
//    (manager, Update, apiVersion, subresource) and leave everyone else's; removed fields leave all entries.
//    An entry's time moves only when its fields did. Status is the status subresource's; the status
//    subresource owns nothing else. apiVersion, kind and server-set metadata are never owned.
//  - Apply (server-side apply, apply.ts): the applied configuration's fields become the applier's Apply entry;
//    fields it changes that others own are conflicts unless forced.
// List semantics come from the OpenAPI extensions (dist/fieldtypes.json, scripts/gen-fieldtypes.mjs);
// custom resources use their CRD's schema; anything untyped is a granular map with atomic lists.
import fs from 'node:fs';
import path from 'node:path';
import type { KObject, ResourceInfo } from './types';
import { deepEqual } from '../util/objects';

export type FieldSet = Record<string, any>;
export interface ManagedFieldsEntry {
  apiVersion: string; fieldsType: 'FieldsV1'; fieldsV1: FieldSet; manager: string; operation: 'Apply' | 'Update'; subresource?: string; time: string;
}
/** What a field is: struct (child fields typed), map, atomic, associative list (keys), set, atomic list. */
type Kind = 's' | 'm' | 'am' | 'lm' | 'ls' | 'la';
export interface TypeRef { def: string | null; kind: Kind; keys?: string[]; crd?: CrdNode }
/** A structural schema node of a CRD, reduced to what field sets need. */
export interface CrdNode { type?: string; properties?: Record<string, CrdNode>; additionalProperties?: CrdNode | boolean; items?: CrdNode; 'x-kubernetes-list-type'?: string; 'x-kubernetes-list-map-keys'?: string[]; 'x-kubernetes-map-type'?: string; 'x-kubernetes-embedded-resource'?: boolean }

let TYPES: Record<string, Record<string, [string | null, Kind, string[]?]>> | undefined;
function types() {
  if (!TYPES) {
    try {
      let dir = __dirname;
      let file = path.join(dir, 'fieldtypes.json');
      for (let i = 0; i < 3 && !fs.existsSync(file); i++) { dir = path.dirname(dir); file = path.join(dir, 'dist', 'fieldtypes.json'); }
      TYPES = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch { TYPES = {}; }
  }
  return TYPES!;
}

const DEDUCED: TypeRef = { def: null, kind: 'm' };
/** The type of a field of a struct or map value (the same object for the same field: TypeRefs are never
 *  changed, and the built-in types' are kept, per parent, for the next object's walk). */
const CHILD = new WeakMap<TypeRef, Map<string, TypeRef | undefined>>();
const ITEM = new WeakMap<TypeRef, TypeRef | undefined>();
function childType(t: TypeRef, field: string): TypeRef | undefined {
  if (t.crd) {
    const n = t.crd;
    const c = n.properties?.[field] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined);
    if (!c) return n.properties ? undefined : DEDUCED;
    return crdType(c);
  }
  if (t.def === null) return t.kind === 'm' ? DEDUCED : undefined;
  let m = CHILD.get(t);
  if (!m) CHILD.set(t, (m = new Map()));
  let r = m.get(field);
  if (r === undefined && !m.has(field)) {
    const fields = types()[t.def];
    if (!fields) r = undefined;
    else if (t.kind === 'm') r = { def: t.def, kind: 's' }; // a map's values (additionalProperties $ref)
    else { const f = fields[field]; r = f ? { def: f[0], kind: f[1], keys: f[2] } : undefined; }
    m.set(field, r);
  }
  return r;
}
function itemType(t: TypeRef): TypeRef | undefined {
  if (t.crd) return t.crd.items ? crdType(t.crd.items) : undefined;
  if (ITEM.has(t)) return ITEM.get(t);
  const r: TypeRef | undefined = t.def ? { def: t.def, kind: atomicDef(t.def) ? 'am' : 's' } : undefined;
  ITEM.set(t, r);
  return r;
}
let ATOMIC: Set<string> | undefined;
const atomicDef = (def: string) => (ATOMIC ??= new Set((types() as any).$atomic ?? [])).has(def);
/** Fields of a struct that a new typed object already has (not omitempty: the required ones). */
function requiredOf(t: TypeRef | undefined): string[] {
  if (!t || t.crd || !t.def) return [];
  return ((types()[t.def] as any)?.$req as string[] | undefined) ?? [];
}
export function crdType(n: CrdNode): TypeRef {
  if (n.type === 'array') {
    const lt = n['x-kubernetes-list-type'];
    return { def: null, kind: lt === 'map' ? 'lm' : lt === 'set' ? 'ls' : 'la', keys: n['x-kubernetes-list-map-keys'], crd: n };
  }
  if (n.type === 'object' || n.properties || n.additionalProperties) return { def: null, kind: n['x-kubernetes-map-type'] === 'atomic' ? 'am' : 's', crd: n };
  return { def: null, kind: 'am', crd: n }; // scalar: a leaf
}
/** The root type of a resource. */
const ROOTS = new Map<string | undefined, TypeRef>();
export function rootType(ri: ResourceInfo, crdSchema?: CrdNode): TypeRef {
  if (ri.custom) return crdSchema ? { def: null, kind: 's', crd: { ...crdSchema, properties: { ...(crdSchema.properties ?? {}), metadata: { type: 'object' } } } } : DEDUCED;
  let t = ROOTS.get(ri.definition);
  if (!t) ROOTS.set(ri.definition, (t = { def: ri.definition, kind: 's' }));
  return t;
}
const META: TypeRef = { def: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', kind: 's' };

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLeafKind = (t: TypeRef | undefined) => !t || t.kind === 'am' || t.kind === 'la';

function keyOf(item: any, keys: string[] | undefined): string | undefined {
  if (!isObj(item) || !keys?.length) return undefined;
  // `k:` and the JSON of the item's key fields, in the keys' order (written out: this runs for every item)
  let out = 'k:{';
  let first = true;
  for (const k of keys) {
    const v = item[k];
    if (v === undefined) continue;
    const j = JSON.stringify(v);
    if (j === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + j;
    first = false;
  }
  return out + '}';
}
/** `f:<name>`, the same string each time (a property key V8 has seen). */
const FKEYS = new Map<string, string>();
function fkey(k: string): string {
  let f = FKEYS.get(k);
  if (f === undefined) { f = `f:${k}`; if (FKEYS.size < 50_000) FKEYS.set(k, f); }
  return f;
}

/** Every path of a value, as an Update's compare marks an added subtree (the node itself included).
 *  pre: the value is a new typed object's struct, whose non-omitempty fields exist already (no `.` for them). */
function addAll(v: unknown, t: TypeRef | undefined, pre?: TypeRef): FieldSet {
  const node: FieldSet = {};
  if (isLeafKind(t) || v === null || typeof v !== 'object') return node;
  let any = false;
  const req = pre ? requiredOf(pre) : undefined;
  if (Array.isArray(v)) {
    if (t!.kind === 'lm') {
      const it = itemType(t!);
      for (const x of v) { const k = keyOf(x, t!.keys); if (k) { any = true; addChild(node, req, k, x, it); } }
    } else if (t!.kind === 'ls') for (const x of v) { any = true; addChild(node, req, `v:${JSON.stringify(x)}`, x, undefined); }
  } else if (t!.kind === 's' || t!.kind === 'm') {
    for (const k in v as Record<string, unknown>) {
      const cv = (v as any)[k];
      if (cv !== undefined) { any = true; addChild(node, req, fkey(k), cv, childType(t!, k)); }
    }
  }
  if (any && !pre) node['.'] = {};
  return node;
}
function addChild(node: FieldSet, req: string[] | undefined, k: string, cv: unknown, ct: TypeRef | undefined): void {
  if (req && cv !== null && typeof cv === 'object' && (STRUCTS.has(k) || req.includes(k.slice(2)))) {
    node[k] = addAll(cv, ct, Array.isArray(cv) ? undefined : ct);
    if (Array.isArray(cv)) delete node[k]['.'];
  } else node[k] = addAll(cv, ct);
}
/** Children of a value: [path element, value, type]. */
function walkChildren(v: unknown, t: TypeRef): [string, unknown, TypeRef | undefined][] {
  const out: [string, unknown, TypeRef | undefined][] = [];
  if (Array.isArray(v)) {
    if (t.kind === 'lm') { const it = itemType(t); for (const x of v) { const k = keyOf(x, t.keys); if (k) out.push([k, x, it]); } }
    else if (t.kind === 'ls') for (const x of v) out.push([`v:${JSON.stringify(x)}`, x, undefined]);
    return out;
  }
  if (isObj(v) && (t.kind === 's' || t.kind === 'm')) for (const [k, cv] of Object.entries(v)) if (cv !== undefined) out.push([`f:${k}`, cv, childType(t, k)]);
  return out;
}

/** Compare two values: fields added or modified, and fields removed (old paths gone). */
/** pre: set while comparing against a new typed object's empty skeleton (a create), for the struct whose
 *  non-omitempty fields already exist there. */
function compare(o: unknown, n: unknown, t: TypeRef | undefined, changed: FieldSet, removed: FieldSet, pre?: TypeRef): void {
  if (!pre && deepEqual(o, n)) return; // most of an update is unchanged: skip it whole
  const req = pre ? requiredOf(pre) : [];
  if (isLeafKind(t) || o === null || n === null || typeof o !== 'object' || typeof n !== 'object' || Array.isArray(o) !== Array.isArray(n)) return;
  if (!Array.isArray(n)) {
    // two objects: their fields, without building the children lists
    if (t!.kind !== 's' && t!.kind !== 'm') return;
    const ov = o as Record<string, unknown>, nv = n as Record<string, unknown>;
    for (const f of Object.keys(nv)) {
      const nf = nv[f];
      if (nf === undefined) continue;
      const ct = childType(t!, f);
      const was = Object.prototype.hasOwnProperty.call(ov, f) ? ov[f] : undefined;
      compareChild(fkey(f), was !== undefined, was, nf, ct, changed, removed, pre, req);
    }
    for (const f of Object.keys(ov)) {
      const was = ov[f];
      if (was === undefined || (Object.prototype.hasOwnProperty.call(nv, f) && nv[f] !== undefined)) continue;
      removed[fkey(f)] = addAll(was, childType(t!, f));
    }
    return;
  }
  const oc = new Map(walkChildren(o, t!).map(c => [c[0], c]));
  const nc = walkChildren(n, t!);
  const seen = new Set<string>();
  for (const [k, nv, ct] of nc) {
    seen.add(k);
    const oe = oc.get(k);
    compareChild(k, !!oe, oe?.[1], nv, ct, changed, removed, pre, req);
  }
  for (const [k, [, ov, ct]] of oc) if (!seen.has(k)) removed[k] = addAll(ov, ct);
}
/** One child of compare (had: whether the old value has it). */
function compareChild(k: string, had: boolean, ov: unknown, nv: unknown, ct: TypeRef | undefined, changed: FieldSet, removed: FieldSet, pre: TypeRef | undefined, req: string[]): void {
  if (!had) {
    if (pre && (STRUCTS.has(k) || req.includes(k.slice(2))) && (isObj(nv) || Array.isArray(nv))) {
      const sub: FieldSet = {}; const rsub: FieldSet = {};
      compare(Array.isArray(nv) ? [] : {}, nv, ct, sub, rsub, isObj(nv) ? ct : undefined);
      changed[k] = Object.keys(sub).length ? sub : {};
    } else changed[k] = addAll(nv, ct);
    return;
  }
  if (isLeafKind(ct) || typeof nv !== 'object' || nv === null || typeof ov !== 'object' || ov === null) {
    if (!deepEqual(ov, nv)) changed[k] = {};
    return;
  }
  const sub: FieldSet = {}; const rsub: FieldSet = {};
  compare(ov, nv, ct, sub, rsub);
  if (Object.keys(sub).length) changed[k] = sub;
  if (Object.keys(rsub).length) removed[k] = rsub;
}

// ---- set operations on fieldsV1 tries ----
// (the `.` of a node is never looked up as a child: a node stands for its children as it is, no copy made)
const hasKeys = (n: FieldSet) => { for (const _ in n) return true; return false; };
const isMember = (n: FieldSet) => '.' in n || !hasKeys(n);
/** a - b. What is left unchanged is a itself (and each unchanged subtree of a is a's): field sets are never
 *  changed in place, so the result shares them, and an update that touches one manager's fields leaves the
 *  others' sets as the very same objects (nothing copied, and the store encodes them once). */
export function difference(a: FieldSet, b: FieldSet): FieldSet { return diffKids(a, b); }
/** Set by diffKids: whether every child of its `a` came back unchanged. */
let kidsUnchanged = false;
/** The children of a (its `.` left out) minus b; a itself when a has no `.` and no child changed. */
function diffKids(a: FieldSet, b: FieldSet): FieldSet {
  let out: FieldSet | undefined;
  let changed = false;
  const keys = Object.keys(a);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const an = a[k];
    const v = k === '.' ? undefined : b[k] ? diffNode(an, b[k]) : an;
    if (v !== an && k !== '.') changed = true;
    if (out === undefined) {
      if (v === an) continue;
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = a[keys[j]!];
    }
    if (v !== undefined) out[k] = v;
  }
  kidsUnchanged = !changed;
  return out ?? a;
}
/** One node of a minus the same node of b: undefined when nothing of it is left. */
function diffNode(an: FieldSet, bn: FieldSet): FieldSet | undefined {
  const kids = diffKids(an, bn);
  const same = kidsUnchanged;
  const keep = isMember(an) && !isMember(bn);
  const anyKids = hasKeys(kids);
  if (!keep && !anyKids) return undefined;
  if (same) {
    const dot = '.' in an;
    if (keep && anyKids && dot) return an;
    if (!keep && !dot) return an;
    if (keep && !anyKids && !hasKeys(an)) return an;
  }
  return keep && anyKids ? { '.': {}, ...kids } : keep ? {} : kids;
}
function childrenOf(n: FieldSet): FieldSet { if (!('.' in n)) return n; const { '.': _d, ...rest } = n; return rest; }
/** a ∪ b */
export function union(a: FieldSet, b: FieldSet): FieldSet { return unionOf(a, b, false); }
function unionOf(a: FieldSet, b: FieldSet, kidsOnly: boolean): FieldSet {
  const out: FieldSet = {};
  for (const k in a) if (!kidsOnly || k !== '.') out[k] = a[k];
  for (const k in b) {
    if (k === '.') continue;
    const bn = b[k];
    const an = out[k];
    if (!an) { out[k] = bn; continue; }
    const member = isMember(an) || isMember(bn);
    const kids = unionOf(an, bn, true);
    out[k] = hasKeys(kids) ? (member ? { '.': {}, ...kids } : kids) : {};
  }
  return out;
}
/** a ∩ b (members of both) */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = {};
  for (const k in a) {
    if (k === '.') continue;
    const an = a[k];
    const bn = b[k];
    if (!bn) continue;
    const member = isMember(an) && isMember(bn);
    const kids = intersection(an, bn);
    const anyKids = hasKeys(kids);
    if (!member && !anyKids) continue;
    out[k] = anyKids ? (member ? { '.': {}, ...kids } : kids) : {};
  }
  return out;
}
export const isEmpty = (s: FieldSet) => !hasKeys(s);
/** The leaf paths of a set, as the API server lists conflicts: `.spec.replicas`, `.spec.containers[name="x"].image`. */
export function paths(s: FieldSet, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, n] of Object.entries(s)) {
    if (k === '.') continue;
    const p = prefix + elementString(k);
    if (isMember(n)) out.push(p);
    out.push(...paths(childrenOf(n), p));
  }
  return out;
}
function elementString(k: string): string {
  if (k.startsWith('f:')) return `.${k.slice(2)}`;
  if (k.startsWith('v:')) return `[=${k.slice(2)}]`;
  if (k.startsWith('k:')) {
    const o = JSON.parse(k.slice(2));
    return `[${Object.entries(o).map(([kk, v]) => `${kk}=${JSON.stringify(v)}`).join(',')}]`;
  }
  return k;
}

// ---- what the field manager never tracks ----
const STRIP_META = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'];
const STRIP_TOP = new Set(['f:apiVersion', 'f:kind', 'f:status']);
const STRIP_META_KEYS = new Set(STRIP_META.filter(f => f !== 'generateName').map(f => `f:${f}`));
function strip(s: FieldSet, subresource: string | undefined): FieldSet {
  if (subresource === 'status') return s['f:status'] ? { 'f:status': childrenOf(s['f:status']) } : {};
  const out: FieldSet = {};
  for (const k in s) {
    if (STRIP_TOP.has(k)) continue;
    if (k !== 'f:metadata') { out[k] = s[k]; continue; }
    const m: FieldSet = {};
    let any = false;
    const md = s[k];
    for (const f in md) if (f !== '.' && !STRIP_META_KEYS.has(f)) { m[f] = md[f]; any = true; }
    if (any) out[k] = m;
  }
  return out;
}
/** Non-pointer structs: present (empty) in a new typed object, so a create does not own them as such. */
const STRUCTS = new Set(['f:metadata', 'f:spec', 'f:status', 'f:template', 'f:strategy', 'f:updateStrategy', 'f:jobTemplate']);

/** The managedFields after an Update-style write of `next` over `old` (undefined for a create). */
export function updateManagedFields(ri: ResourceInfo, old: KObject | undefined, next: KObject, manager: string, subresource: string | undefined,
  now: string, crdSchema?: CrdNode, input?: KObject): ManagedFieldsEntry[] | undefined {
  const apiVersion = ri.group ? `${ri.group}/${ri.version}` : ri.version;
  // a create of a built-in kind: the set depends only on the object's shape (and, for a pod, what the client
  // sent), the same for every pod of a ReplicaSet and every event of a kind; worked out once per shape
  let memo: { m: Map<number | string, FieldSet | null>; key: number | string } | undefined;
  if (!old && subresource === undefined && !ri.custom && ri.definition) {
    const m = CREATES.get(ri.definition) ?? (CREATES.size >= 512 ? (CREATES.clear(), undefined) : undefined);
    const key = (ri.kind === 'Event' ? flatShape(next) : undefined) ?? shapeHash(ri, next, input);
    const hit = m?.get(key);
    if (hit !== undefined) return hit ? [{ apiVersion, fieldsType: 'FieldsV1', fieldsV1: hit, manager, operation: 'Update', time: now }] : [];
    let mm = m;
    if (!mm) CREATES.set(ri.definition, (mm = new Map()));
    if (mm.size >= 4096) mm.clear();
    memo = { m: mm, key };
  }
  const entries: ManagedFieldsEntry[] = (old?.metadata.managedFields as ManagedFieldsEntry[] | undefined)?.map(e => ({ ...e })) ?? [];
  // objects nobody tracked (written before managedFields existed) stay untracked on update, as the API server's
  // skip-non-applied manager leaves them
  if (old && !entries.length && old.metadata.creationTimestamp && !old.metadata.managedFields) return undefined;
  const t = rootType(ri, crdSchema);
  const changed: FieldSet = {}; const removed: FieldSet = {};
  if (subresource === 'status') {
    // the status subresource owns status only: compare nothing else
    compare({ status: old?.status ?? {} }, { status: next.status ?? {} }, t, changed, removed, old ? undefined : t);
  } else if (!old) {
    // a create: everything is added, but for what a new typed object has already
    Object.assign(changed, addAll(trimmed(next), t, t));
  } else {
    // status is the status subresource's, and server-set metadata nobody's: leave them out of the walk
    compare(trimmed(old), trimmed(next), t, changed, removed);
  }
  if (!old && input && ri.kind === 'Pod' && ri.group === '') dropAdmitted(changed, input);
  const ch = strip(changed, subresource);
  const rm = strip(removed, subresource);
  const out: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const e of entries) {
    if (e.manager === manager && e.operation === 'Update' && e.apiVersion === apiVersion && (e.subresource ?? '') === (subresource ?? '')) { mine = e; continue; }
    let s = e.fieldsV1;
    if (!isEmpty(ch)) s = difference(s, ch);
    if (!isEmpty(rm)) s = difference(s, rm);
    if (s !== e.fieldsV1) { if (isEmpty(s)) continue; e.fieldsV1 = s; }
    out.push(e);
  }
  const prev = mine ? difference(mine.fieldsV1, rm) : {};
  if (!isEmpty(ch) || mine) {
    // a create's set is canonical (one object for every create of the same shape: see CREATES)
    const set = mine && isEmpty(ch) ? prev : memo ? canonical(union(prev, ch)) : union(prev, ch);
    if (memo) memo.m.set(memo.key, isEmpty(set) ? null : set);
    if (!isEmpty(set)) {
      out.push({ apiVersion, fieldsType: 'FieldsV1', fieldsV1: set, manager, operation: 'Update', ...(subresource ? { subresource } : {}), time: isEmpty(ch) && mine ? mine.time : now });
    }
  }
  if (memo && isEmpty(ch) && !mine) memo.m.set(memo.key, null);
  return out.length > 1 ? sortEntries(out) : out;
}

/** Creates' field sets by resource definition, then by shapeHash (or an event's flatShape). */
const CREATES = new Map<string, Map<number | string, FieldSet | null>>();
/** The shape of a flat object (an Event as every recorder writes it: no arrays, objects one level deep) as a
 *  string: its fields (less what trimmed drops) in their order, each object's own in braces. Two with the same
 *  string get the same set: addAll reads nothing else of them (scalar values and null are alike to it).
 *  Undefined for any other object (shapeHash then). Cheaper than shapeHash's typed walk, for the most
 *  written kind. */
function flatShape(o: Record<string, unknown>): string | undefined {
  let s = '';
  for (const k in o) {
    if (k === 'status') continue;
    const v = o[k];
    if (v === undefined) continue;
    if (v === null || typeof v !== 'object') { s += k + ','; continue; }
    if (Array.isArray(v)) return undefined;
    s += k + '{';
    const md = k === 'metadata';
    for (const k2 in v) {
      const v2 = (v as Record<string, unknown>)[k2];
      if (v2 === undefined || (md && TRIMMED_META.has(k2))) continue;
      if (v2 !== null && typeof v2 === 'object') return undefined;
      s += k2 + ',';
    }
    s += '}';
  }
  return s;
}
// ---- the shape of a create, hashed (what addAll, dropAdmitted and strip read, in the order they read it) ----
// (the state is kept as int32: a uint32 above 2^31 would be a heap number, allocated at every step)
let ha = 0, hb = 0;
const mixN = (n: number) => { ha = Math.imul(ha ^ n, 0x01000193) | 0; hb = Math.imul(hb ^ n, 0x5bd1e995) | 0; };
function mixS(s: string): void {
  mixN(0x10000 + s.length);
  let a = ha, b = hb;
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); a = Math.imul(a ^ c, 0x01000193) | 0; b = Math.imul(b ^ c, 0x5bd1e995) | 0; }
  ha = a; hb = b;
}
const OPEN = 0x20000, CLOSE = 0x20001, DOT = 0x20002, NODOT = 0x20003;
/** 52 bits of hash of everything the set of a create of `next` depends on: the paths addAll walks (keys, list
 *  keys and set values; scalar values are not read) and, for a pod, the parts of the client's object dropAdmitted
 *  reads. Two creates with the same hash get the same set (a collision is ~2^-52 per pair of shapes). */
function shapeHash(ri: ResourceInfo, next: KObject, input: KObject | undefined): number {
  ha = 0x811c9dc5 | 0; hb = 0x050c5d1f;
  const t = rootType(ri);
  const pod = !!input && ri.kind === 'Pod' && ri.group === '';
  shapeOf(pod ? admittedView(trimmed(next), input!) : trimmed(next), t, t, false);
  if (pod) {
    const sp = input!.spec ?? {};
    for (const f of ADMITTED) mixN(sp[f] === undefined ? 0 : 1);
    for (const v of sp.volumes ?? []) mixS(JSON.stringify(v?.name) ?? '');
    mixN(CLOSE);
    for (const c of [...(sp.containers ?? []), ...(sp.initContainers ?? [])]) {
      mixS(JSON.stringify(c?.name) ?? '');
      mixN((c?.volumeMounts ?? []).some((m: any) => m?.mountPath === SA_MOUNT) ? 1 : 0);
    }
  }
  return (ha >>> 0) * 0x100000 + ((hb >>> 0) >>> 12);
}
/** A pod without the service account token volumes (kube-api-access-<random>) admission added and the client did
 *  not send: dropAdmitted removes them from the set, so they are no part of its shape. */
function admittedView(o: any, input: KObject): any {
  const vols = o.spec?.volumes;
  if (!Array.isArray(vols)) return o;
  const given = new Set((input.spec?.volumes ?? []).map((v: any) => v?.name));
  const keep = vols.filter((v: any) => !(typeof v?.name === 'string' && v.name.startsWith('kube-api-access-') && !given.has(v.name)));
  return keep.length === vols.length ? o : { ...o, spec: { ...o.spec, volumes: keep } };
}
/** addAll's walk, hashed (noDot: addChild deletes the node's `.`). */
function shapeOf(v: unknown, t: TypeRef | undefined, pre: TypeRef | undefined, noDot: boolean): void {
  mixN(OPEN);
  if (!(isLeafKind(t) || v === null || typeof v !== 'object')) {
    let any = false;
    const req = pre ? requiredOf(pre) : undefined;
    if (Array.isArray(v)) {
      if (t!.kind === 'lm') {
        const it = itemType(t!);
        for (const x of v) { const k = keyOf(x, t!.keys); if (k) { any = true; shapeChild(req, k, x, it); } }
      } else if (t!.kind === 'ls') for (const x of v) { any = true; shapeChild(req, `v:${JSON.stringify(x)}`, x, undefined); }
    } else if (t!.kind === 's' || t!.kind === 'm') {
      for (const k in v as Record<string, unknown>) {
        const cv = (v as any)[k];
        if (cv !== undefined) { any = true; shapeChild(req, fkey(k), cv, childType(t!, k)); }
      }
    }
    if (any && !pre) mixN(noDot ? NODOT : DOT);
  }
  mixN(CLOSE);
}
function shapeChild(req: string[] | undefined, k: string, cv: unknown, ct: TypeRef | undefined): void {
  mixS(k);
  if (req && cv !== null && typeof cv === 'object' && (STRUCTS.has(k) || req.includes(k.slice(2)))) {
    const arr = Array.isArray(cv);
    shapeOf(cv, ct, arr ? undefined : ct, arr);
  } else shapeOf(cv, ct, undefined, false);
}

/** Field sets written, by their JSON: a set equal to one written before is that very object (every pod of a
 *  ReplicaSet, every event of a kind, shares its creator's set), so that objects hold one copy and the store
 *  encodes it once. Sets are never changed in place. */
const CANON = new Map<string, FieldSet>();
const SET_JSON = new WeakMap<FieldSet, string>();
function canonical(s: FieldSet): FieldSet {
  const j = JSON.stringify(s);
  let c = CANON.get(j);
  if (!c) {
    if (CANON.size >= 4096) CANON.clear();
    CANON.set(j, (c = s));
    SET_JSON.set(c, j);
    SHARED_SETS.add(c);
  }
  return c;
}
const SHARED_SETS = new WeakSet<FieldSet>();
/** Whether a set is one many objects may hold (a canonical one): worth remembering things about. */
export const isSharedSet = (s: FieldSet) => SHARED_SETS.has(s);
/** JSON.stringify of a field set (remembered for each set object: sets are never changed in place). */
export function fieldSetJSON(s: FieldSet): string {
  let j = SET_JSON.get(s);
  if (j === undefined) { j = JSON.stringify(s); SET_JSON.set(s, j); }
  return j;
}
const ADMITTED = ['serviceAccount', 'serviceAccountName', 'priority', 'preemptionPolicy', 'tolerations'];
const SA_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Fields a pod's admission plugins add (ServiceAccount, Priority, DefaultTolerationSeconds) run after the field
 *  manager on create: nobody owns them. */
function dropAdmitted(set: FieldSet, input: KObject): void {
  const spec = set['f:spec'];
  if (!spec) return;
  const inSpec = input.spec ?? {};
  for (const f of ADMITTED) if (inSpec[f] === undefined) delete spec[`f:${f}`];
  const vols = spec['f:volumes'];
  if (vols) {
    for (const k of Object.keys(vols)) if (k.startsWith('k:{"name":"kube-api-access-') && !(inSpec.volumes ?? []).some((v: any) => `k:${JSON.stringify({ name: v?.name })}` === k)) delete vols[k];
    if (Object.keys(vols).every(k => k === '.')) delete spec['f:volumes'];
  }
  for (const lk of ['f:containers', 'f:initContainers']) {
    for (const [ck, c] of Object.entries(spec[lk] ?? {})) {
      if (ck === '.') continue;
      const mounts = (c as FieldSet)['f:volumeMounts'];
      if (!mounts) continue;
      const name = JSON.parse(ck.slice(2)).name;
      const given = [...(inSpec.containers ?? []), ...(inSpec.initContainers ?? [])].find((x: any) => x?.name === name)?.volumeMounts ?? [];
      const k = `k:{"mountPath":${JSON.stringify(SA_MOUNT)}}`;
      if (mounts[k] && !given.some((m: any) => m?.mountPath === SA_MOUNT)) delete mounts[k];
      if (Object.keys(mounts).every(x => x === '.')) delete (c as FieldSet)['f:volumeMounts'];
    }
  }
}
const TRIMMED_META = new Set(['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp']);
function trimmed(o: any): any {
  const rest: any = {};
  let metadata: any;
  for (const k in o) {
    if (k === 'status') continue;
    if (k === 'metadata') { metadata = o[k]; continue; }
    rest[k] = o[k];
  }
  if (!metadata) return rest;
  const md: any = {};
  for (const k in metadata) if (!TRIMMED_META.has(k)) md[k] = metadata[k];
  rest.metadata = md;
  return rest;
}
function withoutManaged(o: any): any {
  if (!o?.metadata?.managedFields) return o;
  const { managedFields: _m, ...md } = o.metadata;
  return { ...o, metadata: md };
}
/** Entries in the API server's order: Apply before Update, then by time, manager, apiVersion, subresource. */
export function sortEntries(es: ManagedFieldsEntry[]): ManagedFieldsEntry[] { return es.sort(byEntryOrder); }
const cmpStr = (a: string | undefined, b: string | undefined) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
const byEntryOrder = (a: ManagedFieldsEntry, b: ManagedFieldsEntry) => cmpStr(a.operation, b.operation) || cmpStr(a.time, b.time)
  || cmpStr(a.manager, b.manager) || cmpStr(a.apiVersion, b.apiVersion) || cmpStr(a.subresource, b.subresource);

// ---------------- server-side apply ----------------
/** The fields an applied configuration sets (ToFieldSet: leaves, list elements, empty objects). */
export function configSet(v: unknown, t: TypeRef | undefined): FieldSet {
  const out: FieldSet = {};
  if (isLeafKind(t) || v === null || typeof v !== 'object') return out;
  for (const [k, cv, ct] of walkChildren(v, t!)) {
    const sub = configSet(cv, ct);
    const isElem = k.startsWith('k:') || k.startsWith('v:');
    const leafish = isLeafKind(ct) || cv === null || typeof cv !== 'object' || !walkChildren(cv, ct!).length;
    out[k] = leafish ? {} : isElem ? { '.': {}, ...sub } : sub;
  }
  return out;
}
/** Merge an applied configuration into the live object (maps merged, associative lists by key, sets unioned,
 *  atomic values replaced). */
export function merge(live: unknown, cfg: unknown, t: TypeRef | undefined): unknown {
  if (cfg === undefined) return live;
  if (isLeafKind(t) || !isObj(cfg) && !Array.isArray(cfg) || live === null || live === undefined || typeof live !== 'object') return structuredClone(cfg);
  if (Array.isArray(cfg)) {
    if (!Array.isArray(live)) return structuredClone(cfg);
    if (t!.kind === 'ls') { const out = [...live]; for (const x of cfg) if (!out.some(y => deepEqual(x, y))) out.push(x); return out; }
    if (t!.kind === 'lm') {
      const it = itemType(t!);
      const out = [...live];
      for (const x of cfg) {
        const k = keyOf(x, t!.keys);
        const i = out.findIndex(y => keyOf(y, t!.keys) === k);
        if (i >= 0) out[i] = merge(out[i], x, it); else out.push(structuredClone(x));
      }
      return out;
    }
    return structuredClone(cfg);
  }
  if (!isObj(live)) return structuredClone(cfg);
  const out: Record<string, unknown> = { ...live };
  for (const [k, v] of Object.entries(cfg)) out[k] = merge(live[k], v, childType(t!, k));
  return out;
}
/** Remove from an object the leaf fields of a set (fields the applier stopped applying and nobody else owns);
 *  a map or list owned as a node keeps whatever it still holds, as structured-merge-diff prunes only leaves. */
export function removeFields(obj: any, s: FieldSet, t: TypeRef | undefined, owned: FieldSet = {}): void {
  if (!obj || typeof obj !== 'object') return;
  for (const [k, n] of Object.entries(s)) {
    if (k === '.') continue;
    // a node others still own something under stays (structured-merge-diff adds owned items back)
    const leaf = isMember(n) && isEmpty(childrenOf(n)) && !(owned[k] && !isEmpty(childrenOf(owned[k])));
    const sub = owned[k] ? childrenOf(owned[k]) : {};
    if (k.startsWith('f:') && isObj(obj)) {
      const f = k.slice(2);
      if (leaf) delete obj[f]; else removeFields(obj[f], childrenOf(n), childType(t!, f), sub);
    } else if (Array.isArray(obj) && (k.startsWith('k:') || k.startsWith('v:'))) {
      const i = obj.findIndex(x => (k.startsWith('v:') ? `v:${JSON.stringify(x)}` : keyOf(x, t!.keys)) === k);
      if (i < 0) continue;
      if (leaf) obj.splice(i, 1); else removeFields(obj[i], childrenOf(n), itemType(t!), sub);
    }
  }
}
export { compare as compareValues, META };
