// Long-running programs the catalog's images run: servers (nginx…) and image entrypoints. A server
// listens on its ports and answers requests through src/runtime/net.ts; between requests it sleeps.
import type { CmdCtx, CmdResult } from '../types';
import { register, onSignal } from './index';

/** nginx's official image entrypoint: the /docker-entrypoint.d lines, then exec of its arguments. */
function nginxEntrypoint(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (c.st.pid === undefined) {
    if (args[0] === 'nginx' || args[0] === 'nginx-debug') {
      for (const line of [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
        '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
      ]) c.write(line + '\n');
    }
    if (!args.length) return 0;
    // exec "$@"
    const r = c.sys.exec(args);
    if (r !== 'ok') { c.err(`/docker-entrypoint.sh: exec: line 47: ${args[0]}: not found`); return 127; }
    return 0;
  }
  return 0;
}

/** The default process of an image kctl knows nothing about: it runs until it is stopped. */
function idle(): CmdResult { return { block: { forever: true } }; }
onSignal('idle', sig => (sig === 15 || sig === 2 || sig === 3 ? 0 : undefined));

register({ 'docker-entrypoint-nginx': nginxEntrypoint, idle });
// nginx itself: nginx.ts
