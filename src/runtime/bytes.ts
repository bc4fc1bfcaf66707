// Bytes in the simulated container. File contents, pipe data and log writes are JavaScript strings: text
// is ordinary Unicode (its bytes are its UTF-8 encoding), and bytes that are not valid UTF-8 (gzip output,
// /dev/urandom, a binary file copied in) are kept as the lone surrogates U+DC80–U+DCFF, one per byte, as
// Python's "surrogateescape" does. So every byte sequence has exactly one string and back: a tar or gzip
// stream made in a container, carried through pipes and files, comes out byte for byte (kubectl cp).

const LOW = /[\uDC80-\uDCFF]/;

/** The bytes a string stands for. */
export function toBytes(s: string): Buffer {
  if (!LOW.test(s)) return Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && isHigh(s.charCodeAt(i - 1)))) { out.push(c - 0xdc00); continue; }
    if (isHigh(c) && i + 1 < s.length && isLowSur(s.charCodeAt(i + 1))) {
      for (const b of Buffer.from(s.slice(i, i + 2), 'utf8')) out.push(b);
      i++;
      continue;
    }
    if (c < 0x80) out.push(c);
    else for (const b of Buffer.from(s[i]!, 'utf8')) out.push(b);
  }
  return Buffer.from(out);
}

/** The string for some bytes (invalid UTF-8 kept byte by byte). */
export function fromBytes(b: Uint8Array): string {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (isUtf8(buf)) return buf.toString('utf8');
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const c = buf[i]!;
    if (c < 0x80) { out += String.fromCharCode(c); i++; continue; }
    const n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    if (n && i + n <= buf.length) {
      const chunk = buf.subarray(i, i + n);
      if (isUtf8(chunk)) { out += chunk.toString('utf8'); i += n; continue; }
    }
    out += String.fromCharCode(0xdc00 + c);
    i++;
  }
  return out;
}

/** How many bytes a string stands for. */
export function byteLength(s: string): number {
  if (!LOW.test(s)) return Buffer.byteLength(s, 'utf8');
  return toBytes(s).length;
}

/** A string of bytes 0–255 (one char per byte, "latin1") from a string, and back: for byte-wise work. */
export function toBinary(s: string): string { return toBytes(s).toString('latin1'); }
export function fromBinary(s: string): string { return fromBytes(Buffer.from(s, 'latin1')); }

function isHigh(c: number): boolean { return c >= 0xd800 && c <= 0xdbff; }
function isLowSur(c: number): boolean { return c >= 0xdc00 && c <= 0xdfff; }
let utf8Check: ((b: Buffer) => boolean) | undefined;
function isUtf8(b: Buffer): boolean {
  utf8Check ??= (require('node:buffer') as { isUtf8?: (b: Buffer) => boolean }).isUtf8 ?? ((x: Buffer) => Buffer.from(x.toString('utf8'), 'utf8').equals(x));
  return utf8Check(b);
}
