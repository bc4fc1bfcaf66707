// A fast 52-bit string hash (two FNV-1a passes with different seeds), for keys and digests that need no
// cryptography: the event recorder's aggregation key, a volume's content digest. Exact in a JS number.
export function hash52(s: string): number {
  let a = 0x811c9dc5, b = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a * 0x100000 + (b >>> 12);
}
