// kustomize's patch transformers (api/internal/builtins PatchTransformer, PatchStrategicMergeTransformer,
// PatchJson6902Transformer): a patch text is a strategic merge patch (one or more YAML objects) or a JSON
// 6902 patch (a list of operations, in JSON or YAML); strategic patches find their target by the id they
// carry or by `target`, JSON patches need a `target`. Targets select by regexp on group/version/kind/name/
// namespace (current or original id) and by label and annotation selectors.
import { YNode, toJS, fromJS, setNode } from './node';
import { Resource, ResMap, Selector } from './resource';
import { readResourceNodes } from './parse';
import { mergePatch } from './merge';
import { resIdString, gvkString } from './resid';
import { KError, wrap, messageOf } from './errors';
import type { Loader } from './loader';
import { yaml11ToJS } from './kustomization';
import type { Patch } from './kustomization';
import { goQuote } from '../util/goquote';
export { goQuote };
import { applyJSONPatch, decodeJSONPatch } from '../api/patch/json';

/** rf.SliceFromBytes: the resources in a strategic merge patch text (each must have kind and name). */
export function smPatchesFromText(text: string): Resource[] {
  const nodes = readResourceNodes(text);
  const { validateNode } = require('./target') as typeof import('./target');
  return nodes.map(n => { validateNode(n); return new Resource(n); });
}

/** jsonPatchFromBytes: operations from JSON or YAML text. */
function jsonPatchFromText(text: string): unknown[] {
  if (text === '') throw new KError('empty json patch operations');
  let ops: unknown;
  if (text[0] !== '[') {
    ops = yaml11ToJS(text);
    return decodeJSONPatch(JSON.stringify(ops));
  }
  return decodeJSONPatch(text);
}

/** Resource.ApplySmPatch */
export function applySmPatch(r: Resource, patch: Resource): void {
  const n = r.getName(), ns = r.getNamespace(), k = r.getKind();
  if (patch.nameChangeAllowed() || patch.kindChangeAllowed()) r.storePreviousId();
  const merged = mergePatch(patch.node, r.node);
  // Resource.ApplyFilter keeps its own node: a top-level `$patch: replace` (merge2 returns the patch) changes
  // nothing; `$patch: delete` (nothing returned) empties the resource.
  if (!merged) { setNode(r.node, { kind: 'none', tag: '', value: '', content: [] }); return; }
  if (r.isNilOrEmpty()) return;
  if (!patch.kindChangeAllowed()) r.setKind(k);
  if (!patch.nameChangeAllowed()) r.setName(n);
  r.setNamespace(ns);
}
/** resWrangler.ApplySmPatch: patch every selected resource with a copy of the patch; drop deleted ones. */
export function applySmPatchTo(m: ResMap, selected: Resource[], patch: Resource): void {
  const list: Resource[] = [];
  for (const r of m.list) {
    if (selected.some(s => s === r || sameCurId(s, r))) {
      const pc = patch.deepCopy();
      pc.copyMergeMetaDataFieldsFrom(patch);
      pc.setGvk(r.getGvk());
      pc.setKind(patch.getKind());
      applySmPatch(r, pc);
    }
    if (!r.isNilOrEmpty()) list.push(r);
  }
  m.clear();
  m.appendAll(list);
}
function sameCurId(a: Resource, b: Resource): boolean {
  return resIdString(a.curId()) === resIdString(b.curId());
}

function selectorOf(t: Patch['target']): Selector {
  return { gvk: { group: t?.group, version: t?.version, kind: t?.kind }, name: t?.name, namespace: t?.namespace, labelSelector: t?.labelSelector, annotationSelector: t?.annotationSelector };
}
function selectorString(t: Patch['target']): string {
  const id = resIdString({ gvk: { group: t?.group ?? '', version: t?.version ?? '', kind: t?.kind ?? '' }, name: t?.name ?? '', namespace: t?.namespace ?? '' });
  return `${id}:a=${t?.annotationSelector ?? ''}:l=${t?.labelSelector ?? ''}`;
}

function applyJSON6902(r: Resource, ops: unknown[]): void {
  const internal: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.getAnnotations())) if (k.startsWith('internal.config.kubernetes.io/') || k.startsWith('config.kubernetes.io/') || k.startsWith('config.k8s.io/')) internal[k] = v;
  let out: unknown;
  try { out = applyJSONPatch(toJS(r.node), ops); } catch (e) { throw new KError(messageOf(e)); }
  if (!out || typeof out !== 'object' || Array.isArray(out)) throw new KError('json: cannot unmarshal array into Go value of type map[string]interface {}');
  setNode(r.node, fromJS(out));
  const an = r.getAnnotations();
  Object.assign(an, internal);
  r.setAnnotations(an);
}

/** One `patches:` entry (PatchTransformerPlugin). */
export class PatchTransformer {
  private sm?: Resource[];
  private json?: unknown[];
  private source: string;
  constructor(ldr: Loader, private p: Patch, configText: () => string) {
    const patch = (p.patch ?? '').trim();
    if (!patch && !p.path) throw new KError(`must specify one of patch and path in\n${configText()}`);
    if (patch && p.path) throw new KError(`patch and path can't be set at the same time\n${configText()}`);
    let text: string;
    if (patch) { text = patch; this.source = `[patch: ${goQuote(text)}]`; }
    else {
      try { text = ldr.load(p.path!).toString('utf8'); } catch (e) { throw new KError(`failed to get the patch file from path(${p.path}): ${messageOf(e)}`); }
      this.source = `[path: ${goQuote(p.path!)}]`;
    }
    let sm: Resource[] | undefined, json: unknown[] | undefined, errSM: unknown, errJSON: unknown;
    try { sm = smPatchesFromText(text); } catch (e) { errSM = e; }
    try { json = jsonPatchFromText(text); } catch (e) { errJSON = e; }
    if ((!errSM && !errJSON) || (sm && json)) throw new KError(`illegally qualifies as both an SM and JSON patch: ${this.source}`);
    if (errSM && errJSON) throw new KError(`unable to parse SM or JSON patch from ${this.source}`);
    if (!errSM) {
      this.sm = sm;
      for (const x of sm!) {
        if (p.options?.allowNameChange) x.allowNameChange();
        if (p.options?.allowKindChange) x.allowKindChange();
      }
    } else this.json = json;
  }
  transform(m: ResMap): void {
    if (this.sm) {
      if (this.p.target) {
        if (this.sm.length > 1) throw new KError(`Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${this.source}`);
        const selected = m.select(selectorOf(this.p.target));
        applySmPatchTo(m, selected, this.sm[0]!);
        return;
      }
      for (const patch of this.sm) {
        let target: Resource;
        try { target = m.getById(patch.orgId()); } catch (e) { throw new KError(`no resource matches strategic merge patch "${resIdString(patch.orgId())}": ${messageOf(e)}`); }
        applySmPatch(target, patch);
      }
      m.dropEmpties();
      return;
    }
    if (!this.p.target) throw new KError(`must specify a target for JSON patch ${this.source}`);
    for (const r of m.select(selectorOf(this.p.target))) {
      r.storePreviousId();
      applyJSON6902(r, this.json!);
    }
  }
}

/** `patchesStrategicMerge:` (all entries in one PatchStrategicMergeTransformer). */
export function patchesStrategicMerge(ldr: Loader, paths: string[]): Resource[] {
  const out: Resource[] = [];
  for (const p of paths) {
    let patches: Resource[];
    try { patches = smPatchesFromText(p); } catch {
      let text: string;
      text = ldr.load(p).toString('utf8');
      try { patches = smPatchesFromText(text); } catch (e) {
        const msg = messageOf(e);
        if (msg.includes('MalformedYAMLError')) throw new KError(`${msg} in File: ${p}`);
        throw e;
      }
    }
    out.push(...patches);
  }
  if (!out.length) throw new KError(`patch appears to be empty; files=[${paths.join(' ')}], Patch=`);
  return out;
}
export function applyStrategicMergePatches(m: ResMap, patches: Resource[]): void {
  for (const patch of patches) {
    const target = m.getById(patch.orgId());
    applySmPatchTo(m, [target], patch);
  }
}

/** One `patchesJson6902:` entry. */
export function patchJson6902(ldr: Loader, p: Patch): (m: ResMap) => void {
  if (!p.target?.name) throw new KError('must specify the target name');
  if (!p.path && !p.patch) throw new KError('empty file path and empty jsonOp');
  let text = p.patch ?? '';
  if (p.path) {
    if (p.patch) throw new KError('must specify a file path or jsonOp, not both');
    text = ldr.load(p.path).toString('utf8');
    if (text === '') throw new KError(`patch file '${p.path}' empty seems to be empty`);
  }
  let ops: unknown[];
  try { ops = jsonPatchFromText(text); } catch (e) { throw wrap(e, `decoding ${text}`); }
  if (!ops.length) throw new KError(`patch appears to be empty; file=${p.path ?? ''}, JsonOp=${text}`);
  return (m: ResMap) => {
    for (const r of m.select(selectorOf(p.target))) applyJSON6902(r, ops);
  };
}

export { selectorString, gvkString };
export type { YNode };
