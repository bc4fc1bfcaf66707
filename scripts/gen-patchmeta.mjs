// One-off generator: derives schemas/patchmeta.json (strategic-merge-patch metadata) from the official v1.33
// OpenAPI spec. Usage: node scripts/gen-patchmeta.mjs ../shared/reference/openapi/swagger-v1.33.json
// For each definition, only the properties that matter to a patch are kept:
//   ref       the definition of the field (or of its list items / map values)
//   list      true for arrays; map: true for objects with additionalProperties (map[string]X)
//   strategy  x-kubernetes-patch-strategy ("merge", "retainKeys", "merge,retainKeys")
//   key       x-kubernetes-patch-merge-key
//   listType  x-kubernetes-list-type (atomic|map|set), listMapKeys x-kubernetes-list-map-keys
import fs from 'node:fs';
const spec = JSON.parse(fs.readFileSync(process.argv[2] ?? '../shared/reference/openapi/swagger-v1.33.json', 'utf8'));
const refName = r => r?.replace('#/definitions/', '');
const out = {};
for (const [name, def] of Object.entries(spec.definitions).sort(([a], [b]) => (a < b ? -1 : 1))) {
  const props = {};
  for (const [p, v] of Object.entries(def.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const e = {};
    if (v.$ref) e.ref = refName(v.$ref);
    if (v.type === 'array') { e.list = true; if (v.items?.$ref) e.ref = refName(v.items.$ref); }
    if (v.type === 'object' && v.additionalProperties) {
      e.map = true;
      if (v.additionalProperties.$ref) e.ref = refName(v.additionalProperties.$ref);
      else if (v.additionalProperties.type === 'array') { e.list = true; if (v.additionalProperties.items?.$ref) e.ref = refName(v.additionalProperties.items.$ref); }
    }
    if (v['x-kubernetes-patch-strategy']) e.strategy = v['x-kubernetes-patch-strategy'];
    if (v['x-kubernetes-patch-merge-key']) e.key = v['x-kubernetes-patch-merge-key'];
    if (v['x-kubernetes-list-type']) e.listType = v['x-kubernetes-list-type'];
    if (v['x-kubernetes-list-map-keys']) e.listMapKeys = v['x-kubernetes-list-map-keys'];
    // plain scalars and primitive lists without any patch metadata need no entry
    if (!e.ref && !e.strategy && !e.key && !e.listType) continue;
    // references to leaf types (Quantity, Time, IntOrString...) that have no properties of their own
    if (e.ref && !spec.definitions[e.ref]?.properties && !e.strategy && !e.listType && !e.list && !e.map) continue;
    props[p] = e;
  }
  if (Object.keys(props).length) out[name] = props;
}
fs.writeFileSync(new URL('../schemas/patchmeta.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`schemas/patchmeta.json: ${Object.keys(out).length} definitions`);
