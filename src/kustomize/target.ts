// One kustomization build (api/internal/target/kusttarget.go and api/krusty/kustomizer.go): accumulate
// resources (files and bases, recursively), the transformer configuration, generators, then components,
// then the builtin transformers in kustomize's order (patchesStrategicMerge, patches, namespace, prefix,
// suffix, labels, annotations, patchesJson6902, replicas, images, replacements); at the top, hash suffixes,
// name references, vars, local-config resources dropped, kustomize's output order and the internal
// annotations removed.
import { YNode, get, isNilOrEmpty, isMissingOrNull, toJS } from './node';
import { Resource, ResMap, ORIGIN, TRANSFORMATIONS } from './resource';
import { readResourceNodes } from './parse';
import { Loader } from './loader';
import { loadKustomization, Kustomization, fieldSpecsOf, kindOf, yaml11ToJS, decodeStrict, REPLACEMENT, Replacement } from './kustomization';
import { TransformerConfig, emptyConfig, defaultConfig, mergeConfig, configFromJS, mergeAll, mergeOne, FieldSpec } from './config';
import { makeConfigMap, makeSecret, mergeOptions, hashOf, GeneratorArgs } from './generators';
import { prefixSuffix, namespaceTransform, setMapEntries, imageTransform, replicaTransform } from './transformers';
import { PatchTransformer, patchesStrategicMerge, applyStrategicMergePatches, patchJson6902 } from './patches';
import { replacements } from './replacement';
import { loadTransformers, loadGenerators } from './plugins';
import { setCustomSchema, hasCustomSchema, resetCustomSchema } from './merge';
import { fixNameReferences } from './nameref';
import { resolveVars, VarSet } from './vars';
import { parseGroupVersion, typeOrders, LEGACY_ORDER, gvkString, gvkEquals, Gvk } from './resid';
import { KError, YAMLSyntaxError, wrap, messageOf } from './errors';

/** What kio and the resource factory check on every object: a kind, and a name unless it is a List. */
export function validateNode(n: YNode): void {
  const meta = goMeta(n);
  if (!meta) throw new KError('missing Resource metadata');
  if (!meta.kind) throw new KError(`missing kind in object ${meta.dump}`);
  if (meta.kind.endsWith('List')) return;
  if (!meta.name) throw new KError(`missing metadata.name in object ${meta.dump}`);
}
/** kyaml's ResourceMeta and its Go %v rendering. */
function goMeta(n: YNode): { kind: string; name: string; dump: string } | undefined {
  if (n.kind !== 'map') return undefined;
  const val = (x: YNode | undefined) => (isNilOrEmpty(x) ? '' : x!.value);
  const av = val(get(n, 'apiVersion')), kind = val(get(n, 'kind'));
  const md = get(n, 'metadata');
  if (isNilOrEmpty(md) && !av && !kind) return undefined;
  const name = md && !isMissingOrNull(md) ? val(get(md, 'name')) : '';
  const ns = md && !isMissingOrNull(md) ? val(get(md, 'namespace')) : '';
  const goMap = (x: YNode | undefined) => {
    if (!x || x.kind !== 'map') return 'map[]';
    const e: string[] = [];
    for (let i = 0; i + 1 < x.content.length; i += 2) e.push(`${x.content[i]!.value}:${x.content[i + 1]!.value}`);
    return `map[${e.sort().join(' ')}]`;
  };
  const labels = md && md.kind === 'map' ? goMap(get(md, 'labels')) : 'map[]';
  const annotations = md && md.kind === 'map' ? goMap(get(md, 'annotations')) : 'map[]';
  return { kind, name, dump: `{{${av} ${kind}} {{${name} ${ns}} ${labels} ${annotations}}}` };
}

/** The resources of a file (rf.SliceFromBytes / FromFile), with kustomize's error texts. */
function resourcesFromText(text: string, source: string): ResMap {
  let nodes: YNode[];
  try { nodes = readResourceNodes(text); } catch (e) {
    if (e instanceof YAMLSyntaxError) throw new KError(`MalformedYAMLError: ${messageOf(e)} in File: ${source}`);
    throw e;
  }
  const m = new ResMap();
  for (const n of nodes) {
    if (isNilOrEmpty(n)) continue;
    validateNode(n);
    m.append(new Resource(n));
  }
  return m;
}

class Accumulator {
  resMap = new ResMap();
  config: TransformerConfig = emptyConfig();
  vars = new VarSet();
  mergeAccumulator(o: Accumulator): void {
    this.resMap.appendAll(o.resMap);
    this.config = mergeConfig(this.config, o.config);
    this.vars.mergeSet(o.vars);
  }
}

export interface BuildResult { resources: Resource[] }
export interface BuildOptions {
  loadRestrictor?: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
  /** kustomize writes deprecation warnings to stderr as it reads each kustomization */
  warn?: (s: string) => void;
  /** and Go's log (klog in kubectl) for unused vars */
  log?: (s: string) => void;
}

/** resource.Origin: where a resource came from (buildMetadata: [originAnnotations]). */
interface Origin { path: string; repo?: string; ref?: string }
function appendOrigin(o: Origin, p: string): Origin {
  const path = require('node:path') as typeof import('node:path');
  return { ...o, path: path.join(o.path, p) };
}
/** Origin.String(): its YAML (path, repo, ref, configuredIn, configuredBy). */
function originString(o: { path?: string; repo?: string; ref?: string; configuredIn?: string; configuredBy?: { apiVersion: string; kind: string } }): string {
  let out = '';
  if (o.path) out += `path: ${o.path}\n`;
  if (o.repo) out += `repo: ${o.repo}\n`;
  if (o.ref) out += `ref: ${o.ref}\n`;
  if (o.configuredIn) out += `configuredIn: ${o.configuredIn}\n`;
  if (o.configuredBy) out += `configuredBy:\n  apiVersion: ${o.configuredBy.apiVersion}\n  kind: ${o.configuredBy.kind}\n`;
  return out;
}

class Target {
  k!: Kustomization;
  fileName = '';
  origin?: Origin;
  constructor(public ldr: Loader, private warn: (s: string) => void) {}
  load(): void {
    const l = loadKustomization(this.ldr, this.warn);
    this.k = l.k; this.fileName = l.fileName;
  }
  /** openapi.SetSchema: a schema file (or a builtin version) for strategic merges; the first one set stays. */
  setSchema(reset: boolean): void {
    const oa = this.k.openapi;
    if (!oa || (!reset && hasCustomSchema())) return;
    if (oa.path !== undefined) {
      if (oa.version) throw new KError('builtin version and custom schema provided, cannot use both');
      const text = this.ldr.load(oa.path).toString('utf8');
      let doc: unknown;
      try { doc = /^\s*\{/.test(text) ? JSON.parse(text) : yaml11ToJS(text); } catch (e) { throw new KError(`invalid schema file: ${messageOf(e)}`); }
      setCustomSchema(doc);
    } else if (oa.version && oa.version !== 'v1.21.2') {
      throw new KError('the specified OpenAPI version is not built in');
    }
  }

  accumulate(ra: Accumulator): Accumulator {
    try { this.accumulateResources(ra, this.k.resources ?? []); } catch (e) { throw wrap(e, 'accumulating resources'); }
    const tc = this.transformerConfig();
    ra.config = mergeConfig(ra.config, tc);
    // crds: OpenAPI definition files (kctl reads them but does not derive name references from them)
    try { for (const p of this.k.crds ?? []) this.ldr.load(p); } catch (e) { throw wrap(e, `loading CRDs [${(this.k.crds ?? []).join(' ')}]`); }
    this.runGenerators(ra);
    try { ra = this.accumulateComponents(ra, this.k.components ?? []); } catch (e) { throw wrap(e, 'accumulating components'); }
    this.runTransformers(ra);
    try { ra.vars.mergeVars(this.k.vars ?? [], ra.resMap); } catch (e) { throw wrap(e, `merging vars ${goVars(this.k.vars ?? [])}`); }
    return ra;
  }

  /** configureExternalTransformers/Generators: inline YAML configs, else files and directories of them. */
  private pluginResources(entries: string[]): Resource[] {
    const ra = new Accumulator();
    const paths: string[] = [];
    for (const p of entries) {
      let m: ResMap;
      try { m = resourcesFromText(p, p); } catch { paths.push(p); continue; }
      ra.resMap.appendAll(m);
    }
    this.accumulateResources(ra, paths);
    return ra.resMap.list;
  }

  private transformerConfig(): TransformerConfig {
    const t1 = defaultConfig();
    const paths = this.k.configurations ?? [];
    if (!paths.length) return t1;
    let t2 = emptyConfig();
    for (const p of paths) {
      const data = this.ldr.load(p).toString('utf8');
      let js: unknown;
      try { js = yaml11ToJS(data); } catch (e) { throw new KError(`error converting YAML to JSON: ${messageOf(e)}`); }
      t2 = mergeConfig(t2, configFromJS(js));
    }
    return mergeConfig(t1, t2);
  }

  private accumulateFile(ra: Accumulator, p: string): void {
    let m: ResMap;
    try {
      const text = this.ldr.load(p).toString('utf8');
      m = resourcesFromText(text, p);
    } catch (e) { throw wrap(e, `accumulating resources from '${p}'`); }
    if (this.origin) {
      const anno = originString(appendOrigin(this.origin, p));
      for (const r of m.list) r.setAnnotation(ORIGIN, anno);
    }
    try { ra.resMap.appendAll(m); } catch (e) { throw wrap(e, `merging resources from '${p}'`); }
  }
  private accumulateResources(ra: Accumulator, paths: string[]): void {
    for (const p of paths) {
      let errF: unknown;
      try { this.accumulateFile(ra, p); continue; } catch (e) { errF = e; }
      let sub: Loader;
      try { sub = this.ldr.newLoader(p); } catch (e) {
        if (messageOf(errF).includes('MalformedYAMLError')) throw errF;
        throw wrap(e, `accumulation err='${messageOf(errF)}'`);
      }
      try { this.accumulateDirectory(ra, sub, false, p); } catch (e) { throw wrap(e, `accumulation err='${messageOf(errF)}'`); }
    }
  }
  private accumulateComponents(ra: Accumulator, paths: string[]): Accumulator {
    for (const p of paths) {
      let sub: Loader;
      try { sub = this.ldr.newLoader(p); } catch (e) { throw new KError(`loader.New ${goQuoted(messageOf(e))}`); }
      try { ra = this.accumulateDirectory(ra, sub, true, p); } catch (e) { throw new KError(`accumulateDirectory: ${goQuoted(messageOf(e))}`); }
    }
    return ra;
  }
  private accumulateDirectory(ra: Accumulator, ldr: Loader, component: boolean, p: string): Accumulator {
    const sub = new Target(ldr, this.warn);
    try { sub.load(); } catch (e) { throw wrap(e, `couldn't make target for path '${ldr.root}'`); }
    sub.k.buildMetadata = this.k.buildMetadata;
    if (this.origin) sub.origin = appendOrigin(this.origin, p);
    sub.setSchema(false);
    const kind = kindOf(sub.k);
    if (component && kind !== 'Component') throw new KError(`expected kind 'Component' for path '${ldr.root}' but got '${kind}'`);
    if (!component && kind === 'Component') throw new KError(`expected kind != 'Component' for path '${ldr.root}'`);
    let subRa: Accumulator;
    try {
      if (component) { subRa = sub.accumulate(ra); ra = new Accumulator(); }
      else subRa = sub.accumulate(new Accumulator());
    } catch (e) { throw wrap(e, `recursed accumulation of path '${ldr.root}'`); }
    try { ra.mergeAccumulator(subRa); } catch (e) { throw wrap(e, `recursed merging from path '${ldr.root}'`); }
    return ra;
  }

  private runGenerators(ra: Accumulator): void {
    const k = this.k;
    const gens: (() => ResMap)[] = [];
    for (const a of k.configMapGenerator ?? []) {
      const args: GeneratorArgs = { ...a, options: mergeOptions(a.options, k.generatorOptions) };
      gens.push(() => one(makeConfigMap(this.ldr, args)));
    }
    for (const a of k.secretGenerator ?? []) {
      const args: GeneratorArgs = { ...a, options: mergeOptions(a.options, k.generatorOptions) };
      gens.push(() => one(makeSecret(this.ldr, args)));
    }
    if (k.helmCharts?.length) throw new KError(`trouble configuring builtin HelmChartInflationGenerator with config: \`\n${configYAML({ ...(k.helmGlobals ?? {}), ...k.helmCharts[0] })}\`: must specify --enable-helm`);
    if (k.generators?.length) {
      let ext: (() => ResMap)[];
      try { ext = loadGenerators(this.pluginResources(k.generators), this.ldr); } catch (e) { throw wrap(e, 'loading generator plugins'); }
      gens.push(...ext);
    }
    for (const [i, g] of gens.entries()) {
      const m = g();
      if (this.origin) {
        const kind = i < (k.configMapGenerator ?? []).length ? 'ConfigMapGenerator' : i < (k.configMapGenerator ?? []).length + (k.secretGenerator ?? []).length ? 'SecretGenerator' : '';
        const path = require('node:path') as typeof import('node:path');
        const anno = kind ? originString({ configuredIn: path.join(this.origin.path, this.fileName), configuredBy: { apiVersion: 'builtin', kind } }) : '';
        if (anno) for (const r of m.list) if (!(ORIGIN in r.getAnnotations())) r.setAnnotation(ORIGIN, anno);
      }
      try { ra.resMap.absorbAll(m); } catch (e) { throw wrap(e, `merging from generator ${generatorDump(m)}`); }
    }
  }

  private runTransformers(ra: Accumulator): void {
    const k = this.k;
    const tc = ra.config;
    const ts: ((m: ResMap) => void)[] = [];
    const conf = (name: string, cfg: unknown, f: () => void) => {
      try { f(); } catch (e) { throw wrap(e, `trouble configuring builtin ${name} with config: \`\n${configYAML(cfg)}\``); }
    };
    // PatchStrategicMergeTransformer
    if (k.patchesStrategicMerge?.length) {
      let patches: Resource[] = [];
      conf('PatchStrategicMergeTransformer', { paths: k.patchesStrategicMerge }, () => { patches = patchesStrategicMerge(this.ldr, k.patchesStrategicMerge!); });
      ts.push(m => applyStrategicMergePatches(m, patches));
    }
    // PatchTransformer
    for (const p of k.patches ?? []) {
      const cfg = { path: p.path, patch: p.patch, target: p.target, options: p.options };
      let t!: PatchTransformer;
      conf('PatchTransformer', cfg, () => { t = new PatchTransformer(this.ldr, p, () => configYAML(cfg)); });
      ts.push(m => t.transform(m));
    }
    // NamespaceTransformer
    if (k.namespace) ts.push(m => namespaceTransform(m, k.namespace!, tc.namespace));
    if (k.namePrefix) ts.push(m => prefixSuffix(m, k.namePrefix!, tc.namePrefix, false));
    if (k.nameSuffix) ts.push(m => prefixSuffix(m, k.nameSuffix!, tc.nameSuffix, true));
    // LabelTransformer(s)
    if ((k.labels?.length ?? 0) > 0 || Object.keys(k.commonLabels ?? {}).length > 0) {
      for (const l of k.labels ?? []) {
        let fss: FieldSpec[] = fieldSpecsOf(l.fields);
        try {
          fss = mergeAll(fss, tc.labels);
          if (l.includeSelectors) fss = mergeAll(fss, tc.commonLabels);
          else {
            if (l.includeTemplates) {
              try { fss = mergeAll(fss, tc.templateLabels); } catch (e) { throw wrap(e, 'failed to merge template fieldSpec'); }
            }
            fss = mergeOne(fss, { gvk: {}, path: 'metadata/labels', create: true });
          }
        } catch (e) { throw wrap(e, 'failed to merge labels'); }
        const pairs = l.pairs ?? {};
        const specs = fss;
        ts.push(m => setMapEntries(m, pairs, specs));
      }
      const cl = k.commonLabels ?? {};
      ts.push(m => setMapEntries(m, cl, tc.commonLabels));
    }
    if (Object.keys(k.commonAnnotations ?? {}).length) ts.push(m => setMapEntries(m, k.commonAnnotations!, tc.commonAnnotations));
    // PatchJson6902Transformer
    for (const p of k.patchesJson6902 ?? []) {
      const cfg = { target: p.target, path: p.path, jsonOp: p.patch };
      let f!: (m: ResMap) => void;
      conf('PatchJson6902Transformer', cfg, () => { f = patchJson6902(this.ldr, p); });
      ts.push(f);
    }
    for (const r of k.replicas ?? []) ts.push(m => replicaTransform(m, { name: r.name, count: r.count ?? 0 }, tc.replicas));
    for (const img of k.images ?? []) ts.push(m => imageTransform(m, img, tc.images));
    if (k.replacements?.length) {
      const list: Replacement[] = [];
      conf('ReplacementTransformer', { replacements: k.replacements }, () => {
        for (const r of k.replacements!) {
          if (r.path && (r.source || r.targets?.length)) throw new KError('cannot specify both path and inline replacement');
          if (r.path) {
            const data = yaml11ToJS(this.ldr.load(r.path).toString('utf8'));
            if (Array.isArray(data)) list.push(...data.map(x => decodeStrict(x, REPLACEMENT) ?? {}));
            else if (data && typeof data === 'object') list.push(decodeStrict(data, REPLACEMENT) ?? {});
            else throw new KError(`unsupported replacement type encountered within replacement path: ${data === null || data === undefined ? 'invalid' : typeof data === 'string' ? 'string' : typeof data === 'boolean' ? 'bool' : typeof data === 'number' ? (Number.isInteger(data) ? 'int' : 'float64') : 'invalid'}`);
          } else list.push({ source: r.source, targets: r.targets });
        }
      });
      ts.push(m => replacements(m, list));
    }
    if (k.transformers?.length) ts.push(...loadTransformers(this.pluginResources(k.transformers), this.ldr));
    for (const t of ts) { t(ra.resMap); ra.resMap.dropEmpties(); }
    if (k.validators?.length) {
      for (const v of loadTransformers(this.pluginResources(k.validators), this.ldr)) {
        const before = ra.resMap.list.map(r => JSON.stringify(r.toJSON()));
        v(ra.resMap);
        const after = ra.resMap.list.map(r => JSON.stringify(r.toJSON()));
        if (before.join('\n') !== after.join('\n')) throw new KError('validator shouldn\'t modify the resource map: nodes unequal');
      }
    }
  }
}

function one(r: Resource): ResMap { const m = new ResMap(); m.append(r); return m; }
function goQuoted(s: string): string {
  const { goQuote } = require('./patches') as typeof import('./patches');
  return goQuote(s);
}
function goVars(vs: unknown[]): string { return `[${vs.map(v => JSON.stringify(v)).join(' ')}]`; }
/** Go's %v of the generator plugin (a pointer: kubectl's text differs run to run). */
function generatorDump(_m: ResMap): string { return '&{0xc000010000 <nil>}'; }
/** sigs.k8s.io/yaml.Marshal of a plugin config (JSON field names, empty fields omitted, keys sorted). */
export function configYAML(cfg: unknown): string {
  const { goYAML } = require('../cli/printers/yaml') as typeof import('../cli/printers/yaml');
  const prune = (v: any): any => {
    if (Array.isArray(v)) return v.map(prune);
    if (v && typeof v === 'object') {
      const o: any = {};
      for (const [k, x] of Object.entries(v)) { if (x === undefined || x === '' || x === null || (typeof x === 'object' && !Array.isArray(x) && !Object.keys(x as object).length)) continue; o[k] = prune(x); }
      return o;
    }
    return v;
  };
  const p = prune(cfg);
  return Object.keys(p).length ? goYAML(p) : '{}\n';
}

/** Kustomizer.Run: build the kustomization at dir. */
export function build(dir: string, opts: BuildOptions = {}): BuildResult {
  const warn = opts.warn ?? (() => {});
  const ldr = Loader.at(dir, opts.loadRestrictor !== 'LoadRestrictionsNone');
  const kt = new Target(ldr, warn);
  kt.load();
  if (kt.k.buildMetadata?.length) kt.origin = { path: '' };
  resetCustomSchema();
  kt.setSchema(true);
  const ra = kt.accumulate(new Accumulator());
  const m = ra.resMap;
  // HashTransformer
  for (const r of m.resources()) {
    if (r.needHashSuffix()) {
      const h = hashOf(r);
      r.storePreviousId();
      r.setName(`${r.getName()}-${h}`);
    }
  }
  fixNameReferences(m, ra.config.nameReference);
  resolveVars(ra.vars, m, ra.config.varReference, opts.log ?? warn);
  // IgnoreLocal
  m.list = m.list.filter(r => {
    const v = r.getAnnotations()['config.kubernetes.io/local-config'];
    return v === undefined || v === 'false';
  });
  sortResources(m, kt.k);
  const bm = kt.k.buildMetadata ?? [];
  if (bm.includes('managedByLabel')) setMapEntries(m, { 'app.kubernetes.io/managed-by': 'kustomize-v5.6.0' }, [{ gvk: {}, path: 'metadata/labels', create: true }]);
  for (const r of m.list) r.removeBuildAnnotations();
  if (!bm.includes('originAnnotations')) for (const r of m.list) r.dropAnnotation(ORIGIN);
  if (!bm.includes('transformerAnnotations')) for (const r of m.list) r.dropAnnotation(TRANSFORMATIONS);
  return { resources: m.list };
}

function sortResources(m: ResMap, k: Kustomization): void {
  const so = k.sortOptions;
  let order = 'legacy';
  let first = LEGACY_ORDER.first, last = LEGACY_ORDER.last;
  if (so) {
    order = so.order ?? 'fifo';
    if (order !== 'fifo' && order !== 'legacy') throw new KError(`Failed to unmarshal SortOrderTransformer config: the field 'sortOptions.order' must be one of [fifo, legacy]`);
    if (order === 'fifo' && so.legacySortOptions) throw new KError(`the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'`);
    if (so.legacySortOptions) { first = so.legacySortOptions.orderFirst ?? []; last = so.legacySortOptions.orderLast ?? []; }
  }
  if (order !== 'legacy') return;
  const orders = typeOrders(first, last);
  const gvkSortString = (g: Gvk) => [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
  const idSortString = (r: Resource) => [gvkString(r.getGvk()), r.getNamespace() || '~X', r.getName() || '~N'].join('|');
  const less = (a: Resource, b: Resource): boolean => {
    const ga = a.getGvk(), gb = b.getGvk();
    if (!gvkEquals(ga, gb)) {
      const i = orders.get(ga.kind) ?? 0, j = orders.get(gb.kind) ?? 0;
      if (i !== j) return i < j;
      if (ga.kind === 'Namespace' && gb.kind === 'Namespace' && (ga.group === '' || gb.group === '')) return gvkSortString(ga) > gvkSortString(gb);
      return gvkSortString(ga) < gvkSortString(gb);
    }
    return idSortString(a) < idSortString(b);
  };
  m.list.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

export { toJS, parseGroupVersion };
