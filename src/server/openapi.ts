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
  // the paths as OpenAPI 3 operations (kubectl's query-parameter verifier looks for a PATCH operation with the
  // kind's x-kubernetes-group-version-kind and a fieldValidation parameter)
  const v3paths: Record<string, unknown> = {};
  for (const [p, item] of Object.entries(paths)) v3paths[p] = pathItemV3(s, item as Record<string, any>);
  JSON.stringify(v3paths).replace(/"#\/definitions\/([^"]+)"/g, (_, n: string) => { visit(n); return ''; });
  const schemas: Record<string, unknown> = {};
  for (const n of [...want].sort()) schemas[n] = JSON.parse(JSON.stringify(s.definitions[n]).replace(/"#\/definitions\//g, '"#/components/schemas/'));
  return JSON.parse(JSON.stringify({
    openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.1' },
    paths: v3paths,
    components: { schemas },
  }).replace(/"#\/definitions\//g, '"#/components/schemas/'));
}

/** A Swagger 2.0 path item as OpenAPI 3.0 writes it: parameters with schemas, bodies as requestBody. */
function pathItemV3(s: Spec, item: Record<string, any>): Record<string, unknown> {
  const params = (s as any).parameters ?? {};
  const param = (x: any): any => {
    const q = x.$ref ? params[String(x.$ref).replace('#/parameters/', '')] ?? x : x;
    const { type, uniqueItems, items, format, ...rest } = q;
    return { ...rest, schema: { ...(type ? { type } : {}), ...(uniqueItems ? { uniqueItems } : {}), ...(items ? { items } : {}), ...(format ? { format } : {}) } };
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'parameters') { out.parameters = (v as any[]).map(param).filter(x => x.in !== 'body'); continue; }
    const { consumes, produces, parameters, responses, schemes, ...op } = v as any;
    void schemes;
    const ps = ((parameters ?? []) as any[]).map(x => (x.$ref ? params[String(x.$ref).replace('#/parameters/', '')] ?? x : x));
    const body = ps.find(x => x.in === 'body');
    const o: any = { ...op, parameters: ps.filter(x => x.in !== 'body').map(param) };
    if (body) o.requestBody = { content: Object.fromEntries(((consumes ?? ['*/*']) as string[]).map(c => [c, { schema: body.schema }])), required: !!body.required };
    o.responses = Object.fromEntries(Object.entries(responses ?? {}).map(([code, r]: [string, any]) => [code, {
      description: r.description, ...(r.schema ? { content: Object.fromEntries(((produces ?? ['application/json']) as string[]).map(c => [c, { schema: r.schema }])) } : {}),
    }]));
    out[k] = o;
  }
  return out;
}
