// The fuzz harness: a pool of worker processes (worker.mjs), each running kctl in-process against its own
// KCTL_HOME copied from one template cluster; inputs are dealt out in order, each with a time limit (the
// worker is killed and replaced when an input overruns it). Results come back in input order.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The template cluster every input starts from: a fresh default cluster, its clock frozen, a few objects of
 *  common kinds (from fixtures/) and a custom resource. */
export const SETUP = [
  ['get', 'ns'],
  ['sim', 'freeze'],
  ['create', 'namespace', 'dev'],
  ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'],
  ['expose', 'deployment', 'web', '--port=80'],
  ['create', 'configmap', 'cfg', '--from-literal=a=1'],
  ['create', 'secret', 'generic', 'sec', '--from-literal=p=x'],
  ['apply', '-f', 'fixtures/apply/simple-pod.yaml'],
  ['apply', '-f', 'fixtures/seeds/frontend-replicaset.yaml'],
  ['apply', '-f', 'fixtures/website/controllers/statefulset.yaml'],
  ['apply', '-f', 'fixtures/website/controllers/job.yaml'],
  ['apply', '-f', 'fixtures/seeds/minimal-ingress-seed004.yaml'],
  ['apply', '-f', 'fixtures/crd/crontab-crd.yaml'],
  ['apply', '-f', 'fixtures/crd/my-crontab.yaml'],
  ['create', 'role', 'reader', '--verb=get', '--resource=pods', '-n', 'dev'],
];

export class Pool {
  constructor({ size = 2, limitMs = 20000, root }) {
    this.size = size; this.limitMs = limitMs;
    // the workers run in a scratch directory that sees the repository's fixtures, tests and schemas through
    // symlinks: whatever a fuzzed command writes (cluster-info dump --output-directory=…) lands there
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-fuzz-cwd-'));
    for (const d of ['fixtures', 'test', 'schemas']) fs.symlinkSync(path.join(root, d), path.join(this.root, d));
    process.on('exit', () => { try { fs.rmSync(this.root, { recursive: true, force: true }); } catch {} });
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-fuzz-'));
    this.template = path.join(this.dir, 'template');
    this.workers = [];
    this.restarts = 0;
  }
  async start() {
    // the first worker builds the template; the others copy it
    this.workers.push(await this.spawn(0, true));
    for (let i = 1; i < this.size; i++) this.workers.push(await this.spawn(i, false));
  }
  spawn(i, setup) {
    return new Promise((resolve, reject) => {
      const child = fork(path.join(HERE, 'worker.mjs'), [], { cwd: this.root, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, KCTL_DEBUG: '' } });
      let stderr = '';
      child.stderr.on('data', d => { stderr += d; if (stderr.length > 100000) stderr = stderr.slice(-50000); });
      const w = { child, i, busy: false, home: path.join(this.dir, `home-${i}`), stderr: () => stderr };
      const onMsg = m => {
        if (m.type === 'loaded') child.send({ type: 'init', home: w.home, template: this.template, cwd: this.root, setup: setup ? SETUP : undefined });
        else if (m.type === 'ready') { child.off('message', onMsg); resolve(w); }
        else if (m.type === 'error') { child.kill('SIGKILL'); reject(new Error(`fuzz worker failed to start: ${m.error}`)); }
      };
      child.on('message', onMsg);
      child.once('exit', code => reject(new Error(`fuzz worker exited (${code}) while starting: ${stderr}`)));
    });
  }
  describe() {
    const w = this.workers[0];
    return new Promise(resolve => {
      const on = m => { if (m.type === 'described') { w.child.off('message', on); resolve(m.tree); } };
      w.child.on('message', on);
      w.child.send({ type: 'describe' });
    });
  }
  /** Run one input on a free worker; resolves with its result (timedOut when the worker had to be killed). */
  runOn(w, input, id) {
    return new Promise(resolve => {
      w.busy = true;
      const t0 = performance.now();
      let done = false;
      const finish = async r => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.child.off('message', onMsg);
        w.child.off('exit', onExit);
        w.busy = false;
        resolve({ ...r, wallMs: Math.round(performance.now() - t0), worker: `${w.i}:${w.child.pid}` });
      };
      const onMsg = m => {
        if (m.id !== id) return;
        if (m.type === 'result') finish(m);
        else if (m.type === 'error') finish({ harnessError: m.error });
      };
      const onExit = (code, signal) => finish({ crashed: `worker exited (${code ?? signal}) mid-input`, workerStderr: w.stderr().slice(-2000) });
      const timer = setTimeout(() => { w.child.kill('SIGKILL'); finish({ timedOut: true }); }, this.limitMs);
      w.child.on('message', onMsg);
      w.child.once('exit', onExit);
      w.child.send({ type: 'run', id, input });
    });
  }
  async runAll(inputs, onResult) {
    const results = new Array(inputs.length);
    let next = 0;
    const loop = async slot => {
      for (;;) {
        const i = next++;
        if (i >= inputs.length) return;
        let w = this.workers[slot];
        if (!w || w.child.exitCode !== null || w.child.signalCode !== null) {
          w = this.workers[slot] = await this.spawn(slot, false);
          this.restarts++;
        }
        const r = await this.runOn(w, inputs[i], i);
        if (r.timedOut || r.crashed) { this.workers[slot] = undefined; }
        results[i] = r;
        onResult?.(i, r);
      }
    };
    await Promise.all(Array.from({ length: this.size }, (_, s) => loop(s)));
    return results;
  }
  stop() {
    for (const w of this.workers) if (w) { try { w.child.kill('SIGKILL'); } catch { /* gone */ } }
    try { fs.rmSync(this.dir, { recursive: true, force: true }); } catch { /* best effort */ }
  }
}
