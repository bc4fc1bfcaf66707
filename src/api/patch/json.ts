// JSON patch (RFC 6902: add, remove, replace, move, copy, test), with the error texts of the json-patch
// library kubectl and the API server use (evanphx/json-patch, v4 semantics: `replace` of a missing map key
// sets it, `copy` of a missing value copies null).
import { clone, deepEqual, isPlainObject } from '../../util/objects';
import { PatchError } from './strategic';

type J = any;

function decodePointer(path: string): string[] {
  if (path === '') return [];
  return path.split('/').slice(1).map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container of the value at path (parent object or array), and the last key; undefined if missing. */
function findObject(doc: J, path: string): { con: J; key: string } | undefined {
  const parts = decodePointer(path);
  if (!parts.length) return undefined;
  const key = parts.pop()!;
  let cur = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(p)) return undefined;
      cur = cur[Number(p)];
    } else if (isPlainObject(cur)) cur = cur[p];
    else return undefined;
    if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
  }
  return { con: cur, key };
}

function index(key: string, len: number, forAdd: boolean): number {
  if (!/^-?\d+$/.test(key)) throw new Error(`Unable to access invalid index: ${key}: invalid index referenced`);
  let i = Number(key);
  if (i < 0) {
    if (-i > len) throw new Error(`Unable to access invalid index: ${key}: invalid index referenced`);
    i = len + i + (forAdd ? 1 : 0);
  }
  if (forAdd ? i > len : i >= len) throw new Error(`Unable to access invalid index: ${key}: invalid index referenced`);
  return i;
}

function conGet(con: J, key: string): J {
  if (Array.isArray(con)) return con[index(key, con.length, false)];
  return con[key] === undefined ? null : con[key];
}
function conHas(con: J, key: string): boolean {
  if (Array.isArray(con)) { try { index(key, con.length, false); return true; } catch { return false; } }
  return key in con;
}
function conAdd(con: J, key: string, value: J): void {
  if (Array.isArray(con)) {
    if (key === '-') { con.push(value); return; }
    con.splice(index(key, con.length, true), 0, value);
  } else con[key] = value;
}
function conSet(con: J, key: string, value: J): void {
  if (Array.isArray(con)) con[index(key, con.length, false)] = value;
  else con[key] = value;
}
function conRemove(con: J, key: string): void {
  if (Array.isArray(con)) con.splice(index(key, con.length, false), 1);
  else {
    if (!(key in con)) throw new Error(`Unable to remove nonexistent key: ${key}: missing value`);
    delete con[key];
  }
}

/** Parse the text of a JSON patch: an array of operations. */
export function decodeJSONPatch(text: string): J[] {
  const v = parseGoJSON(text);
  if (!Array.isArray(v)) throw new PatchError(`json: cannot unmarshal ${goKind(v)} into Go value of type jsonpatch.Patch`, true);
  for (const op of v) if (!isPlainObject(op)) throw new PatchError(`json: cannot unmarshal ${goKind(op)} into Go value of type jsonpatch.Operation`, true);
  return v;
}

export function applyJSONPatch(obj: unknown, ops: J[]): unknown {
  let doc = clone(obj);
  for (const op of ops) {
    const kind = typeof op.op === 'string' ? op.op : 'unknown';
    const needPath = (): string => {
      if (typeof op.path !== 'string') throw new PatchError(`${kind} operation failed to decode path: missing value`);
      return op.path;
    };
    const value = 'value' in op ? clone(op.value) : null;
    switch (kind) {
      case 'add': {
        const path = needPath();
        if (path === '') { doc = value; break; }
        const f = findObject(doc, path);
        if (!f) throw new PatchError(`add operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
        try { conAdd(f.con, f.key, value); } catch (e) { throw new PatchError(`error in add for path: '${path}': ${(e as Error).message}`); }
        break;
      }
      case 'remove': {
        const path = needPath();
        const f = findObject(doc, path);
        if (!f) throw new PatchError(`remove operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
        try { conRemove(f.con, f.key); } catch (e) { throw new PatchError(`error in remove for path: '${path}': ${(e as Error).message}`); }
        break;
      }
      case 'replace': {
        const path = needPath();
        if (path === '') { doc = value; break; }
        const f = findObject(doc, path);
        if (!f) throw new PatchError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
        if (Array.isArray(f.con) && !conHas(f.con, f.key)) throw new PatchError(`error in replace for path: '${path}': Unable to access invalid index: ${f.key}: invalid index referenced`);
        conSet(f.con, f.key, value);
        break;
      }
      case 'move': case 'copy': {
        if (typeof op.from !== 'string') throw new PatchError(`${kind} operation failed to decode from: missing value`);
        const from = op.from as string;
        const f = findObject(doc, from);
        if (!f) throw new PatchError(`${kind} operation does not apply: doc is missing from path: ${from}: missing value`);
        let v: J;
        try { v = clone(conGet(f.con, f.key)); } catch (e) { throw new PatchError(`error in ${kind} for from: '${from}': ${(e as Error).message}`); }
        if (kind === 'move') {
          try { conRemove(f.con, f.key); } catch (e) { throw new PatchError(`error in move for path: '${f.key}': ${(e as Error).message}`); }
        }
        const path = needPath();
        const t = findObject(doc, path);
        if (!t) throw new PatchError(`${kind} operation does not apply: doc is missing destination path: ${path}: missing value`);
        try { conAdd(t.con, t.key, v); } catch (e) { throw new PatchError(`error in ${kind} for path: '${path}': ${(e as Error).message}`); }
        break;
      }
      case 'test': {
        const path = needPath();
        let cur: J;
        if (path === '') cur = doc;
        else {
          const f = findObject(doc, path);
          if (!f) throw new PatchError(`test operation does not apply: is missing path: ${path}: missing value`);
          try { cur = conGet(f.con, f.key); } catch (e) { throw new PatchError(`error in test for path: '${path}': ${(e as Error).message}`); }
        }
        if (!deepEqual(cur ?? null, value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${kind}`);
    }
  }
  return doc;
}

function goKind(v: J): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;
}

/** JSON.parse with Go encoding/json's error texts. */
export function parseGoJSON(text: string): J {
  try {
    return JSON.parse(text);
  } catch {
    throw new PatchError(goJSONError(text), true);
  }
}
function goJSONError(text: string): string {
  // Walk to the first offending character, as Go's scanner reports it.
  let i = 0;
  const stack: string[] = [];
  const ws = () => { while (i < text.length && /\s/.test(text[i]!)) i++; };
  const bad = (ctx: string) => (i >= text.length ? 'unexpected end of JSON input' : `invalid character '${text[i]}' ${ctx}`);
  const value = (): string | undefined => {
    ws();
    const c = text[i];
    if (c === undefined) return 'unexpected end of JSON input';
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') return bad('looking for beginning of object key string');
        const e = str(); if (e) return e;
        ws();
        if (text[i] !== ':') return bad("after object key");
        i++;
        const v = value(); if (v) return v;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        return bad('after object key:value pair');
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        const v = value(); if (v) return v;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        return bad('after array element');
      }
    }
    if (c === '"') return str();
    const m = text.slice(i).match(/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/);
    if (m) { i += m[0].length; return; }
    return bad('looking for beginning of value');
  };
  const str = (): string | undefined => {
    i++;
    while (i < text.length && text[i] !== '"') { if (text[i] === '\\') i++; i++; }
    if (i >= text.length) return 'unexpected end of JSON input';
    i++;
    return;
  };
  void stack;
  const e = value();
  if (e) return e;
  ws();
  if (i < text.length) return `invalid character '${text[i]}' after top-level value`;
  return 'invalid JSON document';
}
