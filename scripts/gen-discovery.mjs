// One-off generator: derives schemas/resources.json (discovery) from the official v1.33 OpenAPI spec.
// Usage: node scripts/gen-discovery.mjs ../shared/reference/openapi/swagger-v1.33.json
// Short names and categories are not in the spec; they come from the table below (kube-apiserver's own values).
import fs from 'node:fs';
const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const SHORT = {
  'bindings': [], 'componentstatuses': ['cs'], 'configmaps': ['cm'], 'endpoints': ['ep'], 'events': ['ev'],
  'limitranges': ['limits'], 'namespaces': ['ns'], 'nodes': ['no'], 'persistentvolumeclaims': ['pvc'],
  'persistentvolumes': ['pv'], 'pods': ['po'], 'replicationcontrollers': ['rc'], 'resourcequotas': ['quota'],
  'serviceaccounts': ['sa'], 'services': ['svc'], 'customresourcedefinitions': ['crd', 'crds'],
  'daemonsets': ['ds'], 'deployments': ['deploy'], 'replicasets': ['rs'], 'statefulsets': ['sts'],
  'horizontalpodautoscalers': ['hpa'], 'cronjobs': ['cj'], 'certificatesigningrequests': ['csr'],
  'events.events.k8s.io': ['ev'], 'ingresses': ['ing'], 'networkpolicies': ['netpol'],
  'poddisruptionbudgets': ['pdb'], 'priorityclasses': ['pc'], 'storageclasses': ['sc'],
  'apiservices': [], 'flowschemas': [], 'prioritylevelconfigurations': [],
};
const CATEGORIES = {
  'pods': ['all'], 'replicationcontrollers': ['all'], 'services': ['all'], 'daemonsets': ['all'],
  'deployments': ['all'], 'replicasets': ['all'], 'statefulsets': ['all'], 'horizontalpodautoscalers': ['all'],
  'cronjobs': ['all'], 'jobs': ['all'], 'customresourcedefinitions': ['api-extensions'],
  'mutatingwebhookconfigurations': ['api-extensions'], 'validatingwebhookconfigurations': ['api-extensions'],
  'validatingadmissionpolicies': ['api-extensions'], 'validatingadmissionpolicybindings': ['api-extensions'],
  'apiservices': ['api-extensions'],
};
// Versions served by default in v1.33 (beta/alpha APIs are off by default unless listed).
const PREFERRED = {
  '': 'v1', 'admissionregistration.k8s.io': 'v1', 'apiextensions.k8s.io': 'v1', 'apiregistration.k8s.io': 'v1',
  'apps': 'v1', 'authentication.k8s.io': 'v1', 'authorization.k8s.io': 'v1', 'autoscaling': 'v2', 'batch': 'v1',
  'certificates.k8s.io': 'v1', 'coordination.k8s.io': 'v1', 'discovery.k8s.io': 'v1', 'events.k8s.io': 'v1',
  'flowcontrol.apiserver.k8s.io': 'v1', 'networking.k8s.io': 'v1', 'node.k8s.io': 'v1', 'policy': 'v1',
  'rbac.authorization.k8s.io': 'v1', 'scheduling.k8s.io': 'v1', 'storage.k8s.io': 'v1', 'resource.k8s.io': null,
  'storagemigration.k8s.io': null, 'internal.apiserver.k8s.io': null,
};
const ALSO_SERVED = { 'autoscaling': ['v1'] };
const res = new Map();
for (const [path, item] of Object.entries(spec.paths)) {
  const m = path.match(/^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(?:namespaces\/\{namespace\}\/)?([a-z0-9]+)(\/\{name\})?$/);
  if (!m) continue;
  const version = m[1] || m[3]; const group = m[1] ? '' : m[2]; const plural = m[4];
  if (path.includes('/watch/')) continue;
  const ns = path.includes('{namespace}');
  const op = item.get || item.post || item.put || item.delete || item.patch;
  const gvk = op && op['x-kubernetes-group-version-kind'];
  if (!gvk) continue;
  const pref = PREFERRED[group];
  if (pref === undefined || pref === null) continue;
  if (version !== pref && !(ALSO_SERVED[group] || []).includes(version)) continue;
  const key = `${group}/${version}/${plural}`;
  const r = res.get(key) || { group, version, kind: gvk.kind, plural, singular: gvk.kind.toLowerCase(),
    namespaced: false, verbs: new Set(), shortNames: SHORT[plural] ?? [], categories: CATEGORIES[plural] ?? [],
    definition: null };
  if (plural === 'namespaces' && ns) continue; // namespaces/{namespace}/... subresources
  if (ns) r.namespaced = true;
  const withName = !!m[5];
  for (const [method, o] of Object.entries(item)) {
    if (typeof o !== 'object' || !o['x-kubernetes-action']) continue;
    const a = o['x-kubernetes-action'];
    const v = a === 'watchlist' ? 'watch' : a === 'deletecollection' ? 'deletecollection' : a === 'post' ? 'create' : a === 'put' ? 'update' : a;
    if (!withName && (a === 'list' || a === 'post' || a === 'deletecollection')) r.verbs.add(v);
    if (withName && ['get', 'put', 'patch', 'delete'].includes(a)) r.verbs.add(v);
  }
  if (!r.definition) {
    for (const [name, d] of Object.entries(spec.definitions)) {
      const g = d['x-kubernetes-group-version-kind'];
      if (g && g.some(x => x.group === group && x.version === version && x.kind === gvk.kind)) { r.definition = name; break; }
    }
  }
  if (r.verbs.has('list')) r.verbs.add('watch');
  res.set(key, r);
}
// `events.k8s.io` shares the short name with core events; kube only gives it to core. Keep discovery's order:
// core first, then groups in the API server's priority order.
const GROUP_ORDER = ['', 'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io',
  'autoscaling', 'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io',
  'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io'];
const out = [...res.values()].filter(r => r.definition).map(r => ({ ...r, verbs: [...r.verbs].sort(),
  hasStatus: !!spec.definitions[r.definition].properties?.status,
  shortNames: r.group === 'events.k8s.io' ? [] : r.shortNames }));
out.sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || (a.version < b.version ? 1 : a.version > b.version ? -1 : 0) || (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
fs.writeFileSync('schemas/resources.json', JSON.stringify(out, null, 1) + '\n');
console.log(out.length, 'resources');
