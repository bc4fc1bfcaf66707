// kubectl create deployment NAME --image=image [--replicas] [--port] [-- COMMAND args...]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, templateMeta, int32Flag, collectSlice, BuildCtx } from './common';
import { strMap } from './typed-json';

/** Container name from an image: last path segment without tag/digest; `.`/`_` → `-` plus a random suffix. */
export function containerNameFromImage(image: string, rand: () => string): string {
  const parts = image.split('/');
  let name = parts[parts.length - 1]!;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${rand()}`;
  return name;
}

export function register(create: Command, ctx: VerbContext): void {
  create.command('deployment').alias('deploy').description('Create a deployment with the specified name')
    .argument('[args...]')
    .requiredOption('--image <image>', 'Image names to run. A deployment can have multiple images set for multi-container pod.', collectSlice)
    .option('--port <port>', 'The containerPort that this deployment exposes.')
    .option('-r, --replicas <n>', 'Number of replicas to create. Default is 1.')
    .action(action(ctx, {
      apiVersion: 'apps/v1', kind: 'Deployment', wrap: 'failed to create deployment: ', takesCommand: true,
      validate: (opts, command) => {
        int32Flag('--port', opts.port, -1);
        int32Flag('-r, --replicas', opts.replicas, 1); // pflag names a flag with a shorthand this way
        if (opts.image.length > 1 && command.length) throw new CliError('cannot specify multiple --image options and command');
      },
      build: (b: BuildCtx) => {
        const labels = strMap({ app: b.name });
        const port = int32Flag('--port', b.opts.port, -1);
        const containers = (b.opts.image as string[]).map(image => {
          const c: any = { name: containerNameFromImage(image, b.rand), image };
          if (b.command.length) c.command = b.command;
          c.resources = {};
          return c;
        });
        if (port >= 0 && containers.length) {
          const c = containers[0]!;
          const { resources } = c; delete c.resources;
          c.ports = [{ containerPort: port }];
          c.resources = resources;
        }
        return {
          kind: 'Deployment', apiVersion: 'apps/v1',
          metadata: meta(b.name, { namespace: b.namespace, labels }),
          spec: {
            replicas: int32Flag('--replicas', b.opts.replicas, 1),
            selector: { matchLabels: strMap({ app: b.name }) },
            template: { metadata: templateMeta(labels), spec: { containers } },
            strategy: {},
          },
          status: {},
        };
      },
    }));
}
