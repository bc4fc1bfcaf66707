// Reading manifests the way kubectl does: files, directories (-R), stdin; YAML 1.1 multi-document and JSON;
// `kind: List` expanded into its items.
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { KUBE_YAML } from '../util/yaml11';

export interface Manifest { obj: KObject; source: string }

const EXT = ['.json', '.yaml', '.yml'];

export function readManifests(filenames: string[], recursive = false): Manifest[] {
  const { isKustomizeSource, kustomizeDir } = require('./verbs/common') as typeof import('./verbs/common');
  const k = filenames.filter(isKustomizeSource);
  if (k.length) {
    // kubectl's FilenameOptions.validate
    const files = filenames.filter(f => !isKustomizeSource(f));
    const errs = [files.length && 'only one of -f or -k can be specified', recursive && "the -k flag can't be used with -f or -R"].filter(Boolean) as string[];
    if (errs.length) throw new CliError(errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);
    const { kustomizeManifests } = require('./kustomize-source') as typeof import('./kustomize-source');
    // kustomize writes its warnings to stderr as it reads, before anything the verb prints
    const stderr = { err: (t: string) => { try { fs.writeSync(2, t.endsWith('\n') ? t : t + '\n'); } catch { /* closed */ } } };
    return kustomizeManifests(kustomizeDir(k[k.length - 1]!), { out: stderr as any });
  }
  const out: Manifest[] = [];
  let visited = 0; // files seen so far (kubectl's b.paths): a directory with none is an error only while this is 0
  for (const f of filenames) {
    if (f === '-') { visited++; out.push(...parseManifests(readStdin(), 'STDIN')); continue; }
    if (/^https?:\/\//.test(f)) throw new CliError(`unable to read URL "${f}", server reported 0 , status code=0`);
    let st: fs.Stats;
    try { st = fs.statSync(f); } catch { throw new CliError(`the path "${f}" does not exist`); }
    visited++;
    if (st.isDirectory()) {
      const files = walk(f, recursive);
      if (!files.length && --visited === 0) throw new CliError(`error reading [${f}]: recognized file extensions are [${EXT.join(' ')}]`);
      for (const file of files) out.push(...parseManifests(fs.readFileSync(file, 'utf8'), file));
    } else {
      out.push(...parseManifests(fs.readFileSync(f, 'utf8'), f));
    }
  }
  return out;
}
function walk(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (recursive) out.push(...walk(p, true)); }
    else if (EXT.includes(path.extname(e.name))) out.push(p);
  }
  return out;
}
export function readStdin(): string {
  try { return fs.readFileSync(0, 'utf8'); } catch (e: any) { if (e.code === 'EAGAIN') return readStdinSlow(); if (e.code === 'EOF') return ''; throw e; }
}
function readStdinSlow(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n = 0;
    try { n = fs.readSync(0, buf, 0, buf.length, null); } catch (e: any) {
      if (e.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
      if (e.code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parse one file's text: JSON object(s) or YAML documents. */
export function parseManifests(text: string, source: string): Manifest[] {
  const docs: unknown[] = [];
  if (text.trimStart().startsWith('{')) {
    // kubectl's YAMLOrJSONDecoder: a stream of JSON objects; when the first one cannot be read as JSON the
    // rest of the stream is read as YAML (and a failure of both reports the JSON error when it is a truncation).
    const { values, rest, truncated } = splitJSONStream(text);
    docs.push(...values);
    if (rest !== undefined) {
      if (values.length > 1) throw new CliError(`error parsing ${source}: ${truncated ? 'unexpected EOF' : 'invalid character in JSON stream'}`);
      try { docs.push(...parseYamlDocs(rest, source)); } catch (e) {
        if (truncated) throw new CliError(`error parsing ${source}: unexpected EOF`);
        throw e;
      }
    }
  } else {
    docs.push(...parseYamlDocs(text, source));
  }
  const out: Manifest[] = [];
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    if (typeof d !== 'object' || Array.isArray(d)) {
      const what = Array.isArray(d) ? 'array' : typeof d === 'number' ? 'number' : typeof d === 'boolean' ? 'bool' : 'string';
      throw new CliError(`unable to decode "${source}": json: cannot unmarshal ${what} into Go value of type unstructured.detector`);
    }
    const o = d as KObject;
    if (Object.keys(o).length === 0) continue;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray((o as any).items)) {
      for (const it of (o as any).items) { metadataTypes(it, source); out.push({ obj: it, source }); }
      continue;
    }
    metadataTypes(o, source);
    out.push({ obj: o, source });
  }
  return out;
}

/** Split concatenated JSON values; `rest` is the text from the first value that does not parse. */
function splitJSONStream(text: string): { values: unknown[]; rest?: string; truncated: boolean } {
  const values: unknown[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) return { values, truncated: false };
    const start = i;
    let depth = 0, inStr = false, end = -1;
    for (let j = i; j < text.length; j++) {
      const c = text[j]!;
      if (inStr) { if (c === '\\') j++; else if (c === '"') inStr = false; continue; }
      if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { depth--; if (depth === 0) { end = j + 1; break; } }
      else if (depth === 0) { end = -2; break; }
    }
    if (end === -1) return { values, rest: text.slice(start), truncated: true };
    if (end === -2) return { values, rest: text.slice(start), truncated: false };
    try { values.push(JSON.parse(text.slice(start, end))); } catch { return { values, rest: text.slice(start), truncated: false }; }
    i = end;
  }
}

function parseYamlDocs(text: string, source: string): unknown[] {
  const YAML = require('yaml') as typeof import('yaml');
  const docs = YAML.parseAllDocuments(text, KUBE_YAML);
  const arr = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of arr as any[]) {
    if (doc.errors?.length) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line ?? lineOf(text, e.pos?.[0] ?? 0);
      const { msg, at } = goYamlMessage(e, text, line);
      throw new CliError(`error parsing ${source}: error converting YAML to JSON: yaml: ${at > 0 ? `line ${at}: ` : ''}${msg}`);
    }
    out.push(doc.toJS({ maxAliasCount: 1000 }));
  }
  return out;
}
export function lineOf(text: string, pos: number): number { return text.slice(0, pos).split('\n').length; }
/** go-yaml's text for a syntax error and the line it names (0: none). Its scanner errors name the 1-based
 *  line, except line 1; its parser errors name the 0-based line of the offending token, which is usually the
 *  line before the one this library names. */
export function goYamlMessage(e: any, text: string, line: number): { msg: string; at: number } {
  const code = e.code as string, m = String(e.message ?? '');
  const scanner = (msg: string, l = line) => ({ msg, at: l > 1 ? l : 0 });
  const parser = (msg: string, l = line - 1) => ({ msg, at: l });
  if (code === 'BAD_INDENT' && /^Flow (map|sequence)/.test(m) && /[[{]\s*$/.test(text)) return parser('did not find expected node content');
  if (code === 'BAD_INDENT' && /^Flow map/.test(m)) return parser("did not find expected ',' or '}'");
  if (code === 'BAD_INDENT' && /^Flow sequence/.test(m)) return parser("did not find expected ',' or ']'");
  if (code === 'BAD_INDENT' && /All mapping items/.test(m)) {
    const prev = text.split('\n').slice(0, line - 1).reverse().find(l => l.trim() !== '');
    return parser(prev?.trimStart().startsWith('- ') ? "did not find expected '-' indicator" : 'did not find expected key');
  }
  if (code === 'MISSING_CHAR' && /^Sequence item without/.test(m)) return parser('did not find expected key');
  if (code === 'UNEXPECTED_TOKEN') return parser('did not find expected key');
  if (code === 'MISSING_CHAR' && /^Missing closing/.test(m)) return scanner('found unexpected end of stream');
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /^A block sequence may not be used as an implicit map key/.test(m)) return parser('did not find expected key');
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /^Nested mappings/.test(m)) {
    // go-yaml stops at the offending ':', which may be lines below where this library points
    const at = e.pos?.[0] ?? 0, colon = text.slice(at).search(/:(\s|$)/);
    return scanner('mapping values are not allowed in this context', colon < 0 ? line : lineOf(text, at + colon));
  }
  if (code === 'TAB_AS_INDENT') return scanner('found character that cannot start any token');
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR') return { msg: 'did not find expected key', at: line };
  if (code === 'DUPLICATE_KEY') return { msg: 'mapping key already defined', at: line };
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') return { msg: 'could not find expected \':\'', at: line };
  return { msg: 'did not find expected key', at: line };
}

/** JSON's name for a value's type, as Go's encoding/json words it in an UnmarshalTypeError. */
const jsonType = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : 'object');
const META_TYPES: Record<string, string> = {
  name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', resourceVersion: 'string', uid: 'types.UID',
  generation: 'int64', deletionGracePeriodSeconds: 'int64', labels: 'map[string]string', annotations: 'map[string]string',
  finalizers: '[]string', ownerReferences: '[]v1.OwnerReference', managedFields: '[]v1.ManagedFieldsEntry',
};
/** kubectl's decoder reads an object's metadata as an ObjectMeta: a field of the wrong JSON type is refused
 *  on the client (`unable to decode "FILE": json: cannot unmarshal bool into Go struct field
 *  ObjectMeta.metadata.name of type string`), the first in document order. */
function metadataTypes(o: unknown, source: string): void {
  const m = (o as { metadata?: unknown } | null)?.metadata;
  if (m === undefined || m === null || typeof m !== 'object' || Array.isArray(m)) return;
  const fail = (v: unknown, field: string, type: string) => {
    throw new CliError(`unable to decode "${source}": json: cannot unmarshal ${jsonType(v)} into Go struct field ObjectMeta.metadata.${field} of type ${type}`);
  };
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    const t = META_TYPES[k];
    if (!t || v === null) continue;
    const isObj = typeof v === 'object' && !Array.isArray(v);
    switch (t) {
      case 'string': case 'types.UID': if (typeof v !== 'string') fail(v, k, t); break;
      case 'int64': if (typeof v !== 'number') fail(v, k, t); break;
      case 'map[string]string':
        if (!isObj) fail(v, k, t);
        for (const x of Object.values(v as object)) if (x !== null && typeof x !== 'string') fail(x, k, 'string');
        break;
      case '[]string':
        if (!Array.isArray(v)) fail(v, k, t);
        for (const x of v as unknown[]) if (x !== null && typeof x !== 'string') fail(x, k, 'string');
        break;
      default:
        if (!Array.isArray(v)) fail(v, k, t);
    }
  }
}
