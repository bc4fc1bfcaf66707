// Service describer; endpoints come from EndpointSlices labelled kubernetes.io/service-name.
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { PrefixWriter, LEVEL_0 } from './writer';
import { DescribeContext, formatLabels, printLabelsMultiline, printAnnotationsMultiline, eventsFor, describeEvents } from './common';

export function formatEndpointSlices(slices: KObject[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false, count = 0;
  const hostPort = (a: string, p: number) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);
  for (const s of slices) {
    const eps = s.endpoints ?? [];
    if (!s.ports?.length) {
      for (const ep of eps) {
        if (list.length === max) more = true;
        if (ep.conditions?.ready === false) continue;
        if (!more) list.push(ep.addresses?.[0] ?? '');
        count++;
      }
    } else {
      for (const port of s.ports) {
        if ((port.name ?? '') !== portName) continue;
        for (const ep of eps) {
          if (list.length === max) more = true;
          if (ep.conditions?.ready === false) continue;
          if (!more) list.push(hostPort(ep.addresses?.[0] ?? '', port.port ?? 0));
          count++;
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export function describeService(svc: KObject, ctx: DescribeContext): string {
  const events = eventsFor(svc, ctx);
  const epsRi = byGroupResource('discovery.k8s.io', 'endpointslices');
  const slices = epsRi ? ctx.api.list(epsRi, svc.metadata.namespace).filter(s => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name) : [];
  const spec = svc.spec ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const ing = svc.status?.loadBalancer?.ingress ?? [];
  if (ing.length) {
    w.write(LEVEL_0, `LoadBalancer Ingress:\t${ing.map((i: any) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : i.hostname ?? '')).join(', ')}\n`);
  }
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? '';
    w.write(LEVEL_0, `Port:\t${name}\t${p.port ?? 0}/${proto}\n`);
    const tp = p.targetPort ?? 0;
    w.write(LEVEL_0, `TargetPort:\t${tp}/${proto}\n`);
    if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  describeEvents(events, w, ctx.now);
  return w.toString();
}
