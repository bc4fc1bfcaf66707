// Processes and the system: ps (busybox and procps, -o, aux, -ef), top -b, kill/killall/pkill/pgrep/
// pidof, free, uptime, timeout, nohup, watch, date, uname, id, groups, whoami, hostname, env, printenv,
// which, getent passwd/group (hosts belongs to the network userland, registered as `getent-hosts`),
// logger, stty, tty, less/more, vi and apk. Memory and load are the simulated node's; processes are the
// container's own (its pid namespace).
import type { CmdCtx, CmdResult, Proc } from '../types';
import { register, userland, baseMemory } from './index';
import { getopt, bb, usageError, runChild, readInputs, fsMsg, bbUsage } from './lib';
void runChild;
import { SIGNALS, SIGNAME } from '../sh/interp';
import { userName, groupName, strftime } from './core';
import { parseDate, lookupUser } from './files';

const p2 = (n: number) => String(n).padStart(2, '0');
const MEM_TOTAL = 32827076; // kB, as the node's /proc/meminfo says
const comm = (p: Proc) => (p.argv[0] ?? '').slice((p.argv[0] ?? '').lastIndexOf('/') + 1);
const nameOf = (p: Proc) => (p.prog.k === 'cmd' ? p.prog.name : comm(p));
function rssK(p: Proc): number { return Math.round(((p.mem ?? 0) + (p.prog.k === 'cmd' ? baseMemory(p.prog.name) : 400 * 1024) + 1_200_000) / 1024); }
function vszK(p: Proc): number { return rssK(p) + 1400; }
function cpuTime(p: Proc): number { return Math.floor((p.cpu ?? 0) / 1000); }

// ------------------------------------------------------------------------------------------ ps
function ps(c: CmdCtx): CmdResult {
  const now = c.now();
  const procs = c.sys.procs().sort((a, b) => a.pid - b.pid);
  const user = (p: Proc) => userName(c, p.uid) ?? String(p.uid);
  const args = (p: Proc) => p.argv.join(' ') || `[${comm(p)}]`;
  const stat = (p: Proc) => (p.st === 'R' ? 'R' : p.st === 'Z' ? 'Z' : 'S');
  if (bb(c)) {
    const p = getopt(c, { short: 'o:ewAlTZ' });
    if (typeof p === 'number') return p;
    const fields = (p.all.o ?? []).flatMap(x => x.split(',')).filter(Boolean);
    if (!fields.length) {
      c.write('PID   USER     TIME  COMMAND\n');
      for (const x of procs) { const t = cpuTime(x); c.write(`${String(x.pid).padStart(5)} ${user(x).padEnd(8).slice(0, 8)} ${`${Math.floor(t / 60)}:${p2(t % 60)}`.padStart(5)} ${args(x)}\n`); }
      return 0;
    }
    const SPEC: Record<string, [number, string, (x: Proc) => string]> = {
      user: [8, 'USER', user], group: [8, 'GROUP', x => groupName(c, x.gid) ?? String(x.gid)], comm: [16, 'COMMAND', comm], args: [0, 'COMMAND', args],
      pid: [5, 'PID', x => String(x.pid)], ppid: [5, 'PPID', x => String(x.ppid)], pgid: [5, 'PGID', x => String(x.pid)], nice: [6, 'NI', () => '0'],
      rgroup: [8, 'RGROUP', x => groupName(c, x.gid) ?? String(x.gid)], ruser: [8, 'RUSER', user], tty: [5, 'TT', () => '?'],
      vsz: [4, 'VSZ', x => human(vszK(x))], rss: [4, 'RSS', x => human(rssK(x))], stat: [4, 'STAT', stat],
      etime: [7, 'ELAPSED', x => elapsed(now - x.t0, true)], time: [4, 'TIME', x => { const t = cpuTime(x); return `${Math.floor(t / 60)}:${p2(t % 60)}`; }],
    };
    const cols: { w: number; head: string; fn: (x: Proc) => string; right: boolean }[] = [];
    for (const f of fields) {
      const [k, label] = f.split('=');
      const s = SPEC[k!];
      if (!s) { c.err(`ps: bad -o argument '${k}', supported arguments: user,group,comm,args,pid,ppid,pgid,etime,time,nice,rgroup,ruser,tty,vsz,sid,stat,rss`); return 1; }
      cols.push({ w: s[0], head: label ?? s[1], fn: s[2], right: ['pid', 'ppid', 'pgid', 'nice', 'vsz', 'rss', 'etime', 'time'].includes(k!) });
    }
    const line = (vals: string[], head: boolean) => vals.map((v, i) => {
      const col = cols[i]!;
      if (i === vals.length - 1 && (col.w === 0 || !col.right)) return v;
      if (col.w === 0) return v;
      return head ? v.padEnd(col.w) : col.right ? v.padStart(col.w) : v.padEnd(col.w);
    }).join(' ');
    if (cols.some(x => x.head)) c.write(line(cols.map(x => x.head), true).replace(/\s+$/, '') + '\n');
    for (const x of procs) c.write(line(cols.map(col => col.fn(x)), false) + '\n');
    return 0;
  }
  // procps: the BSD and UNIX forms scripts use
  const argv = c.argv.slice(1);
  const bsd = argv.length && !argv[0]!.startsWith('-');
  const flags = bsd ? argv[0]! : argv.filter(a => a.startsWith('-')).map(a => a.slice(1)).join('');
  const oIdx = argv.findIndex(a => a === '-o' || a === 'o' || a.startsWith('-o'));
  const ofmt = oIdx >= 0 ? (argv[oIdx]!.length > 2 && argv[oIdx]!.startsWith('-o') ? argv[oIdx]!.slice(2) : argv[oIdx + 1]) : undefined;
  const pIdx = argv.findIndex(a => a === '-p' || a === 'p' || a === '--pid');
  const pidFilter = pIdx >= 0 ? (argv[pIdx + 1] ?? '').split(',').map(Number) : undefined;
  const cIdx = argv.findIndex(a => a === '-C');
  const cmdFilter = cIdx >= 0 ? (argv[cIdx + 1] ?? '').split(',') : undefined;
  let list = procs;
  if (pidFilter) list = list.filter(x => pidFilter.includes(x.pid));
  if (cmdFilter) list = list.filter(x => cmdFilter.includes(comm(x)));
  const start = (x: Proc) => strftime('%H:%M', x.t0);
  const tm = (x: Proc) => { const t = cpuTime(x); return `${p2(Math.floor(t / 3600))}:${p2(Math.floor(t / 60) % 60)}:${p2(t % 60)}`; };
  if (ofmt !== undefined) {
    const SPEC: Record<string, [string, boolean, (x: Proc) => string]> = {
      pid: ['PID', true, x => String(x.pid)], ppid: ['PPID', true, x => String(x.ppid)], user: ['USER', false, user], uid: ['UID', true, x => String(x.uid)], gid: ['GID', true, x => String(x.gid)],
      comm: ['COMMAND', false, comm], ucmd: ['CMD', false, comm], args: ['COMMAND', false, args], cmd: ['CMD', false, args], command: ['COMMAND', false, args],
      stat: ['STAT', false, x => stat(x) + (x.pid === 1 ? 's' : '')], s: ['S', false, stat], state: ['S', false, stat], etime: ['ELAPSED', true, x => elapsed(now - x.t0, false)], etimes: ['ELAPSED', true, x => String(Math.floor((now - x.t0) / 1000))],
      time: ['TIME', true, tm], cputime: ['TIME', true, tm], rss: ['RSS', true, x => String(rssK(x))], rsz: ['RSZ', true, x => String(rssK(x))], vsz: ['VSZ', true, x => String(vszK(x))],
      '%cpu': ['%CPU', true, () => '0.0'], pcpu: ['%CPU', true, () => '0.0'], '%mem': ['%MEM', true, x => ((rssK(x) * 100) / MEM_TOTAL).toFixed(1)], pmem: ['%MEM', true, x => ((rssK(x) * 100) / MEM_TOTAL).toFixed(1)],
      tty: ['TT', false, () => '?'], tt: ['TT', false, () => '?'], ni: ['NI', true, () => '0'], nice: ['NI', true, () => '0'], pri: ['PRI', true, () => '19'], lstart: ['STARTED', false, x => strftime('%a %b %e %H:%M:%S %Y', x.t0)], start: ['STARTED', false, start], stime: ['STIME', false, start],
      pgid: ['PGID', true, x => String(x.pid)], sid: ['SID', true, () => '1'], nlwp: ['NLWP', true, () => '1'], psr: ['PSR', true, () => '0'],
    };
    const cols = ofmt.split(/[,\s]+/).filter(Boolean).map(f => { const eq = f.indexOf('='); const k = eq < 0 ? f : f.slice(0, eq); return { k, label: eq < 0 ? undefined : f.slice(eq + 1) }; });
    for (const col of cols) if (!SPEC[col.k]) { c.err(`error: unknown user-defined format specifier "${col.k}"\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).`); return 1; }
    const heads = cols.map(col => col.label ?? SPEC[col.k]![0]);
    const rows = list.map(x => cols.map(col => SPEC[col.k]![2](x)));
    const w = cols.map((col, i) => Math.max(heads[i]!.length, ...rows.map(r => r[i]!.length), ['pid', 'ppid'].includes(col.k) ? 5 : 0));
    const fmt = (vals: string[]) => vals.map((v, i) => (i === vals.length - 1 && !SPEC[cols[i]!.k]![1] ? v : SPEC[cols[i]!.k]![1] ? v.padStart(w[i]!) : v.padEnd(w[i]!))).join(' ');
    if (heads.some(h => h !== '')) c.write(fmt(heads) + '\n');
    for (const r of rows) c.write(fmt(r) + '\n');
    return list.length ? 0 : 1;
  }
  if (bsd && /a|x|u/.test(flags) && flags.includes('u')) {
    c.write('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n');
    for (const x of list) c.write(`${user(x).padEnd(8)} ${String(x.pid).padStart(7)} ${'0.0'.padStart(4)} ${((rssK(x) * 100) / MEM_TOTAL).toFixed(1).padStart(4)} ${String(vszK(x)).padStart(6)} ${String(rssK(x)).padStart(5)} ?        ${(stat(x) + (x.pid === 1 ? 's' : '')).padEnd(4)} ${start(x)}   ${`${Math.floor(cpuTime(x) / 60)}:${p2(cpuTime(x) % 60)}`} ${args(x)}\n`);
    return 0;
  }
  if (bsd) {
    c.write('    PID TTY      STAT   TIME COMMAND\n');
    for (const x of list) c.write(`${String(x.pid).padStart(7)} ?        ${(stat(x) + (x.pid === 1 ? 's' : '')).padEnd(6)} ${`${Math.floor(cpuTime(x) / 60)}:${p2(cpuTime(x) % 60)}`.padStart(4)} ${args(x)}\n`);
    return 0;
  }
  if (flags.includes('f')) {
    c.write('UID          PID    PPID  C STIME TTY          TIME CMD\n');
    for (const x of list) c.write(`${user(x).padEnd(8)} ${String(x.pid).padStart(7)} ${String(x.ppid).padStart(7)}  0 ${start(x)} ?        ${tm(x)} ${args(x)}\n`);
    return 0;
  }
  c.write('    PID TTY          TIME CMD\n');
  for (const x of list) c.write(`${String(x.pid).padStart(7)} ?        ${tm(x)} ${comm(x)}\n`);
  return 0;
}
function human(k: number): string { return k >= 100_000 ? `${Math.round(k / 1024)}m` : String(k); }
function elapsed(ms: number, busybox: boolean): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
  if (busybox) return `${p2(Math.floor(s / 60))}:${p2(s % 60)}`;
  return d ? `${d}-${p2(h)}:${p2(m)}:${p2(s % 60)}` : h ? `${p2(h)}:${p2(m)}:${p2(s % 60)}` : `${p2(m)}:${p2(s % 60)}`;
}

// ------------------------------------------------------------------------------------------ top, free, uptime
function meminfo(): { total: number; free: number; avail: number; buffers: number; cached: number; used: number; shared: number } {
  const total = MEM_TOTAL, free = Math.floor(total * 0.6), avail = Math.floor(total * 0.8), buffers = 123456, cached = 4567890;
  return { total, free, avail, buffers, cached, used: total - free - buffers - cached, shared: 10220 };
}
function loadavg(c: CmdCtx): string { const n = c.sys.procs().filter(p => p.st === 'R').length; return `0.${String(8 + n).padStart(2, '0')} 0.03 0.01`; }
function upSeconds(c: CmdCtx): number { return Math.floor((c.now() - (c.sys.procs().find(p => p.pid === 1)?.t0 ?? c.now())) / 1000) + 312; }
function uptimeText(c: CmdCtx, busybox: boolean): string {
  const s = upSeconds(c);
  const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
  const up = `${d ? `${d} day${d > 1 ? 's' : ''}, ` : ''}${h ? `${String(h).padStart(2)}:${p2(m)}` : `${m} min`}`;
  const la = loadavg(c).split(' ');
  return ` ${strftime('%H:%M:%S', c.now())} up ${up},  0 user${busybox ? 's' : ''},  load average: ${la.join(', ')}`;
}
function uptime(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'ps', long: bb(c) ? undefined : { pretty: 'p', since: 's' } });
  if (typeof p === 'number') return p;
  if (p.f.s) { c.write(strftime('%Y-%m-%d %H:%M:%S', c.now() - upSeconds(c) * 1000) + '\n'); return 0; }
  if (p.f.p) { const s = upSeconds(c); const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60; c.write(`up ${h ? `${h} hour${h > 1 ? 's' : ''}, ` : ''}${m} minute${m === 1 ? '' : 's'}\n`); return 0; }
  c.write(uptimeText(c, bb(c)) + '\n');
  return 0;
}
function free(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'bkmghtwl', long: bb(c) ? undefined : { bytes: 'b', kibi: 'k', mebi: 'm', gibi: 'g', human: 'h', total: 't', wide: 'w', si: 'SI', mega: 'm', giga: 'g' } });
  if (typeof p === 'number') return p;
  const m = meminfo();
  const div = p.f.b ? 1 / 1024 : p.f.m ? 1024 : p.f.g ? 1048576 : 1;
  const n = (k: number) => (p.f.h ? hum(k) : String(Math.floor(k / div)));
  const hum = (k: number) => { const u = ['Ki', 'Mi', 'Gi', 'Ti']; let v = k, i = 0; while (v >= 1024 && i < 3) { v /= 1024; i++; } return (v >= 10 ? Math.round(v) : Math.round(v * 10) / 10) + u[i]!; };
  const bc = m.buffers + m.cached;
  if (bb(c)) {
    c.write(`              total        used        free      shared  buff/cache   available\n`);
    c.write(`Mem:    ${n(m.total).padStart(11)} ${n(m.used).padStart(11)} ${n(m.free).padStart(11)} ${n(m.shared).padStart(11)} ${n(bc).padStart(11)} ${n(m.avail).padStart(11)}\n`);
    c.write(`Swap:   ${n(0).padStart(11)} ${n(0).padStart(11)} ${n(0).padStart(11)}\n`);
    return 0;
  }
  c.write(`               total        used        free      shared  buff/cache   available\n`);
  c.write(`Mem:     ${n(m.total).padStart(11)} ${n(m.used).padStart(11)} ${n(m.free).padStart(11)} ${n(m.shared).padStart(11)} ${n(bc).padStart(11)} ${n(m.avail).padStart(11)}\n`);
  c.write(`Swap:    ${n(0).padStart(11)} ${n(0).padStart(11)} ${n(0).padStart(11)}\n`);
  if (p.f.t) c.write(`Total:   ${n(m.total).padStart(11)} ${n(m.used).padStart(11)} ${n(m.free).padStart(11)}\n`);
  return 0;
}
function top(c: CmdCtx): CmdResult {
  const p = c.st.p ?? (c.st.p = getopt(c, { short: 'bn:d:p:Hcmo:u:E:e:w::', long: bb(c) ? undefined : {} }));
  if (typeof p === 'number') return p;
  const iterations = p.v.n !== undefined ? Number(p.v.n) : Infinity;
  c.st.done ??= 0;
  const interactiveOk = p.f.b || c.sys.isatty(1);
  if (!interactiveOk && !bb(c)) { if (c.st.done === 0) { c.err('top: failed tty get'); return 1; } }
  const m = meminfo();
  const procs = c.sys.procs().sort((a, b) => (b.cpu ?? 0) - (a.cpu ?? 0) || a.pid - b.pid);
  const running = procs.filter(x => x.st === 'R').length;
  if (bb(c)) {
    c.write(`Mem: ${m.used + m.buffers + m.cached}K used, ${m.free}K free, ${m.shared}K shrd, ${m.buffers}K buff, ${m.cached}K cached\n`);
    c.write(`CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq\n`);
    c.write(`Load average: ${loadavg(c)} ${Math.max(1, running)}/${procs.length} ${Math.max(...procs.map(x => x.pid))}\n`);
    c.write(`  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\n`);
    for (const x of procs) c.write(`${String(x.pid).padStart(5)} ${String(x.ppid).padStart(5)} ${(userName(c, x.uid) ?? String(x.uid)).padEnd(8).slice(0, 8)} ${(x.st === 'R' ? 'R' : 'S').padEnd(5)} ${human(vszK(x)).padStart(5)} ${String(Math.round((vszK(x) * 100) / m.total)).padStart(3)}% ${'0'.padStart(3)}% ${x.argv.join(' ')}\n`);
  } else {
    const la = loadavg(c).split(' ');
    const s = upSeconds(c);
    const h = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60;
    const mib = (k: number) => (k / 1024).toFixed(1).padStart(8);
    c.write(`top - ${strftime('%H:%M:%S', c.now())} up ${h ? `${String(h).padStart(2)}:${p2(mm)}` : `${String(mm).padStart(2)} min`},  0 user,  load average: ${la.join(', ')}\n`);
    c.write(`Tasks: ${String(procs.length).padStart(3)} total, ${String(running).padStart(3)} running, ${String(procs.length - running).padStart(3)} sleeping,   0 stopped,   0 zombie\n`);
    c.write(`%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st \n`);
    c.write(`MiB Mem : ${mib(m.total)} total, ${mib(m.free)} free, ${mib(m.used)} used, ${mib(m.buffers + m.cached)} buff/cache     \n`);
    c.write(`MiB Swap:      0.0 total,      0.0 free,      0.0 used. ${mib(m.avail)} avail Mem \n\n`);
    c.write(`    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n`);
    for (const x of procs) {
      const t = x.cpu ?? 0;
      c.write(`${String(x.pid).padStart(7)} ${(userName(c, x.uid) ?? String(x.uid)).padEnd(8).slice(0, 8)}  20   0 ${String(vszK(x)).padStart(7)} ${String(rssK(x)).padStart(6)} ${String(Math.round(rssK(x) * 0.6)).padStart(6)} ${x.st === 'R' ? 'R' : 'S'}   0.0 ${((rssK(x) * 100) / m.total).toFixed(1).padStart(5)}   ${Math.floor(t / 60000)}:${p2(Math.floor(t / 1000) % 60)}.${p2(Math.floor(t / 10) % 100)} ${nameOf(x)}\n`);
    }
  }
  c.st.done++;
  if (c.st.done >= iterations) return 0;
  c.write(bb(c) ? '' : '\n');
  return { block: { ms: Math.round(Number(p.v.d ?? 3) * 1000) } };
}

// ------------------------------------------------------------------------------------------ signals
function parseSignal(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) <= 64 ? Number(s) : undefined;
  const n = s.toUpperCase().replace(/^SIG/, '');
  return SIGNALS[n];
}
const SIGLIST = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS'];
function kill(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  const shell = c.shell;
  const fl = shell ?? (bb(c) ? 'bb' : 'procps');
  let sig = SIGNALS.TERM!;
  let i = 0;
  if (args[0] === '-l' || args[0] === '-L' || args[0] === '--list' || args[0] === '-t' || args[0] === '--table') {
    if (args[1] !== undefined) {
      const x = args[1];
      if (/^\d+$/.test(x)) { const n = Number(x) > 128 ? Number(x) - 128 : Number(x); const name = SIGLIST[n - 1]; if (!name) { c.err(`kill: ${x}: invalid signal specification`); return 1; } c.write(name + '\n'); }
      else {
        if (fl === 'dash') { c.err(`kill: Illegal number: ${x}`); return 2; }
        const n = parseSignal(x); if (n === undefined) { c.err(`kill: ${x}: invalid signal specification`); return 1; } c.write(n + '\n');
      }
      return 0;
    }
    if (fl === 'bash' || (fl === 'procps' && args[0] === '-L')) {
      const cells = SIGLIST.map((s, k) => `${String(k + 1).padStart(2)}) SIG${s}`);
      for (let k = 0; k < cells.length; k += 5) c.write(cells.slice(k, k + 5).join('\t') + '\n');
      return 0;
    }
    if (fl === 'bb' || fl === 'ash') { SIGLIST.forEach((s, k) => c.write(`${String(k + 1).padStart(2)}) ${s}\n`)); return 0; }
    c.write(fl === 'procps' ? SIGLIST.join(' ') + '\n' : ['0', ...SIGLIST].join('\n') + '\n');
    return 0;
  }
  if (args[0] === '-s' || args[0] === '-n') {
    const v = args[1];
    const n = v !== undefined ? parseSignal(v) : undefined;
    if (n === undefined) { c.err(fl === 'bash' ? `kill: ${v}: invalid signal specification` : fl === 'dash' ? `kill: invalid signal number or name: ${v}` : `kill: bad signal name '${v}'`); return 1; }
    sig = n; i = 2;
  } else if (args[0]?.startsWith('-') && args[0] !== '--' && !/^-\d+$/.test(args[0]) || (args[0] && /^-\d+$/.test(args[0]) && args.length > 1)) {
    const v = args[0]!.slice(1);
    const n = parseSignal(v);
    if (n === undefined) {
      if (fl === 'dash') { c.err(/^\d+$/.test(v) ? `kill: invalid signal number or name: ${v}` : `kill: Illegal option -${v[0]}`); return 2; }
      c.err(fl === 'bash' ? `kill: ${v}: invalid signal specification` : fl === 'procps' ? `kill: unknown signal: ${v}` : `kill: bad signal name '${v}'`); return 1;
    }
    sig = n; i = 1;
  }
  if (args[i] === '--') i++;
  const targets = args.slice(i);
  if (!targets.length) {
    if (fl === 'bash') { c.write('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n', 2); return 2; }
    if (fl === 'dash') { c.err('kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]'); return 2; }
    if (fl === 'bb' || fl === 'ash') { if (fl === 'ash') { c.err('kill: you need to specify whom to kill'); return 1; } c.write(bbUsage(c), 2); return 1; }
    c.err('\nUsage:\n kill [options] <pid> [...]\n\nOptions:\n <pid> [...]            send signal to every <pid> listed\n -<signal>, -s, --signal <signal>\n                        specify the <signal> to be sent\n -q, --queue <value>    integer value to be sent with the signal\n -l, --list=[<signal>]  list all signal names, or convert one to a name\n -L, --table            list all signal names in a nice table\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see kill(1).');
    return 1;
  }
  let rc = 0;
  for (const t of targets) {
    if (!/^-?\d+$/.test(t)) {
      if (fl === 'bash') c.err(`kill: ${t}: arguments must be process or job IDs`);
      else if (fl === 'dash') c.err(`kill: Illegal number: ${t}`);
      else if (fl === 'procps') c.err(`kill: failed to parse argument: '${t}'`);
      else c.err(`kill: invalid number '${t}'`);
      rc = fl === 'dash' ? 2 : 1;
      continue;
    }
    const pid = Number(t);
    const targetsPids = pid === -1 ? c.sys.procs().filter(x => x.pid !== c.proc.pid && x.pid !== 1).map(x => x.pid) : pid === 0 ? c.sys.procs().map(x => x.pid) : [pid];
    for (const tp of targetsPids) {
      const r = c.sys.kill(tp, sig);
      if (r === 'ok') continue;
      rc = 1;
      const why = r === 'ESRCH' ? 'No such process' : 'Operation not permitted';
      if (fl === 'bash') c.err(`kill: (${tp}) - ${why}`);
      else if (fl === 'dash') c.err(`kill: No such process\n`);
      else if (fl === 'procps') c.err(`kill: (${tp}): ${why}`);
      else c.err(`kill: can't kill pid ${tp}: ${why}`);
    }
  }
  return rc;
}

function matchProcs(c: CmdCtx, pattern: string, o: { full?: boolean; exact?: boolean; icase?: boolean }): Proc[] {
  const { compile } = require('./regex') as typeof import('./regex');
  const self = c.proc.pid;
  let re: RegExp;
  try { re = compile(pattern, true, o.icase ? 'i' : ''); } catch { re = /(?!)/; }
  return c.sys.procs().filter(x => {
    if (x.pid === self) return false;
    const subject = o.full ? x.argv.join(' ') : comm(x).slice(0, 15);
    if (o.exact) return o.full ? new RegExp(`^(?:${re.source})$`, re.flags).test(subject) : new RegExp(`^(?:${re.source})$`, re.flags).test(subject);
    return re.test(subject);
  }).sort((a, b) => a.pid - b.pid);
}
function pgrep(c: CmdCtx): CmdResult {
  const isPkill = c.name === 'pkill';
  // pkill -9 / -TERM
  let sig = SIGNALS.TERM!;
  const argv = c.argv.slice(1).filter(a => { if (isPkill && /^-[A-Z0-9]+$/.test(a) && parseSignal(a.slice(1)) !== undefined && !['-f', '-x', '-n', '-o', '-l', '-i'].includes(a)) { sig = parseSignal(a.slice(1))!; return false; } return true; });
  const p = getopt(c, { short: 'flaxnoviced:s:u:P:', long: bb(c) ? undefined : { full: 'f', 'list-name': 'l', 'list-full': 'a', exact: 'x', newest: 'n', oldest: 'o', inverse: 'v', 'ignore-case': 'i', count: 'c', delimiter: 'd:', signal: 'SIG:', echo: 'e' } }, argv);
  if (typeof p === 'number') return p;
  if (p.v.SIG) sig = parseSignal(p.v.SIG) ?? sig;
  if (p.args.length !== 1) {
    if (bb(c)) { c.write(bbUsage(c), 2); return 1; }
    c.err(p.args.length ? `${c.name}: only one pattern can be provided` : `${c.name}: no matching criteria specified`);
    c.err(`Try \`${c.name} --help' for more information.`);
    return 2;
  }
  let list = matchProcs(c, p.args[0]!, { full: !!p.f.f, exact: !!p.f.x, icase: !!p.f.i });
  if (p.f.v) { const ids = new Set(list.map(x => x.pid)); list = c.sys.procs().filter(x => !ids.has(x.pid) && x.pid !== c.proc.pid); }
  if (p.f.n) list = list.slice(-1);
  if (p.f.o) list = list.slice(0, 1);
  if (isPkill) {
    for (const x of list) { c.sys.kill(x.pid, sig); if (p.f.e) c.write(`${comm(x)} killed (pid ${x.pid})\n`); }
    return list.length ? 0 : 1;
  }
  if (p.f.c) { c.write(list.length + '\n'); return list.length ? 0 : 1; }
  const d = p.v.d ?? '\n';
  const items = list.map(x => (p.f.a ? `${x.pid} ${x.argv.join(' ')}` : p.f.l ? `${x.pid} ${comm(x)}` : String(x.pid)));
  if (items.length) c.write(items.join(d) + '\n');
  return list.length ? 0 : 1;
}
function pidof(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'sxo:', long: {} });
  if (typeof p === 'number') return p;
  const omit = new Set((p.all.o ?? []).flatMap(x => x.split(',')).map(x => (x === '%PPID' ? c.proc.ppid : Number(x))));
  const out: number[] = [];
  for (const name of p.args) {
    const found = c.sys.procs().filter(x => x.pid !== c.proc.pid && !omit.has(x.pid) && (comm(x) === name || x.argv[0] === name || (x.prog.k === 'sh' && x.argv[1] === name && false))).map(x => x.pid).sort((a, b) => b - a);
    out.push(...(p.f.s ? found.slice(0, 1) : found));
  }
  if (out.length) c.write(out.join(' ') + '\n');
  return out.length ? 0 : 1;
}
function killall(c: CmdCtx): CmdResult {
  let sig = SIGNALS.TERM!;
  const argv = c.argv.slice(1).filter(a => { if (/^-[A-Z0-9]+$/i.test(a) && !['-q', '-i', '-w', '-e', '-v', '-l'].includes(a) && parseSignal(a.slice(1)) !== undefined) { sig = parseSignal(a.slice(1))!; return false; } return true; });
  const p = getopt(c, { short: 'qilws:ev' }, argv);
  if (typeof p === 'number') return p;
  if (p.f.l) { c.write(SIGLIST.join(' ') + '\n'); return 0; }
  if (p.v.s) sig = parseSignal(p.v.s) ?? sig;
  if (!p.args.length) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } return usageError(c, ''); }
  let rc = 0;
  for (const name of p.args) {
    const found = c.sys.procs().filter(x => x.pid !== c.proc.pid && comm(x) === name);
    if (!found.length) { if (!p.f.q) c.err(bb(c) ? `killall: ${name}: no process killed` : `${name}: no process found`); rc = 1; continue; }
    for (const x of found) c.sys.kill(x.pid, sig);
  }
  return rc;
}

// ------------------------------------------------------------------------------------------ running others
function timeout(c: CmdCtx): CmdResult {
  if (!c.st.o) {
    const p = getopt(c, { short: '+s:k:v', long: bb(c) ? undefined : { signal: 's:', 'kill-after': 'k:', 'preserve-status': 'PS', foreground: 'FG', verbose: 'v' } });
    if (typeof p === 'number') return bb(c) ? p : 125;
    const dur = (v: string) => { const m = /^(\d*\.?\d+)([smhd]?)$/.exec(v); return m ? Number(m[1]) * ({ '': 1000, s: 1000, m: 60000, h: 3600000, d: 86400000 } as Record<string, number>)[m[2]!]! : undefined; };
    if (p.args.length < 2) {
      if (bb(c)) { c.write(bbUsage(c), 2); return 1; }
      c.err("Try 'timeout --help' for more information.");
      return 125;
    }
    const ms = dur(p.args[0]!);
    if (ms === undefined) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } c.err(`timeout: invalid time interval '${p.args[0]}'\nTry 'timeout --help' for more information.`); return 125; }
    const sig = p.v.s !== undefined ? parseSignal(p.v.s) : SIGNALS.TERM;
    if (sig === undefined) { c.err(`timeout: ${p.v.s}: invalid signal\nTry 'timeout --help' for more information.`); return 125; }
    c.st.o = { ms, sig, kill: p.v.k !== undefined ? dur(p.v.k) : undefined, argv: p.args.slice(1), preserve: !!p.f.PS, verbose: !!p.f.v };
    c.st.left = ms;
  }
  const o = c.st.o as { ms: number; sig: number; kill?: number; argv: string[]; preserve: boolean; verbose: boolean };
  const timedOut = (code: number): number => {
    // busybox's timeout is the command's own process: it dies of the signal; GNU's exits 124
    if (bb(c)) { c.sys.kill(c.proc.pid, o.sig); return 128 + o.sig; }
    return o.preserve ? code : o.sig === SIGNALS.KILL ? 137 : 124;
  };
  if (c.st.child === undefined && !c.st.spawned) {
    const pid = c.sys.spawn(o.argv);
    if (typeof pid === 'string') {
      c.err(bb(c) ? `timeout: can't execute '${o.argv[0]}': No such file or directory` : `timeout: failed to run command '${o.argv[0]}': No such file or directory`);
      return pid === 'EACCES' ? 126 : 127;
    }
    c.st.child = pid; c.st.spawned = 1;
    return { block: { child: pid, ms: o.ms } };
  }
  const done = c.sys.reap(c.st.child);
  if (done) return c.st.fired ? timedOut(done.code) : done.code;
  if (!c.st.fired) {
    // the deadline passed
    c.st.fired = 1;
    if (o.verbose) c.err(`timeout: sending signal ${SIGNAME[o.sig] ?? o.sig} to command '${o.argv[0]}'`);
    c.sys.kill(c.st.child, o.sig);
    const now = c.sys.reap(c.st.child);
    if (now) return timedOut(now.code);
    return { block: { child: c.st.child, ...(o.kill !== undefined ? { ms: o.kill } : {}) } };
  }
  // still alive after the grace of -k: KILL
  c.sys.kill(c.st.child, SIGNALS.KILL!);
  const killed = c.sys.reap(c.st.child);
  return bb(c) ? timedOut(killed?.code ?? 137) : 137;
}
function nohup(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1).filter((a, i) => !(i === 0 && a === '--'));
  if (!args.length) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } c.err("nohup: missing operand\nTry 'nohup --help' for more information."); return 125; }
  if (!c.st.started) {
    c.st.started = 1;
    if (c.sys.isatty(1)) {
      try { c.fs.writeFile('nohup.out', '', { cwd: c.cwd, append: true, cred: c.cred }); } catch (e) { c.err(`nohup: can't open 'nohup.out': ${fsMsg(e)}`); return 127; }
      c.err(bb(c) ? "nohup: appending output to nohup.out" : "nohup: ignoring input and appending output to 'nohup.out'");
    }
  }
  // nohup execs the command with SIGHUP ignored
  const r = c.sys.exec(args);
  if (r !== 'ok') { c.err(bb(c) ? `nohup: can't execute '${args[0]}': No such file or directory` : `nohup: failed to run command '${args[0]}': No such file or directory`); return r === 'EACCES' ? 126 : 127; }
  return 0;
}
function watch(c: CmdCtx): CmdResult {
  if (!c.st.o) {
    const p = getopt(c, { short: '+n:tdx', long: bb(c) ? undefined : { interval: 'n:', 'no-title': 't', differences: 'd', exec: 'x', 'errexit': 'e', 'chgexit': 'g' } });
    if (typeof p === 'number') return p;
    if (!p.args.length) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } return usageError(c, ''); }
    c.st.o = { n: Number(p.v.n ?? 2), t: !!p.f.t, cmd: p.args.join(' '), x: !!p.f.x, args: p.args };
  }
  const o = c.st.o as { n: number; t: boolean; cmd: string; x: boolean; args: string[] };
  if (c.st.phase === 'sleep') { c.st.phase = undefined; }
  if (c.st.child === undefined && !c.st.running) {
    if (!o.t) {
      const when = strftime('%a %b %e %H:%M:%S %Y', c.now());
      c.write(bb(c) ? `\x1b[H\x1b[JEvery ${o.n.toFixed(1)}s: ${o.cmd}` + ' '.repeat(Math.max(1, 80 - 17 - o.cmd.length - when.length)) + when + '\n\n' : `\x1b[H\x1b[2JEvery ${o.n.toFixed(1)}s: ${o.cmd}` + ' '.repeat(Math.max(1, 80 - 14 - o.cmd.length - when.length - 20)) + `${c.pod.hostname}: ${when}\n\n`);
    }
    c.st.running = 1;
  }
  const r = runChild(c, 'child', o.x ? o.args : ['/bin/sh', '-c', o.cmd]);
  if ('block' in r) return r;
  c.st.running = 0;
  return { block: { ms: Math.round(o.n * 1000) } };
}

// ------------------------------------------------------------------------------------------ date
function date(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'ud:I::RD:r:s:', long: bb(c) ? undefined : { utc: 'u', universal: 'u', date: 'd:', 'iso-8601': 'I?', rfc: 'R', 'rfc-email': 'R', 'rfc-2822': 'R', 'rfc-3339': 'RFC3339:', reference: 'r:', set: 's:', debug: 'DEBUG' } });
  if (typeof p === 'number') return p;
  let ms = c.now();
  let fmt: string | undefined;
  const args = [...p.args];
  if (args[0]?.startsWith('+')) fmt = args.shift()!.slice(1);
  const setTo = p.v.s ?? (args.length && !fmt ? args[0] : undefined);
  if (args.length > (setTo === args[0] ? 1 : 0)) { c.err(`date: extra operand '${args[setTo === args[0] ? 1 : 0]}'`); if (!bb(c)) c.err("Try 'date --help' for more information."); return 1; }
  if (setTo !== undefined) {
    const t = parseDate(setTo, ms);
    if (t === undefined) { c.err(`date: invalid date '${setTo}'`); return 1; }
    // setting the clock needs CAP_SYS_TIME, which containers lack
    c.err(bb(c) ? "date: can't set date: Operation not permitted" : 'date: cannot set date: Operation not permitted');
    c.write(strftime(fmt ?? '%a %b %e %H:%M:%S %Z %Y', t) + '\n');
    return 1;
  }
  if (p.v.d !== undefined) {
    const t = parseDate(p.v.d, ms);
    if (t === undefined || (bb(c) && !/^@-?\d+$|^\d{4}-\d\d-\d\d( \d\d:\d\d(:\d\d)?)?$|^\d\d:\d\d(:\d\d)?$|^\d{1,2}\.\d{1,2}-\d\d:\d\d/.test(p.v.d.trim()))) { c.err(`date: invalid date '${p.v.d}'`); return 1; }
    ms = t;
  }
  if (p.v.r !== undefined) {
    try { const st = c.fs.stat(p.v.r, c.cwd); if (!st) throw new Error(); ms = st.mtime; }
    catch { c.err(bb(c) ? `date: can't stat '${p.v.r}': No such file or directory` : `date: ${p.v.r}: No such file or directory`); return 1; }
  }
  if (p.f.R) fmt = '%a, %d %b %Y %H:%M:%S %z';
  if (p.f.I) {
    const k = (p.v.I ?? 'date').replace(/^=/, '');
    fmt = k.startsWith('s') ? '%Y-%m-%dT%H:%M:%S%:z' : k.startsWith('m') ? '%Y-%m-%dT%H:%M%:z' : k.startsWith('h') ? '%Y-%m-%dT%H%:z' : k.startsWith('n') ? '%Y-%m-%dT%H:%M:%S,%N%:z' : '%Y-%m-%d';
  }
  if (p.v.RFC3339 !== undefined) fmt = p.v.RFC3339.startsWith('s') ? '%Y-%m-%d %H:%M:%S%:z' : p.v.RFC3339.startsWith('n') ? '%Y-%m-%d %H:%M:%S.%N%:z' : '%Y-%m-%d';
  c.write(strftime(fmt ?? '%a %b %e %H:%M:%S %Z %Y', ms) + '\n');
  return 0;
}

// ------------------------------------------------------------------------------------------ identity and system
function uname(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'asnrvmpio', long: bb(c) ? undefined : { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm', processor: 'p', 'hardware-platform': 'i', 'operating-system': 'o' } });
  if (typeof p === 'number') return p;
  const f = p.f;
  const info = { s: 'Linux', n: c.pod.hostname, r: '6.8.0-1021-gcp', v: '#23~22.04.1-Ubuntu SMP Tue Dec 10 17:36:55 UTC 2024', m: 'x86_64', p: bb(c) ? 'unknown' : 'unknown', i: 'unknown', o: 'GNU/Linux' };
  if (!Object.keys(f).length) { c.write('Linux\n'); return 0; }
  if (f.a) { c.write(bb(c) ? `${info.s} ${info.n} ${info.r} ${info.v} ${info.m} ${info.o}\n` : `${info.s} ${info.n} ${info.r} ${info.v} ${info.m} ${info.o}\n`); return 0; }
  const parts: string[] = [];
  for (const k of ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'] as const) if (f[k]) parts.push(info[k]);
  c.write(parts.join(' ') + '\n');
  return 0;
}
function groupsOf(c: CmdCtx, uid: number, gid: number): number[] {
  const name = userName(c, uid);
  const out = [gid];
  try {
    for (const l of c.fs.readFile('/etc/group').split('\n')) {
      const f = l.split(':');
      if (f.length < 4 || !name) continue;
      if (f[3]!.split(',').includes(name) && !out.includes(Number(f[2]))) out.push(Number(f[2]));
    }
  } catch { /* none */ }
  return out;
}
function id(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'ugGnr', long: bb(c) ? undefined : { user: 'u', group: 'g', groups: 'G', name: 'n', real: 'r' } });
  if (typeof p === 'number') return p;
  let uid = c.cred.uid, gid = c.cred.gid;
  let groups = [gid, ...(c.cred.groups ?? []).filter(g => g !== gid)];
  if (p.args[0] !== undefined) {
    const u = lookupUser(c, p.args[0]);
    if (!u || (/^\d+$/.test(p.args[0]) && !userName(c, u.uid))) { c.err(bb(c) ? `id: unknown user ${p.args[0]}` : `id: '${p.args[0]}': no such user`); return 1; }
    uid = u.uid; gid = u.gid; groups = groupsOf(c, uid, gid);
  } else if (c.cred.groups === undefined) groups = groupsOf(c, uid, gid).filter((g, i) => i === 0 || bb(c) || true);
  const nm = (n: number, f: (c: CmdCtx, x: number) => string | undefined) => f(c, n) ?? String(n);
  if (p.f.u) { c.write((p.f.n ? nm(uid, userName) : String(uid)) + '\n'); return 0; }
  if (p.f.g) { c.write((p.f.n ? nm(gid, groupName) : String(gid)) + '\n'); return 0; }
  if (p.f.G) { c.write(groups.map(g => (p.f.n ? nm(g, groupName) : String(g))).join(' ') + '\n'); return 0; }
  const w = (n: number, f: (c: CmdCtx, x: number) => string | undefined) => { const x = f(c, n); return x ? `${n}(${x})` : String(n); };
  const base = `uid=${w(uid, userName)} gid=${w(gid, groupName)}`;
  const showGroups = p.args[0] !== undefined || !bb(c) || groups.length > 1 || (c.cred.groups?.length ?? 0) > 0;
  c.write(`${base}${showGroups ? ` groups=${groups.map(g => w(g, groupName)).join(',')}` : ''}\n`);
  return 0;
}
function groups(c: CmdCtx): CmdResult {
  const who = c.argv[1];
  let uid = c.cred.uid, gid = c.cred.gid;
  if (who) { const u = lookupUser(c, who); if (!u) { c.err(bb(c) ? `groups: unknown user ${who}` : `groups: '${who}': no such user`); return 1; } uid = u.uid; gid = u.gid; }
  const list = groupsOf(c, uid, gid).map(g => groupName(c, g) ?? String(g)).join(' ');
  c.write((who && !bb(c) ? `${who} : ` : '') + list + '\n');
  return 0;
}
function whoami(c: CmdCtx): CmdResult {
  const n = userName(c, c.cred.uid);
  if (!n) { c.err(bb(c) ? `whoami: unknown uid ${c.cred.uid}` : `whoami: cannot find name for user ID ${c.cred.uid}`); return 1; }
  c.write(n + '\n');
  return 0;
}
function hostname(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'sfdiIF:y', long: bb(c) ? undefined : { short: 's', fqdn: 'f', long: 'f', domain: 'd', 'ip-address': 'i', 'all-ip-addresses': 'I', file: 'F:' } });
  if (typeof p === 'number') return p;
  let h: string;
  try { h = c.fs.readFile('/etc/hostname').trim(); } catch { h = c.pod.hostname; }
  if (p.f.i) { c.write(c.pod.ip + '\n'); return 0; }
  if (p.f.I) { c.write(c.pod.ip + ' \n'); return 0; }
  const fqdn = c.pod.subdomain ? `${c.pod.hostname}.${c.pod.subdomain}.${c.pod.ns}.svc.cluster.local` : h;
  if (p.f.f) { c.write(fqdn + '\n'); return 0; }
  if (p.f.d) { c.write(fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) + '\n' : '\n'); return 0; }
  if (p.f.s) { c.write(h.split('.')[0] + '\n'); return 0; }
  if (p.args.length) { c.err(bb(c) ? `hostname: sethostname: Operation not permitted` : 'hostname: you must be root to change the host name'); return 1; }
  c.write(h + '\n');
  return 0;
}
function env(c: CmdCtx): CmdResult {
  if (!c.st.o) {
    const p = getopt(c, { short: '+iu:0C:', long: bb(c) ? undefined : { ignore_environment: 'i', 'ignore-environment': 'i', unset: 'u:', null: '0', chdir: 'C:' } });
    if (typeof p === 'number') return p === 1 && !bb(c) ? 125 : p;
    const e: Record<string, string> = p.f.i ? {} : { ...c.env };
    for (const u of p.all.u ?? []) delete e[u];
    let i = 0;
    const args = p.args;
    if (args[0] === '-') { for (const k of Object.keys(e)) delete e[k]; i++; }
    for (; i < args.length && /^[^=]+=/.test(args[i]!); i++) { const a = args[i]!; e[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1); }
    if (i >= args.length) { for (const [k, v] of Object.entries(e)) c.write(`${k}=${v}${p.f['0'] ? '\0' : '\n'}`); return 0; }
    c.st.o = { env: e, argv: args.slice(i), cwd: p.v.C };
  }
  const o = c.st.o as { env: Record<string, string>; argv: string[]; cwd?: string };
  // env execs the command in its own place
  const r = c.sys.exec(o.argv, o.env);
  if (r !== 'ok') {
    c.err(bb(c) ? `env: can't execute '${o.argv[0]}': ${r === 'EACCES' ? 'Permission denied' : 'No such file or directory'}` : `env: '${o.argv[0]}': ${r === 'EACCES' ? 'Permission denied' : 'No such file or directory'}`);
    return r === 'EACCES' ? 126 : 127;
  }
  return 0;
}
function printenv(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: '0', long: bb(c) ? undefined : { null: '0' } });
  if (typeof p === 'number') return p;
  const end = p.f['0'] ? '\0' : '\n';
  if (!p.args.length) { for (const [k, v] of Object.entries(c.env)) c.write(`${k}=${v}${end}`); return 0; }
  let rc = 0;
  for (const n of p.args) { if (n in c.env) c.write(c.env[n] + end); else rc = 1; }
  return rc;
}
function which(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'as' });
  if (typeof p === 'number') return p;
  if (!p.args.length) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } return 1; }
  let rc = 0;
  const PATH = c.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  for (const name of p.args) {
    const hits: string[] = [];
    const cands = name.includes('/') ? [name] : PATH.split(':').map(d => `${d || '.'}/${name}`);
    for (const cand of cands) {
      try {
        const st = c.fs.stat(cand, c.cwd);
        if (st && st.k !== 'd' && (st.mode & 0o111)) { hits.push(cand); if (!p.f.a) break; }
      } catch { /* next */ }
    }
    if (!hits.length) { rc = 1; continue; }
    if (!p.f.s) for (const h of hits) c.write(h + '\n');
  }
  return rc;
}
function getent(c: CmdCtx): CmdResult {
  const [db, ...keys] = c.argv.slice(1);
  if (!db) { if (bb(c)) { c.write(bbUsage(c), 2); return 1; } c.err('Usage: getent [OPTION...] database [key ...]\nTry `getent --help\' or `getent --usage\' for more information.'); return 1; }
  if (db === 'hosts' || db === 'ahosts' || db === 'ahostsv4' || db === 'ahostsv6') {
    const net = userland('getent-hosts');
    if (net) return net(c);
    return 2;
  }
  const file = db === 'passwd' ? '/etc/passwd' : db === 'group' ? '/etc/group' : db === 'shadow' ? '/etc/shadow' : db === 'services' ? '/etc/services' : db === 'protocols' ? '/etc/protocols' : undefined;
  if (!file) { c.err(bb(c) ? `getent: unknown database: ${db}` : `Unknown database: ${db}\nTry \`getent --help' or \`getent --usage' for more information.`); return bb(c) ? 1 : 1; }
  let lines: string[];
  try { lines = c.fs.readFile(file).split('\n').filter(l => l && !l.startsWith('#')); } catch { lines = []; }
  if (!keys.length) { for (const l of lines) c.write(l + '\n'); return 0; }
  let rc = 0;
  for (const k of keys) {
    const hit = lines.find(l => { const f = l.split(':'); return f[0] === k || ((db === 'passwd' || db === 'group') && f[2] === k); });
    if (hit) c.write(hit + '\n'); else rc = 2;
  }
  return rc;
}
function logger(c: CmdCtx): CmdResult {
  const p = getopt(c, { short: 'st:p:i', long: bb(c) ? undefined : { stderr: 's', tag: 't:', priority: 'p:', id: 'ID?' } });
  if (typeof p === 'number') return p;
  const collect = (msg: string) => {
    // no syslog daemon listens in a container: the message goes nowhere unless -s
    if (p.f.s) c.err(bb(c) ? `${p.v.t ?? userName(c, c.cred.uid) ?? 'root'}: ${msg}` : `<13>${strftime('%b %e %H:%M:%S', c.now())} ${p.v.t ?? userName(c, c.cred.uid) ?? 'root'}: ${msg}`);
  };
  if (p.args.length) { collect(p.args.join(' ')); return 0; }
  const ins = readInputs(c, ['-']);
  if (ins === 'block') return { block: { read: 0 } };
  for (const l of (ins[0]!.text ?? '').split('\n').filter(Boolean)) collect(l);
  return 0;
}
function tty(c: CmdCtx): CmdResult {
  if (c.sys.isatty(0)) { c.write('/dev/pts/0\n'); return 0; }
  if (!c.argv.includes('-s')) c.write('not a tty\n');
  return 1;
}
function stty(c: CmdCtx): CmdResult {
  const isTty = c.sys.isatty(0);
  if (!isTty) { c.err(bb(c) ? 'stty: standard input: Inappropriate ioctl for device' : "stty: 'standard input': Inappropriate ioctl for device"); return 1; }
  const args = c.argv.slice(1);
  const cols = Number(c.env.COLUMNS ?? 80), rows = Number(c.env.LINES ?? 24);
  if (args[0] === 'size') { c.write(`${rows} ${cols}\n`); return 0; }
  if (!args.length) { c.write('speed 38400 baud; line = 0;\n-brkint -imaxbel\n'); return 0; }
  if (args[0] === '-a') { c.write(`speed 38400 baud; rows ${rows}; columns ${cols}; line = 0;\nintr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>; eol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R; werase = ^W; lnext = ^V; discard = ^O; min = 1; time = 0;\n-parenb -parodd -cmspar cs8 -hupcl -cstopb cread -clocal -crtscts\n-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff -iuclc -ixany -imaxbel -iutf8\nopost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0\nisig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt echoctl echoke -flusho -extproc\n`); return 0; }
  return 0;
}
/** less and more when the output is not a terminal: they copy their input (as cat). */
function pager(c: CmdCtx): CmdResult {
  const files = c.argv.slice(1).filter(a => !a.startsWith('-') && !a.startsWith('+'));
  const cat = userland('cat')!;
  if (!c.sys.isatty(1)) {
    // util-linux more names each file when its output is not a terminal
    if (c.name === 'more' && !bb(c) && files.length) {
      c.st.i ??= 0;
      for (; c.st.i < files.length; c.st.i++) {
        const f = files[c.st.i]!;
        let t: string;
        try { t = c.fs.readFile(f, c.cwd, c.cred); } catch (e) { c.err(`more: cannot open ${f}: ${fsMsg(e)}`); continue; }
        c.write(`::::::::::::::\n${f}\n::::::::::::::\n${t}`);
      }
      return 0;
    }
    return cat({ ...c, argv: ['cat', ...files], name: 'cat' } as CmdCtx);
  }
  // on a terminal: show the text and wait for q (a session's input)
  if (!c.st.shown) {
    const r = cat({ ...c, argv: ['cat', ...files], name: c.name } as CmdCtx);
    if (typeof r !== 'number') return r;
    c.st.shown = 1;
    c.write(c.name === 'less' ? '(END)' : '');
  }
  for (;;) {
    const d = c.read(0);
    if (d === undefined) return { block: { read: 0 } };
    if (d === null || d.includes('q')) { c.write('\n'); return 0; }
  }
}
function vi(c: CmdCtx): CmdResult {
  if (!c.sys.isatty(0) || !c.sys.isatty(1)) {
    // busybox vi on a pipe: it cannot draw; a clear message instead of a garbled screen
    c.err(`${c.name}: this simulated container has no full-screen editor; use kctl cp, or sed -i / cat > file to change files`);
    return 1;
  }
  c.err(`${c.name}: full-screen editing is not available in kctl's simulated terminal; use sed -i or cat > file`);
  return 1;
}
function apk(c: CmdCtx): CmdResult {
  const sub = c.argv[1];
  if (!sub || sub === '--help' || sub === '-h') { c.write('apk-tools 2.14.4, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n\nPackage installation and removal:\n  add        Add packages to WORLD and commit changes\n  del        Remove packages from WORLD and commit changes\n\nSystem maintenance:\n  fix        Fix, reinstall or upgrade packages without modifying WORLD\n  update     Update repository indexes\n  upgrade    Install upgrades available from repositories\n  cache      Manage the local package cache\n\nQuerying package information:\n  info       Give detailed information about packages or repositories\n  list       List packages matching a pattern or other criteria\n  search     Search for packages by name or description\n\nThis apk has coffee making abilities.\n'); return 0; }
  if (sub === 'info' || sub === 'list') {
    const pkgs = ['alpine-baselayout', 'alpine-baselayout-data', 'alpine-keys', 'apk-tools', 'busybox', 'busybox-binsh', 'ca-certificates-bundle', 'libcrypto3', 'libssl3', 'musl', 'musl-utils', 'scanelf', 'ssl_client', 'zlib'];
    for (const x of pkgs) c.write(x + '\n');
    return 0;
  }
  if (sub === 'update' || sub === 'add' || sub === 'upgrade' || sub === 'fix' || sub === 'search') {
    // the simulated cluster has no way out to the Alpine mirrors
    c.write('fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz\n');
    c.write('WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.20/main: network unreachable (kctl simulates the cluster; containers have no internet access)\n', 2);
    c.write('fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/community/x86_64/APKINDEX.tar.gz\n');
    c.write('WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.20/community: network unreachable (kctl simulates the cluster; containers have no internet access)\n', 2);
    if (sub === 'add') {
      for (const x of c.argv.slice(2).filter(a => !a.startsWith('-'))) c.write(`ERROR: unable to select packages:\n  ${x} (no such package):\n    required by: world[${x}]\n`, 2);
      return 1;
    }
    if (sub === 'update') { c.write('4 unavailable, 0 stale; 15 distinct packages available\n'); return 4; }
    return 1;
  }
  c.write(`apk: unknown command '${sub}'\n`, 2);
  return 1;
}
function nproc(c: CmdCtx): CmdResult { void c; c.write('8\n'); return 0; }

register({ ps, top, free, uptime, kill, pgrep, pkill: pgrep, pidof, killall, timeout, nohup, watch, date, uname, id, groups, whoami, hostname, env, printenv, which, getent, logger, tty, stty, less: pager, more: pager, vi, apk, nproc });
