// Makes a cluster database fixture with a given kctl build, for the upgrade (migration) tests.
//   node scripts/make-db-fixture.mjs KCTL_ROOT OUT_DIR
// (KCTL_COMMIT names the commit when KCTL_ROOT is not a git checkout.)
// KCTL_ROOT is a built checkout of kctl (its bin/kctl is run); OUT_DIR receives home/ (a KCTL_HOME: config and
// clusters/kctl.db) and expected/ (what that kctl printed for the reads the test repeats after migration).
// The cluster clock is frozen, so reading the fixture later fires nothing; timers stay pending until the test
// advances the clock.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { READS } from './db-fixture-reads.mjs';

const [root, out] = process.argv.slice(2);
if (!root || !out) { console.error('usage: node scripts/make-db-fixture.mjs KCTL_ROOT OUT_DIR'); process.exit(1); }
const bin = path.join(path.resolve(root), 'bin', 'kctl');
const home = path.join(path.resolve(out), 'home');
const expected = path.join(path.resolve(out), 'expected');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(home, { recursive: true });
fs.mkdirSync(expected, { recursive: true });

function k(args, input) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, KCTL_HOME: home, NO_COLOR: '1' }, input: input ?? '', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kctl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

k(['get', 'nodes']);                        // bootstraps the default cluster
k(['sim', 'freeze']);
k(['create', 'namespace', 'dev']);
k(['create', 'namespace', 'staging']);
k(['-n', 'dev', 'create', 'deployment', 'web', '--image=nginx:1.25.3', '--replicas=3']);
k(['-n', 'dev', 'expose', 'deployment', 'web', '--port=80', '--target-port=80']);
k(['-n', 'dev', 'label', 'deployment', 'web', 'tier=frontend']);
k(['-n', 'staging', 'create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=two']);
k(['-n', 'staging', 'create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
k(['-n', 'staging', 'create', 'service', 'nodeport', 'np', '--tcp=8080:80']);
k(['-n', 'staging', 'annotate', 'configmap', 'cfg', 'owner=team-a']);
// pending timers: a pod whose command exits in 10 minutes, an image that cannot be pulled (back-off),
// and a container that crashes after 30 seconds (restart back-off)
k(['run', 'sleeper', '--image=busybox:1.36', '--restart=Never', '--', 'sleep', '600']);
k(['run', 'broken', '--image=nginx:does-not-exist-tag']);
k(['run', 'crasher', '--image=busybox:1.36', '--', 'sh', '-c', 'sleep 30; exit 1']);
k(['sim', 'advance', '2s']);

for (const [file, args] of Object.entries(READS)) fs.writeFileSync(path.join(expected, file), k(args));
const rev = process.env.KCTL_COMMIT || spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
fs.writeFileSync(path.join(path.resolve(out), 'MADE-BY'), `${rev}\n`);
console.log(`fixture written to ${out} by kctl at ${rev || root}`);
