import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('label').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('label is not implemented yet'); });
}
