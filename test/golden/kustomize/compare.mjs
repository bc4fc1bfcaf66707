// Development helper: run kctl on every case and show where it differs from the recorded kubectl output.
// node test/golden/kustomize/compare.mjs [case...]
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { normalize } from './normalize.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const kctl = path.join(here, '../../../bin/kctl');
const only = process.argv.slice(2);
let bad = 0, n = 0;
for (const name of fs.readdirSync(path.join(here, 'cases')).sort()) {
  if (only.length && !only.includes(name)) continue;
  const dir = fs.realpathSync(path.join(here, 'cases', name));
  const exp = JSON.parse(fs.readFileSync(path.join(here, 'expected', `${name}.json`), 'utf8'));
  const target = fs.existsSync(path.join(dir, '_target')) ? fs.readFileSync(path.join(dir, '_target'), 'utf8').trim() : '.';
  const extra = fs.existsSync(path.join(dir, '_args')) ? fs.readFileSync(path.join(dir, '_args'), 'utf8').trim().split(/\s+/).filter(Boolean) : [];
  const r = spawnSync(kctl, ['kustomize', target, ...extra], { cwd: dir, encoding: 'utf8' });
  const norm = s => s.split(dir).join('$ROOT');
  n++;
  const got = { stdout: norm(r.stdout), stderr: normalize(norm(r.stderr)), code: r.status };
  exp.stderr = normalize(exp.stderr);
  if (got.stdout === exp.stdout && got.stderr === exp.stderr && got.code === exp.code) continue;
  bad++;
  console.log(`=== ${name} (exit ${got.code}, want ${exp.code})`);
  fs.writeFileSync('/tmp/kz-got', got.stdout + '\n--stderr--\n' + got.stderr);
  fs.writeFileSync('/tmp/kz-exp', exp.stdout + '\n--stderr--\n' + exp.stderr);
  console.log(spawnSync('diff', ['-u', '/tmp/kz-exp', '/tmp/kz-got'], { encoding: 'utf8' }).stdout.split('\n').slice(2, 40).join('\n'));
}
console.log(`${n - bad}/${n} cases match`);
