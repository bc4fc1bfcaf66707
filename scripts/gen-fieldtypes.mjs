// Build step (imported by scripts/build.mjs): the structure structured-merge-diff needs for managedFields,
// derived from schemas/definitions.json into dist/fieldtypes.json: per definition, the fields that are
// objects or lists, each as [ref to the child definition or null, kind, list keys?], kind being
// 's' struct, 'm' map, 'am' atomic map/struct, 'lm' associative list (keys), 'ls' set, 'la' atomic list.
// Scalars are left out (a leaf). $req lists a definition's required fields; $atomic the atomic structs. List semantics follow kube-openapi's schemaconv: x-kubernetes-list-type,
// else patch strategy merge (with a merge key: map; without: set), else atomic.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'schemas/definitions.json');
const out = path.join(root, 'dist/fieldtypes.json');
const stamp = fs.statSync(src).mtimeMs + ':' + fs.statSync(fileURLToPath(import.meta.url)).mtimeMs;
let fresh = false;
try { fresh = JSON.parse(fs.readFileSync(out, 'utf8')).$stamp === stamp; } catch { /* first build */ }
if (!fresh) {
  const defs = JSON.parse(fs.readFileSync(src, 'utf8'));
  const res = { $stamp: stamp };
  const kindOf = s => {
    if (!s) return null;
    if (s.$ref) {
      const t = defs[s.$ref];
      if (!t || !(t.properties || t.type === 'object')) return null;
      return [s.$ref, t['x-kubernetes-map-type'] === 'atomic' ? 'am' : 's'];
    }
    if (s.type === 'array') {
      const lt = s['x-kubernetes-list-type'];
      const item = s.items?.$ref ?? null;
      if (lt === 'map') return [item, 'lm', s['x-kubernetes-list-map-keys']];
      if (lt === 'set') return [item, 'ls'];
      if (lt === 'atomic') return [item, 'la'];
      const ps = s['x-kubernetes-patch-strategy'];
      if (ps === 'merge' || ps === 'merge,retainKeys') return s['x-kubernetes-patch-merge-key'] ? [item, 'lm', [s['x-kubernetes-patch-merge-key']]] : [item, 'ls'];
      return [item, 'la'];
    }
    if (s.type === 'object') {
      if (s['x-kubernetes-map-type'] === 'atomic') return [null, 'am'];
      const ap = s.additionalProperties;
      return [ap && typeof ap === 'object' && ap.$ref ? ap.$ref : null, 'm'];
    }
    return null;
  };
  res.$atomic = [];
  for (const [name, d] of Object.entries(defs)) {
    if (!d.properties) continue;
    const f = {};
    for (const [k, s] of Object.entries(d.properties)) { const v = kindOf(s); if (v) f[k] = v; }
    // required fields are not omitempty in Go: present (null or empty) in a new typed object
    if (d.required?.length) f.$req = d.required;
    if (d['x-kubernetes-map-type'] === 'atomic') res.$atomic.push(name);
    res[name] = f;
  }
  fs.writeFileSync(out, JSON.stringify(res));
}
