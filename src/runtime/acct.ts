// CPU accounting read back: the average rate over metrics-server's window from the one-second buckets the
// kernel keeps (Box.chargeCpu). Shared by the usage provider (src/runtime/usage.ts) and the test harness.
import type { Box } from './kernel';

/** metrics-server's resolution: the CPU rate over the last 15 s. */
export const WINDOW_MS = 15_000;

/** Average CPU (millicores) of a box's accounted CPU over the window ending at `now`. */
export function windowMillicores(box: Box, now: number): number {
  const a = box.s.acct;
  if (!a) return 0;
  const nowSec = Math.floor(now / 1000);
  const from = nowSec - WINDOW_MS / 1000 + 1;
  let ms = 0;
  for (let i = 0; i < a.b.length; i++) {
    const sec = a.t - (a.b.length - 1 - i);
    if (sec >= from && sec <= nowSec) ms += a.b[i] ?? 0;
  }
  // the window is shorter while the container is young
  const span = Math.max(1000, Math.min(WINDOW_MS, now - box.s.started));
  return (ms / span) * 1000;
}

