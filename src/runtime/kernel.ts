// The kernel of one simulated container: its processes, their file descriptors, pipes and signals, run at
// one instant of the cluster clock until every process sleeps (on a timer, a pipe, a child, or forever).
// Like Linux in a container's pid namespace: PID 1 gets no default signal actions, orphans are adopted
// by PID 1, the container dies with PID 1, and memory over the cgroup limit is OOM-killed (exit 137).
//
// It also notices repeating loops: at each loop head it compares the container's state with earlier loop
// heads; when one period leaves everything as it was (or only moves counters by a constant) and touched
// nothing shared, the container goes "lazy": it needs no timers, and any later look at it (logs, exec, a
// probe, a signal) first moves it forward by whole periods in one step (materialize). That is how
// `kctl sim advance 30d` over `while true; do echo …; sleep 1; done` stays cheap.
import type { ContainerState, Proc, Prog, Fd, CmdCtx, CmdFn, LogWrite, PodInfo, SysApi, Lazy, NetApi } from './types';
import { FileSystem, FsError, normalize } from './fs';
import type { List, Cmd } from './sh/ast';
import { parse, ParseError, syntaxInfo, SyntaxInfo } from './sh/parse';
import { Shell, newShell, forkShell, ShState, Outcome, SIGNALS, Dialect } from './sh/interp';
import { matchPattern } from './sh/expand';

/** Steps a process may take at one instant before it counts as busy (1 step ≈ 1 µs of CPU). */
const SLICE = 1000;
/** Keep at most this many loop-head samples per loop. */
const HIST = 7;
/** The kubelet rotates a container's log at 10 MiB. */
export const LOG_MAX = 10 * 1024 * 1024;

export interface Services {
  /** A simulated command or program by name (applet), if the userland has it. */
  userland(name: string): CmdFn | undefined;
  /** A program's reaction to a signal: exit code, 'ignore', or undefined for the default. */
  onSignal?(name: string, sig: number, c: CmdCtx): number | 'ignore' | undefined;
  /** The pod's network as this container's commands see it (src/runtime/net/), made on first use. */
  net?(box: Box): NetApi;
  /** The container's log, flushed by the runtime. */
  random(): number;
  /** The process image behind an executable file: a native applet name, or a script's interpreter. */
  binaryOf?(data: string): string | undefined;
  /** The container's PID 1 exited. */
  onDeath?(box: Box): void;
  /** A process started from outside (an exec session: a hook, kubectl exec) exited. */
  onSessionExit?(box: Box): void;
  /** Baseline memory of a program (bytes). */
  baseMemory?(name: string): number;
  /**
   * A process namespace shared with another container (an ephemeral container's --target): its processes
   * are seen (ps) and signalled (kill) from here; this container's own pids show above `base`.
   */
  pidNamespace?(): { base: number; procs(): Proc[]; kill(pid: number, sig: number): 'ok' | 'ESRCH' | 'EPERM' } | undefined;
}

interface Effects {
  /** Something outside the container could see it, or it read what others may change. */
  shared?: 1;
  clock?: 1;
  /** The clock was read in a condition (so control flow may depend on time). */
  cclock?: 1;
  rng?: 1;
  /** Variables read in conditions. */
  condVars?: Record<string, 1>;
}

interface Sample { key: string; canon: string; vars: Record<string, Record<string, string>>; vt: number; eff: Effects; writes: LogWrite[]; files?: FileOp[]; ver: number }
/** A change to the container's filesystem during a loop period (replayed when whole periods are skipped). */
type FileOp = [op: 'write' | 'append', path: string, data: string];

interface UnitInfo { list: List; nodes: Map<number, Cmd | List> }
const unitCache = new Map<string, UnitInfo>();

function indexUnit(src: string): UnitInfo {
  let u = unitCache.get(src);
  if (u) return u;
  const list = parse(src);
  const nodes = new Map<number, Cmd | List>();
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const y of x) visit(y); return; }
    const o = x as Record<string, unknown>;
    if (typeof o.id === 'number' && ('t' in o || 'c' in o)) nodes.set(o.id, o as unknown as Cmd | List);
    for (const v of Object.values(o)) if (v && typeof v === 'object') visit(v);
  };
  visit(list);
  u = { list, nodes };
  if (unitCache.size > 200) unitCache.clear();
  unitCache.set(src, u);
  return u;
}

export class Box {
  /** The instant being run (ms). */
  now = 0;
  /** Extra time inside a command substitution that waited (ms). */
  off = 0;
  /** Steps taken at this instant (≈ µs), for timestamps within the instant. */
  private steps = 0;
  /** Log writes not yet flushed to the store. */
  pending: LogWrite[] = [];
  dirty = false;
  /** The state as the store holds it, as its length and hash (a flush that would write the same text writes
   *  nothing; the text itself is not kept: a step that starts many containers holds every box until it ends). */
  saved: string | undefined;
  private eff: Effects = {};
  private condDepth = 0;
  /** Loop-head samples, per loop (not persisted: a loop must repeat within one run of the kernel… or across, see hist). */
  private nested = 0;
  cmdsubStatus: number | undefined;
  private writesSince: LogWrite[] = [];

  /** Filesystem writes since the last loop head; `other` when something else changed (mkdir, rm, mv). */
  private fileOps: FileOp[] = [];
  private fileOther = false;

  constructor(public s: ContainerState & { hist?: Record<string, Sample[]> }, public fs: FileSystem, public pod: PodInfo, public svc: Services) {
    fs.hooks.changed = (op, abs, data) => {
      if (this.nested) return;
      if (op === 'other') this.fileOther = true;
      else if (this.fileOps.length < 200) this.fileOps.push([op, abs, data ?? '']);
      else this.fileOther = true;
    };
  }

  // ---------------------------------------------------------------- time
  /** The time within the instant, whole ms (for sleeps). */
  vt(): number { return this.now + this.off + Math.floor(this.steps / SLICE); }
  /** A timestamp in µs, with the steps taken at this instant. */
  tsMicros(): number { return Math.round((this.now + this.off) * 1000) + this.steps; }
  /** A user-visible clock read (date, $SECONDS): marks the period time-dependent. */
  clock(): number {
    this.impure++;
    this.eff.clock = 1;
    if (this.condDepth) { this.eff.cclock = 1; this.drew++; }
    return this.vt();
  }
  random(): number { this.impure++; this.drew++; this.eff.rng = 1; return this.svc.random(); }
  tick(): void { this.steps++; }
  condContext(on: boolean): void { this.condDepth += on ? 1 : -1; }
  varRead(name: string): void {
    if (!this.condDepth) return;
    (this.eff.condVars ??= {})[name] = 1;
    if (name === 'HOSTNAME') this.drew++;
  }
  /** The process touched something shared with other containers (network, shared volumes, signals). */
  shared(): void { this.impure++; this.drew++; this.eff.shared = 1; }
  private netApi?: NetApi;
  /** The network stack commands use (made on first use). */
  net(): NetApi {
    if (!this.netApi) {
      if (!this.svc.net) throw new Error('kctl runtime: this container has no network');
      this.netApi = this.svc.net(this);
    }
    return this.netApi;
  }
  /** Account CPU time used now (ms), in one-second buckets over the last 30 s (top, the HPA). */
  chargeCpu(ms: number, at = this.vt()): void {
    const sec = Math.floor(at / 1000);
    let a = this.s.acct;
    if (!a || sec - a.t >= 30) a = this.s.acct = { t: sec, b: new Array(30).fill(0) };
    else if (sec > a.t) { const k = sec - a.t; a.b = a.b.slice(k).concat(new Array(k).fill(0)); a.t = sec; }
    const i = 29 - (a.t - sec);
    if (i >= 0) a.b[i] = (a.b[i] ?? 0) + ms;
    this.dirty = true;
  }
  /** How often anything ran here read the clock, randomness or shared state (not persisted): a command
   *  that leaves it unchanged gives the same answer again while the container's files do not change. */
  impure = 0;
  /** How often anything ran here drew randomness, touched shared state, or let the clock or the pod's hostname
   *  decide a condition (not persisted): a start that did none of these is the same for every pod of its shape. */
  drew = 0;

  // ---------------------------------------------------------------- code units
  unit(src: string): number {
    indexUnit(src); // parse errors surface here
    let i = this.s.units.indexOf(src);
    if (i < 0) { i = this.s.units.length; this.s.units.push(src); }
    return i;
  }
  rootId(u: number): number { return indexUnit(this.s.units[u]!).list.id; }
  node(u: number, id: number): Cmd | List {
    const n = indexUnit(this.s.units[u]!).nodes.get(id);
    if (!n) throw new Error(`kctl runtime: node ${id} not in unit ${u}`);
    return n;
  }
  unitOf(list: List): number {
    for (let i = this.s.units.length - 1; i >= 0; i--) {
      const info = indexUnit(this.s.units[i]!);
      if (info.nodes.get(list.id) === list) return i;
    }
    throw new Error('kctl runtime: command substitution outside any unit');
  }

  // ---------------------------------------------------------------- processes
  procs(): Proc[] { return Object.values(this.s.procs); }
  proc(pid: number): Proc | undefined { return this.s.procs[pid]; }

  spawnProc(parent: Proc | undefined, prog: Prog, argv: string[], fds: Record<string, Fd>, o: { env: Record<string, string>; cwd: string; uid?: number; gid?: number }): number {
    if (!parent && this.s.procs[1]) this.unlazy();
    const pid = this.s.nextPid++;
    const p: Proc = {
      pid, ppid: parent?.pid ?? 0, argv: [...argv], cwd: o.cwd, env: { ...o.env },
      uid: o.uid ?? parent?.uid ?? 0, gid: o.gid ?? parent?.gid ?? 0,
      fds: JSON.parse(JSON.stringify(fds)), prog, st: 'R', t0: this.vt(),
    };
    if (parent?.groups) p.groups = [...parent.groups];
    if (prog.k === 'sh' && prog.sh.me === undefined) prog.sh.me = pid;
    this.s.procs[pid] = p;
    this.dirty = true;
    return pid;
  }

  /** Look a command up like execve(2) with a PATH search. Returns the absolute path or an error code. */
  lookup(p: Proc, name: string, PATH: string): string {
    if (name.includes('/')) {
      const st = this.fs.stat(name, p.cwd);
      if (!st) return 'ENOENT_PATH';
      if (st.k === 'd') return 'EISDIR';
      if (!this.canExec(p, st)) return 'EACCES';
      return normalize(name, p.cwd);
    }
    for (const dir of PATH.split(':')) {
      const path = normalize(`${dir || '.'}/${name}`, p.cwd);
      let st;
      try { st = this.fs.stat(path); } catch { continue; }
      if (st && st.k !== 'd' && this.canExec(p, st)) return path;
    }
    return 'ENOENT';
  }
  canExec(p: Proc, st: { mode: number; uid: number; gid: number }): boolean {
    if (p.uid === 0) return (st.mode & 0o111) !== 0;
    if (st.uid === p.uid) return (st.mode & 0o100) !== 0;
    if (st.gid === p.gid) return (st.mode & 0o010) !== 0;
    return (st.mode & 0o001) !== 0;
  }
  which(p: Proc, name: string, PATH: string): string | undefined {
    const r = this.lookup(p, name, PATH);
    return r.startsWith('/') ? r : undefined;
  }

  /**
   * execve: run argv as a new program — in a child (returns its pid) or, with `replace`, in place of
   * the calling process (returns 'replaced'). An error code string when it cannot run.
   */
  execve(p: Proc, argv: string[], env: Record<string, string>, replace: boolean): number | 'replaced' | string {
    const prog = this.program(p, argv, env);
    if (typeof prog === 'string') return prog;
    if (replace) {
      p.prog = prog.prog;
      p.argv = prog.argv;
      p.env = { ...env };
      if (prog.prog.k === 'sh' && prog.prog.sh.me === undefined) prog.prog.sh.me = p.pid;
      this.dirty = true;
      return 'replaced';
    }
    return this.spawnProc(p, prog.prog, prog.argv, p.fds, { env, cwd: p.cwd });
  }

  /** The program behind argv: a native applet, a shell, or a script run by its interpreter. */
  program(p: Proc, argv: string[], env: Record<string, string>, depth = 0): { prog: Prog; argv: string[] } | string {
    const path = this.lookup(p, argv[0]!, env.PATH ?? p.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    if (!path.startsWith('/')) {
      // an image kctl does not know: its own programs are taken to exist, and they run until stopped
      if (this.s.generic && depth === 0 && p.pid === 0) return { prog: { k: 'cmd', name: 'idle', st: {} }, argv };
      return path;
    }
    let data: string;
    try { data = this.fs.readFile(path); } catch { return 'EACCES'; }
    const native = this.svc.binaryOf?.(data);
    if (native !== undefined) {
      const applet = native === 'busybox' ? basename(argv[0]!) : native;
      if (applet === 'busybox' && argv.length > 1) return this.program(p, argv.slice(1), env, depth);
      return { prog: this.nativeProg(applet, argv, env, p), argv };
    }
    if (data.startsWith('#!') && depth < 4) {
      const line = data.slice(2, data.indexOf('\n') >= 0 ? data.indexOf('\n') : undefined).trim();
      const [interp, ...rest] = line.split(/\s+/);
      const arg = rest.length ? [rest.join(' ')] : [];
      return this.program(p, [interp!, ...arg, path, ...argv.slice(1)], env, depth + 1);
    }
    // no interpreter line: the shell runs it (ENOEXEC fallback)
    if (depth < 4) return this.program(p, ['/bin/sh', path, ...argv.slice(1)], env, depth + 1);
    return 'ENOEXEC';
  }

  /** A native program; shells are interpreters with state rather than functions. */
  nativeProg(applet: string, argv: string[], env: Record<string, string>, p: Proc): Prog {
    const dialect = shellDialect(applet, this.s.flavor);
    if (dialect) return { k: 'sh', sh: this.shellFor(dialect, argv, env, p) };
    return { k: 'cmd', name: applet, st: {} };
  }

  /** `sh -c …`, `sh script`, `sh` reading stdin: the shell's initial state. */
  shellFor(dialect: Dialect, argv: string[], env: Record<string, string>, p: Proc): ShState {
    let i = 1;
    const opts: Record<string, 1> = {};
    let cmd: string | undefined;
    let interactive = false;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-c') { cmd = argv[++i] ?? ''; i++; break; }
      if (a === '--') { i++; break; }
      if (a === '-i') { interactive = true; continue; }
      if (a === '-s') continue;
      if (a === '-l' || a === '--login' || a === '--norc' || a === '--noprofile' || a === '--posix') continue;
      if (/^-[a-zA-Z]+$/.test(a)) {
        for (const c of a.slice(1)) { if (c === 'c') { cmd = argv[i + 1] ?? ''; } else if (c === 'i') interactive = true; else opts[c] = 1; }
        if (cmd !== undefined) { i += 2; break; }
        continue;
      }
      if (/^\+[a-zA-Z]+$/.test(a)) continue;
      break;
    }
    const n0 = cmd !== undefined ? (argv[i] ?? argv[0]!) : argv[i] ?? argv[0]!;
    const pos = cmd !== undefined ? argv.slice(i + 1) : argv.slice(i + 1);
    let mode: 'c' | 's' | 'i' = 'c';
    const sh = newShell({ dialect, n0, env, pos, mode });
    sh.o = { ...opts };
    if (cmd !== undefined) {
      try { const u = this.unit(cmd); sh.f = [{ k: 'L', u, n: this.rootId(u), i: 0 }]; }
      catch (e) { if (e instanceof ParseError) this.syntaxFrame(sh, e, cmd); else throw e; }
      return sh;
    }
    const script = argv[i];
    if (script !== undefined && !interactive) {
      mode = 's';
      sh.mode = 's';
      sh.n0 = script;
      let src: string;
      try { src = this.fs.readFile(script, p.cwd); }
      catch {
        sh.f = [];
        sh.vars.__err = dialect === 'bash' ? `${argv[0]}: ${script}: No such file or directory` : dialect === 'dash' ? `${argv[0]}: 0: cannot open ${script}: No such file` : `${argv[0]}: can't open '${script}': No such file or directory`;
        sh.q = dialect === 'bash' ? 127 : 2;
        return sh;
      }
      try { const u = this.unit(src); sh.f = [{ k: 'L', u, n: this.rootId(u), i: 0 }]; }
      catch (e) { if (e instanceof ParseError) this.syntaxFrame(sh, e, src); else throw e; }
      return sh;
    }
    // commands from stdin (interactive on a terminal)
    sh.mode = interactive || this.isTty(p, 0) ? 'i' : 's';
    sh.n0 = argv[0]!;
    if (sh.mode === 'i' && !env.PS1) sh.vars.PS1 = dialect === 'bash' ? '\\u@\\h:\\w\\$ ' : dialect === 'dash' ? (p.uid === 0 ? '# ' : '$ ') : '\\w \\$ ';
    sh.f = [{ k: 'RL', buf: '' }];
    sh.rl = 0;
    return sh;
  }
  private syntaxFrame(sh: ShState, e: ParseError, src: string): void {
    sh.f = [];
    sh.vars.__syntax = JSON.stringify(syntaxInfo(e));
    sh.vars.__src = src;
    sh.q = 2;
  }
  isTty(p: Proc, fd: number): boolean {
    const f = p.fds[fd];
    if (!f) return false;
    if (f.t === 'dev' && f.n === 'tty') return true;
    if (f.t === 'pipe') { const sess = Object.values(this.s.sessions ?? {}).find(x => x.in === f.id || x.out === f.id); return !!sess?.tty; }
    return false;
  }

  childStatus(pid: number): number | undefined {
    const c = this.s.procs[pid];
    if (!c) return 0;
    return c.st === 'Z' ? c.exit ?? 0 : undefined;
  }
  reap(pid: number): void {
    const c = this.s.procs[pid];
    if (c?.st === 'Z') { delete this.s.procs[pid]; this.dirty = true; }
  }
  children(pid: number): number[] {
    return this.procs().filter(p => p.ppid === pid).map(p => p.pid);
  }
  isChild(ppid: number, pid: number): boolean { return this.s.procs[pid]?.ppid === ppid; }

  exitProc(p: Proc, code: number, sig?: number): void {
    if (p.st === 'Z') return;
    p.st = 'Z';
    p.exit = code;
    if (sig !== undefined) p.sig = sig;
    delete p.w; delete p.pend;
    p.fds = {};
    if (p.prog.k === 'sh') p.prog.sh.f = [];
    for (const [port, l] of Object.entries(this.s.ports)) if (l.pid === p.pid) delete this.s.ports[port];
    this.dirty = true;
    for (const c of this.procs()) if (c.ppid === p.pid && c.pid !== p.pid) c.ppid = 1;
    if (p.pid === 1) {
      for (const c of this.procs()) if (c.pid !== 1 && c.st !== 'Z') this.exitProc(c, 137, 9);
      const reason = this.s.dead?.reason === 'OOMKilled' ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
      this.s.dead = { code, at: this.vt(), reason, ...(sig !== undefined ? { signal: sig } : {}) };
      this.svc.onDeath?.(this);
      return;
    }
    // reaped at once unless a shell parent may still wait for it (or an exec session reads its status)
    const sess = Object.values(this.s.sessions ?? {}).find(x => x.pid === p.pid);
    if (sess) { if (sess.notify) this.svc.onSessionExit?.(this); return; }
    // a zombie until its parent collects its status (a parent that never does keeps at most 64)
    const parent = this.s.procs[p.ppid];
    if (!parent || parent.st === 'Z') delete this.s.procs[p.pid];
    else {
      const zs = this.procs().filter(x => x.ppid === parent.pid && x.st === 'Z');
      if (zs.length > 64) delete this.s.procs[zs[0]!.pid];
    }
  }

  /**
   * Something from outside touched the container (a signal, an exec, data on a pipe, a request): it no
   * longer repeats on its own. Call after materialize(now).
   */
  unlazy(): void {
    if (this.s.lazy || this.s.hist) { delete this.s.lazy; delete this.s.hist; this.dirty = true; }
  }

  /** Deliver a signal (kill(2)). */
  signal(pid: number, sig: number): 'ok' | 'ESRCH' {
    this.unlazy();
    const p = this.s.procs[pid];
    if (!p || p.st === 'Z') return 'ESRCH';
    this.dirty = true;
    if (sig === 0) return 'ok';
    if (sig === SIGNALS.KILL) { this.exitProc(p, 137, 9); return 'ok'; }
    if (p.prog.k === 'sh') {
      (p.pend ??= []).push(sig);
      const top = p.prog.sh.f[p.prog.sh.f.length - 1];
      const interruptible = !top || (top.k === 'B' && ((top as { name: string }).name === 'wait' || (top as { name: string }).name === 'read')) || top.k === 'RL';
      const handled = p.prog.sh.tr[sigName(sig)] !== undefined;
      if (p.st === 'S' && (interruptible || (!handled && p.pid !== 1 && top?.k !== 'W'))) { p.st = 'R'; delete p.w; }
      return 'ok';
    }
    // a native program: its own reaction, else the default (none for PID 1)
    const ctx = this.cmdCtx(p, p.argv, p.prog.st, p.env);
    const r = this.svc.onSignal?.(p.prog.name, sig, ctx);
    if (r === 'ignore') return 'ok';
    if (typeof r === 'number') { this.exitProc(p, r); return 'ok'; }
    if (p.pid === 1 || sig === SIGNALS.CHLD || sig === SIGNALS.CONT || sig === SIGNALS.WINCH) return 'ok';
    this.exitProc(p, 128 + sig, sig);
    return 'ok';
  }

  // ---------------------------------------------------------------- pipes and fds
  newPipe(content = ''): number {
    const id = this.s.nextPipe++;
    this.s.pipes[id] = { b: content };
    return id;
  }
  private pipeEnds(id: number): { r: number; w: number } {
    let r = 0, w = 0;
    for (const p of this.procs()) {
      if (p.st === 'Z') continue;
      for (const f of Object.values(p.fds)) if (f.t === 'pipe' && f.id === id) { if (f.w) w++; else r++; }
    }
    const ext = this.s.pipes[id]?.ext;
    if (ext?.r) r++;
    if (ext?.w) w++;
    return { r, w };
  }

  /** open(2): `create` is the mode of a file it creates (after the umask), `excl` refuses an existing one. */
  open(p: Proc, path: string, mode: 'r' | 'w' | 'a' | 'rw', o: { create?: number; noclobber?: boolean } = {}): Fd | string {
    // /dev/stdout, /dev/fd/N, /proc/self/fd/N, /proc/<pid>/fd/N name open files (Linux's magic links): opening
    // one gives the file itself, whatever the link's text says (pipe:[N]); self is the process opening it
    const lex = normalize(path, p.cwd).replace(/^\/dev\/fd(?=\/|$)/, '/proc/self/fd').replace(/^\/proc\/self(?=\/|$)/, `/proc/${p.pid}`);
    const magic = this.specialPath(p, lex);
    if (magic) return magic;
    if (/^\/proc\/\d+\/fd\/\d+$/.test(lex)) return 'ENOENT';
    let abs: string;
    try { abs = this.fs.resolve(path, p.cwd); } catch (e) { return e instanceof FsError ? e.code : 'EINVAL'; }
    const special = this.specialPath(p, abs);
    if (special) return special;
    const cred = { uid: p.uid, gid: p.gid, groups: p.groups };
    try {
      const st = this.fs.stat(abs);
      if (mode === 'r') {
        if (!st) return 'ENOENT';
        // a directory opens for reading; reading it fails (EISDIR), as read(2) does
        if (st.k === 'd') return { t: 'file', p: abs, off: 0, m: 'r' };
        this.fs.readFile(abs, '/', cred);
        return { t: 'file', p: abs, off: 0, m: 'r' };
      }
      if (st?.k === 'd') return 'EISDIR';
      if (mode === 'w' && st && o.noclobber && st.k === 'f') return 'EEXIST';
      if (mode === 'w') this.fs.writeFile(abs, '', { cred, ...(st ? {} : { mode: o.create ?? 0o644 }) });
      else if (!st) this.fs.writeFile(abs, '', { cred, mode: o.create ?? 0o644 });
      this.dirty = true;
      return { t: 'file', p: abs, off: 0, m: mode };
    } catch (e) {
      if (e instanceof FsError) return e.code;
      throw e;
    }
  }
  specialPath(p: Proc, abs: string): Fd | undefined {
    switch (abs) {
      case '/dev/null': return { t: 'null' };
      case '/dev/zero': return { t: 'dev', n: 'zero' };
      case '/dev/urandom': case '/dev/random': return { t: 'dev', n: 'urandom' };
      case '/dev/full': return { t: 'dev', n: 'full' };
      case '/dev/tty': return { t: 'dev', n: 'tty' };
      case '/dev/stdin': return p.fds[0] ? { ...p.fds[0] } : { t: 'null' };
      case '/dev/stdout': return p.fds[1] ? { ...p.fds[1] } : { t: 'null' };
      case '/dev/stderr': return p.fds[2] ? { ...p.fds[2] } : { t: 'null' };
    }
    const m = /^\/(?:dev\/fd|proc\/(self|\d+)\/fd)\/(\d+)$/.exec(abs) ?? /^\/dev\/fd\/(\d+)$/.exec(abs);
    if (m) {
      const pid = abs.startsWith('/dev/fd') ? p.pid : m[1] === 'self' ? p.pid : Number(m[1]);
      const fd = abs.startsWith('/dev/fd') ? m[1]! : m[2]!;
      const f = this.s.procs[pid]?.fds[fd];
      return f ? { ...f } : undefined;
    }
    return undefined;
  }

  /** Write to a process's fd. False when the data can never be read (EPIPE, a read-only fd). */
  write(p: Proc, fd: number | string, data: string): boolean {
    const f = p.fds[fd];
    if (!f || !data) return !!f;
    switch (f.t) {
      case 'null': return true;
      case 'log': this.log(f.s, data); return true;
      case 'dev': return f.n !== 'full';
      case 'pipe': {
        const pipe = this.s.pipes[f.id];
        if (!pipe) return false;
        if (!this.pipeEnds(f.id).r) { this.signal(p.pid, SIGNALS.PIPE); return false; }
        pipe.b += data;
        this.dirty = true;
        return true;
      }
      case 'file': {
        if (f.m === 'r') return false;
        try {
          if (f.m === 'rw') {
            const cur = this.fs.readFile(f.p);
            const next = cur.slice(0, f.off) + data + cur.slice(f.off + data.length);
            this.fs.writeFile(f.p, next);
          } else this.fs.writeFile(f.p, data, { append: true });
          f.off += data.length;
          this.dirty = true;
          return true;
        } catch { return false; }
      }
    }
  }

  /** Is there something to read (or end of file) on fd? */
  readable(p: Proc, fd: number | string): boolean {
    const f = p.fds[fd];
    if (!f || f.t !== 'pipe') return true;
    const pipe = this.s.pipes[f.id];
    return !pipe || pipe.b.length > 0 || !this.pipeEnds(f.id).w;
  }

  /** Read what is available: a string, null at end of file, undefined when it would block. */
  read(p: Proc, fd: number | string, max?: number): string | null | undefined {
    const f = p.fds[fd];
    if (!f) return null;
    switch (f.t) {
      case 'null': case 'log': return null;
      case 'dev': return f.n === 'zero' ? '\0'.repeat(max ?? 4096) : f.n === 'urandom' ? randomBytes(max ?? 4096, () => this.random()) : null;
      case 'pipe': {
        const pipe = this.s.pipes[f.id];
        if (!pipe) return null;
        if (!pipe.b.length) return this.pipeEnds(f.id).w ? undefined : null;
        const n = max ?? pipe.b.length;
        const out = pipe.b.slice(0, n);
        pipe.b = pipe.b.slice(n);
        this.dirty = true;
        return out;
      }
      case 'file': {
        let data: string;
        try { data = this.fs.readFile(f.p); } catch { return null; }
        if (f.off >= data.length) return null;
        const out = data.slice(f.off, max !== undefined ? f.off + max : undefined);
        f.off += out.length;
        this.dirty = true;
        return out;
      }
    }
  }

  /** Read up to and including a delimiter (or n characters); a final partial line at end of file. */
  readUntil(p: Proc, fd: number | string, o: { delim?: string; n?: number }): string | null | undefined {
    const f = p.fds[fd];
    if (!f) return null;
    if (f.t === 'pipe') {
      const pipe = this.s.pipes[f.id];
      if (!pipe) return null;
      const writers = this.pipeEnds(f.id).w;
      if (o.n !== undefined) {
        if (pipe.b.length >= o.n || (!writers && pipe.b.length)) { const out = pipe.b.slice(0, o.n); pipe.b = pipe.b.slice(o.n); this.dirty = true; return out; }
        return writers ? undefined : null;
      }
      const i = pipe.b.indexOf(o.delim ?? '\n');
      if (i >= 0) { const out = pipe.b.slice(0, i + 1); pipe.b = pipe.b.slice(i + 1); this.dirty = true; return out; }
      if (writers) return undefined;
      if (!pipe.b.length) return null;
      const out = pipe.b; pipe.b = ''; this.dirty = true; return out;
    }
    if (f.t === 'file') {
      let data: string;
      try { data = this.fs.readFile(f.p); } catch { return null; }
      if (f.off >= data.length) return null;
      let end: number;
      if (o.n !== undefined) end = Math.min(data.length, f.off + o.n);
      else { const i = data.indexOf(o.delim ?? '\n', f.off); end = i < 0 ? data.length : i + 1; }
      const out = data.slice(f.off, end);
      f.off = end;
      this.dirty = true;
      return out;
    }
    return this.read(p, fd, o.n);
  }

  // ---------------------------------------------------------------- logs
  log(s: 1 | 2, d: string): void {
    const w: LogWrite = { ts: this.tsMicros(), s, d };
    this.pending.push(w);
    this.s.logBytes += Buffer.byteLength(d);
    if (!this.nested) this.writesSince.push(w);
    this.dirty = true;
  }

  // ---------------------------------------------------------------- command contexts
  userland(name: string): CmdFn | undefined { return this.svc.userland(name); }

  cmdCtx(p: Proc, argv: string[], st: Record<string, any>, env: Record<string, string> | (() => Record<string, string>)): CmdCtx {
    const box = this;
    let sys: SysApi | undefined;
    let envObj = typeof env === 'function' ? undefined : env;
    return {
      argv, name: basename(argv[0] ?? ''), cwd: p.cwd, cred: { uid: p.uid, gid: p.gid, groups: p.groups }, st,
      get env() { return envObj ??= (env as () => Record<string, string>)(); },
      fs: this.fs, proc: p, flavor: this.s.flavor, pod: this.pod,
      get net() { return box.net(); },
      now: () => box.clock(),
      random: () => box.random(),
      read: (fd = 0) => box.read(p, fd),
      write: (s, fd = 1) => box.write(p, fd, s),
      err: msg => { box.write(p, 2, msg + '\n'); },
      get sys() { return sys ??= box.sysApi(p); },
    };
  }

  sysApi(p: Proc): SysApi {
    const box = this;
    return {
      procs: () => {
        const own = box.procs().filter(x => x.st !== 'Z');
        const ns = box.svc.pidNamespace?.();
        if (!ns) return own;
        const b = ns.base;
        return [...ns.procs(), ...own.map(x => ({ ...x, pid: x.pid + b, ppid: x.ppid ? x.ppid + b : 0 }))];
      },
      kill: (pid, sig) => {
        const ns = box.svc.pidNamespace?.();
        if (ns) { if (pid <= ns.base) return ns.kill(pid, sig); pid -= ns.base; }
        const t = box.s.procs[pid]; if (!t || t.st === 'Z') return 'ESRCH'; if (p.uid !== 0 && t.uid !== p.uid) return 'EPERM'; box.signal(pid, sig); return 'ok';
      },
      listen: (port, proto = 'TCP') => {
        const key = portKey(port, proto);
        const cur = box.s.ports[key];
        if (cur && cur.pid !== p.pid && box.s.procs[cur.pid]?.st !== 'Z') return 'EADDRINUSE';
        box.s.ports[key] = { pid: p.pid, proto: proto.toUpperCase() };
        box.dirty = true;
        return 'ok';
      },
      unlisten: (port, proto = 'TCP') => { delete box.s.ports[portKey(port, proto)]; box.dirty = true; },
      spawn: (argv, o = {}) => {
        const env = o.env ?? p.env;
        const prog = box.program(p, argv, env);
        if (typeof prog === 'string') return prog;
        return box.spawnProc(p, prog.prog, prog.argv, o.fds ?? p.fds, { env, cwd: o.cwd ?? p.cwd });
      },
      reap: pid => { const s = box.childStatus(pid); if (s === undefined) return undefined; box.reap(pid); return { code: s }; },
      exec: (argv, env) => { const r = box.execve(p, argv, env ?? p.env, true); return r === 'replaced' ? 'ok' : typeof r === 'string' ? r : 'ok'; },
      alloc: bytes => { p.mem = Math.max(0, (p.mem ?? 0) + bytes); box.dirty = true; },
      burn: millicores => { (p as Proc & { burn?: number }).burn = millicores; box.dirty = true; },
      isatty: fd => box.isTty(p, fd),
      run: (argv, o = {}) => {
        const fds: Record<string, Fd> = { ...p.fds };
        let inPipe: number | undefined, outPipe: number | undefined;
        if (o.stdin !== undefined) { inPipe = box.newPipe(o.stdin); fds[0] = { t: 'pipe', id: inPipe }; }
        if (o.capture) { outPipe = box.newPipe(); box.s.pipes[outPipe]!.ext = { r: 1 }; fds[1] = { t: 'pipe', id: outPipe, w: 1 }; }
        const prog = box.program(p, argv, p.env);
        if (typeof prog === 'string') { if (outPipe !== undefined) delete box.s.pipes[outPipe]; return { code: 127, ...(o.capture ? { out: '' } : {}) }; }
        const pid = box.spawnProc(p, prog.prog, prog.argv, fds, { env: p.env, cwd: p.cwd });
        box.runFor(pid, 7 * 86_400_000);
        const child = box.s.procs[pid];
        if (child && child.st !== 'Z') box.exitProc(child, 137, 9);
        const code = box.s.procs[pid]?.exit ?? 0;
        delete box.s.procs[pid];
        const out = outPipe !== undefined ? box.s.pipes[outPipe]?.b ?? '' : undefined;
        if (outPipe !== undefined) delete box.s.pipes[outPipe];
        return out !== undefined ? { code, out } : { code };
      },
      mounts: () => box.fs.mounts.map(m => ({ at: m.at, kind: m.kind, ro: m.ro, ...(m.shared ? { shared: true } : {}), ...(m.file ? { file: true } : {}) })),
    };
  }

  // ---------------------------------------------------------------- filesystem helpers
  /** Pathname expansion; `dots`: a pattern starting with `.` also matches `.` and `..` (dash, ash; not bash 5.2). */
  glob(p: Proc, pattern: string, dots = false): string[] {
    // a trailing slash matches directories only, and stays on each match
    if (pattern.length > 1 && pattern.endsWith('/')) {
      const base = pattern.replace(/\/+$/, '');
      return this.glob(p, base, dots).filter(m => { try { return this.fs.stat(m, p.cwd)?.k === 'd'; } catch { return false; } }).map(m => m + '/');
    }
    const abs = pattern.startsWith('/');
    const parts = pattern.split('/').filter((x, i) => x !== '' || i === 0);
    let cur: string[] = [abs ? '/' : ''];
    for (let i = abs ? 1 : 0; i < parts.length; i++) {
      const part = parts[i]!;
      const next: string[] = [];
      const hasGlob = /[*?[]/.test(part.replace(/\\./g, ''));
      for (const base of cur) {
        const dirPath = base === '' ? p.cwd : base;
        if (!hasGlob) {
          const lit = part.replace(/\\(.)/g, '$1');
          const cand = base === '' ? lit : base === '/' ? `/${lit}` : `${base}/${lit}`;
          if (i === parts.length - 1 ? this.fs.exists(cand, p.cwd) : this.fs.stat(cand, p.cwd)?.k === 'd') next.push(cand);
          continue;
        }
        let entries: [string, unknown][] = [];
        try { entries = this.fs.readDir(dirPath, p.cwd); } catch { continue; }
        if (dots && part.startsWith('.')) entries = [['.', 0], ['..', 0], ...entries];
        for (const [name] of entries) {
          if (name.startsWith('.') && !part.startsWith('.')) continue;
          if (!matchPattern(name, part)) continue;
          next.push(base === '' ? name : base === '/' ? `/${name}` : `${base}/${name}`);
        }
      }
      cur = next;
      if (!cur.length) return [];
    }
    return cur.filter(x => x !== '' && x !== '/').sort();
  }

  // ---------------------------------------------------------------- command substitution
  /** Run $(…) to completion now: its output, status, and how long it took (waits inside it). */
  cmdsub(parent: Proc, sh: ShState, list: List): { out: string; status: number; debt: number; sig?: number } {
    const u = this.unitOf(list);
    const child = forkShell(sh, u, list.id);
    child.xd = (sh.xd ?? 0) + 1;
    const pipe = this.newPipe();
    const fds: Record<string, Fd> = { ...parent.fds, 1: { t: 'pipe', id: pipe, w: 1 } };
    this.s.pipes[pipe]!.ext = { r: 1 };
    const pid = this.spawnProc(parent, { k: 'sh', sh: child }, parent.argv, fds, { env: parent.env, cwd: parent.cwd });
    const start = this.off;
    this.nested++;
    // (one that would hang, or wait more than a week: what it wrote so far)
    try { this.runTree(pid, next => next - this.now > 7 * 86_400_000); } finally { this.nested--; }
    const c = this.s.procs[pid];
    let status = 0;
    if (c && c.st !== 'Z') { this.exitProc(c, 130); for (const q of this.procs()) if (this.descends(q, pid)) this.exitProc(q, 137, 9); }
    status = this.s.procs[pid]?.exit ?? 0;
    const sig = this.s.procs[pid]?.sig;
    delete this.s.procs[pid];
    const out = this.s.pipes[pipe]?.b ?? '';
    delete this.s.pipes[pipe];
    const debt = this.off - start;
    this.off = start;
    return { out, status, debt, ...(sig !== undefined ? { sig } : {}) };
  }
  /**
   * Run a process and what it started until it ends, now: whenever all of them wait, the private clock (off)
   * moves to the earliest timed wake among them. False when it has not ended: nothing would ever wake it, or the
   * next wake is one `tooLate` refuses.
   */
  private runTree(pid: number, tooLate: (next: number) => boolean): boolean {
    for (let guard = 0; guard < 100000; guard++) {
      this.runSet(q => this.descends(q, pid));
      const c = this.s.procs[pid];
      if (!c || c.st === 'Z') return true;
      let next = Infinity;
      for (const q of this.procs()) if (q.st === 'S' && this.descends(q, pid) && q.w && 'until' in q.w && q.w.until !== undefined) next = Math.min(next, q.w.until);
      if (!Number.isFinite(next) || tooLate(next)) return false;
      this.off = Math.max(this.off, next - this.now);
    }
    return false;
  }
  private descends(q: Proc, root: number): boolean {
    let cur: Proc | undefined = q;
    for (let i = 0; cur && i < 64; i++) { if (cur.pid === root) return true; if (cur.ppid === cur.pid) return false; cur = this.s.procs[cur.ppid]; }
    return false;
  }

  // ---------------------------------------------------------------- running
  /** Never turn lazy (copies that regenerate a log segment). */
  noLazy = false;

  /** Run the timeline up to `t`: every wake due by then, in order. */
  runUntil(t: number): void {
    this.noLazy = true;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const w = this.nextWake();
      if (w === undefined || w > t) break;
      this.run(Math.max(w, this.now));
      if (this.s.dead) break;
    }
  }

  /**
   * Run one process (and what it starts) to its end now, its own waits moving a private clock forward,
   * as exec probes and hooks run: 'done', or 'timeout' when it would take longer than `timeoutMs`.
   */
  runFor(pid: number, timeoutMs: number): 'done' | 'timeout' {
    const start = this.off;
    this.nested++;
    try {
      return this.runTree(pid, next => next - this.now - start > timeoutMs) ? 'done' : 'timeout';
    } finally { this.nested--; this.ranFor = this.off - start; this.off = start; }
  }
  /** How long the last runFor took (ms of the command's own time). */
  ranFor = 0;

  /** Run every runnable process at instant `now` until all sleep. */
  run(now: number): void {
    if (this.s.dead) return;
    if (now > this.now) { this.now = now; this.steps = 0; }
    this.runSet(() => true);
    this.checkMemory();
    this.gc();
  }

  private runSet(member: (p: Proc) => boolean): void {
    for (let round = 0; round < 100000; round++) {
      let ran = false;
      for (const p of this.procs()) {
        if (p.st === 'Z' || !member(p)) continue;
        if (p.st === 'S' && !this.wakeable(p)) continue;
        p.st = 'R'; delete p.w;
        ran = true;
        this.runProc(p);
        if (this.s.dead) return;
      }
      if (!ran) return;
    }
  }

  private wakeable(p: Proc): boolean {
    const w = p.w;
    if (!w) return true;
    const t = this.vt();
    if ('until' in w && w.until !== undefined && w.until <= t) return true;
    if ('read' in w) return this.readable(p, w.read);
    if ('child' in w) return this.childStatus(w.child) !== undefined;
    if ('watch' in w) return this.watchedSize(w.watch) !== w.size;
    return false;
  }

  private runProc(p: Proc): void {
    const before = this.steps;
    if (p.prog.k === 'sh') {
      const sh = p.prog.sh;
      // a shell that could not even start
      if (!sh.f.length && (sh.vars.__err || sh.vars.__syntax)) {
        if (sh.vars.__err) this.write(p, 2, sh.vars.__err + '\n');
        else {
          const e = JSON.parse(sh.vars.__syntax!) as SyntaxInfo;
          new Shell(this, p).syntaxError(e);
        }
        this.exitProc(p, sh.q);
        return;
      }
      const out: Outcome = new Shell(this, p).run(SLICE);
      if (out === 'yield' && p.st === 'R' && this.s.procs[p.pid] && p.prog.k === 'sh' && this.steps - before >= SLICE) this.busy(p);
      else if (out === 'yield' && p.st === 'R' && (p.prog as Prog).k === 'cmd') this.runProc(p);
      if (out === 'block') p.st = 'S';
      return;
    }
    const prog = p.prog;
    const fn = this.svc.userland(prog.name);
    if (!fn) { this.write(p, 2, `${p.argv[0]}: applet not found\n`); this.exitProc(p, 127); return; }
    const r = fn(this.cmdCtx(p, p.argv, prog.st, p.env));
    this.steps += 10;
    if (p.prog !== prog) { if (p.st !== 'Z') this.runProc(p); return; } // exec'd another program
    if (typeof r === 'number') { this.exitProc(p, r); return; }
    const b = r.block;
    const now = this.vt();
    if ('forever' in b) p.w = { forever: 1 };
    else if ('read' in b) p.w = b.ms !== undefined ? { read: b.read, until: now + b.ms } : { read: b.read };
    else if ('child' in b) p.w = b.ms !== undefined ? { child: b.child, until: now + b.ms } : { child: b.child };
    else if ('watch' in b) p.w = b.ms !== undefined ? { watch: b.watch, size: b.size, until: now + b.ms } : { watch: b.watch, size: b.size };
    else p.w = { until: now + b.ms };
    p.st = 'S';
  }
  /** A watched file's size now (-1 when it does not exist). */
  watchedSize(path: string): number {
    try { const st = this.fs.stat(path); return st && st.k !== 'd' ? (st.data ?? '').length : st ? 0 : -1; } catch { return -1; }
  }

  /** A process used its whole slice: it continues a millisecond later (CPU-bound). */
  private busy(p: Proc): void {
    p.st = 'S';
    p.w = { until: this.now + this.off + Math.max(1, Math.ceil(this.steps / SLICE)) };
    p.cpu = (p.cpu ?? 0) + 1;
    if (!this.nested) this.chargeCpu(1);
  }

  /** The earliest time a sleeping process wakes (undefined: nothing is timed). */
  nextWake(): number | undefined {
    if (this.s.dead || this.s.lazy) return undefined;
    let t: number | undefined;
    for (const p of this.procs()) {
      if (p.st === 'R') return this.now;
      const w = p.w;
      if (p.st === 'S' && w && 'until' in w && w.until !== undefined) t = t === undefined ? w.until : Math.min(t, w.until);
    }
    return t === undefined ? undefined : Math.ceil(t);
  }

  private checkMemory(): void {
    if (!this.s.memLimit || this.s.dead) return;
    const used = this.memoryUsed();
    if (used <= this.s.memLimit) return;
    // the OOM killer takes the biggest process; for a container that is PID 1's cgroup: the container dies
    this.s.dead = { code: 137, at: this.vt(), reason: 'OOMKilled', signal: 9 };
    const p1 = this.s.procs[1];
    if (p1) { p1.st = 'R'; this.exitProc(p1, 137, 9); this.s.dead.reason = 'OOMKilled'; }
  }
  memoryUsed(): number {
    let m = 0;
    for (const p of this.procs()) {
      if (p.st === 'Z') continue;
      m += (p.mem ?? 0) + (p.prog.k === 'cmd' ? this.svc.baseMemory?.(p.prog.name) ?? 0 : 400 * 1024);
    }
    return m;
  }

  /** Drop pipes nobody holds. */
  private gc(): void {
    const used = new Set<number>();
    for (const p of this.procs()) for (const f of Object.values(p.fds)) if (f.t === 'pipe') used.add(f.id);
    for (const [id, pipe] of Object.entries(this.s.pipes)) if (!used.has(Number(id)) && !pipe.ext) { delete this.s.pipes[id]; this.dirty = true; }
  }

  // ---------------------------------------------------------------- periodic loops
  /**
   * Called by a shell at the head of each loop iteration. Records a sample of the whole container;
   * when the last periods repeat, the container turns lazy. Never stops the shell.
   */
  loopHead(p: Proc, frameIndex: number): Outcome | undefined {
    if (this.nested || this.s.lazy || this.noLazy) return undefined;
    const sh = (p.prog as { sh: ShState }).sh;
    const f = sh.f[frameIndex] as { n: number; u: number };
    const key = `${p.pid}:${frameIndex}:${f.u}:${f.n}`;
    const hist = (this.s.hist ??= {});
    let list = hist[key];
    if (!list) { for (const k of Object.keys(hist)) delete hist[k]; list = hist[key] = []; }
    const eff = this.eff;
    this.eff = {};
    const writes = this.writesSince;
    this.writesSince = [];
    const files = this.fileOps;
    const other = this.fileOther;
    this.fileOps = [];
    this.fileOther = false;
    const bad = !!(eff.shared || eff.rng || eff.cclock) || writes.length > 200 || other;
    const { canon, vars } = this.canon();
    const sample: Sample = { key, canon, vars, vt: this.vt() + (this.steps % SLICE) / 1000, eff, writes, ver: this.s.ver, ...(files.length ? { files } : {}) };
    if (bad) { hist[key] = [sample]; return undefined; }
    list.push(sample);
    if (list.length > HIST) list.shift();
    this.dirty = true;
    const lazy = this.findPeriod(list);
    if (lazy) {
      this.s.lazy = lazy;
      delete this.s.hist;
    }
    return undefined;
  }

  private findPeriod(list: Sample[]): Lazy | undefined {
    const n = list.length - 1;
    for (let m = 1; m <= 3; m++) {
      if (n - 2 * m < 0) break;
      const a = list[n]!, b = list[n - m]!, c = list[n - 2 * m]!;
      if (a.canon !== b.canon || b.canon !== c.canon) continue;
      const P = a.vt - b.vt, P2 = b.vt - c.vt;
      if (P <= 0 || Math.abs(P - P2) > 0.002) continue;
      // effects over the last two periods
      const window = list.slice(n - 2 * m + 1);
      if (window.some(s => s.eff.shared || s.eff.rng || s.eff.cclock)) continue;
      const deltas = this.varDeltas(a.vars, b.vars, c.vars, window);
      if (deltas === undefined) continue;
      const tainted = window.some(s => s.eff.clock);
      const w1 = list.slice(n - m + 1).flatMap(s => s.writes), w0 = list.slice(n - 2 * m + 1, n - m + 1).flatMap(s => s.writes);
      const base1 = Math.round(b.vt * 1000), base0 = Math.round(c.vt * 1000);
      const t1 = w1.map(w => ({ dt: w.ts - base1, s: w.s, d: w.d })), t0 = w0.map(w => ({ dt: w.ts - base0, s: w.s, d: w.d }));
      const same = JSON.stringify(t1) === JSON.stringify(t0);
      // files written in a period must be written the same way in every period, to be replayed
      const f1 = list.slice(n - m + 1).flatMap(s => s.files ?? []), f0 = list.slice(n - 2 * m + 1, n - m + 1).flatMap(s => s.files ?? []);
      if (JSON.stringify(f1) !== JSON.stringify(f0)) continue;
      const lazy: Lazy = { t0: a.vt, P, snap: this.snapshot() };
      if (f1.length) lazy.files = f1;
      if (a.ver === c.ver) lazy.quiet = 1;
      if (deltas.length) lazy.delta = deltas;
      else if (!tainted && same) lazy.tmpl = t1;
      else if (!tainted && !same) continue;
      return lazy;
    }
    return undefined;
  }

  /** Shell variables that grew by the same integer over two periods (and steer no condition). */
  private varDeltas(a: Record<string, Record<string, string>>, b: Record<string, Record<string, string>>, c: Record<string, Record<string, string>>, window: Sample[]): [number, string, number][] | undefined {
    const out: [number, string, number][] = [];
    const cond = new Set(window.flatMap(s => Object.keys(s.eff.condVars ?? {})));
    for (const pid of Object.keys(a)) {
      const va = a[pid]!, vb = b[pid] ?? {}, vc = c[pid] ?? {};
      const keys = new Set([...Object.keys(va), ...Object.keys(vb), ...Object.keys(vc)]);
      for (const k of keys) {
        if (va[k] === vb[k] && vb[k] === vc[k]) continue;
        const x = va[k], y = vb[k], z = vc[k];
        if (x === undefined || y === undefined || z === undefined) return undefined;
        if (!/^-?\d{1,15}$/.test(x) || !/^-?\d{1,15}$/.test(y) || !/^-?\d{1,15}$/.test(z)) return undefined;
        const d1 = Number(x) - Number(y), d2 = Number(y) - Number(z);
        if (d1 !== d2 || d1 === 0) return undefined;
        if (cond.has(k)) return undefined;
        out.push([Number(pid), k, d1]);
      }
    }
    return out;
  }

  /** The container's state with times, pids and pipe ids made relative: equal when a loop repeats. */
  canon(): { canon: string; vars: Record<string, Record<string, string>> } {
    const pids = this.procs().filter(p => p.st !== 'Z').map(p => p.pid).sort((x, y) => x - y);
    const pidMap = new Map(pids.map((p, i) => [p, i + 1]));
    const pipeIds = Object.keys(this.s.pipes).map(Number).sort((x, y) => x - y);
    const pipeMap = new Map(pipeIds.map((p, i) => [p, i]));
    const t = this.vt();
    const vars: Record<string, Record<string, string>> = {};
    const procs = pids.map(pid => {
      const p = this.s.procs[pid]!;
      const q: Record<string, unknown> = {
        pid: pidMap.get(p.pid), ppid: pidMap.get(p.ppid) ?? 0, argv: p.argv, cwd: p.cwd, st: p.st, uid: p.uid,
        fds: Object.fromEntries(Object.entries(p.fds).map(([k, f]) => [k, f.t === 'pipe' ? { ...f, id: pipeMap.get(f.id) } : f])),
        mem: p.mem ?? 0, pend: p.pend,
      };
      const w = p.w;
      if (w) q.w = { ...w, ...('until' in w && w.until !== undefined ? { until: Math.round((w.until - t) * 1000) } : {}), ...('child' in w ? { child: pidMap.get(w.child) } : {}) };
      if (p.prog.k === 'sh') {
        const sh = p.prog.sh;
        vars[String(pidMap.get(p.pid))] = { ...sh.vars };
        q.sh = { ...sh, vars: undefined, me: pidMap.get(sh.me ?? 0), bg: sh.bg !== undefined ? pidMap.get(sh.bg) ?? -1 : undefined, f: sh.f.map(fr => fr.k === 'W' ? { ...fr, pids: fr.pids.map(x => pidMap.get(x) ?? -1) } : fr) };
      } else q.prog = p.prog;
      return q;
    });
    const pipes = pipeIds.map(id => this.s.pipes[id]);
    const canon = JSON.stringify({ procs, pipes, ports: this.s.ports, units: this.s.units.length });
    return { canon, vars };
  }

  /** The persistent part of the state, for lazy snapshots. */
  snapshot(): string {
    const { lazy: _l, hist: _h, ...rest } = this.s;
    void _l; void _h;
    return JSON.stringify(rest);
  }

  /**
   * The filesystem writes of `n` skipped periods: appends repeated n times; a file rewritten during a period
   * ends as one period leaves it.
   */
  private replayFiles(ops: FileOp[], n: number): void {
    const nested = this.nested;
    this.nested++;
    try {
      const byPath = new Map<string, FileOp[]>();
      for (const op of ops) { const l = byPath.get(op[1]) ?? []; l.push(op); byPath.set(op[1], l); }
      for (const [path, list] of byPath) {
        try {
          if (list.every(o => o[0] === 'append')) this.fs.writeFile(path, list.map(o => o[2]).join('').repeat(n), { append: true });
          else for (const [op, , data] of list) this.fs.writeFile(path, data, { append: op === 'append' });
        } catch { /* the file went away: nothing to replay */ }
      }
    } finally { this.nested = nested; }
  }

  /**
   * Bring a lazy container forward to `t`: whole periods are skipped (their log writes recorded as one
   * virtual segment), the state is the snapshot moved by k periods, and the rest runs for real.
   * Returns the virtual log segment, if any.
   */
  materialize(t: number): VirtualSegment | undefined {
    const lz = this.s.lazy;
    if (!lz) return undefined;
    const k = Math.floor((t - lz.t0) / lz.P);
    if (k < 1) { this.run(t); return undefined; }
    delete this.s.lazy;
    this.dirty = true;
    let seg: VirtualSegment | undefined;
    if (k > 1) seg = { t0: lz.t0 + lz.P, P: lz.P, n: k - 1, ...(lz.tmpl ? { tmpl: lz.tmpl } : { snap: lz.snap, delta: lz.delta ?? [], j0: 1 }) };
    const st = JSON.parse(lz.snap) as ContainerState;
    applyDelta(st, lz.delta, k);
    if (lz.files && k > 1) this.replayFiles(lz.files, k - 1);
    const keepLog = this.s.logBytes;
    Object.assign(this.s, st);
    this.s.logBytes = keepLog + (seg ? estimateBytes(seg) : 0);
    const start = lz.t0 + k * lz.P;
    this.now = Math.floor(start);
    this.steps = Math.round((start - this.now) * 1000);
    this.off = 0;
    this.runSet(() => true);
    this.run(t);
    return seg;
  }
}

/** Log writes of whole periods not run for real: a template repeated, or periods to regenerate. */
export type { FileOp };
export interface VirtualSegment {
  t0: number; P: number; n: number;
  tmpl?: { dt: number; s: 1 | 2; d: string }[];
  snap?: string; delta?: [number, string, number][]; j0?: number;
}

export function applyDelta(st: ContainerState, delta: [number, string, number][] | undefined, k: number): void {
  if (!delta?.length) return;
  // pids in the snapshot are real pids; deltas name canonical ones (order among live processes)
  const live = Object.values(st.procs).filter(p => p.st !== 'Z').map(p => p.pid).sort((a, b) => a - b);
  for (const [cpid, name, d] of delta) {
    const p = st.procs[live[cpid - 1]!];
    if (p?.prog.k !== 'sh') continue;
    const v = Number(p.prog.sh.vars[name] ?? '0') + d * k;
    p.prog.sh.vars[name] = String(v);
  }
}

export function estimateBytes(seg: VirtualSegment): number {
  if (seg.tmpl) return seg.n * seg.tmpl.reduce((a, w) => a + Buffer.byteLength(w.d), 0);
  return 0;
}

function basename(p: string): string { return p.slice(p.lastIndexOf('/') + 1); }
/** The key of a listening socket in ContainerState.ports: "80" for TCP, "53/udp" for UDP. */
export function portKey(port: number | string, proto = 'TCP'): string { return /^tcp$/i.test(proto) ? String(port) : `${port}/${proto.toLowerCase()}`; }
function sigName(sig: number): string {
  for (const [k, v] of Object.entries(SIGNALS)) if (v === sig) return k;
  return String(sig);
}
function shellDialect(applet: string, flavor: string): Dialect | undefined {
  if (applet === 'bash') return 'bash';
  if (applet === 'ash') return 'ash';
  if (applet === 'dash') return 'dash';
  if (applet === 'sh') return flavor === 'debian' || flavor === 'ubuntu' ? 'dash' : flavor === 'bash-sh' ? 'bash' : 'ash';
  return undefined;
}
function randomBytes(n: number, rnd: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rnd() * 256));
  return s;
}
(SIGNALS as Record<string, number>).WINCH = 28;
