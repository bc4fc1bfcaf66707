import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('replace').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('replace is not implemented yet'); });
}
