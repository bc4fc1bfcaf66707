// kustomize's document model: YAML nodes as kyaml (sigs.k8s.io/kustomize/kyaml/yaml, over gopkg.in/yaml.v3)
// keeps them. A scalar is its text plus a tag (`!!str`, `!!int`, ... or '' when kyaml made it without one,
// in which case the text decides, as yaml.v3 resolves a plain scalar); maps keep their key order. Transformers
// work on these nodes in place, exactly where kustomize's filters work on RNodes, and a resource turns into
// JSON only at the end (Resource.AsYAML: node -> YAML text -> map -> JSON -> sigs.k8s.io/yaml).
import { KError } from './errors';

export type Kind = 'map' | 'seq' | 'scalar' | 'none';
export interface YNode {
  kind: Kind;
  /** short tag ('!!str', '!!int', '!!map', ...), '' when none was given */
  tag: string;
  value: string;
  content: YNode[];
  /** set when the node was written in a style go-yaml keeps (only `literal` matters to kustomize) */
  style?: string;
  /** kyaml's ShouldKeep: an explicit null that a field setter must not drop */
  keep?: boolean;
  /** a map read with a repeated key: yaml.v3's error when the node is decoded */
  dup?: string;
}

export const STR = '!!str', INT = '!!int', FLOAT = '!!float', BOOL = '!!bool', NULL = '!!null', MAP = '!!map', SEQ = '!!seq';
export const TIMESTAMP = '!!timestamp';

export function scalar(value: string, tag = ''): YNode { return { kind: 'scalar', tag, value, content: [] }; }
export const str = (value: string): YNode => scalar(value, STR);
export function mapNode(): YNode { return { kind: 'map', tag: MAP, value: '', content: [] }; }
export function seqNode(items: YNode[] = []): YNode { return { kind: 'seq', tag: SEQ, value: '', content: items }; }
export const nullNode = (): YNode => ({ kind: 'none', tag: NULL, value: '', content: [] });

export function copy(n: YNode): YNode {
  return { ...n, content: n.content.map(copy) };
}
/** Any repeated-key error in a node tree (reported as kyaml reports a failed MarshalJSON). */
export function findDup(n: YNode): string | undefined {
  if (n.dup) return n.dup;
  for (const c of n.content) { const d = findDup(c); if (d) return d; }
  return undefined;
}
/** kyaml's RNode.SetYNode: overwrite a node in place so every reference to it sees the new value. */
export function setNode(target: YNode, from: YNode): void {
  target.kind = from.kind; target.tag = from.tag; target.value = from.value; target.content = from.content;
  if (from.style !== undefined) target.style = from.style; else delete target.style;
  if (from.keep) target.keep = true; else delete target.keep;
}

// ----------------------------------------------------------------------------------- yaml.v3 tag resolution

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const MAPPED: Record<string, string> = {
  '': NULL, '~': NULL, null: NULL, Null: NULL, NULL: NULL,
  true: BOOL, True: BOOL, TRUE: BOOL, false: BOOL, False: BOOL, FALSE: BOOL,
  '.nan': FLOAT, '.NaN': FLOAT, '.NAN': FLOAT,
  '.inf': FLOAT, '.Inf': FLOAT, '.INF': FLOAT, '+.inf': FLOAT, '+.Inf': FLOAT, '+.INF': FLOAT,
  '-.inf': FLOAT, '-.Inf': FLOAT, '-.INF': FLOAT, '<<': '!!merge',
};
const TS = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?(?:[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/;

/** Go's strconv.ParseInt / ParseUint with base 0 (after yaml.v3 removed underscores); undefined if invalid. */
function goInt(plain: string): number | undefined {
  let s = plain, sign = 1;
  if (s[0] === '+' || s[0] === '-') { if (s[0] === '-') sign = -1; s = s.slice(1); }
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = parseInt(s.slice(2), 16);
  else if (/^0[oO][0-7]+$/.test(s)) v = parseInt(s.slice(2), 8);
  else if (/^0[bB][01]+$/.test(s)) v = parseInt(s.slice(2), 2);
  else if (/^0[0-7]+$/.test(s)) v = parseInt(s.slice(1), 8);
  else if (/^(0|[1-9][0-9]*)$/.test(s)) v = Number(s);
  else return undefined;
  return sign * v;
}

/** The tag yaml.v3 gives a plain scalar. */
export function resolveTag(v: string): string {
  if (v in MAPPED) return MAPPED[v]!;
  const c = v[0]!;
  if (c === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(v) ? FLOAT : STR;
  if (/[0-9+-]/.test(c)) {
    if (TS.test(v) && /^\d{4}-/.test(v)) return TIMESTAMP;
    const plain = v.replace(/_/g, '');
    if (goInt(plain) !== undefined) return INT;
    if (YAML_FLOAT.test(plain)) return FLOAT;
    if (/^-?0b[01]+$/.test(plain) || /^-?0o[0-7]+$/.test(plain)) return INT;
  }
  return STR;
}

function decodeScalar(n: YNode): unknown {
  // an untagged scalar is resolved from its text unless its style (kept from the node it replaced) quotes it
  const tag = n.tag || (n.style ? STR : resolveTag(n.value));
  switch (tag) {
    case NULL: return null;
    case BOOL: return /^(true|True|TRUE)$/.test(n.value) ? true : /^(false|False|FALSE)$/.test(n.value) ? false : n.value;
    case INT: {
      const v = goInt(n.value.replace(/_/g, ''));
      if (v !== undefined) return v;
      const f = n.value.replace(/_/g, '');
      return YAML_FLOAT.test(f) ? Number(f) : n.value;
    }
    case FLOAT: {
      const s = n.value.replace(/_/g, '');
      if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) throw new KError(`json: unsupported value: ${s.startsWith('-') ? '-' : '+'}Inf`);
      if (/^\.(nan|NaN|NAN)$/.test(s)) throw new KError('json: unsupported value: NaN');
      return Number(s);
    }
    case TIMESTAMP: return timestampJSON(n.value);
    default: return n.value;
  }
}
/** A YAML timestamp as Go's time.Time marshals to JSON (RFC 3339, nanoseconds trimmed). */
function timestampJSON(s: string): string {
  const m = TS.exec(s);
  if (!m) return s;
  const p2 = (x: string | undefined) => String(Number(x ?? 0)).padStart(2, '0');
  const frac = (m[7] ?? '').replace(/0+$/, '');
  let zone = 'Z';
  if (m[8] && m[8] !== 'Z') {
    const z = /^([-+])(\d{1,2}):?(\d{2})?$/.exec(m[8])!;
    zone = `${z[1]}${p2(z[2])}:${p2(z[3])}`;
    if (zone === '+00:00' || zone === '-00:00') zone = 'Z';
  }
  return `${m[1]}-${p2(m[2])}-${p2(m[3])}T${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${frac.length > 1 ? frac : ''}${zone}`;
}

/** The JSON value of a node (kyaml's MarshalJSON). */
export function toJS(n: YNode | undefined): any {
  if (!n) return null;
  if (n.dup) throw new KError(`yaml: unmarshal errors:\n  ${n.dup}`);
  if (n.kind === 'map') {
    const o: Record<string, unknown> = {};
    for (let i = 0; i + 1 < n.content.length; i += 2) o[keyText(n.content[i]!)] = toJS(n.content[i + 1]!);
    return o;
  }
  if (n.kind === 'seq') return n.content.map(toJS);
  if (n.kind === 'none') return null;
  return decodeScalar(n);
}
function keyText(k: YNode): string {
  if (k.kind !== 'scalar') return JSON.stringify(toJS(k));
  const v = decodeScalar(k);
  return v === null ? 'null' : String(v);
}

/** A node for a JSON value, as kyaml's FromMap builds it (typed scalars). */
export function fromJS(v: unknown): YNode {
  if (v === null || v === undefined) return scalar('null', NULL);
  if (Array.isArray(v)) return seqNode(v.map(fromJS));
  if (typeof v === 'object') {
    const m = mapNode();
    for (const k of Object.keys(v as object).sort()) m.content.push(str(k), fromJS((v as any)[k]));
    return m;
  }
  if (typeof v === 'number') return Number.isInteger(v) ? scalar(String(v), INT) : scalar(String(v), FLOAT);
  if (typeof v === 'boolean') return scalar(String(v), BOOL);
  const s = String(v);
  const n = str(s);
  if (s.includes('\n')) n.style = 'literal';
  return n;
}

// ----------------------------------------------------------------------------------- map access (kyaml fns)

export const isMissingOrNull = (n: YNode | undefined | null): boolean => !n || n.tag === NULL;
export const isTaggedNull = (n: YNode | undefined | null): boolean => !!n && n.tag === NULL;
export const isEmptyMap = (n: YNode | undefined | null): boolean => isMissingOrNull(n) || (n!.kind === 'map' && n!.content.length === 0);
export function isNilOrEmpty(n: YNode | undefined | null): boolean {
  if (!n) return true;
  if (n.tag === NULL) return true;
  if ((n.kind === 'map' || n.kind === 'seq') && n.content.length === 0) return true;
  return n.kind === 'none' && n.tag === '' && n.value === '';
}
export const isString = (n: YNode) => n.kind === 'scalar' && (n.tag === STR || n.tag === '');

/** The value node of a map field (the last one when a key repeats, as kyaml finds it). */
export function get(n: YNode | undefined, name: string): YNode | undefined {
  if (!n || n.kind !== 'map') return undefined;
  let found: YNode | undefined;
  for (let i = 0; i + 1 < n.content.length; i += 2) if (n.content[i]!.value === name) found = n.content[i + 1];
  return found;
}
export function fieldNames(n: YNode): string[] {
  const out: string[] = [];
  if (n.kind !== 'map') return out;
  for (let i = 0; i + 1 < n.content.length; i += 2) out.push(n.content[i]!.value);
  return out;
}
/** kyaml's FieldClearer: remove a map field; returns the removed value. */
export function clearField(n: YNode, name: string): YNode | undefined {
  if (n.kind !== 'map') throw wrongKind(n, 'MappingNode');
  for (let i = 0; i + 1 < n.content.length; i += 2) {
    if (n.content[i]!.value === name) { const v = n.content[i + 1]; n.content.splice(i, 2); return v; }
  }
  return undefined;
}
/** kyaml's FieldSetter with a name: set (in place), append, or clear when the value is nil or a null. */
export function setField(n: YNode, name: string, value: YNode | undefined): YNode | undefined {
  if (!value || (value.tag === NULL && !value.keep)) { if (n.kind === 'map') clearField(n, name); return undefined; }
  if (n.kind !== 'map') throw wrongKind(n, 'MappingNode');
  const f = get(n, name);
  if (f) { const style = f.style; setNode(f, value); if (style) f.style = style; else delete f.style; return f; }
  n.content.push(scalar(name), value);
  return value;
}
/** kyaml's LookupCreate of one field: the field's node, created with `kind` when missing (or null). */
export function lookupCreate(n: YNode, name: string, kind: Kind): YNode {
  let f = get(n, name);
  if (!f) { f = emptyOf(kind); n.content.push(scalar(name), f); }
  return f;
}
export function emptyOf(kind: Kind): YNode {
  if (kind === 'map') return mapNode();
  if (kind === 'seq') return seqNode();
  return { kind, tag: '', value: '', content: [] };
}
/** Follow a path of field names (kyaml's Lookup); undefined when any step is missing. */
export function lookup(n: YNode | undefined, ...path: string[]): YNode | undefined {
  let cur = n;
  for (const p of path) { if (!cur || isMissingOrNull(cur)) return undefined; cur = get(cur, p); }
  return cur;
}
export const getValue = (n: YNode | undefined) => (isMissingOrNull(n) ? '' : n!.value);

export function kindName(k: Kind): string {
  return k === 'map' ? 'MappingNode' : k === 'seq' ? 'SequenceNode' : k === 'scalar' ? 'ScalarNode' : '0';
}
export function wrongKind(n: YNode, expected: string): KError {
  return new KError(`wrong node kind: expected ${expected} but got ${kindName(n.kind)}: node contents:\n${nodeString(n)}`);
}

/** A node as kyaml prints it in messages (MustString): the YAML of its value. */
export function nodeString(n: YNode): string {
  const { goYAML } = require('../cli/printers/yaml') as typeof import('../cli/printers/yaml');
  try { return goYAML(toJS(n)); } catch { return String(n.value); }
}

/** Map string values (labels, annotations, data) of a map field; {} when missing. */
export function stringMap(n: YNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!n || n.kind !== 'map') return out;
  for (let i = 0; i + 1 < n.content.length; i += 2) out[n.content[i]!.value] = n.content[i + 1]!.value;
  return out;
}
