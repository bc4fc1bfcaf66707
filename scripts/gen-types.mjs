#!/usr/bin/env node
// Derives src/api/k8s.ts (TypeScript interfaces for every definition of the official Kubernetes v1.33
// OpenAPI spec) from schemas/openapi-v2.json.gz, the spec the repository ships. Types only: the module
// has no runtime code, so importing it (with `import type`) adds nothing to start-up.
//   node scripts/gen-types.mjs            rewrite src/api/k8s.ts
//   node scripts/gen-types.mjs --check    exit 1 when src/api/k8s.ts is not what the spec gives
// Names follow @kubernetes/client-node: version + kind (V1Pod, V1beta1..., V2HorizontalPodAutoscaler),
// prefixed by the group only where two groups define the same version + kind (CoreV1Event, EventsV1Event).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specPath = path.join(root, 'schemas/openapi-v2.json.gz');
const outPath = path.join(root, 'src/api/k8s.ts');
const spec = JSON.parse(zlib.gunzipSync(fs.readFileSync(specPath)).toString('utf8'));
const defs = spec.definitions;

// Definitions that are not objects of their own: written inline where they are used.
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';
const INLINE = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'number | string',
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'string',
  [META + 'Time']: 'string',
  [META + 'MicroTime']: 'string',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'unknown',
  [APIEXT + 'JSON']: 'unknown',
};
// The JSONSchemaPropsOr* unions (the spec leaves them untyped; their Go types marshal as one or the other).
const UNIONS = {
  [APIEXT + 'JSONSchemaPropsOrArray']: (p) => `${p} | ${p}[]`,
  [APIEXT + 'JSONSchemaPropsOrBool']: (p) => `${p} | boolean`,
  [APIEXT + 'JSONSchemaPropsOrStringArray']: (p) => `${p} | string[]`,
};

// version + kind, and the group (the segment before the version) for collisions.
const parts = (full) => {
  const seg = full.split('.');
  const kind = seg[seg.length - 1];
  const version = seg[seg.length - 2];
  const group = seg[seg.length - 3];
  return { kind, version, group };
};
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const names = new Map();
{
  const byShort = new Map();
  for (const full of Object.keys(defs)) {
    if (INLINE[full]) continue;
    const { kind, version } = parts(full);
    const short = cap(version) + kind; // V1Pod, V1beta1..., and pkg.version.Info → VersionInfo
    (byShort.get(short) ?? byShort.set(short, []).get(short)).push(full);
  }
  for (const [short, fulls] of byShort) {
    if (fulls.length === 1) { names.set(fulls[0], short); continue; }
    for (const full of fulls) names.set(full, cap(parts(full).group) + short);
  }
  const seen = new Set();
  for (const n of names.values()) { if (seen.has(n)) throw new Error(`name collision: ${n}`); seen.add(n); }
}

const refName = (ref) => ref.replace(/^#\/definitions\//, '');
function refType(full) {
  if (INLINE[full]) return INLINE[full];
  if (UNIONS[full]) return UNIONS[full](names.get(APIEXT + 'JSONSchemaProps'));
  const n = names.get(full);
  if (!n) throw new Error(`unknown definition ${full}`);
  return n;
}
function typeOf(s) {
  if (!s || typeof s !== 'object') return 'unknown';
  if (s.$ref) return refType(refName(s.$ref));
  switch (s.type) {
    case 'string': return 'string';
    case 'integer': case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'array': {
      const t = typeOf(s.items);
      return /[ |]/.test(t) ? `(${t})[]` : `${t}[]`;
    }
    case 'object':
      if (s.properties) return `{ ${Object.entries(s.properties).map(([k, v]) => `${key(k)}${(s.required ?? []).includes(k) ? '' : '?'}: ${typeOf(v)}`).join('; ')} }`;
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return `Record<string, ${typeOf(s.additionalProperties)}>`;
      return 'Record<string, unknown>';
    default: return 'unknown';
  }
}
const key = (k) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));

// The first sentence of a description (abbreviations such as "e.g." do not end one; a lone "Required." or
// "Deprecated." takes the next sentence with it).
function firstSentence(d) {
  if (!d) return '';
  const s = d.replace(/\s+/g, ' ').trim();
  const re = /\.(?=\s|$)/g;
  let m;
  while ((m = re.exec(s))) {
    const before = s.slice(0, m.index);
    if (/(?:\be\.g|\bi\.e|\betc|\bvs|\bEx|\bapprox|\bSee)$/i.test(before)) continue;
    if (/\b[A-Za-z]$/.test(before) && /\.[A-Za-z]$/.test(before)) continue; // "a.b." style tokens
    if (/^(Required|Optional|Deprecated)$/i.test(before)) continue;
    return s.slice(0, m.index + 1);
  }
  return s;
}
const doc = (d, indent) => {
  const t = firstSentence(d).replace(/\*\//g, '*\\/');
  return t ? `${indent}/** ${t} */\n` : '';
};

let out = `// Generated by scripts/gen-types.mjs from the Kubernetes v1.33 OpenAPI spec (schemas/openapi-v2.json.gz);
// do not edit by hand. One interface per definition of the API (k8s.io/api, k8s.io/apimachinery,
// apiextensions-apiserver, kube-aggregator), named as @kubernetes/client-node names them; descriptions are
// cut to their first sentence. Types only: import them with \`import type\`.
// Derived from the Kubernetes OpenAPI spec, Apache-2.0, © The Kubernetes Authors.
/* eslint-disable */
`;
const entries = [...names].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
for (const [full, name] of entries) {
  const s = defs[full];
  out += '\n' + doc(s.description, '');
  if (UNIONS[full]) { out += `export type ${name} = ${refType(full)};\n`; continue; }
  if (!s.properties) { out += `export type ${name} = ${typeOf({ ...s, $ref: undefined })};\n`; continue; }
  out += `export interface ${name} {\n`;
  const req = new Set(s.required ?? []);
  for (const [k, v] of Object.entries(s.properties)) {
    out += doc(v.description, '  ');
    out += `  ${key(k)}${req.has(k) ? '' : '?'}: ${typeOf(v)};\n`;
  }
  out += '}\n';
}

if (process.argv.includes('--check')) {
  const cur = fs.existsSync(outPath) ? fs.readFileSync(outPath, 'utf8') : '';
  if (cur !== out) { console.error('src/api/k8s.ts is out of date: run node scripts/gen-types.mjs'); process.exit(1); }
} else {
  fs.writeFileSync(outPath, out);
  console.log(`wrote ${path.relative(root, outPath)}: ${entries.length} types, ${out.length} bytes`);
}
