// kubectl create rolebinding NAME --clusterrole=NAME|--role=NAME [--user] [--group] [--serviceaccount]
// kubectl create clusterrolebinding NAME --clusterrole=NAME [--user] [--group] [--serviceaccount]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, collectArray, BuildCtx } from './common';

const RBAC = 'rbac.authorization.k8s.io';

/** `--user` is also kubectl's global flag, which kctl pulls out of argv before commands parse; here it is local. */
function usersFromArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('--user=')) out.push(a.slice(7));
    else if (a === '--user' && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}
function subjects(opts: any): any[] | undefined {
  const out: any[] = [];
  for (const u of opts.user as string[]) out.push({ kind: 'User', apiGroup: RBAC, name: u });
  for (const g of opts.group as string[]) out.push({ kind: 'Group', apiGroup: RBAC, name: g });
  for (const sa of opts.serviceaccount as string[]) {
    const t = sa.split(':');
    if (t.length !== 2 || !t[0] || !t[1]) throw new CliError('serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', name: t[1], namespace: t[0] });
  }
  return out.length ? out : undefined;
}
function subjectFlags(c: Command, what: string): Command {
  return c
    .option('--user <name>', `Usernames to bind to the ${what}. The flag can be repeated to add multiple users.`, collectArray, [])
    .option('--group <name>', `Groups to bind to the ${what}. The flag can be repeated to add multiple groups.`, collectArray, [])
    .option('--serviceaccount <ns:name>', `Service accounts to bind to the ${what}, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.`, collectArray, []);
}

export function register(create: Command, ctx: VerbContext): void {
  const withUsers = (g: any) => (opts: any) => { opts.user = [...opts.user, ...usersFromArgv(ctx.argv)]; return g; };
  subjectFlags(create.command('rolebinding').description('Create a role binding for a particular role or cluster role').argument('[args...]'), 'role')
    .option('--clusterrole <name>', 'ClusterRole this RoleBinding should reference')
    .option('--role <name>', 'Role this RoleBinding should reference')
    .action(action(ctx, withUsers({
      apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', wrap: 'failed to create rolebinding: ',
      validate: (opts: any) => { if (!opts.clusterrole === !opts.role) throw new CliError('exactly one of clusterrole or role must be specified'); },
      build: (b: BuildCtx) => {
        const roleRef = b.opts.role ? { apiGroup: RBAC, kind: 'Role', name: b.opts.role } : { apiGroup: RBAC, kind: 'ClusterRole', name: b.opts.clusterrole };
        return { kind: 'RoleBinding', apiVersion: `${RBAC}/v1`, metadata: meta(b.name, { namespace: b.namespace }), subjects: subjects(b.opts), roleRef };
      },
    })));
  subjectFlags(create.command('clusterrolebinding').description('Create a cluster role binding for a particular cluster role').argument('[args...]'), 'clusterrole')
    .requiredOption('--clusterrole <name>', 'ClusterRole this ClusterRoleBinding should reference')
    .action(action(ctx, withUsers({
      apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', wrap: 'failed to create clusterrolebinding: ',
      build: (b: BuildCtx) => ({
        kind: 'ClusterRoleBinding', apiVersion: `${RBAC}/v1`, metadata: meta(b.name), subjects: subjects(b.opts),
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: b.opts.clusterrole },
      }),
    })));
}
