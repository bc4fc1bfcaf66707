// Patches, as the API server applies them: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and
// strategic merge patch (Kubernetes' own: lists merged by key, directives), plus the three-way patch
// kubectl apply computes.
import { clone, isPlainObject } from '../../util/objects';

export type PatchType = 'strategic' | 'merge' | 'json';

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
