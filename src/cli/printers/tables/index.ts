// Kind → table, keyed by `<group>/<Kind>`. Kinds without a printer in Kubernetes print NAME and AGE;
// kinds whose storage uses the default table convertor print NAME and CREATED AT.
import type { TableDef } from './types';
import * as core from './core';
import * as w from './workloads';
import * as net from './networking';
import * as cl from './cluster';

const TABLES: Record<string, TableDef> = {
  // core/v1
  '/Pod': core.podTable,
  '/PodTemplate': core.podTemplateTable,
  '/Namespace': core.namespaceTable,
  '/Node': core.nodeTable,
  '/ReplicationController': core.replicationControllerTable,
  '/Service': core.serviceTable,
  '/Endpoints': core.endpointsTable,
  '/ConfigMap': core.configMapTable,
  '/Secret': core.secretTable,
  '/ServiceAccount': core.serviceAccountTable,
  '/PersistentVolume': core.persistentVolumeTable,
  '/PersistentVolumeClaim': core.persistentVolumeClaimTable,
  '/ComponentStatus': core.componentStatusTable,
  '/ResourceQuota': core.resourceQuotaTable,
  '/LimitRange': core.createdAtTable,
  '/Event': core.eventTable,
  'events.k8s.io/Event': core.eventTable,
  // apps, batch, autoscaling, policy
  'apps/Deployment': w.deploymentTable,
  'apps/ReplicaSet': w.replicaSetTable,
  'apps/StatefulSet': w.statefulSetTable,
  'apps/DaemonSet': w.daemonSetTable,
  'apps/ControllerRevision': w.controllerRevisionTable,
  'batch/Job': w.jobTable,
  'batch/CronJob': w.cronJobTable,
  'autoscaling/HorizontalPodAutoscaler': w.hpaTable,
  'policy/PodDisruptionBudget': w.podDisruptionBudgetTable,
  // networking, discovery, coordination
  'networking.k8s.io/Ingress': net.ingressTable,
  'networking.k8s.io/IngressClass': net.ingressClassTable,
  'networking.k8s.io/NetworkPolicy': net.networkPolicyTable,
  'networking.k8s.io/IPAddress': net.ipAddressTable,
  'networking.k8s.io/ServiceCIDR': net.serviceCIDRTable,
  'discovery.k8s.io/EndpointSlice': net.endpointSliceTable,
  'coordination.k8s.io/Lease': net.leaseTable,
  // storage
  'storage.k8s.io/StorageClass': cl.storageClassTable,
  'storage.k8s.io/CSIDriver': cl.csiDriverTable,
  'storage.k8s.io/CSINode': cl.csiNodeTable,
  'storage.k8s.io/CSIStorageCapacity': cl.csiStorageCapacityTable,
  'storage.k8s.io/VolumeAttachment': cl.volumeAttachmentTable,
  // rbac
  'rbac.authorization.k8s.io/RoleBinding': cl.roleBindingTable,
  'rbac.authorization.k8s.io/ClusterRoleBinding': cl.roleBindingTable,
  'rbac.authorization.k8s.io/Role': core.createdAtTable,
  'rbac.authorization.k8s.io/ClusterRole': core.createdAtTable,
  // scheduling, node, certificates
  'scheduling.k8s.io/PriorityClass': cl.priorityClassTable,
  'node.k8s.io/RuntimeClass': cl.runtimeClassTable,
  'certificates.k8s.io/CertificateSigningRequest': cl.csrTable,
  // admission, extensions, aggregation, flow control
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': cl.webhookConfigurationTable,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': cl.webhookConfigurationTable,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': cl.validatingAdmissionPolicyTable,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': cl.validatingAdmissionPolicyBindingTable,
  'apiextensions.k8s.io/CustomResourceDefinition': core.createdAtTable,
  'apiregistration.k8s.io/APIService': cl.apiServiceTable,
  'flowcontrol.apiserver.k8s.io/FlowSchema': cl.flowSchemaTable,
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration': cl.priorityLevelTable,
};

export function tableFor(group: string, kind: string): TableDef {
  return TABLES[`${group}/${kind}`] ?? core.genericTable;
}
/** The table of a served resource: a custom resource's comes from its CRD's printer columns. */
export function tableForResource(ri: import('../../../api/types').ResourceInfo): TableDef {
  if (ri.custom) return (require('./custom') as typeof import('./custom')).customTable(ri);
  return tableFor(ri.group, ri.kind);
}
export function registerTable(group: string, kind: string, t: TableDef): void { TABLES[`${group}/${kind}`] = t; }
export type { TableDef } from './types';
