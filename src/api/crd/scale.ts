// The scale subresource of a custom resource (apiextensions-apiserver pkg/registry/customresource: ScaleREST):
// spec and status replicas live where the CRD's specReplicasPath / statusReplicasPath say.
import type { KObject, ResourceInfo } from '../types';
import { StatusError } from '../errors';

function segs(path: string): string[] { return path.replace(/^\./, '').split('.'); }
function getAt(o: any, path: string): unknown { for (const s of segs(path)) o = o?.[s]; return o; }

/** The strategic-merge patch of a CR, refused as the API server refuses it. */
export const unsupportedPatch = () => new StatusError(415, 'UnsupportedMediaType',
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');

/** spec replicas of a CR with a scale subresource (nil counts as 0, as ScaleREST reads it). */
export function customReplicas(obj: KObject, ri: ResourceInfo): number {
  const v = getAt(obj, ri.custom!.scale!.specReplicasPath);
  return typeof v === 'number' ? v : 0;
}
/** Set spec replicas (in place). */
export function setCustomReplicas(obj: KObject, ri: ResourceInfo, n: number): void {
  const p = segs(ri.custom!.scale!.specReplicasPath);
  let o: any = obj;
  for (const s of p.slice(0, -1)) o = (o[s] ??= {});
  o[p[p.length - 1]!] = n;
}
/** The autoscaling/v1 Scale the subresource answers with. */
export function customScale(obj: KObject, ri: ResourceInfo): KObject {
  const sc = ri.custom!.scale!;
  const status = getAt(obj, sc.statusReplicasPath);
  const selector = sc.labelSelectorPath ? getAt(obj, sc.labelSelectorPath) : undefined;
  return {
    apiVersion: 'autoscaling/v1', kind: 'Scale',
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: customReplicas(obj, ri) },
    status: { replicas: typeof status === 'number' ? status : 0, ...(typeof selector === 'string' ? { selector } : {}) },
  } as KObject;
}
