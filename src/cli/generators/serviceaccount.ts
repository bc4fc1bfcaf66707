// kubectl create serviceaccount NAME
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { action, meta } from './common';

export function register(create: Command, ctx: VerbContext): void {
  create.command('serviceaccount').alias('sa').description('Create a service account with the specified name')
    .argument('[args...]')
    .action(action(ctx, {
      apiVersion: 'v1', kind: 'ServiceAccount', wrap: 'failed to create serviceaccount: ',
      build: b => ({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(b.name, { namespace: b.namespace }) }),
    }));
}
