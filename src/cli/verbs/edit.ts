import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('edit').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('edit is not implemented yet'); });
}
