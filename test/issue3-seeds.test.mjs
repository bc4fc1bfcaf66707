// Issue 3 acceptance: the kubectl sessions of seed 000 §6.3–6.4 and seed 004 (ReplicaSet, Deployment), replayed
// as written, with the output the notes show compared in shape and values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const SEEDS = path.join(FIXTURES, 'seeds');
const ok = (home, args, opts) => {
  const r = kctl(home, args, opts);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args}\n${r.stderr}`);
  return r;
};
const lines = s => s.replace(/\n$/, '').split('\n');
const getJSON = (home, ...what) => JSON.parse(ok(home, ['get', ...what, '-o', 'json']).stdout);
const podNames = home => getJSON(home, 'pods').items.map(p => p.metadata.name).sort();
/** The table's rows as arrays of cells (columns split on 2+ spaces). */
const rows = out => lines(out).slice(1).map(l => l.trim().split(/ {2,}/));

test('seed 000 §6.3.2–6.3.3: a pod first, then replicaset-nginx adopts it and creates only the difference', () => {
  const home = freshHome();
  assert.equal(ok(home, ['apply', '-f', path.join(SEEDS, 'nginx-pod-without-rs.yml')]).stdout, 'pod/my-nginx-pod created\n');
  // 조회 1–3
  let r = ok(home, 'get po --show-labels');
  assert.deepEqual(lines(r.stdout)[0].split(/ {2,}/), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS']);
  assert.match(lines(r.stdout)[1], /^my-nginx-pod {3}1\/1 {5}Running {3}0 {10}\d+s {4}app=my-nginx-pods-label$/);
  for (const sel of ['app', 'app=my-nginx-pods-label']) {
    r = ok(home, ['get', 'po', '-l', sel]);
    assert.equal(lines(r.stdout).length, 2);
    assert.match(lines(r.stdout)[1], /^my-nginx-pod /);
  }
  assert.equal(ok(home, ['apply', '-f', path.join(SEEDS, 'replicaset-nginx.yml')]).stdout, 'replicaset.apps/replicaset-nginx created\n');
  let names = podNames(home);
  assert.equal(names.length, 4, 'the existing pod counts: only 3 are created');
  assert.ok(names.includes('my-nginx-pod'));
  assert.ok(names.filter(n => n !== 'my-nginx-pod').every(n => /^replicaset-nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n)));
  const adopted = getJSON(home, 'pod', 'my-nginx-pod');
  const rsObj = getJSON(home, 'rs', 'replicaset-nginx');
  assert.deepEqual(adopted.metadata.ownerReferences, [{
    apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'replicaset-nginx', uid: rsObj.metadata.uid, controller: true, blockOwnerDeletion: true,
  }]);
  r = ok(home, 'get rs');
  assert.equal(lines(r.stdout)[0], 'NAME               DESIRED   CURRENT   READY   AGE');
  assert.deepEqual(rows(r.stdout)[0].slice(0, 4), ['replicaset-nginx', '4', '4', '4']);
  // only three SuccessfulCreate events: the adopted pod was not created by the ReplicaSet
  const ev = getJSON(home, 'events').items.filter(e => e.involvedObject.name === 'replicaset-nginx' && e.reason === 'SuccessfulCreate');
  assert.equal(ev.length, 3);

  // case 1: delete the adopted pod: a replacement is created
  assert.equal(ok(home, 'delete pods my-nginx-pod').stdout, 'pod "my-nginx-pod" deleted\n');
  names = podNames(home);
  assert.equal(names.length, 4);
  assert.ok(names.every(n => n.startsWith('replicaset-nginx-')));

  // case 2: `kubectl edit [POD_NAME]` as written (no type) is an error; then edit the pod's labels away
  const victim = names[0];
  r = kctl(home, ['edit', victim]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: the server doesn't have a resource type "${victim}"\n`);
  const editor = tmpFile('ed.sh', "#!/bin/sh\nsed -i '/^  labels:/,/^    app:/d' \"$1\"\n");
  fs.chmodSync(editor, 0o755);
  assert.equal(ok(home, ['edit', 'pod', victim], { env: { EDITOR: editor, KUBE_EDITOR: editor } }).stdout, `pod/${victim} edited\n`);
  const released = getJSON(home, 'pod', victim);
  assert.equal(released.metadata.labels, undefined);
  assert.equal(released.metadata.ownerReferences, undefined, 'released: ownerReference removed');
  r = ok(home, 'get po --show-labels');
  assert.equal(rows(r.stdout).length, 5, 'a replacement was created');
  assert.deepEqual(rows(r.stdout).find(c => c[0] === victim).slice(-1), ['<none>']);
  assert.equal(rows(r.stdout).filter(c => c[5] === 'app=my-nginx-pods-label').length, 4);

  // case 3: deleting the ReplicaSet deletes its pods but not the released one
  assert.equal(ok(home, 'delete rs replicaset-nginx').stdout, 'replicaset.apps "replicaset-nginx" deleted\n');
  assert.deepEqual(podNames(home), [victim]);
  r = kctl(home, 'get rs');
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'No resources found in default namespace.\n');
});

test('seed 000 §6.3.2: apply with more replicas says configured; delete -f removes the ReplicaSet and its pods', () => {
  const home = freshHome();
  const file = path.join(SEEDS, 'replicaset-nginx.yml');
  assert.equal(ok(home, ['apply', '-f', file]).stdout, 'replicaset.apps/replicaset-nginx created\n');
  assert.equal(podNames(home).length, 4);
  const more = tmpFile('replicaset-nginx.yml', fs.readFileSync(file, 'utf8').replace('replicas: 4', 'replicas: 6'));
  assert.equal(ok(home, ['apply', '-f', more]).stdout, 'replicaset.apps/replicaset-nginx configured\n');
  assert.equal(ok(home, ['apply', '-f', more]).stdout, 'replicaset.apps/replicaset-nginx unchanged\n');
  assert.deepEqual(rows(ok(home, 'get rs').stdout)[0].slice(0, 4), ['replicaset-nginx', '6', '6', '6']);
  assert.equal(podNames(home).length, 6);
  assert.equal(ok(home, ['delete', '-f', more]).stdout, 'replicaset.apps "replicaset-nginx" deleted\n');
  assert.equal(podNames(home).length, 0);
});

test('seed 000 §6.3.4: matchExpressions In selects pods with either value', () => {
  const home = freshHome();
  const pod = (name, app) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx:latest' }] } });
  ok(home, ['apply', '-f', tmpFile('p.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod('mine', 'my-nginx-pods-label'), pod('yours', 'your-nginx-pods-label'), pod('other', 'other')] }))]);
  ok(home, ['apply', '-f', path.join(SEEDS, 'replicaset-nginx-expressions.yml')]);
  const rsObj = getJSON(home, 'rs').items[0];
  const owned = getJSON(home, 'pods').items.filter(p => p.metadata.ownerReferences?.[0]?.uid === rsObj.metadata.uid).map(p => p.metadata.name);
  assert.ok(owned.includes('mine') && owned.includes('yours') && !owned.includes('other'));
  assert.equal(owned.length, rsObj.spec.replicas);
  const r = ok(home, 'get rs -o wide');
  assert.match(r.stdout, /SELECTOR\n/);
  assert.match(rows(r.stdout)[0].at(-1), /^app in \(my-nginx-pods-label,your-nginx-pods-label\)$/);
});

test('seed 000 §6.4: deployment-nginx, apply --record, set image --record, history, undo --to-revision=1, describe, cleanup', () => {
  const home = freshHome();
  const file = path.join(SEEDS, 'deployment-nginx.yml');
  let r = ok(home, ['apply', '-f', file, '--record']);
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment created\n');
  assert.equal(r.stderr, 'Flag --record has been deprecated, --record will be removed in the future\n');
  r = ok(home, 'set image deployment my-nginx-deployment nginx=nginx:1.11 --record');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment image updated\n');
  // two ReplicaSets: the new one with 3 pods, the old one kept at 0
  r = ok(home, 'get rs');
  assert.equal(lines(r.stdout)[0], 'NAME                             DESIRED   CURRENT   READY   AGE');
  const sets = rows(r.stdout);
  assert.equal(sets.length, 2);
  assert.ok(sets.every(c => /^my-nginx-deployment-[a-z0-9]{8,10}$/.test(c[0])));
  assert.deepEqual(sets.map(c => c.slice(1, 4).join(' ')).sort(), ['0 0 0', '3 3 3']);
  const rev1 = getJSON(home, 'rs').items.find(x => x.spec.template.spec.containers[0].image === 'nginx:1.10');
  const hash1 = rev1.metadata.labels['pod-template-hash'];
  assert.equal(rev1.metadata.name, `my-nginx-deployment-${hash1}`);
  assert.equal(rev1.spec.selector.matchLabels['pod-template-hash'], hash1);

  r = ok(home, 'rollout history deployment my-nginx-deployment');
  assert.equal(r.stdout, [
    'deployment.apps/my-nginx-deployment ',
    'REVISION  CHANGE-CAUSE',
    `1         kctl apply --filename=${file} --record=true`,
    '2         kctl set image deployment my-nginx-deployment nginx=nginx:1.11 --record=true',
    '', ''].join('\n'));

  r = ok(home, 'rollout undo deployment my-nginx-deployment --to-revision=1');
  assert.equal(r.stdout, 'deployment.apps/my-nginx-deployment rolled back\n');
  // revision 1 disappears and reappears as 3, on the same ReplicaSet
  r = ok(home, 'rollout history deployment my-nginx-deployment');
  assert.deepEqual(lines(r.stdout).slice(2, 4).map(l => l.split(/ +/)[0]), ['2', '3']);
  assert.match(lines(r.stdout)[3], /^3 {9}kctl apply --filename=/);
  const back = getJSON(home, 'rs', rev1.metadata.name);
  assert.equal(back.metadata.uid, rev1.metadata.uid);
  assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision'], '3');
  assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(back.status.readyReplicas, 3);

  r = ok(home, 'describe deploy my-nginx-deployment');
  const d = lines(r.stdout);
  const at = label => d.find(l => l.startsWith(label));
  assert.equal(d[0], 'Name:                   my-nginx-deployment');
  assert.equal(at('Annotations:'), 'Annotations:            deployment.kubernetes.io/revision: 3');
  assert.equal(at('Selector:'), 'Selector:               app=my-nginx');
  assert.equal(at('Replicas:'), 'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable');
  assert.equal(at('StrategyType:'), 'StrategyType:           RollingUpdate');
  assert.equal(at('RollingUpdateStrategy:'), 'RollingUpdateStrategy:  25% max unavailable, 25% max surge');
  assert.equal(at('    Image:'), '    Image:         nginx:1.10');
  // (kubectl 1.33 lists every old ReplicaSet, those scaled to 0 too, oldest first)
  assert.equal(at('OldReplicaSets:'), `OldReplicaSets:  ${oldRSs(home, 'my-nginx-deployment', rev1.metadata.name)}`);
  assert.equal(at('NewReplicaSet:'), `NewReplicaSet:   ${rev1.metadata.name} (3/3 replicas created)`);
  const conds = d.slice(d.indexOf('Conditions:') + 1, d.indexOf('Conditions:') + 5);
  assert.deepEqual(conds, [
    '  Type           Status  Reason',
    '  ----           ------  ------',
    '  Available      True    MinimumReplicasAvailable',
    '  Progressing    True    NewReplicaSetAvailable',
  ]);
  const events = d.slice(d.indexOf('Events:') + 3).map(l => l.trim().split(/ {2,}/));
  assert.ok(events.every(e => e[0] === 'Normal' && e[1] === 'ScalingReplicaSet' && e[3] === 'deployment-controller'));
  assert.equal(events[0][4], `Scaled up replica set ${rev1.metadata.name} from 0 to 3`);
  // one up and six rolling steps each way are 13 messages of one reason within ten minutes: client-go's aggregator
  // (in the deployment controller's recorder) writes nine, and combines the tenth to the thirteenth in one event
  assert.equal(events.length, 10, 'nine events, then one combined');
  assert.match(events.at(-1)[2], /\(x4 over /);
  assert.equal(events.at(-1)[4].replace(/my-nginx-deployment-\w+/, 'RS'), '(combined from similar events): Scaled down replica set RS from 1 to 0');

  // 리소스 정리, as written (`deploy, po, rs` with spaces): kubectl reads `deploy, po, rs` as the types deploy and
  // "" with the names "po," and "rs" (deploy/po, deploy/rs, /po, /rs), and refuses the nameless type
  r = kctl(home, 'delete deploy, po, rs --all');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: arguments in resource/name form must have a single resource and name\n');
  assert.equal(getJSON(home, 'deploy').items.length, 1);
  // and the intended form
  r = ok(home, 'delete deploy,po,rs --all');
  assert.match(r.stdout, /^deployment\.apps "my-nginx-deployment" deleted\n/);
  assert.equal(getJSON(home, 'deploy').items.length + getJSON(home, 'rs').items.length + getJSON(home, 'pods').items.length, 0);
});

test('seed 004 ReplicaSet: frontend, get rs, describe rs/frontend, get pods, pod -o yaml ownerReferences', () => {
  const home = freshHome();
  ok(home, ['apply', '-f', path.join(SEEDS, 'frontend-replicaset.yaml')]);
  let r = ok(home, 'get rs');
  assert.equal(lines(r.stdout)[0], 'NAME       DESIRED   CURRENT   READY   AGE');
  assert.match(lines(r.stdout)[1], /^frontend {3}3 {9}3 {9}3 {7}\d+s$/);

  r = ok(home, 'describe rs/frontend');
  const d = lines(r.stdout);
  assert.deepEqual(d.slice(0, 15), [
    'Name:         frontend',
    'Namespace:    default',
    'Selector:     tier=frontend',
    'Labels:       app=guestbook',
    '              tier=frontend',
    'Annotations:  <none>',
    'Replicas:     3 current / 3 desired',
    'Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed',
    'Pod Template:',
    '  Labels:  tier=frontend',
    '  Containers:',
    '   php-redis:',
    '    Image:         gcr.io/google_samples/gb-frontend:v3',
    '    Port:          <none>',
    '    Host Port:     <none>',
  ]);
  const ev = d.slice(d.indexOf('Events:') + 1);
  assert.match(ev[0], /^ {2}Type {4}Reason {12}Age {3}From {19}Message$/);
  assert.equal(ev.length, 5);
  const podsCreated = ev.slice(2).map(l => l.trim().split(/ {2,}/)).map(c => {
    assert.deepEqual([c[0], c[1], c[3]], ['Normal', 'SuccessfulCreate', 'replicaset-controller']);
    return c[4].replace('Created pod: ', '');
  });

  r = ok(home, 'get pods');
  assert.equal(lines(r.stdout)[0], 'NAME             READY   STATUS    RESTARTS   AGE');
  const pr = rows(r.stdout);
  assert.deepEqual(pr.map(c => c[0]), [...podsCreated].sort());
  assert.ok(pr.every(c => c[1] === '1/1' && c[2] === 'Running' && c[3] === '0'));

  r = ok(home, ['get', 'pods', pr[0][0], '-o', 'yaml']);
  const uid = getJSON(home, 'rs', 'frontend').metadata.uid;
  assert.match(r.stdout, /\n {2}generateName: frontend-\n(?: {2}generation: 1\n)? {2}labels:\n {4}tier: frontend\n {2}name: frontend-\w{5}\n/);
  assert.ok(r.stdout.includes([
    '  ownerReferences:', '  - apiVersion: apps/v1', '    blockOwnerDeletion: true', '    controller: true',
    '    kind: ReplicaSet', '    name: frontend', `    uid: ${uid}`].join('\n')));
});

test('seed 004 ReplicaSet: bare pods created after the ReplicaSet are adopted and deleted; created before, they are kept', () => {
  const podsFile = tmpFile('pod-rs.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ['pod1', 'pod2'].map(name => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { tier: 'frontend' } },
    spec: { containers: [{ name: 'hello', image: 'gcr.io/google-samples/hello-app:2.0' }] },
  })) }));
  let home = freshHome();
  ok(home, ['apply', '-f', path.join(SEEDS, 'frontend-replicaset.yaml')]);
  ok(home, ['apply', '-f', podsFile]);
  let names = podNames(home);
  assert.equal(names.length, 3);
  assert.ok(names.every(n => n.startsWith('frontend-')), 'the extra pods were acquired and removed');
  const del = getJSON(home, 'events').items.filter(e => e.reason === 'SuccessfulDelete').map(e => e.message).sort();
  assert.deepEqual(del, ['Deleted pod: pod1', 'Deleted pod: pod2']);

  home = freshHome();
  ok(home, ['apply', '-f', podsFile]);
  ok(home, ['apply', '-f', path.join(SEEDS, 'frontend-replicaset.yaml')]);
  names = podNames(home);
  assert.equal(names.length, 3);
  assert.ok(names.includes('pod1') && names.includes('pod2'));
  assert.equal(names.filter(n => n.startsWith('frontend-')).length, 1);
});

test('seed 004 Deployment: nginx-deployment, get deployments/rs, set image, rollout status/history/undo, describe', () => {
  const home = freshHome();
  ok(home, ['apply', '-f', path.join(SEEDS, 'nginx-deployment.yaml')]);
  let r = ok(home, 'get deployments');
  assert.equal(lines(r.stdout)[0], 'NAME               READY   UP-TO-DATE   AVAILABLE   AGE');
  assert.match(lines(r.stdout)[1], /^nginx-deployment {3}3\/3 {5}3 {12}3 {11}\d+s$/);
  r = ok(home, 'get rs');
  assert.equal(lines(r.stdout)[0], 'NAME                          DESIRED   CURRENT   READY   AGE');
  const rs1 = rows(r.stdout)[0][0];
  assert.match(rs1, /^nginx-deployment-[a-z0-9]{9,10}$/);

  ok(home, 'set image deployment/nginx-deployment nginx=nginx:1.16.1 --record');
  r = ok(home, 'rollout status deployment/nginx-deployment');
  assert.equal(r.stdout, 'deployment "nginx-deployment" successfully rolled out\n');
  ok(home, 'set image deployment/nginx-deployment nginx=nginx:1.161 --record');
  // the bad tag stalls: the new pod cannot pull, the old pods keep serving
  r = kctl(home, 'rollout status deployment/nginx-deployment --timeout=1s');
  assert.equal(r.code, 1);
  assert.equal(r.stdout.split('\n')[0], 'Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...');
  assert.equal(r.stderr, 'error: timed out waiting for the condition\n');
  const pods = getJSON(home, 'pods').items;
  assert.equal(pods.filter(p => p.status.phase === 'Running' && p.status.containerStatuses[0].ready).length, 3);
  assert.ok(pods.some(p => ['ErrImagePull', 'ImagePullBackOff'].includes(p.status.containerStatuses[0].state.waiting?.reason)));

  r = ok(home, 'rollout history deployment/nginx-deployment');
  assert.equal(r.stdout, [
    'deployment.apps/nginx-deployment ',
    'REVISION  CHANGE-CAUSE',
    '1         <none>',
    '2         kctl set image deployment/nginx-deployment nginx=nginx:1.16.1 --record=true',
    '3         kctl set image deployment/nginx-deployment nginx=nginx:1.161 --record=true',
    '', ''].join('\n'));
  r = ok(home, 'rollout undo deployment/nginx-deployment');
  assert.equal(r.stdout, 'deployment.apps/nginx-deployment rolled back\n');
  assert.equal(ok(home, 'rollout status deployment/nginx-deployment').stdout.split('\n').at(-2),
    'deployment "nginx-deployment" successfully rolled out');

  r = ok(home, 'describe deployment nginx-deployment');
  const d = lines(r.stdout);
  const at = label => d.find(l => l.startsWith(label));
  assert.equal(at('Labels:'), 'Labels:                 app=nginx');
  assert.deepEqual(d.slice(d.indexOf(at('Annotations:')), d.indexOf(at('Annotations:')) + 2), [
    'Annotations:            deployment.kubernetes.io/revision: 4',
    '                        kubernetes.io/change-cause: kctl set image deployment/nginx-deployment nginx=nginx:1.16.1 --record=true',
  ]);
  assert.equal(at('    Image:'), '    Image:         nginx:1.16.1');
  assert.match(at('NewReplicaSet:'), /^NewReplicaSet: {3}nginx-deployment-\w+ \(3\/3 replicas created\)$/);
  assert.equal(at('OldReplicaSets:'), `OldReplicaSets:  ${oldRSs(home, 'nginx-deployment', at('NewReplicaSet:').split(/\s+/)[1])}`);
  const msgs = d.slice(d.indexOf('Events:') + 3).map(l => l.trim().split(/ {2,}/)[4].replace(/nginx-deployment-\w+/, 'RS'));
  assert.deepEqual(msgs, [
    'Scaled up replica set RS from 0 to 3',
    'Scaled up replica set RS from 0 to 1', 'Scaled down replica set RS from 3 to 2',
    'Scaled up replica set RS from 1 to 2', 'Scaled down replica set RS from 2 to 1',
    'Scaled up replica set RS from 2 to 3', 'Scaled down replica set RS from 1 to 0',
    'Scaled up replica set RS from 0 to 1',
    'Scaled down replica set RS from 1 to 0',
  ]);
  r = ok(home, 'rollout history deployment/nginx-deployment');
  assert.deepEqual(lines(r.stdout).slice(2, 5).map(l => l.split(/ +/)[0]), ['1', '3', '4']);
});

/** describe's OldReplicaSets value: the deployment's other ReplicaSets, oldest first, each scaled to 0. */
function oldRSs(home, deploy, newName) {
  const rs = JSON.parse(ok(home, 'get rs -o json').stdout).items
    .filter(r => r.metadata.ownerReferences?.some(o => o.name === deploy) && r.metadata.name !== newName)
    .sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : a.metadata.creationTimestamp > b.metadata.creationTimestamp ? 1 : a.metadata.name < b.metadata.name ? -1 : 1));
  assert.ok(rs.length > 0);
  return rs.map(r => `${r.metadata.name} (${r.status.replicas ?? 0}/${r.spec.replicas} replicas created)`).join(', ');
}
