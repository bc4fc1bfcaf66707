// The ages kubectl's describe computes from its own host's clock (the AGE of an event, and of a node's pods):
// where kctl prints them from the cluster's clock. Through `kctl serve` (KCTL_VIA_KUBECTL=1) the two clocks
// differ by a few seconds, so these cells alone are compared as durations: an age kubectl printed must be the
// golden's age plus the measured difference between the clocks, to HumanDuration's precision. Everything
// else in the table (type, reason, count, source, message; a pod's requests and limits) and every other line
// must be the same text.

/** The durations (seconds, [lo, hi)) that k8s.io/apimachinery's duration.HumanDuration prints as `s`. */
export function humanRange(s) {
  if (s === '<invalid>') return [-Infinity, -1];
  if (s === '0s') return [-2, 1];
  let m;
  if ((m = s.match(/^(\d+)s$/))) return [+m[1], +m[1] + 1];
  if ((m = s.match(/^(\d+)m(\d+)s$/))) { const v = +m[1] * 60 + +m[2]; return [v, v + 1]; }
  if ((m = s.match(/^(\d+)m$/))) { const v = +m[1] * 60; return [v, v + (+m[1] < 10 ? 1 : 60)]; }
  if ((m = s.match(/^(\d+)h(\d+)m$/))) { const v = +m[1] * 3600 + +m[2] * 60; return [v, v + 60]; }
  if ((m = s.match(/^(\d+)h$/))) { const v = +m[1] * 3600; return [v, v + (+m[1] < 8 ? 60 : 3600)]; }
  if ((m = s.match(/^(\d+)d(\d+)h$/))) { const v = +m[1] * 86400 + +m[2] * 3600; return [v, v + 3600]; }
  if ((m = s.match(/^(\d+)d$/))) { const v = +m[1] * 86400; return [v, v + (+m[1] < 8 ? 3600 : 86400)]; }
  return undefined;
}

/** An age printed `exp` on a clock that stood `[dLo, dHi]` seconds behind the one that printed `act`. */
function agesAgree(exp, act, dLo, dHi) {
  const e = humanRange(exp), a = humanRange(act);
  if (!e || !a) return exp === act;
  return e[0] + dLo < a[1] && a[0] < e[1] + dHi;
}
/** An event's age cell: `10m`, or `2m (x5 over 10m)` (the count is the server's, and must be the same). */
function eventAgesAgree(exp, act, dLo, dHi) {
  const re = /^(\S+)(?: \(x(\d+) over (\S+)\))?$/;
  const e = exp.match(re), a = act.match(re);
  if (!e || !a) return exp === act;
  if (e[2] !== a[2] || !agesAgree(e[1], a[1], dLo, dHi)) return false;
  return e[3] === undefined || agesAgree(e[3], a[3], dLo, dHi);
}

const TABLES = [
  { header: /^\s+Type\s+Reason\s+Age\s+From\s+Message$/, columns: ['Type', 'Reason', 'Age', 'From', 'Message'], age: 2, agree: eventAgesAgree },
  { header: /^\s+Namespace\s+Name\s+CPU Requests\s+CPU Limits\s+Memory Requests\s+Memory Limits\s+Age$/,
    columns: ['Namespace', 'Name', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age'], age: 6, agree: agesAgree },
];

/** The age tables of a text: where each starts and ends (lines), its kind, its rows split into cells at the
 *  header's columns (undefined when a row's cells do not start at the header's columns). */
function tables(lines) {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = TABLES.find(t => t.header.test(lines[i]));
    if (!kind || !/^\s+-+(\s+-+)+$/.test(lines[i + 1] ?? '')) continue;
    const starts = [];
    let at = 0;
    for (const c of kind.columns) { at = lines[i].indexOf(c, at); starts.push(at); at += c.length; }
    let j = i + 2;
    while (j < lines.length && lines[j].startsWith(' '.repeat(starts[0])) && lines[j].length > starts[0] && lines[j][starts[0]] !== ' ') j++;
    const rows = lines.slice(i + 2, j).map(row => {
      if (starts.slice(1).some(s => row[s - 1] !== ' ')) return undefined;
      return starts.map((s, k) => row.slice(s, starts[k + 1] ?? row.length).trimEnd());
    });
    out.push({ from: i, to: j, kind, rows });
    i = j - 1;
  }
  return out;
}

/**
 * `actual` (kubectl's describe, masked) with each age table in which every row has a counterpart in the same
 * table of `expected` (the same cells, and ages that agree with a clock `[dLo, dHi]` seconds ahead) replaced
 * by `expected`'s table; any other difference is left in place for the assertion to show.
 */
export function withClientAges(actual, expected, dLo, dHi) {
  const act = actual.split('\n'), exp = expected.split('\n');
  const ta = tables(act), te = tables(exp);
  if (ta.length !== te.length) return actual;
  for (let n = ta.length - 1; n >= 0; n--) {
    const a = ta[n], e = te[n];
    if (a.kind !== e.kind || a.rows.length !== e.rows.length || a.rows.some(r => !r) || e.rows.some(r => !r)) continue;
    const free = [...a.rows];
    const same = (x, y) => x.every((c, k) => (k === a.kind.age ? a.kind.agree(c, y[k], dLo, dHi) : c === y[k]));
    const matched = e.rows.every(er => {
      const k = free.findIndex(ar => ar && same(er, ar));
      if (k < 0) return false;
      free[k] = undefined;
      return true;
    });
    if (matched) act.splice(a.from, a.to - a.from, ...exp.slice(e.from, e.to));
  }
  return act.join('\n');
}
