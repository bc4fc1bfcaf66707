// kubectl top node|pod: usage as the resource metrics API (metrics-server) reports it, printed as
// k8s.io/kubectl/pkg/cmd/top and pkg/metricsutil do (CPU(cores) in m, MEMORY(bytes) in Mi, CPU%/MEMORY% of
// allocatable, sorting, --containers, --sum). Like a kind cluster, metrics exist only once metrics-server is
// installed (its APIService v1beta1.metrics.k8s.io; `kctl sim metrics-server on`): before that, kubectl's
// "Metrics API not available". Usage itself comes from src/kubelet/usage.ts (podUsage/containerUsage).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Runtime } from '../../sim/runtime';
import type { KObject } from '../../api/types';
import { openSession } from './common';
import { CliError, StatusError } from '../../api/errors';
import { byGroupResource } from '../../api/discovery';
import { parseSelector, matches, parseFieldSelector } from '../../api/selectors';

export function register(program: Command, ctx: VerbContext): void {
  const top = program.command('top').description('Display resource (CPU/memory) usage')
    .action(() => { ctx.out.err(top.helpInformation()); ctx.out.exitCode = 1; });
  top.command('node').aliases(['nodes', 'no'])
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--sort-by <field>', "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.", '')
    .option('--no-headers', 'If present, print output without headers')
    .option('--use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.', true)
    .option('--show-capacity', 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.', false)
    .action((args: string[], opts: NodeOpts) => topNode(ctx, args, opts));
  top.command('pod').aliases(['pods', 'po'])
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--field-selector <selector>', "Selector (field query) to filter on, supports '=', '==', and '!='.")
    .option('--sort-by <field>', "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.", '')
    .option('--containers', 'If present, print usage of containers within a pod.', false)
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.', false)
    .option('--no-headers', 'If present, print output without headers.')
    .option('--use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.', true)
    .option('--sum', 'Print the sum of the resource usage', false)
    .action((args: string[], opts: PodOpts) => topPod(ctx, args, opts));
}

/** The flags as commander parses them. */
interface NodeOpts { selector?: string; sortBy: string; headers?: boolean; useProtocolBuffers: boolean; showCapacity: boolean }
interface PodOpts {
  selector?: string; fieldSelector?: string; sortBy: string; containers: boolean; allNamespaces: boolean; headers?: boolean;
  useProtocolBuffers: boolean; sum: boolean;
}

// ------------------------------------------------------------------------------------------ metrics-server
// (what metrics-server reports is src/kubelet/usage.ts's, shared with kctl serve's metrics.k8s.io)
const MiB = 1024 * 1024;
interface Usage { cpuMilli: number; memoryBytes: number }
interface PodMetric { ns: string; name: string; containers: { name: string; usage: Usage }[] }

const usage = () => require('../../kubelet/usage') as typeof import('../../kubelet/usage');
function unavailable(what: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', `the server is currently unable to handle the request (get ${what}.metrics.k8s.io)`);
}
/** The PodMetrics metrics-server would return for a pod (undefined until its containers ran a whole window). */
function podMetric(rt: Runtime, pod: KObject): PodMetric | undefined {
  const m = usage().podMetrics(pod, rt);
  return m ? { ns: pod.metadata.namespace!, name: pod.metadata.name!, containers: m.containers } : undefined;
}

// ------------------------------------------------------------------------------------------ printing
function milli(q: unknown): number {
  const { parseQuantity } = require('../../util/quantity') as typeof import('../../util/quantity');
  return Math.ceil(parseQuantity(String(q ?? 0)) * 1000);
}
function bytes(q: unknown): number {
  const { parseQuantity } = require('../../util/quantity') as typeof import('../../util/quantity');
  return Math.ceil(parseQuantity(String(q ?? 0)));
}
const cpuText = (m: number) => `${m}m`;
const memText = (b: number) => `${Math.trunc(b / MiB)}Mi`;
function tab(lines: string[]): string {
  const { tabwrite, GET_TABLE } = require('../printers/tabwriter') as typeof import('../printers/tabwriter');
  return tabwrite(lines.join(''), GET_TABLE);
}
function goSort<T>(xs: T[], less: (a: T, b: T) => boolean): void {
  (require('../printers/sortby') as typeof import('../printers/sortby')).goSort(xs, less);
}

function topNode(ctx: VerbContext, args: string[], opts: NodeOpts): void {
  let name: string | undefined;
  if (args.length === 1) name = args[0];
  else if (args.length > 1) throw new CliError("node [NAME | -l label]\nSee 'kctl top node -h' for help and examples");
  if (opts.sortBy && opts.sortBy !== 'cpu' && opts.sortBy !== 'memory') throw new CliError('--sort-by accepts only cpu or memory');
  if (name && opts.selector) throw new CliError('only one of NAME or --selector can be provided');
  const sel = opts.selector ? parseSelector(opts.selector) : undefined;
  const s = openSession(ctx);
  try {
    const text = s.step(rt => {
      if (!usage().metricsAvailable(rt)) throw new CliError('Metrics API not available');
      const since = usage().metricsServerReadySince(rt);
      if (since === undefined) throw unavailable('nodes');
      const nodeRi = byGroupResource('', 'nodes')!;
      let nodes: KObject[];
      if (name) {
        const n = rt.api.tryGet(nodeRi, undefined, name);
        if (!n) throw new StatusError(404, 'NotFound', `nodemetrics.metrics.k8s.io "${name}" not found`);
        nodes = [n];
      } else nodes = rt.api.list(nodeRi, undefined).filter(n => !sel || matches(sel, n.metadata.labels));
      const measured = usage().measuredNodes(rt, nodes, since);
      if (!measured.length) {
        if (name) throw new StatusError(404, 'NotFound', `nodemetrics.metrics.k8s.io "${name}" not found`);
        throw new CliError('metrics not available yet');
      }
      const pods = rt.api.list(byGroupResource('', 'pods')!, undefined);
      const rows = measured.map(n => ({ name: n.metadata.name!, usage: usage().nodeUsage(rt, n, pods) }));
      goSort(rows, (a, b) => opts.sortBy === 'cpu' ? a.usage.cpuMilli > b.usage.cpuMilli : opts.sortBy === 'memory' ? a.usage.memoryBytes > b.usage.memoryBytes : a.name < b.name);
      const avail = new Map(nodes.map(n => [n.metadata.name!, opts.showCapacity ? n.status?.capacity : n.status?.allocatable]));
      const lines: string[] = [];
      if (opts.headers !== false) lines.push('NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n');
      for (const r of rows) {
        const a = avail.get(r.name) ?? {};
        const cpuPct = Math.trunc((r.usage.cpuMilli / milli(a.cpu)) * 100);
        const memPct = Math.trunc((r.usage.memoryBytes / bytes(a.memory)) * 100);
        lines.push(`${r.name}\t${cpuText(r.usage.cpuMilli)}\t${cpuPct}%\t${memText(r.usage.memoryBytes)}\t${memPct}%\t\n`);
        avail.delete(r.name);
      }
      for (const n of avail.keys()) lines.push(`${n}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`);
      return tab(lines);
    });
    ctx.out.out(text);
  } finally { s.close(); }
}

function topPod(ctx: VerbContext, args: string[], opts: PodOpts): void {
  let name: string | undefined;
  if (args.length === 1) name = args[0];
  else if (args.length > 1) throw new CliError("pod [NAME | -l label]\nSee 'kctl top pod -h' for help and examples");
  if (opts.sortBy && opts.sortBy !== 'cpu' && opts.sortBy !== 'memory') throw new CliError('--sort-by accepts only cpu or memory');
  if (name && (opts.selector || opts.fieldSelector)) throw new CliError('only one of NAME or selector can be provided');
  const sel = opts.selector ? parseSelector(opts.selector) : undefined;
  const fsel = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
  const s = openSession(ctx);
  try {
    const text = s.step(rt => {
      if (!usage().metricsAvailable(rt)) throw new CliError('Metrics API not available');
      if (usage().metricsServerReadySince(rt) === undefined) throw unavailable('pods');
      const ns = opts.allNamespaces ? undefined : s.namespace;
      const podRi = byGroupResource('', 'pods')!;
      let metrics: PodMetric[];
      if (name) {
        const p = rt.api.tryGet(podRi, ns, name);
        const m = p ? podMetric(rt, p) : undefined;
        if (!m) throw new StatusError(404, 'NotFound', `podmetrics.metrics.k8s.io "${ns}/${name}" not found`);
        metrics = [m];
      } else {
        const pods = rt.api.list(podRi, ns, { labelSelector: sel, fieldSelector: fsel });
        metrics = pods.map(p => podMetric(rt, p)).filter((m): m is PodMetric => !!m);
        if (!metrics.length) {
          // verifyEmptyMetrics
          const all = rt.api.list(podRi, s.namespace, { labelSelector: sel, fieldSelector: fsel });
          if (all.length) {
            const { goDurationString } = require('../goflags') as typeof import('../goflags');
            for (const p of all) {
              const age = rt.clock.now() - Date.parse(p.metadata.creationTimestamp!);
              if (age > 120_000) throw new CliError(`Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDurationString(age)}`);
            }
            throw new CliError('metrics not available yet');
          }
          ctx.out.err(opts.allNamespaces ? 'No resources found' : `No resources found in ${s.namespace} namespace.`);
          return '';
        }
      }
      return printPods(metrics, !!opts.containers, !!opts.allNamespaces, opts.headers === false, opts.sortBy, !!opts.sum);
    });
    ctx.out.out(text);
  } finally { s.close(); }
}

function printPods(metrics: PodMetric[], containers: boolean, withNs: boolean, noHeaders: boolean, sortBy: string, sum: boolean): string {
  const total = (m: PodMetric): Usage => m.containers.reduce((a, c) => ({ cpuMilli: a.cpuMilli + c.usage.cpuMilli, memoryBytes: a.memoryBytes + c.usage.memoryBytes }), { cpuMilli: 0, memoryBytes: 0 });
  const lines: string[] = [];
  let width = 3;
  if (!noHeaders) {
    let h = '';
    if (withNs) { h += 'NAMESPACE\t'; width++; }
    if (containers) { h += 'POD\t'; width++; }
    lines.push(h + 'NAME\tCPU(cores)\tMEMORY(bytes)\t\n');
  }
  goSort(metrics, (a, b) => {
    if (sortBy === 'cpu') return total(a).cpuMilli > total(b).cpuMilli;
    if (sortBy === 'memory') return total(a).memoryBytes > total(b).memoryBytes;
    if (withNs && a.ns !== b.ns) return a.ns < b.ns;
    return a.name < b.name;
  });
  const line = (name: string, u: Usage) => `${name}\t${cpuText(u.cpuMilli)}\t${memText(u.memoryBytes)}\t\n`;
  for (const m of metrics) {
    if (containers) {
      const cs = [...m.containers];
      goSort(cs, (a, b) => sortBy === 'cpu' ? a.usage.cpuMilli > b.usage.cpuMilli : sortBy === 'memory' ? a.usage.memoryBytes > b.usage.memoryBytes : a.name < b.name);
      for (const c of cs) lines.push(`${withNs ? `${m.ns}\t` : ''}${m.name}\t` + line(c.name, c.usage));
    } else lines.push(`${withNs ? `${m.ns}\t` : ''}` + line(m.name, total(m)));
  }
  if (sum) {
    const t = metrics.reduce((a, m) => { const u = total(m); return { cpuMilli: a.cpuMilli + u.cpuMilli, memoryBytes: a.memoryBytes + u.memoryBytes }; }, { cpuMilli: 0, memoryBytes: 0 });
    lines.push('\t'.repeat(width - 2) + '________\t________\t\n');
    lines.push('\t'.repeat(width - 3) + line('', t));
  }
  return tab(lines);
}
