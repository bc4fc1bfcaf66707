// PersistentVolume, PersistentVolumeClaim and StorageClass describers.
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { PrefixWriter, LEVEL_0, LEVEL_1, LEVEL_2 } from './writer';
import { Quantity } from './quantity';
import { DescribeContext, ts, since, formatLabels, printLabelsMultiline, printAnnotationsMultiline, eventsFor, describeEvents } from './common';
import { printCSIAttributes } from './pod';

/** storageutil.GetAccessModesAsString: always RWO,ROX,RWX,RWOP order. */
export function accessModes(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  return [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']]
    .filter(([k]) => m.has(k!)).map(([, v]) => v).join(',');
}
const goStrings = (a: string[] | undefined) => `[${(a ?? []).join(' ')}]`;

export function describePersistentVolume(pv: KObject, ctx: DescribeContext): string {
  const events = eventsFor(pv, ctx);
  const spec = pv.spec ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goStrings(pv.metadata.finalizers)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? ''}\n`);
  if (pv.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, ctx.now)})\n`);
  else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
  w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(LEVEL_0, `Capacity:\t${Quantity.parse(spec.capacity?.storage ?? '0').toString()}\n`);
  w.write(LEVEL_0, 'Node Affinity:\t');
  const req = spec.nodeAffinity?.required;
  if (!req) w.line('<none>');
  else {
    w.line('');
    w.write(LEVEL_1, 'Required Terms:\t');
    const terms = req.nodeSelectorTerms ?? [];
    if (!terms.length) w.line('<none>');
    else {
      w.line('');
      terms.forEach((t: any, i: number) => {
        w.write(LEVEL_2, `Term ${i}:\t`);
        const exprs = t.matchExpressions ?? [];
        if (!exprs.length) { w.line('<none>'); return; }
        exprs.forEach((e: any, j: number) => {
          if (j) w.write(LEVEL_2, '\t');
          let s = `${e.key} ${String(e.operator ?? '').toLowerCase()}`;
          if (e.values?.length) s += ` [${e.values.join(', ')}]`;
          w.write(LEVEL_0, s + '\n');
        });
      });
    }
  }
  w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(LEVEL_0, 'Source:\n');
  if (spec.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path ?? ''}\n    HostPathType:\t${spec.hostPath.type !== undefined ? spec.hostPath.type : '<none>'}\n`);
  } else if (spec.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server ?? ''}\n    Path:\t${spec.nfs.path ?? ''}\n    ReadOnly:\t${!!spec.nfs.readOnly}\n`);
  } else if (spec.local) {
    w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path ?? ''}\n`);
  } else if (spec.csi) {
    w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec.csi.driver ?? ''}\n    FSType:\t${spec.csi.fsType ?? ''}\n    VolumeHandle:\t${spec.csi.volumeHandle ?? ''}\n    ReadOnly:\t${!!spec.csi.readOnly}\n`);
    printCSIAttributes(w, spec.csi.volumeAttributes);
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describePersistentVolumeClaim(pvc: KObject, ctx: DescribeContext): string {
  const events = eventsFor(pvc, ctx);
  const podRi = byGroupResource('', 'pods')!;
  const nsPods = ctx.api.list(podRi, pvc.metadata.namespace);
  const pods: KObject[] = [];
  for (const p of nsPods) for (const v of p.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName === pvc.metadata.name) pods.push(p);
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const p = nsPods.find(x => x.metadata.uid === ref.uid);
    if (p && !pods.some(x => x.metadata.uid === p.metadata.uid)) pods.push(p);
  }
  const spec = pvc.spec ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `StorageClass:\t${pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? ''}\n`);
  if (pvc.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, ctx.now)})\n`);
  else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goStrings(pvc.metadata.finalizers)}\n`);
  let capacity = '', modes = '';
  if (spec.volumeName) {
    modes = accessModes(pvc.status?.accessModes);
    capacity = Quantity.parse(pvc.status?.capacity?.storage ?? '0').toString();
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${modes}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined && spec.dataSource.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ''}\n`);
  }
  w.write(LEVEL_0, 'Used By:\t');
  if (!pods.length) w.line('<none>');
  else {
    const names = pods.map(p => p.metadata.name!).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    names.forEach((n, i) => { if (i) w.write(LEVEL_0, '\t'); w.write(LEVEL_0, `${n}\n`); });
  }
  if (pvc.status?.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of pvc.status.conditions)
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${ts(c.lastProbeTime)} \t${ts(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}

export function describeStorageClass(sc: KObject, ctx: DescribeContext): string {
  const events = eventsFor(sc, ctx);
  const a = sc.metadata.annotations ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
  const isDefault = a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(LEVEL_0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined || sc.allowVolumeExpansion === null ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}\n`);
  if (!sc.mountOptions?.length) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
  else { w.write(LEVEL_0, 'MountOptions:\n'); for (const o of sc.mountOptions) w.write(LEVEL_1, `${o}\n`); }
  if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) {
    w.write(LEVEL_0, 'AllowedTopologies:\t');
    if (!sc.allowedTopologies.length) w.line('<none>');
    else {
      w.line('');
      sc.allowedTopologies.forEach((t: any, i: number) => {
        w.write(LEVEL_1, `Term ${i}:\t`);
        const reqs = t.matchLabelExpressions ?? [];
        if (!reqs.length) { w.line('<none>'); return; }
        reqs.forEach((r: any, j: number) => {
          if (j) w.write(LEVEL_1, '\t');
          w.write(LEVEL_0, `${r.key} in${r.values?.length ? ` [${r.values.join(', ')}]` : ''}\n`);
        });
      });
    }
  }
  describeEvents(events, w, ctx.now);
  return w.toString();
}
