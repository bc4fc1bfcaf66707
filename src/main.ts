// kctl entry point.
import { run } from './cli/program';

const code = run(process.argv.slice(2));
if (typeof code === 'number') done(code);
else code.then(done);
function done(c: number): void {
  process.exitCode = c;
  // For `npm run bench`: report this process's peak memory.
  if (process.env.KCTL_REPORT_MAXRSS) process.stderr.write(`kctl-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
}
