// Where kctl keeps its state: $KCTL_HOME (default ~/.kctl) holds a kubeconfig-format file and one SQLite
// database per cluster.
import fs from 'node:fs';
import path from 'node:path';

// (node:os, which every invocation would load for this, only when HOME is unset: os.homedir() is HOME when set)
export const kctlHome = () => process.env.KCTL_HOME || path.join(process.env.HOME || (require('node:os') as typeof import('node:os')).homedir(), '.kctl');
export const defaultKubeconfigPath = () => path.join(kctlHome(), 'config');
export const clusterDbPath = (cluster: string) => path.join(kctlHome(), 'clusters', `${cluster}.db`);
export const DEFAULT_CLUSTER = 'kctl';
/** kind's convention: context, cluster and user entries are named `kind-<cluster>`; ours `kctl-<cluster>`. */
export const contextName = (cluster: string) => `kctl-${cluster}`;
export const clusterOfEntry = (entry: string) => (entry.startsWith('kctl-') ? entry.slice(5) : entry);

/**
 * mkdir -p that fails at once with a clear error. (Node's recursive mkdirSync loops forever where a parent
 * exists but refuses new entries, as /proc does: KCTL_HOME=/proc/nope spun at full CPU.)
 */
export function ensureDir(dir: string): void {
  const { CliError } = require('../api/errors') as typeof import('../api/errors');
  const { goPathError } = require('../util/gofs') as typeof import('../util/gofs');
  const fail = (op: string, p: string, e: unknown) => new CliError(
    `cannot create kctl's state directory: ${goPathError(op, p, e)} (KCTL_HOME must name a writable directory; it is ${kctlHome()})`);
  const { mkdirAll } = require('../util/gofs') as typeof import('../util/gofs');
  mkdirAll(dir, fail);
}
