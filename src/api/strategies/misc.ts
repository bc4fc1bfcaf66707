// Other groups: autoscaling (HPA v1/v2), networking (Ingress, IngressClass, NetworkPolicy), policy (PDB),
// scheduling (PriorityClass), coordination (Lease), rbac, discovery (EndpointSlice).
import type { Strategy } from './types';
import type { KObject } from '../types';
import { FieldError, forbidden } from '../errors';
import { byGroupResource } from '../discovery';
import { dns1123Subdomain, dns1123Label } from '../validation/meta';
import { validateLabelSelector, invalidRaw, goIntOrString } from './common';
import { portNameErrors, portNumErrors } from './service';
import { presentLease } from '../heartbeat';

// ---------------- HorizontalPodAutoscaler ----------------
const SCALE_UP = () => ({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
const SCALE_DOWN = () => ({ stabilizationWindowSeconds: undefined as number | undefined, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
function fillRules(r: any, def: any): any {
  if (!r) return def;
  r.stabilizationWindowSeconds ??= def.stabilizationWindowSeconds;
  r.selectPolicy ??= def.selectPolicy;
  r.policies ??= def.policies;
  return r;
}
function defaultHPA(o: KObject): void {
  const s = (o.spec ??= {});
  s.minReplicas ??= 1;
  if (o.apiVersion === 'autoscaling/v1') {
    s.targetCPUUtilizationPercentage ??= 80;
    return;
  }
  if (!(s.metrics ?? []).length) s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (s.behavior) {
    s.behavior.scaleUp = fillRules(s.behavior.scaleUp, SCALE_UP());
    s.behavior.scaleDown = fillRules(s.behavior.scaleDown, SCALE_DOWN());
  }
}
export const hpaStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(o) {
    defaultHPA(o);
    o.status = o.apiVersion === 'autoscaling/v1' ? { currentReplicas: 0, desiredReplicas: 0 } : { desiredReplicas: 0 };
  },
  prepareForUpdate: o => defaultHPA(o),
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    const ref = s.scaleTargetRef ?? {};
    if (!ref.kind) errs.push({ field: 'spec.scaleTargetRef.kind', type: 'Required' });
    else for (const m of pathSegment(ref.kind)) errs.push({ field: 'spec.scaleTargetRef.kind', type: 'Invalid', value: ref.kind, detail: m });
    if (!ref.name) errs.push({ field: 'spec.scaleTargetRef.name', type: 'Required' });
    else for (const m of pathSegment(ref.name)) errs.push({ field: 'spec.scaleTargetRef.name', type: 'Invalid', value: ref.name, detail: m });
    if (typeof s.minReplicas === 'number' && s.minReplicas < 1)
      errs.push({ field: 'spec.minReplicas', type: 'Invalid', value: s.minReplicas, detail: 'must be greater than or equal to 1' });
    if (typeof s.maxReplicas !== 'number' || s.maxReplicas < 1)
      errs.push({ field: 'spec.maxReplicas', type: 'Invalid', value: s.maxReplicas ?? 0, detail: 'must be greater than 0' });
    if (typeof s.minReplicas === 'number' && typeof s.maxReplicas === 'number' && s.maxReplicas < s.minReplicas)
      errs.push({ field: 'spec.maxReplicas', type: 'Invalid', value: s.maxReplicas, detail: 'must be greater than or equal to `minReplicas`' });
    if (typeof s.targetCPUUtilizationPercentage === 'number' && s.targetCPUUtilizationPercentage < 1)
      errs.push({ field: 'spec.targetCPUUtilizationPercentage', type: 'Invalid', value: s.targetCPUUtilizationPercentage, detail: 'must be greater than 0' });
    (s.metrics ?? []).forEach((m: any, i: number) => {
      const p = `spec.metrics[${i}]`;
      const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
      if (!m.type) errs.push({ field: `${p}.type`, type: 'Required', detail: 'must specify a metric source type' });
      else if (!types.includes(m.type)) errs.push({ field: `${p}.type`, type: 'NotSupported', value: m.type, detail: 'supported values: "ContainerResource", "External", "Object", "Pods", "Resource"' });
      if (m.type === 'Resource') {
        if (!m.resource) errs.push({ field: `${p}.resource`, type: 'Required', detail: 'must populate information for the given metric source' });
        else {
          if (!m.resource.name) errs.push({ field: `${p}.resource.name`, type: 'Required', detail: 'must specify a resource name' });
          const t = m.resource.target ?? {};
          if (!t.type) errs.push({ field: `${p}.resource.target.type`, type: 'Required', detail: 'must specify a metric target type' });
          else if (!['AverageValue', 'Utilization', 'Value'].includes(t.type)) errs.push({ field: `${p}.resource.target.type`, type: 'Invalid', value: t.type, detail: 'must be either Utilization, Value, or AverageValue' });
          if (typeof t.averageUtilization === 'number' && t.averageUtilization <= 0)
            errs.push({ field: `${p}.resource.target.averageUtilization`, type: 'Invalid', value: t.averageUtilization, detail: 'must be greater than 0' });
        }
      }
    });
    return errs;
  },
};
function pathSegment(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  if (v.includes('/')) return [`may not contain '/'`];
  if (v.includes('%')) return [`may not contain '%'`];
  return [];
}

// ---------------- Ingress ----------------
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
function validateBackend(b: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!b) return [{ field: path, type: 'Required' }];
  if (b.service && b.resource) errs.push({ field: path, type: 'Invalid', omitValue: true, detail: 'cannot set both resource and service backends' });
  else if (b.service) {
    if (!b.service.name) errs.push({ field: `${path}.service.name`, type: 'Required' });
    else for (const m of dns1123Label(b.service.name)) errs.push({ field: `${path}.service.name`, type: 'Invalid', value: b.service.name, detail: m });
    const port = b.service.port ?? {};
    if (port.name && port.number) errs.push({ field: `${path}.service.port`, type: 'Invalid', value: port.name, detail: 'cannot set both port name & port number' });
    else if (port.name) for (const m of portNameErrors(port.name)) errs.push({ field: `${path}.service.port.name`, type: 'Invalid', value: port.name, detail: m });
    else if (port.number) for (const m of portNumErrors(port.number)) errs.push({ field: `${path}.service.port.number`, type: 'Invalid', value: port.number, detail: m });
    else errs.push({ field: `${path}.service.port`, type: 'Invalid', value: '', detail: 'port name or number is required' });
  } else if (b.resource) {
    if (!b.resource.kind) errs.push({ field: `${path}.resource.kind`, type: 'Required' });
    if (!b.resource.name) errs.push({ field: `${path}.resource.name`, type: 'Required' });
  } else errs.push({ field: path, type: 'Invalid', omitValue: true, detail: 'resource or service backend is required' });
  return errs;
}
export const ingressStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(o, api) {
    o.spec ??= {};
    o.status = { loadBalancer: {} };
    // DefaultIngressClass admission
    if (!o.spec.ingressClassName && !o.metadata.annotations?.['kubernetes.io/ingress.class']) {
      const ri = byGroupResource('networking.k8s.io', 'ingressclasses');
      const defs = ri ? api.list(ri, undefined).filter(c => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true') : [];
      if (defs.length > 1) throw forbidden('ingresses.networking.k8s.io', o.metadata.name!, `${defs.length} default IngressClasses were found, only 1 allowed`);
      if (defs.length === 1) o.spec.ingressClassName = defs[0]!.metadata.name;
    }
  },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    if (!s.defaultBackend && !(s.rules ?? []).length)
      errs.push({ field: 'spec', type: 'Invalid', omitValue: true, detail: 'either `defaultBackend` or `rules` must be specified' });
    if (s.defaultBackend) errs.push(...validateBackend(s.defaultBackend, 'spec.defaultBackend'));
    (s.rules ?? []).forEach((r: any, i: number) => {
      const p = `spec.rules[${i}]`;
      if (r.host) {
        const h = r.host.startsWith('*.') ? r.host.slice(2) : r.host;
        if (/^\d+\.\d+\.\d+\.\d+$/.test(r.host)) errs.push({ field: `${p}.host`, type: 'Invalid', value: r.host, detail: 'must be a DNS name, not an IP address' });
        else for (const m of dns1123Subdomain(h)) errs.push({ field: `${p}.host`, type: 'Invalid', value: r.host, detail: r.host.includes('*') && !r.host.startsWith('*.') ? "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" : m });
      }
      if (!r.http) return;
      if (!(r.http.paths ?? []).length) errs.push({ field: `${p}.http.paths`, type: 'Required' });
      (r.http.paths ?? []).forEach((hp: any, j: number) => {
        const pp = `${p}.http.paths[${j}]`;
        if (!hp.pathType) errs.push({ field: `${pp}.pathType`, type: 'Required', detail: 'pathType must be specified' });
        else if (!PATH_TYPES.includes(hp.pathType)) errs.push({ field: `${pp}.pathType`, type: 'NotSupported', value: hp.pathType, detail: 'supported values: "Exact", "ImplementationSpecific", "Prefix"' });
        else if (hp.pathType !== 'ImplementationSpecific' || hp.path) {
          if (!String(hp.path ?? '').startsWith('/')) errs.push({ field: `${pp}.path`, type: 'Invalid', value: hp.path ?? '', detail: 'must be an absolute path' });
          else if (hp.pathType !== 'ImplementationSpecific' && /\/\/|\/\.\.?(\/|$)|%2f|%2F/.test(hp.path))
            errs.push({ field: `${pp}.path`, type: 'Invalid', value: hp.path, detail: "must not contain '//', '/./', '/../', '%2f', '%2F'" });
        }
        errs.push(...validateBackend(hp.backend, `${pp}.backend`));
      });
    });
    (s.tls ?? []).forEach((t: any, i: number) => (t.hosts ?? []).forEach((h: string, j: number) => {
      const hh = h.startsWith('*.') ? h.slice(2) : h;
      for (const m of dns1123Subdomain(hh)) errs.push({ field: `spec.tls[${i}].hosts[${j}]`, type: 'Invalid', value: h, detail: m });
    }));
    if (s.ingressClassName) for (const m of dns1123Subdomain(s.ingressClassName)) errs.push({ field: 'spec.ingressClassName', type: 'Invalid', value: s.ingressClassName, detail: m });
    if (s.ingressClassName && o.metadata.annotations?.['kubernetes.io/ingress.class'])
      errs.push({ field: 'annotations.kubernetes.io/ingress.class', type: 'Invalid', value: o.metadata.annotations['kubernetes.io/ingress.class'], detail: 'can not be set when the class field is also set' });
    return errs;
  },
};

export const ingressClassStrategy: Strategy = {
  tracksGeneration: true,
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    if (!s.controller) errs.push({ field: 'spec.controller', type: 'Required' });
    else if (s.controller.length > 250) errs.push({ field: 'spec.controller', type: 'TooLong', detail: 'may not be more than 250 bytes' });
    if (s.parameters) {
      if (!s.parameters.kind) errs.push({ field: 'spec.parameters.kind', type: 'Required' });
      if (!s.parameters.name) errs.push({ field: 'spec.parameters.name', type: 'Required' });
      if (s.parameters.scope && !['Cluster', 'Namespace'].includes(s.parameters.scope))
        errs.push({ field: 'spec.parameters.scope', type: 'NotSupported', value: s.parameters.scope, detail: 'supported values: "Cluster", "Namespace"' });
      if (s.parameters.scope === 'Namespace' && !s.parameters.namespace) errs.push({ field: 'spec.parameters.namespace', type: 'Required', detail: '`parameters.scope` is set to "Namespace"' });
    }
    return errs;
  },
  validateUpdate: (o, old) => (o.spec?.controller !== old.spec?.controller
    ? [{ field: 'spec.controller', type: 'Invalid', value: o.spec?.controller, detail: 'field is immutable' }] : []),
};

export const networkPolicyStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(o) { defaultNetPol(o); },
  prepareForUpdate(o) { defaultNetPol(o); },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [...validateLabelSelector(s.podSelector, 'spec.podSelector')];
    (s.policyTypes ?? []).forEach((t: string, i: number) => {
      if (!['Ingress', 'Egress'].includes(t)) errs.push({ field: `spec.policyTypes[${i}]`, type: 'NotSupported', value: t, detail: 'supported values: "Ingress", "Egress"' });
    });
    return errs;
  },
};
function defaultNetPol(o: KObject): void {
  const s = (o.spec ??= {});
  s.podSelector ??= {};
  for (const r of [...(s.ingress ?? []), ...(s.egress ?? [])]) for (const p of r.ports ?? []) p.protocol ??= 'TCP';
  if (!(s.policyTypes ?? []).length) s.policyTypes = (s.egress ?? []).length ? ['Ingress', 'Egress'] : ['Ingress'];
}

// ---------------- PodDisruptionBudget ----------------
export const pdbStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(o) {
    o.spec ??= {};
    o.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
  },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    if (s.minAvailable != null && s.maxUnavailable != null)
      errs.push({ field: 'spec', type: 'Invalid', omitValue: true, detail: `policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(...), Selector:(*v1.LabelSelector)(...), MaxUnavailable:(*intstr.IntOrString)(...), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set` });
    for (const k of ['minAvailable', 'maxUnavailable'] as const) {
      const v = s[k];
      if (v == null) continue;
      if (typeof v === 'string' && !/^[0-9]+%$/.test(v)) errs.push(invalidRaw(`spec.${k}`, goIntOrString(v), "must be an integer or percentage (e.g '5%')"));
      else if (typeof v === 'number' && v < 0) errs.push(invalidRaw(`spec.${k}`, goIntOrString(v), 'must be greater than or equal to 0'));
      else if (typeof v === 'string' && Number(v.slice(0, -1)) > 100) errs.push(invalidRaw(`spec.${k}`, goIntOrString(v), 'must not be greater than 100%'));
    }
    errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
    if (s.unhealthyPodEvictionPolicy && !['AlwaysAllow', 'IfHealthyBudget'].includes(s.unhealthyPodEvictionPolicy))
      errs.push({ field: 'spec.unhealthyPodEvictionPolicy', type: 'NotSupported', value: s.unhealthyPodEvictionPolicy, detail: 'supported values: "AlwaysAllow", "IfHealthyBudget"' });
    return errs;
  },
};

// ---------------- PriorityClass ----------------
const SYSTEM_PC: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
export const priorityClassStrategy: Strategy = {
  prepareForCreate(o, api) {
    o.preemptionPolicy ??= 'PreemptLowerPriority';
    if (o.globalDefault) {
      const ri = byGroupResource('scheduling.k8s.io', 'priorityclasses');
      const other = ri ? api.list(ri, undefined).find(c => c.globalDefault && c.metadata.name !== o.metadata.name) : undefined;
      if (other) throw forbidden('priorityclasses.scheduling.k8s.io', o.metadata.name!, `PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`);
    }
  },
  prepareForUpdate(o) { o.preemptionPolicy ??= 'PreemptLowerPriority'; },
  validate(o) {
    const errs: FieldError[] = [];
    const name = o.metadata.name ?? '';
    if (name.startsWith('system-')) {
      if (SYSTEM_PC[name] === undefined || SYSTEM_PC[name] !== o.value || o.globalDefault)
        errs.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: "priority class names with 'system-' prefix are reserved for system use only" });
    } else if (typeof o.value === 'number' && o.value > 1000000000) {
      errs.push({ field: 'value', type: 'Forbidden', detail: 'maximum allowed value of a user defined priority is 1000000000' });
    }
    if (o.preemptionPolicy && !['Never', 'PreemptLowerPriority'].includes(o.preemptionPolicy))
      errs.push({ field: 'preemptionPolicy', type: 'NotSupported', value: o.preemptionPolicy, detail: 'supported values: "Never", "PreemptLowerPriority"' });
    return errs;
  },
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if (o.value !== old.value) errs.push({ field: 'value', type: 'Forbidden', detail: 'may not be changed in an update.' });
    if (o.preemptionPolicy !== old.preemptionPolicy) errs.push({ field: 'preemptionPolicy', type: 'Invalid', value: o.preemptionPolicy, detail: 'field is immutable' });
    return errs;
  },
};

// ---------------- Lease ----------------
export const leaseStrategy: Strategy = {
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    if (typeof s.leaseDurationSeconds === 'number' && s.leaseDurationSeconds <= 0)
      errs.push({ field: 'spec.leaseDurationSeconds', type: 'Invalid', value: s.leaseDurationSeconds, detail: 'must be greater than 0' });
    if (typeof s.leaseTransitions === 'number' && s.leaseTransitions < 0)
      errs.push({ field: 'spec.leaseTransitions', type: 'Invalid', value: s.leaseTransitions, detail: 'must be greater than or equal to 0' });
    return errs;
  },
  // a node's lease is renewed every 10 s by its kubelet: computed when read
  present: (o, api) => presentLease(o, api.store, api.clock.now()),
};

// ---------------- RBAC ----------------
const RBAC_GROUP = 'rbac.authorization.k8s.io';
function validateRules(rules: any[] | undefined, path: string, isNamespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  (rules ?? []).forEach((r: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!(r.verbs ?? []).length) errs.push({ field: `${p}.verbs`, type: 'Required', detail: 'verbs must contain at least one value' });
    if ((r.nonResourceURLs ?? []).length) {
      if (isNamespaced) errs.push({ field: `${p}.nonResourceURLs`, type: 'Invalid', value: r.nonResourceURLs, detail: 'namespaced rules cannot apply to non-resource URLs' });
      if ((r.apiGroups ?? []).length || (r.resources ?? []).length || (r.resourceNames ?? []).length)
        errs.push({ field: `${p}.nonResourceURLs`, type: 'Invalid', value: r.nonResourceURLs, detail: 'rules cannot apply to both regular resources and non-resource URLs' });
      return;
    }
    if (!(r.apiGroups ?? []).length) errs.push({ field: `${p}.apiGroups`, type: 'Required', detail: 'resource rules must supply at least one api group' });
    if (!(r.resources ?? []).length) errs.push({ field: `${p}.resources`, type: 'Required', detail: 'resource rules must supply at least one resource' });
  });
  return errs;
}
function defaultBinding(o: KObject): void {
  o.roleRef ??= {};
  if (!o.roleRef.apiGroup) o.roleRef.apiGroup = RBAC_GROUP;
  for (const s of o.subjects ?? []) {
    if (s.apiGroup === undefined || s.apiGroup === '') {
      if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
      else if (s.kind === 'ServiceAccount') s.apiGroup = '';
    }
  }
}
function validateBinding(o: KObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const rr = o.roleRef ?? {};
  if (rr.apiGroup !== RBAC_GROUP) errs.push({ field: 'roleRef.apiGroup', type: 'NotSupported', value: rr.apiGroup ?? '', detail: `supported values: "${RBAC_GROUP}"` });
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(rr.kind)) errs.push({ field: 'roleRef.kind', type: 'NotSupported', value: rr.kind ?? '', detail: `supported values: ${kinds.map(k => `"${k}"`).join(', ')}` });
  if (!rr.name) errs.push({ field: 'roleRef.name', type: 'Required' });
  else for (const m of pathSegment(rr.name)) errs.push({ field: 'roleRef.name', type: 'Invalid', value: rr.name, detail: m });
  (o.subjects ?? []).forEach((s: any, i: number) => {
    const p = `subjects[${i}]`;
    if (!s.name) errs.push({ field: `${p}.name`, type: 'Required' });
    switch (s.kind) {
      case 'ServiceAccount':
        if (s.name) for (const m of dns1123Subdomain(s.name)) errs.push({ field: `${p}.name`, type: 'Invalid', value: s.name, detail: m });
        if (s.apiGroup) errs.push({ field: `${p}.apiGroup`, type: 'NotSupported', value: s.apiGroup, detail: 'supported values: ""' });
        if (!namespaced && !s.namespace) errs.push({ field: `${p}.namespace`, type: 'Required' });
        break;
      case 'User': case 'Group':
        if (s.apiGroup !== RBAC_GROUP) errs.push({ field: `${p}.apiGroup`, type: 'NotSupported', value: s.apiGroup ?? '', detail: `supported values: "${RBAC_GROUP}"` });
        break;
      default:
        errs.push({ field: `${p}.kind`, type: 'NotSupported', value: s.kind ?? '', detail: 'supported values: "ServiceAccount", "User", "Group"' });
    }
  });
  return errs;
}
function roleRefImmutable(o: KObject, old: KObject): FieldError[] {
  const a = o.roleRef ?? {}, b = old.roleRef ?? {};
  if (a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name) return [];
  return [invalidRaw('roleRef', `rbac.RoleRef{APIGroup:${JSON.stringify(a.apiGroup ?? '')}, Kind:${JSON.stringify(a.kind ?? '')}, Name:${JSON.stringify(a.name ?? '')}}`, 'cannot change roleRef')];
}
export const roleStrategy: Strategy = { nameRule: 'path', validate: o => validateRules(o.rules, 'rules', true) };
export const clusterRoleStrategy: Strategy = { nameRule: 'path', validate: o => validateRules(o.rules, 'rules', false) };
export const roleBindingStrategy: Strategy = {
  nameRule: 'path', prepareForCreate: defaultBinding, prepareForUpdate: defaultBinding,
  validate: o => validateBinding(o, true), validateUpdate: roleRefImmutable,
};
export const clusterRoleBindingStrategy: Strategy = {
  nameRule: 'path', prepareForCreate: defaultBinding, prepareForUpdate: defaultBinding,
  validate: o => validateBinding(o, false), validateUpdate: roleRefImmutable,
};

// ---------------- EndpointSlice ----------------
function defaultSlice(o: KObject): void {
  for (const p of o.ports ?? []) { p.name ??= ''; p.protocol ??= 'TCP'; }
}
export const endpointSliceStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: defaultSlice,
  prepareForUpdate: defaultSlice,
  validate(o) {
    const errs: FieldError[] = [];
    if (!o.addressType) errs.push({ field: 'addressType', type: 'Required' });
    else if (!['FQDN', 'IPv4', 'IPv6'].includes(o.addressType)) errs.push({ field: 'addressType', type: 'NotSupported', value: o.addressType, detail: 'supported values: "FQDN", "IPv4", "IPv6"' });
    (o.endpoints ?? []).forEach((e: any, i: number) => {
      if (!(e.addresses ?? []).length) errs.push({ field: `endpoints[${i}].addresses`, type: 'Required', detail: 'must contain at least 1 address' });
    });
    (o.ports ?? []).forEach((p: any, i: number) => {
      if (p.port != null) for (const m of portNumErrors(p.port)) errs.push({ field: `ports[${i}].port`, type: 'Invalid', value: p.port, detail: m });
    });
    return errs;
  },
  validateUpdate: (o, old) => (o.addressType !== old.addressType ? [{ field: 'addressType', type: 'Invalid', value: o.addressType, detail: 'field is immutable' }] : []),
};
