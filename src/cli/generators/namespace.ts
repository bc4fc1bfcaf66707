// kubectl create namespace NAME
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { action, meta } from './common';

export function register(create: Command, ctx: VerbContext): void {
  create.command('namespace').alias('ns').description('Create a namespace with the specified name')
    .argument('[args...]')
    .action(action(ctx, {
      apiVersion: 'v1', kind: 'Namespace',
      build: b => ({ kind: 'Namespace', apiVersion: 'v1', metadata: meta(b.name), spec: {}, status: {} }),
    }));
}
