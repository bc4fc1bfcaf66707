// Role, ClusterRole, RoleBinding and ClusterRoleBinding describers. Rules are broken down into one verb each,
// compacted per (group, resource, resource name) and sorted by the rule's Go String() form, as kubectl does.
import type { KObject } from '../../api/types';
import { PrefixWriter, LEVEL_0, LEVEL_1 } from './writer';
import { DescribeContext, printLabelsMultiline, printAnnotationsMultiline } from './common';

export interface Rule { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }
const list = (a: string[] | undefined) => `[${(a ?? []).join(' ')}]`;
export const ruleString = (r: Rule) =>
  `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;

export function breakdown(rule: any): Rule[] {
  const out: Rule[] = [];
  for (const g of rule.apiGroups ?? []) for (const res of rule.resources ?? []) for (const v of rule.verbs ?? []) {
    if (rule.resourceNames?.length) for (const n of rule.resourceNames) out.push({ apiGroups: [g], resources: [res], verbs: [v], resourceNames: [n] });
    else out.push({ apiGroups: [g], resources: [res], verbs: [v] });
  }
  for (const u of rule.nonResourceURLs ?? []) for (const v of rule.verbs ?? []) out.push({ nonResourceURLs: [u], verbs: [v] });
  return out;
}
export function compact(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = !r.nonResourceURLs?.length && (r.resourceNames?.length ?? 0) <= 1 && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) { out.push(r); continue; }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const ex = simple.get(key);
    if (ex) { for (const v of r.verbs) if (!ex.verbs.includes(v)) ex.verbs.push(v); }
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}
export function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [first, sub] = resources[0]!.split(/\/(.*)/s) as [string, string | undefined];
  let s = first;
  if (groups?.length && groups[0]) s += '.' + groups[0];
  if (sub !== undefined) s += '/' + sub;
  return s;
}

export function describeRole(role: KObject, _ctx: DescribeContext): string {
  const rules = compact((role.rules ?? []).flatMap(breakdown));
  const keyed = rules.map((r, i) => ({ r, i, k: ruleString(r) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', role.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
  w.write(LEVEL_0, 'PolicyRule:\n');
  w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
  for (const { r } of keyed) w.write(LEVEL_1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${list(r.nonResourceURLs)}\t${list(r.resourceNames)}\t${list(r.verbs)}\n`);
  return w.toString();
}

export function describeRoleBinding(b: KObject, _ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${b.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', b.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', b.metadata.annotations);
  w.write(LEVEL_0, 'Role:\n');
  w.write(LEVEL_1, `Kind:\t${b.roleRef?.kind ?? ''}\n`);
  w.write(LEVEL_1, `Name:\t${b.roleRef?.name ?? ''}\n`);
  w.write(LEVEL_0, 'Subjects:\n');
  w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
  w.write(LEVEL_1, '----\t----\t---------\n');
  for (const s of b.subjects ?? []) w.write(LEVEL_1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  return w.toString();
}
