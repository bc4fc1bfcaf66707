const D = require('better-sqlite3');
const dump = f => { const db = new D(f, { readonly: true }); const o = {};
  o.objects = db.prepare('SELECT gr, ns, name, uid, rv, node, dkey, exp, json FROM objects ORDER BY gr, ns, name').all().map(r => JSON.stringify(r));
  o.meta = db.prepare("SELECT key, hex(value) v FROM meta WHERE key NOT IN ('last_tick') ORDER BY key").all().map(r => JSON.stringify(r));
  o.timers = db.prepare('SELECT due, type, key FROM timers ORDER BY type, key').all().map(r => JSON.stringify(r));
  for (const t of ['rt_state', 'rt_files', 'rt_logs', 'rt_layers', 'interned', 'owners']) o[t] = db.prepare(`SELECT * FROM ${t}`).all().map(r => JSON.stringify(r, (k, v) => (v && v.type === 'Buffer') ? Buffer.from(v.data).toString('hex') : v)).sort();
  return o; };
const a = dump(process.argv[2]), b = dump(process.argv[3]);
for (const k of Object.keys(a)) { const x = a[k], y = b[k]; let diff = 0, first; for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) { diff++; first ??= [x[i], y[i]]; } console.log(k, x.length, y.length, 'diff', diff, first ? JSON.stringify(first).slice(0, 600) : ''); }
