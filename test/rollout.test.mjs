// kubectl rollout status | history | undo | restart | pause | resume on deployments, with the output kubectl
// 1.33 prints (history table with padding 2 and a trailing blank line, raw-tab --revision templates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, FIXTURES, ROOT, VIA_KUBECTL } from './helpers.mjs';

const get = (home, what, jp) => kctl(home, ['get', what, '-o', `jsonpath=${jp}`]).stdout;
const ok = (home, cmd) => { const r = kctl(home, cmd); assert.equal(r.code, 0, `${cmd}: ${r.stderr}`); return r; };

test('seed 000 §6.4: set image --record, rollout history, undo --to-revision=1', () => {
  const home = freshHome();
  ok(home, ['apply', '-f', path.join(FIXTURES, 'seeds', 'deployment-nginx.yml')]);
  let r = ok(home, 'set image deployment my-nginx-deployment nginx=nginx:1.11 --record');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment image updated\n');
  assert.equal(kctl(home, 'get rs -o name').stdout.trim().split('\n').length, 2);
  r = ok(home, 'rollout history deployment my-nginx-deployment');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n'
    + '2         kctl set image deployment my-nginx-deployment nginx=nginx:1.11 --record=true\n\n');
  r = ok(home, 'rollout history deployment my-nginx-deployment --revision=1');
  const hash1 = get(home, 'rs', '{.items[?(@.metadata.annotations.deployment\\.kubernetes\\.io/revision=="1")].metadata.labels.pod-template-hash}');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment with revision #1\nPod Template:\n'
    + `  Labels:\tapp=my-nginx\n\tpod-template-hash=${hash1}\n  Containers:\n   nginx:\n    Image:\tnginx:1.10\n    Port:\t80/TCP\n`
    + '    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n');
  r = kctl(home, 'rollout history deployment my-nginx-deployment --revision=7');
  assert.deepEqual([r.stderr, r.code], ['error: unable to find the specified revision\n', 1]);
  r = ok(home, 'rollout undo deployment my-nginx-deployment --to-revision=1');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment rolled back\n');
  assert.equal(get(home, 'deploy/my-nginx-deployment', '{.spec.template.spec.containers[0].image}'), 'nginx:1.10');
  // revision 1 reappears as 3, reusing its old ReplicaSet
  r = ok(home, 'rollout history deployment my-nginx-deployment');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment \nREVISION  CHANGE-CAUSE\n'
    + '2         kctl set image deployment my-nginx-deployment nginx=nginx:1.11 --record=true\n3         <none>\n\n');
  assert.equal(kctl(home, 'get rs -o name').stdout.trim().split('\n').length, 2);
  r = ok(home, 'rollout undo deployment my-nginx-deployment --to-revision=3');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment skipped rollback (current template already matches revision 3)\n');
  r = kctl(home, 'rollout undo deployment my-nginx-deployment --to-revision=9');
  assert.deepEqual([r.stderr, r.code], ['error: unable to find specified revision 9 in history\n', 1]);
  r = ok(home, 'rollout undo deployment my-nginx-deployment');
  assert.equal(get(home, 'deploy/my-nginx-deployment', '{.spec.template.spec.containers[0].image}'), 'nginx:1.11');
  r = ok(home, 'rollout status deployment/my-nginx-deployment');
  assert.equal(r.stdout.split('\n').filter(Boolean).pop(), 'deployment "my-nginx-deployment" successfully rolled out');
  r = ok(home, 'delete deploy,po,rs --all');
  assert.equal(kctl(home, 'get rs').stderr, 'No resources found in default namespace.\n');
});

test('undo: no history, dry run, paused', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx:1.24');
  let r = kctl(home, 'rollout undo deployment/web');
  assert.deepEqual([r.stderr, r.code], ['error: no rollout history found for deployment "web"\n', 1]);
  r = ok(home, 'rollout history deploy/web');
  assert.equal(r.stdout, 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n');
  ok(home, 'set image deploy/web nginx=nginx:1.25');
  r = ok(home, 'rollout undo deploy/web --dry-run=client');
  assert.match(r.stdout, /^deployment\.apps\/web Pod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=\w+\n {2}Containers:\n {3}nginx:\n {4}Image:\tnginx:1\.24\n[\s\S]* {2}Tolerations:\t<none>\n \(dry run\)\n$/);
  assert.equal(get(home, 'deploy/web', '{.spec.template.spec.containers[0].image}'), 'nginx:1.25');
  ok(home, 'rollout pause deploy/web');
  r = kctl(home, 'rollout undo deploy/web');
  assert.deepEqual([r.stderr, r.code], ["error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n", 1]);
});

test('pause, resume, restart: messages and errors', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx');
  const cases = [
    ['rollout pause deployment/web', 'deployment.apps/web paused\n', '', 0],
    ['rollout pause deployment/web', '', 'error: deployments.apps "web" is already paused\n', 1],
    ['rollout restart deployment/web', '', 'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n', 1],
    ['rollout resume deployment/web', 'deployment.apps/web resumed\n', '', 0],
    ['rollout resume deployment/web', '', 'error: deployments.apps "web" is not paused\n', 1],
    ['rollout restart deployment/web', 'deployment.apps/web restarted\n', '', 0],
    ['rollout status deployment/nope', '', 'Error from server (NotFound): deployments.apps "nope" not found\n', 1],
    ['rollout history', '', 'error: required resource not specified\n', 1],
  ];
  for (const [cmd, out, err, code] of cases) {
    const r = kctl(home, cmd);
    assert.deepEqual([r.stdout, r.stderr, r.code], [out, err, code], cmd);
  }
  assert.equal(get(home, 'deploy/web', '{.spec.paused}'), '');
  assert.match(get(home, 'deploy/web', '{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  // a frozen clock: a second restart falls in the same second (kctl stamps restartedAt with the cluster's
  // clock; kubectl with its host's, which no test can hold still)
  if (!VIA_KUBECTL) {
    ok(home, 'sim freeze');
    ok(home, 'sim advance 2s');
    ok(home, 'rollout restart deployment/web');
    const r = kctl(home, 'rollout restart deployment/web');
    assert.deepEqual([r.stderr, r.code], ['error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n', 1]);
  }
  ok(home, 'run p --image=nginx');
  const p = kctl(home, 'rollout status pod/p');
  assert.deepEqual([p.stderr, p.code], ['error: no status viewer has been implemented for Pod\n', 1]);
});

test('rollout status: --watch=false, --revision, a finished rollout', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx --replicas=3');
  let r = ok(home, 'rollout status deployment/web --watch=false');
  assert.equal(r.stdout, 'deployment "web" successfully rolled out\n');
  r = kctl(home, 'rollout status deployment/web --revision=2');
  assert.deepEqual([r.stderr, r.code], ['error: desired revision (2) is different from the running revision (1)\n', 1]);
  r = ok(home, 'rollout status deploy web --revision=1 --timeout=10s');
  assert.equal(r.stdout, 'deployment "web" successfully rolled out\n');
});

test('rollout with no subcommand: the help on stdout, exit 1 (golden); unknown subcommand', () => {
  const home = freshHome();
  let r = kctl(home, 'rollout');
  const want = fs.readFileSync(path.join(ROOT, 'test', 'golden', 'rollout', 'help.stdout'), 'utf8').replaceAll('kubectl ', 'kctl ');
  assert.deepEqual([r.stdout, r.stderr, r.code], [want, '', 1]);
  r = kctl(home, 'rollout foo');
  assert.deepEqual([r.stderr, r.code], ['error: unknown command "foo"\nSee \'kctl rollout -h\' for help and examples\n', 1]);
});

test('a stalled rollout: status times out, then exceeds its progress deadline; undo recovers', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx --replicas=3');
  ok(home, 'set image deploy/web nginx=nginx:no-such-tag-404');
  let r = kctl(home, 'rollout status deploy/web --timeout=1s');
  assert.equal(r.stdout, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
  assert.deepEqual([r.stderr, r.code], ['error: timed out waiting for the condition\n', 1]);
  r = ok(home, 'rollout status deploy/web --watch=false');
  assert.equal(r.stdout, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
  ok(home, 'sim advance 11m');
  r = kctl(home, 'rollout status deploy/web');
  assert.deepEqual([r.stderr, r.code], ['error: deployment "web" exceeded its progress deadline\n', 1]);
  assert.equal(ok(home, 'rollout undo deploy/web').stdout, 'deployment.apps/web rolled back\n');
  r = ok(home, 'rollout status deploy/web');
  assert.equal(r.stdout.split('\n').filter(Boolean).pop(), 'deployment "web" successfully rolled out');
});

test('rollout status follows a rolling update line by line until it is done', () => {
  const home = freshHome();
  ok(home, 'create deployment web --image=nginx --replicas=2');
  ok(home, ['patch', 'deploy', 'web', '-p', '{"spec":{"minReadySeconds":1}}']);
  ok(home, 'sim advance 2s');
  ok(home, 'set image deploy/web nginx=nginx:1.25');
  const r = ok(home, 'rollout status deploy/web');
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length >= 2, r.stdout);
  assert.match(lines[0], /^Waiting for deployment "web" rollout to finish: /);
  for (const l of lines.slice(0, -1)) assert.match(l, /^Waiting for deployment "web" rollout to finish: (\d out of 2 new replicas have been updated|\d old replicas are pending termination|\d of 2 updated replicas are available)\.\.\.$/);
  assert.equal(lines.at(-1), 'deployment "web" successfully rolled out');
});
