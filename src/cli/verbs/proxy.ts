// kubectl proxy: needs an API server listening on a port to forward to. kctl's cluster answers in-process
// only, so proxy says so clearly (until a `kctl serve` exists).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, _ctx: VerbContext): void {
  program.command('proxy').description('Run a proxy to the Kubernetes API server.')
    .argument('[args...]')
    .option('-p, --port <port>', 'The port on which to run the proxy. Set to 0 to pick a random port.', '8001')
    .option('--address <address>', 'The IP address on which to serve on.', '127.0.0.1')
    .option('--accept-hosts <re>', 'Regular expression for hosts that the proxy should accept.')
    .option('--accept-paths <re>', 'Regular expression for paths that the proxy should accept.')
    .option('--reject-paths <re>', 'Regular expression for paths that the proxy should reject.')
    .option('--reject-methods <re>', 'Regular expression for HTTP methods that the proxy should reject.')
    .option('--api-prefix <prefix>', 'Prefix to serve the proxied API under.', '/')
    .option('-w, --www <dir>', 'Also serve static files from the given directory under the specified prefix.')
    .option('-P, --www-prefix <prefix>', 'Prefix to serve static files under, if static file directory is specified.', '/static/')
    .option('-u, --unix-socket <path>', 'Unix socket on which to run the proxy.')
    .option('--disable-filter', 'If true, disable request filtering in the proxy.', false)
    .option('--keepalive <d>', 'keepalive specifies the keep-alive period for an active network connection.', '0s')
    .option('--append-server-path', 'If true, enables automatic path appending of the kube context server path to each request.', false)
    .action(() => {
      throw new CliError('kctl proxy is not available: the simulated cluster has no HTTP API server to proxy to (kctl has no `kctl serve` yet); use kctl get --raw PATH for API paths');
    });
}
