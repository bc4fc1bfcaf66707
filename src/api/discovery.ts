// Discovery: every served resource with its group, version, kind, names, scope and categories.
// Generated from the OpenAPI spec into schemas/resources.json (scripts/gen-discovery.mjs).
import resources from '../../schemas/resources.json';
import type { ResourceInfo } from './types';
import { CliError } from './errors';

export const RESOURCES = resources as ResourceInfo[];

// ---- custom resources (CustomResourceDefinitions): served next to the built-in ones ----
// The API server registers where the cluster keeps its list (src/api/crd/ writes it whenever a CRD is
// established or goes away); it is read only when a lookup misses the built-in kinds, or when a verb lists
// every resource, so `kctl get pods` never pays for it.
let customSource: (() => string | undefined) | undefined;
let customText: string | undefined;
let CUSTOM: ResourceInfo[] = [];
let CUSTOM_PREFERRED: ResourceInfo[] = [];
export function setCustomResourceSource(fn: (() => string | undefined) | undefined): void {
  customSource = fn;
  customText = undefined; CUSTOM = []; CUSTOM_PREFERRED = [];
  clearCaches();
}
function custom(): ResourceInfo[] {
  const t = customSource?.();
  if (t !== customText) {
    customText = t;
    CUSTOM = t ? (JSON.parse(t) as ResourceInfo[]) : [];
    const seen = new Set<string>();
    // the list comes in preferred-version order within each resource
    CUSTOM_PREFERRED = CUSTOM.filter(r => { const k = `${r.group}/${r.plural}`; if (seen.has(k)) return false; seen.add(k); return true; });
    clearCaches();
  }
  return CUSTOM;
}
function customPreferred(): ResourceInfo[] { custom(); return CUSTOM_PREFERRED; }
function clearCaches(): void { BY_KIND.clear(); BY_GR.clear(); PREFERRED = undefined; }
/** Every served resource in every served version, built-in then custom. */
export function allResources(): ResourceInfo[] {
  const c = custom();
  return c.length ? [...RESOURCES, ...c] : RESOURCES;
}

/** The served resources in the preferred version of each group: what `api-resources` lists. */
let PREFERRED: ResourceInfo[] | undefined;
let BUILTIN_PREFERRED: ResourceInfo[] | undefined;
function builtinPreferred(): ResourceInfo[] {
  if (BUILTIN_PREFERRED) return BUILTIN_PREFERRED;
  const seen = new Set<string>();
  BUILTIN_PREFERRED = RESOURCES.filter(r => {
    const k = `${r.group}/${r.plural}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return BUILTIN_PREFERRED;
}
export function preferredResources(): ResourceInfo[] {
  const c = customPreferred();
  if (PREFERRED) return PREFERRED;
  // kubectl api-resources sorts (stably) by group: custom groups fall in among the built-in ones
  PREFERRED = c.length ? [...builtinPreferred(), ...c].map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.group < b.r.group ? -1 : a.r.group > b.r.group ? 1 : a.i - b.i)).map(x => x.r) : builtinPreferred();
  return PREFERRED;
}
const BY_GR = new Map<string, ResourceInfo | undefined>();

/** Resolve what a user types (`po`, `pods`, `Pod`, `deploy`, `deployments.apps`, `hpa.v1.autoscaling`). */
export function resolveResource(arg: string): ResourceInfo | undefined {
  return resolveIn(arg, builtinPreferred(), RESOURCES) ?? (customSource ? resolveIn(arg, customPreferred(), custom()) : undefined);
}
function resolveIn(arg: string, prefs: ResourceInfo[], all: ResourceInfo[]): ResourceInfo | undefined {
  const a = arg.toLowerCase();
  const match = (r: ResourceInfo, name: string) =>
    r.plural === name || r.singular === name || r.shortNames.includes(name);
  let hit = prefs.find(r => match(r, a));
  if (hit) return hit;
  const dot = a.indexOf('.');
  if (dot > 0) {
    const name = a.slice(0, dot); const rest = a.slice(dot + 1);
    // name.group or name.version.group
    hit = prefs.find(r => match(r, name) && r.group === rest);
    if (hit) return hit;
    const d2 = rest.indexOf('.');
    const ver = d2 > 0 ? rest.slice(0, d2) : rest; const grp = d2 > 0 ? rest.slice(d2 + 1) : '';
    hit = all.find(r => match(r, name) && r.version === ver && r.group === grp);
    if (hit) return hit;
    // partial group suffix: deployments.app does not match in kubectl; keep it strict.
  }
  return undefined;
}
export function mustResolve(arg: string): ResourceInfo {
  const r = resolveResource(arg);
  if (!r) throw new CliError(`the server doesn't have a resource type "${arg}"`);
  return r;
}
/** By apiVersion + kind, as a manifest names it. */
const BY_KIND = new Map<string, ResourceInfo | undefined>();
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const k = `${apiVersion}/${kind}`;
  const cached = BY_KIND.get(k);
  if (cached) return cached;
  const r = resourceForKindSlow(apiVersion, kind);
  BY_KIND.set(k, r);
  return r;
}
function resourceForKindSlow(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  return RESOURCES.find(r => r.group === group && r.version === version && r.kind === kind)
    ?? (customSource ? custom().find(r => r.group === group && r.version === version && r.kind === kind) : undefined);
}
/** The storage resource for a group/plural (one store per resource, whatever the version). */
export function storageKey(r: { group: string; plural: string }): string {
  // events.k8s.io/v1 Events are core Events in another form (kube-apiserver keeps one store for both)
  if (r.group === 'events.k8s.io' && r.plural === 'events') return 'events';
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}
export function byGroupResource(group: string, plural: string): ResourceInfo | undefined {
  const k = `${group}/${plural}`;
  if (!BY_GR.get(k)) BY_GR.set(k, builtinPreferred().find(r => r.group === group && r.plural === plural)
    ?? (customSource ? customPreferred().find(r => r.group === group && r.plural === plural) : undefined));
  return BY_GR.get(k);
}
export function byKindName(kind: string, group?: string): ResourceInfo | undefined {
  return preferredResources().find(r => r.kind === kind && (group === undefined || r.group === group));
}
export function categoryMembers(cat: string): ResourceInfo[] {
  return preferredResources().filter(r => r.categories.includes(cat));
}
