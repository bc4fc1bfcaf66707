// Long-running programs the catalog's images run: servers (nginx…) and image entrypoints. A server
// listens on its ports and answers requests through src/runtime/net.ts; between requests it sleeps.
import type { CmdCtx, CmdResult } from '../types';
import { register, onSignal, memoryOf } from './index';
import { strftime } from './core';

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

/** nginx -g 'daemon off;': start-up notices on stderr, then serve port 80 until told to stop. */
function nginx(c: CmdCtx): CmdResult {
  const args = c.argv.slice(1);
  if (args.includes('-v')) { c.err('nginx version: nginx/1.27.3'); return 0; }
  if (args.includes('-t')) { c.err('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful'); return 0; }
  if (!c.st.up) {
    const t = strftime('%Y/%m/%d %H:%M:%S', c.now());
    if (c.sys.listen(80) !== 'ok') {
      c.err(`${t} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)`);
      c.err('nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)');
      return 1;
    }
    const pid = c.proc.pid;
    for (const l of [
      `${t} [notice] ${pid}#${pid}: using the "epoll" event method`,
      `${t} [notice] ${pid}#${pid}: nginx/1.27.3`,
      `${t} [notice] ${pid}#${pid}: built by gcc 12.2.0 (Debian 12.2.0-14) `,
      `${t} [notice] ${pid}#${pid}: OS: Linux 6.8.0-1021-gcp`,
      `${t} [notice] ${pid}#${pid}: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${t} [notice] ${pid}#${pid}: start worker processes`,
    ]) c.err(l);
    for (let i = 0; i < 8; i++) c.err(`${t} [notice] ${pid}#${pid}: start worker process ${pid + 28 + i}`);
    c.st.up = 1;
  }
  return { block: { forever: true } };
}
onSignal('nginx', (sig, c) => {
  const t = strftime('%Y/%m/%d %H:%M:%S', c.now());
  const pid = c.proc.pid;
  if (sig === 3 || sig === 15 || sig === 2) {
    const name = sig === 3 ? 'SIGQUIT' : sig === 15 ? 'SIGTERM' : 'SIGINT';
    c.err(`${t} [notice] ${pid}#${pid}: signal ${sig} (${name}) received from 0, ${sig === 3 ? 'shutting down' : 'exiting'}`);
    for (let i = 0; i < 8; i++) c.err(`${t} [notice] ${pid + 28 + i}#${pid + 28 + i}: ${sig === 3 ? 'gracefully shutting down' : 'exiting'}`);
    for (let i = 0; i < 8; i++) c.err(`${t} [notice] ${pid + 28 + i}#${pid + 28 + i}: exit`);
    c.err(`${t} [notice] ${pid}#${pid}: signal 17 (SIGCHLD) received from ${pid + 35}`);
    c.err(`${t} [notice] ${pid}#${pid}: exit`);
    return 0;
  }
  return 'ignore';
});
memoryOf('nginx', 6 * 1024 * 1024);

/** The default process of an image kctl knows nothing about: it runs until it is stopped. */
function idle(): CmdResult { return { block: { forever: true } }; }
onSignal('idle', sig => (sig === 15 || sig === 2 || sig === 3 ? 0 : undefined));

register({ 'docker-entrypoint-nginx': nginxEntrypoint, nginx, idle });
