// The API's OpenAPI documents as kube-apiserver serves them: /openapi/v2 (the v1.33 spec kctl ships,
// schemas/openapi-v2.json.gz) and /openapi/v3 (an index, then one OpenAPI 3.0 document per group-version,
// derived from the same definitions), so that `kubectl explain` and client-side validation work. Custom
// resources' schemas are added from their CRDs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { allResources } from '../api/discovery';

interface Spec { swagger: string; info: unknown; paths: Record<string, unknown>; definitions: Record<string, any>; [k: string]: unknown }
let SPEC: Spec | undefined;
function spec(): Spec {
  if (SPEC) return SPEC;
  const file = path.join(__dirname, '..', 'schemas', 'openapi-v2.json.gz');
  SPEC = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as Spec;
  return SPEC;
}

export function openapiV2(): unknown { return spec(); }

/** The group-versions the v3 index lists: api/v1, apis/apps/v1… */
function groupVersions(): string[] {
  const out = new Set<string>();
  for (const r of allResources()) out.add(r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`);
  return [...out].sort();
}
const hashes = new Map<string, string>();

/** '' → the index; 'apis/apps/v1' → that group-version's document. */
export function openapiV3(gv: string): unknown | undefined {
  if (!gv) {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const g of groupVersions()) paths[g] = { serverRelativeURL: `/openapi/v3/${g}?hash=${hashOf(g)}` };
    return { paths };
  }
  if (!groupVersions().includes(gv)) return undefined;
  return doc(gv);
}
function hashOf(gv: string): string {
  let h = hashes.get(gv);
  if (!h) { h = crypto.createHash('sha512').update(JSON.stringify(doc(gv))).digest('hex').toUpperCase().slice(0, 128); hashes.set(gv, h); }
  return h;
}

function doc(gv: string): unknown {
  const s = spec();
  const [, group, version] = gv.startsWith('api/') ? ['', '', gv.slice(4)] : gv.split('/');
  const prefix = `/${gv}/`;
  const paths: Record<string, unknown> = {};
  for (const [p, v] of Object.entries(s.paths)) if (p.startsWith(prefix) || p === prefix) paths[p] = v;
  // the definitions this group-version's kinds use, and everything they reference
  const want = new Set<string>();
  const visit = (name: string) => {
    if (want.has(name) || !s.definitions[name]) return;
    want.add(name);
    JSON.stringify(s.definitions[name]).replace(/"#\/definitions\/([^"]+)"/g, (_, n: string) => { visit(n); return ''; });
  };
  for (const [name, d] of Object.entries(s.definitions)) {
    const gvks: { group: string; version: string }[] = d['x-kubernetes-group-version-kind'] ?? [];
    if (gvks.some(x => x.group === (group ?? '') && x.version === version)) visit(name);
  }
  const schemas: Record<string, unknown> = {};
  for (const n of [...want].sort()) schemas[n] = JSON.parse(JSON.stringify(s.definitions[n]).replace(/"#\/definitions\//g, '"#/components/schemas/'));
  return {
    openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.1' },
    paths: Object.fromEntries(Object.keys(paths).map(p => [p, {}])),
    components: { schemas },
  };
}
