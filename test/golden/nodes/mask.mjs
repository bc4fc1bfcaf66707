// Masks for the node-verb goldens: random pod-name suffixes become -xxxxx, and what kubectl prints from
// parallel goroutines or Go map iteration (runs of `evicting pod …` / `pod/… evicted` lines, the parts of a
// `Warning: a; b` line, the refusals in a `[cannot delete …, cannot delete …]` aggregate) is put in a fixed
// order, so that only the lines themselves are compared.
export function mask(text) {
  const lines = text.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-xxxxx')
    .replace(/^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'W0000 00:00:00.000000       0 ').split('\n')
    .map(l => (l.startsWith('Warning: ') ? 'Warning: ' + l.slice(9).split('; ').sort().join('; ') : l))
    // an aggregate of drain's refusals comes in Go map order: `[cannot delete …, cannot delete …]`
    .map(l => l.replace(/\[(cannot delete [^\]]*)\]/, (_m, inner) => `[${inner.split(/, (?=cannot delete )/).sort().join(', ')}]`));
  const key = l => (l.startsWith('evicting pod ') ? 'evicting' : /^pod\/\S+ (evicted|deleted)$/.test(l) ? 'gone' : undefined);
  for (let i = 0; i < lines.length;) {
    const k = key(lines[i]);
    let j = i + 1;
    if (k) while (j < lines.length && key(lines[j]) === k) j++;
    lines.splice(i, j - i, ...lines.slice(i, j).sort());
    i = j;
  }
  return lines.join('\n');
}

/** The describe mask, plus: rows of the Non-terminated Pods table in a fixed order (pods whose names differ
 *  only in their random suffix sort differently from one cluster to the next). */
export async function describeMask() {
  const { mask: base } = await import('../describe/mask.mjs');
  return text => {
    const lines = base(text).split('\n');
    const i = lines.findIndex(l => /^ {2}---------\s+----\s+/.test(l));
    if (i >= 0) {
      let j = i + 1;
      while (j < lines.length && /^ {2}\S/.test(lines[j]) && !lines[j].startsWith('  (')) j++;
      lines.splice(i + 1, j - i - 1, ...lines.slice(i + 1, j).sort());
    }
    return lines.join('\n');
  };
}
