import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('explain').argument('[args...]').allowUnknownOption(true).action(() => { throw new CliError('explain is not implemented yet'); });
}
