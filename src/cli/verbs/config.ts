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
  // No subcommand: the help machinery prints kubectl's help (program.ts); an unknown one is an error.
  c.action((args: string[]) => {
    if (args.length) throw new CliError(`unknown command ${JSON.stringify(args[0])}\nSee 'kctl config -h' for help and examples`);
  });
  // cobra's "Unexpected args": the command's help on stdout, the error on stderr
  const unexpected = (p: string, args: string[]) => {
    const { helpFor } = require('../help') as typeof import('../help');
    ctx.out.out(helpFor(['config', p]));
    return new CliError(`Unexpected args: [${args.join(' ')}]`);
  };
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
  c.command('use-context').alias('use').argument('[args...]').description('Set the current-context in a kubeconfig file.').action((args: string[]) => {
    if (args.length !== 1) throw unexpected('use-context', args);
    const name = args[0]!;
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
  c.command('delete-context').argument('[args...]').action((args: string[]) => {
    if (!args.length) { ctx.out.out((require('../help') as typeof import('../help')).helpFor(['config', 'delete-context'])); return; }
    const name = args[0]!;
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
  c.command('rename-context').argument('[args...]').action((args: string[]) => {
    if (args.length !== 2) throw unexpected('rename-context', args);
    const [oldName, newName] = args as [string, string];
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
  const kubeconfigFile = () => (require('../session') as typeof import('../session')).kubeconfigPath(ctx.globals);
  c.command('set-cluster').argument('[args...]').description('Set a cluster entry in kubeconfig.')
    .option('--server <server>', 'server for the cluster entry in kubeconfig')
    .option('--certificate-authority <path>', 'Path to certificate-authority file for the cluster entry in kubeconfig')
    .option('--embed-certs', 'embed-certs for the cluster entry in kubeconfig', false)
    .option('--insecure-skip-tls-verify', 'insecure-skip-tls-verify for the cluster entry in kubeconfig')
    .option('--tls-server-name <name>', 'tls-server-name for the cluster entry in kubeconfig')
    .option('--proxy-url <url>', 'proxy-url for the cluster entry in kubeconfig')
    .action((args: string[], opts: any) => {
      if (args.length !== 1) throw unexpected('set-cluster', args);
      const name = args[0]!;
      loadKubeconfig(ctx.globals);
      saveKubeconfig(ctx.globals, cfg => {
        let e = cfg.clusters.find(x => x.name === name);
        if (!e) { e = { name, cluster: {} }; cfg.clusters.push(e); }
        if (opts.server !== undefined) e.cluster.server = opts.server;
        if (opts.tlsServerName !== undefined) e.cluster['tls-server-name'] = opts.tlsServerName;
        if (opts.proxyUrl !== undefined) e.cluster['proxy-url'] = opts.proxyUrl;
        if (opts.insecureSkipTlsVerify !== undefined) {
          if (opts.insecureSkipTlsVerify) { e.cluster['insecure-skip-tls-verify'] = true; delete e.cluster['certificate-authority']; delete e.cluster['certificate-authority-data']; }
          else delete e.cluster['insecure-skip-tls-verify'];
        }
        if (opts.certificateAuthority !== undefined) {
          const fs = require('node:fs') as typeof import('node:fs');
          if (opts.embedCerts) {
            let data: Buffer;
            try { data = fs.readFileSync(opts.certificateAuthority); } catch (err: any) { throw new CliError(`could not read certificate-authority data from ${opts.certificateAuthority}: ${err.message}`); }
            e.cluster['certificate-authority-data'] = data.toString('base64');
            delete e.cluster['certificate-authority'];
          } else {
            e.cluster['certificate-authority'] = require('node:path').resolve(opts.certificateAuthority);
            delete e.cluster['certificate-authority-data'];
          }
          delete e.cluster['insecure-skip-tls-verify'];
        }
      });
      ctx.out.line(`Cluster "${name}" set.`);
    });
  c.command('set-credentials').argument('[args...]').description('Set a user entry in kubeconfig.')
    .option('--client-certificate <path>', 'Path to client-certificate file for the user entry in kubeconfig')
    .option('--client-key <path>', 'Path to client-key file for the user entry in kubeconfig')
    .option('--token <token>', 'token for the user entry in kubeconfig')
    .option('--username <name>', 'username for the user entry in kubeconfig')
    .option('--password <password>', 'password for the user entry in kubeconfig')
    .option('--embed-certs', 'Embed client cert/key for the user entry in kubeconfig', false)
    .option('--auth-provider <name>', 'Auth provider for the user entry in kubeconfig')
    .option('--exec-command <cmd>', 'Command for the exec credential plugin for the user entry in kubeconfig')
    .option('--exec-api-version <v>', 'API version of the exec credential plugin for the user entry in kubeconfig')
    .action((args: string[], opts: any) => {
      if (args.length !== 1) throw unexpected('set-credentials', args);
      const name = args[0]!;
      loadKubeconfig(ctx.globals);
      saveKubeconfig(ctx.globals, cfg => {
        let e = cfg.users.find(x => x.name === name);
        if (!e) { e = { name, user: {} }; cfg.users.push(e); }
        const fs = require('node:fs') as typeof import('node:fs');
        for (const [opt, key] of [['clientCertificate', 'client-certificate'], ['clientKey', 'client-key']] as const) {
          if (opts[opt] === undefined) continue;
          if (opts.embedCerts) { e.user[`${key}-data`] = fs.readFileSync(opts[opt]).toString('base64'); delete e.user[key]; }
          else { e.user[key] = require('node:path').resolve(opts[opt]); delete e.user[`${key}-data`]; }
        }
        if (opts.token !== undefined) e.user.token = opts.token;
        if (opts.username !== undefined) e.user.username = opts.username;
        if (opts.password !== undefined) e.user.password = opts.password;
        if (opts.authProvider !== undefined) e.user['auth-provider'] = { name: opts.authProvider };
        if (opts.execCommand !== undefined) e.user.exec = { ...(e.user.exec ?? {}), command: opts.execCommand, apiVersion: opts.execApiVersion ?? e.user.exec?.apiVersion };
      });
      ctx.out.line(`User "${name}" set.`);
    });
  for (const [sub, list, what] of [['delete-cluster', 'clusters', 'cluster'], ['delete-user', 'users', 'user']] as const) {
    c.command(sub).argument('[args...]').description(`Delete the specified ${what} from the kubeconfig.`).action((args: string[]) => {
      if (!args.length) {
        if (what === 'user') throw new CliError(`user to delete is required\nSee 'kctl config delete-user -h' for help and examples`);
        ctx.out.out((require('../help') as typeof import('../help')).helpFor(['config', sub]));
        return;
      }
      const name = args[0]!;
      loadKubeconfig(ctx.globals);
      saveKubeconfig(ctx.globals, cfg => {
        const entries = cfg[list] as { name: string }[];
        if (!entries.some(x => x.name === name)) throw new CliError(`cannot delete ${what} ${name}, not in ${kubeconfigFile()}`);
        (cfg as any)[list] = entries.filter(x => x.name !== name);
      });
      ctx.out.line(`deleted ${what} ${name} from ${kubeconfigFile()}`);
    });
  }
  c.command('set').argument('[args...]').description('Set an individual value in a kubeconfig file.')
    .option('--set-raw-bytes', 'When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.', false)
    .action((args: string[], opts: any) => {
      if (args.length !== 2) throw unexpected('set', args);
      loadKubeconfig(ctx.globals);
      saveKubeconfig(ctx.globals, cfg => setProperty(cfg, args[0]!, args[1]!, !!opts.setRawBytes));
      ctx.out.line(`Property "${args[0]}" set.`);
    });
  c.command('unset').argument('[args...]').description('Unset an individual value in a kubeconfig file.')
    .action((args: string[]) => {
      if (args.length !== 1) throw unexpected('unset', args);
      loadKubeconfig(ctx.globals);
      saveKubeconfig(ctx.globals, cfg => setProperty(cfg, args[0]!, undefined, false));
      ctx.out.line(`Property "${args[0]}" unset.`);
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


/** The fields of client-go's clientcmd api.Config that `config set` and `unset` reach, by kubeconfig key. */
const ENTRY_FIELDS: Record<string, Record<string, 'string' | 'bool' | 'bytes' | 'strings'>> = {
  clusters: { server: 'string', 'tls-server-name': 'string', 'insecure-skip-tls-verify': 'bool', 'certificate-authority': 'string', 'certificate-authority-data': 'bytes', 'proxy-url': 'string', 'disable-compression': 'bool' },
  users: { 'client-certificate': 'string', 'client-certificate-data': 'bytes', 'client-key': 'string', 'client-key-data': 'bytes', token: 'string', tokenFile: 'string', as: 'string', 'as-uid': 'string', 'as-groups': 'strings', username: 'string', password: 'string' },
  contexts: { cluster: 'string', user: 'string', namespace: 'string' },
};
/** `config set` (value) and `config unset` (undefined) of a dotted property name. */
function setProperty(cfg: Kubeconfig, prop: string, value: string | undefined, rawBytes: boolean): void {
  const parts = prop.split('.');
  const fail = (): never => { throw new CliError(`unable to parse ${prop} after [] at api.Config`); };
  if (parts[0] === 'current-context' && parts.length === 1) { cfg['current-context'] = value ?? ''; return; }
  if (parts[0] === 'preferences') { if (parts.length === 1 && value === undefined) cfg.preferences = {}; else fail(); return; }
  const fields = ENTRY_FIELDS[parts[0]!];
  if (!fields || parts.length < 2) return fail();
  const list = cfg[parts[0] as 'clusters' | 'users' | 'contexts'] as { name: string; [k: string]: any }[];
  const inner = parts[0] === 'clusters' ? 'cluster' : parts[0] === 'users' ? 'user' : 'context';
  let e = list.find(x => x.name === parts[1]);
  if (parts.length === 2) {
    if (value !== undefined) throw new CliError(`can't set a map to a value: map[]`);
    if (e) list.splice(list.indexOf(e), 1);
    return;
  }
  const field = parts.slice(2).join('.');
  const type = fields[field];
  if (!type) throw new CliError(`unable to locate path ${parts[2]} under map[string]*api.${inner[0]!.toUpperCase() + inner.slice(1)}`);
  if (value === undefined) { if (e) delete e[inner][field]; return; }
  if (!e) { e = { name: parts[1]!, [inner]: {} }; list.push(e); }
  if (type === 'bool') {
    if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value)) throw new CliError(`strconv.ParseBool: parsing "${value}": invalid syntax`);
    e[inner][field] = /^(1|t|T|TRUE|true|True)$/.test(value);
  } else if (type === 'bytes') {
    e[inner][field] = rawBytes ? Buffer.from(value).toString('base64') : value;
  } else if (type === 'strings') {
    e[inner][field] = value.split(',');
  } else e[inner][field] = value;
}
