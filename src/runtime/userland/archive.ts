// Archives, compression, digests and dumps: tar (ustar with GNU long names and PAX headers, as GNU tar,
// busybox tar and Go's archive/tar — kubectl cp — write them), gzip/gunzip/zcat, base64, md5sum and the
// sha*sums, cksum, od, hexdump/hd, xxd, strings. Everything binary works on bytes (src/runtime/bytes.ts),
// so `tar cf - dir | tar xf - -C dest` inside a container, or through kubectl cp, is exact.
import type { CmdCtx, CmdResult } from '../types';
import type { Inode } from '../fs';
import { register } from './index';
import { getopt, bb, readInputs, usageError, fsMsg, bbUsage } from './lib';
import { toBytes, fromBytes } from '../bytes';
import { userName, groupName } from './core';
import { lookupUser, lookupGroup } from './files';

const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : dir.endsWith('/') ? dir + name : `${dir}/${name}`);
function tryStat(c: CmdCtx, p: string, follow = true): Inode | undefined { try { return c.fs.stat(p, c.cwd, follow); } catch { return undefined; } }

// ------------------------------------------------------------------------------------------ tar format
interface Entry { name: string; type: 'f' | 'd' | 'l' | 'h'; mode: number; uid: number; gid: number; uname: string; gname: string; mtime: number; data: Buffer; link: string }

function octal(n: number, width: number): string { return n.toString(8).padStart(width - 1, '0') + '\0'; }
function header(e: { name: string; type: string; mode: number; uid: number; gid: number; size: number; mtime: number; link: string; uname: string; gname: string }, busybox: boolean): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string | Buffer, off: number, len: number) => { const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s; b.copy(h, off, 0, Math.min(len, b.length)); };
  let name = e.name, prefix = '';
  if (Buffer.byteLength(name) > 100) {
    // ustar prefix split (busybox) — GNU uses a ././@LongLink entry instead (written by the caller)
    const i = name.lastIndexOf('/', 154);
    if (i > 0 && Buffer.byteLength(name.slice(i + 1)) <= 100) { prefix = name.slice(0, i); name = name.slice(i + 1); }
  }
  put(name, 0, 100);
  put(octal(e.mode & 0o7777, 8), 100, 8);
  put(octal(e.uid, 8), 108, 8);
  put(octal(e.gid, 8), 116, 8);
  put(octal(e.size, 12), 124, 12);
  put(octal(Math.floor(e.mtime / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put(e.type, 156, 1);
  put(e.link, 157, 100);
  if (busybox) { put('ustar\u000000', 257, 8); }
  else { put('ustar  \0', 257, 8); }
  put(e.uname, 265, 32);
  put(e.gname, 297, 32);
  if (busybox || e.type === '3' || e.type === '4') { put(octal(0, 8), 329, 8); put(octal(0, 8), 337, 8); }
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** Archive paths into tar bytes (paths relative to the working directory, as given). */
function create(c: CmdCtx, paths: string[], o: CreateOpts, warn: (m: string) => void): { data: Buffer; failed: boolean } {
  const blocks: Buffer[] = [];
  let failed = false;
  const { matchPattern } = require('../sh/expand') as typeof import('../sh/expand');
  const excluded = (p: string) => o.exclude.some(x => matchPattern(p, x) || matchPattern(p.slice(p.lastIndexOf('/') + 1), x));
  const add = (path: string, member: string) => {
    if (excluded(member)) return;
    const st = o.follow ? tryStat(c, path) : tryStat(c, path, false);
    if (!st) { warn(o.busybox ? `tar: ${path}: ${'No such file or directory'}` : `tar: ${path}: Cannot stat: No such file or directory`); failed = true; return; }
    const isDir = st.k === 'd';
    const name = isDir ? member.replace(/\/*$/, '/') : member;
    let data: Buffer = Buffer.alloc(0);
    if (st.k === 'f') {
      try { data = toBytes(c.fs.readFile(path, c.cwd, c.cred)); }
      catch (e) { warn(o.busybox ? `tar: can't open '${path}': ${fsMsg(e)}` : `tar: ${path}: Cannot open: ${fsMsg(e)}`); failed = true; return; }
    }
    const link = st.k === 'l' ? st.data ?? '' : '';
    const meta = { mode: st.mode, uid: st.uid, gid: st.gid, mtime: st.mtime, uname: userName(c, st.uid) ?? '', gname: groupName(c, st.gid) ?? '' };
    const long = (kind: 'L' | 'K', text: string) => {
      const body = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
      blocks.push(header({ name: '././@LongLink', type: kind, mode: 0o644, uid: 0, gid: 0, size: body.length, mtime: 0, link: '', uname: 'root', gname: 'root' }, false));
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    };
    if (Buffer.byteLength(name) > 100 && !(o.busybox && name.lastIndexOf('/', 154) > 0)) long('L', name);
    if (Buffer.byteLength(link) > 100) long('K', link);
    blocks.push(header({ name: Buffer.byteLength(name) > 100 && !o.busybox ? name.slice(0, 100) : name, type: isDir ? '5' : st.k === 'l' ? '2' : '0', size: st.k === 'f' ? data.length : 0, link: link.slice(0, 100), ...meta }, o.busybox));
    if (data.length) { blocks.push(data); blocks.push(Buffer.alloc((512 - (data.length % 512)) % 512)); }
    if (o.verbose) c.write(name + '\n', o.verboseFd ?? 1);
    if (isDir && !o.noRecursion) {
      let kids: [string, Inode][] = [];
      try { kids = c.fs.readDir(path, c.cwd, c.cred); } catch (e) { warn(o.busybox ? `tar: can't open '${path}': ${fsMsg(e)}` : `tar: ${path}: Cannot open: ${fsMsg(e)}`); failed = true; }
      for (const [n] of kids) add(join(path, n), join(member.replace(/\/+$/, '') || '.', n).replace(/^\.\//, member === '.' ? './' : ''));
    }
  };
  let warned = false;
  for (const p of paths) {
    let member = p;
    if (member.startsWith('/')) {
      const stripped = member.replace(/^\/+/, '');
      if (!warned) { warn(o.busybox ? "tar: removing leading '/' from member names" : "tar: Removing leading `/' from member names"); warned = true; }
      member = stripped || '.';
    }
    member = member.replace(/^(\.\.\/)+/, '');
    add(p, member);
  }
  blocks.push(Buffer.alloc(1024));
  let data: Buffer = Buffer.concat(blocks);
  // GNU tar fills the last record of 10240 bytes
  if (!o.busybox && data.length % 10240) data = Buffer.concat([data, Buffer.alloc(10240 - (data.length % 10240))]);
  return { data, failed };
}
interface CreateOpts { busybox: boolean; verbose: boolean; follow: boolean; exclude: string[]; noRecursion: boolean; verboseFd?: number }

/** Parse tar bytes into entries; a string error when it is not an archive. */
function parse(buf: Buffer): Entry[] | 'notar' | 'short' {
  const out: Entry[] = [];
  let i = 0;
  let longName: string | undefined, longLink: string | undefined;
  let pax: Record<string, string> = {};
  const str = (b: Buffer) => { const z = b.indexOf(0); return (z < 0 ? b : b.subarray(0, z)).toString('utf8'); };
  const num = (b: Buffer) => {
    if (b[0]! & 0x80) { let v = 0; for (let k = 1; k < b.length; k++) v = v * 256 + b[k]!; return v; }
    const t = str(b).trim();
    return t ? parseInt(t, 8) : 0;
  };
  while (i + 512 <= buf.length) {
    const h = buf.subarray(i, i + 512);
    if (h.every(b => b === 0)) break;
    let sum = 0;
    for (let k = 0; k < 512; k++) sum += k >= 148 && k < 156 ? 32 : h[k]!;
    if (num(h.subarray(148, 156)) !== sum) return out.length ? out : 'notar';
    const type = String.fromCharCode(h[156]! || 48);
    const size = num(h.subarray(124, 136));
    const dataStart = i + 512;
    const data = buf.subarray(dataStart, dataStart + size);
    if (data.length < size) return 'short';
    i = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = str(data); continue; }
    if (type === 'K') { longLink = str(data); continue; }
    if (type === 'x' || type === 'g') {
      // PAX records: "len key=value\n", len counting bytes
      let k = 0;
      while (k < data.length) {
        const sp = data.indexOf(0x20, k);
        if (sp < 0) break;
        const len = Number(data.subarray(k, sp).toString('latin1'));
        if (!len) break;
        const rec = data.subarray(sp + 1, k + len - 1).toString('utf8');
        const eq = rec.indexOf('=');
        if (type === 'x') pax[rec.slice(0, eq)] = rec.slice(eq + 1);
        k += len;
      }
      continue;
    }
    const magic = h.subarray(257, 263).toString('latin1');
    const prefix = magic.startsWith('ustar') && magic !== 'ustar ' ? str(h.subarray(345, 500)) : '';
    let name = pax.path ?? longName ?? (prefix ? `${prefix}/${str(h.subarray(0, 100))}` : str(h.subarray(0, 100)));
    const link = pax.linkpath ?? longLink ?? str(h.subarray(157, 257));
    const mtime = pax.mtime !== undefined ? Math.round(Number(pax.mtime) * 1000) : num(h.subarray(136, 148)) * 1000;
    const e: Entry = {
      name, type: type === '5' ? 'd' : type === '2' ? 'l' : type === '1' ? 'h' : 'f',
      mode: num(h.subarray(100, 108)), uid: pax.uid !== undefined ? Number(pax.uid) : num(h.subarray(108, 116)), gid: pax.gid !== undefined ? Number(pax.gid) : num(h.subarray(116, 124)),
      uname: pax.uname ?? str(h.subarray(265, 297)), gname: pax.gname ?? str(h.subarray(297, 329)), mtime, data: Buffer.from(data), link,
    };
    if (e.type === 'd') name = name.replace(/\/*$/, '/');
    e.name = name;
    out.push(e);
    longName = longLink = undefined;
    pax = {};
  }
  return out;
}

// ------------------------------------------------------------------------------------------ tar
function tar(c: CmdCtx): CmdResult {
  const busybox = bb(c);
  if (!c.st.o) {
    // the old style: a first word of bundled letters (tar xzf f.tgz) is options
    let argv = c.argv.slice(1);
    if (argv[0] && !argv[0].startsWith('-') && /^[A-Za-z]+$/.test(argv[0])) {
      const letters = argv[0];
      const rest = argv.slice(1);
      const out: string[] = [];
      let k = 0;
      for (const ch of letters) { if ('fCbTXN'.includes(ch)) { out.push('-' + ch, rest[k++] ?? ''); } else out.push('-' + ch); }
      argv = [...out, ...rest.slice(k)];
    }
    const p = getopt(c, { short: 'cxtf:C:zvOmokphjJZaT:X:P', long: busybox ? { overwrite: 'OVW', 'strip-components': 'SC:', 'no-recursion': 'NOREC', 'numeric-owner': 'NUM', exclude: 'EXC:', 'to-command': 'TC:', 'no-same-permissions': 'NSP' } : { create: 'c', extract: 'x', get: 'x', list: 't', file: 'f:', directory: 'C:', gzip: 'z', gunzip: 'z', verbose: 'v', 'to-stdout': 'O', 'touch': 'm', 'no-same-owner': 'o', 'keep-old-files': 'k', 'preserve-permissions': 'p', dereference: 'h', exclude: 'EXC:', 'strip-components': 'SC:', 'no-recursion': 'NOREC', 'numeric-owner': 'NUM', overwrite: 'OVW', 'absolute-names': 'P', 'files-from': 'T:', 'no-same-permissions': 'NSP', 'warning': 'WARN:' } }, argv);
    if (typeof p === 'number') return busybox ? p : 2;
    const modes = ['c', 'x', 't'].filter(m => p.f[m]);
    if (modes.length !== 1) {
      if (busybox) { c.write(bbUsage(c), 2); return 1; }
      c.err(modes.length ? "tar: You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option" : "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
      c.err("Try 'tar --help' or 'tar --usage' for more information.");
      return 2;
    }
    c.st.o = { mode: modes[0], file: p.v.f ?? '-', dir: p.v.C, z: !!p.f.z, v: p.f.v ?? 0, O: !!p.f.O, m: !!p.f.m, k: !!p.f.k, h: !!p.f.h, strip: Number(p.v.SC ?? 0), exclude: p.all.EXC ?? [], noRec: !!p.f.NOREC, abs: !!p.f.P, names: p.args };
    c.st.rc = 0;
  }
  const o = c.st.o as { mode: string; file: string; dir?: string; z: boolean; v: number; O: boolean; m: boolean; k: boolean; h: boolean; strip: number; exclude: string[]; noRec: boolean; abs: boolean; names: string[] };
  const cwd = o.dir ? require('../fs').normalize(o.dir, c.cwd) as string : c.cwd;
  const ctx: CmdCtx = { ...c, cwd };
  if (o.dir && tryStat(c, o.dir)?.k !== 'd') {
    c.err(busybox ? `tar: can't change directory to '${o.dir}': No such file or directory` : `tar: ${o.dir}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now`);
    return busybox ? 1 : 2;
  }
  if (o.mode === 'c') {
    if (!o.names.length) {
      c.err(busybox ? 'tar: empty archive' : "tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.");
      return busybox ? 1 : 2;
    }
    const toStdout = o.file === '-';
    const warn = (m: string) => c.err(m);
    const r = create(ctx, o.names, { busybox, verbose: !!o.v, follow: o.h, exclude: o.exclude, noRecursion: o.noRec, verboseFd: toStdout ? 2 : 1 } as CreateOpts, warn);
    let data: Buffer = r.data;
    if (o.z) data = (require('node:zlib') as typeof import('node:zlib')).gzipSync(data);
    if (toStdout) c.write(fromBytes(data));
    else {
      try { c.fs.writeFile(o.file, fromBytes(data), { cwd: c.cwd, cred: c.cred }); }
      catch (e) { c.err(busybox ? `tar: can't open '${o.file}': ${fsMsg(e)}` : `tar: ${o.file}: Cannot open: ${fsMsg(e)}\ntar: Error is not recoverable: exiting now`); return busybox ? 1 : 2; }
    }
    if (r.failed) { if (!busybox) c.err('tar: Exiting with failure status due to previous errors'); else c.err('tar: error exit delayed from previous errors'); return busybox ? 1 : 2; }
    return 0;
  }
  // list or extract: the archive, whole
  let text: string;
  if (o.file === '-') {
    const ins = readInputs(c, ['-']);
    if (ins === 'block') return { block: { read: 0 } };
    text = ins[0]!.text ?? '';
  } else {
    try { text = c.fs.readFile(o.file, c.cwd, c.cred); }
    catch (e) { c.err(busybox ? `tar: can't open '${o.file}': ${fsMsg(e)}` : `tar: ${o.file}: Cannot open: ${fsMsg(e)}\ntar: Error is not recoverable: exiting now`); return busybox ? 1 : 2; }
  }
  let buf: Buffer = toBytes(text);
  if (o.z || (buf[0] === 0x1f && buf[1] === 0x8b)) {
    try { buf = (require('node:zlib') as typeof import('node:zlib')).gunzipSync(buf); }
    catch { c.err(busybox ? 'tar: invalid magic' : 'gzip: stdin: not in gzip format\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now'); return busybox ? 1 : 2; }
  }
  if (buf.length < 512) {
    if (busybox) { if (!buf.length) return 0; c.err('tar: short read'); return 1; }
    c.err('tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors');
    return 2;
  }
  const entries = parse(buf);
  if (entries === 'notar' || entries === 'short') {
    if (busybox) { c.err(buf.length < 512 || entries === 'short' ? 'tar: short read' : 'tar: invalid tar magic'); return 1; }
    c.err('tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors');
    return 2;
  }
  const wanted = (n: string) => !o.names.length || o.names.some(x => n === x || n === x + '/' || n.startsWith(x.replace(/\/*$/, '/')));
  const found = new Set<string>();
  let rc = 0;
  let warnedAbs = false;
  for (const e of entries) {
    if (!wanted(e.name)) continue;
    for (const x of o.names) if (e.name === x || e.name.startsWith(x.replace(/\/*$/, '/')) || e.name === x + '/') found.add(x);
    if (o.mode === 't') {
      if (o.v) {
        const mode = require('../fs').modeString({ k: e.type === 'd' ? 'd' : e.type === 'l' ? 'l' : 'f', mode: e.mode } as Inode) as string;
        const d = new Date(e.mtime);
        const p2 = (n: number) => String(n).padStart(2, '0');
        const when = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}${busybox ? ':' + p2(d.getUTCSeconds()) : ''}`;
        const owner = `${e.uname || e.uid}/${e.gname || e.gid}`;
        const size = String(e.type === 'f' ? e.data.length : 0);
        const tail = e.type === 'l' ? ` -> ${e.link}` : e.type === 'h' ? ` link to ${e.link}` : '';
        c.write(busybox ? `${mode} ${owner} ${size.padStart(9)} ${when} ${e.name}${tail}\n` : `${mode} ${owner} ${size.padStart(Math.max(1, 19 - owner.length))} ${when} ${e.name}${tail}\n`);
      } else c.write(e.name + '\n');
      continue;
    }
    // extract
    let name = e.name;
    if (name.startsWith('/') && !o.abs) { name = name.replace(/^\/+/, ''); if (!warnedAbs) { c.err(busybox ? "tar: removing leading '/' from member names" : "tar: Removing leading `/' from member names"); warnedAbs = true; } }
    if (o.strip) { const parts = name.split('/').filter(Boolean); if (parts.length <= o.strip) continue; name = parts.slice(o.strip).join('/') + (e.type === 'd' ? '/' : ''); }
    if (!name || name === './') continue;
    if (o.v) c.write(e.name + '\n', o.O ? 2 : 1);
    if (o.O) { if (e.type === 'f') c.write(fromBytes(e.data)); continue; }
    const path = name.replace(/\/+$/, '');
    try {
      // parents
      const parts = path.split('/');
      for (let k = 1; k < parts.length; k++) {
        const d = parts.slice(0, k).join('/');
        if (d && !tryStat(ctx, d)) ctx.fs.mkdir(d, { cwd, cred: c.cred });
      }
      const existing = tryStat(ctx, path, false);
      if (e.type === 'd') {
        if (!existing) ctx.fs.mkdir(path, { cwd, cred: c.cred, mode: e.mode & 0o7777 });
        else if (existing.k !== 'd') { ctx.fs.unlink(path, { cwd, cred: c.cred }); ctx.fs.mkdir(path, { cwd, cred: c.cred, mode: e.mode & 0o7777 }); }
      } else {
        if (existing && o.k) { if (!busybox) { c.err(`tar: ${path}: Cannot open: File exists`); rc = 2; } continue; }
        if (existing && existing.k !== 'd') ctx.fs.unlink(path, { cwd, cred: c.cred });
        if (e.type === 'l') ctx.fs.symlink(e.link, path, cwd, c.cred);
        else if (e.type === 'h') { const src = ctx.fs.readFile(e.link.replace(/^\/+/, ''), cwd); ctx.fs.writeFile(path, src, { cwd, cred: c.cred, mode: e.mode & 0o7777 }); }
        else ctx.fs.writeFile(path, fromBytes(e.data), { cwd, cred: c.cred, mode: e.mode & 0o7777 });
      }
      if (e.type !== 'l') {
        const attrs: Partial<Inode> = { mode: e.mode & 0o7777 };
        if (!o.m) attrs.mtime = e.mtime;
        if (c.cred.uid === 0) {
          const u = e.uname ? lookupUser(c, e.uname)?.uid : undefined;
          const g = e.gname ? lookupGroup(c, e.gname) : undefined;
          attrs.uid = u ?? e.uid; attrs.gid = g ?? e.gid;
        }
        ctx.fs.setAttr(path, attrs, cwd);
      }
    } catch (err) {
      c.err(busybox ? `tar: can't create ${e.type === 'd' ? 'directory' : 'file'} '${path}': ${fsMsg(err)}` : `tar: ${path}: Cannot open: ${fsMsg(err)}`);
      rc = busybox ? 1 : 2;
    }
  }
  for (const x of o.names) if (!found.has(x)) { c.err(busybox ? `tar: ${x}: not found in archive` : `tar: ${x}: Not found in archive`); rc = busybox ? 1 : 2; }
  if (rc && !busybox) c.err('tar: Exiting with failure status due to previous errors');
  return rc;
}

// ------------------------------------------------------------------------------------------ gzip
function gzip(c: CmdCtx): CmdResult {
  const zlib = require('node:zlib') as typeof import('node:zlib');
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'cdfklqrtvn123456789', long: bb(c) ? undefined : { stdout: 'c', decompress: 'd', uncompress: 'd', force: 'f', keep: 'k', list: 'l', quiet: 'q', test: 't', verbose: 'v', best: '9', fast: '1' } }));
  if (typeof p === 'number') return p;
  const decompress = !!p.f.d || c.name === 'gunzip' || c.name === 'zcat';
  const toStdout = !!p.f.c || c.name === 'zcat';
  const files = p.args.length ? p.args : ['-'];
  const level = Number(Object.keys(p.f).find(k => /^\d$/.test(k)) ?? 6);
  let rc = 0;
  const conv = (data: Buffer, name: string): Buffer | undefined => {
    if (!decompress) return zlib.gzipSync(data, { level });
    try { return zlib.gunzipSync(data); }
    catch { c.err(bb(c) ? `${c.name}: invalid magic` : `${name === 'stdin' ? '\n' : ''}gzip: ${name}: not in gzip format`); rc = 1; return undefined; }
  };
  for (const f of files) {
    if (f === '-') {
      const ins = readInputs(c, ['-']);
      if (ins === 'block') return { block: { read: 0 } };
      const out = conv(toBytes(ins[0]!.text ?? ''), 'stdin');
      if (out) c.write(fromBytes(out));
      continue;
    }
    const st = tryStat(c, f);
    if (!st) { c.err(bb(c) ? `${c.name}: ${f}: No such file or directory` : `gzip: ${f}: No such file or directory`); rc = 1; continue; }
    if (st.k === 'd') { c.err(bb(c) ? `${c.name}: ${f}: is a directory` : `gzip: ${f} is a directory -- ignored`); rc = bb(c) ? 1 : 2; continue; }
    if (decompress && !/\.(gz|tgz|z)$/i.test(f) && !toStdout) { c.err(bb(c) ? `${c.name}: ${f}: unknown suffix - ignored` : `gzip: ${f}: unknown suffix -- ignored`); rc = bb(c) ? 1 : 2; continue; }
    if (!decompress && /\.gz$/.test(f) && !toStdout) { c.err(bb(c) ? `gzip: ${f}: already has .gz suffix -- unchanged` : `gzip: ${f} already has .gz suffix -- unchanged`); rc = 2; continue; }
    const data = toBytes(c.fs.readFile(f, c.cwd, c.cred));
    const out = conv(data, f);
    if (!out) continue;
    if (toStdout) { c.write(fromBytes(out)); continue; }
    const target = decompress ? f.replace(/\.tgz$/i, '.tar').replace(/\.(gz|z)$/i, '') : f + '.gz';
    if (tryStat(c, target) && !p.f.f) { c.err(bb(c) ? `${c.name}: can't open '${target}': File exists` : `gzip: ${target} already exists;\tnot overwritten`); rc = bb(c) ? 1 : 2; continue; }
    try {
      c.fs.writeFile(target, fromBytes(out), { cwd: c.cwd, cred: c.cred, mode: st.mode });
      c.fs.setAttr(target, { mtime: st.mtime, mode: st.mode }, c.cwd);
      if (!p.f.k) c.fs.unlink(f, { cwd: c.cwd, cred: c.cred });
    } catch (e) { c.err(`gzip: ${target}: ${fsMsg(e)}`); rc = 1; }
  }
  return rc;
}

// ------------------------------------------------------------------------------------------ base64 and digests
function base64(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'dw:i', long: bb(c) ? undefined : { decode: 'd', wrap: 'w:', 'ignore-garbage': 'i' } }));
  if (typeof p === 'number') return p;
  if (p.args.length > 1) return usageError(c, `extra operand '${p.args[1]}'`);
  const ins = readInputs(c, p.args.length ? p.args : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  const text = ins[0]!.text;
  if (text === undefined) return 1;
  if (p.f.d) {
    const clean = text.replace(/[\r\n]/g, '');
    const garbage = /[^A-Za-z0-9+/=]/.test(clean) && !p.f.i;
    const ok = clean.replace(/[^A-Za-z0-9+/=]/g, '');
    const bytes = Buffer.from(ok, 'base64');
    // GNU stops at the first invalid character; busybox ignores what it cannot decode
    if (garbage || (!bb(c) && ok.replace(/=+$/, '').length % 4 === 1)) {
      if (bb(c)) { c.write(fromBytes(bytes)); return 0; }
      const upto = clean.search(/[^A-Za-z0-9+/=]/);
      c.write(fromBytes(Buffer.from(clean.slice(0, upto - (upto % 4)), 'base64')));
      c.err('base64: invalid input');
      return 1;
    }
    c.write(fromBytes(bytes));
    return 0;
  }
  const enc = toBytes(text).toString('base64');
  const w = Number(p.v.w ?? 76);
  if (!enc) return 0;
  c.write((w ? enc.match(new RegExp(`.{1,${w}}`, 'g'))!.join('\n') : enc) + '\n');
  return 0;
}
function digest(algo: string): (c: CmdCtx) => CmdResult {
  return (c: CmdCtx) => {
    const crypto = require('node:crypto') as typeof import('node:crypto');
    const p = c.st.p ?? (c.st.p = getopt(c, { short: 'bctswz', long: bb(c) ? undefined : { binary: 'b', check: 'c', text: 't', status: 's', quiet: 'q', warn: 'w', strict: 'S', tag: 'T', zero: 'z' } }));
    if (typeof p === 'number') return p;
    const files = p.args.length ? p.args : ['-'];
    const ins = readInputs(c, files, { verb: bb(c) ? "can't open" : undefined });
    if (ins === 'block') return { block: { read: 0 } };
    const hash = (t: string) => crypto.createHash(algo).update(toBytes(t)).digest('hex');
    let rc = 0;
    if (p.f.c) {
      let bad = 0, badRead = 0;
      for (const { name, text } of ins) {
        if (text === undefined) { rc = 1; continue; }
        for (const line of text.split('\n').filter(Boolean)) {
          const m = /^([0-9a-fA-F]+) [ *](.*)$/.exec(line);
          if (!m) continue;
          let t: string | undefined;
          try { t = c.fs.readFile(m[2]!, c.cwd, c.cred); } catch { t = undefined; }
          if (t === undefined) { c.err(bb(c) ? `${c.name}: can't open '${m[2]}': No such file or directory` : `${c.name}: ${m[2]}: No such file or directory`); if (!p.f.s) c.write(`${m[2]}: FAILED open or read\n`); badRead++; continue; }
          const ok = hash(t) === m[1]!.toLowerCase();
          if (!ok) bad++;
          if (!p.f.s) c.write(`${m[2]}: ${ok ? 'OK' : 'FAILED'}\n`);
        }
        void name;
      }
      if (bad) c.err(bb(c) ? `${c.name}: WARNING: ${bad} of ${bad + ins.reduce((s, x) => s + (x.text ?? '').split('\n').filter(Boolean).length, 0) - bad - badRead} computed checksums did NOT match` : `${c.name}: WARNING: ${bad} computed checksum${bad > 1 ? 's' : ''} did NOT match`);
      if (badRead && !bb(c)) c.err(`${c.name}: WARNING: ${badRead} listed file${badRead > 1 ? 's' : ''} could not be read`);
      return bad || badRead ? 1 : rc;
    }
    for (const { name, text } of ins) {
      if (text === undefined) { rc = 1; continue; }
      c.write(`${hash(text)}  ${name}\n`);
    }
    return rc;
  };
}
function cksum(c: CmdCtx): CmdResult {
  const ins = readInputs(c, c.argv.slice(1).length ? c.argv.slice(1) : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  let rc = 0;
  for (const { name, text } of ins) {
    if (text === undefined) { rc = 1; continue; }
    const b = toBytes(text);
    let crc = 0;
    const upd = (byte: number) => { crc ^= byte << 24; for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1; crc >>>= 0; };
    for (const x of b) upd(x);
    for (let n = b.length; n > 0; n >>>= 8) upd(n & 0xff);
    crc = ~crc >>> 0;
    c.write(`${crc} ${b.length}${name === '-' ? '' : ' ' + name}\n`);
  }
  return rc;
}

// ------------------------------------------------------------------------------------------ dumps
function od(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'A:t:cxdobvN:j:w::s', long: bb(c) ? undefined : { 'address-radix': 'A:', format: 't:', 'read-bytes': 'N:', 'skip-bytes': 'j:', 'output-duplicates': 'v', width: 'w?' } }));
  if (typeof p === 'number') return p;
  const ins = readInputs(c, p.args.length ? p.args : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  if (ins.some(x => x.text === undefined)) return 1;
  let data: Buffer = Buffer.concat(ins.map(x => toBytes(x.text!)));
  if (p.v.j) data = data.subarray(Number(p.v.j));
  if (p.v.N) data = data.subarray(0, Number(p.v.N));
  const radix = p.v.A ?? 'o';
  const types: string[] = [];
  for (const [k, v] of p.list) {
    if (k === 't') types.push(...(v!.match(/[acdfoux]\d*z?/g) ?? []));
    if (k === 'c') types.push('c');
    if (k === 'x') types.push('x2');
    if (k === 'd') types.push('u2');
    if (k === 'o') types.push('o2');
    if (k === 'b') types.push('o1');
  }
  if (!types.length) types.push('o2');
  const addr = (n: number) => (radix === 'n' ? '' : radix === 'x' ? n.toString(16).padStart(6, '0') : radix === 'd' ? String(n).padStart(7, '0') : n.toString(8).padStart(7, '0'));
  const width = 16;
  const NAMES: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
  let out = '';
  let prev: string | undefined, star = false;
  for (let off = 0; off < data.length; off += width) {
    const chunk = data.subarray(off, off + width);
    const key = chunk.toString('latin1');
    if (!p.f.v && key === prev && chunk.length === width) { if (!star) { out += '*\n'; star = true; } continue; }
    star = false; prev = key;
    types.forEach((t, ti) => {
      const kind = t[0]!;
      const size = kind === 'c' || kind === 'a' ? 1 : Number(t.slice(1).replace('z', '') || (kind === 'f' ? 4 : 4));
      const cells: string[] = [];
      for (let k = 0; k < chunk.length; k += size) {
        let v = 0;
        for (let b = size - 1; b >= 0; b--) v = v * 256 + (chunk[k + b] ?? 0);
        switch (kind) {
          case 'c': { const byte = chunk[k]!; cells.push((NAMES[byte] ?? (byte >= 32 && byte < 127 ? String.fromCharCode(byte) : byte.toString(8).padStart(3, '0'))).padStart(4)); break; }
          case 'a': { const byte = chunk[k]! & 127; const names = ['nul', 'soh', 'stx', 'etx', 'eot', 'enq', 'ack', 'bel', 'bs', 'ht', 'nl', 'vt', 'ff', 'cr', 'so', 'si', 'dle', 'dc1', 'dc2', 'dc3', 'dc4', 'nak', 'syn', 'etb', 'can', 'em', 'sub', 'esc', 'fs', 'gs', 'rs', 'us']; cells.push((byte < 32 ? names[byte]! : byte === 127 ? 'del' : byte === 32 ? 'sp' : String.fromCharCode(byte)).padStart(4)); break; }
          case 'x': cells.push(' ' + v.toString(16).padStart(size * 2, '0')); break;
          case 'o': cells.push(' ' + v.toString(8).padStart(Math.ceil((size * 8) / 3), '0')); break;
          case 'u': cells.push(' ' + String(v).padStart(size === 1 ? 3 : size === 2 ? 5 : size === 4 ? 10 : 20)); break;
          case 'd': { const signed = v >= 2 ** (size * 8 - 1) ? v - 2 ** (size * 8) : v; cells.push(' ' + String(signed).padStart(size === 1 ? 4 : size === 2 ? 6 : size === 4 ? 11 : 20)); break; }
          default: cells.push(' ' + v);
        }
      }
      out += (ti === 0 ? addr(off) : radix === 'n' ? '' : ' '.repeat(addr(off).length)) + cells.join('') + '\n';
    });
  }
  if (radix !== 'n') out += addr(data.length) + '\n';
  c.write(out);
  return 0;
}
function hexdump(c: CmdCtx): CmdResult {
  const canonical = c.name === 'hd' || c.argv.includes('-C');
  const files = c.argv.slice(1).filter(a => !a.startsWith('-'));
  const ins = readInputs(c, files.length ? files : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  if (ins.some(x => x.text === undefined)) return 1;
  const data = Buffer.concat(ins.map(x => toBytes(x.text!)));
  let out = '';
  let prev: string | undefined, star = false;
  for (let off = 0; off < data.length; off += 16) {
    const chunk = data.subarray(off, off + 16);
    const key = chunk.toString('latin1');
    if (key === prev && chunk.length === 16) { if (!star) { out += '*\n'; star = true; } continue; }
    star = false; prev = key;
    if (canonical) {
      const hex = [...chunk].map((b, i) => b.toString(16).padStart(2, '0') + (i === 7 ? ' ' : '')).join(' ');
      const asc = [...chunk].map(b => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
      out += `${off.toString(16).padStart(8, '0')}  ${hex.padEnd(49)} |${asc}|\n`;
    } else {
      const words: string[] = [];
      for (let k = 0; k < chunk.length; k += 2) words.push(((chunk[k + 1] ?? 0) * 256 + chunk[k]!).toString(16).padStart(4, '0'));
      out += `${off.toString(16).padStart(7, '0')} ${words.join(' ').padEnd(39)}\n`;
    }
  }
  out += (canonical ? data.length.toString(16).padStart(8, '0') : data.length.toString(16).padStart(7, '0')) + '\n';
  c.write(out);
  return 0;
}
function xxd(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'prc:l:s:g:u' }));
  if (typeof p === 'number') return p;
  const ins = readInputs(c, p.args.length ? [p.args[0]!] : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  const text = ins[0]!.text;
  if (text === undefined) return 2;
  if (p.f.r) {
    const hex = p.f.p ? text.replace(/\s+/g, '') : text.split('\n').map(l => l.replace(/^[0-9a-f]+:\s*/i, '').slice(0, 40).replace(/\s+/g, '')).join('');
    c.write(fromBytes(Buffer.from(hex, 'hex')));
    return 0;
  }
  let data: Buffer = toBytes(text);
  if (p.v.s) data = data.subarray(Number(p.v.s));
  if (p.v.l) data = data.subarray(0, Number(p.v.l));
  if (p.f.p) { const h = data.toString('hex'); c.write((h.match(/.{1,60}/g) ?? []).join('\n') + (h ? '\n' : '')); return 0; }
  const cols = Number(p.v.c ?? 16), group = Number(p.v.g ?? 2);
  let out = '';
  for (let off = 0; off < data.length; off += cols) {
    const chunk = data.subarray(off, off + cols);
    let hex = '';
    for (let k = 0; k < chunk.length; k++) { hex += chunk[k]!.toString(16).padStart(2, '0'); if ((k + 1) % group === 0 && k + 1 < cols) hex += ' '; }
    const full = cols * 2 + Math.ceil(cols / group) - 1;
    const asc = [...chunk].map(b => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    out += `${off.toString(16).padStart(8, '0')}: ${hex.padEnd(full)}  ${asc}\n`;
  }
  c.write(p.f.u ? out.replace(/[a-f]/g, x => x.toUpperCase()) : out);
  return 0;
}
function strings(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'an:' }));
  if (typeof p === 'number') return p;
  const ins = readInputs(c, p.args.length ? p.args : ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  const n = Number(p.v.n ?? 4);
  for (const { text } of ins) {
    if (text === undefined) continue;
    const s = toBytes(text).toString('latin1');
    for (const m of s.match(new RegExp(`[\\x20-\\x7e\\t]{${n},}`, 'g')) ?? []) c.write(m + '\n');
  }
  return 0;
}

register({ tar, gzip, gunzip: gzip, zcat: gzip, base64, md5sum: digest('md5'), sha1sum: digest('sha1'), sha256sum: digest('sha256'), sha512sum: digest('sha512'), cksum, od, hexdump, hd: hexdump, xxd, strings });
