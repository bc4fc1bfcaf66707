// kubectl explain: the fields of a resource, from the OpenAPI definitions kctl ships (schemas/definitions.json).
// Default output reproduces kubectl 1.33's OpenAPI v3 plaintext template (k8s.io/kubectl/pkg/explain/v2);
// --output=plaintext-openapiv2 reproduces the older printer (k8s.io/kubectl/pkg/explain).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { RESOURCES as BUILTIN, allResources, byGroupResource } from '../../api/discovery';
import type { ResourceInfo } from '../../api/types';
import { definitions, OSchema } from '../../api/validation/definitions';
import { openSession } from './common';
import { definitionV3 } from '../../api/openapiv3';

export function register(program: Command, ctx: VerbContext): void {
  program.command('explain')
    .description('Get documentation for a resource')
    .argument('[args...]')
    .option('--recursive', 'Print the fields of fields (Currently only 1 level deep)', false)
    .option('--api-version <v>', 'Get different explanations for particular API version (API group/version)', '')
    .option('--output <format>', 'Format in which to render the schema (plaintext, plaintext-openapiv2)', 'plaintext')
    .action((args: string[], opts: { recursive: boolean; apiVersion: string; output: string }) => {
      if (args.length === 0)
        throw new CliError('You must specify the type of resource to explain. Use "kctl api-resources" for a complete list of supported resources.\n');
      if (args.length > 1) throw new CliError('We accept only this format: explain RESOURCE\n');
      const s = openSession(ctx);
      try {
        s.step(rt => {
          RESOURCES = allResources();
          // a custom resource is explained from its CRD's schema, published as the API server publishes it
          for (const ri of RESOURCES) {
            if (!ri.custom || definitions()[ri.definition]) continue;
            const crd = rt.api.tryGet(byGroupResource('apiextensions.k8s.io', 'customresourcedefinitions')!, undefined, ri.custom.crd);
            const v = (crd?.spec?.versions ?? []).find((x: any) => x.name === ri.version);
            definitions()[ri.definition] = customDefinition(v?.schema?.openAPIV3Schema ?? {});
          }
        });
      } finally { s.close(); }
      ctx.out.out(explain(args[0]!, opts.apiVersion, opts.output, !!opts.recursive, text => ctx.out.out(text)));
    });
}

let RESOURCES: ResourceInfo[] = BUILTIN;

/** A CRD version's schema as kube-apiserver publishes it: apiVersion, kind and metadata described as for
 *  every kind, the rest as the CRD says. */
function customDefinition(schema: Record<string, any>): OSchema {
  const pod = definitions()['io.k8s.api.core.v1.Pod']!.properties!;
  const conv = (x: any): OSchema => {
    const o: OSchema = {};
    if (x.description) o.description = x.description;
    if (x['x-kubernetes-int-or-string']) { o.format = 'int-or-string'; o.type = 'string'; }
    else if (x.type) o.type = x.type;
    if (x.required) o.required = x.required;
    if (x.enum) o.enum = x.enum;
    if (x.properties) { o.properties = {}; for (const [k, v] of Object.entries(x.properties)) o.properties[k] = conv(v); }
    if (x.items) o.items = conv(x.items);
    if (x.additionalProperties && typeof x.additionalProperties === 'object') o.additionalProperties = conv(x.additionalProperties);
    return o;
  };
  const def = conv(schema);
  def.type = 'object';
  def.properties = { ...(def.properties ?? {}), apiVersion: pod.apiVersion!, kind: pod.kind!, metadata: pod.metadata! };
  return def;
}

interface GVR { group: string; version: string; resource: string }
const gvrString = (g: GVR) => `${g.group}/${g.version}, Resource=${g.resource}`;

/** Resources matching what the user typed, most preferred first (the RESTMapper's ResourcesFor). */
function resourcesFor(name: string): ResourceInfo[] {
  const n = name.toLowerCase();
  const hits = RESOURCES.filter(r => r.plural === n || r.singular === n || r.shortNames.includes(n) || r.kind.toLowerCase() === n);
  // kubectl's CheckErr prints a no-match error from explain's RESTMapper without the `error: ` prefix.
  if (!hits.length) throw new CliError(`the server doesn't have a resource type "${name}"`, 1, true);
  return hits;
}

function splitPath(input: string): string[] {
  return input.replace(/\.$/, '').split('.').filter(p => p !== '');
}

/** Returns the text to print; on a missing field it emits what kubectl writes before failing, then throws. */
export function explain(arg: string, apiVersion: string, format: string, recursive: boolean, emit: (t: string) => void): string {
  const parts = splitPath(arg);
  if (!parts.length || arg.startsWith('.') || arg.startsWith('['))
    throw new CliError('invalid jsonpath syntax, first node must be field node');
  const resource = parts[0]!.split('[')[0]!;
  resourcesFor(resource); // an unknown resource is reported before the path's syntax
  // Only plain field nodes are allowed (no `[0]`, no `..`).
  if (/\.\.|\[|\]/.test(arg.replace(/\.$/, '')))
    throw new CliError(`invalid jsonpath syntax, ${apiVersion ? 'all nodes must be field nodes' : 'first node must be field node'}`);
  let ri: ResourceInfo;
  let fields: string[];
  if (!apiVersion) {
    const gvrs = resourcesFor(resource);
    const hit = gvrs.find(r => arg.startsWith(r.group ? `${r.plural}.${r.group}` : r.plural));
    if (hit) {
      ri = hit;
      const gr = hit.group ? `${hit.plural}.${hit.group}` : hit.plural;
      fields = splitPath(arg.slice(gr.length));
    } else {
      ri = gvrs[0]!;
      fields = parts.slice(1);
    }
  } else {
    ri = resourcesFor(resource)[0]!;
    fields = parts.slice(1);
  }
  let gvr: GVR = { group: ri.group, version: ri.version, resource: ri.plural };
  if (format !== 'plaintext' && format !== 'plaintext-openapiv2') throw new CliError(`unrecognized format: ${format}`);
  if (apiVersion) {
    const gv = parseGroupVersion(apiVersion);
    gvr = { ...gvr, ...gv };
  }
  if (format === 'plaintext-openapiv2') {
    let target = ri;
    if (apiVersion) {
      const found = RESOURCES.find(r => r.group === gvr.group && r.version === gvr.version && r.kind === ri.kind);
      if (!found) throw new CliError(`couldn't find resource for "${gvr.group ? `${gvr.group}/` : ''}${gvr.version}, Kind=${ri.kind}"`);
      target = found;
    }
    return explainV2(target, fields, recursive);
  }
  if (!RESOURCES.some(r => r.group === gvr.group && r.version === gvr.version))
    throw new CliError(`couldn't find resource for "${gvrString(gvr)}"`);
  const target = RESOURCES.find(r => r.group === gvr.group && r.version === gvr.version && r.plural === gvr.resource);
  if (!target) throw new CliError(`error: GVR (${gvrString(gvr)}) not found in OpenAPI schema`, 1);
  return explainV3(target, fields, recursive, emit);
}

function parseGroupVersion(gv: string): { group: string; version: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: gv };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new CliError(`unexpected GroupVersion string: ${gv}`);
}

// ---------------------------------------------------------------- text helpers

const GO_SPACE = /[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** github.com/mitchellh/go-wordwrap WrapString: breaks at spaces, keeps existing newlines, never splits words. */
export function wordWrap(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = ''; let wordLen = 0;
  let space = ''; let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else { current += spaceLen; buf += space; }
        space = ''; spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        space = ''; spaceLen = 0; word = ''; wordLen = 0;
      }
      buf += ch;
      current = 0;
    } else if (GO_SPACE.test(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = ''; spaceLen = 0; word = ''; wordLen = 0;
      }
      space += ch; spaceLen++;
    } else {
      word += ch; wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = ''; spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) { if (current + spaceLen <= lim) buf += space; } else buf += space + word;
  return buf;
}
/** sprig-style indent: pad the first line and every line after a newline. */
const indent = (n: number, s: string) => { const pad = ' '.repeat(n); return pad + s.split('\n').join('\n' + pad); };

// ---------------------------------------------------------------- OpenAPI v3 view of the v2 definitions

let v3defs: Record<string, OSchema> | undefined;

function v3(): Record<string, OSchema> {
  if (!v3defs) {
    v3defs = {};
    for (const [k, s] of Object.entries(definitions())) v3defs[k] = definitionV3(k, s);
  }
  return v3defs;
}
const resolveRef = (ref: string | undefined): OSchema | undefined => (ref ? v3()[ref] : undefined);
const allOf = (s: OSchema) => (Array.isArray(s.allOf) ? (s.allOf as OSchema[]) : []);
const isMapSchema = (s: OSchema) => !!s.additionalProperties && typeof s.additionalProperties === 'object';
const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function typeGuess(s: OSchema): string {
  if (s.items) return `[]${typeGuess(s.items)}`;
  if (isMapSchema(s)) return `map[string]${typeGuess(s.additionalProperties as OSchema)}`;
  if (allOf(s).length === 1 && !s.properties) return typeGuess(allOf(s)[0]!);
  if (s.$ref) {
    const ref = resolveRef(s.$ref);
    if (!ref || !ref.type || ref.type === 'object') return s.$ref.slice(s.$ref.lastIndexOf('.') + 1) || 'Object';
    return ref.type;
  }
  if (s.type === 'object') return 'Object';
  return s.type || 'Object';
}

function extractEnum(s: OSchema, long: boolean, limit: number, indentAmount = 0): string {
  const e = Array.isArray(s.enum) ? s.enum : [];
  if (!e.length) return '';
  let out = long ? 'ENUM:' : '\n' + ' '.repeat(indentAmount) + 'enum: ';
  for (let i = 0; i < e.length; i++) {
    if (limit > -1 && i >= limit) { out += ', ....'; break; }
    if (i > 0 && !long) out += ', ';
    else if (long) out += '\n    ';
    out += e[i] === '' ? '""' : String(e[i]);
  }
  return out;
}

function description(s: OSchema): string {
  const r = resolveRef(s.$ref) ?? s;
  let out = r.description ? r.description + '\n' : '';
  for (const a of allOf(r)) out += description(a);
  if (r.items) out += description(r.items);
  if (isMapSchema(r)) out += description(r.additionalProperties as OSchema);
  return out;
}

function fieldDetail(name: string, s: OSchema, short: boolean, level: number): string {
  const ind = level * 2;
  const f = s.properties![name]!;
  let out = indent(ind, name) + '\t<' + typeGuess(f) + '>';
  if (s.required?.includes(name)) out += ' -required-';
  out += extractEnum(f, false, 4, ind);
  out += '\n';
  if (!short) out += indent(ind + 2, wordWrap(f.description || '<no description>', 78 - ind)) + '\n\n';
  return out;
}

function fieldList(s: OSchema, level: number, recursive: boolean, history: Set<string> = new Set()): string {
  const ref = s.$ref ?? '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history); next.add(ref);
  const r = resolveRef(ref) ?? s;
  let out = '';
  if (r.properties) {
    for (const k of sortedKeys(r.properties)) {
      out += fieldDetail(k, r, recursive, level);
      if (recursive) out += fieldList(r.properties[k]!, level + 1, recursive, next);
    }
  }
  for (const a of allOf(r)) out += fieldList(a, level, recursive, next);
  if (r.items) out += fieldList(r.items, level, recursive, next);
  if (isMapSchema(r)) out += fieldList(r.additionalProperties as OSchema, level, recursive, next);
  return out;
}

function output(s: OSchema, path: string[], recursive: boolean, history: Set<string>): string {
  const ref = s.$ref ?? '';
  const next = new Set(history); next.add(ref);
  const r = resolveRef(ref) ?? s;
  if (!path.length) {
    let out = 'DESCRIPTION:\n' + indent(4, wordWrap(description(r) || '<empty>', 76)) + '\n';
    const fl = fieldList(r, 1, recursive);
    if (fl) out += 'FIELDS:\n' + fl;
    return out;
  }
  if (ref && history.has(ref)) return '';
  const first = path[0]!;
  if (r.properties && r.properties[first]) {
    const sub = r.properties[first]!;
    let out = '';
    if (path.length === 1) out += `FIELD: ${first} <${typeGuess(sub)}>\n` + extractEnum(sub, true, -1) + '\n\n';
    return out + output(sub, path.slice(1), recursive, new Set());
  }
  if (r.items) return output(r.items, path, recursive, next);
  if (isMapSchema(r)) return output(r.additionalProperties as OSchema, path, recursive, next);
  for (const a of allOf(r)) {
    const o = output(a, path, recursive, next);
    if (o) return o;
  }
  return '';
}

function explainV3(ri: ResourceInfo, fields: string[], recursive: boolean, emit: (t: string) => void): string {
  let head = '';
  if (ri.group) head += `GROUP:      ${ri.group}\n`;
  head += `KIND:       ${ri.kind}\nVERSION:    ${ri.version}\n\n`;
  const schema = v3()[ri.definition];
  if (!schema) throw new CliError(`error: GVK ${ri.group}/${ri.version}, Kind=${ri.kind} not found in OpenAPI schema`);
  const body = output(schema, fields, recursive, new Set());
  if (!body) {
    emit(head);
    throw new CliError(`error: field "${fields[fields.length - 1]}" does not exist`);
  }
  return head + body + '\n';
}

// ---------------------------------------------------------------- the OpenAPI v2 printer (plaintext-openapiv2)

type Node =
  | { k: 'kind'; s: OSchema; desc: string }
  | { k: 'map' | 'array'; s: OSchema; desc: string; sub: () => Node }
  | { k: 'primitive'; type: string; desc: string }
  | { k: 'arbitrary'; desc: string }
  | { k: 'ref'; ref: string; desc: string; sub: () => Node };

function node(s: OSchema): Node {
  const desc = s.description ?? '';
  if (s.$ref) { const ref = s.$ref; return { k: 'ref', ref, desc, sub: () => node(definitions()[ref]!) }; }
  if (!s.type) return s.properties ? { k: 'kind', s, desc } : { k: 'arbitrary', desc };
  if (s.type === 'object') {
    if (s.properties) return { k: 'kind', s, desc };
    const ap = s.additionalProperties;
    return { k: 'map', s, desc, sub: () => (ap && typeof ap === 'object' ? node(ap) : { k: 'arbitrary', desc: '' }) };
  }
  if (s.type === 'array') return { k: 'array', s, desc, sub: () => node(s.items ?? {}) };
  return { k: 'primitive', type: s.type, desc };
}
function typeName(n: Node): string {
  switch (n.k) {
    case 'array': return `[]${typeName(n.sub())}`;
    case 'map': return `map[string]${typeName(n.sub())}`;
    case 'kind': return 'Object';
    case 'primitive': return n.type;
    case 'ref': return typeName(n.sub());
    default: return '';
  }
}

class Formatter {
  constructor(public out: string[], public level = 0, public wrap = 80) {}
  indent(n: number): Formatter { return new Formatter(this.out, this.level + n, this.wrap); }
  write(s: string): void { this.out.push(s === '' ? '\n' : ' '.repeat(this.level) + s + '\n'); }
  writeWrapped(s: string): void { for (const l of wrapStringV2(s, this.wrap - this.level)) this.write(l); }
}
const byteLen = (s: string) => Buffer.byteLength(s);
function wrapStringV2(str: string, wrap: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  const flush = () => { if (words.length) { lastWord = ''; wrapped.push(words.join(' ')); words = []; } };
  const add = (w: string) => {
    const nl = [...words, w];
    if (byteLen(nl.join(' ')) <= wrap || words.length === 0) { words = nl; return true; }
    return false;
  };
  const startNew = (last: string, s: string) => {
    if (last.endsWith(':')) return true;
    if (s.startsWith('    ')) return true;
    const t = s.trim();
    return t.length === 0 || /^(\d+\.?|-|\*)\s/.test(t);
  };
  for (const s of str.split('\n')) {
    if (s.startsWith('    ')) { flush(); wrapped.push(s); continue; }
    if (wrapped.length > 0 && s.trim().length === 0) { flush(); wrapped.push(''); continue; }
    if (startNew(lastWord, s)) flush();
    for (const w of s.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter(Boolean)) {
      lastWord = w;
      if (!add(w)) { flush(); add(w); }
    }
  }
  flush();
  return wrapped;
}

function printFields(n: Node, f: Formatter, recursive: boolean, visited: Set<string>): void {
  switch (n.k) {
    case 'array': case 'map': printFields(n.sub(), f, recursive, visited); return;
    case 'ref':
      if (recursive) {
        if (visited.has(n.ref)) return;
        visited.add(n.ref);
        printFields(n.sub(), f, recursive, visited);
        visited.delete(n.ref);
      } else printFields(n.sub(), f, recursive, visited);
      return;
    case 'kind': {
      const props = n.s.properties!;
      for (const key of sortedKeys(props)) {
        const v = node(props[key]!);
        if (recursive) {
          f.write(`${key}\t<${typeName(v)}>`);
          printFields(v, f.indent(3), recursive, visited);
        } else {
          f.write(`${key}\t<${typeName(v)}>${n.s.required?.includes(key) ? ' -required-' : ''}`);
          f.indent(2).writeWrapped(v.desc);
          f.write('');
        }
      }
      return;
    }
    default: return;
  }
}

function explainV2(ri: ResourceInfo, fields: string[], recursive: boolean): string {
  const root = definitions()[ri.definition];
  if (!root) throw new CliError(`couldn't find resource for "${ri.group ? `${ri.group}/` : ''}${ri.version}, Kind=${ri.kind}"`);
  // LookupSchemaForField
  let cur: Node = node(root);
  let path = fields;
  for (;;) {
    if (cur.k === 'primitive' || cur.k === 'arbitrary') break;
    if (!path.length) break;
    if (cur.k === 'kind') {
      const sub = cur.s.properties![path[0]!];
      if (!sub) throw new CliError(`field "${path[0]}" does not exist`);
      path = path.slice(1);
      cur = node(sub);
    } else cur = cur.sub();
  }
  const name = fields.length ? fields[fields.length - 1]! : '';
  const out: string[] = [];
  const w = new Formatter(out);
  const descs: string[] = [];
  let type = '';
  const header = () => { w.write(`KIND:     ${ri.kind}`); w.write(`VERSION:  ${ri.group ? `${ri.group}/` : ''}${ri.version}\n`); };
  const printDescription = (desc: string) => {
    w.write('DESCRIPTION:');
    let empty = true;
    [...descs, desc].forEach((d, i) => {
      if (!d) return;
      empty = false;
      if (i !== 0) w.write('');
      w.indent(5).writeWrapped(d);
    });
    if (empty) w.indent(5).writeWrapped('<empty>');
  };
  for (let n: Node = cur; ;) {
    if (n.k === 'array' || n.k === 'map') { descs.push(n.desc); type ||= typeName(n); n = n.sub(); continue; }
    if (n.k === 'ref') { descs.push(n.desc); n = n.sub(); continue; }
    header();
    if (n.k === 'kind') {
      type ||= typeName(n);
      if (name) w.write(`RESOURCE: ${name} <${type}>\n`);
      printDescription(n.desc);
      w.write('\nFIELDS:');
      printFields(n, w.indent(3), recursive, new Set());
    } else if (n.k === 'primitive') {
      type ||= typeName(n);
      w.write(`FIELD:    ${name} <${type}>\n`);
      printDescription(n.desc);
    } else printDescription(n.desc);
    break;
  }
  return out.join('');
}
