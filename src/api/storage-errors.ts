// What a failure of the cluster's storage means to a client, as etcd's failures reach kube-apiserver's
// clients: the store's SQLite errors (better-sqlite3's SqliteError codes) sorted into the few kinds the CLI
// reports differently. No SQL here; store.ts stays the only module that speaks it.
export type StorageFailure = 'busy' | 'full' | 'readonly' | 'corrupt' | 'io' | 'cantopen';

export function storageFailure(e: unknown): StorageFailure | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_')) return 'busy';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_SHMSIZE') return 'full';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'EROFS') return 'readonly';
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') return 'corrupt';
  // a stored row SQLite's JSON functions cannot read (the store's json_extract: every row's JSON is kctl's own)
  if (code === 'SQLITE_ERROR' && /^malformed JSON$/.test(String((e as Error).message))) return 'corrupt';
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'cantopen';
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) return 'io';
  return undefined;
}

/** The database file this process opened last: what a storage failure met outside a session's step names (a
 *  verb that reports an error of its step later, as logs and exec do). */
let lastDatabase: string | undefined;
export function noteDatabase(file: string): void { lastDatabase = file; }

/**
 * The error a client sees for a storage failure. A lock held by another process past the wait is a server
 * that does not answer: the client's own --request-timeout when that came first (client-go's words), else
 * kube-apiserver's request timeout. `file` names the database when known.
 */
export function storageError(e: unknown, file = lastDatabase, opts: { requestTimedOut?: boolean } = {}): Error {
  // required lazily: errors.ts requires this module for formatError
  const { CliError, StatusError } = require('./errors') as typeof import('./errors');
  const db = file ? `the cluster database ${file}` : 'the cluster database';
  const detail = String((e as Error)?.message ?? e).replace(/^.*\((.*)\)$/, '$1');
  switch (storageFailure(e)) {
    case 'busy':
      if (opts.requestTimedOut) return new CliError('Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)', 1, true);
      return new StatusError(504, 'Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded');
    case 'full': return new CliError(`cannot write to ${db}: no space left on device (the change was rolled back)`);
    case 'readonly': return new CliError(`cannot write to ${db}: it is read-only (KCTL_HOME is not writable)`);
    case 'corrupt': return new CliError(`${db} is corrupt or not a kctl database (${e instanceof CorruptDataError || /malformed|not a database|encrypted/i.test(detail) ? detail : 'database disk image is malformed'})`);
    case 'cantopen': return new CliError(`cannot open ${db}: ${detail}`);
    case 'io': return new CliError(`cannot use ${db}: disk I/O error`);
    default: return e as Error;
  }
}

/** A stored value that does not parse: the file was damaged under kctl (reported as a corrupt database). */
export class CorruptDataError extends Error {
  code = 'SQLITE_CORRUPT';
}
/** JSON.parse for what the store holds. */
export function parseStored(json: string): any {
  try { return JSON.parse(json); } catch (e) {
    throw new CorruptDataError(`a stored object does not parse: ${(e as Error).message}`);
  }
}
