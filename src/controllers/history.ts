// ControllerRevision helpers shared by the StatefulSet and DaemonSet controllers (pkg/controller/history and
// each controller's getPatch): a revision holds a strategic-merge patch that replaces spec.template, its
// name is `<parent>-<hash>`, and revisions are listed through the owner index, never by scanning.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { controllerRefOf } from './replicaset';
import { clone } from '../util/objects';

export const crRi = () => byGroupResource('apps', 'controllerrevisions')!;
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Go's json.Marshal of a map[string]interface{}: keys sorted, <, > and & escaped. */
export function goJSON(v: unknown): string {
  const enc = (x: unknown): string => {
    if (x === null || x === undefined) return 'null';
    if (Array.isArray(x)) return `[${x.map(enc).join(',')}]`;
    if (typeof x === 'object') {
      const o = x as Record<string, unknown>;
      return `{${Object.keys(o).filter(k => o[k] !== undefined).sort().map(k => `${str(k)}:${enc(o[k])}`).join(',')}}`;
    }
    if (typeof x === 'string') return str(x);
    return JSON.stringify(x);
  };
  const str = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return enc(v);
}

/** getPatch: the revision's data, a patch that replaces the parent's pod template. */
export function templatePatch(parent: KObject): any {
  const template = clone(parent.spec?.template ?? {});
  template.metadata ??= {};
  if (!('creationTimestamp' in template.metadata)) template.metadata.creationTimestamp = null;
  template.$patch = 'replace';
  return JSON.parse(goJSON({ spec: { template } }));
}

/** FNV-1 (hash/fnv New32), as HashControllerRevision uses it. */
function fnv1(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) { h = Math.imul(h, 0x01000193) >>> 0; h ^= b; }
  return h >>> 0;
}
/** history.HashControllerRevision: FNV-1 of the data (and the collision count when given), SafeEncodeString'd. */
export function hashRevision(data: unknown, collisionCount?: number): string {
  let h = fnv1(Buffer.from(goJSON(data), 'utf8'));
  if (collisionCount !== undefined) h = fnv1(Buffer.from(String(collisionCount), 'utf8'), h);
  return [...String(h)].map(c => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** The revisions a parent controls (owner index), oldest revision first. */
export function ownedRevisions(rt: Runtime, parent: KObject): KObject[] {
  const out: KObject[] = [];
  for (const d of rt.api.dependents(parent.metadata.uid!)) {
    if (d.ri.kind !== 'ControllerRevision' || controllerRefOf(d.obj)?.uid !== parent.metadata.uid) continue;
    out.push(d.obj);
  }
  return out.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || (a.metadata.name! < b.metadata.name! ? -1 : 1));
}
export const nextRevision = (revs: KObject[]) => (revs.length ? Math.max(...revs.map(r => Number(r.revision ?? 0))) : 0) + 1;

/** Create a revision; on a name collision with different data, the caller bumps collisionCount and retries. */
export function createRevision(rt: Runtime, cr: KObject): { cr?: KObject; collision?: boolean } {
  const existing = rt.api.tryGet(crRi(), cr.metadata.namespace, cr.metadata.name!);
  if (existing) {
    const sameOwner = controllerRefOf(existing)?.uid === controllerRefOf(cr)?.uid;
    if (sameOwner && goJSON(existing.data) === goJSON(cr.data)) return { cr: existing };
    return { collision: true };
  }
  try { return { cr: rt.api.create(cr) }; } catch (e) {
    if (e instanceof StatusError && e.code === 409) return { collision: true };
    throw e;
  }
}

/** Give an existing revision a new revision number (a rollback re-uses its revision). */
export function bumpRevision(rt: Runtime, cr: KObject, revision: number): KObject {
  if (cr.revision === revision) return cr;
  return rt.api.mutate(crRi(), cr.metadata.namespace, cr.metadata.name!, o => { o.revision = revision; }) ?? cr;
}

export function deleteRevision(rt: Runtime, cr: KObject): void {
  try { rt.api.delete(crRi(), cr.metadata.namespace, cr.metadata.name!, {}); } catch (e) {
    if (!(e instanceof StatusError)) throw e;
  }
}
