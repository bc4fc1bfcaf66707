// kubectl uncordon NODE... | -l SELECTOR (pkg/cmd/drain: NewCmdUncordon): mark nodes schedulable again.
// `node/x uncordoned`, or `node/x already uncordoned`.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { cordonCommand } from './cordon';

export function register(program: Command, ctx: VerbContext): void {
  cordonCommand(program, ctx, 'uncordon', 'Mark node as schedulable', false);
}
