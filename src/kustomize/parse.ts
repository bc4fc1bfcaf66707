// Reading YAML as kustomize's resource factory does (kio.FromBytes over yaml.v3): every document of a file,
// anchors and aliases inflated and `<<` merge keys merged (kyaml's DeAnchor), empty documents skipped, and a
// single `kind: List` document unwrapped into its items. Scalars keep their text and get yaml.v3's tags.
import type { Document, Node as YamlNode } from 'yaml';
import { KError, YAMLSyntaxError } from './errors';
import { YNode, resolveTag, scalar, mapNode, seqNode, STR, NULL, copy, isMissingOrNull, get } from './node';
import { goYamlMessage, lineOf } from '../cli/manifests';

function shortTag(t: string): string {
  if (t.startsWith('tag:yaml.org,2002:')) return '!!' + t.slice('tag:yaml.org,2002:'.length);
  return t;
}

/** yaml.v3's syntax error text for a document ("yaml: line N: ..."). */
function syntaxError(doc: Document.Parsed, text: string): KError {
  const e: any = doc.errors[0];
  const line = e.linePos?.[0]?.line ?? lineOf(text, e.pos?.[0] ?? 0);
  const { msg, at } = goYamlMessage(e, text, line);
  return new YAMLSyntaxError(`yaml: ${at > 0 ? `line ${at}: ` : ''}${msg}`);
}

/** kio's splitDocuments: documents end at lines starting with `---` (only a comment may follow on that line). */
function splitDocuments(s: string): string[] {
  const docs: string[] = [];
  if (!s.length) return docs;
  const re = /\n---.*\n/g;
  let prev = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const after = m[0].slice(4).trim();
    if (after.length && after[0] !== '#') throw new KError(`invalid document separator: ${m[0].trim()}`);
    docs.push(s.slice(prev, m.index));
    prev = m.index + m[0].length;
  }
  docs.push(s.slice(prev));
  return docs;
}

/** Parse YAML text into documents as kio's ByteReader does: one yaml.v3 Decode per `---` chunk (what follows the
 *  first node of a chunk is never read), null documents dropped. Throws KError with yaml.v3's message. */
export function parseYAML(text: string): YNode[] {
  const YAML = require('yaml') as typeof import('yaml');
  const chunks = splitDocuments(text.replace(/\r\n/g, '\n'));
  const out: YNode[] = [];
  chunks.forEach((chunk, i) => {
    if (i !== chunks.length - 1) chunk += '\n';
    const docs = YAML.parseAllDocuments(chunk, { version: '1.2', schema: 'failsafe', merge: false, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' } as any);
    const list = (Array.isArray(docs) ? docs : [docs]) as Document.Parsed[];
    const doc = list[0];
    if (!doc) return;
    const end = (doc.contents as any)?.range?.[1] ?? -1;
    const errs = doc.errors.filter((e: any) => !(end >= 0 && (e.pos?.[0] ?? 0) >= end));
    if (errs.length) throw syntaxError({ ...doc, errors: errs } as any, chunk);
    const conv = new Converter(doc, chunk);
    const n = doc.contents ? conv.node(doc.contents as YamlNode) : undefined;
    if (!n || isMissingOrNull(n)) return;
    out.push(n);
  });
  return out;
}

/** The line numbers yaml.v3 would give a key when it decodes the node again (it starts at the node's comments). */
function nodeStartLine(text: string): number {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === '' || l === '---' || l.startsWith('%')) continue;
    return i + 1;
  }
  return 1;
}

class Converter {
  private done = new Map<unknown, YNode>();
  constructor(private doc: Document.Parsed, private text: string) {}
  node(y: any): YNode {
    if (y === null || y === undefined) return scalar('', NULL);
    const YAML = require('yaml') as typeof import('yaml');
    if (YAML.isAlias(y)) {
      const target = (y as any).resolve(this.doc);
      return copy(this.done.get(target) ?? this.node(target));
    }
    let n: YNode;
    if (YAML.isScalar(y)) {
      const v = y.value === null || y.value === undefined ? '' : String(y.value);
      const explicit = y.tag ? shortTag(y.tag) : '';
      if (explicit && explicit !== '!') n = scalar(v, explicit);
      else if (y.type === 'PLAIN' && !explicit) n = scalar(v, resolveTag(v));
      else n = scalar(v, STR);
      if (y.type && y.type !== 'PLAIN') n.style = y.type === 'BLOCK_LITERAL' || y.type === 'BLOCK_FOLDED' ? 'literal' : 'quoted';
    } else if (YAML.isMap(y)) {
      n = mapNode();
      const merges: YNode[] = [];
      for (const it of (y as any).items) {
        if (it.key === null || it.key === undefined) {
          // `: value` with no key: yaml.v3 refuses what the yaml package reads as a null key
          const pos = (it.value as any)?.range?.[0] ?? 0;
          throw new YAMLSyntaxError(`yaml: line ${lineOf(this.text, pos) - 1}: did not find expected key`);
        }
        const k = this.node(it.key);
        const v = this.node(it.value);
        if (k.tag !== '!!merge' && get(n, k.value) !== undefined && !n.dup) {
          // yaml.v3 refuses the repeated key only when kustomize turns the node into JSON at the end
          const line = (x: any) => lineOf(this.text, x?.range?.[0] ?? 0) - nodeStartLine(this.text) + 1;
          const first = (y as any).items.find((p: any) => p.key && String(p.key.value) === k.value);
          n.dup = `line ${line(it.key)}: mapping key ${JSON.stringify(k.value)} already defined at line ${line(first?.key)}`;
        }
        if (k.tag === '!!merge') { merges.push(...(v.kind === 'seq' ? v.content : [v])); continue; }
        n.content.push(k, v);
      }
      for (const m of merges) {
        if (m.kind !== 'map') continue;
        for (let i = 0; i + 1 < m.content.length; i += 2) {
          if (get(n, m.content[i]!.value) === undefined) n.content.push(copy(m.content[i]!), copy(m.content[i + 1]!));
        }
      }
    } else if (YAML.isSeq(y)) {
      n = seqNode((y as any).items.map((x: unknown) => this.node(x)));
    } else {
      n = scalar('', NULL);
    }
    this.done.set(y, n);
    return n;
  }
}

/** kio.FromBytes + the resource factory's checks: documents, a lone List unwrapped. */
export function readResourceNodes(text: string): YNode[] {
  const docs = parseYAML(text);
  const out: YNode[] = [];
  for (const d of docs) {
    const kind = get(d, 'kind');
    if (docs.length === 1 && kind && (kind.value === 'List' || kind.value === 'ResourceList') && (get(d, 'items') || get(d, 'functionConfig'))) {
      const items = get(d, 'items');
      if (items && items.kind === 'seq') out.push(...items.content);
      continue;
    }
    out.push(d);
  }
  return out;
}
