// Records what the real kubectl 1.33 prints for `kubectl kustomize` on every case under cases/:
// node test/golden/kustomize/record.mjs [case...]
// Each case is a directory; its optional `_target` file names the directory to build (default `.`), its
// optional `_args` file extra arguments. Outputs go beside the case as expected.json
// ({stdout, stderr, code}), with the case's absolute path replaced by $ROOT so tests can run anywhere.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

const here = path.dirname(new URL(import.meta.url).pathname);
const kubectl = path.join(path.dirname(fs.realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim())), 'kubectl.1.33');
const casesDir = path.join(here, 'cases');
const only = process.argv.slice(2);
for (const name of fs.readdirSync(casesDir).sort()) {
  if (only.length && !only.includes(name)) continue;
  const dir = fs.realpathSync(path.join(casesDir, name));
  const target = fs.existsSync(path.join(dir, '_target')) ? fs.readFileSync(path.join(dir, '_target'), 'utf8').trim() : '.';
  const extra = fs.existsSync(path.join(dir, '_args')) ? fs.readFileSync(path.join(dir, '_args'), 'utf8').trim().split(/\s+/).filter(Boolean) : [];
  const r = spawnSync(kubectl, ['kustomize', target, ...extra], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent' } });
  const norm = s => s.split(dir).join('$ROOT');
  const out = { stdout: norm(r.stdout), stderr: norm(r.stderr).replace(/kubectl/g, 'kctl'), code: r.status };
  fs.writeFileSync(path.join(here, 'expected', `${name}.json`), JSON.stringify(out, null, 1) + '\n');
  console.log(`${name}: exit ${r.status}, ${r.stdout.length} bytes`);
}
