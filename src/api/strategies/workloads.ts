// apps/v1 workloads (Deployment, ReplicaSet, StatefulSet, DaemonSet), core ReplicationController and
// PodTemplate: SetDefaults_* from pkg/apis/apps/v1 and core/v1, and apps validation.
import type { Strategy } from './types';
import type { KObject } from '../types';
import type { FieldError } from '../errors';
import {
  defaultPodTemplate, templateMeta, validateRequiredSelector, validateReplicaTemplate, validatePodTemplate, nonNegative,
  immutable, goLabelSelector, goStringMap, invalidRaw, validateIntOrPercent, intOrPercentValue, notMoreThan100Percent,
  selectorIsEmpty, selectorMatches, semanticEqual,
} from './common';
import { defaultPVCSpec } from './storage';

const isNum = (v: unknown): v is number => typeof v === 'number';

// ---------------- Deployment ----------------
function defaultDeployment(o: KObject): void {
  const s = (o.spec ??= {});
  s.replicas ??= 1;
  s.strategy ??= {};
  if (!s.strategy.type) s.strategy.type = 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxUnavailable ??= '25%';
    s.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  s.template = defaultPodTemplate(s.template ?? {});
}
function validateDeploymentSpec(s: any): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  errs.push(...validateRequiredSelector(s.selector, 'spec.selector', 'deployment'));
  errs.push(...validateReplicaTemplate(s.template, s.selector, 'spec.template', 'ReplicaSet'));
  const st = s.strategy ?? {};
  if (st.type === 'Recreate') {
    if (st.rollingUpdate != null) errs.push({ field: 'spec.strategy.rollingUpdate', type: 'Forbidden', detail: "may not be specified when strategy `type` is 'Recreate'" });
  } else if (st.type === 'RollingUpdate') {
    const ru = st.rollingUpdate ?? {};
    errs.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
    errs.push(...validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
      errs.push({ field: 'spec.strategy.rollingUpdate.maxUnavailable', type: 'Invalid', omitValue: true, ...renderIOS(ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0') });
    errs.push(...notMoreThan100Percent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
  } else {
    // kube prints the whole strategy struct here; the type alone is close enough
    errs.push({ field: 'spec.strategy', type: 'NotSupported', value: st.type ?? '', detail: 'supported values: "Recreate", "RollingUpdate"' });
  }
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (isNum(s.progressDeadlineSeconds)) {
    errs.push(...nonNegative(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      errs.push({ field: 'spec.progressDeadlineSeconds', type: 'Invalid', value: s.progressDeadlineSeconds, detail: 'must be greater than minReadySeconds' });
  }
  return errs;
}
/** The Invalid rendering of an IntOrString value (a raw Go dump), merged into a FieldError. */
function renderIOS(v: unknown, detail: string): Partial<FieldError> {
  const r = typeof v === 'number' ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(String(v))}}`;
  return { detail: `${r}: ${detail}` };
}

export const deploymentStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: o => defaultDeployment(o),
  prepareForUpdate: o => defaultDeployment(o),
  validate: o => validateDeploymentSpec(o.spec ?? {}),
  validateUpdate: (o, old) => immutable(o.spec?.selector, old.spec?.selector, 'spec.selector', goLabelSelector),
};

// ---------------- ReplicaSet ----------------
function defaultReplicaSet(o: KObject): void {
  const s = (o.spec ??= {});
  s.replicas ??= 1;
  s.template = defaultPodTemplate(s.template ?? {});
}
export const replicaSetStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: o => { defaultReplicaSet(o); o.status = { replicas: 0 }; },
  prepareForUpdate: o => defaultReplicaSet(o),
  validate(o) {
    const s = o.spec ?? {};
    return [
      ...nonNegative(s.replicas, 'spec.replicas'),
      ...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'),
      ...validateRequiredSelector(s.selector, 'spec.selector', 'deployment'),
      ...validateReplicaTemplate(s.template, s.selector, 'spec.template', 'ReplicaSet'),
    ];
  },
  validateUpdate: (o, old) => immutable(o.spec?.selector, old.spec?.selector, 'spec.selector', goLabelSelector),
};

// ---------------- ReplicationController (core/v1) ----------------
function defaultRC(o: KObject): void {
  const s = (o.spec ??= {});
  const tl = s.template?.metadata?.labels;
  if (tl && Object.keys(tl).length) {
    if (!s.selector || !Object.keys(s.selector).length) s.selector = { ...tl };
    if (!o.metadata.labels || !Object.keys(o.metadata.labels).length) o.metadata.labels = { ...tl };
  }
  s.replicas ??= 1;
  if (s.template) defaultPodTemplate(s.template);
}
export const replicationControllerStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: o => { defaultRC(o); o.status = { replicas: 0 }; },
  prepareForUpdate: o => defaultRC(o),
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [...nonNegative(s.replicas, 'spec.replicas'), ...nonNegative(s.minReadySeconds, 'spec.minReadySeconds')];
    const sel: Record<string, string> = s.selector ?? {};
    if (!Object.keys(sel).length) errs.push({ field: 'spec.selector', type: 'Required' });
    if (!s.template) { errs.push({ field: 'spec.template', type: 'Required' }); return errs; }
    if (Object.keys(sel).length && !selectorMatches({ matchLabels: sel }, s.template.metadata?.labels))
      errs.push(invalidRaw('spec.template.metadata.labels', goStringMap(s.template.metadata?.labels), '`selector` does not match template `labels`'));
    errs.push(...validatePodTemplate(s.template, 'spec.template'));
    if (s.template.spec?.restartPolicy !== 'Always')
      errs.push({ field: 'spec.template.spec.restartPolicy', type: 'NotSupported', value: s.template.spec?.restartPolicy ?? '', detail: 'supported values: "Always"' });
    if (s.template.spec?.activeDeadlineSeconds != null)
      errs.push({ field: 'spec.template.spec.activeDeadlineSeconds', type: 'Forbidden', detail: 'activeDeadlineSeconds in ReplicationController is not Supported' });
    return errs;
  },
};

// ---------------- StatefulSet ----------------
function defaultStatefulSet(o: KObject): void {
  const s = (o.spec ??= {});
  s.podManagementPolicy ??= 'OrderedReady';
  s.updateStrategy ??= {};
  if (!s.updateStrategy.type) s.updateStrategy.type = 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.partition ??= 0;
  }
  s.persistentVolumeClaimRetentionPolicy ??= {};
  s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  s.replicas ??= 1;
  s.revisionHistoryLimit ??= 10;
  s.template = defaultPodTemplate(s.template ?? {});
  for (const t of s.volumeClaimTemplates ?? []) {
    t.apiVersion = 'v1'; t.kind = 'PersistentVolumeClaim';
    t.metadata ??= {}; templateMeta(t.metadata);
    t.spec ??= {}; defaultPVCSpec(t.spec);
    t.status ??= {}; t.status.phase ??= 'Pending';
  }
}
const STS_UPDATABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
/** MaxUnavailableStatefulSet is an alpha gate, off in 1.33: the API server drops the field unless in use. */
function dropMaxUnavailable(o: KObject, old?: KObject): void {
  const ru = o.spec?.updateStrategy?.rollingUpdate;
  if (ru && 'maxUnavailable' in ru && old?.spec?.updateStrategy?.rollingUpdate?.maxUnavailable == null) delete ru.maxUnavailable;
}
export const statefulSetStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: o => { defaultStatefulSet(o); dropMaxUnavailable(o); o.status = { availableReplicas: 0, replicas: 0 }; },
  prepareForUpdate: (o, old) => { defaultStatefulSet(o); dropMaxUnavailable(o, old); },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    if (s.podManagementPolicy !== 'OrderedReady' && s.podManagementPolicy !== 'Parallel')
      errs.push({ field: 'spec.podManagementPolicy', type: 'Invalid', value: s.podManagementPolicy, detail: "must be 'OrderedReady' or 'Parallel'" });
    const us = s.updateStrategy ?? {};
    if (us.type === 'OnDelete') {
      if (us.rollingUpdate != null) errs.push({ field: 'spec.updateStrategy.rollingUpdate', type: 'Invalid', value: null, omitValue: true, detail: "only allowed for updateStrategy 'RollingUpdate'" });
    } else if (us.type === 'RollingUpdate') {
      errs.push(...nonNegative(us.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
    } else {
      errs.push({ field: 'spec.updateStrategy', type: 'Invalid', value: us.type, detail: "must be 'RollingUpdate' or 'OnDelete'" });
    }
    for (const k of ['whenDeleted', 'whenScaled'] as const) {
      const v = s.persistentVolumeClaimRetentionPolicy?.[k];
      if (v !== 'Retain' && v !== 'Delete')
        errs.push({ field: `spec.persistentVolumeClaimRetentionPolicy.${k}`, type: 'NotSupported', value: v, detail: 'supported values: "Retain", "Delete"' });
    }
    errs.push(...nonNegative(s.replicas, 'spec.replicas'));
    errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
    errs.push(...validateRequiredSelector(s.selector, 'spec.selector', 'statefulset'));
    if (s.selector && !selectorIsEmpty(s.selector) && !selectorMatches(s.selector, s.template?.metadata?.labels))
      errs.push(invalidRaw('spec.template.metadata.labels', goStringMap(s.template?.metadata?.labels), '`selector` does not match template `labels`'));
    // the claim templates count as volumes of the pod template
    const t = s.template ? JSON.parse(JSON.stringify(s.template)) : s.template;
    if (t?.spec) t.spec.volumes = [...(t.spec.volumes ?? []), ...(s.volumeClaimTemplates ?? []).map((c: any) => ({ name: c.metadata?.name, persistentVolumeClaim: { claimName: c.metadata?.name ?? 'x' } }))];
    errs.push(...validatePodTemplate(t, 'spec.template'));
    if (s.template?.spec?.restartPolicy !== 'Always')
      errs.push({ field: 'spec.template.spec.restartPolicy', type: 'NotSupported', value: s.template?.spec?.restartPolicy ?? '', detail: 'supported values: "Always"' });
    if (s.template?.spec?.activeDeadlineSeconds != null)
      errs.push({ field: 'spec.template.spec.activeDeadlineSeconds', type: 'Forbidden', detail: 'activeDeadlineSeconds in StatefulSet is not Supported' });
    return errs;
  },
  validateUpdate(o, old) {
    const strip = (s: any) => { const c = { ...(s ?? {}) }; for (const k of STS_UPDATABLE) delete c[k]; return c; };
    if (!semanticEqual(strip(o.spec), strip(old.spec)))
      return [{ field: 'spec', type: 'Forbidden', detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" }];
    return [];
  },
};

// ---------------- DaemonSet ----------------
function defaultDaemonSet(o: KObject): void {
  const s = (o.spec ??= {});
  s.updateStrategy ??= {};
  if (!s.updateStrategy.type) s.updateStrategy.type = 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    s.updateStrategy.rollingUpdate ??= {};
    s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    s.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  s.template = defaultPodTemplate(s.template ?? {});
}
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';
export const daemonSetStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: o => {
    defaultDaemonSet(o);
    o.status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
    // spec.templateGeneration (internal) reaches apps/v1 as this annotation
    o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: '1' };
  },
  prepareForUpdate: (o, old) => {
    defaultDaemonSet(o);
    const prev = Number(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? '0') || 0;
    const gen = semanticEqual(o.spec?.template, old.spec?.template) ? prev : prev + 1;
    if (gen) o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: String(gen) };
  },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [...validateRequiredSelector(s.selector, 'spec.selector', 'daemonset')];
    if (s.selector && !selectorIsEmpty(s.selector) && !selectorMatches(s.selector, s.template?.metadata?.labels))
      errs.push(invalidRaw('spec.template.metadata.labels', goStringMap(s.template?.metadata?.labels), '`selector` does not match template `labels`'));
    errs.push(...validatePodTemplate(s.template, 'spec.template'));
    if (s.template?.spec?.restartPolicy !== 'Always')
      errs.push({ field: 'spec.template.spec.restartPolicy', type: 'NotSupported', value: s.template?.spec?.restartPolicy ?? '', detail: 'supported values: "Always"' });
    if (s.template?.spec?.activeDeadlineSeconds != null)
      errs.push({ field: 'spec.template.spec.activeDeadlineSeconds', type: 'Forbidden', detail: 'activeDeadlineSeconds in DaemonSet is not Supported' });
    errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
    errs.push(...nonNegative(s.templateGeneration, 'spec.templateGeneration'));
    const us = s.updateStrategy ?? {};
    if (us.type === 'RollingUpdate') {
      const ru = us.rollingUpdate ?? {};
      errs.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable'));
      errs.push(...validateIntOrPercent(ru.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge'));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push({ field: 'spec.updateStrategy.rollingUpdate.maxUnavailable', type: 'Invalid', omitValue: true, ...renderIOS(ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0') });
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable'));
    } else if (us.type !== 'OnDelete') {
      errs.push({ field: 'spec.updateStrategy', type: 'NotSupported', value: us.type, detail: 'supported values: "OnDelete", "RollingUpdate"' });
    }
    errs.push(...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
    return errs;
  },
  validateUpdate: (o, old) => immutable(o.spec?.selector, old.spec?.selector, 'spec.selector', goLabelSelector),
};

// ---------------- PodTemplate ----------------
export const podTemplateStrategy: Strategy = {
  prepareForCreate: o => { o.template = defaultPodTemplate(o.template ?? {}); },
  prepareForUpdate: o => { o.template = defaultPodTemplate(o.template ?? {}); },
  validate: o => validatePodTemplate(o.template, 'template'),
};
