// Shared by label, annotate, patch, edit and replace: finding the objects (on the server, or --local from
// -f), and turning patch-library errors into what the server would answer.
import type { VerbContext } from '../program';
import type { Session } from '../session';
import type { Runtime } from '../../sim/runtime';
import { resolve, manifestsToItems, Item } from '../builder';
import { readManifests } from '../manifests';
import { CliError, StatusError } from '../../api/errors';
import { PatchError } from '../../api/patch/strategic';
import type { KObject } from '../../api/types';
import { clone } from '../../util/objects';

export interface TargetOpts {
  filename: string[]; recursive?: boolean; selector?: string; fieldSelector?: string; all?: boolean; allNamespaces?: boolean; local?: boolean;
}

/** Objects from -f without a server (--local). */
export function localItems(s: { namespace: string; explicitNamespace: boolean }, opts: TargetOpts, args: string[], verb: string): Item[] {
  if (!opts.filename.length || args.length) {
    throw new CliError(`can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set`);
  }
  const items = manifestsToItems(readManifests(opts.filename, opts.recursive), s.namespace, s.explicitNamespace, false);
  void verb;
  return items.map(it => ({ ...it, obj: clone(it.manifest!) }));
}

/** Objects from the server: TYPE NAME, TYPE/NAME, -f, -l, --all, -A. */
export function serverItems(rt: Runtime, s: Session, opts: TargetOpts, args: string[]): { items: Item[]; errors: unknown[] } {
  const res = resolve(rt.api, {
    args, filenames: opts.filename, recursive: opts.recursive, selector: opts.selector, fieldSelector: opts.fieldSelector,
    all: opts.all, allNamespaces: opts.allNamespaces, namespace: s.namespace, explicitNamespace: s.explicitNamespace, requireNames: true,
  });
  return { items: res.items, errors: res.errors };
}

export function noResourcesError(): CliError {
  return new CliError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
}

export { serverPatchError } from '../../api/patch/resource';

/** Print warnings the server attached to its last answer. */
export function flushWarnings(ctx: VerbContext, rt: Runtime): void {
  for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
}

/** The object a client gets back, without managedFields (kubectl hides them by default). */
export function shown(obj: KObject): KObject {
  if (!obj.metadata?.managedFields) return obj;
  const o = clone(obj);
  delete o.metadata.managedFields;
  return o;
}
