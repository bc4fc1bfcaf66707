// The kubelet's prober (pkg/kubelet/prober): one worker per container and probe kind (liveness,
// readiness, startup) that ticks every periodSeconds on a grid anchored where the kubelet admitted the
// pod, runs the probe (exec through the runtime's execSync; httpGet, tcpSocket and grpc through the pod
// network), counts consecutive results against successThreshold/failureThreshold and sets the result the
// pod sync reads: readiness gates Ready, a liveness or startup failure kills the container, startup gates
// the other two. Events and messages are the kubelet's: `Liveness probe failed: …`, `Readiness probe
// errored and resulted in unknown state: …`.
//
// Cost follows what changes, not the clock. A probe's answer is memoized with what it depended on (the
// fingerprints of the containers it looked at, the time its answer stays good); while that holds and the
// worker is steady (the result is already set and its threshold met) the worker sleeps without a timer.
// The container runtime wakes it (a 'probe:ns/name' key) when a watched container changes; a failing
// readiness probe, whose every tick is an event, wakes only when the kubelet's spam filter would let its
// event through, and counts the ticks in between.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { ContainerRuntime } from '../runtime/cri';
import type { Box } from '../runtime/kernel';
import { recorderFor } from './recorder';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export const PROBE_KINDS: ProbeKind[] = ['startup', 'liveness', 'readiness'];
const FIELD: Record<ProbeKind, string> = { liveness: 'livenessProbe', readiness: 'readinessProbe', startup: 'startupProbe' };
const TITLE: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };
type Result = 'success' | 'failure' | 'unknown';
const INITIAL: Record<ProbeKind, Result> = { liveness: 'success', readiness: 'failure', startup: 'unknown' };
export const PROBE_TIMER = 'kubelet-probe';
/** The kubelet's probe output limit (10 KiB). */
const MAX_OUTPUT = 10 * 1024;

// ---------------------------------------------------------------------------------------------------------
// The pod network, as the prober (and lifecycle hooks) need it.
//
// The runtime connects the simulated pod network here (src/runtime/cri.ts: `setProbeNet(clusterProbeNet)`):
// servers' real answers (nginx's 404s, agnhost liveness turning 500 after 10 s), other pods' addresses.
// `listenerNet` below is the fallback before that: a port some container of the pod listens on answers
// HTTP 200 / accepts / serves gRPC health SERVING; any other is refused.

export interface ProbeHttpRequest {
  pod: KObject;
  /** The address dialled: the probe's host, else the pod IP. */
  host: string;
  port: number;
  /** Path with query, as sent. */
  path: string;
  scheme: 'http' | 'https';
  headers: { name: string; value: string }[];
  timeoutMs: number;
}
/** What one request got. `until`: the same request keeps this answer until then if the containers in
 *  `deps` (container ids) do not change (Infinity: only changes matter). No `deps`: ask again every time. */
export type NetAnswer<T> = T & { until?: number; deps?: string[] };
export type HttpAnswer = NetAnswer<{ ok: true; status: number; body: string } | { ok: false; error: 'refused' | 'timeout' | 'reset' | 'unreachable' }>;
export type TcpAnswer = NetAnswer<{ ok: true } | { ok: false; error: 'refused' | 'timeout' | 'unreachable' }>;
export type GrpcAnswer = NetAnswer<
  | { ok: true; status: 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'SERVICE_UNKNOWN' }
  | { ok: false; error: 'refused' | 'timeout' | 'unimplemented' | 'not-grpc' }>;

export interface ProbeNet {
  httpGet(rt: Runtime, req: ProbeHttpRequest): HttpAnswer;
  tcpConnect(rt: Runtime, req: { pod: KObject; host: string; port: number; timeoutMs: number }): TcpAnswer;
  grpcHealth(rt: Runtime, req: { pod: KObject; host: string; port: number; service: string; timeoutMs: number }): GrpcAnswer;
}

/** The running containers of a pod that listen on `port`, as [container id, box]. */
export function podListener(rt: Runtime, pod: KObject, port: number): { cid: string; box: Box } | undefined {
  const cri = ContainerRuntime.of(rt);
  const sts = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  for (const cs of sts) {
    if (!cs.state?.running || !cs.containerID) continue;
    const cid = String(cs.containerID).replace(/^containerd:\/\//, '');
    const box = cri.box(pod.metadata.uid!, cid);
    if (!box || box.s.dead) continue;
    if (box.s.ports[String(port)] && box.s.procs[box.s.ports[String(port)]!.pid]?.st !== 'Z') return { cid, box };
  }
  return undefined;
}
/** Every running container of the pod (a refused connection depends on all of them: one may start listening). */
function podCids(pod: KObject): string[] {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
    .filter((cs: any) => cs.state?.running && cs.containerID).map((cs: any) => String(cs.containerID).replace(/^containerd:\/\//, ''));
}
const ownAddress = (pod: KObject, host: string) => host === '' || host === pod.status?.podIP || host === 'localhost' || host === '127.0.0.1';

/** Programs known to serve the gRPC health protocol on the ports they listen on. */
const GRPC_HEALTH = new Set(['etcd', 'agnhost-grpc-health-checking']);

export const listenerNet: ProbeNet = {
  httpGet(rt, req) {
    if (!ownAddress(req.pod, req.host)) return { ok: false, error: 'timeout' }; // (the fallback sees the pod itself only)
    const l = podListener(rt, req.pod, req.port);
    if (!l) return { ok: false, error: 'refused', deps: podCids(req.pod) };
    return { ok: true, status: 200, body: '', deps: [l.cid] };
  },
  tcpConnect(rt, req) {
    if (!ownAddress(req.pod, req.host)) return { ok: false, error: 'timeout' };
    const l = podListener(rt, req.pod, req.port);
    return l ? { ok: true, deps: [l.cid] } : { ok: false, error: 'refused', deps: podCids(req.pod) };
  },
  grpcHealth(rt, req) {
    const l = podListener(rt, req.pod, req.port);
    if (!l) return { ok: false, error: 'timeout', deps: podCids(req.pod) };
    const p = l.box.s.procs[l.box.s.ports[String(req.port)]!.pid];
    const prog = p?.prog.k === 'cmd' ? p.prog.name : '';
    return GRPC_HEALTH.has(prog) ? { ok: true, status: 'SERVING', deps: [l.cid] } : { ok: false, error: 'not-grpc', deps: [l.cid] };
  },
};
let NET: ProbeNet = listenerNet;
/** The runtime connects the pod network's request functions here. */
export function setProbeNet(net: ProbeNet): void { NET = net; }
export function probeNet(): ProbeNet { return NET; }

// ---------------------------------------------------------------------------------------------------------
// Running one probe

export interface Outcome {
  result: 'success' | 'warning' | 'failure' | 'unknown';
  output: string;
  /** A prober error: the result is thrown away (the `… probe errored …` event). */
  error?: string;
  /** The answer may change by itself at this time (undefined: only when what it depended on changes). */
  until?: number;
  /** Container id → fingerprint the answer depended on; undefined: ask again every time. */
  fps?: Record<string, string>;
}

/** Go's time.Duration String() for whole milliseconds. */
export function goDur(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000), m = Math.floor((ms % 3_600_000) / 60_000), s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  if (ms < 1000) return `${ms}ms`;
  return sec;
}

/** kubecontainer.ExpandContainerCommandOnlyStatic: $(VAR) from the container's literal env; $$ escapes. */
export function expandStatic(cmd: string[], env: any[] | undefined): string[] {
  const vars = new Map<string, string>();
  for (const e of env ?? []) if (e.value !== undefined && !e.valueFrom) vars.set(e.name, String(e.value));
  return cmd.map(a => String(a).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name) => (m === '$$' ? '$' : vars.has(name) ? vars.get(name)! : m)));
}

/** probe.ResolveContainerPort. */
export function resolvePort(port: unknown, c: any): number | string {
  let p: number;
  if (typeof port === 'number') p = port;
  else {
    const named = (c.ports ?? []).find((x: any) => x.name === port);
    if (named) p = Number(named.containerPort);
    else if (/^[+-]?\d+$/.test(String(port))) p = Number(port);
    else return `strconv.Atoi: parsing ${JSON.stringify(String(port))}: invalid syntax`;
  }
  return p > 0 && p < 65536 ? p : `invalid port number: ${p}`;
}

function fingerprints(rt: Runtime, podUid: string, cids: string[] | undefined): Record<string, string> | undefined {
  if (!cids) return undefined;
  const cri = ContainerRuntime.of(rt);
  const out: Record<string, string> = {};
  for (const cid of cids) {
    const box = cri.box(podUid, cid);
    if (!box || cri.restless(box)) return undefined;
    out[cid] = cri.fingerprint(box);
  }
  return out;
}

/** Run the probe once against a running container. */
export function runProbe(rt: Runtime, pod: KObject, c: any, cid: string, spec: any): Outcome {
  const timeoutMs = (spec.timeoutSeconds ?? 1) * 1000;
  const uid = pod.metadata.uid!;
  const podIP: string = pod.status?.podIP ?? '';
  if (spec.exec) {
    const argv = expandStatic(spec.exec.command ?? [], c.env);
    const r = ContainerRuntime.of(rt).execSync(uid, cid, argv, timeoutMs);
    if ('error' in r) {
      return { result: 'unknown', output: '', error: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${rt.rng.hex(64)}": ${r.error}`, fps: fingerprints(rt, uid, [cid]) };
    }
    const fps = r.pure ? fingerprints(rt, uid, [cid]) : undefined;
    if (r.timedOut) return { result: 'failure', output: `command timed out: ${JSON.stringify(argv.join(' '))} timed out after ${goDur(timeoutMs)}`, fps };
    return { result: r.code === 0 ? 'success' : 'failure', output: r.out.slice(0, MAX_OUTPUT), fps };
  }
  if (spec.httpGet) {
    const h = spec.httpGet;
    const port = resolvePort(h.port, c);
    if (typeof port === 'string') return { result: 'unknown', output: '', error: port, fps: {} };
    const host = h.host || podIP;
    const scheme = String(h.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
    const path = h.path || '/';
    const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path.startsWith('/') ? path : '/' + path}`;
    const a = NET.httpGet(rt, { pod, host, port, path, scheme, headers: [...(h.httpHeaders ?? []), ...(h.httpHeaders ?? []).some((x: any) => /^user-agent$/i.test(x.name)) ? [] : [{ name: 'User-Agent', value: 'kube-probe/1.33' }]], timeoutMs });
    const until = a.until, fps = fingerprints(rt, uid, a.deps);
    if (!a.ok) {
      const why = a.error === 'timeout' ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
        : a.error === 'reset' ? `read tcp ${pod.status?.hostIP ?? ''}:${40000 + (port % 20000)}->${host}:${port}: read: connection reset by peer`
          : a.error === 'unreachable' ? `dial tcp ${host}:${port}: connect: no route to host`
            : `dial tcp ${host}:${port}: connect: connection refused`;
      return { result: 'failure', output: `Get ${JSON.stringify(url)}: ${why}`, until, fps };
    }
    if (a.status >= 200 && a.status < 400) {
      if (a.status >= 300) return { result: 'warning', output: `Probe terminated redirects, Response body: ${a.body.slice(0, MAX_OUTPUT)}`, until, fps };
      return { result: 'success', output: a.body.slice(0, MAX_OUTPUT), until, fps };
    }
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${a.status}`, until, fps };
  }
  if (spec.tcpSocket) {
    const port = resolvePort(spec.tcpSocket.port, c);
    if (typeof port === 'string') return { result: 'unknown', output: '', error: port, fps: {} };
    const host = spec.tcpSocket.host || podIP;
    const a = NET.tcpConnect(rt, { pod, host, port, timeoutMs });
    const until = a.until, fps = fingerprints(rt, uid, a.deps);
    if (a.ok) return { result: 'success', output: '', until, fps };
    const why = a.error === 'timeout' ? 'i/o timeout' : a.error === 'unreachable' ? 'connect: no route to host' : 'connect: connection refused';
    return { result: 'failure', output: `dial tcp ${host.includes(':') ? `[${host}]` : host}:${port}: ${why}`, until, fps };
  }
  if (spec.grpc) {
    const port = Number(spec.grpc.port);
    const addr = `${podIP}:${port}`;
    const a = NET.grpcHealth(rt, { pod, host: podIP, port, service: spec.grpc.service ?? '', timeoutMs });
    const until = a.until, fps = fingerprints(rt, uid, a.deps);
    if (a.ok) {
      if (a.status === 'SERVING') return { result: 'success', output: 'service healthy', until, fps };
      return { result: 'failure', output: `service unhealthy (responded with ${JSON.stringify(a.status)})`, until, fps };
    }
    if (a.error === 'unimplemented') return { result: 'failure', output: 'error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health', until, fps };
    if (a.error === 'not-grpc') return { result: 'failure', output: `timeout: health rpc did not complete within ${goDur(timeoutMs)}`, until, fps };
    return { result: 'failure', output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${goDur(timeoutMs)}: context deadline exceeded`, until, fps };
  }
  return { result: 'unknown', output: '', fps: {} };
}

// ---------------------------------------------------------------------------------------------------------
// Workers

interface Worker {
  /** The container id the worker follows ('' before the first). */
  cid: string;
  /** Liveness/startup failed: on hold until a new container. */
  hold?: 1;
  last?: 'success' | 'failure';
  run: number;
  /** The result as set for `cid` (the results manager). */
  set?: Result;
  memo?: Outcome;
  /** The next tick to run; undefined: asleep until woken. */
  next?: number;
  /** Asleep on a steady failing result: ticks from here on were counted but not run. */
  skip?: number;
  /** Asleep until the container starts, or becomes started (startup gating). */
  gated?: 1;
  stop?: 1;
}
interface ProberState { t0: number; w: Record<string, Worker> }

const memKey = (uid: string) => `kubelet/${uid}/probes`;
const wkey = (c: string, k: ProbeKind) => `${c}/${k}`;

function allContainers(pod: KObject): any[] {
  return [...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always'), ...(pod.spec?.containers ?? [])];
}
function statusOf(pod: KObject, name: string): any {
  return (pod.status?.containerStatuses ?? []).find((x: any) => x.name === name) ?? (pod.status?.initContainerStatuses ?? []).find((x: any) => x.name === name);
}
const cidOf = (cs: any) => String(cs?.containerID ?? '').replace(/^containerd:\/\//, '');

function load(rt: Runtime, pod: KObject): ProberState {
  const raw = rt.store.getMeta(memKey(pod.metadata.uid!));
  if (raw) return JSON.parse(raw) as ProberState;
  // the workers start when the kubelet admits the pod: its first sync, which is the first to arm them
  return { t0: rt.clock.now(), w: {} };
}
function save(rt: Runtime, pod: KObject, st: ProberState): void { rt.store.setMeta(memKey(pod.metadata.uid!), JSON.stringify(st)); }

/** The first tick of a probe's grid at or after `t`. */
function gridAt(st: ProberState, periodMs: number, t: number): number {
  const k = Math.max(1, Math.ceil((t - st.t0) / periodMs));
  return st.t0 + k * periodMs;
}

/** What the pod sync needs from the prober for one container. */
export interface ProbeView { started: boolean; ready: boolean; livenessFailed: boolean; startupFailed: boolean }

/** The prober's results for a container instance (the results managers, as UpdatePodStatus reads them). */
export function probeView(rt: Runtime, pod: KObject, c: any, cid: string, running: boolean): ProbeView {
  const raw = rt.store.getMeta(memKey(pod.metadata.uid!));
  const st = raw ? JSON.parse(raw) as ProberState : undefined;
  const get = (k: ProbeKind): Result | undefined => {
    const w = st?.w[wkey(c.name, k)];
    return w && w.cid === cid ? w.set : undefined;
  };
  const started = running && (!c.startupProbe || get('startup') === 'success');
  const ready = started && (!c.readinessProbe || get('readiness') === 'success');
  return { started, ready, livenessFailed: !!c.livenessProbe && get('liveness') === 'failure', startupFailed: !!c.startupProbe && get('startup') === 'failure' };
}

/**
 * The pod sync tells the prober what changed: containers started, died or became started. Workers of a new
 * container instance reset and tick again (a readiness probe runs at once: the status manager's manual
 * trigger); every worker re-evaluates at its next tick.
 */
export function armProbes(rt: Runtime, pod: KObject): void {
  const cs0 = allContainers(pod).filter(c => c.livenessProbe || c.readinessProbe || c.startupProbe);
  if (!cs0.length) return;
  const st = load(rt, pod);
  const now = rt.clock.now();
  let changed = false;
  for (const c of cs0) {
    const cs = statusOf(pod, c.name);
    const cid = cidOf(cs);
    for (const k of PROBE_KINDS) {
      const spec = c[FIELD[k]];
      if (!spec) continue;
      const key = wkey(c.name, k);
      const w = st.w[key] ??= { cid: '', run: 0 };
      if (w.stop) continue;
      const period = (spec.periodSeconds ?? 10) * 1000;
      if (cid && cs?.state?.running && w.cid !== cid) {
        w.cid = cid; w.set = INITIAL[k]; delete w.hold; delete w.memo; delete w.skip; delete w.gated;
        // the tick that sees the new container probes it (the one at this instant, if any, has passed);
        // a readiness probe runs at once: the status manager triggers it when it finds no result
        w.next = k === 'readiness' ? now : gridAt(st, period, now + 1);
        changed = true;
      } else if (w.gated && !w.hold && cs?.state?.running && !!cs.started === (k !== 'startup')) {
        delete w.gated;
        w.next = gridAt(st, period, now + 1);
        changed = true;
      }
    }
  }
  if (changed) { save(rt, pod, st); armTimer(rt, pod, st); }
}

function armTimer(rt: Runtime, pod: KObject, st: ProberState): void {
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  let due = Infinity;
  for (const w of Object.values(st.w)) if (w.next !== undefined && !w.stop) due = Math.min(due, w.next);
  if (due === Infinity) rt.cancel(PROBE_TIMER, key);
  else rt.reset(Math.max(0, due - rt.clock.now()), PROBE_TIMER, key);
}

/** Forget the prober's memory of a pod. */
export function forgetProbes(rt: Runtime, pod: KObject): void {
  const k = memKey(pod.metadata.uid!);
  if (rt.store.getMeta(k)) rt.store.setMeta(k, '');
  rt.cancel(PROBE_TIMER, `${pod.metadata.namespace}/${pod.metadata.name}`);
}

/**
 * Run what is due for a pod's probe workers (their timer fired, or a watched container changed). Returns
 * true when a result changed (the pod must sync).
 */
export function runProbes(rt: Runtime, pod: KObject, woken: boolean): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') { forgetProbes(rt, pod); return false; }
  const raw = rt.store.getMeta(memKey(pod.metadata.uid!));
  if (!raw) return false;
  const st = JSON.parse(raw) as ProberState;
  const now = rt.clock.now();
  const cri = ContainerRuntime.of(rt);
  let changed = false;
  for (const c of allContainers(pod)) {
    for (const k of PROBE_KINDS) {
      const spec = c[FIELD[k]];
      const w = st.w[wkey(c.name, k)];
      if (!spec || !w || w.stop) continue;
      const period = (spec.periodSeconds ?? 10) * 1000;
      // a watched container changed: a sleeping worker looks again at its next tick
      if (woken && w.memo && !w.hold && (w.next === undefined || w.next > now) && !memoHolds(rt, pod, w.memo, now)) {
        w.next = Math.min(w.next ?? Infinity, gridAt(st, period, now + 1));
      }
      if (w.next === undefined || w.next > now) continue;
      const at = w.next;
      if (w.skip !== undefined && w.skip < at) {
        // ticks slept through on a steady failure: each was one more (filtered) event
        const n = Math.floor((at - w.skip) / period) + ((at - w.skip) % period === 0 ? 0 : 1);
        const last = w.skip + (n - 1) * period;
        if (n > 0 && w.memo) {
          recorderFor(rt, pod).counted('Warning', 'Unhealthy', `${TITLE[k]} probe failed: ${w.memo.output}`, `${fieldPathOf(pod, c.name)}`, n, last);
          w.run += n;
        }
      }
      delete w.skip;
      const before = w.set;
      tick(rt, pod, c, k, spec, w, now);
      if (w.set !== before) changed = true;
      schedule(rt, pod, st, c, k, spec, w, now, cri);
    }
  }
  save(rt, pod, st);
  armTimer(rt, pod, st);
  return changed;
}

function fieldPathOf(pod: KObject, name: string): string {
  return (pod.spec?.initContainers ?? []).some((c: any) => c.name === name) ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}

function memoHolds(rt: Runtime, pod: KObject, memo: Outcome, now: number): boolean {
  if (!memo.fps || (typeof memo.until === 'number' && now >= memo.until)) return false;
  const cri = ContainerRuntime.of(rt);
  for (const [cid, fp] of Object.entries(memo.fps)) {
    const box = cri.box(pod.metadata.uid!, cid);
    if (!box || cri.restless(box) || cri.fingerprint(box) !== fp) return false;
  }
  return true;
}

/** doProbe: one tick of one worker at `now`. */
function tick(rt: Runtime, pod: KObject, c: any, k: ProbeKind, spec: any, w: Worker, now: number): void {
  const cs = statusOf(pod, c.name);
  const cid = cidOf(cs);
  if (!cs || !cid) return;
  if (w.cid !== cid) { w.cid = cid; w.set = INITIAL[k]; delete w.hold; delete w.memo; }
  if (w.hold) return;
  if (!cs.state?.running) {
    w.set = 'failure';
    if (cs.state?.terminated && pod.spec?.restartPolicy === 'Never') w.stop = 1;
    return;
  }
  if (pod.metadata.deletionTimestamp && (k === 'liveness' || k === 'startup')) { w.set = 'success'; w.stop = 1; return; }
  if (Math.floor((now - Date.parse(cs.state.running.startedAt)) / 1000) < (spec.initialDelaySeconds ?? 0)) return;
  if (cs.started) { if (k === 'startup') return; } else if (k !== 'startup') return;
  const reused = !!w.memo && memoHolds(rt, pod, w.memo, now);
  const out = reused ? w.memo! : runProbe(rt, pod, c, cid, spec);
  w.memo = out;
  const rec = recorderFor(rt, pod);
  const fp = fieldPathOf(pod, c.name);
  if (out.error !== undefined) {
    // every exec gets its own id in containerd's message
    const err = reused ? out.error.replace(/failed to start exec "[0-9a-f]{64}"/, () => `failed to start exec "${rt.rng.hex(64)}"`) : out.error;
    rec.event('Warning', 'Unhealthy', `${TITLE[k]} probe errored and resulted in ${out.result} state: ${err}`, fp);
    return; // the result is thrown away
  }
  if (out.result === 'failure') rec.event('Warning', 'Unhealthy', `${TITLE[k]} probe failed: ${out.output}`, fp);
  else if (out.result === 'warning') rec.event('Warning', 'ProbeWarning', `${TITLE[k]} probe warning: ${out.output}`, fp);
  const result: 'success' | 'failure' = out.result === 'success' || out.result === 'warning' ? 'success' : 'failure';
  if (w.last === result) w.run++; else { w.last = result; w.run = 1; }
  if ((result === 'failure' && w.run < (spec.failureThreshold ?? 3)) || (result === 'success' && w.run < (spec.successThreshold ?? 1))) return;
  w.set = result;
  if ((k === 'liveness' || k === 'startup') && result === 'failure') { w.hold = 1; w.run = 0; }
}

/** After a tick: the next tick, or sleep while nothing can change. */
function schedule(rt: Runtime, pod: KObject, st: ProberState, c: any, k: ProbeKind, spec: any, w: Worker, now: number, cri: ContainerRuntime): void {
  const period = (spec.periodSeconds ?? 10) * 1000;
  const cs = statusOf(pod, c.name);
  delete w.next;
  delete w.gated;
  if (w.stop || w.hold || !cs?.state?.running || cidOf(cs) !== w.cid) return; // the pod sync re-arms on a new container
  const started = Date.parse(cs.state.running.startedAt);
  const delayEnd = started + (spec.initialDelaySeconds ?? 0) * 1000;
  if (now < delayEnd) { w.next = gridAt(st, period, delayEnd); return; }
  if (!!cs.started !== (k !== 'startup')) { w.gated = 1; return; } // woken when the container's started changes
  const m = w.memo;
  const steady = m && !m.error && m.fps && w.last !== undefined && w.set === w.last
    && w.run >= (w.last === 'failure' ? spec.failureThreshold ?? 3 : spec.successThreshold ?? 1)
    && (m.result === 'success' || m.result === 'failure');
  if (!steady) { w.next = gridAt(st, period, now + 1); return; }
  const untilTick = typeof m!.until === 'number' ? gridAt(st, period, m!.until) : Infinity;
  // watch the containers the answer depended on
  for (const cid of Object.keys(m!.fps!)) { const box = cri.box(pod.metadata.uid!, cid); if (box) cri.watch(box); }
  if (m!.result === 'success') { if (untilTick !== Infinity) w.next = untilTick; return; }
  // steady failure: each tick is an event; sleep until the spam filter lets one through
  const nextTick = gridAt(st, period, now + 1);
  const pass = gridAt(st, period, Math.max(nextTick, recorderFor(rt, pod).tokenAt('Warning')));
  const wake = Math.min(pass, untilTick);
  if (wake > nextTick) w.skip = nextTick;
  w.next = wake;
}
