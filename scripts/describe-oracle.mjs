// Developer tool: serve a kctl cluster's objects over a minimal read-only Kubernetes API so the real kubectl
// (the offline oracle) can `describe` them; its output becomes the golden files under test/golden/describe/.
//   node scripts/describe-oracle.mjs <dump.json> <port> [clusterNowMs]
// (dump: {"items":[...]} from `kctl get ... -A -o json`). With clusterNowMs, every answer moves the dump's
// timestamps by the whole seconds between that instant and the wall clock, so ages come out to the second.
// Then: kubectl.1.33 --server http://127.0.0.1:<port> describe pod x
import http from 'node:http';
import fs from 'node:fs';

const [dumpFile, portArg, nowArg] = process.argv.slice(2);
const rawItems = JSON.parse(fs.readFileSync(dumpFile, 'utf8')).items;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const shiftBy = (v, ms) => {
  if (typeof v === 'string' && ISO.test(v)) {
    const frac = v.match(/\.(\d+)Z$/)?.[1] ?? '';
    return `${new Date(Math.floor(Date.parse(v) / 1000) * 1000 + ms).toISOString().slice(0, 19)}${frac ? '.' + frac : ''}Z`;
  }
  if (Array.isArray(v)) return v.map(x => shiftBy(x, ms));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shiftBy(x, ms)]));
  return v;
};
let items = rawItems;
const RES = [
  // group, version, plural, kind, namespaced
  ['', 'v1', 'pods', 'Pod', true], ['', 'v1', 'nodes', 'Node', false], ['', 'v1', 'namespaces', 'Namespace', false],
  ['', 'v1', 'events', 'Event', true], ['', 'v1', 'configmaps', 'ConfigMap', true], ['', 'v1', 'services', 'Service', true],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true], ['', 'v1', 'limitranges', 'LimitRange', true],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true], ['', 'v1', 'secrets', 'Secret', true],
  ['apps', 'v1', 'deployments', 'Deployment', true], ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
  ['discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true], ['coordination.k8s.io', 'v1', 'leases', 'Lease', true],
  ['scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false], ['', 'v1', 'endpoints', 'Endpoints', true],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true], ['apps', 'v1', 'statefulsets', 'StatefulSet', true],
  ['batch', 'v1', 'jobs', 'Job', true], ['batch', 'v1', 'cronjobs', 'CronJob', true],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true], ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true], ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true], ['networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false], ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true], ['', 'v1', 'persistentvolumes', 'PersistentVolume', false],
  ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true],
  ['stable.example.com', 'v1', 'crontabs', 'CronTab', true], // the custom resource of fixtures/crd/crontab-crd.yaml
  ['certificates.k8s.io', 'v1', 'certificatesigningrequests', 'CertificateSigningRequest', false],
  ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true], ['apps', 'v1', 'controllerrevisions', 'ControllerRevision', true],
];
const SHORT = { pods: ['po'], nodes: ['no'], namespaces: ['ns'], events: ['ev'], configmaps: ['cm'], services: ['svc'], deployments: ['deploy'], replicasets: ['rs'], resourcequotas: ['quota'], limitranges: ['limits'], serviceaccounts: ['sa'], daemonsets: ['ds'], statefulsets: ['sts'], cronjobs: ['cj'], endpoints: ['ep'], priorityclasses: ['pc'], persistentvolumes: ['pv'], persistentvolumeclaims: ['pvc'], storageclasses: ['sc'], ingresses: ['ing'], poddisruptionbudgets: ['pdb'], certificatesigningrequests: ['csr'], horizontalpodautoscalers: ['hpa'] };
const gv = r => (r[0] ? `${r[0]}/${r[1]}` : r[1]);
const get = (o, path) => path.split('.').reduce((a, k) => (a == null ? undefined : a[k]), o);
function fieldOk(o, sel) {
  if (!sel) return true;
  return sel.split(',').every(t => {
    const m = t.match(/^([^!=]+)(!=|==|=)(.*)$/);
    const v = String(get(o, m[1]) ?? '');
    return m[2] === '!=' ? v !== m[3] : v === m[3];
  });
}
function labelOk(o, sel) {
  if (!sel) return true;
  return sel.split(',').every(t => { const [k, v] = t.split('='); return (o.metadata.labels ?? {})[k] === v; });
}
const send = (res, code, body) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
const notFound = (res, r, name) => send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404,
  message: `${r[0] ? `${r[2]}.${r[0]}` : r[2]} "${name}" not found`, details: { name, group: r[0], kind: r[2] } });

http.createServer((req, res) => {
  if (nowArg) items = shiftBy(rawItems, Math.floor((Date.now() - Number(nowArg)) / 1000) * 1000);
  const u = new URL(req.url, 'http://x');
  const p = u.pathname.replace(/\/$/, '');
  if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  if (p === '/apis') {
    const groups = [...new Set(RES.filter(r => r[0]).map(r => r[0]))];
    const verOf = g => RES.find(r => r[0] === g)[1];
    return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(g => ({ name: g, versions: [{ groupVersion: `${g}/${verOf(g)}`, version: verOf(g) }], preferredVersion: { groupVersion: `${g}/${verOf(g)}`, version: verOf(g) } })) });
  }
  if (p === '/version') return send(res, 200, { major: '1', minor: '33', gitVersion: 'v1.33.1' });
  const m = p.match(/^\/(?:api\/v1|apis\/([^/]+)\/(v[0-9a-z]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/);
  if (!m) return send(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
  const group = m[1] ?? '';
  const version = m[2] ?? 'v1';
  m.splice(2, 1);
  if (group && !RES.some(r => r[0] === group && r[1] === version)) return send(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
  let [ns, plural, name] = [m[2], m[3], m[4]];
  if (!plural && ns) { plural = 'namespaces'; name = ns; ns = undefined; }
  if (!plural) {
    return send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : 'v1',
      resources: RES.filter(r => r[0] === group && (!group || r[1] === version)).map(r => ({ name: r[2], singularName: r[3].toLowerCase(), namespaced: r[4], kind: r[3], verbs: ['get', 'list'], shortNames: SHORT[r[2]] ?? [] })) });
  }
  const r = RES.find(x => x[0] === group && x[2] === plural);
  if (!r) return send(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
  let objs = items.filter(o => o.kind === r[3] && (o.apiVersion ?? '') === gv(r) && (!ns || !r[4] || o.metadata.namespace === ns));
  if (name) {
    const o = objs.find(x => x.metadata.name === name);
    return o ? send(res, 200, o) : notFound(res, r, name);
  }
  objs = objs.filter(o => fieldOk(o, u.searchParams.get('fieldSelector')) && labelOk(o, u.searchParams.get('labelSelector')));
  send(res, 200, { kind: `${r[3]}List`, apiVersion: gv(r), metadata: { resourceVersion: '1' }, items: objs });
}).listen(Number(portArg ?? 0), '127.0.0.1', function () { process.stdout.write(`listening ${this.address().port}\n`); });
