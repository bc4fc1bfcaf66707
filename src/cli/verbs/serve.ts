// kctl serve: the cluster behind the Kubernetes HTTP API (src/server/), for real kubectl, client libraries
// and controllers. Runs until interrupted.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';

export function register(program: Command, ctx: VerbContext): void {
  program.command('serve')
    .description('Serve the cluster over the Kubernetes HTTP API (HTTPS with a self-signed CA and a bearer token), writing a kubeconfig for it.')
    .option('--address <ip>', 'The IP address to listen on (loopback unless said otherwise).', '127.0.0.1')
    .option('--port <port>', 'The port to listen on (0: any free port).', '6443')
    .option('--kubeconfig-out <file>', 'Where to write the kubeconfig that reaches the server (default $KCTL_HOME/serve-<cluster>.kubeconfig).')
    .option('--insecure-http', 'Serve plain HTTP instead of HTTPS (still with the bearer token).', false)
    .action((opts: any) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid argument "${opts.port}" for "--port" flag: must be a port number`);
      const { serve } = require('../../server/serve') as typeof import('../../server/serve');
      const { Session } = require('../session') as typeof import('../session');
      serve(new Session(ctx.globals, ctx.out), { address: opts.address, port, kubeconfigOut: opts.kubeconfigOut, http: !!opts.insecureHttp });
    });
}
