// Pod describer, and the container/volume/template pieces the workload describers share.
import type { KObject } from '../../api/types';
import type {
  V1Container, V1ContainerPort, V1ContainerState, V1ContainerStatus, V1EnvVar, V1EphemeralContainer, V1PodCondition, V1PodSpec, V1PodTemplateSpec,
  V1Probe, V1ResourceFieldSelector, V1ResourceRequirements, V1TopologySpreadConstraint, V1Volume,
} from '../../api/k8s';
import { PrefixWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from './writer';
import { Quantity } from './quantity';
import {
  DescribeContext, ts, since, stringOrNone, sortStrings, printLabelsMultiline, printAnnotationsMultiline,
  printTolerationsMultiline, printController, formatLabelSelector, eventsFor, describeEvents,
} from './common';

type EnvResolver = ((e: V1EnvVar) => string) | undefined;
/** A container of a pod spec or template (an ephemeral container has a container's fields). */
type SpecContainer = V1Container | V1EphemeralContainer;

export function describePod(pod: KObject, ctx: DescribeContext): string {
  const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'];
  const events = eventsFor(pod, ctx, { noKind: true, ...(mirror !== undefined ? { uid: mirror } : {}) });
  const spec = pod.spec ?? {}, status = pod.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
  else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${ts(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, ctx.now)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  const sp = spec.securityContext?.seccompProfile;
  if (sp) {
    w.write(LEVEL_0, `SeccompProfile:\t${sp.type ?? ''}\n`);
    if (sp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${sp.localhostProfile ?? ''}\n`);
  }
  w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs?.length) w.write(LEVEL_0, 'IPs:\t<none>\n');
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(LEVEL_1, `IP:\t${ip.ip ?? ''}\n`);
  }
  const cb = printController(pod);
  if (cb) w.write(LEVEL_0, `Controlled By:\t${cb}\n`);
  if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.resources) { w.write(LEVEL_0, 'Resources:\n'); describeResources(spec.resources, w, LEVEL_1); }
  const resolver = envValueRetriever(pod);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, resolver, w, '');
  describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolver, w, '');
  if (spec.ephemeralContainers?.length) describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, resolver, w, '');
  if (spec.readinessGates?.length) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates) {
      const c = (status.conditions ?? []).find((x: V1PodCondition) => x.type === g.conditionType);
      w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if (status.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(spec.volumes, w, '');
  w.write(LEVEL_0, `QoS Class:\t${status.qosClass || podQOS(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
  describeEvents(events, w, ctx.now);
  return w.toString();
}

/** qos.GetPodQOS for a pod without status.qosClass. */
export function podQOS(pod: KObject): string {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const supported = ['cpu', 'memory'];
  let requests = 0, limits = 0, guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {}, lim = c.resources?.limits ?? {};
    for (const r of supported) {
      const rq = req[r] !== undefined && !Quantity.parse(req[r]).isZero();
      const lq = lim[r] !== undefined && !Quantity.parse(lim[r]).isZero();
      if (rq) requests++;
      if (lq) limits++;
      if (!lq) guaranteed = false;
      else if (req[r] !== undefined && Quantity.parse(req[r]).cmp(Quantity.parse(lim[r])) !== 0) guaranteed = false;
    }
  }
  if (!requests && !limits) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** EnvValueRetriever: kubectl's scheme only converts metadata.name and metadata.namespace. */
function envValueRetriever(pod: KObject): EnvResolver {
  return (e: V1EnvVar) => {
    const p = e.valueFrom?.fieldRef?.fieldPath;
    if (p === 'metadata.name') return pod.metadata.name ?? '';
    if (p === 'metadata.namespace') return pod.metadata.namespace ?? '';
    return '';
  };
}

export function describeContainers(label: string, containers: SpecContainer[], statuses: V1ContainerStatus[] | undefined, resolver: EnvResolver, w: PrefixWriter, space: string): void {
  const byName = new Map<string, V1ContainerStatus>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  w.write(LEVEL_0, `${space}${label}:${containers.length ? '' : ' <none>'}\n`);
  for (const c of containers) {
    const st = byName.get(c.name);
    const ok = st !== undefined;
    w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
    if (ok) w.write(LEVEL_2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
    if (ok) w.write(LEVEL_2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p: V1ContainerPort) => `${p.containerPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`); else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
    const hports = (c.ports ?? []).map((p: V1ContainerPort) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    if (hports.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hports}\n`); else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hports)}\n`);
    const csp = c.securityContext?.seccompProfile;
    if (csp) {
      w.write(LEVEL_2, `SeccompProfile:\t${csp.type ?? ''}\n`);
      if (csp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${csp.localhostProfile ?? ''}\n`);
    }
    if (c.command?.length) {
      w.write(LEVEL_2, 'Command:\n');
      for (const x of c.command) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (c.args?.length) {
      w.write(LEVEL_2, 'Args:\n');
      for (const x of c.args) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (ok) {
      describeStatus('State', st.state ?? {}, w);
      if (st.lastState?.terminated) describeStatus('Last State', st.lastState, w);
      w.write(LEVEL_2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    describeResources(c.resources, w, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (c.envFrom?.length) {
      w.write(LEVEL_2, 'Environment Variables from:\n');
      for (const e of c.envFrom) {
        let from = '', name = '', optional = false;
        if (e.configMapRef) { from = 'ConfigMap'; name = e.configMapRef.name ?? ''; optional = !!e.configMapRef.optional; }
        else if (e.secretRef) { from = 'Secret'; name = e.secretRef.name ?? ''; optional = !!e.secretRef.optional; }
        if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
        else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
      }
    }
    describeEnv(c, resolver, w);
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    w.write(LEVEL_2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
    if (c.volumeDevices?.length) {
      w.write(LEVEL_2, `Devices:${mounts.length ? '' : '\t<none>'}\n`);
      const devs = [...c.volumeDevices].sort((a, b) => (a.devicePath < b.devicePath ? -1 : a.devicePath > b.devicePath ? 1 : 0));
      for (const d of devs) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
    }
  }
}

function describeEnv(c: SpecContainer, resolver: EnvResolver, w: PrefixWriter): void {
  const env = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? '').split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    if (vf.fieldRef) {
      w.write(LEVEL_3, `${e.name}:\t${resolver ? resolver(e) : ''} (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath ?? ''})\n`);
    } else if (vf.resourceFieldRef) {
      const res = vf.resourceFieldRef.resource ?? '';
      let value = containerResourceValue(vf.resourceFieldRef, c);
      if (value === '0' && (res === 'limits.cpu' || res === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${res})\n`);
    } else if (vf.secretKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key ?? ''}' in secret '${vf.secretKeyRef.name ?? ''}'>\tOptional: ${!!vf.secretKeyRef.optional}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key ?? ''}' of config map '${vf.configMapKeyRef.name ?? ''}'>\tOptional: ${!!vf.configMapKeyRef.optional}\n`);
    }
  }
}

/** resourcehelper.ExtractContainerResourceValue, for the common cases. */
function containerResourceValue(ref: V1ResourceFieldSelector, c: SpecContainer): string {
  const [kind, name] = String(ref.resource ?? '').split('.');
  const raw = (kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined)?.[name ?? ''];
  const q = Quantity.parse(raw ?? '0');
  const divisor = ref.divisor !== undefined ? Quantity.parse(ref.divisor) : undefined;
  if (name === 'cpu') {
    const d = divisor && !divisor.isZero() ? divisor.milliValue() : 1000;
    return String(Math.ceil(q.milliValue() / d));
  }
  const d = divisor && !divisor.isZero() ? divisor.value() : 1;
  return String(Math.ceil(q.value() / d));
}

export function describeResources(res: V1ResourceRequirements | undefined, w: PrefixWriter, level: number): void {
  if (!res) return;
  const lim = res.limits ?? {}, req = res.requests ?? {};
  if (Object.keys(lim).length) w.write(level, 'Limits:\n');
  for (const k of sortStrings(Object.keys(lim))) w.write(level + 1, `${k}:\t${Quantity.parse(lim[k]).toString()}\n`);
  if (Object.keys(req).length) w.write(level, 'Requests:\n');
  for (const k of sortStrings(Object.keys(req))) w.write(level + 1, `${k}:\t${Quantity.parse(req[k]).toString()}\n`);
}

function describeStatus(name: string, state: V1ContainerState, w: PrefixWriter): void {
  if (state.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${ts(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${ts(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${ts(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

const intOrString = (v: unknown) => (v === undefined || v === null ? '' : String(v));
export function describeProbe(p: V1Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const port = intOrString(h.port);
    const host = h.host ?? '';
    const hostPart = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    const scheme = String(h.scheme ?? '').toLowerCase();
    let path = h.path ?? '';
    if (path && !path.startsWith('/') && hostPart) path = '/' + path;
    const url = (scheme ? `${scheme}:` : '') + (hostPart || scheme ? `//${hostPart}` : '') + path;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${intOrString(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

export function describeVolumes(volumes: V1Volume[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) { w.write(LEVEL_0, `${space}Volumes:\t<none>\n`); return; }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) {
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path ?? ''}\n    HostPathType:\t${v.hostPath.type !== undefined ? v.hostPath.type : '<none>'}\n`);
    } else if (v.emptyDir) {
      const sl = v.emptyDir.sizeLimit !== undefined && Quantity.parse(v.emptyDir.sizeLimit).nano > 0n ? Quantity.parse(v.emptyDir.sizeLimit).toString() : '<unset>';
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${sl}\n`);
    } else if (v.gitRepo) {
      w.write(LEVEL_2, `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${v.gitRepo.repository ?? ''}\n    Revision:\t${v.gitRepo.revision ?? ''}\n`);
    } else if (v.secret) {
      w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${!!v.secret.optional}\n`);
    } else if (v.configMap) {
      w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${!!v.configMap.optional}\n`);
    } else if (v.nfs) {
      w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server ?? ''}\n    Path:\t${v.nfs.path ?? ''}\n    ReadOnly:\t${!!v.nfs.readOnly}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(LEVEL_2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName ?? ''}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`);
    } else if (v.downwardAPI) {
      w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) w.write(LEVEL_3, `${it.fieldRef.fieldPath} -> ${it.path}\n`);
        if (it.resourceFieldRef) w.write(LEVEL_3, `${it.resourceFieldRef.resource} -> ${it.path}\n`);
      }
    } else if (v.projected) {
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n    Optional:\t${!!s.secret.optional}\n`);
        else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    Optional:\t${!!s.configMap.optional}\n`);
        else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
      }
    } else if (v.csi) {
      w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver ?? ''}\n    FSType:\t${v.csi.fsType ?? ''}\n    ReadOnly:\t${!!v.csi.readOnly}\n`);
      printCSIAttributes(w, v.csi.volumeAttributes);
    } else if (v.image) {
      w.write(LEVEL_2, `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${v.image.reference ?? ''}\n    PullPolicy:\t${v.image.pullPolicy ?? ''}\n`);
    } else if (v.ephemeral) {
      w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

/** printCSIPersistentVolumeAttributesMultiline, prefixes and all. */
export function printCSIAttributes(w: PrefixWriter, attrs: Record<string, string> | undefined): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const keys = sortStrings(Object.keys(attrs ?? {}));
  if (!keys.length) { w.line('<none>'); return; }
  keys.forEach((k, i) => {
    if (i) { w.write(LEVEL_2, ''); w.write(LEVEL_2, '\t'); }
    const line = `${k}=${attrs![k]}`;
    w.write(LEVEL_2, (line.length > 140 ? line.slice(0, 140) + '...' : line) + '\n');
  });
}

export function describeTopologySpreadConstraints(tscs: V1TopologySpreadConstraint[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs?.length) return;
  const sorted = [...tscs].sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i) { w.write(LEVEL_0, space); w.write(LEVEL_0, '\t'); }
    let s = `${t.topologyKey}:${t.whenUnsatisfiable ?? ''} when max skew ${t.maxSkew ?? 0} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, s + '\n');
  });
}

/** DescribePodTemplate: the `Pod Template:` block of workload describers. */
export function describePodTemplate(tpl: V1PodTemplateSpec | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!tpl) { w.write(LEVEL_1, '<unset>'); return; }
  const spec: Partial<V1PodSpec> = tpl.spec ?? {};
  printLabelsMultiline(w, '  Labels', tpl.metadata?.labels);
  if (Object.keys(tpl.metadata?.annotations ?? {}).length) printAnnotationsMultiline(w, '  Annotations', tpl.metadata!.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}
