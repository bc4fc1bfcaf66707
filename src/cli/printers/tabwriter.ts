// Go's text/tabwriter, as kubectl configures it. Cells end with a tab; the text after the last tab is not
// padded. Column widths are worked out per column block, exactly as Go does.
export interface TabOptions { minwidth: number; tabwidth: number; padding: number }
export const GET_TABLE: TabOptions = { minwidth: 6, tabwidth: 4, padding: 3 };
export const DESCRIBE: TabOptions = { minwidth: 0, tabwidth: 8, padding: 2 };

/** Format text containing '\t'-terminated cells and '\n'-terminated lines. */
export function tabwrite(text: string, o: TabOptions): string {
  const lines = text.split('\n');
  const trailingNewline = text.endsWith('\n');
  if (trailingNewline) lines.pop();
  const cells: string[][] = lines.map(l => l.split('\t'));
  const widths: number[][] = cells.map(c => new Array(Math.max(0, c.length - 1)).fill(0));
  // Recursive column blocks: format(line0, line1, col)
  const format = (line0: number, line1: number, col: number): void => {
    let i = line0;
    while (i < line1) {
      // skip lines that do not have a cell in this column
      if (cells[i]!.length - 1 <= col) { i++; continue; }
      // block: consecutive lines with a terminated cell in this column
      let j = i;
      let width = o.minwidth;
      while (j < line1 && cells[j]!.length - 1 > col) {
        const w = cells[j]![col]!.length + o.padding;
        if (w > width) width = w;
        j++;
      }
      for (let k = i; k < j; k++) widths[k]![col] = width;
      format(i, j, col + 1);
      i = j;
    }
  };
  format(0, cells.length, 0);
  const out: string[] = [];
  for (let l = 0; l < cells.length; l++) {
    const c = cells[l]!;
    let s = '';
    for (let k = 0; k < c.length - 1; k++) s += c[k]!.padEnd(widths[l]![k]!, ' ');
    s += c[c.length - 1];
    out.push(s);
  }
  return out.join('\n') + (trailingNewline ? '\n' : '');
}

/**
 * kubectl get's table writer with RememberWidths: widths carry over between flushes (for -w rows).
 */
export class TableWriter {
  private widths: number[] = [];
  constructor(private o: TabOptions = GET_TABLE) {}
  render(rows: string[][]): string {
    const n = Math.max(0, ...rows.map(r => r.length));
    for (let c = 0; c < n - 1; c++) {
      let w = Math.max(this.o.minwidth, this.widths[c] ?? 0);
      for (const r of rows) if (c < r.length - 1) w = Math.max(w, r[c]!.length + this.o.padding);
      this.widths[c] = w;
    }
    return rows.map(r => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(this.widths[c]!, ' ') : cell)).join('')).join('\n') + (rows.length ? '\n' : '');
  }
}
