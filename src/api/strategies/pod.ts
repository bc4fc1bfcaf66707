// Pod: the API server's defaults and the admission plugins a kind cluster runs (ServiceAccount,
// DefaultTolerationSeconds, Priority), and the core of pod validation.
import type { Strategy } from './types';
import type { KObject } from '../types';
import type { FieldError } from '../errors';
import { dns1123Label } from '../validation/meta';
import { defaultPodSpec, validatePodSpec } from './podspec';
import { deepEqual } from '../../util/objects';

export const podStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(pod, api) {
    const spec = (pod.spec ??= {});
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
    // Priority admission
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
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
      if (old.spec?.nodeName === undefined) delete c.nodeName;
      return c;
    };
    if (!deepEqual(strip(pod.spec), strip(old.spec))) {
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
