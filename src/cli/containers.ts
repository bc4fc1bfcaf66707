// Which container of a pod a verb means (kubectl's podcmd package): -c, else the
// kubectl.kubernetes.io/default-container annotation, else the first container, saying so on stderr
// when the pod has more than one (FindOrDefaultContainerByName, AllContainerNames).
import type { KObject } from '../api/types';
import { CliError } from '../api/errors';

export interface Picked { c: any; kind: 'container' | 'init' | 'ephemeral'; fieldPath: string; notice?: string }
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** podcmd.AllContainerNames: containers, then ephemeral ones, then init containers. */
export function allContainerNames(pod: KObject): string {
  const s = pod.spec ?? {};
  return [
    ...(s.containers ?? []).map((c: any) => c.name),
    ...(s.ephemeralContainers ?? []).map((c: any) => `${c.name} (ephem)`),
    ...(s.initContainers ?? []).map((c: any) => `${c.name} (init)`),
  ].join(', ');
}

/** podcmd.FindContainerByName: containers, init containers, ephemeral containers, with the field path. */
export function findContainer(pod: KObject, n: string): Picked | undefined {
  const s = pod.spec ?? {};
  const c = (s.containers ?? []).find((x: any) => x.name === n); if (c) return { c, kind: 'container', fieldPath: `spec.containers{${n}}` };
  const i = (s.initContainers ?? []).find((x: any) => x.name === n); if (i) return { c: i, kind: 'init', fieldPath: `spec.initContainers{${n}}` };
  const e = (s.ephemeralContainers ?? []).find((x: any) => x.name === n); if (e) return { c: e, kind: 'ephemeral', fieldPath: `spec.ephemeralContainers{${n}}` };
  return undefined;
}

/**
 * podcmd.FindOrDefaultContainerByName. A named container that does not exist is an error
 * (`container X not found in pod P`); the notice, when there is one, is for stderr.
 */
export function pickContainer(pod: KObject, name: string | undefined, quiet = false): Picked {
  const s = pod.spec ?? {};
  if (name) {
    const p = findContainer(pod, name);
    if (!p) throw new CliError(`container ${name} not found in pod ${pod.metadata.name}`);
    return p;
  }
  if (!(s.containers ?? []).length) throw new CliError(`pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`);
  const ann = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (ann) { const p = findContainer(pod, ann); if (p) return p; }
  const first = s.containers[0];
  const picked: Picked = { c: first, kind: 'container', fieldPath: `spec.containers{${first.name}}` };
  if (!quiet && (s.containers.length > 1 || (s.initContainers ?? []).length || (s.ephemeralContainers ?? []).length))
    picked.notice = `Defaulted container "${first.name}" out of: ${allContainerNames(pod)}`;
  return picked;
}

/** The status of a container of a pod, whichever list it is in. */
export function containerStatus(pod: KObject, name: string): any {
  const st = pod.status ?? {};
  return [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])].find((c: any) => c.name === name);
}
export const cidOf = (id: string | undefined) => String(id ?? '').replace(/^containerd:\/\//, '');
