// Opens the cluster a kubeconfig context names and runs invocation steps against it: each step is one
// SQLite transaction (BEGIN IMMEDIATE): catch up, run, settle, commit. Output prints only after commit.
import fs from 'node:fs';
import path from 'node:path';
import { Store } from '../api/store';
import { Runtime } from '../sim/runtime';
import { CliError } from '../api/errors';
import { readKubeconfig, writeKubeconfig, withKubeconfigLock, Kubeconfig } from '../cluster/kubeconfig';
import { defaultKubeconfigPath, clusterDbPath, DEFAULT_CLUSTER, clusterOfEntry } from '../cluster/home';
import { attachDiscovery } from '../api/crd/crd';
import { actAs, ClientContext } from '../api/rbac/enforce';
import { certificateUser, tokenUser, impersonate } from '../api/rbac/identity';
import type { UserInfo } from '../api/rbac/authorizer';
import type { Output } from './io';

export interface Globals {
  namespace?: string; context?: string; kubeconfig?: string; cluster?: string; user?: string; requestTimeout?: string;
  /** every --user given, in order */
  users?: string[];
  /** impersonation (--as, --as-group, --as-uid) and a bearer token (--token) */
  as?: string; asGroups?: string[]; asUid?: string; token?: string;
}

/**
 * --request-timeout as client-go reads it (clientcmd): whole seconds, or a Go duration; never negative.
 * Milliseconds, or undefined for none (0 means no timeout).
 */
export function parseRequestTimeout(t: string | undefined): number | undefined {
  if (t === undefined || t === '') return undefined;
  if (/^\+?\d+$/.test(t)) return Number(t) * 1000;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const m = t.match(/^\+?((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/);
  if (m || t === '0') {
    let ms = 0;
    for (const part of t.replace(/^\+/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ms += Number(part[1]) * units[part[2]!]!;
    return ms;
  }
  throw new CliError('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
}

export function kubeconfigPath(g: Globals): string {
  return g.kubeconfig || process.env.KUBECONFIG?.split(path.delimiter)[0] || defaultKubeconfigPath();
}

/** Load the kubeconfig; on the very first invocation create the default cluster and its context. */
export function loadKubeconfig(g: Globals): Kubeconfig {
  const file = kubeconfigPath(g);
  let cfg = readKubeconfig(file);
  if (cfg) return cfg;
  if (g.kubeconfig) throw new CliError(`stat ${g.kubeconfig}: no such file or directory`);
  withKubeconfigLock(file, () => {
    if (!readKubeconfig(file)) (require('../cluster/clusters') as typeof import('../cluster/clusters')).createCluster(DEFAULT_CLUSTER, undefined, file);
  });
  cfg = readKubeconfig(file)!;
  return cfg;
}

export class Session {
  store: Store;
  namespace: string;
  explicitNamespace: boolean;
  contextName: string;
  clusterName: string;
  server: string;
  /** The kubeconfig user's credentials (a client certificate, or a bearer token). */
  private credentials: Record<string, any>;
  /** Who this session's requests are, once authenticated (in the first step). */
  private client?: ClientContext;
  /** How updates are sent: kubectl patches; replace PUTs. */
  updateVerb: 'update' | 'patch' = 'patch';
  /** The field manager this command writes as (managedFields). */
  fieldManager = 'kubectl';

  constructor(public globals: Globals, public output: Output) {
    parseRequestTimeout(globals.requestTimeout); // validated as the client config is built (honoured by waits elsewhere)
    const cfg = loadKubeconfig(globals);
    const ctxName = globals.context || cfg['current-context'];
    if (!ctxName) throw new CliError('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    const ctx = cfg.contexts.find(c => c.name === ctxName);
    if (!ctx) throw new CliError(`context was not found for specified context: ${ctxName}`);
    const clusterEntry = globals.cluster || ctx.context.cluster;
    const cl = cfg.clusters.find(c => c.name === clusterEntry);
    if (!cl) throw new CliError(`cluster "${clusterEntry}" not found`);
    this.contextName = ctxName;
    const userName = globals.user || ctx.context.user;
    this.credentials = cfg.users.find(u => u.name === userName)?.user ?? {};
    this.clusterName = clusterOfEntry(clusterEntry);
    this.server = cl.cluster.server ?? '';
    const db = clusterDbPath(this.clusterName);
    if (!fs.existsSync(db)) throw new CliError(`The connection to the server ${this.server.replace(/^https?:\/\//, '')} was refused - did you specify the right host or port?`);
    this.store = new Store(db, { create: false });
    attachDiscovery(this.store);
    this.explicitNamespace = !!globals.namespace;
    this.namespace = globals.namespace || ctx.context.namespace || 'default';
  }

  /** One step: one transaction. Writes of a step that throws are rolled back, and nothing it printed is kept. */
  step<T>(fn: (rt: Runtime) => T): T {
    const store = this.store;
    store.begin();
    const mark = this.output.mark();
    try {
      const rt = new Runtime(store);
      // a cluster an older kctl made gets what this version's clusters have (src/cluster/upgrade.ts)
      if (store.getMeta('upgrade/rbac')) (require('../cluster/upgrade') as typeof import('../cluster/upgrade')).upgradeCluster(rt);
      rt.catchUp();
      actAs(rt.api, this.authenticate(rt));
      rt.api.fieldManager = this.fieldManager;
      const r = fn(rt);
      rt.settle();
      rt.mark();
      store.commit();
      return r;
    } catch (e) {
      store.rollback();
      this.output.reset(mark);
      throw e;
    }
  }
  /** The user this session's requests run as (authenticated once, then impersonated if asked). */
  private authenticate(rt: Runtime): ClientContext {
    if (!this.client) {
      actAs(rt.api, undefined);
      const token = this.globals.token ?? this.credentials.token;
      let user: UserInfo = token ? tokenUser(rt.api, token) : certificateUser(this.credentials['client-certificate-data']);
      const imp = { user: this.globals.as, groups: this.globals.asGroups ?? [], uid: this.globals.asUid };
      if (imp.user || imp.groups.length || imp.uid) {
        actAs(rt.api, { user });
        user = impersonate(rt.api, user, imp);
      }
      this.client = { user };
    }
    this.client.updateVerb = this.updateVerb;
    return this.client;
  }
  /** The authenticated user (auth whoami). */
  get user(): UserInfo | undefined { return this.client?.user; }
  /** Sleep without holding the write lock. */
  sleep(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(1, ms));
  }
  close(): void { this.store.close(); }
}
export function saveKubeconfig(g: Globals, mutate: (cfg: Kubeconfig) => void): void {
  const file = kubeconfigPath(g);
  withKubeconfigLock(file, () => {
    const cfg = readKubeconfig(file);
    if (!cfg) throw new CliError(`open ${file}: no such file or directory`);
    mutate(cfg);
    writeKubeconfig(file, cfg);
  });
}
