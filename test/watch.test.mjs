// get -w prints the list, then one row per change that later invocations make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kctl, kctlSpawn, freshHome, tmpFile, until } from './helpers.mjs';


test('get pods -w prints rows as other invocations change pods', async () => {
  const home = freshHome();
  const f = tmpFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: first\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
  assert.equal(kctl(home, ['apply', '-f', f]).code, 0);
  const w = kctlSpawn(home, ['get', 'pods', '-w']);
  let out = '';
  w.stdout.on('data', d => (out += d));
  try {
    await until(() => out, o => /first/.test(o));
    assert.match(out, /^NAME +READY +STATUS +RESTARTS +AGE\nfirst +1\/1 +Running +0 +\d+s\n/);
    const g = tmpFile('pod2.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: second\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    assert.equal(kctl(home, ['apply', '-f', g]).code, 0);
    await until(() => out, o => /second +1\/1 +Running/.test(o));
    // no second header; rows line up with the first table
    assert.equal(out.match(/^NAME/gm).length, 1);
    assert.match(out, /\nsecond +0\/1 +Pending +0 +\d+s\n/);
    kctl(home, 'delete pod first --wait=false');
    await until(() => out, o => /\nfirst +1\/1 +Terminating/.test(o));
  } finally {
    w.kill('SIGKILL');
  }
});
