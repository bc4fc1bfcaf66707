// Records what the real kubectl 1.33 prints for `describe` of a custom resource (its generic describer), by
// serving kctl's own objects through scripts/describe-oracle.mjs. Run: node test/golden/crd/make-golden.mjs
// Volatile lines (UID, timestamps, resourceVersion) are normalized by the test.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-golden-'));
const k = (...a) => spawnSync(process.execPath, [path.join(root, 'bin/kctl'), ...a], { env: { ...process.env, KCTL_HOME: home }, encoding: 'utf8', cwd: root });
k('apply', '-f', 'fixtures/crd/crontab-crd.yaml');
k('apply', '-f', 'fixtures/crd/my-crontab.yaml');
k('label', 'ct', 'my-new-cron-object', 'app=cron');
k('annotate', 'ct', 'my-new-cron-object', 'note=hello');
const dump = path.join(home, 'dump.json');
fs.writeFileSync(dump, k('get', 'ct', '-o', 'json').stdout);
const kubectl = path.join(path.dirname(fs.realpathSync(spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim())), 'kubectl.1.33');
const srv = spawn(process.execPath, [path.join(root, 'scripts/describe-oracle.mjs'), dump, '0']);
const port = await new Promise(r => srv.stdout.once('data', d => r(String(d).match(/\d+/)[0])));
const out = spawnSync(kubectl, ['--server', `http://127.0.0.1:${port}`, 'describe', 'crontab', 'my-new-cron-object'], { encoding: 'utf8' });
srv.kill();
fs.writeFileSync(path.join(here, 'describe-crontab.txt'), out.stdout);
fs.rmSync(home, { recursive: true, force: true });
console.log(out.stdout);
