// Strategic merge patch. Placeholder with merge-patch semantics; replaced by the full implementation.
import type { ResourceInfo } from '../types';
import { applyMergePatch } from './index';
import { deepEqual, isPlainObject } from '../../util/objects';

export function applyStrategicPatch(obj: unknown, patch: unknown, _ri?: ResourceInfo): unknown {
  return applyMergePatch(obj, patch);
}
/** Three-way: deletions from original→modified, plus changes current→modified. */
export function threeWayPatch(original: unknown, modified: unknown, current: unknown, _ri?: ResourceInfo): Record<string, unknown> | undefined {
  const p = diff(original, modified, current);
  return p as Record<string, unknown> | undefined;
}
function diff(orig: unknown, mod: unknown, cur: unknown): unknown {
  if (!isPlainObject(mod)) return deepEqual(mod, cur) ? undefined : mod;
  const out: Record<string, unknown> = {};
  const o = isPlainObject(orig) ? orig : {};
  const c = isPlainObject(cur) ? cur : {};
  for (const k of Object.keys(o)) if (!(k in mod) && k in c) out[k] = null;
  for (const [k, v] of Object.entries(mod)) {
    if (isPlainObject(v) && isPlainObject(c[k])) {
      const d = diff(o[k], v, c[k]);
      if (d !== undefined && !(isPlainObject(d) && !Object.keys(d).length)) out[k] = d;
    } else if (!deepEqual(v, c[k])) out[k] = v;
  }
  return out;
}
