// Shell completion: cobra's hidden `__complete` / `__completeNoDesc` protocol as kubectl answers it
// (spf13/cobra completions.go; k8s.io/kubectl/pkg/util/completion): candidates one per line
// (`name<TAB>description`), then `:<directive>`, and the directive's name on stderr. Commands come from
// kctl's own command tree, flags and their descriptions from kubectl's help data, resource types from
// discovery and object names from the live cluster. `kctl completion SHELL` prints cobra's scripts.
import type { Command, Option } from 'commander';
import type { VerbContext } from './program';
import type { FlagHelp, HelpRecord } from './help';

const enum D { Error = 1, NoSpace = 2, NoFileComp = 4, FilterFileExt = 8, FilterDirs = 16, KeepOrder = 32 }

function directiveName(d: number): string {
  if (d === 0) return 'ShellCompDirectiveDefault';
  const names: string[] = [];
  if (d & D.Error) names.push('ShellCompDirectiveError');
  if (d & D.NoSpace) names.push('ShellCompDirectiveNoSpace');
  if (d & D.NoFileComp) names.push('ShellCompDirectiveNoFileComp');
  if (d & D.FilterFileExt) names.push('ShellCompDirectiveFilterFileExt');
  if (d & D.FilterDirs) names.push('ShellCompDirectiveFilterDirs');
  if (d & D.KeepOrder) names.push('ShellCompDirectiveKeepOrder');
  return names.join(', ');
}

/** How each command completes its arguments (kubectl's ValidArgsFunction per command). */
type ArgsKind = { kind: 'typeAndName'; types?: string[]; repeat?: boolean } | { kind: 'types' } | { kind: 'names'; type: string }
  | { kind: 'pods' } | { kind: 'contexts' } | { kind: 'clusters' } | { kind: 'users' } | { kind: 'words'; words: string[] } | { kind: 'commands' };
const ROLLOUT = ['deployment', 'daemonset', 'statefulset'];
const SCALABLE = ['deployment', 'replicaset', 'replicationcontroller', 'statefulset'];
const ARGS: Record<string, ArgsKind> = {
  get: { kind: 'typeAndName' }, describe: { kind: 'typeAndName' }, delete: { kind: 'typeAndName' }, edit: { kind: 'typeAndName' },
  label: { kind: 'typeAndName' }, annotate: { kind: 'typeAndName' }, patch: { kind: 'typeAndName' }, wait: { kind: 'typeAndName' },
  'apply view-last-applied': { kind: 'typeAndName' }, 'apply edit-last-applied': { kind: 'typeAndName' },
  'set env': { kind: 'typeAndName' }, 'set image': { kind: 'typeAndName' }, 'set resources': { kind: 'typeAndName' },
  'set selector': { kind: 'typeAndName' }, 'set serviceaccount': { kind: 'typeAndName' }, 'set subject': { kind: 'typeAndName' },
  explain: { kind: 'types' }, events: { kind: 'types' },
  'rollout history': { kind: 'typeAndName', types: ROLLOUT, repeat: true }, 'rollout pause': { kind: 'typeAndName', types: ROLLOUT, repeat: true },
  'rollout restart': { kind: 'typeAndName', types: ROLLOUT, repeat: true }, 'rollout resume': { kind: 'typeAndName', types: ROLLOUT, repeat: true },
  'rollout status': { kind: 'typeAndName', types: ROLLOUT, repeat: true }, 'rollout undo': { kind: 'typeAndName', types: ROLLOUT, repeat: true },
  scale: { kind: 'typeAndName', types: SCALABLE }, autoscale: { kind: 'typeAndName', types: SCALABLE },
  expose: { kind: 'typeAndName', types: ['pod', 'service', 'replicationcontroller', 'deployment', 'replicaset'] },
  logs: { kind: 'pods' }, attach: { kind: 'pods' }, exec: { kind: 'pods' }, 'port-forward': { kind: 'pods' }, 'top pod': { kind: 'names', type: 'pod' },
  'top node': { kind: 'names', type: 'node' }, cordon: { kind: 'names', type: 'node' }, uncordon: { kind: 'names', type: 'node' },
  drain: { kind: 'names', type: 'node' }, taint: { kind: 'typeAndName', types: ['node'] },
  'certificate approve': { kind: 'names', type: 'certificatesigningrequest' }, 'certificate deny': { kind: 'names', type: 'certificatesigningrequest' },
  'config use-context': { kind: 'contexts' }, 'config delete-context': { kind: 'contexts' }, 'config rename-context': { kind: 'contexts' },
  'config get-contexts': { kind: 'contexts' }, 'config set-context': { kind: 'contexts' }, 'config delete-cluster': { kind: 'clusters' },
  'config delete-user': { kind: 'users' }, 'config get-clusters': { kind: 'clusters' }, 'config get-users': { kind: 'users' },
  completion: { kind: 'words', words: ['bash', 'zsh', 'fish', 'powershell'] }, help: { kind: 'commands' },
  'cluster delete': { kind: 'words', words: [] },
};
/** Flags whose values complete (kubectl's RegisterFlagCompletionFunc). */
const FLAG_VALUES: Record<string, ArgsKind> = {
  namespace: { kind: 'names', type: 'namespace' }, context: { kind: 'contexts' }, cluster: { kind: 'clusters' }, user: { kind: 'users' },
};

interface FlagSpec { name: string; short?: string; takesValue: boolean; desc: string }

function flagSpecsFromHelp(flags: FlagHelp[]): FlagSpec[] {
  return flags.map(f => ({ name: f.name, short: f.short, takesValue: !(f.def === 'true' || f.def === 'false'), desc: f.desc ?? f.usage.split('\n')[0]! }));
}
function flagSpecsFromCommander(cmd: Command): FlagSpec[] {
  return (cmd.options as Option[]).filter(o => o.long && !o.hidden).map(o => ({
    name: o.long!.replace(/^--(no-)?/, ''), short: o.short?.slice(1), takesValue: !!(o.required || o.optional), desc: o.description.split('\n')[0]!,
  }));
}

export function complete(program: Command, ctx: VerbContext, args: string[], withDesc: boolean, verbs: string[]): void {
  const help = require('./help') as typeof import('./help');
  const data = help.helpData();
  const toComplete = args.length ? args[args.length - 1]! : '';
  const before = args.slice(0, -1);
  // walk the command tree: commands, then the rest as flags and positional arguments
  let cmd: Command = program;
  const p: string[] = [];
  let i = 0;
  for (; i < before.length; i++) {
    const a = before[i]!;
    if (a.startsWith('-')) break;
    const next = (p.length ? cmd.commands : cmd.commands.filter(c => verbs.includes(c.name())))
      .find(c => c.name() === a || c.aliases().includes(a));
    if (!next) { if (!p.length && a === 'help') { p.push('help'); i++; } break; }
    cmd = next; p.push(next.name());
  }
  const rec: HelpRecord | undefined = data[p.join(' ')];
  const local = rec?.flags ? flagSpecsFromHelp(rec.flags) : p.length ? flagSpecsFromCommander(cmd) : [];
  const global = flagSpecsFromHelp(help.globalFlags());
  // kubectl config has a --kubeconfig of its own
  if (p[0] === 'config') { const k = global.findIndex(f => f.name === 'kubeconfig'); global[k] = { ...global[k]!, desc: 'use a particular kubeconfig file' }; }
  if (p.length) local.push({ name: 'help', short: 'h', takesValue: false, desc: `help for ${p[p.length - 1]}` });
  local.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const all = [...global, ...local];
  const find = (a: string) => a.startsWith('--') ? all.find(f => f.name === a.slice(2).split('=')[0]) : all.find(f => f.short === a[1]);
  // the rest of the arguments: flags (with their values) and positional arguments
  const positional: string[] = [];
  const flagValues: Record<string, string> = {};
  for (let j = 0; j < before.length; j++) {
    if (j < i && !before[j]!.startsWith('-')) continue;
    const a = before[j]!;
    if (a === '--') { positional.push(...before.slice(j + 1)); break; }
    if (a.startsWith('-') && a.length > 1) {
      const f = find(a);
      if (f?.takesValue && !a.includes('=') && !(a.length > 2 && !a.startsWith('--'))) { flagValues[f.name] = before[++j] ?? ''; continue; }
      if (f && a.includes('=')) flagValues[f.name] = a.slice(a.indexOf('=') + 1);
      continue;
    }
    if (j >= i) positional.push(a);
  }
  ctx.globals = { namespace: flagValues.namespace, context: flagValues.context, kubeconfig: flagValues.kubeconfig, cluster: flagValues.cluster, user: flagValues.user };
  const ns = flagValues.namespace;
  const lines: string[] = [];
  let directive: number = D.NoFileComp;
  const emit = (c: string, d?: string) => lines.push(withDesc && d ? `${c}\t${d}` : c);

  const prev = before[before.length - 1];
  const prevFlag = prev && prev.startsWith('-') && !prev.includes('=') ? find(prev) : undefined;
  let valueFor: FlagSpec | undefined;
  let value = toComplete;
  if (prevFlag?.takesValue && !(prev!.length > 2 && !prev!.startsWith('--'))) valueFor = prevFlag;
  else if (toComplete.startsWith('-') && toComplete.includes('=')) { valueFor = find(toComplete); value = toComplete.slice(toComplete.indexOf('=') + 1); }
  if (valueFor) {
    const outputs = valueFor.name === 'output' ? rec?.outputs : undefined;
    const kind = FLAG_VALUES[valueFor.name];
    if (outputs) for (const o of outputs) { if (o.startsWith(value)) emit(o); }
    else if (kind) for (const c of candidates(ctx, kind, [], value, ns)) emit(c);
    else directive = 0;
  } else if (toComplete.startsWith('-')) {
    const long = toComplete.startsWith('--');
    const exact = all.find(f => (!long && toComplete === `-${f.short}`));
    if (exact) emit(toComplete, exact.desc);
    else for (const f of all) {
      if (`--${f.name}`.startsWith(toComplete)) emit(`--${f.name}`, f.desc);
      if (!long && f.short) emit(`-${f.short}`, f.desc);
    }
  } else if (cmd.commands.length && !positional.length && p[0] !== 'help') {
    const subs = p.length ? cmd.commands : cmd.commands.filter(c => verbs.includes(c.name()));
    const names = subs.map(c => ({ name: c.name(), short: shortOf(rec, c) }));
    if (!p.length) names.push({ name: 'help', short: 'Help about any command' }, { name: 'options', short: 'Print the list of flags inherited by all commands' });
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const n of names) if (n.name.startsWith(toComplete)) emit(n.name, n.short);
  } else {
    const kind = ARGS[p.join(' ')];
    if (kind?.kind === 'commands') {
      const names = [...verbs, 'options'].sort();
      for (const n of names) {
        if (!n.startsWith(toComplete) || positional.length) continue;
        const c = program.commands.find(x => x.name() === n);
        emit(n, c ? shortOf(data[''], c) : 'Print the list of flags inherited by all commands');
      }
    } else if (kind) {
      const r = candidatesWithDirective(ctx, kind, positional, toComplete, ns, !!flagValues['all-namespaces']);
      for (const c of r.comps) emit(c);
      directive = r.directive;
    } else {
      // required flags not given yet are offered first, as cobra does; then files
      if (!toComplete) for (const o of cmd.options as Option[]) if (o.mandatory && flagValues[o.long!.slice(2)] === undefined) emit(o.long!, all.find(f => f.name === o.long!.slice(2))?.desc ?? o.description);
      directive = 0;
    }
  }
  for (const l of lines) ctx.out.line(l);
  ctx.out.line(`:${directive}`);
  ctx.out.err(`Completion ended with directive: ${directiveName(directive)}`);
}

function shortOf(rec: HelpRecord | undefined, c: Command): string {
  for (const g of rec?.groups ?? []) for (const x of g.commands) if (x.name === c.name()) return x.short;
  return c.description().split('\n')[0]!.replace(/\.$/, '');
}

function candidates(ctx: VerbContext, kind: ArgsKind, positional: string[], toComplete: string, ns?: string): string[] {
  return candidatesWithDirective(ctx, kind, positional, toComplete, ns, false).comps;
}

function candidatesWithDirective(ctx: VerbContext, kind: ArgsKind, positional: string[], toComplete: string, ns: string | undefined, allNs: boolean): { comps: string[]; directive: number } {
  const pre = (xs: string[]) => xs.filter(x => x.startsWith(toComplete));
  let directive: number = D.NoFileComp;
  switch (kind.kind) {
    case 'words': return { comps: positional.length ? [] : pre(kind.words), directive };
    case 'contexts': case 'clusters': case 'users': {
      if (positional.length) return { comps: [], directive };
      const { loadKubeconfig } = require('./session') as typeof import('./session');
      const cfg = loadKubeconfig(ctx.globals);
      const list = kind.kind === 'contexts' ? cfg.contexts : kind.kind === 'clusters' ? cfg.clusters : cfg.users;
      return { comps: pre(list.map(x => x.name)), directive };
    }
    case 'types': return { comps: positional.length ? [] : pre(resourceTypeNames()), directive };
    case 'names': return { comps: pre(names(ctx, kind.type, ns, allNs)).filter(n => !positional.includes(n)), directive };
    case 'pods': {
      if (positional.length) return { comps: [], directive };
      return { comps: pre(names(ctx, 'pod', ns, allNs)), directive };
    }
    case 'typeAndName': {
      const types = kind.types;
      const repeat = kind.repeat ?? !types;
      let comps: string[] = [];
      if (positional.length && !positional[0]!.includes('/')) {
        if (repeat || positional.length === 1) comps = pre(names(ctx, positional[0]!, ns, allNs)).filter(n => !positional.slice(1).includes(n));
      } else {
        const slash = toComplete.indexOf('/');
        if (slash < 0) {
          if (!positional.length) {
            const typeComps = pre(types ?? resourceTypeNames());
            comps = typeComps;
            if (types && typeComps.length === 1) { comps = [`${typeComps[0]}/`]; directive |= D.NoSpace; }
          } else if (repeat) {
            comps = pre(types ?? resourceTypeNames()).map(t => `${t}/`);
            directive |= D.NoSpace;
          }
        } else if (repeat || !positional.length) {
          const type = toComplete.slice(0, slash);
          const rest = toComplete.slice(slash + 1);
          comps = names(ctx, type, ns, allNs).filter(n => n.startsWith(rest)).map(n => `${type}/${n}`).filter(c => !positional.includes(c));
        }
      }
      return { comps, directive };
    }
    default: return { comps: [], directive };
  }
}

/** `kubectl api-resources -o name --verbs=get`: plural names, `.group` for named groups. */
function resourceTypeNames(): string[] {
  const { preferredResources } = require('../api/discovery') as typeof import('../api/discovery');
  return preferredResources().filter(r => r.verbs.includes('get')).map(r => (r.group ? `${r.plural}.${r.group}` : r.plural)).sort();
}

/** Names of the live objects of a type (quietly nothing when the type or the cluster is unknown). */
function names(ctx: VerbContext, type: string, ns: string | undefined, allNs: boolean): string[] {
  try {
    const { resolveResource } = require('../api/discovery') as typeof import('../api/discovery');
    const ri = resolveResource(type);
    if (!ri) return [];
    const { Session } = require('./session') as typeof import('./session');
    const { Output } = require('./io') as typeof import('./io');
    const s = new Session({ ...ctx.globals, namespace: ns }, new Output());
    try {
      return s.step(rt => rt.api.list(ri, ri.namespaced && !allNs ? s.namespace : undefined).map((o: any) => o.metadata.name as string));
    } finally { s.close(); }
  } catch { return []; }
}

/** `kctl completion SHELL`: cobra's script for the shell, for kctl. */
export function completionScript(shell: string): string {
  const help = require('./help') as typeof import('./help');
  return help.completionScripts()[shell]!.replaceAll('<<NAME>>', 'kctl');
}
