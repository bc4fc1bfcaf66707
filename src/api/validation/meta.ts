// ObjectMeta validation as apimachinery does it: names, labels, annotations.
import type { FieldError } from '../errors';
import type { KObject, ResourceInfo } from '../types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QNAME_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export function dns1123Subdomain(v: string): string[] {
  const e: string[] = [];
  if (v.length > 253) e.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(v)) e.push(SUBDOMAIN_MSG);
  return e;
}
export function dns1123Label(v: string): string[] {
  const e: string[] = [];
  if (v.length > 63) e.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(v)) e.push(LABEL_MSG);
  return e;
}
export function dns1035Label(v: string): string[] {
  const e: string[] = [];
  if (v.length > 63) e.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(v)) e.push(DNS1035_MSG);
  return e;
}
/** validation.IsQualifiedName */
export function qualifiedName(v: string): string[] {
  const parts = v.split('/');
  let name = v;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (!prefix.length) errs.push('prefix part must be non-empty');
    else for (const m of dns1123Subdomain(prefix)) errs.push('prefix part ' + m);
  } else if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (!name.length) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length && !QNAME_NAME.test(name)) errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  return errs;
}
export function labelValue(v: string): string[] {
  const e: string[] = [];
  if (v.length > 63) e.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v)) e.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  return e;
}

export function validateLabels(labels: Record<string, unknown> | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (VALID_LABELS.has(`${k}=${v}`)) continue;
    const n = out.length;
    for (const m of qualifiedName(k)) out.push({ field: path, type: 'Invalid', value: k, detail: m });
    if (typeof v === 'string') for (const m of labelValue(v)) out.push({ field: path, type: 'Invalid', value: v, detail: m });
    if (out.length === n && typeof v === 'string') { if (VALID_LABELS.size >= 4096) VALID_LABELS.clear(); VALID_LABELS.add(`${k}=${v}`); }
  }
  return out;
}
/** Labels found valid in this process (the same few repeat on every pod of a ReplicaSet and every node). */
const VALID_LABELS = new Set<string>();

export function validateMeta(ri: ResourceInfo, obj: KObject, rule: 'subdomain' | 'label' | 'label1035' | 'path' = 'subdomain'): FieldError[] {
  const md = obj.metadata;
  const out: FieldError[] = [];
  const name = md.name ?? '';
  const check = rule === 'label' ? dns1123Label : rule === 'label1035' ? dns1035Label : rule === 'path' ? pathSegment : dns1123Subdomain;
  for (const m of check(name)) out.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: m });
  if (ri.namespaced && md.namespace) for (const m of dns1123Label(md.namespace)) out.push({ field: 'metadata.namespace', type: 'Invalid', value: md.namespace, detail: m });
  out.push(...validateLabels(md.labels, 'metadata.labels'));
  let total = 0;
  for (const [k, v] of Object.entries(md.annotations ?? {})) {
    for (const m of qualifiedName(k.toLowerCase())) out.push({ field: 'metadata.annotations', type: 'Invalid', value: k, detail: m });
    total += k.length + String(v).length;
  }
  if (total > 262144) out.push({ field: 'metadata.annotations', type: 'TooLong', detail: `may not be more than 262144 bytes` });
  out.push(...validateOwnerReferences(md.ownerReferences ?? []));
  out.push(...validateFinalizers(md.finalizers ?? []));
  return out;
}
function pathSegment(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  if (v.includes('/')) return [`may not contain '/'`];
  if (v.includes('%')) return [`may not contain '%'`];
  return [];
}

/** apimachinery ValidateOwnerReferences. */
export function validateOwnerReferences(refs: any[]): FieldError[] {
  const out: FieldError[] = [];
  let controller: string | undefined;
  refs.forEach((r, i) => {
    const p = `metadata.ownerReferences[${i}]`;
    const version = String(r.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) out.push({ field: `${p}.apiVersion`, type: 'Invalid', value: r.apiVersion ?? '', detail: 'version must not be empty' });
    if (!r.kind) out.push({ field: `${p}.kind`, type: 'Invalid', value: r.kind ?? '', detail: 'kind must not be empty' });
    if (!r.name) out.push({ field: `${p}.name`, type: 'Invalid', value: r.name ?? '', detail: 'name must not be empty' });
    if (!r.uid) out.push({ field: `${p}.uid`, type: 'Invalid', value: r.uid ?? '', detail: 'uid must not be empty' });
    if (r.controller === true) {
      if (controller !== undefined)
        out.push({ field: 'metadata.ownerReferences', type: 'Invalid', omitValue: true, detail: `[]v1.OwnerReference{...}: Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${r.name}` });
      else controller = r.name;
    }
  });
  return out;
}
/** apimachinery ValidateFinalizers: qualified names, and not both orphan and foregroundDeletion. */
export function validateFinalizers(fins: string[]): FieldError[] {
  const out: FieldError[] = [];
  for (const f of fins) for (const m of qualifiedName(String(f))) out.push({ field: 'metadata.finalizers', type: 'Invalid', value: f, detail: m });
  if (fins.includes('orphan') && fins.includes('foregroundDeletion'))
    out.push({ field: 'metadata.finalizers', type: 'Invalid', value: fins, detail: 'finalizer orphan and foregroundDeletion cannot be both set' });
  return out;
}
