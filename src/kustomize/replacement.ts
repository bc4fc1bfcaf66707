// kustomize's replacements (api/filters/replacement): copy the value at a source field (selected by id,
// current or previous) into target fields (selected by id, labels and annotations, minus rejects). Field
// paths are kyaml's: `spec.template.spec.containers.[name=app].image`, `ports.0.port`, `*`; a scalar target
// keeps its own type and takes the source's text; delimiter/index options splice parts of a string.
import { YNode, get, setField, copy, setNode, scalar, isNilOrEmpty, isMissingOrNull, emptyOf, wrongKind, Kind, isString, resolveTag } from './node';
import { Resource, ResMap, goRegexp } from './resource';
import { ResId, idSelectedBy, resIdString, plainGvk } from './resid';
import { KError, wrap, messageOf } from './errors';
import type { Replacement, Selector, SourceSelector, TargetSelector, FieldOptions } from './kustomization';

/** kyaml's SmarterPathSplitter: split on '.', keeping `[a.b=c.d]` together. */
export function smarterPathSplitter(path: string, delim: string): string[] {
  const { pathSplitter } = require('./fieldspec') as typeof import('./fieldspec');
  const split = pathSplitter(path, delim);
  const out: string[] = [];
  for (let i = 0; i < split.length; i++) {
    const elem = split[i]!;
    if (elem.startsWith('[') && !elem.endsWith(']')) {
      const br = [elem];
      while (i < split.length - 1) { i++; br.push(split[i]!); if (split[i]!.endsWith(']')) break; }
      const s = br.join(delim);
      out.push(s.includes('=') ? s : s.replace(/^\[+|\]+$/g, ''));
    } else out.push(elem);
  }
  return out;
}

const isListIndex = (p: string) => p.startsWith('[') && p.endsWith(']');
const isIdxNumber = (p: string) => /^\+?\d+$/.test(p) && Number(p) >= 0;
function splitIndexNameValue(p: string): [string, string] {
  const e = p.replace(/\]$/, '').replace(/^\[/, '');
  const i = e.indexOf('=');
  if (i < 0) throw new KError('list path element must contain fieldName=fieldValue for element to match');
  return [e.slice(0, i), e.slice(i + 1)];
}
function elementsOf(n: YNode): YNode[] {
  if (isMissingOrNull(n)) return [];
  if (n.kind !== 'seq') throw wrongKind(n, 'SequenceNode');
  return n.content;
}
function fieldGet(n: YNode, name: string): YNode | undefined {
  if (isMissingOrNull(n)) return undefined;
  if (n.kind !== 'map') throw wrongKind(n, 'MappingNode');
  return get(n, name);
}

/** yaml.Lookup over a smart path (kyaml PathGetter without create). */
export function lookupPath(n: YNode, path: string[]): YNode | undefined {
  let cur: YNode | undefined = n;
  for (const raw of path.map(p => p.trim()).filter(Boolean)) {
    if (!cur) return undefined;
    if (/^-?\d+$/.test(raw)) {
      const idx = Number(raw);
      if (idx < 0) throw new KError(`array index ${idx} cannot be negative`);
      const els = elementsOf(cur);
      cur = els[idx];
    } else if (raw === '-') {
      const els = elementsOf(cur); cur = els[els.length - 1];
    } else if (raw === '*') {
      throw new KError('wildcard is not supported in PathGetter');
    } else if (isListIndex(raw)) {
      const [k, v] = splitIndexNameValue(raw);
      const els = elementsOf(cur);
      cur = k === '' ? els.find(e => e.value === v) : els.find(e => e.kind === 'map' && get(e, k) !== undefined && get(e, k)!.value === v);
    } else {
      cur = fieldGet(cur, raw);
    }
  }
  return cur;
}

function pathPartKind(next: string | undefined, dflt: Kind): Kind {
  if (next === undefined || next === '') return dflt;
  if (isListIndex(next) || isIdxNumber(next)) return 'seq';
  return 'map';
}
/** The text kyaml compares a list element's field with (its YAML, trimmed). */
function yamlText(n: YNode): string {
  if (n.kind !== 'scalar') return '';
  if (isString(n) && n.tag === '!!str' && resolveTag(n.value) !== '!!str') return `"${n.value}"`;
  return n.value;
}

/** kyaml's PathMatcher: every node matching the path, creating missing parts when `create` is a kind. */
export function pathMatch(n: YNode, path: string[], create?: Kind): YNode[] {
  if (!path.length) return [n];
  const [head, ...rest] = path as [string, ...string[]];
  if (isIdxNumber(head)) {
    const idx = Number(head);
    const els = elementsOf(n);
    if (els.length === idx && create) {
      const el = emptyOf(pathPartKind(rest[0], create));
      n.content.push(el);
    }
    const now = elementsOf(n);
    if (now.length < idx + 1) throw new KError(`index ${idx} specified but only ${now.length} elements found`);
    return pathMatch(now[idx]!, rest, create);
  }
  if (isListIndex(head)) {
    const [field, re] = splitIndexNameValue(head);
    const rx = goRegexp(re);
    const collect = (): YNode[] => {
      const out: YNode[] = [];
      for (const el of elementsOf(n)) {
        if (field === '') { if (rx.test(yamlText(el).trim())) out.push(el); continue; }
        const v = el.kind === 'map' ? get(el, field) : undefined;
        if (!v) continue;
        if (!rx.test(yamlText(v).trim())) continue;
        out.push(...pathMatch(el, rest, create));
      }
      return out;
    };
    let got = collect();
    if (got.length || !create) return got;
    const valueNode = scalar(re);
    const el: YNode = field === '' ? valueNode : { kind: 'map', tag: '', value: '', content: [scalar(field), valueNode] };
    if (n.kind !== 'seq') throw wrongKind(n, 'SequenceNode');
    n.content.push(el);
    got = collect();
    return got;
  }
  if (head === '*') {
    const out: YNode[] = [];
    for (const el of elementsOf(n)) out.push(...pathMatch(el, rest, create));
    return out;
  }
  let f = fieldGet(n, head);
  if (!f) {
    if (!create) return [];
    f = setField(n, head, emptyOf(pathPartKind(rest[0], create)))!;
  }
  return pathMatch(f, rest, create);
}

// ------------------------------------------------------------------ the filter

function selectorId(s: Selector | SourceSelector | undefined): ResId {
  return { gvk: plainGvk(s?.group ?? '', s?.version ?? '', s?.kind ?? ''), name: s?.name ?? '', namespace: s?.namespace ?? '' };
}
function optionsString(o: FieldOptions | undefined): string {
  if (!o || (!o.delimiter && !o.create)) return '';
  return `${o.delimiter ?? ''}(${o.index ?? 0}), create=${!!o.create}`;
}
function sourceString(s: SourceSelector): string {
  const parts = [resIdString(selectorId(s))];
  if (s.fieldPath) parts.push(s.fieldPath);
  const o = optionsString(s.options);
  if (o) parts.push(o);
  return parts.join(':');
}

function selectSource(rs: Resource[], s: SourceSelector): Resource {
  const sel = selectorId(s);
  let match: Resource | undefined;
  for (const r of rs) {
    if (r.allIds().some(id => idSelectedBy(id, sel))) {
      if (match) throw new KError(`multiple matches for selector ${sourceString(s)}`);
      match = r;
    }
  }
  if (!match) throw new KError(`nothing selected by ${sourceString(s)}`);
  return match;
}
function refined(o: FieldOptions | undefined, n: YNode): YNode {
  if (!o?.delimiter) return n;
  if (n.kind !== 'scalar') throw new KError('delimiter option can only be used with scalar nodes');
  const parts = (isMissingOrNull(n) ? '' : n.value).split(o.delimiter);
  const idx = o.index ?? 0;
  if (idx >= parts.length || idx < 0) throw new KError(`options.index ${idx} is out of bounds for value ${n.value}`);
  const c = copy(n);
  c.value = parts[idx]!;
  return c;
}
function getReplacement(rs: Resource[], r: Replacement): YNode {
  const s = r.source!;
  const src = selectSource(rs, s);
  if (!s.fieldPath) s.fieldPath = 'metadata.name';
  let n: YNode | undefined;
  try { n = lookupPath(src.node, smarterPathSplitter(s.fieldPath, '.')); } catch (e) { throw new KError(`error looking up replacement source: ${messageOf(e)}`); }
  if (isNilOrEmpty(n)) throw new KError(`fieldPath \`${s.fieldPath}\` is missing for replacement source ${resIdString(selectorId(s))}`);
  return refined(s.options, n!);
}
function fieldError(fp: string, create: boolean): string {
  return create ? `unable to find or create field "${fp}" in replacement target` : `unable to find field "${fp}" in replacement target`;
}
function setFieldValue(o: FieldOptions | undefined, target: YNode, value: YNode): void {
  const v = copy(value);
  if (o?.delimiter) {
    if (target.kind !== 'scalar') throw new KError('delimiter option can only be used with scalar nodes');
    let tv = target.value.split(o.delimiter);
    const sv = isMissingOrNull(v) ? '' : v.value;
    const idx = o.index ?? 0;
    if (idx < 0) tv = [sv, ...tv];
    else if (idx >= tv.length) tv = [...tv, sv];
    else tv[idx] = sv;
    v.value = tv.join(o.delimiter);
  }
  if (target.kind === 'scalar') target.value = v.value;
  else setNode(target, v);
}
function copyToTarget(target: Resource, value: YNode, t: TargetSelector): void {
  for (const fp of t.fieldPaths!) {
    const create = t.options?.create ? value.kind : undefined;
    let fields: YNode[];
    try { fields = pathMatch(target.node, smarterPathSplitter(fp, '.'), create); } catch (e) { throw wrap(e, fieldError(fp, !!create)); }
    if (!fields.length) throw new KError(fieldError(fp, !!create));
    for (const f of fields) setFieldValue(t.options, f, value);
  }
}
function matchesAnnoAndLabel(r: Resource, s: Selector): boolean {
  return r.matchesAnnotationSelector(s.annotationSelector ?? '') && r.matchesLabelSelector(s.labelSelector ?? '');
}
function applyReplacement(rs: Resource[], value: YNode, targets: TargetSelector[]): void {
  for (const t of targets) {
    if (!t.select) throw new KError('target must specify resources to select');
    if (!t.fieldPaths?.length) t.fieldPaths = ['metadata.name'];
    for (const r of rs) {
      const ids = r.allIds();
      if (!matchesAnnoAndLabel(r, t.select)) continue;
      if ((t.reject ?? []).some(rj => (rj.annotationSelector || rj.labelSelector) && matchesAnnoAndLabel(r, rj))) continue;
      const sel = selectorId(t.select);
      const rejected = (t.reject ?? []).some(rj => {
        const rid = selectorId(rj);
        if (!rid.name && !rid.namespace && !rid.gvk.group && !rid.gvk.version && !rid.gvk.kind) return false;
        return ids.some(id => idSelectedBy(id, rid));
      });
      if (ids.some(id => idSelectedBy(id, sel)) && !rejected) copyToTarget(r, value, t);
    }
  }
}

/** ReplacementTransformer over the resource map. */
export function replacements(m: ResMap, list: Replacement[]): void {
  for (const r of list) {
    if (!r.source || !r.targets) throw new KError('replacements must specify a source and at least one target');
    const value = getReplacement(m.list, r);
    applyReplacement(m.list, value, r.targets);
  }
}
