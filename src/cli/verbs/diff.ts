// kubectl diff (k8s.io/kubectl/pkg/cmd/diff): for every object of -f/-k, the live object and the object as
// apply would make it (a server-side dry run: a dry-run create for a new object, else the client-side apply
// three-way patch sent as a dry-run update; with --server-side, an apply patch with the field manager and
// --force-conflicts, sent as a dry run) are written as YAML into two temporary directories, LIVE-<n> and
// MERGED-<n>, one file `<group.>version.kind.namespace.name` each, and compared with `diff -u -N` (or
// $KCTL_EXTERNAL_DIFF / $KUBECTL_EXTERNAL_DIFF). Secret data is masked, managedFields left out, and with
// --prune the objects apply --prune would delete appear in LIVE only. Exit 0: no differences, 1: differences,
// >1: an error (kubectl's CheckDiffErr adds one to the usual exit code).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, collect, endpointsWarning } from './common';
import { manifestsToItems, Item } from '../builder';
import { readManifests } from '../manifests';
import { CliError, StatusError, formatError } from '../../api/errors';
import { parseSelector, matches } from '../../api/selectors';
import { threeWayPatch, applyStrategicPatch, PatchError } from '../../api/patch/strategic';
import { goYAML } from '../printers/yaml';
import { clone } from '../../util/objects';
import type { KObject } from '../../api/types';
import type { Runtime } from '../../sim/runtime';
import { LAST_APPLIED, lastAppliedOf, validationMode } from './apply';
import { pruneResources, pruneCandidates, klogWarning, PRUNE_NAMESPACE_WARNING } from './prune';

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('diff')
    .description('Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied.')
    .argument('[args...]')
    .option('--prune-allowlist <gvk>', 'Overwrite the default allowlist with <group/version/kind> for --prune', collect, [])
    .option('--prune', 'Include resources that would be deleted by pruning. Can be used with -l and default shows all resources would be pruned', false)
    .option('--show-managed-fields', 'If true, include managed fields in the diff.', false)
    .option('--concurrency <n>', 'Number of objects to process in parallel when diffing against the live version.', '1')
    .option('--server-side', 'If true, apply runs in the server instead of the client.', false)
    .option('--force-conflicts', 'If true, server-side apply will force the changes against conflicts.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-client-side-apply')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.')
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict');
  addFilenameFlags(cmd, 'contains the configuration to diff');
  cmd.action((args: string[], opts: any) => {
    try {
      diff(ctx, args, opts);
    } catch (e) {
      // CheckDiffErr: kubectl's message, exit code one more than usual
      ctx.out.err(formatError(e));
      ctx.out.exitCode = (e instanceof CliError ? e.exitCode : 1) + 1;
    }
  });
}

const MASK = '***', MASK_BEFORE = '*** (before)', MASK_AFTER = '*** (after)';

/** What `kubectl diff` names a file: `<group.>version.kind.namespace.name`. */
function fileName(obj: { apiVersion?: string; kind?: string }, ns: string, name: string): string {
  const av = obj.apiVersion ?? '';
  const i = av.indexOf('/');
  const group = i > -1 ? av.slice(0, i) : '', version = i > -1 ? av.slice(i + 1) : av;
  return `${group ? `${group}.` : ''}${version}.${obj.kind}.${ns}.${name}`;
}
/** Go's os.MkdirTemp("", prefix+"-"): a decimal random suffix. */
function mkTemp(prefix: string): string {
  const base = process.env.TMPDIR || os.tmpdir();
  for (let i = 0; i < 10000; i++) {
    const dir = path.join(base, `${prefix}-${Math.floor(Math.random() * 0x100000000)}`);
    try { fs.mkdirSync(dir, { mode: 0o700 }); return dir; } catch (e: any) { if (e.code !== 'EEXIST') throw e; }
  }
  throw new CliError(`mkdir ${path.join(base, prefix)}: file exists`);
}
function writeObj(dir: string, name: string, obj: KObject | undefined): void {
  fs.writeFileSync(path.join(dir, name), obj ? goYAML(obj) : '', { mode: 0o700 });
}
function omitManagedFields(o: KObject | undefined): KObject | undefined {
  if (!o?.metadata) return o;
  const c = clone(o);
  delete (c.metadata as any).managedFields;
  return c;
}
/** The masker for Secrets: values of `data` become ***, or *** (before) / *** (after) where they differ. */
function mask(from: KObject | undefined, to: KObject | undefined): [KObject | undefined, KObject | undefined] {
  const f = from ? clone(from) : undefined, t = to ? clone(to) : undefined;
  const fd = f?.data && typeof f.data === 'object' ? { ...f.data } : undefined;
  const td = t?.data && typeof t.data === 'object' ? { ...t.data } : undefined;
  for (const k of Object.keys(fd ?? {})) {
    if (td && k in td) {
      if (fd![k] !== td[k]) { fd![k] = MASK_BEFORE; td[k] = MASK_AFTER; continue; }
      td[k] = MASK;
    }
    fd![k] = MASK;
  }
  for (const k of Object.keys(td ?? {})) if (!fd || !(k in fd)) td![k] = MASK;
  if (f && fd) f.data = fd;
  if (t && td) t.data = td;
  return [f, t];
}

/** The object as the apply would leave it, computed by the server in a dry run (InfoObject.Merged): with
 *  --server-side an apply patch with the field manager and --force-conflicts, else the client-side apply patch. */
function merged(rt: Runtime, it: Item, live: KObject | undefined, fieldValidation: 'Strict' | 'Warn' | 'Ignore', ssa?: { force: boolean }): KObject {
  const local = clone(it.manifest!);
  local.metadata ??= {};
  if (it.ri.namespaced) local.metadata.namespace = it.namespace;
  if (ssa) {
    const { serverSideApply } = require('../../api/apply') as typeof import('../../api/apply');
    return serverSideApply(rt.api, local, { fieldManager: rt.api.fieldManager, force: ssa.force, dryRun: true, fieldValidation }).obj;
  }
  if (!live) return rt.api.create(local, { dryRun: true, fieldValidation });
  // GetModifiedConfiguration(annotate=false): the manifest without the last-applied annotation
  const modified = JSON.parse(lastAppliedOf(local, it.ri.namespaced ? it.namespace : undefined));
  const original = live.metadata.annotations?.[LAST_APPLIED];
  let origObj: unknown;
  try { origObj = original ? JSON.parse(original) : undefined; } catch { origObj = undefined; }
  const patch = threeWayPatch(origObj, modified, live, it.ri);
  if (!patch || !Object.keys(patch).length) return live;
  let next: KObject;
  try { next = applyStrategicPatch(live, patch, it.ri) as KObject; } catch (e) {
    if (e instanceof PatchError) throw new StatusError(500, 'InternalError', `Internal error occurred: ${e.message}`);
    throw e;
  }
  next.metadata.resourceVersion = live.metadata.resourceVersion;
  return rt.api.update(next, { dryRun: true, fieldValidation });
}

function diff(ctx: VerbContext, args: string[], opts: any): void {
  if (args.length) throw new CliError(`Unexpected args: [${args.join(' ')}]\nSee 'kctl diff -h' for help and examples`);
  if (!opts.filename.length) throw new CliError('must specify one of -f and -k');
  if (opts.forceConflicts && !opts.serverSide) throw new CliError('--force-conflicts only works with --server-side');
  const fieldValidation = validationMode(opts.validate);
  const prune = opts.prune ? pruneResources(opts.pruneAllowlist) : undefined;
  const selector = opts.selector !== undefined ? parseSelector(opts.selector) : undefined;
  const s = openSession(ctx);
  const live = mkTemp('LIVE');
  const mergedDir = mkTemp('MERGED');
  try {
    const manifests = readManifests(opts.filename, opts.recursive);
    let items = manifestsToItems(manifests, s.namespace, s.explicitNamespace);
    if (selector) items = items.filter(it => matches(selector, it.manifest?.metadata?.labels));
    // what a failed step printed is dropped with it: its warnings are kept aside
    const warnings: string[] = [];
    try { s.step(rt => {
      const visitedUids = new Set<string>();
      const visitedNamespaces: string[] = [];
      for (const it of items) {
        const cur = rt.api.tryGet(it.ri, it.namespace, it.name);
        if (it.ri.namespaced && !visitedNamespaces.includes(it.namespace!)) visitedNamespaces.push(it.namespace!);
        if (cur?.metadata.uid) visitedUids.add(cur.metadata.uid);
        let after: KObject;
        try {
          after = merged(rt, it, cur, fieldValidation, opts.serverSide ? { force: !!opts.forceConflicts } : undefined);
        } catch (e) {
          // a conflict is retried (maxRetries = 4), the last time "without lock": an apply conflict stays one
          if (e instanceof StatusError && e.code === 409) {
            const av = it.manifest!.apiVersion ?? '';
            const gv = av.includes('/') ? av : `/${av}`;
            warnings.push(klogWarning('diff.go:723', `Object (${gv}, Kind=${it.manifest!.kind}: ${it.name}) keeps changing, diffing without lock`));
          }
          throw e;
        }
        for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
        let from = opts.showManagedFields ? cur : omitManagedFields(cur);
        let to = opts.showManagedFields ? after : omitManagedFields(after);
        if (after.apiVersion === 'v1' && after.kind === 'Secret') [from, to] = mask(from, to);
        const name = fileName({ apiVersion: it.manifest!.apiVersion, kind: it.manifest!.kind }, it.ri.namespaced ? it.namespace! : '', it.name);
        writeObj(live, name, from);
        writeObj(mergedDir, name, to);
        if (cur?.metadata.deletionTimestamp) ctx.out.err(`Warning: Detected changes to resource ${cur.metadata.name} which is currently being deleted.`);
      }
      if (prune) {
        if (!prune.explicit) ctx.out.err(klogWarning('prune.go:71', PRUNE_NAMESPACE_WARNING));
        if (visitedNamespaces.length) endpointsWarning(ctx, prune.namespaced);
        for (const p of pruneCandidates(rt, prune, visitedNamespaces, visitedUids, opts.selector)) {
          const o = omitManagedFields(p.obj)!;
          writeObj(live, fileName(o, o.metadata.namespace ?? '', o.metadata.name!), o);
        }
      }
    }); } catch (e) {
      for (const w of warnings) ctx.out.err(w);
      throw e;
    }
    runDiffProgram(ctx, live, mergedDir);
  } finally {
    s.close();
    fs.rmSync(live, { recursive: true, force: true });
    fs.rmSync(mergedDir, { recursive: true, force: true });
  }
}

/** DiffProgram.Run: the external diff's output is passed through; its exit status decides ours. */
function runDiffProgram(ctx: VerbContext, from: string, to: string): void {
  let cmd = 'diff';
  let args = ['-u', '-N', from, to];
  const env = process.env.KCTL_EXTERNAL_DIFF || process.env.KUBECTL_EXTERNAL_DIFF;
  if (env) {
    const parts = env.split(' ');
    cmd = parts[0]!;
    args = [from, to, ...parts.slice(1).filter(p => /^[a-zA-Z0-9-=]+$/.test(p))];
  }
  ctx.out.flush();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  if (r.error) {
    const code = (r.error as any).code;
    const why = code === 'ENOENT' ? `exec: ${JSON.stringify(cmd)}: executable file not found in $PATH` : code === 'EACCES' ? `fork/exec ${cmd}: permission denied` : r.error.message;
    throw new CliError(`failed to run ${JSON.stringify(cmd)}: ${why}`);
  }
  if (r.stdout?.length) ctx.out.out(r.stdout.toString('utf8'));
  if (r.stderr?.length) ctx.out.err(r.stderr.toString('utf8'));
  const status = r.status ?? -1;
  if (status === 0) return;
  if (status === 1) { ctx.out.exitCode = 1; return; }
  // an ExitError above 1: kubectl prints "exit status N" and exits N+1
  ctx.out.err(status < 0 ? `signal: ${r.signal ?? 'killed'}` : `exit status ${status}`);
  ctx.out.exitCode = status < 0 ? 1 : status + 1;
}
