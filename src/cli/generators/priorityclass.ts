// kubectl create priorityclass NAME --value=VALUE --global-default=BOOL [--description] [--preemption-policy]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { action, meta, int32Flag, BuildCtx } from './common';

export function register(create: Command, ctx: VerbContext): void {
  create.command('priorityclass').alias('pc').description('Create a priority class with the specified name')
    .argument('[args...]')
    .option('--value <n>', 'the value of this priority class.')
    .option('--global-default', 'global-default specifies whether this PriorityClass should be considered as the default priority.', false)
    .option('--description <text>', 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.')
    .option('--preemption-policy <policy>', 'preemption-policy is the policy for preempting pods with lower priority.', 'PreemptLowerPriority')
    .action(action(ctx, {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', wrap: 'failed to create priorityclass: ',
      validate: opts => { int32Flag('--value', opts.value, 0); },
      build: (b: BuildCtx) => {
        const pc: any = { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', metadata: meta(b.name), value: int32Flag('--value', b.opts.value, 0) };
        if (b.opts.globalDefault) pc.globalDefault = true;
        if (b.opts.description) pc.description = b.opts.description;
        pc.preemptionPolicy = b.opts.preemptionPolicy ?? '';
        return pc;
      },
    }));
}
