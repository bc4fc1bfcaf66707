// kubectl cp: files and directories to and from a container, as k8s.io/kubectl/pkg/cmd/cp does it — through
// exec: `test -d DEST` then `tar -xmf - -C DIR` with a tar stream on stdin (to the pod), `tar cf - SRC` read
// back and unpacked here (from the pod). So the container needs a tar (its own, src/runtime/userland), and
// its messages are tar's ("tar: Removing leading `/' from member names", printed on stdout as kubectl does).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Session } from '../session';
import { openSession } from './common';
import { CliError } from '../../api/errors';
import { intFlag } from '../goflags';
import { goPathError, mkdirAll as mkdirP } from '../../util/gofs';
import { keep } from '../async';

const FORMAT = 'filespec must match the canonical format: [[namespace/]pod:]file/path';

export function register(program: Command, ctx: VerbContext): void {
  program.command('cp')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    .option('--no-preserve', "The copied file/directory's ownership and permissions will not be preserved in the container", false)
    .option('--retries <n>', 'Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).', '0')
    .action((args: string[], opts: any) => { keep(cp(ctx, args, opts)); });
}

interface FileSpec { pod?: string; ns?: string; file: string; remote: boolean }

const stripTrailingSlash = (f: string) => (f.length && f !== '/' && f.endsWith('/') ? f.slice(0, -1) : f);
function extractFileSpec(arg: string): FileSpec {
  const i = arg.indexOf(':');
  if (i === 0) throw new CliError(FORMAT);
  if (i < 0) return { file: stripTrailingSlash(arg), remote: false };
  const pod = arg.slice(0, i), file = stripTrailingSlash(arg.slice(i + 1).replace(/\\/g, '/'));
  const pieces = pod.split('/');
  if (pieces.length === 1) return { pod: pieces[0], file, remote: true };
  if (pieces.length === 2) return { ns: pieces[0], pod: pieces[1], file, remote: true };
  throw new CliError(FORMAT);
}

async function cp(ctx: VerbContext, args: string[], opts: any): Promise<void> {
  // flags: --no-preserve is a plain boolean for kubectl (commander reads --no-x as a negation)
  const noPreserve = ctx.argv.some(a => a === '--no-preserve' || /^--no-preserve=(1|t|T|TRUE|true|True)$/.test(a));
  const retries = intFlag(opts.retries, 'retries', 'kctl cp', 32);
  const s = openSession(ctx);
  try {
    if (args.length !== 2) throw new CliError('source and destination are required');
    const src = extractFileSpec(args[0]!), dest = extractFileSpec(args[1]!);
    if (src.pod && dest.pod) throw new CliError('one of src or dest must be a local file specification');
    if (!src.file || !dest.file) throw new CliError('filepath can not be empty');
    if (src.pod) return await copyFromPod(ctx, s, src, dest, opts.container, retries);
    if (dest.pod) return await copyToPod(ctx, s, src, dest, opts.container, noPreserve);
    throw new CliError('one of src or dest must be a remote file specification');
  } finally { s.close(); }
}

// ------------------------------------------------------------------------------------------ exec plumbing
interface Ran { out: string; err: string; code: number }
/** kubectl's ExecOptions.Run for cp: the pod by name, the container, the command run to its end. */
function execute(ctx: VerbContext, s: Session, spec: FileSpec, container: string | undefined, argv: string[], stdin: string | undefined, notices: 1 | 2 | 0): Ran {
  const { startExec: start } = require('../../kubelet/streaming') as typeof import('../../kubelet/streaming');
  const { getPod } = require('../podtarget') as typeof import('../podtarget');
  const { pickContainer } = require('../containers') as typeof import('../containers');
  const { ContainerRuntime } = require('../../runtime/cri') as typeof import('../../runtime/cri');
  const { writeFd } = require('../stream') as typeof import('../stream');
  const ns = spec.ns ?? s.namespace;
  const t = s.step(rt => {
    const pod = getPod(rt, ns, spec.pod!);
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
    let name = container;
    if (!name) {
      const picked = pickContainer(pod, undefined, false);
      if (picked.notice && notices) writeFd(notices, picked.notice + '\n');
      name = picked.c.name as string;
    }
    const target = start(rt, pod, name, argv, { stdin: stdin !== undefined, tty: false });
    const cri = ContainerRuntime.of(rt);
    if (stdin !== undefined) { cri.feed(target.uid, target.cid, target.sid, stdin); cri.feed(target.uid, target.cid, target.sid, null); }
    return target;
  });
  let out = '', err = '';
  for (;;) {
    const got = s.step(rt => {
      const r = ContainerRuntime.of(rt).poll(t.uid, t.cid, t.sid);
      const next = rt.nextDue();
      return { ...r, wait: next !== undefined ? next - rt.clock.now() : 200 };
    });
    out += got.out; err += got.err;
    if (got.code !== undefined) return { out, err, code: got.code };
    s.sleep(Math.max(5, Math.min(200, got.wait)));
  }
  void ctx;
}
/** A command's non-zero exit, as kubectl's CheckErr prints it. */
const exitError = (code: number) => new CliError(`command terminated with exit code ${code}`, code, true);

// ------------------------------------------------------------------------------------------ to the pod
async function copyToPod(ctx: VerbContext, s: Session, src: FileSpec, dest: FileSpec, container: string | undefined, noPreserve: boolean): Promise<void> {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const { fromBytes } = require('../../runtime/bytes') as typeof import('../../runtime/bytes');
  const { writeFd } = require('../stream') as typeof import('../stream');
  try { fs.statSync(src.file); } catch { throw new CliError(`${src.file} doesn't exist in local filesystem`); }
  let destFile = dest.file;
  // checkDestinationIsDir: `test -d DEST`, output discarded; any failure means "not a directory"
  let isDir = false;
  try { isDir = execute(ctx, s, dest, container, ['test', '-d', dest.file], undefined, 0).code === 0; } catch { isDir = false; }
  if (isDir) destFile = posixJoin(destFile, path.basename(path.normalize(src.file)));
  const tar = makeTar(path.normalize(src.file), posixClean(destFile));
  const cmd = noPreserve ? ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-'] : ['tar', '-xmf', '-'];
  const dir = posixDir(destFile);
  if (dir) cmd.push('-C', dir);
  const r = execute(ctx, s, dest, container, cmd, fromBytes(tar), 2);
  writeFd(1, r.out);
  writeFd(2, r.err);
  if (r.code) throw exitError(r.code);
}

/** makeTar: the local file or directory under the destination's name (recursiveTar). */
function makeTar(srcPath: string, destPath: string): Buffer {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const { tarMember, TAR_END } = require('../tarstream') as typeof import('../tarstream');
  const parts: Buffer[] = [];
  const names = ownerNames();
  const walk = (local: string, remote: string) => {
    let st: import('node:fs').Stats;
    try { st = fs.lstatSync(local); } catch (e: any) { throw new CliError(goPathError('lstat', local, e)); }
    const base = { name: remote, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, uname: names.user(st.uid), gname: names.group(st.gid), mtime: Math.round(st.mtimeMs / 1000), linkname: '' };
    if (st.isDirectory()) {
      const kids = fs.readdirSync(local).sort();
      if (!kids.length) parts.push(tarMember({ ...base, type: '5' }));
      for (const k of kids) walk(path.join(local, k), posixJoin(remote, k));
    } else if (st.isSymbolicLink()) {
      parts.push(tarMember({ ...base, type: '2', linkname: fs.readlinkSync(local) }));
    } else {
      parts.push(tarMember({ ...base, type: '0', data: fs.readFileSync(local) }));
    }
  };
  walk(srcPath, posixBase(destPath));
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

/** The names Go's tar.FileInfoHeader looks up for a file's owner. */
function ownerNames(): { user(id: number): string; group(id: number): string } {
  const fs = require('node:fs') as typeof import('node:fs');
  const table = (file: string) => {
    const m = new Map<number, string>();
    try { for (const l of fs.readFileSync(file, 'utf8').split('\n')) { const f = l.split(':'); if (f.length > 2) m.set(Number(f[2]), f[0]!); } } catch { /* none */ }
    return m;
  };
  let users: Map<number, string> | undefined, groups: Map<number, string> | undefined;
  return {
    user: id => (users ??= table('/etc/passwd')).get(id) ?? '',
    group: id => (groups ??= table('/etc/group')).get(id) ?? '',
  };
}

// ------------------------------------------------------------------------------------------ from the pod
async function copyFromPod(ctx: VerbContext, s: Session, src: FileSpec, dest: FileSpec, container: string | undefined, retries: number): Promise<void> {
  const { toBytes } = require('../../runtime/bytes') as typeof import('../../runtime/bytes');
  const { writeFd } = require('../stream') as typeof import('../stream');
  const { untar } = require('../tarstream') as typeof import('../tarstream');
  // tar's stderr (and the container notice) goes to kubectl's stdout
  const cmd = retries !== 0 ? ['sh', '-c', `tar cf - ${src.file} | tail -c+1`] : ['tar', 'cf', '-', src.file];
  const r = execute(ctx, s, src, container, cmd, undefined, 1);
  writeFd(1, r.err);
  const prefix = stripPathShortcuts(posixClean(src.file.replace(/^[/\\]+/, '')));
  let entries: import('../tarstream').TarEntry[] = [];
  try { entries = untar(toBytes(r.out)); } catch (e) { throw new CliError((e as Error).message); }
  untarAll(ctx, prefix, src, dest.file, entries);
  if (r.code) throw exitError(r.code);
}

function untarAll(ctx: VerbContext, prefix: string, src: FileSpec, dest: string, entries: import('../tarstream').TarEntry[]): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  let symlinkWarned = false;
  for (const h of entries) {
    if (!h.name.startsWith(prefix)) throw new CliError('tar contents corrupted');
    const rel = stripTrailingSlash(h.name.slice(prefix.length).replace(/\\/g, '/'));
    const destFile = stripTrailingSlash(path.join(dest, rel));
    const r = path.relative(dest, destFile);
    if (!(r === '' || r === '.' || r === stripPathShortcuts(r))) { ctx.out.err(`warning: file ${JSON.stringify(destFile)} is outside target destination, skipping`); ctx.out.flush(); continue; }
    mkdirAll(path.dirname(destFile));
    if (h.type === '5') { mkdirAll(destFile); continue; }
    if (h.type === '2') {
      const msg = !symlinkWarned
        ? `warning: skipping symlink: ${JSON.stringify(destFile)} -> ${JSON.stringify(h.linkname)} (consider using "kctl exec -n ${JSON.stringify(src.ns ?? '')} ${JSON.stringify(src.pod)} -- tar cf - ${JSON.stringify(src.file)} | tar xf -")`
        : `warning: skipping symlink: ${JSON.stringify(destFile)} -> ${JSON.stringify(h.linkname)}`;
      symlinkWarned = true;
      ctx.out.err(msg); ctx.out.flush();
      continue;
    }
    try { fs.writeFileSync(destFile, h.data); } catch (e: any) { throw new CliError(goPathError('open', destFile, e)); }
  }
  function mkdirAll(d: string): void {
    mkdirP(d, (op, p, e) => new CliError(goPathError(op, p, e)), 0o755);
  }
}


// ------------------------------------------------------------------------------------------ remote paths (path package)
function posixClean(p: string): string { const path = require('node:path') as typeof import('node:path'); const c = path.posix.normalize(p); return c.length > 1 ? c.replace(/\/$/, '') : c; }
function posixJoin(a: string, b: string): string { const path = require('node:path') as typeof import('node:path'); return stripTrailingSlash(path.posix.join(a, b)); }
function posixDir(p: string): string { const path = require('node:path') as typeof import('node:path'); return path.posix.dirname(p); }
function posixBase(p: string): string { const path = require('node:path') as typeof import('node:path'); return path.posix.basename(p) || '/'; }
function stripPathShortcuts(p: string): string {
  let n = p;
  while (n.startsWith('../')) n = n.slice(3);
  if (n === '.' || n === '..') n = '';
  return n.startsWith('/') ? n.slice(1) : n;
}
