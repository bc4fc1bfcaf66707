// Records what kubectl 1.33 prints for hurtful YAML, broken kubeconfigs and bad durations (all client-side,
// offline): node test/golden/hardening/make-golden.mjs --write. The cases' inputs are built here; the
// expected outputs go to cases.json, which test/hardening.test.mjs replays against kctl.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const K = path.join(path.dirname(fs.realpathSync(spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim())), 'kubectl.1.33');

/** Hurtful manifests: given to `annotate --local -f FILE none- -o name` (kubectl reads them, no server). */
export function manifestCases() {
  let bomb = 'a: &a [x,x,x,x,x,x,x,x,x]\n', prev = 'a';
  for (const c of 'bcdefghij') { bomb += `${c}: &${c} [${Array(9).fill('*' + prev).join(',')}]\n`; prev = c; }
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';
  return {
    'alias-bomb.yaml': bomb,
    'deep-flow.yaml': '['.repeat(20000) + '\n',
    'deep-map.yaml': 'x: ' + '{'.repeat(20000) + '\n',
    'deep-block.yaml': '- '.repeat(20000) + '\n',
    'deep.json': '{"a":'.repeat(20000) + '\n',
    'deep-second-doc.yaml': cm + '---\nfoo:\n  bar: ' + '['.repeat(10001) + '\n',
    'syntax-second-doc.yaml': cm + '---\napiVersion: v1\nkind: [\n',
    'bad-separator.yaml': cm + '--- foo\n' + cm,
    'bom.yaml': '\uFEFF' + cm,
    'bom.json': '\uFEFF{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}',
    'kind-object.yaml': 'apiVersion: v1\nkind: {a: 1}\nmetadata: {name: a}\n',
    'kind-number.yaml': 'apiVersion: v1\nkind: 42\nmetadata: {name: a}\n',
  };
}

/** Broken kubeconfigs: `--kubeconfig FILE config view -o jsonpath={.current-context}`. */
export function kubeconfigCases() {
  return {
    'truncated.yaml': 'apiVersion: v1\nkind: Config\nclusters: [\n',
    'clusters-string.yaml': 'clusters: "x"\n',
    'truncated.json': '{"apiVersion": "v1", "clusters": [',
    'context-number.yaml': 'contexts:\n- name: a\n  context: 5\n',
    'current-context-list.yaml': 'current-context: [1]\n',
    'current-context-bool.yaml': 'current-context: true\n',
    'wrong-kind.yaml': 'apiVersion: v1\nkind: Pod\n',
    'wrong-version.yaml': 'apiVersion: x/v1\nkind: Config\n',
    'scalar.yaml': '5\n',
    'cluster-name-number.yaml': 'clusters:\n- name: 5\n',
    'server-number.yaml': 'clusters:\n- name: a\n  cluster:\n    server: 5\n',
    'ca-not-base64.yaml': 'clusters:\n- name: a\n  cluster:\n    certificate-authority-data: "!!"\n',
    'token-list.yaml': 'users:\n- name: a\n  user:\n    token: [1]\n',
    'preferences-number.yaml': 'preferences: 3\n',
    'namespace-object.yaml': 'contexts:\n- name: a\n  context:\n    namespace: {a: 1}\n',
    'skip-tls-string.yaml': 'clusters:\n- name: a\n  cluster:\n    insecure-skip-tls-verify: "yes"\n',
    'bom.yaml': '\uFEFFapiVersion: v1\nkind: Config\ncurrent-context: x\n',
    'empty.yaml': '',
  };
}

/** Bad durations and request timeouts: argv (no server is reached: the flags are refused first). */
export const FLAG_CASES = [
  ...['5', 'abc', '1d', '3S', '-5', '', '5 ', '1.5.5s', '.s', 'µs', '1e3s', '9999999999999999999h'].map(t => ['wait', '--for=delete', 'pod/x', `--timeout=${t}`]),
  ...['5', 'x'].map(t => ['delete', 'pod', 'x', `--timeout=${t}`]),
  ...['5', 'x'].map(t => ['rollout', 'status', 'deploy/x', `--timeout=${t}`]),
  ...['5', 'x'].map(t => ['scale', 'deploy/x', '--replicas=1', `--timeout=${t}`]),
  ...['abc', '-1', '1.5', '5d', ' 3', '3S', '1e3'].map(t => ['get', 'pods', `--request-timeout=${t}`]),
];

if (process.argv.includes('--write')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardening-golden-'));
  const out = { manifests: {}, kubeconfigs: {}, flags: [] };
  const run = (args, cwd) => {
    const r = spawnSync(K, args, { cwd, encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/nonexistent', HOME: dir } });
    return { stdout: r.stdout, stderr: r.stderr.split('\n').filter(l => !/memcache\.go|^E\d{4} /.test(l)).join('\n'), code: r.status };
  };
  for (const [name, text] of Object.entries(manifestCases())) {
    fs.writeFileSync(path.join(dir, name), text);
    out.manifests[name] = run(['annotate', '--local', '-f', name, 'none-', '-o', 'name'], dir);
  }
  for (const [name, text] of Object.entries(kubeconfigCases())) {
    fs.writeFileSync(path.join(dir, name), text);
    out.kubeconfigs[name] = run(['--kubeconfig', name, 'config', 'view', '-o', 'jsonpath={.current-context}'], dir);
  }
  // flag errors are refused before any server is reached; give a kubeconfig so nothing else complains first
  fs.writeFileSync(path.join(dir, 'kc'), 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:9"}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: t}\ncurrent-context: x\n');
  for (const args of FLAG_CASES) {
    const r = run(['--kubeconfig', 'kc', ...args], dir);
    out.flags.push({ args, stderr: r.stderr.split('\n')[0] + (r.stderr.includes('\nSee ') ? '\n' + r.stderr.split('\n')[1] : ''), refused: /^error: (invalid argument|Invalid timeout)/.test(r.stderr) });
  }
  fs.writeFileSync(path.join(HERE, 'cases.json'), JSON.stringify(out, null, 1) + '\n');
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('wrote', path.join(HERE, 'cases.json'));
}
