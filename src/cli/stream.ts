// The client side of a remote stream (kubectl's remotecommand executor with its term.TTY): exec, attach,
// run -i/-t and debug -it all move bytes between the local terminal and a process in a simulated container.
// Each exchange is one short step (feed what was typed, take what was written); between steps no lock is held.
// With -t on a terminal the local terminal goes raw, as kubectl's does, and kctl plays the container side's
// pseudo-terminal: it echoes what is typed, edits the line (backspace, Ctrl-U), sends it on Enter, turns
// Ctrl-C into SIGINT for the running command and Ctrl-D into end of input, and writes "\r\n" for "\n" (onlcr).
import type { Session } from './session';
import type { Runtime } from '../sim/runtime';

/** What one step gives back. */
export interface Polled { out: string; err: string; done: boolean; code?: number; wait?: number; reprompt?: boolean }
/** The remote end: one step with what the user sent since the last. */
export interface Remote {
  step(rt: Runtime, input: { data?: string; eof?: boolean; intr?: boolean }): Polled;
  /** The client goes away (kctl interrupted): what the remote does then. */
  hangup?(rt: Runtime): void;
}
export type StdinMode = 'none' | 'pipe' | 'raw';

const fs = () => require('node:fs') as typeof import('node:fs');

/** Write what a container wrote (a string standing for bytes, src/runtime/bytes.ts) to a local fd. */
export function writeFd(fd: number, text: string): void {
  if (!text) return;
  let buf = (require('../runtime/bytes') as typeof import('../runtime/bytes')).toBytes(text);
  while (buf.length) {
    try { const n = fs().writeSync(fd, buf); buf = buf.subarray(n); }
    catch (e: any) {
      if (e.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); continue; }
      if (e.code === 'EPIPE') return;
      throw e;
    }
  }
}

/**
 * Run a remote stream until it ends. stdin: 'none' (nothing sent), 'pipe' (stdin's bytes as they come,
 * then end of input), 'raw' (a terminal in raw mode, with the pseudo-terminal's line discipline here).
 * tty: the remote has a terminal (its output is one stream, "\n" shown as "\r\n").
 */
export async function drive(s: Session, remote: Remote, o: { stdin: StdinMode; tty: boolean; stderrFd?: number }): Promise<Polled> {
  const queue: string[] = [];
  let eof = false, intr = false;
  let wake: (() => void) | undefined;
  const kick = () => { const w = wake; wake = undefined; w?.(); };
  let line = '';
  let lastLine = ''; // what the remote wrote after its last newline: the prompt to redraw after Ctrl-C
  const stdin = o.stdin !== 'none' ? process.stdin : (undefined as unknown as NodeJS.ReadStream);
  const errFd = o.stderrFd ?? 2;
  const echo = (t: string) => writeFd(1, t);
  // libuv's raw mode keeps the terminal's output processing (ONLCR): "\n" reaches the screen as "\r\n", as
  // the remote pseudo-terminal's "\r\n" does through kubectl's raw terminal; elsewhere kctl converts itself
  const localOnlcr = o.stdin === 'raw' && (require('node:tty') as typeof import('node:tty')).isatty(1);
  const nl = localOnlcr ? '\n' : '\r\n';

  const onKey = (buf: Buffer) => {
    for (const ch of buf.toString('utf8')) {
      const c = ch.charCodeAt(0);
      if (c === 0x03) { echo('^C'); line = ''; intr = true; continue; }
      if (c === 0x04) { if (line) { queue.push(line); line = ''; } else eof = true; continue; }
      if (c === 0x7f || c === 0x08) { if (line) { line = [...line].slice(0, -1).join(''); echo('\b \b'); } continue; }
      if (c === 0x15) { echo('\b \b'.repeat([...line].length)); line = ''; continue; }
      if (c === 0x0d || c === 0x0a) { echo(nl); queue.push(line + '\n'); line = ''; continue; }
      if (c === 0x1b) continue; // escape sequences (arrows) are not edited here
      line += ch;
      echo(c < 0x20 ? `^${String.fromCharCode(c + 64)}` : ch);
    }
    kick();
  };
  let raw = false;
  const restore = () => { if (raw) { try { stdin.setRawMode(false); } catch { /* closed */ } raw = false; } };
  if (o.stdin === 'raw') {
    stdin.setRawMode(true);
    raw = true;
    stdin.on('data', onKey);
    stdin.resume();
  } else if (o.stdin === 'pipe') {
    // bytes as they come (a tar stream stays exact); a UTF-8 sequence cut between reads waits for its end
    const { fromBytes } = require('../runtime/bytes') as typeof import('../runtime/bytes');
    let carry = Buffer.alloc(0);
    stdin.on('data', (b: Buffer) => {
      const all = carry.length ? Buffer.concat([carry, b]) : b;
      const cut = utf8Tail(all);
      carry = Buffer.from(all.subarray(all.length - cut));
      queue.push(fromBytes(all.subarray(0, all.length - cut)));
      kick();
    });
    stdin.on('end', () => { if (carry.length) queue.push(fromBytes(carry)); carry = Buffer.alloc(0); eof = true; kick(); });
    stdin.on('error', () => { eof = true; kick(); });
    stdin.resume();
  }
  // kctl interrupted (a terminal not in raw mode, or a signal): the stream goes, the remote hangs up
  // (kubectl's term.TTY.Safe: on a terminal its interrupt handler exits 1; otherwise the signal kills it)
  const onSignal = (sig: NodeJS.Signals) => {
    const wasTerminal = raw || stdinIsTerminal();
    restore();
    try { s.step(rt => remote.hangup?.(rt)); } catch { /* best effort */ }
    if (wasTerminal) process.exit(1);
    process.removeAllListeners(sig);
    process.kill(process.pid, sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  let sentEof = false;
  let result: Polled;
  // --request-timeout ends the stream as it ends a watch (the connection goes: an exec's process is hung up)
  const deadline = s.watchDeadline();
  try {
    for (;;) {
      const data = queue.splice(0).join('');
      const sendEof = eof && !sentEof && !queue.length;
      const sendIntr = intr;
      intr = false;
      const got = s.step(rt => remote.step(rt, { ...(data ? { data } : {}), ...(sendEof ? { eof: true } : {}), ...(sendIntr ? { intr: true } : {}) }));
      if (sendEof) sentEof = true;
      // the newline after ^C; an idle interactive shell draws its prompt again
      if (sendIntr) echo(got.reprompt ? nl + lastLine : nl);
      let out = got.out, err = got.err;
      if (o.tty && !localOnlcr) { out = onlcr(out); err = onlcr(err); }
      writeFd(1, out);
      writeFd(errFd, err);
      const tail = (out || '').split('\n').pop();
      if (out) lastLine = out.includes('\n') ? tail! : lastLine + out;
      if (got.done) { result = got; break; }
      if (Date.now() >= deadline) { try { s.step(rt => remote.hangup?.(rt)); } catch { /* best effort */ } result = { out: '', err: '', done: true }; break; }
      if (queue.length || (eof && !sentEof) || intr) continue;
      const wait = Math.max(5, Math.min(200, got.wait ?? 200, deadline - Date.now()));
      await new Promise<void>(r => { const t = setTimeout(() => { wake = undefined; r(); }, wait); wake = () => { clearTimeout(t); r(); }; });
    }
  } finally {
    restore();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    if (o.stdin !== 'none') { stdin.removeAllListeners('data'); stdin.pause(); try { stdin.unref?.(); } catch { /* ok */ } }
  }
  return result!;
}

/** How many bytes at the end of a buffer start a UTF-8 sequence that is not complete yet. */
function utf8Tail(b: Buffer): number {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const c = b[b.length - k]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

/** The terminal's output processing: "\n" becomes "\r\n". */
function onlcr(s: string): string { return s.replace(/\r?\n/g, '\r\n'); }

/** Is fd 0 a terminal (term.IsTerminal)? */
export function stdinIsTerminal(): boolean {
  try { return require('node:tty').isatty(0) as boolean; } catch { return false; }
}
