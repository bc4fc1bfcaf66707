// kubectl apply set-last-applied and apply edit-last-applied (k8s.io/kubectl/pkg/cmd/apply and its editor's
// ApplyEditMode): the last-applied-configuration annotation set from a file, or edited in $EDITOR, as a JSON
// merge patch that touches nothing but the annotation (editor.GetApplyPatch: the annotation is the object's
// compact JSON, without the trailing newline apply itself writes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, parseDryRun, dryRunSuffix, addDryRun, opLine, collect, reportErrors } from './common';
import { manifestsToItems, Item } from '../builder';
import { readManifests, parseManifests } from '../manifests';
import { CliError, formatError } from '../../api/errors';
import { parseOutput, printObjects } from '../printers';
import { goYAML } from '../printers/yaml';
import { goJSON, compactJSON } from '../printers/json';
import { applyMergePatch } from '../../api/patch';
import { clone, deepEqual } from '../../util/objects';
import type { KObject } from '../../api/types';
import type { Runtime } from '../../sim/runtime';
import { serverItems, noResourcesError, flushWarnings } from './patching';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function register(apply: Command, ctx: VerbContext): void {
  const set = apply.command('set-last-applied')
    .description('Set the latest last-applied-configuration annotations by setting it to match the contents of a file. This results in the last-applied-configuration being updated as though \'kubectl apply -f <file>\' was run, without updating any other parts of the object.')
    .option('--create-annotation', "Will create 'last-applied-configuration' annotations if current objects doesn't have one", false)
    .option('-f, --filename <file>', 'Filename, directory, or URL to files that contains the last-applied-configuration annotations', collect, []);
  addDryRun(set);
  set.action((o: any) => {
    const p = apply.opts();
    setLastApplied(ctx, { ...o, output: p.output ?? o.output, filename: [...(p.filename ?? []), ...(o.filename ?? [])], dryRun: o.dryRun ?? p.dryRun });
  });

  const edit = apply.command('edit-last-applied')
    .description('Edit the latest last-applied-configuration annotations of resources from the default editor.')
    .argument('[args...]')
    .option('--windows-line-endings', 'Defaults to the line ending native to your platform.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-client-side-apply')
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .option('--record', 'Record current kubectl command in the resource annotation.', false);
  addFilenameFlags(edit, 'to use to edit the resource');
  edit.action((args: string[], o: any) => {
    const p = apply.opts();
    editLastApplied(ctx, args, { ...o, output: p.output ?? o.output, filename: [...(p.filename ?? []), ...(o.filename ?? [])], recursive: p.recursive || o.recursive });
  });
}

/** editor.GetApplyPatch: a merge patch that sets the annotation to the object's JSON; and that JSON. */
function applyPatchFor(obj: KObject): { patch: Record<string, unknown>; json: string } {
  const json = compactJSON(obj);
  return { patch: { metadata: { annotations: { [LAST_APPLIED]: json } } }, json };
}
/** cmdutil.StripComments (yaml.ToJSON): compare annotations as JSON documents. */
function sameJSON(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  try { return deepEqual(JSON.parse(a), JSON.parse(b)); } catch { return a === b; }
}

function setLastApplied(ctx: VerbContext, opts: any): void {
  const dry = parseDryRun(opts.dryRun);
  const fmt = opts.output ? parseOutput(opts.output) : undefined;
  if (!opts.filename.length) throw noResourcesError();
  const s = openSession(ctx);
  try {
    const items = manifestsToItems(readManifests(opts.filename, false), s.namespace, s.explicitNamespace);
    s.step(rt => {
      const todo: { it: Item; patch: Record<string, unknown>; live: KObject }[] = [];
      // Validate: every object first, then the patches
      for (const it of items) {
        const obj = clone(it.manifest!);
        if (it.ri.namespaced) { obj.metadata ??= {}; obj.metadata.namespace = it.namespace; }
        const { patch, json } = applyPatchFor(obj);
        const live = rt.api.get(it.ri, it.namespace, it.name);
        const original = live.metadata.annotations?.[LAST_APPLIED];
        if (original === undefined && !opts.createAnnotation) {
          throw new CliError(`no last-applied-configuration annotation found on resource: ${it.name}, to create the annotation, run the command with --create-annotation`);
        }
        if (!sameJSON(original, json)) todo.push({ it, patch, live });
        else ctx.out.line(`set-last-applied ${it.name}: no changes required.`);
      }
      for (const t of todo) {
        let final = t.live;
        if (dry !== 'client') {
          const next = applyMergePatch(t.live, t.patch) as KObject;
          final = rt.api.update(next, { dryRun: dry === 'server' });
          flushWarnings(ctx, rt);
        }
        if (fmt && fmt.format !== 'name') ctx.out.out(printObjects(fmt, [{ obj: final, ri: t.it.ri }], true));
        else ctx.out.line(opLine(final, t.it.ri, `configured${dryRunSuffix(dry)}`));
      }
    });
  } finally {
    s.close();
  }
}

const HEADER = `# Please edit the 'last-applied-configuration' annotations below.
# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.
#
`;
const stripComments = (t: string) => t.split('\n').filter(l => !l.trimStart().startsWith('#')).join('\n').trim();

function runEditor(file: string): void {
  const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
  const r = editor.includes(' ') ? spawnSync('sh', ['-c', `${editor} ${file}`], { stdio: 'inherit' }) : spawnSync(editor, [file], { stdio: 'inherit' });
  if (r.error || r.status !== 0) throw new CliError(`there was a problem with the editor "${editor}"`);
}

function editLastApplied(ctx: VerbContext, args: string[], opts: any): void {
  if (!args.length && !opts.filename.length) throw noResourcesError();
  const fmt = opts.output ? parseOutput(opts.output, ['yaml', 'json'] as any) : undefined;
  const asJSON = fmt?.format === 'json';
  const s = openSession(ctx);
  try {
    const found = s.step((rt: Runtime) => serverItems(rt, s, opts, args));
    if (found.errors.length) { reportErrors(ctx, found.errors); if (!found.items.length) return; }
    const annotated: { item: Item; obj: KObject }[] = [];
    for (const it of found.items) {
      const a = it.obj!.metadata.annotations?.[LAST_APPLIED];
      if (a === undefined) continue;
      annotated.push({ item: it, obj: JSON.parse(a) });
    }
    if (!annotated.length) throw new CliError('no last-applied-configuration annotation found on resources, to create the annotation, use command `kctl apply set-last-applied --create-annotation`');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-edit-'));
    const file = path.join(dir, `kubectl-edit-${Math.random().toString().slice(2, 11)}.${asJSON ? 'json' : 'yaml'}`);
    const objs = annotated.map(a => a.obj);
    const v = objs.length === 1 ? objs[0] : { apiVersion: 'v1', items: objs, kind: 'List', metadata: {} };
    const body = asJSON ? goJSON(v) + '\n' : goYAML(v);
    fs.writeFileSync(file, HEADER + body);
    runEditor(file);
    const edited = fs.readFileSync(file, 'utf8');
    if (stripComments(body) === stripComments(edited)) { ctx.out.err('Edit cancelled, no changes made.'); fs.rmSync(dir, { recursive: true, force: true }); return; }
    if (!stripComments(edited)) { ctx.out.err('Edit cancelled, saved file was empty.'); fs.rmSync(dir, { recursive: true, force: true }); return; }
    let parsed: KObject[];
    try {
      parsed = parseManifests(edited.split('\n').filter(l => !l.trimStart().startsWith('#')).join('\n'), file).map(m => m.obj);
    } catch (e) {
      ctx.out.err(`A copy of your changes has been stored to "${file}"`);
      throw e;
    }
    s.step(rt => {
      for (const ed of parsed) {
        const orig = annotated.find(a => a.obj.kind === ed.kind && a.obj.metadata?.name === ed.metadata?.name) ?? annotated[0]!;
        if (deepEqual(orig.obj, ed)) { ctx.out.line(opLine(orig.item.obj!, orig.item.ri, 'skipped')); continue; }
        try {
          const live = rt.api.get(orig.item.ri, s.namespace === orig.item.namespace || !orig.item.ri.namespaced ? orig.item.namespace : s.namespace, ed.metadata?.name ?? orig.item.name);
          const next = applyMergePatch(live, applyPatchFor(ed).patch) as KObject;
          const out = rt.api.update(next, {});
          flushWarnings(ctx, rt);
          ctx.out.line(opLine(out, orig.item.ri, 'edited'));
        } catch (e) {
          ctx.out.err(formatError(e));
          ctx.out.exitCode = 1;
        }
      }
    });
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    s.close();
  }
}
