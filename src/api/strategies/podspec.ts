// PodSpec defaults and validation, shared by Pod and every kind with a pod template.
import type { FieldError } from '../errors';
import { dns1123Label, dns1123Subdomain, validateLabels } from '../validation/meta';

function hasTagOrDigest(image: string): { tag?: string; digest: boolean } {
  const at = image.indexOf('@');
  if (at >= 0) return { digest: true };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { tag: image.slice(colon + 1), digest: false };
  return { digest: false };
}
export function defaultPullPolicy(image: string): string {
  const t = hasTagOrDigest(image);
  if (t.digest) return 'IfNotPresent';
  if (!t.tag || t.tag === 'latest') return 'Always';
  return 'IfNotPresent';
}
function defaultProbe(p: any): void {
  if (!p) return;
  p.timeoutSeconds ??= 1; p.periodSeconds ??= 10; p.successThreshold ??= 1; p.failureThreshold ??= 3;
  if (p.httpGet) { p.httpGet.path ??= '/'; p.httpGet.scheme ??= 'HTTP'; }
}
function defaultContainer(c: any, pod: boolean): void {
  if (c.image !== undefined) c.imagePullPolicy ??= defaultPullPolicy(String(c.image));
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  c.resources ??= {};
  if (pod && c.resources.limits) {
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
  }
  defaultProbe(c.livenessProbe); defaultProbe(c.readinessProbe); defaultProbe(c.startupProbe);
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
}
export function defaultPodSpec(spec: any, opts: { pod: boolean }): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  if (opts.pod) spec.enableServiceLinks ??= true;
  for (const c of spec.containers ?? []) defaultContainer(c, opts.pod);
  for (const c of spec.initContainers ?? []) defaultContainer(c, opts.pod);
  for (const v of spec.volumes ?? []) {
    for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) if (v[k]) v[k].defaultMode ??= 420;
    if (!Object.keys(v).some(k => k !== 'name')) v.emptyDir = {};
  }
}

const RESTART = ['Always', 'OnFailure', 'Never'];
const DNS = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL = ['Always', 'IfNotPresent', 'Never'];

export function validatePodSpec(spec: any, path: string, opts: { pod: boolean; template?: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  const containers: any[] = spec.containers ?? [];
  if (!containers.length) errs.push({ field: `${path}.containers`, type: 'Required' });
  const names = new Set<string>();
  const volNames = new Set<string>((spec.volumes ?? []).map((v: any) => v.name));
  const check = (list: any[], kind: string) => list.forEach((c, i) => {
    const p = `${path}.${kind}[${i}]`;
    if (!c.name) errs.push({ field: `${p}.name`, type: 'Required' });
    else {
      for (const m of dns1123Label(c.name)) errs.push({ field: `${p}.name`, type: 'Invalid', value: c.name, detail: m });
      if (names.has(c.name)) errs.push({ field: `${p}.name`, type: 'Duplicate', value: c.name });
      names.add(c.name);
    }
    if (!c.image || !String(c.image).trim()) errs.push({ field: `${p}.image`, type: 'Required' });
    if (c.imagePullPolicy && !PULL.includes(c.imagePullPolicy))
      errs.push({ field: `${p}.imagePullPolicy`, type: 'NotSupported', value: c.imagePullPolicy, detail: 'supported values: "Always", "IfNotPresent", "Never"' });
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((pt: any, j: number) => {
      const pp = `${p}.ports[${j}]`;
      const n = pt.containerPort;
      if (n === undefined || n === 0) errs.push({ field: `${pp}.containerPort`, type: 'Required' });
      else if (typeof n === 'number' && (n < 1 || n > 65535)) errs.push({ field: `${pp}.containerPort`, type: 'Invalid', value: n, detail: 'must be between 1 and 65535, inclusive' });
      if (pt.hostPort !== undefined && (pt.hostPort < 1 || pt.hostPort > 65535)) errs.push({ field: `${pp}.hostPort`, type: 'Invalid', value: pt.hostPort, detail: 'must be between 1 and 65535, inclusive' });
      if (pt.protocol && !['TCP', 'UDP', 'SCTP'].includes(pt.protocol)) errs.push({ field: `${pp}.protocol`, type: 'NotSupported', value: pt.protocol, detail: 'supported values: "SCTP", "TCP", "UDP"' });
      if (pt.name) {
        if (pt.name.length > 15) errs.push({ field: `${pp}.name`, type: 'Invalid', value: pt.name, detail: 'must be no more than 15 characters' });
        else if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])*$/.test(pt.name) || !/[a-z]/.test(pt.name) || pt.name.includes('--'))
          errs.push({ field: `${pp}.name`, type: 'Invalid', value: pt.name, detail: "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" });
        if (portNames.has(pt.name)) errs.push({ field: `${pp}.name`, type: 'Duplicate', value: pt.name });
        portNames.add(pt.name);
      }
    });
    (c.volumeMounts ?? []).forEach((m: any, j: number) => {
      if (!m.name) errs.push({ field: `${p}.volumeMounts[${j}].name`, type: 'Required' });
      else if (!volNames.has(m.name)) errs.push({ field: `${p}.volumeMounts[${j}].name`, type: 'NotFound', value: m.name });
      if (!m.mountPath) errs.push({ field: `${p}.volumeMounts[${j}].mountPath`, type: 'Required' });
    });
    (c.env ?? []).forEach((e: any, j: number) => {
      if (!e.name) errs.push({ field: `${p}.env[${j}].name`, type: 'Required' });
    });
  });
  check(spec.initContainers ?? [], 'initContainers');
  check(containers, 'containers');
  const vseen = new Set<string>();
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (!v.name) errs.push({ field: `${path}.volumes[${i}].name`, type: 'Required' });
    else {
      for (const m of dns1123Label(v.name)) errs.push({ field: `${path}.volumes[${i}].name`, type: 'Invalid', value: v.name, detail: m });
      if (vseen.has(v.name)) errs.push({ field: `${path}.volumes[${i}].name`, type: 'Duplicate', value: v.name });
      vseen.add(v.name);
    }
  });
  if (spec.restartPolicy && !RESTART.includes(spec.restartPolicy))
    errs.push({ field: `${path}.restartPolicy`, type: 'NotSupported', value: spec.restartPolicy, detail: 'supported values: "Always", "OnFailure", "Never"' });
  if (spec.dnsPolicy && !DNS.includes(spec.dnsPolicy))
    errs.push({ field: `${path}.dnsPolicy`, type: 'NotSupported', value: spec.dnsPolicy, detail: 'supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"' });
  if (spec.nodeName) for (const m of dns1123Subdomain(spec.nodeName)) errs.push({ field: `${path}.nodeName`, type: 'Invalid', value: spec.nodeName, detail: m });
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`).filter(() => true));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0 && opts.pod)
    errs.push({ field: `${path}.terminationGracePeriodSeconds`, type: 'Invalid', value: spec.terminationGracePeriodSeconds, detail: 'must be greater than or equal to 0' });
  return errs;
}
