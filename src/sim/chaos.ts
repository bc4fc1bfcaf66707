// `kctl sim chaos`: failures at random moments of simulated time, reproducibly. Failures come as a Poisson
// process at the given rate; each one is a container killed (src/kubelet/kill.ts), a pod deleted (as
// chaos-monkey tools do) or a node down for a while (src/kubelet/node.ts), on a target drawn from the
// cluster in a fixed order. The choices come from the seed alone (not the cluster's own generator), so the
// same seed on the same cluster does the same things. The clock moves through the run as `sim advance` does.
import type { Runtime } from './runtime';
import type { KObject } from '../api/types';
import type { Selector } from '../api/selectors';
import { matches } from '../api/selectors';
import { byGroupResource } from '../api/discovery';
import { toISO } from './clock';
import { killContainer, runningContainers } from '../kubelet/kill';
import { nodeDown, nodeUp, isNodeDown } from '../kubelet/node';

export interface ChaosOptions {
  seed: number; forMs: number; perHour: number; actions: string[]; downMs: number;
  selector?: Selector; namespace?: string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runChaos(rt: Runtime, o: ChaosOptions): string[] {
  const rand = mulberry32(o.seed);
  const lines: string[] = [];
  const start = rt.clock.now();
  const end = start + o.forMs;
  const ups: { at: number; node: string }[] = [];
  const advanceTo = (t: number) => {
    const d = t - rt.clock.now();
    if (d > 0) { rt.clock.advance(d); rt.catchUp(); }
  };
  const say = (what: string) => lines.push(`${toISO(rt.clock.now())}  ${what}`);
  const podRi = byGroupResource('', 'pods')!;
  const nodeRi = byGroupResource('', 'nodes')!;
  const pods = () => rt.api.list(podRi, o.namespace).filter(p =>
    (o.namespace !== undefined || p.metadata.namespace !== 'kube-system') && !p.metadata.deletionTimestamp
    && p.status?.phase === 'Running' && p.spec?.nodeName && !isNodeDown(rt, p.spec.nodeName)
    && (!o.selector || matches(o.selector, p.metadata.labels)));
  const nodes = () => rt.api.list(nodeRi, undefined).filter(n =>
    !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})) && !isNodeDown(rt, n.metadata.name!));
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const targets: Record<string, () => (KObject | undefined)[]> = {
    'container-kill': () => pods().filter(p => runningContainers(p).length),
    'pod-delete': pods,
    'node-down': nodes,
  };
  let events = 0;
  let t = start;
  const rate = o.perHour / 3_600_000;
  for (;;) {
    const next = rate > 0 ? Math.round(t - Math.log(1 - rand()) / rate) : Infinity;
    const up = ups.sort((a, b) => a.at - b.at)[0];
    if (up && up.at <= Math.min(next, end)) {
      ups.shift();
      advanceTo(up.at);
      if (nodeUp(rt, up.node)) say(`node/${up.node} up`);
      continue;
    }
    if (next > end) break;
    t = next;
    advanceTo(t);
    const possible = o.actions.filter(a => targets[a]!().length);
    if (!possible.length) { say('nothing to break'); continue; }
    const action = pick(possible);
    const target = pick(targets[action]!())!;
    events++;
    if (action === 'container-kill') {
      const c = pick(runningContainers(target));
      killContainer(rt, target, c);
      say(`pod/${target.metadata.name} -n ${target.metadata.namespace}: container ${c} killed (exit code 137)`);
    } else if (action === 'pod-delete') {
      rt.api.delete(podRi, target.metadata.namespace, target.metadata.name!, {});
      say(`pod/${target.metadata.name} -n ${target.metadata.namespace}: deleted`);
    } else {
      const name = target.metadata.name!;
      nodeDown(rt, name);
      ups.push({ at: rt.clock.now() + o.downMs, node: name });
      say(`node/${name} down (for ${o.downMs / 1000}s)`);
    }
    rt.settle();
  }
  advanceTo(end);
  // a node whose downtime runs past the end comes back when it is due
  for (const up of ups.sort((a, b) => a.at - b.at)) { advanceTo(up.at); if (nodeUp(rt, up.node)) say(`node/${up.node} up`); }
  lines.push(`chaos: ${events} failure${events === 1 ? '' : 's'} in ${o.forMs / 1000}s of cluster time (seed ${o.seed})`);
  return lines;
}
