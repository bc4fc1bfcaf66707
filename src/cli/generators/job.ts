// kubectl create job NAME --image=image [-- COMMAND args...] | --from=cronjob/NAME
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, templateMeta, BuildCtx } from './common';
import { reorder, strMap } from './typed-json';
import { resolveResource } from '../../api/discovery';

export function register(create: Command, ctx: VerbContext): void {
  create.command('job').description('Create a job with the specified name')
    .argument('[args...]')
    .option('--image <image>', 'Image name to run.')
    .option('--from <resource>', 'The name of the resource to create a Job from (only cronjob is supported).')
    .action(action(ctx, {
      apiVersion: 'batch/v1', kind: 'Job', wrap: 'failed to create job: ', takesCommand: true,
      validate: (opts, command) => {
        if ((!opts.image && !opts.from) || (opts.image && opts.from)) throw new CliError('either --image or --from must be specified');
        if (command.length && opts.from) throw new CliError('cannot specify --from and command');
      },
      build: (b: BuildCtx) => (b.opts.from ? fromCronJob(b) : {
        kind: 'Job', apiVersion: 'batch/v1',
        metadata: meta(b.name, { namespace: b.namespace }),
        spec: {
          template: {
            metadata: templateMeta(),
            spec: {
              containers: [{ name: b.name, image: b.opts.image, ...(b.command.length ? { command: b.command } : {}), resources: {} }],
              restartPolicy: 'Never',
            },
          },
        },
        status: {},
      }),
    }));
}

function fromCronJob(b: BuildCtx): any {
  const from = String(b.opts.from);
  const slash = from.indexOf('/');
  if (slash < 0) throw new CliError(`arguments in resource/name form must have a single resource and name`);
  const type = from.slice(0, slash), cjName = from.slice(slash + 1);
  const ri = resolveResource(type);
  if (!ri) throw new CliError(`the server doesn't have a resource type "${type}"`);
  if (!b.rt) throw new CliError('from must be an existing cronjob');
  const obj = b.rt.api.get(ri, b.sessionNamespace, cjName);
  if (obj.kind !== 'CronJob') throw new CliError(`unknown object type *v1.${obj.kind}`);
  const jt = obj.spec?.jobTemplate ?? {};
  const annotations: Record<string, string> = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(jt.metadata?.annotations ?? {}) };
  const m = meta(b.name, { namespace: b.namespace, labels: jt.metadata?.labels });
  const out: any = {};
  for (const k of Object.keys(m)) { out[k] = m[k]; if (k === 'creationTimestamp' && !m.labels) out.annotations = strMap(annotations); if (k === 'labels') out.annotations = strMap(annotations); }
  out.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: obj.metadata.name, uid: obj.metadata.uid, controller: true }];
  return { kind: 'Job', apiVersion: 'batch/v1', metadata: out, spec: reorder(jt.spec ?? {}, 'JobSpec'), status: {} };
}
