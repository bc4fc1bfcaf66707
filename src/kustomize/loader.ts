// kustomize's file loader (api/internal/loader) over the real filesystem (kyaml filesys.MakeFsOnDisk):
// a root directory (absolute, symlinks resolved), files loaded relative to it with kubectl's default
// LoadRestrictionsRootOnly (a file must lie in or below the root), new loaders for bases and components
// with cycle detection, and remote URLs, which kctl cannot fetch: they fail as kubectl fails offline.
import fs from 'node:fs';
import path from 'node:path';
import { KError, wrap } from './errors';

/** filepath.EvalSymlinks' error: lstat on the first component that is missing. */
function evalSymlinks(abs: string): string {
  try { return fs.realpathSync(abs); } catch (e: any) {
    const parts = abs.split(path.sep).filter(Boolean);
    let cur: string = path.sep;
    for (const p of parts) {
      const next = path.join(cur, p);
      try { fs.lstatSync(next); } catch (e2: any) {
        throw new KError(`lstat ${next}: ${e2.code === 'ENOTDIR' ? 'not a directory' : 'no such file or directory'}`);
      }
      try { cur = fs.realpathSync(next); } catch { cur = next; }
    }
    throw new KError(`lstat ${abs}: ${e.code === 'ENOTDIR' ? 'not a directory' : 'no such file or directory'}`);
  }
}
const isDir = (p: string) => { try { return fs.statSync(p).isDirectory(); } catch { return false; } };

/** fsOnDisk.CleanedAbs: the directory part (confirmed) and the file name ('' for a directory). */
export function cleanedAbs(p: string): { dir: string; file: string } {
  const abs = path.resolve(p);
  let real: string;
  try { real = evalSymlinks(abs); } catch (e) { throw new KError(`evalsymlink failure on '${p}' : ${(e as Error).message}`); }
  if (isDir(real)) return { dir: real, file: '' };
  return { dir: path.dirname(real), file: path.basename(real) };
}
/** filesys.ConfirmDir */
export function confirmDir(p: string): string {
  if (p === '') throw new KError('directory path cannot be empty');
  let r;
  try { r = cleanedAbs(p); } catch (e) { throw wrap(e, 'not a valid directory'); }
  if (r.file !== '') throw new KError(`'${p}': file is not directory`);
  return r.dir;
}
const hasPrefix = (d: string, root: string) => root === path.sep || d === root || d.startsWith(root + path.sep);

export function isRemoteFile(p: string): boolean { return /^https?:\/\//i.test(p); }

export class Loader {
  constructor(public root: string, private referrer?: Loader, public rootOnly = true) {}

  static at(target: string, rootOnly = true): Loader {
    const spec = parseRepoSpec(target);
    if (spec) throw cloneError(spec);
    let root: string;
    try { root = confirmDir(target); } catch (e) { throw wrap(e, 'must build at directory'); }
    return new Loader(root, undefined, rootOnly);
  }

  /** FileLoader.Load */
  load(p: string): Buffer {
    if (isRemoteFile(p)) throw new KError(httpError(p));
    let full = path.isAbsolute(p) ? p : path.join(this.root, p);
    if (this.rootOnly) {
      const r = cleanedAbs(full);
      if (r.file === '') throw new KError(`'${full}' must resolve to a file`);
      if (!hasPrefix(r.dir, this.root)) throw new KError(`security; file '${full}' is not in or below '${this.root}'`);
      full = path.join(r.dir, r.file);
    }
    try { return fs.readFileSync(full); } catch (e: any) {
      throw new KError(`open ${full}: ${e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : 'no such file or directory'}`);
    }
  }

  /** FileLoader.New: a loader for a base or component directory. */
  newLoader(p: string): Loader {
    if (p === '') throw new KError('new root cannot be empty');
    const spec = parseRepoSpec(p);
    if (spec) throw cloneError(spec);
    if (path.isAbsolute(p)) throw new KError(`new root '${p}' cannot be absolute`);
    let root: string;
    try { root = confirmDir(path.join(this.root, p)); } catch (e) { throw wrap(e, 'must build at directory'); }
    this.errIfArgEqualOrHigher(root);
    return new Loader(root, this, this.rootOnly);
  }
  private errIfArgEqualOrHigher(candidate: string): void {
    if (hasPrefix(this.root, candidate)) throw new KError(`cycle detected: candidate root '${candidate}' contains visited root '${this.root}'`);
    this.referrer?.errIfArgEqualOrHigher(candidate);
  }
}

// ------------------------------------------------------------------ remote targets (kctl is offline)

interface RepoSpec { raw: string; cloneUrl: string; ref: string }

/** The subset of kustomize's git.NewRepoSpecFromURL kctl needs to name what `git fetch` would have run. */
export function parseRepoSpec(raw: string): RepoSpec | undefined {
  if (raw.startsWith('/') || raw.startsWith('.')) return undefined;
  let s = raw;
  let ref = '';
  const q = s.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(s.slice(q + 1));
    ref = params.get('ref') ?? params.get('version') ?? '';
    s = s.slice(0, q);
  }
  let host = '', rest = '';
  const m = /^(https?:\/\/|ssh:\/\/|git::|file:\/\/)?(git@)?([^/:]+\.[^/:]+)[/:](.*)$/i.exec(s);
  if (!m) {
    const gh = /^(gh:|github\.com\/)(.*)$/.exec(s);
    if (!gh) return undefined;
    host = 'github.com'; rest = gh[2]!;
  } else {
    if (!m[1] && !m[2] && !/^(github\.com|gitlab\.com|bitbucket\.org)$/i.test(m[3]!)) return undefined;
    host = m[3]!; rest = m[4]!;
  }
  let repoPath = rest;
  const dbl = rest.indexOf('//');
  if (dbl >= 0) repoPath = rest.slice(0, dbl);
  else {
    const dotGit = rest.indexOf('.git');
    if (dotGit >= 0) repoPath = rest.slice(0, dotGit + 4);
    else repoPath = rest.split('/').slice(0, 2).join('/');
  }
  repoPath = repoPath.replace(/\/$/, '');
  const scheme = /^git@/i.test(raw) ? '' : 'https://';
  const cloneUrl = scheme ? `${scheme}${host}/${repoPath}` : `git@${host}:${repoPath}`;
  return { raw, cloneUrl, ref };
}
function nameserver(): string {
  try {
    const m = /^\s*nameserver\s+(\S+)/m.exec(fs.readFileSync('/etc/resolv.conf', 'utf8'));
    if (m) return m[1]!.includes(':') ? `[${m[1]}]:53` : `${m[1]}:53`;
  } catch { /* none */ }
  return '127.0.0.1:53';
}
function hostOf(url: string): string {
  try { return new URL(url).hostname; } catch { return url; }
}
/** What Go's http client says when the host cannot be resolved. */
export function httpError(url: string): string {
  return `Get ${JSON.stringify(url)}: dial tcp: lookup ${hostOf(url)} on ${nameserver()}: no such host`;
}
function gitPath(): string {
  for (const d of (process.env.PATH ?? '').split(':')) {
    if (d && fs.existsSync(path.join(d, 'git'))) return path.join(d, 'git');
  }
  return 'git';
}
export function cloneError(spec: RepoSpec): KError {
  const host = /^git@([^:]+):/.exec(spec.cloneUrl)?.[1] ?? hostOf(spec.cloneUrl);
  const shown = spec.cloneUrl.startsWith('git@') ? spec.cloneUrl : spec.cloneUrl + '/';
  const fatal = spec.cloneUrl.startsWith('git@')
    ? `ssh: Could not resolve hostname ${host}: Name or service not known\r\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.`
    : `fatal: unable to access '${shown}': Could not resolve host: ${host}`;
  return new KError(`failed to run '${gitPath()} fetch --depth=1 ${spec.cloneUrl} ${spec.ref || 'HEAD'}': ${fatal}\n: exit status 128`);
}
