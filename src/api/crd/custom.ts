// Custom resources: the registry strategy apiextensions-apiserver gives every kind a CRD serves
// (pkg/registry/customresource): pruning and defaulting from the version's structural schema, schema and
// metadata validation, status owned by the status subresource when the CRD enables it, generation on any
// change outside metadata, and no creation while the CRD is terminating.
import type { KObject, ResourceInfo } from '../types';
import type { Strategy } from '../strategies/types';
import type { APIServer } from '../server';
import { StatusError, FieldError } from '../errors';
import { crdVersion, CRD_GROUP } from './crd';
import { prune, applyDefaults, compileValidator, loadValidator, validate, celRules, JSONSchemaProps } from './schema';
import { deepEqual } from '../../util/objects';

const CRD_KEY = `customresourcedefinitions.${CRD_GROUP}`;
const cache = new Map<string, { rv: number; crd: KObject }>();

/** The CRD that serves a custom resource (parsed once per resourceVersion in this process). */
export function crdFor(api: APIServer, ri: ResourceInfo): KObject | undefined {
  const name = ri.custom!.crd;
  const row = api.store.get(CRD_KEY, '', name);
  if (!row) return undefined;
  const hit = cache.get(name);
  if (hit && hit.rv === row.rv) return hit.crd;
  const crd = JSON.parse(row.json) as KObject;
  cache.set(name, { rv: row.rv, crd });
  return crd;
}
function schemaOf(crd: KObject | undefined, version: string): JSONSchemaProps | undefined {
  return crd ? crdVersion(crd, version)?.schema?.openAPIV3Schema : undefined;
}

/** The structural schema of a custom resource's version (for managedFields). */
export function customSchema(api: APIServer, ri: ResourceInfo): JSONSchemaProps | undefined {
  return schemaOf(crdFor(api, ri), ri.version);
}

/** The version's validator: compiled with ajv once per CRD generation, its code kept with the cluster. */
function validatorFor(api: APIServer, crd: KObject, version: string) {
  const key = `crd/validator/${crd.metadata.name}/${version}`;
  const stamp = `${crd.metadata.uid}/${crd.metadata.generation}`;
  let stored: { stamp: string; code: string } | undefined;
  const text = api.store.getMeta(key);
  if (text) { try { stored = JSON.parse(text); } catch { stored = undefined; } }
  if (!stored || stored.stamp !== stamp) {
    stored = { stamp, code: compileValidator(schemaOf(crd, version)) };
    api.store.setMeta(key, JSON.stringify(stored));
  }
  return loadValidator(`${key}@${stamp}`, stored.code);
}

/** Unknown fields of a custom resource (pruned in place), for the registry's strict/warn field validation. */
export function customSchemaProblems(api: APIServer, ri: ResourceInfo, obj: KObject): { unknownFields: string[]; typeErrors: string[] } | undefined {
  const schema = schemaOf(crdFor(api, ri), ri.version);
  if (!schema) return undefined;
  const unknownFields = prune(obj as Record<string, unknown>, schema);
  return unknownFields.length ? { unknownFields, typeErrors: [] } : undefined;
}

/** Defaults of the request's version, then (reading back from storage) of the storage version. */
function defaults(api: APIServer, ri: ResourceInfo, o: KObject): KObject | undefined {
  const crd = crdFor(api, ri);
  applyDefaults(o, schemaOf(crd, ri.version));
  if (ri.custom!.storage !== ri.version) applyDefaults(o, schemaOf(crd, ri.custom!.storage));
  return crd;
}

function copyNonMetadata(o: KObject): Record<string, unknown> {
  const { metadata: _m, ...rest } = o;
  return rest;
}

export const customResourceStrategy: Strategy = {
  prepareForCreate(o, api) {
    const ri = api.resourceFor(o);
    const crd = defaults(api, ri, o);
    if (crd?.metadata.deletionTimestamp)
      throw new StatusError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating');
    if (ri.hasStatus) delete o.status;
    o.metadata.generation = 1;
  },
  prepareForUpdate(o, old, api) {
    const ri = api.resourceFor(o);
    defaults(api, ri, o);
    if (ri.hasStatus) { if (old.status !== undefined) o.status = old.status; else delete o.status; }
    if (!deepEqual(copyNonMetadata(o), copyNonMetadata(old))) o.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
  validate(o, api) {
    const ri = api.resourceFor(o);
    const crd = crdFor(api, ri);
    if (!crd) return [];
    const schema = schemaOf(crd, ri.version);
    const errs: FieldError[] = validate(validatorFor(api, crd, ri.version), schema, o as Record<string, unknown>);
    const rules = celRules(schema);
    if (rules.length && !errs.length) {
      api.warnings.push(`x-kubernetes-validations rules were not evaluated (kctl has no CEL evaluator): ${rules.map(r => `${r.path}: ${r.rule}`).join('; ')}`);
    }
    return errs;
  },
};
