// kubectl config: contexts and the kubeconfig file.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { loadKubeconfig, saveKubeconfig } from '../session';
import { TableWriter } from '../printers/tabwriter';
import { goYAML } from '../printers/yaml';
import { parseOutput, printObjects } from '../printers';
import { typedJSON } from '../generators/typed-json';
import type { Kubeconfig } from '../../cluster/kubeconfig';

export function register(program: Command, ctx: VerbContext): void {
  const c = program.command('config').description('Modify kubeconfig files.').argument('[args...]');
  // No subcommand: cobra's help on stderr, nothing on stdout, exit 1; an unknown one: kubectl's error.
  c.action((args: string[]) => {
    if (args.length) throw new CliError(`unknown command ${JSON.stringify(args[0])}\nSee 'kctl config -h' for help and examples`);
    ctx.out.err(CONFIG_HELP);
    ctx.out.exitCode = 1;
  });
  c.command('current-context').description('Display the current-context.').action(() => {
    const cfg = loadKubeconfig(ctx.globals);
    if (!cfg['current-context']) throw new CliError('current-context is not set');
    ctx.out.line(cfg['current-context']);
  });
  c.command('get-contexts').argument('[name]').description('Describe one or many contexts.')
    .option('--no-headers', "don't print headers").option('-o, --output <format>', 'Output format. One of: (name).')
    .action((name: string | undefined, opts: any) => {
      const cfg = loadKubeconfig(ctx.globals);
      let list = cfg.contexts;
      if (name) {
        list = list.filter(x => x.name === name);
        if (!list.length) throw new CliError(`context ${name} not found`);
      }
      if (opts.output === 'name') { for (const x of [...list].sort((a, b) => (a.name < b.name ? -1 : 1))) ctx.out.line(x.name); return; }
      if (opts.output) throw new CliError(`output must be one of '' or 'name'`);
      const rows: string[][] = [];
      if (opts.headers !== false) rows.push(['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']);
      for (const x of [...list].sort((a, b) => (a.name < b.name ? -1 : 1)))
        rows.push([x.name === cfg['current-context'] ? '*' : '', x.name, x.context.cluster ?? '', x.context.user ?? '', x.context.namespace ?? '']);
      ctx.out.out(new TableWriter({ minwidth: 10, tabwidth: 4, padding: 3 }).render(rows));
    });
  c.command('get-clusters').description('Display clusters defined in the kubeconfig.').action(() => {
    const cfg = loadKubeconfig(ctx.globals);
    ctx.out.line('NAME');
    for (const x of cfg.clusters) ctx.out.line(x.name);
  });
  c.command('get-users').description('Display users defined in the kubeconfig.').action(() => {
    const cfg = loadKubeconfig(ctx.globals);
    ctx.out.line('NAME');
    for (const x of cfg.users) ctx.out.line(x.name);
  });
  c.command('use-context').alias('use').argument('<name>').description('Set the current-context in a kubeconfig file.').action((name: string) => {
    loadKubeconfig(ctx.globals);
    saveKubeconfig(ctx.globals, cfg => {
      if (!cfg.contexts.some(x => x.name === name)) throw new CliError(`no context exists with the name: "${name}"`);
      cfg['current-context'] = name;
    });
    ctx.out.line(`Switched to context "${name}".`);
  });
  c.command('set-context').argument('[name]').description('Set a context entry in kubeconfig.')
    .option('--current', 'Modify the current context', false)
    .option('--namespace <ns>', 'namespace for the context entry in kubeconfig')
    .option('--cluster <cluster>', 'cluster for the context entry in kubeconfig')
    .option('--user <user>', 'user for the context entry in kubeconfig')
    .action((name: string | undefined, opts: any) => {
      // -n/--namespace are global flags in kctl's parser; set-context's --namespace is the same value.
      const ns = opts.namespace ?? ctx.globals.namespace;
      const cl = opts.cluster ?? ctx.globals.cluster; const user = opts.user ?? ctx.globals.user;
      loadKubeconfig(ctx.globals);
      let existed = false, target = '';
      saveKubeconfig(ctx.globals, cfg => {
        if (opts.current && name) throw new CliError('you cannot specify both a context name and --current');
        target = opts.current ? cfg['current-context'] : name ?? '';
        if (!target) throw new CliError(opts.current ? 'no current context is set' : 'you must specify a non-empty context name or --current');
        let e = cfg.contexts.find(x => x.name === target);
        existed = !!e;
        if (!e) { e = { name: target, context: { cluster: '', user: '' } }; cfg.contexts.push(e); }
        if (ns !== undefined) { if (ns) e.context.namespace = ns; else delete e.context.namespace; }
        if (cl !== undefined) e.context.cluster = cl;
        if (user !== undefined) e.context.user = user;
      });
      ctx.out.line(`Context "${target}" ${existed ? 'modified' : 'created'}.`);
    });
  c.command('delete-context').argument('<name>').action((name: string) => {
    loadKubeconfig(ctx.globals);
    let file = '';
    saveKubeconfig(ctx.globals, cfg => {
      if (!cfg.contexts.some(x => x.name === name)) throw new CliError(`cannot delete context ${name}, not in ${require('../session').kubeconfigPath(ctx.globals)}`);
      if (cfg['current-context'] === name) ctx.out.err('warning: this removed your active context, use "kubectl config use-context" to select a different one');
      cfg.contexts = cfg.contexts.filter(x => x.name !== name);
      file = require('../session').kubeconfigPath(ctx.globals);
    });
    ctx.out.line(`deleted context ${name} from ${file}`);
  });
  c.command('rename-context').argument('<old>').argument('<new>').action((oldName: string, newName: string) => {
    loadKubeconfig(ctx.globals);
    saveKubeconfig(ctx.globals, cfg => {
      const e = cfg.contexts.find(x => x.name === oldName);
      if (!e) throw new CliError(`cannot rename the context "${oldName}", it's not in ${require('../session').kubeconfigPath(ctx.globals)}`);
      if (cfg.contexts.some(x => x.name === newName)) throw new CliError(`cannot rename the context "${oldName}", the context "${newName}" already exists in ${require('../session').kubeconfigPath(ctx.globals)}`);
      e.name = newName;
      if (cfg['current-context'] === oldName) cfg['current-context'] = newName;
    });
    ctx.out.line(`Context "${oldName}" renamed to "${newName}".`);
  });
  c.command('view').description('Display merged kubeconfig settings or a specified kubeconfig file.')
    .option('--minify', 'Remove all information not used by current-context from the output', false)
    .option('--raw', 'Display raw byte data and sensitive data', false)
    .option('--flatten', 'Flatten the resulting kubeconfig file into self-contained output', false)
    .option('-o, --output <format>', 'Output format.', 'yaml')
    .action((opts: any) => {
      const cfg = JSON.parse(JSON.stringify(loadKubeconfig(ctx.globals))) as Kubeconfig;
      let view: any = cfg;
      if (opts.minify) {
        const cur = ctx.globals.context || cfg['current-context'];
        if (!cur) throw new CliError('current-context must exist in order to minify');
        const cx = cfg.contexts.find(x => x.name === cur);
        if (!cx) throw new CliError(`cannot locate context ${cur}`);
        view = { ...cfg, 'current-context': cur, contexts: [cx], clusters: cfg.clusters.filter(x => x.name === cx.context.cluster), users: cfg.users.filter(x => x.name === cx.context.user) };
      }
      // --flatten keeps the data inline (kubectl's FlattenConfig); only a plain view shortens it.
      if (!opts.raw && !opts.flatten) {
        for (const cl of view.clusters) if (cl.cluster['certificate-authority-data']) cl.cluster['certificate-authority-data'] = 'DATA+OMITTED';
        for (const u of view.users) for (const k of ['client-certificate-data', 'client-key-data']) if (u.user[k]) u.user[k] = 'DATA+OMITTED';
      }
      const fmt = parseOutput(opts.output, 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml');
      const ordered = { apiVersion: view.apiVersion ?? 'v1', clusters: view.clusters, contexts: view.contexts, 'current-context': view['current-context'], kind: view.kind ?? 'Config', preferences: view.preferences ?? {}, users: view.users };
      if (fmt.format === 'yaml') ctx.out.out(goYAML(ordered));
      else if (fmt.format === 'name') ctx.out.line('config/<unknown>');
      else if (fmt.format === 'json') ctx.out.out(typedJSON(goConfigOrder(view)) + '\n');
      else if (fmt.format.startsWith('jsonpath')) ctx.out.out(printObjects(fmt, [{ obj: goConfigOrder(view) as any }], true));
      else throw new CliError(`output format "${fmt.format}" is not supported here`);
    });
}

/** The kubeconfig in the field order of client-go's v1.Config structs (what `-o json` prints). */
function goConfigOrder(v: any): Record<string, unknown> {
  const pick = (o: any, keys: string[]): Record<string, unknown> => {
    const r: Record<string, unknown> = {};
    for (const k of keys) if (o?.[k] !== undefined && o[k] !== '' && o[k] !== null) r[k] = o[k];
    for (const k of Object.keys(o ?? {})) if (!(k in r) && o[k] !== undefined) r[k] = o[k];
    return r;
  };
  const cluster = ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'];
  const user = ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions'];
  const context = ['cluster', 'user', 'namespace', 'extensions'];
  return {
    kind: v.kind ?? 'Config', apiVersion: v.apiVersion ?? 'v1', preferences: v.preferences ?? {},
    clusters: (v.clusters ?? []).map((x: any) => ({ name: x.name, cluster: pick(x.cluster, cluster) })),
    users: (v.users ?? []).map((x: any) => ({ name: x.name, user: pick(x.user, user) })),
    contexts: (v.contexts ?? []).map((x: any) => ({ name: x.name, context: pick(x.context, context) })),
    'current-context': v['current-context'] ?? '',
  };
}

/** `kubectl config`'s help (kubectl 1.33), with kctl for kubectl. */
const CONFIG_HELP = `Modify kubeconfig files using subcommands like "kctl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.

Available Commands:
  current-context   Display the current-context
  delete-cluster    Delete the specified cluster from the kubeconfig
  delete-context    Delete the specified context from the kubeconfig
  delete-user       Delete the specified user from the kubeconfig
  get-clusters      Display clusters defined in the kubeconfig
  get-contexts      Describe one or many contexts
  get-users         Display users defined in the kubeconfig
  rename-context    Rename a context from the kubeconfig file
  set               Set an individual value in a kubeconfig file
  set-cluster       Set a cluster entry in kubeconfig
  set-context       Set a context entry in kubeconfig
  set-credentials   Set a user entry in kubeconfig
  unset             Unset an individual value in a kubeconfig file
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  kctl config SUBCOMMAND [options]

Use "kctl config <command> --help" for more information about a given command.
Use "kctl options" for a list of global command-line options (applies to all commands).
`;
