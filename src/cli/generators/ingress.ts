// kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]] [--class] [--default-backend] [--annotation]
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, collectArray, BuildCtx } from './common';

const RULE_RE = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

function backendPort(p: string): any {
  return /^[+-]?\d+$/.test(p) && Math.abs(Number(p)) <= 2147483647 ? { number: Number(p) } : { name: p };
}
function backend(svc: string): any {
  const [name, port] = svc.split(':');
  return { service: { name, port: backendPort(port ?? '') } };
}
function httpPath(pathsvc: string): any {
  const parts = pathsvc.split('=');
  let path = '/' + parts[0];
  let pathType = 'Exact';
  if (path.endsWith('*')) { pathType = 'Prefix'; path = path.slice(0, -1); }
  return { path, pathType, backend: backend(parts[1]!) };
}

export function register(create: Command, ctx: VerbContext): void {
  create.command('ingress').alias('ing').description('Create an ingress with the specified name')
    .argument('[args...]')
    .option('--class <class>', 'Ingress Class to be used')
    .option('--rule <rule>', 'Rule in format host/path=service:port[,tls=secretname].', collectArray, [])
    .option('--default-backend <svc:port>', 'Default service for backend, in format of svcname:port')
    .option('--annotation <kv>', 'Annotation to insert in the ingress object, in the format annotation=value', collectArray, [])
    .action(action(ctx, {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', wrap: 'failed to create ingress: ',
      validate: opts => {
        if (!opts.defaultBackend && !opts.rule.length)
          throw new CliError('not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
        for (const r of opts.rule as string[]) if (!RULE_RE.test(r)) throw new CliError(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
        for (const a of opts.annotation as string[]) if (!a.includes('=')) throw new CliError(`annotation ${a} is invalid and should be in format key=[value]`);
        if (opts.defaultBackend && opts.defaultBackend.split(':').length !== 2) throw new CliError('default-backend should be in format servicename:serviceport');
      },
      build: (b: BuildCtx) => {
        const annotations: Record<string, string> = {};
        for (const a of b.opts.annotation as string[]) { const i = a.indexOf('='); annotations[a.slice(0, i)] = a.slice(i + 1); }
        const spec: any = {};
        if (b.opts.class) spec.ingressClassName = b.opts.class;
        if (b.opts.defaultBackend) spec.defaultBackend = backend(b.opts.defaultBackend);
        // TLS
        const tls: any[] = [];
        const seen = new Set<string>();
        for (const rule of b.opts.rule as string[]) {
          const t = rule.split(',');
          if (t.length !== 2) continue;
          const host = rule.split('/')[0]!;
          const sn = t[1]!.split('=');
          const secret = sn.length > 1 ? sn[1]! : '';
          const idx = tls.findIndex(x => (x.secretName ?? '') === secret);
          if (seen.has(host)) continue;
          if (idx > -1) { (tls[idx].hosts ??= []).push(host); seen.add(host); continue; }
          const entry: any = {};
          if (host) entry.hosts = [host];
          if (secret) entry.secretName = secret;
          if (entry.hosts || entry.secretName) tls.push(entry);
          seen.add(host);
        }
        if (tls.length) spec.tls = tls.map(x => { const o: any = {}; if (x.hosts) o.hosts = x.hosts; if (x.secretName) o.secretName = x.secretName; return o; });
        const rules: any[] = [];
        for (const rule of b.opts.rule as string[]) {
          const noTls = rule.split(',')[0]!;
          const slash = noTls.indexOf('/');
          const host = noTls.slice(0, slash);
          const p = httpPath(noTls.slice(slash + 1));
          const idx = rules.findIndex(r => (r.host ?? '') === host);
          if (idx > -1) { rules[idx].http.paths.push(p); continue; }
          const r: any = {};
          if (host) r.host = host;
          r.http = { paths: [p] };
          rules.push(r);
        }
        if (rules.length) spec.rules = rules;
        return {
          kind: 'Ingress', apiVersion: 'networking.k8s.io/v1',
          metadata: meta(b.name, { namespace: b.namespace, annotations }),
          spec, status: { loadBalancer: {} },
        };
      },
    }));
}
