// Kind → table. Kinds without a printer in Kubernetes print NAME and AGE.
import type { TableDef } from './types';
import { podTable, namespaceTable, nodeTable, genericTable } from './core';

const TABLES: Record<string, TableDef> = {
  '/Pod': podTable,
  '/Namespace': namespaceTable,
  '/Node': nodeTable,
};
export function tableFor(group: string, kind: string): TableDef {
  return TABLES[`${group}/${kind}`] ?? genericTable;
}
export function registerTable(group: string, kind: string, t: TableDef): void { TABLES[`${group}/${kind}`] = t; }
export type { TableDef } from './types';
