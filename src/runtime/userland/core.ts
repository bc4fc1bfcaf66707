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
  if (!args.length) { c.err(bb(c) ? 'sleep: missing operand' : "sleep: missing operand\nTry 'sleep --help' for more information."); return 1; }
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
  return fmt.replace(/%([a-zA-Z%:+-]|-[a-zA-Z]|:z)/g, (_, f: string) => {
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
function date(c: CmdCtx): CmdResult {
  let fmt: string | undefined;
  let ms = c.now();
  const args = c.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('+')) fmt = a.slice(1);
    else if (a === '-u' || a === '--utc' || a === '-R' && (fmt = '%a, %d %b %Y %H:%M:%S %z')) continue;
    else if (a === '-I' || a === '--iso-8601') fmt = '%Y-%m-%d';
    else if (a.startsWith('-I') || a.startsWith('--iso-8601=')) {
      const kind = a.replace(/^-I|^--iso-8601=/, '');
      fmt = kind.startsWith('s') ? '%Y-%m-%dT%H:%M:%S%:z' : kind.startsWith('m') ? '%Y-%m-%dT%H:%M%:z' : kind.startsWith('h') ? '%Y-%m-%dT%H%:z' : '%Y-%m-%d';
    } else if (a === '-d' || a === '--date') {
      const v = args[++i] ?? '';
      const t = v.startsWith('@') ? Number(v.slice(1)) * 1000 : Date.parse(v);
      if (Number.isNaN(t)) { c.err(bb(c) ? `date: invalid date '${v}'` : `date: invalid date '${v}'`); return 1; }
      ms = t;
    } else if (a.startsWith('--date=')) { const v = a.slice(7); ms = v.startsWith('@') ? Number(v.slice(1)) * 1000 : Date.parse(v); }
  }
  c.write(strftime(fmt ?? (bb(c) ? '%a %b %e %H:%M:%S %Z %Y' : '%a %b %e %H:%M:%S %Z %Y'), ms) + '\n');
  return 0;
}

function yes(c: CmdCtx): CmdResult {
  const line = (c.argv.slice(1).join(' ') || 'y') + '\n';
  // write a chunk and let others run; EPIPE (nobody reads) ends it
  if (!c.write(line.repeat(Math.max(1, Math.floor(4096 / line.length))))) return 141;
  return { block: { ms: 0 } };
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
function id(c: CmdCtx): CmdResult {
  const { uid, gid } = c.cred;
  const a = c.argv.slice(1);
  if (a.includes('-u')) { c.write((a.includes('-n') ? userName(c, uid) ?? String(uid) : String(uid)) + '\n'); return 0; }
  if (a.includes('-g')) { c.write((a.includes('-n') ? groupName(c, gid) ?? String(gid) : String(gid)) + '\n'); return 0; }
  if (a.includes('-G')) { c.write([gid, ...(c.cred.groups ?? [])].join(' ') + '\n'); return 0; }
  const name = (n: number, f: (c: CmdCtx, x: number) => string | undefined) => { const x = f(c, n); return x ? `${n}(${x})` : String(n); };
  const groups = [gid, ...(c.cred.groups ?? []).filter(g => g !== gid)];
  const base = `uid=${name(uid, userName)} gid=${name(gid, groupName)}`;
  const gl = groups.map(g => name(g, groupName)).join(',');
  c.write(bb(c) ? `${base}${groups.length > 1 || uid === 0 ? ` groups=${gl}` : ''}\n` : `${base} groups=${gl}\n`);
  return 0;
}
function whoami(c: CmdCtx): CmdResult {
  const n = userName(c, c.cred.uid);
  if (!n) { c.err(bb(c) ? `whoami: unknown uid ${c.cred.uid}` : `whoami: cannot find name for user ID ${c.cred.uid}`); return 1; }
  c.write(n + '\n');
  return 0;
}
function hostname(c: CmdCtx): CmdResult {
  const a = c.argv.slice(1);
  if (a.includes('-i') || a.includes('-I')) { c.write(c.pod.ip + (a.includes('-I') ? ' ' : '') + '\n'); return 0; }
  if (a.includes('-f') || a.includes('--fqdn')) {
    c.write((c.pod.subdomain ? `${c.pod.hostname}.${c.pod.subdomain}.${c.pod.ns}.svc.cluster.local` : c.pod.hostname) + '\n');
    return 0;
  }
  let h: string;
  try { h = c.fs.readFile('/etc/hostname').trim(); } catch { h = c.pod.hostname; }
  c.write(h + '\n');
  return 0;
}
function uname(c: CmdCtx): CmdResult {
  const a = c.argv.slice(1).join('');
  const info = { s: 'Linux', n: c.pod.hostname, r: '6.8.0-1021-gcp', v: '#23~22.04.1-Ubuntu SMP Tue Dec 10 17:36:55 UTC 2024', m: 'x86_64', o: 'GNU/Linux' };
  if (!a) { c.write('Linux\n'); return 0; }
  if (a.includes('a')) { c.write(`${info.s} ${info.n} ${info.r} ${info.v} ${info.m}${bb(c) ? '' : ' x86_64 x86_64'} ${info.o}\n`); return 0; }
  const parts: string[] = [];
  for (const k of ['s', 'n', 'r', 'v', 'm', 'o'] as const) if (a.includes(k)) parts.push(info[k]);
  c.write(parts.join(' ') + '\n');
  return 0;
}
function env(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  let i = 0;
  const e: Record<string, string> = { ...c.env };
  let clear = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-i' || a === '-') { clear = true; continue; }
    if (a === '-u') { delete e[args[++i]!]; continue; }
    if (a.includes('=') && !a.startsWith('=')) { const k = a.slice(0, a.indexOf('=')); e[k] = a.slice(a.indexOf('=') + 1); continue; }
    break;
  }
  const final = clear ? Object.fromEntries(Object.entries(e).filter(([k]) => args.some(x => x.startsWith(k + '=')))) : e;
  if (i < args.length) {
    if (c.st.pid === undefined) {
      const pid = c.sys.spawn(args.slice(i), { env: final });
      if (typeof pid === 'string') { c.err(bb(c) ? `env: can't execute '${args[i]}': No such file or directory` : `env: '${args[i]}': No such file or directory`); return 127; }
      c.st.pid = pid;
    }
    const r = c.sys.reap(c.st.pid);
    if (!r) return { block: { child: c.st.pid } };
    return r.code;
  }
  for (const [k, v] of Object.entries(final)) c.write(`${k}=${v}\n`);
  return 0;
}
function printenv(c: CmdCtx): CmdResult {
  const names = c.argv.slice(1);
  if (!names.length) { for (const [k, v] of Object.entries(c.env)) c.write(`${k}=${v}\n`); return 0; }
  let rc = 0;
  for (const n of names) { if (n in c.env) c.write(c.env[n] + '\n'); else rc = 1; }
  return rc;
}
function pwd(c: CmdCtx): CmdResult { c.write(c.cwd + '\n'); return 0; }
// ------------------------------------------------------------------------------------------ processes
function psTime(p: Proc): string { const s = Math.floor((p.cpu ?? 0) / 1000); return `${Math.floor(s / 60)}:${p2(s % 60)}`; }
function ps(c: CmdCtx): CmdResult {
  const procs = c.sys.procs().sort((a, b) => a.pid - b.pid);
  const cmdline = (p: Proc) => p.argv.join(' ');
  if (bb(c)) {
    c.write('PID   USER     TIME  COMMAND\n');
    for (const p of procs) c.write(`${String(p.pid).padStart(5)} ${(userName(c, p.uid) ?? String(p.uid)).padEnd(8).slice(0, 8)} ${psTime(p).padStart(5)} ${cmdline(p)}\n`);
    return 0;
  }
  const a = c.argv.slice(1).join(' ');
  if (/aux|-ef|-e/.test(a)) {
    if (a.includes('aux')) {
      c.write('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n');
      for (const p of procs) c.write(`${(userName(c, p.uid) ?? String(p.uid)).padEnd(8)} ${String(p.pid).padStart(7)}  0.0  0.0   2576  1664 ?        ${p.st === 'R' ? 'R' : 'S'}s   ${strftime('%H:%M', p.t0)}   ${psTime(p)} ${cmdline(p)}\n`);
      return 0;
    }
    c.write('UID          PID    PPID  C STIME TTY          TIME CMD\n');
    for (const p of procs) c.write(`${(userName(c, p.uid) ?? String(p.uid)).padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 ${strftime('%H:%M', p.t0)} ?        00:00:00 ${cmdline(p)}\n`);
    return 0;
  }
  c.write('    PID TTY          TIME CMD\n');
  for (const p of procs) c.write(`${String(p.pid).padStart(7)} ?        00:00:00 ${(p.argv[0] ?? '').slice((p.argv[0] ?? '').lastIndexOf('/') + 1)}\n`);
  return 0;
}
function kill(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  let sig = SIGNALS.TERM;
  let i = 0;
  if (args[0] === '-l' || args[0] === '-L') { c.write(Object.keys(SIGNALS).join(' ') + '\n'); return 0; }
  if (args[0] === '-s') { sig = SIGNALS[(args[1] ?? '').toUpperCase().replace(/^SIG/, '')] ?? NaN; i = 2; }
  else if (args[0]?.startsWith('-') && args[0] !== '--') {
    const s = args[0].slice(1);
    sig = /^\d+$/.test(s) ? Number(s) : SIGNALS[s.toUpperCase().replace(/^SIG/, '')] ?? NaN;
    i = 1;
  }
  if (Number.isNaN(sig)) { c.err(bb(c) ? `kill: bad signal name '${args[i - 1]}'` : `kill: unknown signal: ${args[i - 1]}`); return 1; }
  if (args[i] === '--') i++;
  const targets = args.slice(i);
  if (!targets.length) { c.err(bb(c) ? 'kill: usage: kill [-s SIG | -SIG] PID...' : 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]'); return bb(c) ? 1 : 2; }
  let rc = 0;
  for (const t of targets) {
    const pid = Number(t);
    if (!Number.isInteger(pid)) { c.err(`kill: ${t}: arguments must be process or job IDs`); rc = 1; continue; }
    const r = c.sys.kill(pid, sig);
    if (r === 'ESRCH') { c.err(bb(c) ? `kill: can't kill pid ${pid}: No such process` : `kill: (${pid}) - No such process`); rc = 1; }
    if (r === 'EPERM') { c.err(bb(c) ? `kill: can't kill pid ${pid}: Operation not permitted` : `kill: (${pid}) - Operation not permitted`); rc = 1; }
  }
  return rc;
}

function trueCmd(): CmdResult { return 0; }
function falseCmd(): CmdResult { return 1; }
function nproc(c: CmdCtx): CmdResult { c.write('8\n'); return 0; }

register({
  echo, printf, test, '[': test, sleep, usleep, date, yes, id, whoami, hostname, uname,
  env, printenv, pwd, ps, kill, true: trueCmd, false: falseCmd, nproc,
  ':': trueCmd,
});
export { SIGNAME };
