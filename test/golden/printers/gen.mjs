// Regenerates the golden files in this folder from the real kubectl 1.33 (an offline oracle):
//   node test/golden/printers/gen.mjs --write
// yaml-json.json: objects (random + hand-picked) with kubectl's `-o yaml` and `-o json` of each.
// jsonpath.json: templates run with `-o jsonpath=` / `-o jsonpath-as-json=` over fixed objects.
// All through `kubectl annotate --local -f obj.json none- -o ...`, which prints an object with kubectl's own printers.
// get.json (custom-columns, sort-by, List output) comes from gen-get.mjs, which runs `kubectl get` against a fake server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// `node --test test/` runs every .mjs under test/: without --write this file does nothing (and passes).
if (!process.argv.includes('--write')) { console.log('usage: node test/golden/printers/gen.mjs --write'); process.exit(0); }
const k = spawnSync('sh', ['-c', 'readlink -f "$(command -v kubectl)"'], { encoding: 'utf8' }).stdout.trim();
const ORACLE = path.join(path.dirname(k), 'kubectl.1.33');
if (!fs.existsSync(ORACLE)) { console.error('kubectl.1.33 not found'); process.exit(1); }
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-gen-'));

function oracle(obj, output) {
  const f = path.join(TMP, 'obj.json');
  fs.writeFileSync(f, JSON.stringify(obj));
  const r = spawnSync(ORACLE, ['annotate', '--local', '-f', f, 'none-', '-o', output], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

// ------------------------------------------------------------------------------------ random objects
let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = a => a[Math.floor(rnd() * a.length)];
const TRICKY = ['', 'true', 'True', 'TRUE', 'false', 'yes', 'Yes', 'YES', 'no', 'No', 'on', 'On', 'off', 'OFF', 'y', 'Y', 'n', 'N',
  'null', 'Null', 'NULL', '~', '1', '12', '1.10', '0644', '0x1F', '0X1f', '0b101', '0o17', '0999', '1e3', '1E3', '-1', '+1', '.5', '1.', '1_000',
  '1:20', '12:30:45', '-1:20', '2024-01-15', '2024-01-15T10:00:00Z', '2024-01-15T10:00:00.123Z', '2024-01-15 10:00:00', '2024-13-01', '2024-1-5',
  '2024-02-30', '2023-02-29', '2024-02-29', '2024-01-15T10:00:00+02:00', '20240115', 'a: b', 'a:b', ':a', 'a:', '- a', '-a', '-', '--', '---', '...', '---x',
  '#x', 'a #b', 'a#b', '@x', '`x', '*x', '&x', '!x', '%x', '|x', '>x', "'x", '"x', '?x', '? x', '?', '[x', ']x', '{x', '}x', ',x', 'x,y', 'x]', 'x{y}',
  'trailing ', '  leading', ' ', 'a\tb', 'tab\t', 'line1\nline2', 'line1\nline2\n', 'line1\n\n', '\n', '\nleading', '  indented\nx', 'x \ny',
  'x\n y', 'unicode é ü 日本', 'emoji 😀', 'nbsp\u00a0x', 'bom\ufeffx', 'ctrl\u0001x', 'del\u007fx', 'nel\u0085x', 'ls\u2028x', "quote'single",
  'dq"x', 'back\\slash', '<&>', 'NaN', '.nan', '.inf', '-.inf', '+.inf', 'inf', '0', '00', '09', '0.0', '-0', '1e-7', '=', '<<', 'x<<', 'a\r\nb',
  'cr\rx', 'http://example.com/a?b=c#d', 'app.kubernetes.io/name', 'nginx:1.25', '10.0.0.1', '8080', '80/TCP', '500m', '1Gi', '-.5', '+.5', '.', '..',
  '.a', '1.2.3', '1e', 'e1', '0x', '0xG', '1__0', '_1', 'Ox1', 'é', '\\', '"', "'", 'a\\nb', 'x: ', 'x:\ty', 'key=value', 'a b  c', '   ', 'a\n\nb\n', '\n\n'];
const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet,', 'consectetur', 'adipiscing', 'elit', 'kubernetes', 'deployment', 'x', 'a:b', '#tag', 'é'];
function longString() {
  const n = 8 + Math.floor(rnd() * 40);
  const w = [];
  for (let i = 0; i < n; i++) w.push(pick(WORDS) + (rnd() < 0.05 ? ' ' : ''));
  let s = w.join(' ');
  const r = rnd();
  if (r < 0.1) s = '"' + s;
  else if (r < 0.2) s += ' ';
  else if (r < 0.3) s = s.replace(' ', '\t');
  else if (r < 0.45) s = s.replace(/ /g, (m) => (rnd() < 0.1 ? '\n' : m));
  else if (r < 0.5) s = 'true ' + s;
  return s;
}
const KEYS = ['a', 'b', 'A', 'B', 'a1', 'a10', 'a2', 'a_b', 'aB', 'a-b', 'a.b', 'a/b', '1', '10', '2', '01', '001', 'x0', 'x00', 'x01', 'x1', 'x9', 'x10',
  'true', 'null', 'y', 'n', '', 'key with space', 'é', 'ü', '日本', 'k:v', '-k', '#k', 'z'.repeat(130), 'app.kubernetes.io/name', 'Z', 'zz', '_', '~', 'a\nb'];
const NUMBERS = [0, 1, -1, 42, 65535, 2 ** 31, 2 ** 53 - 1, -(2 ** 40), 0.5, 1.5, -2.25, 3.14159, 1e-5, 1e-7, 1.5e-7, 0.1, 100000.5, 1234567.5, 1e21, 1.5e300, 123456789.125];
function value(depth) {
  const r = rnd();
  if (depth > 3 || r < 0.45) {
    const s = rnd();
    if (s < 0.55) return pick(TRICKY);
    if (s < 0.7) return longString();
    if (s < 0.85) return pick(NUMBERS);
    if (s < 0.95) return rnd() < 0.5;
    return null;
  }
  if (r < 0.72) {
    const o = {};
    const n = Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) o[pick(KEYS)] = value(depth + 1);
    return o;
  }
  const n = Math.floor(rnd() * 4);
  return Array.from({ length: n }, () => value(depth + 1));
}

const hand = [
  { spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], args: ['--a', 'true', '-', ''] }] } } } },
  { data: { 'config.yaml': 'server:\n  port: 8080\n  debug: true\n', empty: '', script: '#!/bin/sh\necho "hi"\n\n\n', tabs: 'a\tb\n', crlf: 'a\r\nb\r\n' } },
  { spec: { a: {}, b: [], c: [{}], d: [[]], e: [[1, 2], ['x', []]], f: [{ g: [{ h: [] }] }], n: null, l: [null, null] } },
  { data: { long: 'This is a long description that should definitely be folded by the go-yaml v2 emitter because it is longer than eighty characters in total.' } },
  { data: { long2: 'word '.repeat(40).trim(), long3: 'averyveryverylongwordwithoutanyspaces'.repeat(5), long4: 'x'.repeat(79) + ' y z', long5: 'x'.repeat(80) + ' y z', long6: 'a  b'.repeat(30) } },
  { spec: { list: [{ name: 'a', value: 'This is a long value inside a sequence that needs folding once it passes the eighty column mark ok' }] } },
  { deep: { a: { b: { c: { d: { e: 'This is a long deep value inside nested maps that needs folding once it passes the eighty column mark for sure' } } } } } },
  { data: { quoted: '"this string starts with a double quote and is long enough to be folded by the emitter for sure yes"', single: "'single quoted and long enough to be folded by the emitter for sure yes indeed it is very long'" } },
  { data: { esc: 'tab\there and a long string so that the double quoted style needs to be folded at some point after eighty chars', esc2: 'a\tb  c  d  e  f  g  h  i  j  k  l  m  n  o  p  q  r  s  t  u  v  w  x  y  z  a  b  c  d  e' } },
  { nums: NUMBERS, strs: ['1', '1.5', '1e3', '0x10'], bools: [true, false] },
  { data: { 'a\nb': 'multi-line key', ['k'.repeat(129)]: 'long key', ['k'.repeat(128)]: 'key of 128' } },
  { data: { lit: ' leading space\nsecond', lit2: '\nleading newline', lit3: 'trailing newlines\n\n\n', lit4: 'x\n', lit5: 'only\n \n', lit6: 'a\n\tb\n' } },
];

const yamlCases = [];
const objs = [];
hand.forEach((h, i) => objs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `hand-${i}`, annotations: { note: 'x' } }, ...h }));
for (let i = 0; i < 300; i++) {
  const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `rand-${i}`, annotations: { note: String(pick(TRICKY)) || 'x' } } };
  const n = 1 + Math.floor(rnd() * 5);
  for (let j = 0; j < n; j++) o[pick(['data', 'spec', 'status', 'x', 'y', 'zz'])] = value(0);
  objs.push(o);
}
for (const o of objs) {
  const j = oracle(o, 'json');
  if (j.code !== 0) { console.error('oracle failed for', o.metadata.name, j.stderr); continue; }
  const y = oracle(o, 'yaml');
  yamlCases.push({ name: o.metadata.name, input: j.stdout, yaml: y.stdout, yamlStderr: y.stderr, yamlCode: y.code, json: j.stdout });
}
fs.writeFileSync(path.join(HERE, 'yaml-json.json'), JSON.stringify(yamlCases, null, 1) + '\n');
console.log('yaml/json cases:', yamlCases.length);

// ------------------------------------------------------------------------------------------ jsonpath
const pod = JSON.parse(fs.readFileSync(path.join(HERE, 'pod.json'), 'utf8'));
const TEMPLATES = JSON.parse(fs.readFileSync(path.join(HERE, 'jsonpath-templates.json'), 'utf8'));
const jp = [];
for (const t of TEMPLATES) {
  for (const mode of ['jsonpath', 'jsonpath-as-json']) {
    if (mode === 'jsonpath-as-json' && !t.json) continue;
    const r = oracle(pod, `${mode}=${t.t}`);
    jp.push({ template: t.t, mode, ...r });
  }
}
fs.writeFileSync(path.join(HERE, 'jsonpath.json'), JSON.stringify(jp, null, 1) + '\n');
console.log('jsonpath cases:', jp.length);
fs.rmSync(TMP, { recursive: true, force: true });
