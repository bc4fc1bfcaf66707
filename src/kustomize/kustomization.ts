// The kustomization file (api/types/kustomization.go): found as kustomization.yaml, kustomization.yml or
// Kustomization; read as kustomize reads it (sigs.k8s.io/yaml, YAML 1.1, then encoding/json into the
// Kustomization struct with unknown fields refused and field names matched case-insensitively, with Go's
// error texts); deprecation warnings; deprecated fields folded into their successors (FixKustomization);
// the empty and kind/apiVersion checks.
import { KError, wrap, messageOf } from './errors';
import type { Loader } from './loader';
import type { FieldSpec } from './config';
import { fieldSpecFrom } from './config';
import type { GeneratorArgs, GeneratorOptions } from './generators';

export const FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface Selector { group?: string; version?: string; kind?: string; name?: string; namespace?: string; annotationSelector?: string; labelSelector?: string }
export interface Patch { path?: string; patch?: string; target?: Selector; options?: Record<string, boolean> }
export interface Image { name?: string; newName?: string; tagSuffix?: string; newTag?: string; digest?: string }
export interface Label { pairs?: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean; fields?: any[] }
export interface Replica { name?: string; count: number }
export interface FieldOptions { delimiter?: string; index?: number; encoding?: string; create?: boolean }
export interface SourceSelector extends Selector { fieldPath?: string; options?: FieldOptions }
export interface TargetSelector { select?: Selector; reject?: Selector[]; fieldPaths?: string[]; options?: FieldOptions }
export interface Replacement { source?: SourceSelector; targets?: TargetSelector[] }
export interface ReplacementField extends Replacement { path?: string }
export interface Var { name: string; objref: { group?: string; version?: string; kind?: string; name?: string; namespace?: string; apiVersion?: string }; fieldref?: { fieldPath?: string } }
export interface Kustomization {
  apiVersion?: string; kind?: string; metadata?: any; openapi?: Record<string, string>;
  namePrefix?: string; nameSuffix?: string; namespace?: string; commonLabels?: Record<string, string>; labels?: Label[];
  commonAnnotations?: Record<string, string>; patchesStrategicMerge?: string[]; patchesJson6902?: Patch[]; patches?: Patch[];
  images?: Image[]; imageTags?: Image[]; replacements?: ReplacementField[]; replicas?: Replica[]; vars?: Var[];
  sortOptions?: { order?: string; legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] } };
  resources?: string[]; components?: string[]; crds?: string[]; bases?: string[];
  configMapGenerator?: GeneratorArgs[]; secretGenerator?: GeneratorArgs[]; helmGlobals?: any; helmCharts?: any[];
  helmChartInflationGenerator?: any[]; generatorOptions?: GeneratorOptions; configurations?: string[]; generators?: string[];
  transformers?: string[]; validators?: string[]; buildMetadata?: string[];
}

// ------------------------------------------------------------------ a small encoding/json decoder

type T = 'string' | 'bool' | 'int' | 'any' | { map: T } | { list: T } | { struct: string; fields: Record<string, T> };
const S: T = 'string', B: T = 'bool', I: T = 'int';
const list = (t: T): T => ({ list: t }), map = (t: T): T => ({ map: t });
const struct = (name: string, fields: Record<string, T>): T => ({ struct: name, fields });
const GVK = { group: S, version: S, kind: S };
const SELECTOR = struct('Selector', { ...GVK, name: S, namespace: S, annotationSelector: S, labelSelector: S });
const FIELDSPEC = struct('FieldSpec', { ...GVK, path: S, create: B });
const OPTIONS = struct('GeneratorOptions', { labels: map(S), annotations: map(S), disableNameSuffixHash: B, immutable: B });
const GENARGS = { namespace: S, name: S, behavior: S, literals: list(S), files: list(S), envs: list(S), env: S, options: OPTIONS };
const PATCH = struct('Patch', { path: S, patch: S, target: SELECTOR, options: map(B) });
const IMAGE = struct('Image', { name: S, newName: S, tagSuffix: S, newTag: S, digest: S });
const FIELDOPTS = struct('FieldOptions', { delimiter: S, index: I, encoding: S, create: B });
const REPLACEMENT_FIELDS = {
  source: struct('SourceSelector', { ...GVK, name: S, namespace: S, fieldPath: S, options: FIELDOPTS }),
  targets: list(struct('TargetSelector', { select: SELECTOR, reject: list(SELECTOR), fieldPaths: list(S), options: FIELDOPTS })),
};
export const REPLACEMENT: T = struct('Replacement', REPLACEMENT_FIELDS);
const KUSTOMIZATION: T = struct('Kustomization', {
  apiVersion: S, kind: S,
  metadata: struct('ObjectMeta', { name: S, namespace: S, labels: map(S), annotations: map(S) }),
  openapi: map(S), namePrefix: S, nameSuffix: S, namespace: S, commonLabels: map(S),
  labels: list(struct('Label', { pairs: map(S), includeSelectors: B, includeTemplates: B, fields: list(FIELDSPEC) })),
  commonAnnotations: map(S), patchesStrategicMerge: list(S), patchesJson6902: list(PATCH), patches: list(PATCH),
  images: list(IMAGE), imageTags: list(IMAGE),
  replacements: list(struct('ReplacementField', { ...REPLACEMENT_FIELDS, path: S })),
  replicas: list(struct('Replica', { name: S, count: I })),
  vars: list(struct('Var', {
    name: S, objref: struct('Target', { ...GVK, apiVersion: S, name: S, namespace: S }), fieldref: struct('FieldSelector', { fieldPath: S }),
  })),
  sortOptions: struct('SortOptions', { order: S, legacySortOptions: struct('LegacySortOptions', { orderFirst: list(S), orderLast: list(S) }) }),
  resources: list(S), components: list(S), crds: list(S), bases: list(S),
  configMapGenerator: list(struct('ConfigMapArgs', GENARGS)), secretGenerator: list(struct('SecretArgs', { ...GENARGS, type: S })),
  helmGlobals: 'any', helmCharts: list('any'), helmChartInflationGenerator: list('any'),
  generatorOptions: OPTIONS, configurations: list(S), generators: list(S), transformers: list(S), validators: list(S), buildMetadata: list(S),
});

const goType = (t: T): string => {
  if (t === 'string') return 'string';
  if (t === 'bool') return 'bool';
  if (t === 'int') return 'int64';
  if (t === 'any') return 'interface {}';
  if ('map' in t) return `map[string]${goType(t.map)}`;
  if ('list' in t) return `[]${goType(t.list)}`;
  return `types.${t.struct}`;
};
const jsonKind = (v: unknown): string => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : 'object');

/** Decode JSON-ish data into a typed shape with encoding/json's rules and messages. */
export function decodeStrict(v: unknown, t: T, ctx: { struct: string; path: string[] } = { struct: '', path: [] }): any {
  const fail = (what: string): never => {
    throw new KError(`json: cannot unmarshal ${what} into Go ${ctx.path.length ? `struct field ${ctx.struct}.${ctx.path.join('.')}` : 'value'} of type ${goType(t)}`);
  };
  if (v === null || v === undefined) return undefined;
  if (t === 'any') return v;
  if (t === 'string') { if (typeof v !== 'string') fail(jsonKind(v)); return v; }
  if (t === 'bool') { if (typeof v !== 'boolean') fail(jsonKind(v)); return v; }
  if (t === 'int') {
    if (typeof v !== 'number') fail(jsonKind(v));
    if (!Number.isInteger(v)) fail(`number ${v}`);
    return v;
  }
  if ('list' in t) {
    if (!Array.isArray(v)) fail(jsonKind(v));
    return (v as unknown[]).map(x => decodeStrict(x, t.list, ctx) ?? zero(t.list));
  }
  if ('map' in t) {
    if (typeof v !== 'object' || Array.isArray(v)) fail(jsonKind(v));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) out[k] = decodeStrict(x, t.map, ctx) ?? zero(t.map);
    return out;
  }
  if (typeof v !== 'object' || Array.isArray(v)) fail(jsonKind(v));
  const out: Record<string, unknown> = {};
  const names = Object.keys(t.fields);
  for (const [k, x] of Object.entries(v as object)) {
    const name = names.includes(k) ? k : names.find(n => n.toLowerCase() === k.toLowerCase());
    if (!name) throw new KError(`json: unknown field ${JSON.stringify(k)}`);
    const d = decodeStrict(x, t.fields[name]!, { struct: t.struct, path: [...ctx.path, name] });
    if (d !== undefined && d !== '' && d !== false && d !== 0) out[name] = d; // Go's zero values are as good as absent
  }
  return out;
}
const zero = (t: T): unknown => (t === 'string' ? '' : t === 'bool' ? false : t === 'int' ? 0 : t === 'any' ? null : 'list' in (t as object) ? [] : {});

// ------------------------------------------------------------------ loading

const DEPRECATED: [keyof Kustomization, string][] = [
  ['bases', "# Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['commonLabels', "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['imageTags', "# Warning: 'imageTags' is deprecated. Please use 'images' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['patchesJson6902', "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['patchesStrategicMerge', "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['vars', "# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically."],
];

export interface Loaded { k: Kustomization; fileName: string }

/** KustTarget.Load */
export function loadKustomization(ldr: Loader, warn: (s: string) => void): Loaded {
  let content: Buffer | undefined;
  let fileName = '';
  let matches = 0;
  for (const f of FILE_NAMES) {
    try { content = ldr.load(f); fileName = f; matches++; } catch { /* not this one */ }
  }
  if (matches === 0) throw new KError(`unable to find one of ${FILE_NAMES.slice(0, -1).map(f => `'${f}'`).join(', ')} or '${FILE_NAMES[FILE_NAMES.length - 1]}' in directory '${ldr.root}'`);
  if (matches > 1) throw new KError(`Found multiple kustomization files under: ${ldr.root}\n`);
  const k = parseKustomization(content!.toString('utf8'));
  for (const [f, msg] of DEPRECATED) if (k[f] !== undefined) warn(msg);
  fix(k);
  const empty = Object.keys(k).every(x => x === 'apiVersion' || x === 'kind');
  if (empty) throw new KError('kustomization.yaml is empty');
  const errs: string[] = [];
  if (k.kind && k.kind !== 'Kustomization' && k.kind !== 'Component') errs.push('kind should be Kustomization or Component');
  const required = k.kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  if (k.apiVersion && k.apiVersion !== required) errs.push(`apiVersion for ${kindOf(k)} should be ${required}`);
  if (errs.length) throw new KError(`Failed to read kustomization file under ${ldr.root}:\n${errs.join('\n')}`);
  return { k, fileName };
}

export function parseKustomization(text: string): Kustomization {
  let data: unknown;
  try {
    data = yaml11ToJS(text);
  } catch (e) {
    throw wrap(new KError(messageOf(e).replace(/^error parsing [^:]*: error converting YAML to JSON: /, '')), 'invalid Kustomization');
  }
  if (data === null || data === undefined) data = {};
  try { return decodeStrict(data, KUSTOMIZATION) ?? {}; } catch (e) { throw wrap(e, 'invalid Kustomization'); }
}
/** sigs.k8s.io/yaml.YAMLToJSON on the first document (YAML 1.1, as go-yaml v2 reads it). */
export function yaml11ToJS(text: string): unknown {
  const YAML = require('yaml') as typeof import('yaml');
  const { KUBE_YAML } = require('../util/yaml11') as typeof import('../util/yaml11');
  const { goYamlMessage, lineOf } = require('../cli/manifests') as typeof import('../cli/manifests');
  const docs = YAML.parseAllDocuments(text, KUBE_YAML);
  const arr = (Array.isArray(docs) ? docs : [docs]) as any[];
  const doc = arr[0];
  if (!doc) return null;
  if (doc.errors?.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lineOf(text, e.pos?.[0] ?? 0);
    const { msg, at } = goYamlMessage(e, text, line);
    throw new KError(`yaml: ${at > 0 ? `line ${at}: ` : ''}${msg}`);
  }
  return doc.toJS({ maxAliasCount: 1000 });
}

/** FixKustomization: defaults and deprecated fields moved to their successors. */
function fix(k: Kustomization): void {
  if (k.bases !== undefined || k.resources !== undefined) k.resources = [...(k.resources ?? []), ...(k.bases ?? [])];
  delete k.bases;
  if (k.imageTags !== undefined || k.images !== undefined) k.images = [...(k.images ?? []), ...(k.imageTags ?? [])];
  delete k.imageTags;
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    if (g.env) { g.envs = [...(g.envs ?? []), g.env]; delete g.env; }
  }
  delete k.helmChartInflationGenerator;
}
export function kindOf(k: Kustomization): string { return k.kind || 'Kustomization'; }
export function fieldSpecsOf(fields: any[] | undefined): FieldSpec[] { return (fields ?? []).map(fieldSpecFrom); }
