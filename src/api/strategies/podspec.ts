// PodSpec defaults and validation, shared by Pod and every kind with a pod template.
import type { FieldError } from '../errors';
import { dns1123Label, dns1123Subdomain, validateLabels } from '../validation/meta';
import { isQuantity, parseQuantity } from '../../util/quantity';

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
function defaultHttpGet(h: any): void { if (h) { h.path ??= '/'; h.scheme ??= 'HTTP'; } }
function defaultProbe(p: any): void {
  if (!p) return;
  p.timeoutSeconds ??= 1; p.periodSeconds ??= 10; p.successThreshold ??= 1; p.failureThreshold ??= 3;
  defaultHttpGet(p.httpGet);
  if (p.grpc) p.grpc.service ??= ''; // GRPCAction.service: +default=""
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
  defaultHttpGet(c.lifecycle?.postStart?.httpGet); defaultHttpGet(c.lifecycle?.preStop?.httpGet);
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
}
/** An ephemeral container's defaults (the same as a container's). */
export function defaultEphemeralContainer(c: any): void { defaultContainer(c, true); }
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
  const names = new Set<string>();
  const volNames = new Set<string>((spec.volumes ?? []).map((v: any) => v.name));
  const vseen = new Set<string>();
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (!v.name) errs.push({ field: `${path}.volumes[${i}].name`, type: 'Required' });
    else {
      for (const m of dns1123Label(v.name)) errs.push({ field: `${path}.volumes[${i}].name`, type: 'Invalid', value: v.name, detail: m });
      if (vseen.has(v.name)) errs.push({ field: `${path}.volumes[${i}].name`, type: 'Duplicate', value: v.name });
      vseen.add(v.name);
    }
    errs.push(...validateVolumeSource(v, `${path}.volumes[${i}]`));
  });
  const check = (list: any[], kind: string) => list.forEach((c, i) => {
    const p = `${path}.${kind}[${i}]`;
    if (!c.name) errs.push({ field: `${p}.name`, type: 'Required' });
    else {
      for (const m of dns1123Label(c.name)) errs.push({ field: `${p}.name`, type: 'Invalid', value: c.name, detail: m });
      if (names.has(c.name)) errs.push({ field: `${p}.name`, type: 'Duplicate', value: c.name });
      names.add(c.name);
    }
    if (!c.image || !String(c.image).trim()) errs.push({ field: `${p}.image`, type: 'Required' });
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
    (c.env ?? []).forEach((e: any, j: number) => errs.push(...validateEnvVar(e, `${p}.env[${j}]`)));
    (c.volumeMounts ?? []).forEach((m: any, j: number) => {
      if (!m.name) errs.push({ field: `${p}.volumeMounts[${j}].name`, type: 'Required' });
      else if (!volNames.has(m.name)) errs.push({ field: `${p}.volumeMounts[${j}].name`, type: 'NotFound', value: m.name });
      if (!m.mountPath) errs.push({ field: `${p}.volumeMounts[${j}].mountPath`, type: 'Required' });
    });
    if (c.imagePullPolicy && !PULL.includes(c.imagePullPolicy))
      errs.push({ field: `${p}.imagePullPolicy`, type: 'NotSupported', value: c.imagePullPolicy, detail: 'supported values: "Always", "IfNotPresent", "Never"' });
    errs.push(...validateResources(c.resources, `${p}.resources`));
    const sidecar = kind === 'initContainers' && c.restartPolicy === 'Always';
    for (const pr of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (!c[pr]) continue;
      if (kind === 'initContainers' && !sidecar) { errs.push({ field: `${p}.${pr}`, type: 'Forbidden', detail: 'may not be set for init containers without restartPolicy=Always' }); continue; }
      errs.push(...validateProbe(c[pr], `${p}.${pr}`, pr));
    }
    if (c.restartPolicy !== undefined && (kind !== 'initContainers' || c.restartPolicy !== 'Always'))
      errs.push(kind === 'initContainers'
        ? { field: `${p}.restartPolicy`, type: 'NotSupported', value: c.restartPolicy, detail: 'supported values: "Always"' }
        : { field: `${p}.restartPolicy`, type: 'Forbidden', detail: 'may not be set for non-init containers' });
  });
  if (!containers.length) errs.push({ field: `${path}.containers`, type: 'Required' });
  check(containers, 'containers');
  check(spec.initContainers ?? [], 'initContainers');
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

// ---------------- container details (pkg/apis/core/validation) ----------------
const ENV_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
function configKeyErrs(k: string): string[] {
  const e: string[] = [];
  if (k.length > 253) e.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(k)) e.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  if (k === '.') e.push("must not be '.'"); else if (k === '..') e.push("must not be '..'"); else if (k.startsWith('..')) e.push("must not start with '..'");
  return e;
}
function validateKeySelector(s: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s.name) for (const m of dns1123Subdomain(s.name)) errs.push({ field: `${path}.name`, type: 'Invalid', value: s.name, detail: m });
  if (!s.key) errs.push({ field: `${path}.key`, type: 'Required' });
  else for (const m of configKeyErrs(s.key)) errs.push({ field: `${path}.key`, type: 'Invalid', value: s.key, detail: m });
  return errs;
}
function validateEnvVar(e: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!e.name) errs.push({ field: `${path}.name`, type: 'Required' });
  else if (!/^[ -<>-~]+$/.test(e.name))
    errs.push({ field: `${path}.name`, type: 'Invalid', value: e.name, detail: "a valid environment variable name must consist only of printable ASCII characters other than '='" });
  const vf = e.valueFrom;
  if (!vf) return errs;
  const vp = `${path}.valueFrom`;
  let n = 0;
  if (vf.fieldRef) {
    n++;
    const fp = vf.fieldRef.fieldPath;
    if (!vf.fieldRef.apiVersion) errs.push({ field: `${vp}.fieldRef.apiVersion`, type: 'Required' });
    if (!fp) errs.push({ field: `${vp}.fieldRef.fieldPath`, type: 'Required' });
    else if (!ENV_FIELD_PATHS.includes(fp) && !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(fp))
      errs.push({ field: `${vp}.fieldRef.fieldPath`, type: 'NotSupported', value: fp, detail: `supported values: ${ENV_FIELD_PATHS.map(x => `"${x}"`).join(', ')}` });
  }
  if (vf.resourceFieldRef) {
    n++;
    const r = vf.resourceFieldRef.resource;
    const ok = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
    if (!r) errs.push({ field: `${vp}.resourceFieldRef.resource`, type: 'Required' });
    else if (!ok.includes(r) && !/^(limits|requests)\.hugepages-/.test(r))
      errs.push({ field: `${vp}.resourceFieldRef.resource`, type: 'NotSupported', value: r, detail: `supported values: ${ok.map(x => `"${x}"`).join(', ')}` });
  }
  if (vf.configMapKeyRef) { n++; errs.push(...validateKeySelector(vf.configMapKeyRef, `${vp}.configMapKeyRef`)); }
  if (vf.secretKeyRef) { n++; errs.push(...validateKeySelector(vf.secretKeyRef, `${vp}.secretKeyRef`)); }
  if (n === 0) errs.push({ field: vp, type: 'Invalid', value: '', detail: 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`' });
  else if (e.value) errs.push({ field: vp, type: 'Invalid', value: '', detail: 'may not be specified when `value` is not empty' });
  else if (n > 1) errs.push({ field: vp, type: 'Invalid', value: '', detail: 'may not have more than one field specified at a time' });
  return errs;
}

const STD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const OVERCOMMIT = (r: string) => STD_CONTAINER_RESOURCES.includes(r);
function validateResources(res: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!res) return errs;
  const lim: Record<string, unknown> = res.limits ?? {}, req: Record<string, unknown> = res.requests ?? {};
  const checkName = (r: string, p: string) => {
    if (STD_CONTAINER_RESOURCES.includes(r) || r.startsWith('hugepages-')) return;
    if (!r.includes('/') || r.startsWith('kubernetes.io/') || r.startsWith('requests.'))
      errs.push({ field: p, type: 'Invalid', value: r, detail: 'must be a standard resource type or fully qualified' });
  };
  for (const r of Object.keys(lim).sort()) {
    checkName(r, `${path}.limits[${r}]`);
    if (isQuantity(lim[r]) && parseQuantity(lim[r]) < 0) errs.push({ field: `${path}.limits[${r}]`, type: 'Invalid', value: String(lim[r]), detail: 'must be greater than or equal to 0' });
  }
  for (const r of Object.keys(req).sort()) {
    checkName(r, `${path}.requests[${r}]`);
    if (!isQuantity(req[r])) continue;
    if (parseQuantity(req[r]) < 0) errs.push({ field: `${path}.requests[${r}]`, type: 'Invalid', value: String(req[r]), detail: 'must be greater than or equal to 0' });
    if (r in lim && isQuantity(lim[r])) {
      const a = parseQuantity(req[r]), b = parseQuantity(lim[r]);
      if (!OVERCOMMIT(r) && !r.startsWith('hugepages-') && a !== b)
        errs.push({ field: `${path}.requests`, type: 'Invalid', value: String(req[r]), detail: `must be equal to ${r} limit of ${lim[r]}` });
      else if (a > b) errs.push({ field: `${path}.requests`, type: 'Invalid', value: String(req[r]), detail: `must be less than or equal to ${r} limit of ${lim[r]}` });
    } else if (!OVERCOMMIT(r) && !r.startsWith('hugepages-')) {
      errs.push({ field: `${path}.limits`, type: 'Required', detail: 'Limit must be set for non overcommitable resources' });
    }
  }
  return errs;
}

function validatePortNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === 'number') return v < 1 || v > 65535 ? [{ field: path, type: 'Invalid', value: v, detail: 'must be between 1 and 65535, inclusive' }] : [];
  if (typeof v === 'string') {
    const e: string[] = [];
    if (v.length > 15) e.push('must be no more than 15 characters');
    if (!/^[-a-z0-9]+$/.test(v)) e.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
    if (!/[a-z]/.test(v)) e.push('must contain at least one letter (a-z)');
    if (v.includes('--')) e.push('must not contain consecutive hyphens');
    if (v.startsWith('-') || v.endsWith('-')) e.push('must not begin or end with a hyphen');
    return e.map(m => ({ field: path, type: 'Invalid', value: v, detail: m }));
  }
  return [{ field: path, type: 'Invalid', value: 0, detail: 'must be between 1 and 65535, inclusive' }];
}
function validateProbe(pr: any, path: string, which: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const h of ['exec', 'httpGet', 'tcpSocket', 'grpc']) {
    if (pr[h] == null) continue;
    if (n > 0) { errs.push({ field: `${path}.${h}`, type: 'Forbidden', detail: 'may not specify more than 1 handler type' }); continue; }
    n++;
    if (h === 'exec' && !(pr.exec.command ?? []).length) errs.push({ field: `${path}.exec.command`, type: 'Required' });
    if (h === 'httpGet') {
      if (!pr.httpGet.path) errs.push({ field: `${path}.httpGet.path`, type: 'Required' });
      errs.push(...validatePortNumOrName(pr.httpGet.port, `${path}.httpGet.port`));
      if (pr.httpGet.scheme && !['HTTP', 'HTTPS'].includes(pr.httpGet.scheme))
        errs.push({ field: `${path}.httpGet.scheme`, type: 'NotSupported', value: pr.httpGet.scheme, detail: 'supported values: "HTTP", "HTTPS"' });
    }
    if (h === 'tcpSocket') errs.push(...validatePortNumOrName(pr.tcpSocket.port, `${path}.tcpSocket.port`));
    if (h === 'grpc') errs.push(...validatePortNumOrName(pr.grpc.port ?? 0, `${path}.grpc.port`));
  }
  if (n === 0) errs.push({ field: path, type: 'Required', detail: 'must specify a handler type' });
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'])
    if (typeof pr[k] === 'number' && pr[k] < 0) errs.push({ field: `${path}.${k}`, type: 'Invalid', value: pr[k], detail: 'must be greater than or equal to 0' });
  if (typeof pr.terminationGracePeriodSeconds === 'number') {
    if (which === 'readinessProbe') errs.push({ field: `${path}.terminationGracePeriodSeconds`, type: 'Invalid', value: pr.terminationGracePeriodSeconds, detail: 'must not be set for readinessProbes' });
    else if (pr.terminationGracePeriodSeconds <= 0) errs.push({ field: `${path}.terminationGracePeriodSeconds`, type: 'Invalid', value: pr.terminationGracePeriodSeconds, detail: 'must be greater than 0' });
  }
  if (which !== 'readinessProbe' && typeof pr.successThreshold === 'number' && pr.successThreshold !== 1)
    errs.push({ field: `${path}.successThreshold`, type: 'Invalid', value: pr.successThreshold, detail: 'must be 1' });
  return errs;
}

const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume',
  'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image'];
const HOSTPATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
function validateMode(m: unknown, path: string): FieldError[] {
  return typeof m === 'number' && (m < 0 || m > 0o777)
    ? [{ field: path, type: 'Invalid', value: m, detail: 'must be a number between 0 and 0777 (octal), both inclusive' }] : [];
}
function validateItems(items: any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (items ?? []).forEach((it: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!it.key) errs.push({ field: `${p}.key`, type: 'Required' });
    if (!it.path) errs.push({ field: `${p}.path`, type: 'Required' });
    else if (it.path.startsWith('/')) errs.push({ field: `${p}.path`, type: 'Invalid', value: it.path, detail: 'must be a relative path' });
    else if (it.path.split('/').includes('..')) errs.push({ field: `${p}.path`, type: 'Invalid', value: it.path, detail: "must not contain '..'" });
    errs.push(...validateMode(it.mode, `${p}.mode`));
  });
  return errs;
}
function validateVolumeSource(v: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const present = VOLUME_SOURCES.filter(k => v[k] != null);
  if (!present.length) { errs.push({ field: path, type: 'Required', detail: 'must specify a volume type' }); return errs; }
  for (const k of present.slice(1)) errs.push({ field: `${path}.${k}`, type: 'Forbidden', detail: 'may not specify more than 1 volume type' });
  const k = present[0]!;
  const s = v[k];
  const p = `${path}.${k}`;
  switch (k) {
    case 'hostPath':
      if (!s.path) errs.push({ field: `${p}.path`, type: 'Required' });
      if (s.type !== undefined && !HOSTPATH_TYPES.includes(s.type))
        errs.push({ field: `${p}.type`, type: 'NotSupported', value: s.type, detail: `supported values: ${HOSTPATH_TYPES.map(x => `"${x}"`).join(', ')}` });
      break;
    case 'secret':
      if (!s.secretName) errs.push({ field: `${p}.secretName`, type: 'Required' });
      else for (const m of dns1123Subdomain(s.secretName)) errs.push({ field: `${p}.secretName`, type: 'Invalid', value: s.secretName, detail: m });
      errs.push(...validateMode(s.defaultMode, `${p}.defaultMode`), ...validateItems(s.items, `${p}.items`));
      break;
    case 'configMap':
      if (!s.name) errs.push({ field: `${p}.name`, type: 'Required' });
      else for (const m of dns1123Subdomain(s.name)) errs.push({ field: `${p}.name`, type: 'Invalid', value: s.name, detail: m });
      errs.push(...validateMode(s.defaultMode, `${p}.defaultMode`), ...validateItems(s.items, `${p}.items`));
      break;
    case 'persistentVolumeClaim':
      if (!s.claimName) errs.push({ field: `${p}.claimName`, type: 'Required' });
      break;
    case 'nfs':
      if (!s.server) errs.push({ field: `${p}.server`, type: 'Required' });
      if (!s.path) errs.push({ field: `${p}.path`, type: 'Required' });
      else if (!s.path.startsWith('/')) errs.push({ field: `${p}.path`, type: 'Invalid', value: s.path, detail: 'must be an absolute path' });
      break;
    case 'emptyDir':
      if (s.medium !== undefined && !['', 'Memory', 'HugePages'].includes(s.medium) && !String(s.medium).startsWith('HugePages-'))
        errs.push({ field: `${p}.medium`, type: 'NotSupported', value: s.medium, detail: 'supported values: "", "Memory", "HugePages"' });
      if (s.sizeLimit !== undefined && isQuantity(s.sizeLimit) && parseQuantity(s.sizeLimit) < 0)
        errs.push({ field: `${p}.sizeLimit`, type: 'Invalid', value: String(s.sizeLimit), detail: 'must be greater than or equal to 0' });
      break;
    case 'downwardAPI':
      errs.push(...validateMode(s.defaultMode, `${p}.defaultMode`));
      break;
    case 'projected':
      errs.push(...validateMode(s.defaultMode, `${p}.defaultMode`));
      break;
    case 'csi':
      if (!s.driver) errs.push({ field: `${p}.driver`, type: 'Required' });
      break;
    case 'image':
      if (!s.reference) errs.push({ field: `${p}.reference`, type: 'Required' });
      break;
  }
  return errs;
}
