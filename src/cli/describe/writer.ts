// kubectl's PrefixWriter over a Go text/tabwriter (minwidth 0, tabwidth 8, padding 2): 2 spaces per level;
// flush() formats what was written so far on its own (the Events table starts a new flush).
import { tabwrite, DESCRIBE } from '../printers/tabwriter';

export const LEVEL_0 = 0, LEVEL_1 = 1, LEVEL_2 = 2, LEVEL_3 = 3;

/** printers.WriteEscaped: terminal control characters other than \t and \n are shown escaped. */
function escapeTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, c => (c === '\r' ? '\\r' : JSON.stringify(c).slice(1, -1)));
}

export class PrefixWriter {
  private pending = '';
  private done = '';
  write(level: number, text: string): void { this.pending += escapeTerminal('  '.repeat(level) + text); }
  /** fmt.Sprintln of one value. */
  line(text: string): void { this.pending += escapeTerminal(text + '\n'); }
  flush(): void { this.done += tabwrite(this.pending, DESCRIBE); this.pending = ''; }
  toString(): string { this.flush(); return this.done; }
}
