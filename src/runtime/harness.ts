// A container outside any cluster, for tests of the shell and the userland (dist/harness.js): run argv in
// an image's filesystem on a private clock and get back what it wrote and how it ended. The same kernel,
// shell and commands as in a cluster; no database, no kubelet, no network beyond the pod itself.
import { Box } from './kernel';
import { FileSystem, MemLayer, Mount, MapLayer, Inode } from './fs';
import { imageLayer, imageConfig, appletOf } from './images';
import { parseImage, ImageRef } from '../kubelet/images';
import { userland, signalAction, baseMemory } from './userland';
import { devLayer } from './volumes';
import type { ContainerState, Proc } from './types';
import { loneStack } from './net';

export interface HarnessResult {
  /** Everything written to the container log, in order ([stream, text]). */
  log: [1 | 2, string][];
  stdout: string;
  stderr: string;
  /** PID 1's exit, if it ended within the time given. */
  exit?: { code: number; reason: string; atMs: number; signal?: number };
  /** Timed wakes the run took (0 when everything happened at once). */
  wakes: number;
  /** The container turned lazy (a repeating loop was found). */
  lazy: boolean;
  box: Box;
}

export interface HarnessOptions {
  /** Simulated time to run for (ms). Default 60 s. */
  untilMs?: number;
  /** Data on PID 1's stdin (closed after it). */
  stdin?: string;
  /** Extra files: path → content (a path ending in '/' is a directory; relative paths are under cwd). */
  files?: Record<string, string | { data?: string; mode?: number; uid?: number; gid?: number; link?: string }>;
  /** PID 1's working directory (created if missing). Default: the image's. */
  cwd?: string;
  env?: Record<string, string>;
  uid?: number;
  gid?: number;
  hostname?: string;
  /** Signals to send to PID 1 at given times: [ms, signal number]. */
  signals?: [number, number][];
  seed?: number;
}

export function run(image: string, argv: string[] | undefined, o: HarnessOptions = {}): HarnessResult {
  const ref = parseImage(image) as ImageRef;
  const cfg = imageConfig(ref);
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
  let now = t0;
  const extra = new Map<string, Inode>([['', { k: 'd', mode: 0o755, uid: 0, gid: 0, mtime: t0 }]]);
  const hostname = o.hostname ?? 'test-pod';
  const upper = new MemLayer('ctr');
  const mkdirs = (rel: string) => {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) { const d = parts.slice(0, i).join('/'); if (d && !upper.get(d) && !imageLayer(ref).get(d)) upper.put(d, { k: 'd', mode: 0o755, uid: 0, gid: 0, mtime: t0 }); }
  };
  if (o.cwd) mkdirs(o.cwd.replace(/^\/+|\/+$/g, ''));
  for (const [p, spec] of Object.entries(o.files ?? {})) {
    const abs = p.startsWith('/') ? p : `${o.cwd ?? '/'}/${p}`;
    const rel = abs.replace(/^\/+/, '').replace(/\/+/g, '/');
    if (rel.endsWith('/')) { mkdirs(rel.slice(0, -1)); continue; }
    mkdirs(rel.slice(0, Math.max(0, rel.lastIndexOf('/'))));
    const f = typeof spec === 'string' ? { data: spec } : spec;
    if (f.link !== undefined) upper.put(rel, { k: 'l', mode: 0o777, uid: f.uid ?? 0, gid: f.gid ?? 0, mtime: t0, data: f.link });
    else upper.put(rel, { k: 'f', mode: f.mode ?? (typeof spec === 'string' ? 0o755 : 0o644), uid: f.uid ?? 0, gid: f.gid ?? 0, mtime: t0, data: f.data ?? '' });
  }
  const etc = new MapLayer('etc', new Map<string, Inode>([['', { k: 'd', mode: 0o755, uid: 0, gid: 0, mtime: t0 }], ['hostname', { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: t0, data: hostname + '\n' }], ['hosts', { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: t0, data: `127.0.0.1\tlocalhost\n10.244.1.2\t${hostname}\n` }], ['resolv.conf', { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: t0, data: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n' }]]));
  const mounts: Mount[] = [
    { at: '/', layers: [upper, imageLayer(ref)], root: '', ro: false, kind: 'rootfs' },
    { at: '/etc/hostname', layers: [etc], root: 'hostname', ro: false, kind: 'kubelet', file: true },
    { at: '/etc/hosts', layers: [etc], root: 'hosts', ro: false, kind: 'kubelet', file: true },
    { at: '/etc/resolv.conf', layers: [etc], root: 'resolv.conf', ro: false, kind: 'kubelet', file: true },
    { at: '/dev', layers: [devLayer()], root: '', ro: false, kind: 'dev' },
  ];
  void extra;
  const fs = new FileSystem(mounts, { now: () => box ? box.vt() : now });
  const st: ContainerState = { v: 1, id: 'harness', pod: { ns: 'default', name: hostname, uid: 'uid' }, name: 'c', image, flavor: cfg.flavor, started: now, nextPid: 1, nextPipe: 1, procs: {}, pipes: {}, units: [], ports: {}, logBytes: 0, ver: 0, memLimit: 0 };
  let seed = o.seed ?? 42;
  let box: Box | undefined;
  box = new Box(st, fs, { ns: 'default', name: hostname, uid: 'uid', hostname, ip: '10.244.1.2', node: 'kctl-worker', nodeIP: '172.18.0.3', container: 'c', containerId: 'harness', image }, {
    userland, onSignal: signalAction, baseMemory, binaryOf: appletOf,
    random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647),
    net: loneStack(() => box!, () => box!.vt()),
  });
  const env: Record<string, string> = { PATH: cfg.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: hostname, ...cfg.env, ...(o.env ?? {}), HOME: '/root' };
  const args = argv ?? [...(cfg.entrypoint ?? []), ...(cfg.cmd ?? [])];
  const init: Proc = { pid: 0, ppid: 0, argv: [], cwd: o.cwd ?? cfg.workingDir ?? '/', env, uid: o.uid ?? 0, gid: o.gid ?? 0, fds: {}, prog: { k: 'cmd', name: 'init', st: {} }, st: 'R', t0: now };
  box.now = now;
  const prog = box.program(init, args, env);
  if (typeof prog === 'string') throw new Error(`cannot start ${args[0]}: ${prog}`);
  const stdin = o.stdin !== undefined ? box.newPipe(o.stdin) : undefined;
  box.spawnProc(undefined, prog.prog, prog.argv, { 0: stdin !== undefined ? { t: 'pipe', id: stdin } : { t: 'null' }, 1: { t: 'log', s: 1 }, 2: { t: 'log', s: 2 } }, { env, cwd: init.cwd, uid: init.uid, gid: init.gid });
  const until = t0 + (o.untilMs ?? 60_000);
  const signals = [...(o.signals ?? [])].sort((a, b) => a[0] - b[0]);
  box.run(now);
  let wakes = 0;
  let lazy = false;
  for (let guard = 0; guard < 1_000_000; guard++) {
    if (box.s.dead) break;
    const sig = signals[0];
    if (box.s.lazy) {
      lazy = true;
      if (!sig || t0 + sig[0] > until) { box.materialize(until); break; }
      now = t0 + sig[0];
      box.materialize(now);
      signals.shift();
      box.signal(1, sig[1]);
      box.run(now);
      continue;
    }
    const w = box.nextWake();
    const next = Math.min(w ?? Infinity, sig ? t0 + sig[0] : Infinity);
    if (!Number.isFinite(next) || next > until) break;
    now = next;
    if (sig && t0 + sig[0] === next) { signals.shift(); box.now = Math.max(box.now, now); box.signal(1, sig[1]); }
    wakes++;
    box.run(now);
  }
  const log = box.pending.map(w => [w.s, w.d] as [1 | 2, string]);
  const d = box.s.dead;
  return {
    log, stdout: log.filter(l => l[0] === 1).map(l => l[1]).join(''), stderr: log.filter(l => l[0] === 2).map(l => l[1]).join(''),
    ...(d ? { exit: { code: d.code, reason: d.reason, atMs: Math.round(d.at - t0), ...(d.signal !== undefined ? { signal: d.signal } : {}) } } : {}),
    wakes, lazy, box,
  };
}

/** `sh -c script` in an image (busybox by default). */
export function sh(script: string, image = 'busybox', o: HarnessOptions = {}): HarnessResult {
  const shell = image.includes('debian') || image.includes('ubuntu') || image.includes('nginx') ? '/bin/sh' : 'sh';
  return run(image, [shell, '-c', script], o);
}

export { toBytes, fromBytes } from './bytes';
export { pod, usageOf } from './net/pod';
export { unpack } from '../api/pack';
export { Rng } from '../sim/rng';
