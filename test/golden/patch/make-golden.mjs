// Regenerates test/golden/patch/local.json and test/golden/label/local.json from the real kubectl 1.33
// (client-side only: --local). Usage: node test/golden/patch/make-golden.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const K = path.join(path.dirname(fs.realpathSync(spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim())), 'kubectl.1.33');
const dep = 'fixtures/apply/smp-deployment.yaml';
const pod = 'fixtures/apply/two-container-pod.yaml';

const smp = [
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"BAZ","value":"3"}]}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"FOO","$patch":"delete"}]}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"z","image":"q"},{"$patch":"replace"}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"a","args":["z"]}]}}}}'],
  ['strategic', '{"metadata":{"finalizers":["c"]}}'],
  ['strategic', '{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}'],
  ['strategic', '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"a","image":"x"}]}}}}'],
  ['strategic', '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}'],
  ['strategic', '{"spec":{"strategy":{"$patch":"replace","type":"Recreate"}}}'],
  ['strategic', '{"spec":{"strategy":{"$patch":"delete"}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"volumes":[{"name":"v2","$retainKeys":["name","secret"],"secret":{"secretName":"s"}}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"a","ports":[{"containerPort":8080}]}]}}}}'],
  ['strategic', '{"spec":{"replicas":null,"selector":null}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"a","$patch":"merge"}]}}}}'],
  ['strategic', '{"spec":{"strategy":{"$patch":"merge","type":"Recreate"}}}'],
  ['strategic', '{"spec":{"strategy":{"$patch":"bogus"}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"image":"nokey"}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"new"}],"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}}}}'],
  ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"BAR","$patch":"delete"},{"name":"NEW","value":"n"}],"$setElementOrder/env":[{"name":"NEW"},{"name":"FOO"}]}]}}}}'],
  ['strategic', '{"metadata":{"finalizers":["b","z"],"$setElementOrder/finalizers":["z","b","a"]}}'],
  ['merge', '{"spec":{"template":{"spec":{"containers":[{"name":"z"}]}}}}'],
  ['merge', '{"metadata":{"labels":{"x":"y"}},"spec":{"replicas":null}}'],
  ['strategic', 'spec:\n  replicas: 5'],
  ['strategic', '{"metadata":{"name":"other"}}'],
];
const json = [
  '[{"op":"add","path":"/metadata/annotations/x","value":"1"}]',
  '[{"op":"replace","path":"/metadata/labels/zz","value":"1"}]',
  '[{"op":"move","from":"/metadata/labels/zz","path":"/metadata/labels/b"}]',
  '[{"op":"copy","from":"/metadata/labels/zz","path":"/metadata/labels/b"}]',
  '[{"op":"remove","path":"/spec/containers/5"}]',
  '[{"op":"add","path":"/spec/containers/5","value":{}}]',
  '[{"op":"add","path":"/spec/containers/-","value":{"name":"z"}}]',
  '[{"op":"add","path":"/spec/containers/0","value":{"name":"first"}}]',
  '[{"op":"replace","path":"/spec/containers/0/name"}]',
  '[{"path":"/spec"}]',
  '[{"op":"remove"}]',
  '[{"op":"test","path":"/metadata/labels/app","value":"a"},{"op":"copy","from":"/metadata/labels/app","path":"/metadata/labels/b"},{"op":"move","from":"/metadata/labels/app","path":"/metadata/labels/c"}]',
  '[{"op":"test","path":"/metadata/labels/app","value":"b"}]',
  '[{"op":"remove","path":"/metadata/labels/app"}]',
  '[{"op":"remove","path":"/metadata/labels/x"}]',
  '[{"op":"bogus","path":"/a"}]',
  '{"a":1}',
  '{bad',
  '[{"op":"add","path":"/metadata/labels/a~1b","value":"s"}]',
];
const patchCases = [
  ...smp.map(([t, p]) => ['patch', '--local', '-f', dep, '--type', t, '-p', p, '-o', 'json']),
  ...json.map(p => ['patch', '--local', '-f', pod, '--type', 'json', '-p', p, '-o', 'yaml']),
  ...[['-p', '{bad'], ['--type', 'merge', '-p', '[1]'], ['-p', '[1]'], ['--type', 'foo', '-p', '{}'], [], ['-p', '{}', '-o', 'name'],
    ['-p', '{"metadata":{"labels":{"z":"1"}}}']].map(a => ['patch', '--local', '-f', pod, ...a]),
  ['patch', 'pod', 'p', '-p', '{}', '--local'],
];
const labelCases = [];
for (const v of ['label', 'annotate']) {
  for (const a of [['x=1'], ['app=a'], ['app=b'], ['app=b', '--overwrite', '-o', 'yaml'], ['app-'], ['zz-'], ['k=bad value'], [], ['--list'],
    ['a=1', 'a-'], ['x=1', '-o', 'name'], ['x=1', '--dry-run=client'], ['x=1', '-o', 'json'], ['app-', '--overwrite'], ['x==1'], ['x=1', 'pod'], ['=1']])
    labelCases.push([v, '--local', '-f', pod, ...a]);
  labelCases.push([v, 'pod', 'p', 'x=1', '--local']);
}
function run(cases) {
  return cases.map(args => {
    const r = spawnSync(K, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, KUBECONFIG: '/nonexistent' } });
    return { args, stdout: r.stdout, stderr: r.stderr, code: r.status };
  });
}
fs.mkdirSync(path.join(ROOT, 'test/golden/label'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'test/golden/patch/local.json'), JSON.stringify(run(patchCases), null, 1) + '\n');
fs.writeFileSync(path.join(ROOT, 'test/golden/label/local.json'), JSON.stringify(run(labelCases), null, 1) + '\n');
