// Compressed values of the cluster database: the container runtime's records (a container's state, its log
// batches, a generated volume's files) and longer meta values (the kubelet's memory of a pod) are stored as a
// BLOB: one tag byte naming a preset dictionary (src/api/packdict.ts), then raw deflate of the UTF-8 text with
// that dictionary, followed by the row's key when the value names it (a container's state names its own id and
// pod uid).
// A value is read back as the same text; a TEXT value (written by an older kctl, or short) is read as it is.
// Only the store calls these: everything above it sees text.
import type * as Zlib from 'node:zlib';
import { STATE_V1, LOG_V1, LAYER_V1, META_V1 } from './packdict';
import { CorruptDataError } from './storage-errors';

/** The dictionaries by tag (tag 0: none). A tag, once written, keeps its dictionary forever. */
export const Dict = { None: 0, State: 1, Log: 2, Layer: 3, Meta: 4, SharedState: 5 } as const;
export type Dict = (typeof Dict)[keyof typeof Dict];
/** (SharedState: a container's record that does not name its row, the same text for many rows — a container started
 *  without its box — packed with the state dictionary alone, once for all of them.) */
const TEXTS: Record<number, string> = { [Dict.State]: STATE_V1, [Dict.Log]: LOG_V1, [Dict.Layer]: LAYER_V1, [Dict.Meta]: META_V1, [Dict.SharedState]: STATE_V1 };
const bufs = new Map<number, Buffer>();
/** node:zlib, loaded when a value is first packed or unpacked (it costs 1.5 ms to load: a `get` needs none). */
let zlibMod: typeof Zlib | undefined;
const zlib = () => (zlibMod ??= require('node:zlib') as typeof Zlib);
function dictionary(tag: number, key: string): Buffer | undefined {
  if (tag === Dict.None) return key ? Buffer.from(key) : undefined;
  let b = bufs.get(tag);
  if (!b) {
    const t = TEXTS[tag];
    if (t === undefined) throw new CorruptDataError(`a stored value names an unknown dictionary (${tag})`);
    bufs.set(tag, (b = Buffer.from(t)));
  }
  return key ? Buffer.concat([b, Buffer.from(key)]) : b;
}

/** Values shorter than this stay text (deflate's framing would eat what it saves). */
const MIN = 96;

/** What was packed last (many rows of one step hold the same text: the same start-up lines of the pods of one
 *  ReplicaSet started at one instant, the kubelet's same memory of their events): packed once. */
const recent = new Map<string, string | Buffer>();

/** The stored form of `text`: a BLOB when that is shorter, else the text itself. `key` is the row's key. */
export function pack(text: string, tag: Dict, key = ''): string | Buffer {
  if (text.length < MIN) return text;
  const memo = key ? undefined : `${tag}\u0000${text}`;
  const known = memo === undefined ? undefined : recent.get(memo);
  if (known !== undefined) return known;
  // (a 16 KB window holds any dictionary and a typical value; fast matching: smaller state, the same sizes.
  // Level 1: a 1,000-replica call 3-4% faster than level 3, for 1-2% more bytes)
  const z = zlib().deflateRawSync(text, { dictionary: dictionary(tag, key), level: 1, windowBits: 14, memLevel: 6 });
  let out: string | Buffer = text;
  if (z.length + 1 < Buffer.byteLength(text)) {
    out = Buffer.allocUnsafe(z.length + 1);
    out[0] = tag;
    z.copy(out, 1);
  }
  if (memo !== undefined) {
    if (recent.size >= 64) recent.clear();
    recent.set(memo, out);
  }
  return out;
}

/** The text of a stored value (what `pack` was given). */
export function unpack(v: string | Buffer | Uint8Array, key = ''): string {
  if (typeof v === 'string') return v;
  const b = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  try {
    return zlib().inflateRawSync(b.subarray(1), { dictionary: dictionary(b[0]!, b[0] === Dict.SharedState ? '' : key) }).toString('utf8');
  } catch (e) {
    throw new CorruptDataError(`a stored value does not decompress: ${(e as Error).message}`);
  }
}
