// The shapes of the simulated container runtime: a container's persisted state (its processes, pipes and
// the bookkeeping of periodic loops), and the interface every simulated command and program implements.
// All state is plain JSON so that it survives between kctl invocations (one row per container).
import type { FileSystem, Cred } from './fs';
import type { ShState } from './sh/interp';

/** An open file description. */
export type Fd =
  | { t: 'null' }
  | { t: 'log'; s: 1 | 2 }                                  // the container's stdout/stderr (kubectl logs)
  | { t: 'pipe'; id: number; w?: 1 }                        // a pipe end (w: the writing end)
  | { t: 'file'; p: string; off: number; m: 'r' | 'w' | 'a' | 'rw' }
  | { t: 'dev'; n: 'zero' | 'urandom' | 'random' | 'full' | 'tty' };

export interface Pipe {
  /** Buffered data not yet read. */
  b: string;
  /** Ends held outside the container (an exec session's stdin writer, its stdout reader). */
  ext?: { r?: 1; w?: 1 };
}

/** What a sleeping process waits for. `until` is absolute (ms, may be fractional). */
export type Wait =
  | { until: number }
  | { read: number; until?: number }
  | { child: number; until?: number }
  | { forever: 1 };

export interface Proc {
  pid: number;
  ppid: number;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  uid: number;
  gid: number;
  groups?: number[];
  fds: Record<string, Fd>;
  prog: Prog;
  /** R runnable, S sleeping (w says on what), Z exited and not yet reaped. */
  st: 'R' | 'S' | 'Z';
  w?: Wait;
  exit?: number;
  /** Exit by signal (for the status a parent sees). */
  sig?: number;
  /** When it started (ms). */
  t0: number;
  /** Signals delivered but not yet handled. */
  pend?: number[];
  /** CPU time used, ms. */
  cpu?: number;
  /** Memory the program holds beyond its image's baseline, bytes. */
  mem?: number;
}

export type Prog =
  | { k: 'sh'; sh: ShState }
  | { k: 'cmd'; name: string; st: Record<string, any> };

/** One write to the container's log. ts: µs since the epoch. */
export interface LogWrite { ts: number; s: 1 | 2; d: string }

/** A loop found to repeat: the container's state at one loop head and what each period writes. */
export interface Lazy {
  /** Virtual time (ms) of the snapshot: the start of period 0, which ran for real. */
  t0: number;
  /** The period, ms. */
  P: number;
  /** The state at t0 (JSON, without lazy/hist/log bookkeeping). */
  snap: string;
  /** What one period writes to the log, offsets in µs from the period's start (when the same every period). */
  tmpl?: { dt: number; s: 1 | 2; d: string }[];
  /** Shell variables that grow by a constant each period: [pid, name, delta]. */
  delta?: [number, string, number][];
}

export interface ContainerState {
  v: 1;
  /** containerd's container id (64 hex). */
  id: string;
  pod: { ns: string; name: string; uid: string };
  name: string;
  image: string;
  /** Which userland the image has (messages and applets differ). */
  flavor: string;
  /** The image is not in the catalog: a command its userland lacks is taken as the image's own program (it idles). */
  generic?: 1;
  started: number;
  nextPid: number;
  nextPipe: number;
  procs: Record<string, Proc>;
  pipes: Record<string, Pipe>;
  /** Script sources referenced by suspended shells (index = unit number). */
  units: string[];
  /** Ports this container's processes listen on (the pod shares one network namespace). */
  ports: Record<string, { pid: number; proto: string }>;
  /** Set when PID 1 has exited: the container is dead. */
  dead?: { code: number; at: number; reason: 'Completed' | 'Error' | 'OOMKilled'; signal?: number };
  lazy?: Lazy;
  /** Bytes written to the current log file (for the kubelet's rotation at 10 MiB). */
  logBytes: number;
  /** Version of what probes can observe (files written, processes changed); bumped on every change. */
  ver: number;
  /** Memory limit in bytes (0 = none); over it the kernel OOM-kills. */
  memLimit: number;
  /** An ephemeral container's --target: that container's id and the pid its own pids show above. */
  pidns?: { cid: string; base: number };
  /** Sessions attached from outside (exec): id → pid and pipe ends. */
  sessions?: Record<string, { pid: number; in?: number; out: number; err: number; tty?: 1 }>;
}

/** What a command sees while it runs. */
export interface CmdCtx {
  /** argv[0] as invoked. */
  argv: string[];
  /** The program's name (basename of argv[0] or the applet). */
  name: string;
  env: Record<string, string>;
  cwd: string;
  cred: Cred;
  /** State kept across resumptions of a blocked command (starts as {}). */
  st: Record<string, any>;
  fs: FileSystem;
  proc: Proc;
  /** The image's userland flavor: 'busybox' | 'alpine' | 'debian' | 'ubuntu' | … */
  flavor: string;
  /** The cluster clock, ms (reading it marks the current period as time-dependent). */
  now(): number;
  /** A deterministic random number in [0,1) (marks the period as not repeating). */
  random(): number;
  /** Read what is available on fd: a string, null at end of file, undefined when it would block. */
  read(fd?: number): string | null | undefined;
  /** Write to fd; false when nobody will ever read it (EPIPE). */
  write(s: string, fd?: number): boolean;
  /** Write `msg + "\n"` to stderr. */
  err(msg: string): void;
  /** The pod and container this runs in (for hostname, ps, env, networking). */
  pod: PodInfo;
  /** Kernel services a few commands need (ps, kill, listen, spawn). */
  sys: SysApi;
}

export interface PodInfo {
  ns: string; name: string; uid: string; hostname: string; ip: string; node: string; nodeIP: string;
  container: string; containerId: string; image: string;
  subdomain?: string;
}

/** A blocked command's wait, expressed relative to now. */
export type Block =
  | { ms: number }
  | { read: number; ms?: number }
  | { child: number; ms?: number }
  | { forever: true };
export type CmdResult = number | { block: Block };
export type CmdFn = (c: CmdCtx) => CmdResult;

export interface SysApi {
  procs(): Proc[];
  kill(pid: number, sig: number): 'ok' | 'ESRCH' | 'EPERM';
  listen(port: number, proto?: string): 'ok' | 'EADDRINUSE';
  unlisten(port: number): void;
  /** Start a child process running argv (looked up like a shell would); returns its pid or an error text. */
  spawn(argv: string[], opts?: { fds?: Record<string, Fd>; env?: Record<string, string>; cwd?: string }): number | string;
  /** Replace this process's program (execve); an error code when argv cannot run. The caller returns at once. */
  exec(argv: string[], env?: Record<string, string>): 'ok' | string;
  /** Collect an exited child's status (undefined while it runs). */
  reap(pid: number): { code: number } | undefined;
  /** Add memory the process holds (stress --vm-bytes); the kernel OOM-kills over the limit. */
  alloc(bytes: number): void;
  /** Mark CPU use (ms of CPU per ms of time) for top and the HPA. */
  burn(millicores: number): void;
}
