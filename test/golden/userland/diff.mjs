// Developer tool: run the corpus through dist/harness.js and print every difference from the recording.
// Usage: node test/golden/userland/diff.mjs [area] [name-substring]
import { createRequire } from 'node:module';
import { loadCases, loadExpected, compare } from './lib.mjs';
const h = createRequire(import.meta.url)('../../../dist/harness.js');
const [area, filter] = process.argv.slice(2);
const cases = await loadCases(area && area !== 'all' ? [area] : undefined);
let bad = 0, n = 0;
for (const c of cases) {
  if (filter && !c.name.includes(filter)) continue;
  const exp = loadExpected(c.area)[c.name];
  if (!exp) { console.log(`${c.area}/${c.name}: not recorded`); continue; }
  for (const d of c.in) {
    n++;
    let diff;
    try { diff = compare(h, d, c, exp[d]); } catch (e) { diff = `${c.area}/${c.name} [${d}] threw ${e.stack}`; }
    if (diff) { bad++; console.log(diff); }
  }
}
console.log(`${n - bad}/${n} match`);
