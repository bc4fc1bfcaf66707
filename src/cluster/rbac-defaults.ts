// The RBAC objects a fresh kind v1.33 cluster has: kube-apiserver's bootstrap policy (cluster roles with their
// aggregation, the controllers' roles, their bindings; plugin/pkg/auth/authorizer/rbac/bootstrappolicy), what
// kubeadm adds (kubeadm:cluster-admins, kubeadm:get-nodes, the node bootstrap bindings, kube-proxy's) and what
// kind's addons bring (kindnet, local-path-provisioner, CoreDNS). Rules are written compactly as
// 'apiGroups|resources|verbs[|resourceNames]' or '#nonResourceURLs|verbs'; lists are comma separated, '' is the core group.
import type { KObject } from '../api/types';

type R = string;
const EV: R = ',events.k8s.io|events|create,patch,update';
const RO = 'get,list,watch';
const RW = 'create,delete,deletecollection,patch,update';

function rule(r: R): Record<string, string[]> {
  if (r.startsWith('#')) { const [urls, verbs] = r.slice(1).split('|'); return { nonResourceURLs: urls!.split(','), verbs: verbs!.split(',') }; }
  const [g, res, verbs, names] = r.split('|');
  return { apiGroups: g!.split(','), ...(names ? { resourceNames: names.split(',') } : {}), resources: res!.split(','), verbs: verbs!.split(',') };
}

const AGGREGATE_EDIT: R[] = [
  '|pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy|get,list,watch', '|serviceaccounts|impersonate',
  `|pods,pods/attach,pods/exec,pods/portforward,pods/proxy|${RW}`, '|pods/eviction|create',
  `|configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy|${RW}`,
  '|serviceaccounts/token|create',
  `apps|daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale|${RW}`,
  `autoscaling|horizontalpodautoscalers|${RW}`, `batch|cronjobs,jobs|${RW}`,
  `extensions|daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale|${RW}`,
  `policy|poddisruptionbudgets|${RW}`, `networking.k8s.io|ingresses,networkpolicies|${RW}`,
  'coordination.k8s.io|leases|create,delete,deletecollection,get,list,patch,update,watch',
];
const AGGREGATE_VIEW: R[] = [
  `|configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status|${RO}`,
  `|bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status|${RO}`,
  `|namespaces|${RO}`, `discovery.k8s.io|endpointslices|${RO}`,
  `apps|controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status|${RO}`,
  `autoscaling|horizontalpodautoscalers,horizontalpodautoscalers/status|${RO}`, `batch|cronjobs,cronjobs/status,jobs,jobs/status|${RO}`,
  `extensions|daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale|${RO}`,
  `policy|poddisruptionbudgets,poddisruptionbudgets/status|${RO}`, `networking.k8s.io|ingresses,ingresses/status,networkpolicies|${RO}`,
];

/** name → [rules, extra labels, aggregation label selector] */
const CLUSTER_ROLES: [string, R[], Record<string, string>?, string?][] = [
  ['admin', [], undefined, 'rbac.authorization.k8s.io/aggregate-to-admin'],
  ['cluster-admin', ['*|*|*', '#*|*']],
  ['edit', [], { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }, 'rbac.authorization.k8s.io/aggregate-to-edit'],
  ['system:aggregate-to-admin', ['authorization.k8s.io|localsubjectaccessreviews|create', `rbac.authorization.k8s.io|rolebindings,roles|create,delete,deletecollection,get,list,patch,update,watch`], { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }],
  ['system:aggregate-to-edit', AGGREGATE_EDIT, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }],
  ['system:aggregate-to-view', AGGREGATE_VIEW, { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }],
  ['system:auth-delegator', ['authentication.k8s.io|tokenreviews|create', 'authorization.k8s.io|subjectaccessreviews|create']],
  ['system:basic-user', ['authorization.k8s.io|selfsubjectaccessreviews,selfsubjectrulesreviews|create', 'authentication.k8s.io|selfsubjectreviews|create']],
  ['system:certificates.k8s.io:certificatesigningrequests:nodeclient', ['certificates.k8s.io|certificatesigningrequests/nodeclient|create']],
  ['system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', ['certificates.k8s.io|certificatesigningrequests/selfnodeclient|create']],
  ['system:certificates.k8s.io:kube-apiserver-client-approver', ['certificates.k8s.io|signers|approve|kubernetes.io/kube-apiserver-client']],
  ['system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', ['certificates.k8s.io|signers|approve|kubernetes.io/kube-apiserver-client-kubelet']],
  ['system:certificates.k8s.io:kubelet-serving-approver', ['certificates.k8s.io|signers|approve|kubernetes.io/kubelet-serving']],
  ['system:certificates.k8s.io:legacy-unknown-approver', ['certificates.k8s.io|signers|approve|kubernetes.io/legacy-unknown']],
  ['system:discovery', ['#/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/|get']],
  ['system:heapster', [`|events,namespaces,nodes,pods|${RO}`, `extensions|deployments|${RO}`]],
  ['system:kube-aggregator', [`|endpoints,services|${RO}`]],
  ['system:kube-controller-manager', [EV, 'coordination.k8s.io|leases|create', 'coordination.k8s.io|leases|get,update|kube-controller-manager', '|secrets,serviceaccounts|create', '|secrets|delete',
    '|configmaps,namespaces,secrets,serviceaccounts|get', '|secrets,serviceaccounts|update', 'authentication.k8s.io|tokenreviews|create', 'authorization.k8s.io|subjectaccessreviews|create', '*|*|list,watch', '|serviceaccounts/token|create']],
  ['system:kube-dns', ['|endpoints,services|list,watch']],
  ['system:kube-scheduler', [EV, 'coordination.k8s.io|leases|create', 'coordination.k8s.io|leases|get,update|kube-scheduler', `|nodes|${RO}`, '|pods|delete,get,list,watch', '|bindings,pods/binding|create',
    '|pods/status|patch,update', `|replicationcontrollers,services|${RO}`, `apps,extensions|replicasets|${RO}`, `apps|statefulsets|${RO}`, `policy|poddisruptionbudgets|${RO}`,
    `|persistentvolumeclaims,persistentvolumes|${RO}`, 'authentication.k8s.io|tokenreviews|create', 'authorization.k8s.io|subjectaccessreviews|create', `storage.k8s.io|csinodes|${RO}`,
    `|namespaces|${RO}`, `storage.k8s.io|csidrivers|${RO}`, `storage.k8s.io|csistoragecapacities|${RO}`]],
  ['system:kubelet-api-admin', [`|nodes|${RO}`, '|nodes|proxy', '|nodes/log,nodes/metrics,nodes/proxy,nodes/stats|*']],
  ['system:monitoring', ['#/healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/*|get']],
  ['system:node', ['authentication.k8s.io|tokenreviews|create', 'authorization.k8s.io|localsubjectaccessreviews,subjectaccessreviews|create', `|services|${RO}`, '|nodes|create,get,list,watch',
    '|nodes/status|patch,update', '|nodes|patch,update', '|events|create,patch,update', `|pods|${RO}`, '|pods|create,delete', '|pods/status|patch,update', '|pods/eviction|create',
    `|configmaps,secrets|${RO}`, '|persistentvolumeclaims,persistentvolumes|get', '|endpoints|get', 'certificates.k8s.io|certificatesigningrequests|create,get,list,watch',
    'coordination.k8s.io|leases|create,delete,get,patch,update', 'storage.k8s.io|volumeattachments|get', '|serviceaccounts/token|create', '|persistentvolumeclaims/status|get,patch,update',
    `storage.k8s.io|csidrivers|${RO}`, 'storage.k8s.io|csinodes|create,delete,get,patch,update', `node.k8s.io|runtimeclasses|${RO}`]],
  ['system:node-bootstrapper', ['certificates.k8s.io|certificatesigningrequests|create,get,list,watch']],
  ['system:node-problem-detector', ['|nodes|get', '|nodes/status|patch', EV]],
  ['system:node-proxier', ['|endpoints,services|list,watch', `|nodes|${RO}`, EV, 'discovery.k8s.io|endpointslices|list,watch']],
  ['system:persistent-volume-provisioner', ['|persistentvolumes|create,delete,get,list,watch', '|persistentvolumeclaims|get,list,update,watch', `storage.k8s.io|storageclasses|${RO}`, '|events|watch', EV]],
  ['system:public-info-viewer', ['#/healthz,/livez,/readyz,/version,/version/|get']],
  ['system:service-account-issuer-discovery', ['#/.well-known/openid-configuration,/openid/v1/jwks|get']],
  ['system:volume-scheduler', ['|persistentvolumes|get,list,patch,update,watch', `storage.k8s.io|storageclasses|${RO}`, '|persistentvolumeclaims|get,list,patch,update,watch']],
  ['view', [], { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, 'rbac.authorization.k8s.io/aggregate-to-view'],
];

/** The controllers' roles (system:controller:<name>), bound to the kube-system service account <name>. */
const CONTROLLER_ROLES: [string, R[]][] = [
  ['attachdetach-controller', ['|persistentvolumeclaims,persistentvolumes|list,watch', `|nodes|${RO}`, '|nodes/status|patch,update', '|pods|list,watch', EV,
    'storage.k8s.io|volumeattachments|create,delete,get,list,watch', `storage.k8s.io|csidrivers|${RO}`, `storage.k8s.io|csinodes|${RO}`]],
  ['certificate-controller', ['certificates.k8s.io|certificatesigningrequests|delete,get,list,watch', 'certificates.k8s.io|certificatesigningrequests/approval,certificatesigningrequests/status|update',
    'certificates.k8s.io|signers|approve|kubernetes.io/kube-apiserver-client-kubelet',
    'certificates.k8s.io|signers|sign|kubernetes.io/kube-apiserver-client,kubernetes.io/kube-apiserver-client-kubelet,kubernetes.io/kubelet-serving,kubernetes.io/legacy-unknown',
    'authorization.k8s.io|subjectaccessreviews|create', EV]],
  ['clusterrole-aggregation-controller', ['rbac.authorization.k8s.io|clusterroles|escalate,get,list,patch,update,watch']],
  ['cronjob-controller', ['batch|cronjobs|get,list,update,watch', 'batch|jobs|create,delete,get,list,patch,update,watch', 'batch|cronjobs/status|update', 'batch|cronjobs/finalizers|update', '|pods|delete,list,watch', EV]],
  ['daemon-set-controller', [`apps,extensions|daemonsets|${RO}`, 'apps,extensions|daemonsets/status|update', 'apps,extensions|daemonsets/finalizers|update', '|nodes|list,watch',
    '|pods|create,delete,list,patch,watch', '|pods/binding|create', 'apps|controllerrevisions|create,delete,get,list,patch,update,watch', EV]],
  ['deployment-controller', ['apps,extensions|deployments|get,list,update,watch', 'apps,extensions|deployments/status|update', 'apps,extensions|deployments/finalizers|update',
    'apps,extensions|replicasets|create,delete,get,list,patch,update,watch', '|pods|get,list,update,watch', EV]],
  ['disruption-controller', [`apps,extensions|deployments|${RO}`, `apps,extensions|replicasets|${RO}`, `|replicationcontrollers|${RO}`, `policy|poddisruptionbudgets|${RO}`,
    `apps|statefulsets|${RO}`, 'policy|poddisruptionbudgets/status|update', '|pods/status|patch,update', '*|*/scale|get', EV]],
  ['endpoint-controller', [`|pods,services|${RO}`, '|endpoints|create,delete,get,list,update,watch', '|endpoints/restricted|create', EV]],
  ['endpointslice-controller', [`|nodes,pods,services|${RO}`, '|services/finalizers|update', 'discovery.k8s.io|endpointslices|create,delete,get,list,update,watch', EV]],
  ['endpointslicemirroring-controller', [`|endpoints,services|${RO}`, '|services/finalizers|update', '|endpoints/finalizers|update', 'discovery.k8s.io|endpointslices|create,delete,get,list,update,watch', EV]],
  ['ephemeral-volume-controller', [`|pods|${RO}`, '|pods/finalizers|update', '|persistentvolumeclaims|create,get,list,watch', EV]],
  ['expand-controller', ['|persistentvolumes|get,list,patch,update,watch', '|persistentvolumeclaims/status|patch,update', `|persistentvolumeclaims|${RO}`, EV]],
  ['generic-garbage-collector', ['*|*|delete,get,list,patch,update,watch', EV]],
  ['horizontal-pod-autoscaler', [`autoscaling|horizontalpodautoscalers|${RO}`, 'autoscaling|horizontalpodautoscalers/status|update', '*|*/scale|get,update', '|pods|list,watch',
    'metrics.k8s.io|pods|list,watch', `custom.metrics.k8s.io|*|${RO}`, `external.metrics.k8s.io|*|${RO}`, EV]],
  ['job-controller', ['batch|jobs|get,list,patch,update,watch', 'batch|jobs/status|update', 'batch|jobs/finalizers|update', '|pods|create,delete,list,patch,watch', EV]],
  ['legacy-service-account-token-cleaner', ['|configmaps|get|kube-apiserver-legacy-service-account-token-tracking', '|secrets|delete,patch']],
  ['namespace-controller', ['|namespaces|delete,get,list,watch', '|namespaces/finalize,namespaces/status|update', '*|*|delete,deletecollection,get,list,watch']],
  ['node-controller', ['|nodes|delete,get,list,patch,update,watch', '|nodes/status|patch,update', '|pods/status|patch,update', '|pods|delete,get,list,watch', EV]],
  ['persistent-volume-binder', ['|persistentvolumes|create,delete,get,list,update,watch', '|persistentvolumes/status|update', '|persistentvolumeclaims|get,list,update,watch',
    '|persistentvolumeclaims/status|update', '|pods|create,delete,get,list,watch', `storage.k8s.io|storageclasses|${RO}`, '|nodes|list,watch', EV, '|events|watch']],
  ['pod-garbage-collector', ['|pods|delete,list,watch', `|nodes|${RO}`, '|pods/status|patch']],
  ['pv-protection-controller', ['|persistentvolumes|get,list,update,watch', EV]],
  ['pvc-protection-controller', ['|persistentvolumeclaims|get,list,update,watch', '|persistentvolumeclaims/status|update', `|pods|${RO}`, EV]],
  ['replicaset-controller', ['apps,extensions|replicasets|get,list,update,watch', 'apps,extensions|replicasets/status|update', 'apps,extensions|replicasets/finalizers|update', '|pods|create,delete,list,patch,watch', EV]],
  ['replication-controller', ['|replicationcontrollers|get,list,update,watch', '|replicationcontrollers/status|update', '|replicationcontrollers/finalizers|update', '|pods|create,delete,list,patch,watch', EV]],
  ['resourcequota-controller', ['*|*|list,watch', '|resourcequotas/status|update', EV]],
  ['root-ca-cert-publisher', ['|configmaps|create,update', EV]],
  ['route-controller', ['|nodes|list,watch', '|nodes/status|patch', EV]],
  ['selinux-warning-controller', [EV, `|persistentvolumes|${RO}`, `|persistentvolumeclaims|${RO}`, `|pods|${RO}`, `storage.k8s.io|csidrivers|${RO}`]],
  ['service-account-controller', ['|serviceaccounts|create', EV]],
  ['service-cidrs-controller', ['networking.k8s.io|servicecidrs|get,list,patch,update,watch', 'networking.k8s.io|servicecidrs/finalizers|patch,update', 'networking.k8s.io|servicecidrs/status|patch,update', `networking.k8s.io|ipaddresses|${RO}`, EV]],
  ['service-controller', [`|services|${RO}`, '|services/status|patch,update', '|nodes|list,watch', EV]],
  ['statefulset-controller', ['|pods|list,watch', `apps|statefulsets|${RO}`, 'apps|statefulsets/status|update', 'apps|statefulsets/finalizers|update', '|pods|create,delete,get,patch,update',
    'apps|controllerrevisions|create,delete,get,list,patch,update,watch', '|persistentvolumeclaims|create,get,list,watch', '|persistentvolumeclaims|delete,update', '|pods/finalizers|update', EV]],
  ['ttl-after-finished-controller', ['batch|jobs|delete,get,list,watch', EV]],
  ['ttl-controller', ['|nodes|list,patch,update,watch', EV]],
  ['validatingadmissionpolicy-status-controller', [`admissionregistration.k8s.io|validatingadmissionpolicies|${RO}`, 'admissionregistration.k8s.io|validatingadmissionpolicies/status|get,patch,update', EV]],
];

/** kind's own cluster roles (its CNI, storage provisioner and CoreDNS) and kubeadm's. */
const KIND_ROLES: [string, R[], Record<string, string>?][] = [
  ['kindnet', ['|nodes|list,watch,patch', '|configmaps|get', '|namespaces|list,watch', '|pods|list,watch', 'networking.k8s.io|networkpolicies|list,watch'], { app: 'kindnet' }],
  ['kubeadm:get-nodes', ['|nodes|get']],
  ['local-path-provisioner-role', [`|nodes,persistentvolumeclaims,configmaps,pods,pods/log|${RO}`, '|persistentvolumes|*', '|events|create,patch', `storage.k8s.io|storageclasses|${RO}`]],
  ['system:coredns', ['|endpoints,services,pods,namespaces|list,watch', 'discovery.k8s.io|endpointslices|list,watch']],
];

const BOOTSTRAP = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const RBAC = 'rbac.authorization.k8s.io/v1';
const grp = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
const usr = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
const sa = (name: string, namespace = 'kube-system') => ({ kind: 'ServiceAccount', name, namespace });

function clusterRole(name: string, rules: R[], labels: Record<string, string> = {}, aggregate?: string, bootstrap = true): KObject {
  return {
    apiVersion: RBAC, kind: 'ClusterRole',
    metadata: { name, labels: bootstrap ? { ...BOOTSTRAP, ...labels } : labels, ...(bootstrap ? { annotations: { ...AUTOUPDATE } } : {}) },
    ...(aggregate ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregate]: 'true' } }] } } : {}),
    rules: rules.map(rule),
  } as KObject;
}
function crb(name: string, role: string, subjects: object[], bootstrap = true): KObject {
  return {
    apiVersion: RBAC, kind: 'ClusterRoleBinding',
    metadata: { name, ...(bootstrap ? { labels: { ...BOOTSTRAP }, annotations: { ...AUTOUPDATE } } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects,
  } as KObject;
}
function role(ns: string, name: string, rules: R[], bootstrap = true): KObject {
  return { apiVersion: RBAC, kind: 'Role', metadata: { name, namespace: ns, ...(bootstrap ? { labels: { ...BOOTSTRAP }, annotations: { ...AUTOUPDATE } } : {}) }, rules: rules.map(rule) } as KObject;
}
function rb(ns: string, name: string, kind: 'Role' | 'ClusterRole', roleName: string, subjects: object[], bootstrap = true): KObject {
  return {
    apiVersion: RBAC, kind: 'RoleBinding',
    metadata: { name, namespace: ns, ...(bootstrap ? { labels: { ...BOOTSTRAP }, annotations: { ...AUTOUPDATE } } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName }, subjects,
  } as KObject;
}

/** Service accounts kube-controller-manager's controllers act as (--use-service-account-credentials). */
export const CONTROLLER_SERVICE_ACCOUNTS = CONTROLLER_ROLES.map(([n]) => n).filter(n => n !== 'route-controller');

/** Every default RBAC object, in the order they are created. */
export function defaultRBAC(): KObject[] {
  const out: KObject[] = [];
  for (const [name, rules, labels, agg] of CLUSTER_ROLES) out.push(clusterRole(name, rules, labels, agg));
  for (const [name, rules] of CONTROLLER_ROLES) out.push(clusterRole(`system:controller:${name}`, rules));
  for (const [name, rules, labels] of KIND_ROLES) out.push(clusterRole(name, rules, labels, undefined, name !== 'system:coredns' ? false : false));
  out.push(crb('cluster-admin', 'cluster-admin', [grp('system:masters')]));
  out.push(crb('system:basic-user', 'system:basic-user', [grp('system:authenticated')]));
  out.push(crb('system:discovery', 'system:discovery', [grp('system:authenticated')]));
  out.push(crb('system:kube-controller-manager', 'system:kube-controller-manager', [usr('system:kube-controller-manager')]));
  out.push(crb('system:kube-dns', 'system:kube-dns', [sa('kube-dns')]));
  out.push(crb('system:kube-scheduler', 'system:kube-scheduler', [usr('system:kube-scheduler')]));
  out.push(crb('system:monitoring', 'system:monitoring', [grp('system:monitoring')]));
  out.push(crb('system:node', 'system:node', []));
  out.push(crb('system:node-proxier', 'system:node-proxier', [usr('system:kube-proxy')]));
  out.push(crb('system:public-info-viewer', 'system:public-info-viewer', [grp('system:authenticated'), grp('system:unauthenticated')]));
  out.push(crb('system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', [grp('system:serviceaccounts')]));
  out.push(crb('system:volume-scheduler', 'system:volume-scheduler', [usr('system:kube-scheduler')]));
  for (const [name] of CONTROLLER_ROLES) out.push(crb(`system:controller:${name}`, `system:controller:${name}`, [sa(name)]));
  // kubeadm
  out.push(crb('kubeadm:cluster-admins', 'cluster-admin', [grp('kubeadm:cluster-admins')], false));
  out.push(crb('kubeadm:get-nodes', 'kubeadm:get-nodes', [grp('system:bootstrappers:kubeadm:default-node-token')], false));
  out.push(crb('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [grp('system:bootstrappers:kubeadm:default-node-token')], false));
  out.push(crb('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [grp('system:bootstrappers:kubeadm:default-node-token')], false));
  out.push(crb('kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [grp('system:nodes')], false));
  out.push(crb('kubeadm:node-proxier', 'system:node-proxier', [sa('kube-proxy')], false));
  // kind's addons
  out.push(crb('kindnet', 'kindnet', [sa('kindnet')], false));
  out.push(crb('local-path-provisioner-bind', 'local-path-provisioner-role', [sa('local-path-provisioner-service-account', 'local-path-storage')], false));
  out.push(crb('system:coredns', 'system:coredns', [sa('coredns')], false));
  // namespaced roles of the bootstrap policy and kubeadm
  out.push(role('kube-public', 'system:controller:bootstrap-signer', ['|configmaps|get,list,watch', '|configmaps|update|cluster-info', EV]));
  out.push(role('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', ['|configmaps|get|cluster-info'], false));
  out.push(role('kube-system', 'extension-apiserver-authentication-reader', ['|configmaps|get,list,watch|extension-apiserver-authentication']));
  out.push(role('kube-system', 'kube-proxy', ['|configmaps|get|kube-proxy'], false));
  out.push(role('kube-system', 'kubeadm:kubelet-config', ['|configmaps|get|kubelet-config'], false));
  out.push(role('kube-system', 'kubeadm:nodes-kubeadm-config', ['|configmaps|get|kubeadm-config'], false));
  out.push(role('kube-system', 'system::leader-locking-kube-controller-manager', ['|configmaps|watch', '|configmaps|get,update|kube-controller-manager']));
  out.push(role('kube-system', 'system::leader-locking-kube-scheduler', ['|configmaps|watch', '|configmaps|get,update|kube-scheduler']));
  out.push(role('kube-system', 'system:controller:bootstrap-signer', ['|secrets|get,list,watch']));
  out.push(role('kube-system', 'system:controller:cloud-provider', ['|configmaps|create,get,list,watch']));
  out.push(role('kube-system', 'system:controller:token-cleaner', ['|secrets|delete,get,list,watch', EV]));
  out.push(rb('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'Role', 'kubeadm:bootstrap-signer-clusterinfo', [usr('system:anonymous')], false));
  out.push(rb('kube-public', 'system:controller:bootstrap-signer', 'Role', 'system:controller:bootstrap-signer', [sa('bootstrap-signer')]));
  out.push(rb('kube-system', 'kube-proxy', 'Role', 'kube-proxy', [grp('system:bootstrappers:kubeadm:default-node-token')], false));
  out.push(rb('kube-system', 'kubeadm:kubelet-config', 'Role', 'kubeadm:kubelet-config', [grp('system:nodes'), grp('system:bootstrappers:kubeadm:default-node-token')], false));
  out.push(rb('kube-system', 'kubeadm:nodes-kubeadm-config', 'Role', 'kubeadm:nodes-kubeadm-config', [grp('system:bootstrappers:kubeadm:default-node-token'), grp('system:nodes')], false));
  out.push(rb('kube-system', 'system::extension-apiserver-authentication-reader', 'Role', 'extension-apiserver-authentication-reader', [usr('system:kube-controller-manager'), usr('system:kube-scheduler')]));
  out.push(rb('kube-system', 'system::leader-locking-kube-controller-manager', 'Role', 'system::leader-locking-kube-controller-manager', [usr('system:kube-controller-manager'), sa('kube-controller-manager')]));
  out.push(rb('kube-system', 'system::leader-locking-kube-scheduler', 'Role', 'system::leader-locking-kube-scheduler', [usr('system:kube-scheduler'), sa('kube-scheduler')]));
  out.push(rb('kube-system', 'system:controller:bootstrap-signer', 'Role', 'system:controller:bootstrap-signer', [sa('bootstrap-signer')]));
  out.push(rb('kube-system', 'system:controller:cloud-provider', 'Role', 'system:controller:cloud-provider', [sa('cloud-provider')]));
  out.push(rb('kube-system', 'system:controller:token-cleaner', 'Role', 'system:controller:token-cleaner', [sa('token-cleaner')]));
  return out;
}
