// kubectl plugin list: the kctl-<name> executables on PATH (k8s.io/kubectl/pkg/cmd/plugin).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, ctx: VerbContext): void {
  const plugin = program.command('plugin').description('Provides utilities for interacting with plugins.').argument('[args...]')
    .action((args: string[]) => {
      // cobra's RequireNoArguments: kubectl plugin's help is printed bare by the help machinery
      throw new CliError(`unknown command ${JSON.stringify(args[0])} for "kctl plugin"`);
    });
  plugin.command('list').description('List all visible plugin executables on a user\'s PATH.')
    .option('--name-only', 'If true, display only the binary name of each plugin, rather than its full path', false)
    .action((opts: { nameOnly: boolean }) => {
      const { listPlugins } = require('../plugins') as typeof import('../plugins');
      const { VERBS } = require('../program') as typeof import('../program');
      const plugins = listPlugins(n => n in VERBS || n === 'help' || n === 'options');
      const errors: string[] = [];
      if (plugins.length) ctx.out.line('The following compatible plugins are available:\n');
      else errors.push('error: unable to find any kctl plugins in your PATH');
      let warnings = 0;
      for (const p of plugins) {
        ctx.out.line(opts.nameOnly ? require('node:path').basename(p.file) : p.file);
        for (const w of p.warnings) { ctx.out.err(`  - ${w}`); warnings++; }
      }
      if (warnings === 1) errors.push('error: one plugin warning was found');
      else if (warnings > 1) errors.push(`error: ${warnings} plugin warnings were found`);
      if (errors.length) throw new CliError(errors.join('\n'), 1, true);
    });
}
