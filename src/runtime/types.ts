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
  /** A file to change (tail -f): its absolute path and its size when the wait began (-1: missing). */
  | { watch: string; size: number; until?: number }
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
  /** Filesystem writes of one period (replayed for skipped periods): [write|append, absolute path, data]. */
  files?: ['write' | 'append', string, string][];
  /** A period writes no file (the container's `ver` stays): what probes see does not change. */
  quiet?: 1;
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
  /** Ports this container's processes listen on (the pod shares one network namespace): "80" (TCP), "53/udp". */
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
  /** CPU used, for top and the HPA: ms of CPU per second of the last 30 s (b[i] is second t-29+i). */
  acct?: { t: number; b: number[] };
  /** Requests answered (for top's load and the servers' own counters). */
  served?: number;
  /** Set while the kubelet's prober waits for this container to change: what it saw (see cri.fingerprint). */
  watch?: string;
  /** An ephemeral container's --target: that container's id and the pid its own pids show above. */
  pidns?: { cid: string; base: number };
  /** Sessions attached from outside (exec): id → pid and pipe ends. */
  sessions?: Record<string, { pid: number; in?: number; out: number; err: number; tty?: 1; notify?: 1 }>;
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
  /** Set when a shell runs the command as its own builtin (echo, printf, test, kill): the shell's dialect. */
  shell?: 'ash' | 'dash' | 'bash';
  /** The pod's network: name resolution, connections, ping (src/runtime/net/). */
  net: NetApi;
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
  /** Until the file at the absolute path no longer has this size (-1: does not exist), as inotify tells tail. */
  | { watch: string; size: number; ms?: number }
  | { forever: true };
export type CmdResult = number | { block: Block };
export type CmdFn = (c: CmdCtx) => CmdResult;

export interface SysApi {
  procs(): Proc[];
  kill(pid: number, sig: number): 'ok' | 'ESRCH' | 'EPERM';
  /** Listen on a port (proto TCP by default; UDP listeners live beside TCP ones on the same number). */
  listen(port: number, proto?: string): 'ok' | 'EADDRINUSE';
  unlisten(port: number, proto?: string): void;
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
  /** Is the fd a terminal (exec -t)? */
  isatty(fd: number): boolean;
  /**
   * Run a child program to its end now (awk's system() and `cmd | getline`, and other synchronous
   * callers): its waits move a private clock, as command substitution does. `stdin` feeds it; `capture`
   * collects its standard output instead of sharing the caller's.
   */
  run?(argv: string[], o?: { stdin?: string; capture?: boolean }): { code: number; out?: string };
  /** Mounts of the container (df, mount): mount point, kind, read-only. */
  mounts(): { at: string; kind: string; ro: boolean; shared?: boolean; file?: boolean }[];
}

// ---------------------------------------------------------------------------------------------- network
export type Proto = 'tcp' | 'udp';
/** Why a connection or a datagram got nowhere; ms: how long the caller waited to learn it. */
export interface NetFail { error: 'refused' | 'timeout' | 'unreachable' | 'reset'; ms: number }
/** A server's answer to what a client sent. close: the server closed the connection after it. */
export interface NetReply {
  data: string; ms: number; close: boolean; from: string;
  /** TLS: who signed the server's certificate. */
  cert?: 'cluster' | 'public';
  /** The container that answered (its id), and until when the same request gets the same answer while it is unchanged. */
  by?: string; until?: number;
}

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'PTR' | 'SOA' | 'NS' | 'TXT' | 'MX' | 'ANY';
/** One resource record; data: the address, target name (with its trailing dot), or SOA fields. */
export interface DnsRR { name: string; type: RRType; ttl: number; data: string; priority?: number; weight?: number; port?: number }
export interface DnsQuestion { name: string; type: RRType }
export interface DnsMsg { rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'; aa: boolean; answer: DnsRR[]; authority: DnsRR[]; additional: DnsRR[] }
/** An answer from one server, or why there was none. */
export type DnsResult = (DnsMsg & { ms: number; server: string }) | { error: 'timeout' | 'refused'; ms: number; server: string };
/** getaddrinfo(3): the addresses and the name that answered (after the search path), or the failure. */
export type LookupResult = { addrs: string[]; canon: string; ms: number } | { error: 'NXDOMAIN' | 'NODATA' | 'TIMEOUT' | 'SERVFAIL'; ms: number };
export interface ResolvConf { nameservers: string[]; search: string[]; ndots: number; timeout: number; attempts: number }

/** What commands see of the pod's network namespace (resolver, sockets, ICMP). */
export interface NetApi {
  /** The pod's own address (its IP; the node's for hostNetwork pods). */
  addr(): string;
  /** /etc/resolv.conf as the resolver reads it. */
  resolvConf(): ResolvConf;
  /** /etc/hosts entries for a name (files first, as nsswitch says). */
  hosts(name: string): string[];
  /** getaddrinfo: /etc/hosts, then DNS over the search path (family 4, 6 or 0 for both). */
  lookup(name: string, o?: { family?: 0 | 4 | 6; noHosts?: boolean }): LookupResult;
  /** One DNS question to one server (nslookup, dig): what it answered. */
  query(server: string, q: DnsQuestion, o?: { port?: number; tcp?: boolean }): DnsResult;
  /** Connect (TCP) or send (UDP) `data` to ip:port and read what comes back. */
  exchange(ip: string, port: number, data: string, o?: { proto?: Proto; tls?: boolean; timeoutMs?: number }): NetReply | NetFail;
  /** A TCP handshake only (nc -z, telnet, tcpSocket probes). */
  connect(ip: string, port: number, o?: { timeoutMs?: number }): { ms: number } | NetFail;
  /** ICMP echo: the round trip, or no answer. */
  ping(ip: string): { ms: number; ttl: number } | NetFail;
  /** Answer from the cluster's DNS zone and upstream (CoreDNS's kubernetes and forward plugins). */
  zone(q: DnsQuestion): DnsMsg;
}

/** A connection (or datagram) arriving at a listening program. */
export interface Incoming {
  /** The bytes sent (a string), or a DNS question for port 53 over UDP. */
  data: string | DnsQuestion;
  /** The client's address as the server sees it. */
  from: string;
  /** The address the client connected to (after kube-proxy's DNAT: the pod's). */
  to: string;
  port: number;
  proto: Proto;
  tls?: boolean;
}
/** What a program answers. exit: the program ends after answering (nc -l). */
export interface Outgoing {
  data: string | DnsMsg;
  close?: boolean;
  /** CPU the request cost (ms), for top and the HPA. */
  cpuMs?: number;
  exit?: number;
  /** Accepted, but nothing comes back (the client waits until its timeout). */
  hang?: boolean;
  /** Answered over TLS, with a certificate signed by the cluster's CA or a public one. */
  tls?: boolean;
  /** The same request gets the same answer until then while the container is unchanged (default: forever;
   *  a server whose answers depend on time or on earlier requests says so). */
  until?: number;
  cert?: 'cluster' | 'public';
}
export type ServeFn = (c: CmdCtx, req: Incoming) => Outgoing;
