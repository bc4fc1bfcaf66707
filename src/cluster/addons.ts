// Add-ons a kind user installs by hand, installed by `kctl sim`: metrics-server (what
// `kubectl apply -f .../metrics-server/releases/latest/download/components.yaml` plus the
// --kubelet-insecure-tls patch kind needs creates in kube-system), which serves metrics.k8s.io.
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { StatusError } from '../api/errors';

const LABELS = { 'k8s-app': 'metrics-server' };

function metricsServerObjects(): KObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'metrics-server', namespace: 'kube-system', labels: { ...LABELS } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'metrics-server', namespace: 'kube-system', labels: { ...LABELS } },
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }], selector: { ...LABELS } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'metrics-server', namespace: 'kube-system', labels: { ...LABELS } },
      spec: { selector: { matchLabels: { ...LABELS } }, strategy: { rollingUpdate: { maxUnavailable: 0 } },
        template: { metadata: { labels: { ...LABELS } }, spec: {
          containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', imagePullPolicy: 'IfNotPresent',
            args: ['--cert-dir=/tmp', '--secure-port=10250', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port',
              '--metric-resolution=15s', '--kubelet-insecure-tls'],
            ports: [{ containerPort: 10250, name: 'https', protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '200Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            volumeMounts: [{ mountPath: '/tmp', name: 'tmp-dir' }] }],
          nodeSelector: { 'kubernetes.io/os': 'linux' }, priorityClassName: 'system-cluster-critical', serviceAccountName: 'metrics-server',
          volumes: [{ emptyDir: {}, name: 'tmp-dir' }],
        } } } },
    { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io', labels: { ...LABELS } },
      spec: { group: 'metrics.k8s.io', groupPriorityMinimum: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system' },
        version: 'v1beta1', versionPriority: 100 } },
  ];
}

/** Install (or remove) metrics-server; returns false when there was nothing to do. */
export function setMetricsServer(rt: Runtime, on: boolean): boolean {
  let changed = false;
  for (const o of metricsServerObjects()) {
    const ri = rt.api.resourceFor(o);
    const have = rt.api.tryGet(ri, o.metadata.namespace, o.metadata.name!);
    if (on && !have) { rt.api.create(o); changed = true; }
    if (!on && have) {
      try { rt.api.delete(ri, o.metadata.namespace, o.metadata.name!, {}); changed = true; } catch (e) { if (!(e instanceof StatusError)) throw e; }
    }
  }
  return changed;
}
