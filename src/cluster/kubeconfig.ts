// The kubeconfig: kubectl's format. kctl writes it as JSON (valid YAML, and read without a YAML parser on
// every invocation); a hand-edited YAML file is read too.
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../api/errors';
import { KUBE_YAML } from '../util/yaml11';
import { ensureDir } from './home';

export interface Kubeconfig {
  apiVersion: string; kind: string; preferences: Record<string, unknown>;
  clusters: { name: string; cluster: Record<string, any> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  users: { name: string; user: Record<string, any> }[];
  'current-context': string;
  [k: string]: unknown;
}

export const emptyKubeconfig = (): Kubeconfig => ({ apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], contexts: [], users: [], 'current-context': '' });

/** Go's text for a file system error (os.PathError): `open FILE: permission denied`. */
export { goPathError } from '../util/gofs';
import { goPathError } from '../util/gofs';

/** Read one kubeconfig file as client-go's LoadFromFile does; undefined when it does not exist. */
export function readKubeconfig(file: string): Kubeconfig | undefined {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e: any) {
    if (e.code === 'ENOENT') return undefined;
    throw new CliError(`error loading config file "${file}": ${goPathError('open', file, e)}`);
  }
  let cfg: any;
  try {
    cfg = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    const YAML = require('yaml') as typeof import('yaml');
    const { goYamlMessage, lineOf } = require('../util/goyaml') as typeof import('../util/goyaml');
    let doc: any;
    try { doc = YAML.parseDocument(text.replace(/^\uFEFF/, ''), KUBE_YAML); } catch (e: any) {
      throw new CliError(`error loading config file "${file}": yaml: ${e?.message ?? e}`);
    }
    if (doc.errors?.length) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line ?? lineOf(text, e.pos?.[0] ?? 0);
      const { msg, at } = goYamlMessage(e, text, line);
      throw new CliError(`error loading config file "${file}": yaml: ${at > 0 ? `line ${at}: ` : ''}${msg}`);
    }
    try { cfg = doc.toJS({ maxAliasCount: 1000 }) ?? {}; } catch {
      throw new CliError(`error loading config file "${file}": yaml: document contains excessive aliasing`);
    }
  }
  const err = checkKubeconfig(cfg);
  if (err) throw new CliError(`error loading config file "${file}": ${err}`);
  if (Array.isArray(cfg)) cfg = {};
  const k = { ...emptyKubeconfig(), ...cfg } as Kubeconfig;
  // as Go decodes them: absent lists empty, a null entry a zero value, every entry's body an object
  const entries = <T>(list: unknown, body: string): T[] => (Array.isArray(list) ? list : []).map(e => {
    const x = (e && typeof e === 'object' ? { ...e } : {}) as Record<string, unknown>;
    x.name ??= '';
    if (!x[body] || typeof x[body] !== 'object') x[body] = {};
    return x as T;
  });
  k.clusters = entries(k.clusters, 'cluster'); k.contexts = entries(k.contexts, 'context'); k.users = entries(k.users, 'user');
  k['current-context'] ??= '';
  if (!k.preferences || typeof k.preferences !== 'object') k.preferences = {};
  return k;
}

type Shape = 'string' | 'bool' | 'bytes' | 'strings' | { struct: string; go: string; fields: Record<string, Shape> } | { list: Shape; go: string };
const NAMED_EXT: Shape = { list: { struct: 'NamedExtension', go: 'v1.NamedExtension', fields: { name: 'string' } }, go: '[]v1.NamedExtension' };
const CLUSTER: Shape = { struct: 'Cluster', go: 'v1.Cluster', fields: {
  server: 'string', 'tls-server-name': 'string', 'insecure-skip-tls-verify': 'bool', 'certificate-authority': 'string',
  'certificate-authority-data': 'bytes', 'proxy-url': 'string', 'disable-compression': 'bool', extensions: NAMED_EXT } };
const AUTHINFO: Shape = { struct: 'AuthInfo', go: 'v1.AuthInfo', fields: {
  'client-certificate': 'string', 'client-certificate-data': 'bytes', 'client-key': 'string', 'client-key-data': 'bytes',
  token: 'string', tokenFile: 'string', as: 'string', 'as-uid': 'string', 'as-groups': 'strings', username: 'string',
  password: 'string', extensions: NAMED_EXT } };
const CONTEXT: Shape = { struct: 'Context', go: 'v1.Context', fields: { cluster: 'string', user: 'string', namespace: 'string', extensions: NAMED_EXT } };
const named = (struct: string, key: string, inner: Shape, go: string): Shape =>
  ({ list: { struct, go: `v1.${struct}`, fields: { name: 'string', [key]: inner } }, go: `[]v1.${struct}` });
const CONFIG: Shape = { struct: 'Config', go: 'v1.Config', fields: {
  kind: 'string', apiVersion: 'string', preferences: { struct: 'Preferences', go: 'v1.Preferences', fields: { colors: 'bool', extensions: NAMED_EXT } },
  clusters: named('NamedCluster', 'cluster', CLUSTER, ''), users: named('NamedAuthInfo', 'user', AUTHINFO, ''),
  contexts: named('NamedContext', 'context', CONTEXT, ''), 'current-context': 'string', extensions: NAMED_EXT } };

const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? 'object' : typeof v);

/** encoding/json's complaint about the first value of the wrong type (client-go decodes the file into v1.Config). */
function checkKubeconfig(cfg: unknown): string | undefined {
  if (cfg === null || Array.isArray(cfg)) return undefined;
  if (typeof cfg !== 'object') {
    return `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(cfg)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`;
  }
  const c = cfg as Record<string, unknown>;
  const av = typeof c.apiVersion === 'string' ? c.apiVersion : '', kind = typeof c.kind === 'string' ? c.kind : '';
  if ((av || kind) && !((av === 'v1' || av === '') && (kind === 'Config' || kind === ''))) {
    return `no kind "${kind}" is registered for version "${av || 'v1'}" in scheme "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"`;
  }
  const walk = (v: unknown, shape: Shape, struct: string, path: string): string | undefined => {
    if (v === null || v === undefined) return undefined;
    const bad = (go: string) => `json: cannot unmarshal ${jsonType(v)} into Go struct field ${struct}.${path} of type ${go}`;
    if (shape === 'string') return typeof v === 'string' ? undefined : bad('string');
    if (shape === 'bool') return typeof v === 'boolean' ? undefined : bad('bool');
    if (shape === 'strings') {
      if (!Array.isArray(v)) return bad('[]string');
      for (const x of v) if (x !== null && typeof x !== 'string') return `json: cannot unmarshal ${jsonType(x)} into Go struct field ${struct}.${path} of type string`;
      return undefined;
    }
    if (shape === 'bytes') {
      if (typeof v !== 'string') return bad('[]uint8');
      const b64 = v.replace(/[\r\n]/g, '');
      const i = b64.search(/[^A-Za-z0-9+/=]/);
      if (i >= 0) return `illegal base64 data at input byte ${i}`;
      if (b64.length % 4 !== 0) return `illegal base64 data at input byte ${Math.floor(b64.length / 4) * 4}`;
      return undefined;
    }
    if ('list' in shape) {
      if (!Array.isArray(v)) return bad(shape.go);
      const el = shape.list as { struct: string; go: string; fields: Record<string, Shape> };
      for (const x of v) {
        if (x === null) continue;
        if (typeof x !== 'object' || Array.isArray(x)) return `json: cannot unmarshal ${jsonType(x)} into Go struct field ${struct}.${path} of type ${el.go}`;
        const r = walk(x, el, struct, path);
        if (r) return r;
      }
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) return bad(shape.go);
    for (const [k, sub] of Object.entries(shape.fields)) {
      const r = walk((v as Record<string, unknown>)[k], sub, shape.struct, path ? `${path}.${k}` : k);
      if (r) return r;
    }
    return undefined;
  };
  // the outer struct's fields are named from the top: Config.clusters, NamedCluster.clusters.name, Cluster.clusters.cluster.server
  for (const [k, sub] of Object.entries((CONFIG as { fields: Record<string, Shape> }).fields)) {
    const r = walk(c[k], sub, 'Config', k);
    if (r) return r;
  }
  return undefined;
}

/** Atomic write: a temp file renamed into place, so parallel kctl processes never see half a file. */
export function writeKubeconfig(file: string, cfg: Kubeconfig): void {
  ensureDir(path.dirname(file));
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (e: any) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    throw new CliError(`cannot write the kubeconfig: ${goPathError(e.syscall === 'rename' ? 'rename' : 'open', e.syscall === 'rename' ? file : tmp, e)}`);
  }
}

const isAlive = (pid: number) => {
  if (pid === process.pid) return true;
  try { process.kill(pid, 0); return true; } catch (e: any) { return e?.code === 'EPERM'; }
};

/** Serialize read-modify-write of the kubeconfig across processes with a lock file naming its holder's pid:
 *  a lock whose holder is gone (killed mid-write) is taken over at once; one with no pid after 10 s. */
export function withKubeconfigLock<T>(file: string, fn: () => T): T {
  ensureDir(path.dirname(file));
  const lock = `${file}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      const fd = fs.openSync(lock, 'wx');
      try { fs.writeSync(fd, String(process.pid)); } finally { fs.closeSync(fd); }
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw new CliError(`cannot lock the kubeconfig: ${goPathError('open', lock, e)}`);
      try {
        const st = fs.statSync(lock);
        const holder = Number(fs.readFileSync(lock, 'utf8'));
        const stale = holder > 0 ? !isAlive(holder) : Date.now() - st.mtimeMs > 10_000;
        // remove it only if it is still the same stale lock (another process may have taken it over meanwhile)
        if (stale && fs.statSync(lock).ino === st.ino) { fs.rmSync(lock, { force: true }); continue; }
      } catch { continue; }
      if (Date.now() - start > 60_000) throw new CliError(`timed out waiting for the kubeconfig lock ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.random() * 20);
    }
  }
  try { return fn(); } finally { fs.rmSync(lock, { force: true }); }
}
