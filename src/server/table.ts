// Server-side printing (as=Table): the meta.k8s.io/v1 Table kube-apiserver returns when kubectl get asks
// for one, with the same columns and cells kctl prints (the kube-apiserver printers in src/cli/printers/tables).
import type { KObject, ResourceInfo } from '../api/types';
import { tableForResource } from '../cli/printers/tables';

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

export function toTable(ri: ResourceInfo, items: KObject[], now: number, rv: string, includeObject: string, cont?: string): unknown {
  const def = tableForResource(ri);
  // the column kubectl prefixes with the kind (`pod/x`) is the one formatted `name` (events: the last, wide-only)
  const nameAt = Math.max(0, def.columns.findIndex(c => c.name === 'Name'));
  const columnDefinitions = def.columns.map((c, i) => ({
    name: c.name, type: 'string', format: i === nameAt ? 'name' : '',
    description: i === nameAt ? 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names' : '',
    priority: c.priority,
  }));
  const rows = items.map(o => ({
    cells: def.row(o, { now, wide: true }),
    object: includeObject === 'None' ? undefined : includeObject === 'Object' ? o : {
      kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata,
    },
  }));
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) },
    columnDefinitions, rows,
  };
}
