// kubectl wait: --for=condition=X[=value], --for=jsonpath='{...}'[=value], --for=delete, --for=create.
// Objects are visited in order under one shared deadline (--timeout, default 30s; 0 = check once; negative =
// a week). Each check is one step (catch up, read, commit); between checks the verb sleeps without the lock.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags } from './common';
import { durationFlag, parseGoDuration } from '../durations';
import { resolve, parseResourceArgs, Item, isNotFound } from '../builder';
import { CliError, StatusError, formatError, notFound } from '../../api/errors';
import { kindGroup, groupResource } from '../../api/types';
import type { KObject, ResourceInfo } from '../../api/types';

type Check = (obj: KObject) => boolean;
interface ForSpec { kind: 'delete' | 'create' | 'condition' | 'jsonpath'; check?: Check }

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('wait')
    .description('Experimental: Wait for a specific condition on one or many resources.')
    .argument('[args...]')
    .option('--for <condition>', "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]].", '')
    .option('--timeout <duration>', 'The length of time to wait before giving up. Zero means check once and don\'t wait, negative means wait for a week.', durationFlag('--timeout', 'kctl wait'), '30s')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--field-selector <selector>', 'Selector (field query) to filter on.')
    .option('--all', 'Select all resources in the namespace of the specified resource types', false)
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.', false)
    .option('--local', 'If true, annotation will NOT contact api-server but run locally.', false)
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).');
  addFilenameFlags(cmd);
  cmd.action((args: string[], opts: any) => wait(ctx, args, opts));
}

/** Go's time.ParseDuration, in ms (src/cli/durations.ts). */
export { parseGoDuration } from '../durations';

// ---- a small JSONPath evaluator (fallback until the shared engine is available) ----
function relaxed(expr: string): string {
  const m = expr.match(/^\{\.?([^{}]+)\}$/) ?? expr.match(/^\.?([^{}]+)$/);
  if (!m) throw new CliError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1]}}`;
}
function evalPath(path: string, obj: unknown): unknown[] {
  const shared = loadShared();
  if (shared) {
    try {
      const r = shared(path, obj);
      if (Array.isArray(r)) return Array.isArray(r[0]) ? r[0] : r;
    } catch (e) { if (e instanceof CliError) throw e; }
  }
  const body = path.replace(/^\{/, '').replace(/\}$/, '');
  const tokens = body.match(/\.\.?[^.[\]]+|\[[^\]]*\]|\.$/g) ?? [];
  let cur: unknown[] = [obj];
  for (const t of tokens) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if (t === '.') { next.push(v); continue; }
      if (t.startsWith('.')) {
        const k = t.slice(1);
        if (k === '*') next.push(...(Array.isArray(v) ? v : Object.values(v as object)));
        else if (typeof v === 'object' && !Array.isArray(v) && k in (v as object)) next.push((v as any)[k]);
        continue;
      }
      const inner = t.slice(1, -1).trim();
      if (!Array.isArray(v)) continue;
      if (inner === '*') { next.push(...v); continue; }
      const f = inner.match(/^\?\(@\.([\w.-]+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+))\)$/);
      if (f) {
        const want = f[3] ?? f[4] ?? f[5] ?? '';
        for (const el of v) {
          const got = f[1]!.split('.').reduce((a: any, k) => (a == null ? undefined : a[k]), el);
          if (got === undefined) continue;
          if ((String(got) === want) === (f[2] === '==')) next.push(el);
        }
        continue;
      }
      const idx = Number(inner);
      if (Number.isInteger(idx)) { const el = v[idx < 0 ? v.length + idx : idx]; if (el !== undefined) next.push(el); }
    }
    cur = next;
  }
  return cur;
}
let sharedFn: ((p: string, o: unknown) => unknown) | null | undefined;
function loadShared(): ((p: string, o: unknown) => unknown) | null {
  if (sharedFn !== undefined) return sharedFn;
  try {
    const mod = require('../printers/jsonpath') as Record<string, unknown>;
    sharedFn = typeof mod.evalJSONPath === 'function' ? (mod.evalJSONPath as (p: string, o: unknown) => unknown) : null;
  } catch { sharedFn = null; }
  return sharedFn;
}

function parseFor(cond: string): ForSpec {
  if (cond.toLowerCase() === 'delete') return { kind: 'delete' };
  if (cond.toLowerCase() === 'create') return { kind: 'create' };
  if (cond.startsWith('condition=')) {
    let name = cond.slice('condition='.length); let value = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
    return {
      kind: 'condition',
      check: obj => {
        for (const c of (obj.status?.conditions ?? []) as any[]) {
          if (typeof c?.type !== 'string' || c.type.toLowerCase() !== name.toLowerCase() || typeof c.status !== 'string') continue;
          const gen = obj.metadata.generation;
          const observed = c.observedGeneration ?? obj.status?.observedGeneration;
          if (gen !== undefined && observed !== undefined && observed < gen) return false;
          return c.status.toLowerCase() === value.toLowerCase();
        }
        return false;
      },
    };
  }
  if (cond.startsWith('jsonpath=')) {
    const parts = splitJSONPathInput(cond.slice('jsonpath='.length));
    if (parts.length > 2) throw new CliError("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
    if (!parts[0]) throw new CliError('jsonpath expression cannot be empty');
    const path = relaxed(parts[0]);
    if (parts.length === 2 && parts[1] === '') throw new CliError("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
    const anyValue = parts.length === 1;
    const want = anyValue ? '' : parts[1]!.replace(/^['"]+|['"]+$/g, '');
    return {
      kind: 'jsonpath',
      check: obj => {
        const r = evalPath(path, obj);
        if (!r.length) return false;
        if (r.length > 1) throw new CliError('given jsonpath expression matches more than one value');
        if (anyValue) return true;
        const v = r[0];
        if (v !== null && typeof v === 'object') throw new CliError('jsonpath leads to a nested object or list which is not supported');
        return String(v) === want;
      },
    };
  }
  throw new CliError(`unrecognized condition: "${cond}"`);
}

/** Split `expr=value` on '=', keeping `==` and `!=` inside filter expressions. */
function splitJSONPathInput(input: string): string[] {
  const out: string[] = []; let cur = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === '=') {
      if (input[i + 1] === '=') { cur += '=='; i++; continue; }
      if (cur.endsWith('!')) { cur += '='; continue; }
      out.push(cur); cur = ''; continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function wait(ctx: VerbContext, args: string[], opts: any): void {
  const timeoutMs = parseGoDuration(String(opts.timeout));
  const forSpec = parseFor(String(opts.for ?? ''));
  if (!args.length && !opts.filename.length) {
    throw new CliError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  }
  const effective = timeoutMs < 0 ? 168 * 3_600_000 : timeoutMs;
  const deadline = Date.now() + effective;
  const lineFor = (ri: ResourceInfo, name: string) => (opts.output === 'name' ? `${kindGroup(ri)}/${name}` : `${kindGroup(ri)}/${name} condition met`);
  const s = openSession(ctx);
  try {
    // The objects to wait for
    let items: Item[] = [];
    const errors: unknown[] = [];
    if (forSpec.kind === 'create' && !opts.filename.length && !opts.selector && !opts.fieldSelector && !opts.all) {
      const reqs = s.step(() => parseResourceArgs(args));
      for (const r of reqs) for (const name of r.names ?? []) items.push({ ri: r.ri, namespace: r.ri.namespaced ? s.namespace : undefined, name });
      if (reqs.some(r => !r.names)) throw new CliError('resource(s) were provided, but no name was specified');
    } else {
      const res = s.step(rt => resolve(rt.api, {
        args, filenames: opts.filename, recursive: opts.recursive, selector: opts.selector, fieldSelector: opts.fieldSelector,
        all: opts.all, allNamespaces: opts.allNamespaces, namespace: s.namespace, explicitNamespace: s.explicitNamespace, requireNames: true,
      }));
      items = res.items;
      for (const e of res.errors) {
        if (forSpec.kind === 'delete' && isNotFound(e)) continue;
        errors.push(e);
      }
    }
    if (!items.length && !errors.length) {
      if (forSpec.kind === 'delete') return;
      throw new CliError('no matching resources found');
    }
    for (const it of items) {
      const r = waitOne(s, it, forSpec, timeoutMs, deadline);
      if (r !== true) { errors.push(r); break; }
      ctx.out.line(lineFor(it.ri, it.name));
      ctx.out.flush();
    }
    const seen = new Set<string>();
    for (const e of errors) {
      const t = formatError(e);
      if (!seen.has(t)) { seen.add(t); ctx.out.err(t); }
    }
    if (errors.length) ctx.out.exitCode = 1;
  } finally {
    s.close();
  }
}

/** true when met, or the error to report. */
function waitOne(s: ReturnType<typeof openSession>, it: Item, spec: ForSpec, timeoutMs: number, deadline: number): true | Error {
  const uid = it.obj?.metadata.uid;
  const what = `${it.ri.plural}/${it.name}`;
  for (;;) {
    let state: { met: boolean; gone?: boolean; next?: number; now: number };
    try {
      state = s.step(rt => {
        const o = rt.api.tryGet(it.ri, it.namespace, it.name);
        const now = rt.clock.now(); const next = rt.nextDue();
        switch (spec.kind) {
          case 'delete': return { met: !o || (!!uid && o.metadata.uid !== uid), now, next };
          case 'create': return { met: !!o, now, next };
          default:
            if (!o) return { met: false, gone: true, now, next };
            return { met: spec.check!(o), now, next };
        }
      });
    } catch (e) {
      if (e instanceof CliError || e instanceof StatusError) return e;
      throw e;
    }
    if (state.met) return true;
    if (state.gone) return notFound(groupResource(it.ri), it.name);
    if (timeoutMs === 0) return new CliError(`condition not met for ${what}`);
    const left = deadline - Date.now();
    if (left <= 0) return new CliError(`timed out waiting for the condition on ${what}`);
    const untilTimer = state.next !== undefined ? state.next - state.now : Infinity;
    s.sleep(Math.max(5, Math.min(100, untilTimer, left)));
  }
}
