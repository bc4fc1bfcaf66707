// The simulated network's clients and servers, without a cluster (dist/harness.js: `sh` runs one container,
// `pod` runs several sharing localhost). Messages are compared with what the real tools print, recorded in
// test/golden/net/golden.json by make-golden.sh (curl 7.88.1, busybox, bind9 tools, glibc, iputils, nc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.mjs';

const h = createRequire(import.meta.url)(path.join(ROOT, 'dist/harness.js'));
const golden = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/golden/net/golden.json'), 'utf8'));
/** curl's meter speeds and times vary: keep the layout, blank the numbers after the percentages. */
const meter = s => s.replace(/after \d+ ms/g, 'after N ms').replace(/\r(\s*\d+ +[\dk.M]+ +\d+ +[\dk.M]+ +\d+ +\d+) +[\dk.M]+ +\d+ ([-:\d]+ [-:\d]+ [-:\d]+) +[\dk.M]+/g, '\r$1 S 0 $2 S');

test('curl: refused, unresolved, -f, -O, protocol and option errors as curl 7.88.1 prints them', () => {
  const cases = [
    ['curl-refused', 'curl http://127.0.0.1:1/'],
    ['curl-refused-sS', 'curl -sS http://127.0.0.1:1/'],
    ['curl-unresolved', 'curl http://nonexist/'],
    ['curl-unresolved-sS', 'curl -sS http://nonexist/'],
    ['curl-remote-name', 'curl -O http://127.0.0.1/'],
    ['curl-protocol', 'curl ftp2://x/'],
    ['curl-unknown-option', 'curl --bogus http://x/'],
    ['curl-no-url', 'curl'],
  ];
  for (const [k, cmd] of cases) {
    const r = h.pod([{ image: 'nginx' }, { image: 'nginx', argv: ['sh', '-c', `${cmd}; echo rc=$? >&2`] }], { untilMs: 1000 }).containers[1];
    const g = golden[k];
    assert.equal(meter(r.stderr), meter(g.stderr + `rc=${g.code}\n`), k);
    assert.equal(r.stdout, g.stdout, k);
  }
  const f = h.pod([{ image: 'nginx' }, { image: 'nginx', argv: ['sh', '-c', 'curl -sSf http://127.0.0.1/nope; echo rc=$?'] }], { untilMs: 1000 }).containers[1];
  assert.equal(f.stderr, golden['curl-404-f'].stderr);
  assert.equal(f.stdout, `rc=${golden['curl-404-f'].code}\n`);
  const w = h.pod([{ image: 'nginx' }, { image: 'nginx', argv: ['sh', '-c', "curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1/"] }], { untilMs: 1000 }).containers[1];
  assert.equal(w.stdout, golden['curl-write-out'].stdout);
});

test('curl against nginx: the page, HEAD, -i, -L over a 301, -v, the meter on a pipe and none with -s', () => {
  const run = cmd => h.pod([{ image: 'nginx', argv: ['sh', '-c', `nginx -g 'daemon off;' >/dev/null 2>&1 & sleep 0.1; ${cmd}`] }], { untilMs: 1000 }).containers[0];
  let r = run('curl localhost');
  assert.match(r.stdout, /<title>Welcome to nginx!<\/title>/);
  assert.equal(Buffer.byteLength(r.stdout), 615);
  assert.match(r.stderr, /^ {2}% Total {4}% Received % Xferd {2}Average Speed {3}Time {4}Time {5}Time {2}Current\n/);
  assert.match(r.stderr, /\r100 {3}615 {2}100 {3}615 {4}0 {5}0 .*\n$/);
  r = run('curl -sI localhost');
  assert.match(r.stdout, /^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.3\r\nDate: .* GMT\r\nContent-Type: text\/html\r\nContent-Length: 615\r\nLast-Modified: .* GMT\r\nConnection: keep-alive\r\nETag: "[0-9a-f]+-267"\r\nAccept-Ranges: bytes\r\n\r\n$/);
  r = run('mkdir /usr/share/nginx/html/docs && echo hi > /usr/share/nginx/html/docs/index.html; curl -si localhost/docs; curl -sL localhost/docs');
  assert.match(r.stdout, /^HTTP\/1\.1 301 Moved Permanently\r\n/);
  assert.match(r.stdout, /\r\nLocation: http:\/\/localhost\/docs\/\r\n/);
  assert.match(r.stdout, /<center><h1>301 Moved Permanently<\/h1><\/center>\r\n<hr><center>nginx\/1\.27\.3<\/center>\r\n/);
  assert.match(r.stdout, /\nhi\n$/);
  r = run('curl -sv localhost -o /dev/null');
  assert.match(r.stderr, /^\* {3}Trying \[::1\]:80\.\.\.\n\* Connected to localhost \(::1\) port 80 \(#0\)\n> GET \/ HTTP\/1\.1\r\n> Host: localhost\r\n> User-Agent: curl\/7\.88\.1\r\n> Accept: \*\/\*\r\n> \r\n< HTTP\/1\.1 200 OK\r\n/);
  assert.match(r.stderr, /\* Connection #0 to host localhost left intact\n$/);
});

test('nginx: stock 404 and 403 pages byte for byte, access and error log lines, HEAD, config reload, nginx -t', () => {
  const p = h.pod([{ image: 'nginx', argv: ['sh', '-c', "nginx -g 'daemon off;' & sleep 1; mkdir /usr/share/nginx/html/empty; curl -s localhost/nope >/tmp/out; curl -s localhost/empty/ >>/tmp/out; curl -sI -X HEAD localhost/50x.html | head -1 >>/tmp/out; sleep 1; cat /tmp/out >&2"] }], { untilMs: 3000 });
  const srv = p.containers[0];
  const cli = { stdout: srv.stderr.slice(srv.stderr.indexOf('<html>')) };
  const page = (code, title) => `<html>\r\n<head><title>${code} ${title}</title></head>\r\n<body>\r\n<center><h1>${code} ${title}</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n`;
  assert.equal(cli.stdout, page(404, 'Not Found') + page(403, 'Forbidden') + 'HTTP/1.1 200 OK\r\n');
  assert.equal(Buffer.byteLength(page(404, 'Not Found')), 153);
  assert.match(srv.stdout, /^::1 - - \[01\/Jan\/2026:12:00:01 \+0000\] "GET \/nope HTTP\/1\.1" 404 153 "-" "curl\/7\.88\.1" "-"\n/m);
  assert.match(srv.stderr, /\[error\] \d+#\d+: \*1 open\(\) "\/usr\/share\/nginx\/html\/nope" failed \(2: No such file or directory\), client: ::1, server: localhost, request: "GET \/nope HTTP\/1\.1", host: "localhost"\n/);
  assert.match(srv.stderr, /\[error\] \d+#\d+: \*2 directory index of "\/usr\/share\/nginx\/html\/empty\/" is forbidden/);
  assert.match(srv.stdout, /"HEAD \/50x\.html HTTP\/1\.1" 200 0 "-"/);
  // a new listen port after nginx -s reload; a broken config fails nginx -t
  const q = h.pod([{ image: 'nginx', argv: ['sh', '-c', `nginx -g 'daemon off;' >/dev/null 2>&1 & sleep 1; echo 'server { listen 8080; location / { return 200 "reloaded"; } }' > /etc/nginx/conf.d/default.conf; curl -s localhost:8080; echo rc=$?; nginx -t; nginx -s reload 2>/dev/null; curl -s localhost:8080; echo; echo 'server { listen 80' > /etc/nginx/conf.d/default.conf; nginx -t; echo rc=$?`] }], { untilMs: 2000 });
  assert.equal(q.containers[0].stdout, 'rc=7\nreloaded\nrc=1\n');
  q.containers[1] = q.containers[0];
  assert.match(q.containers[1].stderr, /nginx: the configuration file \/etc\/nginx\/nginx\.conf syntax is ok\nnginx: configuration file \/etc\/nginx\/nginx\.conf test is successful\n/);
  assert.match(q.containers[1].stderr, /nginx: \[emerg\] unexpected end of file, expecting ";" or "}" in \/etc\/nginx\/conf\.d\/default\.conf:1\nnginx: configuration file \/etc\/nginx\/nginx\.conf test failed\n/);
  assert.match(q.containers[1].stdout, /rc=1\n$/);
});

test('nginx serves what another container writes to a shared emptyDir, as it is now', () => {
  const p = h.pod([
    { image: 'nginx', shared: '/usr/share/nginx/html' },
    { image: 'busybox', shared: '/html', argv: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i" > /html/index.html; sleep 1; done'] },
    { image: 'nginx', argv: ['sh', '-c', 'sleep 2.5; curl -s localhost; sleep 2; curl -s localhost'] },
  ], { untilMs: 6000 });
  assert.equal(p.containers[2].stdout, 'tick 3\ntick 5\n');
});

test('busybox wget: progress line, saved file, -q -O-, -S, --spider, errors; 1.28 prints the older layout', () => {
  const run = (cmd, image = 'busybox') => h.pod([{ image: 'nginx' }, { image, argv: ['sh', '-c', cmd] }], { untilMs: 1000 }).containers[1];
  let r = run('cd /tmp && wget http://localhost/ && wc -c index.html && wget http://localhost/; echo rc=$?');
  assert.equal(r.stderr, "Connecting to localhost (127.0.0.1:80)\nsaving to 'index.html'\nindex.html           100% |********************************|   615  0:00:00 ETA\n'index.html' saved\nConnecting to localhost (127.0.0.1:80)\nwget: can't open 'index.html': File exists\n");
  assert.equal(r.stdout, '615 index.html\nrc=1\n');
  r = run('wget -q -O- localhost | head -1; wget -S --spider http://localhost:80/');
  assert.equal(r.stdout, '<!DOCTYPE html>\n');
  assert.match(r.stderr, /^Connecting to localhost:80 \(127\.0\.0\.1:80\)\n {2}HTTP\/1\.1 200 OK\n {2}Server: nginx\/1\.27\.3\n.* {2}Accept-Ranges: bytes\n {2}\nremote file exists\n$/s);
  for (const [k, cmd] of [['bb-wget-refused', 'wget http://127.0.0.1:1/'], ['bb-wget-unresolved', 'wget http://nonexist/']]) {
    r = run(`${cmd}; echo rc=$?`);
    assert.equal(r.stderr, golden[k].stderr, k);
    assert.equal(r.stdout, `rc=${golden[k].code}\n`, k);
  }
  r = run('wget -q http://localhost/nope; echo rc=$?');
  assert.equal(r.stderr, 'wget: server returned error: HTTP/1.1 404 Not Found\n');
  r = run('wget -O /tmp/x http://localhost/', 'busybox:1.28');
  assert.equal(r.stderr, 'Connecting to localhost (127.0.0.1:80)\nx                    100% |*******************************|   615   0:00:00 ETA\n');
});

test('GNU wget (python, perl images): its connect, resolve and progress lines', () => {
  const norm = t => t.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'DATE').replace(/ *[\d.]+[KMG]=0s/g, ' RATE=0s').replace(/\([\d.]+ [KMG]B\/s\)/g, '(RATE)');
  for (const k of ['gnu-wget-refused', 'gnu-wget-unresolved']) {
    const r = h.sh(`${golden[k].cmd}; echo rc=$?`, 'python');
    assert.equal(norm(r.stderr), norm(golden[k].stderr), k);
    assert.equal(r.stdout, `rc=${golden[k].code}\n`, k);
  }
  const r = h.pod([{ image: 'nginx' }, { image: 'python', argv: ['sh', '-c', 'wget -O /tmp/gnu-wget-out http://127.0.0.1/; echo rc=$?'] }], { untilMs: 1000 }).containers[1];
  const g = golden['gnu-wget-ok'];
  assert.equal(norm(r.stderr), norm(g.stderr).replace('http://127.0.0.1:8765/', 'http://127.0.0.1/').replace('127.0.0.1:8765...', '127.0.0.1:80...').replace('Length: 19 ', 'Length: 615 ').replace('[19/19]', '[615/615]'));
});

test('the internet is a few hosts: info.cern.ch answers, other names do not resolve, other addresses time out', () => {
  let r = h.sh('wget -O /tmp/index.html http://info.cern.ch && head -2 /tmp/index.html', 'busybox:1.28');
  assert.equal(r.exit.code, 0);
  assert.equal(r.stdout, '<html><head></head><body><header>\n<title>http://info.cern.ch</title>\n');
  r = h.sh('curl -sS http://kubernetes.io; echo rc=$?; curl -sS -m 3 http://1.1.1.1; echo rc=$?; curl -sS --connect-timeout 2 http://8.8.8.8; echo rc=$?', 'nginx', { untilMs: 10000 });
  assert.equal(r.stderr, 'curl: (6) Could not resolve host: kubernetes.io\ncurl: (28) Connection timed out after 3000 milliseconds\ncurl: (28) Failed to connect to 8.8.8.8 port 80 after 2000 ms: Timeout was reached\n');
  assert.equal(r.stdout, 'rc=6\nrc=28\nrc=28\n');
  r = h.sh('curl -sS http://1.1.1.1; echo rc=$?', 'nginx', { untilMs: 200000 });
  assert.equal(r.stderr, "curl: (7) Failed to connect to 1.1.1.1 port 80 after 130000 ms: Couldn't connect to server\n");
  r = h.sh('curl -sS http://10.244.9.9; echo rc=$?', 'nginx', { untilMs: 10000 });
  assert.equal(r.stderr, "curl: (7) Failed to connect to 10.244.9.9 port 80 after 3070 ms: Couldn't connect to server\n");
});

test('getent, ping and nc: glibc, busybox and OpenBSD wording', () => {
  let r = h.pod([{ image: 'debian', argv: ['sh', '-c', 'getent hosts localhost; getent hosts test-pod; getent ahosts localhost'] }]).containers[0];
  assert.equal(r.stdout, golden['getent-hosts-localhost'].stdout + '10.244.1.2      test-pod\n::1             STREAM localhost\n::1             DGRAM  \n::1             RAW    \n127.0.0.1       STREAM \n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n');
  r = h.sh('ping -c 2 127.0.0.1; ping -c 1 -W 1 10.96.0.1; echo rc=$?', 'busybox', { untilMs: 30000 });
  assert.match(r.stdout, /^PING 127\.0\.0\.1 \(127\.0\.0\.1\): 56 data bytes\n64 bytes from 127\.0\.0\.1: seq=0 ttl=64 time=0\.\d{3} ms\n64 bytes from 127\.0\.0\.1: seq=1 ttl=64 time=0\.\d{3} ms\n\n--- 127\.0\.0\.1 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms\n/);
  assert.match(r.stdout, /PING 10\.96\.0\.1 \(10\.96\.0\.1\): 56 data bytes\n\n--- 10\.96\.0\.1 ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\nrc=1\n$/);
  r = h.sh('ping -c 1 nonexist; echo rc=$?', 'nicolaka/netshoot');
  assert.equal(r.stderr, golden['ping-unresolved'].stderr);
  assert.equal(r.stdout, `rc=${golden['ping-unresolved'].code}\n`);
  const nc = h.pod([{ image: 'nginx' }, { image: 'nicolaka/netshoot', argv: ['sh', '-c', 'nc -zv 127.0.0.1 80; echo rc=$?; nc -zv 127.0.0.1 8766; echo rc=$?; nc -zv nonexist 80; echo rc=$?'] }], { untilMs: 1000 }).containers[1];
  assert.equal(nc.stderr, golden['nc-open'].stderr.replace('8765 port [tcp/*]', '80 port [tcp/http]') + golden['nc-refused'].stderr + golden['nc-unresolved'].stderr);
  assert.equal(nc.stdout, `rc=0\nrc=1\nrc=1\n`);
  // busybox nc: -l answers one connection with what its stdin holds, then exits
  const p = h.pod([
    { image: 'busybox', argv: ['sh', '-c', 'echo pong | nc -l -p 9000; echo server done'] },
    { image: 'busybox', argv: ['sh', '-c', 'sleep 1; echo ping | nc localhost 9000; nc -z localhost 9000; echo rc=$?'] },
  ], { untilMs: 3000 });
  assert.equal(p.containers[0].stdout, 'ping\nserver done\n');
  assert.equal(p.containers[1].stdout, 'pong\nrc=1\n');
});

test('servers: kubia, http-echo, agnhost netexec and liveness, hello-app, redis with redis-cli, python http.server, perl bpi', () => {
  const ask = (server, cmd, o = {}) => h.pod([server, { image: 'nginx', argv: ['sh', '-c', cmd] }], { untilMs: o.untilMs ?? 2000 });
  let p = ask({ image: 'museopkim/kubia' }, 'curl -s localhost:8080; curl -s 127.0.0.1:8080');
  assert.equal(p.containers[1].stdout, "You've hit test-pod\nYou've hit test-pod\n");
  assert.equal(p.containers[0].stdout, 'Kubia server starting...\nReceived request from ::1\nReceived request from ::ffff:127.0.0.1\n');
  p = ask({ image: 'luksa/kubia:v3' }, 'for i in 1 2 3 4 5 6; do curl -s localhost:8080; done');
  assert.equal(p.containers[1].stdout, 'This is v3 running in pod test-pod\n'.repeat(5) + 'Some internal error has occurred! This is pod test-pod\n');
  p = ask({ image: 'hashicorp/http-echo', argv: ['/http-echo', '-text=hello world'] }, 'curl -s localhost:5678');
  assert.equal(p.containers[1].stdout, 'hello world\n');
  assert.match(p.containers[0].stderr, /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[INFO\] server is listening on :5678\n/);
  p = ask({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', argv: ['/agnhost', 'netexec', '--http-port=8080'] }, 'curl -s localhost:8080/hostname; echo; curl -s "localhost:8080/echo?msg=hi%20there"; echo; curl -s localhost:8080/clientip');
  assert.match(p.containers[1].stdout, /^test-pod\nhi there\n::1:\d+$/);
  p = ask({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', argv: ['/agnhost', 'liveness'] }, 'curl -s -w " %{http_code}\\n" localhost:8080/healthz; sleep 11; curl -s -w " %{http_code}\\n" localhost:8080/healthz', { untilMs: 15000 });
  assert.equal(p.containers[1].stdout, 'ok 200\nerror: 11 500\n');
  p = ask({ image: 'gcr.io/google-samples/hello-app:2.0' }, 'curl -s localhost:8080');
  assert.equal(p.containers[1].stdout, 'Hello, world!\nVersion: 2.0.0\nHostname: test-pod\n');
  p = ask({ image: 'redis' }, 'sleep 1');
  assert.match(p.containers[0].stdout, /\* Ready to accept connections tcp\n$/);
  p = h.pod([{ image: 'redis' }, { image: 'redis', argv: ['sh', '-c', 'redis-cli ping; redis-cli set greeting hello; redis-cli get greeting; redis-cli incr n; redis-cli incr n; redis-cli keys "*"; redis-cli get nothing; printf "PING\\r\\n" | redis-cli'] }], { untilMs: 2000 });
  assert.equal(p.containers[1].stdout, 'PONG\nOK\nhello\n1\n2\ngreeting\nn\n\nPONG\n');
  p = ask({ image: 'python', argv: ['python3', '-m', 'http.server', '8000'], files: { '/www/a.txt': 'A\n' } }, 'curl -s localhost:8000/');
  assert.match(p.containers[1].stdout, /<li><a href="bin\/">bin@<\/a><\/li>\n<li><a href="boot\/">boot\/<\/a><\/li>|<li><a href="bin\/">bin@<\/a><\/li>\n<li><a href="dev\/">dev\/<\/a><\/li>/);
  assert.match(p.containers[0].stderr, /^::1 - - \[01\/Jan\/2026 12:00:00\] "GET \/ HTTP\/1\.1" 200 -\n$/);
  const r = h.sh('perl -Mbignum=bpi -wle "print bpi(50)"', 'perl');
  assert.equal(r.stdout, '3.1415926535897932384626433832795028841971693993751\n');
});

test('usage: requests answered drive CPU (php-apache), stress holds memory and burns CPU, and is OOM-killed over its limit', () => {
  const p = h.pod([{ image: 'registry.k8s.io/hpa-example' }, { image: 'busybox:1.28', argv: ['sh', '-c', 'while sleep 0.01; do wget -q -O- http://localhost; done'] }], { untilMs: 20000 });
  const [php, load] = p.containers;
  assert.equal(load.stdout.slice(0, 9), 'OK!OK!OK!');
  const u = h.usageOf(php.box, 20000);
  assert.ok(u.cpuMilli >= 450 && u.cpuMilli <= 650, `php-apache cpu ${u.cpuMilli}m`);
  assert.ok(h.usageOf(load.box, 20000).cpuMilli < 50);
  assert.match(php.stdout, /^127\.0\.0\.1 - - \[01\/Jan\/2026:12:00:00 \+0000\] "GET \/ HTTP\/1\.1" 200 3 "-" "Wget"\n/);
  const idle = h.pod([{ image: 'registry.k8s.io/hpa-example' }], { untilMs: 20000 });
  assert.equal(h.usageOf(idle.containers[0].box, 20000).cpuMilli, 0);
  const s = h.pod([
    { image: 'polinux/stress', argv: ['stress', '--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'], memLimit: 200 * 1024 * 1024 },
    { image: 'polinux/stress', argv: ['stress', '--cpu', '2'] },
    { image: 'polinux/stress', argv: ['stress', '--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'], memLimit: 100 * 1024 * 1024 },
  ], { untilMs: 3000 });
  assert.equal(s.containers[0].stdout, 'stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n');
  const m = h.usageOf(s.containers[0].box, 3000).memoryBytes;
  assert.ok(m > 150 * 1024 * 1024 && m < 160 * 1024 * 1024, String(m));
  assert.equal(h.usageOf(s.containers[1].box, 3000).cpuMilli, 2000);
  assert.deepEqual(s.containers[2].exit, { code: 137, reason: 'OOMKilled', atMs: 0 });
});
