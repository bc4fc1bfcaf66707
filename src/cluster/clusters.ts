// Creating and deleting clusters: a database file bootstrapped as a fresh kind cluster, and kubeconfig entries.
import fs from 'node:fs';
import path from 'node:path';
import { Store } from '../api/store';
import { Runtime } from '../sim/runtime';
import { bootstrap, defaultNodes, ClusterConfig } from './bootstrap';
import { clusterDbPath, contextName, ensureDir } from './home';
import { readKubeconfig, writeKubeconfig, emptyKubeconfig } from './kubeconfig';
import { CliError } from '../api/errors';
import type { KindConfig } from './kindconfig';

const CA_DATA = Buffer.from('-----BEGIN CERTIFICATE-----\nkctl simulated cluster CA\n-----END CERTIFICATE-----\n').toString('base64');

export function createCluster(name: string, cfg: KindConfig | undefined, kubeconfigFile: string): void {
  const db = clusterDbPath(name);
  if (fs.existsSync(db)) throw new CliError(`node(s) already exist for a cluster with the name "${name}"`);
  ensureDir(path.dirname(db));
  removeAbandoned(db);
  const tmp = `${db}.${process.pid}.creating`;
  const store = new Store(tmp, { create: true });
  const port = 30000 + (hashName(name) % 35000);
  try {
    store.begin();
    // The cluster clock starts on a whole second, as its timestamps have no fraction, and stands there while
    // the cluster is made: creating it takes no cluster time, however long the add-ons take to settle here.
    const start = Math.floor(Date.now() / 1000) * 1000;
    store.setMeta('clock_frozen', String(start));
    const rt = new Runtime(store);
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
    store.setMeta('clock_frozen', '');
    store.setMeta('clock_offset', String(start - Date.now()));
    store.commit();
    store.db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    store.rollback(); store.close();
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    throw e;
  }
  store.db.pragma('journal_mode = DELETE');
  store.close();
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(tmp, db);
  writeEntries(name, port, kubeconfigFile);
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
