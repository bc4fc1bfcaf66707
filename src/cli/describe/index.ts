// Which describer prints which kind (kubectl's describerMap); everything else gets the generic describer.
import type { KObject, ResourceInfo } from '../../api/types';
import type { Describer, DescribeContext } from './common';
import { describePod } from './pod';
import { describeNode } from './node';
import { describeNamespace } from './namespace';
import { describeConfigMap } from './configmap';
import { describeGeneric } from './generic';
import { describeDeployment, describeReplicaSet, describeDaemonSet, describeStatefulSet, describeReplicationController } from './apps';
import { describeJob, describeCronJob } from './batch';
import { describeRole, describeRoleBinding } from './rbac';
import { describeIngress, describeIngressClass } from './networking';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from './storage';
import { describeSecret, describeServiceAccount, describeEndpoints, describeEndpointSlice, describeResourceQuota, describeLimitRange, describePriorityClass } from './core';
import { describeService } from './service';
import { describePodDisruptionBudget } from './policy';
import { describeCSR } from './certificates';
import { describeHorizontalPodAutoscaler } from './autoscaling';

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePod,
  '/Node': describeNode,
  '/Namespace': describeNamespace,
  '/ConfigMap': describeConfigMap,
  '/Service': describeService,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  '/ReplicationController': describeReplicationController,
  'apps/DaemonSet': describeDaemonSet,
  'apps/StatefulSet': describeStatefulSet,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  '/Secret': describeSecret,
  '/ServiceAccount': describeServiceAccount,
  '/Endpoints': describeEndpoints,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  '/ResourceQuota': describeResourceQuota,
  '/LimitRange': describeLimitRange,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
  '/PersistentVolume': describePersistentVolume,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'rbac.authorization.k8s.io/Role': describeRole,
  'rbac.authorization.k8s.io/ClusterRole': describeRole,
  'rbac.authorization.k8s.io/RoleBinding': describeRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeRoleBinding,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'policy/PodDisruptionBudget': describePodDisruptionBudget,
  'certificates.k8s.io/CertificateSigningRequest': describeCSR,
  'autoscaling/HorizontalPodAutoscaler': describeHorizontalPodAutoscaler,
};

export function describerFor(ri: ResourceInfo): Describer {
  return DESCRIBERS[`${ri.group}/${ri.kind}`] ?? describeGeneric;
}
export function describeObject(ri: ResourceInfo, obj: KObject, ctx: DescribeContext): string {
  return describerFor(ri)(obj, ctx);
}
export type { DescribeContext } from './common';
