// kctl's own verb: the simulated clock, and what happens to a real cluster that no kubectl command does.
//   kctl sim advance DURATION   move the cluster clock forward (timers fire on the way)
//   kctl sim now                print the cluster's time
//   kctl sim freeze [TIME]      stop the clock (for deterministic scripts); `kctl sim unfreeze` restarts it
//   kctl sim node add NAME [--cpu --memory --pods --labels --taints --role]   a node joins
//   kctl sim node remove NAME   the Node is deleted (its pods go as the pod GC removes orphans)
//   kctl sim node down NODE     the kubelet stops (node failure); `kctl sim node up NODE` brings it back
//   kctl sim node pressure NODE memory|disk|pid [--available Q] [--off]   resource pressure on a node
//   kctl sim crash POD [-c CONTAINER] [--exit-code N]   a container's process dies
//   kctl sim chaos --seed N ...  random crashes and node failures at a rate, reproducibly
//   kctl sim metrics-server on|off   install metrics-server (metrics.k8s.io), as a kind user would
//   kctl sim usage annotations|default   container usage from pod annotations (sim.kctl.io/usage), for tests
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession } from './common';
import { CliError } from '../../api/errors';
import { toISO } from '../../sim/clock';
import type { Runtime } from '../../sim/runtime';
import { parseQuantity } from '../../util/quantity';

export function parseDuration(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s|d)/g;
  let total = 0, used = 0, m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60000 : m[2] === 'h' ? n * 3600000 : n * 86400000;
    used += m[0].length;
  }
  if (!s || used !== s.length) throw new CliError(`invalid duration "${s}": use a form such as 90s, 5m, 1h30m`);
  return total;
}

export function register(program: Command, ctx: VerbContext): void {
  const sim = program.command('sim').description('Control the simulated cluster: its clock, its nodes, failures.');
  sim.command('advance').argument('<duration>').description('Move the cluster clock forward; everything due on the way happens in order.')
    .action((d: string) => {
      const ms = parseDuration(d);
      const s = openSession(ctx);
      s.requireWritable();
      try {
        const now = s.step(rt => {
          rt.clock.advance(ms);
          rt.catchUp();
          return rt.clock.now();
        });
        ctx.out.line(`cluster clock advanced by ${d} to ${toISO(now)}`);
      } finally { s.close(); }
    });
  sim.command('now').description("Print the cluster clock's time.").action(() => {
    const s = openSession(ctx);
    try { ctx.out.line(toISO(s.step(rt => rt.clock.now()))); } finally { s.close(); }
  });
  sim.command('freeze').argument('[time]').description('Stop the cluster clock (at TIME, RFC3339, or now).').action((t?: string) => {
    const s = openSession(ctx);
    s.requireWritable();
    try {
      const at = s.step(rt => {
        const ms = t ? Date.parse(t) : rt.clock.now();
        if (Number.isNaN(ms)) throw new CliError(`invalid time "${t}": use RFC3339, e.g. 2026-01-01T00:00:00Z`);
        rt.clock.freeze(ms);
        rt.catchUp();
        return ms;
      });
      ctx.out.line(`cluster clock frozen at ${toISO(at)}`);
    } finally { s.close(); }
  });
  sim.command('metrics-server').argument('<on|off>').description('Install or remove metrics-server (serves metrics.k8s.io for the HPA and top).')
    .action((v: string) => {
      if (v !== 'on' && v !== 'off') throw new CliError(`invalid argument "${v}": use on or off`);
      const s = openSession(ctx);
      try {
        const { setMetricsServer } = require('../../cluster/addons') as typeof import('../../cluster/addons');
        const changed = s.step(rt => setMetricsServer(rt, v === 'on'));
        ctx.out.line(v === 'on' ? (changed ? 'metrics-server installed' : 'metrics-server already installed') : (changed ? 'metrics-server removed' : 'metrics-server not installed'));
      } finally { s.close(); }
    });
  sim.command('usage').argument('<annotations|default>').description('Where container usage comes from: pod annotations sim.kctl.io/usage (cpu=250m,memory=64Mi), or the runtime.')
    .action((v: string) => {
      if (v !== 'annotations' && v !== 'default') throw new CliError(`invalid argument "${v}": use annotations or default`);
      const s = openSession(ctx);
      try {
        s.step(rt => rt.store.setMeta('sim/usage', v === 'annotations' ? 'annotations' : ''));
        ctx.out.line(v === 'annotations' ? 'container usage from pod annotations (sim.kctl.io/usage)' : 'container usage from the runtime');
      } finally { s.close(); }
    });
  sim.command('unfreeze').description('Let the cluster clock run again from where it stands.').action(() => {
    const s = openSession(ctx);
    s.requireWritable();
    try {
      s.step(rt => rt.clock.unfreeze());
      ctx.out.line('cluster clock running');
    } finally { s.close(); }
  });
  registerNode(sim, ctx);
  registerCrash(sim, ctx);
}

/** One step against the cluster, then print its lines. */
function stepLines(ctx: VerbContext, fn: (rt: Runtime, clusterName: string) => string[]): void {
  const s = openSession(ctx);
  try {
    const lines = s.step(rt => fn(rt, s.clusterName));
    for (const l of lines) ctx.out.line(l);
  } finally { s.close(); }
}
const nodeRi = () => require('../../api/discovery').byGroupResource('', 'nodes');
function requireNode(rt: Runtime, name: string): void {
  rt.api.get(nodeRi(), undefined, name);
}
function quantityFlag(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (Number.isNaN(parseQuantity(v)) || parseQuantity(v) < 0) throw new CliError(`invalid argument "${v}" for "--${flag}" flag: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  return v;
}

function registerNode(sim: Command, ctx: VerbContext): void {
  const node = sim.command('node').description('Add, remove, fail and restore nodes; put them under resource pressure.');
  node.command('add').argument('<name>').description('A node joins the cluster (as kind adds one: address, pod CIDR, kubelet, kube-proxy and kindnet).')
    .option('--cpu <quantity>', 'CPU capacity.', '8')
    .option('--memory <quantity>', 'Memory capacity.', '32827076Ki')
    .option('--pods <n>', 'Pod capacity.', '110')
    .option('--labels <k=v,...>', 'Extra node labels.')
    .option('--taints <k=v:Effect,...>', 'Taints the node registers with.')
    .option('--role <role>', 'worker or control-plane.', 'worker')
    .action((name: string, o: any) => {
      const { dns1123Subdomain } = require('../../api/validation/meta');
      if (dns1123Subdomain(name).length) throw new CliError(`invalid node name "${name}": ${dns1123Subdomain(name)[0]}`);
      if (o.role !== 'worker' && o.role !== 'control-plane') throw new CliError(`invalid role "${o.role}": must be "control-plane" or "worker"`);
      if (!/^\d+$/.test(String(o.pods))) throw new CliError(`invalid argument "${o.pods}" for "--pods" flag: strconv.ParseInt: parsing "${o.pods}": invalid syntax`);
      const labels = o.labels ? require('./common').parseLabelSpec(o.labels) : undefined;
      const taints = o.taints ? String(o.taints).split(',').filter(Boolean).map(parseTaintSpec) : undefined;
      const capacity = { cpu: quantityFlag('cpu', o.cpu)!, memory: quantityFlag('memory', o.memory)!, pods: String(o.pods) };
      stepLines(ctx, (rt, cluster) => {
        const { addNode } = require('../../cluster/nodes');
        addNode(rt, cluster, name, { role: o.role, labels, taints, capacity });
        return [`node/${name} added`];
      });
    });
  node.command('remove').argument('<name>').description('Delete a node (its pods are deleted by the pod GC 40s later).')
    .action((name: string) => stepLines(ctx, rt => {
      requireNode(rt, name);
      require('../../cluster/nodes').removeNode(rt, name);
      return [`node/${name} removed`];
    }));
  node.command('down').argument('<name>').description("The node fails: its kubelet stops posting status; the node controller notices after 50s.")
    .action((name: string) => stepLines(ctx, rt => {
      requireNode(rt, name);
      const changed = require('../../kubelet/node').nodeDown(rt, name);
      return [changed ? `node/${name} down` : `node/${name} already down`];
    }));
  node.command('up').argument('<name>').description('The node comes back: its kubelet starts again.')
    .action((name: string) => stepLines(ctx, rt => {
      requireNode(rt, name);
      const changed = require('../../kubelet/node').nodeUp(rt, name);
      return [changed ? `node/${name} up` : `node/${name} already up`];
    }));
  node.command('pressure').argument('<name>').argument('<resource>', 'memory, disk or pid')
    .description("Put a node under resource pressure (memory: a process outside pods leaves --available free; the kubelet's threshold is 100Mi).")
    .option('--available <quantity>', 'Memory left available (default 99Mi: just under the eviction threshold).')
    .option('--off', 'End the pressure (the condition clears after the 5m transition period).', false)
    .action((name: string, resource: string, o: any) => {
      if (!['memory', 'disk', 'pid'].includes(resource)) throw new CliError(`unknown resource "${resource}": must be one of memory, disk, pid`);
      const avail = quantityFlag('available', o.available);
      if (avail !== undefined && resource !== 'memory') throw new CliError('--available applies to memory pressure only');
      stepLines(ctx, rt => {
        requireNode(rt, name);
        require('../../kubelet/pressure').setPressure(rt, name, resource, !o.off, avail === undefined ? undefined : parseQuantity(avail));
        return [`node/${name} ${resource} pressure ${o.off ? 'off' : 'on'}`];
      });
    });
}

/** key[=value]:Effect, as kind's and kubeadm's node registration takes taints. */
function parseTaintSpec(spec: string): { key: string; value?: string; effect: string } {
  const m = spec.match(/^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/);
  if (!m) throw new CliError(`invalid taint spec: ${spec}`);
  return { key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3]! };
}

function registerCrash(sim: Command, ctx: VerbContext): void {
  sim.command('crash').argument('<pod>').description("A container's process dies (exit code 137, as after SIGKILL, unless --exit-code); the kubelet restarts it as the pod's restartPolicy says.")
    .option('-c, --container <name>', 'Container name. If omitted, the first container (or the kubectl.kubernetes.io/default-container) is chosen.')
    .option('--exit-code <n>', 'The exit code the process dies with.', '137')
    .action((podArg: string, o: any) => {
      if (!/^\d+$/.test(String(o.exitCode)) || Number(o.exitCode) > 255) throw new CliError(`invalid argument "${o.exitCode}" for "--exit-code" flag: must be between 0 and 255`);
      const s = openSession(ctx);
      try {
        const line = s.step(rt => {
          const { byGroupResource } = require('../../api/discovery');
          const name = podArg.replace(/^(pods?|po)\//, '');
          const pod = rt.api.get(byGroupResource('', 'pods'), s.namespace, name);
          const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
          let c: string | undefined = o.container;
          if (!c) {
            c = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? names[0];
            if (names.length > 1) ctx.out.err(`Defaulted container "${c}" out of: ${names.join(', ')}`);
          }
          const all = [...names, ...(pod.spec?.initContainers ?? []).map((x: any) => x.name)];
          if (!all.includes(c!)) throw new CliError(`container ${c} is not valid for pod ${name}`);
          const { isNodeDown } = require('../../kubelet/node');
          if (pod.spec?.nodeName && isNodeDown(rt, pod.spec.nodeName)) throw new CliError(`pod ${name} is on node ${pod.spec.nodeName}, which is down`);
          require('../../kubelet/kill').killContainer(rt, pod, c!, Number(o.exitCode));
          return `pod/${name} container ${c} killed (exit code ${o.exitCode})`;
        });
        ctx.out.line(line);
      } finally { s.close(); }
    });
  sim.command('chaos').description('Random failures at a rate, reproducibly: containers killed, pods deleted, nodes down for a while.')
    .requiredOption('--seed <n>', 'Seed of the random choices (the same seed on the same cluster does the same things).')
    .option('--for <duration>', 'How long to run (simulated time; the clock moves on by this much).', '10m')
    .option('--rate <r>', 'Failures per hour of simulated time (e.g. 12, 12/h, 1/m).', '12/h')
    .option('--actions <list>', 'Which failures: container-kill, pod-delete, node-down (comma-separated).', 'container-kill,pod-delete,node-down')
    .option('--node-downtime <duration>', 'How long a failed node stays down.', '2m')
    .option('-l, --selector <selector>', 'Only pods with these labels.')
    .option('-A, --all-namespaces', 'Pods of every namespace but kube-system (default: the current namespace).', false)
    .action((o: any) => {
      const { runChaos } = require('../../sim/chaos');
      if (!/^\d+$/.test(String(o.seed))) throw new CliError(`invalid argument "${o.seed}" for "--seed" flag: must be a non-negative integer`);
      const perHour = parseRate(String(o.rate));
      const actions = String(o.actions).split(',').filter(Boolean);
      for (const a of actions) if (!['container-kill', 'pod-delete', 'node-down'].includes(a)) throw new CliError(`unknown chaos action "${a}": must be container-kill, pod-delete or node-down`);
      if (!actions.length) throw new CliError('--actions must name at least one action');
      const forMs = parseDuration(String(o.for)), downMs = parseDuration(String(o.nodeDowntime));
      const selector = o.selector !== undefined ? require('../../api/selectors').parseSelector(o.selector) : undefined;
      const s = openSession(ctx);
      try {
        const lines: string[] = s.step(rt => runChaos(rt, { seed: Number(o.seed), forMs, perHour, actions, downMs, selector,
          namespace: o.allNamespaces ? undefined : s.namespace }));
        for (const l of lines) ctx.out.line(l);
      } finally { s.close(); }
    });
}

/** `12`, `12/h`, `1/m`, `0.5/s`: events per hour. */
function parseRate(r: string): number {
  const m = r.match(/^(\d+(?:\.\d+)?)(?:\/(h|m|s))?$/);
  if (!m) throw new CliError(`invalid rate "${r}": use a number of failures per hour, or N/h, N/m, N/s`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : m[2] === 's' ? 3600 : 1);
}
