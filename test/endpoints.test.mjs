// Endpoints and EndpointSlice controllers: in step with the pods each Service selects, through scale,
// readiness, deletion and relabelling; named target ports resolved per pod; multi-port and headless
// Services; Services without a selector keep the Endpoints/EndpointSlices the user writes (seed 004).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const seed = f => path.join(FIXTURES, 'seeds', f);
const json = (home, args) => {
  const r = kctl(home, [...args, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const podIPs = (home, sel) => json(home, ['get', 'pods', '-l', sel]).items.filter(p => !p.metadata.deletionTimestamp).map(p => p.status.podIP).sort();
const epIPs = ep => (ep.subsets ?? []).flatMap(s => (s.addresses ?? []).map(a => a.ip)).sort();
const epNotReady = ep => (ep.subsets ?? []).flatMap(s => (s.notReadyAddresses ?? []).map(a => a.ip)).sort();
const slicesOf = (home, svc) => json(home, ['get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`]).items;
const sliceIPs = (slices, pred = () => true) => slices.flatMap(s => (s.endpoints ?? []).filter(pred).flatMap(e => e.addresses)).sort();

test('a fresh cluster: kube-dns gets Endpoints and an EndpointSlice for the CoreDNS pods', () => {
  const home = freshHome();
  const ep = json(home, ['get', 'endpoints', 'kube-dns', '-n', 'kube-system']);
  const dnsIPs = json(home, ['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns']).items.map(p => p.status.podIP).sort();
  assert.equal(dnsIPs.length, 2);
  assert.deepEqual(epIPs(ep), dnsIPs);
  assert.equal(ep.subsets[0].ports.length, 3);
  const slices = json(home, ['get', 'endpointslices', '-n', 'kube-system']).items;
  assert.equal(slices.length, 1);
  assert.match(slices[0].metadata.name, /^kube-dns-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(slices[0].metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  assert.equal(slices[0].metadata.labels['kubernetes.io/service-name'], 'kube-dns');
  assert.equal(slices[0].metadata.ownerReferences[0].kind, 'Service');
  assert.deepEqual(slices[0].endpoints[0].conditions, { ready: true, serving: true, terminating: false });
  assert.match(slices[0].metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const t = kctl(home, 'get endpoints -n kube-system').stdout;
  assert.match(t, /\nkube-dns +10\.244\.0\.\d+:53,10\.244\.0\.\d+:53,10\.244\.0\.\d+:53 \+ 3 more\.\.\. +\d+s\n/);
});

test('endpoints follow a deployment through scale up, scale down and deletion', () => {
  const home = freshHome();
  kctl(home, 'create deployment web --image=nginx --replicas=3 --port=80');
  assert.equal(kctl(home, 'expose deployment web --port=8080 --target-port=80').stdout, 'service/web exposed\n');
  let ep = json(home, ['get', 'ep', 'web']);
  assert.equal(epIPs(ep).length, 3);
  assert.deepEqual(epIPs(ep), podIPs(home, 'app=web'));
  assert.deepEqual(ep.subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  assert.equal(ep.subsets[0].addresses[0].targetRef.kind, 'Pod');
  assert.ok(ep.subsets[0].addresses[0].nodeName);
  assert.deepEqual(sliceIPs(slicesOf(home, 'web')), podIPs(home, 'app=web'));
  const sliceName = slicesOf(home, 'web')[0].metadata.name;

  kctl(home, 'scale deployment web --replicas=5');
  ep = json(home, ['get', 'ep', 'web']);
  assert.equal(epIPs(ep).length, 5);
  assert.deepEqual(epIPs(ep), podIPs(home, 'app=web'));
  let slices = slicesOf(home, 'web');
  assert.equal(slices.length, 1);
  assert.equal(slices[0].metadata.name, sliceName, 'endpoints stay in the slice they were put in');
  assert.equal(slices[0].endpoints.length, 5);

  kctl(home, 'scale deployment web --replicas=1');
  ep = json(home, ['get', 'ep', 'web']);
  assert.deepEqual(epIPs(ep), podIPs(home, 'app=web'));
  assert.equal(epIPs(ep).length, 1);

  kctl(home, 'scale deployment web --replicas=0');
  ep = json(home, ['get', 'ep', 'web']);
  assert.equal(ep.subsets, undefined);
  assert.match(kctl(home, 'get ep web').stdout, /\nweb +<none> +\d+s\n/);
  slices = slicesOf(home, 'web');
  assert.equal(slices.length, 1, 'a placeholder slice stays');
  assert.equal(slices[0].endpoints, null);
  assert.match(kctl(home, 'get endpointslices').stdout, new RegExp(`\\n${slices[0].metadata.name} +IPv4 +<unset> +<unset> +\\d+s\\n`));

  // the Service goes: its Endpoints and slices go with it
  kctl(home, 'delete service web');
  assert.equal(kctl(home, 'get ep web').code, 1);
  assert.equal(slicesOf(home, 'web').length, 0);
});

test('readiness: a pod not yet ready is in notReadyAddresses and in the slice with ready=false', () => {
  const home = freshHome();
  const f = tmpFile('slow.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: slow
  labels: {app: slow}
spec:
  containers:
  - name: web
    image: nginx
    ports: [{containerPort: 80}]
    readinessProbe:
      httpGet: {path: /, port: 80}
      initialDelaySeconds: 30
---
apiVersion: v1
kind: Service
metadata:
  name: slow
spec:
  selector: {app: slow}
  ports: [{port: 80}]
`);
  assert.equal(kctl(home, ['apply', '-f', f]).code, 0);
  let ep = json(home, ['get', 'ep', 'slow']);
  const ip = podIPs(home, 'app=slow')[0];
  assert.deepEqual(epIPs(ep), []);
  assert.deepEqual(epNotReady(ep), [ip]);
  assert.match(kctl(home, 'get ep slow').stdout, /\nslow +\d+s\n/, 'not-ready addresses are not listed');
  let e = slicesOf(home, 'slow')[0].endpoints[0];
  assert.deepEqual(e.conditions, { ready: false, serving: false, terminating: false });
  kctl(home, 'sim advance 31s');
  ep = json(home, ['get', 'ep', 'slow']);
  assert.deepEqual(epIPs(ep), [ip]);
  assert.deepEqual(epNotReady(ep), []);
  e = slicesOf(home, 'slow')[0].endpoints[0];
  assert.deepEqual(e.conditions, { ready: true, serving: true, terminating: false });
  // publishNotReadyAddresses: every address is published
  const g = tmpFile('g.yaml', `apiVersion: v1
kind: Service
metadata:
  name: all
spec:
  selector: {app: slow}
  publishNotReadyAddresses: true
  ports: [{port: 80}]
`);
  kctl(home, ['apply', '-f', g]);
  assert.deepEqual(epIPs(json(home, ['get', 'ep', 'all'])), [ip]);
});

test('terminating pods leave Endpoints and stay in the slice as terminating', () => {
  const home = freshHome();
  const f = tmpFile('t.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: lingers
  labels: {app: t}
spec:
  terminationGracePeriodSeconds: 30
  containers:
  - name: sh
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: t
spec:
  selector: {app: t}
  ports: [{port: 80}]
`);
  kctl(home, ['apply', '-f', f]);
  const ip = podIPs(home, 'app=t')[0];
  assert.deepEqual(epIPs(json(home, ['get', 'ep', 't'])), [ip]);
  assert.equal(kctl(home, 'delete pod lingers --wait=false').code, 0);
  const pod = json(home, ['get', 'pod', 'lingers']);
  assert.ok(pod.metadata.deletionTimestamp, 'the pod is terminating (its shell ignores SIGTERM)');
  assert.deepEqual(epIPs(json(home, ['get', 'ep', 't'])), []);
  const e = slicesOf(home, 't')[0].endpoints[0];
  assert.deepEqual(e.conditions, { ready: false, serving: true, terminating: true });
  kctl(home, 'sim advance 31s');
  assert.equal(slicesOf(home, 't')[0].endpoints, null);
});

test('relabelling a pod takes it out of the Service, and back in', () => {
  const home = freshHome();
  kctl(home, 'run a --image=nginx --labels=app=x,n=a');
  kctl(home, 'run b --image=nginx --labels=app=x,n=b');
  kctl(home, 'create service clusterip x --tcp=80:80');
  assert.equal(epIPs(json(home, ['get', 'ep', 'x'])).length, 2);
  kctl(home, 'label pod a app=y --overwrite');
  const bIP = json(home, ['get', 'pod', 'b']).status.podIP;
  assert.deepEqual(epIPs(json(home, ['get', 'ep', 'x'])), [bIP]);
  assert.deepEqual(sliceIPs(slicesOf(home, 'x')), [bIP]);
  kctl(home, 'label pod a app=x --overwrite');
  assert.equal(epIPs(json(home, ['get', 'ep', 'x'])).length, 2);
  // changing the Service's selector moves its endpoints too
  kctl(home, ['patch', 'service', 'x', '-p', '{"spec":{"selector":{"app":"x","n":"b"}}}']);
  assert.deepEqual(epIPs(json(home, ['get', 'ep', 'x'])), [bIP]);
});

test('named target ports are resolved per pod; multi-port services', () => {
  const home = freshHome();
  const f = tmpFile('named.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: p80
  labels: {app: named}
spec:
  containers:
  - name: web
    image: nginx
    ports: [{containerPort: 80, name: http}, {containerPort: 9090, name: metrics}]
---
apiVersion: v1
kind: Pod
metadata:
  name: p8080
  labels: {app: named}
spec:
  containers:
  - name: web
    image: nginx
    ports: [{containerPort: 8080, name: http}]
---
apiVersion: v1
kind: Service
metadata:
  name: named
spec:
  selector: {app: named}
  ports:
  - {name: web, port: 80, targetPort: http}
  - {name: metrics, port: 9090, targetPort: metrics}
`);
  assert.equal(kctl(home, ['apply', '-f', f]).code, 0);
  const p80 = json(home, ['get', 'pod', 'p80']).status.podIP, p8080 = json(home, ['get', 'pod', 'p8080']).status.podIP;
  const ep = json(home, ['get', 'ep', 'named']);
  // p80 serves both ports, p8080 only `web` (on 8080): two subsets
  const byIP = {};
  for (const s of ep.subsets) for (const a of s.addresses) byIP[a.ip] = s.ports.map(p => `${p.name}:${p.port}`).sort();
  assert.deepEqual(byIP[p80], ['metrics:9090', 'web:80']);
  assert.deepEqual(byIP[p8080], ['web:8080']);
  const slices = slicesOf(home, 'named');
  assert.equal(slices.length, 2, 'pods with different ports go to different slices');
  const sliceFor = ip => slices.find(s => s.endpoints.some(e => e.addresses.includes(ip)));
  assert.deepEqual(sliceFor(p8080).ports, [{ name: 'web', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual(sliceFor(p80).ports, [{ name: 'web', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]);
});

test('seed 004: a named target port (http-web-svc) and multi-port my-service', () => {
  const home = freshHome();
  let r = kctl(home, ['apply', '-f', seed('nginx-pod-named-port-service.yaml')]);
  assert.equal(r.stdout, 'pod/nginx created\nservice/nginx-service created\n');
  const ip = json(home, ['get', 'pod', 'nginx']).status.podIP;
  assert.match(kctl(home, 'get endpoints nginx-service').stdout, new RegExp(`\\nnginx-service +${ip.replace(/\./g, '\\.')}:80 +\\d+s\\n`));
  r = kctl(home, 'describe service nginx-service');
  assert.match(r.stdout, /\nPort: +name-of-service-port  80\/TCP\nTargetPort: +http-web-svc\/TCP\nEndpoints: +10\.244\.\d+\.\d+:80\n/);
  r = kctl(home, ['apply', '-f', seed('my-service-multiport.yaml')]);
  assert.equal(r.stdout, 'service/my-service created\n');
  assert.match(kctl(home, 'get svc my-service').stdout, /\nmy-service +ClusterIP +10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+ +<none> +80\/TCP,443\/TCP +\d+s\n/);
  assert.match(kctl(home, 'get ep my-service').stdout, /\nmy-service +<none> +\d+s\n/);
});

test('seed 004: a Service without a selector keeps the EndpointSlice the user writes', () => {
  const home = freshHome();
  let r = kctl(home, ['apply', '-f', seed('my-service-no-selector.yaml'), '-f', seed('my-service-endpointslice.yaml')]);
  assert.equal(r.stdout, 'service/my-service created\nendpointslice.discovery.k8s.io/my-service-1 created\n', r.stderr);
  assert.match(kctl(home, 'get endpointslices').stdout, /\nmy-service-1 +IPv4 +9376 +10\.4\.5\.6,10\.1\.2\.3 +\d+s\n/);
  assert.equal(kctl(home, 'get endpoints my-service').code, 1, 'no Endpoints are made for it');
  assert.equal(slicesOf(home, 'my-service').length, 1);
  // a pod matching nothing changes nothing; the user's slice is never touched
  kctl(home, 'run x --image=nginx --labels=app.kubernetes.io/name=MyApp');
  const s = slicesOf(home, 'my-service');
  assert.equal(s.length, 1);
  assert.equal(s[0].metadata.name, 'my-service-1');
  // user-written Endpoints are kept too
  const ep = tmpFile('ep.yaml', `apiVersion: v1
kind: Endpoints
metadata:
  name: my-service
subsets:
- addresses: [{ip: 10.4.5.6}]
  ports: [{port: 9376}]
`);
  assert.equal(kctl(home, ['apply', '-f', ep]).code, 0);
  assert.match(kctl(home, 'get ep my-service').stdout, /\nmy-service +10\.4\.5\.6:9376 +\d+s\n/);
  kctl(home, 'run y --image=nginx');
  assert.match(kctl(home, 'get ep my-service').stdout, /\nmy-service +10\.4\.5\.6:9376 +\d+s\n/);
  // ... and mirrored into an EndpointSlice of the mirroring controller, owned by the Endpoints
  const mirrored = slicesOf(home, 'my-service').filter(x => x.metadata.labels['endpointslice.kubernetes.io/managed-by'] === 'endpointslicemirroring-controller.k8s.io');
  assert.equal(mirrored.length, 1);
  assert.match(mirrored[0].metadata.name, /^my-service-[a-z0-9]{5}$/);
  assert.deepEqual(mirrored[0].endpoints, [{ addresses: ['10.4.5.6'], conditions: { ready: true } }]);
  assert.deepEqual(mirrored[0].ports, [{ name: '', port: 9376, protocol: 'TCP' }]);
  assert.equal(mirrored[0].metadata.ownerReferences[0].kind, 'Endpoints');
  // the kubernetes Endpoints are not mirrored (skip-mirror); deleting the Endpoints removes the mirror
  assert.equal(slicesOf(home, 'kubernetes').length, 1);
  kctl(home, 'delete endpoints my-service');
  assert.deepEqual(slicesOf(home, 'my-service').map(x => x.metadata.name), ['my-service-1']);
});

test('headless services: endpoints with hostnames, label service.kubernetes.io/headless', () => {
  const home = freshHome();
  const f = tmpFile('h.yaml', `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Pod
metadata:
  name: db-0
  labels: {app: db}
spec:
  hostname: db-0
  subdomain: db
  containers:
  - name: pg
    image: nginx
`);
  assert.equal(kctl(home, ['apply', '-f', f]).code, 0);
  assert.match(kctl(home, 'get svc db').stdout, /\ndb +ClusterIP +None +<none> +5432\/TCP +\d+s\n/);
  const ep = json(home, ['get', 'ep', 'db']);
  assert.equal(ep.metadata.labels['service.kubernetes.io/headless'], '');
  assert.equal(ep.subsets[0].addresses[0].hostname, 'db-0');
  const sl = slicesOf(home, 'db')[0];
  assert.equal(sl.metadata.labels['service.kubernetes.io/headless'], '');
  assert.equal(sl.endpoints[0].hostname, 'db-0');
});

test('large services: up to 1000 endpoints per slice by default, fewer when the cluster config says so', () => {
  const home = freshHome();
  kctl(home, 'create deployment big --image=nginx --replicas=150');
  kctl(home, 'create service clusterip big --tcp=80');
  kctl(home, ['patch', 'service', 'big', '-p', '{"spec":{"selector":{"app":"big"}}}']);
  const all = slicesOf(home, 'big').map(s => s.endpoints.length);
  assert.equal(all.reduce((a, b) => a + b, 0), 150);
  assert.ok(all.every(n => n <= 1000));
  assert.equal(epIPs(json(home, ['get', 'ep', 'big'])).length, 150);
  const cfg = tmpFile('k.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n- role: worker\nkctl:\n  maxEndpointsPerSlice: 100\n');
  assert.equal(kctl(home, ['cluster', 'create', 'small', '--config', cfg]).code, 0);
  kctl(home, 'create deployment big --image=nginx --replicas=150');
  kctl(home, 'create service clusterip big --tcp=80');
  kctl(home, ['patch', 'service', 'big', '-p', '{"spec":{"selector":{"app":"big"}}}']);
  const slices = slicesOf(home, 'big');
  assert.deepEqual(slices.map(s => s.endpoints.length).sort((a, b) => a - b), [50, 100]);
});
