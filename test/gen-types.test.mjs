// src/api/k8s.ts (the OpenAPI-derived TypeScript types) is what scripts/gen-types.mjs makes from the spec
// the repository ships (schemas/openapi-v2.json.gz), and it holds types only (nothing reaches the bundle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('src/api/k8s.ts is up to date with the shipped spec', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/gen-types.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('src/api/k8s.ts declares types only, named as @kubernetes/client-node names them', () => {
  const src = fs.readFileSync(path.join(root, 'src/api/k8s.ts'), 'utf8');
  const code = src.split('\n').filter((l) => l && !/^\s*(\/\/|\/\*\*|\/\*)/.test(l));
  for (const l of code) assert.match(l, /^(export (interface|type) |\s+["\w$-]+\??: |\})/, l);
  for (const n of ['V1Pod', 'V1PodSpec', 'V1Container', 'V1ContainerStatus', 'V2HorizontalPodAutoscaler', 'CoreV1Event', 'EventsV1Event', 'VersionInfo'])
    assert.match(src, new RegExp(`^export interface ${n} \\{`, 'm'), n);
  assert.match(src, /^  port: number \| string;$/m, 'IntOrString');
  assert.match(src, /^  containers: V1Container\[\];$/m, 'required fields are required');
});
