// Namespace describer: no Events section; resource quotas and limit ranges after a blank line each.
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { PrefixWriter, LEVEL_0, LEVEL_1 } from './writer';
import { Quantity } from './quantity';
import { DescribeContext, ts, sortStrings, printLabelsMultiline, printAnnotationsMultiline } from './common';

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};
const q = (v: unknown) => Quantity.parse(v).toString();

export function describeResourceQuotas(quotas: KObject[], w: PrefixWriter): void {
  if (!quotas.length) { w.write(LEVEL_0, 'No resource quota.\n'); return; }
  const sorted = [...quotas].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const rq of sorted) {
    w.write(LEVEL_1, `Name:\t${rq.metadata.name}\n`);
    const scopes = sortStrings([...(rq.spec?.scopes ?? [])]);
    if (scopes.length) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = rq.status?.hard ?? {}, used = rq.status?.used ?? {};
    for (const r of sortStrings(Object.keys(hard))) w.write(LEVEL_1, `${r}\t${q(used[r] ?? '0')}\t${q(hard[r])}\n`);
  }
}

export function describeLimitRangeSpec(spec: any, prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const keys: string[] = [];
    for (const m of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio])
      for (const k of Object.keys(m ?? {})) if (!keys.includes(k)) keys.push(k);
    for (const k of sortStrings(keys)) {
      const v = (m: any) => (m && m[k] !== undefined ? q(m[k]) : '-');
      w.write(LEVEL_0, `${prefix}${item.type ?? ''}\t${k}\t${v(item.min)}\t${v(item.max)}\t${v(item.defaultRequest)}\t${v(item.default)}\t${v(item.maxLimitRequestRatio)}\n`);
    }
  }
}

export function describeLimitRanges(lrs: KObject[], w: PrefixWriter): void {
  if (!lrs.length) { w.write(LEVEL_0, 'No LimitRange resource.\n'); return; }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of lrs) describeLimitRangeSpec(lr.spec, ' ', w);
}

export function describeNamespace(ns: KObject, ctx: DescribeContext): string {
  const name = ns.metadata.name!;
  const rqRi = byGroupResource('', 'resourcequotas'), lrRi = byGroupResource('', 'limitranges');
  const quotas = rqRi ? ctx.api.list(rqRi, name) : undefined;
  const limits = lrRi ? ctx.api.list(lrRi, name) : undefined;
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  if (ns.status?.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
    for (const c of ns.status.conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${ts(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  if (quotas) { w.write(LEVEL_0, '\n'); describeResourceQuotas(quotas, w); }
  if (limits) { w.write(LEVEL_0, '\n'); describeLimitRanges(limits, w); }
  return w.toString();
}
