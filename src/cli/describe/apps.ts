// Deployment, ReplicaSet and ReplicationController describers (plus DaemonSet and StatefulSet).
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { deepEqual, clone } from '../../util/objects';
import { PrefixWriter, LEVEL_0, LEVEL_1 } from './writer';
import { Quantity } from './quantity';
import { DescribeContext, ts, formatLabels, formatLabelSelector, printLabelsMultiline, printAnnotationsMultiline, printController, eventsFor, describeEvents } from './common';
import { describePodTemplate } from './pod';

/** metav1.LabelSelectorAsSelector(sel).String(): "" for an empty selector. */
export function selectorString(sel: any): string {
  const s = formatLabelSelector(sel);
  return s === '<none>' ? '' : s;
}
const HASH = 'pod-template-hash';
function templateEqualIgnoreHash(a: any, b: any): boolean {
  const x = clone(a ?? {}), y = clone(b ?? {});
  for (const t of [x, y]) {
    if (t.metadata?.labels) { delete t.metadata.labels[HASH]; if (!Object.keys(t.metadata.labels).length) delete t.metadata.labels; }
  }
  return deepEqual(x, y);
}
/** getPodStatusForController: pods matching the selector and controlled by this object, by phase. */
export function podStatusForController(o: KObject, ctx: DescribeContext) {
  const podRi = byGroupResource('', 'pods')!;
  const { parseSelector } = require('../../api/selectors') as typeof import('../../api/selectors');
  let running = 0, waiting = 0, succeeded = 0, failed = 0, podErr = '';
  try {
    const pods = ctx.api.list(podRi, o.metadata.namespace, { labelSelector: parseSelector(selectorString(o.spec?.selector)) });
    for (const p of pods) {
      const ref = p.metadata.ownerReferences?.find(r => r.controller);
      if (!ref || ref.uid !== o.metadata.uid) continue;
      const ph = p.status?.phase;
      if (ph === 'Running') running++; else if (ph === 'Pending') waiting++; else if (ph === 'Succeeded') succeeded++; else if (ph === 'Failed') failed++;
    }
  } catch (e) { podErr = (e as Error).message; }
  return { running, waiting, succeeded, failed, podErr };
}
const rsLine = (rs: KObject) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
const rsList = (l: KObject[]) => (l.length ? l.map(rsLine).join(', ') : '<none>');

export function describeDeployment(d: KObject, ctx: DescribeContext): string {
  const events = eventsFor(d, ctx);
  const rsRi = byGroupResource('apps', 'replicasets');
  const owned = rsRi ? ctx.api.list(rsRi, d.metadata.namespace).filter(rs => rs.metadata.ownerReferences?.some(r => r.controller && r.uid === d.metadata.uid)) : [];
  const byAge = [...owned].sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? ''), tb = Date.parse(b.metadata.creationTimestamp ?? '');
    return ta !== tb ? ta - tb : (a.metadata.name! < b.metadata.name! ? -1 : 1);
  });
  const newRS = byAge.find(rs => templateEqualIgnoreHash(rs.spec?.template, d.spec?.template));
  // kubectl's GetAllReplicaSetsInChunks: describe prints its second list, every old ReplicaSet (those scaled to
  // 0 too), in the order findNewReplicaSet sorted them in (creation, then name)
  const oldRSs = byAge.filter(rs => rs !== newRS);
  const spec = d.spec ?? {}, status = d.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${ts(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
  w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`);
  w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? 0} max unavailable, ${ru.maxSurge ?? 0} max surge\n`);
  describePodTemplate(spec.template, w);
  if (status.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  // (not before the controller has made one)
  if (oldRSs.length || newRS) {
    w.write(LEVEL_0, `OldReplicaSets:\t${rsList(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${rsList(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeReplicaSet(rs: KObject, ctx: DescribeContext): string {
  const events = eventsFor(rs, ctx);
  const { running, waiting, succeeded, failed, podErr } = podStatusForController(rs, ctx);
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const cb = printController(rs);
  if (cb) w.write(LEVEL_0, `Controlled By:\t${cb}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
  w.write(LEVEL_0, 'Pods Status:\t');
  if (podErr) w.write(LEVEL_0, `error in fetching pods: ${podErr}\n`);
  else w.write(LEVEL_0, `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
  describePodTemplate(rs.spec?.template, w);
  if (rs.status?.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of rs.status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeDaemonSet(ds: KObject, ctx: DescribeContext): string {
  const { running, waiting, succeeded, failed } = podStatusForController(ds, ctx);
  const events = eventsFor(ds, ctx);
  const st = ds.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
  describePodTemplate(ds.spec?.template, w);
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeStatefulSet(ss: KObject, ctx: DescribeContext): string {
  const { running, waiting, succeeded, failed } = podStatusForController(ss, ctx);
  const events = eventsFor(ss, ctx);
  const spec = ss.spec ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ss.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${ts(ss.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', ss.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ss.metadata.annotations);
  w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${ss.status?.replicas ?? 0} total\n`);
  w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined && ru.partition !== null) {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
  describePodTemplate(spec.template, w);
  const tpls = spec.volumeClaimTemplates ?? [];
  if (!tpls.length) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
  else {
    w.write(LEVEL_0, 'Volume Claims:\n');
    for (const pvc of tpls) {
      w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
      const sc = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
      w.write(LEVEL_1, `StorageClass:\t${sc}\n`);
      printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
      printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
      const cap = pvc.spec?.resources?.requests?.storage;
      w.write(LEVEL_1, `Capacity:\t${cap !== undefined ? Quantity.parse(cap).toString() : '<default>'}\n`);
      w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

/** kubectl's ReplicationControllerDescriber: like the ReplicaSet one, with a map selector and no Controlled By. */
export function describeReplicationController(rc: KObject, ctx: DescribeContext): string {
  const events = eventsFor(rc, ctx);
  const selMap: Record<string, string> = rc.spec?.selector ?? {};
  const podRi = byGroupResource('', 'pods')!;
  let running = 0, waiting = 0, succeeded = 0, failed = 0;
  const keys = Object.keys(selMap);
  if (keys.length) {
    for (const p of ctx.api.list(podRi, rc.metadata.namespace)) {
      const labels = p.metadata.labels ?? {};
      if (!keys.every(k => labels[k] === selMap[k])) continue;
      const ref = p.metadata.ownerReferences?.find(r => r.controller);
      if (!ref || ref.uid !== rc.metadata.uid) continue;
      const ph = p.status?.phase;
      if (ph === 'Running') running++; else if (ph === 'Pending') waiting++; else if (ph === 'Succeeded') succeeded++; else if (ph === 'Failed') failed++;
    }
  }
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rc.metadata.namespace ?? ''}\n`);
  // labels.FormatLabels: sorted k=v pairs joined by commas, `<none>` when empty
  w.write(LEVEL_0, `Selector:\t${formatLabels(selMap)}\n`);
  printLabelsMultiline(w, 'Labels', rc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
  w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
  describePodTemplate(rc.spec?.template, w);
  if (rc.status?.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of rc.status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}
