// The kubelet's pod sync (pkg/kubelet: kubelet.SyncPod, kuberuntime's computePodActions and SyncPod,
// SyncTerminatingPod, the status generation of kubelet_pods.go and status/generate.go), on the container
// runtime of src/runtime. One sync of a pod: admit it (IPs, start time), make its sandbox and volumes, work
// out what to do (computeInitContainerActions: init containers one by one, sidecars kept running; then the
// main containers: start what should run, kill what failed its liveness or startup probe or changed its
// image; kill the pod when nothing is left to run), do it (doBackOff, pull, config, create, start,
// postStart), and write the status the kubelet would write.
//
// What blocks the real SyncPod blocks here too, as an operation that resumes at the pod's next sync: a
// postStart hook (the container is not Running until it ends), killing a container (preStop hook, the
// image's stop signal, KILL at the grace deadline, never less than 2 s), a pull or a create that takes time
// (per-cluster realism). Deletion is SyncTerminatingPod: every running container is killed in parallel,
// sidecars after the main containers and in reverse order, then the final status and the pod goes.
//
// Timing follows the kubelet's pod worker: a sync that fails (back-off, config error) is retried every 10 s;
// while that retry would only repeat events the spam filter holds back, the retries are counted, not run.
// Private kubelet memory (back-off entries, the reason cache, operations in progress) is JSON in meta rows.
import type { Runtime } from '../sim/runtime';
import type { KObject, Pod, Node } from '../api/types';
import type { V1Container, V1ContainerImage, V1ContainerState, V1ContainerStateTerminated, V1ContainerStatus, V1PodCondition, V1PodStatus } from '../api/k8s';
import { byGroupResource } from '../api/discovery';
import { lookupImage, parseImage, pullError, goDuration, ImageInfo } from './images';
import { getPod } from './kubelet';
import { toISO } from '../sim/clock';
import { ContainerRuntime, StartError, memoryLimit } from '../runtime/cri';
import { setupVolumes } from '../runtime/volumes';
import { containerEnv, apiEnvSource } from './env';
import { clone } from '../util/objects';
import { recorderFor, Recorder } from './recorder';
import { startHook, checkHook, abandonHook, hookDue, HookState, podRef } from './hooks';
import { probeView, armProbes, runProbes, forgetProbes, PROBE_TIMER } from './probes';

export const KUBELET_TIMERS = ['kubelet-pod', PROBE_TIMER];
const TIMER = 'kubelet-pod';

/** Stage delays in ms. Zero = in the same step. Per cluster: meta `kubelet_stages` (JSON), from the kind
 *  config's `kctl: {realism: …}`. `pull: -1` means each image's own pull time. */
export const STAGES = {
  /** scheduled → sandbox ready (ContainerCreating is visible this long) */
  sandbox: 0,
  /** a successful pull (-1: the image's own pull time) */
  pull: 0,
  /** created → started */
  start: 0,
};
/** The realism preset of `kctl: {realism: true}`. */
export const REALISTIC = { sandbox: 1_000, pull: -1, start: 300 };
/** The kubelet's container and image back-off: 10s doubling to 300s; reset after 10 minutes without one. */
const BACKOFF_MIN = 10_000, BACKOFF_MAX = 300_000;
/** The pod worker's retry after a failed sync (backOffPeriod). */
const RETRY = 10_000;
/** killContainer never gives less than this (minimumGracePeriodInSeconds). */
const MIN_GRACE = 2;
export const backoff = (n: number) => Math.min(BACKOFF_MAX, BACKOFF_MIN * 2 ** Math.max(0, n - 1));

const podRi = () => byGroupResource('', 'pods')!;
const nodeRi = () => byGroupResource('', 'nodes')!;
const cidOf = (id: unknown) => String(id ?? '').replace(/^containerd:\/\//, '');
const isSidecar = (c: V1Container) => c.restartPolicy === 'Always';
const podKey = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;
/** Events a failed sync records each time it is retried. */
const SYNC_ERRORS = new Set(['BackOff', 'Failed', 'InspectFailed', 'ErrImageNeverPull']);
/** ephemeral: a container kubectl debug added (started once the pod runs, never restarted, never probed). */
type Kind = 'init' | 'sidecar' | 'main' | 'ephemeral';
/** A container of the spec (an ephemeral container has a container's fields and targetContainerName). */
type Ctr = V1Container;

function stages(rt: Runtime): typeof STAGES {
  const raw = rt.store.getMeta('kubelet_stages');
  if (!raw) return STAGES;
  try { return { ...STAGES, ...JSON.parse(raw) }; } catch { return STAGES; }
}

function allocateIP(node: KObject, rt: Runtime): string {
  const cidr: string = node.spec?.podCIDR ?? '10.244.0.0/24';
  const base = cidr.split('/')[0]!.split('.').map(Number);
  const k = `ipam/${node.metadata.name}`;
  const next = Number(rt.store.getMeta(k) ?? '1') + 1; // .1 is the node's bridge
  rt.store.setMeta(k, String(next > 254 ? 2 : next));
  return `${base[0]}.${base[1]}.${base[2]}.${next > 254 ? 2 : next}`;
}

// ---------------------------------------------------------------------------------------------------------
// The kubelet's private memory of a pod

/** flowcontrol.Backoff's entry: the current delay and when it was last moved on. */
interface BackoffEntry { d: number; at: number }
const expired = (b: BackoffEntry, t: number) => t - b.at > 2 * BACKOFF_MAX;
/** IsInBackOffSince: still waiting `d` after `ts` (a container's finish). */
const inBackOffSince = (b: BackoffEntry | undefined, ts: number, now: number) => !!b && !expired(b, ts) && now - ts < b.d;
/** IsInBackOffSinceUpdate (images). */
const inBackOffSinceUpdate = (b: BackoffEntry | undefined, now: number) => !!b && !expired(b, now) && now - b.at < b.d;
const nextBackoff = (b: BackoffEntry | undefined, ts: number, now: number): BackoffEntry =>
  !b || expired(b, ts) ? { d: BACKOFF_MIN, at: now } : { d: Math.min(BACKOFF_MAX, b.d * 2), at: now };

/** Killing one container (killContainer): preStop, waiting for its turn, the stop signal, KILL. */
interface Kill {
  name: string; kind: Kind; cid: string;
  t0: number;
  /** Grace left, seconds. */
  gp: number;
  phase: 'pre' | 'wait' | 'sig' | 'done';
  hook?: HookState; preEnd?: number;
  /** Containers that must have stopped first (sidecars during pod termination). */
  after?: string[]; t1?: number;
  killAt?: number;
}
type Op =
  /** killContainer(s); then maybe start the container again (`restart`, with the back-off time of the
   *  exited instance the sync saw) or set its start failure (`why`). */
  | { k: 'kill'; kills: Kill[]; podKill?: 1; restart?: { name: string; kind: Kind; ts?: number }; why?: { name: string; reason: string; message: string } }
  | { k: 'post'; name: string; kind: Kind; cid: string; hook: HookState }
  | { k: 'pull'; name: string; kind: Kind; until: number; took: number }
  | { k: 'create'; name: string; kind: Kind; until: number };
type OpReal = Op & { real?: Record<string, V1ContainerStatus> };
interface Mem {
  /** Per container: its restart back-off entry and the reason cache (why its last start failed). */
  c: Record<string, { bo?: BackoffEntry; why?: { reason: string; message: string } }>;
  /** Image pull back-off per image. */
  img: Record<string, BackoffEntry>;
  /** The operation the sync is blocked on; `real` keeps the statuses of the containers it concerns while
   *  the API shows them as they were before it began. */
  op?: OpReal;
  /** SyncTerminatingPod in progress. */
  term?: { grace: number; kills: Kill[] };
  /** Retries slept through: each would have recorded these events again. */
  rep?: { evs: Ev[]; from: number };
  /** Errors a sync reported at one instant: several syncs of one instant (the runtime's news coming in
   *  while the kubelet syncs) are one retry, not several. */
  errAt?: { t: number; keys: string[] };
  mounted?: 1;
  /** When the kubelet admitted the pod (ms; status.startTime has whole seconds only). */
  admitted?: number;
  /** When exited instances finished, as the runtime knows it (ms), by container id: the back-off counts from there. */
  fin?: Record<string, number>;
}
interface Ev { type: 'Normal' | 'Warning'; reason: string; message: string; fieldPath: string }

const memKey = (uid: string) => `kubelet/${uid}/k`;
function loadMem(rt: Runtime, uid: string): Mem {
  const raw = rt.store.getMeta(memKey(uid));
  return raw ? JSON.parse(raw) as Mem : { c: {}, img: {} };
}

// ---------------------------------------------------------------------------------------------------------
// One sync of one pod

class PodSync {
  now: number;
  nowISO: string;
  due: number[] = [];
  host: string;
  node: Node;
  nodeChanged = false;
  st: V1PodStatus;
  stages: typeof STAGES;
  m: Mem;
  rec: Recorder;
  evs: Ev[] = [];
  /** A sync error: the pod worker retries in 10 s. */
  failed = false;
  /** This sync wrote a new status (the next retry may show something else: ErrImagePull becomes ImagePullBackOff). */
  wroteStatus = false;
  /** Changes to the runtime or the node this sync made (not only events). */
  acts = 0;
  get acted(): boolean { return this.acts > 0; }
  set acted(v: boolean) { if (v) this.acts++; }
  cri: ContainerRuntime;

  constructor(public pod: Pod, node: KObject, public rt: Runtime) {
    this.now = rt.clock.now();
    this.nowISO = rt.clock.nowISO();
    this.host = pod.spec.nodeName!;
    this.node = node; // copied only when the kubelet adds an image to it
    this.st = clone(pod.status ?? {});
    this.stages = stages(rt);
    this.m = loadMem(rt, pod.metadata.uid!);
    this.rec = recorderFor(rt, pod);
    this.cri = ContainerRuntime.of(rt);
  }
  /** What the kubelet knows of the containers an operation in progress concerns (the API shows them as before). */
  restoreReal(): void {
    for (const [name, cs] of Object.entries(this.m.op?.real ?? {})) {
      for (const list of [this.st.containerStatuses, this.st.initContainerStatuses, this.st.ephemeralContainerStatuses]) {
        const i = (list ?? []).findIndex(x => x.name === name);
        if (i >= 0) list![i] = cs;
      }
    }
    if (this.m.op) delete this.m.op.real;
  }
  get uid(): string { return this.pod.metadata.uid!; }
  /** The pod with the status this sync is building: its sandbox's IPs are known before any container starts,
   *  as the kubelet hands the sandbox's podIPs to the container config (env `status.podIP`, /etc/hosts). */
  get podNow(): Pod { return { ...this.pod, status: this.st }; }
  ev(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string): void {
    if (SYNC_ERRORS.has(reason)) {
      const key = `${fieldPath}|${reason}|${message}`;
      if (this.m.errAt?.t !== this.now) this.m.errAt = { t: this.now, keys: [] };
      if (this.m.errAt.keys.includes(key)) return;
      this.m.errAt.keys.push(key);
    }
    this.evs.push({ type, reason, message, fieldPath });
    this.rec.event(type, reason, message, fieldPath);
  }
  at(ms: number): void { this.due.push(ms); }
  save(): void { this.rt.store.setMeta(memKey(this.uid), JSON.stringify(this.m)); }
  cmem(name: string): { bo?: BackoffEntry; why?: { reason: string; message: string } } { return (this.m.c[name] ??= {}); }

  spec(name: string): { c: Ctr; kind: Kind } | undefined {
    const i = (this.pod.spec.initContainers ?? []).find(x => x.name === name);
    if (i) return { c: i, kind: isSidecar(i) ? 'sidecar' : 'init' };
    const c = (this.pod.spec.containers ?? []).find(x => x.name === name);
    if (c) return { c, kind: 'main' };
    const e = (this.pod.spec.ephemeralContainers ?? []).find(x => x.name === name);
    return e ? { c: e, kind: 'ephemeral' } : undefined;
  }
  cs(name: string, kind: Kind): V1ContainerStatus | undefined {
    return (statusList(this.st, kind) ?? []).find(x => x.name === name);
  }
  fp(name: string, kind: Kind): string { return `spec.${FIELD[kind]}{${name}}`; }

  // --- images ---
  imagePresent(img: ImageInfo): boolean {
    return (this.node.status?.images ?? []).some(i => (i.names ?? []).includes(img.resolved) || (i.names ?? []).includes(img.imageID));
  }
  addImage(img: ImageInfo): void {
    if (this.imagePresent(img)) return;
    if (!this.nodeChanged) this.node = clone(this.node);
    const images: V1ContainerImage[] = ((this.node.status ??= {}).images ??= []);
    images.push({ names: [img.imageID, ...(img.ref.digest ? [] : [img.resolved])], sizeBytes: img.size });
    images.sort((a, b) => b.sizeBytes! - a.sizeBytes!);
    if (images.length > 50) images.length = 50;
    this.nodeChanged = true;
  }

  baseStatus(c: Ctr, waiting: string): V1ContainerStatus {
    return {
      image: c.image!, imageID: '', lastState: {}, name: c.name, ready: false, restartCount: 0, started: false,
      state: { waiting: { reason: waiting } },
      ...(c.volumeMounts?.length ? { volumeMounts: c.volumeMounts.map(m => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) })) } : {}),
    };
  }

  // --- container instances as the status shows them ---
  /** The latest instance, when it has exited (its termination is in state, or moved to lastState by a waiting reason). */
  latestExited(cs: V1ContainerStatus): V1ContainerStateTerminated | undefined {
    if (cs.state?.terminated) return cs.state.terminated;
    if (cs.state?.waiting && cs.containerID && cs.lastState?.terminated?.containerID === cs.containerID) return cs.lastState.terminated;
    return undefined;
  }
  /** When an exited instance finished (ms), as precisely as the runtime said. */
  finished(term: V1ContainerStateTerminated): number { return this.m.fin?.[cidOf(term.containerID)] ?? Date.parse(term.finishedAt!); }
  /** lastState takes a termination; the instance it replaces is garbage-collected (its logs go). */
  setLast(cs: V1ContainerStatus, term: V1ContainerStateTerminated): void {
    const old = cs.lastState?.terminated;
    if (old && old.containerID !== term.containerID && old.containerID && old.containerID !== cs.containerID) {
      this.cri.remove(this.uid, cidOf(old.containerID));
      if (this.m.fin) delete this.m.fin[cidOf(old.containerID)];
    }
    cs.lastState = { terminated: term };
  }
  /** The reason cache: a container that will be started again shows why its last start failed. */
  setWhy(cs: V1ContainerStatus, name: string, reason: string, message: string): void {
    if (cs.state?.terminated) this.setLast(cs, cs.state.terminated);
    cs.state = { waiting: { reason, ...(message ? { message } : {}) } };
    cs.ready = false; cs.started = false;
    this.cmem(name).why = { reason, message };
    this.failed = true;
  }
  /** A new instance of the container: the exited one becomes lastState, restartCount goes up. */
  newInstance(cs: V1ContainerStatus, cid: string, img: ImageInfo, state: V1ContainerState): void {
    const prev = this.latestExited(cs);
    if (cs.containerID) {
      if (prev) this.setLast(cs, prev);
      cs.restartCount = (cs.restartCount ?? 0) + 1;
    }
    cs.containerID = `containerd://${cid}`;
    cs.image = img.resolved;
    cs.imageID = img.imageID;
    cs.state = state;
    cs.ready = false; cs.started = false;
    if (this.spec(cs.name)?.kind === 'ephemeral') delete cs.started;
    this.acted = true;
  }

  /** The runtime's word on a running container: its termination when PID 1 has exited. */
  exitedNow(cs: V1ContainerStatus, c: Ctr): V1ContainerStateTerminated | undefined {
    if (!cs.state?.running) return undefined;
    const st = this.cri.status(this.uid, cidOf(cs.containerID));
    if (!st || st.state === 'running') return undefined;
    let message = st.message;
    if (!message && c.terminationMessagePolicy === 'FallbackToLogsOnError' && st.code !== 0) message = this.logTail(cidOf(cs.containerID));
    this.m.fin ??= {};
    this.m.fin[cidOf(cs.containerID)] = st.finishedAt;
    return {
      containerID: cs.containerID, exitCode: st.code, finishedAt: toISO(st.finishedAt),
      ...(message ? { message } : {}), reason: st.reason, startedAt: cs.state.running.startedAt,
    };
  }
  /** FallbackToLogsOnError: the last 80 lines or 2048 bytes of the log. */
  logTail(cid: string): string | undefined {
    const text = this.cri.logs(this.uid, cid).map(l => l.d).join('');
    if (!text) return undefined;
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let out = lines.slice(-80).join('\n') + (text.endsWith('\n') ? '\n' : '');
    if (Buffer.byteLength(out) > 2048) out = Buffer.from(out).subarray(-2048).toString();
    return out;
  }
  /** Note every container whose PID 1 has exited since the last sync. */
  observeExits(): void {
    for (const list of [this.st.initContainerStatuses, this.st.containerStatuses, this.st.ephemeralContainerStatuses]) {
      for (const cs of list ?? []) {
        const sp = this.spec(cs.name);
        if (!sp) continue;
        const t = this.exitedNow(cs, sp.c);
        if (!t) continue;
        cs.state = { terminated: t };
        cs.ready = false; cs.started = false;
        if (sp.kind === 'ephemeral') delete cs.started;
        this.acted = true;
      }
    }
  }

  // --- pulling ---
  /** EnsureImageExists. The image when the container may be created; 'error' or 'blocked' otherwise. */
  pull(c: Ctr, cs: V1ContainerStatus, kind: Kind): ImageInfo | 'error' | 'blocked' {
    const fp = this.fp(c.name, kind);
    const parsed = parseImage(String(c.image));
    if ('error' in parsed) {
      const msg = `Failed to apply default image tag "${c.image}": ${parsed.error}`;
      this.ev('Warning', 'InspectFailed', msg, fp);
      this.ev('Warning', 'Failed', 'Error: InvalidImageName', fp);
      this.setWhy(cs, c.name, 'InvalidImageName', msg);
      return 'error';
    }
    const img = lookupImage(String(c.image));
    const policy = c.imagePullPolicy ?? 'IfNotPresent';
    const present = this.imagePresent(img);
    if (policy === 'Never' && !present) {
      const msg = `Container image "${c.image}" is not present with pull policy of Never`;
      this.ev('Warning', 'ErrImageNeverPull', msg, fp);
      this.ev('Warning', 'Failed', 'Error: ErrImageNeverPull', fp);
      this.setWhy(cs, c.name, 'ErrImageNeverPull', msg);
      return 'error';
    }
    if (present && policy !== 'Always') {
      this.ev('Normal', 'Pulled', `Container image "${c.image}" already present on machine`, fp);
      return img;
    }
    const bkey = String(c.image);
    const bo = this.m.img[bkey];
    if (inBackOffSinceUpdate(bo, this.now)) {
      this.ev('Normal', 'BackOff', `Back-off pulling image "${c.image}"`, fp);
      this.ev('Warning', 'Failed', 'Error: ImagePullBackOff', fp);
      this.setWhy(cs, c.name, 'ImagePullBackOff', `Back-off pulling image "${c.image}": ErrImagePull: ${pullError(img)}`);
      this.at(bo!.at + bo!.d);
      return 'error';
    }
    this.ev('Normal', 'Pulling', `Pulling image "${c.image}"`, fp);
    if (!img.exists) {
      this.m.img[bkey] = nextBackoff(bo, this.now, this.now);
      this.ev('Warning', 'Failed', `Failed to pull image "${c.image}": ${pullError(img)}`, fp);
      this.ev('Warning', 'Failed', 'Error: ErrImagePull', fp);
      this.setWhy(cs, c.name, 'ErrImagePull', pullError(img));
      return 'error';
    }
    const took = this.stages.pull < 0 ? pullMs(img) : this.stages.pull;
    if (took > 0 && !present) {
      this.m.op = { k: 'pull', name: c.name, kind, until: this.now + took, took };
      this.at(this.now + took);
      return 'blocked';
    }
    this.pulled(c, img, kind, present);
    return img;
  }
  pulled(c: Ctr, img: ImageInfo, kind: Kind, present: boolean, tookMs?: number): void {
    const took = tookMs !== undefined ? goDuration(tookMs) : present ? goDuration(300 + (img.size % 500)) : img.pullTime;
    this.ev('Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${img.size} bytes.`, this.fp(c.name, kind));
    this.addImage(img);
    this.acted = true;
  }

  // --- starting ---
  /**
   * kuberuntime's start(): doBackOff, pull, generate the config, create, start, postStart. `ts` is the finish
   * time of the exited instance the sync saw (undefined: look at the status; null: there was none).
   */
  startContainer(c: Ctr, kind: Kind, ts?: number | null): 'ok' | 'error' | 'blocked' {
    const cs = this.cs(c.name, kind);
    if (!cs) return 'error';
    const fp = this.fp(c.name, kind);
    const mem = this.cmem(c.name);
    const exited = ts === undefined ? this.latestExited(cs) : undefined;
    const since = ts === undefined ? (exited ? this.finished(exited) : null) : ts;
    if (since !== null) {
      if (inBackOffSince(mem.bo, since, this.now)) {
        const d = mem.bo!.d;
        this.ev('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef(this.pod)}`, fp);
        this.setWhy(cs, c.name, 'CrashLoopBackOff', `back-off ${goDuration(d)} restarting failed container=${c.name} pod=${podRef(this.pod)}`);
        this.at(since + d);
        return 'error';
      }
      mem.bo = nextBackoff(mem.bo, since, this.now);
    }
    const img = this.pull(c, cs, kind);
    if (img === 'error' || img === 'blocked') return img;
    return this.create(c, kind, img);
  }
  create(c: Ctr, kind: Kind, img: ImageInfo): 'ok' | 'error' | 'blocked' {
    const cs = this.cs(c.name, kind)!;
    const fp = this.fp(c.name, kind);
    const envr = containerEnv(this.podNow, c.name, apiEnvSource(this.rt.api));
    if (envr.error) {
      this.ev('Warning', 'Failed', `Error: ${envr.error}`, fp);
      this.setWhy(cs, c.name, 'CreateContainerConfigError', envr.error);
      return 'error';
    }
    this.ev('Normal', 'Created', `Created container: ${c.name}`, fp);
    this.acted = true;
    if (this.stages.start > 0) {
      this.m.op = { k: 'create', name: c.name, kind, until: this.now + this.stages.start };
      this.at(this.now + this.stages.start);
      return 'blocked';
    }
    return this.launch(c, kind, img, envr.env);
  }
  launch(c: Ctr, kind: Kind, img: ImageInfo, env?: { name: string; value: string }[]): 'ok' | 'error' | 'blocked' {
    const cs = this.cs(c.name, kind)!;
    const fp = this.fp(c.name, kind);
    if (!env) {
      const envr = containerEnv(this.podNow, c.name, apiEnvSource(this.rt.api));
      if (envr.error) { this.ev('Warning', 'Failed', `Error: ${envr.error}`, fp); this.setWhy(cs, c.name, 'CreateContainerConfigError', envr.error); return 'error'; }
      env = envr.env;
    }
    const limit = memoryLimit(c);
    let cid: string;
    try {
      cid = this.cri.start({ pod: this.podNow, container: c, env, memLimit: limit });
    } catch (e) {
      if (!(e instanceof StartError)) throw e;
      this.ev('Warning', 'Failed', `Error: ${e.message}`, fp);
      // containerd keeps the container it could not start: exited, 128, StartError
      const id = this.rt.rng.hex(64);
      this.newInstance(cs, id, img, { terminated: { containerID: `containerd://${id}`, exitCode: 128, finishedAt: this.nowISO, message: e.message, reason: 'StartError', startedAt: '1970-01-01T00:00:00Z' } });
      (this.m.fin ??= {})[id] = this.now;
      if (this.shouldRestart(c, kind, cs)) this.setWhy(cs, c.name, 'RunContainerError', e.message);
      else this.failed = true;
      return 'error';
    }
    this.ev('Normal', 'Started', `Started container ${c.name}`, fp);
    delete this.cmem(c.name).why;
    this.newInstance(cs, cid, img, { running: { startedAt: this.nowISO } });
    if (c.lifecycle?.postStart) {
      const r = startHook(this.rt, this.pod, c, cid, c.lifecycle.postStart);
      if (!r.done) {
        this.m.op = { k: 'post', name: c.name, kind, cid, hook: r.st };
        const d = hookDue(r.st);
        if (d !== undefined) this.at(d);
        return 'blocked';
      }
      if (!r.ok) return this.postStartFailed(c, kind, cid, r.msg ?? '');
    }
    return 'ok';
  }
  postStartFailed(c: Ctr, kind: Kind, cid: string, msg: string): 'error' | 'blocked' {
    const fp = this.fp(c.name, kind);
    this.ev('Warning', 'FailedPostStartHook', 'PostStartHook failed', fp);
    const k = this.startKill(c.name, kind, cid, 'FailedPostStartHook', this.graceFor(c, 'other'));
    if (this.advanceKill(k)) { this.postStartDone(c.name, kind, msg); return 'error'; }
    this.m.op = { k: 'kill', kills: [k], why: { name: c.name, reason: 'PostStartHookError', message: msg } };
    return 'blocked';
  }
  postStartDone(name: string, kind: Kind, msg: string): void {
    const cs = this.cs(name, kind);
    const sp = this.spec(name);
    if (!cs || !sp) return;
    const t = this.exitedNow(cs, sp.c);
    if (t) cs.state = { terminated: t };
    if (this.shouldRestart(sp.c, kind, cs)) this.setWhy(cs, name, 'PostStartHookError', msg);
    else this.failed = true;
  }

  /** ShouldContainerBeRestarted for a container that is not running. */
  shouldRestart(c: Ctr, kind: Kind, cs: V1ContainerStatus | undefined): boolean {
    if (this.pod.metadata.deletionTimestamp) return false;
    if (!cs?.containerID) return true;
    if (kind === 'ephemeral') return false;
    if (cs.state?.running) return false;
    if (kind === 'sidecar') return true;
    const t = this.latestExited(cs);
    if (!t) return true;
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Never') return false;
    if (policy === 'OnFailure' && t.exitCode === 0) return false;
    return true;
  }

  // --- killing ---
  /** setTerminationGracePeriod (seconds). */
  graceFor(c: Ctr, reason: 'liveness' | 'startup' | 'other'): number {
    if (this.pod.metadata.deletionGracePeriodSeconds !== undefined && this.pod.metadata.deletionTimestamp) return this.pod.metadata.deletionGracePeriodSeconds;
    if (reason === 'liveness' && typeof c.livenessProbe?.terminationGracePeriodSeconds === 'number') return c.livenessProbe.terminationGracePeriodSeconds;
    if (reason === 'startup' && typeof c.startupProbe?.terminationGracePeriodSeconds === 'number') return c.startupProbe.terminationGracePeriodSeconds;
    return this.pod.spec.terminationGracePeriodSeconds ?? 30;
  }
  /** Begin killContainer: the Killing event, then preStop (if any and there is time). */
  startKill(name: string, kind: Kind, cid: string, message: string, gp: number, after?: string[]): Kill {
    const sp = this.spec(name);
    this.ev('Normal', 'Killing', message || `Stopping container ${name}`, this.fp(name, kind));
    const k: Kill = { name, kind, cid, t0: this.now, gp, phase: 'pre', ...(after?.length ? { after } : {}) };
    const pre = sp?.c.lifecycle?.preStop;
    if (pre && gp > 0) {
      const r = startHook(this.rt, this.pod, sp!.c, cid, pre);
      if (!r.done) { k.hook = r.st; k.preEnd = this.now + gp * 1000; }
      else if (!r.ok) this.ev('Warning', 'FailedPreStopHook', 'PreStopHook failed', this.fp(name, kind));
    }
    this.acted = true;
    return k;
  }
  /** Move a kill on as far as it goes now. True when the container has stopped. */
  advanceKill(k: Kill, siblings: Kill[] = []): boolean {
    const sp = this.spec(k.name);
    for (let guard = 0; guard < 6 && k.phase !== 'done'; guard++) {
      if (k.phase === 'pre') {
        if (k.hook) {
          const r = checkHook(this.rt, this.pod, sp?.c ?? { name: k.name }, k.hook);
          if (!r.done && this.now < k.preEnd!) { k.hook = r.st; const d = hookDue(r.st); this.at(d !== undefined ? Math.min(d, k.preEnd!) : k.preEnd!); return false; }
          if (!r.done) abandonHook(this.rt, this.pod, r.st);
          else if (!r.ok) this.ev('Warning', 'FailedPreStopHook', 'PreStopHook failed', this.fp(k.name, k.kind));
          delete k.hook; delete k.preEnd;
        }
        k.gp -= Math.floor((this.now - k.t0) / 1000);
        k.phase = 'wait';
        k.t1 = this.now;
      }
      if (k.phase === 'wait') {
        const waiting = (k.after ?? []).some(n => {
          const o = siblings.find(x => x.name === n);
          return o ? o.phase !== 'done' : false;
        });
        const end = k.t1! + Math.max(0, k.gp) * 1000;
        if (waiting && k.gp > 0 && this.now < end) { this.at(end); return false; }
        k.gp -= Math.floor((this.now - k.t1!) / 1000);
        k.gp = Math.max(k.gp, MIN_GRACE);
        k.phase = 'sig';
        const img = this.cri.imageOf(this.uid, k.cid)?.image ?? sp?.c.image ?? '';
        this.cri.signal(this.uid, k.cid, this.cri.stopSignal(String(img)));
        k.killAt = this.now + k.gp * 1000;
      }
      if (k.phase === 'sig') {
        const st = this.cri.status(this.uid, k.cid);
        if (!st || st.state !== 'running') { k.phase = 'done'; break; }
        if (this.now >= k.killAt!) { this.cri.kill(this.uid, k.cid); k.phase = 'done'; break; }
        this.at(k.killAt!);
        return false;
      }
    }
    return k.phase === 'done';
  }

  // --- the blocking operation of an earlier sync ---
  /** Resume the operation in progress. True when it is over (the sync may go on). */
  resumeOp(): boolean {
    const op = this.m.op;
    if (!op) return true;
    if (op.k === 'pull') {
      if (this.now < op.until) { this.at(op.until); return false; }
      delete this.m.op;
      const sp = this.spec(op.name);
      if (!sp) return true;
      const img = lookupImage(String(sp.c.image));
      this.pulled(sp.c, img, op.kind, false, op.took);
      const r = this.create(sp.c, op.kind, img);
      return r !== 'blocked';
    }
    if (op.k === 'create') {
      if (this.now < op.until) { this.at(op.until); return false; }
      delete this.m.op;
      const sp = this.spec(op.name);
      if (!sp) return true;
      return this.launch(sp.c, op.kind, lookupImage(String(sp.c.image))) !== 'blocked';
    }
    if (op.k === 'post') {
      const sp = this.spec(op.name);
      const r = checkHook(this.rt, this.pod, sp?.c ?? { name: op.name }, op.hook);
      if (!r.done) { op.hook = r.st; const d = hookDue(r.st); if (d !== undefined) this.at(d); return false; }
      delete this.m.op;
      if (!r.ok && sp) return this.postStartFailed(sp.c, op.kind, op.cid, r.msg ?? '') !== 'blocked';
      return true;
    }
    // kill
    let all = true;
    for (const k of op.kills) if (!this.advanceKill(k, op.kills)) all = false;
    if (!all) return false;
    delete this.m.op;
    for (const k of op.kills) {
      const cs = this.cs(k.name, k.kind);
      const sp = this.spec(k.name);
      if (cs && sp) { const t = this.exitedNow(cs, sp.c); if (t) { cs.state = { terminated: t }; cs.ready = false; cs.started = false; } }
    }
    if (op.why) { const sp = this.spec(op.why.name); if (sp) this.postStartDone(op.why.name, sp.kind, op.why.message); }
    if (op.restart) {
      const sp = this.spec(op.restart.name);
      if (sp) return this.startContainer(sp.c, op.restart.kind, op.restart.ts ?? null) !== 'blocked';
    }
    return true;
  }

  // --- computePodActions + SyncPod ---
  /** One pass of SyncPod. False when it stopped on a blocking operation. */
  syncContainers(): boolean {
    const spec = this.pod.spec;
    const inits: Ctr[] = spec.initContainers ?? [];
    const mains: Ctr[] = spec.containers ?? [];
    const policy = spec.restartPolicy ?? 'Always';
    const restartOnFailure = policy !== 'Never';
    const initStart: Ctr[] = [];
    const toKill: { c: Ctr; kind: Kind; message: string; restart: boolean; reason: 'liveness' | 'startup' | 'other' }[] = [];
    let killPod = false;

    // computeInitContainerActions
    let initialized = mains.some(c => this.cs(c.name, 'main')?.state?.running);
    if (inits.length) {
      let last = -1;
      inits.forEach((c, i) => { if (this.cs(c.name, isSidecar(c) ? 'sidecar' : 'init')?.containerID) last = i; });
      const wasInitialized = initialized;
      for (let i = 0; i <= last; i++) {
        const c = inits[i]!;
        const kind: Kind = isSidecar(c) ? 'sidecar' : 'init';
        const cs = this.cs(c.name, kind)!;
        const prevInit = i < last || wasInitialized;
        if (prevInit && kind === 'init') continue;
        if (cs.state?.running) {
          if (kind === 'init') break; // wait for it
          const view = probeView(this.rt, this.pod, c, cidOf(cs.containerID), true);
          if (c.startupProbe && !view.started) {
            if (view.startupFailed) { toKill.push({ c, kind, message: `Init container ${c.name} failed startup probe`, restart: true, reason: 'startup' }); }
            continue;
          }
          if (i === inits.length - 1) initialized = true;
          else if (!prevInit) initStart.push(inits[i + 1]!);
          if (this.imageChanged(cs, c)) toKill.push({ c, kind, message: `Init container ${c.name} definition changed`, restart: true, reason: 'other' });
          else if (view.livenessFailed) toKill.push({ c, kind, message: `Init container ${c.name} failed liveness probe`, restart: true, reason: 'liveness' });
          continue;
        }
        const t = this.latestExited(cs);
        if (!t) { if (i === last) initStart.push(c); continue; } // created but never run, or waiting to start again
        if (kind === 'sidecar') { initStart.push(c); continue; }
        if (t.exitCode !== 0) {
          if (!restartOnFailure) { killPod = true; initStart.length = 0; break; }
          initStart.push(c);
          break;
        }
        if (i === inits.length - 1) initialized = true;
        else if (i === last) initStart.push(inits[i + 1]!);
      }
      if (last < 0 && !wasInitialized) initStart.push(inits[0]!);
      if (wasInitialized) for (let i = last + 1; i < inits.length; i++) if (isSidecar(inits[i]!)) initStart.push(inits[i]!);
    } else initialized = true;

    // the main containers
    let keep = 0;
    const mainStart: Ctr[] = [];
    if (initialized && !killPod) {
      for (const c of mains) {
        const cs = this.cs(c.name, 'main');
        if (!cs?.state?.running) { if (this.shouldRestart(c, 'main', cs)) mainStart.push(c); continue; }
        let message = '', reason: 'liveness' | 'startup' | 'other' = 'other';
        let restart = restartOnFailure;
        const view = probeView(this.rt, this.pod, c, cidOf(cs.containerID), true);
        if (this.imageChanged(cs, c)) { message = `Container ${c.name} definition changed`; restart = true; }
        else if (view.livenessFailed) { message = `Container ${c.name} failed liveness probe`; reason = 'liveness'; }
        else if (view.startupFailed) { message = `Container ${c.name} failed startup probe`; reason = 'startup'; }
        else { keep++; continue; }
        if (restart) message += ', will be restarted';
        toKill.push({ c, kind: 'main', message, restart, reason });
      }
      if (keep === 0 && !mainStart.length && !toKill.some(k => k.kind === 'main' && k.restart)) { killPod = true; initStart.length = 0; }
    }

    // SyncPod: kill the pod, or kill what must go, then start init containers, then the rest
    if (killPod) {
      const kills = this.killAll(this.pod.spec.terminationGracePeriodSeconds ?? 30);
      if (!kills.length) return true;
      if (kills.every(k => this.advanceKill(k, kills))) { this.afterKills(kills); return true; }
      this.m.op = { k: 'kill', kills, podKill: 1 };
      return false;
    }
    for (const tk of toKill) {
      const cs = this.cs(tk.c.name, tk.kind)!;
      const prev = cs.lastState?.terminated;
      const k = this.startKill(tk.c.name, tk.kind, cidOf(cs.containerID), tk.message, this.graceFor(tk.c, tk.reason));
      const restart = tk.restart ? { name: tk.c.name, kind: tk.kind, ...(prev ? { ts: this.finished(prev) } : {}) } : undefined;
      if (!this.advanceKill(k)) { this.m.op = { k: 'kill', kills: [k], ...(restart ? { restart } : {}) }; return false; }
      this.afterKills([k]);
      if (restart) {
        const r = this.startContainer(tk.c, tk.kind, restart.ts ?? null);
        if (r === 'blocked') return false;
      }
      // started again or not, the init/main start lists below no longer concern it
      const drop = (l: Ctr[]) => { const i = l.indexOf(tk.c); if (i >= 0) l.splice(i, 1); };
      drop(initStart); drop(mainStart);
    }
    for (const c of initStart) {
      const kind: Kind = isSidecar(c) ? 'sidecar' : 'init';
      const r = this.startContainer(c, kind);
      if (r === 'blocked') return false;
      if (r === 'error' && kind === 'init') break;
    }
    for (const c of mainStart) {
      const r = this.startContainer(c, 'main');
      if (r === 'blocked') return false;
    }
    // ephemeral containers (kubectl debug): started once, when the pod has initialized; never restarted
    if (initialized && !killPod) {
      for (const c of spec.ephemeralContainers ?? []) {
        let cs = this.cs(c.name, 'ephemeral');
        if (!cs) {
          cs = this.baseStatus(c, 'ContainerCreating');
          delete cs.started;
          (this.st.ephemeralContainerStatuses ??= []).push(cs);
        }
        if (cs.containerID || cs.state?.running) continue;
        if (this.startContainer(c, 'ephemeral') === 'blocked') return false;
      }
    }
    return true;
  }
  imageChanged(cs: V1ContainerStatus, c: Ctr): boolean {
    const img = this.cri.imageOf(this.uid, cidOf(cs.containerID));
    return !!img?.running && img.image !== String(c.image);
  }
  /** killPodWithSyncResult: every running container, sidecars after the main containers and in reverse order. */
  killAll(gp: number, existing: Kill[] = []): Kill[] {
    const inits: Ctr[] = this.pod.spec.initContainers ?? [];
    const mains: Ctr[] = this.pod.spec.containers ?? [];
    const running = (name: string, kind: Kind) => !!this.cs(name, kind)?.state?.running;
    const kills: Kill[] = [...existing];
    const mainNames = mains.filter(c => running(c.name, 'main')).map(c => c.name);
    for (const c of mains) {
      if (!running(c.name, 'main') || kills.some(k => k.name === c.name)) continue;
      kills.push(this.startKill(c.name, 'main', cidOf(this.cs(c.name, 'main')!.containerID), '', gp));
    }
    for (const c of this.pod.spec.ephemeralContainers ?? []) {
      if (!running(c.name, 'ephemeral') || kills.some(k => k.name === c.name)) continue;
      kills.push(this.startKill(c.name, 'ephemeral', cidOf(this.cs(c.name, 'ephemeral')!.containerID), '', gp));
    }
    const sidecarsLater: string[] = [];
    for (let i = inits.length - 1; i >= 0; i--) {
      const c = inits[i]!;
      const kind: Kind = isSidecar(c) ? 'sidecar' : 'init';
      if (running(c.name, kind) && !kills.some(k => k.name === c.name)) {
        const after = kind === 'sidecar' ? [...mainNames, ...sidecarsLater.slice(-1)] : undefined;
        kills.push(this.startKill(c.name, kind, cidOf(this.cs(c.name, kind)!.containerID), '', gp, after));
      }
      if (kind === 'sidecar' && running(c.name, kind)) sidecarsLater.push(c.name);
    }
    return kills;
  }
  afterKills(kills: Kill[]): void {
    for (const k of kills) {
      const cs = this.cs(k.name, k.kind);
      const sp = this.spec(k.name);
      if (!cs || !sp) continue;
      const t = this.exitedNow(cs, sp.c);
      if (t) { cs.state = { terminated: t }; cs.ready = false; cs.started = false; }
    }
  }
}

/** The spec field and the status list of a kind of container. */
const FIELD: Record<Kind, string> = { main: 'containers', init: 'initContainers', sidecar: 'initContainers', ephemeral: 'ephemeralContainers' };
function statusList(st: V1PodStatus, kind: Kind): V1ContainerStatus[] | undefined {
  return kind === 'main' ? st.containerStatuses : kind === 'ephemeral' ? st.ephemeralContainerStatuses : st.initContainerStatuses;
}

function pullMs(img: ImageInfo): number {
  const m = /^(?:(\d+)m)?(?:([\d.]+)s)?(?:(\d+)ms)?$/.exec(img.pullTime);
  if (!m) return 1000;
  return Math.round((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 1000 + Number(m[3] ?? 0));
}

// ---------------------------------------------------------------------------------------------------------
// Status: what generateAPIPodStatus writes

/** getPhase (kubelet_pods.go), with podIsTerminal for a pod that is done or being deleted. */
function getPhase(pod: Pod, st: V1PodStatus, podIsTerminal: boolean, podHasInitialized: boolean): string {
  const spec = pod.spec;
  const find = (name: string) => [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? [])].find(x => x.name === name);
  let pendingRestartable = 0, pendingRegular = 0, failedInit = 0;
  for (const c of spec.initContainers ?? []) {
    if (isSidecar(c)) continue;
    const cs = find(c.name);
    if (!cs) { pendingRegular++; continue; }
    if (cs.state?.running) pendingRegular++;
    else if (cs.state?.terminated) { if (cs.state.terminated.exitCode !== 0) failedInit++; }
    else if (cs.state?.waiting) { if (cs.lastState?.terminated) { if (cs.lastState.terminated.exitCode !== 0) failedInit++; } else pendingRegular++; }
    else pendingRegular++;
  }
  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isSidecar(c)) continue;
    const cs = find(c.name);
    if (!cs) { unknown++; continue; }
    if (cs.state?.running) { if (!cs.started) pendingRestartable++; running++; }
    else if (cs.state?.terminated) { /* not counted */ }
    else if (cs.state?.waiting) { if (!cs.lastState?.terminated) { pendingRestartable++; waiting++; } }
    else { pendingRestartable++; unknown++; }
  }
  for (const c of spec.containers ?? []) {
    const cs = find(c.name);
    if (!cs) { unknown++; continue; }
    if (cs.state?.running) running++;
    else if (cs.state?.terminated) { stopped++; if (cs.state.terminated.exitCode === 0) succeeded++; }
    else if (cs.state?.waiting) { if (cs.lastState?.terminated) stopped++; else waiting++; }
    else unknown++;
  }
  if (failedInit > 0 && spec.restartPolicy === 'Never') return 'Failed';
  if (pendingRegular > 0 || (pendingRestartable > 0 && !podHasInitialized) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (spec.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** The kubelet's conditions (status/generate.go), keeping others' conditions and transition times. */
function conditions(pod: Pod, st: V1PodStatus, phase: string, sandboxReady: boolean, nowISO: string): V1PodCondition[] {
  const old: V1PodCondition[] = pod.status?.conditions ?? [];
  const cond = (type: string, status: string, reason?: string, message?: string) => {
    const prev = old.find(c => c.type === type);
    // lastProbeTime is a metav1.Time the kubelet leaves zero: JSON null
    const c = { lastProbeTime: null as unknown as string, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : nowISO } as V1PodCondition;
    if (message) c.message = message;
    if (reason) c.reason = reason;
    c.status = status; c.type = type;
    return c;
  };
  const spec = pod.spec;
  const all = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])];
  const find = (name: string) => all.find(x => x.name === name);
  // Initialized
  const unknownInit: string[] = [], incomplete: string[] = [];
  for (const c of spec.initContainers ?? []) {
    const cs = find(c.name);
    if (!cs) { unknownInit.push(c.name); continue; }
    if (isSidecar(c) ? !cs.started : !cs.ready) incomplete.push(c.name);
  }
  let initialized: V1PodCondition;
  const anyMainStarted = (spec.containers ?? []).some(c => { const cs = find(c.name); return !!(cs?.state?.running || cs?.state?.terminated || cs?.lastState?.terminated); });
  if (phase === 'Succeeded' && !unknownInit.length) initialized = cond('Initialized', 'True', 'PodCompleted');
  else if (anyMainStarted) initialized = cond('Initialized', 'True');
  else {
    const msgs = [...(unknownInit.length ? [`containers with unknown status: [${unknownInit.join(' ')}]`] : []), ...(incomplete.length ? [`containers with incomplete status: [${incomplete.join(' ')}]`] : [])];
    initialized = msgs.length ? cond('Initialized', 'False', 'ContainersNotInitialized', msgs.join(', ')) : cond('Initialized', 'True');
  }
  // ContainersReady and Ready
  const unknown: string[] = [], unready: string[] = [];
  for (const c of [...(spec.initContainers ?? []).filter(isSidecar), ...(spec.containers ?? [])]) {
    const cs = find(c.name);
    if (!cs) unknown.push(c.name); else if (!cs.ready) unready.push(c.name);
  }
  let cr: { status: string; reason?: string; message?: string };
  if (phase === 'Succeeded' && !unknown.length) cr = { status: 'False', reason: 'PodCompleted' };
  else if (phase === 'Failed') cr = { status: 'False', reason: 'PodFailed' };
  else {
    const msgs = [...(unknown.length ? [`containers with unknown status: [${unknown.join(' ')}]`] : []), ...(unready.length ? [`containers with unready status: [${unready.join(' ')}]`] : [])];
    cr = msgs.length ? { status: 'False', reason: 'ContainersNotReady', message: msgs.join(', ') } : { status: 'True' };
  }
  let ready = cr;
  if (cr.status === 'True') {
    const gates: string[] = [];
    for (const g of spec.readinessGates ?? []) {
      const c = old.find(x => x.type === g.conditionType);
      if (!c) gates.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
      else if (c.status !== 'True') gates.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
    }
    if (gates.length) ready = { status: 'False', reason: 'ReadinessGatesNotReady', message: gates.join(', ') };
  }
  const out = [
    cond('PodReadyToStartContainers', sandboxReady ? 'True' : 'False'),
    initialized,
    cond('Ready', ready.status, ready.reason, ready.message),
    cond('ContainersReady', cr.status, cr.reason, cr.message),
    old.find(c => c.type === 'PodScheduled') ?? cond('PodScheduled', 'True'),
  ];
  for (const c of old) if (!out.some(x => x.type === c.type)) out.push(c); // readiness gates and others
  return out;
}

/** Ready and started from the prober (UpdatePodStatus); a regular init container that succeeded is ready. */
function applyProbes(s: PodSync): void {
  const pod = s.pod;
  for (const cs of s.st.initContainerStatuses ?? []) {
    const c = (pod.spec.initContainers ?? []).find(x => x.name === cs.name);
    if (!c) continue;
    if (!isSidecar(c)) { cs.started = !!cs.state?.running; cs.ready = cs.state?.terminated?.exitCode === 0; continue; }
    const v = probeView(s.rt, pod, c, cidOf(cs.containerID), !!cs.state?.running);
    cs.started = v.started; cs.ready = v.ready;
  }
  for (const cs of s.st.containerStatuses ?? []) {
    const c = (pod.spec.containers ?? []).find(x => x.name === cs.name);
    if (!c) continue;
    const v = probeView(s.rt, pod, c, cidOf(cs.containerID), !!cs.state?.running);
    cs.started = v.started; cs.ready = v.ready;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

export function syncPod(pod: Pod, rt: Runtime): void {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
  const node = rt.api.view(nodeRi(), undefined, pod.spec.nodeName!) as KObject | undefined; // read-only
  if (!node) return;
  const s = new PodSync(pod, node, rt);
  const st = s.st;
  const spec = pod.spec;
  const inits: Ctr[] = spec.initContainers ?? [];
  const mains: Ctr[] = spec.containers ?? [];

  if (!st.startTime) {
    const hostIP = (node.status?.addresses ?? []).find((a: { type: string; address: string }) => a.type === 'InternalIP')?.address ?? '';
    const ip = spec.hostNetwork ? hostIP : allocateIP(node, rt);
    Object.assign(st, { hostIP, hostIPs: [{ ip: hostIP }], podIP: ip, podIPs: [{ ip }], startTime: s.nowISO });
    s.m.admitted = s.now;
    const waiting = inits.length ? 'PodInitializing' : 'ContainerCreating';
    if (inits.length) st.initContainerStatuses = inits.map(c => s.baseStatus(c, waiting));
    st.containerStatuses = mains.map(c => s.baseStatus(c, waiting));
  }
  // syncs slept through while retrying: count their events
  if (s.m.rep) {
    const n = Math.max(0, Math.ceil((s.now - s.m.rep.from) / RETRY));
    const last = s.m.rep.from + (n - 1) * RETRY;
    if (n > 0) for (const e of s.m.rep.evs) s.rec.counted(e.type, e.reason, e.message, e.fieldPath, n, last);
    delete s.m.rep;
  }
  const sandboxAt = (s.m.admitted ?? Date.parse(st.startTime!)) + s.stages.sandbox;
  let sandboxReady = s.now >= sandboxAt;
  if (!sandboxReady) s.at(sandboxAt);
  if (sandboxReady && !mountVolumes(s, pod, rt)) sandboxReady = false;

  // what the API shows of the containers an operation concerns is what a sync saw before the operation began
  // (a copy only when an operation is under way: with none, resumeOp changes nothing and the copy below serves)
  let before = s.m.op ? clone(st) : st;
  s.restoreReal();
  s.observeExits();
  let idle = true;
  if (sandboxReady) {
    idle = s.resumeOp();
    if (idle) before = clone(st);
    // containers that exit as soon as they start are seen (and restarted) at once, as PLEG would a moment later
    for (let guard = 0; idle && guard < 8; guard++) {
      const acts = s.acts;
      idle = s.syncContainers();
      if (!idle || s.acts === acts) break;
      s.observeExits();
    }
  }
  // while an operation blocks the sync, the containers it concerns show what they showed before it began
  const frozen = new Set<string>();
  const op = s.m.op;
  if (!idle && op) {
    const names = op.k === 'kill' ? op.kills.map(k => k.name) : [op.name];
    for (const name of names) {
      const sp = s.spec(name);
      if (!sp) continue;
      const list = statusList(st, sp.kind);
      const i = (list ?? []).findIndex(x => x.name === name);
      const prev = (statusList(before, sp.kind) ?? []).find(x => x.name === name);
      if (i >= 0 && prev) { (op.real ??= {})[name] = list![i]!; list![i] = prev; frozen.add(name); }
    }
  }
  // the prober hears of new containers; a readiness probe without a result runs now (the status manager's
  // manual trigger), so a pod whose probe passes is Ready in the status this sync writes
  applyProbes(s);
  const view = { ...s.pod, status: s.st } as KObject;
  armProbes(rt, view);
  runProbes(rt, view, false);
  writeStatus(s, sandboxReady, false);
  if (s.failed && idle) requeue(s);
  s.save();
  afterSync(s);
}

/** The sync failed: the pod worker tries again in 10 s; retries that would only repeat held-back events are counted instead. */
function requeue(s: PodSync): void {
  const next = s.now + RETRY;
  const due = Math.min(...s.due.filter(d => d > s.now), Infinity);
  if (s.acted || s.wroteStatus || !s.evs.length) { s.at(next); return; }
  let wake = next;
  const types = [...new Set(s.evs.map(e => e.type))];
  const tokenAt = Math.min(...types.map(t => s.rec.tokenAt(t)));
  const target = Math.min(due, tokenAt);
  if (target > next) wake = next + Math.ceil((target - next) / RETRY) * RETRY;
  if (wake > next) s.m.rep = { evs: s.evs, from: next };
  s.due = s.due.filter(d => d <= s.now || d >= wake);
  s.at(wake);
}

function writeStatus(s: PodSync, sandboxReady: boolean, terminal: boolean): void {
  const pod = s.pod, st = s.st, rt = s.rt;
  applyProbes(s);
  const initialized = (pod.spec.containers ?? []).some(c => { const cs = s.cs(c.name, 'main'); return !!(cs?.containerID); });
  let phase = getPhase(pod, st, terminal, initialized);
  if (terminal) {
    // TerminatePod: what never ran counts as a failure once the pod had initialized
    const unknown = { terminated: { exitCode: 137, message: 'The container could not be located when the pod was terminated', reason: 'ContainerStatusUnknown' } };
    if (initialized) for (const cs of st.containerStatuses ?? []) if (!cs.state?.terminated) { cs.state = clone(unknown); cs.ready = false; cs.started = false; }
    if (phase === 'Pending' || phase === 'Running') phase = 'Failed';
  }
  st.phase = phase;
  const done = phase === 'Succeeded' || phase === 'Failed';
  st.conditions = conditions(pod, st, phase, sandboxReady && !done && !terminal, s.nowISO);
  if (st.containerStatuses) st.containerStatuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (s.nodeChanged) rt.api.mutate(nodeRi(), undefined, s.host, n => { (n.status ??= {}).images = s.node.status!.images; }, { subresource: 'status' });
  if (JSON.stringify(st) !== JSON.stringify(pod.status ?? {})) {
    // (modify: no copy of the pod to write its status; the pod as stored after the write, read-only, is the
    // one the rest of the sync looks at)
    const wrote = rt.api.modify(podRi(), pod.metadata.namespace, pod.metadata.name!, p => {
      if (p.metadata.uid !== pod.metadata.uid) return false;
      p.status = st;
    }, { subresource: 'status' });
    const out = wrote ? rt.api.view(podRi(), pod.metadata.namespace, pod.metadata.name!) as KObject | undefined : undefined;
    if (out && out.metadata.uid === pod.metadata.uid) { s.pod = out as Pod; s.wroteStatus = true; }
  }
}

/** After a sync: the pod's timer for what is due next; a finished pod's prober stops. */
function afterSync(s: PodSync): void {
  const rt = s.rt;
  const pod = s.pod;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
    forgetProbes(rt, pod);
    rt.cancel(TIMER, podKey(pod));
    return;
  }
  armTimer(rt, podKey(pod), s.due.filter(d => d > s.now));
}

/** Mount the pod's volumes (once; FailedMount events and back-off until they can be); refresh generated
 *  volumes (configMap, secret, downwardAPI, projected) at the pod's next sync after their sources change. */
function mountVolumes(s: PodSync, pod: Pod, rt: Runtime): boolean {
  if (!(pod.spec.volumes ?? []).length) return true;
  const cri = ContainerRuntime.of(rt);
  const memk = (k: string) => `kubelet/${pod.metadata.uid}/${k}`;
  const get = (k: string) => { const v = rt.store.getMeta(memk(k)); return v ? JSON.parse(v) : undefined; };
  const set = (k: string, v: unknown) => rt.store.setMeta(memk(k), v === undefined ? '' : JSON.stringify(v));
  if (!s.m.mounted) {
    const failed = get('mountFail') as { n: number; at: number } | undefined;
    if (failed && s.now < failed.at) { s.at(failed.at); return false; }
    const err = setupVolumes(pod, rt, cri.layers);
    if (err) {
      s.ev('Warning', err.reason, err.message, '');
      const n = (failed?.n ?? 0) + 1;
      const next = s.now + Math.min(122_000, 500 * 2 ** n);
      set('mountFail', { n, at: next });
      s.at(next);
      return false;
    }
    if (failed) set('mountFail', undefined);
    s.m.mounted = 1;
    return true;
  }
  if ((pod.spec.volumes ?? []).some(v => v.configMap || v.secret || v.downwardAPI || v.projected)) {
    const due = get('refreshAt') as number | undefined;
    if (due !== undefined && s.now >= due) { setupVolumes(pod, rt, cri.layers, true); set('refreshAt', undefined); }
    else if (due !== undefined) s.at(due);
  }
  return true;
}

/** A source of a pod's generated volumes changed: refresh them at the pod's next periodic sync (every 60 s from its start). */
export function scheduleVolumeRefresh(pod: Pod, rt: Runtime): void {
  if (!pod.status?.startTime) return;
  const k = `kubelet/${pod.metadata.uid}/refreshAt`;
  if (rt.store.getMeta(k)) return;
  const start = Date.parse(pod.status.startTime);
  const now = rt.clock.now();
  const next = start + Math.ceil((now - start + 1) / 60_000) * 60_000;
  rt.store.setMeta(k, JSON.stringify(next));
  rt.enqueueFor('kubelet', podKey(pod));
}

function armTimer(rt: Runtime, key: string, dues: number[]): void {
  if (!dues.length) { rt.cancel(TIMER, key); return; }
  rt.reset(Math.min(...dues) - rt.clock.now(), TIMER, key);
}

/**
 * SyncTerminatingPod: every running container is killed at once (Killing events, preStop hooks, the image's
 * stop signal, KILL at the grace deadline), sidecars after the main containers; when all have stopped the
 * kubelet writes the final status and the pod leaves the API.
 */
export function terminatePod(pod: Pod, rt: Runtime): void {
  const node = rt.api.tryGet(nodeRi(), undefined, pod.spec.nodeName!) ?? ({ metadata: { name: pod.spec.nodeName }, status: {} } as unknown as KObject);
  const s = new PodSync(pod, node, rt);
  s.restoreReal();
  // calculateEffectiveGracePeriod: the deletion's grace period, the pod's own when that is 0, at least 1 s
  let grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  if (grace === 0) grace = pod.spec.terminationGracePeriodSeconds ?? 30;
  grace = Math.max(1, grace);
  if (s.m.term && grace < s.m.term.grace) {
    // a shorter grace period cuts the running kills short (the kubelet kills again, with the new one)
    s.m.term.grace = grace;
    for (const k of s.m.term.kills) {
      if (k.phase === 'done') continue;
      s.ev('Normal', 'Killing', `Stopping container ${k.name}`, s.fp(k.name, k.kind));
      const end = s.now + grace * 1000;
      if (k.phase === 'pre') { k.preEnd = Math.min(k.preEnd ?? end, end); k.gp = Math.min(k.gp, grace + Math.floor((s.now - k.t0) / 1000)); }
      else if (k.phase === 'wait') k.gp = Math.min(k.gp, grace + Math.floor((s.now - k.t1!) / 1000));
      else if (k.phase === 'sig') k.killAt = Math.min(k.killAt!, s.now + Math.max(MIN_GRACE, grace) * 1000);
    }
  }
  if (!s.m.term) {
    const op = s.m.op;
    let existing: Kill[] = [];
    if (op?.k === 'post') abandonHook(rt, pod, op.hook);
    if (op?.k === 'kill') existing = op.kills.filter(k => k.phase !== 'done');
    delete s.m.op;
    s.m.term = { grace, kills: [] };
    s.m.term.kills = s.killAll(grace, existing);
  }
  const kills = s.m.term.kills;
  let all = true;
  for (const k of kills) if (!s.advanceKill(k, kills)) all = false;
  if (!all) {
    // the pod worker is busy killing: the status waits for the end
    s.save();
    armTimer(rt, podKey(pod), s.due.filter(d => d > s.now));
    return;
  }
  s.afterKills(kills);
  writeStatus(s, false, true);
  s.save();
  rt.cancel(TIMER, podKey(pod));
  forgetProbes(rt, pod);
  if (pod.metadata.finalizers?.length) return; // the API server keeps it until its finalizers are gone
  rt.api.delete(podRi(), pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
}

/** Drop the kubelet's private memory of a pod. */
export function forget(pod: KObject, rt: Runtime): void {
  const uid = pod.metadata.uid!;
  for (const k of ['k', 'rec', 'probes', 'mountFail', 'refreshAt']) {
    const mk = `kubelet/${uid}/${k}`;
    if (rt.store.getMeta(mk)) rt.store.setMeta(mk, '');
  }
}

/**
 * The pod is gone from the API. If it went at once (`--force`), its containers still run on the node: the
 * kubelet stops them (Killing events; their stop signal, then KILL); then its containers, logs and volumes
 * go from the runtime.
 */
export function removed(pod: Pod, rt: Runtime): void {
  const cri = ContainerRuntime.of(rt);
  const m = loadMem(rt, pod.metadata.uid!);
  if (!m.term && pod.spec?.nodeName) {
    const rec = recorderFor(rt, pod);
    for (const [list, field] of [[pod.status?.containerStatuses, 'containers'], [pod.status?.initContainerStatuses, 'initContainers'], [pod.status?.ephemeralContainerStatuses, 'ephemeralContainers']] as const) {
      for (const cs of list ?? []) if (cs.state?.running) rec.event('Normal', 'Killing', `Stopping container ${cs.name}`, `spec.${field}{${cs.name}}`);
    }
  }
  forget(pod, rt);
  rt.cancel(TIMER, podKey(pod));
  rt.cancel(PROBE_TIMER, podKey(pod));
  cri.removePod(pod);
}

export function kubeletTimer(type: string, key: string, rt: Runtime): void {
  const pod = getPod(rt, key);
  if (!pod) return;
  if (type === PROBE_TIMER) { proberWake(pod, rt, false); return; }
  rt.enqueueFor('kubelet', key);
}

/** The prober's timer fired, or a watched container changed. */
export function proberWake(pod: Pod, rt: Runtime, woken: boolean): void {
  if (!pod.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
  if (runProbes(rt, pod, woken)) rt.enqueueFor('kubelet', podKey(pod));
}
