// kubectl edit: the objects go to a temp file (YAML, or JSON with -o json) under kubectl's comment header;
// $KUBE_EDITOR / $EDITOR (default vi) edits it; each changed object is sent as a strategic merge patch
// computed from what was shown to what was saved. An invalid edit reopens the editor with the errors on top.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, opLine } from './common';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, OutputFormat } from '../printers';
import { goYAML } from '../printers/yaml';
import { goJSON } from '../printers/json';
import type { KObject, ResourceInfo } from '../../api/types';
import { groupResource } from '../../api/types';
import { twoWayPatch, applyStrategicPatch, PatchError } from '../../api/patch/strategic';
import { parseManifests } from '../manifests';
import { clone, deepEqual } from '../../util/objects';
import { serverItems, noResourcesError, flushWarnings, shown } from './patching';
import { printEach } from '../printers';
import type { Item } from '../builder';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('edit')
    .description('Edit a resource from the default editor.')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .option('--output-patch', 'Output the patch if the resource is edited.', false)
    .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.', false)
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--subresource <name>', 'If specified, edit will operate on the subresource of the requested object.')
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .option('--windows-line-endings', 'Defaults to the line ending native to your platform.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-edit')
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
  addFilenameFlags(cmd, 'to use to edit the resource');
  cmd.action((args: string[], opts: any) => edit(ctx, args, opts));
}

const stripComments = (t: string) => t.split('\n').filter(l => !l.trimStart().startsWith('#')).join('\n').trim();

function runEditor(file: string): void {
  const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
  const r = editor.includes(' ')
    ? spawnSync(process.env.SHELL && !process.env.SHELL.includes(' ') ? 'sh' : 'sh', ['-c', `${editor} ${file}`], { stdio: 'inherit' })
    : spawnSync(editor, [file], { stdio: 'inherit' });
  if (r.error || r.status !== 0) throw new CliError(`there was a problem with the editor "${editor}"`);
}

interface Reason { head: string; other: string[] }

function edit(ctx: VerbContext, args: string[], opts: any): void {
  if (!args.length && !opts.filename.length) throw noResourcesError();
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const asJSON = fmt?.format === 'json';
  if (opts.subresource !== undefined && !['status'].includes(opts.subresource)) throw new CliError(`invalid subresource value: "${opts.subresource}". Must be one of [status]`);
  const s = openSession(ctx);
  let file: string | undefined;
  let kept: string | undefined;
  try {
    const found = s.step(rt => serverItems(rt, s, opts, args));
    if (found.errors.length) {
      for (const e of found.errors) ctx.out.err(require('../../api/errors').formatError(e));
      ctx.out.exitCode = 1;
      if (!found.items.length) return;
    }
    let infos: Item[] = found.items.map(it => ({ ...it, obj: opts.showManagedFields ? it.obj : shown(it.obj!) }));
    if (!infos.length) throw new CliError('no objects passed to edit');
    // -o picks the editing format (and how the edited objects are printed): kubectl's edit printer knows only
    // json and yaml, and fails on anything else before the editor opens
    if (fmt && fmt.format !== 'json' && fmt.format !== 'yaml')
      throw new CliError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: json,yaml`);
    // kubectl's temp file: <the binary's name>-edit-<random>.<ext> in the temp directory
    const self = path.basename(process.argv[1] ?? 'kctl').replace(/\.js$/, '');
    file = path.join(os.tmpdir(), `${self}-edit-${Math.random().toString().slice(2, 11)}.${asJSON ? 'json' : 'yaml'}`);
    const render = (objs: KObject[]) => {
      const v = objs.length === 1 ? objs[0] : { apiVersion: 'v1', items: objs, kind: 'List', metadata: {} };
      return asJSON ? goJSON(v) + '\n' : goYAML(v);
    };
    let containsError = false;
    let reasons: Reason[] = [];
    let lastEdited = '';
    let body = render(infos.map(i => i.obj!));
    const originalText = body;
    for (;;) {
      // (JSON has no comments: kubectl writes neither the header nor the errors above a JSON file)
      let header = asJSON ? '' : HEADER;
      if (!asJSON) for (const r of reasons) header += `# ${r.head}:\n${r.other.map(o => `# * ${o}\n`).join('')}#\n`;
      fs.writeFileSync(file, header + body);
      runEditor(file);
      const edited = fs.readFileSync(file, 'utf8');
      if (containsError && stripComments(lastEdited) === stripComments(edited)) {
        ctx.out.err(`A copy of your changes has been stored to "${file}"`);
        file = undefined;
        throw new CliError('Edit cancelled, no valid changes were saved.');
      }
      // kubectl validates the edited text first (unless --validate=false/ignore): an emptied file is no object
      if (!['false', 'ignore'].includes(String(opts.validate)) && !stripComments(edited).trim()) {
        const first = infos[0]!;
        reasons = [{ head: `${groupResource(first.ri)} "${first.name}" was not valid`, other: ['<nil>: Invalid value: "The edited file failed validation": invalid object to validate'] }];
        ctx.out.err(`error: ${groupResource(first.ri)} "${first.name}" is invalid`);
        containsError = true;
        lastEdited = edited;
        continue;
      }
      if (stripComments(originalText) === stripComments(edited)) {
        ctx.out.err('Edit cancelled, no changes made.');
        return;
      }
      if (!stripComments(edited)) {
        ctx.out.err('Edit cancelled, saved file was empty.');
        return;
      }
      lastEdited = edited;
      body = edited.split('\n').filter(l => !l.trimStart().startsWith('#')).join('\n');
      let objs: KObject[];
      try {
        objs = parseManifests(body, file).map(m => m.obj);
      } catch (e) {
        const first = infos[0]!;
        reasons = [{ head: `${groupResource(first.ri)} "${first.name}" was not valid`, other: [`<nil>: Invalid value: "The edited file failed validation": ${(e as Error).message.replace(/^error parsing [^:]*: /, '')}`] }];
        ctx.out.err(`error: ${groupResource(first.ri)} "${first.name}" is invalid`);
        containsError = true;
        continue;
      }
      reasons = [];
      const failed: Item[] = [];
      const printed: { obj: KObject; ri?: ResourceInfo }[] = [];
      s.step(rt => {
        for (let i = 0; i < objs.length; i++) {
          const ed = objs[i]!;
          const info = infos.find(x => x.obj!.kind === ed.kind && x.name === ed.metadata?.name) ?? infos[i];
          if (!info) continue;
          const orig = info.obj!;
          const gr = groupResource(info.ri);
          if (deepEqual(orig, ed)) { ctx.out.line(opLine(orig, info.ri, 'skipped')); continue; }
          try {
            if (ed.apiVersion !== orig.apiVersion || ed.kind !== orig.kind || ed.metadata?.name !== orig.metadata.name)
              throw new CliError('At least one of apiVersion, kind and name was changed');
            rt.atomic(() => {
              const live = rt.api.get(info.ri, info.namespace, info.name);
              const patch = twoWayPatch(orig, ed, info.ri);
              const next = applyStrategicPatch(live, patch, info.ri) as KObject;
              if (next.metadata) next.metadata.resourceVersion = live.metadata.resourceVersion;
              const out = rt.api.update(next, opts.subresource === 'status' ? { subresource: 'status' } : {});
              flushWarnings(ctx, rt);
              if (opts.outputPatch) ctx.out.line(`Patch: ${JSON.stringify(patch)}`);
              if (fmt && fmt.format !== 'name') printed.push({ obj: shown(out), ri: info.ri });
              else ctx.out.line(fmt ? opLine(out, info.ri, '').trimEnd() : opLine(out, info.ri, 'edited'));
            });
          } catch (e) {
            if (e instanceof StatusError && e.reason === 'Invalid') {
              failed.push({ ...info });
              reasons.push({ head: `${gr} "${info.name}" was not valid`, other: (e.details?.causes ?? []).map(c => c.message) });
              ctx.out.err(`error: ${gr} "${info.name}" is invalid`);
            } else if (e instanceof StatusError && e.code === 404) {
              ctx.out.err(`error: ${gr} "${info.name}" could not be found on the server`);
              ctx.out.err(`The edits you made on deleted resources have been saved to "${file}"`);
              kept = file;
              ctx.out.exitCode = 1;
            } else {
              const msg = e instanceof PatchError || e instanceof Error ? e.message : String(e);
              ctx.out.err(`error: ${gr} "${info.name}" could not be patched: ${msg}`);
              ctx.out.exitCode = 1;
            }
          }
        }
      });
      if (printed.length) ctx.out.out(printEach(fmt!, printed));
      if (!reasons.length) break;
      containsError = true;
      ctx.out.flush();
      infos = failed.length ? failed.map(f => ({ ...f, obj: clone(f.obj) })) : infos;
    }
  } finally {
    s.close();
    if (file && file !== kept) try { fs.rmSync(file, { force: true }); } catch { /* ignore */ }
  }
}
