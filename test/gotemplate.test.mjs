// Go templates (and the template flags) against kubectl 1.33: test/golden/gotemplate/cases.json, recorded by
// make-golden.mjs from `kubectl annotate --local -f obj.json none- -o go-template=…`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT } from './helpers.mjs';

const dir = path.join(ROOT, 'test/golden/gotemplate');
const CASES = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
const home = freshHome();

for (const c of CASES) {
  test(`template: ${c.args.slice(5).join(' ')}`, () => {
    const r = kctl(home, c.args, { cwd: dir });
    assert.equal(r.stdout, c.stdout);
    assert.equal(r.stderr, c.stderr);
    assert.equal(r.code, c.code);
  });
}

test('get -o go-template over a List and with --template', () => {
  const h = freshHome();
  assert.equal(kctl(h, 'create deployment web --image=nginx --replicas=2').code, 0);
  assert.equal(kctl(h, ['get', 'deploy', '-o', 'go-template={{range .items}}{{.metadata.name}} {{.spec.replicas}}{{"\\n"}}{{end}}']).stdout, 'web 2\n');
  assert.equal(kctl(h, ['get', 'deploy', 'web', '--template={{.kind}}/{{.metadata.name}}']).stdout, 'Deployment/web');
  const miss = kctl(h, ['get', 'deploy', 'web', '-o', 'go-template={{.nope}}', '--allow-missing-template-keys=false']);
  assert.equal(miss.code, 1);
  assert.match(miss.stdout, /^Error executing template: template: output:1:2: executing "output" at <\.nope>: map has no entry for key "nope"\. Printing more information/);
  assert.equal(miss.stderr, 'error: error executing template "{{.nope}}": template: output:1:2: executing "output" at <.nope>: map has no entry for key "nope"\n');
});
