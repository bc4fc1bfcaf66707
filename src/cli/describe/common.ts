// Helpers every describer shares: labels, annotations, taints, tolerations, timestamps and the Events table.
import type { KObject } from '../../api/types';
import type { APIServer } from '../../api/server';
import { byGroupResource } from '../../api/discovery';
import { humanDuration, rfc1123z } from '../../util/duration';
import { PrefixWriter, LEVEL_0, LEVEL_1 } from './writer';

export interface DescribeContext { api: APIServer; now: number; showEvents: boolean }
export type Describer = (obj: KObject, ctx: DescribeContext) => string;

/** Go's sort.Strings order. */
export const sortStrings = (a: string[]) => a.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
/** time.RFC1123Z in the local zone; Go prints a zero time for a missing one. */
export function ts(t: string | undefined | null): string {
  if (!t) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  return rfc1123z(t);
}
/** translateTimestampSince */
export function since(t: string | undefined | null, now: number): string {
  if (!t) return '<unknown>';
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? '<unknown>' : humanDuration(now - ms);
}
export const stringOrNone = (s: string | undefined) => (s ? s : '<none>');
/** Go %v of a JSON value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    const s = String(v);
    return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
  }
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v as object).sort().map(k => `${k}:${goValue((v as any)[k])}`).join(' ')}]`;
  return String(v);
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = sortStrings(Object.keys(labels ?? {}));
  if (!keys.length) { w.line('<none>'); return; }
  keys.forEach((k, i) => {
    if (i) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortStrings(Object.keys(annotations ?? {}).filter(k => !SKIP_ANNOTATIONS.has(k)));
  if (!keys.length) { w.line('<none>'); return; }
  keys.forEach((key, i) => {
    if (i) w.write(LEVEL_0, '\t');
    const value = annotations![key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

export function taintString(t: any): string {
  return `${t.key ?? ''}${t.value ? '=' + t.value : ''}:${t.effect ?? ''}`;
}
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: any[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints?.length) { w.line('<none>'); return; }
  const key = (t: any) => `${t.effect ?? ''},${t.key ?? ''}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: any[] | undefined, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) { w.line('<none>'); return; }
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i) w.write(LEVEL_0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += (t.key || t.effect) ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, s + '\n');
  });
}

/** metav1.FormatLabelSelector */
export function formatLabelSelector(sel: any): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {})) parts.push(`${k}=${sel.matchLabels[k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    const vals = [...(e.values ?? [])].sort();
    if (op === 'In') parts.push(`${e.key} in (${vals.join(',')})`);
    else if (op === 'NotIn') parts.push(`${e.key} notin (${vals.join(',')})`);
    else if (op === 'Exists') parts.push(e.key);
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  const s = sortStrings(parts).join(',');
  return s.length === 0 ? '<none>' : s;
}
/** labels.FormatLabels */
export function formatLabels(m: Record<string, string> | undefined): string {
  const keys = sortStrings(Object.keys(m ?? {}));
  return keys.length ? keys.map(k => `${k}=${m![k]}`).join(',') : '<none>';
}

export function printController(obj: KObject): string {
  const ref = obj.metadata.ownerReferences?.find(r => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

// ---------------- events ----------------
export interface EventQuery { name: string; namespace?: string; kind?: string; uids: string[] }
/** searchEvents: core/v1 Events whose involvedObject matches (name, namespace, kind if given, uid). */
export function searchEvents(api: APIServer, q: EventQuery): KObject[] {
  const ri = byGroupResource('', 'events');
  if (!ri) return [];
  const out: KObject[] = [];
  for (const uid of q.uids) {
    for (const e of api.list(ri, q.namespace || undefined)) {
      const io = e.involvedObject ?? {};
      if ((io.name ?? '') !== q.name) continue;
      if ((io.namespace ?? '') !== (q.namespace ?? '')) continue;
      if (q.kind && io.kind !== q.kind) continue;
      if ((io.uid ?? '') !== uid) continue;
      out.push(e);
    }
  }
  return out;
}
export function eventsFor(obj: KObject, ctx: DescribeContext, opts: { noKind?: boolean; uid?: string; extraUids?: string[] } = {}): KObject[] | undefined {
  if (!ctx.showEvents) return undefined;
  return searchEvents(ctx.api, {
    name: obj.metadata.name ?? '', namespace: obj.metadata.namespace, kind: opts.noKind ? undefined : obj.kind,
    uids: [opts.uid ?? obj.metadata.uid ?? '', ...(opts.extraUids ?? [])],
  });
}

const evTime = (e: any) => {
  const t = e.lastTimestamp ? Date.parse(e.lastTimestamp) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};
/** DescribeEvents: `Events:  <none>` as a field, or a table after a flush, oldest first. */
export function describeEvents(events: KObject[] | undefined, w: PrefixWriter, now: number): void {
  if (!events) return;
  if (!events.length) { w.write(LEVEL_0, 'Events:\t<none>\n'); return; }
  w.flush();
  const sorted = [...events].sort((a, b) => evTime(a) - evTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}
