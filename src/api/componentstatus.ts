// ComponentStatus (v1, deprecated): not stored; the API server probes the scheduler, the controller
// manager and etcd on every read (pkg/registry/core/componentstatus). On a kind cluster all three answer
// "ok", in the order kubeadm clusters usually show them.
import type { KObject } from './types';

const COMPONENTS = ['controller-manager', 'scheduler', 'etcd-0'];

export function componentStatuses(): KObject[] {
  return COMPONENTS.map(name => ({
    kind: 'ComponentStatus', apiVersion: 'v1',
    metadata: { name, creationTimestamp: null },
    conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
  } as unknown as KObject));
}
export const COMPONENTSTATUS_WARNING = 'v1 ComponentStatus is deprecated in v1.19+';
