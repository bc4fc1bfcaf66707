// The human-readable output of `kubectl get`: one table per resource type, with kubectl's decorations
// (NAMESPACE first with -A, kind prefix for several types, -L columns, LABELS with --show-labels).
import type { KObject, ResourceInfo } from '../../api/types';
import { kindGroup } from '../../api/types';
import type { Item, Request } from '../builder';
import { tableForResource, type TableDef } from './tables';
import { TableWriter } from './tabwriter';

export interface TableOptions {
  wide: boolean; noHeaders: boolean; showLabels: boolean; labelColumns: string[]; allNamespaces: boolean;
  showKind: boolean; now: number; outputWatchEvents?: boolean;
}

export function formatLabels(l: Record<string, string> | undefined): string {
  const keys = Object.keys(l ?? {}).sort();
  return keys.length ? keys.map(k => `${k}=${l![k]}`).join(',') : '<none>';
}

export class TablePrinter {
  private writer = new TableWriter();
  private headerDone = false;
  constructor(private o: TableOptions) {}

  header(ri: ResourceInfo): string[] {
    const t = tableForResource(ri);
    const cols = t.columns.filter(c => c.priority === 0 || this.o.wide).map(c => c.name.toUpperCase());
    const h: string[] = [];
    if (this.o.outputWatchEvents) h.push('EVENT');
    if (this.o.allNamespaces && ri.namespaced) h.push('NAMESPACE');
    h.push(...cols);
    for (const l of this.o.labelColumns) h.push(l.split('/').pop()!.toUpperCase());
    if (this.o.showLabels) h.push('LABELS');
    return h;
  }
  /** Per table: which of its columns show, and where the name column is among them. */
  private shape = new Map<TableDef, { keep: boolean[]; nameAt: number }>();
  row(ri: ResourceInfo, obj: KObject, now: number, event?: string): string[] {
    const t = tableForResource(ri);
    const cells = t.row(obj, { now, wide: this.o.wide });
    let sh = this.shape.get(t);
    if (!sh) {
      const keep = t.columns.map(c => c.priority === 0 || this.o.wide);
      // kubectl prefixes the column whose format is "name" (events show it only with -o wide).
      this.shape.set(t, sh = { keep, nameAt: t.columns.filter((_, i) => keep[i]).findIndex(c => c.name === 'Name') });
    }
    const { keep, nameAt } = sh;
    const shown: string[] = [];
    for (let i = 0; i < cells.length; i++) if (keep[i]) shown.push(clean(cells[i]!));
    if (this.o.showKind && nameAt >= 0) shown[nameAt] = `${kindGroup(ri)}/${shown[nameAt]}`;
    const r: string[] = [];
    if (this.o.outputWatchEvents) r.push((event ?? 'ADDED').padEnd(8, ' '));
    if (this.o.allNamespaces && ri.namespaced) r.push(obj.metadata.namespace ?? '');
    r.push(...shown);
    for (const l of this.o.labelColumns) r.push(obj.metadata.labels?.[l] ?? '');
    if (this.o.showLabels) r.push(formatLabels(obj.metadata.labels));
    return r;
  }
  /** A whole table for one type. */
  table(ri: ResourceInfo, objs: KObject[]): string {
    const rows = objs.map(o => this.row(ri, o, this.o.now));
    if (!this.o.noHeaders) rows.unshift(this.header(ri));
    this.headerDone = true;
    return this.writer.render(rows);
  }
  /** More rows, aligned with what was printed before (watch). */
  rows(ri: ResourceInfo, objs: KObject[], now: number, event?: string): string {
    const rows = objs.map(o => this.row(ri, o, now, event));
    if (!this.headerDone && !this.o.noHeaders) { rows.unshift(this.header(ri)); }
    this.headerDone = true;
    return this.writer.render(rows);
  }
}

/** Cells are cut at the first newline, with `...` added. */
function clean(s: string): string {
  const i = s.search(/[\n\r\f]/);
  return i >= 0 ? s.slice(0, i) + '...' : s;
}

export function renderTables(groups: { req: Request; items: Item[] }[], o: TableOptions): { text: string; printer: TablePrinter } {
  const parts: string[] = [];
  let last: TablePrinter | undefined;
  for (const g of groups) {
    if (!g.items.length) continue;
    last = new TablePrinter(o);
    parts.push(last.table(g.req.ri, g.items.map(i => i.obj!)));
  }
  return { text: parts.join('\n'), printer: last ?? new TablePrinter(o) };
}
