// `kctl get --raw PATH`: what the API server answers for the paths that make sense without an HTTP server:
// discovery (/api, /apis, /api/v1, /apis/GROUP/VERSION), /version, the health checks, and object and
// collection paths. The body is written as the API server writes it (compact JSON and a newline; /version
// indented).
import type { Runtime } from '../../sim/runtime';
import type { KObject, ResourceInfo } from '../../api/types';
import { StatusError } from '../../api/errors';
import { K8S_VERSION } from '../../cluster/bootstrap';

const NOT_FOUND = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');

/** The API server's /version (version.Info, indented as WriteRawJSON writes it). */
export function serverVersion(): Record<string, string> {
  return {
    major: '1', minor: '33', emulationMajor: '1', emulationMinor: '33', minCompatibilityMajor: '1', minCompatibilityMinor: '32',
    gitVersion: K8S_VERSION, gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828', gitTreeState: 'clean', buildDate: '2025-05-21T08:41:18Z',
    goVersion: 'go1.24.2', compiler: 'gc', platform: 'linux/amd64',
  };
}

export function rawGet(rt: Runtime, uri: string): string {
  const { RESOURCES } = require('../../api/discovery') as typeof import('../../api/discovery');
  const { typedJSON, reorder } = require('../generators/typed-json') as typeof import('../generators/typed-json');
  const url = new URL(uri, 'https://kctl.invalid');
  const p = url.pathname.replace(/\/+$/, '') || '/';
  const body = (v: unknown) => typedJSON(v, '') + '\n'; // in Go struct field order
  if (p === '/version') return JSON.stringify(serverVersion(), null, 2);
  if (['/healthz', '/livez', '/readyz'].includes(p)) return 'ok';
  if (p === '/api') {
    const eps = rt.api.tryGet(RESOURCES.find(r => r.group === '' && r.plural === 'endpoints')!, 'default', 'kubernetes');
    const ip = (eps as any)?.subsets?.[0]?.addresses?.[0]?.ip ?? '172.18.0.2';
    return body({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${ip}:6443` }] });
  }
  if (p === '/apis') {
    const groups = new Map<string, string[]>();
    for (const r of RESOURCES) if (r.group) { const vs = groups.get(r.group) ?? []; if (!vs.includes(r.version)) vs.push(r.version); groups.set(r.group, vs); }
    return body({ kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups].map(([name, vs]) => ({
      name, versions: vs.map(v => ({ groupVersion: `${name}/${v}`, version: v })), preferredVersion: { groupVersion: `${name}/${vs[0]}`, version: vs[0] } })) });
  }
  const parts = p.split('/').filter(Boolean);
  // /api/v1[/...] or /apis/GROUP/VERSION[/...]
  let group: string, version: string, rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) { group = ''; version = parts[1]!; rest = parts.slice(2); }
  else if (parts[0] === 'apis' && parts.length >= 2) {
    if (parts.length === 2) {
      const vs = [...new Set(RESOURCES.filter(r => r.group === parts[1]).map(r => r.version))];
      if (!vs.length) throw NOT_FOUND();
      return body({ kind: 'APIGroup', apiVersion: 'v1', name: parts[1], versions: vs.map(v => ({ groupVersion: `${parts[1]}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${parts[1]}/${vs[0]}`, version: vs[0] } });
    }
    group = parts[1]!; version = parts[2]!; rest = parts.slice(3);
  } else throw NOT_FOUND();
  const gv = group ? `${group}/${version}` : version;
  const inGV = RESOURCES.filter(r => r.group === group && r.version === version);
  if (!inGV.length) throw NOT_FOUND();
  if (!rest.length) {
    return body({ kind: 'APIResourceList', ...(group ? { apiVersion: 'v1' } : {}), groupVersion: gv, resources: inGV.map(r => ({
      name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}) })) });
  }
  let ns: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) { ns = rest[1]; rest = rest.slice(2); }
  const ri: ResourceInfo | undefined = inGV.find(r => r.plural === rest[0]);
  if (!ri || rest.length > 2) throw NOT_FOUND();
  if (ns !== undefined && !ri.namespaced) throw NOT_FOUND();
  // TypeMeta first (kind, apiVersion), then metadata in ObjectMeta's field order
  const asVersion = (o: KObject): KObject => {
    const { apiVersion: _a, kind: _k, metadata, ...rest } = o;
    return { kind: ri.kind, apiVersion: gv, metadata: reorder(metadata, 'ObjectMeta'), ...rest } as KObject;
  };
  if (rest.length === 2) return typedJSON(asVersion(rt.api.get(ri, ns, rest[1]!)), '') + '\n';
  const items = rt.api.list(ri, ns).map(o => { const { apiVersion: _a, kind: _k, ...r } = asVersion(o); return r; });
  return typedJSON({ kind: `${ri.kind}List`, apiVersion: gv, metadata: { resourceVersion: rt.api.resourceVersion() }, items }, '') + '\n';
}
