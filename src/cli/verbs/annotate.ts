// kubectl annotate: the same machinery as label (./label.ts), with annotate's messages and checks.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { registerMetaVerb } from './label';

export function register(program: Command, ctx: VerbContext): void {
  registerMetaVerb(program, ctx, 'annotate');
}
