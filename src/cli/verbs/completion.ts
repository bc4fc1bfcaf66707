// kubectl completion SHELL: cobra's completion script for bash, zsh, fish or powershell, for kctl
// (k8s.io/kubectl/pkg/cmd/completion). The script asks `kctl __complete …` for candidates (src/cli/completion.ts).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, ctx: VerbContext): void {
  program.command('completion').description('Output shell completion code for the specified shell (bash, zsh, fish, or powershell).')
    .argument('[args...]')
    .action((args: string[]) => {
      if (!args.length) throw new CliError("Shell not specified.\nSee 'kctl completion -h' for help and examples");
      if (args.length > 1) throw new CliError("Too many arguments. Expected only the shell type.\nSee 'kctl completion -h' for help and examples");
      if (!['bash', 'zsh', 'fish', 'powershell'].includes(args[0]!)) throw new CliError(`Unsupported shell type "${args[0]}".\nSee 'kctl completion -h' for help and examples`);
      const { completionScript } = require('../completion') as typeof import('../completion');
      ctx.out.out(completionScript(args[0]!));
    });
}
