// kubectl create quota NAME [--hard=key1=value1] [--scopes=Scope1,Scope2]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, BuildCtx } from './common';
import { gomap } from './typed-json';
import { canonicalQuantity } from './quantity';

export function resourceList(spec: string): Record<string, string> | undefined {
  if (!spec) return undefined;
  const out: Record<string, string> = {};
  for (const stmt of spec.split(',')) {
    const parts = stmt.split('=');
    if (parts.length !== 2) throw new CliError(`Invalid argument syntax ${stmt}, expected <resource>=<value>`);
    out[parts[0]!] = canonicalQuantity(parts[1]!);
  }
  return gomap(out);
}

export function register(create: Command, ctx: VerbContext): void {
  create.command('quota').alias('resourcequota').description('Create a quota with the specified name')
    .argument('[args...]')
    .option('--hard <list>', 'A comma-delimited set of resource=quantity pairs that define a hard limit.')
    .option('--scopes <list>', 'A comma-delimited set of quota scopes that must all match each object tracked by the quota.')
    .action(action(ctx, {
      apiVersion: 'v1', kind: 'ResourceQuota', wrap: 'failed to create quota: ',
      build: (b: BuildCtx) => {
        const spec: any = {};
        const hard = resourceList(b.opts.hard ?? '');
        if (hard && Object.keys(hard).length) spec.hard = hard;
        if (b.opts.scopes) {
          const scopes = String(b.opts.scopes).split(',');
          if (scopes.some(s => s === '')) throw new CliError('invalid resource quota scope ""');
          spec.scopes = scopes;
        }
        return { kind: 'ResourceQuota', apiVersion: 'v1', metadata: meta(b.name, { namespace: b.namespace }), spec, status: {} };
      },
    }));
}
