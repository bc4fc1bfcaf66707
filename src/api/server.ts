// The in-process API server: one generic store for every kind, plus a strategy per kind.
// uid, resourceVersion, generation, ownerReferences, finalizers, graceful deletion and validation live here.
import { parseStored } from './storage-errors';
import type { KObject, ResourceInfo } from './types';
import { groupResource } from './types';
import { Store, ChangeType } from './store';
import { Clock } from '../sim/clock';
import { Rng } from '../sim/rng';
import { StatusError, notFound, alreadyExists, conflict, invalid, FieldError, badRequest, forbidden } from './errors';
import { resourceForKind, storageKey, byGroupResource } from './discovery';
import { strategyFor } from './strategies';
import { Selector, matches, FieldReq } from './selectors';
import { validateMeta } from './validation/meta';
import { validateSchema, zeroNullItems } from './validation/schema';
import { customSchemaProblems, customSchema } from './crd/custom';
import { updateManagedFields } from './managedfields';
import { attachDiscovery } from './crd/crd';
import { deepEqual, clone } from '../util/objects';
import { evictPod, EvictOptions } from './eviction';
import { admit } from './admission';

export interface WatchEvent { type: ChangeType; ri: ResourceInfo; obj: KObject; old?: KObject }
export type Watcher = (ev: WatchEvent) => void;
export interface WriteOptions { dryRun?: boolean; subresource?: 'status' | 'scale' | 'ephemeralcontainers'; fieldValidation?: 'Strict' | 'Warn' | 'Ignore'; fieldManager?: string }
export interface DeleteOptions { gracePeriodSeconds?: number; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; dryRun?: boolean }
export interface ListOptions { labelSelector?: Selector; fieldSelector?: FieldReq[] }

export class APIServer {
  private watchers: Watcher[] = [];
  /** Warnings the server returns with a response (kubectl prints them as `Warning: ...`). */
  warnings: string[] = [];
  /** Objects kctl writes itself (a new cluster's bootstrap) are known valid: skip the schema check. */
  trusted = false;
  /** Who writes now, for managedFields: the CLI verb's manager (kubectl-create, ...) or the running component's. */
  fieldManager = 'kube-controller-manager';
  constructor(public store: Store, public clock: Clock, public rng: Rng) {
    attachDiscovery(store);
  }

  watch(w: Watcher): void { this.watchers.push(w); }
  private notify(ev: WatchEvent): void { for (const w of this.watchers) w(ev); }

  resourceFor(obj: { apiVersion?: string; kind?: string }): ResourceInfo {
    const ri = obj.apiVersion && obj.kind ? resourceForKind(obj.apiVersion, obj.kind) : undefined;
    if (!ri) throw new StatusError(404, 'NotFound', `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
    return ri;
  }

  // ---------------- reads ----------------
  tryGet(ri: ResourceInfo, ns: string | undefined, name: string): KObject | undefined {
    if (typeof name !== 'string') return undefined;
    if (ri.kind === 'ComponentStatus' && !ri.group) return this.componentStatuses().find(o => o.metadata.name === name);
    const row = this.store.get(storageKey(ri), ri.namespaced ? ns ?? 'default' : '', name);
    return row ? this.present(ri, parseStored(row.json)) : undefined;
  }
  get(ri: ResourceInfo, ns: string | undefined, name: string): KObject {
    const o = this.tryGet(ri, ns, name);
    if (!o) throw notFound(groupResource(ri), name);
    return o;
  }
  /** ns undefined = all namespaces. Rows come in namespace, name order, as etcd returns them. */
  list(ri: ResourceInfo, ns: string | undefined, opts: ListOptions = {}): KObject[] {
    if (ri.kind === 'ComponentStatus' && !ri.group) return this.componentStatuses();
    const rows = this.store.list(storageKey(ri), ri.namespaced ? ns : undefined);
    const out: KObject[] = [];
    for (const row of rows) {
      const o = this.present(ri, parseStored(row.json));
      if (opts.labelSelector && !matches(opts.labelSelector, o.metadata.labels)) continue;
      if (opts.fieldSelector && !this.fieldsMatch(ri, o, opts.fieldSelector)) continue;
      out.push(o);
    }
    return out;
  }
  /** ComponentStatuses are computed on each read, with the API server's deprecation warning. */
  private componentStatuses(): KObject[] {
    const cs = require('./componentstatus') as typeof import('./componentstatus');
    if (!this.warnings.includes(cs.COMPONENTSTATUS_WARNING)) this.warnings.push(cs.COMPONENTSTATUS_WARNING);
    return cs.componentStatuses();
  }
  /** Pods bound to one node, without scanning the cluster. */
  podsOnNode(node: string): KObject[] {
    const ri = byGroupResource('', 'pods')!;
    return this.store.listByNode('pods', node).map(r => this.present(ri, parseStored(r.json)));
  }
  byUid(uid: string): KObject | undefined {
    const row = this.store.byUid(uid);
    return row ? parseStored(row.json) : undefined;
  }
  dependents(uid: string): { ri: ResourceInfo; obj: KObject }[] {
    const out: { ri: ResourceInfo; obj: KObject }[] = [];
    for (const d of this.store.dependents(uid)) {
      const row = this.store.get(d.gr, d.ns, d.name);
      if (!row) continue;
      const obj = parseStored(row.json) as KObject;
      out.push({ ri: this.resourceFor(obj), obj });
    }
    return out;
  }
  resourceVersion(): string { return String(this.store.currentRV()); }
  /** The oldest resourceVersion a watch can still start from (older ones are expired). */
  oldestChange(): number | undefined { return this.store.oldestChangeRV(); }

  /** Begin watching a resource: the resourceVersion to read changes from. (Event writes are logged for
   *  watches only once somebody watches events; nothing else needs their history.) */
  startWatch(ri: ResourceInfo): number {
    if (ri.kind === 'Event' && ri.group === '') this.store.setMeta('watchers', '1');
    return this.store.currentRV();
  }
  /** The changes to a resource after `rv`, in order (a watch; ns undefined = all namespaces), and the
   *  resourceVersion to continue from. */
  changesSince(ri: ResourceInfo, rv: number, ns?: string): { rv: number; changes: { type: ChangeType; obj: KObject; rv: number }[] } {
    const changes: { type: ChangeType; obj: KObject; rv: number }[] = [];
    let last = rv;
    for (const c of this.store.changesSince(rv, storageKey(ri))) {
      last = c.rv;
      if (ri.namespaced && ns !== undefined && c.ns !== ns) continue;
      changes.push({ type: c.type, obj: this.present(ri, parseStored(c.json)), rv: c.rv });
    }
    return { rv: last, changes };
  }

  fieldValues(ri: ResourceInfo, o: KObject): Record<string, string> {
    const f: Record<string, string> = { 'metadata.name': o.metadata.name ?? '' };
    if (ri.namespaced) f['metadata.namespace'] = o.metadata.namespace ?? '';
    return { ...f, ...(strategyFor(ri).fields?.(o) ?? {}) };
  }
  private fieldsMatch(ri: ResourceInfo, o: KObject, reqs: FieldReq[]): boolean {
    const f = this.fieldValues(ri, o);
    for (const r of reqs) {
      if (!(r.field in f)) {
        throw badRequest(`Unable to find "${ri.group}/${ri.version}, Resource=${ri.plural}" that match label selector "", field selector "${reqs.map(x => `${x.field}${x.op}${x.value}`).join(',')}": field label not supported: ${r.field}`);
      }
      const v = f[r.field];
      if (r.op === '=' ? v !== r.value : v === r.value) return false;
    }
    return true;
  }
  /** The object as a client sees it: in the version it asked for. */
  private present(ri: ResourceInfo, o: KObject): KObject {
    const apiVersion = ri.group ? `${ri.group}/${ri.version}` : ri.version;
    if (o.apiVersion !== apiVersion) o = { ...o, apiVersion };
    const st = strategyFor(ri.kind);
    return st.present ? st.present(o, this) : o;
  }

  // ---------------- writes ----------------
  create(input: KObject, opts: WriteOptions = {}): KObject {
    const ri = this.resourceFor(input);
    const st = strategyFor(ri);
    const obj = clone(input);
    obj.metadata ??= {};
    const md = obj.metadata;
    if (ri.namespaced) md.namespace ||= 'default'; else delete md.namespace;
    if (!md.name && md.generateName) md.name = md.generateName + this.rng.suffix(5);
    const gr = groupResource(ri);
    this.checkSchema(ri, obj, opts);
    if (!md.name) throw invalid(ri.kind, ri.group, '', [{ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' }]);
    if (ri.namespaced) {
      const nsObj = this.store.get('namespaces', '', md.namespace!);
      if (!nsObj) throw notFound('namespaces', md.namespace!);
      const nso = parseStored(nsObj.json) as KObject;
      if (nso.metadata.deletionTimestamp)
        throw forbidden(gr, md.name, `unable to create new content in namespace ${md.namespace} because it is being terminated`);
    }
    if (this.store.get(storageKey(ri), md.namespace ?? '', md.name)) throw alreadyExists(gr, md.name);
    // server-owned metadata
    md.creationTimestamp = this.clock.nowISO();
    delete md.deletionTimestamp; delete md.deletionGracePeriodSeconds;
    delete md.resourceVersion; delete md.selfLink; delete md.managedFields;
    md.uid = this.rng.uuid();
    // status is the controllers' to write: what a client sends is dropped
    if (ri.custom) { /* the custom resource strategy owns status */ } else if (ri.hasStatus) obj.status = {}; else delete obj.status;
    if (st.tracksGeneration) md.generation = 1; else delete md.generation;
    st.prepareForCreate?.(obj, this);
    const errs: FieldError[] = [...validateMeta(ri, obj, st.nameRule), ...(st.validate?.(obj, this) ?? [])];
    if (errs.length) throw invalid(ri.kind, ri.group, md.name, errs);
    if (!this.trusted && ri.kind !== 'Event') admit(ri, obj, this, undefined, opts.dryRun);
    const out = this.finish(ri, obj);
    this.manage(ri, undefined, out, opts, input);
    if (opts.dryRun) return out;
    this.write(ri, out, 'ADDED');
    st.afterCreate?.(out, this);
    return out;
  }

  update(input: KObject, opts: WriteOptions = {}): KObject {
    const ri = this.resourceFor(input);
    const st = strategyFor(ri);
    const md = input.metadata ?? {};
    const ns = ri.namespaced ? md.namespace || 'default' : '';
    const gr = groupResource(ri);
    if (!md.name) throw badRequest('resource name may not be empty');
    const row = this.store.get(storageKey(ri), ns, md.name);
    if (!row) throw notFound(gr, md.name);
    const old = parseStored(row.json) as KObject;
    if (md.resourceVersion && md.resourceVersion !== old.metadata.resourceVersion) throw conflict(gr, md.name);
    this.checkSchema(ri, input, opts);
    let obj: KObject;
    if (opts.subresource === 'status') {
      obj = clone(old);
      if ('status' in input) obj.status = clone(input.status); else delete obj.status;
      const errs = st.validateStatusUpdate?.(obj, old, this) ?? [];
      if (errs.length) throw invalid(ri.kind, ri.group, md.name, errs);
    } else if (opts.subresource === 'ephemeralcontainers') {
      // pods/ephemeralcontainers: only spec.ephemeralContainers changes, and only by additions
      obj = clone(old);
      obj.spec.ephemeralContainers = clone(input.spec?.ephemeralContainers ?? []);
      if (!obj.spec.ephemeralContainers.length) delete obj.spec.ephemeralContainers;
      const { validateEphemeralUpdate } = require('./strategies/pod') as typeof import('./strategies/pod');
      const errs = validateEphemeralUpdate(obj, old);
      if (errs.length) throw invalid(ri.kind, ri.group, md.name, errs);
      const { defaultEphemeralContainer } = require('./strategies/podspec') as typeof import('./strategies/podspec');
      for (const c of obj.spec.ephemeralContainers ?? []) defaultEphemeralContainer(c);
    } else {
      obj = clone(input);
      obj.metadata ??= {};
      // immutable server-owned metadata
      for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace'] as const) {
        if (old.metadata[k] !== undefined) (obj.metadata as any)[k] = old.metadata[k]; else delete (obj.metadata as any)[k];
      }
      delete obj.metadata.selfLink;
      // status is written only through the status subresource
      if (ri.custom) { /* the custom resource strategy owns status */ } else if (old.status !== undefined) obj.status = clone(old.status); else delete obj.status;
      st.prepareForUpdate?.(obj, old, this);
      if (st.tracksGeneration && !deepEqual(obj.spec, old.spec)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
      const errs: FieldError[] = [...validateMeta(ri, obj, st.nameRule), ...(st.validate?.(obj, this) ?? []), ...(st.validateUpdate?.(obj, old, this) ?? [])];
      if (errs.length) throw invalid(ri.kind, ri.group, md.name, errs);
      if (!deepEqual(obj.spec, old.spec) && ri.kind !== 'Event') admit(ri, obj, this, old, opts.dryRun);
    }
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    const out = this.finish(ri, obj);
    this.manage(ri, old, out, opts);
    if (deepEqual(out, old)) return this.present(ri, old); // a no-op update writes nothing
    if (opts.dryRun) return out;
    // The last finalizer removed from an object being deleted: it goes away now.
    if (out.metadata.deletionTimestamp && old.metadata.finalizers?.length && !(out.metadata.finalizers?.length)
      && !strategyFor(ri).beginDeletion && !(out.metadata.deletionGracePeriodSeconds ?? 0)) {
      this.remove(ri, out);
      return out;
    }
    this.write(ri, out, 'MODIFIED', old);
    return out;
  }
  updateStatus(obj: KObject): KObject { return this.update(obj, { subresource: 'status' }); }

  /** The pods/binding subresource: sets spec.nodeName (and nothing else; generation is untouched). */
  bind(ns: string, name: string, nodeName: string): KObject {
    const ri = byGroupResource('', 'pods')!;
    const row = this.store.get('pods', ns, name);
    if (!row) throw notFound('pods', name);
    const old = parseStored(row.json) as KObject;
    if (old.spec?.nodeName) throw conflict('pods', name);
    const next = clone(old);
    next.spec.nodeName = nodeName;
    this.write(ri, next, 'MODIFIED', old);
    return next;
  }

  /** The pods/eviction subresource (src/api/eviction.ts): a delete that respects PodDisruptionBudgets. */
  evict(ns: string, name: string, opts: EvictOptions = {}): void { evictPod(this, ns, name, opts); }

  /** Read-modify-write helper for controllers: mutate returns false to skip. */
  mutate(ri: ResourceInfo, ns: string | undefined, name: string, fn: (o: KObject) => void | false, opts: WriteOptions = {}): KObject | undefined {
    const cur = this.tryGet(ri, ns, name);
    if (!cur) return undefined;
    const next = clone(cur);
    if (fn(next) === false) return cur;
    return this.update(next, opts);
  }

  delete(ri: ResourceInfo, ns: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    const gr = groupResource(ri);
    const key = storageKey(ri);
    const nsv = ri.namespaced ? ns ?? 'default' : '';
    const row = this.store.get(key, nsv, name);
    if (!row) throw notFound(gr, name);
    const obj = parseStored(row.json) as KObject;
    const st = strategyFor(ri);
    const policy = opts.propagationPolicy ?? 'Background';
    if (opts.dryRun) return obj;
    const md = obj.metadata;
    let grace = st.gracePeriod?.(obj, opts.gracePeriodSeconds);
    if (md.deletionTimestamp) {
      // Already being deleted: a shorter grace period may still cut it short (no grace left: now).
      if (grace === undefined && opts.gracePeriodSeconds !== undefined) grace = 0;
      if (grace !== undefined && md.deletionGracePeriodSeconds !== undefined && grace < md.deletionGracePeriodSeconds) {
        const next = clone(obj);
        next.metadata.deletionGracePeriodSeconds = grace;
        next.metadata.deletionTimestamp = new Date(this.clock.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        if (grace === 0 && !next.metadata.finalizers?.length) { this.remove(ri, next); return next; }
        this.write(ri, this.finish(ri, next), 'MODIFIED', obj);
        return next;
      }
      return obj;
    }
    const next = clone(obj);
    const finalizers = [...(md.finalizers ?? [])];
    if (policy === 'Orphan') {
      for (const d of this.dependents(md.uid!)) {
        this.mutate(d.ri, d.obj.metadata.namespace, d.obj.metadata.name!, o => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter(r => r.uid !== md.uid);
          if (!o.metadata.ownerReferences.length) delete o.metadata.ownerReferences;
        });
      }
    } else if (policy === 'Foreground' && this.store.dependents(md.uid!).length) {
      if (!finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    }
    const deferred = st.beginDeletion?.(next, this) ?? false;
    for (const f of next.metadata.finalizers ?? []) if (!finalizers.includes(f)) finalizers.push(f);
    if (finalizers.length || (grace !== undefined && grace > 0) || deferred) {
      next.metadata.finalizers = finalizers.length ? finalizers : undefined;
      if (!finalizers.length) delete next.metadata.finalizers;
      next.metadata.deletionTimestamp = new Date(this.clock.now() + (grace ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      next.metadata.deletionGracePeriodSeconds = grace ?? 0;
      if (st.tracksGeneration) next.metadata.generation = (md.generation ?? 0) + 1;
      const out = this.finish(ri, next);
      this.write(ri, out, 'MODIFIED', obj);
      return out;
    }
    this.remove(ri, obj);
    return obj;
  }

  /** Final removal of an object whose deletion has completed (used by the namespace controller and kubelets). */
  purge(ri: ResourceInfo, ns: string | undefined, name: string): void {
    const o = this.tryGet(ri, ns, name);
    if (o) this.remove(ri, o);
  }

  private remove(ri: ResourceInfo, obj: KObject): void {
    const rv = this.store.nextRV();
    const out = clone(obj);
    out.metadata.resourceVersion = String(rv);
    this.store.remove(storageKey(ri), out.metadata.namespace ?? '', out.metadata.name!, rv, out);
    strategyFor(ri).afterDelete?.(out, this);
    this.notify({ type: 'DELETED', ri, obj: out });
  }

  /** managedFields of a write (an Update operation of the writer's manager). */
  private manage(ri: ResourceInfo, old: KObject | undefined, obj: KObject, opts: WriteOptions, input?: KObject): void {
    if ((opts as { managedFields?: unknown }).managedFields) { obj.metadata.managedFields = (opts as any).managedFields; return; } // server-side apply computed them
    const given = obj.metadata.managedFields as unknown[] | undefined;
    // a client may replace managedFields (an empty entry clears them); otherwise the old ones are the base
    const base = given?.length && (given as any[]).some(e => e && Object.keys(e).length) && !opts.subresource ? { ...old!, metadata: { ...old?.metadata, managedFields: given } } as KObject : old;
    if (given && given.length && !(given as any[]).some(e => e && Object.keys(e).length)) { delete obj.metadata.managedFields; return; }
    const mf = updateManagedFields(ri, base, obj, opts.fieldManager ?? this.fieldManager, opts.subresource, this.clock.nowISO(), ri.custom ? customSchema(this, ri) : undefined, input);
    if (mf?.length) obj.metadata.managedFields = mf; else delete obj.metadata.managedFields;
  }
  private finish(ri: ResourceInfo, obj: KObject): KObject {
    obj.apiVersion = ri.group ? `${ri.group}/${ri.version}` : ri.version;
    obj.kind = ri.kind;
    return obj;
  }
  private write(ri: ResourceInfo, obj: KObject, type: ChangeType, old?: KObject): void {
    const rv = this.store.nextRV();
    obj.metadata.resourceVersion = String(rv);
    const node = ri.kind === 'Pod' && ri.group === '' ? (obj.spec?.nodeName ?? null) : null;
    this.store.put(storageKey(ri), obj.metadata.namespace ?? '', obj.metadata.name!, obj.metadata.uid!, rv, obj, node, type);
    this.notify({ type, ri, obj, old });
  }

  private checkSchema(ri: ResourceInfo, obj: KObject, opts: WriteOptions): void {
    if (this.trusted) return;
    const problems = ri.custom ? customSchemaProblems(this, ri, obj) : validateSchema(ri, obj);
    if (!ri.custom) zeroNullItems(ri, obj);
    if (!problems) return;
    const mode = opts.fieldValidation ?? 'Strict';
    if (problems.typeErrors.length)
      throw badRequest(`${ri.kind} in version "${ri.version}" cannot be handled as a ${ri.kind}: ${problems.typeErrors[0]}`);
    if (problems.unknownFields.length && mode !== 'Ignore') {
      if (mode === 'Strict')
        throw badRequest(`${ri.kind} in version "${ri.version}" cannot be handled as a ${ri.kind}: strict decoding error: ${problems.unknownFields.map(f => `unknown field "${f}"`).join(', ')}`);
      for (const f of problems.unknownFields) this.warnings.push(`unknown field "${f}"`);
    }
    for (const f of problems.unknownFields) deletePath(obj, f);
  }

  // ---------------- events ----------------
  /** Record a core/v1 Event about an object, aggregating repeats as the event recorder does. */
  recordEvent(involved: KObject, type: 'Normal' | 'Warning', reason: string, message: string,
    source: { component: string; host?: string }, fieldPath?: string,
    /** A recorder that counts occurrences itself (client-go's correlator): the count and first time to write,
     *  and for an aggregate event the key it is kept under (its message changes, the event stays one). */
    seen?: { count: number; first: string; key?: string }): void {
    const ri = byGroupResource('', 'events')!;
    const ns = involved.metadata.namespace || 'default';
    const now = this.clock.nowISO();
    const dedupe = seen?.key !== undefined ? `${involved.metadata.uid}|aggregate|${seen.key}`
      : `${involved.metadata.uid}|${fieldPath ?? ''}|${type}|${reason}|${message}|${source.component}|${source.host ?? ''}`;
    const keyName = `ev-index/${dedupe}`;
    const existingName = this.store.getMeta(keyName);
    if (existingName) {
      const ev = this.tryGet(ri, ns, existingName);
      if (ev) {
        ev.count = seen ? seen.count : (ev.count ?? 1) + 1;
        ev.lastTimestamp = now;
        ev.message = message;
        this.update(ev);
        return;
      }
    }
    // `<name>.<UnixNano hex>` as the recorder names events; a sequence keeps names rising within one instant
    const seq = (Number(this.store.getMeta('event_seq') ?? '0') + 1) % 1000000;
    this.store.setMeta('event_seq', String(seq));
    const name = `${involved.metadata.name}.${(BigInt(this.clock.now()) * 1000000n + BigInt(seq)).toString(16)}`;
    const ev: KObject = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: involved.kind, namespace: involved.metadata.namespace, name: involved.metadata.name,
        uid: involved.metadata.uid, apiVersion: involved.apiVersion, resourceVersion: involved.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason, message, source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: seen?.first ?? now, lastTimestamp: now, count: seen?.count ?? 1, type,
      eventTime: null, reportingComponent: source.component, reportingInstance: source.host ?? '',
    };
    if (!involved.metadata.namespace) delete ev.involvedObject.namespace;
    try {
      this.create(ev);
      this.store.setMeta(keyName, name);
    } catch (e) {
      // An event for an object in a namespace being deleted is dropped, as the recorder does.
      if (!(e instanceof StatusError)) throw e;
    }
  }
}

function deletePath(obj: any, path: string): void {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) { cur = cur?.[parts[i]!]; if (cur == null) return; }
  if (cur && typeof cur === 'object') delete cur[parts[parts.length - 1]!];
}
