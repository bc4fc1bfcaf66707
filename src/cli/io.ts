// Output of one invocation: buffered until the step that produced it has committed, then written in order.
export class Output {
  private chunks: { fd: 1 | 2; text: string }[] = [];
  exitCode = 0;
  out(text: string): void { this.chunks.push({ fd: 1, text }); }
  /** A line to stdout. */
  line(text: string): void { this.chunks.push({ fd: 1, text: text + '\n' }); }
  err(text: string): void { this.chunks.push({ fd: 2, text: text.endsWith('\n') ? text : text + '\n' }); }
  hasStdout(): boolean { return this.chunks.some(c => c.fd === 1 && c.text.length > 0); }
  /** Drop what a failed step produced. */
  mark(): number { return this.chunks.length; }
  reset(to: number): void { this.chunks.length = to; }
  flush(): void {
    // the read path's bundle met code it does not hold: the full bundle runs the command again (src/lean.ts)
    if ((globalThis as { __kctlLeanMiss?: string }).__kctlLeanMiss) { this.chunks = []; return; }
    // Coalesce per stream; write synchronously so nothing is lost on exit.
    const fs = require('node:fs') as typeof import('node:fs');
    for (const c of this.chunks) {
      if (!c.text) continue;
      try { fs.writeSync(c.fd, c.text); } catch (e: any) { if (e.code !== 'EPIPE' && e.code !== 'EAGAIN') throw e; if (e.code === 'EAGAIN') retryWrite(c.fd, c.text); }
    }
    this.chunks = [];
  }
}
function retryWrite(fd: number, text: string): void {
  const fs = require('node:fs') as typeof import('node:fs');
  let buf = Buffer.from(text);
  while (buf.length) {
    try { const n = fs.writeSync(fd, buf); buf = buf.subarray(n); } catch (e: any) {
      if (e.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); continue; }
      if (e.code === 'EPIPE') return;
      throw e;
    }
  }
}
