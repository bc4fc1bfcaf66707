// Derives schemas/protobuf.json.gz, the table `kctl serve` decodes protobuf request bodies with (kubectl's
// typed clients send Kubernetes' protobuf encoding, "k8s\0" + runtime.Unknown). Input: checkouts of
// kubernetes/api and kubernetes/apimachinery at the release kctl targets (v0.33.x):
//   node scripts/gen-protobuf.mjs /path/to/api /path/to/apimachinery
// From generated.proto: each message's fields (number, JSON name, type, repeated/map). From the Go types:
// which fields are plain values with `omitempty` (Go's protobuf writes their zero values, Go's JSON drops
// them, so the decoder drops them too), which named types are slices (ExtraValue, Verbs: bare arrays in JSON),
// and each package's API group.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [apiDir, amDir] = process.argv.slice(2);
if (!apiDir || !amDir) { console.error('usage: gen-protobuf.mjs API_DIR APIMACHINERY_DIR'); process.exit(1); }

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'testdata' && e.name !== 'testapigroup') walk(p, out); }
    else if (e.name === 'generated.proto') out.push(p);
  }
  return out;
}

const messages = {};
const kinds = {};
const scalars = new Set(['string', 'int32', 'int64', 'bool', 'bytes', 'double', 'float', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64']);

for (const file of [...walk(apiDir), ...walk(path.join(amDir, 'pkg'))]) {
  const src = fs.readFileSync(file, 'utf8');
  const pkg = /^package ([\w.]+);/m.exec(src)[1];
  const dir = path.dirname(file);
  // Go facts for this package
  const goSrc = fs.readdirSync(dir).filter(f => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_') && f !== 'generated.pb.go')
    .map(f => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const sliceTypes = new Set([...goSrc.matchAll(/^type (\w+) \[\]/gm)].map(m => m[1]));
  const omitZero = new Set(); // "Struct.protoName"
  for (const m of goSrc.matchAll(/^type (\w+) struct \{([\s\S]*?)^\}/gm)) {
    for (const line of m[2].split('\n')) {
      const f = /^\s*\w+\s+(\S+)\s+`([^`]*)`/.exec(line);
      if (!f) continue;
      const json = /json:"([^"]*)"/.exec(f[2]); const pb = /protobuf:"[^"]*name=(\w+)/.exec(f[2]);
      if (!json || !pb) continue;
      const ptr = f[1].startsWith('*'), omit = json[1].split(',').includes('omitempty');
      if (omit && !ptr) omitZero.add(`${m[1]}.${pb[1]}`);
    }
  }
  const groupM = /GroupName\s*=\s*"([^"]*)"/.exec(goSrc);
  const version = path.basename(dir);
  let group = groupM ? groupM[1] : undefined;
  if (pkg === 'k8s.io.api.core.v1') group = '';
  if (pkg === 'k8s.io.apimachinery.pkg.apis.meta.v1') group = 'meta.k8s.io';
  for (const mm of src.matchAll(/^message (\w+) \{([\s\S]*?)^\}/gm)) {
    const name = mm[1];
    const fields = {};
    for (const line of mm[2].split('\n')) {
      const t = line.trim();
      if (t.startsWith('//') || !t) continue;
      let f = /^(optional|repeated) ([.\w]+) (\w+) = (\d+)/.exec(t);
      if (f) {
        const type = scalars.has(f[2]) ? f[2] : f[2].startsWith('.') ? f[2].slice(1) : `${pkg}.${f[2]}`;
        fields[f[4]] = [f[3], type, f[1] === 'repeated' ? 1 : 0, omitZero.has(`${name}.${f[3]}`) ? 1 : 0];
        continue;
      }
      f = /^map<(\w+), ?([.\w]+)> (\w+) = (\d+)/.exec(t);
      if (f) {
        const type = scalars.has(f[2]) ? f[2] : f[2].startsWith('.') ? f[2].slice(1) : `${pkg}.${f[2]}`;
        fields[f[4]] = [f[3], type, 2, 0, f[1]];
        continue;
      }
      if (/^(optional|repeated|map|oneof)/.test(t)) throw new Error(`${file}: cannot read ${t}`);
    }
    const full = `${pkg}.${name}`;
    messages[full] = sliceTypes.has(name) ? { f: fields, slice: 1 } : { f: fields };
    if (group !== undefined && fields['1'] && fields['1'][0] === 'metadata') kinds[`${group ? group + '/' : ''}${version}/${name}`] = full;
  }
  if (group !== undefined) {
    // option bodies and other metadata-less kinds a client may send (DeleteOptions, Eviction's parts…)
    for (const k of ['DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions']) if (messages[`${pkg}.${k}`]) kinds[`${group ? group + '/' : ''}${version}/${k}`] = `${pkg}.${k}`;
  }
}
const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'schemas', 'protobuf.json.gz');
fs.writeFileSync(out, zlib.gzipSync(JSON.stringify({ messages, kinds }), { level: 9 }));
console.log(`${Object.keys(messages).length} messages, ${Object.keys(kinds).length} kinds → ${out} (${fs.statSync(out).size} bytes)`);
