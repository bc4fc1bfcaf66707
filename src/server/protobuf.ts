// Kubernetes' protobuf encoding, read: kubectl's typed clients (create deployment, create token, drain's
// evictions, auth can-i…) send request bodies as `application/vnd.kubernetes.protobuf` and do not fall
// back to JSON when refused, so `kctl serve` reads them as kube-apiserver's protobuf serializer does
// (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): the "k8s\0" magic, a runtime.Unknown envelope
// naming apiVersion and kind, and the object's message inside. The message table (schemas/protobuf.json.gz)
// is derived from the official generated.proto files and Go types by scripts/gen-protobuf.mjs. The result is
// the object's JSON form exactly as Go's JSON encoder would have written the same Go value: plain
// `omitempty` fields at their zero value are dropped, metav1.Time/Duration, Quantity, IntOrString,
// RawExtension and FieldsV1 take their JSON shapes, bytes are base64. Responses stay JSON (clients accept it).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { StatusError } from '../api/errors';
import { goDurationString } from '../util/duration';
import { toISO } from '../sim/clock';
import { definitions } from '../api/validation/definitions';

/** [jsonName, type, 0 optional | 1 repeated | 2 map, dropZero, mapKeyType] */
type Field = [string, string, number, number, string?];
interface Message { f: Record<string, Field>; slice?: number }
interface Table { messages: Record<string, Message>; kinds: Record<string, string> }

let table: Table | undefined;
function load(): Table {
  if (table) return table;
  const file = path.join(__dirname, '..', 'schemas', 'protobuf.json.gz');
  const alt = path.join(__dirname, '..', '..', 'schemas', 'protobuf.json.gz');
  return (table = JSON.parse(zlib.gunzipSync(fs.readFileSync(fs.existsSync(file) ? file : alt)).toString()) as Table);
}

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

class Reader {
  pos = 0;
  constructor(public buf: Buffer, public end = buf.length) {}
  varint(): bigint {
    let r = 0n, shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new Error('unexpected EOF');
      const b = this.buf[this.pos++]!;
      r |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return r;
      shift += 7n;
      if (shift > 70n) throw new Error('varint overflow');
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint());
    if (n < 0 || this.pos + n > this.end) throw new Error('unexpected EOF');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`illegal wireType ${wire}`);
  }
}

const int32 = (v: bigint) => Number(BigInt.asIntN(32, v));
const int64 = (v: bigint) => Number(BigInt.asIntN(64, v));

function scalar(type: string, wire: number, r: Reader): unknown {
  switch (type) {
    case 'string': return r.bytes().toString('utf8');
    case 'bytes': return r.bytes().toString('base64');
    case 'bool': return r.varint() !== 0n;
    case 'int32': case 'sint32': return int32(r.varint());
    case 'uint32': return Number(BigInt.asUintN(32, r.varint()));
    case 'int64': case 'uint64': return int64(r.varint());
    case 'double': { const v = r.buf.readDoubleLE(r.pos); r.pos += 8; return v; }
    case 'float': { const v = r.buf.readFloatLE(r.pos); r.pos += 4; return v; }
    case 'fixed32': { const v = r.buf.readUInt32LE(r.pos); r.pos += 4; return v; }
    case 'fixed64': { const v = Number(r.buf.readBigUInt64LE(r.pos)); r.pos += 8; return v; }
  }
  void wire;
  throw new Error(`unknown type ${type}`);
}

/** metav1.Time (seconds) and MicroTime (with microseconds) as their JSON carries them. */
function rfc3339(seconds: number, nanos: number, micro: boolean): string {
  const base = toISO(seconds * 1000);
  return micro ? base.replace(/Z$/, `.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`) : base;
}

/** Messages whose JSON form is not an object of their fields. */
function special(type: string, obj: Record<string, unknown>): { v: unknown } | undefined {
  switch (type) {
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.Time':
      return { v: !obj.seconds && !obj.nanos ? null : rfc3339(Number(obj.seconds ?? 0), 0, false) };
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime':
      return { v: !obj.seconds && !obj.nanos ? null : rfc3339(Number(obj.seconds ?? 0), Number(obj.nanos ?? 0), true) };
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration':
      return { v: goDurationString(Number(obj.duration ?? 0) / 1e6) };
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return { v: obj.string ?? '0' };
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return { v: Number(obj.type ?? 0) === 1 ? (obj.strVal ?? '') : (obj.intVal ?? 0) };
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': {
      const raw = (obj.raw ?? obj.Raw) as string | undefined;
      if (!raw) return { v: null };
      const b = Buffer.from(raw, 'base64');
      if (b.subarray(0, 4).equals(MAGIC)) return { v: decodeObject(b) };
      return { v: JSON.parse(b.toString('utf8')) };
    }
  }
  return undefined;
}

function message(type: string, r: Reader): unknown {
  const t = load();
  const m = t.messages[type];
  if (!m) throw new Error(`no protobuf message ${type}`);
  const out: Record<string, unknown> = {};
  while (r.pos < r.end) {
    const key = Number(r.varint());
    const num = key >>> 3, wire = key & 7;
    const f = m.f[String(num)];
    if (!f) { r.skip(wire); continue; }
    const [name, ftype, label, , keyType] = f;
    const isMsg = !!t.messages[ftype];
    if (label === 2) {
      const sub = new Reader(r.buf, 0); const b = r.bytes(); sub.buf = b; sub.end = b.length;
      let k: unknown = '', v: unknown = isMsg ? undefined : ftype === 'string' || ftype === 'bytes' ? '' : 0;
      while (sub.pos < sub.end) {
        const kk = Number(sub.varint());
        if ((kk >>> 3) === 1) k = scalar(keyType ?? 'string', kk & 7, sub);
        else if ((kk >>> 3) === 2) v = isMsg ? value(ftype, sub) : scalar(ftype, kk & 7, sub);
        else sub.skip(kk & 7);
      }
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[String(k)] = v === undefined ? emptyOf(ftype) : v;
      continue;
    }
    let v: unknown[];
    if (isMsg) v = [value(ftype, r)];
    else if (wire === 2 && ftype !== 'string' && ftype !== 'bytes') {
      // packed repeated scalars
      const b = r.bytes(); const sub = new Reader(b); v = [];
      while (sub.pos < sub.end) v.push(scalar(ftype, 0, sub));
    } else v = [scalar(ftype, wire, r)];
    if (label === 1) ((out[name] ??= []) as unknown[]).push(...v);
    else out[name] = v[0];
  }
  if (m.slice) return (out.items as unknown[] | undefined) ?? [];
  const sp = special(type, out);
  if (sp) return sp.v;
  // Go's JSON drops plain omitempty fields at their zero value; protobuf wrote them anyway
  for (const [, f] of Object.entries(m.f)) {
    if (!f[3] || f[2] !== 0) continue;
    const v = out[f[0]];
    if (v === '' || v === 0 || v === false) delete out[f[0]];
  }
  // an embedded struct (`json:",inline"`: an IngressRule's IngressRuleValue, a Volume's VolumeSource, a
  // Probe's ProbeHandler) is its own protobuf field, but its fields are the parent's in JSON
  for (const name of inlineFields(type, m)) {
    const v = out[name];
    delete out[name];
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out[k] ??= x;
  }
  return out;
}

const inlineCache = new Map<string, string[]>();
/** The fields of a message that Go's JSON inlines: message-typed, and not a property of the type's OpenAPI
 *  definition (k8s.io.api.core.v1.Probe is io.k8s.api.core.v1.Probe there), while all their own fields are. */
function inlineFields(type: string, m: Message): string[] {
  let names = inlineCache.get(type);
  if (names) return names;
  names = [];
  const defs = definitions();
  const props = defs[type.replace(/^k8s\.io\./, 'io.k8s.')]?.properties;
  if (props) {
    for (const f of Object.values(m.f)) {
      if (f[2] !== 0 || !load().messages[f[1]] || f[0] in props) continue;
      if (jsonNames(f[1]).every(k => k in props)) names.push(f[0]);
    }
  }
  inlineCache.set(type, names);
  return names;
}
/** The JSON names of a message's fields, an inlined field's own fields in its place. */
function jsonNames(type: string): string[] {
  const m = load().messages[type];
  if (!m) return [];
  const inline = new Set(inlineFields(type, m));
  return Object.values(m.f).flatMap(f => (inline.has(f[0]) ? jsonNames(f[1]) : [f[0]]));
}

function emptyOf(type: string): unknown {
  return message(type, new Reader(Buffer.alloc(0)));
}

function value(type: string, r: Reader): unknown {
  const b = r.bytes();
  return message(type, new Reader(b));
}

/** A "k8s\0"-prefixed body → the object it carries, as JSON would carry it. */
export function decodeObject(buf: Buffer): Record<string, unknown> {
  if (!buf.subarray(0, 4).equals(MAGIC)) throw new Error('provided object is not a protobuf object');
  const r = new Reader(buf); r.pos = 4;
  let apiVersion = '', kind = '', raw: Buffer | undefined;
  while (r.pos < r.end) {
    const key = Number(r.varint());
    const num = key >>> 3, wire = key & 7;
    if (num === 1 && wire === 2) {
      const tm = new Reader(r.bytes());
      while (tm.pos < tm.end) {
        const k = Number(tm.varint());
        if ((k >>> 3) === 1) apiVersion = tm.bytes().toString();
        else if ((k >>> 3) === 2) kind = tm.bytes().toString();
        else tm.skip(k & 7);
      }
    } else if (num === 2 && wire === 2) raw = r.bytes();
    else r.skip(wire);
  }
  const t = load();
  const gv = apiVersion.includes('/') ? apiVersion : apiVersion;
  const type = t.kinds[`${gv}/${kind}`] ?? (['DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions'].includes(kind) ? t.kinds[`meta.k8s.io/v1/${kind}`] : undefined);
  if (!type) throw new StatusError(415, 'UnsupportedMediaType', `no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/runtime/scheme.go:110"`);
  const obj = message(type, new Reader(raw ?? Buffer.alloc(0))) as Record<string, unknown>;
  return { kind, apiVersion, ...obj };
}

/** A request body in protobuf, as the JSON text the handlers read; errors as kube-apiserver words them. */
export function protobufToJSON(buf: Buffer): string {
  try {
    return JSON.stringify(decodeObject(buf));
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw new StatusError(400, 'BadRequest', `the body of the request could not be decoded: ${(e as Error).message}`);
  }
}
