// Ingress and IngressClass describers.
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { PrefixWriter, LEVEL_0, LEVEL_1, LEVEL_2 } from './writer';
import { DescribeContext, sortStrings, printLabelsMultiline, printAnnotationsMultiline, eventsFor, describeEvents } from './common';
import { formatEndpointSlices } from './service';

function describeBackend(ctx: DescribeContext, ns: string, backend: any): string {
  if (backend?.service) {
    const b = backend.service;
    const port = b.port?.number ? String(b.port.number) : (b.port?.name ?? '');
    const sb = `${b.name}:${port}`;
    const epsRi = byGroupResource('discovery.k8s.io', 'endpointslices');
    const slices = epsRi ? ctx.api.list(epsRi, ns).filter(s => s.metadata.labels?.['kubernetes.io/service-name'] === b.name) : [];
    const svcRi = byGroupResource('', 'services')!;
    const svc = ctx.api.tryGet(svcRi, ns, b.name);
    if (!svc) return `${sb} (<error: services "${b.name}" not found>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (b.port?.number && b.port.number === sp.port) spName = sp.name ?? '';
      else if (b.port?.name && b.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, spName)})`;
  }
  if (backend?.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind ?? ''}, Name: ${r.name ?? ''}`;
  }
  return '';
}

export function describeIngress(ing: KObject, ctx: DescribeContext): string {
  const events = eventsFor(ing, ctx);
  const spec = ing.spec ?? {};
  const ns = ing.metadata.namespace ?? '';
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata.labels);
  w.write(LEVEL_0, `Namespace:\t${ns}\n`);
  const addrs = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) { if (i.ip) addrs.add(i.ip); else if (i.hostname) addrs.add(i.hostname); }
  w.write(LEVEL_0, `Address:\t${sortStrings([...addrs]).join(',')}\n`);
  w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  const def = spec.defaultBackend ? describeBackend(ctx, ns, spec.defaultBackend) : '<default>';
  w.write(LEVEL_0, `Default backend:\t${def}\n`);
  if (spec.tls?.length) {
    w.write(LEVEL_0, 'TLS:\n');
    for (const t of spec.tls) {
      if (!t.secretName) w.write(LEVEL_1, `SNI routes ${(t.hosts ?? []).join(',')}\n`);
      else w.write(LEVEL_1, `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n`);
    }
  }
  w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(LEVEL_1, '----\t----\t--------\n');
  let count = 0;
  for (const r of spec.rules ?? []) {
    if (!r.http) continue;
    count++;
    w.write(LEVEL_1, `${r.host || '*'}\t\n`);
    for (const p of r.http.paths ?? []) w.write(LEVEL_2, `\t${p.path ?? ''} \t${describeBackend(ctx, ns, p.backend)}\n`);
  }
  if (!count) w.write(LEVEL_1, `*\t*\t${def}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeIngressClass(ic: KObject, ctx: DescribeContext): string {
  const events = eventsFor(ic, ctx);
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ic.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ic.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
  w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(LEVEL_0, 'Parameters:\n');
    if (p.apiGroup !== undefined && p.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${p.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${p.name ?? ''}\n`);
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}
