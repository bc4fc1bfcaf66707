// Which pod a runtime verb means, as kubectl's polymorphic helpers decide (k8s.io/kubectl/pkg/polymorphichelpers:
// logsforobject.go, attachablepodforobject.go, helpers.go): POD or TYPE/NAME through the resource builder;
// a workload or Service stands for the pods its selector picks, sorted by podutils.ByLogging (logs) or
// reversed podutils.ActivePods (exec, attach, port-forward), with Go's unstable sort.Sort.
import type { KObject, ResourceInfo } from '../api/types';
import type { Runtime } from '../sim/runtime';
import { byGroupResource, mustResolve } from '../api/discovery';
import { CliError, StatusError, notFound } from '../api/errors';
import { groupResource } from '../api/types';
import { fromLabelSelector, fromMap, matches, Selector } from '../api/selectors';

const podRi = () => byGroupResource('', 'pods')!;

/** `x` is pods/x; `deploy/x` is that object (kubectl's builder.ResourceNames("pods", arg)). */
export function splitTarget(arg: string): { type: string; name: string } {
  const i = arg.indexOf('/');
  if (i < 0) return { type: 'pods', name: arg };
  const type = arg.slice(0, i), name = arg.slice(i + 1);
  if (!name) throw new CliError('arguments in resource/name form must have a single resource and name');
  return { type, name };
}

/** The object a POD or TYPE/NAME argument names (NotFound as the API server says it). */
export function getTarget(rt: Runtime, ns: string, arg: string, type?: string): { ri: ResourceInfo; obj: KObject } {
  const t = type !== undefined ? { type, name: arg } : splitTarget(arg);
  const ri = mustResolve(t.type);
  const obj = rt.api.tryGet(ri, ri.namespaced ? ns : undefined, t.name);
  if (!obj) throw notFound(groupResource(ri), t.name);
  return { ri, obj };
}

/** Go's %T of the typed object kubectl would hold for this kind. */
function goType(ri: ResourceInfo): string {
  return ri.group.includes('.') && !['k8s.io'].some(s => ri.group.endsWith(s)) && !BUILTIN_GROUPS.has(ri.group) ? '*unstructured.Unstructured' : `*${ri.version}.${ri.kind}`;
}
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'discovery.k8s.io', 'coordination.k8s.io', 'scheduling.k8s.io', 'node.k8s.io', 'certificates.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'apiregistration.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io']);

/** polymorphichelpers.SelectorsForObject: the pod selector a workload or Service stands for. */
export function selectorFor(ri: ResourceInfo, obj: KObject): Selector {
  const kind = ri.kind;
  if (ri.group === 'apps' && ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Deployment'].includes(kind)) return fromLabelSelector(obj.spec?.selector);
  if (ri.group === 'batch' && kind === 'Job') return fromLabelSelector(obj.spec?.selector);
  if (ri.group === '' && kind === 'ReplicationController') return fromMap(obj.spec?.selector);
  if (ri.group === '' && kind === 'Service') {
    if (!obj.spec?.selector || !Object.keys(obj.spec.selector).length) throw new Error(`invalid service '${obj.metadata.name}': Service is defined without a selector`);
    return fromMap(obj.spec.selector);
  }
  throw new Error(`selector for ${goType(ri)} not implemented`);
}

/** The pods a selector picks in a namespace, sorted as kubectl sorts them. */
export function podsFor(rt: Runtime, ns: string, sel: Selector, order: 'logging' | 'attach'): KObject[] {
  const pods = rt.api.list(podRi(), ns).filter(p => matches(sel, p.metadata.labels));
  const { goSort } = require('./printers/sortby') as typeof import('./printers/sortby');
  if (order === 'logging') goSort(pods, byLogging);
  else goSort(pods, (a, b) => activePodsLess(b, a));
  return pods;
}

/** Resolve a target to one pod (exec, attach, port-forward: the first of reversed ActivePods). */
export function attachablePod(rt: Runtime, ns: string, arg: string, what: 'attach to' | 'exec into' = 'attach to'): { pod: KObject; waitFor?: Selector } {
  const { ri, obj } = getTarget(rt, ns, arg);
  if (ri.group === '' && ri.kind === 'Pod') return { pod: obj };
  let sel: Selector;
  try { sel = selectorFor(ri, obj); } catch (e) { throw new CliError(`cannot ${what === 'exec into' ? 'attach to' : what} ${goType(ri)}: ${(e as Error).message}`); }
  const pods = podsFor(rt, obj.metadata.namespace ?? ns, sel, 'attach');
  if (!pods.length) return { pod: undefined as unknown as KObject, waitFor: sel };
  return { pod: pods[0]! };
}

// ------------------------------------------------------------------------------- podutils orderings
const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: KObject): number => {
  const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready' && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
};
const created = (p: KObject): number => (p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : 0);
/** afterOrZero: t1 after t2, a zero time counting as after. */
const afterOrZero = (t1: number, t2: number) => (!t1 || !t2 ? !t1 : t1 > t2);
function maxRestarts(p: KObject): [number, number] {
  let regular = 0, sidecar = 0;
  for (const c of p.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const side = new Set((p.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always').map((c: any) => c.name));
  for (const c of p.status?.initContainerStatuses ?? []) if (side.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return [regular, sidecar];
}
function compareRestarts(a: KObject, b: KObject): boolean | undefined {
  const [ra, sa] = maxRestarts(a), [rb, sb] = maxRestarts(b);
  if (ra !== rb) return ra > rb;
  if (sa !== sb) return sa > sb;
  return undefined;
}
const PHASE_LOG: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
const PHASE_ACTIVE: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** podutils.ByLogging: the best pod to read logs from first. */
export function byLogging(a: KObject, b: KObject): boolean {
  const na = a.spec?.nodeName ?? '', nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !!na;
  const pa = PHASE_LOG[a.status?.phase ?? ''] ?? 0, pb = PHASE_LOG[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (ready(a) !== ready(b)) return ready(a);
  if (ready(a) && ready(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
  const r = compareRestarts(a, b);
  if (r !== undefined) return r;
  if (created(a) !== created(b)) return afterOrZero(created(b), created(a));
  return false;
}

/** podutils.ActivePods: the pod a controller would delete first comes first. */
export function activePodsLess(a: KObject, b: KObject): boolean {
  const na = a.spec?.nodeName ?? '', nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !na;
  const pa = PHASE_ACTIVE[a.status?.phase ?? ''] ?? 0, pb = PHASE_ACTIVE[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (ready(a) !== ready(b)) return !ready(a);
  const da = !!a.metadata.deletionTimestamp, db = !!b.metadata.deletionTimestamp;
  if (da !== db) return da;
  if (da && db && a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp) return Date.parse(a.metadata.deletionTimestamp!) < Date.parse(b.metadata.deletionTimestamp!);
  if (ready(a) && ready(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  const r = compareRestarts(a, b);
  if (r !== undefined) return r;
  if (created(a) !== created(b)) return afterOrZero(created(a), created(b));
  return false;
}

/** A pod by name, NotFound as the API server words it. */
export function getPod(rt: Runtime, ns: string, name: string): KObject {
  const p = rt.api.tryGet(podRi(), ns, name);
  if (!p) throw new StatusError(404, 'NotFound', `pods "${name}" not found`, { name });
  return p;
}
