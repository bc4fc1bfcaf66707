// kctl kustomize and -k: every case under test/golden/kustomize/cases built by kctl must print, byte for
// byte, what the real kubectl 1.33 (kustomize v5.6.0) printed (recorded by test/golden/kustomize/record.mjs:
// stdout, stderr, exit code); then -k on apply, create, get, delete and diff against a cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { kctl, freshHome, ROOT, KCTL } from './helpers.mjs';
import { normalize } from './golden/kustomize/normalize.mjs';

const GOLDEN = path.join(ROOT, 'test/golden/kustomize');
const cases = fs.readdirSync(path.join(GOLDEN, 'cases')).sort();
const home = freshHome();

/** kctl without blocking, so a few cases run side by side. */
let running = 0;
const queue = [];
async function kctlAsync(argv, cwd) {
  if (running >= 3) await new Promise(r => queue.push(r));
  running++;
  try { return await kctlRun(argv, cwd); } finally { running--; queue.shift()?.(); }
}
function kctlRun(argv, cwd) {
  return new Promise(resolve => {
    execFile(process.execPath, [KCTL, ...argv], { cwd, env: { ...process.env, KCTL_HOME: home }, encoding: 'utf8', maxBuffer: 1 << 26 },
      (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 }));
  });
}

test('there are many recorded kustomize cases', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  for (const c of cases) assert.ok(fs.existsSync(path.join(GOLDEN, 'expected', `${c}.json`)), `expected/${c}.json`);
});

test('kctl kustomize matches kubectl kustomize on every recorded case', { concurrency: 4 }, async t => {
  await Promise.all(cases.map(name =>
    t.test(name, async () => {
      const dir = fs.realpathSync(path.join(GOLDEN, 'cases', name));
      const exp = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'expected', `${name}.json`), 'utf8'));
      const target = fs.existsSync(path.join(dir, '_target')) ? fs.readFileSync(path.join(dir, '_target'), 'utf8').trim() : '.';
      const extra = fs.existsSync(path.join(dir, '_args')) ? fs.readFileSync(path.join(dir, '_args'), 'utf8').trim().split(/\s+/) : [];
      const r = await kctlAsync(['kustomize', target, ...extra], dir);
      const norm = s => s.split(dir).join('$ROOT');
      assert.equal(norm(r.stdout), exp.stdout);
      assert.equal(normalize(norm(r.stderr)), normalize(exp.stderr));
      assert.equal(r.code, exp.code);
    })));
});

test('kustomize -o writes the output to a file; flag errors', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-k-')), 'all.yaml');
  const dir = path.join(GOLDEN, 'cases/docs-compose');
  let r = kctl(home, ['kustomize', dir, '-o', out]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(fs.readFileSync(out, 'utf8'), JSON.parse(fs.readFileSync(path.join(GOLDEN, 'expected/docs-compose.json'), 'utf8')).stdout);
  r = kctl(home, ['kustomize', dir, '--load-restrictor', 'Nope']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: illegal flag value --load-restrictor Nope/);
});

test('-k on apply, get, create, diff and delete uses the built objects, named by the directory', () => {
  const dir = 'test/golden/kustomize/cases/docs-configmap-deployment';
  let r = kctl(home, ['apply', '-k', dir]);
  assert.equal(r.stdout, 'configmap/example-configmap-1-g4hk9g2ff8 created\ndeployment.apps/my-app created\n');
  assert.equal(r.code, 0);
  r = kctl(home, ['get', '-k', dir, '-o', 'name']);
  assert.equal(r.stdout, 'configmap/example-configmap-1-g4hk9g2ff8\ndeployment.apps/my-app\n');
  r = kctl(home, ['diff', '-k', dir]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  r = kctl(home, ['apply', '-k', dir]);
  assert.equal(r.stdout, 'configmap/example-configmap-1-g4hk9g2ff8 unchanged\ndeployment.apps/my-app unchanged\n');
  r = kctl(home, ['create', '-k', dir]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `Error from server (AlreadyExists): error when creating "${dir}": configmaps "example-configmap-1-g4hk9g2ff8" already exists\nError from server (AlreadyExists): error when creating "${dir}": deployments.apps "my-app" already exists\n`);
  r = kctl(home, ['delete', '-k', dir]);
  assert.equal(r.stdout, 'configmap "example-configmap-1-g4hk9g2ff8" deleted\ndeployment.apps "my-app" deleted\n');
  r = kctl(home, ['get', '-k', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /NotFound/);
});

test('-k prints kustomize warnings on stderr and its errors as kubectl does; -k with -f or -R is refused', () => {
  let r = kctl(home, ['apply', '-k', 'test/golden/kustomize/cases/docs-psm', '--dry-run=client']);
  assert.equal(r.stderr, "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n");
  assert.equal(r.stdout, 'deployment.apps/my-nginx created (dry run)\n');
  r = kctl(home, ['apply', '-k', 'nowhere']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: must build at directory: not a valid directory: evalsymlink failure on 'nowhere' : lstat ${ROOT}/nowhere: no such file or directory\n`);
  r = kctl(home, ['apply', '-k', 'test/golden/kustomize/cases/docs-psm', '-f', 'x.yaml']);
  assert.equal(r.stderr, 'error: only one of -f or -k can be specified\n');
  r = kctl(home, ['get', '-k', 'test/golden/kustomize/cases/docs-psm', '-R']);
  assert.equal(r.stderr, "error: the -k flag can't be used with -f or -R\n");
  r = kctl(home, ['kustomize', 'test/golden/kustomize/cases/err-duplicate']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: accumulating resources: accumulation err='merging resources from 'b.yaml': may not add resource with an already registered id: ConfigMap.v1.\[noGrp\]\/same.\[noNs\]'/);
});
