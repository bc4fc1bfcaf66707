// `-o custom-columns=HEADER:.path,...` and `-o custom-columns-file=FILE`, as kubectl's CustomColumnsPrinter:
// headers as given, one row per object, each cell the values of its jsonpath (missing keys allowed) printed
// with Go's %v and joined by commas, `<none>` when nothing matched; laid out by get's tabwriter.
import fs from 'node:fs';
import { CliError } from '../../api/errors';
import type { KObject } from '../../api/types';
import type { OutputFormat } from './index';
import { evalJSONPath, goV, jsonPathParseError } from './jsonpath';
import { tabwrite, GET_TABLE } from './tabwriter';

export interface Column { header: string; fieldSpec: string }

/** kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}`, `{.a.b}` all become `{.a.b}`. */
export function relaxedJSONPath(expr: string): string {
  if (!expr.length) return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/s.exec(expr);
  if (!m) throw new CliError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] ?? m[2]}}`;
}

export function columnsFromSpec(spec: string): Column[] {
  if (!spec.length) throw new CliError('custom-columns format specified but no custom columns given');
  return spec.split(',').map(part => {
    const i = part.indexOf(':');
    if (i < 0) throw new CliError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxedJSONPath(part.slice(i + 1)) };
  });
}

const splitWS = (s: string) => s.split(/[ \t\n\v\f\r\u0085\u00a0]+/).filter(Boolean);

export function columnsFromFile(file: string): Column[] {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new CliError(`error reading template ${file}, open ${file}: ${why}\n`);
  }
  const lines = text.split('\n').map(l => l.replace(/\r$/, ''));
  if (text.length === 0 || lines.length < 1) throw new CliError('invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.');
  if (lines.length < 2 || (lines.length === 2 && lines[1] === '')) throw new CliError('invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.');
  const headers = splitWS(lines[0]!);
  const specs = splitWS(lines[1]!);
  if (headers.length !== specs.length) throw new CliError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((h, i) => ({ header: h, fieldSpec: relaxedJSONPath(specs[i]!) }));
}

/** One row of cells for one object. */
export function columnCells(cols: Column[], obj: unknown): string[] {
  return cols.map(c => {
    const values = evalJSONPath(c.fieldSpec, obj);
    const strs: string[] = [];
    if (!values.length || !values[0]!.length) strs.push('<none>');
    for (const vs of values) for (const v of vs) strs.push(goV(v));
    return strs.join(',');
  });
}

export function printCustomColumns(fmt: OutputFormat, objs: KObject[], noHeaders: boolean): string {
  const file = fmt.format === 'custom-columns-file';
  const cols = file ? columnsFromFile(fmt.arg ?? '') : columnsFromSpec(fmt.arg ?? '');
  if (file) noHeaders = false; // kubectl ignores --no-headers with a columns file
  for (const c of cols) {
    // kubectl parses the paths after printing the header; the error is the parser's own text
    const perr = jsonPathParseError(c.fieldSpec);
    if (perr !== undefined) throw new CliError(perr);
  }
  let text = '';
  if (!noHeaders) text += cols.map(c => c.header).join('\t') + '\n';
  for (const o of objs) text += columnCells(cols, o).join('\t') + '\n';
  return tabwrite(text, GET_TABLE);
}
