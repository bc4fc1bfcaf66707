// The pod-template-hash as the deployment controller computes it (kubernetes pkg/controller ComputeHash):
// FNV-32a over go-spew's `%#v` of the Go v1.PodTemplateSpec (ConfigState{Indent: " ", SortKeys: true,
// DisableMethods: true, SpewKeys: true}), then the collision count as 8 little-endian bytes, then
// rand.SafeEncodeString of the decimal sum. The Go struct layout of Kubernetes 1.33 (every field, in order,
// with its type) comes from schemas/podtemplate-layout.json (scripts/gen-spew-layout.mjs): spew prints zero
// fields too, so the dump depends on the exact struct definitions of the version.
import fs from 'node:fs';
import path from 'node:path';

interface Field { name: string; json: string; type: string; embedded?: boolean }
type TypeDef = { kind: 'struct'; fields: Field[] } | { kind: 'named'; underlying: string } | { kind: 'quantity' } | { kind: 'time' };

let LAYOUT: Record<string, TypeDef> | undefined;
function layout(): Record<string, TypeDef> {
  if (LAYOUT) return LAYOUT;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const p = path.join(dir, 'schemas', 'podtemplate-layout.json');
    if (fs.existsSync(p)) { LAYOUT = (JSON.parse(fs.readFileSync(p, 'utf8')) as { types: Record<string, TypeDef> }).types; return LAYOUT; }
    dir = path.dirname(dir);
  }
  throw new Error('schemas/podtemplate-layout.json not found');
}

/** How reflect names a type: metav1.X is v1.X. */
const typeString = (t: string) => t.replace(/metav1\./g, 'v1.');

/** Split `map[K]V` into K and V (K never contains brackets in these types). */
function mapParts(t: string): [string, string] {
  const close = t.indexOf(']');
  return [t.slice(4, close), t.slice(close + 1)];
}

const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && !v.length) || (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length);

/** go-spew's formatter (%#v): `(type)value`, struct fields `Name:value` separated by spaces, nil as <nil>. */
export function spewDump(v: unknown, t: string, ignoreType = false): string {
  const defs = layout();
  if (t.startsWith('*')) {
    const elem = t.slice(1);
    if (v === undefined || v === null) return ignoreType ? '<nil>' : `(${typeString(t)})<nil>`;
    return (ignoreType ? '<*>' : `(*${typeString(elem)})`) + spewDump(v, elem, true);
  }
  const prefix = ignoreType ? '' : `(${typeString(t)})`;
  if (t.startsWith('[]')) {
    // what the controller sees came through protobuf: an empty list is a nil slice
    if (isEmpty(v)) return `${prefix}<nil>`;
    return `${prefix}[${(v as unknown[]).map(x => spewDump(x, t.slice(2), true)).join(' ')}]`;
  }
  if (t.startsWith('map[')) {
    if (isEmpty(v)) return `${prefix}<nil>`;
    const [kt, vt] = mapParts(t);
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
    return `${prefix}map[${keys.map(k => `${spewDump(k, kt, true)}:${spewDump(o[k], vt, true)}`).join(' ')}]`;
  }
  const def = defs[t];
  if (def) {
    switch (def.kind) {
      case 'named': {
        const u = def.underlying;
        if (u.startsWith('map[') || u.startsWith('[]')) return prefix + spewDump(v, u, true);
        return prefix + basic(v, u);
      }
      case 'struct': {
        const o = (v ?? {}) as Record<string, unknown>;
        const parts = def.fields.map(f => {
          const fv = f.embedded && (f.json === '' || f.json === 'inline') ? o : o[f.json];
          return `${f.name}:${spewDump(f.embedded && !(f.json === '' || f.json === 'inline') ? o[f.json] : fv, f.type)}`;
        });
        return `${prefix}{${parts.join(' ')}}`;
      }
      case 'quantity': return prefix + quantityDump(v);
      case 'time': {
        if (v) throw new Error('a time in a pod template');
        return `${prefix}{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}`;
      }
    }
  }
  if (t === 'intstr.IntOrString') return prefix + intOrString(v);
  return prefix + basic(v, t);
}

function basic(v: unknown, t: string): string {
  switch (t) {
    case 'string': return v === undefined || v === null ? '' : String(v);
    case 'bool': return v ? 'true' : 'false';
    case 'float32': case 'float64': return String(v ?? 0);
    default:
      if (/^u?int(8|16|32|64)?$|^byte$/.test(t)) return String(v ?? 0);
      return String(v ?? '');
  }
}

function intOrString(v: unknown): string {
  if (typeof v === 'string') return `{Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string)${v}}`;
  return `{Type:(intstr.Type)0 IntVal:(int32)${v ?? 0} StrVal:(string)}`;
}

// -------------------------------------------------------------------------------- resource.Quantity
const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** An exact value: mantissa × 10^exp10 × 2^exp2. */
interface Exact { m: bigint; e10: number; e2: number; format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' }

function parseExact(s: string): Exact | undefined {
  const mm = s.match(/^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/);
  if (!mm) return undefined;
  const sign = mm[1] === '-' ? -1n : 1n;
  const num = mm[2] ?? '', den = mm[3] ?? '', suf = mm[4] ?? '';
  const m = sign * BigInt((num + den) || '0');
  let e10 = -den.length, e2 = 0;
  let format: Exact['format'] = 'DecimalSI';
  if (suf in BIN_SUFFIX) { e2 = BIN_SUFFIX[suf]!; format = 'BinarySI'; }
  else if (/^[eE]/.test(suf)) { e10 += Number(suf.slice(1)); format = 'DecimalExponent'; }
  else e10 += DEC_SUFFIX[suf]!;
  return { m, e10, e2, format };
}

/** Quantity.String(): the canonical form the API server writes back. */
function canonical(s: string): string {
  const x = parseExact(s);
  if (!x) return s;
  // value in units of 10^-9 (rounded up, as kubernetes rounds to nano)
  let nanos: bigint;
  const scaleBig = (m: bigint, e: number) => (e >= 0 ? m * 10n ** BigInt(e) : m / 10n ** BigInt(-e) + (m % 10n ** BigInt(-e) > 0n ? 1n : 0n));
  nanos = scaleBig(x.m * 2n ** BigInt(x.e2), x.e10 + 9);
  let format = x.format;
  if (format === 'BinarySI') {
    const whole = nanos % 1000000000n === 0n ? nanos / 1000000000n : undefined;
    if (whole === undefined || (whole > -1024n && whole < 1024n)) format = 'DecimalSI';
    else {
      let k = 0; let v = whole;
      while (k < 6 && v % 1024n === 0n && v !== 0n) { v /= 1024n; k++; }
      return `${v}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k]}`;
    }
  }
  if (nanos === 0n) return '0';
  let e = -9; let v = nanos;
  while (v % 1000n === 0n && e < 18) { v /= 1000n; e += 3; }
  if (format === 'DecimalExponent') return e === 0 ? `${v}` : `${v}e${e}`;
  const suffix = Object.entries(DEC_SUFFIX).find(([, n]) => n === e)![0];
  return `${v}${suffix}`;
}

/** The Quantity struct ParseQuantity(canonical) gives: {i:{value scale} d:{Dec} s Format}. */
function quantityDump(v: unknown): string {
  const str = canonical(String(v));
  const x = parseExact(str)!;
  const body = (value: bigint, scale: number, keep: boolean, format: string) =>
    `{i:(resource.int64Amount){value:(int64)${value} scale:(resource.Scale)${scale}} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)${keep ? str : ''} Format:(resource.Format)${format}}`;
  if (str === '0') return body(0n, 0, true, 'DecimalSI');
  const mm = str.match(/^([+-]?)(\d*)(?:\.(\d*))?(.*)$/)!;
  const num = mm[2] ?? '', den = mm[3] ?? '';
  const shifted = num + den;
  const value = BigInt(shifted || '0') * (mm[1] === '-' ? -1n : 1n);
  if (x.format === 'BinarySI') {
    const exp = x.e2;
    const keep = exp % 10 === 0 && (BigInt(shifted) & 7n) !== 0n;
    return body(value * 2n ** BigInt(exp), 0, keep, 'BinarySI');
  }
  const scale = x.e10;
  const keep = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  return body(value, scale, keep, x.format);
}

// ------------------------------------------------------------------------------------- ComputeHash
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}
/**
 * The template as the controller receives it from the API server: converting a PodSpec to v1
 * (Convert_core_PodSpec_To_v1_PodSpec) sets DeprecatedServiceAccount (`serviceAccount`) to ServiceAccountName,
 * and converting from v1 takes ServiceAccountName from it when only the old field is given. So a template naming a
 * service account hashes with both fields set: kind v0.29.0's local-path-provisioner is
 * local-path-provisioner-7dc846544d on a real cluster, not the f545998c6 the bare template gives.
 */
function asServed(template: unknown): unknown {
  const spec = (template as { spec?: Record<string, unknown> } | null | undefined)?.spec;
  const sa = (spec?.serviceAccountName || spec?.serviceAccount) as string | undefined;
  if (!spec || !sa || (spec.serviceAccountName === sa && spec.serviceAccount === sa)) return template;
  const t = template as Record<string, unknown>;
  return { ...t, spec: { ...spec, serviceAccountName: sa, serviceAccount: sa } };
}

/** controller.ComputeHash(template, collisionCount). */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  let h = fnv32a(Buffer.from(spewDump(asServed(template), 'v1.PodTemplateSpec'), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(collisionCount >>> 0, 0);
    h = fnv32a(b, h);
  }
  return [...String(h)].map(c => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}
