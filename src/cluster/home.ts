// Where kctl keeps its state: $KCTL_HOME (default ~/.kctl) holds a kubeconfig-format file and one SQLite
// database per cluster.
import os from 'node:os';
import path from 'node:path';

export const kctlHome = () => process.env.KCTL_HOME || path.join(os.homedir(), '.kctl');
export const defaultKubeconfigPath = () => path.join(kctlHome(), 'config');
export const clusterDbPath = (cluster: string) => path.join(kctlHome(), 'clusters', `${cluster}.db`);
export const DEFAULT_CLUSTER = 'kctl';
/** kind's convention: context, cluster and user entries are named `kind-<cluster>`; ours `kctl-<cluster>`. */
export const contextName = (cluster: string) => `kctl-${cluster}`;
export const clusterOfEntry = (entry: string) => (entry.startsWith('kctl-') ? entry.slice(5) : entry);
