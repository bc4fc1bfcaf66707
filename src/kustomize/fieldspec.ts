// kustomize's field-spec walk (api/filters/fieldspec): follow a path like `spec/template/metadata/labels`
// through maps (through every element of a list on the way; `containers[]` says so explicitly), creating
// missing fields when the spec says `create`, and call a setter on what it reaches.
import { YNode, Kind, get, setField, emptyOf, isMissingOrNull, wrongKind, scalar, STR, NULL } from './node';
import type { FieldSpec } from './config';
import { parseGroupVersion, resIdString } from './resid';
import { KError, wrap } from './errors';
import type { Resource } from './resource';

export type SetFn = (n: YNode) => void;

/** kyaml's PathSplitter: split on the delimiter except where it is escaped with a backslash. */
export function pathSplitter(path: string, delim: string): string[] {
  let ps = path.split(delim);
  if (ps.length > 1 && ps[0] === '') ps = ps.slice(1);
  const res = [ps[0]!];
  for (let i = 1; i < ps.length; i++) {
    const last = res.length - 1;
    if (res[last]!.endsWith('\\')) res[last] = res[last]!.slice(0, -1) + delim + ps[i];
    else res.push(ps[i]!);
  }
  return res;
}

export function matchesGvk(fs: FieldSpec, obj: YNode): boolean {
  const kind = get(obj, 'kind')?.value ?? '';
  if (fs.gvk.kind && fs.gvk.kind !== kind) return false;
  const gv = parseGroupVersion(get(obj, 'apiVersion')?.value ?? '');
  if (fs.gvk.group && fs.gvk.group !== gv.group) return false;
  if (fs.gvk.version && fs.gvk.version !== gv.version) return false;
  return true;
}

export interface FsOpts { set: SetFn; createKind?: Kind; createTag?: string }

/** fieldspec.Filter on one resource node. */
export function applyFieldSpec(obj: YNode, fs: FieldSpec, o: FsOpts, res?: Resource): void {
  if (!matchesGvk(fs, obj)) return;
  try {
    walk(obj, pathSplitter(fs.path, '/'), fs, o);
  } catch (e) {
    const id = res ? resIdString(res.curId()) : '';
    throw wrap(e, `considering field '${fs.path}' of object ${id}`);
  }
}
export function applyFieldSpecs(obj: YNode, fss: FieldSpec[], o: FsOpts, res?: Resource): void {
  for (const fs of fss) applyFieldSpec(obj, fs, o, res);
}

function walk(n: YNode, path: string[], fs: FieldSpec, o: FsOpts): void {
  if (!path.length) { o.set(n); return; }
  if (isMissingOrNull(n) || n.kind === 'none') return;
  if (n.kind === 'seq') {
    for (const el of n.content) {
      try { walk(el, path, fs, o); } catch (e) { throw wrap(e, `visit traversal on path: [${path.join(' ')}]`); }
    }
    return;
  }
  if (n.kind !== 'map') throw new KError('expected sequence or mapping node');
  let name = path[0]!;
  const isSeq = name.endsWith('[]');
  if (isSeq) name = name.slice(0, -2);
  if (!name) throw new KError('cannot set or create an empty field name');
  let field: YNode | undefined;
  let kind: Kind | undefined;
  let tag = '';
  if (!fs.create || !o.createKind || isSeq) {
    field = get(n, name);
    if (isSeq) kind = 'seq';
  } else if (path.length <= 1) {
    field = get(n, name) ?? setField(n, name, emptyOf(o.createKind));
    kind = o.createKind; tag = o.createTag ?? '';
  } else {
    field = get(n, name) ?? setField(n, name, emptyOf('map'));
    kind = 'map'; tag = '!!map';
  }
  if (!field) return;
  if (field.tag === NULL && kind) { field.kind = kind; field.tag = tag; field.value = ''; field.content = []; }
  walk(field, path.slice(1), fs, o);
}

/** filtersutil.SetEntry: set a named field of a map, or (no name) replace a scalar's value. */
export function setEntry(name: string, value: string, tag: string): SetFn {
  return (n: YNode) => {
    const v = scalar(value, tag);
    if (name === '') {
      if (n.kind !== 'scalar' && !(n.kind === 'none')) throw wrongKind(n, 'ScalarNode');
      n.kind = 'scalar'; n.tag = v.tag; n.value = v.value; n.content = []; // the node keeps its style
      return;
    }
    if (isMissingOrNull(n)) return;
    if (n.kind !== 'map') throw wrongKind(n, 'MappingNode');
    setField(n, name, v);
  };
}
export const setScalar = (value: string): SetFn => setEntry('', value, '');
export { STR };
