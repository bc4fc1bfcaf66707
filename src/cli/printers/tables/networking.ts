// Tables of networking.k8s.io and discovery.k8s.io kinds, as kube-apiserver's printers build them.
import type { TableDef } from './types';
import { col, ageOf, str, formatLabelSelector, lbAddresses, moreList } from './cells';

export const endpointSliceTable: TableDef = {
  columns: [col('Name'), col('AddressType'), col('Ports'), col('Endpoints'), col('Age')],
  row(o, ctx) {
    const ports: string[] = [];
    const pl: any[] = o.ports ?? [];
    for (const p of pl) {
      if (ports.length >= 3) break;
      ports.push(p?.port !== undefined && p?.port !== null ? String(p.port) : p?.name !== undefined && p?.name !== null ? String(p.name) : '*');
    }
    const addrs: string[] = [];
    let count = 0;
    for (const e of o.endpoints ?? []) for (const a of e?.addresses ?? []) { if (addrs.length < 3) addrs.push(String(a)); count++; }
    return [o.metadata.name!, o.addressType ?? '', moreList(ports, pl.length, 3, '<unset>'), moreList(addrs, count, 3, '<unset>'), ageOf(o, ctx.now)];
  },
};

export const ingressTable: TableDef = {
  columns: [col('Name'), col('Class'), col('Hosts'), col('Address'), col('Ports'), col('Age')],
  row(o, ctx) {
    const rules: any[] = o.spec?.rules ?? [];
    const hosts: string[] = [];
    let more = false;
    for (const r of rules) {
      if (hosts.length === 3) more = true;
      if (!more && r?.host) hosts.push(r.host);
    }
    let hostCell = hosts.length ? hosts.join(',') : '*';
    if (hosts.length && more) hostCell += ` + ${rules.length - 3} more...`;
    const ports = (o.spec?.tls ?? []).length ? '80, 443' : '80';
    return [o.metadata.name!, str(o.spec?.ingressClassName, '<none>'), hostCell, lbAddresses(o.status?.loadBalancer?.ingress), ports, ageOf(o, ctx.now)];
  },
};

export const ingressClassTable: TableDef = {
  columns: [col('Name'), col('Controller'), col('Parameters'), col('Age')],
  row(o, ctx) {
    const p = o.spec?.parameters;
    let params = '<none>';
    if (p) params = `${p.kind ?? ''}${p.apiGroup !== undefined && p.apiGroup !== null ? '.' + p.apiGroup : ''}/${p.name ?? ''}`;
    return [o.metadata.name!, o.spec?.controller ?? '', params, ageOf(o, ctx.now)];
  },
};

export const networkPolicyTable: TableDef = {
  columns: [col('Name'), col('Pod-Selector'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, formatLabelSelector(o.spec?.podSelector ?? {}), ageOf(o, ctx.now)],
};

export const ipAddressTable: TableDef = {
  columns: [col('Name'), col('ParentRef'), col('Age')],
  row(o, ctx) {
    const r = o.spec?.parentRef;
    let parent = '<none>';
    if (r) {
      parent = (r.group ? `${r.resource ?? ''}.${r.group}` : String(r.resource ?? '')).toLowerCase();
      if (r.namespace) parent += `/${r.namespace}`;
      parent += `/${r.name ?? ''}`;
    }
    return [o.metadata.name!, parent, ageOf(o, ctx.now)];
  },
};

export const serviceCIDRTable: TableDef = {
  columns: [col('Name'), col('CIDRs'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, (o.spec?.cidrs ?? []).join(','), ageOf(o, ctx.now)],
};

export const leaseTable: TableDef = {
  columns: [col('Name'), col('Holder'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, o.spec?.holderIdentity ?? '', ageOf(o, ctx.now)],
};

