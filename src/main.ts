// kctl entry point.
import { run } from './cli/program';

const code = run(process.argv.slice(2));
// For `npm run bench`: report this process's peak memory and CPU time (all threads, from the start).
const report = () => {
  if (!process.env.KCTL_REPORT_MAXRSS) return;
  const u = process.resourceUsage();
  process.stderr.write(`kctl-maxrss-kb ${u.maxRSS}\nkctl-cpu-us ${u.userCPUTime + u.systemCPUTime}\n`);
};
// A verb that waits on I/O (cluster backup) finishes asynchronously.
if (typeof code === 'number') { process.exitCode = code; report(); } else void code.then(c => { process.exitCode = c; report(); });
