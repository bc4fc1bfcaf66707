// The userland through the real CLI: `kctl exec` into busybox, alpine, debian and nginx pods runs the
// image's own commands with their messages, passes stdin and exit codes through, and carries bytes
// exactly (a tar stream in and out, as kubectl cp does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
import { kctl, freshHome, tmpFile } from './helpers.mjs';

const home = freshHome();
const pods = ['busybox', 'alpine', 'debian', 'nginx'].map(img => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: img === 'nginx' ? 'web' : img },
  spec: { containers: [img === 'nginx' ? { name: 'nginx', image: 'nginx' } : { name: 'c', image: img, command: ['sleep', '3600'] }] },
}));
const setup = kctl(home, ['apply', '-f', tmpFile('pods.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }))]);
const x = (pod, argv, input) => kctl(home, ['exec', ...(input !== undefined ? ['-i'] : []), pod, '--', ...argv], input !== undefined ? { input } : {});

test('pods for the exec tests are up', () => {
  assert.equal(setup.code, 0, setup.stderr);
});

test('busybox: its applets, its messages, its ps', () => {
  const r = x('busybox', ['sh', '-c', 'echo $((6*7)); ls /; cat /nope; printf "%s|" $(seq 3); echo; ps']);
  assert.equal(r.stdout, '42\nbin\ndev\netc\nhome\nlib\nlib64\nproc\nroot\nsys\ntmp\nusr\nvar\n1|2|3|\nPID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    2 root      0:00 ps\n');
  assert.equal(r.stderr, "cat: can't open '/nope': No such file or directory\n");
  assert.equal(r.code, 0);
});

test('exit codes pass through with kubectl\'s notice; a missing command is the runtime\'s error', () => {
  const a = x('busybox', ['sh', '-c', 'nosuch']);
  assert.equal(a.stderr, 'sh: nosuch: not found\ncommand terminated with exit code 127\n');
  assert.equal(a.code, 127);
  const b = x('debian', ['ls', '/nonexistent']);
  assert.equal(b.stderr, "ls: cannot access '/nonexistent': No such file or directory\ncommand terminated with exit code 2\n");
  assert.equal(b.code, 2);
  const c = x('web', ['ps']);
  assert.match(c.stderr, /exec: "ps": executable file not found in \$PATH: unknown\n$/);
  assert.equal(c.code, 1);
});

test('debian: bash and GNU tools; nginx: its files', () => {
  const r = x('debian', ['bash', '-c', 'echo "${BASH_VERSINFO[0]:-5}"; awk "BEGIN{printf \\"%d\\\\n\\", 7/2}"; sed -n 2p /etc/os-release; [[ -d /usr/bin ]] && echo dir']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.split('\n').slice(1).join('\n'), '3\nNAME="Debian GNU/Linux"\ndir\n');
  const n = x('web', ['sh', '-c', 'ls /usr/share/nginx/html; grep -c nginx /etc/nginx/conf.d/default.conf >/dev/null && echo conf']);
  assert.equal(n.stdout, '50x.html\nindex.html\nconf\n');
});

test('alpine: apk cannot reach the network', () => {
  const r = x('alpine', ['apk', 'add', 'curl']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /network unreachable/);
  assert.match(r.stderr, /command terminated with exit code 1\n$/);
});

test('stdin flows into the command', () => {
  const r = x('busybox', ['sh', '-c', 'while read -r l; do echo "<$l>"; done | sort -r'], 'a\nb\nc\n');
  assert.equal(r.stdout, '<c>\n<b>\n<a>\n');
});

test('bytes survive exec both ways: a tar stream in and out, as kubectl cp uses them', () => {
  const bin = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131 + 7) & 255));
  const md5 = crypto.createHash('md5').update(bin).digest('hex');
  const up = kctl(home, ['exec', '-i', 'busybox', '--', 'sh', '-c', 'cat > /tmp/b.bin && md5sum /tmp/b.bin'], { input: bin });
  assert.equal(up.stdout, `${md5}  /tmp/b.bin\n`);
  // tar cf - in the container, read back here byte for byte
  const down = require('node:child_process').spawnSync(process.execPath, [require('node:path').join(process.cwd(), 'bin/kctl'), 'exec', 'busybox', '--', 'tar', 'cf', '-', '/tmp/b.bin'], { env: { ...process.env, KCTL_HOME: home } });
  assert.equal(down.stderr.toString(), "tar: removing leading '/' from member names\n");
  const tar = down.stdout;
  assert.equal(tar.subarray(0, 9).toString(), 'tmp/b.bin');
  const size = parseInt(tar.subarray(124, 136).toString(), 8);
  assert.equal(size, bin.length);
  assert.deepEqual(tar.subarray(512, 512 + size), bin);
  // and the same archive extracted in another container (kubectl cp's `tar xmf - -C`)
  const ex = kctl(home, ['exec', '-i', 'debian', '--', 'sh', '-c', 'mkdir -p /in && tar xmf - -C /in && md5sum /in/tmp/b.bin'], { input: tar });
  assert.equal(ex.stdout, `${md5}  /in/tmp/b.bin\n`);
});
