#!/usr/bin/env node
// Derives schemas/definitions.json from the official Kubernetes OpenAPI v2 spec (swagger.json):
// the definitions every served kind needs (schemas/resources.json `definition`) and everything they
// reference, keeping descriptions (for `explain`) and x-kubernetes-* keys (merge keys, list types, GVKs).
// Run by hand once; its output is committed:  node scripts/gen-schemas.mjs path/to/swagger.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specPath = process.argv[2];
if (!specPath) { console.error('usage: node scripts/gen-schemas.mjs <swagger.json>'); process.exit(1); }
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const defs = spec.definitions;
const resources = JSON.parse(fs.readFileSync(path.join(root, 'schemas/resources.json'), 'utf8'));

const KEEP = new Set(['description', 'type', 'format', 'items', 'properties', 'additionalProperties', '$ref', 'required', 'enum']);
const refName = (ref) => ref.replace(/^#\/definitions\//, '');

const out = {};
const queue = [];
for (const r of resources) queue.push(r.definition);
// Every served kind also needs its List and the common meta types explain/validation may name.
queue.push('io.k8s.apimachinery.pkg.apis.meta.v1.Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');

function clean(s) {
  if (Array.isArray(s)) return s.map(clean);
  if (!s || typeof s !== 'object') return s;
  const o = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties') {
      o.properties = {};
      for (const [pk, pv] of Object.entries(v)) o.properties[pk] = clean(pv);
    } else if (k === 'items' || k === 'additionalProperties') {
      o[k] = typeof v === 'object' ? clean(v) : v;
    } else if (k === '$ref') {
      const n = refName(v);
      queue.push(n);
      o.$ref = n; // stored as the bare definition name
    } else if (KEEP.has(k) || k.startsWith('x-kubernetes-')) {
      o[k] = v;
    }
  }
  return o;
}
while (queue.length) {
  const n = queue.shift();
  if (out[n]) continue;
  if (!defs[n]) { console.error(`definition ${n} not in the spec`); process.exit(1); }
  out[n] = {}; // placeholder against cycles
  out[n] = clean(defs[n]);
}
const sorted = {};
for (const k of Object.keys(out).sort()) sorted[k] = out[k];
const text = JSON.stringify(sorted);
fs.writeFileSync(path.join(root, 'schemas/definitions.json'), text + '\n');
console.log(`schemas/definitions.json: ${Object.keys(sorted).length} definitions, ${(text.length / 1024).toFixed(0)} KiB`);
