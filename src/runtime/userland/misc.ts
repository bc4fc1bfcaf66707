// The rest of the images' applets: dd, split, shuf, install, mkfifo, cmp, diff, nice, time, mount,
// umount, dmesg, clear/reset, dnsdomainname, login, and busybox's `[[`. What a container forbids
// (mounting, reading the kernel log) fails with the kernel's answer to an unprivileged container.
import type { CmdCtx, CmdResult } from '../types';
import { register, userland } from './index';
import { getopt, bb, readInputs, usageError, fsMsg, bbUsage, runChild } from './lib';
import { toBytes, fromBytes } from '../bytes';

function dd(c: CmdCtx): CmdResult {
  const o: Record<string, string> = {};
  for (const a of c.argv.slice(1)) {
    const eq = a.indexOf('=');
    if (eq < 0) { c.err(bb(c) ? `dd: unknown operand ${a}` : `dd: unrecognized operand '${a}'\nTry 'dd --help' for more information.`); return 1; }
    o[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const num = (v: string | undefined, d: number) => { if (v === undefined) return d; const m = /^(\d+)([cwbkKMG]?)$/.exec(v); if (!m) return NaN; return Number(m[1]) * ({ '': 1, c: 1, w: 2, b: 512, k: 1024, K: 1024, M: 1048576, G: 1073741824 } as Record<string, number>)[m[2]!]!; };
  const bs = num(o.bs, 512), ibs = num(o.ibs, bs), obs = num(o.obs, bs);
  const count = o.count !== undefined ? num(o.count, 0) : Infinity;
  const skip = num(o.skip, 0), seek = num(o.seek, 0);
  if ([bs, ibs, obs, count, skip, seek].some(Number.isNaN)) { c.err(`dd: invalid number: '${Object.values(o).find(v => Number.isNaN(num(v, 0)))}'`); return 1; }
  let data: Buffer;
  const inf = o.if;
  if (inf === undefined) {
    const ins = readInputs(c, ['-']);
    if (ins === 'block') return { block: { read: 0 } };
    data = toBytes(ins[0]!.text ?? '');
  } else {
    const { device, deviceBytes } = require('./lib') as typeof import('./lib');
    const dev = device(c, inf);
    if (dev === 'zero' || dev === 'urandom') data = toBytes(deviceBytes(c, dev, Number.isFinite(count) ? (skip + count) * ibs : 65536));
    else {
      try { data = toBytes(dev === 'null' ? '' : c.fs.readFile(inf, c.cwd, c.cred)); }
      catch (e) { c.err(bb(c) ? `dd: can't open '${inf}': ${fsMsg(e)}` : `dd: failed to open '${inf}': ${fsMsg(e)}`); return 1; }
    }
  }
  data = data.subarray(skip * ibs);
  if (Number.isFinite(count)) data = data.subarray(0, count * ibs);
  const fullIn = Math.floor(data.length / ibs), partIn = data.length % ibs ? 1 : 0;
  const fullOut = Math.floor(data.length / obs), partOut = data.length % obs ? 1 : 0;
  if (o.of === undefined) c.write(fromBytes(data));
  else {
    try {
      let cur: Buffer = Buffer.alloc(0);
      if (o.conv?.includes('notrunc') || seek) { try { cur = toBytes(c.fs.readFile(o.of, c.cwd)); } catch { /* new */ } }
      const at = seek * obs;
      const out = Buffer.alloc(Math.max(o.conv?.includes('notrunc') ? cur.length : 0, at + data.length));
      cur.copy(out, 0, 0, Math.min(cur.length, out.length));
      data.copy(out, at);
      c.fs.writeFile(o.of, fromBytes(out), { cwd: c.cwd, cred: c.cred });
    } catch (e) { c.err(bb(c) ? `dd: can't open '${o.of}': ${fsMsg(e)}` : `dd: failed to open '${o.of}': ${fsMsg(e)}`); return 1; }
  }
  if (o.status !== 'none' && o.status !== 'noxfer') {
    c.err(`${fullIn}+${partIn} records in\n${fullOut}+${partOut} records out`);
    const secs = 0.000123;
    if (bb(c)) c.err(`${data.length} bytes (${hb(data.length)}) copied, ${secs.toFixed(6)} seconds, ${hb(Math.round(data.length / secs))}/s`);
    else c.err(`${data.length} byte${data.length === 1 ? '' : 's'}${data.length >= 1000 ? ` (${si(data.length)}, ${hb(data.length)})` : ''} copied, ${secs.toFixed(6)} s, ${si(Math.round(data.length / secs))}/s`);
  } else if (o.status === 'noxfer') c.err(`${fullIn}+${partIn} records in\n${fullOut}+${partOut} records out`);
  return 0;
}
function hb(n: number): string { const u = ['B', 'KiB', 'MiB', 'GiB']; let v = n, i = 0; while (v >= 1024 && i < 3) { v /= 1024; i++; } return i === 0 ? `${n}B` : `${v.toFixed(1)}${u[i]}`; }
function si(n: number): string { const u = ['B', 'kB', 'MB', 'GB']; let v = n, i = 0; while (v >= 1000 && i < 3) { v /= 1000; i++; } return i === 0 ? `${n} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${u[i]}`; }

function split(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'l:b:a:d', long: bb(c) ? undefined : { lines: 'l:', bytes: 'b:', 'suffix-length': 'a:', 'numeric-suffixes': 'd' } }));
  if (typeof p === 'number') return p;
  const [file = '-', prefix = 'x'] = p.args;
  const ins = readInputs(c, [file]);
  if (ins === 'block') return { block: { read: 0 } };
  const text = ins[0]!.text;
  if (text === undefined) return 1;
  const len = Number(p.v.a ?? 2);
  const suffix = (k: number) => { if (p.f.d) return String(k).padStart(len, '0'); let s = ''; for (let i = 0; i < len; i++) { s = String.fromCharCode(97 + (k % 26)) + s; k = Math.floor(k / 26); } return s; };
  const pieces: string[] = [];
  if (p.v.b !== undefined) {
    const m = /^(\d+)([kKmM]?)$/.exec(p.v.b)!;
    const n = Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1048576) : 1);
    const b = toBytes(text);
    for (let i = 0; i < b.length; i += n) pieces.push(fromBytes(b.subarray(i, i + n)));
  } else {
    const n = Number(p.v.l ?? 1000);
    const lines = text.split(/(?<=\n)/);
    for (let i = 0; i < lines.length; i += n) pieces.push(lines.slice(i, i + n).join(''));
  }
  pieces.forEach((x, k) => c.fs.writeFile(prefix + suffix(k), x, { cwd: c.cwd, cred: c.cred }));
  return 0;
}
function shuf(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'ei:n:z', long: bb(c) ? undefined : { echo: 'e', 'input-range': 'i:', 'head-count': 'n:' } }));
  if (typeof p === 'number') return p;
  let items: string[];
  if (p.f.e) items = p.args;
  else if (p.v.i) { const [a, b] = p.v.i.split('-').map(Number); items = []; for (let k = a!; k <= b!; k++) items.push(String(k)); }
  else {
    const ins = readInputs(c, p.args.length ? [p.args[0]!] : ['-']);
    if (ins === 'block') return { block: { read: 0 } };
    if (ins[0]!.text === undefined) return 1;
    items = ins[0]!.text.split('\n'); if (items[items.length - 1] === '') items.pop();
  }
  for (let k = items.length - 1; k > 0; k--) { const j = Math.floor(c.random() * (k + 1)); [items[k], items[j]] = [items[j]!, items[k]!]; }
  if (p.v.n !== undefined) items = items.slice(0, Number(p.v.n));
  if (items.length) c.write(items.join('\n') + '\n');
  return 0;
}
function install(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'dm:o:g:Dcsv', long: bb(c) ? undefined : { directory: 'd', mode: 'm:', owner: 'o:', group: 'g:' } });
  if (typeof p === 'number') return p;
  const mode = p.v.m !== undefined ? parseInt(p.v.m, 8) : 0o755;
  if (p.f.d) {
    for (const d of p.args) {
      try { c.fs.mkdir(d, { cwd: c.cwd, parents: true, cred: c.cred, mode }); c.fs.setAttr(d, { mode }, c.cwd); }
      catch (e) { c.err(`install: cannot create directory '${d}': ${fsMsg(e)}`); return 1; }
    }
    return 0;
  }
  if (p.args.length < 2) return usageError(c, p.args.length ? `missing destination file operand after '${p.args[0]}'` : 'missing file operand');
  const dest = p.args[p.args.length - 1]!;
  const srcs = p.args.slice(0, -1);
  let isDir = false;
  try { isDir = c.fs.stat(dest, c.cwd)?.k === 'd'; } catch { /* no */ }
  for (const s of srcs) {
    const to = isDir ? `${dest.replace(/\/$/, '')}/${s.slice(s.lastIndexOf('/') + 1)}` : dest;
    try {
      if (p.f.D) c.fs.mkdir(to.slice(0, to.lastIndexOf('/')) || '.', { cwd: c.cwd, parents: true, cred: c.cred });
      c.fs.writeFile(to, c.fs.readFile(s, c.cwd, c.cred), { cwd: c.cwd, cred: c.cred, mode });
      c.fs.setAttr(to, { mode }, c.cwd);
    } catch (e) { c.err(bb(c) ? `install: can't stat '${s}': ${fsMsg(e)}` : `install: cannot stat '${s}': ${fsMsg(e)}`); return 1; }
  }
  return 0;
}
function mkfifo(c: CmdCtx): CmdResult {
  // the simulated filesystem has no named pipes: refuse as a filesystem without them does
  for (const a of c.argv.slice(1).filter(x => !x.startsWith('-'))) c.err(bb(c) ? `mkfifo: can't create fifo '${a}': Operation not permitted` : `mkfifo: cannot create fifo '${a}': Operation not permitted`);
  return 1;
}
function cmp(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'sl', long: { silent: 's', quiet: 's', verbose: 'l' } }));
  if (typeof p === 'number') return p;
  if (!p.args.length) return usageError(c, "missing operand after 'cmp'", 2);
  const ins = readInputs(c, [p.args[0]!, p.args[1] ?? '-']);
  if (ins === 'block') return { block: { read: 0 } };
  if (ins.some(x => x.text === undefined)) return 2;
  const a = toBytes(ins[0]!.text!), b = toBytes(ins[1]!.text!);
  let line = 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) { if (!p.f.s) c.write(`${ins[0]!.name} ${ins[1]!.name} differ: char ${i + 1}, line ${line}\n`); return 1; }
    if (a[i] === 10) line++;
  }
  if (a.length !== b.length) { const short = a.length < b.length ? ins[0]! : ins[1]!; if (!p.f.s) c.err(`cmp: EOF on ${short.name} after byte ${Math.min(a.length, b.length)}${Math.min(a.length, b.length) ? `, line ${line - (Math.min(a.length, b.length) && (a.length < b.length ? a : b)[Math.min(a.length, b.length) - 1] === 10 ? 1 : 0)}` : ' (empty)'}`.replace(', line 0', '')); return 1; }
  return 0;
}

/** diff: the longest common subsequence of lines, printed in the normal or unified format. */
function diff(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'uqNrU:aBbiw', long: { unified: 'U?', brief: 'q', 'new-file': 'N', recursive: 'r', 'ignore-case': 'i', 'ignore-all-space': 'w', 'ignore-space-change': 'b', 'ignore-blank-lines': 'B', text: 'a' } }));
  if (typeof p === 'number') return p;
  if (p.args.length !== 2) return usageError(c, p.args.length < 2 ? `missing operand after '${p.args[0] ?? 'diff'}'` : `extra operand '${p.args[2]}'`, 2);
  const ins = readInputs(c, p.args);
  if (ins === 'block') return { block: { read: 0 } };
  if (ins.some(x => x.text === undefined)) return 2;
  const A = ins[0]!.text!, B = ins[1]!.text!;
  if (A === B) return 0;
  if (p.f.q) { c.write(`Files ${p.args[0]} and ${p.args[1]} differ\n`); return 1; }
  const la = A.split('\n'), lb = B.split('\n');
  const noEolA = la[la.length - 1] !== '', noEolB = lb[lb.length - 1] !== '';
  if (!noEolA) la.pop(); if (!noEolB) lb.pop();
  const norm = (s: string) => { let x = s; if (p.f.i) x = x.toLowerCase(); if (p.f.w) x = x.replace(/\s+/g, ''); else if (p.f.b) x = x.replace(/\s+/g, ' ').replace(/ $/, ''); return x; };
  const n = la.length, m = lb.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i]![j] = norm(la[i]!) === norm(lb[j]!) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  // the edit script as hunks of [aStart, aEnd, bStart, bEnd)
  const hunks: [number, number, number, number][] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && norm(la[i]!) === norm(lb[j]!)) { i++; j++; continue; }
    const a0 = i, b0 = j;
    while ((i < n || j < m) && !(i < n && j < m && norm(la[i]!) === norm(lb[j]!))) {
      if (j < m && (i >= n || L[i]![j + 1]! >= L[i + 1]![j]!)) j++; else i++;
    }
    hunks.push([a0, i, b0, j]);
  }
  const unified = p.f.u || p.v.U !== undefined;
  let out = '';
  const nl = (last: boolean, noEol: boolean) => (last && noEol ? '\n\\ No newline at end of file\n' : '\n');
  if (!unified) {
    const range = (s: number, e: number) => (e - s <= 1 ? String(e - s === 0 ? s : s + 1) : `${s + 1},${e}`);
    for (const [a0, a1, b0, b1] of hunks) {
      const op = a0 === a1 ? 'a' : b0 === b1 ? 'd' : 'c';
      out += `${op === 'a' ? a0 : range(a0, a1)}${op}${op === 'd' ? b0 : range(b0, b1)}\n`;
      for (let k = a0; k < a1; k++) out += `< ${la[k]}${nl(k === n - 1, noEolA)}`;
      if (op === 'c') out += '---\n';
      for (let k = b0; k < b1; k++) out += `> ${lb[k]}${nl(k === m - 1, noEolB)}`;
    }
  } else {
    const ctx = Number(p.v.U ?? 3);
    const stamp = (f: string) => { try { const st = c.fs.stat(f, c.cwd)!; const d = new Date(st.mtime); const p2 = (x: number) => String(x).padStart(2, '0'); return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(st.mtime % 1000).padStart(3, '0')}000000 +0000`; } catch { return ''; } };
    out += `--- ${p.args[0]}\t${stamp(p.args[0]!)}\n+++ ${p.args[1]}\t${stamp(p.args[1]!)}\n`;
    // group hunks whose context overlaps
    let k = 0;
    while (k < hunks.length) {
      let e = k;
      while (e + 1 < hunks.length && hunks[e + 1]![0] - hunks[e]![1] <= 2 * ctx) e++;
      const s0 = Math.max(0, hunks[k]![0] - ctx), s1 = Math.min(n, hunks[e]![1] + ctx);
      const t0 = Math.max(0, hunks[k]![2] - ctx), t1 = Math.min(m, hunks[e]![3] + ctx);
      const rng = (s: number, len: number) => (len === 1 ? `${s + 1}` : len === 0 ? `${s},0` : `${s + 1},${len}`);
      out += `@@ -${rng(s0, s1 - s0)} +${rng(t0, t1 - t0)} @@\n`;
      let a = s0;
      for (let h = k; h <= e; h++) {
        const [a0, a1, b0, b1] = hunks[h]!;
        for (; a < a0; a++) out += ` ${la[a]}${nl(a === n - 1, noEolA)}`;
        for (let x = a0; x < a1; x++) out += `-${la[x]}${nl(x === n - 1, noEolA)}`;
        for (let x = b0; x < b1; x++) out += `+${lb[x]}${nl(x === m - 1, noEolB)}`;
        a = a1;
      }
      for (; a < s1; a++) out += ` ${la[a]}${nl(a === n - 1, noEolA)}`;
      k = e + 1;
    }
  }
  c.write(out);
  return 1;
}

function runWrapped(c: CmdCtx, argv: string[]): CmdResult {
  if (!argv.length) return 0;
  const r = c.sys.exec(argv);
  if (r !== 'ok') { c.err(`${c.name}: ${bb(c) ? `can't execute '${argv[0]}'` : `'${argv[0]}'`}: No such file or directory`); return 127; }
  return 0;
}
function nice(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: '+n:', long: bb(c) ? undefined : { adjustment: 'n:' } });
  if (typeof p === 'number') return p;
  if (!p.args.length) { c.write('0\n'); return 0; }
  return runWrapped(c, p.args);
}
function time(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1).filter((a, i) => !(i === 0 && a === '-v' || a === '-p'));
  if (!args.length) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } return 0; }
  const r = runChild(c, 'child', args);
  if ('block' in r) { c.st.t0 ??= c.now(); return r; }
  if ('error' in r) { c.err(`time: can't execute '${args[0]}': No such file or directory`); return 127; }
  const real = ((c.now() - (c.st.t0 ?? c.now())) / 1000).toFixed(2);
  c.err(`real\t${Math.floor(Number(real) / 60)}m ${(Number(real) % 60).toFixed(2)}s\nuser\t0m 0.00s\nsys\t0m 0.00s`);
  return r.code;
}
function mount(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1).filter(a => !a.startsWith('-'));
  if (args.length) { c.err(bb(c) ? 'mount: permission denied (are you root?)' : `mount: ${args[args.length - 1]}: permission denied.`); return bb(c) ? 1 : 32; }
  let text = '';
  try { text = c.fs.readFile('/proc/mounts'); } catch {
    text = c.sys.mounts().map(m => `${m.at === '/' ? 'overlay' : m.kind === 'dev' ? 'tmpfs' : m.kind === 'proc' ? 'proc' : '/dev/vda1'} ${m.at} ${m.at === '/' ? 'overlay' : m.kind === 'dev' ? 'tmpfs' : m.kind === 'proc' ? 'proc' : 'ext4'} ${m.ro ? 'ro' : 'rw'},relatime 0 0`).join('\n') + '\n';
  }
  for (const l of text.split('\n').filter(Boolean)) { const f = l.split(' '); c.write(`${f[0]} on ${f[1]} type ${f[2]} (${f[3]})\n`); }
  return 0;
}
function umount(c: CmdCtx): CmdResult {
  const t = c.argv.slice(1).filter(a => !a.startsWith('-'))[0];
  if (!t) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } return usageError(c, 'bad usage', 1); }
  c.err(bb(c) ? `umount: can't unmount ${t}: Operation not permitted` : `umount: ${t}: must be superuser to unmount.`);
  return bb(c) ? 1 : 32;
}
function dmesg(c: CmdCtx): CmdResult { c.err(bb(c) ? 'dmesg: klogctl: Operation not permitted' : 'dmesg: read kernel buffer failed: Operation not permitted'); return 1; }
function clear(c: CmdCtx): CmdResult { c.write('\x1b[H\x1b[2J\x1b[3J'); return 0; }
function reset(c: CmdCtx): CmdResult { c.write('\x1bc'); return 0; }
function dnsdomainname(c: CmdCtx): CmdResult { const h = c.pod.subdomain ? `${c.pod.subdomain}.${c.pod.ns}.svc.cluster.local` : ''; c.write(h + '\n'); return 0; }
function login(c: CmdCtx): CmdResult { c.err('login: must be suid to work properly'); return 1; }
function dtest(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (args[args.length - 1] !== ']]') { c.err('[[: missing ]]'); return 2; }
  return userland('test')!({ ...c, argv: ['test', ...args.slice(0, -1)], name: 'test' } as CmdCtx);
}

register({ dd, split, shuf, install, mkfifo, cmp, diff, nice, time, mount, umount, dmesg, clear, reset, dnsdomainname, login, '[[': dtest });
