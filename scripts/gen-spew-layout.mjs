// Generates schemas/podtemplate-layout.json: the Go struct layout (field order, Go names, JSON names, Go
// types) of v1.PodTemplateSpec and every type it reaches, in Kubernetes 1.33 (k8s.io/api and
// k8s.io/apimachinery v0.33.1). src/controllers/podtemplatehash.ts walks a template with it to write the
// dump go-spew prints (%#v), whose FNV-32a is the pod-template-hash (pkg/controller ComputeHash).
//
//   node scripts/gen-spew-layout.mjs <k8s.io/api git dir> <k8s.io/apimachinery git dir> [tag, default v0.33.1]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [apiDir, machineryDir, tag = 'v0.33.1'] = process.argv.slice(2);
if (!apiDir || !machineryDir) { console.error('usage: gen-spew-layout.mjs <api git dir> <apimachinery git dir> [tag]'); process.exit(2); }
const show = (dir, file) => execFileSync('git', ['-C', dir, 'show', `${tag}:${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Go declarations of one file: structs (fields in order) and named types. pkg: how reflect names the package. */
function parse(src, pkg, qualifiers) {
  const types = {};
  const qual = t => t.replace(/\b(?:(\w+)\.)?([A-Z]\w*)\b/g, (m, q, n) => {
    if (q) return `${qualifiers[q] ?? q}.${n}`;
    return `${pkg}.${n}`;
  });
  const re = /^type (\w+) struct \{\n([\s\S]*?)\n\}/gm;
  let m;
  while ((m = re.exec(src))) {
    const fields = [];
    for (const line of m[2].split('\n')) {
      const l = line.trim();
      if (!l || l.startsWith('//')) continue;
      const tagM = l.match(/`([^`]*)`/);
      const json = tagM?.[1].match(/json:"([^"]*)"/)?.[1].split(',')[0];
      const decl = l.replace(/`[^`]*`/, '').replace(/\/\/.*$/, '').trim();
      const parts = decl.split(/\s+/);
      if (parts.length === 1) { // embedded
        const t = parts[0];
        fields.push({ name: t.replace(/^\*/, '').replace(/^\w+\./, ''), json: json ?? '', type: qual(t), embedded: true });
      } else {
        fields.push({ name: parts[0], json: json ?? parts[0], type: qual(parts.slice(1).join(' ')) });
      }
    }
    types[`${pkg}.${m[1]}`] = { kind: 'struct', fields };
  }
  const re2 = /^type (\w+) ([^\s{(=][^\n]*)$/gm;
  while ((m = re2.exec(src))) {
    if (m[2].startsWith('struct') || m[2].startsWith('interface')) continue;
    types[`${pkg}.${m[1]}`] = { kind: 'named', underlying: qual(m[2].replace(/\/\/.*$/, '').trim()) };
  }
  return types;
}

const core = parse(show(apiDir, 'core/v1/types.go'), 'v1', { metav1: 'metav1', resource: 'resource', intstr: 'intstr', types: 'types' });
const metaSrc = show(machineryDir, 'pkg/apis/meta/v1/types.go') + '\n' + show(machineryDir, 'pkg/apis/meta/v1/time.go');
const meta = parse(metaSrc, 'metav1', { types: 'types' });
const all = { ...core, ...meta };
// hand-written: types outside those files, as reflect sees them
Object.assign(all, {
  'types.UID': { kind: 'named', underlying: 'string' },
  'intstr.IntOrString': { kind: 'struct', fields: [{ name: 'Type', json: '', type: 'intstr.Type' }, { name: 'IntVal', json: '', type: 'int32' }, { name: 'StrVal', json: '', type: 'string' }] },
  'intstr.Type': { kind: 'named', underlying: 'int64' },
  'resource.Quantity': { kind: 'quantity' },
  'metav1.Time': { kind: 'time' },
  'metav1.MicroTime': { kind: 'time' },
});

// keep what PodTemplateSpec reaches
const keep = {};
const visit = t => {
  const base = t.replace(/^(\*|\[\]|map\[[^\]]+\])+/, '');
  for (const inner of t.match(/map\[([^\]]+)\]/g) ?? []) visit(inner.slice(4, -1));
  if (keep[base] || !all[base]) return;
  keep[base] = all[base];
  if (all[base].kind === 'struct') for (const f of all[base].fields) visit(f.type);
  if (all[base].kind === 'named') visit(all[base].underlying);
};
visit('v1.PodTemplateSpec');
const missing = new Set();
for (const [, d] of Object.entries(keep)) for (const f of d.fields ?? []) {
  const base = f.type.replace(/^(\*|\[\]|map\[[^\]]+\])+/, '');
  if (!/^(string|bool|u?int(8|16|32|64)?|float(32|64)|byte)$/.test(base) && !keep[base]) missing.add(base);
}
if (missing.size) throw new Error(`types not found: ${[...missing].join(', ')}`);
const out = path.join(root, 'schemas', 'podtemplate-layout.json');
fs.writeFileSync(out, JSON.stringify({ source: `k8s.io/api and k8s.io/apimachinery ${tag}`, types: keep }) + '\n');
console.log(`${Object.keys(keep).length} types → ${path.relative(root, out)}`);
