// Developer tool: a small *writable* Kubernetes API over a kctl cluster's objects, so that the real kubectl 1.33
// (the oracle) can run cordon, uncordon, drain and taint against it; scripts/node-golden.mjs records what it
// prints. It keeps the state kubectl changes: node patches (spec.unschedulable, spec.taints), pod evictions
// (refused with 429 while a PodDisruptionBudget in the dump has no disruptions allowed; otherwise the pod is
// gone at once) and pod deletes. Extends scripts/describe-oracle.mjs's read-only server.
//   node scripts/node-oracle.mjs <dump.json> <port>      or import { startNodeOracle } from it
import http from 'node:http';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const RES = [
  // group, plural, kind, namespaced, verbs
  ['', 'pods', 'Pod', true], ['', 'nodes', 'Node', false], ['', 'namespaces', 'Namespace', false], ['', 'events', 'Event', true],
  ['apps', 'daemonsets', 'DaemonSet', true], ['apps', 'replicasets', 'ReplicaSet', true], ['apps', 'deployments', 'Deployment', true],
  ['policy', 'poddisruptionbudgets', 'PodDisruptionBudget', true],
];
const SHORT = { pods: ['po'], nodes: ['no'], namespaces: ['ns'], events: ['ev'], daemonsets: ['ds'], replicasets: ['rs'], deployments: ['deploy'], poddisruptionbudgets: ['pdb'] };
const gv = g => (g ? `${g}/v1` : 'v1');
const get = (o, path) => path.split('.').reduce((a, k) => (a == null ? undefined : a[k]), o);

function labelOk(o, sel) {
  if (!sel) return true;
  const labels = o.metadata.labels ?? {};
  return sel.split(',').every(t => {
    let m;
    if ((m = t.match(/^([^!=]+)!=(.*)$/))) return labels[m[1]] !== m[2];
    if ((m = t.match(/^([^=]+)==?(.*)$/))) return labels[m[1]] === m[2];
    if (t.startsWith('!')) return !(t.slice(1) in labels);
    return t in labels;
  });
}
function fieldOk(o, sel) {
  if (!sel) return true;
  return sel.split(',').every(t => {
    const m = t.match(/^([^!=]+)(!=|==|=)(.*)$/);
    const v = String(get(o, m[1]) ?? '');
    return m[2] === '!=' ? v !== m[3] : v === m[3];
  });
}
const selects = (pdb, pod) => {
  const s = pdb.spec?.selector;
  if (!s || !Object.keys(s.matchLabels ?? {}).length) return false;
  return Object.entries(s.matchLabels).every(([k, v]) => (pod.metadata.labels ?? {})[k] === v);
};

export function startNodeOracle(items, port = 0) {
  items = JSON.parse(JSON.stringify(items));
  const send = (res, code, body) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
  const status = (res, code, reason, message, details) => send(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
  const notFound = (res, r, name) => status(res, 404, 'NotFound', `${r[0] ? `${r[1]}.${r[0]}` : r[1]} "${name}" not found`, { name, group: r[0], kind: r[1] });
  const body = req => new Promise(resolve => { let b = ''; req.on('data', d => (b += d)); req.on('end', () => resolve(b ? JSON.parse(b) : {})); });

  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const p = u.pathname.replace(/\/$/, '');
    if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (p === '/apis') {
      const groups = [...new Set(RES.filter(r => r[0]).map(r => r[0]))];
      return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(g => ({ name: g, versions: [{ groupVersion: `${g}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' } })) });
    }
    if (p === '/version') return send(res, 200, { major: '1', minor: '33', gitVersion: 'v1.33.1' });
    const m = p.match(/^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/);
    if (!m) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const group = m[1] ?? '';
    let [ns, plural, name, sub] = [m[2], m[3], m[4], m[5]];
    if (!plural && ns) { plural = 'namespaces'; name = ns; ns = undefined; }
    if (!plural) {
      const resources = RES.filter(r => r[0] === group).map(r => ({ name: r[1], singularName: r[2].toLowerCase(), namespaced: r[3], kind: r[2],
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: SHORT[r[1]] ?? [] }));
      if (!group) resources.push({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
      return send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv(group), resources });
    }
    const r = RES.find(x => x[0] === group && x[1] === plural);
    if (!r) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const matchesRes = o => o.kind === r[2] && (o.apiVersion ?? '') === gv(group) && (!ns || !r[3] || o.metadata.namespace === ns);
    const find = () => items.find(o => matchesRes(o) && o.metadata.name === name);
    if (req.method === 'GET') {
      if (name) { const o = find(); return o ? send(res, 200, o) : notFound(res, r, name); }
      const objs = items.filter(o => matchesRes(o) && fieldOk(o, u.searchParams.get('fieldSelector')) && labelOk(o, u.searchParams.get('labelSelector')));
      return send(res, 200, { kind: `${r[2]}List`, apiVersion: gv(group), metadata: { resourceVersion: '1' }, items: objs });
    }
    if (req.method === 'PATCH' && name) {
      const patch = await body(req);
      const o = find();
      if (!o) return notFound(res, r, name);
      if (u.searchParams.get('dryRun') !== 'All') {
        for (const [k, v] of Object.entries(patch.spec ?? {})) { o.spec ??= {}; if (v === null) delete o.spec[k]; else o.spec[k] = v; }
      }
      return send(res, 200, o);
    }
    if (req.method === 'POST' && plural === 'pods' && sub === 'eviction') {
      const ev = await body(req);
      const pod = find();
      if (!pod) return notFound(res, r, name);
      const dry = (ev.deleteOptions?.dryRun ?? []).includes('All');
      const pdb = items.find(o => o.kind === 'PodDisruptionBudget' && o.metadata.namespace === pod.metadata.namespace && selects(o, pod));
      if (pdb && !pod.metadata.deletionTimestamp && pod.status?.phase === 'Running') {
        const st = pdb.status ?? {};
        if ((st.disruptionsAllowed ?? 0) <= 0)
          return status(res, 429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.",
            { causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently` }] });
        if (!dry) st.disruptionsAllowed--;
      }
      if (!dry) items.splice(items.indexOf(pod), 1);
      return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    if (req.method === 'DELETE' && name) {
      const o = find();
      if (!o) return notFound(res, r, name);
      if (u.searchParams.get('dryRun') !== 'All') items.splice(items.indexOf(o), 1);
      return send(res, 200, o);
    }
    return status(res, 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  });
  return new Promise(resolve => server.listen(port, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close(), items })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dumpFile, portArg] = process.argv.slice(2);
  const { port } = await startNodeOracle(JSON.parse(fs.readFileSync(dumpFile, 'utf8')).items, Number(portArg ?? 0));
  process.stdout.write(`listening ${port}\n`);
}
