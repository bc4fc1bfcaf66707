// Text filters: cat head tail wc sort uniq cut tr tee xargs tac rev nl paste comm fold seq expr, as GNU
// coreutils and busybox print them. Filters that can work line by line stream (cat, head, cut, tr, tee,
// nl, rev, uniq), so pipelines fed by `tail -f` flow; the others read their input whole.
import type { CmdCtx, CmdResult } from '../types';
import { register } from './index';
import { getopt, bb, musl, readInputs, readFile, eachLine, isBlock, fileErr, usageError, runChild, fsMsg, device, deviceBytes, isStdinPath, stdinIsDir, stdinDirError } from './lib';
import { toBytes, fromBytes, byteLength } from '../bytes';

const lines = (s: string) => { const l = s.split('\n'); if (l[l.length - 1] === '') l.pop(); return l; };

// ------------------------------------------------------------------------------------------ cat
function cat(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'nbsvETAeut', long: bb(c) ? undefined : { number: 'n', 'number-nonblank': 'b', 'squeeze-blank': 's', 'show-ends': 'E', 'show-tabs': 'T', 'show-all': 'A', 'show-nonprinting': 'v' } }));
  if (typeof p === 'number') return p;
  const files = p.args.length ? p.args : ['-'];
  const number = !!p.f.n, nonblank = !!p.f.b, squeeze = !!p.f.s, ends = !!(p.f.E || p.f.A || p.f.e), tabs = !!(p.f.T || p.f.A || p.f.t);
  const plain = !number && !nonblank && !squeeze && !ends && !tabs;
  c.st.rc ??= 0;
  // plain cat copies bytes as they come, without waiting for whole lines
  if (plain) {
    c.st.i ??= 0;
    for (; c.st.i < files.length; c.st.i++) {
      const f = files[c.st.i]!;
      if (f === '-' || isStdinPath(f)) {
        if (stdinIsDir(c)) { stdinDirError(c); c.st.rc = 1; continue; }
        for (;;) {
          const d = c.read(0);
          if (d === undefined) return { block: { read: 0 } };
          if (d === null) break;
          if (!c.write(d)) return 1;
        }
        continue;
      }
      // an endless device: chunks until nobody reads
      const dev = device(c, f);
      if (dev === 'zero' || dev === 'urandom') { if (!c.write(deviceBytes(c, dev, 4096))) return 1; return { block: { ms: 0 } }; }
      const t = readFile(c, f, { verb: "can't open" });
      if (t === undefined) { c.st.rc = 1; continue; }
      if (!c.write(t)) return 1;
    }
    return c.st.rc;
  }
  c.st.ln ??= 0;
  const r = eachLine(c, files, (line, nl) => {
    if (squeeze && line === '') { if (c.st.blank) return; c.st.blank = 1; } else c.st.blank = 0;
    let t = line;
    if (tabs) t = t.replace(/\t/g, '^I');
    if (ends && nl) t += '$';
    if (nonblank ? line !== '' : number) t = `${String(++c.st.ln).padStart(6)}\t${t}`;
    c.write(t + (nl ? '\n' : ''));
  }, (_f, ok) => { if (!ok) c.st.rc = 1; }, { verb: "can't open" });
  if (isBlock(r)) return r;
  return c.st.rc;
}

// ------------------------------------------------------------------------------------------ head / tail
function countArg(c: CmdCtx, v: string, what: 'lines' | 'bytes'): { n: number; from?: boolean; neg?: boolean } | undefined {
  const m = /^([+-]?)(\d+)(b|kB|K|k|KiB|MB|M|MiB|GB|G)?$/.exec(v);
  if (!m) {
    c.err(bb(c) ? `${c.name}: invalid number '${v}'` : `${c.name}: invalid number of ${what}: '${v}'`);
    return undefined;
  }
  const mult: Record<string, number> = { b: 512, kB: 1000, K: 1024, k: 1024, KiB: 1024, MB: 1e6, M: 1048576, MiB: 1048576, GB: 1e9, G: 1073741824 };
  return { n: Number(m[2]) * (m[3] ? mult[m[3]]! : 1), from: m[1] === '+', neg: m[1] === '-' };
}

function head(c: CmdCtx): CmdResult {
  if (!c.st.init) {
    const p = getopt(c, { short: 'n:c:qv', num: 'n', long: bb(c) ? undefined : { lines: 'n:', bytes: 'c:', quiet: 'q', silent: 'q', verbose: 'v' } });
    if (typeof p === 'number') return p;
    const bytes = p.v.c !== undefined;
    const cnt = countArg(c, bytes ? p.v.c! : p.v.n ?? '10', bytes ? 'bytes' : 'lines');
    if (!cnt) return 1;
    const files = p.args.length ? p.args : ['-'];
    c.st.init = { bytes, n: cnt.n, neg: cnt.neg, files, hdr: p.f.v ? true : p.f.q ? false : files.length > 1 };
    c.st.rc = 0;
  }
  const o = c.st.init as { bytes: boolean; n: number; neg: boolean; files: string[]; hdr: boolean };
  const gnuOpen = "cannot open '%s' for reading";
  // the first N bytes of a device
  if (o.bytes && !o.neg && o.files.length === 1) { const dev = device(c, o.files[0]!); if (dev === 'zero' || dev === 'urandom') { c.write(deviceBytes(c, dev, o.n)); return 0; } }
  // the first N bytes of standard input: as they come
  if (o.bytes && !o.neg && o.files.length === 1 && (o.files[0] === '-' || isStdinPath(o.files[0]!))) {
    c.st.left ??= o.n;
    while (c.st.left > 0) {
      const d = c.read(0);
      if (d === undefined) return { block: { read: 0 } };
      if (d === null) break;
      const b = toBytes(d);
      c.write(fromBytes(b.subarray(0, c.st.left)));
      c.st.left -= Math.min(b.length, c.st.left);
    }
    return 0;
  }
  // negative counts (all but the last N) and byte counts need whole inputs
  if (o.neg || o.bytes) {
    const ins = readInputs(c, o.files, { gnu: gnuOpen });
    if (ins === 'block') return { block: { read: 0 } };
    let first = true;
    for (const { name, text } of ins) {
      if (text === undefined) { c.st.rc = 1; continue; }
      if (o.hdr) { c.write(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`); first = false; }
      if (o.bytes) { const b = toBytes(text); c.write(fromBytes(o.neg ? b.subarray(0, Math.max(0, b.length - o.n)) : b.subarray(0, o.n))); }
      else { const l = text.split('\n'); const trail = l[l.length - 1] === ''; if (trail) l.pop(); const keep = l.slice(0, Math.max(0, l.length - o.n)); c.write(keep.map(x => x + '\n').join('')); }
    }
    return c.st.rc;
  }
  c.st.left ??= o.n;
  c.st.first ??= 1;
  const r = eachLine(c, o.files, (line, nl) => {
    if (c.st.left <= 0) return 'next';
    c.write(line + (nl ? '\n' : ''));
    c.st.left--;
    if (c.st.left <= 0) return o.files.length === 1 ? 'stop' : 'next';
  }, (name, ok) => {
    if (!ok) { c.st.rc = 1; return; }
    c.st.left = o.n;
    if (o.hdr) { c.write(`${c.st.first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`); c.st.first = 0; }
  }, { gnu: gnuOpen });
  if (isBlock(r)) return r;
  return c.st.rc;
}

function tail(c: CmdCtx): CmdResult {
  if (!c.st.init) {
    // historical forms: tail -20, tail +5, tail -n+5
    const argv = c.argv.slice(1).map((a, i) => (i === 0 && /^\+\d+$/.test(a) ? `-n${a}` : a));
    const p = getopt(c, { short: 'n:c:fFqvs:', num: 'n', long: bb(c) ? undefined : { lines: 'n:', bytes: 'c:', follow: 'f?', retry: 'R', quiet: 'q', silent: 'q', verbose: 'v', 'sleep-interval': 's:', pid: 'P:' } }, argv);
    if (typeof p === 'number') return p;
    const bytes = p.v.c !== undefined;
    const cnt = countArg(c, bytes ? p.v.c! : p.v.n ?? '10', bytes ? 'bytes' : 'lines');
    if (!cnt) return 1;
    const files = p.args.length ? p.args : ['-'];
    const follow = p.f.F ? 'F' : p.f.f ? (p.v.f === 'name' || p.f.R ? 'F' : 'f') : false;
    c.st.init = { bytes, n: cnt.n, from: cnt.from, files, follow, hdr: p.f.v ? true : p.f.q ? false : files.length > 1 };
    c.st.rc = 0;
  }
  const o = c.st.init as { bytes: boolean; n: number; from: boolean; files: string[]; follow: false | 'f' | 'F'; hdr: boolean };
  const pick = (data: string): string => {
    if (o.bytes) { const b = toBytes(data); return fromBytes(o.from ? b.subarray(Math.max(0, o.n - 1)) : b.subarray(Math.max(0, b.length - o.n))); }
    const l = data.split('\n');
    const trailing = l[l.length - 1] === '';
    if (trailing) l.pop();
    const keep = o.from ? l.slice(Math.max(0, o.n - 1)) : o.n === 0 ? [] : l.slice(-o.n);
    return keep.length ? keep.join('\n') + (trailing || keep.length < l.length ? '\n' : '') : '';
  };
  if (!o.follow) {
    const ins = readInputs(c, o.files, { verb: "can't open", gnu: "cannot open '%s' for reading" });
    if (ins === 'block') return { block: { read: 0 } };
    let first = true;
    for (const { name, text } of ins) {
      if (text === undefined) { c.st.rc = 1; continue; }
      if (o.hdr) { c.write(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`); first = false; }
      c.write(pick(text));
    }
    if (bb(c) && ins.every(x => x.text === undefined)) c.err('tail: no files');
    return c.st.rc;
  }
  return follow(c, o, pick);
}

/** tail -f / -F: print the tail, then whatever is appended, forever (files are polled once a second). */
function follow(c: CmdCtx, o: { files: string[]; follow: false | 'f' | 'F'; hdr: boolean }, pick: (s: string) => string): CmdResult {
  const st = (c.st.fw ??= { pos: {} as Record<string, number>, missing: {} as Record<string, 1>, last: '' });
  const stdinOnly = o.files.every(f => f === '-' || f === '/dev/stdin');
  if (stdinOnly) {
    // following a pipe: print its tail once it ends… or as it comes when it never does
    const got = c.read(0);
    if (got === undefined) return { block: { read: 0 } };
    if (got !== null) { c.write(got); return { block: { read: 0 } }; }
    return { block: { forever: true } };
  }
  let live = 0;
  for (const f of o.files) {
    if (f === '/dev/null') { live++; continue; }
    let data: string | undefined;
    try {
      const s = c.fs.stat(f, c.cwd);
      if (s?.k === 'd') { if (st.pos[f] === undefined) { c.err(bb(c) ? `tail: read error: Is a directory` : `tail: error reading '${f}': Is a directory`); st.pos[f] = -1; } continue; }
      data = c.fs.readFile(f, c.cwd, c.cred);
    } catch (e) {
      if (st.pos[f] === undefined && !st.missing[f]) {
        c.err(bb(c) ? `tail: can't open '${f}': ${fsMsg(e)}` : `tail: cannot open '${f}' for reading: ${fsMsg(e)}`);
        st.missing[f] = 1;
        if (o.follow === 'F') live++;
      } else if (st.pos[f] !== undefined && st.pos[f] >= 0) {
        // the file went away
        if (o.follow === 'F') { if (!bb(c)) c.err(`tail: '${f}' has become inaccessible: ${fsMsg(e)}`); delete st.pos[f]; st.missing[f] = 1; }
        live++;
      } else if (o.follow === 'F') live++;
      continue;
    }
    live++;
    const hdr = (text: string) => {
      if (!text) return;
      if (o.hdr && st.last !== f) { c.write(`${st.last === '' ? '' : '\n'}==> ${f} <==\n`); st.last = f; }
      c.write(text);
    };
    if (st.pos[f] === undefined) {
      if (st.missing[f]) { if (!bb(c)) c.err(`tail: '${f}' has appeared;  following new file`); hdr(data); delete st.missing[f]; }
      else { if (o.hdr) { c.write(`${st.last === '' ? '' : '\n'}==> ${f} <==\n`); st.last = f; } c.write(pick(data)); }
      st.pos[f] = data.length;
    } else if (data.length > st.pos[f]) { hdr(data.slice(st.pos[f])); st.pos[f] = data.length; }
    else if (data.length < st.pos[f]) { c.err(`tail: ${f}: file truncated`); hdr(data); st.pos[f] = data.length; }
  }
  if (!live && !bb(c)) { c.err('tail: no files remaining'); return 1; }
  if (!live) return 1;
  // sleep until a followed file changes (inotify); /dev/null never does
  const watched = o.files.filter(f => f !== '/dev/null' && (st.pos[f] === undefined || st.pos[f] >= 0));
  if (!watched.length) return { block: { forever: true } };
  const f0 = watched[0]!;
  let abs: string;
  try { abs = c.fs.resolve(f0, c.cwd); } catch { abs = f0; }
  const size = st.pos[f0] !== undefined ? st.pos[f0] : -1;
  // several files: one is watched, the others looked at when it changes or each second
  return watched.length > 1 ? { block: { watch: abs, size, ms: 1000 } } : { block: { watch: abs, size } };
}

// ------------------------------------------------------------------------------------------ wc
function wc(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'lwcmL', long: bb(c) ? undefined : { lines: 'l', words: 'w', bytes: 'c', chars: 'm', 'max-line-length': 'L' } }));
  if (typeof p === 'number') return p;
  const want = { l: !!p.f.l, w: !!p.f.w, m: !!p.f.m, c: !!p.f.c, L: !!p.f.L };
  if (!want.l && !want.w && !want.c && !want.m && !want.L) want.l = want.w = want.c = true;
  const files = p.args.length ? p.args : ['-'];
  const ins = readInputs(c, files, { dirError: f => c.err(bb(c) ? `wc: read error: Is a directory` : `wc: ${f}: Is a directory`) });
  if (ins === 'block') return { block: { read: 0 } };
  let rc = 0;
  const rows: { counts: number[]; name: string }[] = [];
  let regularTotal = 0, stdin = false;
  for (const { name, text } of ins) {
    if (text === undefined) { rc = 1; if (bb(c)) continue; continue; }
    const counts: number[] = [];
    if (want.l) counts.push((text.match(/\n/g) ?? []).length);
    if (want.w) counts.push(text.split(/[ \t\n\v\f\r]+/).filter(Boolean).length);
    if (want.m) counts.push(/utf-?8/i.test(c.env.LC_ALL || c.env.LC_CTYPE || c.env.LANG || '') ? [...text].length : byteLength(text));
    if (want.c) counts.push(byteLength(text));
    if (want.L) counts.push(Math.max(0, ...text.split('\n').map(l => l.replace(/\t/g, '        ').length)));
    rows.push({ counts, name: name === '-' ? (p.args.length ? '-' : '') : name });
    if (name === '-') stdin = true; else regularTotal += byteLength(text);
  }
  if (files.length > 1) rows.push({ counts: rows[0] ? rows[0].counts.map((_, i) => rows.reduce((s, r) => s + r.counts[i]!, 0)) : [], name: 'total' });
  const ncounts = Object.values(want).filter(Boolean).length;
  let width: number;
  if (bb(c)) width = ncounts === 1 && files.length === 1 ? 0 : 9;
  else if (ncounts === 1 && files.length === 1) width = 1;
  else { width = String(regularTotal).length; if (stdin) width = Math.max(width, 7); }
  for (const r of rows) {
    const cols = r.counts.map((x, i) => (bb(c) ? (i === 0 ? String(x).padStart(width) : String(x).padStart(width)) : String(x).padStart(width)));
    c.write(cols.join(' ') + (r.name ? ` ${r.name}` : '') + '\n');
  }
  return rc;
}

// ------------------------------------------------------------------------------------------ sort
interface Key { f1: number; c1: number; f2: number; c2: number; opts: string }
function sort(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: bb(c) ? 'nrugMcszbdfio:k:t:VS:T:' : 'nrugMcszbdfio:k:t:hVS:T:CR', long: bb(c) ? undefined : { 'numeric-sort': 'n', reverse: 'r', unique: 'u', 'general-numeric-sort': 'g', 'month-sort': 'M', check: 'c', stable: 's', 'zero-terminated': 'z', 'ignore-leading-blanks': 'b', 'dictionary-order': 'd', 'ignore-case': 'f', output: 'o:', key: 'k:', 'field-separator': 't:', 'human-numeric-sort': 'h', 'version-sort': 'V', 'buffer-size': 'S:', 'temporary-directory': 'T:', parallel: 'P:' }, code: 2 }));
  if (typeof p === 'number') return p;
  const f = p.f;
  const t = p.v.t;
  if (t !== undefined && t.length !== 1 && !(t === '\\0')) { c.err(bb(c) ? `sort: bad -t parameter` : `sort: multi-character tab '${t}'`); return 2; }
  const keys: Key[] = [];
  for (const k of p.all.k ?? []) {
    const m = /^(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*)(?:,(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*))?$/.exec(k);
    if (!m || m[1] === '0') { c.err(bb(c) ? `sort: bad field specification '${k}'` : `sort: invalid number at field start: invalid count at start of '${k}'`); return 2; }
    keys.push({ f1: Number(m[1]), c1: Number(m[2] ?? 0), f2: m[4] ? Number(m[4]) : 0, c2: Number(m[5] ?? 0), opts: (m[3] ?? '') + (m[6] ?? '') });
  }
  const files = p.args.length ? p.args : ['-'];
  const ins = readInputs(c, files, { dirError: f => c.err(bb(c) ? `sort: read error: Is a directory` : `sort: read failed: ${f}: Is a directory`) });
  if (ins === 'block') return { block: { read: 0 } };
  if (ins.some(x => x.text === undefined)) return 2;
  const sep = f.z ? '\0' : '\n';
  let all: string[] = [];
  for (const x of ins) { const l = x.text!.split(sep); if (l[l.length - 1] === '') l.pop(); all.push(...l); }
  const global = Object.keys(f).filter(k => 'bdfgiMhnrRV'.includes(k)).join('');
  const field = (line: string, k: Key): string => {
    const fields: [number, number][] = [];
    if (t !== undefined) { let s = 0; for (;;) { const i = line.indexOf(t, s); if (i < 0) { fields.push([s, line.length]); break; } fields.push([s, i]); s = i + 1; } }
    else { const re = /[ \t]*[^ \t]*/g; let m; while ((m = re.exec(line)) && m[0] !== '') fields.push([m.index, m.index + m[0].length]); if (!fields.length) fields.push([0, line.length]); }
    const opts = k.opts || global;
    const b = opts.includes('b');
    const fs = fields[k.f1 - 1];
    if (!fs) return '';
    let start = fs[0];
    if (b || (t === undefined && k.c1)) while (start < fs[1] && /[ \t]/.test(line[start]!)) start++;
    if (k.c1) start = Math.min(fs[1], start + k.c1 - 1);
    let end = line.length;
    if (k.f2) {
      const fe = fields[k.f2 - 1];
      if (!fe) end = line.length;
      else if (k.c2) { let s2 = fe[0]; if (b || t === undefined) while (s2 < fe[1] && /[ \t]/.test(line[s2]!)) s2++; end = Math.min(fe[1], s2 + k.c2); }
      else end = fe[1];
    }
    return end > start ? line.slice(start, end) : '';
  };
  const numOf = (s: string): number => { const m = /^\s*(-?\d*\.?\d*)/.exec(s)!; const v = parseFloat(m[1]!); return Number.isNaN(v) ? 0 : v; };
  const human = (s: string): number => { const m = /^\s*(-?\d*\.?\d+)([KMGTPEZY]?)/i.exec(s); if (!m) return 0; return parseFloat(m[1]!) * 1024 ** ('KMGTPEZY'.indexOf(m[2]!.toUpperCase()) + 1 || 0) * (m[2] ? 1 : 1) / (m[2] ? 1 : 1024 ** 0); };
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cmpBy = (a: string, b: string, opts: string): number => {
    let x = a, y = b;
    if (opts.includes('b')) { x = x.replace(/^[ \t]+/, ''); y = y.replace(/^[ \t]+/, ''); }
    if (opts.includes('d')) { x = x.replace(/[^ \t\w]/g, ''); y = y.replace(/[^ \t\w]/g, ''); }
    if (opts.includes('f')) { x = x.toUpperCase(); y = y.toUpperCase(); }
    let r: number;
    if (opts.includes('n') || opts.includes('g')) r = numOf(x) - numOf(y);
    else if (opts.includes('h')) { const hv = (s: string) => { const m = /^\s*(-?\d*\.?\d+)([KMGTPEZY]?)/i.exec(s); if (!m) return [0, 0]; return [m[2] ? 'KMGTPEZY'.indexOf(m[2].toUpperCase()) + 1 : 0, parseFloat(m[1]!)]; }; const [ua, va] = hv(x), [ub, vb] = hv(y); r = (va! < 0 ? -1 : 1) * (ua! - ub!) || va! - vb!; }
    else if (opts.includes('M')) r = months.indexOf(x.trim().slice(0, 3).toUpperCase()) - months.indexOf(y.trim().slice(0, 3).toUpperCase());
    else if (opts.includes('V')) r = x.localeCompare(y, 'en', { numeric: true });
    else r = cmpStr(x, y);
    r = Math.sign(r);
    return opts.includes('r') ? -r : r;
  };
  void human;
  const cmp = (a: string, b: string): number => {
    for (const k of keys) { const r = cmpBy(field(a, k), field(b, k), k.opts || global); if (r) return r; }
    if (!keys.length) { const r = cmpBy(a, b, global); if (r) return r; }
    if (f.s || f.u) return 0;
    // last resort: the whole line, bytewise
    const r = cmpStr(a, b);
    return global.includes('r') && !keys.length ? -r : keys.length && global.includes('r') ? -r : r;
  };
  if (f.c || f.C) {
    for (let i = 1; i < all.length; i++) {
      const r = cmp(all[i - 1]!, all[i]!);
      if (r > 0 || (f.u && r === 0)) { if (!f.C) c.err(bb(c) ? `Check line ${i}` : `sort: ${files[0] === '-' ? '-' : files[0]}:${i + 1}: disorder: ${all[i]}`); return 1; }
    }
    return 0;
  }
  const idx = all.map((l, i) => [l, i] as [string, number]);
  idx.sort((a, b) => cmp(a[0], b[0]) || a[1] - b[1]);
  all = idx.map(x => x[0]);
  if (f.u) all = all.filter((l, i) => i === 0 || cmp(all[i - 1]!, l) !== 0);
  const text = all.map(l => l + sep).join('');
  if (p.v.o !== undefined) {
    try { c.fs.writeFile(p.v.o, text, { cwd: c.cwd, cred: c.cred }); }
    catch (e) { c.err(bb(c) ? `sort: can't open '${p.v.o}': ${fsMsg(e)}` : `sort: open failed: ${p.v.o}: ${fsMsg(e)}`); return 2; }
    return 0;
  }
  c.write(text);
  return 0;
}

// ------------------------------------------------------------------------------------------ uniq
function uniq(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'cduif:s:w:z', num: 'f', long: bb(c) ? undefined : { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i', 'skip-fields': 'f:', 'skip-chars': 's:', 'check-chars': 'w:' } }));
  if (typeof p === 'number') return p;
  const f = p.f;
  const [inFile = '-', outFile] = p.args;
  const key = (l: string) => {
    let k = l;
    const nf = Number(p.v.f ?? 0);
    for (let i = 0; i < nf; i++) k = k.replace(/^[ \t]*[^ \t]*/, '');
    k = k.slice(Number(p.v.s ?? 0));
    if (p.v.w !== undefined) k = k.slice(0, Number(p.v.w));
    return f.i ? k.toLowerCase() : k;
  };
  const st = (c.st.u ??= { prev: null as string | null, n: 0, out: '' });
  const flush = () => {
    if (st.prev === null) return;
    if ((f.d && st.n < 2) || (f.u && st.n > 1)) return;
    const line = f.c ? `${String(st.n).padStart(7)} ${st.prev}\n` : st.prev + '\n';
    if (outFile !== undefined) st.out += line; else c.write(line);
  };
  const r = eachLine(c, [inFile], line => {
    if (st.prev !== null && key(st.prev) === key(line)) { st.n++; return; }
    flush();
    st.prev = line; st.n = 1;
  });
  if (isBlock(r)) return r;
  flush();
  if (outFile !== undefined) {
    try { c.fs.writeFile(outFile, st.out, { cwd: c.cwd, cred: c.cred }); } catch (e) { fileErr(c, outFile, e); return 1; }
  }
  return readFailed(c, inFile) ? 1 : 0;
}
function readFailed(c: CmdCtx, f: string): boolean { if (f === '-') return false; try { return !c.fs.stat(f, c.cwd); } catch { return true; } }

// ------------------------------------------------------------------------------------------ cut
function parseList(c: CmdCtx, s: string, mode = 'f'): [number, number][] | undefined {
  const out: [number, number][] = [];
  for (const part of s.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (part === '-') || (!m[1] && !m[3])) { c.err(bb(c) ? `cut: invalid range` : part === '' || part === '-' ? `cut: invalid range with no endpoint: -` : `cut: invalid field value '${part}'`); return undefined; }
    const a = m[1] ? Number(m[1]) : 1, b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a === 0 || b === 0) { if (bb(c)) { c.err('cut: fields and positions are numbered from 1'); return undefined; } usageError(c, mode === 'f' ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1'); return undefined; }
    if (b < a) { c.err(bb(c) ? 'cut: invalid range' : 'cut: invalid decreasing range'); return undefined; }
    out.push([a, b]);
  }
  return out;
}
function cut(c: CmdCtx): CmdResult {
  if (!c.st.o) {
    const p = getopt(c, { short: 'b:c:f:d:snz', long: bb(c) ? undefined : { bytes: 'b:', characters: 'c:', fields: 'f:', delimiter: 'd:', 'only-delimited': 's', complement: 'C', 'output-delimiter': 'D:' } });
    if (typeof p === 'number') return p;
    const modes = ['b', 'c', 'f'].filter(k => p.v[k] !== undefined);
    if (modes.length !== 1) {
      if (bb(c)) { c.err(modes.length ? 'cut: only one type of list may be specified' : 'cut: expected a list of bytes, characters, or fields'); return 1; }
      return usageError(c, modes.length ? 'only one type of list may be specified' : 'you must specify a list of bytes, characters, or fields');
    }
    const d = bb(c) ? (p.v.d ?? '\t').slice(0, 1) : p.v.d ?? '\t';
    if (d.length > 1) return usageError(c, 'the delimiter must be a single character');
    const list = bb(c) ? parseList(c, p.v[modes[0]!]!.replace(/(^|,)0(?=,|$)/g, '$11')) : parseList(c, p.v[modes[0]!]!, modes[0]!);
    if (!list) return 1;
    c.st.o = { mode: modes[0], list, d, s: !!p.f.s, comp: !!p.f.C, od: p.v.D, files: p.args.length ? p.args : ['-'] };
    c.st.rc = 0;
  }
  const o = c.st.o as { mode: string; list: [number, number][]; d: string; s: boolean; comp: boolean; od?: string; files: string[] };
  const sel = (i: number) => o.list.some(([a, b]) => i >= a && i <= b) !== o.comp;
  const r = eachLine(c, o.files, (line, nl) => {
    let out: string;
    if (o.mode === 'f') {
      if (!line.includes(o.d)) { if (o.s) return; out = line; }
      else { const parts = line.split(o.d); out = parts.filter((_, i) => sel(i + 1)).join(o.od ?? o.d); }
    } else {
      const chars = o.mode === 'b' ? [...toBytes(line)].map(b => String.fromCharCode(b)) : [...line];
      const picked = chars.filter((_, i) => sel(i + 1)).join('');
      out = o.mode === 'b' ? fromBytes(Buffer.from(picked, 'latin1')) : picked;
    }
    c.write(out + (nl || true ? '\n' : ''));
  }, (_f, ok) => { if (!ok) c.st.rc = 1; });
  if (isBlock(r)) return r;
  return c.st.rc;
}

// ------------------------------------------------------------------------------------------ tr
function trSet(s: string, complement = false): { chars: string[]; classes: string[] } {
  const out: string[] = [];
  const classes: string[] = [];
  const cls: Record<string, string> = { upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lower: 'abcdefghijklmnopqrstuvwxyz', digit: '0123456789', space: ' \t\n\r\f\v', blank: ' \t', alpha: '', alnum: '', punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', xdigit: '0123456789ABCDEFabcdef', cntrl: '' };
  cls.alpha = cls.upper! + cls.lower!; cls.alnum = cls.digit! + cls.alpha;
  cls.cntrl = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\x7f';
  const unesc = (i: number): [string, number] => {
    const n = s[i + 1];
    if (n === undefined) return ['\\', 1];
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\' };
    if (n in map) return [map[n]!, 2];
    const m = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (m) return [String.fromCharCode(parseInt(m[0], 8)), 1 + m[0].length];
    return [n, 2];
  };
  for (let i = 0; i < s.length;) {
    const m = /^\[:(\w+):\]/.exec(s.slice(i));
    if (m && cls[m[1]!] !== undefined) { out.push(...cls[m[1]!]!); classes.push(m[1]!); i += m[0].length; continue; }
    const rep = /^\[(.)\*(\d*)\]/.exec(s.slice(i));
    if (rep) { out.push(...Array(Number(rep[2] || 0) || 1).fill(rep[1])); if (!rep[2]) out.push('\u0000REPEAT'); i += rep[0].length; continue; }
    let ch: string, len: number;
    if (s[i] === '\\') [ch, len] = unesc(i); else { ch = s[i]!; len = 1; }
    if (s[i + len] === '-' && i + len + 1 < s.length) {
      let hi: string, l2: number;
      if (s[i + len + 1] === '\\') [hi, l2] = unesc(i + len + 1); else { hi = s[i + len + 1]!; l2 = 1; }
      for (let x = ch.charCodeAt(0); x <= hi.charCodeAt(0); x++) out.push(String.fromCharCode(x));
      i += len + 1 + l2;
      continue;
    }
    out.push(ch);
    i += len;
  }
  void complement;
  return { chars: out, classes };
}
function tr(c: CmdCtx): CmdResult {
  if (!c.st.o) {
    const p = getopt(c, { short: 'cCdst', long: bb(c) ? undefined : { complement: 'c', delete: 'd', 'squeeze-repeats': 's', 'truncate-set1': 't' } });
    if (typeof p === 'number') return p;
    const f = p.f;
    const del = !!f.d, sq = !!f.s, comp = !!(f.c || f.C);
    const need = del && sq ? 2 : del || (sq && p.args.length < 2) ? 1 : 2;
    if (p.args.length < need) {
      if (bb(c)) return usageError(c, '').valueOf() && 1;
      c.err(p.args.length ? `tr: missing operand after '${p.args[p.args.length - 1]}'` : 'tr: missing operand');
      if (p.args.length && need === 2) c.err(del ? 'Two strings must be given when both deleting and squeezing repeats.' : 'Two strings must be given when translating.');
      c.err("Try 'tr --help' for more information.");
      return 1;
    }
    if (p.args.length > need && !(sq && !del && p.args.length === 2)) {
      if (!bb(c)) { c.err(`tr: extra operand '${p.args[need]}'`); if (del && p.args.length === 2) c.err('Only one string may be given when deleting without squeezing repeats.'); c.err("Try 'tr --help' for more information."); return 1; }
    }
    const s1 = trSet(p.args[0]!).chars;
    const s2raw = p.args[1] !== undefined ? trSet(p.args[1]).chars : [];
    c.st.o = { del, sq, comp, s1, s2raw, trunc: !!f.t };
  }
  const o = c.st.o as { del: boolean; sq: boolean; comp: boolean; s1: string[]; s2raw: string[]; trunc: boolean };
  const in1 = new Set(o.s1);
  const member = (ch: string) => in1.has(ch) !== o.comp;
  let map: Map<string, string> | undefined;
  let s2 = o.s2raw.filter(x => x !== '\u0000REPEAT');
  const rptAt = o.s2raw.indexOf('\u0000REPEAT');
  if (!o.del && s2.length) {
    map = new Map();
    if (!o.comp) {
      if (rptAt >= 0) { const fill = o.s2raw[rptAt - 1]!; const need = o.s1.length - (s2.length - 1); s2 = [...o.s2raw.slice(0, rptAt - 1), ...Array(Math.max(1, need)).fill(fill), ...o.s2raw.slice(rptAt + 1)]; }
      for (let i = 0; i < o.s1.length; i++) map.set(o.s1[i]!, s2[Math.min(i, s2.length - 1)]!);
    }
  }
  const sqSet = new Set(o.del ? s2 : s2.length ? s2 : o.s1);
  const st = (c.st.t ??= { last: '' });
  for (;;) {
    const d = c.read(0);
    if (d === undefined) return { block: { read: 0 } };
    if (d === null) return 0;
    let out = '';
    for (const ch of d) {
      let x: string | undefined = ch;
      if (o.del && member(ch)) continue;
      if (map) { if (o.comp) { if (member(ch)) x = s2[s2.length - 1]; } else if (map.has(ch)) x = map.get(ch); }
      if (o.sq && x === st.last && (o.del || !map ? (o.comp && !o.del ? member(x!) : sqSet.has(x!)) : sqSet.has(x!))) continue;
      out += x;
      st.last = x!;
    }
    if (!c.write(out)) return 1;
  }
}

// ------------------------------------------------------------------------------------------ tee
function tee(c: CmdCtx): CmdResult {
  if (!c.st.o) {
    const p = getopt(c, { short: 'aip', long: bb(c) ? undefined : { append: 'a', 'ignore-interrupts': 'i' } });
    if (typeof p === 'number') return p;
    c.st.rc = 0;
    const ok: string[] = [];
    for (const f of p.args) {
      if (f === '-' && !bb(c)) { ok.push(f); continue; }
      try {
        const st = c.fs.stat(f, c.cwd);
        if (st?.k === 'd') throw Object.assign(new (require('../fs').FsError)('EISDIR', f));
        if (!p.f.a || !st) c.fs.writeFile(f, '', { cwd: c.cwd, cred: c.cred });
        ok.push(f);
      } catch (e) { c.err(`tee: ${f}: ${fsMsg(e)}`); c.st.rc = 1; }
    }
    c.st.o = { files: ok };
  }
  for (;;) {
    const d = c.read(0);
    if (d === undefined) return { block: { read: 0 } };
    if (d === null) return c.st.rc;
    c.write(d);
    for (const f of c.st.o.files as string[]) {
      if (f === '-') { c.write(d); continue; }
      try { c.fs.writeFile(f, d, { cwd: c.cwd, append: true, cred: c.cred }); } catch (e) { c.err(`tee: ${f}: ${fsMsg(e)}`); c.st.rc = 1; }
    }
  }
}

// ------------------------------------------------------------------------------------------ xargs
function xargs(c: CmdCtx): CmdResult {
  if (!c.st.o) {
    const p = getopt(c, { short: '+0d:n:I:i::L:l::rtpxs:P:E:e::a:', long: bb(c) ? undefined : { null: '0', delimiter: 'd:', 'max-args': 'n:', replace: 'I?', 'max-lines': 'L:', 'no-run-if-empty': 'r', verbose: 't', interactive: 'p', exit: 'x', 'max-chars': 's:', 'max-procs': 'P:', eof: 'E:', 'arg-file': 'a:' } });
    if (typeof p === 'number') return p;
    const rep = p.v.I ?? (p.f.i ? p.v.i ?? '{}' : undefined);
    c.st.o = { n: p.v.n !== undefined ? Number(p.v.n) : rep !== undefined ? 1 : p.v.L !== undefined ? Number(p.v.L) : Infinity, rep, lines: p.v.L !== undefined || rep !== undefined, nul: !!p.f['0'], delim: p.v.d, r: !!p.f.r, t: !!p.f.t, eof: p.v.E, cmd: p.args.length ? p.args : ['echo'], file: p.v.a };
    c.st.buf = '';
    c.st.rc = 0;
  }
  const o = c.st.o as { n: number; rep?: string; lines: boolean; nul: boolean; delim?: string; r: boolean; t: boolean; eof?: string; cmd: string[]; file?: string };
  // the input, whole (xargs must know where arguments end)
  if (c.st.items === undefined) {
    if (o.file !== undefined) { const t = readFile(c, o.file); if (t === undefined) return 1; c.st.buf = t; }
    else for (;;) {
      const d = c.read(0);
      if (d === undefined) return { block: { read: 0 } };
      if (d === null) break;
      c.st.buf += d;
    }
    const text: string = c.st.buf;
    let items: string[];
    if (o.nul) items = text.split('\0').filter((x, i, a) => !(i === a.length - 1 && x === ''));
    else if (o.delim !== undefined) { const d = o.delim === '\\n' ? '\n' : o.delim === '\\t' ? '\t' : o.delim; items = text.split(d); if (items[items.length - 1] === '' || (d === '\n' && items[items.length - 1] === '')) items.pop(); }
    else if (o.lines && o.rep !== undefined) items = text.split('\n').map(l => l.replace(/^[ \t]+/, '')).filter(l => l !== '');
    else items = splitXargs(text);
    if (o.eof !== undefined) { const k = items.indexOf(o.eof); if (k >= 0) items = items.slice(0, k); }
    c.st.items = items;
    c.st.at = 0;
    delete c.st.buf;
  }
  const items = c.st.items as string[];
  for (;;) {
    if (c.st.child === undefined) {
      if (c.st.at >= items.length && (c.st.at > 0 || o.r || (bb(c) && false))) return c.st.rc;
      const batch = items.slice(c.st.at, c.st.at + (Number.isFinite(o.n) ? o.n : items.length));
      c.st.at += Math.max(1, batch.length);
      const argv = o.rep !== undefined ? o.cmd.map(a => a.split(o.rep!).join(batch[0] ?? '')) : [...o.cmd, ...batch];
      if (o.t) c.err(argv.join(' '));
      c.st.argv = argv;
    }
    const r = runChild(c, 'child', c.st.argv);
    if ('block' in r) return r;
    if ('error' in r) {
      const name = c.st.argv[0];
      if (bb(c)) c.err(`xargs: ${name}: ${r.error === 'EACCES' ? 'Permission denied' : 'No such file or directory'}`);
      else c.err(`xargs: ${name}: ${r.error === 'EACCES' ? 'Permission denied' : 'No such file or directory'}`);
      return r.error === 'EACCES' ? 126 : 127;
    }
    if (r.code === 255) { c.err(`xargs: ${c.st.argv[0]}: exited with status 255; aborting`); return 124; }
    if (r.code >= 128 + 1 && r.code <= 128 + 64) { c.err(`xargs: ${c.st.argv[0]}: terminated by signal ${r.code - 128}`); return 125; }
    if (r.code !== 0) c.st.rc = 123;
    if (c.st.at >= items.length) return c.st.rc;
  }
}
/** xargs' default splitting: blanks and newlines, with '…', "…" and \ quoting. */
function splitXargs(text: string): string[] {
  const out: string[] = [];
  let cur = '', has = false, q: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) { if (ch === q) q = undefined; else cur += ch; continue; }
    if (ch === '"' || ch === "'") { q = ch; has = true; continue; }
    if (ch === '\\' && i + 1 < text.length) { cur += text[++i]; has = true; continue; }
    if (/\s/.test(ch)) { if (has) { out.push(cur); cur = ''; has = false; } continue; }
    cur += ch; has = true;
  }
  if (has) out.push(cur);
  return out;
}

// ------------------------------------------------------------------------------------------ small filters
function wholeFilter(c: CmdCtx, short: string, fn: (text: string, p: Exclude<ReturnType<typeof getopt>, number>) => string | number): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short }));
  if (typeof p === 'number') return p;
  const ins = readInputs(c, p.args.length ? p.args : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  let rc = 0;
  for (const { text } of ins) {
    if (text === undefined) { rc = 1; continue; }
    const r = fn(text, p);
    if (typeof r === 'number') return r;
    c.write(r);
  }
  return rc;
}
function tac(c: CmdCtx): CmdResult {
  return wholeFilter(c, 'bs:r', t => { const l = t.split('\n'); const trail = l[l.length - 1] === ''; if (trail) l.pop(); else if (l.length) { const last = l.pop()!; return last + l.reverse().map(x => x + '\n').join(''); } return l.reverse().map(x => x + '\n').join(''); });
}
function rev(c: CmdCtx): CmdResult {
  const files = c.argv.slice(1).length ? c.argv.slice(1) : ['-'];
  c.st.rc ??= 0;
  const r = eachLine(c, files, (line, nl) => { c.write([...line].reverse().join('') + (nl ? '\n' : '')); }, (_f, ok) => { if (!ok) c.st.rc = 1; });
  if (isBlock(r)) return r;
  return c.st.rc;
}
function nl(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'b:n:s:v:w:i:' }));
  if (typeof p === 'number') return p;
  const style = p.v.b ?? 't', fmt = p.v.n ?? 'rn', sep = p.v.s ?? '\t', w = Number(p.v.w ?? 6);
  c.st.n ??= Number(p.v.v ?? 1);
  c.st.rc ??= 0;
  const r = eachLine(c, p.args.length ? p.args : ['-'], (line, eol) => {
    const number = style === 'a' || (style === 't' && line !== '');
    if (!number) { c.write(' '.repeat(w) + (bb(c) ? sep : ' '.repeat(sep.length)).replace(/./g, bb(c) ? '$&' : ' ') + line + (eol ? '\n' : '')); return; }
    const n = String(c.st.n);
    c.st.n += Number(p.v.i ?? 1);
    const num = fmt === 'ln' ? n.padEnd(w) : fmt === 'rz' ? n.padStart(w, '0') : n.padStart(w);
    c.write(num + sep + line + (eol ? '\n' : ''));
  }, (_f, ok) => { if (!ok) c.st.rc = 1; });
  if (isBlock(r)) return r;
  return c.st.rc;
}
function paste(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'd:s', long: bb(c) ? undefined : { delimiters: 'd:', serial: 's' } }));
  if (typeof p === 'number') return p;
  const ins = readInputs(c, p.args.length ? p.args : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  if (ins.some(x => x.text === undefined)) return 1;
  const delims = [...(p.v.d ?? '\t').replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\0/g, '')];
  const cols = ins.map(x => lines(x.text!));
  const d = (i: number) => (delims.length ? delims[i % delims.length]! : '');
  if (p.f.s) { for (const col of cols) c.write(col.map((x, i) => (i ? d(i - 1) : '') + x).join('') + '\n'); return 0; }
  const n = Math.max(0, ...cols.map(x => x.length));
  for (let i = 0; i < n; i++) c.write(cols.map((col, j) => (j ? d(j - 1) : '') + (col[i] ?? '')).join('') + '\n');
  return 0;
}
function comm(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: '123' }));
  if (typeof p === 'number') return p;
  if (p.args.length !== 2) return usageError(c, p.args.length < 2 ? (p.args.length ? `missing operand after '${p.args[0]}'` : 'missing operand') : `extra operand '${p.args[2]}'`);
  const ins = readInputs(c, p.args);
  if (ins === 'block') return { block: { read: 0 } };
  if (ins.some(x => x.text === undefined)) return 1;
  const a = lines(ins[0]!.text!), b = lines(ins[1]!.text!);
  let i = 0, j = 0;
  const col = (n: number, s: string) => { if (p.f[String(n)]) return; let pre = ''; for (let k = 1; k < n; k++) if (!p.f[String(k)]) pre += '\t'; c.write(pre + s + '\n'); };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) col(1, a[i++]!);
    else if (i >= a.length || b[j]! < a[i]!) col(2, b[j++]!);
    else { col(3, a[i]!); i++; j++; }
  }
  return 0;
}
function fold(c: CmdCtx): CmdResult {
  return wholeFilter(c, 'bsw:', (t, p) => {
    const w = Number(p.v.w ?? 80);
    return t.split('\n').map(line => {
      const out: string[] = [];
      let l = line;
      while (l.length > w) {
        let cut = w;
        if (p.f.s) { const sp = l.lastIndexOf(' ', w - 1); if (sp >= 0) cut = sp + 1; }
        out.push(l.slice(0, cut)); l = l.slice(cut);
      }
      out.push(l);
      return out.join('\n');
    }).join('\n');
  });
}

// ------------------------------------------------------------------------------------------ seq
function seq(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: '+s:f:w', long: bb(c) ? undefined : { separator: 's:', format: 'f:', 'equal-width': 'w' } }, c.argv.slice(1).map(a => (/^-\d/.test(a) ? `\u0000${a}` : a)));
  if (typeof p === 'number') return p;
  const args = p.args.map(a => a.replace(/^\u0000/, ''));
  if (!args.length || args.length > 3) {
    if (bb(c)) return usageError(c, '') && 1;
    c.err(args.length ? `seq: extra operand '${args[3]}'` : 'seq: missing operand');
    c.err("Try 'seq --help' for more information.");
    return 1;
  }
  for (const a of args) if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(a)) {
    if (bb(c)) return usageError(c, '');
    c.err(`seq: invalid floating point argument: '${a}'`);
    if (!bb(c)) c.err("Try 'seq --help' for more information.");
    return 1;
  }
  const nums = args.map(Number);
  let first = 1, inc = 1, last: number;
  if (nums.length === 1) last = nums[0]!;
  else if (nums.length === 2) { first = nums[0]!; last = nums[1]!; }
  else { first = nums[0]!; inc = nums[1]!; last = nums[2]!; }
  if (inc === 0) { c.err(bb(c) ? `seq: invalid number '0'` : `seq: invalid Zero increment value: '${args[1]}'`); return 1; }
  const decimals = Math.max(...args.filter((_, i) => i < 2 || args.length === 1 ? true : i !== 2 || true).slice(0, args.length === 3 ? 2 : args.length).map(a => (a.includes('.') ? a.split('.')[1]!.replace(/e.*/i, '').length : 0)));
  const sep = (p.v.s ?? '\n').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  const fmt = p.v.f;
  const out: string[] = [];
  const count = Math.floor((last - first) / inc + 1e-10);
  const width = p.f.w ? Math.max(...[first, last].map(x => x.toFixed(decimals).length)) : 0;
  for (let k = 0; k <= count && out.length < 10_000_000; k++) {
    const x = first + k * inc;
    let s: string;
    if (fmt) { const { formatFloat } = require('./printf') as typeof import('./printf'); s = fmt.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([gfeGFE])/, (_, fl: string, conv: string) => formatFloat(x, conv, /\.(\d+)/.exec(fl) ? Number(/\.(\d+)/.exec(fl)![1]) : 6, fl)).replace(/%%/g, '%'); }
    else s = decimals ? x.toFixed(decimals) : String(Math.round(x * 1e10) / 1e10);
    if (width) s = s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
    out.push(s);
  }
  if (out.length) { if (!c.write(out.join(sep) + '\n')) return 1; }
  return 0;
}

// ------------------------------------------------------------------------------------------ expr
class ExprError { constructor(public msg: string, public code = 2) {} }
function expr(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (args[0] === '--') args.shift();
  if (!args.length) { c.err(bb(c) ? 'expr: too few arguments' : 'expr: missing operand'); if (!bb(c)) c.err("Try 'expr --help' for more information."); return bb(c) ? 1 : 2; }
  let i = 0;
  const isInt = (s: string) => /^[+-]?\d+$/.test(s.trim()) && (bb(c) || /^[+-]?\d+$/.test(s));
  const num = (s: string): bigint => { if (!isInt(s)) throw new ExprError(bb(c) ? 'non-numeric argument' : 'non-integer argument'); return BigInt(s.trim()); };
  const truthy = (s: string) => !(s === '' || (/^[+-]?0+$/.test(s)));
  const cmp = (a: string, b: string, op: string): boolean => {
    const r = isInt(a) && isInt(b) ? (BigInt(a.trim()) < BigInt(b.trim()) ? -1 : BigInt(a.trim()) > BigInt(b.trim()) ? 1 : 0) : a < b ? -1 : a > b ? 1 : 0;
    return op === '<' ? r < 0 : op === '<=' ? r <= 0 : op === '>' ? r > 0 : op === '>=' ? r >= 0 : op === '!=' ? r !== 0 : r === 0;
  };
  const match = (s: string, re: string): string => {
    const { compile } = require('./regex') as typeof import('./regex');
    let r: RegExp;
    try { r = compile(re, false); } catch { throw new ExprError('Invalid regular expression'); }
    const m = new RegExp('^(?:' + r.source + ')', r.flags).exec(s);
    if (/\\\(/.test(re)) return m ? m[1] ?? '' : '';
    return String(m ? m[0].length : 0);
  };
  const primary = (): string => {
    const a = args[i++];
    if (a === undefined) throw new ExprError('syntax error');
    if (a === '(') { const v = or(); if (args[i++] !== ')') throw new ExprError('syntax error'); return v; }
    if (a === 'length' && args[i] !== undefined) return String([...args[i++]!].length);
    if (a === 'substr' && i + 2 < args.length + 1) { const s = args[i++]!, p = Number(num(args[i++] ?? '')), l = Number(num(args[i++] ?? '')); return p < 1 || l < 1 ? '' : [...s].slice(p - 1, p - 1 + l).join(''); }
    if (a === 'index' && args[i + 1] !== undefined) { const s = args[i++]!, chars = args[i++]!; let best = 0; [...s].some((ch, k) => chars.includes(ch) && (best = k + 1)); return String(best); }
    if (a === 'match' && args[i + 1] !== undefined) { const s = args[i++]!, re = args[i++]!; return match(s, re); }
    if (a === '+' && args[i] !== undefined) return args[i++]!;
    return a;
  };
  const colon = (): string => { let l = primary(); while (args[i] === ':') { i++; l = match(l, primary()); } return l; };
  const mul = (): string => { let l = colon(); while (['*', '/', '%'].includes(args[i]!)) { const op = args[i++]!; const r = colon(); const x = num(l), y = num(r); if (op !== '*' && y === 0n) throw new ExprError('division by zero'); l = String(op === '*' ? x * y : op === '/' ? x / y : x % y); } return l; };
  const add = (): string => { let l = mul(); while (['+', '-'].includes(args[i]!)) { const op = args[i++]!; const r = mul(); l = String(op === '+' ? num(l) + num(r) : num(l) - num(r)); } return l; };
  const rel = (): string => { let l = add(); while (['<', '<=', '=', '==', '!=', '>=', '>'].includes(args[i]!)) { const op = args[i++]!; const r = add(); l = cmp(l, r, op) ? '1' : '0'; } return l; };
  const and = (): string => { let l = rel(); while (args[i] === '&') { i++; const r = rel(); l = truthy(l) && truthy(r) ? l : '0'; } return l; };
  const or = (): string => { let l = and(); while (args[i] === '|') { i++; const r = and(); l = truthy(l) ? l : truthy(r) ? r : '0'; } return l; };
  try {
    const v = or();
    if (i < args.length) throw new ExprError(bb(c) ? 'syntax error' : `syntax error: unexpected argument '${args[i]}'`);
    c.write(v + '\n');
    return truthy(v) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    c.err(`expr: ${e.msg}`);
    return e.code;
  }
}

void musl; void fileErr;
register({ cat, head, tail, wc, sort, uniq, cut, tr, tee, xargs, tac, rev, nl, paste, comm, fold, seq, expr });
