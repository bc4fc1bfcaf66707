// Regenerates get.json: the real `kubectl get` (1.33) against a tiny fake API server holding get-pods.json,
// for custom-columns, sort-by and list-level jsonpath/yaml/json.   node test/golden/printers/gen-get.mjs --write
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeServer } from './fake-apiserver.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// `node --test test/` runs every .mjs under test/: without --write this file does nothing (and passes).
if (!process.argv.includes('--write')) { console.log('usage: node test/golden/printers/gen-get.mjs --write'); process.exit(0); }
const k = spawnSync('sh', ['-c', 'readlink -f "$(command -v kubectl)"'], { encoding: 'utf8' }).stdout.trim();
const ORACLE = path.join(path.dirname(k), 'kubectl.1.33');
const pods = JSON.parse(fs.readFileSync(path.join(HERE, 'get-pods.json'), 'utf8'));
// namespace "many": enough pods (with ties and missing fields) to exercise Go's pdqsort beyond insertion sort
let seed = 7;
const rnd = n => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 2147483648 * n); };
const many = [];
for (let i = 0; i < 70; i++) {
  const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}-${rnd(1000)}`, namespace: 'many', labels: { tier: ['a', 'b', 'c'][rnd(3)] } }, spec: { priority: rnd(4), containers: [{ name: 'c', image: 'x' }] } };
  if (rnd(3)) p.status = { phase: ['Running', 'Pending', 'Failed'][rnd(3)] };
  if (rnd(4)) p.spec.weight = rnd(5) + 0.5;
  many.push(p);
}
fs.writeFileSync(path.join(HERE, 'get-pods-many.json'), JSON.stringify(many, null, 1) + '\n');
pods.push(...many);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-gen-'));
const s = await startFakeServer(pods);
const kc = path.join(TMP, 'kc');
fs.writeFileSync(kc, `apiVersion: v1\nkind: Config\nclusters:\n- name: f\n  cluster:\n    server: http://127.0.0.1:${s.port}\ncontexts:\n- name: f\n  context:\n    cluster: f\n    user: u\n    namespace: default\ncurrent-context: f\nusers:\n- name: u\n  user: {}\n`);
const CC = 'NAME:.metadata.name,PHASE:.status.phase,IMAGES:.spec.containers[*].image';
const CASES = [
  ['-o', `custom-columns=${CC}`],
  ['-o', `custom-columns=${CC}`, '--no-headers'],
  ['-o', 'custom-columns=name:metadata.name,cpu:{.spec.containers[*].resources.limits.cpu},labels:.metadata.labels,ip:{.status.podIP}'],
  ['-o', 'custom-columns=N:.metadata.name,W:.spec.weight,P:.spec.priority,C:.spec.containers[0]'],
  ['-o', 'custom-columns=N:.metadata.name,FIRST:.spec.containers[0,1].name'],
  ['-o', 'custom-columns=N:.metadata.name,X:.spec.containers[?(@.name=="nginx")].image'],
  ['-o', 'custom-columns=N:.metadata.name,,X:.a'],
  ['-o', 'custom-columns=N:'],
  ['-o', 'custom-columns=N:{.a}{.b}'],
  ['-o', 'custom-columns=N:.metadata.name['],
  ['-o', 'custom-columns=:.metadata.name'],
  ['web-9', '-o', `custom-columns=${CC}`],
  ['--sort-by=.metadata.name', '-o', 'name'],
  ['--sort-by={.metadata.name}', '-o', 'name'],
  ['--sort-by=metadata.name', '-o', 'name'],
  ['--sort-by=.spec.priority', '-o', 'name'],
  ['--sort-by=.spec.weight', '-o', 'name'],
  ['--sort-by=.status.phase', '-o', 'name'],
  ['--sort-by=.status.podIP', '-o', 'name'],
  ['--sort-by=.metadata.creationTimestamp', '-o', 'name'],
  ['--sort-by=.spec.containers[0].resources.limits.cpu', '-o', 'name'],
  ['--sort-by=.spec.containers[0].resources.limits.memory', '-o', 'name'],
  ['--sort-by=.metadata.labels.idx', '-o', 'name'],
  ['--sort-by=.spec.containers[*].name', '-o', 'name'],
  ['--sort-by=.foo', '-o', 'name'],
  ['--sort-by=.metadata.name[', '-o', 'name'],
  ['--sort-by=.spec.priority', '-o', `custom-columns=${CC}`],
  ['--sort-by=.spec.priority', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['-o', 'jsonpath={.items[*].metadata.name}'],
  ['-o', 'jsonpath={.kind} {.apiVersion} {.metadata}'],
  ['-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'],
  ['-o', 'jsonpath={.items[?(@.status.phase=="Running")].metadata.name}'],
  ['-o', 'jsonpath=.metadata.name'],
  ['-o', 'jsonpath={.items[0].kind}'],
  ['-o', 'jsonpath-as-json={.items[*].metadata.name}'],
  ['web-9', '-o', 'jsonpath={.metadata.name}'],
  ['-n', 'many', '--sort-by=.spec.priority', '-o', 'name'],
  ['-n', 'many', '--sort-by=.status.phase', '-o', 'name'],
  ['-n', 'many', '--sort-by=.spec.weight', '-o', 'name'],
  ['-n', 'many', '--sort-by=.metadata.labels.tier', '-o', 'name'],
  ['-n', 'many', '--sort-by=.metadata.name', '-o', 'name'],
  ['-n', 'many', '--sort-by=.spec.containers[0].name', '-o', 'name'],
  ['-o', 'yaml'],
  ['-o', 'json'],
  ['web-9', 'a', '-o', 'json'],
];
const out = [];
for (const args of CASES) {
  // not spawnSync: the fake server lives in this process and must keep answering
  const r = await new Promise(resolve => {
    const p = spawn(ORACLE, ['--kubeconfig', kc, '--cache-dir', path.join(TMP, 'cache'), 'get', 'pods', ...args]);
    let stdout = '', stderr = '';
    p.stdout.on('data', d => { stdout += d; });
    p.stderr.on('data', d => { stderr += d; });
    p.on('close', code => resolve({ stdout, stderr, code }));
  });
  out.push({ args, ...r });
}
s.close();
fs.writeFileSync(path.join(HERE, 'get.json'), JSON.stringify(out, null, 1) + '\n');
fs.rmSync(TMP, { recursive: true, force: true });
console.log('get cases:', out.length);
