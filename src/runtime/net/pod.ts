// A pod outside any cluster, for tests of servers and clients (dist/harness.js `pod`): several containers
// sharing one network namespace (localhost, the pod IP 10.244.1.2), each with its image's filesystem and an
// optional shared emptyDir, run together on a private clock. Names outside the pod resolve through the
// same upstream resolver as in a cluster (the tiny internet); cluster names do not exist.
import { Box } from '../kernel';
import { FileSystem, MemLayer, Mount, MapLayer, Inode } from '../fs';
import { imageLayer, imageConfig, appletOf } from '../images';
import { parseImage, ImageRef } from '../../kubelet/images';
import { userland, signalAction, baseMemory } from '../userland';
import type { ContainerState, Proc } from '../types';
import { Stack, LoneNet } from './index';
import { windowMillicores } from '../acct';

export interface PodContainer {
  name?: string;
  image: string;
  /** The command line (default: the image's entrypoint and cmd). */
  argv?: string[];
  /** Mount the pod's shared emptyDir here. */
  shared?: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
  memLimit?: number;
}
export interface PodResult {
  /** Per container: what it wrote, how it ended. */
  containers: { name: string; stdout: string; stderr: string; exit?: { code: number; reason: string; atMs: number }; box: Box }[];
  /** Milliseconds of simulated time run. */
  ms: number;
}

/** Run a pod's containers together for `untilMs` of simulated time (default 10 s). */
export function pod(containers: PodContainer[], o: { untilMs?: number; hostname?: string } = {}): PodResult {
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
  let now = t0;
  const hostname = o.hostname ?? 'test-pod';
  const shared = new MemLayer('pod:shared');
  shared.put('', { k: 'd', mode: 0o777, uid: 0, gid: 0, mtime: t0 });
  const etc = new MapLayer('etc', new Map<string, Inode>([
    ['', { k: 'd', mode: 0o755, uid: 0, gid: 0, mtime: t0 }],
    ['hostname', { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: t0, data: hostname + '\n' }],
    ['hosts', { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: t0, data: `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.2\t${hostname}\n` }],
    ['resolv.conf', { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: t0, data: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n' }],
  ]));
  const boxes: Box[] = [];
  const fab = new LoneNet(() => boxes[0]!, () => now, () => boxes);
  let seed = 42;
  containers.forEach((spec, i) => {
    const ref = parseImage(spec.image) as ImageRef;
    const cfg = imageConfig(ref);
    const upper = new MemLayer(`ctr${i}`);
    for (const [p, data] of Object.entries(spec.files ?? {})) {
      const rel = p.replace(/^\/+/, '');
      const parts = rel.split('/');
      for (let k = 1; k < parts.length; k++) { const d = parts.slice(0, k).join('/'); if (!upper.get(d)) upper.put(d, { k: 'd', mode: 0o755, uid: 0, gid: 0, mtime: t0 }); }
      upper.put(rel, { k: 'f', mode: 0o755, uid: 0, gid: 0, mtime: t0, data });
    }
    const mounts: Mount[] = [
      { at: '/', layers: [upper, imageLayer(ref)], root: '', ro: false, kind: 'rootfs' },
      { at: '/etc/hostname', layers: [etc], root: 'hostname', ro: false, kind: 'kubelet', file: true },
      { at: '/etc/hosts', layers: [etc], root: 'hosts', ro: false, kind: 'kubelet', file: true },
      { at: '/etc/resolv.conf', layers: [etc], root: 'resolv.conf', ro: false, kind: 'kubelet', file: true },
    ];
    if (spec.shared) mounts.push({ at: spec.shared, layers: [shared], root: '', ro: false, kind: 'volume', shared: true, mutable: true });
    let box: Box | undefined;
    const fs = new FileSystem(mounts, { now: () => (box ? box.vt() : now), touched: (m) => { if (box && m.shared) box.shared(); } });
    const name = spec.name ?? `c${i}`;
    const st: ContainerState = { v: 1, id: `harness${i}`, pod: { ns: 'default', name: hostname, uid: 'uid' }, name, image: spec.image, flavor: cfg.flavor, started: now, nextPid: 1, nextPipe: 1, procs: {}, pipes: {}, units: [], ports: {}, logBytes: 0, ver: 0, memLimit: spec.memLimit ?? 0 };
    box = new Box(st, fs, { ns: 'default', name: hostname, uid: 'uid', hostname, ip: '10.244.1.2', node: 'kctl-worker', nodeIP: '172.18.0.3', container: name, containerId: st.id, image: spec.image }, {
      userland, onSignal: signalAction, baseMemory, binaryOf: appletOf,
      random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647),
      net: b => new Stack(fab, { ip: '10.244.1.2', pod: { ns: 'default', name: hostname, uid: 'uid' }, node: 'kctl-worker', hostNetwork: false, box: b }),
    });
    box.now = now;
    const env: Record<string, string> = { PATH: cfg.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: hostname, ...cfg.env, ...(spec.env ?? {}), HOME: '/root' };
    const args = spec.argv ?? [...(cfg.entrypoint ?? []), ...(cfg.cmd ?? [])];
    const init: Proc = { pid: 0, ppid: 0, argv: [], cwd: cfg.workingDir ?? '/', env, uid: 0, gid: 0, fds: {}, prog: { k: 'cmd', name: 'init', st: {} }, st: 'R', t0: now };
    const prog = box.program(init, args, env);
    if (typeof prog === 'string') throw new Error(`cannot start ${args[0]}: ${prog}`);
    box.spawnProc(undefined, prog.prog, prog.argv, { 0: { t: 'null' }, 1: { t: 'log', s: 1 }, 2: { t: 'log', s: 2 } }, { env, cwd: init.cwd, uid: 0, gid: 0 });
    boxes.push(box);
  });
  // containers start in order, each at the same instant
  for (const b of boxes) { b.noLazy = true; b.run(now); }
  const until = t0 + (o.untilMs ?? 10_000);
  for (let guard = 0; guard < 2_000_000; guard++) {
    let next: number | undefined;
    for (const b of boxes) { const w = b.nextWake(); if (w !== undefined && (next === undefined || w < next)) next = w; }
    if (next === undefined || next > until) break;
    now = Math.max(now, next);
    for (const b of boxes) { const w = b.nextWake(); if (w !== undefined && w <= now) b.run(now); }
  }
  now = until;
  return {
    ms: until - t0,
    containers: boxes.map(b => {
      const d = b.s.dead;
      return {
        name: b.s.name,
        stdout: b.pending.filter(w => w.s === 1).map(w => w.d).join(''),
        stderr: b.pending.filter(w => w.s === 2).map(w => w.d).join(''),
        ...(d ? { exit: { code: d.code, reason: d.reason, atMs: Math.round(d.at - t0) } } : {}),
        box: b,
      };
    }),
  };
}

/** What top would show for a harness box at `atMs` after the start: CPU millicores and memory bytes. */
export function usageOf(box: Box, atMs: number): { cpuMilli: number; memoryBytes: number } {
  const cfg = imageConfig(parseImage(box.s.image) as ImageRef);
  let burn = 0;
  for (const p of box.procs()) if (p.st !== 'Z') burn += (p as { burn?: number }).burn ?? 0;
  return { cpuMilli: Math.round((cfg.cpu ?? 0) + burn + windowMillicores(box, box.s.started + atMs)), memoryBytes: Math.max(box.memoryUsed(), cfg.memory ?? 0) };
}
