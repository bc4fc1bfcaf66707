// Developer tool: a tiny read-only API server so the real kubectl 1.33 can run `top` and `logs` against fixed
// data (pods, nodes, PodMetrics/NodeMetrics, log bodies), to compare its output with kctl's.
//   node scripts/verbs-oracle.mjs <data.json> <port>
// data.json: { pods: [...], nodes: [...], podMetrics: [...], nodeMetrics: [...], logs: { "ns/pod/container": "text" } }
// Then: kubectl.1.33 --server http://127.0.0.1:<port> top pods
import http from 'node:http';
import fs from 'node:fs';

const [file, portArg] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const send = (res, code, body, type = 'application/json') => { res.writeHead(code, { 'Content-Type': type }); res.end(typeof body === 'string' ? body : JSON.stringify(body)); };
const notFound = (res, gr, name) => send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${gr} "${name}" not found`, details: { name, kind: gr } });
const labelOk = (o, sel) => !sel || sel.split(',').every(t => { const [k, v] = t.split('='); return (o.metadata.labels ?? {})[k] === v; });

http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const p = u.pathname.replace(/\/$/, '');
  const sel = u.searchParams.get('labelSelector');
  if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  if (p === '/apis') return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } }, { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }] });
  if (p === '/api/v1') return send(res, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] }, { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] }, { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list'], shortNames: ['no'] }] });
  if (p === '/apis/apps/v1') return send(res, 200, { kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [{ name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get', 'list'], shortNames: ['deploy'] }] });
  if (p === '/apis/metrics.k8s.io/v1beta1') return send(res, 200, { kind: 'APIResourceList', groupVersion: 'metrics.k8s.io/v1beta1', resources: [{ name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }, { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] }] });
  let m;
  if ((m = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/pods(?:\/([^/]+))?$/.exec(p))) {
    const list = (data.podMetrics ?? []).filter(x => !m[1] || x.metadata.namespace === m[1]).filter(x => labelOk(x, sel));
    if (m[2]) { const x = list.find(y => y.metadata.name === m[2]); return x ? send(res, 200, x) : notFound(res, 'podmetrics.metrics.k8s.io', `${m[1]}/${m[2]}`); }
    return send(res, 200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: list });
  }
  if ((m = /^\/apis\/metrics\.k8s\.io\/v1beta1\/nodes(?:\/([^/]+))?$/.exec(p))) {
    const list = (data.nodeMetrics ?? []).filter(x => labelOk(x, sel));
    if (m[1]) { const x = list.find(y => y.metadata.name === m[1]); return x ? send(res, 200, x) : notFound(res, 'nodemetrics.metrics.k8s.io', m[1]); }
    return send(res, 200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: list });
  }
  if ((m = /^\/api\/v1\/nodes(?:\/([^/]+))?$/.exec(p))) {
    const list = (data.nodes ?? []).filter(x => labelOk(x, sel));
    if (m[1]) { const x = list.find(y => y.metadata.name === m[1]); return x ? send(res, 200, x) : notFound(res, 'nodes', m[1]); }
    return send(res, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: list });
  }
  if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(p))) {
    const c = u.searchParams.get('container');
    const body = data.logs?.[`${m[1]}/${m[2]}/${c}`];
    if (body === undefined) return send(res, 400, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400, message: `container "${c}" in pod "${m[2]}" is waiting to start: ContainerCreating` });
    let lines = body.split(/(?<=\n)/);
    const tail = u.searchParams.get('tailLines');
    if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
    return send(res, 200, lines.join(''), 'text/plain');
  }
  if ((m = /^\/api\/v1(?:\/namespaces\/([^/]+))?\/pods(?:\/([^/]+))?$/.exec(p))) {
    const list = (data.pods ?? []).filter(x => !m[1] || x.metadata.namespace === m[1]).filter(x => labelOk(x, sel));
    if (m[2]) { const x = list.find(y => y.metadata.name === m[2]); return x ? send(res, 200, x) : notFound(res, 'pods', m[2]); }
    return send(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: list });
  }
  if ((m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)$/.exec(p))) {
    const x = (data.deployments ?? []).find(y => y.metadata.namespace === m[1] && y.metadata.name === m[2]);
    return x ? send(res, 200, x) : notFound(res, 'deployments.apps', m[2]);
  }
  send(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
}).listen(Number(portArg ?? 0), '127.0.0.1', function () { process.stdout.write(`listening ${this.address().port}\n`); });
