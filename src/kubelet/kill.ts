// Killing a container's process (what `docker kill`, the OOM killer or a crash does to it): the one entry point
// for `kctl sim crash` and `kctl sim chaos`. The process dies in the container runtime (src/runtime/cri.ts);
// the kubelet hears of it and restarts it as the pod's restartPolicy and back-off say. A container the runtime
// does not know (a cluster made by an older kctl) has its status written directly.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { CliError } from '../api/errors';
import { ContainerRuntime } from '../runtime/cri';

/** Go's convention for a process killed by a signal: 128 + signal (137 = SIGKILL). */
export const SIGKILL_EXIT = 137;

/**
 * The container's process dies now with `exitCode`; its status shows it terminated (reason `reason`, or Error /
 * Completed by the exit code) and the kubelet takes it from there.
 */
export function killContainer(rt: Runtime, pod: KObject, container: string, exitCode = SIGKILL_EXIT, reason?: string): void {
  const cs = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((c: any) => c.name === container);
  if (cs?.state?.running && cs.containerID) {
    const cri = ContainerRuntime.of(rt);
    const cid = String(cs.containerID).replace(/^containerd:\/\//, '');
    if (cri.crash(pod.metadata.uid!, cid, exitCode, reason === 'OOMKilled' ? 'OOMKilled' : undefined)) {
      rt.enqueueFor('kubelet', `${pod.metadata.namespace}/${pod.metadata.name}`);
      return;
    }
  }
  const podRi = byGroupResource('', 'pods')!;
  const now = rt.clock.nowISO();
  const why = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
  let killed = false;
  rt.api.mutate(podRi, pod.metadata.namespace, pod.metadata.name!, p => {
    if (p.metadata.uid !== pod.metadata.uid) return false;
    for (const list of [p.status?.containerStatuses, p.status?.initContainerStatuses]) {
      const cs = (list ?? []).find((c: any) => c.name === container);
      if (!cs?.state?.running) continue;
      cs.ready = false;
      cs.started = false;
      cs.state = { terminated: { containerID: cs.containerID, exitCode, finishedAt: now, reason: why, startedAt: cs.state.running.startedAt } };
      killed = true;
      return;
    }
    return false;
  }, { subresource: 'status' });
  if (!killed) throw new CliError(`container ${container} in pod ${pod.metadata.name} is not running`);
  rt.enqueueFor('kubelet', `${pod.metadata.namespace}/${pod.metadata.name}`);
}

/** The containers of a pod whose process is running now. */
export function runningContainers(pod: KObject): string[] {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
    .filter((c: any) => c.state?.running).map((c: any) => c.name);
}
