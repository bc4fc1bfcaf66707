// kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' [--restart] [-- COMMAND args...]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { action, meta, templateMeta, BuildCtx } from './common';

export function register(create: Command, ctx: VerbContext): void {
  create.command('cronjob').alias('cj').description('Create a cron job with the specified name')
    .argument('[args...]')
    .requiredOption('--image <image>', 'Image name to run.')
    .requiredOption('--schedule <schedule>', 'A schedule in the Cron format the job should be run with.')
    .option('--restart <policy>', "job's restart policy. supported values: OnFailure, Never")
    .action(action(ctx, {
      apiVersion: 'batch/v1', kind: 'CronJob', wrap: 'failed to create cronjob: ', takesCommand: true,
      build: (b: BuildCtx) => ({
        kind: 'CronJob', apiVersion: 'batch/v1',
        metadata: meta(b.name, { namespace: b.namespace }),
        spec: {
          schedule: b.opts.schedule,
          jobTemplate: {
            metadata: templateMeta(undefined, b.name),
            spec: {
              template: {
                metadata: templateMeta(),
                spec: {
                  containers: [{ name: b.name, image: b.opts.image, ...(b.command.length ? { command: b.command } : {}), resources: {} }],
                  restartPolicy: b.opts.restart || 'OnFailure',
                },
              },
            },
          },
        },
        status: {},
      }),
    }));
}
