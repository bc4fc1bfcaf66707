// Resource identities as kyaml's resid package has them: Gvk (group, version, kind), ResId (Gvk, name,
// namespace), their string forms in messages ("ConfigMap.v1.[noGrp]/cfg.[noNs]"), selection, and which
// kinds are certainly cluster-scoped (kyaml's precomputed table for its built-in v1.21 schema).
export interface Gvk { group: string; version: string; kind: string; clusterScoped?: boolean }
export interface ResId { gvk: Gvk; name: string; namespace: string }

const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1 CustomResourceDefinition', 'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
  'apiregistration.k8s.io/v1 APIService', 'apiregistration.k8s.io/v1beta1 APIService',
  'certificates.k8s.io/v1 CertificateSigningRequest', 'certificates.k8s.io/v1beta1 CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'networking.k8s.io/v1 IngressClass', 'networking.k8s.io/v1beta1 IngressClass', 'node.k8s.io/v1 RuntimeClass',
  'node.k8s.io/v1beta1 RuntimeClass', 'policy/v1beta1 PodSecurityPolicy', 'rbac.authorization.k8s.io/v1 ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding', 'rbac.authorization.k8s.io/v1beta1 ClusterRole',
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding', 'scheduling.k8s.io/v1 PriorityClass', 'scheduling.k8s.io/v1beta1 PriorityClass',
  'storage.k8s.io/v1 CSIDriver', 'storage.k8s.io/v1 CSINode', 'storage.k8s.io/v1 StorageClass', 'storage.k8s.io/v1 VolumeAttachment',
  'storage.k8s.io/v1beta1 CSIDriver', 'storage.k8s.io/v1beta1 CSINode', 'storage.k8s.io/v1beta1 StorageClass',
  'storage.k8s.io/v1beta1 VolumeAttachment', 'v1 ComponentStatus', 'v1 Namespace', 'v1 Node', 'v1 NodeProxyOptions', 'v1 PersistentVolume',
]);

export function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i > -1 ? { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) } : { group: '', version: apiVersion };
}
export const apiVersionOf = (g: Gvk) => (g.group ? `${g.group}/${g.version}` : g.version);
/** resid.NewGvk: knows whether the kind is cluster-scoped. */
export function newGvk(group: string, version: string, kind: string): Gvk {
  return { group, version, kind, clusterScoped: CLUSTER_SCOPED.has(`${group ? `${group}/${version}` : version} ${kind}`) };
}
/** A Gvk built as a plain struct (kyaml does this for previous ids and selectors): never cluster-scoped. */
export const plainGvk = (group: string, version: string, kind: string): Gvk => ({ group, version, kind, clusterScoped: false });

export function gvkString(g: Gvk): string {
  return [g.kind || '[noKind]', g.version || '[noVer]', g.group || '[noGrp]'].join('.');
}
export function resIdString(id: ResId): string {
  return `${gvkString(id.gvk)}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}
export const gvkEquals = (a: Gvk, b: Gvk) => a.group === b.group && a.version === b.version && a.kind === b.kind;
/** Gvk.IsSelected: every non-empty part of the selector matches. */
export function gvkSelected(g: Gvk, sel: Partial<Gvk> | undefined): boolean {
  if (!sel) return true;
  if (sel.group && g.group !== sel.group) return false;
  if (sel.version && g.version !== sel.version) return false;
  if (sel.kind && g.kind !== sel.kind) return false;
  return true;
}
export function effectiveNamespace(id: ResId): string {
  if (id.gvk.clusterScoped) return '_non_namespaceable_';
  if (id.namespace === '' || id.namespace === 'default') return 'default';
  return id.namespace;
}
export const isNsEquals = (a: ResId, b: ResId) => effectiveNamespace(a) === effectiveNamespace(b);
export const idEquals = (a: ResId, b: ResId) => isNsEquals(a, b) && a.name === b.name && gvkEquals(a.gvk, b.gvk);
/** ResId.IsSelectedBy */
export function idSelectedBy(id: ResId, sel: ResId): boolean {
  return (sel.name === '' || sel.name === id.name) && (sel.namespace === '' || isNsEquals(sel, id)) && gvkSelected(id.gvk, sel.gvk);
}
export const isClusterScoped = (id: ResId) => !!id.gvk.clusterScoped;

const ORDER_FIRST = ['Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role',
  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget'];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
export const LEGACY_ORDER = { first: ORDER_FIRST, last: ORDER_LAST };
export function typeOrders(first: string[], last: string[]): Map<string, number> {
  const m = new Map<string, number>();
  first.forEach((n, i) => m.set(n, -first.length + i));
  last.forEach((n, i) => m.set(n, 1 + i));
  return m;
}
const DEFAULT_ORDERS = typeOrders(ORDER_FIRST, ORDER_LAST);
const stableSortString = (g: Gvk) => [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
/** Gvk.IsLessThan (used to sort field specs). */
export function gvkLess(a: Gvk, b: Gvk): boolean {
  const i = DEFAULT_ORDERS.get(a.kind) ?? 0, j = DEFAULT_ORDERS.get(b.kind) ?? 0;
  if (i !== j) return i < j;
  return stableSortString(a) < stableSortString(b);
}
