// The in-process API server: one generic store for every kind, plus a strategy per kind.
// uid, resourceVersion, generation, ownerReferences, finalizers, graceful deletion and validation live here.
// Objects the store holds are never handed out: every read returns a copy the caller may change, and every
// write stores a copy (watchers get the stored version, read-only).
import type { KObject, ResourceInfo } from './types';
import type { V1PodCondition, V1PodStatus } from './k8s';
import { groupResource } from './types';
import { Store, ChangeType, eventKeyHash } from './store';
import { Clock } from '../sim/clock';
import { Rng } from '../sim/rng';
import { StatusError, notFound, alreadyExists, conflict, invalid, FieldError, badRequest, forbidden } from './errors';
import { resourceForKind, storageKey, byGroupResource } from './discovery';
import type { Strategy } from './strategies/types';
import { Selector, matches, FieldReq } from './selectors';
import type { FieldError as MetaError } from './errors';
import { customSchemaProblems, customSchema } from './crd/custom';
import { updateManagedFields } from './managedfields';
import { attachDiscovery } from './crd/crd';
import { deepEqual, clone } from '../util/objects';
import { evictPod, EvictOptions } from './eviction';
import { admit } from './admission';
import { parseStored } from './storage-errors';

// What only writes need is loaded by the first write: a read (`kctl get`) never loads the kinds' strategies
// or the validators. (Each module is required once: a bundled require() copies the module's exports.)
let strategies: typeof import('./strategies') | undefined;
let metaValidation: typeof import('./validation/meta') | undefined;
let schemaValidation: typeof import('./validation/schema') | undefined;
const strategyFor = (kind: string | ResourceInfo): Strategy => (strategies ??= require('./strategies') as typeof import('./strategies')).strategyFor(kind);
const validateMeta = (...a: Parameters<typeof import('./validation/meta').validateMeta>): MetaError[] =>
  (metaValidation ??= require('./validation/meta') as typeof import('./validation/meta')).validateMeta(...a);
const validateSchema = (...a: Parameters<typeof import('./validation/schema').validateSchema>) =>
  (schemaValidation ??= require('./validation/schema') as typeof import('./validation/schema')).validateSchema(...a);
const zeroNullItems = (...a: Parameters<typeof import('./validation/schema').zeroNullItems>) =>
  (schemaValidation ??= require('./validation/schema') as typeof import('./validation/schema')).zeroNullItems(...a);

export interface WatchEvent { type: ChangeType; ri: ResourceInfo; obj: KObject; old?: KObject }
export type Watcher = (ev: WatchEvent) => void;
export interface WriteOptions { dryRun?: boolean; subresource?: 'status' | 'scale' | 'ephemeralcontainers'; fieldValidation?: 'Strict' | 'Warn' | 'Ignore'; fieldManager?: string }
export interface DeleteOptions { gracePeriodSeconds?: number; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; dryRun?: boolean }
export interface ListOptions {
  labelSelector?: Selector; fieldSelector?: FieldReq[];
  /** The caller never reads managedFields (a table, or JSON and YAML printed without them): leave them out. */
  noManagedFields?: boolean;
  /** The caller reads only these parts of each object (dot paths, as a table declares them: TableDef.reads),
   *  besides apiVersion, kind, name, namespace, uid and resourceVersion: the rest is left out unparsed
   *  (Store.listParts). Ignored where the server would need more (a field selector, a kind it presents). */
  parts?: string[];
}

/** The text an event's aggregation key (the `dkey` it is stored with) hashes: the event recorder's fields that
 *  make two events the same one (an aggregate event, whose message changes, is kept under a key of its own). */
export function eventKeyText(uid: string | undefined, fieldPath: string | undefined, type: string | undefined, reason: string | undefined, message: string | undefined,
  source: { component?: string; host?: string } | undefined): string {
  return `${uid}|${fieldPath ?? ''}|${type}|${reason}|${message}|${source?.component}|${source?.host ?? ''}`;
}

export class APIServer {
  private watchers: Watcher[] = [];
  /** Warnings the server returns with a response (kubectl prints them as `Warning: ...`). */
  warnings: string[] = [];
  /** Objects kctl writes itself (a new cluster's bootstrap) are known valid: skip the schema check. */
  trusted = false;
  /** The cluster's own controllers are writing (they never send unknown fields): no schema check. Admission
   *  (quota, limits) still runs, as kube-apiserver runs it for every client. */
  ownComponents = false;
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
    const o = this.peek(ri, ns, name);
    return o ? this.present(ri, clone(o)) : undefined;
  }
  /**
   * The object as stored, without a copy: for code that only reads (a controller looking at what it
   * compares). Never change it or anything in it (copy with clone() first); it may be the very object other
   * readers see. tryGet/get return copies the caller owns.
   */
  view(ri: ResourceInfo, ns: string | undefined, name: string): Readonly<KObject> | undefined {
    const o = this.peek(ri, ns, name);
    return o ? this.present(ri, o) : undefined;
  }
  /** byUid() without a copy: read-only, as view(). */
  viewByUid(uid: string): Readonly<KObject> | undefined {
    return this.store.peekByUid(uid)?.obj;
  }
  private peek(ri: ResourceInfo, ns: string | undefined, name: string): KObject | undefined {
    if (typeof name !== 'string') return undefined;
    if (ri.kind === 'ComponentStatus' && !ri.group) return this.componentStatuses().find(o => o.metadata.name === name);
    return this.store.peek(storageKey(ri), ri.namespaced ? ns ?? 'default' : '', name);
  }
  get(ri: ResourceInfo, ns: string | undefined, name: string): KObject {
    const o = this.tryGet(ri, ns, name);
    if (!o) throw notFound(groupResource(ri), name);
    return o;
  }
  /** ns undefined = all namespaces. Rows come in namespace, name order, as etcd returns them. */
  list(ri: ResourceInfo, ns: string | undefined, opts: ListOptions = {}): KObject[] {
    if (ri.kind === 'ComponentStatus' && !ri.group) return this.componentStatuses();
    const gr = storageKey(ri);
    const parts = opts.parts && !opts.fieldSelector && gr !== 'events' && !strategyFor(ri).present
      ? (opts.labelSelector && !opts.parts.includes('metadata.labels') ? [...opts.parts, 'metadata.labels'] : opts.parts) : undefined;
    const objs = (parts ? this.store.listParts(gr, ri.namespaced ? ns : undefined, parts)
      : this.store.listObjects(gr, ri.namespaced ? ns : undefined, !!opts.noManagedFields)) as KObject[];
    const out: KObject[] = [];
    for (const obj of objs) {
      const o = this.present(ri, obj);
      if (opts.labelSelector && !matches(opts.labelSelector, o.metadata.labels)) continue;
      if (opts.fieldSelector && !this.fieldsMatch(ri, o, opts.fieldSelector)) continue;
      out.push(o);
    }
    return out;
  }
  /** A fact the cluster's components derive from the objects of one resource, worked out again only after that
   *  resource is written (or another process may have written it): see Store.memoOf. The value is read-only. */
  derived<T>(ri: ResourceInfo, name: string, fn: () => T): T {
    return this.store.memoOf(storageKey(ri), name, fn);
  }
  /** Each object of a resource, read-only (as view()) and not kept: a pass over many objects that holds on to
   *  none of them (the cluster's own components only: no authorization). */
  each(ri: ResourceInfo, ns: string | undefined, fn: (o: Readonly<KObject>) => void): void {
    this.store.eachObject(storageKey(ri), ri.namespaced ? ns : undefined, o => fn(this.present(ri, o)));
  }
  /** Parts of each object of a resource, read-only, without decoding whole objects (see Store.eachPaths; the
   *  cluster's own components only: no authorization). */
  eachPaths(ri: ResourceInfo, ns: string | undefined, paths: string[], fn: (values: unknown[], ns: string, name: string) => void): void {
    this.store.eachPaths(storageKey(ri), ri.namespaced ? ns : undefined, paths, fn);
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
    return this.store.listByNode('pods', node).map(o => this.present(ri, o));
  }
  /** The object with this uid (events excepted), as stored. */
  byUid(uid: string): KObject | undefined {
    const r = this.store.peekByUid(uid);
    return r ? clone(r.obj) : undefined;
  }
  dependents(uid: string): { ri: ResourceInfo; obj: KObject }[] {
    const out: { ri: ResourceInfo; obj: KObject }[] = [];
    for (const d of this.store.dependents(uid)) {
      const o = this.store.peek(d.gr, d.ns, d.name) as KObject | undefined;
      if (!o) continue;
      const obj = clone(o);
      out.push({ ri: this.resourceFor(obj), obj });
    }
    return out;
  }
  /** dependents() without copies: read-only, as view(). */
  dependentViews(uid: string): { ri: ResourceInfo; obj: Readonly<KObject> }[] {
    const out: { ri: ResourceInfo; obj: Readonly<KObject> }[] = [];
    for (const d of this.store.dependents(uid)) {
      const o = this.store.peek(d.gr, d.ns, d.name) as KObject | undefined;
      if (o) out.push({ ri: this.resourceFor(o), obj: o });
    }
    return out;
  }
  resourceVersion(): string { return String(this.store.currentRV()); }
  /** The oldest resourceVersion a watch can still start from (older ones are expired). */
  oldestChange(): number | undefined { return this.store.oldestChangeRV(); }

  /** Begin watching a resource: the resourceVersion to read changes from. Changes are logged only for the
   *  resources some live process watches (this one, from now until it ends). */
  startWatch(ri: ResourceInfo): number {
    this.store.registerWatch(storageKey(ri), process.pid);
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
    const st = strategyFor(ri);
    return st.present ? st.present(o, this) : o;
  }

  // ---------------- writes ----------------
  /**
   * How the server's own calls of create/update (mutate, modify, the event recorder) hand over an object they
   * made: taken without a copy. They go through the public methods, so that what wraps those (client
   * authorization) sees them as before.
   */
  private handover?: { input: KObject; internal: boolean; noResult: boolean; dkey?: number; view?: boolean };
  private take(input: KObject) {
    const h = this.handover;
    if (h && h.input === input) { this.handover = undefined; return h; }
    return undefined;
  }
  private handOver<T>(h: { input: KObject; internal: boolean; noResult: boolean; dkey?: number; view?: boolean }, fn: () => T): T {
    this.handover = h;
    try { return fn(); } finally { this.handover = undefined; }
  }

  create(input: KObject, opts: WriteOptions = {}): KObject {
    const h = this.take(input);
    if (h?.view) return this.doCreate(clone(input), opts, false, undefined, input, true)!;
    if (h) return this.doCreate(input, opts, h.internal, h.dkey)!;
    return this.doCreate(clone(input), opts, false, undefined, input)!;
  }
  /** create() for a caller that only reads what it gets back (a controller's own pods): the stored object itself,
   *  not a copy of it (never change it). */
  createView(input: KObject, opts: WriteOptions = {}): Readonly<KObject> {
    return this.handOver({ input, internal: false, noResult: false, view: true }, () => this.create(input, opts));
  }
  /** create() of an object the server made itself: `obj` is the server's to keep; nothing is returned.
   *  (`input`: what the client sent, for managedFields.) */
  private doCreate(obj: KObject, opts: WriteOptions, internal: boolean, dkey?: number, input?: KObject, view = false): KObject | undefined {
    const ri = this.resourceFor(obj);
    const st = strategyFor(ri);
    obj.metadata ??= {};
    const md = obj.metadata;
    if (ri.namespaced) md.namespace ||= 'default'; else delete md.namespace;
    if (!md.name && md.generateName) md.name = md.generateName + this.rng.suffix(5);
    const gr = groupResource(ri);
    if (!internal) this.checkSchema(ri, obj, opts);
    if (!md.name) throw invalid(ri.kind, ri.group, '', [{ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' }]);
    if (ri.namespaced) {
      const nso = this.store.peek('namespaces', '', md.namespace!) as KObject | undefined;
      if (!nso) throw notFound('namespaces', md.namespace!);
      if (nso.metadata.deletionTimestamp)
        throw forbidden(gr, md.name, `unable to create new content in namespace ${md.namespace} because it is being terminated`);
    }
    if (this.store.exists(storageKey(ri), md.namespace ?? '', md.name)) throw alreadyExists(gr, md.name);
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
    const stored = this.write(ri, out, 'ADDED', undefined, internal || view, dkey);
    if (st.afterCreate) st.afterCreate(internal || view ? clone(stored) : out, this);
    return internal ? undefined : view ? stored : out;
  }

  update(input: KObject, opts: WriteOptions = {}): KObject {
    const h = this.take(input);
    return h ? this.doUpdate(input, opts, true, h.internal, h.noResult) : this.doUpdate(input, opts, false);
  }
  /** update(); `owned`: input is a copy the server made (mutate), taken over without another copy;
   *  `internal`: the server's own change (no schema check). */
  private doUpdate(input: KObject, opts: WriteOptions, owned: boolean, internal = false, noResult = false): KObject {
    const ri = this.resourceFor(input);
    const st = strategyFor(ri);
    const md = input.metadata ?? {};
    const ns = ri.namespaced ? md.namespace || 'default' : '';
    const gr = groupResource(ri);
    if (!md.name) throw badRequest('resource name may not be empty');
    const old = this.store.peek(storageKey(ri), ns, md.name) as KObject | undefined;
    if (!old) throw notFound(gr, md.name);
    if (md.resourceVersion && md.resourceVersion !== old.metadata.resourceVersion) throw conflict(gr, md.name);
    if (!internal) this.checkSchema(ri, input, opts);
    let obj: KObject;
    // A status write keeps everything else of the stored object: the new version shares those parts with
    // the old one (stored objects are never changed), and the caller gets a copy.
    const statusOnly = opts.subresource === 'status';
    if (statusOnly) {
      obj = { ...old, metadata: { ...old.metadata } };
      if ('status' in input) obj.status = owned ? input.status : clone(input.status);
      else delete obj.status;
      if (obj.status === undefined) delete obj.status;
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
      obj = owned ? input : clone(input);
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
    // a no-op update writes nothing (status first: what differs most often)
    if (deepEqual(out.status, old.status) && deepEqual(out, old)) return noResult ? old : this.present(ri, clone(old));
    if (opts.dryRun) return statusOnly ? clone(out) : out;
    // The last finalizer removed from an object being deleted: it goes away now.
    if (out.metadata.deletionTimestamp && old.metadata.finalizers?.length && !(out.metadata.finalizers?.length)
      && !strategyFor(ri).beginDeletion && !(out.metadata.deletionGracePeriodSeconds ?? 0)) {
      this.remove(ri, out);
      return out;
    }
    if (statusOnly) { const stored = this.write(ri, out, 'MODIFIED', old, true); return noResult ? stored : clone(stored); }
    this.write(ri, out, 'MODIFIED', old, noResult);
    return out;
  }
  updateStatus(obj: KObject): KObject { return this.update(obj, { subresource: 'status' }); }

  /** The pods/binding subresource: sets spec.nodeName (and nothing else; generation is untouched). Returns the
   *  bound pod (`result: false`: nothing, saving the copy). */
  bind(ns: string, name: string, nodeName: string, result = true): KObject {
    const ri = byGroupResource('', 'pods')!;
    const old = this.store.peek('pods', ns, name) as KObject | undefined;
    if (!old) throw notFound('pods', name);
    if (old.spec?.nodeName) throw conflict('pods', name);
    // as the pod registry's binding does, in the same write (no field manager runs: managedFields stay as they
    // are): the node, and the PodScheduled condition set True (podutil.UpdatePodCondition: a new transition time
    // unless it was True already; reason and message go); the nomination is over
    const status: V1PodStatus = { ...(old.status as V1PodStatus | undefined) };
    const conds: V1PodCondition[] = Array.isArray(status.conditions) ? [...status.conditions] : [];
    const i = conds.findIndex(c => c?.type === 'PodScheduled');
    const was = i < 0 ? undefined : conds[i];
    // (lastProbeTime: null, as the API server serializes a zero time)
    const cond: V1PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: was?.status === 'True' && was.lastTransitionTime ? was.lastTransitionTime : this.clock.nowISO() };
    if (i < 0) conds.push(cond); else conds[i] = cond;
    status.conditions = conds;
    delete status.nominatedNodeName;
    const next: KObject = { ...old, metadata: { ...old.metadata }, spec: { ...old.spec, nodeName }, status };
    const stored = this.write(ri, next, 'MODIFIED', old, true);
    return result ? clone(stored) : (undefined as unknown as KObject);
  }

  /** The pods/eviction subresource (src/api/eviction.ts): a delete that respects PodDisruptionBudgets. */
  evict(ns: string, name: string, opts: EvictOptions = {}): void { evictPod(this, ns, name, opts); }

  /** Read-modify-write helper for controllers: mutate returns false to skip. */
  mutate(ri: ResourceInfo, ns: string | undefined, name: string, fn: (o: KObject) => void | false, opts: WriteOptions = {}): KObject | undefined {
    const next = this.tryGet(ri, ns, name);
    if (!next) return undefined;
    if (fn(next) === false) return this.tryGet(ri, ns, name);
    return this.handOver({ input: next, internal: false, noResult: false }, () => this.update(next, opts));
  }
  /** mutate() for callers that do not need the object back (saves the copy): whether it found the object
   *  and fn did not skip it. With `subresource: 'status'` fn gets a copy of the status only: everything else
   *  in the object it is given is the stored object's (read it, do not change it). */
  modify(ri: ResourceInfo, ns: string | undefined, name: string, fn: (o: KObject) => void | false, opts: WriteOptions = {}): boolean {
    const cur = this.peek(ri, ns, name);
    if (!cur) return false;
    const next = this.present(ri, opts.subresource === 'status' ? statusCopy(cur) : clone(cur));
    if (fn(next) === false) return false;
    this.handOver({ input: next, internal: false, noResult: true }, () => this.update(next, opts));
    return true;
  }

  delete(ri: ResourceInfo, ns: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    const gr = groupResource(ri);
    const key = storageKey(ri);
    const nsv = ri.namespaced ? ns ?? 'default' : '';
    const obj = this.store.peek(key, nsv, name) as KObject | undefined;
    if (!obj) throw notFound(gr, name);
    const st = strategyFor(ri);
    const policy = opts.propagationPolicy ?? 'Background';
    if (opts.dryRun) return clone(obj);
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
      return clone(obj);
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
    return clone(obj);
  }

  /** Final removal of an object whose deletion has completed (used by the namespace controller and kubelets). */
  purge(ri: ResourceInfo, ns: string | undefined, name: string): void {
    const o = this.peek(ri, ns, name);
    if (o) this.remove(ri, o);
  }

  private remove(ri: ResourceInfo, obj: KObject): void {
    const rv = this.store.nextRV();
    const out = clone(obj);
    out.metadata.resourceVersion = String(rv);
    this.store.removeObject(storageKey(ri), out.metadata.namespace ?? '', out.metadata.name!, rv, out);
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
  /** Store a new version; `keep`: obj is the server's own (stored as it is, not copied). Returns the stored version. */
  private write(ri: ResourceInfo, obj: KObject, type: ChangeType, old?: KObject, keep = false, dkey?: number): KObject {
    const rv = this.store.nextRV();
    obj.metadata.resourceVersion = String(rv);
    const stored = keep ? obj : clone(obj);
    this.store.putObject(storageKey(ri), obj.metadata.namespace ?? '', obj.metadata.name!, rv, stored, type, dkey === undefined ? {} : { dkey });
    this.notify({ type, ri, obj: stored, old });
    return stored;
  }

  private checkSchema(ri: ResourceInfo, obj: KObject, opts: WriteOptions): void {
    if (this.trusted || this.ownComponents) return;
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
    // an aggregate event (the recorder counts it itself) is kept under its key while its message changes
    const aggregate = seen?.key !== undefined;
    const dedupe = aggregate ? `${involved.metadata.uid}|aggregate|${seen!.key}`
      : eventKeyText(involved.metadata.uid, fieldPath, type, reason, message, source);
    const dkey = eventKeyHash(dedupe);
    const candidates = this.store.eventsByKey(dkey, ns, involved.metadata.name ?? '', involved.metadata.uid);
    const same = candidates.filter(e => e.involvedObject?.uid === involved.metadata.uid && (aggregate || ((e.involvedObject?.fieldPath ?? '') === (fieldPath ?? '')
      && e.type === type && e.reason === reason && e.message === message && e.source?.component === source.component && (e.source?.host ?? '') === (source.host ?? ''))));
    const existing = same.length ? same.reduce((a, b) => (Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion) ? b : a)) : undefined;
    if (existing) {
      const ev = clone(existing) as KObject;
      ev.count = seen ? seen.count : (ev.count ?? 1) + 1;
      ev.lastTimestamp = now;
      ev.message = message;
      this.handOver({ input: ev, internal: true, noResult: true }, () => this.update(ev));
      return;
    }
    // `<name>.<UnixNano hex>` as the recorder names events; a sequence keeps names rising within one instant
    const seq = (Number(this.store.getMeta('event_seq') ?? '0') + 1) % 1000000;
    this.store.setMeta('event_seq', String(seq));
    const name = `${involved.metadata.name}.${eventSuffix(this.clock.now(), seq)}`;
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
      this.handOver({ input: ev, internal: true, noResult: true, dkey }, () => this.create(ev));
    } catch (e) {
      // An event for an object in a namespace being deleted is dropped, as the recorder does.
      if (!(e instanceof StatusError)) throw e;
    }
  }
}

/** `<UnixNano hex>` of an event name: the time's part computed once per instant. */
let suffixMs = NaN, suffixBase = 0n;
function eventSuffix(ms: number, seq: number): string {
  if (ms !== suffixMs) { suffixMs = ms; suffixBase = BigInt(ms) * 1000000n; }
  return (suffixBase + BigInt(seq)).toString(16);
}

/** A shallow copy of an object whose status (only) is a deep copy. */
function statusCopy(o: KObject): KObject {
  const out: KObject = { ...o };
  if (o.status !== undefined) out.status = clone(o.status);
  return out;
}

function deletePath(obj: any, path: string): void {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) { cur = cur?.[parts[i]!]; if (cur == null) return; }
  if (cur && typeof cur === 'object') delete cur[parts[parts.length - 1]!];
}
