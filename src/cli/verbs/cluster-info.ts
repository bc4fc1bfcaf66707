import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, collectCsv } from './common';
import type { KObject } from '../../api/types';

export function register(program: Command, ctx: VerbContext): void {
  const c = program.command('cluster-info').description('Display cluster information.')
    .action(() => {
      const s = openSession(ctx);
      try {
        s.step(() => undefined);
        // kubectl colours these; kctl prints plain text when not on a terminal.
        const tty = process.stdout.isTTY && !process.env.NO_COLOR;
        const g = (t: string) => (tty ? `\x1b[0;32m${t}\x1b[0m` : t);
        const y = (t: string) => (tty ? `\x1b[0;33m${t}\x1b[0m` : t);
        ctx.out.line(`${g('Kubernetes control plane')} is running at ${y(s.server)}`);
        ctx.out.line(`${g('CoreDNS')} is running at ${y(`${s.server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`)}`);
        ctx.out.line('');
        ctx.out.line(`To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`);
      } finally { s.close(); }
    });
  c.command('dump').description('Dump relevant information for debugging and diagnosis.')
    .option('-A, --all-namespaces', 'If true, dump all namespaces.  If true, --namespaces is ignored.', false)
    .option('--namespaces <list>', 'A comma separated list of namespaces to dump.', collectCsv, [])
    .option('-o, --output <format>', 'Output format.', 'json')
    .option('--output-directory <dir>', 'Where to output the files.  If empty or \'-\' uses stdout, otherwise creates a directory hierarchy in that directory')
    .option('--pod-running-timeout <d>', 'The length of time to wait for at least one pod to be running', '20s')
    .action((opts: any) => dump(ctx, opts));
}

/**
 * kubectl cluster-info dump: nodes, then per namespace (kube-system and the current one, or --namespaces,
 * or all) its events, replication controllers, services, daemon sets, deployments, replica sets and pods as
 * typed lists, then each container's log between START/END lines; to stdout or a directory of files.
 * kctl's containers keep no logs yet, so the log sections are empty.
 */
function dump(ctx: VerbContext, opts: any): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const { parseOutput, printObjects } = require('../printers') as typeof import('../printers');
  const { typedJSON, reorder } = require('../generators/typed-json') as typeof import('../generators/typed-json');
  const { byGroupResource } = require('../../api/discovery') as typeof import('../../api/discovery');
  const fmt = parseOutput(opts.output, 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml');
  const ext = fmt.format === 'json' ? '.json' : fmt.format === 'yaml' ? '.yaml' : '.txt';
  const dir: string | undefined = opts.outputDirectory && opts.outputDirectory !== '-' ? opts.outputDirectory : undefined;
  const write = (name: string, suffix: string, text: string) => {
    if (!dir) { ctx.out.out(text); return; }
    const file = path.join(dir, name + suffix);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, text);
  };
  const s = openSession(ctx);
  try {
    const data = s.step(rt => {
      const list = (group: string, plural: string, ns?: string) => rt.api.list(byGroupResource(group, plural)!, ns);
      const nodes = list('', 'nodes');
      const namespaces: string[] = opts.allNamespaces ? list('', 'namespaces').map(n => n.metadata.name!)
        : opts.namespaces.length ? opts.namespaces : ['kube-system', s.namespace];
      const perNs = namespaces.map(ns => ({
        ns,
        lists: ([['events', '', 'events', 'EventList'], ['replication-controllers', '', 'replicationcontrollers', 'ReplicationControllerList'],
          ['services', '', 'services', 'ServiceList'], ['daemonsets', 'apps', 'daemonsets', 'DaemonSetList'], ['deployments', 'apps', 'deployments', 'DeploymentList'],
          ['replicasets', 'apps', 'replicasets', 'ReplicaSetList'], ['pods', '', 'pods', 'PodList']] as const)
          .map(([file, group, plural, kind]) => ({ file, kind, apiVersion: group ? `${group}/v1` : 'v1', items: list(group, plural, ns) })),
      }));
      return { nodes, perNs, rv: rt.api.resourceVersion() };
    });
    // a typed list, as client-go returns it: items without kind and apiVersion
    const typedList = (kind: string, apiVersion: string, items: KObject[]) =>
      ({ kind, apiVersion, metadata: { resourceVersion: data.rv }, items: items.map(({ kind: _k, apiVersion: _a, metadata, ...rest }) => ({ metadata: reorder(metadata, 'ObjectMeta'), ...rest })) });
    const print = (obj: any) => (fmt.format === 'json' ? typedJSON(obj) + '\n' : printObjects(fmt, [{ obj }], true));
    write('nodes', ext, print(typedList('NodeList', 'v1', data.nodes)));
    for (const { ns, lists } of data.perNs) {
      for (const l of lists) write(path.join(ns, l.file), ext, print(typedList(l.kind, l.apiVersion, l.items)));
      for (const pod of lists.find(l => l.file === 'pods')!.items) {
        const spec = (pod.spec ?? {}) as any;
        for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
          write(path.join(ns, pod.metadata.name!, 'logs'), '.txt',
            `==== START logs for container ${c.name} of pod ${ns}/${pod.metadata.name} ====\n==== END logs for container ${c.name} of pod ${ns}/${pod.metadata.name} ====\n`);
        }
      }
    }
    ctx.out.line(`Cluster info dumped to ${dir ?? 'standard output'}`);
  } finally { s.close(); }
}
