// Opens the cluster a kubeconfig context names and runs invocation steps against it: each step is one
// SQLite transaction (BEGIN IMMEDIATE): catch up, run, settle, commit. Output prints only after commit.
import fs from 'node:fs';
import path from 'node:path';
import { Store } from '../api/store';
import { Runtime } from '../sim/runtime';
import { CliError, StatusError } from '../api/errors';
import { storageFailure, storageError } from '../api/storage-errors';
import { parseRequestTimeout } from './durations';
import { readKubeconfig, writeKubeconfig, withKubeconfigLock, emptyKubeconfig, Kubeconfig } from '../cluster/kubeconfig';
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

/** --request-timeout as client-go reads it: one implementation, in durations.ts (kubectl's exact rules and text). */
export { parseRequestTimeout } from './durations';

/** The kubeconfig files kubectl loads: --kubeconfig alone; else $KUBECONFIG's list (merged); else the default. */
export function kubeconfigFiles(g: Globals): string[] {
  if (g.kubeconfig) return [g.kubeconfig];
  const list = [...new Set((process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean))];
  return list.length ? list : [defaultKubeconfigPath()];
}
/** The file new entries go to (client-go's GetDefaultFilename): the only one; else the first that exists;
 *  else the last of the list. */
export function kubeconfigPath(g: Globals): string {
  const files = kubeconfigFiles(g);
  if (files.length === 1) return files[0]!;
  return files.find(f => fs.existsSync(f)) ?? files[files.length - 1]!;
}

interface Merged { cfg: Kubeconfig; parts: { file: string; cfg: Kubeconfig }[] }
/** Read and merge the files as client-go's ClientConfigLoadingRules.Load does: missing ones are skipped, a
 *  malformed one is an error; the first file to name a cluster, context or user wins it, and the first to set
 *  current-context (or preferences) sets it. undefined when none exists. */
function readMerged(files: string[]): Merged | undefined {
  const parts: Merged['parts'] = [];
  for (const file of files) { const cfg = readKubeconfig(file); if (cfg) parts.push({ file, cfg }); }
  if (!parts.length) return undefined;
  if (parts.length === 1) return { cfg: parts[0]!.cfg, parts };
  const cfg = emptyKubeconfig();
  for (const { cfg: c } of parts) {
    for (const key of ['clusters', 'contexts', 'users'] as const) {
      for (const entry of c[key] as { name: string }[]) {
        if (!(cfg[key] as { name: string }[]).some(x => x.name === entry.name)) (cfg[key] as { name: string }[]).push(entry);
      }
    }
    if (!cfg['current-context'] && c['current-context']) cfg['current-context'] = c['current-context'];
    if (!Object.keys(cfg.preferences).length && c.preferences && Object.keys(c.preferences).length) cfg.preferences = c.preferences;
  }
  return { cfg, parts };
}

/** Load the kubeconfig; on the very first invocation create the default cluster and its context. */
export function loadKubeconfig(g: Globals): Kubeconfig {
  const files = kubeconfigFiles(g);
  const m = readMerged(files);
  if (m) return m.cfg;
  if (g.kubeconfig) throw new CliError(`stat ${g.kubeconfig}: no such file or directory`);
  const file = kubeconfigPath(g);
  withKubeconfigLock(file, () => {
    if (readKubeconfig(file)) return;
    const clusters = require('../cluster/clusters') as typeof import('../cluster/clusters');
    if (fs.existsSync(clusterDbPath(DEFAULT_CLUSTER))) clusters.adoptCluster(DEFAULT_CLUSTER, file);
    else clusters.createCluster(DEFAULT_CLUSTER, undefined, file);
  });
  return readMerged(files)!.cfg;
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

  /** --request-timeout in ms (undefined or <= 0: none): bounds the wait for another process's lock on each
   *  step, and a watch (get -w) ends when it has run this long, as client-go's HTTP timeout ends it. */
  requestTimeoutMs: number | undefined;
  /** Why the cluster is open read-only (an in-memory copy: reads catch up and settle there, writes are
   *  refused); undefined when it is writable. */
  readOnly?: string;
  /** Whether this step's lock wait was bounded by --request-timeout (else by the server's own timeout). */
  private lockWaitByRequest = false;

  constructor(public globals: Globals, public output: Output) {
    this.requestTimeoutMs = parseRequestTimeout(globals.requestTimeout);
    const cfg = loadKubeconfig(globals);
    const ctxName = globals.context || cfg['current-context'];
    if (!ctxName) throw new CliError('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    const ctx = cfg.contexts.find(c => c.name === ctxName);
    // client-go's config validation: an unknown context, cluster or user given by name is an error; a context
    // whose cluster is missing (or has no server) leaves client-go's default server, localhost:8080
    if (!ctx) throw new CliError(`Error in configuration: context was not found for specified context: ${ctxName}`, 1, true);
    const clusterEntry = globals.cluster || ctx.context.cluster;
    const cl = cfg.clusters.find(c => c.name === clusterEntry);
    if (!cl || !cl.cluster.server) {
      if (globals.cluster) throw new CliError(`no server found for cluster "${globals.cluster}"`);
      throw new CliError('The connection to the server localhost:8080 was refused - did you specify the right host or port?', 1, true);
    }
    this.contextName = ctxName;
    const userName = globals.user || ctx.context.user;
    // (an unknown --user is kubectl's `auth info "x" does not exist`, but some verbs have a --user of their own)
    this.credentials = cfg.users.find(u => u.name === userName)?.user ?? {};
    this.clusterName = clusterOfEntry(clusterEntry);
    this.server = cl.cluster.server ?? '';
    const db = clusterDbPath(this.clusterName);
    if (!fs.existsSync(db)) throw new CliError(`The connection to the server ${this.server.replace(/^https?:\/\//, '')} was refused - did you specify the right host or port?`);
    this.store = this.openStore(db);
    attachDiscovery(this.store);
    this.explicitNamespace = !!globals.namespace;
    this.namespace = globals.namespace || ctx.context.namespace || 'default';
  }

  /** Open the cluster's database: for writing; or, where KCTL_HOME (or the file) cannot be written, as an
   *  in-memory copy that reads can catch up and settle in while writes are refused. */
  private openStore(db: string): Store {
    // kube-apiserver answers a request that storage holds up past its timeout (1 minute) with a Timeout; a
    // client's shorter --request-timeout gives up first. KCTL_LOCK_TIMEOUT_MS stands for the server's (tests).
    const server = Number(process.env.KCTL_LOCK_TIMEOUT_MS) > 0 ? Number(process.env.KCTL_LOCK_TIMEOUT_MS) : 120_000;
    const req = this.requestTimeoutMs !== undefined && this.requestTimeoutMs > 0 ? Math.max(1, Math.round(this.requestTimeoutMs)) : Infinity;
    this.lockWaitByRequest = req < server;
    const unwritable = (p: string) => {
      try { fs.accessSync(p, fs.constants.W_OK); return undefined; } catch (e: any) { return e.code === 'ENOENT' ? undefined : e.code as string; }
    };
    const why = unwritable(db) ?? unwritable(path.dirname(db));
    if (!why) {
      try { return new Store(db, { create: false, busyTimeoutMs: Math.min(req, server) }); } catch (e) {
        const f = storageFailure(e);
        if (f !== 'readonly' && f !== 'cantopen') throw this.storageError(e);
      }
    }
    this.readOnly = `the cluster database ${db} is read-only${why === 'EROFS' ? ' (a read-only file system)' : ''}: KCTL_HOME is not writable`;
    return new Store(db, { create: false, snapshot: true });
  }
  /** A storage failure as the client sees it (a lock past the timeout, a full disk, a corrupt file). */
  private storageError(e: unknown): unknown {
    // a stored object that no longer parses: the file was damaged under kctl
    if (e instanceof SyntaxError && this.store) {
      const bad = this.store.unreadableRows();
      if (bad.length) return new CliError(`the cluster database ${this.store.file} is corrupt or not a kctl database (unreadable: ${bad.join(', ')})`);
    }
    if (e instanceof CliError || e instanceof StatusError || !storageFailure(e)) return e;
    return storageError(e, this.store?.file, { requestTimedOut: this.lockWaitByRequest });
  }
  /** For kctl's own writes that are not API requests (the simulated clock): refused on a read-only cluster. */
  requireWritable(): void {
    if (this.readOnly) throw new CliError(`cannot change the cluster: ${this.readOnly}`);
  }
  /** When a watch that starts now must end (--request-timeout), or Infinity. */
  watchDeadline(): number {
    return this.requestTimeoutMs !== undefined && this.requestTimeoutMs > 0 ? Date.now() + this.requestTimeoutMs : Infinity;
  }

  /** One step: one transaction. Writes of a step that throws are rolled back, and nothing it printed is kept. */
  step<T>(fn: (rt: Runtime) => T): T {
    const store = this.store;
    try { store.begin(); } catch (e) { throw this.storageError(e); }
    const mark = this.output.mark();
    try {
      const { runStep } = require('../sim/step') as typeof import('../sim/step');
      return runStep(store, rt => this.authenticate(rt), this.fieldManager, fn);
    } catch (e) {
      this.output.reset(mark);
      throw this.storageError(e);
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
      this.client = { user, readOnly: this.readOnly };
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
/**
 * Change the kubeconfig as client-go's ModifyConfig does: with several files, an entry changed or removed is
 * changed in the file that defines it, a new one goes to the default file (kubeconfigPath), and
 * current-context to the first file that sets one.
 */
export function saveKubeconfig(g: Globals, mutate: (cfg: Kubeconfig) => void): void {
  const files = kubeconfigFiles(g);
  const target = kubeconfigPath(g);
  withKubeconfigLock(target, () => {
    const m = readMerged(files);
    if (!m) throw new CliError(`open ${target}: no such file or directory`);
    if (m.parts.length === 1) {
      mutate(m.cfg);
      writeKubeconfig(m.parts[0]!.file, m.cfg);
      return;
    }
    const before = JSON.parse(JSON.stringify(m.cfg)) as Kubeconfig;
    mutate(m.cfg);
    const changed = new Set<{ file: string; cfg: Kubeconfig }>();
    const partOf = (file: string) => {
      let p = m.parts.find(x => x.file === file);
      if (!p) { p = { file, cfg: emptyKubeconfig() }; m.parts.push(p); }
      return p;
    };
    for (const key of ['clusters', 'contexts', 'users'] as const) {
      const was = new Map((before[key] as { name: string }[]).map(e => [e.name, JSON.stringify(e)]));
      const now = new Map((m.cfg[key] as { name: string }[]).map(e => [e.name, e]));
      const origin = (name: string) => m.parts.find(p => (p.cfg[key] as { name: string }[]).some(e => e.name === name));
      for (const [name, text] of was) {
        const entry = now.get(name);
        if (entry && JSON.stringify(entry) === text) continue;
        const p = origin(name)!;
        const list = p.cfg[key] as { name: string }[];
        const i = list.findIndex(e => e.name === name);
        if (entry) list[i] = entry; else list.splice(i, 1);
        changed.add(p);
      }
      for (const [name, entry] of now) {
        if (was.has(name)) continue;
        const p = partOf(target);
        (p.cfg[key] as { name: string }[]).push(entry);
        changed.add(p);
      }
    }
    if (m.cfg['current-context'] !== before['current-context']) {
      const p = m.parts.find(x => x.cfg['current-context']) ?? partOf(target);
      p.cfg['current-context'] = m.cfg['current-context'];
      changed.add(p);
    }
    for (const p of changed) writeKubeconfig(p.file, p.cfg);
  });
}
