// A container's filesystem, as containerd and the kubelet assemble it: the image's read-only layers with
// the container's own writable layer over them (overlayfs, whiteouts for deletions), and mounts on top:
// the pod's volumes (emptyDir, configMap, secret, downwardAPI, projected, hostPath, persistent claims),
// the files the kubelet manages (/etc/hosts, /etc/hostname, /etc/resolv.conf, /dev/termination-log) and
// the kernel's /dev and /proc. Nothing touches the host: stored layers are rows in the cluster database.
//
// Paths are absolute and normalized; a layer addresses its files by the path relative to its root ('' is
// the root directory itself).

export type Kind = 'f' | 'd' | 'l';
export interface Inode {
  k: Kind;
  /** Permission bits (0o644, 0o755…). */
  mode: number;
  uid: number;
  gid: number;
  /** Modification time, ms since the epoch (cluster clock). */
  mtime: number;
  /** File content, or a symlink's target. */
  data?: string;
}
/** A deletion in an upper layer hiding a lower layer's file (overlayfs whiteout). */
export const WHITEOUT = 'w';

/** One stored or generated layer: a flat map of relative paths to inodes. */
export interface Layer {
  readonly id: string;
  get(rel: string): Inode | typeof WHITEOUT | undefined;
  /** Names directly inside `rel` (whiteouts included as WHITEOUT entries). */
  children(rel: string): Map<string, Inode | typeof WHITEOUT>;
  put?(rel: string, node: Inode | typeof WHITEOUT): void;
  del?(rel: string): void;
}

/** A read-only layer from data (image layers, generated volumes before they are stored). */
export class MapLayer implements Layer {
  private kids = new Map<string, Map<string, Inode>>();
  constructor(public readonly id: string, public files: Map<string, Inode>) {
    for (const [rel, node] of files) {
      if (rel === '') continue;
      const i = rel.lastIndexOf('/');
      const dir = i < 0 ? '' : rel.slice(0, i);
      let m = this.kids.get(dir);
      if (!m) this.kids.set(dir, (m = new Map()));
      m.set(rel.slice(i + 1), node);
    }
  }
  get(rel: string): Inode | undefined { return this.files.get(rel); }
  children(rel: string): Map<string, Inode> { return this.kids.get(rel) ?? new Map(); }
}

/** A writable layer held in memory (a container's upper layer, a volume); `changes` tracks what to store. */
export class MemLayer implements Layer {
  private all = new Map<string, Inode | typeof WHITEOUT>();
  private kids = new Map<string, Set<string>>();
  changes = new Set<string>();
  /** Where the files come from when first looked at (a stored layer is read only if a process goes there). */
  private source: (() => Iterable<[string, Inode | typeof WHITEOUT]>) | undefined;
  constructor(public readonly id: string, initial?: Iterable<[string, Inode | typeof WHITEOUT]> | (() => Iterable<[string, Inode | typeof WHITEOUT]>)) {
    if (typeof initial === 'function') this.source = initial;
    else if (initial) for (const [k, v] of initial) this.set(k, v, false);
  }
  /** Whether its files have not been looked at yet (they are still where they come from). */
  get unread(): boolean { return this.source !== undefined; }
  /** Where its files come from, now (a layer nobody has looked into). */
  protected from(source: () => Iterable<[string, Inode | typeof WHITEOUT]>): void { this.source = source; }
  get files(): Map<string, Inode | typeof WHITEOUT> {
    if (this.source) { const load = this.source; this.source = undefined; for (const [k, v] of load()) this.set(k, v, false); }
    return this.all;
  }
  private set(rel: string, node: Inode | typeof WHITEOUT | undefined, track: boolean): void {
    const i = rel.lastIndexOf('/');
    const dir = i < 0 ? '' : rel.slice(0, i);
    const name = rel.slice(i + 1);
    if (node === undefined) { this.all.delete(rel); this.kids.get(dir)?.delete(name); }
    else {
      this.all.set(rel, node);
      if (rel !== '') { let k = this.kids.get(dir); if (!k) this.kids.set(dir, (k = new Set())); k.add(name); }
    }
    if (track) this.changes.add(rel);
  }
  get(rel: string): Inode | typeof WHITEOUT | undefined { return this.files.get(rel); }
  children(rel: string): Map<string, Inode | typeof WHITEOUT> {
    const files = this.files;
    const out = new Map<string, Inode | typeof WHITEOUT>();
    for (const n of this.kids.get(rel) ?? []) { const v = files.get(rel ? `${rel}/${n}` : n); if (v !== undefined) out.set(n, v); }
    return out;
  }
  put(rel: string, node: Inode | typeof WHITEOUT): void { void this.files; this.set(rel, node, true); }
  del(rel: string): void { void this.files; this.set(rel, undefined, true); }
}

export class FsError extends Error {
  constructor(public code: 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'EACCES' | 'EROFS' | 'ENOTEMPTY' | 'ELOOP' | 'EINVAL' | 'EXDEV' | 'EPERM' | 'ENOSPC', public path: string) {
    super(FS_MESSAGES[code]);
  }
}
export const FS_MESSAGES: Record<string, string> = {
  ENOENT: 'No such file or directory', EEXIST: 'File exists', ENOTDIR: 'Not a directory', EISDIR: 'Is a directory',
  EACCES: 'Permission denied', EROFS: 'Read-only file system', ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links', EINVAL: 'Invalid argument', EXDEV: 'Invalid cross-device link',
  EPERM: 'Operation not permitted', ENOSPC: 'No space left on device',
};

/** Something mounted at a path: a stack of layers (the first writable, if any) and how it is mounted. */
export interface Mount {
  /** Absolute mount point ('/' for the root filesystem). */
  at: string;
  /** Upper layer first. Writes go to layers[0] when the mount is writable. */
  layers: Layer[];
  /** The directory inside the layers that appears at `at` (subPath, hostPath roots). */
  root: string;
  ro: boolean;
  /** What the mount is, for mountinfo and for deciding whether a reader is touching shared state. */
  kind: 'rootfs' | 'volume' | 'kubelet' | 'dev' | 'proc';
  /** The volume is visible to other containers or pods (emptyDir, hostPath, claims, …). */
  shared?: boolean;
  /** Its content can change without the container writing it (configMap/secret refreshes, other writers). */
  mutable?: boolean;
  /** A single file bind-mounted (root names the file). */
  file?: boolean;
}

export interface Cred { uid: number; gid: number; groups?: number[] }
export interface FsHooks {
  now(): number;
  /** Called for every read and write of a mount that is shared or mutable (lazy-loop bookkeeping). */
  touched?(m: Mount, write: boolean): void;
  /** Every change, for the kernel's repeating-loop bookkeeping: a write (whole or appended data) or another kind. */
  changed?(op: 'write' | 'append' | 'other', abs: string, data?: string): void;
}

const MAX_LINKS = 40;

export function normalize(p: string, cwd = '/'): string {
  const abs = p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop(); else out.push(part);
  }
  return '/' + out.join('/');
}
const join = (a: string, b: string) => (a ? (b ? `${a}/${b}` : a) : b);
const parentOf = (p: string) => { const i = p.lastIndexOf('/'); return i <= 0 ? '/' : p.slice(0, i); };
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** A container's view: mounts resolved by longest prefix, symlinks followed across them. */
export class FileSystem {
  mounts: Mount[];
  constructor(mounts: Mount[], public hooks: FsHooks) {
    this.mounts = [...mounts].sort((a, b) => b.at.length - a.at.length);
  }

  /** The mount holding an absolute path, and the path inside the mount's layers. */
  locate(abs: string): { m: Mount; rel: string } {
    for (const m of this.mounts) {
      if (abs === m.at || m.at === '/' || abs.startsWith(m.at + '/')) {
        const inner = m.at === '/' ? abs.slice(1) : abs.slice(m.at.length + 1);
        if (m.file) return { m, rel: inner ? `${m.root}/${inner}` : m.root };
        return { m, rel: join(m.root, inner) };
      }
    }
    throw new FsError('ENOENT', abs);
  }

  private lookupIn(m: Mount, rel: string): Inode | undefined {
    for (const l of m.layers) {
      const n = l.get(rel);
      if (n === WHITEOUT) return undefined;
      if (n) return n;
      // a whiteout of a parent hides everything below it
      if (rel && hiddenByParent(l, rel)) return undefined;
    }
    if (rel === '' || rel === m.root) return { k: 'd', mode: 0o755, uid: 0, gid: 0, mtime: 0 };
    return undefined;
  }

  /** Resolve symlinks: the final absolute path (the last component's link followed when `follow`). */
  resolve(path: string, cwd = '/', follow = true): string {
    let parts = normalize(path, cwd).split('/').filter(Boolean);
    let cur = '/';
    let links = 0;
    for (let i = 0; i < parts.length; i++) {
      const next = cur === '/' ? `/${parts[i]}` : `${cur}/${parts[i]}`;
      const last = i === parts.length - 1;
      const { m, rel } = this.locate(next);
      const node = this.lookupIn(m, rel);
      if (node?.k === 'l' && (!last || follow)) {
        if (++links > MAX_LINKS) throw new FsError('ELOOP', path);
        const target = node.data ?? '';
        const rest = parts.slice(i + 1);
        const base = target.startsWith('/') ? '/' : cur;
        parts = normalize(target, base).split('/').filter(Boolean).concat(rest);
        cur = '/';
        i = -1;
        continue;
      }
      if (!last && node && node.k !== 'd') throw new FsError('ENOTDIR', path);
      cur = next;
    }
    return cur;
  }

  stat(path: string, cwd = '/', follow = true): Inode | undefined {
    let abs: string;
    try { abs = this.resolve(path, cwd, follow); } catch (e) { if (e instanceof FsError && e.code === 'ENOENT') return undefined; throw e; }
    const { m, rel } = this.locate(abs);
    this.hooks.touched?.(m, false);
    return this.lookupIn(m, rel);
  }
  exists(path: string, cwd = '/'): boolean { try { return !!this.stat(path, cwd); } catch { return false; } }

  readFile(path: string, cwd = '/', cred?: Cred): string {
    const abs = this.resolve(path, cwd);
    const { m, rel } = this.locate(abs);
    this.hooks.touched?.(m, false);
    const n = this.lookupIn(m, rel);
    if (!n) throw new FsError('ENOENT', path);
    if (n.k === 'd') throw new FsError('EISDIR', path);
    if (cred && !allowed(n, cred, 4)) throw new FsError('EACCES', path);
    return n.data ?? '';
  }

  /** Names in a directory, sorted, with their inodes (links not followed). */
  readDir(path: string, cwd = '/', cred?: Cred): [string, Inode][] {
    const abs = this.resolve(path, cwd);
    const { m, rel } = this.locate(abs);
    this.hooks.touched?.(m, false);
    const n = this.lookupIn(m, rel);
    if (!n) throw new FsError('ENOENT', path);
    if (n.k !== 'd') throw new FsError('ENOTDIR', path);
    if (cred && !allowed(n, cred, 4)) throw new FsError('EACCES', path);
    const out = new Map<string, Inode>();
    const hidden = new Set<string>();
    for (const l of m.layers) {
      for (const [name, node] of l.children(rel)) {
        if (out.has(name) || hidden.has(name)) continue;
        if (node === WHITEOUT) hidden.add(name); else out.set(name, node);
      }
    }
    // mount points directly below appear as directories
    for (const mm of this.mounts) {
      if (mm.at !== '/' && parentOf(mm.at) === abs && !out.has(baseOf(mm.at)))
        out.set(baseOf(mm.at), this.lookupIn(mm, mm.root) ?? { k: mm.file ? 'f' : 'd', mode: 0o755, uid: 0, gid: 0, mtime: 0 });
    }
    return [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  private writable(abs: string, path: string): { m: Mount; rel: string; l: Layer } {
    const { m, rel } = this.locate(abs);
    const l = m.layers[0];
    if (m.ro || !l?.put) throw new FsError('EROFS', path);
    this.hooks.touched?.(m, true);
    return { m, rel, l };
  }
  private checkParent(abs: string, path: string, cred?: Cred): void {
    const parent = parentOf(abs);
    const { m, rel } = this.locate(parent);
    const pn = this.lookupIn(m, rel);
    if (!pn) throw new FsError('ENOENT', path);
    if (pn.k !== 'd') throw new FsError('ENOTDIR', path);
    if (cred && !allowed(pn, cred, 2)) throw new FsError('EACCES', path);
  }

  writeFile(path: string, data: string, opts: { cwd?: string; append?: boolean; cred?: Cred; mode?: number } = {}): void {
    const cwd = opts.cwd ?? '/';
    const abs = this.resolve(path, cwd);
    const { m, rel } = this.locate(abs);
    const existing = this.lookupIn(m, rel);
    if (existing?.k === 'd') throw new FsError('EISDIR', path);
    if (!existing) this.checkParent(abs, path, opts.cred);
    else if (opts.cred && !allowed(existing, opts.cred, 2)) throw new FsError('EACCES', path);
    const w = this.writable(abs, path);
    const now = this.hooks.now();
    const node: Inode = existing
      ? { ...existing, data: opts.append ? (existing.data ?? '') + data : data, mtime: now }
      : { k: 'f', mode: opts.mode ?? 0o644, uid: opts.cred?.uid ?? 0, gid: opts.cred?.gid ?? 0, mtime: now, data };
    w.l.put!(w.rel, node);
    this.hooks.changed?.(opts.append ? 'append' : 'write', abs, data);
  }

  mkdir(path: string, opts: { cwd?: string; parents?: boolean; cred?: Cred; mode?: number } = {}): void {
    const abs = normalize(path, opts.cwd ?? '/');
    if (opts.parents) {
      let cur = '';
      for (const part of abs.split('/').filter(Boolean)) {
        cur += '/' + part;
        const st = this.stat(cur);
        if (st) { if (st.k !== 'd') throw new FsError('ENOTDIR', path); continue; }
        this.mkdir(cur, { cred: opts.cred, mode: opts.mode });
      }
      return;
    }
    const resolvedParent = this.resolve(parentOf(abs));
    const target = resolvedParent === '/' ? `/${baseOf(abs)}` : `${resolvedParent}/${baseOf(abs)}`;
    if (this.stat(target, '/', false)) throw new FsError('EEXIST', path);
    this.checkParent(target, path, opts.cred);
    const w = this.writable(target, path);
    w.l.put!(w.rel, { k: 'd', mode: opts.mode ?? 0o755, uid: opts.cred?.uid ?? 0, gid: opts.cred?.gid ?? 0, mtime: this.hooks.now() });
    this.hooks.changed?.('other', target);
  }

  symlink(target: string, path: string, cwd = '/', cred?: Cred): void {
    const abs = normalize(path, cwd);
    if (this.stat(abs, '/', false)) throw new FsError('EEXIST', path);
    this.checkParent(abs, path, cred);
    const w = this.writable(abs, path);
    w.l.put!(w.rel, { k: 'l', mode: 0o777, uid: cred?.uid ?? 0, gid: cred?.gid ?? 0, mtime: this.hooks.now(), data: target });
    this.hooks.changed?.('other', abs);
  }

  /** Remove a file, link or (with dir) an empty directory. */
  unlink(path: string, opts: { cwd?: string; dir?: boolean; cred?: Cred } = {}): void {
    const abs0 = normalize(path, opts.cwd ?? '/');
    const abs = this.resolve(parentOf(abs0)) === '/' ? `/${baseOf(abs0)}` : `${this.resolve(parentOf(abs0))}/${baseOf(abs0)}`;
    const { m, rel } = this.locate(abs);
    const n = this.lookupIn(m, rel);
    if (!n) throw new FsError('ENOENT', path);
    if (this.mounts.some(mm => mm.at === abs)) throw new FsError(n.k === 'd' ? 'EPERM' : 'EPERM', path);
    if (n.k === 'd') {
      if (!opts.dir) throw new FsError('EISDIR', path);
      if (this.readDir(abs).length) throw new FsError('ENOTEMPTY', path);
    }
    this.checkParent(abs, path, opts.cred);
    const w = this.writable(abs, path);
    // a file only in a lower layer needs a whiteout; one in the upper layer can simply go
    const lower = m.layers.slice(1).some(l => { const x = l.get(rel); return x && x !== WHITEOUT; });
    if (lower) w.l.put!(w.rel, WHITEOUT); else w.l.del!(w.rel);
    this.hooks.changed?.('other', abs);
  }

  /** Set attributes of an existing inode (chmod, chown, touch). */
  setAttr(path: string, attrs: Partial<Pick<Inode, 'mode' | 'uid' | 'gid' | 'mtime'>>, cwd = '/', follow = true): void {
    const abs = this.resolve(path, cwd, follow);
    const { m, rel } = this.locate(abs);
    const n = this.lookupIn(m, rel);
    if (!n) throw new FsError('ENOENT', path);
    const w = this.writable(abs, path);
    w.l.put!(w.rel, { ...n, ...attrs });
  }

  /** Rename within one mount (EXDEV across mounts, as rename(2)). */
  rename(from: string, to: string, cwd = '/', cred?: Cred): void {
    const a = normalize(from, cwd), b = normalize(to, cwd);
    const src = this.locate(a), dst = this.locate(b);
    if (src.m !== dst.m) throw new FsError('EXDEV', to);
    const node = this.lookupIn(src.m, src.rel);
    if (!node) throw new FsError('ENOENT', from);
    const tn = this.lookupIn(dst.m, dst.rel);
    if (tn?.k === 'd' && node.k !== 'd') throw new FsError('EISDIR', to);
    this.checkParent(b, to, cred);
    const moves: [string, Inode][] = [[src.rel, node]];
    if (node.k === 'd') for (const [rel, n] of this.walk(src.m, src.rel)) moves.push([rel, n]);
    for (const [rel] of [...moves].reverse()) this.unlinkRaw(src.m, rel);
    for (const [rel, n] of moves) {
      const nrel = dst.rel + rel.slice(src.rel.length);
      this.writable(b, to).l.put!(nrel, { ...n });
    }
    this.hooks.changed?.('other', b);
  }
  private unlinkRaw(m: Mount, rel: string): void {
    const l = m.layers[0]!;
    const lower = m.layers.slice(1).some(x => { const y = x.get(rel); return y && y !== WHITEOUT; });
    if (lower) l.put!(rel, WHITEOUT); else l.del!(rel);
  }
  /** Every path below a directory of one mount (relative paths, parents first). */
  walk(m: Mount, rel: string): [string, Inode][] {
    const out: [string, Inode][] = [];
    const visit = (dir: string) => {
      const seen = new Set<string>();
      for (const l of m.layers) {
        for (const [name, n] of l.children(dir)) {
          if (seen.has(name)) continue;
          seen.add(name);
          if (n === WHITEOUT) continue;
          const p = join(dir, name);
          out.push([p, n]);
          if (n.k === 'd') visit(p);
        }
      }
    };
    visit(rel);
    return out;
  }
}

function hiddenByParent(l: Layer, rel: string): boolean {
  let i = rel.lastIndexOf('/');
  while (i > 0) {
    if (l.get(rel.slice(0, i)) === WHITEOUT) return true;
    i = rel.lastIndexOf('/', i - 1);
  }
  return false;
}

/** Unix permission check: `want` is 4 (read), 2 (write) or 1 (execute). Root may do anything. */
export function allowed(n: Inode, c: Cred, want: number): boolean {
  if (c.uid === 0) return true;
  if (n.uid === c.uid) return ((n.mode >> 6) & want) === want;
  if (n.gid === c.gid || c.groups?.includes(n.gid)) return ((n.mode >> 3) & want) === want;
  return (n.mode & want) === want;
}

/** ls -l's mode string: drwxr-xr-x. */
export function modeString(n: Inode): string {
  const t = n.k === 'd' ? 'd' : n.k === 'l' ? 'l' : '-';
  let s = t;
  for (const sh of [6, 3, 0]) {
    const b = (n.mode >> sh) & 7;
    s += (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  }
  return s;
}
