// The PATCH verb as kube-apiserver's registry handles it: read the live object, apply the patch (strategic
// merge, JSON merge or JSON patch), and write it back through update — or through the status or scale
// subresource. Used by `kctl patch` (and the verbs that patch) and by `kctl serve` for HTTP PATCH requests.
import type { APIServer } from '../server';
import type { KObject, ResourceInfo } from '../types';
import { StatusError } from '../errors';
import { applyPatchText, PatchType } from './index';
import { PatchError } from './strategic';
import { unsupportedPatch, customScale, customReplicas, setCustomReplicas } from '../crd/scale';
import { clone, deepEqual } from '../../util/objects';

export interface PatchOptions {
  subresource?: string;
  /** dryRun=All: validated, not stored. */
  dryRun?: boolean;
  /** kubectl's client dry run: worked out locally, nothing sent (the CLI's case). */
  clientDryRun?: boolean;
  /** A last change to the patched object before it is written (kubectl --record). */
  mutate?: (next: KObject) => void;
}

/** A patch-library error as the API server reports it. */
export function serverPatchError(e: unknown, type: 'strategic' | 'merge' | 'json'): unknown {
  if (!(e instanceof PatchError)) return e;
  // a JSON patch that does not apply: a 422 with no message and no causes (kubectl: `The request is invalid`)
  if (type === 'json' && !e.badRequest) return new StatusError(422, 'Invalid', '');
  if (e.badRequest) return new StatusError(400, 'BadRequest', e.message);
  return new StatusError(500, 'InternalError', `Internal error occurred: ${e.message}`);
}

/** Kinds with a scale subresource (autoscaling/v1 Scale). */
export const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

/** The Scale subresource of a workload. */
export function scaleOf(obj: KObject, ri: ResourceInfo): KObject {
  const sel = obj.spec?.selector;
  let selector = '';
  if (sel && typeof sel === 'object') {
    const ml = (sel.matchLabels ?? (ri.plural === 'replicationcontrollers' ? sel : {})) as Record<string, string>;
    selector = Object.keys(ml).sort().map(k => `${k}=${ml[k]}`).join(',');
  }
  return {
    apiVersion: 'autoscaling/v1', kind: 'Scale',
    metadata: {
      name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, ...(selector ? { selector } : {}) },
  };
}

export function patchResource(api: APIServer, live: KObject, ri: ResourceInfo, type: PatchType, json: string, o: PatchOptions = {}): { obj: KObject; ri?: ResourceInfo; changed: boolean } {
  const sub = o.subresource;
  const dry = o.clientDryRun ? 'client' : o.dryRun ? 'server' : 'none';
  const ephemeral = sub === 'ephemeralcontainers' && ri.group === '' && ri.plural === 'pods';
  if (sub !== undefined && sub !== 'status' && sub !== 'scale' && !ephemeral) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  if (ri.custom && type === 'strategic') throw unsupportedPatch();
  if (sub === 'scale' && ri.custom) {
    if (!ri.custom.scale) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    const scale = customScale(live, ri);
    let next: KObject;
    try { next = applyPatchText(scale, type, json, { definition: 'io.k8s.api.autoscaling.v1.Scale' } as ResourceInfo) as KObject; }
    catch (e) { throw serverPatchError(e, type); }
    const replicas = next.spec?.replicas;
    if (replicas === customReplicas(live, ri)) return { obj: scale, changed: false };
    const updated = clone(live);
    setCustomReplicas(updated, ri, replicas);
    if (dry === 'client') return { obj: customScale(updated, ri), changed: true };
    const out = api.update(updated, { dryRun: dry === 'server', subresource: 'scale' });
    return { obj: customScale(out, ri), changed: true };
  }
  if (sub === 'scale') {
    const gr = ri.group ? `${ri.plural}.${ri.group}` : ri.plural;
    if (!SCALABLE.has(gr)) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    const scale = scaleOf(live, ri);
    let next: KObject;
    try { next = applyPatchText(scale, type, json, { definition: 'io.k8s.api.autoscaling.v1.Scale' } as ResourceInfo) as KObject; }
    catch (e) { throw serverPatchError(e, type); }
    const replicas = next.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new StatusError(422, 'Invalid', `Scale.autoscaling "${live.metadata.name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`,
        { name: live.metadata.name, group: 'autoscaling', kind: 'Scale', causes: [{ field: 'spec.replicas', message: `spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0` }] });
    }
    if (replicas === live.spec?.replicas) return { obj: scale, changed: false };
    const updated = clone(live);
    updated.spec.replicas = replicas;
    if (dry === 'client') return { obj: scaleOf(updated, ri), changed: true };
    const out = api.update(updated, { dryRun: dry === 'server', subresource: 'scale' });
    return { obj: scaleOf(out, ri), changed: true };
  }
  let next: KObject;
  try { next = applyPatchText(live, type, json, ri) as KObject; }
  catch (e) { throw serverPatchError(e, type); }
  if (sub === 'status') {
    if (!ri.hasStatus) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    if (deepEqual(next.status, live.status)) return { obj: live, ri, changed: false };
    if (dry === 'client') return { obj: next, ri, changed: true };
    const out = api.update(next, { subresource: 'status', dryRun: dry === 'server' });
    return { obj: out, ri, changed: !deepEqual(out, live) };
  }
  if (ephemeral) {
    // pods/ephemeralcontainers (kubectl debug): only spec.ephemeralContainers is taken from the patched pod
    if (dry === 'client') return { obj: next, ri, changed: !deepEqual(next, live) };
    const out = api.update(next, { subresource: 'ephemeralcontainers', dryRun: dry === 'server' });
    return { obj: out, ri, changed: !deepEqual(out, live) };
  }
  // name and namespace come from the URL: a patch that changes them is refused by the server
  if (next.metadata?.name !== live.metadata.name) {
    throw new StatusError(400, 'BadRequest', `the name of the object (${next.metadata?.name ?? ''}) does not match the name on the URL (${live.metadata.name})`);
  }
  if (o.mutate && !deepEqual(next, live)) o.mutate(next);
  if (dry === 'client') return { obj: next, ri, changed: !deepEqual(next, live) };
  if (!next.metadata.resourceVersion) next.metadata.resourceVersion = live.metadata.resourceVersion;
  const out = api.update(next, { dryRun: dry === 'server' });
  return { obj: out, ri, changed: !deepEqual(out, live) };
}
