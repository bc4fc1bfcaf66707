// Test helpers: run the real bin/kctl in a temporary KCTL_HOME.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KCTL = path.join(ROOT, 'bin', 'kctl');
export const FIXTURES = path.join(ROOT, 'fixtures');

/** A fresh KCTL_HOME; removed when the process exits. */
export function freshHome() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-test-'));
  process.on('exit', () => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} });
  return dir;
}

/** Checks on in every test run: stored objects are frozen (a change to one throws), and the kubelet's one
 *  sync per pod change is verified by syncing again (see DEVELOPERS.md, "Objects in a step"). */
const CHECKS = { KCTL_FREEZE_OBJECTS: '1', KCTL_CHECK_KUBELET: '1' };

/** Run kctl synchronously: { stdout, stderr, code }. args is an array or a shell-like string split on spaces. */
export function kctl(home, args, opts = {}) {
  const argv = Array.isArray(args) ? args : args.split(' ').filter(Boolean);
  const r = spawnSync(process.execPath, [KCTL, ...argv], {
    env: { ...CHECKS, ...process.env, KCTL_HOME: home, NO_COLOR: '1', ...(opts.env ?? {}) },
    input: opts.input ?? '',
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status, signal: r.signal };
}

/** Start kctl in the background (for -w and wait tests). */
export function kctlSpawn(home, argv, opts = {}) {
  return spawn(process.execPath, [KCTL, ...argv], {
    env: { ...CHECKS, ...process.env, KCTL_HOME: home, NO_COLOR: '1', ...(opts.env ?? {}) },
    cwd: opts.cwd ?? ROOT,
  });
}

/** Write a temp file and return its path. */
export function tmpFile(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-f-'));
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** The real kubectl 1.33 (an offline oracle for client-side output), if this machine has it. */
export function kubectlOracle() {
  try {
    const k = spawnSync('sh', ['-c', 'readlink -f "$(command -v kubectl)"'], { encoding: 'utf8' }).stdout.trim();
    if (!k) return undefined;
    const p = path.join(path.dirname(k), 'kubectl.1.33');
    return fs.existsSync(p) ? p : undefined;
  } catch { return undefined; }
}

/** Resolve when pred(read()) holds (polling every 50 ms), or reject with what was read after ms. */
export function until(read, pred, ms = 20000) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (pred(read())) return resolve();
      if (Date.now() - t0 > ms) return reject(new Error(`timed out; output so far:\n${read()}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}
