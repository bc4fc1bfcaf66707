// CronJob schedules as the cronjob controller reads them (robfig/cron v3 ParseStandard): five fields or a
// descriptor (@yearly, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>), day-of-month and
// day-of-week combined with OR unless either is a bare `*`/`?` (robfig's star bit), in the CronJob's time
// zone (UTC when unset, as kind's controller-manager runs). croner computes the times (loaded on the first
// schedule read, not at start-up); @every is a constant delay from the previous time, whole seconds.
import type { Cron as CronT } from 'croner';

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

export interface Schedule { next(afterMs: number): number | undefined }

/** Go's time.ParseDuration for @every (h, m, s, ms, us, ns; fractions allowed). */
function goDurationMs(s: string): number | undefined {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;
  let total = 0, used = 0, m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const unit = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ns'];
    total += Number(m[1]) * unit;
    used += m[0].length;
  }
  return s.length && used === s.length ? total : undefined;
}

/** robfig's star bit: a field that is `*` or `?` (possibly `*\/1`) in one of its comma parts. */
function hasStar(field: string): boolean {
  return field.split(',').some(p => {
    const [range, step] = p.split('/');
    return (range === '*' || range === '?') && (step === undefined || Number(step) <= 1);
  });
}

/** The schedule of a CronJob, or undefined when it cannot be parsed. */
export function parseSchedule(spec: string, timeZone?: string): Schedule | undefined {
  let s = spec.trim();
  let tz = timeZone || 'UTC';
  const m = s.match(/^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/);
  if (m) { tz = m[1]!; s = m[2]!; }
  if (s.startsWith('@every ')) {
    const d = goDurationMs(s.slice(7).trim());
    if (d === undefined) return undefined;
    const delay = Math.max(1000, Math.floor(d / 1000) * 1000);
    return { next: after => Math.floor(after / 1000) * 1000 + delay };
  }
  if (s.startsWith('@')) { const d = DESCRIPTORS[s]; if (!d) return undefined; s = d; }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return undefined;
  const and = hasStar(fields[2]!) || hasStar(fields[4]!);
  let cron: CronT;
  try {
    const { Cron } = require('croner') as typeof import('croner');
    cron = new Cron(fields.join(' '), { mode: '5-part', timezone: tz, sloppyRanges: true, domAndDow: and, paused: true });
  } catch { return undefined; }
  return {
    next(after: number) {
      // strictly after `after`, on a whole second
      const from = new Date(Math.floor(after / 1000) * 1000);
      const n = cron.nextRun(from);
      return n ? n.getTime() : undefined;
    },
  };
}

/** A time zone Go's time.LoadLocation knows (IANA names; UTC). */
export function validTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === 'GMT') return true;
  try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; }
}

/** time.Time.In(loc).Format(time.RFC3339): the wall time in the zone with its offset (Z for UTC). */
export function rfc3339In(ms: number, tz?: string): string {
  const zone = tz || 'UTC';
  const d = new Date(Math.floor(ms / 1000) * 1000);
  if (zone === 'UTC') return d.toISOString().replace('.000Z', 'Z');
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(d).map(p => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const off = Math.round((wall - d.getTime()) / 60_000);
  const p2 = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const offStr = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p2(off / 60)}:${p2(off % 60)}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offStr}`;
}
