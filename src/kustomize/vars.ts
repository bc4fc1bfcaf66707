// kustomize's deprecated `vars` (api/types/var.go, api/filters/refvar): a var names a field of one resource;
// after names are final, every `$(NAME)` in the varReference fields is replaced by that field's value.
import { YNode, toJS, isString, STR, INT, BOOL, FLOAT } from './node';
import { ResMap, Resource } from './resource';
import { ResId, idEquals, plainGvk, newGvk, idSelectedBy } from './resid';
import type { Var } from './kustomization';
import type { FieldSpec } from './config';
import { applyFieldSpec } from './fieldspec';
import { lookupPath, smarterPathSplitter } from './replacement';
import { KError } from './errors';

function defaulted(v: Var): Var {
  const o = { ...v.objref };
  if (o.apiVersion) {
    const parts = o.apiVersion.split('/');
    if (parts.length === 2) { o.group = parts[0]; o.version = parts[1]; }
    if (parts.length === 1) o.version = parts[0];
  }
  return { name: v.name, objref: o, fieldref: { fieldPath: v.fieldref?.fieldPath || 'metadata.name' } };
}

export class VarSet {
  set = new Map<string, Var>();
  merge(v: Var): void {
    if (this.set.has(v.name)) throw new KError(`var '${v.name}' already encountered`);
    this.set.set(v.name, defaulted(v));
  }
  mergeSet(o: VarSet): void { for (const v of o.set.values()) this.merge(v); }
  /** ResAccumulator.MergeVars: attach each var to the one resource it names. */
  mergeVars(incoming: Var[], m: ResMap): void {
    for (const v0 of incoming) {
      const v = defaulted(v0);
      const target: ResId = { gvk: newGvk(v.objref.group ?? '', v.objref.version ?? '', v.objref.kind ?? ''), name: v.objref.name ?? '', namespace: v.objref.namespace ?? '' };
      const gvknEq = (id: ResId) => id.name === target.name && id.gvk.group === target.gvk.group && id.gvk.version === target.gvk.version && id.gvk.kind === target.gvk.kind;
      const matcher = target.namespace !== '' || target.gvk.clusterScoped ? (id: ResId) => idEquals(target, id) : gvknEq;
      const matched = m.byAnyId(matcher);
      if (matched.length > 1) throw new KError(`found ${matched.length} resId matches for var ${JSON.stringify(v)} (unable to disambiguate)`);
      if (matched.length === 1) matched[0]!.refVarNames.push(v.name);
    }
    for (const v of incoming) this.merge(v);
  }
  sorted(): Var[] { return [...this.set.values()].sort((a, b) => (a.name < b.name ? -1 : 1)); }
}

function fieldValue(r: Resource, path: string): unknown {
  const n = lookupPath(r.node, smarterPathSplitter(path, '.'));
  if (!n) throw new KError('no field');
  return toJS(n);
}

function doReplacements(input: string, mapping: (k: string) => unknown): unknown {
  let buf = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      buf += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      let read: string, isVar = false, advance = 1;
      if (rest[0] === '$') read = '$';
      else if (rest[0] === '(') {
        const close = rest.indexOf(')', 1);
        if (close > 0) { read = rest.slice(1, close); isVar = true; advance = close + 1; } else read = '$(';
      } else read = '$' + rest[0];
      if (isVar) {
        const mapped = mapping(read);
        if (input === `$(${read})`) return mapped;
        buf += typeof mapped === 'string' ? mapped : String(mapped);
      } else buf += read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return buf + input.slice(checkpoint);
}
function updateNode(n: YNode, v: unknown): void {
  if (typeof v === 'number') { n.value = String(v); n.tag = Number.isInteger(v) ? INT : FLOAT; }
  else if (typeof v === 'boolean') { n.value = String(v); n.tag = BOOL; }
  else { n.value = String(v); n.tag = STR; }
}

/** ResAccumulator.ResolveVars */
export function resolveVars(vs: VarSet, m: ResMap, specs: FieldSpec[], warn: (s: string) => void): void {
  const values = new Map<string, unknown>();
  for (const v of vs.sorted()) {
    const r = m.list.find(x => x.refVarNames.includes(v.name));
    if (!r) throw new KError(`var '${goVar(v)}' cannot be mapped to a field in the set of known resources`);
    try { values.set(v.name, fieldValue(r, v.fieldref!.fieldPath!)); } catch { throw new KError(`field specified in var '${goVar(v)}' not found in corresponding resource`); }
  }
  if (!values.size) return;
  const counts = new Map<string, number>();
  const mapping = (k: string): unknown => {
    if (values.has(k)) {
      const v = values.get(k);
      if (['string', 'number', 'boolean'].includes(typeof v)) { counts.set(k, (counts.get(k) ?? 0) + 1); return v; }
    }
    return `$(${k})`;
  };
  for (const r of m.list) {
    for (const fs of specs) {
      applyFieldSpec(r.node, fs, {
        set: n => {
          if (n.tag === '!!null') return;
          if (n.kind === 'scalar') { if (isString(n)) updateNode(n, doReplacements(n.value, mapping)); return; }
          if (n.kind === 'map') {
            for (let i = 0; i + 1 < n.content.length; i += 2) {
              if (!isString(n.content[i]!)) throw new KError(`invalid map key: value='${n.content[i]!.value}', tag='${n.content[i]!.tag}'`);
              if (!isString(n.content[i + 1]!)) continue;
              updateNode(n.content[i + 1]!, doReplacements(n.content[i + 1]!.value, mapping));
            }
            return;
          }
          if (n.kind === 'seq') {
            for (const it of n.content) {
              if (!isString(it)) throw new KError('invalid value type expect a string');
              updateNode(it, doReplacements(it.value, mapping));
            }
          }
        },
      }, r);
    }
  }
  const unused = [...values.keys()].filter(k => !counts.has(k));
  if (unused.length) warn(`well-defined vars that were never replaced: ${unused.join(',')}`);
}
function goVar(v: Var): string {
  const o = v.objref;
  return `{${v.name} {${o.apiVersion ?? ''} {${o.group ?? ''} ${o.version ?? ''} ${o.kind ?? ''} false} ${o.name ?? ''} ${o.namespace ?? ''}} {${v.fieldref?.fieldPath ?? ''}}}`;
}
export { plainGvk, idSelectedBy };
