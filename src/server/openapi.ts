// The API's OpenAPI documents as kube-apiserver serves them: /openapi/v2 (the v1.33 spec kctl ships,
// schemas/openapi-v2.json.gz) and /openapi/v3 (an index, then one OpenAPI 3.0 document per group-version,
// derived from the same definitions), so that `kubectl explain` and client-side validation work. Custom
// resources' schemas are added from their CRDs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { allResources } from '../api/discovery';
import type { ResourceInfo } from '../api/types';
import type { JSONSchemaProps } from '../api/crd/schema';

// The parts of the Swagger 2.0 document this module reads (the spec's own shapes, not Kubernetes objects).
/** A parameter, or a `$ref` to one of the spec's shared `parameters`. */
interface SwaggerParam { $ref?: string; in?: string; type?: string; uniqueItems?: boolean; items?: unknown; format?: string; schema?: unknown; required?: boolean; [k: string]: unknown }
interface SwaggerResponse { description?: string; schema?: unknown }
interface SwaggerOperation { consumes?: string[]; produces?: string[]; parameters?: SwaggerParam[]; responses?: Record<string, SwaggerResponse>; schemes?: string[]; [k: string]: unknown }
/** A path item: operations by method, and the `parameters` they share. */
type SwaggerPathItem = Record<string, SwaggerOperation | SwaggerParam[]>;
interface SwaggerDefinition { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[]; [k: string]: unknown }
interface Spec { swagger: string; info: unknown; paths: Record<string, SwaggerPathItem>; definitions: Record<string, SwaggerDefinition>; parameters?: Record<string, SwaggerParam>; [k: string]: unknown }
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

/** A custom resource's structural schema (read from its CRD by the caller, in a step). */
export type CustomSchemaOf = (ri: ResourceInfo) => JSONSchemaProps | undefined;

/** '' → the index; 'apis/apps/v1' → that group-version's document. A custom group-version's document is
 *  built from its CRDs' schemas, as the apiextensions-apiserver publishes it. */
export function openapiV3(gv: string, schemaOf?: CustomSchemaOf): unknown | undefined {
  if (!gv) {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const g of groupVersions()) paths[g] = { serverRelativeURL: `/openapi/v3/${g}?hash=${hashOf(g, schemaOf)}` };
    return { paths };
  }
  if (!groupVersions().includes(gv)) return undefined;
  return custom(gv).length ? customDoc(gv, custom(gv), schemaOf) : doc(gv);
}
/** The custom resources served in a group-version. */
function custom(gv: string): ResourceInfo[] {
  return allResources().filter(r => r.custom && `apis/${r.group}/${r.version}` === gv);
}
const sha = (d: unknown) => crypto.createHash('sha512').update(JSON.stringify(d)).digest('hex').toUpperCase().slice(0, 128);
function hashOf(gv: string, schemaOf?: CustomSchemaOf): string {
  const cr = custom(gv);
  if (cr.length) return sha(customDoc(gv, cr, schemaOf));
  let h = hashes.get(gv);
  if (!h) { h = sha(doc(gv)); hashes.set(gv, h); }
  return h;
}

function doc(gv: string): unknown {
  const s = spec();
  const [, group, version] = gv.startsWith('api/') ? ['', '', gv.slice(4)] : gv.split('/');
  const prefix = `/${gv}/`;
  const paths: Record<string, unknown> = {};
  for (const [p, v] of Object.entries(s.paths)) if (p.startsWith(prefix) || p === prefix) paths[p] = v;
  // the definitions this group-version's kinds use, and everything they reference
  const { want, visit } = visitor(s);
  for (const [name, d] of Object.entries(s.definitions)) {
    const gvks: { group: string; version: string }[] = d['x-kubernetes-group-version-kind'] ?? [];
    if (gvks.some(x => x.group === (group ?? '') && x.version === version)) visit(name);
  }
  // the paths as OpenAPI 3 operations (kubectl's query-parameter verifier looks for a PATCH operation with the
  // kind's x-kubernetes-group-version-kind and a fieldValidation parameter)
  const v3paths: Record<string, unknown> = {};
  for (const [p, item] of Object.entries(paths)) v3paths[p] = pathItemV3(s, item as SwaggerPathItem);
  JSON.stringify(v3paths).replace(/"#\/definitions\/([^"]+)"/g, (_, n: string) => { visit(n); return ''; });
  const schemas: Record<string, unknown> = {};
  for (const n of [...want].sort()) schemas[n] = s.definitions[n];
  return v3doc(v3paths, schemas);
}

function v3doc(paths: Record<string, unknown>, schemas: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify({
    openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.1' },
    paths,
    components: { schemas },
  }).replace(/"#\/definitions\//g, '"#/components/schemas/'));
}

/** The definitions wanted, and a visit that adds one with every definition it references. */
function visitor(s: Spec): { want: Set<string>; visit: (name: string) => void } {
  const want = new Set<string>();
  const visit = (name: string) => {
    if (want.has(name) || !s.definitions[name]) return;
    want.add(name);
    JSON.stringify(s.definitions[name]).replace(/"#\/definitions\/([^"]+)"/g, (_, n: string) => { visit(n); return ''; });
  };
  return { want, visit };
}

// ---- custom resources: the paths of a built-in resource of the same scope, renamed, and the CRD's schema ----
// (kube-apiserver builds a CRD version's routes with the same installer as a built-in kind's: list, create and
// deletecollection on the collection, get/replace/patch/delete on an object, the status and scale subresources
// when enabled; the request bodies are JSON, YAML or CBOR, patches of every type but strategic merge)
const TEMPLATE = {
  namespaced: { prefix: '/apis/batch/v1/', plural: 'cronjobs', kind: 'CronJob', def: 'io.k8s.api.batch.v1.CronJob', id: 'BatchV1', group: 'batch', tag: 'batch_v1' },
  cluster: { prefix: '/apis/storage.k8s.io/v1/', plural: 'volumeattachments', kind: 'VolumeAttachment', def: 'io.k8s.api.storage.v1.VolumeAttachment', id: 'StorageV1', group: 'storage.k8s.io', tag: 'storage_v1' },
};
const SCALE_PATH = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale';
const NOT_FOR_CRDS = new Set(['application/vnd.kubernetes.protobuf', 'application/vnd.kubernetes.protobuf;stream=watch', 'application/strategic-merge-patch+json']);
/** The Go operation-id prefix of a group-version: stable.example.com/v1 → StableExampleComV1. */
const opId = (group: string, version: string) => [...group.split('.'), version].map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('').replace(/[^A-Za-z0-9]/g, '');

/** The tag of a group-version's operations: stable.example.com/v1 → stableExampleCom_v1. */
const tag = (group: string, version: string) => { const g = opId(group, ''); return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${version}`; };

function customDoc(gv: string, rs: ResourceInfo[], schemaOf?: CustomSchemaOf): unknown {
  const s = spec();
  const { want, visit } = visitor(s);
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const ri of rs) {
    const t = ri.namespaced ? TEMPLATE.namespaced : TEMPLATE.cluster;
    const gvk = (kind: string) => ({ group: ri.group, version: ri.version, kind });
    const rename = (item: unknown): unknown => JSON.parse(JSON.stringify(item)
      .replaceAll(`"#/definitions/${t.def}List"`, `"#/definitions/${ri.definition}List"`)
      .replaceAll(`"#/definitions/${t.def}"`, `"#/definitions/${ri.definition}"`)
      .replaceAll(`"group":"${t.group}","kind":"${t.kind}","version":"v1"`, JSON.stringify(gvk(ri.kind)).slice(1, -1))
      .replaceAll(`"${t.tag}"`, `"${tag(ri.group, ri.version)}"`)
      .replaceAll(t.id, opId(ri.group, ri.version))
      .replaceAll(t.kind, ri.kind), (_k: string, v: unknown) => (Array.isArray(v) ? v.filter(x => typeof x !== 'string' || !NOT_FOR_CRDS.has(x)) : v));
    const sub = (p: string) => p === '/{name}/status' ? ri.hasStatus : true;
    for (const [p, item] of Object.entries(s.paths)) {
      if (!p.startsWith(t.prefix) || p.startsWith(`${t.prefix}watch/`)) continue;
      const m = p.slice(t.prefix.length).match(new RegExp(`^(namespaces/\\{namespace\\}/)?${t.plural}(/\\{name\\}(/status)?)?$`));
      if (!m || !sub(m[2] ? m[2] : '')) continue;
      paths[`/apis/${ri.group}/${ri.version}/${m[1] ?? ''}${ri.plural}${m[2] ?? ''}`] = pathItemV3(s, rename(item) as SwaggerPathItem);
    }
    if (ri.custom?.scale) {
      const scale = JSON.parse(JSON.stringify(s.paths[SCALE_PATH]).replaceAll('"apps_v1"', `"${tag(ri.group, ri.version)}"`).replaceAll('AppsV1', opId(ri.group, ri.version)).replaceAll('Deployment', ri.kind));
      const at = ri.namespaced ? `namespaces/{namespace}/${ri.plural}/{name}/scale` : `${ri.plural}/{name}/scale`;
      if (!ri.namespaced) scale.parameters = (scale.parameters as SwaggerParam[]).filter(x => !String(x.$ref ?? '').startsWith('#/parameters/namespace-'));
      paths[`/apis/${ri.group}/${ri.version}/${at}`] = pathItemV3(s, JSON.parse(JSON.stringify(scale), (_k: string, v: unknown) => (Array.isArray(v) ? v.filter(x => typeof x !== 'string' || !NOT_FOR_CRDS.has(x)) : v)) as SwaggerPathItem);
    }
    // the kind: the CRD's schema with apiVersion, kind and metadata as every kind has them
    const pod = s.definitions['io.k8s.api.core.v1.Pod'] as { properties: Record<string, unknown> };
    const own = (schemaOf?.(ri) ?? {}) as Record<string, unknown>;
    schemas[ri.definition] = {
      ...own, type: 'object',
      properties: { ...(own.properties as Record<string, unknown> | undefined ?? {}), apiVersion: pod.properties.apiVersion, kind: pod.properties.kind, metadata: pod.properties.metadata },
      'x-kubernetes-group-version-kind': [gvk(ri.kind)],
    };
    const list = s.definitions[`${t.def}List`] as { properties: Record<string, { description?: string }> };
    schemas[`${ri.definition}List`] = {
      description: `${ri.kind}List is a list of ${ri.kind}`, required: ['items'],
      properties: {
        apiVersion: list.properties.apiVersion,
        items: { description: `List of ${ri.plural}. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md`, type: 'array', items: { $ref: `#/definitions/${ri.definition}` } },
        kind: list.properties.kind,
        metadata: list.properties.metadata,
      },
      type: 'object',
      'x-kubernetes-group-version-kind': [gvk(`${ri.kind}List`)],
    };
  }
  JSON.stringify([paths, schemas]).replace(/"#\/(?:definitions|components\/schemas)\/([^"]+)"/g, (_, n: string) => { visit(n); return ''; });
  for (const n of want) schemas[n] ??= s.definitions[n];
  const sorted: Record<string, unknown> = {};
  for (const n of Object.keys(schemas).sort()) sorted[n] = schemas[n];
  return v3doc(paths, sorted);
}

/** A Swagger 2.0 path item as OpenAPI 3.0 writes it: parameters with schemas, bodies as requestBody. */
function pathItemV3(s: Spec, item: SwaggerPathItem): Record<string, unknown> {
  const params = s.parameters ?? {};
  const param = (x: SwaggerParam): SwaggerParam => {
    const q = x.$ref ? params[String(x.$ref).replace('#/parameters/', '')] ?? x : x;
    const { type, uniqueItems, items, format, ...rest } = q;
    return { ...rest, schema: { ...(type ? { type } : {}), ...(uniqueItems ? { uniqueItems } : {}), ...(items ? { items } : {}), ...(format ? { format } : {}) } };
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'parameters') { out.parameters = (v as SwaggerParam[]).map(param).filter(x => x.in !== 'body'); continue; }
    const { consumes, produces, parameters, responses, schemes, ...op } = v as SwaggerOperation;
    void schemes;
    const ps = (parameters ?? []).map(x => (x.$ref ? params[String(x.$ref).replace('#/parameters/', '')] ?? x : x));
    const body = ps.find(x => x.in === 'body');
    const o: Record<string, unknown> = { ...op, parameters: ps.filter(x => x.in !== 'body').map(param) };
    if (body) o.requestBody = { content: Object.fromEntries((consumes ?? ['*/*']).map(c => [c, { schema: body.schema }])), required: !!body.required };
    o.responses = Object.fromEntries(Object.entries(responses ?? {}).map(([code, r]: [string, SwaggerResponse]) => [code, {
      description: r.description, ...(r.schema ? { content: Object.fromEntries((produces ?? ['application/json']).map(c => [c, { schema: r.schema }])) } : {}),
    }]));
    out[k] = o;
  }
  return out;
}
