// Server-side apply (PATCH application/apply-patch+yaml): the applied configuration is merged into the live
// object by its schema's list and map types, the applier's Apply entry becomes exactly the configuration's
// fields, fields it stopped applying that nobody else owns are removed, and changing a field another
// manager owns is a conflict unless forced (sigs.k8s.io/structured-merge-diff merge.Updater.Apply and the
// apiserver's fieldmanager: lastAppliedManager lets `kubectl` take over fields a client-side apply set, and
// lastAppliedUpdater keeps the last-applied annotation current).
import type { APIServer, WriteOptions } from './server';
import type { KObject } from './types';
import { StatusError } from './errors';
import { customSchema } from './crd/custom';
import {
  rootType, configSet, merge, removeFields, compareValues, difference, union, intersection, isEmpty, paths, sortEntries,
  ManagedFieldsEntry, FieldSet, CrdNode, updateManagedFields,
} from './managedfields';
import { clone, deepEqual } from '../util/objects';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const STRIP_META = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion'];

function stripSet(s: FieldSet): FieldSet {
  const out: FieldSet = { ...s };
  delete out['f:apiVersion']; delete out['f:kind']; delete out['f:status'];
  if (out['f:metadata']) {
    const { '.': _d, ...m } = out['f:metadata'];
    for (const f of STRIP_META) delete m[`f:${f}`];
    if (Object.keys(m).length) out['f:metadata'] = m; else delete out['f:metadata'];
  }
  return out;
}
const key = (e: ManagedFieldsEntry) => e.operation === 'Apply' ? `${e.manager}\u0000Apply` : `${e.manager}\u0000Update\u0000${e.apiVersion}\u0000${e.subresource ?? ''}`;
function managerLabel(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}
function conflictError(cs: { e: ManagedFieldsEntry; path: string }[]): StatusError {
  let msg: string;
  if (cs.length === 1) msg = `Apply failed with 1 conflict: conflict with ${managerLabel(cs[0]!.e)}: ${cs[0]!.path}`;
  else {
    const by = new Map<string, { label: string; paths: string[] }>();
    for (const c of cs) {
      const k = JSON.stringify({ manager: c.e.manager, operation: c.e.operation, ...(c.e.operation === 'Update' ? { apiVersion: c.e.apiVersion } : {}), ...(c.e.subresource ? { subresource: c.e.subresource } : {}) });
      if (!by.has(k)) by.set(k, { label: managerLabel(c.e), paths: [] });
      by.get(k)!.paths.push(c.path);
    }
    const lines: string[] = [];
    for (const k of [...by.keys()].sort()) { const g = by.get(k)!; lines.push(`conflicts with ${g.label}:`); for (const p of g.paths) lines.push(`- ${p}`); }
    msg = `Apply failed with ${cs.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', msg, { causes: cs.map(c => ({ field: c.path, message: `conflict with ${managerLabel(c.e)}`, reason: 'FieldManagerConflict' })) });
}

/** Fields of the last-applied configuration whose live values still match it: a client-side apply's, which
 *  `kubectl` may take over without a conflict. */
function allowedFromLastApplied(live: KObject, t: ReturnType<typeof rootType>): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  let la: KObject;
  try { la = JSON.parse(text); } catch { return undefined; }
  const set = stripSet(configSet(la, t));
  const changed: FieldSet = {}; const removed: FieldSet = {};
  compareValues(la, live, t, changed, removed);
  return difference(difference(set, changed), removed);
}

export interface ApplyOptions { fieldManager: string; force?: boolean; dryRun?: boolean; fieldValidation?: WriteOptions['fieldValidation'] }

export function serverSideApply(api: APIServer, config: KObject, o: ApplyOptions): { obj: KObject; created: boolean } {
  const ri = api.resourceFor(config);
  const name = config.metadata?.name;
  const ns = ri.namespaced ? config.metadata?.namespace || 'default' : undefined;
  const schema = ri.custom ? (customSchema(api, ri) as CrdNode | undefined) : undefined;
  const t = rootType(ri, schema);
  const now = api.clock.nowISO();
  const live = typeof name === 'string' ? api.tryGet(ri, ns, name) : undefined;
  const cfgSet = stripSet(configSet(config, t));
  const mine = (): ManagedFieldsEntry => ({ apiVersion: config.apiVersion, fieldsType: 'FieldsV1', fieldsV1: cfgSet, manager: o.fieldManager, operation: 'Apply', time: now });
  if (!live) {
    const obj = api.create(clone(config), { dryRun: o.dryRun, fieldValidation: o.fieldValidation, fieldManager: o.fieldManager, managedFields: [mine()] } as WriteOptions);
    return { obj, created: true };
  }
  let entries: ManagedFieldsEntry[] = ((live.metadata.managedFields ?? []) as ManagedFieldsEntry[]).map(e => ({ ...e }));
  if (!entries.length) {
    // nobody tracked this object yet: what it has belongs to "before-first-apply"
    entries = updateManagedFields(ri, undefined, live, 'before-first-apply', undefined, now, schema) ?? [];
  }
  const { managedFields: _mf, ...liveMeta } = live.metadata;
  const base = { ...live, metadata: liveMeta } as KObject;
  const merged = merge(base, config, t) as KObject;
  const prev = entries.find(e => e.manager === o.fieldManager && e.operation === 'Apply');
  if (prev) {
    // fields this manager applied before, applies no longer, and nobody else owns: removed
    let gone = difference(prev.fieldsV1, cfgSet);
    let owned = cfgSet;
    for (const e of entries) if (e !== prev) { gone = difference(gone, e.fieldsV1); owned = union(owned, e.fieldsV1); }
    if (!isEmpty(gone)) removeFields(merged, gone, t, owned);
  }
  const changed: FieldSet = {}; const removed: FieldSet = {};
  compareValues(base, merged, t, changed, removed);
  const touched = stripSet(union(changed, removed));
  const allowed = o.fieldManager === 'kubectl' ? allowedFromLastApplied(live, t) : undefined;
  const conflicts: { e: ManagedFieldsEntry; path: string }[] = [];
  for (const e of entries) {
    if (e.manager === o.fieldManager && e.operation === 'Apply') continue;
    let c = intersection(e.fieldsV1, touched);
    if (allowed && e.operation === 'Update') c = difference(c, allowed);
    for (const p of paths(c)) conflicts.push({ e, path: p });
  }
  if (conflicts.length && !o.force) throw conflictError(conflicts);
  const out: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (e.manager === o.fieldManager && e.operation === 'Apply') continue;
    const s = difference(e.fieldsV1, touched);
    if (!isEmpty(s)) out.push({ ...e, fieldsV1: s });
  }
  const noChange = deepEqual(base, merged);
  out.push({ ...mine(), time: noChange && prev && deepEqual(prev.fieldsV1, cfgSet) ? prev.time : now });
  // kubectl's server-side apply keeps a client-side apply annotation current
  if (o.fieldManager === 'kubectl' && live.metadata.annotations?.[LAST_APPLIED] !== undefined) {
    const la = clone(config);
    if (la.metadata?.annotations) { delete la.metadata.annotations[LAST_APPLIED]; }
    merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: sortedJSON(la) + '\n' };
  }
  merged.metadata.resourceVersion = live.metadata.resourceVersion;
  const obj = api.update(merged, { dryRun: o.dryRun, fieldValidation: o.fieldValidation, fieldManager: o.fieldManager, managedFields: sortEntries(out) } as WriteOptions);
  return { obj, created: false };
}
function sortedJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJSON).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter(k => (v as any)[k] !== undefined).map(k => `${JSON.stringify(k)}:${sortedJSON((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** kubectl's csaupgrade: fold the client-side apply managers' Update entries into the server-side applier's
 *  Apply entry (kubectl sends this as a JSON patch of managedFields after its first server-side apply). */
export function upgradeClientSideApply(api: APIServer, obj: KObject, csaManagers: string[], ssaManager: string): KObject | undefined {
  const entries = (obj.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const csa = entries.filter(e => e.operation === 'Update' && csaManagers.includes(e.manager) && !e.subresource);
  if (!csa.length) return undefined;
  const ri = api.resourceFor(obj);
  let apply = entries.find(e => e.manager === ssaManager && e.operation === 'Apply');
  const rest = entries.filter(e => !csa.includes(e) && e !== apply);
  let set: FieldSet = apply?.fieldsV1 ?? {};
  for (const e of csa) set = union(set, e.fieldsV1);
  apply = { ...(apply ?? { apiVersion: csa[0]!.apiVersion, fieldsType: 'FieldsV1', manager: ssaManager, operation: 'Apply', time: csa[0]!.time }), fieldsV1: set } as ManagedFieldsEntry;
  const next = clone(obj);
  next.metadata.managedFields = sortEntries([...rest, apply]);
  void ri;
  return api.update(next, { managedFields: next.metadata.managedFields } as WriteOptions);
}
/** The Update managers that own the last-applied annotation (the client-side appliers to migrate). */
export function lastAppliedOwners(obj: KObject, operation: 'Update' | 'Apply'): string[] {
  return ((obj.metadata.managedFields ?? []) as ManagedFieldsEntry[])
    .filter(e => e.operation === operation && e.fieldsV1?.['f:metadata']?.['f:annotations']?.[`f:${LAST_APPLIED}`])
    .map(e => e.manager);
}
