// batch/v1 Job and CronJob: SetDefaults_Job / SetDefaults_CronJob, the job strategy's selector generation,
// and batch validation (restart policy, generated selector, cron schedule).
import type { Strategy } from './types';
import type { KObject } from '../types';
import type { FieldError } from '../errors';
import {
  defaultPodTemplate, templateMeta, validatePodTemplate, nonNegative, immutable, goLabelSelector, goStringMap,
  invalidRaw, validateLabelSelector, selectorMatches, semanticEqual,
} from './common';
import { dns1123Subdomain } from '../validation/meta';

const UID_LABEL = 'batch.kubernetes.io/controller-uid';
const NAME_LABEL = 'batch.kubernetes.io/job-name';
const LEGACY_UID = 'controller-uid';
const LEGACY_NAME = 'job-name';

function defaultJobSpec(s: any): void {
  if (s.completions == null && s.parallelism == null) { s.completions = 1; s.parallelism = 1; }
  s.parallelism ??= 1;
  if (s.backoffLimit == null) s.backoffLimit = s.backoffLimitPerIndex != null ? 2147483647 : 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  for (const r of s.podFailurePolicy?.rules ?? []) for (const c of r.onPodConditions ?? []) c.status ||= 'True';
  s.podReplacementPolicy ??= s.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  s.manualSelector ??= false;
}
function defaultJob(o: KObject): void {
  const s = (o.spec ??= {});
  defaultJobSpec(s);
  s.template = defaultPodTemplate(s.template ?? {});
}
/** The job strategy's generateSelector (when manualSelector is not true). */
function generateSelector(o: KObject): void {
  const s = o.spec;
  const tm = (s.template.metadata ??= {});
  const labels: Record<string, string> = (tm.labels ??= {});
  for (const k of [LEGACY_NAME, NAME_LABEL]) if (!(k in labels)) labels[k] = o.metadata.name!;
  for (const k of [LEGACY_UID, UID_LABEL]) if (!(k in labels)) labels[k] = o.metadata.uid!;
  s.selector ??= {};
  s.selector.matchLabels ??= {};
  if (!(UID_LABEL in s.selector.matchLabels)) s.selector.matchLabels[UID_LABEL] = o.metadata.uid!;
}
function hasLabel(labels: Record<string, string> | undefined, key: string, want: string): FieldError[] {
  const path = `spec.template.metadata.labels[${key}]`;
  if (!labels || !(key in labels)) return [{ field: path, type: 'Required', detail: `must be '${want}'` }];
  if (labels[key] !== want) return [invalidRaw(path, goStringMap(labels), `must be '${want}'`)];
  return [];
}
function validateJobSpecCommon(s: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(s.parallelism, `${path}.parallelism`));
  errs.push(...nonNegative(s.completions, `${path}.completions`));
  errs.push(...nonNegative(s.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`));
  errs.push(...nonNegative(s.backoffLimit, `${path}.backoffLimit`));
  errs.push(...nonNegative(s.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`));
  if (s.completionMode && s.completionMode !== 'NonIndexed' && s.completionMode !== 'Indexed')
    errs.push({ field: `${path}.completionMode`, type: 'NotSupported', value: s.completionMode, detail: 'supported values: "NonIndexed", "Indexed"' });
  if (s.completionMode === 'Indexed') {
    if (s.completions == null) errs.push({ field: `${path}.completions`, type: 'Required', detail: 'when completion mode is Indexed' });
    else if (s.completions > 100000) errs.push({ field: `${path}.completions`, type: 'Invalid', value: s.completions, detail: 'must be less than or equal to 100000 when completion mode is Indexed' });
  }
  if (s.backoffLimitPerIndex != null && s.completionMode !== 'Indexed')
    errs.push({ field: `${path}.backoffLimitPerIndex`, type: 'Forbidden', detail: 'requires indexed completion mode' });
  if (s.podReplacementPolicy && !['TerminatingOrFailed', 'Failed'].includes(s.podReplacementPolicy))
    errs.push({ field: `${path}.podReplacementPolicy`, type: 'NotSupported', value: s.podReplacementPolicy, detail: 'supported values: "Failed", "TerminatingOrFailed"' });
  errs.push(...validatePodTemplate(s.template, `${path}.template`));
  const rp = s.template?.spec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never')
    errs.push({ field: `${path}.template.spec.restartPolicy`, type: 'NotSupported', value: rp ?? '', detail: 'supported values: "OnFailure", "Never"' });
  return errs;
}

export const jobStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate(o) {
    const hadLabels = o.metadata.labels && Object.keys(o.metadata.labels).length;
    defaultJob(o);
    if (o.spec.manualSelector !== true) generateSelector(o);
    // SetDefaults_Job shares the template's label map with the Job when the Job has none.
    if (!hadLabels && o.spec.template.metadata?.labels && Object.keys(o.spec.template.metadata.labels).length)
      o.metadata.labels = { ...o.spec.template.metadata.labels };
  },
  prepareForUpdate(o) { defaultJob(o); },
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    if (s.manualSelector !== true && s.selector) {
      const tl = s.template?.metadata?.labels;
      errs.push(...hasLabel(tl, UID_LABEL, o.metadata.uid!));
      errs.push(...hasLabel(tl, NAME_LABEL, o.metadata.name!));
      const expected = { [LEGACY_UID]: o.metadata.uid!, [LEGACY_NAME]: o.metadata.name!, [UID_LABEL]: o.metadata.uid!, [NAME_LABEL]: o.metadata.name! };
      if (!selectorMatches(s.selector, expected))
        errs.push(invalidRaw('spec.selector', goLabelSelector(s.selector), '`selector` not auto-generated'));
    }
    errs.push(...validateJobSpecCommon(s, 'spec'));
    if (s.selector == null) errs.push({ field: 'spec.selector', type: 'Required' });
    else {
      errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
      if (!selectorMatches(s.selector, s.template?.metadata?.labels))
        errs.push(invalidRaw('spec.template.metadata.labels', goStringMap(s.template?.metadata?.labels), '`selector` does not match template `labels`'));
    }
    return errs;
  },
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    errs.push(...immutable(o.spec?.selector, old.spec?.selector, 'spec.selector', goLabelSelector));
    if (!semanticEqual(o.spec?.template, old.spec?.template)) {
      // Only a suspended job that never started may change its scheduling directives.
      const strip = (t: any) => {
        const c = JSON.parse(JSON.stringify(t ?? {}));
        if (old.spec?.suspend && !old.status?.startTime) {
          delete c.spec?.nodeSelector; delete c.spec?.tolerations; delete c.spec?.affinity; delete c.spec?.schedulingGates;
          if (c.metadata) { delete c.metadata.labels; delete c.metadata.annotations; }
        }
        return c;
      };
      if (!semanticEqual(strip(o.spec?.template), strip(old.spec?.template)))
        errs.push(invalidRaw('spec.template', 'core.PodTemplateSpec{...}', 'field is immutable'));
    }
    if (o.spec?.completionMode !== old.spec?.completionMode)
      errs.push({ field: 'spec.completionMode', type: 'Invalid', value: o.spec?.completionMode, detail: 'field is immutable' });
    if (o.spec?.completions !== old.spec?.completions && !(o.spec?.completionMode === 'Indexed' && o.spec?.completions === o.spec?.parallelism))
      errs.push({ field: 'spec.completions', type: 'Invalid', value: o.spec?.completions ?? null, detail: 'field is immutable' });
    return errs;
  },
};

// ---------------- CronJob ----------------
function defaultCronJob(o: KObject): void {
  const s = (o.spec ??= {});
  s.concurrencyPolicy ??= 'Allow';
  s.suspend ??= false;
  s.successfulJobsHistoryLimit ??= 3;
  s.failedJobsHistoryLimit ??= 1;
  s.jobTemplate ??= {};
  s.jobTemplate.metadata ??= {};
  templateMeta(s.jobTemplate.metadata);
  s.jobTemplate.spec ??= {};
  s.jobTemplate.spec.template = defaultPodTemplate(s.jobTemplate.spec.template ?? {});
}
export const cronJobStrategy: Strategy = {
  tracksGeneration: true,
  prepareForCreate: o => defaultCronJob(o),
  prepareForUpdate: o => defaultCronJob(o),
  validate(o) {
    const s = o.spec ?? {};
    const errs: FieldError[] = [];
    if (!s.schedule) errs.push({ field: 'spec.schedule', type: 'Required' });
    else {
      const e = parseCron(String(s.schedule));
      if (e) errs.push({ field: 'spec.schedule', type: 'Invalid', value: s.schedule, detail: e });
      if (String(s.schedule).includes('TZ'))
        errs.push({ field: 'spec.schedule', type: 'Invalid', value: s.schedule, detail: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' });
    }
    errs.push(...validateTimeZone(s.timeZone));
    errs.push(...nonNegative(s.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
    if (!['Allow', 'Forbid', 'Replace'].includes(s.concurrencyPolicy))
      errs.push({ field: 'spec.concurrencyPolicy', type: 'NotSupported', value: s.concurrencyPolicy, detail: 'supported values: "Allow", "Forbid", "Replace"' });
    const js = s.jobTemplate?.spec ?? {};
    errs.push(...validateJobSpecCommon(js, 'spec.jobTemplate.spec'));
    if (js.selector != null) errs.push(invalidRaw('spec.jobTemplate.spec.selector', goLabelSelector(js.selector), '`selector` will be auto-generated'));
    if (js.manualSelector === true) errs.push({ field: 'spec.jobTemplate.spec.manualSelector', type: 'NotSupported', value: true, detail: 'supported values: "nil", "false"' });
    errs.push(...nonNegative(s.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
    errs.push(...nonNegative(s.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
    const name = o.metadata.name ?? '';
    if (name.length > 52 && !dns1123Subdomain(name).length)
      errs.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: 'must be no more than 52 characters' });
    return errs;
  },
};

/** validateTimeZone: nil, or an IANA zone name Go's time.LoadLocation knows (never "Local"). */
function validateTimeZone(tz: unknown): FieldError[] {
  if (tz == null) return [];
  const f = 'spec.timeZone';
  const v = String(tz);
  if (!v.length) return [{ field: f, type: 'Invalid', value: v, detail: 'timeZone must be nil or non-empty string' }];
  for (const part of v.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))
      return [{ field: f, type: 'Invalid', value: v, detail: `unknown time zone ${v}` }];
  }
  if (v.toLowerCase() === 'local') return [{ field: f, type: 'Invalid', value: v, detail: 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones' }];
  let known = v === 'UTC';
  if (!known) { try { new Intl.DateTimeFormat('en-US', { timeZone: v }); known = true; } catch { known = false; } }
  return known ? [] : [{ field: f, type: 'Invalid', value: v, detail: `unknown time zone ${v}` }];
}

// ---------------- cron schedule (robfig/cron v3 ParseStandard) ----------------
const BOUNDS: [number, number, Record<string, number>?][] = [
  [0, 59], [0, 23], [1, 31],
  [1, 12, { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 }],
  [0, 6, { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }],
];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

function atoi(s: string): number | string {
  if (!/^[+-]?\d+$/.test(s)) return `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  return Number(s);
}
function intOrName(expr: string, names?: Record<string, number>): number | string {
  if (names && expr.toLowerCase() in names) return names[expr.toLowerCase()]!;
  const n = atoi(expr);
  if (typeof n === 'string') return `failed to parse int from ${expr}: ${n}`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}
function checkRange(expr: string, [min, max, names]: [number, number, Record<string, number>?]): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number, end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') { start = min; end = max; }
  else {
    const s = intOrName(lowAndHigh[0]!, names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1]!, names);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  if (rangeAndStep.length === 2) {
    const st = atoi(rangeAndStep[1]!);
    if (typeof st === 'string') return `failed to parse int from ${rangeAndStep[1]}: ${st}`;
    if (st < 0) return `negative number (${st}) not allowed: ${rangeAndStep[1]}`;
    if (singleDigit) end = max;
    if (st === 0) return `step of range should be a positive number: ${expr}`;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < min) return `beginning of range (${start}) below minimum (${min}): ${expr}`;
  if (end > max) return `end of range (${end}) above maximum (${max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return undefined;
}
/** undefined when valid, else robfig/cron's error text. */
export function parseCron(spec: string): string | undefined {
  let s = spec.trim();
  if (!s.length) return 'empty spec string';
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ');
    s = i < 0 ? '' : s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    if (DESCRIPTORS.includes(s)) return undefined;
    if (s.startsWith('@every ')) {
      return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s.slice(7).trim()) ? undefined : `failed to parse duration ${s}: time: invalid duration ${JSON.stringify(s.slice(7).trim())}`;
    }
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i]!.split(',')) {
      const e = checkRange(part, BOUNDS[i]!);
      if (e) return e;
    }
  }
  return undefined;
}
