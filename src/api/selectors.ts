// Label selectors (the full string grammar and LabelSelector objects) and field selectors.
import { CliError } from './errors';

export type Op = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
export interface Requirement { key: string; op: Op; values: string[] }
export type Selector = Requirement[];

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Parse `a=b,c!=d,e in (x,y),!f,g` as apimachinery's labels.Parse does. */
export function parseSelector(s: string): Selector {
  const reqs: Requirement[] = [];
  let i = 0;
  const src = s;
  const ws = () => { while (i < src.length && /\s/.test(src[i]!)) i++; };
  const ident = () => {
    ws();
    const st = i;
    while (i < src.length && !/[\s,=!()<>]/.test(src[i]!)) i++;
    return src.slice(st, i);
  };
  const fail = (msg: string): never => { throw new CliError(`unable to parse requirement: ${msg}`); };
  ws();
  if (i >= src.length) return [];
  while (i < src.length) {
    ws();
    let neg = false;
    if (src[i] === '!') { neg = true; i++; }
    const key = ident();
    if (!key) fail(`found '${src[i] ?? ''}', expected: identifier`);
    if (!KEY_RE.test(key) || key.length > 317) fail(`invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
    ws();
    if (neg) {
      reqs.push({ key, op: '!', values: [] });
    } else if (i >= src.length || src[i] === ',') {
      reqs.push({ key, op: 'exists', values: [] });
    } else if (src.startsWith('==', i) || src.startsWith('!=', i) || src[i] === '=') {
      const op: Op = src.startsWith('!=', i) ? '!=' : '=';
      i += src.startsWith('==', i) || src.startsWith('!=', i) ? 2 : 1;
      const v = ident();
      reqs.push({ key, op, values: [v] });
    } else if (src[i] === '>' || src[i] === '<') {
      const op: Op = src[i] === '>' ? 'gt' : 'lt'; i++;
      const v = ident();
      if (!/^-?\d+$/.test(v)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      reqs.push({ key, op, values: [v] });
    } else {
      const w = ident();
      const lw = w.toLowerCase();
      if (w !== 'in' && w !== 'notin') fail(`found '${w}', expected: in, notin, =, ==, !=, gt, lt`);
      ws();
      if (src[i] !== '(') fail(`found '${src[i] ?? ''}', expected: '('`);
      i++;
      const vals: string[] = [];
      for (;;) {
        ws();
        if (src[i] === ')') { i++; break; }
        const v = ident();
        vals.push(v);
        ws();
        if (src[i] === ',') { i++; continue; }
        if (src[i] === ')') { i++; break; }
        fail(`found '${src[i] ?? ''}', expected: ',' or ')'`);
      }
      reqs.push({ key, op: lw as Op, values: vals });
    }
    ws();
    if (i < src.length) {
      if (src[i] !== ',') fail(`found '${src[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

export function matches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of sel) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=': if (!has || v !== r.values[0]) return false; break;
      case '!=': if (has && v === r.values[0]) return false; break;
      case 'in': if (!has || !r.values.includes(v!)) return false; break;
      case 'notin': if (has && r.values.includes(v!)) return false; break;
      case 'exists': if (!has) return false; break;
      case '!': if (has) return false; break;
      case 'gt': if (!has || !(Number(v) > Number(r.values[0]))) return false; break;
      case 'lt': if (!has || !(Number(v) < Number(r.values[0]))) return false; break;
    }
  }
  return true;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
/** metav1.LabelSelectorAsSelector. An empty selector matches everything; a nil one nothing (caller decides). */
export function fromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  const out: Requirement[] = [];
  for (const [k, v] of Object.entries(ls?.matchLabels ?? {})) out.push({ key: k, op: '=', values: [v] });
  for (const e of ls?.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In') out.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (op === 'NotIn') out.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (op === 'Exists') out.push({ key: e.key, op: 'exists', values: [] });
    else if (op === 'DoesNotExist') out.push({ key: e.key, op: '!', values: [] });
  }
  return out;
}
export const fromMap = (m: Record<string, string> | undefined): Selector =>
  Object.entries(m ?? {}).map(([k, v]) => ({ key: k, op: '=' as Op, values: [v] }));

/** The string form kubectl prints (FormatLabelSelector): requirements sorted by key. */
export function selectorString(sel: Selector): string {
  const sorted = [...sel].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted.map(r => {
    switch (r.op) {
      case '=': return `${r.key}=${r.values[0]}`;
      case '!=': return `${r.key}!=${r.values[0]}`;
      case 'in': return `${r.key} in (${[...r.values].sort().join(',')})`;
      case 'notin': return `${r.key} notin (${[...r.values].sort().join(',')})`;
      case 'exists': return r.key;
      case '!': return `!${r.key}`;
      case 'gt': return `${r.key}>${r.values[0]}`;
      case 'lt': return `${r.key}<${r.values[0]}`;
    }
  }).join(',');
}

// ---- field selectors ----
export interface FieldReq { field: string; op: '=' | '!='; value: string }
export function parseFieldSelector(s: string): FieldReq[] {
  if (!s.trim()) return [];
  return s.split(',').map(part => {
    const m = part.match(/^\s*([^=!]+?)\s*(==|=|!=)\s*(.*?)\s*$/);
    if (!m) throw new CliError(`invalid selector: '${s}'; can't understand '${part}'`);
    return { field: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}
