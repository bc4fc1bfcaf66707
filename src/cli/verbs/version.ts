import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession } from './common';
import { CliError } from '../../api/errors';
import { goJSON } from '../printers/json';
import { goYAML } from '../printers/yaml';

const CLIENT = { major: '1', minor: '33', gitVersion: 'v1.33.1', gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828', gitTreeState: 'clean', buildDate: '2025-05-15T08:27:33Z', goVersion: 'go1.24.2', compiler: 'gc', platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}` };
const KUSTOMIZE = 'v5.6.0';

export function register(program: Command, ctx: VerbContext): void {
  program.command('version')
    .description('Print the client and server version information.')
    .option('--client', 'If true, shows client version only (no server required).', false)
    .option('-o, --output <format>', "One of 'yaml' or 'json'.")
    .argument('[args...]')
    .action((args: string[], opts: any) => {
      if (args.length) throw new CliError(`extra arguments: [${args.join(' ')}]`);
      if (opts.output && !['yaml', 'json'].includes(opts.output)) throw new CliError(`--output must be 'yaml' or 'json'`);
      let server: any;
      if (!opts.client) {
        const s = openSession(ctx);
        try { s.step(() => undefined); } finally { s.close(); }
        server = (require('./raw') as typeof import('./raw')).serverVersion(); // what /version answers
      }
      if (opts.output) {
        const v: any = { clientVersion: CLIENT, kustomizeVersion: KUSTOMIZE };
        if (server) v.serverVersion = server;
        ctx.out.out(opts.output === 'json' ? orderedJSON(v) + '\n' : goYAML(v) + '\n'); // Println of yaml.Marshal: a blank line ends it
        return;
      }
      ctx.out.line(`Client Version: ${CLIENT.gitVersion}`);
      ctx.out.line(`Kustomize Version: ${KUSTOMIZE}`);
      if (server) ctx.out.line(`Server Version: ${server.gitVersion}`);
    });
}
function orderedJSON(v: any): string {
  // kubectl prints version info from a typed struct: field order, 2-space indent.
  return JSON.stringify(v, null, 2);
}
void goJSON;
