// Seed 004's StatefulSet and DaemonSet sections, and seed 001 §3.9's controller kinds, replayed as written:
// the notes' manifest (fixtures/seeds/statefulset-web-seed004.yaml) applied unchanged on a kind-like cluster,
// then each claim the notes make (ordinals, headless service names, storage per pod that outlives the pods,
// ordered creation and reverse-order termination, update strategies, the retention policy) checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const SEED = path.join(FIXTURES, 'seeds', 'statefulset-web-seed004.yaml');
const ok = (h, args) => { const r = kctl(h, args); assert.equal(r.code, 0, `${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const json = (h, args) => JSON.parse(ok(h, [...(Array.isArray(args) ? args : args.split(' ')), '-o', 'json']));
const names = (h, what) => json(h, `get ${what}`).items.filter(o => !o.metadata.deletionTimestamp).map(o => o.metadata.name).sort();

test('seed 004 StatefulSet: the manifest as written on kind: no my-storage-class, so web-0 waits for its claim', () => {
  const h = freshHome();
  ok(h, 'sim freeze');
  assert.equal(ok(h, ['apply', '-f', SEED]), 'service/nginx created\nstatefulset.apps/web created\n');
  // OrderedReady: only web-0 exists, and it cannot be scheduled
  assert.deepEqual(names(h, 'pods'), ['web-0']);
  assert.match(ok(h, 'get sts'), /^NAME\s+READY\s+AGE\nweb\s+0\/3\s+\d+s\n$/);
  assert.match(ok(h, 'get pvc'), /\nwww-web-0\s+Pending\s+my-storage-class\s+<unset>\s+\d+s\n$/);
  assert.match(ok(h, 'get pods'), /\nweb-0\s+0\/1\s+Pending\s+0\s+\d+s\n$/);
  assert.match(ok(h, 'describe pod web-0'), /Warning\s+FailedScheduling\s+.+\s+default-scheduler\s+0\/3 nodes are available: pod has unbound immediate PersistentVolumeClaims\. preemption: 0\/3 nodes are available: 3 Preemption is not helpful for scheduling\.\n/);
  assert.match(ok(h, 'describe pvc www-web-0'), /Warning\s+ProvisioningFailed\s+.+\s+persistentvolume-controller\s+storageclass\.storage\.k8s\.io "my-storage-class" not found\n/);
  assert.match(ok(h, 'describe sts web'), /\nVolume Claims:\n  Name:          www\n  StorageClass:  my-storage-class\n  Labels:        <none>\n  Annotations:   <none>\n  Capacity:      1Gi\n  Access Modes:  \[ReadWriteOnce\]\n/);

  // "provisioned by a StorageClass the administrator provides": once it exists the set comes up, in order,
  // each pod Ready for minReadySeconds (10) before the next
  ok(h, ['apply', '-f', tmpFile('sc.yaml', 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: my-storage-class}\nprovisioner: rancher.io/local-path\nvolumeBindingMode: WaitForFirstConsumer\nreclaimPolicy: Delete\n')]);
  assert.deepEqual(names(h, 'pods'), ['web-0']);
  assert.equal(json(h, 'get pod web-0').status.phase, 'Running');
  ok(h, 'sim advance 10s');
  assert.deepEqual(names(h, 'pods'), ['web-0'], 'not before minReadySeconds have passed');
  ok(h, 'sim advance 1s');
  assert.deepEqual(names(h, 'pods'), ['web-0', 'web-1']);
  ok(h, 'sim advance 11s');
  assert.deepEqual(names(h, 'pods'), ['web-0', 'web-1', 'web-2']);
  ok(h, 'sim advance 11s');
  assert.match(ok(h, 'get sts'), /\nweb\s+3\/3\s+\d+s\n$/);

  // 순서 색인 / 네트워크 신원: <set>-<ordinal>, a hostname and the headless service's subdomain, DNS names
  for (const n of [0, 1, 2]) {
    const p = json(h, `get pod web-${n}`);
    assert.equal(p.spec.hostname, `web-${n}`);
    assert.equal(p.spec.subdomain, 'nginx');
    assert.equal(p.metadata.labels['statefulset.kubernetes.io/pod-name'], `web-${n}`);
  }
  const slice = json(h, 'get endpointslices -l kubernetes.io/service-name=nginx').items[0];
  assert.deepEqual(slice.endpoints.map(e => e.hostname).sort(), ['web-0', 'web-1', 'web-2']);
  assert.match(ok(h, 'get svc nginx'), /\nnginx\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+/);

  // 안정된 스토리지: a 1Gi claim per pod, from my-storage-class
  const pvcs = json(h, 'get pvc').items;
  assert.deepEqual(pvcs.map(c => [c.metadata.name, c.status.phase, c.status.capacity.storage, c.spec.storageClassName]),
    [['www-web-0', 'Bound', '1Gi', 'my-storage-class'], ['www-web-1', 'Bound', '1Gi', 'my-storage-class'], ['www-web-2', 'Bound', '1Gi', 'my-storage-class']]);

  // 디플로이먼트와 스케일링 보증: scaling down terminates in reverse order; the claims stay
  ok(h, 'scale sts web --replicas=0');
  ok(h, 'sim advance 1m');
  assert.deepEqual(names(h, 'pods'), []);
  const ev = ok(h, 'get events --field-selector involvedObject.kind=StatefulSet --sort-by=.metadata.creationTimestamp');
  assert.deepEqual([...ev.matchAll(/delete Pod (web-\d)/g)].map(m => m[1]), ['web-2', 'web-1', 'web-0']);
  assert.deepEqual(names(h, 'pvc'), ['www-web-0', 'www-web-1', 'www-web-2']);
  // scaled up again, each pod gets its own claim (and volume) back
  const vol = Object.fromEntries(pvcs.map(c => [c.metadata.name, c.spec.volumeName]));
  ok(h, 'scale sts web --replicas=2');
  ok(h, 'sim advance 1m');
  assert.deepEqual(names(h, 'pods'), ['web-0', 'web-1']);
  assert.equal(json(h, 'get pvc www-web-1').spec.volumeName, vol['www-web-1']);

  // 업데이트 전략: RollingUpdate replaces the pods one at a time, highest ordinal first
  ok(h, 'set image sts/web nginx=registry.k8s.io/nginx-slim:0.24');
  ok(h, 'sim advance 2m');
  assert.deepEqual(json(h, 'get pods').items.map(p => p.spec.containers[0].image), Array(2).fill('registry.k8s.io/nginx-slim:0.24'));
  assert.equal(ok(h, ['rollout', 'status', 'sts/web']), 'partitioned roll out complete: 2 new pods have been updated...\n');

  // PVC 유보: whenDeleted Retain, whenScaled Delete (the notes' policy): scaling down removes the claim
  ok(h, ['patch', 'sts', 'web', '-p', '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Delete"}}}']);
  ok(h, 'scale sts web --replicas=1');
  ok(h, 'sim advance 1m');
  assert.deepEqual(names(h, 'pvc'), ['www-web-0', 'www-web-2']);
  // and deleting the set keeps what is left
  ok(h, 'delete sts web');
  ok(h, 'sim advance 1m');
  assert.deepEqual(names(h, 'pods'), []);
  assert.deepEqual(names(h, 'pvc'), ['www-web-0', 'www-web-2']);
}, { timeout: 120_000 });

test('seed 004 StatefulSet: a selector that does not match the template labels is refused', () => {
  const h = freshHome();
  const fs = process.getBuiltinModule('node:fs');
  const bad = tmpFile('bad.yaml', fs.readFileSync(SEED, 'utf8').replace('app: nginx # .spec.selector.matchLabels', 'app: web # .spec.selector.matchLabels'));
  const r = kctl(h, ['apply', '-f', bad]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'service/nginx created\n');
  assert.equal(r.stderr, `The StatefulSet "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: \`selector\` does not match template \`labels\`\n`);
});

test('seed 004 DaemonSet: every node (or some) runs a copy; seed 001 §3.9: every controller kind runs', () => {
  const h = freshHome();
  ok(h, ['apply', '-f', path.join(FIXTURES, 'website', 'controllers', 'daemonset.yaml')]);
  // the docs' example tolerates the old master taint, not kind's control-plane taint: the two workers
  const pods = json(h, 'get pods -n kube-system -l name=fluentd-elasticsearch').items;
  assert.deepEqual(pods.map(p => p.spec.nodeName).sort(), ['kctl-worker', 'kctl-worker2']);
  assert.match(ok(h, 'get ds -n kube-system fluentd-elasticsearch'), /\nfluentd-elasticsearch\s+2\s+2\s+2\s+2\s+2\s+<none>\s+/);
  // and kind's own: kindnet and kube-proxy on every node
  assert.equal(json(h, 'get ds kindnet -n kube-system').status.numberReady, 3);
  // 3.9: Deployment, ReplicaSet, ReplicationController, StatefulSet, Job, CronJob, DaemonSet, garbage collection
  ok(h, 'sim freeze');
  ok(h, 'create deployment d --image=nginx --replicas=2');
  ok(h, ['apply', '-f', tmpFile('rc.yaml', 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  replicas: 1\n  selector: {app: rc}\n  template:\n    metadata: {labels: {app: rc}}\n    spec:\n      containers: [{name: c, image: nginx}]\n')]);
  ok(h, ['apply', '-f', tmpFile('ss.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ss}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: ss}}\n  template:\n    metadata: {labels: {app: ss}}\n    spec:\n      containers: [{name: c, image: nginx}]\n')]);
  ok(h, ['create', 'job', 'batch', '--image=busybox', '--', 'sh', '-c', 'sleep 2']);
  ok(h, ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'echo', 'hi']);
  ok(h, ['apply', '-f', tmpFile('ds.yaml', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: node-agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: c, image: nginx}]\n')]);
  ok(h, 'sim advance 90s');
  const running = json(h, 'get pods').items.filter(p => p.status.phase === 'Running' || p.status.phase === 'Succeeded').map(p => p.metadata.ownerReferences?.[0]?.kind).sort();
  assert.deepEqual([...new Set(running)], ['DaemonSet', 'Job', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
  assert.match(ok(h, 'get jobs'), /\nbatch\s+Complete\s+1\/1\s+/);
  assert.match(ok(h, 'get jobs'), /\ntick-\d+\s+Complete\s+1\/1\s+/);
  // garbage collection: deleting the owners takes their pods
  ok(h, 'delete deployment d');
  ok(h, 'delete sts ss');
  ok(h, 'delete ds node-agent');
  ok(h, 'sim advance 1m');
  const left = json(h, 'get pods').items.map(p => p.metadata.ownerReferences?.[0]?.kind);
  assert.ok(!left.includes('ReplicaSet') && !left.includes('StatefulSet') && !left.includes('DaemonSet'), left.join(','));
}, { timeout: 120_000 });

test('seed 004 Service, DNS, NameSpace: a named target port answers through the service name, the SRV record of a named port, the namespace sessions', () => {
  const h = freshHome();
  const seed = f => path.join(FIXTURES, 'seeds', f);
  ok(h, 'sim freeze');
  assert.equal(ok(h, ['apply', '-f', seed('nginx-pod-named-port-service.yaml')]), 'pod/nginx created\nservice/nginx-service created\n');
  // a client started after the service: the service's variables, and its name resolves through the search path
  ok(h, ['run', 'client', '--image=busybox', '--restart=Never', '--', 'sleep', '3600']);
  const ip = json(h, 'get svc nginx-service').spec.clusterIP;
  const env = ok(h, 'exec client -- env').split('\n').filter(l => l.startsWith('NGINX_SERVICE_')).sort();
  assert.deepEqual(env, [
    `NGINX_SERVICE_PORT=tcp://${ip}:80`, `NGINX_SERVICE_PORT_80_TCP=tcp://${ip}:80`, `NGINX_SERVICE_PORT_80_TCP_ADDR=${ip}`,
    'NGINX_SERVICE_PORT_80_TCP_PORT=80', 'NGINX_SERVICE_PORT_80_TCP_PROTO=tcp', `NGINX_SERVICE_SERVICE_HOST=${ip}`,
    'NGINX_SERVICE_SERVICE_PORT=80', 'NGINX_SERVICE_SERVICE_PORT_NAME_OF_SERVICE_PORT=80']);
  assert.match(ok(h, 'exec client -- wget -qO- nginx-service'), /<title>Welcome to nginx!<\/title>/);
  // `_http._tcp.my-service.my-ns`: the multi-port service's http port as an SRV record (busybox's nslookup searches
  // only names without a dot, so the short form is NXDOMAIN there; the full name answers)
  assert.equal(ok(h, 'create namespace my-ns'), 'namespace/my-ns created\n');
  ok(h, ['apply', '-f', seed('my-service-multiport.yaml'), '-n', 'my-ns']);
  let r = kctl(h, 'exec client -- nslookup -type=SRV _http._tcp.my-service.my-ns');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\*\* server can't find _http\._tcp\.my-service\.my-ns: NXDOMAIN\n/);
  assert.equal(ok(h, 'exec client -- nslookup -type=SRV _http._tcp.my-service.my-ns.svc.cluster.local'),
    'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n_http._tcp.my-service.my-ns.svc.cluster.local\tservice = 0 100 80 my-service.my-ns.svc.cluster.local\n\n');
  // 명령어: get namespace (kind adds local-path-storage to the notes' four), --namespace, set-context --current
  assert.deepEqual(ok(h, 'get namespace').trimEnd().split('\n').map(l => l.split(/ +/).slice(0, 2).join(' ')),
    ['NAME STATUS', 'default Active', 'kube-node-lease Active', 'kube-public Active', 'kube-system Active', 'local-path-storage Active', 'my-ns Active']);
  assert.equal(ok(h, 'run nginx --image=nginx --namespace=my-ns'), 'pod/nginx created\n');
  assert.match(ok(h, 'get pods --namespace=my-ns'), /^NAME +READY +STATUS +RESTARTS +AGE\nnginx +1\/1 +Running +0 +\d+s\n$/);
  assert.equal(ok(h, 'config set-context --current --namespace=my-ns'), 'Context "kctl-kctl" modified.\n');
  assert.deepEqual(ok(h, 'config view --minify').split('\n').filter(l => l.includes('namespace:')), ['    namespace: my-ns']);
  assert.match(ok(h, 'get pods'), /^NAME +READY +STATUS +RESTARTS +AGE\nnginx +1\/1 +Running +0 +\d+s\n$/);
});
