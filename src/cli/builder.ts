// The resource builder: turns `TYPE NAME...`, `TYPE/NAME`, `TYPE1,TYPE2`, `all`, `-f`, `-l` into objects,
// for every verb. Like kubectl's resource.Builder, it reports errors per item and lets the verb go on.
import type { KObject, ResourceInfo } from '../api/types';
import { groupResource } from '../api/types';
import { mustResolve, categoryMembers, resourceForKind } from '../api/discovery';
import { CliError, StatusError, notFound } from '../api/errors';
import { parseSelector, parseFieldSelector } from '../api/selectors';
import type { APIServer } from '../api/server';
import { readManifests, Manifest } from './manifests';
import { sortedDeep } from '../util/objects';

export interface BuilderInput {
  args: string[];
  filenames?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  namespace: string;
  explicitNamespace?: boolean;
  /** Verbs like get accept a bare type (list); delete/label need a name or selector. */
  requireNames?: boolean;
  /** Whether the caller reads an object's managedFields (lists leave them out when it does not). */
  managedFields?: (ri: ResourceInfo) => boolean;
  /** The only parts of a listed object the caller reads (a table that declares them), if it reads only some. */
  parts?: (ri: ResourceInfo) => string[] | undefined;
}
export interface Item { ri: ResourceInfo; namespace?: string; name: string; obj?: KObject; source?: string; manifest?: KObject }
/** One resource type of the request, with names or a selector: what `get` prints as one table. */
export interface Request { ri: ResourceInfo; names?: string[]; list?: boolean; fromFiles?: Manifest[] }

/** cli-runtime's SplitResourceArgument: the types of `a,b,c`, each once (empty ones kept). */
const splitTypes = (arg: string) => arg.split(',').filter((t, i, all) => all.indexOf(t) === i);

export function parseResourceArgs(args: string[]): Request[] {
  if (!args.length) return [];
  // normalizeMultipleResourcesArgs: `a,b NAME1 NAME2` is a/NAME1 a/NAME2 b/NAME1 b/NAME2
  if (args.length >= 2 && splitTypes(args[0]!).length > 1) args = splitTypes(args[0]!).flatMap(t => args.slice(1).map(n => `${t}/${n}`));
  const slashed = args.filter(a => a.includes('/'));
  if (slashed.length) {
    if (slashed.length !== args.length) {
      const typeArg = args.find(a => !a.includes('/'))!;
      void typeArg;
      throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kctl get resource/<resource_name>' instead of 'kctl get resource resource/<resource_name>'`);
    }
    const reqs: Request[] = [];
    for (const a of args) {
      const seg = a.split('/');
      if (seg.length !== 2) throw new CliError('arguments in resource/name form may not have more than one slash');
      const [type, name] = seg as [string, string];
      if (!type || !name || splitTypes(type).length !== 1) throw new CliError('arguments in resource/name form must have a single resource and name');
      const ri = mustResolve(type);
      const last = reqs[reqs.length - 1];
      if (last && last.ri === ri) last.names!.push(name); else reqs.push({ ri, names: [name] });
    }
    return reqs;
  }
  const [typeArg, ...names] = args as [string, ...string[]];
  const types: ResourceInfo[] = [];
  for (const t of typeArg.split(',')) {
    if (!t) continue;
    if (t === 'all') { types.push(...categoryMembers('all')); continue; }
    const members = categoryMembers(t);
    if (members.length && !tryResolve(t)) { types.push(...members); continue; }
    types.push(mustResolve(t));
  }
  const uniq = types.filter((t, i) => types.indexOf(t) === i);
  if (names.length) {
    if (uniq.length > 1) throw new CliError('you may only specify a single resource type');
    return [{ ri: uniq[0]!, names }];
  }
  return uniq.map(ri => ({ ri, list: true }));
}
function tryResolve(t: string): boolean { try { mustResolve(t); return true; } catch { return false; } }

/** Objects from -f, each matched to its resource. */
/** What kubectl's decoding of a manifest refuses (unstructured.UnstructuredJSONScheme): a kind that is not a
 *  non-empty string. */
function decodeError(o: Record<string, any>): string | undefined {
  if (typeof o.kind !== 'string' || !o.kind) return `Object 'Kind' is missing in '${JSON.stringify(o)}'`;
  return undefined;
}

/** validate: kubectl's client-side validation of each document first (apply, create, replace: its
 *  getObjectKind); the other verbs that read -f only decode. */
export function manifestsToItems(ms: Manifest[], defaultNs: string, explicitNs: boolean, validate = true): Item[] {
  return ms.map(m => {
    try { return toItem(m, defaultNs, explicitNs, validate); } catch (e) { if (e instanceof CliError) e.visit = true; throw e; }
  });
}

function toItem(m: Manifest, defaultNs: string, explicitNs: boolean, validate: boolean): Item {
  {
    const o = m.obj;
    // a document (or a List's item) that is not an object: kubectl's validation, or its decoding
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      if (validate) throw new CliError(`error validating "${m.source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
      throw new CliError(`unable to decode "${m.source}": json: cannot unmarshal ${m.undecodable ?? 'null'} into Go value of type ${m.item ? 'map[string]interface {}' : 'unstructured.detector'}`);
    }
    // kubectl's validation first (its getObjectKind), then its decoding
    const problems: string[] = [];
    if (o.apiVersion === undefined || o.apiVersion === null || o.apiVersion === '') problems.push('apiVersion not set');
    else if (typeof o.apiVersion !== 'string') problems.push("apiVersion isn't string type");
    else if (o.apiVersion !== '/' && o.apiVersion.split('/').length > 2) problems.push(`unexpected GroupVersion string: ${o.apiVersion}`);
    if (o.kind === undefined || o.kind === null || o.kind === '') problems.push('kind not set');
    else if (typeof o.kind !== 'string') problems.push("kind isn't string type");
    if (problems.length && validate) {
      throw new CliError(`error validating "${m.source}": error validating data: ${problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`}; if you choose to ignore these errors, turn validation off with --validate=false`);
    }
    const undecodable = decodeError(o);
    if (undecodable) throw new CliError(`unable to decode "${m.source}": ${undecodable}`);
    const ri = resourceForKind(typeof o.apiVersion === 'string' ? o.apiVersion : '', String(o.kind));
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    if (!ri) throw new CliError(`resource mapping not found for name: "${str(o.metadata?.name)}" namespace: "${str(o.metadata?.namespace)}" from "${m.source}": no matches for kind "${o.kind}" in version "${str(o.apiVersion)}"\nensure CRDs are installed first`);
    let ns: string | undefined;
    if (ri.namespaced) {
      ns = o.metadata?.namespace || defaultNs;
      if (explicitNs && o.metadata?.namespace && o.metadata.namespace !== defaultNs)
        throw new CliError(`the namespace from the provided object "${o.metadata.namespace}" does not match the namespace "${defaultNs}". You must pass '--namespace=${o.metadata.namespace}' to perform this operation.`);
    }
    // (as kubectl sends it: keys in Go's order, so that the server's errors name fields in kubectl's order)
    return { ri, namespace: ns, name: typeof o.metadata?.name === 'string' ? o.metadata.name : '', manifest: sortedDeep(o), source: m.source };
  }
}

export interface Resolved { items: Item[]; errors: unknown[]; requests: Request[]; usedSelector: boolean }

/** Resolve a request against the API: names are fetched one by one (errors collected), lists filtered. */
export function resolve(api: APIServer, input: BuilderInput): Resolved {
  const errors: unknown[] = [];
  const items: Item[] = [];
  const ns = input.allNamespaces ? undefined : input.namespace;
  let requests: Request[];
  if (input.filenames?.length) {
    if (input.args.length) throw new CliError(`Unexpected args: [${input.args.join(' ')}]\nSee 'kctl get -h' for help and examples`);
    const ms = readManifests(input.filenames, input.recursive);
    const fileItems = manifestsToItems(ms, input.namespace, !!input.explicitNamespace, false);
    requests = [];
    for (const it of fileItems) {
      try {
        const obj = api.get(it.ri, it.namespace, it.name);
        items.push({ ...it, obj });
      } catch (e) { errors.push(e); }
      const last = requests[requests.length - 1];
      if (last && last.ri === it.ri) last.names!.push(it.name); else requests.push({ ri: it.ri, names: [it.name] });
    }
    return { items, errors, requests, usedSelector: false };
  }
  requests = parseResourceArgs(input.args);
  // resource.Builder's own refusals
  if (input.all && (input.selector || input.fieldSelector)) throw new CliError("setting 'all' parameter but found a non empty selector. ");
  // (visitByName: a namespaced resource by name needs a namespace; a cluster-scoped one does not care)
  if (input.allNamespaces && requests.some(r => r.names?.length && r.ri.namespaced)) throw new CliError('a resource cannot be retrieved by name across all namespaces');
  const sel = input.selector !== undefined ? parseSelector(input.selector) : undefined;
  const fsel = input.fieldSelector !== undefined ? parseFieldSelector(input.fieldSelector) : undefined;
  for (const r of requests) {
    if (r.names) {
      if (sel || fsel) throw new CliError('name cannot be provided when a selector is specified');
      for (const name of r.names) {
        try { items.push({ ri: r.ri, namespace: r.ri.namespaced ? input.namespace : undefined, name, obj: api.get(r.ri, input.namespace, name) }); }
        catch (e) { errors.push(e); }
      }
    } else {
      if (input.requireNames && !sel && !fsel && !input.all) throw new CliError('resource(s) were provided, but no name was specified');
      for (const obj of api.list(r.ri, ns, { labelSelector: sel, fieldSelector: fsel, noManagedFields: input.managedFields ? !input.managedFields(r.ri) : false, parts: input.parts?.(r.ri) }))
        items.push({ ri: r.ri, namespace: obj.metadata.namespace, name: obj.metadata.name!, obj });
    }
  }
  return { items, errors, requests, usedSelector: !!(sel || fsel || input.all) };
}

export const notFoundFor = (ri: ResourceInfo, name: string) => notFound(groupResource(ri), name);
export const isNotFound = (e: unknown) => e instanceof StatusError && e.code === 404;
