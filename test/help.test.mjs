// Help, flag errors and completion against what kubectl 1.33 prints (test/golden/help/cases.json, recorded by
// make-golden.mjs). A case about a command kctl does not have yet expects kubectl's unknown-command error
// until the command lands; then kubectl's text, with no change here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, ROOT } from './helpers.mjs';

const CASES = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/golden/help/cases.json'), 'utf8'));
const HOME = '/KCTLHOME';
const home = freshHome();
const run = args => kctl(home, args, { env: { HOME } });
const verbs = run(['__completeNoDesc', '']).stdout.split('\n').filter(l => l && !l.startsWith(':'));
const subs = p => run(['__completeNoDesc', ...p, '']).stdout.split('\n').filter(l => l && !l.startsWith(':'));
const expand = s => s.replaceAll('<<HOME>>', HOME);

/** kubectl's root help with the commands kctl lacks left out. */
function rootFiltered(text) {
  return text.split('\n').filter(l => { const m = l.match(/^  (\S+) {2,}/); return !m || verbs.includes(m[1]); }).join('\n');
}
/** kctl's root help without its own group (cluster, sim). */
const withoutOwn = text => text.replace(/\n\nSimulated Cluster Commands:(\n  .*)+/, '');

for (const c of CASES) {
  const verb = c.args.find(a => !a.startsWith('-'));
  test(`kubectl ${c.args.join(' ')}`, () => {
    const r = run(c.args);
    const stdout = expand(c.stdout), stderr = expand(c.stderr);
    const has = v => verbs.includes(v) || ['help', 'options', '__complete', '__completeNoDesc'].includes(v);
    const isRoot = !verb || (verb === 'help' && (c.args.length === 1 || c.args[1] === 'nonexist'));
    if (isRoot) {
      assert.equal(withoutOwn(r.stdout), rootFiltered(stdout));
      assert.equal(withoutOwn(r.stderr), rootFiltered(stderr));
      assert.equal(r.code, c.code);
      if (!c.stderr && c.args.length <= 1) assert.match(r.stdout, /\n\nSimulated Cluster Commands:\n  cluster  +Create, delete and list simulated clusters \(as kind does\)\n  sim  +Control/);
      return;
    }
    const named = verb === 'help' ? c.args.slice(1).find(a => !a.startsWith('-')) ?? 'help' : verb;
    if (['foo', 'zzzzzz', 'Get'].includes(verb)) {
      // suggestions come from the commands kctl has, in kubectl's order
      const want = stderr.split('\n').filter(l => !l.startsWith('\t') || verbs.includes(l.slice(1))).join('\n').replace(/\n\nDid you mean this\?\n$/, '\n');
      assert.equal(r.stderr, want); assert.equal(r.code, 1); return;
    }
    if (verb === '__complete' || verb === '__completeNoDesc') {
      const target = c.args.slice(1, -1).find(a => a && !a.startsWith('-'));
      if (target && !has(target)) return assert.equal(r.stdout, ':0\n');
      // command lists: only the commands kctl has
      const cmdList = (c.args.length === 2 && !c.args[1].startsWith('-')) || (c.args.length === 3 && c.args[2] === '' && ['config', 'create'].includes(c.args[1])) || c.args[1] === 'help';
      let want = stdout;
      if (cmdList) {
        const names = c.args[1] === 'help' || c.args.length === 2 ? [...verbs, 'help', 'options'] : subs([c.args[1]]);
        want = stdout.split('\n').filter(l => !l || l.startsWith(':') || names.includes(l.split('\t')[0])).join('\n');
      }
      const mine = r.stdout.split('\n').filter(l => !/^(cluster|serve|sim)(\t|$)/.test(l)).join('\n'); // kctl's own commands
      assert.equal(mine, want); assert.equal(r.stderr, stderr); assert.equal(r.code, c.code);
      return;
    }
    if (!has(named)) {
      assert.equal(r.code, verb === 'help' ? 0 : 1, r.stderr);
      if (verb !== 'help') assert.match(r.stderr, new RegExp(`^error: unknown command "${named}" for "kctl"`));
      return;
    }
    // subcommands kubectl lists that kctl does not have (yet) are left out of the lists
    const have = subs(c.args.filter(a => !a.startsWith('-') && a !== 'help'));
    const filter = t => { let inCmds = false; return t.split('\n').filter(l => { if (/^Available Commands:$/.test(l)) inCmds = true; else if (!l) inCmds = false; const m = inCmds && l.match(/^  (\S+) {2,}/); return !m || have.includes(m[1]); }).join('\n'); };
    assert.equal(r.stdout, filter(stdout));
    assert.equal(r.stderr, filter(stderr));
    assert.equal(r.code, c.code);
  });
}

test('help never shows commander\'s own usage', () => {
  for (const args of [['config', 'help'], ['sim', '--help'], ['cluster', 'create', '-h'], ['sim'], ['cluster']]) {
    const r = run(args);
    assert.doesNotMatch(r.stdout + r.stderr, /\[options\] \[command\]|Usage: kctl|display help for command/, args.join(' '));
  }
  const sim = run(['sim', '--help']);
  assert.match(sim.stdout, /^Control the simulated cluster: its clock, its nodes, failures\.\n\nAvailable Commands:\n  advance  +Move the cluster clock forward/);
  assert.match(sim.stdout, /\n\nUsage:\n  kctl sim SUBCOMMAND \[options\]\n\nUse "kctl sim <command> --help" for more information about a given command\.\n/);
});

test('completion names live objects, resource types and kubeconfig entries', () => {
  const h = freshHome();
  const k = args => kctl(h, args);
  assert.equal(k(['create', 'deployment', 'web', '--image=nginx']).code, 0);
  assert.equal(k(['create', 'namespace', 'dev']).code, 0);
  const types = k(['__complete', 'get', 'deploy']);
  assert.equal(types.stdout, 'deployments.apps\n:4\n');
  assert.equal(types.stderr, 'Completion ended with directive: ShellCompDirectiveNoFileComp\n');
  assert.equal(k(['__complete', 'get', 'deployments', '']).stdout, 'web\n:4\n');
  assert.equal(k(['__complete', 'get', 'deployment/w']).stdout, 'deployment/web\n:4\n');
  assert.equal(k(['__complete', 'scale', '']).stdout, 'deployment\nreplicaset\nreplicationcontroller\nstatefulset\n:4\n');
  assert.equal(k(['__complete', 'scale', 'dep']).stdout, 'deployment/\n:6\n');
  assert.equal(k(['__complete', 'get', 'nodes', 'kctl-w']).stdout, 'kctl-worker\nkctl-worker2\n:4\n');
  assert.equal(k(['__complete', '-n', 'd']).stdout, 'default\ndev\n:4\n');
  assert.equal(k(['__complete', 'get', 'pods', '-n', 'kube-system', 'etcd']).stdout, 'etcd-kctl-control-plane\n:4\n');
  assert.equal(k(['__complete', 'config', 'use-context', '']).stdout, 'kctl-kctl\n:4\n');
  assert.equal(k(['__complete', 'version', '-o', '']).stdout, ':0\n');
});
