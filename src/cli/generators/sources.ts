// --from-literal / --from-file / --from-env-file, shared by configmap and secret (kubectl's util and
// cmdutil.AddFromEnvFile), and the --append-hash suffix (kubectl's util/hash).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { CliError } from '../../api/errors';

export function parseLiteralSource(src: string): [string, string] {
  const i = src.indexOf('=');
  if (i <= 0) throw new CliError(`invalid literal source ${src}, expected key=value`);
  return [src.slice(0, i), src.slice(i + 1)];
}
export function parseFileSource(src: string): [string, string] {
  const n = src.split('=').length - 1;
  if (n === 0) return [path.posix.basename(src.replace(/\\/g, '/')) || src, src];
  if (n === 1 && src.startsWith('=')) throw new CliError(`key name for file path ${src.slice(1)} missing`);
  if (n === 1 && src.endsWith('=')) throw new CliError(`file path for key name ${src.slice(0, -1)} missing`);
  if (n > 1) throw new CliError("key names or file paths cannot contain '='");
  const [k, p] = src.split('=');
  return [k!, p!];
}
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
/** validation.IsConfigMapKey */
export function configMapKeyErrors(k: string): string[] {
  const errs: string[] = [];
  if (k.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(k)) errs.push(CONFIG_KEY_MSG);
  if (k === '.') errs.push("must not be '.'");
  else if (k === '..') errs.push("must not be '..'");
  else if (k.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}
const ENV_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
export function envVarNameErrors(k: string): string[] {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(k) ? [] : [ENV_MSG];
}

function statOrError(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (e: any) {
    const why = e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOTDIR' ? 'not a directory' : String(e.message);
    throw new CliError(`error reading ${p}: ${why}`);
  }
}
/** Each (key, path) a --from-file source names: one file, or every regular file of a directory. */
export function fileSourceEntries(src: string): [string, string][] {
  const [key, p] = parseFileSource(src);
  const st = statOrError(p);
  if (!st.isDirectory()) return [[key, p]];
  if (src.includes('=')) throw new CliError('cannot give a key name for a directory path');
  const out: [string, string][] = [];
  for (const d of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (d.isFile()) out.push([d.name, path.join(p, d.name)]);
  }
  return out;
}
/** key=value lines of an env file (comments and blank lines skipped; `KEY` alone takes the environment's value). */
export function envFileEntries(p: string, what: 'config' | 'secret'): [string, string][] {
  const st = statOrError(p);
  if (st.isDirectory()) throw new CliError(`env ${what} file cannot be a directory`);
  const buf = fs.readFileSync(p);
  const lines = buf.toString('latin1').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out: [string, string][] = [];
  lines.forEach((raw, i) => {
    let b = Buffer.from(raw.replace(/\r$/, ''), 'latin1');
    if (!isUtf8(b)) throw new CliError(`env file ${p} contains invalid utf8 bytes at line ${i + 1}: [${[...b].join(' ')}]`);
    if (i === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    const line = b.toString('utf8').replace(/^\s+/, '');
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq >= 0 ? line.slice(0, eq) : line;
    const errs = envVarNameErrors(key);
    if (errs.length) throw new CliError(`${JSON.stringify(key)} is not a valid key name: ${errs.join(';')}`);
    out.push([key, eq >= 0 ? line.slice(eq + 1) : process.env[key] ?? '']);
  });
  return out;
}
export function isUtf8(b: Buffer): boolean {
  try { new TextDecoder('utf-8', { fatal: true }).decode(b); return true; } catch { return false; }
}
export function readSourceFile(p: string): Buffer {
  try { return fs.readFileSync(p); } catch (e: any) { throw new CliError(`open ${p}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EACCES' ? 'permission denied' : e.message}`); }
}

/** Go's json.Marshal of a map: keys sorted, compact, HTML-escaped. */
function goCompactSorted(v: unknown): string {
  const { compactJSON } = require('../printers/json') as typeof import('../printers/json');
  return compactJSON(v);
}
function encodeHash(hex: string): string {
  return hex.slice(0, 10).replace(/[013ae]/g, c => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' } as Record<string, string>)[c]!);
}
const sha = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
export function configMapHash(name: string, data: Record<string, string>, binaryData: Record<string, string>): string {
  const m: Record<string, unknown> = { kind: 'ConfigMap', name, data };
  if (Object.keys(binaryData).length) m.binaryData = binaryData;
  return encodeHash(sha(goCompactSorted(m)));
}
/** data holds base64 values (as []byte marshals). */
export function secretHash(name: string, type: string, data: Record<string, string>): string {
  return encodeHash(sha(goCompactSorted({ kind: 'Secret', type, name, data })));
}
