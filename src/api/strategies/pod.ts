// Pod: the API server's defaults and the admission plugins a kind cluster runs (ServiceAccount,
// DefaultTolerationSeconds, Priority), and the core of pod validation.
import type { Strategy } from './types';
import type { KObject } from '../types';
import type { FieldError } from '../errors';
import { dns1123Label } from '../validation/meta';
import { defaultPodSpec, validatePodSpec } from './podspec';
import { deepEqual } from '../../util/objects';
import type { APIServer } from '../server';
import { forbidden } from '../errors';
import { byGroupResource } from '../discovery';
import { checkQuantities } from './core';

/** The Priority admission plugin: priorityClassName → priority (or the global default class). */
function priorityAdmission(pod: KObject, api: APIServer): void {
  const spec = pod.spec;
  const ri = byGroupResource('scheduling.k8s.io', 'priorityclasses');
  let pc: KObject | undefined;
  if (spec.priorityClassName) {
    pc = ri ? api.tryGet(ri, undefined, spec.priorityClassName) : undefined;
    if (!pc) throw forbidden('pods', pod.metadata.name!, `no PriorityClass with name ${spec.priorityClassName} was found`);
  } else if (ri) {
    // (read as the API server reads for its admission plugins: no copies, no authorization; once while the
    // priority classes are unchanged, as the plugin's informer cache would)
    pc = api.derived(ri, 'globalDefault', () => {
      const defaults: KObject[] = [];
      api.each(ri, undefined, c => { if (c.globalDefault) defaults.push(c as KObject); });
      return defaults.sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
    });
    if (pc) spec.priorityClassName = pc.metadata.name;
  }
  const value = pc ? Number(pc.value ?? 0) : 0;
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value)
    throw forbidden('pods', pod.metadata.name!, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`);
  spec.priority = value;
  if (spec.preemptionPolicy == null) spec.preemptionPolicy = pc?.preemptionPolicy ?? 'PreemptLowerPriority';
}

/** The LimitRanger admission plugin (defaults only): unset container requests/limits come from LimitRanges. */
function limitRanger(pod: KObject, api: APIServer): void {
  const ri = byGroupResource('', 'limitranges');
  if (!ri) return;
  const lrs = api.list(ri, pod.metadata.namespace);
  if (!lrs.length) return;
  const defLim: Record<string, unknown> = {}, defReq: Record<string, unknown> = {};
  for (const lr of lrs) for (const l of lr.spec?.limits ?? []) {
    if (l.type !== 'Container') continue;
    Object.assign(defLim, l.default ?? {});
    Object.assign(defReq, l.defaultRequest ?? {});
  }
  if (!Object.keys(defLim).length && !Object.keys(defReq).length) return;
  const notes: string[] = [];
  const merge = (c: any, prefix: string) => {
    c.resources ??= {};
    const setL: string[] = [], setR: string[] = [];
    for (const [k, v] of Object.entries(defLim)) if (!(k in (c.resources.limits ?? {}))) { (c.resources.limits ??= {})[k] = v; setL.push(k); }
    for (const [k, v] of Object.entries(defReq)) if (!(k in (c.resources.requests ?? {}))) { (c.resources.requests ??= {})[k] = v; setR.push(k); }
    setL.sort(); setR.sort();
    if (setR.length) notes.push(`${setR.join(', ')} request for ${prefix} ${c.name}`);
    if (setL.length) notes.push(`${setL.join(', ')} limit for ${prefix} ${c.name}`);
  };
  for (const c of pod.spec.containers ?? []) merge(c, 'container');
  for (const c of pod.spec.initContainers ?? []) merge(c, 'init container');
  if (notes.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), 'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}` };
}

/**
 * ValidatePodEphemeralContainersUpdate: ephemeral containers already there stay as they are; new ones are
 * containers without ports, probes, lifecycle or resources, named uniquely in the pod, targeting one of its
 * containers if they target at all.
 */
export function validateEphemeralUpdate(pod: KObject, old: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const now: any[] = pod.spec?.ephemeralContainers ?? [];
  const before: any[] = old.spec?.ephemeralContainers ?? [];
  for (const o of before) {
    const n = now.find(x => x.name === o.name);
    if (!n || !deepEqual(n, o)) { errs.push({ field: 'spec.ephemeralContainers', type: 'Forbidden', detail: `existing ephemeral containers ${JSON.stringify(o.name)} may not be removed or changed` }); return errs; }
  }
  const names = new Set<string>([...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: any) => c.name));
  now.forEach((c, i) => {
    const f = `spec.ephemeralContainers[${i}]`;
    if (before.some(o => o.name === c.name)) { names.add(c.name); return; }
    if (!c.name) errs.push({ field: `${f}.name`, type: 'Required', detail: '' });
    else {
      const bad = dns1123Label(c.name);
      if (bad.length) errs.push({ field: `${f}.name`, type: 'Invalid', value: c.name, detail: bad.join('; ') });
      else if (names.has(c.name)) errs.push({ field: `${f}.name`, type: 'Duplicate', value: c.name });
      names.add(c.name);
    }
    if (!c.image) errs.push({ field: `${f}.image`, type: 'Required', detail: '' });
    for (const k of ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resources', 'resizePolicy', 'restartPolicy']) {
      const v = c[k];
      if (v !== undefined && v !== null && !(k === 'resources' && !Object.keys(v).length)) errs.push({ field: `${f}.${k}`, type: 'Forbidden', detail: 'cannot be set for an Ephemeral Container' });
    }
    if (c.targetContainerName && ![...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((x: any) => x.name === c.targetContainerName))
      errs.push({ field: `${f}.targetContainerName`, type: 'NotFound', value: c.targetContainerName });
  });
  return errs;
}

export const podStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(pod, api) {
    const spec = (pod.spec ??= {});
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])])
      checkQuantities('Pod', [c.resources?.limits, c.resources?.requests]);
    defaultPodSpec(spec, { pod: true });
    // ServiceAccount admission
    spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
    spec.serviceAccount = spec.serviceAccountName;
    if (spec.automountServiceAccountToken !== false && !(spec.volumes ?? []).some((v: any) => v.name?.startsWith('kube-api-access-'))) {
      const vname = `kube-api-access-${api.rng.suffix(5)}`;
      spec.volumes = [...(spec.volumes ?? []), {
        name: vname,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      }];
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        c.volumeMounts = [...(c.volumeMounts ?? []), { name: vname, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
      }
    }
    // DefaultTolerationSeconds admission
    const tol = (spec.tolerations ??= []);
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      if (!tol.some((t: any) => t.key === key && (t.effect === 'NoExecute' || !t.effect)))
        tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
    // LimitRanger admission: container defaults from the namespace's LimitRanges
    limitRanger(pod, api);
    // Priority admission
    priorityAdmission(pod, api);
    pod.status = { phase: 'Pending', qosClass: qosClass(spec) };
  },
  prepareForUpdate(pod, old) {
    if (pod.spec) defaultPodSpec(pod.spec, { pod: true });
    void old;
  },
  validate(pod) {
    return validatePodSpec(pod.spec ?? {}, 'spec', { pod: true });
  },
  validateUpdate(pod, old) {
    const errs: FieldError[] = [];
    // Only image, activeDeadlineSeconds, tolerations (additions) and a few others may change on a pod.
    const strip = (s: any) => {
      const c = JSON.parse(JSON.stringify(s ?? {}));
      for (const x of [...(c.containers ?? []), ...(c.initContainers ?? [])]) delete x.image;
      delete c.activeDeadlineSeconds; delete c.tolerations; delete c.schedulingGates;
      // terminationGracePeriodSeconds may go from a negative value to 1
      if (c.terminationGracePeriodSeconds === 1 && (old.spec?.terminationGracePeriodSeconds ?? 0) < 0) c.terminationGracePeriodSeconds = old.spec.terminationGracePeriodSeconds;
      if (old.spec?.nodeName === undefined) delete c.nodeName;
      return c;
    };
    const ns = pod.spec ?? {}, os = old.spec ?? {};
    if (typeof ns.activeDeadlineSeconds === 'number') {
      if (ns.activeDeadlineSeconds < 0 || ns.activeDeadlineSeconds > 2147483647)
        return [{ field: 'spec.activeDeadlineSeconds', type: 'Invalid', value: ns.activeDeadlineSeconds, detail: 'must be between 0 and 2147483647, inclusive' }];
      if (typeof os.activeDeadlineSeconds === 'number' && os.activeDeadlineSeconds < ns.activeDeadlineSeconds)
        return [{ field: 'spec.activeDeadlineSeconds', type: 'Invalid', value: ns.activeDeadlineSeconds, detail: 'must be less than or equal to previous value' }];
    } else if (typeof os.activeDeadlineSeconds === 'number') {
      errs.push({ field: 'spec.activeDeadlineSeconds', type: 'Invalid', value: null, detail: 'must not update from a positive integer to nil value' });
    }
    // tolerations: only additions (an existing NoExecute toleration may shorten its tolerationSeconds)
    const newTol: any[] = ns.tolerations ?? [];
    const tolKept = (t: any) => newTol.some(n => deepEqual(n, t) || (n.key === t.key && n.operator === t.operator && n.value === t.value &&
      n.effect === t.effect && t.effect === 'NoExecute' && typeof t.tolerationSeconds === 'number' && typeof n.tolerationSeconds === 'number' && n.tolerationSeconds <= t.tolerationSeconds));
    const tolerationsOK = (os.tolerations ?? []).every(tolKept);
    if (!tolerationsOK || !deepEqual(strip(pod.spec), strip(old.spec))) {
      errs.push({ field: 'spec', type: 'Forbidden', detail: 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' });
    }
    return errs;
  },
  fields: (o: KObject) => ({
    'spec.nodeName': o.spec?.nodeName ?? '',
    'spec.restartPolicy': o.spec?.restartPolicy ?? '',
    'spec.schedulerName': o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': o.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(!!o.spec?.hostNetwork),
    'status.phase': o.status?.phase ?? '',
    'status.podIP': o.status?.podIP ?? '',
    'status.nominatedNodeName': o.status?.nominatedNodeName ?? '',
  }),
  gracePeriod(pod, requested) {
    // An unscheduled pod, or a finished one, goes at once; a running one waits for its kubelet.
    if (!pod.spec?.nodeName) return undefined;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return undefined;
    const g = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    return g <= 0 ? undefined : g;
  },
};
void dns1123Label;

export function qosClass(spec: any): string {
  const cs = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false, guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {}, lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
