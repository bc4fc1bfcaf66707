// Files and directories: ls (columns on a terminal, one per line otherwise, -l with each family's column
// widths), cp, mv, ln, rm, rmdir, mkdir, touch, chmod, chown, chgrp, stat, find, du, df, mktemp,
// realpath, readlink, basename, dirname, truncate, as GNU coreutils/findutils and busybox print them.
// The filesystem has no hard links and no inode numbers of its own: `ln` without -s copies, and inode
// numbers are derived from paths.
import type { CmdCtx, CmdResult } from '../types';
import type { Inode } from '../fs';
import { FsError, modeString, normalize } from '../fs';
import { register } from './index';
import { getopt, bb, usageError, fsMsg, fsCode, runChild, bbUsage } from './lib';
import { byteLength } from '../bytes';
import { userName, groupName } from './core';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : dir.endsWith('/') ? dir + name : `${dir}/${name}`);
const q = (c: CmdCtx, s: string) => `'${s}'`;

function tryStat(c: CmdCtx, p: string, follow = true): Inode | undefined {
  try { return c.fs.stat(p, c.cwd, follow); } catch { return undefined; }
}
function statErr(c: CmdCtx, p: string, follow = true): Inode | FsError {
  try { const s = c.fs.stat(p, c.cwd, follow); return s ?? new FsError('ENOENT', p); } catch (e) { return e instanceof FsError ? e : new FsError('ENOENT', p); }
}
export function sizeOf(n: Inode): number { return n.k === 'd' ? 4096 : n.k === 'l' ? byteLength(n.data ?? '') : byteLength(n.data ?? ''); }
/** 1K blocks the file occupies (4K allocation units). */
function blocksK(n: Inode): number { return n.k === 'd' ? 4 : n.k === 'l' ? 0 : Math.ceil(sizeOf(n) / 4096) * 4; }
export function inoOf(c: CmdCtx, p: string): number {
  let abs: string;
  try { abs = c.fs.resolve(p, c.cwd, false); } catch { abs = normalize(p, c.cwd); }
  let h = 2166136261;
  for (let i = 0; i < abs.length; i++) { h ^= abs.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
  return 1_000_000 + (h % 9_000_000);
}
function nlinkOf(c: CmdCtx, p: string, n: Inode): number {
  if (n.k !== 'd') return 1;
  try { return 2 + c.fs.readDir(p, c.cwd).filter(([, x]) => x.k === 'd').length; } catch { return 2; }
}
function lsTime(c: CmdCtx, ms: number, full = false): string {
  const d = new Date(ms);
  if (full) return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(ms % 1000).padStart(3, '0')}000000 +0000`;
  const now = c.now();
  const recent = ms <= now + 3600_000 && now - ms < 182.5 * 86400_000;
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${recent ? `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}` : ` ${d.getUTCFullYear()}`}`;
}
function human(n: number, si = false): string {
  const base = si ? 1000 : 1024;
  if (n < base) return String(n);
  const units = 'KMGTPE';
  let v = n, i = -1;
  while (v >= base && i < units.length - 1) { v /= base; i++; }
  const s = v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v));
  if (v < 10 && Number(s) >= 10) return `${10}${units[i]}`;
  return s + units[i];
}

// ------------------------------------------------------------------------------------------ ls
interface Ent { name: string; path: string; st: Inode; lst: Inode }
function ls(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: '1aAlhdiRrtSFpnCxLcugsk', code: 2, long: bb(c) ? { color: 'COLOR?' } : { all: 'a', 'almost-all': 'A', 'human-readable': 'h', directory: 'd', inode: 'i', recursive: 'R', reverse: 'r', classify: 'F', 'dereference': 'L', 'numeric-uid-gid': 'n', color: 'COLOR?', colour: 'COLOR?', 'group-directories-first': 'GDF', 'full-time': 'FT', 'time-style': 'TS:', size: 's', 'indicator-style': 'IS:', 'hide': 'HIDE:', 'ignore': 'IGN:', 'sort': 'SORT:', 'format': 'FMT:', 'width': 'W:' } });
  if (typeof p === 'number') return p;
  const f = p.f;
  const long = !!(f.l || f.n || f.g || f.FT), numeric = !!f.n;
  const tty = c.sys.isatty(1);
  const one = !!f['1'] || (!tty && !f.C && !f.x) || long;
  const all = !!f.a, almost = !!f.A && !f.a;
  const cols = Number(p.v.W ?? c.env.COLUMNS ?? 80) || 80;
  let rc = 0;
  const operands = p.args.length ? p.args : ['.'];
  const sortEnts = (ents: Ent[]) => {
    const byName = (a: Ent, b: Ent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    if (f.S) ents.sort((a, b) => sizeOf(b.lst) - sizeOf(a.lst) || byName(a, b));
    else if (f.t) ents.sort((a, b) => b.lst.mtime - a.lst.mtime || byName(a, b));
    else ents.sort(byName);
    if (f.r) ents.reverse();
    if (f.GDF) ents.sort((a, b) => Number(b.st.k === 'd') - Number(a.st.k === 'd'));
    return ents;
  };
  const classify = (e: Ent) => {
    if (!f.F && !f.p) return '';
    const k = e.lst.k;
    if (k === 'd') return '/';
    if (!f.F) return '';
    if (k === 'l') return long ? '' : '@';
    if (e.lst.mode & 0o111) return '*';
    return '';
  };
  const render = (ents: Ent[], showTotal: boolean): string[] => {
    const out: string[] = [];
    if (long) {
      if (showTotal) out.push(`total ${ents.reduce((s, e) => s + blocksK(e.lst), 0)}`);
      const rows = ents.map(e => {
        const n = e.lst;
        const user = numeric ? String(n.uid) : userName(c, n.uid) ?? String(n.uid);
        const group = numeric ? String(n.gid) : groupName(c, n.gid) ?? String(n.gid);
        const size = f.h ? human(sizeOf(n)) : String(sizeOf(n));
        const link = n.k === 'l' ? ` -> ${n.data}` : '';
        return { ino: String(inoOf(c, e.path)), blocks: String(blocksK(n)), mode: modeString(n), links: String(nlinkOf(c, e.path, n)), user, group, size, time: f.FT ? lsTime(c, n.mtime, true) : lsTime(c, n.mtime), name: e.name + classify(e) + link };
      });
      const w = (k: keyof typeof rows[number]) => Math.max(0, ...rows.map(r => r[k].length));
      for (const r of rows) {
        const pre = (f.i ? (bb(c) ? r.ino.padStart(8) + ' ' : r.ino.padStart(w('ino')) + ' ') : '') + (f.s ? r.blocks.padStart(bb(c) ? 4 : w('blocks')) + ' ' : '');
        if (bb(c)) out.push(`${pre}${r.mode} ${r.links.padStart(4)} ${r.user.padEnd(8)} ${f.g ? '' : r.group.padEnd(8) + ' '}${r.size.padStart(9)} ${r.time} ${r.name}`);
        else out.push(`${pre}${r.mode} ${r.links.padStart(w('links'))} ${r.user.padEnd(w('user'))} ${f.g ? '' : r.group.padEnd(w('group')) + ' '}${r.size.padStart(w('size'))} ${r.time} ${r.name}`);
      }
      return out;
    }
    const names = ents.map(e => (f.i ? (bb(c) ? String(inoOf(c, e.path)).padStart(8) + ' ' : String(inoOf(c, e.path)) + ' ') : '') + (f.s ? (f.h ? human(blocksK(e.lst) * 1024).replace(/^(\d+)([KMG])$/, (_, n: string, u: string) => (Number(n) < 10 ? `${n}.0${u}` : n + u)) : String(blocksK(e.lst))) + ' ' : '') + e.name + classify(e));
    if (one) return names;
    return columns(names, cols, !!f.x, bb(c));
  };
  const files: Ent[] = [], dirs: Ent[] = [];
  for (const a of operands) {
    const lst = statErr(c, a, !!f.L);
    if (lst instanceof FsError) {
      c.err(bb(c) ? `ls: ${a}: ${fsMsg(lst)}` : `ls: cannot access '${a}': ${fsMsg(lst)}`);
      rc = bb(c) ? 1 : 2;
      continue;
    }
    const st = lst.k === 'l' ? tryStat(c, a) ?? lst : lst;
    const e: Ent = { name: a, path: a, st, lst: long && !f.L ? lst : st };
    if (st.k === 'd' && !f.d && !(long && lst.k === 'l')) dirs.push(e); else files.push(e);
  }
  const blocks: string[] = [];
  if (files.length) blocks.push(render(sortEnts(files), false).join('\n'));
  const showHeaders = operands.length > 1 || !!f.R;
  const listDir = (d: Ent, depth: number) => {
    let entries: [string, Inode][];
    try { entries = c.fs.readDir(d.path, c.cwd, c.cred); }
    catch (e) {
      c.err(bb(c) ? `ls: can't open '${d.path}': ${fsMsg(e)}` : `ls: cannot open directory '${d.path}': ${fsMsg(e)}`);
      rc = bb(c) ? 1 : 2;
      return;
    }
    let ents: Ent[] = entries.filter(([n]) => all || almost || !n.startsWith('.')).map(([n, lst]) => {
      const path = join(d.path, n);
      const st = lst.k === 'l' ? tryStat(c, path) ?? lst : lst;
      return { name: n, path, st, lst: f.L ? st : lst };
    });
    if (all) ents = [{ name: '.', path: d.path, st: d.st, lst: d.st }, { name: '..', path: join(d.path, '..'), st: tryStat(c, join(d.path, '..')) ?? d.st, lst: tryStat(c, join(d.path, '..')) ?? d.st }, ...ents];
    sortEnts(ents);
    const body = render(ents, true);
    blocks.push((showHeaders ? `${d.path}:\n` : '') + body.join('\n'));
    if (f.R) for (const e of ents) if (e.lst.k === 'd' && e.name !== '.' && e.name !== '..') listDir(e, depth + 1);
  };
  for (const d of sortEnts(dirs)) listDir(d, 0);
  const text = blocks.map(b => b.replace(/\n$/, '')).filter((b, i) => b !== '' || (showHeaders && i >= 0)).join(showHeaders || files.length ? '\n\n' : '\n');
  if (text) c.write(text.replace(/:\n$/, ':') + '\n');
  return rc;
}

/** Names in columns, filled down then across (-x: across), as GNU and busybox lay them out on a terminal. */
function columns(names: string[], width: number, across: boolean, busybox: boolean): string[] {
  if (!names.length) return [];
  const len = (s: string) => [...s].length;
  if (busybox) {
    const colw = Math.max(...names.map(len)) + 2;
    const ncols = Math.max(1, Math.floor((width - 1) / colw));
    const nrows = ncols > 1 ? Math.ceil(names.length / ncols) : names.length;
    const out: string[] = [];
    for (let r = 0; r < nrows; r++) {
      let line = '';
      for (let k = 0; k < ncols; k++) {
        const i = across ? r * ncols + k : k * nrows + r;
        if (i >= names.length) break;
        const next = across ? r * ncols + k + 1 : (k + 1) * nrows + r;
        line += next < names.length && k + 1 < ncols ? names[i]!.padEnd(colw - (names[i]!.length - len(names[i]!))) : names[i]!;
      }
      out.push(line);
    }
    return out;
  }
  // GNU: the most columns that fit, each as wide as its widest name plus two spaces, padded with tabs
  // where a tab stop (every 8) lands within the padding
  const indent = (from: number, to: number) => {
    let s = '';
    while (from < to) {
      if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) { s += '\t'; from += 8 - (from % 8); }
      else { s += ' '; from++; }
    }
    return s;
  };
  for (let ncols = Math.min(names.length, Math.max(1, Math.floor(width / 3))); ncols >= 1; ncols--) {
    const nrows = Math.ceil(names.length / ncols);
    const real = Math.ceil(names.length / nrows);
    const widths: number[] = [];
    for (let i = 0; i < names.length; i++) {
      const col = across ? i % real : Math.floor(i / nrows);
      widths[col] = Math.max(widths[col] ?? 0, len(names[i]!) + (col === real - 1 ? 0 : 2));
    }
    const total = widths.reduce((a, b) => a + b, 0);
    if (total > width && ncols > 1) continue;
    const out: string[] = [];
    for (let r = 0; r < nrows; r++) {
      let line = '';
      let pos = 0;
      for (let k = 0; k < real; k++) {
        const i = across ? r * real + k : k * nrows + r;
        if (i >= names.length) break;
        const last = across ? k === real - 1 || i === names.length - 1 : (k + 1) * nrows + r >= names.length;
        line += names[i]!;
        if (!last) line += indent(pos + len(names[i]!), pos + widths[k]!);
        pos += widths[k]!;
      }
      out.push(line);
    }
    return out;
  }
  return names;
}

// ------------------------------------------------------------------------------------------ mkdir / rmdir / touch / rm
function parseMode(spec: string, base: number, isDir: boolean, umask = 0o022): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let mode = base;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*|[ugo])$/.exec(clause);
    if (!m) {
      const m2 = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
      if (!m2) return undefined;
      for (const part of m2[2]!.match(/[-+=][rwxXst]*/g)!) { const r = parseMode(m2[1] + part, mode, isDir, umask); if (r === undefined) return undefined; mode = r; }
      continue;
    }
    const who = m[1] || 'a';
    const op = m[2]!;
    let bits = 0;
    const perm = m[3]!;
    if (/^[ugo]$/.test(perm)) { const src = perm === 'u' ? (mode >> 6) & 7 : perm === 'g' ? (mode >> 3) & 7 : mode & 7; bits = src * 0o111; }
    else for (const ch of perm) {
      if (ch === 'r') bits |= 0o444;
      if (ch === 'w') bits |= 0o222;
      if (ch === 'x') bits |= 0o111;
      if (ch === 'X' && (isDir || (mode & 0o111))) bits |= 0o111;
      if (ch === 's') bits |= 0o6000;
      if (ch === 't') bits |= 0o1000;
    }
    let mask = 0;
    if (who.includes('a')) mask = 0o7777;
    if (who.includes('u')) mask |= 0o4700;
    if (who.includes('g')) mask |= 0o2070;
    if (who.includes('o')) mask |= 0o1007;
    let eff = bits & mask;
    if (!m[1]) eff &= ~umask;
    if (op === '+') mode |= eff;
    else if (op === '-') mode &= ~eff;
    else mode = (mode & ~mask) | eff;
  }
  return mode;
}

function mkdir(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'pm:v', long: bb(c) ? undefined : { parents: 'p', mode: 'm:', verbose: 'v' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing operand');
  let mode: number | undefined;
  if (p.v.m !== undefined) { mode = parseMode(p.v.m, 0o777, true, 0); if (mode === undefined) { c.err(`mkdir: invalid mode ${bb(c) ? `'${p.v.m}'` : `'${p.v.m}'`}`); return 1; } }
  let rc = 0;
  for (const d of p.args) {
    try {
      if (p.f.p && tryStat(c, d)?.k === 'd') continue;
      c.fs.mkdir(d, { cwd: c.cwd, parents: !!p.f.p, cred: c.cred, mode });
      if (p.f.v) c.write(bb(c) ? `created directory: '${d}'\n` : `mkdir: created directory '${d}'\n`);
    } catch (e) {
      c.err(bb(c) ? `mkdir: can't create directory '${d}': ${fsMsg(e)}` : `mkdir: cannot create directory '${d}': ${fsMsg(e)}`);
      rc = 1;
    }
  }
  return rc;
}
function rmdir(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'pv', long: bb(c) ? { 'ignore-fail-on-non-empty': 'I' } : { parents: 'p', verbose: 'v', 'ignore-fail-on-non-empty': 'I' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing operand');
  let rc = 0;
  for (const d of p.args) {
    const chain = [d];
    if (p.f.p) { let x = d.replace(/\/+$/, ''); while (x.includes('/')) { x = x.slice(0, x.lastIndexOf('/')); if (x) chain.push(x); } }
    for (const x of chain) {
      try {
        const st = tryStat(c, x, false);
        if (st && st.k !== 'd') throw new FsError('ENOTDIR', x);
        c.fs.unlink(x, { cwd: c.cwd, dir: true, cred: c.cred });
      } catch (e) {
        if (p.f.I && fsCode(e) === 'ENOTEMPTY') break;
        c.err(bb(c) ? `rmdir: '${x}': ${fsMsg(e)}` : `rmdir: failed to remove '${x}': ${fsMsg(e)}`);
        rc = 1;
        break;
      }
    }
  }
  return rc;
}
function touch(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'acmd:t:r:h', long: bb(c) ? undefined : { 'no-create': 'c', date: 'd:', reference: 'r:' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing file operand');
  let when = c.now();
  if (p.v.d !== undefined) { const t = parseDate(p.v.d, when); if (t === undefined) { c.err(`touch: invalid date format '${p.v.d}'`); return 1; } when = t; }
  if (p.v.t !== undefined) {
    const m = /^(?:(\d\d)?(\d\d))?(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d\d))?$/.exec(p.v.t);
    if (!m) { c.err(`touch: invalid date format '${p.v.t}'`); return 1; }
    const y = m[2] ? Number((m[1] ?? '20') + m[2]) : new Date(when).getUTCFullYear();
    when = Date.UTC(y, Number(m[3]) - 1, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7] ?? 0));
  }
  if (p.v.r !== undefined) { const r = tryStat(c, p.v.r); if (!r) { c.err(bb(c) ? `touch: ${p.v.r}: No such file or directory` : `touch: failed to get attributes of '${p.v.r}': No such file or directory`); return 1; } when = r.mtime; }
  let rc = 0;
  for (const f of p.args) {
    try {
      if (tryStat(c, f)) c.fs.setAttr(f, { mtime: when }, c.cwd);
      else if (!p.f.c) { c.fs.writeFile(f, '', { cwd: c.cwd, cred: c.cred }); c.fs.setAttr(f, { mtime: when }, c.cwd); }
    } catch (e) { c.err(bb(c) ? `touch: ${f}: ${fsMsg(e)}` : `touch: cannot touch '${f}': ${fsMsg(e)}`); rc = 1; }
  }
  return rc;
}
/** GNU date's input formats that scripts use: @epoch, ISO dates and times, "now", relative offsets. */
export function parseDate(s: string, now: number): number | undefined {
  const t = s.trim();
  if (t === '' || t === 'now') return now;
  if (/^@-?\d+(\.\d+)?$/.test(t)) return Math.round(Number(t.slice(1)) * 1000);
  const rel = /^([+-]?\d+)\s*(second|sec|minute|min|hour|day|week|month|year)s?(\s+ago)?$/i.exec(t);
  if (rel) {
    let n = Number(rel[1]) * (rel[3] ? -1 : 1);
    const unit = rel[2]!.toLowerCase();
    const d = new Date(now);
    if (unit.startsWith('month')) { d.setUTCMonth(d.getUTCMonth() + n); return d.getTime(); }
    if (unit.startsWith('year')) { d.setUTCFullYear(d.getUTCFullYear() + n); return d.getTime(); }
    const ms: Record<string, number> = { second: 1000, sec: 1000, minute: 60000, min: 60000, hour: 3600000, day: 86400000, week: 604800000 };
    n *= ms[unit] ?? 1000;
    return now + n;
  }
  if (/^(yesterday|tomorrow|today)$/i.test(t)) return now + ({ yesterday: -86400000, tomorrow: 86400000, today: 0 } as Record<string, number>)[t.toLowerCase()]!;
  // an absolute date followed by relative offsets: "2024-01-01 +1 day", "2024-01-01 12:00 -2 hours"
  const tail = /^(.*\S)\s+([+-]\s*\d+)\s*(second|sec|minute|min|hour|day|week|month|year)s?$/i.exec(t);
  if (tail && !/^[+-]?\d+$/.test(tail[1]!)) { const base = parseDate(tail[1]!, now); if (base !== undefined) return parseDate(`${tail[2]!.replace(/\s+/g, '')} ${tail[3]}`, base); }
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (m) {
    let ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')));
    const z = m[8];
    if (z && /^[+-]/.test(z)) { const zz = z.replace(':', ''); ms -= (zz[0] === '-' ? -1 : 1) * (Number(zz.slice(1, 3)) * 60 + Number(zz.slice(3, 5))) * 60000; }
    return ms;
  }
  const hm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (hm) { const d = new Date(now); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), Number(hm[1]), Number(hm[2]), Number(hm[3] ?? 0)); }
  const parsed = Date.parse(t.replace(/\bUTC\b/, 'Z'));
  return Number.isNaN(parsed) ? undefined : parsed;
}

function rm(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'rRfivd', long: bb(c) ? undefined : { recursive: 'r', force: 'f', interactive: 'I?', verbose: 'v', dir: 'd', 'no-preserve-root': 'NPR', 'preserve-root': 'PR' } });
  if (typeof p === 'number') return p;
  const rec = !!(p.f.r || p.f.R), force = !!p.f.f;
  if (!p.args.length) { if (force) return 0; return usageError(c, 'missing operand'); }
  let rc = 0;
  for (const f of p.args) {
    if (/(^|\/)\.\.?\/*$/.test(f)) { c.err(bb(c) ? `rm: can't remove '.' or '..'` : `rm: refusing to remove '.' or '..' directory: skipping '${f}'`); rc = 1; continue; }
    if (normalize(f, c.cwd) === '/' && rec) { c.err(bb(c) ? `rm: can't remove '/'` : `rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe`); rc = 1; continue; }
    const st = tryStat(c, f, false);
    if (!st) { if (!force) { c.err(bb(c) ? `rm: can't remove '${f}': No such file or directory` : `rm: cannot remove '${f}': No such file or directory`); rc = 1; } continue; }
    try {
      if (st.k === 'd') {
        if (!rec && !p.f.d) { c.err(bb(c) ? `rm: '${f}' is a directory` : `rm: cannot remove '${f}': Is a directory`); rc = 1; continue; }
        if (!rec) c.fs.unlink(f, { cwd: c.cwd, dir: true, cred: c.cred });
        else if (!removeTree(c, f, p.f.v ? x => c.write(bb(c) ? `removed '${x}'\n` : `removed ${st.k === 'd' && x === f ? 'directory ' : ''}'${x}'\n`) : undefined)) rc = 1;
      } else { c.fs.unlink(f, { cwd: c.cwd, cred: c.cred }); if (p.f.v) c.write(`removed '${f}'\n`); }
    } catch (e) { c.err(bb(c) ? `rm: can't remove '${f}': ${fsMsg(e)}` : `rm: cannot remove '${f}': ${fsMsg(e)}`); rc = 1; }
  }
  return rc;
}
/** rm -r: children first; false after an error (printed). */
export function removeTree(c: CmdCtx, path: string, verbose?: (p: string) => void): boolean {
  const st = tryStat(c, path, false);
  let ok = true;
  if (st?.k === 'd') {
    let kids: [string, Inode][] = [];
    try { kids = c.fs.readDir(path, c.cwd, c.cred); } catch (e) { c.err(bb(c) ? `rm: can't remove '${path}': ${fsMsg(e)}` : `rm: cannot remove '${path}': ${fsMsg(e)}`); return false; }
    for (const [name] of kids) if (!removeTree(c, join(path, name), verbose)) ok = false;
  }
  try { c.fs.unlink(path, { cwd: c.cwd, dir: st?.k === 'd', cred: c.cred }); verbose?.(path); }
  catch (e) { c.err(bb(c) ? `rm: can't remove '${path}': ${fsMsg(e)}` : `rm: cannot remove '${path}': ${fsMsg(e)}`); return false; }
  return ok;
}

// ------------------------------------------------------------------------------------------ cp / mv / ln
function copyNode(c: CmdCtx, src: string, dst: string, o: { rec: boolean; preserve: boolean; links: boolean; deref: boolean; noClobber?: boolean; verbose?: boolean }, top = true): boolean {
  const lst = statErr(c, src, false);
  if (lst instanceof FsError) { c.err(bb(c) ? `cp: can't stat '${src}': ${fsMsg(lst)}` : `cp: cannot stat '${src}': ${fsMsg(lst)}`); return false; }
  const st = lst.k === 'l' && (o.deref || (top && !o.links)) ? tryStat(c, src) ?? lst : lst;
  const existing = tryStat(c, dst);
  if (st.k === 'd') {
    if (!o.rec) { c.err(bb(c) ? `cp: omitting directory '${src}'` : `cp: -r not specified; omitting directory '${src}'`); return false; }
    try {
      if (!existing) c.fs.mkdir(dst, { cwd: c.cwd, cred: c.cred, mode: st.mode });
      else if (existing.k !== 'd') { c.err(bb(c) ? `cp: can't create directory '${dst}': File exists` : `cp: cannot overwrite non-directory '${dst}' with directory '${src}'`); return false; }
    } catch (e) { c.err(bb(c) ? `cp: can't create directory '${dst}': ${fsMsg(e)}` : `cp: cannot create directory '${dst}': ${fsMsg(e)}`); return false; }
    let ok = true;
    let kids: [string, Inode][] = [];
    try { kids = c.fs.readDir(src, c.cwd, c.cred); } catch (e) { c.err(bb(c) ? `cp: can't open '${src}': ${fsMsg(e)}` : `cp: cannot access '${src}': ${fsMsg(e)}`); return false; }
    for (const [name] of kids) if (!copyNode(c, join(src, name), join(dst, name), o, false)) ok = false;
    if (o.preserve) try { c.fs.setAttr(dst, { mode: st.mode, uid: st.uid, gid: st.gid, mtime: st.mtime }, c.cwd); } catch { /* best effort */ }
    if (o.verbose) c.write(`'${src}' -> '${dst}'\n`);
    return ok;
  }
  if (o.noClobber && existing) return true;
  try {
    if (st.k === 'l') {
      if (tryStat(c, dst, false)) c.fs.unlink(dst, { cwd: c.cwd, cred: c.cred });
      c.fs.symlink(st.data ?? '', dst, c.cwd, c.cred);
    } else {
      if (existing?.k === 'd') { c.err(bb(c) ? `cp: can't create '${dst}': Is a directory` : `cp: cannot overwrite directory '${dst}' with non-directory`); return false; }
      const data = c.fs.readFile(src, c.cwd, c.cred);
      c.fs.writeFile(dst, data, { cwd: c.cwd, cred: c.cred, mode: existing ? undefined : st.mode });
    }
    if (o.preserve && st.k !== 'l') c.fs.setAttr(dst, { mode: st.mode, uid: st.uid, gid: st.gid, mtime: st.mtime }, c.cwd);
    if (o.verbose) c.write(`'${src}' -> '${dst}'\n`);
    return true;
  } catch (e) {
    const code = fsCode(e);
    if (code === 'EACCES' && !tryStat(c, dst)) { c.err(bb(c) ? `cp: can't create '${dst}': ${fsMsg(e)}` : `cp: cannot create regular file '${dst}': ${fsMsg(e)}`); return false; }
    c.err(bb(c) ? `cp: can't create '${dst}': ${fsMsg(e)}` : `cp: cannot create regular file '${dst}': ${fsMsg(e)}`);
    return false;
  }
}
function cp(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'arRpPdLHfinlsTuvt:', long: bb(c) ? undefined : { archive: 'a', recursive: 'r', preserve: 'PRES?', 'no-dereference': 'P', dereference: 'L', force: 'f', interactive: 'i', 'no-clobber': 'n', 'target-directory': 't:', 'no-target-directory': 'T', verbose: 'v', update: 'u' } });
  if (typeof p === 'number') return p;
  const f = p.f;
  const o = { rec: !!(f.a || f.r || f.R), preserve: !!(f.a || f.p || f.PRES), links: !!(f.a || f.P || f.d || f.r || f.R) && !f.L, deref: !!f.L, noClobber: !!f.n, verbose: !!f.v };
  return copyOrMove(c, p.args, p.v.t, !!f.T, (src, dst) => copyNode(c, src, dst, o));
}
function copyOrMove(c: CmdCtx, args: string[], target: string | undefined, noTarget: boolean, op: (src: string, dst: string) => boolean): CmdResult {
  const name = c.name;
  if (!args.length) return usageError(c, bb(c) ? '' : 'missing file operand');
  let dest: string;
  let srcs: string[];
  if (target !== undefined) { dest = target; srcs = args; }
  else {
    if (args.length === 1) return usageError(c, bb(c) ? '' : `missing destination file operand after '${args[0]}'`);
    dest = args[args.length - 1]!;
    srcs = args.slice(0, -1);
  }
  const dst = tryStat(c, dest);
  const intoDir = !noTarget && dst?.k === 'd';
  if (srcs.length > 1 && !intoDir) {
    if (bb(c)) {
      // busybox goes ahead as if it were a directory, and fails on each source
      for (const s of srcs) c.err(`${name}: can't stat '${join(dest, s.slice(s.lastIndexOf('/') + 1))}': ${dst ? 'Not a directory' : 'No such file or directory'}`);
      return 1;
    }
    c.err(dst ? `${name}: target '${dest}': Not a directory` : `${name}: target '${dest}' is not a directory`);
    return 1;
  }
  let rc = 0;
  for (const s of srcs) {
    const base = s.replace(/\/+$/, '').slice(s.replace(/\/+$/, '').lastIndexOf('/') + 1) || s;
    const to = intoDir ? join(dest, base) : dest;
    if (normalize(to, c.cwd) === normalize(s, c.cwd) && name === 'cp') { c.err(bb(c) ? `cp: '${s}' and '${to}' are the same file` : `cp: '${s}' and '${to}' are the same file`); rc = 1; continue; }
    if (!op(s, to)) rc = 1;
  }
  return rc;
}
function mv(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'fintTvu:t:', long: bb(c) ? undefined : { force: 'f', interactive: 'i', 'no-clobber': 'n', 'target-directory': 't:', 'no-target-directory': 'T', verbose: 'v' } });
  if (typeof p === 'number') return p;
  return copyOrMove(c, p.args, p.v.t, !!p.f.T, (src, dst) => {
    const st = tryStat(c, src, false);
    if (!st) { c.err(bb(c) ? `mv: can't rename '${src}': No such file or directory` : `mv: cannot stat '${src}': No such file or directory`); return false; }
    if (p.f.n && tryStat(c, dst)) return true;
    const sAbs = normalize(src, c.cwd), dAbs = normalize(dst, c.cwd);
    if (st.k === 'd' && (dAbs + '/').startsWith(sAbs + '/')) { c.err(bb(c) ? `mv: can't rename '${src}': Invalid argument` : `mv: cannot move '${src}' to a subdirectory of itself, '${dst}'`); return false; }
    try {
      const existing = tryStat(c, dst, false);
      if (existing && existing.k !== 'd') c.fs.unlink(dst, { cwd: c.cwd, cred: c.cred });
      else if (existing?.k === 'd' && st.k === 'd') { if (c.fs.readDir(dst, c.cwd).length) throw new FsError('ENOTEMPTY', dst); c.fs.unlink(dst, { cwd: c.cwd, dir: true, cred: c.cred }); }
      else if (existing?.k === 'd') { c.err(bb(c) ? `mv: can't rename '${src}': Is a directory` : `mv: cannot overwrite directory '${dst}' with non-directory`); return false; }
      c.fs.rename(src, dst, c.cwd, c.cred);
    } catch (e) {
      if (fsCode(e) === 'EXDEV') {
        // across mounts: copy, then remove
        if (!copyNode(c, src, dst, { rec: true, preserve: true, links: true, deref: false })) return false;
        return removeTree(c, src);
      }
      c.err(bb(c) ? `mv: can't rename '${src}': ${fsMsg(e)}` : `mv: cannot move '${src}' to '${dst}': ${fsMsg(e)}`);
      return false;
    }
    if (p.f.v) c.write(bb(c) ? `'${src}' -> '${dst}'\n` : `renamed '${src}' -> '${dst}'\n`);
    return true;
  });
}
function ln(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'sfnTvbS:t:', long: bb(c) ? undefined : { symbolic: 's', force: 'f', 'no-dereference': 'n', 'no-target-directory': 'T', verbose: 'v', 'target-directory': 't:', relative: 'r' } });
  if (typeof p === 'number') return p;
  let args = p.args;
  if (!args.length) return usageError(c, 'missing file operand');
  if (args.length === 1 && p.v.t === undefined) args = [args[0]!, '.'];
  const dest = p.v.t ?? args[args.length - 1]!;
  const srcs = p.v.t !== undefined ? args : args.slice(0, -1);
  const dst = tryStat(c, dest, !p.f.n);
  const intoDir = !p.f.T && dst?.k === 'd';
  if (srcs.length > 1 && !intoDir) { c.err(bb(c) ? `ln: '${dest}' is not a directory` : `ln: target '${dest}' is not a directory`); return 1; }
  let rc = 0;
  for (const s of srcs) {
    const base = s.replace(/\/+$/, '').slice(s.replace(/\/+$/, '').lastIndexOf('/') + 1);
    const to = intoDir ? join(dest, base) : dest;
    try {
      if (!p.f.s && !tryStat(c, s)) { c.err(bb(c) ? `ln: ${s}: No such file or directory` : `ln: failed to access '${s}': No such file or directory`); rc = 1; continue; }
      if (tryStat(c, to, false)) {
        if (!p.f.f) { c.err(bb(c) ? `ln: ${to}: File exists` : `ln: failed to create ${p.f.s ? 'symbolic' : 'hard'} link '${to}': File exists`); rc = 1; continue; }
        c.fs.unlink(to, { cwd: c.cwd, cred: c.cred });
      }
      if (p.f.s) c.fs.symlink(s, to, c.cwd, c.cred);
      else {
        const st = c.fs.stat(s, c.cwd)!;
        if (st.k === 'd') { c.err(bb(c) ? `ln: ${s}: Operation not permitted` : `ln: ${s}: hard link not allowed for directory`); rc = 1; continue; }
        c.fs.writeFile(to, c.fs.readFile(s, c.cwd), { cwd: c.cwd, cred: c.cred, mode: st.mode });
      }
      if (p.f.v) c.write(`'${to}' -> '${s}'\n`);
    } catch (e) { c.err(bb(c) ? `ln: ${to}: ${fsMsg(e)}` : `ln: failed to create ${p.f.s ? 'symbolic' : 'hard'} link '${to}': ${fsMsg(e)}`); rc = 1; }
  }
  return rc;
}

// ------------------------------------------------------------------------------------------ chmod / chown
function walkAll(c: CmdCtx, path: string, fn: (p: string) => void): void {
  fn(path);
  const st = tryStat(c, path, false);
  if (st?.k === 'd') { let kids: [string, Inode][] = []; try { kids = c.fs.readDir(path, c.cwd); } catch { return; } for (const [n] of kids) walkAll(c, join(path, n), fn); }
}
function chmod(c: CmdCtx): CmdResult {
  // a mode like -x or -w looks like an option: take it as the mode when it is one
  const argv = c.argv.slice(1);
  const mi = argv.findIndex(a => /^[-+=][rwxXst]+$|^[ugoa]*[-+=]/.test(a) && !/^-[Rfcv]+$/.test(a));
  const rest = mi >= 0 ? [...argv.slice(0, mi), '--', ...argv.slice(mi)] : argv;
  const p = getopt(c, { short: 'Rfcv', long: bb(c) ? undefined : { recursive: 'R', silent: 'f', quiet: 'f', changes: 'c', verbose: 'v', reference: 'REF:' } }, rest);
  if (typeof p === 'number') return p;
  const [spec, ...files] = p.args;
  if (spec === undefined) return usageError(c, 'missing operand');
  if (!files.length) return usageError(c, `missing operand after '${spec}'`);
  const umask = /^[ugoa]*[-+=]/.test(spec) ? 0o022 : 0;
  if (parseMode(spec, 0o644, false, umask) === undefined) { if (bb(c)) { c.err(`chmod: invalid mode '${spec}'`); return 1; } return usageError(c, `invalid mode: '${spec}'`); }
  let rc = 0;
  for (const f of files) {
    if (!tryStat(c, f)) { if (!p.f.f) c.err(bb(c) ? `chmod: ${f}: No such file or directory` : `chmod: cannot access '${f}': No such file or directory`); rc = 1; continue; }
    const apply = (path: string) => {
      const st = tryStat(c, path);
      if (!st) return;
      const mode = parseMode(spec, st.mode, st.k === 'd', umask)!;
      if (c.cred.uid !== 0 && st.uid !== c.cred.uid) { if (!p.f.f) c.err(bb(c) ? `chmod: ${path}: Operation not permitted` : `chmod: changing permissions of '${path}': Operation not permitted`); rc = 1; return; }
      try { c.fs.setAttr(path, { mode: (st.mode & ~0o7777) | mode }, c.cwd); if (p.f.v || (p.f.c && mode !== st.mode)) c.write(`mode of '${path}' changed from ${(st.mode & 0o7777).toString(8).padStart(4, '0')} (${modeString(st).slice(1)}) to ${mode.toString(8).padStart(4, '0')} (${modeString({ ...st, mode }).slice(1)})\n`); }
      catch (e) { if (!p.f.f) c.err(bb(c) ? `chmod: ${path}: ${fsMsg(e)}` : `chmod: changing permissions of '${path}': ${fsMsg(e)}`); rc = 1; }
    };
    if (p.f.R) walkAll(c, f, apply); else apply(f);
  }
  return rc;
}
export function lookupUser(c: CmdCtx, name: string): { uid: number; gid: number } | undefined {
  if (/^\d+$/.test(name)) return { uid: Number(name), gid: Number(name) };
  try { for (const l of c.fs.readFile('/etc/passwd').split('\n')) { const f = l.split(':'); if (f[0] === name) return { uid: Number(f[2]), gid: Number(f[3]) }; } } catch { /* none */ }
  return undefined;
}
export function lookupGroup(c: CmdCtx, name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  try { for (const l of c.fs.readFile('/etc/group').split('\n')) { const f = l.split(':'); if (f[0] === name) return Number(f[2]); } } catch { /* none */ }
  return undefined;
}
function chown(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'RhfcvHLP', long: bb(c) ? undefined : { recursive: 'R', 'no-dereference': 'h', silent: 'f', quiet: 'f', changes: 'c', verbose: 'v', reference: 'REF:' } });
  if (typeof p === 'number') return p;
  const [spec, ...files] = p.args;
  if (spec === undefined) return usageError(c, 'missing operand');
  if (!files.length) return usageError(c, `missing operand after '${spec}'`);
  let uid: number | undefined, gid: number | undefined;
  if (c.name === 'chgrp') { gid = lookupGroup(c, spec); if (gid === undefined) { c.err(bb(c) ? `chgrp: unknown group ${spec}` : `chgrp: invalid group: '${spec}'`); return 1; } }
  else {
    const [u, g] = spec.split(/[:.]/);
    if (u) { const x = lookupUser(c, u); if (!x) { c.err(bb(c) ? `chown: unknown user ${u}` : `chown: invalid user: '${spec}'`); return 1; } uid = x.uid; if (spec.endsWith(':') && g === '') gid = x.gid; }
    if (g) { gid = lookupGroup(c, g); if (gid === undefined) { c.err(bb(c) ? `chown: unknown group ${g}` : `chown: invalid group: '${spec}'`); return 1; } }
  }
  let rc = 0;
  for (const f of files) {
    if (!tryStat(c, f, !p.f.h)) { if (!p.f.f) c.err(bb(c) ? `${c.name}: ${f}: No such file or directory` : `${c.name}: cannot access '${f}': No such file or directory`); rc = 1; continue; }
    const apply = (path: string) => {
      if (c.cred.uid !== 0) { if (!p.f.f) c.err(bb(c) ? `${c.name}: ${path}: Operation not permitted` : `${c.name}: changing ownership of '${path}': Operation not permitted`); rc = 1; return; }
      try { c.fs.setAttr(path, { ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) }, c.cwd, !p.f.h); }
      catch (e) { c.err(bb(c) ? `${c.name}: ${path}: ${fsMsg(e)}` : `${c.name}: changing ownership of '${path}': ${fsMsg(e)}`); rc = 1; }
    };
    if (p.f.R) walkAll(c, f, apply); else apply(f);
  }
  return rc;
}

// ------------------------------------------------------------------------------------------ stat
function fileType(n: Inode): string { return n.k === 'd' ? 'directory' : n.k === 'l' ? 'symbolic link' : byteLength(n.data ?? '') ? 'regular file' : 'regular empty file'; }
function stat(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'c:LftTf', long: bb(c) ? undefined : { format: 'c:', printf: 'PF:', dereference: 'L', 'file-system': 'f', terse: 't' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing operand');
  let rc = 0;
  const fmt = p.v.c ?? p.v.PF;
  for (const f of p.args) {
    const st = statErr(c, f, !!p.f.L);
    if (st instanceof FsError) { c.err(bb(c) ? `stat: can't stat '${f}': ${fsMsg(st)}` : `stat: cannot statx '${f}': ${fsMsg(st)}`); rc = 1; continue; }
    const user = userName(c, st.uid) ?? 'UNKNOWN', group = groupName(c, st.gid) ?? 'UNKNOWN';
    const mtime = lsTime(c, st.mtime, true);
    const size = sizeOf(st);
    const blocks = blocksK(st) * 2;
    const name = st.k === 'l' ? `${f} -> ${st.data}` : f;
    if (fmt !== undefined) {
      const out = fmt.replace(/%([%nNsaAUGugFYyXxZzibhwWtTdDo])/g, (_, k: string) => {
        switch (k) {
          case '%': return '%';
          case 'n': return f;
          case 'N': return st.k === 'l' ? `'${f}' -> '${st.data}'` : `'${f}'`;
          case 's': return String(size);
          case 'a': return (st.mode & 0o7777).toString(8);
          case 'A': return modeString(st);
          case 'U': return user;
          case 'G': return group;
          case 'u': return String(st.uid);
          case 'g': return String(st.gid);
          case 'F': return fileType(st);
          case 'Y': case 'X': case 'Z': return String(Math.floor(st.mtime / 1000));
          case 'y': case 'x': case 'z': return mtime;
          case 'i': return String(inoOf(c, f));
          case 'b': return String(blocks);
          case 'B': return '512';
          case 'h': return String(nlinkOf(c, f, st));
          case 'o': return '4096';
          case 'W': return '0';
          case 'w': return '-';
          case 'd': case 'D': return bb(c) ? '2049' : '2049';
          case 't': case 'T': return '0';
        }
        return '?';
      });
      c.write(out + (p.v.PF !== undefined ? '' : '\n'));
      continue;
    }
    const typ = fileType(st);
    const dev = bb(c) ? 'Device: 801h/2049d' : 'Device: 8,1';
    c.write(`  File: ${st.k === 'l' ? (bb(c) ? `'${f}' -> '${st.data}'` : `${f} -> ${st.data}`) : f}\n` +
      `  Size: ${String(size).padEnd(10)}\tBlocks: ${String(blocks).padEnd(10)} IO Block: 4096   ${typ}\n` +
      `${dev}\tInode: ${String(inoOf(c, f)).padEnd(11)} Links: ${nlinkOf(c, f, st)}\n` +
      `Access: (${(st.mode & 0o7777).toString(8).padStart(4, '0')}/${modeString(st)})  Uid: (${String(st.uid).padStart(5)}/${user.padStart(8)})   Gid: (${String(st.gid).padStart(5)}/${group.padStart(8)})\n` +
      `Access: ${mtime}\nModify: ${mtime}\nChange: ${mtime}\n` + (bb(c) ? '' : ` Birth: ${mtime}\n`));
    void name;
  }
  return rc;
}

// ------------------------------------------------------------------------------------------ find
type Pred = (path: string, st: Inode, depth: number) => boolean;
function find(c: CmdCtx): CmdResult {
  if (c.st.queue === undefined) {
    const argv = c.argv.slice(1);
    let i = 0;
    const opts = { H: false, L: false };
    while (argv[i] === '-H' || argv[i] === '-L' || argv[i] === '-P') { if (argv[i] === '-L') opts.L = true; i++; }
    const roots: string[] = [];
    while (i < argv.length && !/^[-!(]/.test(argv[i]!) || argv[i] === '-') roots.push(argv[i++]!);
    if (!roots.length) roots.push('.');
    const expr = argv.slice(i);
    const parsed = parseFind(c, expr);
    if (typeof parsed === 'number') return parsed;
    c.st.expr = expr;
    c.st.o = { maxdepth: parsed.maxdepth, mindepth: parsed.mindepth, depth: parsed.depthFirst, follow: opts.L };
    // the walk, computed up front (paths with depth), so -exec can wait for children between items
    const queue: [string, number][] = [];
    const visit = (path: string, depth: number) => {
      const st = opts.L ? tryStat(c, path) ?? tryStat(c, path, false) : tryStat(c, path, false);
      if (!st) { c.err(bb(c) ? `find: ${path}: No such file or directory` : `find: '${path}': No such file or directory`); c.st.rc = 1; return; }
      if (!parsed.depthFirst) queue.push([path, depth]);
      if (st.k === 'd' && depth < parsed.maxdepth) {
        let kids: [string, Inode][] = [];
        try { kids = c.fs.readDir(path, c.cwd, c.cred); }
        catch (e) { c.err(bb(c) ? `find: ${path}: ${fsMsg(e)}` : `find: '${path}': ${fsMsg(e)}`); c.st.rc = 1; }
        for (const [n] of kids) visit(join(path, n), depth + 1);
      }
      if (parsed.depthFirst) queue.push([path, depth]);
    };
    c.st.rc ??= 0;
    for (const r of roots) visit(r, 0);
    c.st.queue = queue;
    c.st.at = 0;
  }
  const parsed = parseFind(c, c.st.expr) as FindExpr;
  const queue = c.st.queue as [string, number][];
  // resume a pending -exec
  for (; c.st.at < queue.length; c.st.at++) {
    const [path, depth] = queue[c.st.at]!;
    if (depth < c.st.o.mindepth) continue;
    const st = c.st.o.follow ? tryStat(c, path) ?? tryStat(c, path, false) : tryStat(c, path, false);
    if (!st) continue;
    c.st.execIdx ??= 0;
    const r = evalFind(c, parsed.node, path, st, depth);
    if (r === 'block') return c.st.block;
    c.st.execIdx = 0;
    delete c.st.execDone;
    if (parsed.implicitPrint && r) c.write(path + '\n');
  }
  // -exec … {} + batches
  if (parsed.plus.length) {
    c.st.plusAt ??= 0;
    for (; c.st.plusAt < parsed.plus.length; c.st.plusAt++) {
      const cmd = parsed.plus[c.st.plusAt]!;
      const items = (c.st.plusItems?.[c.st.plusAt] ?? []) as string[];
      if (!items.length) continue;
      const argv = cmd.flatMap(a => (a === '{}' ? items : [a]));
      const r = runChild(c, 'plusChild', argv);
      if ('block' in r) return r;
      if ('error' in r) { c.err(`find: '${argv[0]}': No such file or directory`); c.st.rc = 1; continue; }
      if (r.code !== 0) c.st.rc = 1;
    }
  }
  return c.st.rc;
}
interface FindNode { t: 'and' | 'or'; a: FindNode; b: FindNode }
type FNode = FindNode | { t: 'not'; a: FNode } | { t: 'pred'; name: string; args: string[]; idx: number };
interface FindExpr { node: FNode; implicitPrint: boolean; maxdepth: number; mindepth: number; depthFirst: boolean; plus: string[][] }
function parseFind(c: CmdCtx, expr: string[]): FindExpr | number {
  let i = 0;
  let actions = false;
  let maxdepth = Infinity, mindepth = 0, depthFirst = false;
  const plus: string[][] = [];
  let execIdx = 0;
  const ARGS: Record<string, number> = { '-name': 1, '-iname': 1, '-path': 1, '-ipath': 1, '-wholename': 1, '-type': 1, '-maxdepth': 1, '-mindepth': 1, '-mtime': 1, '-mmin': 1, '-ctime': 1, '-cmin': 1, '-atime': 1, '-amin': 1, '-newer': 1, '-size': 1, '-perm': 1, '-user': 1, '-group': 1, '-uid': 1, '-gid': 1, '-regex': 1, '-iregex': 1, '-links': 1, '-inum': 1 };
  const fail = (msg: string): never => { throw new Error(msg); };
  const primary = (): FNode => {
    const a = expr[i++];
    if (a === undefined) fail(bb(c) ? 'find: invalid expression' : 'find: expected an expression');
    if (a === '(') { const e = orE(); if (expr[i++] !== ')') fail(bb(c) ? `find: invalid expression` : "find: invalid expression; I was expecting to find a ')' somewhere but did not see one."); return e; }
    if (a === '!' || a === '-not') return { t: 'not', a: primary() };
    if (a === '-exec' || a === '-ok' || a === '-execdir') {
      const args: string[] = [];
      while (i < expr.length && expr[i] !== ';' && !(expr[i] === '+' && expr[i - 1] === '{}')) args.push(expr[i++]!);
      if (i >= expr.length) fail(`find: missing argument to \`${a}'`);
      const term = expr[i++];
      actions = true;
      if (term === '+') { plus.push(args); return { t: 'pred', name: '-exec+', args, idx: plus.length - 1 }; }
      return { t: 'pred', name: a, args, idx: execIdx++ };
    }
    if (['-print', '-print0', '-delete', '-ls', '-quit', '-prune'].includes(a!)) { if (a !== '-prune') actions = true; if (a === '-delete') depthFirst = true; return { t: 'pred', name: a!, args: [], idx: 0 }; }
    if (a === '-maxdepth' || a === '-mindepth') { const v = expr[i++]; if (v === undefined || !/^\d+$/.test(v)) fail(bb(c) ? `find: invalid argument '${v}' to '${a}'` : `find: Expected a positive decimal integer argument to ${a}, but got '${v ?? ''}'`); if (a === '-maxdepth') maxdepth = Number(v); else mindepth = Number(v); return { t: 'pred', name: '-true', args: [], idx: 0 }; }
    if (a === '-depth' || a === '-d') { depthFirst = true; return { t: 'pred', name: '-true', args: [], idx: 0 }; }
    if (['-true', '-false', '-empty', '-xdev', '-mount', '-follow', '-noleaf'].includes(a!)) return { t: 'pred', name: a!, args: [], idx: 0 };
    if (ARGS[a!] !== undefined) {
      const v = expr[i++];
      if (v === undefined) fail(`find: missing argument to \`${a}'`);
      if (a === '-type' && !/^[fdlpscb](,[fdlpscb])*$/.test(v!)) fail(bb(c) ? `find: invalid argument '${v}' to '-type'` : `find: Unknown argument to -type: ${v}`);
      return { t: 'pred', name: a!, args: [v!], idx: 0 };
    }
    fail(bb(c) ? `find: unrecognized: ${a}` : `find: unknown predicate \`${a}'`);
    return undefined as never;
  };
  const andE = (): FNode => {
    let l = primary();
    for (;;) {
      if (expr[i] === '-a' || expr[i] === '-and') { i++; l = { t: 'and', a: l, b: primary() } as FNode; continue; }
      if (i < expr.length && expr[i] !== '-o' && expr[i] !== '-or' && expr[i] !== ')' && expr[i] !== ',') { l = { t: 'and', a: l, b: primary() } as FNode; continue; }
      return l;
    }
  };
  const orE = (): FNode => { let l = andE(); while (expr[i] === '-o' || expr[i] === '-or') { i++; l = { t: 'or', a: l, b: andE() } as FNode; } return l; };
  try {
    const node = expr.length ? orE() : { t: 'pred', name: '-true', args: [], idx: 0 } as FNode;
    if (i < expr.length) fail(bb(c) ? 'find: invalid expression' : `find: paths must precede expression: \`${expr[i]}'`);
    return { node, implicitPrint: !actions, maxdepth, mindepth, depthFirst, plus };
  } catch (e) {
    c.err((e as Error).message);
    if (!bb(c) && /paths must precede/.test((e as Error).message)) c.err("find: possible unquoted pattern after predicate `-name'?");
    if (bb(c) && /unrecognized|invalid expression/.test((e as Error).message)) c.write(bbUsage(c), 2);
    return 1;
  }
}
function evalFind(c: CmdCtx, n: FNode, path: string, st: Inode, depth: number): boolean | 'block' {
  switch (n.t) {
    case 'and': { const a = evalFind(c, n.a, path, st, depth); if (a !== true) return a; return evalFind(c, n.b, path, st, depth); }
    case 'or': { const a = evalFind(c, n.a, path, st, depth); if (a !== false) return a; return evalFind(c, n.b, path, st, depth); }
    case 'not': { const a = evalFind(c, n.a, path, st, depth); return a === 'block' ? a : !a; }
  }
  const { matchPattern } = require('../sh/expand') as typeof import('../sh/expand');
  const base = path === '/' ? '/' : path.replace(/\/+$/, '').slice(path.replace(/\/+$/, '').lastIndexOf('/') + 1) || path;
  const v = n.args[0]!;
  const now = c.now();
  const cmpNum = (val: number, spec: string) => { const m = /^([+-]?)(\d+)$/.exec(spec); if (!m) return false; const x = Number(m[2]); return m[1] === '+' ? val > x : m[1] === '-' ? val < x : val === x; };
  switch (n.name) {
    case '-true': case '-xdev': case '-mount': case '-follow': case '-noleaf': case '-prune': return true;
    case '-false': return false;
    case '-name': return matchPattern(base, v);
    case '-iname': return matchPattern(base.toLowerCase(), v.toLowerCase());
    case '-path': case '-wholename': return matchPattern(path, v);
    case '-ipath': return matchPattern(path.toLowerCase(), v.toLowerCase());
    case '-regex': case '-iregex': { const { compile } = require('./regex') as typeof import('./regex'); try { return new RegExp(`^(?:${compile(v, false).source})$`, n.name === '-iregex' ? 'is' : 's').test(path); } catch { return false; } }
    case '-type': return v.split(',').some(t => (t === 'f' ? st.k === 'f' : t === 'd' ? st.k === 'd' : t === 'l' ? st.k === 'l' : false));
    case '-empty': if (st.k === 'd') { try { return c.fs.readDir(path, c.cwd).length === 0; } catch { return false; } } return st.k === 'f' && !st.data;
    case '-mtime': case '-ctime': case '-atime': return cmpNum(Math.floor((now - st.mtime) / 86400000), v);
    case '-mmin': case '-cmin': case '-amin': return cmpNum(Math.ceil((now - st.mtime) / 60000), v);
    case '-newer': { const r = tryStat(c, v); return !!r && st.mtime > r.mtime; }
    case '-size': {
      const m = /^([+-]?)(\d+)([bckMG]?)$/.exec(v);
      if (!m) return false;
      const unit = { b: 512, c: 1, k: 1024, M: 1048576, G: 1073741824, '': 512 }[m[3] as 'b']!;
      const size = Math.ceil(sizeOf(st) / unit);
      return cmpNum(size, m[1]! + m[2]!);
    }
    case '-perm': { const m = /^([-/]?)([0-7]+)$/.exec(v); if (!m) return false; const want = parseInt(m[2]!, 8); const mode = st.mode & 0o7777; return m[1] === '-' ? (mode & want) === want : m[1] === '/' ? (mode & want) !== 0 || want === 0 : mode === want; }
    case '-user': return (userName(c, st.uid) ?? String(st.uid)) === v || String(st.uid) === v;
    case '-group': return (groupName(c, st.gid) ?? String(st.gid)) === v || String(st.gid) === v;
    case '-uid': return cmpNum(st.uid, v);
    case '-gid': return cmpNum(st.gid, v);
    case '-links': return cmpNum(nlinkOf(c, path, st), v);
    case '-inum': return cmpNum(inoOf(c, path), v);
    case '-print': c.write(path + '\n'); return true;
    case '-print0': c.write(path + '\0'); return true;
    case '-ls': { c.write(`${String(inoOf(c, path)).padStart(9)} ${String(blocksK(st)).padStart(6)} ${modeString(st)} ${String(nlinkOf(c, path, st)).padStart(3)} ${(userName(c, st.uid) ?? String(st.uid)).padEnd(8)} ${(groupName(c, st.gid) ?? String(st.gid)).padEnd(8)} ${String(sizeOf(st)).padStart(8)} ${lsTime(c, st.mtime)} ${path}${st.k === 'l' ? ' -> ' + st.data : ''}\n`); return true; }
    case '-delete': try { c.fs.unlink(path, { cwd: c.cwd, dir: st.k === 'd', cred: c.cred }); return true; } catch (e) { c.err(bb(c) ? `find: ${path}: ${fsMsg(e)}` : `find: cannot delete '${path}': ${fsMsg(e)}`); c.st.rc = 1; return false; }
    case '-quit': c.st.at = Infinity; return true;
    case '-exec+': { ((c.st.plusItems ??= {})[n.idx] ??= []).push(path); return true; }
    case '-exec': case '-ok': case '-execdir': {
      // each -exec in the expression runs once per path; a finished one keeps its result in execDone
      const done = (c.st.execDone ??= {}) as Record<number, boolean>;
      if (done[n.idx] !== undefined) return done[n.idx]!;
      const argv = n.args.map(a => a.split('{}').join(n.name === '-execdir' ? './' + base : path));
      const r = runChild(c, 'execChild', argv, n.name === '-execdir' ? { cwd: normalize(path + '/..', c.cwd) } : {});
      if ('block' in r) { c.st.block = r; return 'block'; }
      if ('error' in r) { c.err(`find: '${argv[0]}': No such file or directory`); c.st.rc = 1; done[n.idx] = false; return false; }
      done[n.idx] = r.code === 0;
      return r.code === 0;
    }
  }
  return false;
}

// ------------------------------------------------------------------------------------------ du / df
function du(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'sahkmcd:xLb', long: bb(c) ? undefined : { summarize: 's', all: 'a', 'human-readable': 'h', total: 'c', 'max-depth': 'd:', bytes: 'b', 'apparent-size': 'AS' } });
  if (typeof p === 'number') return p;
  const f = p.f;
  const maxd = f.s ? 0 : p.v.d !== undefined ? Number(p.v.d) : Infinity;
  const fmt = (k: number) => (f.h ? human(k * 1024) : f.m ? String(Math.ceil(k / 1024)) : f.b ? String(k * 1024) : String(k));
  let rc = 0, total = 0;
  const walk = (path: string, depth: number): number => {
    const st = tryStat(c, path, false);
    if (!st) { c.err(bb(c) ? `du: ${path}: No such file or directory` : `du: cannot access '${path}': No such file or directory`); rc = 1; return 0; }
    let k = f.b || f.AS ? Math.ceil(sizeOf(st) / 1024) : blocksK(st);
    if (st.k === 'd') {
      let kids: [string, Inode][] = [];
      try { kids = c.fs.readDir(path, c.cwd, c.cred); } catch (e) { c.err(bb(c) ? `du: ${path}: ${fsMsg(e)}` : `du: cannot read directory '${path}': ${fsMsg(e)}`); rc = 1; }
      for (const [n] of kids) k += walk(join(path, n), depth + 1);
      if (depth <= maxd) c.write(`${fmt(k)}\t${path}\n`);
    } else if ((f.a && depth <= maxd) || depth === 0) c.write(`${fmt(k)}\t${path}\n`);
    return k;
  };
  for (const a of p.args.length ? p.args : ['.']) total += walk(a, 0);
  if (f.c) c.write(`${fmt(total)}\ttotal\n`);
  return rc;
}
function df(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'hkPTmai', long: bb(c) ? undefined : { 'human-readable': 'h', portability: 'P', 'print-type': 'T', all: 'a', inodes: 'i' } });
  if (typeof p === 'number') return p;
  const f = p.f;
  let mounts = c.sys.mounts().filter(m => !m.file).sort((a, b) => (a.at === '/' ? -1 : b.at === '/' ? 1 : a.at < b.at ? -1 : 1));
  if (p.args.length) {
    // the filesystem holding each operand
    const picked: typeof mounts = [];
    for (const a of p.args) {
      let abs: string;
      try { abs = c.fs.resolve(a, c.cwd); } catch { c.err(bb(c) ? `df: ${a}: No such file or directory` : `df: ${a}: No such file or directory`); continue; }
      const m = [...mounts].sort((x, y) => y.at.length - x.at.length).find(x => x.at === '/' || abs === x.at || abs.startsWith(x.at + '/'));
      if (m) picked.push(m);
    }
    mounts = picked;
  }
  // a node's disk, as kind's nodes show it (overlay root, tmpfs for /dev and memory-backed volumes)
  const disk = { size: 102626232, used: 24534312 };
  const rows = mounts.map(m => {
    const tmpfs = m.kind === 'dev' || m.at.startsWith('/dev') || m.at === '/sys/fs/cgroup';
    const fsname = m.at === '/' ? 'overlay' : tmpfs ? 'tmpfs' : '/dev/vda1';
    const type = m.at === '/' ? 'overlay' : tmpfs ? 'tmpfs' : 'ext4';
    const size = tmpfs ? 65536 : disk.size, used = tmpfs ? 0 : disk.used, avail = tmpfs ? 65536 : disk.size - disk.used - 5_000_000;
    return { fsname, type, size, used, avail, pct: size ? Math.ceil((used * 100) / (used + avail)) : 0, at: m.at };
  });
  const h = (k: number) => (f.h ? human(k * 1024) : String(k));
  if (bb(c)) {
    c.write(`Filesystem           ${f.h ? '     Size' : '1K-blocks'}      Used Available Use% Mounted on\n`);
    for (const r of rows) c.write(`${r.fsname.padEnd(20)} ${h(r.size).padStart(9)} ${h(r.used).padStart(9)} ${h(r.avail).padStart(9)} ${String(r.pct).padStart(3)}% ${r.at}\n`);
    return 0;
  }
  const head = ['Filesystem', ...(f.T ? ['Type'] : []), f.h ? 'Size' : '1K-blocks', 'Used', f.h ? 'Avail' : 'Available', 'Use%', 'Mounted on'];
  const data = rows.map(r => [r.fsname, ...(f.T ? [r.type] : []), h(r.size), h(r.used), h(r.avail), `${r.pct}%`, r.at]);
  const w = head.map((x, i) => Math.max(x.length, ...data.map(d => d[i]!.length)));
  const left = new Set([0, f.T ? 1 : -1, head.length - 1]);
  for (const row of [head, ...data]) c.write(row.map((x, i) => (i === head.length - 1 ? x : left.has(i) ? x.padEnd(Math.max(w[i]!, i === 0 ? 14 : 0)) : x.padStart(w[i]!))).join(' ') + '\n');
  return 0;
}

// ------------------------------------------------------------------------------------------ names
function basename(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'as:z', long: bb(c) ? undefined : { multiple: 'a', suffix: 's:', zero: 'z' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing operand');
  const multi = !!(p.f.a || p.v.s !== undefined);
  if (!multi && p.args.length > 2) return usageError(c, `extra operand '${p.args[2]}'`);
  const names = multi ? p.args : [p.args[0]!];
  const suffix = multi ? p.v.s : p.args[1];
  for (const a of names) {
    let b = a.replace(/\/+$/, '');
    b = b.slice(b.lastIndexOf('/') + 1) || (a.startsWith('/') ? '/' : '');
    if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
    c.write(b + (p.f.z ? '\0' : '\n'));
  }
  return 0;
}
function dirname(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'z' });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing operand');
  for (const a of bb(c) ? [p.args[0]!] : p.args) {
    const t = a.replace(/\/+$/, '');
    if (!t) { c.write((a ? '/' : '.') + '\n'); continue; }
    const i = t.lastIndexOf('/');
    c.write((i < 0 ? '.' : t.slice(0, i).replace(/\/+$/, '') || '/') + '\n');
  }
  return 0;
}
function readlink(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'fenqsvmz', long: bb(c) ? undefined : { canonicalize: 'f', 'canonicalize-existing': 'e', 'canonicalize-missing': 'm', 'no-newline': 'n', quiet: 'q', silent: 's', verbose: 'v' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing operand');
  let rc = 0;
  for (const a of p.args) {
    if (p.f.f || p.f.e || p.f.m) {
      const r = canonical(c, a, p.f.e ? 'all' : p.f.m ? 'none' : 'last');
      if (r === undefined) { if (p.f.v) c.err(`readlink: ${a}: No such file or directory`); rc = 1; continue; }
      c.write(r + (p.f.n ? '' : '\n'));
      continue;
    }
    const st = tryStat(c, a, false);
    if (st?.k !== 'l') { if (p.f.v) c.err(`readlink: ${a}: ${st ? 'Invalid argument' : 'No such file or directory'}`); rc = 1; continue; }
    c.write(st.data + (p.f.n ? '' : '\n'));
  }
  return rc;
}
/** realpath(3)-like: `need` says which components must exist. */
function canonical(c: CmdCtx, path: string, need: 'all' | 'last' | 'none'): string | undefined {
  const abs = normalize(path, c.cwd);
  try {
    const r = c.fs.resolve(abs, '/');
    if (need === 'all' && !tryStat(c, r)) return undefined;
    if (need === 'last' && !tryStat(c, r)) { const parent = r.slice(0, r.lastIndexOf('/')) || '/'; if (tryStat(c, parent)?.k !== 'd') return undefined; }
    return r;
  } catch { return need === 'none' ? abs : undefined; }
}
function realpath(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'emsqLPz', long: bb(c) ? undefined : { 'canonicalize-existing': 'e', 'canonicalize-missing': 'm', 'no-symlinks': 's', strip: 's', quiet: 'q', 'relative-to': 'RT:' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, 'missing operand');
  let rc = 0;
  for (const a of p.args) {
    const r = p.f.s ? normalize(a, c.cwd) : canonical(c, a, bb(c) ? 'all' : p.f.e ? 'all' : p.f.m ? 'none' : 'last');
    if (r === undefined) { if (!p.f.q) c.err(bb(c) ? `realpath: ${a}: No such file or directory` : `realpath: ${a}: No such file or directory`); rc = 1; continue; }
    c.write(r + '\n');
  }
  return rc;
}
function mktemp(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'dqtup:', long: bb(c) ? undefined : { directory: 'd', quiet: 'q', 'dry-run': 'u', tmpdir: 'p?', suffix: 'S:' } });
  if (typeof p === 'number') return p;
  const template = p.args[0] ?? (bb(c) ? 'tmp.XXXXXX' : 'tmp.XXXXXXXXXX');
  const m = (bb(c) ? /X{6,}$/ : /X{3,}(?=[^X]*$)/).exec(template);
  if (!m) { c.err(bb(c) ? `mktemp: (null): Invalid argument` : `mktemp: too few X's in template '${template}'`); return 1; }
  const dir = p.args[0] === undefined || p.f.t || p.f.p ? (p.v.p ?? c.env.TMPDIR ?? '/tmp') : undefined;
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let tries = 0; tries < 100; tries++) {
    let rnd = '';
    for (let i = 0; i < m[0].length; i++) rnd += chars[Math.floor(c.random() * chars.length)];
    const name = template.slice(0, m.index) + rnd + template.slice(m.index + m[0].length) + (p.v.S ?? '');
    const path = dir !== undefined ? join(dir, name) : name;
    if (tryStat(c, path, false)) continue;
    try {
      if (!p.f.u) {
        if (p.f.d) c.fs.mkdir(path, { cwd: c.cwd, cred: c.cred, mode: 0o700 });
        else c.fs.writeFile(path, '', { cwd: c.cwd, cred: c.cred, mode: 0o600 });
      }
    } catch (e) {
      if (p.f.q) return 1;
      if (bb(c)) c.err(`mktemp: (null): Invalid argument`);
      else c.err(`mktemp: failed to create ${p.f.d ? 'directory' : 'file'} via template '${dir !== undefined ? join(dir, template) : template}': ${fsMsg(e)}`);
      return 1;
    }
    c.write(path + '\n');
    return 0;
  }
  return 1;
}
function truncate(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'cs:o', long: bb(c) ? undefined : { 'no-create': 'c', size: 's:' } });
  if (typeof p === 'number') return p;
  if (p.v.s === undefined) return usageError(c, 'you must specify either --size or --reference');
  const m = /^([+-]?)(\d+)([KMG]?)$/.exec(p.v.s);
  if (!m) { c.err(`truncate: Invalid number: '${p.v.s}'`); return 1; }
  const n = Number(m[2]) * ({ '': 1, K: 1024, M: 1048576, G: 1073741824 } as Record<string, number>)[m[3]!]!;
  let rc = 0;
  for (const f of p.args) {
    try {
      const cur = tryStat(c, f) ? c.fs.readFile(f, c.cwd) : undefined;
      if (cur === undefined && p.f.c) continue;
      const { toBytes, fromBytes } = require('../bytes') as typeof import('../bytes');
      const b = toBytes(cur ?? '');
      const size = m[1] === '+' ? b.length + n : m[1] === '-' ? Math.max(0, b.length - n) : n;
      const out = Buffer.alloc(size);
      b.copy(out, 0, 0, Math.min(size, b.length));
      c.fs.writeFile(f, fromBytes(out), { cwd: c.cwd, cred: c.cred });
    } catch (e) { c.err(`truncate: cannot open '${f}' for writing: ${fsMsg(e)}`); rc = 1; }
  }
  return rc;
}
function sync(): CmdResult { return 0; }

void q;
register({ ls, mkdir, rmdir, touch, rm, cp, mv, ln, chmod, chown, chgrp: chown, stat, find, du, df, basename, dirname, readlink, realpath, mktemp, truncate, sync });
