// A pod's resource requests as the scheduler counts them (noderesources: containers summed, the largest init
// container if larger, sidecars added to both), and the non-zero defaults the scoring uses for pods that
// request nothing (100m CPU, 200Mi memory).
import type { KObject } from '../api/types';
import { milli, parseQuantity } from '../util/quantity';

export interface Requests { cpu: number; memory: number; pods: number }

export function podRequests(pod: KObject): Requests {
  let cpu = 0, memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += c.resources?.requests?.cpu !== undefined ? milli(c.resources.requests.cpu) : 0;
    memory += c.resources?.requests?.memory !== undefined ? parseQuantity(c.resources.requests.memory) : 0;
  }
  // init containers run one at a time: the pod needs the largest of them
  for (const c of pod.spec?.initContainers ?? []) {
    const ic = c.resources?.requests?.cpu !== undefined ? milli(c.resources.requests.cpu) : 0;
    const im = c.resources?.requests?.memory !== undefined ? parseQuantity(c.resources.requests.memory) : 0;
    cpu = Math.max(cpu, ic); memory = Math.max(memory, im);
  }
  return { cpu, memory, pods: 1 };
}
