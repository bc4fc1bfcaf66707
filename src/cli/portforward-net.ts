// What a port-forwarded connection reaches: the kubelet asks containerd to connect to localhost:PORT inside
// the pod's network namespace and copies the bytes both ways. kctl hands each request's bytes to the program
// listening there through the simulated network (src/runtime/net: podExchange) and takes its answer.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';

export type Exchanged = { data: string; close: boolean } | { error: 'refused' | 'timeout' | 'reset' | 'unreachable' };

/** Bytes to a pod's port from the pod's own localhost; the listener's answer, or why there is none. */
export function exchange(rt: Runtime, pod: KObject, port: number, data: string): Exchanged {
  const { podExchange } = require('../runtime/net') as typeof import('../runtime/net');
  const r = podExchange(rt, pod, port, data, { timeoutMs: 30_000 });
  if ('error' in r) return { error: r.error };
  return { data: r.data, close: r.close };
}
