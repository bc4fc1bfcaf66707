// Discovery: every served resource with its group, version, kind, names, scope and categories.
// Generated from the OpenAPI spec into schemas/resources.json (scripts/gen-discovery.mjs).
import resources from '../../schemas/resources.json';
import type { ResourceInfo } from './types';
import { CliError } from './errors';

export const RESOURCES = resources as ResourceInfo[];
const PREFERRED_VERSION: Record<string, string> = {};
for (const r of RESOURCES) PREFERRED_VERSION[r.group] ??= r.version;

/** The served resources in the preferred version of each group: what `api-resources` lists. */
let PREFERRED: ResourceInfo[] | undefined;
export function preferredResources(): ResourceInfo[] {
  if (PREFERRED) return PREFERRED;
  const seen = new Set<string>();
  PREFERRED = RESOURCES.filter(r => {
    const k = `${r.group}/${r.plural}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return PREFERRED;
}
const BY_GR = new Map<string, ResourceInfo | undefined>();

/** Resolve what a user types (`po`, `pods`, `Pod`, `deploy`, `deployments.apps`, `hpa.v1.autoscaling`). */
export function resolveResource(arg: string): ResourceInfo | undefined {
  const a = arg.toLowerCase();
  const prefs = preferredResources();
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
    hit = RESOURCES.find(r => match(r, name) && r.version === ver && r.group === grp);
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
  if (BY_KIND.has(k)) return BY_KIND.get(k);
  const r = resourceForKindSlow(apiVersion, kind);
  BY_KIND.set(k, r);
  return r;
}
function resourceForKindSlow(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  return RESOURCES.find(r => r.group === group && r.version === version && r.kind === kind);
}
/** The storage resource for a group/plural (one store per resource, whatever the version). */
export function storageKey(r: { group: string; plural: string }): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}
export function byGroupResource(group: string, plural: string): ResourceInfo | undefined {
  const k = `${group}/${plural}`;
  if (!BY_GR.has(k)) BY_GR.set(k, preferredResources().find(r => r.group === group && r.plural === plural));
  return BY_GR.get(k);
}
export function byKindName(kind: string, group?: string): ResourceInfo | undefined {
  return preferredResources().find(r => r.kind === kind && (group === undefined || r.group === group));
}
export function categoryMembers(cat: string): ResourceInfo[] {
  return preferredResources().filter(r => r.categories.includes(cat));
}
