// kctl's own verb: clusters, as kind manages them.
//   kctl cluster create NAME [--config kind.yaml]   kctl cluster delete NAME   kctl cluster list
//   kctl cluster backup NAME FILE   kctl cluster restore NAME FILE   (a consistent copy of the database, made while in use)
import { Command } from 'commander';
import fs from 'node:fs';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { createCluster, deleteCluster, listClusters, backupCluster, restoreCluster } from '../../cluster/clusters';
import { kubeconfigPath, loadKubeconfig } from '../session';
import { withKubeconfigLock } from '../../cluster/kubeconfig';
import { parseKindConfig } from '../../cluster/kindconfig';
import { contextName, DEFAULT_CLUSTER } from '../../cluster/home';
import { goQuote } from '../../util/goquote';
import { dns1123Label } from '../../api/validation/meta';

export function register(program: Command, ctx: VerbContext): void {
  const c = program.command('cluster').description('Create, delete and list simulated clusters (as kind does).').argument('[args...]');
  // No subcommand: the help machinery prints kubectl's help (program.ts); an unknown one is an error.
  // Subcommands are defined in name order: cobra lists them sorted.
  c.action((args: string[]) => {
    if (args.length) throw new CliError(`unknown command ${JSON.stringify(args[0])}\nSee 'kctl cluster -h' for help and examples`);
  });
  c.command('backup').argument('[args...]').description("Copy a cluster's state (its database) into FILE, while it may be in use.")
    .action((args: string[]) => {
      if (args.length !== 2) throw new CliError(`accepts 2 arg(s), received ${args.length}\nSee 'kctl cluster backup -h' for help and examples`);
      const [name, file] = args as [string, string];
      loadKubeconfig(ctx.globals);
      backupCluster(name, file);
      ctx.out.err(`Backed up cluster "${name}" to ${file}`);
    });
  c.command('create').argument('[name]').description('Create a cluster and make its context current.')
    .option('--config <file>', "A kind cluster config file (kind: Cluster, apiVersion: kind.x-k8s.io/v1alpha4).")
    .option('--name <name>', 'Cluster name (kind style flag).')
    .action((nameArg: string | undefined, opts: any) => {
      let text: string | undefined;
      if (opts.config) {
        try { text = fs.readFileSync(opts.config, 'utf8'); } catch { throw new CliError(`the path "${opts.config}" does not exist`); }
      }
      const cfg = text !== undefined ? parseKindConfig(text, opts.config) : undefined;
      const name = nameArg || opts.name || cfg?.name || DEFAULT_CLUSTER;
      if (dns1123Label(name).length) throw new CliError(`'${name}' is not a valid cluster name: cluster names must match ^[a-z0-9.-]+$`);
      const file = kubeconfigPath(ctx.globals);
      loadKubeconfig(ctx.globals);
      withKubeconfigLock(file, () => createCluster(name, cfg, file));
      ctx.out.err(`Creating cluster "${name}" ...`);
      ctx.out.err(` ✓ Ensuring node image (kindest/node:v1.33.1) 🖼`);
      ctx.out.err(` ✓ Preparing nodes ${'📦 '.repeat(cfg?.roles.length ?? 3).trim()}`);
      ctx.out.err(` ✓ Writing configuration 📜`);
      ctx.out.err(` ✓ Starting control-plane 🕹️`);
      ctx.out.err(` ✓ Installing CNI 🔌`);
      ctx.out.err(` ✓ Installing StorageClass 💾`);
      ctx.out.err(`Set kubectl context to "${contextName(name)}"`);
      ctx.out.err(`You can now use your cluster with:\n\nkctl cluster-info --context ${contextName(name)}\n`);
    });
  c.command('delete').argument('[name]').description('Delete a cluster and its kubeconfig entries.')
    .option('--name <name>', 'Cluster name (kind style flag).')
    .action((nameArg: string | undefined, opts: any) => {
      const name = nameArg || opts.name || DEFAULT_CLUSTER;
      const file = kubeconfigPath(ctx.globals);
      const nodes = withKubeconfigLock(file, () => deleteCluster(name, file));
      ctx.out.err(`Deleting cluster "${name}" ...`);
      if (!nodes) return;
      ctx.out.err(`Deleted nodes: [${nodes.map(goQuote).join(' ')}]`);
    });
  c.command('list').alias('get').description('List clusters.').action(() => {
    loadKubeconfig(ctx.globals);
    const names = listClusters();
    if (!names.length) { ctx.out.err('No kind clusters found.'); return; }
    for (const n of names) ctx.out.line(n);
  });
  c.command('restore').argument('[args...]').description('Replace a cluster\'s state with a backup made by `kctl cluster backup` (a new cluster if NAME is not one).')
    .action((args: string[]) => {
      if (args.length !== 2) throw new CliError(`accepts 2 arg(s), received ${args.length}\nSee 'kctl cluster restore -h' for help and examples`);
      const [name, file] = args as [string, string];
      if (dns1123Label(name).length) throw new CliError(`'${name}' is not a valid cluster name: cluster names must match ^[a-z0-9.-]+$`);
      const kc = kubeconfigPath(ctx.globals);
      loadKubeconfig(ctx.globals);
      restoreCluster(name, file, kc);
      ctx.out.err(`Restored cluster "${name}" from ${file}`);
    });
}

