import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('wait').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('wait is not implemented yet'); });
}
