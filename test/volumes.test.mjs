// Volumes and the environment as containers see them (issue 7; claims across pods, issue 9): every volume kind through kctl exec,
// a ConfigMap update reaching mounted files (not subPath mounts, not env), hostPath shared per node, and a
// claim's files outliving the pods that wrote them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const frozen = () => { const h = freshHome(); assert.equal(kctl(h, 'sim freeze').code, 0); return h; };
const ok = (h, args, opts) => { const r = kctl(h, args, opts); assert.equal(r.code, 0, `kctl ${[].concat(args).join(' ')}: ${r.stderr}`); return r.stdout; };
const apply = (h, ...items) => ok(h, ['apply', '-f', tmpFile('v.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items }))]);
const sh = (h, pod, script) => ok(h, ['exec', pod, '--', 'sh', '-c', script]);
const pod = (name, spec, labels) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(labels ? { labels } : {}) }, spec });
const sleeper = (name, node, volumeMounts, volumes, extra = {}) => pod(name, {
  nodeName: node, volumes, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '1d'], volumeMounts, ...extra }],
});

test('configMap, secret, downwardAPI, projected and the service-account token as files', () => {
  const h = frozen();
  ok(h, 'create configmap cfg --from-literal=mode=prod --from-literal=level=3');
  ok(h, 'create secret generic sec --from-literal=password=s3cret');
  apply(h, {
    ...sleeper('vols', 'kctl-worker', [
      { name: 'cm', mountPath: '/etc/cm' },
      { name: 'sec', mountPath: '/etc/sec', readOnly: true },
      { name: 'dapi', mountPath: '/etc/podinfo' },
      { name: 'proj', mountPath: '/etc/proj' },
    ], [
      { name: 'cm', configMap: { name: 'cfg' } },
      { name: 'sec', secret: { secretName: 'sec' } },
      { name: 'dapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } }] } },
      { name: 'proj', projected: { sources: [{ configMap: { name: 'cfg', items: [{ key: 'level', path: 'level' }] } }, { secret: { name: 'sec' } }, { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
    ], { resources: { limits: { memory: '64Mi' } } }),
    metadata: { name: 'vols', labels: { app: 'vols', tier: 'web' } },
  });
  // the AtomicWriter layout: a timestamped directory, ..data pointing at it, one link per key
  const ls = sh(h, 'vols', 'ls -a /etc/cm').split('\n');
  assert.deepEqual(ls.filter(n => n && !/^\.\.\d{4}_/.test(n)), ['.', '..', '..data', 'level', 'mode']);
  assert.equal(sh(h, 'vols', 'readlink /etc/cm/mode; readlink /etc/cm/..data | cut -c1-3'), '..data/mode\n..2\n');
  assert.equal(sh(h, 'vols', 'cat /etc/cm/mode /etc/sec/password'), 'prods3cret');
  assert.equal(sh(h, 'vols', 'cat /etc/podinfo/labels; echo; cat /etc/podinfo/mem'), 'app="vols"\ntier="web"\n64');
  assert.equal(sh(h, 'vols', 'ls /etc/proj; cat /etc/proj/level /etc/proj/name'), 'level\nname\npassword\n3vols');
  assert.equal(sh(h, 'vols', 'ls /var/run/secrets/kubernetes.io/serviceaccount; cat /var/run/secrets/kubernetes.io/serviceaccount/namespace'), 'ca.crt\nnamespace\ntoken\ndefault');
  const r = kctl(h, ['exec', 'vols', '--', 'touch', '/etc/sec/x']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'touch: /etc/sec/x: Read-only file system\ncommand terminated with exit code 1\n');
});

test('a ConfigMap update reaches mounted files as the kubelet syncs, not a subPath mount nor the environment', () => {
  const h = frozen();
  ok(h, 'create configmap cfg --from-literal=mode=prod');
  apply(h, sleeper('app', 'kctl-worker', [{ name: 'cm', mountPath: '/etc/cm' }, { name: 'cm', mountPath: '/etc/mode', subPath: 'mode' }],
    [{ name: 'cm', configMap: { name: 'cfg' } }], { env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }] }));
  const read = () => sh(h, 'app', 'echo "$(cat /etc/cm/mode) $(cat /etc/mode) $MODE"');
  assert.equal(read(), 'prod prod prod\n');
  const r = kctl(h, ['exec', 'app', '--', 'sh', '-c', 'echo x > /etc/mode']);
  assert.equal(r.stderr, "sh: can't create /etc/mode: Read-only file system\ncommand terminated with exit code 1\n");
  ok(h, ['patch', 'configmap', 'cfg', '-p', '{"data":{"mode":"dev"}}']);
  ok(h, 'sim advance 2m');
  assert.equal(read(), 'dev prod prod\n');
});

test('emptyDir is shared by the pod\'s containers; hostPath by the pods of one node', () => {
  const h = frozen();
  apply(h,
    pod('two', { nodeName: 'kctl-worker', volumes: [{ name: 'scratch', emptyDir: {} }], containers: [
      { name: 'writer', image: 'busybox:1.36', command: ['sh', '-c', 'echo from-writer > /s/note; sleep 1d'], volumeMounts: [{ name: 'scratch', mountPath: '/s' }] },
      { name: 'reader', image: 'busybox:1.36', command: ['sleep', '1d'], volumeMounts: [{ name: 'scratch', mountPath: '/data' }] }] }),
    sleeper('h1', 'kctl-worker', [{ name: 'h', mountPath: '/host' }], [{ name: 'h', hostPath: { path: '/tmp/shared', type: 'DirectoryOrCreate' } }]),
    sleeper('h2', 'kctl-worker', [{ name: 'h', mountPath: '/mnt' }], [{ name: 'h', hostPath: { path: '/tmp/shared', type: 'DirectoryOrCreate' } }]),
    sleeper('h3', 'kctl-worker2', [{ name: 'h', mountPath: '/host' }], [{ name: 'h', hostPath: { path: '/tmp/shared', type: 'DirectoryOrCreate' } }]));
  assert.equal(ok(h, ['exec', 'two', '-c', 'reader', '--', 'cat', '/data/note']), 'from-writer\n');
  sh(h, 'h1', 'echo on-worker > /host/f');
  assert.equal(sh(h, 'h2', 'cat /mnt/f'), 'on-worker\n');
  assert.equal(sh(h, 'h3', 'ls /host'), '');
  // an emptyDir goes with its pod
  ok(h, 'delete pod two --grace-period=1 --wait=false');
  ok(h, 'sim advance 2s');
  apply(h, pod('two', { nodeName: 'kctl-worker', volumes: [{ name: 'scratch', emptyDir: {} }], containers: [
    { name: 'reader', image: 'busybox:1.36', command: ['sleep', '1d'], volumeMounts: [{ name: 'scratch', mountPath: '/data' }] }] }));
  assert.equal(sh(h, 'two', 'ls /data'), '');
});

test('a claim\'s files outlive its pods: what one pod writes, the next pod that mounts the claim reads', () => {
  const h = frozen();
  const pv = (name, source) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany'], ...source } });
  const pvc = (name, volumeName) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, volumeName, storageClassName: '' } });
  const user = (name, node, claim, script) => pod(name, { nodeName: node, restartPolicy: 'Never', volumes: [{ name: 'd', persistentVolumeClaim: { claimName: claim } }],
    containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', script], volumeMounts: [{ name: 'd', mountPath: '/data' }] }] });
  apply(h, pv('shared', { nfs: { server: 'nfs.example.com', path: '/exports/a' } }), pvc('shared', 'shared'),
    pv('onnode', { hostPath: { path: '/mnt/disks/a', type: 'DirectoryOrCreate' } }), pvc('onnode', 'onnode'));
  ok(h, 'sim advance 1s');
  apply(h, user('w1', 'kctl-worker', 'shared', 'echo written-by-w1 >> /data/log'), user('w2', 'kctl-worker', 'onnode', 'echo on-node > /data/f'));
  ok(h, 'sim advance 2s');
  assert.equal(ok(h, 'get pod w1 --no-headers').split(/\s+/)[2], 'Completed');
  ok(h, 'delete pod w1 w2 --wait=false');
  ok(h, 'sim advance 1s');
  // a network volume: any node; a volume on a node (hostPath, local-path's): that node's directory
  apply(h, user('r1', 'kctl-worker2', 'shared', 'echo written-by-r1 >> /data/log; cat /data/log'), user('r2', 'kctl-worker', 'onnode', 'cat /data/f'));
  ok(h, 'sim advance 2s');
  assert.equal(ok(h, 'logs r1'), 'written-by-w1\nwritten-by-r1\n');
  assert.equal(ok(h, 'logs r2'), 'on-node\n');
});

test('the environment a container sees: the image\'s, HOSTNAME, declared variables, then the Services\', HOME', () => {
  const h = frozen();
  ok(h, 'run envy --image=busybox:1.36 --env=GREETING=hi -- sleep 1d');
  assert.equal(ok(h, 'exec envy -- env'), [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=envy', 'GREETING=hi',
    'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_SERVICE_PORT_HTTPS=443',
    'KUBERNETES_PORT=tcp://10.96.0.1:443', 'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443', 'KUBERNETES_PORT_443_TCP_PROTO=tcp',
    'KUBERNETES_PORT_443_TCP_PORT=443', 'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1', 'HOME=/root', ''].join('\n'));
});

test('a StatefulSet\'s claim (local-path, dynamically provisioned) keeps its files for the next pod; deleting the claim deletes them', () => {
  const h = frozen();
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: c
        image: busybox:1.36
        command: [sh, -c, 'echo boot >> /data/boots; sleep 1d']
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;
  ok(h, ['apply', '-f', tmpFile('sts.yaml', sts)]);
  ok(h, 'sim advance 5s');
  assert.equal(sh(h, 'db-0', 'cat /data/boots'), 'boot\n');
  const node = JSON.parse(ok(h, 'get pod db-0 -o json')).spec.nodeName;
  const pv = JSON.parse(ok(h, 'get pvc data-db-0 -o json')).spec.volumeName;
  ok(h, 'delete pod db-0 --wait=false');
  ok(h, 'sim advance 10s');
  assert.equal(sh(h, 'db-0', 'cat /data/boots'), 'boot\nboot\n');
  // the volume is a directory on its node, under local-path's root
  apply(h, sleeper('look', node, [{ name: 'h', mountPath: '/h' }], [{ name: 'h', hostPath: { path: '/var/local-path-provisioner' } }]));
  assert.equal(sh(h, 'look', 'ls /h'), `${pv}_default_data-db-0\n`);
  // the claim goes, the volume is Released and local-path deletes it with its files
  ok(h, 'delete sts db --wait=false');
  ok(h, 'sim advance 5s');
  ok(h, 'delete pvc data-db-0 --wait=false');
  ok(h, 'sim advance 10s');
  assert.equal(kctl(h, ['get', 'pv', pv]).code, 1);
  assert.equal(sh(h, 'look', 'ls /h'), '');
});
