// HorizontalPodAutoscaler describer (kubectl's describeHorizontalPodAutoscalerV2, and V1 for objects that
// only exist as autoscaling/v1).
import type { KObject } from '../../api/types';
import { PrefixWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from './writer';
import { Quantity } from './quantity';
import { DescribeContext, ts, printLabelsMultiline, printAnnotationsMultiline, eventsFor, describeEvents } from './common';

const q = (v: unknown) => Quantity.parse(String(v ?? '0')).toString();
const set = (v: unknown) => v !== undefined && v !== null;

function printDirection(w: PrefixWriter, direction: string, rules: any): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (set(rules.stabilizationWindowSeconds)) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHorizontalPodAutoscaler(hpa: KObject, ctx: DescribeContext): string {
  const events = eventsFor(hpa, ctx);
  const spec = hpa.spec ?? {}, st = hpa.status ?? {};
  const ref = spec.scaleTargetRef ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${ts(hpa.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Reference:\t${ref.kind ?? ''}/${ref.name ?? ''}\n`);
  if (hpa.apiVersion === 'autoscaling/v1') {
    if (set(spec.targetCPUUtilizationPercentage)) {
      w.write(LEVEL_0, `Target CPU utilization:\t${spec.targetCPUUtilizationPercentage}%\n`);
      w.write(LEVEL_0, `Current CPU utilization:\t${set(st.currentCPUUtilizationPercentage) ? st.currentCPUUtilizationPercentage : '<unknown>'}%\n`);
    }
  } else {
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    const cur: any[] = st.currentMetrics ?? [];
    (spec.metrics ?? []).forEach((m: any, i: number) => {
      const c = cur[i];
      switch (m.type) {
        case 'External': {
          const e = m.external ?? {};
          if (set(e.target?.averageValue)) w.write(LEVEL_1, `${JSON.stringify(e.metric?.name ?? '')} (target average value):\t${c?.external && set(c.external.current?.averageValue) ? q(c.external.current.averageValue) : '<unknown>'} / ${q(e.target.averageValue)}\n`);
          else w.write(LEVEL_1, `${JSON.stringify(e.metric?.name ?? '')} (target value):\t${c?.external ? q(c.external.current?.value) : '<unknown>'} / ${q(e.target?.value)}\n`);
          break;
        }
        case 'Pods':
          w.write(LEVEL_1, `${JSON.stringify(m.pods?.metric?.name ?? '')} on pods:\t${c?.pods ? q(c.pods.current?.averageValue) : '<unknown>'} / ${q(m.pods?.target?.averageValue)}\n`);
          break;
        case 'Object': {
          const o = m.object ?? {};
          w.write(LEVEL_1, `"${o.metric?.name ?? ''}" on ${o.describedObject?.kind ?? ''}/${o.describedObject?.name ?? ''} `);
          if (o.target?.type === 'AverageValue') w.write(LEVEL_0, `(target average value):\t${c?.object ? q(c.object.current?.averageValue) : '<unknown>'} / ${q(o.target.averageValue)}\n`);
          else w.write(LEVEL_0, `(target value):\t${c?.object ? q(c.object.current?.value) : '<unknown>'} / ${q(o.target?.value)}\n`);
          break;
        }
        case 'Resource':
        case 'ContainerResource': {
          const isC = m.type === 'ContainerResource';
          const r = (isC ? m.containerResource : m.resource) ?? {};
          const cr = isC ? c?.containerResource : c?.resource;
          w.write(LEVEL_1, isC ? `resource ${r.name} of container "${r.container ?? ''}" on pods` : `resource ${r.name} on pods`);
          if (set(r.target?.averageValue)) w.write(LEVEL_0, `:\t${cr ? q(cr.current?.averageValue) : '<unknown>'} / ${q(r.target.averageValue)}\n`);
          else {
            const current = cr && set(cr.current?.averageUtilization) ? `${cr.current.averageUtilization}% (${q(cr.current.averageValue)})` : '<unknown>';
            const target = set(r.target?.averageUtilization) ? `${r.target.averageUtilization}%` : '<auto>';
            w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
          }
          break;
        }
        default:
          w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(m.type ?? '')}>\n`);
      }
    });
  }
  w.write(LEVEL_0, `Min replicas:\t${set(spec.minReplicas) ? spec.minReplicas : '<unset>'}\n`);
  w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
  if (hpa.apiVersion !== 'autoscaling/v1' && spec.behavior) {
    w.write(LEVEL_0, 'Behavior:\n');
    printDirection(w, 'Scale Up', spec.behavior.scaleUp);
    printDirection(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(LEVEL_0, `${ref.kind ?? ''} pods:\t`);
  w.write(LEVEL_0, `${st.currentReplicas ?? 0} current / ${st.desiredReplicas ?? 0} desired\n`);
  if (hpa.apiVersion !== 'autoscaling/v1' && st.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------\t-------\n');
    for (const c of st.conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}
