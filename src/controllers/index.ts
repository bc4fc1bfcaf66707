// Every controller, scheduler and kubelet that runs in the simulated control plane, in settle order.
// (The ReplicaSet controllers come before the deployment controller so that, for one ReplicaSet change,
// its pods are created or deleted before the deployment looks at it again. The recorders' memory of a deleted
// object goes last, after what the others record about its deletion.)
import type { Controller } from './types';
import { garbageCollector } from './garbagecollector';
import { namespaceController } from './namespace';
import { replicaSetController, replicationController } from './replicaset';
import { deploymentController } from './deployment';
import { statefulSetController } from './statefulset';
import { daemonSetController } from './daemonset';
import { persistentVolumeController } from './persistentvolume';
import { localPathProvisioner } from './localpath';
import { pvcProtectionController } from './pvcprotection';
import { pvProtectionController } from './pvprotection';
import { volumeExpandController } from './volumeexpand';
import { jobController } from './job';
import { cronJobController } from './cronjob';
import { ttlAfterFinishedController } from './ttlafterfinished';
import { resourceQuotaController } from './resourcequota';
import { disruptionController } from './disruption';
import { hpaController } from './hpa';
import { scheduler } from '../scheduler/scheduler';
import { kubelet } from '../kubelet/kubelet';
import { containerRuntime } from '../runtime/controller';
import { endpointsController } from './endpoints';
import { endpointSliceController } from './endpointslice';
import { endpointSliceMirroringController } from './endpointslicemirroring';
import { serviceLBController } from './service-lb';
import { ingressController } from './ingress';
import { crdController } from './crd';
import { clusterRoleAggregationController } from './clusterrole-aggregation';
import { nodeLifecycleController } from './nodelifecycle';
import { taintEvictionController } from './tainteviction';
import { podGCController } from './podgc';
import { recorderMemory } from './recorder';

export function allControllers(): Controller[] {
  return [garbageCollector, namespaceController, replicaSetController, replicationController, deploymentController,
    statefulSetController, daemonSetController, jobController, cronJobController, ttlAfterFinishedController,
    persistentVolumeController, localPathProvisioner, pvcProtectionController, pvProtectionController, volumeExpandController,
    resourceQuotaController, disruptionController, hpaController, nodeLifecycleController, taintEvictionController, podGCController,
    scheduler, kubelet, containerRuntime,
    endpointsController, endpointSliceController, endpointSliceMirroringController, serviceLBController, ingressController, crdController, clusterRoleAggregationController,
    recorderMemory];
}
