import type { KObject } from '../../../api/types';
export interface Column { name: string; priority: 0 | 1 }
export interface PrintContext { now: number; wide: boolean }
/** A kind's server-side table: its columns and how each row's cells are worked out. */
export interface TableDef {
  columns: Column[];
  row(obj: KObject, ctx: PrintContext): string[];
}
