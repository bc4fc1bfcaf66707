// Tables of storage, rbac, scheduling, node, certificates, admission, flowcontrol and aggregator kinds,
// as kube-apiserver's (and kube-aggregator's) printers build them.
import type { TableDef } from './types';
import { humanDuration } from '../../../util/duration';
import { col, ageOf, int, bool, str, quantityString } from './cells';

export const storageClassTable: TableDef = {
  columns: [col('Name'), col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), col('Age')],
  row(o, ctx) {
    const a = o.metadata.annotations ?? {};
    const isDefault = a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [isDefault ? `${o.metadata.name} (default)` : o.metadata.name!, o.provisioner ?? '', str(o.reclaimPolicy, 'Delete'),
      str(o.volumeBindingMode, 'Immediate'), bool(o.allowVolumeExpansion), ageOf(o, ctx.now)];
  },
};

export const csiDriverTable: TableDef = {
  columns: [col('Name'), col('AttachRequired'), col('PodInfoOnMount'), col('StorageCapacity'), col('TokenRequests'), col('RequiresRepublish'),
    col('Modes'), col('Age')],
  row(o, ctx) {
    const s = o.spec ?? {};
    const tokens: any[] = s.tokenRequests ?? [];
    const modes: string[] = s.volumeLifecycleModes ?? [];
    return [o.metadata.name!, bool(s.attachRequired ?? true), bool(s.podInfoOnMount), bool(s.storageCapacity),
      tokens.length ? tokens.map(t => t?.audience ?? '').join(',') : '<unset>', bool(s.requiresRepublish),
      modes.length ? modes.join(',') : '<none>', ageOf(o, ctx.now)];
  },
};

export const csiNodeTable: TableDef = {
  columns: [col('Name'), col('Drivers'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, String((o.spec?.drivers ?? []).length), ageOf(o, ctx.now)],
};

export const csiStorageCapacityTable: TableDef = {
  columns: [col('Name'), col('StorageClassName'), col('Capacity'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, o.storageClassName ?? '', o.capacity !== undefined && o.capacity !== null ? quantityString(o.capacity) : '<unset>', ageOf(o, ctx.now)],
};

export const volumeAttachmentTable: TableDef = {
  columns: [col('Name'), col('Attacher'), col('PV'), col('Node'), col('Attached'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, o.spec?.attacher ?? '', o.spec?.source?.persistentVolumeName ?? '', o.spec?.nodeName ?? '',
    bool(o.status?.attached), ageOf(o, ctx.now)],
};

function subjects(o: any): [string, string, string] {
  const users: string[] = [], groups: string[] = [], sas: string[] = [];
  for (const s of o.subjects ?? []) {
    if (s?.kind === 'User') users.push(s.name ?? '');
    else if (s?.kind === 'Group') groups.push(s.name ?? '');
    else if (s?.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export const roleBindingTable: TableDef = {
  columns: [col('Name'), col('Role'), col('Age'), col('Users', 1), col('Groups', 1), col('ServiceAccounts', 1)],
  row: (o, ctx) => [o.metadata.name!, `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`, ageOf(o, ctx.now), ...subjects(o)],
};

export const priorityClassTable: TableDef = {
  columns: [col('Name'), col('Value'), col('Global-Default'), col('Age'), col('PreemptionPolicy')],
  row: (o, ctx) => [o.metadata.name!, int(o.value), bool(o.globalDefault), ageOf(o, ctx.now), str(o.preemptionPolicy, '<unset>')],
};

export const runtimeClassTable: TableDef = {
  columns: [col('Name'), col('Handler'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, o.handler ?? '', ageOf(o, ctx.now)],
};

export const csrTable: TableDef = {
  columns: [col('Name'), col('Age'), col('SignerName'), col('Requestor'), col('RequestedDuration'), col('Condition')],
  row(o, ctx) {
    const conds: any[] = o.status?.conditions ?? [];
    const has = (t: string) => conds.some(c => c?.type === t);
    let status = has('Denied') ? 'Denied' : has('Approved') ? 'Approved' : 'Pending';
    if (has('Failed')) status += ',Failed';
    if (o.status?.certificate) status += ',Issued';
    const exp = o.spec?.expirationSeconds;
    return [o.metadata.name!, ageOf(o, ctx.now), o.spec?.signerName ?? '', o.spec?.username ?? '',
      typeof exp === 'number' ? humanDuration(exp * 1000) : '<none>', status];
  },
};

export const webhookConfigurationTable: TableDef = {
  columns: [col('Name'), col('Webhooks'), col('Age')],
  row: (o, ctx) => [o.metadata.name!, String((o.webhooks ?? []).length), ageOf(o, ctx.now)],
};

export const validatingAdmissionPolicyTable: TableDef = {
  columns: [col('Name'), col('Validations'), col('ParamKind'), col('Age')],
  row(o, ctx) {
    const pk = o.spec?.paramKind;
    return [o.metadata.name!, String((o.spec?.validations ?? []).length), pk ? `${pk.apiVersion ?? ''}/${pk.kind ?? ''}` : '<unset>', ageOf(o, ctx.now)];
  },
};

export const validatingAdmissionPolicyBindingTable: TableDef = {
  columns: [col('Name'), col('PolicyName'), col('ParamRef'), col('Age')],
  row(o, ctx) {
    const pr = o.spec?.paramRef;
    let param = '<unset>';
    if (pr) {
      if (pr.name) param = pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
      else if (pr.selector) param = '<selector>';
    }
    return [o.metadata.name!, o.spec?.policyName ?? '', param, ageOf(o, ctx.now)];
  },
};

export const flowSchemaTable: TableDef = {
  columns: [col('Name'), col('PriorityLevel'), col('MatchingPrecedence'), col('DistinguisherMethod'), col('Age'), col('MissingPL')],
  row(o, ctx) {
    const dangling = (o.status?.conditions ?? []).find((c: any) => c?.type === 'Dangling');
    return [o.metadata.name!, o.spec?.priorityLevelConfiguration?.name ?? '', int(o.spec?.matchingPrecedence),
      o.spec?.distinguisherMethod?.type ?? '<none>', ageOf(o, ctx.now), dangling ? String(dangling.status ?? '') : '?'];
  },
};

export const priorityLevelTable: TableDef = {
  columns: [col('Name'), col('Type'), col('NominalConcurrencyShares'), col('Queues'), col('HandSize'), col('QueueLengthLimit'), col('Age')],
  row(o, ctx) {
    let ncs = '<none>', queues = '<none>', hand = '<none>', qll = '<none>';
    const lim = o.spec?.limited;
    if (lim) {
      ncs = int(lim.nominalConcurrencyShares);
      const q = lim.limitResponse?.queuing;
      if (q) { queues = int(q.queues); hand = int(q.handSize); qll = int(q.queueLengthLimit); }
    }
    return [o.metadata.name!, o.spec?.type ?? '', ncs, queues, hand, qll, ageOf(o, ctx.now)];
  },
};

export const apiServiceTable: TableDef = {
  columns: [col('Name'), col('Service'), col('Available'), col('Age')],
  row(o, ctx) {
    const svc = o.spec?.service;
    const c = (o.status?.conditions ?? []).find((x: any) => x?.type === 'Available');
    let status = 'Unknown';
    if (c) status = c.status === 'True' ? 'True' : c.reason ? `${c.status} (${c.reason})` : String(c.status ?? '');
    return [o.metadata.name!, svc ? `${svc.namespace ?? ''}/${svc.name ?? ''}` : 'Local', status, ageOf(o, ctx.now)];
  },
};
