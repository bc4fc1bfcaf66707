// Help: kubectl's help texts (k8s.io/kubectl/pkg/util/templates' help template) as data, and one renderer.
// schemas/help.json holds every kubectl 1.33 command's help parsed into the template's sections (made by
// scripts/gen-help.mjs from the real kubectl, `kubectl` read as `kctl`); a command kctl adds of its own is
// rendered in the same layout from its commander definition. Loaded only when help is printed.
import fs from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';

export interface FlagHelp { name: string; short?: string; def: string; usage: string; /** what `__complete` says, when not the usage's first line */ desc?: string }
export interface CommandGroup { title: string; pad: number; commands: { name: string; short: string }[] }
export interface HelpRecord {
  long: string;
  aliases?: string;
  examples?: string;
  groups?: CommandGroup[];
  flags?: FlagHelp[];
  usage?: string;
  tips?: string[];
  /** The values `__complete` offers for --output. */
  outputs?: string[];
  /** A command with subcommands run bare prints its help to this stream and exits with this code. */
  bare?: { fd: 1 | 2; code: number };
}

interface HelpFile { commands: Record<string, HelpRecord>; globalFlags: FlagHelp[]; completionScripts: Record<string, string> }
let FILE: HelpFile | undefined;
function load(): HelpFile {
  if (FILE) return FILE;
  const { schemasDir } = require('../api/validation/definitions') as typeof import('../api/validation/definitions');
  FILE = JSON.parse(fs.readFileSync(path.join(schemasDir(), 'help.json'), 'utf8')) as HelpFile;
  return FILE;
}
/** Every kubectl command's help record, keyed by command path (`''`, `get`, `config view`, `create secret tls`). */
export function helpData(): Record<string, HelpRecord> { return load().commands; }
/** kubectl's global flags (`kubectl options`). */
export function globalFlags(): FlagHelp[] { return load().globalFlags; }
/** cobra's completion scripts as kubectl prints them, `<<NAME>>` for the program's name. */
export function completionScripts(): Record<string, string> { return load().completionScripts; }

/** kubectl's help template, section by section. */
export function renderHelp(rec: HelpRecord): string {
  let out = rec.long;
  if (rec.aliases !== undefined) out += `\n\nAliases:\n${rec.aliases}`;
  if (rec.examples !== undefined) out += `\n\nExamples:\n${rec.examples}`;
  for (const g of rec.groups ?? []) out += `\n\n${g.title}:` + g.commands.map(c => `\n  ${c.name.padEnd(g.pad)} ${c.short}`).join('');
  if (rec.flags?.length) out += '\n\nOptions:\n' + rec.flags.map(f => `    ${f.short ? `-${f.short}, ` : ''}--${f.name}=${f.def}:\n${f.usage.split('\n').map(l => `\t${l}`).join('\n')}`).join('\n\n');
  if (rec.usage !== undefined) out += `\n\nUsage:\n  ${rec.usage}`;
  if (rec.tips?.length) out += `\n\n${rec.tips.join('\n')}`;
  return (out + '\n').replaceAll('<<HOME>>', process.env.HOME ?? '');
}

/** The group kctl's own top-level commands are listed under in `kctl --help`. */
export const KCTL_GROUP = 'Simulated Cluster Commands';

/**
 * The help record of a command path. `verbs` are the top-level commands kctl has (root help lists only
 * those, in kubectl's groups, and kctl's own in a group of their own); `cmd` is the command's commander
 * definition: subcommands kubectl lists but kctl lacks are left out, and a command kubectl does not have
 * is described from it.
 */
export function helpRecord(p: string[], verbs: string[], cmd?: Command, describe?: (verb: string) => string): HelpRecord | undefined {
  const data = helpData();
  const key = p.join(' ');
  const rec = data[key];
  if (!p.length) {
    const r = { ...rec!, groups: rec!.groups!.map(g => ({ ...g, commands: g.commands.filter(c => verbs.includes(c.name)) })) };
    const known = new Set(rec!.groups!.flatMap(g => g.commands.map(c => c.name)));
    const own = verbs.filter(v => !known.has(v) && !(v in data) && v !== 'options' && v !== 'help');
    if (own.length) {
      const other = r.groups.findIndex(g => g.title === 'Other Commands');
      r.groups.splice(other + 1, 0, { title: KCTL_GROUP, pad: rec!.groups![0]!.pad, commands: own.map(v => ({ name: v, short: shortOf(describe?.(v) ?? '') })) });
    }
    return r;
  }
  if (rec) {
    if (!rec.groups || !cmd?.commands.length) return rec;
    const have = new Set(cmd.commands.flatMap(c => [c.name(), ...c.aliases()]));
    return { ...rec, groups: rec.groups.map(g => ({ ...g, commands: g.commands.filter(c => have.has(c.name)) })) };
  }
  if (!cmd) return undefined;
  return fromCommander(p, cmd);
}

const shortOf = (d: string) => d.split('\n')[0]!.replace(/\.$/, '');

/** A kctl command kubectl does not have, in kubectl's layout. */
function fromCommander(p: string[], cmd: Command): HelpRecord {
  const subs = cmd.commands.filter(c => !(c as any)._hidden);
  const rec: HelpRecord = { long: cmd.description() || '' };
  if (cmd.aliases().length) rec.aliases = [cmd.name(), ...cmd.aliases()].join(', ');
  if (subs.length) {
    const pad = Math.max(11, ...subs.map(c => c.name().length));
    rec.groups = [{ title: 'Available Commands', pad, commands: subs.map(c => ({ name: c.name(), short: shortOf(c.description()) })) }];
    rec.bare = { fd: 2, code: 1 };
  }
  const flags = (cmd.options as Option[]).filter(o => !o.hidden && o.long && !o.negate).map(o => flagOf(o));
  const negated = (cmd.options as Option[]).filter(o => !o.hidden && o.long && o.negate && !(cmd.options as Option[]).some(x => x.long === o.long!.replace('--no-', '--')));
  for (const o of negated) flags.push({ name: o.long!.slice(5), def: 'true', usage: o.description });
  if (flags.length) rec.flags = flags.sort((a, b) => (a.name < b.name ? -1 : 1));
  const args = (cmd as any).registeredArguments?.map((a: any) => (a.required ? a.name().toUpperCase() : `[${a.name().toUpperCase()}]`)).join(' ') ?? '';
  rec.usage = `kctl ${p.join(' ')}${subs.length ? ' SUBCOMMAND' : args ? ` ${args}` : ''} [options]`;
  rec.tips = [...(subs.length ? [`Use "kctl ${p.join(' ')} <command> --help" for more information about a given command.`] : []),
    'Use "kctl options" for a list of global command-line options (applies to all commands).'];
  return rec;
}
function flagOf(o: Option): FlagHelp {
  const takesValue = o.required || o.optional;
  const d = o.defaultValue;
  const def = !takesValue ? String(d ?? false) : Array.isArray(d) ? `[${d.join(',')}]` : typeof d === 'number' ? String(d) : `'${d ?? ''}'`;
  const f: FlagHelp = { name: o.long!.slice(2), def, usage: o.description };
  if (o.short) f.short = o.short.slice(1);
  return f;
}

/** `Unknown help topic`: kubectl prints it and the root usage (its help without the long text) on stderr. */
export function unknownTopic(args: string[], root: HelpRecord): string {
  return `Unknown help topic [${args.map(a => `\`${a}\``).join(' ')}]\n` + renderHelp({ ...root, long: '' });
}

/** kubectl's help of one command path, as data (for a command that prints its help along with an error). */
export function helpFor(p: string[]): string {
  const rec = helpData()[p.join(' ')];
  return rec ? renderHelp(rec) : '';
}
