// The container runtime as the kubelet talks to it (containerd behind the CRI): create and start a
// container, report its state, stop it with a signal and a grace period, exec into it, read its logs.
// Every container is a Box (src/runtime/kernel.ts) whose state is one row in the cluster database, loaded
// when first touched in a step and written back before the step commits, with its own timer ('ctr') for
// the next moment one of its processes wakes.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import type { V1Container, V1ContainerStatus, V1Volume } from '../api/k8s';
import { byGroupResource } from '../api/discovery';
import { Box, VirtualSegment, LOG_MAX, applyDelta } from './kernel';
import { FileSystem, Layer, Inode, MapLayer } from './fs';
import type { ContainerState, Fd, LogWrite, PodInfo, Proc } from './types';
import { imageConfig, appletOf, ImageConfig, knownImage } from './images';
import { parseImage, ImageRef } from '../kubelet/images';
import { userland, signalAction, baseMemory } from './userland';
import { Layers, containerMounts, podHostname } from './volumes';
import { SIGNALS } from './sh/interp';
import { clusterStack, clusterProbeNet, ClusterNet } from './net';
import { setUsageProvider } from '../kubelet/usage';
import { setProbeNet } from '../kubelet/probes';
import { runtimeUsage } from './usage';
import { hash52 } from '../util/hash';
import { parseQuantity } from '../util/quantity';
import { parseStored, CorruptDataError } from '../api/storage-errors';
import { drawsOfHex } from '../sim/rng';

export const CTR_TIMER = 'ctr';
/** The session standing for PID 1's terminal (a container with stdin and tty). */
export const PID1_TTY = 'tty1';
const podRi = () => byGroupResource('', 'pods')!;

/** A container of a pod's spec; an ephemeral one may name the container whose processes it joins. */
export type SpecContainer = V1Container & { targetContainerName?: string };
export interface StartSpec {
  pod: KObject;
  /** The container spec (from containers, initContainers or ephemeralContainers). */
  container: SpecContainer;
  env: { name: string; value: string }[];
  /** Memory limit in bytes (0 = none). */
  memLimit: number;
  /** A container the API already shows Running (adoption): its id, and when its process started (ms). */
  adopt?: { cid: string; at: number };
}
export type ContainerStatus =
  | { state: 'running'; startedAt: number }
  | { state: 'exited'; code: number; reason: 'Completed' | 'Error' | 'OOMKilled'; startedAt: number; finishedAt: number; signal?: number; message?: string };

/** Why a process could not start: containerd's words (StartError / RunContainerError). */
export class StartError extends Error {}

export class ContainerRuntime {
  private boxes = new Map<string, Box>();
  layers: Layers;
  private seqs = new Map<string, number>();
  private segs = new Map<string, VirtualSegment[]>();
  /** Containers without their box (start) seen in this step, by id: started in it (`pod` and `memLimit` known:
   *  `same`), or read from their record. */
  private deferred = new Map<string, Pending>();
  /** Boxes of a quiet shape made in this step, by id: their shape (startShape) and their state as they started. */
  private shapes = new Map<string, { shape: string; mark: string }>();

  static of(rt: Runtime): ContainerRuntime {
    let c = rt.ext.get('cri') as ContainerRuntime | undefined;
    if (!c) { c = new ContainerRuntime(rt); rt.ext.set('cri', c); }
    return c;
  }
  private constructor(public rt: Runtime) {
    this.layers = new Layers(rt);
    rt.beforeCommit(() => this.flush());
  }

  static key(podUid: string, cid: string): string { return `${podUid}/${cid}`; }

  // ---------------------------------------------------------------- lifecycle
  /**
   * Create and start a container: PID 1 runs at once. Throws StartError when the process cannot start.
   *
   * A container whose start is known to leave PID 1 running with nothing to wake it (an idle server: no
   * randomness, nothing shared, no timer; see QUIET) is started as far as anyone can tell, without its box: its
   * id is drawn as a start draws it and its status is running from now, and its box is made when something
   * first touches it, as a container adopted from the API is (src/runtime/cri.ts adopt: the same command,
   * environment and mounts, its output stamped when it started). test/deferred-start.test.mjs holds such a
   * cluster to one whose every box was made at its start, record for record.
   */
  start(spec: StartSpec): string {
    const shape = spec.adopt || EAGER ? undefined : startShape(spec);
    if (shape !== undefined && QUIET.get(shape)) {
      const cid = this.rt.rng.hex(64);
      const uid = spec.pod.metadata.uid!;
      // (its record says when it started, to the millisecond (the status has whole seconds), and with what
      // environment (the services it names are those there were then, which their whole-second creation times
      // cannot always tell))
      const rec: Deferred = { deferred: this.rt.clock.now(), name: spec.container.name, image: String(spec.container.image), env: spec.env };
      this.deferred.set(cid, { uid, cid, rec, pod: spec.pod, memLimit: spec.memLimit, same: true });
      this.writeDeferred(uid, cid, rec);
      return cid;
    }
    const pos = this.rt.rng.position();
    const cid = this.startNow(spec);
    if (shape !== undefined) {
      const b = this.boxes.get(cid)!;
      // (the id is the draws of 64 hex digits; a start that drew more would draw them again when made later)
      if (!QUIET.has(shape)) QUIET.set(shape, !b.s.dead && b.nextWake() === undefined && !b.s.lazy && !b.s.sessions && b.drew === 0 && this.rt.rng.drawnSince(pos) === drawsOfHex(64));
      if (QUIET.get(shape)) this.learnFrom(b, shape);
    }
    return cid;
  }
  private writeDeferred(uid: string, cid: string, rec: Deferred): void {
    this.rt.store.rtPutState(ContainerRuntime.key(uid, cid), JSON.stringify(rec), true);
  }
  /** A container without its box, if that is what `cid` is: started in this step, or by its record. (A record
   *  of a box read on the way is kept for box(), which loads it: one read of it per step.) */
  private pending(podUid: string, cid: string): Pending | undefined {
    const known = this.deferred.get(cid);
    if (known || this.boxes.has(cid)) return known;
    let json = this.unloaded.get(cid);
    if (json === undefined) {
      json = this.rt.store.rtState(ContainerRuntime.key(podUid, cid)) ?? '';
      this.unloaded.set(cid, json);
    }
    if (!json.startsWith('{"deferred":')) return undefined;
    this.unloaded.delete(cid);
    const p: Pending = { uid: podUid, cid, rec: deferredRecord(json) };
    this.deferred.set(cid, p);
    return p;
  }
  /** Records read by pending() that were not a container without its box (''), by id, until box() loads them. */
  private unloaded = new Map<string, string>();
  /** The pod and container spec of a container without its box (undefined when its pod is gone). */
  private specOf(p: Pending): StartSpec | undefined {
    const pod = p.pod ?? this.rt.api.viewByUid(p.uid) as KObject | undefined;
    if (!pod || pod.kind !== 'Pod') return undefined;
    const container = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c: SpecContainer) => c.name === p.rec.name);
    if (!container) return undefined;
    const memLimit = p.memLimit ?? memoryLimit(container);
    return { pod, container, env: p.rec.env, memLimit };
  }
  /**
   * The box of a container started without it, made now as it started (the same command, environment and
   * mounts, its output stamped then) and, when it was stopped the known way (stopKnown), as it stopped. Between
   * steps a box is what the step left, loaded from its record (Box's unsaved counters start again): so it is here.
   */
  private materialize(p: Pending): Box | undefined {
    this.deferred.delete(p.cid);
    const sp = this.specOf(p);
    if (!sp) return undefined;
    const { cid, uid } = p;
    const stop = p.rec.stop;
    this.startNow({ ...sp, adopt: { cid, at: p.rec.deferred } });
    let box = this.boxes.get(cid);
    if (!box) return undefined;
    if (!p.same && !stop?.same) box = this.load(uid, cid, JSON.stringify(box.s), box.pending, stop?.at);
    if (!box) return undefined;
    if (!stop) {
      this.learnFrom(box, startShape(sp)!);
      return box;
    }
    // (the kubelet heard of the death when it happened: no news of it now)
    this.quietDeath = true;
    try {
      box.run(stop.at);
      box.signal(1, stop.sig);
      box.run(stop.at);
    } finally { this.quietDeath = false; }
    this.afterRun(box);
    return p.stoppedHere ? box : this.load(uid, cid, JSON.stringify(box.s), box.pending);
  }
  /** A box of a quiet shape as it started: its first stop by a signal tells how every box of the shape stops (signal). */
  private learnFrom(box: Box, shape: string): void {
    this.shapes.set(box.s.id, { shape, mark: savedMark(JSON.stringify(box.s)) });
  }
  /** While a stop is replayed (materialize): the death it ends in is old news. */
  private quietDeath = false;
  private startNow(spec: StartSpec): string {
    const { pod, container: c } = spec;
    const ref = parseImage(String(c.image)) as ImageRef;
    const cfg = imageConfig(ref);
    const cid = spec.adopt?.cid ?? this.rt.rng.hex(64);
    const now = spec.adopt?.at ?? this.rt.clock.now();
    const st: ContainerState = {
      v: 1, id: cid, pod: { ns: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! }, name: c.name,
      image: String(c.image), flavor: cfg.flavor, started: now, nextPid: 1, nextPipe: 1, procs: {}, pipes: {}, units: [], ports: {},
      logBytes: 0, ver: 0, memLimit: spec.memLimit,
      ...(knownImage(ref) ? {} : { generic: 1 as const }),
    };
    // kubectl debug --target: the ephemeral container joins the target container's process namespace
    if (c.targetContainerName) {
      const ts = (pod.status?.containerStatuses ?? []).find((x: V1ContainerStatus) => x.name === c.targetContainerName);
      const tcid = String(ts?.containerID ?? '').replace(/^containerd:\/\//, '');
      const target = tcid ? this.box(pod.metadata.uid!, tcid) : undefined;
      if (target) st.pidns = { cid: tcid, base: target.s.nextPid - 1 };
    }
    const box = this.makeBox(st, pod, c, ref);
    box.now = now;
    const argv = commandLine(c, cfg);
    if (!argv.length) throw new StartError('failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown');
    const env: Record<string, string> = { PATH: cfg.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: podHostname(pod) };
    for (const [k, v] of Object.entries(cfg.env)) if (!(k in env)) env[k] = v;
    for (const e of spec.env) env[e.name] = e.value;
    const { uid, gid, groups } = identity(pod, c, cfg, box);
    env.HOME ??= uid === 0 ? '/root' : homeOf(box, uid) ?? '/';
    const cwd = c.workingDir ?? cfg.workingDir ?? '/';
    const init: Proc = { pid: 0, ppid: 0, argv: [], cwd, env, uid, gid, fds: {}, prog: { k: 'cmd', name: 'init', st: {} }, st: 'R', t0: now };
    if (groups.length) init.groups = groups;
    // stdin: a pipe held open for `kubectl attach -i` (a terminal with tty: true, so a shell there is interactive)
    const stdin: Fd = c.stdin ? { t: 'pipe', id: box.newPipe() } : { t: 'null' };
    if (stdin.t === 'pipe') {
      box.s.pipes[stdin.id]!.ext = { w: 1 };
      if (c.tty) (box.s.sessions ??= {})[PID1_TTY] = { pid: 1, in: stdin.id, out: stdin.id, err: stdin.id, tty: 1 };
    }
    init.fds = { 0: stdin };
    const prog = box.program(init, argv, env);
    if (typeof prog === 'string') throw new StartError(startMessage(argv[0]!, prog));
    // a terminal is one stream: what PID 1 writes to stderr goes to the same place as stdout
    const tty = stdin.t === 'pipe' && !!c.tty;
    const pid = box.spawnProc(undefined, prog.prog, prog.argv, { 0: stdin, 1: { t: 'log', s: 1 }, 2: { t: 'log', s: tty ? 1 : 2 } }, { env, cwd, uid, gid });
    if (groups.length) box.s.procs[pid]!.groups = groups;
    this.boxes.set(cid, box);
    // an adopted container's network is the one it had then (its pod's IPs as they were)
    if (spec.adopt) ClusterNet.of(this.rt).stackFor(box, pod);
    box.dirty = true;
    box.run(now);
    this.afterRun(box);
    return cid;
  }

  /** The state of a container, or undefined when the runtime does not know it. */
  status(podUid: string, cid: string): ContainerStatus | undefined {
    const p = this.pending(podUid, cid);
    if (p) {
      const st = p.rec.stop;
      if (!st) return { state: 'running', startedAt: p.rec.deferred };
      return { state: 'exited', code: st.code, reason: st.reason, startedAt: p.rec.deferred, finishedAt: Math.floor(st.fin), ...(st.signal !== undefined ? { signal: st.signal } : {}) };
    }
    const box = this.box(podUid, cid);
    if (!box) return undefined;
    const d = box.s.dead;
    if (!d) return { state: 'running', startedAt: box.s.started };
    let message: string | undefined;
    const term = box.fs.mounts.find(m => m.file && m.kind === 'kubelet' && m.root === 'log');
    if (term) { try { const t = box.fs.readFile(term.at); if (t) message = t.slice(0, 4096); } catch { /* none */ } }
    return { state: 'exited', code: d.code, reason: d.reason, startedAt: box.s.started, finishedAt: Math.floor(d.at), ...(d.signal !== undefined ? { signal: d.signal } : {}), ...(message ? { message } : {}) };
  }

  /** The image a container was started with and whether it runs (known without making a box: pending). */
  imageOf(podUid: string, cid: string): { image: string; running: boolean } | undefined {
    const p = this.pending(podUid, cid);
    if (p) return { image: p.rec.image, running: !p.rec.stop };
    const box = this.box(podUid, cid);
    return box && { image: box.s.image, running: !box.s.dead };
  }

  /** Send a signal to PID 1 (the kubelet's stop: the image's STOPSIGNAL, default TERM). */
  signal(podUid: string, cid: string, sig: number): void {
    const p = this.pending(podUid, cid);
    if (p && this.stopKnown(p, cid, sig)) return;
    const box = this.box(podUid, cid);
    if (!box || box.s.dead) return;
    const now = this.rt.clock.now();
    this.bringToNow(box);
    // the first stop of a box of a quiet shape as it started: how it ends, for the others of the shape (stopKnown)
    const learn = this.shapes.get(cid);
    const key = learn && !STOPS.has(`${sig}|${learn.shape}`) && savedMark(JSON.stringify(box.s)) === learn.mark ? `${sig}|${learn.shape}` : undefined;
    const drew = box.drew, pos = this.rt.rng.position();
    box.signal(1, sig);
    box.run(now);
    this.afterRun(box);
    if (key !== undefined) {
      const d = box.s.dead as ContainerState['dead'];
      const st = this.status(podUid, cid);
      const known = !!d && box.drew === drew && this.rt.rng.drawnSince(pos) === 0 && Math.floor(d.at) === now && box.nextWake() === undefined && st?.state === 'exited' && !st.message && (d.reason === 'Completed' || d.reason === 'Error');
      STOPS.set(key, known ? { code: d!.code, reason: d!.reason as 'Completed' | 'Error', ...(d!.signal !== undefined ? { signal: d!.signal } : {}), dt: d!.at - now } : undefined);
    }
  }
  /**
   * A container without its box stopped by a signal whose outcome is known for its shape (the first stop of a
   * container of that shape died at once, drew nothing and left no message): its record says so, and its box is
   * made only when something looks into it (materialize replays the signal). False when not known.
   */
  private stopKnown(p: Pending, cid: string, sig: number): boolean {
    if (p.rec.stop) return true;
    const sp = this.specOf(p);
    const shape = sp && startShape(sp);
    const out = shape === undefined ? undefined : STOPS.get(`${sig}|${shape}`);
    if (!out || !sp) return false;
    const now = this.rt.clock.now();
    const { dt, ...end } = out;
    p.rec.stop = { at: now, sig, ...end, fin: now + dt, ...(p.same ? { same: 1 as const } : {}) };
    p.stoppedHere = true;
    this.writeDeferred(p.uid, cid, p.rec);
    this.rt.enqueueFor('kubelet', `${sp.pod.metadata.namespace}/${sp.pod.metadata.name}`);
    return true;
  }
  /** The image's stop signal. */
  stopSignal(image: string): number {
    const cfg = imageConfig(parseImage(image) as ImageRef);
    const name = (cfg.stopSignal ?? 'SIGTERM').replace(/^SIG/, '');
    return SIGNALS[name] ?? SIGNALS.TERM;
  }
  kill(podUid: string, cid: string): void {
    if (this.pending(podUid, cid)?.rec.stop) return;
    const box = this.box(podUid, cid);
    if (!box || box.s.dead) return;
    this.bringToNow(box);
    box.signal(1, SIGNALS.KILL);
    this.afterRun(box);
  }

  /**
   * The container's process dies now (a crash, `docker kill`, chaos): 137 is a SIGKILL, another code an exit
   * with that code. False when the runtime does not know the container or it is not running.
   */
  crash(podUid: string, cid: string, code: number, reason?: 'OOMKilled'): boolean {
    const box = this.box(podUid, cid);
    if (!box || box.s.dead) return false;
    this.bringToNow(box);
    box.unlazy();
    const p1 = box.s.procs[1];
    if (!p1) return false;
    if (reason === 'OOMKilled') box.s.dead = { code: 137, at: box.vt(), reason: 'OOMKilled', signal: 9 };
    if (code === 137) box.signal(1, SIGNALS.KILL); else box.exitProc(p1, code);
    if (box.s.dead && reason) box.s.dead.reason = reason;
    this.afterRun(box);
    return true;
  }

  /** Forget a container (the kubelet's garbage collection); its logs go too unless kept for --previous. */
  remove(podUid: string, cid: string, keepLogs = false): void {
    const key = ContainerRuntime.key(podUid, cid);
    this.boxes.delete(cid);
    this.deferred.delete(cid);
    this.unloaded.delete(cid);
    this.rt.store.rtPutState(key, undefined);
    this.rt.cancel(CTR_TIMER, key);
    this.layers.drop(`ctr:${cid}`);
    this.layers.drop(`ctr:${cid}:subpaths`);
    if (!keepLogs) this.rt.store.rtDropLog(cid);
  }
  /**
   * A persistent volume was deleted by its reclaim policy (Released, Delete): its files go with it.
   * local-path's volumes are directories on their node (its helper pod runs `rm -rf` on them); other volumes
   * are a layer of their own. A volume object deleted by hand keeps its files, as the real ones do.
   */
  dropVolumeData(pv: KObject): void {
    const spec = pv.spec ?? {};
    if (spec.persistentVolumeReclaimPolicy !== 'Delete' || pv.status?.phase !== 'Released') return;
    const host: string | undefined = spec.hostPath?.path ?? spec.local?.path;
    if (host) {
      const node = pv.metadata.annotations?.['local.path.provisioner/selected-node'];
      if (!node) return;
      const l = this.layers.get(`node:${node}`);
      const root = String(host).replace(/^\/+|\/+$/g, '');
      for (const rel of [...l.files.keys()]) if (rel === root || rel.startsWith(`${root}/`)) l.del(rel);
      return;
    }
    this.layers.drop(`pv:${pv.metadata.name}`);
  }
  /** Forget everything of a pod: its containers, logs and pod-level volumes. */
  removePod(pod: KObject): void {
    const uid = pod.metadata.uid!;
    for (const [cid, d] of this.deferred) if (d.uid === uid) this.deferred.delete(cid);
    for (const key of this.rt.store.rtStateIds(`${uid}/`)) {
      const cid = key.slice(uid.length + 1);
      this.remove(uid, cid);
    }
    for (const v of pod.spec?.volumes ?? []) if (!v.hostPath && !v.persistentVolumeClaim) this.layers.drop(`pod:${uid}:${v.name}`);
    this.layers.drop(`pod:${uid}:etc`);
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) this.layers.drop(`pod:${uid}:term:${c.name}`);
  }

  // ---------------------------------------------------------------- exec
  /**
   * Start a process in a running container (kubectl exec, exec probes). Returns the session id, or a
   * containerd error message when the command cannot start.
   */
  exec(podUid: string, cid: string, argv: string[], o: { stdin?: boolean; tty?: boolean; notify?: boolean } = {}): { sid: string } | { error: string } {
    const box = this.box(podUid, cid);
    if (!box) return { error: 'container not found' };
    if (box.s.dead) return { error: `cannot exec in a stopped state: unknown` };
    this.bringToNow(box);
    const p1 = box.s.procs[1];
    const env = { ...(p1?.env ?? {}) };
    const init: Proc = { pid: 0, ppid: 0, argv: [], cwd: p1?.cwd ?? '/', env, uid: p1?.uid ?? 0, gid: p1?.gid ?? 0, fds: {}, prog: { k: 'cmd', name: 'init', st: {} }, st: 'R', t0: box.now };
    if (p1?.groups) init.groups = p1.groups;
    const inPipe = o.stdin ? box.newPipe() : undefined;
    const out = box.newPipe(), err = o.tty ? out : box.newPipe();
    if (inPipe !== undefined) box.s.pipes[inPipe]!.ext = { w: 1 };
    box.s.pipes[out]!.ext = { r: 1 };
    if (!o.tty) box.s.pipes[err]!.ext = { r: 1 };
    const fds: Record<string, Fd> = {
      0: inPipe !== undefined ? { t: 'pipe', id: inPipe } : { t: 'null' },
      1: { t: 'pipe', id: out, w: 1 }, 2: { t: 'pipe', id: err, w: 1 },
    };
    const sid = `s${box.s.nextPipe}`;
    (box.s.sessions ??= {})[sid] = { pid: -1, ...(inPipe !== undefined ? { in: inPipe } : {}), out, err, ...(o.tty ? { tty: 1 as const } : {}), ...(o.notify ? { notify: 1 as const } : {}) };
    init.fds = fds; // a shell decides whether it is interactive from its stdin
    const prog = box.program(init, argv, env);
    if (typeof prog === 'string') {
      delete box.s.sessions[sid];
      return { error: execMessage(argv[0]!, prog) };
    }
    const pid = box.spawnProc(undefined, prog.prog, prog.argv, fds, { env, cwd: init.cwd, uid: init.uid, gid: init.gid });
    box.s.sessions[sid]!.pid = pid;
    box.run(this.rt.clock.now());
    this.afterRun(box);
    return { sid };
  }
  /** Feed an exec session's stdin (null closes it). */
  feed(podUid: string, cid: string, sid: string, data: string | null): void {
    const box = this.box(podUid, cid);
    const s = box?.s.sessions?.[sid];
    if (!box || !s || s.in === undefined) return;
    const pipe = box.s.pipes[s.in];
    if (!pipe) return;
    this.bringToNow(box);
    box.unlazy();
    if (data === null) { delete pipe.ext; } else pipe.b += data;
    box.dirty = true;
    box.run(this.rt.clock.now());
    this.afterRun(box);
  }
  /** What an exec session wrote since the last poll, and its exit code once it has ended. */
  poll(podUid: string, cid: string, sid: string): { out: string; err: string; code?: number } {
    const box = this.box(podUid, cid);
    const s = box?.s.sessions?.[sid];
    if (!box || !s) return { out: '', err: '', code: 1 };
    const take = (id: number) => { const p = box.s.pipes[id]; if (!p) return ''; const b = p.b; p.b = ''; return b; };
    const out = take(s.out), err = s.err !== s.out ? take(s.err) : '';
    const p = box.s.procs[s.pid];
    let code: number | undefined;
    if (!p || p.st === 'Z') {
      code = p?.exit ?? (box.s.dead ? 137 : 0);
      if (p) delete box.s.procs[s.pid];
      for (const id of [s.in, s.out, s.err]) if (id !== undefined) delete box.s.pipes[id];
      delete box.s.sessions![sid];
    }
    box.dirty = true;
    return { out, err, ...(code !== undefined ? { code } : {}) };
  }
  /**
   * Ctrl-C on an exec session's terminal: SIGINT to its foreground processes (an interactive shell's running
   * command, else the command itself). False when only an idle interactive shell is there (it just reprompts).
   */
  interrupt(podUid: string, cid: string, sid: string): boolean {
    const box = this.box(podUid, cid);
    const s = box?.s.sessions?.[sid];
    if (!box || !s) return false;
    this.bringToNow(box);
    box.unlazy();
    const root = box.s.procs[s.pid];
    if (!root || root.st === 'Z') return false;
    const under = (pid: number): boolean => {
      for (let p = box.s.procs[pid], i = 0; p && i < 64; p = box.s.procs[p.ppid], i++) { if (p.pid === s.pid) return true; if (p.ppid === p.pid) break; }
      return false;
    };
    const kids = box.procs().filter(p => p.pid !== s.pid && p.st !== 'Z' && under(p.pid));
    const interactiveShell = root.prog.k === 'sh' && root.prog.sh.mode === 'i';
    const targets = interactiveShell ? kids : [root, ...kids];
    if (!targets.length) return false;
    for (const p of targets.reverse()) box.signal(p.pid, SIGNALS.INT);
    box.run(this.rt.clock.now());
    this.afterRun(box);
    return true;
  }
  /** kubectl attach -i: data for PID 1's stdin (null closes it); false when the container keeps no stdin open. */
  feedMain(podUid: string, cid: string, data: string | null): boolean {
    const box = this.box(podUid, cid);
    if (!box || box.s.dead) return false;
    const f = box.s.procs[1]?.fds[0];
    const pipe = f?.t === 'pipe' ? box.s.pipes[f.id] : undefined;
    if (!pipe) return false;
    this.bringToNow(box);
    box.unlazy();
    if (data === null) delete pipe.ext; else pipe.b += data;
    box.dirty = true;
    box.run(this.rt.clock.now());
    this.afterRun(box);
    return true;
  }

  /** End an exec session from outside (the client went away): its process is killed. */
  hangup(podUid: string, cid: string, sid: string): void {
    const box = this.box(podUid, cid);
    const s = box?.s.sessions?.[sid];
    if (!box || !s) return;
    box.signal(s.pid, SIGNALS.HUP);
    if (box.s.procs[s.pid]?.st !== 'Z') box.signal(s.pid, SIGNALS.KILL);
    this.poll(podUid, cid, sid);
    this.afterRun(box);
  }

  /**
   * Run a command to completion now, as exec probes do: its output (stdout then stderr), exit code, whether
   * it ran past its timeout (ms of the command's own time), how long it took, and whether it was pure (read
   * no clock, randomness or shared state: run again on unchanged files it answers the same).
   */
  execSync(podUid: string, cid: string, argv: string[], timeoutMs: number): { out: string; code: number; timedOut: boolean; ms: number; pure: boolean } | { error: string } {
    const box = this.box(podUid, cid);
    if (!box) return { error: 'container not found' };
    if (!box.s.dead) this.bringToNow(box);
    const impure = box.impure;
    const r = this.exec(podUid, cid, argv);
    if ('error' in r) return r;
    const s = box.s.sessions![r.sid]!;
    const pid = s.pid;
    const running = !!box.proc(pid) && box.proc(pid)!.st !== 'Z';
    const res = running ? box.runFor(pid, timeoutMs) : 'done';
    const ms = res === 'timeout' ? timeoutMs : running ? Math.max(0, box.ranFor) : 0;
    if (res === 'timeout') box.signal(pid, SIGNALS.KILL);
    const polled = this.poll(podUid, cid, r.sid);
    const out = polled.out + polled.err;
    this.afterRun(box);
    const pure = box.impure === impure;
    if (res === 'timeout') return { out, code: 137, timedOut: true, ms, pure };
    return { out, code: polled.code ?? 0, timedOut: false, ms, pure };
  }

  /** What the kubelet's prober can see of a container, read without running it: equal strings, same answers. */
  fingerprint(box: Box): string {
    const s = box.s;
    if (s.dead) return 'dead';
    const sess = new Set(Object.values(s.sessions ?? {}).map(x => x.pid));
    const procs = Object.values(s.procs).filter(p => p.st !== 'Z' && !sess.has(p.pid)).map(p => p.argv[0] ?? '').sort().join(',');
    return `${s.ver}|${Object.keys(s.ports).join(',')}|${procs}`;
  }
  /** Does the container change what probes see on its own, with no run to say so (a lazy loop that writes files)? */
  restless(box: Box): boolean { return !!box.s.lazy && !box.s.lazy.quiet; }
  /** Tell the kubelet (a 'probe:' key) when the container changes from what it is now. */
  watch(box: Box): void {
    const fp = this.fingerprint(box);
    if (box.s.watch !== fp) { box.s.watch = fp; box.dirty = true; }
  }

  // ---------------------------------------------------------------- logs
  /** The writes of a container's current log file: [timestamp µs, stream, text]. */
  logs(podUid: string, cid: string): LogWrite[] {
    const out: LogWrite[] = [];
    for (const w of this.logReader(podUid, cid).forward()) out.push({ ts: w.ts, s: w.s, d: w.d });
    return out;
  }
  /** A reader of a container's log (brought to now first): tail, since, follow without expanding the rest. */
  logReader(podUid: string, cid: string): import('./logread').LogReader {
    const box = this.box(podUid, cid);
    if (box) { this.bringToNow(box); this.afterRun(box); }
    this.flushLogs();
    const { LogReader } = require('./logread') as typeof import('./logread');
    return new LogReader(this.rt.store, cid, box);
  }

  // ---------------------------------------------------------------- timers and persistence
  onTimer(key: string): void {
    const slash = key.indexOf('/');
    const box = this.box(key.slice(0, slash), key.slice(slash + 1));
    if (!box) return;
    this.bringToNow(box);
    this.afterRun(box);
  }

  /** A lazy container is moved forward by whole periods; others just run what is due. */
  bringToNow(box: Box): void {
    const now = this.rt.clock.now();
    if (box.s.lazy) {
      const seg = box.materialize(now);
      if (seg) this.addSegment(box, seg);
    } else box.run(now);
  }

  private addSegment(box: Box, seg: VirtualSegment): void {
    if (!seg.tmpl) box.s.logBytes += this.periodBytes(box, seg) * seg.n;
    const list = this.segs.get(box.s.id) ?? [];
    list.push(seg);
    this.segs.set(box.s.id, list);
    box.dirty = true;
  }

  /** After a box ran: arm its timer for the next wake, tell the kubelet if PID 1 died. */
  afterRun(box: Box): void {
    const key = ContainerRuntime.key(box.s.pod.uid, box.s.id);
    const wake = box.nextWake();
    const now = this.rt.clock.now();
    if (wake === undefined || box.s.dead) this.rt.cancel(CTR_TIMER, key);
    else this.rt.reset(Math.max(0, wake - now), CTR_TIMER, key);
    box.dirty = true;
    if (box.s.watch !== undefined && this.fingerprint(box) !== box.s.watch) {
      delete box.s.watch;
      this.rt.enqueueFor('kubelet', `probe:${box.s.pod.ns}/${box.s.pod.name}`);
    }
  }

  box(podUid: string, cid: string): Box | undefined {
    const b = this.boxes.get(cid);
    if (b) return b;
    const p = this.pending(podUid, cid);
    if (p) return this.materialize(p);
    const json = this.unloaded.get(cid) ?? this.rt.store.rtState(ContainerRuntime.key(podUid, cid));
    this.unloaded.delete(cid);
    if (!json) {
      const made = this.adopt(podUid, cid);
      // (it started in an earlier step: from here on it is the box that step would have left, loaded from its record)
      return made && this.load(podUid, cid, JSON.stringify(made.s), made.pending);
    }
    return this.load(podUid, cid, json);
  }
  /** A box from its record (with the log writes not yet flushed of a box just made: `pending`). */
  private load(podUid: string, cid: string, json: string, pending?: LogWrite[], at?: number): Box | undefined {
    const st = parseStored(json) as ContainerState;
    const pod = this.rt.api.tryGet(podRi(), st.pod.ns, st.pod.name);
    if (!pod || pod.metadata.uid !== podUid) return undefined;
    const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])];
    const c = all.find((x: SpecContainer) => x.name === st.name) ?? { name: st.name, image: st.image };
    const b = this.makeBox(st, pod, { ...c, image: st.image }, parseImage(st.image) as ImageRef);
    if (pending) { b.pending = pending; b.dirty = true; } else b.saved = savedMark(json);
    b.now = Math.max(b.now, at ?? this.rt.clock.now());
    this.boxes.set(cid, b);
    return b;
  }

  /**
   * A container the API shows Running that the runtime has no record of: a cluster made from the prebuilt
   * template (which carries no processes), or by a kctl from before the runtime (a migrated database). It is
   * adopted as a restarted kubelet finds its containers running: its process is the one that started at its
   * startedAt (the same command, environment and mounts, its output stamped then), and the pod's volumes are
   * set up if the runtime has nothing of the pod yet. Undefined when the pod has no such container.
   */
  private adopt(podUid: string, cid: string): Box | undefined {
    const pod = this.rt.api.viewByUid(podUid) as KObject | undefined;
    if (!pod || pod.kind !== 'Pod' || !pod.spec?.nodeName || pod.metadata.deletionTimestamp) return undefined;
    const id = `containerd://${cid}`;
    const st = pod.status ?? {};
    const cs = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])]
      .find((x: any) => x.containerID === id);
    const startedAt = cs?.state?.running?.startedAt;
    if (!startedAt) return undefined;
    const spec = pod.spec;
    const c = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].find((x: any) => x.name === cs.name);
    if (!c) return undefined;
    const at = Date.parse(startedAt);
    // (its volumes and its environment as they were made then: whenever it is adopted, a container is the same)
    if (!this.rt.store.rtStateIds(`${podUid}/`).length) {
      const { setupVolumes } = require('./volumes') as typeof import('./volumes');
      setupVolumes(pod, this.rt, this.layers, false, at);
    }
    // the pod's IPs, the environment's only inputs from its status, were the same when the container started
    // (and the services' variables are those of the services there were then: containerEnv takes its startedAt)
    const { containerEnv, apiEnvSource } = require('../kubelet/env') as typeof import('../kubelet/env');
    const asStarted = pod;
    const env = containerEnv(asStarted, c.name, apiEnvSource(this.rt.api)).env;
    const memLimit = memoryLimit(c);
    try {
      this.start({ pod: asStarted, container: c, env, memLimit, adopt: { cid, at } });
    } catch (e) {
      if (!(e instanceof StartError)) throw e;
      return undefined;
    }
    return this.boxes.get(cid);
  }

  /** (The box's callbacks close over what they name only, never the pod object: every box is held until the
   *  step ends, and a step that starts thousands of containers would hold a pod for each.) */
  private makeBox(st: ContainerState, pod: KObject, c: SpecContainer, ref: ImageRef): Box {
    const rt = this.rt;
    let box!: Box;
    const proc = procLayer(() => box);
    const fs = new FileSystem(containerMounts({ pod, container: c, image: ref, cid: st.id }, rt, this.layers, proc), {
      now: () => (box ? box.vt() : rt.clock.now()),
      touched: (m, write) => { if (box && (m.shared || (m.mutable && !write))) box.shared(); if (write && box) box.s.ver++; },
    });
    const info: PodInfo = {
      ns: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid!, hostname: podHostname(pod),
      ip: pod.status?.podIP ?? '', node: pod.spec?.nodeName ?? '', nodeIP: pod.status?.hostIP ?? '', container: st.name,
      containerId: st.id, image: st.image, ...(pod.spec?.subdomain ? { subdomain: pod.spec.subdomain } : {}),
    };
    const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`, podUid = pod.metadata.uid!;
    box = new Box(st, fs, info, {
      userland, onSignal: signalAction, baseMemory, binaryOf: appletOf,
      net: clusterStack(rt),
      random: () => rt.rng.next(),
      onDeath: () => { if (!this.quietDeath) rt.enqueueFor('kubelet', podKey); },
      onSessionExit: () => rt.enqueueFor('kubelet', podKey),
      pidNamespace: () => {
        const ns = box.s.pidns;
        const target = ns ? this.box(podUid, ns.cid) : undefined;
        if (!ns || !target || target.s.dead) return undefined;
        return {
          base: ns.base,
          procs: () => target.procs().filter(x => x.st !== 'Z'),
          kill: (pid: number, sig: number) => { const r = target.signal(pid, sig); target.run(rt.clock.now()); this.afterRun(target); return r; },
        };
      },
    });
    return box;
  }

  private flushLogs(): void {
    for (const box of this.boxes.values()) {
      const cid = box.s.id;
      let seq = this.seqs.get(cid);
      if (seq === undefined) seq = this.rt.store.rtLastLogSeq(cid);
      for (const seg of this.segs.get(cid) ?? []) this.rt.store.rtAppendLog(cid, ++seq, Math.round(seg.t0 * 1000), 0, JSON.stringify(seg));
      this.segs.delete(cid);
      // one row per flush: a single write as itself, several as a batch (stream 3)
      if (box.pending.length === 1) { const w = box.pending[0]!; this.rt.store.rtAppendLog(cid, ++seq, w.ts, w.s, w.d); }
      else if (box.pending.length > 1) this.rt.store.rtAppendLog(cid, ++seq, box.pending[0]!.ts, 3, JSON.stringify(box.pending.map(w => [w.ts, w.s, w.d])));
      box.pending = [];
      this.seqs.set(cid, seq);
      if (box.s.logBytes > LOG_MAX) this.rotate(box);
    }
  }
  /**
   * The kubelet rotates a log over 10 MiB: what follows the rotation starts a new file. A virtual segment
   * the rotation falls into keeps its last periods.
   */
  private rotate(box: Box): void {
    const cid = box.s.id;
    const rows = this.rt.store.rtLog(cid);
    const budget = box.s.logBytes % LOG_MAX;
    let bytes = 0;
    let cut = -1;
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      if (r.s !== 0) {
        const b = r.s === 3 ? (JSON.parse(r.d) as [number, number, string][]).reduce((a, w) => a + Buffer.byteLength(w[2]), 0) : Buffer.byteLength(r.d);
        if (bytes + b > budget) { cut = i + 1; break; }
        bytes += b;
        continue;
      }
      const seg = JSON.parse(r.d) as VirtualSegment;
      const per = this.periodBytes(box, seg);
      if (bytes + per * seg.n <= budget) { bytes += per * seg.n; continue; }
      const keep = per > 0 ? Math.floor((budget - bytes) / per) : seg.n;
      if (keep > 0) {
        const drop = seg.n - keep;
        const t0 = seg.t0 + drop * seg.P;
        const trimmed: VirtualSegment = { ...seg, t0, n: keep, ...(seg.tmpl ? {} : { j0: (seg.j0 ?? 1) + drop }) };
        this.rt.store.rtUpdateLog(cid, r.seq, Math.round(t0 * 1000), JSON.stringify(trimmed));
        bytes += per * keep;
        cut = i;
      } else cut = i + 1;
      break;
    }
    if (cut >= 0 && cut < rows.length) this.rt.store.rtDropLog(cid, rows[cut]!.seq);
    else if (cut >= rows.length) this.rt.store.rtDropLog(cid);
    box.s.logBytes = bytes;
  }
  /** Bytes one period of a segment writes (a template's, or its last period run again). */
  periodBytes(box: Box, seg: VirtualSegment): number {
    if (seg.tmpl) return seg.tmpl.reduce((a, w) => a + Buffer.byteLength(w.d), 0);
    const { LogReader } = require('./logread') as typeof import('./logread');
    return new LogReader(this.rt.store, box.s.id, box).runPeriods(seg, seg.n - 1, seg.n).reduce((a, w) => a + Buffer.byteLength(w.d), 0);
  }

  flush(): void {
    // (what was started without its box stands in the API now: its pod's status names it, and it is adopted from there)
    this.deferred.clear();
    this.shapes.clear();
    this.unloaded.clear();
    this.flushLogs();
    for (const box of this.boxes.values()) {
      if (!box.dirty) continue;
      box.dirty = false;
      const json = JSON.stringify(box.s);
      const mark = savedMark(json);
      if (mark === box.saved) continue;
      this.rt.store.rtPutState(ContainerRuntime.key(box.s.pod.uid, box.s.id), json);
      box.saved = mark;
    }
    this.layers.flush();
  }
}

// kubectl top, the HPA and the eviction manager read what the containers' processes use
setUsageProvider((pod, container, rt) => runtimeUsage(pod, container, rt));
// the kubelet's prober (and httpGet hooks) reach containers through the simulated pod network
setProbeNet(clusterProbeNet);

/**
 * What a container's start depends on, besides the pod's identity (its name, uid and IPs), when it runs the image's
 * own command: its spec, environment, memory limit, the pod's security context and volumes (their names aside: the
 * token volume's is drawn per pod). Undefined for a container whose start is not to be deferred: its own command
 * (a script could do anything with its pod's name), stdin, probes or hooks (they look into the box at once).
 */
function startShape(spec: StartSpec): string | undefined {
  const c = spec.container;
  if (c.command || c.args || c.stdin || c.tty || c.targetContainerName || c.lifecycle || c.livenessProbe || c.readinessProbe || c.startupProbe) return undefined;
  const p = spec.pod.spec ?? {};
  const vols: V1Volume[] = p.volumes ?? [];
  let key = JSON.stringify([c, spec.env, spec.memLimit, p.securityContext ?? null, p.hostNetwork ?? null, vols]);
  // each volume's name as a string token of the JSON becomes its index, with a NUL no JSON text holds
  for (let i = 0; i < vols.length; i++) {
    const n = JSON.stringify(vols[i]!.name);
    if (n !== undefined) key = key.replaceAll(n, `\u0000${i}`);
  }
  return key;
}
/** A container's memory limit in bytes (0: none), as the kubelet gives it to the runtime. */
export function memoryLimit(c: V1Container): number {
  const q = c.resources?.limits?.memory;
  return q === undefined ? 0 : parseQuantity(String(q));
}

/** A stored record of a container without its box, checked (a damaged one is a corrupt database). */
function deferredRecord(json: string): Deferred {
  const r = parseStored(json) as Deferred;
  if (typeof r?.deferred !== 'number' || typeof r.name !== 'string' || typeof r.image !== 'string' || !Array.isArray(r.env))
    throw new CorruptDataError('a container\'s record (rt_state) is not one of a container started without its box');
  return r;
}

/** The record of a container started without its box (ContainerRuntime.start): when, and with what environment. */
interface Deferred {
  /** When it started (ms), its container's name and image, its environment. */
  deferred: number; name: string; image: string; env: StartSpec['env'];
  /** Stopped by a signal whose outcome its shape knows (stopKnown): when, by what, how it ended (`same`: in the
   *  step that started it). */
  stop?: { at: number; sig: number; code: number; reason: 'Completed' | 'Error'; signal?: number; fin: number; same?: 1 };
}
/** A container without its box as a step knows it (ContainerRuntime.deferred). */
interface Pending {
  uid: string; cid: string; rec: Deferred;
  /** Started in this step (`same`), with this pod and memory limit. */
  pod?: KObject; memLimit?: number; same?: true;
  /** Stopped in this step. */
  stoppedHere?: true;
}
/** How the first stop of a quiet shape by a signal ended, by `${signal}|${shape}` (undefined: not at once, or not
 *  the same for every container of the shape: each is made and stopped). */
const STOPS = new Map<string, { code: number; reason: 'Completed' | 'Error'; signal?: number; dt: number } | undefined>();
/**
 * Shapes of start (startShape) and whether the first start of each left PID 1 running with nothing to wake it and
 * drew nothing (no randomness, nothing shared, no condition on the pod's hostname): such a start is the same
 * for every container of that shape, and may be deferred. (Kept for the process: it depends on the shape only.)
 */
const QUIET = new Map<string, boolean>();
/** KCTL_TEST_EAGER_START=1: every container's box is made at its start, every volume's files when it is set up
 *  (the tests compare the two). */
export const EAGER = process.env.KCTL_TEST_EAGER_START === '1';

/** What PID 1 runs: command/args over the image's entrypoint/cmd, as the kubelet and containerd combine them. */
export function commandLine(c: SpecContainer, cfg: ImageConfig): string[] {
  const command: string[] | undefined = c.command?.length ? c.command.map(String) : undefined;
  const args: string[] | undefined = c.args?.length ? c.args.map(String) : undefined;
  if (command) return [...command, ...(args ?? [])];
  return [...(cfg.entrypoint ?? []), ...(args ?? cfg.cmd ?? [])];
}

function identity(pod: KObject, c: SpecContainer, cfg: ImageConfig, box: Box): { uid: number; gid: number; groups: number[] } {
  const psc = pod.spec?.securityContext ?? {};
  const csc = c.securityContext ?? {};
  let uid = csc.runAsUser ?? psc.runAsUser;
  let gid = csc.runAsGroup ?? psc.runAsGroup;
  if (uid === undefined && cfg.user) {
    const [u, g] = cfg.user.split(':');
    uid = /^\d+$/.test(u!) ? Number(u) : uidOf(box, u!) ?? 0;
    if (g !== undefined && gid === undefined) gid = Number(g);
  }
  uid ??= 0;
  gid ??= primaryGid(box, uid) ?? 0;
  const groups: number[] = [];
  if (psc.fsGroup !== undefined) groups.push(psc.fsGroup);
  for (const g of psc.supplementalGroups ?? []) groups.push(g);
  return { uid, gid, groups };
}
function passwd(box: Box): string[][] {
  try { return box.fs.readFile('/etc/passwd').split('\n').filter(Boolean).map(l => l.split(':')); } catch { return []; }
}
function uidOf(box: Box, name: string): number | undefined { const r = passwd(box).find(f => f[0] === name); return r ? Number(r[2]) : undefined; }
function primaryGid(box: Box, uid: number): number | undefined { const r = passwd(box).find(f => Number(f[2]) === uid); return r ? Number(r[3]) : undefined; }
function homeOf(box: Box, uid: number): string | undefined { return passwd(box).find(f => Number(f[2]) === uid)?.[5]; }

/** What Box.saved keeps of a state's text: its length and hash. */
function savedMark(json: string): string { return `${json.length}:${hash52(json)}`; }

/** containerd's message when PID 1 cannot be started (RunContainerError / StartError). */
export function startMessage(cmd: string, code: string): string {
  const why = code === 'ENOENT' || code === 'ENOENT_PATH'
    ? `exec: "${cmd}": ${cmd.includes('/') ? 'stat ' + cmd + ': no such file or directory' : 'executable file not found in $PATH'}`
    : code === 'EACCES' || code === 'EISDIR' ? `exec: "${cmd}": permission denied` : `exec format error`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${why}: unknown`;
}
/** containerd's message when an exec'd command cannot start. */
export function execMessage(cmd: string, code: string): string {
  const why = code === 'ENOENT' || code === 'ENOENT_PATH'
    ? `exec: "${cmd}": ${cmd.includes('/') ? 'stat ' + cmd + ': no such file or directory' : 'executable file not found in $PATH'}`
    : `exec: "${cmd}": permission denied`;
  return `OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown`;
}

/** /proc: generated from the container's processes when read. */
function procLayer(getBox: () => Box): Layer {
  const dir = (): Inode => ({ k: 'd', mode: 0o555, uid: 0, gid: 0, mtime: 0 });
  const f = (data: string): Inode => ({ k: 'f', mode: 0o444, uid: 0, gid: 0, mtime: 0, data });
  const statics = (): Map<string, Inode> => {
    const box = getBox();
    const up = Math.max(0, (box.now - box.s.started) / 1000);
    const mem = 32827076;
    return new Map<string, Inode>([
      ['', dir()],
      ['version', f('Linux version 6.8.0-1021-gcp (buildd@lcy02-amd64-052) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #23~22.04.1-Ubuntu SMP Tue Dec 10 17:36:55 UTC 2024\n')],
      ['uptime', f(`${up.toFixed(2)} ${(up * 7.9).toFixed(2)}\n`)],
      ['loadavg', f('0.08 0.03 0.01 1/312 ' + box.s.nextPid + '\n')],
      ['meminfo', f(`MemTotal:       ${mem} kB\nMemFree:        ${Math.floor(mem * 0.6)} kB\nMemAvailable:   ${Math.floor(mem * 0.8)} kB\nBuffers:          123456 kB\nCached:          4567890 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n`)],
      ['cpuinfo', f(Array.from({ length: 8 }, (_, i) => `processor\t: ${i}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\ncpu MHz\t\t: 2200.000\ncache size\t: 56320 KB\ncpu cores\t: 4\n\n`).join(''))],
      ['mounts', f(box.fs.mounts.map(m => `${m.kind === 'rootfs' ? 'overlay' : m.kind === 'proc' ? 'proc' : m.kind === 'dev' ? 'tmpfs' : '/dev/root'} ${m.at} ${m.kind === 'rootfs' ? 'overlay' : m.kind === 'proc' ? 'proc' : 'ext4'} ${m.ro ? 'ro' : 'rw'},relatime 0 0`).reverse().join('\n') + '\n')],
      ['self', { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: '1' }],
    ]);
  };
  const procFiles = (p: Proc): Map<string, Inode> => new Map<string, Inode>([
    ['', dir()],
    ['cmdline', f(p.argv.join('\0') + '\0')],
    ['comm', f((p.argv[0] ?? '').slice((p.argv[0] ?? '').lastIndexOf('/') + 1).slice(0, 15) + '\n')],
    ['environ', f(Object.entries(p.env).map(([k, v]) => `${k}=${v}`).join('\0') + '\0')],
    ['status', f(`Name:\t${(p.argv[0] ?? '').slice((p.argv[0] ?? '').lastIndexOf('/') + 1)}\nState:\t${p.st === 'R' ? 'R (running)' : p.st === 'Z' ? 'Z (zombie)' : 'S (sleeping)'}\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\nGid:\t${p.gid}\t${p.gid}\t${p.gid}\t${p.gid}\nVmRSS:\t${Math.round(((p.mem ?? 0) + 1_000_000) / 1024)} kB\n`)],
    ['cwd', { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: p.cwd }],
    ['fd', dir()],
  ]);
  return {
    id: 'proc',
    get(rel: string) {
      const box = getBox();
      const m = /^(\d+)(?:\/(.*))?$/.exec(rel);
      if (m) {
        const p = box.s.procs[Number(m[1])];
        if (!p || p.st === 'Z') return undefined;
        const files = procFiles(p);
        if (!m[2]) return files.get('');
        if (m[2].startsWith('fd/')) { const fd = m[2].slice(3); return p.fds[fd] ? { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: fdTarget(p.fds[fd]!) } : undefined; }
        return files.get(m[2]);
      }
      return statics().get(rel);
    },
    children(rel: string) {
      const box = getBox();
      if (rel === '') {
        const out = new Map<string, Inode>(statics());
        out.delete('');
        for (const p of box.procs()) if (p.st !== 'Z') out.set(String(p.pid), dir());
        return out;
      }
      const m = /^(\d+)(?:\/(.*))?$/.exec(rel);
      if (m) {
        const p = box.s.procs[Number(m[1])];
        if (!p) return new Map();
        if (m[2] === 'fd') return new Map(Object.entries(p.fds).map(([k, v]) => [k, { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: fdTarget(v) } as Inode]));
        if (!m[2]) { const fl = procFiles(p); fl.delete(''); return fl; }
      }
      return new Map();
    },
  };
}
function fdTarget(f: Fd): string {
  switch (f.t) {
    case 'null': return '/dev/null';
    case 'log': return `pipe:[${f.s === 1 ? 4242 : 4243}]`;
    case 'pipe': return `pipe:[${100000 + f.id}]`;
    case 'file': return f.p;
    case 'dev': return `/dev/${f.n}`;
  }
}
export { MapLayer };
