// kubectl create secret generic|docker-registry|tls NAME
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, collectArray, collectSlice, BuildCtx, groupHelp } from './common';
import { gomap } from './typed-json';
import { parseLiteralSource, fileSourceEntries, envFileEntries, configMapKeyErrors, readSourceFile, secretHash } from './sources';
import { compactJSON } from '../printers/json';

const WRAP = 'failed to create secret ';

/** A Secret's data (base64 values), filled as kubectl's addKeyFromLiteralToSecret does. */
class SecretData {
  data: Record<string, string> = {};
  add(k: string, v: Buffer): void {
    const errs = configMapKeyErrors(k);
    if (errs.length) throw new CliError(`${JSON.stringify(k)} is not valid key name for a Secret ${errs.join(';')}`);
    if (k in this.data) throw new CliError(`cannot add key ${k}, another key by that name already exists`);
    this.data[k] = v.toString('base64');
  }
  fromFiles(srcs: string[]): void {
    for (const src of srcs) for (const [k, p] of fileSourceEntries(src)) this.add(k, readSourceFile(p));
  }
}
function secretObj(b: BuildCtx, type: string, sd: SecretData): any {
  const name = b.opts.appendHash ? `${b.name}-${secretHash(b.name, type, sd.data)}` : b.name;
  const s: any = { kind: 'Secret', apiVersion: 'v1', metadata: meta(name, { namespace: b.namespace }) };
  if (Object.keys(sd.data).length) s.data = gomap(sd.data);
  if (type) s.type = type;
  return s;
}

export function register(create: Command, ctx: VerbContext): void {
  const secret = create.command('secret').description('Create a secret with specified type.')
    .action(groupHelp(ctx, `Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kctl create secret (docker-registry | generic | tls) [options]

Use "kctl create secret <command> --help" for more information about a given command.
Use "kctl options" for a list of global command-line options (applies to all commands).
`));
  secret.command('generic').description('Create a secret from a local file, directory, or literal value')
    .argument('[args...]')
    .option('--from-file <source>', 'Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used.', collectSlice, [])
    .option('--from-literal <kv>', 'Specify a key and literal value to insert in secret (i.e. mykey=somevalue)', collectArray, [])
    .option('--from-env-file <file>', 'Specify the path to a file to read lines of key=val pairs to create a secret.', collectSlice, [])
    .option('--type <type>', 'The type of secret to create')
    .option('--append-hash', 'Append a hash of the secret to its name.', false)
    .action(action(ctx, {
      apiVersion: 'v1', kind: 'Secret', wrap: WRAP,
      validate: opts => {
        if (opts.fromEnvFile.length && (opts.fromFile.length || opts.fromLiteral.length)) throw new CliError('from-env-file cannot be combined with from-file or from-literal');
      },
      build: b => {
        const sd = new SecretData();
        for (const src of b.opts.fromLiteral as string[]) { const [k, v] = parseLiteralSource(src); sd.add(k, Buffer.from(v, 'utf8')); }
        sd.fromFiles(b.opts.fromFile);
        for (const f of b.opts.fromEnvFile as string[]) for (const [k, v] of envFileEntries(f, 'secret')) sd.add(k, Buffer.from(v, 'utf8'));
        return secretObj(b, b.opts.type ?? '', sd);
      },
    }));
  secret.command('docker-registry').description('Create a secret for use with a Docker registry')
    .argument('[args...]')
    .option('--docker-username <u>', 'Username for Docker registry authentication')
    .option('--docker-password <p>', 'Password for Docker registry authentication')
    .option('--docker-email <e>', 'Email for Docker registry')
    .option('--docker-server <s>', 'Server location for Docker registry', 'https://index.docker.io/v1/')
    .option('--append-hash', 'Append a hash of the secret to its name.', false)
    .option('--from-file <source>', 'Key files can be specified using their file path.', collectSlice, [])
    .action(action(ctx, {
      apiVersion: 'v1', kind: 'Secret', wrap: WRAP,
      validate: opts => {
        if (!opts.fromFile.length && (!opts.dockerUsername || !opts.dockerPassword || !opts.dockerServer))
          throw new CliError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
      },
      build: b => {
        const sd = new SecretData();
        if (b.opts.fromFile.length) sd.fromFiles(b.opts.fromFile);
        else {
          const o = b.opts;
          const entry: Record<string, string> = {};
          if (o.dockerUsername) entry.username = o.dockerUsername;
          if (o.dockerPassword) entry.password = o.dockerPassword;
          if (o.dockerEmail) entry.email = o.dockerEmail;
          const auth = Buffer.from(`${o.dockerUsername ?? ''}:${o.dockerPassword ?? ''}`).toString('base64');
          if (auth) entry.auth = auth;
          const entryJSON = '{' + Object.entries(entry).map(([k, v]) => `${compactJSON(k)}:${compactJSON(v)}`).join(',') + '}';
          const cfg = `{"auths":{${compactJSON(o.dockerServer)}:${entryJSON}}}`;
          sd.data['.dockerconfigjson'] = Buffer.from(cfg, 'utf8').toString('base64');
        }
        return secretObj(b, 'kubernetes.io/dockerconfigjson', sd);
      },
    }));
  secret.command('tls').description('Create a TLS secret')
    .argument('[args...]')
    .option('--cert <path>', 'Path to PEM encoded public key certificate.')
    .option('--key <path>', 'Path to private key associated with given certificate.')
    .option('--append-hash', 'Append a hash of the secret to its name.', false)
    .action(action(ctx, {
      apiVersion: 'v1', kind: 'Secret', wrap: WRAP,
      validate: opts => { if (!opts.key || !opts.cert) throw new CliError('key and cert must be specified'); },
      build: b => {
        const read = (f: string) => {
          try { return require('node:fs').readFileSync(f) as Buffer; } catch (e: any) {
            throw new CliError(`Cannot read file ${f}, open ${f}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
          }
        };
        const cert = read(b.opts.cert), key = read(b.opts.key);
        checkKeyPair(cert, key);
        const sd = new SecretData();
        sd.data['tls.crt'] = cert.toString('base64');
        sd.data['tls.key'] = key.toString('base64');
        return secretObj(b, 'kubernetes.io/tls', sd);
      },
    }));
}

/** tls.X509KeyPair's checks, with Go's messages for the common failures. */
function checkKeyPair(cert: Buffer, key: Buffer): void {
  const crypto = require('node:crypto') as typeof import('node:crypto');
  const pems = (b: Buffer) => [...b.toString('latin1').matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map(m => ({ type: m[1]!, text: m[0] }));
  const certs = pems(cert).filter(p => p.type === 'CERTIFICATE');
  if (!certs.length) {
    throw new CliError(pems(cert).length ? 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched' : 'tls: failed to find any PEM data in certificate input');
  }
  const keys = pems(key).filter(p => p.type === 'PRIVATE KEY' || p.type.endsWith(' PRIVATE KEY'));
  if (!keys.length) throw new CliError(pems(key).length ? 'tls: found a certificate rather than a key in the PEM for the private key' : 'tls: failed to find any PEM data in key input');
  let x: import('node:crypto').X509Certificate;
  try { x = new crypto.X509Certificate(certs[0]!.text); } catch (e: any) { throw new CliError(`x509: malformed certificate`); }
  let pk: import('node:crypto').KeyObject;
  try { pk = crypto.createPrivateKey(keys[0]!.text); } catch { throw new CliError('tls: failed to parse private key'); }
  if (!x.checkPrivateKey(pk)) throw new CliError('tls: private key does not match public key');
}
