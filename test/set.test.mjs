// kubectl set image | env | resources | selector: --local outputs are kubectl 1.33's (test/golden/set, taken
// with the offline oracle on fixtures/set/multi.yaml); server-side runs change the live objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT, FIXTURES, VIA_KUBECTL } from './helpers.mjs';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'set');
const cases = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'cases.json'), 'utf8'));
// set env --from walks the ConfigMap's data as a Go map (pkg/cmd/set/set_env.go: `for key := range from.Data`),
// so real kubectl's warnings and the env entries it adds come in any order; kctl takes the keys sorted
const anyOrder = t => (VIA_KUBECTL ? `${t.split('\n').filter(Boolean).sort().join('\n')}\n` : t);
const kubectlToKctl = s => s.replaceAll('kubectl.1.33 ', 'kctl ').replaceAll("'kubectl set", "'kctl set");

test('--local outputs and errors match kubectl 1.33 (golden)', () => {
  const home = freshHome();
  for (const [name, args] of Object.entries(cases)) {
    const r = kctl(home, ['set', args[0], '--local', '-f', 'fixtures/set/multi.yaml', ...args.slice(1)]);
    const want = f => kubectlToKctl(fs.readFileSync(path.join(GOLDEN, `${name}.${f}`), 'utf8'));
    assert.equal(r.stdout, want('stdout'), `${name} stdout`);
    assert.equal(r.stderr, want('stderr'), `${name} stderr`);
    assert.equal(String(r.code), want('code').trim(), `${name} exit code`);
  }
});

const deploy = home => {
  const r = kctl(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'nginx-deployment.yaml')]);
  assert.equal(r.code, 0, r.stderr);
};
const get = (home, what, jp) => kctl(home, ['get', what, '-o', `jsonpath=${jp}`]).stdout;

test('set image on the server: message, new template, unchanged prints nothing, errors', () => {
  const home = freshHome();
  deploy(home);
  let r = kctl(home, 'set image deployment/nginx-deployment nginx=nginx:1.16.1');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment image updated\n');
  assert.equal(r.code, 0);
  assert.equal(get(home, 'deploy/nginx-deployment', '{.spec.template.spec.containers[0].image}'), 'nginx:1.16.1');
  r = kctl(home, 'set image deployment nginx-deployment nginx=nginx:1.16.1');
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', '', 0]);
  r = kctl(home, 'set image deployment/nginx-deployment nope=nginx:1.26');
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'error: unable to find container named "nope"\n', 1]);
  r = kctl(home, 'set image deployment/nginx-deployment');
  assert.deepEqual([r.stderr, r.code], ['error: at least one image update is required\n', 1]);
  r = kctl(home, 'set image deployment/nope nginx=x');
  assert.deepEqual([r.stderr, r.code], ['Error from server (NotFound): deployments.apps "nope" not found\n', 1]);
  r = kctl(home, 'set image deployment/nginx-deployment *=busybox --dry-run=client');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment image updated (dry run)\n');
  assert.equal(get(home, 'deploy/nginx-deployment', '{.spec.template.spec.containers[0].image}'), 'nginx:1.16.1');
  // pods too
  assert.equal(kctl(home, 'run p --image=nginx').code, 0);
  r = kctl(home, 'set image pod/p p=nginx:1.25');
  assert.equal(r.stdout, 'pod/p image updated\n');
  assert.equal(get(home, 'pod/p', '{.spec.containers[0].image}'), 'nginx:1.25');
});

test('set image --record writes the command line as change-cause, in kubectl\'s shape', () => {
  const home = freshHome();
  deploy(home);
  const r = kctl(home, ['set', 'image', 'deployment', 'nginx-deployment', 'nginx=nginx:1.16.1', '--record', '-n', 'default']);
  assert.equal(r.stderr, 'Flag --record has been deprecated, --record will be removed in the future\n');
  assert.equal(get(home, 'deploy/nginx-deployment', '{.metadata.annotations.kubernetes\\.io/change-cause}'),
    'kctl set image deployment nginx-deployment nginx=nginx:1.16.1 --record=true --namespace=default');
});

test('set env and set resources on the server; env --list; --from=configmap', () => {
  const home = freshHome();
  deploy(home);
  let r = kctl(home, 'set env deployment/nginx-deployment A=1 B=two');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment env updated\n');
  r = kctl(home, 'set env deployment/nginx-deployment --list');
  assert.equal(r.stdout, '# Deployment nginx-deployment, container nginx\nA=1\nB=two\n');
  r = kctl(home, 'set env deployment/nginx-deployment A-');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment env updated\n');
  assert.equal(kctl(home, 'create configmap cfg --from-literal=db.host=x --from-literal=port=1').code, 0);
  r = kctl(home, 'set env deployment/nginx-deployment --from=configmap/cfg --prefix=APP_');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment env updated\n', r.stderr);
  assert.equal(anyOrder(r.stderr), 'Warning: key db.host transferred to DB_HOST\nWarning: key port transferred to PORT\n');
  r = kctl(home, 'set env deployment/nginx-deployment --list');
  assert.equal(anyOrder(r.stdout), anyOrder('# Deployment nginx-deployment, container nginx\nB=two\n# APP_DB_HOST from configmap cfg, key db.host\n# APP_PORT from configmap cfg, key port\n'));
  r = kctl(home, 'set env deployment/nginx-deployment --from=configmap/nope');
  assert.deepEqual([r.stderr, r.code], ['Error from server (NotFound): configmaps "nope" not found\n', 1]);
  r = kctl(home, 'set resources deployment/nginx-deployment --limits=cpu=500m,memory=128Mi --requests=cpu=250m');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment resource requirements updated\n');
  assert.equal(get(home, 'deploy/nginx-deployment', '{.spec.template.spec.containers[0].resources}'),
    '{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}}');
});

test('set selector: services only', () => {
  const home = freshHome();
  deploy(home);
  assert.equal(kctl(home, 'create service clusterip web --tcp=80:80').code, 0);
  let r = kctl(home, 'set selector service/web app=nginx,tier=fe');
  assert.equal(r.stdout, 'service/web selector updated\n', r.stderr);
  assert.equal(get(home, 'svc/web', '{.spec.selector}'), '{"app":"nginx","tier":"fe"}');
  r = kctl(home, ['set', 'selector', 'service/web', 'app in (a)']);
  assert.deepEqual([r.stderr, r.code], ['error: match expression [{app In [a]}] not supported on this object\n', 1]);
  r = kctl(home, 'set image service/web a=b');
  assert.deepEqual([r.stderr, r.code], ['error: services/web the object is not a pod or does not have a pod template: *v1.Service\n', 1]);
  r = kctl(home, 'set selector deployment/nginx-deployment app=x');
  assert.deepEqual([r.stderr, r.code], ['error: setting a selector is only supported for Services\n', 1]);
  r = kctl(home, 'set selector');
  assert.deepEqual([r.stderr, r.code], ['error: one selector is required\n', 1]);
});

test('set with no subcommand: the help on stderr, exit 1 (golden)', () => {
  const r = kctl(freshHome(), 'set');
  assert.equal(r.stderr, fs.readFileSync(path.join(GOLDEN, 'help.stderr'), 'utf8').replaceAll('kubectl ', 'kctl '));
  assert.deepEqual([r.stdout, r.code], ['', 1]);
});
