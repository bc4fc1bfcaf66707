// Services: the defaults the API server fills, the ClusterIP and NodePort allocators (requested values
// honoured or refused with the API server's messages, exhaustion, release on delete), headless and
// ExternalName services, invalid services, LoadBalancer addresses (<pending> on kind, from the cluster's
// pool when it has one), and the names a Service gives: its DNS records and the environment variables of
// containers started after it (src/api/dns.ts and src/kubelet/env.ts, pure functions, bundled here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { kctl, freshHome, tmpFile, ROOT } from './helpers.mjs';

const json = (home, args) => {
  const r = kctl(home, [...args, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const apply = (home, text) => kctl(home, ['apply', '-f', tmpFile('s.yaml', text)]);
const svc = (name, spec) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const cluster = (home, name, extra) => {
  const r = kctl(home, ['cluster', 'create', name, '--config', tmpFile('kind.yaml', `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n${extra}`)]);
  assert.equal(r.code, 0, r.stderr);
};

test('Service defaults as the API server fills them (§12.4)', () => {
  const home = freshHome();
  assert.equal(apply(home, svc('web', '  selector: {app: web}\n  ports:\n  - port: 80\n')).code, 0);
  const s = json(home, ['get', 'svc', 'web']);
  assert.match(s.spec.clusterIP, /^10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
  assert.deepEqual(s.spec.clusterIPs, [s.spec.clusterIP]);
  assert.deepEqual(s.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
  assert.equal(s.spec.type, 'ClusterIP');
  assert.equal(s.spec.sessionAffinity, 'None');
  assert.equal(s.spec.internalTrafficPolicy, 'Cluster');
  assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
  assert.equal(s.spec.ipFamilyPolicy, 'SingleStack');
  assert.equal(s.spec.externalTrafficPolicy, undefined);
  assert.deepEqual(s.status, { loadBalancer: {} });
  apply(home, svc('np', '  type: NodePort\n  selector: {app: web}\n  sessionAffinity: ClientIP\n  ports:\n  - port: 80\n    targetPort: 8080\n'));
  const n = json(home, ['get', 'svc', 'np']);
  assert.ok(n.spec.ports[0].nodePort >= 30000 && n.spec.ports[0].nodePort <= 32767);
  assert.equal(n.spec.externalTrafficPolicy, 'Cluster');
  assert.deepEqual(n.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  assert.match(kctl(home, 'get svc np').stdout, /\nnp +NodePort +10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+ +<none> +80:3\d{4}\/TCP +\d+s\n/);
});

test('ClusterIP allocation: a requested IP is honoured if free and in range, else 422; freed on delete', () => {
  const home = freshHome();
  assert.equal(apply(home, svc('a', '  clusterIP: 10.96.100.100\n  ports: [{port: 80}]\n')).code, 0);
  assert.equal(json(home, ['get', 'svc', 'a']).spec.clusterIP, '10.96.100.100');
  let r = apply(home, svc('b', '  clusterIP: 10.96.100.100\n  ports: [{port: 80}]\n'));
  assert.equal(r.stderr, 'The Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.100.100"}: failed to allocate IP 10.96.100.100: provided IP is already allocated\n');
  assert.equal(r.code, 1);
  r = apply(home, svc('c', '  clusterIP: 10.0.0.11\n  ports: [{port: 80}]\n'));
  assert.equal(r.stderr, 'The Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.11"}: failed to allocate IP 10.0.0.11: the provided network does not match the current range\n');
  r = apply(home, svc('d', '  clusterIP: 10.96.0.1\n  ports: [{port: 80}]\n'));
  assert.match(r.stderr, /failed to allocate IP 10\.96\.0\.1: provided IP is already allocated\n$/, 'the kubernetes Service holds 10.96.0.1');
  r = apply(home, svc('e', '  clusterIP: 10.96.1.300\n  ports: [{port: 80}]\n'));
  assert.match(r.stderr, /^The Service "e" is invalid: spec\.clusterIPs\[0\]: Invalid value: "10\.96\.1\.300": must be a valid IP address/);
  // freed on delete, reusable at once
  assert.equal(kctl(home, 'delete svc a').code, 0);
  assert.equal(apply(home, svc('b', '  clusterIP: 10.96.100.100\n  ports: [{port: 80}]\n')).code, 0);
  // the IP may not change
  r = kctl(home, ['patch', 'svc', 'b', '-p', '{"spec":{"clusterIP":"10.96.100.101","clusterIPs":["10.96.100.101"]}}']);
  assert.match(r.stderr, /spec\.clusterIPs\[0\]: Invalid value: \[\]string\{"10\.96\.100\.101"\}: may not change once set/);
  // a dry run allocates nothing
  assert.equal(kctl(home, ['create', 'service', 'clusterip', 'dry', '--tcp=80', '--clusterip=10.96.7.7', '--dry-run=server']).code, 0);
  assert.equal(apply(home, svc('real', '  clusterIP: 10.96.7.7\n  ports: [{port: 80}]\n')).code, 0);
});

test('ClusterIP exhaustion: a small service subnet runs out, and a deletion frees an address', () => {
  const home = freshHome();
  cluster(home, 'small', 'networking:\n  serviceSubnet: 10.96.0.0/28\n');
  // usable: 10.96.0.1-14, of which .1 (kubernetes) and .10 (kube-dns) are taken: 12 left
  const ips = [];
  for (let i = 0; i < 12; i++) {
    const r = kctl(home, ['create', 'service', 'clusterip', `s${i}`, '--tcp=80']);
    assert.equal(r.code, 0, r.stderr);
    ips.push(json(home, ['get', 'svc', `s${i}`]).spec.clusterIP);
  }
  assert.equal(new Set(ips).size, 12, 'never twice');
  for (const ip of ips) assert.match(ip, /^10\.96\.0\.([2-9]|1[1-4])$/);
  let r = kctl(home, ['create', 'service', 'clusterip', 'full', '--tcp=80']);
  assert.equal(r.stderr, 'error: failed to create ClusterIP service: Internal error occurred: failed to allocate a serviceIP: range is full\n');
  assert.equal(r.code, 1);
  r = apply(home, svc('full', '  ports: [{port: 80}]\n'));
  assert.equal(r.stderr, 'Error from server (InternalError): error when creating "' + r.stderr.match(/"([^"]+s\.yaml)"/)[1] + '": Internal error occurred: failed to allocate a serviceIP: range is full\n');
  // headless and ExternalName services need no address
  assert.equal(apply(home, svc('headless', '  clusterIP: None\n  selector: {app: x}\n')).code, 0);
  assert.equal(apply(home, svc('ext', '  type: ExternalName\n  externalName: example.com\n')).code, 0);
  kctl(home, 'delete svc s3');
  assert.equal(kctl(home, ['create', 'service', 'clusterip', 'again', '--tcp=80']).code, 0);
  assert.equal(json(home, ['get', 'svc', 'again']).spec.clusterIP, ips[3]);
  // a subnet without the kubernetes Service's address is refused
  const bad = kctl(home, ['cluster', 'create', 'bad', '--config', tmpFile('k.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  serviceSubnet: 10.100.0.0/16\n')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error: unsupported networking\.serviceSubnet "10\.100\.0\.0\/16"/);
});

test('NodePort allocation: requested, conflicting, out of range, exhausted, freed', () => {
  const home = freshHome();
  assert.equal(apply(home, svc('a', '  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n')).code, 0);
  assert.equal(json(home, ['get', 'svc', 'a']).spec.ports[0].nodePort, 30080);
  let r = apply(home, svc('b', '  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n'));
  assert.equal(r.stderr, 'The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
  r = apply(home, svc('c', '  type: NodePort\n  ports: [{port: 80, nodePort: 8080}]\n'));
  assert.equal(r.stderr, 'The Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
  r = apply(home, svc('d', '  type: ClusterIP\n  ports: [{port: 80, nodePort: 30081}]\n'));
  assert.equal(r.stderr, "The Service \"d\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'\n");
  kctl(home, 'delete svc a');
  assert.equal(apply(home, svc('b', '  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n')).code, 0);
  // a LoadBalancer gets node ports too
  apply(home, svc('lb', '  type: LoadBalancer\n  ports: [{name: http, port: 80}, {name: https, port: 443}]\n'));
  const lb = json(home, ['get', 'svc', 'lb']);
  assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
  assert.equal(new Set(lb.spec.ports.map(p => p.nodePort)).size, 2);
  assert.match(kctl(home, 'get svc lb').stdout, /\nlb +LoadBalancer +10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+ +<pending> +80:3\d{4}\/TCP,443:3\d{4}\/TCP +\d+s\n/);

  // a cluster whose API server has a three-port NodePort range (kind: kubeadmConfigPatches)
  cluster(home, 'np', 'kubeadmConfigPatches:\n- |\n  kind: ClusterConfiguration\n  apiServer:\n    extraArgs:\n      service-node-port-range: 30000-30002\n');
  assert.equal(apply(home, svc('three', '  type: NodePort\n  ports: [{name: a, port: 1}, {name: b, port: 2}, {name: c, port: 3}]\n')).code, 0);
  assert.deepEqual(json(home, ['get', 'svc', 'three']).spec.ports.map(p => p.nodePort).sort(), [30000, 30001, 30002]);
  r = kctl(home, ['create', 'service', 'nodeport', 'more', '--tcp=80']);
  assert.equal(r.stderr, 'error: failed to create NodePort service: Internal error occurred: failed to allocate a nodePort: range is full\n');
  r = apply(home, svc('out', '  type: NodePort\n  ports: [{port: 80, nodePort: 30005}]\n'));
  assert.match(r.stderr, /The range of valid ports is 30000-30002\n$/);
  kctl(home, 'delete svc three');
  assert.equal(kctl(home, ['create', 'service', 'nodeport', 'more', '--tcp=80']).code, 0);
});

test('headless and ExternalName services', () => {
  const home = freshHome();
  apply(home, svc('h', '  clusterIP: None\n  selector: {app: h}\n  ports: [{port: 80}]\n'));
  const h = json(home, ['get', 'svc', 'h']);
  assert.deepEqual(h.spec.clusterIPs, ['None']);
  assert.match(kctl(home, 'get svc h').stdout, /\nh +ClusterIP +None +<none> +80\/TCP +\d+s\n/);
  apply(home, svc('ext', '  type: ExternalName\n  externalName: my.database.example.com\n  selector: {app: h}\n'));
  const e = json(home, ['get', 'svc', 'ext']);
  assert.equal(e.spec.clusterIP, undefined);
  assert.match(kctl(home, 'get svc ext').stdout, /\next +ExternalName +<none> +my\.database\.example\.com +<none> +\d+s\n/);
  assert.equal(kctl(home, 'get ep ext').code, 1, 'ExternalName services get no endpoints');
  const r = apply(home, svc('bad', '  type: ExternalName\n  externalName: "not valid!"\n'));
  assert.match(r.stderr, /^The Service "bad" is invalid: spec\.externalName: Invalid value: "not valid!": a lowercase RFC 1123 subdomain/);
});

test('invalid services are refused with the API server messages', () => {
  const home = freshHome();
  let r = apply(home, svc('multi', '  ports:\n  - port: 80\n  - port: 443\n'));
  assert.equal(r.stderr, 'The Service "multi" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n');
  r = apply(home, svc('dup', '  ports:\n  - {name: a, port: 80}\n  - {name: a, port: 81}\n'));
  assert.equal(r.stderr, 'The Service "dup" is invalid: spec.ports[1].name: Duplicate value: "a"\n');
  r = apply(home, svc('noports', '  selector: {app: x}\n'));
  assert.equal(r.stderr, 'The Service "noports" is invalid: spec.ports: Required value\n');
  r = apply(home, svc('tp', '  ports:\n  - {port: 80, targetPort: Bad_Name}\n'));
  assert.match(r.stderr, /spec\.ports\[0\]\.targetPort: Invalid value: "Bad_Name": must contain only alpha-numeric characters/);
  r = apply(home, svc('Upper', '  ports: [{port: 80}]\n'));
  assert.match(r.stderr, /^The Service "Upper" is invalid: metadata\.name: Invalid value: "Upper": a DNS-1035 label must consist of lower case alphanumeric characters/);
  r = apply(home, svc('aff', '  sessionAffinity: Sticky\n  ports: [{port: 80}]\n'));
  assert.equal(r.stderr, 'The Service "aff" is invalid: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"\n');
  r = apply(home, svc('etp', '  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n'));
  assert.equal(r.stderr, 'The Service "etp" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services\n');
  r = apply(home, svc('hlb', '  type: LoadBalancer\n  clusterIP: None\n  ports: [{port: 80}]\n'));
  assert.match(r.stderr, /spec\.clusterIPs\[0\]: Invalid value: "None": may not be set to 'None' for LoadBalancer services/);
});

test('LoadBalancer addresses: <pending> on kind; from the cluster\'s pool, never twice, freed on delete', () => {
  const home = freshHome();
  cluster(home, 'lbs', 'kctl:\n  loadBalancerPool: ["172.18.255.200-172.18.255.201"]\n');
  const lb = name => apply(home, svc(name, '  type: LoadBalancer\n  selector: {app: x}\n  ports: [{port: 80}]\n'));
  lb('one'); lb('two'); lb('three');
  const ext = name => kctl(home, ['get', 'svc', name]).stdout.split('\n')[1].split(/ +/)[3];
  assert.equal(ext('one'), '172.18.255.200');
  assert.equal(ext('two'), '172.18.255.201');
  assert.equal(ext('three'), '<pending>');
  assert.deepEqual(json(home, ['get', 'svc', 'one']).status.loadBalancer.ingress, [{ ip: '172.18.255.200', ipMode: 'VIP' }]);
  const d = kctl(home, 'describe svc one').stdout;
  assert.match(d, /\nLoadBalancer Ingress: +172\.18\.255\.200 \(VIP\)\n/);
  assert.match(d, /Normal +EnsuringLoadBalancer +\d+s +service-controller +Ensuring load balancer\n/);
  assert.match(d, /Normal +EnsuredLoadBalancer +\d+s +service-controller +Ensured load balancer\n/);
  assert.match(kctl(home, 'describe svc three').stdout, /Warning +AllocationFailed +\d+s +service-controller +Failed to allocate IP for "default\/three": no available IPs\n/);
  // a freed address goes to the service that waited for one
  kctl(home, 'delete svc one');
  assert.equal(ext('three'), '172.18.255.200');
  // a requested address, and a type change that gives the address back
  kctl(home, ['patch', 'svc', 'two', '-p', '{"spec":{"type":"ClusterIP","allocateLoadBalancerNodePorts":null}}']);
  assert.deepEqual(json(home, ['get', 'svc', 'two']).status, { loadBalancer: {} });
  apply(home, svc('want', '  type: LoadBalancer\n  loadBalancerIP: 172.18.255.201\n  ports: [{port: 80}]\n'));
  assert.equal(ext('want'), '172.18.255.201');
  const bad = kctl(home, ['cluster', 'create', 'badpool', '--config', tmpFile('k.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nkctl:\n  loadBalancerPool: [300.1.1.1]\n')]);
  assert.match(bad.stderr, /^error: invalid kctl\.loadBalancerPool in .*: invalid IP address, range or CIDR \(\/16 or longer\) "300\.1\.1\.1"\n$/);
});

// ---- DNS records and service environment variables (pure functions of the API objects)
const lib = await (async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-lib-')), 'lib.mjs');
  await build({
    stdin: { contents: "export * from './src/kubelet/env.ts'; export * from './src/api/dns.ts';", resolveDir: ROOT, loader: 'ts' },
    outfile: out, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent', external: ['better-sqlite3'],
  });
  return import(out);
})();

test('service environment variables: seed 004 redis-primary', () => {
  const redis = { metadata: { name: 'redis-primary', namespace: 'default' }, spec: { clusterIP: '10.0.0.11', ports: [{ port: 6379, protocol: 'TCP' }] } };
  assert.deepEqual(lib.serviceEnvVars([redis]).map(e => `${e.name}=${e.value}`), [
    'REDIS_PRIMARY_SERVICE_HOST=10.0.0.11',
    'REDIS_PRIMARY_SERVICE_PORT=6379',
    'REDIS_PRIMARY_PORT=tcp://10.0.0.11:6379',
    'REDIS_PRIMARY_PORT_6379_TCP=tcp://10.0.0.11:6379',
    'REDIS_PRIMARY_PORT_6379_TCP_PROTO=tcp',
    'REDIS_PRIMARY_PORT_6379_TCP_PORT=6379',
    'REDIS_PRIMARY_PORT_6379_TCP_ADDR=10.0.0.11',
  ]);
  const named = { metadata: { name: 'dns', namespace: 'x' }, spec: { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] } };
  const env = Object.fromEntries(lib.serviceEnvVars([named]).map(e => [e.name, e.value]));
  assert.equal(env.DNS_SERVICE_PORT_DNS_TCP, '53');
  assert.equal(env.DNS_PORT, 'udp://10.96.0.10:53');
  assert.equal(env.DNS_PORT_53_UDP_PROTO, 'udp');
  assert.equal(env.DNS_PORT_53_TCP, 'tcp://10.96.0.10:53');
  // headless and ExternalName services give none
  assert.deepEqual(lib.serviceEnvVars([{ metadata: { name: 'h' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } }, { metadata: { name: 'e' }, spec: { type: 'ExternalName', externalName: 'x.com' } }]), []);
});

test('a container sees the Services that existed when it started (computed from a live cluster)', () => {
  const home = freshHome();
  kctl(home, 'create service clusterip before --tcp=6379');
  kctl(home, 'sim advance 5s');
  kctl(home, 'run app --image=nginx --env=GREETING=hello-$(BEFORE_SERVICE_HOST) --env=ESCAPED=$$(BEFORE_SERVICE_HOST)');
  kctl(home, 'sim advance 5s');
  kctl(home, 'create service clusterip after --tcp=80');
  const pod = json(home, ['get', 'pod', 'app']);
  const services = ns => json(home, ['get', 'svc', '-n', ns]).items;
  const src = { services, configMap: () => undefined, secret: () => undefined };
  const { env, error } = lib.containerEnv(pod, 'app', src);
  assert.equal(error, undefined);
  const m = Object.fromEntries(env.map(e => [e.name, e.value]));
  const before = json(home, ['get', 'svc', 'before']).spec.clusterIP;
  assert.equal(m.BEFORE_SERVICE_HOST, before);
  assert.equal(m.BEFORE_PORT_6379_TCP_ADDR, before);
  assert.equal(m.KUBERNETES_SERVICE_HOST, '10.96.0.1');
  assert.equal(m.KUBERNETES_SERVICE_PORT_HTTPS, '443');
  assert.equal(m.AFTER_SERVICE_HOST, undefined, 'a Service created after the container started is not seen');
  assert.equal(m.GREETING, `hello-${before}`);
  assert.equal(m.ESCAPED, '$(BEFORE_SERVICE_HOST)');
  assert.deepEqual(env.slice(0, 2).map(e => e.name), ['GREETING', 'ESCAPED'], 'declared variables come first');
  // enableServiceLinks: false keeps only the kubernetes Service
  const noLinks = { ...pod, spec: { ...pod.spec, enableServiceLinks: false } };
  const names = lib.containerEnv(noLinks, 'app', src).env.map(e => e.name);
  assert.ok(names.includes('KUBERNETES_SERVICE_HOST'));
  assert.ok(!names.includes('BEFORE_SERVICE_HOST'));
});

test('DNS records: ClusterIP, SRV, headless per-pod records, ExternalName CNAME, pod A records, search path', () => {
  const home = freshHome();
  const f = tmpFile('dns.yaml', `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: my.database.example.com
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: db}}
spec:
  hostname: db-0
  subdomain: db
  containers: [{name: pg, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: anon, labels: {app: db}}
spec:
  containers: [{name: pg, image: nginx}]
`);
  assert.equal(kctl(home, ['apply', '-f', f]).code, 0);
  const svcs = json(home, ['get', 'svc', '-A']).items;
  const slices = json(home, ['get', 'endpointslices', '-A']).items;
  const view = {
    service: (ns, n) => svcs.find(s => s.metadata.namespace === ns && s.metadata.name === n),
    services: ns => svcs.filter(s => s.metadata.namespace === ns),
    endpointSlices: (ns, n) => slices.filter(s => s.metadata.namespace === ns && s.metadata.labels['kubernetes.io/service-name'] === n),
  };
  const web = view.service('default', 'web').spec.clusterIP;
  let r = lib.resolve('web', 'A', 'default', view);
  assert.equal(r.name, 'web.default.svc.cluster.local');
  assert.deepEqual(r.records.map(x => x.value), [web]);
  assert.deepEqual(lib.resolve('web.default', 'A', 'kube-system', view).records.map(x => x.value), [web]);
  assert.equal(lib.resolve('web', 'A', 'kube-system', view), undefined, 'another namespace needs the namespace in the name');
  r = lib.resolve('_http._tcp.web.default.svc.cluster.local.', 'SRV', 'x', view);
  assert.deepEqual(r.records.map(x => [x.priority, x.weight, x.port, x.value]), [[0, 100, 80, 'web.default.svc.cluster.local']]);
  assert.deepEqual(lib.resolve('kubernetes.default', 'A', 'x', view).records.map(x => x.value), ['10.96.0.1']);
  assert.deepEqual(lib.resolve('kube-dns.kube-system', 'A', 'default', view).records.map(x => x.value), ['10.96.0.10']);
  // headless: the pods' own addresses, one name per pod
  const pods = json(home, ['get', 'pods']).items;
  const ipOf = n => pods.find(p => p.metadata.name === n).status.podIP;
  assert.deepEqual(lib.resolve('db', 'A', 'default', view).records.map(x => x.value).sort(), [ipOf('db-0'), ipOf('anon')].sort());
  assert.deepEqual(lib.resolve('db-0.db', 'A', 'default', view).records.map(x => x.value), [ipOf('db-0')]);
  const dashed = ipOf('anon').replace(/\./g, '-');
  assert.deepEqual(lib.resolve(`${dashed}.db.default.svc.cluster.local`, 'A', 'x', view).records.map(x => x.value), [ipOf('anon')]);
  const srv = lib.resolve('_pg._tcp.db', 'SRV', 'default', view).records;
  assert.deepEqual(srv.map(x => x.value).sort(), [`${dashed}.db.default.svc.cluster.local`, 'db-0.db.default.svc.cluster.local'].sort());
  assert.ok(srv.every(x => x.port === 5432 && x.weight === 50));
  // ExternalName: a CNAME
  r = lib.resolve('ext', 'A', 'default', view);
  assert.deepEqual(r.records.map(x => [x.type, x.value]), [['CNAME', 'my.database.example.com']]);
  // pods insecure: <a-b-c-d>.<ns>.pod
  assert.deepEqual(lib.lookupFQDN('10-244-1-7.default.pod.cluster.local', 'A', view).map(x => x.value), ['10.244.1.7']);
  assert.deepEqual(lib.podRecord(pods[0]).name, `${pods[0].status.podIP.replace(/\./g, '-')}.default.pod.cluster.local`);
  assert.deepEqual(lib.searchNames('web', 'default'), ['web.default.svc.cluster.local', 'web.svc.cluster.local', 'web.cluster.local', 'web']);
});
