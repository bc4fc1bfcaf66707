// Every controller, scheduler and kubelet that runs in the simulated control plane, in settle order.
import type { Controller } from './types';
import { garbageCollector } from './garbagecollector';
import { namespaceController } from './namespace';
import { scheduler } from '../scheduler/scheduler';
import { kubelet } from '../kubelet/kubelet';

export function allControllers(): Controller[] {
  return [garbageCollector, namespaceController, scheduler, kubelet];
}
