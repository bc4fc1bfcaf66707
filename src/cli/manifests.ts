// Reading manifests the way kubectl does: files, directories (-R), stdin; YAML 1.1 multi-document and JSON;
// `kind: List` expanded into its items.
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { KUBE_YAML } from '../util/yaml11';
import { lineOf, goYamlMessage } from '../util/goyaml';
import { GO_YAML_MAX_DEPTH, KCTL_MAX_DEPTH, kctlDepthMessage } from '../util/yaml-limits';

/** One document; `undecodable` (Go's JSON type word) when it is not an object, which the verb's validation
 *  or decoding refuses (src/cli/builder.ts manifestsToItems); `item` when it came from a List's items. */
export interface Manifest { obj: KObject; source: string; undecodable?: string; item?: boolean }

/** The documents of one file or stdin, errors marked as met while visiting them. */
function visitDocs(text: string, source: string): Manifest[] {
  try { return parseManifests(text, source, true); } catch (e) { if (e instanceof CliError) e.visit = true; throw e; }
}

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
    if (f === '-') { visited++; out.push(...visitDocs(readStdin(), 'STDIN')); continue; }
    if (/^https?:\/\//.test(f)) throw new CliError(`unable to read URL "${f}", server reported 0 , status code=0`);
    let st: fs.Stats;
    try { st = fs.statSync(f); } catch { throw new CliError(`the path "${f}" does not exist`); }
    visited++;
    if (st.isDirectory()) {
      const files = walk(f, recursive);
      if (!files.length && --visited === 0) throw new CliError(`error reading [${f}]: recognized file extensions are [${EXT.join(' ')}]`);
      for (const file of files) out.push(...visitDocs(fs.readFileSync(file, 'utf8'), file));
    } else {
      out.push(...visitDocs(fs.readFileSync(f, 'utf8'), f));
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
/** The word Go's encoding/json uses for a JSON value's type in an UnmarshalTypeError. */
export function goJSONKind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : 'object';
}

/** keep: documents that are not objects are kept (marked undecodable) for the verb to refuse, as kubectl's
 *  validation or decoding does; otherwise they are refused here, as decoding does. */
export function parseManifests(text: string, source: string, keep = false): Manifest[] {
  const docs: unknown[] = [];
  if (text.trimStart().startsWith('{')) {
    // kubectl's YAMLOrJSONDecoder: a stream of JSON objects; when the first one cannot be read as JSON the
    // rest of the stream is read as YAML (and a failure of both reports the JSON error when it is a truncation).
    let split: ReturnType<typeof splitJSONStream>;
    try { split = splitJSONStream(text); } catch (e) {
      if (e instanceof JSONDepthError) throw new CliError(`error parsing ${source}: ${e.message}`);
      throw e;
    }
    const { values, rest, truncated } = split;
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
      const what = goJSONKind(d);
      if (keep) { out.push({ obj: d as KObject, source, undecodable: what }); continue; }
      throw new CliError(`unable to decode "${source}": json: cannot unmarshal ${what} into Go value of type unstructured.detector`);
    }
    const o = d as KObject;
    if (Object.keys(o).length === 0) continue;
    const items: unknown = (o as { items?: unknown }).items;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(items)) {
      for (const it of items as KObject[]) {
        metadataTypes(it, source);
        const bad = it === null || typeof it !== 'object' || Array.isArray(it);
        out.push({ obj: it, source, item: true, ...(bad ? { undecodable: goJSONKind(it) } : {}) });
      }
      continue;
    }
    metadataTypes(o, source);
    out.push({ obj: o, source });
  }
  return out;
}

class JSONDepthError extends Error {}
/** Whether the JSON text nests past go's limit further on (then kubectl's message is the one to give). */
function deepTail(text: string, from: number, depth: number): boolean {
  let inStr = false;
  for (let j = from + 1; j < text.length; j++) {
    const c = text[j]!;
    if (inStr) { if (c === '\\') j++; else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    else if (c === '{' || c === '[') { if (++depth > GO_YAML_MAX_DEPTH) return true; }
    else if (c === '}' || c === ']') { if (--depth === 0) return false; }
  }
  return false;
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
    let goDeep: boolean | undefined;
    for (let j = i; j < text.length; j++) {
      const c = text[j]!;
      if (inStr) { if (c === '\\') j++; else if (c === '"') inStr = false; continue; }
      if (c === '"') inStr = true;
      else if (c === '{' || c === '[') {
        // encoding/json's limit (a SyntaxError kubectl reports with its byte offset); then kctl's own
        if (++depth > KCTL_MAX_DEPTH && (depth > GO_YAML_MAX_DEPTH || (goDeep ??= deepTail(text, j, depth)) === false)) {
          const offset = Buffer.byteLength(text.slice(0, j)) + 1;
          throw new JSONDepthError(depth > GO_YAML_MAX_DEPTH ? `json: offset ${offset}: invalid character '${c}' exceeded max depth` : `json: offset ${offset}: ${kctlDepthMessage()}`);
        }
      }
      else if (c === '}' || c === ']') { depth--; if (depth === 0) { end = j + 1; break; } }
      else if (depth === 0) { end = -2; break; }
    }
    if (end === -1) return { values, rest: text.slice(start), truncated: true };
    if (end === -2) return { values, rest: text.slice(start), truncated: false };
    try { values.push(JSON.parse(text.slice(start, end))); } catch { return { values, rest: text.slice(start), truncated: false }; }
    i = end;
  }
}

/**
 * YAML documents as kubectl reads them: the text is cut into documents at lines starting with `---` (apimachinery's
 * YAMLReader: anything but a comment after the `---` is an error), and each is converted on its own (so error
 * lines count from the document's first line), within go-yaml's limits on depth and aliases.
 */
function parseYamlDocs(text: string, source: string): unknown[] {
  const YAML = require('yaml') as typeof import('yaml');
  const lim = require('../util/yaml-limits') as typeof import('../util/yaml-limits');
  const fail = (msg: string) => new CliError(`error parsing ${source}: error converting YAML to JSON: yaml: ${msg}`);
  const out: unknown[] = [];
  for (const chunk of yamlDocuments(text, source)) {
    // go-yaml's reader refuses characters YAML does not allow in a stream before it parses anything
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/.test(chunk)) throw fail('control characters are not allowed');
    const depth = lim.scanDepth(chunk);
    if (depth) throw fail(`${lim.goLine(depth.line)}${depth.message}`);
    let doc: any;
    try { doc = YAML.parseAllDocuments(chunk, KUBE_YAML)[0]; } catch (e) {
      if (e instanceof RangeError) throw fail(lim.kctlDepthMessage());
      throw e;
    }
    if (!doc) continue;
    if (doc.errors?.length) {
      const e = doc.errors[0];
      if (e.code === 'RESOURCE_EXHAUSTION') throw fail(lim.kctlDepthMessage());
      const line = e.linePos?.[0]?.line ?? lineOf(chunk, e.pos?.[0] ?? 0);
      const { msg, at } = goYamlMessage(e, chunk, line);
      throw fail(`${at > 0 ? `line ${at}: ` : ''}${msg}`);
    }
    if (lim.excessiveAliasing(doc)) throw fail('document contains excessive aliasing');
    let v: unknown;
    try { v = doc.toJS({ maxAliasCount: -1 }); } catch (e) {
      if (e instanceof RangeError) throw fail(lim.kctlDepthMessage());
      throw fail(String((e as Error)?.message ?? e));
    }
    // aliases nest what they expand: look at the depth of the result too
    if (v !== null && typeof v === 'object' && lim.jsonDepth(v, lim.KCTL_MAX_DEPTH) > lim.KCTL_MAX_DEPTH) throw fail(lim.kctlDepthMessage());
    out.push(v);
  }
  return out;
}
/** apimachinery's YAMLReader: documents are the lines between `---` separator lines. */
function yamlDocuments(text: string, source: string): string[] {
  const docs: string[] = [];
  let buf: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest && rest[0] !== '#') throw new CliError(`error parsing ${source}: invalid Yaml document separator: ${rest}`);
      if (buf.length) docs.push(buf.join('\n') + '\n');
      buf = [];
      continue;
    }
    buf.push(line);
  }
  if (buf.length) docs.push(buf.join('\n') + '\n');
  return docs;
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
export { lineOf, goYamlMessage } from '../util/goyaml';
