// Pod lifecycle in the simulated kubelet: pull, create, start, run, exit, restart; termination on delete.
// The lifecycle is data: STAGES gives the delay of each stage (kwok-style, default zero, so a pod is Running
// within the invocation that created it); what a container does comes from its command (programFor) and the
// image catalog. One timer per pod ('kubelet-pod', key ns/name) fires at the next thing due; every sync
// does all that is due at the clock's now and re-arms the timer.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { lookupImage, parseImage, pullError, goDuration, ImageInfo } from './images';
import { getPod } from './kubelet';
import { toISO } from '../sim/clock';
import { clone } from '../util/objects';

export const KUBELET_TIMERS = ['kubelet-pod'];
const TIMER = 'kubelet-pod';

/** Stage delays in ms. Zero = in the same step. Overridable per cluster: meta `kubelet_stages` (JSON). */
export const STAGES = {
  /** scheduled → sandbox ready (ContainerCreating is visible this long) */
  sandbox: 0,
  /** a successful pull */
  pull: 0,
  /** created → started */
  start: 0,
  /** how long ErrImagePull shows before the kubelet reports ImagePullBackOff */
  errImagePullVisible: 5_000,
};
/** kubelet's container and image back-off: 10s doubling to 300s. */
export const backoff = (n: number) => Math.min(300_000, 10_000 * 2 ** Math.max(0, n - 1));

const podRi = () => byGroupResource('', 'pods')!;
const nodeRi = () => byGroupResource('', 'nodes')!;

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
// What a container's process does

export interface Program { exitAfterMs?: number; exitCode: number; ignoresSigterm: boolean }
const FOREVER = (ignoresSigterm: boolean): Program => ({ exitCode: 0, ignoresSigterm });
const SERVERS = /^(nginx|httpd|httpd-foreground|apache2-foreground|redis-server|mysqld|postgres|mongod|memcached|node|python3? -m http\.server|nc -l|pause|\/pause|agnhost|http-echo)\b/;

function parseSleep(arg: string | undefined): number | undefined {
  if (arg === undefined) return 0;
  if (arg === 'infinity' || arg === 'inf') return undefined;
  const m = arg.match(/^(\d+(?:\.\d+)?)([smhd]?)$/);
  if (!m) return 0;
  const n = Number(m[1]);
  return Math.round(n * ({ '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as Record<string, number>)[m[2]!]!);
}

/** Run a shell script "in the head": sleeps add time, `exit N` stops, loops without end run forever. */
function runScript(script: string, unknownExits: boolean): Program {
  const ignores = !/\btrap\b/.test(script); // a shell as PID 1 ignores SIGTERM unless it traps it
  if (/\b(while\s+(true|:|\[\s*1\s*\]|\[\[\s*1\s*\]\])|until)\b/.test(script)) return FOREVER(ignores);
  let t = 0; let code = 0;
  const stmts = script.replace(/\b(do|done|then|fi|else)\b/g, ';').split(/;|&&|\|\||\n/).map(s => s.trim()).filter(Boolean);
  for (const s of stmts) {
    const argv = s.split(/\s+/);
    const cmd = (argv[0] ?? '').replace(/^.*\//, '');
    if (cmd === 'exec') { argv.shift(); }
    const c = (argv[0] ?? '').replace(/^.*\//, '');
    if (c === 'sleep') { const d = parseSleep(argv[1]); if (d === undefined) return FOREVER(ignores); t += d; code = 0; }
    else if (c === 'tail' && argv.includes('-f')) return FOREVER(ignores);
    else if (c === 'exit') return { exitAfterMs: t, exitCode: Number(argv[1] ?? code) || 0, ignoresSigterm: ignores };
    else if (c === 'false') code = 1;
    else if (SERVERS.test(argv.join(' ').replace(/^.*?\//, ''))) return FOREVER(false);
    else if (c === 'for' || c === 'if') code = 0;
    else code = 0;
    void unknownExits;
  }
  return { exitAfterMs: t, exitCode: code, ignoresSigterm: ignores };
}

/** What the container's process does, from its command/args and the image's defaults. */
export function programFor(c: any, img: ImageInfo, restartPolicy: string): Program {
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])].map(String);
  if (!argv.length) {
    if (img.run === 'forever') return FOREVER(!img.stopsOnSigterm);
    return { exitAfterMs: 0, exitCode: 0, ignoresSigterm: true };
  }
  const cmd = argv[0]!.replace(/^.*\//, '');
  if (['sh', 'bash', 'ash', 'dash', 'zsh'].includes(cmd)) {
    const i = argv.indexOf('-c');
    if (i >= 0) return runScript(argv.slice(i + 1).join(' '), restartPolicy !== 'Always');
    return { exitAfterMs: 0, exitCode: 0, ignoresSigterm: true }; // a shell with no script reads an empty stdin
  }
  if (cmd === 'sleep') { const d = parseSleep(argv[1]); return d === undefined ? FOREVER(true) : { exitAfterMs: d, exitCode: 0, ignoresSigterm: true }; }
  if (cmd === 'tail') return argv.includes('-f') || argv.includes('-F') ? FOREVER(true) : { exitAfterMs: 0, exitCode: 0, ignoresSigterm: true };
  if (['echo', 'true', 'date', 'env', 'printenv', 'ls', 'cat', 'hostname', 'whoami', 'id', 'uname', 'pwd', 'perl', 'wget', 'curl', 'nslookup', 'ping', 'dig'].includes(cmd))
    return { exitAfterMs: 0, exitCode: 0, ignoresSigterm: false };
  if (cmd === 'false') return { exitAfterMs: 0, exitCode: 1, ignoresSigterm: false };
  if (SERVERS.test(argv.join(' ').replace(/^.*?\//, '')) || (img.run === 'forever' && img.known && !c.command)) return FOREVER(false);
  // An unknown program: a job-like pod runs it to completion, a long-running pod keeps it running.
  return restartPolicy === 'Always' ? FOREVER(false) : { exitAfterMs: 0, exitCode: 0, ignoresSigterm: false };
}

// ---------------------------------------------------------------------------------------------------------
// One sync of one pod

type Kind = 'init' | 'sidecar' | 'main';
interface Ev { type: 'Normal' | 'Warning'; reason: string; message: string; fieldPath: string }

class PodSync {
  now: number;
  nowISO: string;
  events: Ev[] = [];
  due: number[] = [];
  host: string;
  node: KObject;
  nodeChanged = false;
  st: any;
  stages: typeof STAGES;

  constructor(public pod: KObject, node: KObject, public rt: Runtime) {
    this.now = rt.clock.now();
    this.nowISO = rt.clock.nowISO();
    this.host = pod.spec.nodeName;
    this.node = node; // copied only when the kubelet adds an image to it
    this.st = clone(pod.status ?? {});
    this.stages = stages(rt);
  }
  ev(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath: string): void { this.events.push({ type, reason, message, fieldPath }); }
  at(ms: number): void { this.due.push(ms); }
  get uid(): string { return this.pod.metadata.uid!; }
  get podRef(): string { return `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`; }

  // --- private kubelet memory (not visible through the API) ---
  mem(k: string): any { const v = this.rt.store.getMeta(`kubelet/${this.uid}/${k}`); return v ? JSON.parse(v) : undefined; }
  setMem(k: string, v: unknown): void { this.rt.store.setMeta(`kubelet/${this.uid}/${k}`, v === undefined ? '' : JSON.stringify(v)); }

  imagePresent(img: ImageInfo): boolean {
    return (this.node.status?.images ?? []).some((i: any) => (i.names ?? []).includes(img.resolved) || (i.names ?? []).includes(img.imageID));
  }
  addImage(img: ImageInfo): void {
    if (this.imagePresent(img)) return;
    if (!this.nodeChanged) this.node = clone(this.node);
    const images: any[] = ((this.node.status ??= {}).images ??= []);
    images.push({ names: [img.imageID, ...(img.ref.digest ? [] : [img.resolved])], sizeBytes: img.size });
    images.sort((a, b) => b.sizeBytes - a.sizeBytes);
    if (images.length > 50) images.length = 50;
    this.nodeChanged = true;
  }

  baseStatus(c: any): any {
    return {
      image: c.image, imageID: '', lastState: {}, name: c.name, ready: false, restartCount: 0, started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
      ...(c.volumeMounts?.length ? { volumeMounts: c.volumeMounts.map((m: any) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) })) } : {}),
    };
  }

  /** Pull the image (or find it present). Returns the image when the container may be created. */
  pull(c: any, cs: any, fp: string): ImageInfo | undefined {
    const parsed = parseImage(String(c.image));
    if ('error' in parsed) {
      const msg = `Failed to apply default image tag "${c.image}": ${parsed.error}`;
      if (cs.state?.waiting?.reason !== 'InvalidImageName') {
        this.ev('Warning', 'InspectFailed', msg, fp);
        this.ev('Warning', 'Failed', 'Error: InvalidImageName', fp);
      }
      cs.state = { waiting: { reason: 'InvalidImageName', message: msg } };
      return undefined;
    }
    const img = lookupImage(String(c.image));
    const policy = c.imagePullPolicy ?? 'IfNotPresent';
    const present = this.imagePresent(img);
    if (policy === 'Never' && !present) {
      const msg = `Container image "${c.image}" is not present with pull policy of Never`;
      if (cs.state?.waiting?.reason !== 'ErrImageNeverPull') {
        this.ev('Warning', 'ErrImageNeverPull', msg, fp);
        this.ev('Warning', 'Failed', 'Error: ErrImageNeverPull', fp);
      }
      cs.state = { waiting: { reason: 'ErrImageNeverPull', message: msg } };
      return undefined;
    }
    if (present && policy !== 'Always') {
      this.ev('Normal', 'Pulled', `Container image "${c.image}" already present on machine`, fp);
      return img;
    }
    // back-off from earlier failed pulls
    const memKey = `pull/${c.name}`;
    const failed = this.mem(memKey) as { n: number; at: number } | undefined;
    if (failed && this.now < failed.at + backoff(failed.n)) {
      if (this.now >= failed.at + this.stages.errImagePullVisible) {
        if (cs.state?.waiting?.reason !== 'ImagePullBackOff') {
          this.ev('Normal', 'BackOff', `Back-off pulling image "${c.image}"`, fp);
          this.ev('Warning', 'Failed', 'Error: ImagePullBackOff', fp);
        }
        cs.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}": ErrImagePull: ${pullError(img)}` } };
      } else {
        this.at(failed.at + this.stages.errImagePullVisible);
      }
      this.at(failed.at + backoff(failed.n));
      return undefined;
    }
    this.ev('Normal', 'Pulling', `Pulling image "${c.image}"`, fp);
    if (!img.exists) {
      const n = (failed?.n ?? 0) + 1;
      this.setMem(memKey, { n, at: this.now });
      this.ev('Warning', 'Failed', `Failed to pull image "${c.image}": ${pullError(img)}`, fp);
      this.ev('Warning', 'Failed', 'Error: ErrImagePull', fp);
      cs.state = { waiting: { reason: 'ErrImagePull', message: pullError(img) } };
      this.at(this.now + this.stages.errImagePullVisible);
      return undefined;
    }
    if (failed) this.setMem(memKey, undefined);
    const took = present ? goDuration(300 + (img.size % 500)) : img.pullTime;
    this.ev('Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${img.size} bytes.`, fp);
    this.addImage(img);
    return img;
  }

  start(c: any, cs: any, fp: string, img: ImageInfo): void {
    this.ev('Normal', 'Created', `Created container: ${c.name}`, fp);
    this.ev('Normal', 'Started', `Started container ${c.name}`, fp);
    cs.containerID = `containerd://${this.rt.rng.hex(64)}`;
    cs.image = img.resolved;
    cs.imageID = img.imageID;
    cs.started = true;
    cs.state = { running: { startedAt: this.nowISO } };
    const delay = (c.readinessProbe?.initialDelaySeconds ?? 0) * 1000;
    cs.ready = delay === 0;
    if (!cs.ready) this.at(this.now + delay);
  }

  /** Move one container as far as it can go at `now`. Returns true when it changed. */
  step(c: any, cs: any, kind: Kind, fp: string): void {
    const restartPolicy: string = this.pod.spec.restartPolicy ?? 'Always';
    for (let guard = 0; guard < 8; guard++) {
      const w = cs.state?.waiting; const r = cs.state?.running; const t = cs.state?.terminated;
      if (t) {
        if (kind === 'init' && t.exitCode === 0) return;
        const restart = kind === 'sidecar' || (kind === 'main' && (restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && t.exitCode !== 0)))
          || (kind === 'init' && restartPolicy !== 'Never' && t.exitCode !== 0);
        if (!restart) return;
        cs.lastState = { terminated: t };
        const ranLong = Date.parse(t.finishedAt) - Date.parse(t.startedAt) >= 600_000;
        if (cs.restartCount === 0 || ranLong) {
          cs.restartCount++;
          cs.state = { waiting: { reason: 'ContainerCreating' } };
          continue; // restart at once, the first time
        }
        const d = backoff(cs.restartCount);
        cs.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(d)} restarting failed container=${c.name} pod=${this.podRef}` } };
        this.ev('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${this.podRef}`, fp);
        continue;
      }
      if (w?.reason === 'CrashLoopBackOff') {
        const fin = Date.parse(cs.lastState?.terminated?.finishedAt ?? this.nowISO);
        const due = fin + backoff(cs.restartCount);
        if (this.now < due) { this.at(due); return; }
        cs.restartCount++;
        cs.state = { waiting: { reason: 'ContainerCreating' } };
        continue;
      }
      if (!r) {
        if (w?.reason === 'InvalidImageName') return;
        const img = this.pull(c, cs, fp);
        if (!img) return;
        this.start(c, cs, fp, img);
        continue;
      }
      // running
      const img = lookupImage(String(c.image));
      const prog = programFor(c, img, kind === 'main' ? restartPolicy : kind === 'sidecar' ? 'Always' : 'Never');
      const started = Date.parse(r.startedAt);
      if (!cs.ready) {
        const readyAt = started + (c.readinessProbe?.initialDelaySeconds ?? 0) * 1000;
        if (this.now >= readyAt) cs.ready = true; else this.at(readyAt);
      }
      if (prog.exitAfterMs === undefined) return;
      const exitAt = started + prog.exitAfterMs;
      if (this.now < exitAt) { this.at(exitAt); return; }
      cs.ready = false;
      cs.started = false;
      cs.state = { terminated: {
        containerID: cs.containerID, exitCode: prog.exitCode, finishedAt: toISO(exitAt),
        reason: prog.exitCode === 0 ? 'Completed' : 'Error', startedAt: r.startedAt,
      } };
    }
  }
}

const podKey = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;

export function syncPod(pod: KObject, rt: Runtime): void {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
  const node = rt.api.view(nodeRi(), undefined, pod.spec.nodeName); // read-only
  if (!node) return;
  const s = new PodSync(pod, node, rt);
  const st = s.st;
  const spec = pod.spec;
  const inits: any[] = spec.initContainers ?? [];
  const mains: any[] = spec.containers ?? [];
  const isSidecar = (c: any) => c.restartPolicy === 'Always';

  if (!st.startTime) {
    const hostIP = (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '';
    const ip = spec.hostNetwork ? hostIP : allocateIP(node, rt);
    Object.assign(st, { hostIP, hostIPs: [{ ip: hostIP }], podIP: ip, podIPs: [{ ip }], startTime: s.nowISO });
    if (inits.length) st.initContainerStatuses = inits.map(c => { const b = s.baseStatus(c); b.state = { waiting: { reason: 'PodInitializing' } }; return b; });
    st.containerStatuses = mains.map(c => { const b = s.baseStatus(c); if (inits.length) b.state = { waiting: { reason: 'PodInitializing' } }; return b; });
    const sandboxAt = Date.parse(st.startTime) + s.stages.sandbox;
    if (s.now < sandboxAt) s.at(sandboxAt);
  }
  const sandboxReady = s.now >= Date.parse(st.startTime) + s.stages.sandbox;
  const byName = (list: any[], name: string) => list.find((x: any) => x.name === name);

  // init containers, one at a time; sidecars stay running
  let initDone = true; let initFailed = false;
  if (sandboxReady) {
    for (const c of inits) {
      const cs = byName(st.initContainerStatuses ?? [], c.name);
      if (!cs) continue;
      const fp = `spec.initContainers{${c.name}}`;
      if (cs.state?.waiting?.reason === 'PodInitializing') cs.state = { waiting: { reason: 'ContainerCreating' } };
      s.step(c, cs, isSidecar(c) ? 'sidecar' : 'init', fp);
      if (isSidecar(c)) { if (!cs.started) { initDone = false; break; } continue; }
      const t = cs.state?.terminated;
      if (t && t.exitCode === 0) continue;
      if (t && spec.restartPolicy === 'Never') initFailed = true;
      initDone = false;
      break;
    }
    if (initDone && !initFailed) {
      for (const c of mains) {
        const cs = byName(st.containerStatuses ?? [], c.name);
        if (!cs) continue;
        if (cs.state?.waiting?.reason === 'PodInitializing') cs.state = { waiting: { reason: 'ContainerCreating' } };
        s.step(c, cs, 'main', `spec.containers{${c.name}}`);
      }
    }
  } else initDone = false;

  // phase, as the kubelet's getPhase works it out
  const css: any[] = st.containerStatuses ?? [];
  let running = 0, waiting = 0, stopped = 0, failed = 0, willRestart = 0;
  for (const cs of css) {
    if (cs.state?.running) running++;
    else if (cs.state?.terminated) { stopped++; if (cs.state.terminated.exitCode !== 0) failed++; }
    else if (cs.state?.waiting) { if (cs.lastState?.terminated) { stopped++; willRestart++; } else waiting++; }
  }
  let phase = 'Pending';
  if (initFailed) phase = 'Failed';
  else if (!initDone) phase = 'Pending';
  else if (waiting > 0) phase = 'Pending';
  else if (running > 0) phase = 'Running';
  else if (stopped === css.length && css.length) {
    if (spec.restartPolicy === 'Always' || willRestart > 0) phase = 'Running';
    else if (failed > 0) phase = spec.restartPolicy === 'OnFailure' ? 'Running' : 'Failed';
    else phase = 'Succeeded';
  }
  const done = phase === 'Succeeded' || phase === 'Failed';
  if (done) {
    // sidecars and anything still running are stopped with the pod
    for (const cs of st.initContainerStatuses ?? []) {
      if (cs.state?.running) { cs.ready = false; cs.started = false; cs.state = { terminated: { containerID: cs.containerID, exitCode: 0, finishedAt: s.nowISO, reason: 'Completed', startedAt: cs.state.running.startedAt } }; }
    }
    s.due = [];
  }
  st.phase = phase;

  // conditions
  const old: any[] = pod.status?.conditions ?? [];
  const cond = (type: string, status: string, reason?: string, message?: string) => {
    const prev = old.find(c => c.type === type);
    const c: any = { lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : s.nowISO };
    if (message) c.message = message;
    if (reason) c.reason = reason;
    c.status = status; c.type = type;
    return c;
  };
  const notInit = inits.filter(c => !isSidecar(c) && !(byName(st.initContainerStatuses ?? [], c.name)?.state?.terminated?.exitCode === 0)).map(c => c.name);
  const unready = [...inits.filter(isSidecar), ...mains].filter(c => {
    const list = isSidecar(c) ? st.initContainerStatuses ?? [] : css;
    return !byName(list, c.name)?.ready;
  }).map(c => c.name);
  const conds: any[] = [];
  conds.push(cond('PodReadyToStartContainers', sandboxReady && !done ? 'True' : 'False'));
  if (done) conds.push(cond('Initialized', 'True', 'PodCompleted'));
  else conds.push(notInit.length && !initDone ? cond('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${notInit.join(' ')}]`) : cond('Initialized', 'True'));
  if (done) { conds.push(cond('Ready', 'False', 'PodCompleted')); conds.push(cond('ContainersReady', 'False', 'PodCompleted')); }
  else if (unready.length) {
    const m = `containers with unready status: [${unready.join(' ')}]`;
    conds.push(cond('Ready', 'False', 'ContainersNotReady', m)); conds.push(cond('ContainersReady', 'False', 'ContainersNotReady', m));
  } else { conds.push(cond('Ready', 'True')); conds.push(cond('ContainersReady', 'True')); }
  conds.push(old.find(c => c.type === 'PodScheduled') ?? cond('PodScheduled', 'True'));
  for (const c of old) if (!conds.some(x => x.type === c.type)) conds.push(c); // readiness gates and others
  st.conditions = conds;
  if (st.containerStatuses) st.containerStatuses.sort((a: any, b: any) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // write what changed
  const host = s.host;
  for (const e of s.events) rt.api.recordEvent(pod, e.type, e.reason, e.message, { component: 'kubelet', host }, e.fieldPath);
  if (s.nodeChanged) rt.api.modify(nodeRi(), undefined, host, n => { (n.status ??= {}).images = s.node.status.images; }, { subresource: 'status' });
  if (JSON.stringify(st) !== JSON.stringify(pod.status ?? {})) {
    rt.api.modify(podRi(), pod.metadata.namespace, pod.metadata.name!, p => {
      if (p.metadata.uid !== pod.metadata.uid) return false;
      p.status = st;
    }, { subresource: 'status' });
  }
  armTimer(rt, podKey(pod), s.due.filter(d => d > s.now));
}

function armTimer(rt: Runtime, key: string, dues: number[]): void {
  if (!dues.length) { rt.cancel(TIMER, key); return; }
  rt.reset(Math.min(...dues) - rt.clock.now(), TIMER, key);
}

/** Deletion: Killing events, containers stop (at once, or at the grace deadline if they ignore SIGTERM), then the pod goes. */
export function terminatePod(pod: KObject, rt: Runtime): void {
  const host = pod.spec.nodeName as string;
  const key = podKey(pod);
  const uid = pod.metadata.uid!;
  const now = rt.clock.now();
  const deadline = Date.parse(pod.metadata.deletionTimestamp!);
  const restartPolicy = pod.spec.restartPolicy ?? 'Always';
  const running: { c: any; fp: string; prog: Program }[] = [];
  const specs = [
    ...(pod.spec.containers ?? []).map((c: any) => ({ c, list: pod.status?.containerStatuses, fp: `spec.containers{${c.name}}`, rp: restartPolicy })),
    ...(pod.spec.initContainers ?? []).map((c: any) => ({ c, list: pod.status?.initContainerStatuses, fp: `spec.initContainers{${c.name}}`, rp: c.restartPolicy === 'Always' ? 'Always' : 'Never' })),
  ];
  for (const { c, list, fp, rp } of specs) {
    const cs = (list ?? []).find((x: any) => x.name === c.name);
    if (cs?.state?.running) running.push({ c, fp, prog: programFor(c, lookupImage(String(c.image)), rp) });
  }
  const killingKey = `kubelet/${uid}/killing`;
  if (running.length && !rt.store.getMeta(killingKey)) {
    for (const r of running) rt.api.recordEvent(pod, 'Normal', 'Killing', `Stopping container ${r.c.name}`, { component: 'kubelet', host }, r.fp);
    rt.store.setMeta(killingKey, '1');
  }
  const lingering = running.some(r => r.prog.ignoresSigterm);
  if (lingering && now < deadline && !(pod.metadata.finalizers?.length)) {
    armTimer(rt, key, [deadline]);
    return;
  }
  rt.cancel(TIMER, key);
  forget(pod, rt);
  if (pod.metadata.finalizers?.length) return; // the API server keeps it until its finalizers are gone
  rt.api.delete(podRi(), pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
}

/** Drop the kubelet's private memory of a pod. */
export function forget(pod: KObject, rt: Runtime): void {
  const uid = pod.metadata.uid!;
  for (const k of ['killing', ...[...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: any) => `pull/${c.name}`)]) {
    const mk = `kubelet/${uid}/${k}`;
    if (rt.store.getMeta(mk)) rt.store.setMeta(mk, '');
  }
}

export function kubeletTimer(_type: string, key: string, rt: Runtime): void {
  const pod = getPod(rt, key);
  if (pod) rt.enqueueFor('kubelet', key);
}
