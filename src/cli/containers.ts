// Which container of a pod a verb means (kubectl's podcmd.FindOrDefaultContainerByName): -c, else the
// kubectl.kubernetes.io/default-container annotation, else the first container, saying so on stderr
// when the pod has more than one.
import type { KObject } from '../api/types';
import { CliError } from '../api/errors';

export interface Picked { c: any; kind: 'container' | 'init' | 'ephemeral'; notice?: string }

export function allContainerNames(pod: KObject): string {
  const s = pod.spec ?? {};
  return [
    ...(s.containers ?? []).map((c: any) => c.name),
    ...(s.initContainers ?? []).map((c: any) => `${c.name} (init)`),
    ...(s.ephemeralContainers ?? []).map((c: any) => `${c.name} (ephem)`),
  ].join(', ');
}

export function pickContainer(pod: KObject, name: string | undefined, quiet = false): Picked {
  const s = pod.spec ?? {};
  const find = (n: string): Picked | undefined => {
    const c = (s.containers ?? []).find((x: any) => x.name === n); if (c) return { c, kind: 'container' };
    const i = (s.initContainers ?? []).find((x: any) => x.name === n); if (i) return { c: i, kind: 'init' };
    const e = (s.ephemeralContainers ?? []).find((x: any) => x.name === n); if (e) return { c: e, kind: 'ephemeral' };
    return undefined;
  };
  if (name) {
    const p = find(name);
    if (!p) throw new CliError(`container ${name} is not valid for pod ${pod.metadata.name}`);
    return p;
  }
  const ann = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (ann) { const p = find(ann); if (p) return p; }
  const first = (s.containers ?? [])[0];
  if (!first) throw new CliError(`pod ${pod.metadata.name} does not have a default container`);
  const picked: Picked = { c: first, kind: 'container' };
  if (!quiet && (s.containers.length > 1 || (s.initContainers ?? []).length || (s.ephemeralContainers ?? []).length) && !ann)
    picked.notice = `Defaulted container "${first.name}" out of: ${allContainerNames(pod)}`;
  return picked;
}

/** The status of a container of a pod, whichever list it is in. */
export function containerStatus(pod: KObject, name: string): any {
  const st = pod.status ?? {};
  return [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])].find((c: any) => c.name === name);
}
export const cidOf = (id: string | undefined) => String(id ?? '').replace(/^containerd:\/\//, '');
