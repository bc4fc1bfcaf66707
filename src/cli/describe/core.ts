// Describers for the other core/v1 and scheduling kinds kubectl has its own printers for:
// Secret, ServiceAccount, Endpoints, EndpointSlice, ResourceQuota, LimitRange, PriorityClass.
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { PrefixWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from './writer';
import { Quantity } from './quantity';
import { DescribeContext, sortStrings, formatLabels, printLabelsMultiline, printAnnotationsMultiline, eventsFor, describeEvents } from './common';
import { describeLimitRangeSpec } from './namespace';

const b64len = (v: unknown) => Buffer.from(String(v ?? ''), 'base64').length;

function header(w: PrefixWriter, o: KObject): void {
  w.write(LEVEL_0, `Name:\t${o.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
}

export function describeSecret(s: KObject, _ctx: DescribeContext): string {
  const w = new PrefixWriter();
  header(w, s);
  w.write(LEVEL_0, `\nType:\t${s.type ?? ''}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = s.data ?? {};
  for (const k of sortStrings(Object.keys(data))) {
    if (k === 'token' && s.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${Buffer.from(String(data[k]), 'base64').toString()}\n`);
    else w.write(LEVEL_0, `${k}:\t${b64len(data[k])} bytes\n`);
  }
  return w.toString();
}

export function describeServiceAccount(sa: KObject, ctx: DescribeContext): string {
  const events = eventsFor(sa, ctx);
  const secRi = byGroupResource('', 'secrets');
  const secrets = secRi ? ctx.api.list(secRi, sa.metadata.namespace) : [];
  const existing = new Set(secrets.map(s => s.metadata.name));
  const tokens = secrets.filter(s => s.type === 'kubernetes.io/service-account-token'
    && s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name
    && s.metadata.annotations?.['kubernetes.io/service-account.uid'] === sa.metadata.uid).map(s => s.metadata.name!);
  const missing = new Set<string>();
  for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(s.name)) missing.add(s.name);
  const w = new PrefixWriter();
  header(w, sa);
  const groups: [string, string[]][] = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: any) => s.name)],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s: any) => s.name)],
    ['Tokens:            ', tokens],
  ];
  for (const [h, names] of groups) {
    if (!names.length) { w.write(LEVEL_0, `${h}\t<none>\n`); continue; }
    let prefix = h;
    for (const n of names) {
      w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
      prefix = '                   ';
    }
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeEndpoints(ep: KObject, ctx: DescribeContext): string {
  const events = eventsFor(ep, ctx);
  const w = new PrefixWriter();
  header(w, ep);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const ss of ep.subsets ?? []) {
    w.write(LEVEL_1, `Addresses:\t${(ss.addresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`);
    w.write(LEVEL_1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`);
    if (ss.ports?.length) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of ss.ports) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port ?? 0}\t${p.protocol ?? ''}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeEndpointSlice(eps: KObject, ctx: DescribeContext): string {
  const events = eventsFor(eps, ctx);
  const w = new PrefixWriter();
  header(w, eps);
  w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ''}\n`);
  if (!eps.ports?.length) w.write(LEVEL_0, 'Ports: <unset>\n');
  else {
    w.write(LEVEL_0, 'Ports:\n');
    w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    for (const p of eps.ports) w.write(LEVEL_1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
  }
  if (!eps.endpoints?.length) w.write(LEVEL_0, 'Endpoints: <none>\n');
  else {
    w.write(LEVEL_0, 'Endpoints:\n');
    for (const e of eps.endpoints) {
      w.write(LEVEL_1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(LEVEL_2, 'Conditions:\n');
      w.write(LEVEL_3, `Ready:\t${e.conditions?.ready === undefined || e.conditions?.ready === null ? '<unset>' : String(e.conditions.ready)}\n`);
      w.write(LEVEL_2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
      w.write(LEVEL_2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(LEVEL_2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};
export function describeResourceQuota(rq: KObject, _ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rq.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rq.metadata.namespace ?? ''}\n`);
  const scopes = sortStrings([...(rq.spec?.scopes ?? [])]);
  if (scopes.length) {
    w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${SCOPE_HELP[s]}\n`);
  }
  w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
  w.write(LEVEL_0, '--------\t----\t----\n');
  const hard = rq.status?.hard ?? {}, used = rq.status?.used ?? {};
  for (const r of sortStrings(Object.keys(hard))) {
    const h = Quantity.parse(hard[r]);
    let u = used[r] !== undefined ? Quantity.parse(used[r]) : undefined;
    if (!u || u.format !== h.format) u = new Quantity(BigInt(u ? u.value() : 0) * 1000000000n, h.format);
    w.write(LEVEL_0, `${r}\t${u}\t${h}\n`);
  }
  return w.toString();
}

export function describeLimitRange(lr: KObject, _ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${lr.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  describeLimitRangeSpec(lr.spec, '', w);
  return w.toString();
}

export function describePriorityClass(pc: KObject, ctx: DescribeContext): string {
  const events = eventsFor(pc, ctx);
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pc.metadata.name}\n`);
  w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
  w.write(LEVEL_0, `GlobalDefault:\t${!!pc.globalDefault}\n`);
  w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
  describeEvents(events, w, ctx.now);
  return w.toString();
}
