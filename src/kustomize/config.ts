// kustomize's transformer configuration (api/internal/plugins/builtinconfig): which fields each builtin
// transformer touches, per kind. DEFAULTS is kustomize's built-in table (internal/konfig/builtinpluginconsts),
// one line per field spec: `path|create|group|version|kind`; `@group|version|kind` opens a name-reference
// target whose referrer field specs follow. A kustomization's `configurations:` files merge into it.
import { Gvk, gvkSelected, gvkLess, gvkEquals } from './resid';
import { KError } from './errors';

export interface FieldSpec { gvk: Partial<Gvk>; path: string; create: boolean }
export interface NameBackRef { gvk: Partial<Gvk>; fieldSpecs: FieldSpec[] }
export interface TransformerConfig {
  namePrefix: FieldSpec[]; nameSuffix: FieldSpec[]; namespace: FieldSpec[]; commonLabels: FieldSpec[]; labels: FieldSpec[];
  templateLabels: FieldSpec[]; commonAnnotations: FieldSpec[]; nameReference: NameBackRef[]; varReference: FieldSpec[];
  images: FieldSpec[]; replicas: FieldSpec[];
}
export const FS_KEYS = ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'templateLabels', 'commonAnnotations', 'varReference', 'images', 'replicas'] as const;

const DEFAULTS = String.raw`
namePrefix:
metadata/name||||
nameSuffix:
metadata/name||||
commonLabels:
spec/selector|1||v1|Service
spec/selector|1||v1|ReplicationController
spec/selector/matchLabels|1|||Deployment
spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels||apps||Deployment
spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels||apps||Deployment
spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels||apps||Deployment
spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels||apps||Deployment
spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels||apps||Deployment
spec/selector/matchLabels|1|||ReplicaSet
spec/selector/matchLabels|1|||DaemonSet
spec/selector/matchLabels|1|apps||StatefulSet
spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels||apps||StatefulSet
spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels||apps||StatefulSet
spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels||apps||StatefulSet
spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels||apps||StatefulSet
spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels||apps||StatefulSet
spec/selector/matchLabels||batch||Job
spec/jobTemplate/spec/selector/matchLabels||batch||CronJob
spec/selector/matchLabels||policy||PodDisruptionBudget
spec/podSelector/matchLabels||networking.k8s.io||NetworkPolicy
spec/ingress/from/podSelector/matchLabels||networking.k8s.io||NetworkPolicy
spec/egress/to/podSelector/matchLabels||networking.k8s.io||NetworkPolicy
metadata/labels|1|||
spec/template/metadata/labels|1||v1|ReplicationController
spec/template/metadata/labels|1|||Deployment
spec/template/metadata/labels|1|||ReplicaSet
spec/template/metadata/labels|1|||DaemonSet
spec/template/metadata/labels|1|apps||StatefulSet
spec/volumeClaimTemplates[]/metadata/labels|1|apps||StatefulSet
spec/template/metadata/labels|1|batch||Job
spec/jobTemplate/metadata/labels|1|batch||CronJob
spec/jobTemplate/spec/template/metadata/labels|1|batch||CronJob
templateLabels:
metadata/labels|1|||
spec/template/metadata/labels|1||v1|ReplicationController
spec/template/metadata/labels|1|||Deployment
spec/template/metadata/labels|1|||ReplicaSet
spec/template/metadata/labels|1|||DaemonSet
spec/template/metadata/labels|1|apps||StatefulSet
spec/volumeClaimTemplates[]/metadata/labels|1|apps||StatefulSet
spec/template/metadata/labels|1|batch||Job
spec/jobTemplate/metadata/labels|1|batch||CronJob
spec/jobTemplate/spec/template/metadata/labels|1|batch||CronJob
commonAnnotations:
metadata/annotations|1|||
spec/template/metadata/annotations|1||v1|ReplicationController
spec/template/metadata/annotations|1|||Deployment
spec/template/metadata/annotations|1|||ReplicaSet
spec/template/metadata/annotations|1|||DaemonSet
spec/template/metadata/annotations|1|||StatefulSet
spec/template/metadata/annotations|1|batch||Job
spec/jobTemplate/metadata/annotations|1|batch||CronJob
spec/jobTemplate/spec/template/metadata/annotations|1|batch||CronJob
namespace:
metadata/name|1|||Namespace
spec/service/namespace|1|apiregistration.k8s.io||APIService
spec/conversion/webhook/clientConfig/service/namespace||apiextensions.k8s.io||CustomResourceDefinition
varReference:
spec/jobTemplate/spec/template/spec/containers/args||||CronJob
spec/jobTemplate/spec/template/spec/containers/command||||CronJob
spec/jobTemplate/spec/template/spec/containers/env/value||||CronJob
spec/jobTemplate/spec/template/spec/containers/volumeMounts/mountPath||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/args||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/command||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/env/value||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/volumeMounts/mountPath||||CronJob
spec/jobTemplate/spec/template/volumes/nfs/server||||CronJob
spec/template/spec/containers/args||||DaemonSet
spec/template/spec/containers/command||||DaemonSet
spec/template/spec/containers/env/value||||DaemonSet
spec/template/spec/containers/volumeMounts/mountPath||||DaemonSet
spec/template/spec/initContainers/args||||DaemonSet
spec/template/spec/initContainers/command||||DaemonSet
spec/template/spec/initContainers/env/value||||DaemonSet
spec/template/spec/initContainers/volumeMounts/mountPath||||DaemonSet
spec/template/spec/volumes/nfs/server||||DaemonSet
spec/template/spec/containers/args||||Deployment
spec/template/spec/containers/command||||Deployment
spec/template/spec/containers/env/value||||Deployment
spec/template/spec/containers/volumeMounts/mountPath||||Deployment
spec/template/spec/initContainers/args||||Deployment
spec/template/spec/initContainers/command||||Deployment
spec/template/spec/initContainers/env/value||||Deployment
spec/template/spec/initContainers/volumeMounts/mountPath||||Deployment
spec/template/spec/volumes/nfs/server||||Deployment
spec/template/metadata/annotations||||Deployment
spec/rules/host||||Ingress
spec/tls/hosts||||Ingress
spec/tls/secretName||||Ingress
spec/template/spec/containers/args||||Job
spec/template/spec/containers/command||||Job
spec/template/spec/containers/env/value||||Job
spec/template/spec/containers/volumeMounts/mountPath||||Job
spec/template/spec/initContainers/args||||Job
spec/template/spec/initContainers/command||||Job
spec/template/spec/initContainers/env/value||||Job
spec/template/spec/initContainers/volumeMounts/mountPath||||Job
spec/template/spec/volumes/nfs/server||||Job
spec/containers/args||||Pod
spec/containers/command||||Pod
spec/containers/env/value||||Pod
spec/containers/volumeMounts/mountPath||||Pod
spec/initContainers/args||||Pod
spec/initContainers/command||||Pod
spec/initContainers/env/value||||Pod
spec/initContainers/volumeMounts/mountPath||||Pod
spec/volumes/nfs/server||||Pod
spec/template/spec/containers/args||||ReplicaSet
spec/template/spec/containers/command||||ReplicaSet
spec/template/spec/containers/env/value||||ReplicaSet
spec/template/spec/containers/volumeMounts/mountPath||||ReplicaSet
spec/template/spec/initContainers/args||||ReplicaSet
spec/template/spec/initContainers/command||||ReplicaSet
spec/template/spec/initContainers/env/value||||ReplicaSet
spec/template/spec/initContainers/volumeMounts/mountPath||||ReplicaSet
spec/template/spec/volumes/nfs/server||||ReplicaSet
spec/ports/port||||Service
spec/ports/targetPort||||Service
spec/template/spec/containers/args||||StatefulSet
spec/template/spec/containers/command||||StatefulSet
spec/template/spec/containers/env/value||||StatefulSet
spec/template/spec/containers/volumeMounts/mountPath||||StatefulSet
spec/template/spec/initContainers/args||||StatefulSet
spec/template/spec/initContainers/command||||StatefulSet
spec/template/spec/initContainers/env/value||||StatefulSet
spec/template/spec/initContainers/volumeMounts/mountPath||||StatefulSet
spec/volumeClaimTemplates/spec/nfs/server||||StatefulSet
spec/nfs/server||||PersistentVolume
metadata/labels||||
metadata/annotations||||
nameReference:
@||Deployment
spec/scaleTargetRef/name||||HorizontalPodAutoscaler
@||ReplicationController
spec/scaleTargetRef/name||||HorizontalPodAutoscaler
@||ReplicaSet
spec/scaleTargetRef/name||||HorizontalPodAutoscaler
@||StatefulSet
spec/scaleTargetRef/name||||HorizontalPodAutoscaler
@|v1|ConfigMap
spec/volumes/configMap/name|||v1|Pod
spec/containers/env/valueFrom/configMapKeyRef/name|||v1|Pod
spec/initContainers/env/valueFrom/configMapKeyRef/name|||v1|Pod
spec/containers/envFrom/configMapRef/name|||v1|Pod
spec/initContainers/envFrom/configMapRef/name|||v1|Pod
spec/volumes/projected/sources/configMap/name|||v1|Pod
template/spec/volumes/configMap/name||||PodTemplate
template/spec/containers/env/valueFrom/configMapKeyRef/name||||PodTemplate
template/spec/initContainers/env/valueFrom/configMapKeyRef/name||||PodTemplate
template/spec/containers/envFrom/configMapRef/name||||PodTemplate
template/spec/initContainers/envFrom/configMapRef/name||||PodTemplate
template/spec/volumes/projected/sources/configMap/name||||PodTemplate
spec/template/spec/volumes/configMap/name||||Deployment
spec/template/spec/containers/env/valueFrom/configMapKeyRef/name||||Deployment
spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name||||Deployment
spec/template/spec/containers/envFrom/configMapRef/name||||Deployment
spec/template/spec/initContainers/envFrom/configMapRef/name||||Deployment
spec/template/spec/volumes/projected/sources/configMap/name||||Deployment
spec/template/spec/volumes/configMap/name||||ReplicaSet
spec/template/spec/containers/env/valueFrom/configMapKeyRef/name||||ReplicaSet
spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name||||ReplicaSet
spec/template/spec/containers/envFrom/configMapRef/name||||ReplicaSet
spec/template/spec/initContainers/envFrom/configMapRef/name||||ReplicaSet
spec/template/spec/volumes/projected/sources/configMap/name||||ReplicaSet
spec/template/spec/volumes/configMap/name||||DaemonSet
spec/template/spec/containers/env/valueFrom/configMapKeyRef/name||||DaemonSet
spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name||||DaemonSet
spec/template/spec/containers/envFrom/configMapRef/name||||DaemonSet
spec/template/spec/initContainers/envFrom/configMapRef/name||||DaemonSet
spec/template/spec/volumes/projected/sources/configMap/name||||DaemonSet
spec/template/spec/volumes/configMap/name||||StatefulSet
spec/template/spec/containers/env/valueFrom/configMapKeyRef/name||||StatefulSet
spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name||||StatefulSet
spec/template/spec/containers/envFrom/configMapRef/name||||StatefulSet
spec/template/spec/initContainers/envFrom/configMapRef/name||||StatefulSet
spec/template/spec/volumes/projected/sources/configMap/name||||StatefulSet
spec/template/spec/volumes/configMap/name||||Job
spec/template/spec/containers/env/valueFrom/configMapKeyRef/name||||Job
spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name||||Job
spec/template/spec/containers/envFrom/configMapRef/name||||Job
spec/template/spec/initContainers/envFrom/configMapRef/name||||Job
spec/template/spec/volumes/projected/sources/configMap/name||||Job
spec/jobTemplate/spec/template/spec/volumes/configMap/name||||CronJob
spec/jobTemplate/spec/template/spec/volumes/projected/sources/configMap/name||||CronJob
spec/jobTemplate/spec/template/spec/containers/env/valueFrom/configMapKeyRef/name||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name||||CronJob
spec/jobTemplate/spec/template/spec/containers/envFrom/configMapRef/name||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/envFrom/configMapRef/name||||CronJob
spec/configSource/configMap||||Node
rules/resourceNames||||Role
rules/resourceNames||||ClusterRole
metadata/annotations/nginx.ingress.kubernetes.io\/fastcgi-params-configmap||||Ingress
@|v1|Secret
spec/volumes/secret/secretName|||v1|Pod
spec/containers/env/valueFrom/secretKeyRef/name|||v1|Pod
spec/initContainers/env/valueFrom/secretKeyRef/name|||v1|Pod
spec/containers/envFrom/secretRef/name|||v1|Pod
spec/initContainers/envFrom/secretRef/name|||v1|Pod
spec/imagePullSecrets/name|||v1|Pod
spec/volumes/projected/sources/secret/name|||v1|Pod
template/spec/volumes/secret/secretName||||PodTemplate
template/spec/containers/env/valueFrom/secretKeyRef/name||||PodTemplate
template/spec/initContainers/env/valueFrom/secretKeyRef/name||||PodTemplate
template/spec/containers/envFrom/secretRef/name||||PodTemplate
template/spec/initContainers/envFrom/secretRef/name||||PodTemplate
template/spec/imagePullSecrets/name||||PodTemplate
template/spec/volumes/projected/sources/secret/name||||PodTemplate
spec/template/spec/volumes/secret/secretName||||Deployment
spec/template/spec/containers/env/valueFrom/secretKeyRef/name||||Deployment
spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name||||Deployment
spec/template/spec/containers/envFrom/secretRef/name||||Deployment
spec/template/spec/initContainers/envFrom/secretRef/name||||Deployment
spec/template/spec/imagePullSecrets/name||||Deployment
spec/template/spec/volumes/projected/sources/secret/name||||Deployment
spec/template/spec/volumes/secret/secretName||||ReplicaSet
spec/template/spec/containers/env/valueFrom/secretKeyRef/name||||ReplicaSet
spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name||||ReplicaSet
spec/template/spec/containers/envFrom/secretRef/name||||ReplicaSet
spec/template/spec/initContainers/envFrom/secretRef/name||||ReplicaSet
spec/template/spec/imagePullSecrets/name||||ReplicaSet
spec/template/spec/volumes/projected/sources/secret/name||||ReplicaSet
spec/template/spec/volumes/secret/secretName||||DaemonSet
spec/template/spec/containers/env/valueFrom/secretKeyRef/name||||DaemonSet
spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name||||DaemonSet
spec/template/spec/containers/envFrom/secretRef/name||||DaemonSet
spec/template/spec/initContainers/envFrom/secretRef/name||||DaemonSet
spec/template/spec/imagePullSecrets/name||||DaemonSet
spec/template/spec/volumes/projected/sources/secret/name||||DaemonSet
spec/template/spec/volumes/secret/secretName||||StatefulSet
spec/template/spec/containers/env/valueFrom/secretKeyRef/name||||StatefulSet
spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name||||StatefulSet
spec/template/spec/containers/envFrom/secretRef/name||||StatefulSet
spec/template/spec/initContainers/envFrom/secretRef/name||||StatefulSet
spec/template/spec/imagePullSecrets/name||||StatefulSet
spec/template/spec/volumes/projected/sources/secret/name||||StatefulSet
spec/template/spec/volumes/secret/secretName||||Job
spec/template/spec/containers/env/valueFrom/secretKeyRef/name||||Job
spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name||||Job
spec/template/spec/containers/envFrom/secretRef/name||||Job
spec/template/spec/initContainers/envFrom/secretRef/name||||Job
spec/template/spec/imagePullSecrets/name||||Job
spec/template/spec/volumes/projected/sources/secret/name||||Job
spec/jobTemplate/spec/template/spec/volumes/secret/secretName||||CronJob
spec/jobTemplate/spec/template/spec/volumes/projected/sources/secret/name||||CronJob
spec/jobTemplate/spec/template/spec/containers/env/valueFrom/secretKeyRef/name||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name||||CronJob
spec/jobTemplate/spec/template/spec/containers/envFrom/secretRef/name||||CronJob
spec/jobTemplate/spec/template/spec/initContainers/envFrom/secretRef/name||||CronJob
spec/jobTemplate/spec/template/spec/imagePullSecrets/name||||CronJob
spec/tls/secretName||||Ingress
metadata/annotations/ingress.kubernetes.io\/auth-secret||||Ingress
metadata/annotations/nginx.ingress.kubernetes.io\/auth-secret||||Ingress
metadata/annotations/nginx.ingress.kubernetes.io\/auth-tls-secret||||Ingress
spec/tls/secretName||||Ingress
imagePullSecrets/name||||ServiceAccount
parameters/secretName||||StorageClass
parameters/adminSecretName||||StorageClass
parameters/userSecretName||||StorageClass
parameters/secretRef||||StorageClass
rules/resourceNames||||Role
rules/resourceNames||||ClusterRole
spec/template/spec/containers/env/valueFrom/secretKeyRef/name||serving.knative.dev|v1|Service
spec/azureFile/secretName||||PersistentVolume
@|v1|Service
spec/serviceName||apps||StatefulSet
spec/rules/http/paths/backend/serviceName||||Ingress
spec/backend/serviceName||||Ingress
spec/rules/http/paths/backend/service/name||||Ingress
spec/defaultBackend/service/name||||Ingress
spec/service/name||apiregistration.k8s.io||APIService
webhooks/clientConfig/service||admissionregistration.k8s.io||ValidatingWebhookConfiguration
webhooks/clientConfig/service||admissionregistration.k8s.io||MutatingWebhookConfiguration
@rbac.authorization.k8s.io||Role
roleRef/name||rbac.authorization.k8s.io||RoleBinding
@rbac.authorization.k8s.io||ClusterRole
roleRef/name||rbac.authorization.k8s.io||RoleBinding
roleRef/name||rbac.authorization.k8s.io||ClusterRoleBinding
@|v1|ServiceAccount
subjects||rbac.authorization.k8s.io||RoleBinding
subjects||rbac.authorization.k8s.io||ClusterRoleBinding
spec/serviceAccountName||||Pod
spec/template/spec/serviceAccountName||||StatefulSet
spec/template/spec/serviceAccountName||||Deployment
spec/template/spec/serviceAccountName||||ReplicationController
spec/jobTemplate/spec/template/spec/serviceAccountName||||CronJob
spec/template/spec/serviceAccountName||||Job
spec/template/spec/serviceAccountName||||DaemonSet
@|v1|PersistentVolumeClaim
spec/volumes/persistentVolumeClaim/claimName||||Pod
spec/template/spec/volumes/persistentVolumeClaim/claimName||||StatefulSet
spec/template/spec/volumes/persistentVolumeClaim/claimName||||Deployment
spec/template/spec/volumes/persistentVolumeClaim/claimName||||ReplicationController
spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName||||CronJob
spec/template/spec/volumes/persistentVolumeClaim/claimName||||Job
spec/template/spec/volumes/persistentVolumeClaim/claimName||||DaemonSet
@|v1|PersistentVolume
spec/volumeName||||PersistentVolumeClaim
rules/resourceNames||||ClusterRole
@storage.k8s.io|v1|StorageClass
spec/storageClassName||||PersistentVolume
spec/storageClassName||||PersistentVolumeClaim
spec/volumeClaimTemplates/spec/storageClassName||||StatefulSet
@scheduling.k8s.io|v1|PriorityClass
spec/priorityClassName||||Pod
spec/template/spec/priorityClassName||||StatefulSet
spec/template/spec/priorityClassName||||Deployment
spec/template/spec/priorityClassName||||ReplicationController
spec/jobTemplate/spec/template/spec/priorityClassName||||CronJob
spec/template/spec/priorityClassName||||Job
spec/template/spec/priorityClassName||||DaemonSet
@networking.k8s.io/v1|v1|IngressClass
spec/ingressClassName||||Ingress
@admissionregistration.k8s.io||ValidatingAdmissionPolicy
spec/policyName||admissionregistration.k8s.io||ValidatingAdmissionPolicyBinding
images:
spec/containers[]/image|1|||
spec/initContainers[]/image|1|||
spec/template/spec/containers[]/image|1|||
spec/template/spec/initContainers[]/image|1|||
replicas:
spec/replicas|1|||Deployment
spec/replicas|1|||ReplicationController
spec/replicas|1|||ReplicaSet
spec/replicas|1|||StatefulSet
`;

const fsGvk = (g: string, v: string, k: string): Partial<Gvk> => ({ group: g, version: v, kind: k });
export function emptyConfig(): TransformerConfig {
  return { namePrefix: [], nameSuffix: [], namespace: [], commonLabels: [], labels: [], templateLabels: [], commonAnnotations: [], nameReference: [], varReference: [], images: [], replicas: [] };
}
let defaults: TransformerConfig | undefined;
function parseDefaults(): TransformerConfig {
  const c = emptyConfig();
  let cur = '';
  let br: NameBackRef | undefined;
  for (const line of DEFAULTS.split('\n')) {
    if (!line) continue;
    if (line.endsWith(':') && !line.includes('|')) { cur = line.slice(0, -1); continue; }
    if (line.startsWith('@')) {
      const [g, v, k] = line.slice(1).split('|');
      br = { gvk: fsGvk(g!, v!, k!), fieldSpecs: [] };
      c.nameReference.push(br);
      continue;
    }
    const [path, create, g, v, k] = line.split('|');
    const fs: FieldSpec = { gvk: fsGvk(g!, v!, k!), path: path!, create: create === '1' };
    if (cur === 'nameReference') br!.fieldSpecs.push(fs);
    else (c as any)[cur].push(fs);
  }
  sortConfig(c);
  return c;
}
/** MakeDefaultConfig: a fresh copy of the built-in table. */
export function defaultConfig(): TransformerConfig {
  defaults ??= parseDefaults();
  return copyConfig(defaults);
}
export function copyConfig(c: TransformerConfig): TransformerConfig {
  const out = emptyConfig();
  for (const k of FS_KEYS) out[k] = c[k].map(f => ({ ...f, gvk: { ...f.gvk } }));
  out.nameReference = c.nameReference.map(b => ({ gvk: { ...b.gvk }, fieldSpecs: b.fieldSpecs.map(f => ({ ...f, gvk: { ...f.gvk } })) }));
  return out;
}
const asGvk = (g: Partial<Gvk>): Gvk => ({ group: g.group ?? '', version: g.version ?? '', kind: g.kind ?? '' });
function stableSort<T>(a: T[], less: (x: T, y: T) => boolean): void {
  const idx = a.map((x, i) => [x, i] as const);
  idx.sort(([x, i], [y, j]) => (less(x, y) ? -1 : less(y, x) ? 1 : i - j));
  idx.forEach(([x], i) => { a[i] = x; });
}
function sortConfig(c: TransformerConfig): void {
  for (const k of FS_KEYS) stableSort(c[k], (x, y) => gvkLess(asGvk(x.gvk), asGvk(y.gvk)));
  stableSort(c.nameReference, (x, y) => gvkLess(asGvk(x.gvk), asGvk(y.gvk)));
}
/** FsSlice.MergeOne: add a field spec unless an effectively equal one is there (same path, selected gvk). */
export function mergeOne(s: FieldSpec[], x: FieldSpec): FieldSpec[] {
  const i = s.findIndex(f => gvkSelected(asGvk(f.gvk), x.gvk) && f.path === x.path);
  if (i > -1) {
    if (s[i]!.create !== x.create) throw new KError('conflicting fieldspecs');
    return s;
  }
  return [...s, x];
}
export function mergeAll(s: FieldSpec[], xs: FieldSpec[]): FieldSpec[] {
  let r = s;
  for (const x of xs) r = mergeOne(r, x);
  return r;
}
const PREFIXES: Record<string, string> = {
  namePrefix: 'NamePrefix', nameSuffix: 'NameSuffix', namespace: 'NameSpace', commonAnnotations: 'CommonAnnotations', commonLabels: 'CommonLabels',
  labels: 'Labels', templateLabels: 'TemplateLabels', varReference: 'VarReference', images: 'Images', replicas: 'Replicas',
};
export function mergeConfig(t: TransformerConfig, input: TransformerConfig | undefined): TransformerConfig {
  if (!input) return t;
  const m = emptyConfig();
  for (const k of ['namePrefix', 'nameSuffix', 'namespace', 'commonAnnotations', 'commonLabels', 'labels', 'templateLabels', 'varReference'] as const) {
    try { m[k] = mergeAll(t[k], input[k]); } catch (e) { throw new KError(`failed to merge ${PREFIXES[k]} fieldSpec: ${(e as Error).message}`); }
  }
  let refs = t.nameReference;
  for (const b of input.nameReference) {
    const out: NameBackRef[] = [];
    let found = false;
    for (const c of refs) {
      if (gvkEquals(asGvk(c.gvk), asGvk(b.gvk))) {
        try { out.push({ gvk: c.gvk, fieldSpecs: mergeAll(c.fieldSpecs, b.fieldSpecs) }); } catch (e) { throw new KError(`failed to merge NameReference fieldSpec: ${(e as Error).message}`); }
        found = true;
      } else out.push(c);
    }
    if (!found) out.push(b);
    refs = out;
  }
  m.nameReference = refs;
  for (const k of ['images', 'replicas'] as const) {
    try { m[k] = mergeAll(t[k], input[k]); } catch (e) { throw new KError(`failed to merge ${PREFIXES[k]} fieldSpec: ${(e as Error).message}`); }
  }
  sortConfig(m);
  return m;
}

/** A field spec as written in a kustomization or a configurations file (group, version, kind, path, create). */
export function fieldSpecFrom(v: any): FieldSpec {
  return { gvk: { group: str(v?.group), version: str(v?.version), kind: str(v?.kind) }, path: str(v?.path), create: v?.create === true };
}
const str = (x: unknown) => (typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x));

/** A configurations file (UnmarshalStrict into TransformerConfig). */
export function configFromJS(v: any): TransformerConfig {
  const c = emptyConfig();
  if (!v || typeof v !== 'object') return c;
  const known = new Set([...FS_KEYS, 'nameReference']);
  for (const k of Object.keys(v)) if (!known.has(k as any)) throw new KError(`error unmarshaling JSON: while decoding JSON: json: unknown field "${k}"`);
  for (const k of FS_KEYS) if (Array.isArray(v[k])) c[k] = v[k].map(fieldSpecFrom);
  if (Array.isArray(v.nameReference)) c.nameReference = v.nameReference.map((b: any) => ({ gvk: { group: str(b?.group), version: str(b?.version), kind: str(b?.kind) }, fieldSpecs: Array.isArray(b?.fieldSpecs) ? b.fieldSpecs.map(fieldSpecFrom) : [] }));
  sortConfig(c);
  return c;
}
