// get --raw, componentstatuses, api-resources flags, cluster-info dump, proxy, plugins on PATH, config
// subcommands and version, as kubectl 1.33 answers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kctl, freshHome } from './helpers.mjs';

const ok = r => { assert.equal(r.code, 0, r.stderr); return r; };

test('get --raw: discovery, /version, health, objects and lists; kubectl\'s checks first', () => {
  const h = freshHome();
  assert.equal(ok(kctl(h, 'get --raw /api')).stdout, '{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"172.18.0.2:6443"}]}\n');
  const v = JSON.parse(ok(kctl(h, 'get --raw /version')).stdout);
  assert.equal(v.gitVersion, 'v1.33.1');
  assert.match(ok(kctl(h, 'get --raw /version')).stdout, /^\{\n  "major": "1",\n  "minor": "33",\n/);
  const apis = JSON.parse(ok(kctl(h, 'get --raw /apis')).stdout);
  assert.equal(apis.kind, 'APIGroupList');
  assert.ok(apis.groups.some(g => g.name === 'apps' && g.preferredVersion.groupVersion === 'apps/v1'));
  assert.equal(ok(kctl(h, 'get --raw /healthz')).stdout, 'ok');
  const svc = ok(kctl(h, 'get --raw /api/v1/namespaces/default/services/kubernetes')).stdout;
  assert.match(svc, /^\{"kind":"Service","apiVersion":"v1","metadata":\{"name":"kubernetes","namespace":"default","uid":/);
  const nsList = JSON.parse(ok(kctl(h, 'get --raw /api/v1/namespaces')).stdout);
  assert.equal(nsList.kind, 'NamespaceList');
  assert.ok(nsList.items.some(n => n.metadata.name === 'kube-system'));
  assert.equal(kctl(h, 'get --raw /nope').stderr, 'Error from server (NotFound): the server could not find the requested resource\n');
  assert.equal(kctl(h, 'get --raw /api/v1/namespaces/default/pods/nope').stderr, 'Error from server (NotFound): pods "nope" not found\n');
  assert.equal(kctl(h, 'get --raw /api pods').stderr, 'error: arguments may not be passed when --raw is specified\n');
  assert.equal(kctl(h, 'get --raw /api -o json').stderr, 'error: --raw and --output are mutually exclusive\n');
  assert.equal(kctl(h, 'get --raw /api -l a=b').stderr, 'error: --raw may not be specified with other flags that filter the server request or alter the output\n');
  assert.equal(kctl(h, 'get --raw api').stderr, 'error: --raw must be a valid URL path: parse "api": invalid URI for request\n');
});

test('get componentstatuses as a kind cluster answers, with the deprecation warning', () => {
  const h = freshHome();
  const r = ok(kctl(h, 'get cs'));
  assert.equal(r.stdout, 'NAME                 STATUS    MESSAGE   ERROR\ncontroller-manager   Healthy   ok        \nscheduler            Healthy   ok        \netcd-0               Healthy   ok        \n');
  assert.equal(r.stderr, 'Warning: v1 ComponentStatus is deprecated in v1.19+\n');
  assert.equal(ok(kctl(h, 'get componentstatus etcd-0 -o jsonpath={.conditions[0].type}')).stdout, 'Healthy');
});

test('api-resources: --namespaced, --verbs, --api-group, -o name|wide, --sort-by', () => {
  const h = freshHome();
  const cluster = ok(kctl(h, 'api-resources --namespaced=false -o name')).stdout.split('\n').filter(Boolean);
  assert.ok(cluster.includes('nodes') && cluster.includes('namespaces') && !cluster.includes('pods'));
  assert.equal(ok(kctl(h, 'api-resources --api-group=apps --verbs=list,watch --verbs=create -o name')).stdout,
    'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
  assert.match(ok(kctl(h, 'api-resources --api-group=apps -o wide')).stdout, /^NAME +SHORTNAMES   APIVERSION   NAMESPACED   KIND +VERBS +CATEGORIES\n/);
  const byKind = ok(kctl(h, 'api-resources --api-group=apps --sort-by=kind --no-headers')).stdout.split('\n').filter(Boolean).map(l => l.split(/ +/).pop());
  assert.deepEqual(byKind, [...byKind].sort());
  assert.equal(kctl(h, 'api-resources --sort-by=foo').stderr, 'error: --sort-by accepts only name or kind\n');
  assert.equal(kctl(h, 'api-resources -o json').stderr, 'error: --output json is not available\n');
});

test('cluster-info dump: typed lists to stdout or a directory, logs between START/END lines; proxy explains itself', () => {
  const h = freshHome();
  const out = ok(kctl(h, 'cluster-info dump')).stdout;
  assert.match(out, /^\{\n    "kind": "NodeList",\n    "apiVersion": "v1",\n    "metadata": \{\n        "resourceVersion": "\d+"\n    \},\n    "items": \[\n/);
  assert.match(out, /==== START logs for container coredns of pod kube-system\/coredns-[a-z0-9]+-[a-z0-9]+ ====\n==== END logs for container coredns/);
  assert.match(out, /\nCluster info dumped to standard output\n$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-dump-'));
  assert.equal(ok(kctl(h, ['cluster-info', 'dump', '--output-directory', dir])).stdout, `Cluster info dumped to ${dir}\n`);
  assert.ok(fs.existsSync(path.join(dir, 'nodes.json')));
  assert.ok(fs.existsSync(path.join(dir, 'kube-system', 'pods.json')));
  assert.ok(fs.existsSync(path.join(dir, 'default', 'events.json')));
  fs.rmSync(dir, { recursive: true });
  // kctl proxy serves (test/serve.test.mjs); its refusals are kubectl's
  const p = kctl(h, 'proxy extra');
  assert.deepEqual([p.stderr, p.code], ['error: unknown command "extra" for "kctl proxy"\n', 1]);
});

test('plugins: kctl-<name> on PATH runs with the remaining arguments; plugin list as kubectl lists them', () => {
  const h = freshHome();
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-plugins-'));
  const bin2 = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-plugins2-'));
  const script = '#!/bin/sh\necho "plugin $0 $*"\nexit 3\n';
  for (const f of [path.join(bin, 'kctl-hello'), path.join(bin, 'kctl-hello-world'), path.join(bin, 'kctl-get'), path.join(bin2, 'kctl-hello')]) { fs.writeFileSync(f, script); fs.chmodSync(f, 0o755); }
  fs.writeFileSync(path.join(bin, 'kctl-noexec'), script);
  const env = { PATH: `${bin}:${bin2}:${process.env.PATH}` };
  const r = kctl(h, ['hello', 'world', 'a', '--x'], { env });
  assert.equal(r.code, 3);
  assert.equal(r.stdout, `plugin ${bin}/kctl-hello-world a --x\n`);
  assert.equal(kctl(h, ['hello', 'there'], { env }).stdout, `plugin ${bin}/kctl-hello there\n`);
  assert.equal(kctl(h, ['-n', 'x', 'hello'], { env }).stderr, 'Error: flags cannot be placed before plugin name: -n\n');
  const list = kctl(h, ['plugin', 'list'], { env });
  assert.equal(list.code, 1);
  assert.equal(list.stdout, `The following compatible plugins are available:\n\n${bin}/kctl-get\n${bin}/kctl-hello\n${bin}/kctl-hello-world\n${bin}/kctl-noexec\n${bin2}/kctl-hello\n`);
  assert.equal(list.stderr, `  - warning: kctl-get overwrites existing command: "kctl get"\n  - warning: ${bin}/kctl-noexec identified as a kctl plugin, but it is not executable\n`
    + `  - warning: ${bin2}/kctl-hello is overshadowed by a similarly named plugin: ${bin}/kctl-hello\nerror: 3 plugin warnings were found\n`);
  assert.equal(ok(kctl(h, ['plugin', 'list', '--name-only'], { env: { PATH: `${bin2}:${process.env.PATH}` } })).stdout, 'The following compatible plugins are available:\n\nkctl-hello\n');
  const none = kctl(h, ['plugin', 'list'], { env: { PATH: '/nonexistent' } });
  assert.equal(none.stderr, 'error: unable to find any kctl plugins in your PATH\n');
  fs.rmSync(bin, { recursive: true }); fs.rmSync(bin2, { recursive: true });
});

test('config set/unset/set-cluster/set-credentials/delete-cluster/delete-user as kubectl does them', () => {
  const h = freshHome();
  const k = args => kctl(h, args);
  ok(k(['get', 'nodes']));
  assert.equal(ok(k(['config', 'set-cluster', 'c1', '--server=https://1.2.3.4'])).stdout, 'Cluster "c1" set.\n');
  assert.equal(ok(k(['config', 'set-credentials', 'u1', '--token=abc'])).stdout, 'User "u1" set.\n');
  assert.equal(ok(k(['config', 'set-context', 'x', '--cluster=c1', '--user=u1'])).stdout, 'Context "x" created.\n');
  assert.equal(ok(k(['config', 'set', 'contexts.x.namespace', 'foo'])).stdout, 'Property "contexts.x.namespace" set.\n');
  assert.equal(ok(k(['config', 'view', '-o', 'jsonpath={.contexts[?(@.name=="x")].context.namespace}'])).stdout, 'foo');
  assert.equal(ok(k(['config', 'unset', 'contexts.x.namespace'])).stdout, 'Property "contexts.x.namespace" unset.\n');
  assert.equal(k(['config', 'set', 'foo.bar', '1']).stderr, 'error: unable to parse foo.bar after [] at api.Config\n');
  const unexpected = k(['config', 'set', 'users.u1.token']);
  assert.equal(unexpected.stderr, 'error: Unexpected args: [users.u1.token]\n');
  assert.match(unexpected.stdout, /^Set an individual value in a kubeconfig file\.\n/);
  assert.match(ok(k(['config', 'delete-cluster', 'c1'])).stdout, /^deleted cluster c1 from .*config\n$/);
  assert.match(k(['config', 'delete-cluster', 'c1']).stderr, /^error: cannot delete cluster c1, not in /);
  assert.match(ok(k(['config', 'delete-user', 'u1'])).stdout, /^deleted user u1 from /);
  assert.equal(k(['config', 'delete-user']).stderr, "error: user to delete is required\nSee 'kctl config delete-user -h' for help and examples\n");
  assert.match(ok(k(['config', 'delete-cluster'])).stdout, /^Delete the specified cluster from the kubeconfig\.\n/);
});

test('version: --client, -o json|yaml, extra arguments', () => {
  const h = freshHome();
  const j = JSON.parse(ok(kctl(h, 'version -o json')).stdout);
  assert.equal(j.clientVersion.gitVersion, 'v1.33.1');
  assert.equal(j.serverVersion.gitVersion, 'v1.33.1');
  assert.equal(JSON.parse(ok(kctl(h, 'version --client -o json')).stdout).serverVersion, undefined);
  assert.equal(kctl(h, 'version extra').stderr, 'error: extra arguments: [extra]\n');
});
