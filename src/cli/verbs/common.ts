// Pieces every verb shares: opening the session, flags that many verbs take, result lines.
import type { Command, Option } from 'commander';
import type { VerbContext } from '../program';
import { Session } from '../session';
import type { KObject, ResourceInfo } from '../../api/types';
import { kindGroup } from '../../api/types';
import { CliError, formatError } from '../../api/errors';

/** kubectl's field manager per command (its --field-manager default); others write as `kubectl`. */
const MANAGED = new Set(['annotate', 'apply', 'autoscale', 'create', 'edit', 'expose', 'label', 'patch', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'cordon', 'uncordon', 'drain']);
export function fieldManagerFor(argv: string[]): string {
  let given: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('--field-manager=')) given = a.slice('--field-manager='.length);
    else if (a === '--field-manager') given = argv[++i];
  }
  if (given !== undefined) return given;
  const { extractGlobals, verbNameOf } = require('../program') as typeof import('../program');
  const verb = verbNameOf(extractGlobals(argv).rest) ?? '';
  // diff's dry runs write as apply would (GetApplyFieldManagerFlag)
  if (verb === 'apply' || verb === 'diff') return argv.includes('--server-side') || argv.some(a => /^--server-side=true$/i.test(a)) ? 'kubectl' : 'kubectl-client-side-apply';
  if (verb === 'cordon' || verb === 'uncordon' || verb === 'drain') return 'kubectl-cordon';
  return MANAGED.has(verb) ? `kubectl-${verb}` : 'kubectl';
}

export function openSession(ctx: VerbContext): Session {
  const s = new Session(ctx.globals, ctx.out);
  s.fieldManager = fieldManagerFor(ctx.argv);
  return s;
}
export const collect = (v: string, prev: string[] = []) => prev.concat([v]);
export const collectCsv = (v: string, prev: string[] = []) => prev.concat(v.split(',').filter(Boolean));

export function addFilenameFlags(cmd: Command, what = 'identifying the resource'): Command {
  cmd
    .option('-f, --filename <file>', `Filename, directory, or URL to files ${what}.`, collect, [])
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.', false)
    .option('-k, --kustomize <dir>', "Process the kustomization directory. This flag can't be used together with -f or -R.");
  // -k DIR travels in the filename list (readManifests builds it), so every verb that reads -f reads -k too;
  // like pflag's string flag, the last -k wins.
  cmd.on('option:kustomize', (dir: string) => {
    const cur = (cmd.getOptionValue('filename') as string[] | undefined) ?? [];
    cmd.setOptionValue('filename', [...cur.filter(f => !isKustomizeSource(f)), kustomizeSource(dir)]);
  });
  return cmd;
}
const KUSTOMIZE = '\0kustomize:';
/** A filename-list entry that stands for `-k dir`. */
export const kustomizeSource = (dir: string) => KUSTOMIZE + dir;
export const isKustomizeSource = (f: string) => f.startsWith(KUSTOMIZE);
export const kustomizeDir = (f: string) => f.slice(KUSTOMIZE.length);
export function addOutputFlag(cmd: Command): Command {
  cmd.option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).');
  addTemplateFlags(cmd);
  return cmd;
}
/** --template and --allow-missing-template-keys (the printers read their values: printers/index.ts printFlags). */
export function addTemplateFlags(cmd: Command): Command {
  const has = (n: string) => (cmd.options as Option[]).some(o => o.long === n);
  if (!has('--template')) cmd.option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
  if (!has('--allow-missing-template-keys')) cmd.option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true);
  return cmd;
}
export function addDryRun(cmd: Command): Command {
  const { Option } = require('commander') as typeof import('commander');
  return cmd.addOption(new Option('--dry-run [strategy]', 'Must be "none", "server", or "client".').preset('client'));
}
export type DryRun = 'none' | 'client' | 'server';
export function parseDryRun(v: unknown): DryRun {
  if (v === undefined || v === false || v === 'none' || v === 'false') return 'none';
  if (v === true || v === 'client' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  throw new (require('../../api/errors').CliError)(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}
export const dryRunSuffix = (d: DryRun) => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/** `deployment.apps/web created` */
export function opLine(obj: KObject, ri: ResourceInfo | undefined, op: string): string {
  const group = ri?.group ?? (obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0]! : '');
  return `${kindGroup({ group, kind: obj.kind })}/${obj.metadata.name} ${op}`;
}
/** Print errors collected along the way (one line each), and remember to exit 1. */
export function reportErrors(ctx: VerbContext, errors: unknown[]): void {
  const seen = new Set<string>();
  for (const e of errors) {
    const t = formatError(e);
    if (seen.has(t)) continue;
    seen.add(t);
    ctx.out.err(t);
  }
  if (errors.length) ctx.out.exitCode = 1;
}

/** kube-apiserver 1.33 answers every v1 Endpoints request with this warning; kubectl prints it on stderr. */
export function endpointsWarning(ctx: VerbContext, ris: { group: string; kind: string }[]): void {
  if (ris.some(r => r.group === '' && r.kind === 'Endpoints'))
    ctx.out.err('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
}

/** kubectl's `k=v,k2=v2` label/selector flag syntax (generate.ParseLabels). */
export function parseLabelSpec(spec: string): Record<string, string> {
  if (!spec) throw new CliError('no label spec passed');
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new CliError(`unexpected label spec: ${part}`);
    if (!kv[0]) throw new CliError('unexpected empty label key');
    out[kv[0]] = kv[1]!;
  }
  return out;
}
