// CEL declarations of a custom resource's structural schema, as apiextensions-apiserver derives them
// (k8s.io/apiserver/pkg/cel/common/schemas.go SchemaDeclType, pkg/cel/escaping.go): the CEL type of every
// schema node, field names escaped for CEL, and the size bounds the cost estimator reasons with
// (maxLength/maxItems/maxProperties, or what fits in a 3 MiB request). Pure data: no CEL library is loaded.
import type { JSONSchemaProps } from '../schema';

/** celconfig.MaxRequestSizeBytes: the largest request the API server accepts (cost estimation bound). */
export const MAX_REQUEST_SIZE = 3 * 1024 * 1024;

export type DeclKind = 'object' | 'map' | 'list' | 'string' | 'bytes' | 'int' | 'double' | 'bool' | 'timestamp' | 'duration' | 'dyn';

export interface DeclField { name: string; escaped: string; type: Decl; required: boolean }

export interface Decl {
  kind: DeclKind;
  /** Where the declaration sits below the root it was derived from (`.spec.items.@idx`); names object types. */
  path: string;
  /** Object types: the name cel-go gives them (`selfType1.spec`), as the checker prints it. */
  typeName?: string;
  /** Object types: fields by their escaped (CEL) name. */
  fields?: Map<string, DeclField>;
  /** Object types: the escaped name of each schema property (absent when it cannot be escaped or has no CEL type). */
  byProperty?: Map<string, DeclField>;
  /** Lists and maps: the element (value) type. */
  elem?: Decl;
  /** Strings and bytes: max length; lists: max items; maps: max properties (DeclType.MaxElements). */
  maxElements: number;
  /** DeclType.MinSerializedSize. */
  minSize: number;
  /** The schema node (list type and keys, nullable, format). */
  schema: JSONSchemaProps;
  /** The root of a resource (the custom resource or an embedded one): apiVersion, kind, metadata.name/generateName. */
  resourceRoot?: boolean;
}

const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let',
  'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** cel.Escape: a property name as CEL expressions address it, or undefined when it cannot be. */
export function escapeName(ident: string): string | undefined {
  if (!ident || (ident[0]! >= '0' && ident[0]! <= '9')) return undefined;
  if (RESERVED.has(ident)) return `__${ident}__`;
  if (!/^[a-zA-Z0-9_./-]*$/.test(ident)) return undefined;
  if (!/[./-]|__/.test(ident)) return ident;
  return ident.replace(/__|[-./]/g, s => s === '__' ? '__underscores__' : s === '.' ? '__dot__' : s === '-' ? '__dash__' : '__slash__');
}

/** cel.Unescape. */
export function unescapeName(escaped: string): string | undefined {
  let ok = true;
  const out = escaped.replace(/__[^_]+__/g, s => {
    const c = s.slice(2, -2);
    switch (c) {
      case 'underscores': return '__';
      case 'dot': return '.';
      case 'dash': return '-';
      case 'slash': return '/';
    }
    if (RESERVED.has(c)) { if (s.length !== escaped.length) ok = false; return c; }
    ok = false;
    return '';
  });
  return ok ? out : undefined;
}

const STRING_SCHEMA: JSONSchemaProps = { type: 'string' };

/** common.WithTypeAndObjectMeta: kind, apiVersion and metadata.name/generateName are always there at a resource root. */
function withTypeAndObjectMeta(s: JSONSchemaProps): JSONSchemaProps {
  return {
    ...s,
    properties: {
      ...(s.properties ?? {}),
      kind: STRING_SCHEMA, apiVersion: STRING_SCHEMA,
      metadata: { type: 'object', properties: { name: STRING_SCHEMA, generateName: STRING_SCHEMA } },
    },
  };
}

const isMap = (v: unknown): v is JSONSchemaProps => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonNeg = (n: number) => (n < 0 ? 0 : n);

function maxStringLength(s: JSONSchemaProps): number {
  if (s['x-kubernetes-int-or-string']) return MAX_REQUEST_SIZE - 2;
  switch (s.format) {
    case 'duration': return 32;
    case 'date': return 12;
    case 'date-time': return 32;
    default: return MAX_REQUEST_SIZE - 2;
  }
}

/** SchemaDeclType: the CEL type of a schema node, or undefined when CEL expressions cannot see it. */
export function schemaDecl(s: JSONSchemaProps | undefined, resourceRoot: boolean, name: string): Decl | undefined {
  if (!s) return undefined;
  if (s['x-kubernetes-int-or-string']) return { kind: 'dyn', path: name, maxElements: MAX_REQUEST_SIZE - 2, minSize: 1, schema: s };
  const node = resourceRoot ? withTypeAndObjectMeta(s) : s;
  switch (node.type) {
    case 'array': {
      if (!node.items) return undefined;
      const elem = schemaDecl(node.items, !!node.items['x-kubernetes-embedded-resource'], `${name}.@idx`);
      if (!elem) return undefined;
      const max = node.maxItems !== undefined ? nonNeg(node.maxItems) : Math.floor((MAX_REQUEST_SIZE - 2) / (elem.minSize + 1));
      return { kind: 'list', path: name, elem, maxElements: max, minSize: 2, schema: s };
    }
    case 'object': {
      if (isMap(node.additionalProperties)) {
        const ap = node.additionalProperties;
        const elem = schemaDecl(ap, !!ap['x-kubernetes-embedded-resource'], `${name}.@elem`);
        if (!elem) return undefined;
        const max = node.maxProperties !== undefined ? nonNeg(node.maxProperties) : Math.floor((MAX_REQUEST_SIZE - 2) / (elem.minSize + 6));
        return { kind: 'map', path: name, elem, maxElements: max, minSize: 2, schema: s };
      }
      const fields = new Map<string, DeclField>();
      const byProperty = new Map<string, DeclField>();
      const required = new Set(node.required ?? []);
      let minSize = 2;
      for (const [prop, ps] of Object.entries(node.properties ?? {})) {
        const escaped = escapeName(prop);
        const t = schemaDecl(ps, !!ps['x-kubernetes-embedded-resource'], `${name}.${escaped ?? prop}`);
        if (!t) continue;
        if (escaped) {
          const f: DeclField = { name: prop, escaped, type: t, required: required.has(prop) };
          fields.set(escaped, f);
          byProperty.set(prop, f);
        }
        if (required.has(prop) && ps.default === undefined) minSize += prop.length + t.minSize + 4;
      }
      return { kind: 'object', path: name, typeName: name, fields, byProperty, maxElements: 0, minSize, schema: s, resourceRoot };
    }
    case 'string': {
      switch (node.format) {
        case 'byte': return { kind: 'bytes', path: name, maxElements: node.maxLength !== undefined ? nonNeg(node.maxLength) : maxStringLength(node), minSize: 2, schema: s };
        case 'duration': return { kind: 'duration', path: name, maxElements: maxStringLength(node), minSize: 3, schema: s };
        case 'date': return { kind: 'timestamp', path: name, maxElements: maxStringLength(node), minSize: 12, schema: s };
        case 'date-time': return { kind: 'timestamp', path: name, maxElements: maxStringLength(node), minSize: 21, schema: s };
      }
      let max: number;
      if (node.maxLength !== undefined) max = nonNeg(node.maxLength) * 4;
      else if (node.enum?.length) max = Math.max(0, ...node.enum.map(v => (typeof v === 'string' ? v.length : 0)));
      else max = maxStringLength(node);
      return { kind: 'string', path: name, maxElements: max, minSize: 2, schema: s };
    }
    case 'boolean': return { kind: 'bool', path: name, maxElements: 0, minSize: 4, schema: s };
    case 'number': return { kind: 'double', path: name, maxElements: 0, minSize: 1, schema: s };
    case 'integer': return { kind: 'int', path: name, maxElements: 0, minSize: 1, schema: s };
  }
  return undefined;
}

/** cel-go's FormatCELType for a declaration. */
export function formatDecl(d: Decl): string {
  switch (d.kind) {
    case 'object': return d.typeName!;
    case 'map': return `map(string, ${formatDecl(d.elem!)})`;
    case 'list': return `list(${formatDecl(d.elem!)})`;
    case 'timestamp': return 'google.protobuf.Timestamp';
    case 'duration': return 'google.protobuf.Duration';
    default: return d.kind;
  }
}

/** Every object declaration below d (itself first), for type registration. */
export function objectDecls(d: Decl, out: Decl[] = []): Decl[] {
  if (d.kind === 'object') {
    out.push(d);
    for (const f of d.fields!.values()) objectDecls(f.type, out);
  } else if (d.elem) objectDecls(d.elem, out);
  return out;
}
