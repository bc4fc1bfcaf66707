// The kubeconfig: kubectl's format. kctl writes it as JSON (valid YAML, and read without a YAML parser on
// every invocation); a hand-edited YAML file is read too.
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../api/errors';
import { KUBE_YAML } from '../util/yaml11';

export interface Kubeconfig {
  apiVersion: string; kind: string; preferences: Record<string, unknown>;
  clusters: { name: string; cluster: Record<string, any> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  users: { name: string; user: Record<string, any> }[];
  'current-context': string;
  [k: string]: unknown;
}

export const emptyKubeconfig = (): Kubeconfig => ({ apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], contexts: [], users: [], 'current-context': '' });

export function readKubeconfig(file: string): Kubeconfig | undefined {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e: any) {
    if (e.code === 'ENOENT') return undefined;
    throw new CliError(`error loading config file "${file}": ${e.message}`);
  }
  let cfg: any;
  try {
    cfg = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    try {
      const YAML = require('yaml') as typeof import('yaml');
      cfg = YAML.parse(text, KUBE_YAML) ?? {};
    } catch (e: any) {
      throw new CliError(`error loading config file "${file}": ${e.message}`);
    }
  }
  const k = { ...emptyKubeconfig(), ...cfg } as Kubeconfig;
  k.clusters ??= []; k.contexts ??= []; k.users ??= [];
  k['current-context'] ??= '';
  return k;
}

/** Atomic write: a temp file renamed into place, so parallel kctl processes never see half a file. */
export function writeKubeconfig(file: string, cfg: Kubeconfig): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Serialize read-modify-write of the kubeconfig across processes with a lock file. */
export function withKubeconfigLock<T>(file: string, fn: () => T): T {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      const fd = fs.openSync(lock, 'wx');
      fs.closeSync(fd);
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
      try {
        const st = fs.statSync(lock);
        if (Date.now() - st.mtimeMs > 10_000) { fs.rmSync(lock, { force: true }); continue; }
      } catch { continue; }
      if (Date.now() - start > 60_000) throw new CliError(`timed out waiting for the kubeconfig lock ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.random() * 20);
    }
  }
  try { return fn(); } finally { fs.rmSync(lock, { force: true }); }
}
