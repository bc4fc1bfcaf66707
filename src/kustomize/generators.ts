// configMapGenerator and secretGenerator (api/internal/generators, api/kv) and the name-suffix hash
// (api/hasher): key/value pairs from env files, literals and files, the data map (binaryData for bytes that
// are not UTF-8, base64 wrapped at 70 columns as kyaml does), generator options, and the hash kustomize
// appends: sha256 of {kind, name, data[, binaryData]} (Secrets: {kind, type, name, data[, stringData]}) as
// Go's encoding/json writes it, first ten hex digits with 0,1,3,a,e replaced by g,h,k,m,t.
import path from 'node:path';
import crypto from 'node:crypto';
import { YNode, mapNode, scalar, str, setField, get, lookupCreate, toJS, BOOL, STR, isMissingOrNull } from './node';
import { Resource } from './resource';
import { KError, wrap } from './errors';
import type { Loader } from './loader';
import { compactJSON } from '../cli/printers/json';

export interface GeneratorOptions { labels?: Record<string, string>; annotations?: Record<string, string>; disableNameSuffixHash?: boolean; immutable?: boolean }
export interface GeneratorArgs {
  name?: string; namespace?: string; behavior?: string;
  literals?: string[]; files?: string[]; envs?: string[]; env?: string;
  options?: GeneratorOptions; type?: string;
}

/** MergeGlobalOptionsIntoLocal */
export function mergeOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions | undefined {
  if (!global) return local;
  const l: GeneratorOptions = local ? { ...local } : {};
  const over = (lm: Record<string, string> | undefined, gm: Record<string, string> | undefined) => {
    if (!lm) return gm ? { ...gm } : undefined;
    const out = { ...lm };
    for (const [k, v] of Object.entries(gm ?? {})) if (!(k in out)) out[k] = v;
    return out;
  };
  l.labels = over(l.labels, global.labels);
  l.annotations = over(l.annotations, global.annotations);
  if (global.disableNameSuffixHash) l.disableNameSuffixHash = true;
  if (global.immutable) l.immutable = true;
  return l;
}

// ------------------------------------------------------------------ key/value sources (api/kv)

function parseLiteral(s: string): [string, string] {
  const i = s.indexOf('=');
  if (i <= 0) throw new KError(`invalid literal source ${s}, expected key=value`);
  let v = s.slice(i + 1);
  if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
  return [s.slice(0, i), v];
}
function parseFileSource(source: string): [string, string] {
  const n = source.split('=').length - 1;
  if (n === 0) return [path.posix.basename(source), source];
  if (n === 1 && source.startsWith('=')) throw new KError(`missing key name for file path ${JSON.stringify(source.slice(1))} in source ${JSON.stringify(source)}`);
  if (n === 1 && source.endsWith('=')) throw new KError(`missing file path for key name ${JSON.stringify(source.slice(0, -1))} in source ${JSON.stringify(source)}`);
  if (n > 1) throw new KError(`source ${JSON.stringify(source)} key name or file path contains '='`);
  const [k, f] = source.split('=');
  return [k!, f!];
}
const goList = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

function isValidUTF8(b: Buffer): boolean {
  try { new TextDecoder('utf-8', { fatal: true }).decode(b); return true; } catch { return false; }
}
/** A byte string kept as JS "binary" text so invalid UTF-8 survives until it is base64-encoded. */
interface Val { text: string; bytes?: Buffer }

function envPairs(content: Buffer): [string, Val][] {
  const out: [string, Val][] = [];
  const lines = content.toString('latin1').split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, idx) => {
    const b = Buffer.from(raw, 'latin1');
    if (!isValidUTF8(b)) throw new KError(`line ${goBytes(b)} has invalid utf8 bytes : ${b.toString('utf8')}`);
    let line = b.toString('utf8');
    if (idx === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) return;
    const i = line.indexOf('=');
    const key = i < 0 ? line : line.slice(0, i);
    out.push([key, { text: i < 0 ? '' : line.slice(i + 1) }]);
  });
  return out;
}
function goBytes(b: Buffer): string { return `[${[...b].join(' ')}]`; }

/** kv.Loader.Load: env files, then literals, then files. */
function loadPairs(ldr: Loader, a: GeneratorArgs): [string, Val][] {
  const all: [string, Val][] = [];
  const envs = [...(a.envs ?? []), ...(a.env ? [a.env] : [])];
  try {
    for (const p of envs) all.push(...envPairs(ldr.load(p)));
  } catch (e) { throw wrap(e, `env source files: ${goList(envs)}`); }
  try {
    for (const s of a.literals ?? []) { const [k, v] = parseLiteral(s); all.push([k, { text: v }]); }
  } catch (e) { throw wrap(e, `literal sources ${goList(a.literals)}`); }
  try {
    for (const s of a.files ?? []) {
      const [k, f] = parseFileSource(s);
      const b = ldr.load(f);
      all.push([k, isValidUTF8(b) ? { text: b.toString('utf8') } : { text: '', bytes: b }]);
    }
  } catch (e) { throw wrap(e, `file sources: ${goList(a.files)}`); }
  return all;
}

function validatedDataMap(ldr: Loader, a: GeneratorArgs): Map<string, Val> {
  let pairs: [string, Val][];
  try { pairs = loadPairs(ldr, a); } catch (e) { throw wrap(e, 'loading KV pairs'); }
  const m = new Map<string, Val>();
  for (const [k, v] of pairs) {
    // kubectl's kustomize validates neither keys nor env names (its FieldValidator accepts everything)
    if (m.has(k)) throw new KError(`configmap ${a.name} illegally repeats the key \`${k}\``);
    m.set(k, v);
  }
  return m;
}

/** kyaml's encodeBase64: standard base64, wrapped every 70 characters (with a final newline) once it is long. */
export function encodeBase64(b: Buffer): string {
  const enc = b.toString('base64');
  const lines = Math.floor(enc.length / 70) + 1;
  if (lines <= 1) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += enc.slice(i, i + 70) + '\n';
  return out;
}

/** LoadMapIntoConfigMapData (and ...BinaryData): string values into data, non-UTF-8 into binaryData. */
export function loadIntoData(n: YNode, m: Record<string, string>, binary = false): void {
  for (const k of Object.keys(m).sort()) {
    const v = m[k]!;
    setField(lookupCreate(n, binary ? 'binaryData' : 'data', 'map'), k, str(v));
  }
}
function baseNode(kind: string, name: string | undefined, ns: string | undefined): YNode {
  const n = mapNode();
  n.content.push(scalar('apiVersion'), scalar('v1', STR), scalar('kind'), scalar(kind, STR));
  if (!name) throw new KError('a configmap must have a name');
  const md = mapNode();
  md.content.push(scalar('name'), str(name));
  if (ns) md.content.push(scalar('namespace'), str(ns));
  n.content.push(scalar('metadata'), md);
  return n;
}
function copyLabelsAndAnnotations(n: YNode, o: GeneratorOptions | undefined): void {
  if (!o) return;
  const md = get(n, 'metadata')!;
  for (const k of Object.keys(o.labels ?? {}).sort()) setField(lookupCreate(md, 'labels', 'map'), k, str(o.labels![k]!));
  for (const k of Object.keys(o.annotations ?? {}).sort()) setField(lookupCreate(md, 'annotations', 'map'), k, str(o.annotations![k]!));
}
function setImmutable(n: YNode, o: GeneratorOptions | undefined): void {
  if (o?.immutable) setField(n, 'immutable', scalar('true', BOOL));
}
function makeResource(n: YNode, a: GeneratorArgs): Resource {
  const r = new Resource(n);
  if (!a.options?.disableNameSuffixHash) r.enableHashSuffix();
  r.setBehavior((['replace', 'merge', 'create'].includes(a.behavior ?? '') ? a.behavior : 'unspecified') as any);
  return r;
}

export function makeConfigMap(ldr: Loader, a: GeneratorArgs): Resource {
  const n = baseNode('ConfigMap', a.name, a.namespace);
  const m = validatedDataMap(ldr, a);
  for (const k of [...m.keys()].sort()) {
    const v = m.get(k)!;
    if (v.bytes) setField(lookupCreate(n, 'binaryData', 'map'), k, str(encodeBase64(v.bytes)));
    else setField(lookupCreate(n, 'data', 'map'), k, str(v.text));
  }
  copyLabelsAndAnnotations(n, a.options);
  setImmutable(n, a.options);
  return makeResource(n, a);
}
export function makeSecret(ldr: Loader, a: GeneratorArgs): Resource {
  const n = baseNode('Secret', a.name, a.namespace);
  setField(n, 'type', str(a.type || 'Opaque'));
  const m = validatedDataMap(ldr, a);
  const data = lookupCreate(n, 'data', 'map');
  for (const k of [...m.keys()].sort()) {
    const v = m.get(k)!;
    setField(data, k, str(encodeBase64(v.bytes ?? Buffer.from(v.text, 'utf8'))));
  }
  copyLabelsAndAnnotations(n, a.options);
  setImmutable(n, a.options);
  return makeResource(n, a);
}

// ------------------------------------------------------------------ hashing (api/hasher)

function nodeValue(n: YNode, p: string[]): unknown {
  let cur: YNode | undefined = n;
  for (const x of p) cur = isMissingOrNull(cur) ? undefined : get(cur, x);
  if (!cur) return '';
  if (cur.kind !== 'scalar') { const v = toJS(cur); return v && typeof v === 'object' && !Array.isArray(v) ? v : null; }
  return cur.value;
}
export function encodeHash(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map(c => map[c] ?? c).join('');
}
/** Hasher.Hash */
export function hashOf(r: Resource): string {
  const n = r.node;
  let enc: string;
  const kind = r.getKind();
  if (kind === 'ConfigMap') {
    const m: Record<string, unknown> = { kind: 'ConfigMap', name: nodeValue(n, ['metadata/name']), data: nodeValue(n, ['data']) };
    const bd = nodeValue(n, ['binaryData']);
    if (bd && typeof bd === 'object') m.binaryData = bd;
    enc = compactJSON(m);
  } else if (kind === 'Secret') {
    const m: Record<string, unknown> = { kind: 'Secret', type: nodeValue(n, ['type']), name: nodeValue(n, ['metadata/name']), data: nodeValue(n, ['data']) };
    const sd = nodeValue(n, ['stringData']);
    if (sd && typeof sd === 'object') m.stringData = sd;
    enc = compactJSON(m);
  } else {
    enc = compactJSON(toJS(n));
  }
  return encodeHash(crypto.createHash('sha256').update(enc, 'utf8').digest('hex'));
}
