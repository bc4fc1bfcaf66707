// The tar streams kubectl cp makes and reads, as Go's archive/tar does: the writer with no format asked for
// writes USTAR headers (mtime rounded to the second, atime/ctime left out) and falls back to PAX records for
// what USTAR cannot hold (long names, big ids or sizes); the reader understands USTAR, GNU and PAX (what GNU
// tar and busybox tar write inside the container).

export interface TarEntry {
  name: string;
  /** '0' file, '5' directory, '2' symlink, '1' hard link, others as tar has them. */
  type: string;
  mode: number; uid: number; gid: number; uname: string; gname: string;
  mtime: number; // seconds
  linkname: string;
  data: Buffer;
}

const BLOCK = 512;

// ------------------------------------------------------------------------------------------ writing
function octal(n: number, len: number): string {
  // Go's formatOctal: zero-padded digits, then NUL
  return n.toString(8).padStart(len - 1, '0') + '\0';
}
function fitsOctal(n: number, len: number): boolean { return n >= 0 && n < 8 ** (len - 1); }

function header(e: { name: string; type: string; mode: number; uid: number; gid: number; size: number; mtime: number; linkname: string; uname: string; gname: string; prefix?: string }): Buffer {
  const b = Buffer.alloc(BLOCK);
  const put = (off: number, len: number, s: string) => { Buffer.from(s, 'utf8').copy(b, off, 0, len); };
  put(0, 100, e.name);
  put(100, 8, octal(e.mode, 8));
  put(108, 8, octal(e.uid, 8));
  put(116, 8, octal(e.gid, 8));
  put(124, 12, octal(e.size, 12));
  put(136, 12, octal(e.mtime, 12));
  b.fill(0x20, 148, 156); // checksum field counts as spaces
  put(156, 1, e.type);
  put(157, 100, e.linkname);
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  put(265, 32, e.uname);
  put(297, 32, e.gname);
  put(329, 8, octal(0, 8));
  put(337, 8, octal(0, 8));
  put(345, 155, e.prefix ?? '');
  let sum = 0;
  for (const x of b) sum += x;
  put(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return b;
}
const pad = (n: number) => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

/** A PAX record: "<len> key=value\n", the length counting itself. */
function paxRecord(k: string, v: string): string {
  const body = ` ${k}=${v}\n`;
  let n = Buffer.byteLength(body);
  let len = n + String(n).length;
  if (String(len).length !== String(n).length) len = n + String(len).length;
  return `${len}${body}`;
}

/** USTAR's name split: prefix (≤155 bytes) and name (≤100 bytes) at a slash, if that fits. */
function splitUSTAR(name: string): { prefix: string; name: string } | undefined {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return { prefix: '', name };
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const p = name.slice(0, i), n = name.slice(i + 1);
    if (Buffer.byteLength(p) <= 155 && Buffer.byteLength(n) <= 100 && n) return { prefix: p, name: n };
  }
  return undefined;
}

/** One member as Go's tar.Writer writes it (USTAR, or a PAX header before it when USTAR cannot hold it). */
export function tarMember(e: Omit<TarEntry, 'data'> & { data?: Buffer }): Buffer {
  const data = e.data ?? Buffer.alloc(0);
  const size = e.type === '0' ? data.length : 0;
  const pax: string[] = [];
  const split = splitUSTAR(e.name);
  const ascii = (s: string) => /^[\x00-\x7f]*$/.test(s);
  if (!split || !ascii(e.name)) pax.push(paxRecord('path', e.name));
  if (Buffer.byteLength(e.linkname) > 100 || !ascii(e.linkname)) pax.push(paxRecord('linkpath', e.linkname));
  if (!fitsOctal(e.uid, 8)) pax.push(paxRecord('uid', String(e.uid)));
  if (!fitsOctal(e.gid, 8)) pax.push(paxRecord('gid', String(e.gid)));
  if (!fitsOctal(size, 12)) pax.push(paxRecord('size', String(size)));
  if (Buffer.byteLength(e.uname) > 32 || !ascii(e.uname)) pax.push(paxRecord('uname', e.uname));
  if (Buffer.byteLength(e.gname) > 32 || !ascii(e.gname)) pax.push(paxRecord('gname', e.gname));
  const parts: Buffer[] = [];
  if (pax.length) {
    const body = Buffer.from(pax.sort((a, b) => keyOf(a) < keyOf(b) ? -1 : 1).join(''), 'utf8');
    // Go names the extended header "<dir>/PaxHeaders.0/<base>", trimmed to what fits
    const dir = e.name.includes('/') ? e.name.slice(0, e.name.lastIndexOf('/')) : '.';
    const base = e.name.slice(e.name.lastIndexOf('/') + 1);
    let paxName = `${dir}/PaxHeaders.0/${base}`.replace(/^\.\//, 'PaxHeaders.0/');
    paxName = Buffer.from(paxName).subarray(0, 100).toString('utf8');
    parts.push(header({ name: paxName, type: 'x', mode: 0, uid: 0, gid: 0, size: body.length, mtime: 0, linkname: '', uname: '', gname: '' }), body, pad(body.length));
  }
  const s = split && ascii(e.name) ? split : { prefix: '', name: Buffer.from(e.name).subarray(0, 100).toString('utf8') };
  parts.push(header({
    name: s.name, prefix: s.prefix, type: e.type, mode: e.mode, uid: Math.min(e.uid, 0o7777777), gid: Math.min(e.gid, 0o7777777),
    size: fitsOctal(size, 12) ? size : 0, mtime: e.mtime, linkname: Buffer.from(e.linkname).subarray(0, 100).toString('utf8'),
    uname: Buffer.from(e.uname).subarray(0, 32).toString('utf8'), gname: Buffer.from(e.gname).subarray(0, 32).toString('utf8'),
  }));
  if (size) parts.push(data, pad(size));
  return Buffer.concat(parts);
}
function keyOf(rec: string): string { return rec.slice(rec.indexOf(' ') + 1, rec.indexOf('=')); }

/** The end of an archive: two zero blocks (Go's Writer.Close). */
export const TAR_END = Buffer.alloc(2 * BLOCK);

// ------------------------------------------------------------------------------------------ reading
function cstr(b: Buffer, off: number, len: number): string {
  const end = b.indexOf(0, off);
  return b.subarray(off, end >= 0 && end < off + len ? end : off + len).toString('utf8');
}
function num(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) { // base-256 (GNU)
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = cstr(b, off, len).trim();
  return s ? parseInt(s, 8) : 0;
}

/** The members of a tar stream (stops at the end blocks or at the end of the data). */
export function untar(buf: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let pax: Record<string, string> = {};
  let globalPax: Record<string, string> = {};
  let longName: string | undefined, longLink: string | undefined;
  while (off + BLOCK <= buf.length) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every(x => x === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== num(h, 148, 8)) throw new Error('archive/tar: invalid tar header');
    const type = String.fromCharCode(h[156] || 0x30);
    const size = num(h, 124, 12);
    const body = buf.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'g') {
      const recs = parsePax(body);
      if (type === 'g') globalPax = { ...globalPax, ...recs }; else pax = { ...pax, ...recs };
      continue;
    }
    if (type === 'L') { longName = body.toString('utf8').replace(/\0+$/, ''); continue; }
    if (type === 'K') { longLink = body.toString('utf8').replace(/\0+$/, ''); continue; }
    const magic = cstr(h, 257, 6);
    const prefix = magic === 'ustar' ? cstr(h, 345, 155) : '';
    const p = { ...globalPax, ...pax };
    let name = longName ?? p.path ?? (prefix ? `${prefix}/${cstr(h, 0, 100)}` : cstr(h, 0, 100));
    const realSize = p.size !== undefined ? Number(p.size) : size;
    const data = type === '0' || type === '\0' || type === '7' ? buf.subarray(off - Math.ceil(size / BLOCK) * BLOCK, off - Math.ceil(size / BLOCK) * BLOCK + realSize) : Buffer.alloc(0);
    if (type === '5' && !name.endsWith('/')) name += '/';
    out.push({
      name, type: type === '\0' ? '0' : type, mode: num(h, 100, 8), uid: p.uid !== undefined ? Number(p.uid) : num(h, 108, 8), gid: p.gid !== undefined ? Number(p.gid) : num(h, 116, 8),
      uname: p.uname ?? cstr(h, 265, 32), gname: p.gname ?? cstr(h, 297, 32), mtime: p.mtime !== undefined ? Number(p.mtime) : num(h, 136, 12),
      linkname: longLink ?? p.linkpath ?? cstr(h, 157, 100), data: Buffer.from(data),
    });
    pax = {}; longName = undefined; longLink = undefined;
  }
  return out;
}
function parsePax(b: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  while (off < b.length) {
    const sp = b.indexOf(0x20, off);
    if (sp < 0) break;
    const len = Number(b.subarray(off, sp).toString());
    if (!len) break;
    const rec = b.subarray(sp + 1, off + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    off += len;
  }
  return out;
}
