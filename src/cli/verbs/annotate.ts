import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('annotate').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('annotate is not implemented yet'); });
}
