// Masks for describe outputs: what differs between two clusters built the same way (random uids, names,
// IDs, node choice, wall-clock dates), replaced by same-length text so alignment is still checked.
// Go prints map keys (ConfigMap data) in random order, so cases keep to one key per map.
// Event rows are sorted: events recorded in the same instant list in an arbitrary (name) order.
export function mask(text) {
  let t = text
    .replace(/\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, 'Mon, 01 Jan 2000 00:00:00 +0000')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, m => '2000-01-01T00:00:00' + m.slice(19).replace(/\d/g, '0'))
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, m => m.replace(/[0-9a-f]/g, 'x'))
    .replace(/\b[0-9a-f]{64}\b/g, 'x'.repeat(64))
    .replace(/\b[0-9a-f]{32}\b/g, 'x'.repeat(32))
    .replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}(\b|(?=_))/g, '-xxxxx')
    .replace(/kctl-worker2?/g, 'NODE')
    .replace(/172\.18\.0\.\d+/g, '172.18.0.N')
    .replace(/10\.244\.\d+\.\d+/g, '10.244.N.N')
    .replace(/(Resource Version:\s+)\d+/g, '$1N')
    .replace(/\b(hello-)\d{8}\b/g, '$1NNNNNNNN')
    .replace(/in [\d.]+m?s \([\d.]+m?s including waiting\)/g, 'in Xs (Xs including waiting)');
  const lines = t.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s+----\s+------\s+----\s+----\s+-------$/.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && /^  (Normal|Warning)/.test(lines[j])) j++;
    const rows = lines.slice(i + 1, j).sort();
    lines.splice(i + 1, rows.length, ...rows);
  }
  return lines.join('\n');
}
