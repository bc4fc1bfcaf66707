// `kctl get` tables for each kind: columns, cell rules and alignment of kube-apiserver 1.33's printers,
// plus kubectl's decorations (-o wide, -A, --show-labels, -L, several types, get all).
// Objects are made through the real CLI with the cluster clock frozen, so ages are exact.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, freshHome, tmpFile } from './helpers.mjs';

let home;
const run = (args) => {
  const r = kctl(home, args);
  assert.equal(r.code, 0, `kctl ${Array.isArray(args) ? args.join(' ') : args} failed: ${r.stderr}`);
  return r.stdout;
};
const json = (args) => JSON.parse(run([...args, '-o', 'json']));

/** Align rows as kubectl's tabwriter does (minwidth 6, padding 3, last column unpadded). */
function table(rows) {
  const n = rows[0].length;
  const w = [];
  for (let c = 0; c < n - 1; c++) w[c] = Math.max(6, ...rows.map(r => r[c].length + 3));
  return rows.map(r => r.map((cell, c) => (c < n - 1 ? cell.padEnd(w[c]) : cell)).join('')).join('\n') + '\n';
}

const MANIFEST = `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, labels: {app: web, tier: fe}}
data: {a: "1", b: "2"}
binaryData: {c: aGk=}
---
apiVersion: v1
kind: Secret
metadata: {name: tls1}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
---
apiVersion: v1
kind: Service
metadata: {name: ext, labels: {app: web}}
spec: {type: ExternalName, externalName: example.com}
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  selector: {tier: fe, app: web}
  ports: [{name: http, port: 80, nodePort: 30080}, {name: https, port: 443, nodePort: 30443}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}, {name: side, image: busybox:1.36}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 0
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres:16}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/5 * * * *"
  timeZone: Etc/UTC
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: hello, image: busybox:1.36}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing}
spec:
  ingressClassName: nginx
  tls: [{hosts: [a.example.com]}]
  rules:
  - host: a.example.com
  - host: b.example.com
  - host: c.example.com
  - host: d.example.com
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec:
  controller: k8s.io/ingress-nginx
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow}
spec:
  podSelector:
    matchLabels: {role: db}
    matchExpressions: [{key: env, operator: In, values: [prod, dev]}, {key: canary, operator: DoesNotExist}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb}
spec: {minAvailable: "50%", selector: {matchLabels: {app: nothing}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 500Mi}}
  - type: Pods
    pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: "1k"}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
- {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
- {kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: default, namespace: default}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec: {limits: [{type: Container, default: {cpu: 500m}}]}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000000
preemptionPolicy: Never
description: test
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: example.com/fast
reclaimPolicy: Retain
allowVolumeExpansion: true
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: Endpoints
metadata: {name: ep1}
subsets:
- addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}]
  ports: [{name: http, port: 80}, {name: https, port: 443}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: es1}
addressType: IPv4
ports: [{name: http, port: 80}, {name: metrics}, {}]
endpoints:
- addresses: [10.0.0.1, 10.0.0.2]
- addresses: [10.0.0.3, 10.0.0.4]
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: leader}
spec: {holderIdentity: node-a, leaseDurationSeconds: 15}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: plc}
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 10
    limitResponse:
      type: Queue
      queuing: {queues: 64, handSize: 6, queueLengthLimit: 50}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: fs}
spec:
  priorityLevelConfiguration: {name: plc}
  matchingPrecedence: 500
  distinguisherMethod: {type: ByUser}
---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: {name: hostpath.csi.k8s.io}
spec:
  attachRequired: false
  podInfoOnMount: true
  storageCapacity: false
  requiresRepublish: false
  volumeLifecycleModes: [Persistent, Ephemeral]
  tokenRequests: [{audience: vault}, {audience: gcp}]
---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata: {name: extra}
spec: {cidrs: [10.100.0.0/16, "fd00:100::/64"]}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: vwh}
webhooks:
- name: a.example.com
  clientConfig: {url: "https://a.example.com"}
  admissionReviewVersions: [v1]
  sideEffects: None
- name: b.example.com
  clientConfig: {url: "https://b.example.com"}
  admissionReviewVersions: [v1]
  sideEffects: None
---
apiVersion: v1
kind: PodTemplate
metadata: {name: pt}
template:
  metadata: {labels: {app: x, tier: be}}
  spec: {containers: [{name: c, image: nginx}, {name: d, image: redis:7}]}
`;

before(() => {
  home = freshHome();
  run(['sim', 'freeze']);
  run(['apply', '-f', tmpFile('objs.yaml', MANIFEST)]);
  run(['sim', 'advance', '5m30s']);
});

test('configmaps and secrets: DATA counts data + binaryData; TYPE; several types get kind prefixes and a blank line', () => {
  assert.equal(run(['get', 'cm,secret']),
    table([['NAME', 'DATA', 'AGE'], ['configmap/cfg', '3', '5m30s'], ['configmap/kube-root-ca.crt', '1', '5m30s']]) + '\n' +
    table([['NAME', 'TYPE', 'DATA', 'AGE'], ['secret/tls1', 'kubernetes.io/tls', '2', '5m30s']]));
});

test('--show-labels and -L columns come after the table columns', () => {
  assert.equal(run(['get', 'cm', 'cfg', '--show-labels']),
    table([['NAME', 'DATA', 'AGE', 'LABELS'], ['cfg', '3', '5m30s', 'app=web,tier=fe']]));
  assert.equal(run(['get', 'cm', '-L', 'app', '-L', 'example.com/tier']),
    table([['NAME', 'DATA', 'AGE', 'APP', 'TIER'], ['cfg', '3', '5m30s', 'web', ''], ['kube-root-ca.crt', '1', '5m30s', '', '']]));
});

test('services: ExternalName, LoadBalancer <pending>, node ports, wide SELECTOR', () => {
  const lb = json(['get', 'svc', 'lb']);
  const ip = lb.spec.clusterIPs?.[0] ?? '<none>';
  const lbIngress = [...new Set((lb.status?.loadBalancer?.ingress ?? []).map(i => i.ip || i.hostname))].sort().join(',') || '<pending>';
  assert.equal(run(['get', 'svc', 'ext', 'lb', '-o', 'wide']), table([
    ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'],
    ['ext', 'ExternalName', '<none>', 'example.com', '<none>', '5m30s', '<none>'],
    ['lb', 'LoadBalancer', ip, lbIngress, '80:30080/TCP,443:30443/TCP', '5m30s', 'app=web,tier=fe'],
  ]));
});

test('deployments and statefulsets: READY x/y, wide CONTAINERS IMAGES SELECTOR', () => {
  assert.equal(run(['get', 'deploy', 'web']), table([['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], ['web', '0/0', '0', '0', '5m30s']]));
  assert.equal(run(['get', 'deploy', 'web', '-o', 'wide']), table([
    ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
    ['web', '0/0', '0', '0', '5m30s', 'nginx,side', 'nginx:1.27,busybox:1.36', 'app=web']]));
  assert.equal(run(['get', 'sts', '-o', 'wide']), table([['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES'], ['db', '0/0', '5m30s', 'pg', 'postgres:16']]));
});

test('cronjobs: TIMEZONE, SUSPEND True, LAST SCHEDULE <none>, wide selector <none>', () => {
  assert.equal(run(['get', 'cj', '-o', 'wide']), table([
    ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
    ['hello', '*/5 * * * *', 'Etc/UTC', 'True', '0', '<none>', '5m30s', 'hello', 'busybox:1.36', '<none>']]));
});

test('ingresses and ingressclasses: hosts clipped at 3, TLS ports, empty ADDRESS, PARAMETERS', () => {
  assert.equal(run(['get', 'ing']), table([
    ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    ['ing', 'nginx', 'a.example.com,b.example.com,c.example.com + 1 more...', '', '80, 443', '5m30s']]));
  assert.equal(run(['get', 'ingressclass']), table([
    ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'], ['nginx', 'k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/external-lb', '5m30s']]));
});

test('networkpolicies: POD-SELECTOR is the sorted selector string, <none> for empty', () => {
  assert.equal(run(['get', 'netpol']), table([
    ['NAME', 'POD-SELECTOR', 'AGE'], ['allow', '!canary,env in (dev,prod),role=db', '5m30s'], ['deny', '<none>', '5m30s']]));
});

test('pdb and hpa', () => {
  const pdb = json(['get', 'pdb', 'pdb']);
  assert.equal(run(['get', 'pdb']), table([
    ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'], ['pdb', '50%', 'N/A', String(pdb.status?.disruptionsAllowed ?? 0), '5m30s']]));
  const hpa = json(['get', 'hpa', 'web']);
  const out = run(['get', 'hpa']);
  assert.match(out, /^NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE\n/);
  if (!(hpa.status?.currentMetrics ?? []).length) {
    assert.equal(out, table([['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
      ['web', 'Deployment/web', 'cpu: <unknown>/80%, memory: <unknown>/500Mi + 1 more...', '1', '5', String(hpa.status?.currentReplicas ?? 0), '5m30s']]));
  } else {
    assert.match(out, /\nweb +Deployment\/web +cpu: \S+\/80%, memory: \S+\/500Mi \+ 1 more\.\.\. +1 +5 +\d+ +5m30s\n$/);
  }
});

test('roles and limitranges print NAME and CREATED AT (RFC3339); rolebindings ROLE and wide subjects', () => {
  const created = json(['get', 'role', 'reader']).metadata.creationTimestamp;
  assert.match(created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(run(['get', 'roles']), table([['NAME', 'CREATED AT'], ['reader', created]]));
  assert.equal(run(['get', 'limits']), table([['NAME', 'CREATED AT'], ['lr', created]]));
  assert.equal(run(['get', 'rolebinding', 'read']), table([['NAME', 'ROLE', 'AGE'], ['read', 'Role/reader', '5m30s']]));
  assert.equal(run(['get', 'rolebinding', 'read', '-o', 'wide']), table([
    ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'], ['read', 'Role/reader', '5m30s', 'jane, bob', 'devs', 'default/default']]));
});

test('cluster-scoped kinds: priorityclasses, runtimeclasses, storageclasses, csidrivers, servicecidrs, webhooks, flow control', () => {
  const pc = run(['get', 'pc', 'high']);
  assert.equal(pc, table([['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'], ['high', '1000000', 'false', '5m30s', 'Never']]));
  assert.equal(run(['get', 'runtimeclass']), table([['NAME', 'HANDLER', 'AGE'], ['gvisor', 'runsc', '5m30s']]));
  assert.equal(run(['get', 'sc', 'fast']), table([
    ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    ['fast', 'example.com/fast', 'Retain', 'WaitForFirstConsumer', 'true', '5m30s']]));
  assert.equal(run(['get', 'csidriver', 'hostpath.csi.k8s.io']), table([
    ['NAME', 'ATTACHREQUIRED', 'PODINFOONMOUNT', 'STORAGECAPACITY', 'TOKENREQUESTS', 'REQUIRESREPUBLISH', 'MODES', 'AGE'],
    ['hostpath.csi.k8s.io', 'false', 'true', 'false', 'vault,gcp', 'false', 'Persistent,Ephemeral', '5m30s']]));
  assert.equal(run(['get', 'servicecidr', 'extra']), table([['NAME', 'CIDRS', 'AGE'], ['extra', '10.100.0.0/16,fd00:100::/64', '5m30s']]));
  assert.equal(run(['get', 'validatingwebhookconfigurations', 'vwh']), table([['NAME', 'WEBHOOKS', 'AGE'], ['vwh', '2', '5m30s']]));
  assert.equal(run(['get', 'prioritylevelconfiguration', 'plc']), table([
    ['NAME', 'TYPE', 'NOMINALCONCURRENCYSHARES', 'QUEUES', 'HANDSIZE', 'QUEUELENGTHLIMIT', 'AGE'], ['plc', 'Limited', '10', '64', '6', '50', '5m30s']]));
  const fs = json(['get', 'flowschema', 'fs']);
  const dangling = (fs.status?.conditions ?? []).find(c => c.type === 'Dangling');
  assert.equal(run(['get', 'flowschema', 'fs']), table([
    ['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'AGE', 'MISSINGPL'],
    ['fs', 'plc', '500', 'ByUser', '5m30s', dangling ? dangling.status : '?']]));
});

test('endpoints and endpointslices clip at 3 entries with "+ N more..."; leases show HOLDER', () => {
  assert.equal(run(['get', 'ep', 'ep1']), table([['NAME', 'ENDPOINTS', 'AGE'], ['ep1', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...', '5m30s']]));
  // The API server defaults an EndpointSlice port's name to "" (SetDefaults_EndpointPort), so a port with
  // neither number nor name prints an empty cell, not "*".
  assert.equal(run(['get', 'endpointslices', 'es1']), table([
    ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'], ['es1', 'IPv4', '80,metrics,', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '5m30s']]));
  assert.equal(run(['get', 'lease', 'leader']), table([['NAME', 'HOLDER', 'AGE'], ['leader', 'node-a', '5m30s']]));
});

test('podtemplates: CONTAINERS IMAGES POD LABELS', () => {
  assert.equal(run(['get', 'podtemplates']), table([['NAME', 'CONTAINERS', 'IMAGES', 'POD LABELS'], ['pt', 'c,d', 'nginx,redis:7', 'app=x,tier=be']]));
});

test('events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide adds SUBOBJECT SOURCE and FIRST SEEN COUNT NAME', () => {
  const now = Date.parse(run(['sim', 'now']).trim());
  const iso = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const ev = `apiVersion: v1
kind: Event
metadata: {name: web-1.abc, namespace: tables-ev}
involvedObject: {kind: Pod, name: web-1, namespace: tables-ev, fieldPath: "spec.containers{nginx}"}
reason: BackOff
message: "  Back-off restarting failed container  "
type: Warning
source: {component: kubelet, host: kctl-worker}
count: 3
firstTimestamp: "${iso(now - 3 * 3600e3 - 5 * 60e3)}"
lastTimestamp: "${iso(now - 150e3)}"
---
apiVersion: v1
kind: Event
metadata: {name: web.xyz, namespace: tables-ev}
involvedObject: {kind: Deployment, name: web, namespace: tables-ev}
reason: ScalingReplicaSet
message: Scaled up replica set web-1 from 0 to 1
type: Normal
reportingComponent: deployment-controller
source: {component: deployment-controller}
firstTimestamp: "${iso(now - 90e3)}"
`;
  run(['create', 'namespace', 'tables-ev']);
  run(['apply', '-f', tmpFile('ev.yaml', ev)]);
  assert.equal(run(['get', 'events', '-n', 'tables-ev']), table([
    ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    ['2m30s', 'Warning', 'BackOff', 'pod/web-1', 'Back-off restarting failed container'],
    ['90s', 'Normal', 'ScalingReplicaSet', 'deployment/web', 'Scaled up replica set web-1 from 0 to 1']]));
  assert.equal(run(['get', 'events', '-n', 'tables-ev', '-o', 'wide']), table([
    ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'],
    ['2m30s', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{nginx}', 'kubelet, kctl-worker', 'Back-off restarting failed container', '3h5m', '3', 'web-1.abc'],
    ['90s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-1 from 0 to 1', '90s', '1', 'web.xyz']]));
  // -A puts NAMESPACE first; events have no NAME column in normal output, so no kind prefix either
  const all = run(['get', 'events,cm', '-n', 'tables-ev']);
  assert.match(all, /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n2m30s +Warning +BackOff +pod\/web-1 +Back-off/);
  assert.match(all, /\n\nNAME +DATA +AGE\nconfigmap\/kube-root-ca\.crt +1 +\S+\n$/);
});

test('-A adds NAMESPACE to namespaced kinds only; nodes -o wide', () => {
  const out = run(['get', 'netpol', '-A']);
  assert.equal(out, table([['NAMESPACE', 'NAME', 'POD-SELECTOR', 'AGE'],
    ['default', 'allow', '!canary,env in (dev,prod),role=db', '5m30s'], ['default', 'deny', '<none>', '5m30s']]));
  const nodes = run(['get', 'nodes', '-A', '-o', 'wide']).split('\n');
  assert.match(nodes[0], /^NAME +STATUS +ROLES +AGE +VERSION +INTERNAL-IP +EXTERNAL-IP +OS-IMAGE +KERNEL-VERSION +CONTAINER-RUNTIME$/);
  assert.match(nodes[1], /^kctl-control-plane +Ready +control-plane +\S+ +v1\.33\.\d+ +\d+\.\d+\.\d+\.\d+ +<none> +/);
  assert.equal(run(['get', 'pc', 'high', '-A']), run(['get', 'pc', 'high']));
});

test('get all lists the workload kinds with kind-prefixed names', () => {
  const out = run(['get', 'all']);
  assert.ok(out.includes(table([['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    ...['ext', 'kubernetes', 'lb'].map(n => {
      const s = json(['get', 'svc', n]);
      const ext = n === 'ext' ? 'example.com' : n === 'lb' ? ([...new Set((s.status?.loadBalancer?.ingress ?? []).map(i => i.ip || i.hostname))].sort().join(',') || '<pending>') : '<none>';
      const ports = (s.spec.ports ?? []).map(p => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',') || '<none>';
      return [`service/${n}`, s.spec.type, s.spec.clusterIPs?.[0] ?? '<none>', ext, ports, '5m30s'];
    })])), out);
  assert.ok(out.includes(table([['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], ['deployment.apps/web', '0/0', '0', '0', '5m30s']])), out);
  assert.ok(out.includes(table([['NAME', 'READY', 'AGE'], ['statefulset.apps/db', '0/0', '5m30s']])), out);
  assert.ok(out.includes(table([['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    ['cronjob.batch/hello', '*/5 * * * *', 'Etc/UTC', 'True', '0', '<none>', '5m30s']])), out);
  assert.match(out, /\n\nNAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE\nhorizontalpodautoscaler\.autoscaling\/web +Deployment\/web +/);
});

test('storage: PV capacity in canonical form, access modes in fixed order; PVC; quota REQUEST/LIMIT; job COMPLETIONS', () => {
  const objs = `apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-tables}
spec:
  capacity: {storage: 1024Mi}
  accessModes: [ReadWriteMany, ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: slow-tables
  volumeMode: Filesystem
  hostPath: {path: /tmp/pv-tables}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: rq}
spec: {hard: {pods: "10", requests.cpu: "1", limits.memory: 2Gi}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: par}
spec:
  parallelism: 3
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36}]
`;
  run(['apply', '-f', tmpFile('st.yaml', objs)]);
  const pv = json(['get', 'pv', 'pv-tables']);
  const claim = pv.spec.claimRef ? `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : '';
  assert.equal(run(['get', 'pv', 'pv-tables', '-o', 'wide']), table([
    ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE', 'VOLUMEMODE'],
    ['pv-tables', '1Gi', 'RWO,RWX', 'Retain', pv.status?.phase ?? '', claim, 'slow-tables', '<unset>', '', '0s', 'Filesystem']]));
  const rq = json(['get', 'quota', 'rq']);
  const u = r => `${rq.status?.used?.[r] ?? '0'}/${rq.status?.hard?.[r] ?? '0'}`;
  assert.equal(run(['get', 'quota', 'rq']), table([['NAME', 'AGE', 'REQUEST', 'LIMIT'],
    ['rq', '0s', `pods: ${u('pods')}, requests.cpu: ${u('requests.cpu')}`, `limits.memory: ${u('limits.memory')}`]]));
  const job = json(['get', 'job', 'par']);
  const out = run(['get', 'job', 'par', '-o', 'wide']);
  assert.match(out, /^NAME +STATUS +COMPLETIONS +DURATION +AGE +CONTAINERS +IMAGES +SELECTOR\n/);
  const sel = job.spec.selector ? 'batch.kubernetes.io/controller-uid=' : '<none>';
  assert.ok(out.split('\n')[1].startsWith('par '), out);
  assert.match(out, new RegExp(`\\npar +(Running|Suspended) +${job.status?.succeeded ?? 0}/1 of 3 +0s +c +busybox:1\\.36 +${sel.replace(/[.]/g, '\\.')}`));
});
