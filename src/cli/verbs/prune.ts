// kubectl's prune (k8s.io/kubectl/pkg/util/prune and pkg/cmd/apply/prune.go), shared by `apply --prune` and
// `diff --prune`: the kinds to look at (--prune-allowlist group/version/kind, else kubectl's default list), and
// the objects apply would delete: in each namespace apply visited (then cluster-wide for cluster-scoped
// kinds), those matching the selector that carry a last-applied-configuration annotation and were not
// among the objects just applied.
import { CliError } from '../../api/errors';
import { resourceForKind } from '../../api/discovery';
import { parseSelector } from '../../api/selectors';
import type { KObject, ResourceInfo } from '../../api/types';
import type { Runtime } from '../../sim/runtime';
import { LAST_APPLIED } from './apply';

const DEFAULT_NAMESPACED: [string, string, string][] = [
  ['', 'v1', 'ConfigMap'], ['', 'v1', 'Endpoints'], ['', 'v1', 'PersistentVolumeClaim'], ['', 'v1', 'Pod'],
  ['', 'v1', 'ReplicationController'], ['', 'v1', 'Secret'], ['', 'v1', 'Service'], ['batch', 'v1', 'Job'], ['batch', 'v1', 'CronJob'],
  ['networking.k8s.io', 'v1', 'Ingress'], ['apps', 'v1', 'DaemonSet'], ['apps', 'v1', 'Deployment'], ['apps', 'v1', 'ReplicaSet'],
  ['apps', 'v1', 'StatefulSet'],
];
const DEFAULT_CLUSTER: [string, string, string][] = [['', 'v1', 'Namespace'], ['', 'v1', 'PersistentVolume']];

export const PRUNE_NAMESPACE_WARNING = 'Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.';

export interface PruneSet { namespaced: ResourceInfo[]; cluster: ResourceInfo[]; explicit: boolean }

function mapping(group: string, version: string, kind: string): ResourceInfo {
  const ri = resourceForKind(group ? `${group}/${version}` : version, kind);
  if (!ri) throw new CliError(`no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(group ? `${group}/${version}` : version)}`);
  return ri;
}

/** prune.ParseResources + GetRESTMappings */
export function pruneResources(allowlist: string[]): PruneSet {
  if (!allowlist.length) {
    return {
      namespaced: DEFAULT_NAMESPACED.map(([g, v, k]) => mapping(g, v, k)),
      cluster: DEFAULT_CLUSTER.map(([g, v, k]) => mapping(g, v, k)),
      explicit: false,
    };
  }
  const out: PruneSet = { namespaced: [], cluster: [], explicit: true };
  for (const gvk of allowlist) {
    const p = gvk.split('/');
    if (p.length !== 3) throw new CliError(`invalid GroupVersionKind format: ${gvk}, please follow <group/version/kind>`);
    const ri = mapping(p[0] === 'core' ? '' : p[0]!, p[1]!, p[2]!);
    (ri.namespaced ? out.namespaced : out.cluster).push(ri);
  }
  return out;
}

export interface PruneCandidate { ri: ResourceInfo; obj: KObject }

/** The objects pruning would delete, in kubectl's order. */
export function pruneCandidates(rt: Runtime, set: PruneSet, visitedNamespaces: string[], visitedUids: Set<string>, selector?: string): PruneCandidate[] {
  const sel = selector !== undefined ? parseSelector(selector) : undefined;
  const out: PruneCandidate[] = [];
  const pick = (ri: ResourceInfo, ns: string | undefined) => {
    for (const obj of rt.api.list(ri, ns, { labelSelector: sel })) {
      if (!(obj.metadata.annotations && LAST_APPLIED in obj.metadata.annotations)) continue;
      if (visitedUids.has(obj.metadata.uid!)) continue;
      out.push({ ri, obj: { ...obj, apiVersion: ri.group ? `${ri.group}/${ri.version}` : ri.version, kind: ri.kind } });
    }
  };
  for (const ns of visitedNamespaces) for (const ri of set.namespaced) pick(ri, ns);
  for (const ri of set.cluster) pick(ri, undefined);
  return out;
}

/** A klog warning line as kubectl writes it to stderr. */
export function klogWarning(where: string, msg: string): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `W${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000 ${String(process.pid).padStart(7)} ${where}] ${msg}`;
}
