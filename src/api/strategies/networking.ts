// networking.k8s.io/v1 Ingress and IngressClass, as kube-apiserver 1.33 handles them: the DefaultIngressClass
// admission plugin (the newest IngressClass annotated `ingressclass.kubernetes.io/is-default-class: "true"`
// is set on an Ingress that names no class), IngressClass defaulting (parameters.scope = Cluster), and
// pkg/apis/networking/validation: path types Exact/Prefix/ImplementationSpecific, host wildcards,
// defaultBackend, service and resource backends, TLS hosts and secret names, the controller name.
import type { Strategy } from './types';
import type { KObject } from '../types';
import type { FieldError } from '../errors';
import { byGroupResource } from '../discovery';
import { dns1123Subdomain, dns1123Label, dns1035Label } from '../validation/meta';
import { invalid } from '../errors';
import { portNameErrors, portNumErrors } from './service';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const WILDCARD_MSG = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** validation.IsWildcardDNS1123Subdomain */
function wildcardSubdomain(v: string): string[] {
  const e: string[] = [];
  if (v.length > 253) e.push('must be no more than 253 characters');
  if (!/^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v)) e.push(WILDCARD_MSG);
  return e;
}
const isIP = (h: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h) && h.split('.').every(x => Number(x) <= 255) || (h.includes(':') && /^[0-9a-fA-F:.]+$/.test(h));
/** path.IsValidPathSegmentName */
function pathSegment(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const e: string[] = [];
  for (const c of ['/', '%']) if (v.includes(c)) e.push(`may not contain '${c}'`);
  return e;
}
function hostErrors(host: string, field: string): FieldError[] {
  if (host.includes('*')) return wildcardSubdomain(host).map(m => ({ field, type: 'Invalid', value: host, detail: m }));
  return dns1123Subdomain(host).map(m => ({ field, type: 'Invalid', value: host, detail: m }));
}

function typedLocalRef(r: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!r) return errs;
  if (r.apiGroup !== undefined && r.apiGroup !== null) for (const m of dns1123Subdomain(String(r.apiGroup))) errs.push({ field: `${path}.apiGroup`, type: 'Invalid', value: r.apiGroup, detail: m });
  if (!r.kind) errs.push({ field: `${path}.kind`, type: 'Required', detail: 'kind is required' });
  else for (const m of pathSegment(r.kind)) errs.push({ field: `${path}.kind`, type: 'Invalid', value: r.kind, detail: m });
  if (!r.name) errs.push({ field: `${path}.name`, type: 'Required', detail: 'name is required' });
  else for (const m of pathSegment(r.name)) errs.push({ field: `${path}.name`, type: 'Invalid', value: r.name, detail: m });
  return errs;
}

/** validateIngressBackend */
function validateBackend(b: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasResource = b?.resource != null, hasService = b?.service != null;
  if (hasResource && hasService) return [{ field: path, type: 'Invalid', value: '', detail: 'cannot set both resource and service backends' }];
  if (hasResource) return typedLocalRef(b.resource, `${path}.resource`);
  if (!hasService) return [{ field: path, type: 'Invalid', value: '', detail: 'resource or service backend is required' }];
  const svc = b.service;
  if (!svc.name) errs.push({ field: `${path}.service.name`, type: 'Required' });
  else for (const m of dns1035Label(svc.name)) errs.push({ field: `${path}.service.name`, type: 'Invalid', value: svc.name, detail: m });
  const pname = svc.port?.name ?? '', pnum = svc.port?.number ?? 0;
  if (pname && pnum) errs.push({ field: path, type: 'Invalid', value: '', detail: 'cannot set both port name & port number' });
  else if (pname) for (const m of portNameErrors(pname)) errs.push({ field: `${path}.service.port.name`, type: 'Invalid', value: pname, detail: m });
  else if (pnum) for (const m of portNumErrors(pnum)) errs.push({ field: `${path}.service.port.number`, type: 'Invalid', value: pnum, detail: m });
  else errs.push({ field: path, type: 'Required', detail: 'port name or number is required' });
  return errs;
}

function validatePath(p: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.pathType === undefined || p.pathType === null) return [{ field: `${path}.pathType`, type: 'Required', detail: 'pathType must be specified' }];
  const v = String(p.path ?? '');
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!v.startsWith('/')) errs.push({ field: `${path}.path`, type: 'Invalid', value: v, detail: 'must be an absolute path' });
    if (v.length) {
      for (const s of INVALID_SEQUENCES) if (v.includes(s)) errs.push({ field: `${path}.path`, type: 'Invalid', value: v, detail: `must not contain '${s}'` });
      for (const s of INVALID_SUFFIXES) if (v.endsWith(s)) errs.push({ field: `${path}.path`, type: 'Invalid', value: v, detail: `cannot end with '${s}'` });
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (v.length && !v.startsWith('/')) errs.push({ field: `${path}.path`, type: 'Invalid', value: v, detail: 'must be an absolute path' });
  } else {
    errs.push({ field: `${path}.pathType`, type: 'NotSupported', value: p.pathType, detail: `supported values: ${PATH_TYPES.map(t => `"${t}"`).join(', ')}` });
  }
  errs.push(...validateBackend(p.backend ?? {}, `${path}.backend`));
  return errs;
}

/** ValidateIngressSpec */
export function validateIngressSpec(s: any): FieldError[] {
  const errs: FieldError[] = [];
  const rules: any[] = s.rules ?? [];
  if (!rules.length && !s.defaultBackend)
    errs.push({ field: 'spec', type: 'Invalid', omitValue: true, detail: `${s.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)'}: either \`defaultBackend\` or \`rules\` must be specified` });
  if (s.defaultBackend) errs.push(...validateBackend(s.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const p = `spec.rules[${i}]`;
    if (r.host) {
      if (isIP(r.host)) errs.push({ field: `${p}.host`, type: 'Invalid', value: r.host, detail: 'must be a DNS name, not an IP address' });
      errs.push(...hostErrors(r.host, `${p}.host`));
    }
    if (r.http) {
      const paths: any[] = r.http.paths ?? [];
      if (!paths.length) errs.push({ field: `${p}.http.paths`, type: 'Required' });
      paths.forEach((hp, j) => errs.push(...validatePath(hp ?? {}, `${p}.http.paths[${j}]`)));
    }
  });
  (s.tls ?? []).forEach((t: any, i: number) => {
    (t.hosts ?? []).forEach((h: string, j: number) => errs.push(...hostErrors(String(h), `spec.tls[${i}].hosts[${j}]`)));
    if (t.secretName) for (const m of dns1123Subdomain(t.secretName)) errs.push({ field: `spec.tls[${i}].secretName`, type: 'Invalid', value: t.secretName, detail: m });
  });
  if (s.ingressClassName !== undefined && s.ingressClassName !== null)
    for (const m of dns1123Subdomain(String(s.ingressClassName))) errs.push({ field: 'spec.ingressClassName', type: 'Invalid', value: s.ingressClassName, detail: m });
  return errs;
}

/** The DefaultIngressClass admission plugin: the newest default class (ties: by name). */
export function defaultIngressClass(classes: KObject[]): KObject | undefined {
  const defs = classes.filter(c => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defs.sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '', tb = b.metadata.creationTimestamp ?? '';
    if (ta === tb) return a.metadata.name! < b.metadata.name! ? -1 : 1;
    return ta > tb ? -1 : 1;
  });
  return defs[0];
}

export const ingressStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(o, api) {
    o.spec ??= {};
    o.status = { loadBalancer: {} };
    if ((o.spec.ingressClassName === undefined || o.spec.ingressClassName === null) && !(o.metadata.annotations && CLASS_ANNOTATION in o.metadata.annotations)) {
      const ri = byGroupResource('networking.k8s.io', 'ingressclasses');
      const def = ri ? defaultIngressClass(api.list(ri, undefined)) : undefined;
      if (def) o.spec.ingressClassName = def.metadata.name;
    }
    // ValidateIngressCreate: the class annotation and field must agree
    const ann = o.metadata.annotations?.[CLASS_ANNOTATION];
    if (ann !== undefined && o.spec.ingressClassName != null && ann !== o.spec.ingressClassName)
      throw invalid('Ingress', 'networking.k8s.io', o.metadata.name ?? '', [{ field: `annotations.${CLASS_ANNOTATION}`, type: 'Invalid', value: ann, detail: 'must match `ingressClassName` when both are specified' }]);
  },
  prepareForUpdate(o) { o.spec ??= {}; },
  validate(o) {
    return validateIngressSpec(o.spec ?? {});
  },
};

function defaultIngressClassSpec(o: KObject): void {
  const p = o.spec?.parameters;
  if (p && (p.scope === undefined || p.scope === null)) p.scope = 'Cluster';
}
export const ingressClassStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: defaultIngressClassSpec,
  prepareForUpdate: defaultIngressClassSpec,
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    const ctl = String(s.controller ?? '');
    if (ctl.length > 250) errs.push({ field: 'spec.controller', type: 'TooLong', detail: 'may not be more than 250 bytes' });
    const seg = ctl.split('/');
    const host = seg[0] ?? '', rest = ctl.slice(host.length + 1);
    if (!ctl.includes('/') || !host || !rest) errs.push({ field: 'spec.controller', type: 'Invalid', value: ctl, detail: 'must be a domain-prefixed path (such as "acme.io/foo")' });
    else {
      for (const m of dns1123Subdomain(host)) errs.push({ field: 'spec.controller', type: 'Invalid', value: host, detail: m });
      if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest))
        errs.push({ field: 'spec.controller', type: 'Invalid', value: rest, detail: "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')" });
    }
    const p = s.parameters;
    if (p) {
      errs.push(...typedLocalRef(p, 'spec.parameters'));
      if (p.scope === undefined || p.scope === null) errs.push({ field: 'spec.parameters.scope', type: 'Required' });
      else if (!['Cluster', 'Namespace'].includes(p.scope)) errs.push({ field: 'spec.parameters.scope', type: 'NotSupported', value: p.scope, detail: 'supported values: "Cluster", "Namespace"' });
      else if (p.scope === 'Namespace') {
        if (p.namespace === undefined || p.namespace === null) errs.push({ field: 'spec.parameters.namespace', type: 'Required', detail: "`parameters.scope` is set to 'Namespace'" });
        else for (const m of dns1123Label(String(p.namespace))) errs.push({ field: 'spec.parameters.namespace', type: 'Invalid', value: p.namespace, detail: m });
      } else if (p.namespace !== undefined && p.namespace !== null) errs.push({ field: 'spec.parameters.namespace', type: 'Forbidden', detail: "`parameters.scope` is set to 'Cluster'" });
    }
    return errs;
  },
  validateUpdate: (o, old) => (o.spec?.controller !== old.spec?.controller
    ? [{ field: 'spec.controller', type: 'Invalid', value: o.spec?.controller ?? '', detail: 'field is immutable' }] : []),
};
