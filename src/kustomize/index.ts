// kctl's embedded kustomize (as kubectl embeds sigs.k8s.io/kustomize v5.6.0): build a kustomization
// directory into resources, printed as `kubectl kustomize` prints them or handed to apply/create/get/delete/
// diff as the objects of `-k DIR`. Loaded only when `kustomize` or `-k` is used.
import { build, BuildOptions } from './target';
import { toJS, findDup } from './node';
import { KError } from './errors';
import type { KObject } from '../api/types';

export interface KustomizeOutput { objects: KObject[]; yaml: string }

export function kustomize(dir: string, opts: BuildOptions = {}): KustomizeOutput {
  const { goYAML } = require('../cli/printers/yaml') as typeof import('../cli/printers/yaml');
  const r = build(dir, opts);
  for (const x of r.resources) {
    const d = findDup(x.node);
    if (d) throw new KError(`map[string]interface {}(nil): yaml: unmarshal errors:\n  ${d}`);
  }
  const objects = r.resources.map(x => toJS(x.node) as KObject);
  const yaml = objects.map(o => goYAML(o)).join('---\n');
  return { objects, yaml };
}
export { KError };
