// The simulated network: what a packet from a pod to (address, port) reaches, as kindnet's routes and
// kube-proxy's iptables rules (kind's default proxy mode) would decide it, and the answer of the program
// listening there. Nothing is opened on the host: a request is a synchronous call at the current instant.
//   127.0.0.0/8, ::1, the pod's own IP   the pod's network namespace: every container's listeners
//   Service ClusterIPs (10.96.0.0/12)    DNAT to one ready endpoint (random, or ClientIP affinity), targetPort
//                                        from the EndpointSlice; no endpoints: REJECT (refused); an
//                                        unknown port: no rule, the packet is lost (timeout)
//   node InternalIPs                     NodePorts, hostPorts, then hostNetwork pods' listeners
//   LoadBalancer ingress IPs, externalIPs  the Service's port, as a NodePort would
//   pod IPs (a node's podCIDR)           that pod's listeners; an unused address: no route to host
//   172.18.0.1                           the kind network's gateway: Docker's DNS for the node resolver
//   everything else                      no internet: a few well-known hosts answer (internet.json)
// Requests that reach another container first bring it to now (ContainerRuntime.bringToNow, unlazy) and
// mark the client's box shared. Load-balancing draws from the cluster's seeded rng.
import type { Runtime } from '../../sim/runtime';
import type { KObject } from '../../api/types';
import type { DiscoveryV1EndpointPort, V1LoadBalancerIngress, V1NodeAddress, V1ServicePort } from '../../api/k8s';
import { byGroupResource } from '../../api/discovery';
import { apiDnsView, CLUSTER_DOMAIN } from '../../api/dns';
import type { Box } from '../kernel';
import { portKey } from '../kernel';
import type { NetApi, NetFail, NetReply, DnsMsg, DnsQuestion, DnsResult, LookupResult, ResolvConf, Proto, Incoming, Outgoing, DnsRR } from '../types';
import { server } from '../userland';
import { parseResolvConf, candidates, hostsEntries, isIP, isIPv4, zoneAnswer, upstreamAnswer, ZoneView, UPSTREAM_DNS, INTERNET, internetHostByIP, InternetHost } from './dns';
import { parseRequest, formatResponse, httpDate, HttpResponse, byteLength } from './http';

/** Linux gives up a TCP connect after 6 SYN retries (1+2+4+8+16+32+64 s) plus a little. */
export const KERNEL_CONNECT_TIMEOUT = 130_000;
/** ARP fails after 3 tries a second apart: "No route to host". */
export const NO_ROUTE_MS = 3_070;
/** Wait forever (a listener that never answers, and no timeout asked for). */
export const FOREVER = -1;

/** Where a packet comes from. */
export interface Src {
  ip: string;
  /** The pod whose network namespace it leaves (undefined for the kubelet on a node). */
  pod?: { ns: string; name: string; uid: string };
  node: string;
  hostNetwork: boolean;
  box?: Box;
  /** The kubelet probing a pod: its own view of that pod (the status it is about to write, IP included). */
  probed?: KObject;
}

/** Where it goes. */
export type Route =
  | { t: 'boxes'; boxes: () => Box[]; to: string; port: number; from: string; pod?: KObject }
  | { t: 'fail'; error: NetFail['error']; ms?: number }
  | { t: 'upstream' }
  | { t: 'internet'; name: string; host: InternetHost; from: string };

/** What the network needs from its world (a cluster, or the harness's lone container). */
export interface Fabric {
  now(): number;
  random(): number;
  route(src: Src, ip: string, port: number, proto: Proto): Route;
  /** Bring a box to now before it serves (and stop treating it as a repeating loop). */
  wake(box: Box): void;
  /** After a box served: run what it started and re-arm its timer. */
  settle(box: Box): void;
  zoneView(): ZoneView;
  /** The kind node containers (Docker's DNS knows them by name). */
  nodes(): { name: string; ip: string }[];
  /** ICMP: who answers an echo from src, with what TTL and round trip (undefined: nobody). */
  icmp(src: Src, ip: string): { ttl: number; ms: number } | undefined;
}

// ------------------------------------------------------------------------------------------ delivering
const inFlight = new Set<Box>();

/** The listening process for port/proto among boxes (brought to now first), if any. */
function listener(fab: Fabric, boxes: Box[], port: number, proto: Proto, self?: Box): { box: Box; pid: number } | undefined {
  const key = portKey(port, proto);
  for (const b of boxes) {
    if (b.s.dead) continue;
    // a container is brought to now only when it may have to answer: it listens on the port (a repeating
    // lazy loop listens on what it listened on), or a wake of it is due that could change its listeners
    const free = b !== self && !inFlight.has(b);
    const due = free && !b.s.lazy && (b.nextWake() ?? Infinity) <= fab.now();
    if (due) fab.wake(b);
    if (!b.s.ports[key]) continue;
    if (free && !due) fab.wake(b);
    const l = b.s.ports[key];
    if (!l) continue;
    const p = b.s.procs[l.pid];
    if (p && p.st !== 'Z') return { box: b, pid: l.pid };
  }
  return undefined;
}

/** Hand a connection's data to the program listening on it and take its answer. */
export function deliver(fab: Fabric, target: { box: Box; pid: number }, inc: Incoming, self?: Box): Outgoing {
  const { box, pid } = target;
  const p = box.s.procs[pid]!;
  const fn = p.prog.k === 'cmd' ? server(p.prog.name) : undefined;
  if (!fn) return { data: '', hang: true };
  const nested = inFlight.has(box) || box === self;
  inFlight.add(box);
  let out: Outgoing;
  try {
    box.unlazy();
    const c = box.cmdCtx(p, p.argv, (p.prog as { st: Record<string, unknown> }).st, p.env);
    out = fn(c, inc);
    box.s.served = (box.s.served ?? 0) + 1;
    box.chargeCpu(out.cpuMs ?? 0.2);
    box.dirty = true;
    if (out.exit !== undefined && p.st !== 'Z') box.exitProc(p, out.exit);
  } finally {
    if (!nested) inFlight.delete(box);
  }
  if (!nested) fab.settle(box);
  return out;
}

// ------------------------------------------------------------------------------------------ the stack
/** A container's (or the kubelet's) view of the network: the NetApi commands use. */
export class Stack implements NetApi {
  constructor(private fab: Fabric, private src: Src) {}

  private touch(): void { this.src.box?.shared(); }
  private file(path: string): string {
    const box = this.src.box;
    if (!box) return '';
    try { return box.fs.readFile(path); } catch { return ''; }
  }

  addr(): string { return this.src.ip; }
  resolvConf(): ResolvConf { return parseResolvConf(this.file('/etc/resolv.conf'), this.src.box?.pod.hostname ?? ''); }
  hosts(name: string): string[] { return hostsEntries(this.file('/etc/hosts'), name); }

  lookup(name: string, o: { family?: 0 | 4 | 6; noHosts?: boolean } = {}): LookupResult {
    const fam = o.family ?? 0;
    const n = name.replace(/^\[|\]$/g, '');
    if (isIP(n)) return { addrs: [n], canon: n, ms: 0 };
    if (!n) return { error: 'NXDOMAIN', ms: 0 };
    if (!o.noHosts) {
      const h = this.hosts(n).filter(a => fam === 0 || (fam === 4 ? isIPv4(a) : !isIPv4(a)));
      if (h.length) {
        // glibc's RFC 3484 sort puts ::1 before 127.0.0.1
        h.sort((a, b) => (a === '::1' ? -1 : b === '::1' ? 1 : 0));
        return { addrs: h, canon: n, ms: 0 };
      }
    }
    this.touch();
    const rc = this.resolvConf();
    if (!rc.nameservers.length) rc.nameservers.push('127.0.0.1');
    let ms = 0;
    let last: 'NXDOMAIN' | 'NODATA' | 'TIMEOUT' | 'SERVFAIL' = 'NXDOMAIN';
    const types: ('A' | 'AAAA')[] = fam === 4 ? ['A'] : fam === 6 ? ['AAAA'] : ['A', 'AAAA'];
    for (const cand of candidates(n, rc)) {
      const addrs: string[] = [];
      let exists = false, failed = false;
      for (const t of types) {
        const r = this.ask(rc, { name: cand, type: t });
        ms += r.ms;
        if ('error' in r) { failed = true; break; }
        if (r.rcode === 'NOERROR') exists = true;
        if (r.rcode === 'SERVFAIL') last = 'SERVFAIL';
        for (const rr of r.answer) if (rr.type === t) addrs.push(rr.data);
      }
      if (failed) return { error: 'TIMEOUT', ms };
      if (addrs.length) return { addrs: [...new Set(addrs)], canon: cand, ms };
      if (exists) last = 'NODATA';
    }
    return { error: last, ms };
  }

  /** One question to the resolver's servers in turn (timeout × attempts each), as res_send does. */
  private ask(rc: ResolvConf, q: DnsQuestion): DnsResult {
    let ms = 0;
    let lastErr: DnsResult | undefined;
    for (let a = 0; a < rc.attempts; a++) {
      for (const ns of rc.nameservers) {
        const r = this.query(ns, q, { timeoutMs: rc.timeout * 1000 });
        ms += r.ms;
        if (!('error' in r)) return { ...r, ms };
        lastErr = r;
      }
    }
    return { ...(lastErr as { error: 'timeout' | 'refused'; server: string }), ms };
  }

  query(serverAddr: string, q: DnsQuestion, o: { port?: number; tcp?: boolean; timeoutMs?: number } = {}): DnsResult {
    this.touch();
    const port = o.port ?? 53;
    const wait = o.timeoutMs ?? 5000;
    const r = this.fab.route(this.src, serverAddr, port, o.tcp ? 'tcp' : 'udp');
    if (r.t === 'upstream') return { ...upstreamAnswer(q, this.fab.nodes()), ms: 0, server: serverAddr };
    if (r.t === 'internet' || (r.t === 'fail' && r.error !== 'refused')) return { error: 'timeout', ms: wait, server: serverAddr };
    if (r.t === 'fail') return { error: 'refused', ms: 0, server: serverAddr };
    const l = listener(this.fab, r.boxes(), r.port, 'udp', this.src.box);
    if (!l) return { error: 'refused', ms: 0, server: serverAddr };
    const out = deliver(this.fab, l, { data: q, from: r.from, to: r.to, port: r.port, proto: 'udp' }, this.src.box);
    if (out.hang || typeof out.data === 'string') return { error: 'timeout', ms: wait, server: serverAddr };
    return { ...(out.data as DnsMsg), ms: 0, server: serverAddr };
  }

  zone(q: DnsQuestion): DnsMsg {
    const z = zoneAnswer(q, this.fab.zoneView());
    if (!z) return upstreamAnswer(q, this.fab.nodes());
    // an ExternalName's CNAME: CoreDNS looks the target up too
    const cname = z.answer.find(r => r.type === 'CNAME');
    if (cname && (q.type === 'A' || q.type === 'AAAA')) {
      const up = upstreamAnswer({ name: cname.data, type: q.type }, this.fab.nodes());
      z.answer.push(...up.answer);
    }
    return z;
  }

  exchange(ip: string, port: number, data: string, o: { proto?: Proto; tls?: boolean; timeoutMs?: number } = {}): NetReply | NetFail {
    this.touch();
    const proto = o.proto ?? 'tcp';
    const wait = o.timeoutMs ?? (proto === 'tcp' ? KERNEL_CONNECT_TIMEOUT : FOREVER);
    const r = this.fab.route(this.src, ip, port, proto);
    if (r.t === 'fail') return failure(r, wait);
    if (r.t === 'upstream') return proto === 'udp' ? { error: 'timeout', ms: wait } : { error: 'refused', ms: 0 };
    if (r.t === 'internet') return internetServe(r, port, data, !!o.tls, this.fab.now(), wait);
    const l = listener(this.fab, r.boxes(), r.port, proto, this.src.box);
    if (!l) return proto === 'udp' ? { error: 'refused', ms: 0 } : { error: 'refused', ms: 0 };
    const out = deliver(this.fab, l, { data, from: r.from, to: r.to, port: r.port, proto, ...(o.tls ? { tls: true } : {}) }, this.src.box);
    if (out.hang) return { error: 'timeout', ms: o.timeoutMs ?? FOREVER };
    if (o.tls && !out.tls) return { error: 'reset', ms: 0 };
    return { data: typeof out.data === 'string' ? out.data : '', ms: 0, close: out.close ?? true, from: r.to, by: l.box.s.id, ...(out.until !== undefined ? { until: out.until } : {}), ...(o.tls ? { cert: out.cert ?? 'cluster' } : {}) };
  }

  connect(ip: string, port: number, o: { timeoutMs?: number } = {}): { ms: number } | NetFail {
    this.touch();
    const wait = o.timeoutMs ?? KERNEL_CONNECT_TIMEOUT;
    const r = this.fab.route(this.src, ip, port, 'tcp');
    if (r.t === 'fail') return failure(r, wait);
    if (r.t === 'upstream') return { error: 'refused', ms: 0 };
    if (r.t === 'internet') return port === 80 || port === 443 ? { ms: 0 } : { error: 'timeout', ms: wait };
    const l = listener(this.fab, r.boxes(), r.port, 'tcp', this.src.box);
    return l ? { ms: 0 } : { error: 'refused', ms: 0 };
  }

  ping(ip: string): { ms: number; ttl: number } | NetFail {
    this.touch();
    const r = this.fab.icmp(this.src, ip);
    return r ?? { error: 'timeout', ms: 0 };
  }
}

function failure(r: { error: NetFail['error']; ms?: number }, wait: number): NetFail {
  if (r.error === 'timeout') return { error: 'timeout', ms: wait };
  if (r.error === 'unreachable') return wait >= 0 && wait < NO_ROUTE_MS ? { error: 'timeout', ms: wait } : { error: 'unreachable', ms: NO_ROUTE_MS };
  return { error: r.error, ms: r.ms ?? 0 };
}

/** The few internet hosts: their front pages over HTTP (and HTTPS, as if the handshake went fine). */
function internetServe(r: { name: string; host: InternetHost }, port: number, data: string, tls: boolean, now: number, wait: number): NetReply | NetFail {
  if (port !== 80 && port !== 443) return { error: 'timeout', ms: wait };
  const req = parseRequest(data);
  if (!req || req === 'bad') return { data: '', ms: 0, close: true, from: r.host.ip };
  const page = r.host.pages[req.path];
  const base: [string, string][] = [['Date', httpDate(now)], ...(r.host.server ? [['Server', r.host.server] as [string, string]] : [])];
  let res: HttpResponse;
  if (page) {
    res = { status: 200, headers: [...base, ['Last-Modified', page.lastModified], ['ETag', page.etag], ['Accept-Ranges', 'bytes'], ['Content-Length', String(byteLength(page.body))], ['Connection', 'close'], ['Content-Type', page.type]], body: page.body };
  } else {
    const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n`;
    res = { status: 404, headers: [...base, ['Content-Length', String(byteLength(body))], ['Connection', 'close'], ['Content-Type', 'text/html; charset=iso-8859-1']], body };
  }
  return { data: formatResponse(res, req.method === 'HEAD'), ms: 0, close: true, from: r.host.ip, ...(tls ? { cert: 'public' as const } : {}) };
}

// ------------------------------------------------------------------------------------------ the cluster
const podRi = () => byGroupResource('', 'pods')!;
const svcRi = () => byGroupResource('', 'services')!;
const nodeRi = () => byGroupResource('', 'nodes')!;
const epsRi = () => byGroupResource('discovery.k8s.io', 'endpointslices')!;

const ipNum = (ip: string) => ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (!isIPv4(ip) || !base || !isIPv4(base)) return false;
  const n = Number(bits ?? 32);
  const size = 2 ** (32 - n);
  return Math.floor(ipNum(ip) / size) === Math.floor(ipNum(base) / size);
}
const isLoopback = (ip: string) => ip === '::1' || ip === '0.0.0.0' || ip === '::' || /^127\./.test(ip);

interface NodeInfo { name: string; ip: string; cidr: string; gw: string }
interface SvcEndpoint { ip: string; port: number; node?: string; pod?: { ns: string; name: string }; ready: boolean; serving: boolean; terminating: boolean }

/** The cluster's network for one step (caches live as long as the step's Runtime). */
export class ClusterNet implements Fabric {
  private nodeCache?: NodeInfo[];
  private svcIndex?: { ips: Map<string, string>; nodePorts: Map<string, string> };
  private stacks = new WeakMap<Box, Stack>();
  private memo = new Map<string, unknown>();
  private memoRv = -1;

  /** API reads for routing, kept while nothing in the API has changed (the store's resourceVersion). */
  private cached<T>(key: string, fn: () => T): T {
    const rv = this.rt.store.currentRV();
    if (rv !== this.memoRv) { this.memo.clear(); this.memoRv = rv; }
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = fn();
    this.memo.set(key, v);
    return v;
  }
  private pod(ns: string, name: string): KObject | undefined { return this.cached(`pod/${ns}/${name}`, () => this.rt.api.tryGet(podRi(), ns, name)); }

  static of(rt: Runtime): ClusterNet {
    let n = rt.ext.get('net') as ClusterNet | undefined;
    if (!n) { n = new ClusterNet(rt); rt.ext.set('net', n); }
    return n;
  }
  private constructor(public rt: Runtime) {}

  private get cri() {
    // required lazily: cri.ts imports this module's users
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require('../cri') as typeof import('../cri')).ContainerRuntime.of(this.rt);
  }

  now(): number { return this.rt.clock.now(); }
  random(): number { return this.rt.rng.next(); }

  /** The NetApi of a container's processes. */
  /** A container's network (kept for the step); `asStarted`: the pod as the kubelet had it when it started
   *  the container (an adopted container's pod, as it was then), instead of the stored one. */
  stackFor(box: Box, asStarted?: KObject): Stack {
    let s = this.stacks.get(box);
    if (!s) {
      const pod = asStarted ?? this.rt.api.tryGet(podRi(), box.pod.ns, box.pod.name);
      const hostNetwork = !!pod?.spec?.hostNetwork;
      // the kubelet starts the first containers before the pod's status carries its IP: /etc/hosts has it
      const ip = pod?.status?.podIP || box.pod.ip || hostsIP(box) || '';
      s = new Stack(this, { ip, pod: { ns: box.pod.ns, name: box.pod.name, uid: box.pod.uid }, node: pod?.spec?.nodeName ?? box.pod.node, hostNetwork, box });
      this.stacks.set(box, s);
    }
    return s;
  }
  /** The kubelet's view of a pod (probes): it connects from its node, to the pod's IP. */
  kubeletStack(pod: KObject): Stack {
    const node = this.nodes().find(n => n.name === pod.spec?.nodeName);
    const ip = pod.spec?.hostNetwork ? node?.ip ?? '' : node?.gw ?? '';
    return new Stack(this, { ip, node: pod.spec?.nodeName ?? '', hostNetwork: true, probed: pod });
  }

  wake(box: Box): void { this.cri.bringToNow(box); box.unlazy(); }
  settle(box: Box): void { box.run(this.now()); this.cri.afterRun(box); }

  nodes(): NodeInfo[] {
    if (!this.nodeCache) {
      this.nodeCache = this.rt.api.list(nodeRi(), undefined).map(n => {
        const cidr: string = n.spec?.podCIDR ?? '';
        const gw = cidr ? cidr.split('/')[0]!.replace(/\.\d+$/, '.1') : '';
        return { name: n.metadata.name!, ip: (n.status?.addresses ?? []).find((a: V1NodeAddress) => a.type === 'InternalIP')?.address ?? '', cidr, gw };
      });
    }
    return this.nodeCache;
  }

  zoneView(): ZoneView {
    const api = this.rt.api;
    const base = apiDnsView(api);
    const rt = this.rt;
    return {
      service: (ns, name) => this.cached(`svc/${ns}/${name}`, () => base.service(ns, name)),
      services: ns => base.services(ns),
      endpointSlices: (ns, name) => this.cached(`eps/${ns}/${name}`, () => base.endpointSlices(ns, name)),
      reverse: (ip: string) => {
        const out: string[] = [];
        for (const s of api.list(svcRi(), undefined)) {
          const ips: string[] = s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : []);
          if (ips.includes(ip)) out.push(`${s.metadata.name}.${s.metadata.namespace}.svc.${CLUSTER_DOMAIN}`);
        }
        if (out.length) return out;
        for (const sl of api.list(epsRi(), undefined)) {
          const svc = sl.metadata.labels?.['kubernetes.io/service-name'];
          if (!svc) continue;
          for (const e of sl.endpoints ?? []) if ((e.addresses ?? []).includes(ip))
            out.push(`${e.hostname || ip.replace(/\./g, '-')}.${svc}.${sl.metadata.namespace}.svc.${CLUSTER_DOMAIN}`);
        }
        return [...new Set(out)];
      },
      serial: () => Math.floor(rt.clock.now() / 1000),
    };
  }

  // -------------------------------------------------------------------- routing
  private index(): { ips: Map<string, string>; nodePorts: Map<string, string> } {
    if (!this.svcIndex) {
      const ips = new Map<string, string>(), nodePorts = new Map<string, string>();
      for (const s of this.rt.api.list(svcRi(), undefined)) {
        const key = `${s.metadata.namespace}/${s.metadata.name}`;
        const sp = s.spec ?? {};
        for (const ip of [...(sp.clusterIPs ?? (sp.clusterIP ? [sp.clusterIP] : [])), ...(sp.externalIPs ?? [])]) if (ip && ip !== 'None') ips.set(ip, key);
        for (const ing of s.status?.loadBalancer?.ingress ?? []) if (ing.ip) ips.set(ing.ip, key);
        for (const p of sp.ports ?? []) if (p.nodePort) nodePorts.set(`${p.nodePort}/${String(p.protocol ?? 'TCP').toLowerCase()}`, key);
      }
      this.svcIndex = { ips, nodePorts };
    }
    return this.svcIndex;
  }
  private service(key: string | undefined): KObject | undefined {
    if (!key) return undefined;
    const [ns, name] = key.split('/');
    return this.cached(`svc/${ns}/${name}`, () => this.rt.api.tryGet(svcRi(), ns, name!));
  }
  /** The Service behind an address (verified against the live object; the index is rebuilt once when stale). */
  private serviceByIP(ip: string): KObject | undefined {
    const owns = (s: KObject | undefined) => !!s && ([...(s.spec?.clusterIPs ?? [s.spec?.clusterIP]), ...(s.spec?.externalIPs ?? [])].includes(ip) || (s.status?.loadBalancer?.ingress ?? []).some((i: V1LoadBalancerIngress) => i.ip === ip));
    let s = this.service(this.index().ips.get(ip));
    if (owns(s)) return s;
    this.svcIndex = undefined;
    s = this.service(this.index().ips.get(ip));
    return owns(s) ? s : undefined;
  }
  private serviceByNodePort(port: number, proto: Proto): KObject | undefined {
    const k = `${port}/${proto}`;
    const owns = (s: KObject | undefined) => !!s && (s.spec?.ports ?? []).some((p: V1ServicePort) => p.nodePort === port && String(p.protocol ?? 'TCP').toLowerCase() === proto);
    let s = this.service(this.index().nodePorts.get(k));
    if (owns(s)) return s;
    this.svcIndex = undefined;
    s = this.service(this.index().nodePorts.get(k));
    return owns(s) ? s : undefined;
  }

  private podByIP(ip: string): KObject | undefined {
    const node = this.nodes().find(n => n.cidr && inCidr(ip, n.cidr));
    if (!node) return undefined;
    return this.cached(`podip/${ip}`, () => this.rt.api.podsOnNode(node.name).find(p => p.status?.podIP === ip && !p.spec?.hostNetwork && !isFinished(p)));
  }

  /** The running containers of a pod (its network namespace). */
  podBoxes(pod: KObject): Box[] {
    const out: Box[] = [];
    const uid = pod.metadata.uid!;
    for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])]) {
      if (!cs.state?.running || !cs.containerID) continue;
      const b = this.cri.box(uid, String(cs.containerID).replace(/^containerd:\/\//, ''));
      if (b && !b.s.dead) out.push(b);
    }
    return out;
  }
  private nodeBoxes(node: string): Box[] {
    return this.rt.api.podsOnNode(node).filter(p => p.spec?.hostNetwork && !isFinished(p)).flatMap(p => this.podBoxes(p));
  }
  private srcBoxes(src: Src): Box[] {
    if (src.hostNetwork || !src.pod) return this.nodeBoxes(src.node);
    const pod = this.pod(src.pod.ns, src.pod.name);
    return pod && pod.metadata.uid === src.pod.uid ? this.podBoxes(pod) : src.box ? [src.box] : [];
  }

  route(src: Src, ip: string, port: number, proto: Proto): Route {
    if (isLoopback(ip) || (ip === src.ip && ip)) return { t: 'boxes', boxes: () => this.srcBoxes(src), to: isLoopback(ip) ? (ip === '::' ? '::1' : ip === '0.0.0.0' ? '127.0.0.1' : ip) : ip, port, from: isLoopback(ip) ? (ip === '::1' || ip === '::' ? '::1' : '127.0.0.1') : src.ip };
    if (ip === UPSTREAM_DNS) return port === 53 ? { t: 'upstream' } : { t: 'fail', error: 'refused' };
    const nodes = this.nodes();
    const node = nodes.find(n => n.ip === ip || n.gw === ip);
    if (node) return this.toNode(src, node, ip, port, proto);
    const svc = this.serviceByIP(ip);
    if (svc) {
      const viaLB = (svc.status?.loadBalancer?.ingress ?? []).some((i: V1LoadBalancerIngress) => i.ip === ip) || (svc.spec?.externalIPs ?? []).includes(ip);
      return this.toService(src, svc, port, proto, viaLB ? 'external' : 'cluster');
    }
    if (nodes.some(n => n.cidr && inCidr(ip, n.cidr))) {
      const pod = (src.probed?.status?.podIP === ip && !src.probed.spec?.hostNetwork ? src.probed : undefined) ?? this.podByIP(ip);
      if (!pod) return { t: 'fail', error: 'unreachable' };
      return { t: 'boxes', boxes: () => this.podBoxes(pod), to: ip, port, from: src.ip, pod };
    }
    const ext = internetHostByIP(ip);
    if (ext) return { t: 'internet', name: ext[0], host: ext[1], from: src.ip };
    return { t: 'fail', error: 'timeout' };
  }

  private toNode(src: Src, node: NodeInfo, ip: string, port: number, proto: Proto): Route {
    const svc = this.serviceByNodePort(port, proto);
    if (svc) return this.toService(src, svc, port, proto, 'nodeport', node);
    for (const p of this.rt.api.podsOnNode(node.name)) {
      if (p.spec?.hostNetwork || isFinished(p) || !p.status?.podIP) continue;
      for (const c of p.spec?.containers ?? []) for (const cp of c.ports ?? [])
        if (cp.hostPort === port && String(cp.protocol ?? 'TCP').toLowerCase() === proto)
          return { t: 'boxes', boxes: () => this.podBoxes(p), to: p.status.podIP, port: cp.containerPort, from: src.node === node.name ? node.gw : src.ip, pod: p };
    }
    void ip;
    return { t: 'boxes', boxes: () => this.nodeBoxes(node.name), to: node.ip, port, from: src.ip };
  }

  /** kube-proxy: a Service's port → one endpoint. */
  private toService(src: Src, svc: KObject, port: number, proto: Proto, via: 'cluster' | 'external' | 'nodeport', node?: NodeInfo): Route {
    const sp = (svc.spec?.ports ?? []).find((p: V1ServicePort) => (via === 'nodeport' ? p.nodePort : p.port) === port && String(p.protocol ?? 'TCP').toLowerCase() === proto);
    if (!sp) return { t: 'fail', error: 'timeout' };
    let eps = this.endpoints(svc, sp);
    const local = via === 'cluster' ? svc.spec?.internalTrafficPolicy === 'Local' : svc.spec?.externalTrafficPolicy === 'Local';
    if (!eps.length) return { t: 'fail', error: 'refused' };
    const here = via === 'nodeport' ? node!.name : via === 'cluster' ? src.node : undefined;
    if (local && here) { eps = eps.filter(e => e.node === here); if (!eps.length) return { t: 'fail', error: 'timeout' }; }
    const ready = eps.filter(e => e.ready);
    const pool = ready.length ? ready : eps.filter(e => e.serving && e.terminating);
    if (!pool.length) return { t: 'fail', error: 'refused' };
    const ep = this.pick(svc, sp, pool, src.ip);
    const pod = ep.pod ? this.pod(ep.pod.ns, ep.pod.name) : this.podByIP(ep.ip);
    const nodes = this.nodes();
    const epNode = nodes.find(n => n.name === (ep.node ?? pod?.spec?.nodeName));
    // the source kube-proxy shows the endpoint: hairpin and NodePort traffic is masqueraded
    let from = src.ip;
    if (via === 'cluster' && ep.ip === src.ip) from = epNode?.gw ?? src.ip;
    if (via !== 'cluster' && !local) from = epNode && epNode.name === (node?.name ?? src.node) ? epNode.gw : (node?.ip ?? src.ip);
    if (!pod) {
      // an endpoint that is not a pod (the kubernetes Service: the API server on the control plane)
      const n = nodes.find(x => x.ip === ep.ip);
      if (n) return { t: 'boxes', boxes: () => this.nodeBoxes(n.name), to: ep.ip, port: ep.port, from };
      return { t: 'fail', error: 'timeout' };
    }
    const boxes = pod.spec?.hostNetwork ? () => this.nodeBoxes(pod.spec.nodeName) : () => this.podBoxes(pod);
    return { t: 'boxes', boxes, to: ep.ip, port: ep.port, from, pod };
  }

  private endpoints(svc: KObject, sp: V1ServicePort): SvcEndpoint[] {
    return this.cached(`ep/${svc.metadata.uid}/${sp.name ?? ''}/${sp.protocol ?? 'TCP'}`, () => this.readEndpoints(svc, sp));
  }
  private readEndpoints(svc: KObject, sp: V1ServicePort): SvcEndpoint[] {
    const out: SvcEndpoint[] = [];
    const name = sp.name ?? '';
    const proto = sp.protocol ?? 'TCP';
    for (const sl of this.rt.api.list(epsRi(), svc.metadata.namespace)) {
      if (sl.metadata.labels?.['kubernetes.io/service-name'] !== svc.metadata.name) continue;
      if (sl.addressType && sl.addressType !== 'IPv4') continue;
      const p = (sl.ports ?? []).find((x: DiscoveryV1EndpointPort) => (x.name ?? '') === name && (x.protocol ?? 'TCP') === proto);
      if (!p || !p.port) continue;
      for (const e of sl.endpoints ?? []) {
        const c = e.conditions ?? {};
        const ready = c.ready !== false;
        for (const ip of e.addresses ?? []) out.push({
          ip, port: p.port, node: e.nodeName, ready, serving: c.serving ?? ready, terminating: !!c.terminating,
          ...(e.targetRef?.kind === 'Pod' ? { pod: { ns: e.targetRef.namespace ?? svc.metadata.namespace, name: e.targetRef.name } } : {}),
        });
      }
    }
    return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  }

  /** iptables' statistic --mode random over the endpoints, or the `recent` table for ClientIP affinity. */
  private pick(svc: KObject, sp: V1ServicePort, pool: SvcEndpoint[], client: string): SvcEndpoint {
    if (svc.spec?.sessionAffinity === 'ClientIP') {
      const timeout = (svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) * 1000;
      const store = this.rt.store;
      let table: Record<string, [string, number]> = {};
      try { table = JSON.parse(store.getMeta('net/affinity') ?? '{}'); } catch { table = {}; }
      const key = `${svc.metadata.uid}/${sp.port}/${sp.protocol ?? 'TCP'}|${client}`;
      const now = this.now();
      const hit = table[key];
      let ep = hit && now - hit[1] < timeout ? pool.find(e => e.ip === hit[0]) : undefined;
      if (!ep) ep = pool[Math.floor(this.random() * pool.length)]!;
      table[key] = [ep.ip, now];
      for (const [k, v] of Object.entries(table)) if (now - v[1] > 86_400_000) delete table[k];
      store.setMeta('net/affinity', JSON.stringify(table));
      return ep;
    }
    return pool.length === 1 ? pool[0]! : pool[Math.floor(this.random() * pool.length)]!;
  }

  icmp(src: Src, ip: string): { ttl: number; ms: number } | undefined {
    const jitter = (base: number) => Math.round((base + this.random() * base * 0.8) * 1000) / 1000;
    if (isLoopback(ip) || ip === src.ip) return { ttl: 64, ms: jitter(0.03) };
    if (ip === UPSTREAM_DNS) return { ttl: 64, ms: jitter(0.08) };
    const nodes = this.nodes();
    const node = nodes.find(n => n.ip === ip || n.gw === ip);
    if (node) return { ttl: node.name === src.node ? 64 : 63, ms: jitter(node.name === src.node ? 0.05 : 0.1) };
    if (nodes.some(n => n.cidr && inCidr(ip, n.cidr))) {
      const pod = this.podByIP(ip);
      if (!pod) return undefined;
      const same = pod.spec?.nodeName === src.node;
      return { ttl: src.hostNetwork ? (same ? 64 : 63) : same ? 63 : 62, ms: jitter(same ? 0.06 : 0.12) };
    }
    const ext = internetHostByIP(ip);
    if (ext) return { ttl: 52, ms: jitter(18) };
    return undefined;
  }
}

function hostsIP(box: Box): string | undefined {
  try { return hostsEntries(box.fs.readFile('/etc/hosts'), box.pod.hostname).find(isIPv4); } catch { return undefined; }
}
const isFinished = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

// ------------------------------------------------------------------------------------------ public API
// For the kubelet's probes and for port-forward: talk to a pod's port as they do.

/** Raw bytes to a pod's port, as kubectl port-forward delivers them (from the pod's own localhost). */
export function podExchange(rt: Runtime, pod: KObject, port: number, data: string, o: { proto?: Proto; timeoutMs?: number } = {}): NetReply | NetFail {
  const net = ClusterNet.of(rt);
  const boxes = net.podBoxes(pod);
  if (!boxes.length) return { error: 'refused', ms: 0 };
  return net.stackFor(boxes[0]!).exchange('127.0.0.1', port, data, o);
}

/** A TCP connect to a pod's port from the pod's own localhost (containerd's dial for port-forward). */
export function podConnect(rt: Runtime, pod: KObject, port: number): { ms: number } | NetFail {
  const net = ClusterNet.of(rt);
  const boxes = net.podBoxes(pod);
  if (!boxes.length) return { error: 'refused', ms: 0 };
  return net.stackFor(boxes[0]!).connect('127.0.0.1', port, { timeoutMs: 30_000 });
}

/**
 * The prober's view of the pod network (src/kubelet/probes.ts's ProbeNet: `setProbeNet(clusterProbeNet)`):
 * what the kubelet's httpGet, tcpSocket and grpc probes (and httpGet hooks) get, with what each answer
 * depends on (the answering container, or all of the pod's when refused) and until when it holds.
 */
export const clusterProbeNet = {
  httpGet(rt: Runtime, req: { pod: KObject; host: string; port: number; path: string; scheme: 'http' | 'https'; headers: { name: string; value: string }[]; timeoutMs: number }) {
    const net = ClusterNet.of(rt);
    const host = req.host || req.pod.status?.podIP || '';
    const hdrs: [string, string][] = [['Host', `${host}:${req.port}`], ['User-Agent', 'kube-probe/1.33'], ['Accept', '*/*'], ['Connection', 'close']];
    for (const h of req.headers) {
      const i = hdrs.findIndex(x => x[0].toLowerCase() === h.name.toLowerCase());
      if (i >= 0) hdrs[i] = [h.name, h.value]; else hdrs.push([h.name, h.value]);
    }
    const raw = `GET ${req.path || '/'} HTTP/1.1\r\n${hdrs.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    const r = net.kubeletStack(req.pod).exchange(host, req.port, raw, { timeoutMs: req.timeoutMs || KERNEL_CONNECT_TIMEOUT, tls: req.scheme === 'https' });
    if ('error' in r) return { ok: false as const, error: r.error === 'unreachable' ? 'unreachable' as const : r.error, deps: net.podBoxes(req.pod).map(b => b.s.id) };
    const { parseResponse } = require('./http') as typeof import('./http');
    const res = parseResponse(r.data);
    const memo = { ...(r.by ? { deps: [r.by] } : {}), ...(r.until !== undefined ? { until: r.until } : {}) };
    if (!res) return { ok: false as const, error: 'reset' as const, ...memo };
    return { ok: true as const, status: res.status, body: res.body, ...memo };
  },
  tcpConnect(rt: Runtime, req: { pod: KObject; host: string; port: number; timeoutMs: number }) {
    const net = ClusterNet.of(rt);
    const r = net.kubeletStack(req.pod).connect(req.host || req.pod.status?.podIP || '', req.port, { timeoutMs: req.timeoutMs || KERNEL_CONNECT_TIMEOUT });
    const deps = net.podBoxes(req.pod).map(b => b.s.id);
    if ('error' in r) return { ok: false as const, error: r.error === 'reset' ? 'refused' as const : r.error, deps };
    return { ok: true as const, deps };
  },
  grpcHealth(rt: Runtime, req: { pod: KObject; host: string; port: number; service: string; timeoutMs: number }) {
    const net = ClusterNet.of(rt);
    const r = net.kubeletStack(req.pod).exchange(req.host || req.pod.status?.podIP || '', req.port, `GRPC /grpc.health.v1.Health/Check ${req.service}`, { timeoutMs: req.timeoutMs || KERNEL_CONNECT_TIMEOUT });
    if ('error' in r) return { ok: false as const, error: r.error === 'timeout' ? 'timeout' as const : 'refused' as const, deps: net.podBoxes(req.pod).map(b => b.s.id) };
    const m = /^GRPC-STATUS (\S+)/.exec(r.data);
    const deps = r.by ? [r.by] : undefined;
    if (!m) return { ok: false as const, error: r.data.startsWith('HTTP/') ? 'unimplemented' as const : 'not-grpc' as const, ...(deps ? { deps } : {}) };
    return { ok: true as const, status: m[1] as 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'SERVICE_UNKNOWN', ...(deps ? { deps } : {}) };
  },
};

/** A box's network stack in a cluster (the runtime's Services.net). */
export function clusterStack(rt: Runtime): (box: Box) => NetApi {
  return box => ClusterNet.of(rt).stackFor(box);
}

// ------------------------------------------------------------------------------------------ standalone
/** The harness's network: one container, loopback and its own address, a cluster DNS with no objects. */
export class LoneNet implements Fabric {
  private seed = 7;
  constructor(private box: () => Box, private clock: () => number, private all?: () => Box[]) {}
  now(): number { return this.clock(); }
  random(): number { this.seed = (this.seed * 16807) % 2147483647; return this.seed / 2147483647; }
  route(src: Src, ip: string, port: number, proto: Proto): Route {
    if (isLoopback(ip) || ip === src.ip) return { t: 'boxes', boxes: () => (this.all ? this.all() : [this.box()]), to: ip, port, from: isLoopback(ip) ? (ip === '::1' ? '::1' : '127.0.0.1') : src.ip };
    if (ip === UPSTREAM_DNS) return port === 53 ? { t: 'upstream' } : { t: 'fail', error: 'refused' };
    if (ip === '10.96.0.10' && port === 53 && proto === 'udp') return { t: 'upstream' };
    const ext = internetHostByIP(ip);
    if (ext) return { t: 'internet', name: ext[0], host: ext[1], from: src.ip };
    if (inCidr(ip, '10.244.0.0/16')) return { t: 'fail', error: 'unreachable' };
    return { t: 'fail', error: 'timeout' };
  }
  wake(box: Box): void { if (this.all && box.now < this.clock()) box.run(this.clock()); }
  settle(box: Box): void { if (this.all) box.run(this.clock()); }
  zoneView(): ZoneView {
    return { service: () => undefined, services: () => [], endpointSlices: () => [], reverse: () => [], serial: () => Math.floor(this.clock() / 1000) };
  }
  nodes(): { name: string; ip: string }[] { return [{ name: 'kctl-control-plane', ip: '172.18.0.2' }, { name: 'kctl-worker', ip: '172.18.0.3' }]; }
  icmp(src: Src, ip: string): { ttl: number; ms: number } | undefined {
    if (isLoopback(ip) || ip === src.ip) return { ttl: 64, ms: 0.045 };
    if (internetHostByIP(ip)) return { ttl: 52, ms: 18.2 };
    return undefined;
  }
}
export function loneStack(box: () => Box, clock: () => number): (b: Box) => NetApi {
  const fab = new LoneNet(box, clock);
  return b => new Stack(fab, { ip: b.pod.ip, pod: { ns: b.pod.ns, name: b.pod.name, uid: b.pod.uid }, node: b.pod.node, hostNetwork: false, box: b });
}

export type { DnsRR };
export { INTERNET };
