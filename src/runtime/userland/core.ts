// The everyday commands: echo, printf, test, sleep, cat, head, tail, wc, date, env, hostname, id, ps,
// kill, ls, touch, mkdir, rm, seq, yes… as busybox and GNU coreutils behave (their messages differ by the
// image's flavor). Each reads and writes through its CmdCtx; those that wait (sleep, tail -f, cat of a
// pipe) return { block } and resume with their state in c.st.
import type { CmdCtx, CmdResult, Proc } from '../types';
import { register, isBusybox } from './index';
import { FsError, FS_MESSAGES, modeString } from '../fs';
import { SIGNALS, SIGNAME } from '../sh/interp';
import { test } from './test';
import { echo, printf } from './printf';

const bb = isBusybox;

/** A missing file's message: `cat: can't open 'x': No such file or directory` (busybox) / `cat: x: No such file or directory` (GNU). */
export function fileError(c: CmdCtx, path: string, e: unknown, verb = "can't open"): string {
  const code = e instanceof FsError ? e.code : 'ENOENT';
  const text = FS_MESSAGES[code] ?? String(e);
  return bb(c) ? `${c.name}: ${verb} '${path}': ${text}` : `${c.name}: ${path}: ${text}`;
}

/** Read a file or '-' (stdin) whole: the content, undefined to wait for more stdin, or an error printed. */
export function readInput(c: CmdCtx, path: string, key = 'in'): string | undefined | Error {
  if (path === '-' ) {
    for (;;) {
      const got = c.read(0);
      if (got === undefined) return undefined;
      if (got === null) { const all = c.st[key] ?? ''; delete c.st[key]; return all; }
      c.st[key] = (c.st[key] ?? '') + got;
    }
  }
  try { return c.fs.readFile(path, c.cwd, c.cred); }
  catch (e) { c.err(fileError(c, path, e)); return e as Error; }
}

// ------------------------------------------------------------------------------------------ time
/** `sleep 1`, `sleep 0.5`, `sleep 1m`, `sleep infinity`. */
export function parseDuration(s: string): number | undefined {
  if (s === 'inf' || s === 'infinity') return Infinity;
  const m = /^(\d*\.?\d+)([smhd]?)$/.exec(s);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * ({ '': 1000, s: 1000, m: 60000, h: 3600000, d: 86400000 } as Record<string, number>)[m[2]!]!);
}
function sleep(c: CmdCtx): CmdResult {
  if (c.st.slept) return 0;
  const args = c.argv.slice(1);
  if (!args.length) { if (bb(c)) { const { bbUsage } = require('./lib') as typeof import('./lib'); c.write(bbUsage(c), 2); return 1; } c.err("sleep: missing operand\nTry 'sleep --help' for more information."); return 1; }
  let total = 0;
  for (const a of args) {
    const d = parseDuration(a);
    if (d === undefined) { c.err(bb(c) ? `sleep: invalid number '${a}'` : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.`); return 1; }
    total += d;
  }
  c.st.slept = 1;
  if (!Number.isFinite(total)) return { block: { forever: true } };
  return { block: { ms: total } };
}
function usleep(c: CmdCtx): CmdResult {
  if (c.st.slept) return 0;
  c.st.slept = 1;
  return { block: { ms: Math.round(Number(c.argv[1] ?? 0) / 1000) } };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
export function strftime(fmt: string, ms: number, utc = true): string {
  const d = new Date(ms);
  void utc;
  const Y = d.getUTCFullYear(), m = d.getUTCMonth(), D = d.getUTCDate(), H = d.getUTCHours(), M = d.getUTCMinutes(), S = d.getUTCSeconds(), w = d.getUTCDay();
  return fmt.replace(/%(:z|-[a-zA-Z]|[a-zA-Z%+])/g, (_, f: string) => {
    switch (f) {
      case 'Y': return String(Y);
      case 'y': return p2(Y % 100);
      case 'm': return p2(m + 1);
      case 'd': return p2(D);
      case '-d': return String(D);
      case 'e': return String(D).padStart(2, ' ');
      case 'H': return p2(H);
      case 'I': return p2(H % 12 || 12);
      case 'M': return p2(M);
      case 'S': return p2(S);
      case 'N': return String((ms % 1000) * 1000000).padStart(9, '0');
      case 's': return String(Math.floor(ms / 1000));
      case 'a': return DAYS[w]!;
      case 'A': return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][w]!;
      case 'b': case 'h': return MONTHS[m]!;
      case 'B': return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m]!;
      case 'Z': return 'UTC';
      case 'C': return p2(Math.floor(Y / 100));
      case 'k': return String(H).padStart(2, ' ');
      case 'l': return String(H % 12 || 12).padStart(2, ' ');
      case 'P': return H < 12 ? 'am' : 'pm';
      case '-H': return String(H);
      case '-m': return String(m + 1);
      case '-M': return String(M);
      case '-S': return String(S);
      case '-I': return String(H % 12 || 12);
      case '-j': return String(Math.floor((Date.UTC(Y, m, D) - Date.UTC(Y, 0, 1)) / 86400000) + 1);
      case 'z': return '+0000';
      case ':z': return '+00:00';
      case 'p': return H < 12 ? 'AM' : 'PM';
      case 'j': return String(Math.floor((Date.UTC(Y, m, D) - Date.UTC(Y, 0, 1)) / 86400000) + 1).padStart(3, '0');
      case 'u': return String(w || 7);
      case 'w': return String(w);
      case 'T': return `${p2(H)}:${p2(M)}:${p2(S)}`;
      case 'D': return `${p2(m + 1)}/${p2(D)}/${p2(Y % 100)}`;
      case 'F': return `${Y}-${p2(m + 1)}-${p2(D)}`;
      case 'R': return `${p2(H)}:${p2(M)}`;
      case 'c': return `${DAYS[w]} ${MONTHS[m]} ${String(D).padStart(2, ' ')} ${p2(H)}:${p2(M)}:${p2(S)} ${Y}`;
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
    }
    return '%' + f;
  });
}
// ------------------------------------------------------------------------------------------ identity
export function userName(c: CmdCtx, uid: number): string | undefined {
  try {
    for (const l of c.fs.readFile('/etc/passwd').split('\n')) { const f = l.split(':'); if (Number(f[2]) === uid) return f[0]; }
  } catch { /* none */ }
  return undefined;
}
export function groupName(c: CmdCtx, gid: number): string | undefined {
  try {
    for (const l of c.fs.readFile('/etc/group').split('\n')) { const f = l.split(':'); if (Number(f[2]) === gid) return f[0]; }
  } catch { /* none */ }
  return undefined;
}
function yes(c: CmdCtx): CmdResult {
  const line = (c.argv.slice(1).join(' ') || 'y') + '\n';
  // write a chunk and let others run; EPIPE (nobody reads) ends it
  if (!c.write(line.repeat(Math.max(1, Math.floor(4096 / line.length))))) return 141;
  return { block: { ms: 0 } };
}
function pwd(c: CmdCtx): CmdResult {
  if (c.argv.includes('-P')) { try { c.write(c.fs.resolve(c.cwd) + '\n'); return 0; } catch { /* as is */ } }
  c.write((c.env.PWD && c.env.PWD !== c.cwd && !c.argv.includes('-P') ? c.cwd : c.cwd) + '\n');
  return 0;
}
function trueCmd(): CmdResult { return 0; }
function falseCmd(): CmdResult { return 1; }

register({
  echo, printf, test, '[': test, sleep, usleep, yes, pwd, true: trueCmd, false: falseCmd, ':': trueCmd,
});
