// The limits go-yaml v2 (sigs.k8s.io/yaml's fork, which kubectl reads manifests with) puts on YAML that hurts,
// checked before and after the `yaml` package parses a document, with go-yaml's words:
// - nesting: its scanner refuses more than 10000 flow levels ([ {) or block indentation levels
//   ("exceeded max depth of 10000"); kctl's own parser and the code after it recurse, so kctl refuses a
//   document nested deeper than KCTL_MAX_DEPTH too (a limit of its own, said as such);
// - aliases: its decoder counts every node decoded (aliases expanded) and refuses a document whose share of
//   alias-expanded nodes is too high ("document contains excessive aliasing"; decode.go's allowedAliasRatio).
import type { Document, Node as YNode } from 'yaml';

export const GO_YAML_MAX_DEPTH = 10000;
/** How deep kctl itself follows a manifest (kubectl: 10000). Real manifests stay under a hundred. */
export const KCTL_MAX_DEPTH = 500;

export interface DepthProblem { message: string; line: number }

/**
 * Scan a YAML document's text for its nesting depth as go-yaml's scanner counts it: flow levels, and block
 * indentation levels (each deeper column of a block sequence entry or a mapping key). The scan knows quoted
 * scalars, comments and block scalars; it stops at the first level past go-yaml's limit. Returns the
 * problem (go-yaml's, else kctl's), with the 0-based line where the limit was passed.
 */
export function scanDepth(text: string): DepthProblem | undefined {
  let flow = 0;
  let indent = -1;
  const stack: number[] = [];
  let kctlLine = -1;
  let quote: '"' | "'" | '' = '';
  let blockScalarParent = -2; // inside a block scalar: its content lines are indented deeper than this
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!;
    let i = 0;
    while (i < line.length && line[i] === ' ') i++;
    if (blockScalarParent > -2) {
      if (i >= line.length || line.trim() === '' || i > blockScalarParent) continue;
      blockScalarParent = -2;
    }
    if (!quote && flow === 0) {
      if (i >= line.length || line[i] === '#') continue;
      if (/^(---|\.\.\.)(\s|$)/.test(line)) { indent = -1; stack.length = 0; continue; }
      // block context: unroll to this line's column, then roll for each `- ` and a key on it
      while (indent > i) indent = stack.pop() ?? -1;
      for (;;) {
        if (line[i] === '-' && (i + 1 >= line.length || line[i + 1] === ' ')) {
          if (indent < i) { stack.push(indent); indent = i; if (stack.length > GO_YAML_MAX_DEPTH) return { message: `exceeded max depth of ${GO_YAML_MAX_DEPTH}`, line: ln }; }
          i++;
          while (i < line.length && line[i] === ' ') i++;
          continue;
        }
        if (line[i] === '?' && (i + 1 >= line.length || line[i + 1] === ' ')) { i++; while (line[i] === ' ') i++; continue; }
        break;
      }
      // a mapping key on this line: `key:` followed by a space or the end of the line
      const rest = line.slice(i);
      if (rest && !'[{"\'|>#'.includes(rest[0]!) && /^[^#]*?:(\s|$)/.test(rest)) {
        if (indent < i) { stack.push(indent); indent = i; if (stack.length > GO_YAML_MAX_DEPTH) return { message: `exceeded max depth of ${GO_YAML_MAX_DEPTH}`, line: ln }; }
        const colon = rest.search(/:(\s|$)/);
        i += colon + 1;
        while (i < line.length && line[i] === ' ') i++;
      }
      if (stack.length + flow > KCTL_MAX_DEPTH && kctlLine < 0) kctlLine = ln;
      // a block scalar's header: its content follows, indented deeper than this node
      if (/^[|>][0-9+-]*\s*(#.*)?$/.test(line.slice(i))) { blockScalarParent = indent; continue; }
    }
    // flow context (and quoted scalars, which may span lines)
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (quote === '"' && c === '\\') { i++; continue; }
        if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") { i++; continue; }
          quote = '';
        }
        continue;
      }
      if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(line[i - 1]!))) { quote = c; continue; }
      if (c === '[' || c === '{') {
        if (flow === 0 && !(i === 0 || /[\s[{,:?-]/.test(line[i - 1]!))) continue; // inside a plain scalar
        flow++;
        if (flow > GO_YAML_MAX_DEPTH) return { message: `exceeded max depth of ${GO_YAML_MAX_DEPTH}`, line: ln };
        if (stack.length + flow > KCTL_MAX_DEPTH && kctlLine < 0) kctlLine = ln;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
  }
  if (kctlLine >= 0) return { message: kctlDepthMessage(), line: kctlLine };
  return undefined;
}
export const kctlDepthMessage = () => `exceeded max depth of ${KCTL_MAX_DEPTH} (kctl's own limit; kubectl allows ${GO_YAML_MAX_DEPTH})`;

/** go-yaml's line prefix for a scanner error at a 0-based line: `line N: `, none on the first line. */
export const goLine = (line0: number) => (line0 > 0 ? `line ${line0 + 1}: ` : '');

/** decode.go's allowedAliasRatio. */
function allowedAliasRatio(decodeCount: number): number {
  const low = 400_000, high = 4_000_000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/**
 * Whether go-yaml would refuse the document for excessive aliasing: walk it in decode order, counting each
 * node decoded and, for an alias, the nodes its expansion decodes (sizes of anchored nodes are counted once,
 * in document order, so a billion-laughs document costs what its text costs).
 */
export function excessiveAliasing(doc: Document): boolean {
  const YAML = require('yaml') as typeof import('yaml');
  const size = new Map<unknown, number>();
  const sizeOf = (n: unknown): number => {
    if (n === null || n === undefined) return 1;
    const known = size.get(n);
    if (known !== undefined) return known;
    let c = 1;
    if (YAML.isAlias(n)) {
      const t = n.resolve(doc);
      c = 1 + (t ? (size.get(t) ?? 1) : 0);
    } else if (YAML.isMap(n)) {
      for (const p of n.items) c += sizeOf(p.key) + sizeOf(p.value);
    } else if (YAML.isSeq(n)) {
      for (const it of n.items) c += sizeOf(it);
    }
    size.set(n, c);
    return c;
  };
  sizeOf(doc.contents);
  let decodes = 1, aliased = 0;
  const over = () => aliased > 100 && decodes > 1000 && aliased / decodes > allowedAliasRatio(decodes);
  const walk = (n: unknown): boolean => {
    decodes++;
    if (over()) return true;
    if (n === null || n === undefined) return false;
    if (YAML.isAlias(n)) {
      const t = n.resolve(doc) as YNode | undefined;
      const s = t ? (size.get(t) ?? 1) : 0;
      decodes += s; aliased += s;
      return over();
    }
    if (YAML.isMap(n)) { for (const p of n.items) if (walk(p.key) || walk(p.value)) return true; }
    else if (YAML.isSeq(n)) { for (const it of n.items) if (walk(it)) return true; }
    return false;
  };
  return walk(doc.contents);
}

/** The nesting depth of a parsed JSON value, without recursion (JSON.parse reads any depth; kctl's code after
 *  it does not). */
export function jsonDepth(v: unknown, stopAt: number): number {
  let max = 0;
  const todo: [unknown, number][] = [[v, 1]];
  while (todo.length) {
    const [x, d] = todo.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > max) { max = d; if (max > stopAt) return max; }
    for (const y of Array.isArray(x) ? x : Object.values(x)) if (y !== null && typeof y === 'object') todo.push([y, d + 1]);
  }
  return max;
}
