// Nodes as kind makes them (one container per node): the Node object with its addresses, capacity, pod CIDR
// and system info, its Lease in kube-node-lease, and the DaemonSet pods kind runs on every node (kindnet,
// kube-proxy). Used by a new cluster's bootstrap and by `kctl sim node add|remove`.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { byGroupResource } from '../api/discovery';
import { CliError } from '../api/errors';
import { LEASE_DURATION_S, setNodeDown } from '../api/heartbeat';
import { startKubelet, kubeProxyStartEvent } from '../kubelet/node';
import { lookupImage } from '../kubelet/images';

export const K8S_VERSION = 'v1.33.1';
export const DEFAULT_CAPACITY = { cpu: '8', 'ephemeral-storage': '263174212Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32827076Ki', pods: '110' };

export interface NewNode {
  name: string;
  role: 'control-plane' | 'worker';
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  capacity?: Partial<typeof DEFAULT_CAPACITY>;
  ip: string;
  podCIDR: string;
}

const nodeRi = () => byGroupResource('', 'nodes')!;

/** The Node and its Lease; the kubelet posts the node's conditions when it starts (src/kubelet/node.ts). */
export function createNode(rt: Runtime, cluster: string, n: NewNode): KObject {
  const api = rt.api;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux',
    ...(n.role === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...(n.labels ?? {}),
  };
  const node = api.create({
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: n.name, labels, annotations: {
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    } },
    spec: {
      podCIDR: n.podCIDR, podCIDRs: [n.podCIDR], providerID: `kind://docker/${cluster}/${n.name}`,
      ...(n.taints?.length ? { taints: n.taints } : {}),
    },
  });
  const capacity = { ...DEFAULT_CAPACITY, ...(n.capacity ?? {}) };
  node.status = {
    addresses: [{ address: n.ip, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
    allocatable: { ...capacity }, capacity,
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    images: preloadedImages(),
    nodeInfo: {
      architecture: 'amd64', bootID: rt.rng.uuid(), containerRuntimeVersion: 'containerd://2.1.1',
      kernelVersion: '6.8.0-1021-gcp', kubeProxyVersion: K8S_VERSION, kubeletVersion: K8S_VERSION,
      machineID: rt.rng.hex(32), operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)', systemUUID: rt.rng.uuid(),
    },
    runtimeHandlers: [{ features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: 'runc' }, { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: 'test-handler' }, { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: '' }],
    features: { supplementalGroupsPolicy: true },
  };
  const out = api.updateStatus(node);
  api.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: n.name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: node.metadata.uid! }] },
    spec: { holderIdentity: n.name, leaseDurationSeconds: LEASE_DURATION_S, renewTime: rt.clock.nowMicro() } });
  return out;
}

/** The images a kind node image ships with (crictl images on a fresh node), as node.status.images lists them. */
const PRELOADED = ['docker.io/kindest/kindnetd:v20250512-df8de77b', 'docker.io/kindest/local-path-helper:v20241212-8ac705d0',
  'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a', 'registry.k8s.io/coredns/coredns:v1.12.0', 'registry.k8s.io/etcd:3.5.21-0',
  `registry.k8s.io/kube-apiserver:${K8S_VERSION}`, `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`, `registry.k8s.io/kube-proxy:${K8S_VERSION}`,
  `registry.k8s.io/kube-scheduler:${K8S_VERSION}`, 'registry.k8s.io/pause:3.10'];
function preloadedImages(): any[] {
  return PRELOADED.map(name => { const i = lookupImage(name); return { names: [i.imageID, i.resolved], sizeBytes: i.size }; })
    .sort((a, b) => b.sizeBytes - a.sizeBytes);
}

/** A DaemonSet's pod on one node, as the DaemonSet controller makes it (pinned by node affinity). */
export function daemonPod(ds: KObject, node: string, revisionHash: string): KObject {
  const tmpl = JSON.parse(JSON.stringify(ds.spec.template));
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace,
      labels: { ...(tmpl.metadata?.labels ?? {}), 'controller-revision-hash': revisionHash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'DaemonSet', name: ds.metadata.name!, uid: ds.metadata.uid! }] },
    spec: { ...tmpl.spec, nodeName: node, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } } },
  };
}

const ipNum = (ip: string) => Number(ip.split('.')[3]);

export interface AddNodeOptions { role?: 'control-plane' | 'worker'; labels?: Record<string, string>; taints?: NewNode['taints']; capacity?: NewNode['capacity'] }

/**
 * `kctl sim node add`: a node joins as `kind` adds one: the next free address on kind's network and the next
 * pod CIDR, its kubelet starts, and the kindnet and kube-proxy DaemonSets get a pod on it (here, unless a
 * DaemonSet controller is running to do that itself).
 */
export function addNode(rt: Runtime, cluster: string, name: string, o: AddNodeOptions): KObject {
  const api = rt.api;
  if (api.tryGet(nodeRi(), undefined, name)) throw new CliError(`node "${name}" already exists`);
  const nodes = api.list(nodeRi(), undefined);
  const usedIPs = new Set(nodes.map(n => ipNum((n.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '0.0.0.0')));
  let host = 2; while (usedIPs.has(host)) host++;
  if (host > 254) throw new CliError('no free address left on the cluster network 172.18.0.0/24');
  const usedCIDRs = new Set(nodes.map(n => n.spec?.podCIDR));
  let c = 0; while (usedCIDRs.has(`10.244.${c}.0/24`)) c++;
  if (c > 255) throw new CliError('no free pod CIDR left in 10.244.0.0/16');
  const role = o.role ?? 'worker';
  const taints = [...(role === 'control-plane' ? [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] : []), ...(o.taints ?? [])];
  const node = createNode(rt, cluster, { name, role, labels: o.labels, taints, capacity: o.capacity, ip: `172.18.0.${host}`, podCIDR: `10.244.${c}.0/24` });
  startKubelet(rt, name, { proxy: false });
  if (!rt.controllers.some(x => x.name === 'daemonset')) {
    const dsRi = byGroupResource('apps', 'daemonsets')!;
    const podRi = byGroupResource('', 'pods')!;
    for (const dsName of ['kindnet', 'kube-proxy']) {
      const ds = api.tryGet(dsRi, 'kube-system', dsName);
      if (!ds) continue;
      const sibling = api.list(podRi, 'kube-system').find(p => p.metadata.ownerReferences?.some(r => r.uid === ds.metadata.uid));
      const hash = sibling?.metadata.labels?.['controller-revision-hash'] ?? rt.rng.hex(10);
      api.create(daemonPod(ds, name, hash));
      const count = api.list(podRi, 'kube-system').filter(p => p.metadata.ownerReferences?.some(r => r.uid === ds.metadata.uid)).length;
      api.updateStatus({ ...api.get(dsRi, 'kube-system', dsName), status: { ...(ds.status ?? {}), currentNumberScheduled: count, desiredNumberScheduled: count, numberAvailable: count, numberReady: count, updatedNumberScheduled: count } });
    }
  }
  if (api.tryGet(byGroupResource('apps', 'daemonsets')!, 'kube-system', 'kube-proxy')) kubeProxyStartEvent(rt, name);
  return node;
}

/** `kctl sim node remove`: the Node object is deleted (pods on it go as the pod GC removes orphans). */
export function removeNode(rt: Runtime, name: string): void {
  rt.api.delete(nodeRi(), undefined, name);
  setNodeDown(rt.store, name, undefined);
}
