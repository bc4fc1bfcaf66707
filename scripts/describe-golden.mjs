// Regenerates test/golden/describe/ from the real kubectl 1.33: builds the scenario cluster with kctl, dumps it,
// has the server shift its timestamps so that the cluster's (frozen) now is the wall clock's now, serves it with
// scripts/describe-oracle.mjs and records what `kubectl describe` prints for each case, masked.
//   node scripts/describe-golden.mjs
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, kubectlOracle, ROOT, FIXTURES } from '../test/helpers.mjs';
import { buildCluster, cases } from '../test/golden/describe/scenario.mjs';
import { mask } from '../test/golden/describe/mask.mjs';

const oracle = kubectlOracle();
if (!oracle) { console.error('kubectl.1.33 not found'); process.exit(1); }
const home = freshHome();
const info = buildCluster(kctl, home, FIXTURES);
const types = 'pods,nodes,namespaces,events,configmaps,services,leases,replicasets,deployments,endpointslices,resourcequotas,limitranges,daemonsets,statefulsets,jobs,cronjobs,secrets,serviceaccounts,endpoints,priorityclasses,persistentvolumes,persistentvolumeclaims,storageclasses,horizontalpodautoscalers,controllerrevisions,roles,clusterroles,rolebindings,clusterrolebindings,ingresses,ingressclasses';
const dump = JSON.parse(kctl(home, ['get', types, '-A', '-o', 'json']).stdout);
const clusterNow = Date.parse(kctl(home, ['sim', 'now']).stdout.trim());
const dumpFile = path.join(home, 'dump.json');
fs.writeFileSync(dumpFile, JSON.stringify(dump));
// the server shifts every timestamp at each request, so the cluster's (frozen) now is the wall clock's now
const server = spawn(process.execPath, [path.join(ROOT, 'scripts', 'describe-oracle.mjs'), dumpFile, '0', String(clusterNow)]);
const port = await new Promise(res => server.stdout.on('data', d => res(String(d).match(/listening (\d+)/)[1])));
const outDir = path.join(ROOT, 'test', 'golden', 'describe');
const meta = {};
try {
  for (const [name, args] of Object.entries(cases(info))) {
    // start each kubectl just after a whole second, so the ages it prints match the frozen cluster's
    while (Date.now() % 1000 > 30) { /* wait */ }
    const r = spawnSync(oracle, ['--server', `http://127.0.0.1:${port}`, ...args], { cwd: ROOT, encoding: 'utf8' });
    fs.writeFileSync(path.join(outDir, `${name}.txt`), mask(r.stdout));
    meta[name] = { code: r.status, stderr: mask(r.stderr.replace(/kubectl/g, 'kctl')) };
  }
} finally { server.kill(); }
fs.writeFileSync(path.join(outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
console.log(`wrote ${Object.keys(meta).length} cases to ${outDir}`);
