// Name resolution inside the simulation. Two sides:
// - the resolver in a pod (glibc's and musl's stub resolver): /etc/hosts first, then /etc/resolv.conf's
//   nameservers over its search path with ndots, A and AAAA questions;
// - the servers that answer: CoreDNS's `kubernetes` plugin for cluster.local and in-addr.arpa (built on
//   src/api/dns.ts), and the node's upstream resolver (Docker's, at the kind network's gateway 172.18.0.1),
//   which knows the kind node containers and the few internet hosts of internet.json.
// Names are kept without their trailing dot; printers add it where a tool shows it.
import type { DnsMsg, DnsQuestion, DnsRR, ResolvConf, RRType } from '../types';
import { lookupFQDN, DnsView, CLUSTER_DOMAIN } from '../../api/dns';
import internet from './internet.json';

export const ZONE_TTL = 30;
export const UPSTREAM_DNS = '172.18.0.1';

export interface WebPage { type: string; lastModified: string; etag: string; body: string }
export interface InternetHost { ip: string; ttl: number; server: string; cname?: string; pages: Record<string, WebPage> }
export const INTERNET = (internet as unknown as { hosts: Record<string, InternetHost> }).hosts;
export function internetHostByIP(ip: string): [string, InternetHost] | undefined {
  for (const [name, h] of Object.entries(INTERNET)) if (h.ip === ip) return [name, h];
  return undefined;
}

// ---------------------------------------------------------------------------------------------- resolver
/** /etc/resolv.conf as glibc reads it (defaults: ndots 1, timeout 5 s, 2 attempts; search from the hostname's domain). */
export function parseResolvConf(text: string, hostname = ''): ResolvConf {
  const rc: ResolvConf = { nameservers: [], search: [], ndots: 1, timeout: 5, attempts: 2 };
  let searchSet = false;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (!f[0] || f[0].startsWith('#') || f[0].startsWith(';')) continue;
    if (f[0] === 'nameserver' && f[1] && rc.nameservers.length < 3) rc.nameservers.push(f[1]);
    else if (f[0] === 'search') { rc.search = f.slice(1).filter(s => s !== '.'); searchSet = true; }
    else if (f[0] === 'domain' && !searchSet && f[1]) rc.search = [f[1]];
    else if (f[0] === 'options') {
      for (const o of f.slice(1)) {
        const [k, v] = o.split(':');
        if (k === 'ndots' && v !== undefined) rc.ndots = Math.min(15, Math.max(0, Number(v) || 0));
        if (k === 'timeout' && v !== undefined) rc.timeout = Math.min(30, Math.max(1, Number(v) || 1));
        if (k === 'attempts' && v !== undefined) rc.attempts = Math.min(5, Math.max(1, Number(v) || 1));
      }
    }
  }
  if (!rc.search.length && hostname.includes('.')) rc.search = [hostname.slice(hostname.indexOf('.') + 1)];
  return rc;
}

/** The names the resolver asks for, in order (res_search: the name as is first when it has ndots dots). */
export function candidates(name: string, rc: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = rc.search.map(s => `${name}.${s}`);
  return dots >= rc.ndots ? [name, ...searched] : [...searched, name];
}

/** /etc/hosts: the addresses listed for a name (case-insensitive, aliases included), in file order. */
export function hostsEntries(text: string, name: string): string[] {
  const want = name.toLowerCase().replace(/\.$/, '');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (f.length < 2) continue;
    if (f.slice(1).some(h => h.toLowerCase() === want) && !out.includes(f[0]!)) out.push(f[0]!);
  }
  return out;
}

export const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every(x => Number(x) < 256);
export const isIPv6 = (s: string) => s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
export const isIP = (s: string) => isIPv4(s) || isIPv6(s);

/** The reverse name of an address (5.1.244.10.in-addr.arpa). */
export function ptrName(ip: string): string | undefined {
  if (isIPv4(ip)) return ip.split('.').reverse().join('.') + '.in-addr.arpa';
  if (isIPv6(ip)) {
    const full = expandV6(ip);
    return full.replace(/:/g, '').split('').reverse().join('.') + '.ip6.arpa';
  }
  return undefined;
}
function expandV6(ip: string): string {
  const [a, b] = ip.split('::');
  const head = a ? a.split(':') : [];
  const tail = b !== undefined && b ? b.split(':') : [];
  const mid = b !== undefined ? new Array(8 - head.length - tail.length).fill('0') : [];
  return [...head, ...mid, ...tail].map(x => x.padStart(4, '0')).join(':');
}
export function ptrToIP(name: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/i.exec(name);
  return m ? `${m[4]}.${m[3]}.${m[2]}.${m[1]}` : undefined;
}

// ---------------------------------------------------------------------------------------------- servers
const msg = (rcode: DnsMsg['rcode'], aa: boolean, answer: DnsRR[] = [], authority: DnsRR[] = []): DnsMsg => ({ rcode, aa, answer, authority, additional: [] });

/** What CoreDNS needs beyond Services and slices: reverse lookups of addresses. */
export interface ZoneView extends DnsView {
  /** The names an address has in the zone (a Service's ClusterIP; an endpoint's hostname under its Service). */
  reverse(ip: string): string[];
  /** The zone's SOA serial (CoreDNS uses the time of the last change it saw). */
  serial(): number;
}

function soa(domain: string, serial: number): DnsRR {
  return { name: domain, type: 'SOA', ttl: ZONE_TTL, data: `ns.dns.${CLUSTER_DOMAIN} hostmaster.${CLUSTER_DOMAIN} ${serial} 7200 1800 86400 ${ZONE_TTL}` };
}

const toRR = (r: { name: string; type: string; ttl: number; value: string; priority?: number; weight?: number; port?: number }): DnsRR =>
  ({ name: r.name, type: r.type as RRType, ttl: r.ttl, data: r.value, ...(r.type === 'SRV' ? { priority: r.priority ?? 0, weight: r.weight ?? 100, port: r.port ?? 0 } : {}) });

/**
 * CoreDNS (the kind cluster's Corefile: kubernetes cluster.local in-addr.arpa ip6.arpa, pods insecure,
 * forward . /etc/resolv.conf): the answer for one question, or undefined when it is forwarded upstream.
 */
export function zoneAnswer(q: DnsQuestion, view: ZoneView): DnsMsg | undefined {
  const name = q.name.replace(/\.$/, '').toLowerCase();
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (name === CLUSTER_DOMAIN) {
    if (q.type === 'SOA') return msg('NOERROR', true, [soa(CLUSTER_DOMAIN, view.serial())]);
    if (q.type === 'NS') return msg('NOERROR', true, [{ name: CLUSTER_DOMAIN, type: 'NS', ttl: ZONE_TTL, data: `ns.dns.${CLUSTER_DOMAIN}` }]);
    return msg('NOERROR', true, [], [soa(CLUSTER_DOMAIN, view.serial())]);
  }
  if (name === `dns-version${suffix}` && q.type === 'TXT') return msg('NOERROR', true, [{ name, type: 'TXT', ttl: ZONE_TTL, data: '1.1.0' }]);
  if (name === `ns.dns${suffix}`) return msg('NOERROR', true, q.type === 'A' || q.type === 'ANY' ? [{ name, type: 'A', ttl: ZONE_TTL, data: '10.96.0.10' }] : [], q.type === 'A' ? [] : [soa(CLUSTER_DOMAIN, view.serial())]);
  if (name.endsWith(suffix)) {
    const all = lookupFQDN(name, 'ANY', view).map(toRR);
    if (!all.length) return msg('NXDOMAIN', true, [], [soa(CLUSTER_DOMAIN, view.serial())]);
    let answer = q.type === 'ANY' ? all : all.filter(r => r.type === q.type || (r.type === 'CNAME' && q.type !== 'SRV'));
    if (q.type === 'SRV') answer = all.filter(r => r.type === 'SRV');
    if (!answer.length) return msg('NOERROR', true, [], [soa(CLUSTER_DOMAIN, view.serial())]);
    const out = msg('NOERROR', true, answer);
    // SRV answers carry the targets' addresses; CNAMEs of ExternalName Services are followed upstream by the caller
    if (q.type === 'SRV') for (const r of answer) for (const a of lookupFQDN(r.data, 'A', view)) out.additional.push(toRR(a));
    return out;
  }
  if (q.type === 'PTR' && /\.(in-addr|ip6)\.arpa$/.test(name)) {
    const ip = ptrToIP(name);
    const names = ip ? view.reverse(ip) : [];
    if (names.length) return msg('NOERROR', true, names.map(n => ({ name, type: 'PTR', ttl: ZONE_TTL, data: n })));
    return undefined; // fallthrough in-addr.arpa: forwarded
  }
  return undefined;
}

/** The upstream resolver (Docker's embedded DNS behind the kind network's gateway): node names and the internet hosts. */
export function upstreamAnswer(q: DnsQuestion, nodes: { name: string; ip: string }[]): DnsMsg {
  const name = q.name.replace(/\.$/, '').toLowerCase();
  const node = nodes.find(n => n.name.toLowerCase() === name);
  if (node) return msg('NOERROR', false, q.type === 'A' || q.type === 'ANY' ? [{ name, type: 'A', ttl: 600, data: node.ip }] : []);
  const h = INTERNET[name];
  if (h) {
    const answer: DnsRR[] = [];
    let target = name;
    if (h.cname) { answer.push({ name, type: 'CNAME', ttl: h.ttl, data: h.cname }); target = h.cname; }
    if (q.type === 'A' || q.type === 'ANY') answer.push({ name: target, type: 'A', ttl: h.ttl, data: h.ip });
    return msg('NOERROR', false, answer);
  }
  if (q.type === 'PTR') {
    const ip = ptrToIP(name);
    const n = ip && nodes.find(x => x.ip === ip);
    if (n) return msg('NOERROR', false, [{ name, type: 'PTR', ttl: 600, data: `${n.name}.kind` }]);
  }
  return msg('NXDOMAIN', false);
}
