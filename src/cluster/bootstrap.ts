// A new cluster, as a fresh kind cluster at v1.33 looks: nodes, namespaces, the kubernetes and kube-dns
// Services, and the control-plane components and CoreDNS running in kube-system.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { defaultRBAC } from './rbac-defaults';
import { createNode, K8S_VERSION } from './nodes';
export { K8S_VERSION };
import { startKubelet, kubeProxyStartEvent } from '../kubelet/node';

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
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const o of defaultRBAC()) api.create(o);
  api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' }, value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority' });
  api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority' });
  api.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' });

  const nodes: KObject[] = [];
  const workers = cfg.nodes.some(x => x.role === 'worker');
  /** A node joins: its Node and Lease, then its kubelet starts (status, condition events). */
  const addNode = (n: NodeSpec, proxy: boolean) => {
    const i = cfg.nodes.indexOf(n);
    nodes.push(createNode(rt, cfg.name, { ...n, ip: `172.18.0.${i + 2}`, podCIDR: `10.244.${i}.0/24`,
      // kind removes the control-plane taint when the cluster has no workers
      taints: n.role === 'control-plane' && workers ? [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] : undefined }));
    startKubelet(rt, n.name, { proxy });
  };
  // the control plane first; the workers join once the add-ons run (below)
  const controlPlanes = cfg.nodes.filter(n => n.role === 'control-plane');
  controlPlanes.forEach(n => addNode(n, false));

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

  // The add-ons, as kubeadm and kind install them: CoreDNS (a Deployment), kindnet and kube-proxy
  // (DaemonSets) and the local-path provisioner (a Deployment in local-path-storage). Their controllers
  // make the pods; the workers join afterwards, as on kind, so CoreDNS and the provisioner land on the
  // control plane and the daemon sets follow the workers as they appear.
  for (const sa of ['coredns', 'kindnet', 'kube-proxy']) api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: 'kube-system' } });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: { 'config.conf': KUBE_PROXY_CONFIG, 'kubeconfig.conf': `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://${cfg.name}-control-plane:6443\n  name: default\n` } });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: COREFILE } });
  const coredns = api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: { replicas: 2, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: corednsTemplate() } });
  // kubeadm's CoreDNS template hashes to 674b8bbfcf (kctl's hash of its shorter template would not): its
  // ReplicaSet is made here, empty, and the deployment controller takes it as the new one and scales it up.
  const corednsHash = '674b8bbfcf';
  const rsTemplate = corednsTemplate();
  rsTemplate.metadata.labels['pod-template-hash'] = corednsHash;
  api.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `coredns-${corednsHash}`, namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': corednsHash },
    ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: 'coredns', uid: coredns.metadata.uid! }] },
    spec: { replicas: 0, selector: { matchLabels: { 'k8s-app': 'kube-dns', 'pod-template-hash': corednsHash } }, template: rsTemplate } });
  api.create(kindnetDaemonSet());
  api.create(kubeProxyDaemonSet());
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'local-path-storage' } });
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'local-path-provisioner-service-account', namespace: 'local-path-storage' } });
  api.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'local-path-provisioner-role', namespace: 'local-path-storage' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] }] });
  api.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'local-path-provisioner-bind', namespace: 'local-path-storage' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'local-path-provisioner-role' },
    subjects: [{ kind: 'ServiceAccount', name: 'local-path-provisioner-service-account', namespace: 'local-path-storage' }] });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'local-path-config', namespace: 'local-path-storage' }, data: LOCAL_PATH_CONFIG });
  api.create(localPathDeployment());
  rt.settle();
  for (const n of controlPlanes) kubeProxyStartEvent(rt, n.name);
  cfg.nodes.filter(n => n.role !== 'control-plane').forEach(n => addNode(n, true));
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-info', namespace: 'kube-public' }, data: { kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    server: https://${cfg.name}-control-plane:6443\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n` } });
}

/** kind v0.29.0's kindnet (pkg/build/nodeimage/const_cni.go), with the cluster's pod subnet. */
function kindnetDaemonSet(): KObject {
  const labels = { tier: 'node', app: 'kindnet', 'k8s-app': 'kindnet' };
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kindnet', namespace: 'kube-system', labels: { ...labels } },
    spec: { selector: { matchLabels: { app: 'kindnet' } },
      template: { metadata: { labels: { ...labels } }, spec: {
        hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }], serviceAccountName: 'kindnet',
        containers: [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20250512-df8de77b',
          env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'POD_SUBNET', value: '10.244.0.0/16' }],
          volumeMounts: [{ name: 'cni-cfg', mountPath: '/etc/cni/net.d' }, { name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false },
            { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true }, { name: 'nri-plugin', mountPath: '/var/run/nri' }],
          resources: { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } },
          securityContext: { privileged: false, capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } } }],
        volumes: [{ name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d' } }, { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
          { name: 'lib-modules', hostPath: { path: '/lib/modules' } }, { name: 'nri-plugin', hostPath: { path: '/var/run/nri' } }],
      } } } };
}
function kubeProxyDaemonSet(): KObject {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
    spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, revisionHistoryLimit: 10,
      template: { metadata: { labels: { 'k8s-app': 'kube-proxy' } }, spec: {
        hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' }, priorityClassName: 'system-node-critical', serviceAccountName: 'kube-proxy',
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${K8S_VERSION}`,
          command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
          env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
          securityContext: { privileged: true },
          volumeMounts: [{ mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' }, { mountPath: '/run/xtables.lock', name: 'xtables-lock' }, { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true }] }],
        volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } }, { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
          { name: 'lib-modules', hostPath: { path: '/lib/modules' } }],
      } } } };
}
/** kind v0.29.0's local-path-provisioner (pkg/build/nodeimage/const_storage.go). */
function localPathDeployment(): KObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'local-path-provisioner', namespace: 'local-path-storage' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'local-path-provisioner' } },
      template: { metadata: { labels: { app: 'local-path-provisioner' } }, spec: {
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' }],
        serviceAccountName: 'local-path-provisioner-service-account',
        containers: [{ name: 'local-path-provisioner', image: 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a', imagePullPolicy: 'IfNotPresent',
          command: ['local-path-provisioner', '--debug', 'start', '--helper-image', 'docker.io/kindest/local-path-helper:v20241212-8ac705d0', '--config', '/etc/config/config.json'],
          volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
          env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' }] }],
        volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
      } } } };
}
const LOCAL_PATH_CONFIG = {
  'config.json': '{\n        "nodePathMap":[\n        {\n                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",\n                "paths":["/var/local-path-provisioner"]\n        }\n        ]\n}',
  'helperPod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: helper-pod\nspec:\n  priorityClassName: system-node-critical\n  tolerations:\n    - key: node.kubernetes.io/disk-pressure\n      operator: Exists\n      effect: NoSchedule\n  containers:\n  - name: helper-pod\n    image: docker.io/kindest/local-path-helper:v20241212-8ac705d0\n    imagePullPolicy: IfNotPresent',
  setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"',
  teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"',
};
const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: 10.244.0.0/16
conntrack:
  maxPerCore: 0
iptables:
  minSyncPeriod: 1s
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
mode: iptables
`;

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
