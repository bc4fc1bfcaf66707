// The simulated userland: every command a container can run, by applet name. Commands are functions of a
// CmdCtx (src/runtime/types.ts); one that must wait returns { block } and is called again, with its
// `st` kept, when what it waits for has happened. Groups of commands live in their own files and register
// here. Messages follow the image's flavor: busybox (busybox, alpine) or GNU (debian, ubuntu).
import type { CmdFn, CmdCtx, ServeFn } from '../types';

const REGISTRY = new Map<string, CmdFn>();
const SIGNAL_HANDLERS = new Map<string, (sig: number, c: CmdCtx) => number | 'ignore' | undefined>();
const MEMORY = new Map<string, number>();
const SERVERS = new Map<string, ServeFn>();

export function register(cmds: Record<string, CmdFn>): void {
  for (const [k, v] of Object.entries(cmds)) REGISTRY.set(k, v);
}
/** How a program reacts to signals (servers exit cleanly on TERM or QUIT). */
export function onSignal(name: string, fn: (sig: number, c: CmdCtx) => number | 'ignore' | undefined): void { SIGNAL_HANDLERS.set(name, fn); }
/** How a listening program answers a connection or datagram (src/runtime/net/ delivers it). */
export function serve(name: string, fn: ServeFn): void { SERVERS.set(name, fn); }
/** Resident memory of a program (bytes), for OOM and top. */
export function memoryOf(name: string, bytes: number): void { MEMORY.set(name, bytes); }

let loaded = false;
function load(): void {
  if (loaded) return;
  loaded = true;
  require('./core');
  require('./text');
  require('./grep');
  require('./files');
  require('./sed');
  require('./awk');
  require('./archive');
  require('./procs');
  require('./misc');
  require('./programs');
  require('./netcmds');
  require('./servers');
  require('./mysql');
  require('./datastores');
}

/** An applet may name a variant after '@' (curl@7.47.0: the image's own curl version); the command is the same. */
const base = (name: string) => { const i = name.indexOf('@'); return i > 0 ? name.slice(0, i) : name; };
export function userland(name: string): CmdFn | undefined { load(); return REGISTRY.get(name) ?? REGISTRY.get(base(name)); }
export function signalAction(name: string, sig: number, c: CmdCtx): number | 'ignore' | undefined { load(); return (SIGNAL_HANDLERS.get(name) ?? SIGNAL_HANDLERS.get(base(name)))?.(sig, c); }
export function baseMemory(name: string): number { load(); return MEMORY.get(name) ?? MEMORY.get(base(name)) ?? 512 * 1024; }
export function server(name: string): ServeFn | undefined { load(); return SERVERS.get(name) ?? SERVERS.get(base(name)); }
/** The variant an applet was installed as (curl@7.47.0 → '7.47.0'), if any. */
export function variant(c: CmdCtx): string | undefined {
  const n = c.proc.prog.k === 'cmd' ? c.proc.prog.name : '';
  const i = n.indexOf('@');
  return i > 0 ? n.slice(i + 1) : undefined;
}
export function appletNames(): string[] { load(); return [...REGISTRY.keys()]; }

/** busybox-style messages (busybox, alpine) or GNU coreutils ones (debian, ubuntu). */
export const isBusybox = (c: CmdCtx) => c.flavor === 'busybox' || c.flavor === 'alpine';
