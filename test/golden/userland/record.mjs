// Records the expected outputs of the userland corpus from the real programs on this machine:
// busybox ash and applets (`apt-get install -y busybox`; applets linked into a private PATH so only
// busybox runs), dash and bash with the host's GNU coreutils (Debian 12, the same as the debian image).
// Usage: node test/golden/userland/record.mjs [area...]   (writes expected/<area>.json)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadCases, expectedPath, loadExpected, fileSpecs, WORK, HOSTNAME, HERE } from './lib.mjs';

const BB = '/tmp/kctl-userland-golden/bb';
function busyboxPath() {
  const bb = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout.trim();
  if (!bb) { console.error('busybox is not installed (apt-get install -y busybox)'); process.exit(1); }
  fs.rmSync(BB, { recursive: true, force: true });
  fs.mkdirSync(BB, { recursive: true });
  const list = spawnSync(bb, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const a of list) fs.symlinkSync(bb, path.join(BB, a));
  return bb;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
function runHost(dialect, c, bb) {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  for (const [p, f] of Object.entries(fileSpecs(c))) {
    const abs = path.resolve(WORK, p);
    if (p.endsWith('/')) { fs.mkdirSync(abs, { recursive: true }); continue; }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (f.link !== undefined) { fs.symlinkSync(f.link, abs); continue; }
    fs.writeFileSync(abs, f.data ?? '');
    fs.chmodSync(abs, f.mode ?? 0o644);
  }
  const env = { PATH: dialect === 'ash' ? BB : PATH, HOME: '/root', HOSTNAME, ...(c.env ?? {}) };
  const opts = { cwd: WORK, env, input: c.stdinScript ? c.sh : c.stdin ?? '', encoding: 'utf8', timeout: 20000 };
  const args = c.stdinScript ? [] : ['-c', c.sh];
  const r = dialect === 'ash' ? spawnSync(bb, args, { ...opts, argv0: 'sh' })
    : dialect === 'dash' ? spawnSync('/bin/dash', args, { ...opts, argv0: '/bin/sh' })
    : spawnSync('/bin/bash', args, { ...opts, argv0: 'bash' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? 128 + 9 };
}

const areas = process.argv.slice(2);
const cases = await loadCases(areas);
const bb = busyboxPath();
const byArea = {};
for (const c of cases) {
  const exp = (byArea[c.area] ??= {});
  const rec = {};
  for (const d of c.in) rec[d] = runHost(d, c, bb);
  if (c.expect) for (const [d, v] of Object.entries(c.expect)) rec[d] = v; // hand-written (needs a terminal or the network)
  if (exp[c.name]) throw new Error(`duplicate case name ${c.area}/${c.name}`);
  exp[c.name] = rec;
}
fs.mkdirSync(path.join(HERE, 'expected'), { recursive: true });
for (const [area, exp] of Object.entries(byArea)) {
  const old = loadExpected(area);
  const changed = Object.keys(exp).filter(k => JSON.stringify(old[k]) !== JSON.stringify(exp[k]));
  fs.writeFileSync(expectedPath(area), JSON.stringify(exp, null, 1) + '\n');
  console.log(`${area}: ${Object.keys(exp).length} cases, ${changed.length} changed${changed.length ? ': ' + changed.slice(0, 10).join(', ') : ''}`);
}
fs.rmSync(path.dirname(WORK), { recursive: true, force: true });
