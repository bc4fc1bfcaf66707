// Node describer: header, lease, conditions, addresses, capacity, system info, pods on the node, allocated resources.
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { PrefixWriter, LEVEL_0, LEVEL_1 } from './writer';
import { Quantity, podRequestsAndLimits, toResourceMap, ResourceMap } from './quantity';
import { DescribeContext, ts, since, sortStrings, printLabelsMultiline, printAnnotationsMultiline, printTaintsMultiline, eventsFor, describeEvents } from './common';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
export function nodeRoles(node: KObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) { const r = k.slice(ROLE_PREFIX.length); if (r) roles.add(r); }
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return sortStrings([...roles]);
}

export function describeNode(node: KObject, ctx: DescribeContext): string {
  const name = node.metadata.name!;
  const pods = ctx.api.podsOnNode(name).filter(p => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => {
      const ka = `${a.metadata.namespace}/${a.metadata.name}`, kb = `${b.metadata.namespace}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  const events = eventsFor(node, ctx, { extraUids: [name] });
  const spec = node.spec ?? {}, status = node.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${name}\n`);
  const roles = nodeRoles(node);
  w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${ts(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', spec.taints);
  w.write(LEVEL_0, `Unschedulable:\t${!!spec.unschedulable}\n`);
  const leaseRi = byGroupResource('coordination.k8s.io', 'leases');
  const lease = leaseRi ? ctx.api.tryGet(leaseRi, 'kube-node-lease', name) : undefined;
  if (lease) {
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? ts(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? ts(lease.spec.renewTime) : '<unset>'}\n`);
  } else {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);
  }
  if (status.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions)
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${ts(c.lastHeartbeatTime)} \t${ts(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const printList = (list: Record<string, unknown>) => {
    for (const k of sortStrings(Object.keys(list))) w.write(LEVEL_0, `  ${k}:\t${Quantity.parse(list[k]).toString()}\n`);
  };
  if (Object.keys(status.capacity ?? {}).length) { w.write(LEVEL_0, 'Capacity:\n'); printList(status.capacity); }
  if (Object.keys(status.allocatable ?? {}).length) { w.write(LEVEL_0, 'Allocatable:\n'); printList(status.allocatable); }
  const ni = status.nodeInfo ?? {};
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${ni.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${ni.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${ni.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${ni.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${ni.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${ni.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${ni.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${ni.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${ni.kubeletVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${ni.kubeProxyVersion ?? ''}\n`);
  if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
  describeNodeResource(pods, node, w, ctx.now);
  describeEvents(events, w, ctx.now);
  return w.toString();
}

const zero = () => new Quantity();
const pct = (num: number, den: number) => Math.trunc((num / den) * 100);
/** Go's int64(float64) of a percentage: NaN and Inf (no allocatable) become the minimum int64. */
const goPct = (num: number, den: number) => (den === 0 ? '-9223372036854775808' : String(pct(num, den)));
const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);

function describeNodeResource(pods: KObject[], node: KObject, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const alloc: ResourceMap = toResourceMap(Object.keys(node.status?.allocatable ?? {}).length ? node.status.allocatable : node.status?.capacity);
  const allocCpu = (alloc.cpu ?? zero()).milliValue(), allocMem = (alloc.memory ?? zero()).value();
  const reqs: ResourceMap = {}, limits: ResourceMap = {};
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    const cr = r.reqs.cpu ?? zero(), cl = r.limits.cpu ?? zero(), mr = r.reqs.memory ?? zero(), ml = r.limits.memory ?? zero();
    w.write(LEVEL_1, `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${cr} (${goPct(cr.milliValue(), allocCpu)}%)\t${cl} (${goPct(cl.milliValue(), allocCpu)}%)\t${mr} (${goPct(mr.value(), allocMem)}%)\t${ml} (${goPct(ml.value(), allocMem)}%)\t${since(pod.metadata.creationTimestamp, now)}\n`);
    for (const [k, q] of Object.entries(r.reqs)) { if (!reqs[k]) reqs[k] = q.copy(); else reqs[k]!.add(q); }
    for (const [k, q] of Object.entries(r.limits)) { if (!limits[k]) limits[k] = q.copy(); else limits[k]!.add(q); }
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (name: string, useMilli: boolean) => {
    const rq = reqs[name] ?? zero(), lq = limits[name] ?? zero(), aq = alloc[name] ?? zero();
    const v = (q: Quantity) => (useMilli ? q.milliValue() : q.value());
    const den = v(aq);
    const p = (q: Quantity) => (den !== 0 ? pct(v(q), den) : 0);
    w.write(LEVEL_1, `${name}\t${rq} (${p(rq)}%)\t${lq} (${p(lq)}%)\n`);
  };
  row('cpu', true);
  row('memory', false);
  row('ephemeral-storage', false);
  const huge: string[] = [], ext: string[] = [];
  for (const k of Object.keys(alloc)) {
    if (k.startsWith('hugepages-')) huge.push(k);
    else if (!STANDARD.has(k) && k !== 'pods') ext.push(k);
  }
  for (const k of sortStrings(huge)) row(k, false);
  for (const k of sortStrings(ext)) w.write(LEVEL_1, `${k}\t${reqs[k] ?? zero()}\t${limits[k] ?? zero()}\n`);
}
