// Tables of apps, batch, autoscaling and policy kinds, as kube-apiserver's printers build them.
import type { TableDef } from './types';
import type { KObject } from '../../../api/types';
import { humanDuration } from '../../../util/duration';
import { col, ageOf, int, boolPtr, formatLabels, formatLabelSelector, labelSelectorString, containerCells, intOrString, quantityString } from './cells';

const condTrue = (o: KObject, type: string) => (o.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === type && c.status === 'True');
const tsMs = (ts: unknown) => (typeof ts === 'string' && ts ? Date.parse(ts) : NaN);

export const deploymentTable: TableDef = {
  columns: [col('Name'), col('Ready'), col('Up-to-date'), col('Available'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
  row(o, ctx) {
    const [names, images] = containerCells(o.spec?.template?.spec);
    return [o.metadata.name!, `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, int(o.status?.updatedReplicas), int(o.status?.availableReplicas),
      ageOf(o, ctx.now), names, images, labelSelectorString(o.spec?.selector)];
  },
};

export const replicaSetTable: TableDef = {
  columns: [col('Name'), col('Desired'), col('Current'), col('Ready'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
  row(o, ctx) {
    const [names, images] = containerCells(o.spec?.template?.spec);
    return [o.metadata.name!, int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas), ageOf(o, ctx.now),
      names, images, formatLabelSelector(o.spec?.selector)];
  },
};

export const statefulSetTable: TableDef = {
  columns: [col('Name'), col('Ready'), col('Age'), col('Containers', 1), col('Images', 1)],
  row(o, ctx) {
    const [names, images] = containerCells(o.spec?.template?.spec);
    return [o.metadata.name!, `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, ageOf(o, ctx.now), names, images];
  },
};

export const daemonSetTable: TableDef = {
  columns: [col('Name'), col('Desired'), col('Current'), col('Ready'), col('Up-to-date'), col('Available'), col('Node Selector'), col('Age'),
    col('Containers', 1), col('Images', 1), col('Selector', 1)],
  row(o, ctx) {
    const s = o.status ?? {};
    const [names, images] = containerCells(o.spec?.template?.spec);
    return [o.metadata.name!, int(s.desiredNumberScheduled), int(s.currentNumberScheduled), int(s.numberReady), int(s.updatedNumberScheduled),
      int(s.numberAvailable), formatLabels(o.spec?.template?.spec?.nodeSelector), ageOf(o, ctx.now), names, images, formatLabelSelector(o.spec?.selector)];
  },
};

export const controllerRevisionTable: TableDef = {
  columns: [col('Name'), col('Controller'), col('Revision'), col('Age')],
  row(o, ctx) {
    const ref = (o.metadata.ownerReferences ?? []).find(r => r.controller === true);
    let controller = '<none>';
    if (ref) {
      const av = String(ref.apiVersion ?? '');
      const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
      const gk = group ? `${ref.kind}.${group}` : String(ref.kind ?? '');
      controller = gk ? `${gk.toLowerCase()}/${ref.name}` : ref.name;
    }
    return [o.metadata.name!, controller, int(o.revision), ageOf(o, ctx.now)];
  },
};

export const jobTable: TableDef = {
  columns: [col('Name'), col('Status'), col('Completions'), col('Duration'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
  row(o, ctx) {
    const succeeded = int(o.status?.succeeded);
    let completions: string;
    if (o.spec?.completions !== undefined && o.spec?.completions !== null) completions = `${succeeded}/${int(o.spec.completions)}`;
    else if ((o.spec?.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${int(o.spec.parallelism)}`;
    else completions = `${succeeded}/1`;
    const start = tsMs(o.status?.startTime), end = tsMs(o.status?.completionTime);
    const duration = Number.isNaN(start) ? '' : humanDuration((Number.isNaN(end) ? ctx.now : end) - start);
    let status = 'Running';
    if (condTrue(o, 'Complete')) status = 'Complete';
    else if (condTrue(o, 'Failed')) status = 'Failed';
    else if (o.metadata.deletionTimestamp) status = 'Terminating';
    else if (condTrue(o, 'Suspended')) status = 'Suspended';
    else if (condTrue(o, 'FailureTarget')) status = 'FailureTarget';
    const [names, images] = containerCells(o.spec?.template?.spec);
    return [o.metadata.name!, status, completions, duration, ageOf(o, ctx.now), names, images, formatLabelSelector(o.spec?.selector)];
  },
};

export const cronJobTable: TableDef = {
  columns: [col('Name'), col('Schedule'), col('Timezone'), col('Suspend'), col('Active'), col('Last Schedule'), col('Age'),
    col('Containers', 1), col('Images', 1), col('Selector', 1)],
  row(o, ctx) {
    const last = tsMs(o.status?.lastScheduleTime);
    const jt = o.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jt?.template?.spec);
    return [o.metadata.name!, o.spec?.schedule ?? '', o.spec?.timeZone ?? '<none>', boolPtr(o.spec?.suspend), String((o.status?.active ?? []).length),
      Number.isNaN(last) ? '<none>' : humanDuration(ctx.now - last), ageOf(o, ctx.now), names, images, formatLabelSelector(jt?.selector)];
  },
};

// ---- HorizontalPodAutoscaler (autoscaling/v2 and v1) ----
/** The v2 metrics of an HPA (v1's targetCPUUtilizationPercentage becomes a cpu Resource metric; none defaults to 80%). */
function hpaMetrics(o: any): { specs: any[]; statuses: any[] } {
  if (o.apiVersion === 'autoscaling/v1') {
    const target = o.spec?.targetCPUUtilizationPercentage ?? 80;
    const cur = o.status?.currentCPUUtilizationPercentage;
    return {
      specs: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
      statuses: cur !== undefined && cur !== null ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }] : [],
    };
  }
  let specs: any[] = o.spec?.metrics ?? [];
  if (!specs.length) specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  return { specs, statuses: o.status?.currentMetrics ?? [] };
}

function formatHPAMetrics(specs: any[], statuses: any[]): string {
  if (!specs.length) return '<none>';
  const list: string[] = [];
  const q = (v: unknown) => quantityString(v);
  specs.forEach((spec, i) => {
    const st = statuses[i];
    switch (spec.type) {
      case 'External':
      case 'Object': {
        const key = spec.type === 'External' ? 'external' : 'object';
        const target = spec[key]?.target ?? {};
        const cur = st?.[key]?.current;
        if (target.averageValue !== undefined && target.averageValue !== null) {
          const c = cur?.averageValue !== undefined && cur?.averageValue !== null ? q(cur.averageValue) : '<unknown>';
          list.push(`${c}/${q(target.averageValue)} (avg)`);
        } else {
          const c = st?.[key] ? q(cur?.value) : '<unknown>';
          list.push(`${c}/${q(target.value)}`);
        }
        break;
      }
      case 'Pods': {
        const c = st?.pods ? q(st.pods.current?.averageValue) : '<unknown>';
        list.push(`${c}/${q(spec.pods?.target?.averageValue)}`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const r = spec[key] ?? {};
        const target = r.target ?? {};
        const cur = st?.[key];
        if (target.averageValue !== undefined && target.averageValue !== null) {
          const c = cur ? q(cur.current?.averageValue) : '<unknown>';
          list.push(`${r.name}: ${c}/${q(target.averageValue)}`);
        } else {
          const u = cur?.current?.averageUtilization;
          const c = u !== undefined && u !== null ? `${u}%` : '<unknown>';
          const t = target.averageUtilization !== undefined && target.averageUtilization !== null ? `${target.averageUtilization}%` : '<auto>';
          list.push(`${r.name}: ${c}/${t}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const hpaTable: TableDef = {
  columns: [col('Name'), col('Reference'), col('Targets'), col('MinPods'), col('MaxPods'), col('Replicas'), col('Age')],
  row(o, ctx) {
    const ref = o.spec?.scaleTargetRef ?? {};
    const { specs, statuses } = hpaMetrics(o);
    const min = o.spec?.minReplicas;
    return [o.metadata.name!, `${ref.kind ?? ''}/${ref.name ?? ''}`, formatHPAMetrics(specs, statuses),
      min === undefined || min === null ? '<unset>' : int(min), int(o.spec?.maxReplicas), int(o.status?.currentReplicas), ageOf(o, ctx.now)];
  },
};

export const podDisruptionBudgetTable: TableDef = {
  columns: [col('Name'), col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions'), col('Age')],
  row(o, ctx) {
    const min = o.spec?.minAvailable, max = o.spec?.maxUnavailable;
    return [o.metadata.name!, min === undefined || min === null ? 'N/A' : intOrString(min), max === undefined || max === null ? 'N/A' : intOrString(max),
      int(o.status?.disruptionsAllowed), ageOf(o, ctx.now)];
  },
};
