// A tiny read-only API server for the golden generator, so that the real `kubectl get` (an oracle) can list
// a fixed set of pods: legacy discovery for v1 pods, and GET of the pod list / one pod as plain JSON.
import http from 'node:http';

export function startFakeServer(pods) {
  const podsResource = { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] };
  const routes = {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [podsResource] },
    '/version': { major: '1', minor: '33', gitVersion: 'v1.33.0' },
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (code, body) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (routes[url.pathname]) return send(200, routes[url.pathname]);
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/.exec(url.pathname) ?? /^\/api\/v1\/pods$/.exec(url.pathname);
    if (m) {
      const ns = m[1];
      const list = pods.filter(p => !ns || p.metadata.namespace === ns);
      if (m[2]) {
        const p = list.find(x => x.metadata.name === m[2]);
        return p ? send(200, p) : send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `pods "${m[2]}" not found`, reason: 'NotFound', details: { name: m[2], kind: 'pods' }, code: 404 });
      }
      return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '4242' }, items: list.map(({ apiVersion, kind, ...rest }) => rest) });
    }
    send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() })));
}
