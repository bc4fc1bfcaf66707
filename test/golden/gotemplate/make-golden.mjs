// Records what kubectl 1.33 prints for each template of templates.txt (one per line) applied to obj.json
// (`kubectl annotate --local -f obj.json none- -o go-template=…`), and a few jsonpath and flag cases, into
// cases.json for test/gotemplate.test.mjs.   node test/golden/gotemplate/make-golden.mjs [kubectl.1.33]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const K = process.argv[2] ?? path.join(path.dirname(fs.realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim())), 'kubectl.1.33');
const base = ['annotate', '--local', '-f', 'obj.json', 'none-'];
const cases = fs.readFileSync(path.join(here, 'templates.txt'), 'utf8').split('\n').filter(Boolean).map(t => [...base, '-o', `go-template=${t}`]);
cases.push(
  [...base, '-o', 'jsonpath={.metadata.foo}', '--allow-missing-template-keys=false'],
  [...base, '-o', 'jsonpath={.metadata.foo}'],
  [...base, '--template={{.kind}}'],
  [...base, '-o', 'go-template', '--template={{.kind}}'],
  [...base, '-o', 'go-template-file=t.tmpl'],
  [...base, '-o', 'go-template-file=nonexistent.tmpl'],
  [...base, '-o', 'templatefile=t.tmpl'],
  [...base, '-o', 'go-template'],
  [...base, '-o', 'go-template={{.spec.missing}}', '--allow-missing-template-keys=false'],
  [...base, '-o', 'go-template={{.spec.missing}}', '--allow-missing-template-keys=true'],
);
const out = cases.map(args => {
  const r = spawnSync(K, args, { cwd: here, encoding: 'utf8', env: { PATH: '/nonexistent', HOME: '/nonexistent' } });
  return { args, stdout: r.stdout.replaceAll('kubectl', 'kctl'), stderr: r.stderr.replaceAll('kubectl', 'kctl'), code: r.status };
});
fs.writeFileSync(path.join(here, 'cases.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${out.length} cases`);
