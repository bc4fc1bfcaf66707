// Tables of core kinds, as kube-apiserver's printers build them (pkg/printers/internalversion).
import type { TableDef } from './types';
import { age } from '../../../util/duration';
import { podCells } from './podstatus';

const col = (name: string, priority: 0 | 1 = 0) => ({ name, priority });

export const podTable: TableDef = {
  columns: [col('Name'), col('Ready'), col('Status'), col('Restarts'), col('Age'), col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
  row(p, ctx) {
    const c = podCells(p, ctx.now);
    const gates = p.spec?.readinessGates ?? [];
    const gateCell = gates.length ? `${gates.filter((g: any) => (p.status?.conditions ?? []).some((x: any) => x.type === g.conditionType && x.status === 'True')).length}/${gates.length}` : '<none>';
    return [p.metadata.name!, c.ready, c.status, c.restarts, age(p.metadata.creationTimestamp, ctx.now),
      p.status?.podIPs?.[0]?.ip || '<none>', p.spec?.nodeName || '<none>', p.status?.nominatedNodeName || '<none>', gateCell];
  },
};

export const namespaceTable: TableDef = {
  columns: [col('Name'), col('Status'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, o.status?.phase ?? '', age(o.metadata.creationTimestamp, ctx.now)],
};

export const nodeTable: TableDef = {
  columns: [col('Name'), col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 1), col('External-IP', 1), col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
  row(n, ctx) {
    const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    let status = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
    if (n.spec?.unschedulable) status += ',SchedulingDisabled';
    const roles = new Set<string>();
    for (const [k, v] of Object.entries(n.metadata.labels ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
      if (k === 'kubernetes.io/role' && v) roles.add(v);
    }
    const addr = (t: string) => (n.status?.addresses ?? []).find((a: any) => a.type === t)?.address ?? '<none>';
    const info = n.status?.nodeInfo ?? {};
    return [n.metadata.name!, status, roles.size ? [...roles].sort().join(',') : '<none>', age(n.metadata.creationTimestamp, ctx.now),
      info.kubeletVersion ?? '', addr('InternalIP'), addr('ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>'];
  },
};

export const genericTable: TableDef = {
  columns: [col('Name'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, age(o.metadata.creationTimestamp, ctx.now)],
};
