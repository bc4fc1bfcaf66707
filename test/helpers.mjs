// Test helpers: run the real bin/kctl in a temporary KCTL_HOME.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KCTL = path.join(ROOT, 'bin', 'kctl');
export const FIXTURES = path.join(ROOT, 'fixtures');

/** Temporary directories of this process (homes, files), removed when it exits. */
const temps = [];
process.on('exit', () => { for (const d of temps) try { fs.rmSync(d, { recursive: true, force: true }); } catch {} });
const tempDir = prefix => { const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix)); temps.push(d); return d; };

/** A fresh KCTL_HOME; removed when the process exits. */
export function freshHome() {
  return tempDir('kctl-test-');
}

/** Checks on in every test run: stored objects are frozen (a change to one throws), and the kubelet's one
 *  sync per pod change is verified by syncing again (see DEVELOPERS.md, "Objects in a step"). */
const CHECKS = { KCTL_FREEZE_OBJECTS: '1', KCTL_CHECK_KUBELET: '1' };

/** Run kctl synchronously: { stdout, stderr, code }. args is an array or a shell-like string split on spaces. */
export function kctl(home, args, opts = {}) {
  const argv = Array.isArray(args) ? args : args.split(' ').filter(Boolean);
  if (process.env.KCTL_VIA_KUBECTL) {
    if (viaKubectl(argv)) return kubectlViaServe(home, argv, opts);
    // a command that may switch the current cluster: the next kubectl gets a server for the new one
    if (argv.some(a => a === 'cluster' || a === 'config')) stopServe(home);
  }
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

/** A file of this text in a directory of its own (removed when the process exits). */
export function tmpFile(name, text) {
  const dir = tempDir('kctl-f-');
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

// ---------------------------------------------------------------------------------------------------------
// KCTL_VIA_KUBECTL=1 (npm run test:serve): the same tests a second time, with every command kubectl has run
// by the real kubectl 1.33 against `kctl serve` on the test's cluster (kctl-only verbs, sim and cluster, still
// run kctl). kubectl names itself where kctl names itself; nothing else may differ.

/** True when this run drives kubectl through kctl serve (for the few client-side differences a test must know). */
export const VIA_KUBECTL = !!process.env.KCTL_VIA_KUBECTL;
const KCTL_ONLY = new Set(['sim', 'cluster', 'serve', 'completion', 'help', 'version']);
function viaKubectl(argv) {
  const verb = argv.find(a => !a.startsWith('-'));
  if (!verb || KCTL_ONLY.has(verb)) return false;
  // kubeconfig-editing and context flags address kctl's own configuration
  return !argv.some(a => /^--(context|cluster|kubeconfig|user)(=|$)/.test(a)) && verb !== 'config';
}

const servers = new Map();
/** Start (once per home) `kctl serve` on a free port and wait for its kubeconfig. */
export function serveFor(home, env = {}) {
  let s = servers.get(home);
  if (s) return s;
  const kubeconfig = path.join(home, 'serve.kubeconfig');
  const child = spawn(process.execPath, [KCTL, 'serve', '--port', '0', '--kubeconfig-out', kubeconfig], {
    // (the test's own settings for kctl, such as KCTL_CHANGE_LOG, are the server's: it is the one writing)
    env: { ...process.env, ...env, KCTL_HOME: home, NO_COLOR: '1' }, stdio: 'ignore', detached: true,
  });
  child.unref();
  process.on('exit', () => { try { process.kill(child.pid, 'SIGTERM'); } catch {} });
  const t0 = Date.now();
  while (!fs.existsSync(kubeconfig)) {
    if (Date.now() - t0 > 30000) throw new Error('kctl serve did not start');
    spawnSync('sleep', ['0.05']);
  }
  s = { kubeconfig, child };
  servers.set(home, s);
  return s;
}

export function stopServe(home) {
  const s = servers.get(home);
  if (!s) return;
  try { process.kill(s.child.pid, 'SIGTERM'); } catch {}
  servers.delete(home);
  try { fs.rmSync(s.kubeconfig); } catch {}
}

let kubectlLink;
/** The real kubectl under the name kctl (what --record writes and `See 'kctl …'` says follow argv[0]). */
function kubectlAsKctl() {
  if (kubectlLink) return kubectlLink;
  const k = kubectlOracle();
  if (!k) throw new Error('KCTL_VIA_KUBECTL needs the real kubectl 1.33');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-kubectl-'));
  kubectlLink = path.join(dir, 'kctl');
  fs.symlinkSync(k, kubectlLink);
  process.on('exit', () => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} });
  return kubectlLink;
}

function kubectlViaServe(home, argv, opts) {
  const { kubeconfig } = serveFor(home, Object.fromEntries(Object.entries(opts.env ?? {}).filter(([k]) => k.startsWith('KCTL_'))));
  const r = spawnSync(kubectlAsKctl(), argv, {
    env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(home, '.kube-cache'), NO_COLOR: '1', ...(opts.env ?? {}) },
    input: opts.input ?? '', cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: opts.timeout ?? 60_000,
  });
  // where kubectl names itself (help, usage hints), kctl names itself; every other word must be the same
  const named = t => (/\nUsage:\n|\nExamples:\n/.test(t) ? t.replace(/\bkubectl\b/g, 'kctl') : t.replace(/See 'kubectl /g, "See 'kctl ").replace(/Use "kubectl api-resources"/g, 'Use "kctl api-resources"').replace(/(unknown command "[^"]*" for )"kubectl"/g, '$1"kctl"'));
  return { stdout: named(r.stdout), stderr: named(r.stderr), code: r.status, signal: r.signal };
}

/** The modules `contents` exports (TypeScript, paths from the repository's root), bundled as CommonJS beside
 *  dist/kctl.js (so that better-sqlite3 resolves as it does there) and loaded: the library a unit test reads. */
export async function bundleForTest(contents, tag = 'lib') {
  const { build } = await import('esbuild');
  const { createRequire } = await import('node:module');
  const out = path.join(ROOT, 'dist', `.${tag}-test-${process.pid}.cjs`);
  await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', external: ['better-sqlite3/package.json'],
  });
  try { return createRequire(import.meta.url)(out); } finally { fs.rmSync(out, { force: true }); }
}
