// kustomize's builtin field transformers (api/internal/builtins + api/filters): namePrefix/nameSuffix,
// namespace (with its RoleBinding subject and metadata hacks), labels and commonLabels, commonAnnotations,
// images (by field spec and the legacy walk over every containers/initContainers list), and replicas.
import { YNode, get, lookupCreate, setField, str, isMissingOrNull, NULL, STR, INT, MAP, scalar, wrongKind } from './node';
import { ResMap, Resource } from './resource';
import type { FieldSpec } from './config';
import { applyFieldSpec, applyFieldSpecs, setEntry, SetFn } from './fieldspec';
import { gvkSelected, idEquals, resIdString, gvkString, isClusterScoped } from './resid';
import { KError, wrap } from './errors';
import type { Image, Replica } from './kustomization';

// ------------------------------------------------------------------ prefix / suffix

const SKIP_RENAME: Partial<{ group: string; kind: string }>[] = [{ kind: 'CustomResourceDefinition' }, { group: 'apiregistration.k8s.io', kind: 'APIService' }, { kind: 'Namespace' }];

export function prefixSuffix(m: ResMap, value: string, fss: FieldSpec[], suffix: boolean): void {
  for (const r of m.resources()) {
    const id = r.orgId();
    if (SKIP_RENAME.some(s => gvkSelected(id.gvk, s))) continue;
    for (const fs of fss) {
      if (!gvkSelected(id.gvk, fs.gvk)) continue;
      if (fs.path === 'metadata/name') {
        if (suffix) r.addNameSuffix(value); else r.addNamePrefix(value);
        if (value !== '') r.storePreviousId();
      }
      applyFieldSpec(r.node, fs, {
        set: n => setEntry('', suffix ? `${n.value}${value}` : `${value}${n.value}`, '')(n),
        createKind: 'scalar', createTag: STR,
      }, r);
    }
  }
}

// ------------------------------------------------------------------ namespace

export function namespaceTransform(m: ResMap, ns: string, fss: FieldSpec[]): void {
  if (!ns) return;
  for (const r of m.resources()) {
    if (r.isNilOrEmpty()) continue;
    r.storePreviousId();
    try {
      namespaceFilter(r, ns, fss);
    } catch (e) {
      throw wrap(e, 'namespace transformation failed');
    }
    const matches = m.byCurrentId(id => idEquals(id, r.curId()));
    if (matches.length !== 1) throw new KError(`namespace transformation produces ID conflict: [${matches.map(x => resIdString(x.curId())).join(' ')}]`);
  }
}
function namespaceFilter(r: Resource, ns: string, fss: FieldSpec[]): void {
  const node = r.node;
  const apiVersion = get(node, 'apiVersion')?.value ?? '';
  let specs = fss.filter(f => f.path !== 'metadata/namespace' && !(apiVersion !== 'v1' && f.path === 'metadata/name'));
  const setter: SetFn = n => setEntry('', ns, STR)(n);
  const gvk = r.getGvk();
  if (!gvk.clusterScoped) {
    applyFieldSpec(node, { gvk: {}, path: 'metadata/namespace', create: true }, { set: setter, createKind: 'scalar' }, r);
  }
  if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') {
    specs = specs.filter(f => !((f.gvk.kind === 'RoleBinding' || f.gvk.kind === 'ClusterRoleBinding') && f.path === 'subjects/namespace'));
    const subjects = get(node, 'subjects');
    if (subjects && !isMissingOrNull(subjects)) {
      if (subjects.kind !== 'seq') throw wrongKind(subjects, 'SequenceNode');
      for (const s of subjects.content) {
        const name = s.kind === 'map' ? get(s, 'name') : undefined;
        if (!name || isMissingOrNull(name) || name.value !== 'default') continue;
        setter(lookupCreate(s, 'namespace', 'scalar'));
      }
    }
  }
  applyFieldSpecs(node, specs, { set: setter, createKind: 'scalar', createTag: STR }, r);
}

// ------------------------------------------------------------------ labels and annotations

export function setMapEntries(m: ResMap, entries: Record<string, string>, fss: FieldSpec[]): void {
  const keys = Object.keys(entries).sort();
  if (!keys.length) return;
  for (const r of m.resources()) {
    for (const k of keys) applyFieldSpecs(r.node, fss, { set: setEntry(k, entries[k]!, STR), createKind: 'map', createTag: MAP }, r);
  }
}

// ------------------------------------------------------------------ images

/** image.IsImageMatched */
function imageMatches(s: string, name: string): boolean {
  let re: RegExp;
  try { re = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`); } catch { return false; }
  return re.test(s);
}
/** image.Split: name, tag, digest */
export function splitImage(image: string): [string, string, string] {
  let search = image;
  let slash = image.indexOf('/');
  if (slash > 0) search = image.slice(slash); else slash = 0;
  let id = search.indexOf('@'), ic = search.indexOf(':');
  if (ic < 0 && id < 0) return [image, '', ''];
  if (id >= 0 && (id < ic || ic < 0)) { id += slash; return [image.slice(0, id), '', image.slice(id + 1)]; }
  if (id >= 0 && ic >= 0) { id += slash; ic += slash; return [image.slice(0, ic), image.slice(ic + 1, id), image.slice(id + 1)]; }
  ic += slash;
  return [image.slice(0, ic), image.slice(ic + 1), ''];
}
function updateImage(n: YNode, img: Image): void {
  if (isMissingOrNull(n)) return;
  if (n.kind !== 'scalar') throw wrongKind(n, 'ScalarNode');
  if (!imageMatches(n.value, img.name ?? '')) return;
  let [name, tag, digest] = splitImage(n.value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) { tag = img.newTag; digest = img.digest; }
  else if (img.newTag) { tag = img.newTag; digest = ''; }
  else if (img.digest) { tag = ''; digest = img.digest; }
  else if (img.tagSuffix) { tag += img.tagSuffix; digest = ''; }
  if (tag) name += ':' + tag;
  if (digest) name += '@' + digest;
  setEntry('', name, '')(n);
}
/** The legacy image walk: every `containers` / `initContainers` list anywhere in the resource. */
function legacyImages(n: YNode, img: Image): void {
  if (n.kind === 'map') {
    for (let i = 0; i + 1 < n.content.length; i += 2) {
      const v = n.content[i + 1]!;
      legacyImages(v, img);
      const key = n.content[i]!.value;
      if ((key === 'containers' || key === 'initContainers') && v.kind === 'seq') {
        for (const c of v.content) {
          if (c.kind !== 'map') { if (!isMissingOrNull(c)) throw wrongKind(c, 'MappingNode'); continue; }
          const im = get(c, 'image');
          if (im) updateImage(im, img);
        }
      }
    }
  } else if (n.kind === 'seq') {
    for (const e of n.content) legacyImages(e, img);
  }
}
export function imageTransform(m: ResMap, img: Image, fss: FieldSpec[]): void {
  for (const r of m.resources()) {
    if (r.getKind() === 'CustomResourceDefinition') continue;
    legacyImages(r.node, img);
  }
  for (const r of m.resources()) {
    if (r.getKind() === 'CustomResourceDefinition') continue;
    applyFieldSpecs(r.node, fss, { set: n => updateImage(n, img) }, r);
  }
}

// ------------------------------------------------------------------ replicas

export function replicaTransform(m: ResMap, rep: Replica, fss: FieldSpec[]): void {
  let found = false;
  for (const fs of fss) {
    const list = m.byAnyId(id => id.name === rep.name && gvkSelected(id.gvk, fs.gvk));
    if (!list.length) continue;
    found = true;
    for (const r of list) {
      applyFieldSpec(r.node, fs, { set: setEntry('', String(rep.count ?? 0), INT), createKind: 'scalar', createTag: INT }, r);
    }
  }
  if (!found) throw new KError(`resource with name ${rep.name ?? ''} does not match a config with the following GVK [${fss.map(f => gvkString({ group: f.gvk.group ?? '', version: f.gvk.version ?? '', kind: f.gvk.kind ?? '' })).join(' ')}]`);
}

export { scalar, str, setField, NULL, isClusterScoped };
