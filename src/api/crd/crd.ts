// CustomResourceDefinition (apiextensions.k8s.io/v1): defaults, validation of the CRD itself with
// apiextensions-apiserver's messages (pkg/apis/apiextensions/validation, pkg/apiserver/schema), deletion
// through the customresourcecleanup finalizer, and the discovery entries a CRD serves.
import type { KObject, ResourceInfo, CustomInfo } from '../types';
import type { Strategy } from '../strategies/types';
import type { FieldError } from '../errors';
import type { JSONSchemaProps } from './schema';
import { celRules } from './schema';
import { dns1123Subdomain, dns1035Label } from '../validation/meta';
import { setCustomResourceSource } from '../discovery';
import type { Store } from '../store';

export const CRD_GROUP = 'apiextensions.k8s.io';
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
/** Where the cluster keeps the list of served custom resources (discovery reads it). */
export const CUSTOM_RESOURCES_META = 'crd/resources';

/** Serve the custom resources of the cluster behind this store through discovery. */
export function attachDiscovery(store: Store): void {
  let last: string | undefined;
  setCustomResourceSource(() => {
    try { last = store.getMeta(CUSTOM_RESOURCES_META); } catch { /* closed: keep what was read last */ }
    return last;
  });
}

export interface CRDVersion {
  name: string; served: boolean; storage: boolean; deprecated?: boolean; deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }[];
}

const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const AGE_COLUMN = { name: 'Age', type: 'date', description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata', jsonPath: '.metadata.creationTimestamp' };

/** version.CompareKubeAwareVersionStrings: v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > anything else (by name). */
export function kubeVersionCompare(a: string, b: string): number {
  const parse = (v: string) => {
    const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
    if (!m) return undefined;
    return { major: Number(m[1]), stage: m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, minor: Number(m[3] ?? 0) };
  };
  const pa = parse(a), pb = parse(b);
  if (pa && !pb) return -1;
  if (!pa && pb) return 1;
  if (!pa && !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa!.stage !== pb!.stage) return pb!.stage - pa!.stage;
  if (pa!.major !== pb!.major) return pb!.major - pa!.major;
  return pb!.minor - pa!.minor;
}

/** The definition name the API server publishes a custom kind under (`com.example.stable.v1.CronTab`). */
export function definitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** Discovery entries for an established CRD: one per served version, the preferred version first. */
export function resourcesOf(crd: KObject): ResourceInfo[] {
  const spec = crd.spec ?? {};
  const names = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : spec.names ?? {};
  const versions: CRDVersion[] = [...(spec.versions ?? [])].filter((v: CRDVersion) => v.served)
    .sort((a: CRDVersion, b: CRDVersion) => kubeVersionCompare(a.name, b.name));
  const storage = (spec.versions ?? []).find((v: CRDVersion) => v.storage)?.name ?? versions[0]?.name ?? '';
  return versions.map(v => {
    const custom: CustomInfo = {
      crd: crd.metadata.name!, storage,
      columns: v.additionalPrinterColumns?.length ? v.additionalPrinterColumns.map(c => ({ ...c })) : [AGE_COLUMN],
      ...(v.subresources?.scale ? { scale: { ...v.subresources.scale } } : {}),
    };
    return {
      group: spec.group, version: v.name, kind: names.kind, plural: names.plural, singular: names.singular || String(names.kind ?? '').toLowerCase(),
      namespaced: spec.scope === 'Namespaced', verbs: CR_VERBS, shortNames: names.shortNames ?? [], categories: names.categories ?? [],
      definition: definitionName(spec.group, v.name, names.kind), hasStatus: !!v.subresources?.status, custom,
    };
  });
}

/** The version entry of a CRD. */
export function crdVersion(crd: KObject, version: string): CRDVersion | undefined {
  return (crd.spec?.versions ?? []).find((v: CRDVersion) => v.name === version);
}

function defaultCRD(o: KObject): void {
  const s = (o.spec ??= {});
  s.names ??= {};
  if (s.names.kind && !s.names.singular) s.names.singular = String(s.names.kind).toLowerCase();
  if (s.names.kind && !s.names.listKind) s.names.listKind = `${s.names.kind}List`;
  s.conversion ??= { strategy: 'None' };
  if (s.conversion.strategy === 'Webhook' && s.conversion.webhook?.clientConfig?.service) s.conversion.webhook.clientConfig.service.port ??= 443;
}

// ---------------- validation ----------------
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'name', 'password'];

/** Canonical JSON (sorted keys): the conversion to the internal type compares versions' fields with DeepEqual. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}
/** Whether every version has the same value of a field (then the internal CRD keeps it once, at spec.<field>). */
function identical(versions: CRDVersion[], f: (v: CRDVersion) => unknown): boolean {
  const first = canonical(f(versions[0]!) ?? null);
  return versions.every(v => canonical(f(v) ?? null) === first);
}

/** A schema's errors: the structural invariants, the rules' own fields, then (only for a structural schema) the rules
 *  compiled with CEL (loaded only when the schema has rules). */
function schemaErrors(schema: JSONSchemaProps, base: string): FieldError[] {
  const structural = structuralErrors(schema, base, 'root');
  const rules = ruleErrors(schema, base);
  let cel: FieldError[] = [];
  if (!structural.length && celRules(schema).length) {
    const { celSchemaErrors } = require('./cel/crdcheck') as typeof import('./cel/crdcheck');
    cel = celSchemaErrors(schema, base, rules);
  }
  return [...structural, ...rules, ...cel];
}

const VALIDATION_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
/** The checks of x-kubernetes-validations entries that need no CEL (children first, as the API server recurses). */
function ruleErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isObj(s.additionalProperties)) errs.push(...ruleErrors(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`));
  for (const [k, v] of Object.entries(s.properties ?? {})) errs.push(...ruleErrors(v, `${path}.properties[${k}]`));
  if (s.not) errs.push(...ruleErrors(s.not, `${path}.not`));
  for (const [key, list] of [['allOf', s.allOf], ['oneOf', s.oneOf], ['anyOf', s.anyOf]] as const) (list ?? []).forEach((x, i) => errs.push(...ruleErrors(x, `${path}.${key}[${i}]`)));
  if (s.items) errs.push(...ruleErrors(s.items, `${path}.items`));
  const nl = (x: string) => /[\n\r]+/.test(x);
  (s['x-kubernetes-validations'] ?? []).forEach((r, i) => {
    const p = `${path}.x-kubernetes-validations[${i}]`;
    const rule = String(r.rule ?? '').trim(), msg = String(r.message ?? '').trim();
    if (!rule) errs.push({ field: `${p}.rule`, type: 'Required', detail: 'rule is not specified' });
    else if (r.message && !msg) errs.push({ field: `${p}.message`, type: 'Invalid', value: r.message, detail: 'message must be non-empty if specified' });
    else if (nl(msg)) errs.push({ field: `${p}.message`, type: 'Invalid', value: r.message, detail: 'message must not contain line breaks' });
    else if (nl(rule) && !msg) errs.push({ field: `${p}.message`, type: 'Required', detail: 'message must be specified if rule contains line breaks' });
    if (r.messageExpression && !String(r.messageExpression).trim()) errs.push({ field: `${p}.messageExpression`, type: 'Required', detail: 'messageExpression must be non-empty if specified' });
    if (r.reason !== undefined && r.reason !== null && !VALIDATION_REASONS.includes(r.reason))
      errs.push({ field: `${p}.reason`, type: 'NotSupported', value: r.reason, detail: `supported values: ${VALIDATION_REASONS.map(x => `"${x}"`).join(', ')}` });
    if (r.fieldPath && !String(r.fieldPath).trim()) errs.push({ field: `${p}.fieldPath`, type: 'Invalid', value: r.fieldPath, detail: 'fieldPath must be non-empty if specified' });
    if (r.fieldPath && nl(r.fieldPath)) errs.push({ field: `${p}.fieldPath`, type: 'Invalid', value: r.fieldPath, detail: 'fieldPath must not contain line breaks' });
    if (r.fieldPath && !fieldPathValid(s, r.fieldPath)) errs.push({ field: `${p}.fieldPath`, type: 'Invalid', value: r.fieldPath, detail: 'fieldPath must be a valid path' });
  });
  return errs;
}
/** cel.ValidFieldPath's verdict (the parser lives with the CEL code, but needs no CEL). */
function fieldPathValid(s: JSONSchemaProps, fp: string): boolean {
  const { validFieldPath } = require('./cel/fieldpath') as typeof import('./cel/fieldpath');
  return typeof validFieldPath(fp, s) === 'string';
}

function subresourceErrors(sub: CRDVersion['subresources'], p: string): FieldError[] {
  const errs: FieldError[] = [];
  const scale = sub?.scale;
  if (scale) {
    if (!scale.specReplicasPath) errs.push({ field: `${p}.scale.specReplicasPath`, type: 'Required' });
    else if (!scale.specReplicasPath.startsWith('.spec.')) errs.push({ field: `${p}.scale.specReplicasPath`, type: 'Invalid', value: scale.specReplicasPath, detail: 'should be a json path under .spec' });
    if (!scale.statusReplicasPath) errs.push({ field: `${p}.scale.statusReplicasPath`, type: 'Required' });
    else if (!scale.statusReplicasPath.startsWith('.status.')) errs.push({ field: `${p}.scale.statusReplicasPath`, type: 'Invalid', value: scale.statusReplicasPath, detail: 'should be a json path under .status' });
  }
  return errs;
}
function columnErrors(c: NonNullable<CRDVersion['additionalPrinterColumns']>[number], p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push({ field: `${p}.name`, type: 'Required' });
  if (!c.type) errs.push({ field: `${p}.type`, type: 'Required', detail: `must be one of ${COLUMN_TYPES.join(',')}` });
  else if (!COLUMN_TYPES.includes(c.type)) errs.push({ field: `${p}.type`, type: 'Invalid', value: c.type, detail: `must be one of ${COLUMN_TYPES.join(',')}` });
  if (c.format && !COLUMN_FORMATS.includes(c.format)) errs.push({ field: `${p}.format`, type: 'Invalid', value: c.format, detail: `must be one of ${COLUMN_FORMATS.join(',')}` });
  if (!c.jsonPath) errs.push({ field: `${p}.JSONPath`, type: 'Required' });
  return errs;
}

/** ValidateCustomResourceDefinition, in the API server's order, on the internal form of the CRD: per-version schemas,
 *  subresources and columns that are the same in every version are checked once, at spec.validation,
 *  spec.subresources and spec.additionalPrinterColumns. */
function validateCRD(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = o.spec ?? {};
  const names = s.names ?? {};
  const name = o.metadata.name ?? '';
  if (name && names.plural && s.group && name !== `${names.plural}.${s.group}`)
    errs.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: 'must be spec.names.plural+"."+spec.group' });
  if (!s.group) errs.push({ field: 'spec.group', type: 'Required' });
  else {
    const m = dns1123Subdomain(s.group);
    if (m.length) errs.push({ field: 'spec.group', type: 'Invalid', value: s.group, detail: m.join(',') });
    else if (s.group.split('.').length < 2) errs.push({ field: 'spec.group', type: 'Invalid', value: s.group, detail: 'should be a domain with at least one dot' });
  }
  if (!s.scope) errs.push({ field: 'spec.scope', type: 'Required' });
  else if (s.scope !== 'Cluster' && s.scope !== 'Namespaced') errs.push({ field: 'spec.scope', type: 'NotSupported', value: s.scope, detail: 'supported values: "Cluster", "Namespaced"' });
  const versions: CRDVersion[] = s.versions ?? [];
  const hoistSchema = versions.length > 0 && identical(versions, v => v.schema);
  const hoistSub = versions.length > 0 && identical(versions, v => v.subresources);
  const hoistCols = versions.length > 0 && identical(versions, v => v.additionalPrinterColumns);
  versions.forEach((v, i) => {
    if (!v.schema?.openAPIV3Schema) errs.push({ field: `spec.versions[${i}].schema.openAPIV3Schema`, type: 'Required', detail: 'schemas are required' });
  });
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    if (v.storage) storage++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const m = dns1035Label(v.name ?? '');
    if (m.length) errs.push({ field: `spec.versions[${i}].name`, type: 'Invalid', value: v.name ?? '', detail: m.join(',') });
    if (!hoistSchema && v.schema?.openAPIV3Schema) errs.push(...schemaErrors(v.schema.openAPIV3Schema, `spec.versions[${i}].schema.openAPIV3Schema`));
    if (!hoistSub) errs.push(...subresourceErrors(v.subresources, `spec.versions[${i}].subresources`));
    if (!hoistCols) (v.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...columnErrors(c, `spec.versions[${i}].additionalPrinterColumns[${j}]`)));
  });
  if (!unique) errs.push({ field: 'spec.versions', type: 'Invalid', value: versions, omitValue: true, detail: 'must contain unique version names' });
  if (storage !== 1) errs.push({ field: 'spec.versions', type: 'Invalid', value: versions, omitValue: true, detail: 'must have exactly one version marked as storage version' });
  if (!names.plural) errs.push({ field: 'spec.names.plural', type: 'Required' });
  if (!names.singular) errs.push({ field: 'spec.names.singular', type: 'Required' });
  if (!names.kind) errs.push({ field: 'spec.names.kind', type: 'Required' });
  if (!names.listKind) errs.push({ field: 'spec.names.listKind', type: 'Required' });
  const label = (v: string, f: string, prefix = '') => { const m = dns1035Label(v); if (m.length) errs.push({ field: f, type: 'Invalid', value: v, detail: prefix + m.join(',') }); };
  if (names.plural) label(names.plural, 'spec.names.plural');
  if (names.singular) label(names.singular, 'spec.names.singular');
  if (names.kind) { const m = dns1035Label(String(names.kind).toLowerCase()); if (m.length) errs.push({ field: 'spec.names.kind', type: 'Invalid', value: names.kind, detail: `may have mixed case, but should otherwise match: ${m.join(',')}` }); }
  if (names.listKind) { const m = dns1035Label(String(names.listKind).toLowerCase()); if (m.length) errs.push({ field: 'spec.names.listKind', type: 'Invalid', value: names.listKind, detail: `may have mixed case, but should otherwise match: ${m.join(',')}` }); }
  (names.shortNames ?? []).forEach((n: string, i: number) => label(n, `spec.names.shortNames[${i}]`));
  if (names.kind && names.kind === names.listKind) errs.push({ field: 'spec.names.listKind', type: 'Invalid', value: names.listKind, detail: 'kind and listKind may not be the same' });
  (names.categories ?? []).forEach((n: string, i: number) => label(n, `spec.names.categories[${i}]`));
  if (hoistSchema && versions[0]!.schema?.openAPIV3Schema) errs.push(...schemaErrors(versions[0]!.schema.openAPIV3Schema, 'spec.validation.openAPIV3Schema'));
  if (hoistSub) errs.push(...subresourceErrors(versions[0]!.subresources, 'spec.subresources'));
  if (hoistCols) (versions[0]!.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...columnErrors(c, `spec.additionalPrinterColumns[${j}]`)));
  return errs;
}

/** The structural-schema invariants (pkg/apiserver/schema/validation.go), for the common mistakes. */
function structuralErrors(s: JSONSchemaProps, path: string, lvl: 'root' | 'field' | 'item'): FieldError[] {
  const errs: FieldError[] = [];
  const intOrString = !!s['x-kubernetes-int-or-string'];
  const preserve = !!s['x-kubernetes-preserve-unknown-fields'];
  if (s.type === 'array' && !s.items) errs.push({ field: `${path}.items`, type: 'Required', detail: 'must be specified' });
  if (lvl === 'root' && s.additionalProperties !== undefined) errs.push({ field: `${path}.additionalProperties`, type: 'Forbidden', detail: 'must not be used at the root' });
  if (s['x-kubernetes-embedded-resource'] && s.type !== 'object') {
    if (!s.type) errs.push({ field: `${path}.type`, type: 'Required', detail: 'must be object if x-kubernetes-embedded-resource is true' });
    else errs.push({ field: `${path}.type`, type: 'Invalid', value: s.type, detail: 'must be object if x-kubernetes-embedded-resource is true' });
  } else if (!s.type && !intOrString && !preserve) {
    const detail = lvl === 'root' ? 'must not be empty at the root' : lvl === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errs.push({ field: `${path}.type`, type: 'Required', detail });
  } else if (lvl === 'root' && s.type && s.type !== 'object') {
    errs.push({ field: `${path}.type`, type: 'Invalid', value: s.type, detail: 'must be object at the root' });
  }
  if (s.properties && isObj(s.additionalProperties)) errs.push({ field: `${path}.additionalProperties`, type: 'Forbidden', detail: 'additionalProperties and properties are mutual exclusive' });
  if (s['x-kubernetes-list-type'] && !['atomic', 'set', 'map'].includes(s['x-kubernetes-list-type']))
    errs.push({ field: `${path}.x-kubernetes-list-type`, type: 'NotSupported', value: s['x-kubernetes-list-type'], detail: 'supported values: "atomic", "set", "map"' });
  if (s['x-kubernetes-list-type'] === 'map' && !(s['x-kubernetes-list-map-keys'] ?? []).length)
    errs.push({ field: `${path}.x-kubernetes-list-map-keys`, type: 'Required', detail: 'must not be empty if x-kubernetes-list-type is map' });
  if (s['x-kubernetes-map-type'] && !['atomic', 'granular'].includes(s['x-kubernetes-map-type']))
    errs.push({ field: `${path}.x-kubernetes-map-type`, type: 'NotSupported', value: s['x-kubernetes-map-type'], detail: 'supported values: "atomic", "granular"' });
  // value validations (anyOf, allOf, oneOf, not) may not carry rules (AllowNestedXValidations is off)
  const nested = (n: JSONSchemaProps | undefined, p: string): void => {
    if (!n) return;
    if (n['x-kubernetes-validations']?.length) errs.push({ field: `${p}.x-kubernetes-validations`, type: 'Forbidden', detail: 'must be empty to be structural' });
    quantifiers(n, p);
    for (const [k, v] of Object.entries(n.properties ?? {})) nested(v, `${p}.properties[${k}]`);
    if (isObj(n.additionalProperties)) nested(n.additionalProperties as JSONSchemaProps, `${p}.additionalProperties`);
    if (n.items) nested(n.items, `${p}.items`);
  };
  const quantifiers = (n: JSONSchemaProps, p: string) => {
    (n.anyOf ?? []).forEach((x, i) => nested(x, `${p}.anyOf[${i}]`));
    (n.allOf ?? []).forEach((x, i) => nested(x, `${p}.allOf[${i}]`));
    (n.oneOf ?? []).forEach((x, i) => nested(x, `${p}.oneOf[${i}]`));
    nested(n.not, `${p}.not`);
  };
  quantifiers(s, path);
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    if (lvl === 'root' && k === 'metadata') continue;
    errs.push(...structuralErrors(v, `${path}.properties[${k}]`, 'field'));
  }
  if (isObj(s.additionalProperties)) errs.push(...structuralErrors(s.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, 'field'));
  if (s.items) errs.push(...structuralErrors(s.items, `${path}.items`, 'item'));
  return errs;
}
const isObj = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

function storedVersions(o: KObject): string[] {
  const storage = (o.spec?.versions ?? []).find((v: CRDVersion) => v.storage)?.name;
  const stored: string[] = [...(o.status?.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  return stored;
}

export const crdStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(o) {
    defaultCRD(o);
    o.status = { acceptedNames: { kind: '', plural: '' }, storedVersions: storedVersions(o) };
  },
  prepareForUpdate(o) {
    defaultCRD(o);
    if (o.status) o.status.storedVersions = storedVersions(o);
  },
  validate: validateCRD,
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if (o.spec?.scope !== old.spec?.scope && old.status?.storedVersions?.length)
      errs.push({ field: 'spec.scope', type: 'Invalid', value: o.spec?.scope, detail: 'field is immutable' });
    return errs;
  },
  // Deletion waits for the cleanup controller to remove every custom resource first.
  beginDeletion(o, api) {
    const fins: string[] = o.metadata.finalizers ?? [];
    if (!fins.includes(CLEANUP_FINALIZER)) o.metadata.finalizers = [...fins, CLEANUP_FINALIZER];
    setCondition(o, 'Terminating', 'True', 'InstanceDeletionPending', 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon', api.clock.nowISO());
    return true;
  },
};

/** Set one status condition, keeping lastTransitionTime when the status did not change. */
export function setCondition(o: KObject, type: string, status: string, reason: string, message: string, now: string | undefined): void {
  o.status ??= {};
  const conds: any[] = (o.status.conditions ??= []);
  const c = conds.find(x => x.type === type);
  const t = now ?? c?.lastTransitionTime ?? null;
  if (!c) conds.push({ lastTransitionTime: t, message, reason, status, type });
  else {
    if (c.status !== status) c.lastTransitionTime = now ?? c.lastTransitionTime;
    c.status = status; c.reason = reason; c.message = message;
  }
}
