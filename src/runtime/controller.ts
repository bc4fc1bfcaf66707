// The container runtime's place among the controllers: it owns the 'ctr' timers (the next moment one of
// a container's processes wakes) and runs that container when one fires. The kubelet hears of a container
// whose PID 1 exited through the runtime (ContainerRuntime.onDeath enqueues the pod).
import type { Controller } from '../controllers/types';
import { ContainerRuntime, CTR_TIMER } from './cri';

export const containerRuntime: Controller = {
  name: 'container-runtime',
  timers: [CTR_TIMER],
  onEvent() { /* driven by the kubelet and by its timers */ },
  reconcile() { /* nothing queued */ },
  onTimer(_type, key, rt) { ContainerRuntime.of(rt).onTimer(key); },
};
