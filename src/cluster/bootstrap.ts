// A new cluster, as a fresh kind cluster at v1.33 looks: nodes, namespaces, the kubernetes and kube-dns
// Services, and the control-plane components and CoreDNS running in kube-system.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { defaultRBAC } from './rbac-defaults';
import { createNode, daemonPod, K8S_VERSION } from './nodes';
export { K8S_VERSION };
import { startKubelet } from '../kubelet/node';

export interface NodeSpec { name: string; role: 'control-plane' | 'worker'; labels?: Record<string, string> }
export interface ClusterConfig { name: string; nodes: NodeSpec[]; loadBalancerPool?: string[]; ingressAddress?: string }

export function defaultNodes(cluster: string, roles: ('control-plane' | 'worker')[], labels: (Record<string, string> | undefined)[] = []): NodeSpec[] {
  let cp = 0, w = 0;
  return roles.map((role, i) => {
    const n = role === 'control-plane' ? cp++ : w++;
    const name = role === 'control-plane' ? `${cluster}-control-plane${n ? n + 1 : ''}` : `${cluster}-worker${n ? n + 1 : ''}`;
    return { name, role, labels: labels[i] };
  });
}

export function bootstrap(rt: Runtime, cfg: ClusterConfig): void {
  const api = rt.api;
  const now = rt.clock.nowISO();
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const o of defaultRBAC()) api.create(o);
  api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' }, value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority' });
  api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority' });
  api.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' });

  const nodes: KObject[] = [];
  const workers = cfg.nodes.some(x => x.role === 'worker');
  cfg.nodes.forEach((n, i) => nodes.push(createNode(rt, cfg.name, { ...n, ip: `172.18.0.${i + 2}`, podCIDR: `10.244.${i}.0/24`,
    // kind removes the control-plane taint when the cluster has no workers
    taints: n.role === 'control-plane' && workers ? [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] : undefined })));

  // Services: kubernetes (10.96.0.1) and kube-dns (10.96.0.10)
  const cp = cfg.nodes.find(n => n.role === 'control-plane') ?? cfg.nodes[0]!;
  const cpIP = `172.18.0.${cfg.nodes.indexOf(cp) + 2}`;
  api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' } });
  api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: cpIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] });
  api.create({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4', endpoints: [{ addresses: [cpIP], conditions: { ready: true } }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] });
  api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' } },
    spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', selector: { 'k8s-app': 'kube-dns' },
      ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }],
      sessionAffinity: 'None', type: 'ClusterIP' } });
  rt.store.setMeta('alloc/service-ips', JSON.stringify(['10.96.0.1', '10.96.0.10']));

  // kube-system workloads
  const cpNode = nodes.find(n => n.metadata.name === cp.name)!;
  const critical = (name: string, image: string, component: string, command: string[], extra: any = {}) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${name}-${cp.name}`, namespace: 'kube-system', labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.hash': rt.rng.hex(32), 'kubernetes.io/config.mirror': rt.rng.hex(32), 'kubernetes.io/config.seen': new Date(rt.clock.now()).toISOString().replace('Z', '000000Z'), 'kubernetes.io/config.source': 'file', ...(extra.annotations ?? {}) },
      ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Node', name: cp.name, uid: cpNode.metadata.uid! }] },
    spec: { nodeName: cp.name, hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000, automountServiceAccountToken: false,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      containers: [{ name, image, command, resources: { requests: extra.cpu ? { cpu: extra.cpu } : {} } }] },
  });
  api.create(critical('etcd', 'registry.k8s.io/etcd:3.5.21-0', 'etcd', ['etcd', `--advertise-client-urls=https://${cpIP}:2379`, '--data-dir=/var/lib/etcd'], { cpu: '100m', annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${cpIP}:2379` } }));
  api.create(critical('kube-apiserver', `registry.k8s.io/kube-apiserver:${K8S_VERSION}`, 'kube-apiserver', ['kube-apiserver', `--advertise-address=${cpIP}`, '--service-cluster-ip-range=10.96.0.0/12'], { cpu: '250m', annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${cpIP}:6443` } }));
  api.create(critical('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`, 'kube-controller-manager', ['kube-controller-manager', '--cluster-cidr=10.244.0.0/16'], { cpu: '200m' }));
  api.create(critical('kube-scheduler', `registry.k8s.io/kube-scheduler:${K8S_VERSION}`, 'kube-scheduler', ['kube-scheduler', '--bind-address=127.0.0.1'], { cpu: '100m' }));

  // CoreDNS: a Deployment with its ReplicaSet and two pods on the control plane
  const dep = api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: { replicas: 2, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: corednsTemplate() } });
  const hash = '674b8bbfcf';
  const rsTemplate = corednsTemplate();
  rsTemplate.metadata.labels['pod-template-hash'] = hash;
  const rs = api.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `coredns-${hash}`, namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: 'coredns', uid: dep.metadata.uid! }] },
    spec: { replicas: 2, selector: { matchLabels: { 'k8s-app': 'kube-dns', 'pod-template-hash': hash } }, template: rsTemplate } });
  for (let i = 0; i < 2; i++) {
    const t = corednsTemplate();
    api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: `coredns-${hash}-`, namespace: 'kube-system', labels: { ...t.metadata.labels, 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid! }] },
      spec: { ...t.spec, nodeName: cp.name } });
  }
  api.updateStatus({ ...dep, status: { availableReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2, updatedReplicas: 2,
    conditions: [
      { lastTransitionTime: now, lastUpdateTime: now, message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
      { lastTransitionTime: now, lastUpdateTime: now, message: `ReplicaSet "coredns-${hash}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
    ] } });
  api.updateStatus({ ...rs, status: { availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2 } });

  // DaemonSets: kindnet and kube-proxy, one pod per node
  for (const [dsName, image, label] of [['kindnet', 'docker.io/kindest/kindnetd:v20250512-df8de77b', { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }], ['kube-proxy', `registry.k8s.io/kube-proxy:${K8S_VERSION}`, { 'k8s-app': 'kube-proxy' }]] as const) {
    const selector = dsName === 'kindnet' ? { app: 'kindnet' } : { 'k8s-app': 'kube-proxy' };
    const tmpl = { metadata: { labels: { ...label } }, spec: { hostNetwork: true, serviceAccountName: dsName, priorityClassName: 'system-node-critical', tolerations: [{ operator: 'Exists' }], nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [{ name: dsName, image, ...(dsName === 'kindnet' ? { resources: { limits: { cpu: '100m', memory: '50Mi' }, requests: { cpu: '100m', memory: '50Mi' } } } : { command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'] }) }] } };
    const ds = api.create({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: dsName, namespace: 'kube-system', labels: { ...label }, annotations: { 'deprecated.daemonset.template.generation': '1' } },
      spec: { selector: { matchLabels: selector }, template: tmpl, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, revisionHistoryLimit: 10 } });
    if (!api.tryGet(byGroupResource('', 'serviceaccounts')!, 'kube-system', dsName)) api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: dsName, namespace: 'kube-system' } });
    const crHash = dsName === 'kindnet' ? '6cbf8cf6c' : '5bd5c7b9f6';
    for (const n of cfg.nodes) api.create(daemonPod(ds, n.name, crHash));
    const c = cfg.nodes.length;
    api.updateStatus({ ...ds, status: { currentNumberScheduled: c, desiredNumberScheduled: c, numberAvailable: c, numberMisscheduled: 0, numberReady: c, observedGeneration: 1, updatedNumberScheduled: c } });
  }
  // the kubelets start: their status, events and leases; kube-proxy starts on every node
  for (const n of cfg.nodes) startKubelet(rt, n.name);
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: COREFILE } });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-info', namespace: 'kube-public' }, data: { kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    server: https://${cfg.name}-control-plane:6443\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n` } });
}

function corednsTemplate(): any {
  return {
    metadata: { labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      serviceAccountName: 'coredns', priorityClassName: 'system-cluster-critical', dnsPolicy: 'Default', nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }],
      volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
      containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.12.0', args: ['-conf', '/etc/coredns/Corefile'],
        ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }, { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' }, { containerPort: 9153, name: 'metrics', protocol: 'TCP' }],
        resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
        volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }] }],
    },
  };
}
const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
    }
    loop
    reload
    loadbalance
}
`;
