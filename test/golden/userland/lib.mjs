// The differential corpus of the simulated userland: shell snippets run through the real shells and
// commands (busybox ash for the busybox image, dash and bash with GNU coreutils for debian) by record.mjs,
// and through kctl's simulated container (dist/harness.js) by test/userland-golden.test.mjs. Both sides
// run in the same working directory with the same files, so most outputs compare byte for byte; where a
// difference is intended (the host's pids, clock, host name, directory sizes), a named normalizer is applied
// to both sides, and each normalizer says why.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The working directory of every case, on the host and in the simulated container alike. */
export const WORK = '/tmp/kctl-userland-golden/w';
export const HOSTNAME = 'test-pod';

/** Dialects: which image and shell argv the simulated side uses. */
export const DIALECTS = {
  ash: { image: 'busybox', argv: ['sh', '-c'] },
  dash: { image: 'debian', argv: ['/bin/sh', '-c'] },
  bash: { image: 'debian', argv: ['bash', '-c'] },
};

export async function loadCases(areas) {
  const dir = path.join(HERE, 'cases');
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.mjs')).sort();
  const out = [];
  for (const f of files) {
    const area = f.replace(/\.mjs$/, '');
    if (areas?.length && !areas.includes(area)) continue;
    const mod = await import(path.join(dir, f));
    for (const c of mod.default) out.push({ area, ...c, in: (c.in ?? 'ash dash bash').split(/\s+/) });
  }
  return out;
}

export function expectedPath(area) { return path.join(HERE, 'expected', `${area}.json`); }
export function loadExpected(area) {
  try { return JSON.parse(fs.readFileSync(expectedPath(area), 'utf8')); } catch { return {}; }
}

/** File specs of a case: a string is a 0644 file; an object may set mode or make a link; 'x/' is a directory. */
export function fileSpecs(c) {
  const out = {};
  for (const [p, v] of Object.entries(c.files ?? {})) out[p] = typeof v === 'string' ? { data: v, mode: 0o644 } : v;
  return out;
}

// Normalizers, applied to expected and actual output alike.
export const NORMALIZERS = {
  // process ids: the host's are large and arbitrary, a container's start at 1
  pid: s => s.replace(/\b\d{1,7}\b/g, 'N'),
  // the host's wall clock against the cluster clock: times of day and dates are not comparable
  time: s => s.replace(/\b\d{1,2}:\d\d(:\d\d)?\b/g, 'HH:MM').replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g, 'DAY').replace(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\b/g, 'MON D').replace(/\b20\d\d\b/g, 'YYYY').replace(/\b\d{4}-\d\d-\d\d\b/g, 'YYYY-MM-DD'),
  // the host's own name
  host: s => s.split(HOSTNAME_HOST()).join(HOSTNAME),
  // sizes of directories and numbers of blocks depend on the host filesystem
  blocks: s => s.replace(/^total \d+$/gm, 'total N'),
  // the host's busybox is Debian's 1.35 build; the images carry 1.36 (alpine) and 1.37 (busybox)
  bbversion: s => s.replace(/^BusyBox v[^\n]* multi-call binary\.$/gm, 'BusyBox vX multi-call binary.'),
};
let hn;
function HOSTNAME_HOST() { return hn ??= fs.readFileSync('/proc/sys/kernel/hostname', 'utf8').trim(); }

export function normalize(c, r) {
  let { out, err } = r;
  for (const n of c.norm ?? []) {
    const f = typeof n === 'function' ? n : NORMALIZERS[n];
    if (!f) throw new Error(`unknown normalizer ${n}`);
    out = f(out); err = f(err);
  }
  return { out, err, code: r.code };
}

/** Run a case in kctl's simulated container. */
export function runSim(h, dialect, c) {
  const d = DIALECTS[dialect];
  // `stdinScript`: the shell reads its commands from standard input (sh < script)
  const argv = c.stdinScript ? [d.argv[0]] : [...d.argv, c.sh];
  const r = h.run(c.image?.[dialect] ?? d.image, argv, { cwd: WORK, files: fileSpecs(c), stdin: c.stdinScript ? c.sh : c.stdin ?? '', hostname: HOSTNAME, env: c.env, untilMs: c.untilMs ?? 60_000 });
  return { out: r.stdout, err: r.stderr, code: r.exit ? r.exit.code : 'running' };
}

/** Compare one case in one dialect: undefined when equal, else a readable difference. */
export function compare(h, dialect, c, expected) {
  const got = normalize(c, runSim(h, dialect, c));
  const want = normalize(c, expected);
  if (got.out === want.out && got.err === want.err && got.code === want.code) return undefined;
  const show = (k) => (got[k] === want[k] ? '' : `  ${k}:\n    want ${JSON.stringify(want[k])}\n    got  ${JSON.stringify(got[k])}\n`);
  return `${c.area}/${c.name} [${dialect}]\n${show('out')}${show('err')}${show('code')}`;
}
