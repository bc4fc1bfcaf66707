// grep (egrep, fgrep): GNU grep 3.8 and busybox grep. Basic, extended and fixed patterns, -i -v -c -l -L
// -n -o -q -s -r -w -x -h -H -m, context (-A -B -C with `--` between groups), several -e and -f, and
// exit status 0/1/2. Lines stream as they arrive, so `tail -f log | grep ERROR` works.
import type { CmdCtx, CmdResult } from '../types';
import { register } from './index';
import { getopt, bb, readFile, fsMsg, isBlock, eachLine, usageError } from './lib';
import { compile, RegexError } from './regex';

interface GrepState {
  o: { E: boolean; F: boolean; i: boolean; v: boolean; c: boolean; l: boolean; L: boolean; n: boolean; oo: boolean; q: boolean; s: boolean; r: boolean; w: boolean; x: boolean; names: boolean; A: number; B: number; m: number; z: boolean };
  pats: string[];
  files: string[];
  /** Per file: matches, lines, trailing context left, leading context, whether a group was printed. */
  cur?: { n: number; ln: number; after: number; before: [number, string][]; lastOut: number };
  any: boolean;
  err: boolean;
  printedGroup: boolean;
}

const LONG = {
  'extended-regexp': 'E', 'fixed-strings': 'F', 'basic-regexp': 'G', 'ignore-case': 'i', 'invert-match': 'v', count: 'c',
  'files-with-matches': 'l', 'files-without-match': 'L', 'line-number': 'n', 'only-matching': 'o', quiet: 'q', silent: 'q',
  'no-messages': 's', recursive: 'r', 'dereference-recursive': 'R', 'word-regexp': 'w', 'line-regexp': 'x', 'no-filename': 'h',
  'with-filename': 'H', 'after-context': 'A:', 'before-context': 'B:', context: 'C:', regexp: 'e:', file: 'f:', 'max-count': 'm:',
  color: 'COLOR?', colour: 'COLOR?', 'line-buffered': 'LB', text: 'a', 'null-data': 'z', include: 'INC:', exclude: 'EXC:', 'exclude-dir': 'EXD:',
};

function grep(c: CmdCtx): CmdResult {
  let st = c.st.g as GrepState | undefined;
  if (!st) {
    const r = setup(c);
    if (typeof r === 'number') return r;
    st = c.st.g = r;
  }
  const s = st;
  const o = s.o;
  let re: RegExp | undefined;
  try { re = matcher(s); } catch (e) {
    if (e instanceof RegexError) { c.err(bb(c) ? `grep: bad regex '${s.pats.find(p => { try { compile(p, s.o.E); return false; } catch { return true; } }) ?? s.pats[0]}'` : `grep: ${e.message}`); return 2; }
    throw e;
  }
  const prefixName = (f: string) => (f === '-' ? (bb(c) ? '(standard input)' : '(standard input)') : f);
  const matches = (line: string): boolean => {
    re!.lastIndex = 0;
    return re!.test(line) !== o.v;
  };
  const emit = (f: string, ln: number, line: string, sep: string) => {
    let pre = '';
    if (o.names) pre += prefixName(f) + sep;
    if (o.n) pre += ln + sep;
    c.write(pre + line + '\n');
  };
  const onFile = (f: string, ok: boolean): 'stop' | void => {
    finishFile(c, s);
    if (!ok) { s.err = true; return; }
    s.cur = { n: 0, ln: 0, after: 0, before: [], lastOut: 0 };
    (s as GrepState & { fname?: string }).fname = f;
  };
  const onLine = (line: string, _nl: boolean, f: string): 'stop' | 'next' | void => {
    const cur = s.cur!;
    cur.ln++;
    if (o.m >= 0 && cur.n >= o.m) {
      if (cur.after > 0 && !o.q && !o.c && !o.l && !o.L) { cur.after--; emit(f, cur.ln, line, '-'); cur.lastOut = cur.ln; return; }
      return 'next';
    }
    if (matches(line)) {
      cur.n++;
      s.any = true;
      if (o.q) return 'stop';
      if (o.l || o.L || o.c) { if ((o.l || o.L) && !o.c) return 'next'; if (o.m >= 0 && cur.n >= o.m) return 'next'; return; }
      const groupStart = cur.before.length ? cur.before[0]![0] : cur.ln;
      if ((o.A || o.B) && s.printedGroup && (cur.lastOut === 0 || groupStart > cur.lastOut + 1)) c.write('--\n');
      for (const [bl, bt] of cur.before) emit(f, bl, bt, '-');
      cur.before = [];
      if (o.oo && !o.v) {
        re!.lastIndex = 0;
        const g = new RegExp(re!.source, re!.flags.includes('g') ? re!.flags : re!.flags + 'g');
        for (const m of line.matchAll(g)) if (m[0] !== '') emit(f, cur.ln, m[0], ':');
      } else if (!o.oo) emit(f, cur.ln, line, ':');
      cur.lastOut = cur.ln;
      cur.after = o.A;
      s.printedGroup = true;
      if (o.m >= 0 && cur.n >= o.m && !o.A) return 'next';
      return;
    }
    if (cur.after > 0 && !o.q && !o.c && !o.l && !o.L) { cur.after--; emit(f, cur.ln, line, '-'); cur.lastOut = cur.ln; return; }
    if (o.B) { cur.before.push([cur.ln, line]); if (cur.before.length > o.B) cur.before.shift(); }
  };
  const r = eachLine(c, s.files, onLine, onFile);
  if (isBlock(r)) return r;
  if (o.q && s.any) return 0;
  finishFile(c, s);
  return s.err && !(o.q && s.any) ? 2 : s.any ? 0 : 1;
}

function finishFile(c: CmdCtx, s: GrepState): void {
  const cur = s.cur;
  const f = (s as GrepState & { fname?: string }).fname;
  if (!cur || f === undefined) return;
  const o = s.o;
  const name = f === '-' ? '(standard input)' : f;
  if (o.c) c.write((o.names ? name + ':' : '') + cur.n + '\n');
  if (o.l && cur.n > 0 && !o.q) c.write(name + '\n');
  if (o.L && cur.n === 0 && !o.q) c.write(name + '\n');
  delete s.cur;
}

function matcher(s: GrepState): RegExp {
  const o = s.o;
  const alts = s.pats.map(p => {
    let src: string;
    if (o.F) src = p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else { src = compile(p, o.E).source; }
    if (o.x) return `^(?:${src})$`;
    if (o.w) return `(?<![\\w])(?:${src})(?![\\w])`;
    return src;
  });
  return new RegExp(alts.length === 1 ? alts[0]! : alts.map(a => `(?:${a})`).join('|'), (o.i ? 'i' : '') + 's');
}

function setup(c: CmdCtx): GrepState | number {
  const p = getopt(c, { short: 'EFGivclLnoqsrRwxhHA:B:C:e:f:m:aIzbU', long: bb(c) ? undefined : LONG, code: 2 });
  if (typeof p === 'number') return p;
  const f = p.f;
  const pats: string[] = [];
  for (const [k, v] of p.list) {
    if (k === 'e') pats.push(...v!.split('\n'));
    if (k === 'f') {
      const t = readFile(c, v!);
      if (t === undefined) return 2;
      pats.push(...t.replace(/\n$/, '').split('\n').filter((x, i, a) => !(x === '' && a.length === 1 && t === '')));
    }
  }
  const args = [...p.args];
  if (!p.all.e && !p.all.f) {
    const pat = args.shift();
    if (pat === undefined) return usageError(c, '', 2);
    pats.push(...pat.split('\n'));
  }
  const num = (k: string) => (p.v[k] !== undefined ? Number(p.v[k]) : undefined);
  for (const k of ['A', 'B', 'C', 'm']) {
    const v = p.v[k];
    if (v !== undefined && !/^\d+$/.test(v)) {
      c.err(bb(c) ? `grep: invalid number '${v}'` : k === 'm' ? `grep: invalid max count` : `grep: ${v}: invalid context length argument`);
      return 2;
    }
  }
  const ctx = num('C') ?? 0;
  const rec = !!(f.r || f.R);
  let files = args;
  if (!files.length) files = rec && !bb(c) ? ['.'] : ['-'];
  const implicitDot = rec && !args.length && !bb(c);
  if (rec) {
    const expanded: string[] = [];
    for (const file of files) {
      if (file === '-') { expanded.push(file); continue; }
      let st;
      try { st = c.fs.stat(file, c.cwd); } catch { st = undefined; }
      if (st?.k === 'd') walk(c, file, expanded, implicitDot, p.all.INC, p.all.EXC, p.all.EXD);
      else expanded.push(file);
    }
    files = expanded;
  } else {
    // a directory operand: GNU says so (exit 2), busybox skips it quietly
    files = files.filter(file => {
      if (file === '-') return true;
      let st;
      try { st = c.fs.stat(file, c.cwd); } catch { return true; }
      if (st?.k !== 'd') return true;
      if (!bb(c) && !f.s) c.err(`grep: ${file}: Is a directory`);
      if (!bb(c)) (c.st as { dirErr?: boolean }).dirErr = true;
      return false;
    });
  }
  const names = f.h ? false : f.H ? true : files.length > 1 || (rec && !(args.length === 1 && files.length === 1 && args[0] === files[0]));
  const s: GrepState = {
    o: {
      E: !!f.E || c.name === 'egrep', F: !!f.F || c.name === 'fgrep', i: !!f.i, v: !!f.v, c: !!f.c, l: !!f.l, L: !!f.L, n: !!f.n, oo: !!f.o, q: !!f.q,
      s: !!f.s, r: rec, w: !!f.w, x: !!f.x, names, A: num('A') ?? ctx, B: num('B') ?? ctx, m: num('m') ?? -1, z: !!f.z,
    },
    pats, files, any: false, err: !!(c.st as { dirErr?: boolean }).dirErr, printedGroup: false,
  };
  if (s.o.s) { const err = c.err; c.err = (m: string) => { if (!/^grep: .*: (No such file|Permission denied|Is a directory)/.test(m)) err(m); }; }
  return s;
}

function walk(c: CmdCtx, dir: string, out: string[], implicit: boolean, inc?: string[], exc?: string[], excDir?: string[]): void {
  let entries: [string, import('../fs').Inode][];
  try { entries = c.fs.readDir(dir, c.cwd, c.cred); }
  catch (e) { c.err(`grep: ${dir}: ${fsMsg(e)}`); return; }
  const { matchPattern } = require('../sh/expand') as typeof import('../sh/expand');
  for (const [name, node] of entries) {
    const path = implicit && dir === '.' ? name : `${dir.replace(/\/$/, '')}/${name}`;
    if (node.k === 'd') { if (excDir?.some(p => matchPattern(name, p))) continue; walk(c, path, out, false, inc, exc, excDir); continue; }
    if (node.k === 'l') continue;
    if (inc?.length && !inc.some(p => matchPattern(name, p))) continue;
    if (exc?.some(p => matchPattern(name, p))) continue;
    out.push(path);
  }
}

register({ grep, egrep: grep, fgrep: grep });
