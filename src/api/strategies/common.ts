// Helpers shared by the kind strategies: Go-style value rendering for field errors, label selectors,
// the small numeric checks apivalidation has, and pod-template defaulting.
import type { FieldError } from '../errors';
import { qualifiedName, labelValue, validateLabels } from '../validation/meta';
import { fromLabelSelector, matches, LabelSelector } from '../selectors';
import { defaultPodSpec, validatePodSpec } from './podspec';

const q = (s: string) => JSON.stringify(s);
const sortedKeys = (m: Record<string, unknown>) => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Go %#v of a map[string]string (keys sorted, as fmt prints maps). */
export function goStringMap(m: Record<string, string> | undefined | null): string {
  if (m == null) return 'map[string]string(nil)';
  return `map[string]string{${sortedKeys(m).map(k => `${q(k)}:${q(String(m[k]))}`).join(', ')}}`;
}
export function goStringSlice(a: string[] | undefined | null): string {
  if (a == null) return '[]string(nil)';
  return `[]string{${a.map(x => q(String(x))).join(', ')}}`;
}
/** Go %#v of a metav1.LabelSelector (the pointer dereferenced, as field errors do). */
export function goLabelSelector(s: LabelSelector | undefined | null): string {
  if (s == null) return 'null';
  const exprs = s.matchExpressions == null ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${s.matchExpressions.map(e => `v1.LabelSelectorRequirement{Key:${q(e.key ?? '')}, Operator:${q(e.operator ?? '')}, Values:${goStringSlice(e.values)}}`).join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`;
}
/** Go %#v of an intstr.IntOrString. */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'number') return `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`;
  return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${q(String(v ?? ''))}}`;
}
/** An Invalid error whose value is already rendered Go-style. */
export const invalidRaw = (field: string, rendered: string, detail: string): FieldError =>
  ({ field, type: 'Invalid', omitValue: true, detail: `${rendered}: ${detail}` });

export function nonNegative(v: unknown, field: string): FieldError[] {
  return typeof v === 'number' && v < 0 ? [{ field, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' }] : [];
}
export function positive(v: unknown, field: string): FieldError[] {
  return typeof v === 'number' && v <= 0 ? [{ field, type: 'Invalid', value: v, detail: 'must be greater than 0' }] : [];
}

/** apiequality.Semantic.DeepEqual: empty and nil slices/maps are equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (x: unknown) => x === undefined || x === null || (Array.isArray(x) && !x.length) ||
    (typeof x === 'object' && x !== null && !Array.isArray(x) && !Object.keys(x).some(k => (x as any)[k] !== undefined));
  if (empty(a) && empty(b)) return true;
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** unversionedvalidation.ValidateLabelSelector */
export function validateLabelSelector(sel: LabelSelector | undefined | null, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel) return errs;
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In': case 'NotIn':
        if (!vals.length) errs.push({ field: `${p}.values`, type: 'Required', detail: 'must be specified when `operator` is \'In\' or \'NotIn\'' });
        break;
      case 'Exists': case 'DoesNotExist':
        if (vals.length) errs.push({ field: `${p}.values`, type: 'Forbidden', detail: 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' });
        break;
      default:
        errs.push({ field: `${p}.operator`, type: 'Invalid', value: e.operator ?? '', detail: 'not a valid selector operator' });
    }
    for (const m of qualifiedName(e.key ?? '')) errs.push({ field: `${p}.key`, type: 'Invalid', value: e.key ?? '', detail: m });
    vals.forEach((v, j) => { for (const m of labelValue(String(v))) errs.push({ field: `${p}.values[${j}]`, type: 'Invalid', value: v, detail: m }); });
  });
  errs.push(...validateLabels(sel.matchLabels, `${path}.matchLabels`));
  return errs;
}
export function selectorIsEmpty(sel: LabelSelector | undefined | null): boolean {
  return !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length);
}
export function selectorMatches(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  return matches(fromLabelSelector(sel ?? {}), labels ?? {});
}

/** Template metadata as the API returns it (Go's zero metav1.Time serialises as null) and PodSpec defaults. */
export function defaultPodTemplate(t: any): any {
  if (!t || typeof t !== 'object') return t;
  t.metadata ??= {};
  if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
  t.spec ??= {};
  defaultPodSpec(t.spec, { pod: false });
  return t;
}
export function templateMeta(m: any): void {
  if (m && m.creationTimestamp === undefined) m.creationTimestamp = null;
}

/** apivalidation.ValidatePodTemplateSpec: labels and annotations of the template, then its PodSpec. */
export function validatePodTemplate(t: any, path: string): FieldError[] {
  if (!t) return [{ field: path, type: 'Required' }];
  const errs: FieldError[] = [];
  errs.push(...validateLabels(t.metadata?.labels, `${path}.metadata.labels`));
  for (const k of Object.keys(t.metadata?.annotations ?? {}))
    for (const m of qualifiedName(k.toLowerCase())) errs.push({ field: `${path}.metadata.annotations`, type: 'Invalid', value: k, detail: m });
  errs.push(...validatePodSpec(t.spec ?? {}, `${path}.spec`, { pod: false, template: true }));
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet (also used by Deployment, StatefulSet, RC-like kinds). */
export function validateReplicaTemplate(t: any, sel: LabelSelector | undefined | null, path: string, kindWord: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!t) return [{ field: path, type: 'Required' }];
  if (!selectorIsEmpty(sel) && !selectorMatches(sel, t.metadata?.labels))
    errs.push(invalidRaw(`${path}.metadata.labels`, goStringMap(t.metadata?.labels), '`selector` does not match template `labels`'));
  errs.push(...validatePodTemplate(t, path));
  const rp = t.spec?.restartPolicy;
  if (rp !== 'Always') errs.push({ field: `${path}.spec.restartPolicy`, type: 'NotSupported', value: rp ?? '', detail: 'supported values: "Always"' });
  if (t.spec?.activeDeadlineSeconds !== undefined && t.spec?.activeDeadlineSeconds !== null)
    errs.push({ field: `${path}.spec.activeDeadlineSeconds`, type: 'Forbidden', detail: `activeDeadlineSeconds in ${kindWord} is not Supported` });
  return errs;
}

/** A selector that must be present, valid and non-empty (apps kinds). */
export function validateRequiredSelector(sel: LabelSelector | undefined | null, path: string, what: string): FieldError[] {
  if (sel == null) return [{ field: path, type: 'Required' }];
  const errs = validateLabelSelector(sel, path);
  if (selectorIsEmpty(sel)) errs.push(invalidRaw(path, goLabelSelector(sel), `empty selector is invalid for ${what}`));
  return errs;
}

export function immutable(nv: unknown, ov: unknown, path: string, render: (v: any) => string): FieldError[] {
  if (semanticEqual(nv, ov)) return [];
  return [invalidRaw(path, render(nv), 'field is immutable')];
}

/** IntOrString percent/integer checks (ValidatePositiveIntOrPercent). */
export function validateIntOrPercent(v: unknown, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    if (!/^[0-9]+%$/.test(v)) return [invalidRaw(path, goIntOrString(v), "must be an integer or percentage (e.g '5%')")];
    return [];
  }
  if (typeof v === 'number' && v < 0) return [invalidRaw(path, goIntOrString(v), 'must be greater than or equal to 0')];
  return [];
}
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return NaN;
}
export function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string' && /^[0-9]+%$/.test(v) && Number(v.slice(0, -1)) > 100)
    return [invalidRaw(path, goIntOrString(v), 'must not be greater than 100%')];
  return [];
}

/** A valid config (Secret/ConfigMap) key. */
export function configKey(k: string): string[] {
  const e: string[] = [];
  if (k.length > 253) e.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(k)) e.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  if (k === '.') e.push("must not be '.'");
  else if (k === '..') e.push("must not be '..'");
  else if (k.startsWith('..')) e.push("must not start with '..'");
  return e;
}
