// The cluster's random generator (src/sim/rng.ts): mulberry32 from a stored seed, every value drawn as
// floor(next() * n) (hex digits eight a draw), so that a cluster replays the same way (the default cluster's template replays a bootstrap's
// draws with the new cluster's seed). Held here to a plain reference implementation, draw for draw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './helpers.mjs';

const { Rng } = createRequire(import.meta.url)(path.join(ROOT, 'dist', 'harness.js'));

function reference(seed) {
  let state = seed >>> 0;
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = n => Math.floor(next() * n);
  const chars = (alphabet, n) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  // eight hex digits a draw: its 32 bits as eight digits, the last draw's lowest digits for what is left
  const hex = n => {
    let out = '';
    for (let i = 0; i < n; i += 8) {
      const digits = Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
      out += digits.slice(8 - Math.min(8, n - i));
    }
    return out;
  };
  return {
    int, hex, suffix: (n = 5) => chars('bcdfghjklmnpqrstvwxz2456789', n),
    uuid: () => { const h = hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`; },
    state: () => state,
  };
}

test('every draw is the reference mulberry32 draw, and the state saved at commit is where the sequence stands', () => {
  for (const seed of [0, 1, 12345, 0x7fffffff, 0xfffffffe, 946684800]) {
    const meta = new Map([['rng', String(seed)]]);
    let part;
    const store = { getMeta: k => meta.get(k), setMeta: (k, v) => meta.set(k, v), participate: p => { part = p; } };
    const rng = new Rng(store);
    const ref = reference(seed);
    for (let i = 0; i < 200; i++) {
      const op = i % 5;
      if (op === 0) assert.equal(rng.uuid(), ref.uuid());
      else if (op === 1) assert.equal(rng.hex(64), ref.hex(64));
      else if (op === 2) assert.equal(rng.suffix(5), ref.suffix(5));
      else if (op === 3) assert.equal(rng.int(1000), ref.int(1000));
      else assert.equal(rng.hex(13 + (i % 7)), ref.hex(13 + (i % 7)));
    }
    part.flush();
    assert.equal(meta.get('rng'), String(ref.state()));
    assert.equal(rng.hex(0), '');
  }
});
