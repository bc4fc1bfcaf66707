// Records what the real kubectl 1.33 prints for each case in cases.mjs. `expose` reads the object it exposes
// from the server even for --dry-run=client, so this builds a kctl cluster from fixtures/expose/objects.yaml,
// dumps its objects, and serves them read-only (with discovery from schemas/resources.json) on 127.0.0.1.
// Usage: node test/golden/expose/make-golden.mjs [path/to/kubectl.1.33]
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const oracle = process.argv[2] ?? path.join(path.dirname(fs.realpathSync(spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim())), 'kubectl.1.33');

// the objects, from a kctl cluster
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-expose-'));
const kctl = args => spawnSync(process.execPath, [path.join(root, 'bin/kctl'), ...args], { env: { ...process.env, KCTL_HOME: home }, encoding: 'utf8' });
kctl(['apply', '-f', path.join(root, 'fixtures/expose/objects.yaml')]);
const items = JSON.parse(kctl(['get', 'pods,deployments,replicasets,replicationcontrollers,services,configmaps', '-A', '-o', 'json']).stdout).items;
fs.rmSync(home, { recursive: true, force: true });

const resources = JSON.parse(fs.readFileSync(path.join(root, 'schemas/resources.json'), 'utf8'));
const gvs = {};
for (const r of resources) (gvs[r.group ? `${r.group}/${r.version}` : r.version] ??= { group: r.group, version: r.version, list: [] }).list.push(r);
const resourceList = gv => ({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
  resources: gvs[gv].list.map(r => ({ name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, shortNames: r.shortNames?.length ? r.shortNames : undefined })) });
const send = (res, code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
const server = http.createServer((req, res) => {
  const url = req.url.split('?')[0];
  if (url === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
  if (url === '/apis') {
    const groups = {};
    for (const [gv, g] of Object.entries(gvs)) if (g.group) (groups[g.group] ??= []).push({ groupVersion: gv, version: g.version });
    return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: Object.entries(groups).map(([name, versions]) => ({ name, versions, preferredVersion: versions[0] })) });
  }
  if (url === '/api/v1') return send(res, 200, resourceList('v1'));
  if (url.startsWith('/apis/') && gvs[url.slice(6)]) return send(res, 200, resourceList(url.slice(6)));
  const m = url.match(/^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/);
  if (m) {
    const apiVersion = m[1] ? 'v1' : `${m[2]}/${m[3]}`;
    const r = resources.find(x => (x.group ? `${x.group}/${x.version}` : x.version) === apiVersion && x.plural === m[5]);
    const o = r && items.find(i => i.kind === r.kind && i.metadata.namespace === m[4] && i.metadata.name === m[6]);
    if (o) return send(res, 200, o);
    return send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404,
      message: `${r?.group ? `${m[5]}.${r.group}` : m[5]} "${m[6]}" not found`, details: { name: m[6], group: r?.group, kind: m[5] } });
  }
  send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const serverURL = `http://127.0.0.1:${server.address().port}`;
const run = args => new Promise(resolve => {
  const p = spawn(oracle, [`--server=${serverURL}`, ...args], { cwd: root, env: { ...process.env, KUBECONFIG: '/nonexistent', HOME: fs.mkdtempSync('/tmp/kg-') } });
  let stdout = '', stderr = '';
  p.stdout.on('data', d => (stdout += d));
  p.stderr.on('data', d => (stderr += d));
  p.on('close', code => resolve({ code, stdout, stderr }));
});
const results = {};
for (const [name, args] of Object.entries(CASES)) results[name] = await run(args);
server.close();
fs.writeFileSync(path.join(here, 'results.json'), JSON.stringify(results, null, 1) + '\n');
console.log(`${Object.keys(results).length} cases recorded`);
