// The kubelet's volume manager and the files it writes for each pod: what a container's mount table is
// made of. Volumes are stored layers keyed by what shares them — `pod:<uid>:<volume>` (emptyDir and the
// generated configMap/secret/downwardAPI/projected volumes, written the way the kubelet's AtomicWriter
// writes them: a timestamped directory, `..data` pointing at it, one link per key), `node:<name>` for
// hostPath (and local persistent volumes, which live on a node), `pv:<name>` for other persistent volumes —
// plus /etc/hosts, /etc/hostname, /etc/resolv.conf and /dev/termination-log per pod, /dev and /proc.
import type { KObject } from '../api/types';
import type { V1Container, V1DownwardAPIVolumeFile, V1KeyToPath, V1ServiceAccountTokenProjection, V1Volume, V1VolumeMount, V1VolumeProjection } from '../api/k8s';
import type { Runtime } from '../sim/runtime';
import { byGroupResource } from '../api/discovery';
import { hash52 } from '../util/hash';
import { parseStored, CorruptDataError } from '../api/storage-errors';
import { MemLayer, MapLayer, Mount, Inode, Layer, WHITEOUT } from './fs';
import { imageLayer } from './images';
import type { ImageRef } from '../kubelet/images';

/**
 * A layer whose files are in the cluster database; loaded whole on first use, written back at commit. A
 * generated volume (it holds the kubelet's `.kctl-content` record) is written whole, as one row: the kubelet
 * only ever writes all of it at once. Other layers keep a row per file, rewritten as files change.
 */
/** The uid of the pod a layer is a volume of (`pod:<uid>:<volume>`, volumeSource), if it is one. */
function podOfLayer(id: string): string | undefined {
  if (!id.startsWith('pod:')) return undefined;
  const end = id.indexOf(':', 4);
  return end > 4 ? id.slice(4, end) : undefined;
}

export class StoredLayer extends MemLayer {
  /** Whether the database holds this layer as one row, and whether the files table holds rows of it. */
  private whole = false;
  private rows = false;
  private rt: Runtime;
  /** A generated volume set up without its files (setupVolumes, `defer`), as long as nobody looked into it. */
  private marker?: VolumeMarker;
  /** (its files read from the database when a process first looks into it) */
  constructor(id: string, rt: Runtime) {
    super(id, () => {
      const packed = this.stored();
      const marker = markerOf(packed);
      if (marker) return this.generate(marker);
      const rows: [string, Inode | typeof WHITEOUT][] = packed === undefined ? [] : (JSON.parse(packed) as [string, Inode | 'w'][]).map(([p, n]) => [p, n === 'w' ? WHITEOUT : n]);
      const n = rows.length;
      for (const r of rt.store.rtFiles(id)) rows.push([r.path, r.node === 'w' ? WHITEOUT : (JSON.parse(r.node) as Inode)]);
      this.whole = packed !== undefined;
      this.rows = rows.length > n;
      return rows;
    });
    this.rt = rt;
  }
  /** The layer's row as stored (read once). */
  private stored(): string | undefined {
    // (a pod's volume has no row before the pod exists: a pod created in this step needs no lookup)
    if (this.text === undefined) this.text = this.rt.store.rtLayer(this.id, podOfLayer(this.id)) ?? null;
    return this.text ?? undefined;
  }
  private text?: string | null;
  /** A generated volume mounted into a container being made: a damaged marker is reported now (a corrupt
   *  database), not met later by a program, whose file errors would hide it. */
  check(): void { if (this.unread && !this.marker) markerOf(this.stored()); }
  /** Nothing of it looked at, and no row of it stored as a whole (a volume never set up). */
  get blank(): boolean { return this.unread && !this.marker && this.stored() === undefined; }
  /** Set up without its files: they are made, as they would have been at `marker.deferred`, when first looked at. */
  defer(marker: VolumeMarker): void {
    this.marker = marker;
    this.from(() => this.generate(marker));
  }
  /** The files of a volume set up without them (defer): generated again as they were then, and written. */
  private generate(m: VolumeMarker, source?: SourceOf): [string, Inode][] {
    this.marker = undefined;
    const files = markedFiles(this.id, m, this.rt, source);
    for (const [rel] of files) this.changes.add(rel);
    return files;
  }
  /** If it is a volume set up without its files that nobody looked into: its files now, its sources as `source` says. */
  generateWith(source: SourceOf): void {
    if (!this.unread) return;
    const m = this.marker ?? markerOf(this.stored());
    if (!m) return;
    this.from(() => this.generate(m, source));
    void this.files;
  }
  flush(): void {
    if (this.marker && this.unread) {
      this.rt.store.rtPutLayer(this.id, JSON.stringify(this.marker), this.rows);
      this.marker = undefined;
      this.changes.clear();
      return;
    }
    if (!this.changes.size) return;
    if (this.files.has('.kctl-content')) {
      // in the order the files table would keep them (by path, as SQLite compares text), as they are read back
      const all = [...this.files].map(([p, n]) => [p, n === WHITEOUT ? 'w' : n] as [string, Inode | 'w']);
      all.sort((a, b) => byteOrder(a[0], b[0]));
      this.rt.store.rtPutLayer(this.id, JSON.stringify(all), this.rows);
      this.whole = true;
      this.rows = false;
    } else {
      if (this.whole) {
        // no longer a generated volume's files: a row per file
        this.rt.store.rtPutLayer(this.id, undefined);
        this.whole = false;
        for (const rel of this.files.keys()) this.changes.add(rel);
      }
      for (const rel of this.changes) {
        const n = this.files.get(rel);
        this.rt.store.rtPutFile(this.id, rel, n === undefined ? undefined : n === WHITEOUT ? 'w' : JSON.stringify(n));
      }
      this.rows = this.files.size > 0;
    }
    this.changes.clear();
  }
}
/** SQLite's order of TEXT values (their UTF-8 bytes); the same as JavaScript's for ASCII. */
function byteOrder(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The stored layers of one step, shared by every container that mounts them. */
export class Layers {
  private m = new Map<string, StoredLayer>();
  constructor(private rt: Runtime) {}
  get(id: string): StoredLayer {
    let l = this.m.get(id);
    if (!l) { l = new StoredLayer(id, this.rt); this.m.set(id, l); }
    return l;
  }
  flush(): void { for (const l of this.m.values()) l.flush(); }
  drop(id: string): void { this.m.delete(id); this.rt.store.rtDropFiles(id); }
  /** A volume set up without its files (StoredLayer.defer) gets them now, made with `kind` `name` as `old`. */
  generateBefore(id: string, kind: 'ConfigMap' | 'Secret', name: string, old: KObject | undefined): void {
    this.get(id).generateWith((k, ns, n) => (k === kind && n === name ? old : this.rt.api.tryGet(k === 'ConfigMap' ? cmRi() : secRi(), ns, n)));
  }
}

const cmRi = () => byGroupResource('', 'configmaps')!;
const secRi = () => byGroupResource('', 'secrets')!;
const pvcRi = () => byGroupResource('', 'persistentvolumeclaims')!;
const pvRi = () => byGroupResource('', 'persistentvolumes')!;

export interface VolumeError { volume: string; message: string; reason: 'FailedMount' }

/** The hostname a pod's containers see (spec.hostname, else the pod name; 63 characters at most). */
export function podHostname(pod: KObject): string {
  return (pod.spec?.hostname ?? pod.metadata.name ?? '').slice(0, 63);
}

/** /etc/hosts as the kubelet writes it (managedHostsFileContent). */
export function hostsFile(pod: KObject): string {
  const ip = pod.status?.podIP ?? '';
  const hn = podHostname(pod);
  let s = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  if (pod.spec?.hostNetwork) s = '';
  if (!pod.spec?.hostNetwork) {
    if (pod.spec?.subdomain) s += `${ip}\t${hn}.${pod.spec.subdomain}.${pod.metadata.namespace}.svc.cluster.local\t${hn}\n`;
    else s += `${ip}\t${hn}\n`;
  }
  const aliases: { ip: string; hostnames?: string[] }[] = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    s += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) s += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return s;
}

/** /etc/resolv.conf for the pod's dnsPolicy (ClusterFirst: CoreDNS at 10.96.0.10 and the search path). */
export function resolvConf(pod: KObject, dnsIP = '10.96.0.10'): string {
  const ns = pod.metadata.namespace ?? 'default';
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const cfg = pod.spec?.dnsConfig ?? {};
  let search: string[] = [], servers: string[] = [], options: string[] = [];
  if (policy === 'ClusterFirst' || (policy === 'ClusterFirstWithHostNet' && pod.spec?.hostNetwork) || (policy === 'ClusterFirst' && !pod.spec?.hostNetwork)) {
    search = [`${ns}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'];
    servers = [dnsIP];
    options = ['ndots:5'];
  } else if (policy === 'Default' || policy === 'ClusterFirstWithHostNet' || policy === 'ClusterFirst') {
    servers = ['172.18.0.1'];
  }
  if (policy === 'None') { search = []; servers = []; options = []; }
  search.push(...(cfg.searches ?? []));
  servers.push(...(cfg.nameservers ?? []));
  for (const o of cfg.options ?? []) {
    const kv = o.value !== undefined ? `${o.name}:${o.value}` : o.name;
    options = options.filter(x => x.split(':')[0] !== o.name);
    options.push(kv);
  }
  let out = '';
  if (search.length) out += `search ${search.join(' ')}\n`;
  for (const s of servers) out += `nameserver ${s}\n`;
  if (options.length) out += `options ${options.join(' ')}\n`;
  return out;
}

const file = (data: string, mode = 0o644, mtime = 0): Inode => ({ k: 'f', mode, uid: 0, gid: 0, mtime, data });
const dirNode = (mode = 0o755, mtime = 0, uid = 0, gid = 0): Inode => ({ k: 'd', mode, uid, gid, mtime });

/** A kind node's own filesystem (the kindest/node image, Debian bookworm): what hostPath volumes see first. */
function nodeBase(): MapLayer {
  const m = new Map<string, Inode>();
  const d = (p: string, mode = 0o755) => m.set(p, dirNode(mode));
  d('');
  for (const p of ['bin', 'boot', 'etc', 'etc/kubernetes', 'etc/kubernetes/manifests', 'etc/containerd', 'home', 'kind', 'lib', 'mnt', 'opt', 'root', 'run', 'sbin', 'srv', 'usr', 'usr/local', 'usr/local/bin',
    'var', 'var/lib', 'var/lib/kubelet', 'var/lib/kubelet/pods', 'var/lib/containerd', 'var/lib/etcd', 'var/log', 'var/log/containers', 'var/log/pods', 'var/run', 'var/local-path-provisioner', 'data']) d(p);
  d('tmp', 0o1777);
  m.set('etc/os-release', file('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'));
  m.set('etc/hostname', file('kind-node\n'));
  m.set('var/log/dpkg.log', file(''));
  m.set('var/log/alternatives.log', file(''));
  return new MapLayer('node-base', m);
}
let NODE_BASE: MapLayer | undefined;
export function nodeLayers(layers: Layers, node: string): Layer[] {
  NODE_BASE ??= nodeBase();
  return [layers.get(`node:${node}`), NODE_BASE];
}

/** The files of /dev in a container. */
export function devLayer(): MapLayer {
  const m = new Map<string, Inode>();
  m.set('', dirNode());
  for (const n of ['null', 'zero', 'random', 'urandom', 'full', 'tty']) m.set(n, { k: 'f', mode: 0o666, uid: 0, gid: 0, mtime: 0, data: '' });
  m.set('stdin', { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: '/proc/self/fd/0' });
  m.set('stdout', { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: '/proc/self/fd/1' });
  m.set('stderr', { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: '/proc/self/fd/2' });
  m.set('fd', { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: 0, data: '/proc/self/fd' });
  m.set('shm', dirNode(0o1777));
  m.set('pts', dirNode());
  m.set('mqueue', dirNode(0o1777));
  return new MapLayer('dev', m);
}
let DEV: MapLayer | undefined;

/** AtomicWriter's layout: files under `..<timestamp>/`, `..data` → it, one link per top-level entry. */
export function atomicFiles(files: Record<string, { data: string; mode: number }>, at: number, fsGroup?: number): Map<string, Inode> {
  const m = new Map<string, Inode>();
  const d = new Date(at);
  const ts = `..${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}_${String(d.getUTCDate()).padStart(2, '0')}_${String(d.getUTCHours()).padStart(2, '0')}_${String(d.getUTCMinutes()).padStart(2, '0')}_${String(d.getUTCSeconds()).padStart(2, '0')}.${String((at % 1000) * 1000000 + 1).padStart(9, '0')}`;
  const gid = fsGroup ?? 0;
  m.set('', { k: 'd', mode: 0o1777, uid: 0, gid, mtime: at });
  m.set(ts, { k: 'd', mode: 0o755, uid: 0, gid, mtime: at });
  m.set('..data', { k: 'l', mode: 0o777, uid: 0, gid, mtime: at, data: ts });
  const tops = new Set<string>();
  for (const [path, f] of Object.entries(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) m.set(`${ts}/${parts.slice(0, i).join('/')}`, { k: 'd', mode: 0o755, uid: 0, gid, mtime: at });
    m.set(`${ts}/${path}`, { k: 'f', mode: f.mode, uid: 0, gid, mtime: at, data: f.data });
    tops.add(parts[0]!);
  }
  for (const t of tops) m.set(t, { k: 'l', mode: 0o777, uid: 0, gid, mtime: at, data: `..data/${t}` });
  return m;
}

/** The files a configMap/secret/downwardAPI/projected volume holds now (a token issued at `at`, default now), or
 *  why it cannot be mounted. */
export function generatedFiles(pod: KObject, vol: V1Volume, rt: Runtime, at?: number, source?: SourceOf): { files: Record<string, { data: string; mode: number }> } | { error: VolumeError } {
  const r = generatedFilesInner(pod, vol, rt, at, source ?? ((kind, ns, name) => rt.api.tryGet(kind === 'ConfigMap' ? cmRi() : secRi(), ns, name)));
  return r instanceof VErr ? { error: r.e } : { files: r };
}
class VErr { constructor(public e: VolumeError) {} }
/** (`dry`: only whether the files can be made, as a volume set up without them needs to know: what they hold is
 *  left empty) */
function generatedFilesInner(pod: KObject, vol: V1Volume, rt: Runtime, at: number | undefined, source: SourceOf, dry = false): Record<string, { data: string; mode: number }> | VErr {
  const ns = pod.metadata.namespace ?? 'default';
  const out: Record<string, { data: string; mode: number }> = {};
  const fail = (message: string): VErr => new VErr({ volume: vol.name, message, reason: 'FailedMount' });
  const fromMap = (data: Record<string, string>, items: V1KeyToPath[] | undefined, defMode: number, decode: boolean, kind: string, name: string): VErr | undefined => {
    const val = (k: string) => (dry ? '' : decode ? Buffer.from(String(data[k]), 'base64').toString('utf8') : String(data[k]));
    if (items?.length) {
      for (const it of items) {
        if (!(it.key in data)) return fail(`MountVolume.SetUp failed for volume "${vol.name}" : configmap references non-existent config key: ${it.key}`.replace('configmap', kind === 'secret' ? 'secret' : 'configmap'));
        out[it.path] = { data: val(it.key), mode: it.mode ?? defMode };
      }
    } else for (const k of Object.keys(data)) out[k] = { data: val(k), mode: defMode };
    void name;
    return undefined;
  };
  if (vol.configMap) {
    const cm = source('ConfigMap', ns, vol.configMap.name!);
    if (!cm) return vol.configMap.optional ? out : fail(`MountVolume.SetUp failed for volume "${vol.name}" : configmap "${vol.configMap.name}" not found`);
    const e = fromMap({ ...(cm.data ?? {}), ...Object.fromEntries(Object.entries(cm.binaryData ?? {}).map(([k, v]) => [k, dry ? '' : Buffer.from(String(v), 'base64').toString('latin1')])) }, vol.configMap.items, vol.configMap.defaultMode ?? 0o644, false, 'configmap', vol.configMap.name!);
    return e ?? out;
  }
  if (vol.secret) {
    const s = source('Secret', ns, vol.secret.secretName!);
    if (!s) return vol.secret.optional ? out : fail(`MountVolume.SetUp failed for volume "${vol.name}" : secret "${vol.secret.secretName}" not found`);
    const e = fromMap(s.data ?? {}, vol.secret.items, vol.secret.defaultMode ?? 0o644, true, 'secret', vol.secret.secretName!);
    return e ?? out;
  }
  if (vol.downwardAPI) {
    for (const it of vol.downwardAPI.items ?? []) out[it.path] = { data: dry ? '' : downward(pod, it), mode: it.mode ?? vol.downwardAPI.defaultMode ?? 0o644 };
    return out;
  }
  if (vol.projected) {
    const defMode = vol.projected.defaultMode ?? 0o644;
    for (const src of vol.projected.sources ?? []) {
      if (src.serviceAccountToken) out[src.serviceAccountToken.path] = { data: dry ? '' : serviceAccountToken(pod, src.serviceAccountToken, rt, at), mode: defMode };
      else if (src.configMap) {
        const cm = source('ConfigMap', ns, src.configMap.name!);
        if (!cm) { if (src.configMap.optional) continue; return fail(`MountVolume.SetUp failed for volume "${vol.name}" : configmap "${src.configMap.name}" not found`); }
        const e = fromMap(cm.data ?? {}, src.configMap.items, defMode, false, 'configmap', src.configMap.name!);
        if (e) return e;
      } else if (src.secret) {
        const s = source('Secret', ns, src.secret.name!);
        if (!s) { if (src.secret.optional) continue; return fail(`MountVolume.SetUp failed for volume "${vol.name}" : secret "${src.secret.name}" not found`); }
        const e = fromMap(s.data ?? {}, src.secret.items, defMode, true, 'secret', src.secret.name!);
        if (e) return e;
      } else if (src.downwardAPI) {
        for (const it of src.downwardAPI.items ?? []) out[it.path] = { data: dry ? '' : downward(pod, it), mode: it.mode ?? defMode };
      }
    }
    return out;
  }
  return out;
}

function downward(pod: KObject, it: V1DownwardAPIVolumeFile): string {
  if (it.fieldRef) {
    const fp: string = it.fieldRef.fieldPath;
    const m = /^metadata\.(labels|annotations)(?:\['(.+)'\])?$/.exec(fp);
    if (m) {
      const map: Record<string, string> = pod.metadata[m[1] as 'labels' | 'annotations'] ?? {};
      if (m[2]) return map[m[2]] ?? '';
      return Object.keys(map).sort().map(k => `${k}="${map[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join('\n');
    }
    switch (fp) {
      case 'metadata.name': return pod.metadata.name ?? '';
      case 'metadata.namespace': return pod.metadata.namespace ?? '';
      case 'metadata.uid': return pod.metadata.uid ?? '';
      case 'spec.nodeName': return pod.spec?.nodeName ?? '';
      case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
      case 'status.podIP': return pod.status?.podIP ?? '';
      case 'status.hostIP': return pod.status?.hostIP ?? '';
    }
    return '';
  }
  if (it.resourceFieldRef) {
    const c = [...(pod.spec?.containers ?? [])].find((x: V1Container) => x.name === it.resourceFieldRef!.containerName) ?? pod.spec?.containers?.[0];
    const [kind, res] = String(it.resourceFieldRef.resource).split('.');
    const v = c?.resources?.[kind === 'limits' ? 'limits' : 'requests']?.[res!];
    return v !== undefined ? String(quantityValue(String(v), res!, it.resourceFieldRef.divisor)) : res === 'cpu' ? '8' : res === 'memory' ? String(32827076 * 1024) : '0';
  }
  return '';
}
function quantityValue(q: string, res: string, divisor?: string): number {
  const parse = (s: string) => {
    const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(s);
    if (!m) return 0;
    const mult: Record<string, number> = { '': 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
    return Number(m[1]) * (mult[m[2]!] ?? 1);
  };
  const d = divisor ? parse(divisor) : 1;
  return Math.ceil(parse(q) / d);
  void res;
}

/** A service account token the way the kubelet projects one: a JWT-shaped string (not signed by anything real). */
function serviceAccountToken(pod: KObject, src: V1ServiceAccountTokenProjection, rt: Runtime, at?: number): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor((at ?? rt.clock.now()) / 1000);
  const exp = now + (src.expirationSeconds ?? 3607);
  const sa = pod.spec?.serviceAccountName ?? 'default';
  const ns = pod.metadata.namespace ?? 'default';
  const header = { alg: 'RS256', kid: 'kctl' };
  const payload = {
    aud: [src.audience ?? 'https://kubernetes.default.svc.cluster.local'], exp, iat: now, iss: 'https://kubernetes.default.svc.cluster.local',
    jti: pod.metadata.uid, 'kubernetes.io': { namespace: ns, node: { name: pod.spec?.nodeName }, pod: { name: pod.metadata.name, uid: pod.metadata.uid }, serviceaccount: { name: sa } },
    nbf: now, sub: `system:serviceaccount:${ns}:${sa}`,
  };
  return `${b64(header)}.${b64(payload)}.${Buffer.from(`kctl-signature-${pod.metadata.uid}`).toString('base64url')}`;
}

/** The stored layer a volume lives in, and the directory inside it that is mounted. */
export function volumeSource(pod: KObject, vol: V1Volume, rt: Runtime): { id: string; root: string; shared: boolean; mutable: boolean; generated: boolean } | VolumeError {
  const uid = pod.metadata.uid;
  const node = pod.spec?.nodeName ?? '';
  if (vol.hostPath) return { id: `node:${node}`, root: String(vol.hostPath.path).replace(/^\/+|\/+$/g, ''), shared: true, mutable: true, generated: false };
  if (vol.persistentVolumeClaim) {
    const pvc = rt.api.tryGet(pvcRi(), pod.metadata.namespace, vol.persistentVolumeClaim.claimName);
    const pvName = pvc?.spec?.volumeName;
    const pv = pvName ? rt.api.tryGet(pvRi(), undefined, pvName) : undefined;
    if (pv?.spec?.hostPath) return { id: `node:${node}`, root: String(pv.spec.hostPath.path).replace(/^\/+|\/+$/g, ''), shared: true, mutable: true, generated: false };
    if (pv?.spec?.local) return { id: `node:${node}`, root: String(pv.spec.local.path).replace(/^\/+|\/+$/g, ''), shared: true, mutable: true, generated: false };
    return { id: `pv:${pvName ?? `${pod.metadata.namespace}/${vol.persistentVolumeClaim.claimName}`}`, root: '', shared: true, mutable: true, generated: false };
  }
  const generated = !!(vol.configMap || vol.secret || vol.downwardAPI || vol.projected);
  return { id: `pod:${uid}:${vol.name}`, root: '', shared: !generated, mutable: true, generated };
}

/**
 * Set up (or refresh) the pod's generated volumes: write their files as the kubelet does. Returns the
 * first volume that cannot be mounted. `refresh` leaves volumes whose content has not changed alone.
 */
export function setupVolumes(pod: KObject, rt: Runtime, layers: Layers, refresh = false, at?: number): VolumeError | undefined {
  const fsGroup = pod.spec?.securityContext?.fsGroup;
  // (`at`: the instant the kubelet set them up, for a pod's volumes made when its running containers are adopted)
  const now = at ?? rt.clock.now();
  for (const vol of pod.spec?.volumes ?? []) {
    const src = volumeSource(pod, vol, rt);
    if ('message' in src) return src;
    if (vol.hostPath) {
      const l = layers.get(src.id);
      const type = vol.hostPath.type ?? '';
      NODE_BASE ??= nodeBase();
      const exists = l.get(src.root) !== undefined || NODE_BASE.get(src.root) !== undefined;
      if (!exists) {
        if (type === 'DirectoryOrCreate' || type === '') mkdirs(l, src.root, now);
        else if (type === 'FileOrCreate') { mkdirs(l, src.root.split('/').slice(0, -1).join('/'), now); l.put(src.root, { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: now, data: '' }); }
        else return { volume: vol.name, reason: 'FailedMount', message: `MountVolume.SetUp failed for volume "${vol.name}" : hostPath type check failed: /${src.root} is not a ${type === 'Directory' ? 'directory' : type === 'File' ? 'file' : type.toLowerCase()}` };
      }
      continue;
    }
    if (!src.generated) {
      const l = layers.get(src.id);
      if (src.id.startsWith('node:') && src.root) {
        // a persistent volume that is a directory on its node (local-path's hostPath volumes, local volumes):
        // made as local-path's helper pod makes it (mkdir -m 0777 -p) when it is not there yet
        NODE_BASE ??= nodeBase();
        if (l.get(src.root) === undefined && NODE_BASE.get(src.root) === undefined) {
          mkdirs(l, src.root, now);
          l.put(src.root, dirNode(0o777, now));
        }
        continue;
      }
      if (!l.get('')) l.put('', { k: 'd', mode: fsGroup !== undefined ? 0o2777 : 0o777, uid: 0, gid: fsGroup ?? 0, mtime: now });
      continue;
    }
    const l = layers.get(src.id);
    // a first set-up of a volume made of what does not change under it: its files are made when looked at (as
    // they would have been now); now only whether they can be (its ConfigMaps, Secrets and their keys there)
    if (!refresh && at === undefined && !EAGER_VOLUMES && regenerable(vol) && l.blank) {
      const r = generatedFilesInner(pod, vol, rt, at, (kind, ns, name) => rt.api.view(kind === 'ConfigMap' ? cmRi() : secRi(), ns, name), true);
      if (r instanceof VErr) return r.e;
      l.defer({ deferred: now, key: '' });
      continue;
    }
    const gen = generatedFiles(pod, vol, rt, at);
    if ('error' in gen) { if (refresh) continue; return gen.error; }
    const files = gen.files;
    // what the volume holds is remembered by a digest of its files (the files themselves are in the volume);
    // a volume written by an older kctl remembers the files' JSON
    const json = JSON.stringify(files);
    const key = contentKey(json);
    const prev = l.get('.kctl-content');
    if (prev && prev !== WHITEOUT && (prev.data === key || prev.data === json)) continue;
    for (const rel of [...l.files.keys()]) l.del(rel);
    for (const [rel, n] of atomicFiles(files, now, fsGroup)) l.put(rel, n);
    l.put('.kctl-content', { k: 'f', mode: 0, uid: 0, gid: 0, mtime: 0, data: key });
  }
  return undefined;
}
/** KCTL_TEST_EAGER_START=1: every volume's files are made when it is set up (src/runtime/cri.ts EAGER). */
const EAGER_VOLUMES = process.env.KCTL_TEST_EAGER_START === '1';

/** The digest a generated volume keeps of what it holds (its `.kctl-content`). */
function contentKey(json: string): string { return `h:${json.length}:${hash52(json).toString(36)}`; }

/**
 * A generated volume set up without its files: when, and the digest of what it held then. Its files are made again
 * from the pod and the volume's sources when something looks into it: the same as then, because what they are made
 * of does not change under them (regenerable) except its ConfigMaps and Secrets, and before one of those changes
 * the kubelet makes the files of every volume made from it (`generateBefore`).
 */
export interface VolumeMarker {
  deferred: number;
  /** The digest of its files (older kctl wrote it; '' now: their digest is made with them, when they are). */
  key: string;
}

/** The marker a layer's stored text is, if it is one (a damaged one is a corrupt database). */
function markerOf(text: string | undefined): VolumeMarker | undefined {
  if (!text?.startsWith('{"deferred":')) return undefined;
  const m = parseStored(text) as VolumeMarker;
  if (typeof m?.deferred !== 'number' || typeof m.key !== 'string') throw new CorruptDataError('a volume\'s record (rt_layers) is not one of a volume set up without its files');
  return m;
}

/** A volume whose files depend only on what cannot change in its pod (a projected service account token, the
 *  pod's name, namespace, uid, node, service account) and on ConfigMaps and Secrets. */
function regenerable(vol: V1Volume): boolean {
  const fixed = (items: V1DownwardAPIVolumeFile[] | undefined) => (items ?? []).every(it => !it.resourceFieldRef && /^(metadata\.(name|namespace|uid)|spec\.(nodeName|serviceAccountName))$/.test(it.fieldRef?.fieldPath ?? ''));
  if (vol.configMap || vol.secret) return true;
  if (vol.downwardAPI) return fixed(vol.downwardAPI.items);
  if (vol.projected) return (vol.projected.sources ?? []).every(s => !s.downwardAPI || fixed(s.downwardAPI.items));
  return false;
}

/** The files of `pod:<uid>:<volume>` set up at marker.deferred, made now (as setupVolumes would have then). */
function markedFiles(id: string, m: VolumeMarker, rt: Runtime, source?: SourceOf): [string, Inode][] {
  const [, uid, name] = id.split(':');
  const pod = rt.api.viewByUid(uid!) as KObject | undefined;
  const vol = (pod?.spec?.volumes ?? []).find((v: V1Volume) => v.name === name);
  if (!pod || !vol) return [];
  const gen = generatedFiles(pod, vol, rt, m.deferred, source);
  const files = 'error' in gen ? {} : gen.files;
  const out = [...atomicFiles(files, m.deferred, pod.spec?.securityContext?.fsGroup)];
  out.push(['.kctl-content', { k: 'f', mode: 0, uid: 0, gid: 0, mtime: 0, data: contentKey(JSON.stringify(files)) }]);
  return out;
}

/**
 * A ConfigMap or Secret is about to read differently (`old`: what it was, undefined when it did not exist): the
 * volumes of `pod` set up without their files that are made from it get their files now, from what it was.
 */
export function generateBefore(pod: KObject, kind: 'ConfigMap' | 'Secret', name: string, old: KObject | undefined, rt: Runtime, layers: Layers): void {
  for (const vol of pod.spec?.volumes ?? []) {
    const uses = (kind === 'ConfigMap' ? vol.configMap?.name === name : vol.secret?.secretName === name)
      || (vol.projected?.sources ?? []).some((s: V1VolumeProjection) => (kind === 'ConfigMap' ? s.configMap?.name : s.secret?.name) === name);
    if (uses) layers.generateBefore(`pod:${pod.metadata.uid}:${vol.name}`, kind, name, old);
  }
}
type SourceOf = (kind: 'ConfigMap' | 'Secret', ns: string, name: string) => KObject | undefined;

function mkdirs(l: Layer, rel: string, now: number): void {
  if (!l.put) return;
  const parts = rel.split('/').filter(Boolean);
  if (!l.get('')) l.put('', dirNode(0o755, now));
  for (let i = 1; i <= parts.length; i++) { const p = parts.slice(0, i).join('/'); if (!l.get(p)) l.put(p, dirNode(0o755, now)); }
}

/** A path of a layer with its symlinks resolved (inside the layer), copied: a file, or a directory and all under it. */
function snapshotPath(l: Layer, rel: string): { layer: MapLayer; root: string; file: boolean } | undefined {
  // walk the path component by component; a link's target (relative to its directory) replaces what was walked
  let todo = rel.split('/').filter(Boolean);
  let cur = '';
  for (let hops = 0; todo.length; ) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') { cur = cur.includes('/') ? cur.slice(0, cur.lastIndexOf('/')) : ''; continue; }
    const cand = cur ? `${cur}/${part}` : part;
    const n = l.get(cand);
    if (!n || n === WHITEOUT) return undefined;
    if (n.k === 'l') {
      if (hops++ > 40) return undefined;
      const target = String(n.data ?? '');
      todo = [...target.split('/').filter(Boolean), ...todo];
      if (target.startsWith('/')) cur = '';
      continue;
    }
    cur = cand;
  }
  const top = l.get(cur);
  if (!top || top === WHITEOUT) return undefined;
  const files = new Map<string, Inode>([['', top.k === 'd' ? top : dirNode()]]);
  if (top.k !== 'd') { files.set('f', top); return { layer: new MapLayer(`subpath:${cur}`, files), root: 'f', file: true }; }
  const walk = (from: string, to: string) => {
    for (const [name, node] of l.children(from)) {
      if (node === WHITEOUT) continue;
      const a = from ? `${from}/${name}` : name, b = to ? `${to}/${name}` : name;
      files.set(b, node);
      if (node.k === 'd') walk(a, b);
    }
  };
  walk(cur, '');
  return { layer: new MapLayer(`subpath:${cur}`, files), root: '', file: false };
}

/** Hide the bookkeeping file of generated volumes from listings. */
class HideLayer implements Layer {
  constructor(private inner: Layer) {}
  get id() { return this.inner.id; }
  get(rel: string) { return rel === '.kctl-content' ? undefined : this.inner.get(rel); }
  children(rel: string) { const m = new Map(this.inner.children(rel)); if (rel === '') m.delete('.kctl-content'); return m; }
}

export interface ContainerMountsInput { pod: KObject; container: V1Container; image: ImageRef; cid: string }

/** The mount table of a container. */
export function containerMounts(inp: ContainerMountsInput, rt: Runtime, layers: Layers, proc: Layer): Mount[] {
  const { pod, container: c, image } = inp;
  const uid = pod.metadata.uid;
  const mounts: Mount[] = [];
  mounts.push({ at: '/', layers: [layers.get(`ctr:${inp.cid}`), imageLayer(image)], root: '', ro: !!c.securityContext?.readOnlyRootFilesystem, kind: 'rootfs' });
  DEV ??= devLayer();
  mounts.push({ at: '/dev', layers: [DEV], root: '', ro: false, kind: 'dev' });
  mounts.push({ at: '/proc', layers: [proc], root: '', ro: true, kind: 'proc' });
  // the kubelet's own files for the pod
  const etc = new Map<string, Inode>([['', dirNode()], ['hosts', file(hostsFile(pod))], ['hostname', file(podHostname(pod) + '\n')], ['resolv.conf', file(resolvConf(pod))]]);
  const etcLayers = [layers.get(`pod:${uid}:etc`), new MapLayer(`pod:${uid}:etc:generated`, etc)];
  for (const f of ['hosts', 'hostname', 'resolv.conf']) mounts.push({ at: `/etc/${f}`, layers: etcLayers, root: f, ro: false, kind: 'kubelet', file: true });
  const term = c.terminationMessagePath ?? '/dev/termination-log';
  const termLayers = [layers.get(`pod:${uid}:term:${c.name}`), new MapLayer('term', new Map([['', dirNode()], ['log', file('', 0o666)]]))];
  mounts.push({ at: term, layers: termLayers, root: 'log', ro: false, kind: 'kubelet', file: true });
  const vols = new Map<string, V1Volume>((pod.spec?.volumes ?? []).map((v: V1Volume) => [v.name, v]));
  for (const [idx, vm] of ((c.volumeMounts ?? []) as V1VolumeMount[]).entries()) {
    const vol = vols.get(vm.name);
    if (!vol) continue;
    const src = volumeSource(pod, vol, rt);
    if ('message' in src) continue;
    const sub = vm.subPath ? String(vm.subPath) : '';
    const root = [src.root, sub].filter(Boolean).join('/');
    const l = layers.get(src.id);
    if (src.generated) l.check();
    if (sub && src.generated) {
      // a subPath of a generated volume is what its path resolves to (through ..data and the key's link),
      // bind-mounted when the container starts: kept with the container, later updates do not reach it
      const kept = layers.get(`ctr:${inp.cid}:subpaths`);
      const fkey = `f${idx}`, dkey = `d${idx}`;
      if (kept.get(fkey) === undefined && kept.get(dkey) === undefined) {
        const snap = snapshotPath(l, root);
        if (!snap) continue;
        if (!kept.get('')) kept.put('', dirNode());
        if (snap.file) kept.put(fkey, snap.layer.get('f')!);
        else for (const [rel, n] of snap.layer.files) kept.put(rel ? `${dkey}/${rel}` : dkey, n);
      }
      const isFile = kept.get(fkey) !== undefined;
      mounts.push({ at: vm.mountPath, layers: [kept], root: isFile ? fkey : dkey, ro: true, kind: 'volume', shared: false, mutable: false, ...(isFile ? { file: true } : {}) });
      continue;
    }
    const ls: Layer[] = src.generated ? [new HideLayer(l)] : src.id.startsWith('node:') ? nodeLayers(layers, src.id.slice(5)) : [l];
    if (sub && !l.get(root)) mkdirs(l, root, rt.clock.now());
    // (a generated volume mounted whole is a directory: its files are not read until a process goes there)
    const st = src.generated && !root ? undefined : l.get(root);
    mounts.push({
      at: vm.mountPath, layers: ls, root, ro: !!vm.readOnly || src.generated, kind: 'volume', shared: src.shared, mutable: src.mutable,
      ...(st && st !== WHITEOUT && st.k === 'f' ? { file: true } : {}),
    });
  }
  return mounts;
}
