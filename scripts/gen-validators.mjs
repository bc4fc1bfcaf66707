// Build step (imported by scripts/build.mjs): turns schemas/definitions.json into ajv standalone validators,
// one CommonJS module per served kind, in dist/validators/<group|core>.<version>.<Kind>.js, each with a
// V8 code cache (<same>.cache) that src/api/validation/schema.ts hands to vm.Script.
// What they check is what kube-apiserver's strict JSON decoding checks: unknown fields (additionalProperties
// false on every struct; maps and schema-less objects stay open) and JSON types (int32/int64 integers only,
// IntOrString and Quantity take numbers or strings, null is accepted everywhere as Go's decoder does).
// `required` is not enforced here: the API server reports those as Invalid from the kind's strategy.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const defsText = fs.readFileSync(path.join(root, 'schemas/definitions.json'), 'utf8');
const resText = fs.readFileSync(path.join(root, 'schemas/resources.json'), 'utf8');

// Regenerate only when an input changed (the stamp covers the data, this script, ajv and node's V8),
// and swap the directory in whole so a kctl running meanwhile never sees a half-written set.
const finalDir = path.join(root, 'dist/validators');
const stamp = createHash('sha256').update(defsText).update(resText)
  .update(fs.readFileSync(fileURLToPath(import.meta.url)))
  .update(require('ajv/package.json').version + process.versions.v8)
  .digest('hex');
let upToDate = false;
try { upToDate = fs.readFileSync(path.join(finalDir, 'STAMP'), 'utf8') === stamp; } catch { /* first build */ }
if (!upToDate) await generate();

async function generate() {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const defs = JSON.parse(defsText);
  const resources = JSON.parse(resText);
  const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
  const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
  // The pattern behind ParseQuantity's format error: a bad quantity is a decode error, as on the server.
  const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

  /** One OpenAPI v2 schema → the JSON Schema ajv checks. */
  function convert(s, name) {
    if (s.$ref) return { $ref: `#/definitions/${s.$ref}` };
    if (name === QUANTITY) return { type: ['string', 'number', 'null'], pattern: QUANTITY_PATTERN };
    if (name === INT_OR_STRING || s.format === 'int-or-string') return { type: ['integer', 'string', 'null'] };
    if (s['x-kubernetes-preserve-unknown-fields']) return {};
    switch (s.type) {
      case 'string': return { type: ['string', 'null'] };
      case 'boolean': return { type: ['boolean', 'null'] };
      case 'number': return { type: ['number', 'null'] };
      case 'integer':
        return s.format === 'int32'
          ? { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647 }
          : { type: ['integer', 'null'] };
      case 'array': return { type: ['array', 'null'], items: s.items ? convert(s.items) : {} };
      case 'object': {
        if (s.properties) {
          const properties = {};
          for (const [k, v] of Object.entries(s.properties)) properties[k] = convert(v);
          return { type: ['object', 'null'], properties, additionalProperties: false };
        }
        if (s.additionalProperties && typeof s.additionalProperties === 'object')
          return { type: ['object', 'null'], additionalProperties: convert(s.additionalProperties) };
        return { type: ['object', 'null'] };
      }
      default: return {}; // no type: any JSON (apiextensions JSON, JSONSchemaPropsOr*)
    }
  }

  const definitions = {};
  for (const [name, s] of Object.entries(defs)) definitions[name] = convert(s, name);
  const ajv = new Ajv({
    allErrors: true, messages: false, strict: false, validateFormats: false, inlineRefs: false,
    code: { source: true, lines: false, optimize: true },
  });
  ajv.addSchema({ $id: 'k8s', definitions });

  // The code cache: loading a validator through it costs about half. schema.ts wraps the code the same way;
  // a cache V8 rejects (another node binary) is ignored there.
  const WRAP_HEAD = '(function (module, exports) {';
  const WRAP_TAIL = '\n})';
  function codeCache(code) {
    const script = new vm.Script(WRAP_HEAD + code + WRAP_TAIL, { filename: 'validator.js' });
    const m = { exports: {} };
    script.runInThisContext()(m, m.exports);
    const validate = m.exports.default ?? m.exports;
    validate({ apiVersion: 'v1', kind: 'X', metadata: { name: 'x', labels: { a: 'b' } }, spec: {} }); // warm common paths
    return script.createCachedData();
  }

  const outDir = `${finalDir}.new-${process.pid}`;
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const done = new Set();
  const jobs = [];
  for (const r of resources) {
    const file = `${r.group || 'core'}.${r.version}.${r.kind}.js`;
    if (done.has(file)) continue;
    done.add(file);
    const validate = ajv.getSchema(`k8s#/definitions/${r.definition}`);
    if (!validate) throw new Error(`no schema for ${r.definition}`);
    const code = standaloneCode(ajv, validate);
    if (/require\(/.test(code)) throw new Error(`validator for ${r.kind} needs a runtime module`);
    jobs.push(transform(code, { minify: true, format: 'cjs', target: 'node20' }).then(out => {
      fs.writeFileSync(path.join(outDir, file), out.code);
      fs.writeFileSync(path.join(outDir, file.replace(/\.js$/, '.cache')), codeCache(out.code));
    }));
  }
  await Promise.all(jobs);
  fs.writeFileSync(path.join(outDir, 'STAMP'), stamp);
  const oldDir = `${finalDir}.old-${process.pid}`;
  if (fs.existsSync(finalDir)) fs.renameSync(finalDir, oldDir);
  fs.renameSync(outDir, finalDir);
  fs.rmSync(oldDir, { recursive: true, force: true });
}
