// kubectl proxy: the cluster's API on a local plain-HTTP port (default 127.0.0.1:8001), every request made as
// the kubeconfig's user, with kubectl's request filter (accepted hosts and paths, rejected paths and methods).
// The server is `kctl serve`'s (src/server/serve.ts); as k8s.io/kubectl/pkg/cmd/proxy.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, ctx: VerbContext): void {
  program.command('proxy').description('Run a proxy to the Kubernetes API server.')
    .argument('[args...]')
    .option('-p, --port <port>', 'The port on which to run the proxy. Set to 0 to pick a random port.', '8001')
    .option('--address <address>', 'The IP address on which to serve on.', '127.0.0.1')
    .option('--accept-hosts <re>', 'Regular expression for hosts that the proxy should accept.', '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$')
    .option('--accept-paths <re>', 'Regular expression for paths that the proxy should accept.', '^.*')
    .option('--reject-paths <re>', 'Regular expression for paths that the proxy should reject.', '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach')
    .option('--reject-methods <re>', 'Regular expression for HTTP methods that the proxy should reject.', '^$')
    .option('--api-prefix <prefix>', 'Prefix to serve the proxied API under.', '/')
    .option('-w, --www <dir>', 'Also serve static files from the given directory under the specified prefix.')
    .option('-P, --www-prefix <prefix>', 'Prefix to serve static files under, if static file directory is specified.', '/static/')
    .option('-u, --unix-socket <path>', 'Unix socket on which to run the proxy.')
    .option('--disable-filter', 'If true, disable request filtering in the proxy.', false)
    .option('--keepalive <d>', 'keepalive specifies the keep-alive period for an active network connection.', '0s')
    .option('--append-server-path', 'If true, enables automatic path appending of the kube context server path to each request.', false)
    .action((args: string[], opts: any) => {
      if (args.length) throw new CliError(`unknown command "${args[0]}" for "kctl proxy"`);
      if (opts.unixSocket) throw new CliError('kctl proxy --unix-socket is not supported: kctl serves on a TCP port (--port)');
      if (opts.www) throw new CliError('kctl proxy --www is not supported: kctl proxies the API only');
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid argument "${opts.port}" for "-p, --port" flag: strconv.ParseInt: parsing "${opts.port}": invalid syntax`);
      const { proxy } = require('../../server/serve') as typeof import('../../server/serve');
      const { Session } = require('../session') as typeof import('../session');
      proxy(new Session(ctx.globals, ctx.out), { address: opts.address, port, prefix: opts.apiPrefix, acceptHosts: opts.acceptHosts, acceptPaths: opts.acceptPaths, rejectPaths: opts.rejectPaths, rejectMethods: opts.rejectMethods, disableFilter: !!opts.disableFilter });
    });
}
