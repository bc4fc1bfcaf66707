// kubectl port-forward: real local listeners (loopback by default) whose connections reach a port of a
// simulated pod. Client side as k8s.io/kubectl/pkg/cmd/portforward and client-go's portforward package
// (ports LOCAL:REMOTE, :REMOTE, named ports, a Service's port turned into its target port, --address,
// "Forwarding from …", "Handling connection for …"); each request on a connection is one short step
// (src/kubelet/portforward.ts, shared with kctl serve), no lock is held between them; Ctrl-C ends it with exit code 0.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Runtime } from '../../sim/runtime';
import type { KObject } from '../../api/types';
import type { V1ServicePort } from '../../api/k8s';
import { openSession } from './common';
import { CliError } from '../../api/errors';
import { attachablePod, getTarget } from '../podtarget';
import { durationFlag } from '../goflags';
import { keep } from '../async';

const CMD = 'kctl port-forward';

export function register(program: Command, ctx: VerbContext): void {
  program.command('port-forward')
    .argument('[args...]')
    .option('--address <addresses>', 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value.', (v: string, p?: string[]) => (p ?? []).concat(v.split(',')))
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', '1m0s')
    .action((args: string[], opts: Opts) => { keep(portForward(ctx, args, opts)); });
}

/** The flags as commander parses them. */
interface Opts { address?: string[]; podRunningTimeout: string }

interface Forward { local: number; remote: number }

async function portForward(ctx: VerbContext, args: string[], opts: Opts): Promise<void> {
  const timeoutMs = durationFlag(opts.podRunningTimeout, 'pod-running-timeout', CMD);
  if (args.length < 2) throw new CliError(`TYPE/NAME and list of ports are required for port-forward\nSee '${CMD} -h' for help and examples`);
  const addresses: string[] = opts.address ?? ['localhost'];
  const s = openSession(ctx);
  let podName: string, ns: string, ports: string[];
  try {
    // Complete: the object, the pod it stands for, ports translated for a Service or named in the pod
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = s.step(rt => complete(rt, s.namespace, args[0]!, args.slice(1)));
      if (r) { ({ podName, ns, ports } = r); break; }
      if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
      s.sleep(250);
    }
    // RunPortForward
    const uid = s.step(rt => {
      const { getPod } = require('../podtarget') as typeof import('../podtarget');
      const pod = getPod(rt, ns, podName);
      if (pod.status?.phase !== 'Running') throw new CliError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ''}`);
      return pod.metadata.uid!;
    });
    const listen = parseAddresses(addresses);
    const forwards = parsePorts(ports);
    await forward(ctx, s, listen, forwards, { ns, name: podName!, uid });
  } finally { s.close(); }
}

function complete(rt: Runtime, ns: string, arg: string, portArgs: string[]): { podName: string; ns: string; ports: string[] } | undefined {
  const { ri, obj } = getTarget(rt, ns, arg);
  const t = attachablePod(rt, ns, arg);
  if (!t.pod) return undefined;
  const pod = t.pod;
  let ports: string[];
  if (ri.group === '' && ri.kind === 'Service') {
    checkUDP(portArgs, servicePortProtocols(obj), 'svc', obj, pod);
    ports = portArgs.map(p => {
      let [local, remote] = splitPort(p);
      let num = /^[+-]?\d+$/.test(remote) ? Number(remote) : NaN;
      if (Number.isNaN(num)) {
        const sp = (obj.spec?.ports ?? []).find((x: V1ServicePort) => x.name === remote);
        if (!sp) throw new CliError(`Service '${obj.metadata.name}' does not have a named port '${remote}'`);
        num = sp.port;
        if (local === remote) local = String(num);
      }
      const target = containerPortForServicePort(obj, pod, num);
      remote = String(target);
      return local !== remote ? `${local}:${remote}` : remote;
    });
  } else {
    checkUDP(portArgs, podPortProtocols(pod), 'pod', obj, pod);
    ports = portArgs.map(p => {
      const [local, remote] = splitPort(p);
      if (remote === '') throw new CliError('remote port cannot be empty');
      const n = /^[+-]?\d+$/.test(remote) ? remote : String(namedPort(pod, remote));
      return local !== remote ? `${local}:${n}` : n;
    });
  }
  return { podName: pod.metadata.name!, ns: pod.metadata.namespace!, ports };
}

function splitPort(p: string): [string, string] {
  const parts = p.split(':');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
}
function namedPort(pod: KObject, name: string): number {
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])])
    for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}
function containerPortForServicePort(svc: KObject, pod: KObject, port: number): number {
  for (const sp of svc.spec?.ports ?? []) {
    if (sp.port !== port) continue;
    if (svc.spec?.clusterIP === 'None') return port;
    const tp = sp.targetPort;
    if (tp === undefined || typeof tp === 'number' || /^\d+$/.test(String(tp))) return Number(tp ?? 0) || sp.port;
    return namedPort(pod, String(tp));
  }
  throw new CliError(`Service ${svc.metadata.name} does not have a service port ${port}`);
}
function servicePortProtocols(svc: KObject): Map<number, Set<string>> {
  const m = new Map<number, Set<string>>();
  for (const p of svc.spec?.ports ?? []) { const s = m.get(p.port) ?? new Set(); s.add(p.protocol ?? 'TCP'); m.set(p.port, s); }
  return m;
}
function podPortProtocols(pod: KObject): Map<number, Set<string>> {
  const m = new Map<number, Set<string>>();
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) { const s = m.get(p.containerPort) ?? new Set(); s.add(p.protocol ?? 'TCP'); m.set(p.containerPort, s); }
  return m;
}
/** kubectl refuses ports only served over UDP (port-forward carries TCP). */
function checkUDP(portArgs: string[], protos: Map<number, Set<string>>, kind: 'svc' | 'pod', obj: KObject, pod: KObject): void {
  for (const p of portArgs) {
    const [, remote] = splitPort(p);
    let num = /^[+-]?\d+$/.test(remote) ? Number(remote) : NaN;
    if (Number.isNaN(num)) {
      if (kind === 'svc') {
        const sp = (obj.spec?.ports ?? []).find((x: V1ServicePort) => x.name === remote);
        if (!sp) throw new CliError(`Service '${obj.metadata.name}' does not have a named port '${remote}'`);
        num = sp.port;
      } else num = namedPort(pod, remote);
    }
    const s = protos.get(num);
    if (s && s.has('UDP') && !s.has('TCP')) throw new CliError(`UDP protocol is not supported for ${remote}`);
  }
}

// ------------------------------------------------------------------------------ client-go's portforward
interface ListenAddress { address: string; family: 4 | 6; failureMode: 'all' | 'any' }
function parseAddresses(list: string[]): ListenAddress[] {
  const net = require('node:net') as typeof import('node:net');
  const parsed = new Map<string, ListenAddress>();
  for (const a of list) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', family: 4, failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', family: 6, failureMode: 'all' });
    } else if (net.isIPv4(a)) parsed.set(a, { address: a, family: 4, failureMode: 'any' });
    else if (net.isIPv6(a)) parsed.set(a, { address: a, family: 6, failureMode: 'any' });
    else throw new CliError(`${a} is not a valid IP`);
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}
function parsePorts(ports: string[]): Forward[] {
  const uint16 = (s: string, what: string) => {
    if (!/^\d+$/.test(s)) throw new CliError(`error parsing ${what} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
    const n = Number(s);
    if (n > 65535) throw new CliError(`error parsing ${what} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
    return n;
  };
  return ports.map(p => {
    const parts = p.split(':');
    let local: string, remote: string;
    if (parts.length === 1) local = remote = parts[0]!;
    else if (parts.length === 2) { local = parts[0] || '0'; remote = parts[1]!; }
    else throw new CliError(`invalid port format '${p}'`);
    const l = uint16(local, 'local'), r = uint16(remote, 'remote');
    if (r === 0) throw new CliError('remote port must be > 0');
    return { local: l, remote: r };
  });
}

const hostPort = (addr: string, port: number) => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);

async function forward(ctx: VerbContext, s: import('../session').Session, addrs: ListenAddress[], forwards: Forward[], pod: { ns: string; name: string; uid: string }): Promise<void> {
  const net = require('node:net') as typeof import('node:net');
  const { writeFd } = require('../stream') as typeof import('../stream');
  const servers: import('node:net').Server[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let stop!: (e?: unknown) => void;
  const done = new Promise<void>((res, rej) => { stop = (e?: unknown) => (e ? rej(e) : res()); });
  const listenOne = (addr: ListenAddress, f: Forward) => new Promise<string | undefined>(resolve => {
    const srv = net.createServer({ allowHalfOpen: true }, sock => handle(sock, f));
    srv.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? 'bind: address already in use' : e.code === 'EADDRNOTAVAIL' ? 'bind: cannot assign requested address' : e.code === 'EACCES' ? 'bind: permission denied' : e.message;
      resolve(`unable to create listener: Error listen tcp${addr.family} ${hostPort(addr.address, f.local)}: ${why}`);
    });
    srv.listen({ host: addr.address, port: f.local, ipv6Only: addr.family === 6, exclusive: true }, () => {
      const a = srv.address() as import('node:net').AddressInfo;
      f.local = a.port;
      servers.push(srv);
      writeFd(1, `Forwarding from ${hostPort(addr.address, a.port)} -> ${f.remote}\n`);
      resolve(undefined);
    });
  });
  let any = false;
  for (const f of forwards) {
    const errors: string[] = [];
    const fail = { all: 0, any: 0 }, ok = { all: 0, any: 0 };
    for (const a of addrs) {
      const err = await listenOne(a, f);
      if (err) { errors.push(err); fail[a.failureMode]++; } else ok[a.failureMode]++;
    }
    const bad = (ok.all === 0 && fail.all > 0) || fail.any > 0;
    if (bad) writeFd(2, `Unable to listen on port ${f.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
    else any = true;
  }
  if (!any) {
    for (const srv of servers) srv.close();
    throw new CliError(`unable to listen on any of the requested ports: [${forwards.map(f => `{${f.local} ${f.remote}}`).join(' ')}]`);
  }
  const onInt = () => stop();
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onInt);

  /** One local connection: containerd's dial, then its requests, each answered in one step. */
  function handle(sock: import('node:net').Socket, f: Forward): void {
    writeFd(1, `Handling connection for ${f.local}\n`);
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    const { Forwarding } = require('../../kubelet/portforward') as typeof import('../../kubelet/portforward');
    const conn = new Forwarding(fn => s.step(fn), pod, f.remote, {
      data: b => { sock.write(b); },
      end: () => { sock.end(); },
      // containerd could not connect inside the pod: kubectl reports it and the forwarding ends
      failed: message => {
        writeFd(2, `${klogPrefix()} portforward.go:424] "Unhandled Error" err=${JSON.stringify(`an error occurred forwarding ${f.local} -> ${f.remote}: ${message}`)}\n`);
        sock.destroy();
        stop(new CliError('lost connection to pod'));
      },
      gone: () => { sock.destroy(); stop(new CliError('lost connection to pod')); },
      broken: e => { sock.destroy(); stop(e); },
    });
    sock.on('data', (d: Buffer) => conn.push(d));
    sock.on('end', () => conn.finish());
    sock.on('close', () => conn.close());
    sock.on('error', () => { /* the client went away */ });
    conn.open();
  }

  try {
    await done;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onInt);
    for (const srv of servers) srv.close();
    for (const sock of sockets) sock.destroy();
    void ctx;
  }
}

/** klog's header: E, MMDD hh:mm:ss.uuuuuu, pid. */
function klogPrefix(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `E${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)}`;
}
