// The API's OpenAPI documents as kube-apiserver serves them: /openapi/v2 (the v1.33 spec kctl ships,
// schemas/openapi-v2.json.gz) and /openapi/v3 (an index, then one OpenAPI 3.0 document per group-version,
// derived from the same definitions in v3's shapes: src/api/openapiv3.ts), so that `kubectl explain` and
// client-side validation work. Custom resources' schemas are added to both from their CRDs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { allResources } from '../api/discovery';
import type { ResourceInfo } from '../api/types';
import type { JSONSchemaProps } from '../api/crd/schema';
import { definitionV3 } from '../api/openapiv3';

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

let lastV2: { key: string; doc: unknown } | undefined;
/** /openapi/v2: the shipped spec, with each served custom resource version's paths and definitions added as
 *  kube-apiserver aggregates them from the apiextensions-apiserver (BuildOpenAPIV2, defaults pruned). The
 *  same CRDs give the same document object (its protobuf form is cached by identity). */
export function openapiV2(schemaOf?: CustomSchemaOf): unknown {
  const s = spec();
  const cr = schemaOf ? allResources().filter(r => r.custom) : [];
  if (!cr.length) return s;
  const parts = cr.map(ri => customParts(s, ri, schemaOf, true));
  const key = JSON.stringify(parts);
  if (lastV2?.key === key) return lastV2.doc;
  const paths: Record<string, unknown> = { ...s.paths };
  const definitions: Record<string, unknown> = { ...s.definitions };
  for (const p of parts) { Object.assign(paths, p.paths); Object.assign(definitions, p.definitions); }
  const doc = { ...s, definitions: sortedKeys(definitions), paths: sortedKeys(paths) };
  lastV2 = { key, doc };
  return doc;
}
const sortedKeys = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]!]));

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
  for (const n of [...want].sort()) schemas[n] = definitionV3(n, s.definitions[n]!);
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

/** One custom resource version's Swagger 2.0 paths and its definitions (the kind and its list): as OpenAPI v2
 *  publishes them (v2: the schema made v2-compatible) or as the v3 document takes them. */
function customParts(s: Spec, ri: ResourceInfo, schemaOf: CustomSchemaOf | undefined, v2: boolean): { paths: Record<string, SwaggerPathItem>; definitions: Record<string, unknown> } {
  const paths: Record<string, SwaggerPathItem> = {};
  const definitions: Record<string, unknown> = {};
  const t = ri.namespaced ? TEMPLATE.namespaced : TEMPLATE.cluster;
  const gvk = (kind: string) => ({ group: ri.group, version: ri.version, kind });
  const forCRDs = (_k: string, v: unknown) => (Array.isArray(v) ? v.filter(x => typeof x !== 'string' || !NOT_FOR_CRDS.has(x)) : v);
  const rename = (item: unknown): SwaggerPathItem => JSON.parse(JSON.stringify(item)
    .replaceAll(`"#/definitions/${t.def}List"`, `"#/definitions/${ri.definition}List"`)
    .replaceAll(`"#/definitions/${t.def}"`, `"#/definitions/${ri.definition}"`)
    .replaceAll(`"group":"${t.group}","kind":"${t.kind}","version":"v1"`, JSON.stringify(gvk(ri.kind)).slice(1, -1))
    .replaceAll(`"${t.tag}"`, `"${tag(ri.group, ri.version)}"`)
    .replaceAll(t.id, opId(ri.group, ri.version))
    .replaceAll(t.kind, ri.kind), forCRDs);
  const sub = (p: string) => p === '/{name}/status' ? ri.hasStatus : true;
  for (const [p, item] of Object.entries(s.paths)) {
    if (!p.startsWith(t.prefix) || p.startsWith(`${t.prefix}watch/`)) continue;
    const m = p.slice(t.prefix.length).match(new RegExp(`^(namespaces/\\{namespace\\}/)?${t.plural}(/\\{name\\}(/status)?)?$`));
    if (!m || !sub(m[2] ? m[2] : '')) continue;
    paths[`/apis/${ri.group}/${ri.version}/${m[1] ?? ''}${ri.plural}${m[2] ?? ''}`] = rename(item);
  }
  if (ri.custom?.scale) {
    const scale = JSON.parse(JSON.stringify(s.paths[SCALE_PATH]).replaceAll('"apps_v1"', `"${tag(ri.group, ri.version)}"`).replaceAll('AppsV1', opId(ri.group, ri.version)).replaceAll('Deployment', ri.kind));
    const at = ri.namespaced ? `namespaces/{namespace}/${ri.plural}/{name}/scale` : `${ri.plural}/{name}/scale`;
    if (!ri.namespaced) scale.parameters = (scale.parameters as SwaggerParam[]).filter(x => !String(x.$ref ?? '').startsWith('#/parameters/namespace-'));
    paths[`/apis/${ri.group}/${ri.version}/${at}`] = JSON.parse(JSON.stringify(scale), forCRDs) as SwaggerPathItem;
  }
  // the kind: the CRD's schema with apiVersion, kind and metadata as every kind has them
  const pod = s.definitions['io.k8s.api.core.v1.Pod'] as { properties: Record<string, unknown> };
  const own = (schemaOf?.(ri) ?? undefined) as Record<string, unknown> | undefined;
  if (v2) definitions[ri.definition] = kindV2(own, pod.properties, gvk(ri.kind));
  else definitions[ri.definition] = {
    ...(own ?? {}), type: 'object',
    properties: { ...(own?.properties as Record<string, unknown> | undefined ?? {}), apiVersion: pod.properties.apiVersion, kind: pod.properties.kind, metadata: pod.properties.metadata },
    'x-kubernetes-group-version-kind': [gvk(ri.kind)],
  };
  const list = s.definitions[`${t.def}List`] as { properties: Record<string, { description?: string }> };
  definitions[`${ri.definition}List`] = {
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
  return { paths, definitions };
}

type Schema = Record<string, unknown>;
/** A custom kind's OpenAPI v2 definition, as the apiextensions-apiserver's builder makes it (buildKubeNative):
 *  a schema that keeps unknown fields at its root is published as a bare object (kubectl would refuse the
 *  fields it does not list); otherwise the structural schema made v2-compatible, with apiVersion, kind and
 *  metadata as TypeMeta and ObjectMeta describe them. */
function kindV2(own: Schema | undefined, typeMeta: Record<string, unknown>, gvk: { group: string; version: string; kind: string }): Schema {
  const ext = { 'x-kubernetes-group-version-kind': [gvk] };
  if (!own || own['x-kubernetes-preserve-unknown-fields'] === true) return { type: 'object', ...ext };
  const d = structuralV2(own);
  d.properties = sortedKeys({ ...(d.properties as Record<string, unknown> | undefined ?? {}), apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, metadata: typeMeta.metadata });
  return sortedKeys({ ...d, ...ext });
}

/** What a structural schema node keeps in OpenAPI v2 (Structural.ToKubeOpenAPI: its generic and value
 *  validation fields and the x-kubernetes- extensions; defaults are pruned from the aggregated spec). */
const V2_KEYS = new Set(['description', 'type', 'title', 'format', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum', 'maxProperties',
  'minProperties', 'required', 'items', 'properties', 'additionalProperties']);
/** ToStructuralOpenAPIV2 (apiextensions-apiserver): no allOf/oneOf/anyOf/not; a nullable node loses its type,
 *  items and properties (and is no longer required); a node that keeps unknown fields loses its items and
 *  properties, and its type if object; an array without items loses its type. Then addEmbeddedProperties:
 *  an embedded resource (that does not keep unknown fields) gets apiVersion, kind and metadata. */
function structuralV2(s: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) if (V2_KEYS.has(k) || k.startsWith('x-kubernetes-')) out[k] = v;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.nullable === true) { delete out.type; delete out.items; delete out.properties; }
  if (preserve) { delete out.items; delete out.properties; }
  if (out.type === 'array' && !out.items) delete out.type;
  if (preserve && out.type === 'object') delete out.type;
  const props = out.properties as Record<string, Schema> | undefined;
  if (props && typeof props === 'object') {
    const nullable = new Set(Object.keys(props).filter(k => props[k]?.nullable === true));
    if (Array.isArray(out.required) && nullable.size) out.required = out.required.filter(r => !nullable.has(r));
    out.properties = sortedKeys(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v && typeof v === 'object' ? structuralV2(v) : v])));
  }
  if (out.items && typeof out.items === 'object' && !Array.isArray(out.items)) out.items = structuralV2(out.items as Schema);
  const ap = out.additionalProperties;
  if (ap && typeof ap === 'object') {
    if ((ap as Schema).nullable === true) delete out.required;
    out.additionalProperties = structuralV2(ap as Schema);
  }
  if (Array.isArray(out.required) && !out.required.length) delete out.required;
  if (out['x-kubernetes-embedded-resource'] === true && !preserve) {
    const pod = spec().definitions['io.k8s.api.core.v1.Pod'] as { properties: Record<string, unknown> };
    out.properties = sortedKeys({ ...(out.properties as Record<string, unknown> | undefined ?? {}), apiVersion: pod.properties.apiVersion, kind: pod.properties.kind, metadata: pod.properties.metadata });
    const req = Array.isArray(out.required) ? [...out.required as string[]] : [];
    for (const k of ['kind', 'apiVersion']) if (!req.includes(k)) req.push(k);
    out.required = req;
  }
  return sortedKeys(out);
}

function customDoc(gv: string, rs: ResourceInfo[], schemaOf?: CustomSchemaOf): unknown {
  const s = spec();
  const { want, visit } = visitor(s);
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const ri of rs) {
    const p = customParts(s, ri, schemaOf, false);
    for (const [k, item] of Object.entries(p.paths)) paths[k] = pathItemV3(s, item);
    Object.assign(schemas, p.definitions);
  }
  JSON.stringify([paths, schemas]).replace(/"#\/(?:definitions|components\/schemas)\/([^"]+)"/g, (_, n: string) => { visit(n); return ''; });
  for (const n of want) schemas[n] ??= definitionV3(n, s.definitions[n]!);
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
