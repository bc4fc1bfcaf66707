// Builds dist/: one bundle for the CLI (fast start: one file to load, better-sqlite3 left native),
// the per-kind validators generated from schemas/ (ajv standalone code, loaded only on writes), and the default
// cluster's template (src/cluster/template.ts: a first invocation instantiates it instead of bootstrapping).
// KCTL_NOMINIFY=1 keeps names and lines readable (for profiles).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const f of fs.readdirSync(path.join(root, 'dist'))) if (f.includes('.v8cache') || f === 'default-cluster.json') fs.rmSync(path.join(root, 'dist', f), { force: true });
const buildId = `${Date.now().toString(36)}-${process.pid}`;
// commander requires node:child_process at load time (for executable subcommands, which kctl does not use);
// loading it costs a few ms on every invocation, so commander gets a shim that loads it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, args =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'kctl-shim' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'kctl-shim' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};
// Node's built-in modules, imported by kctl's sources as defaults (`import fs from 'node:fs'`): through esbuild's
// CommonJS interop, each import statement copies every export of the module onto a new object (fs has about a
// hundred, imported by 25 modules: a millisecond of every invocation). A module of ours exporting the built-in
// itself as its default costs nothing; a named import of one of these fails the build (no such export).
const NODE_DEFAULTS = new Set(['fs', 'path', 'os', 'vm', 'crypto', 'zlib', 'http', 'https']);
const nodeDefaults = {
  name: 'node-defaults',
  setup(b) {
    b.onResolve({ filter: /^node:[a-z]+$/ }, args =>
      args.kind === 'import-statement' && NODE_DEFAULTS.has(args.path.slice(5)) && args.importer.startsWith(path.join(root, 'src') + path.sep)
        ? { path: args.path.slice(5), namespace: 'kctl-node' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'kctl-node' }, args => ({ contents: `export default require(${JSON.stringify(`node:${args.path}`)});`, loader: 'js' }));
  },
};
// A large JSON module as JSON.parse of one string: V8 parses JSON text several times faster than the same
// data as an object literal (the runtime's 110 KB image catalog took 1.5 ms of every exec as a literal).
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, args => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (text.length < 4096) return undefined;
      // the image catalog: each base and repository parsed when first looked at (an exec of nginx parses
      // nginx's 33 KB, not the catalog's 106 KB); src/runtime/images.ts takes either form
      if (/[\\/]runtime[\\/]images\.json$/.test(args.path)) {
        const j = JSON.parse(text);
        const lazy = m => `{${Object.entries(m).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(JSON.stringify(v))}`).join(',')}}`;
        return { contents: `module.exports = {bases:${lazy(j.bases)},repos:${lazy(j.repos)}};`, loader: 'js' };
      }
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: 'js' };
    });
  },
};
// The CEL library (CRD validation rules) tells its types apart by their classes' names, so it is built on its
// own with its names kept (dist/kctl-cel.js, loaded when a rule is first compiled); the CLI's bundles are
// minified without keeping names: esbuild's keepNames wraps every function and class in a naming call, which
// costs every invocation (a `get` about 2% of its time, an exec of a process more).
const CEL_OUT = 'kctl-cel.js';
const celApart = {
  name: 'cel-apart',
  setup(b) { b.onResolve({ filter: /^@marcbachmann\/cel-js$/ }, () => ({ path: `./${CEL_OUT}`, external: true })); },
};
await build({
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, minify: !process.env.KCTL_NOMINIFY, keepNames: true,
  logLevel: 'warning', legalComments: 'none',
  stdin: { contents: "module.exports = require('@marcbachmann/cel-js');", resolveDir: root, loader: 'js' },
  outfile: path.join(root, 'dist', CEL_OUT),
});
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  external: ['better-sqlite3/package.json'], sourcemap: false, minify: !process.env.KCTL_NOMINIFY, keepNames: false, logLevel: 'warning',
  legalComments: 'none', define: { KCTL_BUILD_ID: JSON.stringify(buildId) },
  plugins: [celApart, lazyChildProcess, jsonAsParse, nodeDefaults],
};
await build({ ...common, entryPoints: [path.join(root, 'src/main.ts')], outfile: path.join(root, 'dist/kctl.js') });
// The read path's bundle (src/lean.ts): the CLI without what a `get` that has nothing to catch up never runs.
// Each module left out becomes a stub that records the miss and throws when required (bin/kctl then runs the
// command with the full bundle). Only modules that are required lazily (a require() call) may be left out: one
// that is imported would be loaded with the bundle, so the build refuses that.
const LEFT_OUT = [
  /[\\/]src[\\/](controllers|kubelet|runtime|scheduler|server|kustomize|sim[\\/]chaos|cluster[\\/](?!kubeconfig\.ts$|home\.ts$|clusters\.ts$|template\.ts$))/,
  /[\\/]src[\\/]cli[\\/]verbs[\\/](?!get\.ts$|common\.ts$)/, /[\\/]src[\\/]cli[\\/](describe|generators)[\\/]/, /[\\/]src[\\/]api[\\/]crd[\\/]cel[\\/]/,
  /[\\/]node_modules[\\/](ws|croner|@marcbachmann|ajv|yaml|fast-uri)[\\/]/,
];
const makeLeftOut = (list, what) => ({
  name: 'left-out',
  setup(b) {
    const eager = new Set();
    b.onResolve({ filter: /.*/ }, async args => {
      if (args.pluginData === 'left-out' || args.kind === 'entry-point') return undefined;
      const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'left-out' });
      if (r.errors.length || !r.path || !list.some(x => x.test(r.path))) return r.errors.length ? undefined : r;
      if (args.kind !== 'require-call') eager.add(`${path.relative(root, args.importer)} imports ${path.relative(root, r.path)}`);
      return { path: r.path, namespace: 'left-out' };
    });
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, args => {
      const name = JSON.stringify(path.relative(root, args.path).split(path.sep).join('/'));
      return { contents: `globalThis.__kctlLeanMiss ??= ${name}; throw new Error("kctl: the read path's bundle has no " + ${name});`, loader: 'js' };
    });
    b.onEnd(() => { if (eager.size) throw new Error(`${what} imports what it leaves out:\n${[...eager].join('\n')}`); });
  },
});
await build({ ...common, plugins: [...common.plugins, makeLeftOut(LEFT_OUT, "the read path's bundle")], entryPoints: [path.join(root, 'src/lean.ts')], outfile: path.join(root, 'dist/kctl-get.js') });
// The runtime verbs' bundle (dist/kctl-rt.js, the same entry): `exec` and `logs` that do not stream stdin or
// follow, with the kubelet, the container runtime, the controllers and the scheduler (a step that catches the
// cluster up runs them: it misses only what no step of theirs needs), without the server, the other verbs,
// kustomize, and the YAML, schema and CEL libraries.
const RT_LEFT_OUT = [
  /[\\/]src[\\/](server|kustomize|sim[\\/]chaos|cluster[\\/](?!kubeconfig\.ts$|home\.ts$|clusters\.ts$|template\.ts$|kindconfig\.ts$))/,
  /[\\/]src[\\/]cli[\\/]verbs[\\/](?!get\.ts$|common\.ts$|exec\.ts$|logs\.ts$)/, /[\\/]src[\\/]cli[\\/](describe|generators)[\\/]/, /[\\/]src[\\/]api[\\/]crd[\\/]cel[\\/]/,
  /[\\/]node_modules[\\/](@marcbachmann|ajv|yaml|fast-uri)[\\/]/,
];
await build({ ...common, plugins: [...common.plugins, makeLeftOut(RT_LEFT_OUT, "the runtime verbs' bundle")], entryPoints: [path.join(root, 'src/lean.ts')], outfile: path.join(root, 'dist/kctl-rt.js') });
// The bundles in ASCII only: esbuild leaves the characters of regular expressions as they are (µs in duration
// patterns), and one such character makes the whole 2.6 MB source a two-byte string that every invocation
// decodes from UTF-8 (15-80 ms, most of a `get`). Escaped (\uXXXX means the same in a regex, a string or a
// template), the file reads as a one-byte string in under a millisecond.
for (const f of ['kctl.js', 'kctl-get.js', 'kctl-rt.js']) {
  const out = path.join(root, 'dist', f);
  const src = fs.readFileSync(out, 'utf8');
  if (/[^\x00-\x7f]/.test(src)) fs.writeFileSync(out, src.replace(/[^\x00-\x7f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
// The bundles only bin/kctl loads (never require()d) are written already wrapped as the module function it
// compiles: the launcher passes the file's text to V8 as it is read, instead of a concatenation V8 copies whole
// into a new string (half a megabyte of fresh pages, some 160 page faults, for each `get`).
const { wrap } = (await import('node:module')).default;
for (const f of ['kctl-get.js', 'kctl-rt.js']) {
  const out = path.join(root, 'dist', f);
  fs.writeFileSync(out, wrap(fs.readFileSync(out, 'latin1')), 'latin1');
}
// The container runtime on its own, for tests of the shell and the userland (no cluster, no database).
await build({
  entryPoints: [path.join(root, 'src/runtime/harness.ts')],
  outfile: path.join(root, 'dist/harness.js'),
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, minify: false, keepNames: true, logLevel: 'warning',
  legalComments: 'none',
});
const gen = path.join(root, 'scripts/gen-validators.mjs');
if (fs.existsSync(gen)) await import(gen);
await import(path.join(root, 'scripts/gen-fieldtypes.mjs'));

// The default cluster's template: made by the code just built, checked against real bootstraps with other
// seeds and instants; without it (a check fails) a first invocation bootstraps as before.
{
  const maker = path.join(root, 'dist', `.template-maker-${process.pid}.cjs`);
  try {
    await build({ ...common, minify: false, entryPoints: [path.join(root, 'src/cluster/template.ts')], outfile: maker });
    const { createRequire } = await import('node:module');
    const { makeTemplate, verifyTemplate } = createRequire(import.meta.url)(maker);
    const t = makeTemplate(buildId);
    let bad;
    // (several seeds: an order that follows random names shows up)
    for (let i = 0; i < 8 && !bad; i++) bad = verifyTemplate(t, Math.floor(Date.now() / 1000) * 1000 + i * 86_400_000 * 37, (Date.now() * 7919 + i * 104729) >>> 0);
    if (bad) console.warn(`warning: no default-cluster template (it would differ from a bootstrap: ${bad.split('\n')[0]})`);
    // (shipped in its stored form only: the rows it was checked against stay here)
    else fs.writeFileSync(path.join(root, 'dist', 'default-cluster.json'), JSON.stringify({ ...t, rows: undefined, meta: undefined }));
  } catch (e) {
    console.warn(`warning: no default-cluster template: ${e.message}`);
  } finally {
    fs.rmSync(maker, { force: true });
  }
}

// The V8 code caches (bin/kctl writes dist/kctl.js.<verb>[.first].v8cache after a run that had none): made here
// by a few everyday invocations in a scratch KCTL_HOME, so that a new user's first commands do not each pay for
// compiling the bundle and writing its cache (a fresh install's first `get` took 240 ms instead of 150, its
// second 160 instead of 80). A run that cannot write them (a read-only install) just runs without.
{
  const { spawnSync } = await import('node:child_process');
  const os = await import('node:os');
  const bin = path.join(root, 'bin', 'kctl');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-build-warm-'));
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.KUBECONFIG;
  const manifest = path.join(scratch, 'app.yaml');
  fs.writeFileSync(manifest, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: warm\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: warm}\n  template:\n    metadata:\n      labels: {app: warm}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25.3\n');
  const kctl = (home, ...args) => spawnSync(process.execPath, [bin, ...args], { env: { ...env, KCTL_HOME: path.join(scratch, home) }, stdio: 'ignore', timeout: 60_000 });
  const full = (home, ...args) => spawnSync(process.execPath, [bin, ...args], { env: { ...env, KCTL_HOME: path.join(scratch, home), KCTL_LEAN: '0' }, stdio: 'ignore', timeout: 60_000 });
  try {
    // first invocations (they create the cluster)
    kctl('a', 'get', 'nodes');
    kctl('b', 'apply', '-f', manifest);
    kctl('c', 'create', 'deployment', 'warm', '--image=nginx:1.25.3');
    kctl('d', 'run', 'warm', '--image=busybox:1.36', '--', 'sleep', '3600');
    // and the everyday verbs on an existing cluster
    for (const args of [
      ['apply', '-f', manifest], ['create', 'deployment', 'web', '--image=nginx:1.25.3'],
      ['run', 'box', '--image=busybox:1.36', '--', 'sleep', '3600'], ['describe', 'pod', 'box'], ['logs', 'deploy/warm'],
      ['exec', 'box', '--', 'hostname'], ['label', 'pod', 'box', 'a=b'], ['scale', 'deployment', 'web', '--replicas=2'],
      ['rollout', 'status', 'deployment/web'], ['delete', 'pod', 'box', '--wait=false'], ['explain', 'pods.spec'],
      ['config', 'get-contexts'], ['sim', 'now'], ['version', '--client'], ['events'],
    ]) kctl('a', ...args);
    // the full bundle's get (one the read path cannot run: it catches the cluster up), then the read path's: its
    // cache holds what that run compiled, so it must have run to the end (when a timer came due in between, it
    // handed over to the full bundle half way: its cache is made again)
    // (the same for the runtime verbs' bundle: one cache per verb)
    for (const [cache, args] of [['kctl-get.js.v8cache', ['get', 'pods', '-A']], ['kctl-rt.js.exec.v8cache', ['exec', 'box', '--', 'hostname']],
      ['kctl-rt.js.logs.v8cache', ['logs', 'deploy/warm']]]) {
      for (let i = 0; i < 4; i++) {
        fs.rmSync(path.join(root, 'dist', cache), { force: true });
        full('a', 'get', 'pods', '-A');
        const r = spawnSync(process.execPath, [bin, ...args], { env: { ...env, KCTL_HOME: path.join(scratch, 'a'), KCTL_REPORT_BUNDLE: '1' }, encoding: 'utf8', timeout: 60_000 });
        if (/kctl-bundle read-path/.test(r.stderr ?? '')) break;
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
