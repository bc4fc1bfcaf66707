// Generates schemas/help.json: the help text of every kubectl 1.33 command, parsed into the sections of
// kubectl's help template (k8s.io/kubectl/pkg/util/templates), with `kubectl` read as `kctl`.
// src/cli/help.ts renders it back; this script checks that rendering each record gives kubectl's text again.
//
//   node scripts/gen-help.mjs [path/to/kubectl.1.33]      (default: the kubectl.1.33 beside `kubectl` on PATH)
//
// kubectl runs with HOME=/KCTLHOME so that defaults derived from $HOME (--cache-dir) are stored as `<<HOME>>`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const K = process.argv[2] ?? path.join(path.dirname(fs.realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim())), 'kubectl.1.33');
const FAKE_HOME = '/KCTLHOME';

function kubectl(args) {
  return execFileSync(K, args, { env: { PATH: '/nonexistent', HOME: FAKE_HOME }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `kubectl` as `kctl` (commands, file names, plugin names), except in URLs and annotation keys (kubectl.kubernetes.io/…). */
export function toKctl(text) {
  return text.split(/(https?:\/\/[^\s\]\)"]*|'kubectl-[\w-]+')/).map((part, i) => (i % 2 ? part : part.replace(/kubectl(?!\.kubernetes\.io)/g, 'kctl')))
    .join('').replaceAll(FAKE_HOME, '<<HOME>>');
}

const HEADERS = new Set(['Aliases', 'Examples', 'Options', 'Usage']);

/** Split one help text into the template's sections. */
export function parseHelp(text) {
  const rec = {};
  // the tips at the end: lines starting with `Use "`
  let body = text;
  const tipsAt = body.search(/\n\n(Use "[^\n]*\n)+$/);
  if (tipsAt >= 0) { rec.tips = body.slice(tipsAt + 2).replace(/\n$/, '').split('\n'); body = body.slice(0, tipsAt); }
  else if (body.endsWith('\n')) body = body.slice(0, -1);
  // sections start at a blank line followed by a header line `Name:` at column 0
  const re = /\n\n([A-Z][^\n]*):\n/g;
  const cuts = [];
  let m;
  while ((m = re.exec(body))) {
    const h = m[1];
    const next = body.slice(m.index + m[0].length).split('\n')[0];
    const isGroup = !HEADERS.has(h) && (/^  \S+ +\S/.test(next) || /Commands|plugins/.test(h));
    if (HEADERS.has(h) || isGroup) cuts.push({ at: m.index, header: h, start: m.index + m[0].length });
    re.lastIndex = m.index + m[0].length - 1; // an empty group is followed at once by the next header
  }
  rec.long = body.slice(0, cuts.length ? cuts[0].at : body.length);
  for (let i = 0; i < cuts.length; i++) {
    const c = cuts[i];
    const content = body.slice(c.start, Math.max(c.start, i + 1 < cuts.length ? cuts[i + 1].at : body.length));
    if (c.header === 'Aliases') rec.aliases = content;
    else if (c.header === 'Examples') rec.examples = content;
    else if (c.header === 'Usage') rec.usage = content.replace(/^  /, '');
    else if (c.header === 'Options') rec.flags = parseFlags(content);
    else {
      (rec.groups ??= []).push(parseGroup(c.header, content));
    }
  }
  return rec;
}

/** `kubectl __complete ARGS`: candidate → description. */
function completions(args) {
  const r = spawnSync(K, ['__complete', ...args], { env: { PATH: '/nonexistent', HOME: FAKE_HOME }, encoding: 'utf8' });
  const m = new Map();
  for (const l of r.stdout.split('\n')) {
    if (!l || l.startsWith(':')) continue;
    const [c, d = ''] = l.split('\t');
    m.set(c, d);
  }
  return m;
}

function parseGroup(header, content) {
  const lines = content ? content.split('\n') : [];
  const cmds = [];
  let pad = 0;
  for (const l of lines) {
    const m = l.match(/^  (\S+)( +)(.*)$/);
    if (!m) throw new Error(`bad command line in ${header}: ${JSON.stringify(l)}`);
    pad = m[1].length + m[2].length - 1;
    cmds.push({ name: m[1], short: m[3] });
  }
  return { title: header, pad, commands: cmds };
}

function parseFlags(content) {
  const blocks = content.split(/\n\n(?=    -)/);
  return blocks.map(b => {
    const [head, ...rest] = b.split('\n');
    const m = head.match(/^    (?:-(\S), )?--([^=]+)=(.*):$/);
    if (!m) throw new Error(`bad flag line ${JSON.stringify(head)}`);
    const usage = rest.map(l => l.replace(/^\t/, '')).join('\n');
    const f = { name: m[2], def: m[3], usage };
    if (m[1]) f.short = m[1];
    return f;
  });
}

/** The renderer, as src/cli/help.ts has it (kept in step; the round trip below checks both). */
export function renderHelp(rec) {
  let out = rec.long;
  if (rec.aliases !== undefined) out += `\n\nAliases:\n${rec.aliases}`;
  if (rec.examples !== undefined) out += `\n\nExamples:\n${rec.examples}`;
  for (const g of rec.groups ?? []) out += `\n\n${g.title}:` + g.commands.map(c => `\n  ${c.name.padEnd(g.pad)} ${c.short}`).join('');
  if (rec.flags) out += '\n\nOptions:\n' + rec.flags.map(f => `    ${f.short ? `-${f.short}, ` : ''}--${f.name}=${f.def}:\n${f.usage.split('\n').map(l => `\t${l}`).join('\n')}`).join('\n\n');
  if (rec.usage !== undefined) out += `\n\nUsage:\n  ${rec.usage}`;
  if (rec.tips) out += `\n\n${rec.tips.join('\n')}`;
  return out + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const records = {};
  const walk = (p) => {
    const raw = kubectl([...p, '--help']);
    const text = toKctl(raw);
    const rec = parseHelp(text);
    const back = renderHelp(rec);
    if (back !== text) {
      fs.writeFileSync('/tmp/help-a.txt', text); fs.writeFileSync('/tmp/help-b.txt', back);
      throw new Error(`round trip differs for "${p.join(' ')}" (see /tmp/help-a.txt /tmp/help-b.txt)`);
    }
    records[p.join(' ')] = rec;
    // what `__complete` says of each flag: the first line of its usage (where help wrapped it, the whole)
    const descs = completions([...p, '-']);
    for (const f of rec.flags ?? []) {
      const d = descs.get(`--${f.name}`);
      if (d !== undefined && d !== f.usage.split('\n')[0]) f.desc = d;
    }
    if (rec.flags?.some(f => f.name === 'output')) {
      const outs = [...completions([...p, '--output', '']).keys()];
      if (outs.length) rec.outputs = outs;
    }
    // a command with subcommands run bare: some print their help (to stdout or stderr, exit 0 or 1)
    if (p.length && rec.groups) {
      const r = spawnSync(K, p, { env: { PATH: '/nonexistent', HOME: FAKE_HOME }, encoding: 'utf8' });
      if (toKctl(r.stdout) === text) rec.bare = { fd: 1, code: r.status };
      else if (toKctl(r.stderr) === text) rec.bare = { fd: 2, code: r.status };
    }
    for (const g of rec.groups ?? []) for (const c of g.commands) walk([...p, c.name]);
  };
  walk([]);
  for (const extra of [['options'], ['help']]) {
    const text = toKctl(kubectl([...extra, ...(extra[0] === 'options' ? [] : ['--help'])]));
    const rec = extra[0] === 'options' ? { long: text.replace(/\n$/, '') } : parseHelp(text);
    if (extra[0] !== 'options' && renderHelp(rec) !== text) throw new Error(`round trip differs for ${extra}`);
    records[extra.join(' ')] = rec;
  }
  // kubectl's global flags (`kubectl options`), with what `__complete` says of each
  const descs = completions(['options', '-']);
  const globalFlags = parseFlags(records.options.long.replace(/^[^\n]*\n\n/, '')).map(f => {
    const d = descs.get(`--${f.name}`);
    if (d !== undefined && d !== f.usage.split('\n')[0]) f.desc = d;
    return f;
  });
  // the completion scripts (cobra's, as kubectl prints them) with the program's name as a placeholder
  const scripts = {};
  for (const sh of ['bash', 'zsh', 'fish', 'powershell']) scripts[sh] = kubectl(['completion', sh]).replace(/kubectl/g, '<<NAME>>');
  const out = path.join(root, 'schemas', 'help.json');
  fs.writeFileSync(out, JSON.stringify({ kubectl: kubectl(['version', '--client']).split('\n')[0], commands: records, globalFlags, completionScripts: scripts }, null, 1) + '\n');
  console.log(`${Object.keys(records).length} commands → ${path.relative(root, out)}`);
}
