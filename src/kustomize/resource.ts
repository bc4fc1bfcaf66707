// A resource and the list of resources (kustomize's resource.Resource and resmap.ResMap / resWrangler).
// Like kustomize, a resource carries its build-time bookkeeping (previous names, prefixes and suffixes,
// generator behavior, whether it needs a hash suffix, who refers to it) as annotations under
// internal.config.kubernetes.io/, which are removed before output; the ids a resource had before a rename
// are what patches, name references and replacements match on.
import {
  YNode, get, lookup, setField, clearField, lookupCreate, str, scalar, copy, stringMap, isMissingOrNull, isNilOrEmpty, mapNode, toJS, setNode,
} from './node';
import {
  Gvk, ResId, newGvk, plainGvk, parseGroupVersion, apiVersionOf, idEquals, effectiveNamespace, resIdString, gvkSelected, isNsEquals, isClusterScoped,
} from './resid';
import { KError } from './errors';
import { matchesSelector } from './selector';

const D = 'internal.config.kubernetes.io';
export const A = {
  previousKinds: `${D}/previousKinds`, previousNames: `${D}/previousNames`, prefixes: `${D}/prefixes`, suffixes: `${D}/suffixes`,
  previousNamespaces: `${D}/previousNamespaces`, allowNameChange: `${D}/allowNameChange`, allowKindChange: `${D}/allowKindChange`,
  refBy: `${D}/refBy`, genBehavior: `${D}/generatorBehavior`, needsHash: `${D}/needsHashSuffix`,
};
export const ORIGIN = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';
/** Everything Resource.RemoveBuildAnnotations removes (kustomize's and kio's internal annotations). */
const BUILD_ANNOTATIONS = [
  A.previousKinds, A.previousNames, A.prefixes, A.suffixes, A.previousNamespaces, A.allowNameChange, A.allowKindChange, A.refBy,
  A.genBehavior, A.needsHash,
  'internal.config.kubernetes.io/path', 'internal.config.kubernetes.io/index', 'internal.config.kubernetes.io/seqindent',
  'internal.config.kubernetes.io/id', 'internal.config.kubernetes.io/annotations-migration-resource-id',
  'config.kubernetes.io/path', 'config.kubernetes.io/index', 'config.k8s.io/id',
];

export type Behavior = 'unspecified' | 'create' | 'replace' | 'merge';

export class Resource {
  refVarNames: string[] = [];
  constructor(public node: YNode) {}

  // ---- kyaml RNode accessors
  getKind(): string { return get(this.node, 'kind')?.value ?? ''; }
  getApiVersion(): string { return get(this.node, 'apiVersion')?.value ?? ''; }
  private metaString(f: string): string {
    const md = get(this.node, 'metadata');
    if (!md || isMissingOrNull(md) || md.kind !== 'map') return '';
    let r = '';
    for (let i = 0; i + 1 < md.content.length; i += 2) if (md.content[i]!.value === f && !isNilOrEmpty(md.content[i + 1])) r = md.content[i + 1]!.value;
    return r;
  }
  getName(): string { return this.metaString('name'); }
  getNamespace(): string { return this.metaString('namespace'); }
  setMapField(value: YNode, ...path: string[]): void {
    let cur = this.node;
    for (const p of path.slice(0, -1)) {
      let f = get(cur, p);
      if (!f || isMissingOrNull(f)) { f = mapNode(); setField(cur, p, f); f = get(cur, p)!; }
      cur = f;
    }
    setField(cur, path[path.length - 1]!, value);
  }
  setName(n: string): void { this.setMapField(scalar(n), 'metadata', 'name'); }
  setNamespace(ns: string): void {
    if (ns === '') { const md = get(this.node, 'metadata'); if (md && md.kind === 'map') clearField(md, 'namespace'); return; }
    this.setMapField(scalar(ns), 'metadata', 'namespace');
  }
  setKind(k: string): void { this.setMapField(scalar(k), 'kind'); }
  setApiVersion(v: string): void { this.setMapField(scalar(v), 'apiVersion'); }
  private mapFromMeta(f: string): Record<string, string> {
    const md = get(this.node, 'metadata');
    if (!md || isMissingOrNull(md)) return {};
    return stringMap(get(md, f));
  }
  getAnnotations(): Record<string, string> { return this.mapFromMeta('annotations'); }
  getLabels(): Record<string, string> { return this.mapFromMeta('labels'); }
  private setMapInMetadata(m: Record<string, string>, f: string): void {
    let md = get(this.node, 'metadata');
    if (!md || isMissingOrNull(md)) { md = lookupCreate(this.node, 'metadata', 'map'); if (md.kind !== 'map') setNode(md, mapNode()); }
    clearField(md, f);
    const keys = Object.keys(m).sort();
    if (!keys.length) return;
    const mn = mapNode();
    for (const k of keys) mn.content.push(scalar(k), str(m[k]!));
    md.content.push(scalar(f), mn);
  }
  setAnnotations(m: Record<string, string>): void { this.setMapInMetadata(m, 'annotations'); }
  setLabels(m: Record<string, string>): void { this.setMapInMetadata(m, 'labels'); }
  setAnnotation(k: string, v: string): void {
    const md = lookupCreate(this.node, 'metadata', 'map');
    const an = lookupCreate(md, 'annotations', 'map');
    setField(an, k, str(v));
  }

  getGvk(): Gvk { const gv = parseGroupVersion(this.getApiVersion()); return newGvk(gv.group, gv.version, this.getKind()); }
  setGvk(g: Gvk): void { this.setKind(g.kind); this.setApiVersion(apiVersionOf(g)); }
  curId(): ResId { return { gvk: this.getGvk(), name: this.getName(), namespace: this.getNamespace() }; }
  prevIds(): ResId[] {
    const an = this.getAnnotations();
    if (!(A.previousNames in an)) return [];
    const names = an[A.previousNames]!.split(','), nss = (an[A.previousNamespaces] ?? '').split(','), kinds = (an[A.previousKinds] ?? '').split(',');
    if (names.length !== nss.length || names.length !== kinds.length)
      throw new KError('number of previous names, number of previous namespaces, number of previous kinds not equal');
    const gv = parseGroupVersion(this.getApiVersion());
    return names.map((n, i) => ({ gvk: plainGvk(gv.group, gv.version, kinds[i]!), name: n, namespace: nss[i]! }));
  }
  orgId(): ResId { return this.prevIds()[0] ?? this.curId(); }
  /** utils.MakeResIds: the current id, then the previous ones. */
  allIds(): ResId[] {
    const gv = parseGroupVersion(this.getApiVersion());
    return [{ gvk: plainGvk(gv.group, gv.version, this.getKind()), name: this.getName(), namespace: this.getNamespace() }, ...this.prevIds()];
  }

  // ---- build annotations
  private csv(name: string): string[] {
    const an = this.getAnnotations();
    return name in an ? an[name]!.split(',') : [];
  }
  private appendCsv(name: string, value: string): void {
    if (value === '') return;
    this.setAnnotation(name, [...this.csv(name), value].join(','));
  }
  addNamePrefix(p: string): void { this.appendCsv(A.prefixes, p); }
  addNameSuffix(s: string): void { this.appendCsv(A.suffixes, s); }
  getNamePrefixes(): string[] { return this.csv(A.prefixes); }
  getNameSuffixes(): string[] { return this.csv(A.suffixes); }
  storePreviousId(): void {
    const id = this.curId();
    this.appendCsv(A.previousNames, id.name);
    this.appendCsv(A.previousNamespaces, effectiveNamespace(id));
    this.appendCsv(A.previousKinds, id.gvk.kind);
  }
  setPreviousId(ns: string, n: string, k: string): void {
    this.appendCsv(A.previousNames, n); this.appendCsv(A.previousNamespaces, ns); this.appendCsv(A.previousKinds, k);
  }
  private enabled(k: string): boolean { return this.getAnnotations()[k] === 'enabled'; }
  private enable(k: string): void { const an = this.getAnnotations(); an[k] = 'enabled'; this.setAnnotations(an); }
  allowNameChange(): void { this.enable(A.allowNameChange); }
  nameChangeAllowed(): boolean { return this.enabled(A.allowNameChange); }
  allowKindChange(): void { this.enable(A.allowKindChange); }
  kindChangeAllowed(): boolean { return this.enabled(A.allowKindChange); }
  needHashSuffix(): boolean { return this.enabled(A.needsHash); }
  enableHashSuffix(): void { this.enable(A.needsHash); }
  behavior(): Behavior {
    const v = this.getAnnotations()[A.genBehavior];
    return v === 'replace' || v === 'merge' || v === 'create' ? v : 'unspecified';
  }
  setBehavior(b: Behavior): void { const an = this.getAnnotations(); an[A.genBehavior] = b; this.setAnnotations(an); }
  getRefBy(): string[] { return this.csv(A.refBy); }
  appendRefBy(id: ResId): void { this.appendCsv(A.refBy, resIdString(id)); }

  prefixesSuffixesEquals(o: Resource, allowEmpty: boolean): boolean {
    const rp = this.getNamePrefixes(), op = o.getNamePrefixes(), rs = this.getNameSuffixes(), os = o.getNameSuffixes();
    if (allowEmpty) {
      return (rp.length === 0 || op.length === 0 || sameEndingSubSlice(rp, op)) && (rs.length === 0 || os.length === 0 || sameEndingSubSlice(rs, os));
    }
    return sameEndingSubSlice(rp, op) && sameEndingSubSlice(rs, os);
  }

  removeBuildAnnotations(): void {
    const an = this.getAnnotations();
    if (!Object.keys(an).length) return;
    for (const k of BUILD_ANNOTATIONS) delete an[k];
    this.setAnnotations(an);
  }
  /** SetOrigin(nil) / ClearTransformations: delete one annotation through SetAnnotations. */
  dropAnnotation(k: string): void { const an = this.getAnnotations(); delete an[k]; this.setAnnotations(an); }

  deepCopy(): Resource { const r = new Resource(copy(this.node)); r.refVarNames = [...this.refVarNames]; return r; }
  /** CopyMergeMetaDataFieldsFrom */
  copyMergeMetaDataFieldsFrom(other: Resource): void {
    this.setLabels({ ...other.getLabels(), ...this.getLabels() });
    const ra = this.getAnnotations();
    const hash = A.needsHash in ra;
    const oa = other.getAnnotations();
    const merged: Record<string, string> = { ...oa, ...ra };
    for (const k of BUILD_ANNOTATIONS) { if (k in oa) merged[k] = oa[k]!; else delete merged[k]; }
    if (!hash) delete merged[A.needsHash];
    this.setAnnotations(merged);
    this.setName(other.getName());
    this.setNamespace(other.getNamespace());
    this.refVarNames = [...other.refVarNames];
  }
  getDataMap(key = 'data'): Record<string, string> {
    const n = get(this.node, key);
    const out: Record<string, string> = {};
    if (!n || n.kind !== 'map') return out;
    for (let i = 0; i + 1 < n.content.length; i += 2) out[n.content[i]!.value] = isMissingOrNull(n.content[i + 1]) ? '' : n.content[i + 1]!.value;
    return out;
  }
  isNilOrEmpty(): boolean { return isNilOrEmpty(this.node); }
  matchesLabelSelector(sel: string): boolean { return matchesSelector(sel, this.getLabels()); }
  matchesAnnotationSelector(sel: string): boolean { return matchesSelector(sel, this.getAnnotations()); }
  toJSON(): any { return toJS(this.node); }
}

function sameEndingSubSlice(a: string[], b: string[]): boolean {
  if (a.length === 0 && b.length === 0) return true;
  if (a.length === 0 || b.length === 0) return false;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  for (let i = 1; i <= s.length; i++) if (s[s.length - i] !== l[l.length - i]) return false;
  return true;
}

export interface Selector { gvk: Partial<Gvk>; name?: string; namespace?: string; labelSelector?: string; annotationSelector?: string }

/** resWrangler: an ordered list of resources with unique current ids. */
export class ResMap {
  list: Resource[] = [];
  size(): number { return this.list.length; }
  resources(): Resource[] { return [...this.list]; }
  clear(): void { this.list = []; }
  append(r: Resource): void {
    const id = r.curId();
    if (this.list.some(x => idEquals(x.curId(), id))) throw new KError(`may not add resource with an already registered id: ${resIdString(id)}`);
    this.list.push(r);
  }
  appendAll(other: ResMap | Resource[]): void { for (const r of Array.isArray(other) ? other : other.list) this.append(r); }
  remove(id: ResId): void {
    const next = this.list.filter(r => !sameId(r.curId(), id));
    if (next.length !== this.list.length - 1) throw new KError(`id ${resIdString(id)} not found in removal`);
    this.list = next;
  }
  replace(r: Resource): number {
    const id = r.curId();
    const idx = this.list.map((x, i) => (idEquals(id, x.curId()) ? i : -1)).filter(i => i >= 0);
    if (idx.length > 1) throw new KError(`in Replace: id matched ${idx.length} resources`);
    if (!idx.length) throw new KError(`cannot find resource with id ${resIdString(id)} to replace`);
    this.list[idx[0]!] = r;
    return idx[0]!;
  }
  byCurrentId(match: (id: ResId) => boolean): Resource[] { return this.list.filter(r => match(r.curId())); }
  byAnyId(match: (id: ResId) => boolean): Resource[] { return this.list.filter(r => [...r.prevIds(), r.curId()].some(match)); }
  /** GetById: exactly one resource whose current or previous id equals id. */
  getById(id: ResId): Resource {
    const r = this.byAnyId(x => idEquals(id, x));
    if (r.length === 1) return r[0]!;
    const why = r.length > 1 ? `multiple matches for Id ${resIdString(id)}` : `no matches for Id ${resIdString(id)}`;
    throw new KError(`${why}; failed to find unique target for patch ${resIdString(id)}`);
  }
  dropEmpties(): void { this.list = this.list.filter(r => !r.isNilOrEmpty()); }
  /** resWrangler.Select: selectors match current or original id, names and namespaces as anchored regexps. */
  select(s: Selector): Resource[] {
    const re = (p: string | undefined) => (p ? goRegexp(`^(?:${p})$`) : undefined);
    const g = re(s.gvk.group), v = re(s.gvk.version), k = re(s.gvk.kind), n = re(s.name), ns = re(s.namespace);
    const out: Resource[] = [];
    for (const r of this.list) {
      const cur = r.curId(), org = r.orgId();
      if (ns && !ns.test(effectiveNamespace(org)) && !ns.test(effectiveNamespace(cur))) continue;
      if (n && !n.test(org.name) && !n.test(cur.name)) continue;
      const gvk = r.getGvk();
      if ((g && !g.test(gvk.group)) || (v && !v.test(gvk.version)) || (k && !k.test(gvk.kind))) continue;
      if (!r.matchesLabelSelector(s.labelSelector ?? '')) continue;
      if (!r.matchesAnnotationSelector(s.annotationSelector ?? '')) continue;
      out.push(r);
    }
    return out;
  }
  /** AbsorbAll: add generated resources, merging or replacing by their generator behavior. */
  absorbAll(other: ResMap): void {
    for (const r of other.list) this.appendReplaceOrMerge(r);
  }
  private appendReplaceOrMerge(res: Resource): void {
    const id = res.curId();
    const matches = this.byAnyId(x => idEquals(id, x));
    if (matches.length === 0) {
      const b = res.behavior();
      if (b === 'merge' || b === 'replace') throw new KError(`id ${goIdDump(id)} does not exist; cannot merge or replace`);
      this.append(res);
      return;
    }
    if (matches.length > 1) throw new KError(`found multiple objects ${matchesDump(matches)} that could accept merge of ${goIdDump(id)}`);
    const old = matches[0]!;
    const index = this.list.indexOf(old);
    switch (res.behavior()) {
      case 'replace': res.copyMergeMetaDataFieldsFrom(old); break;
      case 'merge': {
        const origin = old.getAnnotations()[ORIGIN];
        res.copyMergeMetaDataFieldsFrom(old);
        mergeDataInto(res, old, 'data');
        mergeDataInto(res, old, 'binaryData');
        if (origin !== undefined) res.setAnnotation(ORIGIN, origin);
        break;
      }
      default:
        throw new KError(`id ${goIdDump(id)} exists; behavior must be merge or replace`);
    }
    const i = this.replace(res);
    if (i !== index) throw new KError('unexpected target index in replacement');
  }
  /** SubsetThatCouldBeReferencedByResource */
  subsetReferencedBy(referrer: Resource): Resource[] {
    const rid = referrer.curId();
    if (isClusterScoped(rid)) return [...this.list];
    const rbNamespaces = roleBindingNamespaces(referrer);
    return this.list.filter(t => {
      const id = t.curId();
      return isClusterScoped(id) || isNsEquals(id, rid) || rbNamespaces.has(t.getNamespace());
    });
  }
}

function roleBindingNamespaces(r: Resource): Set<string> {
  const out = new Set<string>();
  if (r.getKind() !== 'RoleBinding') return out;
  const subjects = toJS(get(r.node, 'subjects'));
  if (!Array.isArray(subjects)) return out;
  for (const s of subjects) {
    if (s && typeof s === 'object' && 'namespace' in s && 'kind' in s && s.kind === 'ServiceAccount') {
      if (typeof s.namespace === 'string') out.add(s.namespace);
      else throw new KError(`Invalid Input: namespace is blank for resource "${resIdString(r.curId())}"\n`);
    }
  }
  return out;
}

function mergeDataInto(res: Resource, old: Resource, key: 'data' | 'binaryData'): void {
  const m = { ...old.getDataMap(key), ...res.getDataMap(key) };
  clearField(res.node, key);
  const keys = Object.keys(m).sort();
  if (!keys.length) return;
  const { loadIntoData } = require('./generators') as typeof import('./generators');
  loadIntoData(res.node, m, key === 'binaryData');
}

const sameId = (a: ResId, b: ResId) => a.name === b.name && a.namespace === b.namespace && a.gvk.group === b.gvk.group && a.gvk.version === b.gvk.version && a.gvk.kind === b.gvk.kind;

/** Go's %#v of a resid.ResId, as kustomize prints it in generator merge errors. */
export function goIdDump(id: ResId): string {
  return `resid.ResId{Gvk:resid.Gvk{Group:${JSON.stringify(id.gvk.group)}, Version:${JSON.stringify(id.gvk.version)}, Kind:${JSON.stringify(id.gvk.kind)}, isClusterScoped:${!!id.gvk.clusterScoped}}, Name:${JSON.stringify(id.name)}, Namespace:${JSON.stringify(id.namespace)}}`;
}
function matchesDump(rs: Resource[]): string {
  return `[${rs.map(r => resIdString(r.curId())).join(' ')}]`;
}

/** A Go RE2 pattern as a JS RegExp (the common subset kustomize selectors use). */
export function goRegexp(p: string): RegExp {
  try { return new RegExp(p); } catch { throw new KError(`error parsing regexp: invalid syntax: \`${p}\``); }
}
export { gvkSelected, lookup };
