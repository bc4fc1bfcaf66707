// Masks for the node-verb goldens: random pod-name suffixes become -xxxxx, and what kubectl prints from
// parallel goroutines or Go map iteration (runs of `evicting pod …` / `pod/… evicted` lines, the parts of a
// `Warning: a; b` line) is put in a fixed order, so that only the lines themselves are compared.
export function mask(text) {
  const lines = text.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-xxxxx')
    .replace(/^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'W0000 00:00:00.000000       0 ').split('\n')
    .map(l => (l.startsWith('Warning: ') ? 'Warning: ' + l.slice(9).split('; ').sort().join('; ') : l));
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
