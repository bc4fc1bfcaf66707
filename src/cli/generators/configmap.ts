// kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--from-env-file] [--append-hash]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, collectArray, collectSlice, BuildCtx } from './common';
import { gomap } from './typed-json';
import { parseLiteralSource, fileSourceEntries, envFileEntries, configMapKeyErrors, isUtf8, readSourceFile, configMapHash } from './sources';

export function register(create: Command, ctx: VerbContext): void {
  create.command('configmap').alias('cm').description('Create a config map from a local file, directory or literal value')
    .argument('[args...]')
    .option('--from-file <source>', 'Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.', collectSlice, [])
    .option('--from-literal <kv>', 'Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)', collectArray, [])
    .option('--from-env-file <file>', 'Specify the path to a file to read lines of key=val pairs to create a configmap.', collectSlice, [])
    .option('--append-hash', 'Append a hash of the configmap to its name.', false)
    .action(action(ctx, {
      apiVersion: 'v1', kind: 'ConfigMap', wrap: 'failed to create configmap: ',
      validate: opts => {
        if (opts.fromEnvFile.length && (opts.fromFile.length || opts.fromLiteral.length)) throw new CliError('from-env-file cannot be combined with from-file or from-literal');
      },
      build: (b: BuildCtx) => {
        const data: Record<string, string> = {};
        const binaryData: Record<string, string> = {};
        const check = (k: string) => {
          const errs = configMapKeyErrors(k);
          if (errs.length) throw new CliError(`${JSON.stringify(k)} is not a valid key name for a ConfigMap: ${errs.join(',')}`);
          if (k in data) throw new CliError(`cannot add key ${JSON.stringify(k)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(b.name)}`);
          if (k in binaryData) throw new CliError(`cannot add key ${JSON.stringify(k)}, another key by that name already exists in BinaryData for ConfigMap ${JSON.stringify(b.name)}`);
        };
        const addLiteral = (k: string, v: string) => { check(k); data[k] = v; };
        for (const src of b.opts.fromFile as string[]) {
          for (const [k, p] of fileSourceEntries(src)) {
            const buf = readSourceFile(p);
            if (isUtf8(buf)) addLiteral(k, buf.toString('utf8'));
            else { check(k); binaryData[k] = buf.toString('base64'); }
          }
        }
        for (const src of b.opts.fromLiteral as string[]) addLiteral(...parseLiteralSource(src));
        for (const f of b.opts.fromEnvFile as string[]) for (const [k, v] of envFileEntries(f, 'config')) addLiteral(k, v);
        const name = b.opts.appendHash ? `${b.name}-${configMapHash(b.name, data, binaryData)}` : b.name;
        const cm: any = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name, { namespace: b.namespace }) };
        if (Object.keys(data).length) cm.data = gomap(data);
        if (Object.keys(binaryData).length) cm.binaryData = gomap(binaryData);
        return cm;
      },
    }));
}
