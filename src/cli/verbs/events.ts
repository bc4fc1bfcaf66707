// kubectl events: the events of a namespace (or all), oldest first, filtered by --for TYPE/NAME and --types,
// as a table (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE), as an EventList in any -o format, or watched with -w
// (k8s.io/kubectl/pkg/cmd/events).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import type { KObject, ResourceInfo } from '../../api/types';
import { openSession } from './common';
import { TableWriter } from '../printers/tabwriter';

const OUTPUTS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

export function register(program: Command, ctx: VerbContext): void {
  program.command('events').description('List events.')
    .argument('[args...]')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.', false)
    .option('--chunk-size <n>', 'Return large lists in chunks rather than all at once.', '500')
    .option('--for <resource>', 'Filter events to only those pertaining to the specified resource.')
    .option('--no-headers', "When using the default output format, don't print headers.")
    .option('-o, --output <format>', 'Output format.')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--types <types>', 'Output only events of given types.')
    .option('-w, --watch', 'After listing the requested events, watch for more events.', false)
    .action((_args: string[], opts: any) => events(ctx, opts));
}

interface Opts { allNamespaces: boolean; for?: string; headers?: boolean; output?: string; types?: string; watch: boolean }

function events(ctx: VerbContext, opts: Opts): void {
  const { parseOutput, printObjects } = require('../printers') as typeof import('../printers');
  let types: string[] | undefined;
  if (opts.types !== undefined) {
    types = opts.types.split(',').map(t => t.trim()).filter(Boolean);
    for (const t of types) if (!/^(normal|warning)$/i.test(t)) throw new CliError('valid --types are Normal or Warning');
  }
  const fmt = opts.output ? parseOutput(opts.output, OUTPUTS) : undefined;
  let forKind: string | undefined, forName: string | undefined;
  if (opts.for !== undefined) {
    const parts = opts.for.split('/');
    if (parts.length > 2) throw new CliError('arguments in resource/name form may not have more than one slash');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new CliError('--for must be in resource/name form');
    const { resolveResource } = require('../../api/discovery') as typeof import('../../api/discovery');
    const ri = resolveResource(parts[0]!);
    if (!ri) throw new CliError(`the server doesn't have a resource type "${parts[0]}"`);
    forKind = ri.kind; forName = parts[1];
  }
  const s = openSession(ctx);
  try {
    const { byGroupResource } = require('../../api/discovery') as typeof import('../../api/discovery');
    const ri = byGroupResource('', 'events')! as ResourceInfo;
    const keep = (e: KObject): boolean => {
      const ev = e as any;
      if (types && !types.some(t => t.toLowerCase() === String(ev.type ?? '').toLowerCase())) return false;
      if (forKind && (ev.involvedObject?.kind !== forKind || ev.involvedObject?.name !== forName)) return false;
      return true;
    };
    const { items, now, rv } = s.step(rt => ({
      items: rt.api.list(ri, opts.allNamespaces ? undefined : s.namespace).filter(keep),
      now: rt.clock.now(), rv: rt.api.resourceVersion(),
    }));
    const printer = new EventPrinter(opts.allNamespaces, opts.headers === false);
    if (opts.watch) return watchEvents(ctx, s, ri, opts, keep, printer, fmt);
    if (!items.length) {
      ctx.out.err(opts.allNamespaces ? 'No events found.' : `No events found in ${s.namespace} namespace.`);
      return;
    }
    const sorted = [...items].sort((a, b) => eventTime(a) - eventTime(b));
    if (fmt) {
      const list = { apiVersion: 'v1', items: sorted.map(e => ({ ...e, apiVersion: e.apiVersion ?? 'v1', kind: e.kind ?? 'Event' })), kind: 'EventList', metadata: { resourceVersion: rv } } as unknown as KObject;
      if (fmt.format === 'name') ctx.out.out(printObjects(fmt, sorted.map(o => ({ obj: o, ri })), false));
      else ctx.out.out(printObjects(fmt, [{ obj: list }], true));
      return;
    }
    ctx.out.out(printer.render(sorted, now));
  } finally { s.close(); }
}

/** The time events sort by: the series' last observation, else lastTimestamp, else eventTime. */
function eventTime(e: KObject): number {
  const ev = e as any;
  const t = ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime;
  const n = t ? Date.parse(t) : NaN;
  return Number.isNaN(n) ? -Infinity : n;
}

class EventPrinter {
  private headerDone = false;
  private tw = new TableWriter();
  constructor(private allNs: boolean, private noHeaders: boolean) {}
  render(events: KObject[], now: number): string {
    const { age } = require('../../util/duration') as typeof import('../../util/duration');
    const rows: string[][] = [];
    if (!this.noHeaders && !this.headerDone) rows.push([...(this.allNs ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    this.headerDone = true;
    for (const e of events) {
      const ev = e as any;
      const first = ev.eventTime ? age(ev.eventTime, now) : age(ev.firstTimestamp, now);
      let interval = first;
      if (ev.series) interval = `${age(ev.series.lastObservedTime, now)} (x${ev.series.count ?? 0} over ${first})`;
      else if ((ev.count ?? 0) > 1) interval = `${age(ev.lastTimestamp, now)} (x${ev.count} over ${first})`;
      rows.push([...(this.allNs ? [e.metadata.namespace ?? ''] : []), interval, ev.type ?? '', ev.reason ?? '',
        `${String(ev.involvedObject?.kind ?? '').toLowerCase()}/${ev.involvedObject?.name ?? ''}`, String(ev.message ?? '').trim()]);
    }
    return this.tw.render(rows);
  }
}

function watchEvents(ctx: VerbContext, s: import('../session').Session, ri: ResourceInfo, opts: Opts, keep: (e: KObject) => boolean,
  printer: EventPrinter, fmt: import('../printers').OutputFormat | undefined): void {
  const { printObjects } = require('../printers') as typeof import('../printers');
  const emit = (list: KObject[], now: number) => {
    if (!list.length) return;
    if (fmt) for (const e of list) ctx.out.out(printObjects(fmt, [{ obj: e, ri }], true));
    else ctx.out.out(printer.render(list, now));
    ctx.out.flush();
  };
  // a watch without a resourceVersion starts with every current event
  let rv = s.step(rt => rt.api.startWatch(ri));
  const first = s.step(rt => ({ items: rt.api.list(ri, opts.allNamespaces ? undefined : s.namespace).filter(keep), now: rt.clock.now() }));
  emit([...first.items].sort((a, b) => eventTime(a) - eventTime(b)), first.now);
  // --request-timeout ends the watch quietly, as client-go's HTTP timeout ends kubectl's watch stream
  const deadline = s.watchDeadline();
  for (;;) {
    const c = s.step(rt => ({ now: rt.clock.now(), w: rt.api.changesSince(ri, rv, opts.allNamespaces ? undefined : s.namespace), next: rt.nextDue() }));
    rv = c.w.rv;
    emit(c.w.changes.filter(x => x.type !== 'DELETED').map(x => x.obj).filter(keep), c.now);
    const left = deadline - Date.now();
    if (left <= 0) return;
    const wait = c.next ? Math.min(1000, Math.max(50, c.next - c.now)) : 500;
    s.sleep(Math.min(wait, left));
  }
}
