// The container runtime's place among the controllers: it owns the 'ctr' timers (the next moment one of
// a container's processes wakes) and runs that container when one fires. The kubelet hears of a container
// whose PID 1 exited through the runtime (ContainerRuntime.onDeath enqueues the pod). A persistent volume
// deleted by its reclaim policy takes its files with it.
import type { Controller } from '../controllers/types';
import { ContainerRuntime, CTR_TIMER } from './cri';

export const containerRuntime: Controller = {
  name: 'container-runtime',
  kinds: ['PersistentVolume'],
  timers: [CTR_TIMER],
  onEvent(ev, enqueue) {
    // otherwise driven by the kubelet and by its timers
    if (ev.type === 'DELETED' && ev.ri.group === '' && ev.ri.kind === 'PersistentVolume') {
      const pv = ev.obj;
      // what dropVolumeData needs of it (the object is gone when the key is reconciled)
      enqueue(`pv-deleted/${JSON.stringify({ metadata: { name: pv.metadata.name, annotations: { 'local.path.provisioner/selected-node': pv.metadata.annotations?.['local.path.provisioner/selected-node'] } },
        spec: { persistentVolumeReclaimPolicy: pv.spec?.persistentVolumeReclaimPolicy, hostPath: pv.spec?.hostPath, local: pv.spec?.local }, status: { phase: pv.status?.phase } })}`);
    }
  },
  reconcile(key, rt) {
    if (key.startsWith('pv-deleted/')) ContainerRuntime.of(rt).dropVolumeData(JSON.parse(key.slice('pv-deleted/'.length)));
  },
  onTimer(_type, key, rt) { ContainerRuntime.of(rt).onTimer(key); },
};
