// The container runtime as the kubelet talks to it (containerd behind the CRI): create and start a
// container, report its state, stop it with a signal and a grace period, exec into it, read its logs.
// Every container is a Box (src/runtime/kernel.ts) whose state is one row in the cluster database, loaded
// when first touched in a step and written back before the step commits, with its own timer ('ctr') for
// the next moment one of its processes wakes.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { Box, VirtualSegment, LOG_MAX, applyDelta } from './kernel';
import { FileSystem, Layer, Inode, MapLayer } from './fs';
import type { ContainerState, Fd, LogWrite, PodInfo, Proc } from './types';
import { imageConfig, appletOf, ImageConfig, knownImage } from './images';
import { parseImage, ImageRef } from '../kubelet/images';
import { userland, signalAction, baseMemory } from './userland';
import { Layers, containerMounts, podHostname } from './volumes';
import { SIGNALS } from './sh/interp';
import { clusterStack, clusterProbeNet } from './net';
import { setUsageProvider } from '../kubelet/usage';
import { setProbeNet } from '../kubelet/probes';
import { runtimeUsage } from './usage';

export const CTR_TIMER = 'ctr';
const podRi = () => byGroupResource('', 'pods')!;

export interface StartSpec {
  pod: KObject;
  /** The container spec (from containers, initContainers or ephemeralContainers). */
  container: any;
  env: { name: string; value: string }[];
  /** Memory limit in bytes (0 = none). */
  memLimit: number;
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
  /** Create and start a container: PID 1 runs at once. Throws StartError when the process cannot start. */
  start(spec: StartSpec): string {
    const { pod, container: c } = spec;
    const ref = parseImage(String(c.image)) as ImageRef;
    const cfg = imageConfig(ref);
    const cid = this.rt.rng.hex(64);
    const now = this.rt.clock.now();
    const st: ContainerState = {
      v: 1, id: cid, pod: { ns: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! }, name: c.name,
      image: String(c.image), flavor: cfg.flavor, started: now, nextPid: 1, nextPipe: 1, procs: {}, pipes: {}, units: [], ports: {},
      logBytes: 0, ver: 0, memLimit: spec.memLimit,
      ...(knownImage(ref) ? {} : { generic: 1 as const }),
    };
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
    const prog = box.program(init, argv, env);
    if (typeof prog === 'string') throw new StartError(startMessage(argv[0]!, prog));
    const stdin: Fd = c.stdin ? { t: 'pipe', id: box.newPipe() } : { t: 'null' };
    if (stdin.t === 'pipe') box.s.pipes[stdin.id]!.ext = { w: 1 };
    const pid = box.spawnProc(undefined, prog.prog, prog.argv, { 0: stdin, 1: { t: 'log', s: 1 }, 2: { t: 'log', s: 2 } }, { env, cwd, uid, gid });
    if (groups.length) box.s.procs[pid]!.groups = groups;
    this.boxes.set(cid, box);
    box.dirty = true;
    box.run(now);
    this.afterRun(box);
    return cid;
  }

  /** The state of a container, or undefined when the runtime does not know it. */
  status(podUid: string, cid: string): ContainerStatus | undefined {
    const box = this.box(podUid, cid);
    if (!box) return undefined;
    const d = box.s.dead;
    if (!d) return { state: 'running', startedAt: box.s.started };
    let message: string | undefined;
    const term = box.fs.mounts.find(m => m.file && m.kind === 'kubelet' && m.root === 'log');
    if (term) { try { const t = box.fs.readFile(term.at); if (t) message = t.slice(0, 4096); } catch { /* none */ } }
    return { state: 'exited', code: d.code, reason: d.reason, startedAt: box.s.started, finishedAt: Math.floor(d.at), ...(d.signal !== undefined ? { signal: d.signal } : {}), ...(message ? { message } : {}) };
  }

  /** Send a signal to PID 1 (the kubelet's stop: the image's STOPSIGNAL, default TERM). */
  signal(podUid: string, cid: string, sig: number): void {
    const box = this.box(podUid, cid);
    if (!box || box.s.dead) return;
    this.bringToNow(box);
    box.signal(1, sig);
    box.run(this.rt.clock.now());
    this.afterRun(box);
  }
  /** The image's stop signal. */
  stopSignal(image: string): number {
    const cfg = imageConfig(parseImage(image) as ImageRef);
    const name = (cfg.stopSignal ?? 'SIGTERM').replace(/^SIG/, '');
    return SIGNALS[name] ?? SIGNALS.TERM;
  }
  kill(podUid: string, cid: string): void {
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
    this.rt.store.rtPutState(key, undefined);
    this.rt.cancel(CTR_TIMER, key);
    this.layers.drop(`ctr:${cid}`);
    if (!keepLogs) this.rt.store.rtDropLog(cid);
  }
  /** Forget everything of a pod: its containers, logs and pod-level volumes. */
  removePod(pod: KObject): void {
    const uid = pod.metadata.uid!;
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
  /** The log lines of a container's current log file: [timestamp µs, stream, text]. */
  logs(podUid: string, cid: string): LogWrite[] {
    const box = this.box(podUid, cid);
    if (box) this.bringToNow(box);
    this.flushLogs();
    const rows = this.rt.store.rtLog(cid);
    const out: LogWrite[] = [];
    for (const r of rows) {
      if (r.s === 3) { for (const [ts, st, d] of JSON.parse(r.d) as [number, 1 | 2, string][]) out.push({ ts, s: st, d }); continue; }
      if (r.s !== 0) { out.push({ ts: r.ts, s: r.s as 1 | 2, d: r.d }); continue; }
      const seg = JSON.parse(r.d) as VirtualSegment;
      out.push(...this.expand(seg, box));
    }
    return out;
  }
  /** The writes of a virtual segment. */
  private expand(seg: VirtualSegment, box: Box | undefined): LogWrite[] {
    const out: LogWrite[] = [];
    if (seg.tmpl) {
      for (let j = 0; j < seg.n; j++) {
        const base = Math.round((seg.t0 + j * seg.P) * 1000);
        for (const w of seg.tmpl) out.push({ ts: base + w.dt, s: w.s, d: w.d });
      }
      return out;
    }
    if (!seg.snap || !box) return out;
    // regenerate: run a copy of the container from the snapshot, period after period, keeping its writes
    const st = JSON.parse(seg.snap) as ContainerState;
    applyDelta(st, seg.delta, seg.j0 ?? 1);
    const copy = new Box({ ...st, logBytes: 0 }, box.fs, box.pod, box.svc);
    const start = seg.t0;
    copy.now = Math.floor(start);
    for (let j = 0; j < seg.n; j++) {
      copy.runUntil(start + (j + 1) * seg.P - 0.001);
    }
    return copy.pending.filter(w => w.ts < Math.round((seg.t0 + seg.n * seg.P) * 1000));
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
    let b = this.boxes.get(cid);
    if (b) return b;
    const json = this.rt.store.rtState(ContainerRuntime.key(podUid, cid));
    if (!json) return undefined;
    const st = JSON.parse(json) as ContainerState;
    const pod = this.rt.api.tryGet(podRi(), st.pod.ns, st.pod.name);
    if (!pod || pod.metadata.uid !== podUid) return undefined;
    const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])];
    const c = all.find((x: any) => x.name === st.name) ?? { name: st.name, image: st.image };
    b = this.makeBox(st, pod, { ...c, image: st.image }, parseImage(st.image) as ImageRef);
    b.now = Math.max(b.now, this.rt.clock.now());
    this.boxes.set(cid, b);
    return b;
  }

  private makeBox(st: ContainerState, pod: KObject, c: any, ref: ImageRef): Box {
    const rt = this.rt;
    let box!: Box;
    const proc = procLayer(() => box);
    const mounts = containerMounts({ pod, container: c, image: ref, cid: st.id }, rt, this.layers, proc);
    const fs = new FileSystem(mounts, {
      now: () => (box ? box.vt() : rt.clock.now()),
      touched: (m, write) => { if (box && (m.shared || (m.mutable && !write))) box.shared(); if (write && box) box.s.ver++; },
    });
    const info: PodInfo = {
      ns: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid!, hostname: podHostname(pod),
      ip: pod.status?.podIP ?? '', node: pod.spec?.nodeName ?? '', nodeIP: pod.status?.hostIP ?? '', container: st.name,
      containerId: st.id, image: st.image, ...(pod.spec?.subdomain ? { subdomain: pod.spec.subdomain } : {}),
    };
    box = new Box(st, fs, info, {
      userland, onSignal: signalAction, baseMemory, binaryOf: appletOf,
      net: clusterStack(rt),
      random: () => rt.rng.next(),
      onDeath: () => rt.enqueueFor('kubelet', `${pod.metadata.namespace}/${pod.metadata.name}`),
      onSessionExit: () => rt.enqueueFor('kubelet', `${pod.metadata.namespace}/${pod.metadata.name}`),
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
  /** The kubelet rotates a log over 10 MiB: what follows the rotation starts a new file. */
  private rotate(box: Box): void {
    const cid = box.s.id;
    const rows = this.rt.store.rtLog(cid);
    let bytes = 0;
    let cut = rows.length;
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      const b = r.s === 0 ? segBytes(JSON.parse(r.d) as VirtualSegment) : r.s === 3 ? (JSON.parse(r.d) as [number, number, string][]).reduce((a, w) => a + Buffer.byteLength(w[2]), 0) : Buffer.byteLength(r.d);
      if (bytes + b > box.s.logBytes % LOG_MAX) { cut = i; break; }
      bytes += b;
    }
    if (cut < rows.length) this.rt.store.rtDropLog(cid, rows[cut]!.seq + 1);
    box.s.logBytes = bytes;
  }

  flush(): void {
    this.flushLogs();
    for (const box of this.boxes.values()) {
      if (!box.dirty) continue;
      this.rt.store.rtPutState(ContainerRuntime.key(box.s.pod.uid, box.s.id), JSON.stringify(box.s));
      box.dirty = false;
    }
    this.layers.flush();
  }
}

// kubectl top, the HPA and the eviction manager read what the containers' processes use
setUsageProvider((pod, container, rt) => runtimeUsage(pod, container, rt));
// the kubelet's prober (and httpGet hooks) reach containers through the simulated pod network
setProbeNet(clusterProbeNet);

function segBytes(seg: VirtualSegment): number {
  if (seg.tmpl) return seg.n * seg.tmpl.reduce((a, w) => a + Buffer.byteLength(w.d), 0);
  return 0;
}

/** What PID 1 runs: command/args over the image's entrypoint/cmd, as the kubelet and containerd combine them. */
export function commandLine(c: any, cfg: ImageConfig): string[] {
  const command: string[] | undefined = c.command?.length ? c.command.map(String) : undefined;
  const args: string[] | undefined = c.args?.length ? c.args.map(String) : undefined;
  if (command) return [...command, ...(args ?? [])];
  return [...(cfg.entrypoint ?? []), ...(args ?? cfg.cmd ?? [])];
}

function identity(pod: KObject, c: any, cfg: ImageConfig, box: Box): { uid: number; gid: number; groups: number[] } {
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
