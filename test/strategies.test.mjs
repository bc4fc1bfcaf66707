// Kind strategies: what the API server defaults on create, and its validation messages.
// Expected values follow kube-apiserver 1.33 (pkg/apis/*/v1 defaults, pkg/apis/*/validation, registry strategies).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const home = freshHome();
const create = (yaml, h = home) => kctl(h, ['create', '-f', tmpFile('obj.yaml', yaml)]);
const apply = (yaml, h = home) => kctl(h, ['apply', '-f', tmpFile('obj.yaml', yaml)]);
function getJSON(type, name, ns, h = home) {
  const r = kctl(h, ['get', type, name, '-o', 'json', ...(ns ? ['-n', ns] : [])]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
/** The object as the create response has it (server dry run), before any controller acts. */
function dryRun(yamlOrFile, h = freshHome()) {
  const f = yamlOrFile.includes('\n') ? tmpFile('obj.yaml', yamlOrFile) : yamlOrFile;
  const r = kctl(h, ['create', '-f', f, '--dry-run=server', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
function fails(r, stderr) {
  assert.equal(r.code, 1, `expected failure, got: ${r.stdout}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, stderr + '\n');
}
const ok = r => assert.equal(r.code, 0, r.stderr);

const CONTAINER_DEFAULTS = { resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
const TEMPLATE_SPEC_DEFAULTS = { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 };

// ---------------------------------------------------------------- Deployment
test('Deployment: defaults shown right after create', () => {
  ok(create(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.25, ports: [{containerPort: 80}]}]
`));
  const d = getJSON('deployment', 'web');
  assert.equal(d.metadata.generation, 1);
  assert.deepEqual(d.spec, {
    progressDeadlineSeconds: 600, replicas: 1, revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'web' } },
    strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        containers: [{ image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', name: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], ...CONTAINER_DEFAULTS }],
        ...TEMPLATE_SPEC_DEFAULTS,
      },
    },
  });
});

test('Deployment: Recreate gets no rollingUpdate; rollingUpdate with Recreate is forbidden', () => {
  ok(create(`apiVersion: apps/v1
kind: Deployment
metadata: {name: rec}
spec:
  strategy: {type: Recreate}
  selector: {matchLabels: {app: rec}}
  template:
    metadata: {labels: {app: rec}}
    spec: {containers: [{name: c, image: nginx}]}
`));
  assert.deepEqual(getJSON('deploy', 'rec').spec.strategy, { type: 'Recreate' });
  fails(create(`apiVersion: apps/v1
kind: Deployment
metadata: {name: rec2}
spec:
  strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}
  selector: {matchLabels: {app: rec}}
  template:
    metadata: {labels: {app: rec}}
    spec: {containers: [{name: c, image: nginx}]}
`), 'The Deployment "rec2" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is \'Recreate\'');
});

test('Deployment: selector must match template labels (apply and create print the same)', () => {
  const y = `apiVersion: apps/v1
kind: Deployment
metadata: {name: bad}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: other}}
    spec: {containers: [{name: nginx, image: nginx}]}
`;
  const msg = 'The Deployment "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`';
  fails(apply(y), msg);
  fails(create(y), msg);
});

test('Deployment: several causes, replicas and image', () => {
  fails(create(`apiVersion: apps/v1
kind: Deployment
metadata: {name: bad}
spec:
  replicas: -1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx}]}
`), 'The Deployment "bad" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.containers[0].image: Required value');
});

test('Deployment: selector required, restartPolicy Always only, maxSurge/maxUnavailable not both 0', () => {
  fails(create(`apiVersion: apps/v1
kind: Deployment
metadata: {name: nosel}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
`), 'The Deployment "nosel" is invalid: spec.selector: Required value');
  fails(create(`apiVersion: apps/v1
kind: Deployment
metadata: {name: never}
spec:
  selector: {matchLabels: {app: web}}
  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: web}}
    spec: {restartPolicy: Never, containers: [{name: nginx, image: nginx}]}
`), 'The Deployment "never" is invalid: \n* spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"\n' +
    '* spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0');
});

test('Deployment: selector is immutable; generation grows on spec change only', () => {
  const y = (labels, image) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: imm}
spec:
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: nginx, image: ${image}}]}
`;
  ok(apply(y('{app: imm}', 'nginx:1.25')));
  fails(apply(y('{app: imm, tier: x}', 'nginx:1.25')),
    'The Deployment "imm" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"imm", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  ok(kctl(home, 'label deployment imm team=a'));
  assert.equal(getJSON('deploy', 'imm').metadata.generation, 1);
  ok(apply(y('{app: imm}', 'nginx:1.26')));
  assert.equal(getJSON('deploy', 'imm').metadata.generation, 2);
});

// ---------------------------------------------------------------- other workloads
test('ReplicaSet, StatefulSet and DaemonSet defaults (website examples)', () => {
  const h = freshHome();
  for (const f of ['controllers/frontend.yaml', 'controllers/statefulset.yaml', 'controllers/daemonset.yaml'])
    ok(kctl(h, ['apply', '-f', path.join(FIXTURES, 'website', f)]));
  const rs = getJSON('rs', 'frontend', undefined, h);
  assert.equal(rs.spec.replicas, 3);
  assert.equal(rs.spec.template.metadata.creationTimestamp, null);
  assert.equal(rs.spec.template.spec.containers[0].imagePullPolicy, 'Always'); // image: nginx (no tag)
  const fx = f => path.join(FIXTURES, 'website', f);
  assert.deepEqual(dryRun(fx('controllers/frontend.yaml')).status, { replicas: 0 });

  const sts = getJSON('sts', 'web', undefined, h);
  assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(sts.spec.updateStrategy, { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' });
  assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(sts.spec.revisionHistoryLimit, 10);
  assert.deepEqual(sts.spec.volumeClaimTemplates[0], {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { creationTimestamp: null, name: 'www' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'my-storage-class', volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  });
  const stsDry = dryRun(fx('controllers/statefulset.yaml'));
  assert.deepEqual((stsDry.items ?? [stsDry]).find(o => o.kind === 'StatefulSet').status, { availableReplicas: 0, replicas: 0 });

  const ds = getJSON('ds', 'fluentd-elasticsearch', 'kube-system', h);
  assert.deepEqual(ds.spec.updateStrategy, { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' });
  assert.equal(ds.spec.revisionHistoryLimit, 10);
  assert.equal(ds.metadata.generation, 1);
  assert.deepEqual(dryRun(fx('controllers/daemonset.yaml')).status, { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
});

test('StatefulSet: only some spec fields may change', () => {
  const y = svc => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: ${svc}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: postgres}]}
`;
  ok(apply(y('db')));
  fails(apply(y('other')), "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
});

test('ReplicationController: selector and labels come from the template', () => {
  ok(create(`apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  template:
    metadata: {labels: {app: rc}}
    spec: {containers: [{name: c, image: nginx}]}
`));
  const rc = getJSON('rc', 'rc');
  assert.deepEqual(rc.spec.selector, { app: 'rc' });
  assert.deepEqual(rc.metadata.labels, { app: 'rc' });
  assert.equal(rc.spec.replicas, 1);
});

// ---------------------------------------------------------------- batch
test('Job: defaults, generated selector and labels', () => {
  ok(kctl(home, ['create', '-f', path.join(FIXTURES, 'website/controllers/job.yaml')]));
  const j = getJSON('job', 'pi');
  const uid = j.metadata.uid;
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
  assert.deepEqual(j.metadata.labels, labels);
  assert.deepEqual(j.spec.template.metadata, { creationTimestamp: null, labels });
  assert.deepEqual(j.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  const { template, selector, ...rest } = j.spec;
  assert.deepEqual(rest, { backoffLimit: 4, completionMode: 'NonIndexed', completions: 1, manualSelector: false, parallelism: 1, podReplacementPolicy: 'TerminatingOrFailed', suspend: false });
  assert.equal(template.spec.restartPolicy, 'Never');
  assert.deepEqual(dryRun(path.join(FIXTURES, 'website/controllers/job.yaml')).status, {});
});

test('Job: template labels are copied to a Job without labels; parallelism alone', () => {
  ok(create(`apiVersion: batch/v1
kind: Job
metadata: {name: par}
spec:
  parallelism: 3
  template:
    metadata: {labels: {app: par}}
    spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}
`));
  const j = getJSON('job', 'par');
  assert.equal(j.metadata.labels.app, 'par');
  assert.equal(j.metadata.labels['batch.kubernetes.io/job-name'], 'par');
  assert.equal(j.spec.parallelism, 3);
  assert.equal(j.spec.completions, undefined);
});

test('Job: restart policy, manual selector, immutable template', () => {
  fails(create(`apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec: {containers: [{name: c, image: busybox}]}
`), 'The Job "j" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
  fails(create(`apiVersion: batch/v1
kind: Job
metadata: {name: man}
spec:
  manualSelector: true
  template:
    metadata: {labels: {a: b}}
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
`), 'The Job "man" is invalid: spec.selector: Required value');
  const y = img => `apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: c, image: ${img}}]}
`;
  ok(apply(y('busybox')));
  const r = apply(y('busybox:1.36'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^The Job "once" is invalid: spec.template: Invalid value: .*: field is immutable\n$/);
});

test('CronJob: defaults and schedule validation', () => {
  ok(create(`apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}
`));
  const cj = getJSON('cronjob', 'hello');
  assert.equal(cj.spec.concurrencyPolicy, 'Allow');
  assert.equal(cj.spec.suspend, false);
  assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
  assert.equal(cj.spec.failedJobsHistoryLimit, 1);
  assert.deepEqual(cj.spec.jobTemplate.metadata, { creationTimestamp: null });
  assert.equal(cj.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(cj.spec.jobTemplate.spec.backoffLimit, undefined);
  const bad = (name, schedule) => create(`apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "${schedule}"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}
`);
  fails(bad('c1', 'bad'), 'The CronJob "c1" is invalid: spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]');
  fails(bad('c2', '60 * * * *'), 'The CronJob "c2" is invalid: spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60');
  fails(bad('c3', '* * * * x'), 'The CronJob "c3" is invalid: spec.schedule: Invalid value: "* * * * x": failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  ok(bad('c4', '@hourly'));
  ok(bad('c5', '0 9 * jan-mar mon-fri'));
  const long = 'a'.repeat(53);
  fails(bad(long, '@daily'), `The CronJob "${long}" is invalid: metadata.name: Invalid value: "${long}": must be no more than 52 characters`);
});

// ---------------------------------------------------------------- Service
test('Service: ClusterIP defaults and allocation from 10.96.0.0/12', () => {
  ok(create(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`));
  const s = getJSON('svc', 'web');
  assert.match(s.spec.clusterIP, /^10\.(?:9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
  assert.deepEqual(s.spec.clusterIPs, [s.spec.clusterIP]);
  const { clusterIP, clusterIPs, ...rest } = s.spec;
  assert.deepEqual(rest, {
    internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'web' }, sessionAffinity: 'None', type: 'ClusterIP',
  });
  assert.deepEqual(s.status, { loadBalancer: {} });
  // a second service gets another address; re-applying keeps it
  ok(create(`apiVersion: v1
kind: Service
metadata: {name: web2}
spec:
  ports: [{port: 80, targetPort: http}]
`));
  const s2 = getJSON('svc', 'web2');
  assert.notEqual(s2.spec.clusterIP, s.spec.clusterIP);
  assert.equal(s2.spec.ports[0].targetPort, 'http');
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: taken}
spec:
  clusterIP: ${s.spec.clusterIP}
  ports: [{port: 80}]
`), `The Service "taken" is invalid: spec.clusterIPs: Invalid value: []string{"${s.spec.clusterIP}"}: failed to allocate IP ${s.spec.clusterIP}: provided IP is already allocated`);
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  clusterIP: 10.96.0.10
  ports: [{port: 53}]
`), 'The Service "dns" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
});

test('Service: NodePort and LoadBalancer allocation, freed on delete', () => {
  ok(create(`apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30080}, {name: b, port: 443}]
`.replace('[{port: 80,', '[{name: a, port: 80,')));
  const s = getJSON('svc', 'np');
  assert.equal(s.spec.ports[0].nodePort, 30080);
  assert.ok(s.spec.ports[1].nodePort >= 30000 && s.spec.ports[1].nodePort <= 32767);
  assert.equal(s.spec.externalTrafficPolicy, 'Cluster');
  const again = `apiVersion: v1
kind: Service
metadata: {name: np2}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30080}]
`;
  fails(create(again), 'The Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  ok(kctl(home, 'delete svc np'));
  ok(create(again));
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: np3}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 80}]
`), 'The Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
  ok(create(`apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  ports: [{port: 80}]
`));
  const lb = getJSON('svc', 'lb');
  assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
  assert.equal(lb.spec.externalTrafficPolicy, 'Cluster');
  assert.ok(lb.spec.ports[0].nodePort >= 30000);
  assert.deepEqual(lb.status, { loadBalancer: {} });
});

test('Service: switching NodePort to ClusterIP drops the node ports and traffic policy', () => {
  const y = type => `apiVersion: v1
kind: Service
metadata: {name: sw}
spec:
  type: ${type}
  ports: [{port: 80}]
`;
  ok(apply(y('NodePort')));
  const ip = getJSON('svc', 'sw').spec.clusterIP;
  ok(apply(y('ClusterIP')));
  const s = getJSON('svc', 'sw').spec;
  assert.equal(s.clusterIP, ip);
  assert.equal(s.ports[0].nodePort, undefined);
  assert.equal(s.externalTrafficPolicy, undefined);
});

test('Service: headless services and their ip families', () => {
  ok(create(`apiVersion: v1
kind: Service
metadata: {name: hl}
spec:
  clusterIP: None
  ports: [{port: 80}]
`));
  const s = getJSON('svc', 'hl').spec;
  assert.deepEqual(s.clusterIPs, ['None']);
  assert.deepEqual(s.ipFamilies, ['IPv4', 'IPv6']);
  assert.equal(s.ipFamilyPolicy, 'RequireDualStack');
  ok(create(`apiVersion: v1
kind: Service
metadata: {name: hl2}
spec:
  clusterIP: None
  selector: {app: x}
`));
  const s2 = getJSON('svc', 'hl2').spec;
  assert.deepEqual(s2.ipFamilies, ['IPv4']);
  assert.equal(s2.ipFamilyPolicy, 'SingleStack');
});

test('Service: names are DNS-1035 labels; ports need names when more than one', () => {
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: 1web}
spec:
  ports: [{port: 80}, {port: 443}]
`), 'The Service "1web" is invalid: \n' +
    "* metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n" +
    '* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value');
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: noports}
spec:
  selector: {app: x}
`), 'The Service "noports" is invalid: spec.ports: Required value');
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: p}
spec:
  ports: [{port: 70000, protocol: HTTP}]
`), 'The Service "p" is invalid: \n* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n' +
    '* spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"\n' +
    '* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive');
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
`), 'The Service "ext" is invalid: spec.externalName: Required value');
  ok(create(`apiVersion: v1
kind: Service
metadata: {name: ext2}
spec:
  type: ExternalName
  externalName: my.database.example.com
`));
  const e = getJSON('svc', 'ext2').spec;
  assert.deepEqual(e, { externalName: 'my.database.example.com', sessionAffinity: 'None', type: 'ExternalName' });
  fails(create(`apiVersion: v1
kind: Service
metadata: {name: cip}
spec:
  ports: [{port: 80, nodePort: 30999}]
`), 'The Service "cip" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'');
});

// ---------------------------------------------------------------- Secret / ConfigMap
test('Secret: type Opaque, stringData merged into data', () => {
  ok(create(`apiVersion: v1
kind: Secret
metadata: {name: s}
data: {a: YQ==}
stringData: {b: hello, a: over}
`));
  const s = getJSON('secret', 's');
  assert.equal(s.type, 'Opaque');
  assert.deepEqual(s.data, { a: 'b3Zlcg==', b: 'aGVsbG8=' });
  assert.equal(s.stringData, undefined);
});

test('Secret: bad base64, type rules, immutability', () => {
  const r = create(`apiVersion: v1
kind: Secret
metadata: {name: b64}
data: {a: "abc"}
`);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Error from server \(BadRequest\): error when creating ".*obj\.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0\n$/);
  fails(create(`apiVersion: v1
kind: Secret
metadata: {name: tls}
type: kubernetes.io/tls
`), 'The Secret "tls" is invalid: \n* data[tls.crt]: Required value\n* data[tls.key]: Required value');
  fails(create(`apiVersion: v1
kind: Secret
metadata: {name: sa}
type: kubernetes.io/service-account-token
`), 'The Secret "sa" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value');
  fails(create(`apiVersion: v1
kind: Secret
metadata: {name: key}
stringData: {"a b": x}
`), `The Secret "key" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
  const y = (v, t = 'Opaque') => `apiVersion: v1
kind: Secret
metadata: {name: frozen}
type: ${t}
immutable: true
stringData: {a: "${v}"}
`;
  ok(apply(y('1')));
  fails(apply(y('2')), 'The Secret "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  const t = ty => `apiVersion: v1
kind: Secret
metadata: {name: typed}
type: ${ty}
stringData: {username: u}
`;
  ok(apply(t('Opaque')));
  fails(apply(t('kubernetes.io/basic-auth')), 'The Secret "typed" is invalid: type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
});

test('ConfigMap: key names and immutability', () => {
  fails(create(`apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data: {"..x": "1"}
`), `The ConfigMap "cm" is invalid: data[..x]: Invalid value: "..x": must not start with '..'`);
  const y = (v, imm = 'true') => `apiVersion: v1
kind: ConfigMap
metadata: {name: frozen}
immutable: ${imm}
data: {a: "${v}"}
`;
  ok(apply(y('1')));
  fails(apply(y('2')), 'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  fails(apply(y('1', 'false')), 'The ConfigMap "frozen" is invalid: immutable: Forbidden: field is immutable when `immutable` is set');
});

// ---------------------------------------------------------------- storage
test('PV, PVC and StorageClass defaults and status', () => {
  ok(create(`apiVersion: v1
kind: PersistentVolume
metadata: {name: pv1}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: pvc1}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: example.com/fast
`));
  const pv = getJSON('pv', 'pv1');
  assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain');
  assert.equal(pv.spec.volumeMode, 'Filesystem');
  assert.ok(['Pending', 'Available'].includes(pv.status.phase));
  const pvc = getJSON('pvc', 'pvc1');
  assert.equal(pvc.spec.volumeMode, 'Filesystem');
  assert.ok(pvc.status.phase);
  const sc = getJSON('sc', 'fast');
  assert.equal(sc.reclaimPolicy, 'Delete');
  assert.equal(sc.volumeBindingMode, 'Immediate');
  fails(create(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: pvc2}
spec:
  resources: {requests: {storage: 1Gi}}
`), 'The PersistentVolumeClaim "pvc2" is invalid: spec.accessModes: Required value: at least 1 access mode is required');
  fails(create(`apiVersion: v1
kind: PersistentVolume
metadata: {name: pv2}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteSometimes]
`), 'The PersistentVolume "pv2" is invalid: \n* spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"\n* spec: Required value: must specify a volume type');
});

// ---------------------------------------------------------------- autoscaling, policy, scheduling
test('HPA v2 and v1 defaults', () => {
  ok(create(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h2}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  behavior: {scaleDown: {stabilizationWindowSeconds: 60}}
`));
  const h = getJSON('hpa', 'h2');
  assert.equal(h.spec.minReplicas, 1);
  assert.deepEqual(h.spec.metrics, [{ resource: { name: 'cpu', target: { averageUtilization: 80, type: 'Utilization' } }, type: 'Resource' }]);
  assert.deepEqual(h.spec.behavior, {
    scaleDown: { policies: [{ periodSeconds: 15, type: 'Percent', value: 100 }], selectPolicy: 'Max', stabilizationWindowSeconds: 60 },
    scaleUp: { policies: [{ periodSeconds: 15, type: 'Pods', value: 4 }, { periodSeconds: 15, type: 'Percent', value: 100 }], selectPolicy: 'Max', stabilizationWindowSeconds: 0 },
  });
  fails(create(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: bad}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 2
`), 'The HorizontalPodAutoscaler "bad" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
});

test('PodDisruptionBudget status and validation', () => {
  ok(create(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: x}}
`));
  // the disruption controller's status: no pods, so no disruption allowed (minAvailable 1 is desiredHealthy)
  const { conditions, ...counts } = getJSON('pdb', 'pdb').status;
  assert.deepEqual(counts, { currentHealthy: 0, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 1 });
  assert.equal(conditions[0].reason, 'InsufficientPods');
  fails(create(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb2}
spec:
  minAvailable: 150%
`), "The PodDisruptionBudget \"pdb2\" is invalid: spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%");
});

test('PriorityClass defaults and the Priority admission of pods', () => {
  const h = freshHome();
  ok(create(`apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
`, h));
  assert.equal(getJSON('pc', 'high', undefined, h).preemptionPolicy, 'PreemptLowerPriority');
  fails(create(`apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: system-mine}
value: 10
`, h), `The PriorityClass "system-mine" is invalid: metadata.name: Invalid value: "system-mine": priority class names with 'system-' prefix are reserved for system use only`);
  ok(create(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  priorityClassName: high
  containers: [{name: c, image: busybox}]
`, h));
  const p = getJSON('pod', 'p', undefined, h);
  assert.equal(p.spec.priority, 1000);
  const r = create(`apiVersion: v1
kind: Pod
metadata: {name: p2}
spec:
  priorityClassName: nope
  containers: [{name: c, image: busybox}]
`, h);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Error from server \(Forbidden\): error when creating ".*": pods "p2" is forbidden: no PriorityClass with name nope was found\n$/);
});

// ---------------------------------------------------------------- Pod
test('Pod: generation and admission defaults; LimitRange defaults', () => {
  const h = freshHome();
  ok(create(`apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
  - type: Container
    max: {cpu: "1"}
    defaultRequest: {memory: 64Mi}
`, h));
  const lr = getJSON('limitrange', 'lr', undefined, h);
  assert.deepEqual(lr.spec.limits[0].default, { cpu: '1' });
  assert.deepEqual(lr.spec.limits[0].defaultRequest, { cpu: '1', memory: '64Mi' });
  ok(create(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: busybox}]
`, h));
  const p = getJSON('pod', 'p', undefined, h);
  assert.equal(p.metadata.generation, 1);
  assert.deepEqual(p.spec.containers[0].resources, { limits: { cpu: '1' }, requests: { cpu: '1', memory: '64Mi' } });
  assert.equal(p.metadata.annotations['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu, memory request for container c; cpu limit for container c');
  assert.equal(p.spec.priority, 0);
  assert.equal(p.spec.enableServiceLinks, true);
  ok(kctl(h, ['label', 'pod', 'p', 'a=b']));
  assert.equal(getJSON('pod', 'p', undefined, h).metadata.generation, 1);
});

test('Pod: container validation (resources, probes, env, volumes)', () => {
  fails(create(`apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
  - name: c
    image: busybox
    resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}
    livenessProbe: {periodSeconds: 5}
    readinessProbe: {httpGet: {port: 0}}
    env: [{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
  volumes: [{name: v, secret: {}}]
`), 'The Pod "bad" is invalid: \n' +
    '* spec.volumes[0].secret.secretName: Required value\n' +
    '* spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty\n' +
    '* spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1\n' +
    '* spec.containers[0].livenessProbe: Required value: must specify a handler type\n' +
    '* spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive');
  fails(create(`apiVersion: v1
kind: Pod
metadata: {name: bad2}
spec:
  containers:
  - name: c
    image: busybox
    env: [{name: B, valueFrom: {configMapKeyRef: {name: cm}}}]
`), 'The Pod "bad2" is invalid: spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value');
});

// ---------------------------------------------------------------- networking, rbac, namespace
test('Ingress status and path validation', () => {
  ok(kctl(home, ['create', '-f', path.join(FIXTURES, 'website/service/networking/minimal-ingress.yaml')]));
  const ing = getJSON('ingress', 'minimal-ingress');
  assert.deepEqual(ing.status, { loadBalancer: {} });
  assert.equal(ing.metadata.generation, 1);
  fails(create(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: nopt}
spec:
  rules:
  - http:
      paths:
      - path: /x
        backend: {service: {name: test, port: {number: 80}}}
`), 'The Ingress "nopt" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
});

test('RBAC defaults and validation', () => {
  ok(create(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb}
roleRef: {kind: Role, name: r}
subjects: [{kind: User, name: jane}, {kind: ServiceAccount, name: default}]
`));
  const rb = getJSON('rolebinding', 'rb');
  assert.deepEqual(rb.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' });
  assert.deepEqual(rb.subjects, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane' }, { apiGroup: '', kind: 'ServiceAccount', name: 'default' }]);
  fails(create(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r}
rules: [{apiGroups: [""], resources: [pods]}]
`), 'The Role "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value');
  fails(apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb}
roleRef: {kind: ClusterRole, name: view}
`), 'The RoleBinding "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef');
});

test('Namespace: name is a DNS-1123 label; phase Active', () => {
  fails(create(`apiVersion: v1
kind: Namespace
metadata: {name: a.b}
`), "The Namespace \"a.b\" is invalid: metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  ok(create(`apiVersion: v1
kind: Namespace
metadata: {name: team}
`));
  const ns = getJSON('ns', 'team');
  assert.deepEqual(ns.status, { phase: 'Active' });
  assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
});

test('EndpointSlice and Endpoints port defaults', () => {
  ok(create(`apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: es}
addressType: IPv4
ports: [{port: 80}]
endpoints: [{addresses: [10.0.0.1]}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: ep}
subsets: [{addresses: [{ip: 10.0.0.2}], ports: [{port: 8080}]}]
`));
  assert.deepEqual(getJSON('endpointslice', 'es').ports, [{ name: '', port: 80, protocol: 'TCP' }]);
  assert.deepEqual(getJSON('endpoints', 'ep').subsets[0].ports, [{ port: 8080, protocol: 'TCP' }]);
});
