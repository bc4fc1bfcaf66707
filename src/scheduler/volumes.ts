// kube-scheduler's VolumeBinding plugin (and VolumeRestrictions' claim lookup): PreFilter sorts a pod's
// claims into bound, unbound-immediate (the pod cannot be scheduled yet) and unbound-delayed
// (WaitForFirstConsumer: the scheduler picks the node); Filter checks bound volumes' node affinity and
// that each delayed claim can be met on the node (a matching static volume, or a class that provisions);
// PreBind binds static volumes (claimRef) or asks for provisioning (the selected-node annotation), and the
// pod is bound once every claim is Bound.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { ANN, pvRi, pvcRi, scRi, isDelayBinding, findMatchingVolume, volumeNodeAffinityMatches } from '../controllers/persistentvolume';

export interface PodVolumes {
  /** PreFilter failed: the scheduler's message (UnschedulableAndUnresolvable). */
  error?: string;
  bound: KObject[];          // the volumes of bound claims
  delayed: KObject[];        // unbound claims whose class waits for a consumer
  volumes?: KObject[];       // all volumes, read once when a delayed claim needs them
}

const claimNames = (pod: KObject): string[] =>
  (pod.spec?.volumes ?? []).filter((v: any) => v.persistentVolumeClaim?.claimName).map((v: any) => v.persistentVolumeClaim.claimName);

export const hasClaims = (pod: KObject) => claimNames(pod).length > 0;

export function preFilter(pod: KObject, rt: Runtime): PodVolumes {
  const out: PodVolumes = { bound: [], delayed: [] };
  let immediate = false;
  for (const name of claimNames(pod)) {
    const c = rt.api.tryGet(pvcRi(), pod.metadata.namespace, name);
    if (!c) return { ...out, error: `persistentvolumeclaim "${name}" not found` };
    if (c.metadata.deletionTimestamp) return { ...out, error: `persistentvolumeclaim "${name}" is being deleted` };
    if (c.spec?.volumeName && c.metadata.annotations?.[ANN.bindCompleted]) {
      const v = rt.api.tryGet(pvRi(), undefined, c.spec.volumeName);
      if (!v) return { ...out, error: `pvc ${pod.metadata.namespace}/${name} is bound to non-existent pv ${c.spec.volumeName}` };
      out.bound.push(v);
    } else if (isDelayBinding(rt, c)) out.delayed.push(c);
    else immediate = true;
  }
  if (immediate) return { ...out, error: 'pod has unbound immediate PersistentVolumeClaims' };
  return out;
}

/** Filter: undefined when the node fits, else the reason. */
export function filterNode(pv: PodVolumes, node: KObject, rt: Runtime): string | undefined {
  for (const v of pv.bound) if (!volumeNodeAffinityMatches(v, node)) return 'node(s) had volume node affinity conflict';
  if (!pv.delayed.length) return undefined;
  pv.volumes ??= rt.api.list(pvRi(), undefined);
  const taken = new Set<string>();
  for (const c of pv.delayed) {
    const selected = c.metadata.annotations?.[ANN.selectedNode];
    if (selected && selected !== node.metadata.name) return "node(s) didn't find available persistent volumes to bind";
    const v = findMatchingVolume(c, pv.volumes.filter(x => !taken.has(x.metadata.name!)), node, true);
    if (v) { taken.add(v.metadata.name!); continue; }
    const sc = rt.api.tryGet(scRi(), undefined, c.spec?.storageClassName ?? '');
    if (!sc || sc.provisioner === 'kubernetes.io/no-provisioner') return "node(s) didn't find available persistent volumes to bind";
    const topo: any[] | undefined = sc.allowedTopologies;
    if (topo?.length && !topo.some(t => (t.matchLabelExpressions ?? []).every((e: any) => (e.values ?? []).includes(node.metadata.labels?.[e.key] ?? '\u0000'))))
      return "node(s) didn't find available persistent volumes to bind";
  }
  return undefined;
}

/**
 * Reserve + PreBind: bind static volumes and mark claims for provisioning on the chosen node. Returns
 * true when every claim is bound already (the pod may be bound now).
 */
export function preBind(pv: PodVolumes, node: KObject, rt: Runtime): boolean {
  if (!pv.delayed.length) return true;
  pv.volumes ??= rt.api.list(pvRi(), undefined);
  const taken = new Set<string>();
  for (const c of pv.delayed) {
    const v = findMatchingVolume(c, pv.volumes.filter(x => !taken.has(x.metadata.name!)), node, true);
    if (v) {
      taken.add(v.metadata.name!);
      if (!v.spec?.claimRef) {
        rt.api.mutate(pvRi(), undefined, v.metadata.name!, o => {
          o.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: c.metadata.namespace, name: c.metadata.name, uid: c.metadata.uid, apiVersion: 'v1', resourceVersion: c.metadata.resourceVersion };
          o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ANN.boundByController]: 'yes' };
        });
      }
      continue;
    }
    if (c.metadata.annotations?.[ANN.selectedNode] !== node.metadata.name) {
      rt.api.mutate(pvcRi(), c.metadata.namespace, c.metadata.name!, o => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ANN.selectedNode]: node.metadata.name! };
      });
    }
  }
  return false;
}

/** Pods waiting in PreBind for their claims, by claim (`ns/claim` → pod keys). */
const WAIT = 'sched/volwait';
export function waitFor(rt: Runtime, pod: KObject, claims: KObject[]): void {
  const m: Record<string, string[]> = JSON.parse(rt.store.getMeta(WAIT) || '{}');
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const c of claims) {
    const k = `${c.metadata.namespace}/${c.metadata.name}`;
    m[k] = [...new Set([...(m[k] ?? []), key])];
  }
  rt.store.setMeta(WAIT, JSON.stringify(m));
}
/** The pods a claim that changed should wake (and forget them). */
export function waiting(rt: Runtime, claim: KObject): string[] {
  const raw = rt.store.getMeta(WAIT);
  if (!raw || raw === '{}') return [];
  const m: Record<string, string[]> = JSON.parse(raw);
  const k = `${claim.metadata.namespace}/${claim.metadata.name}`;
  const pods = m[k];
  if (!pods) return [];
  delete m[k];
  rt.store.setMeta(WAIT, JSON.stringify(m));
  return pods;
}
