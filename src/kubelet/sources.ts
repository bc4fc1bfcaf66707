// Which ConfigMaps and Secrets the pods of a namespace use (volumes, projected sources, env and envFrom),
// kept as the kubelet's configmap/secret managers keep their references: a count per source, per namespace,
// updated as pods come and go. A ConfigMap or Secret that changes costs nothing unless some pod uses it; only
// then are the namespace's pods read (their volumes refreshed, pods waiting on it for their environment
// retried). Stored in the cluster's metadata (`kubelet-sources/<ns>`), so it survives between invocations.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';

type Counts = Record<string, number>;
const KEY = (ns: string) => `kubelet-sources/${ns}`;
const BUILT = 'kubelet-sources-built';

/** `ConfigMap/name` and `Secret/name` for every source a pod's spec names. */
export function podSources(pod: KObject): string[] {
  const out = new Set<string>();
  const spec = pod.spec ?? {};
  for (const v of (spec.volumes ?? []) as { configMap?: { name?: string }; secret?: { secretName?: string }; projected?: { sources?: { configMap?: { name?: string }; secret?: { name?: string } }[] } }[]) {
    if (v.configMap?.name) out.add(`ConfigMap/${v.configMap.name}`);
    if (v.secret?.secretName) out.add(`Secret/${v.secret.secretName}`);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) out.add(`ConfigMap/${s.configMap.name}`);
      if (s.secret?.name) out.add(`Secret/${s.secret.name}`);
    }
  }
  type Env = { valueFrom?: { configMapKeyRef?: { name?: string }; secretKeyRef?: { name?: string } } };
  type EnvFrom = { configMapRef?: { name?: string }; secretRef?: { name?: string } };
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])] as { env?: Env[]; envFrom?: EnvFrom[] }[]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef?.name) out.add(`ConfigMap/${e.valueFrom.configMapKeyRef.name}`);
      if (e.valueFrom?.secretKeyRef?.name) out.add(`Secret/${e.valueFrom.secretKeyRef.name}`);
    }
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef?.name) out.add(`ConfigMap/${e.configMapRef.name}`);
      if (e.secretRef?.name) out.add(`Secret/${e.secretRef.name}`);
    }
  }
  return [...out];
}

function read(rt: Runtime, ns: string): Counts {
  const v = rt.store.getMeta(KEY(ns));
  return v ? (JSON.parse(v) as Counts) : {};
}
function write(rt: Runtime, ns: string, c: Counts): void {
  rt.store.setMeta(KEY(ns), Object.keys(c).length ? JSON.stringify(c) : '');
}

/** Clusters made before the index existed: count every pod once. */
function ensureBuilt(rt: Runtime): void {
  if (rt.store.getMeta(BUILT)) return;
  const byNs = new Map<string, Counts>();
  for (const pod of rt.api.list(byGroupResource('', 'pods')!, undefined)) {
    const ns = pod.metadata.namespace!;
    const c = byNs.get(ns) ?? {};
    for (const s of podSources(pod)) c[s] = (c[s] ?? 0) + 1;
    byNs.set(ns, c);
  }
  for (const [ns, c] of byNs) write(rt, ns, c);
  rt.store.setMeta(BUILT, '1');
}

/** A pod appeared (+1) or went away (-1): its sources' counts follow. */
export function countPod(rt: Runtime, pod: KObject, delta: 1 | -1): void {
  if (!rt.store.getMeta(BUILT)) { ensureBuilt(rt); return; } // the build has counted it (or its absence)
  const sources = podSources(pod);
  if (!sources.length) return;
  const ns = pod.metadata.namespace!;
  const c = read(rt, ns);
  for (const s of sources) {
    const n = (c[s] ?? 0) + delta;
    if (n > 0) c[s] = n; else delete c[s];
  }
  write(rt, ns, c);
}

/** Does any pod of the namespace use this ConfigMap or Secret? */
export function sourceUsed(rt: Runtime, kind: string, ns: string, name: string): boolean {
  ensureBuilt(rt);
  return (read(rt, ns)[`${kind}/${name}`] ?? 0) > 0;
}
