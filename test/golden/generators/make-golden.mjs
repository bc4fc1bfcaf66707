// Records what the real kubectl 1.33 prints for each case in cases.mjs: client dry runs and client-side
// errors only. `run`, `create role` and `create clusterrole` need API discovery even then, so this serves
// a read-only discovery document (made from schemas/resources.json) on 127.0.0.1 while they run.
// Usage: node test/golden/generators/make-golden.mjs [path/to/kubectl.1.33]
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, needsDiscovery } from './cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const oracle = process.argv[2] ?? path.join(path.dirname(fs.realpathSync(spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim())), 'kubectl.1.33');

// ---- discovery only: /api, /apis, /api/v1, /apis/<group>/<version>
const resources = JSON.parse(fs.readFileSync(path.join(here, '../../../schemas/resources.json'), 'utf8'));
const gvs = {};
for (const r of resources) (gvs[r.group ? `${r.group}/${r.version}` : r.version] ??= { group: r.group, version: r.version, list: [] }).list.push(r);
const resourceList = gv => ({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
  resources: gvs[gv].list.map(r => ({ name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, shortNames: r.shortNames?.length ? r.shortNames : undefined })) });
function discovery(url) {
  if (url === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
  if (url === '/apis') {
    const groups = {};
    for (const [gv, g] of Object.entries(gvs)) if (g.group) (groups[g.group] ??= []).push({ groupVersion: gv, version: g.version });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: Object.entries(groups).map(([name, versions]) => ({ name, versions, preferredVersion: versions[0] })) };
  }
  if (url === '/api/v1') return resourceList('v1');
  if (url.startsWith('/apis/') && gvs[url.slice(6)]) return resourceList(url.slice(6));
  return undefined;
}
const server = http.createServer((req, res) => {
  const body = discovery(req.url.split('?')[0]);
  res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const serverURL = `http://127.0.0.1:${server.address().port}`;

const run = (args, cwd) => new Promise(resolve => {
  const p = spawn(oracle, args, { cwd, env: { ...process.env, KUBECONFIG: '/nonexistent', HOME: fs.mkdtempSync('/tmp/kg-') } });
  let stdout = '', stderr = '';
  p.stdout.on('data', d => (stdout += d));
  p.stderr.on('data', d => (stderr += d));
  p.on('close', code => resolve({ code, stdout, stderr }));
});
const results = {};
for (const [name, args] of Object.entries(CASES)) {
  const r = await run(needsDiscovery(name) ? [`--server=${serverURL}`, ...args] : args, path.join(here, 'files'));
  results[name] = { code: r.code, stderr: r.stderr };
  fs.writeFileSync(path.join(here, `${name}.stdout`), r.stdout);
}
server.close();
fs.writeFileSync(path.join(here, 'results.json'), JSON.stringify(results, null, 1) + '\n');
console.log(`${Object.keys(results).length} cases recorded`);
