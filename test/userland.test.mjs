// The container userland beyond the differential corpus: repeating loops stay lazy, processes and
// signals (ps, kill, pgrep, timeout, PID 1 per shell), byte-exact archives (tar round trips, a PAX tar
// as kubectl cp sends one, tar output a strict reader accepts), streaming pipelines, and per-image
// paths and identities. Everything runs in dist/harness.js (no cluster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { ROOT } from './helpers.mjs';

const h = createRequire(import.meta.url)('../dist/harness.js');
const out = r => r.stdout + r.stderr;

test('a loop of echo and sleep, and a counter printing $(date), turn lazy', () => {
  const a = h.sh('while true; do echo x; sleep 1; done', 'busybox', { untilMs: 600_000 });
  assert.equal(a.lazy, true);
  assert.ok(a.wakes < 10, `wakes ${a.wakes}`);
  const b = h.sh('i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done', 'debian', { untilMs: 600_000 });
  assert.equal(b.lazy, true);
  assert.match(b.stdout, /^0: Thu Jan  1 12:00:00 UTC 2026\n1: Thu Jan  1 12:00:01 UTC 2026\n/);
});

test('big pipelines: seq 100000 | wc -l, and yes | head ends by SIGPIPE', () => {
  assert.equal(h.sh('seq 100000 | wc -l').stdout, '100000\n');
  assert.equal(h.sh('seq 100000 | tail -1; seq 100000 | sort -rn | head -2', 'debian').stdout, '100000\n100000\n99999\n');
  const r = h.sh('yes | head -n 2; echo "rc=$?"', 'debian');
  assert.equal(r.stdout, 'y\ny\nrc=0\n');
});

test('a stream through grep and head: lines flow as they are written, the writer dies of SIGPIPE', () => {
  const r = h.sh('(i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1; done) | grep tick | head -3; echo done', 'busybox', { untilMs: 30_000 });
  assert.equal(r.stdout, 'tick 1\ntick 2\ntick 3\ndone\n');
  assert.equal(r.exit?.code, 0);
  assert.ok(r.exit.atMs >= 2000 && r.exit.atMs <= 4000, `ended at ${r.exit.atMs}`);
});

test('tail -f follows a file another process appends to', () => {
  const r = h.sh('touch log; (for i in 1 2 3; do sleep 1; echo "entry $i" >> log; done) & tail -f log', 'busybox', { untilMs: 10_000 });
  assert.equal(r.stdout, 'entry 1\nentry 2\nentry 3\n');
  assert.equal(r.exit, undefined, 'tail -f runs on');
});

test('PID 1: busybox and bash exec the last command of -c, dash stays', () => {
  assert.match(h.run('busybox', ['sh', '-c', 'true; ps']).stdout, /^PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n$/);
  const dash = h.run('debian', ['/bin/sh', '-c', 'true; cat /proc/1/comm 2>/dev/null || echo no-proc; sleep 1'], { untilMs: 5000 });
  assert.equal(dash.exit.code, 0);
  const box = h.run('debian', ['/bin/sh', '-c', 'sleep 100'], { untilMs: 1000 }).box;
  assert.deepEqual(Object.values(box.s.procs).map(p => `${p.pid}:${p.argv.join(' ')}`), ['1:/bin/sh -c sleep 100', '2:sleep 100']);
  const bb = h.run('busybox', ['sh', '-c', 'echo hi; sleep 100'], { untilMs: 1000 }).box;
  assert.deepEqual(Object.values(bb.s.procs).map(p => `${p.pid}:${p.argv.join(' ')}`), ['1:sleep 100']);
});

test('ps in its busybox and procps forms', () => {
  const r = h.sh('sleep 50 & sleep 60 & ps; ps -o pid,ppid,comm,args', 'busybox');
  assert.equal(r.stdout, [
    'PID   USER     TIME  COMMAND', '    1 root      0:00 sh -c sleep 50 & sleep 60 & ps; ps -o pid,ppid,comm,args', '    2 root      0:00 sleep 50', '    3 root      0:00 sleep 60', '    4 root      0:00 ps',
    'PID   PPID  COMMAND          COMMAND', '    1     0 ps               ps -o pid,ppid,comm,args', '    2     1 sleep            sleep 50', '    3     1 sleep            sleep 60', '',
  ].join('\n'));
  const d = h.sh('ps; echo rc=$?', 'debian');
  assert.equal(out(d), 'rc=127\n/bin/sh: 1: ps: not found\n');
});

test('kill, pgrep, pkill, pidof, killall and wait in a container', () => {
  const r = h.sh('sleep 100 & a=$!; sleep 200 & pgrep sleep | tr "\\n" " "; echo; pidof sleep; pkill -f "sleep 100"; wait $a; echo "a=$?"; killall sleep; wait; pgrep sleep; echo "none=$?"; kill -0 1 && echo alive', 'busybox');
  assert.equal(r.stdout, '2 3 \n3 2\na=143\nnone=1\nalive\n');
  assert.equal(r.stderr, 'Terminated\n');
});

test('timeout: busybox dies of the signal, GNU exits 124', () => {
  const b = h.sh('timeout 2 sleep 10; echo "rc=$?"', 'busybox');
  assert.equal(out(b), 'rc=143\nTerminated\n');
  const g = h.sh('timeout 2 sleep 10; echo "rc=$?"; timeout -s KILL 1 sleep 5; echo "rc=$?"', 'debian');
  assert.equal(out(g), 'rc=124\nrc=137\n');
  assert.equal(g.exit.atMs, 3000);
});

test('top -b -n1, free and uptime print their tables', () => {
  const t = h.sh('top -b -n1 | head -4; free | head -1; uptime | grep -c "load average"', 'busybox');
  assert.match(t.stdout, /^Mem: \d+K used, \d+K free, \d+K shrd, \d+K buff, \d+K cached\nCPU: .*\nLoad average: [\d. ]+\d+\/\d+ \d+\n  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\n {14}total {8}used {8}free {6}shared  buff\/cache   available\n1\n$/);
});

test('per-image paths and identities', () => {
  assert.equal(h.sh('which ls awk sh; id; whoami; groups', 'busybox').stdout, '/bin/ls\n/bin/awk\n/bin/sh\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\nroot\nroot wheel\n');
  assert.equal(h.sh('which ls awk sh; id', 'debian').stdout, '/usr/bin/ls\n/usr/bin/awk\n/usr/bin/sh\nuid=0(root) gid=0(root) groups=0(root)\n');
  assert.equal(h.sh('which awk; id -un', 'alpine').stdout, '/usr/bin/awk\nroot\n');
  assert.equal(out(h.sh('id', 'busybox', { uid: 65534, gid: 65534 })), 'uid=65534(nobody) gid=65534(nogroup)\n');
});

test('apk has no network, vi says what to do instead, a missing command is missing', () => {
  const a = h.sh('apk add curl; echo "rc=$?"', 'alpine');
  assert.match(a.stdout, /^fetch https:\/\/dl-cdn.alpinelinux.org\/alpine\/v3.20\/main\/x86_64\/APKINDEX.tar.gz\n/);
  assert.match(a.stderr, /network unreachable/);
  assert.match(a.stderr, /curl \(no such package\)/);
  assert.match(a.stdout, /rc=1\n$/);
  assert.match(out(h.sh('vi /etc/hosts; echo rc=$?', 'busybox')), /rc=1\nvi: .*sed -i/);
  assert.equal(out(h.sh('vi x; echo $?', 'debian')), '127\n/bin/sh: 1: vi: not found\n');
  assert.equal(out(h.sh('apk info; echo $?', 'debian')), '127\n/bin/sh: 1: apk: not found\n');
});

test('bytes: escapes write raw bytes, digests and counts see bytes', () => {
  const r = h.sh("printf '\\303\\251\\n' | wc -c; printf '\\377\\001' | od -An -tx1; printf '\\303\\251' > f; cat f; echo; head -c 32 /dev/urandom | wc -c; head -c 5 /dev/zero | od -An -c", 'debian');
  assert.equal(r.stdout, '3\n ff 01\né\n32\n  \\0  \\0  \\0  \\0  \\0\n');
});

test('tar round-trips binary files byte for byte, in a pipe and through gzip', () => {
  const bin = Buffer.alloc(1000);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 37 + 11) & 255;
  const md5 = crypto.createHash('md5').update(bin).digest('hex');
  const files = { '/data/bin.dat': { data: h.fromBytes(bin), mode: 0o640 }, '/data/sub/t.txt': { data: 'héllo\n', mode: 0o644 }, '/data/ln': { link: 'bin.dat' } };
  const r = h.sh('cd /data && tar cf - . | (mkdir /x && cd /x && tar xpf -) && md5sum /x/bin.dat && cat /x/sub/t.txt && readlink /x/ln && ls -l /x/bin.dat | cut -c1-10; tar czf /t.tgz -C /data . && mkdir /y && tar xzf /t.tgz -C /y && md5sum /y/bin.dat', 'busybox', { files });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `${md5}  /x/bin.dat\nhéllo\nbin.dat\n-rw-r-----\n${md5}  /y/bin.dat\n`);
});

test('tar cf - writes what a strict reader accepts (checksums, sizes, ustar magic), as kubectl cp reads it', () => {
  const bin = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) & 255));
  const r = h.sh('tar cf - /tmp/foo', 'debian', { files: { '/tmp/foo/a.txt': 'hello\n', '/tmp/foo/b.bin': { data: h.fromBytes(bin) }, ['/tmp/foo/' + 'n'.repeat(120)]: 'long\n' } });
  assert.equal(r.stderr, "tar: Removing leading `/' from member names\n");
  const buf = h.toBytes(r.stdout);
  assert.equal(buf.length % 10240, 0);
  const entries = [];
  let longName;
  for (let i = 0; i + 512 <= buf.length;) {
    const hd = buf.subarray(i, i + 512);
    if (hd.every(b => b === 0)) break;
    let sum = 0;
    for (let k = 0; k < 512; k++) sum += k >= 148 && k < 156 ? 32 : hd[k];
    assert.equal(parseInt(hd.subarray(148, 156).toString('latin1'), 8), sum, 'header checksum');
    assert.equal(hd.subarray(257, 262).toString('latin1'), 'ustar');
    const size = parseInt(hd.subarray(124, 136).toString('latin1'), 8);
    const type = String.fromCharCode(hd[156]);
    const data = buf.subarray(i + 512, i + 512 + size);
    const name = hd.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    i += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = data.toString('utf8').replace(/\0.*$/s, ''); continue; }
    entries.push({ name: longName ?? name, type, data });
    longName = undefined;
  }
  assert.deepEqual(entries.map(e => e.name), ['tmp/foo/', 'tmp/foo/a.txt', 'tmp/foo/b.bin', 'tmp/foo/' + 'n'.repeat(120)]);
  assert.deepEqual(entries[2].data, bin);
});

test('tar xmf - -C extracts a PAX archive as kubectl cp sends one (long and UTF-8 names, binary data, links)', () => {
  const tarBytes = fs.readFileSync(path.join(ROOT, 'test/golden/userland/pax-fixture.tar'));
  const r = h.sh('mkdir -p /dest && tar xmf - -C /dest && cd /dest && find . | sort && md5sum bin.dat "dir with space/b64" && readlink link && cat héllo-ünïcode.txt', 'busybox', { stdin: h.fromBytes(tarBytes) });
  assert.equal(r.stderr, '');
  const long = './d/' + 'x'.repeat(120);
  assert.equal(r.stdout, [
    '.', './bin.dat', './d', long, `${long}/file-with-a-long-name-${'y'.repeat(40)}.txt`, './dir with space', './dir with space/b64', './héllo-ünïcode.txt', './link',
    '56ff7eff0e87b3b132266f7830da2ecf  bin.dat', 'c1ccd8445642e66e063f023103fc0452  dir with space/b64', 'bin.dat', 'unicode name', '',
  ].join('\n'));
});

test('getent hosts is left to the network userland; passwd and group read the image; busybox has no getent', () => {
  assert.equal(out(h.sh('getent passwd root; getent group wheel; getent hosts nosuch.invalid; echo rc=$?', 'alpine')), 'root:x:0:0:root:/root:/bin/sh\nwheel:x:10:root\nrc=2\n');
  assert.equal(out(h.sh('getent hosts localhost; echo rc=$?', 'alpine')), '127.0.0.1       localhost\nrc=0\n');
  assert.equal(out(h.sh('getent passwd root; echo rc=$?', 'busybox')), 'rc=127\nsh: getent: not found\n');
});

test('ls on a terminal lays out columns; elsewhere one name per line', () => {
  const files = Object.fromEntries(['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map(n => [`/t/${n}`, '']));
  assert.equal(h.sh('ls /t', 'busybox', { files }).stdout, 'alpha\nbeta\ndelta\nepsilon\ngamma\n');
  assert.equal(h.sh('COLUMNS=30 ls -C /t', 'busybox', { files }).stdout, 'alpha    delta    gamma\nbeta     epsilon\n');
});

test('a loop that writes a file stays lazy when each period writes the same, and the file gets every period', () => {
  const t0 = Date.UTC(2026, 0, 1, 12);
  const a = h.sh('while true; do echo tick >> /tmp/app.log; sleep 1; done', 'busybox', { untilMs: 100_000 });
  assert.equal(a.lazy, true);
  a.box.materialize(t0 + 100_000);
  assert.equal(a.box.fs.readFile('/tmp/app.log'), 'tick\n'.repeat(101));
  const b = h.sh('i=0; while true; do i=$((i+1)); echo "line $i" >> /tmp/app.log; sleep 1; done', 'debian', { untilMs: 100_000 });
  assert.equal(b.lazy, false, 'a counter in the content cannot be replayed');
  assert.match(b.box.fs.readFile('/tmp/app.log'), /line 100\nline 101\n$/);
  const c = h.sh('while true; do echo ok > /tmp/healthy; sleep 5; done', 'busybox', { untilMs: 600_000 });
  assert.equal(c.lazy, true);
  c.box.materialize(t0 + 600_000);
  assert.equal(c.box.fs.readFile('/tmp/healthy'), 'ok\n');
});

test('/dev/stdout, /dev/fd/N and /proc/<pid>/fd/N open the file the process has there (a preStop hook writes to PID 1\'s log so)', () => {
  const r = h.sh('echo A > /dev/stdout; echo B > /proc/self/fd/1; echo C > /dev/fd/1; echo E > /dev/stderr; (echo F > /proc/1/fd/1); echo G > /proc/1/fd/9; echo rc=$?', 'busybox');
  assert.equal(r.stdout, 'A\nB\nC\nF\nrc=1\n');
  assert.equal(r.stderr, "E\nsh: can't create /proc/1/fd/9: nonexistent directory\n");
  assert.equal(h.sh('exec 3>f; echo hi > /proc/self/fd/3; cat f', 'debian').stdout, 'hi\n');
});
