// The environment a container sees, computed on demand from the API objects (nothing is stored): the
// variables its spec declares (env with $(VAR) expansion, envFrom, valueFrom field/configMap/secret
// references) and the service variables the kubelet adds for the Services that existed when the container
// started (kubelet getServiceEnvVarMap + envvars.FromServices): FOO_SERVICE_HOST, FOO_SERVICE_PORT,
// FOO_SERVICE_PORT_<NAME>, FOO_PORT, FOO_PORT_6379_TCP, _PROTO, _PORT, _ADDR. The `kubernetes` Service of
// the default namespace is always included; the pod's own namespace only with enableServiceLinks (default).
// For exec, logs and traffic between pods.
import type { KObject } from '../api/types';
import type { APIServer } from '../api/server';
import { byGroupResource } from '../api/discovery';

export interface EnvVar { name: string; value: string }

const envName = (s: string) => s.replace(/-/g, '_').toUpperCase();
const ipSet = (svc: KObject) => !!svc.spec?.clusterIP && svc.spec.clusterIP !== 'None';
const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** envvars.FromServices: the variables for a list of Services, in the order given. */
export function serviceEnvVars(services: KObject[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const svc of services) {
    if (!ipSet(svc)) continue;
    const ports: any[] = svc.spec?.ports ?? [];
    if (!ports.length) continue;
    const prefix = envName(svc.metadata.name!);
    const ip: string = svc.spec.clusterIP;
    out.push({ name: `${prefix}_SERVICE_HOST`, value: ip });
    out.push({ name: `${prefix}_SERVICE_PORT`, value: String(ports[0].port) });
    for (const sp of ports) if (sp.name) out.push({ name: `${prefix}_SERVICE_PORT_${envName(sp.name)}`, value: String(sp.port) });
    ports.forEach((sp, i) => {
      const proto = String(sp.protocol || 'TCP');
      const url = `${proto.toLowerCase()}://${hostPort(ip, sp.port)}`;
      if (i === 0) out.push({ name: `${prefix}_PORT`, value: url });
      const pp = `${prefix}_PORT_${sp.port}_${proto.toUpperCase()}`;
      out.push({ name: pp, value: url });
      out.push({ name: `${pp}_PROTO`, value: proto.toLowerCase() });
      out.push({ name: `${pp}_PORT`, value: String(sp.port) });
      out.push({ name: `${pp}_ADDR`, value: ip });
    });
  }
  return out;
}

/**
 * The Services whose variables a container of `pod` gets (kubelet getServiceEnvVarMap): the master service
 * `kubernetes` from `default`, and with enableServiceLinks the Services of the pod's namespace, each only if
 * it was created no later than `startedAt` (the container's start; a container sees the Services that
 * existed when it started). Sorted by name.
 */
export function visibleServices(pod: KObject, all: { ns: string; services: KObject[] }[], startedAt?: string): KObject[] {
  const ns = pod.metadata.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks !== false;
  const map = new Map<string, KObject>();
  const seen = (s: KObject) => !startedAt || !s.metadata.creationTimestamp || s.metadata.creationTimestamp <= startedAt;
  for (const { ns: sns, services } of all) {
    for (const s of services) {
      if (!ipSet(s) || !seen(s)) continue;
      const name = s.metadata.name!;
      if (sns === 'default' && name === 'kubernetes') { if (!map.has(name)) map.set(name, s); }
      else if (sns === ns && links) map.set(name, s);
    }
  }
  return [...map.values()].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** $(VAR) expansion as the kubelet does it (expansion.MappingFuncFor): `$$` escapes, unknown references stay. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c !== '$' || i + 1 >= input.length) { out += c; continue; }
    const n = input[i + 1]!;
    if (n === '$') { out += '$'; i++; continue; }
    if (n === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) { out += input.slice(i); break; }
      const name = input.slice(i + 2, close);
      const v = lookup(name);
      out += v !== undefined ? v : `$(${name})`;
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}

function fieldPath(pod: KObject, path: string): string {
  const m = path.match(/^metadata\.(labels|annotations)\['(.+)'\]$/);
  if (m) return (pod.metadata as any)[m[1]!]?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    case 'status.hostIPs': return (pod.status?.hostIPs ?? []).map((x: any) => x.ip).join(',');
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.podIPs': return (pod.status?.podIPs ?? []).map((x: any) => x.ip).join(',');
    default: return '';
  }
}

/** Where a container's references are looked up. */
export interface EnvSource {
  configMap(ns: string, name: string): KObject | undefined;
  secret(ns: string, name: string): KObject | undefined;
  services(ns: string): KObject[];
}
export function apiEnvSource(api: APIServer): EnvSource {
  return {
    configMap: (ns, name) => api.tryGet(byGroupResource('', 'configmaps')!, ns, name),
    secret: (ns, name) => api.tryGet(byGroupResource('', 'secrets')!, ns, name),
    // (read-only, and once while the services are unchanged: a thousand pods started in one step read them once)
    services: ns => {
      const ri = byGroupResource('', 'services')!;
      return api.derived(ri, `env/${ns}`, () => {
        const out: KObject[] = [];
        api.each(ri, ns, o => { out.push(o as KObject); });
        return out;
      });
    },
  };
}

/** When the container (or init container) last started, if it has. */
export function containerStartedAt(pod: KObject, container: string): string | undefined {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const cs = all.find((c: any) => c.name === container);
  return cs?.state?.running?.startedAt ?? cs?.state?.terminated?.startedAt;
}

/**
 * The environment of one container of a pod, as the kubelet makes it (makeEnvironmentVariables): declared
 * variables in order (envFrom, then env), then the service variables not already declared. A reference to a
 * missing ConfigMap or Secret key that is not optional is an error, as it keeps the container from starting.
 */
export function containerEnv(pod: KObject, containerName: string, src: EnvSource): { env: EnvVar[]; error?: string } {
  const spec = pod.spec ?? {};
  const c = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].find((x: any) => x.name === containerName);
  if (!c) return { env: [], error: `container ${containerName} is not valid for pod ${pod.metadata.name}` };
  const ns = pod.metadata.namespace ?? 'default';
  const startedAt = containerStartedAt(pod, containerName);
  const lists = [{ ns, services: src.services(ns) }];
  if (ns !== 'default') lists.push({ ns: 'default', services: src.services('default').filter(s => s.metadata.name === 'kubernetes') });
  const svcEnv = serviceEnvVars(visibleServices(pod, lists, startedAt));
  const svcMap = new Map(svcEnv.map(e => [e.name, e.value]));
  const declared: EnvVar[] = [];
  const set = (name: string, value: string) => {
    const i = declared.findIndex(e => e.name === name);
    if (i >= 0) declared[i] = { name, value }; else declared.push({ name, value });
  };
  const lookup = (name: string) => declared.find(e => e.name === name)?.value ?? svcMap.get(name);
  for (const ef of c.envFrom ?? []) {
    const prefix = ef.prefix ?? '';
    if (ef.configMapRef) {
      const cm = src.configMap(ns, ef.configMapRef.name);
      if (!cm) { if (!ef.configMapRef.optional) return { env: [], error: `configmap "${ef.configMapRef.name}" not found` }; continue; }
      for (const [k, v] of Object.entries(cm.data ?? {})) set(prefix + k, String(v));
    } else if (ef.secretRef) {
      const sec = src.secret(ns, ef.secretRef.name);
      if (!sec) { if (!ef.secretRef.optional) return { env: [], error: `secret "${ef.secretRef.name}" not found` }; continue; }
      for (const [k, v] of Object.entries(sec.data ?? {})) set(prefix + k, Buffer.from(String(v), 'base64').toString('utf8'));
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) { set(e.name, expand(String(e.value ?? ''), lookup)); continue; }
    const vf = e.valueFrom;
    if (vf.fieldRef) set(e.name, fieldPath(pod, vf.fieldRef.fieldPath ?? ''));
    else if (vf.configMapKeyRef) {
      const cm = src.configMap(ns, vf.configMapKeyRef.name);
      const v = cm?.data?.[vf.configMapKeyRef.key];
      if (v === undefined) {
        if (vf.configMapKeyRef.optional) continue;
        return { env: [], error: cm ? `couldn't find key ${vf.configMapKeyRef.key} in ConfigMap ${ns}/${vf.configMapKeyRef.name}` : `configmap "${vf.configMapKeyRef.name}" not found` };
      }
      set(e.name, String(v));
    } else if (vf.secretKeyRef) {
      const sec = src.secret(ns, vf.secretKeyRef.name);
      const v = sec?.data?.[vf.secretKeyRef.key];
      if (v === undefined) {
        if (vf.secretKeyRef.optional) continue;
        return { env: [], error: sec ? `couldn't find key ${vf.secretKeyRef.key} in Secret ${ns}/${vf.secretKeyRef.name}` : `secret "${vf.secretKeyRef.name}" not found` };
      }
      set(e.name, Buffer.from(String(v), 'base64').toString('utf8'));
    } else if (vf.resourceFieldRef) {
      const r = vf.resourceFieldRef.resource ?? '';
      const [kind, res] = r.split('.');
      const val = (c.resources?.[kind === 'limits' ? 'limits' : 'requests'] ?? {})[res ?? ''];
      set(e.name, val !== undefined ? String(val) : '0');
    }
  }
  const names = new Set(declared.map(e => e.name));
  return { env: [...declared, ...svcEnv.filter(e => !names.has(e.name))] };
}
