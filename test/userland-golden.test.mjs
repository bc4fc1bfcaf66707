// The userland's differential corpus (test/golden/userland/): every snippet, in every shell dialect it
// was recorded for, must print what the real busybox ash / dash / bash and their commands printed —
// stdout, stderr and exit status — after the normalizers the case names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { loadCases, loadExpected, compare } from './golden/userland/lib.mjs';

const h = createRequire(import.meta.url)('../dist/harness.js');
const cases = await loadCases();
const byArea = new Map();
for (const c of cases) { if (!byArea.has(c.area)) byArea.set(c.area, []); byArea.get(c.area).push(c); }
for (const [area, list] of byArea) {
  const exp = loadExpected(area);
  test(`userland corpus: ${area} (${list.length} cases)`, () => {
    const diffs = [];
    for (const c of list) {
      assert.ok(exp[c.name], `${area}/${c.name} has no recording (run node test/golden/userland/record.mjs ${area})`);
      for (const d of c.in) { const diff = compare(h, d, c, exp[c.name][d]); if (diff) diffs.push(diff); }
    }
    assert.equal(diffs.length, 0, diffs.join('\n'));
  });
}
