// Reading YAML as kustomize's resource factory does (kio.FromBytes over yaml.v3): every document of a file,
// anchors and aliases inflated and `<<` merge keys merged (kyaml's DeAnchor), empty documents skipped, and a
// single `kind: List` document unwrapped into its items. Scalars keep their text and get yaml.v3's tags.
import type { Document, Node as YamlNode } from 'yaml';
import { KError } from './errors';
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
  return new KError(`yaml: ${at > 0 ? `line ${at}: ` : ''}${msg}`);
}

/** Parse YAML text into documents (null documents dropped). Throws KError with yaml.v3's message. */
export function parseYAML(text: string): YNode[] {
  const YAML = require('yaml') as typeof import('yaml');
  const docs = YAML.parseAllDocuments(text.replace(/\r\n/g, '\n'), { version: '1.2', schema: 'failsafe', merge: false, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' } as any);
  const list = (Array.isArray(docs) ? docs : [docs]) as Document.Parsed[];
  const out: YNode[] = [];
  for (const doc of list) {
    if (doc.errors?.length) throw syntaxError(doc, text);
    const conv = new Converter(doc, text);
    const n = doc.contents ? conv.node(doc.contents as YamlNode) : undefined;
    if (!n || isMissingOrNull(n)) continue;
    out.push(n);
  }
  return out;
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
          throw new KError(`yaml: line ${lineOf(this.text, pos) - 1}: did not find expected key`);
        }
        const k = this.node(it.key);
        const v = this.node(it.value);
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
