// CEL cost: the static estimate the API server computes when a CRD is written (cel-go checker/cost.go with
// Kubernetes' size estimator and library costs, k8s.io/apiserver/pkg/cel/library/cost.go) and a runtime meter
// that stops an evaluation past the per-call limit. The estimate walks cel-js's checked AST the way cel-go walks
// its own: identifiers and selections cost 1, literals 0, list/map literals 10/30, calls 1 plus what their
// arguments cost, string functions by length, and macros as the comprehensions they expand to.
import type { Decl } from './decl';
import type { SchemaTypes } from './env';
import { children, CelNode } from './env';

const MAX = 18446744073709551615; // math.MaxUint64 (as a double: saturating arithmetic is all that matters)
interface Est { min: number; max: number }
const fixed = (n: number): Est => ({ min: n, max: n });
const UNKNOWN: Est = { min: 0, max: MAX };
const add = (a: Est, b: Est): Est => ({ min: sat(a.min + b.min), max: sat(a.max + b.max) });
const mul = (a: Est, b: Est): Est => ({ min: sat(a.min * b.min), max: sat(a.max * b.max) });
const sat = (n: number) => (n >= MAX ? MAX : n);
const factor = (a: Est, f: number): Est => ({ min: sat(Math.ceil(a.min * f)), max: sat(Math.ceil(a.max * f)) });
const union = (a: Est, b: Est): Est => ({ min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) });
const STR = 0.1, REGEX = 0.25;

const NAMESPACES = new Set(['sets', 'strings', 'format', 'ip', 'optional']);
const SCALARS = new Set(['bool', 'double', 'int', 'uint', 'google.protobuf.Timestamp', 'google.protobuf.Duration']);

interface Local { path: string[] | undefined; size?: Est }

/** The estimated maximum cost of a checked expression (cel.EstimateCost with Kubernetes' estimators). */
export function estimateCost(ast: CelNode, root: Decl, _types: SchemaTypes): number {
  const c = new Coster(root);
  return c.cost(ast).max;
}

class Coster {
  private paths = new Map<CelNode, string[]>();
  private sizes = new Map<CelNode, Est>();
  private locals = new Map<string, Local[]>();
  constructor(private root: Decl) {}

  private typeName(n: CelNode): string { const t = n.checkedType; return t?.unwrappedType?.name ?? t?.name ?? 'dyn'; }
  private typeKind(n: CelNode): string { const t = n.checkedType; return t?.unwrappedType?.kind ?? t?.kind ?? 'dyn'; }
  private local(name: string): Local | undefined { const s = this.locals.get(name); return s?.[s.length - 1]; }
  private push(name: string, l: Local) { const s = this.locals.get(name) ?? []; s.push(l); this.locals.set(name, s); }
  private pop(name: string) { this.locals.get(name)?.pop(); }

  /** Kubernetes' sizeEstimator: the declared bound of the value a path reaches from `self`. */
  private pathSize(path: string[] | undefined): Est | undefined {
    // (the first element, the variable, is skipped whatever it is, as Kubernetes' estimator does)
    if (!path || !path.length) return undefined;
    let d: Decl | undefined = this.root;
    for (const seg of path.slice(1)) {
      if (!d) return undefined;
      if (seg === '@items' || seg === '@values') d = d.elem;
      else if (seg === '@keys') return d.kind === 'map' ? { min: 0, max: 0 } : undefined;
      else d = d.fields?.get(seg)?.type;
    }
    return d ? { min: 0, max: d.maxElements } : undefined;
  }
  private size(n: CelNode): Est | undefined {
    const s = this.sizes.get(n);
    if (s) return s;
    switch (n.op) {
      case 'value': {
        const v = n.args;
        if (typeof v === 'string') return fixed([...v].length);
        if (v instanceof Uint8Array) return fixed(v.length);
        return fixed(1);
      }
      case 'list': return fixed(n.args.length);
      case 'map': return fixed(n.args.length);
    }
    const p = this.pathSize(this.paths.get(n));
    if (p) return p;
    if (SCALARS.has(this.typeName(n))) return fixed(1);
    if (n.op === 'id') { const l = this.local(n.args); if (l?.size) return l.size; }
    return undefined;
  }
  private sizeOr(n: CelNode): Est { return this.size(n) ?? UNKNOWN; }

  cost(n: CelNode): Est {
    switch (n.op) {
      case 'value': return fixed(0);
      case 'id': {
        const l = this.local(n.args);
        this.paths.set(n, l ? (l.path ?? []) : [n.args]);
        return fixed(1);
      }
      case '.': {
        let sum = this.cost(n.args[0]);
        const k = this.typeKind(n.args[0]);
        if (k === 'map' || k === 'message' || k === 'param') sum = add(sum, fixed(1));
        const p = this.paths.get(n.args[0]);
        if (p) this.paths.set(n, [...p, n.args[1]]);
        return sum;
      }
      case '.?': return add(this.cost(n.args[0]), fixed(1));
      case '[]': case '[?]': {
        const sum = add(this.cost(n.args[0]), this.cost(n.args[1]));
        const p = this.paths.get(n.args[0]);
        if (p && n.op === '[]') this.paths.set(n, [...p, this.typeKind(n.args[0]) === 'list' ? '@items' : '@values']);
        return add(sum, fixed(1));
      }
      case 'list': {
        let sum = fixed(0);
        for (const e of n.args) sum = add(sum, this.cost(e));
        return add(sum, fixed(10));
      }
      case 'map': {
        let sum = fixed(0);
        for (const [k, v] of n.args) { sum = add(sum, this.cost(k)); sum = add(sum, this.cost(v)); }
        return add(sum, fixed(30));
      }
      case '-_':
        // the parser folds a negated number literal into a literal
        if (n.args?.op === 'value' && (typeof n.args.args === 'number' || typeof n.args.args === 'bigint')) { this.sizes.set(n, fixed(1)); return fixed(0); }
        return add(this.cost(n.args), fixed(1));
      case '!_': return add(this.cost(n.args), fixed(1));
      case '&&': case '||': {
        const l = this.cost(n.args[0]), r = this.cost(n.args[1]);
        return { min: l.min, max: sat(l.max + r.max) };
      }
      case '?:': {
        const c = this.cost(n.args[0]), a = this.cost(n.args[1]), b = this.cost(n.args[2]);
        const sa = this.size(n.args[1]), sb = this.size(n.args[2]);
        if (sa && sb) this.sizes.set(n, union(sa, sb));
        return add(c, union(a, b));
      }
      case 'call': case 'rcall': return this.call(n);
    }
    if (Array.isArray(n.args) && n.args.length === 2) return this.binary(n);
    let sum = fixed(0);
    for (const ch of children(n)) sum = add(sum, this.cost(ch));
    return sum;
  }

  private binary(n: CelNode): Est {
    const [l, r] = n.args as [CelNode, CelNode];
    const args = add(this.cost(l), this.cost(r));
    const lt = this.typeName(l);
    switch (n.op) {
      case '==': case '!=': case '<': case '>': case '<=': case '>=': {
        if (n.op !== '==' && n.op !== '!=' && lt !== 'string' && lt !== 'bytes') return add(args, fixed(1));
        if ((n.op === '==' || n.op === '!=') && ['kubernetes.Quantity', 'net.IP', 'net.CIDR'].includes(lt)) return add(args, fixed(1));
        const ls = this.sizeOr(l), rs = this.sizeOr(r);
        const smallest = Math.min(ls.max, rs.max);
        return add(factor({ min: smallest > 0 ? 1 : 0, max: smallest }, STR), args);
      }
      case '+': {
        const k = this.typeKind(l);
        if (lt === 'string' || lt === 'bytes' || k === 'list') {
          const size = add(this.sizeOr(l), this.sizeOr(r));
          this.sizes.set(n, size);
          return k === 'list' ? add(fixed(1), args) : add(factor(size, STR), args);
        }
        return add(fixed(1), args);
      }
      case 'in':
        if (this.typeKind(r) === 'list') return add(this.sizeOr(r), args);
        return add(fixed(1), args);
    }
    return add(fixed(1), args);
  }

  private call(n: CelNode): Est {
    const member = n.op === 'rcall' && !(n.args[1]?.op === 'id' && NAMESPACES.has(n.args[1].args) && !this.local(n.args[1].args));
    const name: string = n.args[0];
    const target: CelNode | undefined = member ? n.args[1] : undefined;
    const args: CelNode[] = n.op === 'rcall' ? n.args[2] : n.args[1];
    // macros
    if (name === 'has' && !target && args.length === 1 && args[0]!.op === '.') return this.cost(args[0]!.args[0]);
    if (target && ['all', 'exists', 'exists_one', 'existsOne', 'map', 'filter'].includes(name) && args[0]?.op === 'id' && (args.length === 2 || (name === 'map' && args.length === 3)))
      return this.comprehension(n, name, target, args);
    let sum = fixed(0);
    const argCosts = args.map(a => this.cost(a));
    const argSum = argCosts.reduce(add, fixed(0));
    if (target) sum = add(sum, this.cost(target));
    const fn = this.functionCost(n, name, target, args, argSum);
    return add(sum, fn);
  }

  private comprehension(n: CelNode, name: string, range: CelNode, args: CelNode[]): Est {
    let sum = this.cost(range);
    const init = name === 'map' || name === 'filter' ? fixed(10) : fixed(0);
    sum = add(sum, init);
    const accuSize = name === 'map' || name === 'filter' ? fixed(0) : fixed(1);
    this.push('__result__', { path: undefined, size: accuSize });
    const iter: string = args[0]!.args;
    const rangePath = this.paths.get(range);
    const isList = this.typeKind(range) === 'list';
    this.push(iter, { path: rangePath ? [...rangePath, isList ? '@items' : '@keys'] : undefined, size: undefined });
    let cond = fixed(0), step: Est;
    const pred = args[1]!;
    switch (name) {
      case 'all': cond = fixed(2); { const p = this.cost(pred); step = { min: 1, max: sat(1 + p.max) }; } break;
      case 'exists': cond = fixed(3); { const p = this.cost(pred); step = { min: 1, max: sat(1 + p.max) }; } break;
      case 'exists_one': case 'existsOne': step = add(this.cost(pred), { min: 1, max: 2 }); break;
      case 'filter': step = add(this.cost(pred), { min: 1, max: 13 }); break;
      default: // map
        if (args.length === 3) step = add(this.cost(pred), union(add(this.cost(args[2]!), fixed(12)), fixed(1)));
        else step = add(this.cost(pred), fixed(12));
    }
    this.pop(iter);
    const result = name === 'exists_one' || name === 'existsOne' ? fixed(2) : fixed(1);
    this.pop('__result__');
    sum = add(sum, result);
    const cnt = this.sizeOr(range);
    sum = add(sum, mul(cnt, add(step, cond)));
    if (name === 'map' || name === 'filter') this.sizes.set(n, cnt);
    else this.sizes.set(n, fixed(1));
    return sum;
  }

  private functionCost(n: CelNode, name: string, target: CelNode | undefined, args: CelNode[], argSum: Est): Est {
    const sz = (x: CelNode | undefined) => (x ? this.sizeOr(x) : UNKNOWN);
    const qualified = n.op === 'rcall' && !target ? `${n.args[1].args}.${name}` : name;
    const res = (cost: Est, size?: Est) => { if (size) this.sizes.set(n, size); return add(cost, argSum); };
    switch (qualified) {
      case 'isSorted': case 'sum': case 'max': case 'min': case 'indexOf': case 'lastIndexOf':
        if (target) {
          if (this.typeKind(target) === 'list') {
            let el = fixed(1);
            const et = target.checkedType?.valueType?.name;
            if (et === 'string' || et === 'bytes') {
              const p = this.paths.get(target);
              el = add(el, factor(this.pathSize(p ? [...p, '@items'] : undefined) ?? UNKNOWN, STR));
            }
            return res(mulCost(sz(target), el));
          }
          if (name === 'indexOf' || name === 'lastIndexOf') return res(factor(sz(target), STR));
        }
        break;
      case 'url': { const s = sz(args[0]); return res(factor(s, STR), s); }
      case 'lowerAscii': case 'upperAscii': case 'substring': case 'trim':
        if (target) { const s = sz(target); return res(factor(s, STR), s); }
        break;
      case 'replace':
        if (target && args.length >= 2) return res(factor(sz(target), 2 * STR));
        break;
      case 'split':
        if (target) { const s = sz(target); return res(factor(s, 2 * STR), { min: 0, max: s.max }); }
        break;
      case 'join':
        if (target) {
          const ls = sz(target);
          const p = this.paths.get(target);
          let s = mul(ls, this.pathSize(p ? [...p, '@items'] : undefined) ?? UNKNOWN);
          if (args.length) s = add(s, mul(sz(args[0]), { min: Math.max(0, ls.min - 1), max: Math.max(0, ls.max - 1) }));
          return res(factor(s, STR), s);
        }
        break;
      case 'find': case 'findAll':
        if (target && args.length >= 1) {
          const s = sz(target);
          return res(mulCost(factor(add(s, fixed(1)), STR), factor(sz(args[0]), REGEX)), { min: 0, max: s.max });
        }
        break;
      case 'cidr': case 'isIP': case 'isCIDR': case 'quantity': case 'isQuantity': case 'isURL':
        return res(factor(sz(args[0]), STR));
      case 'ip':
        if (target) return res(fixed(1));
        return res(factor(sz(args[0]), STR));
      case 'ip.isCanonical': return res(factor(sz(args[0]), 2 * STR));
      case 'masked': case 'prefixLength': case 'family': case 'isUnspecified': case 'isLoopback': case 'isLinkLocalMulticast': case 'isLinkLocalUnicast': case 'isGlobalUnicast':
      case 'sign': case 'asInteger': case 'isInteger': case 'asApproximateFloat': case 'isGreaterThan': case 'isLessThan': case 'compareTo': case 'add': case 'sub':
      case 'getScheme': case 'getHostname': case 'getHost': case 'getPort': case 'getEscapedPath': case 'getQuery': case 'format.named':
        return res(fixed(1));
      case 'containsIP': case 'containsCIDR': {
        if (!target) break;
        const ip = { min: 4, max: 16 };
        let c = factor(add(ip, ip), STR);
        if (name === 'containsCIDR') c = add(add(c, factor(ip, STR)), fixed(1));
        if (this.typeName(args[0]!) === 'string') c = add(c, factor(sz(args[0]), STR));
        return res(c);
      }
      case 'validate':
        if (target) return res(factor(factor(sz(args[0]), STR), 128 * REGEX));
        break;
      // cel-go's own
      case 'startsWith': case 'endsWith': return res(factor(sz(args[0]), STR));
      case 'matches': case 'k8sMatches':
        if (target) return res(mulCost(factor(add(sz(target), fixed(1)), STR), factor(sz(args[0]), REGEX)));
        break;
      case 'contains':
        if (target) return res(mulCost(factor(sz(target), STR), factor(sz(args[0]), STR)));
        break;
      case 'format':
        if (target) return res(factor(sz(target), STR));
        break;
      case 'strings.quote': { const s = sz(args[0]); return res(factor(s, STR), { min: s.min + 2, max: sat(s.max * 2 + 2) }); }
      case 'bytes': { const s = sz(args[0]); return res(factor(s, STR), { min: s.min, max: sat(s.max * 4) }); }
      case 'dyn': { const s = this.size(args[0]!); if (s) this.sizes.set(n, s); const p = this.paths.get(args[0]!); if (p) this.paths.set(n, p); return res(fixed(1)); }
    }
    if (name.startsWith('format.') || (n.op === 'rcall' && n.args[1]?.op === 'id' && n.args[1].args === 'format')) return res(fixed(1));
    return res(fixed(1));
  }
}
const mulCost = (a: Est, b: Est) => mul(a, b);

// ---------------- runtime ----------------
/** Thrown when an evaluation goes past its limit (cel-go's "operation cancelled: actual cost limit exceeded"). */
export class CostLimitError extends Error {}

/** The cost of evaluations in progress: each node evaluated costs 1 (and string work its length / 10). */
export class RuntimeCost {
  spent = 0;
  private limit = Infinity;
  constructor(readonly perCall: number) {}
  start(limit: number): void { this.limit = this.spent + limit; }
  tick(n = 1): void {
    this.spent += n;
    if (this.spent > this.limit) throw new CostLimitError('operation cancelled: actual cost limit exceeded');
  }
}
let active: RuntimeCost | undefined;
const instrumented = new WeakSet<CelNode>();
/** Meter every node of a program (once): evaluating it ticks the active meter. */
export function instrument(ast: CelNode): void {
  const visit = (n: CelNode) => {
    if (instrumented.has(n)) return;
    instrumented.add(n);
    const orig = (n as any).evaluate as (...a: unknown[]) => unknown;
    if (typeof orig === 'function') {
      (n as any).evaluate = function (this: CelNode, ...a: unknown[]) {
        active?.tick(1);
        const v = orig.apply(this, a);
        if (typeof v === 'string' && active && v.length > 10) active.tick(Math.ceil(v.length * STR));
        return v;
      };
    }
    for (const c of children(n)) visit(c);
  };
  visit(ast);
}
export function withMeter<T>(m: RuntimeCost, f: () => T): T {
  const prev = active;
  active = m;
  try { return f(); } finally { active = prev; }
}
