// The study notes' kubectl sessions (seed 000 §6.2, seed 002, seed 003), replayed with kctl as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const seed = f => path.join(FIXTURES, 'seeds', f);

test('seed 000 §6.2: a pod from nginx-pod.yaml', () => {
  const home = freshHome();
  let r = kctl(home, ['apply', '-f', seed('nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod created\n');
  r = kctl(home, 'get pods');
  assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nmy-nginx-pod +1\/1 +Running +0 +\d+s\n$/);
  r = kctl(home, 'describe pods my-nginx-pod');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name: +my-nginx-pod\nNamespace: +default\n/);
  assert.match(r.stdout, /\nStatus: +Running\n/);
  assert.match(r.stdout, /Normal +Scheduled .*default-scheduler +Successfully assigned default\/my-nginx-pod to kctl-worker2?\n/);
  r = kctl(home, ['apply', '-f', seed('nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod unchanged\n');
  r = kctl(home, ['delete', '-f', seed('nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod "my-nginx-pod" deleted\n');
  // the two-container pod with the sidecar
  r = kctl(home, ['apply', '-f', seed('nginx-pod-with-ubuntu.yml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod created\n');
  assert.match(kctl(home, 'get pods').stdout, /\nmy-nginx-pod +2\/2 +Running +0 +/);
  // two pods in one file
  r = kctl(home, ['apply', '-f', seed('nginx-pods-a-b.yml')]);
  assert.equal(r.stdout, 'pod/my-nginx-pod-a created\npod/my-nginx-pod-b created\n');
});

test('seed 002: labels, selectors, annotations and namespaces', () => {
  const home = freshHome();
  let r = kctl(home, ['create', '-f', seed('001-nginx-pod.yaml')]);
  assert.equal(r.stdout, 'pod/nginx created\n');
  r = kctl(home, 'get pods nginx -o yaml');
  assert.match(r.stdout, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
  assert.match(r.stdout, /\n  - image: nginx:1\.7\.9\n/);
  assert.match(r.stdout, /\nstatus:\n/);
  assert.equal(kctl(home, 'label pods nginx app=ui').stdout, 'pod/nginx labeled\n');
  r = kctl(home, 'label pods nginx app=as');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: 'app' already has a value (ui), and --overwrite is false\n");
  assert.equal(kctl(home, 'label pods nginx app=as --overwrite').stdout, 'pod/nginx labeled\n');
  assert.equal(kctl(home, 'label pods nginx rel=stable').stdout, 'pod/nginx labeled\n');
  assert.equal(kctl(home, 'get po -l app=as -o name').stdout, 'pod/nginx\n');
  assert.equal(kctl(home, 'get po -l app -o name').stdout, 'pod/nginx\n');
  r = kctl(home, ['get', 'po', '-l', '!env']);
  assert.match(r.stdout, /^NAME +READY/);
  assert.equal(kctl(home, ['get', 'po', '-l', 'app in (as,pc)', '-o', 'name']).stdout, 'pod/nginx\n');
  r = kctl(home, ['get', 'po', '-l', 'app in (ui,pc)']);
  assert.equal(r.stderr, 'No resources found in default namespace.\n');
  assert.equal(kctl(home, 'label node kctl-worker gpu=true').stdout, 'node/kctl-worker labeled\n');
  assert.equal(kctl(home, 'get nodes -l gpu=true -o name').stdout, 'node/kctl-worker\n');
  assert.equal(kctl(home, 'annotate pod nginx mycompany.com/someannotation=foo').stdout, 'pod/nginx annotated\n');
  assert.equal(JSON.parse(kctl(home, 'get pod nginx -o json').stdout).metadata.annotations['mycompany.com/someannotation'], 'foo');
  assert.match(kctl(home, 'get ns').stdout, /^NAME +STATUS +AGE\ndefault +Active +/);
  assert.equal(kctl(home, 'create namespace custom-namespace').stdout, 'namespace/custom-namespace created\n');
  assert.equal(kctl(home, ['create', '-f', seed('001-nginx-pod.yaml'), '-n', 'custom-namespace']).stdout, 'pod/nginx created\n');
  assert.match(kctl(home, 'get pod -n custom-namespace').stdout, /\nnginx +1\/1 +Running/);
  assert.equal(kctl(home, 'delete pod nginx').stdout, 'pod "nginx" deleted\n');
  assert.equal(kctl(home, 'delete po -l rel=stable').stdout, 'No resources found\n');
  assert.equal(kctl(home, 'delete ns custom-namespace').stdout, 'namespace "custom-namespace" deleted\n');
  assert.equal(kctl(home, 'get pod -n custom-namespace').stderr, 'No resources found in custom-namespace namespace.\n');
});

test("seed 003: the cluster file, run, and get pods -o wide", () => {
  const home = freshHome();
  let r = kctl(home, 'cluster-info');
  assert.match(r.stdout, /^Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+\n/);
  r = kctl(home, ['cluster', 'create', 'first-kind-multi-node-cluster', '--config', seed('first-kind-config.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  r = kctl(home, 'get nodes');
  assert.match(r.stdout, /^NAME +STATUS +ROLES +AGE +VERSION\nfirst-kind-multi-node-cluster-control-plane +Ready +control-plane +\d+s +v1\.33\.1\nfirst-kind-multi-node-cluster-worker +Ready +<none> .*\nfirst-kind-multi-node-cluster-worker2 +Ready +<none> .*\n$/);
  r = kctl(home, 'describe node first-kind-multi-node-cluster-control-plane');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name: +first-kind-multi-node-cluster-control-plane\nRoles: +control-plane\n/);
  r = kctl(home, 'run kubia --image=museopkim/kubia --port=8080');
  assert.equal(r.stdout, 'pod/kubia created\n');
  assert.match(kctl(home, 'get pods').stdout, /^NAME +READY +STATUS +RESTARTS +AGE\nkubia +1\/1 +Running +0 +\d+s\n$/);
  r = kctl(home, 'get pods -o wide');
  assert.match(r.stdout, /^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES\nkubia +1\/1 +Running +0 +\d+s +10\.244\.\d+\.\d+ +first-kind-multi-node-cluster-worker2? +<none> +<none>\n$/);
  // 서비스 오브젝트 생성 / 서비스 조회: kind has no load balancer, so EXTERNAL-IP stays <pending> (as the notes' picture)
  r = kctl(home, 'expose pod kubia --type=LoadBalancer --name kubia-http');
  assert.equal(r.stdout, 'service/kubia-http exposed\n');
  r = kctl(home, 'get services');
  assert.match(r.stdout, /^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nkubernetes +ClusterIP +10\.96\.0\.1 +<none> +443\/TCP +\d+s\nkubia-http +LoadBalancer +10\.(?:9[6-9]|10\d|11[01])\.\d+\.\d+ +<pending> +8080:3\d{4}\/TCP +\d+s\n$/);
  r = kctl(home, 'create deployment first-kind-multi-node --image=museopkim/kubia');
  assert.equal(r.stdout, 'deployment.apps/first-kind-multi-node created\n');
  assert.equal(kctl(home, 'scale deployment first-kind-multi-node --replicas=3').stdout, 'deployment.apps/first-kind-multi-node scaled\n');
  assert.match(kctl(home, 'get deployments').stdout, /^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nfirst-kind-multi-node +3\/3 +3 +3 +\d+s\n$/);
  const wide = kctl(home, 'get pods -o wide').stdout.split('\n').filter(l => l.startsWith('first-kind-multi-node-'));
  assert.equal(wide.length, 3);
  assert.ok(wide.every(l => /^first-kind-multi-node-[a-z0-9]{9,10}-[a-z0-9]{5} +1\/1 +Running +0 +\d+s +10\.244\.\d+\.\d+ +first-kind-multi-node-cluster-worker2? +<none> +<none>$/.test(l)), wide.join('\n'));
  // the kubia image (node:7, on buildpack-deps) has curl: a request through the service reaches one of the pods,
  // and the pod logs it (the book's own check)
  r = kctl(home, 'expose deployment first-kind-multi-node --port=80 --target-port=8080');
  assert.equal(r.stdout, 'service/first-kind-multi-node exposed\n');
  r = kctl(home, 'exec kubia -- curl -s first-kind-multi-node');
  assert.equal(r.code, 0, r.stderr);
  const hit = /^You've hit (first-kind-multi-node-\S+)\n$/.exec(r.stdout);
  assert.ok(hit, r.stdout);
  const ip = JSON.parse(kctl(home, 'get pod kubia -o json').stdout).status.podIP;
  assert.equal(kctl(home, ['logs', hit[1]]).stdout, `Kubia server starting...\nReceived request from ::ffff:${ip}\n`);
  assert.equal(kctl(home, 'exec kubia -- curl -s http://kubia-http:8080').stdout, "You've hit kubia\n");
});

test('seed 001 §3.1: the pod listing as written (three typos) and as meant: pods of every node, sorted by node', () => {
  const home = freshHome();
  const cols = '-o=custom-column=NODE:.spec.nodeName,NAME:.metadata.name,IMAGE:.spec.containers[0].image';
  // as written: kubectl 1.33 stops at the first typo it meets, each in turn (checked against the real binary)
  let r = kctl(home, ['get', 'pods', '-all-namespaces', '--sort-by=.sepc.nodeName', cols]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "error: unknown shorthand flag: 'a' in -all-namespaces\nSee 'kctl get --help' for usage.\n");
  r = kctl(home, ['get', 'pods', '--all-namespaces', '--sort-by=.sepc.nodeName', cols]);
  assert.equal(r.stderr, 'error: unable to match a printer suitable for the output format "custom-column=NODE:.spec.nodeName,NAME:.metadata.name,IMAGE:.spec.containers[0].image", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n');
  r = kctl(home, ['get', 'pods', '--all-namespaces', '--sort-by=.sepc.nodeName', cols.replace('column=', 'columns=')]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: couldn\'t find any field with path "{.sepc.nodeName}" in the list of objects\n');
  // as meant: the control plane's static pods, CoreDNS, kindnet and kube-proxy on every node
  r = kctl(home, ['get', 'pods', '--all-namespaces', '--sort-by=.spec.nodeName', cols.replace('column=', 'columns=')]);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trimEnd().split('\n').map(l => l.split(/ +/));
  assert.deepEqual(rows[0], ['NODE', 'NAME', 'IMAGE']);
  const nodes = rows.slice(1).map(c => c[0]);
  assert.deepEqual(nodes, [...nodes].sort());
  assert.ok(rows.some(c => c[0] === 'kctl-control-plane' && c[1] === 'etcd-kctl-control-plane' && c[2] === 'registry.k8s.io/etcd:3.5.21-0'));
  for (const n of ['kctl-control-plane', 'kctl-worker', 'kctl-worker2']) {
    assert.ok(rows.some(c => c[0] === n && /^kube-proxy-/.test(c[1]) && c[2] === 'registry.k8s.io/kube-proxy:v1.33.1'), n);
    assert.ok(rows.some(c => c[0] === n && /^kindnet-/.test(c[1])), n);
  }
});

test('seed 001 §3.6: delete pod: Terminating, the PreStop hook first, SIGTERM, SIGKILL after the grace period; --grace-period', () => {
  const home = freshHome();
  kctl(home, 'sim freeze');
  const pod = (name, grace, cmd, hook) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: grace, containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', cmd], lifecycle: { preStop: { exec: { command: ['sh', '-c', hook] } } } }] } });
  const list = tmpFile('pods.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
    // the hook writes to PID 1's standard output (the container's log), then SIGTERM is handled within the grace period
    pod('polite', 30, "trap 'echo got TERM; sleep 5; echo bye; exit 0' TERM; echo started; while true; do sleep 1; done", 'echo prestop > /proc/1/fd/1; sleep 3'),
    // a hook longer than the grace period: SIGTERM at the end of it, SIGKILL 2 s later
    pod('stubborn', 5, "trap 'echo got TERM' TERM; echo started; while true; do sleep 1; done", 'sleep 100'),
  ] }));
  assert.equal(kctl(home, ['apply', '-f', list]).code, 0);
  assert.equal(kctl(home, 'delete pod polite stubborn --wait=false').stdout, 'pod "polite" deleted\npod "stubborn" deleted\n');
  const status = () => kctl(home, 'get pods --no-headers').stdout.trimEnd().split('\n').map(l => l.split(/ +/).slice(0, 3).join(' '));
  const logs = name => kctl(home, ['logs', name]).stdout;
  assert.deepEqual(status(), ['polite 1/1 Terminating', 'stubborn 1/1 Terminating']);
  kctl(home, 'sim advance 1s');
  assert.equal(logs('polite'), 'started\nprestop\n');
  kctl(home, 'sim advance 3s');
  assert.equal(logs('polite'), 'started\nprestop\ngot TERM\n');
  assert.equal(logs('stubborn'), 'started\n');
  // (a trap runs once the foreground `sleep 1` has returned)
  kctl(home, 'sim advance 2s');
  assert.equal(logs('stubborn'), 'started\ngot TERM\n');
  kctl(home, 'sim advance 1s');
  assert.deepEqual(status(), ['polite 1/1 Terminating']);
  kctl(home, 'sim advance 3s');
  assert.equal(kctl(home, 'get pods').stderr, 'No resources found in default namespace.\n');
  // the grace period from the command line
  assert.equal(kctl(home, ['apply', '-f', list]).code, 0);
  assert.equal(kctl(home, 'delete pod polite --grace-period=1 --wait=false').stdout, 'pod "polite" deleted\n');
  // the hook is cut short at 1 s, SIGTERM has the 2 s the kubelet gives after it, then SIGKILL
  kctl(home, 'sim advance 2s');
  assert.deepEqual(status(), ['polite 1/1 Terminating', 'stubborn 1/1 Running']);
  kctl(home, 'sim advance 1s');
  assert.deepEqual(status(), ['stubborn 1/1 Running']);
  assert.match(kctl(home, 'get events --field-selector involvedObject.name=polite,reason=Killing').stdout, /Normal +Killing +pod\/polite +Stopping container app\n/);
});

test('seed 002: create -f, logs, logs -c; delete waits out the 30 s grace period of a PID 1 that ignores SIGTERM', () => {
  const home = freshHome();
  kctl(home, 'sim freeze');
  const file = tmpFile('kubia-manual.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kubia-manual\nspec:\n  containers:\n  - image: luksa/kubia\n    name: kubia\n    ports:\n    - containerPort: 8080\n      protocol: TCP\n');
  assert.equal(kctl(home, ['create', '-f', file]).stdout, 'pod/kubia-manual created\n');
  assert.equal(kctl(home, 'logs kubia-manual').stdout, 'Kubia server starting...\n');
  assert.equal(kctl(home, 'logs kubia-manual -c kubia').stdout, 'Kubia server starting...\n');
  assert.equal(kctl(home, 'delete pod kubia-manual --wait=false').stdout, 'pod "kubia-manual" deleted\n');
  kctl(home, 'sim advance 29s');
  assert.match(kctl(home, 'get pods').stdout, /\nkubia-manual +1\/1 +Terminating +0 +\d+s\n$/);
  kctl(home, 'sim advance 1s');
  assert.equal(kctl(home, 'get pods').stderr, 'No resources found in default namespace.\n');
  const killing = JSON.parse(kctl(home, 'get events -o json').stdout).items.find(e => e.reason === 'Killing');
  assert.equal(killing.message, 'Stopping container kubia');
});
