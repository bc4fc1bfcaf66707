// The CEL environment of CustomResourceDefinition validation rules, on @marcbachmann/cel-js: the base
// environment Kubernetes gives stored expressions (k8s.io/apiserver/pkg/cel/environment/base.go at 1.33:
// homogeneous aggregate literals, optional types, cross-type numeric comparisons, cel-go's strings v2 and
// sets extensions, and Kubernetes' lists, regex, URLs, IP, CIDR, quantity and format libraries), the types
// of a schema's `self`, and compilation of one rule with the checker's messages as cel-go words them.
import type { Decl } from './decl';
import { objectDecls } from './decl';
import { tokenize, tokenAfter, displayIssue, Token } from './lexer';
import { Quantity, IP, CIDR, URLValue, NAMED_FORMATS, NamedFormat, parseIP, parseCIDR, parseRequestURI, re2, QUANTITY_FORMAT_ERROR } from './k8stypes';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type CelNode = { op: string; args: any; pos: number; start: number; end: number; checkedType?: any; meta?: any };
interface CelParsed { (ctx?: Record<string, unknown>): unknown; ast: CelNode; check(): { valid: boolean; type?: string; error?: any } }
interface CelEnvironment {
  clone(opts?: object): CelEnvironment;
  registerType(name: string, def: unknown): CelEnvironment;
  registerVariable(name: string, type: string): CelEnvironment;
  registerConstant(name: string, type: string, value: unknown): CelEnvironment;
  registerFunction(sig: string, fn: (...a: any[]) => unknown): CelEnvironment;
  registerOperator(sig: string, fn: (a: any, b: any) => unknown): CelEnvironment;
  parse(src: string): CelParsed;
  evaluate(src: string, ctx?: object): unknown;
  getDefinitions(): { functions: { name: string }[] };
}
interface CelModule { Environment: new (opts?: object) => CelEnvironment; Optional: { of(v: unknown): any; none(): any }; EvaluationError: any; ParseError: any; TypeError: any }

let celModule: CelModule | undefined;
/** @marcbachmann/cel-js, loaded on first use (only when a resource with rules is written or a CRD with rules is). */
export function cel(): CelModule {
  return (celModule ??= require('@marcbachmann/cel-js') as CelModule);
}

/** A runtime error with the text cel-go gives it (`no such key: x`, `index out of bounds: 3`). */
export class CelRuntimeError extends Error {}
const fail = (msg: string): never => { throw new CelRuntimeError(msg); };

// ---------------- values and type names ----------------
/** cel-go's name of a cel-js type (`list(int)`, `map(string, int)`, `optional_type(...)`, `null_type`). */
export function goTypeName(t: string, display: (internal: string) => string = x => x): string {
  t = t.trim();
  let m = /^(list|optional|dyn)<(.*)>$/.exec(t);
  if (m) {
    const inner = goTypeName(m[2]!, display);
    return m[1] === 'list' ? `list(${inner})` : m[1] === 'optional' ? `optional_type(${inner})` : inner;
  }
  m = /^map<(.*)>$/.exec(t);
  if (m) {
    let depth = 0, cut = -1;
    for (let i = 0; i < m[1]!.length; i++) {
      const c = m[1]![i];
      if (c === '<') depth++; else if (c === '>') depth--; else if (c === ',' && !depth) { cut = i; break; }
    }
    return `map(${goTypeName(m[1]!.slice(0, cut), display)}, ${goTypeName(m[1]!.slice(cut + 1), display)})`;
  }
  if (t === 'list') return 'list(dyn)';
  if (t === 'map') return 'map(dyn, dyn)';
  if (t === 'null') return 'null_type';
  return display(t);
}

// ---------------- the base environment ----------------
class SetsNs {}
class StringsNs {}
class FormatNs {}
class IpNs {}
class NamedFormatValue { constructor(readonly f: NamedFormat) {} }

let baseEnv: CelEnvironment | undefined;
let durationCtor: (new (s: bigint, n: number) => unknown) | undefined;
/** cel-js's Duration class (google.protobuf.Duration values). */
export function newDuration(seconds: bigint, nanos: number): unknown {
  if (!durationCtor) durationCtor = (base().evaluate('duration("0s")') as object).constructor as any;
  return new durationCtor!(seconds, nanos);
}

const cmp = (a: any, b: any): number => {
  if (a instanceof Uint8Array) { for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]; return a.length - b.length; }
  if (a instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'object' && a !== null && 'seconds' in a) { const x: bigint = BigInt(a.seconds) - BigInt(b.seconds); return x !== 0n ? (x < 0n ? -1 : 1) : a.nanos - b.nanos; }
  const av = typeof a === 'object' && a ? a.valueOf() : a, bv = typeof b === 'object' && b ? b.valueOf() : b;
  return av < bv ? -1 : av > bv ? 1 : 0;
};

function strArg(v: unknown): string { return typeof v === 'string' ? v : fail('no such overload'); }

/** Go's fmt verbs as cel-go's string.format() applies them. */
function formatString(fmt: string, args: unknown[]): string {
  let i = 0;
  return fmt.replace(/%(\.\d+)?([sdfeExXobc%])/g, (_m, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) fail(`index ${i} out of range`);
    const a = args[i++];
    const p = prec ? Number(prec.slice(1)) : undefined;
    switch (verb) {
      case 's': return typeof a === 'string' ? a : Array.isArray(a) ? `[${a.map(x => formatString('%s', [x])).join(', ')}]` : a === null ? 'null' : String(a);
      case 'd': return typeof a === 'bigint' ? String(a) : typeof a === 'number' && Number.isInteger(a) ? String(a) : fail('error during formatting: decimal clause can only be used on integers, was given ' + typeof a);
      case 'f': return Number(a as number).toFixed(p ?? 6);
      case 'e': case 'E': { const s = Number(a as number).toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2'); return verb === 'E' ? s.toUpperCase() : s; }
      case 'x': case 'X': {
        const s = typeof a === 'string' ? Buffer.from(a).toString('hex') : a instanceof Uint8Array ? Buffer.from(a).toString('hex') : BigInt(a as bigint).toString(16);
        return verb === 'X' ? s.toUpperCase() : s;
      }
      case 'o': return BigInt(a as bigint).toString(8);
      case 'b': return typeof a === 'boolean' ? String(a) : BigInt(a as bigint).toString(2);
      case 'c': return String.fromCodePoint(Number(a));
    }
    return '';
  });
}

function quote(s: string): string {
  return '"' + s.replace(/[\\"\x07\b\f\n\r\t\v]/g, c => ({ '\\': '\\\\', '"': '\\"', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' } as Record<string, string>)[c]!) + '"';
}

/** The environment every schema's rules start from (built once per process). */
export function base(): CelEnvironment {
  if (baseEnv) return baseEnv;
  const { Environment, Optional } = cel();
  const env = new Environment({ homogeneousAggregateLiterals: true, enableOptionalTypes: true, unlistedVariablesAreDyn: false });
  // namespaces for functions cel-go qualifies with a dot
  env.registerType('k8s.SetsNs', SetsNs).registerConstant('sets', 'k8s.SetsNs', new SetsNs());
  env.registerType('k8s.StringsNs', StringsNs).registerConstant('strings', 'k8s.StringsNs', new StringsNs());
  env.registerType('k8s.FormatNs', FormatNs).registerConstant('format', 'k8s.FormatNs', new FormatNs());
  env.registerType('k8s.IpNs', IpNs).registerConstant('ip', 'k8s.IpNs', new IpNs());
  env.registerType('kubernetes.Quantity', Quantity);
  env.registerType('net.IP', IP);
  env.registerType('net.CIDR', CIDR);
  env.registerType('kubernetes.URL', URLValue);
  env.registerType('kubernetes.NamedFormat', NamedFormatValue);
  const fn = (sig: string, f: (...a: any[]) => unknown) => env.registerFunction(sig, f);

  // cel-go ext.Strings (version 2) beyond what cel-js has
  fn('string.charAt(int): string', (s: string, i: bigint) => {
    const cps = [...s];
    if (i < 0n || i > BigInt(cps.length)) fail(`index out of range: ${i}`);
    return cps[Number(i)] ?? '';
  });
  fn('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  fn('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    const parts = s.split(a);
    const k = Number(n);
    return parts.length - 1 <= k ? parts.join(b) : parts.slice(0, k + 1).join(b) + a + parts.slice(k + 1).join(a);
  });
  fn('string.format(list): string', (s: string, args: unknown[]) => formatString(s, args));
  fn('k8s.StringsNs.quote(string): string', (_ns: unknown, s: string) => quote(s));
  fn('string.k8sMatches(string): bool', (s: string, p: string) => { try { return re2(p).test(s); } catch (e) { return fail(`error parsing regexp: ${(e as Error).message}`); } });

  // cel-go ext.Sets
  const listHas = (l: unknown[], x: unknown) => l.some(y => celEquals(x, y));
  fn('k8s.SetsNs.contains(list, list): bool', (_ns: unknown, a: unknown[], b: unknown[]) => b.every(x => listHas(a, x)));
  fn('k8s.SetsNs.equivalent(list, list): bool', (_ns: unknown, a: unknown[], b: unknown[]) => b.every(x => listHas(a, x)) && a.every(x => listHas(b, x)));
  fn('k8s.SetsNs.intersects(list, list): bool', (_ns: unknown, a: unknown[], b: unknown[]) => b.some(x => listHas(a, x)));

  // Kubernetes lists library
  const ORDERED = ['int', 'uint', 'double', 'bool', 'string', 'bytes', 'google.protobuf.Duration', 'google.protobuf.Timestamp'];
  for (const t of ORDERED) {
    fn(`list<${t}>.isSorted(): bool`, (l: unknown[]) => l.every((x, i) => i === 0 || cmp(l[i - 1], x) <= 0));
    fn(`list<${t}>.min(): ${t}`, (l: unknown[]) => (l.length ? l.reduce((a, b) => (cmp(b, a) < 0 ? b : a)) : fail('min called on empty list')));
    fn(`list<${t}>.max(): ${t}`, (l: unknown[]) => (l.length ? l.reduce((a, b) => (cmp(b, a) > 0 ? b : a)) : fail('max called on empty list')));
  }
  fn('list<int>.sum(): int', (l: bigint[]) => l.reduce((a, b) => a + b, 0n));
  fn('list<double>.sum(): double', (l: number[]) => l.reduce((a, b) => a + b, 0));
  fn('list<google.protobuf.Duration>.sum(): google.protobuf.Duration', (l: any[]) => l.reduce((a, b) => a.addDuration(b), newDuration(0n, 0)));
  fn('list<V>.indexOf(V): int', (l: unknown[], x: unknown) => BigInt(l.findIndex(y => celEquals(x, y))));
  fn('list<V>.lastIndexOf(V): int', (l: unknown[], x: unknown) => { for (let i = l.length - 1; i >= 0; i--) if (celEquals(x, l[i])) return BigInt(i); return -1n; });

  // regex
  const compile = (p: string, g = false) => { try { return re2(p, g); } catch (e) { return fail(`Illegal regex: error parsing regexp: ${(e as Error).message}`); } };
  fn('string.find(string): string', (s: string, p: string) => compile(p).exec(s)?.[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, p: string) => [...s.matchAll(compile(p, true))].map(m => m[0]));
  fn('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) => {
    const all = [...s.matchAll(compile(p, true))].map(m => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });

  // URLs
  const toURL = (s: string) => { try { return parseRequestURI(s); } catch (e) { return fail(`URL parse error during conversion from string: ${(e as Error).message}`); } };
  fn('url(string): kubernetes.URL', (s: string) => toURL(strArg(s)));
  fn('isURL(string): bool', (s: string) => { try { parseRequestURI(s); return true; } catch { return false; } });
  fn('kubernetes.URL.getScheme(): string', (u: URLValue) => u.scheme);
  fn('kubernetes.URL.getHost(): string', (u: URLValue) => u.host);
  fn('kubernetes.URL.getHostname(): string', (u: URLValue) => u.hostname());
  fn('kubernetes.URL.getPort(): string', (u: URLValue) => u.port());
  fn('kubernetes.URL.getEscapedPath(): string', (u: URLValue) => u.escapedPath());
  fn('kubernetes.URL.getQuery(): map<string, list<string>>', (u: URLValue) => u.query());
  env.registerOperator('kubernetes.URL == kubernetes.URL', (a: URLValue, b: URLValue) => a.raw === b.raw);

  // IP and CIDR
  const toIP = (s: string) => { try { return parseIP(s); } catch (e) { return fail((e as Error).message); } };
  const toCIDR = (s: string) => { try { return parseCIDR(s); } catch (e) { return fail((e as Error).message); } };
  fn('ip(string): net.IP', (s: string) => toIP(s));
  fn('isIP(string): bool', (s: string) => { try { parseIP(s); return true; } catch { return false; } });
  fn('k8s.IpNs.isCanonical(string): bool', (_ns: unknown, s: string) => toIP(s).toString() === s);
  fn('string(net.IP): string', (ip: IP) => ip.toString());
  fn('net.IP.family(): int', (ip: IP) => ip.family());
  fn('net.IP.isUnspecified(): bool', (ip: IP) => ip.isUnspecified());
  fn('net.IP.isLoopback(): bool', (ip: IP) => ip.isLoopback());
  fn('net.IP.isLinkLocalMulticast(): bool', (ip: IP) => ip.isLinkLocalMulticast());
  fn('net.IP.isLinkLocalUnicast(): bool', (ip: IP) => ip.isLinkLocalUnicast());
  fn('net.IP.isGlobalUnicast(): bool', (ip: IP) => ip.isGlobalUnicast());
  env.registerOperator('net.IP == net.IP', (a: IP, b: IP) => a.equals(b));
  fn('cidr(string): net.CIDR', (s: string) => toCIDR(s));
  fn('isCIDR(string): bool', (s: string) => { try { parseCIDR(s); return true; } catch { return false; } });
  fn('string(net.CIDR): string', (c: CIDR) => c.toString());
  fn('net.CIDR.containsIP(string): bool', (c: CIDR, s: string) => c.contains(toIP(s)));
  fn('net.CIDR.containsIP(net.IP): bool', (c: CIDR, ip: IP) => c.contains(ip));
  fn('net.CIDR.containsCIDR(string): bool', (c: CIDR, s: string) => c.containsCIDR(toCIDR(s)));
  fn('net.CIDR.containsCIDR(net.CIDR): bool', (c: CIDR, o: CIDR) => c.containsCIDR(o));
  fn('net.CIDR.ip(): net.IP', (c: CIDR) => c.ip);
  fn('net.CIDR.prefixLength(): int', (c: CIDR) => BigInt(c.bits));
  fn('net.CIDR.masked(): net.CIDR', (c: CIDR) => c.masked());
  env.registerOperator('net.CIDR == net.CIDR', (a: CIDR, b: CIDR) => a.equals(b));

  // quantity
  const toQ = (s: string) => { try { return Quantity.parse(s); } catch (e) { return fail((e as Error).message || QUANTITY_FORMAT_ERROR); } };
  fn('quantity(string): kubernetes.Quantity', (s: string) => toQ(s));
  fn('isQuantity(string): bool', (s: string) => { try { Quantity.parse(s); return true; } catch { return false; } });
  fn('kubernetes.Quantity.sign(): int', (q: Quantity) => q.sign());
  fn('kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) === 1);
  fn('kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool', (a: Quantity, b: Quantity) => a.cmp(b) === -1);
  fn('kubernetes.Quantity.compareTo(kubernetes.Quantity): int', (a: Quantity, b: Quantity) => BigInt(a.cmp(b)));
  fn('kubernetes.Quantity.asApproximateFloat(): double', (q: Quantity) => q.approx());
  fn('kubernetes.Quantity.asInteger(): int', (q: Quantity) => (q.isInteger() ? q.num : fail('cannot convert value to integer')));
  fn('kubernetes.Quantity.isInteger(): bool', (q: Quantity) => q.isInteger());
  fn('kubernetes.Quantity.add(kubernetes.Quantity): kubernetes.Quantity', (a: Quantity, b: Quantity) => a.add(b));
  fn('kubernetes.Quantity.add(int): kubernetes.Quantity', (a: Quantity, b: bigint) => a.add(new Quantity(b)));
  fn('kubernetes.Quantity.sub(kubernetes.Quantity): kubernetes.Quantity', (a: Quantity, b: Quantity) => a.sub(b));
  fn('kubernetes.Quantity.sub(int): kubernetes.Quantity', (a: Quantity, b: bigint) => a.sub(new Quantity(b)));
  env.registerOperator('kubernetes.Quantity == kubernetes.Quantity', (a: Quantity, b: Quantity) => a.cmp(b) === 0);

  // named formats
  for (const [name, f] of Object.entries(NAMED_FORMATS)) fn(`k8s.FormatNs.${name}(): kubernetes.NamedFormat`, () => new NamedFormatValue(f));
  fn('k8s.FormatNs.named(string): optional<kubernetes.NamedFormat>', (_ns: unknown, s: string) => (NAMED_FORMATS[s] ? Optional.of(new NamedFormatValue(NAMED_FORMATS[s]!)) : Optional.none()));
  fn('kubernetes.NamedFormat.validate(string): optional<list<string>>', (f: NamedFormatValue, s: string) => {
    const errs = f.f.validate(s);
    return errs.length ? Optional.of(errs) : Optional.none();
  });
  env.registerOperator('kubernetes.NamedFormat == kubernetes.NamedFormat', (a: NamedFormatValue, b: NamedFormatValue) => a.f === b.f);
  return (baseEnv = env);
}

/** Heterogeneous equality as CEL defines it, over the values this package builds. */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'bigint') return a === Number(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size || a.constructor !== b.constructor) return false;
    for (const [k, v] of a) if (!b.has(k) || !celEquals(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Quantity && b instanceof Quantity) return a.cmp(b) === 0;
  if (a instanceof IP && b instanceof IP) return a.equals(b);
  if (a instanceof CIDR && b instanceof CIDR) return a.equals(b);
  if (a instanceof URLValue && b instanceof URLValue) return a.raw === b.raw;
  if ('seconds' in a && 'seconds' in b) return (a as any).seconds === (b as any).seconds && (a as any).nanos === (b as any).nanos;
  return false;
}

// ---------------- schema types ----------------
export interface SchemaTypes {
  env: CelEnvironment;
  /** The cel-js name each object declaration was registered under. */
  internal: Map<Decl, string>;
  /** Declaration of each internal name. */
  byInternal: Map<string, Decl>;
  /** The object class values of a declaration are built with. */
  ctor: Map<Decl, new () => Map<string, unknown>>;
}

let typeSeq = 0;
/** cel-js's type string for a declaration. */
export function celTypeString(d: Decl, t: SchemaTypes): string {
  switch (d.kind) {
    case 'object': return t.internal.get(d)!;
    case 'map': return `map<string, ${celTypeString(d.elem!, t)}>`;
    case 'list': return `list<${celTypeString(d.elem!, t)}>`;
    case 'timestamp': return 'google.protobuf.Timestamp';
    case 'duration': return 'google.protobuf.Duration';
    default: return d.kind;
  }
}

/** Register the object types of a schema's declaration (innermost first) in a child of the base environment. */
export function schemaTypes(root: Decl): SchemaTypes {
  const env = base().clone({ homogeneousAggregateLiterals: true, enableOptionalTypes: true });
  const t: SchemaTypes = { env, internal: new Map(), byInternal: new Map(), ctor: new Map() };
  const decls = objectDecls(root);
  for (const d of decls) { const n = `T_${++typeSeq}`; t.internal.set(d, n); t.byInternal.set(n, d); }
  for (const d of [...decls].reverse()) {
    const name = t.internal.get(d)!;
    const ctor = ({ [name]: class extends Map<string, unknown> {} } as Record<string, new () => Map<string, unknown>>)[name]!;
    t.ctor.set(d, ctor);
    const fields: Record<string, string> = {};
    for (const [k, f] of d.fields!) fields[k] = celTypeString(f.type, t);
    env.registerType(name, { ctor, fields });
    env.registerOperator(`${name} == ${name}`, (a: unknown, b: unknown) => celEquals(a, b));
    env.registerOperator(`${name} == null`, (a: unknown, b: unknown) => a === b);
  }
  return t;
}

// ---------------- compiling one expression ----------------
export interface Compiled {
  parsed: CelParsed;
  /** cel-js's result type name. */
  type: string;
  usesOldSelf: boolean;
}

const isNode = (x: unknown): x is CelNode => typeof x === 'object' && x !== null && typeof (x as CelNode).op === 'string' && typeof (x as CelNode).start === 'number';
/** The child expressions of a cel-js node (macro calls keep their original arguments). */
export function children(n: CelNode): CelNode[] {
  switch (n.op) {
    case 'value': case 'id': return [];
    case '.': case '.?': return [n.args[0]];
    case 'call': return n.args[1];
    case 'rcall': return [n.args[1], ...n.args[2]];
    case 'list': return n.args.filter(isNode);
    case 'map': return (n.args as CelNode[][]).flat().filter(isNode);
    case '!_': case '-_': return isNode(n.args) ? [n.args] : [];
    default: return Array.isArray(n.args) ? n.args.filter(isNode) : [];
  }
}
export function walk(n: CelNode, f: (n: CelNode, parent?: CelNode) => void, parent?: CelNode): void {
  f(n, parent);
  for (const c of children(n)) walk(c, f, n);
}

const BINARY: Record<string, string> = {
  '==': '_==_', '!=': '_!=_', '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_', '+': '_+_', '-': '_-_', '*': '_*_', '/': '_/_', '%': '_%_',
  in: '@in', '&&': '_&&_', '||': '_||_',
};

/** Where cel-go places a node (the offset of its operator token). */
export function goPosition(n: CelNode, tokens: Token[]): number {
  switch (n.op) {
    case '.': case '.?': return tokenAfter(tokens, '.', n.args[0].end, n.end)?.pos ?? n.pos;
    case '[]': case '[?]': return tokenAfter(tokens, '[', n.args[0].end, n.end)?.pos ?? n.pos;
    case 'call': return tokenAfter(tokens, '(', n.start, n.end)?.pos ?? n.pos;
    case 'rcall': {
      const dot = tokenAfter(tokens, '.', n.args[1].end, n.end);
      return tokenAfter(tokens, '(', dot ? dot.end : n.args[1].end, n.end)?.pos ?? n.pos;
    }
    case 'comprehension': {
      const dot = tokenAfter(tokens, '.', n.args.iterable.end, n.end);
      return tokenAfter(tokens, '(', dot ? dot.end : n.start, n.end)?.pos ?? n.pos;
    }
    case '?:': return tokenAfter(tokens, '?', n.args[0].end, n.args[1].start)?.pos ?? n.pos;
    default:
      if (BINARY[n.op] && Array.isArray(n.args) && isNode(n.args[0]) && isNode(n.args[1]))
        return tokenAfter(tokens, n.op, n.args[0].end, n.args[1].start)?.pos ?? n.pos;
      return n.pos;
  }
}

/** A cel-js checker error in cel-go's words: `ERROR: <input>:1:6: found no matching overload for '_==_' applied to '(int, bool)'` and the caret. */
export function goCheckError(src: string, err: any, display: (internal: string) => string, declared: Set<string>): string {
  const tokens = tokenize(src);
  const node: CelNode | undefined = err?.node;
  const summary: string = err?.summary ?? String(err?.message ?? err);
  const type = (x: CelNode | undefined) => goTypeName(x?.checkedType?.name ?? 'dyn', display);
  const at = (n: CelNode | undefined, msg: string) => displayIssue(src, n ? goPosition(n, tokens) : 0, msg);
  if (!node || err?.name === 'ParseError') {
    if (err?.code === 'invalid_macro_argument' && node) {
      const open = [...tokens].reverse().find(t => t.pos < node.start && t.text === '(');
      return displayIssue(src, open?.pos ?? node.pos, /has\(\)/.test(summary) ? 'invalid argument to has() macro' : `${summary}`);
    }
    const pos = node?.pos ?? err?.range?.start ?? 0;
    if (/Unexpected token: EOF|Expected [A-Z_]+, got EOF/.test(summary))
      return displayIssue(src, src.length, "Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}");
    const tok = tokenize(src).find(t => t.pos >= pos);
    return displayIssue(src, pos, tok ? `Syntax error: mismatched input '${tok.text}' expecting <EOF>` : `Syntax error: ${summary.replace(/^./, c => c.toLowerCase())}`);
  }
  switch (err.code) {
    case 'invalid_macro_argument': {
      const open = [...tokens].reverse().find(t => t.pos < node.start && t.text === '(');
      return displayIssue(src, open?.pos ?? node.pos, /has\(\)/.test(summary) ? 'invalid argument to has() macro' : 'argument must be a simple name');
    }
    case 'no_such_key': {
      const field = node.op === '.' || node.op === '.?' ? node.args[1] : summary.replace(/^No such key: /, '');
      return at(node, `undefined field '${field}'`);
    }
    case 'unknown_variable':
      return displayIssue(src, node.start, `undeclared reference to '${node.args}' (in container '')`);
    case 'no_such_overload':
      if (BINARY[node.op]) return at(node, `found no matching overload for '${BINARY[node.op]}' applied to '(${type(node.args[0])}, ${type(node.args[1])})'`);
      if (node.op === '!_' || node.op === '-_') return at(node, `found no matching overload for '${node.op}' applied to '(${type(node.args)})'`);
      return at(node, summary);
    case 'invalid_logical_operand': {
      const n = node.op === '&&' || node.op === '||' ? node : node;
      return at(n, `found no matching overload for '${BINARY[n.op] ?? '_&&_'}' applied to '(${type(n.args?.[0])}, ${type(n.args?.[1])})'`);
    }
    case 'invalid_condition_type':
    case 'invalid_ternary': {
      const parent = findParent(err, node);
      if (parent && parent.op === '?:') return at(parent, `found no matching overload for '_?_:_' applied to '(${type(parent.args[0])}, ${type(parent.args[1])}, ${type(parent.args[2])})'`);
      return at(node, summary);
    }
    case 'no_matching_overload': {
      const name: string = node.op === 'rcall' || node.op === 'call' ? node.args[0] : '';
      const shown = name === 'k8sMatches' ? 'matches' : name;
      const args: CelNode[] = node.op === 'rcall' ? node.args[2] : node.op === 'call' ? node.args[1] : [];
      if (!declared.has(name) && !(node.op === 'rcall' && node.args[1]?.op === 'id' && isNamespace(node.args[1].args)))
        return at(node, `undeclared reference to '${shown}' (in container '')`);
      if (node.op === 'rcall' && node.args[1]?.op === 'id' && isNamespace(node.args[1].args) && !declared.has(name))
        return at(node, `undeclared reference to '${node.args[1].args}.${shown}' (in container '')`);
      const argTypes = args.map(a => type(a)).join(', ');
      const sig = node.op === 'rcall' && !(node.args[1]?.op === 'id' && isNamespace(node.args[1].args)) ? `${type(node.args[1])}.(${argTypes})` : `(${argTypes})`;
      const fname = node.op === 'rcall' && node.args[1]?.op === 'id' && isNamespace(node.args[1].args) ? `${node.args[1].args}.${shown}` : shown;
      return at(node, `found no matching overload for '${fname}' applied to '${sig}'`);
    }
    case 'heterogeneous_list_element':
    case 'heterogeneous_map_key':
    case 'heterogeneous_map_value': {
      const m = /expected type '(.*)' but found '(.*)'/.exec(summary);
      return displayIssue(src, node.pos, m ? `expected type '${goTypeName(m[1]!, display)}' but found '${goTypeName(m[2]!, display)}'` : summary);
    }
    case 'invalid_comprehension_range':
      return at(node, `expression of type '${type(node)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
    case 'cannot_index_type':
      return at(node, `type '${type(node.args?.[0])}' does not support field selection`);
  }
  return at(node, summary);
}
const NAMESPACES = new Set(['sets', 'strings', 'format', 'ip', 'optional', 'cel']);
function isNamespace(name: string): boolean { return NAMESPACES.has(name); }
function findParent(err: any, node: CelNode): CelNode | undefined {
  const root: CelNode | undefined = err?.root;
  let found: CelNode | undefined;
  if (root) walk(root, (n, p) => { if (n === node) found = p; });
  return found;
}
