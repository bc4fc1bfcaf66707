// Fuzz inputs, from a seeded generator (the same seed gives the same inputs): mutated manifests (YAML and
// JSON) of every kind kctl serves, mutated argument lists for every verb and subcommand (read from kctl's own
// command definitions), corrupt kubeconfigs and corrupt database pages.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** xoshiro128** — small, fast, seedable. */
export function rng(seed) {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88 ^ (seed * 31), c = 0xb7e15162 ^ (seed * 17), d = 0x1b873593 ^ (seed * 7);
  const next = () => {
    const t = b << 9; let r = Math.imul(b * 5 << 7 | b * 5 >>> 25, 9);
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = d << 11 | d >>> 21;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const R = {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    shuffle: (arr) => { const a2 = [...arr]; for (let i = a2.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [a2[i], a2[j]] = [a2[j], a2[i]]; } return a2; },
  };
  return R;
}

// ---------- value pools ----------
const NAMES = ['web', 'cfg', 'sec', 'nginx', 'frontend', 'nope', 'x', 'a-b', 'UPPER', 'bad_name', '', '-', 'web.dev', 'a'.repeat(300), 'ünïcode', 'kctl-control-plane', 'kctl-worker', 'my-crontab', 'reader', 'default', 'kube-system', '*', '..', 'web/extra'];
const TYPES = ['pods', 'po', 'pod', 'deploy', 'deployments.apps', 'deployment.v1.apps', 'rs', 'svc', 'services', 'cm', 'configmaps', 'secrets', 'ns', 'nodes', 'no', 'all', 'events', 'ev', 'jobs', 'cronjobs', 'sts', 'ds', 'ing', 'pvc', 'pv', 'sa', 'roles', 'rolebindings', 'clusterroles', 'crd', 'crontabs', 'ct', 'endpoints', 'endpointslices', 'leases', 'hpa', 'pdb', 'quota', 'limits', 'csr', 'priorityclasses', 'storageclasses', 'nope', 'pods,svc', 'pods,nope', 'po,deploy,svc', 'pods.', '.pods', 'Pod', 'PODS', 'pods.v1.', 'deployment.apps/web', 'pod/nope', 'deploy/web', 'svc/web', 'cm/cfg', 'node/kctl-worker', 'pods/', '/web', 'ct/my-new-cron-object'];
const SELECTORS = ['app=web', 'app!=web', 'app in (web,x)', 'app notin (a)', 'app', '!app', 'app==web', 'a=b,c=d', 'app in (', 'app in ()', '=x', 'a=b=c', 'tier in (frontend', ',', ' ', 'a b', 'app=' + 'x'.repeat(100), 'app>3', 'app < 3', 'app in (a b)', 'k8s.io/a=b', 'a/b/c=d', '-a=b', '__', 'app=web,', 'ünï=1'];
const FIELD_SELECTORS = ['metadata.name=web', 'metadata.namespace!=default', 'status.phase=Running', 'spec.nodeName=kctl-worker', 'metadata.name', 'nope=x', 'metadata.name==x', 'status.phase in (Running)', 'a=b=c', '', 'spec.unknownField=1'];
const JSONPATHS = ['{.items[*].metadata.name}', '{.metadata.name}', '{range .items[*]}{.metadata.name}{"\\n"}{end}', '{.items[0]}', '{.items[-1:]}', '{.items[?(@.metadata.name=="web")].kind}', '{.spec.containers[*].image}', '{', '}', '{.items[}', '{range .items[*]}', '{end}', '{.items[*].metadata.labels.app\\.kubernetes\\.io/name}', '{..name}', '{.items[a]}', '{$.kind}', '{.items[0:2:0]}', '{@}', '{.status.conditions[?(@.type=="Ready")].status}', '{.items[*]["metadata.name"]}', '{.a.b.c.d.e}', '{range .items[*]}{@.metadata.name}{"\\t"}{.kind}{"\\n"}{end}', '{.items.length}', '{"literal"}', "{.items[?(@.spec.replicas>1)].metadata.name}"];
const OUTPUTS = ['yaml', 'json', 'wide', 'name', 'jsonpath={.metadata.name}', 'jsonpath-as-json={.items[*].metadata.name}', 'custom-columns=NAME:.metadata.name,KIND:.kind', 'custom-columns=', 'custom-columns=NAME', 'custom-columns=A:{.metadata.name}', 'custom-columns=NAME:.metadata.name:extra', 'go-template={{.metadata.name}}', 'go-template={{range .items}}{{.metadata.name}} {{end}}', 'go-template={{.nope', 'template={{ .kind }}', 'jsonpath', 'jsonpath=', 'jsonpath-file=/nonexistent', 'custom-columns-file=/nonexistent', 'yml', 'JSON', 'table', '', 'wide,yaml', 'name=', 'go-template-file=/nonexistent'];
const SORT_BY = ['.metadata.name', '{.metadata.creationTimestamp}', '.spec.replicas', '.status.phase', '.nope', '{.items[*]}', '{', '.metadata.labels', 'metadata.name', '.spec.containers[0].image', '.spec.containers[*].image', '[', '.metadata.name[0]'];
const DURATIONS = ['0', '0s', '1s', '100ms', '1.5s', '1h2m3s', '-1s', '5', 'abc', '1d', '3S', '', ' 1s', '1s ', '9999999999999h', '1e3s', '.5s', '+1s', '-0', '1µs', '1us', '1ns', '2m', 'µ', '1.s', '.s'];
const QUANTITIES = ['100m', '1', '0.5', '1Gi', '512Mi', '1e3', '1E', '-1', 'abc', '1.5.5', '100MB', '', '0x10', '1Ki', '99999999999999999999Pi', '.5', '1m1', 'Infinity', 'NaN'];
const INTS = ['0', '1', '3', '-1', '2147483648', '99999999999999999999', 'abc', '', '1.5', '0x10', '+2', ' 1', '1e2'];
const PATCHES = ['{"metadata":{"labels":{"a":"b"}}}', '{"spec":{"replicas":3}}', '{"spec":{"replicas":"three"}}', '[{"op":"add","path":"/metadata/labels/a","value":"b"}]', '[{"op":"replace","path":"/spec/replicas","value":-1}]', '[{"op":"remove","path":"/nope"}]', '[{"op":"move","from":"/a","path":"/b"}]', '[{"op":"test","path":"/kind","value":"Pod"}]', '[{"op":"bogus"}]', '{', '}', '[]', '{}', 'null', '"str"', '42', 'metadata:\n  labels:\n    a: b', '{"metadata":{"name":"renamed"}}', '{"apiVersion":"v2"}', '{"spec":{"containers":[{"name":"x","image":"y"}]}}', '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}]}}}}', '{"$patch":"delete"}', '{"metadata":{"$patch":"replace"}}', '{"kind":null}', 'x'.repeat(5000), '{"a":' + '['.repeat(600) + ']'.repeat(600) + '}'];
const CONDITIONS = ['condition=Ready', 'condition=Available', 'condition=Ready=false', 'delete', 'create', 'jsonpath={.status.phase}=Running', 'jsonpath={.spec.replicas}=2', "jsonpath='{.status.phase}'", 'jsonpath=', 'jsonpath={', 'condition=', 'bogus', 'condition=Ready=', 'jsonpath={.items[*]}=x', ''];
const IMAGES = ['nginx', 'nginx:1.27', 'busybox', 'registry.k8s.io/pause:3.10', 'NGINX', 'nginx:', ':tag', 'a/b/c/d:e@sha256:abc', '', 'nope/nope:404', 'x'.repeat(300)];
const JUNK = ['', ' ', '-', '--', '---', '=', '==', '\u0000', '\t', '\n', 'ü', '😀', '$(id)', '`id`', '../../etc/passwd', '%s%n', '\\', '"', "'", '{}', '[]', 'null', 'true', '-1', '9'.repeat(40), 'a'.repeat(5000), 'x=y', '--x', '-x', '--=', '-=', '--output', '-o'];
const FILES = ['fixtures/apply/simple-pod.yaml', 'fixtures/seeds/nginx-deployment.yaml', 'fixtures/crd/my-crontab.yaml', 'fixtures/expose/objects.yaml', 'fixtures', 'fixtures/seeds/', '/nonexistent.yaml', '-', 'fixtures/README.md', '/dev/null', 'https://example.com/x.yaml', ''];

/** Values for a flag, by its name. */
function valueFor(R, long, verbPath) {
  const f = long.replace(/^--/, '');
  const pools = {
    output: OUTPUTS, selector: SELECTORS, 'field-selector': FIELD_SELECTORS, 'sort-by': SORT_BY, template: JSONPATHS,
    timeout: DURATIONS, 'pod-running-timeout': DURATIONS, 'grace-period': INTS, replicas: INTS, 'current-replicas': INTS,
    'resource-version': INTS, port: ['80', '8080', '0', '65536', '-1', 'http', '80:8080', 'abc', ''], 'target-port': ['80', 'http', '0', '70000', 'x y'],
    image: IMAGES, patch: PATCHES, type: ['json', 'merge', 'strategic', 'apply', 'bogus', '', 'JSON', 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    for: CONDITIONS, filename: FILES, kustomize: ['fixtures', '/nonexistent', 'test/golden/kustomize/cases', ''],
    'dry-run': ['client', 'server', 'none', 'true', 'false', 'bogus', ''], cascade: ['background', 'foreground', 'orphan', 'true', 'false', 'bogus'],
    'from-literal': ['a=1', 'a', '=1', 'a==b', 'a=' + 'x'.repeat(2000), 'ü=1', '.a=b', '-a=b', 'a b=c'],
    'from-file': ['fixtures/apply/simple-pod.yaml', '/nonexistent', 'key=fixtures/README.md', 'fixtures', '=x'],
    'from-env-file': ['/nonexistent', 'fixtures/README.md'], limits: QUANTITIES.map(q => `cpu=${q}`), requests: QUANTITIES.map(q => `memory=${q}`),
    max: INTS, min: INTS, 'cpu-percent': INTS, revision: INTS, 'to-revision': INTS, 'chunk-size': INTS, tail: INTS, since: DURATIONS,
    'label-columns': ['app', 'a,b', '', ',', 'app=x'], labels: ['app=x', 'a=b,c=d', 'bad label', '=x', ''], env: ['A=1', 'A', '=1', 'A-'],
    'field-manager': ['kubectl', '', 'x'.repeat(200), 'ü'], 'as': ['system:admin', 'nobody', ''], 'as-group': ['system:masters', ''],
    namespace: ['default', 'dev', 'nope', '', 'UPPER', 'kube-system'], context: ['kctl-kctl', 'nope', ''], cluster: ['kctl-kctl', 'nope'], user: ['kctl-kctl', 'nope'],
    'request-timeout': ['1s', '0', '5', 'abc', '-1', '1.5', '200ms', ''], overrides: PATCHES, schedule: ['*/1 * * * *', '@hourly', 'bogus', '61 * * * *', ''],
    'restart': ['Always', 'Never', 'OnFailure', 'bogus'], protocol: ['TCP', 'UDP', 'SCTP', 'tcp', 'bogus'], 'session-affinity': ['None', 'ClientIP', 'bogus'],
    'external-ip': ['1.2.3.4', 'bogus', '::1'], 'cluster-ip': ['None', '10.96.0.50', 'bogus', ''], 'load-balancer-ip': ['1.2.3.4', 'x'],
    'show-managed-fields': ['true', 'false'], 'allow-missing-template-keys': ['true', 'false', 'maybe'], verb: ['get', 'list', '*', 'bogus', ''],
    resource: ['pods', 'deployments.apps', '*', 'bogus', 'pods/log', ''], 'resource-name': ['web', ''], rule: ['foo.com/bar=svc:8080', 'bad', '/x=y:80'],
    class: ['nginx', ''], 'default-backend': ['svc:80', 'bad'], 'service-account': ['default', 'nope'], serviceaccount: ['default:default', 'bad'],
    role: ['reader', 'nope'], clusterrole: ['view', 'nope'], group: ['g', ''], 'duration': DURATIONS, subresource: ['status', 'scale', 'bogus', ''],
    'raw': ['/api', '/api/v1/pods', '/nope', 'api', '/healthz', '/apis/apps/v1/namespaces/default/deployments/web'],
    name: NAMES, config: ['fixtures/seeds/first-kind-config.yaml', '/nonexistent', 'fixtures/README.md'],
  };
  const pool = pools[f];
  if (pool && R.chance(0.85)) return R.pick(pool);
  return R.pick([...JUNK, ...NAMES.slice(0, 6), R.pick(DURATIONS), R.pick(INTS), R.pick(SELECTORS)]);
}

/** Global flags kctl (like kubectl) accepts anywhere. */
const GLOBALS = [['-n', 'namespace'], ['--namespace', 'namespace'], ['--context', 'context'], ['--request-timeout', 'request-timeout'], ['--as', 'as'], ['--as-group', 'as-group'], ['--cluster', 'cluster'], ['--user', 'user'], ['-v', null], ['--kubeconfig', null]];

/** Every input is bounded, so it ends within its time limit whatever it asks for: --request-timeout (global:
 *  ends a watch, bounds every lock wait) and the command's own --timeout flags, appended last so they win. */
function bounded(argv, verbPath, node) {
  const has = f => node.options.some(o => o.long === f);
  const extra = ['--request-timeout=300ms'];
  if (has('--timeout')) extra.push('--timeout=300ms');
  if (has('--pod-running-timeout')) extra.push('--pod-running-timeout=300ms');
  // the simulated clock moves only as far as an input could follow in its time limit
  if (verbPath.join(' ') === 'sim advance') argv = argv.map((a, i) => (i === 2 && !/^(\d{1,2}(\.\d+)?(ms|s|m)|[a-z]*)$/.test(a) ? '5m' : a));
  // right after the verb (so a flag left without its value at the end cannot swallow them) and last (so they
  // win over the input's own values)
  const head = [...argv.slice(0, verbPath.length), ...extra, ...argv.slice(verbPath.length)];
  const dash = head.indexOf('--', verbPath.length + extra.length);
  return dash >= 0 ? [...head.slice(0, dash), ...extra, ...head.slice(dash)] : [...head, ...extra];
}

/** An argument list for a verb (a subcommand picked at random), mutated. */
export function genArgv(R, tree) {
  const verbs = Object.keys(tree);
  const verb = R.pick(verbs);
  let node = tree[verb];
  const verbPath = [verb];
  while (Object.keys(node.subcommands).length && R.chance(0.85)) {
    const sub = R.pick(Object.keys(node.subcommands));
    verbPath.push(sub);
    node = node.subcommands[sub];
  }
  const argv = [...verbPath];
  // positionals: resource types, names, TYPE/NAME, junk
  const npos = R.pick([0, 1, 1, 2, 2, 2, 3, 4]);
  for (let i = 0; i < npos; i++) {
    const k = R.int(10);
    if (k < 4) argv.push(R.pick(TYPES));
    else if (k < 8) argv.push(R.pick(NAMES));
    else if (k < 9) argv.push(`${R.pick(NAMES)}=${R.pick(NAMES)}`);
    else argv.push(R.pick(JUNK));
  }
  // options from the command's own definitions
  const opts = node.options.filter(o => o.long && o.long !== '--help');
  const nopt = R.pick([0, 1, 1, 2, 2, 3, 4, 6]);
  for (let i = 0; i < nopt && opts.length; i++) {
    const o = R.pick(opts);
    const name = o.short && R.chance(0.3) ? o.short : o.long;
    if (o.takesValue) {
      const v = valueFor(R, o.long, verbPath);
      const form = R.int(10);
      if (form < 5) argv.push(`${name}=${v}`);
      else if (form < 9) argv.push(name, v);
      else argv.push(name); // value missing (or taken from what follows)
    } else {
      const form = R.int(10);
      if (form < 7) argv.push(name);
      else argv.push(`${name}=${R.pick(['true', 'false', 'TRUE', 'yes', '1', '0', '', 'bogus'])}`);
    }
  }
  // global flags
  if (R.chance(0.25)) {
    const [g, key] = R.pick(GLOBALS);
    if (g === '-v') argv.push(R.pick(['-v=6', '-v', '--v=9', '-v9']));
    else if (g === '--kubeconfig') argv.push(`--kubeconfig=${R.pick(['/nonexistent', 'fixtures/README.md', '/dev/null', ''])}`);
    else argv.push(`${g}=${valueFor(R, `--${key}`, verbPath)}`);
  }
  // mutations: unknown flags, missing values, shuffling, junk, `--`
  const m = R.int(12);
  if (m === 0) argv.push(R.pick(['--bogus', '--bogus=1', '-Z', '-Zx', '--output-bogus', '---triple', '--no-headers=maybe', '-', '--']));
  else if (m === 1 && argv.length > 2) argv.splice(R.range(1, argv.length - 1), 1);
  else if (m === 2) argv.splice(R.range(1, argv.length), 0, R.pick(JUNK));
  else if (m === 3 && argv.length > 2) { const tail = R.shuffle(argv.slice(1)); argv.length = 1; argv.push(...tail); }
  else if (m === 4) argv.push('--', R.pick(['sh', '-c', 'echo hi', 'ls']), R.pick(JUNK));
  else if (m === 5 && opts.length) { const o = R.pick(opts); argv.push(o.long); } // trailing flag, maybe without its value
  return { argv: bounded(argv, verbPath, node), verbPath };
}

// ---------- manifests ----------
/** Every kind kctl serves, as a minimal object (from schemas/resources.json), plus the fixtures' real ones. */
export function manifestCorpus(root) {
  const resources = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'resources.json'), 'utf8'));
  const corpus = [];
  for (const r of resources) {
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    const o = { apiVersion, kind: r.kind, metadata: { name: `fz-${r.kind.toLowerCase()}`, labels: { fuzz: 'yes' } } };
    if (r.namespaced) o.metadata.namespace = 'default';
    corpus.push({ obj: o, source: `stub:${r.kind}` });
  }
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name) && !/kind-config|first-kind/.test(e.name)) {
        try { for (const doc of YAML.parseAllDocuments(fs.readFileSync(p, 'utf8'))) { const o = doc.toJS(); if (o && typeof o === 'object' && o.kind) corpus.push({ obj: o, source: path.relative(root, p) }); } } catch { /* skip */ }
      }
    }
  };
  walk(path.join(root, 'fixtures'));
  return corpus;
}

const clone = o => JSON.parse(JSON.stringify(o));
/** Paths to every value of an object. */
function paths(o, pre = [], out = []) {
  if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) { out.push([...pre, Array.isArray(o) ? Number(k) : k]); paths(v, [...pre, Array.isArray(o) ? Number(k) : k], out); }
  return out;
}
function setAt(o, p, v) { let cur = o; for (const k of p.slice(0, -1)) cur = cur[k]; cur[p[p.length - 1]] = v; }
function getAt(o, p) { let cur = o; for (const k of p) cur = cur?.[k]; return cur; }

const WRONG = [0, -1, 1.5, 1e308, 2 ** 53 + 1, true, false, null, '', 'x', '0644', 'yes', '1e3', [], [1, 'a'], {}, { a: { b: 1 } }, '\u0000', 'ü'.repeat(10), -0];
/** Mutations of the object, before it is written out. */
function mutateObject(R, obj) {
  const o = clone(obj);
  const ps = paths(o);
  const n = R.range(1, 3);
  for (let i = 0; i < n; i++) {
    const k = R.int(12);
    const p = ps.length ? R.pick(ps) : null;
    try { mutateOnce(R, o, obj, k, p); } catch { /* an earlier mutation changed the shape: skip this one */ }
  }
  return o;
}
function mutateOnce(R, o, obj, k, p) {
  {
    if (k < 4 && p) setAt(o, p, clone(R.pick(WRONG))); // wrong types
    else if (k === 4 && p) setAt(o, p, `__DEEP_${R.pick([10, 100, 499, 501, 800, 2000, 12000])}_${R.pick(['[', '{'])}__`); // deep nesting (written out below)
    else if (k === 5 && p) setAt(o, p, 'x'.repeat(R.pick([300, 70000, 300000, 1100000, 3200000]))); // huge scalars
    else if (k === 6) o.metadata = { ...(typeof o.metadata === 'object' && o.metadata ? o.metadata : {}), name: R.pick(NAMES) };
    else if (k === 7) o.kind = R.pick(['Pod', 'Deployment', 'Nope', '', 'pod', 'List', 'ConfigMapList', 'Status', 'CronTab', 42]);
    else if (k === 8) o.apiVersion = R.pick(['v1', 'apps/v1', 'v2', 'apps/v1beta1', '', 'stable.example.com/v1', '/', 'a/b/c', null]);
    else if (k === 9 && p) { const parent = getAt(o, p.slice(0, -1)); if (parent && typeof parent === 'object' && !Array.isArray(parent)) delete parent[p[p.length - 1]]; }
    else if (k === 10) { if (typeof o.metadata !== 'object' || !o.metadata) o.metadata = {}; o.metadata.namespace = R.pick(['default', 'dev', 'nope', '', 'UPPER', 'kube-system']); }
    else if (k === 11) { o.items = [clone(obj), clone(R.pick(WRONG))]; o.kind = 'List'; o.apiVersion = 'v1'; }
  }
}

/** Text mutations (after serializing). */
function mutateText(R, text, isJSON) {
  const k = R.int(16);
  const lines = text.split('\n');
  switch (k) {
    case 0: return text.slice(0, R.int(text.length + 1)); // truncation
    case 1: { const at = R.int(text.length + 1); return text.slice(0, at) + String.fromCharCode(...Array.from({ length: R.range(1, 8) }, () => R.int(256))) + text.slice(at); } // junk bytes
    case 2: return '\uFEFF' + text; // BOM
    case 3: return lines.map(l => (R.chance(0.3) ? l.replace(/^( +)/, m => '\t'.repeat(Math.max(1, m.length / 2))) : l)).join('\n'); // tabs
    case 4: { const i = R.int(lines.length); lines.splice(i, 0, lines[i] ?? ''); return lines.join('\n'); } // duplicate a line (duplicate keys)
    case 5: return text.replace(/\n/g, '\r\n'); // CRLF
    case 6: { const depth = R.pick([600, 9999, 10001, 20000]); return isJSON ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : 'a: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n'; }
    case 7: { // billion laughs
      const levels = R.range(3, 10); let s = 'a0: &a0 [x,x,x,x,x,x,x,x,x]\n';
      for (let l = 1; l < levels; l++) s += `a${l}: &a${l} [${Array(9).fill(`*a${l - 1}`).join(',')}]\n`;
      return s + text;
    }
    case 8: return text + '\n---\n' + text; // two documents
    case 9: return text + '\n--- ' + R.pick(['foo', '# c', '{a: 1}', '!tag', '']) + '\n' + text;
    case 10: { const i = R.int(lines.length); lines.splice(i, 1); return lines.join('\n'); } // line deleted
    case 11: return '- ' + lines.join('\n  '); // a list at the top
    case 12: return isJSON ? text.replace(/"([a-z]+)":/, '"$1":1,"$1":') : `anchor: &x {a: 1}\nother: *x\n${text}\nmerged:\n  <<: *x\n`; // duplicate JSON key / anchors
    case 13: return text.replace(/: /g, R.pick([':  ', ':', ': !!str ', ': !!binary '])) ;
    case 14: return Buffer.from(text).toString('latin1'); // re-encoded
    default: return text;
  }
}

/** A manifest input: the file text and how it is written. */
export function genManifest(R, corpus) {
  const base = R.pick(corpus).obj;
  const obj = R.chance(0.8) ? mutateObject(R, base) : clone(base);
  const isJSON = R.chance(0.35);
  let text = isJSON ? JSON.stringify(obj, null, R.pick([0, 2])) : YAML.stringify(obj, { aliasDuplicateObjects: false, lineWidth: 0 });
  // deep nesting, written as flow collections (valid JSON and YAML) where the placeholder stands
  text = text.replace(/["']?__DEEP_(\d+)_([[{])__["']?/g, (_, n, b) => (b === '[' ? '['.repeat(+n) + '1' + ']'.repeat(+n) : '{"a":'.repeat(+n) + '1' + '}'.repeat(+n)));
  if (R.chance(0.6)) text = mutateText(R, text, isJSON);
  return { text, ext: isJSON ? 'json' : R.pick(['yaml', 'yml']) };
}

/** The verbs that read manifests, and how. */
export const MANIFEST_VERBS = [
  f => ['apply', '-f', f], f => ['create', '-f', f], f => ['replace', '-f', f], f => ['delete', '-f', f, '--wait=false'],
  f => ['diff', '-f', f], f => ['get', '-f', f], f => ['annotate', '--local', '-f', f, 'none-', '-o', 'name'],
  f => ['apply', '--dry-run=server', '-f', f], f => ['apply', '--server-side', '-f', f], f => ['create', '--dry-run=client', '-o', 'yaml', '-f', f],
  f => ['label', '-f', f, 'fuzz=again', '--overwrite'], f => ['apply', '-f', f, '-o', 'name'], f => ['describe', '-f', f],
  f => ['wait', '--for=condition=Ready', '-f', f], f => ['set', 'image', '-f', f, '*=busybox', '--local', '-o', 'name'],
];

// ---------- kubeconfigs ----------
export function genKubeconfig(R, good) {
  const obj = JSON.parse(good);
  const k = R.int(10);
  if (k < 3) return mutateText(R, R.chance(0.5) ? good : YAML.stringify(obj), R.chance(0.5));
  if (k < 7) return (R.chance(0.5) ? JSON.stringify : YAML.stringify)(mutateObject(R, obj));
  if (k === 7) return '';
  if (k === 8) return String.fromCharCode(...Array.from({ length: R.range(1, 300) }, () => R.int(256)));
  return good.slice(0, R.int(good.length));
}
export const KUBECONFIG_VERBS = [['get', 'pods'], ['config', 'view'], ['config', 'get-contexts'], ['config', 'use-context', 'kctl-kctl'], ['config', 'current-context'], ['get', 'ns', '--context=kctl-kctl'], ['cluster-info'], ['config', 'set-context', '--current', '--namespace=dev']];

// ---------- database pages ----------
export function genDbCorruption(R) {
  const pages = [];
  const n = R.range(1, 6);
  for (let i = 0; i < n; i++) {
    const page = R.chance(0.15) ? 0 : R.int(400);
    const off = R.chance(0.3) ? 0 : R.int(4096);
    const len = R.pick([1, 4, 16, 100, 4096]);
    const bytes = Buffer.from(Array.from({ length: len }, () => (R.chance(0.3) ? 0 : R.int(256))));
    pages.push([page, off, bytes.toString('base64')]);
  }
  return { pages, truncateTo: R.chance(0.1) ? R.next() : undefined };
}
export const DB_VERBS = [['get', 'pods'], ['get', 'all', '-A'], ['describe', 'node', 'kctl-worker'], ['create', 'configmap', 'fz', '--from-literal=a=b'], ['delete', 'pod', 'nginx', '--wait=false'], ['get', 'events', '-A'], ['label', 'deploy', 'web', 'x=y'], ['get', 'crontabs']];
