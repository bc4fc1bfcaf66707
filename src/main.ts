// kctl entry point.
import { run } from './cli/program';

process.exitCode = run(process.argv.slice(2));
// For `npm run bench`: report this process's peak memory.
if (process.env.KCTL_REPORT_MAXRSS) process.stderr.write(`kctl-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
