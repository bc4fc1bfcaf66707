// Typed objects as client-go's encoders print them: struct fields in Go declaration order (the order the
// generators build them in), Go maps (labels, data, ...) with their keys sorted. `-o json` is
// json.MarshalIndent with 4 spaces; the last-applied annotation is the compact form plus "\n".
// `-o yaml` is sorted anyway (sigs.k8s.io/yaml goes through a map), so it uses the shared goYAML printer.
import { goJSON } from '../printers/json';

const MAPS = new WeakSet<object>();

/** Mark an object as a Go map: its keys print sorted (bytewise), whatever their insertion order. */
export function gomap<T extends object>(o: T): T {
  MAPS.add(o);
  return o;
}
export const isGoMap = (o: object) => MAPS.has(o);

/** A map[string]string built from entries in any order. */
export function strMap(entries: [string, string][] | Record<string, string>): Record<string, string> {
  const e = Array.isArray(entries) ? entries : Object.entries(entries);
  const o: Record<string, string> = {};
  for (const [k, v] of e) o[k] = v;
  return gomap(o);
}

const byteCmp = (a: string, b: string) => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return Buffer.compare(x, y);
};

function keysOf(o: Record<string, unknown>): string[] {
  const ks = Object.keys(o).filter(k => o[k] !== undefined);
  return MAPS.has(o) ? ks.sort(byteCmp) : ks;
}

/** json.MarshalIndent(obj, "", "    ") of a typed object (no trailing newline). */
export function typedJSON(v: unknown, indent = '    '): string {
  return goJSON(v, indent, keysOf);
}
/** json.Marshal of a typed object. */
export const typedCompact = (v: unknown) => typedJSON(v, '');

// ---------------------------------------------------------------------------------------------------
// Go struct field orders for the types generators (and `run --overrides`) produce, so an object that
// went through a JSON merge can be put back in the order client-go would print it.
const ORDER: Record<string, string[]> = {
  ObjectMeta: ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
    'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'],
  Pod: ['kind', 'apiVersion', 'metadata', 'spec', 'status'],
  PodSpec: ['volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds',
    'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken',
    'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname',
    'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig',
    'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints',
    'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources'],
  Container: ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy',
    'restartPolicy', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle',
    'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'],
  ContainerPort: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  EnvVar: ['name', 'value', 'valueFrom'],
  ResourceRequirements: ['limits', 'requests', 'claims'],
  VolumeMount: ['name', 'readOnly', 'recursiveReadOnly', 'mountPath', 'subPath', 'mountPropagation', 'subPathExpr'],
  Toleration: ['key', 'operator', 'value', 'effect', 'tolerationSeconds'],
  PodTemplateSpec: ['metadata', 'spec'],
  JobSpec: ['parallelism', 'completions', 'activeDeadlineSeconds', 'podFailurePolicy', 'successPolicy', 'backoffLimit',
    'backoffLimitPerIndex', 'maxFailedIndexes', 'selector', 'manualSelector', 'template', 'ttlSecondsAfterFinished',
    'completionMode', 'suspend', 'podReplacementPolicy', 'managedBy'],
};
/** Which fields hold maps (sorted) and which hold nested typed structs, per type. */
const CHILD: Record<string, Record<string, string>> = {
  Pod: { metadata: 'ObjectMeta', spec: 'PodSpec' },
  PodSpec: { containers: '[]Container', initContainers: '[]Container', nodeSelector: 'map', tolerations: '[]Toleration' },
  Container: { ports: '[]ContainerPort', env: '[]EnvVar', resources: 'ResourceRequirements', volumeMounts: '[]VolumeMount' },
  ObjectMeta: { labels: 'map', annotations: 'map' },
  ResourceRequirements: { limits: 'map', requests: 'map' },
  PodTemplateSpec: { metadata: 'ObjectMeta', spec: 'PodSpec' },
  JobSpec: { template: 'PodTemplateSpec' },
};

/** Fields that are not omitempty (structs, or tagged without omitempty): decoding into the Go type brings them back. */
const NOT_OMITTED: Record<string, Record<string, unknown>> = {
  Pod: { metadata: {}, spec: {}, status: {} },
  ObjectMeta: { creationTimestamp: null },
  PodSpec: { containers: null },
  Container: { name: '', resources: {} },
  PodTemplateSpec: { metadata: {}, spec: {} },
  JobSpec: { template: {} },
  ContainerPort: { containerPort: 0 },
  EnvVar: { name: '' },
};

/** Put a plain JSON object of a known type back into Go field order (unknown fields follow, sorted). */
export function reorder(v: any, type: string): any {
  if (type.startsWith('[]')) return Array.isArray(v) ? v.map(x => reorder(x, type.slice(2))) : v;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  if (type === 'map') return gomap({ ...v });
  const order = ORDER[type];
  if (!order) return v;
  const out: Record<string, unknown> = {};
  const kids = CHILD[type] ?? {};
  const defaults = NOT_OMITTED[type] ?? {};
  for (const k of order) {
    const val = k in v ? v[k] : k in defaults ? JSON.parse(JSON.stringify(defaults[k])) : undefined;
    if (val === undefined) continue;
    out[k] = kids[k] ? reorder(val, kids[k]!) : val;
  }
  for (const k of Object.keys(v).sort(byteCmp)) if (!(k in out)) out[k] = v[k];
  return out;
}
