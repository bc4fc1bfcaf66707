// Shapes shared by every layer. Objects are plain JSON as the API has them.
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
