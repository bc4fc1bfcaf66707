// Custom resources: the registry strategy apiextensions-apiserver gives every kind a CRD serves
// (pkg/registry/customresource): pruning and defaulting from the version's structural schema, schema and
// metadata validation, status owned by the status subresource when the CRD enables it, generation on any
// change outside metadata, and no creation while the CRD is terminating.
import type { KObject, ResourceInfo } from '../types';
import type { Strategy } from '../strategies/types';
import type { APIServer } from '../server';
import { StatusError, FieldError, fieldErrorText } from '../errors';
import { crdVersion, CRD_GROUP } from './crd';
import { prune, applyDefaults, compileValidator, loadValidator, validate, celRules, JSONSchemaProps } from './schema';
import type { NodeValidator } from './cel/validator';
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

/** The version's x-kubernetes-validations rules, compiled once per CRD generation (cel-js is loaded only here). */
const celValidators = new Map<string, { stamp: string; v: NodeValidator | undefined }>();
function celValidatorFor(crd: KObject, version: string): NodeValidator | undefined {
  const schema = schemaOf(crd, version);
  if (!celRules(schema).length) return undefined;
  const key = `${crd.metadata.name}/${version}`;
  const stamp = `${crd.metadata.uid}/${crd.metadata.generation}`;
  const hit = celValidators.get(key);
  if (hit && hit.stamp === stamp) return hit.v;
  const { newValidator } = require('./cel/validator') as typeof import('./cel/validator');
  const v = newValidator(schema);
  celValidators.set(key, { stamp, v });
  return v;
}

/** The old object of an update in progress (prepareForUpdate sees it; validate runs the transition rules with it). */
const updating = new WeakMap<KObject, KObject>();

/** Schema errors that keep the rules from running (hasBlockingErr). */
function blocking(errs: FieldError[]): boolean {
  return errs.some(e => e.type === 'NotSupported' || e.type === 'Required' || e.type === 'TooLong' || e.type === 'TooMany' || (e.type === 'Invalid' && / in body must be of type /.test(e.detail ?? '')));
}

/** Schema validation, then the CEL rules (with the old object on an update). */
function validateCustom(o: KObject, old: KObject | undefined, api: APIServer): FieldError[] {
  const ri = api.resourceFor(o);
  const crd = crdFor(api, ri);
  if (!crd) return [];
  const schema = schemaOf(crd, ri.version);
  const errs: FieldError[] = validate(validatorFor(api, crd, ri.version), schema, o as Record<string, unknown>);
  const rules = celValidatorFor(crd, ri.version);
  if (rules) {
    if (blocking(errs)) {
      errs.push({ field: '<nil>', type: 'Invalid', value: 'null', detail: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation' });
    } else {
      const { validateRules } = require('./cel/validator') as typeof import('./cel/validator');
      const r = validateRules(rules, o, old, fieldErrorText);
      errs.push(...r.errors);
      for (const w of r.warnings) if (!api.warnings.includes(w)) api.warnings.push(w);
    }
  }
  return errs;
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
    updating.set(o, old);
    const ri = api.resourceFor(o);
    defaults(api, ri, o);
    if (ri.hasStatus) { if (old.status !== undefined) o.status = old.status; else delete o.status; }
    if (!deepEqual(copyNonMetadata(o), copyNonMetadata(old))) o.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
  validate(o, api) {
    const old = updating.get(o);
    updating.delete(o);
    return validateCustom(o, old, api);
  },
  // PUT/PATCH of the status subresource: the whole object is validated, rules with the old object (statusStrategy)
  validateStatusUpdate(o, old, api) {
    return validateCustom(o, old, api);
  },
};
