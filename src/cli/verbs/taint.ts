// kubectl taint (pkg/cmd/taint): `kubectl taint nodes NAME... | -l SEL | --all KEY[=VAL]:EFFECT ... KEY[:EFFECT]-`.
// Taints to add go first in the new list, then the node's other taints; a key and effect already present is
// refused without --overwrite; removals that find nothing fail. `node/x tainted`, `untainted` or `modified`.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { KObject } from '../../api/types';
import { openSession, addDryRun } from './common';
import { dryRunOf } from '../generators/common';
import { CliError, StatusError, formatError } from '../../api/errors';
import { byGroupResource, resolveResource } from '../../api/discovery';
import { parseSelector } from '../../api/selectors';
import { qualifiedName, labelValue } from '../../api/validation/meta';
import { parseOutput, printEach, OutputFormat } from '../printers';
import { Taint, taintToString } from '../../util/taints';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('taint').description('Update the taints on one or more nodes').argument('[args...]')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .option('--overwrite', 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.', false)
    .option('--all', 'Select all nodes in the cluster', false)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-taint')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true)
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => taint(ctx, args, opts));
}

const usage = (msg: string) => new CliError(`${msg}\nSee 'kctl taint -h' for help and examples`);
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** parseTaint: key=value:effect, key:effect or key. */
function parseTaint(st: string): Taint {
  const parts = st.split(':');
  let key: string, value = '', effect = '';
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new Error(`invalid taint spec: ${st}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = labelValue(value);
      if (errs.length) throw new Error(`invalid taint spec: ${st}, ${errs.join('; ')}`);
    }
  } else throw new Error(`invalid taint spec: ${st}`);
  const errs = qualifiedName(key);
  if (errs.length) throw new Error(`invalid taint spec: ${st}, ${errs.join('; ')}`);
  return { key, value, effect };
}

/** parseTaints: the taints to add (with an effect, unique by key and effect) and the ones to remove. */
function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [], remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new Error(`invalid taint spec: ${spec}`);
    if (add.some(x => x.key === t.key && x.effect === t.effect)) throw new Error(`duplicated taints with the same key and effect: {${t.key} ${t.value} ${t.effect} <nil>}`);
    add.push(t);
  }
  return { add, remove };
}

const matchTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
const apiTaint = (t: Taint): Taint => ({ effect: t.effect, key: t.key, ...(t.value ? { value: t.value } : {}), ...(t.timeAdded ? { timeAdded: t.timeAdded } : {}) });

/** reorganizeTaints: the operation kubectl reports, the new taint list, and the removals that found nothing. */
function reorganize(old: Taint[], overwrite: boolean, add: Taint[], remove: Taint[]): { op: string; taints: Taint[]; errors: string[] } {
  let next = [...add];
  for (const o of old) if (!next.some(t => matchTaint(t, o))) next.push(o);
  const added = old.length !== next.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of remove) {
    const before = next.length;
    next = next.filter(t => (r.effect ? !matchTaint(r, t) : t.key !== r.key));
    removed = next.length !== before; // (kubectl keeps only the last removal's result)
    if (!removed) errors.push(`taint "${taintToString(r)}" not found`);
  }
  const op = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { op, taints: next, errors };
}

function taint(ctx: VerbContext, args: string[], opts: any): void {
  // Complete: resources first, then taint changes
  const resources: string[] = [], specs: string[] = [];
  let met = false;
  for (const s of args) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) { met = true; specs.push(s); }
    else if (!met) resources.push(s);
    else throw new CliError(`all resources must be specified before taint changes: ${s}`);
  }
  const dry = dryRunOf(ctx, opts.dryRun);
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  if (resources.length < 1) throw new CliError('one or more resources must be specified as <resource> <name>');
  if (specs.length < 1) throw new CliError('at least one taint update is required');
  let parsed: { add: Taint[]; remove: Taint[] };
  try { parsed = parseTaints(specs); } catch (e) { throw usage((e as Error).message); }
  // Validate
  const type = resources[0]!.toLowerCase();
  const ri = resolveResource(type);
  if (!ri) throw new CliError(`the server doesn't have a resource type "${type}"`, 1, true);
  if (ri.kind !== 'Node' || ri.group !== '') throw new CliError(`invalid resource type ${type}, only node types are supported`);
  const conflicts: string[] = [];
  for (const a of parsed.add) for (const r of parsed.remove) {
    if (a.key !== r.key) continue;
    if (!r.effect || a.effect === r.effect) conflicts.push(`${r.key}=${r.effect}`);
  }
  if (conflicts.length) throw new CliError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  if (opts.all && opts.selector) throw new CliError("setting 'all' parameter with a non empty selector is prohibited");
  if (!opts.all && !opts.selector && resources.length < 2) throw new CliError("at least one resource name must be specified since 'all' parameter is not set");

  const s = openSession(ctx);
  try {
    const errors = s.step(rt => {
      const nodeRi = byGroupResource('', 'nodes')!;
      const errs: unknown[] = [];
      let nodes: KObject[] = [];
      if (opts.all || opts.selector) {
        nodes = rt.api.list(nodeRi, undefined, opts.selector ? { labelSelector: parseSelector(opts.selector) } : {});
      } else {
        for (const name of resources.slice(1)) {
          const n = rt.api.tryGet(nodeRi, undefined, name);
          if (n) nodes.push(n); else errs.push(new StatusError(404, 'NotFound', `nodes "${name}" not found`, { name }));
        }
      }
      const printed: KObject[] = [];
      for (const node of nodes) {
        const old: Taint[] = node.spec?.taints ?? [];
        if (!opts.overwrite) {
          const exists = parsed.add.flatMap(t => old.filter(o => o.key === t.key && o.effect === t.effect).map(() => t.key));
          if (exists.length) { errs.push(new CliError(`node ${node.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`)); continue; }
        }
        const r = reorganize(old, !!opts.overwrite, parsed.add, parsed.remove);
        if (r.errors.length) { errs.push(r.errors.length === 1 ? new CliError(r.errors[0]!) : { agg: r.errors }); continue; }
        const next: KObject = { ...node, spec: { ...node.spec } };
        if (r.taints.length) next.spec.taints = r.taints.map(apiTaint); else delete next.spec.taints;
        let out = next;
        if (dry !== 'client') {
          try {
            out = rt.atomic(() => rt.api.mutate(nodeRi, undefined, node.metadata.name!, n => {
              n.spec ??= {};
              if (r.taints.length) n.spec.taints = r.taints.map(apiTaint); else delete n.spec.taints;
            }, { dryRun: dry === 'server' }))!;
          } catch (e) { if (!(e instanceof StatusError)) throw e; errs.push(e); continue; }
        }
        // (kubectl sets the operation after the dry-run suffix was applied, so no suffix is ever printed; an
        // explicit -o name prints the bare name)
        if (fmt) printed.push(out);
        else ctx.out.line(`node/${node.metadata.name} ${r.op}`);
      }
      if (printed.length) ctx.out.out(printEach(fmt!, printed.map(obj => ({ obj, ri: nodeRi }))));
      return errs;
    });
    // CheckErr of the visitor's errors: one is printed as an error; several, one plain line each
    if (errors.length === 1) {
      const e = errors[0] as any;
      if (e && 'agg' in e) for (const m of e.agg as string[]) ctx.out.err(m);
      else ctx.out.err(formatError(e));
    } else {
      for (const e of errors as any[]) ctx.out.err(e && 'agg' in e ? `[${e.agg.join(', ')}]` : formatError(e).replace(/^error: /, ''));
    }
    if (errors.length) ctx.out.exitCode = 1;
  } finally { s.close(); }
}
