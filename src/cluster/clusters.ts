// Creating and deleting clusters: a database file bootstrapped as a fresh kind cluster, and kubeconfig entries.
import fs from 'node:fs';
import path from 'node:path';
import { Store } from '../api/store';
import { Runtime } from '../sim/runtime';
import type { ClusterConfig } from './bootstrap';
import { clusterDbPath, contextName, ensureDir, DEFAULT_CLUSTER } from './home';
import { readKubeconfig, writeKubeconfig, emptyKubeconfig, withKubeconfigLock } from './kubeconfig';
import { CliError } from '../api/errors';
import type { KindConfig } from './kindconfig';

const CA_DATA = Buffer.from('-----BEGIN CERTIFICATE-----\nkctl simulated cluster CA\n-----END CERTIFICATE-----\n').toString('base64');

export function createCluster(name: string, cfg: KindConfig | undefined, kubeconfigFile: string): void {
  const db = clusterDbPath(name);
  if (fs.existsSync(db)) throw new CliError(`node(s) already exist for a cluster with the name "${name}"`);
  ensureDir(path.dirname(db));
  removeAbandoned(db);
  const tmp = `${db}.${process.pid}.creating`;
  // Built in memory in one transaction, then written out whole and renamed into place: no journal, no
  // checkpoint, and nobody ever sees a half-built cluster.
  const store = new Store(tmp, { create: true, memory: true });
  let port: number;
  try {
    store.begin();
    // The cluster clock starts on a whole second, as its timestamps have no fraction, and stands there while
    // the cluster is made: creating it takes no cluster time, however long the add-ons take to settle here.
    const start = Math.floor(startTime() / 1000) * 1000;
    store.setMeta('clock_frozen', String(start));
    // the default cluster comes from the prebuilt template when there is one (the same rows, in a few ms)
    const template = !cfg && name === DEFAULT_CLUSTER ? (require('./template') as typeof import('./template')) : undefined;
    const t = template?.loadTemplate();
    if (t && template) port = template.instantiate(t, store, start);
    else port = buildCluster(store, name, cfg);
    store.setMeta('clock_frozen', '');
    store.setMeta('clock_offset', String(start - Date.now()));
    store.commit();
    store.saveTo(tmp);
  } catch (e) {
    store.rollback(); store.close();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  store.close();
  fs.renameSync(tmp, db);
  writeEntries(name, port, kubeconfigFile);
}

/** When a new cluster's clock starts: now, or (tests only) KCTL_TEST_CLOCK_START, an instant in epoch
 *  milliseconds or RFC3339 that is not in the future. A test whose client computes ages from its own host
 *  clock (kubectl's describe, through kctl serve) starts the cluster that far back, so that the simulated
 *  time it then advances brings the cluster clock up to the host's. */
function startTime(): number {
  const now = Date.now();
  const v = process.env.KCTL_TEST_CLOCK_START;
  if (!v) return now;
  const at = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(at) || at > now) throw new CliError(`KCTL_TEST_CLOCK_START: "${v}" is not an instant before now (epoch milliseconds or RFC3339)`);
  return at;
}

/** A cluster whose database exists but whose kubeconfig entries are gone (the kubeconfig was deleted): write
 *  them again, so kctl uses the cluster it has rather than failing to create it anew. */
export function adoptCluster(name: string, kubeconfigFile: string): void {
  writeEntries(name, 30000 + (hashName(name) % 35000), kubeconfigFile);
}

function writeEntries(name: string, port: number, kubeconfigFile: string): void {
  const kc = readKubeconfig(kubeconfigFile) ?? emptyKubeconfig();
  const entry = contextName(name);
  kc.clusters = kc.clusters.filter(c => c.name !== entry).concat([{ name: entry, cluster: { 'certificate-authority-data': CA_DATA, server: `https://127.0.0.1:${port}` } }]);
  kc.contexts = kc.contexts.filter(c => c.name !== entry).concat([{ name: entry, context: { cluster: entry, user: entry } }]);
  kc.users = kc.users.filter(c => c.name !== entry).concat([{ name: entry, user: { 'client-certificate-data': CA_DATA, 'client-key-data': CA_DATA } }]);
  kc['current-context'] = entry;
  writeKubeconfig(kubeconfigFile, kc);
}

/** Bootstrap a cluster into a store (inside its transaction, with the clock and seed set); returns its port.
 *  `onRuntime` sees the runtime before anything is written (the template maker watches the random draws). */
export function buildCluster(store: Store, name: string, cfg: KindConfig | undefined, onRuntime?: (rt: Runtime) => void): number {
  const port = 30000 + (hashName(name) % 35000);
  // (the bootstrap and what it runs are loaded here: a first invocation made from the template needs none of it)
  const { bootstrap, defaultNodes } = require('./bootstrap') as typeof import('./bootstrap');
  const rt = new Runtime(store);
  onRuntime?.(rt);
  const nodes = cfg ? defaultNodes(name, cfg.roles, cfg.labels) : defaultNodes(name, ['control-plane', 'worker', 'worker']);
  const full: ClusterConfig = { name, nodes, loadBalancerPool: cfg?.loadBalancerPool, ingressAddress: cfg?.ingressAddress };
  rt.store.setMeta('cluster', JSON.stringify({ name, port, loadBalancerPool: full.loadBalancerPool, ingressAddress: full.ingressAddress, maxEndpointsPerSlice: cfg?.maxEndpointsPerSlice, serviceSubnet: cfg?.serviceSubnet, nodePortRange: cfg?.nodePortRange }));
  rt.api.trusted = true;
  bootstrap(rt, full);
  rt.settle();
  rt.api.trusted = false;
  rt.settle();
  // the kubelet's stage delays (realism) apply to what runs after the cluster's own pods
  if (cfg?.stages) rt.store.setMeta('kubelet_stages', JSON.stringify(cfg.stages));
  rt.mark();
  return port;
}

/** Remove a cluster; returns the names of the nodes it had (as kind lists them), or undefined if there was none. */
export function deleteCluster(name: string, kubeconfigFile: string): string[] | undefined {
  const db = clusterDbPath(name);
  const existed = fs.existsSync(db);
  const nodes = existed ? nodeNames(db) : undefined;
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const kc = readKubeconfig(kubeconfigFile);
  if (kc) {
    const entry = contextName(name);
    kc.clusters = kc.clusters.filter(c => c.name !== entry);
    kc.contexts = kc.contexts.filter(c => c.name !== entry);
    kc.users = kc.users.filter(c => c.name !== entry);
    if (kc['current-context'] === entry) kc['current-context'] = '';
    writeKubeconfig(kubeconfigFile, kc);
  }
  return nodes;
}
/** The names of a cluster's nodes, sorted; none when its database is unreadable. */
function nodeNames(db: string): string[] {
  let store: Store | undefined;
  try {
    store = new Store(db, { create: false });
    return store.list('nodes').map(r => r.name).sort();
  } catch { return []; } finally { store?.close(); }
}
/** `kctl cluster backup NAME FILE`: a consistent copy of the cluster's database (other kctl processes may keep
 *  using the cluster meanwhile). FILE must not exist. */
export function backupCluster(name: string, file: string): void {
  const db = clusterDbPath(name);
  if (!fs.existsSync(db)) throw new CliError(`cluster "${name}" not found`);
  checkNewFile(file);
  const store = new Store(db, { create: false });
  const tmp = `${file}.${process.pid}.partial`;
  try {
    store.backupTo(tmp);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot back up cluster "${name}" to ${file}: ${(e as Error).message}`);
  } finally {
    store.close();
  }
}
function checkNewFile(file: string): void {
  let st: fs.Stats | undefined;
  try { st = fs.statSync(file); } catch { /* good */ }
  if (st) throw new CliError(`open ${file}: file exists`);
  const dir = path.dirname(path.resolve(file));
  let d: fs.Stats | undefined;
  try { d = fs.statSync(dir); } catch { /* below */ }
  if (!d) throw new CliError(`open ${file}: no such file or directory`);
  if (!d.isDirectory()) throw new CliError(`open ${file}: not a directory`);
}

/** `kctl cluster restore NAME FILE`: the cluster becomes what a backup holds (an older format is migrated;
 *  a newer one refused). A cluster the kubeconfig does not know gets its entries and becomes current.
 *  FILE (a backup, not a live database) is only read: it is copied, and the copy checked and opened. */
export function restoreCluster(name: string, file: string, kubeconfigFile: string): void {
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch { throw new CliError(`open ${file}: no such file or directory`); }
  if (st.isDirectory()) throw new CliError(`read ${file}: is a directory`);
  const db = clusterDbPath(name);
  fs.mkdirSync(path.dirname(db), { recursive: true });
  const tmp = `${db}.${process.pid}.restoring`;
  const clean = () => { for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true }); };
  let port: number;
  try {
    fs.copyFileSync(file, tmp);
    try { Store.inspect(tmp); } catch (e) {
      if (e instanceof CliError) throw new CliError(e.message.split(tmp).join(file));
      throw e;
    }
    const restored = new Store(tmp, { create: false }); // migrates an older format
    try {
      restored.begin();
      port = Number(JSON.parse(restored.getMeta('cluster') ?? '{}').port) || 30000 + (hashName(name) % 35000);
      restored.rollback();
    } finally { restored.close(); }
  } catch (e) {
    clean();
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot restore cluster "${name}" from ${file}: ${(e as Error).message}`);
  }
  for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(tmp, db);
  clean();
  withKubeconfigLock(kubeconfigFile, () => {
    const kc = readKubeconfig(kubeconfigFile) ?? emptyKubeconfig();
    const entry = contextName(name);
    if (kc.contexts.some(c => c.name === entry)) return;
    kc.clusters = kc.clusters.filter(c => c.name !== entry).concat([{ name: entry, cluster: { 'certificate-authority-data': CA_DATA, server: `https://127.0.0.1:${port}` } }]);
    kc.contexts = kc.contexts.concat([{ name: entry, context: { cluster: entry, user: entry } }]);
    kc.users = kc.users.filter(c => c.name !== entry).concat([{ name: entry, user: { 'client-certificate-data': CA_DATA, 'client-key-data': CA_DATA } }]);
    kc['current-context'] = entry;
    writeKubeconfig(kubeconfigFile, kc);
  });
}

export function listClusters(): string[] {
  const dir = path.dirname(clusterDbPath('x'));
  try { return fs.readdirSync(dir).filter(f => f.endsWith('.db')).map(f => f.slice(0, -3)).sort(); } catch { return []; }
}
/** What a kctl killed while creating this cluster left behind (`<db>.<pid>.creating*` of a process now gone). */
function removeAbandoned(db: string): void {
  const dir = path.dirname(db), base = path.basename(db);
  let names: string[] = [];
  try { names = fs.readdirSync(dir); } catch { return; }
  for (const f of names) {
    const m = f.startsWith(base + '.') ? /^\.(\d+)\.creating(-wal|-shm)?$/.exec(f.slice(base.length)) : null;
    if (!m || Number(m[1]) === process.pid) continue;
    try { process.kill(Number(m[1]), 0); continue; } catch (e: any) { if (e?.code === 'EPERM') continue; }
    fs.rmSync(path.join(dir, f), { force: true });
  }
}
function hashName(s: string): number {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
  return h;
}
