// kustomize's builtin plugins named in a kustomization's `transformers:` and `generators:` (apiVersion:
// builtin; api/internal/plugins/loader and api/internal/builtins): each configured from its own YAML, as
// kustomize's plugin loader configures it (sigs.k8s.io/yaml into the plugin struct: a number given where a
// string is wanted becomes its text). kubectl's kustomize runs builtins only: any other kind is refused
// ("external plugins disabled").
import { Resource, ResMap } from './resource';
import { KError, wrap, messageOf } from './errors';
import { resIdString } from './resid';
import type { Loader } from './loader';
import { fieldSpecFrom, FieldSpec } from './config';
import { prefixSuffix, namespaceTransform, setMapEntries, imageTransform, replicaTransform } from './transformers';
import { PatchTransformer, patchesStrategicMerge, applyStrategicMergePatches, patchJson6902 } from './patches';
import { replacements } from './replacement';
import { makeConfigMap, makeSecret, GeneratorArgs } from './generators';
import { decodeStrict, REPLACEMENT, yaml11ToJS } from './kustomization';
import { toJS } from './node';

export type Transform = (m: ResMap) => void;

/** sigs.k8s.io/yaml's type-directed conversion: scalars meant as strings become their text. */
const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));
const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out[k] = text(x);
  return out;
};
const specs = (v: unknown): FieldSpec[] | undefined => (Array.isArray(v) ? v.map(fieldSpecFrom) : undefined);

function configure(r: Resource, ldr: Loader): Transform {
  const c = toJS(r.node) as any;
  const kind = r.getKind();
  switch (kind) {
    case 'AnnotationsTransformer': {
      const an = strMap(c.annotations), fss = specs(c.fieldSpecs) ?? [];
      return m => { if (Object.keys(an).length) setMapEntries(m, an, fss); };
    }
    case 'LabelTransformer': {
      const l = strMap(c.labels), fss = specs(c.fieldSpecs) ?? [];
      return m => { if (Object.keys(l).length) setMapEntries(m, l, fss); };
    }
    case 'NamespaceTransformer': {
      const ns = text(c.metadata?.namespace), fss = specs(c.fieldSpecs) ?? [];
      const mode = text(c.setRoleBindingSubjects);
      if (mode && !['defaultOnly', 'none', 'allServiceAccounts'].includes(mode)) {
        throw new KError(`invalid value "${mode}" for setRoleBindingSubjects: must be one of "defaultOnly", "none" or "allServiceAccounts"`);
      }
      return m => namespaceTransform(m, ns, fss);
    }
    case 'PrefixTransformer': case 'SuffixTransformer': {
      const fss = specs(c.fieldSpecs);
      if (!fss) throw new KError('fieldSpecs is not expected to be nil');
      const v = text(kind === 'PrefixTransformer' ? c.prefix : c.suffix);
      return m => prefixSuffix(m, v, fss, kind === 'SuffixTransformer');
    }
    case 'ImageTagTransformer': {
      const t = c.imageTag ?? {};
      const img = { name: text(t.name), newName: text(t.newName), newTag: text(t.newTag), digest: text(t.digest), tagSuffix: text(t.tagSuffix) };
      const fss = specs(c.fieldSpecs) ?? [];
      return m => imageTransform(m, img, fss);
    }
    case 'ReplicaCountTransformer': {
      const rep = { name: text(c.replica?.name), count: Number(c.replica?.count ?? 0) };
      const fss = specs(c.fieldSpecs) ?? [];
      return m => replicaTransform(m, rep, fss);
    }
    case 'PatchTransformer': {
      const p = { path: text(c.path) || undefined, patch: text(c.patch) || undefined, target: c.target, options: c.options };
      const t = new PatchTransformer(ldr, p, () => '');
      return m => t.transform(m);
    }
    case 'PatchStrategicMergeTransformer': {
      const paths: string[] = Array.isArray(c.paths) ? c.paths.map(text) : [];
      const patches = paths.length ? patchesStrategicMerge(ldr, paths) : [];
      if (c.patches) patches.push(...patchesStrategicMerge(ldr, [text(c.patches)]));
      if (!paths.length && !c.patches) throw new KError('empty file path and empty patch content');
      return m => applyStrategicMergePatches(m, patches);
    }
    case 'PatchJson6902Transformer':
      return patchJson6902(ldr, { target: c.target, path: text(c.path) || undefined, patch: text(c.jsonOp) || undefined });
    case 'ReplacementTransformer': {
      const list = (Array.isArray(c.replacements) ? c.replacements : []).flatMap((x: any) => {
        if (x?.path) {
          const data = yaml11ToJS(ldr.load(text(x.path)).toString('utf8'));
          return (Array.isArray(data) ? data : [data]).map(d => decodeStrict(d, REPLACEMENT) ?? {});
        }
        return [decodeStrict(x, REPLACEMENT) ?? {}];
      });
      return m => replacements(m, list);
    }
    case 'HashTransformer':
      return () => {};
    default:
      throw new KError(`unable to load builtin ${kind}.builtin.[noGrp]`);
  }
}

function generator(r: Resource, ldr: Loader): () => ResMap {
  const c = toJS(r.node) as any;
  const kind = r.getKind();
  const args: GeneratorArgs = {
    name: text(c.name) || text(c.metadata?.name), namespace: text(c.namespace) || text(c.metadata?.namespace), behavior: text(c.behavior) || undefined,
    literals: Array.isArray(c.literals) ? c.literals.map(text) : undefined, files: Array.isArray(c.files) ? c.files.map(text) : undefined,
    envs: [...(Array.isArray(c.envs) ? c.envs.map(text) : []), ...(c.env ? [text(c.env)] : [])],
    options: c.options ? { labels: strMap(c.options.labels), annotations: strMap(c.options.annotations), disableNameSuffixHash: !!c.options.disableNameSuffixHash, immutable: !!c.options.immutable } : undefined,
    type: text(c.type) || undefined,
  };
  const one = (res: Resource) => { const m = new ResMap(); m.append(res); return m; };
  if (kind === 'ConfigMapGenerator') return () => one(makeConfigMap(ldr, args));
  if (kind === 'SecretGenerator') return () => one(makeSecret(ldr, args));
  throw new KError(`plugin ${resIdString(r.orgId())} not a generator`);
}

function checkBuiltin(r: Resource): void {
  const g = r.getGvk();
  if (!(g.group === '' && g.version === 'builtin')) throw new KError(`external plugins disabled; unable to load external plugin '${r.orgId().gvk.kind}'`);
}

/** Loader.LoadTransformers over the plugin resources. */
export function loadTransformers(rs: Resource[], ldr: Loader): Transform[] {
  return rs.map(r => {
    checkBuiltin(r);
    try { return configure(r, ldr); } catch (e) {
      if (messageOf(e).startsWith('unable to load builtin')) throw e;
      throw wrap(e, `plugin ${resIdString(r.orgId())} fails configuration`);
    }
  });
}
export function loadGenerators(rs: Resource[], ldr: Loader): (() => ResMap)[] {
  return rs.map(r => {
    checkBuiltin(r);
    try { return generator(r, ldr); } catch (e) { throw wrap(e, `plugin ${resIdString(r.orgId())} fails configuration`); }
  });
}
