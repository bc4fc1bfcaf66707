// Shapes shared by every layer. Objects are plain JSON as the API has them.
// The API's own types (one per OpenAPI definition, generated) are in ./k8s; `Typed<V1Pod, 'spec'>` (alias
// `Pod`) is a KObject whose known fields have those types: a Pod is still a KObject, and a KObject read
// from the store for a kind is narrowed where it is read (`rt.api.tryGet(podsRi, ns, name) as Pod`).
import type {
  V1ConfigMap, V1CustomResourceDefinition, V1DaemonSet, V1Deployment, V1Endpoints, V1Job, V1Namespace,
  V1Node, V1PersistentVolume, V1PersistentVolumeClaim, V1Pod, V1ReplicaSet, V1Secret, V1Service,
  V1ServiceAccount, V1StatefulSet,
} from './k8s';
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [k: string]: unknown;
}
export interface OwnerReference {
  apiVersion: string; kind: string; name: string; uid: string;
  controller?: boolean; blockOwnerDeletion?: boolean;
}
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [k: string]: any;
}
/**
 * A KObject whose fields named in T (an OpenAPI type of ./k8s) have T's types; other keys stay open and
 * metadata stays ObjectMeta. Without `R`, any KObject can be passed as one. `R` names the fields every
 * stored object of the kind has although the spec leaves them optional (a Pod's spec: validation requires
 * its containers); a KObject then needs `as`, at the place that knows the object was stored.
 */
export type Typed<T, R extends keyof T = never> = KObject & Omit<T, 'apiVersion' | 'kind' | 'metadata'> & { [K in R]-?: NonNullable<T[K]> };
export type Pod = Typed<V1Pod, 'spec'>;
export type Node = Typed<V1Node>;
export type Service = Typed<V1Service, 'spec'>;
export type Endpoints = Typed<V1Endpoints>;
export type Namespace = Typed<V1Namespace>;
export type ConfigMap = Typed<V1ConfigMap>;
export type Secret = Typed<V1Secret>;
export type ServiceAccount = Typed<V1ServiceAccount>;
export type PersistentVolume = Typed<V1PersistentVolume, 'spec'>;
export type PersistentVolumeClaim = Typed<V1PersistentVolumeClaim, 'spec'>;
export type Deployment = Typed<V1Deployment, 'spec'>;
export type ReplicaSet = Typed<V1ReplicaSet, 'spec'>;
export type StatefulSet = Typed<V1StatefulSet, 'spec'>;
export type DaemonSet = Typed<V1DaemonSet, 'spec'>;
export type Job = Typed<V1Job, 'spec'>;
export type CustomResourceDefinition = Typed<V1CustomResourceDefinition, 'spec'>;
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  definition: string;
  hasStatus: boolean;
  /** Set on resources served from a CustomResourceDefinition (src/api/crd/). */
  custom?: CustomInfo;
}
/** What discovery, printers and the registry need to know of a custom resource, without reading its CRD. */
export interface CustomInfo {
  /** The CRD's name (`<plural>.<group>`). */
  crd: string;
  /** The version objects are stored in. */
  storage: string;
  /** additionalPrinterColumns of this version (the default AGE column when the CRD names none). */
  columns: { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }[];
  /** The scale subresource, when enabled. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}
export const apiVersionOf = (r: { group: string; version: string }) => (r.group ? `${r.group}/${r.version}` : r.version);
/** `deployments.apps`, `pods`: how the server names a resource in messages. */
export const groupResource = (r: { group: string; plural: string }) => (r.group ? `${r.plural}.${r.group}` : r.plural);
/** `deployment.apps`, `pod`: how kubectl names a kind in `-o name` and success lines. */
export const kindGroup = (r: { group: string; kind: string }) => (r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase());
