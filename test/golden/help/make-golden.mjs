// Records what the real kubectl 1.33 prints for help, flag errors and completion (offline commands),
// `kubectl` read as `kctl`, into cases.json for test/help.test.mjs.
//   node test/golden/help/make-golden.mjs [path/to/kubectl.1.33]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toKctl } from '../../../scripts/gen-help.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const K = process.argv[2] ?? path.join(path.dirname(fs.realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim())), 'kubectl.1.33');
const CASES = [
  'get --help', 'get pods -h', 'help get', 'help config view', 'config view --help', 'config', 'rollout', 'set', 'create secret',
  'create service --help', 'create deployment --help', 'apply --help', 'describe --help', 'delete --help', 'options', 'help help',
  'help nonexist', 'help', '--help', 'get --foo', 'get -x', '--foo', '-x', 'config view --foo', 'config bogus', 'rollout bogus',
  'foo', 'zzzzzz', 'Get', 'get --all-namespaces=foo', 'options --foo', 'help --foo', 'completion', 'completion foo',
  'completion bash extra', 'completion bash', 'completion zsh', 'completion fish', 'completion powershell', 'plugin', 'plugin --help',
  'plugin list --help', 'version --help', 'events --help', 'certificate', 'certificate approve --help', 'api-resources --help',
  'logs --help', 'exec --help', 'cordon --help', 'top', 'auth', 'label --help', 'rollout status --help', 'wait --help',
  '__complete ', '__complete get -', '__complete get --al', '__complete get -o ', '__complete get -o=j', '__complete config ',
  '__completeNoDesc co', '__complete --nam', '__complete rollout status ', '__complete get -A', '__complete create deployment ',
  '__complete completion ', '__complete create ', '__complete help co', '__complete config view -',
];
const out = [];
for (const c of CASES) {
  const args = c.split(' ');
  if (args[0] === '__complete' || args[0] === '__completeNoDesc') { /* the last, possibly empty, word is kept */ } else if (args[args.length - 1] === '') args.pop();
  const r = spawnSync(K, args, { env: { PATH: '/nonexistent', HOME: '/KCTLHOME', KUBECONFIG: '/nonexistent/config' }, encoding: 'utf8' });
  out.push({ args, stdout: toKctl(r.stdout), stderr: toKctl(r.stderr).replace(/^E\d{4} .*memcache.go.*\n/gm, ''), code: r.status });
}
fs.writeFileSync(path.join(here, 'cases.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${out.length} cases`);
