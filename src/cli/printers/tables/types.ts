import type { KObject } from '../../../api/types';
export interface Column { name: string; priority: 0 | 1 }
export interface PrintContext { now: number; wide: boolean }
/** A kind's server-side table: its columns and how each row's cells are worked out. */
export interface TableDef {
  columns: Column[];
  row(obj: KObject, ctx: PrintContext): string[];
  /** The only parts of an object its row reads (dot paths from the root), besides apiVersion, kind and
   *  metadata.name, .namespace, .uid and .resourceVersion; metadata.labels must be among them (label columns).
   *  A list printed in this table then parses no more of each object (Store.listParts). Without it, rows get
   *  whole objects. test/table-parts.test.mjs holds the rows of such parts to those of whole objects. */
  reads?: string[];
}
