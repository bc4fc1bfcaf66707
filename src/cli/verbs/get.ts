// kubectl get: tables (normal, wide), yaml, json, name, jsonpath, custom-columns; -l, --field-selector, -A,
// --show-labels, -L, --sort-by, --no-headers, -w.
import type { Command } from 'commander';
import type { VerbContext } from '../program';
import { endpointsWarning, openSession, addFilenameFlags, collect, collectCsv, reportErrors } from './common';
import { resolve, Item, Request } from '../builder';
import { CliError } from '../../api/errors';
import { parseOutput, printObjects, OutputFormat } from '../printers';
import { renderTables, TableOptions } from '../printers/get-table';
import { tableForResource } from '../printers/tables';
import { sortItems } from '../printers/sortby';
import type { KObject, ResourceInfo } from '../../api/types';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('get')
    .description('Display one or many resources.')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--field-selector <selector>', 'Selector (field query) to filter on.')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces.', false)
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes.', false)
    .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first.', false)
    .option('--output-watch-events', 'Output watch event objects when --watch or --watch-only is used.', false)
    .option('--show-labels', 'When printing, show all labels as the last column.', false)
    .option('--show-kind', 'If present, list the resource type for the requested object(s).', false)
    .option('-L, --label-columns <labels>', 'Accepts a comma separated list of labels that are going to be presented as columns.', collectCsv, [])
    .option('--sort-by <jsonpath>', 'If non-empty, sort list types using this field specification.')
    .option('--no-headers', 'When using the default or custom-column output format, don\'t print headers.')
    .option('--ignore-not-found', 'If the requested object does not exist the command will return exit code 0.', false)
    .option('--chunk-size <n>', 'Return large lists in chunks rather than all at once.', '500')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--server-print', 'If true, have the server return the appropriate table output.', true)
    .option('--request-timeout <t>', 'ignored')
    .option('--raw <uri>', 'Raw URI to request from the server.')
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
    .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true)
    .action((args: string[], opts: any) => get(ctx, args, opts));
  addFilenameFlags(cmd);
  void collect;
}

/** What commander gives get's action for a command line that sets none of its flags (register's defaults). */
function defaultOptions(): Record<string, unknown> {
  return { allNamespaces: false, watch: false, watchOnly: false, outputWatchEvents: false, showLabels: false, showKind: false, labelColumns: [],
    headers: true, ignoreNotFound: false, chunkSize: '500', showManagedFields: false, serverPrint: true, allowMissingTemplateKeys: true, filename: [], recursive: false };
}
/** get's flags the plain form reads: boolean ones, and ones that take a value (by option name). */
const PLAIN_BOOL: Record<string, [string, boolean]> = {
  '-A': ['allNamespaces', true], '--all-namespaces': ['allNamespaces', true], '--show-labels': ['showLabels', true],
  '--show-kind': ['showKind', true], '--no-headers': ['headers', false], '--ignore-not-found': ['ignoreNotFound', true],
};
const PLAIN_VALUE: Record<string, string> = {
  '-o': 'output', '--output': 'output', '-l': 'selector', '--selector': 'selector', '--field-selector': 'fieldSelector', '--sort-by': 'sortBy',
};
/**
 * A `get` command line (what follows the verb, global flags taken out) in its plain forms, read without building
 * the command: resource arguments and the flags most used, each written as commander reads it the same way
 * (`-o wide`, `-owide`, `--output wide`, `--output=wide`, `-A`, `--no-headers`...); the arguments and options
 * commander would hand the action (test/lean.test.mjs holds the two alike). Undefined for anything else (another
 * flag, a boolean with a value, a value that looks like a flag, `--`, help), which goes through commander.
 */
export function plainGet(argv: string[]): { args: string[]; opts: Record<string, unknown> } | undefined {
  const args: string[] = [];
  const opts = defaultOptions();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-')) { args.push(a); continue; }
    const b = PLAIN_BOOL[a];
    if (b) { opts[b[0]] = b[1]; continue; }
    let name: string | undefined = PLAIN_VALUE[a], v: string | undefined;
    if (name) v = argv[++i];
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq > 0 && a.slice(0, eq) in PLAIN_VALUE ? PLAIN_VALUE[a.slice(0, eq)] : undefined;
      v = a.slice(eq + 1);
    } else {
      name = a.length > 2 ? PLAIN_VALUE[a.slice(0, 2)] : undefined;
      v = a.slice(2);
    }
    if (!name || v === undefined || v === '' || v.startsWith('-') || v.startsWith('=')) return undefined;
    opts[name] = v;
  }
  return { args, opts };
}

export function get(ctx: VerbContext, args: string[], opts: any): void {
  if (opts.raw !== undefined) return getRaw(ctx, args, opts);
  if (!args.length && !opts.filename.length) {
    throw new CliError(`You must specify the type of resource to get. Use "kctl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kctl explain <resource>" for a detailed description of that resource (e.g. kctl explain pods).\nSee 'kctl get -h' for help and examples`, 1, true);
  }
  const fmt = parseOutput(opts.output);
  if (opts.showLabels && (fmt.format === 'yaml' || fmt.format === 'json')) throw new CliError(`--show-labels option cannot be used with ${fmt.format} printer`);
  const s = openSession(ctx);
  try {
    const { res, now, warnings } = s.step(rt => ({
      res: resolve(rt.api, {
        args, filenames: opts.filename, recursive: opts.recursive, selector: opts.selector, fieldSelector: opts.fieldSelector,
        allNamespaces: opts.allNamespaces, namespace: s.namespace, explicitNamespace: s.explicitNamespace,
        managedFields: ri => readsManagedFields(fmt, ri, opts),
        // a table that declares what it reads gets only that (unless sorted: --sort-by reads anything)
        parts: ri => ((fmt.format === 'table' || fmt.format === 'wide') && !opts.sortBy ? tableForResource(ri).reads : undefined),
      }),
      now: rt.clock.now(),
      warnings: rt.api.warnings.splice(0),
    }));
    endpointsWarning(ctx, res.requests.map(r => r.ri));
    for (const w of warnings) ctx.out.err(`Warning: ${w}`);
    let errors = res.errors;
    if (opts.ignoreNotFound) errors = errors.filter(e => !(e as any).code || (e as any).code !== 404);
    const watching = opts.watch || opts.watchOnly;
    if (watching) {
      const types = new Set(res.requests.map(r => r.ri));
      if (types.size > 1) throw new CliError('watch is only supported on individual resources and resource collections - more than 1 resource was found');
      if (opts.sortBy) ctx.out.err('warning: --watch requested, --sort-by will be ignored for watch events received');
    }
    const items = opts.sortBy && !watching ? sortItems(res.items, opts.sortBy) : res.items;
    const singleImplied = res.requests.length === 1 && res.requests[0]!.names?.length === 1 && !opts.filename.length
      || (opts.filename.length > 0 && res.requests.length === 1 && res.requests[0]!.names?.length === 1);
    const tableOpts: TableOptions = {
      wide: fmt.format === 'wide', noHeaders: opts.headers === false, showLabels: opts.showLabels, labelColumns: opts.labelColumns,
      allNamespaces: opts.allNamespaces, showKind: opts.showKind || res.requests.length > 1, now, outputWatchEvents: opts.outputWatchEvents,
    };
    let printer: import('../printers/get-table').TablePrinter | undefined;
    if (!opts.watchOnly) {
      if (fmt.format === 'table' || fmt.format === 'wide') {
        const r = renderTables(groupByRequest(res.requests, items), tableOpts);
        printer = r.printer;
        ctx.out.out(r.text);
        if (!r.text && !errors.length && !watching && !opts.ignoreNotFound) ctx.out.err(noResources(res.requests, opts.allNamespaces, s.namespace));
      } else if (watching) {
        // kubectl's watch prints the current objects one by one (never as a List), as events when asked
        for (const i of items) ctx.out.out(watchObject(fmt, i.obj!, i.ri, 'ADDED', !!opts.outputWatchEvents, watchCount));
      } else if (items.length || !singleImplied) {
        ctx.out.out(printObjects(fmt, items.map(i => ({ obj: i.obj!, ri: i.ri })), singleImplied && items.length === 1, { noHeaders: opts.headers === false }));
      }
    }
    reportErrors(ctx, errors);
    if (watching) {
      ctx.out.flush();
      watch(ctx, s, res.requests[0]!, opts, fmt, tableOpts, printer);
    }
  } catch (e) {
    // what went wrong in one of -f's documents: kubectl aggregates it with the other errors (no `error: `)
    if (e instanceof CliError && e.visit) e.raw = true;
    throw e;
  } finally {
    s.close();
  }
}

/** Whether what get prints of a resource can show its objects' managedFields: tables (unless a custom
 *  resource's column names them), names, and JSON or YAML without --show-managed-fields never do; jsonpath,
 *  templates, custom columns and --sort-by read whatever they are given. */
function readsManagedFields(fmt: OutputFormat, ri: ResourceInfo, opts: { showManagedFields?: boolean; sortBy?: string }): boolean {
  if (opts.sortBy?.includes('managedFields')) return true;
  switch (fmt.format) {
    case 'table': case 'wide': return !!ri.custom?.columns.some(c => c.jsonPath.includes('managedFields'));
    case 'name': return false;
    case 'json': case 'yaml': return !!opts.showManagedFields || process.argv.some(a => a.startsWith('--show-managed-fields'));
    default: return true;
  }
}

export function noResources(reqs: Request[], allNs: boolean, ns: string): string {
  if (allNs || reqs.some(r => !r.ri.namespaced)) return 'No resources found';
  return `No resources found in ${ns} namespace.`;
}

function groupByRequest(reqs: Request[], items: Item[]): { req: Request; items: Item[] }[] {
  return reqs.map(req => ({ req, items: items.filter(i => i.ri === req.ri && (!req.names || req.names.includes(i.name))) }))
    .filter((g, i, all) => all.findIndex(x => x.req.ri === g.req.ri) === i);
}

function watch(ctx: VerbContext, s: import('../session').Session, req: Request, opts: any, fmt: OutputFormat,
  tableOpts: TableOptions, printer?: import('../printers/get-table').TablePrinter): void {
  let rv = s.step(rt => rt.api.startWatch(req.ri));
  const { TablePrinter } = require('../printers/get-table') as typeof import('../printers/get-table');
  const tp = printer ?? new TablePrinter(tableOpts);
  // --request-timeout ends the watch quietly (exit 0), as client-go's HTTP timeout ends kubectl's watch stream
  const deadline = s.watchDeadline();
  for (;;) {
    const changes = s.step(rt => ({ now: rt.clock.now(), w: rt.api.changesSince(req.ri, rv, opts.allNamespaces ? undefined : s.namespace), next: rt.nextDue() }));
    rv = changes.w.rv;
    for (const c of changes.w.changes) {
      const obj = c.obj;
      if (req.names && !req.names.includes(obj.metadata.name!)) continue;
      if (opts.selector) {
        const { parseSelector, matches } = require('../../api/selectors') as typeof import('../../api/selectors');
        if (!matches(parseSelector(opts.selector), obj.metadata.labels)) continue;
      }
      if (fmt.format === 'table' || fmt.format === 'wide') {
        ctx.out.out(tp.rows(req.ri, [obj], changes.now, c.type));
      } else {
        ctx.out.out(watchObject(fmt, obj, req.ri, c.type, !!opts.outputWatchEvents, watchCount));
      }
    }
    ctx.out.flush();
    const left = deadline - Date.now();
    if (left <= 0) return;
    const wait = changes.next ? Math.min(1000, Math.max(50, changes.next - changes.now)) : 500;
    s.sleep(Math.min(wait, left));
  }
}
/** Objects printed so far by this watch: kubectl's YAML printer writes `---` before every object after the first. */
const watchCount = { n: 0 };
/** One object of a watch in a non-table format; with --output-watch-events a metav1.WatchEvent {type, object}. */
function watchObject(fmt: OutputFormat, obj: KObject, ri: any, type: string, events: boolean, count: { n: number }): string {
  const sep = fmt.format === 'yaml' && count.n++ > 0 ? '---\n' : '';
  if (events && fmt.format === 'json') {
    // kubectl 1.33's JSON printer writes a WatchEvent compact (json.Marshal), one per line
    const { compactJSON } = require('../printers/json') as typeof import('../printers/json');
    return `{"type":${compactJSON(type)},"object":${compactJSON(obj)}}\n`;
  }
  if (events && fmt.format === 'yaml') {
    const { goYAML } = require('../printers/yaml') as typeof import('../printers/yaml');
    return sep + goYAML({ object: obj, type });
  }
  return sep + printObjects(fmt, [{ obj, ri }], true);
}
/** `get --raw PATH` (kubectl's RawOptions checks first, then the API server's answer). */
function getRaw(ctx: VerbContext, args: string[], opts: any): void {
  if (args.length) throw new CliError('arguments may not be passed when --raw is specified');
  if (opts.output) throw new CliError('--raw and --output are mutually exclusive');
  if (opts.selector || opts.fieldSelector || opts.filename.length || opts.allNamespaces || opts.watch || opts.watchOnly || opts.sortBy || opts.labelColumns.length || opts.showLabels)
    throw new CliError('--raw may not be specified with other flags that filter the server request or alter the output');
  if (!String(opts.raw).startsWith('/')) throw new CliError(`--raw must be a valid URL path: parse ${JSON.stringify(opts.raw)}: invalid URI for request`);
  const s = openSession(ctx);
  try {
    const { rawGet } = require('./raw') as typeof import('./raw');
    ctx.out.out(s.step(rt => rawGet(rt, String(opts.raw))));
  } finally { s.close(); }
}
