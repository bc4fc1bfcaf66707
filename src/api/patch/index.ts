// Patches, as the API server applies them: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and
// strategic merge patch (Kubernetes' own: lists merged by key, directives), plus the three-way patch
// kubectl apply computes (strategic.ts).
import { clone, isPlainObject } from '../../util/objects';
import type { ResourceInfo } from '../types';
import { applyStrategicPatch, PatchError } from './strategic';
import { applyJSONPatch, decodeJSONPatch, parseGoJSON } from './json';

export type PatchType = 'strategic' | 'merge' | 'json';
export { PatchError };

/** RFC 7386 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

const goKind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);

/** Apply a patch given as JSON text (what `kubectl patch -p` sends). Throws PatchError with the library's text. */
export function applyPatchText(obj: unknown, type: PatchType, text: string, ri?: ResourceInfo): Record<string, any> {
  if (type === 'json') return asObject(applyJSONPatch(obj, decodeJSONPatch(text)));
  if (type === 'merge') {
    const p = parseGoJSON(text);
    const out = applyMergePatch(obj, p);
    if (!isPlainObject(out)) throw new PatchError(`json: cannot unmarshal ${goKind(out)} into Go value of type unstructured.detector`, true);
    return out;
  }
  let p: unknown;
  try { p = JSON.parse(text); } catch { throw new PatchError('invalid JSON document', true); }
  if (!isPlainObject(p)) throw new PatchError('invalid JSON document', true);
  return applyStrategicPatch(obj, p, ri) as Record<string, any>;
}
function asObject(v: unknown): Record<string, any> {
  if (!isPlainObject(v)) throw new PatchError(`json: cannot unmarshal ${goKind(v)} into Go value of type unstructured.detector`, true);
  return v;
}
