// Developer harness: run a command in a simulated container outside any cluster and print its log.
// npx esbuild scripts/dev/shbox.ts --bundle --platform=node --outfile=/tmp/shbox.js && node /tmp/shbox.js busybox 'echo hi'
import { Box } from '../../src/runtime/kernel';
import { FileSystem, MemLayer, Mount } from '../../src/runtime/fs';
import { imageLayer, imageConfig, appletOf } from '../../src/runtime/images';
import { parseImage, ImageRef } from '../../src/kubelet/images';
import { userland, signalAction, baseMemory } from '../../src/runtime/userland';
import type { ContainerState } from '../../src/runtime/types';

const [image = 'busybox', ...argv] = process.argv.slice(2);
const ref = parseImage(image) as ImageRef;
const cfg = imageConfig(ref);
let now = Date.UTC(2026, 11, 6, 12, 0, 0);
const mounts: Mount[] = [{ at: '/', layers: [new MemLayer('ctr'), imageLayer(ref)], root: '', ro: false, kind: 'rootfs' }];
const fs = new FileSystem(mounts, { now: () => now });
const st: ContainerState = { v: 1, id: 'c1', pod: { ns: 'default', name: 'p', uid: 'u' }, name: 'c', image, flavor: cfg.flavor, started: now, nextPid: 1, nextPipe: 1, procs: {}, pipes: {}, units: [], ports: {}, logBytes: 0, ver: 0, memLimit: 0 };
let seed = 1;
const box = new Box(st, fs, { ns: 'default', name: 'p', uid: 'u', hostname: 'p', ip: '10.244.1.2', node: 'n', nodeIP: '172.18.0.2', container: 'c', containerId: 'c1', image }, {
  userland, onSignal: signalAction, baseMemory, binaryOf: appletOf, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647),
});
const args = argv.length ? (argv.length === 1 ? ['sh', '-c', argv[0]!] : argv) : [...(cfg.entrypoint ?? []), ...(cfg.cmd ?? [])];
const p0 = { pid: 0, ppid: 0, argv: [], cwd: '/', env: cfg.env, uid: 0, gid: 0, fds: {}, prog: { k: 'cmd', name: 'init', st: {} }, st: 'R', t0: now } as any;
box.now = now;
const prog = box.program(p0, args, cfg.env);
if (typeof prog === 'string') { console.error('exec failed:', prog); process.exit(1); }
box.spawnProc(undefined, prog.prog, prog.argv, { 1: { t: 'log', s: 1 }, 2: { t: 'log', s: 2 }, 0: { t: 'null' } }, { env: cfg.env, cwd: cfg.workingDir ?? '/' });
const until = Number(process.env.UNTIL_MS ?? 5000);
const t0 = now;
box.run(now);
let wakes = 0;
for (;;) {
  if (box.s.dead) break;
  const w = box.nextWake();
  if (box.s.lazy) { console.error(`[lazy: P=${box.s.lazy.P} t0=${box.s.lazy.t0 - t0} tmpl=${!!box.s.lazy.tmpl} delta=${JSON.stringify(box.s.lazy.delta)}]`); const seg = box.materialize(t0 + until); console.error('[segment]', seg && { n: seg.n, P: seg.P }); break; }
  if (w === undefined || w > t0 + until) break;
  now = w; wakes++;
  box.run(now);
}
for (const l of box.pending) process.stdout.write((process.env.TS ? `${((l.ts / 1000 - t0) / 1000).toFixed(3)} ` : '') + (l.s === 2 ? '[err] ' : '') + l.d);
console.error(`[dead=${JSON.stringify(box.s.dead)} wakes=${wakes} procs=${Object.values(box.s.procs).map(p => `${p.pid}:${p.st}:${p.argv.join(' ')}`).join(', ')}]`);
