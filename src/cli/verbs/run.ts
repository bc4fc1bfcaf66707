import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('run').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('run is not implemented yet'); });
}
