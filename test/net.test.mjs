// Traffic between pods through the real bin/kctl: DNS answers as the real tools print them (the goldens in
// test/golden/net/ were recorded against a fake CoreDNS serving the same names), Services (name, ClusterIP,
// load-balancing spread, ClientIP affinity, NodePorts, headless per-pod names, no endpoints), refused ports,
// unknown names, a shared emptyDir served by nginx, OOMKilled with stress, CoreDNS on the path of every
// lookup, and the kind cluster's own components.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT, FIXTURES } from './helpers.mjs';

const golden = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/golden/net/golden.json'), 'utf8'));
let home;
const ex = (pod, ...cmd) => kctl(home, ['exec', pod, '--', ...cmd]);
const sh = (pod, script) => ex(pod, 'sh', '-c', script);

before(() => {
  home = freshHome();
  assert.equal(kctl(home, 'sim freeze').code, 0);
  const r = kctl(home, ['apply', '-f', path.join(FIXTURES, 'net', 'cluster.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  for (const i of [0, 1]) assert.equal(sh(`web-${i}`, 'hostname > /usr/share/nginx/html/index.html').code, 0);
});

/** The fake DNS answered from 127.0.0.1; the cluster's resolver is CoreDNS behind 10.96.0.10. */
const asCluster = s => s.replace(/127\.0\.0\.1/g, '10.96.0.10');
const digNorm = s => s.replace(/DiG [^ ]+ <<>>/, 'DiG V <<>>').replace(/Query time: \d+ msec/, 'Query time: N msec').replace(/id: \d+/, 'id: N').replace(/;; WHEN: .*\n/, ';; WHEN: T\n').replace(/hostmaster\.cluster\.local\. \d+ /, 'hostmaster.cluster.local. SERIAL ');

test('DNS from inside pods: busybox and bind nslookup, dig, host, getent print what the real tools print', () => {
  const cases = [
    ['bb', 'bb-nslookup-kubernetes.default'], ['bb', 'bb-nslookup-kubernetes'], ['bb', 'bb-nslookup-web'], ['bb', 'bb-nslookup-info.cern.ch'],
    ['bb', 'bb-nslookup-reverse'], ['bb', 'bb-nslookup-nonexist'], ['bb', 'bb-nslookup-srv'],
    ['shoot', 'nslookup-kubernetes.default'], ['shoot', 'nslookup-web'], ['shoot', 'nslookup-info.cern.ch'], ['shoot', 'nslookup-reverse'], ['shoot', 'nslookup-nonexist'],
    ['shoot', 'dig-short'], ['shoot', 'dig-search-short'], ['shoot', 'dig'], ['shoot', 'dig-nxdomain'], ['shoot', 'dig-external'],
    ['shoot', 'host-web'], ['shoot', 'host-nonexist'], ['shoot', 'host-reverse'],
    ['deb', 'getent-hosts-localhost'], ['deb', 'getent-hosts-web'], ['deb', 'getent-ahosts-web'], ['deb', 'getent-hosts-nonexist'],
  ];
  for (const [pod, k] of cases) {
    const g = golden[k];
    const r = sh(pod, g.cmd);
    const norm = k.startsWith('dig') ? digNorm : s => s;
    assert.equal(norm(r.stdout), norm(asCluster(g.stdout)), `${k}: ${g.cmd}`);
    assert.equal(r.code, g.code, `${k}: exit ${r.code}`);
    if (g.code) assert.equal(r.stderr.split('\n').filter(l => !l.startsWith('command terminated')).join('\n'), g.stderr.replace(/\n$/, ''), k);
    if (g.code) assert.match(r.stderr, new RegExp(`command terminated with exit code ${g.code}\n$`), k);
  }
  // busybox 1.28 (the docs' DNS debugging image): the libc resolver with the search path, then reverse names
  const old = ex('bb128', 'nslookup', 'kubernetes.default');
  assert.equal(old.stdout, 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n');
  const hs = ex('bb128', 'nslookup', 'nginx');
  assert.match(hs.stdout, /^Server: {4}10\.96\.0\.10\nAddress 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local\n\nName: {6}nginx\nAddress 1: 10\.244\.\d+\.\d+ web-[01]\.nginx\.default\.svc\.cluster\.local\nAddress 2: 10\.244\.\d+\.\d+ web-[01]\.nginx\.default\.svc\.cluster\.local\n$/);
  assert.equal(ex('bb128', 'nslookup', 'nope').stderr, "nslookup: can't resolve 'nope'\ncommand terminated with exit code 1\n");
});

test('Services: by name, ClusterIP and FQDN; spread over endpoints; ClientIP affinity; NodePorts; headless per-pod names', () => {
  let r = ex('cl', 'curl', '-s', 'web');
  assert.match(r.stdout, /<title>Welcome to nginx!<\/title>/);
  assert.equal(ex('cl', 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code} %{remote_ip}', 'http://web.default.svc.cluster.local/').stdout, '200 10.98.143.44');
  assert.equal(ex('bb', 'wget', '-q', '-O-', 'http://10.98.143.44/index.html').code, 0);
  // 90 requests over three endpoints: each gets a share
  assert.equal(sh('bb', 'for i in $(seq 90); do wget -q -O /dev/null http://web; done').code, 0);
  const pods = JSON.parse(kctl(home, 'get pods -l app=web -o json').stdout).items.map(p => p.metadata.name);
  const hits = () => pods.map(p => kctl(home, ['logs', p]).stdout.split('\n').filter(l => / "GET \/ HTTP\/1\.1" 200 /.test(l) && l.includes('"Wget"')).length);
  const spread = hits();
  assert.equal(spread.reduce((a, b) => a + b, 0), 90);
  for (const n of spread) assert.ok(n >= 15, `spread ${spread}`);
  // ClientIP affinity: every request from one client lands on one pod
  assert.equal(sh('bb', 'for i in $(seq 12); do wget -q -O /dev/null http://sticky:8080; done').code, 0);
  const after = hits().map((n, i) => n - spread[i]);
  assert.deepEqual(after.filter(n => n > 0), [12]);
  // NodePort on every node
  for (const ip of ['172.18.0.2', '172.18.0.3', '172.18.0.4']) assert.match(ex('cl', 'curl', '-s', `http://${ip}:30080/`).stdout, /Welcome to nginx/);
  // headless: one name per pod (hostname.subdomain), the Service name lists them all
  assert.equal(ex('bb', 'wget', '-qO-', 'web-0.nginx').stdout, 'web-0\n');
  assert.equal(ex('cl', 'curl', '-s', 'web-1.nginx.default.svc.cluster.local').stdout, 'web-1\n');
  r = ex('shoot', 'dig', '+short', 'nginx.default.svc.cluster.local');
  assert.equal(r.stdout.trim().split('\n').length, 2);
  r = ex('shoot', 'dig', '+short', 'SRV', '_web._tcp.nginx.default.svc.cluster.local');
  assert.match(r.stdout, /^0 50 80 web-[01]\.nginx\.default\.svc\.cluster\.local\.\n0 50 80 web-[01]\.nginx\.default\.svc\.cluster\.local\.\n$/);
});

test('refused, unknown and unreachable: the clients\' exact words', () => {
  let r = ex('cl', 'curl', 'http://empty');
  assert.equal(r.code, 7);
  assert.match(r.stderr, /curl: \(7\) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n$/);
  const ip = JSON.parse(kctl(home, 'get pod web-0 -o json').stdout).status.podIP;
  r = ex('cl', 'curl', '-sS', `http://${ip}:81/`);
  assert.equal(r.stderr, `curl: (7) Failed to connect to ${ip} port 81 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n`);
  r = ex('cl', 'curl', '-sS', 'http://no-such-service/');
  assert.equal(r.stderr, 'curl: (6) Could not resolve host: no-such-service\ncommand terminated with exit code 6\n');
  r = ex('bb', 'wget', 'http://no-such-service/');
  assert.equal(r.stderr, "wget: bad address 'no-such-service'\ncommand terminated with exit code 1\n");
  r = ex('bb', 'wget', '-q', 'http://empty/');
  assert.match(r.stderr, /^wget: can't connect to remote host \(10\.\d+\.\d+\.\d+\): Connection refused\n/);
  r = ex('bb', 'nc', '-zv', 'web', '80');
  assert.equal(r.stderr, 'web (10.98.143.44:80) open\n');
  r = ex('bb', 'ping', '-c', '1', ip);
  assert.match(r.stdout, new RegExp(`^PING ${ip.replace(/\./g, '\\.')} \\(${ip.replace(/\./g, '\\.')}\\): 56 data bytes\\n64 bytes from ${ip.replace(/\./g, '\\.')}: seq=0 ttl=6[23] time=0\\.\\d{3} ms\\n`));
});

test('a shared emptyDir served by nginx (the docs\' two-container pod); OOMKilled with stress', () => {
  let r = kctl(home, ['apply', '-f', path.join(FIXTURES, 'net', 'two-container-pod.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  r = ex('two-containers', '-c', 'nginx-container', 'curl', '-s', 'localhost');
  assert.equal(kctl(home, ['exec', 'two-containers', '-c', 'nginx-container', '--', 'curl', '-s', 'localhost']).stdout, 'Hello from the debian container\n');
  assert.match(kctl(home, 'logs two-containers -c nginx-container').stdout, /^::1 - - \[.*\] "GET \/ HTTP\/1\.1" 200 32 "-" "curl\/7\.88\.1" "-"$/m);
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'memory-demo-2' }, spec: { containers: [{ name: 'memory-demo-2-ctr', image: 'polinux/stress', resources: { requests: { memory: '50Mi' }, limits: { memory: '100Mi' } }, command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'] }] } };
  r = kctl(home, ['apply', '-f', '-'], { input: JSON.stringify(pod) });
  assert.equal(r.code, 0, r.stderr);
  const st = JSON.parse(kctl(home, 'get pod memory-demo-2 -o json').stdout).status.containerStatuses[0];
  const term = st.state.terminated ?? st.lastState.terminated;
  assert.equal(term.reason, 'OOMKilled');
  assert.equal(term.exitCode, 137);
});

test('kubia behind a Service; CoreDNS answers every lookup; the kind components log and have no shell', () => {
  assert.equal(kctl(home, 'run kubia --image=museopkim/kubia --port=8080').code, 0);
  assert.equal(kctl(home, 'expose pod kubia --port=80 --target-port=8080').code, 0);
  const ip = JSON.parse(kctl(home, 'get pod cl -o json').stdout).status.podIP;
  assert.equal(ex('cl', 'curl', '-s', 'kubia').stdout, "You've hit kubia\n");
  assert.equal(kctl(home, 'logs kubia').stdout, `Kubia server starting...\nReceived request from ::ffff:${ip}\n`);
  // lookups reach the CoreDNS pods: their counters move
  const dns = JSON.parse(kctl(home, 'get pods -n kube-system -l k8s-app=kube-dns -o json').stdout).items;
  const count = () => dns.reduce((a, p) => a + Number(/coredns_dns_requests_total\{[^}]*\} (\d+)/.exec(ex('cl', 'curl', '-s', `http://${p.status.podIP}:9153/metrics`).stdout)?.[1] ?? 'NaN'), 0);
  const before = count();
  assert.equal(ex('bb', 'nslookup', 'web').code, 1);
  assert.ok(count() >= before + 6, 'six questions asked');
  assert.match(kctl(home, ['logs', '-n', 'kube-system', dns[0].metadata.name]).stdout, /^\.:53\n\[INFO\] plugin\/reload: Running configuration SHA512 = [0-9a-f]+\nCoreDNS-1\.12\.0\nlinux\/amd64, go1\.23\.3, 51e11f1\n$/);
  assert.match(kctl(home, 'logs -n kube-system etcd-kctl-control-plane').stdout, /"msg":"serving client traffic securely","traffic":"grpc\+http","address":"172\.18\.0\.2:2379"/);
  assert.match(kctl(home, 'logs -n kube-system kube-apiserver-kctl-control-plane').stdout, /secure_serving\.go:211\] Serving securely on \[::\]:6443/);
  const r = kctl(home, 'exec -n kube-system etcd-kctl-control-plane -- sh');
  assert.match(r.stderr, /exec: "sh": executable file not found in \$PATH/);
  // the API server answers on the kubernetes Service (anonymous: forbidden)
  const api = ex('cl', 'curl', '-sk', 'https://kubernetes.default/api');
  assert.match(api.stdout, /"message": "forbidden: User \\"system:anonymous\\" cannot get path \\"\/api\\""/);
});

test('a container started in its pod\'s first sync already knows the pod IP: env from status.podIP/hostIP, hostname -i, /etc/hosts', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ipenv' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo ip=$POD_IP host=$HOST_IP; hostname -i; sleep 3600'],
    env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }] }] } };
  const r = kctl(home, ['apply', '-f', '-'], { input: JSON.stringify(pod) });
  assert.equal(r.code, 0, r.stderr);
  const st = JSON.parse(kctl(home, 'get pod ipenv -o json').stdout).status;
  assert.ok(st.podIP && st.hostIP);
  assert.equal(kctl(home, 'logs ipenv').stdout, `ip=${st.podIP} host=${st.hostIP}\n${st.podIP}\n`);
  assert.match(ex('ipenv', 'cat', '/etc/hosts').stdout, new RegExp(`\\n${st.podIP.replace(/\./g, '\\.')}\\tipenv\\n`));
});
