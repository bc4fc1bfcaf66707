// Filesystem errors as Go words them (os.PathError: `open F: no such file or directory`), for messages that
// must read as kubectl's, and a mkdir -p that cannot spin (Node's recursive mkdirSync loops forever where a
// parent exists but refuses new entries, as /proc does).
import fs from 'node:fs';
import path from 'node:path';

/** `op file: text` for a Node fs error, in Go's words. */
export function goPathError(op: string, file: string, e: any): string {
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory', EACCES: 'permission denied', EPERM: 'operation not permitted', EISDIR: 'is a directory',
    ENOTDIR: 'not a directory', EROFS: 'read-only file system', ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded',
    EEXIST: 'file exists', ELOOP: 'too many levels of symbolic links', ENAMETOOLONG: 'file name too long', EIO: 'input/output error',
  };
  const op2 = e?.code === 'EISDIR' && op === 'open' ? 'read' : op;
  return `${op2} ${file}: ${text[e?.code] ?? String(e?.message ?? e).replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}`;
}

/** mkdir -p, one level at a time; a failure throws `fail(op, path, error)` (op: stat or mkdir). */
export function mkdirAll(dir: string, fail: (op: string, p: string, e: unknown) => Error, mode?: number): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    let st: fs.Stats;
    try { st = fs.statSync(d); } catch (e: any) {
      if (e.code !== 'ENOENT') throw fail('stat', d, e);
      missing.unshift(d);
      if (path.dirname(d) === d) break;
      continue;
    }
    if (!st.isDirectory()) throw fail('mkdir', d, { code: 'ENOTDIR' });
    break;
  }
  for (const d of missing) {
    try { fs.mkdirSync(d, mode !== undefined ? { mode } : undefined); } catch (e: any) { if (e.code !== 'EEXIST') throw fail('mkdir', d, e); }
  }
}
