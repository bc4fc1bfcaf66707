// What an image is once pulled: its config (entrypoint, cmd, env, working dir, user, stop signal) and its
// root filesystem. The data lives in images.json (repositories → config and files) over a few base
// userlands (busybox, alpine, debian, ubuntu, distroless). Executables are native "applets" of the
// simulated userland (src/runtime/userland/); a file's content marks which applet it is, so `cat /bin/ls`
// shows binary junk, `ls -l /bin/sh` shows the link, and a command an image lacks is not found.
import { MapLayer, Inode } from './fs';
import type { ImageRef } from '../kubelet/images';

export interface ImageConfig {
  /** Which base userland (message dialects and available commands). */
  flavor: string;
  entrypoint?: string[];
  cmd?: string[];
  env: Record<string, string>;
  workingDir?: string;
  user?: string;
  stopSignal?: string;
  /** Resident memory of the default process (bytes) and its idle CPU (millicores). */
  memory?: number;
  cpu?: number;
}

interface RepoData extends Partial<ImageConfig> {
  base?: string;
  files?: Record<string, FileSpec>;
  tags?: Record<string, Partial<RepoData>>;
}
/** null: the file is not in this tag (a tag's override removing the repository's file). */
type FileSpec = null | string | { link: string } | { dir: true; mode?: number; uid?: number; gid?: number } | { applet: string } | { data: string; mode?: number; uid?: number; gid?: number };
interface BaseData { env: Record<string, string>; applets: Record<string, string[]>; files: Record<string, FileSpec>; links?: Record<string, string>; busybox?: boolean; dirs?: string[] }

/** The bundle holds each base and repository as JSON text, parsed when first looked at (scripts/build.mjs). */
type Catalog = { bases: Record<string, BaseData | string>; repos: Record<string, RepoData | string> };
let catalog: Catalog | undefined;
/** The catalog, read when an image is first looked at (reading a container's log needs none of it). */
const cat = (): Catalog => (catalog ??= require('./images.json') as Catalog);
function entry<T>(m: Record<string, T | string>, key: string): T | undefined {
  if (!Object.hasOwn(m, key)) return undefined;
  const v = m[key]!;
  if (typeof v !== 'string') return v;
  const o = JSON.parse(v) as T;
  m[key] = o;
  return o;
}
const baseData = (name: string): BaseData => entry(cat().bases, name) ?? entry(cat().bases, 'busybox')!;

/** The ELF-looking content of a native applet. */
export const APPLET_MARK = '\u007fELF\u0002\u0001\u0001\u0000kctl-applet:';
export function appletOf(data: string): string | undefined {
  if (!data.startsWith(APPLET_MARK)) return undefined;
  const end = data.indexOf('\u0000', APPLET_MARK.length);
  return data.slice(APPLET_MARK.length, end < 0 ? undefined : end);
}
const appletData = (name: string) => `${APPLET_MARK}${name}\u0000\u0000\u0000\u0000\u0002\u0000>\u0000\u0001\u0000\u0000\u0000`;

/** An image the catalog does not describe: a busybox userland whose default process idles until stopped. */
const UNKNOWN: RepoData = { base: 'busybox', entrypoint: ['/usr/local/bin/app'], files: { '/usr/local/bin/app': { applet: 'idle' }, '/usr/bin/curl': { applet: 'curl' } } };

function repoData(ref: ImageRef): RepoData {
  const r = entry(cat().repos, ref.repo);
  if (!r) return UNKNOWN;
  const t = r.tags?.[ref.tag];
  return t ? { ...r, ...t, env: { ...(r.env ?? {}), ...(t.env ?? {}) }, files: { ...(r.files ?? {}), ...(t.files ?? {}) } } : r;
}

export function imageConfig(ref: ImageRef): ImageConfig {
  const r = repoData(ref);
  const base = baseData(r.base ?? 'busybox');
  return {
    flavor: r.flavor ?? r.base ?? 'busybox',
    entrypoint: r.entrypoint, cmd: r.cmd ?? (r.entrypoint ? undefined : r.base && r.base !== 'scratch' ? ['sh'] : undefined),
    env: { ...base.env, ...(r.env ?? {}) },
    workingDir: r.workingDir, user: r.user, stopSignal: r.stopSignal,
    memory: r.memory, cpu: r.cpu,
  };
}
/** Is the repository one the catalog describes (its command and files are known)? */
export function knownImage(ref: ImageRef): boolean { return Object.hasOwn(cat().repos, ref.repo); }

const layers = new Map<string, MapLayer>();

/** The image's root filesystem, as one read-only layer (built once per process). */
export function imageLayer(ref: ImageRef): MapLayer {
  const key = `${ref.repo}:${ref.tag}`;
  let l = layers.get(key);
  if (l) return l;
  const r = repoData(ref);
  const baseName = r.base ?? 'busybox';
  const base = baseData(baseName);
  const files = new Map<string, Inode>();
  const dir = (p: string, mode = 0o755, uid = 0, gid = 0) => { if (!files.has(p)) files.set(p, { k: 'd', mode, uid, gid, mtime: BUILD_TIME }); };
  const parents = (p: string) => { const parts = p.split('/'); for (let i = 1; i < parts.length; i++) dir(parts.slice(0, i).join('/')); };
  const put = (abs: string, spec: FileSpec) => {
    const p = abs.replace(/^\/+/, '');
    if (spec === null) { files.delete(p); return; }
    parents(p);
    if (typeof spec === 'string') files.set(p, { k: 'f', mode: 0o644, uid: 0, gid: 0, mtime: BUILD_TIME, data: spec });
    else if ('link' in spec) files.set(p, { k: 'l', mode: 0o777, uid: 0, gid: 0, mtime: BUILD_TIME, data: spec.link });
    else if ('dir' in spec) files.set(p, { k: 'd', mode: spec.mode ?? 0o755, uid: spec.uid ?? 0, gid: spec.gid ?? 0, mtime: BUILD_TIME });
    else if ('applet' in spec) files.set(p, { k: 'f', mode: 0o755, uid: 0, gid: 0, mtime: BUILD_TIME, data: appletData(spec.applet) });
    else files.set(p, { k: 'f', mode: spec.mode ?? 0o644, uid: spec.uid ?? 0, gid: spec.gid ?? 0, mtime: BUILD_TIME, data: spec.data });
  };
  files.set('', { k: 'd', mode: 0o755, uid: 0, gid: 0, mtime: BUILD_TIME });
  // the image's own top-level layout (busybox's is small), else a common one
  for (const d of base.dirs ?? ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'usr', 'usr/bin', 'usr/sbin', 'usr/local', 'usr/local/bin', 'sbin', 'var', 'var/log', 'var/run', 'run', 'opt', 'mnt', 'srv', 'lib'])
    if (baseName !== 'scratch') dir(d, d === 'root' ? 0o700 : 0o755);
  if (baseName !== 'scratch') dir('tmp', 0o1777);
  // applets: busybox-style images link them all to /bin/busybox
  if (base.busybox) put('/bin/busybox', { applet: 'busybox' });
  for (const [d, names] of Object.entries(base.applets)) {
    for (const n of names) put(`${d}/${n}`, base.busybox ? { link: '/bin/busybox' } : { applet: n });
  }
  for (const [p, spec] of Object.entries(base.files)) put(p, spec);
  for (const [p, target] of Object.entries(base.links ?? {})) put(p, { link: target });
  for (const [p, spec] of Object.entries(r.files ?? {})) put(p, spec);
  l = new MapLayer(`image:${key}`, files);
  layers.set(key, l);
  return l;
}

/** Images carry their build time as every file's mtime. */
const BUILD_TIME = Date.UTC(2024, 0, 1);
