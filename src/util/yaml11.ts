// Reading YAML as kubectl does: sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1 rules), then JSON.
// The `yaml` package's 1.1 schema is close but not the same; these are go-yaml v2's scalar rules:
// - ints by Go's strconv.ParseInt(base 0) with `_` removed: 0644 is octal 420, 0x1F, 0b101;
//   a leading-zero number that is not octal (09) falls through to float;
// - floats only in the form [-+](.d+|d+(.d*)?)([eE][-+]?d+)? (so `E1`, `e5` stay strings), .inf and .nan;
// - timestamps and sexagesimal numbers stay strings (v2 keeps them as strings for interface{} targets).
import type { ParseOptions, DocumentOptions, SchemaOptions } from 'yaml';

const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INTISH = /^[-+]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/;

function goParseInt(s: string): number | undefined {
  const plain = s.replace(/_/g, '');
  let sign = 1, body = plain;
  if (body[0] === '+' || body[0] === '-') { if (body[0] === '-') sign = -1; body = body.slice(1); }
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[oO][0-7]+$/.test(body)) v = parseInt(body.slice(2), 8);
  else if (/^0[bB][01]+$/.test(body)) v = parseInt(body.slice(2), 2);
  else if (/^0[0-7]+$/.test(body)) v = parseInt(body.slice(1), 8);
  else if (/^(0|[1-9][0-9]*)$/.test(body)) v = Number(body);
  else return undefined;
  return sign * v;
}

const intTag = {
  identify: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  default: true, tag: 'tag:yaml.org,2002:int', test: INTISH,
  resolve(s: string) {
    const v = goParseInt(s);
    if (v !== undefined) return v;
    const plain = s.replace(/_/g, '');
    return FLOAT.test(plain) ? Number(plain) : s;
  },
};
const floatTag = {
  identify: (v: unknown) => typeof v === 'number',
  default: true, tag: 'tag:yaml.org,2002:float', test: FLOAT,
  resolve: (s: string) => Number(s.replace(/_/g, '')),
};

/** customTags for the `yaml` package that give go-yaml v2's scalar resolution. */
export function goYamlTags(tags: any[]): any[] {
  const keep = tags.filter(t => {
    const tag = t.tag as string;
    if (tag === 'tag:yaml.org,2002:timestamp') return false;
    if (tag === 'tag:yaml.org,2002:int') return false;
    if (tag === 'tag:yaml.org,2002:float') return t.test && /inf|nan/.test(String(t.test)); // .inf / .nan only
    return true;
  });
  const i = keep.findIndex(t => t.tag === 'tag:yaml.org,2002:float');
  keep.splice(i >= 0 ? i : keep.length, 0, intTag, floatTag);
  return keep;
}

export const KUBE_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1', merge: true, uniqueKeys: false, prettyErrors: false, customTags: goYamlTags as any,
};
