// Kind → strategy. A kind with no entry gets the generic behaviour (store, validate metadata and schema).
import type { Strategy } from './types';
import { podStrategy } from './pod';
import { namespaceStrategy } from './namespace';
import { nodeStrategy } from './node';
import {
  deploymentStrategy, replicaSetStrategy, replicationControllerStrategy, statefulSetStrategy, daemonSetStrategy, podTemplateStrategy,
} from './workloads';
import { jobStrategy, cronJobStrategy } from './batch';
import { serviceStrategy } from './service';
import { persistentVolumeStrategy, persistentVolumeClaimStrategy, storageClassStrategy, csiDriverStrategy } from './storage';
import {
  secretStrategy, configMapStrategy, serviceAccountStrategy, resourceQuotaStrategy, limitRangeStrategy, endpointsStrategy, eventStrategy,
} from './core';
import {
  hpaStrategy, networkPolicyStrategy, pdbStrategy, priorityClassStrategy, leaseStrategy,
  roleStrategy, clusterRoleStrategy, roleBindingStrategy, clusterRoleBindingStrategy, endpointSliceStrategy,
} from './misc';
import { ingressStrategy, ingressClassStrategy } from './networking';
import { crdStrategy } from '../crd/crd';
import { customResourceStrategy } from '../crd/custom';
import type { ResourceInfo } from '../types';
import { csrStrategy } from './certificates';

const GENERATION: Strategy = { tracksGeneration: true };
const STRATEGIES: Record<string, Strategy> = {
  Pod: podStrategy,
  Namespace: namespaceStrategy,
  Node: nodeStrategy,
  Deployment: deploymentStrategy, ReplicaSet: replicaSetStrategy, ReplicationController: replicationControllerStrategy,
  StatefulSet: statefulSetStrategy, DaemonSet: daemonSetStrategy, PodTemplate: podTemplateStrategy,
  Job: jobStrategy, CronJob: cronJobStrategy,
  Service: serviceStrategy, Endpoints: endpointsStrategy, EndpointSlice: endpointSliceStrategy,
  PersistentVolume: persistentVolumeStrategy, PersistentVolumeClaim: persistentVolumeClaimStrategy, StorageClass: storageClassStrategy,
  CSIDriver: csiDriverStrategy,
  Secret: secretStrategy, ConfigMap: configMapStrategy, ServiceAccount: serviceAccountStrategy,
  ResourceQuota: resourceQuotaStrategy, LimitRange: limitRangeStrategy, Event: eventStrategy,
  HorizontalPodAutoscaler: hpaStrategy, Ingress: ingressStrategy, IngressClass: ingressClassStrategy,
  NetworkPolicy: networkPolicyStrategy, PodDisruptionBudget: pdbStrategy, PriorityClass: priorityClassStrategy,
  Lease: leaseStrategy, Role: roleStrategy, ClusterRole: clusterRoleStrategy, RoleBinding: roleBindingStrategy,
  ClusterRoleBinding: clusterRoleBindingStrategy,
  CertificateSigningRequest: csrStrategy,
  CustomResourceDefinition: crdStrategy, FlowSchema: GENERATION, PriorityLevelConfiguration: GENERATION,
  ValidatingAdmissionPolicy: GENERATION,
};
const GENERIC: Strategy = {};

/** A kind's strategy; kinds served from a CustomResourceDefinition all share the custom resource strategy. */
export function strategyFor(kind: string | ResourceInfo): Strategy {
  if (typeof kind !== 'string') return kind.custom ? customResourceStrategy : STRATEGIES[kind.kind] ?? GENERIC;
  return STRATEGIES[kind] ?? GENERIC;
}
/** Register or extend a kind's strategy (kept in one place so a newcomer finds every kind here). */
export function registerStrategy(kind: string, s: Strategy): void {
  STRATEGIES[kind] = { ...(STRATEGIES[kind] ?? {}), ...s };
}
