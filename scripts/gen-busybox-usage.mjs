// Derives src/runtime/userland/bbusage.json: the usage text busybox prints for each applet of the images
// (`busybox APPLET --help`, without the version banner), taken from the host's busybox (apt-get install -y
// busybox). Run by hand when the applet lists change; the output is committed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const images = JSON.parse(fs.readFileSync(path.join(root, 'src/runtime/images.json'), 'utf8'));
const names = new Set();
for (const b of ['busybox', 'alpine']) for (const list of Object.values(images.bases[b].applets)) for (const n of list) names.add(n);
const out = {};
for (const n of [...names].sort()) {
  const r = spawnSync('busybox', [n, '--help'], { encoding: 'utf8' });
  const text = (r.stderr || r.stdout || '').replace(/^BusyBox v[^\n]*\n\n/, '');
  if (!text.startsWith('Usage:')) continue;
  out[n] = text.replace(/^Usage: /, '');
}
fs.writeFileSync(path.join(root, 'src/runtime/userland/bbusage.json'), JSON.stringify(out, null, 0) + '\n');
console.log(`${Object.keys(out).length} applets`);
