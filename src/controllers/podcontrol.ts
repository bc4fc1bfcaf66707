// What the workload controllers share to make, delete and claim their pods (k8s.io/kubernetes
// pkg/controller/controller_utils.go: NewControllerRef, GetPodFromTemplate, PodControl's CreatePods and DeletePod
// with their SuccessfulCreate / FailedCreate / SuccessfulDelete / FailedDelete events, slowStartBatch; the
// ControllerRefManager's ClaimPods with its adopt and release patches), plus the plumbing every one of them
// repeats: the status write through the status subresource, the orphan hints an owner's events leave for its next
// sync, and the rule that an API error ends a sync without failing the user's command. What differs stays in
// each controller: the StatefulSet's own pod control (ordinal names, claims, its event texts), the DaemonSet's
// node pinning, the Job's index and tracking finalizer, the ReplicaSet's owner cache and scale-down order.
import type { Runtime } from '../sim/runtime';
import type { KObject, ObjectMeta, OwnerReference, ResourceInfo } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { StatusError } from '../api/errors';
import { matches, type Selector } from '../api/selectors';
import { clone, deepEqual } from '../util/objects';
import { controllerEvent } from './recorder';

export const podRi = (): ResourceInfo => byGroupResource('', 'pods')!;

/** The controller reference of an object (its owner reference with controller: true). */
export function controllerRefOf(o: KObject): OwnerReference | undefined {
  const refs = o.metadata.ownerReferences;
  if (refs) for (const r of refs) if (r.controller) return r;
  return undefined;
}

/** metav1.NewControllerRef: the owner as its controller, blocking the owner's foreground deletion. */
export function controllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

// ---------------------------------------------------------------------------------------------------------
// Pods from a template

/** The parts of a core/v1 PodSpec the controllers write; the rest is carried as the template has it. */
export interface PodSpec {
  hostname?: string;
  subdomain?: string;
  volumes?: { name: string; [k: string]: unknown }[];
  tolerations?: Record<string, unknown>[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: unknown; [k: string]: unknown }; [k: string]: unknown };
  containers?: Container[];
  initContainers?: Container[];
  hostNetwork?: boolean;
  [k: string]: unknown;
}
export interface Container { name: string; env?: { name: string; [k: string]: unknown }[]; [k: string]: unknown }
/** core/v1 PodTemplateSpec, as a controller's spec.template has it. */
export interface PodTemplateSpec {
  metadata?: Pick<ObjectMeta, 'labels' | 'annotations' | 'finalizers'> & Record<string, unknown>;
  spec?: PodSpec;
}
export interface Pod extends KObject { spec: PodSpec }

/** What a controller adds to the template's metadata. */
export interface PodIdentity {
  /** The name prefix the server completes (getPodsPrefix's, or the controller's own). */
  generateName: string;
  /** A name the controller chooses itself (the StatefulSet's ordinal names). */
  name?: string;
  /** Labels and annotations set over the template's. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Finalizers every pod carries: moved (or added) after the template's. */
  finalizers?: string[];
}

const nonEmpty = <T extends object>(o: T | undefined): o is T => !!o && Object.keys(o).length > 0;

/**
 * GetPodFromTemplate: a pod of the template (copies of its labels, annotations, finalizers and spec) with the
 * controller's reference and the identity the controller gives it; empty maps and lists are left out, as Go's
 * omitempty leaves them out.
 */
export function podFromTemplate(template: PodTemplateSpec | undefined, namespace: string | undefined, ref: OwnerReference, id: PodIdentity): Pod {
  const tm = template?.metadata;
  const md: ObjectMeta = {};
  if (id.name !== undefined) md.name = id.name;
  md.generateName = id.generateName;
  md.namespace = namespace;
  const labels = { ...(tm?.labels ?? {}), ...(id.labels ?? {}) };
  if (nonEmpty(labels)) md.labels = labels;
  const annotations = { ...(tm?.annotations ?? {}), ...(id.annotations ?? {}) };
  if (nonEmpty(annotations)) md.annotations = annotations;
  md.ownerReferences = [ref];
  const extra = id.finalizers ?? [];
  const finalizers = [...(tm?.finalizers ?? []).filter(f => !extra.includes(f)), ...extra];
  if (finalizers.length) md.finalizers = finalizers;
  return { apiVersion: 'v1', kind: 'Pod', metadata: md, spec: clone(template?.spec ?? {}) };
}

/** The pod name prefix a controller asks the server to complete (getPodsPrefix): `<name>-` when that is valid. */
export function podsPrefix(controllerName: string): string {
  const p = `${controllerName}-`;
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*-?$/.test(p) ? p : controllerName;
}

/** names.SimpleNameGenerator: the prefix cut to 58 characters and five random ones. */
export const generatedName = (rt: Runtime, prefix: string): string => prefix.slice(0, 58) + rt.rng.suffix(5);

// ---------------------------------------------------------------------------------------------------------
// PodControl: create and delete with the controller's events

export interface EventSource { component: string }
/** A pod created: the stored object (read it, never change it). */
export type Created = { ok: true; pod: Readonly<KObject> } | { ok: false; code: number; message: string };
export type Deleted = { ok: true; gone: boolean } | { ok: false; message: string };

export class PodControl {
  constructor(readonly rt: Runtime, readonly owner: KObject, readonly source: EventSource) {}

  /**
   * CreatePods: SuccessfulCreate `Created pod: <name>`, or FailedCreate `Error creating: <err>`. Admission runs
   * before the server names the pod, so the error names the pod by its generateName.
   */
  create(pod: KObject): Created {
    try {
      const created = this.rt.api.createView(pod);
      controllerEvent(this.rt, this.owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, this.source);
      return { ok: true, pod: created };
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      const message = asGenerated(e.message, pod.metadata);
      controllerEvent(this.rt, this.owner, 'Warning', 'FailedCreate', `Error creating: ${message}`, this.source);
      return { ok: false, code: e.code, message };
    }
  }

  /** DeletePod: SuccessfulDelete `Deleted pod: <name>`, FailedDelete `Error deleting: <err>`; a pod already gone is no error. */
  delete(pod: KObject): Deleted {
    try {
      this.rt.api.delete(podRi(), pod.metadata.namespace, pod.metadata.name!, {});
      controllerEvent(this.rt, this.owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, this.source);
      return { ok: true, gone: false };
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code === 404) return { ok: true, gone: true };
      controllerEvent(this.rt, this.owner, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`, this.source);
      return { ok: false, message: e.message };
    }
  }
}

/** An error about a pod named from its generateName, as the server words it before naming the pod. */
function asGenerated(message: string, md: ObjectMeta): string {
  const gen = md.generateName;
  if (!gen) return message;
  // a name the controller generated itself, or the one the server made of the prefix
  if (md.name) return message.split(`"${md.name}"`).join(`"${gen}"`);
  return message.replace(new RegExp(`"${gen.replace(/\./g, '\\.')}[bcdfghjklmnpqrstvwxz2456789]{5}"`, 'g'), `"${gen}"`);
}

/**
 * slowStartBatch: calls in batches of 1, 2, 4, ... (from initialBatchSize) up to count, stopping after the
 * first batch with a failure; the simulation makes the calls of a batch one after another and stops at the
 * first failure. Returns how many succeeded.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: (i: number) => boolean): number {
  let done = 0;
  for (let batch = Math.min(count, initialBatchSize); batch > 0; batch = Math.min(2 * batch, count - done)) {
    for (let k = 0; k < batch; k++) if (!fn(done + k)) return done + k;
    done += batch;
  }
  return done;
}

// ---------------------------------------------------------------------------------------------------------
// Claiming (ControllerRefManager)

/** Patch an object this sync read, unless it was replaced since (another uid); undefined when it is gone or the write fails. */
export function patchSame(rt: Runtime, ri: ResourceInfo, obj: KObject, fn: (o: KObject) => void): KObject | undefined {
  try {
    return rt.api.mutate(ri, obj.metadata.namespace, obj.metadata.name!, o => {
      if (o.metadata.uid !== obj.metadata.uid) return false;
      fn(o);
    });
  } catch (e) {
    if (e instanceof StatusError) return undefined;
    throw e;
  }
}

/** Rewrite an object's ownerReferences (adoption or release); undefined when it is gone. */
export function patchOwnerRefs(rt: Runtime, ri: ResourceInfo, obj: KObject, fn: (refs: OwnerReference[]) => OwnerReference[]): KObject | undefined {
  return patchSame(rt, ri, obj, o => {
    const refs = fn(o.metadata.ownerReferences ?? []);
    if (refs.length) o.metadata.ownerReferences = refs; else delete o.metadata.ownerReferences;
  });
}

export interface ClaimOptions {
  /** The owner's selector (nothing is claimed with an empty one). */
  selector: Selector;
  /** The owner's controller reference, put on the pods it adopts. */
  ref: OwnerReference;
  /** Orphan pods (by name, in the owner's namespace) that may be adopted. */
  orphans: Iterable<string>;
  /** More than the selector a pod must meet (a StatefulSet's pods carry its name). */
  member?: (p: KObject) => boolean;
  /** What else a release removes from the pod (the Job's tracking finalizer). */
  onRelease?: (o: KObject) => void;
}

/**
 * ClaimPods: the owned pods that still match (owned ones that stopped matching are released), then the orphans
 * that match, adopted; an owner being deleted neither releases nor adopts.
 */
export function claimPods(rt: Runtime, owner: KObject, opts: ClaimOptions): KObject[] {
  const uid = owner.metadata.uid!;
  const deleting = !!owner.metadata.deletionTimestamp;
  const match = (p: KObject) => opts.selector.length > 0 && matches(opts.selector, p.metadata.labels) && (!opts.member || opts.member(p));
  const out: KObject[] = [];
  for (const d of rt.api.dependents(uid)) {
    if (d.ri.kind !== 'Pod' || controllerRefOf(d.obj)?.uid !== uid) continue;
    if (match(d.obj)) { out.push(d.obj); continue; }
    if (deleting) continue;
    patchSame(rt, podRi(), d.obj, o => {
      const refs = (o.metadata.ownerReferences ?? []).filter(r => r.uid !== uid);
      if (refs.length) o.metadata.ownerReferences = refs; else delete o.metadata.ownerReferences;
      opts.onRelease?.(o);
    });
  }
  if (deleting || !opts.selector.length) return out;
  for (const n of opts.orphans) {
    const p = rt.api.tryGet(podRi(), owner.metadata.namespace, n);
    if (!p || controllerRefOf(p) || p.metadata.deletionTimestamp || !match(p)) continue;
    const got = patchOwnerRefs(rt, podRi(), p, refs => [...refs, opts.ref]);
    if (got && controllerRefOf(got)?.uid === uid) out.push(got);
  }
  return out;
}

/**
 * Orphan pods an owner's next sync should look at, kept per step (the informer's view of what changed): the
 * owner's appearance hints the orphans its selector matches, an orphan's change hints the owners it may join.
 * Each controller keeps its own (keys are `namespace/name` of its kind).
 */
export class OrphanHints {
  private byRt = new WeakMap<Runtime, Map<string, Set<string>>>();
  add(rt: Runtime, key: string, pod: string): void {
    let m = this.byRt.get(rt);
    if (!m) this.byRt.set(rt, (m = new Map()));
    let s = m.get(key);
    if (!s) m.set(key, (s = new Set()));
    s.add(pod);
  }
  /** The hints for one owner, forgotten once taken. */
  take(rt: Runtime, key: string): string[] {
    const m = this.byRt.get(rt);
    const s = m?.get(key);
    m?.delete(key);
    return s ? [...s] : [];
  }
  /** A new owner: every orphan of its namespace its selector matches. */
  addMatching(rt: Runtime, key: string, namespace: string | undefined, selector: Selector): void {
    if (!selector.length) return;
    for (const p of rt.api.list(podRi(), namespace, { labelSelector: selector })) if (!controllerRefOf(p)) this.add(rt, key, p.metadata.name!);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Status and sync plumbing

/**
 * Write an object's status through the status subresource, unless it was replaced since it was read (another
 * uid). A failed write ends nothing: the next sync writes it again.
 */
export function updateStatus(rt: Runtime, ri: ResourceInfo, obj: KObject, status: Record<string, unknown>): void {
  try {
    rt.api.mutate(ri, obj.metadata.namespace, obj.metadata.name!, o => {
      if (o.metadata.uid !== obj.metadata.uid) return false;
      o.status = status;
    }, { subresource: 'status' });
  } catch (e) { if (!(e instanceof StatusError)) throw e; }
}

/**
 * An owner's change that asks for no sync: a MODIFIED event that left its spec, its deletion and (for the
 * controllers that read them) its annotations as they were, such as its own status write.
 */
export function ownerUnchanged(ev: WatchEvent, withAnnotations: boolean): boolean {
  const old = ev.old;
  if (ev.type !== 'MODIFIED' || !old) return false;
  return deepEqual(old.spec, ev.obj.spec) && (!withAnnotations || deepEqual(old.metadata.annotations, ev.obj.metadata.annotations))
    && !!old.metadata.deletionTimestamp === !!ev.obj.metadata.deletionTimestamp;
}

/** An API error ends a sync (kube requeues it with back-off); it must not fail the user's command. */
export function endSyncOnApiError(controller: string, key: string, sync: () => void): void {
  try { sync(); } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    if (process.env.KCTL_DEBUG) process.stderr.write(`${controller} ${key}: ${e.message}\n`);
  }
}

/** The onTimer of a controller whose timers only requeue the key they carry. */
export const requeueOnTimer = (controller: string) => (_type: string, key: string, rt: Runtime): void => { rt.enqueueFor(controller, key); };
