// kubectl kustomize DIR: build a kustomization and print its resources as YAML (the embedded kustomize,
// src/kustomize). Deprecation warnings go to stderr first, as kustomize writes them while it reads the file.
import { Command } from 'commander';
import fs from 'node:fs';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { collect } from './common';

export function register(program: Command, ctx: VerbContext): void {
  program.command('kustomize')
    .description("Build a set of KRM resources using a 'kustomization.yaml' file. The DIR argument must be a path to a directory containing 'kustomization.yaml', or a git repository URL with a path suffix specifying same with respect to the repository root. If DIR is omitted, '.' is assumed.")
    .argument('[args...]')
    .option('--as-current-user', 'use the uid and gid of the command executor to run the function in the container', false)
    .option('--enable-alpha-plugins', 'enable kustomize plugins', false)
    .option('--enable-helm', 'Enable use of the Helm chart inflator generator.', false)
    .option('-e, --env <env>', 'a list of environment variables to be used by functions', collect, [])
    .option('--helm-api-versions <v>', 'Kubernetes api versions used by Helm for Capabilities.APIVersions', collect, [])
    .option('--helm-command <cmd>', 'helm command (path to executable)', 'helm')
    .option('--helm-debug', 'Enable debug output from the Helm chart inflator generator.', false)
    .option('--helm-kube-version <v>', 'Kubernetes version used by Helm for Capabilities.KubeVersion', '')
    .option('--load-restrictor <r>', "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root. This does, however, break the relocatability of the kustomization.", 'LoadRestrictionsRootOnly')
    .option('--mount <m>', 'a list of storage options read from the filesystem', collect, [])
    .option('--network', 'enable network access for functions that declare it', false)
    .option('--network-name <n>', 'the docker network to run the container in', 'bridge')
    .option('-o, --output <path>', 'If specified, write output to this path.', '')
    .action((args: string[], opts: any) => {
      if (args.length > 1) throw new CliError('specify one path to kustomization.yaml');
      const r = opts.loadRestrictor;
      if (r !== 'LoadRestrictionsRootOnly' && r !== 'LoadRestrictionsNone') throw new CliError(`illegal flag value --load-restrictor ${r}; legal values: [LoadRestrictionsNone LoadRestrictionsRootOnly]`);
      const { runKustomize } = require('../kustomize-source') as typeof import('../kustomize-source');
      const out = runKustomize(args[0] ?? '.', ctx, r);
      if (opts.output) {
        try { fs.writeFileSync(opts.output, out.yaml); } catch (e: any) { throw new CliError(`open ${opts.output}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EISDIR' ? 'is a directory' : 'permission denied'}`); }
        return;
      }
      ctx.out.out(out.yaml);
    });
}
