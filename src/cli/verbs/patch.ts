import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('patch').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('patch is not implemented yet'); });
}
