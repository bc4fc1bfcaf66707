// The checks apiextensions-apiserver makes of x-kubernetes-validations rules when a CRD is written
// (pkg/apis/apiextensions/validation: ValidateCustomResourceDefinitionOpenAPISchema's CEL part and
// cel_validation.go): every rule compiled against its schema node, compile errors as the API server words them,
// the estimated cost of each rule against the per-expression and per-CRD limits (with the cardinality the
// enclosing maxItems/maxProperties allow), and oldSelf only where old and new values correlate.
import type { JSONSchemaProps } from '../schema';
import type { FieldError } from '../../errors';
import { schemaDecl, Decl } from './decl';
import { schemaTypes, SchemaTypes } from './env';
import { goQuote } from '../../../util/goquote';
import { compileRule, ValidationRule } from './validator';

export const STATIC_ESTIMATED_COST_LIMIT = 10000000;
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100000000;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** getCostErrorMessage. */
export function costErrorMessage(name: string, cost: number, limit: number): string {
  const f = cost / limit;
  const factor = f > 100 ? 'more than 100x' : f < 1.5 ? `${f.toFixed(6)}x` : `${f.toFixed(1)}x`;
  return `${name} exceeds budget by factor of ${factor} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}


/** The ValidationRule as Go's %#v prints the internal struct (pointers print as an address). */
export function goRule(r: ValidationRule): string {
  const ptr = (t: string, set: boolean) => (set ? `(*${t})(0xc000a1e2f0)` : `(*${t})(nil)`);
  return `apiextensions.ValidationRule{Rule:${goQuote(String(r.rule ?? ''))}, Message:${goQuote(String(r.message ?? ''))}, MessageExpression:${goQuote(String(r.messageExpression ?? ''))}, `
    + `Reason:${ptr('apiextensions.FieldValueErrorReason', r.reason !== undefined && r.reason !== null)}, FieldPath:${goQuote(String(r.fieldPath ?? ''))}, `
    + `OptionalOldSelf:${ptr('bool', r.optionalOldSelf !== undefined && r.optionalOldSelf !== null)}}`;
}

interface Ctx {
  decl: Decl | undefined;
  types: SchemaTypes | undefined;
  /** MaxCardinality: undefined is unbounded. */
  cardinality: number | undefined;
  /** The first ancestor where old and new values stop correlating. */
  uncorrelatable?: string;
  inScope: boolean;
}

/** The CEL errors of a schema at `base` (`spec.validation.openAPIV3Schema`), given its schema errors (a subtree with
 *  schema errors is not compiled). */
export function celSchemaErrors(schema: JSONSchemaProps, base: string, schemaErrors: FieldError[]): FieldError[] {
  const errs: FieldError[] = [];
  const total = { total: 0, expensive: [] as { path: string; cost: number }[] };
  const rootDecl = schemaDecl(schema, true, '');
  const ctx: Ctx = { decl: rootDecl, types: undefined, cardinality: 1, inScope: !!schema['x-kubernetes-validations']?.length };
  let types: SchemaTypes | undefined;
  const typesFor = (d: Decl) => (d === rootDecl ? (types ??= schemaTypes(rootDecl)) : schemaTypes(d));
  const hasSchemaErrors = (p: string) => schemaErrors.some(e => e.field === p || e.field.startsWith(p + '.') || e.field.startsWith(p + '['));

  const observe = (path: string, cost: number) => {
    total.total = Math.min(total.total + cost, 18446744073709551615);
    if (cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100) return;
    total.expensive.push({ path, cost });
    total.expensive.sort((a, b) => b.cost - a.cost);
    total.expensive.length = Math.min(4, total.expensive.length);
  };

  const visit = (s: JSONSchemaProps, path: string, c: Ctx, resourceRoot: boolean, typeRoot: Decl | undefined) => {
    const maxElements = (): number | undefined => {
      if (s.type === 'object') return isMap(s.additionalProperties) || s.additionalProperties === true ? (s.maxProperties !== undefined ? Math.max(0, s.maxProperties) : undefined) : 1;
      if (s.type === 'array') return s.maxItems !== undefined ? Math.max(0, s.maxItems) : undefined;
      return 1;
    };
    const childCard = () => { const m = maxElements(); return c.cardinality === undefined || m === undefined ? undefined : c.cardinality * m; };
    const childCtx = (sub: JSONSchemaProps, decl: Decl | undefined, uncorrelatable: string | undefined): Ctx =>
      ({ decl, types: undefined, cardinality: childCard(), uncorrelatable, inScope: c.inScope || !!sub['x-kubernetes-validations']?.length });
    if (isMap(s.additionalProperties)) {
      const ap = s.additionalProperties as JSONSchemaProps;
      visit(ap, `${path}.additionalProperties`, childCtx(ap, c.decl?.kind === 'map' ? c.decl.elem : undefined, c.uncorrelatable), !!ap['x-kubernetes-embedded-resource'], typeRoot);
    }
    for (const [k, ps] of Object.entries(s.properties ?? {})) {
      const mapType = s['x-kubernetes-map-type'];
      const unc = c.uncorrelatable ?? (mapType && mapType !== 'granular' && mapType !== 'atomic' ? path : undefined);
      visit(ps, `${path}.properties[${k}]`, childCtx(ps, c.decl?.kind === 'object' ? c.decl.byProperty!.get(k)?.type : undefined, unc), !!ps['x-kubernetes-embedded-resource'], typeRoot);
    }
    if (s.items) {
      const unc = c.uncorrelatable ?? (s['x-kubernetes-list-type'] !== 'map' ? path : undefined);
      visit(s.items, `${path}.items`, childCtx(s.items, c.decl?.kind === 'list' ? c.decl.elem : undefined, unc), !!s.items['x-kubernetes-embedded-resource'], typeRoot);
    }
    const rules = (s['x-kubernetes-validations'] ?? []) as ValidationRule[];
    if (!rules.length || hasSchemaErrors(path)) return;
    let decl = c.decl, root = typeRoot;
    if (!decl) {
      // not reachable from the parent's type: convert this node on its own
      decl = schemaDecl(s, resourceRoot, '');
      root = decl;
    }
    if (!decl) {
      errs.push({ field: `${path}.x-kubernetes-validations`, type: 'Internal', detail: 'internal error: failed to construct type information for x-kubernetes-validations rules: unable to convert structural schema to CEL declarations' });
      return;
    }
    const t = typesFor(root!);
    rules.forEach((rule, i) => {
      const rp = `${path}.x-kubernetes-validations[${i}]`;
      const cr = compileRule(rule, decl!, t, s);
      const card = c.cardinality !== undefined ? c.cardinality : cr.maxCardinality;
      const cost = cr.maxCost === 0 ? 0 : Math.min(cr.maxCost * card, 18446744073709551615);
      if (cost > STATIC_ESTIMATED_COST_LIMIT) errs.push({ field: `${rp}.rule`, type: 'Forbidden', detail: costErrorMessage('estimated rule cost', cost, STATIC_ESTIMATED_COST_LIMIT) });
      observe(`${rp}.rule`, cost);
      if (cr.error) {
        if (cr.error.type === 'Required') errs.push({ field: `${rp}.rule`, type: 'Required', detail: cr.error.detail });
        else errs.push({ field: `${rp}.rule`, type: 'Invalid', valueText: goRule(rule), detail: cr.error.detail });
      }
      if (cr.messageError) errs.push({ field: `${rp}.messageExpression`, type: 'Invalid', valueText: goRule(rule), detail: cr.messageError.detail });
      else if (cr.message) {
        if (cr.messageMaxCost > STATIC_ESTIMATED_COST_LIMIT) errs.push({ field: `${rp}.messageExpression`, type: 'Forbidden', detail: costErrorMessage('estimated messageExpression cost', cr.messageMaxCost, STATIC_ESTIMATED_COST_LIMIT) });
        observe(`${rp}.messageExpression`, cr.messageMaxCost);
      }
      if (cr.usesOldSelf) {
        if (c.uncorrelatable) errs.push({ field: `${rp}.rule`, type: 'Invalid', value: rule.rule, detail: `oldSelf cannot be used on the uncorrelatable portion of the schema within ${c.uncorrelatable}` });
      } else if (rule.optionalOldSelf !== undefined && rule.optionalOldSelf !== null) {
        errs.push({ field: `${rp}.optionalOldSelf`, type: 'Invalid', value: rule.optionalOldSelf, detail: 'may not be set if oldSelf is not used in rule' });
      }
    });
  };
  visit(schema, base, ctx, true, rootDecl);
  if (total.total > STATIC_ESTIMATED_CRD_COST_LIMIT) {
    for (const e of total.expensive) errs.push({ field: e.path, type: 'Forbidden', detail: 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema' });
    errs.push({ field: base, type: 'Forbidden', detail: costErrorMessage('x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema', total.total, STATIC_ESTIMATED_CRD_COST_LIMIT) });
  }
  return errs;
}
