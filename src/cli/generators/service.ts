// kubectl create service clusterip|nodeport|loadbalancer|externalname NAME [--tcp=port:targetPort]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, collectSlice, BuildCtx, FlagError, groupHelp } from './common';
import { strMap } from './typed-json';

type SvcType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

function parsePortNumber(s: string): number {
  if (!/^\d+$/.test(s)) throw new CliError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new CliError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}
function portNameErrors(p: string): string[] {
  const errs: string[] = [];
  if (p.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(p)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(p)) errs.push('must contain at least one letter (a-z)');
  if (p.includes('--')) errs.push('must not contain consecutive hyphens');
  if (p.length > 0 && (p.startsWith('-') || p.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}
function parsePorts(spec: string): [number, number | string] {
  const parts = spec.split(':');
  const port = parsePortNumber(parts[0]!);
  if (parts.length === 1) return [port, port];
  const t = parts[1]!;
  if (/^[+-]?\d+$/.test(t) && Math.abs(Number(t)) < 2 ** 63) {
    const n = Number(t);
    if (n < 1 || n > 65535) throw new CliError('must be between 1 and 65535, inclusive');
    return [port, n];
  }
  const errs = portNameErrors(t);
  if (errs.length) throw new CliError(errs.join(','));
  return [port, t];
}
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function gen(type: SvcType) {
  return {
    apiVersion: 'v1', kind: 'Service', wrap: `failed to create ${type} service: `,
    validate: (opts: any) => {
      if (opts.clusterip === 'None' && type !== 'ClusterIP') throw new CliError('ClusterIP=None can only be used with ClusterIP service type');
      if (opts.clusterip !== 'None' && !opts.tcp.length && type !== 'ExternalName') throw new CliError('at least one tcp port specifier must be provided');
      if (type === 'ExternalName' && !(opts.externalName.length <= 253 && DNS1123_SUBDOMAIN.test(opts.externalName)))
        throw new CliError(`invalid service external name ${opts.externalName}`);
    },
    build: (b: BuildCtx) => {
      const nodePort = b.opts.nodePort !== undefined ? Number(b.opts.nodePort) : 0;
      const ports = (b.opts.tcp as string[]).map(spec => {
        const [port, targetPort] = parsePorts(spec);
        const p: any = { name: spec.replace(/:/g, '-'), protocol: 'TCP', port, targetPort };
        if (nodePort) p.nodePort = nodePort;
        return p;
      });
      const spec: any = {};
      if (ports.length) spec.ports = ports;
      spec.selector = strMap({ app: b.name });
      if (b.opts.clusterip) spec.clusterIP = b.opts.clusterip;
      spec.type = type;
      if (b.opts.externalName) spec.externalName = b.opts.externalName;
      return { kind: 'Service', apiVersion: 'v1', metadata: meta(b.name, { namespace: b.namespace, labels: { app: b.name } }), spec, status: { loadBalancer: {} } };
    },
  };
}

export function register(create: Command, ctx: VerbContext): void {
  const svc = create.command('service').alias('svc').description('Create a service using a specified subcommand.')
    .action(groupHelp(ctx, `Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kctl create service [flags] [options]

Use "kctl create service <command> --help" for more information about a given command.
Use "kctl options" for a list of global command-line options (applies to all commands).
`));
  const tcp = (c: Command) => c.option('--tcp <port:targetPort>', "Port pairs can be specified as '<port>:<targetPort>'.", collectSlice, []);
  tcp(svc.command('clusterip').description('Create a ClusterIP service').argument('[args...]'))
    .option('--clusterip <ip>', "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).")
    .action(action(ctx, gen('ClusterIP')));
  tcp(svc.command('nodeport').description('Create a NodePort service').argument('[args...]'))
    .option('--node-port <port>', 'Port used to expose the service on each node in a cluster.')
    .action(action(ctx, opts => {
      if (opts.nodePort !== undefined && !/^[+-]?\d+$/.test(opts.nodePort))
        throw new FlagError(`invalid argument "${opts.nodePort}" for "--node-port" flag: strconv.ParseInt: parsing "${opts.nodePort}": invalid syntax`);
      return gen('NodePort');
    }));
  tcp(svc.command('loadbalancer').description('Create a LoadBalancer service').argument('[args...]'))
    .action(action(ctx, gen('LoadBalancer')));
  tcp(svc.command('externalname').description('Create an ExternalName service').argument('[args...]'))
    .requiredOption('--external-name <name>', 'External name of service')
    .action(action(ctx, gen('ExternalName')));
}
