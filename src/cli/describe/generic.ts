// The generic describer kubectl falls back to for kinds without their own: Name, Namespace, Labels,
// Annotations, then every other field of the object (sorted, smart labels), then Events.
import type { KObject } from '../../api/types';
import { PrefixWriter, LEVEL_0 } from './writer';
import { DescribeContext, goValue, sortStrings, printLabelsMultiline, printAnnotationsMultiline, eventsFor, describeEvents } from './common';

const SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function describeGeneric(obj: KObject, ctx: DescribeContext): string {
  const events = eventsFor(obj, ctx);
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  printUnstructured(w, LEVEL_0, obj as Record<string, unknown>, '');
  describeEvents(events, w, ctx.now);
  return w.toString();
}

function printUnstructured(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of sortStrings(Object.keys(content))) {
    const value = content[field];
    if (value === undefined) continue;
    const path = `${prefix}.${field}`;
    if (SKIP.includes(path)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printUnstructured(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];
/** fatih/camelcase.Split: runs of lower, upper, digit and other characters; an upper run before a lower one gives up its last letter. */
function camelSplit(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of [...s]) {
    const k = cls(c);
    if (k === last && runs.length) runs[runs.length - 1]!.push(c); else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter(r => r.length).map(r => r.join(''));
}
export function smartLabelFor(field: string): string {
  if ([...field].some(c => !/\p{L}/u.test(c) && c !== '-')) return field;
  const out: string[] = [];
  for (const part of camelSplit(field)) {
    if (part === '_') continue;
    if (ACRONYMS.includes(part.toUpperCase())) out.push(part.toUpperCase());
    else out.push(part.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()));
  }
  return out.join(' ');
}
