// Tables of core kinds, as kube-apiserver's printers build them (pkg/printers/internalversion).
// The server always builds the wide cells; kubectl hides priority-1 columns unless `-o wide`.
import type { TableDef } from './types';
import type { KObject } from '../../../api/types';
import type {
  CoreV1EndpointPort, V1EndpointAddress, V1EndpointSubset, V1NodeAddress, V1NodeCondition, V1PodCondition, V1PodReadinessGate, V1ServicePort,
} from '../../../api/k8s';
import { age, humanDuration } from '../../../util/duration';
import { podCells } from './podstatus';
import {
  col, ageOf, int, str, formatLabels, containerCells, accessModes, lbAddresses, moreList, rfc3339, joinHostPort,
  quantityString, byteCmp,
} from './cells';

export const podTable: TableDef = {
  columns: [col('Name'), col('Ready'), col('Status'), col('Restarts'), col('Age'), col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
  reads: ['metadata.creationTimestamp', 'metadata.deletionTimestamp', 'metadata.labels', 'spec.containers', 'spec.initContainers',
    'spec.readinessGates', 'spec.nodeName', 'status'],
  row(p, ctx) {
    const c = podCells(p, ctx.now);
    const gates = p.spec?.readinessGates ?? [];
    const gateCell = gates.length ? `${gates.filter((g: V1PodReadinessGate) => (p.status?.conditions ?? []).some((x: V1PodCondition) => x.type === g.conditionType && x.status === 'True')).length}/${gates.length}` : '<none>';
    return [p.metadata.name!, c.ready, c.status, c.restarts, age(p.metadata.creationTimestamp, ctx.now),
      p.status?.podIPs?.[0]?.ip || p.status?.podIP || '<none>', p.spec?.nodeName || '<none>', p.status?.nominatedNodeName || '<none>', gateCell];
  },
};

export const podTemplateTable: TableDef = {
  columns: [col('Name'), col('Containers'), col('Images'), col('Pod Labels')],
  row(o) {
    const [names, images] = containerCells(o.template?.spec);
    return [o.metadata.name!, names, images, formatLabels(o.template?.metadata?.labels)];
  },
};

export const namespaceTable: TableDef = {
  columns: [col('Name'), col('Status'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, o.status?.phase ?? '', age(o.metadata.creationTimestamp, ctx.now)],
};

export const nodeTable: TableDef = {
  columns: [col('Name'), col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 1), col('External-IP', 1), col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
  row(n, ctx) {
    const ready = (n.status?.conditions ?? []).find((c: V1NodeCondition) => c.type === 'Ready');
    let status = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
    if (n.spec?.unschedulable) status += ',SchedulingDisabled';
    const roles = new Set<string>();
    for (const [k, v] of Object.entries(n.metadata.labels ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
      if (k === 'kubernetes.io/role' && v) roles.add(v);
    }
    const addr = (t: string) => (n.status?.addresses ?? []).find((a: V1NodeAddress) => a.type === t)?.address ?? '<none>';
    const info = n.status?.nodeInfo ?? {};
    return [n.metadata.name!, status, roles.size ? [...roles].sort().join(',') : '<none>', age(n.metadata.creationTimestamp, ctx.now),
      info.kubeletVersion ?? '', addr('InternalIP'), addr('ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>'];
  },
};

export const replicationControllerTable: TableDef = {
  columns: [col('Name'), col('Desired'), col('Current'), col('Ready'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
  row(o, ctx) {
    const [names, images] = containerCells(o.spec?.template?.spec);
    return [o.metadata.name!, int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas), ageOf(o, ctx.now),
      names, images, formatLabels(o.spec?.selector)];
  },
};

function serviceExternalIP(s: KObject): string {
  const ext: string[] = s.spec?.externalIPs ?? [];
  switch (s.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = lbAddresses(s.status?.loadBalancer?.ingress);
      if (ext.length) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return s.spec?.externalName ?? '';
  }
  return '<unknown>';
}

export const serviceTable: TableDef = {
  columns: [col('Name'), col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 1)],
  row(s, ctx) {
    const ips: string[] = s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : []);
    const ports = (s.spec?.ports ?? []).map((p: V1ServicePort) => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort! > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    }).join(',');
    return [s.metadata.name!, s.spec?.type ?? '', ips.length ? ips[0]! : '<none>', serviceExternalIP(s), ports || '<none>',
      ageOf(s, ctx.now), formatLabels(s.spec?.selector)];
  },
};

function formatEndpoints(ep: KObject): string {
  const subsets: V1EndpointSubset[] = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs: V1EndpointAddress[] = ss.addresses ?? [];
    const ports: CoreV1EndpointPort[] = ss.ports ?? [];
    if (!ports.length) {
      for (const a of addrs) { if (list.length < 3) list.push(a.ip ?? ''); count++; }
    } else {
      for (const p of ports) for (const a of addrs) { if (list.length < 3) list.push(joinHostPort(a.ip ?? '', p.port ?? 0)); count++; }
    }
  }
  return moreList(list, count, 3);
}

export const endpointsTable: TableDef = {
  columns: [col('Name'), col('Endpoints'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, formatEndpoints(o), ageOf(o, ctx.now)],
};

export const configMapTable: TableDef = {
  columns: [col('Name'), col('Data'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), ageOf(o, ctx.now)],
};

export const secretTable: TableDef = {
  columns: [col('Name'), col('Type'), col('Data'), col('Age')],
  // The server has already merged stringData into data (src/api/strategies/core.ts).
  row: (o, ctx) => [o.metadata.name!, str(o.type, 'Opaque'), String(Object.keys(o.data ?? {}).length), ageOf(o, ctx.now)],
};

export const serviceAccountTable: TableDef = {
  columns: [col('Name'), col('Secrets'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, String((o.secrets ?? []).length), ageOf(o, ctx.now)],
};

const storageClassOf = (o: KObject): string => {
  const a = o.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return a !== undefined ? String(a) : (o.spec?.storageClassName ?? '');
};

export const persistentVolumeTable: TableDef = {
  columns: [col('Name'), col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'),
    col('VolumeAttributesClass'), col('Reason'), col('Age'), col('VolumeMode', 1)],
  row(o, ctx) {
    const ref = o.spec?.claimRef;
    const claim = ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '';
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '');
    return [o.metadata.name!, quantityString(o.spec?.capacity?.storage), accessModes(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? '',
      phase, claim, storageClassOf(o), o.spec?.volumeAttributesClassName ?? '<unset>', o.status?.reason ?? '', ageOf(o, ctx.now),
      o.spec?.volumeMode ?? '<unset>'];
  },
};

export const persistentVolumeClaimTable: TableDef = {
  columns: [col('Name'), col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'),
    col('Age'), col('VolumeMode', 1)],
  row(o, ctx) {
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '');
    const vol = o.spec?.volumeName ?? '';
    const cap = vol ? quantityString(o.status?.capacity?.storage) : '';
    const modes = vol ? accessModes(o.status?.accessModes) : '';
    return [o.metadata.name!, phase, vol, cap, modes, storageClassOf(o), o.status?.currentVolumeAttributesClassName ?? '<unset>',
      ageOf(o, ctx.now), o.spec?.volumeMode ?? '<unset>'];
  },
};

export const componentStatusTable: TableDef = {
  columns: [col('Name'), col('Status'), col('Message'), col('Error')],
  row(o) {
    let status = 'Unknown', message = '', error = '';
    for (const c of o.conditions ?? []) {
      if (c.type === 'Healthy') { status = c.status === 'True' ? 'Healthy' : 'Unhealthy'; message = c.message ?? ''; error = c.error ?? ''; break; }
    }
    return [o.metadata.name!, status, message, error];
  },
};

export const resourceQuotaTable: TableDef = {
  columns: [col('Name'), col('Age'), col('Request'), col('Limit')],
  row(o, ctx) {
    const req: string[] = [], lim: string[] = [];
    for (const r of Object.keys(o.spec?.hard ?? {}).sort(byteCmp)) {
      const used = quantityString(o.status?.used?.[r]);
      const hard = quantityString(o.status?.hard?.[r]);
      const pieces = r.split('.');
      (pieces.length > 1 && pieces[0] === 'limits' ? lim : req).push(`${r}: ${used}/${hard}`);
    }
    return [o.metadata.name!, ageOf(o, ctx.now), req.join(', '), lim.join(', ')];
  },
};

/** Kinds whose storage uses the default table convertor: NAME and CREATED AT (RFC3339). */
export const createdAtTable: TableDef = {
  columns: [col('Name'), col('Created At')],
  row: o => [o.metadata.name!, rfc3339(o.metadata.creationTimestamp)],
};

/** Events, core/v1 or events.k8s.io/v1 (the server prints both through one printer). */
export const eventTable: TableDef = {
  columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 1), col('Source', 1), col('Message'),
    col('First Seen', 1), col('Count', 1), col('Name', 1)],
  row(e, ctx) {
    const isNew = e.apiVersion === 'events.k8s.io/v1' || (e.regarding !== undefined && e.involvedObject === undefined);
    const involved = (isNew ? e.regarding : e.involvedObject) ?? {};
    const firstTs = isNew ? e.deprecatedFirstTimestamp : e.firstTimestamp;
    const lastTs = isNew ? e.deprecatedLastTimestamp : e.lastTimestamp;
    const since = (ts: unknown) => (typeof ts === 'string' && ts && !Number.isNaN(Date.parse(ts)) ? humanDuration(ctx.now - Date.parse(ts)) : '<unknown>');
    const first = firstTs ? since(firstTs) : since(e.eventTime);
    let last = lastTs ? since(lastTs) : first;
    let count: number = (isNew ? e.deprecatedCount : e.count) ?? 0;
    if (e.series) { last = since(e.series.lastObservedTime); count = e.series.count ?? 0; }
    else if (count === 0) count = 1;
    const kind = String(involved.kind ?? '').toLowerCase();
    const target = involved.name ? `${kind}/${involved.name}` : kind;
    const src = (isNew ? e.deprecatedSource : e.source) ?? {};
    const component = src.component || e.reportingController || '';
    const instance = src.host || e.reportingInstance || '';
    const source = instance ? `${component}, ${instance}` : component;
    const message = String((isNew ? e.note : e.message) ?? '').trim();
    return [last, e.type ?? '', e.reason ?? '', target, involved.fieldPath ?? '', source, message, first, String(count), e.metadata.name!];
  },
};

export const genericTable: TableDef = {
  columns: [col('Name'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, age(o.metadata.creationTimestamp, ctx.now)],
};
